"""説明 (xlahp.core.explain): the paper's §4 reading of 図8 statement by statement, the rules
behind it (同程度 below √2, the leader read on 表1's scale), provisional views, limits."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlahp.core import consistency, paper
from xlahp.core.explain import ROW_CHARS, SAME_RATIO, explain
from xlahp.core.pairwise import matrix
from xlahp.core.weights import weights
from xlahp.errors import InputError

FIG8 = matrix(paper.FIG8, paper.CRITERIA)


@pytest.fixture(scope="module")
def fig8():
    return explain(weights(FIG8), paper.CRITERIA, consistency.summarize(FIG8))


@pytest.fixture(scope="module")
def rows(fig8):
    return fig8.rows()


# ---------------------------------------------------------------- §4, statement by statement

def test_fig8_order_is_the_papers(rows):
    # 「会社の財産<安定性<効率性<収益力<成長力」 (the paper writes 収益力 for 図7's 収益性)
    assert rows[0] == "重要度の低い順に 会社の財産<安定性<効率性<収益性<成長力。"


def test_fig8_statement_1_growth_leads_by_far(fig8, rows):
    # ①「成長力」をかなりの割合でもっとも重要視している — 0.579 of the total, 3.2× 収益性
    assert [paper.CRITERIA[i] for i in fig8.leaders] == ["成長力"]
    assert rows[1].startswith("①「成長力」をもっとも重視している: 重み 0.579 (全体の 57.9%) で過半")
    assert "次の「収益性」(0.181) の 3.21 倍" in rows[1]
    assert "「やや重要」" in rows[1]  # 3.21 is nearest to 表1's 3


def test_fig8_statements_2_and_3_are_exactly_the_papers_groups(fig8, rows):
    # ②「会社の財産」と「安定性」は同程度 ③「効率性」と「収益力」は同程度 — and nothing else
    assert [[paper.CRITERIA[i] for i in g] for g in fig8.same] == [
        ["会社の財産", "安定性"], ["効率性", "収益性"]]
    assert rows[2].startswith("②「会社の財産」と「安定性」は同程度に重要とみなしている (重みの比 1.30)")
    assert "③「効率性」と「収益性」は同程度に重要とみなしている (重みの比 1.20)" in rows[2]


def test_fig8_stance_is_the_papers_conclusion(rows):
    # 「会社の財産を保持して安定性を維持するよりも、積極的な経営をする」
    assert "(平均 0.304)" in rows[3] and "(平均 0.045)" in rows[3]
    assert "会社の財産を保持して安定性を維持するよりも、積極的な経営をする" in rows[3]


def test_fig8_consistency_evidence_is_the_papers(rows):
    # 「C.I.=0.0554 (< 0.1) かつ N.C.=0 (表 3 を参照)、により、上記の結果は妥当」
    assert rows[4] == ("整合性: C.R. = 0.0554 < 0.1、一巡三角形 N.C. = 0 ≤ 許容上限 0 "
                       "(表3, n = 5, 危険率 0.05)。この結果は妥当なものと結論できる。")
    assert len(rows) == 5


def test_fig8_one_line(fig8):
    assert fig8.line() == "成長力を最も重視 (0.579); 会社の財産≈安定性, 効率性≈収益性"
    assert fig8.line("en") == "成長力 weighted most (0.579); 会社の財産≈安定性, 効率性≈収益性"


def test_fig8_in_english_with_the_english_names():
    e = explain(weights(FIG8), paper.CRITERIA_EN, consistency.summarize(FIG8))
    rows = e.rows("en")
    assert rows[0] == "Order of importance, least to most: Assets<Stability<Efficiency<Profitability<Growth."
    assert rows[1].startswith("① Growth weighs most: 0.579 (57.9% of the total, more than half), 3.21 "
                              "times the next, Profitability (0.181) — \"moderate\"")
    assert "② Assets and Stability are judged about equally important (weight ratio 1.30)" in rows[2]
    assert "③ Efficiency and Profitability" in rows[2]
    assert "active management rather than keeping assets and stability" in rows[3]
    assert rows[4].startswith("Consistency: C.R. = 0.0554 < 0.1, circular triads N.C. = 0 ≤ limit 0 "
                              "(Table 3, n = 5, α = 0.05)")


def test_the_printed_weights_say_the_same(rows):
    # The paper's rounded 図10 weights (0.039 : 0.181 : 0.05 : 0.151 : 0.579) give the same words.
    printed = explain(paper.FIG8_WEIGHTS, paper.CRITERIA, consistency.summarize(FIG8)).rows()
    assert printed[0] == rows[0]
    assert "の 3.20 倍" in printed[1] and "「やや重要」" in printed[1]  # 0.579/0.181
    assert printed[2] == rows[2].replace("1.30", "1.28")  # 0.050/0.039
    assert printed[4] == rows[4]


# ---------------------------------------------------------------- the rules

def test_same_ratio_is_the_midpoint_of_table1s_first_step():
    assert SAME_RATIO == pytest.approx(math.sqrt(2))  # nearer to 1 than to 2 on a log scale
    assert explain([1, 1.4], ["a", "b"]).groups == ((0, 1),)
    assert explain([1, 1.42], ["a", "b"]).groups == ((0,), (1,))


def test_a_group_never_chains_past_the_rule():
    # 1, 1.3, 1.69: neighbours 1.3 apart, but 1.69 is over √2 from 1 — two groups
    e = explain([1, 1.3, 1.69], ["a", "b", "c"])
    assert e.groups == ((0, 1), (2,))


def test_a_shared_lead():
    e = explain([0.4, 0.35, 0.15, 0.1], ["A", "B", "C", "D"])
    assert e.leaders == (1, 0)
    assert e.rows()[1].startswith("①「A」と「B」を同程度にもっとも重視している: 重み計 0.750")
    assert "次の「C」(0.150) の 2.67 倍" in e.rows()[1]
    assert e.line() == "AとBを最も重視 (0.750)"  # D and C are 1.5 apart: not 同程度


def test_equal_weights_are_said_equal():
    e = explain([1, 1, 1], ["x", "y", "z"])
    assert e.rows()[0] == "重要度の低い順に x=y=z。"
    assert e.rows()[1].startswith("①すべての評価基準をほぼ同程度に重視している")
    assert e.line() == "すべて同程度に重視"


def test_the_stance_only_for_the_papers_criteria():
    assert explain([0.2, 0.8], ["a", "b"]).stance is None
    keeping = explain([0.4, 0.1, 0.3, 0.1, 0.1], paper.CRITERIA).rows()
    assert any("会社の財産を保持して安定性を維持する方針" in r for r in keeping)
    even = explain([0.2] * 5, paper.CRITERIA).rows()
    assert any("守りと攻めの均衡" in r for r in even)


def test_a_failed_check_makes_the_view_provisional():
    cyclic = matrix([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]], ["A", "B", "C"])
    e = explain(weights(cyclic), ["A", "B", "C"], consistency.summarize(cyclic))
    assert e.provisional
    assert e.rows()[-1] == ("整合性: C.R. = 1.28 ≥ 0.1、一巡三角形 N.C. = 1 > 許容上限 0 "
                            "(表3, n = 3, 危険率 0.05)。この重みは参考値 (要再検討): "
                            "一対比較を見直してから説明に用いること。")
    assert e.line().endswith("[参考値: C.R. 1.282 ≥ 0.1, N.C. 1 > 0]")


def test_without_a_matrix_the_check_is_said_missing():
    assert explain([0.7, 0.3], ["a", "b"]).rows()[-1] == "整合性は未確認 (一対比較表が与えられていない)。"


def test_beyond_table3_the_exact_test_is_cited():
    n = 10
    values = [[1.0 if i == j else (2.0 if i < j else 0.5) for j in range(n)] for i in range(n)]
    m = matrix(values, [f"c{k}" for k in range(n)])
    e = explain(weights(m), m.labels, consistency.summarize(m))
    assert "(厳密検定, P(N.C. ≤ 0) = " in e.rows()[-1]


@given(st.lists(st.floats(0.001, 1000), min_size=2, max_size=15),
       st.sampled_from(["ja", "en"]))
def test_properties(ws, lang):
    names = [f"評価基準その{k}の長い名前(long criterion name {k})" for k in range(len(ws))]
    e = explain(ws, names)
    flat = [i for g in e.groups for i in g]
    assert flat == list(e.order)  # groups are runs of the order
    for g in e.groups:
        assert e.shares[g[-1]] / e.shares[g[0]] < SAME_RATIO
    for a, b in zip(e.groups, e.groups[1:]):
        assert e.shares[b[0]] / e.shares[a[0]] >= SAME_RATIO
    rows = e.rows(lang)
    assert all(0 < len(r) <= ROW_CHARS for r in rows)
    assert all(names[i] in "".join(rows) for i in range(len(ws)))


@pytest.mark.parametrize("ws, names, message", [
    ([1], ["a"], "weights has 1 value; explain 2 criteria or more"),
    ([1, 2], ["a"], "names has 1 cells but weights has 2"),
    ([1, 2], ["a", " "], "names cell 2 is blank"),
    ([1, 2], ["a", "a"], "names has a twice"),
    ([1, -2], ["a", "b"], "b is -2; weights are 0 or more"),
    ([0, 0], ["a", "b"], "weights are all 0"),
])
def test_bad_input(ws, names, message):
    with pytest.raises(InputError, match=message):
        explain(ws, names)
