"""The alliance cover (表紙) and the xlwings.conf sheet.

The cover's inputs (seed 000: form of alliance, 目的条項, partner-selection
criteria, KGI/KPI with their review cadence, exit conditions) are defined
names, so that a portfolio tool reads them without knowing the layout:
:data:`COVER_NAMES`, ``Input_KGI`` (indicator, target, review) and ``Input_KPI``
(rows of the same).  (Not plain ``KGI``: letters that are also a column name are
best avoided as names.)
"""

from __future__ import annotations

from xlahp.templates.accounts import (BANKRUPTCY_ROW, BANKRUPTCY_SHEET, BANKRUPTCY_STATUS, INDEX_ROW,
                       STANDING_ROW, STATEMENT_STATUS, TARGET_SHEET, TARGET_STATUS,
                       provisional_marks)
from xlahp.templates.ahp import (ANSWERS_STATUS, MATRIX_STATUS, N, PAIRWISE, check_marks, criterion,
                                 explain_args, guarded, result, weight)
from xlahp.templates import holding, tracking
from xlahp.templates.case import ALLIANCE_FORMS, EXIT_PATTERNS, REVIEW_CADENCES, Case
from xlahp.templates import names
from xlahp.templates.layout import (Block, Cell, Mark, Sheet, at, calc, en, entry, head, heading,
                                    label, note, section, status_marks)

COVER = "表紙"
CONF = "xlwings.conf"
UDF_MODULE = "xlahp.udfs"
KPI_ROWS = 4

# name, Japanese, English, drop-down choices or number format, hint, row height
_ALLIANCE = (
    (names.ALLIANCE.name, "提携名", "Alliance name", None, "", 20),
    (names.PARTNER.name, "提携先", "Partner company", None, "", 20),
    (names.FORM.name, "提携形態", "Form of alliance", ALLIANCE_FORMS,
     "業務提携: 契約による協業 (資本移動なし) / 資本提携: 出資 / 資本業務提携: 両方 / "
     "株式持ち合い: 相互の株式保有 (論文の対象)", 30),
    (names.PURPOSE.name, "目的 (目的条項)", "Purpose (purpose clause)", None,
     "例: 3年以内に次世代製品を共同開発し市場投入する — 数値目標は下の KGI/KPI へ", 45),
    (names.SELECTION_CRITERIA.name, "パートナー選定基準", "Partner-selection criteria", None,
     "目的の一致・経営資源の補完性・ビジョンと文化の親和性 / aligned goals, complementary "
     "resources, compatible vision and culture", 45),
    (names.EVALUATORS.name, "評価者", "Evaluators' names", None,
     "一対比較は評価者全員で議論して決める (論文 手順2) / decided together", 30),
    (names.EVALUATION_DATE.name, "評価日", "Evaluation date", "yyyy/mm/dd", "", 20),
    (names.PERIOD.name, "評価期間", "Evaluation period", None,
     "この表紙の 1 期: FY2024 (2024年度)・FY2024 Q1・2024-04 — xlahp new --from で次の期へ / "
     "one period per workbook; xlahp new --from starts the next", 30),
)
_EXIT = (
    (names.EXIT_PATTERN.name, "出口の型", "Exit pattern", EXIT_PATTERNS, "", 20),
    (names.EXIT_CONDITIONS.name, "解消条件", "Termination conditions", None, "", 45),
    (names.EXIT_RULES.name, "Exit ルール", "Exit rules (thresholds on KPIs)", None,
     "1 行に 1 つ: KPI 2 < 70% for 2 (2 回連続で達成度 70% 未満)・KGI が 60% 未満・KPI 3 < 5 "
     "(実績そのもの) — 判定は 推移 シート、書き方は docs/method.md §12", 45),
    (names.NOTICE_PERIOD.name, "通知期間", "Notice period", None, "例: 6か月前までに書面で通知", 20),
    (names.EXIT_ASSETS.name, "知財・資産の帰属", "IP and assets on exit", None,
     "解消後の知的財産権の帰属と利用条件、資産・人材の扱い", 45),
)
COVER_NAMES = tuple(f[0] for f in (*_ALLIANCE, *_EXIT))
ALLIANCE_ROW = 6
PERIOD_ROW = ALLIANCE_ROW + len(_ALLIANCE) + 2  # the alliance ID, the period as read, …
KGI_ROW = PERIOD_ROW + 4 + 3  # the KGI line; KPI lines follow
EXIT_ROW = KGI_ROW + KPI_ROWS + 3
RESULT_ROW = EXIT_ROW + len(_EXIT) + 2
#: The results' lines: the weights and the explanation in one line, then the figures.
WEIGHTS_LINE, EXPLAIN_LINE, VERDICT_LINE = RESULT_ROW, RESULT_ROW + 1, RESULT_ROW + 2
INDEX_LINE = RESULT_ROW + 5  # the value index among the results (its standing beside it)
EXIT_LINE = RESULT_ROW + 8  # Exit 判定 (the rules on 推移)
OVERALL_LINE = RESULT_ROW + 9
#: The status of each input block (sheet, cell), shown together on the cover.
def holding_status() -> str:
    """The holding's status (保有株式) for the forms with a shareholding; for 業務提携, OK: there
    is nothing to disclose."""
    form = names.FORM.name
    return (f'IF({form}="","",IF({holding.capital_form()},{holding.STATUS},"OK 対象外: 資本関係'
            f'なし / no shareholding to disclose"))')


STATUSES = (("アンケート", "Questionnaire", ANSWERS_STATUS),
            (f"{PAIRWISE} (行列)", "Matrix", f"'{PAIRWISE}'!{MATRIX_STATUS}"),
            ("財務諸表", "Statement", STATEMENT_STATUS),
            ("目標比較", "Targets", TARGET_STATUS),
            ("視点の継続", "View vs the previous period", tracking.VIEW_STATUS),
            ("倒産指数", "Bankruptcy index", BANKRUPTCY_STATUS),
            ("保有株式 (資本関係)", "Holding (capital forms)", holding_status()),
            ("KPI 推移", "KPI log", tracking.KPI_STATUS))
STATUS_ROW = OVERALL_LINE + 3
#: The status lines the overall status is made of (the matrix's, the statement's, the
#: targets' and the view's against the previous period: the questionnaire's reaches it
#: through the matrix's, the 倒産指数 is shown apart).
OVERALL_FROM = (1, 4)  # first and last index into STATUSES


def cover_fields(fields, case) -> list[list[Cell | None]]:
    """Rows of a cover's labelled fields, filled from ``case.cover`` (alliance or partner)."""
    rows = []
    for name, ja, text, option, hint, _ in fields:
        choices = option if isinstance(option, tuple) else None
        fmt = option if isinstance(option, str) else None
        rows.append([label(ja), en(text),
                     entry(case.cover.get(name), fmt, name, choices, across=4),
                     None, None, None, note(hint)])
    return rows


def _goals(case: Case) -> list[list[Cell | None]]:
    lines = [("KGI 最終目標", case.kgi)] + [
        (f"KPI {k + 1}", case.kpis[k] if k < len(case.kpis) else (None, None, None))
        for k in range(KPI_ROWS)]
    return [[label(kind), entry(indicator), entry(target), entry(review, choices=REVIEW_CADENCES)]
            for kind, (indicator, target, review) in lines]


def _weights() -> list[list[Cell | None]]:
    """The five weights (図10), each with its criterion, and the explanation in one line
    (AHP_EXPLAIN_LINE; its full text is on 説明資料)."""
    shown = [calc(f'=IF(ISNUMBER({weight(k)}),{criterion(k)}&" "&TEXT({weight(k)},"0.000"),"")',
                  kind="result") for k in range(N)]
    line = guarded(f"AHP_EXPLAIN_LINE({explain_args()})", f"'{PAIRWISE}'!{MATRIX_STATUS}")
    return [[label("重要度 (図10)"), en("Weights of the criteria"), *shown],
            [label("説明 (一行)"), en("In one line (in full: 説明資料)"),
             calc(line, kind="result", name=names.EXPLANATION.name, across=5)]]


def _results() -> list[list[Cell | None]]:
    figures = (
        ("整合性の判定", "Consistency verdict", f"={result(names.VERDICT.name)}", None),
        ("C.R. (論文の「C.I.」)", "Consistency ratio (SuperDecisions' Inconsistency)",
         f"={result(names.CR.name)}", "0.0000"),
        ("N.C. 一巡三角形", "Circular triads", f"={result(names.NC.name)}", "0"),
        ("企業価値指数", "Value index", f"={at('C', INDEX_ROW, TARGET_SHEET)}", "0.000"),
        ("カバー率", "Coverage", f"={at('C', INDEX_ROW + 1, TARGET_SHEET)}", "0.0%"),
        ("倒産指数 (単純平均)", "Bankruptcy index", f"={at('E', BANKRUPTCY_ROW, BANKRUPTCY_SHEET)}",
         "0.00"),
    )
    rows = [[label(ja), en(text), calc(formula, fmt, kind="result", across=2)]
            for ja, text, formula, fmt in figures]
    standing = at("C", STANDING_ROW, TARGET_SHEET)
    rows[3] += [None, calc(f'=IF({standing}="","",{standing})', kind="result", across=3)]
    verdict, drivers = (at("E", BANKRUPTCY_ROW + k, BANKRUPTCY_SHEET) for k in (2, 4))
    rows[5] += [None, calc(f'=IF({verdict}="","",{verdict}&IF(ISNUMBER(FIND("未満",{drivers})),'
                           f'" — "&{drivers},""))', kind="result", across=3)]
    rows.append([label("Exit 判定"), en("Exit rules (推移): Exit 検討 when one is met"),
                 calc(f'=IF({tracking.EXIT_STATUS}="","(Exit ルールなし no rules)",'
                      f'{tracking.EXIT_STATUS})', kind="status", across=5)])
    first, last = (STATUS_ROW + k for k in OVERALL_FROM)
    rows.append([label("総合状態"), en("Overall status (the most serious of the blocks below)"),
                 calc(f"=STATUS_OVERALL(D{first}:D{last},B{first}:B{last})", kind="status",
                      name=names.STATUS.name, across=5)])
    return _weights() + rows


def status_rows(statuses) -> list[list[Cell | None]]:
    """A cover's status lines: per (label, English, status cell) the status, blank while
    it is."""
    return [[label(ja), en(text), calc(f'=IF({cell}="","",{cell})', kind="status", across=5)]
            for ja, text, cell in statuses]


def _period(case: Case) -> list[list[Cell | None]]:
    """The alliance across periods: its ID (xlahp new), the period as read, the previous
    period (xlahp new --from) and the reason for a change of view."""
    period = names.PERIOD.name
    return [[label("提携ID"), en("Alliance ID (kept from period to period)"),
             Cell(case.alliance_id, "fixed", name=names.ALLIANCE_ID.name, across=4), None, None,
             None, note("xlahp new が付与し、--from で引き継ぐ / given by xlahp new, kept by --from")],
            [label("評価期間 (読み)"), en("Period, as read"),
             calc(f'=IF({period}="","",PERIOD_LABEL({period}))', kind="result", across=4)],
            [label("前期"), en("Previous period"),
             Cell(case.previous_period, "fixed", name=names.PREVIOUS_PERIOD.name, across=4)],
            [label("視点の変更理由"), en("Reason for a change of view"),
             entry(case.cover.get(names.VIEW_REASON.name), name=names.VIEW_REASON.name, across=4),
             None, None, None,
             note("前期から重要度を変えたときに記入 (空欄なら 要説明) / why the weights changed "
                  "since the previous period (else 要説明)")]]


def cover(case: Case) -> Sheet:
    heights = {ALLIANCE_ROW + k: f[-1] for k, f in enumerate(_ALLIANCE)}
    heights |= {EXIT_ROW + k: f[-1] for k, f in enumerate(_EXIT)}
    return Sheet(
        COVER,
        [*heading("戦略的提携の企業価値評価 (AHP)",
                  "Enterprise-value evaluation of a strategic alliance — AHP "
                  "(Iida & Torii 2011)"),
         Block("B3", [[entry("入力 / input"), label("計算 (保護) / computed, locked"),
                       note(f"シートの順: 表紙 → アンケート → {PAIRWISE} → 財務諸表 → 指標 → "
                            "目標比較 → 倒産指数。保護はパスワードなし。", 5)]]),
         Block(f"B{ALLIANCE_ROW - 1}", [[section("提携の概要", "Alliance")],
                                        *cover_fields(_ALLIANCE, case)]),
         Block(f"B{PERIOD_ROW - 1}", [[section("期 (評価の継続)", "Period (the same view, every "
                                                                       "period)")],
                                      *_period(case)]),
         Block(f"B{KGI_ROW - 2}", [[section("数値目標", "KGI / KPI (measurable goals)")],
                                   [head("区分", "Type"), head("指標", "Indicator"),
                                    head("目標値", "Target"), head("レビュー頻度", "Review cadence")],
                                   *_goals(case)]),
         Block(f"B{EXIT_ROW - 1}", [[section("出口条件", "Exit conditions")],
                                    *cover_fields(_EXIT, case)]),
         Block(f"B{RESULT_ROW - 1}", [[section("評価結果 (計算)", "Results (computed)")],
                                      *_results()]),
         Block(f"B{STATUS_ROW - 1}", [[section("入力の状態 (各シートの状態欄)",
                                               "Input status (from each sheet)")],
                                      *status_rows(STATUSES)])],
        widths={"A": 2, "B": 22, "C": 26, "D": 22, "E": 18, "F": 18, "G": 22, "H": 58},
        heights={3: 30, PERIOD_ROW + 3: 30, **heights},
        one_page=True,
        names={names.KGI.name: f"C{KGI_ROW}:E{KGI_ROW}",
               names.KPI.name: f"C{KGI_ROW + 1}:E{KGI_ROW + KPI_ROWS}"},
        marks=[*provisional_marks(f"D{INDEX_LINE}:H{INDEX_LINE}", at("F", INDEX_LINE)),
               Mark(f"D{VERDICT_LINE}", f'AND({at("D", VERDICT_LINE)}<>"",'
                                        f'LEFT({at("D", VERDICT_LINE)},2)<>"妥当")', "warn"),
               *check_marks(f"D{VERDICT_LINE + 1}", f"D{VERDICT_LINE + 2}"),
               Mark(f"D{EXPLAIN_LINE}", f'ISNUMBER(FIND("参考値",{at("D", EXPLAIN_LINE)}))',
                    "warn"),
               Mark(f"D{EXIT_LINE}", f'LEFT(D{EXIT_LINE},4)="Exit"', "error"),
               *status_marks(f"D{EXIT_LINE}"), *status_marks(f"D{OVERALL_LINE}"),
               *(m for k in range(len(STATUSES)) for m in status_marks(f"D{STATUS_ROW + k}"))],
    )


def conf() -> Sheet:
    """The sheet classic xlwings reads: ``UDF Modules`` | ``xlahp.udfs`` in A1:B1."""
    return Sheet(CONF, [Block("A1", [[Cell("UDF Modules", "label"), Cell(UDF_MODULE, "label")]])],
                 widths={"A": 16, "B": 16}, protect=False, hidden=True)
