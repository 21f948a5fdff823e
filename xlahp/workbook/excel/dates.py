"""DATE, EDATE, EOMONTH, YEAR, MONTH, DAY: Excel's calendar, its bounds and arrays.

Microsoft, "DATE function" (support.microsoft.com/office/e36c0c8c-4104-49da-ab83-82328b832349):
a year from 0 to 1899 is added to 1900, one below 0 or from 10000 is #NUM!; a month
or day beyond its range carries into the next (DATE(2022,13,1) is 1 January 2023).
The year is checked after the months carry (IronCalc's ``DATE_AND_TIME/DATE.xlsx``:
DATE(9999,13,-1) is #NUM!), and a date before 1900-01-00 is #NUM! (DATE(0,0,1)).
"EDATE function" (…/3c920eb2-6e66-44e7-a1f5-753ae47ee4f5), "EOMONTH function"
(…/7314ffa1-2bc9-4005-9d66-f49db127d628): ``months`` is truncated; a start date or a
result that is not a valid date is #NUM!; TRUE or FALSE as ``months`` is #VALUE!
(``EOMONTH.xlsx`` C11).  "YEAR function" (…/c64f017a-1354-490d-981f-578e8ec8d3b9): a
serial is any date from 0 to 2958465 (31 December 9999), text that reads as a date
included.

Each applies element by element to arrays (``DATE(A2:A6,1,1)``, ``YEAR({45000,46000})``:
``DATE.xlsx`` sheet ``Arrays``, ``LOGICAL/IF_ARRAY.xlsx`` Sheet2), where
``formualizer`` 0.13 gives #VALUE!, and it accepts DATE(10000,1,1) and dates before 1900.
"""

from __future__ import annotations

import calendar
from typing import Any

from xlahp.workbook.excel.values import ExcelErrorValue, check, first, lift, number, serial, ymd

#: 31 December 9999, Excel's last date.
LAST = 2958465


def _whole(value: Any) -> int:
    return int(number(value))


def date(year: Any, month: Any, day: Any) -> float:
    """DATE(year, month, day) of one-value arguments."""
    y, m, d = _whole(year), _whole(month), _whole(day)
    if y < 0 or y >= 10000:
        raise ExcelErrorValue("Num")
    if y < 1900:
        y += 1900
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    if y >= 10000 or y < 1900:
        raise ExcelErrorValue("Num")
    result = serial(y, m, 1) + d - 1
    if result < 0 or result > LAST:
        raise ExcelErrorValue("Num")
    return result


def _date_serial(value: Any) -> int:
    """A date argument: a serial from 0 to 31 December 9999, else #NUM!."""
    whole = _whole(value)
    if whole < 0 or whole > LAST:
        raise ExcelErrorValue("Num")
    return whole


def _months(value: Any) -> int:
    value = check(first(value))
    if isinstance(value, bool):
        raise ExcelErrorValue("Value")
    return int(number(value))


def _shifted(start: Any, months: Any, end_of_month: bool) -> float:
    y, m, d = ymd(_date_serial(start))
    if (y, m, d) == (1900, 1, 0):
        m, d = 1, 0
    total = y * 12 + (m - 1) + _months(months)
    y, m = divmod(total, 12)
    m += 1
    if y < 1900 or y > 9999:
        raise ExcelErrorValue("Num")
    last = 29 if (y, m) == (1900, 2) else calendar.monthrange(y, m)[1]
    return serial(y, m, 1) + (last if end_of_month else min(max(d, 1), last)) - 1


def edate(start: Any, months: Any) -> float:
    """EDATE(start_date, months)."""
    return _shifted(start, months, False)


def eomonth(start: Any, months: Any) -> float:
    """EOMONTH(start_date, months)."""
    return _shifted(start, months, True)


def _part(index: int):
    def part(value: Any) -> float:
        return float(ymd(_date_serial(value))[index])
    return part


def _lifted(func):
    return lambda *args: lift(func, *args)


#: name → (function, least and most arguments)
OVERRIDES = {
    "DATE": (_lifted(date), 3, 3),
    "EDATE": (_lifted(edate), 2, 2),
    "EOMONTH": (_lifted(eomonth), 2, 2),
    "YEAR": (_lifted(_part(0)), 1, 1),
    "MONTH": (_lifted(_part(1)), 1, 1),
    "DAY": (_lifted(_part(2)), 1, 1),
}
