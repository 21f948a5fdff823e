"""勘定科目の対応 — which EDINET element each statement item is read from.

One table per accounting standard (``jpdei_cor:AccountingStandardsDEI``); a
standard's table never names another standard's statement elements, so an IFRS
filing that also tags Japanese-GAAP 経営指標等 is read from its IFRS elements
only.  Within a table the candidates are tried in order: the statement element
first, then industry variants, then the 主要な経営指標等の推移 summary
(``…SummaryOfBusinessResults``) as the documented fallback.  docs/edinet.md is
this table in prose, with the taxonomy sources and the reasons.

Element names are the FSA's EDINET taxonomy (勘定科目リスト for jppfs, 国際会計基準
タクソノミ要素リスト for jpigp, jpcrp for 経営指標等); the IFRS list's own
spellings are kept (``NonCurrentLabilitiesIFRS``).
"""

from __future__ import annotations

from dataclasses import dataclass

STATEMENT, SUMMARY, COMPANY, FILING_DATE = "statement", "summary", "company", "filing date"
CONSOLIDATED, NON_CONSOLIDATED = "consolidated", "non-consolidated"

#: AccountingStandardsDEI values and the statement namespace each standard tags.
STANDARDS = {"Japan GAAP": "jppfs_cor", "IFRS": "jpigp_cor", "US GAAP": None}

#: Context IDs (報告書インスタンス作成ガイドライン) by filing kind and period:
#: (duration, instant).  A 半期報告書 compares its interim P&L with the same
#: interim period of the prior year and its balance sheet with the prior year end.
PERIODS = {
    "annual": {"current": ("CurrentYearDuration", "CurrentYearInstant"),
               "previous": ("Prior1YearDuration", "Prior1YearInstant")},
    "semiannual": {"current": ("InterimDuration", "InterimInstant"),
                   "previous": ("Prior1InterimDuration", "Prior1YearInstant")},
}
NON_CONSOLIDATED_MEMBER = "_NonConsolidatedMember"

#: Items measured over the period; the others are balances at its end.
DURATION_ITEMS = frozenset({"売上高", "営業収益", "営業利益", "営業費用", "支払利息", "当期純利益",
                            "配当金総額"})
#: Items counted in shares; every other item is an amount in yen.
SHARE_ITEMS = frozenset({"発行済株式数"})


@dataclass(frozen=True)
class Source:
    """One way to read an item.

    *kind*: a statement element in the chosen scope's context; a summary
    (経営指標等) element, likewise; a reporting-company figure (``COMPANY``:
    資本金 and 発行済株式数, legal amounts of the company whatever the scope, so
    read in the ``_NonConsolidatedMember`` context); or a fact dated at filing
    (``FILING_DATE``: 株式の総数等, current period only).  *scope* limits it to one
    scope; *member* is a further context member (the owners' column of the
    statement of changes in equity); *sign* −1 reads a decrease as an amount;
    *plus* elements are added (all must be tagged), *less* elements deducted
    where tagged; *reconcile* keeps the figure only if revenue − it = 営業利益.
    """

    element: str
    kind: str = STATEMENT
    scope: str = ""
    member: str = ""
    sign: int = 1
    plus: tuple[str, ...] = ()
    less: tuple[str, ...] = ()
    reconcile: bool = False


def _summary(element: str, scope: str = "") -> Source:
    return Source(f"jpcrp_cor:{element}SummaryOfBusinessResults", SUMMARY, scope)


_SHARES = (Source("jpcrp_cor:NumberOfIssuedSharesAsOfFiscalYearEndIssuedSharesTotalNumberOfSharesEtc",
                  FILING_DATE),
           Source("jpcrp_cor:TotalNumberOfIssuedSharesSummaryOfBusinessResults", COMPANY))
_CAPITAL_SUMMARY = Source("jpcrp_cor:CapitalStockSummaryOfBusinessResults", COMPANY)

J = "jppfs_cor:"
JAPAN_GAAP: dict[str, tuple[Source, ...]] = {
    "売上高": (Source(J + "NetSales"), _summary("NetSales")),
    "営業収益": (Source(J + "OperatingRevenue1"), Source(J + "OperatingRevenue2"),
             _summary("OperatingRevenue1"), _summary("OperatingRevenue2")),
    "営業利益": (Source(J + "OperatingIncome"),),
    "営業費用": (Source(J + "OperatingExpenses", reconcile=True),
             Source(J + "CostOfSales", plus=(J + "SellingGeneralAndAdministrativeExpenses",),
                    reconcile=True)),
    "支払利息": (Source(J + "InterestExpensesNOE"), Source(J + "InterestExpensesOpeCF")),
    "当期純利益": (Source(J + "ProfitLossAttributableToOwnersOfParent", scope=CONSOLIDATED),
              _summary("ProfitLossAttributableToOwnersOfParent", CONSOLIDATED),
              Source(J + "ProfitLoss", scope=NON_CONSOLIDATED),
              _summary("NetIncomeLoss", NON_CONSOLIDATED)),
    "総資産": (Source(J + "Assets"), _summary("TotalAssets")),
    "総負債": (Source(J + "Liabilities"),),
    "自己資本": (Source(J + "NetAssets", less=(J + "SubscriptionRightsToShares",
                                          J + "NonControllingInterests", J + "MinorityInterests")),),
    "株主資本": (Source(J + "ShareholdersEquity"),),
    "資本金": (Source(J + "CapitalStock"), _CAPITAL_SUMMARY),
    "流動資産": (Source(J + "CurrentAssets"),),
    "流動負債": (Source(J + "CurrentLiabilities"),),
    "固定資産": (Source(J + "NoncurrentAssets"),),
    "有形固定資産": (Source(J + "PropertyPlantAndEquipment"),),
    "固定負債": (Source(J + "NoncurrentLiabilities"),),
    "配当金総額": (Source(J + "DividendsFromSurplus", sign=-1),),
    "発行済株式数": _SHARES,
}

I = "jpigp_cor:"
_OWNERS = "_EquityAttributableToOwnersOfParentIFRSMember"
IFRS: dict[str, tuple[Source, ...]] = {
    "売上高": (Source(I + "RevenueIFRS"), Source(I + "NetSalesIFRS"), _summary("RevenueIFRS")),
    "営業収益": (Source(I + "OperatingRevenueIFRS"),),
    "営業利益": (Source(I + "OperatingProfitLossIFRS"),),
    "営業費用": (Source(I + "OperatingExpensesIFRS", reconcile=True),
             Source(I + "CostOfSalesIFRS", plus=(I + "SellingGeneralAndAdministrativeExpensesIFRS",),
                    reconcile=True)),
    "支払利息": (Source(I + "InterestExpensesOpeCFIFRS"),),
    "当期純利益": (Source(I + "ProfitLossAttributableToOwnersOfParentIFRS"),
              _summary("ProfitLossAttributableToOwnersOfParentIFRS", CONSOLIDATED),
              Source(I + "ProfitLossIFRS", scope=NON_CONSOLIDATED)),
    "総資産": (Source(I + "AssetsIFRS"), _summary("TotalAssetsIFRS")),
    "総負債": (Source(I + "LiabilitiesIFRS"),),
    "自己資本": (Source(I + "EquityAttributableToOwnersOfParentIFRS"),
             _summary("EquityAttributableToOwnersOfParentIFRS", CONSOLIDATED),
             Source(I + "EquityIFRS", scope=NON_CONSOLIDATED)),
    "資本金": (Source(I + "ShareCapitalIFRS"), _CAPITAL_SUMMARY),
    "流動資産": (Source(I + "CurrentAssetsIFRS"),),
    "流動負債": (Source(I + "TotalCurrentLiabilitiesIFRS"),),
    "固定資産": (Source(I + "NonCurrentAssetsIFRS"),),
    "有形固定資産": (Source(I + "PropertyPlantAndEquipmentIFRS"),),
    "固定負債": (Source(I + "NonCurrentLabilitiesIFRS"), Source(I + "NonCurrentLiabilitiesIFRS")),
    "配当金総額": (Source(I + "DividendsSSIFRS", scope=CONSOLIDATED, member=_OWNERS, sign=-1),
              Source(I + "DividendsSSIFRS", scope=NON_CONSOLIDATED, sign=-1)),
    "発行済株式数": _SHARES,
}

#: US GAAP filers tag their statements as text blocks only; the 経営指標等 summary
#: is all that is tagged figure by figure.
US_GAAP: dict[str, tuple[Source, ...]] = {
    "売上高": (_summary("RevenuesUSGAAP"),),
    "当期純利益": (_summary("NetIncomeLossAttributableToOwnersOfParentUSGAAP"),),
    "総資産": (_summary("TotalAssetsUSGAAP"),),
    "自己資本": (_summary("EquityAttributableToOwnersOfParentUSGAAP"),),
    "発行済株式数": _SHARES,
}

MAPPINGS = {"Japan GAAP": JAPAN_GAAP, "IFRS": IFRS, "US GAAP": US_GAAP}

#: The items a filing can give (株価 is not in filings), in xlahp.core.finance.ITEMS order.
ITEMS = ("売上高", "営業収益", "営業利益", "営業費用", "支払利息", "当期純利益", "総資産", "総負債",
         "自己資本", "株主資本", "資本金", "流動資産", "流動負債", "固定資産", "有形固定資産", "固定負債",
         "配当金総額", "発行済株式数")
#: 営業費用 reconciles with the first revenue item found and 営業利益.
REVENUE_ITEMS = ("売上高", "営業収益")
#: Relative tolerance of that reconciliation: figures are tagged as presented,
#: rounded to thousands or millions, so a sum may differ from a total by a unit.
RECONCILE_TOLERANCE = 1e-5

#: 政策保有株式: the table 保有目的が純投資目的以外の目的である特定投資株式の明細, one
#: ``RowNMember`` per issue.  Its element names end with one of these: the figures and
#: the 銘柄 with the first (…EquitySecurities…), the texts (保有目的, 当該株式の発行者による
#: 提出会社の株式の保有の有無) with the second (…Shares…) — both as Kikkoman's 2021 filing
#: tags them.
SPECIFIED_INVESTMENT = (
    "DetailsOfSpecifiedInvestmentEquitySecuritiesHeldForPurposesOtherThanPureInvestmentReportingCompany",
    "DetailsOfSpecifiedInvestmentSharesHeldForPurposesOtherThanPureInvestmentReportingCompany")
