"""Property-based fuzzing of every worksheet function with what a sheet can hold.

Each call must end in one of two ways: a finite result of the right shape
(weights ≥ 0 summing to 1, C.I. ≥ 0, counts whole and in range, p in [0, 1] …)
or an :class:`~xlahp.errors.XlahpError` whose message starts with the
function's name and is not the catch-all "could not compute", which the
worksheet layer only uses for an exception of ours that escaped (a bug).

The bugs this fuzzing found are pinned as regression cases in
``tests/sheet/test_bad_input.py``.
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlahp.core import group
from xlahp.sheet import readers
from xlahp.core import triads
from xlahp.errors import InputError, XlahpError
from xlahp.sheet.readers import read_matrix
from xlahp.udfs import REGISTRY


#: Examples per test; raise XLAHP_FUZZ_EXAMPLES for a longer hunt (the default keeps
#: this file under a few seconds).
FUZZ = settings(max_examples=int(os.environ.get("XLAHP_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- cells -------------------------------------------------------------------

SCALE = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
TEXTS = ["", " ", "abc", "A", "１／５", "３", "1/3", "1/0", "0/0", "#N/A", "#DIV/0!",
         "#VALUE!", "#REF!", "#NAME?", "=1/3", "1e400", "1e-400", "▲5", "(12)", "-",
         "やや重要", "3 やや重要 (moderate)", "NaN", "inf", "0", "-1", "9", "1/9", "0.333",
         "1,234", "TRUE", "売上高", "当期", "目標", "higher", "lower", "eigen"]
numbers = st.one_of(
    st.sampled_from(SCALE + [1 / v for v in SCALE]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, -1.0, 1e300, -1e300, 1e-300, 5e-324, 1e15, 0.333, 0.33]),
    st.integers(-10, 10),
)
text = st.one_of(st.sampled_from(TEXTS), st.text(max_size=6),
                 st.text(alphabet="０１２３４５６７８９／．ー－", max_size=4))
cells = st.one_of(st.none(), numbers, st.booleans(), text,
                  st.lists(st.sampled_from(SCALE), max_size=2))  # a nested value: never valid


@st.composite
def grids(draw, max_side: int = 17, cell=cells):
    """A range as xlwings passes it: rows of equal length, sizes 0…max_side."""
    rows = draw(st.integers(0, max_side))
    square = draw(st.booleans())
    cols = rows if square else draw(st.integers(0, max_side))
    if rows == 0:
        return []
    return [[draw(cell) for _ in range(cols)] for _ in range(rows)]


@st.composite
def judgment_grids(draw):
    """Mostly valid matrices (scale values, reciprocals, blanks as None/""/0,
    text fractions, labels) with the odd bad cell: the inputs worth computing."""
    n = draw(st.integers(1, 16))
    blank = st.sampled_from([None, "", 0])
    values = st.sampled_from(SCALE + [1 / v for v in SCALE])
    grid: list[list] = [[1.0 if i == j else None for j in range(n)] for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            kind = draw(st.integers(0, 9))
            v = draw(values)
            if kind <= 4:
                grid[i][j] = v
                grid[j][i] = draw(blank)
            elif kind <= 6:
                grid[i][j], grid[j][i] = v, 1 / v
            elif kind == 7:
                grid[i][j] = grid[j][i] = draw(blank)
            elif kind == 8:
                grid[i][j], grid[j][i] = f"1/{int(round(1 / v))}" if v < 1 else str(int(v)), None
            else:
                grid[i][j] = draw(cells)
    if draw(st.booleans()):
        labels = [f"項目{k}" for k in range(n)]
        grid = [["", *labels]] + [[labels[i], *grid[i]] for i in range(n)]
    return grid


matrices = st.one_of(grids(), judgment_grids())
options = st.one_of(st.none(), st.just(""), text, numbers, st.booleans())


# --- outcomes ----------------------------------------------------------------

def call(name: str, *args):
    """The result, or None when the function refused the input properly."""
    try:
        return REGISTRY[name].func(*args)
    except XlahpError as error:
        message = str(error)
        assert type(error) is InputError  # a refusal, not a bug (InternalError)
        assert message.startswith(f"{name}: ") and len(message) > len(name) + 4
        assert "Traceback" not in message
        assert "\n" not in message, message
        assert "could not compute" not in message, message  # an escaped exception: a bug
        return None


def finite(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _n(matrix) -> int | None:
    try:
        return read_matrix(matrix).n
    except Exception:  # noqa: BLE001 — the worksheet function reports it
        return None


# --- functions that take a matrix --------------------------------------------

@FUZZ
@given(matrices, options)
def test_weights(matrix, method):
    w = call("AHP_WEIGHTS", matrix, method)
    if w is None:
        return
    assert all(len(row) == 1 for row in w) and len(w) == _n(matrix)
    values = [row[0] for row in w]
    assert all(finite(v) and v >= 0 for v in values)
    assert math.isclose(sum(values), 1.0, rel_tol=1e-9)


@FUZZ
@given(matrices)
def test_lambda_ci_cr(matrix):
    n = _n(matrix)
    lam, ci, cr = (call(name, matrix) for name in ("AHP_LAMBDA", "AHP_CI", "AHP_CR"))
    for x in (lam, ci, cr):
        assert x is None or finite(x)
    if n is None:
        assert lam is ci is cr is None
        return
    if ci is not None:
        assert ci >= 0
    if cr is not None:
        assert cr >= 0
    complete = read_matrix(matrix).complete
    if lam is not None and complete:
        assert lam >= n - 1e-9 * n  # Perron: λmax ≥ n for a positive reciprocal matrix


@FUZZ
@given(matrices, options)
def test_cr_with_a_table(matrix, table):
    cr = call("AHP_CR", matrix, table)
    assert cr is None or (finite(cr) and cr >= 0)


@FUZZ
@given(matrices, options)
def test_triads(matrix, mode):
    nc = call("AHP_TRIADS", matrix, mode)
    if nc is not None:
        assert type(nc) is int and 0 <= nc <= triads.max_triads(_n(matrix))


@FUZZ
@given(matrices, options, options)
def test_summary(matrix, table, alpha):
    block = call("AHP_SUMMARY", matrix, table, alpha)
    if block is None:
        return
    assert len(block) == 8 and all(len(r) == 2 and isinstance(r[0], str) for r in block)
    n, lam, ci, ri, cr, nc, limit, verdict = (r[1] for r in block)
    assert n == _n(matrix)
    assert all(finite(x) for x in (lam, ci, ri, cr)) and ci >= 0 and cr >= 0 and ri >= 0
    assert type(nc) is int and 0 <= nc <= triads.max_triads(n)
    assert type(limit) is int and -1 <= limit <= triads.max_triads(n)
    assert isinstance(verdict, str) and verdict


@FUZZ
@given(matrices, options)
def test_suggest(matrix, k):
    rows = call("AHP_SUGGEST", matrix, k)
    if rows is None:
        return
    assert len(rows) >= 1 and all(len(r) == 5 for r in rows)
    for _, _, judgment, fitted, scale in rows[1:]:
        assert all(finite(x) and x > 0 for x in (judgment, fitted, scale))


# --- scalars -------------------------------------------------------------------

scalars = st.one_of(options, st.integers(-3, 20), st.sampled_from([0.05, 0.1, 0.10, 0.01]),
                    grids(max_side=3))


@FUZZ
@given(scalars, options)
def test_ri(n, table):
    ri = call("AHP_RI", n, table)
    assert ri is None or (finite(ri) and 0 <= ri < 2)


@FUZZ
@given(scalars, scalars, options)
def test_triads_max(n, alpha, table):
    limit = call("AHP_TRIADS_MAX", n, alpha, table)
    if limit is not None:
        assert type(limit) is int and -1 <= limit <= triads.max_triads(15)


@FUZZ
@given(scalars, st.one_of(scalars, st.integers(2, 12)))
def test_triads_p(count, n):
    p = call("AHP_TRIADS_P", count, n)
    assert p is None or (finite(p) and 0 <= p <= 1)


# --- questionnaire -------------------------------------------------------------

names = st.sampled_from(["P", "R", "S", "E", "G", "A", "B", "#N/A", "", None, 1.0, "会社の財産"])
answers = st.one_of(
    grids(max_side=6),
    st.lists(st.tuples(names, names, st.one_of(names, cells),
                       st.one_of(st.sampled_from(SCALE), cells)).map(list),
             min_size=1, max_size=17),
)


@FUZZ
@given(answers, st.one_of(st.none(), grids(max_side=4, cell=names)))
def test_matrix_from_answers(rows, items):
    m = call("AHP_MATRIX", rows, items)
    if m is None:
        return
    assert 1 <= len(m) <= 15
    assert_reciprocal(m, len(m))


def assert_reciprocal(m, n: int) -> None:
    """An n×n matrix as the functions return it: 1 on the diagonal, positive finite
    judgments, blank ("") where none, a_ji = 1/a_ij."""
    assert len(m) == n and all(len(r) == n for r in m)
    for i in range(n):
        assert m[i][i] == 1.0
        for j in range(n):
            if m[i][j] == "":
                assert m[j][i] == ""
            else:
                assert finite(m[i][j]) and m[i][j] > 0
                assert math.isclose(m[i][j] * m[j][i], 1.0, rel_tol=1e-9)


# --- finance -------------------------------------------------------------------

ITEM_LABELS = ["売上高", "当期純利益", "総資産", "総負債", "自己資本", "営業費用", "支払利息",
               "流動資産", "固定資産", "株価", "発行済株式数", "配当金総額", "Net sales", "x", "", None]
HEADERS = ["", "当期", "前期", "目標", "2010/3", "前期比", None, 2010.0]
amounts = st.one_of(st.none(), st.floats(-1e12, 1e12), st.sampled_from(
    [0.0, -1.0, 1e308, 1e-308, "▲1,234", "(5)", "－", "abc", "#N/A", float("nan"), True]))


@st.composite
def statements(draw):
    if draw(st.integers(0, 4)) == 0:
        return draw(st.one_of(grids(max_side=5), options))
    width = draw(st.integers(1, 4))
    rows = [[""] + [draw(st.sampled_from(HEADERS)) for _ in range(width)]]
    for _ in range(draw(st.integers(0, 10))):
        rows.append([draw(st.sampled_from(ITEM_LABELS))] + [draw(amounts) for _ in range(width)])
    return rows


INDICATOR_NAMES = ["売上高", "売上高純利益率", "負債比率", "総資本回転率", "利益成長率", "ROE",
                   "PER", "配当利回り", "長期固定適合率", "bogus", "", None, 3.0, "#N/A"]


@FUZZ
@given(st.sampled_from(INDICATOR_NAMES), statements(),
       st.one_of(st.none(), st.sampled_from(["当期", "前期", "目標", "target", "x", "", 0.0])))
def test_fin_indicator(name, statement, period):
    x = call("FIN_INDICATOR", name, statement, period)
    assert x is None or finite(x)


@FUZZ
@given(st.one_of(st.sampled_from(INDICATOR_NAMES), options))
def test_fin_direction(name):
    assert call("FIN_DIRECTION", name) in (None, 1, -1)


@FUZZ
@given(statements(), st.one_of(st.none(), grids(max_side=6)))
def test_bankruptcy_index(statement, weights):
    x = call("BANKRUPTCY_INDEX", statement, weights)
    assert x is None or finite(x)


# --- value index ---------------------------------------------------------------

directions = st.one_of(st.none(), st.sampled_from(
    [1, -1, 1.0, -1.0, 0, 2, "higher", "lower", "低いほど良い", "高い", "+", "-", "", "up",
     "#N/A", True]))


@st.composite
def value_arguments(draw):
    n = draw(st.integers(0, 6))
    def column(cell):
        shape = draw(st.integers(0, 3))
        values = [draw(cell) for _ in range(n + (shape == 3))]
        if not values:
            return []
        return [[v] for v in values] if shape != 1 else [values]
    w = column(st.one_of(st.floats(0, 1), cells))
    a = column(st.one_of(st.floats(-1e6, 1e6), cells))
    t = column(st.one_of(st.none(), st.floats(-1e6, 1e6), cells))
    d = draw(st.one_of(directions, st.builds(lambda: None).flatmap(
        lambda _: st.just(column(directions)))))
    return w, a, t, d


@FUZZ
@given(value_arguments())
def test_value_functions(args):
    index = call("VALUE_INDEX", *args)
    contrib = call("VALUE_CONTRIB", *args)
    coverage = call("VALUE_COVERAGE", *args)
    assert (index is None) == (contrib is None) == (coverage is None)
    if index is None:
        return
    assert finite(index)
    assert finite(coverage) and 0 < coverage <= 1 + 1e-12
    assert all(len(r) == 1 and (r[0] == "" or finite(r[0]))
               for r in contrib)
    parts = [r[0] for r in contrib if r[0] != ""]
    if all(finite(p) for p in parts) and finite(index):
        assert math.isclose(math.fsum(parts), index, rel_tol=1e-9, abs_tol=1e-9)


@FUZZ
@given(st.one_of(cells, grids(max_side=2)), st.one_of(cells, grids(max_side=2)), directions)
def test_value_ratio(actual, target, direction):
    r = call("VALUE_RATIO", actual, target, direction)
    assert r is None or finite(r)


methods = st.one_of(st.sampled_from(["auto", "ratio", "progress", "rating", "best"]), options)
scales = st.one_of(st.none(), grids(max_side=3),
                   st.just([["S", 1.2, 0.5], ["A", 1.0, 0.3], ["B", None, 0.2]]))


@FUZZ
@given(st.one_of(cells, grids(max_side=2)), st.one_of(cells, grids(max_side=2)), directions,
       methods, st.one_of(cells, grids(max_side=2)), st.one_of(st.none(), cells), scales)
def test_value_score_is_bounded_or_blank(actual, target, direction, method, base, cap, scale):
    """Whatever the cells: refused, blank (no score), or a number within [0, 2]."""
    found = call("VALUE_SCORE", actual, target, direction, method, base, cap, scale)
    assert found is None or found == "" or (finite(found) and 0 <= found <= 2 + 1e-12)
    measure = call("VALUE_MEASURE", actual, target, method, base)
    assert measure in (None, "比率 ratio", "進捗 progress")


@FUZZ
@given(st.one_of(cells, st.sampled_from(INDICATOR_NAMES)))
def test_fin_level(name):
    found = call("FIN_LEVEL", name)
    assert found is None or isinstance(found, str)


@FUZZ
@given(st.one_of(cells, st.sampled_from(["売上高", "当期純利益", "Net sales", "総資本"])),
       statements(), st.one_of(st.none(), st.sampled_from(["当期", "前期", "目標", "next"])))
def test_fin_item(item, statement, period):
    found = call("FIN_ITEM", item, statement, period)
    assert found is None or finite(found)


@FUZZ
@given(cells, st.one_of(cells, st.sampled_from(["OK 全指標に目標あり", "注意 参考値: x", "未入力"])),
       st.one_of(cells, st.sampled_from(["OK 妥当", "要再検討 C.R. 0.3 ≥ 0.1"])),
       st.one_of(st.none(), cells))
def test_value_standing(index, targets, view, statement):
    overall = REGISTRY["STATUS_OVERALL"].func([[targets], [view]])
    assert overall.split(" ", 1)[0] in ("OK", "注意", "要再検討", "未入力", "債務超過", "計算不可",
                                        "入力エラー"), overall
    text = REGISTRY["VALUE_STANDING"].func(index, targets, view, statement)
    assert isinstance(text, str) and "\n" not in text
    assert text == "" or text.split(" ", 1)[0] in ("確定", "参考値", "計算不可"), text


# --- FIN_AMOUNT, BANKRUPTCY_PART and the status functions ------------------------

@FUZZ
@given(st.one_of(cells, amounts, st.text(alphabet="▲△()（）-−－,，0123456789０１２３４５６７８９.",
                                         max_size=8)))
def test_fin_amount(cell):
    x = call("FIN_AMOUNT", cell)
    assert x is None or x == "" or finite(x)


@FUZZ
@given(st.one_of(st.sampled_from(["収益力", "支払い能力", "活力", "持久力", "成長力", "Growth",
                                  "bogus"]), options), statements())
def test_bankruptcy_part(name, statement):
    x = call("BANKRUPTCY_PART", name, statement)
    assert x is None or finite(x)


def status(name: str, *args) -> str:
    """A status function's text: never a refusal, always starting with a status word."""
    from xlahp.sheet.checks import KINDS

    text = REGISTRY[name].func(*args)
    assert isinstance(text, str) and "\n" not in text, text
    assert text.split(" ", 1)[0] in KINDS, text
    return text


@FUZZ
@given(matrices, options, options)
def test_matrix_status(matrix, table, alpha):
    text = status("AHP_CHECK", matrix, table, alpha)
    if text.startswith("OK"):  # usable as it is: weights and a passing verdict exist
        assert call("AHP_SUMMARY", matrix, table, alpha)[-1][1] == "妥当 OK"


@FUZZ
@given(answers, st.one_of(st.none(), grids(max_side=4, cell=names)))
def test_answers_status(rows, items):
    text = status("AHP_CHECK_ANSWERS", rows, items)
    if text.startswith("OK"):
        assert call("AHP_MATRIX", rows, items) is not None


@FUZZ
@given(statements(), st.one_of(st.none(), grids(max_side=6)))
def test_statement_statuses(statement, weights):
    status("FIN_CHECK", statement)
    if status("BANKRUPTCY_CHECK", statement, weights).startswith("OK"):
        assert finite(call("BANKRUPTCY_INDEX", statement, weights))
        assert isinstance(call("BANKRUPTCY_DRIVERS", statement, weights), str)


@FUZZ
@given(value_arguments())
def test_targets_status(args):
    if status("VALUE_CHECK", *args).startswith("OK"):
        assert finite(call("VALUE_INDEX", *args))


# --- several evaluators ---------------------------------------------------------

@st.composite
def stacks(draw):
    """k stacked blocks, mostly valid matrices of one size (the odd bad cell, ragged
    height or different size), or any grid."""
    if draw(st.integers(0, 4)) == 0:
        return draw(grids())
    n = draw(st.integers(2, 6))
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        block = draw(judgment_grids().filter(lambda g: len(g) >= 1))
        width = len(block[0])
        if draw(st.integers(0, 3)):  # mostly: cut or pad to n×n so that blocks fit
            block = [(row + [None] * n)[:n] for row in block[:n]]
            block += [[1 if i == j else None for j in range(n)] for i in range(len(block), n)]
        elif width != n:
            block = [(row + [None] * n)[:n] for row in block]
        blocks += block
    return blocks


def _stack_size(cells):
    try:
        g = readers.read_matrices(cells)
    except Exception:  # noqa: BLE001 — the worksheet function reports it
        return None
    return g.k, g.n


respondents = st.one_of(st.none(), grids(max_side=4),
                        st.lists(st.one_of(st.sampled_from([0.0, 1.0, 2.0, 0.5, 1e308]), cells),
                                 min_size=1, max_size=5).map(lambda v: [[x] for x in v]))


@FUZZ
@given(stacks(), respondents)
def test_group_matrix(cells, lam):
    m = call("AHP_GROUP", cells, lam)
    if m is None:
        return
    assert_reciprocal(m, _stack_size(cells)[1])


@FUZZ
@given(stacks(), options, respondents)
def test_group_weights(cells, method, lam):
    w = call("AHP_GROUP_WEIGHTS", cells, method, lam)
    if w is None:
        return
    values = [row[0] for row in w]
    assert len(values) == _stack_size(cells)[1]
    assert all(finite(v) and v >= 0 for v in values)
    assert math.isclose(sum(values), 1.0, rel_tol=1e-9)


@FUZZ
@given(stacks(), options)
def test_consensus_and_agenda(cells, k):
    s = call("AHP_CONSENSUS", cells)
    assert s is None or (finite(s) and 0 <= s <= 1)
    rows = call("AHP_DISAGREE", cells, k)
    if rows is None:
        return
    assert len(rows[0]) == 5 and all(isinstance(h, str) for h in rows[0])
    spreads = [r[4] for r in rows[1:]]
    assert spreads == sorted(spreads, reverse=True)
    for a, b, low, high, spread in rows[1:]:
        assert isinstance(a, str) and isinstance(b, str) and a != b
        assert all(finite(x) and x > 0 for x in (low, high, spread))
        assert low <= high and spread >= 1



# --- the hierarchy: synthesis and sensitivity --------------------------------------

@st.composite
def hierarchy_arguments(draw):
    """Criteria weights and an m×k local-priority table, mostly well shaped (the odd
    bad cell, wrong width), or any grids."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.one_of(grids(max_side=4), options)), draw(st.one_of(grids(), options))
    k, m = draw(st.integers(1, 5)), draw(st.integers(1, 7))
    weight = st.one_of(st.floats(0, 10), st.sampled_from([0.0, 1e308, 5e-324]), cells)
    w = [[draw(weight)] for _ in range(k + (draw(st.integers(0, 5)) == 0))]
    entry = st.one_of(st.floats(0, 100), st.sampled_from([0.0, 1e308, 5e-324]), cells)
    local = [[draw(entry) for _ in range(k)] for _ in range(m)]
    return w, local


def assert_priorities(column, m=None) -> None:
    values = [row[0] for row in column]
    assert m is None or len(values) == m
    assert all(finite(v) and v >= 0 for v in values)
    assert math.isclose(sum(values), 1.0, rel_tol=1e-9)


@FUZZ
@given(hierarchy_arguments(), options)
def test_synth(args, mode):
    found = call("AHP_SYNTH", *args, mode)
    if found is not None:
        assert_priorities(found, len(args[1]))


@FUZZ
@given(hierarchy_arguments(), st.one_of(options, st.integers(0, 6)),
       st.one_of(options, st.integers(1, 30)), options)
def test_sweep(args, criterion, steps, mode):
    table = call("AHP_SWEEP", *args, criterion, steps, mode)
    if table is None:
        return
    assert all(isinstance(h, str) for h in table[0])
    ts = [row[0] for row in table[1:]]
    assert ts[0] == 0 and ts[-1] == 1 and ts == sorted(ts)
    for row in table[1:]:
        assert all(finite(x) and x >= 0 for x in row[1:])
        assert math.isclose(sum(row[1:]), 1.0, rel_tol=1e-9)


@FUZZ
@given(hierarchy_arguments(), options)
def test_critical(args, mode):
    table = call("AHP_CRITICAL", *args, mode)
    if table is None:
        return
    assert len(table[0]) == 7 and len(table) == len(args[0]) + 1
    for _, weight, lower, upper, pct, swap, swap_pct in table[1:]:
        assert finite(weight) and 0 <= weight <= 1
        for t in (lower, upper, swap):
            assert t == "" or (finite(t) and 0 <= t <= 1)
        assert lower == "" or lower <= weight
        assert upper == "" or upper >= weight
        for p in (pct, swap_pct):
            assert p == "" or (finite(p) and p >= 0)


@FUZZ
@given(value_arguments())
def test_value_critical(args):
    found = call("VALUE_CRITICAL", *args)
    assert (found is None) == (call("VALUE_INDEX", *args) is None)
    if found is not None:
        assert all(len(r) == 1 and (r[0] == "" or (finite(r[0]) and 0 <= r[0] <= 1))
                   for r in found)


@FUZZ
@given(value_arguments(), st.one_of(st.none(), grids(max_side=7)), options)
def test_value_drivers(args, names, lang):
    found = call("VALUE_DRIVERS", *args, None, None, None, None, names, lang)
    if found is not None:
        assert [len(r) for r in found] == [1, 1]
        assert all(isinstance(r[0], str) and len(r[0]) <= 255 * 4 for r in found)


@FUZZ
@given(st.one_of(grids(max_side=8), st.lists(st.one_of(st.floats(0, 10), cells), min_size=1,
                                             max_size=8).map(lambda v: [[x] for x in v])),
       st.one_of(grids(max_side=8), st.lists(st.one_of(text, cells), min_size=1,
                                             max_size=8).map(lambda v: [v])),
       st.one_of(st.none(), judgment_grids()), options)
def test_explain(weights, names, matrix, lang):
    rows = call("AHP_EXPLAIN", weights, names, matrix, lang)
    line = call("AHP_EXPLAIN_LINE", weights, names, matrix, lang)
    assert (rows is None) == (line is None)
    if rows is not None:
        assert all(len(r) == 1 and isinstance(r[0], str) and 0 < len(r[0]) <= 255 for r in rows)
        assert isinstance(line, str) and "\n" not in line


@FUZZ
@given(cells, st.one_of(grids(max_side=4), st.lists(cells, min_size=1, max_size=6).map(
    lambda v: [["配当", *v]])), cells, st.one_of(st.none(), grids(max_side=4)))
def test_holding_check(rate, flows, investment, figures):
    text = REGISTRY["HOLDING_CHECK"].func(rate, flows, investment, figures)
    assert isinstance(text, str) and "\n" not in text and len(text) <= 255, text
    assert text.split(" ", 1)[0] in ("OK", "注意", "未入力", "入力エラー"), text


levels = st.sampled_from(["優", "良", "可", "A", "B", "", None, 1.0, "#N/A", " 良 "])


@FUZZ
@given(st.one_of(grids(max_side=4, cell=levels), options),
       st.one_of(grids(max_side=4),
                 st.lists(st.tuples(levels, st.one_of(st.floats(0, 1), cells)).map(list),
                          min_size=1, max_size=4)))
def test_ratings(ratings, scale):
    found = call("AHP_RATINGS", ratings, scale)
    if found is not None:
        assert all(finite(x) and 0 < x <= 1 for row in found for x in row)


@FUZZ
@given(st.one_of(grids(max_side=6), st.lists(st.one_of(st.floats(-1, 1e308), cells),
                                             min_size=1, max_size=8).map(
                                                 lambda v: [[x] for x in v])),
       directions)
def test_data(values, direction):
    found = call("AHP_DATA", values, direction)
    if found is not None:
        assert_priorities(found)

# --- 期 and KPI 推移 ------------------------------------------------------------------

period_texts = st.one_of(st.sampled_from(["FY2024", "2024Q1", "FY2024 Q3", "2024-04", "２０２４年度",
                                          "2024年度上期", "2024/13", "来期", ""]), cells)


@FUZZ
@given(period_texts)
def test_period_label(period):
    found = call("PERIOD_LABEL", period)
    assert found is None or found == "" or (isinstance(found, str) and found[:2] in ("FY", "20"))


@FUZZ
@given(cells, cells, st.one_of(st.none(), directions), options)
def test_kpi_score(actual, target, direction, cap):
    found = call("KPI_SCORE", actual, target, direction, cap)
    assert found is None or found == "" or (finite(found) and 0 <= found <= 2)


def log_status(name: str, *args) -> str:
    """A log status: never a refusal; a status code (Exit 検討 is two words), or blank for
    EXIT_CHECK without rules."""
    from xlahp.sheet.checks import kind

    text = REGISTRY[name].func(*args)
    assert isinstance(text, str) and "\n" not in text and len(text) <= 255, text
    assert kind(text) is not None or (name == "EXIT_CHECK" and text == ""), text
    return text


logs = st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(period_texts, min_size=n, max_size=n).map(lambda v: [[x] for x in v]),
    st.lists(st.lists(cells, min_size=3, max_size=3), min_size=n, max_size=n),
    st.lists(cells, min_size=3, max_size=3).map(lambda v: [[x] for x in v])))
rules = st.one_of(st.sampled_from(["KPI 1 < 70% for 2", "KGI が 60% 未満\nKPI 2 >= 120%",
                                   "KPI 2 < 5 3期連続", "KPI 9 < 1", "bad rule", ""]), cells)


@FUZZ
@given(logs, st.one_of(st.none(), grids(max_side=3)))
def test_kpi_check(log, directions):
    periods, actuals, targets = log
    log_status("KPI_CHECK", periods, actuals, [["a"], [None], ["c"]], targets, directions)


@FUZZ
@given(rules, logs, st.one_of(st.none(), grids(max_side=3)), options)
def test_exit_check(rule, log, directions, cadence):
    periods, actuals, targets = log
    log_status("EXIT_CHECK", rule, periods, actuals, targets, directions, cadence)


@FUZZ
@given(grids(max_side=5), grids(max_side=5), cells, st.one_of(st.none(), grids(max_side=5)))
def test_view_check(previous, current, reason, criteria):
    log_status("VIEW_CHECK", previous, current, reason, criteria)


def test_every_function_is_fuzzed():
    fuzzed = {"AHP_WEIGHTS", "AHP_LAMBDA", "AHP_CI", "AHP_CR", "AHP_TRIADS", "AHP_SUMMARY",
              "AHP_SUGGEST", "AHP_RI", "AHP_TRIADS_MAX", "AHP_TRIADS_P", "AHP_MATRIX",
              "FIN_INDICATOR", "FIN_DIRECTION", "BANKRUPTCY_INDEX", "VALUE_INDEX",
              "VALUE_CONTRIB", "VALUE_COVERAGE", "VALUE_RATIO", "FIN_AMOUNT", "BANKRUPTCY_PART",
              "AHP_CHECK", "AHP_CHECK_ANSWERS", "FIN_CHECK", "BANKRUPTCY_CHECK", "VALUE_CHECK",
              "AHP_GROUP", "AHP_GROUP_WEIGHTS", "AHP_CONSENSUS", "AHP_DISAGREE",
              "AHP_SYNTH", "AHP_SWEEP", "AHP_CRITICAL", "VALUE_CRITICAL", "AHP_RATINGS",
              "AHP_DATA", "VALUE_SCORE", "VALUE_MEASURE", "VALUE_STANDING", "FIN_LEVEL",
              "BANKRUPTCY_DRIVERS", "FIN_ITEM", "STATUS_OVERALL", "VALUE_DRIVERS",
              "AHP_EXPLAIN", "AHP_EXPLAIN_LINE", "HOLDING_CHECK", "PERIOD_LABEL", "KPI_SCORE",
              "KPI_CHECK", "EXIT_CHECK", "VIEW_CHECK"}
    assert fuzzed == set(REGISTRY)
