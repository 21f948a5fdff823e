"""The inputs of the partner-selection workbook (:mod:`.partner`): blank, or the
worked example with four invented (架空) candidates.

The criteria are those of the alliance article (seed 000: 目的の一致, 経営資源の補完性,
ビジョンと文化の親和性, the due-diligence view of the candidate's finances, 現場の相性).
Every criterion but the financial one is rated on :data:`LEVELS` or compared pairwise
(:data:`METHODS`); the financial one takes each candidate's 倒産指数, computed from its
statement figures (:data:`STATEMENT_ITEMS`), as data (higher is healthier).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from xlahp.core.finance import BANKRUPTCY_COMPONENTS

from xlahp.templates.case import MATRIX_SOURCES, PAIRS, answer, fraction_text
from xlahp.templates import names

#: The criteria (Japanese, English), in the order of the matrix and the synthesis.
CRITERIA = (("目的の一致", "Aligned goals"),
            ("経営資源の補完性", "Complementary resources"),
            ("ビジョンと文化の親和性", "Compatible vision and culture"),
            ("財務の健全性 (倒産指数)", "Financial health (bankruptcy index)"),
            ("現場の相性", "Fit of the working staff"))
K = len(CRITERIA)
DATA_CRITERION = 3  # 財務の健全性: local priorities from the 倒産指数 (AHP_DATA)
RATED = tuple(j for j in range(K) if j != DATA_CRITERION)
MAX_CANDIDATES = 8
#: The rating levels, best first (Japanese, English).
LEVELS = (("高い", "high"), ("やや高い", "fairly high"), ("普通", "average"),
          ("やや低い", "fairly low"), ("低い", "low"))
#: The levels compared pairwise (a setting, not a published scale: one step of the
#: five levels = 3 on Saaty's scale, two steps = 5, three = 7, four = 9).
LEVEL_JUDGMENTS = {(i, j): str(2 * (j - i) + 1) for i, j in combinations(range(len(LEVELS)), 2)}
MODES = ("distributive", "ideal")
#: How the candidates are compared under a RATED criterion: on the levels, or pairwise.
METHODS = ("評定 rating", "一対比較 pairwise")
RATING, PAIRED = METHODS
#: The current-year figures the 倒産指数 needs (finance.BANKRUPTCY_COMPONENTS), in order.
STATEMENT_ITEMS = tuple(dict.fromkeys(item for c in BANKRUPTCY_COMPONENTS for item in c.current))


@dataclass(frozen=True)
class PartnerCase:
    """Every input of one partner-selection workbook (None or empty = blank)."""

    cover: dict[str, object] = field(default_factory=dict)  # defined name → value
    #: per candidate: (name, note)
    candidates: tuple[tuple[str, str], ...] = ()
    #: the criteria questionnaire, per pair (case.PAIRS order): (more important, intensity)
    answers: tuple[tuple[str | None, str | None], ...] = ()
    #: upper triangle of the criteria matrix typed directly, (i, j) → text such as "1/3"
    direct: dict[tuple[int, int], str] = field(default_factory=dict)
    source: str = MATRIX_SOURCES[0]  # the criteria matrix used: アンケート or 直接入力
    #: the group sheet (集団評価): per evaluator, (name, answers in the form of ``answers``)
    evaluators: tuple[tuple[str | None, tuple[tuple[str | None, str | None], ...]], ...] = ()
    levels: dict[tuple[int, int], str] = field(default_factory=lambda: dict(LEVEL_JUDGMENTS))
    #: per RATED criterion (in RATED order), its method (:data:`METHODS`)
    methods: tuple[str, ...] = (RATING,) * len(RATED)
    #: per candidate, one rating label per RATED criterion (in RATED order)
    ratings: tuple[tuple[str | None, ...], ...] = ()
    #: RATED criterion → upper triangle of its candidates' matrix, (a, b) → text
    paired: dict[int, dict[tuple[int, int], str]] = field(default_factory=dict)
    #: per candidate, its current-year figures (STATEMENT_ITEMS → amount)
    statements: tuple[dict[str, float], ...] = ()
    mode: str = MODES[0]
    sweep: str = CRITERIA[0][0]  # the criterion of the gradient chart


PARTNER_TEMPLATE = PartnerCase()


def example_case() -> PartnerCase:
    """The worked example: a maker looking for a partner to develop and sell a
    product together, four invented candidates (all figures invented).  The criteria
    come from the questionnaire; 現場の相性 is compared pairwise, the others rated."""
    criteria = {(0, 1): 2, (0, 2): 3, (0, 3): 4, (0, 4): 5, (1, 2): 2, (1, 3): 3, (1, 4): 3,
                (2, 3): 1, (2, 4): 2, (3, 4): 2}  # 目的の一致 ≫ the rest (C.R. 0.012)
    criteria_names = tuple(ja for ja, _ in CRITERIA)
    # three invented evaluators before the meeting: planning as agreed, development
    # rating 補完性 as high as 目的の一致, sales putting 現場の相性 above 財務
    views = (("経営企画部 (架空 invented)", {}),
             ("開発部 (架空 invented)", {(0, 1): 1, (1, 2): 3}),
             ("営業部 (架空 invented)", {(0, 4): 2, (2, 4): 1, (3, 4): 1 / 3}))
    figures = ((48000, 44500, 150, 26000, 19000, 40000, 21000, 2100),
               (95000, 91500, 600, 52000, 47000, 78000, 31000, 1800),
               (3200, 3500, 40, 2600, 3900, 5200, 1300, -300),
               (61000, 59000, 350, 30000, 31000, 55000, 24000, 1200))
    assert STATEMENT_ITEMS == ("売上高", "営業費用", "支払利息", "流動資産", "総負債", "総資産",
                               "自己資本", "当期純利益"), STATEMENT_ITEMS
    return PartnerCase(
        cover={
            names.ALLIANCE.name: "次世代製品の共同開発パートナー選定 (架空の例 / invented example)",
            names.PURPOSE.name: "3年以内に次世代製品を共同開発し、国内外の市場に投入する",
            names.EVALUATORS.name: "経営企画部・開発部・営業部の代表 3 名 (架空 invented)",
        },
        candidates=(("甲社 (架空)", "部品メーカー、技術は高いが販路が国内のみ"),
                    ("乙社 (架空)", "海外販路を持つ商社系メーカー"),
                    ("丙社 (架空)", "急成長中のスタートアップ、財務は薄い"),
                    ("丁社 (架空)", "同業の中堅、文化が近い")),
        answers=tuple(answer(criteria[pair], *pair, criteria_names) for pair in PAIRS),
        direct={pair: fraction_text(v) for pair, v in criteria.items()},
        evaluators=tuple((who, tuple(answer({**criteria, **changes}[pair], *pair, criteria_names)
                                     for pair in PAIRS)) for who, changes in views),
        methods=(RATING, RATING, RATING, PAIRED),
        ratings=(("高い", "高い", "普通"), ("高い", "やや高い", "やや低い"),
                 ("高い", "普通", "やや高い"), ("普通", "やや低い", "高い")),
        # 現場の相性, from joint workshops: 丙社 and 丁社 work best with our staff
        paired={RATED.index(4): {(0, 1): "2", (0, 2): "1/3", (0, 3): "1/3", (1, 2): "1/5",
                                 (1, 3): "1/4", (2, 3): "1"}},
        statements=tuple(dict(zip(STATEMENT_ITEMS, f)) for f in figures),
        sweep=CRITERIA[0][0],
    )
