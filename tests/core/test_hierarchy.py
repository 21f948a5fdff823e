"""Synthesis of a hierarchy (手順3): a published worked example, both modes, properties.

The worked example is the English Wikipedia article "Analytic hierarchy process –
leader example" (cited in xlahp/literature.py): three candidates, four criteria, the
board's pairwise judgments, and the printed result — criteria weighted .547, .127,
.270, .056 and global priorities Tom .358, Dick .493, Harry .149.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlahp.core import hierarchy
from xlahp.udfs import REGISTRY

SYNTH = REGISTRY["AHP_SYNTH"].func
WEIGHTS = REGISTRY["AHP_WEIGHTS"].func

# The article's judgments (upper triangles; rows and columns Tom, Dick, Harry).
LEADER_CRITERIA = [[1, 4, 3, 7], [None, 1, "1/3", 3], [None, None, 1, 5],
                   [None, None, None, 1]]  # experience, education, charisma, age
LEADER_ALTERNATIVES = {
    "experience": [[1, "1/4", 4], [None, 1, 9], [None, None, 1]],
    "education": [[1, 3, "1/5"], [None, 1, "1/7"], [None, None, 1]],
    "charisma": [[1, 5, 9], [None, 1, 4], [None, None, 1]],
    "age": [[1, "1/3", 5], [None, 1, 9], [None, None, 1]],
}
PRINTED_CRITERIA = [0.547, 0.127, 0.270, 0.056]
PRINTED_GLOBAL = [0.358, 0.493, 0.149]  # Tom, Dick, Harry


def flat(rows):
    return [x for row in rows for x in row]


def leader_local():
    columns = [[row[0] for row in WEIGHTS(m)] for m in LEADER_ALTERNATIVES.values()]
    return [list(row) for row in zip(*columns)]


def test_wikipedia_leader_example_distributive():
    criteria = WEIGHTS(LEADER_CRITERIA)
    # printed to three places; the article shows .547 for 0.54757 (its four add to 1.000)
    assert [r[0] for r in criteria] == pytest.approx(PRINTED_CRITERIA, abs=6e-4)
    found = [r[0] for r in SYNTH(criteria, leader_local())]
    assert [round(x, 3) for x in found] == PRINTED_GLOBAL
    assert [round(x, 3) for x in [r[0] for r in SYNTH(criteria, leader_local(), "distributive")]] \
        == PRINTED_GLOBAL


def test_wikipedia_leader_example_ideal_keeps_the_order():
    """The article gives no ideal-mode figures; the order Dick, Tom, Harry holds."""
    found = [r[0] for r in SYNTH(WEIGHTS(LEADER_CRITERIA), leader_local(), "ideal")]
    assert math.isclose(sum(found), 1.0)
    assert found[1] > found[0] > found[2]


def test_ideal_mode_by_hand():
    # columns divided by their best: (1, 1/3) and (1/2, 1); scores .5·(1 + .5), .5·(1/3 + 1)
    found = [r[0] for r in SYNTH([[1], [1]], [[3, 1], [1, 2]], "ideal")]
    assert found == pytest.approx([1.5 / (1.5 + 4 / 3), (4 / 3) / (1.5 + 4 / 3)])


def test_columns_are_normalised_per_mode():
    raw = [[30, 2], [10, 6]]
    for mode in ("distributive", "ideal"):
        assert flat(SYNTH([[1], [1]], raw, mode)) == pytest.approx(
            flat(SYNTH([[1], [1]], [[0.75, 0.25], [0.25, 0.75]], mode)))


def test_distributive_rank_reversal_when_a_copy_is_added():
    """Belton & Gear's (1983) phenomenon, with xlahp's own numbers: two criteria of equal
    weight, data A (1, 4), B (2, 1), C (1, 6).  Distributive: A ahead of B; add C′, a copy of
    C, and B is ahead of A.  Ideal: A and B keep their scores and order."""
    w = [[0.5], [0.5]]
    three = [[1, 4], [2, 1], [1, 6]]
    four = three + [[1, 6]]
    before = [r[0] for r in SYNTH(w, three)]
    after = [r[0] for r in SYNTH(w, four)]
    assert [round(x, 3) for x in before] == [0.307, 0.295, 0.398]
    assert [round(x, 3) for x in after] == [0.218, 0.229, 0.276, 0.276]
    assert before[0] > before[1] and after[1] > after[0]
    ideal_before = [r[0] for r in SYNTH(w, three, "ideal")]
    ideal_after = [r[0] for r in SYNTH(w, four, "ideal")]
    assert ideal_after[0] / ideal_after[1] == pytest.approx(ideal_before[0] / ideal_before[1])


# --- properties ------------------------------------------------------------------

@st.composite
def hierarchies(draw, min_m=2, max_m=8, max_k=6):
    k = draw(st.integers(1, max_k))
    m = draw(st.integers(min_m, max_m))
    w = draw(st.lists(st.floats(0, 10), min_size=k, max_size=k).filter(lambda v: max(v) > 0))
    local = [draw(st.lists(st.floats(0.01, 100), min_size=k, max_size=k)) for _ in range(m)]
    return w, local


@settings(max_examples=80, deadline=None)
@given(hierarchies(), st.sampled_from(["distributive", "ideal"]))
def test_global_priorities_sum_to_one(case, mode):
    w, local = case
    found = [r[0] for r in SYNTH([[x] for x in w], local, mode)]
    assert len(found) == len(local) and all(x >= 0 for x in found)
    assert math.isclose(sum(found), 1.0, rel_tol=1e-9)


@settings(max_examples=80, deadline=None)
@given(hierarchies(min_m=3), st.data())
def test_ideal_mode_a_copy_never_reorders_the_others(case, data):
    w, local = case
    copy = data.draw(st.integers(0, len(local) - 1))
    before = np.array([r[0] for r in SYNTH([[x] for x in w], local, "ideal")])
    after = np.array([r[0] for r in SYNTH([[x] for x in w], local + [local[copy]], "ideal")])
    after = after[: len(local)]
    for a in range(len(local)):
        for b in range(len(local)):
            if before[a] > before[b] * (1 + 1e-9):
                assert after[a] > after[b]


def test_data_priorities_follow_the_direction():
    assert [r[0] for r in REGISTRY["AHP_DATA"].func([[2], [1], [1]])] == pytest.approx(
        [0.5, 0.25, 0.25])
    assert [r[0] for r in REGISTRY["AHP_DATA"].func([[2], [1], [1]], "低いほど良い")] == \
        pytest.approx([0.2, 0.4, 0.4])


def test_ratings_are_relative_to_the_best_level():
    scale = [["優", 0.6], ["良", 0.3], ["可", 0.1]]
    found = REGISTRY["AHP_RATINGS"].func([["優", "可"], ["良", "良"], ["可", " 優 "]], scale)
    assert flat(found) == pytest.approx([1, 1 / 6, 0.5, 0.5, 1 / 6, 1])
    # ratings feed the synthesis; the ideal mode reads them as they are
    assert flat(SYNTH([[1], [1]], found, "ideal")) == pytest.approx(
        [x / (7 / 6 + 1 + 7 / 6) for x in (7 / 6, 1, 7 / 6)])


def test_sub_criteria_multiply_down_the_tree():
    tree = {"財務": (0.6, {"倒産指数": (3, None), "成長力": (1, None)}),
            "目的の一致": (0.4, None)}
    assert hierarchy.leaf_weights(tree) == pytest.approx(
        {"倒産指数": 0.45, "成長力": 0.15, "目的の一致": 0.4})
