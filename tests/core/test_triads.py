"""一巡三角形: counts, the exact distribution, p-values and limits."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given

from xlahp.core import triads
from xlahp.errors import XlahpError
from xlahp.core.pairwise import PairwiseMatrix
from xlahp.sheet.readers import read_matrix
from xlahp.sheet.registry import REGISTRY

from ..strategies import judgment_matrices


def matrix(values) -> PairwiseMatrix:
    values = np.array(values, dtype=float)
    return PairwiseMatrix(values, tuple(f"i{k}" for k in range(len(values))))


def brute_force(a: np.ndarray, weak: bool) -> int:
    """Count by the definitions, one triple and one rotation at a time."""
    def rel(i, j):
        return 0 if math.isclose(a[i, j], 1) else (1 if a[i, j] > 1 else -1)

    found = 0
    for t in itertools.combinations(range(len(a)), 3):
        cyclic = any(rel(i, j) == rel(j, k) == rel(k, i) == 1
                     for i, j, k in itertools.permutations(t))
        breach = weak and any(
            (rel(i, j) == 0 and rel(j, k) == 0 and rel(i, k) == 1)
            or (rel(i, j) == 1 and rel(j, k) == 1 and rel(i, k) == 0)
            or (rel(i, j) == 1 and rel(j, k) == 0 and rel(k, i) == 1)
            for i, j, k in itertools.permutations(t))
        found += cyclic or breach
    return found


@given(judgment_matrices(min_n=3, max_n=10))
def test_strict_count_equals_brute_force(a):
    assert triads.count(matrix(a)) == brute_force(a, weak=False)


@given(judgment_matrices(min_n=3, max_n=8))
def test_weak_count_equals_brute_force_and_is_never_smaller(a):
    weak = triads.count(matrix(a), "weak")
    assert weak == brute_force(a, weak=True)
    assert weak >= triads.count(matrix(a), "strict")


def test_ties_never_form_a_strict_triad_but_can_breach_a_weak_order():
    m = read_matrix([[1, 1, 3], [None, 1, 1], [None, None, 1]])  # A~B, B~C, A≻C
    assert triads.count(m) == 0
    assert triads.count(m, "weak") == 1


def test_missing_judgments_leave_their_triads_uncounted():
    m = read_matrix([[1, 3, None, 1 / 3], [None, 1, 3, None], [None, None, 1, 3],
                     [None, None, None, 1]])
    assert triads.count(m) == 0  # A≻B≻C≻D≻A, but no triple is fully judged


def test_mode_is_checked():
    with pytest.raises(XlahpError, match="mode 'loose' is unknown; use strict, weak"):
        triads.count(read_matrix([[1, 2], [None, 1]]), "loose")


def all_tournaments(n):
    pairs = list(itertools.combinations(range(n), 2))
    for outcome in itertools.product((0, 1), repeat=len(pairs)):
        score = [0] * n
        for (i, j), w in zip(pairs, outcome):
            score[i if w else j] += 1
        yield math.comb(n, 3) - sum(math.comb(s, 2) for s in score)


@pytest.mark.parametrize("n", range(2, 7))
def test_distribution_equals_enumeration_of_all_tournaments(n):
    counts = Counter(all_tournaments(n))
    assert triads.distribution(n) == tuple(counts.get(d, 0) for d in range(max(counts) + 1))


@pytest.mark.parametrize("n", [pytest.param(n, marks=pytest.mark.slow) if n >= 12 else n
                               for n in range(2, 16)])
def test_distribution_sums_to_all_tournaments(n):
    assert sum(triads.distribution(n)) == 2 ** (n * (n - 1) // 2)
    assert len(triads.distribution(n)) == triads.max_triads(n) + 1


def test_distribution_known_values():
    """Kendall & Babington Smith (1940): for n = 5, 1024 tournaments, 120 transitive."""
    assert triads.distribution(5) == (120, 120, 240, 240, 280, 24)
    assert triads.distribution(3) == (6, 2)


def test_p_values():
    assert triads.p_value(0, 5) == 120 / 1024
    assert triads.p_value(5, 5) == 1.0
    assert triads.p_value(0, 2) == 1.0
    assert round(triads.p_value(1, 6), 4) == 0.0513


@pytest.mark.parametrize("count,n,message", [
    (-1, 5, "whole number from 0 to 5"), (6, 5, "from 0 to 5"), (1.5, 5, "whole number"),
    ("x", 5, "'x', not a number"), (0, 16, "from 2 to 15"), (0, 1, "from 2 to 15"),
    (0, 4.5, "n is 4.5; give a whole number from 2 to 15"), (True, 5, "not a number"),
])
def test_p_value_arguments_are_checked(count, n, message):
    with pytest.raises(XlahpError, match=message):
        REGISTRY["AHP_TRIADS_P"].func(count, n)


def test_exact_limits_and_how_they_differ_from_the_published_table():
    exact = {a: [triads.limit(n, a, "exact") for n in range(3, 10)] for a in (0.05, 0.10)}
    assert exact[0.05] == [-1, -1, -1, 0, 3, 7, 13]
    assert exact[0.10] == [-1, -1, -1, 1, 4, 9, 15]


def test_limit_defaults_to_exact_beyond_the_table_and_any_alpha_works_there():
    assert triads.limit(12) == triads.limit(12, 0.05, "exact") == 42
    assert triads.limit(12, 0.01) < 42
    with pytest.raises(XlahpError, match=r"covers n = 3…9, not 12"):
        triads.limit(12, 0.05, "published")
    with pytest.raises(XlahpError, match="alpha 0.05 and 0.10 only, not 0.01"):
        triads.limit(6, 0.01)
    with pytest.raises(XlahpError, match="between 0 and 1"):
        triads.limit(6, 1.5, "exact")
    assert triads.limit(2) == 0


@pytest.mark.parametrize("n", range(3, 16))
def test_exact_limit_is_the_lower_tail_quantile(n):
    d = triads.limit(n, 0.05, "exact")
    if d >= 0:
        assert triads.p_value(d, n) <= 0.05
    assert triads.p_value(d + 1, n) > 0.05
