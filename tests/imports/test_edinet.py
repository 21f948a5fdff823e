"""EDINET import: the figures of real filings (tests/filings/PROVENANCE.md).

Every expected number was read out of the filing by hand — the element in its
context, grepped in the instance or the CSV — never from the importer; the
derived ones (営業費用, 自己資本) are sums of such numbers, and 自己資本 is checked
once more against the filing's own 自己資本比率.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xlahp.core.finance import ITEMS
from xlahp.imports import read_filing, read_holdings
from xlahp.imports import taxonomy

FILINGS = Path(__file__).parents[1] / "filings"
KAKAKU = FILINGS / "kakaku_2017-03_jgaap.xbrl"      # J-GAAP, bare instance
TIS = FILINGS / "S100DE5C.zip"                       # J-GAAP, XBRL zip (type=1)
KIKKOMAN = FILINGS / "kikkoman_S100LM4K_ifrs.csv"   # IFRS, UTF-16 CSV
KOMATSU = FILINGS / "komatsu_S100X2FP_usgaap.csv"   # US GAAP 半期報告書, UTF-8 CSV
CYBER = FILINGS / "cybersolutions_S100X8UR_ifrs.csv"  # IFRS 半期報告書, no consolidated statements


def values(filing, period="current"):
    return {f.item: f.value for f in filing.figures if f.period == period}


def test_items_are_xlahp_statement_items():
    keys = [item.key for item in ITEMS]
    assert set(taxonomy.ITEMS) <= set(keys)
    assert "株価" in keys and "株価" not in taxonomy.ITEMS
    assert list(taxonomy.ITEMS) == [k for k in keys if k in taxonomy.ITEMS]
    for mapping in taxonomy.MAPPINGS.values():
        assert set(mapping) <= set(taxonomy.ITEMS)


# ------------------------------------------------------------ Japanese GAAP

KAKAKU_CURRENT = {  # jppfs_cor:… in CurrentYearDuration / CurrentYearInstant (decimals -3)
    "売上高": 45_089_432_000, "営業利益": 21_161_251_000,
    "営業費用": 4_493_429_000 + 19_434_752_000,  # CostOfSales + SellingGeneralAndAdministrativeExpenses
    "支払利息": None,  # InterestExpensesNOE is xsi:nil="true"
    "当期純利益": 14_838_530_000, "総資産": 42_129_126_000, "総負債": 6_730_748_000,
    "自己資本": 35_398_378_000 - 184_136_000 - 222_302_000,  # NetAssets − SubscriptionRights − NCI
    "株主資本": 34_890_528_000, "資本金": 915_984_000, "流動資産": 37_041_720_000,
    "流動負債": 6_494_697_000, "固定資産": 5_087_406_000, "有形固定資産": 913_864_000,
    "固定負債": 236_050_000,
    "配当金総額": 7_628_625_000,  # DividendsFromSurplus −7,628,625,000
    "発行済株式数": 218_160_100,  # TotalNumberOfIssuedSharesSummaryOfBusinessResults (提出会社)
}
KAKAKU_PREVIOUS = {
    "売上高": 41_275_187_000, "営業利益": 19_534_956_000, "営業費用": 3_876_306_000 + 17_863_923_000,
    "支払利息": 8_000, "当期純利益": 13_100_008_000, "総資産": 38_903_992_000,
    "総負債": 6_792_975_000, "自己資本": 32_111_016_000 - 188_426_000 - 183_442_000,
    "株主資本": 31_645_208_000, "資本金": 915_984_000, "流動資産": 34_673_685_000,
    "流動負債": 6_623_176_000, "固定資産": 4_230_306_000, "有形固定資産": 855_950_000,
    "固定負債": 169_799_000, "配当金総額": 3_521_807_000, "発行済株式数": 219_560_100,
}


def test_kakaku_japanese_gaap_instance():
    filing = read_filing(KAKAKU)
    assert (filing.edinet_code, filing.company, filing.period_end) == (
        "E05350", "株式会社カカクコム", dt.date(2017, 3, 31))  # the file is named CJ_2371…
    assert (filing.standard, filing.consolidated, filing.kind) == ("Japan GAAP", True, "annual")
    assert values(filing) == KAKAKU_CURRENT
    assert values(filing, "previous") == KAKAKU_PREVIOUS
    assert set(filing.missing) == {("営業収益", "current"), ("営業収益", "previous")}
    assert filing.doc_id == "" and any("document ID unknown" in n for n in filing.notes)


def test_provenance_names_element_and_context():
    filing = read_filing(KAKAKU)
    sales = filing.figure("売上高")
    assert (sales.element, sales.context) == ("jppfs_cor:NetSales", "CurrentYearDuration")
    equity = filing.figure("自己資本", "previous")
    assert equity.context == "Prior1YearInstant"
    assert equity.element == ("jppfs_cor:NetAssets − jppfs_cor:SubscriptionRightsToShares"
                              " − jppfs_cor:NonControllingInterests")
    shares = filing.figure("発行済株式数")
    assert shares.context == "CurrentYearInstant_NonConsolidatedMember"


def test_nil_fact_is_blank_not_zero():
    interest = read_filing(KAKAKU).figure("支払利息")
    assert interest.value is None and interest.element == "jppfs_cor:InterestExpensesNOE"


@pytest.mark.parametrize("path,ratios", [(KAKAKU, (0.831, 0.816)), (TIS, (0.600, 0.578))])
def test_equity_matches_the_filings_own_equity_ratio(path, ratios):
    """jpcrp_cor:EquityToAssetRatioSummaryOfBusinessResults (自己資本比率) of the same
    filing: 自己資本 / 総資産 rounds to it, both years."""
    filing = read_filing(path)
    for period, ratio in zip(("current", "previous"), ratios):
        v = values(filing, period)
        assert round(v["自己資本"] / v["総資産"], 3) == ratio


def test_tis_xbrl_zip():
    filing = read_filing(TIS)
    assert (filing.doc_id, filing.edinet_code, filing.period_end) == (
        "S100DE5C", "E05739", dt.date(2018, 3, 31))
    current, previous = values(filing), values(filing, "previous")
    assert current["売上高"] == 405_648_000_000 and previous["売上高"] == 393_398_000_000
    assert current["営業利益"] == 32_743_000_000
    # 321,286 + 51,618 = 372,904 against 405,648 − 32,743 = 372,905 (百万円): presentation rounding
    assert current["営業費用"] == 372_904_000_000
    assert current["支払利息"] == 330_000_000 and previous["支払利息"] == 352_000_000
    assert current["自己資本"] == 226_298_000_000 - 4_664_000_000  # no 新株予約権 tagged
    assert current["配当金総額"] == 3_258_000_000 and previous["配当金総額"] == 2_945_000_000
    assert current["発行済株式数"] == 87_789_000


def test_non_consolidated_on_request():
    filing = read_filing(TIS, consolidated=False)
    assert not filing.consolidated and filing.standard == "Japan GAAP"
    v = values(filing)
    assert v["売上高"] == 168_654_000_000  # NetSales, CurrentYearDuration_NonConsolidatedMember
    assert v["総資産"] == 283_251_000_000
    assert v["自己資本"] == 196_592_000_000  # NetAssets; no 新株予約権, no 非支配株主持分
    assert v["当期純利益"] == 13_179_000_000  # ProfitLoss (the individual statement)
    assert filing.figure("売上高").context == "CurrentYearDuration_NonConsolidatedMember"
    revenue = filing.figure("営業収益")  # the industry variant, tagged xsi:nil for ＴＩＳ単体
    assert (revenue.element, revenue.value) == ("jppfs_cor:OperatingRevenue1", None)


# ------------------------------------------------------------ IFRS

def test_kikkoman_ifrs_csv_utf16():
    filing = read_filing(KIKKOMAN)
    assert (filing.doc_id, filing.edinet_code, filing.standard, filing.consolidated) == (
        "S100LM4K", "E00435", "IFRS", True)
    current, previous = values(filing), values(filing, "previous")
    assert current == {
        "売上高": 439_411_000_000, "営業利益": 41_672_000_000, "支払利息": 919_000_000,
        "当期純利益": 31_159_000_000, "総資産": 438_508_000_000, "総負債": 124_993_000_000,
        "自己資本": 308_130_000_000, "資本金": 11_599_000_000, "流動資産": 192_346_000_000,
        "流動負債": 72_696_000_000, "固定資産": 246_162_000_000, "有形固定資産": 127_077_000_000,
        "固定負債": 52_297_000_000, "配当金総額": 8_065_000_000, "発行済株式数": 193_883_202}
    assert previous["売上高"] == 439_627_000_000 and previous["固定負債"] == 53_037_000_000
    assert previous["発行済株式数"] == 193_883_000  # summary, 千株 precision
    assert filing.figure("固定負債").element == "jpigp_cor:NonCurrentLabilitiesIFRS"
    assert filing.figure("配当金総額").context == (
        "CurrentYearDuration_EquityAttributableToOwnersOfParentIFRSMember")


def test_ifrs_never_reads_japanese_gaap_figures():
    """The same filing tags the Japanese-GAAP 経営指標等 (売上高 468,119 百万円, 純資産
    311,402); the IFRS figures are read, and IFRS has no 株主資本."""
    filing = read_filing(KIKKOMAN)
    assert filing.figure("売上高").value == 439_411_000_000
    assert ("株主資本", "current") in filing.missing
    assert all(not f.element.startswith("jppfs_cor") for f in filing.figures)


def test_finance_costs_are_not_interest():
    interest = read_filing(KIKKOMAN).figure("支払利息")
    assert interest.element == "jpigp_cor:InterestExpensesOpeCFIFRS"
    assert interest.value != 2_956_000_000  # FinanceCostsIFRS, broader than interest


def test_operating_expenses_that_do_not_reconcile_are_missing():
    """IFRS 営業利益 includes その他の収益・費用: 売上原価 + 販管費 (396,761) is not
    売上収益 − 営業利益 (397,739), so it is not taken for 営業費用."""
    filing = read_filing(KIKKOMAN)
    assert ("営業費用", "current") in filing.missing
    assert any("営業費用 (current)" in note and "396,761,000,000" in note for note in filing.notes)


def test_summary_fallback_stays_within_the_standard(tmp_path):
    text = KIKKOMAN.read_bytes().decode("utf-16")
    without_statement = "".join(line for line in text.splitlines(True)
                                if not line.startswith("jpigp_cor:RevenueIFRS\t"))
    path = tmp_path / "S100LM4K.csv"
    path.write_text(without_statement, encoding="utf-8")
    sales = read_filing(path).figure("売上高")
    assert (sales.element, sales.value) == ("jpcrp_cor:RevenueIFRSSummaryOfBusinessResults",
                                            439_411_000_000)
    neither = "".join(line for line in without_statement.splitlines(True)
                      if not line.startswith("jpcrp_cor:RevenueIFRSSummaryOfBusinessResults"))
    path.write_text(neither, encoding="utf-8")
    filing = read_filing(path)
    assert ("売上高", "current") in filing.missing  # not NetSalesSummaryOfBusinessResults


def test_non_consolidated_statements_of_an_ifrs_group_are_japanese_gaap():
    filing = read_filing(KIKKOMAN, consolidated=False)
    assert (filing.standard, filing.consolidated) == ("Japan GAAP", False)
    v = values(filing)
    assert v["営業利益"] == 8_944_000_000 and v["支払利息"] == 150_000_000
    assert v["当期純利益"] == 9_656_000_000 and v["自己資本"] == 88_080_000_000
    assert v["売上高"] == 25_484_000_000  # 経営指標等 of the reporting company
    assert filing.figure("売上高").element == "jpcrp_cor:NetSalesSummaryOfBusinessResults"
    assert any("Japanese GAAP (財務諸表等規則)" in note for note in filing.notes)


def test_agreeing_repeats_are_one_fact():
    """jpigp_cor:ProfitLossIFRS is tagged three times per year (PL, 包括利益, EPS note)."""
    text = KIKKOMAN.read_bytes().decode("utf-16")
    assert text.count("jpigp_cor:ProfitLossIFRS\t当期利益（△損失）（IFRS）\tCurrentYearDuration\t") == 3
    read_filing(KIKKOMAN)  # no error


# ------------------------------------------------------------ US GAAP, 半期報告書

def test_komatsu_us_gaap_semiannual():
    filing = read_filing(KOMATSU)
    assert (filing.standard, filing.kind, filing.period_end) == (
        "US GAAP", "semiannual", dt.date(2025, 9, 30))
    assert values(filing) == {"売上高": 1_891_587_000_000, "当期純利益": 175_701_000_000,
                              "総資産": 5_922_504_000_000, "自己資本": 3_217_354_000_000,
                              "発行済株式数": 950_953_120}
    previous = values(filing, "previous")
    assert previous["売上高"] == 1_968_066_000_000  # Prior1InterimDuration: 前中間期
    assert previous["総資産"] == 5_773_523_000_000  # Prior1YearInstant: 前期末
    assert filing.figure("売上高").context == "InterimDuration"
    assert ("営業利益", "current") in filing.missing  # not tagged under US GAAP


def test_filer_without_consolidated_statements():
    filing = read_filing(CYBER)  # consolidated asked, none prepared
    assert (filing.consolidated, filing.standard, filing.kind) == (False, "IFRS", "semiannual")
    assert any("no consolidated statements" in note for note in filing.notes)
    v = values(filing)
    # IFRS as AccountingStandardsDEI says — not the Japanese-GAAP statements it also tags
    # (営業利益 678,150 千円 under jppfs_cor:OperatingIncome)
    assert v["営業利益"] == 717_648_000 and v["売上高"] == 1_728_708_000
    assert v["自己資本"] == 3_922_656_000  # EquityIFRS: no owners/NCI split without a group
    assert v["総資産"] == 6_847_221_000 and v["資本金"] == 596_350_000
    assert values(filing, "previous")["営業利益"] == 544_295_000
    assert any("also tags Japan GAAP statements" in note for note in filing.notes)


# ------------------------------------------------------------ 特定投資株式

def test_holdings_rows():
    holdings = read_holdings(KIKKOMAN)
    assert [(h.row, h.shares, h.carrying_amount, h.previous_shares, h.previous_carrying_amount)
            for h in holdings] == [(1, 749_916, 5_339_000_000, 749_916, 5_759_000_000),
                                   (2, 678_000, 2_773_000_000, 678_000, 2_223_000_000),
                                   (3, 1_986_800, 2_711_000_000, 993_400, 4_353_000_000)]
    # the texts: 銘柄 …EquitySecurities…, 保有目的 and 保有の有無 …SpecifiedInvestmentShares…
    assert [h.name for h in holdings] == ["明治ホールディングス㈱", "㈱サカタのタネ", "理研ビタミン㈱"]
    assert [h.held_by_counterparty for h in holdings] == ["有", "有", "有"]
    assert holdings[2].purpose.endswith("取引先の株式分割により株式数が増加しております。")
    assert holdings[0].quantitative_effect is None  # tagged within the purpose
    element, context = holdings[1].source("purpose")
    assert element.startswith("jpcrp_cor:PurposeOfShareholdingQuantitativeEffects")
    assert context == "CurrentYearInstant_Row2Member"
    assert holdings[1].source("previous_carrying_amount")[1] == "Prior1YearInstant_Row2Member"


def test_holdings_untagged_before_2019():
    assert read_holdings(KAKAKU) == []
