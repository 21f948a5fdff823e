"""一巡三角形 — circular triads and the consistency test built on them.

A circular triad is three items i, j, k with i ≻ j ≻ k ≻ i, where i ≻ j means
a_ij > 1 and a_ij = 1 is a tie (docs/method.md §3).  Their number, N.C., is the
paper's second consistency check (Iida 2009, the paper's ref. [1]; notation
N.C. from ref. [3]).

* ``strict`` (default) counts strict circular triads only: ties never form one.
* ``weak`` also counts the triads that no weak order can explain — i ~ j,
  j ~ k but i ≻ k; or i ≻ j ≻ k with i ~ k — the intransitive ties that ref.
  [2] discusses.  It is never smaller than the strict count.

Triads that involve a missing judgment are not counted (they are unknown).

Whether a count is small enough is judged against the paper's 表3
(:data:`~xlahp.core.literature.PUBLISHED_TRIAD_LIMITS`, n = 3…9) or against the
exact distribution of N.C. when all judgments are random — each pair decided
by a fair coin, i.e. a uniformly random tournament on n items (Kendall, M. G.
& Babington Smith, B. 1940, On the method of paired comparisons,
*Biometrika* 31, 324–345).  :func:`distribution` computes it for any n up to
15 (see there for how).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from functools import lru_cache

import numpy as np

from typing import Literal

from xlahp.errors import InputError
from xlahp.core.literature import DEFAULT_ALPHA, MAX_ITEMS, PUBLISHED_TRIAD_LIMITS
from xlahp.core.pairwise import PairwiseMatrix
from xlahp.core.weights import option

Mode = Literal["strict", "weak"]
MODES: tuple[Mode, ...] = ("strict", "weak")
Table = Literal["published", "exact"]
TABLES: tuple[Table, ...] = ("published", "exact")


def preferences(matrix: PairwiseMatrix) -> np.ndarray:
    """+1 where the row item is preferred, −1 where the column item is, 0 for a
    tie, and 2 where the judgment is missing."""
    values = matrix.values
    signs = np.sign(np.log(np.where(np.isnan(values), 1.0, values)))
    signs[np.abs(values - 1.0) <= 1e-9] = 0
    signs[np.isnan(values)] = 2
    return signs.astype(int)


def _explainable(pattern: tuple[int, int, int]) -> bool:
    """Whether some weak order (ranks with ties) gives these three relations
    (i vs j, j vs k, i vs k)."""
    for r in itertools.product(range(3), repeat=3):
        ranks = (np.sign(r[1] - r[0]), np.sign(r[2] - r[1]), np.sign(r[2] - r[0]))
        if ranks == pattern:
            return True
    return False


_UNEXPLAINABLE = frozenset(
    p for p in itertools.product((-1, 0, 1), repeat=3) if not _explainable(p))


def count(matrix: PairwiseMatrix, mode: Mode = "strict") -> int:
    """N.C., the number of circular triads (module docstring for *mode*).

    >>> from xlahp.core.pairwise import matrix
    >>> count(matrix([[1, 3, None], [None, 1, 3], [3, None, 1]]))
    1
    """
    return _count(matrix, option(mode, MODES, "mode"))


@lru_cache(maxsize=512)
def _count(matrix: PairwiseMatrix, mode: str) -> int:
    signs = preferences(matrix)
    if mode == "strict":
        beats = (signs == 1).astype(np.int64)
        return int(np.trace(beats @ beats @ beats)) // 3
    found = 0
    for i, j, k in itertools.combinations(range(matrix.n), 3):
        pattern = (signs[i, j], signs[j, k], signs[i, k])
        found += 2 not in pattern and pattern in _UNEXPLAINABLE
    return found


def max_triads(n: int) -> int:
    """The largest possible N.C. for n items (Kendall & Babington Smith 1940)."""
    return (n ** 3 - n) // 24 if n % 2 else (n ** 3 - 4 * n) // 24


def whole(value: int, what: str, low: int, high: int) -> int:
    """*value* if it is a whole number from *low* to *high*, else an InputError."""
    if value != int(value) or not low <= value <= high:
        raise InputError(f"{what} is {value:g}; give a whole number from {low} to {high}")
    return int(value)


def _items(n: int) -> int:
    return whole(n, "n", 2, MAX_ITEMS)


@lru_cache(maxsize=None)
def distribution(n: int) -> tuple[int, ...]:
    """How many of the 2^(n(n−1)/2) tournaments on n labelled items have
    exactly d circular triads, for d = 0, 1, …, max_triads(n).

    N.C. = C(n,3) − Σ_i C(s_i, 2), where s_i is the number of items that item i
    beats (Kendall & Babington Smith 1940), so it suffices to count tournaments
    by Σ C(s_i, 2).  Items are settled one at a time: the items not yet settled
    are interchangeable except for the wins they already hold, so the state is
    the sorted tuple of those partial scores, carrying a polynomial in
    Σ C(s, 2) over the items already settled.  The polynomial is packed into
    one Python integer (coefficient d in bits [w·d, w·(d+1)), w wider than any
    count), so shifting and adding whole polynomials is native big-integer
    arithmetic.  About 2^n states; n = 12 takes a tenth of a second, n = 15 a
    few seconds, once per process.
    """
    n = _items(n)
    games = n * (n - 1) // 2
    width = 8 * (games // 8 + 1)
    states: dict[tuple[int, ...], int] = {(0,) * n: 1}
    for _ in range(n):
        settled: dict[tuple[int, ...], int] = defaultdict(int)
        for scores, poly in states.items():
            first, rest = scores[0], scores[1:]
            # the item being settled beats b of the m items in each score class
            choices: list[tuple[tuple[int, ...], int, int]] = [((), 0, 1)]
            for score, group in itertools.groupby(rest):
                m = len(list(group))
                choices = [(kept + (score,) * b + (score + 1,) * (m - b), wins + b,
                            ways * math.comb(m, b))
                           for kept, wins, ways in choices for b in range(m + 1)]
            for kept, wins, ways in choices:
                settled[tuple(sorted(kept))] += (poly * ways) << (width * math.comb(first + wins, 2))
        states = settled
    (packed,) = states.values()
    step = width // 8
    raw = packed.to_bytes(step * (math.comb(n, 3) + 1), "little")
    by_sum = [int.from_bytes(raw[step * a: step * (a + 1)], "little")
              for a in range(math.comb(n, 3) + 1)]
    # Σ C(s_i, 2) = C(n,3) − d
    return tuple(by_sum[math.comb(n, 3) - d] for d in range(max_triads(n) + 1))


def p_value(nc: int, n: int) -> float:
    """P(N.C. ≤ nc) when every judgment is random (fair coin per pair).

    >>> p_value(0, 5)
    0.1171875
    """
    n = _items(n)
    nc = whole(nc, "count", 0, max_triads(n))
    if n < 3:
        return 1.0
    counts = distribution(n)
    return sum(counts[: nc + 1]) / 2 ** (n * (n - 1) // 2)


def limit(n: int, alpha: float = DEFAULT_ALPHA, table: Table | None = None) -> int:
    """The largest N.C. still accepted at risk *alpha* (default 0.05).

    ``published`` — the paper's 表3, n = 3…9, alpha 0.05 or 0.10 — is the
    default for n ≤ 9; ``exact`` — the largest d with P(N.C. ≤ d) ≤ alpha — for
    larger n.  With too few items even N.C. = 0 is not significant under the
    exact test (P(N.C. = 0) > alpha); the limit is then −1: no count passes.
    The published table is more lenient than the exact one for n = 5, 6 (and 7
    at 0.10) and gives 0 for n = 3, 4.
    """
    n = _items(n)
    if not 0 < alpha < 1:
        raise InputError(f"alpha is {alpha:g}; a risk level lies between 0 and 1")
    if table is None:
        table = "published" if n <= max(PUBLISHED_TRIAD_LIMITS[DEFAULT_ALPHA]) else "exact"
    option(table, TABLES, "table")
    if n < 3:
        return 0
    if table == "published":
        level = next((a for a in PUBLISHED_TRIAD_LIMITS if math.isclose(a, alpha)), None)
        if level is None:
            raise InputError(f"the published table (表3) has alpha 0.05 and 0.10 only, "
                             f"not {alpha:g}; use table \"exact\"")
        if n not in PUBLISHED_TRIAD_LIMITS[level]:
            raise InputError(f"the published table (表3) covers n = 3…9, not {n}; "
                             "use table \"exact\"")
        return PUBLISHED_TRIAD_LIMITS[level][n]
    total = 2 ** (n * (n - 1) // 2)
    cumulative = itertools.accumulate(distribution(n))
    return sum(1 for c in cumulative if c <= alpha * total) - 1
