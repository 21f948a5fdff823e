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
from xlahp.core.finance import (BANKRUPTCY_COMPONENTS, BASE_PERIOD, BY_KEY, GREY_BAND, INDICATORS,
                                ITEM_EN, ITEMS, UNIT, UNITS)
from xlahp.core.literature import SCORE_CAP

from xlahp.templates import names
from xlahp.templates.ahp import (MATRIX_STATUS, N, PAIRWISE, criterion, guarded, judgment,
                                 result, weight)
from xlahp.templates.case import PERIODS, SCORE_METHODS, Case
from xlahp.templates.layout import (LINE_HEIGHT, Block, Cell, Chart, Mark, Sheet, at, calc, en,
                                    entry, head, heading, label, local_address, note, ref, span,
                                    status_marks)

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
UNIT_OF = {"発行済株式数": "百万株 (million shares)", "株価": "円 (yen)"}
AMOUNT = '#,##0;[Red]"▲"#,##0'
MIXED = "#,##0.00"  # amounts and ratios in one column
FORMATS = {"発行済株式数": '#,##0.0;[Red]"▲"#,##0.0', "株価": "#,##0.00"}

STATEMENT_HEAD = 5            # header row: 項目 … 当期 前期 目標
UNIT_ROW = STATEMENT_HEAD + 2  # 単位 of each period's column (the row above holds 決算期)
ITEM_ROW = STATEMENT_HEAD + 3  # first item
PERIOD_COLS = {key: col for col, (_, _, key) in zip("DEF", PERIODS)}
#: Columns of the figures as read (FIN_AMOUNT of the typed cell): what the sheets compute with.
READ_COLS = {key: col for col, (_, _, key) in zip("GHI", PERIODS)}
#: Columns saying where an imported figure came from (xlahp import writes them; blank else).
SOURCE_COLS = {"current": "L", "previous": "M"}
#: First word of a source cell whose figure was typed after the import (xlahp.apps.importer).
TYPED = "手入力"
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
    """The figure as read, in 百万円 (an amount is converted from its column's unit)."""
    typed = statement_cell(key, period).split("!")[1]
    unit = f",{PERIOD_COLS[period]}${UNIT_ROW}" if BY_KEY[key].money else ""
    return calc(f'=IF({typed}="","",{guarded(f"FIN_AMOUNT({typed}{unit})")[1:]})',
                FORMATS.get(key, AMOUNT))


#: The statement range's first cell as text, so that FIN_CHECK names a problem by its cell.
STATEMENT_ORIGIN = f"{STATEMENT_SHEET}!B{STATEMENT_HEAD}"


def _source_marks() -> list[Mark]:
    """Orange where a figure was typed over an imported one (its source cell says 手入力),
    and on a source cell saying a figure is missing from the filing (入力不足)."""
    source = f"{SOURCE_COLS['current']}{ITEM_ROW}"
    figures = f"{PERIOD_COLS['current']}{ITEM_ROW}:{PERIOD_COLS['previous']}{LAST_ITEM_ROW}"
    sources = f"{source}:{SOURCE_COLS['previous']}{LAST_ITEM_ROW}"
    typed = f'LEFT({source},{len(TYPED)})="{TYPED}"'
    missing = MISSING_INPUT.split()[0]
    return [Mark(figures, typed, "warn"),
            Mark(sources, f'OR({typed},LEFT({source},{len(missing)})="{missing}")', "warn")]


def statement(case: Case) -> Sheet:
    rows = [[label(key), en(ITEM_EN[key]),
             *[entry(case.statement.get(period, {}).get(key), FORMATS.get(key, AMOUNT))
               for _, _, period in PERIODS],
             *[_read(key, period) for _, _, period in PERIODS],
             en(UNIT_OF.get(key, f"{UNIT} (換算後)")), Cell("、".join(_USES[key]), "hint"),
             *[en(None) for _ in SOURCE_COLS]]
            for key in STATEMENT_ITEMS]
    return Sheet(
        STATEMENT_SHEET,
        [*heading("財務諸表 (有価証券報告書・中期計画)",
                  "Financial statement inputs (annual report, mid-term plan)",
                  "各列の単位 (円・千円・百万円・億円) を単位の行で選ぶ — 読取値の列は百万円に換算した"
                  "計算に使う数値 (発行済株式数は百万株、株価は円)。連結の数値を入力。負数は "
                  "-1,234・▲1,234・△1,234・(1,234) のどれでも可、全角数字・カンマも可。目標は"
                  "中期計画などの目標年度の数値。",
                  "Choose each column's unit (yen, thousand, million or hundred million yen) in "
                  "the 単位 row; the 'as read' columns are converted to million yen (shares in "
                  "millions, price in yen). Consolidated figures; negatives as -1,234, ▲1,234, "
                  "△1,234 or (1,234). Target = the plan's target year.",
                  12, status=f'=FIN_CHECK({STATEMENT},"{STATEMENT_ORIGIN}")',
                  status_name=names.STATUS_STATEMENT.name),
         Block(f"B{STATEMENT_HEAD}", [
             [head("項目", "Item"), head("English"),
              *[head(ja, text) for ja, text, _ in PERIODS],
              *[head(f"{ja} 読取値", "as read") for ja, _, _ in PERIODS],
              head("単位", "Unit"), head("使用する指標", "Used by"),
              head("当期の取込元", "Source, current year"),
              head("前期の取込元", "Source, previous year")],
             [label("決算期"), en("Fiscal year"),
              *[entry(case.fiscal_years.get(period)) for _, _, period in PERIODS],
              *[None] * 5,
              Cell("未取込 not imported — xlahp import FILING BOOK で有価証券報告書 (EDINET) "
                   "から当期・前期を取込", "en", name=names.SOURCE_STATEMENT.name, across=2),
              None],
             [label("単位"), en("Unit of the column"),
              *[entry(case.units.get(period, UNIT), choices=tuple(UNITS))
                for _, _, period in PERIODS],
              *[calc(f"{UNIT} に換算") for _ in PERIODS], None, None,
              note("取込元 = 要素・コンテキスト・書類管理番号。取込後に手入力した数値は「手入力」"
                   "(橙) / element, context, document ID; a figure typed after the import "
                   "shows 手入力 (orange)", 2), None],
             *rows])],
        widths={"A": 2, "B": 16, "C": 24, "D": 14, "E": 14, "F": 14, "G": 13, "H": 13,
                "I": 13, "J": 16, "K": 48, "L": 40, "M": 40},
        heights={r: 2 * LINE_HEIGHT for r in range(ITEM_ROW, LAST_ITEM_ROW + 1)},
        marks=[*status_marks(local_address(STATEMENT_STATUS)), *_source_marks()],
        names={names.STATEMENT.name: STATEMENT_CELLS,
               names.UNITS.name: f"D{UNIT_ROW}:F{UNIT_ROW}",
               **{n.name: f"{col}{ITEM_ROW}:{col}{LAST_ITEM_ROW}" for n, col in
                  zip((names.CURRENT, names.PREVIOUS, names.TARGET), PERIOD_COLS.values())},
               **{n.name: f"{SOURCE_COLS[period]}{ITEM_ROW}:{SOURCE_COLS[period]}{LAST_ITEM_ROW}"
                  for n, period in ((names.SOURCE_CURRENT, "current"),
                                    (names.SOURCE_PREVIOUS, "previous"))}},
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
METHOD_ROW, CAP_ROW, WORDS_ROW = STANDING_ROW + 1, STANDING_ROW + 2, STANDING_ROW + 3
RATING_TOP = WORDS_ROW + 3  # the rating scale's header row (its section title above it)
RATING_LEVELS = 4
_R1, _RN = RATING_TOP + 1, RATING_TOP + RATING_LEVELS
RATING_COLS = tuple("FGHI")  # the levels' pairwise matrix
TARGET_STATUS = at("C", TARGET_HEAD - 1, TARGET_SHEET)
RATING_STATUS = at("C", _RN + 1)
#: First word of the standing of a provisional value index (xlahp.sheet.checks).
PROVISIONAL = "参考値"
#: The method VALUE_* take, from the 採点方法 drop-down (auto or rating).
METHOD = at("O", METHOD_ROW)
CAP = at("C", CAP_ROW)
SCALE = span(f"B{_R1}", f"D{_RN}")


def _lookup(col: str, r: int) -> str:
    """The indicator's value from 指標 — its error included (a refused indicator must
    not pass for one without a value); blank when no indicator is chosen."""
    match = f"MATCH($D{r},{_indicator_column('C')},0)"
    return f'=IF(ISNA({match}),"",INDEX({_indicator_column(col)},{match}))'


def _scored(r: int, period: str, indicator: str) -> str:
    """The figure the score compares: the indicator itself (column *indicator*), or for a
    rate the level behind it (FIN_LEVEL, e.g. 当期純利益) as the statement gives it."""
    level = f"FIN_LEVEL($D{r})"
    figure = f'IFERROR(FIN_ITEM({level},{STATEMENT},"{period}"),NA())'
    if period == "前期":  # the base: only a level has one here; blank when not given
        return (f'=IF($D{r}="","",IF(IFERROR({level},"")="","",'
                f'IFERROR(FIN_ITEM({level},{STATEMENT},"前期"),"")))')
    # blank while the indicator's own value is: tested with plain formulas first, so that
    # a viewer without xlahp, recalculating a cell cached as blank, keeps it blank
    return (f'=IF(OR($D{r}="",{indicator}{r}=""),"",IF(ISERROR({level}),NA(),'
            f'IF({level}="",{indicator}{r},{figure})))')


def standing(index: str, statement_status: str) -> str:
    """Whether the value index at ``index`` is final or only 参考値 (provisional), from the
    statuses it rests on: the targets (scores), the view (the matrix) and the statement."""
    # blank while the index is (neither a number nor an error): said with plain formulas
    # first, so that a viewer without xlahp, recalculating a cell cached as blank, keeps it
    return (f'=IF(AND(NOT(ISNUMBER({index})),NOT(ISERROR({index}))),"",'
            f"VALUE_STANDING({index},{TARGET_STATUS.split('!')[1]},"
            f"'{PAIRWISE}'!{MATRIX_STATUS},{statement_status}))")


def provisional_marks(cells: str, standing_cell: str) -> list[Mark]:
    """Orange fill on the value index (and its standing) while the standing is 参考値,
    red while it is 計算不可."""
    return [Mark(cells, f'LEFT({standing_cell},3)="{PROVISIONAL}"', "warn"),
            Mark(cells, f'LEFT({standing_cell},4)="計算不可"', "error")]


def _rating_scale(case: Case) -> list[list[Cell | None]]:
    """The rating scale (AHP absolute measurement): per level its name, the achievement it
    starts at (1.0 = on target; blank for the lowest) and its priority from the pairwise
    comparison of the levels beside it (the upper triangle is typed)."""
    matrix = span(f"{RATING_COLS[0]}{_R1}", f"{RATING_COLS[-1]}{_RN}")
    levels = list(case.rating_levels) + [(None, None)] * RATING_LEVELS
    rows = []
    for k in range(RATING_LEVELS):
        name, start = levels[k]
        r = _R1 + k
        priority = (f'=IF(COUNTA({matrix})<{RATING_LEVELS * (RATING_LEVELS + 1) // 2},"",'
                    f'IFERROR(INDEX(AHP_WEIGHTS({matrix}),{k + 1}),NA()))')
        rows.append([entry(name), entry(start, "0%"), calc(priority, "0.000", kind="result"),
                     calc(f'=IF(B{r}="","",B{r})'),
                     *[judgment(case.rating_judgments, k, j) for j in range(RATING_LEVELS)]])
    return rows


def value_args(sheet: str | None = None) -> str:
    """VALUE_INDEX's arguments as 目標比較 gives them (weights, actual, target, direction,
    method, base, cap, scale), from another sheet when *sheet* is given."""
    weights, actual, target, direction, base = (span(f"{c}{_T1}", f"{c}{_TN}", sheet)
                                                for c in "CJKEI")
    method, cap = at("O", METHOD_ROW, sheet), at("C", CAP_ROW, sheet)
    scale = span(f"B{_R1}", f"D{_RN}", sheet)
    return f"{weights},{actual},{target},{direction},{method},{base},{cap},{scale}"


#: The indicators' names on 目標比較 (VALUE_DRIVERS names them).
INDICATOR_NAMES = span(f"D{_T1}", f"D{_TN}", TARGET_SHEET)


def target_comparison(case: Case) -> Sheet:
    weights, actual, target, direction, base = (span(f"{c}{_T1}", f"{c}{_TN}") for c in "CJKEI")
    args = value_args()
    status = TARGET_STATUS.split("!")[1]

    def shown(formula: str) -> str:
        return guarded(formula, status)

    rows = []
    for k, r in enumerate(range(_T1, _TN + 1)):
        rows.append([
            calc(f"={criterion(k)}"), calc(f"={weight(k)}", "0.000"),
            entry(case.selected[k], choices=f"={candidates_name(k)}"),
            calc(f'=IF($D{r}="","",IFERROR(FIN_DIRECTION($D{r}),NA()))', "+0;-0"),
            calc(_lookup("L", r), MIXED), calc(_lookup("M", r), MIXED),
            calc(f'=IF($D{r}="","",IFERROR(IF(FIN_LEVEL($D{r})="",$D{r},FIN_LEVEL($D{r})),'
                 f"NA()))"),
            calc(_scored(r, "前期", "F"), MIXED), calc(_scored(r, "当期", "F"), MIXED),
            calc(_scored(r, "目標", "G"), MIXED),
            calc(f'=IF(K{r}="","",IFERROR(VALUE_MEASURE(J{r},K{r},{METHOD},I{r}),NA()))'),
            calc(f'=IF(K{r}="","",IFERROR(VALUE_SCORE(J{r},K{r},E{r},{METHOD},I{r},{CAP},'
                 f'{SCALE}),NA()))', "0.0%"),
            calc(f'=IF(OR(K{r}="",M{r}=""),"",IFERROR(INDEX(VALUE_CONTRIB({args}),{k + 1}),'
                 f"NA()))", "0.000", kind="result"),
            calc(f'=IF(ISERROR(J{r}),"当期値 計算不可: 財務諸表の状態を参照 not computable",'
                 f'IF(J{r}="","当期値なし no current value",IF(ISERROR(K{r}),'
                 f'"目標値 計算不可: 財務諸表の状態を参照 not computable",IF(K{r}="",'
                 f'"目標なし: 指数から除外 no target, excluded",IF(M{r}="",'
                 f'"得点なし: 状態欄を参照 no score, see the status",IF(ISERROR(M{r}),'
                 f'"得点 計算不可 not computable",""))))))')])
    index = at("C", INDEX_ROW)
    check = f"{weights},{actual},{target},{direction},{span(f'D{_T1}', f'D{_TN}')},{METHOD}," \
            f"{base},{CAP},{SCALE}"
    words = (f'=IF({METHOD}="rating","評定 (AHP 絶対評価): 各指標の達成度が入る水準の重みを、'
             f'目標どおり (1.0) を含む水準の重みで割った値。 / Rating: the priority of the level '
             f'the achievement falls in, over the on-target level\'s.","自動: 水準の指標は目標比 '
             f'(上限 "&{CAP}*100&"%)。率の指標 (利益成長率・利益率・ROE など) は背後の水準 '
             f'(当期純利益など) を目標比で、0 以下を含むとき (赤字) は前期から目標への進捗で評価。 / '
             f'Auto: levels by their ratio to the target (capped); a rate by the level behind it, '
             f'by progress from the base period when a figure is ≤ 0.")')
    return Sheet(
        TARGET_SHEET,
        [*heading("目標比較と企業価値指数", "Target comparison and value index",
                  "得点 = 達成度 (当期 ÷ 目標、低いほど良い指標は 目標 ÷ 当期; 上限あり)。率の指標は"
                  "その背後の水準 (評価の対象) で採点し、0 以下を含むときは前期 (基準) から目標への"
                  "進捗で採点する。企業価値指数 = 得点のある指標の Σ 重み × 得点 (重みはそれらで"
                  "再正規化)。1.0 = 目標どおり。上限で打ち切った得点・基準が目標に近い・符号の変化・"
                  "単位の不一致・重みの整合性の不合格があれば参考値 (docs/method.md §6)。",
                  "Score = achievement (actual ÷ target, target ÷ actual when lower is better; "
                  "bounded). A rate is scored on the level behind it (scored on), by progress from "
                  "the base period when a figure is ≤ 0. Value index = Σ weight × score over the "
                  "indicators scored, weights renormalised; 1.0 = on target. Provisional (参考値) "
                  "when a score was capped, a base is near the target, a sign changed, units "
                  "differ or the weights failed their check.",
                  14, status=f"=VALUE_CHECK({check})", status_name=names.STATUS_TARGETS.name),
         Block(f"B{TARGET_HEAD}", [
             [head("評価基準", "Criterion"), head("重み", "Weight"),
              head("指標 (選択)", "Indicator (choose)"), head("方向", "Direction"),
              head("当期 (指標)", "Current"), head("目標 (指標)", "Target"),
              head("評価の対象", "Scored on"), head("前期 (基準)", "Base"),
              head("当期", "Current"), head("目標", "Target"), head("評価方法", "Measure"),
              head("得点", "Score"), head("寄与", "Contribution"), head("状態", "Status")],
             *rows]),
         Block(f"B{INDEX_ROW}", [
             [label("企業価値指数"),
              calc(shown(f"VALUE_INDEX({args})"), "0.000", names.VALUE_INDEX.name, "result",
                   across=2), None,
              en("Value index (VALUE_INDEX): 1.0 = on target", 4)],
             [label("カバー率"), calc(shown(f"VALUE_COVERAGE({args})"), "0.0%",
                                   names.COVERAGE.name, across=2),
              None, en("Coverage: share of the weight whose indicator is scored", 4)],
             [label("評価"), calc(f'=IF(ISNUMBER({index}),IF({index}>=1,"目標達成 on target",'
                                  f'"目標未達 below target"),"")', across=2), None,
              en("Reading", 4)],
             [label("指数の扱い"), calc(standing(index, STATEMENT_STATUS),
                                      name=names.STANDING.name, kind="result", across=12),
              *[None] * 11],
             [label("採点方法"), entry(case.score_method, name=names.SCORE_METHOD.name,
                                     choices=SCORE_METHODS, across=2), None,
              en("Scoring: 自動 auto (ratio, or progress from the base) or 評定 rating (AHP "
                 "absolute measurement: the scale below); the method used →", 10),
              *[None] * 9, calc(f'=IF(LEFT(C{METHOD_ROW},2)="評定","rating","auto")')],
             [label("得点の上限"), entry(SCORE_CAP, "0%", names.SCORE_CAP.name, across=2), None,
              en("Cap of a score, 100–200 % (default 150 %: Ellig 2007, docs/method.md §6); a "
                 "capped score makes the index provisional", 11)],
             [label("採点の説明"), calc(words, kind="note", across=12), *[None] * 11]]),
         Block(f"B{RATING_TOP - 1}", [
             [Cell("評定の尺度 (AHP 絶対評価; 採点方法が「評定」のとき) — 右は水準の一対比較 (上三角を"
                   "入力) / Rating scale (when scoring is 評定): the levels compared pairwise on "
                   "the right (upper triangle)", "section")],
             [head("水準", "Level"), head("開始する達成度", "Starts at"),
              head("重み", "Priority"), head("行＼列"),
              *[calc(f'=IF(B{_R1 + j}="","",B{_R1 + j})', kind="head")
                for j in range(RATING_LEVELS)]],
             *_rating_scale(case),
             [label("尺度の状態"),
              calc(f'=IF(COUNTA(B{_R1}:B{_RN})=0,"未入力 評定を使うときに入力 / fill in to '
                   f'use ratings",AHP_CHECK({span(f"{RATING_COLS[0]}{_R1}", f"{RATING_COLS[-1]}{_RN}")}))',
                   kind="status", across=8)]])],
        widths={"A": 2, "B": 14, "C": 9, "D": 18, "E": 6, "F": 12, "G": 12, "H": 14, "I": 13,
                "J": 13, "K": 13, "L": 12, "M": 9, "N": 9, "O": 34},
        heights={STANDING_ROW: 30, WORDS_ROW: 45},
        names={names.SELECTED.name: f"D{_T1}:D{_TN}",
               names.CURRENT_VALUES.name: f"F{_T1}:F{_TN}",
               names.TARGET_VALUES.name: f"G{_T1}:G{_TN}",
               names.SCORES.name: f"M{_T1}:M{_TN}",
               "Result_Contributions": f"N{_T1}:N{_TN}",
               names.RATING_SCALE.name: f"B{_R1}:D{_RN}"},
        charts=[Chart("bar", f"K{RATING_TOP}", "寄与 (重み × 得点) / Contributions",
                      f"B{_T1}:B{_TN}", f"N{_T1}:N{_TN}", "0.000", (15, 5.5))],
        one_page=True,
        marks=[*status_marks(status.replace("$", "")),
               *status_marks(local_address(RATING_STATUS)),
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


#: The fills of a 倒産指数 verdict (健全 green, グレーゾーン orange, 不健全 red).
VERDICT_FILLS = (("健全", "ok"), ("グレー", "warn"), ("不健全", "error"))


def verdict_marks(cells: str) -> list[Mark]:
    """A 倒産指数 verdict coloured by what it says (*cells* a range; the formula is written
    for its first cell, relative)."""
    first = cells.split(":")[0]
    return [Mark(cells, f'LEFT({first},{len(word)})="{word}"', fill)
            for word, fill in VERDICT_FILLS]


def bankruptcy(case: Case) -> Sheet:
    rows = [[label(c.name), en(c.en), en(c.formula),
             calc(_component(c, r), "0.00"), entry(w, "0.00"),
             calc(f'=IF(ISNUMBER(E{r}),IF(E{r}<1,"▼ 1.0 未満 below 1.0","1.0 以上 ≥ 1.0"),"")')]
            for r, (c, w) in enumerate(zip(BANKRUPTCY_COMPONENTS, case.bankruptcy_weights),
                                       start=_B1)]
    simple, weighted, band = (at("E", BANKRUPTCY_ROW + k) for k in (0, 1, 5))
    weights = span(f"F{_B1}", f"F{_BN}")
    drivers = _needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_DRIVERS({STATEMENT})", MISSING_INPUT)
    return Sheet(
        BANKRUPTCY_SHEET,
        [*heading("倒産指数 (現代会計カンファレンス編; 木下の加重平均)",
                  "Bankruptcy index (simple mean; AHP-weighted after Kinoshita)",
                  "各要素は財務諸表シートの当期の数値から計算。1.0 以上で健全、1.0 前後はグレー"
                  "ゾーン。1.0 未満の要素が指数を押し下げる (連結で金融事業を持つ会社は負債が大きく、"
                  "支払い能力・持久力が低く出る)。重みは 5 要素の一対比較 (AHP) で決めてもよい "
                  "(既定値は論文の例)。債務超過 (自己資本 ≤ 0) では 持久力・成長力 と指数を計算しない。",
                  "Components from the current-year statement. 1.0 or more = healthy; around "
                  "1.0 = grey zone; a component under 1.0 pulls the index down (a consolidated "
                  "finance arm depresses 支払い能力 and 持久力). Weights default to the paper's "
                  "example. Under negative equity 持久力, 成長力 and the index are not defined.",
                  6, status=f"=BANKRUPTCY_CHECK({STATEMENT},{weights})",
                  status_name=names.STATUS_BANKRUPTCY.name),
         Block(f"B{BANKRUPTCY_HEAD}", [
             [head("要素", "Component"), head("English"), head("計算式", "Formula"),
              head("値", "Value"), head("重み", "Weight"), head("1.0 との比較", "vs 1.0")],
             *rows,
             [label("重みの合計 / Sum of weights", 4), None, None, None,
              calc(f"=SUM({weights})", "0.00")]]),
         Block(f"B{BANKRUPTCY_ROW}", [
             [label("倒産指数 (単純平均)"), en("Index, simple mean"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT})",
                              MISSING_INPUT), "0.00", names.BANKRUPTCY.name, "result")],
             [label("倒産指数 (加重平均)"), en("Index, weighted (Kinoshita)"), None,
              calc(_needs_all(_bankruptcy_inputs(), f"BANKRUPTCY_INDEX({STATEMENT},{weights})",
                              MISSING_INPUT), "0.00", "Result_BankruptcyWeighted", "result")],
             [label("判定 (単純平均)"), en("Verdict, simple"), None,
              calc(verdict(simple, band), name=names.BANKRUPTCY_VERDICT.name)],
             [label("判定 (加重平均)"), en("Verdict, weighted"), None,
              calc(verdict(weighted, band))],
             [label("押し下げ要因 (単純平均)"), en("Components under 1.0, largest pull first"),
              None, calc(drivers, name=names.BANKRUPTCY_DRIVERS.name, across=2)],
             [label("グレーゾーンの幅 ±"), en("Grey-zone half-width"),
              note("xlahp の既定値。論文は「1.0 前後」とのみ記載 / xlahp's default; the paper "
                   "only says 'around 1.0'"), entry(GREY_BAND, "0.00")]])],
        widths={"A": 2, "B": 22, "C": 26, "D": 44, "E": 30, "F": 12, "G": 18},
        names={names.BANKRUPTCY_WEIGHTS.name: f"F{_B1}:F{_BN}"},
        marks=[*status_marks(local_address(BANKRUPTCY_STATUS)),
               *verdict_marks(f"E{BANKRUPTCY_ROW + 2}:E{BANKRUPTCY_ROW + 3}"),
               Mark(f"G{_B1}:G{_BN}", f'LEFT(G{_B1},1)="▼"', "warn")],
    )
