"""The inputs of the partner-selection workbook (:mod:`.partner`): blank, or the
worked example with four invented (架空) candidates.

The criteria are those of the alliance article (seed 000: 目的の一致, 経営資源の補完性,
ビジョンと文化の親和性, the due-diligence view of the candidate's finances, 現場の相性).
Every criterion but the financial one is rated on :data:`LEVELS`; the financial
one takes each candidate's 倒産指数 as data (higher is healthier).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

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


@dataclass(frozen=True)
class PartnerCase:
    """Every input of one partner-selection workbook (None or empty = blank)."""

    cover: dict[str, object] = field(default_factory=dict)  # defined name → value
    #: per candidate: (name, note)
    candidates: tuple[tuple[str, str], ...] = ()
    #: upper triangle of the criteria matrix, (i, j) → text such as "1/3"
    criteria: dict[tuple[int, int], str] = field(default_factory=dict)
    levels: dict[tuple[int, int], str] = field(default_factory=lambda: dict(LEVEL_JUDGMENTS))
    #: per candidate, one rating label per RATED criterion (in RATED order)
    ratings: tuple[tuple[str, ...], ...] = ()
    bankruptcy: tuple[float, ...] = ()  # per candidate, its 倒産指数
    mode: str = MODES[0]
    sweep: str = CRITERIA[0][0]  # the criterion of the gradient chart


PARTNER_TEMPLATE = PartnerCase()


def example_case() -> PartnerCase:
    """The worked example: a maker looking for a partner to develop and sell a
    product together, four invented candidates (all figures invented)."""
    return PartnerCase(
        cover={
            "AllianceName": "次世代製品の共同開発パートナー選定 (架空の例 / invented example)",
            "Purpose": "3年以内に次世代製品を共同開発し、国内外の市場に投入する",
            "Evaluators": "経営企画部・開発部・営業部の代表 3 名 (架空 invented)",
        },
        candidates=(("甲社 (架空)", "部品メーカー、技術は高いが販路が国内のみ"),
                    ("乙社 (架空)", "海外販路を持つ商社系メーカー"),
                    ("丙社 (架空)", "急成長中のスタートアップ、財務は薄い"),
                    ("丁社 (架空)", "同業の中堅、文化が近い")),
        # 目的の一致 ≫ the rest; 補完性 next; 財務 and 相性 below (C.R. ≈ 0.03)
        criteria={(0, 1): "2", (0, 2): "3", (0, 3): "4", (0, 4): "5",
                  (1, 2): "2", (1, 3): "3", (1, 4): "3",
                  (2, 3): "1", (2, 4): "2",
                  (3, 4): "2"},
        ratings=(("高い", "高い", "普通", "やや高い"),
                 ("高い", "やや高い", "やや低い", "普通"),
                 ("高い", "普通", "やや高い", "高い"),
                 ("普通", "やや低い", "高い", "高い")),
        bankruptcy=(1.25, 1.10, 0.82, 1.05),
        sweep=CRITERIA[0][0],
    )
