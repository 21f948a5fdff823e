"""企業価値 — the weighted achievement of the indicators against their targets (docs/method.md §6).

Iida & Torii (2011, §4 手順3) compare each chosen indicator's current value with the
company's own target (中期計画) and leave the weighted combination open "because of
units" (§5).  xlahp combines unit-free, bounded **achievement scores** s_i::

    VALUE_INDEX = Σ w_i s_i / Σ w_i    over the indicators that have a score

so the AHP weights are renormalised over the indicators scored, and the share of the
weight they carry (coverage) is reported with the index.  1.0 means "on target",
like the 1.0 threshold of the 倒産指数.  The scores (:data:`METHODS`):

``ratio``
    actual/target, or target/actual when lower is better, bounded to [0, cap] — the
    score of a level (売上高, 負債比率, 総資本回転率 …; for a rate that can be ≤ 0 or is
    a rate of change — margins, ROE, ROA, growth rates — the level behind it, e.g.
    当期純利益, :attr:`~xlahp.core.finance.Indicator.level`): a ratio of two growth
    rates or margins is no achievement measure;
``progress``
    the way from the base period to the target, ``1 + d·(actual − target)/|target −
    base|`` — 0 at the base, 1 on target — bounded to [0, cap]: defined whatever the
    signs, so a loss moving towards a profit target is scored too;
``auto`` (default)
    the ratio where actual, target (and the base, when given) are all positive — so
    that two periods of similar figures give similar scores — else progress from the
    base (a loss, a sign change), which needs a base;
``rating``
    AHP absolute measurement: the achievement (as ``auto`` measures it) falls in one
    of the levels of a :class:`RatingScale`, whose priorities come from a pairwise
    comparison of the levels; the score is the level's priority over the priority of
    the level that holds 1.0 — unit-free by construction.

Every score is bounded (:data:`~xlahp.core.literature.SCORE_CAP`) and carries flags
(:data:`FLAGS`): a score that was capped or floored, could not be defined, rests on a
near-zero gap, or follows a change of sign makes the index 参考値 (provisional); only
an index whose every score is ordinary — and whose view passed its checks, on figures
in one unit — is 確定 (the worksheet's VALUE_STANDING, :mod:`xlahp.sheet.checks`).

Any benchmark can stand in for the target — an industry average or an expert's value,
the alternatives the paper suggests in §5 — the arithmetic is the same; only the
reading changes (1.0 = "on a par with the benchmark").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from xlahp.errors import InputError
from xlahp.core.literature import NEAR_ZERO, SCORE_CAP, SCORE_CAP_RANGE, SCORE_FLOOR
from xlahp.core.weights import nonnegative, option

Method = Literal["auto", "ratio", "progress", "rating"]
METHODS: tuple[Method, ...] = ("auto", "ratio", "progress", "rating")
Measure = Literal["ratio", "progress"]
#: What can make a score other than ordinary (the index is then 参考値).
Flag = Literal["capped", "floored", "undefined", "near-zero", "sign-change"]
FLAGS: tuple[Flag, ...] = ("capped", "floored", "undefined", "near-zero", "sign-change")


@dataclass(frozen=True)
class RatingScale:
    """Achievement levels for ``rating`` scores: (name, lower bound, priority), the
    lower bound an achievement (1.0 = on target; None for the lowest level, which takes
    everything below the next), the priority from a pairwise comparison of the levels.
    """

    levels: tuple[tuple[str, float | None, float], ...]

    def __post_init__(self) -> None:
        if len(self.levels) < 2:
            raise InputError("scale has fewer than 2 levels; give each level a name, the "
                             "achievement it starts at and its priority")
        names = [name for name, _, _ in self.levels]
        if len(set(names)) < len(names):
            raise InputError("scale repeats a level name")
        bounds = [b for _, b, _ in self.levels if b is not None]
        if len(bounds) != len(self.levels) - 1:
            raise InputError("scale needs a lower bound for every level but the lowest "
                             "(leave only the lowest level's bound blank)")
        if len(set(bounds)) < len(bounds):
            raise InputError("scale has two levels starting at the same achievement")
        for name, _, priority in self.levels:
            if not priority > 0:
                raise InputError(f"scale level {name!r} has priority {priority:g}; "
                                 "priorities are positive")
        if min(bounds) > 1.0:
            raise InputError("scale has no level for on-target achievement that starts at or "
                             "below 1.0: the lowest level would hold on-target and below-target "
                             "alike")

    def _ordered(self) -> list[tuple[str, float, float]]:
        return sorted(((n, -math.inf if b is None else b, p) for n, b, p in self.levels),
                      key=lambda level: -level[1])

    def level(self, achievement: float) -> tuple[str, float]:
        """The level an achievement falls in, and its priority."""
        name, _, priority = next(lv for lv in self._ordered() if achievement >= lv[1])
        return name, priority

    @property
    def reference(self) -> float:
        """The priority of the level that holds 1.0 (on target)."""
        return self.level(1.0)[1]


@dataclass(frozen=True)
class Score:
    """One indicator's achievement score: ``value`` bounded (None where undefined),
    ``raw`` before bounding, the ``method`` used, ``flags`` (:data:`FLAGS`), ``why`` an
    undefined score is undefined, and for a rating the ``level`` it fell in."""

    value: float | None
    raw: float | None
    method: Method
    flags: tuple[Flag, ...] = ()
    why: str = ""
    level: str | None = None
    measure: Measure | None = None  # how the achievement was measured

    @property
    def ordinary(self) -> bool:
        return not self.flags


def _bounded(raw: float, method: Method, cap: float, flags: list[Flag],
             measure: Measure) -> Score:
    if raw > cap:
        flags.append("capped")
    elif raw < SCORE_FLOOR:
        flags.append("floored")
    return Score(min(cap, max(SCORE_FLOOR, raw)), raw, method, tuple(flags), measure=measure)


def measure_of(actual: float, target: float, base: float | None, method: Method) -> Measure:
    """How ``method`` measures this achievement: ``auto`` and ``rating`` take the ratio
    when actual, target and the base (if given) are all positive, progress otherwise."""
    if method in ("ratio", "progress"):
        return method
    positive = actual > 0 and target > 0 and (base is None or base > 0)
    return "ratio" if positive else "progress"


def achievement_ratio(actual: float, target: float, direction: int = 1) -> float:
    """The plain ratio actual/target (target/actual when lower is better, direction −1),
    unbounded (VALUE_RATIO).  A target ≤ 0, or a lower-is-better actual ≤ 0, has no
    ratio: an InputError.  Not an achievement score for rates that can be ≤ 0 (margins,
    growth): :func:`score` uses progress for those."""
    if target <= 0:
        raise InputError(f"target is {target:g}; a ratio needs a positive target")
    if direction < 0 and actual <= 0:
        raise InputError(f"actual is {actual:g}; a lower-is-better ratio (target/actual) "
                         "needs a positive actual")
    ratio = actual / target if direction > 0 else target / actual
    if not math.isfinite(ratio):
        raise InputError(f"the ratio overflows ({actual:g} against {target:g})")
    return ratio


def _ratio(actual: float, target: float, direction: int) -> tuple[float | None, list[Flag], str]:
    if target <= 0:
        return None, [], "target ≤ 0 (a ratio needs a positive target)"
    if direction < 0 and actual <= 0:
        return None, [], "actual ≤ 0 (target/actual needs a positive actual)"
    raw = actual / target if direction > 0 else target / actual
    flags: list[Flag] = ["near-zero"] if abs(raw) > 1 / NEAR_ZERO else []
    return raw, flags, ""


def _progress(actual: float, target: float, base: float | None,
              direction: int) -> tuple[float | None, list[Flag], str]:
    if base is None:
        return None, [], "no base-period value (前期) to measure progress from"
    gap = target - base
    if gap == 0:
        return None, [], "target equals the base period (no change planned)"
    flags: list[Flag] = []
    if abs(gap) < NEAR_ZERO * max(abs(base), abs(actual), abs(target)):
        flags.append("near-zero")
    if base * actual < 0:
        flags.append("sign-change")
    return 1 + direction * (actual - target) / abs(gap), flags, ""


def score(actual: float, target: float, direction: int = 1, method: Method = "auto",
          base: float | None = None, cap: float = SCORE_CAP,
          scale: RatingScale | None = None) -> Score:
    """The bounded achievement score of one indicator (module docstring).

    >>> score(8_968_546, 10_500_000).value                  # A社 売上高: a level
    0.8541472380952381
    >>> s = score(-106_961, 200_000, base=-787_337)         # A社 当期純利益: a loss
    >>> s.measure, round(s.value, 4), s.flags
    ('progress', 0.6891, ())
    >>> score(101.7, 11.2, method="ratio").flags            # a ratio of growth rates
    ('capped',)
    """
    option(method, METHODS, "method")
    if direction not in (1, -1):
        raise InputError(f"direction is {direction!r}; give 1 (higher is better) or -1")
    if not SCORE_CAP_RANGE[0] <= cap <= SCORE_CAP_RANGE[1]:
        raise InputError(f"cap is {cap:g}; a score's upper bound lies from "
                         f"{SCORE_CAP_RANGE[0]:g} to {SCORE_CAP_RANGE[1]:g} (1.5 = 150 %)")
    if method == "rating" and scale is None:
        raise InputError("method rating needs a scale (levels, lower bounds, priorities)")
    measure = measure_of(actual, target, base, method)
    if measure == "ratio":
        raw, flags, why = _ratio(actual, target, direction)
    else:
        raw, flags, why = _progress(actual, target, base, direction)
        if raw is None and base is None and method in ("auto", "rating"):
            which = "actual" if actual <= 0 else "target"
            why = (f"{which} {actual if which == 'actual' else target:g} is not positive, so "
                   "a ratio would mislead; progress needs a base-period value (前期)")
    if raw is None:
        return Score(None, None, method, ("undefined",), why, measure=measure)
    if method == "rating":
        name, priority = scale.level(raw)
        return Score(priority / scale.reference, raw, method, tuple(flags), level=name,
                     measure=measure)
    return _bounded(raw, method, cap, flags, measure)


@dataclass(frozen=True)
class ValueIndex:
    """VALUE_INDEX and its parts, one entry per indicator (None where no target).

    ``weights`` are the weights renormalised over the indicators scored,
    ``contributions`` are weight × score (VALUE_CONTRIB; they add up to ``index``
    up to rounding), ``coverage`` is the share of the original weight that was scored
    and ``count`` how many indicators were.
    """

    index: float
    scores: tuple[Score | None, ...]
    weights: tuple[float | None, ...]
    contributions: tuple[float | None, ...]
    coverage: float
    count: int

    @property
    def ratios(self) -> tuple[float | None, ...]:
        """Each indicator's score value (None where not scored)."""
        return tuple(None if s is None or s.value is None else s.value for s in self.scores)

    @property
    def ordinary(self) -> bool:
        """Whether every score taken is an ordinary achievement (no flags)."""
        return all(s is None or s.ordinary for s in self.scores)

    @property
    def pulls(self) -> tuple[float | None, ...]:
        """Each indicator's pull on the index away from 1.0 (on target): w·(s − 1), the
        weight renormalised; they add up to ``index − 1``.  None where not scored."""
        return tuple(None if c is None else c - w for c, w in zip(self.contributions,
                                                                   self.weights))

    def drivers(self, k: int = 3) -> tuple[list[int], list[int]]:
        """The indicators pulling the index up (above target) and down, at most *k* each,
        the strongest first."""
        pulls = [(p, i) for i, p in enumerate(self.pulls) if p is not None]
        up = [i for p, i in sorted(pulls, key=lambda x: -x[0]) if p > 0][:k]
        down = [i for p, i in sorted(pulls) if p < 0][:k]
        return up, down


def _per_indicator(value: object, n: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


def value_index(weights: Sequence[float | None], actual: Sequence[float | None],
                target: Sequence[float | None], directions: int | Sequence[int | None] = 1,
                methods: Method | Sequence[Method | None] = "auto",
                base: Sequence[float | None] | None = None, cap: float = SCORE_CAP,
                scale: RatingScale | None = None,
                names: Sequence[str] | None = None) -> ValueIndex:
    """VALUE_INDEX = Σ w_i s_i / Σ w_i over the indicators scored (docs/method.md §6).

    ``weights`` are AHP weights (≥ 0, any scale); ``actual``, ``target`` and ``base``
    (the base period, for progress) the indicator values, None for a blank: an
    indicator without a target is left out, one with a target needs an actual and a
    direction.  ``directions`` and ``methods`` are one for all or one per indicator
    (None allowed only where there is no target).  A score that is undefined leaves
    its indicator out too (its flag says why).  ``names`` label the indicators in
    messages.

    Example — the paper's A社 (§4): weights 図10, targets for 売上高 (a ratio) and for
    売上高純利益率 and 利益成長率, scored on the 当期純利益 behind them (a loss: progress
    from 前期) → coverage 0.799.
    """
    n = len(weights)
    sizes = {"weights": n, "actual": len(actual), "target": len(target)}
    for what, given in (("directions", directions), ("methods", methods), ("base", base)):
        if isinstance(given, (list, tuple)):
            sizes[what] = len(given)
    if names is not None:
        sizes["names"] = len(names)
    if len(set(sizes.values())) > 1:
        listed = ", ".join(f"{k} {v}" for k, v in sizes.items())
        raise InputError(f"lengths differ ({listed}); give one value per indicator")
    labels = list(names) if names is not None else [f"indicator {i + 1}" for i in range(n)]
    w = nonnegative(weights, "weights", "indicator",
                    [f"weight {label}" for label in (names or range(1, n + 1))])
    dirs = _per_indicator(directions, n)
    meths = _per_indicator(methods, n)
    bases = list(base) if base is not None else [None] * n

    scores: list[Score | None] = []
    for label, a, t, d, m, b in zip(labels, actual, target, dirs, meths, bases):
        if t is None:
            scores.append(None)
        elif d is None:
            raise InputError(f"direction for {label} is blank but it has a target")
        elif m is None:
            raise InputError(f"method for {label} is blank but it has a target")
        elif a is None:
            raise InputError(f"actual for {label} is blank but it has a target")
        else:
            try:
                scores.append(score(a, t, d, m, b, cap, scale))
            except InputError as error:
                raise InputError(f"{label}: {error}") from None

    scored = [i for i, s in enumerate(scores) if s is not None and s.value is not None]
    if not scored:
        if any(s is not None for s in scores):
            undefined = [f"{labels[i]} ({s.why})" for i, s in enumerate(scores) if s is not None]
            raise InputError(f"no indicator can be scored: {'; '.join(undefined)}")
        raise InputError("no indicator has a target; give at least one target")
    scored_weight = math.fsum(w[i] for i in scored)
    if scored_weight == 0:
        raise InputError("the indicators with a target all have weight 0")
    index = math.fsum(w[i] * scores[i].value for i in scored) / scored_weight
    new_w = [w[i] / scored_weight if i in scored else None for i in range(n)]
    return ValueIndex(
        index=index,
        scores=tuple(scores),
        weights=tuple(new_w),
        contributions=tuple(None if nw is None else nw * scores[i].value
                            for i, nw in enumerate(new_w)),
        coverage=scored_weight / math.fsum(w),
        count=len(scored),
    )
