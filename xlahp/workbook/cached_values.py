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

Parts come from the :class:`~xlahp.workbook.package.Package` the file was read
into once (and checked: :func:`xlahp.workbook.safety.check_workbook`); the readers
of what the file holds are in :mod:`.values`.  The work is linear in the cells of
the patched sheets and in the values written (the cells an array formula fills are
created row by row in one pass).

Values (:data:`~xlahp.workbook.values.CellValue`) are cached as: a number, bool
(``t="b"``), text (``t="str"``), :class:`~xlahp.workbook.values.ExcelError`
(``t="e"``), or None (no cached value).
"""

from __future__ import annotations

import math
import re
import shutil
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from xlahp.errors import RefusedFile, XlahpError
from xlahp.workbook.addresses import row_col
from xlahp.workbook.files import atomic_output, same_file
from xlahp.workbook.package import Package, as_package, parse, tag
from xlahp.workbook.values import CellValue, ExcelError, address, array_cells, cells_of, number

#: calcId written by Excel 2016, 2019, 2021 and Microsoft 365.
EXCEL_CALC_ID = 191029

# Children of <workbook> that come after <calcPr> (ECMA-376 CT_Workbook).
_AFTER_CALC_PR = {
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def write_cached_values(source: str | Path | Package, target: str | Path,
                        values: Mapping[tuple[str, str], CellValue]) -> None:
    """Write a copy of ``source`` to ``target`` with ``values`` cached in its formula cells.

    ``values`` maps ``(sheet name, "B9")`` to a value; every key must be a
    formula cell or lie in an array formula's range. ``source`` is only read;
    ``target`` appears complete or not at all.
    """
    package = as_package(source)
    target = Path(target)
    if same_file(target, package.path):
        raise RefusedFile(f"{target}: the output must not be the input file")
    with atomic_output(target) as temporary:
        write_copy(package, temporary, values)


def write_copy(package: Package, out: Path, values: Mapping[tuple[str, str], CellValue]) -> None:
    """:func:`write_cached_values` into ``out``, a path the caller owns (and moves into place)."""
    by_sheet: dict[str, dict[str, CellValue]] = defaultdict(dict)
    for (sheet, ref), value in values.items():
        by_sheet[sheet][ref.replace("$", "").upper()] = value
    sheets = package.worksheets
    unknown = sorted(set(by_sheet) - set(sheets))
    if unknown:
        raise XlahpError(f"{package.path}: no worksheet named {', '.join(unknown)}")
    replaced: dict[str, bytes] = {}
    patched = _patch_calc_properties(package.part(package.workbook))
    if patched is not None:
        replaced[package.workbook] = patched
    for sheet, part in sheets.items():
        patched = _patch_sheet(package.part(part), by_sheet.get(sheet, {}), sheet)
        if patched is not None:
            replaced[part] = patched
    write_parts(package, out, replaced)


def write_parts(package: Package, out: Path, replaced: Mapping[str, bytes]) -> None:
    """A copy of *package* into ``out`` (a path the caller owns), entry by entry as it was
    — names, dates, compression, attributes — but for the *replaced* parts' bytes."""
    with zipfile.ZipFile(out, "w") as copy:
        copy.comment = package.zip.comment
        for info in package.zip.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = info.create_system
            data = replaced.get(info.filename)
            copy.writestr(entry, package.part(info.filename, keep=False) if data is None else data)
    shutil.copymode(package.path, out)


def _patch_calc_properties(data: bytes) -> bytes | None:
    """workbook.xml without ``fullCalcOnLoad`` and with a current ``calcId``; None if so already."""
    root = parse(data)
    calc = root.find(tag(root, "calcPr"))
    if calc is None:
        calc = root.makeelement(tag(root, "calcPr"))
        after = [i for i, e in enumerate(root) if etree.QName(e).localname in _AFTER_CALC_PR]
        root.insert(after[0] if after else len(root), calc)
    elif "fullCalcOnLoad" not in calc.attrib and number(calc.get("calcId"), 0) >= EXCEL_CALC_ID:
        return None
    calc.attrib.pop("fullCalcOnLoad", None)
    if number(calc.get("calcId"), 0) < EXCEL_CALC_ID:
        calc.set("calcId", str(EXCEL_CALC_ID))
    return _serialize(root, data)


def _patch_sheet(data: bytes, values: Mapping[str, CellValue], sheet: str) -> bytes | None:
    """The worksheet XML with ``values`` cached; None if nothing needs to change."""
    root = parse(data)
    calc = root.find(tag(root, "sheetCalcPr"))
    full_calc = calc is not None and "fullCalcOnLoad" in calc.attrib
    if not values and not full_calc:
        return None
    if full_calc:
        del calc.attrib["fullCalcOnLoad"]
    if values:
        _cache(root.find(tag(root, "sheetData")), values, sheet)
    return _serialize(root, data)


def _cache(rows: etree._Element, values: Mapping[str, CellValue], sheet: str) -> None:
    """Set the cached values in ``<sheetData>``, refusing any cell that holds no formula;
    the cells of an array formula's range that the file leaves out are made."""
    cells = {address(c): c for c in cells_of(rows)}
    formula = tag(rows, "f")
    in_arrays = set(array_cells(rows.iter(formula)))
    missing = [ref for ref in values if ref not in cells and ref in in_arrays]
    cells.update(_new_cells(rows, missing))
    for ref, value in values.items():
        cell = cells.get(ref)
        if cell is None or (cell.find(formula) is None and ref not in in_arrays):
            raise ValueError(f"{sheet}!{ref} is not a formula cell; its value is not ours to "
                             "write")  # the caller's mistake, not the file's
        _set_value(cell, value)


def _new_cells(rows: etree._Element, refs: list[str]) -> dict[str, etree._Element]:
    """Empty ``<c r=…>`` for each of ``refs``, each in its row (made where there is none),
    rows and cells kept in order: one pass over the rows, one sort per row touched."""
    if not refs:
        return {}
    wanted: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for ref in refs:
        number, column = row_col(ref)
        wanted[number].append((column, ref))
    existing = {_number(row): row for row in rows}
    made = {}
    for number, cells in wanted.items():
        row = existing.get(number)
        if row is None:
            row = existing[number] = rows.makeelement(tag(rows, "row"), r=str(number))
        for _, ref in cells:
            made[ref] = row.makeelement(tag(row, "c"), r=ref)
        old = [c for c in row if etree.QName(c).localname == "c"]
        rest = [c for c in row if etree.QName(c).localname != "c"]  # extLst stays last
        ordered = sorted([(row_col(address(c))[1], c) for c in old]
                         + [(column, made[ref]) for column, ref in cells], key=lambda p: p[0])
        row[:] = [c for _, c in ordered] + rest
    rows[:] = [row for _, row in sorted(existing.items())]
    return made


def _number(row: etree._Element) -> int:
    text = row.get("r", "")
    if not text.isdigit():
        raise XlahpError(f"a row numbered {text!r} cannot be written; save the workbook with "
                         "Excel or LibreOffice first")
    return int(text)


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
    raise ValueError(f"cannot cache {value!r}")  # the caller's mistake


def _serialize(root: etree._Element, original: bytes) -> bytes:
    """The tree as bytes, with an XML declaration like the original's."""
    declared = original.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")
    tree = root.getroottree()
    return etree.tostring(
        tree,
        xml_declaration=declared,
        encoding="UTF-8",
        standalone=tree.docinfo.standalone if declared else None,
    )
