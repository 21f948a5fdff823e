"""The financial sheets: 財務諸表 (statement inputs), 指標 (every candidate
indicator), 目標比較 (the selected indicators against targets, VALUE_INDEX) and
倒産指数 (bankruptcy index).

Errors are shown, not hidden, where they tell the planner what is missing:
指標 shows FIN_INDICATOR's message for an indicator whose statement figures are
not entered.  目標比較 looks the selected indicators up with IFERROR(…,"") so
that a missing target only drops that indicator from VALUE_INDEX (its status
column says why) instead of breaking the index.
"""

from __future__ import annotations


from xlahp import paper
from xlahp.finance import (BANKRUPTCY_COMPONENTS, BASE_PERIOD, GREY_BAND, INDICATORS, ITEM_EN,
                           ITEMS, terms)

from .ahp import N, criterion, weight
from .case import PERIODS, Case
from .layout import (Block, Cell, Chart, Sheet, at, calc, en, entry, head, heading, label, note,
                     ref, span)

STATEMENT_SHEET, INDICATOR_SHEET, TARGET_SHEET, BANKRUPTCY_SHEET = (
    "財務諸表", "指標", "目標比較", "倒産指数")

# ------------------------------------------------------------------ 財務諸表


def _uses() -> dict[str, list[str]]:
    """Statement item → the indicators and 倒産指数 components that need it."""
    uses: dict[str, list[str]] = {}
    for ind in (*INDICATORS.values(), *BANKRUPTCY_COMPONENTS):
        name = f"倒産指数 {ind.name}" if ind in BANKRUPTCY_COMPONENTS else ind.name
        for item in dict.fromkeys((*ind.current, *ind.previous)):
            uses.setdefault(item, []).append(name)
    return uses


_USES = _uses()
#: Statement items any candidate indicator or 倒産指数 component needs, in ITEMS order.
STATEMENT_ITEMS = tuple(item.key for item in ITEMS if item.key in _USES)
#: Units other than 百万円, chosen so that 株価 × 発行済株式数 is in 百万円 too.
UNITS = {"発行済株式数": "百万株 (million shares)", "株価": "円 (yen)"}
AMOUNT = '#,##0;[Red]"▲"#,##0'
MIXED = "#,##0.00"  # amounts and ratios in one column
FORMATS = {"発行済株式数": '#,##0.0;[Red]"▲"#,##0.0', "株価": "#,##0.00"}

STATEMENT_HEAD = 5            # header row: 項目 … 当期 前期 目標
ITEM_ROW = STATEMENT_HEAD + 2  # first item (the row between holds 決算期)
PERIOD_COLS = {key: col for col, (_, _, key) in zip("DEF", PERIODS)}
LAST_ITEM_ROW = ITEM_ROW + len(STATEMENT_ITEMS) - 1
STATEMENT_CELLS = f"B{STATEMENT_HEAD}:F{LAST_ITEM_ROW}"  # what FIN_INDICATOR reads, header included
STATEMENT = ref(STATEMENT_CELLS, STATEMENT_SHEET)


def statement_cell(item: str, period: str = "current") -> str:
    return at(PERIOD_COLS[period], ITEM_ROW + STATEMENT_ITEMS.index(item), STATEMENT_SHEET)


def statement(case: Case) -> Sheet:
    rows = [[label(key), en(ITEM_EN[key]),
             *[entry(case.statement.get(period, {}).get(key), FORMATS.get(key, AMOUNT))
               for _, _, period in PERIODS],
             en(UNITS.get(key, "百万円")), Cell("、".join(_USES[key]), "hint")]
            for key in STATEMENT_ITEMS]
    return Sheet(
        STATEMENT_SHEET,
        [*heading("財務諸表 (有価証券報告書・中期計画)",
                  "Financial statement inputs (annual report, mid-term plan)",
                  "単位: 百万円 (発行済株式数は百万株、株価は円)。連結の数値を入力。負数は "
                  "-1,234・▲1,234 のどちらでも可。目標は中期計画などの目標年度の数値。",
                  "Unit: million yen (shares in millions, price in yen); consolidated "
                  "figures. Target = the plan's target year.",
                  7),
         Block(f"B{STATEMENT_HEAD}", [
             [head("項目", "Item"), head("English"),
              *[head(ja, text) for ja, text, _ in PERIODS], head("単位", "Unit"),
              head("使用する指標", "Used by")],
             [label("決算期"), en("Fiscal year"),
              *[entry(case.fiscal_years.get(period)) for _, _, period in PERIODS]],
             *rows])],
        widths={"A": 2, "B": 16, "C": 26, "D": 16, "E": 16, "F": 16, "G": 20, "H": 60},
        heights={3: 30},
        names={"Input_Statement": STATEMENT_CELLS,
               **{f"Input_{key.capitalize()}": f"{col}{ITEM_ROW}:{col}{LAST_ITEM_ROW}"
                  for key, col in PERIOD_COLS.items()}},
        freeze=f"D{ITEM_ROW}",
    )


# ------------------------------------------------------------------ 指標

#: Candidate indicators grouped by criterion (paper order within each group).
INDICATOR_ROWS = tuple(sorted(INDICATORS.values(), key=lambda i: paper.CRITERIA.index(i.criterion)))
INDICATOR_HEAD = 5
_FIRST = INDICATOR_HEAD + 1
_LAST = _FIRST + len(INDICATOR_ROWS) - 1
_UNIT = {"円": ("百万円", AMOUNT), "%": ("%", "0.0"), "回": ("回", "0.00"), "倍": ("倍", "0.00")}


#: What an indicator cell shows when the statement lacks a figure it needs.
NOT_COMPUTABLE = "計算不可 n/a"


def _needs_all(cells: list[str], formula: str, shown: str) -> str:
    """*formula* once every figure it needs is filled in, *shown* until then: a
    missing figure is not an error, while a figure the formula refuses (a
    negative 自己資本, say) still shows its error."""
    return f'=IF(COUNT({",".join(cells)})<{len(cells)},"{shown}",{formula})'


def _indicator_formula(ind, r: int, period: str, word: str) -> str:
    base = BASE_PERIOD[period]
    cells = [statement_cell(item, period) for item in ind.current]
    cells += [statement_cell(item, base) for item in ind.previous]
    return _needs_all(cells, f'FIN_INDICATOR($C{r},{STATEMENT},"{word}")', NOT_COMPUTABLE)


def _indicator_column(col: str) -> str:
    return span(f"{col}{_FIRST}", f"{col}{_LAST}", INDICATOR_SHEET)


def candidates_name(k: int) -> str:
    """Defined name of the k-th criterion's candidate indicators (a drop-down source)."""
    return f"List_{paper.CRITERIA_EN[k]}"


def _candidate_ranges() -> dict[str, str]:
    ranges = {}
    for k, crit in enumerate(paper.CRITERIA):
        rows = [_FIRST + r for r, ind in enumerate(INDICATOR_ROWS) if ind.criterion == crit]
        ranges[candidates_name(k)] = f"C{rows[0]}:C{rows[-1]}"
    return ranges


def indicators(case: Case) -> Sheet:
    rows = []
    for r, ind in enumerate(INDICATOR_ROWS, start=_FIRST):
        unit, fmt = _UNIT[ind.unit]
        current, target, text = case.overrides.get(ind.name, (None, None, None))
        rows.append([
            calc(f"={criterion(paper.CRITERIA.index(ind.criterion))}"), calc(ind.name),
            en(ind.en), calc(unit), calc(f"=FIN_DIRECTION($C{r})", "+0;-0"), en(ind.formula),
            *(calc(_indicator_formula(ind, r, period, word), fmt)
              for period, word in (("current", "当期"), ("target", "目標"))),
            entry(current, fmt), entry(target, fmt),
            *(calc(f'=IF({typed}{r}="",IF(ISNUMBER({computed}{r}),{computed}{r},""),{typed}{r})',
                   fmt, kind="result") for typed, computed in (("J", "H"), ("K", "I"))),
            entry(text)])
    return Sheet(
        INDICATOR_SHEET,
        [*heading("財務指標の候補 (手順3)", "Candidate financial indicators (step 3)",
                  "当期・目標は財務諸表から FIN_INDICATOR で計算。必要な数値が財務諸表にない指標は"
                  "「計算不可」(式の FIN_INDICATOR を単独で入れると不足項目が表示される)。直接入力に"
                  "値を入れると採用値はそれを使う。方向 +1 = 高いほど良い、−1 = 低いほど良い。",
                  "Current and target values come from the statement via FIN_INDICATOR; "
                  "「計算不可」 (n/a) where a figure it needs is not in the statement. A value "
                  "typed under 直接入力 (override) replaces the computed one. Direction +1 = "
                  "higher is better, −1 = lower is better.",
                  12),
         Block(f"B{INDICATOR_HEAD}", [
             [head("評価基準", "Criterion"), head("指標", "Indicator"), head("English"),
              head("単位", "Unit"), head("方向", "Direction"), head("計算式", "Formula"),
              head("当期 (計算)", "Current, computed"), head("目標 (計算)", "Target, computed"),
              head("当期 直接入力", "Current override"), head("目標 直接入力", "Target override"),
              head("当期 採用値", "Current used"), head("目標 採用値", "Target used"),
              head("備考", "Note")], *rows])],
        widths={"A": 2, "B": 12, "C": 16, "D": 30, "E": 8, "F": 10, "G": 44, "H": 17, "I": 17,
                "J": 17, "K": 17, "L": 17, "M": 17, "N": 36},
        heights={3: 30, 4: 30},
        names={"List_Indicators": f"C{_FIRST}:C{_LAST}", **_candidate_ranges()},
        freeze=f"D{_FIRST}",
    )


# ------------------------------------------------------------------ 目標比較

TARGET_HEAD = 5
_T1, _TN = TARGET_HEAD + 1, TARGET_HEAD + N
INDEX_ROW = _TN + 2  # VALUE_INDEX, then VALUE_COVERAGE and the reading


def _lookup(col: str, r: int) -> str:
    return (f"=IFERROR(INDEX({_indicator_column(col)},"
            f"MATCH($D{r},{_indicator_column('C')},0)),\"\")")


def target_comparison(case: Case) -> Sheet:
    args = ",".join(span(f"{c}{_T1}", f"{c}{_TN}") for c in "CGHE")
    rows = [[calc(f"={criterion(k)}"), calc(f"={weight(k)}", "0.000"),
             entry(case.selected[k], choices=f"={candidates_name(k)}"),
             calc(f"=FIN_DIRECTION($D{r})", "+0;-0"), calc(_lookup("E", r)),
             calc(_lookup("L", r), MIXED), calc(_lookup("M", r), MIXED),
             calc(f'=IF(H{r}="","",VALUE_RATIO(G{r},H{r},E{r}))', "0.0%"),
             calc(f'=IF(H{r}="","",INDEX(VALUE_CONTRIB({args}),{k + 1}))', "0.000",
                  kind="result"),
             calc(f'=IF(G{r}="","当期値なし no current value",IF(H{r}="",'
                  f'"目標なし: 指数から除外 no target, excluded",""))')]
            for k, r in enumerate(range(_T1, _TN + 1))]
    index = at("C", INDEX_ROW)
    return Sheet(
        TARGET_SHEET,
        [*heading("目標比較と企業価値指数", "Target comparison and value index",
                  "達成率 = 当期 ÷ 目標 (低いほど良い指標は 目標 ÷ 当期)。企業価値指数 = 目標のある"
                  "指標の Σ 重み × 達成率 (重みはそれらで再正規化)。1.0 = 目標どおり。",
                  "Achievement = actual ÷ target (target ÷ actual when lower is better). "
                  "Value index = Σ weight × achievement over the indicators with a "
                  "target, weights renormalised; 1.0 = on target.",
                  10),
         Block(f"B{TARGET_HEAD}", [
             [head("評価基準", "Criterion"), head("重み", "Weight"),
              head("指標 (選択)", "Indicator (choose)"), head("方向", "Direction"),
              head("単位", "Unit"), head("当期", "Current"), head("目標", "Target"),
              head("達成率", "Achievement"), head("寄与", "Contribution"),
              head("状態", "Status")], *rows]),
         Block(f"B{INDEX_ROW}", [
             [label("企業価値指数"),
              calc(f"=VALUE_INDEX({args})", "0.000", "Result_ValueIndex", "result", across=2), None,
              en("Value index (VALUE_INDEX): 1.0 = on target", 4)],
             [label("カバー率"), calc(f"=VALUE_COVERAGE({args})", "0.0%", "Result_Coverage", across=2),
              None, en("Coverage: share of the weight whose indicator has a target", 4)],
             [label("評価"), calc(f'=IF(ISNUMBER({index}),IF({index}>=1,"目標達成 on target",'
                                  f'"目標未達 below target"),"")', across=2), None,
              en("Reading", 4)]])],
        widths={"A": 2, "B": 16, "C": 10, "D": 20, "E": 10, "F": 10, "G": 14, "H": 14,
                "I": 12, "J": 12, "K": 40},
        heights={3: 30, 4: 30},
        names={"Input_Selected": f"D{_T1}:D{_TN}", "Result_Current": f"G{_T1}:G{_TN}",
               "Result_Target": f"H{_T1}:H{_TN}", "Result_Contributions": f"J{_T1}:J{_TN}"},
        charts=[Chart("bar", f"B{INDEX_ROW + 4}", "寄与 (重み × 達成率) / Contributions",
                      f"B{_T1}:B{_TN}", f"J{_T1}:J{_TN}", "0.000", (18, 8))],
    )


# ------------------------------------------------------------------ 倒産指数

_OPERATORS = {"+": "+", "−": "-", "×": "*"}
BANKRUPTCY_HEAD = 5
_B1 = BANKRUPTCY_HEAD + 1
_BN = _B1 + len(BANKRUPTCY_COMPONENTS) - 1
BANKRUPTCY_ROW = _BN + 3  # simple index; weighted, verdicts and the grey band below


#: What a 倒産指数 cell shows while a figure it needs is blank.
MISSING_INPUT = "入力不足 missing input"
#: … and when its denominator is not positive (as finance refuses it).
NOT_POSITIVE = "計算不可: 分母 ≤ 0 denominator ≤ 0"


def _component(c) -> str:
    """A 倒産指数 component as an Excel formula on the current-year statement cells;
    "入力不足" rather than a misleading number while one of its figures is blank."""
    def excel(expression: str) -> str:
        parts = terms(expression)
        return "".join(_OPERATORS[p] if k % 2 else statement_cell(p) for k, p in enumerate(parts))
    cells = [statement_cell(item) for item in c.current]
    return _needs_all(cells, f'IF(({excel(c.den)})>0,({excel(c.num)})/({excel(c.den)}),'
                             f'"{NOT_POSITIVE}")', MISSING_INPUT)


def _bankruptcy_inputs() -> list[str]:
    items = dict.fromkeys(i for c in BANKRUPTCY_COMPONENTS for i in c.current)
    return [statement_cell(item) for item in items]


def _verdict(value: str, band: str) -> str:
    return (f'=IF(ISNUMBER({value}),IF({value}>=1+{band},"健全 healthy",'
            f'IF({value}<1-{band},"不健全 unhealthy","グレーゾーン grey zone")),"")')


def bankruptcy(case: Case) -> Sheet:
    rows = [[label(c.name), en(c.en), en(c.formula),
             calc(_component(c), "0.00"), entry(w, "0.00")]
            for c, w in zip(BANKRUPTCY_COMPONENTS, case.bankruptcy_weights)]
    simple, weighted, band = (at("E", BANKRUPTCY_ROW + k) for k in (0, 1, 4))
    weights = span(f"F{_B1}", f"F{_BN}")
    return Sheet(
        BANKRUPTCY_SHEET,
        [*heading("倒産指数 (現代会計カンファレンス編; 木下の加重平均)",
                  "Bankruptcy index (simple mean; AHP-weighted after Kinoshita)",
                  "各要素は財務諸表シートの当期の数値から計算。1.0 以上で健全、1.0 前後はグレー"
                  "ゾーン。重みは 5 要素の一対比較 (AHP) で決めてもよい (既定値は論文の例)。",
                  "Components from the current-year statement. 1.0 or more = healthy; "
                  "around 1.0 = grey zone. Weights default to the paper's example.",
                  5),
         Block(f"B{BANKRUPTCY_HEAD}", [
             [head("要素", "Component"), head("English"), head("計算式", "Formula"),
              head("値", "Value"), head("重み", "Weight")], *rows,
             [label("重みの合計 / Sum of weights", 4), None, None, None,
              calc(f"=SUM({weights})", "0.00")]]),
         Block(f"B{BANKRUPTCY_ROW}", [
             [label("倒産指数 (単純平均)"), en("Index, simple mean"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT})", MISSING_INPUT),
                   "0.00",
                   "Result_Bankruptcy", "result")],
             [label("倒産指数 (加重平均)"), en("Index, weighted (Kinoshita)"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT},{weights})",
                             MISSING_INPUT), "0.00",
                   "Result_BankruptcyWeighted", "result")],
             [label("判定 (単純平均)"), en("Verdict, simple"), None, calc(_verdict(simple, band))],
             [label("判定 (加重平均)"), en("Verdict, weighted"), None,
              calc(_verdict(weighted, band))],
             [label("グレーゾーンの幅 ±"), en("Grey-zone half-width"),
              note("xlahp の既定値。論文は「1.0 前後」とのみ記載 / xlahp's default; the paper "
                   "only says 'around 1.0'"), entry(GREY_BAND, "0.00")]])],
        widths={"A": 2, "B": 22, "C": 26, "D": 44, "E": 22, "F": 12},
        heights={3: 30, BANKRUPTCY_ROW + 4: 30},
        names={"Input_BankruptcyWeights": f"F{_B1}:F{_BN}"},
    )
