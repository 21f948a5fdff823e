"""The workbooks' defined names — the contract users' scripts, ``calc``, ``report`` and
``demo`` read — each with the Japanese/English label it is shown under.

One owner: the templates define these names, the applications read them, and both
take them from here; a label shown on a sheet, in ``calc``'s output and in the summary
is the same words (Japanese first, English after).  Names used by a single template
module only stay there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    """A defined name and its label (Japanese, English)."""

    name: str
    ja: str
    en: str = ""

    @property
    def label(self) -> str:
        return f"{self.ja} {self.en}".strip()


# --- 表紙: the alliance ----------------------------------------------------------------
ALLIANCE = Name("AllianceName", "提携名", "alliance")
PARTNER = Name("Partner", "提携先", "partner")
FORM = Name("AllianceForm", "形態", "form")
PURPOSE = Name("Purpose", "目的", "purpose")
SELECTION_CRITERIA = Name("SelectionCriteria", "パートナー選定基準", "selection criteria")
EVALUATORS = Name("Evaluators", "評価者", "evaluators")
EVALUATION_DATE = Name("EvaluationDate", "評価日", "evaluation date")
EXIT_PATTERN = Name("ExitPattern", "出口の型", "exit pattern")
EXIT_CONDITIONS = Name("ExitConditions", "解消条件", "termination conditions")
NOTICE_PERIOD = Name("NoticePeriod", "通知期間", "notice period")
EXIT_ASSETS = Name("ExitAssets", "知財・資産の帰属", "IP and assets on exit")
EXIT_RULES = Name("ExitRules", "Exit ルール", "exit rules")
KGI = Name("Input_KGI", "KGI", "final goal")

# --- 期: the alliance across periods (SPEC §2.7) ----------------------------------------
ALLIANCE_ID = Name("AllianceID", "提携ID", "alliance ID")
PERIOD = Name("EvaluationPeriod", "評価期間", "period")
PREVIOUS_PERIOD = Name("PreviousPeriod", "前期", "previous period")
VIEW_REASON = Name("ViewChangeReason", "視点の変更理由", "reason for a change of view")
PREVIOUS_WEIGHTS = Name("Previous_Weights", "前期の重要度", "previous weights")
KPI_DIRECTIONS = Name("Input_KPIDirections", "KPI の方向", "KPI directions")
REVIEW_PERIODS = Name("Input_ReviewPeriods", "レビュー期間", "review periods")
KPI_ACTUALS = Name("Input_KPIActuals", "KPI 実績", "KPI actuals")
KPI_LATEST = Name("Result_KPILatest", "最新の達成度", "latest achievement")
STATUS_KPI = Name("Status_KPI", "KPI 推移", "KPI log")
STATUS_VIEW = Name("Status_View", "視点の継続", "view")
STATUS_EXIT = Name("Status_Exit", "Exit 判定", "exit")
KPI = Name("Input_KPI", "KPI", "indicators")

# --- the inputs a new period (xlahp new --from) carries over -----------------------------
ANSWERS = Name("Input_Answers", "アンケート", "questionnaire")
DIRECT = Name("Input_Direct", "直接入力の行列", "typed matrix")
MATRIX_SOURCE = Name("Input_MatrixSource", "使用する行列", "matrix used")
RI_TABLE = Name("Input_RiTable", "RI の表", "RI table")
ALPHA = Name("Input_Alpha", "危険率 α", "risk level")
STATEMENT = Name("Input_Statement", "財務諸表", "statement")
CURRENT = Name("Input_Current", "当期", "current year")
PREVIOUS = Name("Input_Previous", "前期", "previous year")
TARGET = Name("Input_Target", "目標", "target year")
UNITS = Name("Input_Units", "単位", "units")
SELECTED = Name("Input_Selected", "指標 (選択)", "indicators chosen")
SCORE_METHOD = Name("Input_ScoreMethod", "採点方法", "scoring")
SCORE_CAP = Name("Input_ScoreCap", "得点の上限", "score cap")
RATING_SCALE = Name("Input_RatingScale", "評定の尺度", "rating scale")
BANKRUPTCY_WEIGHTS = Name("Input_BankruptcyWeights", "倒産指数の重み", "bankruptcy weights")

# --- where imported figures came from (xlahp import; docs/edinet.md) -----------------------
SOURCE_CURRENT = Name("Source_Current", "当期の取込元", "source, current year")
SOURCE_PREVIOUS = Name("Source_Previous", "前期の取込元", "source, previous year")
SOURCE_STATEMENT = Name("Source_Statement", "取込元", "imported from")

# --- results ---------------------------------------------------------------------------
WEIGHTS = Name("Result_Weights", "重要度", "weights")
CI = Name("Result_CI", "C.I.", "")
CR = Name("Result_CR", "C.R.", "")
NC = Name("Result_NC", "N.C.", "")
NC_LIMIT = Name("Result_NCLimit", "N.C.", "limit")
NC_P = Name("Result_NCp", "p 値", "p-value")
RI = Name("Result_RI", "RI", "random index")
N_CRITERIA = Name("Result_N", "n", "criteria")
LAMBDA_MAX = Name("Result_LambdaMax", "λmax", "")
CRITERIA = Name("Input_Criteria", "評価基準", "criteria")
CRITERIA_EN = Name("Input_CriteriaEN", "評価基準 (英)", "criteria, English")
MATRIX = Name("Result_Matrix", "一対比較表", "matrix")
VERDICT = Name("Result_Verdict", "判定", "verdict")
VALUE_INDEX = Name("Result_ValueIndex", "価値指数", "value index")
STANDING = Name("Result_ValueIndexStanding", "価値指数の扱い", "index status")
COVERAGE = Name("Result_Coverage", "カバー率", "coverage")
CURRENT_VALUES = Name("Result_Current", "当期", "current")
TARGET_VALUES = Name("Result_Target", "目標", "target")
SCORES = Name("Result_Scores", "得点", "scores")
BANKRUPTCY = Name("Result_Bankruptcy", "倒産指数", "bankruptcy")
BANKRUPTCY_VERDICT = Name("Result_BankruptcyVerdict", "倒産指数の判定", "bankruptcy verdict")
BANKRUPTCY_DRIVERS = Name("Result_BankruptcyDrivers", "倒産指数の押し下げ要因",
                          "bankruptcy drivers")
#: The alliance workbook's own overall status (the most serious of its input statuses).
STATUS = Name("Result_Status", "状態", "status")

# --- status cells ------------------------------------------------------------------------
STATUS_ANSWERS = Name("Status_Answers", "アンケート", "questionnaire")
STATUS_MATRIX = Name("Status_Matrix", "一対比較", "matrix")
STATUS_STATEMENT = Name("Status_Statement", "財務諸表", "statement")
STATUS_TARGETS = Name("Status_Targets", "目標比較", "targets")
STATUS_BANKRUPTCY = Name("Status_Bankruptcy", "倒産指数", "bankruptcy index")
STATUS_GROUP = Name("Status_Group", "集団評価", "group")

STATUS_HOLDING = Name("Status_Holding", "保有株式", "holding")

# --- 説明資料 (the explanation) ------------------------------------------------------------
EXPLANATION = Name("Result_Explanation", "説明", "explanation")  # the one line, on the cover
#: 説明資料's statements, top to bottom (a statement may span rows: the blank cells between)
EXPLANATION_TEXT = Name("Result_ExplanationText", "説明資料の説明", "explanation, in full")

# --- 保有株式 (the holding a capital alliance discloses, 柳 2009) -------------------------
HOLDING_COUNTERPARTY = Name("Holding_Counterparty", "相手先名", "counterparty")
HOLDING_UNIT = Name("Holding_Unit", "金額の単位", "unit")
HOLDING_SHARES = Name("Holding_Shares", "取得株式数", "shares held")
HOLDING_COST = Name("Holding_Cost", "取得原価", "cost")
HOLDING_BOOK = Name("Holding_Book", "期末簿価", "carrying amount")
HOLDING_MARKET = Name("Holding_Market", "期末時価", "market value")
HOLDING_GAIN = Name("Holding_Gain", "含み損益", "unrealised gain")
HOLDING_PREVIOUS_SHARES = Name("Holding_PreviousShares", "前期末の株式数", "shares a year earlier")
HOLDING_PREVIOUS_BOOK = Name("Holding_PreviousBook", "前期末の簿価", "carrying amount a year earlier")
HOLDING_MUTUAL = Name("Holding_Mutual", "相手先による保有", "held by the counterparty")
HOLDING_SINCE = Name("Holding_Since", "保有開始", "held since")
HOLDING_YEARS = Name("Holding_Years", "保有期間", "years held")
HOLDING_PURPOSE = Name("Holding_Purpose", "保有目的", "purpose")
HOLDING_EFFECT = Name("Holding_Effect", "定量的な保有効果", "quantitative effect")
HOLDING_DIVIDENDS = Name("Holding_Dividends", "受取配当金", "dividends received")
HOLDING_RESULTS = Name("Holding_Results", "保有の実績", "results")
DISCOUNT_RATE = Name("Input_DiscountRate", "割引率", "discount rate")
CASH_FLOWS = Name("Input_CashFlows", "キャッシュフロー", "cash flows")
NPV = Name("Result_NPV", "NPV", "net present value")
IRR = Name("Result_IRR", "IRR", "internal rate of return")

# --- 集団評価 (several evaluators) -------------------------------------------------------
GROUP_EVALUATORS = Name("Group_Evaluators", "評価者数", "evaluators")
GROUP_CONSENSUS = Name("Group_Consensus", "合意度 S*", "consensus")

# --- 例題 表2 (the paper's teaching example) ---------------------------------------------
EXAMPLE_WEIGHTS = Name("Example_Weights", "重み (表2)", "weights, Table 2")
EXAMPLE_CI = Name("Example_CI", "C.I. (表2)", "Table 2")
EXAMPLE_CR = Name("Example_CR", "C.R. (表2)", "Table 2")

# --- the partner-selection workbook ----------------------------------------------------
PARTNER_TOP = Name("Result_PartnerTop", "選定 1位", "top candidate")
PARTNER_SCORE = Name("Result_PartnerScore", "1位の総合評価", "top priority")
PARTNER_RUNNER_UP = Name("Result_PartnerRunnerUp", "2位", "runner-up")
PARTNER_MARGIN = Name("Result_PartnerMargin", "2位との差", "margin")
PARTNER_CRITICAL = Name("Result_PartnerCritical", "最も敏感な基準", "critical criterion")
PARTNER_CRITICAL_PCT = Name("Result_PartnerCriticalPct", "覆る変化率", "% to overturn")
PARTNER_VERDICT = Name("Result_PartnerVerdict", "判定", "verdict")
PARTNER_MODE = Name("Partner_Mode", "モード", "mode")
PARTNER_STATEMENTS = Name("Partner_Statements", "候補の財務", "candidates' statements")
STATUS_PARTNER_CRITERIA = Name("Status_PartnerCriteria", "評価基準", "criteria")
STATUS_PARTNER_RATINGS = Name("Status_PartnerRatings", "候補の評価", "ratings")
STATUS_PARTNER_FINANCE = Name("Status_PartnerFinance", "財務", "finance")
STATUS_PARTNER_MATRICES = Name("Status_PartnerMatrices", "候補の一対比較", "matrices")

#: The headline figures of an alliance workbook, in the order ``calc`` prints them.
HEADLINES = (WEIGHTS, CR, NC, NC_LIMIT, VERDICT, VALUE_INDEX, STANDING, COVERAGE, BANKRUPTCY,
             STATUS)
#: The same for a partner-selection workbook.
PARTNER_HEADLINES = (PARTNER_TOP, PARTNER_MARGIN, PARTNER_CRITICAL, PARTNER_CRITICAL_PCT,
                     PARTNER_VERDICT)
