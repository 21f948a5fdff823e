"""The worksheet functions as Excel (and xlwings) see them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlahp import udfs
from xlahp.core import consistency
from xlahp.sheet import functions
from xlahp.core import paper
from xlahp.errors import XlahpError
from xlahp.udfs import DOC_MAX, REGISTRY

SPEC_FUNCTIONS = ["AHP_WEIGHTS", "AHP_LAMBDA", "AHP_CI", "AHP_RI", "AHP_CR", "AHP_TRIADS",
                  "AHP_TRIADS_MAX", "AHP_TRIADS_P", "AHP_SUMMARY", "AHP_MATRIX", "AHP_SUGGEST",
                  "FIN_INDICATOR", "BANKRUPTCY_INDEX", "VALUE_INDEX", "VALUE_CONTRIB"]
FIG8 = [list(r) for r in paper.FIG8]


def test_registry_holds_the_spec_functions():
    assert set(SPEC_FUNCTIONS) <= set(REGISTRY)
    for name, f in REGISTRY.items():
        assert f.name == name and getattr(udfs, name).__name__ == name


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_help_texts_fit_excel(name):
    f = REGISTRY[name]
    assert 20 < len(f.description) <= DOC_MAX
    assert all(0 < len(doc) <= DOC_MAX for _, doc in f.args)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_no_function_name_is_a_cell_address(name):
    """A1 or R1C1: letters then digits (XFD1048576 is the last cell) would clash."""
    import re
    assert not re.fullmatch(r"[A-Z]{1,3}\d+|R\d*C\d*", name)


def test_weights_come_back_as_a_column():
    w = udfs.AHP_WEIGHTS(FIG8)
    assert len(w) == 5 and all(len(r) == 1 and isinstance(r[0], float) for r in w)
    assert abs(sum(r[0] for r in w) - 1) < 1e-12


def test_scalars_are_plain_python_numbers():
    for value in (udfs.AHP_LAMBDA(FIG8), udfs.AHP_CI(FIG8), udfs.AHP_CR(FIG8),
                  udfs.AHP_RI(5), udfs.AHP_TRIADS_P(0, 5)):
        assert type(value) is float
    assert type(udfs.AHP_TRIADS(FIG8)) is int and type(udfs.AHP_TRIADS_MAX(5)) is int


def test_omitted_optional_arguments_arrive_as_none():
    assert udfs.AHP_WEIGHTS(FIG8, None) == udfs.AHP_WEIGHTS(FIG8)
    assert udfs.AHP_CR(FIG8, None) == udfs.AHP_CR(FIG8, "")
    assert udfs.AHP_TRIADS_MAX(7, None, None) == 3


def test_summary_block():
    block = udfs.AHP_SUMMARY(FIG8)
    assert [row[0] for row in block] == [
        "n 項目数", "λmax", "C.I. 整合度指標", "RI", "C.R. (= SuperDecisions Inconsistency)",
        "N.C. 一巡三角形", "N.C. limit 許容上限 (α=0.05)", "verdict 判定"]
    values = [row[1] for row in block]
    assert values[0] == 5 and round(values[1], 3) == 5.248
    assert round(values[2], 4) == 0.0620 and values[3] == 1.12 and round(values[4], 4) == 0.0554
    assert values[5:] == [0, 0, "妥当 OK"]


def test_matrix_from_answers_feeds_the_other_functions():
    answers = [["A", "B", "A", "やや重要"], ["A", "C", "A", "かなり重要"],
               ["B", "C", "B", "3"], ["", "", "", ""]]
    m = udfs.AHP_MATRIX(answers)
    assert [round(v, 4) for v in m[1]] == [0.3333, 1.0, 3.0]
    assert [round(r[0], 3) for r in udfs.AHP_WEIGHTS(m)] == list(paper.TABLE2_WEIGHTS)


def test_unanswered_pairs_stay_blank_in_the_matrix():
    m = udfs.AHP_MATRIX([["A", "B", "A", 3], ["B", "C", "", None], ["A", "C", "C", 2]])
    assert m[1][2] == "" and m[2][1] == ""


def test_suggest_lists_header_then_judgments():
    """Weights 8:4:2:1 judged consistently, except C:D typed as 1/4 instead of 2: the
    top suggestion is that pair, reported from its ≥ 1 side (D:C = 4), with w_D/w_C."""
    cells = [["", "A", "B", "C", "D"], ["A", 1, 2, 4, 8], ["B", None, 1, 2, 4],
             ["C", None, None, 1, "1/4"], ["D", None, None, None, 1]]
    rows = udfs.AHP_SUGGEST(cells, 2)
    assert rows[0] == ["item 項目", "vs 相手", "judgment 現在値", "fits weights 整合値",
                       "nearest scale 推奨値"]
    assert len(rows) == 3
    item, other, judgment, fitted, scale = rows[1]
    w = dict(zip("ABCD", (r[0] for r in udfs.AHP_WEIGHTS(cells))))
    assert (item, other, judgment) == ("D", "C", 4.0)
    assert fitted == pytest.approx(w["D"] / w["C"])
    assert scale == consistency.nearest_scale_value(fitted)


@pytest.mark.parametrize("call,message", [
    (lambda: udfs.AHP_WEIGHTS([[1] * 5] * 4), "AHP_WEIGHTS: matrix is 4×5, must be square"),
    (lambda: udfs.AHP_CR([[1] * 11] * 11, "saaty"), "AHP_CR: no saaty RI for n=11"),
    (lambda: udfs.AHP_CI([[1, "#N/A"], [None, 1]]), "AHP_CI: .* holds the Excel error #N/A"),
    (lambda: udfs.AHP_TRIADS(FIG8, "fuzzy"), "AHP_TRIADS: mode 'fuzzy' is unknown"),
    (lambda: udfs.AHP_TRIADS_MAX(12, 0.05, "published"), "AHP_TRIADS_MAX: .*covers n = 3…9"),
    (lambda: udfs.AHP_TRIADS_P(99, 5), "AHP_TRIADS_P: count is 99"),
    (lambda: udfs.AHP_RI("#VALUE!"), "AHP_RI: n holds the Excel error #VALUE!"),
    (lambda: udfs.AHP_LAMBDA([[1, float("nan")], [None, 1]]), "AHP_LAMBDA: .*NaN"),
    (lambda: udfs.AHP_MATRIX([["A", "B", "A"]]), "AHP_MATRIX: answers has 3 columns"),
    (lambda: udfs.AHP_SUGGEST(FIG8, 0), "AHP_SUGGEST: k is 0"),
    (lambda: udfs.AHP_SUMMARY(FIG8, None, 0.2), "AHP_SUMMARY: the published table"),
])
def test_bad_input_raises_a_message_naming_the_function(call, message):
    with pytest.raises(XlahpError, match=message):
        call()


def test_classic_excel_gets_the_message_as_cell_text(monkeypatch):
    monkeypatch.setattr(udfs, "ERRORS_AS_TEXT", True)
    assert udfs.AHP_WEIGHTS([[1] * 5] * 4) == "AHP_WEIGHTS: matrix is 4×5, must be square"
    assert udfs.AHP_CR(FIG8) == pytest.approx(0.0554, abs=5e-5)


def test_refused_input_is_xlwings_own_user_error():
    """xlwings Server answers an XlwingsError with 400 and its message (no retries)."""
    import xlwings as xw

    with pytest.raises(udfs.RefusedInput) as refused:
        udfs.AHP_WEIGHTS([[1] * 5] * 4)
    assert isinstance(refused.value, XlahpError) and isinstance(refused.value, xw.XlwingsError)
    assert str(refused.value) == "AHP_WEIGHTS: matrix is 4×5, must be square"


def test_an_unexpected_failure_is_still_a_short_message(monkeypatch):
    """… but not a refused input: under xlwings Server a bug stays a server error (500)."""
    def broken(*args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(functions, "weights", broken)
    with pytest.raises(XlahpError, match=r"AHP_WEIGHTS: could not compute \(ZeroDivisionError"
                       ) as failure:
        udfs.AHP_WEIGHTS(FIG8)
    assert not isinstance(failure.value, udfs.RefusedInput)


def test_reference_lists_every_function_with_optional_arguments_bracketed():
    text = udfs.reference()
    assert "### `AHP_WEIGHTS(matrix, [method])`" in text
    assert "### `AHP_TRIADS_P(count, n)`" in text
    assert text.count("### ") == len(REGISTRY)


# --- through xlwings itself --------------------------------------------------

XLWINGS_PROBE = textwrap.dedent("""
    import asyncio, json, sys
    import xlwings as xw
    from xlwings.server import custom_functions_call, custom_functions_meta
    import xlahp.udfs as module

    calls = json.loads(sys.stdin.read())
    out = {"meta": custom_functions_meta(module), "calls": []}
    for name, args in calls:
        data = {"func_name": name, "args": args, "version": xw.__version__,
                "client": "Office.js", "runtime": "1.4", "caller_address": "Sheet1!A1",
                "culture_info_name": "ja-JP", "date_format": "yyyy/MM/dd"}
        try:
            out["calls"].append(asyncio.run(custom_functions_call(data, module)))
        except Exception as error:
            out["calls"].append({"error": type(error).__name__, "message": str(error)})
    print(json.dumps(out))
""")

# (function, arguments as Office.js sends them: ranges 2-D, a single cell 1×1, None if omitted)
CALLS = [
    ("AHP_WEIGHTS", [FIG8, None]),
    ("AHP_WEIGHTS", [[["", "A", "B"], ["A", 1, "1/3"], ["B", "", 1]], [["geomean"]]]),
    ("AHP_CR", [FIG8, None]),
    ("AHP_RI", [[[5]], [["saaty"]]]),
    ("AHP_TRIADS", [FIG8, None]),
    ("AHP_TRIADS_MAX", [[[9]], [[0.1]], None]),
    ("AHP_TRIADS_P", [[[0]], [[5]]]),
    ("AHP_SUMMARY", [FIG8, None, None]),
    ("AHP_WEIGHTS", [[[1, 2, 3]], None]),
]


@pytest.fixture(scope="module")
def through_xlwings():
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial",
               PYTHONPATH=str(Path(__file__).parents[2]))
    done = subprocess.run([sys.executable, "-c", XLWINGS_PROBE], input=json.dumps(CALLS),
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_xlwings_call_path_returns_the_direct_result(through_xlwings):
    results = through_xlwings["calls"]
    direct = [
        udfs.AHP_WEIGHTS(FIG8),
        udfs.AHP_WEIGHTS([["", "A", "B"], ["A", 1, "1/3"], ["B", "", 1]], "geomean"),
        udfs.AHP_CR(FIG8), udfs.AHP_RI(5, "saaty"), udfs.AHP_TRIADS(FIG8),
        udfs.AHP_TRIADS_MAX(9, 0.1), udfs.AHP_TRIADS_P(0, 5), udfs.AHP_SUMMARY(FIG8),
    ]
    for got, want in zip(results, direct):
        want = want if isinstance(want, list) else [[want]]
        assert got == json.loads(json.dumps(want))
    assert results[-1] == {"error": "RefusedInput",
                           "message": "AHP_WEIGHTS: matrix is 1×3, must be square"}


def test_worksheet_module_imports_nothing_heavier_than_numpy(tmp_path):
    """Under xlwings Lite the decorators come from a light module; stand one in and
    check what importing xlahp.udfs pulls in."""
    stub = tmp_path / "xlwings"
    stub.mkdir()
    (stub / "__init__.py").write_text(
        "def func(f=None, **kw):\n    return f if f else (lambda g: g)\n"
        "def arg(*a, **kw):\n    return lambda f: f\n"
        "def ret(*a, **kw):\n    return lambda f: f\n")
    from xlahp.apps.cli import HEADLESS  # the [headless] extra's modules, named once

    heavy = sorted(HEADLESS | {"scipy", "matplotlib", "xlahp.workbook.engine", "xlahp.apps.cli"})
    probe = (f"import sys, xlahp.udfs as u; heavy = {heavy!r}; "
             "print(sorted(set(heavy) & set(sys.modules)), len(u.REGISTRY))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(Path(__file__).parents[2])]))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "[]"


# --- finance and value functions ----------------------------------------------

STATEMENT = [["科目 Item", "当期", "前期", "目標"],
             ["売上高", paper.STATEMENT_CURRENT["売上高"], None, paper.STATEMENT_TARGET["売上高"]],
             ["当期純利益", paper.STATEMENT_CURRENT["当期純利益"],
              paper.STATEMENT_PREVIOUS["当期純利益"], paper.STATEMENT_TARGET["当期純利益"]],
             ["総資産", paper.STATEMENT_CURRENT["総資産"], None, None]]


PAPER_FIVE = ("売上高", "売上高純利益率", "負債比率", "総資本回転率", "利益成長率")


def paper_value_inputs():
    """The 目標比較 sheet's inputs for A社: each indicator scored on FIN_LEVEL's item
    (the level behind a rate) or on itself, current, target and base (前期) read with
    FIN_INDICATOR as the template does; 負債比率 as printed (no statement figures)."""
    w = udfs.AHP_WEIGHTS(FIG8)
    levels = [udfs.FIN_LEVEL(n) for n in PAPER_FIVE]

    def figure(name, level, period):
        return (udfs.FIN_ITEM(level, STATEMENT, period) if level else
                udfs.FIN_INDICATOR(name, STATEMENT, period))

    actual = [[paper.PRINTED_CURRENT["負債比率"]] if n == "負債比率" else [figure(n, lv, "当期")]
              for n, lv in zip(PAPER_FIVE, levels)]
    target = [[None] if n in ("負債比率", "総資本回転率") else [figure(n, lv, "目標")]
              for n, lv in zip(PAPER_FIVE, levels)]
    base = [[figure(n, lv, "前期")] if lv else [None] for n, lv in zip(PAPER_FIVE, levels)]
    direction = [[udfs.FIN_DIRECTION(n)] for n in PAPER_FIVE]
    return w, actual, target, direction, base


def test_value_index_of_the_paper_case():
    """Scores: 売上高 8,968,546/10,500,000 (a ratio); 売上高純利益率 and 利益成長率 on their
    level, 当期純利益, a loss: progress (−106,961 + 787,337)/(200,000 + 787,337) from
    前期; weights renormalised over those three."""
    w, actual, target, direction, base = paper_value_inputs()
    weights = [r[0] for r in w]
    scores = {0: 8968546 / 10500000, 1: 680376 / 987337, 4: 680376 / 987337}
    covered = sum(weights[i] for i in scores)
    expected = sum(weights[i] * r for i, r in scores.items()) / covered
    found = udfs.VALUE_INDEX(w, actual, target, direction, None, base)
    assert found == pytest.approx(expected, rel=1e-12)
    assert round(found, 4) == 0.6971
    assert udfs.VALUE_COVERAGE(w, actual, target, direction, None, base) == pytest.approx(covered)
    contrib = udfs.VALUE_CONTRIB(w, actual, target, direction, None, base)
    assert contrib[2] == [""] and contrib[3] == [""]
    assert sum(r[0] for r in contrib if r[0] != "") == pytest.approx(expected)
    assert [udfs.VALUE_MEASURE(a, t, None, b) for [a], [t], [b] in zip(actual, target, base)
            if t is not None] == ["比率 ratio", "進捗 progress", "進捗 progress"]


def test_value_ratio_and_bankruptcy_index():
    assert udfs.VALUE_RATIO(80, 100) == 0.8
    assert udfs.VALUE_RATIO(520.3, 400, -1) == pytest.approx(400 / 520.3)
    statement = [["", "当期"], ["売上高", 100], ["営業費用", 80], ["支払利息", 5],
                 ["流動資産", 60], ["総負債", 50], ["総資産", 120], ["自己資本", 70],
                 ["当期純利益", 7]]
    parts = [100 / 85, 60 / 50, 100 / 120, 70 / 50, 70 / 63]
    assert udfs.BANKRUPTCY_INDEX(statement) == pytest.approx(sum(parts) / 5)
    weights = [[0.20], [0.15], [0.30], [0.10], [0.25]]
    assert udfs.BANKRUPTCY_INDEX(statement, weights) == pytest.approx(
        sum(w[0] * p for w, p in zip(weights, parts)))


@pytest.mark.parametrize("call,message", [
    (lambda: udfs.FIN_INDICATOR("売上高純利益率", [["", "当期"], ["売上高", 100]]),
     "FIN_INDICATOR: .*当期純利益"),
    (lambda: udfs.FIN_INDICATOR("魔法の比率", STATEMENT), "FIN_INDICATOR: .*魔法の比率"),
    (lambda: udfs.VALUE_INDEX([[0.5], [0.5]], [[1], [2]], [[None], [None]]),
     "VALUE_INDEX: no indicator has a target"),
    (lambda: udfs.VALUE_INDEX([[0.5], [0.5]], [[1], [2]], [[0], [None]], None, "ratio"),
     "VALUE_INDEX: no indicator can be scored: indicator 1 .target ≤ 0"),
    (lambda: udfs.VALUE_INDEX([[0.5], [-0.5]], [[1], [2]], [[1], [1]]),
     "VALUE_INDEX: weight 2 is -0.5"),
    (lambda: udfs.VALUE_INDEX([[0.5], [0.5]], [[1], ["#N/A"]], [[1], [1]]),
     "VALUE_INDEX: actual cell 2 holds the Excel error #N/A"),
    (lambda: udfs.VALUE_INDEX([[0.5, 0.5], [1, 1]], [[1], [2]], [[1], [1]]),
     "VALUE_INDEX: weights is 2×2; give one row or one column"),
    (lambda: udfs.VALUE_CONTRIB([[1]], [[-5]], [[10]], "lower"),
     "VALUE_CONTRIB: no indicator can be scored: indicator 1 .actual -5 is not positive"),
    (lambda: udfs.VALUE_RATIO(1, 1, "sideways"), "VALUE_RATIO: .*sideways"),
    (lambda: udfs.BANKRUPTCY_INDEX(STATEMENT, [[1], [2]]), "BANKRUPTCY_INDEX: weights has 2"),
])
def test_finance_bad_input_is_explained(call, message):
    with pytest.raises(XlahpError, match=message):
        call()
