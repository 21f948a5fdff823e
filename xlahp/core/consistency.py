"""整合度 — is a pairwise matrix consistent enough to use?

Two checks, as in the paper (§3 手順2, §4 手順2):

* C.I. = (λmax − n)/(n − 1) and C.R. = C.I./RI(n) (Saaty 1980), accepted
  when C.R. < 0.1.  SuperDecisions prints C.R. under the name
  "Inconsistency", and the paper calls that value "C.I." — xlahp always
  labels the two apart.
* N.C., the number of circular triads, accepted up to the limit of 表3 or of
  the exact test (:mod:`xlahp.core.triads`).

When a check fails, :func:`suggestions` points at the judgments that disagree
most with the weights, a_ij·w_j/w_i far from 1 (Saaty 2003, the paper's ref.
[10]), with the value that would fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from xlahp.core import triads
from xlahp.errors import InputError
from xlahp.core.literature import CR_THRESHOLD, DEFAULT_ALPHA, DEFAULT_RI_TABLE, RI_TABLES, VERBAL_SCALE
from xlahp.core.pairwise import PairwiseMatrix
from xlahp.core.weights import lambda_max, option, weights

RI_TABLE_NAMES = (DEFAULT_RI_TABLE, *(t for t in RI_TABLES if t != DEFAULT_RI_TABLE))


def random_index(n: int, table: str = DEFAULT_RI_TABLE) -> float:
    """RI(n) from the named table (:data:`~xlahp.core.literature.RI_TABLES`).

    >>> random_index(5), random_index(5, "saaty")
    (1.12, 1.12)
    """
    option(table, RI_TABLE_NAMES, "table")
    if n < 1:
        raise InputError(f"n is {n}; give a whole number 1 or more")
    if n <= 2:
        return 0.0
    values = RI_TABLES[table]
    if n not in values:
        raise InputError(f"no {table} RI for n={n:.6g} (the table covers n = "
                         f"{min(values)}…{max(values)})")
    return values[n]


@dataclass(frozen=True)
class Consistency:
    n: int
    lambda_max: float
    ci: float
    ri: float
    cr: float


def consistency(matrix: PairwiseMatrix, table: str = DEFAULT_RI_TABLE) -> Consistency:
    """λmax, C.I., RI and C.R. of a matrix.

    >>> from xlahp.core.pairwise import matrix
    >>> c = consistency(matrix([[1, 3, 5], [None, 1, 3], [None, None, 1]]))
    >>> round(c.ci, 4), round(c.cr, 4)
    (0.0193, 0.037)
    """
    n = matrix.n
    ri = random_index(n, table)
    lam = lambda_max(matrix)
    ci = max(0.0, (lam - n) / (n - 1))  # λmax ≥ n; clip rounding noise
    return Consistency(n, lam, ci, ri, ci / ri if ri else 0.0)


@dataclass(frozen=True)
class Summary:
    """Everything the paper reports about one matrix, and the verdict."""

    consistency: Consistency
    nc: int
    nc_limit: int
    nc_p: float
    alpha: float
    missing: int  # pairs without a judgment

    @property
    def cr_ok(self) -> bool:
        return self.consistency.cr < CR_THRESHOLD

    @property
    def nc_ok(self) -> bool:
        return self.nc <= self.nc_limit

    @property
    def ok(self) -> bool:
        """The paper's acceptance: C.R. < 0.1, N.C. within its limit, every judgment given
        (Harker's λmax and the RI tables speak of a complete matrix)."""
        return self.cr_ok and self.nc_ok and not self.missing

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the matrix is not accepted (empty when :attr:`ok`)."""
        found = []
        if self.missing:
            pairs = self.consistency.n * (self.consistency.n - 1) // 2
            found.append(f"{self.missing} of {pairs} judgments missing")
        if not self.cr_ok:
            found.append(f"C.R. {self.consistency.cr:.3f} ≥ {CR_THRESHOLD}")
        if not self.nc_ok:
            found.append(f"N.C. {self.nc} > {self.nc_limit}")
        return tuple(found)

    @property
    def verdict(self) -> str:
        """The verdict as the workbooks show it: 妥当 OK, or 要再検討 with the reasons."""
        return "妥当 OK" if self.ok else "要再検討 review: " + ", ".join(self.reasons)


def summarize(matrix: PairwiseMatrix, table: str = DEFAULT_RI_TABLE,
              alpha: float = DEFAULT_ALPHA) -> Summary:
    """C.I./C.R. and N.C. with its limit (表3 for n ≤ 9, exact beyond)."""
    nc = triads.count(matrix)
    return Summary(consistency(matrix, table), nc, triads.limit(matrix.n, alpha),
                   triads.p_value(nc, matrix.n), float(alpha), matrix.missing)


@dataclass(frozen=True)
class Suggestion:
    row: int
    col: int
    judgment: float
    fitted: float
    scale_value: float
    deviation: float


def nearest_scale_value(x: float) -> float:
    """The 1–9 scale value or reciprocal closest to x on a log scale."""
    scale = [v for v, _, _ in VERBAL_SCALE]
    candidates = scale + [1 / v for v in scale[1:]]
    return min(candidates, key=lambda c: abs(math.log(x / c)))


def suggestions(matrix: PairwiseMatrix, k: int = 3) -> list[Suggestion]:
    """The k judgments that disagree most with the eigenvector weights.

    Each is reported from the side where it is ≥ 1 (the more important item
    first), with w_i/w_j — the value that would fit the weights — and the scale
    value nearest to it.
    """
    n = matrix.n
    w = weights(matrix)
    found = []
    for i in range(n):
        for j in range(n):
            a = matrix.values[i, j]
            if i != j and not np.isnan(a) and a >= 1 and (a > 1 or i < j):
                fitted = w[i] / w[j]
                found.append(Suggestion(i, j, float(a), float(fitted),
                                        nearest_scale_value(fitted),
                                        abs(math.log(a / fitted))))
    found.sort(key=lambda s: -s.deviation)
    return found[:k]
