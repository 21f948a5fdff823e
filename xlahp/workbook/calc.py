"""計算 — evaluate a workbook headless and write the values into a copy.

The headless counterpart of opening a workbook in Excel with the add-in
loaded: the formulas that need it, xlahp's worksheet functions included, are
computed by :mod:`xlahp.workbook.engine`, and the values are written as cached
values into a copy (:mod:`xlahp.workbook.cached_values`), so Excel or
LibreOffice show them without recalculating.  Every other formula keeps the
value Excel cached.  The input file is only read, and only once: the safety check,
the engine and the writer share the bytes it read (:mod:`xlahp.workbook.package`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from xlahp.errors import XlahpError
from xlahp.workbook import safety
from xlahp.workbook.addresses import a1, row_col
from xlahp.workbook.cached_values import write_cached_values, write_copy
from xlahp.workbook.files import atomic_output
from xlahp.workbook.findings import CellProblem, KeptValue
from xlahp.workbook.package import Package
from xlahp.workbook.values import CellValue, DefinedRange, ExcelError

if TYPE_CHECKING:  # the engine is loaded only where a workbook is evaluated
    from xlahp.workbook.engine import Evaluation

#: Functions whose results make the short summary of `xlahp calc` in a workbook
#: that does not name its results (ours name them ``Result_*``).
HEADLINE = ("AHP_WEIGHTS", "AHP_CR", "AHP_TRIADS", "AHP_SUMMARY", "VALUE_INDEX",
            "VALUE_COVERAGE", "BANKRUPTCY_INDEX")
#: Most cells read for one defined name.  A name over a whole sheet
#: (``$A$1:$XFD$1048576``, 17 billion cells) is legal and costs nothing in Excel;
#: a name over more cells than this is left unread rather than walked.
MAX_NAMED_CELLS = 100_000


@dataclass(frozen=True)
class Headline:
    sheet: str
    cell: str
    label: str     # the nearest text to the left on the same row, or the defined name
    function: str  # the xlahp function the formula calls first (or the defined name)
    value: CellValue


@dataclass(frozen=True)
class Calculation:
    """What evaluating a workbook found: the values computed here, the formula
    cells that keep Excel's value (and why, where they were due), the cells
    showing an error with why (root causes first), the headline figures, and
    the cells of every defined name."""

    values: dict[tuple[str, str], CellValue]
    problems: list[CellProblem]
    headlines: list[Headline]
    named: dict[str, list[CellValue]]
    kept: list[KeptValue]
    formula_cells: int

    @property
    def unchanged(self) -> int:
        """Formula cells whose value is Excel's (not due, or kept)."""
        return self.formula_cells - len(self.values)

    @property
    def errors(self) -> int:
        return sum(isinstance(v, ExcelError) for v in self.values.values())


def default_output(source: Path) -> Path:
    """``book.xlsx`` → ``book.calc.xlsx`` beside it (the extension is kept)."""
    return source.with_name(f"{source.stem}.calc{source.suffix}")


def calculate(source: str | Path, target: str | Path | None = None,
              recalculate: bool = False) -> Calculation:
    """Evaluate *source*; with *target*, also write the copy with cached values.
    *recalculate*: compute every formula (see :func:`~.engine.evaluate`)."""
    package = safety.check_workbook(source, target)  # also: the output is never the input
    evaluation = _evaluate(package, recalculate)
    if target is not None:
        write_cached_values(package, target, evaluation.values)
    return _calculation(evaluation)


def _evaluate(package: Package, recalculate: bool) -> Evaluation:
    from xlahp.sheet.registry import REGISTRY
    from xlahp.workbook.engine import evaluate

    return evaluate(package, {name: f.func for name, f in REGISTRY.items()}, recalculate)


def _calculation(evaluation: Evaluation) -> Calculation:
    named = _named(evaluation)
    return Calculation(evaluation.values, evaluation.problems, _headlines(evaluation, named),
                       named, evaluation.kept, len(evaluation.formulas))


def calculate_bounded(source: str | Path, target: str | Path | None = None,
                      recalculate: bool = False) -> Calculation:
    """:func:`calculate` in a worker process under the time and memory bounds of
    :mod:`xlahp.workbook.workers`, as ``xlahp report`` evaluates each workbook: a
    hostile or unlucky file costs one message, not the machine.  The file is
    checked (:mod:`.safety`) here first, before any worker or parser sees it; the
    worker gets the bytes checked, and writes the copy under the same bounds into a
    temporary file this process moves into place (or removes, when interrupted)."""
    from xlahp.workbook.workers import bounded_call

    package = safety.check_workbook(source, target)
    task = (package.path, package.data, recalculate)
    if target is None:
        return bounded_call(_calculate_task, (*task, None), package.path)
    with atomic_output(target, elsewhere=True) as temporary:
        return bounded_call(_calculate_task, (*task, temporary), package.path)


def _calculate_task(task: tuple[Path, bytes, bool, Path | None]) -> Calculation | XlahpError:
    """One :func:`calculate` in a worker, of the bytes the parent checked, the copy
    written into the parent's temporary file; a refusal comes back as the exception."""
    path, data, recalculate, temporary = task
    try:
        package = Package(path, data)
        evaluation = _evaluate(package, recalculate)
        if temporary is not None:
            write_copy(package, temporary, evaluation.values)
        return _calculation(evaluation)
    except XlahpError as error:
        return error


def _named(evaluation: Evaluation) -> dict[str, list[CellValue]]:
    """Every defined name's cells, row by row, as a viewer of the copy sees them."""
    return {name: [] if area is None else _cells(area, evaluation.value)
            for name, area in evaluation.names.items()}


def _cells(area: DefinedRange, value: Callable[[str, str], CellValue]) -> list[CellValue]:
    if (area.bottom - area.top + 1) * (area.right - area.left + 1) > MAX_NAMED_CELLS:
        return []
    return [value(area.sheet, a1(r, c)) for r in range(area.top, area.bottom + 1)
            for c in range(area.left, area.right + 1)]


def named_headlines(named: dict[str, list[CellValue]],
                    labels: Sequence[tuple[str, str]]) -> list[Headline]:
    """The figures of a workbook that names them: per (defined name, label), its cells."""
    return [Headline("", name, label, name, value)
            for name, label in labels for value in named[name][:15]]


def _headlines(evaluation: Evaluation, named: dict[str, list[CellValue]]) -> list[Headline]:
    """The figures worth printing in a workbook that does not name them: the cells
    calling one of :data:`HEADLINE`, each with the text to its left (the applications
    print a template's named results instead, :func:`named_headlines`)."""
    found = []
    for sheet, ref in evaluation.formulas:
        names = evaluation.calls.get((sheet, ref), set())
        first = next((n for n in HEADLINE if n in names), None)
        if first:
            found.append(Headline(sheet, ref, _label(evaluation, sheet, ref), first,
                                  evaluation.value(sheet, ref)))
    return found


def _label(evaluation: Evaluation, sheet: str, ref: str) -> str:
    row, col = row_col(ref)
    for column in range(col - 1, 0, -1):
        address = a1(row, column)
        if (sheet, address) in evaluation.formulas:
            continue
        text = evaluation.value(sheet, address)
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())
    return ""
