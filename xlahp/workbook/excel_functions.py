"""What the formula engine lacks of Excel: MMULT, MINVERSE, MDETERM; ROW and COLUMN of a range.

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

Kept apart from the engine so that they can go upstream as they are.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from xlahp.workbook.addresses import bounds
from xlahp.workbook.formula_text import outside_strings

#: Excel's largest matrix for MINVERSE/MDETERM is bounded only by memory;
#: beyond this size the engine reports #NUM! instead of allocating.
MAX_CELLS = 4_000_000


class ExcelValueError(Exception):
    """The argument is not what Excel accepts: #VALUE!."""


class ExcelErrorValue(Exception):
    """An argument holds an Excel error, which the result carries on (Excel: the first)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


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
