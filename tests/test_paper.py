"""The paper's figures, one named test each, from every input shape."""

from __future__ import annotations

import pytest

from pathlib import Path

from openpyxl import load_workbook

from xlahp.core import paper
from xlahp.workbook.calc import calculate
from xlahp.apps.cli import main
from xlahp.apps.demo import figures
from xlahp.udfs import REGISTRY


def call(name, *args):
    return REGISTRY[name].func(*args)


def weights(cells):
    return [row[0] for row in call("AHP_WEIGHTS", cells)]


def test_table2_weights_0637_0258_0105(table2_cells):
    assert [round(w, 3) for w in weights(table2_cells)] == list(paper.TABLE2_WEIGHTS)


def test_table2_ci_00193(table2_cells):
    assert round(call("AHP_CI", table2_cells), 4) == paper.TABLE2_CI


def test_table2_superdecisions_inconsistency_00370(table2_cells):
    assert round(call("AHP_CR", table2_cells), 4) == paper.TABLE2_INCONSISTENCY
    assert round(call("AHP_CR", table2_cells, "superdecisions"), 4) == 0.0370


def test_table2_circular_triads_none(table2_cells):
    assert call("AHP_TRIADS", table2_cells) == 0


def test_fig8_weights_0039_0181_005_0151_0579(fig8_cells):
    assert [round(w, 3) for w in weights(fig8_cells)] == list(paper.FIG8_WEIGHTS)


def test_fig8_ci_00620(fig8_cells):
    assert round(call("AHP_CI", fig8_cells), 4) == paper.FIG8_CI


def test_fig8_superdecisions_inconsistency_00554(fig8_cells):
    assert round(call("AHP_CR", fig8_cells), 4) == paper.FIG8_INCONSISTENCY


def test_fig8_ri_112():
    assert call("AHP_RI", 5) == 1.12


def test_fig8_nc_0(fig8_cells):
    assert call("AHP_TRIADS", fig8_cells) == paper.FIG8_NC == 0
    # 会社の財産 ~ 安定性 and 収益性 ~ 効率性 are ties, yet no weak-order breach either
    assert call("AHP_TRIADS", fig8_cells, "weak") == 0


def test_fig8_verdict_acceptable(fig8_cells):
    block = dict(call("AHP_SUMMARY", fig8_cells))
    assert block["verdict 判定"] == "妥当 OK"
    assert block["N.C. limit 許容上限 (α=0.05)"] == 0  # 表3, n = 5


def test_fig8_ranking_as_the_paper_reads_it(fig8_cells):
    """会社の財産 < 安定性 < 効率性 < 収益力 < 成長力 (§4 手順2)."""
    w = dict(zip(paper.CRITERIA, weights(fig8_cells)))
    assert sorted(w, key=w.get) == ["会社の財産", "安定性", "効率性", "収益性", "成長力"]


@pytest.mark.parametrize("alpha,limits", [
    (0.05, [0, 0, 0, 1, 3, 7, 13]),
    (0.10, [0, 0, 1, 2, 5, 9, 15]),
])
def test_table3_published_limits(alpha, limits):
    assert [call("AHP_TRIADS_MAX", n, alpha) for n in range(3, 10)] == limits
    assert [call("AHP_TRIADS_MAX", n, alpha, "published") for n in range(3, 10)] == limits


SHIPPED_EXAMPLE = Path(__file__).parents[1] / "workbooks" / "paper_example.xlsx"


@pytest.fixture(scope="module")
def shipped_example(tmp_path_factory):
    """The committed example workbook, evaluated headless (the file is only read)."""
    out = tmp_path_factory.mktemp("calc") / "paper_example.calc.xlsx"
    return calculate(SHIPPED_EXAMPLE, out), out


def test_every_figure_comes_out_of_the_shipped_workbook(shipped_example):
    rows = figures(shipped_example[0].named)
    assert len(rows) == 26
    assert [f.where for f in rows].count("A社") == 8
    assert [f.where for f in rows].count("§4") == 3  # the order, ① and ②③ (test_explain)
    assert all(f.matches for f in rows), [f for f in rows if not f.matches]


def test_a_sha_value_index_is_defined_and_explained(shipped_example):
    """Not printed in the paper (it leaves the combination open, §5): Σ w·s over the three
    indicators with a 2012 target — 売上高 by its ratio to the target, 売上高純利益率 and
    利益成長率 on the 当期純利益 behind them, a loss, by progress from 前期 — weights
    renormalised (tests/core/test_value.py has the hand arithmetic).  Final: every score
    ordinary, the view 妥当, the figures in one unit."""
    named = shipped_example[0].named
    assert round(named["Result_ValueIndex"][0], 4) == 0.6971
    assert round(named["Result_Coverage"][0], 3) == 0.799
    assert named["Result_Verdict"] == ["妥当 OK"]
    assert named["Result_Scores"][:2] == [pytest.approx(8_968_546 / 10_500_000),
                                          pytest.approx(680_376 / 987_337)]
    assert named["Result_ValueIndexStanding"][0].startswith("確定 final")
    assert named["Result_Status"][0].startswith("OK")


def test_demo_command_writes_the_example_and_its_evaluated_copy(tmp_path, capsys):
    assert main(["demo", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "22 of 22 computed figures match the paper" in out
    assert "②③ 同程度 about the same" in out
    assert (tmp_path / "paper_example.xlsx").is_file()
    evaluated = load_workbook(tmp_path / "paper_example.calc.xlsx")
    assert "AHP_CR(" in evaluated["一対比較"]["J19"].value


# --- A社 (§4 手順3), from the shipped example workbook ------------------------------

def _indicator(shipped_example, name_of_range, indicator):
    from xlahp.core.finance import PAPER_INDICATORS

    values = dict(zip(PAPER_INDICATORS, shipped_example[0].named[name_of_range]))
    return values[indicator]


def test_a_sha_current_sales_8_9685_trillion_yen(shipped_example):
    assert round(_indicator(shipped_example, "Result_Current", "売上高"), -2) == 8_968_500


def test_a_sha_current_net_margin_minus_1_2_percent(shipped_example):
    assert round(_indicator(shipped_example, "Result_Current", "売上高純利益率"), 1) == -1.2


def test_a_sha_current_asset_turnover_1_00(shipped_example):
    assert round(_indicator(shipped_example, "Result_Current", "総資本回転率"), 2) == 1.00


def test_a_sha_current_profit_growth_86_4_percent_on_a_negative_base(shipped_example):
    assert round(_indicator(shipped_example, "Result_Current", "利益成長率"), 1) == 86.4


def test_a_sha_target_net_margin_1_9_percent(shipped_example):
    assert round(_indicator(shipped_example, "Result_Target", "売上高純利益率"), 1) == 1.9


def test_a_sha_target_profit_growth_287_0_percent(shipped_example):
    assert round(_indicator(shipped_example, "Result_Target", "利益成長率"), 1) == 287.0


def test_a_sha_debt_ratio_520_3_is_the_printed_figure_typed_in(shipped_example):
    """The paper gives no 総負債/自己資本 behind its 520.3 %: the example types the printed
    value into the override column, and the workbook uses it."""
    assert _indicator(shipped_example, "Result_Current", "負債比率") == 520.3
