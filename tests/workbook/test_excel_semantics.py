"""The engine computes what Excel shows, and never writes over what Excel computed.

Each workbook is built here with openpyxl (a tool that computes nothing, so
every formula is due) or "saved by Excel": the values Excel would have cached
are written into the file first (:func:`excel_saved`), as Excel does on save.
The expected values are Excel's (Microsoft's function reference and the
behaviour of Excel 365 on the same formulas).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from ..packages import rewritten
from xlahp.apps.cli import main
from xlahp.udfs import REGISTRY
from xlahp.workbook.cached_values import write_cached_values
from xlahp.workbook.values import ExcelError, read_formula_cells
from xlahp.workbook.calc import calculate
from xlahp.workbook.engine import evaluate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

#: The first worksheet's part in a workbook openpyxl wrote.
SHEET1 = r"xl/worksheets/sheet1\.xml"

FUNCTIONS = {name: f.func for name, f in REGISTRY.items()}
#: Excel's error values, which must be cached as error cells (t="e"), never as text.
ERROR_TEXT = re.compile(r'<c [^>]*t="str"[^>]*>(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)<v>#(?:NULL!|DIV/0!|'
                        r'VALUE!|REF!|NAME\?|NUM!|N/A|SPILL!|CALC!)</v>')


def workbook(path: Path, cells: dict[str, object], sheet: str = "S", setup=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for ref, value in cells.items():
        ws[ref] = value
    if setup:
        setup(wb, ws)
    wb.save(path)
    return path


def excel_saved(path: Path, cached: dict[str, object], sheet: str = "S") -> Path:
    """``path`` as Excel saves it: every formula cell carries the value Excel computed."""
    saved = path.with_name("excel-" + path.name)
    write_cached_values(path, saved, {(sheet, ref): v for ref, v in cached.items()})
    return saved


def no_error_as_text(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not ERROR_TEXT.search(package.read(name).decode()), name


# --- lazy evaluation: a loop in a branch not taken is no loop ---------------------

def test_if_does_not_follow_the_branch_not_taken(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"A1": "=IF(TRUE,5,1/B1)", "B1": "=IF(TRUE,7,1/A1)"})
    evaluation = evaluate(path, FUNCTIONS)
    assert evaluation.values == {("S", "A1"): 5, ("S", "B1"): 7}
    assert evaluation.problems == evaluation.kept == []


def test_index_over_a_range_holding_its_own_cell(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"C1": 2, "C2": 3, "C3": "=INDEX(C1:C3,1)*2",
                                          "D1": '=CHOOSE(1,C2,D1)'})
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "C3")] == 4 and values[("S", "D1")] == 3


def test_iferror_catches_a_failing_branch_and_a_refused_xlahp_call(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "A1": 1, "B1": 3, "A2": "x", "B2": 1,
        "D1": '=IFERROR(1/0,"none")',
        "D2": '=IFERROR(INDEX(AHP_WEIGHTS(A1:B2),1),"check the matrix")',
        "D3": "=ISERROR(AHP_CR(A1:B2))"})
    evaluation = evaluate(path, FUNCTIONS)
    assert evaluation.values[("S", "D1")] == "none"
    assert evaluation.values[("S", "D2")] == "check the matrix"
    assert evaluation.values[("S", "D3")] is True


# --- references the engine must resolve ------------------------------------------

def test_indirect_and_offset(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"C1": 2, "C2": 3, "D1": '=INDIRECT("C"&2)',
                                          "D2": "=SUM(OFFSET(C1,0,0,2,1))",
                                          "D3": '=INDIRECT("S!C1")*10'})
    values = evaluate(path, FUNCTIONS).values
    assert (values[("S", "D1")], values[("S", "D2")], values[("S", "D3")]) == (3, 5, 20)


def test_structured_references_to_a_table(tmp_path):
    def table(wb, ws):
        for r, row in enumerate((["Item", "Score"], ["P", 0.039], ["R", 0.181], ["G", 0.579]), 1):
            ws.cell(r, 1, row[0])
            ws.cell(r, 2, row[1])
        ws.add_table(Table(displayName="Weights", ref="A1:B4"))

    path = workbook(tmp_path / "a.xlsx", {"D1": "=SUM(Weights[Score])",
                                          "D2": "=INDEX(Weights[Score],3)",
                                          "D3": "=ROWS(Weights[Item])",
                                          "D4": '=VLOOKUP("R",Weights,2,FALSE)',
                                          "D5": "=Weights[[#Headers],[Score]]",
                                          "C3": "=Weights[@Score]*2",
                                          "D6": "=Weights[Nope]"}, setup=table)
    evaluation = evaluate(path, FUNCTIONS)
    values = evaluation.values
    assert values[("S", "D1")] == pytest.approx(0.799)
    assert values[("S", "D2")] == pytest.approx(0.579) and values[("S", "D3")] == 3
    assert values[("S", "D4")] == pytest.approx(0.181) and values[("S", "D5")] == "Score"
    assert values[("S", "C3")] == pytest.approx(0.362)   # this row's Score
    assert values[("S", "D6")] == ExcelError("#REF!")
    assert "S!D6: #REF!: Weights[Nope]: no column 'NOPE'" in [str(p) for p in evaluation.problems]


# --- loops that are followed ---------------------------------------------------------

def test_iterative_calculation_when_the_workbook_enables_it(tmp_path):
    def iterate(wb, ws):
        wb.calculation.iterate = True
        wb.calculation.iterateCount = 100
        wb.calculation.iterateDelta = 0.0001

    path = workbook(tmp_path / "a.xlsx", {"A1": "=A1*0.5+1"}, setup=iterate)
    evaluation = evaluate(path, FUNCTIONS)
    assert evaluation.values[("S", "A1")] == pytest.approx(2, abs=0.001)  # the fixed point
    assert evaluation.problems == []


def test_a_circular_reference_keeps_excels_value_and_is_reported(tmp_path, capsys):
    built = workbook(tmp_path / "a.xlsx", {"D6": "=AHP_RI(5)", "D7": "=D7*1.1+D6",
                                           "E7": "=D6*2"})
    # Excel without the add-in: #NAME? in the xlahp cells; the loop shows 0 (and a warning)
    saved = _as_errors(excel_saved(built, {"D6": "#NAME?", "D7": 0, "E7": "#NAME?"}),
                       ("D6", "E7"))
    assert main(["calc", str(saved), "-o", str(tmp_path / "out.xlsx")]) == 0
    out, err = capsys.readouterr()
    assert "S!D7: kept Excel's value (a circular reference; =D7*1.1+D6)" in err
    values = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["S"]
    assert values["D7"].value == 0 and values["E7"].value == pytest.approx(2.24)
    no_error_as_text(tmp_path / "out.xlsx")


def test_a_circular_reference_without_a_cached_value_is_explained(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"D7": "=D7*1.1"})
    evaluation = evaluate(path, FUNCTIONS)
    assert evaluation.values == {("S", "D7"): None}  # no value rather than a wrong one
    assert [str(p) for p in evaluation.problems] == [
        "S!D7: cannot be computed: a circular reference"]


def test_a_loop_through_indirect_is_reported_like_one_through_offset(tmp_path):
    """Issue 23.16: the engine learns where INDIRECT points while evaluating it, so a
    formula reaching itself through one was computed once as if it read a blank (E1 was
    1, I1 5) with no note; through OFFSET the same loop is a circular reference.  A loop
    in a branch not taken is no loop (L1)."""
    path = workbook(tmp_path / "a.xlsx", {
        "E1": '=INDIRECT("E1")+1', "H1": "=OFFSET(H1,0,0)+1", "I1": '=SUM(INDIRECT("I1:I3"))',
        "I2": 5, "J1": "=INDIRECT(ADDRESS(ROW(),COLUMN()))*2+3",
        "L1": '=IF(FALSE,INDIRECT("L1"),4)'})
    evaluation = evaluate(path, FUNCTIONS)
    assert evaluation.values == {("S", "E1"): None, ("S", "H1"): None, ("S", "I1"): None,
                                 ("S", "J1"): None, ("S", "L1"): 4}
    assert [str(p) for p in evaluation.problems] == [
        f"S!{cell}: cannot be computed: a circular reference" for cell in ("E1", "H1", "I1", "J1")]


def date1904(path: Path) -> Path:
    """``path`` in the 1904 date system (``<workbookPr date1904="1">``, Excel for Mac's
    default before 2011): serial 0 is 1 January 1904."""
    return rewritten(path, path.with_name("1904-" + path.name), {
        r"xl/workbook\.xml": lambda xml: re.sub(r"<workbookPr\b", '<workbookPr date1904="true"',
                                                xml, count=1)})


def test_a_workbook_of_the_1904_date_system_is_evaluated_in_it(tmp_path):
    """Issue 23.16: evaluated as 1900 with no note before.  Microsoft ("Differences between
    the 1900 and the 1904 date system in Excel"): the 1904 system's serials are 1,462 days
    less than the 1900 system's for the same date, serial 1 is 2 January 1904.
    YEARFRAC(0, 1462, 1) spans 1904-01-01 to 1908-01-02: 1,462 days over the average year
    of 1904–1908 (1,827 days / 5) in basis 1, actual/actual."""
    path = date1904(workbook(tmp_path / "a.xlsx", {
        "A1": "=DATE(2024,1,1)", "A2": "=YEAR(1)", "A3": '=TEXT(1,"yyyy-mm-dd")',
        "A4": "=WEEKDAY(1)", "A5": "=YEARFRAC(0,1462,1)", "A6": "=A1-DATE(2023,12,31)"}))
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "A1")] == 45292 - 1462
    assert values[("S", "A2")] == 1904
    assert values[("S", "A3")] == "1904-01-02"
    assert values[("S", "A4")] == 7  # a Saturday
    assert values[("S", "A5")] == pytest.approx(1462 / (1827 / 5), rel=1e-12)
    assert values[("S", "A6")] == 1


# --- dynamic arrays and legacy formulas ------------------------------------------------

def dynamic_array(path: Path, cell: str, area: str) -> Path:
    """Mark ``cell`` as Excel 365 saves a spilling formula: an array formula over the
    spill area whose cell carries dynamic-array metadata (``cm``)."""
    return rewritten(path, path.with_name("dynamic-" + path.name), {SHEET1: lambda text: re.sub(
        rf'<c r="{cell}"([^>]*)><f>', rf'<c r="{cell}"\1 cm="1"><f t="array" ref="{area}">',
        text)})


def test_a_blocked_spill_is_spill_and_a_legacy_formula_shows_its_top_left_value(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"A1": "=SEQUENCE(3)", "A2": "blocks the spill",
                                          "B1": "=SEQUENCE(3)", "B2": "in the way",
                                          "C1": "=C5:C7", "C5": 10, "C6": 20, "C7": 30})
    path = dynamic_array(path, "A1", "A1:A3")
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "A1")] == ExcelError("#SPILL!")
    assert values[("S", "B1")] == 1        # no dynamic-array flag: Excel's implicit intersection
    assert values[("S", "C1")] == ExcelError("#VALUE!")  # row 1 does not meet C5:C7


def test_a_legacy_array_formula_fills_its_range_and_no_more(tmp_path):
    from openpyxl.worksheet.formula import ArrayFormula

    def arrays(wb, ws):
        ws["A1"] = ArrayFormula("A1:A2", "=SEQUENCE(3)")   # shorter than the result
        ws["B1"] = ArrayFormula("B1:B4", "=SEQUENCE(3)")   # longer: #N/A below
        ws["C1"] = ArrayFormula("C1:C3", "=5")             # one value fills the range

    path = workbook(tmp_path / "a.xlsx", {"D1": "=SUM(A1:A4)"}, setup=arrays)
    values = evaluate(path, FUNCTIONS).values
    assert [values[("S", f"A{r}")] for r in (1, 2)] == [1, 2]
    assert [values[("S", f"B{r}")] for r in (1, 2, 3, 4)] == [1, 2, 3, ExcelError("#N/A")]
    assert [values[("S", f"C{r}")] for r in (1, 2, 3)] == [5, 5, 5]
    assert values[("S", "D1")] == 3  # A3 is not part of the array: nothing spilled there


# --- matrix functions the engine lacks, added as Excel defines them ---------------------

def test_mmult_minverse_mdeterm(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "A1": 1, "B1": 2, "A2": 3, "B2": 4, "E1": 1, "F1": 2, "E2": 2, "F2": 4,
        "D1": "=SUM(MMULT(A1:B2,A1:B2))", "D2": "=MDETERM(A1:B2)",
        "D3": "=INDEX(MINVERSE(A1:B2),1,1)", "D4": "=MMULT(A1:B2,A1:A1)",
        "D5": "=INDEX(MINVERSE(E1:F2),1,1)", "D6": "=MMULT(A1:B2,G1:G2)"})
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "D1")] == 54
    assert values[("S", "D2")] == pytest.approx(-2) and values[("S", "D3")] == pytest.approx(-2)
    assert values[("S", "D4")] == values[("S", "D6")] == ExcelError("#VALUE!")  # shape; blanks
    assert values[("S", "D5")] == ExcelError("#NUM!")  # singular


# --- what Excel computed stays --------------------------------------------------------

def test_an_excel_saved_workbook_without_xlahp_cells_is_left_as_it_is(tmp_path):
    built = workbook(tmp_path / "a.xlsx", {"A1": 2, "A2": "=A1*3", "A3": "=INFO(\"osversion\")"})
    saved = excel_saved(built, {"A2": 6, "A3": "Windows (64-bit) NT 10.00"})
    result = calculate(saved, tmp_path / "out.xlsx")
    assert result.values == {} and result.kept == [] and result.unchanged == 2
    assert read_formula_cells(tmp_path / "out.xlsx")[0][("S", "A3")].cached == \
        "Windows (64-bit) NT 10.00"


def test_only_xlahp_cells_and_what_depends_on_them_are_computed(tmp_path):
    built = workbook(tmp_path / "a.xlsx", {
        "A1": 1, "B1": 3, "A2": "=1/B1", "B2": 1,
        "D1": "=AHP_CR(A1:B2)", "D2": "=D1*100", "D3": "=A1+B1", "D4": '=INFO("system")'})
    # Excel without the add-in: #NAME? in the xlahp cell and its dependent
    saved = excel_saved(built, {"A2": 1 / 3, "D1": "#NAME?", "D2": "#NAME?", "D3": 4,
                                "D4": "pcdos"})
    saved = _as_errors(saved, ("D1", "D2"))
    evaluation = evaluate(saved, FUNCTIONS)
    assert evaluation.values == {("S", "D1"): 0, ("S", "D2"): 0}
    assert evaluation.kept == []


def test_a_function_the_engine_lacks_keeps_excels_value_when_its_inputs_changed(tmp_path):
    built = workbook(tmp_path / "a.xlsx", {
        "A1": 1, "B1": 3, "A2": "=1/B1", "B2": 1,
        "D1": "=AHP_CR(A1:B2)", "D2": '=INFO("system")&D1'})
    saved = _as_errors(excel_saved(built, {"A2": 1 / 3, "D1": "#NAME?", "D2": "pcdos0"}),
                       ("D1",))
    evaluation = evaluate(saved, FUNCTIONS)
    assert evaluation.values == {("S", "D1"): 0}
    assert [(k.cell, k.reason) for k in evaluation.kept] == [
        ("D2", "a function the engine does not know")]


def _as_errors(path: Path, cells: tuple[str, ...]) -> Path:
    """The cached text values of ``cells`` as Excel's error cells (t="e")."""
    def errors(text: str) -> str:
        for cell in cells:
            text = re.sub(rf'(<c r="{cell}"[^>]*) t="str"', r'\1 t="e"', text)
        return text

    return rewritten(path, path.with_name("e-" + path.name), {SHEET1: errors})


def test_no_formula_cell_of_any_output_carries_an_error_as_text(tmp_path):
    from xlahp.templates import build

    for example in (False, True):
        built = build(tmp_path / f"t{example}.xlsx", example=example)
        calculate(built, tmp_path / f"t{example}.calc.xlsx")
        no_error_as_text(tmp_path / f"t{example}.calc.xlsx")
        cells, _ = read_formula_cells(tmp_path / f"t{example}.calc.xlsx")
        assert all(c.has_cache for c in cells.values())  # a viewer need not recalculate


# --- Excel's limits, and arrays the engine would get wrong -------------------------------

def test_text_longer_than_excel_allows_is_value_error(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"A1": '=REPT(REPT("x",32767),32767)',
                                          "A2": '=REPT("x",20000)&REPT("y",20000)',
                                          "A3": '=LEN(REPT("x",32767))'})
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "A1")] == values[("S", "A2")] == ExcelError("#VALUE!")
    assert values[("S", "A3")] == 32767


def test_row_and_column_of_a_range_are_arrays(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "A1": "=SUM(ROW(B1:B3))", "A2": "=SUMPRODUCT((ROW($B$2:$B$5)>3)*1)",
        "A3": "=SUM(COLUMN(S!B1:D1))", "A4": "=ROW(B7)", "A5": '="ROW(B1:B3)"'})
    values = evaluate(path, FUNCTIONS).values
    assert [values[("S", f"A{r}")] for r in range(1, 6)] == [6, 2, 9, 7, "ROW(B1:B3)"]


def test_an_outer_product_beyond_the_bound_is_refused_not_allocated(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "A1": "=SUM(MMULT(SEQUENCE(20000),TRANSPOSE(SEQUENCE(20000))))",
        "A2": "=SUM(MMULT(SEQUENCE(200),TRANSPOSE(SEQUENCE(200))))"})
    values = evaluate(path, FUNCTIONS).values
    assert values[("S", "A1")] == ExcelError("#VALUE!")   # 400 million cells: not built
    assert values[("S", "A2")] == (200 * 201 // 2) ** 2


# --- the spellings under which workbooks store xlahp's functions --------------------------

@pytest.mark.parametrize("spelling", ["AHP_CR", "_xludf.AHP_CR", "_xldudf_AHP_CR",
                                      "XLWINGS.AHP_CR", "_xldudf_XLWINGS_AHP_CR"])
def test_every_stored_spelling_of_an_xlahp_function(tmp_path, spelling):
    from xlahp.core import paper

    cells = {f"{'ABC'[j]}{i + 1}": v for i, row in enumerate(paper.TABLE2) for j, v in
             enumerate(row)}
    path = workbook(tmp_path / "a.xlsx", {**cells, "E1": f"={spelling}(A1:C3)"})
    values = evaluate(path, FUNCTIONS).values
    assert round(values[("S", "E1")], 4) == paper.TABLE2_INCONSISTENCY


def test_report_reads_an_alliance_saved_by_an_office_js_add_in(tmp_path):
    """The paper's alliance as Excel saves it after xlwings Server (or Lite) computed it:
    every xlahp function stored as _xldudf_NAME — the same row as with plain names."""
    from xlahp.apps.portfolio import report
    from xlahp.templates import build

    (tmp_path / "plain").mkdir()
    plain = build(tmp_path / "plain" / "a.xlsx", example=True)
    stored = tmp_path / "addin" / "a.xlsx"
    stored.parent.mkdir()
    names = "|".join(sorted(FUNCTIONS, key=len, reverse=True))
    rewritten(plain, stored, {r"xl/worksheets/.*": lambda text: re.sub(
        rf"(?<![\w.])({names})\(", r"_xldudf_\1(", text)})
    assert b"_xldudf_AHP_WEIGHTS(" in zipfile.ZipFile(stored).read("xl/worksheets/sheet4.xml")  # 一対比較
    ours, theirs = report([plain], jobs=1), report([stored], jobs=1)
    columns = [c for c in ours.columns if c not in ("file", "理由 reason")]
    assert ours[columns].equals(theirs[columns])
    assert theirs["状態 status"][0] == "OK"


# --- Excel's numbers where they differ from IEEE arithmetic (issue 22, 2) -------------

def test_an_addition_or_subtraction_that_cancels_is_zero_as_its_last_operation(tmp_path):
    """Microsoft, "Floating-point arithmetic may give inaccurate results in Excel": Excel 97
    and later give =1.333+1.225-1.333-1.225 as 0 (Excel 95: -2.22E-16), and a balance check
    of 872932.5000000001 against 872932.5 is 0; =(43.1-43.2)+1 keeps its binary error
    (0.899999999999999), and inside parentheses (=(0.5-0.4-0.1), -2.78E-17 in Excel 2010),
    a function's argument or a comparison nothing is compensated."""
    path = workbook(tmp_path / "a.xlsx", {
        "A1": 872932.5000000001, "A2": 872932.5,
        "B1": "=1.333+1.225-1.333-1.225", "B2": "=A1-A2", "B3": "=(43.1-43.2)+1",
        "B4": "=0.5-0.4-0.1", "B5": "=(0.5-0.4-0.1)", "B6": "=ABS(A1-A2)", "B7": "=A1-A2=0",
        "B8": "=2*(A1-A2)", "B9": "=B2=0", "B10": "=A1+A2"})
    values = evaluate(path, FUNCTIONS).values
    assert [values[("S", f"B{i}")] for i in (1, 2, 4, 9)] == [0, 0, 0, True]
    assert values[("S", "B3")] == 0.8999999999999986
    assert values[("S", "B5")] == pytest.approx(-2.7755575615628914e-17, rel=1e-12)
    assert values[("S", "B6")] == pytest.approx(1.1641532182693481e-10, rel=1e-9)
    assert values[("S", "B7")] is False
    assert values[("S", "B8")] == pytest.approx(2.3283064365386963e-10, rel=1e-9)
    assert values[("S", "B10")] == 1745865.0


def test_a_dynamic_array_whose_spill_range_holds_excels_values_is_computed(tmp_path):
    """Excel saves a spill's cells as plain values beside the anchor's formula; when the
    array is due (here it reads an xlahp cell), it fills that range, not #SPILL!."""
    path = workbook(tmp_path / "a.xlsx", {
        "K3": 1, "L3": 2, "P1": 1, "Q1": 3, "P2": "=1/3", "Q2": 1,
        "M3": "=INDEX(AHP_WEIGHTS(P1:Q2),1)", "A1": "=TRANSPOSE(K3:M3)", "C1": "=SUM(A1:A3)"})
    saved = excel_saved(dynamic_array(path, "A1", "A1:A3"),
                        {"A1": 1, "A2": 2, "A3": ExcelError("#NAME?"), "P2": 1 / 3,
                         "M3": ExcelError("#NAME?"), "C1": ExcelError("#NAME?")})
    values = evaluate(saved, FUNCTIONS).values
    assert [values[("S", f"A{r}")] for r in (1, 2)] == [1, 2]
    assert values[("S", "A3")] == pytest.approx(0.75)
    assert values[("S", "C1")] == pytest.approx(3.75)
