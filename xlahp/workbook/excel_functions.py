"""What the formula engine lacks of Excel: MMULT, MINVERSE, MDETERM; ROW and COLUMN of a range;
the zero of an addition or subtraction that cancels; YEARFRAC of a blank date.

``formualizer`` 0.13 does not implement them, and AHP calculators made in Excel
use them for the eigenvector (power iteration: ``MMULT`` of the matrix with the
weights) and for consistency checks.  They are registered into each workbook
the engine loads, with Excel's rules (Microsoft's function reference):

- every cell of an argument must be a number — a blank or text cell gives
  #VALUE!, and so do arrays whose shapes do not fit;
- ``MINVERSE`` of a singular matrix is #NUM!;
- a single number is a 1×1 array.

``formualizer`` 0.13 also gives ROW(B1:B3) and COLUMN(B1:D1) as one number (the
first), where Excel gives the array {1;2;3} / {2,3,4} — which SUMPRODUCT and
array formulas rely on.  :func:`rewrite_row_column` hands such a formula to the
engine with the array written out as SEQUENCE(…).

Excel's zero (Microsoft, "Floating-point arithmetic may give inaccurate results in
Excel", *Example when a value reaches zero*): "Should an addition or subtraction
operation result in a value at or very close to zero, Excel 97 and later will
compensate for any error introduced as a result of converting an operand to and
from binary" — ``=1.333+1.225-1.333-1.225`` is 0, not -2.2e-16, and a balance check
``=B14-B22`` of 872932.5000000001 and 872932.5 is 0.  The same article shows that a
subtraction inside parentheses is not compensated (``=(43.1-43.2)+1`` keeps its
binary error), and Excel gives ``=(0.5-0.4-0.1)`` as -2.78E-17: the rule is the
formula's last operation only.  :func:`rewrite_cancellation` hands a formula whose
last operation is ``+`` or ``-`` to the engine as ``_XLAHP.CANCEL(L±R, L, R)``:
the engine's own sum (its coercions and errors), made exactly 0 when the two
operands agree to Excel's 15 significant digits (the test Apache POI's
``ExcelArithmetic.approxAdd`` documents).  Inside parentheses, a function's
argument, or under a comparison or ``&``, nothing changes.

``formualizer`` 0.13 reads serial 0 (a blank date) as 31 December 1899, where Excel
reads it as "January 0, 1900" — so ``YEARFRAC(0, 45230)`` (US 30/360) is 123.836111 in
Excel and 123.833333 in the engine.  :func:`yearfrac` is Excel's YEARFRAC on Excel's
own calendar (serial 60 is the 29 February 1900 Lotus kept), for every basis
(Microsoft's reference: 0 US (NASD) 30/360, 1 actual/actual, 2 actual/360,
3 actual/365, 4 European 30/360).

Kept apart from the engine so that they can go upstream as they are.
"""

from __future__ import annotations

import re
from typing import Any

import formualizer as fz
import numpy as np

from xlahp.workbook import excel as overrides
from xlahp.workbook.addresses import bounds
from xlahp.workbook.excel.values import ExcelErrorValue, ExcelValueError, ymd
from xlahp.workbook.formula_text import outside_strings

#: Excel's largest matrix for MINVERSE/MDETERM is bounded only by memory;
#: beyond this size the engine reports #NUM! instead of allocating.
MAX_CELLS = 4_000_000


def _matrix(value: Any) -> np.ndarray:
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
    for row in rows:
        for v in row:
            if isinstance(v, dict) and v.get("type") == "Error":
                raise ExcelErrorValue(str(v.get("kind")))
    if not rows or any(len(row) != len(rows[0]) for row in rows):
        raise ExcelValueError("not a rectangular array")
    if len(rows) * len(rows[0]) > MAX_CELLS:
        raise ExcelValueError("array too large")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for row in rows for v in row):
        raise ExcelValueError("blank, text or error cell in the array")
    return np.array(rows, dtype=float)


def mmult(left: Any, right: Any) -> list[list[float]]:
    """MMULT(array1, array2): the matrix product; array1's columns must equal array2's rows.

    >>> mmult([[1.0, 2.0]], [[3.0], [4.0]])
    [[11.0]]
    """
    a, b = _matrix(left), _matrix(right)
    if a.shape[1] != b.shape[0]:
        raise ExcelValueError("the first array's columns must equal the second's rows")
    if a.shape[0] * b.shape[1] > MAX_CELLS:
        raise ExcelValueError("the product would be too large")
    return (a @ b).tolist()


def minverse(array: Any, singular: Any) -> Any:
    """MINVERSE(array): the inverse of a square matrix; ``singular`` is returned
    for a singular one (Excel's #NUM!)."""
    a = _square(array)
    try:
        if abs(np.linalg.det(a)) < 1e-300 or np.linalg.cond(a) > 1e15:
            return singular
        return np.linalg.inv(a).tolist()
    except np.linalg.LinAlgError:
        return singular


def mdeterm(array: Any) -> float:
    """MDETERM(array): the determinant of a square matrix.

    >>> round(mdeterm([[1.0, 3.0], [2.0, 4.0]]), 12)
    -2.0
    """
    return float(np.linalg.det(_square(array)))


def _square(array: Any) -> np.ndarray:
    a = _matrix(array)
    if a.shape[0] != a.shape[1]:
        raise ExcelValueError("the array must be square")
    return a


def register(book: Any, error: Any) -> None:
    """Register the functions into a ``formualizer`` workbook; ``error(kind)`` makes
    the engine's error value of a kind ("Num", "Div" …)."""

    def excel(func):
        def call(*args: Any) -> Any:
            try:
                return func(*args)
            except ExcelErrorValue as carried:
                return error(carried.kind)
        return call

    book.register_function("MMULT", excel(mmult), min_args=2, max_args=2)
    book.register_function("MINVERSE", excel(lambda a: minverse(a, error("Num"))),
                           min_args=1, max_args=1)
    book.register_function("MDETERM", excel(mdeterm), min_args=1, max_args=1)
    book.register_function(CANCEL, cancel, min_args=3, max_args=3)
    book.register_function("YEARFRAC", excel(lambda *a: yearfrac(*a, error=error)),
                           min_args=2, max_args=3, allow_override_builtin=True)
    overrides.register(book, error)


def rewrite(formula: str, spills: bool = True) -> str:
    """``formula`` as the engine is given it: the forms the overrides take
    (:func:`xlahp.workbook.excel.rewrite`; ``spills``: a dynamic or array formula),
    then Excel's zero (:func:`rewrite_cancellation`)."""
    return rewrite_cancellation(overrides.rewrite(formula, spills))


_ROW_COLUMN = re.compile(
    r"(?<![\w.])(ROW|COLUMN)\(\s*((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?"
    r"(\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+)\s*\)", re.IGNORECASE)


def rewrite_row_column(formula: str) -> str:
    """``formula`` with ROW/COLUMN of a multi-cell range written as the array Excel gives.

    >>> rewrite_row_column('=SUMPRODUCT((ROW(B2:B4)>2)*COLUMN(Sheet1!$B$1:$D$1))&"ROW(A1:A2)"')
    '=SUMPRODUCT((SEQUENCE(3,1,2)>2)*SEQUENCE(1,3,2))&"ROW(A1:A2)"'
    """
    def one(match: re.Match) -> str:
        left, top, right, bottom = bounds(match.group(3))
        if match.group(1).upper() == "ROW":
            return match.group() if top == bottom else f"SEQUENCE({bottom - top + 1},1,{top})"
        return match.group() if left == right else f"SEQUENCE(1,{right - left + 1},{left})"

    return outside_strings(formula, lambda text: _ROW_COLUMN.sub(one, text))


#: The function a cancelling addition or subtraction is handed over as.
CANCEL = "_XLAHP.CANCEL"
#: Operators of lower precedence than + and - (Microsoft, "Calculation operators and
#: precedence in Excel"): under one of them, + or - is not the last operation.
_LOWER = {"&", "=", "<>", "<", ">", "<=", ">="}


def rewrite_cancellation(formula: str) -> str:
    """``formula`` with its last operation, when it is ``+`` or ``-``, made to give
    Excel's zero (see the module docstring).

    >>> rewrite_cancellation("=B14-B22")
    '=_XLAHP.CANCEL(B14-B22,B14,B22)'
    >>> rewrite_cancellation("=2*A1-B1+C1")
    '=_XLAHP.CANCEL(2*A1-B1+C1,2*A1-B1,C1)'
    >>> [rewrite_cancellation(f) for f in ("=(A1-B1)", "=A1-B1=0", "=SUM(A1-B1)", "=-A1")]
    ['=(A1-B1)', '=A1-B1=0', '=SUM(A1-B1)', '=-A1']
    """
    if "+" not in formula and "-" not in formula:
        return formula
    try:
        tokens = list(fz.tokenize(formula))
    except (fz.TokenizerError, RuntimeError, ValueError):
        return formula
    depth, last = 0, None
    for token in tokens:
        kind, sub = str(token.token_type), str(token.subtype)
        if sub.endswith("Open"):
            depth += 1
        elif sub.endswith("Close"):
            depth -= 1
        elif depth == 0 and kind.endswith("OpInfix"):
            if token.value in _LOWER:
                return formula
            if token.value in "+-":
                last = token
    if last is None:
        return formula
    body = formula[1:] if formula.startswith("=") else formula
    left, right = formula[1:last.start].strip(), formula[last.end:].strip()
    return f"={CANCEL}({body},{left},{right})" if left and right else formula


def _agree(a: float, b: float) -> bool:
    """The same number at Excel's 15 significant digits."""
    return f"{a:.14e}" == f"{b:.14e}"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cancelled(result: Any, left: Any, right: Any) -> Any:
    if _number(result) and result != 0 and _number(left) and _number(right) \
            and abs(result) < max(abs(left), abs(right)) \
            and (_agree(left, right) or _agree(left, -right)):
        return 0.0
    return result


def cancel(result: Any, left: Any, right: Any) -> Any:
    """``result`` (the engine's L±R) as Excel gives it: 0 where L and R cancel to 15
    digits; element by element for arrays (a single row, column or value repeated)."""
    if not isinstance(result, list):
        return _cancelled(result, _first(left), _first(right))
    return [[_cancelled(v, _at(left, i, j), _at(right, i, j)) for j, v in enumerate(row)]
            for i, row in enumerate(result)]


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _at(value: Any, i: int, j: int) -> Any:
    if not isinstance(value, list):
        return value
    row = value[i if len(value) > 1 else 0] if value else []
    if not isinstance(row, list):
        return row
    return row[j if len(row) > 1 else 0] if row else None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _last_of_february(year: int, month: int, day: int) -> bool:
    return month == 2 and day == (29 if _leap(year) else 28)


def yearfrac(start: Any, end: Any, basis: Any = 0, *, error: Any = None) -> Any:
    """YEARFRAC(start_date, end_date, [basis]): the fraction of a year between two dates.

    >>> round(yearfrac(0, 45230), 6), round(yearfrac(45000, 45365, 1), 6)
    (123.836111, 0.997268)
    """
    values = [_first(v) for v in (start, end, basis)]
    if any(isinstance(v, dict) for v in values):
        raise ExcelErrorValue(next(str(v.get("kind")) for v in values if isinstance(v, dict)))
    try:
        a, b = sorted(int(float(0 if v is None else v)) for v in values[:2])
        basis = int(float(0 if values[2] is None else values[2]))
    except (TypeError, ValueError):
        raise ExcelValueError("YEARFRAC takes dates as numbers") from None
    if a < 0 or basis not in range(5):
        return error("Num")
    (y1, m1, d1), (y2, m2, d2) = ymd(a), ymd(b)
    if basis == 0:  # US (NASD) 30/360, as Excel applies it to YEARFRAC
        if _last_of_february(y1, m1, d1) and _last_of_february(y2, m2, d2):
            d2 = 30
        if _last_of_february(y1, m1, d1) or d1 == 31:
            d1 = 30
        if d2 == 31 and d1 >= 30:
            d2 = 30
        return ((y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)) / 360
    if basis == 4:  # European 30/360
        d1, d2 = min(d1, 30), min(d2, 30)
        return ((y2 - y1) * 360 + (m2 - m1) * 30 + (d2 - d1)) / 360
    days = b - a
    if basis in (2, 3):
        return days / (360 if basis == 2 else 365)
    if y1 == y2 or (y2 == y1 + 1 and (m1, d1) >= (m2, d2)):  # at most a year apart
        feb29 = (y1 == y2 and _leap(y1)) or any(
            _leap(y) and (y1, m1, d1) <= (y, 2, 29) <= (y2, m2, d2) for y in (y1, y2))
        return days / (366 if feb29 else 365)
    years = range(y1, y2 + 1)
    return days / (sum(366 if _leap(y) else 365 for y in years) / len(years))
