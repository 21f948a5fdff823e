"""財務指標 and 倒産指数 — figures of 有価証券報告書 turned into the paper's indicators.

Source: Iida & Torii (2011), §4 手順3 (the candidate indicators per criterion and the
five the paper uses) and §4 (the 倒産指数 of 現代会計カンファレンス編 1997 [9], weighted
by AHP after 木下 1998 [7]).  :mod:`.items` holds the statement items and units,
:mod:`.statement` the figures of the periods compared, :mod:`.indicators` the
indicators, :mod:`.bankruptcy` the 倒産指数.
"""

from xlahp.core.finance.bankruptcy import (BANKRUPTCY_COMPONENTS, COMPONENT_NAMES, GREY_BAND,
                                           HEALTHY, BankruptcyIndex, bankruptcy_component,
                                           bankruptcy_index, bankruptcy_verdict)
from xlahp.core.finance.indicators import (INDICATORS, PAPER_INDICATORS, Indicator, compute,
                                           growth_rate, indicator, lookup, statement_indicator,
                                           terms)
from xlahp.core.finance.items import (BY_KEY, EQUITY, ITEM_EN, ITEMS, UNIT, UNIT_EN, UNIT_SLIP,
                                      UNITS, Item)
from xlahp.core.finance.statement import (BASE_PERIOD, PERIOD_JA, PERIODS, Statement,
                                          UnitSlip)

__all__ = ["BANKRUPTCY_COMPONENTS", "COMPONENT_NAMES", "GREY_BAND", "HEALTHY", "BankruptcyIndex",
           "bankruptcy_component", "bankruptcy_index", "bankruptcy_verdict", "INDICATORS",
           "PAPER_INDICATORS", "Indicator", "compute", "growth_rate", "indicator", "lookup",
           "statement_indicator", "terms", "BY_KEY", "EQUITY", "ITEM_EN", "ITEMS", "UNIT",
           "UNIT_EN", "UNIT_SLIP", "UNITS", "Item", "BASE_PERIOD", "PERIOD_JA", "PERIODS",
           "Statement", "UnitSlip"]
