"""倒産指数 — the bankruptcy index of 現代会計カンファレンス編 (1997), simple or AHP-weighted.

Source: Iida & Torii (2011) §4, quoting 現代会計カンファレンス編「倒産指数」(1997, ref.
[9]) and 木下 (1998, ref. [7]), who weights the five components by AHP instead of
taking their simple mean.  Each component reads as "times covered": 1.0 or more is
healthy, 1.0 前後 a grey zone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlahp.errors import InputError
from xlahp.core.finance.indicators import Indicator, compute
from xlahp.core.finance.items import EQUITY
from xlahp.core.weights import nonnegative

#: The five components of the 倒産指数 (現代会計カンファレンス編 1997, quoted in
#: the paper §4): 収益力 = 売上高/(営業費用+支払利息), 支払い能力 = 流動資本/負債,
#: 活力 = 売上高/総資本, 持久力 = 自己資本/負債, 成長力 = 自己資本/(自己資本 −
#: 当期純利益), with 流動資本 = 流動資産, 負債 = 総負債, 総資本 = 総資産.  Each is
#: a plain ratio (倍) whose denominator must be positive.
BANKRUPTCY_COMPONENTS: tuple[Indicator, ...] = tuple(
    Indicator(name, en, "倒産指数", "倍", 1, "ratio", num, den) for name, en, num, den in (
        ("収益力", "Earning power", "売上高", "営業費用 + 支払利息"),
        ("支払い能力", "Ability to pay", "流動資産", "総負債"),
        ("活力", "Vitality", "売上高", "総資産"),
        ("持久力", "Endurance", "自己資本", "総負債"),
        ("成長力", "Growth", "自己資本", "自己資本 − 当期純利益"),
    ))
COMPONENT_NAMES = tuple(c.name for c in BANKRUPTCY_COMPONENTS)

#: The threshold of every component and of the index: 1.0 or more is healthy ([9]).
HEALTHY = 1.0
#: Half-width of the grey zone around 1.0: xlahp's choice, not the source's.
GREY_BAND = 0.1


def _component(c: Indicator, values: Mapping[str, float]) -> float:
    """One 倒産指数 component of current-year figures.

    持久力 = 自己資本/負債 and 成長力 = 自己資本/(自己資本 − 当期純利益) compare
    this year's equity with the debt and with last year's equity; the index
    reads every component as "times covered", 1.0 = healthy.  With 自己資本 ≤ 0
    (債務超過) neither reading holds — a shrinking negative equity would even
    show as growth above 1 — so, as for ROE and 負債比率, they are not defined.
    """
    equity = values.get(EQUITY)
    if EQUITY in c.current and equity is not None and equity <= 0:
        raise InputError(f"{c.name}: {EQUITY} is {equity:,.10g} (債務超過, negative equity); "
                         f"{c.name} and the 倒産指数 are not defined for it")
    return compute(c, values, {}, ("current", "previous"))


def bankruptcy_component(name: str, current: Mapping[str, float]) -> float:
    """One component of the 倒産指数 by its name (収益力 … 成長力) from one year's figures."""
    found = next((c for c in BANKRUPTCY_COMPONENTS if c.name == name), None)
    if found is None:
        raise InputError(f"unknown 倒産指数 component {name!r}; use one of "
                         f"{', '.join(COMPONENT_NAMES)}")
    return _component(found, current)


@dataclass(frozen=True)
class BankruptcyIndex:
    """The five components (by name, in order), the weights used (sum 1), the index, and
    the components under 1.0 — the ones that pull it down — largest pull first."""

    components: dict[str, float]
    weights: tuple[float, ...]
    index: float

    @property
    def below(self) -> tuple[str, ...]:
        """Components under 1.0, ordered by their weighted shortfall w·(1 − value)."""
        pulls = {name: w * (HEALTHY - v) for (name, v), w in
                 zip(self.components.items(), self.weights) if v < HEALTHY}
        return tuple(sorted(pulls, key=lambda name: -pulls[name]))


def bankruptcy_index(current: Mapping[str, float],
                     weights: Sequence[float | None] | None = None) -> BankruptcyIndex:
    """倒産指数 of one year's figures.

    Without weights the simple mean of the five components ([9]); with five
    AHP weights (≥ 0, renormalised to sum 1) the weighted mean (木下 [7]), e.g.
    0.20 収益力 + 0.15 支払い能力 + 0.30 活力 + 0.10 持久力 + 0.25 成長力 (§4).
    """
    if weights is None:
        weights = [1.0] * len(COMPONENT_NAMES)
    elif len(weights) != len(COMPONENT_NAMES):
        raise InputError(f"weights has {len(weights)} values; the 倒産指数 needs 5 "
                         f"({', '.join(COMPONENT_NAMES)})")
    w = nonnegative(weights, "weights", "component",
                    [f"weight {name}" for name in COMPONENT_NAMES])
    parts = {c.name: _component(c, current) for c in BANKRUPTCY_COMPONENTS}
    total = math.fsum(w)
    return BankruptcyIndex(
        components=parts,
        weights=tuple(float(x / total) for x in w),
        index=math.fsum(x * v for x, v in zip(w, parts.values())) / total,
    )


def bankruptcy_verdict(index: float, band: float = GREY_BAND) -> str:
    """健全 if index ≥ 1 + band, 不健全 if index < 1 − band, else グレーゾーン.

    The paper (§4) only says ≥ 1.0 is healthy, below is not, and "1.0 前後は
    グレーゾーン"; the half-width 0.1 of the grey zone is xlahp's choice, not
    the source's.  ``band=0`` gives the source's plain two-way verdict.
    """
    if not (isinstance(band, (int, float)) and not isinstance(band, bool) and 0 <= band < 1):
        raise InputError(f"band is {band!r}; it must be a number from 0 up to (not incl.) 1")
    if index >= HEALTHY + band:
        return "健全 healthy"
    if index < HEALTHY - band:
        return "不健全 unhealthy"
    return "グレーゾーン grey zone"
