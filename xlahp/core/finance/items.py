"""Statement line items (財務諸表の項目) and the units figures are typed in.

Source: the line labels of 有価証券報告書 and the paper's synonyms (Iida & Torii 2011,
§4: 総資本 = 総資産, 他人資本 = 総負債, 流動資本 = 流動資産).  Looking a label up in these
tables — full-width letters, spaces, brackets — is the worksheet layer's
(:func:`xlahp.sheet.readers.item_key`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """A statement line item: Japanese key, English label, other accepted labels.

    ``money`` items are amounts in the statement's unit (百万円 after conversion);
    the others have units of their own (shares in millions, the share price in yen).
    ``level`` items are stocks or large flows whose size hardly changes 100-fold
    from one column to the next — the ones the unit check compares (profits, interest
    and dividends can legitimately be near zero, and are not compared).
    """

    key: str
    en: str
    aliases: tuple[str, ...] = ()
    money: bool = True
    level: bool = True


#: Line items.  Aliases are the 有価証券報告書 line labels (…合計), the
#: paper's synonyms (総資本 = 総資産, 他人資本 = 総負債, 流動資本 = 流動資産) and
#: common English terms.  Deliberately *not* aliases: 純資産 (it also holds
#: 新株予約権 and 非支配株主持分, so it is not the paper's 自己資本; give a 自己資本
#: row) and 当期純損失 / 営業損失 (their figures are often printed positive).
ITEMS: tuple[Item, ...] = (
    Item("売上高", "Net sales", ("売上", "売上収益", "売上高合計", "Sales", "Revenue", "Revenues")),
    Item("営業収益", "Operating revenue", ("営業収益合計", "Operating revenues")),
    Item("営業利益", "Operating income", ("営業利益又は営業損失", "Operating profit"),
         level=False),
    Item("営業費用", "Operating expenses", ("営業費用合計", "Operating costs")),
    Item("支払利息", "Interest expense", ("支払利息割引料", "Interest expenses"), level=False),
    Item("当期純利益", "Net income", ("当期純利益又は当期純損失", "親会社株主に帰属する当期純利益",
                                  "当期純損益", "Net profit"), level=False),
    Item("総資産", "Total assets", ("総資本", "資産合計", "負債純資産合計", "Total capital")),
    Item("総負債", "Total liabilities", ("他人資本", "負債合計", "負債", "Liabilities")),
    Item("自己資本", "Equity", ("Equity capital", "Owners' equity")),
    Item("株主資本", "Shareholders' equity", ("株主資本合計", "Stockholders' equity")),
    Item("資本金", "Capital stock", ("Common stock",)),
    Item("流動資産", "Current assets", ("流動資産合計", "流動資本")),
    Item("流動負債", "Current liabilities", ("流動負債合計",)),
    Item("固定資産", "Fixed assets", ("固定資産合計", "Non-current assets")),
    Item("有形固定資産", "Property, plant and equipment",
         ("有形固定資産合計", "PP&E", "Tangible fixed assets")),
    Item("固定負債", "Long-term liabilities", ("固定負債合計", "Non-current liabilities",
                                         "Fixed liabilities")),
    Item("配当金総額", "Dividends", ("配当金の総額", "配当総額", "Total dividends", "Dividends paid"),
         level=False),
    Item("発行済株式数", "Shares outstanding", ("発行済株式総数", "期末発行済株式数",
                                        "Number of shares outstanding"), money=False),
    Item("株価", "Share price", ("期末株価", "Stock price"), money=False, level=False),
)
ITEM_EN: dict[str, str] = {item.key: item.en for item in ITEMS}
BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}

#: The item whose sign decides 債務超過 (negative equity).
EQUITY = "自己資本"

#: Units a statement column may be typed in, as yen per unit (円, 千円, 百万円, 億円), and
#: the unit every indicator computes in: figures are converted to it first, so that
#: 当期 typed in 千円 and 目標 in 百万円 give the same 売上高.
UNITS: dict[str, float] = {"円": 1.0, "千円": 1e3, "百万円": 1e6, "億円": 1e8}
UNIT = "百万円"
UNIT_EN: dict[str, str] = {"円": "yen", "千円": "thousand yen", "百万円": "million yen",
                           "億円": "hundred million yen"}

#: A figure more than this many times (or less than 1/it) the same item in another column
#: is flagged as a suspected unit slip (単位を確認) — xlahp's choice: a 千円/百万円 slip is
#: 1000×, a 百万円/億円 slip 100×, while a level item (sales, assets, equity) of a going
#: concern does not change 100-fold between the years and the plan compared.
UNIT_SLIP = 100.0
