"""集団評価 (group evaluation sheet, issue 11): evaluated headless against xlahp.core.group."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from xlahp.core import group as core
from xlahp.core import paper
from xlahp.sheet.readers import read_answers
from xlahp.templates import build, group
from xlahp.templates.case import PAIRS, invented_evaluators, paper_case
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end


def evaluate(tmp_path, name, evaluators):
    path = build(tmp_path / f"{name}.xlsx", case=replace(paper_case(), evaluators=evaluators))
    result = calculate(path)
    assert not result.problems
    return result.named


def matrices(evaluators):
    """The same evaluators' matrices built by xlahp directly (no workbook)."""
    found = []
    for _, answers in evaluators:
        rows = [[paper.CRITERIA[i], paper.CRITERIA[j], which, how]
                for (i, j), (which, how) in zip(PAIRS, answers)]
        found.append(read_answers(rows, list(paper.CRITERIA)))
    return core.Group(tuple(found))


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """The example's three invented evaluators (labelled 架空 invented on the sheet)."""
    return evaluate(tmp_path_factory.mktemp("group"), "three", invented_evaluators())


def test_three_invented_evaluators_match_xlahp_group(three):
    g = matrices(invented_evaluators())
    assert three["Group_Evaluators"] == [3]
    assert three["Group_Consensus"][0] == pytest.approx(core.consensus(g).s_star, abs=1e-12)
    assert 0.9 < three["Group_Consensus"][0] < 1
    first = core.disagreements(g, 3)[0]
    agenda = three["Group_Agenda"]
    assert agenda[:5] == [g.labels[first.row], g.labels[first.col], first.low, first.high,
                          pytest.approx(first.spread)]
    assert agenda[:2] == ["収益性", "効率性"]  # the pair evaluator 3 reversed comes first
    assert three["Group_Weights"] == pytest.approx(list(core.group_weights(g)), abs=1e-12)
    assert three["Status_Group"][0].startswith("OK 評価者 3 人")


def test_agreed_weights_stay_the_ones_used(three):
    assert [round(w, 3) for w in three["Result_Weights"]] == list(paper.FIG8_WEIGHTS)


def test_example_names_its_evaluators_invented():
    sheet = openpyxl.load_workbook(build_example())[group.SHEET]
    names = [sheet[f"{group.which_col(e)}{group.NAME_ROW}"].value for e in range(3)]
    assert all("架空 invented" in n for n in names)


def build_example():
    from pathlib import Path

    return Path(__file__).parents[2] / "workbooks" / "paper_example.xlsx"


def test_identical_evaluators_agree_fully(tmp_path):
    same = invented_evaluators()[0][1]
    named = evaluate(tmp_path, "same", (("X", same), ("Y", same)))
    assert named["Group_Evaluators"] == [2]
    assert named["Group_Consensus"][0] == pytest.approx(1.0)
    assert named["Group_Agenda"][4] == pytest.approx(1.0)  # no spread anywhere


def test_answered_evaluators_are_stacked_whatever_their_column(tmp_path):
    """Evaluator 2 left blank: evaluators 1 and 3 are the group."""
    one, _, three_ = invented_evaluators()
    named = evaluate(tmp_path, "gap", (one, (None, ()), three_))
    g = matrices((one, three_))
    assert named["Group_Evaluators"] == [2]
    assert named["Group_Consensus"][0] == pytest.approx(core.consensus(g).s_star)


def test_fewer_than_two_leave_the_group_figures_blank(tmp_path):
    one = invented_evaluators()[0]
    partial = (("Z", one[1][:5] + ((None, None),) * 5),)
    named = evaluate(tmp_path, "one", (one, *partial))
    assert named["Group_Evaluators"] == [1]
    assert named["Group_Consensus"] == [""]
    assert set(named["Group_Agenda"]) == {""} and set(named["Group_Weights"]) == {""}
    assert named["Status_Group"][0].startswith("未入力 全問回答した評価者 1 人")


def test_empty_template_is_blank_with_status(tmp_path):
    result = calculate(build(tmp_path / "blank.xlsx"))
    assert result.named["Group_Evaluators"] == [0]
    assert result.named["Group_Consensus"] == [""]
    assert result.named["Status_Group"][0].startswith("未入力")
    shown = [v for (sheet, _), v in result.values.items() if sheet == group.SHEET]
    assert not [v for v in shown if isinstance(v, str) and v.startswith("#")]


def test_page_setup_and_hidden_helpers():
    sheet = openpyxl.load_workbook(build_example())[group.SHEET]
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 1)
    assert sheet.column_dimensions[group.HELP_ANSWERS].hidden
    assert sheet.protection.sheet
    drop_downs = {str(r) for dv in sheet.data_validations.dataValidation for r in dv.sqref.ranges}
    assert any(f"{group.intensity_col(4)}{group.FIRST}" in r for r in drop_downs)
