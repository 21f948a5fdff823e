"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

SCALE = [1, 2, 3, 4, 5, 6, 7, 8, 9]


@st.composite
def weight_vectors(draw, min_n=2, max_n=15):
    n = draw(st.integers(min_n, max_n))
    raw = draw(st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n))
    w = np.array(raw)
    return w / w.sum()


@st.composite
def judgment_matrices(draw, min_n=3, max_n=9):
    """Random reciprocal matrices on Saaty's scale (ties included)."""
    n = draw(st.integers(min_n, max_n))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = draw(st.sampled_from(SCALE))
            v = v if draw(st.booleans()) else 1 / v
            a[i, j], a[j, i] = v, 1 / v
    return a
