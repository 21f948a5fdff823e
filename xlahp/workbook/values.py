"""The cells a workbook file holds: its formulas with the values Excel saved, its
tables, its defined names — and the types every module shares for a cell's value.

Read from a :class:`~xlahp.workbook.package.Package` (the file read once, checked by
:mod:`.safety`); the writer of values into a copy is :mod:`.cached_values`.

Values are Python scalars: float/int (number), bool, str (text), :class:`ExcelError`
(an error value such as ``#N/A``), or None (blank, or no saved value).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from lxml import etree

from xlahp.errors import XlahpError
from xlahp.workbook.addresses import cells as range_cells
from xlahp.workbook.package import Package, as_package, tag

Key = tuple[str, str]  # (sheet name, "B9")


class ExcelError(str):
    """An Excel error value such as ``#N/A``, cached with ``t="e"``."""

    CODES = frozenset(
        {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
    )

    def __new__(cls, code: str) -> "ExcelError":
        if code not in cls.CODES:
            raise ValueError(f"not an Excel error value: {code!r}")
        return super().__new__(cls, code)


CellValue = Union[float, int, bool, str, ExcelError, None]


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell as the file holds it: its formula (None in an array
    formula's or spill's other cells, and in a shared formula's followers, whose
    text is their leader's — see ``leader``) and the value last computed for it
    (``cached``; ``has_cache`` tells a cached blank from no cached value)."""

    formula: str | None
    cached: CellValue
    has_cache: bool
    leader: tuple[str, str] | None = None  # the cell whose <f> this cell shares or spills from
    #: an array formula's range (``"H2:H4"``) on its anchor cell
    area: str | None = None
    #: a dynamic-array formula (Excel 365: it spills); others are legacy formulas,
    #: evaluated with implicit intersection
    dynamic: bool = False
    #: a cell of a what-if data table (Data ▸ What-If Analysis ▸ Data Table)
    what_if: bool = False


@dataclass(frozen=True)
class CalcSettings:
    """``<calcPr>`` of workbook.xml: whether Excel calculates iteratively; ``<workbookPr>``:
    whether serial numbers count days from 1904-01-01 (Excel for Mac's old default)
    rather than from 1900-01-00."""

    iterate: bool = False
    iterate_count: int = 100      # Excel's defaults (ECMA-376 §18.2.2)
    iterate_delta: float = 0.001
    date1904: bool = False


def read_formula_cells(source: str | Path | Package) -> tuple[dict[Key, FormulaCell], CalcSettings]:
    """Every formula cell of every worksheet with the value the file caches for it,
    and the calculation settings.  Keys are ``(sheet name, "B9")``."""
    package = as_package(source)
    cells: dict[Key, FormulaCell] = {}
    for sheet, part in package.worksheets.items():
        tree = package.xml(part)
        rows = tree.find(tag(tree, "sheetData"))
        if rows is None:
            continue
        f_tag, v_tag = tag(tree, "f"), tag(tree, "v")
        areas: dict[str, tuple[str, str]] = {}  # cell of an array/spill area → its anchor
        area_of: dict[str, tuple[str, bool]] = {}  # … → the area, and whether it is dynamic
        shared: dict[str, str] = {}
        what_if: set[str] = set()
        for f in rows.iter(f_tag):
            cell = f.getparent()
            if f.get("t") == "dataTable" and f.get("ref"):
                what_if.update(range_cells(f.get("ref")))
            elif f.get("t") == "array" and f.get("ref"):
                for ref in array_cells([f]):
                    areas.setdefault(ref, (sheet, address(cell)))
                    area_of.setdefault(ref, (f.get("ref"), cell.get("cm") is not None))
            elif f.get("t") == "shared" and f.get("ref"):
                shared[f.get("si", "")] = address(cell)
        formula_cells = [f.getparent() for f in rows.iter(f_tag)]
        if areas or what_if:  # the other cells of array ranges hold values but no <f>
            formula_cells += [c for c in cells_of(rows) if c.find(f_tag) is None
                              and (address(c) in areas or address(c) in what_if)]
        for cell in formula_cells:
            ref = address(cell)
            if not ref:
                raise XlahpError("a formula cell without an r attribute (cell address); "
                                 "save the workbook with Excel or LibreOffice first")
            f = cell.find(f_tag)
            v = cell.find(v_tag)
            kind = cell.get("t", "n")
            value = _read_value(kind, v.text if v is not None else None, package)
            text = f.text if f is not None and f.text else None
            leader = None
            if f is not None and f.get("t") == "shared" and not f.get("ref"):
                leader = (sheet, shared.get(f.get("si", ""), ref))
            elif f is None and ref in areas:
                leader = areas[ref]
            # openpyxl writes an empty <v/> and computes nothing; Excel caches an
            # empty text result as t="str" with an empty <v>
            cached = v is not None and (v.text is not None or kind == "str")
            area, dynamic = area_of.get(ref, (None, cell.get("cm") is not None))
            cells[(sheet, ref)] = FormulaCell("=" + text if text else None,
                                              "" if cached and value is None else value,
                                              cached, leader, area, dynamic,
                                              ref in what_if)
        for ref, anchor in areas.items():  # cells of an array's range the file leaves out
            if (sheet, ref) not in cells:
                cells[(sheet, ref)] = FormulaCell(None, None, False, anchor, *area_of[ref])
    return cells, calc_settings(package)


def calc_settings(package: Package) -> CalcSettings:
    """``<calcPr>`` and ``<workbookPr>`` of the workbook part (a value that is no number
    where one is due counts as absent: Excel's default)."""
    root = package.xml(package.workbook)
    calc = root.find(tag(root, "calcPr"))
    properties = root.find(tag(root, "workbookPr"))
    date1904 = properties is not None and flag(properties.get("date1904"))
    if calc is None or not flag(calc.get("iterate")):
        return CalcSettings(date1904=date1904)
    return CalcSettings(True, int(number(calc.get("iterateCount"), 100)),
                        number(calc.get("iterateDelta"), 0.001), date1904)


def flag(text: str | None) -> bool:
    """An xsd:boolean attribute: "1" or "true" (surrounding blanks allowed)."""
    return (text or "").strip() in ("1", "true")


def number(text: str | None, default: float) -> float:
    """A numeric attribute (xsd:int, unsignedInt, double: ``0191029``, ``1E2``), or *default*
    where it is absent or no finite number."""
    try:
        value = float((text or "").strip())
    except ValueError:
        return default
    return value if math.isfinite(value) else default


@dataclass(frozen=True)
class TableDef:
    """An Excel table (ListObject): its name, sheet, range and column names."""

    name: str
    sheet: str
    ref: str
    columns: tuple[str, ...]
    header_row: bool
    totals_row: bool


def read_tables(source: str | Path | Package) -> list[TableDef]:
    """The tables of every worksheet (``xl/tables/*.xml`` parts named by the sheets' rels)."""
    package = as_package(source)
    tables = []
    for sheet, part in package.worksheets.items():
        for table_part in package.related(part, "table"):
            if not package.has(table_part):
                continue
            root = package.xml(table_part)
            columns = tuple(c.get("name", "") for c in root.iter(tag(root, "tableColumn")))
            tables.append(TableDef(root.get("displayName") or root.get("name", ""), sheet,
                                   root.get("ref", ""), columns,
                                   root.get("headerRowCount", "1") != "0",
                                   root.get("totalsRowCount", "0") not in ("0", "")))
    return tables


def _read_value(kind: str, text: str | None, package: Package) -> CellValue:
    if text is None:
        return None
    if kind == "e":
        return ExcelError(text) if text in ExcelError.CODES else ExcelError("#VALUE!")
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind in ("str", "inlineStr"):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    if kind == "s":
        strings = package.shared_strings
        return strings[int(text)] if text.isdigit() and int(text) < len(strings) else ""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 and "." not in text \
        and "e" not in text.lower() else number



def cells_of(rows: etree._Element) -> Iterable[etree._Element]:
    """The ``<c>`` elements of ``<sheetData>``, each with its address."""
    for row in rows:
        for cell in row:
            if row.get("r") is None or cell.get("r") is None:
                raise XlahpError("rows and cells without an r attribute (cell address) cannot "
                                 "be written; save the workbook with Excel or LibreOffice first")
            yield cell


def address(cell: etree._Element) -> str:
    """A cell's address as every reader keys it: ``r="b9"`` is B9, as Excel reads it."""
    return (cell.get("r") or "").strip().upper()


def array_cells(formulas: Iterable[etree._Element]) -> Iterable[str]:
    """Every cell address covered by an array formula (``<f t="array" ref=…>``)."""
    for f in formulas:
        if f.get("t") == "array" and f.get("ref"):
            yield from range_cells(f.get("ref"))


@dataclass(frozen=True)
class DefinedRange:
    """The one rectangle of one worksheet a defined name refers to (1-based, inclusive)."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int


#: 'Sheet name'!$A$1:$B$2, Sheet1!A1, Sheet1!$A:$C (whole columns), Sheet1!$2:$5 (whole rows).
_AREA = re.compile(r"(?:'((?:[^']|'')+)'|([^'!\[\]:,()\s]+))!"
                   r"(?:\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"
                   r"|\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})|\$?(\d+):\$?(\d+))")
_ROWS, _COLUMNS = 1_048_576, 16_384


def defined_names(source: str | Path | Package) -> dict[str, DefinedRange | None]:
    """Every defined name of the workbook → the range it refers to; None for a name that
    is no plain range of a worksheet (a formula, a constant, several areas, #REF!, a
    range of a sheet not in the file) or that belongs to one sheet only (``localSheetId``:
    a workbook-level name of the same spelling wins, as in a formula)."""
    package = as_package(source)
    root = package.xml(package.workbook)
    found: dict[str, DefinedRange | None] = {}
    names = root.find(tag(root, "definedNames"))
    for entry in names if names is not None else ():
        name = entry.get("name")
        if not name:
            continue
        area = None if entry.get("localSheetId") is not None else _area(
            (entry.text or "").strip().lstrip("="), package.worksheets)
        if area is not None or name not in found:
            found[name] = area
    return found


def _area(text: str, sheets: dict[str, str]) -> DefinedRange | None:
    match = _AREA.fullmatch(text)
    if not match:
        return None
    quoted, plain, c1, r1, c2, r2, whole1, whole2, row1, row2 = match.groups()
    sheet = quoted.replace("''", "'") if quoted else plain
    if sheet not in sheets:
        return None
    if c1:
        top, left = int(r1), _column(c1)
        bottom, right = (int(r2), _column(c2)) if c2 else (top, left)
    elif whole1:
        top, left, bottom, right = 1, _column(whole1), _ROWS, _column(whole2)
    else:
        top, left, bottom, right = int(row1), 1, int(row2), _COLUMNS
    top, bottom = sorted((top, bottom))
    left, right = sorted((left, right))
    if not (1 <= top and bottom <= _ROWS and 1 <= left and right <= _COLUMNS):
        return None
    return DefinedRange(sheet, top, left, bottom, right)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
