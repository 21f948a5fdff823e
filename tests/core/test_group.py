"""集団意思決定: several evaluators — AIJ, AIP, Goepel's consensus S* and the agenda."""

from __future__ import annotations

import math

import numpy as np
import pytest

from xlahp.core import group
from xlahp.sheet import readers
from xlahp.core import paper
from xlahp.errors import XlahpError
from xlahp.core.literature import CONSENSUS_SCALE_MAX
from xlahp.sheet.readers import read_matrix
from xlahp.udfs import REGISTRY
from xlahp.core.weights import weights

FIG8 = [list(r) for r in paper.FIG8]
# Three evaluators on 表2's three criteria (invented for the tests): the second one
# reverses A vs B; the third is near the first.
E1 = [[v if j >= i else None for j, v in enumerate(row)] for i, row in enumerate(paper.TABLE2)]
E2 = [[1, "1/3", 5], [None, 1, 3], [None, None, 1]]
E3 = [[1, 3, 7], [None, 1, 2], [None, None, 1]]
THREE = E1 + E2 + E3


def one_item_dominant(n: int, top: int, x: float = 9) -> list[list[float]]:
    """Item *top* judged x times as important as every other; the rest equal."""
    a = [[1.0] * n for _ in range(n)]
    for j in range(n):
        if j != top:
            a[top][j], a[j][top] = x, 1 / x
    return a


def call(name, *args):
    return REGISTRY[name].func(*args)


# --- Goepel (2018), the published numbers ---------------------------------------

def test_goepel_2018_eq41_one_criterion_nine_times_the_others_weighs_75_percent():
    """§9: 'for four criteria, with one criterion nine times more important than all
    others, it follows w_AHP = 9/12 or 75%' (eq. 41, x/(x+n−1))."""
    w = weights(read_matrix(one_item_dominant(4, 0)))
    assert w[0] == pytest.approx(0.75, abs=1e-12)
    assert w[1:] == pytest.approx([1 / 12] * 3, abs=1e-12)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_goepel_2018_validation_case_each_evaluator_a_different_item_extreme_gives_0_percent(k):
    """§9: 'simulating k participants for a hierarchy with k leafs, and each participant
    judges one different leaf extreme more important than all others. The resulting
    consensus should show 0%'."""
    stacked = sum((one_item_dominant(k, top, CONSENSUS_SCALE_MAX) for top in range(k)), [])
    c = group.consensus(readers.read_matrices(stacked))
    assert c.h_gamma == pytest.approx(math.log(k))  # the group mean is uniform
    assert c.s_star == pytest.approx(0.0, abs=1e-12)
    assert call("AHP_CONSENSUS", stacked) == pytest.approx(0.0, abs=1e-12)


def test_goepel_2018_entropies_by_hand():
    """Eqs. 11–21 on two evaluators' priorities, computed step by step here."""
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.3, 0.5]])
    h = lambda v: -sum(x * math.log(x) for x in v)  # noqa: E731
    h_gamma, h_alpha = h([0.4, 0.3, 0.3]), (h(p[0]) + h(p[1])) / 2
    s = math.exp(-(h_gamma - h_alpha))
    h_alpha_min = -(9 / 11) * math.log(9 / 11) - (2 / 11) * math.log(1 / 11)  # eq. 16, n=3
    cor = math.exp(h_alpha_min) / 3  # eq. 18
    c = group.consensus_of(p)
    assert (c.h_gamma, c.h_alpha, c.homogeneity) == pytest.approx((h_gamma, h_alpha, s))
    assert c.s_star == pytest.approx((s - cor) / (1 - cor))  # eq. 21


# --- the properties issue 11 asks for --------------------------------------------

def test_aij_of_reciprocal_matrices_is_reciprocal():
    m = group.aij(readers.read_matrices(THREE)).values
    assert np.allclose(m * m.T, 1.0, rtol=0, atol=1e-15)
    assert np.all(np.diag(m) == 1.0)
    # a_12 is the geometric mean of 3, 1/3 and 3
    assert m[0, 1] == pytest.approx(3 ** (1 / 3))
    assert m[0, 2] == pytest.approx((5 * 5 * 7) ** (1 / 3))


def test_identical_evaluators_give_s_star_1_and_their_matrix_and_weights():
    stacked = FIG8 * 3  # 表/図8's matrix (5 criteria), three times
    g = readers.read_matrices(stacked)
    one = read_matrix(FIG8)
    assert np.array_equal(group.aij(g).values, one.values)
    assert call("AHP_GROUP", stacked) == one.values.tolist()
    assert group.consensus(g).s_star == pytest.approx(1.0, abs=1e-12)
    for method in group.METHODS:
        assert group.group_weights(g, method) == pytest.approx(weights(one), abs=1e-12)
    assert [r[0] for r in call("AHP_GROUP_WEIGHTS", stacked)] == pytest.approx(
        list(paper.FIG8_WEIGHTS), abs=5e-4)


@pytest.mark.parametrize("lam", [None, [1, 1, 1], [2, 1, 0.5]])
def test_with_geometric_mean_weights_aij_and_aip_geo_agree(lam):
    g = readers.read_matrices(THREE)
    lam = None if lam is None else group.respondent_weights(lam, 3)
    by_aij = group.group_weights(g, "aij", lam, derive="geomean")
    by_aip = group.group_weights(g, "aip-geo", lam, derive="geomean")
    assert by_aij == pytest.approx(by_aip, abs=1e-12)


def test_respondent_weights_1_0_0_give_respondent_1s_matrix_and_weights():
    g = readers.read_matrices(THREE)
    assert np.array_equal(call("AHP_GROUP", THREE, [[1], [0], [0]]),
                          read_matrix(E1).values.tolist())
    first = weights(read_matrix(E1))
    for method in group.METHODS:
        got = [r[0] for r in call("AHP_GROUP_WEIGHTS", THREE, method, [1, 0, 0])]
        assert got == pytest.approx(first, abs=1e-12), method
    assert group.aij(g, group.respondent_weights([0, 1, 0], 3)).values[0, 1] == pytest.approx(1 / 3)


def test_the_pair_one_evaluator_reversed_heads_the_agenda():
    rows = call("AHP_DISAGREE", THREE)
    assert rows[0] == ["item A 項目", "item B 相手", "lowest 最小", "highest 最大",
                       "spread ばらつき"]
    assert rows[1][:4] == ["item 1", "item 2", pytest.approx(1 / 3), 3.0]
    logs = np.log([3, 1 / 3, 3])
    assert rows[1][4] == pytest.approx(math.exp(np.std(logs, ddof=1)))  # Goepel eq. 10
    assert rows[1][4] > rows[2][4] >= rows[3][4] >= 1
    assert len(rows) == 4  # default k = 3 (the 3 pairs)
    assert len(call("AHP_DISAGREE", THREE, 1)) == 2


def test_weights_by_method_on_three_evaluators():
    """Values computed here from the definitions (eigenvectors of each matrix)."""
    g = readers.read_matrices(THREE)
    w = np.stack([weights(read_matrix(e)) for e in (E1, E2, E3)])
    mean = w.mean(axis=0)
    geo = np.exp(np.log(w).mean(axis=0))
    assert group.group_weights(g, "aip-mean") == pytest.approx(mean / mean.sum())
    assert group.group_weights(g, "aip-geo") == pytest.approx(geo / geo.sum())
    assert group.group_weights(g, "aij") == pytest.approx(weights(group.aij(g)))
    assert 0.5 < group.consensus(g).s_star < 1  # they agree on C last, not on A vs B


# --- reading the stacked range -----------------------------------------------------

def test_labelled_blocks_and_upper_triangles_are_read():
    labelled = []
    for e in (E1, E2):
        labelled += [["", "A", "B", "C"]] + [[x, *row] for x, row in zip("ABC", e)]
    g = readers.read_matrices(labelled)
    assert (g.k, g.n, g.labels) == (2, 3, ("A", "B", "C"))
    column_only = [[x, *row] for e in (E1, E2) for x, row in zip("ABC", e)]
    assert readers.read_matrices(column_only).labels == ("A", "B", "C")
    row_only = [["A", "B", "C"], *E1, ["A", "B", "C"], *E2]
    assert readers.read_matrices(row_only).labels == ("A", "B", "C")
    blank_diagonal = [["A", "B", "C"], [None, 3, 5], [None, None, 3], [None, None, None]] * 2
    assert readers.read_matrices(blank_diagonal).labels == ("A", "B", "C")


def test_missing_judgments_average_over_those_given():
    e2 = [[1, None, 5], [None, 1, 3], [None, None, 1]]
    g = readers.read_matrices(E1 + e2)
    assert group.aij(g).values[0, 1] == 3.0  # only evaluator 1 judged A vs B
    assert [d.row for d in group.disagreements(g)] == [0, 1]  # (A, B) left out: 1 judgment


@pytest.mark.parametrize(("cells", "pattern"), [
    (E1, r"holds 1 matrix \(3×3\); stack at least 2"),
    (E1 + E2[:2], r"5 rows, not a whole number of blocks of 3 rows"),
    (E1 + [[1, "x", 5], [None, 1, 3], [None, None, 1]],
     r"block 2 \(rows 4–6\): matrix cell \(1,2\) \[item 1 vs item 2\] is 'x'"),
    (E1 + [[1, 3, 5], [3, 1, 3], [None, None, 1]], r"block 2 .* are not reciprocal"),
    ([["", "A", "B"], ["A", 1, 3], ["B", None, 1], ["", "B", "A"], ["B", 1, 3], ["A", None, 1]],
     r"block 2 lists the items as B, A, block 1 as A, B"),
    ([[1], [1]], r"1 column wide"),
])
def test_bad_stacks_are_refused_naming_the_block_and_cell(cells, pattern):
    with pytest.raises(XlahpError, match=pattern):
        readers.read_matrices(cells)


def test_every_block_must_connect_its_items_itself():
    a = [[1, 2, None, None], [None, 1, None, None], [None, None, 1, 2], [None, None, None, 1]]
    b = [[1, None, 3, None], [None, 1, 2, None], [None, None, 1, 3], [None, None, None, 1]]
    with pytest.raises(XlahpError, match=r"block 1 .*do not connect all items"):
        readers.read_matrices(a + b)  # together they would; each evaluator's weights need it
