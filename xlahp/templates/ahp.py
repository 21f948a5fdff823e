"""The AHP sheets: アンケート (questionnaire, 図9) and 一対比較 (matrix, weights, 図8/10/11).

The criteria names live in one place, the 評価基準 list of 一対比較; the
questionnaire, the matrices, the weights and the other sheets refer to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from xlahp.core import paper
from xlahp.core.literature import (CR_THRESHOLD, DEFAULT_ALPHA, PUBLISHED_TRIAD_LIMITS, RI_TABLES,
                               VERBAL_SCALE)
from xlahp.core.pairwise import scale_label
from xlahp.text import display_width

from xlahp.templates.case import MATRIX_SOURCES, PAIRS, Case, fraction_text
from xlahp.templates.layout import (Block, Cell, Chart, Mark, Sheet, at, calc, en, entry, head, heading, label,
                     local_address, note, ref, section, shift, span, status_marks, status_row)
from xlahp.templates import names

QUESTIONNAIRE = "アンケート"
PAIRWISE = "一対比較"
N = len(paper.CRITERIA)

# 一対比較: the 評価基準 list (column C Japanese, D English) …
CRITERIA_ROW = 6
CRITERIA_CELLS = f"C{CRITERIA_ROW}:C{CRITERIA_ROW + N - 1}"
CRITERIA = ref(CRITERIA_CELLS)
# … the three matrices (label row at *_TOP, labels in B, judgments in C…) …
MATRIX_COLS = tuple(shift("C", k) for k in range(N))
SOURCE_ROW = 12
SOURCE = at("C", SOURCE_ROW)  # the drop-down choosing アンケート or 直接入力
QUESTIONNAIRE_TOP, DIRECT_TOP, USED_TOP = 15, 23, 31
FRACTION = "# ?/?"  # judgments as SuperDecisions shows them: 5, 1/3
USED_CELLS = f"B{USED_TOP}:{MATRIX_COLS[-1]}{USED_TOP + N}"  # with its label row and column
USED = ref(USED_CELLS)
# … and the results at the right: weights in J, consistency below them.
WEIGHT_ROW = 6
RESULT_ROW = 13  # first row of the consistency block
MATRIX_STATUS = at("C", SOURCE_ROW + 1)  # the matrix's status, under the drop-down
#: What the drop-down takes for each choice besides the list's own word (typed, pasted,
#: carried over by ``new --from``): anything else is refused at the cell, never read as
#: the questionnaire.
SOURCE_SPELLINGS = ((MATRIX_SOURCES[0], "questionnaire", f"{MATRIX_SOURCES[0]} questionnaire"),
                    (MATRIX_SOURCES[1], "直接", "direct", f"{MATRIX_SOURCES[1]} direct"))
SOURCE_CHOICES = f"{MATRIX_SOURCES[0]} (questionnaire), {MATRIX_SOURCES[1]} (direct)"
SUGGEST_TOP = USED_TOP + N + 4  # the judgments to revisit (AHP_SUGGEST), below the matrices
SUGGESTIONS = 3
#: Defined names of the consistency block, top to bottom (Input_… are the settings).
RESULTS = (names.RI_TABLE.name, names.ALPHA.name, names.N_CRITERIA.name, names.LAMBDA_MAX.name, names.CI.name,
           names.RI.name, names.CR.name, names.NC.name, names.NC_LIMIT.name, names.NC_P.name,
           names.VERDICT.name)


@dataclass(frozen=True)
class Goal:
    """What the criteria are weighed for: the texts of the questionnaire and matrix sheets.

    The enterprise value of the paper (:data:`ENTERPRISE_VALUE`), or the choice of an
    alliance partner (:mod:`.partner`); both have N criteria.
    """

    criteria: tuple[tuple[str, str], ...]  # (Japanese, English), in matrix order
    goal: tuple[str, str]  # the goal of the hierarchy (Japanese, English)
    question: tuple[str, str]  # what the questionnaire asks (Japanese, English)
    figures: bool = False  # cite the paper's figures (図7–11) in the headings
    #: what the agreed weights are used for (Japanese, English), named by the group sheet
    used_by: tuple[str, str] = ("企業価値指数", "The value index")


ENTERPRISE_VALUE = Goal(
    tuple(zip(paper.CRITERIA, paper.CRITERIA_EN)), ("企業価値の評価", "enterprise value"),
    ("自社の企業価値を評価する場合、各行の 2 つの評価基準のうち、より重要と思う方と、その重要度を"
     "選んでください。", "For each pair choose the criterion that matters more for enterprise "
     "value and by how much;"), figures=True)


def _fig(goal: Goal, cited: str, plain: str) -> str:
    """A heading: with the paper's figure numbers (``cited``) when ``goal`` cites them."""
    return cited if goal.figures else plain


def item_width(goal: Goal, least: float) -> float:
    """A column wide enough for the longest criterion name of ``goal`` (at least ``least``)."""
    return max(least, 2 + max(display_width(ja) for ja, _ in goal.criteria))


def criterion(k: int, sheet: str | None = PAIRWISE, english: bool = False) -> str:
    """Address of the k-th criterion name (from another sheet by default)."""
    return at("D" if english else "C", CRITERIA_ROW + k, sheet)


def weight(k: int, sheet: str | None = PAIRWISE) -> str:
    return at("J", WEIGHT_ROW + k, sheet)


def result(name: str, sheet: str | None = PAIRWISE) -> str:
    """Address of a consistency figure by its defined name (:data:`RESULTS`)."""
    return at("J", RESULT_ROW + RESULTS.index(name), sheet)


def explain_args() -> str:
    """AHP_EXPLAIN's weights, names and matrix, from the 一対比較 sheet."""
    weights = span(f"J{WEIGHT_ROW}", f"J{WEIGHT_ROW + N - 1}", PAIRWISE)
    return f"{weights},{ref(CRITERIA_CELLS, PAIRWISE)},{ref(USED_CELLS, PAIRWISE)}"


_VERDICT = result(names.VERDICT.name, None).replace("$", "")


def check_marks(cr_cell: str, nc_cell: str) -> list[Mark]:
    """Orange behind a C.R. at or above the threshold and an N.C. over its limit, where
    the figures are shown (``cr_cell``, ``nc_cell``: addresses on the marked sheet)."""
    cr, nc, limit = cr_cell, nc_cell, result(names.NC_LIMIT.name)
    return [Mark(cr_cell, f"AND(ISNUMBER({cr}),{cr}>={CR_THRESHOLD})", "warn"),
            Mark(nc_cell, f"AND(ISNUMBER({nc}),ISNUMBER({limit}),{nc}>{limit})", "warn")]


# ------------------------------------------------------------------ アンケート

ANSWER_ROW = 6
ANSWER_CELLS = f"B{ANSWER_ROW}:E{ANSWER_ROW + len(PAIRS) - 1}"  # item A, item B, which, intensity
ANSWERS = ref(ANSWER_CELLS, QUESTIONNAIRE)
SCALE_ROW = 6  # 表1 legend in column I, the list of the intensity drop-down
ANSWERED = "回答済 answered"
ANSWERS_STATUS = at("C", ANSWER_ROW - 2, QUESTIONNAIRE)  # the status row under the notes
#: Judgments the direct-input drop-down offers: 1…9 and 1/2…1/9 (表1).
JUDGMENTS = tuple(f"{v}" for v, _, _ in VERBAL_SCALE) + tuple(
    f"1/{v}" for v, _, _ in VERBAL_SCALE[1:])
OUTSIDE_SCALE = ("尺度 (表1) の外の値です。そのまま計算し、状態欄に表示します。/ Not on the scale "
                 "(Table 1): kept, computed as typed and flagged in the status.")


def chose(cell: str, spellings: tuple[str, ...]) -> str:
    """An Excel condition: *cell* holds one of *spellings* — in any case (Excel's = ignores
    it) and with spaces around it (TRIM)."""
    return "OR(" + ",".join(f'TRIM({cell})="{s}"' for s in spellings) + ")"


def refused_choice(cell: str, what: str, choices: str) -> str:
    """The status of an option *cell* that holds none of its spellings: 未入力 while
    blank, else 入力エラー quoting it; *choices* names them as a status lists them."""
    return (f'IF(TRIM({cell})="","未入力 {what}を選ぶ / choose one: {choices}",'
            f'"入力エラー input error — {what} 「"&{cell}&"」 は選択肢にない / not a choice: '
            f'{choices}")')


def guarded(formula: str, blank_while: str | None = None) -> str:
    """``formula`` (without "=") as a cell formula that shows #N/A instead of any
    other error, so that a viewer without xlahp, recalculating the cell, shows the
    same #N/A and not #NAME?; with ``blank_while`` (a status cell), blank while
    that block's status says 未入力."""
    shown = f"IFERROR({formula},NA())"
    return f'=IF(LEFT({blank_while},3)="未入力","",{shown})' if blank_while else f"={shown}"


def questionnaire(case: Case, goal: Goal = ENTERPRISE_VALUE) -> Sheet:
    """The questionnaire sheet (``case`` needs only ``answers``)."""
    answers = case.answers or ((None, None),) * len(PAIRS)
    rows = []
    for k, ((i, j), (which, how)) in enumerate(zip(PAIRS, answers)):
        r = ANSWER_ROW + k
        rows.append([
            calc(k + 1), calc(f"={criterion(i)}"), calc(f"={criterion(j)}"),
            entry(which, choices=f"=$B{r}:$C{r}"),
            replace(entry(how, choices=span(f"I{SCALE_ROW}",
                                            f"I{SCALE_ROW + len(VERBAL_SCALE) - 1}")),
                    outside=OUTSIDE_SCALE),
            entry(),
            calc(f'=IF(E{r}="","未回答 unanswered",IF(AND(ISNUMBER(E{r}),OR(E{r}>9,E{r}<1)),'
                 f'"尺度外 outside 1–9",IF(AND(D{r}="",E{r}<>1,E{r}<>"1",LEFT(E{r},2)<>"1 "),'
                 f'"より重要な方を選択 choose which","{ANSWERED}")))'),
        ])
    last = ANSWER_ROW + len(PAIRS) - 1
    item = item_width(goal, 14)
    return Sheet(
        QUESTIONNAIRE,
        [*heading(_fig(goal, "アンケート (図9): 評価基準の一対比較", "アンケート: 評価基準の一対比較"),
                  _fig(goal, "Questionnaire (Fig. 9): pairwise comparison of the criteria",
                       "Questionnaire: pairwise comparison of the criteria"),
                  f"{goal.question[0]}同じくらい重要なら重要度 1 (より重要な方は空欄で可)。"
                  "評価者全員で一つずつ議論して決めます (論文 手順2)。",
                  f"{goal.question[1]} intensity 1 = equally important (then leave "
                  "'more important' blank). Evaluators decide each pair together.",
                  7, notes_at="A3",
                  status=f"=AHP_CHECK_ANSWERS({ANSWERS},{ref(CRITERIA_CELLS, PAIRWISE)})",
                  status_name=names.STATUS_ANSWERS.name, label_across=2),
         Block("A5", [[head("No."), head("項目A", "Item A"), head("項目B", "Item B"),
                       head("より重要な方", "More important"), head("重要度", "Intensity"),
                       head("メモ (議論の記録)", "Notes"), head("状態", "Status")], *rows,
                      [None, label("回答数 / Answered", 2), None,
                       calc(f'=COUNTIF($G${ANSWER_ROW}:$G${last},"{ANSWERED}")'
                            f'&" / {len(PAIRS)}"')]]),
         Block("I4", [[section("尺度 (表1)", "Scale (Table 1)")],
                      [head("重要度 (ドロップダウンの選択肢)", "Intensity (drop-down choices)")],
                      *[[calc(scale_label(v))] for v, _, _ in VERBAL_SCALE],
                      [note("2, 4, 6, 8 は中間 (in between)。数値 1–9 を直接入力してもよい。")]])],
        widths={"A": 5, "B": item, "C": item, "D": max(16, item), "E": 32, "F": 34, "G": 24,
                "H": 3, "I": 40},
        names={names.ANSWERS.name: f"D{ANSWER_ROW}:{ANSWER_CELLS.split(':')[1]}"},  # typed part
        freeze=f"A{ANSWER_ROW}",
        marks=status_marks(local_address(ANSWERS_STATUS)),
    )


# ------------------------------------------------------------------ 一対比較

def _matrix_block(top: int, caption: Cell, cell) -> Block:
    """A labelled N×N matrix: caption row, label row at ``top``, ``cell(i, j, row, col)``."""
    label_row = [Cell("行＼列 row/col", "head")] + [
        Cell(f"={criterion(j, None)}", "head") for j in range(N)]
    rows = [[Cell(f"={criterion(i, None)}", "head")]
            + [cell(i, j, top + 1 + i, MATRIX_COLS[j]) for j in range(N)] for i in range(N)]
    return Block(f"B{top - 1}", [[caption], label_row, *rows])


def _questionnaire_cell(i: int, j: int, row: int, col: str) -> Cell:
    """A judgment from the questionnaire; blank while its pair is unanswered (tested
    here, not by AHP_MATRIX, so that a viewer recalculating the cell keeps it blank)."""
    formula = guarded(f"INDEX(AHP_MATRIX({ANSWERS},{CRITERIA}),{i + 1},{j + 1})")
    if i != j:
        intensity = at("E", ANSWER_ROW + PAIRS.index((min(i, j), max(i, j))), QUESTIONNAIRE)
        formula = f'=IF({intensity}="","",{formula[1:]})'
    return calc(formula, FRACTION, kind="matrix")


def judgment(judged: dict[tuple[int, int], str], i: int, j: int) -> Cell:
    """A typed matrix's cell: 1 on the diagonal, the input ``judged[(i, j)]`` above it
    (formatted as text, so that a typed 1/3 stays a fraction instead of becoming a date),
    blank below (the reciprocals are implied)."""
    if i == j:
        return Cell(1, "fixed")
    if i > j:
        return Cell(None, "fixed")
    return Cell(judged.get((i, j)), "judgment", "@", choices=JUDGMENTS, outside=OUTSIDE_SCALE)


def _direct_cell(case: Case):
    return lambda i, j, row, col: judgment(case.direct, i, j)


def _used_cell(i: int, j: int, row: int, col: str) -> Cell:
    direct = f"{col}{row - USED_TOP + DIRECT_TOP}"
    asked = f"{col}{row - USED_TOP + QUESTIONNAIRE_TOP}"
    questionnaire, typed = (chose(SOURCE, spellings) for spellings in SOURCE_SPELLINGS)
    return calc(f'=IF({typed},IF({direct}="","",{direct}),IF({questionnaire},{asked},""))',
                FRACTION, kind="matrix")


def _consistency() -> list[list[Cell]]:
    n, nc = result(names.N_CRITERIA.name, None), result(names.NC.name, None)
    table, alpha = result(names.RI_TABLE.name, None), result(names.ALPHA.name, None)

    def shown(formula: str) -> str:
        return guarded(formula, MATRIX_STATUS)

    figures = (  # defined name, Japanese label, English label, cell
        (names.RI_TABLE.name, "RI の表", "RI table (superdecisions = the paper's software)",
         entry("superdecisions", choices=tuple(RI_TABLES))),
        (names.ALPHA.name, "危険率 α (表3)", "risk level α of the N.C. test (Table 3)",
         entry(DEFAULT_ALPHA, "0.00",
               choices=tuple(f"{a:g}" for a in PUBLISHED_TRIAD_LIMITS))),
        (names.N_CRITERIA.name, "n 評価基準の数", "number of criteria", calc(f"=COUNTA({CRITERIA})", "0")),
        (names.LAMBDA_MAX.name, "λmax 最大固有値", "principal eigenvalue",
         calc(shown(f"AHP_LAMBDA({USED})"), "0.0000")),
        (names.CI.name, "C.I. 整合度指標 = (λmax − n)/(n − 1)",
         "consistency index C.I. (not what the paper prints as 「C.I.」)",
         calc(shown(f"AHP_CI({USED})"), "0.0000")),
        (names.RI.name, "RI ランダム整合度", "random index RI(n)",
         calc(guarded(f"AHP_RI({n},{table})"), "0.00")),
        (names.CR.name, "C.R. (SuperDecisions の Inconsistency; 論文の「C.I.」)",
         "consistency ratio C.R. = C.I./RI; acceptable below 0.1",
         calc(shown(f"AHP_CR({USED},{table})"), "0.0000", kind="result")),
        (names.NC.name, "N.C. 一巡三角形の数", "number of circular triads",
         calc(shown(f"AHP_TRIADS({USED})"), "0", kind="result")),
        (names.NC_LIMIT.name, "N.C. の許容上限 (表3)", "largest N.C. accepted at α (Table 3)",
         calc(guarded(f"AHP_TRIADS_MAX({n},{alpha})"), "0")),
        (names.NC_P.name, "p 値 P(N.C. ≤ 観測値)",
         "exact p-value under random judgments (Kendall & Babington Smith 1940)",
         calc(shown(f"AHP_TRIADS_P({nc},{n})"), "0.000")),
        (names.VERDICT.name, "判定 / verdict: C.R. < 0.1 かつ N.C. ≤ 上限 (within the limit)", None,
         calc(shown(f"INDEX(AHP_SUMMARY({USED},{table},{alpha}),8,2)"), kind="result",
              across=2)),
    )
    assert tuple(f[0] for f in figures) == RESULTS
    return [[label(ja), replace(cell, name=name), en(text) if text else None]
            for name, ja, text, cell in figures]


def _suggestions() -> Block:
    """AHP_SUGGEST's judgments to revisit, shown while the verdict is not 妥当."""
    verdict = result(names.VERDICT.name, None)
    heads = (("項目", "Item"), ("相手", "vs"), ("現在値", "Judgment"), ("整合値", "Fits weights"),
             ("推奨値", "Nearest scale value"))
    fmts = (None, None, FRACTION, "0.00", FRACTION)
    rows = [[calc(f'=IFERROR(IF(LEFT({verdict},2)="妥当","",'
                  f"INDEX(AHP_SUGGEST({USED},{SUGGESTIONS}),{k + 2},{c + 1})),\"\")", fmt,
                  kind="result" if c == 4 else "calc")
             for c, fmt in enumerate(fmts)] for k in range(SUGGESTIONS)]
    return Block(f"B{SUGGEST_TOP}", [
        [section("見直し候補 (判定が要再検討のとき)", "Judgments to revisit (AHP_SUGGEST)")],
        [head(ja, text) for ja, text in heads], *rows,
        [note("重みと最も食い違う判断。整合値 = 重みの比 w_i/w_j、推奨値 = それに最も近い尺度の値。"
              "評価者で議論して見直す (自動では書き換えない)。", 6)],
        [note("The judgments most at odds with the weights; 'fits' = w_i/w_j, the nearest "
              "scale value beside it. Revisit them together; nothing is changed for you.", 6)]])


def pairwise(case: Case, goal: Goal = ENTERPRISE_VALUE) -> Sheet:
    """The matrix sheet (``case`` needs only ``source`` and ``direct``)."""
    assert len(goal.criteria) == N, goal
    last = WEIGHT_ROW + N - 1
    criteria = [[calc(k + 1), entry(ja), entry(en_)] for k, (ja, en_) in enumerate(goal.criteria)]
    weights = [[calc(f"={criterion(k, None)}"),
                calc(guarded(f"INDEX(AHP_WEIGHTS({USED}),{k + 1})", MATRIX_STATUS), "0.000",
                     kind="result"),
                calc(f"={criterion(k, None, english=True)}")] for k in range(N)]
    return Sheet(
        PAIRWISE,
        [*heading(_fig(goal, "一対比較と重み (図8・図10・図11)", "評価基準の一対比較と重み"),
                  _fig(goal, "Pairwise comparisons and weights (Figs. 8, 10, 11)",
                       f"Pairwise comparisons of the criteria and their weights — goal: "
                       f"{goal.goal[1]}")),
         Block("B4", [[section("評価基準", "Criteria — " + _fig(
                          goal, "図7: 総合目標「企業価値の評価」",
                          f"総合目標「{goal.goal[0]}」"))],
                      [head("No."), head("評価基準", "Criterion"), head("English")], *criteria]),
         Block(f"B{SOURCE_ROW}", [[
             label("使用する行列\nMatrix used"),
             entry(case.source, choices=MATRIX_SOURCES, name=names.MATRIX_SOURCE.name, across=2),
             None, note("アンケート = 質問票の回答 / 直接入力 = 下の直接入力の行列", 3)],
             status_row(_matrix_status(), 6, names.STATUS_MATRIX.name)]),
         _matrix_block(QUESTIONNAIRE_TOP, section("アンケートからの行列",
                                                  "From the questionnaire (AHP_MATRIX)"),
                       _questionnaire_cell),
         _matrix_block(DIRECT_TOP, section("直接入力 (上三角; 1/3 のような分数も可)",
                                           "Direct input (upper triangle)"),
                       _direct_cell(case)),
         _matrix_block(USED_TOP, section(_fig(goal, "使用する行列 (図8)", "使用する行列"),
                                         _fig(goal, "Matrix used (Fig. 8)", "Matrix used")),
                       _used_cell),
         Block(f"B{USED_TOP + N + 1}", [
             [note("a_ij = 行の項目が列の項目の何倍重要か (下三角は逆数)。SuperDecisions の矢印 ← は"
                   "行、↑ は列の項目が重要の意味。", 6)],
             [note("a_ij = how many times the row item matters more than the column item; "
                   "SuperDecisions' ← points at the row, ↑ at the column item.", 6)]]),
         _suggestions(),
         Block("I4", [[section("重み", _fig(goal, "Weights (Fig. 10)", "Weights"))],
                      [head("評価基準", "Criterion"), head("重み", "Weight"), head("English")],
                      *weights,
                      [label("合計 / Total"), calc(f"=SUM(J{WEIGHT_ROW}:J{last})", "0.000")]]),
         Block(f"I{RESULT_ROW - 1}", [[section("整合性", _fig(goal, "Consistency (Fig. 10, Table 3)",
                                                                "Consistency (Table 3)"))],
                                      *_consistency()])],
        widths={"A": 2, "B": 18, **{c: 12 for c in MATRIX_COLS}, "H": 3, "I": 44, "J": 14,
                "K": 50},
        heights={RESULT_ROW + RESULTS.index(names.VERDICT.name): 30},
        one_page=True,
        names={names.CRITERIA.name: CRITERIA_CELLS,
               names.CRITERIA_EN.name: f"D{CRITERIA_ROW}:D{CRITERIA_ROW + N - 1}",
               names.DIRECT.name: f"C{DIRECT_TOP + 1}:{MATRIX_COLS[-1]}{DIRECT_TOP + N}",
               names.MATRIX.name: USED_CELLS,
               names.WEIGHTS.name: f"J{WEIGHT_ROW}:J{last}",
               "Result_Suggestions": f"B{SUGGEST_TOP + 2}:F{SUGGEST_TOP + 1 + SUGGESTIONS}"},
        charts=[Chart("pie", f"I{RESULT_ROW + len(RESULTS) + 1}",
                      _fig(goal, "重要度の分布 (図11) / Weights", "重要度の分布 / Weights"), f"I{WEIGHT_ROW}:I{last}",
                      f"J{WEIGHT_ROW}:J{last}", "0.0%", (17, 9))],
        marks=[*status_marks(MATRIX_STATUS.replace("$", "")),
               *check_marks(result(names.CR.name, None).replace("$", ""),
                            result(names.NC.name, None).replace("$", "")),
               Mark(_VERDICT, f'AND({_VERDICT}<>"",LEFT({_VERDICT},2)<>"妥当")', "warn")],
    )


def _matrix_status() -> str:
    """AHP_CHECK of the matrix used; while the questionnaire is the source and cannot
    be read (or is empty), the questionnaire's own status, which names the row; a
    source cell that names neither matrix, refused (:func:`refused_choice`)."""
    answers = ANSWERS_STATUS
    questionnaire, typed = (chose(SOURCE, spellings) for spellings in SOURCE_SPELLINGS)
    return (f"=IF(NOT(OR({questionnaire},{typed})),"
            f"{refused_choice(SOURCE, '使用する行列', SOURCE_CHOICES)},"
            f'IF(AND({questionnaire},OR(LEFT({answers},5)="入力エラー",'
            f'LEFT({answers},3)="未入力")),{answers}&" (アンケート)",'
            f"AHP_CHECK({USED},{result(names.RI_TABLE.name, None)},{result(names.ALPHA.name, None)})))")


# ------------------------------------------------------------------ 例題 (表2)

EXAMPLE = "例題 表2"
_EXAMPLE_TOP = 5  # label row of the 3×3 matrix


def worked_example() -> Sheet:
    """The paper's 表2 (§3 手順2), computed: how weights and C.I./C.R. come about."""
    n = len(paper.TABLE2)
    cells = f"B{_EXAMPLE_TOP}:{shift('B', n)}{_EXAMPLE_TOP + n}"
    matrix = ref(cells)
    grid = [[head("目的", "Goal"), *(head(item) for item in paper.TABLE2_ITEMS)]]
    grid += [[head(item), *(Cell(fraction_text(v), "fixed") for v in row)]
             for item, row in zip(paper.TABLE2_ITEMS, paper.TABLE2)]
    first = _EXAMPLE_TOP + n + 3
    figures = [[head("項目", "Item"), head("xlahp"), head("論文", "Paper")]]
    figures += [[label(f"重み {item}"),
                 calc(guarded(f"INDEX(AHP_WEIGHTS({matrix}),{k + 1})"), "0.000", kind="result"),
                 Cell(printed, "fixed", "0.000")]
                for k, (item, printed) in enumerate(zip(paper.TABLE2_ITEMS,
                                                        paper.TABLE2_WEIGHTS))]
    figures += [[label("C.I. 整合度指標"),
                 calc(guarded(f"AHP_CI({matrix})"), "0.0000", names.EXAMPLE_CI.name, "result"),
                 Cell(paper.TABLE2_CI, "fixed", "0.0000")],
                [label("C.R. (SuperDecisions の Inconsistency; 論文の「C.I.」)"),
                 calc(guarded(f"AHP_CR({matrix})"), "0.0000", names.EXAMPLE_CR.name, "result"),
                 Cell(paper.TABLE2_INCONSISTENCY, "fixed", "0.0000")]]
    return Sheet(
        EXAMPLE,
        [*heading("例題: 表2 評価基準間の一対比較", "Worked example: the paper's Table 2",
                  "A:B = 3, A:C = 5, B:C = 3 のときの重みと整合度 (論文 図5)。",
                  "Weights and consistency for A:B = 3, A:C = 5, B:C = 3 (the paper's Fig. 5).",
                  4),
         Block(f"B{_EXAMPLE_TOP}", grid),
         Block(f"B{first}", figures)],
        widths={"A": 2, "B": 40, "C": 14, "D": 14, "E": 14},
        names={"Example_Matrix": cells,
               names.EXAMPLE_WEIGHTS.name: f"C{first + 1}:C{first + n}"},
    )

