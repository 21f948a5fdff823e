"""Formulas as the engine is to evaluate them: what Excel means where the engine reads
a formula otherwise — structured references (:mod:`..tables`), ROW/COLUMN of a range and
the zero of a cancelling sum (:mod:`..excel_functions`), names of linked books
(:mod:`..links`), empty arguments (:mod:`..empty_arguments`), legacy array formulas
filling their range, implicit intersection.  The file keeps its formulas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import formualizer as fz

from xlahp.workbook import empty_arguments, excel_functions
from xlahp.workbook.addresses import bounds, cells as range_cells, row_col
from xlahp.workbook.engine.book import ENGINE_ERRORS, Messages, called_names, quote, set_formula
from xlahp.workbook.engine.convert import kind
from xlahp.workbook.findings import CellProblem
from xlahp.workbook.links import rewrite as rewrite_linked_names
from xlahp.workbook.tables import StructuredReferenceError, rewrite as rewrite_tables
from xlahp.workbook.values import FormulaCell, Key, TableDef


def body(formula: str) -> str:
    """A formula without its ``=``, with Excel's stored ``_xlfn.SINGLE(`` as ``@(``."""
    return re.sub(r"_xlfn\.SINGLE\(", "@(", formula.lstrip("="), flags=re.I)


def engine_formulas(book: fz.Workbook, due: Mapping[Key, FormulaCell], tables: list[TableDef],
                    linked_names: dict, messages: Messages) -> dict[Key, str]:
    """The formula each due cell is evaluated with (cells of an array's range other
    than its anchor have none): structured references as plain ranges
    (:mod:`.tables`), ROW/COLUMN of a range as the array Excel gives
    (:mod:`.excel_functions`), names of linked books as their cells (:mod:`.links`),
    empty arguments as Excel reads them (:mod:`.empty_arguments`).
    The file keeps its formulas."""
    texts: dict[Key, str] = {}
    for (sheet, ref), cell in due.items():
        if cell.area and cell.leader:
            continue
        row, col = row_col(ref)
        text = cell.formula or _formula_in_engine(book, sheet, row, col)
        if not text:
            continue
        plain = text
        if tables and ("[" in plain or any(t.name.upper() in plain.upper() for t in tables)):
            home = next((t for t in tables if t.sheet == sheet and _inside(row, col, t.ref)), None)
            try:
                plain = rewrite_tables(plain, tables, row, home)
            except StructuredReferenceError as error:
                messages.problems.append(CellProblem(sheet, ref, f"#REF!: {error}"))
                plain = "=#REF!"
        if linked_names and "]" in plain:
            plain = rewrite_linked_names(plain, linked_names)
        plain = as_excel_reads(plain, cell.dynamic or bool(cell.area))
        if plain != text:
            try:
                book.set_formula(sheet, row, col, plain)
            except ENGINE_ERRORS:  # the engine refuses the rewritten form: evaluate as saved
                plain = text
        texts[(sheet, ref)] = plain
    return texts


@lru_cache(maxsize=2**16)  # a portfolio's workbooks share their formulas
def as_excel_reads(formula: str, spills: bool = True) -> str:
    """A formula (of plain references) as the engine must read it to compute what Excel
    does: ROW/COLUMN of a range as an array, empty arguments by Excel's rule, the forms
    the Excel-exact overrides take (``spills``: a dynamic or array formula, else a legacy
    one, whose lone ranges Excel intersects), the zero of a cancelling sum.  A function of
    the text alone, so kept for the next workbook."""
    if "ROW(" in formula.upper() or "COLUMN(" in formula.upper():
        formula = excel_functions.rewrite_row_column(formula)
    return excel_functions.rewrite(empty_arguments.rewrite(formula), spills=spills)


def _formula_in_engine(book: fz.Workbook, sheet: str, row: int, col: int) -> str | None:
    """A shared formula's follower as the engine expanded it."""
    text = book.get_formula(sheet, row, col)
    return None if not text else text if text.startswith("=") else "=" + text


def _inside(row: int, col: int, area: str) -> bool:
    left, top, right, bottom = bounds(area)
    return top <= row <= bottom and left <= col <= right


def legacy_arrays(book: fz.Workbook, due: Mapping[Key, FormulaCell],
                  texts: Mapping[Key, str], messages: Messages) -> None:
    """A legacy array formula (Ctrl+Shift+Enter) fills its range and no more: each
    cell of the range takes its element (a single row or column is repeated, as
    Excel does); the engine would spill it beyond.  A dynamic array whose spill range
    holds the values Excel saved (plain values in the file, which block the engine's
    spill) fills that range the same way, no element repeated.  The whole range, however
    large: the safety check bounds the cells an array formula spans (:mod:`..safety`)."""
    for (sheet, ref), cell in due.items():
        if not cell.area or cell.leader or (sheet, ref) not in texts:
            continue
        if cell.dynamic and not _saved_spill(due, cell, (sheet, ref)):
            continue
        inner = body(texts[(sheet, ref)])
        r0, c0 = row_col(ref)
        for target in _area(cell.area, sheet):
            r, c = row_col(target[1])
            i, j = r - r0 + 1, c - c0 + 1
            if not cell.dynamic:
                i, j = f"IF(ROWS({inner})=1,1,{i})", f"IF(COLUMNS({inner})=1,1,{j})"
            set_formula(book, target, f"=INDEX({inner},{i},{j})", messages,
                         due[target].cached if target in due else None, texts[(sheet, ref)])


def _saved_spill(due: Mapping[Key, FormulaCell], anchor: FormulaCell, key: Key) -> bool:
    """Whether a dynamic array's range holds the spill Excel saved (not a cell in its way)."""
    return anchor.has_cache and anchor.cached != "#SPILL!" and any(
        due[target].has_cache for target in _area(anchor.area, key[0])
        if target != key and target in due)


def _area(area: str, sheet: str) -> list[Key]:
    """The cells of an array formula's range."""
    return [(sheet, cell) for cell in range_cells(area)]


def through_indirect(texts: Mapping[Key, str]) -> bool:
    """Whether a due formula calls INDIRECT.  The engine learns where an INDIRECT points
    only while evaluating it, so a formula that reaches itself through one
    (``=INDIRECT("A1")+1`` in A1) is computed the first time as if it read a blank, with
    no loop said; evaluated once more, knowing the references, the engine finds the loop
    — a circular reference, as through OFFSET."""
    return any("INDIRECT" in called_names(text) for text in texts.values())


def implicit_intersection(book: fz.Workbook, due: Mapping[Key, FormulaCell],
                          texts: Mapping[Key, str], messages: Messages) -> bool:
    """A formula saved without Excel 365's dynamic-array flag is a legacy formula:
    an array result shows its top-left value and a range its implicit intersection,
    instead of spilling.  Such cells are re-entered as ``=@(…)``; True if any was."""
    redo = False
    for (sheet, ref), text in texts.items():
        cell = due[(sheet, ref)]
        if cell.dynamic or cell.area or cell.leader or (sheet, ref) in messages.broken:
            continue
        snapshot = book.inspect_cell(f"{quote(sheet)}!{ref}").cell
        if snapshot.spill is not None or kind(snapshot.value) == "Spill":
            set_formula(book, (sheet, ref), f"=@({body(text)})", messages, cell.cached)
            redo = True
        elif "_XLFN.SINGLE(" in text.upper():
            set_formula(book, (sheet, ref), "=" + body(text), messages, cell.cached)
            redo = True
    return redo
