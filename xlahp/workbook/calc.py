"""計算 — evaluate a workbook headless and write the values into a copy.

The headless counterpart of opening a workbook in Excel with the add-in
loaded: every formula, xlahp's worksheet functions included, is computed by
:mod:`xlahp.workbook.engine`, and the numbers are written as cached values into a copy
(:mod:`xlahp.workbook.cached_values`), so Excel or LibreOffice show them without
recalculating.  The input file is only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import safety
from .cached_values import CellValue, write_cached_values
from .engine import CellProblem, Evaluation, evaluate
from ..udfs import REGISTRY

#: Functions whose results make the short summary of `xlahp calc`.
HEADLINE = ("AHP_WEIGHTS", "AHP_CR", "AHP_TRIADS", "AHP_SUMMARY", "VALUE_INDEX",
            "VALUE_COVERAGE", "BANKRUPTCY_INDEX")
_CALL = re.compile(r"\b(?:_XLUDF\.|_XLDUDF_)?([A-Z][A-Z0-9_]*)\s*\(", re.I)


@dataclass(frozen=True)
class Headline:
    sheet: str
    cell: str
    label: str     # the nearest text to the left on the same row
    function: str  # the xlahp function the formula calls first
    value: CellValue


@dataclass(frozen=True)
class Calculation:
    """What evaluating a workbook found: every formula cell's value, the cells
    showing an error because a function refused its input (with the message),
    the headline figures, and the cells of every defined name."""

    values: dict[tuple[str, str], CellValue]
    problems: list[CellProblem]
    headlines: list[Headline]
    named: dict[str, list[CellValue]]


def default_output(source: Path) -> Path:
    """``book.xlsx`` → ``book.calc.xlsx`` beside it (the extension is kept)."""
    return source.with_name(f"{source.stem}.calc{source.suffix}")


def calculate(source: str | Path, target: str | Path | None = None) -> Calculation:
    """Evaluate *source*; with *target*, also write the copy with cached values."""
    source = Path(source)
    safety.check_workbook(source, target)  # also: the output is never the input
    evaluation = evaluate(source, {name: f.func for name, f in REGISTRY.items()})
    if target is not None:
        write_cached_values(source, target, evaluation.values)
    headlines, named = _read_back(evaluation)
    return Calculation(evaluation.values, evaluation.problems, headlines, named)


def _read_back(evaluation: Evaluation) -> tuple[list[Headline], dict[str, list[CellValue]]]:
    """Headline figures and defined names' cells, from the workbook as the engine
    read it (no second parse of the file)."""
    book = evaluation.book

    def value(sheet: str, cell) -> CellValue:
        return evaluation.values.get((sheet, cell.coordinate), cell.value)

    headlines = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            label = ""
            for cell in row:
                text = cell.value
                if isinstance(text, str) and text.startswith("="):
                    names = [m.upper() for m in _CALL.findall(text)]
                    first = next((n for n in names if n in REGISTRY), None)
                    if first in HEADLINE:
                        headlines.append(Headline(sheet.title, cell.coordinate, label, first,
                                                  value(sheet.title, cell)))
                elif isinstance(text, str) and text.strip():
                    label = " ".join(text.split())
    return headlines, named_cells(book, value)


def named_cells(book, value: Callable[[str, Any], CellValue] | None = None
                ) -> dict[str, list[CellValue]]:
    """Every defined name's cells, row by row: ``value(sheet, cell)``, or the
    value the cell holds.  Names that point elsewhere (another workbook, a
    constant) have no cells."""
    from openpyxl.utils.cell import range_boundaries

    named: dict[str, list[CellValue]] = {}
    for name, definition in book.defined_names.items():
        cells: list[CellValue] = []
        for title, ref in definition.destinations:
            if title in book.sheetnames:
                left, top, right, bottom = range_boundaries(ref.replace("$", ""))
                for row in book[title].iter_rows(min_row=top, max_row=bottom,
                                                 min_col=left, max_col=right):
                    cells += [value(title, cell) if value else cell.value for cell in row]
        named[name] = cells
    return named
