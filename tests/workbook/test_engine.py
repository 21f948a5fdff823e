"""Headless evaluation (xlahp.workbook.engine) and cached values in a copy (xlahp.workbook.cached_values).

The workbooks are built here with openpyxl; the worksheet functions are toys
with the xlwings contract, so these tests do not depend on the AHP core.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from xlahp.core import paper
from xlahp.workbook.cached_values import ExcelError, write_cached_values
from xlahp.workbook.engine import CellProblem, evaluate
from xlahp.errors import XlahpError

MATRIX = [list(row) for row in paper.TABLE2]
GEOMEAN = np.prod(MATRIX, axis=1) ** (1 / 3) / np.sum(np.prod(MATRIX, axis=1) ** (1 / 3))
PAIRWISE = "一対比較"
FINANCE = "財務 Data"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- toy worksheet functions (xlwings contract) ------------------------------


def weights(matrix, method=None):
    """n×1 normalised row geometric means."""
    grid = np.asarray(matrix, dtype=float)
    if grid.shape[0] != grid.shape[1]:
        raise XlahpError(f"WEIGHTS: matrix is {grid.shape[0]}×{grid.shape[1]}, must be square")
    g = np.prod(grid, axis=1) ** (1 / len(grid))
    return [[w] for w in g / g.sum()]


def describe(value=None, extra=None):
    """What arrived, as text: "3x3:float" for a range, the type name for a scalar."""
    if isinstance(value, list):
        kinds = sorted({type(v).__name__ for row in value for v in row})
        return f"{len(value)}x{len(value[0])}:{','.join(kinds)}"
    return f"{type(value).__name__}:{value}"


def crash():
    return 1 / 0


FUNCTIONS = {"WEIGHTS": weights, "DESCRIBE": describe, "CRASH": crash}


# --- workbook fixtures ------------------------------------------------------


def build_workbook(path: Path) -> Path:
    """Two sheets: a pairwise matrix with custom-function formulas, and plain Excel."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PAIRWISE
    ws["A1"] = "重要度"
    ws["G1"] = "テキスト"
    for r, row in enumerate(MATRIX, start=2):
        for c, v in enumerate(row, start=2):
            ws.cell(r, c, v).fill = PatternFill("solid", fgColor="FFF2CC")
            ws.cell(r, c).protection = Protection(locked=False)
    ws["F2"] = "=INDEX(WEIGHTS(B2:D4),2)"
    ws["F3"] = "=SUM(WEIGHTS(B2:D4))"
    ws["F4"] = "=_xldudf_WEIGHTS(B2:D4)"           # Office.js custom function as Excel saves it
    ws["F5"] = "=INDEX(_xludf.WEIGHTS(B2:D4),3,1)"  # function unknown to Excel when typed
    ws["F6"] = "=WEIGHTS(B2:C4)"                    # not square: an explained error
    ws["F7"] = "=F6+1"                              # depends on the error
    ws["F8"] = "=CRASH()"
    ws["F9"] = "=_xlfn.SINGLE(WEIGHTS(B2:D4))"      # Excel 365's implicit intersection @
    ws["H2"] = ArrayFormula("H2:H4", "=WEIGHTS(B2:D4)")
    ws["J1"] = "=DESCRIBE(B2:D4)"
    ws["J2"] = "=DESCRIBE(A9)"                      # blank cell
    ws["J3"] = "=DESCRIBE(G1)"                      # text cell
    ws["J4"] = "=DESCRIBE(1/0)"                     # error value
    ws["J5"] = "=DESCRIBE(TRUE)"
    ws["J6"] = "=DESCRIBE(B2)"                      # a single cell is a scalar
    ws["J7"] = "=DESCRIBE()"                        # omitted argument
    ws["J8"] = "=DESCRIBE(B2:B4,G1:G2)"
    ws["F2"].font = Font(bold=True)
    ws.protection.sheet = True
    choice = DataValidation(type="list", formula1='"同じくらい重要,やや重要,かなり重要"')
    ws.add_data_validation(choice)
    choice.add("A2")
    ws.merge_cells("A5:A6")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=8, min_row=2, max_row=4))
    ws.add_chart(chart, "L2")

    fin = wb.create_sheet(FINANCE)
    fin["A1"], fin["A2"] = 10, 20
    fin["A3"] = "=SUM(A1:A2)"
    fin["A4"] = '=IF(A3>25,"high","low")'
    fin["A5"] = f"='{PAIRWISE}'!F2*100"
    fin["A6"] = "=A1/0"
    fin["A7"] = '=A3&"円"'
    fin["A8"] = "=A1>5"
    fin["A9"] = "=重み*2"
    fin["B1"] = "=A1"
    wb.defined_names["重み"] = DefinedName("重み", attr_text=f"'{PAIRWISE}'!$F$2")
    wb.save(path)
    return path


def as_xlsm(xlsx: Path, xlsm: Path) -> Path:
    """The workbook as a macro-enabled package with a (dummy) VBA project."""
    rel = (
        '<Relationship Id="rIdVBA" Target="vbaProject.bin" '
        'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>'
    )
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"<Default ",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"<Default ",
                    1,
                )
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            out.writestr(name, data)
        out.writestr("xl/vbaProject.bin", VBA_BYTES)
    return xlsm


VBA_BYTES = bytes(range(256)) * 8


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("book") / "提携評価.xlsx")


@pytest.fixture(scope="module")
def evaluation(book):
    return evaluate(book, FUNCTIONS)


@pytest.fixture(scope="module")
def written(book, evaluation, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "評価済み.xlsx"
    write_cached_values(book, out, evaluation.values)
    return out


# --- evaluation -------------------------------------------------------------


def value(evaluation, sheet, cell):
    return evaluation.values[(sheet, cell)]


def test_custom_function_results_through_index(evaluation):
    assert value(evaluation, PAIRWISE, "F2") == pytest.approx(GEOMEAN[1], rel=1e-12)
    assert value(evaluation, PAIRWISE, "F3") == pytest.approx(1.0, rel=1e-12)
    assert value(evaluation, PAIRWISE, "F5") == pytest.approx(GEOMEAN[2], rel=1e-12)


def test_array_result_in_one_cell_shows_its_top_left_value(evaluation):
    assert value(evaluation, PAIRWISE, "F4") == pytest.approx(GEOMEAN[0], rel=1e-12)
    assert value(evaluation, PAIRWISE, "F9") == pytest.approx(GEOMEAN[0], rel=1e-12)


def test_array_formula_fills_its_range(evaluation):
    got = [value(evaluation, PAIRWISE, f"H{r}") for r in (2, 3, 4)]
    assert got == pytest.approx(list(GEOMEAN), rel=1e-12)


def test_plain_excel_formulas(evaluation):
    assert value(evaluation, FINANCE, "A3") == 30
    assert value(evaluation, FINANCE, "A4") == "high"
    assert value(evaluation, FINANCE, "A5") == pytest.approx(100 * GEOMEAN[1], rel=1e-12)
    assert value(evaluation, FINANCE, "A6") == ExcelError("#DIV/0!")
    assert isinstance(value(evaluation, FINANCE, "A6"), ExcelError)
    assert value(evaluation, FINANCE, "A7") == "30円"
    assert value(evaluation, FINANCE, "A8") is True
    assert value(evaluation, FINANCE, "A9") == pytest.approx(2 * GEOMEAN[1], rel=1e-12)
    assert value(evaluation, FINANCE, "B1") == 10


def test_only_formula_cells_are_reported(evaluation):
    assert (FINANCE, "A1") not in evaluation.values
    assert (PAIRWISE, "G1") not in evaluation.values
    assert (PAIRWISE, "B2") not in evaluation.values


def test_arguments_arrive_as_xlwings_passes_them(evaluation):
    assert value(evaluation, PAIRWISE, "J1") == "3x3:float"
    assert value(evaluation, PAIRWISE, "J2") == "NoneType:None"
    assert value(evaluation, PAIRWISE, "J3") == "str:テキスト"
    assert value(evaluation, PAIRWISE, "J4") == "str:#DIV/0!"
    assert value(evaluation, PAIRWISE, "J5") == "bool:True"
    assert value(evaluation, PAIRWISE, "J6") == "float:1.0"
    assert value(evaluation, PAIRWISE, "J7") == "NoneType:None"
    assert value(evaluation, PAIRWISE, "J8") == "3x1:float"


def test_errors_become_value_errors_with_a_message_per_cell(evaluation):
    assert value(evaluation, PAIRWISE, "F6") == ExcelError("#VALUE!")
    assert value(evaluation, PAIRWISE, "F7") == ExcelError("#VALUE!")
    assert value(evaluation, PAIRWISE, "F8") == ExcelError("#VALUE!")
    assert evaluation.problems == [  # root causes first, then what follows from them
        CellProblem(PAIRWISE, "F6", "WEIGHTS: matrix is 3×2, must be square"),
        CellProblem(PAIRWISE, "F8", "CRASH: internal error (ZeroDivisionError: division by zero)"),
        CellProblem(PAIRWISE, "F7", "#VALUE! (follows from an error it refers to)", root=False),
    ]
    assert str(evaluation.problems[0]) == "一対比較!F6: WEIGHTS: matrix is 3×2, must be square"


def test_input_file_is_only_read(tmp_path):
    path = build_workbook(tmp_path / "in.xlsx")
    before = path.read_bytes()
    evaluation = evaluate(path, FUNCTIONS)
    write_cached_values(path, tmp_path / "out.xlsx", evaluation.values)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "out.xlsx"]


def test_functions_are_bound_per_evaluation(book):
    evaluate(book, FUNCTIONS)
    assert value(evaluate(book, {}), PAIRWISE, "F4") == ExcelError("#NAME?")


def test_a_builtin_name_is_refused(book):
    with pytest.raises(ValueError, match="SUM"):
        evaluate(book, {"SUM": weights})


def test_sheet_name_with_apostrophe_is_evaluated(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Bob's"
    wb.active["A1"] = "=1+1"
    wb.active["A2"] = "='Bob''s'!A1*3"
    wb.save(tmp_path / "a.xlsx")
    evaluation = evaluate(tmp_path / "a.xlsx", FUNCTIONS)
    assert evaluation.values == {("Bob's", "A1"): 2, ("Bob's", "A2"): 6}


# --- cached values in the copy ------------------------------------------------


def test_copy_shows_computed_values(written, evaluation):
    shown = openpyxl.load_workbook(written, data_only=True)
    for (sheet, cell), expected in evaluation.values.items():
        got = shown[sheet][cell].value
        if isinstance(expected, float):
            assert got == pytest.approx(expected, rel=1e-15), (sheet, cell)
        else:
            assert got == expected, (sheet, cell)


def test_cell_types_of_cached_values(written):
    with zipfile.ZipFile(written) as z:
        fin = etree.fromstring(z.read("xl/worksheets/sheet2.xml"))
    cells = {c.get("r"): c for c in fin.iter(f"{{{MAIN}}}c")}

    def typed(ref):
        c = cells[ref]
        return c.get("t"), c.findtext(f"{{{MAIN}}}v"), c.findtext(f"{{{MAIN}}}f")

    assert typed("A3") == (None, "30", "SUM(A1:A2)")
    assert typed("A4") == ("str", "high", 'IF(A3>25,"high","low")')
    assert typed("A6") == ("e", "#DIV/0!", "A1/0")
    assert typed("A8") == ("b", "1", "A1>5")


def test_copy_keeps_every_formula_and_everything_else(book, written):
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(written) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        assert changed == {
            "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
        }
        for name in sorted(changed - {"xl/workbook.xml"}):
            assert without_cached_values(a.read(name)) == without_cached_values(b.read(name))
        assert without_calc_properties(a.read("xl/workbook.xml")) == without_calc_properties(
            b.read("xl/workbook.xml")
        )
    original, copy = openpyxl.load_workbook(book), openpyxl.load_workbook(written)
    for sheet in original.sheetnames:
        for row in original[sheet].iter_rows():
            for a_cell in row:
                b_cell = copy[sheet][a_cell.coordinate]
                assert a_cell.style_id == b_cell.style_id
                if a_cell.value is not None:  # new values only in array formula ranges
                    assert as_text(a_cell.value) == as_text(b_cell.value)
    assert copy[PAIRWISE].protection.sheet
    assert copy[PAIRWISE].data_validations.dataValidation[0].formula1 == (
        '"同じくらい重要,やや重要,かなり重要"'
    )
    assert "重み" in copy.defined_names


def test_calc_properties_let_excel_show_cached_values(book, written):
    with zipfile.ZipFile(book) as z:
        assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml")  # openpyxl's default
    with zipfile.ZipFile(written) as z:
        calc = etree.fromstring(z.read("xl/workbook.xml")).find(f"{{{MAIN}}}calcPr")
    assert dict(calc.attrib) == {"calcId": "191029"}


def test_macro_enabled_workbook_keeps_its_vba_project(book, tmp_path):
    xlsm = as_xlsm(book, tmp_path / "マクロ.xlsm")
    before = xlsm.read_bytes()
    evaluation = evaluate(xlsm, FUNCTIONS)
    out = tmp_path / "out.xlsm"
    write_cached_values(xlsm, out, evaluation.values)
    assert xlsm.read_bytes() == before
    with zipfile.ZipFile(xlsm) as a, zipfile.ZipFile(out) as b:
        assert b.read("xl/vbaProject.bin") == VBA_BYTES
        for name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
            assert a.read(name) == b.read(name)
    assert evaluation.values[(PAIRWISE, "F2")] == pytest.approx(GEOMEAN[1], rel=1e-12)


def test_refuses_to_overwrite_a_constant_and_leaves_no_output(book, tmp_path):
    out = tmp_path / "out.xlsx"
    with pytest.raises(ValueError, match="not a formula cell"):
        write_cached_values(book, out, {(FINANCE, "A1"): 99.0})
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_write_over_its_input(tmp_path):
    path = build_workbook(tmp_path / "in.xlsx")
    with pytest.raises(XlahpError, match="must not be the input"):
        write_cached_values(path, path, {})


def test_existing_output_is_replaced_whole(book, evaluation, tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    write_cached_values(book, out, evaluation.values)
    assert zipfile.is_zipfile(out)
    with pytest.raises(ValueError):
        write_cached_values(book, out, {(PAIRWISE, "F2"): float("nan")})
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_text_is_escaped_as_excel_does(book, tmp_path):
    out = tmp_path / "out.xlsx"
    write_cached_values(book, out, {(FINANCE, "A4"): "a\x01b _x0041_ <&>"})
    with zipfile.ZipFile(out) as z:
        sheet = etree.fromstring(z.read("xl/worksheets/sheet2.xml"))
    (a4,) = (c for c in sheet.iter(f"{{{MAIN}}}c") if c.get("r") == "A4")
    assert a4.findtext(f"{{{MAIN}}}v") == "a_x0001_b _x005F_x0041_ <&>"


# --- LibreOffice shows the cached values ---------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_cached_values(written, evaluation, tmp_path):
    shown = libreoffice_csv(written, tmp_path)
    for (sheet, cell), expected in evaluation.values.items():
        got = shown[sheet][cell]
        if isinstance(expected, ExcelError):
            # LibreOffice recalculates cells cached as errors; it does not know
            # our functions, so theirs read #NAME? there.
            assert got.startswith("#"), (sheet, cell, got)
        elif (sheet, cell) in {(PAIRWISE, "H2"), (PAIRWISE, "H3"), (PAIRWISE, "H4")}:
            # LibreOffice (7.4) recalculates array formulas on load, whatever is cached.
            assert got in {"#NAME?", f"{expected:.15g}"}, (sheet, cell, got)
        elif isinstance(expected, bool):
            assert got == str(expected).upper(), (sheet, cell)
        elif isinstance(expected, (int, float)):
            assert float(got) == pytest.approx(expected, rel=1e-14), (sheet, cell)
        else:
            assert got == expected, (sheet, cell)


def libreoffice_csv(path: Path, folder: Path) -> dict[str, dict[str, str]]:
    """Each sheet as LibreOffice displays it (headless, fresh profile, UTF-8 CSV)."""
    # separator, quote, UTF-8, first line, formats, language, quoted text, detect
    # numbers, as shown, formulas, bom, every sheet to its own file (-1)
    every_sheet_utf8 = (
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    )
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
            "--convert-to", every_sheet_utf8, "--outdir", str(folder / "csv"), str(path),
        ],
        check=True, capture_output=True, timeout=180,
    )
    sheets = {}
    for sheet in openpyxl.load_workbook(path, read_only=True).sheetnames:
        with open(folder / "csv" / f"{path.stem}-{sheet}.csv", encoding="utf-8", newline="") as f:
            sheets[sheet] = {
                f"{openpyxl.utils.get_column_letter(c)}{r}": text
                for r, row in enumerate(csv.reader(f), start=1)
                for c, text in enumerate(row, start=1)
            }
    return sheets


# --- helpers ----------------------------------------------------------------------


def without_cached_values(xml: bytes) -> bytes:
    """Canonical sheet XML with formula results, and cells holding nothing, taken out."""
    root = etree.fromstring(xml)
    for c in root.iter(f"{{{MAIN}}}c"):
        if c.find(f"{{{MAIN}}}f") is not None or c.get("r") in array_children(root):
            for v in c.findall(f"{{{MAIN}}}v"):
                c.remove(v)
            c.attrib.pop("t", None)
        if len(c) == 0 and set(c.attrib) == {"r"}:
            c.getparent().remove(c)
    return etree.tostring(root, method="c14n")


def array_children(root) -> set[str]:
    from openpyxl.utils.cell import range_boundaries

    refs = set()
    for f in root.iter(f"{{{MAIN}}}f"):
        if f.get("t") == "array":
            c1, r1, c2, r2 = range_boundaries(f.get("ref"))
            refs |= {
                f"{openpyxl.utils.get_column_letter(c)}{r}"
                for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
            }
    return refs


def as_text(value) -> str:
    """A cell's content comparable across loads (an array formula by its text and range)."""
    if isinstance(value, ArrayFormula):
        return f"{{{value.text}}} {value.ref}"
    return repr(value)


def without_calc_properties(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for calc in root.findall(f"{{{MAIN}}}calcPr"):
        root.remove(calc)
    return etree.tostring(root, method="c14n")


# --- one workbook after another ---------------------------------------------


def test_a_second_copy_of_a_template_computes_its_own_inputs(tmp_path):
    """A copy with other inputs (and other refusals) gives exactly what a fresh
    evaluation gives: nothing of one workbook carries over to the next."""
    first = build_workbook(tmp_path / "first.xlsx")
    second = tmp_path / "second.xlsx"
    wb = openpyxl.load_workbook(first)
    wb[PAIRWISE]["C2"], wb[PAIRWISE]["D2"] = 7, 9
    wb.save(second)
    fresh = evaluate(second, FUNCTIONS)  # before this process has seen the first copy
    evaluate(first, FUNCTIONS)
    reused = evaluate(second, FUNCTIONS)
    assert reused.values == fresh.values
    assert reused.problems == fresh.problems
    assert reused.values != evaluate(first, FUNCTIONS).values


# --- one bad cell never sinks a workbook (issue 22, 1) ---------------------------------


def isolation_book(path: Path, formula, cached: dict[str, object] | None = None) -> Path:
    """The 3×3 matrix, an xlahp cell (E1) beside ``formula`` (E2), one cell that follows
    from each (E3: E2+1, E4: E1*2) and one from neither (E5); ``cached``: the values an
    Excel without the add-in would have saved (the xlahp cell carries none)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for r, row in enumerate(MATRIX, start=1):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c, v)
    ws["E1"] = "=INDEX(WEIGHTS(A1:C3),1)"
    ws["E2"] = formula
    ws["E3"], ws["E4"], ws["E5"] = "=E2+1", "=E1*2", "=A1+1"
    wb.save(path)
    if cached is None:
        return path
    saved = path.with_name("excel-" + path.name)
    write_cached_values(path, saved, {("S", ref): v for ref, v in cached.items()})
    return saved


@pytest.mark.parametrize("formula", ["='[elsewhere.xlsx]Sheet1'!A1", "=[elsewhere.xlsx]Sheet1!A1",
                                     "=SUM([3]Sheet1!A1:A3)"])
def test_a_reference_to_another_book_without_link_values_is_that_cells_error(tmp_path, formula):
    """A link some writers store with no externalLink part: that cell is #REF!, named with
    why; the xlahp cell beside it and everything else are computed."""
    result = evaluate(isolation_book(tmp_path / "link.xlsx", formula), FUNCTIONS)
    assert result.values[("S", "E1")] == pytest.approx(GEOMEAN[0])
    assert result.values[("S", "E4")] == pytest.approx(2 * GEOMEAN[0])
    assert result.values[("S", "E5")] == 2
    assert result.values[("S", "E2")] == ExcelError("#REF!")
    assert result.values[("S", "E3")] == ExcelError("#REF!")
    [root] = [p for p in result.problems if p.root]
    assert (root.sheet, root.cell) == ("S", "E2")
    assert "refers to another workbook that this file holds no link values for" in root.message


def test_a_link_without_link_values_keeps_the_value_excel_saved(tmp_path):
    """Where Excel saved a value for the link, the cell keeps it and its dependents use it."""
    saved = isolation_book(tmp_path / "link.xlsx", "='[elsewhere.xlsx]Sheet1'!A1",
                           {"E2": 5, "E3": 6, "E5": 2})
    result = evaluate(saved, FUNCTIONS, recalculate=True)
    assert ("S", "E2") not in result.values
    assert [k.cell for k in result.kept if "no link values" in k.reason] == ["E2"]
    assert result.values[("S", "E1")] == pytest.approx(GEOMEAN[0])
    assert result.value("S", "E3") == 6


def test_a_formula_the_engine_cannot_parse_is_that_cells_error(tmp_path):
    """A legacy array formula with an error code the engine does not know ("Invalid error
    code"), in a book where other cells carry Excel's values: only its cells fail."""
    wb = openpyxl.load_workbook(isolation_book(tmp_path / "parse.xlsx", "=1"))
    wb["S"]["G1"] = ArrayFormula("G1:G2", "=A1:A2+#FOO!")
    wb.save(tmp_path / "parse.xlsx")
    saved = tmp_path / "excel-parse.xlsx"
    write_cached_values(tmp_path / "parse.xlsx", saved, {("S", "E5"): 2, ("S", "E2"): 1,
                                                         ("S", "E3"): 2})
    result = evaluate(saved, FUNCTIONS)
    assert result.values[("S", "E1")] == pytest.approx(GEOMEAN[0])
    assert result.values[("S", "E4")] == pytest.approx(2 * GEOMEAN[0])
    assert result.values[("S", "G1")] == result.values[("S", "G2")] == ExcelError("#NAME?")
    messages = {p.cell: p.message for p in result.problems}
    assert messages["G1"].startswith("the formula =A1:A2+#FOO! cannot be evaluated "
                                     "(it does not parse")


def test_a_failure_no_message_explains_is_found_formula_by_formula(tmp_path, monkeypatch):
    """Where the engine's message names no formula's text, each formula is tried alone."""
    import re as regex

    from xlahp.workbook.engine import diagnose

    monkeypatch.setattr(diagnose, "_UNDEFINED", regex.compile(r"(?!)"))
    result = evaluate(isolation_book(tmp_path / "link.xlsx", "='[elsewhere.xlsx]Sheet1'!A1"),
                      FUNCTIONS)
    assert result.values[("S", "E1")] == pytest.approx(GEOMEAN[0])
    assert result.values[("S", "E2")] == ExcelError("#VALUE!")
    assert [p.cell for p in result.problems if p.root] == ["E2"]
    assert "the engine cannot compute it" in result.problems[0].message


def test_a_refusal_carries_its_function_and_reason_apart(tmp_path):
    """Issue 18: calc groups the cells whose inputs are wrong the same way by the refusal's
    reason, a field of the finding — not by cutting its message at ': '."""
    import openpyxl

    from xlahp.workbook.calc import calculate

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"], ws["B1"] = "=AHP_CR(C1:D3)", "=AHP_CI(C1:D3)"
    wb.save(tmp_path / "a.xlsx")
    found = {p.cell: p for p in calculate(tmp_path / "a.xlsx").problems}
    assert (found["A1"].function, found["B1"].function) == ("AHP_CR", "AHP_CI")
    assert found["A1"].reason == found["B1"].reason == "matrix is 3×2, must be square"
    assert found["A1"].message == "AHP_CR: matrix is 3×2, must be square"
