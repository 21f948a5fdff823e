"""重要度 — the weights (priorities) of the items of a pairwise matrix.

Three ways to derive them (docs/method.md §2):

* ``eigen`` (default): the principal right eigenvector of A, normalised to
  sum 1 (Saaty 1980; justified in Saaty 2003, the paper's ref. [10]).  With
  missing judgments, the eigenvector of Harker's matrix (Harker, P. T. 1987,
  Incomplete pairwise comparisons in the analytic hierarchy process, *Math.
  Modelling* 9(11), 837–848): a missing a_ij is 0 and each row's diagonal is
  1 + the number of judgments missing in that row.
* ``geomean``: the normalised geometric mean of each row — the logarithmic
  least-squares solution.  With missing judgments, the least-squares solution
  over the judgments given (Kwiesielewicz, M. 1996, The logarithmic least
  squares and the generalized pseudoinverse in estimating ratios, *EJOR* 93,
  611–619): for a complete matrix the two coincide.
* ``colnorm``: the average of the rows of the column-normalised matrix
  (Saaty's approximation); it needs every judgment.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import numpy as np

from xlahp.errors import InputError
from xlahp.core.pairwise import PairwiseMatrix

Method = Literal["eigen", "geomean", "colnorm"]
METHODS: tuple[Method, ...] = ("eigen", "geomean", "colnorm")


def option(value: str, choices: Sequence[str], what: str) -> str:
    """*value* if it is one of *choices*, else an InputError naming them (the core's
    check of a ``Literal`` option; the worksheet layer reads the cell)."""
    if value not in choices:
        raise InputError(f"{what} {value!r} is unknown; use {', '.join(choices)}")
    return value


def nonnegative(values: Sequence[float | None], what: str, each: str,
                labels: Sequence[str] | None = None) -> np.ndarray:
    """Weights as given — numbers ≥ 0, not all 0 — scaled to a largest weight of 1
    (weights are scale-free, and the sums can then never overflow).

    The one rule for every set of weights xlahp takes (indicators, criteria,
    evaluators, 倒産指数 components).  *what* names the argument, *each* what one
    weight belongs to, and *labels* each weight in a message (default
    ``what cell 1``, ``what cell 2`` …).

    >>> nonnegative([2, 1, 0], "weights", "indicator").tolist()
    [1.0, 0.5, 0.0]
    """
    if not len(values):
        raise InputError(f"{what} is empty")
    names = labels or [f"{what} cell {k}" for k in range(1, len(values) + 1)]
    out = []
    for name, w in zip(names, values):
        if w is None:
            raise InputError(f"{name} is blank; give every {each} a weight (0 or more)")
        if not 0 <= w < math.inf:
            raise InputError(f"{name} is {w:g}; weights are 0 or more")
        out.append(float(w))
    top = max(out)
    if top == 0:
        raise InputError(f"{what} are all 0; at least one must be positive")
    return np.array(out) / top


def harker_matrix(values: np.ndarray) -> np.ndarray:
    """Harker's substitute for a matrix with missing (nan) judgments."""
    missing = np.isnan(values)
    out = np.where(missing, 0.0, values)
    out[np.diag_indices_from(out)] = 1.0 + missing.sum(axis=1)
    return out


@lru_cache(maxsize=512)
def _eigen(matrix: PairwiseMatrix) -> tuple[float, np.ndarray]:
    """λmax and weights of a matrix, once per matrix (Harker's if incomplete)."""
    lam, vector = principal_eigen(harker_matrix(matrix.values))
    vector.flags.writeable = False
    return lam, vector


def principal_eigen(a: np.ndarray) -> tuple[float, np.ndarray]:
    """λmax and its eigenvector normalised to sum 1 (Perron vector of A > 0)."""
    eigenvalues, vectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(vectors[:, k].real)
    return float(eigenvalues[k].real), vector / vector.sum()


def _geomean(values: np.ndarray) -> np.ndarray:
    known = ~np.isnan(values)
    np.fill_diagonal(known, False)
    logs = np.where(known, np.log(np.where(known, values, 1.0)), 0.0)
    laplacian = np.diag(known.sum(axis=1)) - known
    # least squares of x_i - x_j = log a_ij over the given pairs; sum(x) = 0
    # fixes the free constant (the comparisons connect all items).
    n = len(values)
    system = np.vstack([laplacian, np.ones(n)])
    rhs = np.append(logs.sum(axis=1), 0.0)
    x = np.linalg.lstsq(system, rhs, rcond=None)[0]
    w = np.exp(x - x.max())
    return w / w.sum()


def _colnorm(values: np.ndarray) -> np.ndarray:
    w = (values / values.sum(axis=0)).mean(axis=1)
    return w / w.sum()


def weights(matrix: PairwiseMatrix, method: Method = "eigen") -> np.ndarray:
    """The items' weights, summing to 1, by *method* (module docstring).

    >>> from xlahp.core.pairwise import matrix
    >>> weights(matrix([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])).round(3)
    array([0.637, 0.258, 0.105])
    """
    option(method, METHODS, "method")
    if method == "eigen":
        return _eigen(matrix)[1].copy()
    if method == "geomean":
        return _geomean(matrix.values)
    if not matrix.complete:
        raise InputError("method colnorm needs every judgment; this matrix has "
                         "missing ones (use eigen or geomean)")
    return _colnorm(matrix.values)


def lambda_max(matrix: PairwiseMatrix) -> float:
    """λmax of A, or of Harker's matrix when judgments are missing."""
    return _eigen(matrix)[0]
