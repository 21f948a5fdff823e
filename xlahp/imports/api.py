"""EDINET API v2 — fetching a filing for a user who has a key.

Two endpoints (EDINET API仕様書 Version 2): the document list of one
submission date, ``documents.json?date=YYYY-MM-DD&type=2``, and one document,
``documents/{docID}?type=1`` (the XBRL zip) or ``type=5`` (the CSV zip).  The
key is the user's ``EDINET_API_KEY``, sent as the ``Subscription-Key`` query
parameter; no message ever shows a URL, so the key never reaches a terminal.

EDINET answers errors in two ways: an HTTP status, or HTTP 200 with a JSON body
whose ``metadata.status`` (or ``StatusCode`` for a refused key) says the error
— the document request then returns JSON instead of a zip.  Both become one
:class:`~xlahp.errors.XlahpError` each.

The network is reached through *transport*, a callable ``(url, timeout) →
(status, content type, body)``; tests pass recorded responses, the default is
:mod:`urllib`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from xlahp.errors import XlahpError, one_line
from xlahp.workbook.files import atomic_output

BASE = "https://api.edinet-fsa.go.jp/api/v2"
KEY_VARIABLE = "EDINET_API_KEY"
SIGNUP = "https://api.edinet-fsa.go.jp/api/auth/index.aspx?mode=1"
#: docTypeCode of 有価証券報告書 and 半期報告書 (EDINET API仕様書, 書類種別コード).
ANNUAL, SEMIANNUAL = "120", "160"
TYPES = {"xbrl": "1", "csv": "5"}
#: Most bytes a download may be; the largest XBRL zips are some tens of MiB.
MAX_DOWNLOAD_BYTES = 200 * 2**20
#: An annual report is due within three months of the year end; the window of
#: submission dates searched for one fiscal year (year ending in that calendar year).
SEARCH_FROM, SEARCH_DAYS = (2, 1), 430

Transport = Callable[[str, float], tuple[int, str, bytes]]
_DOC_ID = re.compile(r"S1[0-9A-Z]{6}")


def urllib_transport(url: str, timeout: float) -> tuple[int, str, bytes]:
    """GET *url*: (HTTP status, content type, body), whatever the status."""
    request = urllib.request.Request(url, headers={"User-Agent": "xlahp"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_DOWNLOAD_BYTES + 1)
            return response.status, response.headers.get("Content-Type", ""), body
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read(2**16)
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise XlahpError(f"EDINET API could not be reached ({one_line(str(reason))})") from None


def fetch(edinet_code: str | None = None, fiscal_year: int | None = None,
          doc_id: str | None = None, key: str | None = None,
          transport: Transport | None = None, dest: str | Path = ".",
          form: str = "xbrl", timeout: float = 60.0) -> Path:
    """Download one filing into *dest* (``{docID}.zip``) and return its path.

    Either *doc_id*, or *edinet_code* and *fiscal_year* (the calendar year the
    fiscal year ends in: 2025 for the year to 2025-03-31): the document lists
    are searched day by day from February of that year for the filer's
    有価証券報告書 whose period ends in it (its latest amendment is not chosen
    over the original).  *form* is ``"xbrl"`` (type=1) or ``"csv"`` (type=5).
    """
    key = key or os.environ.get(KEY_VARIABLE, "")
    if not key:
        raise XlahpError(f"no EDINET API key: set {KEY_VARIABLE} (a key is issued free at "
                         f"{SIGNUP})")
    if form not in TYPES:
        raise XlahpError(f"form must be one of {', '.join(TYPES)}, not {form!r}")
    transport = transport or urllib_transport
    dest = Path(dest)
    if not dest.is_dir():
        raise XlahpError(f"{dest}: is not a folder to download into")
    if doc_id is None:
        if not edinet_code or not fiscal_year:
            raise XlahpError("give a document ID (S100XXXX), or an EDINET code and a fiscal year")
        doc_id = find_annual_report(edinet_code, int(fiscal_year), key, transport, timeout)
    if not _DOC_ID.fullmatch(doc_id):
        raise XlahpError(f"{doc_id!r} is not an EDINET document ID (S1 and six letters or digits)")
    status, content_type, body = transport(
        _url(f"documents/{doc_id}", {"type": TYPES[form]}, key), timeout)
    what = f"document {doc_id}"
    if status != 200:
        raise XlahpError(f"EDINET API answered HTTP {status} for {what}"
                         f"{_reason(body)}")
    if not body.startswith(b"PK"):
        _json_error(body, what)
        raise XlahpError(f"EDINET API did not return a zip for {what} "
                         f"(content type {content_type or 'unknown'})")
    if len(body) > MAX_DOWNLOAD_BYTES:
        raise XlahpError(f"EDINET API returned more than {MAX_DOWNLOAD_BYTES // 2**20} MiB "
                         f"for {what}")
    target = dest / f"{doc_id}.zip"
    with atomic_output(target) as temporary:
        temporary.write_bytes(body)
    return target


def find_annual_report(edinet_code: str, fiscal_year: int, key: str, transport: Transport,
                       timeout: float = 60.0) -> str:
    """The document ID of *edinet_code*'s 有価証券報告書 for the year ending in *fiscal_year*."""
    if not re.fullmatch(r"E\d{5}", edinet_code):
        raise XlahpError(f"{edinet_code!r} is not an EDINET code (E and five digits)")
    day = dt.date(fiscal_year, *SEARCH_FROM)
    last = min(day + dt.timedelta(days=SEARCH_DAYS), dt.date.today())
    while day <= last:
        for document in documents_on(day, key, transport, timeout):
            if (document.get("edinetCode") == edinet_code
                    and document.get("docTypeCode") == ANNUAL
                    and (document.get("periodEnd") or "").startswith(str(fiscal_year))
                    and document.get("withdrawalStatus", "0") == "0"):
                return str(document["docID"])
        day += dt.timedelta(days=1)
    raise XlahpError(f"EDINET has no 有価証券報告書 of {edinet_code} for a fiscal year ending in "
                     f"{fiscal_year} (searched submissions {dt.date(fiscal_year, *SEARCH_FROM)} "
                     f"to {last})")


def documents_on(day: dt.date, key: str, transport: Transport,
                 timeout: float = 60.0) -> list[dict]:
    """The documents submitted on *day* (書類一覧API, type=2)."""
    what = f"the document list of {day.isoformat()}"
    status, _, body = transport(_url("documents.json", {"date": day.isoformat(), "type": "2"},
                                     key), timeout)
    if status != 200:
        raise XlahpError(f"EDINET API answered HTTP {status} for {what}{_reason(body)}")
    answer = _json_error(body, what)
    results = answer.get("results")
    if not isinstance(results, list):
        raise XlahpError(f"EDINET API answered {what} without a results list")
    return [r for r in results if isinstance(r, dict)]


def _url(path: str, query: dict[str, str], key: str) -> str:
    return f"{BASE}/{path}?{urllib.parse.urlencode({**query, 'Subscription-Key': key})}"


def _json_error(body: bytes, what: str) -> dict:
    """The JSON answer; an error inside a 200 answer raised as an XlahpError."""
    try:
        answer = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise XlahpError(f"EDINET API answered {what} with neither JSON nor a zip") from None
    if not isinstance(answer, dict):
        raise XlahpError(f"EDINET API answered {what} with unexpected JSON")
    if "StatusCode" in answer:  # the gateway's answer to a missing or wrong key
        raise XlahpError(f"EDINET API refused the key ({answer.get('StatusCode')}: "
                         f"{one_line(str(answer.get('message', '')), 100)}); check "
                         f"{KEY_VARIABLE}")
    metadata = answer.get("metadata") if isinstance(answer.get("metadata"), dict) else {}
    status = str(metadata.get("status", ""))
    if status != "200":
        message = one_line(str(metadata.get("message", "")), 100)
        hint = {"404": ": no such document, or it is not (or no longer) public",
                "400": ": the request was not accepted (date or document ID)",
                "401": f": the key was refused; check {KEY_VARIABLE}"}.get(status, "")
        raise XlahpError(f"EDINET API error {status or '(no status)'} ({message}) for "
                         f"{what}{hint}")
    return answer


def _reason(body: bytes) -> str:
    try:
        answer = json.loads(body.decode("utf-8-sig"))
        message = answer.get("metadata", {}).get("message") or answer.get("message")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return ""
    return f" ({one_line(str(message), 100)})" if message else ""
