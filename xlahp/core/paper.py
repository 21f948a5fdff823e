"""The worked example of Iida & Torii (2011), as data.

Source: 飯田洋市・鳥居陽介「AHP を応用した戦略的提携における企業価値評価」(2011),
``shared/seeds/004_52dd9a9da6346d21.txt``. Every figure below is printed in the
paper (section and table named at each one); tests, the demo and the filled
example workbook read them from here instead of retyping them.
"""

from __future__ import annotations

# 表2 (評価基準間の一対比較表): A:B = 3, A:C = 5, B:C = 3.
TABLE2_ITEMS = ("評価基準 A", "評価基準 B", "評価基準 C")
TABLE2 = (
    (1, 3, 5),
    (1 / 3, 1, 3),
    (1 / 5, 1 / 3, 1),
)
# 図5: weights and SuperDecisions' "Inconsistency" (which is C.I./RI, RI(3) = 0.52).
TABLE2_WEIGHTS = (0.637, 0.258, 0.105)
TABLE2_INCONSISTENCY = 0.0370
TABLE2_CI = 0.0193  # C.I. behind the printed 0.0370 (= 0.0370 × RI 0.52)

# 図7 criteria (企業価値の評価), with the English names used in the workbooks.
CRITERIA = ("会社の財産", "収益性", "安定性", "効率性", "成長力")
CRITERIA_EN = ("Assets", "Profitability", "Stability", "Efficiency", "Growth")

# 図8, read from SuperDecisions' arrows (an arrow points at the more important
# item): R/P = 9, P/S = 1, E/P = 5, G/P = 9, R/S = 3, R/E = 1, G/R = 5, E/S = 3,
# G/S = 9, G/E = 5.  Rows and columns in the order of CRITERIA (P, R, S, E, G).
FIG8 = (
    (1, 1 / 9, 1, 1 / 5, 1 / 9),
    (9, 1, 3, 1, 1 / 5),
    (1, 1 / 3, 1, 1 / 3, 1 / 9),
    (5, 1, 3, 1, 1 / 5),
    (9, 5, 9, 5, 1),
)
# 図10/本文: 0.039 : 0.181 : 0.05 : 0.151 : 0.579, "C.I." 0.0554 (SuperDecisions'
# inconsistency = C.I. 0.0620 / RI(5) 1.12), N.C. = 0.
FIG8_WEIGHTS = (0.039, 0.181, 0.050, 0.151, 0.579)
FIG8_INCONSISTENCY = 0.0554
FIG8_CI = 0.0620
FIG8_NC = 0
# §4's reading of 図10: 「会社の財産<安定性<効率性<収益力<成長力」 (the text writes 収益力 for
# 図7's 収益性), ①「成長力」をかなりの割合でもっとも重要視, ②「会社の財産」と「安定性」は同程度,
# ③「効率性」と「収益力」は同程度.
FIG10_ORDER = ("会社の財産", "安定性", "効率性", "収益性", "成長力")
FIG10_LEADER = "成長力"
FIG10_SAME = (("会社の財産", "安定性"), ("効率性", "収益性"))

# §4: 木下 (1998, the paper's ref. [7]) weights the 倒産指数's 収益力, 支払い能力, 活力,
# 持久力, 成長力 "たとえば" 0.20, 0.15, 0.30, 0.10, 0.25.
BANKRUPTCY_EXAMPLE_WEIGHTS = (0.20, 0.15, 0.30, 0.10, 0.25)

# A社, 2010年3月期 連結 (有価証券報告書), 百万円.  The paper prints the indicators;
# the statement figures below reproduce them (docs/method.md §4).
STATEMENT_CURRENT = {
    "売上高": 8_968_546,
    "当期純利益": -106_961,
    "総資産": 8_951_763,
}
STATEMENT_PREVIOUS = {
    "当期純利益": -787_337,
}
# 2012年 中期計画 targets: 売上高 10兆5,000億円, 当期純利益 2,000億円 (台).
STATEMENT_TARGET = {
    "売上高": 10_500_000,
    "当期純利益": 200_000,
}
# Indicators as printed (§4 手順3): current and target.
PRINTED_CURRENT = {
    "売上高": 8_968_500,  # 8兆9,685億円, printed to 億円
    "売上高純利益率": -1.2,
    "負債比率": 520.3,
    "総資本回転率": 1.00,
    "利益成長率": 86.4,
}
#: How precisely the paper prints each indicator (decimals; −2 = to 億円).
PRINTED_DECIMALS = {"売上高": -2, "売上高純利益率": 1, "負債比率": 1, "総資本回転率": 2,
                    "利益成長率": 1}
PRINTED_TARGET = {
    "売上高": 10_500_000,
    "売上高純利益率": 1.9,
    "利益成長率": 287.0,
}
