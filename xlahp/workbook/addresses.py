"""A1 addresses: ``"B9"`` ↔ (row 9, column 2), and the cells of ``"A1:B4"``.

Parsed by the formula engine's own reader (``formualizer.CellRef``), so that
the headless tools need not import openpyxl (0.1–0.2 s of a cold start) for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from formualizer import CellRef


def row_col(ref: str) -> tuple[int, int]:
    """``"$B$9"`` → (9, 2).

    >>> row_col("$AB$12")
    (12, 28)
    """
    cell = CellRef.from_string(ref.replace("$", ""))
    return cell.row, cell.col


def a1(row: int, col: int) -> str:
    """(9, 2) → ``"B9"``."""
    return str(CellRef(None, row, col, False, False))


def column_letters(col: int) -> str:
    """28 → ``"AB"``."""
    return CellRef(None, 1, col, False, False).str_col


def bounds(ref: str) -> tuple[int, int, int, int]:
    """``"A1:B4"`` (or one cell) → (left, top, right, bottom), 1-based.

    >>> bounds("$B$2:$D$7")
    (2, 2, 4, 7)
    """
    first, _, last = ref.partition(":")
    top, left = row_col(first)
    bottom, right = row_col(last) if last else (top, left)
    return min(left, right), min(top, bottom), max(left, right), max(top, bottom)


def cells(ref: str) -> Iterator[str]:
    """Every cell of a range, row by row."""
    left, top, right, bottom = bounds(ref)
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            yield a1(row, col)
