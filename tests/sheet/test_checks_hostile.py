"""Statuses that agree with the functions they check (issue 23, items 12, 13 and 17)."""

from __future__ import annotations

import pytest

from xlahp.sheet.registry import REGISTRY

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

CHECK_ANSWERS, MATRIX = REGISTRY["AHP_CHECK_ANSWERS"].func, REGISTRY["AHP_MATRIX"].func
ROWS = [["A", "B", "A", 3], ["A", "C", "A", 5], ["B", "C", "B", 2]]
#: Intensities a planner types for "no answer yet" (blank, 0 in every spelling).
ZEROS = [0, -0.0, 0.0, "0", "０", "-0", "+0", "0.0", "０．０", " 0 ", "00"]


@pytest.mark.parametrize("zero", ZEROS)
def test_an_intensity_of_zero_is_unanswered_in_the_check_as_in_the_matrix(zero):
    rows = [r[:] for r in ROWS]
    rows[1][3] = zero
    assert MATRIX(rows)[0][2] == ""  # A vs C: no judgment
    assert CHECK_ANSWERS(rows).startswith("注意 未回答 No. 2 (1 of 3): 重みは参考値")
    assert CHECK_ANSWERS(rows, ["A", "B", "C"]).startswith("注意 未回答 No. 2 (1 of 3)")


def test_zero_everywhere_is_not_answered_yet_as_blank_everywhere():
    zeros = [r[:3] + [z] for r, z in zip(ROWS, ZEROS)]
    blanks = [r[:2] + [None, None] for r in ROWS]
    assert CHECK_ANSWERS(zeros) == CHECK_ANSWERS(blanks) == "未入力 not answered yet: 0 of 3 pairs"
    assert all(MATRIX(zeros)[i][j] == "" for i in range(3) for j in range(3) if i != j)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    from xlahp.templates import build

    return build(tmp_path_factory.mktemp("example") / "a.xlsx", example=True)


def evaluated(example, tmp_path, sheet: str, cell: str, value) -> dict:
    """The example's defined names, evaluated with one cell changed."""
    import openpyxl

    from xlahp.workbook.calc import calculate

    book = openpyxl.load_workbook(example)
    book[sheet][cell] = value
    book.save(tmp_path / "changed.xlsx")
    return calculate(tmp_path / "changed.xlsx").named


@pytest.mark.parametrize("zero", [0, "０"])
def test_the_workbooks_questionnaire_status_says_a_zero_is_unanswered(example, tmp_path, zero):
    named = evaluated(example, tmp_path, "アンケート", "E7", zero)
    assert named["Status_Answers"][0].startswith("注意 未回答 No. 2 (1 of 10)")
    assert named["Result_Status"][0].startswith("注意 一対比較 (行列): 未回答 1 of 10")


# --- 17. a blank criterion name ------------------------------------------------------------

def test_a_blank_item_name_is_said_as_blank_not_as_zero():
    """A questionnaire's item cells refer to the criteria list: an empty one shows 0."""
    rows = [["A", "B", "A", 3], ["A", 0.0, "A", 5], ["B", 0.0, "B", 2]]
    blank = "入力エラー input error — No. 2: an item name is blank (0: it refers to an empty cell)"
    assert CHECK_ANSWERS(rows) == CHECK_ANSWERS(rows, ["A", "B", None]) == blank
    with pytest.raises(Exception, match="answers row 2: an item name is blank"):
        MATRIX(rows)


def test_a_gap_in_the_items_is_named():
    rows = [["A", "B", "A", 3], ["A", "C", "A", 5], ["B", "C", "B", 2]]
    assert CHECK_ANSWERS(rows, ["A", None, "C"]) == (
        "入力エラー input error — item 2 of the items is blank; name every item (only the end "
        "of the range may stay empty)")
    assert CHECK_ANSWERS(rows, [["A"], ["B"], ["C"], [None], [""]]).startswith("OK 全 3 問")


@pytest.mark.parametrize("cell,said", [
    ("C8", "item 3 of the items is blank; name every item"),
    ("C10", "No. 4: an item name is blank (0: it refers to an empty cell)")])
def test_the_workbook_says_which_criterion_is_unnamed(example, tmp_path, cell, said):
    named = evaluated(example, tmp_path, "一対比較", cell, None)
    assert named["Status_Answers"][0].startswith(f"入力エラー input error — {said}")
    assert "'0.0'" not in named["Result_Status"][0]
