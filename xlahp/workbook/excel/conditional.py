"""COUNTIF(S), SUMIF(S), AVERAGEIF(S): Excel's criteria.

Microsoft, "COUNTIF function" (support.microsoft.com/office/e0de10c6-f885-4e71-abb4-1f464816df34),
"SUMIF function" (…/169b8c99-c05c-4483-a712-1697a653039b), "COUNTIFS" (…/dda3dc6e-f74e-4aee-88bc-aa8c2a866842),
"SUMIFS" (…/c9e748f5-7ea7-455d-9406-611cebce642b), "AVERAGEIF" (…/faec8e2e-0dec-4308-af69-f5576d8ac642),
"AVERAGEIFS" (…/48910c45-1fc0-4389-a028-f7c5c3001690): a criterion is a number, an
expression (``">32"``, ``"<>"&B4``), a cell reference or text (``"apples"``, with the
wildcards ``?`` and ``*`` and ``~`` to escape them); text is compared without regard
to case; SUMIF's ``sum_range`` is the range of ``range``'s shape from its top-left
cell; AVERAGEIF with no matching number is #DIV/0!.

What ``formualizer`` 0.13 gets wrong, and the saved values of IronCalc's
``STATISTICAL/COUNTIF.xlsx`` show (sheet ``Rows``): a criterion that is an error
(``=NA()``, the text ``"#N/A"``) counts the cells holding that error, where the
engine gives the error itself; a blank criterion cell counts zeros; ``"<>"&23``
counts everything but the number 23 (text "23" and blanks included) while 23 and
``"=23"`` also count the text "23"; ``"<"``, ``"<="`` … with nothing after them count
nothing and ``"<>"`` counts every cell not blank (``=""`` included); ``""`` counts the
blanks and empty texts; ``"<"&1`` compares numbers only (TRUE is not 1); a matching
cell of a sum range holding an error gives that error (``MATH_AND_TRIGONOMETRY/
SUMIFS.xlsx``); an array of criteria gives an array of results (``SUMIF_array.xlsx``).

A whole column or row (``$G:$G``) reaches an override cut to the sheet's used range;
:func:`rewrite` gives COUNTIF and COUNTIFS the number of cells beyond it, which Excel
counts as blanks (``COUNTIF($G:$G,"<>"&H2)`` is 1048575).
"""

from __future__ import annotations

import operator
import re
from itertools import compress
from typing import Any, Callable

from xlahp.workbook.addresses import row_col
from xlahp.workbook.excel.calls import SHEET
from xlahp.workbook.formula_text import outside_strings
from xlahp.workbook.excel.values import (ExcelErrorValue, flat, grid, is_error, is_number,
                                         kind_of, lift, text_number)

Predicate = Callable[[Any], bool]
_OPERATOR = re.compile(r"^(<=|>=|<>|=|<|>)")
_ERRORS = {"#NULL!": "Null", "#DIV/0!": "Div", "#VALUE!": "Value", "#REF!": "Ref",
           "#NAME?": "Name", "#NUM!": "Num", "#N/A": "Na"}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_NUMBERS = (float, int)


def _equals(x: float) -> Predicate:
    """A cell equal to the number ``x`` (text "23" is 23; TRUE is not 1)."""
    def test(v: Any) -> bool:
        kind = type(v)
        if kind is float or kind is int:
            return v == x
        return kind is str and text_number(v) == x
    return test


def _compared(op: str, x: Any, kinds: tuple[type, ...]) -> Predicate:
    """A cell of one of ``kinds`` that compares to ``x`` by ``op``."""
    compare = _COMPARE[op]
    if kinds is _NUMBERS:
        return lambda v: (type(v) is float or type(v) is int) and compare(v, x)
    kind = kinds[0]
    if kind is str:
        return lambda v: type(v) is str and compare(v.casefold(), x)
    return lambda v: type(v) is kind and compare(v, x)


def wildcard(text: str) -> re.Pattern:
    """Excel's wildcards (* ? and ~ to escape) as a regular expression, without regard to case."""
    out, escape = [], False
    for ch in text:
        if escape:
            out.append(re.escape(ch))
            escape = False
        elif ch == "~":
            escape = True
        elif ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def criterion(value: Any) -> Predicate:
    """The test a criterion puts to each cell."""
    if is_error(value):
        kind = kind_of(value)
        return lambda v: is_error(v) and kind_of(v) == kind
    if value is None:
        value = 0.0
    if isinstance(value, bool):
        return lambda v: v is value
    if is_number(value):
        return _equals(float(value))
    text = str(value)
    match = _OPERATOR.match(text)
    op = match.group(1) if match else None
    rest = text[match.end():] if match else text
    if rest == "":
        return {None: lambda v: v is None or v == "", "=": lambda v: v is None,
                "<>": lambda v: v is not None}.get(op, lambda v: False)
    if rest.upper() in _ERRORS:
        kind = _ERRORS[rest.upper()]
        same: Predicate = lambda v: is_error(v) and kind_of(v) == kind  # noqa: E731
        return (lambda v: not same(v)) if op == "<>" else same if op in (None, "=") \
            else (lambda v: False)
    if rest.upper() in ("TRUE", "FALSE"):
        b = rest.upper() == "TRUE"
        if op in (None, "="):
            return lambda v: v is b
        if op == "<>":
            return lambda v: v is not b
        return _compared(op, b, (bool,))
    x = text_number(rest)
    if x is not None:
        if op in (None, "="):
            return _equals(x)
        if op == "<>":
            return lambda v: not ((type(v) is float or type(v) is int) and v == x)
        return _compared(op, x, _NUMBERS)
    if op in (None, "=", "<>"):
        if any(c in rest for c in "*?~"):
            pattern = wildcard(rest)
            matches: Predicate = lambda v: isinstance(v, str) and bool(  # noqa: E731
                pattern.fullmatch(v))
        else:
            folded = rest.casefold()
            matches = lambda v: isinstance(v, str) and v.casefold() == folded  # noqa: E731
        return (lambda v: not matches(v)) if op == "<>" else matches
    return _compared(op, rest.casefold(), (str,))


def _mask(cells: list[Any], crit: Any) -> list[bool]:
    return list(map(criterion(crit), cells))


def _lifted(func: Callable[..., Any], criteria: list[Any]) -> Any:
    """``func(criteria…)`` for one criterion each, over arrays of criteria."""
    if not any(isinstance(c, list) for c in criteria):
        return func(*criteria)
    return lift(func, *criteria)


def _shape(value: Any) -> tuple[int, int]:
    if not isinstance(value, list):
        return 1, 1
    return len(value), len(value[0]) if value and isinstance(value[0], list) else 1


def _same_shapes(ranges: list[Any]) -> None:
    if len({_shape(r) for r in ranges}) > 1:
        raise ExcelErrorValue("Value")


def _beyond(total: Any, cells: list[Any]) -> int:
    """Cells of a whole column or row beyond the part the engine handed over."""
    return max(0, int(total) - len(cells)) if isinstance(total, (int, float)) else 0


def countif(rng: Any, crit: Any, total: Any = None) -> Any:
    """COUNTIF(range, criteria); ``total``: the cells of a whole column or row (:func:`rewrite`)."""
    cells = flat(rng)

    def one(c: Any) -> float:
        test = criterion(c)
        return float(sum(map(test, cells)) + (_beyond(total, cells) if test(None) else 0))

    return _lifted(one, [crit])


def countifs(*args: Any, total: Any = None) -> Any:
    """COUNTIFS(range1, criteria1, …)."""
    ranges, criteria = list(args[0::2]), list(args[1::2])
    _same_shapes(ranges)
    cells = [flat(r) for r in ranges]

    def one(*crits: Any) -> float:
        count = sum(_all(cells, crits))
        if total is not None and all(criterion(c)(None) for c in crits):
            count += _beyond(total, cells[0])
        return float(count)

    return _lifted(one, criteria)


def _resized(sum_range: Any, rng: Any) -> list[Any]:
    """SUMIF's sum_range as the cells of range's shape from its top-left cell."""
    rows, cols = _shape(rng)
    g = grid(sum_range)
    return [g[i][j] if i < len(g) and j < len(g[i]) else None
            for i in range(rows) for j in range(cols)]


def _total(values: list[Any], keep: list[bool]) -> tuple[float, int]:
    """(sum, count) of the numbers of the matching cells; a matching error is raised."""
    total, count = 0.0, 0
    for v in compress(values, keep):
        kind = type(v)
        if kind is float or kind is int:
            total += v
            count += 1
        elif kind is dict and is_error(v):
            raise ExcelErrorValue(kind_of(v))
    return total, count


def sumif(rng: Any, crit: Any, sum_range: Any = None) -> Any:
    """SUMIF(range, criteria, [sum_range])."""
    cells = flat(rng)
    values = cells if sum_range is None else _resized(sum_range, rng)
    return _lifted(lambda c: _total(values, _mask(cells, c))[0], [crit])


def averageif(rng: Any, crit: Any, average_range: Any = None) -> Any:
    """AVERAGEIF(range, criteria, [average_range])."""
    cells = flat(rng)
    values = cells if average_range is None else _resized(average_range, rng)
    return _lifted(lambda c: _mean(*_total(values, _mask(cells, c))), [crit])


def _mean(total: float, count: int) -> float:
    if not count:
        raise ExcelErrorValue("Div")
    return total / count


def _multi(values: Any, args: tuple[Any, ...]) -> tuple[list[Any], list[list[Any]], list[Any]]:
    ranges, criteria = list(args[0::2]), list(args[1::2])
    if not ranges or len(ranges) != len(criteria):
        raise ExcelErrorValue("Value")
    _same_shapes([values, *ranges])
    return flat(values), [flat(r) for r in ranges], criteria


def _all(cells: list[list[Any]], crits: tuple[Any, ...]) -> list[bool]:
    """Where every range meets its criterion."""
    masks = [_mask(col, c) for col, c in zip(cells, crits)]
    return masks[0] if len(masks) == 1 else [all(m) for m in zip(*masks)]


def sumifs(sum_range: Any, *args: Any) -> Any:
    """SUMIFS(sum_range, criteria_range1, criteria1, …)."""
    values, cells, criteria = _multi(sum_range, args)
    return _lifted(lambda *c: _total(values, _all(cells, c))[0], criteria)


def averageifs(average_range: Any, *args: Any) -> Any:
    """AVERAGEIFS(average_range, criteria_range1, criteria1, …)."""
    values, cells, criteria = _multi(average_range, args)
    return _lifted(lambda *c: _mean(*_total(values, _all(cells, c))), criteria)


#: The form a COUNTIF or COUNTIFS of a whole column or row is handed over in: the
#: number of its cells first.
WHOLE = "_XLAHP.{}"
_WHOLE_REF = re.compile(
    r"(?<![\w.])(COUNTIFS?)\(\s*(" + SHEET + ")?"
    r"(\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})|\$?(\d+):\$?(\d+))(?=\s*,)", re.IGNORECASE)


def rewrite(formula: str) -> str:
    """``formula`` with COUNTIF/COUNTIFS of a whole column or row given its size.

    >>> rewrite('=COUNTIF($G:$G,"<>"&H2)+COUNTIFS(Data!1:2,"COUNTIF(A:A,")')
    '=_XLAHP.COUNTIF(1048576,$G:$G,"<>"&H2)+_XLAHP.COUNTIFS(32768,Data!1:2,"COUNTIF(A:A,")'
    """
    if ":" not in formula or "COUNTIF" not in formula.upper():
        return formula

    def one(match: re.Match) -> str:
        if match.group(4):
            width = abs(row_col(match.group(5) + "1")[1] - row_col(match.group(4) + "1")[1]) + 1
            total = width * 1_048_576
        else:
            total = (abs(int(match.group(7)) - int(match.group(6))) + 1) * 16_384
        return f"{WHOLE.format(match.group(1).upper())}({total},{match.group(2) or ''}{match.group(3)}"

    return outside_strings(formula, lambda text: _WHOLE_REF.sub(one, text))


#: name → (function, least and most arguments)
OVERRIDES = {
    "COUNTIF": (countif, 2, 2), "COUNTIFS": (countifs, 2, 254),
    WHOLE.format("COUNTIF"): (lambda total, r, c: countif(r, c, total), 3, 3),
    WHOLE.format("COUNTIFS"): (lambda total, *a: countifs(*a, total=total), 3, 255),
    "SUMIF": (sumif, 2, 3), "SUMIFS": (sumifs, 3, 255),
    "AVERAGEIF": (averageif, 2, 3), "AVERAGEIFS": (averageifs, 3, 255),
}
