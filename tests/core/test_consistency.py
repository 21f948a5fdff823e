"""整合度: λmax, C.I., RI tables, C.R., the verdict and the suggestions."""

from __future__ import annotations

import pytest

from xlahp.core import paper
from xlahp.core.consistency import (consistency, nearest_scale_value, random_index, suggestions,
                               summarize)
from xlahp.errors import XlahpError
from xlahp.core.literature import RI_TABLES
from xlahp.sheet.readers import read_matrix
from xlahp.sheet.registry import REGISTRY


@pytest.mark.parametrize("table,n,ri", [
    ("superdecisions", 3, 0.52), ("superdecisions", 5, 1.12), ("superdecisions", 15, 1.58),
    ("saaty", 3, 0.58), ("saaty", 10, 1.49), ("alonso-lamata", 4, 0.8816),
    ("alonso-lamata", 10, 1.4854), (None, 1, 0.0), ("saaty", 2, 0.0),
])
def test_random_index(table, n, ri):
    assert REGISTRY["AHP_RI"].func(n, table) == ri  # the cells as Excel passes them


def test_tables_as_published():
    assert list(RI_TABLES["superdecisions"].values()) == [
        .52, .89, 1.12, 1.25, 1.35, 1.40, 1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.58]
    assert list(RI_TABLES["saaty"].values()) == [.58, .90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


@pytest.mark.parametrize("n,table,message", [
    (11, "saaty", "no saaty RI for n=11"),
    (16, None, "no superdecisions RI for n=16"),
    (5, "saati", "table 'saati' is unknown; use superdecisions, saaty, alonso-lamata"),
    (0, None, "n is 0; give a whole number 1 or more"), (2.5, None, "whole number"),
    ("five", None, "not a number"),
])
def test_random_index_is_never_guessed(n, table, message):
    with pytest.raises(XlahpError, match=message):
        REGISTRY["AHP_RI"].func(n, table)


def test_cr_with_another_table():
    """表2 against Saaty's RI(3) = 0.58: 0.0193/0.58."""
    c = consistency(read_matrix(paper.TABLE2), "saaty")
    assert round(c.cr, 4) == round(c.ci / 0.58, 4) == 0.0332


def test_two_items_are_always_consistent():
    c = consistency(read_matrix([[1, 7], [None, 1]]))
    assert (c.lambda_max, c.ci, c.ri, c.cr) == pytest.approx((2, 0, 0, 0))


def test_a_matrix_with_a_circular_triad_is_sent_back():
    # A≻B (5), B≻C (5), C≻A (5): cyclic and far from consistent
    s = summarize(read_matrix([[1, 5, 1 / 5], [None, 1, 5], [None, None, 1]]))
    assert s.nc == 1 and s.nc_limit == 0
    assert not s.cr_ok and not s.nc_ok
    assert s.verdict == f"要再検討 review: C.R. {s.consistency.cr:.3f} ≥ 0.1, N.C. 1 > 0"


def test_summary_of_fig8():
    s = summarize(read_matrix(paper.FIG8))
    assert (s.nc, s.nc_limit, s.alpha) == (0, 0, 0.05)
    assert round(s.nc_p, 4) == 0.1172  # P(N.C. = 0) for 5 random items: 120/1024
    assert s.verdict == "妥当 OK"


def test_nearest_scale_value():
    assert nearest_scale_value(2.9) == 3
    assert nearest_scale_value(0.3) == pytest.approx(1 / 3)
    assert nearest_scale_value(40) == 9


def test_suggestions_find_the_planted_error():
    """Consistent judgments from weights 8:4:2:1, then A:D typed as 1/8 instead of 8."""
    w = [8, 4, 2, 1]
    cells = [[w[i] / w[j] if j > i else None for j in range(4)] for i in range(4)]
    cells[0][3] = 1 / 8
    found = suggestions(read_matrix(cells), 1)
    (top,) = found
    assert (top.row, top.col, top.judgment) == (3, 0, 8.0)  # reported as D:A = 8
    # the fitted value pulls it far down (the weights themselves lean on the error)
    assert top.fitted < top.judgment / 4 and top.scale_value == nearest_scale_value(top.fitted)


def test_suggestions_k_is_checked():
    with pytest.raises(XlahpError, match="k is 4; give a whole number from 1 to 3"):
        REGISTRY["AHP_SUGGEST"].func(paper.TABLE2, 4)
    assert len(suggestions(read_matrix(paper.TABLE2))) == 3


def test_a_half_answered_questionnaire_is_never_ok():
    """4 of 10 pairs answered still connect 5 items; Harker's λmax is then n and C.R. 0,
    which must not read as an acceptable matrix."""
    cells = [[1, 3, None, None, None], [None, 1, 3, None, None], [None, None, 1, 3, None],
             [None, None, None, 1, 3], [None, None, None, None, 1]]
    s = summarize(read_matrix(cells))
    assert s.consistency.cr == pytest.approx(0, abs=1e-9) and s.nc == 0
    assert s.missing == 6
    assert s.verdict == "要再検討 review: 6 of 10 judgments missing"
