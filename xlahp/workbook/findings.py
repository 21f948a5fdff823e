"""What evaluating a workbook found, cell by cell: the problems and the values kept.

Apart from :mod:`.engine` so that a process that only reports them (the parent of
``xlahp calc``'s worker) need not load the formula engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlahp.errors import one_line


@dataclass(frozen=True)
class CellProblem:
    """Why one formula cell shows an error.  ``root``: the cell's own inputs are
    wrong (the place to fix); otherwise it follows from an error it refers to."""

    sheet: str
    cell: str
    message: str
    root: bool = True

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"


@dataclass(frozen=True)
class KeptValue:
    """A formula cell that keeps the value Excel cached, and why it was not computed here."""

    sheet: str
    cell: str
    formula: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: kept Excel's value ({self.reason}; {one_line(self.formula, 60)})"
