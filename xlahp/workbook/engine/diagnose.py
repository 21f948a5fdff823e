"""Why a cell shows an error: the refusal of our function it calls, a link with no saved
values, an unknown name — root causes first, then the cells that follow from them; and
the cells behind an evaluation that failed as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import get_close_matches
from typing import Any

import formualizer as fz

from xlahp.errors import one_line
from xlahp.workbook.addresses import row_col
from xlahp.workbook.engine.book import (ENGINE_ERRORS, INSPECTION_ERRORS, PREFIX, PROBE_COL,
                                        PROBE_ROW, Messages, called_names, cells_in,
                                        engine_message, formula_of, order, quote)
from xlahp.workbook.findings import CellProblem
from xlahp.workbook.formula_text import without_strings
from xlahp.workbook.values import CellValue, ExcelError, FormulaCell, Key


#: A reference the engine cannot resolve, as its error message names it.
_UNDEFINED = re.compile(r"Undefined (?:name|table): (.+?)\s*$")


def problems(book: fz.Workbook, values: Mapping[Key, CellValue],
             formulas: Mapping[Key, FormulaCell], own: set[Key], ours: set[str],
             messages: Messages) -> list[CellProblem]:
    """Each computed cell showing an error, with why: root causes (the cell's own
    inputs are wrong) first, then the cells that follow from an error."""
    found = list(messages.problems)
    explained = {(p.sheet, p.cell) for p in found}
    errors = {k for k, v in values.items() if isinstance(v, ExcelError) and k not in explained}
    place = order(formulas)
    for key in sorted(errors, key=place):
        text = formula_of(formulas, key)
        caused = _refers_to_error(book, key, values, formulas)
        message = function = None
        if key in own:
            function, message = _probe(book, key, book.get_formula(key[0], *row_col(key[1]))
                                       or text, ours, messages)
        link = external_reference(text or "")
        if message is None and values[key] == "#REF!" and link:
            message = (f"#REF!: {one_line(link, 60)} refers to another workbook that this file "
                       "holds no link values for; xlahp never opens other files")
        if message is None and values[key] == "#NAME?" and not caused:
            unknown = sorted(n for n in called_names(text) if n not in ours)
            guesses = [(n, m) for n in unknown for m in get_close_matches(n, ours, 1, 0.8)]
            message = (f"#NAME?: unknown function {guesses[0][0]} — did you mean {guesses[0][1]}?"
                       if guesses else f"#NAME?: a function or name in {one_line(text, 60)} "
                                       "is not known here")
        if message is None:
            if not caused and not (key in own):
                continue  # an Excel error value of the workbook's own making, as in Excel
            message = f"{values[key]}" + (" (follows from an error it refers to)" if caused else "")
        found.append(CellProblem(*key, message, root=not caused, function=function))
    return sorted(found, key=lambda p: (not p.root, place((p.sheet, p.cell))))


def _probe(book: fz.Workbook, key: Key, formula: str | None, ours: set[str],
           messages: Messages) -> tuple[str | None, str | None]:
    """The first xlahp call in the cell's formula that refuses — its function's name and
    its message —, found by evaluating that call alone in a free cell of the same sheet;
    (None, None) when none does."""
    if not formula:
        return None, None
    try:
        ast = fz.parse(formula)
    except ENGINE_ERRORS:  # no call of ours to probe: the cell's own message stands
        return None, None
    calls = []

    def walk(node: Any) -> None:
        name = node.get_function_name() if node.node_type() == "Function" else None
        if name and PREFIX.sub("", name.upper()) in ours:
            calls.append((PREFIX.sub("", name.upper()), node.to_formula()))
        for child in node.children():
            walk(child)

    walk(ast)
    sheet = key[0]
    for function, call in calls:
        messages.last = None
        try:
            book.set_formula(sheet, PROBE_ROW, PROBE_COL, "=" + call.lstrip("="))
            book.evaluate_cell(sheet, PROBE_ROW, PROBE_COL)
        except ENGINE_ERRORS:
            continue
        finally:
            try:
                book.set_value(sheet, PROBE_ROW, PROBE_COL, None)
            except ENGINE_ERRORS:
                pass
        if messages.last:
            return function, messages.last
    return None, None


#: A reference into another workbook, outside string literals: a quoted sheet
#: name holding [book] (sheet names cannot contain brackets), or [book]Sheet!
#: / [1]!Name not preceded by a name (Table1[Col] is a structured reference).
_EXTERNAL = re.compile(r"'(?:[^'\[]|'')*\[[^\]]*\](?:[^']|'')*'!"
                       r"|(?<![\w.\]])\[[^\[\]]+\][\w.]*!")


def external_reference(formula: str) -> str | None:
    """The first reference to another workbook in a formula, or None."""
    found = _EXTERNAL.search(without_strings(formula))
    return found.group(0) if found else None


def _refers_to_error(book: fz.Workbook, key: Key, values: Mapping[Key, CellValue],
                     formulas: Mapping[Key, FormulaCell]) -> bool:
    """Whether a cell the formula refers to shows an error."""
    try:
        report = book.precedents(f"{quote(key[0])}!{key[1]}", max_links=4096)
    except INSPECTION_ERRORS:  # the engine cannot say: the cell counts as a cause
        return False
    for precedent in report.precedents:
        reference = precedent.reference
        target = reference.address or reference.resolved
        if not target:
            continue
        for cell in cells_in(target, key[0]):
            value = values.get(cell)
            if value is None and cell in formulas:
                value = formulas[cell].cached
            if isinstance(value, ExcelError):
                return True
    return False


def culprits(book: fz.Workbook, due: Mapping[Key, FormulaCell], texts: Mapping[Key, str],
             error: BaseException) -> dict[Key, tuple[ExcelError, str]]:
    """The cells behind an evaluation that failed as a whole: those whose formula holds the
    reference the engine names; else each cell that fails evaluated alone."""
    named = _UNDEFINED.search(str(error))
    if named:
        name = named.group(1).strip().upper()
        link = external_reference(name + ("" if name.endswith("!") else "!"))
        code, reason = ((ExcelError("#REF!"), f"#REF!: {one_line(named.group(1), 60)} refers to "
                         "another workbook that this file holds no link values for; xlahp never "
                         "opens other files") if link else
                        (ExcelError("#NAME?"), f"#NAME?: {one_line(named.group(1), 60)} is not "
                                               "defined"))
        name = name.replace("$", "")
        found = {key: (code, reason) for key, text in texts.items()
                 if name in without_strings(text).upper().replace("$", "")}
        if found:
            return found
    # each formula alone, in a workbook of the same sheets and nothing else
    scratch = fz.Workbook()
    sheets = book.sheet_names
    for sheet in sheets:
        scratch.add_sheet(sheet)
    found = {}
    for key, text in texts.items():
        try:
            scratch.set_formula(key[0], PROBE_ROW, PROBE_COL, text)
            scratch.evaluate_cell(key[0], PROBE_ROW, PROBE_COL)
        except ENGINE_ERRORS as alone:
            found[key] = (ExcelError("#VALUE!"),
                          f"#VALUE!: the engine cannot compute it ({engine_message(alone)})")
        scratch.set_value(key[0], PROBE_ROW, PROBE_COL, None)
    return found
