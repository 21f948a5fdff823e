"""Bad input for every worksheet function: a short, specific message, never a number.

Arguments are shaped the way xlwings passes them: a range is a list of rows
holding None, str, float and bool; an Excel error arrives as its text
("#N/A"); an omitted optional argument as None.  Every case must end in an
:class:`~xlahp.errors.XlahpError` whose message starts with the function's
name and matches the short pattern given — the words a planner needs to fix
the cell.  The catch-all "could not compute (…)" that the worksheet layer
puts around an escaped exception counts as a failure: it means a bug.

Cases built with ``regression`` are defects the fuzzing found (each says what
went wrong before its fix).
"""

from __future__ import annotations

import re

import pytest

from xlahp.core import paper
from xlahp.errors import InputError, XlahpError
from xlahp.udfs import REGISTRY


MATRIX_FUNCTIONS = ("AHP_WEIGHTS", "AHP_LAMBDA", "AHP_CI", "AHP_CR", "AHP_TRIADS",
                    "AHP_SUMMARY", "AHP_SUGGEST")
OK3 = [[v if j >= i else None for j, v in enumerate(row)]  # 表2, upper triangle
       for i, row in enumerate(paper.TABLE2)]
STATEMENT = [["", "当期 2010/3", "前期 2009/3", "目標 2012"],
             ["売上高", 8968546, 9000000, 10500000],
             ["当期純利益", -106961, -787337, 200000],
             ["総資産", 8951763, 9000000, None]]
BANKRUPT = [["売上高", 100], ["営業費用", 80], ["支払利息", 5], ["流動資産", 50],
            ["総負債", 60], ["総資産", 120], ["自己資本", 60], ["当期純利益", 10]]
W, A, T = [[0.5], [0.3], [0.2]], [[80], [120], [5]], [[100], [100], [None]]


def with_item(statement, label, value):
    return [[label, value] if row[0] == label else row for row in statement]


def eye(n):
    return [[1 if i == j else None for j in range(n)] for i in range(n)]


def chain(n):
    """n items, each judged against the next only: connected, incomplete."""
    return [[1 if i == j else (2 if j == i + 1 else None) for j in range(n)] for i in range(n)]


def regression(reason: str, name: str, args: tuple, pattern: str, id: str):
    """A case the fuzzing found failing (*reason*: what went wrong before the fix)."""
    return case(name, args, pattern, f"fixed-{id}")


def case(name: str, args: tuple, pattern: str, id: str):
    return pytest.param(name, args, pattern, id=f"{name}-{id}")


# --- every matrix function: the same bad matrices --------------------------------

BAD_MATRICES = [
    ([[1, 2, 3], [1, 1, 1]], r"matrix is 2×3, must be square", "non-square"),
    ([[1, 3, 5], [None, 1, 3]], r"matrix is 2×3, must be square", "non-square-2x3"),
    ([[1]], r"matrix has 1 item; compare at least 2", "1x1"),
    (7, r"matrix has 1 item; compare at least 2", "single-cell"),
    ([], r"matrix is empty", "empty"),
    ([[1, "abc"], [None, 1]], r"cell \(1,2\) \[item 1 vs item 2\] is 'abc', not a number",
     "text"),
    ([["高い", "低い"], ["中", "小"]], r"labels differ", "all-text"),
    ([[1, 0], [0, 1]], r"do not connect all items: item 2 is not compared", "zeros"),
    ([["", ""], ["", ""]], r"do not connect all items", "empty-text"),
    ([[1, 2, 0], [0, 1, 0], [0, 0, 1]], r"do not connect all items: item 3 is not compared",
     "zeros-leave-one-out"),
    ([[1, -2], [None, 1]], r"cell \(1,2\).* is -2; judgments are positive", "negative"),
    ([[1, None], ["-1/3", 1]], r"cell \(2,1\).* is -0\.333333; judgments are positive",
     "negative-lower"),
    ([[1, 3], [3, 1]], r"cell \(1,2\).*= 3 and .*cell \(2,1\).*= 3 are not reciprocal",
     "non-reciprocal"),
    ([[1, 3], [0.25, 1]], r"= 3 and .* = 0.25 are not reciprocal \(expected 0\.3333\)",
     "rounded-too-far"),
    ([[2, 3], [None, 1]], r"cell \(1,1\).* is 2; an item compared with itself is 1",
     "diagonal"),
    ([[1, 3], [None, "１／２"]], r"cell \(2,2\).* is 0\.5; an item compared with itself is 1",
     "diagonal-text"),
    ([[1, "#N/A"], [None, 1]], r"cell \(1,2\).* holds the Excel error #N/A", "na"),
    ([[1, 3], ["#DIV/0!", 1]], r"cell \(2,1\).* holds the Excel error #DIV/0!", "div0"),
    ([["#VALUE!", 3], [None, 1]], r"cell \(1,1\).* holds the Excel error #VALUE!", "value"),
    ([[1, float("nan")], [None, 1]], r"cell \(1,2\).* is not a number \(NaN\)", "nan"),
    ([[1, float("inf")], [None, 1]], r"cell \(1,2\).* is infinite", "inf"),
    ([[1, float("-inf")], [None, 1]], r"cell \(1,2\).* is infinite", "minus-inf"),
    ([[1, "1/0"], [None, 1]], r"cell \(1,2\).* is '1/0', a division by zero", "one-over-zero"),
    ([[1, "１／０"], [None, 1]], r"is '１／０', a division by zero", "full-width-one-over-zero"),
    ([[1, "1/3/5"], [None, 1]], r"is '1/3/5', not a number or a fraction", "double-fraction"),
    ([[1, True], [None, 1]], r"cell \(1,2\).* is TRUE, not a number", "bool"),
    (eye(16), r"matrix has 16 items; at most 15 are supported", "n16"),
    (chain(17), r"matrix has 17 items; at most 15 are supported", "n17"),
    ([[1, 2, None, None], [None, 1, None, None], [None, None, 1, 2], [None, None, None, 1]],
     r"do not connect all items: item 3, item 4 are not compared", "disconnected"),
    ([["", "P", "R"], ["P", 1, None], ["R", None, 1]],
     r"do not connect all items: R is not compared, directly or through others, with P",
     "disconnected-labelled"),
    ([["", "P", "P"], ["P", 1, 3], ["P", None, 1]], r"matrix labels repeat: P", "labels-repeat"),
    ([["", "P", "R"], ["P", 1, 3], ["S", None, 1]],
     r"labels differ: the label row lists P, R but the label column lists P, S",
     "labels-differ"),
    ([[1, 3], [None]], r"rows have different lengths", "ragged"),
    ([[1, [3]], [None, 1]], r"cell \(1,2\).* holds a list, not a number", "nested"),
]
FIXED_MATRICES = [  # 3×3 where possible, so that AHP_SUGGEST's default k fits
    ("a range with no columns reaches _split_labels' grid[0][0] (IndexError)",
     [[], []], r"matrix is empty", "zero-width"),
    ("parse_number lets numeric text overflow to inf ('1e400'); eig then fails",
     [[1, "1e400", None], [None, 1, 3], [None, None, 1]],
     r"cell \(1,2\).*'1e400'.*(too large|infinite)", "text-overflow"),
    ("a subnormal judgment has an infinite reciprocal; eig fails",
     [[1, 5e-324, None], [None, 1, 3], [None, None, 1]],
     r"cell \(1,2\).*(too small|outside|range)", "subnormal"),
    ("judgments near the float limits give λmax < n and C.I. 0 (silently wrong)",
     [[1, 1e300, 1e300], [None, 1, 1e-300], [None, None, 1]],
     r"cell \(1,2\).*(too large|outside|range)", "extreme"),
    ("messages quote a cell's text whole, line breaks included",
     [[1, "3\n5", None], [None, 1, 3], [None, None, 1]], r"cell \(1,2\)", "newline-in-text"),
]

CASES = []
for _name in MATRIX_FUNCTIONS:
    for _matrix, _pattern, _id in BAD_MATRICES:
        CASES.append(case(_name, (_matrix,), _pattern, _id))
    for _reason, _matrix, _pattern, _id in FIXED_MATRICES:
        if _id == "extreme" and _name in ("AHP_WEIGHTS", "AHP_TRIADS"):
            continue  # weights (1, 0, 0) and N.C. 1 are what the judgments say
        CASES.append(regression(_reason, _name, (_matrix,), _pattern, _id))

CASES += [
    # --- AHP_WEIGHTS
    case("AHP_WEIGHTS", (OK3, "power"), r"method 'power' is unknown; use eigen, geomean, colnorm",
         "unknown-method"),
    case("AHP_WEIGHTS", (OK3, "#N/A"), r"method '#N/A' is unknown", "method-na"),
    case("AHP_WEIGHTS", (OK3, 2.0), r"method '2\.0' is unknown", "method-number"),
    case("AHP_WEIGHTS", (chain(3), "colnorm"), r"colnorm needs every judgment", "colnorm-missing"),
    # --- AHP_CR
    case("AHP_CR", (OK3, "random"), r"table 'random' is unknown; use superdecisions, saaty, "
         "alonso-lamata", "unknown-table"),
    case("AHP_CR", (OK3, "#N/A"), r"table '#N/A' is unknown", "table-na"),
    case("AHP_CR", (chain(11), "saaty"), r"no saaty RI for n=11 \(the table covers n = 3…10\)",
         "saaty-n11"),
    case("AHP_CR", (chain(12), "alonso-lamata"), r"no alonso-lamata RI for n=12", "alonso-n12"),
    # --- AHP_TRIADS
    case("AHP_TRIADS", (OK3, "loose"), r"mode 'loose' is unknown; use strict, weak",
         "unknown-mode"),
    case("AHP_TRIADS", (OK3, "#DIV/0!"), r"mode '#DIV/0!' is unknown", "mode-div0"),
    # --- AHP_SUMMARY
    case("AHP_SUMMARY", (OK3, "random"), r"table 'random' is unknown", "unknown-table"),
    case("AHP_SUMMARY", (chain(11), "saaty"), r"no saaty RI for n=11", "saaty-n11"),
    case("AHP_SUMMARY", (OK3, None, 0.07), r"published table \(表3\) has alpha 0\.05 and 0\.10 "
         r"only, not 0\.07", "alpha-not-published"),
    case("AHP_SUMMARY", (OK3, None, 0), r"alpha is 0; a risk level lies between 0 and 1",
         "alpha-zero"),
    case("AHP_SUMMARY", (OK3, None, 1.5), r"alpha is 1\.5; a risk level lies between 0 and 1",
         "alpha-big"),
    case("AHP_SUMMARY", (OK3, None, "five percent"), r"alpha is 'five percent', not a number",
         "alpha-text"),
    case("AHP_SUMMARY", (OK3, None, "#N/A"), r"alpha holds the Excel error #N/A", "alpha-na"),
    case("AHP_SUMMARY", (OK3, None, True), r"alpha is TRUE, not a number", "alpha-bool"),
    # --- AHP_SUGGEST
    case("AHP_SUGGEST", (OK3, 0), r"k is 0; give a whole number from 1 to 3", "k-zero"),
    case("AHP_SUGGEST", (OK3, 4), r"k is 4; give a whole number from 1 to 3", "k-beyond-pairs"),
    case("AHP_SUGGEST", (OK3, -1), r"k is -1; give a whole number", "k-negative"),
    case("AHP_SUGGEST", (OK3, 1.5), r"k is 1\.5; give a whole number", "k-fraction"),
    case("AHP_SUGGEST", (OK3, "three"), r"k is 'three', not a number", "k-text"),
    case("AHP_SUGGEST", (OK3, "#N/A"), r"k holds the Excel error #N/A", "k-na"),
    regression("numeric text overflowing to inf reaches int() (OverflowError)",
        "AHP_SUGGEST", (OK3, "1e400"), r"k is .*(too large|infinite)", "k-text-overflow"),
    # --- AHP_RI
    case("AHP_RI", (0,), r"n is 0; give a whole number", "n-zero"),
    case("AHP_RI", (-1,), r"n is -1; give a whole number", "n-negative"),
    case("AHP_RI", (3.5,), r"n is 3\.5; give a whole number", "n-fraction"),
    case("AHP_RI", ("five",), r"n is 'five', not a number", "n-text"),
    case("AHP_RI", (None,), r"n is blank; give a number", "n-blank"),
    case("AHP_RI", ("#N/A",), r"n holds the Excel error #N/A", "n-na"),
    case("AHP_RI", ("#DIV/0!",), r"n holds the Excel error #DIV/0!", "n-div0"),
    case("AHP_RI", (float("nan"),), r"n is not a number \(NaN\)", "n-nan"),
    case("AHP_RI", (float("inf"),), r"n is infinite", "n-inf"),
    case("AHP_RI", (True,), r"n is TRUE, not a number", "n-bool"),
    case("AHP_RI", (16,), r"no superdecisions RI for n=16 \(the table covers n = 3…15\)",
         "beyond-superdecisions"),
    case("AHP_RI", (11, "saaty"), r"no saaty RI for n=11 \(the table covers n = 3…10\)",
         "beyond-saaty"),
    case("AHP_RI", (11, "alonso-lamata"), r"no alonso-lamata RI for n=11", "beyond-alonso"),
    case("AHP_RI", (5, "random"), r"table 'random' is unknown", "unknown-table"),
    case("AHP_RI", ([[3, 4]],), r"n holds a list, not a number", "n-range"),
    regression("numeric text overflowing to inf reaches int() (OverflowError)",
        "AHP_RI", ("1e400",), r"n is .*(too large|infinite)", "n-text-overflow"),
    regression("a huge n is printed as a 300-digit integer in the message",
        "AHP_RI", (1e300,), r"^.{0,120}$", "n-huge-message"),
    # --- AHP_TRIADS_MAX
    case("AHP_TRIADS_MAX", (1,), r"n is 1; give a whole number from 2 to 15", "n1"),
    case("AHP_TRIADS_MAX", (16,), r"n is 16; give a whole number from 2 to 15", "n16"),
    case("AHP_TRIADS_MAX", (4.5,), r"n is 4\.5; give a whole number", "n-fraction"),
    case("AHP_TRIADS_MAX", ("many",), r"n is 'many', not a number", "n-text"),
    case("AHP_TRIADS_MAX", (None,), r"n is blank", "n-blank"),
    case("AHP_TRIADS_MAX", ("#N/A",), r"n holds the Excel error #N/A", "n-na"),
    case("AHP_TRIADS_MAX", (5, 0.07), r"published table \(表3\) has alpha 0\.05 and 0\.10 only, "
         r"not 0\.07; use table \"exact\"", "alpha-not-published"),
    case("AHP_TRIADS_MAX", (5, 0.01, "published"), r"has alpha 0\.05 and 0\.10 only, not 0\.01",
         "alpha-001-published"),
    case("AHP_TRIADS_MAX", (5, 0), r"alpha is 0; a risk level lies between 0 and 1", "alpha0"),
    case("AHP_TRIADS_MAX", (5, 1), r"alpha is 1; a risk level lies between 0 and 1", "alpha1"),
    case("AHP_TRIADS_MAX", (5, -0.1), r"alpha is -0\.1; a risk level", "alpha-negative"),
    case("AHP_TRIADS_MAX", (5, float("inf")), r"alpha is infinite", "alpha-inf"),
    case("AHP_TRIADS_MAX", (5, "high"), r"alpha is 'high', not a number", "alpha-text"),
    case("AHP_TRIADS_MAX", (5, "#DIV/0!"), r"alpha holds the Excel error #DIV/0!", "alpha-div0"),
    case("AHP_TRIADS_MAX", (5, 0.05, "bogus"), r"table 'bogus' is unknown; use published, exact",
         "unknown-table"),
    case("AHP_TRIADS_MAX", (10, 0.05, "published"), r"published table \(表3\) covers n = 3…9, "
         r"not 10; use table \"exact\"", "published-beyond-n"),
    regression("numeric text overflowing to inf reaches int() (OverflowError)",
        "AHP_TRIADS_MAX", ("1e400",), r"n is .*(too large|infinite)", "n-text-overflow"),
    # --- AHP_TRIADS_P
    case("AHP_TRIADS_P", (-1, 5), r"count is -1; give a whole number from 0 to 5",
         "count-negative"),
    case("AHP_TRIADS_P", (6, 5), r"count is 6; give a whole number from 0 to 5", "count-beyond"),
    case("AHP_TRIADS_P", (1.5, 5), r"count is 1\.5; give a whole number", "count-fraction"),
    case("AHP_TRIADS_P", ("few", 5), r"count is 'few', not a number", "count-text"),
    case("AHP_TRIADS_P", (None, 5), r"count is blank", "count-blank"),
    case("AHP_TRIADS_P", ("#N/A", 5), r"count holds the Excel error #N/A", "count-na"),
    case("AHP_TRIADS_P", (0, 1), r"n is 1; give a whole number from 2 to 15", "n1"),
    case("AHP_TRIADS_P", (0, 16), r"n is 16; give a whole number from 2 to 15", "n16"),
    case("AHP_TRIADS_P", (0, None), r"n is blank", "n-blank"),
    case("AHP_TRIADS_P", (0, "#DIV/0!"), r"n holds the Excel error #DIV/0!", "n-div0"),
    case("AHP_TRIADS_P", (0, True), r"n is TRUE, not a number", "n-bool"),
    case("AHP_TRIADS_P", (0, float("nan")), r"n is not a number \(NaN\)", "n-nan"),
    regression("numeric text overflowing to inf reaches int() (OverflowError)",
        "AHP_TRIADS_P", ("1e400", 5), r"count is .*(too large|infinite)", "count-text-overflow"),
    # --- AHP_MATRIX
    case("AHP_MATRIX", ([],), r"answers is empty", "empty"),
    case("AHP_MATRIX", ([[None] * 4, [""] * 4],), r"answers has no rows", "all-blank"),
    case("AHP_MATRIX", ([["P", "R", "P"]],), r"answers has 3 columns; give 4", "three-columns"),
    case("AHP_MATRIX", ("P",), r"answers has 1 columns; give 4", "single-cell"),
    case("AHP_MATRIX", ([["P", "R", "P", 3], ["R"]],), r"answers rows have different lengths",
         "ragged"),
    case("AHP_MATRIX", ([["P", "P", "P", 3]],), r"answers row 1 compares P with itself", "self"),
    case("AHP_MATRIX", ([["P", "R", "S", 3]],), r"row 1: the more important item 'S' is neither "
         "P nor R", "unknown-which"),
    case("AHP_MATRIX", ([["P", "R", None, 3]],), r"row 1: say which of P and R is more important",
         "which-blank"),
    case("AHP_MATRIX", ([[None, "R", "R", 3]],), r"row 1: an item name is blank", "item-blank"),
    case("AHP_MATRIX", ([["P", "R", "P", "中間"]],), r"中間 alone is ambiguous, give 2, 4, 6 or 8",
         "ambiguous-label"),
    case("AHP_MATRIX", ([["P", "R", "P", "much more"]],), r"intensity is 'much more', not a "
         "number 1–9 or a label", "unknown-label"),
    case("AHP_MATRIX", ([["P", "R", "P", 0.5]],), r"intensity is 0\.5; the intensity is 1 or "
         "more", "intensity-below-1"),
    case("AHP_MATRIX", ([["P", "R", "P", -3]],), r"intensity is -3; the intensity is 1 or more",
         "intensity-negative"),
    case("AHP_MATRIX", ([["P", "R", "P", "#N/A"]],), r"intensity is '#N/A'", "intensity-na"),
    case("AHP_MATRIX", ([["P", "R", "P", float("nan")]],), r"intensity is not a number \(NaN\)",
         "intensity-nan"),
    case("AHP_MATRIX", ([["P", "R", "P", float("inf")]],), r"intensity is infinite",
         "intensity-inf"),
    case("AHP_MATRIX", ([["P", "R", "P", True]],), r"intensity is TRUE, not a number",
         "intensity-bool"),
    case("AHP_MATRIX", ([["P", "R", "P", 3], ["R", "P", "P", 5]],),
         r"rows 1 and 2 both judge P vs R, differently", "conflict"),
    case("AHP_MATRIX", ([[f"i{k}", f"i{k + 1}", f"i{k}", 3] for k in range(15)],),
         r"answers name 16 items; at most 15 are supported", "n16"),
    case("AHP_MATRIX", ([["P", "R", "P", 3]], [["P", "R", "P"]]), r"items repeat a name",
         "items-repeat"),
    case("AHP_MATRIX", ([["P", "S", "P", 3]], [["P", "R"]]), r"row 1: 'S' is not one of the "
         r"items \(P, R\)", "item-not-listed"),
    regression("parse_intensity takes the leading digits of any text: '1/3' is read as 1 (a tie)",
        "AHP_MATRIX", ([["P", "R", "P", "1/3"]],), r"intensity .*('1/3'|0\.333)",
        "intensity-fraction"),
    regression("parse_intensity takes the leading digits of any text: '1/0' is read as 1",
        "AHP_MATRIX", ([["P", "R", "P", "1/0"]],), r"intensity .*'1/0'", "intensity-one-over-zero"),
    regression("parse_intensity takes the leading digits of any text: '1e400' is read as 1",
        "AHP_MATRIX", ([["P", "R", "P", "1e400"]],), r"intensity .*'1e400'",
        "intensity-overflow"),
    regression("an Excel error in an item-name cell becomes an item called '#N/A'",
        "AHP_MATRIX", ([["#N/A", "R", "R", 3]],), r"row 1.*Excel error #N/A", "item-na"),
    regression("an Excel error in the items range is listed as an item name",
        "AHP_MATRIX", ([["P", "R", "P", 3]], "#N/A"), r"items .*Excel error #N/A", "items-na"),
    # --- FIN_INDICATOR
    case("FIN_INDICATOR", ("EBITDA", STATEMENT), r"unknown indicator 'EBITDA'; use one of 売上高",
         "unknown-indicator"),
    case("FIN_INDICATOR", (None, STATEMENT), r"unknown indicator None", "indicator-blank"),
    case("FIN_INDICATOR", ("#N/A", STATEMENT), r"unknown indicator '#N/A'", "indicator-na"),
    case("FIN_INDICATOR", (3.0, STATEMENT), r"unknown indicator 3\.0", "indicator-number"),
    case("FIN_INDICATOR", ("売上高", STATEMENT, "来期"), r"period '来期' is not current, previous "
         "or target", "unknown-period"),
    case("FIN_INDICATOR", ("売上高", STATEMENT, "#N/A"), r"period '#N/A' is not current",
         "period-na"),
    case("FIN_INDICATOR", ("売上高", []), r"statement needs item labels in its first column and "
         "figures", "statement-empty"),
    case("FIN_INDICATOR", ("売上高", [["売上高"], ["総資産"]]), r"statement needs item labels .* and "
         "figures next to them", "statement-one-column"),
    case("FIN_INDICATOR", ("売上高", [["Umsatz", 5]]), r"statement has no known item label",
         "statement-unknown-labels"),
    case("FIN_INDICATOR", ("ROE", STATEMENT), r"ROE: 自己資本 \(Equity\) is missing for the current "
         "year", "statement-missing-item"),
    case("FIN_INDICATOR", ("利益成長率", [["当期純利益", 5]]), r"利益成長率: 当期純利益 \(Net income\) "
         "is missing for the previous year", "statement-missing-previous"),
    case("FIN_INDICATOR", ("売上高", with_item(STATEMENT, "売上高", "lots")),
         r"statement row 2 \(売上高\), column 2 \(current year\): 'lots' is not a number", "text-figure"),
    case("FIN_INDICATOR", ("売上高", with_item(STATEMENT, "売上高", "#N/A")),
         r"row 2 \(売上高\), column 2 \(current year\): '#N/A' is not a number", "figure-na"),
    case("FIN_INDICATOR", ("売上高", with_item(STATEMENT, "売上高", float("nan"))),
         r"row 2 \(売上高\), column 2 \(current year\): nan is not a finite number", "figure-nan"),
    case("FIN_INDICATOR", ("売上高", with_item(STATEMENT, "売上高", float("inf"))),
         r"row 2 \(売上高\), column 2 \(current year\): inf is not a finite number", "figure-inf"),
    case("FIN_INDICATOR", ("売上高", with_item(STATEMENT, "売上高", True)),
         r"row 2 \(売上高\), column 2 \(current year\): True is not a number", "figure-bool"),
    case("FIN_INDICATOR", ("売上高", [["売上高", 1], ["Sales", 2]]), r"売上高 appears twice",
         "duplicate-item"),
    case("FIN_INDICATOR", ("売上高純利益率", [["売上高", 0], ["当期純利益", 5]]),
         r"売上高純利益率: 売上高 is 0; the ratio needs a positive 売上高", "zero-denominator"),
    case("FIN_INDICATOR", ("売上高", [["売上高", 10, 9]]),
         r"statement columns 2, 3 have no header saying which year", "unheaded-columns"),
    case("FIN_INDICATOR", ("売上高", [["", "FY2009", "x"], ["売上高", 10, 9]]),
         r"statement columns 2, 3 have no header saying which year", "half-dated-columns"),
    case("FIN_INDICATOR", ("負債比率", [["総負債", 5], ["自己資本", "▲3"]]),
         r"負債比率: 自己資本 is -3 \(債務超過, negative equity\); the ratio needs a positive "
         "自己資本", "negative-equity"),
    case("FIN_INDICATOR", ("利益成長率", [["", "当期", "前期"], ["当期純利益", 5, 0]]),
         r"previous-year 当期純利益 is 0; a growth rate needs a non-zero base", "zero-growth-base"),
    case("FIN_INDICATOR", ("売上高", [["", "当期", "当期"], ["売上高", 5, 6]]),
         r"columns 2 and 3 are both headed as the current year", "two-current-columns"),
    regression("a statement that is one cell (the engine passes a 1×1 range as a scalar) is "
        "iterated (TypeError)", "FIN_INDICATOR", ("売上高", None), r"statement",
        "statement-blank-cell"),
    regression("a statement that is one number is iterated (TypeError)",
        "FIN_INDICATOR", ("売上高", 5.0), r"statement", "statement-number"),
    regression("a ratio overflowing the float range is returned as inf",
        "FIN_INDICATOR", ("売上高純利益率", [["売上高", 1e-308], ["当期純利益", 1e308]]),
        r"(too large|overflow|not finite)", "overflow"),
    # --- FIN_DIRECTION
    case("FIN_DIRECTION", ("EBITDA",), r"unknown indicator 'EBITDA'; use one of", "unknown"),
    case("FIN_DIRECTION", (None,), r"unknown indicator None", "blank"),
    case("FIN_DIRECTION", ("",), r"unknown indicator ''", "empty-text"),
    case("FIN_DIRECTION", ("#N/A",), r"unknown indicator '#N/A'", "na"),
    case("FIN_DIRECTION", (1.0,), r"unknown indicator 1\.0", "number"),
    case("FIN_DIRECTION", (True,), r"unknown indicator True", "bool"),
    # --- BANKRUPTCY_INDEX
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1, 1, 1, 1]]), r"weights has 4 values; the 倒産指数 "
         "needs 5", "four-weights"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1], [1], [1], [1], [1], [1]]), r"weights has 6 values",
         "six-weights"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[0.2, 0.2, 0.2, 0.2, -0.2]]), r"weight 成長力 is -0\.2; "
         "weights are 0 or more", "negative-weight"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[0, 0, 0, 0, 0]]), r"weights are all 0", "zero-weights"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [["heavy", 1, 1, 1, 1]]), r"weights cell 1 is 'heavy', "
         "not a number", "text-weight"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1, "#N/A", 1, 1, 1]]), r"weights cell 2 holds the "
         "Excel error #N/A", "weight-na"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1, 1, float("nan"), 1, 1]]), r"weights cell 3 is not a "
         r"number \(NaN\)", "weight-nan"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1, 1, 1, None, 1]]), r"weight 持久力 is blank",
         "weight-blank"),
    case("BANKRUPTCY_INDEX", (BANKRUPT, [[1, 1, 1], [1, 1, 1]]), r"weights is 2×3; give one row "
         "or one column", "weights-2d"),
    case("BANKRUPTCY_INDEX", (BANKRUPT[:3],), r"支払い能力: 流動資産 \(Current assets\) is missing",
         "missing-items"),
    case("BANKRUPTCY_INDEX", (with_item(BANKRUPT, "総負債", 0),), r"支払い能力: 総負債 is 0; the "
         "ratio needs a positive 総負債", "zero-debt"),
    case("BANKRUPTCY_INDEX", (with_item(BANKRUPT, "自己資本", 10),), r"成長力: 自己資本 − 当期純利益 "
         "is 0", "growth-denominator-zero"),
    case("BANKRUPTCY_INDEX", (with_item(BANKRUPT, "売上高", "#DIV/0!"),), r"row 1 \(売上高\), "
         r"column 2 \(current year\): '#DIV/0!' is not a number", "figure-div0"),
    case("BANKRUPTCY_INDEX", ([],), r"statement needs item labels", "statement-empty"),
    case("BANKRUPTCY_INDEX", ("売上高",), r"statement needs item labels", "statement-text"),
    regression("a one-cell statement (None) is iterated (TypeError)",
        "BANKRUPTCY_INDEX", (None,), r"statement", "statement-blank-cell"),
    regression("a component overflowing the float range makes the index inf",
        "BANKRUPTCY_INDEX", (with_item(BANKRUPT, "総負債", 1e-308),),
        r"(too large|overflow|not finite)", "overflow"),
    # --- VALUE_RATIO
    case("VALUE_RATIO", (1, 0), r"target is 0; a ratio needs a positive target", "target-zero"),
    case("VALUE_RATIO", (1, -2), r"target is -2; a ratio needs a positive", "target-negative"),
    case("VALUE_RATIO", (0, 2, -1), r"actual is 0; a lower-is-better ratio "
         r"\(target/actual\) needs a positive actual", "lower-actual-zero"),
    case("VALUE_RATIO", (-5, 2, "lower"), r"actual is -5; a lower-is-better",
         "lower-actual-negative"),
    case("VALUE_RATIO", (1, 2, "sideways"), r"direction 'sideways' is not one of 1, -1, higher, "
         "lower", "unknown-direction"),
    case("VALUE_RATIO", (1, 2, 0), r"direction 0 is not one of", "direction-zero"),
    case("VALUE_RATIO", (1, 2, "#N/A"), r"direction '#N/A' is not one of", "direction-na"),
    case("VALUE_RATIO", ("good", 2), r"actual cell 1 is 'good', not a number", "actual-text"),
    case("VALUE_RATIO", (1, "plan"), r"target cell 1 is 'plan', not a number", "target-text"),
    case("VALUE_RATIO", (None, 2), r"needs both an actual and a target value", "actual-blank"),
    case("VALUE_RATIO", (1, None), r"needs both an actual and a target value", "no-target"),
    case("VALUE_RATIO", ("#N/A", 2), r"actual cell 1 holds the Excel error #N/A", "actual-na"),
    case("VALUE_RATIO", (1, "#DIV/0!"), r"target cell 1 holds the Excel error #DIV/0!",
         "target-div0"),
    case("VALUE_RATIO", (float("nan"), 2), r"actual cell 1 is not a number \(NaN\)", "nan"),
    case("VALUE_RATIO", (1, float("inf")), r"target cell 1 is infinite", "inf"),
    case("VALUE_RATIO", (True, 2), r"actual cell 1 is TRUE, not a number", "bool"),
    case("VALUE_RATIO", ([], 2), r"actual is empty", "empty"),
    regression("a range of two cells is unpacked into one value (ValueError)",
        "VALUE_RATIO", ([[1, 2]], 2), r"actual .*(one cell|1×2)", "actual-range"),
    regression("a zero-width range is unpacked into one value (ValueError)",
        "VALUE_RATIO", (1, [[]]), r"target .*(empty|one cell)", "target-zero-width"),
    regression("a blank direction cell delivered as \"\" (xlwings Server) is an error, not the "
        "default 1", "VALUE_RATIO", ("", 2, ""), r"needs both an actual and a target",
        "blank-direction"),
    regression("a ratio overflowing the float range is returned as inf",
        "VALUE_RATIO", (1e308, 1e-308), r"(too large|overflow|not finite)", "overflow"),
]

# --- VALUE_INDEX, VALUE_CONTRIB, VALUE_COVERAGE: the same arguments --------------
for _name in ("VALUE_INDEX", "VALUE_CONTRIB", "VALUE_COVERAGE"):
    CASES += [
        case(_name, (W, A, [[100], [100]]), r"lengths differ \(weights 3, actual 3, target 2\); "
             "give one value per indicator", "length-mismatch"),
        case(_name, (W, A, T, [[1], [-1]]), r"lengths differ \(.*directions 2\)",
             "direction-length-mismatch"),
        # a score that cannot be defined leaves its indicator out (VALUE_CHECK says why);
        # only when no indicator can be scored is there no index
        case(_name, (W, A, [[0], [None], [None]]), r"no indicator can be scored: indicator 1 "
             r"\(target 0 is not positive, so a ratio would mislead; progress needs a "
             r"base-period value", "target-zero"),
        case(_name, (W, A, [[None], [-100], [None]], None, "ratio"),
             r"indicator 2 \(target ≤ 0 \(a ratio needs a positive target\)\)",
             "target-negative"),
        case(_name, (W, [[0], [120], [5]], [[100], [None], [None]], [[-1], [1], [1]], "ratio"),
             r"indicator 1 \(actual ≤ 0 \(target/actual needs a positive actual\)\)",
             "lower-actual-zero"),
        case(_name, (W, [[80], [-3], [5]], [[None], [100], [None]], "lower"),
             r"indicator 2 \(actual -3 is not positive", "lower-actual-negative"),
        case(_name, (W, [[-80], [120], [5]], [[100], [None], [None]]),
             r"indicator 1 \(actual -80 is not positive", "loss-without-base"),
        case(_name, (W, A, [[None], [None], [None]]), r"no indicator has a target; give at "
             "least one target", "no-targets"),
        case(_name, (W, A, [[""], [""], [""]]), r"no indicator has a target", "no-targets-text"),
        case(_name, ([[0.5], [-0.3], [0.2]], A, T), r"weight 2 is -0\.3; weights are 0 or more",
             "negative-weight"),
        case(_name, ([[0], [0], [0]], A, T), r"weights are all 0", "zero-weights"),
        case(_name, ([[0], [0], [1]], A, T), r"the indicators with a target all have weight 0",
             "zero-weight-on-targets"),
        case(_name, (W, A, T, "sideways"), r"direction 'sideways' is not one of",
             "unknown-direction"),
        case(_name, (W, A, T, [["up"], [1], [1]]), r"direction 'up' is not one of",
             "unknown-direction-cell"),
        case(_name, (W, A, T, [["#N/A"], [1], [1]]), r"direction '#N/A' is not one of",
             "direction-na"),
        case(_name, (W, A, T, [[None], [1], [1]]), r"direction for indicator 1 is blank but it "
             "has a target", "direction-blank"),
        case(_name, (W, [["high"], [120], [5]], T), r"actual cell 1 is 'high', not a number",
             "actual-text"),
        case(_name, (W, [[None], [120], [5]], T), r"actual for indicator 1 is blank but it has a "
             "target", "actual-blank"),
        case(_name, (W, A, [["#N/A"], [100], [None]]), r"target cell 1 holds the Excel error #N/A",
             "target-na"),
        case(_name, ([["#DIV/0!"], [0.3], [0.2]], A, T), r"weights cell 1 holds the Excel error "
             "#DIV/0!", "weight-div0"),
        case(_name, ([[float("nan")], [0.3], [0.2]], A, T), r"weights cell 1 is not a number "
             r"\(NaN\)", "weight-nan"),
        case(_name, ([[0.5], [float("inf")], [0.2]], A, T), r"weights cell 2 is infinite",
             "weight-inf"),
        case(_name, ([[True], [0.3], [0.2]], A, T), r"weights cell 1 is TRUE, not a number",
             "weight-bool"),
        case(_name, ([[0.5, 0.3], [0.2, 0.1]], A, T), r"weights is 2×2; give one row or one "
             "column", "weights-2d"),
        case(_name, ([], A, T), r"weights is empty", "weights-empty"),
    ]


# --- VALUE_SCORE and VALUE_MEASURE: one indicator --------------------------------
for _name in ("VALUE_SCORE", "VALUE_MEASURE"):
    CASES += [
        case(_name, (None, 2), r"needs both an actual and a target value", "actual-blank"),
        case(_name, (1, "#N/A"), r"target cell 1 holds the Excel error #N/A", "target-na"),
        case(_name, ([[1, 2]], 2), r"actual is 2 cells; give one cell", "actual-range"),
        case(_name, (*(() if _name == "VALUE_MEASURE" else ()), 1, 2, *(
            (None,) if _name == "VALUE_SCORE" else ()), "best"),
             r"method 'best' is unknown; use auto, ratio, progress, rating", "unknown-method"),
        case(_name, (1, 2, *((None,) if _name == "VALUE_SCORE" else ()), [["ratio", "auto"]]),
             r"method is several cells", "methods"),
    ]
CASES += [
    case("VALUE_SCORE", (1, 2, None, "rating"), r"method rating needs a scale", "no-scale"),
    case("VALUE_SCORE", (1, 2, None, None, None, 5), r"cap is 5; a score's upper bound lies "
         "from 1 to 2", "cap"),
    case("VALUE_SCORE", (1, 2, None, "rating", None, None, [["S", 1.5, 0.5], ["A", 1.2, 0.3],
                                                    ["B", None, 0.1]]),
         r"scale has no level for on-target", "scale-no-target"),
    case("VALUE_SCORE", (1, 2, None, "rating", None, None, [["S", 1]]),
         r"scale has 2 columns; give three", "scale-columns"),
    case("VALUE_SCORE", (1, 2, "sideways"), r"direction 'sideways' is not one of", "direction"),
    case("VALUE_INDEX", (W, A, T, None, None, None, None, [["S", 1.2, "#N/A"], ["A", 1, 1]]),
         r"scale row 1 priority holds the Excel error #N/A", "scale-na"),
    case("VALUE_INDEX", (W, A, T, None, "rating"), r"indicator 1: method rating needs a scale",
         "rating-no-scale"),
    case("VALUE_INDEX", (W, A, T, None, None, [["x"], [1], [1]]), r"base cell 1 is 'x'",
         "base-text"),
    # --- FIN_ITEM, FIN_LEVEL, BANKRUPTCY_DRIVERS
    case("FIN_ITEM", ("売上原価", STATEMENT), r"unknown statement item '売上原価'", "unknown"),
    case("FIN_ITEM", ("総資産", STATEMENT, "目標"), r"総資産 \(Total assets\) is missing for the "
         "target year", "missing"),
    case("FIN_ITEM", ("売上高", with_item(STATEMENT, "売上高", "#N/A")), r"'#N/A' is not a "
         "number", "na"),
    case("FIN_ITEM", ("売上高", STATEMENT, "next"), r"period 'next' is not current", "period"),
    case("FIN_LEVEL", ("EBITDA",), r"unknown indicator 'EBITDA'", "unknown"),
    case("FIN_LEVEL", ("#N/A",), r"unknown indicator '#N/A'", "na"),
    case("BANKRUPTCY_DRIVERS", (with_item(BANKRUPT, "自己資本", -5),),
         r"持久力: 自己資本 is -5 \(債務超過", "negative-equity"),
    case("BANKRUPTCY_DRIVERS", (BANKRUPT, [[1, "#N/A", 1, 1, 1]]), r"weights cell 2 holds the "
         "Excel error #N/A", "weight-na"),
]


# --- several evaluators: AHP_GROUP, AHP_GROUP_WEIGHTS, AHP_CONSENSUS, AHP_DISAGREE --
TWO = OK3 + [[1, "1/3", 5], [None, 1, 3], [None, None, 1]]  # two evaluators, 3 items
GROUP_FUNCTIONS = ("AHP_GROUP", "AHP_GROUP_WEIGHTS", "AHP_CONSENSUS", "AHP_DISAGREE")
BAD_STACKS = [
    (OK3, r"matrices holds 1 matrix \(3×3\); stack at least 2", "one-block"),
    (OK3 + OK3[:2], r"matrices has 5 rows, not a whole number of blocks of 3 rows", "ragged"),
    (OK3 + [[1, "#N/A", 5], [None, 1, 3], [None, None, 1]],
     r"block 2 \(rows 4–6\): matrix cell \(1,2\) .* holds the Excel error #N/A", "na"),
    (OK3 + [[1, 3, 5], [3, 1, 3], [None, None, 1]], r"block 2 .* are not reciprocal",
     "non-reciprocal"),
    (OK3 + [[1, 3, 5], [None, 1, 3], [None, None, 2]],
     r"block 2 .*cell \(3,3\).* is 2; an item compared with itself is 1", "diagonal"),
    (OK3 + [[1, 0, 0], [0, 1, 3], [0, 0, 1]], r"block 2 .*do not connect all items",
     "disconnected-block"),
    ([["", "A", "B"], ["A", 1, 3], ["B", None, 1], ["", "B", "A"], ["B", 1, 3], ["A", None, 1]],
     r"block 2 lists the items as B, A, block 1 as A, B", "item-order"),
    ([[1], [2]], r"matrices is 1 column wide", "one-column"),
    ([], r"matrices is empty", "empty"),
    ("#REF!", r"matrices is 1 column wide \(one cell: '#REF!'\)", "error-cell"),
]
for _name in GROUP_FUNCTIONS:
    for _cells, _pattern, _id in BAD_STACKS:
        CASES.append(case(_name, (_cells,), _pattern, _id))
for _name, _args in (("AHP_GROUP", (TWO,)), ("AHP_GROUP_WEIGHTS", (TWO, None))):
    CASES += [
        case(_name, (*_args, [[1], [2], [3]]), r"respondent_weights has 3 values; give one per "
             r"evaluator \(2\)", "weights-count"),
        case(_name, (*_args, [[0], [0]]), r"respondent_weights are all 0", "weights-zero"),
        case(_name, (*_args, [[-1], [2]]), r"respondent_weights cell 1 is -1; weights are 0 or "
             "more", "weights-negative"),
        case(_name, (*_args, [["#N/A"], [1]]), r"respondent_weights cell 1 holds the Excel "
             "error #N/A", "weights-na"),
        case(_name, (*_args, [[None], [1]]), r"respondent_weights cell 1 is blank", "weights-blank"),
        case(_name, (*_args, [[1, 2], [3, 4]]), r"respondent_weights is 2×2; give one row or "
             "one column", "weights-2d"),
    ]
CASES += [
    case("AHP_GROUP_WEIGHTS", (TWO, "mean"), r"method 'mean' is unknown; use aij, aip-geo, "
         "aip-mean", "unknown-method"),
    case("AHP_GROUP_WEIGHTS", (TWO, "#N/A"), r"method '#N/A' is unknown", "method-na"),
    case("AHP_DISAGREE", (TWO, 4), r"k is 4; give a whole number from 1 to 3", "k-too-big"),
    case("AHP_DISAGREE", (TWO, 0), r"k is 0; give a whole number from 1 to 3", "k-zero"),
    case("AHP_DISAGREE", (TWO, "#N/A"), r"k holds the Excel error #N/A", "k-na"),
    case("AHP_DISAGREE", (TWO, 1.5), r"k is 1\.5; give a whole number", "k-fraction"),
]



# --- the hierarchy: AHP_SYNTH, AHP_SWEEP, AHP_CRITICAL, AHP_RATINGS, AHP_DATA --------
CW, LP = [[0.6], [0.4]], [[0.7, 0.2], [0.3, 0.8]]
HIERARCHY = {"AHP_SYNTH": (), "AHP_SWEEP": (1, None), "AHP_CRITICAL": ()}  # before mode
for _name, _more in HIERARCHY.items():
    CASES += [
        case(_name, (CW, [[0.7, 0.2, 0.1], [0.3, 0.8, 0.9]], *_more), r"local_priorities has 3 "
             "columns but criteria_weights 2 values; give one column per criterion",
             "length-mismatch"),
        case(_name, (CW, [[0.7, -0.2], [0.3, 0.8]], *_more), r"local_priorities cell \(1,2\) is "
             r"-0\.2; priorities are 0 or more", "negative"),
        case(_name, (CW, [[0.7, "high"], [0.3, 0.8]], *_more), r"local_priorities cell \(1,2\) "
             "is 'high', not a number", "text"),
        case(_name, (CW, [[0.7, "#N/A"], [0.3, 0.8]], *_more), r"local_priorities cell \(1,2\) "
             "holds the Excel error #N/A", "na"),
        case(_name, (CW, [[0.7, None], [0.3, 0.8]], *_more), r"local_priorities cell \(1,2\) "
             "is blank", "blank"),
        case(_name, (CW, [[0.7, 0], [0.3, 0]], *_more), r"local_priorities column 2 is all 0",
             "zero-column"),
        case(_name, (CW, [[0.7, 0.3]], *_more), r"local_priorities has 1 row; compare at least 2",
             "one-alternative"),
        case(_name, (CW, [[0.7, True], [0.3, 0.8]], *_more), r"cell \(1,2\) is TRUE",
             "bool"),
        case(_name, ([[0.6], [-0.4]], LP, *_more), r"criteria_weights cell 2 is -0\.4; weights "
             "are 0 or more", "negative-weight"),
        case(_name, ([[0], [0]], LP, *_more), r"criteria_weights are all 0", "zero-weights"),
        case(_name, ([[0.6], [None]], LP, *_more), r"criteria_weights cell 2 is blank",
             "blank-weight"),
        case(_name, ([["#DIV/0!"], [0.4]], LP, *_more), r"criteria_weights cell 1 holds the "
             "Excel error #DIV/0!", "weight-div0"),
        case(_name, ([[0.6, 0.4], [0.1, 0.1]], LP, *_more), r"criteria_weights is 2×2; give one "
             "row or one column", "weights-2d"),
        case(_name, ([], LP, *_more), r"criteria_weights is empty", "weights-empty"),
        case(_name, (CW, [], *_more), r"local_priorities is empty", "local-empty"),
        case(_name, (CW, LP, *_more, "average"), r"mode 'average' is unknown; use distributive, "
             "ideal", "unknown-mode"),
    ]
CASES += [
    case("AHP_SWEEP", (CW, LP, 3), r"criterion is 3; give a whole number from 1 to 2",
         "criterion-too-big"),
    case("AHP_SWEEP", (CW, LP, None), r"criterion is blank", "criterion-blank"),
    case("AHP_SWEEP", (CW, LP, "#REF!"), r"criterion holds the Excel error #REF!",
         "criterion-ref"),
    case("AHP_SWEEP", (CW, LP, 1.5), r"criterion is 1\.5; give a whole number", "criterion-frac"),
    case("AHP_SWEEP", (CW, LP, 1, 1), r"steps is 1; give a whole number from 2 to 200",
         "steps-one"),
    case("AHP_SWEEP", (CW, LP, 1, 1000), r"steps is 1000; give a whole number from 2 to 200",
         "steps-many"),
    case("AHP_RATINGS", ([["A", "X"]], [["A", 0.6], ["B", 0.4]]), r"ratings cell \(1,2\) is "
         r"'X', not a level of the scale \(A, B\)", "unknown-level"),
    case("AHP_RATINGS", ([["A", None]], [["A", 0.6], ["B", 0.4]]), r"ratings cell \(1,2\) is "
         "blank; rate every alternative", "blank-rating"),
    case("AHP_RATINGS", ([["A", "#N/A"]], [["A", 0.6], ["B", 0.4]]), r"ratings cell \(1,2\) is "
         "'#N/A', not a level", "rating-na"),
    case("AHP_RATINGS", ([["A"]], [["A", 0.6, 1]]), r"scale has 3 columns; give two: label, "
         "priority", "scale-width"),
    case("AHP_RATINGS", ([["A"]], [["A", 0.6], ["A", 0.4]]), r"scale level 'A' appears twice",
         "scale-repeat"),
    case("AHP_RATINGS", ([["A"]], [["A", 0.6], ["B", 0]]), r"scale row 2 priority is 0; give a "
         "positive priority", "scale-zero"),
    case("AHP_RATINGS", ([["A"]], [["A", 0.6], ["B", None]]), r"scale row 2 priority is blank",
         "scale-blank"),
    case("AHP_RATINGS", ([["A"]], [["A", "#VALUE!"]]), r"scale row 1 priority holds the Excel "
         "error #VALUE!", "scale-error"),
    case("AHP_RATINGS", ([["A"]], [["#N/A", 0.5]]), r"scale row 1 label holds the Excel error "
         "#N/A", "scale-label-error"),
    case("AHP_RATINGS", ([["A"]], [[None, 0.5]]), r"scale row 1 has no label", "scale-no-label"),
    case("AHP_DATA", ([[1.2], [0]],), r"values cell 2 is 0; data priorities need positive values",
         "zero"),
    case("AHP_DATA", ([[1.2], [-0.5]],), r"values cell 2 is -0\.5", "negative"),
    case("AHP_DATA", ([[1.2], [None]],), r"values cell 2 is blank", "blank"),
    case("AHP_DATA", ([[1.2], ["#N/A"]],), r"values cell 2 holds the Excel error #N/A", "na"),
    case("AHP_DATA", ([[1.2]],), r"values has 1 cell; compare at least 2", "one"),
    case("AHP_DATA", ([[1.2], [0.8]], "sideways"), r"direction 'sideways' is not one of",
         "direction"),
    case("AHP_DATA", ([[1.2], [0.8]], [[1], [-1]]), r"direction is several cells; give one",
         "directions"),
    case("AHP_DATA", ([[1, 2], [3, 4]],), r"values is 2×2; give one row or one column", "2d"),
]
CASES += [
    case("VALUE_CRITICAL", (W, A, [[100], [100]]), r"lengths differ \(weights 3, actual 3, "
         r"target 2\)", "length-mismatch"),
    case("VALUE_CRITICAL", (W, A, [[0], [None], [None]]), r"no indicator can be scored",
         "target-zero"),
    case("VALUE_CRITICAL", (W, A, [[None], [None], [None]]), r"no indicator has a target",
         "no-targets"),
    case("VALUE_CRITICAL", ([["#N/A"], [0.3], [0.2]], A, T), r"weights cell 1 holds the Excel "
         "error #N/A", "weight-na"),
    case("VALUE_CRITICAL", (W, A, T, "sideways"), r"direction 'sideways' is not one of",
         "unknown-direction"),
    case("VALUE_CRITICAL", ([[0.5], [-0.3], [0.2]], A, T), r"weight 2 is -0\.3",
         "negative-weight"),
]

# --- AHP_EXPLAIN, AHP_EXPLAIN_LINE and VALUE_DRIVERS --------------------------------
NAMES3 = [["会社の財産", "収益性", "安定性"]]
for _name in ("AHP_EXPLAIN", "AHP_EXPLAIN_LINE"):
    CASES += [
        case(_name, (W, [["a", "b"]]), r"names has 2 cells but weights has 3", "names-short"),
        case(_name, (W, [["a", None, "c"]]), r"names cell 2 is blank; name every criterion",
             "name-blank"),
        case(_name, (W, [["a", "a", "c"]]), r"names has a twice", "name-twice"),
        case(_name, ([[0.5], ["#N/A"], [0.2]], NAMES3), r"weights cell 2 holds the Excel error "
             "#N/A", "weight-na"),
        case(_name, ([[0.5], [-0.3], [0.2]], NAMES3), r"収益性 is -0\.3; weights are 0 or more",
             "negative-weight"),
        case(_name, ([[1]], [["a"]]), r"weights has 1 value; explain 2 criteria or more", "one"),
        case(_name, (W, NAMES3, [[1, 3], [None, 1]]), r"matrix is 2×2 but weights has 3",
             "matrix-size"),
        case(_name, (W, NAMES3, [[1, "#REF!", 2], [None, 1, 3], [None, None, 1]]),
             r"matrix cell \(1,2\).*#REF!", "matrix-ref"),
        case(_name, (W, NAMES3, None, "fr"), r"lang 'fr' is unknown; use ja, en", "lang"),
    ]
CASES += [
    case("VALUE_DRIVERS", (W, A, T), r"names is missing; give the indicators' names", "no-names"),
    case("VALUE_DRIVERS", (W, A, T, None, None, None, None, None, [["a", "b"]]),
         r"names has 2 cells but weights has 3", "names-short"),
    case("VALUE_DRIVERS", ([["#N/A"], [0.3], [0.2]], A, T, None, None, None, None, None, NAMES3),
         r"weights cell 1 holds the Excel error #N/A", "weight-na"),
    case("VALUE_DRIVERS", (W, A, [[None], [None], [None]], None, None, None, None, None, NAMES3),
         r"no indicator has a target", "no-targets"),
    case("VALUE_DRIVERS", (W, A, T, None, None, None, None, None, NAMES3, "de"),
         r"lang 'de' is unknown", "lang"),
]

# --- FIN_AMOUNT and BANKRUPTCY_PART ---------------------------------------------
CASES += [
    case("FIN_AMOUNT", ("lots",), r"'lots' is not a number", "text"),
    case("FIN_AMOUNT", ("▲12a",), r"'▲12a' is not a number", "triangle-text"),
    case("FIN_AMOUNT", ("#N/A",), r"'#N/A' is not a number", "na"),
    case("FIN_AMOUNT", (True,), r"True is not a number", "bool"),
    case("FIN_AMOUNT", (float("nan"),), r"nan is not a finite number", "nan"),
    case("FIN_AMOUNT", ([[1, 2]],), r"cell is a range; give one cell", "range"),
    case("BANKRUPTCY_PART", ("持久力", with_item(BANKRUPT, "自己資本", "▲5")),
         r"持久力: 自己資本 is -5 \(債務超過, negative equity\); 持久力 and the 倒産指数 are not "
         "defined", "negative-equity"),
    case("BANKRUPTCY_PART", ("成長力", with_item(BANKRUPT, "自己資本", 0)),
         r"成長力: 自己資本 is 0 \(債務超過", "zero-equity"),
    case("BANKRUPTCY_PART", ("活力", BANKRUPT[:2]), r"活力: 総資産 \(Total assets\) is missing",
         "missing"),
    case("BANKRUPTCY_PART", ("収益力", with_item(BANKRUPT, "売上高", "#N/A")),
         r"column 2 \(current year\): '#N/A' is not a number", "figure-na"),
    case("BANKRUPTCY_PART", ("bogus", BANKRUPT), r"unknown 倒産指数 component 'bogus'", "unknown"),
    case("BANKRUPTCY_PART", (None, BANKRUPT), r"unknown 倒産指数 component None", "blank-name"),
    case("PERIOD_LABEL", ("来期",), r"period '来期' is not a period; write one such as FY2024",
         "text"),
    case("PERIOD_LABEL", ("2024-13",), r"period '2024-13': month 13 is not 1–12", "month-13"),
    case("PERIOD_LABEL", ("#N/A",), r"period '#N/A' is not a period", "na"),
    case("KPI_SCORE", (65, "10兆5,000億円"), r"target '10兆5,000億円' is not a number; type the "
         "target as a number", "text-target"),
    case("KPI_SCORE", (65, "#N/A"), r"target holds the Excel error #N/A", "na-target"),
    case("KPI_SCORE", (65, -10), r"no achievement: target ≤ 0", "negative-target"),
    case("KPI_SCORE", ("lots", 100), r"'lots'", "text-actual"),
    case("KPI_SCORE", (65, 100, "sideways"), r"direction 'sideways' is not one of", "direction"),
]


def refusal(name: str, args: tuple) -> str:
    """The message (without the function-name prefix) a call is refused with."""
    with pytest.raises(XlahpError) as caught:
        REGISTRY[name].func(*args)
    error = caught.value
    message = str(error)
    assert type(error) is InputError  # a refusal, not a bug (InternalError)
    assert message.startswith(f"{name}: "), message
    assert "could not compute" not in message, message  # an escaped exception: a bug
    assert "\n" not in message, message
    return message[len(name) + 2:]


@pytest.mark.parametrize(("name", "args", "pattern"), CASES)
def test_bad_input_is_refused_with_a_specific_message(name, args, pattern):
    body = refusal(name, args)
    assert re.search(pattern, body), body


# --- the status functions: bad input is what they report, as text ---------------
LOG, NAMES2 = [["FY2024 Q1"], ["FY2024 Q2"]], [["売上高"], ["進捗率"]]
CYCLE = [[1, 3, 1 / 3], [None, 1, 3], [None, None, 1]]  # a ≻ b ≻ c ≻ a
ROWS = [["会社の財産", "収益性", "収益性", 3], ["会社の財産", "安定性", None, 5],
        ["収益性", "安定性", "収益性", "やや重要"]]
REPORTED = [
    case("AHP_CHECK", ([[1, "x", 5], [None, 1, 3], [None, None, 1]],),
         r"^入力エラー input error — matrix cell \(1,2\) .* is 'x'", "text-cell"),
    case("AHP_CHECK", ([[1, "#N/A"], [None, 1]],), r"^入力エラー .*Excel error #N/A", "na"),
    # every finding, the most serious first: the C.R. this 12 breaks is not hidden
    case("AHP_CHECK", ([[1, 12, 5], [None, 1, 3], [None, None, 1]],),
         r"^要再検討 C\.R\. 0\.432 ≥ 0\.1 .*; 尺度外: item 1 vs item 2 = 12 は 1/9…9 の外",
         "judgment-12"),
    case("AHP_CHECK", ([[1, 9, 12], [None, 1, 3], [None, None, 1]],),
         r"^注意 尺度外: item 1 vs item 3 = 12 は 1/9…9 の外", "judgment-12-consistent"),
    case("AHP_CHECK", ([[1, "1/12", 5], [None, 1, 3], [None, None, 1]],),
         r"^要再検討 .*尺度外: item 1 vs item 2 = 1/12", "judgment-1/12"),
    case("AHP_CHECK", (eye(3),), r"^未入力 no judgments yet", "empty"),
    case("AHP_CHECK", (chain(3),), r"^注意 未回答 1 of 3: item 1 vs item 3", "missing"),
    case("AHP_CHECK", (CYCLE,), r"^要再検討 C\.R\. [\d.]+ ≥ 0\.1, N\.C\. 1 > 0", "cycle"),
    case("AHP_CHECK", (OK3, "bogus"), r"^入力エラー .*table 'bogus'", "bad-table"),
    case("AHP_CHECK", ("abc",), r"^入力エラー .*matrix has 1 item", "text"),
    case("AHP_CHECK_ANSWERS", (ROWS,), r"^入力エラー .*No\. 2: say which of 会社の財産 and 安定性",
         "no-choice"),
    case("AHP_CHECK_ANSWERS", ([ROWS[0][:3] + [12]],), r"^注意 尺度外: No\. 1 の重要度 12 は 1–9 の外",
         "intensity-12"),
    case("AHP_CHECK_ANSWERS", ([ROWS[0], ROWS[1][:3] + [None], ROWS[2]],),
         r"^注意 未回答 No\. 2 \(1 of 3\)", "unanswered"),
    case("AHP_CHECK_ANSWERS", ([r[:2] + [None, None] for r in ROWS],),
         r"^未入力 not answered yet: 0 of 3", "empty"),
    case("AHP_CHECK_ANSWERS", ([ROWS[0][:3] + ["#N/A"]],), r"^入力エラー .*No\. 1 intensity",
         "intensity-na"),
    case("AHP_CHECK_ANSWERS", ([r[:3] for r in ROWS],), r"^入力エラー .*answers has 3 columns",
         "three-columns"),
    case("FIN_CHECK", (with_item(STATEMENT, "売上高", "lots"),),
         r"^入力エラー .*\(売上高\), column 2 \(current year\): 'lots' is not a number", "text"),
    case("FIN_CHECK", (with_item(STATEMENT, "売上高", "#N/A"),), r"^入力エラー .*'#N/A'", "na"),
    case("FIN_CHECK", ([["", "当期"], ["自己資本", "▲3"]],),
         r"^債務超過 negative equity: 当期の自己資本 ▲3", "negative-equity"),
    case("FIN_CHECK", ([["", "当期"], ["売上高", None]],), r"^未入力 not entered", "empty"),
    case("FIN_CHECK", ([],), r"^入力エラー .*statement needs item labels", "no-range"),
    case("BANKRUPTCY_CHECK", (with_item(BANKRUPT, "自己資本", -5),),
         r"^計算不可 not defined — 持久力: 自己資本 is -5 \(債務超過", "negative-equity"),
    case("BANKRUPTCY_CHECK", (BANKRUPT[:3],), r"^未入力 入力不足: 当期の 流動資産, 総負債", "missing"),
    case("BANKRUPTCY_CHECK", (BANKRUPT, [[1, 1]]), r"^入力エラー .*weights has 2 values",
         "weights-count"),
    case("BANKRUPTCY_CHECK", (with_item(BANKRUPT, "売上高", "#DIV/0!"),), r"^入力エラー .*#DIV/0!",
         "figure-div0"),
    case("VALUE_CHECK", (W, [[80], ["#N/A"], [5]], T),
         r"^計算不可 indicator 2: 当期値を計算できない \(#N/A\)", "actual-na"),
    case("VALUE_CHECK", (W, [[80], [120], [5]], [[100], ["#REF!"], [None]], None,
                         [["売上高"], ["ROE"], ["PER"]]),
         r"^計算不可 ROE: 目標値を計算できない \(#REF!\)", "target-ref-named"),
    case("VALUE_CHECK", ([["#N/A"], ["#N/A"], ["#N/A"]], A, T), r"^計算不可 重みがない", "weights-na"),
    case("VALUE_CHECK", (W, [[None], [120], [5]], T, None, [["売上高"], ["ROE"], ["PER"]]),
         r"^入力エラー .*actual for 売上高 is blank but it has a target", "actual-blank"),
    case("VALUE_CHECK", (W, A, [[0], [100], [None]]), r"^注意 参考値: indicator 1: 得点なし \(target "
         "0 is not positive", "target-zero"),
    case("VALUE_CHECK", (W, A, T, None, [["売上高"], ["ROE"], ["PER"]]),
         r"^OK 目標なし: PER は指数から除外 — カバー率 80%", "no-target"),
    case("VALUE_CHECK", (W, A, T, None, [["売上高"]]),  # fewer names than indicators
         r"^OK 目標なし: indicator 3 は指数から除外", "short-names"),
    case("VALUE_CHECK", (W, [[None]] * 3, [[None]] * 3), r"^未入力", "empty"),
    case("VALUE_CHECK", ([[0.5, 0.3], [0.2, 0.1]], A, T), r"^入力エラー .*weights is 2×2", "2d"),
    case("VALUE_STANDING", ("#N/A", "OK", "OK 妥当"), r"^計算不可 not computed", "index-na"),
    case("VALUE_STANDING", (0.9, "注意 参考値: ROE: 得点を上限 1.5 で打ち切り / capped",
                            "OK 妥当: C.R. 0.055 < 0.1, N.C. 0 ≤ 0"),
         r"^参考値 provisional — 参考値: ROE: 得点を上限", "capped"),
    case("VALUE_STANDING", (0.9, "OK 全指標に目標あり", "要再検討 C.R. 0.354 ≥ 0.1"),
         r"^参考値 provisional — C\.R\. 0\.354 ≥ 0\.1", "view"),
    case("VALUE_STANDING", (0.9, "OK", "OK 妥当", "注意 単位を確認: 売上高 当期 8,968,546 vs 目標 "
                            "10,500"), r"^参考値 provisional — 単位を確認", "units"),
    case("VALUE_STANDING", (None, "未入力 no current values", "OK"), r"^$", "no-index"),
    case("STATUS_OVERALL", ([["OK 妥当"], ["債務超過 negative equity: 当期の自己資本 ▲3"],
                             ["計算不可 負債比率: 当期値を計算できない (#N/A)"]],
                            [["一対比較"], ["財務諸表"], ["目標比較"]]),
         r"^債務超過 財務諸表: negative equity: 当期の自己資本 ▲3", "insolvent-first"),
    case("HOLDING_CHECK", (0.05, [["配当", None, 100, "1,000万"]], 1000),
         r"^入力エラー input error — 配当 t=2 is text '1,000万': type it as a number", "text-flow"),
    case("HOLDING_CHECK", (0.05, [["配当", None, 100, "#N/A"]], 1000),
         r"^入力エラー input error — 配当 t=2 holds the Excel error #N/A", "flow-na"),
    case("HOLDING_CHECK", (-1, [["配当", None, 100]], 1000),
         r"^入力エラー input error — 割引率 discount rate is -100%; it must be above", "rate-100"),
    case("HOLDING_CHECK", ("#DIV/0!", [["配当", None, 100]], 1000),
         r"^入力エラー input error — 割引率 discount rate holds the Excel error #DIV/0!",
         "rate-div0"),
    case("HOLDING_CHECK", (0.05, [["配当", None, 100]], None), r"^未入力 初期投資", "no-investment"),
    case("HOLDING_CHECK", (0.05, [["配当", None, None]], 1000), r"^未入力 キャッシュフロー",
         "no-flows"),
    case("HOLDING_CHECK", (0.05, [["配当"]], 1000), r"^入力エラー .*flows needs each row's name",
         "no-years"),
    case("HOLDING_CHECK", (0.05, [["配当", None, 100]], 1000, [["取得原価", -5]]),
         r"^入力エラー input error — 取得原価 is -5; it is 0 or more", "negative-cost"),
    case("HOLDING_CHECK", (0.05, [["配当", None, -100]], 1000), r"^注意 IRR なし", "no-irr"),
    case("STATUS_OVERALL", ([["OK"], ["#N/A"]],), r"^入力エラー #N/A", "error-value"),
    case("KPI_CHECK", (LOG, [[None, 80], ["#N/A", 75]], NAMES2, [["1兆"], [100]]),
         r"^入力エラー input error — row 2 KGI holds the Excel error #N/A", "figure-na"),
    case("KPI_CHECK", ([["FY2024 Q2"], ["FY2024 Q1"]], [[None, 80], [None, 75]], NAMES2,
                       [[None], [100]]),
         r"^入力エラー .*period 2 \(FY2024 Q1\) does not come after FY2024 Q2", "order"),
    case("KPI_CHECK", ([[None], ["FY2024 Q1"]], [[None, 80], [None, None]], NAMES2, [[None], [100]]),
         r"^入力エラー .*row 1 has figures but no period", "no-period"),
    case("KPI_CHECK", (LOG, [[None, 80], [None, None]], NAMES2, [["10兆5,000億円"], [100]]),
         r"^注意 KGI 目標 '10兆5,000億円' is not a number — 達成度なし.*未報告 to report: FY2024 Q2",
         "text-target"),
    case("KPI_CHECK", (LOG, [[None, None], [None, None]], [[None], [None]], [[None], [None]]),
         r"^未入力 表紙に KGI/KPI がない", "no-lines"),
    case("EXIT_CHECK", ("KPI 1 < 70% for 2\nKPI 9 < 50%", LOG, [[None, 65], [None, 60]],
                        [[None], [100]]),
         r"^入力エラー input error — rule 2 'KPI 9 < 50%': KPI 9 is not on the cover", "kpi-9"),
    case("EXIT_CHECK", ("KPI 1 ずっと悪い", LOG, [[None, 65], [None, 60]], [[None], [100]]),
         r"^入力エラー .*rule 1 'KPI 1 ずっと悪い' is not a rule; write e\.g\. 'KPI 2 < 70% for 2'",
         "prose"),
    case("EXIT_CHECK", ("KPI 1 < 70% for 2 months", LOG, [[None, 65], [None, 60]],
                        [[None], [100]], None, "四半期 quarterly"),
         r"^入力エラー .*counts months, but the reviews are quarterly", "cadence"),
    case("EXIT_CHECK", ("KGI < 50%", LOG, [[None, 65], [None, 60]], [["#N/A"], [100]]),
         r"^入力エラー .*KGI 目標 holds the Excel error #N/A", "target-na"),
    case("EXIT_CHECK", ("KGI < 50%", LOG, [[None, 65], [None, 60]], [[None], [100]]),
         r"^入力エラー .*'KGI < 50%': KGI has no target on the cover", "no-target"),
    case("EXIT_CHECK", ("KPI 1 < 70% for 2", LOG, [[None, 65], [None, 60]], [[None], [100]]),
         r"^Exit 検討 exit review: KPI 1 < 70% for 2 — FY2024 Q1 65%, FY2024 Q2 60%", "met"),
    case("EXIT_CHECK", ("KPI 1 < 70% for 2", LOG, [[None, 65], [None, 80]], [[None], [100]]),
         r"^OK 該当なし: 1 ルールとも未達", "not-met"),
    case("VIEW_CHECK", ([[0.5], [0.5]], [["#N/A"], ["#N/A"]]),
         r"^未入力 今期の重みがまだない", "weights-na"),
    case("VIEW_CHECK", ([[0.5], [0.5]], [[0.6], [0.4]], "#REF!"),
         r"^入力エラー input error — 変更理由 holds the Excel error #REF!", "reason-ref"),
    case("VIEW_CHECK", ([[0.5], [0.3], [0.2]], [[0.6], [0.4]]),
         r"^入力エラー .*the previous view has 3 weights and this one 2", "criteria-changed"),
    case("VIEW_CHECK", ([[0.5], [None]], [[0.6], [0.4]]), r"^入力エラー .*previous has blank cells",
         "previous-blank"),
    case("VIEW_CHECK", ([[0.5], [0.5]], [[0.6], [0.4]], None, [["収益性"], ["成長力"]]),
         r"^要説明 視点を変更 view changed: 収益性 0\.500→0\.600 \(\+0\.100\)", "no-reason"),
    case("STATUS_OVERALL", ([["OK a"], ["OK b"]],), r"^OK 評価に使える", "all-ok"),
    case("STATUS_OVERALL", ([["OK", "OK"], ["OK", "OK"]],), r"^入力エラー .*statuses is 2×2",
         "2d"),
]


@pytest.mark.parametrize(("name", "args", "pattern"), REPORTED)
def test_status_functions_report_bad_input_as_text(name, args, pattern):
    text = REGISTRY[name].func(*args)
    assert isinstance(text, str) and "\n" not in text and len(text) <= 255, text
    assert re.search(pattern, text), text


@pytest.mark.parametrize("name", ["AHP_CHECK", "AHP_CHECK_ANSWERS", "FIN_CHECK",
                                  "BANKRUPTCY_CHECK", "VALUE_CHECK", "HOLDING_CHECK"])
def test_status_functions_say_ok_for_good_input(name):
    good = {"AHP_CHECK": (OK3,), "AHP_CHECK_ANSWERS": ([ROWS[0], ROWS[1][:2] + ["安定性", 5],
                                                         ROWS[2]],),
            "FIN_CHECK": (STATEMENT,), "BANKRUPTCY_CHECK": (BANKRUPT,),
            "VALUE_CHECK": (W, A, [[100], [100], [4]]),
            "HOLDING_CHECK": (0.05, [["配当", None, 100, 1200]], 1000)}
    assert REGISTRY[name].func(*good[name]).startswith("OK ")


def test_every_function_has_a_bad_input_corpus():
    covered = {p.values[0] for p in (*CASES, *REPORTED)}
    assert covered == set(REGISTRY)


def test_every_function_is_fed_excel_error_values():
    def has_error(value) -> bool:
        if isinstance(value, (list, tuple)):
            return any(has_error(v) for v in value)
        return isinstance(value, str) and value.startswith("#")

    fed = {p.values[0] for p in (*CASES, *REPORTED) if has_error(p.values[1])}
    assert fed == set(REGISTRY)


# --- good input refused: known bugs whose fix makes the call succeed ------------

def test_suggest_default_k_fits_a_2x2_matrix():
    rows = REGISTRY["AHP_SUGGEST"].func([[1, 3], [None, 1]])
    assert len(rows) == 2


def test_value_ratio_blank_direction_is_the_default():
    assert REGISTRY["VALUE_RATIO"].func(1, 2, "") == 0.5


def test_huge_weights_are_scale_free():
    huge, plain = [[1e308], [1e308], [0.2]], [[1], [1], [0]]
    for name in ("VALUE_INDEX", "VALUE_COVERAGE"):
        assert REGISTRY[name].func(huge, A, T) == pytest.approx(REGISTRY[name].func(plain, A, T))
    column = [row[0] for row in REGISTRY["VALUE_CONTRIB"].func(huge, A, T)]
    assert column[:2] == pytest.approx([row[0] for row in
                                        REGISTRY["VALUE_CONTRIB"].func(plain, A, T)][:2])
    assert REGISTRY["BANKRUPTCY_INDEX"].func(BANKRUPT, [[1e308] * 5]) == pytest.approx(
        REGISTRY["BANKRUPTCY_INDEX"].func(BANKRUPT))
