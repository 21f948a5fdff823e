"""The inputs of one alliance workbook: blank for the template, the paper's A社 case.

A :class:`Case` holds every value a user types into a workbook.  The sheet
descriptions (:mod:`.alliance`, :mod:`.ahp`, :mod:`.accounts`) put each value
in its input cell, so the template and the filled example come from the same
builder and differ only here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from itertools import combinations

from xlahp.core import paper
from xlahp.core.finance import PAPER_INDICATORS
from xlahp.core.pairwise import scale_label
from xlahp.templates import names

#: The pairs of criteria the questionnaire asks about (図9: "このような用紙が 10 枚"),
#: as index pairs (i, j), i < j, in the order of paper.CRITERIA.
PAIRS: tuple[tuple[int, int], ...] = tuple(combinations(range(len(paper.CRITERIA)), 2))


#: Choices of the cover's drop-downs (seed 000: アライアンス形態; the paper's case
#: is 株式持ち合い), the review cadence of KPIs and the basic exit patterns.
ALLIANCE_FORMS = ("業務提携", "資本提携", "資本業務提携", "株式持ち合い")
REVIEW_CADENCES = ("月次 monthly", "四半期 quarterly", "半期 half-yearly", "年次 yearly")
EXIT_PATTERNS = ("契約期間満了 term expiry", "目標達成後の合意解消 agreed after goals met",
                 "事業譲渡・M&Aへの移行 transfer / M&A", "解消条項による終了 termination clause")
#: The forms with a shareholding: the ones that disclose it (保有株式, 柳 2009).
CAPITAL_FORMS = ALLIANCE_FORMS[1:]
#: The investment at t = 0 of the holding's NPV estimate: the market value forgone by
#: holding on, or the cost (to review the decision to buy).
INVESTMENT_BASES = ("期末時価 market value", "取得原価 cost")
MATRIX_SOURCES = ("アンケート", "直接入力")
#: How the target comparison scores achievement (docs/method.md §6): automatically (the
#: ratio to the target, or progress from the base period where a figure is ≤ 0), or by
#: AHP absolute measurement (ratings of achievement levels).
SCORE_METHODS = ("自動 auto", "評定 rating")

#: Periods of the statement sheet: parse_statement's header words, English, key
#: of Case.statement.
PERIODS = (("当期", "Current year", "current"), ("前期", "Previous year", "previous"),
           ("目標", "Target year", "target"))


@dataclass(frozen=True)
class Case:
    """Every input of one workbook (None or empty = left blank)."""

    cover: dict[str, object] = field(default_factory=dict)  # defined name → value
    kgi: tuple[object, object, object] = (None, None, None)  # indicator, target, review
    kpis: tuple[tuple[object, object, object], ...] = ()     # up to KPI_ROWS rows
    #: per questionnaire pair (PAIRS order): (more important item or None, intensity label)
    answers: tuple[tuple[str | None, str | None], ...] = ()
    #: upper triangle of the direct-input matrix, (i, j) → text such as "1/9"
    direct: dict[tuple[int, int], str] = field(default_factory=dict)
    source: str = MATRIX_SOURCES[0]
    #: the group sheet (集団評価): per evaluator, (name, answers in the form of ``answers``)
    evaluators: tuple[tuple[str | None, tuple[tuple[str | None, str | None], ...]], ...] = ()
    fiscal_years: dict[str, str] = field(default_factory=dict)  # period key → 2010年3月期 …
    units: dict[str, str] = field(default_factory=dict)  # period key → 千円 … (default 百万円)
    statement: dict[str, dict[str, float]] = field(default_factory=dict)  # period → item → value
    #: indicator → (current override, target override, note)
    overrides: dict[str, tuple[object, object, str]] = field(default_factory=dict)
    selected: tuple[str, ...] = PAPER_INDICATORS
    score_method: str = SCORE_METHODS[0]
    #: the rating scale's levels: (name, achievement it starts at, judgments vs the levels
    #: below it); blank in the template
    rating_levels: tuple[tuple[object, object], ...] = ()
    rating_judgments: dict[tuple[int, int], str] = field(default_factory=dict)
    bankruptcy_weights: tuple[float, ...] = paper.BANKRUPTCY_EXAMPLE_WEIGHTS
    #: 保有株式: defined name → value, the NPV estimate's rate, its basis and cash-flow rows
    #: (row index → values for t = 0, 1, …)
    holding: dict[str, object] = field(default_factory=dict)
    discount_rate: float | None = None
    investment_basis: str = INVESTMENT_BASES[0]
    cash_flows: dict[int, tuple[object, ...]] = field(default_factory=dict)
    #: 期 (SPEC §2.7): the alliance's identity (written by xlahp new, kept by --from), the
    #: previous period's label and weights (the view this period is compared with)
    alliance_id: str | None = None
    previous_period: str | None = None
    previous_weights: tuple[float, ...] = ()
    #: 推移: the KGI's and KPIs' directions, and the review log as (period, figures of KGI,
    #: KPI 1, …) rows, oldest first
    kpi_directions: tuple[object, ...] = ()
    review_log: tuple[tuple[object, tuple[object, ...]], ...] = ()
    #: the language of 説明資料's sentences (ja or en)
    explain_lang: str = "ja"
    #: the paper's 例題 表2 sheet (the teaching example) — the filled example only
    teaching: bool = False


TEMPLATE = Case()


def answer(value: float, i: int, j: int,
           names: tuple[str, ...] = paper.CRITERIA) -> tuple[str | None, str]:
    """The questionnaire answer that gives a_ij = value (more important, label)."""
    if value >= 1:
        return (names[i] if value > 1 else None), scale_label(round(value))
    return names[j], scale_label(round(1 / value))


def fraction_text(value: float) -> str:
    """A judgment as the paper and SuperDecisions print it: 3, 1/5."""
    return str(round(value)) if value >= 1 else f"1/{round(1 / value)}"


#: Three evaluators for the group sheet (集団評価) of the example: invented, not in the
#: paper — 図8 itself, one who rates 安定性 higher, and one who reverses 収益性 vs 効率性
#: (a pair the agenda should put first).  (name, changes to 図8 as (i, j) → a_ij)
INVENTED_EVALUATORS = (
    ("評価者1 (架空 invented) = 図8", {}),
    ("評価者2 (架空 invented)", {(1, 2): 1, (2, 3): 1, (0, 2): 1 / 3}),
    ("評価者3 (架空 invented)", {(1, 3): 1 / 5, (0, 1): 1 / 7}),
)


def invented_evaluators() -> tuple:
    """:data:`INVENTED_EVALUATORS` as questionnaire answers (Case.evaluators)."""
    fig8 = paper.FIG8
    return tuple((name, tuple(answer(changes.get((i, j), fig8[i][j]), i, j) for i, j in PAIRS))
                 for name, changes in INVENTED_EVALUATORS)


#: The example's alliance ID: fixed, so that the committed example is rebuilt byte for byte
#: (xlahp new gives each new alliance a random one, :func:`xlahp.templates.reuse.new_id`).
PAPER_ALLIANCE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "xlahp:paper-example"))


def paper_case() -> Case:
    """A社 of Iida & Torii (2011) §4: 図8 as questionnaire answers, the statement
    figures that reproduce its indicators (xlahp.core.paper) and 負債比率 as printed."""
    fig8 = paper.FIG8
    return Case(
        cover={
            names.ALLIANCE.name: "A社 株式持ち合いによる戦略的提携 (論文の例)",
            names.PARTNER.name: "(論文に記載なし / not named in the paper)",
            names.FORM.name: "株式持ち合い",
            names.PURPOSE.name: "中期計画 (2012年) の目標の実現のため、他社と提携を行い、成長力をさらに"
                       "高めていく (論文 §4)",
            names.EVALUATORS.name: "A社 (東証1部上場) のアンケート回答者; 一対比較は全員で議論して決定",
            names.PERIOD.name: "2009年度",  # 2010年3月期, the paper's current year
        },
        alliance_id=PAPER_ALLIANCE_ID,
        kgi=("売上高 (2012年 中期計画)", "10兆5,000億円", "年次 yearly"),
        kpis=(("当期純利益 (2012年 中期計画)", "2,000億円台", "年次 yearly"),),
        answers=tuple(answer(fig8[i][j], i, j) for i, j in PAIRS),
        direct={(i, j): fraction_text(fig8[i][j]) for i, j in PAIRS},
        evaluators=invented_evaluators(),
        fiscal_years={"current": "2010年3月期", "previous": "2009年3月期",
                      "target": "2012年 中期計画"},
        statement={"current": dict(paper.STATEMENT_CURRENT),
                   "previous": dict(paper.STATEMENT_PREVIOUS),
                   "target": dict(paper.STATEMENT_TARGET)},
        overrides={"負債比率": (paper.PRINTED_CURRENT["負債比率"], None,
                            "論文記載値 (財務諸表の数値は未記載)")},
        teaching=True,
    )
