"""階層の総合化 — the alternatives' global priorities from a hierarchy (手順1, 手順3).

The paper's 手順3 multiplies each alternative's local priority under a
criterion by the criterion's weight and adds over the criteria
(docs/method.md §9).  Local priorities come from one of three sources:

* a pairwise matrix of the alternatives under the criterion (:mod:`xlahp.core.weights`);
* ratings on an intensity scale (absolute measurement): the intensities are
  weighted by AHP once, and each alternative gets its intensity's priority
  divided by the best intensity's (:func:`rating_priorities`);
* data such as each candidate's 倒産指数, with a direction
  (:func:`data_priorities`: x/Σx when higher is better, (1/x)/Σ(1/x) when lower is).

Two synthesis modes (:data:`MODES`; sources in :mod:`xlahp.core.literature`):

``distributive``
    each criterion's column normalised to sum 1, then Σ_j w_j l_ij.  The
    criterion's weight is *distributed* among the alternatives, so adding an
    alternative (even a copy of one) can change the order of the others
    (rank reversal, Belton & Gear 1983).
``ideal``
    each column divided by its largest entry (the best alternative under the
    criterion gets the criterion's full weight), then Σ_j w_j l_ij, rescaled to
    sum 1.  A new alternative that is not best anywhere changes no score, so
    the order of the others is kept.

Sub-criteria: :func:`leaf_weights` multiplies the local weights down a tree;
the leaves then act as the criteria of the synthesis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from typing import Literal

from xlahp.errors import InputError
from xlahp.core.literature import SYNTHESIS_MODES
from xlahp.core.weights import nonnegative, option

Mode = Literal["distributive", "ideal"]
MODES: tuple[str, ...] = SYNTHESIS_MODES


def criteria_weights(weights: Sequence[float | None]) -> np.ndarray:
    """Criteria weights as given (numbers ≥ 0, not all 0), rescaled to sum 1."""
    w = nonnegative(weights, "criteria_weights", "criterion")
    return w / w.sum()


def local_table(values: Sequence[Sequence[float | None]], k: int) -> np.ndarray:
    """The m×k local priorities (alternatives in rows, criteria in columns) checked:
    numbers ≥ 0, one column per criterion, no column all 0."""
    if not values or not values[0]:
        raise InputError("local_priorities is empty")
    m, width = len(values), len(values[0])
    if width != k:
        raise InputError(f"local_priorities has {width} column{'s' * (width != 1)} but "
                         f"criteria_weights {k} value{'s' * (k != 1)}; give one column per "
                         "criterion, in the same order")
    if m < 2:
        raise InputError("local_priorities has 1 row; compare at least 2 alternatives")
    table = np.empty((m, k))
    for i, row in enumerate(values):
        for j, x in enumerate(row):
            if x is None:
                raise InputError(f"local_priorities cell ({i + 1},{j + 1}) is blank; give "
                                 "every alternative a priority under every criterion")
            if not 0 <= x < math.inf:
                raise InputError(f"local_priorities cell ({i + 1},{j + 1}) is {x:g}; "
                                 "priorities are 0 or more")
            table[i, j] = x
    top = table.max(axis=0)
    for j in np.flatnonzero(top == 0):
        raise InputError(f"local_priorities column {j + 1} is all 0; at least one "
                         "alternative needs a positive priority")
    return table / top  # each column scaled to a largest entry of 1 (no overflow later)


def normalized(local: np.ndarray, mode: Mode = "distributive") -> np.ndarray:
    """The local priorities as the mode reads them: columns summing to 1
    (distributive) or with the best alternative at 1 (ideal)."""
    option(mode, MODES, "mode")
    top = local.max(axis=0)
    if mode == "ideal":
        return local / top
    return local / local.sum(axis=0)


def scores(weights: np.ndarray, local: np.ndarray, mode: Mode = "distributive") -> np.ndarray:
    """Σ_j w_j l_ij before the final rescaling (the ranking is already final)."""
    return normalized(local, mode) @ weights


def synthesize(weights: np.ndarray, local: np.ndarray,
               mode: Mode = "distributive") -> np.ndarray:
    """Global priorities of the alternatives, summing to 1, in *mode*.

    >>> synthesize(np.array([0.5, 0.5]), np.array([[1, 3], [1, 1.0]])).round(3)
    array([0.625, 0.375])
    """
    s = scores(weights, local, mode)
    return s / s.sum()


def data_priorities(values: Sequence[float | None], direction: int = 1) -> np.ndarray:
    """Local priorities from measured data: x_i/Σx (higher is better, direction +1) or
    (1/x_i)/Σ(1/x) (lower is better, −1).  Data must be positive: a ratio scale
    has no meaning for 0 or a negative value (a 倒産指数 is positive)."""
    if direction not in (1, -1):
        raise InputError(f"direction is {direction!r}; give 1 (higher is better) or -1")
    sign = direction
    xs = []
    for k, x in enumerate(values, start=1):
        if x is None:
            raise InputError(f"values cell {k} is blank; give every alternative a value")
        if not 0 < x < math.inf:
            raise InputError(f"values cell {k} is {x:g}; data priorities need positive "
                             "values (a ratio scale)")
        xs.append(float(x))
    if len(xs) < 2:
        raise InputError("values has 1 cell; compare at least 2 alternatives")
    a = np.array(xs)
    a = a / a.max() if sign > 0 else a.min() / a  # largest 1: no overflow
    return a / a.sum()


def rating_priorities(ratings: Sequence[Sequence[str | None]],
                      scale: Mapping[str, float]) -> np.ndarray:
    """Local priorities from ratings (absolute measurement): each rating's
    intensity priority divided by the best intensity's, so the top intensity
    is 1.  *ratings* hold the levels' names (None where blank), *scale* maps a
    level's name to its intensity priority (> 0).

    >>> rating_priorities([["A", "B"], ["B", "B"]], {"A": 0.6, "B": 0.3}).tolist()
    [[1.0, 0.5], [0.5, 0.5]]
    """
    top = max(scale.values())
    out = np.empty((len(ratings), len(ratings[0])))
    for i, row in enumerate(ratings):
        for j, key in enumerate(row):
            label = key
            if key is None:
                raise InputError(f"ratings cell ({i + 1},{j + 1}) is blank; rate every "
                                 "alternative")
            if key not in scale:
                raise InputError(f"ratings cell ({i + 1},{j + 1}) is {label!r}, not a level "
                                 f"of the scale ({', '.join(scale)})")
            out[i, j] = scale[key] / top
    return out


def leaf_weights(tree: Mapping[str, tuple[float, Mapping | None]]) -> dict[str, float]:
    """Global weights of the leaves of a criteria tree: each node's local
    weight (normalised among its siblings) times its parent's global weight.

    >>> leaf_weights({"A": (3, {"a1": (1, None), "a2": (1, None)}), "B": (1, None)})
    {'a1': 0.375, 'a2': 0.375, 'B': 0.25}
    """
    out: dict[str, float] = {}

    def walk(nodes: Mapping[str, tuple[float, Mapping | None]], share: float) -> None:
        total = math.fsum(w for w, _ in nodes.values())
        if total <= 0:
            raise InputError(f"the weights of {', '.join(nodes)} are all 0")
        for name, (w, children) in nodes.items():
            if w < 0:
                raise InputError(f"weight of {name} is {w:g}; weights are 0 or more")
            if children:
                walk(children, share * w / total)
            else:
                if name in out:
                    raise InputError(f"criterion {name} appears twice in the tree")
                out[name] = share * w / total

    walk(tree, 1.0)
    return out
