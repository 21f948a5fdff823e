"""One-value functions given arrays: element by element, or the implicit intersection.

Microsoft, "Dynamic array formulas and spilled array behavior"
(support.microsoft.com/office/205c6b06-03ba-4151-89a1-87a7eb36e531): a function that
takes one value, given an array or range, is computed for each of its elements and
the results spill; "Implicit intersection operator: @"
(…/ce3be07b-0101-4450-a24e-c1c999be2b34): a formula of a legacy workbook (saved
without the dynamic-array flag) reduces such a range to the cell on its own row or
column (``ROUND(J2:J7,2)`` in L4 is ROUND(J4,2): IronCalc's
``MATH_AND_TRIGONOMETRY/ROUND.xlsx``).

``formualizer`` 0.13 computes none of :data:`ONE_VALUE` element by element (#VALUE!
or the first element only: ``TEXT(DATE(1996,1,SEQUENCE(10)),"ddd")`` is one day,
``TEXT/UPPER_LOWER.xlsx``).  :func:`rewrite` hands such a call, where an argument is
an array — an array constant, an array function's result, or a range in a formula
that spills — to :func:`lifted`, which computes the engine's own function for each
element in a workbook of its own; and writes ``@`` before a range given alone to
such a function in a legacy formula.  Every other call stays the engine's.
"""

from __future__ import annotations

import re
from typing import Any

import formualizer as fz

from xlahp.workbook.addresses import a1
from xlahp.workbook.excel.calls import SHEET, calls, edited
from xlahp.workbook.excel.values import Error, is_error, kind_of, lift
from xlahp.workbook.formula_text import without_strings

#: Functions whose every argument is one value (Microsoft's function reference).
ONE_VALUE = frozenset("""
ABS ARABIC BASE CEILING CHAR CLEAN CODE COMBIN CONCATENATE DATEVALUE DAYS DEC2BIN
DEC2HEX DEC2OCT DOLLAR EVEN EXACT EXP FACT FIND FIXED FLOOR HOUR INT ISBLANK ISERR ISERROR
ISEVEN ISLOGICAL ISNA ISNONTEXT ISNUMBER ISODD ISTEXT LEFT LEN LN LOG LOG10 LOWER MID
MINUTE MOD MONTH MROUND NOT NUMBERVALUE ODD POWER PROPER QUOTIENT REPLACE REPT RIGHT ROMAN
ROUND ROUNDDOWN ROUNDUP SEARCH SECOND SIGN SQRT SUBSTITUTE TEXT TIME TIMEVALUE TRIM TRUNC
UNICHAR UNICODE UPPER VALUE WEEKDAY
""".split())
LIFT = "_XLAHP.LIFT"
#: functions whose result is an array
_ARRAY_CALL = re.compile(r"(?<![\w.])(?:_xlfn\.|_xlws\.)?(SEQUENCE|FILTER|SORT|SORTBY|UNIQUE|"
                         r"TRANSPOSE|RANDARRAY|TOCOL|TOROW|VSTACK|HSTACK|TAKE|DROP|CHOOSECOLS|"
                         r"CHOOSEROWS|EXPAND|WRAPCOLS|WRAPROWS|MUNIT|_XLAHP\.LIFT)\s*\(", re.I)
_RANGE = re.compile(r"(\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}|\$?\d+):(\$?[A-Za-z]{1,3}\$?\d+|"
                    r"\$?[A-Za-z]{1,3}|\$?\d+)(?![\w(])")
_BARE_RANGE = re.compile(r"^\s*(" + SHEET + ")?" + _RANGE.pattern + r"\s*$")


def _array(text: str, spills: bool) -> bool:
    """Whether an argument's text stands for an array."""
    plain = without_strings(text)
    return "{" in plain or bool(_ARRAY_CALL.search(plain)) or (spills and bool(_RANGE.search(plain)))


def rewrite(formula: str, spills: bool = True) -> str:
    """``formula`` with the one-value functions given arrays made Excel's.

    >>> rewrite('=UPPER(TEXT(DATE(1996,1,SEQUENCE(3)),"ddd"))&LEN("a")')
    '=_XLAHP.LIFT("UPPER",_XLAHP.LIFT("TEXT",DATE(1996,1,SEQUENCE(3)),"ddd"))&LEN("a")'
    >>> rewrite("=ROUND(J2:J7,2)+ROUND(A1,2)", spills=False)
    '=ROUND(@J2:J7,2)+ROUND(A1,2)'
    """
    if "(" not in formula:
        return formula
    edits = []
    for call in calls(formula):
        if call.name not in ONE_VALUE:
            continue
        texts = [formula[a:b] for a, b in call.arguments]
        if any(_array(t, spills) for t in texts):
            edits.append((call.start, call.end, f'{LIFT}("{call.name}",'))
        elif not spills:
            edits += [(a, a, "@") for (a, _), t in zip(call.arguments, texts)
                      if _BARE_RANGE.match(t)]
    return edited(formula, edits) if edits else formula


class _Scratch:
    """A workbook of its own where the engine's function is computed for one element:
    row ``n`` holds ``=NAME(B n, C n, …)`` of one name and count of arguments."""

    def __init__(self) -> None:
        self.book = fz.Workbook()
        self.sheet = self.book.sheet("S")
        self.rows: dict[tuple[str, int], int] = {}

    def compute(self, name: str, values: list[Any]) -> Any:
        key = (name, len(values))
        if key not in self.rows:
            self.rows[key] = row = len(self.rows) + 1
            cells = ",".join(a1(row, j + 2) for j in range(len(values)))
            self.sheet.set_formula(row, 1, f"={name}({cells})")
        row = self.rows[key]
        for j, v in enumerate(values):
            self.sheet.set_value(row, j + 2, fz.LiteralValue.error(kind_of(v), None)
                                 if is_error(v) else v)
        value = self.book.evaluate_cell("S", row, 1)
        if is_error(value):
            return Error(kind_of(value))
        return Error(value.kind) if isinstance(value, fz.ExcelError) else value


_SCRATCH: _Scratch | None = None


def lifted(name: Any, *args: Any) -> Any:
    """The engine's ``name`` of each element of the arrays among ``args``."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = _Scratch()
    scratch = _SCRATCH
    return lift(lambda *values: scratch.compute(str(name), list(values)), *args)


#: name → (function, least and most arguments)
OVERRIDES = {LIFT: (lifted, 2, 256)}
