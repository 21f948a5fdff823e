"""一対比較 — the pairwise comparison matrix (Iida & Torii 2011, §3 手順2, 表1–表2).

A :class:`PairwiseMatrix` holds judgments a_ij — how many times item i matters more
than item j — with a_ji = 1/a_ij and ``nan`` where no judgment was given.  It is built
from numbers by :func:`matrix` (a grid of judgments, as a range holds them) or
:func:`from_pairs` (one judgment per pair, as a questionnaire gives them); reading
cells — text fractions, labels, blanks — is the worksheet layer's
(:mod:`xlahp.sheet.readers`).

>>> m = matrix([[1, 3, 5], [float("nan"), 1, 3], [float("nan"), float("nan"), 1]])
>>> m.values.round(3).tolist()
[[1.0, 3.0, 5.0], [0.333, 1.0, 3.0], [0.2, 0.333, 1.0]]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from xlahp.errors import InputError
from xlahp.core.literature import MAX_ITEMS, SCALE_MAX, VERBAL_SCALE

#: Largest judgment read (and 1/it the smallest): far beyond Saaty's 9, short of
#: where eigenvector arithmetic loses the smaller weights (≈1e150).
MAX_JUDGMENT = 1e6

#: Rounding slack of the out-of-scale flag: 0.11 typed for 1/9 reads as 9.09, not as
#: beyond 9.
_SCALE_SLACK = 1.02


@dataclass(frozen=True, eq=False)
class PairwiseMatrix:
    """A reciprocal judgment matrix: ``values[i, j]`` says how many times item
    i is more important than item j; ``nan`` where no judgment was given.

    Immutable, and hashed by identity, so results derived from it can be cached
    (the worksheet readers hand out one object per distinct range content).
    """

    values: np.ndarray
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        self.values.flags.writeable = False

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def complete(self) -> bool:
        return not np.isnan(self.values).any()

    @property
    def missing(self) -> int:
        """Pairs without a judgment."""
        return int(np.isnan(self.values).sum()) // 2


def where(labels: Sequence[str], i: int, j: int) -> str:
    """A judgment's place in a message: ``matrix cell (1,2) [A vs B]``."""
    return f"matrix cell ({i + 1},{j + 1}) [{labels[i]} vs {labels[j]}]"


def scale_label(value: int) -> str:
    """The label a questionnaire drop-down shows, e.g. ``3 やや重要 (moderate)`` (表1)."""
    _, ja, en = VERBAL_SCALE[value - 1]
    return f"{value} {ja} ({en})"


def _decimals(value: float) -> int:
    """Digits after the decimal point as the value was typed (shortest repr)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return max(0, len(mantissa.partition(".")[2]) - int(exponent))
    return len(text.partition(".")[2].rstrip("0"))


def _reciprocal_within_rounding(big: float, small: float) -> bool:
    """True when ``small`` is 1/big as typed to the decimals it shows (0.333,
    0.33 or 0.3 for 1/3).  Only the side below 1 is a rounded reciprocal: a
    judgment typed as a whole number (2, or 1 for a tie) has no rounding slack."""
    return abs(small - 1 / big) <= 0.5 * 10.0 ** -max(_decimals(small), 1) + 1e-9


def _size(n: int, what: str) -> None:
    if n < 2:
        raise InputError(f"{what} has 1 item; compare at least 2")
    if n > MAX_ITEMS:
        raise InputError(f"{what} has {n} items; at most {MAX_ITEMS} are supported")


def matrix(values: Sequence[Sequence[float]] | np.ndarray,
           labels: Sequence[str] | None = None) -> PairwiseMatrix:
    """A pairwise matrix from an n×n grid of judgments (docs/method.md §1).

    ``nan`` (or None) is no judgment; each pair may be given above the diagonal,
    below it, or both — then they must be reciprocal, allowing for a reciprocal
    typed as a rounded decimal (0.333 for 1/3).  The diagonal is 1 (or blank).
    Judgments must be positive and within 1/10⁶…10⁶, and the judgments given must
    connect all items (missing ones are then completed by the weights' method).
    ``labels`` default to ``item 1``, ``item 2`` ….
    """
    raw = np.array([[np.nan if x is None else float(x) for x in row] for row in values],
                   dtype=float) if not isinstance(values, np.ndarray) else values.astype(float)
    rows, cols = raw.shape if raw.ndim == 2 else (len(raw), 1)
    if rows != cols:
        raise InputError(f"matrix is {rows}×{cols}, must be square")
    n = rows
    _size(n, "matrix")
    if labels is None:
        labels = tuple(f"item {k + 1}" for k in range(n))
    labels = tuple(labels)
    if len(set(labels)) < n:
        twice = sorted({x for x in labels if labels.count(x) > 1})
        raise InputError(f"matrix labels repeat: {', '.join(twice)}")
    out = np.full((n, n), np.nan)
    for i in range(n):
        d = raw[i, i]
        if not np.isnan(d) and not math.isclose(d, 1.0):
            raise InputError(f"{where(labels, i, i)} is {d:g}; an item compared with itself is 1")
        out[i, i] = 1.0
        for j in range(i + 1, n):
            upper, lower = (None if np.isnan(x) else float(x) for x in (raw[i, j], raw[j, i]))
            for x, (a, b) in ((upper, (i, j)), (lower, (j, i))):
                if x is not None and x <= 0:
                    raise InputError(f"{where(labels, a, b)} is {x:g}; judgments are positive")
                if x is not None and not 1 / MAX_JUDGMENT <= x <= MAX_JUDGMENT:
                    raise InputError(f"{where(labels, a, b)} is {x:g}, outside the range "
                                     f"1/{MAX_JUDGMENT:g}…{MAX_JUDGMENT:g} (the scale is 1/9…9)")
            if upper is None and lower is None:
                continue
            if upper is not None and lower is not None:
                big, small = (upper, lower) if upper >= lower else (lower, upper)
                if not _reciprocal_within_rounding(big, small):
                    raise InputError(
                        f"{where(labels, i, j)} = {upper:g} and {where(labels, j, i)} = "
                        f"{lower:g} are not reciprocal (expected {1 / upper:.4g})")
                upper = big if upper >= lower else 1 / big
            out[i, j] = upper if upper is not None else 1 / lower
            out[j, i] = 1 / out[i, j]
    found = PairwiseMatrix(out, labels)
    _require_connected(found)
    return found


def from_pairs(labels: Sequence[str], judged: Mapping[tuple[int, int], float]) -> PairwiseMatrix:
    """A pairwise matrix from one judgment per pair, ``judged[(i, j)] = a_ij`` with
    i < j (a questionnaire, 図9); unjudged pairs stay missing."""
    n = len(labels)
    if n > MAX_ITEMS:
        raise InputError(f"answers name {n} items; at most {MAX_ITEMS} are supported")
    values = np.full((n, n), np.nan)
    np.fill_diagonal(values, 1.0)
    for (i, j), value in judged.items():
        values[i, j], values[j, i] = value, 1 / value
    return PairwiseMatrix(values, tuple(labels))


def _require_connected(found: PairwiseMatrix) -> None:
    """Missing judgments are fine as long as every item is linked to the rest."""
    if found.complete:
        return
    known = ~np.isnan(found.values)
    reached = {0}
    frontier = [0]
    while frontier:
        i = frontier.pop()
        for j in np.flatnonzero(known[i]):
            if j not in reached:
                reached.add(int(j))
                frontier.append(int(j))
    if len(reached) < found.n:
        apart = [found.labels[k] for k in range(found.n) if k not in reached]
        raise InputError(
            f"judgments do not connect all items: {', '.join(apart)} "
            f"{'is' if len(apart) == 1 else 'are'} not compared, directly or "
            f"through others, with {found.labels[0]}")


def out_of_scale(found: PairwiseMatrix) -> list[tuple[int, int, float]]:
    """Judgments beyond Saaty's scale, 1/9…9 (:data:`SCALE_MAX`), as ``(i, j, a_ij)``
    with item i the more important one (a_ij > 9) — read and used, but worth a
    flag: the scale's words stop at 極めて重要."""
    result = []
    for i in range(found.n):
        for j in range(found.n):
            value = found.values[i, j]
            if value == value and value > SCALE_MAX * _SCALE_SLACK:
                result.append((i, j, float(value)))
    return result
