"""The engine's workbook as the other engine modules use it: cell keys and addresses,
what the engine raises, the messages gathered while evaluating, and the one way a
formula is set into a cell (or that cell alone taken out of the evaluation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import formualizer as fz

from xlahp.errors import one_line
from xlahp.workbook.addresses import bounds, cells as range_cells, row_col
from xlahp.workbook.engine.convert import error_value
from xlahp.workbook.findings import CellProblem
from xlahp.workbook.formula_text import without_strings
from xlahp.workbook.values import CellValue, ExcelError, FormulaCell, Key


#: A function call in a formula (outside string literals: see :func:`called_names`).
_CALL = re.compile(r"(?<![\w.])((?:_XLUDF\.|_XLDUDF_|_XLFN\.|_XLWS\.)?[A-Z][A-Z0-9_.]*)\s*\(", re.I)


#: xlahp's storage prefixes of a function name (:data:`~.load.SPELLINGS`).
PREFIX = re.compile(r"^(?:_XLUDF\.|_XLDUDF_)?(?:XLWINGS[._])?", re.I)


@lru_cache(maxsize=2**16)  # a portfolio's workbooks share their formulas
def called_names(formula: str | None) -> frozenset[str]:
    """The function names a formula calls, upper case, without xlahp's storage prefixes.

    >>> sorted(called_names('=IF(A1,"AHP_CR(x)",INDEX(_xludf.AHP_WEIGHTS(B2:F6),1))'))
    ['AHP_WEIGHTS', 'IF', 'INDEX']
    """
    if not formula:
        return frozenset()
    return frozenset(PREFIX.sub("", name.upper())
                     for name in _CALL.findall(without_strings(formula)))


class Messages:
    """What our functions refused, for the problems list; the cells the engine could
    not take (``broken``: the error value each shows where Excel saved none, and why)."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.problems: list[CellProblem] = []
        self.broken: dict[Key, tuple[ExcelError, str]] = {}


#: A free cell for evaluating one call alone: XFD1048576 (safety limits keep sheets far from it).
PROBE_ROW, PROBE_COL = 1_048_576, 16_384

#: What the engine raises for one formula it cannot parse or resolve.
ENGINE_ERRORS = (RuntimeError, fz.ExcelEvaluationError, fz.ParserError)


#: What the engine's dependency and inspection calls raise where they cannot answer.
INSPECTION_ERRORS = ENGINE_ERRORS + (fz.InspectionError,)


def set_formula(book: fz.Workbook, key: Key, text: str, messages: Messages,
                cached: CellValue = None, saved: str | None = None) -> None:
    """``text`` into the engine's cell; a formula the engine cannot parse makes that cell
    alone broken (it shows Excel's value, ``cached``, to the cells that refer to it).
    ``saved``: the formula as the file holds it, for the message."""
    try:
        book.set_formula(key[0], *row_col(key[1]), text)
    except ENGINE_ERRORS as error:
        take_out(book, key, ExcelError("#NAME?"), f"the formula {one_line(saved or text, 60)} "
               f"cannot be evaluated (it does not parse: {engine_message(error)})",
               messages, cached)


def take_out(book: fz.Workbook, key: Key, code: ExcelError, reason: str, messages: Messages,
             cached: CellValue = None) -> None:
    """Take one cell out of the evaluation: it holds Excel's value (or ``code``) as a constant."""
    messages.broken[key] = (code, reason)
    value = code if cached is None else cached
    book.set_value(key[0], *row_col(key[1]),
                   error_value(value) if isinstance(value, ExcelError) else value)


def engine_message(error: BaseException) -> str:
    text = re.sub(r"^Backend error in parser: (?:ParserError at position \d+: )?", "", str(error))
    return one_line(re.sub(r" at position \d+$", "", text), 80)


def formula_of(formulas: Mapping[Key, FormulaCell], key: Key) -> str | None:
    """A formula cell's formula (a shared formula's follower: its leader's text)."""
    cell = formulas[key]
    while cell.formula is None and cell.leader and cell.leader != key and cell.leader in formulas:
        key, cell = cell.leader, formulas[cell.leader]
    return cell.formula


def quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def split(address: str) -> Key:
    sheet, _, ref = address.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, ref.replace("$", "")


def cells_in(address: str, default_sheet: str) -> Iterable[Key]:
    """The cells of an A1 address or range (none past 10,000)."""
    sheet, ref = split(address) if "!" in address else (default_sheet, address.replace("$", ""))
    try:
        left, top, right, bottom = bounds(ref)
    except (fz.ParserError, ValueError):  # not an A1 address (a name, say)
        return []
    if (bottom - top + 1) * (right - left + 1) > 10_000:
        return []
    return [(sheet, cell) for cell in range_cells(ref)]


def order(formulas: Mapping[Key, FormulaCell]) -> Callable[[Key], tuple]:
    """A sort key of cells: sheets as the file lists them, then row, then column."""
    sheets = {}
    for sheet, _ in formulas:
        sheets.setdefault(sheet, len(sheets))

    def key(k: Key) -> tuple:
        row, col = row_col(k[1])
        return sheets.get(k[0], len(sheets)), row, col

    return key
