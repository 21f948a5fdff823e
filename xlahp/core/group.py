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

A :class:`Group` is k matrices over the same items in the same order; the worksheet
reads them from one range of k stacked blocks (:func:`xlahp.sheet.readers.read_matrices`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

from xlahp.errors import InputError
from xlahp.core.literature import CONSENSUS_SCALE_MAX
from xlahp.core.pairwise import PairwiseMatrix
from xlahp.core.weights import Method as Derive, nonnegative, option, weights

#: AHP_GROUP_WEIGHTS' methods; the first is the default.
Method = Literal["aij", "aip-geo", "aip-mean"]
METHODS: tuple[Method, ...] = ("aij", "aip-geo", "aip-mean")


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


def respondent_weights(values: Sequence[float | None] | None, k: int) -> np.ndarray:
    """The evaluators' weights λ, summing to 1 (equal when *values* is None)."""
    if values is None:
        return np.full(k, 1.0 / k)
    if len(values) != k:
        raise InputError(f"respondent_weights has {len(values)} value"
                         f"{'s' * (len(values) != 1)}; give one per evaluator ({k})")
    lam = nonnegative(values, "respondent_weights", "evaluator")
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


def individual_weights(group: Group, derive: Derive = "eigen") -> np.ndarray:
    """k×n: each evaluator's weights (by :func:`xlahp.core.weights.weights`, *derive*)."""
    return np.stack([weights(m, derive) for m in group.matrices])


def group_weights(group: Group, method: Method = "aij", lam: np.ndarray | None = None,
                  derive: Derive = "eigen") -> np.ndarray:
    """The group's weights by *method* (:data:`METHODS`): ``aij`` the weights of
    :func:`aij`; ``aip-geo`` / ``aip-mean`` the weighted geometric / arithmetic
    mean of the evaluators' weights, normalised.  *derive* is how weights come
    from a matrix (eigen by default, as AHP_WEIGHTS)."""
    option(method, METHODS, "method")
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
