"""財務指標 and 倒産指数 (xlahp.core.finance): the paper's A社 figures, every candidate
indicator on a hand-checked statement, the sheet-range parser, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlahp.core import finance
from xlahp.core import paper
from xlahp.errors import XlahpError
from xlahp.core.finance import (
    BANKRUPTCY_COMPONENTS, INDICATORS, ITEMS, PAPER_INDICATORS, bankruptcy_index,
    bankruptcy_verdict, growth_rate, indicator, statement_indicator,
)
from xlahp.sheet.cells import amount as parse_amount, label_key
from xlahp.sheet.readers import figures, indicator_key, item_key, read_statement as parse_statement

# A statement with every item, in round numbers so each indicator can be checked
# by mental arithmetic (values in 百万円, shares in millions, price in 円 per share
# scaled alike — only the ratios matter).
FULL_CURRENT = {
    "売上高": 1000, "営業収益": 1200, "営業利益": 80, "営業費用": 900, "支払利息": 20,
    "当期純利益": 50, "総資産": 2000, "総負債": 1200, "自己資本": 800, "株主資本": 700,
    "資本金": 100, "流動資産": 900, "流動負債": 600, "固定資産": 1100, "有形固定資産": 700,
    "固定負債": 600, "配当金総額": 15, "発行済株式数": 10, "株価": 120,
}
FULL_PREVIOUS = {"売上高": 800, "当期純利益": 40}
FULL_EXPECTED = {
    "売上高": 1000, "営業収益": 1200, "資本金": 100, "有形固定資産": 700,
    "ROE": 50 / 800 * 100,                      # 6.25 %
    "ROA": 50 / 2000 * 100,                     # 2.5 %
    "売上高営業利益率": 80 / 1000 * 100,          # 8 %
    "売上高純利益率": 50 / 1000 * 100,            # 5 %
    "流動比率": 900 / 600 * 100,                 # 150 %
    "固定比率": 1100 / 800 * 100,                # 137.5 %
    "長期固定適合率": 1100 / (800 + 600) * 100,   # 78.6 %
    "株主資本比率": 700 / 2000 * 100,             # 35 %
    "負債比率": 1200 / 800 * 100,                # 150 %
    "総資本回転率": 1000 / 2000,                  # 0.5 回
    "固定資産回転率": 1000 / 1100,                # 0.91 回
    "売上成長率": (1000 - 800) / 800 * 100,       # 25 %
    "利益成長率": (50 - 40) / 40 * 100,           # 25 %
    "配当性向": 15 / 50 * 100,                   # 30 %
    "配当利回り": 15 / (10 * 120) * 100,          # 1.25 %
    "PBR": 120 * 10 / 800,                      # 1.5 倍
    "PER": 120 * 10 / 50,                       # 24 倍
}


def _sheet_text(value: float) -> str:
    """A figure as an accountant types it: thousands separators, ▲ for negative."""
    return f"▲{-value:,}" if value < 0 else f"{value:,}"


# The paper's statement laid out as a sheet: header row, text figures, a unit in
# the label, an extra row the parser must skip.  Figures come from xlahp.core.paper.
PAPER_SHEET = [
    ["科目（百万円）", "2010年3月期 当期", "2009年3月期 前期", "2012年 目標"],
    *[[f"{item}（百万円）", *(_sheet_text(p[item]) if item in p else None
                            for p in (paper.STATEMENT_CURRENT, paper.STATEMENT_PREVIOUS,
                                      paper.STATEMENT_TARGET))]
      for item in ("売上高", "当期純利益", "総資産")],
    ["注記: 連結", "有価証券報告書より", None, None],
]


# ---------------------------------------------------------------- the paper's A社

def test_paper_current_indicators_as_printed():
    """§4 手順3: 売上高 8兆9,685億円, −1.2 %, 1.00 回, 86.4 % (負債比率 has no figures)."""
    cur, prev = paper.STATEMENT_CURRENT, paper.STATEMENT_PREVIOUS
    printed = paper.PRINTED_CURRENT
    assert round(indicator("売上高", cur, prev), -2) == printed["売上高"]  # to 億円
    assert round(indicator("売上高純利益率", cur, prev), 1) == printed["売上高純利益率"]
    assert round(indicator("総資本回転率", cur, prev), 2) == printed["総資本回転率"]
    assert round(indicator("利益成長率", cur, prev), 1) == printed["利益成長率"]


def test_paper_target_indicators_as_printed():
    """2012 中期計画 vs 2010: 売上高純利益率 1.9 %, 利益成長率 287.0 %."""
    target, cur = paper.STATEMENT_TARGET, paper.STATEMENT_CURRENT
    assert round(indicator("売上高純利益率", target), 1) == paper.PRINTED_TARGET["売上高純利益率"]
    assert round(indicator("利益成長率", target, cur), 1) == paper.PRINTED_TARGET["利益成長率"]


def test_paper_statement_from_a_sheet_range():
    statement = parse_statement(PAPER_SHEET)
    assert statement.figures == {"current": paper.STATEMENT_CURRENT,
                         "previous": paper.STATEMENT_PREVIOUS,
                         "target": paper.STATEMENT_TARGET}
    assert round(statement_indicator("利益成長率", statement), 1) == 86.4
    assert round(statement_indicator("利益成長率", statement, "target"), 1) == 287.0
    assert round(statement_indicator("売上高純利益率", statement, "target"), 1) == 1.9


# ---------------------------------------------------------------- growth rates

def test_growth_on_a_negative_base_divides_by_its_absolute_value():
    # −787,337 → −106,961: the loss shrank by 86.4 %; the plain formula says −86.4 %.
    assert round(growth_rate(-106_961, -787_337), 1) == 86.4
    assert round((-106_961 - -787_337) / -787_337 * 100, 1) == -86.4
    # −106,961 → 200,000 (target): +287.0 %
    assert round(growth_rate(200_000, -106_961), 1) == 287.0


def test_growth_on_a_zero_base_is_an_error():
    with pytest.raises(XlahpError, match="base is 0"):
        growth_rate(5, 0)
    with pytest.raises(XlahpError, match="利益成長率: previous-year 当期純利益 is 0"):
        indicator("利益成長率", {"当期純利益": 5}, {"当期純利益": 0})


@given(st.floats(-1e9, 1e9), st.floats(-1e9, 1e9).filter(lambda b: abs(b) > 1e-6))
def test_growth_sign_follows_the_change(value, base):
    g = growth_rate(value, base)
    assert (g > 0) == (value > base) and (g < 0) == (value < base)
    if base > 0:
        assert g == pytest.approx((value - base) / base * 100)


# ---------------------------------------------------------------- every indicator

@pytest.mark.parametrize("name", list(FULL_EXPECTED))
def test_every_indicator_on_a_hand_checked_statement(name):
    assert indicator(name, FULL_CURRENT, FULL_PREVIOUS) == pytest.approx(FULL_EXPECTED[name])


def test_the_candidates_are_the_papers_list():
    """§4 手順3, ① … ⑤, in the paper's order."""
    by_criterion = {c: [i.name for i in INDICATORS.values() if i.criterion == c]
                    for c in paper.CRITERIA}
    assert by_criterion == {
        "会社の財産": ["売上高", "営業収益", "資本金", "有形固定資産"],
        "収益性": ["ROE", "ROA", "売上高営業利益率", "売上高純利益率"],
        "安定性": ["流動比率", "固定比率", "長期固定適合率", "株主資本比率", "負債比率"],
        "効率性": ["総資本回転率", "固定資産回転率"],
        "成長力": ["売上成長率", "利益成長率", "配当性向", "配当利回り", "PBR", "PER"],
    }
    assert set(FULL_EXPECTED) == set(INDICATORS)


def test_the_papers_five_one_per_criterion():
    assert [INDICATORS[n].criterion for n in PAPER_INDICATORS] == list(paper.CRITERIA)
    assert [INDICATORS[n].formula for n in PAPER_INDICATORS] == [
        "売上高",
        "当期純利益 ÷ 売上高 × 100",
        "総負債 ÷ 自己資本 × 100",
        "売上高 ÷ 総資産",
        "(当期純利益 − 前期の当期純利益) ÷ |前期の当期純利益| × 100",
    ]


def test_directions_and_units():
    lower = {n for n, i in INDICATORS.items() if i.direction == -1}
    assert lower == {"固定比率", "長期固定適合率", "負債比率"}
    assert {i.unit for i in INDICATORS.values()} == {"円", "%", "回", "倍"}
    assert (INDICATORS["総資本回転率"].unit, INDICATORS["PER"].unit) == ("回", "倍")


@pytest.mark.parametrize("name", list(INDICATORS))
def test_declared_needs_are_exactly_what_the_formula_uses(name):
    ind = INDICATORS[name]
    current = {k: FULL_CURRENT[k] for k in ind.current}
    previous = {k: FULL_PREVIOUS[k] for k in ind.previous}
    assert indicator(name, current, previous) == pytest.approx(FULL_EXPECTED[name])
    for period, values in (("current", current), ("previous", previous)):
        for item in values:
            short = {k: v for k, v in values.items() if k != item}
            args = (short, previous) if period == "current" else (current, short)
            with pytest.raises(XlahpError, match=f"{item} .* missing for the {period} year"):
                indicator(name, *args)


@pytest.mark.parametrize("name,alias", [
    ("ROE", "自己資本利益率"), ("ROE", "return on equity"), ("ROA", "総資本利益率"),
    ("長期固定適合率", "固定長期適合率"), ("総資本回転率", "総資産回転率"),
    ("PBR", "株価純資産倍率"), ("PER", "Price-Earnings Ratio"), ("売上高", "Net sales"),
    ("売上高純利益率", "　売上高純利益率 "), ("PER", "ＰＥＲ"),
])
def test_indicator_names(name, alias):
    assert indicator_key(alias) == name


def test_unknown_indicator():
    with pytest.raises(XlahpError, match="unknown indicator '経常利益率'.*ROE"):
        indicator("経常利益率", FULL_CURRENT)


# ---------------------------------------------------------------- bad statement figures

@pytest.mark.parametrize("name,change,message", [
    ("負債比率", {"自己資本": 0}, r"負債比率: 自己資本 is 0 \(債務超過, negative equity\); the "
                               "ratio needs a positive 自己資本"),
    ("ROE", {"自己資本": -300}, "ROE: 自己資本 is -300"),
    ("PER", {"当期純利益": -5}, "PER: 当期純利益 is -5"),
    ("長期固定適合率", {"自己資本": -600}, r"自己資本 \+ 固定負債 is 0"),
    ("配当利回り", {"株価": 0}, r"発行済株式数 × 株価 is 0"),
])
def test_zero_or_negative_denominator_is_an_error(name, change, message):
    with pytest.raises(XlahpError, match=message):
        indicator(name, FULL_CURRENT | change)


def test_missing_item_names_item_and_period():
    with pytest.raises(XlahpError, match=r"総資本回転率: 総資産 \(Total assets\) is missing "
                                         "for the current year"):
        indicator("総資本回転率", {"売上高": 1})
    with pytest.raises(XlahpError, match="売上高 .* missing for the previous year"):
        indicator("売上成長率", {"売上高": 1})


def test_statement_mappings_accept_aliases_and_text():
    current = {"総資本": "8,951,763", "Net sales": "８,９６８,５４６"}
    assert indicator("総資本回転率", figures(current)) == pytest.approx(8_968_546 / 8_951_763)
    with pytest.raises(XlahpError, match="given twice"):
        figures({"総資本": 1, "総資産": 2, "売上高": 1})
    with pytest.raises(XlahpError, match="current-year 売上高: '12a' is not a number"):
        figures({"売上高": "12a"})


# ---------------------------------------------------------------- items and amounts

@pytest.mark.parametrize("label,key", [
    ("総資本", "総資産"), ("他人資本", "総負債"), ("負債合計", "総負債"), ("資産合計", "総資産"),
    ("流動資本", "流動資産"), ("Total Assets", "総資産"), ("shareholders’ equity", "株主資本"),
    ("Non current assets", "固定資産"), ("売上高（百万円）", "売上高"), ("総資産(=総資本)", "総資産"),
    ("売上高 / Net sales", "売上高"), ("当期純利益\nNet income", "当期純利益"),
    ("　売　上　高　", "売上高"), ("当期純利益又は当期純損失（△）", "当期純利益"),
    ("支払利息・割引料", "支払利息"), ("ＰＰ＆Ｅ", "有形固定資産"),
])
def test_item_aliases(label, key):
    assert item_key(label) == key


@pytest.mark.parametrize("label", ["純資産", "当期純損失", "売上原価", "", None, 3.0])
def test_labels_that_are_not_items(label):
    assert item_key(label) is None


def test_item_names_do_not_collide():
    names = [n for i in ITEMS for n in (i.key, i.en, *i.aliases)]
    assert len({label_key(n) for n in names}) == len(names)
    names = [n for i in INDICATORS.values() for n in (i.name, i.en, *i.aliases)]
    assert len({label_key(n) for n in names}) == len(names)


@pytest.mark.parametrize("cell,value", [
    (1234, 1234.0), (-5.5, -5.5), ("1,234", 1234.0), ("１，２３４", 1234.0),
    ("▲1,234", -1234.0), ("△ 1,234", -1234.0), ("(1,234)", -1234.0), ("−12.5", -12.5),
    ("－7", -7.0), ("+3", 3.0), (" 0.5 ", 0.5), (None, None), ("", None), ("  ", None),
    ("－", None), ("―", None),
])
def test_parse_amount(cell, value):
    assert parse_amount(cell) == value


@pytest.mark.parametrize("cell", ["12a", "1e5", "nan", "▲-3", "1.2.3", True, float("inf"), [1]])
def test_parse_amount_rejects(cell):
    with pytest.raises(XlahpError, match="not a"):
        parse_amount(cell)


@given(st.integers(-10**12, 10**12))
def test_parse_amount_reads_accounting_notation(n):
    full_width = str.maketrans("0123456789,", "０１２３４５６７８９，")
    assert parse_amount(_sheet_text(n)) == n
    assert parse_amount(_sheet_text(n).translate(full_width)) == n
    assert parse_amount(_sheet_text(n).replace("▲", "△")) == n


# ---------------------------------------------------------------- statement ranges

def _periods(cells):
    s = parse_statement(cells)
    return s["current"].get("売上高"), s["previous"].get("売上高"), s["target"].get("売上高")


@pytest.mark.parametrize("cells,expected", [
    ([["売上高", 10]], (10, None, None)),                                   # one column: current
    ([["", "前連結会計年度", "当連結会計年度"], ["売上高", 9, 10]], (10, 9, None)),  # 有報
    ([["", "前事業年度", "当事業年度"], ["売上高", 9, 10]], (10, 9, None)),
    ([["", "当期", "前期", "目標"], ["売上高", 10, 9, 12]], (10, 9, 12)),
    ([["", "目標", "前期", "当期"], ["売上高", 12, 9, 10]], (10, 9, 12)),   # any order
    ([["", "Previous", "Current"], ["Net sales", 9, 10]], (10, 9, None)),
    ([["", "前期実績", "当期実績"], ["売上高", 9, 10]], (10, 9, None)),      # 前期 wins
    ([["", "2009/3", "2010/3"], ["売上高", 9, 10]], (10, 9, None)),          # newest first
    ([["", 2009, 2010], ["売上高", 9, 10]], (10, 9, None)),
    ([["", dt.datetime(2009, 3, 31), dt.datetime(2010, 3, 31), "2012年 計画"],
      ["売上高", 9, 10, 12]], (10, 9, 12)),
    ([["", "2010年3月期", "2009年3月期"], ["売上高", 10, 9]], (10, 9, None)),
    ([["", "2009/3", "当期"], ["売上高", 9, 10]], (10, 9, None)),            # word, then rest
    ([["損益計算書", None, None], ["", "前期", "当期"], ["売上高", 9, 10]], (10, 9, None)),
    ([["", None, "当期", "前期"], ["売上高", None, 10, 9]], (10, 9, None)),  # empty column
    ([["", "当期", "前期", "前期比(%)", "増減"], ["売上高", 10, 8, 125.0, 2]], (10, 8, None)),
])
def test_statement_columns(cells, expected):
    assert _periods(cells) == expected


def test_statement_rows():
    cells = [
        ["科目", "当期", "前期"],
        ["売上原価", "x y z", None],         # unknown label: ignored, even with text in it
        ["売上高", "8,968,546", None],
        [None, 5, 6],                        # unlabelled row: ignored
        ["総資本", 8_951_763, "－"],          # alias; a dash is blank
        ["総資産", 8_951_763, None],          # the same item again, same value: fine
        ["当期純利益", "▲106,961", "△787,337"],
        ["売上高"],                           # short row
    ]
    s = parse_statement(cells)
    assert s["current"] == {"売上高": 8_968_546, "総資産": 8_951_763, "当期純利益": -106_961}
    assert s["previous"] == {"当期純利益": -787_337}
    assert s["target"] == {}


@pytest.mark.parametrize("cells,message", [
    ([["売上高"]], "labels in its first column and figures"),
    ([], "labels in its first column and figures"),
    ([["科目", "当期"], ["売上原価", 5]], "no known item label"),
    ([["", "当期", "今期"], ["売上高", 1, 2]], "columns 2 and 3 are both headed as the current"),
    ([["売上高", "12a"]], r"row 1 \(売上高\), column 2 \(current year\): '12a' is not a number"),
    ([["売上高", 1], ["Net sales", 2]], "売上高 appears twice in the current column"),
])
def test_statement_errors(cells, message):
    with pytest.raises(XlahpError, match=message):
        parse_statement(cells)


def test_statement_indicator_periods():
    s = parse_statement([["", "当期", "前期"], ["売上高", 10, 8]])
    assert statement_indicator("売上成長率", s) == 25.0
    with pytest.raises(XlahpError, match="売上高 .* missing for the year before the previous"):
        statement_indicator("売上成長率", s, "previous")
    with pytest.raises(XlahpError, match="period 'next' is not current"):
        statement_indicator("売上高", s, "next")


# ---------------------------------------------------------------- 倒産指数

# Components by hand: 収益力 1200/(1100+100) = 1.0, 支払い能力 600/500 = 1.2,
# 活力 1200/1000 = 1.2, 持久力 500/500 = 1.0, 成長力 500/(500−100) = 1.25.
# In the paper's own words (流動資本, 他人資本, 総資本), read as a sheet reads them.
BANKRUPTCY_STATEMENT = figures({"売上高": 1200, "営業費用": 1100, "支払利息": 100, "流動資本": 600,
                                "他人資本": 500, "総資本": 1000, "自己資本": 500, "当期純利益": 100})
PAPER_BANKRUPTCY_WEIGHTS = paper.BANKRUPTCY_EXAMPLE_WEIGHTS  # §4, 木下's example


def test_bankruptcy_index_simple_mean():
    result = bankruptcy_index(BANKRUPTCY_STATEMENT)
    assert result.components == pytest.approx(
        {"収益力": 1.0, "支払い能力": 1.2, "活力": 1.2, "持久力": 1.0, "成長力": 1.25})
    assert result.weights == pytest.approx((0.2,) * 5)
    assert result.index == pytest.approx((1.0 + 1.2 + 1.2 + 1.0 + 1.25) / 5)  # 1.13


def test_bankruptcy_index_paper_weights():
    result = bankruptcy_index(BANKRUPTCY_STATEMENT, PAPER_BANKRUPTCY_WEIGHTS)
    # 0.20×1.0 + 0.15×1.2 + 0.30×1.2 + 0.10×1.0 + 0.25×1.25 = 1.1525
    assert result.index == pytest.approx(1.1525)
    assert bankruptcy_verdict(result.index) == "健全 healthy"
    # weights on any scale are renormalised
    scaled = bankruptcy_index(BANKRUPTCY_STATEMENT, [20, 15, 30, 10, 25])
    assert scaled.index == pytest.approx(1.1525)
    assert scaled.weights == pytest.approx(PAPER_BANKRUPTCY_WEIGHTS)


def test_bankruptcy_formulas_as_quoted():
    assert [c.formula for c in BANKRUPTCY_COMPONENTS] == [
        "売上高 ÷ (営業費用 + 支払利息)", "流動資産 ÷ 総負債", "売上高 ÷ 総資産",
        "自己資本 ÷ 総負債", "自己資本 ÷ (自己資本 − 当期純利益)"]


@pytest.mark.parametrize("weights,message", [
    ([0.5, 0.5], "weights has 2 values; the 倒産指数 needs 5"),
    ([0.2, -0.1, 0.3, 0.3, 0.3], "weight 支払い能力 is -0.1"),
    ([0, 0, 0, 0, 0], "weights are all 0"),
    ([0.2, None, 0.3, 0.3, 0.2], "weight 支払い能力 is blank"),
])
def test_bankruptcy_bad_weights(weights, message):
    with pytest.raises(XlahpError, match=message):
        bankruptcy_index(BANKRUPTCY_STATEMENT, weights)


def test_bankruptcy_bad_statement():
    with pytest.raises(XlahpError, match="収益力: 支払利息 .* missing"):
        bankruptcy_index({k: v for k, v in BANKRUPTCY_STATEMENT.items() if k != "支払利息"})
    with pytest.raises(XlahpError, match=r"成長力: 自己資本 − 当期純利益 is 0"):
        bankruptcy_index(BANKRUPTCY_STATEMENT | {"当期純利益": 500})


@pytest.mark.parametrize("index,band,verdict", [
    (1.15, 0.1, "健全 healthy"), (1.1, 0.1, "健全 healthy"), (1.05, 0.1, "グレーゾーン grey zone"),
    (0.9, 0.1, "グレーゾーン grey zone"), (0.89, 0.1, "不健全 unhealthy"),
    (1.0, 0, "健全 healthy"), (0.999, 0, "不健全 unhealthy"), (1.15, 0.2, "グレーゾーン grey zone"),
])
def test_bankruptcy_verdict(index, band, verdict):
    assert bankruptcy_verdict(index, band) == verdict


def test_bankruptcy_verdict_band():
    with pytest.raises(XlahpError, match="band is -0.1"):
        bankruptcy_verdict(1.0, -0.1)
