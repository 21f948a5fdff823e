"""xlahp.workbook.inputs: cells written into a copy, everything else kept as it was — on
the committed template (charts, drop-downs, conditional formats, names) and on a
workbook Excel saved (shared strings, a chart; tests/corpus/PROVENANCE.md)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from xlahp.errors import XlahpError
from xlahp.workbook.addresses import row_col
from xlahp.workbook.package import open_package
from xlahp.workbook.inputs import Book, Formula

ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "workbooks" / "xlahp_template.xlsx"
EXCEL = ROOT / "tests" / "corpus" / "fin_sales_cogs_forecast.xlsx"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def first_sheet(path: Path) -> tuple[str, str]:
    return next(iter(open_package(path).worksheets.items()))


def cells(data: bytes) -> dict[str, etree._Element]:
    return {c.get("r"): c for c in etree.fromstring(data).iter(MAIN + "c")}


def c14n(element) -> bytes:
    return etree.tostring(element, method="c14n")


@pytest.mark.parametrize("path", [TEMPLATE, EXCEL], ids=["template", "excel-saved"])
def test_only_the_cells_written_change(tmp_path, path):
    sheet, part = first_sheet(path)
    before = parts(path)
    held = cells(before[part])
    typed = [r for r, c in held.items() if c.find(MAIN + "f") is None
             and (c.find(MAIN + "v") is not None or c.find(MAIN + "is") is not None)]
    value_cell = typed[0]
    text_cell = next((r for r in typed[1:] if held[r].get("t") == "s"), typed[1])
    new_cell = "AZ300"  # beyond the sheet's rows and columns
    out = tmp_path / "out.xlsx"
    with Book(path) as book:
        book.set(sheet, *row_col(value_cell), 1234.5)
        book.set(sheet, *row_col(new_cell), "取込 — テキスト")
        book.set(sheet, *row_col(text_cell), Formula("1+1", 2))
        book.save(out)
    after = parts(out)
    assert list(after) == list(before)
    assert all(after[n] == before[n] for n in before if n != part)  # every other part, bytes
    new_root, old_root = etree.fromstring(after[part]), etree.fromstring(before[part])
    for old, new in zip(old_root, new_root):  # sheet views, columns, merges, validations …
        if old.tag != MAIN + "sheetData":
            assert c14n(old) == c14n(new)
    written = cells(after[part])
    for ref, cell in held.items():
        if ref not in (value_cell, text_cell):
            assert c14n(cell) == c14n(written[ref]), ref
        else:
            assert written[ref].get("s") == cell.get("s")  # the style stays
    with Book(out) as book:
        assert book.value(sheet, *row_col(value_cell)) == 1234.5
        assert book.value(sheet, *row_col(new_cell)) == "取込 — テキスト"
        assert book.value(sheet, *row_col(text_cell)) == Formula("1+1", 2)
    new_row = next(r for r in new_root.iter(MAIN + "row") if r.get("r") == "300")
    assert [c.get("r") for c in new_row] == [new_cell]


def test_values_and_names_are_read_as_the_workbook_holds_them():
    sheet, part = first_sheet(EXCEL)
    shared = [r for r, c in cells(parts(EXCEL)[part]).items() if c.get("t") == "s"]
    with Book(EXCEL) as book:  # shared strings resolved
        assert {book.value(sheet, *row_col(r)) for r in shared} >= {"Sales", "Cost of Goods Sold"}
    with Book(TEMPLATE) as book:
        area = book.area("Input_Current")
        assert (area.sheet, area.left, area.right) == ("財務諸表", 4, 4)
        assert book.value("財務諸表", 7, 4) == "百万円"  # an inline string
        assert isinstance(book.value("財務諸表", 8, 7), Formula)
        assert book.area("No_Such_Name") is None
        assert book.merged("財務諸表", 6, 12).right == 13  # the 取込元 line spans L:M


def test_a_name_that_is_not_a_range_is_refused(tmp_path):
    path = tmp_path / "names.xlsx"
    with zipfile.ZipFile(TEMPLATE) as z, zipfile.ZipFile(path, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"'\xe8\xb2\xa1\xe5\x8b\x99\xe8\xab\xb8\xe8\xa1\xa8'!$D$8:$D$",
                                    b"OFFSET(A1,1,1)+0*", 1)
            out.writestr(info, data)
    with Book(path) as book, pytest.raises(XlahpError, match="not a range of one of its"):
        book.area("Input_Current")
