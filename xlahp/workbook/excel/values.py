"""Excel's values as the engine hands them to an override, and back.

An argument arrives as a number (float), text, a boolean, ``None`` (a blank), an
error (``{"type": "Error", "kind": "Div"}``) or an array (a list of rows).  An
override raises :class:`ExcelErrorValue` for an Excel error and returns plain
values or a list of rows; :func:`lift` applies a one-value function element by
element over array arguments, as Excel does.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import chain
from typing import Any, Callable

class ExcelValueError(Exception):
    """The argument is not what Excel accepts: #VALUE!."""


class ExcelErrorValue(Exception):
    """An Excel error as the result (an argument's error carried on, or the function's own)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class Error:
    """An error inside an array result (the engine's error value is made of it on return)."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind


def is_error(value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") == "Error"


def kind_of(value: Any) -> str:
    return str(value.get("kind"))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def first(value: Any) -> Any:
    """A one-value argument: an array's top-left element."""
    while isinstance(value, list):
        value = value[0] if value and value[0] != [] else None
    return value


def grid(value: Any) -> list[list[Any]]:
    """Any argument as a list of rows."""
    if not isinstance(value, list):
        return [[value]]
    return [row if isinstance(row, list) else [row] for row in value]


def flat(value: Any) -> list[Any]:
    """An array's elements row by row."""
    if not isinstance(value, list):
        return [value]
    return list(chain.from_iterable(row if isinstance(row, list) else [row] for row in value))


def check(value: Any) -> Any:
    """``value``, or its error raised."""
    if is_error(value):
        raise ExcelErrorValue(kind_of(value))
    return value


_NUMBER = re.compile(r"^\s*([+-]?)\s*\$?\s*((?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?)"
                     r"\s*(%?)\s*$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](.+))?\s*$")
_US = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})(?:\s+(.+))?\s*$")
_NAMED = re.compile(r"^\s*(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ](\d{2,4})(?:\s+(.+))?\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?\s*([AaPp][Mm])?\s*$")


def serial(year: int, month: int, day: int) -> float:
    """Excel's serial number of a date (1900 system, with Lotus's 29 February 1900)."""
    if (year, month, day) == (1900, 2, 29):
        return 60.0
    days = (dt.date(year, month, day) - dt.date(1899, 12, 31)).days
    return float(days if days < 60 else days + 1)


def ymd(whole: int) -> tuple[int, int, int]:
    """Excel's (year, month, day) of a whole serial: 0 is 1900-01-00, 60 is 1900-02-29."""
    if whole < 61:
        return (1900, 1, whole) if whole <= 31 else (1900, 2, whole - 31)
    day = dt.date(1899, 12, 30) + dt.timedelta(days=whole)
    return day.year, day.month, day.day


def _time(text: str) -> float | None:
    match = _TIME.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    seconds = float(match.group(3) or 0)
    if match.group(4):
        if hours > 12:
            return None
        hours = hours % 12 + (12 if match.group(4).lower() == "pm" else 0)
    if minutes > 59 or seconds >= 60:
        return None
    return (hours * 3600 + minutes * 60 + seconds) / 86400


def text_number(text: str) -> float | None:
    """The number Excel reads in a text, as VALUE does (Microsoft, "VALUE function": text
    in any of the constant number, date or time formats Excel recognizes) — plain and
    grouped numbers, a leading $, a trailing %, dates (``2024-01-10``, ``1/10/2024``,
    ``10-Jan-2024``, US order as Excel's en-US locale) and times — or None."""
    match = _NUMBER.match(text)
    if match and match.group(2) not in ("", "."):
        value = float(match.group(2).replace(",", ""))
        value = -value if match.group(1) == "-" else value
        return value / 100 if match.group(3) else value
    time = _time(text)
    if time is not None:
        return time
    for pattern, order in ((_ISO, "ymd"), (_US, "mdy"), (_NAMED, "dMy")):
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()[:3]))
        month = _MONTHS.get(parts["M"].lower()) if "M" in parts else int(parts["m"])
        year = int(parts["y"])
        year += (2000 if year < 30 else 1900) if len(parts["y"]) == 2 else 0
        rest = _time(match.group(4)) if match.group(4) else 0.0
        if rest is None or not month:
            return None
        try:
            return serial(year, month, int(parts["d"])) + rest
        except ValueError:
            return None
    return None


def number(value: Any) -> float:
    """A one-value numeric argument as Excel coerces it: a blank is 0, TRUE is 1, text
    that reads as a number, date or time is that number (:func:`text_number`), other
    text is #VALUE!, an error is carried on."""
    value = check(first(value))
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        parsed = text_number(value)
        if parsed is not None:
            return parsed
    raise ExcelErrorValue("Value")


def lift(func: Callable[..., Any], *args: Any) -> Any:
    """``func`` of one-value arguments applied as Excel applies it to arrays: element by
    element over the largest shape, a single row or column repeated, #N/A where an
    array is too small (Microsoft, "Dynamic array formulas and spilled array behavior")."""
    arrays = [grid(a) for a in args if isinstance(a, list)]
    if not arrays:
        return _one(func, args)
    rows = max(len(a) for a in arrays)
    cols = max(len(a[0]) if a else 0 for a in arrays)

    def at(arg: Any, i: int, j: int) -> Any:
        if not isinstance(arg, list):
            return arg
        a = grid(arg)
        i = 0 if len(a) == 1 else i
        j = 0 if len(a[0]) == 1 else j
        return a[i][j] if i < len(a) and j < len(a[i]) else _NA

    return [[_one(func, [at(a, i, j) for a in args]) for j in range(cols)] for i in range(rows)]


_NA = {"type": "Error", "kind": "Na"}


def _one(func: Callable[..., Any], args: Any) -> Any:
    try:
        return func(*args)
    except ExcelErrorValue as error:
        return Error(error.kind)
    except ZeroDivisionError:
        return Error("Div")
    except (ExcelValueError, OverflowError, ValueError):
        return Error("Value")
