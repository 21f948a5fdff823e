"""XLOOKUP and XMATCH with their match and search modes.

Microsoft, "XLOOKUP function" (support.microsoft.com/office/b7fd680e-6d10-43e6-84f9-88eae8bf5929)
and "XMATCH function" (…/d966da31-7a6b-4a13-a1c6-5a33ed6a0312): ``match_mode`` 0 exact,
-1 exact or the next smaller item, 1 exact or the next larger, 2 wildcards (``*``,
``?``, ``~``), 3 a regular expression; ``search_mode`` 1 first to last, -1 last to
first, 2 a binary search of an ascending array, -2 of a descending one; the lookup
array is one row or one column and the return array as long (else #VALUE!);
nothing found is ``if_not_found`` or #N/A.  Excel orders values as its sort does —
numbers, then text (without regard to case), then FALSE, TRUE — so that the next
larger of any text is TRUE, and of a number the first text (IronCalc's
``LOOKUP_AND_REFERENCE/XLOOKUP.xlsx``, sheet ``ReturnLarger``: XLOOKUP("qwerty",
{2;5;4;5;3;TRUE;"ala"},…,,1) is the TRUE row's); wildcards in a binary search are
#VALUE! (sheet ``Wildcards``).

``formualizer`` 0.13 finds nothing (#N/A) for match modes ±1 and search modes ±2,
and has no regular expressions: a call that gives a match or search mode is handed
to these (:func:`rewrite`); the plain exact lookup stays the engine's.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from xlahp.workbook.excel.calls import calls, edited
from xlahp.workbook.excel.conditional import wildcard
from xlahp.workbook.excel.values import ExcelErrorValue, first, grid, is_error, kind_of, lift

#: function → the number of arguments from which a call is ours, and our name for it
ROUTED = {"XLOOKUP": 5, "XMATCH": 3}
OURS = "_XLAHP.{}"


def _key(value: Any) -> tuple[int, Any] | None:
    """Excel's sort order of a value; None for an error (never matched)."""
    if value is None:
        return (0, 0.0)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, (int, float)):
        return (0, float(value))
    if isinstance(value, str):
        return (1, value.casefold())
    return None


def _vector(array: Any) -> tuple[list[Any], bool]:
    """A one-row or one-column array's values, and whether it is a row."""
    g = grid(array)
    if len(g) == 1:
        return g[0], True
    if all(len(r) == 1 for r in g):
        return [r[0] for r in g], False
    raise ExcelErrorValue("Value")


def _mode(value: Any, allowed: tuple[int, ...], default: int) -> int:
    value = first(value)
    if is_error(value):
        raise ExcelErrorValue(kind_of(value))
    try:
        mode = default if value is None else int(float(value))
    except (TypeError, ValueError):
        raise ExcelErrorValue("Value") from None
    if mode not in allowed:
        raise ExcelErrorValue("Value")
    return mode


def position(value: Any, values: list[Any], match: int, search: int) -> int | None:
    """The 0-based position XMATCH finds, or None."""
    if is_error(value):
        raise ExcelErrorValue(kind_of(value))
    if match in (2, 3) and isinstance(value, str):
        if search in (2, -2):
            raise ExcelErrorValue("Value")
        try:
            pattern = wildcard(value) if match == 2 else re.compile(value)
        except re.error:
            raise ExcelErrorValue("Value") from None
        test = pattern.fullmatch if match == 2 else pattern.search
        order = range(len(values)) if search == 1 else range(len(values) - 1, -1, -1)
        return next((i for i in order if isinstance(values[i], str) and test(values[i])), None)
    if match == 3:
        return None
    key = _key(value)
    keys = [_key(v) for v in values]
    if search in (2, -2):
        return _binary(key, keys, match, search == -2)
    order = range(len(keys)) if search == 1 else range(len(keys) - 1, -1, -1)
    best = None
    for i in order:
        k = keys[i]
        if k is None:
            continue
        if k == key:
            return i
        if match == 1 and k > key and (best is None or k < keys[best]):
            best = i
        elif match == -1 and k < key and (best is None or k > keys[best]):
            best = i
    return best


def _binary(key: Any, keys: list[Any], match: int, descending: bool) -> int | None:
    """A binary search of a sorted array (Excel assumes it is; errors are skipped)."""
    index = [i for i, k in enumerate(keys) if k is not None]
    ordered = [keys[i] for i in index]
    if descending:
        index, ordered = index[::-1], ordered[::-1]
    lo = bisect.bisect_left(ordered, key)
    if lo < len(ordered) and ordered[lo] == key:
        return index[lo]
    if match == 1 and lo < len(ordered):
        return index[lo]
    if match == -1 and lo > 0:
        return index[lo - 1]
    return None


def xmatch(value: Any, array: Any, match: Any = 0, search: Any = 1) -> Any:
    """XMATCH(lookup_value, lookup_array, [match_mode], [search_mode])."""
    values, _ = _vector(array)
    match, search = _mode(match, (0, -1, 1, 2, 3), 0), _mode(search, (1, -1, 2, -2), 1)

    def one(v: Any) -> float:
        found = position(v, values, match, search)
        if found is None:
            raise ExcelErrorValue("Na")
        return float(found + 1)

    return lift(one, value) if isinstance(value, list) else one(value)


def xlookup(value: Any, lookup: Any, result: Any, if_not_found: Any = None, match: Any = 0,
            search: Any = 1) -> Any:
    """XLOOKUP(lookup_value, lookup_array, return_array, [if_not_found], [match_mode],
    [search_mode]); the empty ``if_not_found`` reaches here as #N/A (:mod:`..empty_arguments`)."""
    values, row = _vector(lookup)
    table = grid(result)
    if (len(table[0]) if row else len(table)) != len(values):
        raise ExcelErrorValue("Value")
    match, search = _mode(match, (0, -1, 1, 2, 3), 0), _mode(search, (1, -1, 2, -2), 1)
    if isinstance(value, list):
        return lift(lambda v: first(_found(v, values, row, table, if_not_found, match, search)),
                    value)
    return _found(value, values, row, table, if_not_found, match, search)


def _found(value: Any, values: list[Any], row: bool, table: list[list[Any]],
           if_not_found: Any, match: int, search: int) -> Any:
    found = position(value, values, match, search)
    if found is None:
        if if_not_found is None:
            raise ExcelErrorValue("Na")
        return if_not_found
    picked = [[r[found]] for r in table] if row else [table[found]]
    return picked[0][0] if len(picked) == 1 and len(picked[0]) == 1 else picked


def rewrite(formula: str) -> str:
    """``formula`` with each XLOOKUP/XMATCH that gives a match or search mode ours.

    >>> rewrite('=_xlfn.XLOOKUP(A1,B:B,C:C,,1)&XLOOKUP(A1,B:B,C:C)&_xlfn.XMATCH("a*",B:B,2)')
    '=_XLAHP.XLOOKUP(A1,B:B,C:C,,1)&XLOOKUP(A1,B:B,C:C)&_XLAHP.XMATCH("a*",B:B,2)'
    """
    upper = formula.upper()
    if not any(name + "(" in upper for name in ROUTED):
        return formula
    return edited(formula, [(c.start, c.end, OURS.format(c.name) + "(") for c in calls(formula)
                            if c.name in ROUTED and len(c.arguments) >= ROUTED[c.name]])


#: name → (function, least and most arguments)
OVERRIDES = {OURS.format("XLOOKUP"): (xlookup, 5, 6), OURS.format("XMATCH"): (xmatch, 3, 4)}
