"""財務指標 — the paper's candidate indicators per criterion, computed from figures.

Source: Iida & Torii (2011), §4 手順3: the candidates per criterion (①会社の財産 …
⑤成長力) and the five the paper uses (:data:`PAPER_INDICATORS`).  Conventions (the
standard Japanese textbook definitions, docs/method.md §4):

* A ratio's denominator must be positive; zero or negative is an error
  naming the indicator and the item (ROE or 負債比率 of a company with
  negative equity, 債務超過, or PER and 配当性向 of a loss year are not
  defined — Japanese reports print "－" for them).
* Growth rates divide by the absolute value of the base,
  (x − x₀) / |x₀| × 100 (:func:`growth_rate`).
* Amounts are in the statement's unit (百万円); % indicators are × 100.

Figures are mappings item key → float for one period; reading them from cells is
the worksheet layer's (:mod:`xlahp.sheet.readers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from xlahp.errors import InputError
from xlahp.core.finance.items import EQUITY, ITEM_EN, ITEMS
from xlahp.core.finance.statement import BASE_PERIOD, PERIODS, Statement
from xlahp.core.paper import CRITERIA

# ---------------------------------------------------------------- indicators

_OPERATOR = re.compile(r" ([+−×]) ")


def terms(expression: str) -> list[str]:
    """A formula of items split into item, operator, item, …: ``"A + B"`` →
    ``["A", "+", "B"]`` (operators +, − and ×)."""
    return _OPERATOR.split(expression)


def _items_of(expression: str) -> tuple[str, ...]:
    return tuple(terms(expression)[::2])


def _evaluate(expression: str, values: Mapping[str, float], period: str) -> float:
    """Value of ``"A"``, ``"A + B"``, ``"A − B"`` or ``"A × B"`` (× binds first)."""
    def get(item: str) -> float:
        if item not in values:
            raise InputError(f"{item} ({ITEM_EN[item]}) is missing for the {period} year")
        return values[item]

    parts = terms(expression)
    total, sign, term = 0.0, 1.0, get(parts[0])
    for op, item in zip(parts[1::2], parts[2::2]):
        if op == "×":
            term *= get(item)
        else:
            total, sign, term = total + sign * term, (1.0 if op == "+" else -1.0), get(item)
    return total + sign * term


def growth_rate(value: float, base: float, base_name: str = "base") -> float:
    """Growth rate in %: (value − base) / |base| × 100.

    The paper writes (当期純利益 − 前期純利益) / 前期純利益 × 100 (§4 手順3), but
    prints 86.4 % for A社's net loss shrinking from −787,337 to −106,961 and
    287.0 % for the target 200,000 against −106,961.  Only dividing by |base|
    gives both: with a negative base the plain formula flips the sign of an
    improvement (−86.4 %).  For a positive base both formulas agree.  A zero
    base has no growth rate and is an error.
    """
    if base == 0:
        raise InputError(f"{base_name} is 0; a growth rate needs a non-zero base")
    return (value - base) / abs(base) * 100


@dataclass(frozen=True)
class Indicator:
    """One financial indicator.

    ``kind`` is ``amount`` (the item ``num`` itself), ``ratio`` (``num`` ÷ ``den``,
    × 100 when ``unit`` is %) or ``growth`` (:func:`growth_rate` of item ``num``
    against the previous year).  ``num`` and ``den`` are item expressions such
    as ``"自己資本 + 固定負債"``; ``direction`` is +1 if higher is better, −1 if
    lower is better; ``criterion`` is the group it belongs to.
    """

    name: str
    en: str
    criterion: str
    unit: str
    direction: int
    kind: str
    num: str
    den: str = ""
    aliases: tuple[str, ...] = ()
    #: For a rate that can be ≤ 0 or is a rate of change (margins, ROE, ROA, growth):
    #: the item behind it whose progress from the base period to the target scores the
    #: indicator in the value index (docs/method.md §6); "" for a level indicator,
    #: scored by its capped ratio to the target.
    level: str = ""

    @property
    def formula(self) -> str:
        """The formula as text, for documentation and the workbooks."""
        if self.kind == "amount":
            return self.num
        if self.kind == "growth":
            return f"({self.num} − 前期の{self.num}) ÷ |前期の{self.num}| × 100"
        den = f"({self.den})" if _OPERATOR.search(self.den) else self.den
        return f"{self.num} ÷ {den}" + (" × 100" if self.unit == "%" else "")

    @property
    def current(self) -> tuple[str, ...]:
        """Items needed from the current year."""
        return tuple(dict.fromkeys(_items_of(self.num) + (_items_of(self.den) if self.den else ())))

    @property
    def previous(self) -> tuple[str, ...]:
        """Items needed from the previous year."""
        return (self.num,) if self.kind == "growth" else ()


def compute(ind: Indicator, values: Mapping[str, float], base: Mapping[str, float],
            periods: tuple[str, str]) -> float:
    """``ind`` for the period ``values``; ``base`` is the year before (for growth)."""
    try:
        x = _evaluate(ind.num, values, periods[0])
        if ind.kind == "amount":
            return x
        if ind.kind == "growth":
            x0 = _evaluate(ind.num, base, periods[1])
            return growth_rate(x, x0, f"{periods[1]}-year {ind.num}")
        d = _evaluate(ind.den, values, periods[0])
        if d <= 0:
            insolvent = " (債務超過, negative equity)" if ind.den == EQUITY else ""
            raise InputError(f"{ind.den} is {d:,.10g}{insolvent}; the ratio needs a positive "
                             f"{ind.den}")
        return x / d * (100 if ind.unit == "%" else 1)
    except InputError as e:
        raise InputError(f"{ind.name}: {e}") from None


def _amount(key: str, criterion: str) -> Indicator:
    item = next(i for i in ITEMS if i.key == key)
    return Indicator(key, item.en, criterion, "円", 1, "amount", key, aliases=item.aliases)


_P, _R, _S, _E, _G = CRITERIA  # 会社の財産, 収益性, 安定性, 効率性, 成長力

#: Every candidate of §4 手順3, in the paper's order.  Directions: stability
#: ratios with fixed assets or debt on top (固定比率, 長期固定適合率, 負債比率)
#: are lower-is-better; all others higher-is-better.  PER and PBR are listed
#: by the paper under 成長力: a higher multiple is the market pricing in more
#: growth, so +1 from the company's side (an investor hunting cheap stocks
#: reads them the other way — pass −1 to VALUE_INDEX then).  配当性向 +1 as
#: shareholder return; a company retaining for growth may choose −1.
INDICATORS: dict[str, Indicator] = {ind.name: ind for ind in (
    _amount("売上高", _P),
    _amount("営業収益", _P),
    _amount("資本金", _P),
    _amount("有形固定資産", _P),
    Indicator("ROE", "Return on equity", _R, "%", 1, "ratio", "当期純利益", "自己資本",
              ("自己資本利益率", "自己資本当期純利益率"), level="当期純利益"),
    # The paper: "ROAは当期純利益を総資産で割る" (§4 手順3).
    Indicator("ROA", "Return on assets", _R, "%", 1, "ratio", "当期純利益", "総資産",
              ("総資産利益率", "総資本利益率", "総資産当期純利益率"), level="当期純利益"),
    Indicator("売上高営業利益率", "Operating margin", _R, "%", 1, "ratio", "営業利益", "売上高",
              ("営業利益率", "Operating profit margin"), level="営業利益"),
    Indicator("売上高純利益率", "Net profit margin", _R, "%", 1, "ratio", "当期純利益", "売上高",
              ("売上高当期純利益率", "純利益率", "Net margin"), level="当期純利益"),
    Indicator("流動比率", "Current ratio", _S, "%", 1, "ratio", "流動資産", "流動負債"),
    Indicator("固定比率", "Fixed assets to equity ratio", _S, "%", -1, "ratio",
              "固定資産", "自己資本", ("Fixed ratio",)),
    Indicator("長期固定適合率", "Fixed assets to long-term capital ratio", _S, "%", -1, "ratio",
              "固定資産", "自己資本 + 固定負債", ("固定長期適合率",)),
    Indicator("株主資本比率", "Shareholders' equity ratio", _S, "%", 1, "ratio",
              "株主資本", "総資産"),
    Indicator("負債比率", "Debt to equity ratio", _S, "%", -1, "ratio", "総負債", "自己資本",
              ("Liabilities to equity ratio",)),
    Indicator("総資本回転率", "Total asset turnover", _E, "回", 1, "ratio", "売上高", "総資産",
              ("総資産回転率", "Asset turnover")),
    Indicator("固定資産回転率", "Fixed asset turnover", _E, "回", 1, "ratio", "売上高", "固定資産"),
    Indicator("売上成長率", "Sales growth rate", _G, "%", 1, "growth", "売上高",
              aliases=("売上高成長率", "売上高伸び率", "増収率", "Sales growth"), level="売上高"),
    Indicator("利益成長率", "Net income growth rate", _G, "%", 1, "growth", "当期純利益",
              aliases=("純利益成長率", "当期純利益成長率", "Profit growth rate"),
              level="当期純利益"),
    Indicator("配当性向", "Dividend payout ratio", _G, "%", 1, "ratio", "配当金総額", "当期純利益",
              ("Payout ratio",)),
    Indicator("配当利回り", "Dividend yield", _G, "%", 1, "ratio", "配当金総額",
              "発行済株式数 × 株価"),
    Indicator("PBR", "Price to book ratio", _G, "倍", 1, "ratio", "株価 × 発行済株式数", "自己資本",
              ("株価純資産倍率",)),
    Indicator("PER", "Price earnings ratio", _G, "倍", 1, "ratio", "株価 × 発行済株式数", "当期純利益",
              ("株価収益率", "P/E ratio")),
)}

#: The paper's choice, one per criterion in the order of CRITERIA (§4 手順3).
PAPER_INDICATORS: tuple[str, ...] = ("売上高", "売上高純利益率", "負債比率", "総資本回転率", "利益成長率")


def lookup(name: str) -> Indicator:
    """The indicator of that exact name (:data:`INDICATORS`); unknown is an error."""
    found = INDICATORS.get(name) if isinstance(name, str) else None
    if found is None:
        raise InputError(f"unknown indicator {name!r}; use one of {', '.join(INDICATORS)}")
    return found


def _figures(values: Mapping[str, float] | None, period: str) -> Mapping[str, float]:
    values = values or {}
    unknown = [k for k in values if k not in ITEM_EN]
    if unknown:
        raise InputError(f"{period}-year figures name unknown items ({', '.join(unknown)}); "
                         f"use {', '.join(ITEM_EN)}")
    return values


def indicator(name: str, current: Mapping[str, float],
              previous: Mapping[str, float] | None = None) -> float:
    """One indicator from statement figures (item → value, per period).

    >>> round(indicator("売上高純利益率", {"売上高": 8968546, "当期純利益": -106961}), 1)
    -1.2
    """
    return compute(lookup(name), _figures(current, "current"), _figures(previous, "previous"),
                   ("current", "previous"))


def statement_indicator(name: str, statement: Statement, period: str = "current") -> float:
    """An indicator of one period (current, previous or target) of a statement; growth
    compares with :data:`BASE_PERIOD` (the target year with the current one)."""
    if period not in PERIODS:
        raise InputError(f"period {period!r} is not current, previous or target (当期/前期/目標)")
    base = BASE_PERIOD[period]
    return compute(lookup(name), statement.period(period),
                   statement.period(base) if base else {},
                   (period, base or f"year before the {period}"))
