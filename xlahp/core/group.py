"""集団意思決定 — several evaluators' pairwise matrices: aggregation, consensus, agenda.

The paper (手順2) has the executives meet and agree on *one* matrix, because a
geometric mean of separate questionnaires spoils C.I. and N.C. and with them the
explanation to investors (Saaty & Peniwati 2007, the paper's ref. [11]).  This
module prepares that meeting (docs/method.md §8):

* :func:`aij` — aggregation of individual judgments: the weighted geometric mean
  of each judgment over the evaluators, a_ij = Π_k a_ijk^λk (Aczél & Saaty 1983;
  Forman & Peniwati 1998).  Built from the upper triangle, the lower one its
  reciprocal, so the result is reciprocal by construction.
* :func:`group_weights` — the group's weights: the weights of the AIJ matrix, or
  the aggregation of individual priorities (AIP), their weighted geometric or
  arithmetic mean (Forman & Peniwati 1998).
* :func:`consensus` — Goepel's AHP consensus indicator S*, the relative
  homogeneity of the evaluators' priorities from Shannon α, β and γ entropy
  (Goepel 2018, eqs. 11–21; :mod:`xlahp.core.literature`).
* :func:`disagreements` — the pairs on which the evaluators differ most, ranked
  by the geometric standard deviation of their judgments (Goepel 2018, eq. 10):
  the agenda of the meeting.

Several matrices arrive as one range of k stacked blocks (:func:`read_matrices`),
each block in any shape :func:`xlahp.core.pairwise.read_matrix` accepts, all of the
same size and in the same item order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from xlahp.errors import XlahpError
from xlahp.sheet.grids import as_grid, by_content, is_blank
from xlahp.core.literature import CONSENSUS_SCALE_MAX
from xlahp.sheet.options import choose
from xlahp.core.pairwise import PairwiseMatrix, is_label, read_matrix, shown
from xlahp.core.weights import weights

#: AHP_GROUP_WEIGHTS' methods; the first is the default.
METHODS = ("aij", "aip-geo", "aip-mean")


@dataclass(frozen=True, eq=False)
class Group:
    """k evaluators' matrices over the same items, in the same order."""

    matrices: tuple[PairwiseMatrix, ...]

    @property
    def k(self) -> int:
        return len(self.matrices)

    @property
    def n(self) -> int:
        return self.matrices[0].n

    @property
    def labels(self) -> tuple[str, ...]:
        return self.matrices[0].labels

    def judgments(self) -> np.ndarray:
        """k×n×n array of the judgments (nan where an evaluator gave none)."""
        return np.stack([m.values for m in self.matrices])


# --------------------------------------------------------------------------
# reading k stacked matrices

@by_content
def read_matrices(cells: Any) -> Group:
    """k matrices stacked in one range: k·n rows (k·(n+1) with a label row per
    block), each block in the same item order.

    The block height follows from the width: n columns (n+1 with a label
    column), plus one row when the blocks carry a label row.

    >>> g = read_matrices([[1, 3], [None, 1], [1, 5], [None, 1]])
    >>> g.k, g.n
    (2, 2)
    """
    grid = as_grid(cells, "matrices")
    rows, cols = len(grid), len(grid[0])
    # a label column puts an item name in column 1 of the first block's rows 2…;
    # a label row alone only in the header rows
    left = cols > 2 and all(is_blank(r[0]) or is_label(r[0]) for r in grid) and any(
        is_label(r[0]) for r in grid[1:cols])
    n = cols - 1 if left else cols
    first = grid[0][1:] if left else grid[0]
    top = rows > 1 and all(is_label(c) for c in first)
    height = n + top
    if n < 2:
        one = f" (one cell: {shown(grid[0][0])})" if rows == cols == 1 else ""
        raise XlahpError(f"matrices is {cols} column{'s' * (cols != 1)} wide{one}; give k "
                         "stacked n×n matrices (n ≥ 2 items), one evaluator's below the other's")
    if rows % height:
        shape = f"{n} rows" + (" plus a label row" if top else "")
        raise XlahpError(f"matrices has {rows} rows, not a whole number of blocks of {shape} "
                         f"({n} items); every evaluator's matrix must be {n}×{n}, in the "
                         "same item order")
    k = rows // height
    if k < 2:
        raise XlahpError(f"matrices holds 1 matrix ({n}×{n}); stack at least 2 evaluators' "
                         f"matrices, one below the other ({2 * height} rows or more)")
    found = []
    for b in range(k):
        block = grid[b * height:(b + 1) * height]
        try:
            matrix = read_matrix(block)
        except XlahpError as error:
            raise XlahpError(f"block {b + 1} (rows {b * height + 1}–{(b + 1) * height}): "
                             f"{error}") from None
        if found and matrix.labels != found[0].labels:
            raise XlahpError(f"block {b + 1} lists the items as {', '.join(matrix.labels)}, "
                             f"block 1 as {', '.join(found[0].labels)}; give every block in "
                             "the same order")
        found.append(matrix)
    return Group(tuple(found))


def respondent_weights(values: Sequence[float | None] | None, k: int) -> np.ndarray:
    """The evaluators' weights λ, summing to 1 (equal when *values* is None)."""
    if values is None:
        return np.full(k, 1.0 / k)
    if len(values) != k:
        raise XlahpError(f"respondent_weights has {len(values)} value"
                         f"{'s' * (len(values) != 1)}; give one per evaluator ({k})")
    for r, v in enumerate(values, start=1):
        if v is None:
            raise XlahpError(f"respondent_weights cell {r} is blank; give a weight (0 or more) "
                             "to every evaluator")
        if v < 0:
            raise XlahpError(f"respondent_weights cell {r} is {v:g}; weights are 0 or more")
    lam = np.array(values, dtype=float)
    scale = lam.max()
    if scale == 0:
        raise XlahpError("respondent_weights are all 0; give at least one evaluator a weight")
    lam = lam / scale  # scale-free: 1e308s do not overflow the sum
    return lam / lam.sum()


# --------------------------------------------------------------------------
# aggregation

def aij(group: Group, lam: np.ndarray | None = None) -> PairwiseMatrix:
    """The weighted geometric mean of each judgment over the evaluators.

    A judgment some evaluators left blank is the mean over those who gave it
    (their weights renormalised); nan when nobody with a weight above 0 did.
    """
    lam = respondent_weights(None, group.k) if lam is None else lam
    a = group.judgments()
    n = group.n
    out = np.full((n, n), np.nan)
    np.fill_diagonal(out, 1.0)
    for i in range(n):
        for j in range(i + 1, n):
            given = ~np.isnan(a[:, i, j]) & (lam > 0)
            if not given.any():
                continue
            values = a[given, i, j]
            if (values == values[0]).all():  # agreement stays exact (no exp∘log rounding)
                out[i, j] = values[0]
            else:
                share = lam[given] / lam[given].sum()
                out[i, j] = math.exp(float(share @ np.log(values)))
            out[j, i] = 1.0 / out[i, j]
    # connected: every block connects its items, and one with a weight > 0 is all there
    return PairwiseMatrix(out, group.labels)


def individual_weights(group: Group, derive: str | None = None) -> np.ndarray:
    """k×n: each evaluator's weights (by :func:`xlahp.core.weights.weights`, *derive*)."""
    return np.stack([weights(m, derive) for m in group.matrices])


def group_weights(group: Group, method: str | None = None, lam: np.ndarray | None = None,
                  derive: str | None = None) -> np.ndarray:
    """The group's weights by *method* (:data:`METHODS`): ``aij`` the weights of
    :func:`aij`; ``aip-geo`` / ``aip-mean`` the weighted geometric / arithmetic
    mean of the evaluators' weights, normalised.  *derive* is how weights come
    from a matrix (eigen by default, as AHP_WEIGHTS)."""
    method = choose(method, METHODS, "method")
    lam = respondent_weights(None, group.k) if lam is None else lam
    if method == "aij":
        return weights(aij(group, lam), derive)
    w = individual_weights(group, derive)
    if method == "aip-mean":
        found = lam @ w
    else:
        logs = np.log(np.where(w > 0, w, np.finfo(float).tiny))
        x = lam @ logs
        found = np.exp(x - x.max())
    return found / found.sum()


# --------------------------------------------------------------------------
# consensus

@dataclass(frozen=True)
class Consensus:
    """Goepel's entropies (natural log) and indicators for one group."""

    h_alpha: float
    h_gamma: float
    h_beta: float
    homogeneity: float  # S = 1/Dβ = exp(−Hβ), from 1/k to 1
    s_star: float  # S*, 0 = no consensus … 1 = full


def _entropy(p: np.ndarray) -> np.ndarray:
    """Shannon entropy −Σ p ln p along the last axis (0 ln 0 = 0)."""
    safe = np.where(p > 0, p, 1.0)
    return -(p * np.log(safe)).sum(axis=-1)


def consensus_of(priorities: np.ndarray) -> Consensus:
    """S* of k evaluators' priorities (k×n rows summing to 1), Goepel (2018)
    eqs. 11–21, with M the end of the judgment scale (9).

    S* below 0 happens only when priorities are more extreme than one item
    M times every other (judgments beyond the scale); it is reported as 0.
    """
    m = CONSENSUS_SCALE_MAX
    p = np.asarray(priorities, dtype=float)
    n = p.shape[1]
    h_gamma = float(_entropy(p.mean(axis=0)))
    h_alpha = float(_entropy(p).mean())
    h_beta = max(0.0, h_gamma - h_alpha)  # ≥ 0 (concavity); clip rounding noise
    homogeneity = math.exp(-h_beta)
    top = m / (n + m - 1)
    h_alpha_min = -top * math.log(top) - (n - 1) / (n + m - 1) * math.log(1 / (n + m - 1))
    cor = math.exp(h_alpha_min) / n  # Dα,min / Dγ,max, eq. 18
    s_star = (homogeneity - cor) / (1 - cor)
    return Consensus(h_alpha, h_gamma, h_beta, homogeneity, min(1.0, max(0.0, s_star)))


def consensus(group: Group) -> Consensus:
    """Goepel's S* of the evaluators' eigenvector weights (as AHP-OS computes it)."""
    return consensus_of(individual_weights(group))


# --------------------------------------------------------------------------
# the agenda

@dataclass(frozen=True)
class Disagreement:
    row: int  # item A (the pair's first item in the matrix order)
    col: int  # item B
    low: float  # the smallest a_AB any evaluator gave
    high: float  # the largest
    spread: float  # geometric standard deviation of the a_AB given (1 = all agree)


def geometric_sd(values: np.ndarray) -> float:
    """exp of the sample standard deviation of ln x (Goepel 2018, eq. 10)."""
    logs = np.log(values)
    if len(logs) < 2:
        return 1.0
    return math.exp(float(np.std(logs, ddof=1)))


def disagreements(group: Group, k: int | None = None) -> list[Disagreement]:
    """The pairs ranked by the spread of their judgments, widest first (ties:
    the wider range high/low, then matrix order); pairs fewer than two
    evaluators judged are left out.  All pairs when *k* is None."""
    a = group.judgments()
    found = []
    for i in range(group.n):
        for j in range(i + 1, group.n):
            given = a[:, i, j][~np.isnan(a[:, i, j])]
            if len(given) >= 2:
                found.append(Disagreement(i, j, float(given.min()), float(given.max()),
                                          geometric_sd(given)))
    found.sort(key=lambda d: (-round(d.spread, 12), -round(d.high / d.low, 12), d.row, d.col))
    return found if k is None else found[:k]
