"""xlahp's worksheet functions — the registry, free of any host.

Each function is a thin converter: cells in (2-D lists with None, str, float,
bool, the way xlwings passes a range; Excel errors as "#N/A" text), a core
call, cells out (a scalar or a 2-D list; weights come back n×1).  Bad input
raises :class:`~xlahp.errors.XlahpError` whose message starts with the
function's name.

:data:`REGISTRY` (Excel name → :class:`WorksheetFunction`) is the one list of
functions that the Excel layer (:mod:`xlahp.udfs`, which adds xlwings'
decorators), the headless engine, the tests and ``xlahp functions`` read.
Imports nothing heavier than numpy, so the headless tools start without
xlwings (and the pandas it loads).
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass
from typing import Any, Callable


from xlahp.sheet import checks
from xlahp.core import consistency
from xlahp.core import finance
from xlahp.core import group
from xlahp.core import hierarchy
from xlahp.core import pairwise
from xlahp.core import sensitivity
from xlahp.core import triads
from xlahp.core import value
from xlahp.errors import InternalError, XlahpError
from xlahp.sheet.options import whole_number
from xlahp.sheet.grids import as_grid, flat, is_blank
from xlahp.core.pairwise import excel_error
from xlahp.core.weights import lambda_max, weights

DOC_MAX = 255  # Excel's limit for function and argument descriptions


@dataclass(frozen=True)
class WorksheetFunction:
    """One worksheet function: its Excel name, the callable (raising
    XlahpError on bad input) and the help Excel shows."""

    name: str
    func: Callable[..., Any]
    description: str
    args: tuple[tuple[str, str], ...]
    ranges: tuple[str, ...] = ()  # the arguments that take a range (read as 2-D)


REGISTRY: dict[str, WorksheetFunction] = {}


def worksheet_function(ranges: tuple[str, ...] = (), **arg_docs: str):
    """Register a worksheet function in :data:`REGISTRY`.

    *ranges* names the arguments that take a range (always read as 2-D);
    *arg_docs* gives every argument's help text.  The function returned raises
    :class:`XlahpError` with its name in front of the message.
    """

    def register(f: Callable[..., Any]) -> Callable[..., Any]:
        name = f.__name__
        description = " ".join((f.__doc__ or "").split("\n\n")[0].split())
        for text in (description, *arg_docs.values()):
            assert len(text) <= DOC_MAX, f"{name}: help text over {DOC_MAX} characters"

        @functools.wraps(f)
        def raising(*args: Any) -> Any:
            try:
                result = f(*args)
            except XlahpError as error:
                raise XlahpError(f"{name}: {error}") from None
            except Exception as error:  # a bug of ours: still a short message
                raise InternalError(f"{name}: could not compute "
                                    f"({type(error).__name__}: {error})") from error
            if not _finite(result):
                raise XlahpError(f"{name}: the result overflows (beyond ±1.8e308); "
                                 "check the magnitudes of the inputs")
            return result

        raising.__doc__ = description
        REGISTRY[name] = WorksheetFunction(name, raising, description,
                                           tuple(arg_docs.items()), tuple(ranges))
        return raising

    return register


def _finite(result: Any) -> bool:
    if isinstance(result, (list, tuple)):
        return all(map(_finite, result))
    return not isinstance(result, float) or math.isfinite(result)


def _column(values: Any) -> list[list[float]]:
    return [[float(v)] for v in values]


MATRIX_DOC = ("Pairwise comparison range: n×n, or its upper triangle, optionally with a "
              "label row/column. Text such as 1/3 or １／３ is read; blank, \"\" or 0 = no "
              "judgment (missing ones are allowed if all items stay connected).")
TABLE_DOC = "RI table: superdecisions (default), saaty or alonso-lamata."


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC,
                    method="eigen (default, principal eigenvector; Harker's method if "
                           "judgments are missing), geomean (row geometric mean) or "
                           "colnorm (normalised column average).")
def AHP_WEIGHTS(matrix, method=None):
    """Weights (priorities) of the items of a pairwise comparison matrix: an n×1 column
    summing to 1. 重要度."""
    return _column(weights(pairwise.read_matrix(matrix), method))


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC)
def AHP_LAMBDA(matrix):
    """λmax, the principal eigenvalue of the pairwise comparison matrix (of Harker's
    matrix if judgments are missing)."""
    return lambda_max(pairwise.read_matrix(matrix))


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC)
def AHP_CI(matrix):
    """Consistency index C.I. = (λmax − n)/(n − 1). 整合度指標. Not SuperDecisions'
    "Inconsistency", which is C.R. (see AHP_CR)."""
    return consistency.consistency(pairwise.read_matrix(matrix)).ci


@worksheet_function(n="Number of items, 1 to 15 (RI is 0 for n ≤ 2).", table=TABLE_DOC)
def AHP_RI(n, table=None):
    """Random index RI(n) from a published table (default: SuperDecisions')."""
    return consistency.random_index(n, table)


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC, table=TABLE_DOC)
def AHP_CR(matrix, table=None):
    """Consistency ratio C.R. = C.I./RI(n); below 0.1 is acceptable. With the default
    table this is SuperDecisions' "Inconsistency" (the paper's "C.I.")."""
    return consistency.consistency(pairwise.read_matrix(matrix), table).cr


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC,
                    mode="strict (default): strict circular triads i≻j≻k≻i only, ties "
                         "never form one; weak: also triads with ties no weak order "
                         "explains (i~j, j~k, i≻k).")
def AHP_TRIADS(matrix, mode=None):
    """N.C., the number of circular triads (一巡三角形) among the judgments; i≻j means
    a_ij > 1."""
    return triads.count(pairwise.read_matrix(matrix), mode)


@worksheet_function(n="Number of items compared, 2 to 15.",
                    alpha="Risk level 危険率, default 0.05 (published table: 0.05 or 0.10).",
                    table="published (the paper's 表3, default for n ≤ 9) or exact "
                          "(Kendall & Babington Smith distribution; default for n > 9).")
def AHP_TRIADS_MAX(n, alpha=None, table=None):
    """Largest number of circular triads N.C. still accepted (表3 or the exact test);
    −1 when even N.C. = 0 is not significant."""
    return triads.limit(n, alpha, table)


@worksheet_function(count="Number of circular triads N.C. (0 or more).",
                    n="Number of items compared, 2 to 15.")
def AHP_TRIADS_P(count, n):
    """Exact P(N.C. ≤ count) when every judgment is random (Kendall & Babington Smith
    1940): small means the judgments are far from random."""
    return triads.p_value(count, n)


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC, table=TABLE_DOC,
                    alpha="Risk level for the N.C. limit, default 0.05.")
def AHP_SUMMARY(matrix, table=None, alpha=None):
    """Label/value block: n, λmax, C.I., RI, C.R., N.C., N.C. limit and the verdict
    (C.R. < 0.1 and N.C. within its limit)."""
    s = consistency.summarize(pairwise.read_matrix(matrix), table, alpha)
    c = s.consistency
    return [["n 項目数", c.n],
            ["λmax", c.lambda_max],
            ["C.I. 整合度指標", c.ci],
            ["RI", c.ri],
            ["C.R. (= SuperDecisions Inconsistency)", c.cr],
            ["N.C. 一巡三角形", s.nc],
            [f"N.C. limit 許容上限 (α={s.alpha:g})", s.nc_limit],
            ["verdict 判定", s.verdict]]


@worksheet_function(ranges=("answers", "items"),
                    answers="Questionnaire rows of 4 cells: item A, item B, the more "
                            "important one (its name, A or B), intensity (1–9 or a "
                            "label such as やや重要 / moderate). Blank intensity = "
                            "unanswered.",
                    items="Optional item names fixing the order of the matrix.")
def AHP_MATRIX(answers, items=None):
    """n×n pairwise comparison matrix from questionnaire answers (図9); unanswered pairs
    stay blank."""
    m = pairwise.read_answers(answers, items)
    return [["" if v != v else float(v) for v in row] for row in m.values]


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC,
                    k="How many judgments to list, default 3.")
def AHP_SUGGEST(matrix, k=None):
    """The k judgments most at odds with the weights, each with the value that would fit
    them and the nearest scale value (header row first)."""
    m = pairwise.read_matrix(matrix)
    rows = [["item 項目", "vs 相手", "judgment 現在値", "fits weights 整合値",
             "nearest scale 推奨値"]]
    for s in consistency.suggestions(m, k):
        rows.append([m.labels[s.row], m.labels[s.col], s.judgment, s.fitted, s.scale_value])
    return rows


@worksheet_function(ranges=("matrix",), matrix=MATRIX_DOC, table=TABLE_DOC,
                    alpha="Risk level for the N.C. limit, default 0.05.")
def AHP_CHECK(matrix, table=None, alpha=None):
    """Status text of a matrix: OK, or its first problem and where (unreadable cell,
    judgment outside 1/9…9, missing judgments, C.R. or N.C. too high). Never an error."""
    return checks.matrix(matrix, table, alpha)


@worksheet_function(ranges=("answers", "items"),
                    answers="Questionnaire rows of 4 cells, as for AHP_MATRIX.",
                    items="Optional item names, as for AHP_MATRIX.")
def AHP_CHECK_ANSWERS(answers, items=None):
    """Status text of questionnaire answers: OK, or the first problem and its row No.
    (no choice made, unknown label, intensity outside 1–9, unanswered). Never an error."""
    return checks.answers(answers, items)


# --- 集団意思決定: several evaluators --------------------------------------------

MATRICES_DOC = ("k evaluators' pairwise matrices stacked in one range (k·n rows; a label "
                "row/column per block allowed), each in any shape AHP_WEIGHTS reads and in "
                "the same item order.")
RESPONDENTS_DOC = ("Optional weight of each evaluator (k cells, 0 or more, rescaled to sum 1); "
                   "omitted: all equal.")


def _respondents(cells: Any, k: int) -> Any:
    return None if cells is None else group.respondent_weights(
        _numbers(cells, "respondent_weights"), k)


@worksheet_function(ranges=("matrices", "respondent_weights"), matrices=MATRICES_DOC,
                    respondent_weights=RESPONDENTS_DOC)
def AHP_GROUP(matrices, respondent_weights=None):
    """The group's n×n matrix (AIJ): each judgment the weighted geometric mean of the
    evaluators' (reciprocal by construction). Reference for the meeting; the paper
    agrees on one matrix."""
    g = group.read_matrices(matrices)
    m = group.aij(g, _respondents(respondent_weights, g.k))
    return [["" if v != v else float(v) for v in row] for row in m.values]


@worksheet_function(ranges=("matrices", "respondent_weights"), matrices=MATRICES_DOC,
                    method="aij (default: weights of AHP_GROUP's matrix), aip-geo (weighted "
                           "geometric mean of each evaluator's weights) or aip-mean (their "
                           "weighted arithmetic mean).",
                    respondent_weights=RESPONDENTS_DOC)
def AHP_GROUP_WEIGHTS(matrices, method=None, respondent_weights=None):
    """The group's weights (n×1, summing to 1) from several evaluators' matrices: AIJ or
    AIP (aggregated individual priorities). 集団の重要度."""
    g = group.read_matrices(matrices)
    return _column(group.group_weights(g, method, _respondents(respondent_weights, g.k)))


@worksheet_function(ranges=("matrices",), matrices=MATRICES_DOC)
def AHP_CONSENSUS(matrices):
    """Goepel's AHP consensus indicator S* of the evaluators' weights (Shannon α/β
    entropy): 0 = no consensus, 1 = full (Goepel: below 0.5 very low, 0.75–0.85 high,
    0.85 and above very high)."""
    return group.consensus(group.read_matrices(matrices)).s_star


@worksheet_function(ranges=("matrices",), matrices=MATRICES_DOC,
                    k="How many pairs to list, default 3.")
def AHP_DISAGREE(matrices, k=None):
    """Agenda for the meeting: the k pairs the evaluators judged most differently (item A,
    item B, lowest and highest A-vs-B judgment, spread = geometric s.d.), header row
    first."""
    g = group.read_matrices(matrices)
    pairs = g.n * (g.n - 1) // 2
    count = whole_number(k, "k", 1, pairs, default=min(3, pairs))
    rows = [["item A 項目", "item B 相手", "lowest 最小", "highest 最大", "spread ばらつき"]]
    for d in group.disagreements(g, count):
        rows.append([g.labels[d.row], g.labels[d.col], d.low, d.high, d.spread])
    return rows


# --- 財務指標 and 企業価値 ----------------------------------------------------

STATEMENT_DOC = ("Statement range: item labels (売上高, 当期純利益 … or English) in the first "
                 "column, a header row naming the periods 当期/前期/目標 (current/previous/"
                 "target), figures below. ▲1,234 reads as −1,234.")
WEIGHTS_DOC = "AHP weights, one per indicator (a column or row, e.g. from AHP_WEIGHTS)."
ACTUAL_DOC = "Current values of the indicators (same order as the weights)."
TARGET_DOC = ("Targets (中期計画) or another benchmark; a blank target leaves its indicator "
              "out and the weights are renormalised over the rest.")
DIRECTION_DOC = ("1 / higher / 高いほど良い, or -1 / lower / 低いほど良い: one value for all or "
                 "one per indicator. Default 1.")


def _numbers(cells: Any, what: str) -> list[float | None]:
    return [pairwise.parse_number(c, f"{what} cell {k}")
            for k, c in enumerate(flat(cells, what), start=1)]


def _directions(cells: Any) -> Any:
    if cells is None:
        return None
    found = flat(cells, "direction")
    return found[0] if len(found) == 1 else found


def _value_index(weights, actual, target, direction) -> value.ValueIndex:
    return value.value_index(_numbers(weights, "weights"), _numbers(actual, "actual"),
                             _numbers(target, "target"), _directions(direction))


@worksheet_function(ranges=("statement",),
                    name="Indicator name, e.g. 売上高純利益率, 負債比率, ROE (Japanese or "
                         "English; the paper's candidates, §4 手順3).",
                    statement=STATEMENT_DOC,
                    period="当期 current (default), 前期 previous or 目標 target. Growth "
                           "compares with the year before (target: with current).")
def FIN_INDICATOR(name, statement, period=None):
    """One financial indicator computed from an annual-report statement range (有価証券報告書)."""
    return finance.statement_indicator(name, finance.parse_statement(statement), period or "current")


@worksheet_function(cell="One statement cell: a number, or text such as ▲1,234, △1,234, "
                         "(1,234), -1,234 or full-width digits.")
def FIN_AMOUNT(cell):
    """The number a statement cell means (▲/△ and (…) negative, commas and full-width
    digits read); "" for a blank or a lone dash."""
    if isinstance(cell, (list, tuple)):
        raise XlahpError("cell is a range; give one cell")
    amount = finance.parse_amount(cell)
    return "" if amount is None else amount


@worksheet_function(ranges=("statement",), statement=STATEMENT_DOC)
def FIN_CHECK(statement):
    """Status text of a statement range: OK, or the first unreadable figure (item,
    period), or 債務超過 (equity ≤ 0), which leaves ROE, 負債比率 … undefined. Never an error."""
    return checks.statement(statement)


@worksheet_function(name="Indicator name, e.g. 負債比率.")
def FIN_DIRECTION(name):
    """1 if a higher value of the indicator is better, -1 if lower is better (負債比率,
    固定比率, 長期固定適合率)."""
    return finance.INDICATORS[finance.indicator_key(name)].direction


@worksheet_function(ranges=("statement", "weights"), statement=STATEMENT_DOC,
                    weights="Optional 5 weights for 収益力, 支払い能力, 活力, 持久力, 成長力 "
                            "(木下's AHP-weighted index); omitted: the simple mean.")
def BANKRUPTCY_INDEX(statement, weights=None):
    """倒産指数 (現代会計カンファレンス): mean of 収益力, 支払い能力, 活力, 持久力, 成長力 of the
    current year; 1.0 or more is healthy."""
    current = finance.parse_statement(statement).get("current", {})
    w = None if weights is None else _numbers(weights, "weights")
    return finance.bankruptcy_index(current, w).index


@worksheet_function(ranges=("statement",),
                    name="Component: 収益力, 支払い能力, 活力, 持久力 or 成長力 (or English).",
                    statement=STATEMENT_DOC)
def BANKRUPTCY_PART(name, statement):
    """One component of the 倒産指数 from the current year of a statement range (a plain
    ratio; 持久力 and 成長力 are not defined under 債務超過)."""
    return finance.bankruptcy_component(name, finance.parse_statement(statement).get("current", {}))


@worksheet_function(ranges=("statement", "weights"), statement=STATEMENT_DOC,
                    weights="Optional 5 weights, as for BANKRUPTCY_INDEX.")
def BANKRUPTCY_CHECK(statement, weights=None):
    """Status text of the 倒産指数: OK, or the first problem (unreadable or missing
    figure, 債務超過, a denominator ≤ 0, bad weights). Never an error."""
    return checks.bankruptcy(statement, weights)


@worksheet_function(actual="Current value of the indicator.", target="Its target (or benchmark).",
                    direction=DIRECTION_DOC)
def VALUE_RATIO(actual, target, direction=None):
    """Achievement ratio: actual/target for higher-is-better, target/actual for
    lower-is-better indicators; 1.0 = on target."""
    a, t = _single(actual, "actual"), _single(target, "target")
    d = _directions(direction)
    return value.achievement_ratio(a, t, 1 if d is None else d)


def _single(cells: Any, what: str) -> float | None:
    found = _numbers(cells, what)
    if len(found) != 1:
        raise XlahpError(f"{what} is {len(found)} cells; give one cell")
    return found[0]


@worksheet_function(ranges=("weights", "actual", "target", "direction"), weights=WEIGHTS_DOC,
                    actual=ACTUAL_DOC, target=TARGET_DOC, direction=DIRECTION_DOC)
def VALUE_INDEX(weights, actual, target, direction=None):
    """Weighted achievement Σ w·r over the indicators with a target, weights renormalised
    over them; 1.0 = on target (see VALUE_COVERAGE)."""
    return _value_index(weights, actual, target, direction).index


@worksheet_function(ranges=("weights", "actual", "target", "direction"), weights=WEIGHTS_DOC,
                    actual=ACTUAL_DOC, target=TARGET_DOC, direction=DIRECTION_DOC)
def VALUE_CONTRIB(weights, actual, target, direction=None):
    """Each indicator's contribution w·r to VALUE_INDEX (a column; blank where there is no
    target)."""
    found = _value_index(weights, actual, target, direction).contributions
    return [["" if c is None else c] for c in found]


@worksheet_function(ranges=("weights", "actual", "target", "direction"), weights=WEIGHTS_DOC,
                    actual=ACTUAL_DOC, target=TARGET_DOC, direction=DIRECTION_DOC)
def VALUE_COVERAGE(weights, actual, target, direction=None):
    """Share of the total weight carried by the indicators that have a target (1.0 = all
    covered)."""
    return _value_index(weights, actual, target, direction).coverage


@worksheet_function(ranges=("weights", "actual", "target", "direction", "names"),
                    weights=WEIGHTS_DOC, actual=ACTUAL_DOC, target=TARGET_DOC,
                    direction=DIRECTION_DOC,
                    names="Optional indicator names for the message (same order).")
def VALUE_CHECK(weights, actual, target, direction=None, names=None):
    """Status text of VALUE_INDEX's inputs: OK, or the first problem by indicator name
    (a value not computed, bad target), or the indicators without a target. Never an error."""
    return checks.targets(weights, actual, target, direction, names)


# --- 総合化 and 感度分析: the hierarchy (手順3, 手順4) ----------------------------

CRITERIA_DOC = ("Weights of the k criteria (a row or column, e.g. from AHP_WEIGHTS; 0 or more, "
                "rescaled to sum 1).")
LOCAL_DOC = ("m×k local priorities: alternatives in rows, criteria in columns in the order of "
             "the weights (from AHP_WEIGHTS, AHP_RATINGS or AHP_DATA). Columns need not sum to 1.")
MODE_DOC = ("distributive (default: each column normalised to sum 1) or ideal (each column "
            "divided by its best; an added alternative never reorders the others).")


def _grid_numbers(cells: Any, what: str) -> list[list[float | None]]:
    """A range of numbers, row by row (blank and "" as None)."""
    return [[pairwise.parse_number(None if is_blank(c) else c,
                                   f"{what} cell ({i},{j})")
             for j, c in enumerate(row, start=1)]
            for i, row in enumerate(as_grid(cells, what), start=1)]


def _hierarchy(criteria_weights: Any, local_priorities: Any) -> tuple[Any, Any]:
    w = hierarchy.criteria_weights(_numbers(criteria_weights, "criteria_weights"))
    return w, hierarchy.local_table(_grid_numbers(local_priorities, "local_priorities"), len(w))


@worksheet_function(ranges=("criteria_weights", "local_priorities"),
                    criteria_weights=CRITERIA_DOC, local_priorities=LOCAL_DOC, mode=MODE_DOC)
def AHP_SYNTH(criteria_weights, local_priorities, mode=None):
    """Global priorities of the alternatives (m×1, summing to 1): Σ criterion weight ×
    local priority (手順3 総合評価)."""
    w, local = _hierarchy(criteria_weights, local_priorities)
    return _column(hierarchy.synthesize(w, local, mode))


def _criterion(value: Any, k: int) -> int:
    return whole_number(value, "criterion", 1, k) - 1


@worksheet_function(ranges=("criteria_weights", "local_priorities"),
                    criteria_weights=CRITERIA_DOC, local_priorities=LOCAL_DOC,
                    criterion="Which criterion's weight moves: its number 1…k (column of "
                              "local_priorities).",
                    steps="Number of steps from 0 to 1, default 20 (2 to 200).", mode=MODE_DOC)
def AHP_SWEEP(criteria_weights, local_priorities, criterion, steps=None, mode=None):
    """Gradient table for a chart: the criterion's weight from 0 to 1 (others rescaled in
    proportion) and each alternative's global priority; header row first (手順4)."""
    w, local = _hierarchy(criteria_weights, local_priorities)
    j = _criterion(criterion, len(w))
    count = whole_number(steps, "steps", 2, 200, default=20)
    ts, p = sensitivity.sweep(w, local, j, count, mode)
    header = ["weight 重み"] + [f"alternative {a + 1} 代替案" for a in range(local.shape[0])]
    return [header] + [[float(t), *map(float, row)] for t, row in zip(ts, p)]


def _blank(x: float | None) -> Any:
    return "" if x is None else x


@worksheet_function(ranges=("criteria_weights", "local_priorities"),
                    criteria_weights=CRITERIA_DOC, local_priorities=LOCAL_DOC, mode=MODE_DOC)
def AHP_CRITICAL(criteria_weights, local_priorities, mode=None):
    """Per criterion: current weight, the weights below/above it at which the top
    alternative changes (blank: never), change in % of the weight, and the nearest weight
    where any two swap; header first."""
    w, local = _hierarchy(criteria_weights, local_priorities)
    rows = [["criterion 基準", "weight 現在の重み", "lower 下限", "upper 上限",
             "change % 変化率", "any swap 順位入替", "swap % 変化率"]]
    for j, c in enumerate(sensitivity.critical(w, local, mode), start=1):
        rows.append([f"criterion {j}", c.weight, _blank(c.lower), _blank(c.upper),
                     _blank(c.top_change_pct), _blank(c.any_swap), _blank(c.any_swap_pct)])
    return rows


@worksheet_function(ranges=("weights", "actual", "target", "direction"), weights=WEIGHTS_DOC,
                    actual=ACTUAL_DOC, target=TARGET_DOC, direction=DIRECTION_DOC)
def VALUE_CRITICAL(weights, actual, target, direction=None):
    """Per indicator, the weight (share of the indicators with a target) at which
    VALUE_INDEX crosses 1.0 when only it moves, others rescaled in proportion; blank where
    it never does."""
    found = sensitivity.value_thresholds(_value_index(weights, actual, target, direction))
    return [[_blank(t)] for t in found]


@worksheet_function(ranges=("ratings", "scale"),
                    ratings="m×k rating labels (alternatives in rows, criteria in columns), "
                            "each a level of the scale, e.g. 優 / 良 / 可 or A / B / C.",
                    scale="Two columns: each level's label and its priority (e.g. AHP_WEIGHTS "
                          "of a pairwise matrix of the levels), best level first or anywhere.")
def AHP_RATINGS(ratings, scale):
    """Local priorities from ratings (absolute measurement): each rating's level priority
    divided by the best level's (best = 1). Feed to AHP_SYNTH as local_priorities."""
    levels = as_grid(scale, "scale")
    if len(levels[0]) != 2:
        raise XlahpError(f"scale has {len(levels[0])} columns; give two: label, priority")
    table: dict[str, float] = {}
    for i, (label, weight) in enumerate(levels, start=1):
        key = hierarchy.rating_key(label)
        if key is None:
            raise XlahpError(f"scale row {i} has no label")
        if excel_error(label):
            raise XlahpError(f"scale row {i} label holds the Excel error {excel_error(label)}")
        if key in table:
            raise XlahpError(f"scale level {key!r} appears twice")
        x = pairwise.parse_number(weight, f"scale row {i} priority")
        if x is None or x <= 0:
            raise XlahpError(f"scale row {i} priority is {'blank' if x is None else f'{x:g}'};"
                             " give a positive priority")
        table[key] = x
    return [list(map(float, row))
            for row in hierarchy.rating_priorities(as_grid(ratings, "ratings"), table)]


@worksheet_function(ranges=("values",),
                    values="The alternatives' data under one criterion (a row or column of "
                           "positive numbers, e.g. each candidate's 倒産指数).",
                    direction=DIRECTION_DOC)
def AHP_DATA(values, direction=None):
    """Local priorities (m×1, summing to 1) from data: value/Σ values when higher is
    better, (1/value)/Σ(1/value) when lower is better."""
    d = 1 if direction is None else _directions(direction)
    if isinstance(d, list):
        raise XlahpError("direction is several cells; give one for the criterion")
    return _column(hierarchy.data_priorities(_numbers(values, "values"),
                                             1 if d is None else d))


def reference() -> str:
    """The function reference as Markdown (README and ``xlahp functions``)."""
    lines = []
    for f in REGISTRY.values():
        params = inspect.signature(f.func).parameters.values()
        signature = ", ".join(p.name if p.default is p.empty else f"[{p.name}]"
                              for p in params)
        lines += [f"### `{f.name}({signature})`", "", f.description, ""]
        lines += [f"- `{arg}` — {doc}" for arg, doc in f.args]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
