"""xlahp's functions under the real xlwings Server app (Excel on Mac and on the web).

The app runs in a subprocess of its own: xlwings chooses its decorators when it
is first imported, so the server's environment must be set before that, which a
test process that already imported :mod:`xlahp.udfs` cannot undo.  Requests go
through FastAPI's TestClient, in process: nothing listens on the network.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlahp import udfs
from xlahp.apps import cli
from xlahp.core import paper
from xlahp.apps import serve
from xlahp.sheet.registry import REGISTRY

ROOT = Path(__file__).parents[2]
FIG8 = [list(r) for r in paper.FIG8]

PROBE = textwrap.dedent("""
    import json, sys
    from xlahp.sheet import functions
    from xlahp.apps import serve
    from fastapi.testclient import TestClient

    client = TestClient(serve.create_app(), base_url="https://127.0.0.1:8000",
                        raise_server_exceptions=False)
    out = {"meta": client.get("/xlwings/custom-functions-meta").json(), "calls": []}

    def call(name, args):
        body = {"func_name": name, "args": args, "version": "0.37.8", "client": "Office.js",
                "runtime": "1.4", "caller_address": "Sheet1!B2", "culture_info_name": "ja-JP",
                "date_format": "yyyy/MM/dd"}
        r = client.post("/xlwings/custom-functions-call", json=body)
        return {"status": r.status_code, "text": r.text}

    given = json.loads(sys.stdin.read())
    for name, args in given["calls"]:
        out["calls"].append(call(name, args))
    out["raw"] = []
    for body in given["raw"]:
        r = client.post("/xlwings/custom-functions-call", content=body.encode(),
                        headers={"content-type": "application/json"})
        out["raw"].append([r.status_code, r.text])

    def broken(*args):
        raise ZeroDivisionError("division by zero in a module path /secret/internal.py")
    functions.weights = broken
    out["bug"] = call("AHP_WEIGHTS", [[[1, 2], [None, 1]], None])

    out["manifest"] = client.get("/manifest.xml").text
    out["code"] = client.get("/xlwings/custom-functions-code.js").text
    preflight = client.options("/xlwings/custom-functions-call", headers={
        "Origin": "https://excel.officeapps.live.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    out["cors"] = [preflight.status_code, preflight.headers.get("access-control-allow-origin")]
    huge = client.post("/xlwings/custom-functions-call", content=b"[" + b"0," * serve.MAX_BODY
                       + b"0]", headers={"content-type": "application/json"})
    out["huge"] = [huge.status_code, huge.text]
    print(json.dumps(out))
""")


def answers_of(matrix, items):
    """図9's questionnaire rows (item, other, the more important, intensity) that give *matrix*."""
    rows = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a = float(matrix[i][j])
            rows.append([items[i], items[j], items[i] if a >= 1 else items[j],
                         a if a >= 1 else round(1 / a)])
    return rows


STATEMENT = [["科目 Item", "当期", "前期", "目標"],
             ["売上高", paper.STATEMENT_CURRENT["売上高"], None, paper.STATEMENT_TARGET["売上高"]],
             ["当期純利益", paper.STATEMENT_CURRENT["当期純利益"],
              paper.STATEMENT_PREVIOUS["当期純利益"], paper.STATEMENT_TARGET["当期純利益"]],
             ["総資産", paper.STATEMENT_CURRENT["総資産"], None, None]]
ANSWERS = answers_of(paper.FIG8, paper.CRITERIA)


def cell(value):
    """An argument as Office.js sends it: a range 2-D, a single value 1×1, omitted None."""
    return value if isinstance(value, list) or value is None else [[value]]


# (function, arguments) — the paper's matrices, questionnaire and statement, and refusals
CALLS = [
    ("AHP_WEIGHTS", [FIG8, None]),
    ("AHP_CR", [FIG8, None]),
    ("AHP_CI", [FIG8]),
    ("AHP_TRIADS", [FIG8, None]),
    ("AHP_SUMMARY", [FIG8, None, None]),
    ("AHP_WEIGHTS", [[list(r) for r in paper.TABLE2], None]),
    ("AHP_MATRIX", [ANSWERS, [[c] for c in paper.CRITERIA]]),
    ("FIN_INDICATOR", [cell("売上高純利益率"), STATEMENT, None]),
    ("FIN_INDICATOR", [cell("利益成長率"), STATEMENT, cell("目標")]),
    ("AHP_TRIADS_MAX", [cell(9), cell(0.1), None]),
    # refused: 400 with the function's message
    ("AHP_WEIGHTS", [[[1, 2, 3]], None]),
    ("AHP_CR", [[[1] * 11] * 11, cell("saaty")]),
    ("FIN_INDICATOR", [cell("魔法の比率"), STATEMENT, None]),
]
DIRECT = [
    udfs.AHP_WEIGHTS(FIG8), udfs.AHP_CR(FIG8), udfs.AHP_CI(FIG8), udfs.AHP_TRIADS(FIG8),
    udfs.AHP_SUMMARY(FIG8), udfs.AHP_WEIGHTS([list(r) for r in paper.TABLE2]),
    udfs.AHP_MATRIX(ANSWERS, [[c] for c in paper.CRITERIA]),
    udfs.FIN_INDICATOR("売上高純利益率", STATEMENT), udfs.FIN_INDICATOR("利益成長率", STATEMENT, "目標"),
    udfs.AHP_TRIADS_MAX(9, 0.1),
]


def body(name, args, **fields):
    """A call as xlwings' custom-functions-code.js sends it, *fields* changed (None: left out)."""
    sent = {"func_name": name, "args": args, "version": "0.37.8", "client": "Office.js",
            "runtime": "1.4", "caller_address": "[alliance.xlsx]一対比較!C20",
            "culture_info_name": "ja-JP", "date_format": "yyyy/MM/dd", **fields}
    return json.dumps({k: v for k, v in sent.items() if v is not None}, ensure_ascii=False)


TABLE2 = [list(r) for r in paper.TABLE2]

# requests xlwings Server answers with a 500 and a traceback; xlahp refuses them first
# (body, status, text)
RAW = [
    (body("AHP_WIEGHTS", [TABLE2]), 400, "unknown function 'AHP_WIEGHTS'; did you mean AHP_WEIGHTS?"),
    (body("NO_SUCH", []), 400, "unknown function 'NO_SUCH'"),
    (body("AHP_WEIGHTS", [TABLE2, None], version=None), 400,
     "AHP_WEIGHTS: the request has no 'version'; xlwings' add-in sends it (reload the add-in)"),
    (body("AHP_WEIGHTS", [TABLE2, None], runtime=None), 400,
     "AHP_WEIGHTS: the request has no 'runtime'; xlwings' add-in sends it (reload the add-in)"),
    # =VALUE_RATIO(G6) and =AHP_RI(5,,)
    (body("VALUE_RATIO", [[[0.8]]]), 400,
     "VALUE_RATIO(actual, target, [direction]) takes 2 to 3 arguments; the call passes 1"),
    (body("AHP_RI", [[[5]], None, None]), 400,
     "AHP_RI(n, [table]) takes 1 to 2 arguments; the call passes 3"),
    (body("AHP_WEIGHTS", [[[1, 3], [{"type": "Entity", "text": "A社"}, 1]], None]), 400,
     "AHP_WEIGHTS: matrix is not a range of cell values (nested lists, or an object "
     "without type and basicValue)"),
    (body("AHP_WEIGHTS", [[[1] * 400] * 400, None]), 413,
     "AHP_WEIGHTS: 160,000 cells in one call, more than 20,000; pass smaller ranges"),
    ("[]", 400, "request body is not a JSON object"),
]


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("xlwings_server", reason="xlwings Server is the extra xlahp[server]")
    env = dict(os.environ, XLWINGS_LICENSE_KEY="noncommercial", PYTHONPATH=str(ROOT),
               HOME=os.environ.get("HOME", "/tmp"))
    for name in [n for n in env if n.startswith("XLWINGS_") and n != "XLWINGS_LICENSE_KEY"]:
        del env[name]
    done = subprocess.run([sys.executable, "-c", PROBE],
                          input=json.dumps({"calls": CALLS, "raw": [b for b, _, _ in RAW]}),
                          capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
def test_metadata_lists_every_function_with_its_help(server):
    """Names, help texts, and which arguments Excel may leave out."""
    meta = {f["name"]: f for f in server["meta"]["functions"]}
    assert set(meta) == set(REGISTRY)
    for name, f in REGISTRY.items():
        assert meta[name]["description"] == f.description
        params = meta[name]["parameters"]
        assert [(p["name"], p["description"]) for p in params] == list(f.args)
        required = [p for p in params if not p.get("optional")]
        assert len(required) == sum(1 for p in inspect.signature(f.func).parameters.values()
                                    if p.default is p.empty)


def test_calls_return_what_the_functions_return_directly(server):
    for (name, _), got, want in zip(CALLS, server["calls"], DIRECT):
        assert got["status"] == 200, (name, got)
        want = want if isinstance(want, list) else [[want]]
        assert json.loads(got["text"])["result"] == json.loads(json.dumps(want)), name


def test_the_papers_figures_come_back_over_http(server):
    weights, cr, ci, nc, summary, table2, matrix, margin, growth, limit = (
        json.loads(c["text"])["result"] for c in server["calls"][:10])
    assert [round(r[0], 3) for r in weights] == list(paper.FIG8_WEIGHTS)
    assert round(cr[0][0], 4) == paper.FIG8_INCONSISTENCY == 0.0554
    assert round(ci[0][0], 4) == paper.FIG8_CI and nc == [[paper.FIG8_NC]]
    assert summary[-1] == ["verdict 判定", "妥当 OK"]
    assert [round(r[0], 3) for r in table2] == list(paper.TABLE2_WEIGHTS)
    assert [round(r[0], 3) for r in udfs.AHP_WEIGHTS(matrix)] == list(paper.FIG8_WEIGHTS)
    assert round(margin[0][0], 1) == -1.2 and round(growth[0][0], 1) == 287.0
    assert limit == [[udfs.AHP_TRIADS_MAX(9, 0.1)]]


def test_refused_input_is_a_client_error_with_the_message(server):
    """400 is not among the codes Excel retries (500, 502, 503, 504)."""
    refused = server["calls"][len(DIRECT):]
    assert [c["status"] for c in refused] == [400, 400, 400]
    assert refused[0]["text"] == "AHP_WEIGHTS: matrix is 1×3, must be square"
    assert refused[1]["text"].startswith("AHP_CR: no saaty RI for n=11")
    assert refused[2]["text"].startswith("FIN_INDICATOR:") and "魔法の比率" in refused[2]["text"]


def test_requests_xlwings_cannot_answer_are_one_line_client_errors(server):
    assert server["raw"] == [[status, text] for _, status, text in RAW]


def test_calls_as_excel_sends_them_pass_the_check():
    """Excel's values: a range of numbers, text and empty cells (null), an Excel error
    and a date as rich values, an omitted optional argument (null)."""
    error = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    date = {"type": "FormattedNumber", "basicValue": 45017, "numberFormat": "yyyy/mm/dd"}
    assert serve.check_call(body("AHP_WEIGHTS", [TABLE2, None]).encode()) is None
    assert serve.check_call(body("FIN_INDICATOR", [[["売上高純利益率"]], STATEMENT, None],
                                 caller_address=None).encode()) is None
    assert serve.check_call(body("AHP_DATA", [[[1, error, date, "", None, True]], None])
                            .encode()) is None


def test_the_cell_bound_counts_every_argument():
    half = serve.MAX_CELLS // 2
    within = [[[1] * half], [[2] * half]]
    assert serve.check_call(body("VALUE_RATIO", within).encode()) is None
    over = [[[1] * half], [[2] * (half + 1)]]
    assert serve.check_call(body("VALUE_RATIO", over).encode()) == (
        413, f"VALUE_RATIO: {serve.MAX_CELLS + 1:,} cells in one call, more than "
             f"{serve.MAX_CELLS:,}; pass smaller ranges")


def test_a_body_nested_too_deep_for_json_is_refused():
    assert serve.check_call(b"[" * 100_000 + b"]" * 100_000) == (400, "request body is not JSON")


def test_a_bug_is_a_server_error_that_leaks_nothing(server):
    assert server["bug"] == {"status": 500, "text": "An error occurred."}


def test_manifest_names_the_functions_without_namespace(server):
    manifest = server["manifest"]
    assert "<Namespace" not in manifest and "Functions.Namespace" not in manifest
    assert f"<Id>{serve.MANIFEST_ID}</Id>" in manifest
    assert "https://127.0.0.1:8000/xlwings/custom-functions-meta.json" in manifest
    for name in REGISTRY:
        assert f'CustomFunctions.associate("{name}", {name});' in server["code"]


def test_excel_on_the_web_may_call_across_origins(server):
    assert server["cors"] == [200, "*"]


def test_a_body_over_the_limit_is_refused_unread(server):
    status, text = server["huge"]
    assert status == 413 and text.startswith("request body over 8 MiB")


def test_the_readme_states_the_bounds_the_server_holds_to():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Excel on Mac and on the web", 1)[1].split("\n### ", 1)[0]
    for bound in (f"headers within {serve.HEADER_TIMEOUT} s",
                  f"body within {serve.BODY_TIMEOUT} s",
                  f"up to {serve.MAX_CONNECTIONS} connections",
                  f"at most {serve.MAX_BODY // 2**20} MiB",
                  f"at most {serve.MAX_CELLS:,} cells",
                  f"at most {serve.MAX_CONCURRENT} calls at once"):
        assert bound in " ".join(section.split()), bound


# --- xlahp serve -----------------------------------------------------------------

def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "xlahp.apps.cli", *args], capture_output=True,
                          text=True, env=env, timeout=60, cwd=ROOT)


def test_serve_without_a_license_key_says_what_to_set(tmp_path):
    pytest.importorskip("xlwings_server", reason="xlwings Server is the extra xlahp[server]")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(HOME=str(tmp_path), USERPROFILE=str(tmp_path), PYTHONPATH=str(ROOT))
    done = run_cli("serve", "--port", "8799", env=env)
    assert done.returncode == 2 and done.stdout == ""
    message = done.stderr.strip()
    assert "\n" not in message and message.startswith("xlahp: Couldn't find an xlwings license key")
    assert "XLWINGS_LICENSE_KEY=noncommercial" in message and "commercial use" in message


def test_serve_without_the_extra_names_the_install_command(monkeypatch, capsys):
    monkeypatch.setattr(serve, "installed", lambda: False)
    assert cli.main(["serve"]) == 2
    assert capsys.readouterr().err == ('xlahp: xlwings Server is not installed; install it with '
                                       'pip install "xlahp[server]"\n')


@pytest.mark.parametrize("args,message", [
    (["--certfile", "cert.pem"], "--certfile and --keyfile go together"),
    (["--certfile", "no-cert.pem", "--keyfile", "no-key.pem"], "--certfile no-cert.pem: no such file"),
    (["--port", "70000"], "--port 70000: give a port from 1 to 65535"),
    (["--workers", "0"], "--workers 0: give 1 or more"),
])
def test_serve_options_are_checked_before_anything_starts(args, message, capsys):
    assert cli.main(["serve", *args]) == 2
    assert capsys.readouterr().err.startswith(f"xlahp: {message}")


def test_configure_fixes_what_the_templates_need_and_keeps_the_rest():
    env = {"XLWINGS_FUNCTIONS_NAMESPACE": "XLWINGS", "XLWINGS_ENVIRONMENT": "dev",
           "XLWINGS_CORS_ALLOW_ORIGINS": '["https://excel.example.com"]'}
    serve.configure(env)
    assert env["XLWINGS_FUNCTIONS_NAMESPACE"] == "" and env["XLWINGS_ENVIRONMENT"] == "prod"
    assert env["XLWINGS_CORS_ALLOW_ORIGINS"] == '["https://excel.example.com"]'
    project = Path(env["XLWINGS_PROJECT_DIR"])
    assert project.is_dir() and not any(project.iterdir())


# --- xlwings Lite: the wheel with numpy and xlwings only ---------------------------

LITE_PROBE = textwrap.dedent("""
    import json, os, runpy, sys
    out = {}
    import xlahp.udfs as udfs
    from xlahp.core import paper
    heavy = {"formualizer", "openpyxl", "lxml", "pandas", "xlsxwriter", "tqdm", "scipy"}
    out["heavy"] = sorted(heavy & {m.partition(".")[0] for m in sys.modules})
    fig8 = [list(r) for r in paper.FIG8]
    out["weights"] = [round(r[0], 3) for r in udfs.AHP_WEIGHTS(fig8)]
    out["cr"] = round(udfs.AHP_CR(fig8), 4)
    out["table2"] = [round(r[0], 3) for r in udfs.AHP_WEIGHTS([list(r) for r in paper.TABLE2])]
    out["summary"] = udfs.AHP_SUMMARY(fig8)[-1]
    print(json.dumps(out))
""")

# main.py as an Office.js host reads it: every function registered, under its own name
LITE_META = textwrap.dedent("""
    import json, runpy, sys, types
    import xlwings.server
    main = types.ModuleType("main")
    exec(open(sys.argv[1], encoding="utf-8").read(), main.__dict__)
    print(json.dumps(sorted(f["name"] for f in xlwings.server.custom_functions_meta(main)["functions"])))
""")


@pytest.mark.slow
def test_lite_installs_with_numpy_and_xlwings_only(tmp_path):
    """The wheel installed with --no-deps into a clean venv beside numpy and xlwings
    alone computes the paper's figures; the headless commands name their extra."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "xlahp", source / "xlahp",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel, = (tmp_path / "dist").glob("xlahp-*-py3-none-any.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_ / "python")
    vpip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*vpip, "install", "--no-deps", str(wheel)], check=True, timeout=300)
    subprocess.run([*vpip, "install", "numpy", "xlwings"], check=True, timeout=600)
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json"], capture_output=True, text=True,
                            check=True).stdout
    assert {p["name"].lower() for p in json.loads(listed)} <= {"numpy", "xlwings", "xlahp",
                                                               "pip", "setuptools"}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XLWINGS_", "PYTHON"))}
    done = subprocess.run([python, "-c", LITE_PROBE], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["heavy"] == []
    assert out["weights"] == list(paper.FIG8_WEIGHTS) and out["cr"] == 0.0554
    assert out["table2"] == list(paper.TABLE2_WEIGHTS)
    assert out["summary"] == ["verdict 判定", "妥当 OK"]

    url = f"https://files.example.com/{wheel.name}"
    xlahp = str(bin_ / "xlahp")
    done = subprocess.run([xlahp, "lite", url, "-o", str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    requirements = (tmp_path / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert requirements[1:] == ["numpy", url]
    served = dict(env, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    done = subprocess.run([python, "-c", LITE_META, str(tmp_path / "main.py")],
                          capture_output=True, text=True, env=served, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == sorted(REGISTRY)

    done = subprocess.run([xlahp, "demo", "-o", str(tmp_path / "demo")], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("xlahp: demo needs the headless tools")
    assert done.stderr.rstrip().endswith('install them with pip install "xlahp[headless]"')


@pytest.mark.parametrize("wheel,message", [
    ("http://files.example.com/xlahp-0.1.0-py3-none-any.whl", "https:// URL"),
    ("https://files.example.com/xlahp.zip", "xlahp-VERSION-py3-none-any.whl"),
    ("https://files.example.com/x y/xlahp-0.1.0-py3-none-any.whl", "one URL without spaces"),
])
def test_lite_refuses_a_wheel_location_the_add_in_cannot_use(wheel, message, tmp_path, capsys):
    assert cli.main(["lite", wheel, "-o", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err and not any(tmp_path.iterdir())


def test_lite_keeps_existing_files_unless_forced(tmp_path, capsys):
    url = "http://localhost:8080/xlahp-0.1.0-py3-none-any.whl"
    (tmp_path / "main.py").write_text("mine")
    assert cli.main(["lite", url, "-o", str(tmp_path)]) == 2
    assert "main.py exists; use --force" in capsys.readouterr().err
    assert (tmp_path / "main.py").read_text() == "mine"
    assert cli.main(["lite", url, "-o", str(tmp_path), "--force"]) == 0
    assert "from xlahp.udfs import *" in (tmp_path / "main.py").read_text()
