"""感度分析 — how far a weight may move before the answer changes (手順4).

One criterion at a time (docs/method.md §10): criterion j's weight is moved
from its current w_j to t (0 ≤ t ≤ 1) and the other weights are rescaled in
proportion, w_i(1 − t)/(1 − w_j), so they keep their ratios and the sum stays
1.  (If every other weight is 0 they share 1 − t equally.)  Each
alternative's score is then a straight line in t,

    S_a(t) = t·N_aj + (1 − t)·R_a,   R_a = Σ_{i≠j} w_i N_ai / Σ_{i≠j} w_i,

with N the local priorities as the synthesis mode reads them
(:func:`xlahp.core.hierarchy.normalized`).  The ideal mode's final rescaling
divides every score by the same positive sum, so two alternatives swap where
their lines cross, in both modes: t* = (R_a − R_b)/((R_a − R_b) − (N_aj − N_bj)).

Thresholds are reported as in Triantaphyllou & Sánchez (1997): the weight at
which the top alternative changes, below and above the current weight, and
the change as a percentage of the current weight; the criterion with the
smallest percentage is the most critical one.  Rescaling the others in
proportion changes only the units of their threshold, not where the ranking
changes: weights (t, (1 − t)/(1 − w_j)·w_rest) are proportional to
(t(1 − w_j)/(1 − t), w_rest), a change of w_j alone.

The same question for the enterprise-value sheet (§6): the weight of one
indicator at which VALUE_INDEX crosses 1.0, the others rescaled in proportion,
:func:`value_thresholds`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlahp.errors import InputError
from xlahp.core import hierarchy
from xlahp.core.value import ValueIndex


def moved(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    """Weights with criterion j at t and the others rescaled in proportion (sum 1)."""
    w = np.asarray(weights, dtype=float)
    if len(w) < 2:
        raise InputError("criteria_weights has 1 value; moving a weight needs at least 2 "
                         "criteria (with one, its weight is always 1)")
    rest = np.delete(w, j)
    rest = rest / rest.sum() if rest.sum() > 0 else np.full(len(rest), 1 / len(rest))
    return np.insert(rest * (1 - t), j, t)


def _lines(weights: np.ndarray, local: np.ndarray, j: int,
           mode: hierarchy.Mode) -> tuple[np.ndarray, np.ndarray]:
    """(N_·j, R) of the straight lines S_a(t) = t N_aj + (1 − t) R_a."""
    n = hierarchy.normalized(local, mode)
    rest = moved(weights, j, 0.0)
    return n[:, j], n @ rest


def sweep(weights: np.ndarray, local: np.ndarray, j: int, steps: int = 20,
          mode: hierarchy.Mode = "distributive") -> tuple[np.ndarray, np.ndarray]:
    """Criterion j's weight 0, 1/steps, …, 1 and the global priorities (one row per
    step, one column per alternative; each row sums to 1, as AHP_SYNTH)."""
    ts = np.linspace(0.0, 1.0, steps + 1)
    a, r = _lines(weights, local, j, mode)
    scores = np.outer(ts, a) + np.outer(1 - ts, r)
    if mode == "distributive":
        return ts, scores  # already sums to 1: Σ_a N_aj = Σ_a R_a = 1
    return ts, scores / scores.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Swap:
    """Alternatives a and b (0-based) swap places at weight t of the criterion."""

    t: float
    a: int
    b: int


def swaps(weights: np.ndarray, local: np.ndarray, j: int,
          mode: hierarchy.Mode = "distributive") -> list[Swap]:
    """Every weight 0 ≤ t ≤ 1 of criterion j at which two alternatives swap places,
    in increasing t."""
    a, r = _lines(weights, local, j, mode)
    found = []
    for p in range(len(a)):
        for q in range(p + 1, len(a)):
            at0 = r[p] - r[q]
            slope = (a[p] - a[q]) - at0
            if abs(slope) <= 1e-15 * max(1.0, abs(at0)):
                continue  # parallel: never cross (or tied everywhere)
            t = at0 / -slope
            if 0.0 <= t <= 1.0:
                found.append(Swap(float(t), p, q))
    return sorted(found, key=lambda s: s.t)


@dataclass(frozen=True)
class Critical:
    """Criterion j's thresholds: the weights below and above the current one at which
    the top alternative changes (None: never within 0…1), the nearest weight at which
    any two alternatives swap, and each change as % of the current weight (None when
    there is no threshold or the current weight is 0)."""

    weight: float
    lower: float | None
    upper: float | None
    top_change_pct: float | None
    any_swap: float | None
    any_swap_pct: float | None


def _pct(weight: float, found: list[float]) -> float | None:
    if not found or weight == 0:
        return None
    return float(min(abs(t - weight) for t in found) / weight * 100)


def critical(weights: np.ndarray, local: np.ndarray,
             mode: hierarchy.Mode = "distributive") -> list[Critical]:
    """Per criterion (in order) the thresholds of Triantaphyllou & Sánchez (1997)
    for one-at-a-time changes, the others rescaled in proportion."""
    w = np.asarray(weights, dtype=float)
    current = hierarchy.scores(w, local, mode)
    top = int(np.argmax(current))
    out = []
    for j, wj in enumerate(map(float, w)):
        lower = upper = None
        found = swaps(w, local, j, mode)
        slopes = np.subtract(*_lines(w, local, j, mode))  # how each alternative moves with t
        for s in found:
            if top not in (s.a, s.b):
                continue
            other = s.b if s.a == top else s.a
            ahead_above = slopes[other] > slopes[top]  # the other leads just above s.t
            if s.t >= wj and ahead_above and upper is None:
                upper = s.t  # the first one above wj (sorted)
            if s.t <= wj and not ahead_above:
                lower = s.t  # the last one below wj
        every = [s.t for s in found]
        near = min(every, key=lambda t: abs(t - wj)) if every else None
        tops = [t for t in (lower, upper) if t is not None]
        out.append(Critical(wj, lower, upper, _pct(wj, tops), near,
                            _pct(wj, [near] if near is not None else [])))
    return out


def value_thresholds(found: ValueIndex) -> list[float | None]:
    """Per indicator, the weight (as a share of the indicators with a target, as
    VALUE_INDEX renormalises them) at which VALUE_INDEX crosses 1.0 when this
    indicator's weight moves and the others are rescaled in proportion; None
    where it never does within 0…1 or the indicator has no target.

    With V_rest the index of the other indicators, V(t) = t·r_j + (1 − t)·V_rest,
    so t* = (1 − V_rest)/(r_j − V_rest).
    """
    covered = [i for i, r in enumerate(found.ratios) if r is not None]
    out: list[float | None] = []
    for i, r in enumerate(found.ratios):
        others = [k for k in covered if k != i]
        rest_weight = sum(found.weights[k] for k in others)
        if r is None or not others or rest_weight <= 0:
            out.append(None)
            continue
        v_rest = sum(found.weights[k] * found.ratios[k] for k in others) / rest_weight
        if r == v_rest:
            out.append(None)  # the index does not move with this weight
            continue
        t = (1 - v_rest) / (r - v_rest)
        out.append(float(t) if 0.0 <= t <= 1.0 else None)
    return out
