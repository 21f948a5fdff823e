"""xlahp's worksheet functions: each a few lines over the core, its arguments declared.

Grouped as the paper goes: 一対比較 and 整合度 (weights, C.I./C.R., N.C.), 集団意思決定
(several evaluators), 財務指標 and 倒産指数, 企業価値 (the value index), and the
hierarchy's synthesis and sensitivity (手順3, 手順4).  Every function is registered in
:data:`~xlahp.sheet.registry.REGISTRY` under its Excel name; its docstring's first
paragraph and its arguments' texts are the help Excel shows.
"""

from __future__ import annotations

from typing import Any

from xlahp.errors import InputError
from xlahp.core import (consistency, explain, finance, group, hierarchy, periods, sensitivity,
                        triads, value)
from xlahp.core.weights import METHODS as WEIGHT_METHODS, lambda_max, weights
from xlahp.sheet import checks, readers
from xlahp.sheet.args import (ACTUAL, BASE, CAP, DIRECTION, METHOD, SCALE, TARGET, VALUE_ARGS,
                              WEIGHTS, Alpha, Cells, Direction, Labels, Matrices, Matrix, Methods,
                              NumberGrid, Numbers, One, Statement, Value, WholeNumber, choice)
from xlahp.sheet.cells import amount, choose, flat, is_blank, label_key
from xlahp.sheet.cells import whole_number
from xlahp.sheet.registry import worksheet_function


def column(values: Any) -> list[list[float]]:
    """An n×1 column of floats, as a weights function returns them."""
    return [[float(v)] for v in values]


def _blank(x: float | None) -> Any:
    return "" if x is None else x


# --- 一対比較 and 整合度 ----------------------------------------------------------

MATRIX = Matrix("Pairwise comparison range: n×n, or its upper triangle, optionally with a "
                "label row/column. Text such as 1/3 or １／３ is read; blank, \"\" or 0 = no "
                "judgment (missing ones are allowed if all items stay connected).")
TABLE = choice(consistency.RI_TABLE_NAMES,
               "RI table: superdecisions (default), saaty or alonso-lamata.")
ALPHA = Alpha("Risk level for the N.C. limit, default 0.05.")


@worksheet_function(matrix=MATRIX, method=choice(
    WEIGHT_METHODS, "eigen (default, principal eigenvector; Harker's method if judgments are "
                    "missing), geomean (row geometric mean) or colnorm (normalised column "
                    "average)."))
def AHP_WEIGHTS(matrix, method=None):
    """Weights (priorities) of the items of a pairwise comparison matrix: an n×1 column
    summing to 1. 重要度."""
    return column(weights(matrix, method))


@worksheet_function(matrix=MATRIX)
def AHP_LAMBDA(matrix):
    """λmax, the principal eigenvalue of the pairwise comparison matrix (of Harker's
    matrix if judgments are missing)."""
    return lambda_max(matrix)


@worksheet_function(matrix=MATRIX)
def AHP_CI(matrix):
    """Consistency index C.I. = (λmax − n)/(n − 1). 整合度指標. Not SuperDecisions'
    "Inconsistency", which is C.R. (see AHP_CR)."""
    return consistency.consistency(matrix).ci


@worksheet_function(n=WholeNumber("Number of items, 1 to 15 (RI is 0 for n ≤ 2).", 1),
                    table=TABLE)
def AHP_RI(n, table=None):
    """Random index RI(n) from a published table (default: SuperDecisions')."""
    return consistency.random_index(n, table)


@worksheet_function(matrix=MATRIX, table=TABLE)
def AHP_CR(matrix, table=None):
    """Consistency ratio C.R. = C.I./RI(n); below 0.1 is acceptable. With the default
    table this is SuperDecisions' "Inconsistency" (the paper's "C.I.")."""
    return consistency.consistency(matrix, table).cr


@worksheet_function(matrix=MATRIX, mode=choice(
    triads.MODES, "strict (default): strict circular triads i≻j≻k≻i only, ties never form "
                  "one; weak: also triads with ties no weak order explains (i~j, j~k, i≻k)."))
def AHP_TRIADS(matrix, mode=None):
    """N.C., the number of circular triads (一巡三角形) among the judgments; i≻j means
    a_ij > 1."""
    return triads.count(matrix, mode)


@worksheet_function(
    n=WholeNumber("Number of items compared, 2 to 15.", 2, 15),
    alpha=Alpha("Risk level 危険率, default 0.05 (published table: 0.05 or 0.10)."),
    table=Value("published (the paper's 表3, default for n ≤ 9) or exact (Kendall & "
                "Babington Smith distribution; default for n > 9)."))
def AHP_TRIADS_MAX(n, alpha=None, table=None):
    """Largest number of circular triads N.C. still accepted (表3 or the exact test);
    −1 when even N.C. = 0 is not significant."""
    return triads.limit(n, alpha, None if is_blank(table) else
                        choose(table, triads.TABLES, "table"))


@worksheet_function(count=Value("Number of circular triads N.C. (0 or more)."),
                    n=WholeNumber("Number of items compared, 2 to 15.", 2, 15))
def AHP_TRIADS_P(count, n):
    """Exact P(N.C. ≤ count) when every judgment is random (Kendall & Babington Smith
    1940): small means the judgments are far from random."""
    return triads.p_value(whole_number(count, "count", 0, triads.max_triads(n)), n)


@worksheet_function(matrix=MATRIX, table=TABLE, alpha=ALPHA)
def AHP_SUMMARY(matrix, table=None, alpha=None):
    """Label/value block: n, λmax, C.I., RI, C.R., N.C., N.C. limit and the verdict
    (C.R. < 0.1 and N.C. within its limit)."""
    s = consistency.summarize(matrix, table, alpha)
    c = s.consistency
    return [["n 項目数", c.n],
            ["λmax", c.lambda_max],
            ["C.I. 整合度指標", c.ci],
            ["RI", c.ri],
            ["C.R. (= SuperDecisions Inconsistency)", c.cr],
            ["N.C. 一巡三角形", s.nc],
            [f"N.C. limit 許容上限 (α={s.alpha:g})", s.nc_limit],
            ["verdict 判定", s.verdict]]


ANSWERS = Cells("Questionnaire rows of 4 cells: item A, item B, the more important one (its "
                "name, A or B), intensity (1–9 or a label such as やや重要 / moderate). Blank "
                "intensity = unanswered.")
ITEMS = Cells("Optional item names fixing the order of the matrix.")


@worksheet_function(answers=ANSWERS, items=ITEMS)
def AHP_MATRIX(answers, items=None):
    """n×n pairwise comparison matrix from questionnaire answers (図9); unanswered pairs
    stay blank."""
    m = readers.read_answers(answers, items)
    return [["" if v != v else float(v) for v in row] for row in m.values]


@worksheet_function(matrix=MATRIX, k=Value("How many judgments to list, default 3."))
def AHP_SUGGEST(matrix, k=None):
    """The k judgments most at odds with the weights, each with the value that would fit
    them and the nearest scale value (header row first)."""
    pairs = matrix.n * (matrix.n - 1) // 2
    count = whole_number(k, "k", 1, pairs, default=min(3, pairs))
    rows = [["item 項目", "vs 相手", "judgment 現在値", "fits weights 整合値",
             "nearest scale 推奨値"]]
    for s in consistency.suggestions(matrix, count):
        rows.append([matrix.labels[s.row], matrix.labels[s.col], s.judgment, s.fitted,
                     s.scale_value])
    return rows


@worksheet_function(matrix=Cells(MATRIX.doc), table=Value(TABLE.doc), alpha=Value(ALPHA.doc))
def AHP_CHECK(matrix, table=None, alpha=None):
    """Status text of a matrix: OK, or its problems and where (unreadable cell,
    judgment outside 1/9…9, missing judgments, C.R. or N.C. too high). Never an error."""
    return checks.matrix(matrix, table, alpha)


@worksheet_function(answers=Cells("Questionnaire rows of 4 cells, as for AHP_MATRIX."),
                    items=Cells("Optional item names, as for AHP_MATRIX."))
def AHP_CHECK_ANSWERS(answers, items=None):
    """Status text of questionnaire answers: OK, or the first problem and its row No.
    (no choice made, unknown label, intensity outside 1–9, unanswered). Never an error."""
    return checks.answers(answers, items)


# --- 説明: the weights in words (§4) ---------------------------------------------

EXPLAIN_ARGS = dict(
    weights=Numbers("The criteria's weights (a row or column, e.g. from AHP_WEIGHTS)."),
    names=Labels("The criteria's names, same order as the weights."),
    matrix=Matrix("Optional: the pairwise matrix behind the weights; its C.R. and N.C. are "
                  "stated, and a failed check makes the explanation provisional.", True),
    lang=choice(explain.LANGS, "ja (default) or en."))


def _explanation(weights, names, matrix):
    return explain.explain(weights, names,
                           None if matrix is None else consistency.summarize(matrix))


@worksheet_function(**EXPLAIN_ARGS)
def AHP_EXPLAIN(weights, names, matrix=None, lang=None):
    """The weights in words, a column of statements (≤ 255 characters each): the order,
    the leading criterion and how strongly it leads, criteria of about the same weight
    (同程度), the stance, the consistency evidence. 説明."""
    return [[text] for text in _explanation(weights, names, matrix).rows(lang)]


@worksheet_function(**EXPLAIN_ARGS)
def AHP_EXPLAIN_LINE(weights, names, matrix=None, lang=None):
    """The explanation in one line for a cover or a summary row, e.g. 成長力を最も重視
    (0.579); 会社の財産≈安定性, 効率性≈収益性 — and 参考値 with the reason if a check fails."""
    return _explanation(weights, names, matrix).line(lang)


# --- 集団意思決定: several evaluators --------------------------------------------

MATRICES = Matrices("k evaluators' pairwise matrices stacked in one range (k·n rows; a label "
                    "row/column per block allowed), each in any shape AHP_WEIGHTS reads and "
                    "in the same item order.")
RESPONDENTS = Numbers("Optional weight of each evaluator (k cells, 0 or more, rescaled to sum "
                      "1); omitted: all equal.", optional=True)


@worksheet_function(matrices=MATRICES, respondent_weights=RESPONDENTS)
def AHP_GROUP(matrices, respondent_weights=None):
    """The group's n×n matrix (AIJ): each judgment the weighted geometric mean of the
    evaluators' (reciprocal by construction). Reference for the meeting; the paper
    agrees on one matrix."""
    m = group.aij(matrices, group.respondent_weights(respondent_weights, matrices.k))
    return [["" if v != v else float(v) for v in row] for row in m.values]


@worksheet_function(matrices=MATRICES, method=choice(
    group.METHODS, "aij (default: weights of AHP_GROUP's matrix), aip-geo (weighted geometric "
                   "mean of each evaluator's weights) or aip-mean (their weighted arithmetic "
                   "mean)."), respondent_weights=RESPONDENTS)
def AHP_GROUP_WEIGHTS(matrices, method=None, respondent_weights=None):
    """The group's weights (n×1, summing to 1) from several evaluators' matrices: AIJ or
    AIP (aggregated individual priorities). 集団の重要度."""
    lam = group.respondent_weights(respondent_weights, matrices.k)
    return column(group.group_weights(matrices, method, lam))


@worksheet_function(matrices=MATRICES)
def AHP_CONSENSUS(matrices):
    """Goepel's AHP consensus indicator S* of the evaluators' weights (Shannon α/β
    entropy): 0 = no consensus, 1 = full (Goepel: below 0.5 very low, 0.75–0.85 high,
    0.85 and above very high)."""
    return group.consensus(matrices).s_star


@worksheet_function(matrices=MATRICES, k=Value("How many pairs to list, default 3."))
def AHP_DISAGREE(matrices, k=None):
    """Agenda for the meeting: the k pairs the evaluators judged most differently (item A,
    item B, lowest and highest A-vs-B judgment, spread = geometric s.d.), header row
    first."""
    pairs = matrices.n * (matrices.n - 1) // 2
    count = whole_number(k, "k", 1, pairs, default=min(3, pairs))
    rows = [["item A 項目", "item B 相手", "lowest 最小", "highest 最大", "spread ばらつき"]]
    for d in group.disagreements(matrices, count):
        rows.append([matrices.labels[d.row], matrices.labels[d.col], d.low, d.high, d.spread])
    return rows


# --- 財務指標 and 倒産指数 --------------------------------------------------------

STATEMENT_DOC = ("Statement range: item labels (売上高, 当期純利益 … or English) in the first "
                 "column, a header row naming the periods 当期/前期/目標 (current/previous/"
                 "target) and optionally a 単位 row (円/千円/百万円/億円), figures below.")
STATEMENT = Statement(STATEMENT_DOC)
BANKRUPTCY_WEIGHTS = Numbers("Optional 5 weights for 収益力, 支払い能力, 活力, 持久力, 成長力 "
                             "(木下's AHP-weighted index); omitted: the simple mean.",
                             optional=True)


@worksheet_function(
    name=Value("Indicator name, e.g. 売上高純利益率, 負債比率, ROE (Japanese or English; the "
               "paper's candidates, §4 手順3)."),
    statement=STATEMENT,
    period=Value("当期 current (default), 前期 previous or 目標 target. Growth compares with "
                 "the year before (target: with current)."))
def FIN_INDICATOR(name, statement, period=None):
    """One financial indicator computed from an annual-report statement range (有価証券報告書)."""
    return finance.statement_indicator(readers.indicator_key(name), statement,
                                       readers.period(period))


@worksheet_function(cell=Value("One statement cell: a number, or text such as ▲1,234, "
                               "△1,234, (1,234), -1,234 or full-width digits."),
                    unit=Value("Optional unit the cell is typed in: 円, 千円, 百万円 or 億円; the "
                               "result is then in 百万円 (million yen)."))
def FIN_AMOUNT(cell, unit=None):
    """The number a statement cell means (▲/△ and (…) negative, commas and full-width
    digits read), in 百万円 when its unit is given; "" for a blank or a lone dash."""
    if isinstance(cell, (list, tuple)):
        raise InputError("cell is a range; give one cell")
    found = amount(cell)
    if found is None:
        return ""
    if is_blank(unit):
        return found
    typed = readers.unit_of(unit) if isinstance(unit, str) else None
    if typed is None:
        raise InputError(f"unit {unit!r} is not one of {', '.join(finance.UNITS)}")
    return found * finance.UNITS[typed] / finance.UNITS[finance.UNIT]


@worksheet_function(statement=Cells(STATEMENT_DOC),
                    origin=Value("Optional address of the range's first cell as text, e.g. "
                                 "財務諸表!B5, so that problems are named by their cell."))
def FIN_CHECK(statement, origin=None):
    """Status text of a statement range: OK, or every unreadable figure (by cell), 債務超過
    (equity ≤ 0: ROE, 負債比率 … undefined) or a figure 100× off (単位を確認). Never an error."""
    return checks.statement(statement, origin)


@worksheet_function(name=Value("Indicator name, e.g. 負債比率."))
def FIN_DIRECTION(name):
    """1 if a higher value of the indicator is better, -1 if lower is better (負債比率,
    固定比率, 長期固定適合率)."""
    return finance.INDICATORS[readers.indicator_key(name)].direction


@worksheet_function(
    item=Value("Statement item, e.g. 当期純利益, 売上高, 総資産 (Japanese, English or an "
               "annual-report label)."),
    statement=STATEMENT, period=Value("当期 current (default), 前期 previous or 目標 target."))
def FIN_ITEM(item, statement, period=None):
    """One statement figure as read (in 百万円 after the column's unit), e.g. the level
    behind a rate for VALUE_SCORE; an error naming the item and year where it is blank."""
    key, which = readers.item_key(item), readers.period(period)
    if key is None:
        raise InputError(f"unknown statement item {item!r}; use one of "
                         f"{', '.join(finance.ITEM_EN)}")
    figure = statement.period(which).get(key)
    if figure is None:
        raise InputError(f"{key} ({finance.ITEM_EN[key]}) is missing for the {which} year")
    return figure


@worksheet_function(name=Value("Indicator name, e.g. 利益成長率."))
def FIN_LEVEL(name):
    """The statement item behind a rate, on which the value index scores it (e.g. 当期純利益
    for 利益成長率 or ROE: its ratio to the target, or progress from the base for a loss);
    "" for a level indicator, scored on itself."""
    return finance.INDICATORS[readers.indicator_key(name)].level


@worksheet_function(statement=STATEMENT, weights=BANKRUPTCY_WEIGHTS)
def BANKRUPTCY_INDEX(statement, weights=None):
    """倒産指数 (現代会計カンファレンス): mean of 収益力, 支払い能力, 活力, 持久力, 成長力 of the
    current year; 1.0 or more is healthy."""
    return finance.bankruptcy_index(statement.period("current"), weights).index


@worksheet_function(name=Value("Component: 収益力, 支払い能力, 活力, 持久力 or 成長力 (or "
                               "English)."), statement=STATEMENT)
def BANKRUPTCY_PART(name, statement):
    """One component of the 倒産指数 from the current year of a statement range (a plain
    ratio; 持久力 and 成長力 are not defined under 債務超過)."""
    return finance.bankruptcy_component(_component(name), statement.period("current"))


def _component(name: Any) -> str:
    wanted = label_key(name) if isinstance(name, str) else None
    found = next((c.name for c in finance.BANKRUPTCY_COMPONENTS
                  if wanted in (label_key(c.name), label_key(c.en))), None)
    if found is None:
        raise InputError(f"unknown 倒産指数 component {name!r}; use one of "
                         f"{', '.join(finance.COMPONENT_NAMES)}")
    return found


@worksheet_function(statement=STATEMENT, weights=BANKRUPTCY_WEIGHTS)
def BANKRUPTCY_DRIVERS(statement, weights=None):
    """The 倒産指数 components under 1.0 that pull it down, largest pull first, with their
    values (e.g. 支払い能力 0.55); or that every component is 1.0 or more."""
    return checks.drivers(finance.bankruptcy_index(statement.period("current"), weights))


@worksheet_function(statement=Cells(STATEMENT_DOC),
                    weights=Cells("Optional 5 weights, as for BANKRUPTCY_INDEX."))
def BANKRUPTCY_CHECK(statement, weights=None):
    """Status text of the 倒産指数: OK with the components under 1.0, or the first problem
    (unreadable or missing figure, 債務超過, a denominator ≤ 0, bad weights). Never an error."""
    return checks.bankruptcy(statement, weights)


# --- 企業価値: the value index ------------------------------------------------------

def _value_index(weights, actual, target, direction, method, base, cap, scale):
    return value.value_index(weights, actual, target, direction, method, base, cap, scale)


@worksheet_function(actual=One("Current value of the indicator."),
                    target=One("Its target (or benchmark)."),
                    direction=Direction(DIRECTION.doc, several=False))
def VALUE_RATIO(actual, target, direction=None):
    """Plain achievement ratio: actual/target for higher-is-better, target/actual for
    lower-is-better indicators; 1.0 = on target. Unbounded: VALUE_SCORE is the score."""
    if actual is None or target is None:
        raise InputError("the indicator needs both an actual and a target value")
    return value.achievement_ratio(actual, target, direction)


@worksheet_function(actual=One("Current value (for progress: of the level behind the rate)."),
                    target=One("Its target (or benchmark)."),
                    direction=Direction(DIRECTION.doc, several=False),
                    method=Methods(METHOD.doc), base=One(BASE.doc), cap=CAP, scale=SCALE)
def VALUE_SCORE(actual, target, direction=None, method=None, base=None, cap=None, scale=None):
    """One indicator's bounded achievement score (1.0 = on target), the one VALUE_INDEX
    weights; "" where it cannot be defined (VALUE_CHECK says why)."""
    if actual is None or target is None:
        raise InputError("the indicator needs both an actual and a target value")
    if isinstance(method, list):
        raise InputError("method is several cells; give one for the indicator")
    found = value.score(actual, target, direction, method, base, cap, scale)
    return _blank(found.value)


@worksheet_function(actual=One("Current value (for progress: of the level behind the rate)."),
                    target=One("Its target (or benchmark)."),
                    method=Methods(METHOD.doc), base=One(BASE.doc))
def VALUE_MEASURE(actual, target, method=None, base=None):
    """How VALUE_SCORE measures this achievement: 比率 ratio (actual/target) or 進捗
    progress (from the base period to the target), as the method decides."""
    if actual is None or target is None:
        raise InputError("the indicator needs both an actual and a target value")
    if isinstance(method, list):
        raise InputError("method is several cells; give one for the indicator")
    return MEASURE_LABELS[value.measure_of(actual, target, base, method)]


#: How the sheets name a measure (Japanese first).
MEASURE_LABELS = {"ratio": "比率 ratio", "progress": "進捗 progress"}


@worksheet_function(**VALUE_ARGS)
def VALUE_INDEX(weights, actual, target, direction=None, method=None, base=None, cap=None,
                scale=None):
    """Weighted achievement Σ w·s over the indicators scored, weights renormalised over
    them; 1.0 = on target. Scores are bounded (see VALUE_SCORE, VALUE_STANDING)."""
    return _value_index(weights, actual, target, direction, method, base, cap, scale).index


@worksheet_function(**VALUE_ARGS)
def VALUE_CONTRIB(weights, actual, target, direction=None, method=None, base=None, cap=None,
                  scale=None):
    """Each indicator's contribution w·s to VALUE_INDEX (a column; blank where it has no
    target or no score)."""
    found = _value_index(weights, actual, target, direction, method, base, cap, scale)
    return [[_blank(c)] for c in found.contributions]


@worksheet_function(**VALUE_ARGS)
def VALUE_COVERAGE(weights, actual, target, direction=None, method=None, base=None, cap=None,
                   scale=None):
    """Share of the total weight carried by the indicators scored (1.0 = all covered)."""
    return _value_index(weights, actual, target, direction, method, base, cap, scale).coverage


@worksheet_function(**VALUE_ARGS)
def VALUE_CRITICAL(weights, actual, target, direction=None, method=None, base=None, cap=None,
                   scale=None):
    """Per indicator, the weight (share of the indicators scored) at which VALUE_INDEX
    crosses 1.0 when only it moves, others rescaled in proportion; blank where it never
    does."""
    found = _value_index(weights, actual, target, direction, method, base, cap, scale)
    return [[_blank(t)] for t in sensitivity.value_thresholds(found)]


@worksheet_function(**VALUE_ARGS, names=Labels("The indicators' names, same order."),
                    lang=choice(explain.LANGS, "ja (default) or en."))
def VALUE_DRIVERS(weights, actual, target, direction=None, method=None, base=None, cap=None,
                  scale=None, names=None, lang=None):
    """What moves VALUE_INDEX away from 1.0 (on target): two rows, the indicators pulling
    it up, then down, at most three each with their pull w·(s − 1) and score. 要因."""
    if names is None:
        raise InputError("names is missing; give the indicators' names")
    found = _value_index(weights, actual, target, direction, method, base, cap, scale)
    if len(names) != len(found.scores):
        raise InputError(f"names has {len(names)} cells but weights has "
                         f"{len(found.scores)}; give one name per indicator")
    up, down = found.drivers()
    words = (("押し上げ", "押し下げ", "なし", "得点") if lang == "ja"
             else ("Up", "Down", "none", "score"))

    def listed(which: list[int]) -> str:
        return "、".join(f"{names[i] or f'#{i + 1}'} {found.pulls[i]:+.3f} "
                        f"({words[3]} {found.ratios[i]:.2f})" for i in which) or words[2]

    return [[f"{words[0]}: {listed(up)}"], [f"{words[1]}: {listed(down)}"]]


@worksheet_function(weights=Cells(WEIGHTS.doc), actual=Cells(ACTUAL.doc),
                    target=Cells(TARGET.doc), direction=Cells(DIRECTION.doc),
                    names=Cells("Optional indicator names for the message (same order)."),
                    method=Cells(METHOD.doc), base=Cells(BASE.doc), cap=Value(CAP.doc),
                    scale=Cells(SCALE.doc))
def VALUE_CHECK(weights, actual, target, direction=None, names=None, method=None, base=None,
                cap=None, scale=None):
    """Status text of VALUE_INDEX's inputs: OK, or the first problem by indicator name, the
    scores not ordinary (capped, undefined, near zero, sign change) or the indicators
    without a target. Never an error."""
    return checks.targets(weights, actual, target, direction, names, method, base, cap, scale)


@worksheet_function(index=Value("The value index (a VALUE_INDEX cell)."),
                    targets=Value("VALUE_CHECK's status of its inputs."),
                    view=Value("The status of the weights' matrix (AHP_CHECK)."),
                    statement=Value("Optional FIN_CHECK status of the statement (units)."))
def VALUE_STANDING(index, targets, view, statement=None):
    """確定 final, or 参考値 provisional with every reason (a score not ordinary, the view's
    failed check, a unit to check), or 計算不可: how far the value index can be relied on."""
    return checks.standing(index, view, targets, statement)


@worksheet_function(statuses=Cells("Status cells of the input blocks (a row or column), e.g. "
                                   "the matrix's, the statement's and the targets'."),
                    labels=Cells("Optional names of the blocks, same order."))
def STATUS_OVERALL(statuses, labels=None):
    """The most serious of several statuses (入力エラー, 債務超過, 計算不可, 未入力, 要再検討,
    注意, OK), with its block's name: one status for the whole evaluation. Never an error."""
    try:
        given = flat(statuses, "statuses")
        names = None if labels is None else flat(labels, "labels")
    except InputError as error:
        return f"{checks.ERROR} input error — {error}"
    return checks.overall(given, names)


# --- 保有株式: the holding's disclosure and NPV estimate (柳 2009) -------------------

@worksheet_function(
    rate=Value("Discount rate per year, e.g. 0.05 for 5 %."),
    flows=Cells("Cash-flow rows (dividends, synergies, sale value): each row's name in the "
                "first column, then years 1, 2, …"),
    investment=Value("The investment at t = 0 (the market value at year end, or the cost)."),
    figures=Cells("Optional rows of label and value: shares, cost, book and market value."))
def HOLDING_CHECK(rate, flows, investment, figures=None):
    """Status text of a holding's NPV estimate: OK, or what is wrong (a cash flow typed as
    text, which Excel's NPV would skip; a rate ≤ −100 %; a missing figure). Never an error."""
    return checks.holding(rate, flows, investment, figures)


# --- 期 and KPI 推移: the same view, every period (SPEC §2.7) ------------------------

@worksheet_function(period=Value("A period: FY2024 / 2024年度, 2024H1, 2024Q3 / 2024年度第3四半期 "
                                 "or 2024-04 (full-width digits too)."))
def PERIOD_LABEL(period):
    """The period as xlahp writes and orders it (FY2024, FY2024 Q3, 2024-04); blank for a
    blank cell, a message for one that names no period."""
    return "" if is_blank(period) else periods.parse(period).label


@worksheet_function(actual=One("The KPI's actual for one review period."),
                    target=Value("Its target (the cover's 目標値): a number, 1,234 or 80%."),
                    direction=Direction("1 / higher (default) or -1 / lower is better.",
                                        several=False),
                    cap=CAP)
def KPI_SCORE(actual, target, direction=None, cap=None):
    """A KPI's achievement: actual ÷ target (target ÷ actual when lower is better), bounded
    to [0, cap] like the value index's scores; blank while the actual or target is."""
    goal = readers.kpi_target(target, "target")
    if actual is None or goal is None:
        return ""
    found = value.score(actual, goal, direction, "ratio", cap=cap)
    if found.value is None:
        raise InputError(f"no achievement: {found.why}")
    return found.value


LOG_PERIODS = Cells("The review periods of the log, one per row, oldest first.")
LOG_ACTUALS = Cells("The figures: one row per period, one column each for KGI, KPI 1, ….")
LOG_TARGETS = Cells("The targets of KGI, KPI 1, … (the cover's 目標値), same order.")
LOG_DIRECTIONS = Cells("Optional directions of KGI, KPI 1, …: 1 / higher, -1 / lower.")


@worksheet_function(periods=LOG_PERIODS, actuals=LOG_ACTUALS,
                    names=Cells("The names of KGI, KPI 1, … (blank: line not used)."),
                    targets=LOG_TARGETS, directions=LOG_DIRECTIONS)
def KPI_CHECK(periods, actuals, names, targets, directions=None):
    """Status text of a KPI review log: OK with the periods reported and still to report, or
    what is wrong (a period out of order, a figure that is no number). Never an error."""
    return checks.kpis(periods, actuals, names, targets, directions)


@worksheet_function(rules=Value("Exit rules, one per line: e.g. KPI 2 < 70% for 2, or KGI が "
                                "60% 未満 (docs/method.md §12)."),
                    periods=LOG_PERIODS, actuals=LOG_ACTUALS, targets=LOG_TARGETS,
                    directions=LOG_DIRECTIONS,
                    cadence=Value("Optional review cadence (月次, 四半期, 半期, 年次): a rule "
                                  "naming other periods is refused."))
def EXIT_CHECK(rules, periods, actuals, targets, directions=None, cadence=None):
    """Exit 検討 with the exit rule met and the reviews that meet it; OK when none is; a
    message naming a rule that cannot be read; blank without rules. Never an error."""
    return checks.exit_rules(rules, periods, actuals, targets, directions, cadence)


@worksheet_function(previous=Cells("The previous period's weights (written by xlahp new --from)."),
                    current=Cells("This period's weights (AHP_WEIGHTS), same order."),
                    reason=Value("The reason given for a change of view (ViewChangeReason)."),
                    names=Cells("Optional criterion names, same order."))
def VIEW_CHECK(previous, current, reason=None, names=None):
    """Status text of this period's view: OK when it is the previous period's, or changed
    with a reason; 要説明 when the weights moved and no reason is given. Never an error."""
    return checks.view_change(previous, current, reason, names)


# --- 総合化 and 感度分析: the hierarchy (手順3, 手順4) ----------------------------

CRITERIA_WEIGHTS = Numbers("Weights of the k criteria (a row or column, e.g. from AHP_WEIGHTS; "
                           "0 or more, rescaled to sum 1).")
LOCAL = NumberGrid("m×k local priorities: alternatives in rows, criteria in columns in the "
                   "order of the weights (from AHP_WEIGHTS, AHP_RATINGS or AHP_DATA). Columns "
                   "need not sum to 1.")
MODE = choice(hierarchy.MODES, "distributive (default: each column normalised to sum 1) or "
                               "ideal (each column divided by its best; an added alternative "
                               "never reorders the others).")


def _hierarchy(criteria_weights: Any, local_priorities: Any) -> tuple[Any, Any]:
    w = hierarchy.criteria_weights(criteria_weights)
    return w, hierarchy.local_table(local_priorities, len(w))


@worksheet_function(criteria_weights=CRITERIA_WEIGHTS, local_priorities=LOCAL, mode=MODE)
def AHP_SYNTH(criteria_weights, local_priorities, mode=None):
    """Global priorities of the alternatives (m×1, summing to 1): Σ criterion weight ×
    local priority (手順3 総合評価)."""
    w, local = _hierarchy(criteria_weights, local_priorities)
    return column(hierarchy.synthesize(w, local, mode))


@worksheet_function(criteria_weights=CRITERIA_WEIGHTS, local_priorities=LOCAL,
                    criterion=Value("Which criterion's weight moves: its number 1…k (column "
                                    "of local_priorities)."),
                    steps=WholeNumber("Number of steps from 0 to 1, default 20 (2 to 200).",
                                      2, 200, 20),
                    mode=MODE)
def AHP_SWEEP(criteria_weights, local_priorities, criterion, steps=None, mode=None):
    """Gradient table for a chart: the criterion's weight from 0 to 1 (others rescaled in
    proportion) and each alternative's global priority; header row first (手順4)."""
    w, local = _hierarchy(criteria_weights, local_priorities)
    j = whole_number(criterion, "criterion", 1, len(w)) - 1
    ts, p = sensitivity.sweep(w, local, j, steps, mode)
    header = ["weight 重み"] + [f"alternative {a + 1} 代替案" for a in range(local.shape[0])]
    return [header] + [[float(t), *map(float, row)] for t, row in zip(ts, p)]


@worksheet_function(criteria_weights=CRITERIA_WEIGHTS, local_priorities=LOCAL, mode=MODE)
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


@worksheet_function(
    ratings=Cells("m×k rating labels (alternatives in rows, criteria in columns), each a level "
                  "of the scale, e.g. 優 / 良 / 可 or A / B / C."),
    scale=Cells("Two columns: each level's label and its priority (e.g. AHP_WEIGHTS of a "
                "pairwise matrix of the levels), best level first or anywhere."))
def AHP_RATINGS(ratings, scale):
    """Local priorities from ratings (absolute measurement): each rating's level priority
    divided by the best level's (best = 1). Feed to AHP_SYNTH as local_priorities."""
    table = readers.level_priorities(scale)
    return [list(map(float, row))
            for row in hierarchy.rating_priorities(readers.ratings(ratings), table)]


@worksheet_function(
    values=Numbers("The alternatives' data under one criterion (a row or column of positive "
                   "numbers, e.g. each candidate's 倒産指数)."),
    direction=Direction(DIRECTION.doc, several=False))
def AHP_DATA(values, direction=None):
    """Local priorities (m×1, summing to 1) from data: value/Σ values when higher is
    better, (1/value)/Σ(1/value) when lower is better."""
    return column(hierarchy.data_priorities(values, direction))


