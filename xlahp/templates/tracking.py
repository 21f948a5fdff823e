"""推移 — the alliance across periods (SPEC §2.7): the view against the previous period's,
the KGI and KPIs reviewed period by period against their targets, and the exit rules.

The paper's §5: the same framework, applied again and again, forces the same view; a
change of view is allowed and explained (ViewChangeReason on the cover).  Seed 000: KGI →
KPI, reviewed monthly or quarterly, exit conditions agreed in advance.  ``xlahp new
--from`` carries the previous period's weights and review log here (:mod:`.reuse`), and
appends the new period's review periods to the log.
"""

from __future__ import annotations

from xlahp.templates import names
from xlahp.templates.ahp import N, PAIRWISE, criterion, weight
from xlahp.templates.case import Case
from xlahp.templates.layout import (Block, Cell, Chart, Mark, Sheet, at, calc, en, entry, head,
                                    heading, label, note, section, shift, span, status_marks)

SHEET = "推移"
#: KGI and the cover's KPI lines.
LINES = 5
LOG_ROWS = 24  # two years of months, six of quarters
SUBJECTS = ("KGI", *(f"KPI {k}" for k in range(1, LINES)))
DIRECTIONS = ("高いほど良い", "低いほど良い")

VIEW_HEAD = 7  # 評価基準 | 前期 | 今期 | 差
_V1 = VIEW_HEAD + 1
VIEW_STATUS_ROW = _V1 + N
GOALS_HEAD = VIEW_STATUS_ROW + 3
_G1 = GOALS_HEAD + 1
CADENCE_ROW = _G1 + LINES
LOG_HEAD = CADENCE_ROW + 3
_L1, _LN = LOG_HEAD + 1, LOG_HEAD + LOG_ROWS
EXIT_ROW = _LN + 3  # the rules, then their verdict
ACTUAL_COLS = tuple(shift("C", k) for k in range(LINES))           # C…G
SCORE_COLS = tuple(shift("H", k) for k in range(LINES))            # H…L
#: Helper columns, hidden: the chart's data (#N/A where nothing is reported, so that a
#: line chart leaves a gap) and each line's latest achievement so far.
CHART_COLS = tuple(shift("R", k) for k in range(LINES + 1))        # R: period, S…W
LATEST_COLS = tuple(shift("X", k) for k in range(LINES))           # X…AB

KPI_STATUS = at("C", 4, SHEET)
VIEW_STATUS = at("C", VIEW_STATUS_ROW, SHEET)
EXIT_STATUS = at("C", EXIT_ROW + 1, SHEET)
PERIODS = span(f"B{_L1}", f"B{_LN}")
ACTUALS = span(f"{ACTUAL_COLS[0]}{_L1}", f"{ACTUAL_COLS[-1]}{_LN}")
TARGETS = span(f"D{_G1}", f"D{_G1 + LINES - 1}")
DIRECTION_CELLS = span(f"E{_G1}", f"E{_G1 + LINES - 1}")
CADENCE = at("C", CADENCE_ROW)


def _goal(k: int) -> tuple[str, str, str]:
    """The cover's cells of line *k* (0 = KGI): indicator, target, review cadence — by the
    cover's defined names (Input_KGI, Input_KPI), as users' scripts read them."""
    name, row = (names.KGI.name, 1) if k == 0 else (names.KPI.name, k)
    return tuple(f"INDEX({name},{row},{c})" for c in (1, 2, 3))  # type: ignore[return-value]


def _view(case: Case) -> list[list[Cell | None]]:
    before = list(case.previous_weights) + [None] * N
    rows = []
    for k in range(N):
        r = _V1 + k
        rows.append([calc(f"={criterion(k)}"), Cell(before[k], "calc", "0.000"),
                     calc(f"={weight(k)}", "0.000"),
                     calc(f'=IF(AND(ISNUMBER(C{r}),ISNUMBER(D{r})),D{r}-C{r},"")',
                          '+0.000;-0.000;0.000')])
    return rows


def _goals(case: Case) -> list[list[Cell | None]]:
    turns = list(case.kpi_directions) + [None] * LINES
    rows = []
    for k in range(LINES):
        indicator, target, review = _goal(k)
        latest = at(LATEST_COLS[k], _LN)
        rows.append([label(SUBJECTS[k]), calc(f'=IF({indicator}="","",{indicator})'),
                     calc(f'=IF({target}="","",{target})'),
                     entry(turns[k], choices=DIRECTIONS),
                     calc(f'=IF({review}="","",{review})'),
                     calc(f'=IF(ISNUMBER({latest}),{latest},"")', "0.0%", kind="result")])
    return rows


def _cadence() -> str:
    """The log's cadence: the finest the cover names for the KGI and KPIs."""
    reviews = span(f"F{_G1}", f"F{_G1 + LINES - 1}")
    words = [("月次", "月次 monthly"), ("四半期", "四半期 quarterly"), ("半期", "半期 half-yearly"),
             ("年次", "年次 yearly")]
    formula = '""'
    for word, shown in reversed(words):
        formula = f'IF(COUNTIF({reviews},"{word}*")>0,"{shown}",{formula})'
    return "=" + formula


def _log(case: Case) -> list[list[Cell | None]]:
    rows = []
    log = list(case.review_log) + [(None, ())] * LOG_ROWS
    for i in range(LOG_ROWS):
        r = _L1 + i
        period, figures = log[i]
        figures = tuple(figures) + (None,) * LINES
        scores = [calc(f'=IF(OR({ACTUAL_COLS[k]}{r}="",$D${_G1 + k}=""),"",'
                       f'IFERROR(KPI_SCORE({ACTUAL_COLS[k]}{r},$D${_G1 + k},'
                       f'IF($E${_G1 + k}="",1,$E${_G1 + k})),""))', "0.0%")
                  for k in range(LINES)]
        chart = [calc(f'=IF(B{r}="","",B{r})')] + [
            calc(f'=IF(ISNUMBER({SCORE_COLS[k]}{r}),{SCORE_COLS[k]}{r},NA())', "0.0%")
            for k in range(LINES)]
        above = (lambda k: "" if i == 0 else f"{LATEST_COLS[k]}{r - 1}")
        latest = [calc(f'=IF(ISNUMBER({SCORE_COLS[k]}{r}),{SCORE_COLS[k]}{r},'
                       + (f'{above(k)})' if i else '"")'), "0.0%") for k in range(LINES)]
        rows.append([entry(period), *[entry(f, "#,##0.##") for f in figures[:LINES]], *scores,
                     *[None] * 5, *chart, *latest])
    return rows


NOTE_JA = ("表紙の KGI・KPI (指標・目標値・レビュー頻度) を期ごとに記録する。達成度 = 実績 ÷ 目標 (低いほど"
           "良い指標は 目標 ÷ 実績; 0–150%、企業価値指数の得点と同じ)。期は FY2024・FY2024 Q1・2024-04 "
           "のように書き、古い順に。Exit ルールは表紙に 1 行 1 つ (例: KPI 2 < 70% for 2 = 2 回連続で"
           "達成度 70% 未満; KGI が 60% 未満; KPI 3 < 5 は実績そのもの)。xlahp new --from で次の期へ: "
           "記録と前期の重要度を引き継ぐ。")
NOTE_EN = ("The cover's KGI and KPIs reviewed period by period. Achievement = actual ÷ target (target ÷ "
           "actual when lower is better), 0–150 %, as the value index scores. Periods as FY2024, "
           "FY2024 Q1 or 2024-04, oldest first. Exit rules on the cover, one per line: KPI 2 < 70% "
           "for 2 (two reviews in a row); KGI が 60% 未満; KPI 3 < 5 (the actual itself) — "
           "docs/method.md §12.")


def sheet(case: Case) -> Sheet:
    weights = span(f"D{_V1}", f"D{_V1 + N - 1}")
    previous = span(f"C{_V1}", f"C{_V1 + N - 1}")
    criteria = span(f"B{_V1}", f"B{_V1 + N - 1}")
    kpi_names = span(f"C{_G1}", f"C{_G1 + LINES - 1}")
    rules = names.EXIT_RULES.name
    # the chart spans the review periods the log names when built (xlahp new writes this
    # period's), at least a year of quarters: unreported ones are gaps (#N/A) in Excel
    last = _L1 + max(len(case.review_log), 4) - 1
    return Sheet(
        SHEET,
        [*heading("推移 — 視点の継続と KPI の記録", "The view across periods, KPI tracking and exit "
                  "rules", NOTE_JA, NOTE_EN, 11,
                  status=f"=KPI_CHECK({PERIODS},{ACTUALS},{kpi_names},{TARGETS},"
                         f"{DIRECTION_CELLS})", status_name=names.STATUS_KPI.name),
         Block(f"B{VIEW_HEAD - 1}", [
             [section("視点の継続 (論文 §5: 同じ視点での評価)", "The view, period to period")],
             [head("評価基準", "Criterion"),
              calc(f'="前期 "&IF({names.PREVIOUS_PERIOD.name}="","(なし none)",'
                   f'{names.PREVIOUS_PERIOD.name})', kind="head"),
              head("今期", "This period"), head("差", "Change"),
              note("前期の重要度は xlahp new --from が書き込む (前期の一対比較の結果)。変えたら表紙の"
                   "「視点の変更理由」に理由を。/ The previous weights are written by xlahp new "
                   "--from; a change needs its reason on the cover.", 7)],
             *_view(case),
             [label("状態 Status"),
              calc(f"=VIEW_CHECK({previous},{weights},{names.VIEW_REASON.name},{criteria})",
                   kind="status", name=names.STATUS_VIEW.name, across=10)]]),
         Block(f"B{GOALS_HEAD - 1}", [
             [section("数値目標 (表紙から)", "KGI and KPIs, from the cover")],
             [head("区分", "Type"), head("指標", "Indicator"), head("目標値", "Target"),
              head("方向", "Direction"), head("レビュー頻度", "Cadence"),
              head("最新の達成度", "Latest achievement")],
             *_goals(case),
             [label("記録の頻度"), calc(_cadence(), across=2), None,
              en("The log's cadence: the finest of the cover's", 3)]]),
         Block(f"B{LOG_HEAD - 1}", [
             [section("レビュー記録 (実績)", "Review log (actuals)")],
             [head("期", "Period"), *[head(s, "実績 actual") for s in SUBJECTS],
              *[head(s, "達成度") for s in SUBJECTS], *[None] * 5,
              Cell("期", "head"), *[Cell(s, "head") for s in SUBJECTS],
              *[Cell(s, "head") for s in SUBJECTS]],
             *_log(case)]),
         Block(f"B{EXIT_ROW}", [
             [label("Exit ルール"), calc(f'=IF({rules}="","(表紙に未設定 none on the cover)",{rules})',
                                       across=10)],
             [label("Exit 判定"),
              # blank without rules, said with a plain formula first, so that a viewer
              # without xlahp, recalculating a cell cached as blank, keeps it blank
              calc(f'=IF({rules}="","",EXIT_CHECK({rules},{PERIODS},{ACTUALS},{TARGETS},'
                   f'{DIRECTION_CELLS},{CADENCE}))', kind="status", name=names.STATUS_EXIT.name,
                   across=10)]])],
        widths={"A": 2, "B": 14, **{c: 13 for c in ACTUAL_COLS}, **{c: 10 for c in SCORE_COLS},
                "M": 4, "N": 4, "O": 4, "P": 4, "Q": 4},
        heights={3: 75, EXIT_ROW: 45},
        names={names.PREVIOUS_WEIGHTS.name: f"C{_V1}:C{_V1 + N - 1}",
               names.KPI_DIRECTIONS.name: f"E{_G1}:E{_G1 + LINES - 1}",
               names.REVIEW_PERIODS.name: f"B{_L1}:B{_LN}",
               names.KPI_ACTUALS.name: f"{ACTUAL_COLS[0]}{_L1}:{ACTUAL_COLS[-1]}{_LN}",
               names.KPI_LATEST.name: f"G{_G1}:G{_G1 + LINES - 1}"},
        charts=[Chart("line", f"N{GOALS_HEAD - 1}", "達成度の推移 (1.0 = 目標) / Achievement",
                      f"{CHART_COLS[0]}{_L1}:{CHART_COLS[0]}{last}",
                      f"{CHART_COLS[1]}{LOG_HEAD}:{CHART_COLS[-1]}{last}", "0%", (16, 8))],
        hidden_columns=(CHART_COLS[0], LATEST_COLS[-1]),
        freeze=None,
        marks=[*status_marks("C4"), *status_marks(f"C{VIEW_STATUS_ROW}"),
               Mark(f"C{EXIT_ROW + 1}", f'LEFT(C{EXIT_ROW + 1},4)="Exit"', "error"),
               *status_marks(f"C{EXIT_ROW + 1}"),
               Mark(f"H{_L1}:L{_LN}", f'AND(ISNUMBER(H{_L1}),H{_L1}<1)', "warn")],
    )

