"""EDINET API v2 fetch, against recorded responses — never the real API.

tests/filings/edinet_api/*.json are responses of the live API captured by
kokubee/edinet-replay (Apache-2.0; provenance in tests/filings/PROVENANCE.md).
A fake transport serves them; one test runs the real urllib transport against
a server on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

import pytest

from xlahp.errors import XlahpError
from xlahp.imports import api, fetch, read_filing

RECORDED = Path(__file__).parents[1] / "filings" / "edinet_api"
ZIP = (Path(__file__).parents[1] / "filings" / "S100DE5C.zip").read_bytes()
KEY = "test-key-not-a-secret"
JSON = "application/json; charset=utf-8"


class Recorded:
    """A transport answering each request with the next response, noting the URLs."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.urls = []

    def __call__(self, url, timeout):
        self.urls.append(url)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def test_fetch_by_document_id(tmp_path):
    transport = Recorded((200, "application/octet-stream", ZIP))
    path = fetch(doc_id="S100DE5C", key=KEY, transport=transport, dest=tmp_path)
    assert path == tmp_path / "S100DE5C.zip" and path.read_bytes() == ZIP
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(transport.urls[0]).query)
    assert transport.urls[0].startswith(f"{api.BASE}/documents/S100DE5C?")
    assert query == {"type": ["1"], "Subscription-Key": [KEY]}
    assert read_filing(path).edinet_code == "E05739"


def test_csv_form_asks_type_5(tmp_path):
    transport = Recorded((200, "application/octet-stream", ZIP))
    fetch(doc_id="S100DE5C", key=KEY, transport=transport, dest=tmp_path, form="csv")
    assert "type=5" in transport.urls[0]


def test_missing_key(tmp_path, monkeypatch):
    monkeypatch.delenv("EDINET_API_KEY", raising=False)
    with pytest.raises(XlahpError, match="no EDINET API key: set EDINET_API_KEY"):
        fetch(doc_id="S100DE5C", transport=Recorded((200, "", ZIP)), dest=tmp_path)


def test_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EDINET_API_KEY", KEY)
    transport = Recorded((200, "application/octet-stream", ZIP))
    fetch(doc_id="S100DE5C", transport=transport, dest=tmp_path)
    assert f"Subscription-Key={KEY}" in transport.urls[0]


def test_document_that_does_not_exist(tmp_path):
    """The live API answers an unknown docID with HTTP 200 and a JSON 404."""
    transport = Recorded((200, JSON, recorded("not_found.json")))
    with pytest.raises(XlahpError) as caught:
        fetch(doc_id="S100ZZZZ", key=KEY, transport=transport, dest=tmp_path)
    message = str(caught.value)
    assert "EDINET API error 404 (Not Found) for document S100ZZZZ" in message
    assert "no such document" in message and KEY not in message
    assert not list(tmp_path.iterdir())  # nothing written


def test_refused_key_inside_a_200(tmp_path):
    """The gateway's answer to a wrong key (shape as observed by edinet-replay)."""
    body = json.dumps({"StatusCode": 401, "message": "Access denied due to invalid "
                       "subscription key."}).encode()
    with pytest.raises(XlahpError, match="refused the key .401: Access denied.*EDINET_API_KEY"):
        fetch(doc_id="S100DE5C", key="wrong", transport=Recorded((200, JSON, body)),
              dest=tmp_path)


def test_bad_request_inside_a_200():
    with pytest.raises(XlahpError, match="error 400 .Bad Request. for the document list of 2025-06-27"):
        api.documents_on(dt.date(2025, 6, 27), KEY, Recorded((200, JSON, recorded("bad_request.json"))))


def test_http_error(tmp_path):
    with pytest.raises(XlahpError, match="HTTP 503 for document S100DE5C"):
        fetch(doc_id="S100DE5C", key=KEY, transport=Recorded((503, "text/html", b"busy")),
              dest=tmp_path)


def test_not_a_document_id(tmp_path):
    with pytest.raises(XlahpError, match="not an EDINET document ID"):
        fetch(doc_id="../etc", key=KEY, transport=Recorded((200, "", ZIP)), dest=tmp_path)


def test_document_list():
    documents = api.documents_on(dt.date(2025, 6, 27), KEY,
                                 Recorded((200, JSON, recorded("documents_success.json"))))
    assert [(d["docID"], d["docTypeCode"]) for d in documents] == [
        ("S100W830", "180"), ("S100W81U", "130")]


def listing(*documents) -> bytes:
    return json.dumps({"metadata": {"status": "200", "message": "OK"},
                       "results": list(documents)}).encode()


def test_an_amendment_is_not_the_annual_report():
    """レンゴー's entry in the recorded list is a 訂正有価証券報告書 (docTypeCode 130)."""
    day = Recorded((200, JSON, recorded("documents_success.json")))
    with pytest.raises(XlahpError, match="no 有価証券報告書 of E00659 for a fiscal year ending in 2025"):
        api.find_annual_report("E00659", 2025, KEY, day)


def test_find_annual_report_by_edinet_code(tmp_path):
    original = json.loads(recorded("documents_success.json"))["results"][1]
    annual = {**original, "docID": "S100W3X3", "docTypeCode": "120", "parentDocID": None,
              "periodEnd": "2025-03-31"}
    empty = (200, JSON, listing())
    transport = Recorded(*[empty] * 10, (200, JSON, listing(annual)),
                         (200, "application/octet-stream", ZIP))
    path = fetch(edinet_code="E00659", fiscal_year=2025, key=KEY, transport=transport,
                 dest=tmp_path)
    assert path.name == "S100W3X3.zip"
    assert "date=2025-02-01" in transport.urls[0] and "date=2025-02-11" in transport.urls[10]
    assert transport.urls[-1].startswith(f"{api.BASE}/documents/S100W3X3?")


class _Server(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — the http.server API
        self.server.paths.append(self.path)
        body = ZIP if self.path.startswith("/documents/S100DE5C") else recorded("not_found.json")
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream" if body is ZIP else JSON)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_urllib_transport_against_a_local_server(tmp_path, monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setattr(api, "BASE", f"http://127.0.0.1:{server.server_port}")
        path = fetch(doc_id="S100DE5C", key=KEY, dest=tmp_path, timeout=10)
        assert path.read_bytes() == ZIP
        with pytest.raises(XlahpError, match="error 404"):
            fetch(doc_id="S100ZZZZ", key=KEY, dest=tmp_path, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert server.paths[0] == f"/documents/S100DE5C?type=1&Subscription-Key={KEY}"


def test_unreachable_api(tmp_path, monkeypatch):
    monkeypatch.setattr(api, "BASE", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(XlahpError, match="could not be reached"):
        fetch(doc_id="S100DE5C", key=KEY, dest=tmp_path, timeout=5)
