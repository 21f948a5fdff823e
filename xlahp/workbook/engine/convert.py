"""Values across the boundary: the engine's values as the file's (:data:`CellValue`), and
arguments and results of our worksheet functions in the xlwings shape.

A worksheet function is a plain callable with the xlwings contract: a range arrives as
a 2-D list of rows (None for a blank cell, error values as strings such as ``"#N/A"``),
a single cell as a scalar, an omitted trailing argument not at all.  It returns a
scalar or a 2-D list.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import formualizer as fz

from xlahp.errors import XlahpError, one_line
from xlahp.workbook.addresses import row_col
from xlahp.workbook.values import CellValue, ExcelError, Key


#: Longest text a cell holds: Excel's limit (Microsoft, "Excel specifications and
#: limits"); a longer result is #VALUE! in Excel, and so here.
MAX_TEXT = 32_767


#: The engine's error kinds → Excel's error values.  Kinds not listed (a
#: circular reference, a function the engine lacks, a cancelled evaluation)
#: are not values Excel would show: such a cell keeps Excel's value.
CODES = {"Div": "#DIV/0!", "Value": "#VALUE!", "Ref": "#REF!", "Name": "#NAME?",
         "Num": "#NUM!", "Na": "#N/A", "NA": "#N/A", "Null": "#NULL!", "Spill": "#SPILL!",
         "Calc": "#CALC!", "GettingData": "#GETTING_DATA"}
KINDS = {code: kind for kind, code in CODES.items()}
WHY_NOT = {"Circ": "a circular reference", "NImpl": "a function the engine does not implement",
           "Cancelled": "the evaluation bound was reached"}


def kind(raw: Any) -> str | None:
    """The engine's error kind of a value, or None if it is no error."""
    if isinstance(raw, dict) and raw.get("type") == "Error":
        return str(raw.get("kind"))
    if isinstance(raw, fz.ExcelError):
        return raw.kind
    return None


def cell_value(raw: Any, date1904: bool = False) -> CellValue:
    """An engine value as the cached-value writer takes it (a date as the serial number of
    the workbook's date system)."""
    error = kind(raw)
    if error is not None:
        return ExcelError(CODES.get(error, "#VALUE!"))
    if isinstance(raw, list):  # an array in one cell shows its top-left value
        while isinstance(raw, list):
            raw = raw[0] if raw else None
        return cell_value(raw, date1904)
    if isinstance(raw, str):
        return raw if len(raw) <= MAX_TEXT else ExcelError("#VALUE!")
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, (int, float)):
        number = float(raw)
        if not math.isfinite(number):
            return ExcelError("#NUM!")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if hasattr(raw, "isoformat"):  # a date or time: Excel's serial number
        return serial(raw, date1904)
    return str(raw)


def error_value(value: ExcelError) -> Any:
    """An Excel error value as the engine's."""
    return fz.LiteralValue.error(KINDS.get(value, "Value"), None)


def engine_value(book: fz.Workbook, key: Key, date1904: bool = False) -> CellValue:
    """What the engine holds for a cell, as the file's value."""
    return cell_value(book.get_value(key[0], *row_col(key[1])), date1904)


def same(a: CellValue, b: CellValue) -> bool:
    """Equal as a viewer sees them: numbers to 1e-12 relative, an error only to the same
    error, TRUE/FALSE only to themselves, a blank to empty text.

    >>> same(0.1 + 0.2, 0.3), same(None, ""), same(ExcelError("#N/A"), "#N/A"), same(1, True)
    (True, True, False, False)
    """
    def number(v: CellValue) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    if number(a) and number(b):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(a, (bool, ExcelError)) or isinstance(b, (bool, ExcelError)):
        return type(a) is type(b) and a == b
    if number(a) or number(b):
        return False
    return (a or "") == (b or "")


def show(value: CellValue) -> str:
    return "blank" if value in (None, "") else one_line(repr(value) if isinstance(value, str)
                                                        and not isinstance(value, ExcelError)
                                                        else str(value), 40)


#: Day 0 of Excel's two date systems: 1900 (serial 1 is 1900-01-01, counting the Lotus
#: 29 February 1900, so day 0 of the days after it is 1899-12-30) and 1904 (serial 0 is
#: 1904-01-01; Microsoft, "Differences between the 1900 and the 1904 date system in Excel").
EPOCHS = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}


def serial(moment: Any, date1904: bool = False) -> float:
    """A date, time or duration as Excel's serial number in the workbook's date system."""
    epoch = EPOCHS[date1904]
    if isinstance(moment, dt.datetime):
        delta = moment - epoch
    elif isinstance(moment, dt.date):
        delta = dt.datetime.combine(moment, dt.time()) - epoch
    elif isinstance(moment, dt.time):
        return (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400
    else:
        return float(moment.total_seconds()) / 86400
    return delta.days + delta.seconds / 86400


def to_argument(value: Any, date1904: bool = False) -> Any:
    """An engine argument as xlwings passes it: a scalar or a 2-D list of rows."""
    if isinstance(value, list):
        rows = [row if isinstance(row, list) else [row] for row in value]
        if len(rows) == 1 and len(rows[0]) == 1:
            return _to_cell(rows[0][0], date1904)
        return [[_to_cell(v, date1904) for v in row] for row in rows]
    return _to_cell(value, date1904)


def _to_cell(value: Any, date1904: bool) -> Any:
    """One cell value: None for blank, error values as their text, numbers as float."""
    plain = type(value)
    if plain is float or plain is str or plain is bool or value is None:  # most cells
        return value
    if plain is int:
        return float(value)
    error = kind(value)
    if error is not None:
        return CODES.get(error, "#VALUE!")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if hasattr(value, "isoformat"):
        return serial(value, date1904)
    return value


def to_engine(result: Any) -> Any:
    """A function's result for the engine: None as empty text (as in xlwings), a
    non-finite number as #NUM!, a 2-D list as an array."""
    if isinstance(result, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in result]
        if not rows or not rows[0]:
            raise TypeError(f"result must be a scalar or a non-empty 2-D list, not {result!r}")
        return [[_result_cell(v) for v in row] for row in rows]
    return _result_cell(result)


def _result_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) or hasattr(value, "__float__"):
        number = float(value)
        if not math.isfinite(number):
            raise XlahpError("the result is not a finite number")
        return number
    raise TypeError(f"unsupported value in result: {value!r}")
