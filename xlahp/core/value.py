"""企業価値 — the weighted comparison of current figures with targets (docs/method.md §6).

Iida & Torii (2011, §4 手順3) compare each chosen indicator's current value
with the company's own target (中期計画) and leave the weighted combination
open "because of units" (§5).  xlahp combines unit-free achievement ratios::

    r_i = actual_i / target_i        higher-is-better indicator (direction +1)
    r_i = target_i / actual_i        lower-is-better indicator  (direction −1)

    VALUE_INDEX = Σ w_i r_i / Σ w_i  over the indicators that have a target

so the AHP weights are renormalised over the indicators with a target, and
the share of the weight they carry (coverage) is reported with the index.
1.0 means "on target", like the 1.0 threshold of the 倒産指数.

Any benchmark can stand in for the target — an industry average or an
expert's value, the alternatives the paper suggests in §5 — the arithmetic
is the same; only the reading changes (1.0 = "on a par with the benchmark").
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from xlahp.errors import XlahpError

# Direction words, compared after NFKC, casefolding and dropping spaces.
_HIGHER = {"1", "+1", "+", "higher", "high", "高いほど良い", "高いほどよい", "高い", "高"}
_LOWER = {"-1", "-", "lower", "low", "低いほど良い", "低いほどよい", "低い", "低"}


def _number(value: object, what: str) -> float | None:
    """A finite real number as float; None stays None (a blank cell)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise XlahpError(f"{what} is {value!r}; it must be a number")
    x = float(value)
    if not math.isfinite(x):
        raise XlahpError(f"{what} is {value!r}; it must be a finite number")
    return x


def check_weights(weights: Sequence[object], names: Sequence[str] | None = None) -> list[float]:
    """Validate AHP weights: numbers ≥ 0, not all 0.  Returned as floats scaled to a
    largest weight of 1 (weights are scale-free; sums can then never overflow).

    ``names`` label the weights in messages (default "weight 1", "weight 2", …).
    """
    labels = names or [f"{i + 1}" for i in range(len(weights))]
    out = []
    for label, w in zip(labels, weights):
        if w is None:
            raise XlahpError(f"weight {label} is blank; every indicator needs a weight ≥ 0")
        if isinstance(w, bool) or not isinstance(w, numbers.Real) or not 0 <= w < math.inf:
            raise XlahpError(f"weight {label} is {w!r}; every weight must be a number ≥ 0")
        out.append(float(w))
    if not out or max(out) == 0:
        raise XlahpError("weights are all 0 (or none given); at least one must be positive")
    top = max(out)
    return [x / top for x in out]


def parse_direction(value: object) -> int:
    """+1 (higher is better) or −1 (lower is better) from a cell.

    Accepted: the numbers 1 and −1; the texts ``1``/``+1``/``+``/``higher``/
    ``high``/``高いほど良い``/``高い``/``高`` and ``-1``/``-``/``lower``/
    ``low``/``低いほど良い``/``低い``/``低`` — full-width forms, case and
    spaces do not matter (NFKC).
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value in (1, -1):
        return int(value)
    if isinstance(value, str):
        word = "".join(unicodedata.normalize("NFKC", value).casefold().split()).replace("−", "-")
        if word in _HIGHER:
            return 1
        if word in _LOWER:
            return -1
    raise XlahpError(f"direction {value!r} is not one of 1, -1, higher, lower, +, -, "
                     "高いほど良い, 低いほど良い")


def achievement_ratio(actual: float, target: float, direction: object = 1,
                      name: str = "the indicator") -> float:
    """Achievement ratio r = actual/target (direction +1) or target/actual (−1).

    Meaningless ratios are errors: a target ≤ 0 (the ratio's sign and size
    would not say "how far to the target"), and for a lower-is-better indicator
    an actual ≤ 0 (0 divides by zero; a negative 負債比率 comes from negative
    equity, 債務超過, and would read as "far better than target").  A negative
    actual of a higher-is-better indicator is kept: a sales margin of −1.2 %
    against a 1.9 % target gives r = −0.63, "below zero, far from target",
    which correctly pulls the index down.
    """
    sign = parse_direction(direction)
    a = _number(actual, f"actual for {name}")
    t = _number(target, f"target for {name}")
    if a is None or t is None:
        raise XlahpError(f"{name} needs both an actual and a target value")
    if t <= 0:
        raise XlahpError(f"target for {name} is {t:g}; a ratio needs a positive target")
    if sign < 0 and a <= 0:
        raise XlahpError(f"actual for {name} is {a:g}; a lower-is-better ratio "
                         "(target/actual) needs a positive actual")
    ratio = a / t if sign > 0 else t / a
    if not math.isfinite(ratio):
        raise XlahpError(f"the ratio for {name} overflows ({a:g} against {t:g})")
    return ratio


@dataclass(frozen=True)
class ValueIndex:
    """VALUE_INDEX and its parts, one entry per indicator (None where no target).

    ``weights`` are the weights renormalised over the indicators with a target,
    ``contributions`` are weight × ratio (VALUE_CONTRIB; they add up to
    ``index`` up to rounding), ``coverage`` is the share of the original weight that has a
    target and ``count`` how many indicators have one.
    """

    index: float
    ratios: tuple[float | None, ...]
    weights: tuple[float | None, ...]
    contributions: tuple[float | None, ...]
    coverage: float
    count: int


def value_index(weights: Sequence[object], actual: Sequence[object], target: Sequence[object],
                directions: object = None, names: Sequence[str] | None = None) -> ValueIndex:
    """VALUE_INDEX = Σ w_i r_i / Σ w_i over the indicators with a target (docs/method.md §6).

    ``weights`` are AHP weights (≥ 0, any scale); ``actual`` and ``target`` the
    indicator values, None for a blank: an indicator without a target is
    skipped, one with a target needs an actual.  ``directions`` is one
    direction for all, or one per indicator (see :func:`parse_direction`;
    blank is allowed only where there is no target); None means all +1.
    ``names`` label the indicators in messages.

    Example — the paper's A社 (§4): weights 図10, targets for 売上高,
    売上高純利益率 and 利益成長率 only → coverage 0.799, count 3.
    """
    n = len(weights)
    sizes = {"weights": n, "actual": len(actual), "target": len(target)}
    scalar_direction = directions is None or isinstance(directions, (str, numbers.Real))
    if not scalar_direction:
        sizes["directions"] = len(directions)
    if names is not None:
        sizes["names"] = len(names)
    if len(set(sizes.values())) > 1:
        listed = ", ".join(f"{k} {v}" for k, v in sizes.items())
        raise XlahpError(f"lengths differ ({listed}); give one value per indicator")
    labels = list(names) if names is not None else [f"indicator {i + 1}" for i in range(n)]
    w = check_weights(weights, names)
    if scalar_direction:
        dirs = [1 if directions is None else directions] * n
    else:
        dirs = list(directions)

    ratios: list[float | None] = []
    for label, a, t, d in zip(labels, actual, target, dirs):
        blank_direction = d is None or (isinstance(d, str) and not d.strip())
        if not blank_direction:
            parse_direction(d)  # a typo is reported even where there is no target
        if _number(t, f"target for {label}") is None:
            ratios.append(None)
        elif blank_direction:
            raise XlahpError(f"direction for {label} is blank but it has a target")
        elif _number(a, f"actual for {label}") is None:
            raise XlahpError(f"actual for {label} is blank but it has a target")
        else:
            ratios.append(achievement_ratio(a, t, d, label))

    covered = [i for i, r in enumerate(ratios) if r is not None]
    if not covered:
        raise XlahpError("no indicator has a target; give at least one target")
    covered_weight = math.fsum(w[i] for i in covered)
    if covered_weight == 0:
        raise XlahpError("the indicators with a target all have weight 0")
    index = math.fsum(w[i] * ratios[i] for i in covered) / covered_weight
    new_w = [w[i] / covered_weight if r is not None else None for i, r in enumerate(ratios)]
    return ValueIndex(
        index=index,
        ratios=tuple(ratios),
        weights=tuple(new_w),
        contributions=tuple(None if r is None else nw * r for nw, r in zip(new_w, ratios)),
        coverage=covered_weight / math.fsum(w),
        count=len(covered),
    )
