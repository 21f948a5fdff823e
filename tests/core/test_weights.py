"""重要度: eigenvector, geometric mean, column normalisation, Harker."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlahp.core import paper
from xlahp.core.consistency import consistency
from xlahp.errors import XlahpError
from xlahp.core.pairwise import PairwiseMatrix
from xlahp.sheet.readers import read_matrix
from xlahp.sheet.registry import REGISTRY
from xlahp.core.weights import METHODS, harker_matrix, lambda_max, weights

from ..strategies import judgment_matrices, weight_vectors


def matrix(values) -> PairwiseMatrix:
    values = np.array(values, dtype=float)
    return PairwiseMatrix(values, tuple(f"i{k}" for k in range(len(values))))


@given(weight_vectors(), st.sampled_from(METHODS))
def test_consistent_matrix_gives_its_weights_back_and_ci_zero(w, method):
    m = matrix(np.outer(w, 1 / w))
    assert np.allclose(weights(m, method), w, atol=1e-9)
    assert consistency(m).ci < 1e-9


@given(judgment_matrices(), st.sampled_from(METHODS), st.randoms())
def test_weights_follow_a_relabelling(a, method, rnd):
    order = list(range(len(a)))
    rnd.shuffle(order)
    w = weights(matrix(a), method)
    w_perm = weights(matrix(a[np.ix_(order, order)]), method)
    assert np.allclose(w_perm, w[order], atol=1e-9)


@given(judgment_matrices())
def test_lambda_max_is_at_least_n(a):
    assert lambda_max(matrix(a)) >= len(a) - 1e-9


@pytest.mark.parametrize("method,expected", [
    ("eigen", [0.637, 0.258, 0.105]),
    ("geomean", [0.637, 0.258, 0.105]),  # n = 3: geometric mean equals the eigenvector
    ("colnorm", [0.633, 0.260, 0.106]),
])
def test_table2_by_each_method(method, expected):
    assert list(weights(matrix(paper.TABLE2), method).round(3)) == expected


def test_method_names_are_checked():
    with pytest.raises(XlahpError, match="method 'power' is unknown; use eigen, geomean, colnorm"):
        weights(matrix(paper.TABLE2), "power")
    found = REGISTRY["AHP_WEIGHTS"].func(paper.TABLE2, " EIGEN ")  # a cell's text, read
    assert [round(w, 3) for [w] in found] == [0.637, 0.258, 0.105]


def test_harker_matrix_sets_missing_to_zero_and_counts_them_on_the_diagonal():
    a = np.array([[1, 2, np.nan], [0.5, 1, 3], [np.nan, 1 / 3, 1]])
    assert harker_matrix(a).tolist() == [[2, 2, 0], [0.5, 1, 3], [0, 1 / 3, 2]]


@given(weight_vectors(min_n=3, max_n=9), st.data())
def test_incomplete_consistent_matrix_still_gives_its_weights(w, data):
    """Harker (eigen) and least squares (geomean) recover w from any connected subset
    of consistent judgments."""
    n = len(w)
    full = np.outer(w, 1 / w)
    a = full.copy()
    # drop judgments not on a spanning path, at random
    for i in range(n):
        for j in range(i + 2, n):
            if data.draw(st.booleans()):
                a[i, j] = a[j, i] = np.nan
    for method in ("eigen", "geomean"):
        assert np.allclose(weights(matrix(a), method), w, atol=1e-9)


def test_colnorm_needs_a_complete_matrix():
    m = read_matrix([[1, 2, None], [None, 1, 3], [None, None, 1]])
    with pytest.raises(XlahpError, match="colnorm needs every judgment"):
        weights(m, "colnorm")


def test_harker_weights_of_an_incomplete_inconsistent_matrix():
    """Harker's method, hand-checked: with A:B = 2, B:C = 3 and A:C missing, the
    only consistent completion is A:C = 6, so the weights are 6:3:1."""
    m = read_matrix([[1, 2, None], [None, 1, 3], [None, None, 1]])
    assert np.allclose(weights(m), [0.6, 0.3, 0.1])
