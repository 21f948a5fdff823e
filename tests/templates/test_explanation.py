"""説明資料, the cover's explanation and 保有株式 (issue 19): the paper's §4 on the printed page,
the NPV estimate against Microsoft's published examples, refused inputs, what is printed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from openpyxl import load_workbook

from xlahp.templates import alliance, build, explanation, holding, names
from xlahp.templates.case import TEMPLATE, paper_case
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("example") / "paper_example.xlsx", example=True,
                 evaluated=True)
    return load_workbook(path, data_only=True), load_workbook(path)


def evaluate(tmp_path, case, name="book"):
    return calculate(build(tmp_path / f"{name}.xlsx", case=case)).named


# ---------------------------------------------------------------- the paper on the page

def test_the_page_says_the_papers_four_statements(example):
    values, _ = example
    ws = values[explanation.SHEET]
    rows = [ws[f"B{r}"].value for r in explanation.LINE_ROWS]
    assert rows[0] == "重要度の低い順に 会社の財産<安定性<効率性<収益性<成長力。"
    assert rows[1].startswith("①「成長力」をもっとも重視している: 重み 0.579 (全体の 57.9%)")
    assert rows[2].startswith("②「会社の財産」と「安定性」は同程度") and "③「効率性」と「収益性」" in rows[2]
    assert "積極的な経営をする" in rows[3]
    assert rows[4].startswith("整合性: C.R. = 0.0554 < 0.1、一巡三角形 N.C. = 0 ≤ 許容上限 0")
    assert rows[5] is None  # the spare line stays blank


def test_the_page_carries_the_figures_it_cites(example):
    values, _ = example
    ws = values[explanation.SHEET]
    weights = [ws[f"C{r}"].value for r in range(explanation._W1, explanation._WN + 1)]
    assert [round(w, 3) for w in weights] == [0.039, 0.181, 0.050, 0.151, 0.579]
    evidence = [ws.cell(explanation.EVIDENCE_TOP + 3, c).value for c in range(8, 16)]
    assert evidence[0] == "superdecisions" and round(evidence[1], 4) == 0.0620
    assert (evidence[2], round(evidence[3], 4), evidence[4:6], evidence[7]) == (
        1.12, 0.0554, [0, 0], 0.05)
    assert ws[f"I{explanation.EVIDENCE_TOP + 4}"].value == "妥当 OK"
    top = explanation.INDEX_TOP
    assert round(ws[f"I{top + 1}"].value, 4) == 0.6971
    assert ws[f"J{top + 1}"].value.startswith("1.0 = 目標どおり: 0.697 は目標の 69.7%")
    assert ws[f"I{top + 3}"].value.startswith("確定 final")
    assert ws[f"I{top + 5}"].value == "押し上げ: なし"
    assert ws[f"I{top + 6}"].value.startswith("押し下げ: 利益成長率 -0.225 (得点 0.69)")
    # 株式持ち合い: the disclosure block applies; A社's holding is not in the paper
    top = explanation.HOLDING_TOP
    assert ws[f"H{top + 1}"].value.startswith("対象: 株式持ち合い")
    assert ws[f"I{top + 2}"].value == "(論文に記載なし / not named in the paper)"
    assert ws[f"M{explanation.NPV_LINE}"].value.startswith("未入力 割引率が未入力")


def test_the_page_prints_on_one_a4_page_without_errors(example):
    values, formulas = example
    setup = formulas[explanation.SHEET].page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 1)
    shown = [c.value for row in values[explanation.SHEET].iter_rows() for c in row]
    assert not [v for v in shown if isinstance(v, str) and v.startswith("#")]


def test_the_cover_shows_the_weights_and_the_line(example):
    values, _ = example
    ws = values[alliance.COVER]
    assert [ws.cell(alliance.WEIGHTS_LINE, c).value for c in range(4, 9)] == [
        "会社の財産 0.039", "収益性 0.181", "安定性 0.050", "効率性 0.151", "成長力 0.579"]
    assert ws[f"D{alliance.EXPLAIN_LINE}"].value == (
        "成長力を最も重視 (0.579); 会社の財産≈安定性, 効率性≈収益性")


def test_in_english_on_request(tmp_path):
    ws = load_workbook(build(tmp_path / "en.xlsx", case=replace(paper_case(), explain_lang="en"),
                             evaluated=True), data_only=True)[explanation.SHEET]
    text = [ws[f"B{r}"].value for r in explanation.LINE_ROWS]
    assert text[0] == "Order of importance, least to most: 会社の財産<安定性<効率性<収益性<成長力."
    assert text[4].startswith("Consistency: C.R. = 0.0554 < 0.1")
    assert ws[f"I{explanation.INDEX_TOP + 5}"].value == "Up: none"


def test_the_teaching_example_is_in_the_example_only(example, tmp_path):
    values, _ = example
    assert "例題 表2" in values.sheetnames
    template = load_workbook(build(tmp_path / "t.xlsx"))
    assert "例題 表2" not in template.sheetnames
    assert names.EXAMPLE_WEIGHTS.name not in template.defined_names


# ---------------------------------------------------------------- 保有株式 and the NPV estimate

def holding_case(market, flows, rate, **changes):
    return replace(paper_case(), holding={names.HOLDING_MARKET.name: market, **changes},
                   discount_rate=rate, cash_flows={0: (None, *flows)})


def test_npv_is_excels_on_microsofts_example(tmp_path):
    # Microsoft's NPV help, example 2: rate 8 %, 40,000 invested today, returns 8,000, 9,200,
    # 10,000, 12,000, 14,500 → 1,922.06; with a loss of 9,000 in year 6 → −3,749.47.
    flows = (8000, 9200, 10000, 12000, 14500)
    named = evaluate(tmp_path, holding_case(40000, flows, 0.08))
    assert named[names.STATUS_HOLDING.name][0].startswith("OK NPV 試算: 割引率 8.0%, 5 年")
    assert named[names.NPV.name][0] == pytest.approx(1922.06, abs=0.005)
    named = evaluate(tmp_path, holding_case(40000, (*flows, -9000), 0.08), "loss")
    assert named[names.NPV.name][0] == pytest.approx(-3749.47, abs=0.005)
    # and by hand: Σ CF_t / 1.08^t
    by_hand = -40000 + sum(v / 1.08 ** t for t, v in enumerate(flows, 1))
    assert round(by_hand, 2) == 1922.06


def test_irr_is_excels_on_microsofts_example(tmp_path):
    # Microsoft's IRR help: −70,000, then 12,000, 15,000, 18,000, 21,000 → −2.1 %;
    # with 26,000 in year 5 → 8.7 %.
    four = (12000, 15000, 18000, 21000)
    assert evaluate(tmp_path, holding_case(70000, four, 0.1))[names.IRR.name][0] == \
        pytest.approx(-0.021, abs=5e-4)
    named = evaluate(tmp_path, holding_case(70000, (*four, 26000), 0.1), "five")
    irr = named[names.IRR.name][0]
    assert irr == pytest.approx(0.087, abs=5e-4)
    # the root of the NPV polynomial Σ CF_t·x^t, x = 1/(1 + r), found independently
    roots = np.roots([26000, *reversed(four), -70000])
    real = [1 / r.real - 1 for r in roots if abs(r.imag) < 1e-12 and r.real > 0]
    assert irr == pytest.approx(min(real, key=lambda x: abs(x - irr)), abs=1e-9)


def test_a_blank_year_inside_the_horizon_counts_as_zero(tmp_path):
    # Excel's NPV skips a blank cell, moving later years a period closer; the total row
    # keeps every year up to the last one given
    named = evaluate(tmp_path, holding_case(1000, (100, None, 1200), 0.1))
    assert named[names.NPV.name][0] == pytest.approx(-1000 + 100 / 1.1 + 1200 / 1.1 ** 3)


@pytest.mark.parametrize("rate, flows, status", [
    (0.05, (100, "1,000万", 200), "入力エラー input error — 配当 Dividends t=2 is text '1,000万'"),
    (0.05, (100, "300", 200), "入力エラー input error — 配当 Dividends t=2 is text '300'"),
    (-1, (100, 200), "入力エラー input error — 割引率 discount rate is -100%; it must be above"),
    (-1.5, (100, 200), "入力エラー input error — 割引率 discount rate is -150%"),
    ("5%", (100, 200), "入力エラー input error — 割引率 discount rate is text '5%'"),
    (None, (100, 200), "未入力 割引率が未入力"),
    (0.05, (), "未入力 キャッシュフローが未入力"),
    (5, (100, 2000), "注意 割引率 5 = 500%: 5% のつもりなら 0.05"),
])
def test_refused_inputs_give_a_status_not_a_number(tmp_path, rate, flows, status):
    named = evaluate(tmp_path, holding_case(1000, flows, rate))
    assert named[names.STATUS_HOLDING.name][0].startswith(status)
    if not status.startswith("注意"):
        assert named[names.NPV.name][0] == "—" and named[names.IRR.name][0] == "—"


def test_a_negative_holding_figure_is_refused(tmp_path):
    named = evaluate(tmp_path, holding_case(1000, (100, 1200), 0.05,
                                            **{names.HOLDING_COST.name: -5}))
    assert named[names.STATUS_HOLDING.name][0].startswith(
        "入力エラー input error — 取得原価 is -5; it is 0 or more")


def test_the_disclosure_block_follows_the_form(tmp_path):
    capital = holding_case(40000, (8000, 9200, 10000, 12000, 14500), 0.08,
                           **{names.HOLDING_COUNTERPARTY.name: "B社",
                              names.HOLDING_COST.name: 30000, names.HOLDING_SHARES.name: 1_200_000})
    ws = load_workbook(build(tmp_path / "c.xlsx", case=capital, evaluated=True),
                       data_only=True)[explanation.SHEET]
    top = explanation.HOLDING_TOP
    assert ws[f"I{top + 2}"].value == "B社"
    assert [(ws[f"I{r}"].value, ws[f"M{r}"].value) for r in range(top + 4, top + 7)] == [
        (1_200_000, None), (30000, None), (40000, 10000)]
    assert ws[f"I{explanation.NPV_LINE}"].value == pytest.approx(1922.06, abs=0.005)
    assert ws[f"K{explanation.NPV_LINE}"].value == "IRR 9.6%"
    business = replace(capital, cover={**capital.cover, "AllianceForm": "業務提携"})
    ws = load_workbook(build(tmp_path / "b.xlsx", case=business, evaluated=True),
                       data_only=True)[explanation.SHEET]
    assert ws[f"H{top + 1}"].value.startswith("対象外")
    assert all(ws.cell(r, c).value is None for r in range(top + 2, top + 13) for c in (9, 13))
    assert ws[f"K{explanation.NPV_LINE}"].value is None  # no IRR either


def test_the_template_holding_is_blank_not_zero(tmp_path):
    ws = load_workbook(build(tmp_path / "t.xlsx", case=TEMPLATE, evaluated=True),
                       data_only=True)[holding.SHEET]
    totals = [c.value for c in ws[holding.TOTAL_ROW]][2:]
    assert all(v is None for v in totals)


# ---------------------------------------------------------------- the summary carries the line

def test_the_summary_and_the_frame_carry_the_line(example, tmp_path):
    from xlahp.apps.portfolio import EXPLANATION, report
    from xlahp.apps.summary import write_csv

    path = build(tmp_path / "a.xlsx", example=True)
    frame = report([path], jobs=1)
    line = "成長力を最も重視 (0.579); 会社の財産≈安定性, 効率性≈収益性"
    assert frame[EXPLANATION].tolist() == [line]
    write_csv(frame, tmp_path / "s.csv")
    assert line in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")


def test_an_older_workbook_gets_the_line_from_its_weights(tmp_path):
    """A workbook from a template before the line: the same words, from its weights and
    criteria."""
    from xlahp.apps.portfolio import EXPLANATION, report

    path = build(tmp_path / "old.xlsx", example=True)
    book = load_workbook(path)
    del book.defined_names[names.EXPLANATION.name]
    book.save(path)
    assert report([path], jobs=1)[EXPLANATION].tolist() == [
        "成長力を最も重視 (0.579); 会社の財産≈安定性, 効率性≈収益性"]


def test_a_filings_long_reason_is_clipped_on_the_page_whole_on_its_sheet(tmp_path):
    """Real 保有目的 texts run to 200 characters and more (Kikkoman's for 明治ホールディングス
    has 218): on 説明資料 they would spill over the rows around them."""
    long = ("相互のグループ間の安定的な営業関係取引の維持・強化及び相互の取り組みによる将来的な企業価値向上が"
            "保有の目的です。" * 4)
    case = holding_case(40000, (8000,), 0.08, **{names.HOLDING_PURPOSE.name: long})
    book = load_workbook(build(tmp_path / "long.xlsx", case=case, evaluated=True), data_only=True)
    shown = book[explanation.SHEET][f"I{explanation.HOLDING_TOP + 7}"].value
    assert len(shown) == explanation.REASON_CHARS and shown.endswith("… (全文は保有株式)")
    assert book[holding.SHEET][f"D{holding.ROWS[names.HOLDING_PURPOSE.name]}"].value == long
