"""一対比較: reading matrices and questionnaire answers from cells."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xlahp.core import paper
from xlahp.errors import XlahpError
from xlahp.core.pairwise import scale_label
from xlahp.sheet.cells import number as parse_number
from xlahp.sheet.readers import intensity as parse_intensity, read_answers, read_matrix


@pytest.mark.parametrize("cell,value", [
    (3, 3.0), (0.5, 0.5), ("3", 3.0), ("1/3", 1 / 3), (" 1 / 5 ", 0.2), ("１／３", 1 / 3),
    ("３", 3.0), ("=1/7", 1 / 7), ("0.333", 0.333), ("", None), (None, None), ("２．５", 2.5),
])
def test_parse_number_reads_what_planners_type(cell, value):
    got = parse_number(cell, "cell")
    assert got == value if value is None else math.isclose(got, value)


@pytest.mark.parametrize("cell,message", [
    ("abc", "'abc', not a number"), ("1/0", "division by zero"), (True, "TRUE"),
    (float("nan"), "NaN"), (float("inf"), "infinite"), ("#N/A", "Excel error #N/A"),
    ("#DIV/0!", "#DIV/0!"), ("1/2/3", "not a number"),
])
def test_parse_number_rejects_with_reason(cell, message):
    with pytest.raises(XlahpError, match=message):
        parse_number(cell, "cell")


def test_labels_come_from_label_row_and_column():
    m = read_matrix([["", "A", "B"], ["A", 1, "2"], ["B", None, 1]])
    assert m.labels == ("A", "B")
    assert m.values[1, 0] == 0.5


def test_label_row_and_column_must_agree():
    with pytest.raises(XlahpError, match="labels differ"):
        read_matrix([["", "A", "B"], ["B", 1, 2], ["A", None, 1]])


def test_repeated_labels_are_refused():
    with pytest.raises(XlahpError, match="labels repeat: A"):
        read_matrix([["A", "A"], [1, 2], [None, 1]])


def test_non_square_names_the_shape():
    with pytest.raises(XlahpError, match="matrix is 4×5, must be square"):
        read_matrix([[1] * 5 for _ in range(4)])


@pytest.mark.parametrize("cells,message", [
    ([[1]], "1 item"),
    (5, "1 item"),
    ([[1, -3], [None, 1]], r"cell \(1,2\).* is -3; judgments are positive"),
    ([[2, 3], [None, 1]], r"cell \(1,1\).* is 2; an item compared with itself is 1"),
    ([[1, 3], [3, 1]], "not reciprocal"),
    ([[1, 3], [0.5, 1]], "not reciprocal"),
    ([[1, "x"], [None, 1]], "'x', not a number"),
    ([[1, True], [None, 1]], "TRUE"),
    ([[1] * 16 for _ in range(16)], "16 items; at most 15"),
    ([[1, 2, None], [None, 1, None], [None, None, 1]], "item 3 is not compared"),
    ([[1, 2], [1]], "different lengths"),
    ([], "empty"),
])
def test_bad_matrices_are_explained(cells, message):
    with pytest.raises(XlahpError, match=message):
        read_matrix(cells)


def test_zero_and_empty_text_are_no_judgment_but_negative_is_an_error():
    m = read_matrix([[1, 0, 2], ["", 1, 3], [None, None, 1]])
    assert np.isnan(m.values[0, 1]) and np.isnan(m.values[1, 0])
    assert m.values[0, 2] == 2 and m.values[1, 2] == 3
    assert not m.complete


@pytest.mark.parametrize("small", [0.333, 0.33, 0.3, 1 / 3])
def test_rounded_reciprocals_are_accepted_and_the_whole_judgment_wins(small):
    m = read_matrix([[1, 3], [small, 1]])
    assert m.values[0, 1] == 3 and m.values[1, 0] == 1 / 3


def test_rounded_eighth_either_way():
    for small in (0.12, 0.13, 0.125):
        assert read_matrix([[1, small], [8, 1]]).values[1, 0] == 8


def test_disconnected_items_are_named():
    cells = [[1, 2, None, None], [None, 1, None, None], [None, None, 1, 3], [None, None, None, 1]]
    with pytest.raises(XlahpError, match="item 3, item 4 are not compared"):
        read_matrix(cells)


# --- the verbal scale ------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("同じくらい重要", 1), ("やや重要", 3), ("○の方がかなり重要", 5), ("非常に重要", 7),
    ("極めて重要", 9), ("moderate", 3), ("Strong importance", 5), ("very strong", 7),
    ("extreme", 9), ("equal", 1), ("３", 3), (scale_label(4), 4), ("中間(やや〜かなり)", 4),
    (6, 6), ("", None), (None, None),
])
def test_verbal_scale(text, value):
    assert parse_intensity(text, "x") == value


@pytest.mark.parametrize("text,message", [
    ("中間", "ambiguous"), ("much", "not a number 1–9"), (0.5, "1 or more"),
])
def test_verbal_scale_errors(text, message):
    with pytest.raises(XlahpError, match=message):
        parse_intensity(text, "x")


# --- questionnaire answers (図9) -------------------------------------------

FIG8_ANSWERS = [  # the paper's 10 questionnaires, as 図8 reads them
    ["会社の財産", "収益性", "収益性", "極めて重要"],
    ["会社の財産", "安定性", "", "同じくらい重要"],
    ["会社の財産", "効率性", "効率性", "かなり重要"],
    ["会社の財産", "成長力", "B", 9],
    ["収益性", "安定性", "A", "やや重要"],
    ["収益性", "効率性", None, 1],
    ["収益性", "成長力", "成長力", "かなり重要"],
    ["安定性", "効率性", "効率性", "やや重要"],
    ["安定性", "成長力", "成長力", "極めて重要"],
    ["効率性", "成長力", "成長力", "5 かなり重要 (strong)"],
]


def test_answers_give_the_fig8_matrix():
    m = read_answers(FIG8_ANSWERS)
    assert m.labels == paper.CRITERIA
    assert np.allclose(m.values, np.array(paper.FIG8, dtype=float))


def test_answers_follow_the_given_item_order_and_leave_unanswered_pairs_missing():
    rows = FIG8_ANSWERS[:3] + [["会社の財産", "成長力", "", None]] + [[None] * 4]
    m = read_answers(rows, [list(reversed(paper.CRITERIA))])
    assert m.labels == tuple(reversed(paper.CRITERIA))
    assert np.isnan(m.values[0, 4])  # 成長力 vs 会社の財産 unanswered
    assert m.values[3, 4] == 9  # 収益性 vs 会社の財産


@pytest.mark.parametrize("rows,message", [
    ([["A", "B", "", 3]], "say which of A and B"),
    ([["A", "B", "C", 3]], "neither A nor B"),
    ([["A", "A", "A", 3]], "with itself"),
    ([["A", "B", "A", 3], ["B", "A", "B", 5]], "rows 1 and 2 both judge A vs B"),
    ([["A", "B", "A"]], "3 columns"),
    ([[None, "B", "A", 3]], "row 1: an item name is blank"),
])
def test_answer_errors(rows, message):
    with pytest.raises(XlahpError, match=message):
        read_answers(rows)


def test_answers_unknown_item_when_items_given():
    with pytest.raises(XlahpError, match="'Z' is not one of the items"):
        read_answers([["A", "Z", "A", 3]], [["A", "B"]])


def test_same_judgment_twice_from_either_side_is_fine():
    m = read_answers([["A", "B", "A", 3], ["B", "A", "A", 3]])
    assert m.values[0, 1] == 3


@pytest.mark.parametrize("cells", [[[1, 2], [0.6, 1]], [[1, 1], [0.7, 1]], [[1, 9], [0.2, 1]]])
def test_a_whole_number_judgment_gets_no_rounding_slack(cells):
    with pytest.raises(XlahpError, match="not reciprocal"):
        read_matrix(cells)


def test_a_decimal_comma_is_not_a_thousands_separator():
    with pytest.raises(XlahpError, match="'1,5', not a number"):
        read_matrix([[1, "1,5"], [None, 1]])
