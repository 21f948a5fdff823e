"""Bounds that bound, in the file layer (issue 23, items 5 and 6): what the safety check
looks at is what every reader loads, `new --from` reads under calc's worker bounds, and
calc's write step is linear in the cells it writes and inside the bound.  Times are the
documented bounds, checked in a subprocess, never a benchmark inside a unit test."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from xlahp.apps.cli import main
from xlahp.templates import build
from xlahp.workbook import safety
from xlahp.workbook.values import read_formula_cells
from xlahp.workbook.workers import MAX_SECONDS

from ..packages import rewritten

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

WORKBOOK_PART = "/xl/workbook.xml"


@pytest.fixture(scope="module")
def alliance(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("example") / "old.xlsx", example=True)


def two_workbook_parts(source: Path, target: Path) -> Path:
    """``source`` with a second workbook part that only ``[Content_Types].xml`` names
    (the one openpyxl loads), listing a sheet the first one does not."""
    rewritten(source, target, {
        r"\[Content_Types\]\.xml": lambda xml: xml.replace(f'PartName="{WORKBOOK_PART}"',
                                                           'PartName="/xl/other.xml"')})
    with zipfile.ZipFile(target, "a") as package:
        with zipfile.ZipFile(source) as original:
            package.writestr("xl/other.xml", original.read("xl/workbook.xml"))
            package.writestr("xl/_rels/other.xml.rels", original.read("xl/_rels/workbook.xml.rels"))
    return target


def test_a_package_naming_two_workbook_parts_is_refused_by_calc_and_new(alliance, tmp_path,
                                                                          capsys):
    """openpyxl finds the workbook through [Content_Types].xml, the check and the engine
    through _rels/.rels: a file where they differ would be checked as one workbook and
    loaded as another (issue 23.5: a 1.4 MB file loading 8 M cells in `new --from`)."""
    source = two_workbook_parts(alliance, tmp_path / "two.xlsx")
    for command in (["calc", str(source)],
                    ["new", "x", "--from", str(source), "-o", str(tmp_path / "n.xlsx")]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == (f"xlahp: {source}: the package names two workbook parts "
                       "(xl/workbook.xml in _rels/.rels, xl/other.xml in [Content_Types].xml); "
                       "programs would disagree on what it holds\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two.xlsx"]


def test_new_from_reads_the_old_workbook_in_a_bounded_worker(alliance, tmp_path, monkeypatch):
    """The old workbook is loaded by openpyxl in a worker under calc's bounds, never in
    the calling process (where nothing bounds it)."""
    def unbounded(*args, **kwargs):
        raise AssertionError("openpyxl loaded the old workbook in the calling process")

    monkeypatch.setattr("openpyxl.load_workbook", unbounded)
    monkeypatch.setattr("openpyxl.reader.excel.load_workbook", unbounded)
    out = tmp_path / "new.xlsx"
    assert main(["new", "後継", "--from", str(alliance), "-o", str(out)]) == 0
    monkeypatch.undo()
    answers = openpyxl.load_workbook(out).defined_names["Input_Answers"]
    assert answers is not None  # the new workbook was built, with what was carried
    assert safety.check_workbook(out) is not None


def array_over(path: Path, ref: str) -> Path:
    """A small file: one legacy (Ctrl+Shift+Enter) array formula ``{=1}`` over ``ref``."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A1"] = ArrayFormula(ref, "=1")
    wb.save(path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("ref, last", [("A1:WB600", "WB600"), ("A1:ALL1000", "ALL1000")])
def test_calc_of_one_array_formula_over_a_huge_range_ends_within_its_bound(tmp_path, ref, last):
    """Issue 23.6: the array's cells are written in one pass (the writer used to scan the
    rows for each new cell: 150 s for A1:WB600, 1000×1000 still running at 580 s in the
    unbounded parent).  The whole calc, write included, ends within the worker's bound —
    every cell of the range written — or stops with one line naming the bound."""
    source = array_over(tmp_path / "array.xlsx", ref)
    assert source.stat().st_size < 8_000
    out = tmp_path / "out.xlsx"
    done = subprocess.run([sys.executable, "-m", "xlahp", "calc", str(source), "-o", str(out)],
                          capture_output=True, text=True, timeout=MAX_SECONDS + 30)
    if done.returncode == 0:
        sheet = openpyxl.load_workbook(out, data_only=True, read_only=True)["S"]
        assert [[c.value for c in row] for row in sheet[f"{last}:{last}"]] == [[1]]
    else:
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "(bounds: " in done.stderr, done.stderr
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["array.xlsx"] + (["out.xlsx"] if done.returncode == 0 else []))


def plain(path: Path) -> Path:
    """A workbook that computes nothing: A2 = A1 * 3 due, A1 = 2."""
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A1"], wb.active["A2"] = 2, "=A1*3"
    wb.save(path)
    return path


@pytest.mark.parametrize("part, edit", [
    # a cell address in lower case: what Excel reads as A2 (was an internal error, exit 3)
    (r"xl/worksheets/sheet1\.xml", lambda xml: xml.replace('r="A2"', 'r="a2"')),
    # a part name spelt in another case in [Content_Types].xml: the same part (ECMA-376
    # Part 2, §9.1.1.1: part names compare as case-insensitive ASCII)
    (r"\[Content_Types\]\.xml", lambda xml: xml.replace(f'"{WORKBOOK_PART}"', '"/XL/Workbook.xml"')),
    # numbers as the schema allows them: leading zeros, an exponent, xsd:boolean "true"
    (r"xl/workbook\.xml", lambda xml: xml.replace(
        "<workbookPr", '<calcPr calcId="0191029" iterate="true" iterateCount="1E2" '
                       'iterateDelta="1.0E-3" fullCalcOnLoad="true"/><workbookPr', 1)),
    (r"xl/worksheets/sheet1\.xml", lambda xml: xml.replace('<row r="2"', '<row r="02" spans="1:1"')),
])
def test_unusual_but_legal_package_attributes_are_read(tmp_path, capsys, part, edit):
    """Issue 23.16: a legal spelling Excel does not write itself ends in a result (or a
    one-line refusal), never in "internal error"."""
    source = rewritten(plain(tmp_path / "plain.xlsx"), tmp_path / "odd.xlsx", {part: edit})
    out = tmp_path / "out.xlsx"
    assert main(["calc", str(source), "-o", str(out)]) == 0, capsys.readouterr().err
    cells, _ = read_formula_cells(out)  # (openpyxl itself refuses the last three)
    assert cells[("S", "A2")].cached == 6
