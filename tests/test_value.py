"""企業価値 (xlahp.core.value): the paper's A社 against its 中期計画, properties, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xlahp.core import paper
from xlahp.errors import XlahpError
from xlahp.core.finance import INDICATORS, PAPER_INDICATORS, indicator
from xlahp.core.value import achievement_ratio, parse_direction, value_index

# ---------------------------------------------------------------- the paper's A社

# Actual: the five current indicators from the statement (負債比率 has no statement
# figures in the paper: its printed 520.3 is used).  Target: only 売上高,
# 売上高純利益率 and 利益成長率 have one (2012 中期計画); the other two are blank.
_CUR, _PREV, _TGT = paper.STATEMENT_CURRENT, paper.STATEMENT_PREVIOUS, paper.STATEMENT_TARGET
ACTUAL = [paper.PRINTED_CURRENT["負債比率"] if name == "負債比率" else indicator(name, _CUR, _PREV)
          for name in PAPER_INDICATORS]
TARGET = [indicator(name, _TGT, _CUR) if name in paper.PRINTED_TARGET else None
          for name in PAPER_INDICATORS]
DIRECTIONS = [INDICATORS[name].direction for name in PAPER_INDICATORS]


def test_paper_case():
    result = value_index(paper.FIG8_WEIGHTS, ACTUAL, TARGET, DIRECTIONS, PAPER_INDICATORS)
    # By hand, from the statement figures (§4) and the printed weights (図10):
    #   売上高          8,968,546 / 10,500,000                      = 0.85415
    #   売上高純利益率   (−106,961/8,968,546) / (200,000/10,500,000) = −0.62613
    #   利益成長率       86.415 % / 286.984 %  (growth on |base|)     = 0.30111
    # weights 0.039, 0.181, 0.579 have a target: coverage 0.799 of 1.000;
    # index = (0.039×0.85415 − 0.181×0.62613 + 0.579×0.30111) / 0.799 = 0.11806
    assert result.count == 3
    assert result.coverage == pytest.approx(0.799)
    ratios = dict(zip(PAPER_INDICATORS, result.ratios))
    assert ratios["負債比率"] is None and ratios["総資本回転率"] is None
    assert ratios["売上高"] == pytest.approx(8_968_500 / 10_500_000, abs=1e-4)
    assert ratios["売上高純利益率"] == pytest.approx(-0.62613, abs=5e-6)
    assert ratios["利益成長率"] == pytest.approx(0.30111, abs=5e-6)
    assert result.weights == pytest.approx((0.039 / 0.799, 0.181 / 0.799, None, None,
                                            0.579 / 0.799))
    assert result.index == pytest.approx(0.11806, abs=5e-6)
    contributions = [c for c in result.contributions if c is not None]
    assert math.fsum(contributions) == pytest.approx(result.index)
    # 成長力, the most weighted criterion, contributes most — and 収益性 pulls down.
    assert max(contributions) == result.contributions[4] and result.contributions[1] < 0


def test_any_benchmark_works_like_a_target():
    """§5: an industry average or an expert value instead of the company's target."""
    industry = [9_000_000, 2.0, 300.0, 1.1, 10.0]  # illustrative benchmarks, all five
    result = value_index(paper.FIG8_WEIGHTS, ACTUAL, industry, DIRECTIONS)
    assert result.count == 5 and result.coverage == pytest.approx(1.0)
    assert result.ratios[2] == pytest.approx(300.0 / 520.3)  # 負債比率: lower is better


# ---------------------------------------------------------------- ratios and directions

@pytest.mark.parametrize("actual,target,direction,ratio", [
    (90, 100, 1, 0.9), (110, 100, 1, 1.1), (-1.2, 1.9, 1, -1.2 / 1.9),
    (520.3, 400, -1, 400 / 520.3), (200, 400, "lower", 2.0),
])
def test_achievement_ratio(actual, target, direction, ratio):
    assert achievement_ratio(actual, target, direction) == pytest.approx(ratio)


@pytest.mark.parametrize("actual,target,direction,message", [
    (1, 0, 1, "target for 負債比率 is 0; a ratio needs a positive target"),
    (1, -5, -1, "target for 負債比率 is -5"),
    (0, 100, -1, "actual for 負債比率 is 0; a lower-is-better ratio"),
    (-50, 100, -1, "actual for 負債比率 is -50"),
    (None, 100, 1, "負債比率 needs both"),
    ("12", 100, 1, "actual for 負債比率 is '12'; it must be a number"),
    (float("nan"), 100, 1, "must be a finite number"),
])
def test_meaningless_ratios_are_errors(actual, target, direction, message):
    with pytest.raises(XlahpError, match=message):
        achievement_ratio(actual, target, direction, "負債比率")


@pytest.mark.parametrize("value,direction", [
    (1, 1), (-1, -1), (1.0, 1), (-1.0, -1), ("1", 1), ("-1", -1), ("+", 1), ("-", -1),
    ("−1", -1), ("－", -1), ("Higher", 1), (" lower ", -1), ("高いほど良い", 1),
    ("低いほど良い", -1), ("高", 1), ("低", -1), ("ＨＩＧＨＥＲ", 1),
])
def test_directions(value, direction):
    assert parse_direction(value) == direction


@pytest.mark.parametrize("value", [0, 2, "up", "", None, True, "高低"])
def test_unknown_direction(value):
    with pytest.raises(XlahpError, match=f"direction {value!r} is not one of"):
        parse_direction(value)


# ---------------------------------------------------------------- value_index input

def test_blank_targets_are_skipped_and_weights_renormalised():
    result = value_index([0.5, 0.3, 0.2], [90, 50, 1], [100, None, 2])
    assert result.ratios == (0.9, None, 0.5)
    assert result.weights == pytest.approx((0.5 / 0.7, None, 0.2 / 0.7))
    assert result.index == pytest.approx((0.5 * 0.9 + 0.2 * 0.5) / 0.7)
    assert result.coverage == pytest.approx(0.7) and result.count == 2


def test_directions_one_for_all_or_one_each():
    assert value_index([1, 1], [50, 200], [100, 100], "lower").ratios == (2.0, 0.5)
    assert value_index([1, 1], [50, 200], [100, 100], ["高", "低"]).ratios == (0.5, 0.5)
    # a blank direction is fine where there is no target
    assert value_index([1, 1], [50, 200], [100, None], [1, None]).ratios == (0.5, None)


@pytest.mark.parametrize("args,message", [
    (([1, 1], [1], [1, 1]), "lengths differ .weights 2, actual 1, target 2."),
    (([1, 1], [1, 1], [1, 1], [1]), "lengths differ .*directions 1"),
    (([1, 1], [1, 1], [1, 1], None, ["a"]), "lengths differ .*names 1"),
    (([1, 1], [1, 1], [None, None]), "no indicator has a target"),
    (([0, 1], [1, 1], [1, None]), "the indicators with a target all have weight 0"),
    (([0, 0], [1, 1], [1, 1]), "weights are all 0"),
    (([-1, 2], [1, 1], [1, 1], None, ["売上高", "ROE"]), "weight 売上高 is -1; every weight"),
    ((["x", 2], [1, 1], [1, 1]), "weight 1 is 'x'"),
    (([1, 1], [None, 1], [5, 1], None, ["売上高", "ROE"]), "actual for 売上高 is blank"),
    (([1, 1], [1, 1], [5, 1], [1, ""]), "direction for indicator 2 is blank"),
    (([1, 1], [1, 1], [5, None], [1, "sideways"]), "direction 'sideways'"),
    (([1, 1], [1, 1], [0, 1], None, ["負債比率", "ROE"]),
     "target for 負債比率 is 0; a ratio needs a positive target"),
])
def test_value_index_errors(args, message):
    with pytest.raises(XlahpError, match=message):
        value_index(*args)


# ---------------------------------------------------------------- properties

_positive = st.floats(1e-6, 1e9, allow_nan=False)
_weights = st.lists(st.just(0.0) | st.floats(1e-6, 1e6), min_size=1, max_size=9)


@given(_weights, st.data())
def test_on_target_is_exactly_one(weights, data):
    assume(sum(weights) > 0)
    targets = data.draw(st.lists(_positive, min_size=len(weights), max_size=len(weights)))
    directions = data.draw(st.lists(st.sampled_from([1, -1]), min_size=len(weights),
                                    max_size=len(weights)))
    assert value_index(weights, targets, targets, directions).index == 1.0


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
def test_index_lies_between_the_ratios_and_skipping_equals_leaving_out(weights, data):
    n = len(weights)
    actual = data.draw(st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n))
    target = data.draw(st.lists(st.none() | _positive, min_size=n, max_size=n))
    covered = [i for i in range(n) if target[i] is not None]
    assume(covered and sum(weights[i] for i in covered) > 0)
    result = value_index(weights, actual, target)
    ratios = [r for r in result.ratios if r is not None]
    slack = 1e-9 * max(map(abs, ratios)) + 1e-300  # subnormal ratios lose digits in w·r
    assert min(ratios) - slack <= result.index <= max(ratios) + slack
    alone = value_index([weights[i] for i in covered], [actual[i] for i in covered],
                        [target[i] for i in covered])
    assert alone.index == pytest.approx(result.index, rel=1e-12, abs=1e-300)
