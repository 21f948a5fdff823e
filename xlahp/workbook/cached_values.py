"""Cached values: computed results written into a copy of a workbook.

An .xlsx/.xlsm keeps, next to each formula (``<c><f>``), the value last
computed for it (``<v>``, typed by the cell's ``t`` attribute). Excel and
LibreOffice show that cached value when they do not recalculate. This module
writes our values there and leaves everything else as it was:

- a formula keeps its ``<f>`` (shared and array formulas included); the cells
  of an array formula's range get their values too;
- zip entries other than the patched sheets and ``xl/workbook.xml`` are copied
  unchanged (styles, charts, drawings, sharedStrings, vbaProject.bin,
  calcChain — the set of formula cells does not change, so it stays valid);
- in a patched sheet, only the value and type of the formula cells change.

So that the cached values are what users see on opening:

- ``fullCalcOnLoad`` is removed (from ``<calcPr>`` in workbook.xml and from
  any ``<sheetCalcPr>``): it tells Excel to recalculate everything on load,
  which without the add-in turns every xlahp cell into #NAME?;
- ``calcId`` is raised to at least 191029, the calculation engine id that
  Excel 2016 to Microsoft 365 write: Excel fully recalculates a workbook whose
  calcId is lower than its own (MS-XLSB 2.4.315), and openpyxl writes 124519.

LibreOffice's default for Excel 2007+ files is "never recalculate"
(``Calc/Formula/Load/OOXMLRecalcMode`` = 1; 7.4 also ignores
``fullCalcOnLoad``), so it shows the cached values — except that on load it
recalculates (checked with 7.4) array formulas, cells cached as an error, and
volatile formulas (NOW, RAND, OFFSET, INDIRECT …). Not knowing the xlahp
functions, it shows #NAME? in such cells when they call one directly; a
template that wants its numbers visible there uses ``INDEX(AHP_WEIGHTS(…), i)``
per cell rather than an array formula.

Parts are inflated through :func:`xlahp.workbook.safety.read_member`, never beyond the
size their zip entry declares (``xlahp calc`` has checked those sizes with
:func:`xlahp.workbook.safety.check_workbook` before), and a part with a DOCTYPE is
refused rather than parsed.

Values are Python scalars: float/int (number), bool, str (text result,
``t="str"``), :class:`ExcelError` (``t="e"``), or None (no cached value).
"""

from __future__ import annotations

import math
import posixpath
import re
import shutil
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Union

from lxml import etree

from xlahp.errors import XlahpError
from xlahp.workbook.addresses import cells as range_cells, row_col
from xlahp.workbook.files import atomic_output, same_file
from xlahp.workbook.safety import read_member, resolve_part

#: calcId written by Excel 2016, 2019, 2021 and Microsoft 365.
EXCEL_CALC_ID = 191029

# huge_tree: Excel nests extension lists (extLst) deeper than libxml2's default of 256;
# the sizes and the absence of a DTD were checked before (xlahp.workbook.safety).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
# Children of <workbook> that come after <calcPr> (ECMA-376 CT_Workbook).
_AFTER_CALC_PR = {
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


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


def write_cached_values(
    source: str | Path, target: str | Path, values: Mapping[tuple[str, str], CellValue]
) -> None:
    """Write a copy of ``source`` to ``target`` with ``values`` cached in its formula cells.

    ``values`` maps ``(sheet name, "B9")`` to a value; every key must be a
    formula cell or lie in an array formula's range. ``source`` is only read;
    ``target`` appears complete or not at all.
    """
    source, target = Path(source), Path(target)
    if same_file(target, source):
        raise XlahpError(f"{target}: the output must not be the input file")
    by_sheet: dict[str, dict[str, CellValue]] = defaultdict(dict)
    for (sheet, ref), value in values.items():
        by_sheet[sheet][ref.replace("$", "").upper()] = value

    with zipfile.ZipFile(source) as package:
        workbook = office_document(package)
        sheets = _worksheet_parts(package, workbook)
        unknown = sorted(set(by_sheet) - set(sheets))
        if unknown:
            raise XlahpError(f"{source}: no worksheet named {', '.join(unknown)}")
        replaced: dict[str, bytes] = {}
        patched = _patch_calc_properties(read_member(package, workbook))
        if patched is not None:
            replaced[workbook] = patched
        for sheet, part in sheets.items():
            patched = _patch_sheet(read_member(package, part), by_sheet.get(sheet, {}), sheet)
            if patched is not None:
                replaced[part] = patched
        _write_package(package, replaced, source, target)


def office_document(package: zipfile.ZipFile) -> str:
    """The workbook part's name, e.g. ``xl/workbook.xml``."""
    for rel in parse_part(read_member(package, "_rels/.rels")).getroot():
        if rel.get("Type", "").endswith("/officeDocument"):
            return resolve_part("", rel.get("Target", ""))
    raise XlahpError("not a spreadsheet package: no officeDocument relationship")


def _worksheet_parts(package: zipfile.ZipFile, workbook: str) -> dict[str, str]:
    """Sheet name → part name, for the worksheets (not chartsheets) of the workbook."""
    folder, name = posixpath.split(workbook)
    rels = parse_part(read_member(package, posixpath.join(folder, "_rels", name + ".rels"))).getroot()
    targets = {
        rel.get("Id"): resolve_part(folder, rel.get("Target", ""))
        for rel in rels
        if rel.get("Type", "").endswith("/worksheet") and rel.get("TargetMode") != "External"
    }
    root = parse_part(read_member(package, workbook)).getroot()
    parts = {}
    for sheet in root.iter(tag(root, "sheet")):
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if rel_id in targets:
            parts[sheet.get("name")] = targets[rel_id]
    return parts


def _patch_calc_properties(data: bytes) -> bytes | None:
    """workbook.xml without ``fullCalcOnLoad`` and with a current ``calcId``; None if so already."""
    tree = parse_part(data)
    root = tree.getroot()
    calc = root.find(tag(root, "calcPr"))
    if calc is None:
        calc = root.makeelement(tag(root, "calcPr"))
        after = [i for i, e in enumerate(root) if etree.QName(e).localname in _AFTER_CALC_PR]
        root.insert(after[0] if after else len(root), calc)
    elif "fullCalcOnLoad" not in calc.attrib and int(calc.get("calcId", "0")) >= EXCEL_CALC_ID:
        return None
    calc.attrib.pop("fullCalcOnLoad", None)
    if int(calc.get("calcId", "0")) < EXCEL_CALC_ID:
        calc.set("calcId", str(EXCEL_CALC_ID))
    return _serialize(tree, data)


def _patch_sheet(data: bytes, values: Mapping[str, CellValue], sheet: str) -> bytes | None:
    """The worksheet XML with ``values`` cached; None if nothing needs to change."""
    tree = parse_part(data)
    root = tree.getroot()
    calc = root.find(tag(root, "sheetCalcPr"))
    full_calc = calc is not None and "fullCalcOnLoad" in calc.attrib
    if not values and not full_calc:
        return None
    if full_calc:
        del calc.attrib["fullCalcOnLoad"]
    if values:
        _cache(root.find(tag(root, "sheetData")), values, sheet)
    return _serialize(tree, data)


def _cache(rows: etree._Element, values: Mapping[str, CellValue], sheet: str) -> None:
    """Set the cached values in ``<sheetData>``, refusing any cell that holds no formula."""
    cells = {c.get("r"): c for c in _cells(rows)}
    formula = tag(rows, "f")
    in_arrays = set(_array_cells(rows.iter(formula)))
    for ref, value in values.items():
        cell = cells.get(ref)
        if cell is None and ref in in_arrays:
            cell = _new_cell(rows, ref)
        if cell is None or (cell.find(formula) is None and ref not in in_arrays):
            raise ValueError(f"{sheet}!{ref} is not a formula cell; its value is not ours to write")
        _set_value(cell, value)


def _cells(rows: etree._Element) -> Iterable[etree._Element]:
    for row in rows:
        for cell in row:
            if row.get("r") is None or cell.get("r") is None:
                raise XlahpError("rows and cells without an r attribute (cell address) cannot "
                                 "be written; save the workbook with Excel or LibreOffice first")
            yield cell


def _array_cells(formulas: Iterable[etree._Element]) -> Iterable[str]:
    """Every cell address covered by an array formula (``<f t="array" ref=…>``)."""
    for f in formulas:
        if f.get("t") == "array" and f.get("ref"):
            yield from range_cells(f.get("ref"))


def _new_cell(rows: etree._Element, ref: str) -> etree._Element:
    """An empty ``<c r=ref>`` inserted in order, in a new row if needed."""
    number, column = row_col(ref)
    row = next((r for r in rows if int(r.get("r")) >= number), None)
    if row is None or int(row.get("r")) != number:
        new_row = rows.makeelement(tag(rows, "row"), r=str(number))
        rows.insert(rows.index(row) if row is not None else len(rows), new_row)
        row = new_row
    later = next((c for c in row if row_col(c.get("r"))[1] > column), None)
    cell = row.makeelement(tag(row, "c"), r=ref)
    row.insert(row.index(later) if later is not None else len(row), cell)
    return cell


def _set_value(cell: etree._Element, value: CellValue) -> None:
    """Replace the cell's cached value and type; its formula and style stay."""
    for old in cell.findall(tag(cell, "v")) + cell.findall(tag(cell, "is")):
        cell.remove(old)
    cell.attrib.pop("vm", None)  # value metadata belonged to the old value
    kind, text = _typed(value)
    if kind:
        cell.set("t", kind)
    else:
        cell.attrib.pop("t", None)
    if text is None:
        return
    v = cell.makeelement(tag(cell, "v"))
    v.text = text
    f = cell.find(tag(cell, "f"))
    cell.insert(cell.index(f) + 1 if f is not None else 0, v)


def _typed(value: CellValue) -> tuple[str | None, str | None]:
    """The ``t`` attribute and ``<v>`` text for a value."""
    if value is None:
        return None, None
    if isinstance(value, ExcelError):
        return "e", str(value)
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, str):
        return "str", _CONTROL_CHARS.sub(
            lambda m: f"_x{ord(m.group()):04X}_", _ESCAPE_LOOKALIKE.sub(r"_x005F_\1", value)
        )
    if isinstance(value, int):
        return None, str(value)
    if isinstance(value, float) and math.isfinite(value):
        text = repr(value)
        return None, text[:-2] if text.endswith(".0") else text
    raise ValueError(f"cannot cache {value!r}")


def _write_package(
    package: zipfile.ZipFile, replaced: Mapping[str, bytes], source: Path, target: Path
) -> None:
    """Copy the package entry by entry, with ``replaced`` parts, atomically into ``target``."""
    with atomic_output(target) as temporary:
        with zipfile.ZipFile(temporary, "w") as out:
            out.comment = package.comment
            for info in package.infolist():
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                data = replaced.get(info.filename)
                out.writestr(copy, read_member(package, info) if data is None else data)
        shutil.copymode(source, temporary)


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
    """``<calcPr>`` of workbook.xml: whether Excel calculates iteratively."""

    iterate: bool = False
    iterate_count: int = 100      # Excel's defaults (ECMA-376 §18.2.2)
    iterate_delta: float = 0.001


def read_formula_cells(source: str | Path) -> tuple[dict[tuple[str, str], FormulaCell], CalcSettings]:
    """Every formula cell of every worksheet with the value the file caches for it,
    and the calculation settings.  Keys are ``(sheet name, "B9")``."""
    cells: dict[tuple[str, str], FormulaCell] = {}
    with zipfile.ZipFile(source) as package:
        workbook = office_document(package)
        root = parse_part(read_member(package, workbook)).getroot()
        calc = root.find(tag(root, "calcPr"))
        settings = CalcSettings()
        if calc is not None and calc.get("iterate") in ("1", "true"):
            settings = CalcSettings(True, int(float(calc.get("iterateCount", "100"))),
                                    float(calc.get("iterateDelta", "0.001")))
        strings = None
        for sheet, part in _worksheet_parts(package, workbook).items():
            tree = parse_part(read_member(package, part)).getroot()
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
                    for ref in _array_cells([f]):
                        areas.setdefault(ref, (sheet, cell.get("r")))
                        area_of.setdefault(ref, (f.get("ref"), cell.get("cm") is not None))
                elif f.get("t") == "shared" and f.get("ref"):
                    shared[f.get("si", "")] = cell.get("r")
            formula_cells = [f.getparent() for f in rows.iter(f_tag)]
            if areas or what_if:  # the other cells of array ranges hold values but no <f>
                formula_cells += [c for c in _cells(rows) if c.find(f_tag) is None
                                  and (c.get("r") in areas or c.get("r") in what_if)]
            for cell in formula_cells:
                ref = cell.get("r")
                if ref is None:
                    raise XlahpError("a formula cell without an r attribute (cell address); "
                                     "save the workbook with Excel or LibreOffice first")
                f = cell.find(f_tag)
                v = cell.find(v_tag)
                kind = cell.get("t", "n")
                if kind == "s" and v is not None and strings is None:
                    strings = _shared_strings(package, workbook)
                value = _read_value(kind, v.text if v is not None else None, strings)
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
    return cells, settings


@dataclass(frozen=True)
class TableDef:
    """An Excel table (ListObject): its name, sheet, range and column names."""

    name: str
    sheet: str
    ref: str
    columns: tuple[str, ...]
    header_row: bool
    totals_row: bool


def read_tables(source: str | Path) -> list[TableDef]:
    """The tables of every worksheet (``xl/tables/*.xml`` parts named by the sheets' rels)."""
    tables = []
    with zipfile.ZipFile(source) as package:
        workbook = office_document(package)
        names = set(package.namelist())
        for sheet, part in _worksheet_parts(package, workbook).items():
            folder, name = posixpath.split(part)
            rels_name = posixpath.join(folder, "_rels", name + ".rels")
            if rels_name not in names:
                continue
            for rel in parse_part(read_member(package, rels_name)).getroot():
                if not rel.get("Type", "").endswith("/table") or rel.get("TargetMode") == "External":
                    continue
                table_part = resolve_part(folder, rel.get("Target", ""))
                if table_part not in names:
                    continue
                root = parse_part(read_member(package, table_part)).getroot()
                columns = tuple(c.get("name", "") for c in root.iter(tag(root, "tableColumn")))
                tables.append(TableDef(root.get("displayName") or root.get("name", ""), sheet,
                                       root.get("ref", ""), columns,
                                       root.get("headerRowCount", "1") != "0",
                                       root.get("totalsRowCount", "0") not in ("0", "")))
    return tables


def _read_value(kind: str, text: str | None, strings: list[str] | None) -> CellValue:
    if text is None:
        return None
    if kind == "e":
        return ExcelError(text) if text in ExcelError.CODES else ExcelError("#VALUE!")
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind in ("str", "inlineStr"):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    if kind == "s":
        return strings[int(text)] if strings and text.isdigit() and int(text) < len(strings) else ""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 and "." not in text \
        and "e" not in text.lower() else number


def _shared_strings(package: zipfile.ZipFile, workbook: str) -> list[str]:
    folder, name = posixpath.split(workbook)
    rels = parse_part(read_member(package, posixpath.join(folder, "_rels", name + ".rels"))).getroot()
    for rel in rels:
        if rel.get("Type", "").endswith("/sharedStrings"):
            root = parse_part(read_member(package, resolve_part(folder, rel.get("Target", "")))).getroot()
            t = tag(root, "t")
            return ["".join(x.text or "" for x in si.iter(t)) for si in root]
    return []


def parse_part(data: bytes) -> etree._ElementTree:
    tree = etree.fromstring(data, _PARSER).getroottree()
    if tree.docinfo.doctype:
        raise XlahpError("a DOCTYPE in a spreadsheet part is not accepted")
    return tree


def _serialize(tree: etree._ElementTree, original: bytes) -> bytes:
    """The tree as bytes, with an XML declaration like the original's."""
    declared = original.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")
    return etree.tostring(
        tree,
        xml_declaration=declared,
        encoding="UTF-8",
        standalone=tree.docinfo.standalone if declared else None,
    )


def tag(element: etree._Element, name: str) -> str:
    """``name`` in the element's own namespace (transitional or strict SpreadsheetML)."""
    return f"{{{etree.QName(element).namespace}}}{name}"
