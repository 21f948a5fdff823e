"""Cells as hosts pass them: one reader per kind of input, one documented rule each.

Excel hands a range to Python as rows of cell values — ``None`` (blank), ``str``,
``float``, ``int``, ``bool`` — and an Excel error as its text (``"#N/A"``).  Every
value a worksheet function reads goes through one of these readers, once; the core
(:mod:`xlahp.core`) then sees numbers, keys and options only.

=============  ==================================================================
kind           rule
=============  ==================================================================
blank          ``None`` or text of only spaces (:func:`is_blank`).  Hosts differ:
               classic xlwings passes ``None``, Excel on the web ``""``.
error value    an Excel error as text, ``#N/A``, ``#DIV/0!`` … (:func:`excel_error`)
number         a finite number, numeric text (full-width digits too) or a fraction
               ``1/3`` (:func:`number`): judgments and weights are ratios, and
               SuperDecisions and the paper write them as fractions.  TRUE/FALSE,
               errors, NaN and infinity are refused.
amount         a statement figure (:func:`amount`): a number, or text as Japanese
               reports print it — ``▲1,234``, ``△1,234``, ``(1,234)``, ``-1,234``,
               full-width digits; a comma only between groups of three digits; a
               lone dash (``－``) is blank.  A fraction is not an amount (no report
               prints one), and ▲ is not a judgment.
text key       text compared after NFKC (full-width letters and digits folded),
               casefolding and dropping spaces (:func:`key`); labels of items and
               indicators also drop ``-``, ``'``, ``’`` and ``・`` (:func:`label_key`).
option         a named option, case and outer blanks ignored; blank = the default
               (:func:`choose`)
whole number   a number that is a whole number within bounds (:func:`whole_number`)
=============  ==================================================================

:func:`as_grid` makes rows of whatever a host passes for a range, :func:`flat` a
row or column of it, and :func:`by_content` caches a reader's result by the content
of its arguments (a workbook hands the same range to many cells).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import OrderedDict
from typing import Any, Callable, TypeVar

import numpy as np

from xlahp.errors import InputError, one_line

Grid = list[list[Any]]
CACHE_SIZE = 512  # distinct ranges remembered per reader
F = TypeVar("F", bound=Callable[..., Any])

_EXCEL_ERROR = re.compile(r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|[A-Z_]+[!?]?)")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Digits of an amount: plain, or with commas between groups of three (1,234,567.5).
_AMOUNT = re.compile(r"(\d+|\d{1,3}(,\d{3})+)(\.\d+)?|\.\d+")
_DASHES = {"-", "−", "―", "—", "–", "‐", "ー"}


# ---------------------------------------------------------------- one cell

def is_blank(cell: Any) -> bool:
    """An empty cell as hosts pass it: None, or text of only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def excel_error(value: Any) -> str | None:
    """The Excel error a cell holds (``"#N/A"`` …), or None."""
    if isinstance(value, str) and _EXCEL_ERROR.fullmatch(value.strip()):
        return value.strip()
    return None


def normalize(text: str) -> str:
    """Full-width digits, letters and slashes to ASCII (NFKC), outer blanks removed."""
    return unicodedata.normalize("NFKC", text).strip()


def key(text: str) -> str:
    """Comparison form of a word typed into a cell: NFKC, casefolded, without spaces
    (U+2212 MINUS SIGN read as ``-``).

    >>> key(" 高いほど 良い "), key("Ｈｉｇｈｅｒ"), key("−1")
    ('高いほど良い', 'higher', '-1')
    """
    return "".join(unicodedata.normalize("NFKC", text).casefold().split()).replace("−", "-")


def label_key(text: str) -> str:
    """:func:`key` of a label of a statement item or an indicator, which also ignores
    ``-``, ``'``, ``’`` and ``・`` (``Owners' equity`` = ``Owners equity``)."""
    return "".join(c for c in key(text) if c not in "-'’・")


def shown(text: Any, limit: int = 40) -> str:
    """Cell text quoted for a one-line message: line breaks as spaces, long text cut."""
    return f"'{one_line(str(text), limit)}'"


def number(value: Any, what: str) -> float | None:
    """A finite number from a cell, or None for a blank cell (None, empty text).

    Accepts numbers, numeric text (full-width too) and fractions such as ``1/3``.
    ``what`` names the cell in the message of the InputError raised for anything
    else (text, TRUE/FALSE, Excel errors, NaN, infinity, x/0).

    >>> number("１／３", "a"), number(" ", "a")
    (0.3333333333333333, None)
    """
    if value is None:
        return None
    if type(value) is float or type(value) is int:  # the common case first
        if value != value or value in (math.inf, -math.inf):
            raise InputError(f"{what} is {'not a number (NaN)' if value != value else 'infinite'}")
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"{what} is {str(bool(value)).upper()}, not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        found = float(value)
        if math.isnan(found):
            raise InputError(f"{what} is not a number (NaN)")
        if math.isinf(found):
            raise InputError(f"{what} is infinite")
        return found
    if not isinstance(value, str):
        raise InputError(f"{what} holds a {type(value).__name__}, not a number")
    error = excel_error(value)
    if error:
        raise InputError(f"{what} holds the Excel error {error}")
    text = normalize(value).removeprefix("=").replace(" ", "")
    if not text:
        return None
    parts = text.split("/")
    if len(parts) <= 2 and all(_NUMBER.fullmatch(p) for p in parts):
        if len(parts) == 1:
            found = float(parts[0])
        else:
            numerator, denominator = (float(p) for p in parts)
            if denominator == 0:
                raise InputError(f"{what} is {shown(value)}, a division by zero")
            found = numerator / denominator
        if not math.isfinite(found):
            raise InputError(f"{what} is {shown(value)}, too large a number")
        return found
    raise InputError(f"{what} is {shown(value)}, not a number or a fraction such as 1/3")


def amount(cell: Any) -> float | None:
    """A statement figure from a cell; None for a blank.

    Numbers pass through.  Text is NFKC-normalised (full-width digits and commas);
    a leading ``▲`` or ``△`` (Japanese accounting notation), ``-``/``−`` or
    enclosing parentheses make it negative: ``"▲1,234"`` → −1234.0.  Commas are
    thousands separators only: ``1,234,567`` and ``1,234.5`` are read, ``0,5``,
    ``12,34`` and ``1.234,5`` are refused (a decimal comma would be read 1000×
    off).  Empty text and a lone dash (``－``, ``―``: "none" in reports) are blanks
    — a needed item then shows up as missing rather than as 0.

    >>> amount("▲１，２３４"), amount("(1,234.5)"), amount("－")
    (-1234.0, -1234.5, None)
    """
    if cell is None:
        return None
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(
            cell, (bool, np.bool_)):
        if not math.isfinite(cell):
            raise InputError(f"{cell!r} is not a finite number")
        return float(cell)
    if not isinstance(cell, str):
        raise InputError(f"{cell!r} is not a number")
    text = unicodedata.normalize("NFKC", cell).strip()
    if not text or text in _DASHES:
        return None
    negative = False
    if text[0] in "▲△-−+":
        negative, text = text[0] != "+", text[1:].strip()
    elif text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1].strip()
    if not _AMOUNT.fullmatch(text):
        raise InputError(f"{cell!r} is not a number"
                         + (" (a comma separates thousands: 1,234,567)" if "," in text else ""))
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise InputError(f"{cell!r} is not a finite number")
    return -value if negative else value


def is_label(cell: Any) -> bool:
    """Text that names something: not blank, not an error value, not a number."""
    if not isinstance(cell, str) or excel_error(cell) or not normalize(cell):
        return False
    try:
        number(cell, "")
    except InputError:
        return True
    return False


def choose(name: Any, choices: tuple[str, ...], what: str) -> str:
    """The option a user named (case and outer blanks ignored); the first
    choice when the argument is left out.

    >>> choose(" Geomean ", ("eigen", "geomean"), "method")
    'geomean'
    """
    if name is None or (isinstance(name, str) and not name.strip()):
        return choices[0]
    found = str(name).strip().lower()
    if found not in choices:
        raise InputError(f"{what} {shown(name)} is unknown; use {', '.join(choices)}")
    return found


def finite(value: Any, what: str, default: float | None = None) -> float:
    """A finite number from a cell (numeric text too); *default* when blank."""
    found = number(value, what)
    if found is None:
        if default is None:
            raise InputError(f"{what} is blank; give a number")
        return default
    return found


def whole_number(value: Any, what: str, low: int, high: int | None = None,
                 default: int | None = None) -> int:
    """A whole number from *low* to *high* (no upper bound when None)."""
    found = finite(value, what, default)
    if found != int(found) or found < low or (high is not None and found > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise InputError(f"{what} is {found:g}; give a whole number {span}")
    return int(found)


# ---------------------------------------------------------------- ranges

def as_grid(cells: Any, what: str = "matrix") -> Grid:
    """Rows of cells from what a host passes: 2-D list, 1-D list, scalar, array."""
    if isinstance(cells, np.ndarray):
        cells = cells.tolist()
    if not isinstance(cells, (list, tuple)):
        return [[cells]]
    if not cells:
        raise InputError(f"{what} is empty")
    if not all(isinstance(row, (list, tuple)) for row in cells):
        return [list(cells)]
    widths = {len(row) for row in cells}
    if len(widths) != 1:
        raise InputError(f"{what} rows have different lengths {sorted(widths)}")
    if widths == {0}:
        raise InputError(f"{what} is empty")
    return [list(row) for row in cells]


def flat(cells: Any, what: str) -> list[Any]:
    """A single row or column of cells as a list, blank cells as None."""
    grid = as_grid(cells, what)
    if len(grid) > 1 and len(grid[0]) > 1:
        raise InputError(f"{what} is {len(grid)}×{len(grid[0])}; give one row or one column")
    return [None if is_blank(c) else c for row in grid for c in row]


def numbers(cells: Any, what: str) -> list[float | None]:
    """A row or column of numbers (:func:`number`), blank cells as None; the message
    names the cell by its place, ``weights cell 3``."""
    return [number(c, f"{what} cell {k}") for k, c in enumerate(flat(cells, what), start=1)]


def number_grid(cells: Any, what: str) -> list[list[float | None]]:
    """A range of numbers, row by row (blank and "" as None); the message names the
    cell as ``what cell (row,col)``."""
    return [[number(None if is_blank(c) else c, f"{what} cell ({i},{j})")
             for j, c in enumerate(row, start=1)]
            for i, row in enumerate(as_grid(cells, what), start=1)]


def _cache_key(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):  # rows: the common case, inlined
            return tuple(tuple([(type(c), c) for c in row]) for row in value)
        return tuple(_cache_key(v) for v in value)
    return (type(value), value)


def by_content(reader: F) -> F:
    """Cache *reader*'s results by the content of its arguments (512 most recent),
    cell types included, so that TRUE never passes for 1.

    The results are shared between callers: readers return immutable values,
    or values their callers only read.  Errors are not cached.
    """
    cache: OrderedDict[Any, Any] = OrderedDict()

    @functools.wraps(reader)
    def read(*args: Any, **kwargs: Any) -> Any:
        found_key = (tuple(_cache_key(a) for a in args),
                     tuple((k, _cache_key(v)) for k, v in sorted(kwargs.items())))
        try:
            result = cache[found_key]
        except TypeError:  # an unhashable cell: read uncached, to report it
            return reader(*args, **kwargs)
        except KeyError:
            result = cache[found_key] = reader(*args, **kwargs)
            if len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(found_key)
        return result

    read.cache_clear = cache.clear  # type: ignore[attr-defined]
    return read  # type: ignore[return-value]
