"""計算 — evaluate a workbook headless and write the values into a copy.

The headless counterpart of opening a workbook in Excel with the add-in
loaded: every formula, xlahp's worksheet functions included, is computed by
:mod:`xlahp.engine`, and the numbers are written as cached values into a copy
(:mod:`xlahp.cached_values`), so Excel or LibreOffice show them without
recalculating.  The input file is only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .cached_values import CellValue, write_cached_values
from .engine import CellProblem, Evaluation, evaluate
from .errors import XlahpError
from .udfs import REGISTRY

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
    evaluation: Evaluation
    headlines: list[Headline]

    @property
    def problems(self) -> list[CellProblem]:
        return self.evaluation.problems


def default_output(source: Path) -> Path:
    """``book.xlsx`` → ``book.calc.xlsx`` beside it (the extension is kept)."""
    return source.with_name(f"{source.stem}.calc{source.suffix}")


def calculate(source: str | Path, target: str | Path | None = None) -> Calculation:
    """Evaluate *source* and write the copy with cached values to *target*."""
    source = Path(source)
    target = Path(target) if target is not None else default_output(source)
    if not source.is_file():
        raise XlahpError(f"{source}: no such file")
    if target.exists() and target.resolve() == source.resolve():
        raise XlahpError(f"{target}: the output would overwrite the input; choose another path")
    evaluation = evaluate(source, {name: f.func for name, f in REGISTRY.items()})
    write_cached_values(source, target, evaluation.values)
    return Calculation(evaluation, _headlines(source, evaluation))


def _headlines(source: Path, evaluation: Evaluation) -> list[Headline]:
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True)
    found = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                label = ""
                for cell in row:
                    value = cell.value
                    if isinstance(value, str) and value.startswith("="):
                        names = [m.upper() for m in _CALL.findall(value)]
                        first = next((n for n in names if n in REGISTRY), None)
                        if first in HEADLINE:
                            found.append(Headline(sheet.title, cell.coordinate, label, first,
                                                  evaluation.values.get(
                                                      (sheet.title, cell.coordinate))))
                    elif isinstance(value, str) and value.strip():
                        label = " ".join(value.split())
    finally:
        book.close()
    return found
