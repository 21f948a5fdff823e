"""財務諸表 — a company's figures for the periods compared, in one unit.

A :class:`Statement` holds, per period (当期 current, 前期 previous, 目標 target), the
figures by item key (:mod:`.items`), already converted to :data:`~.items.UNIT`
(百万円), with the unit each column was typed in.  Growth compares each period with
its :data:`BASE_PERIOD`: the current year with the previous one and — as the paper
does, 「2010年と2012年との比較」 — the target year with the current one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlahp.core.finance.items import BY_KEY, UNIT, UNIT_SLIP

PERIODS = ("current", "previous", "target")
PERIOD_JA = {"current": "当期", "previous": "前期", "target": "目標"}
BASE_PERIOD: dict[str, str | None] = {"current": "previous", "target": "current",
                                      "previous": None}


@dataclass(frozen=True)
class UnitSlip:
    """A figure far off the same item in another column: a unit typed wrong?"""

    item: str
    period: str
    value: float
    other_period: str
    other_value: float


@dataclass(frozen=True)
class Statement:
    """Figures per period (item → value in :data:`UNIT`) and the unit each period's
    column was typed in (:data:`UNIT` where none was stated)."""

    figures: Mapping[str, Mapping[str, float]]
    units: Mapping[str, str] = field(default_factory=dict)

    def period(self, name: str) -> Mapping[str, float]:
        return self.figures.get(name, {})

    __getitem__ = period  # statement["current"]

    def unit(self, name: str) -> str:
        return self.units.get(name, UNIT)

    @property
    def empty(self) -> bool:
        return not any(self.figures.values())

    def unit_slips(self) -> list[UnitSlip]:
        """Level items (:attr:`~.items.Item.level`) that differ more than
        :data:`~.items.UNIT_SLIP`-fold between two periods, current first."""
        found = []
        for key, item in BY_KEY.items():
            if not (item.money and item.level):
                continue
            given = [(p, self.period(p)[key]) for p in PERIODS if self.period(p).get(key)]
            for k, (p, a) in enumerate(given):
                for q, b in given[k + 1:]:
                    ratio = abs(a / b)
                    if ratio > UNIT_SLIP or ratio < 1 / UNIT_SLIP:
                        found.append(UnitSlip(key, p, a, q, b))
        return found
