"""計算 — evaluate a workbook headless and write the values into a copy.

The headless counterpart of opening a workbook in Excel with the add-in
loaded: the formulas that need it, xlahp's worksheet functions included, are
computed by :mod:`xlahp.workbook.engine`, and the values are written as cached
values into a copy (:mod:`xlahp.workbook.cached_values`), so Excel or
LibreOffice show them without recalculating.  Every other formula keeps the
value Excel cached.  The input file is only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from xlahp.workbook import safety
from xlahp.workbook.addresses import a1, row_col
from xlahp.workbook.cached_values import CellValue, ExcelError, write_cached_values
from xlahp.workbook.findings import CellProblem, KeptValue

if TYPE_CHECKING:  # the engine is loaded only where a workbook is evaluated
    from xlahp.workbook.engine import Evaluation
from xlahp.errors import XlahpError

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
    source = Path(source)
    safety.check_workbook(source, target)  # also: the output is never the input
    return _calculate(source, target, recalculate)


def _calculate(source: Path, target: Path | None, recalculate: bool) -> Calculation:
    """:func:`calculate` of a file already checked."""
    from xlahp.sheet.registry import REGISTRY
    from xlahp.workbook.engine import evaluate

    evaluation = evaluate(source, {name: f.func for name, f in REGISTRY.items()}, recalculate)
    if target is not None:
        write_cached_values(source, target, evaluation.values)
    named = _named(evaluation)
    return Calculation(evaluation.values, evaluation.problems, _headlines(evaluation, named),
                       named, evaluation.kept, len(evaluation.formulas))


def calculate_bounded(source: str | Path, target: str | Path | None = None,
                      recalculate: bool = False) -> Calculation:
    """:func:`calculate` in a worker process under the time and memory bounds of
    :mod:`xlahp.workbook.workers`, as ``xlahp report`` evaluates each workbook: a
    hostile or unlucky file costs one message, not the machine.  The file is
    checked (:mod:`.safety`) here first, before any worker or parser sees it."""
    from xlahp.workbook.workers import MAX_MEMORY, MAX_SECONDS, Failed, bounded_map, memory_bound

    source = Path(source)
    safety.check_workbook(source, target)
    [(_, result)] = list(bounded_map(_calculate_task, [(source, None, recalculate)], 1))
    limit, named = memory_bound()
    memory = named if limit < MAX_MEMORY else f"{MAX_MEMORY / 2**30:g} GiB"
    if isinstance(result, Failed):
        raise XlahpError(f"{source}: {result.reason}"
                         f" (bounds: {MAX_SECONDS:g} s, {memory})")
    if isinstance(result, XlahpError):
        raise result
    if target is not None:  # written here, where an interrupt still removes a partial file
        write_cached_values(source, target, result.values)
    return result


def _calculate_task(task: tuple[Path, Path | None, bool]) -> Calculation | XlahpError:
    """One :func:`calculate` in a worker (the parent checked the file); a refusal comes
    back as the exception."""
    try:
        return _calculate(*task)
    except XlahpError as error:
        return error


def _named(evaluation: Evaluation) -> dict[str, list[CellValue]]:
    """Every defined name's cells, row by row, as a viewer of the copy sees them."""
    named: dict[str, list[CellValue]] = {}
    for entry in evaluation.book.get_named_ranges():
        if entry.get("kind") not in ("cell", "range") or entry.get("scope") != "workbook":
            named.setdefault(entry["name"], [])
            continue
        top, left = entry["start_row"], entry["start_col"]
        bottom, right = entry["end_row"], entry["end_col"]
        named[entry["name"]] = _cells(entry["sheet"], top, left, bottom, right, evaluation.value)
    return named


def _cells(sheet: str, top: int, left: int, bottom: int, right: int,
           value: Callable[[str, str], CellValue]) -> list[CellValue]:
    if (bottom - top + 1) * (right - left + 1) > MAX_NAMED_CELLS:
        return []
    return [value(sheet, a1(r, c)) for r in range(top, bottom + 1) for c in range(left, right + 1)]


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
