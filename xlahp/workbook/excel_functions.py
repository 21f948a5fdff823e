"""Excel's matrix functions the formula engine lacks: MMULT, MINVERSE, MDETERM.

``formualizer`` 0.13 does not implement them, and AHP calculators made in Excel
use them for the eigenvector (power iteration: ``MMULT`` of the matrix with the
weights) and for consistency checks.  They are registered into each workbook
the engine loads, with Excel's rules (Microsoft's function reference):

- every cell of an argument must be a number — a blank or text cell gives
  #VALUE!, and so do arrays whose shapes do not fit;
- ``MINVERSE`` of a singular matrix is #NUM!;
- a single number is a 1×1 array.

Kept apart from the engine so that they can go upstream as they are.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Excel's largest matrix for MINVERSE/MDETERM is bounded only by memory;
#: beyond this size the engine reports #NUM! instead of allocating.
MAX_CELLS = 4_000_000


class ExcelValueError(Exception):
    """The argument is not what Excel accepts: #VALUE!."""


def _matrix(value: Any) -> np.ndarray:
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
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


def register(book: Any, num_error: Any) -> None:
    """Register the functions into a ``formualizer`` workbook; ``num_error`` is the
    engine's #NUM! value."""
    book.register_function("MMULT", mmult, min_args=2, max_args=2)
    book.register_function("MINVERSE", lambda a: minverse(a, num_error), min_args=1, max_args=1)
    book.register_function("MDETERM", mdeterm, min_args=1, max_args=1)
