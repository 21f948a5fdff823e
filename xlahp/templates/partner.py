"""The partner-selection workbook (README "The workbooks"): goal → criteria → candidates.

表紙 (purpose, candidates, verdict in words), アンケート and 一対比較 (the criteria of
seed 000 weighed as the alliance workbook weighs its own: questionnaire or typed matrix,
weights and every consistency check; :mod:`.ahp` with :data:`GOAL`), the candidates'
sheets of :mod:`.partner_inputs` (ratings or pairwise matrices per criterion, statement
figures and 倒産指数) and 総合評価 (local priorities, AHP_SYNTH in both modes, a
stacked bar by criterion, AHP_CRITICAL and an AHP_SWEEP gradient chart).  Inputs come
from a :class:`~.partner_case.PartnerCase`.

What prints, and what the charts plot, is what the case the workbook is built from uses
(build_partner, ``xlahp new --kind partner-selection``, the committed example):

- the candidates up to the last one named (:func:`~.partner_inputs.shown_candidates`);
  a case naming none (the blank template, ``xlahp new``) prints and plots all eight slots,
  its whole form.  候補の財務 prints the rows of cards holding them (four a row), under its
  heading and grey-zone band; both charts plot them only, so no legend names an empty
  slot.  The tables of 表紙, 候補の評価 and 総合評価 keep all eight rows on their pages:
  they are inputs and their results, and cutting rows out of a page is not possible.
- the matrices of 候補の一対比較 whose criterion is compared pairwise
  (:func:`~.partner_inputs.pairwise_when_built`), one a page under the sheet's heading
  (several print ranges, each on a page of its own, with the heading as print titles); when
  none is, the heading alone, whose status says the sheet is not used.
- 総合評価 on four pages: the priorities, the critical criteria with the verdict figures
  (the AHP_CRITICAL table never split), the charts, the gradient table.

A print area is a fixed range, and so are a chart's series: a Print_Area name defined by
a formula (OFFSET or INDEX of the count, a known Excel trick) is ignored by LibreOffice,
which then prints the whole sheet (tried with LibreOffice 7.4).  So the build sets them,
and each sheet whose print area or charts follow the case has a line saying what prints;
once names or methods typed later no longer fit it (a fifth candidate named, a criterion
switched to pairwise) the line turns to 注意 (orange, on screen and on the printed page)
and gives the print area to set, or says the charts' ranges to fix.  Nothing is hidden:
every input stays on screen, in print or not.
"""

from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series

from xlahp.templates import ahp, group
from xlahp.templates.ahp import Goal, criterion, guarded, weight
from xlahp.templates.alliance import conf, cover_fields, status_rows
from xlahp.templates.layout import (Block, Cell, Mark, Sheet, at, calc, en, entry, head, heading,
                                   label, local_address, note, ref, section, shift, status_marks,
                                   write_sheet)
from xlahp.templates.partner_case import CRITERIA, DATA_CRITERION, K, MODES, RATED, PartnerCase
from xlahp.templates.partner_inputs import (CAND_ROW, COLS, COUNT, COVER, FIN_STATUS, FINANCE_SHEET, M, NAMES,
                             PAIRS_SHEET, PAIRS_STATUS, PRINT_HEIGHT, RATE_STATUS, RATINGS_SHEET,
                             SCALE, finance_sheet, first, is_paired, is_rated, pairs_matrix,
                             pairs_sheet, print_line, rating_column, ratings_sheet,
                             shown_candidates)
from xlahp.templates import names

SYNTH_SHEET = "総合評価"
SHEETS = (COVER, ahp.QUESTIONNAIRE, ahp.PAIRWISE, group.SHEET, RATINGS_SHEET, PAIRS_SHEET,
          FINANCE_SHEET, SYNTH_SHEET, "xlwings.conf")
STEPS = 20

#: The goal of the hierarchy, for the questionnaire and the criteria matrix (:mod:`.ahp`).
GOAL = Goal(CRITERIA, ("提携の目的に最も資する提携先",
                       "the partner that best serves the alliance's purpose"),
            ("提携先を選ぶ場合、各行の 2 つの評価基準のうち、提携の目的 (表紙) に照らしてより重要と"
             "思う方と、その重要度を選んでください。", "For each pair choose the criterion that "
             "matters more in choosing a partner for the alliance's purpose (cover), and by how "
             "much;"), used_by=("候補の総合評価", "The candidates' synthesis"))
assert K == ahp.N

# 表紙: candidates' names in C (CAND_ROW…), their global priority and rank in G, H
VERDICT_ROW = CAND_ROW + M + 2
GLANCE_ROW = VERDICT_ROW + 4

# the criteria: names, weights, C.R. and status on 一対比較 (:mod:`.ahp`)
CRIT_NAMES = ref(ahp.CRITERIA_CELLS, ahp.PAIRWISE)
CRIT_EN = ref(f"D{ahp.CRITERIA_ROW}:D{ahp.CRITERIA_ROW + K - 1}", ahp.PAIRWISE)
WEIGHTS = ref(f"J{ahp.WEIGHT_ROW}:J{ahp.WEIGHT_ROW + K - 1}", ahp.PAIRWISE)
CR_CELL = ahp.result(names.CR.name)
CRIT_STATUS = at("C", ahp.SOURCE_ROW + 1, ahp.PAIRWISE)

# 総合評価: local priorities D7:H14, global I (distributive), J (ideal), K (used), L rank
LOCAL_ROW = 7
LAST = LOCAL_ROW + M - 1
SETTINGS_ROW = LAST + 5  # mode, then the gradient criterion
MODE = at("D", SETTINGS_ROW, SYNTH_SHEET)
SWEEP_NO = at("E", SETTINGS_ROW + 1, SYNTH_SHEET)
SHARE_ROW = SETTINGS_ROW + 5  # contributions by criterion (the stacked bar)
CRITICAL_ROW = SHARE_ROW + M + 3
FIGURES_ROW = CRITICAL_ROW + K + 3
CHART_ROW = FIGURES_ROW + 12
SWEEP_ROW = CHART_ROW + 22  # header row of the gradient table (the charts above fill 20 rows)
#: 総合評価's printed pages end after these rows: the critical criteria and the verdict
#: figures, the charts and the gradient table each start a page
SYNTH_BREAKS = (CRITICAL_ROW - 2, CHART_ROW - 2, SWEEP_ROW - 2)

#: Every block the synthesis needs (label, English, status cell): it waits (blank) while
#: one of them says 未入力; the cover shows them all.
STATUSES = (("評価基準の状態", "Criteria", CRIT_STATUS), ("評定の状態", "Ratings", RATE_STATUS),
            ("候補の一対比較の状態", "Candidates' matrices", PAIRS_STATUS),
            ("財務 (倒産指数) の状態", "Finances", FIN_STATUS))
LOCAL = (f"{at('D', LOCAL_ROW, SYNTH_SHEET)}:"
         f"INDEX({ref(f'H{LOCAL_ROW}:H{LAST}', SYNTH_SHEET)},{COUNT})")
#: true while the synthesis cannot be shown: too few candidates, a gap in their names (the
#: rows would no longer be the candidates named) or a block not filled
WAITING = "OR(" + ",".join([f"{COUNT}<2", f"COUNTA({first(NAMES)})<{COUNT}",
                            *(f'LEFT({s},3)="未入力"' for _, _, s in STATUSES)]) + ")"


def _shown(formula: str, also: str | None = None) -> str:
    """``formula`` guarded (#N/A for an error), blank while :data:`WAITING` (or ``also``)."""
    blank = f"OR({WAITING},{also})" if also else WAITING
    return f'=IF({blank},"",{guarded(formula)[1:]})'


#: Shown where AHP_CRITICAL leaves a cell blank (the top never changes that way): a
#: cached empty text would be recomputed, and so shown as #N/A, by a viewer without xlahp.
NEVER = "—"


def _never(formula: str) -> str:
    return f'IF({formula}="","{NEVER}",{formula})'


# ------------------------------------------------------------------ 表紙

_COVER = (
    (names.ALLIANCE.name, "提携名", "Alliance", None, "", 20),
    (names.PURPOSE.name, "提携の目的", "Purpose the partner must serve", None,
     "候補はこの目的に照らして評価する (目的の一致が成功要因の第一位)", 45),
    (names.EVALUATORS.name, "評価者", "Evaluators' names", None, "判断は評価者全員で議論して決める / decided together",
     30),
    (names.EVALUATION_DATE.name, "評価日", "Evaluation date", "yyyy/mm/dd", "", 20),
)


def _glance() -> list[list[Cell | None]]:
    f = FIGURES_ROW

    def fig(r: int) -> str:
        return f"={at('D', f + r, SYNTH_SHEET)}"

    dist, ideal = (ref(f"{c}{LOCAL_ROW}:{c}{LAST}", SYNTH_SHEET) for c in "IJ")
    top = 'IF(COUNT({0})=0,"",INDEX({1},MATCH(MAX({0}),{0},0)))'
    rows = (("1位", "Top candidate", fig(0), None),
            ("2位との差", "Margin over the runner-up", fig(3), "0.000"),
            ("最も敏感な基準", "Most critical criterion", fig(4), None),
            ("1位が替わる重みの変化率 (%)", "Weight change that overturns the top (%)", fig(5),
             "0.0"),
            ("分配モードの1位", "Top, distributive mode", "=" + top.format(dist, NAMES), None),
            ("理想モードの1位", "Top, ideal mode", "=" + top.format(ideal, NAMES), None),
            ("評価基準の C.R.", "Consistency ratio of the criteria", f"={CR_CELL}", "0.0000"))
    return [[label(ja), en(text), calc(formula, fmt, kind="result", across=2)]
            for ja, text, formula, fmt in rows] + status_rows(STATUSES)


def cover(case: PartnerCase) -> Sheet:
    candidates = case.candidates
    rows = []
    for i in range(M):
        name, memo = candidates[i] if i < len(candidates) else (None, None)
        r = LOCAL_ROW + i
        rows.append([label(f"候補 {i + 1}"), entry(name), entry(memo, across=3), None, None,
                     calc(f"={at('K', r, SYNTH_SHEET)}", "0.000", kind="result"),
                     calc(f"={at('L', r, SYNTH_SHEET)}", "0")])
    status_at = GLANCE_ROW + 7
    return Sheet(
        COVER,
        [*heading("提携先の選定 (AHP 階層分析)",
                  "Partner selection — AHP hierarchy: goal → criteria → candidates"),
         Block("B3", [[entry("入力 / input"), label("計算 (保護) / computed, locked"),
                       note("シートの順: " + " → ".join(SHEETS[:-1]) + "。候補は上から詰めて "
                            "2〜8 社。保護はパスワードなし。", 5)]]),
         Block("B5", [[section("提携の目的", "Purpose of the alliance")], *cover_fields(_COVER, case)]),
         Block(f"B{CAND_ROW - 2}", [
             [section(f"候補 (最大 {M} 社)", f"Candidates (up to {M})")],
             [head("No."), head("候補名", "Candidate"), head("概要・メモ", "Notes"), None, None,
              head("総合評価", "Global priority"), head("順位", "Rank")], *rows]),
         Block(f"B{VERDICT_ROW - 1}", [
             [section("判定", "Verdict")],
             [calc(f"={at('D', FIGURES_ROW + 6, SYNTH_SHEET)}", name=names.PARTNER_VERDICT.name,
                   kind="result", across=7)],
             [calc(f"={at('D', FIGURES_ROW + 7, SYNTH_SHEET)}", kind="en", across=7)]]),
         Block(f"B{GLANCE_ROW - 1}", [[section("結果一覧", "Results at a glance")], *_glance()])],
        widths={"A": 2, "B": 24, "C": 28, "D": 16, "E": 16, "F": 16, "G": 16, "H": 40},
        heights={3: 30, **{6 + k: f[-1] for k, f in enumerate(_COVER)},
                 VERDICT_ROW: 48, VERDICT_ROW + 1: 48},
        one_page=True,
        names={"Partner_Candidates": f"C{CAND_ROW}:C{CAND_ROW + M - 1}"},
        marks=[m for k in range(len(STATUSES)) for m in status_marks(f"D{status_at + k}")],
    )


# ------------------------------------------------------------------ 総合評価

def _local_cell(i: int, j: int) -> Cell:
    """Candidate i's local priority under criterion j: from its 倒産指数 (data), its
    rating, or the criterion's matrix of the candidates, by the criterion's method."""
    if j == DATA_CRITERION:
        formula = f"INDEX(AHP_DATA({rating_column(j)}),{i + 1})"
    else:
        formula = (f"IF({is_paired(j)},INDEX(AHP_WEIGHTS("
                   f"{pairs_matrix(RATED.index(j))}),{i + 1}),IF({is_rated(j)},INDEX(AHP_RATINGS("
                   f"{rating_column(j)},{SCALE}),{i + 1},1),NA()))")  # no method: no figure
    return calc(_shown(formula, f"{i + 1}>{COUNT}"), "0.000")


def synth_sheet(case: PartnerCase) -> Sheet:
    crit_heads = [Cell(f"={criterion(j)}", "head") for j in range(K)]
    rows = []
    for i in range(M):
        r, name = LOCAL_ROW + i, at("C", CAND_ROW + i, COVER)
        after = f"{i + 1}>{COUNT}"
        rows.append([calc(i + 1), calc(f'=IF({name}="","",{name})'),
                     *(_local_cell(i, j) for j in range(K)),
                     calc(_shown(f'INDEX(AHP_SYNTH({WEIGHTS},{LOCAL},"distributive"),{i + 1})',
                                 after), "0.000", kind="result"),
                     calc(_shown(f'INDEX(AHP_SYNTH({WEIGHTS},{LOCAL},"ideal"),{i + 1})', after),
                          "0.000", kind="result"),
                     calc(f'=IF(I{r}="","",IF({MODE}="ideal",J{r},I{r}))', "0.000"),
                     calc(f'=IF(K{r}="","",RANK(K{r},$K${LOCAL_ROW}:$K${LAST}))', "0")])
    local = [[section("局所優先度と総合評価 (手順3)", "Local and global priorities")],
             [head("No."), head("候補", "Candidate"), *crit_heads,
              head("分配モード", "Distributive"), head("理想モード", "Ideal"),
              head("判定に使用", "Used"), head("順位", "Rank")], *rows,
             [None, label("重み / weights"),
              *(calc(f"={weight(j)}", "0.000") for j in range(K)),
              calc(f"=SUM(I{LOCAL_ROW}:I{LAST})", "0.000"),
              calc(f"=SUM(J{LOCAL_ROW}:J{LAST})", "0.000")]]
    settings = [[section("感度分析の設定", "Sensitivity settings")],
                [label("モード / Mode", 2), None,
                 entry(case.mode, choices=MODES, name=names.PARTNER_MODE.name),
                 note("distributive = 分配 (各列の合計 1)、ideal = 理想 (各列の最良 = 1)。判定・"
                      "感度分析・勾配グラフはこのモード (内訳の棒グラフは分配)。", 6)],
                [label("グラフの基準 / Gradient criterion", 2), None,
                 entry(case.sweep, choices=f"={CRIT_NAMES}", name="Partner_SweepCriterion"),
                 calc(f"=IFERROR(MATCH(D{SETTINGS_ROW + 1},{CRIT_NAMES},0),NA())", "0"),
                 note("この基準の重みを 0→1 に動かし、他の基準は比を保って縮める。", 5)]]
    shares = [[section("基準別の内訳 (分配モード)", "Global priority by criterion (distributive)")],
              [head("No."), head("候補", "Candidate"), *crit_heads, head("合計", "Total")]]
    for i in range(M):
        r, src = SHARE_ROW + i, LOCAL_ROW + i
        shares.append([calc(i + 1), calc(f"=C{src}"),
                       *(calc(f'=IF(I{src}="","",{c}${LAST + 1}*{c}{src}/SUM({c}${LOCAL_ROW}:'
                              f'{c}${LAST}))', "0.000") for c in COLS),
                       calc(f'=IF(I{src}="","",SUM(D{r}:H{r}))', "0.000")])
    critical = [[section("最も敏感な基準 (AHP_CRITICAL)",
                         "Critical criteria: weights at which the top candidate changes")],
                [head("No."), head("評価基準", "Criterion"), head("現在の重み", "Weight"),
                 head("下限", "Lower"), head("上限", "Upper"), head("変化率 %", "Change %"),
                 head("順位入替", "Any swap"), head("入替 %", "Swap %")]]
    for j in range(K):
        critical.append([calc(j + 1), calc(f"={criterion(j)}"),
                         *(calc(_shown(_never(f"INDEX(AHP_CRITICAL({WEIGHTS},{LOCAL},{MODE}),"
                                              f"{j + 2},{c})")), fmt)
                           for c, fmt in zip(range(2, 8), ("0.000", "0.000", "0.000", "0.0",
                                                            "0.000", "0.0")))])
    crit_rows = f"{CRITICAL_ROW + 1}:{{0}}{CRITICAL_ROW + K}"
    pct = "$G$" + crit_rows.format("$G$")
    f = FIGURES_ROW
    j = f"MATCH(MIN({pct}),{pct},0)"
    w, lo, up = (f"INDEX(${c}${CRITICAL_ROW + 1}:${c}${CRITICAL_ROW + K},{j})" for c in "DEF")
    used = f"$K${LOCAL_ROW}:$K${LAST}"
    candidate_cells = f"$C${LOCAL_ROW}:$C${LAST}"
    mode_ja = f'IF({MODE}="ideal","理想モード","分配モード")'
    figures = (
        ("1位", "Top candidate",
         f'=IF(COUNT({used})=0,"",INDEX({candidate_cells},MATCH(MAX({used}),{used},0)))', None),
        ("その総合評価", "Its global priority", f'=IF(D{f}="","",MAX({used}))', "0.000"),
        ("2位", "Runner-up", f'=IF(D{f}="","",IF(D{f + 3}=0,"(同点 tie)",INDEX({candidate_cells},'
                             f'MATCH(LARGE({used},2),{used},0))))', None),
        ("2位との差", "Margin", f'=IF(D{f}="","",MAX({used})-LARGE({used},2))', "0.000"),
        ("最も敏感な基準", "Most critical criterion",
         f'=IF(D{f}="","",IF(COUNT({pct})=0,"なし none",INDEX({CRIT_NAMES},{j})))', None),
        ("1位が替わる変化率 (%)", "Change that overturns the top (%)",
         f'=IF(COUNT({pct})=0,"",MIN({pct}))', "0.0"),
        ("判定", "Verdict",
         f'=IF(D{f}="","",D{f}&" を推奨: 総合評価 "&TEXT(D{f + 1},"0.000")&" ("&{mode_ja}&")、'
         f'2位 "&D{f + 2}&" との差 "&TEXT(D{f + 3},"0.000")&"。"&IF(D{f + 5}="",'
         f'"どの基準の重みを 0〜1 で動かしても 1 位は変わらない。","最も敏感な基準は「"&D{f + 4}'
         f'&"」: 重みを "&TEXT({w},"0.000")&" から "&TEXT(D{f + 8},"0.000")&" へ (変化率 "'
         f'&TEXT(D{f + 5},"0")&"%) 動かすと 1 位が替わる。"))', None),
        ("Verdict (English)", "",
         f'=IF(D{f}="","","Recommended: "&D{f}&" — global priority "&TEXT(D{f + 1},"0.000")'
         f'&" ("&{MODE}&" mode), ahead of "&D{f + 2}&" by "&TEXT(D{f + 3},"0.000")&". "&'
         f'IF(D{f + 5}="","No weight from 0 to 1 on any one criterion changes the top.",'
         f'"Most critical criterion: "&INDEX({CRIT_EN},{j})&" — moving its weight from "&'
         f'TEXT({w},"0.000")&" to "&TEXT(D{f + 8},"0.000")&" ("&TEXT(D{f + 5},"0")&'
         f'" %) changes the top."))', None),
        ("1位が替わる重み", "Weight at which the top changes",
         f'=IF(D{f + 5}="","",IF({lo}="{NEVER}",{up},IF({up}="{NEVER}",{lo},'
         f'IF({w}-{lo}<={up}-{w},{lo},{up}))))',
         "0.000"),
    )
    figure_rows = [[label(ja, 2), None,
                    calc(formula, fmt, FIGURE_NAMES.get(k), "result",
                         across=6 if k in (6, 7) else 2),
                    *([] if k in (6, 7) else [None, en(text, 3)])]
                   for k, (ja, text, formula, fmt) in enumerate(figures)]
    sweep_head = [head("No."), head("重み", "Weight")] + [
        Cell(f'=IF(C{LOCAL_ROW + a}="","候補 {a + 1} (未入力)",C{LOCAL_ROW + a})', "head")
        for a in range(M)]  # a blank title would read "Column H" in the chart's legend
    chart_line, chart_marks = _chart_line(shown_candidates(case))
    sweep = []
    for s in range(STEPS + 1):
        call = f"INDEX(AHP_SWEEP({WEIGHTS},{LOCAL},{SWEEP_NO},{STEPS},{MODE}),{s + 2},{{}})"
        sweep.append([calc(s), calc(_shown(call.format(1)), "0.00")]
                     + [calc(_shown(call.format(a + 2), f"{a + 1}>{COUNT}"), "0.000")
                        for a in range(M)])
    return Sheet(
        SYNTH_SHEET,
        [*heading("総合評価と感度分析", "Synthesis and sensitivity (steps 3 and 4)",
                  "総合評価 = Σ 基準の重み × 局所優先度。分配モードは各列を合計 1、理想モードは各列の最良を 1 に"
                  "してから合成し、どちらも合計 1 に正規化。",
                  "Global priority = Σ weight × local priority; distributive normalises each "
                  "column to sum 1, ideal divides it by its best; both sum to 1.", 11),
         Block(f"B{LOCAL_ROW - 2}", local),
         Block(f"B{SETTINGS_ROW - 1}", settings),
         Block(f"B{SHARE_ROW - 2}", shares),
         Block(f"B{CRITICAL_ROW - 1}", critical),
         Block(f"B{FIGURES_ROW - 1}", [[section("判定の材料", "Verdict figures")],
                                       *figure_rows]),
         Block(f"B{CHART_ROW - 1}", [[section("グラフ", "Charts")]]), chart_line,
         Block(f"B{SWEEP_ROW - 1}", [[section("勾配表 (AHP_SWEEP)", "Gradient table")],
                                     sweep_head, *sweep])],
        widths={"A": 2, "B": 6, "C": 20, **{c: 13 for c in COLS}, "I": 13, "J": 13, "K": 13,
                "L": 10},
        heights={FIGURES_ROW + 6: 48, FIGURES_ROW + 7: 48, CHART_ROW - 1: PRINT_HEIGHT},
        breaks=SYNTH_BREAKS, print_area=_synth_print(shown_candidates(case)),
        marks=chart_marks,
        names={"Partner_Local": f"D{LOCAL_ROW}:H{LAST}",
               "Result_PartnerGlobal": f"I{LOCAL_ROW}:J{LAST}",
               "Partner_Critical": f"D{CRITICAL_ROW + 1}:I{CRITICAL_ROW + K}",
               "Partner_Sweep": f"C{SWEEP_ROW + 1}:K{SWEEP_ROW + 1 + STEPS}"},
    )


#: Defined names of the verdict figures (by their row in 判定の材料).
FIGURE_NAMES = {0: names.PARTNER_TOP.name, 1: names.PARTNER_SCORE.name, 2: names.PARTNER_RUNNER_UP.name,
                3: names.PARTNER_MARGIN.name, 4: names.PARTNER_CRITICAL.name,
                5: names.PARTNER_CRITICAL_PCT.name}


def _synth_print(shown: int) -> tuple[str, ...]:
    """What of 総合評価 prints: all of it, but of the gradient table only the columns of the
    ``shown`` candidates (two print ranges, a blank row apart)."""
    end = SWEEP_ROW + 1 + STEPS
    return () if shown == M else (f"A1:L{SWEEP_ROW - 3}",
                                  f"A{SWEEP_ROW - 1}:{shift('C', shown)}{end}")


def _chart_line(shown: int) -> tuple[Block, list[Mark]]:
    """The line beside the charts' heading: the candidates they and the gradient table
    show, or 注意 with the print area to set once the candidates named are no others."""
    ja, en_ = f"候補 1–{shown}", f"candidates 1–{shown}"
    last = "".join(shift("C", a + 1) for a in range(M))  # the last column for a candidates
    now = (f'"A1:L{SWEEP_ROW - 3},A{SWEEP_ROW - 1}:"&MID("{last}",{COUNT},1)&"'
           f'{SWEEP_ROW + 1 + STEPS}"')
    warning = (f'"注意: グラフと勾配表は作成時の{ja}、候補は今 "&{COUNT}&" 社 — 印刷範囲を "&{now}&" '
               f'に、グラフは右クリック → データの選択 で範囲を直す / the charts and the gradient '
               f'table show {en_} as built, now "&{COUNT}&": set the print area to "&{now}&", '
               f'fix the chart ranges (Select Data)"')
    fine = (f"グラフと勾配表は全候補 (1–{M}) / the charts and the gradient table show every "
            "candidate" if shown == M else f"グラフと勾配表は{ja} (作成時の候補) / the charts and "
            f"the gradient table show {en_} (as built)")
    return print_line(f"AND({COUNT}>0,{COUNT}<>{shown})", fine, warning, f"D{CHART_ROW - 1}",
                      across=9)


def _charts(ws, shown: int) -> None:
    """The stacked bar of each candidate's global priority by criterion and the
    gradient chart of the AHP_SWEEP table, on a printed page of their own, for the
    ``shown`` candidates (:func:`~.partner_inputs.shown_candidates`)."""
    bar = BarChart()
    bar.type, bar.grouping, bar.overlap = "bar", "stacked", 100
    bar.title = "総合評価の内訳 / Global priority by criterion"
    bar.add_data(Reference(ws, min_col=4, max_col=4 + K - 1, min_row=SHARE_ROW - 1,
                           max_row=SHARE_ROW + shown - 1), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=3, min_row=SHARE_ROW,
                                 max_row=SHARE_ROW + shown - 1))
    bar.x_axis.scaling.orientation = "maxMin"
    bar.y_axis.numFmt = "0.00"
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.x_axis.tickLblSkip = 1  # every candidate named, not every other one
    bar.legend.position = "b"
    bar.width, bar.height = 13, 10  # 10 cm: LibreOffice then names every candidate
    ws.add_chart(bar, f"B{CHART_ROW}")

    line = ScatterChart()
    line.title = "勾配 (感度) / Gradient"
    xs = Reference(ws, min_col=3, min_row=SWEEP_ROW + 1, max_row=SWEEP_ROW + 1 + STEPS)
    for a in range(shown):
        ys = Reference(ws, min_col=4 + a, min_row=SWEEP_ROW, max_row=SWEEP_ROW + 1 + STEPS)
        series = Series(ys, xs, title_from_data=True)
        series.marker.symbol = "none"
        series.smooth = False
        line.series.append(series)
    line.x_axis.title = "基準の重み / weight of the criterion"
    line.y_axis.title = "総合評価 / global priority"
    line.x_axis.scaling.min, line.x_axis.scaling.max = 0, 1
    line.x_axis.numFmt = line.y_axis.numFmt = "0.0"
    line.x_axis.delete = line.y_axis.delete = False
    line.legend.position = "b"
    line.width, line.height = 12.5, 9.5
    ws.add_chart(line, f"H{CHART_ROW}")


def criteria_matrix(case: PartnerCase) -> Sheet:
    """一対比較 of :mod:`.ahp` for :data:`GOAL`, its status and weights also under the
    names the report reads."""
    sheet = ahp.pairwise(case, GOAL)
    return replace(sheet, names={**sheet.names,
                                 names.STATUS_PARTNER_CRITERIA.name: f"{local_address(CRIT_STATUS)}:{local_address(CRIT_STATUS)}",
                                 "Partner_Weights": local_address(WEIGHTS)})


def workbook(case: PartnerCase) -> Workbook:
    """The partner-selection workbook for ``case`` (in memory)."""
    wb = Workbook()
    wb.remove(wb.active)
    for describe in (cover, lambda c: ahp.questionnaire(c, GOAL), criteria_matrix,
                     lambda c: group.sheet(c, GOAL), ratings_sheet, pairs_sheet, finance_sheet, synth_sheet):
        write_sheet(wb, describe(case))
    _charts(wb[SYNTH_SHEET], shown_candidates(case))
    write_sheet(wb, conf())
    wb.properties.title = "AHP による提携先の選定 (xlahp)"
    wb.properties.creator = wb.properties.lastModifiedBy = "xlahp"
    return wb
