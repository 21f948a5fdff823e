"""The workbooks of SPEC §3.2 (xlahp.templates): the committed files are the
builds, the structure is what users and tools rely on, the example holds the
paper's inputs, and evaluated headless it gives the paper's figures."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pytest

from xlahp import paper, pairwise
from xlahp.workbook import engine
from xlahp.finance import INDICATORS, PAPER_INDICATORS
from xlahp.pairwise import scale_label
from xlahp.templates import WORKBOOKS, build, write_workbooks
from xlahp.templates import accounts, ahp, alliance
from xlahp.paper import BANKRUPTCY_EXAMPLE_WEIGHTS
from xlahp.templates.case import ALLIANCE_FORMS, PAIRS
from xlahp.udfs import REGISTRY

COMMITTED = Path(__file__).resolve().parents[1] / "workbooks"
SHEETS = ["表紙", "アンケート", "一対比較", "財務諸表", "指標", "目標比較", "倒産指数", "例題 表2",
          "xlwings.conf"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    return {path.name: path for path in write_workbooks(folder)}


@pytest.fixture(scope="module")
def template(built):
    return openpyxl.load_workbook(built["xlahp_template.xlsx"])


@pytest.fixture(scope="module")
def example(built):
    return openpyxl.load_workbook(built["paper_example.xlsx"])


def named(wb, name):
    """The cell values of a defined name, row by row."""
    ((sheet, ref),) = wb.defined_names[name].destinations
    cells = wb[sheet][ref]
    if not isinstance(cells, tuple):
        return [cells.value]
    return [c.value for row in cells for c in (row if isinstance(row, tuple) else (row,))]


def formulas(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    yield ws.title, cell


# ---------------------------------------------------------------- reproducible

@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_committed_workbook_is_the_build(built, name):
    """Every zip entry (names, order, content) equals the committed file's; byte
    equality also holds where zlib is the same build."""
    with zipfile.ZipFile(built[name]) as new, zipfile.ZipFile(COMMITTED / name) as old:
        assert new.namelist() == old.namelist()
        for entry in new.namelist():
            assert new.read(entry) == old.read(entry), f"{name}: {entry} differs; " \
                "rebuild with: python -m xlahp.templates workbooks"


def test_rebuild_gives_identical_bytes(built, tmp_path):
    again = build(tmp_path / "again.xlsx", example=True)
    assert again.read_bytes() == built["paper_example.xlsx"].read_bytes()


# ---------------------------------------------------------------- structure

def test_sheet_names(template, example):
    assert template.sheetnames == SHEETS
    assert example.sheetnames == SHEETS


def test_xlwings_conf_names_the_udf_module(template):
    conf = template["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "xlahp.udfs")
    assert conf.max_row == 1 and conf.max_column == 2


@pytest.mark.parametrize("name", [*alliance.COVER_NAMES, "Input_KGI", "Input_KPI", "Input_Answers",
                                  "Input_MatrixSource", "Input_Criteria", "Input_Direct",
                                  "Input_Statement", "Input_Current", "Input_Selected",
                                  "Input_BankruptcyWeights", *ahp.RESULTS, "Result_Weights",
                                  "Result_Matrix", "Result_ValueIndex", "Result_Coverage",
                                  "Result_Contributions", "Result_Bankruptcy",
                                  "Result_BankruptcyWeighted"])
def test_defined_names(template, name):
    assert name in template.defined_names
    ((sheet, _),) = template.defined_names[name].destinations
    assert sheet in SHEETS


def test_cover_inputs_sit_on_the_cover_and_the_form_is_a_drop_down(template):
    cover = template[alliance.COVER]
    for name in alliance.COVER_NAMES:
        ((sheet, ref),) = template.defined_names[name].destinations
        assert sheet == alliance.COVER
        assert cover[ref.replace("$", "")].protection.locked is False
    ((_, form),) = template.defined_names["AllianceForm"].destinations
    lists = [dv.formula1 for dv in cover.data_validations.dataValidation
             if form.replace("$", "") in dv.sqref]
    assert lists == ['"' + ",".join(ALLIANCE_FORMS) + '"']


def test_questionnaire_has_a_row_per_pair_with_drop_downs(template):
    ws = template[ahp.QUESTIONNAIRE]
    validations = ws.data_validations.dataValidation
    scale = [ws.cell(row=ahp.SCALE_ROW + k, column=9).value for k in range(9)]
    assert scale == [scale_label(v) for v in range(1, 10)]
    assert len(PAIRS) == 10
    for k, (i, j) in enumerate(PAIRS):
        r = ahp.ANSWER_ROW + k
        assert ws[f"B{r}"].value == f"={ahp.criterion(i)}"
        assert ws[f"C{r}"].value == f"={ahp.criterion(j)}"
        which = [dv for dv in validations if f"D{r}" in dv.sqref]
        how = [dv for dv in validations if f"E{r}" in dv.sqref]
        assert [dv.formula1 for dv in which] == [f"$B{r}:$C{r}"]  # the two items of its row
        assert [dv.formula1 for dv in how] == [f"$I${ahp.SCALE_ROW}:$I${ahp.SCALE_ROW + 8}"]
    assert ws.cell(row=ahp.ANSWER_ROW + len(PAIRS), column=5).value is None


def test_criteria_come_from_one_list(template):
    assert named(template, "Input_Criteria") == list(paper.CRITERIA)
    assert named(template, "Input_CriteriaEN") == list(paper.CRITERIA_EN)


def test_matrix_cells_are_single_cell_index_formulas(template):
    ws = template[ahp.PAIRWISE]
    top = ahp.QUESTIONNAIRE_TOP + 1
    assert ws[f"C{top}"].value == "=INDEX(AHP_MATRIX('アンケート'!$B$6:$E$15,$C$6:$C$10),1,1)"
    used = ws[f"D{ahp.USED_TOP + 1}"].value
    assert used.startswith(f'=IF({ahp.SOURCE}="直接入力",') and "AHP" not in used


def test_formulas_call_the_worksheet_functions(template):
    text = "\n".join(cell.value for _, cell in formulas(template))
    for name in ("AHP_MATRIX", "AHP_WEIGHTS", "AHP_LAMBDA", "AHP_CI", "AHP_RI", "AHP_CR",
                 "AHP_TRIADS", "AHP_TRIADS_MAX", "AHP_TRIADS_P", "AHP_SUMMARY",
                 "FIN_INDICATOR", "FIN_DIRECTION", "BANKRUPTCY_INDEX", "VALUE_RATIO",
                 "VALUE_INDEX", "VALUE_CONTRIB", "VALUE_COVERAGE"):
        assert f"{name}(" in text, name
    ours = set(re.findall(r"\b([A-Z]+_[A-Z_]+)\(", text))
    assert ours <= set(REGISTRY), ours - set(REGISTRY)


def test_cr_is_labelled_as_superdecisions_inconsistency(template):
    ws = template[ahp.PAIRWISE]
    row = ahp.RESULT_ROW + ahp.RESULTS.index("Result_CR")
    assert ws[f"I{row}"].value == "C.R. (SuperDecisions の Inconsistency; 論文の「C.I.」)"
    assert ws[f"J{row}"].value.startswith("=AHP_CR(")
    ci = ahp.RESULT_ROW + ahp.RESULTS.index("Result_CI")
    assert ws[f"J{ci}"].value.startswith("=AHP_CI(") and "論文" not in ws[f"I{ci}"].value


def test_every_candidate_indicator_is_listed(template):
    assert named(template, "List_Indicators") == [i.name for i in accounts.INDICATOR_ROWS]
    assert set(named(template, "List_Indicators")) == set(INDICATORS)
    for k, criterion in enumerate(paper.CRITERIA):
        assert {INDICATORS[n].criterion for n in named(template, accounts.candidates_name(k))} \
            == {criterion}


def test_statement_header_names_the_periods(template):
    ws = template[accounts.STATEMENT_SHEET]
    head = [ws.cell(row=accounts.STATEMENT_HEAD, column=c).value.split("\n")[0]
            for c in range(4, 7)]
    assert head == ["当期", "前期", "目標"]


def test_inputs_unlocked_and_computed_cells_locked(template):
    for ws in template.worksheets:
        if ws.title == alliance.CONF:
            assert not ws.protection.sheet
            continue
        assert ws.protection.sheet and not ws.protection.password
        for row in ws.iter_rows():
            for cell in row:
                typed = cell.fill.fgColor.rgb == "00FFF2CC"
                if cell.value is not None or typed:
                    assert cell.protection.locked is not typed, f"{ws.title}!{cell.coordinate}"
    for _, cell in formulas(template):
        assert cell.protection.locked


def test_weights_and_ratios_have_number_formats(template):
    ws = template[ahp.PAIRWISE]
    assert ws[ahp.weight(0, None).replace("$", "")].number_format == "0.000"
    target = template[accounts.TARGET_SHEET]
    assert target[f"I{accounts.TARGET_HEAD + 1}"].number_format == "0.0%"


def test_pie_and_bar_charts(built):
    """図11's pie of the weights by criterion, and the bar chart of the contributions."""
    found = {}
    with zipfile.ZipFile(built["xlahp_template.xlsx"]) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/"):
                root = ElementTree.fromstring(z.read(name))
                kinds = {e.tag.split("}")[1] for e in root.iter()}
                refs = [e.text for e in root.iter() if e.tag.endswith("}f")]
                found[("pieChart" in kinds, "barChart" in kinds)] = refs
    assert found == {
        (True, False): ["'一対比較'!$I$6:$I$10", "'一対比較'!$J$6:$J$10"],
        (False, True): ["'目標比較'!$B$6:$B$10", "'目標比較'!$J$6:$J$10"],
    }


# ---------------------------------------------------------------- contents

def test_template_inputs_are_blank(template):
    assert all(v is None for v in named(template, "Input_Answers"))
    assert all(v is None for v in named(template, "Input_Current"))
    assert named(template, "AllianceName") == [None]
    assert named(template, "Input_Selected") == list(PAPER_INDICATORS)
    assert named(template, "Input_BankruptcyWeights") == list(BANKRUPTCY_EXAMPLE_WEIGHTS)


def test_example_answers_reproduce_fig8(example):
    ws = example[ahp.QUESTIONNAIRE]
    rows = [[paper.CRITERIA[i], paper.CRITERIA[j],
             ws[f"D{ahp.ANSWER_ROW + k}"].value, ws[f"E{ahp.ANSWER_ROW + k}"].value]
            for k, (i, j) in enumerate(PAIRS)]
    fig8 = np.array(paper.FIG8, dtype=float)
    assert np.allclose(pairwise.read_answers(rows, list(paper.CRITERIA)).values, fig8)
    assert np.allclose(pairwise.read_matrix(named_grid(example, "Input_Direct")).values, fig8)


def named_grid(wb, name):
    ((sheet, ref),) = wb.defined_names[name].destinations
    return [[c.value for c in row] for row in wb[sheet][ref]]


def test_example_statement_and_override_are_the_papers(example):
    ws = example[accounts.STATEMENT_SHEET]
    for period, figures in (("current", paper.STATEMENT_CURRENT),
                            ("previous", paper.STATEMENT_PREVIOUS),
                            ("target", paper.STATEMENT_TARGET)):
        for item, value in figures.items():
            ref = accounts.statement_cell(item, period).split("!")[1].replace("$", "")
            assert ws[ref].value == value
    filled = sum(v is not None for p in ("Current", "Previous", "Target")
                 for v in named(example, f"Input_{p}"))
    assert filled == sum(map(len, (paper.STATEMENT_CURRENT, paper.STATEMENT_PREVIOUS,
                                   paper.STATEMENT_TARGET)))
    indicators = example[accounts.INDICATOR_SHEET]
    row = next(r for r in range(1, indicators.max_row + 1)
               if indicators[f"C{r}"].value == "負債比率")
    assert indicators[f"J{row}"].value == paper.PRINTED_CURRENT["負債比率"]
    assert indicators[f"N{row}"].value == "論文記載値 (財務諸表の数値は未記載)"


def test_example_cover(example):
    assert named(example, "AllianceForm") == ["株式持ち合い"]
    assert "論文の例" in named(example, "AllianceName")[0]
    assert named(example, "Input_MatrixSource") == ["アンケート"]


# ---------------------------------------------------------------- evaluated

@pytest.fixture(scope="module")
def evaluated(built):
    result = engine.evaluate(built["paper_example.xlsx"],
                             {n: f.func for n, f in REGISTRY.items()})
    return result.values


def test_example_evaluates_to_the_papers_figures(evaluated):
    """図10 weights, the "C.I." 0.0554 (C.R.), N.C. = 0, and the indicators of 手順3."""
    weights = [evaluated[(ahp.PAIRWISE, f"J{ahp.WEIGHT_ROW + k}")] for k in range(ahp.N)]
    assert [round(w, 3) for w in weights] == list(paper.FIG8_WEIGHTS)

    def figure(name):
        return evaluated[(ahp.PAIRWISE, f"J{ahp.RESULT_ROW + ahp.RESULTS.index(name)}")]

    assert round(figure("Result_CR"), 4) == paper.FIG8_INCONSISTENCY
    assert round(figure("Result_CI"), 4) == paper.FIG8_CI
    assert figure("Result_NC") == paper.FIG8_NC
    assert figure("Result_Verdict") == "妥当 OK"
    rows = range(accounts.TARGET_HEAD + 1, accounts.TARGET_HEAD + 1 + ahp.N)
    current = {PAPER_INDICATORS[k]: evaluated[(accounts.TARGET_SHEET, f"G{r}")]
               for k, r in enumerate(rows)}
    target = {PAPER_INDICATORS[k]: evaluated[(accounts.TARGET_SHEET, f"H{r}")]
              for k, r in enumerate(rows)}
    for name, printed in paper.PRINTED_CURRENT.items():
        if name != "売上高":  # printed in 億円
            assert round(current[name], 2 if name == "総資本回転率" else 1) == printed, name
    for name, printed in paper.PRINTED_TARGET.items():
        assert round(target[name], 1) == printed, name
    assert target["負債比率"] == target["総資本回転率"] == ""  # no target: excluded


def test_direct_input_gives_the_same_weights(built, tmp_path):
    wb = openpyxl.load_workbook(built["paper_example.xlsx"])
    ((sheet, ref),) = wb.defined_names["Input_MatrixSource"].destinations
    wb[sheet][ref.replace("$", "")] = "直接入力"
    wb[ahp.QUESTIONNAIRE]["E6"] = None  # the questionnaire no longer matters
    wb.save(tmp_path / "direct.xlsx")
    values = engine.evaluate(tmp_path / "direct.xlsx",
                             {n: f.func for n, f in REGISTRY.items()}).values
    weights = [values[(ahp.PAIRWISE, f"J{ahp.WEIGHT_ROW + k}")] for k in range(ahp.N)]
    assert [round(w, 3) for w in weights] == list(paper.FIG8_WEIGHTS)
