"""企業価値 (xlahp.core.value): bounded achievement scores and the value index — the
paper's A社, two years of a real listed company, every flag, properties, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xlahp.core import paper
from xlahp.core.finance import INDICATORS, PAPER_INDICATORS, indicator
from xlahp.core.literature import SCORE_CAP
from xlahp.core.pairwise import matrix
from xlahp.core.value import RatingScale, achievement_ratio, score, value_index
from xlahp.core.weights import weights as ahp_weights
from xlahp.errors import InputError

# ---------------------------------------------------------------- the paper's A社

# What the template scores (docs/method.md §6): 売上高 is a level, scored by its ratio to
# the target; 売上高純利益率 and 利益成長率 are rates that can be ≤ 0, scored on the level
# behind them, 当期純利益 (前期 −787,337 → 当期 −106,961 → 目標 200,000: a loss, so by
# progress from 前期).  負債比率 and 総資本回転率 have no 2012 target.
_CUR, _PREV, _TGT = paper.STATEMENT_CURRENT, paper.STATEMENT_PREVIOUS, paper.STATEMENT_TARGET
NI = "当期純利益"
A_ACTUAL = [_CUR["売上高"], _CUR[NI], paper.PRINTED_CURRENT["負債比率"],
            indicator("総資本回転率", _CUR), _CUR[NI]]
A_TARGET = [_TGT["売上高"], _TGT[NI], None, None, _TGT[NI]]
A_BASE = [None, _PREV[NI], None, None, _PREV[NI]]
A_DIRECTIONS = [INDICATORS[name].direction for name in PAPER_INDICATORS]


def test_a_sha_value_index_is_defined_and_explained():
    result = value_index(paper.FIG8_WEIGHTS, A_ACTUAL, A_TARGET, A_DIRECTIONS, "auto", A_BASE,
                         names=PAPER_INDICATORS)
    # By hand, from the statement figures (§4) and the printed weights (図10):
    #   売上高        8,968,546 / 10,500,000                              = 0.854147
    #   当期純利益    (−106,961 + 787,337) / (200,000 + 787,337)          = 0.689102
    #                 (a loss: 69 % of the way from last year's loss to the target)
    # weights 0.039, 0.181, 0.579 carry a target: coverage 0.799;
    # index = (0.039 × 0.854147 + (0.181 + 0.579) × 0.689102) / 0.799  = 0.697158
    sales, margin, _, _, growth = result.scores
    assert (sales.measure, margin.measure, growth.measure) == ("ratio", "progress", "progress")
    assert sales.value == pytest.approx(0.854147, abs=5e-7)
    assert margin.value == growth.value == pytest.approx(0.689102, abs=5e-7)
    assert result.scores[2] is None and result.scores[3] is None
    assert result.coverage == pytest.approx(0.799) and result.count == 3
    assert result.index == pytest.approx(0.697158, abs=5e-7)
    assert result.ordinary  # every score an ordinary achievement: nothing capped or guessed
    assert math.fsum(c for c in result.contributions if c is not None) == pytest.approx(
        result.index)


def test_a_sha_growth_rates_are_not_divided_by_each_other():
    """The paper prints 86.4 % against 287.0 %: a ratio of two growth rates (0.30) is no
    achievement; nor is a margin of −1.2 % against 1.9 % (−0.63)."""
    growth = (indicator("利益成長率", _CUR, _PREV), indicator("利益成長率", _TGT, _CUR))
    assert [round(g, 1) for g in growth] == [86.4, 287.0]
    assert score(*growth, method="auto").value == pytest.approx(86.415 / 286.984, abs=1e-4)
    # scored on its level instead, as the template does: 0.689 (above)
    margin = (indicator("売上高純利益率", _CUR), indicator("売上高純利益率", _TGT))
    plain = score(*margin, method="ratio")
    assert plain.value == 0.0 and plain.flags == ("floored",)


# ---------------------------------------------------------------- a real company, two years

# Toyota Motor, consolidated (IFRS), 百万円, as its 決算 for the years to March 2024 and
# March 2025 reported them (Mainichi Shimbun, 8 May 2024 and 8 May 2025; 決算短信):
#   営業収益 37,154,298 (FY2022) → 45,095,325 (FY2023) → 48,036,704 (FY2024)
#   親会社の所有者に帰属する当期利益 2,451,318 → 4,944,933 (+101.7 %) → 4,765,086 (−3.6 %)
#   資産合計 90,114,296 / 93,601,350; 資本合計 35,239,300 / 35,924,826 (FY2023 / FY2024)
# The targets are the shape issue 17 describes for the Toyota–Suzuki alliance review —
# four indicators at 90–99.7 % of target and a profit-growth target of 11.2 % — so that
# the index of two years can be compared; the company's own forecasts differ.
SALES = {2023: 45_095_325, 2024: 48_036_704}
PROFIT = {2022: 2_451_318, 2023: 4_944_933, 2024: 4_765_086}
ASSETS = {2023: 90_114_296, 2024: 93_601_350}
EQUITY = {2023: 35_239_300, 2024: 35_924_826}
TARGET = {"売上高": 46_000_000, "当期純利益": PROFIT[2023] * 1.112, "負債比率": 150.0,
          "総資本回転率": 0.52}


def _toyota(year: int, rates: bool = False):
    """A社's view (図8's weights) on Toyota's figures for *year*; with *rates*, growth and
    margin scored as the ratio of the rates themselves (what issue 17 saw: 4.913)."""
    debt = (ASSETS[year] - EQUITY[year]) / EQUITY[year] * 100
    turnover = SALES[year] / ASSETS[year]
    if rates:
        growth = (PROFIT[year] - PROFIT[year - 1]) / PROFIT[year - 1] * 100
        margin = PROFIT[year] / SALES[year] * 100
        target_margin = TARGET["当期純利益"] / TARGET["売上高"] * 100
        actual = [SALES[year], margin, debt, turnover, growth]
        target = [TARGET["売上高"], target_margin, TARGET["負債比率"], TARGET["総資本回転率"], 11.2]
        return value_index(paper.FIG8_WEIGHTS, actual, target, A_DIRECTIONS, "ratio", cap=2.0)
    actual = [SALES[year], PROFIT[year], debt, turnover, PROFIT[year]]
    target = [TARGET["売上高"], TARGET["当期純利益"], TARGET["負債比率"], TARGET["総資本回転率"],
              TARGET["当期純利益"]]
    base = [None, PROFIT[year - 1], None, None, PROFIT[year - 1]]
    return value_index(paper.FIG8_WEIGHTS, actual, target, A_DIRECTIONS, "auto", base)


def test_toyota_profit_doubling_is_not_on_target():
    """FY2023: profit +101.7 % against a growth target of 11.2 %.  Divided as rates, the
    growth score is 9.08 and the index reads far above 1; scored on the profit level
    (4,944,933 of the 5,498,765 the target implies) it is 0.899 and the index 0.915 —
    below target, like the four other indicators."""
    plain = _toyota(2023, rates=True)
    assert plain.scores[4].raw == pytest.approx(101.7 / 11.2, rel=1e-3)
    assert "capped" in plain.scores[4].flags  # even a cap of 2 is hit: never ordinary
    found = _toyota(2023)
    assert [round(s.value, 3) for s in found.scores] == [0.98, 0.899, 0.963, 0.962, 0.899]
    assert found.index == pytest.approx(0.9149, abs=5e-4) and found.index < 1
    assert found.ordinary


def test_toyota_two_similar_years_give_comparable_indices():
    """The rule: every score lies in [0, cap] and measures a level against its target, so
    similar figures give similar indices.  FY2024's profit fell 3.6 % (a growth-rate
    ratio of −0.32) but stayed at 87 % of the target: 0.915 → 0.895, where the ratio of
    the rates swung the index by more than 3."""
    first, second = _toyota(2023), _toyota(2024)
    assert second.index == pytest.approx(0.8953, abs=5e-4)
    assert abs(first.index - second.index) < 0.05
    rates = (_toyota(2023, rates=True), _toyota(2024, rates=True))
    assert rates[0].index - rates[1].index > 1.0  # capped at 2 and floored at 0: still 1.2
    assert "floored" in rates[1].scores[4].flags


# ---------------------------------------------------------------- the scores

@pytest.mark.parametrize("actual,target,direction,expected", [
    (90, 100, 1, 0.9), (110, 100, 1, 1.1), (520.3, 400, -1, 400 / 520.3), (200, 400, -1, 1.5),
])
def test_ratio_scores(actual, target, direction, expected):
    found = score(actual, target, direction, "ratio")
    assert found.value == pytest.approx(expected) and found.measure == "ratio"


def test_a_score_is_capped_and_says_so():
    found = score(300, 100, 1, "ratio")
    assert (found.raw, found.value, found.flags) == (3.0, SCORE_CAP, ("capped",))
    assert score(300, 100, 1, "ratio", cap=2.0).value == 2.0


def test_a_target_near_zero_is_flagged():
    assert score(50, 1, 1, "ratio").flags == ("near-zero", "capped")
    # progress: the target hardly differs from the base (2 % of the figures)
    found = score(100, 102, 1, "progress", base=100)
    assert found.value == 0.0 and "near-zero" in found.flags


@pytest.mark.parametrize("actual,target,base,expected", [
    (100, 200, 50, 1 / 3),      # a third of the way from 50 to 200
    (200, 200, 50, 1.0),        # on target
    (50, 200, 50, 0.0),         # stood still
    (-50, 100, -200, 0.5),      # a loss halved on the way to a profit target
    (80, 90, 100, 0.0),         # a planned fall to 90 that went twice as far
])
def test_progress_scores(actual, target, base, expected):
    assert score(actual, target, 1, "progress", base=base).value == pytest.approx(expected)


def test_progress_against_a_planned_decline():
    """A target below the base (a planned decline, higher is better): falling less than
    planned is above target."""
    assert score(95, 90, 1, "progress", base=100).value == pytest.approx(1.5)  # 1 + 5/10
    assert score(90, 90, 1, "progress", base=100).value == 1.0


def test_a_sign_change_is_flagged():
    found = score(50, 100, 1, "progress", base=-50)
    assert found.value == pytest.approx(2 / 3) and found.flags == ("sign-change",)


@pytest.mark.parametrize("args,why", [
    ((5, 0, 1, "ratio"), "target ≤ 0"),
    ((0, 100, -1, "ratio"), "actual ≤ 0"),
    ((5, 10, 1, "progress"), "no base-period value"),
    ((5, 10, 1, "progress", 10), "target equals the base"),
    ((-5, 10, 1, "auto"), "actual -5 is not positive, so a ratio would mislead"),
])
def test_undefined_scores_say_why(args, why):
    found = score(*args)
    assert found.value is None and found.flags == ("undefined",) and why in found.why


def test_auto_takes_the_ratio_for_positive_figures_and_progress_otherwise():
    assert score(90, 100, base=80).measure == "ratio"
    assert score(90, 100, base=-80).measure == "progress"
    assert score(-90, 100, base=-200).measure == "progress"


def test_rating_scale_from_a_pairwise_comparison_of_levels():
    """AHP absolute measurement: four achievement levels compared pairwise once (S ≻ A
    3, S ≻ B 5, S ≻ C 9, A ≻ B 2, A ≻ C 5, B ≻ C 3); each indicator falls in a level by its
    achievement, and scores its level's priority over the on-target level's (A)."""
    levels = matrix([[1, 3, 5, 9], [None, 1, 2, 5], [None, None, 1, 3], [None] * 3 + [1]])
    p = ahp_weights(levels)
    scale = RatingScale((("S", 1.2, p[0]), ("A", 1.0, p[1]), ("B", 0.8, p[2]),
                         ("C", None, p[3])))
    found = value_index([0.5, 0.3, 0.2], [130, 95, 10], [100, 100, 100], 1, "rating",
                        scale=scale)
    assert [s.level for s in found.scores] == ["S", "B", "C"]
    assert [s.value for s in found.scores] == pytest.approx([p[0] / p[1], p[2] / p[1],
                                                             p[3] / p[1]])
    assert score(100, 100, method="rating", scale=scale).value == 1.0  # on target is 1.0


@pytest.mark.parametrize("levels,message", [
    ((("A", None, 1.0),), "fewer than 2 levels"),
    ((("A", 1.0, 1.0), ("A", None, 0.5)), "repeats a level"),
    ((("A", 1.0, 1.0), ("B", 0.5, 0.5)), "lower bound for every level but the lowest"),
    ((("A", 1.5, 1.0), ("B", None, 0.5)), "no level for on-target"),
    ((("A", 1.0, 1.0), ("B", None, 0)), "priorities are positive"),
])
def test_rating_scale_errors(levels, message):
    with pytest.raises(InputError, match=message):
        RatingScale(levels)


# ---------------------------------------------------------------- value_index input

def test_blank_targets_and_undefined_scores_are_left_out_and_weights_renormalised():
    result = value_index([0.5, 0.3, 0.2, 0.1], [90, 50, 1, 5], [100, None, 2, 0], 1, "ratio")
    assert result.ratios == (0.9, None, 0.5, None)
    assert result.scores[3].flags == ("undefined",)  # target 0: not scored, said so
    assert result.weights == pytest.approx((0.5 / 0.7, None, 0.2 / 0.7, None))
    assert result.index == pytest.approx((0.5 * 0.9 + 0.2 * 0.5) / 0.7)
    assert result.coverage == pytest.approx(0.7 / 1.1) and result.count == 2
    assert not result.ordinary


def test_directions_and_methods_one_for_all_or_one_each():
    assert value_index([1, 1], [50, 200], [100, 100], -1).ratios == (1.5, 0.5)
    assert value_index([1, 1], [50, 200], [100, 100], [1, -1]).ratios == (0.5, 0.5)
    assert value_index([1, 1], [50, 200], [100, None], [1, None]).ratios == (0.5, None)
    both = value_index([1, 1], [50, 150], [100, 200], 1, ["ratio", "progress"], [None, 100])
    assert both.ratios == (0.5, 0.5)


@pytest.mark.parametrize("args,message", [
    (([1, 1], [1], [1, 1]), "lengths differ .weights 2, actual 1, target 2."),
    (([1, 1], [1, 1], [1, 1], [1]), "lengths differ .*directions 1"),
    (([1, 1], [1, 1], [None, None]), "no indicator has a target"),
    (([1, 1], [1, 1], [0, None], 1, "ratio"), "no indicator can be scored: indicator 1 "
                                               r"\(target ≤ 0"),
    (([0, 1], [1, 1], [1, None]), "the indicators with a target all have weight 0"),
    (([0, 0], [1, 1], [1, 1]), "weights are all 0"),
    (([1, 1], [None, 1], [5, 1]), "actual for indicator 1 is blank"),
    (([1, 1], [1, 1], [5, 1], [1, None]), "direction for indicator 2 is blank"),
    (([1, 1], [1, 1], [5, 1], 1, "ratio", None, 3.0), "cap is 3"),
    (([1, 1], [1, 1], [5, 1], 1, "rating"), "method rating needs a scale"),
])
def test_value_index_errors(args, message):
    with pytest.raises(InputError, match=message):
        value_index(*args)


def test_a_negative_weight_is_named():
    with pytest.raises(InputError, match="weight 売上高 is -1; weights are 0 or more"):
        value_index([-1, 2], [1, 1], [1, 1], names=["売上高", "ROE"])


def test_achievement_ratio_is_the_plain_unbounded_ratio():
    assert achievement_ratio(300, 100) == 3.0
    assert achievement_ratio(520.3, 400, -1) == pytest.approx(400 / 520.3)
    with pytest.raises(InputError, match="target is 0; a ratio needs a positive target"):
        achievement_ratio(1, 0)
    with pytest.raises(InputError, match="actual is -50; a lower-is-better ratio"):
        achievement_ratio(-50, 100, -1)


# ---------------------------------------------------------------- properties

_positive = st.floats(1e-3, 1e9, allow_nan=False)
_weights = st.lists(st.just(0.0) | st.floats(1e-6, 1e6), min_size=1, max_size=9)


@given(_weights, st.data())
def test_on_target_is_exactly_one_by_every_method(weights, data):
    assume(sum(weights) > 0)
    n = len(weights)
    targets = data.draw(st.lists(_positive, min_size=n, max_size=n))
    bases = [t / 2 for t in targets]
    directions = data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n))
    for method in ("auto", "ratio", "progress"):
        assert value_index(weights, targets, targets, directions, method, bases).index == 1.0


@given(_weights, st.floats(1e-3, 1e3), st.data())
def test_scaling_the_weights_changes_nothing(weights, k, data):
    assume(sum(weights) > 0)
    n = len(weights)
    actual = data.draw(st.lists(_positive, min_size=n, max_size=n))
    target = data.draw(st.lists(_positive, min_size=n, max_size=n))
    a = value_index(weights, actual, target)
    b = value_index([w * k for w in weights], actual, target)
    assert b.index == pytest.approx(a.index, rel=1e-9)
    assert b.coverage == pytest.approx(a.coverage, rel=1e-9)


@given(_weights, st.data())
def test_the_index_is_bounded_and_lies_between_the_scores(weights, data):
    """Whatever the figures — losses, sign changes, near-zero targets — every score and
    the index lie in [0, cap]; leaving an indicator out equals giving it no target."""
    n = len(weights)
    actual = data.draw(st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n))
    base = data.draw(st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n))
    target = data.draw(st.lists(st.none() | st.floats(-1e6, 1e6), min_size=n, max_size=n))
    try:
        result = value_index(weights, actual, target, 1, "auto", base)
    except InputError:
        return  # nothing scorable, or no weight on what is: said so
    values = [r for r in result.ratios if r is not None]
    assert all(0.0 <= v <= SCORE_CAP for v in values)
    assert min(values) - 1e-12 <= result.index <= max(values) + 1e-12
    kept = [i for i, r in enumerate(result.ratios) if r is not None]
    alone = value_index([weights[i] for i in kept], [actual[i] for i in kept],
                        [target[i] for i in kept], 1, "auto", [base[i] for i in kept])
    assert alone.index == pytest.approx(result.index, rel=1e-12)
