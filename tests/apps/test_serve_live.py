"""``xlahp serve`` as Excel meets it: a live server on 127.0.0.1 (uvicorn, a free port),
its connections held open or fed slowly, large and long calls, and xlwings Server's
own JavaScript client running in Node against it.

Every request goes to this machine's loopback address; each loop is bounded in count
and time, and the servers stop with the module.  Slow: each server takes seconds to
start (xlwings Server's imports), and the deadlines are waited out.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from xlahp import udfs
from xlahp.apps import serve
from xlahp.core import paper, triads
from xlahp.sheet.registry import REGISTRY

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
HOST = "127.0.0.1"
CALL = "/xlwings/custom-functions-call"
TABLE2 = [list(r) for r in paper.TABLE2]
FIG8 = [list(r) for r in paper.FIG8]

# a server with the deadlines shortened, to watch them act without waiting 5 and 10 s
SHORT = {"HEADER_TIMEOUT": 1, "BODY_TIMEOUT": 2}
LAUNCH = ("import json, sys\nfrom xlahp.apps import serve\n"
          "for name, value in json.loads(sys.argv[2]).items(): setattr(serve, name, value)\n"
          "serve.run(port=int(sys.argv[1]))\n")


def body(name, args):
    return json.dumps({"func_name": name, "args": args, "version": "0.37.8",
                       "client": "Office.js", "runtime": "1.4",
                       "caller_address": "[alliance.xlsx]一対比較!C20",
                       "culture_info_name": "ja-JP", "date_format": "yyyy/MM/dd"},
                      ensure_ascii=False).encode()


class Live:
    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.base = f"http://{HOST}:{port}"

    def request(self, method, path, payload=None, timeout=30):
        """(status, text, seconds) of one request on a fresh connection."""
        start = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            connection.request(method, path, payload, {"Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        return response.status, text, time.perf_counter() - start

    def call(self, name, args, timeout=30):
        return self.request("POST", CALL, body(name, args), timeout)


def start(tmp_path_factory, command):
    pytest.importorskip("xlwings_server", reason="xlwings Server is the extra xlahp[server]")
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(XLWINGS_LICENSE_KEY="noncommercial", PYTHONPATH=str(ROOT))
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, *command(port)], stdout=out,
                                   stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    live = Live(port, log)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if live.request("GET", "/", timeout=2)[0] == 200:
                return process, live
        except OSError:
            assert time.monotonic() < deadline, "xlahp serve did not answer within 60 s"
            time.sleep(0.2)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """``xlahp serve`` as shipped."""
    process, server = start(tmp_path_factory,
                            lambda port: ["-m", "xlahp.apps.cli", "serve", "--port", str(port)])
    yield server
    stop(process)


@pytest.fixture(scope="module")
def short(tmp_path_factory):
    """``xlahp serve`` with the deadlines of SHORT."""
    process, server = start(tmp_path_factory,
                            lambda port: ["-c", LAUNCH, str(port), json.dumps(SHORT)])
    yield server
    stop(process)


def weights_of(text):
    return [round(row[0], 3) for row in json.loads(text)["result"]]


# --- refusals --------------------------------------------------------------------------

def test_a_callers_mistake_is_a_one_line_400_and_no_traceback_in_the_log(live):
    """The 500s of the adversarial run: an unknown function, no version, =VALUE_RATIO(G6),
    =AHP_RI(5,,)."""
    sent = [
        json.dumps({"func_name": "AHP_WEIGHTS", "args": [TABLE2, None], "client": "Office.js",
                    "runtime": "1.4"}).encode(),
        body("NO_SUCH_FUNCTION", []),
        body("VALUE_RATIO", [[[0.8]]]),
        body("AHP_RI", [[[5]], None, None]),
    ]
    answers = [live.request("POST", CALL, payload) for payload in sent]
    assert [a[0] for a in answers] == [400] * 4
    assert all("\n" not in a[1] for a in answers)
    assert answers[1][1] == "unknown function 'NO_SUCH_FUNCTION'"
    assert answers[2][1].startswith("VALUE_RATIO(actual, target, [direction]) takes 2 to 3")
    log = live.log.read_text()
    assert "Traceback" not in log and "Exception in ASGI application" not in log


# --- load: idle connections, a large call, a long computation --------------------------

def test_idle_connections_and_a_2_mb_call_leave_excel_answered_within_1_s(live):
    """64 connections that never send a byte (they filled uvicorn's 64 slots: 503 for
    everyone) and a 2 MB range (xlwings converted it cell by cell on the event loop for
    ~90 s) while Excel loads the manifest and computes 表2's weights."""
    idle = [socket.create_connection((HOST, live.port)) for _ in range(64)]
    opened = time.monotonic()
    try:
        n = 1000  # 1000×1000 ones: 2.9 MB
        large = body("AHP_WEIGHTS", [[[1] * n] * n, None])
        assert len(large) > 2_000_000
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(live.request, "POST", CALL, large, 120)
            time.sleep(0.2)  # the large body is being sent or parsed
            manifest = live.request("GET", "/manifest.xml", timeout=10)
            table2 = live.call("AHP_WEIGHTS", [TABLE2, None], timeout=10)
            refused = pending.result(timeout=120)
        for s in idle:  # all still open: they were held while Excel was answered
            s.setblocking(False)
            with pytest.raises(BlockingIOError):
                s.recv(1)
    finally:
        closed = _wait_closed(idle, serve.HEADER_TIMEOUT + 5)
    assert manifest[0] == 200 and "<OfficeApp" in manifest[1] and manifest[2] < 1
    assert table2[0] == 200 and table2[2] < 1
    assert weights_of(table2[1]) == list(paper.TABLE2_WEIGHTS) == [0.637, 0.258, 0.105]
    assert refused[:2] == (413, f"AHP_WEIGHTS: {n * n:,} cells in one call, more than "
                                f"{serve.MAX_CELLS:,}; pass smaller ranges")
    # and the idle connections are closed after the shipped header deadline
    assert max(closed) - opened < serve.HEADER_TIMEOUT + 3


def _wait_closed(sockets, seconds):
    """When each socket saw the server close it (monotonic time; inf if not within *seconds*)."""
    closed = [float("inf")] * len(sockets)
    end = time.monotonic() + seconds
    for s in sockets:
        s.setblocking(True)
        s.settimeout(0.05)
    while time.monotonic() < end and float("inf") in closed:
        for k, s in enumerate(sockets):
            if closed[k] == float("inf"):
                try:
                    if s.recv(1024) == b"":
                        closed[k] = time.monotonic()
                except socket.timeout:
                    pass
                except OSError:
                    closed[k] = time.monotonic()
    for s in sockets:
        s.close()
    return closed


def test_a_long_computation_leaves_the_server_answering(short):
    """AHP_TRIADS_MAX for n = 15 at 1 % computes the exact distribution of 15 items
    (seconds): it runs beside the event loop, which answers the manifest meanwhile;
    its own answer is not cut by the deadlines, which bound the client, not the work."""
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        pending = pool.submit(short.call, "AHP_TRIADS_MAX", [[[15]], [[0.01]], None], 120)
        expected = pool.submit(triads.limit, 15, 0.01)  # the same, computed here meanwhile
        time.sleep(0.2)
        manifest = short.request("GET", "/manifest.xml", timeout=10)
        answered = time.monotonic()
        status, text, seconds = pending.result(timeout=120)
    assert manifest[0] == 200 and manifest[2] < 1
    assert started + seconds > answered, "the computation ended before the manifest was asked"
    assert seconds > SHORT["BODY_TIMEOUT"] and status == 200
    assert json.loads(text)["result"] == [[expected.result(timeout=120)]]


# --- deadlines ---------------------------------------------------------------------------

def test_idle_and_slow_connections_are_closed_at_their_deadline(short):
    """Idle; headers sent a line every 0.25 s (uvicorn's keep-alive timer stops at the
    first byte); headers complete but the body sent a byte every 0.25 s; a connection
    kept alive after its answer. Each is closed at its deadline, not before."""
    header, body_deadline = SHORT["HEADER_TIMEOUT"], SHORT["BODY_TIMEOUT"]

    def watch(kind):
        s = socket.create_connection((HOST, short.port))
        opened = time.monotonic()
        if kind == "kept alive":
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            s.settimeout(5)
            assert b"200 OK" in s.recv(4096)
            opened = time.monotonic()
        elif kind == "slow body":
            s.sendall(b"POST " + CALL.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        elif kind == "slow headers":
            s.sendall(b"GET /manifest.xml HTTP/1.1\r\n")
        s.settimeout(0.25)
        for _ in range(80):  # 20 s at most
            try:
                if s.recv(4096) == b"":
                    break
            except socket.timeout:
                pass
            except OSError:
                break
            try:
                s.sendall({"slow body": b"1", "slow headers": b"X-Slow: 1\r\n"}.get(kind, b""))
            except OSError:
                break
        s.close()
        return time.monotonic() - opened

    kinds = ["idle", "slow headers", "slow body", "kept alive"]
    with ThreadPoolExecutor(len(kinds)) as pool:
        lived = dict(zip(kinds, pool.map(watch, kinds)))
    for kind, deadline in [("idle", header), ("slow headers", header),
                           ("slow body", body_deadline), ("kept alive", header)]:
        assert deadline - 0.3 < lived[kind] < deadline + 2.5, (kind, lived)


# --- xlwings Server's JavaScript, in Node, as Excel runs it -----------------------------

CLIENT = ROOT / "tests" / "js" / "excel_client.mjs"


def node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (.ci/run installs it): the Excel client "
                    "test runs xlwings Server's JavaScript in Node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    if int(version.lstrip("v").split(".")[0]) < 18:
        pytest.skip(f"Node.js {version.strip()} lacks fetch; the Excel client test needs 18+")
    return node


def upper(matrix, empty):
    """The upper triangle as Excel passes a range whose lower cells are empty: null in
    Excel on the web and current desktop builds, 0 in older desktop builds (office-js
    issues #4702, #5262)."""
    return [[v if j >= i else empty for j, v in enumerate(row)] for i, row in enumerate(matrix)]


STATEMENT = [["科目 Item", "当期", "前期", "目標"],
             ["売上高", paper.STATEMENT_CURRENT["売上高"], None, paper.STATEMENT_TARGET["売上高"]],
             ["当期純利益", paper.STATEMENT_CURRENT["当期純利益"],
              paper.STATEMENT_PREVIOUS["当期純利益"], paper.STATEMENT_TARGET["当期純利益"]],
             ["総資産", paper.STATEMENT_CURRENT["総資産"], None, None]]


def answers_of(matrix, items):
    """図9's questionnaire rows (item, other, the more important, intensity) for *matrix*."""
    return [[items[i], items[j], items[i] if matrix[i][j] >= 1 else items[j],
             matrix[i][j] if matrix[i][j] >= 1 else round(1 / matrix[i][j])]
            for i in range(len(items)) for j in range(i + 1, len(items))]


EXCEL_CALLS = [
    {"name": "AHP_WEIGHTS", "args": [TABLE2]},                       # 表2, method omitted
    {"name": "AHP_WEIGHTS", "args": [upper(FIG8, None)]},            # 図8, web: null
    {"name": "AHP_WEIGHTS", "args": [upper(FIG8, 0)]},               # 図8, older desktop: 0
    {"name": "AHP_SUMMARY", "args": [upper(FIG8, None)]},            # spills 8×2
    {"name": "AHP_MATRIX", "args": [answers_of(paper.FIG8, paper.CRITERIA),
                                    [[c] for c in paper.CRITERIA]]},  # spills 5×5
    {"name": "FIN_INDICATOR", "args": ["売上高純利益率", STATEMENT]},   # a value and a range
    {"name": "AHP_CR", "args": [upper(FIG8, None), "saaty"]},
    # refused: the cell shows #VALUE! with the message, and Excel does not retry
    {"name": "AHP_WEIGHTS", "args": [[[1, 2, 3]]]},
    {"name": "VALUE_RATIO", "args": [0.8], "exact": True},           # =VALUE_RATIO(G6)
    {"name": "AHP_WEIGHTS", "args": [[[1] * 400] * 400]},            # 0.46 MiB, 160,000 cells
]


def test_xlwings_javascript_client_computes_the_papers_figures(live):
    done = subprocess.run([node_or_skip(), str(CLIENT)], capture_output=True, text=True,
                          input=json.dumps({"base": live.base, "calls": EXCEL_CALLS}),
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert sorted(out["associated"]) == sorted(out["ids"]) == sorted(REGISTRY)
    results = out["results"]
    assert [r["attempts"] for r in results] == [[200]] * 7 + [[400], [400], [413]]
    table2, fig8_web, fig8_desktop, summary, matrix, margin, cr = (
        r["value"] for r in results[:7])
    assert [round(r[0], 3) for r in table2] == list(paper.TABLE2_WEIGHTS)
    assert [round(r[0], 3) for r in fig8_web] == list(paper.FIG8_WEIGHTS)
    assert fig8_desktop == fig8_web
    assert len(summary) == 8 and summary[-1] == ["verdict 判定", "妥当 OK"]
    assert [[round(v, 4) for v in row] for row in matrix] == \
        [[round(v, 4) for v in row] for row in paper.FIG8]
    assert round(margin[0][0], 1) == -1.2
    assert cr == [[udfs.AHP_CR(FIG8, "saaty")]]
    errors = [r["error"] for r in results[7:]]
    assert errors == [
        {"code": "#VALUE!", "message": "AHP_WEIGHTS: matrix is 1×3, must be square"},
        {"code": "#VALUE!", "message": "VALUE_RATIO(actual, target, [direction]) takes 2 "
                                       "to 3 arguments; the call passes 1"},
        {"code": "#VALUE!", "message": "AHP_WEIGHTS: 160,000 cells in one call, more than "
                                       f"{serve.MAX_CELLS:,}; pass smaller ranges"},
    ]

