"""The workbooks (xlahp.templates; README "The workbooks"): the committed files are the
builds, the structure is what users and tools rely on, the example holds the
paper's inputs, and evaluated headless it gives the paper's figures."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pytest

from xlahp.core import paper
from xlahp.core import pairwise
from xlahp.sheet import readers
from xlahp.workbook import engine
from xlahp.core.finance import INDICATORS, PAPER_INDICATORS
from xlahp.core.pairwise import scale_label
from xlahp.templates import WORKBOOKS, build, write_workbooks
from xlahp.templates import accounts, ahp, alliance, explanation, group, holding
from xlahp.core.paper import BANKRUPTCY_EXAMPLE_WEIGHTS
from xlahp.templates.case import ALLIANCE_FORMS, PAIRS
from xlahp.udfs import REGISTRY

COMMITTED = Path(__file__).resolve().parents[2] / "workbooks"
SHEETS = ["表紙", "説明資料", "アンケート", "一対比較", "集団評価", "財務諸表", "指標", "目標比較", "倒産指数",
          "保有株式", "推移", "xlwings.conf"]
#: the filled example also carries the paper's teaching example (例題 表2)
EXAMPLE_SHEETS = [*SHEETS[:-1], "例題 表2", SHEETS[-1]]


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

@pytest.mark.slow
@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_committed_workbook_is_the_build(built, name):
    """Every zip entry (names, order, content) equals the committed file's; byte
    equality also holds where zlib is the same build."""
    with zipfile.ZipFile(built[name]) as new, zipfile.ZipFile(COMMITTED / name) as old:
        assert new.namelist() == old.namelist()
        for entry in new.namelist():
            assert new.read(entry) == old.read(entry), f"{name}: {entry} differs; " \
                "rebuild with: python -m xlahp.templates workbooks"


@pytest.mark.slow
def test_rebuild_gives_identical_bytes(built, tmp_path):
    again = build(tmp_path / "again.xlsx", example=True, evaluated=True)
    assert again.read_bytes() == built["paper_example.xlsx"].read_bytes()
    plain = (build(tmp_path / f"plain{k}.xlsx", example=True) for k in (1, 2))
    assert len({p.read_bytes() for p in plain}) == 1


# ---------------------------------------------------------------- structure

def test_sheet_names(template, example):
    assert template.sheetnames == SHEETS
    assert example.sheetnames == EXAMPLE_SHEETS


def test_xlwings_conf_names_the_udf_module(template):
    conf = template["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "xlahp.udfs")
    assert conf.max_row == 1 and conf.max_column == 2
    assert conf.sheet_state == "hidden"  # a setting for the host: not shown, not printed


@pytest.mark.parametrize("name", [*alliance.COVER_NAMES, "Input_KGI", "Input_KPI", "Input_Answers",
                                  "Input_MatrixSource", "Input_Criteria", "Input_Direct",
                                  "Input_Statement", "Input_Current", "Input_Selected",
                                  "Input_BankruptcyWeights", *ahp.RESULTS, "Result_Weights",
                                  "Result_Matrix", "Result_ValueIndex", "Result_Coverage",
                                  "Result_Contributions", "Result_Bankruptcy",
                                  "Result_BankruptcyWeighted", "Group_Evaluators",
                                  "Group_Consensus", "Status_Group"])
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
    matrix = "INDEX(AHP_MATRIX('アンケート'!$B$6:$E$15,$C$6:$C$10),{})"
    assert ws[f"C{top}"].value == f"=IFERROR({matrix.format('1,1')},NA())"
    # an unanswered pair stays blank by a test a viewer without xlahp can compute too
    assert ws[f"D{top}"].value == \
        f"=IF('アンケート'!$E$6=\"\",\"\",IFERROR({matrix.format('1,2')},NA()))"
    assert ws[f"C{top + 1}"].value.startswith("=IF('アンケート'!$E$6=")
    used = ws[f"D{ahp.USED_TOP + 1}"].value
    assert used.startswith(f'=IF({ahp.chose(ahp.SOURCE, ahp.SOURCE_SPELLINGS[1])},')
    assert "AHP" not in used


def test_formulas_call_the_worksheet_functions(template):
    text = "\n".join(cell.value for _, cell in formulas(template))
    for name in ("AHP_MATRIX", "AHP_WEIGHTS", "AHP_LAMBDA", "AHP_CI", "AHP_RI", "AHP_CR",
                 "AHP_TRIADS", "AHP_TRIADS_MAX", "AHP_TRIADS_P", "AHP_SUMMARY", "AHP_SUGGEST",
                 "AHP_CHECK", "AHP_CHECK_ANSWERS", "FIN_INDICATOR", "FIN_DIRECTION", "FIN_AMOUNT",
                 "FIN_CHECK", "FIN_ITEM", "FIN_LEVEL", "BANKRUPTCY_INDEX", "BANKRUPTCY_PART",
                 "BANKRUPTCY_CHECK", "BANKRUPTCY_DRIVERS", "VALUE_SCORE", "VALUE_MEASURE",
                 "VALUE_INDEX", "VALUE_CONTRIB", "VALUE_COVERAGE", "VALUE_CHECK", "VALUE_STANDING",
                 "STATUS_OVERALL"):
        assert f"{name}(" in text, name
    ours = set(re.findall(r"\b([A-Z]+_[A-Z_]+)\(", text))
    assert ours <= set(REGISTRY), ours - set(REGISTRY)


def test_cr_is_labelled_as_superdecisions_inconsistency(template):
    ws = template[ahp.PAIRWISE]
    row = ahp.RESULT_ROW + ahp.RESULTS.index("Result_CR")
    assert ws[f"I{row}"].value == "C.R. (SuperDecisions の Inconsistency; 論文の「C.I.」)"
    assert "IFERROR(AHP_CR(" in ws[f"J{row}"].value
    ci = ahp.RESULT_ROW + ahp.RESULTS.index("Result_CI")
    assert "IFERROR(AHP_CI(" in ws[f"J{ci}"].value and "論文" not in ws[f"I{ci}"].value


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
    assert target[f"M{accounts.TARGET_HEAD + 1}"].number_format == "0.0%"  # the score


def test_pie_bar_and_line_charts(built):
    """図11's pie of the weights by criterion (on 一対比較 and on 説明資料), the bar chart of
    the contributions, and 推移's line of each KGI/KPI's achievement over the reviews."""
    found = []
    with zipfile.ZipFile(built["xlahp_template.xlsx"]) as z:
        for name in sorted(z.namelist()):
            if name.startswith("xl/charts/"):
                root = ElementTree.fromstring(z.read(name))
                kind = next(e.tag.split("}")[1] for e in root.iter()
                            if e.tag.endswith(("pieChart", "barChart", "lineChart")))
                found.append((kind, [e.text for e in root.iter() if e.tag.endswith("}f")]))
    assert sorted(found[:3]) == [
        ("barChart", ["'目標比較'!$B$6:$B$10", "'目標比較'!$N$6:$N$10"]),
        ("pieChart", ["'一対比較'!$I$6:$I$10", "'一対比較'!$J$6:$J$10"]),
        ("pieChart", ["'説明資料'!$B$14:$B$18", "'説明資料'!$C$14:$C$18"])]
    kind, refs = found[3]
    assert kind == "lineChart" and len(refs) == 3 * 5  # five lines: the KGI and four KPIs
    assert all(r.startswith("'推移'!") for r in refs)


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
    assert np.allclose(readers.read_answers(rows, list(paper.CRITERIA)).values, fig8)
    assert np.allclose(readers.read_matrix(named_grid(example, "Input_Direct")).values, fig8)


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
def evaluated(built, tmp_path_factory):
    """Every formula cell of the example, as the engine computes it from scratch."""
    plain = build(tmp_path_factory.mktemp("plain") / "example.xlsx", example=True)
    result = engine.evaluate(plain, {n: f.func for n, f in REGISTRY.items()})
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
    current = {PAPER_INDICATORS[k]: evaluated[(accounts.TARGET_SHEET, f"F{r}")]
               for k, r in enumerate(rows)}
    target = {PAPER_INDICATORS[k]: evaluated[(accounts.TARGET_SHEET, f"G{r}")]
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


# ---------------------------------------------------------------- inputs as the sheets say

FULL = {"current": {"売上高": 8_968_546, "営業利益": -50_000, "営業費用": 9_000_000,
                    "支払利息": 50_000, "当期純利益": -106_961, "総資産": 8_951_763,
                    "総負債": 7_000_000, "自己資本": 1_500_000, "流動資産": 4_000_000},
        "previous": {"売上高": 9_500_000, "当期純利益": -787_337, "営業利益": -20_000},
        "target": {"売上高": 10_500_000, "当期純利益": 200_000, "総負債": 6_000_000,
                   "自己資本": 2_000_000}}
WIDE = str.maketrans("0123456789,", "０１２３４５６７８９，")
#: Every way the 財務諸表 sheet says a negative figure may be typed (and, with it, a
#: positive one as text), as a function of the figure.
SPELLINGS = {
    "minus": lambda v: f"-{abs(v):,}" if v < 0 else f"{v:,}",
    "triangle": lambda v: f"▲{abs(v):,}" if v < 0 else f"{v:,}",
    "white-triangle": lambda v: f"△{abs(v):,}" if v < 0 else f"{v:,}",
    "parentheses": lambda v: f"({abs(v):,})" if v < 0 else f"{v:,}",
    "full-width": lambda v: (f"▲{abs(v):,}" if v < 0 else f"{v:,}").translate(WIDE),
    "full-width-parentheses": lambda v: (f"（{abs(v):,}）" if v < 0 else f"{v}").translate(WIDE),
    "full-width-minus": lambda v: (f"－{abs(v):,}" if v < 0 else f"{v:,}").translate(WIDE),
    "math-minus": lambda v: f"−{abs(v)}" if v < 0 else f"{v}",
}


def evaluate(tmp_path, name: str, **changes):
    """The paper's case with ``changes``, built and evaluated: (values, named)."""
    from dataclasses import replace

    from xlahp.templates.case import paper_case
    from xlahp.workbook.calc import calculate

    path = build(tmp_path / f"{name}.xlsx", case=replace(paper_case(), **changes))
    result = calculate(path)
    return result.values, result.named


def _typed(spell):
    return {period: {item: spell(v) for item, v in figures.items()}
            for period, figures in FULL.items()}


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return evaluate(tmp_path_factory.mktemp("plain"), "plain", statement=FULL)


@pytest.mark.slow
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_every_spelling_of_a_figure_gives_the_same_figures_everywhere(plain, tmp_path, spelling):
    values, named = evaluate(tmp_path, spelling, statement=_typed(SPELLINGS[spelling]))
    expected, expected_named = plain
    assert values == expected  # indicators, 倒産指数, value index, statuses, cover: all of them
    assert named["Status_Statement"][0].startswith("OK ")
    assert named["Result_Bankruptcy"] == expected_named["Result_Bankruptcy"]
    assert isinstance(named["Result_Bankruptcy"][0], float)
    assert named["Result_ValueIndex"] == expected_named["Result_ValueIndex"]
    assert isinstance(named["Result_ValueIndex"][0], float)


def test_statement_inputs_show_negatives_with_a_triangle(template):
    ws = template[accounts.STATEMENT_SHEET]
    for period in ("current", "previous", "target"):
        cell = accounts.statement_cell("当期純利益", period).split("!")[1].replace("$", "")
        read = accounts.read_cell("当期純利益", period).split("!")[1].replace("$", "")
        assert ws[cell].number_format == ws[read].number_format == '#,##0;[Red]"▲"#,##0'


def test_an_unreadable_figure_is_explained_at_the_statement(tmp_path):
    statement = {**FULL, "current": {**FULL["current"], "当期純利益": "▲10万"}}
    values, named = evaluate(tmp_path, "unreadable", statement=statement)
    status = named["Status_Statement"][0]
    assert status.startswith("入力エラー") and "当期純利益" in status and "'▲10万'" in status
    # named by the sheet's cell, not by a place inside the range
    cell = accounts.statement_cell("当期純利益").replace("$", "").replace("'", "")
    assert f"{cell} 当期純利益 当期" in status
    assert named["Result_ValueIndex"] == ["#N/A"]  # never a figure without it
    cover = values[(alliance.COVER, f"F{alliance.INDEX_LINE}")]
    assert cover.startswith("計算不可")


# ---------------------------------------------------------------- failed checks are flagged

def _cycle_answers():
    """Every pair judged 7 or 9 in a rotating direction: C.R. ≫ 0.1, N.C. > 0."""
    crit = paper.CRITERIA
    return tuple((crit[i] if (i + j) % 2 else crit[j], scale_label(9 if k % 3 == 0 else 7))
                 for k, (i, j) in enumerate(PAIRS))


def test_an_inconsistent_questionnaire_marks_the_value_index_provisional(tmp_path):
    values, named = evaluate(tmp_path, "inconsistent", statement=FULL, answers=_cycle_answers())
    verdict = named["Result_Verdict"][0]
    assert verdict.startswith("要再検討") and "C.R." in verdict and "N.C." in verdict
    index = named["Result_ValueIndex"][0]
    assert isinstance(index, float)  # still computed, but never shown as a plain figure:
    standing = named["Result_ValueIndexStanding"][0]
    assert standing.startswith("参考値 provisional") and verdict.split(": ", 1)[1] in standing
    assert values[(alliance.COVER, f"F{alliance.INDEX_LINE}")] == standing
    assert values[(alliance.COVER, f"D{alliance.INDEX_LINE}")] == index
    assert named["Status_Matrix"][0].startswith("要再検討")
    # 一対比較 lists the judgments to revisit with the value that would fit
    rows = [named["Result_Suggestions"][k:k + 5] for k in range(0, 15, 5)]
    assert all(isinstance(r[0], str) and r[0] in paper.CRITERIA and r[1] in paper.CRITERIA
               for r in rows)
    assert all(r[2] in (7, 9) and isinstance(r[3], float) and r[4] in (1, 2, 0.5) for r in rows)


def test_a_consistent_questionnaire_gives_a_final_index(plain):
    _, named = plain
    assert named["Result_ValueIndexStanding"] == [
        "確定 final: 重みの整合性 OK・得点はすべて通常 / view checked, every score ordinary"]
    assert named["Result_Suggestions"] == [""] * 15


def test_provisional_and_status_cells_are_coloured(template):
    cover = template[alliance.COVER]
    ranges = {str(r.sqref): [rule.formula[0] for rule in r.rules]
              for r in cover.conditional_formatting}
    index = f"D{alliance.INDEX_LINE}:H{alliance.INDEX_LINE}"
    assert ranges[index] == [f'LEFT($F${alliance.INDEX_LINE},3)="参考値"',
                             f'LEFT($F${alliance.INDEX_LINE},4)="計算不可"']
    assert len([r for r in ranges if r.startswith("D") and r not in (index,)]) >= 5


def test_negative_equity_never_flatters(tmp_path):
    """債務超過: ROE and 負債比率 are not defined, and neither is the 倒産指数 (whose
    持久力 and 成長力 are built on equity); the value index, which uses 負債比率 with a
    target, is not computed rather than computed without it."""
    statement = {**FULL, "current": {**FULL["current"], "自己資本": -300_000,
                                     "総負債": 9_251_763}}
    values, named = evaluate(tmp_path, "equity", statement=statement, overrides={})
    assert named["Status_Statement"][0].startswith(
        "債務超過 negative equity: 当期の自己資本 ▲300,000")
    assert named["Result_Status"][0].startswith("債務超過 財務諸表: negative equity")
    row = {n: _FIRST_INDICATOR + k for k, n in enumerate(i.name for i in accounts.INDICATOR_ROWS)}
    for name in ("ROE", "負債比率"):
        assert values[(accounts.INDICATOR_SHEET, f"H{row[name]}")] == "#N/A", name
    current = named["Result_Current"]
    assert current[paper.CRITERIA.index("安定性")] == "#N/A"
    assert named["Result_ValueIndex"] == ["#N/A"] and named["Result_Coverage"] == ["#N/A"]
    assert named["Status_Targets"][0].startswith("計算不可 負債比率: 当期値を計算できない")
    assert named["Result_Bankruptcy"] == ["#N/A"]
    assert named["Status_Bankruptcy"][0].startswith("計算不可") and \
        "債務超過" in named["Status_Bankruptcy"][0]
    verdict = values[(accounts.BANKRUPTCY_SHEET, f"E{accounts.BANKRUPTCY_ROW + 2}")]
    assert verdict.startswith("判定不能")


_FIRST_INDICATOR = accounts.INDICATOR_HEAD + 1


# ---------------------------------------------------------------- every block explains itself

def test_a_questionnaire_row_without_a_choice_is_named_where_it_is(tmp_path):
    answers = list(paper_answers())
    answers[1] = (None, scale_label(5))
    values, named = evaluate(tmp_path, "answers", statement=FULL, answers=tuple(answers))
    status = named["Status_Answers"][0]
    assert status == ("入力エラー input error — No. 2: say which of 会社の財産 and 安定性 is "
                      "more important")
    assert named["Status_Matrix"] == [f"{status} (アンケート)"]
    assert named["Result_Weights"] == ["#N/A"] * 5
    assert values[(ahp.QUESTIONNAIRE, f"G{ahp.ANSWER_ROW + 1}")] == "より重要な方を選択 choose which"
    status_cells = [values[(alliance.COVER, f"D{alliance.STATUS_ROW + k}")] for k in range(5)]
    assert status_cells[:2] == [status, f"{status} (アンケート)"]


def paper_answers():
    from xlahp.templates.case import paper_case

    return paper_case().answers


def test_a_judgment_of_12_is_flagged_not_refused(tmp_path):
    from xlahp.templates.case import paper_case

    direct = {**paper_case().direct, (0, 1): "12"}
    _, named = evaluate(tmp_path, "twelve", statement=FULL, direct=direct, source="直接入力")
    # the 12 breaks C.R. too: both are said, the more serious first
    status = named["Status_Matrix"][0]
    assert status.startswith("要再検討 C.R.") and "尺度外: 会社の財産 vs 収益性 = 12" in status
    assert all(isinstance(w, float) for w in named["Result_Weights"])
    answers = list(paper_answers())
    answers[0] = (paper.CRITERIA[0], 12)
    values, named = evaluate(tmp_path, "twelve-asked", statement=FULL, answers=tuple(answers))
    assert named["Status_Answers"][0].startswith("注意 尺度外: No. 1 の重要度 12")
    assert values[(ahp.QUESTIONNAIRE, f"G{ahp.ANSWER_ROW}")] == "尺度外 outside 1–9"


def test_direct_judgments_warn_outside_the_scale(template):
    ws = template[ahp.PAIRWISE]
    cell = f"D{ahp.DIRECT_TOP + 1}"
    (rule,) = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert rule.errorStyle == "warning" and "尺度" in rule.error  # kept after the warning
    intensity = [dv for dv in template[ahp.QUESTIONNAIRE].data_validations.dataValidation
                 if f"E{ahp.ANSWER_ROW}" in dv.sqref]
    assert [dv.error for dv in intensity] == [rule.error]
    assert rule.formula1 == '"' + ",".join(ahp.JUDGMENTS) + '"'


def test_the_empty_template_is_blank_not_errors(tmp_path):
    from xlahp.workbook.calc import calculate

    from xlahp.templates import tracking

    result = calculate(build(tmp_path / "blank.xlsx"))
    # 推移's hidden chart columns hold #N/A on purpose: a line chart leaves a gap there
    chart = {f"{c}{r}" for c in tracking.CHART_COLS for r in range(1, 100)}
    assert not [v for (sheet, ref), v in result.values.items()
                if isinstance(v, str) and v.startswith("#")
                and not (sheet == tracking.SHEET and ref in chart)]
    assert all(result.named[f"Status_{b}"][0].startswith("未入力")
               for b in ("Answers", "Matrix", "Statement", "Targets", "Bankruptcy"))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_the_committed_workbooks_open_clean_in_libreoffice(tmp_path, name):
    """Opened without xlahp, LibreOffice recalculates the cells cached as blank: none of
    them may show #NAME? (the template's 指数の扱い did, before its plain guard)."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(tmp_path / "csv"),
                    str(COMMITTED / name)], check=True, capture_output=True, timeout=180)
    sheets = {p.stem.split("-", 1)[1]: p.read_text(encoding="utf-8")
              for p in (tmp_path / "csv").glob("*.csv")}
    assert len(sheets) >= 9
    for sheet, text in sheets.items():
        for error in ("#NAME?", "#REF!", "#VALUE!"):
            assert error not in text, (sheet, error)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_refusals_as_readable_errors_with_their_status(tmp_path):
    """Opened without xlahp, LibreOffice recalculates the cells cached as errors (and
    those cached as blank text): they must show #N/A or blank, never #NAME?, and the
    status cells the reason."""
    from dataclasses import replace

    from xlahp.templates.case import paper_case
    from xlahp.workbook.calc import calculate

    answers = list(paper_answers())
    answers[1] = (None, scale_label(5))
    statement = {**FULL, "current": {**FULL["current"], "自己資本": "▲300,000"}}
    source = build(tmp_path / "refused.xlsx",
                   case=replace(paper_case(), statement=statement, answers=tuple(answers),
                                overrides={}))
    out = tmp_path / "refused.calc.xlsx"
    calculate(source, out)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(tmp_path / "csv"), str(out)],
                   check=True, capture_output=True, timeout=180)
    sheets = {p.stem.split("-", 1)[1]: p.read_text(encoding="utf-8")
              for p in (tmp_path / "csv").glob("*.csv")}
    assert set(sheets) >= {"表紙", "一対比較", "財務諸表", "目標比較", "倒産指数"}
    text = "\n".join(sheets.values())
    for error in ("#NAME?", "#REF!", "#VALUE!"):
        assert error not in text
    assert "#N/A" in sheets["一対比較"] and "#N/A" in sheets["倒産指数"]
    assert "入力エラー input error — No. 2: say which of 会社の財産 and 安定性" in sheets["表紙"]
    assert "債務超過 negative equity: 当期の自己資本 ▲300,000" in sheets["財務諸表"]
    assert "計算不可 not defined — 持久力" in sheets["倒産指数"]


# ---------------------------------------------------------------- page setup

def test_every_sheet_prints_one_page_wide_landscape(template):
    for ws in template.worksheets:
        if ws.title == alliance.CONF:
            continue
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        one_page = ws.title in (alliance.COVER, ahp.PAIRWISE, group.SHEET, accounts.TARGET_SHEET,
                                explanation.SHEET, holding.SHEET)
        assert setup.fitToHeight == (1 if one_page else 0), ws.title


def test_no_text_is_clipped(template):
    """Every wrapped literal text has the row height its lines need, the long computed
    texts (verdict, standing, statuses) sit in wide, wrapping or merged cells."""
    assert_no_text_clipped(template)
    pairwise_ = template[ahp.PAIRWISE]
    verdict = f"J{ahp.RESULT_ROW + ahp.RESULTS.index('Result_Verdict')}"
    assert f"{verdict}:K{verdict[1:]}" in {str(r) for r in pairwise_.merged_cells.ranges}


@pytest.mark.slow
def test_long_texts_wrap_and_their_rows_grow(tmp_path):
    """Issue 19: long purpose, KGI/KPI, exit texts and 決算期 (they overlapped on the
    printed cover and statement): each row as tall as its text needs."""
    from dataclasses import replace

    from xlahp.templates.case import paper_case

    long = ("次世代パワー半導体の共同開発と量産体制の構築により、2030年までに車載向け売上を倍増させ、"
            "あわせて調達コストを年3%削減する。両社の研究所を統合した共同ラボを設置する。")
    case = replace(paper_case(), cover={**paper_case().cover, "Purpose": long,
                                         "ExitConditions": long, "ExitAssets": long},
                   kgi=("車載向けパワー半導体の売上高 (連結、2030年度、共同開発品を含む)",
                        "2030年度に 1,200億円 (2024年度比 2倍)", "年次 yearly"),
                   kpis=(("共同開発品の試作完了件数 (累計、両社の承認済みのもの)", "2026年度末までに 12 件",
                          "四半期 quarterly"),),
                   fiscal_years={"current": "2024年3月期 (連結, IFRS, 有価証券報告書)",
                                 "previous": "2023年3月期", "target": "2027年3月期 中期経営計画"})
    book = openpyxl.load_workbook(build(tmp_path / "long.xlsx", case=case))
    assert_no_text_clipped(book)
    cover = book[alliance.COVER]
    purpose = cover.row_dimensions[alliance.ALLIANCE_ROW + 3].height
    assert purpose >= 45  # three lines at least in the 4-column entry
    assert book[accounts.STATEMENT_SHEET].row_dimensions[accounts.UNIT_ROW - 1].height >= 30


def assert_no_text_clipped(book) -> None:
    from xlahp.templates.layout import LINE_HEIGHT, _text_width

    for ws in book.worksheets:
        merged = {r.start_cell.coordinate: r for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value
                if not isinstance(text, str) or text.startswith("="):
                    continue
                span_ = merged.get(cell.coordinate)
                cols = range(span_.min_col, span_.max_col + 1) if span_ else [cell.column]
                rows = range(span_.min_row, span_.max_row + 1) if span_ else [cell.row]
                width = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                            or 8.43 for c in cols)
                size = cell.font.sz or 11
                if cell.alignment.wrap_text:
                    lines = sum(max(1, -(-_text_width(t, size) // max(width - 1.5, 1)))
                                for t in text.split("\n"))
                    height = sum(ws.row_dimensions[r].height or 15 for r in rows)
                    assert height >= LINE_HEIGHT * lines, (ws.title, cell.coordinate)
                elif ws.title != alliance.CONF:
                    neighbour = ws.cell(row=cell.row, column=cols[-1] + 1).value
                    assert _text_width(text, size) <= width or neighbour is None, \
                        (ws.title, cell.coordinate, text)
