"""Evaluating a workbook: what is due, the engine run on it, and what each due cell shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import formualizer as fz

from xlahp.errors import XlahpError, one_line
from xlahp.workbook.addresses import row_col
from xlahp.workbook.engine.book import (ENGINE_ERRORS, INSPECTION_ERRORS, Messages, called_names, formula_of,
                                        order, quote, split, take_out)
from xlahp.workbook.engine.convert import (CODES, WHY_NOT, cell_value, engine_value, error_value,
                                           kind, same, show)
from xlahp.workbook.engine.diagnose import culprits, problems
from xlahp.workbook.engine.load import WorksheetCallable, load
from xlahp.workbook.engine.rewrite import (engine_formulas, implicit_intersection, legacy_arrays,
                                           through_indirect)
from xlahp.workbook.findings import CellProblem, KeptValue
from xlahp.workbook.links import external_names
from xlahp.workbook.package import Package, as_package
from xlahp.workbook.values import (CellValue, DefinedRange, ExcelError, FormulaCell, Key,
                                   defined_names, read_formula_cells, read_tables)


@dataclass
class Evaluation:
    """What evaluating a workbook found.

    ``values`` — the value of each cell computed here (written into the copy);
    ``formulas`` — every formula cell of the file with its cached value;
    ``kept`` — cells that keep Excel's value although they were due, and why;
    ``problems`` — cells showing an error, root causes first.
    """

    values: dict[Key, CellValue]
    formulas: dict[Key, FormulaCell]
    kept: list[KeptValue]
    problems: list[CellProblem]
    #: the functions each formula cell calls (a shared formula's followers: their leader's)
    calls: Mapping[Key, set[str]] = field(default_factory=dict, repr=False)
    #: the workbook's defined names, each with the range it refers to (None: no plain range)
    names: Mapping[str, DefinedRange | None] = field(default_factory=dict, repr=False)
    #: the value of a cell that holds no formula (sheet, row, column), as the engine read it
    constant: Callable[[str, int, int], CellValue] | None = field(default=None, repr=False)

    def value(self, sheet: str, ref: str) -> CellValue:
        """The value a viewer of the written copy sees in any cell."""
        key = (sheet, ref)
        if key in self.values:
            return self.values[key]
        if key in self.formulas:
            return self.formulas[key].cached
        return self.constant(sheet, *row_col(ref)) if self.constant else None


def evaluate(source: str | Path | Package, functions: Mapping[str, WorksheetCallable],
             recalculate: bool = False) -> Evaluation:
    """Evaluate the .xlsx/.xlsm ``source`` (only read; a path, or the package the safety
    check read) with ``functions`` — Excel name → callable — bound.  See
    :mod:`xlahp.workbook.engine` for what is computed.

    With ``recalculate``, every formula is computed, as Excel's full recalculation
    (Ctrl+Alt+F9) does; a cell whose inputs are as Excel last computed them and
    whose value the engine gives differently still keeps Excel's value, listed in
    :data:`Evaluation.kept` — the way to see where the engine and Excel differ."""
    package = as_package(source)
    path = package.path
    try:
        formulas, settings = read_formula_cells(package)
        names = defined_names(package)
    except XlahpError:
        raise
    except Exception as error:  # noqa: BLE001 — a package the reader chokes on: one line
        raise XlahpError(f"{path}: cannot read the workbook's formulas "
                         f"({type(error).__name__}: {one_line(error)})") from error
    ours = {name.upper() for name in functions}
    calls = {key: called_names(formula_of(formulas, key)) for key in formulas}
    own = {key for key, names in calls.items() if names & ours}
    uncached = {key for key, cell in formulas.items() if not cell.has_cache}
    messages = Messages()
    book = load(package, settings, functions, messages)

    def constant(sheet: str, row: int, col: int) -> CellValue:
        return cell_value(book.get_value(sheet, row, col), settings.date1904)

    if not own and not uncached and not recalculate:  # everything is as Excel computed it
        return Evaluation({}, formulas, [], [], calls, names, constant)
    what_if = {key for key, cell in formulas.items() if cell.what_if}
    for key in sorted(what_if & uncached, key=order(formulas)):
        messages.problems.append(CellProblem(*key, "a what-if data table is computed only by "
                                                   "Excel (Data ▸ What-If Analysis); open the "
                                                   "workbook in Excel to fill it"))
    due = (set(formulas) if recalculate else own | uncached) - what_if
    if len(due) < len(formulas):
        due = (due | _dependents(book, due, formulas)) - what_if
        due |= {k for k, c in formulas.items() if c.area and c.leader in due}  # an array's range
        _pin(book, {k: c for k, c in formulas.items() if k not in due and c.leader not in due})
    due_cells = {k: c for k, c in formulas.items() if k in due}
    texts = engine_formulas(book, due_cells, read_tables(package), external_names(package),
                            messages)
    legacy_arrays(book, due_cells, texts, messages)
    _evaluate_all(path, book, due_cells, texts, messages)
    again = through_indirect(texts)
    if implicit_intersection(book, due_cells, texts, messages) or again:
        _evaluate_all(path, book, due_cells, texts, messages)

    changed = any(not same(engine_value(book, k, settings.date1904), formulas[k].cached)
                  for k in own)
    values, kept = _outcome(book, sorted(due, key=order(formulas)), formulas, own,
                            trusted=set() if changed else due - own - uncached, messages=messages,
                            date1904=settings.date1904)

    return Evaluation(values, formulas, kept, problems(book, values, formulas, own, ours, messages),
                      calls, names, constant)


def _outcome(book: fz.Workbook, due: list[Key], formulas: Mapping[Key, FormulaCell],
             own: set[Key], trusted: set[Key], messages: Messages, date1904: bool
             ) -> tuple[dict[Key, CellValue], list[KeptValue]]:
    """What each due cell shows in the copy: the engine's value, or Excel's kept.
    ``trusted``: cells whose inputs are as Excel computed them, where Excel's value
    stands whatever the engine says (a difference is listed)."""
    values: dict[Key, CellValue] = {}
    kept: list[KeptValue] = []
    for key in due:
        cell = formulas[key]
        text = formula_of(formulas, key) or ""
        if key in messages.broken:  # the engine could not take it: this cell alone
            code, reason = messages.broken[key]
            if cell.has_cache:
                kept.append(KeptValue(*key, text, reason))
            else:
                values[key] = code
                messages.problems.append(CellProblem(*key, reason))
            continue
        raw = book.get_value(key[0], *row_col(key[1]))
        what = kind(raw)
        if what == "Error":  # the engine could not parse it
            if cell.has_cache:
                kept.append(KeptValue(*key, text, "the engine cannot parse the formula"))
            else:
                values[key] = ExcelError("#NAME?")
                messages.problems.append(CellProblem(
                    *key, f"the formula {one_line(text, 60)} cannot be evaluated "
                          "(it does not parse)"))
            continue
        if cell.area and what == "Ref" and kind(
                book.get_value(key[0], *row_col(cell.leader[1] if cell.leader else key[1]))) != "Ref":
            # beyond the result: Excel's #N/A in a legacy array's range, a blank in a spill's
            raw, what = ((None, None) if cell.dynamic else ({"type": "Error", "kind": "Na"}, "Na"))
        if what is not None and what not in CODES:
            reason = WHY_NOT.get(what, f"the engine gives {what}")
            if cell.has_cache:
                kept.append(KeptValue(*key, text, reason))
            else:
                values[key] = None
                messages.problems.append(CellProblem(*key, f"cannot be computed: {reason}"))
            continue
        value = cell_value(raw, date1904)
        if value is None and cell.area and cell.leader and not isinstance(
                engine_value(book, cell.leader, date1904), ExcelError) and not cell.has_cache:
            messages.problems.append(CellProblem(*key, "no value: the engine's array from "
                                                       f"{cell.leader[1]} does not reach here"))
        if key in trusted:
            if not same(value, cell.cached):  # nothing it depends on changed: Excel is right
                kept.append(KeptValue(*key, text, f"the engine gives {show(value)}, "
                                                  f"Excel {show(cell.cached)}"))
            continue
        if (isinstance(value, ExcelError) and key not in own and cell.has_cache
                and not isinstance(cell.cached, ExcelError) and value == "#NAME?"):
            kept.append(KeptValue(*key, text, "a function the engine does not know"))
            continue
        values[key] = value

    return values, kept


def _evaluate_all(path: Path, book: fz.Workbook, due: Mapping[Key, FormulaCell],
                  texts: Mapping[Key, str], messages: Messages) -> None:
    """Evaluate; a formula that makes the engine fail as a whole (a reference it cannot
    resolve, such as another workbook's with no link values saved) is taken out, alone,
    and the rest evaluated again."""
    for _ in range(len(due) + 1):
        try:
            book.evaluate_all()
            return
        except ENGINE_ERRORS as error:
            blamed = culprits(book, due, texts, error)
            if not blamed:  # a failure no cell explains: one line, not a traceback
                raise XlahpError(f"{path}: the formula engine failed "
                                 f"({type(error).__name__}: {one_line(error)})") from error
            for key, (code, reason) in blamed.items():
                take_out(book, key, code, reason, messages, due[key].cached)


def _dependents(book: fz.Workbook, roots: set[Key], formulas: Mapping[Key, FormulaCell]) -> set[Key]:
    """Every formula cell that depends, directly or not, on one of ``roots``."""
    found: set[Key] = set()
    try:  # the engine builds its dependency graph on the first plan
        book.get_eval_plan([(s, *row_col(r)) for s, r in list(roots)[:1]])
    except INSPECTION_ERRORS:  # no graph to walk: evaluate everything
        return set(formulas)
    todo = [f"{quote(s)}!{r}" for s, r in roots]
    budget = 20 * len(formulas) + 1000
    while todo and budget > 0:
        address = todo.pop()
        budget -= 1
        try:
            report = book.dependents(address, max_results=len(formulas) + 1)
        except INSPECTION_ERRORS:
            return set(formulas)  # when in doubt, evaluate everything
        if report.truncation.incomplete:
            return set(formulas)
        for dependent in report.dependents:
            key = split(dependent.cell)
            if key in formulas and key not in found and key not in roots:
                found.add(key)
                todo.append(dependent.cell)
    return found if budget > 0 else set(formulas)


def _pin(book: fz.Workbook, cells: Mapping[Key, FormulaCell]) -> None:
    """Feed Excel's values of ``cells`` to the engine as constants."""
    for (sheet, ref), cell in cells.items():
        value = cell.cached
        book.set_value(sheet, *row_col(ref),
                       error_value(value) if isinstance(value, ExcelError) else value)
