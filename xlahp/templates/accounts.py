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


from xlahp.core import paper
from xlahp.core.finance import (BANKRUPTCY_COMPONENTS, BASE_PERIOD, GREY_BAND, INDICATORS, ITEM_EN,
                           ITEMS)

from xlahp.templates.ahp import N, criterion, guarded, result, weight
from xlahp.templates.case import PERIODS, Case
from xlahp.templates.layout import (Block, Cell, Chart, Mark, Sheet, at, calc, en, entry, head, heading, label,
                     local_address, note, ref, span, status_marks)

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
#: Columns of the figures as read (FIN_AMOUNT of the typed cell): what the sheets compute with.
READ_COLS = {key: col for col, (_, _, key) in zip("GHI", PERIODS)}
STATEMENT_STATUS = at("C", STATEMENT_HEAD - 1, STATEMENT_SHEET)
LAST_ITEM_ROW = ITEM_ROW + len(STATEMENT_ITEMS) - 1
STATEMENT_CELLS = f"B{STATEMENT_HEAD}:F{LAST_ITEM_ROW}"  # what FIN_INDICATOR reads, header included
STATEMENT = ref(STATEMENT_CELLS, STATEMENT_SHEET)


def statement_cell(item: str, period: str = "current") -> str:
    """The typed cell of a statement figure."""
    return at(PERIOD_COLS[period], ITEM_ROW + STATEMENT_ITEMS.index(item), STATEMENT_SHEET)


def read_cell(item: str, period: str = "current") -> str:
    """The cell holding the number a statement figure was read as (▲1,234 → −1234)."""
    return at(READ_COLS[period], ITEM_ROW + STATEMENT_ITEMS.index(item), STATEMENT_SHEET)


def _read(key: str, period: str) -> Cell:
    typed = statement_cell(key, period).split("!")[1]
    return calc(f'=IF({typed}="","",{guarded(f"FIN_AMOUNT({typed})")[1:]})',
                FORMATS.get(key, AMOUNT))


def statement(case: Case) -> Sheet:
    rows = [[label(key), en(ITEM_EN[key]),
             *[entry(case.statement.get(period, {}).get(key), FORMATS.get(key, AMOUNT))
               for _, _, period in PERIODS],
             *[_read(key, period) for _, _, period in PERIODS],
             en(UNITS.get(key, "百万円")), Cell("、".join(_USES[key]), "hint")]
            for key in STATEMENT_ITEMS]
    return Sheet(
        STATEMENT_SHEET,
        [*heading("財務諸表 (有価証券報告書・中期計画)",
                  "Financial statement inputs (annual report, mid-term plan)",
                  "単位: 百万円 (発行済株式数は百万株、株価は円)。連結の数値を入力。負数は "
                  "-1,234・▲1,234・△1,234・(1,234) のどれでも可、全角数字・カンマも可 — "
                  "読取値の列が計算に使う数値。目標は中期計画などの目標年度の数値。",
                  "Unit: million yen (shares in millions, price in yen); consolidated "
                  "figures. Negatives as -1,234, ▲1,234, △1,234 or (1,234); the 'as read' "
                  "columns show the numbers used. Target = the plan's target year.",
                  10, status=f"=FIN_CHECK({STATEMENT})", status_name="Status_Statement"),
         Block(f"B{STATEMENT_HEAD}", [
             [head("項目", "Item"), head("English"),
              *[head(ja, text) for ja, text, _ in PERIODS],
              *[head(f"{ja} 読取値", "as read") for ja, _, _ in PERIODS],
              head("単位", "Unit"), head("使用する指標", "Used by")],
             [label("決算期"), en("Fiscal year"),
              *[entry(case.fiscal_years.get(period)) for _, _, period in PERIODS]],
             *rows])],
        widths={"A": 2, "B": 16, "C": 24, "D": 14, "E": 14, "F": 14, "G": 13, "H": 13,
                "I": 13, "J": 16, "K": 48},
        marks=status_marks(local_address(STATEMENT_STATUS)),
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
    """*formula* once every figure it needs is filled in, *shown* until then.

    ``cells`` are figures as read (:func:`read_cell`), so ▲1,234 counts as a
    number.  A missing figure is not an error; a figure that cannot be read, or
    that the formula refuses (a negative 自己資本, say), shows #N/A and the
    statement's status says why."""
    listed = ",".join(cells)
    return (f'=IF(COUNT({listed})<{len(cells)},IF(ISERROR(SUM({listed})),NA(),"{shown}"),'
            f"IFERROR({formula},NA()))")


def _indicator_formula(ind, r: int, period: str, word: str) -> str:
    base = BASE_PERIOD[period]
    cells = [read_cell(item, period) for item in ind.current]
    cells += [read_cell(item, base) for item in ind.previous]
    return _needs_all(cells, f'FIN_INDICATOR($C{r},{STATEMENT},"{word}")', NOT_COMPUTABLE)


def _used(typed: str, computed: str, r: int) -> str:
    """The value used: the override (read like a statement figure) if typed, else the
    computed value — its error included, so that a refused indicator is never
    mistaken for one without a value."""
    return (f'=IF({typed}{r}="",IF(ISERROR({computed}{r}),{computed}{r},'
            f'IF(ISNUMBER({computed}{r}),{computed}{r},"")),'
            f"IFERROR(FIN_AMOUNT({typed}{r}),NA()))")


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
            *(calc(_used(typed, computed, r), fmt, kind="result")
              for typed, computed in (("J", "H"), ("K", "I"))),
            entry(text)])
    return Sheet(
        INDICATOR_SHEET,
        [*heading("財務指標の候補 (手順3)", "Candidate financial indicators (step 3)",
                  "当期・目標は財務諸表から FIN_INDICATOR で計算。必要な数値が財務諸表にない指標は"
                  "「計算不可」、読めない数値や定義されない指標 (債務超過の ROE など) は #N/A — 理由は"
                  "財務諸表の状態欄。直接入力に値を入れると採用値はそれを使う。方向 +1 = 高いほど良い、"
                  "−1 = 低いほど良い。",
                  "Current and target values come from the statement via FIN_INDICATOR; "
                  "「計算不可」 (n/a) where a figure it needs is not in the statement, #N/A where "
                  "a figure cannot be read or the indicator is not defined (ROE under negative "
                  "equity): the statement's status says why. A value typed under 直接入力 "
                  "(override) replaces the computed one. Direction +1 = higher is better.",
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
INDEX_ROW = _TN + 2  # VALUE_INDEX, then VALUE_COVERAGE, the reading and the standing
STANDING_ROW = INDEX_ROW + 3
TARGET_STATUS = at("C", TARGET_HEAD - 1, TARGET_SHEET)
#: First word of the standing of a value index whose weights failed their check.
PROVISIONAL = "参考値"


def _lookup(col: str, r: int) -> str:
    """The indicator's value from 指標 — its error included (a refused indicator must
    not pass for one without a value); blank when no indicator is chosen."""
    match = f"MATCH($D{r},{_indicator_column('C')},0)"
    return f'=IF(ISNA({match}),"",INDEX({_indicator_column(col)},{match}))'


def standing(index: str, verdict: str) -> str:
    """Whether the value index at ``index`` is final or only 参考値 (provisional), from
    the weights' verdict: 参考値 with the verdict's reasons unless it is 妥当."""
    return (f'=IF(ISERROR({index}),"計算不可 not computed — 入力の状態を参照 see the input status",'
            f'IF(NOT(ISNUMBER({index})),"",IF(ISERROR({verdict}),"{PROVISIONAL} provisional: '
            f'重みの判定なし no verdict",IF(LEFT({verdict},2)="妥当","確定 final: 重みの整合性 OK",'
            f'"{PROVISIONAL} provisional — "&SUBSTITUTE({verdict},"要再検討 review: ","")'
            f'&" — 一対比較の見直し候補を参照 / revisit the judgments"))))')


def provisional_marks(cells: str, standing_cell: str) -> list[Mark]:
    """Orange fill on the value index (and its standing) while the standing is 参考値,
    red while it is 計算不可."""
    return [Mark(cells, f'LEFT({standing_cell},3)="{PROVISIONAL}"', "warn"),
            Mark(cells, f'LEFT({standing_cell},4)="計算不可"', "error")]


def target_comparison(case: Case) -> Sheet:
    args = ",".join(span(f"{c}{_T1}", f"{c}{_TN}") for c in "CGHE")
    status = TARGET_STATUS.split("!")[1]

    def shown(formula: str) -> str:
        return guarded(formula, status)

    rows = [[calc(f"={criterion(k)}"), calc(f"={weight(k)}", "0.000"),
             entry(case.selected[k], choices=f"={candidates_name(k)}"),
             calc(f'=IF($D{r}="","",IFERROR(FIN_DIRECTION($D{r}),NA()))', "+0;-0"),
             calc(_lookup("E", r)), calc(_lookup("L", r), MIXED), calc(_lookup("M", r), MIXED),
             calc(f'=IF(H{r}="","",IFERROR(VALUE_RATIO(G{r},H{r},E{r}),NA()))', "0.0%"),
             calc(f'=IF(H{r}="","",IFERROR(INDEX(VALUE_CONTRIB({args}),{k + 1}),NA()))',
                  "0.000", kind="result"),
             calc(f'=IF(ISERROR(G{r}),"当期値 計算不可: 財務諸表の状態を参照 not computable",'
                  f'IF(G{r}="","当期値なし no current value",IF(ISERROR(H{r}),'
                  f'"目標値 計算不可: 財務諸表の状態を参照 not computable",IF(H{r}="",'
                  f'"目標なし: 指数から除外 no target, excluded",""))))')]
            for k, r in enumerate(range(_T1, _TN + 1))]
    index = at("C", INDEX_ROW)
    check = ",".join(span(f"{c}{_T1}", f"{c}{_TN}") for c in "CGHED")
    return Sheet(
        TARGET_SHEET,
        [*heading("目標比較と企業価値指数", "Target comparison and value index",
                  "達成率 = 当期 ÷ 目標 (低いほど良い指標は 目標 ÷ 当期)。企業価値指数 = 目標のある"
                  "指標の Σ 重み × 達成率 (重みはそれらで再正規化)。1.0 = 目標どおり。重みの判定が"
                  "妥当でなければ指数は参考値。",
                  "Achievement = actual ÷ target (target ÷ actual when lower is better). "
                  "Value index = Σ weight × achievement over the indicators with a "
                  "target, weights renormalised; 1.0 = on target; provisional (参考値) unless "
                  "the weights passed their check.",
                  10, status=f"=VALUE_CHECK({check})", status_name="Status_Targets"),
         Block(f"B{TARGET_HEAD}", [
             [head("評価基準", "Criterion"), head("重み", "Weight"),
              head("指標 (選択)", "Indicator (choose)"), head("方向", "Direction"),
              head("単位", "Unit"), head("当期", "Current"), head("目標", "Target"),
              head("達成率", "Achievement"), head("寄与", "Contribution"),
              head("状態", "Status")], *rows]),
         Block(f"B{INDEX_ROW}", [
             [label("企業価値指数"),
              calc(shown(f"VALUE_INDEX({args})"), "0.000", "Result_ValueIndex", "result",
                   across=2), None,
              en("Value index (VALUE_INDEX): 1.0 = on target", 4)],
             [label("カバー率"), calc(shown(f"VALUE_COVERAGE({args})"), "0.0%", "Result_Coverage",
                                   across=2),
              None, en("Coverage: share of the weight whose indicator has a target", 4)],
             [label("評価"), calc(f'=IF(ISNUMBER({index}),IF({index}>=1,"目標達成 on target",'
                                  f'"目標未達 below target"),"")', across=2), None,
              en("Reading", 4)],
             [label("指数の扱い"), calc(standing(index, result("Result_Verdict")),
                                      name="Result_ValueIndexStanding", kind="result", across=6),
              None, None, None, None, None, en("Standing", 2)]])],
        widths={"A": 2, "B": 16, "C": 10, "D": 20, "E": 10, "F": 10, "G": 14, "H": 14,
                "I": 12, "J": 12, "K": 40},
        heights={STANDING_ROW: 30},
        names={"Input_Selected": f"D{_T1}:D{_TN}", "Result_Current": f"G{_T1}:G{_TN}",
               "Result_Target": f"H{_T1}:H{_TN}", "Result_Contributions": f"J{_T1}:J{_TN}"},
        charts=[Chart("bar", f"B{STANDING_ROW + 2}", "寄与 (重み × 達成率) / Contributions",
                      f"B{_T1}:B{_TN}", f"J{_T1}:J{_TN}", "0.000", (18, 8))],
        marks=[*status_marks(status.replace("$", "")),
               *provisional_marks(f"C{INDEX_ROW}:C{STANDING_ROW}", at("C", STANDING_ROW))],
    )


# ------------------------------------------------------------------ 倒産指数

BANKRUPTCY_HEAD = 5
_B1 = BANKRUPTCY_HEAD + 1
_BN = _B1 + len(BANKRUPTCY_COMPONENTS) - 1
BANKRUPTCY_ROW = _BN + 3  # simple index; weighted, verdicts and the grey band below
BANKRUPTCY_STATUS = at("C", BANKRUPTCY_HEAD - 1, BANKRUPTCY_SHEET)


#: What a 倒産指数 cell shows while a figure it needs is blank.
MISSING_INPUT = "入力不足 missing input"


def _component(c, r: int) -> str:
    """A 倒産指数 component (BANKRUPTCY_PART of the statement, named in column B);
    "入力不足" rather than a misleading number while one of its figures is blank."""
    cells = [read_cell(item) for item in c.current]
    return _needs_all(cells, f"BANKRUPTCY_PART($B{r},{STATEMENT})", MISSING_INPUT)


def _bankruptcy_inputs() -> list[str]:
    items = dict.fromkeys(i for c in BANKRUPTCY_COMPONENTS for i in c.current)
    return [read_cell(item) for item in items]


def verdict(value: str, band: str) -> str:
    """The 倒産指数 verdict of ``value`` with grey-zone half-width ``band`` (cell addresses)."""
    return (f'=IF(ISNUMBER({value}),IF({value}>=1+{band},"健全 healthy",'
            f'IF({value}<1-{band},"不健全 unhealthy","グレーゾーン grey zone")),'
            f'IF(ISERROR({value}),"判定不能 no verdict (状態欄)",""))')


def bankruptcy(case: Case) -> Sheet:
    rows = [[label(c.name), en(c.en), en(c.formula),
             calc(_component(c, r), "0.00"), entry(w, "0.00")]
            for r, (c, w) in enumerate(zip(BANKRUPTCY_COMPONENTS, case.bankruptcy_weights),
                                       start=_B1)]
    simple, weighted, band = (at("E", BANKRUPTCY_ROW + k) for k in (0, 1, 4))
    weights = span(f"F{_B1}", f"F{_BN}")
    return Sheet(
        BANKRUPTCY_SHEET,
        [*heading("倒産指数 (現代会計カンファレンス編; 木下の加重平均)",
                  "Bankruptcy index (simple mean; AHP-weighted after Kinoshita)",
                  "各要素は財務諸表シートの当期の数値から計算。1.0 以上で健全、1.0 前後はグレー"
                  "ゾーン。重みは 5 要素の一対比較 (AHP) で決めてもよい (既定値は論文の例)。"
                  "債務超過 (自己資本 ≤ 0) では 持久力・成長力 と指数を計算しない (ROE・負債比率と"
                  "同じ扱い; docs/method.md)。",
                  "Components from the current-year statement. 1.0 or more = healthy; "
                  "around 1.0 = grey zone. Weights default to the paper's example. Under "
                  "negative equity 持久力, 成長力 and the index are not defined, as ROE is not.",
                  5, status=f"=BANKRUPTCY_CHECK({STATEMENT},{weights})",
                  status_name="Status_Bankruptcy"),
         Block(f"B{BANKRUPTCY_HEAD}", [
             [head("要素", "Component"), head("English"), head("計算式", "Formula"),
              head("値", "Value"), head("重み", "Weight")], *rows,
             [label("重みの合計 / Sum of weights", 4), None, None, None,
              calc(f"=SUM({weights})", "0.00")]]),
         Block(f"B{BANKRUPTCY_ROW}", [
             [label("倒産指数 (単純平均)"), en("Index, simple mean"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT})",
                              MISSING_INPUT), "0.00", "Result_Bankruptcy", "result")],
             [label("倒産指数 (加重平均)"), en("Index, weighted (Kinoshita)"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT},{weights})",
                              MISSING_INPUT), "0.00", "Result_BankruptcyWeighted", "result")],
             [label("判定 (単純平均)"), en("Verdict, simple"), None, calc(verdict(simple, band))],
             [label("判定 (加重平均)"), en("Verdict, weighted"), None,
              calc(verdict(weighted, band))],
             [label("グレーゾーンの幅 ±"), en("Grey-zone half-width"),
              note("xlahp の既定値。論文は「1.0 前後」とのみ記載 / xlahp's default; the paper "
                   "only says 'around 1.0'"), entry(GREY_BAND, "0.00")]])],
        widths={"A": 2, "B": 22, "C": 26, "D": 44, "E": 30, "F": 12},
        names={"Input_BankruptcyWeights": f"F{_B1}:F{_BN}"},
        marks=status_marks(local_address(BANKRUPTCY_STATUS)),
    )
