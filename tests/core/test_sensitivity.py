"""Sensitivity (手順4): the sweep, the thresholds of the top alternative, VALUE_CRITICAL."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xlahp.core import hierarchy
from xlahp.core import sensitivity
from xlahp.udfs import REGISTRY

SYNTH, SWEEP, CRITICAL = (REGISTRY[n].func for n in ("AHP_SYNTH", "AHP_SWEEP", "AHP_CRITICAL"))
MODES = st.sampled_from(["distributive", "ideal"])
EPS = 1e-6


@st.composite
def grid_cases(draw, steps=20):
    """Weights on the sweep's grid (multiples of 1/steps, summing to 1) and local priorities."""
    k = draw(st.integers(2, 5))
    cuts = sorted(draw(st.lists(st.integers(0, steps), min_size=k - 1, max_size=k - 1)))
    parts = np.diff([0, *cuts, steps]) / steps
    assume(parts.max() > 0)
    m = draw(st.integers(2, 6))
    local = [draw(st.lists(st.floats(0.01, 10), min_size=k, max_size=k)) for _ in range(m)]
    return [[float(p)] for p in parts], local


@settings(max_examples=60, deadline=None)
@given(grid_cases(), MODES, st.data())
def test_sweep_at_the_current_weight_equals_synth(case, mode, data):
    w, local = case
    j = data.draw(st.integers(0, len(w) - 1))
    table = SWEEP(w, local, j + 1, 20, mode)
    assert table[0][0] == "weight 重み" and len(table) == 22
    row = next(r for r in table[1:] if math.isclose(r[0], w[j][0], abs_tol=1e-12))
    assert row[1:] == pytest.approx([r[0] for r in SYNTH(w, local, mode)], abs=1e-12)
    assert all(math.isclose(sum(r[1:]), 1.0) for r in table[1:])


def top(w, local, mode) -> int:
    found = [r[0] for r in SYNTH([[x] for x in w], local, mode)]
    return int(np.argmax(found))


@settings(max_examples=80, deadline=None)
@given(grid_cases(), MODES)
def test_at_a_threshold_the_top_alternative_stays_and_then_changes(case, mode):
    w, local = case
    weights = np.array([x[0] for x in w])
    now = top(weights, local, mode)
    table = CRITICAL(w, local, mode)
    for j, row in enumerate(table[1:]):
        for threshold, inside in ((row[2], +1), (row[3], -1)):  # lower: inside is above it
            if threshold == "" or not EPS < threshold < 1 - EPS:
                continue
            near = threshold + inside * EPS
            far = threshold - inside * EPS
            scores = hierarchy.synthesize(sensitivity.moved(weights, j, far),
                                          hierarchy.local_table(local, len(w)), mode)
            assume(abs(np.sort(scores)[-1] - np.sort(scores)[-2]) > 1e-12)  # not a 3-way tie
            assert top(sensitivity.moved(weights, j, near), local, mode) == now
            assert top(sensitivity.moved(weights, j, far), local, mode) != now


def test_leader_example_critical_table():
    """Tom, Dick, Harry under the printed local priorities: Dick leads until experience
    falls to 0.380 (−30.5 %); education above 0.429 or charisma above 0.414 puts another
    candidate first; age never does."""
    w = [[0.547], [0.127], [0.270], [0.056]]
    local = [[.217, .188, .743, .265], [.717, .081, .194, .672], [.066, .731, .063, .063]]
    rows = CRITICAL(w, local)
    assert rows[0][:5] == ["criterion 基準", "weight 現在の重み", "lower 下限", "upper 上限",
                           "change % 変化率"]
    exp, edu, cha, age = rows[1:]
    # experience: Dick (.717 − R_D) vs Tom (.217 − R_T) cross where t = ΔR/(ΔR − Δa)
    rest = np.array([0.127, 0.270, 0.056]) / 0.453
    r = np.array(local)[:, 1:] @ rest
    t = (r[1] - r[0]) / ((r[1] - r[0]) - (0.717 - 0.217))
    assert exp[2] == pytest.approx(t) and exp[3] == ""
    assert exp[4] == pytest.approx((0.547 - t) / 0.547 * 100)
    assert round(exp[2], 3) == 0.380 and round(edu[3], 3) == 0.429 and round(cha[3], 3) == 0.414
    assert age[2:] == ["", "", "", "", ""]


def test_weight_at_one_with_the_others_at_zero_still_sweeps():
    table = SWEEP([[1], [0]], [[1, 3], [3, 1]], 1, 2)
    assert [r[1:] for r in table[1:]] == [[0.75, 0.25], [0.5, 0.5], [0.25, 0.75]]


# --- VALUE_CRITICAL --------------------------------------------------------------

@st.composite
def value_cases(draw):
    n = draw(st.integers(2, 6))
    w = draw(st.lists(st.floats(0.01, 1), min_size=n, max_size=n))
    actual = draw(st.lists(st.floats(1, 200), min_size=n, max_size=n))
    target = draw(st.lists(st.one_of(st.none(), st.floats(1, 200)), min_size=n, max_size=n))
    direction = draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n))
    assume(sum(t is not None for t in target) >= 1)
    return ([[x] for x in w], [[x] for x in actual], [[x] for x in target],
            [[x] for x in direction])


@settings(max_examples=80, deadline=None)
@given(value_cases())
def test_value_critical_weight_puts_value_index_at_one(case):
    w, actual, target, direction = case
    found = [r[0] for r in REGISTRY["VALUE_CRITICAL"].func(w, actual, target, direction)]
    covered = [i for i, t in enumerate(target) if t[0] is not None]
    base = np.array([w[i][0] for i in covered])
    base = base / base.sum()
    for i, t in enumerate(found):
        if t == "":
            continue
        assert i in covered and 0 <= t <= 1
        shares = sensitivity.moved(base, covered.index(i), t)
        moved = [[0.0] for _ in w]
        for k, share in zip(covered, shares):
            moved[k] = [float(share)]
        index = REGISTRY["VALUE_INDEX"].func(moved, actual, target, direction)
        assert index == pytest.approx(1.0, abs=1e-9)


def test_value_critical_by_hand():
    # ratios 0.8 and 1.2, weights 0.625/0.375 of the covered: V(t) = 0.8t + 1.2(1 − t) = 1 at 0.5
    w, a, t = [[0.5], [0.3], [0.2]], [[80], [120], [5]], [[100], [100], [None]]
    assert REGISTRY["VALUE_CRITICAL"].func(w, a, t) == [[0.5], [0.5], [""]]
    # both above target: the index never reaches 1.0
    assert REGISTRY["VALUE_CRITICAL"].func(w, [[110], [120], [5]], t) == [[""], [""], [""]]
