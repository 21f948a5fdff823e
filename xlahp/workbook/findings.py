"""What evaluating a workbook found, cell by cell: the problems and the values kept.

Apart from :mod:`.engine` so that a process that only reports them (the parent of
``xlahp calc``'s worker) need not load the formula engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlahp.errors import one_line


@dataclass(frozen=True)
class CellProblem:
    """Why one formula cell shows an error.  ``root``: the cell's own inputs are
    wrong (the place to fix); otherwise it follows from an error it refers to."""

    sheet: str
    cell: str
    message: str
    root: bool = True
    #: the xlahp worksheet function whose refusal this is (its message starts with the
    #: function's name), or None for a problem of the formula or the engine
    function: str | None = field(default=None, compare=False)

    @property
    def reason(self) -> str:
        """The message without the refusing function's name: what is wrong, the same for
        every cell whose inputs are wrong the same way."""
        prefix = f"{self.function}: "
        return self.message[len(prefix):] if self.function and \
            self.message.startswith(prefix) else self.message

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
