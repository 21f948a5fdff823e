"""説明資料 — the one printed page a company puts before its board and institutional investors.

The paper's purpose (§4): show *why* the alliance was entered, with numbers — the weights of
図10 and the pie of 図11, the sentences of §4 (AHP_EXPLAIN), the consistency evidence
(C.R. < 0.1, N.C. against 表3), the current figures against the company's own targets (the
value index, its standing and what drives it), the 倒産指数 — and, for a capital alliance or a
cross-shareholding, the disclosure 柳 (2009) asks for (§1), from 保有株式.  Every figure is a
formula on the sheet it comes from; the page holds no input but the language of the sentences.
"""

from __future__ import annotations

from xlahp.templates import names
from xlahp.templates.accounts import (BANKRUPTCY_ROW, BANKRUPTCY_SHEET, BANKRUPTCY_STATUS,
                                      INDEX_ROW, INDICATOR_NAMES,
                                      STANDING_ROW, TARGET_SHEET, provisional_marks, value_args,
                                      verdict_marks)
from xlahp.templates.ahp import (MATRIX_STATUS, N, PAIRWISE, check_marks, criterion, explain_args,
                                 guarded, result, weight)
from xlahp.templates import holding
from xlahp.templates.case import Case
from dataclasses import replace

from xlahp.templates.layout import (Block, Cell, Chart, Mark, Sheet, at, calc, entry, head, label,
                                    note, section, span, status_marks)

SHEET = "説明資料"
LANGS = ("ja", "en")
#: The page is a grid of 15-point rows shared by two columns of blocks: the alliance, the
#: weights and the explanation on the left (B–F), the evidence, the figures and the
#: disclosure on the right (H–O) — one landscape A4 page, like a slide.
LEFT, RIGHT = "B", "H"
LANG = at("O", 3)
WEIGHT_HEAD = 12  # two rows of heads, then the five weights
_W1, _WN = WEIGHT_HEAD + 2, WEIGHT_HEAD + 1 + N
EXPLAIN_TOP = _WN + 3  # the first line (its section title above it)
#: Rows of each of AHP_EXPLAIN's lines: the order, ① the leader, ②③ the groups, the stance,
#: the evidence, and one to spare (a statement longer than a cell holds continues there).
EXPLAIN_ROWS = (2, 3, 3, 3, 3, 1)
LINE_ROWS = tuple(EXPLAIN_TOP + sum(EXPLAIN_ROWS[:k]) for k in range(len(EXPLAIN_ROWS)))
EVIDENCE_TOP = 4  # right column: each block's section title at its row
INDEX_TOP = 12
BANKRUPTCY_TOP = 21
HOLDING_TOP = 25
NPV_LINE = HOLDING_TOP + 12  # the NPV estimate's line of the disclosure


def tall(cell: Cell, rows: int) -> Cell:
    return replace(cell, down=rows)


def _alliance() -> list[list[Cell | None]]:
    def shown(name: names.Name, fmt: str | None = None, across: int = 4) -> Cell:
        return calc(f'=IF({name.name}="","",{name.name})', fmt, kind="label", across=across)

    return [[label("提携名 Alliance"), shown(names.ALLIANCE)],
            [label("提携先 Partner"), shown(names.PARTNER)],
            [label("形態 Form"), shown(names.FORM, across=2), None, label("評価日"),
             shown(names.EVALUATION_DATE, "yyyy/mm/dd", 1)],
            [tall(label("目的 Purpose"), 2), tall(shown(names.PURPOSE), 2)], []]


def _weights() -> list[list[Cell | None]]:
    weights = span(f"C{_W1}", f"C{_WN}")
    return [[calc(f"={criterion(k)}", kind="label"),
             calc(f'=IF(ISNUMBER({weight(k)}),{weight(k)},"")', "0.000", kind="result"),
             calc(f'=IF(ISNUMBER(C{_W1 + k}),RANK(C{_W1 + k},{weights}),"")', "0")]
            for k in range(N)]


def _explanation() -> list[list[Cell | None]]:
    first = at(LEFT, EXPLAIN_TOP)
    rows: list[list[Cell | None]] = []
    for k, height in enumerate(EXPLAIN_ROWS):
        formula = f"INDEX(AHP_EXPLAIN({explain_args()},{LANG}),{k + 1})"
        cell = (guarded(formula, f"'{PAIRWISE}'!{MATRIX_STATUS}") if k == 0 else
                f'=IF(OR({first}="",ISERROR({first})),"",IFERROR({formula},""))')
        rows.append([tall(calc(cell, kind="label", across=5), height)])
        rows += [[] for _ in range(height - 1)]
    return rows


def _evidence() -> list[list[Cell | None]]:
    figures = (("C.I.", names.CI.name, "0.0000"), ("RI", names.RI.name, "0.00"),
               ("C.R.", names.CR.name, "0.0000"), ("N.C.", names.NC.name, "0"),
               ("N.C. 上限", names.NC_LIMIT.name, "0"), ("p 値", names.NC_P.name, "0.000"),
               ("危険率 α", names.ALPHA.name, "0.00"))
    heads = [tall(head("RI の表", "RI table"), 2), *[tall(head(ja), 2) for ja, _, _ in figures]]
    values = [calc(f"={result(names.RI_TABLE.name)}"),
              *[calc(f"={result(name)}", fmt) for _, name, fmt in figures]]
    alpha = result(names.ALPHA.name)
    return [heads, [], values,
            [label("判定 Verdict"), calc(f"={result(names.VERDICT.name)}", kind="result",
                                        across=7)],
            [tall(calc(f'="基準: C.R. < 0.1 (Saaty)、N.C. ≤ 上限 (論文の表3, 危険率 α = "&{alpha}&'
                       f'")。p 値 = 回答がランダムでも N.C. がこれ以下になる確率 / accepted when '
                       f'C.R. < 0.1 and N.C. is within Table 3\'s limit"', kind="note", across=8),
                  2)], []]


def _value_index() -> list[list[Cell | None]]:
    index = at("C", INDEX_ROW, TARGET_SHEET)
    coverage = at("C", INDEX_ROW + 1, TARGET_SHEET)
    standing = at("C", STANDING_ROW, TARGET_SHEET)
    drivers = f"VALUE_DRIVERS({value_args(TARGET_SHEET)},{INDICATOR_NAMES},{LANG})"
    reading = (f'=IF(ISNUMBER({index}),"1.0 = 目標どおり: "&TEXT({index},"0.000")&" は目標の "&'
               f'TEXT({index},"0.0%")&" の水準 / "&IF({index}>=1,"on or above","below")&'
               f'" target","")')

    def driver(k: int, rows: int) -> Cell:
        return tall(calc(f'=IF(ISNUMBER({index}),IFERROR(INDEX({drivers},{k}),""),"")',
                         kind="label", across=7), rows)

    return [
        [label("価値指数 Index"), calc(f'=IF(ISNUMBER({index}),{index},"")', "0.000",
                                     kind="result"), calc(reading, kind="label", across=6)],
        [label("カバー率"), calc(f'=IF(ISNUMBER({coverage}),{coverage},"")', "0.0%"),
         note("目標のある指標の重みの割合 / weight with a target", 6)],
        [tall(label("扱い Standing"), 2),
         tall(calc(f'=IF({standing}="","",{standing})', kind="status", across=7), 2)], [],
        [tall(label("要因 Drivers"), 3), driver(1, 1)], [None, driver(2, 2)], [], []]


def _bankruptcy() -> list[list[Cell | None]]:
    value, verdict, drivers = (at("E", BANKRUPTCY_ROW + k, BANKRUPTCY_SHEET) for k in (0, 2, 4))
    return [[tall(label("倒産指数 Index"), 2),
             tall(calc(f'=IF(ISNUMBER({value}),{value},"—")', "0.00", kind="result"), 2),
             tall(calc(f'=IF({verdict}="","",{verdict})', kind="label", across=2), 2), None,
             tall(calc(f'=IF(ISNUMBER({value}),{drivers},IF({BANKRUPTCY_STATUS}="","",'
                       f'{BANKRUPTCY_STATUS}))', kind="label", across=4), 2)], [], []]


#: What the page's cells hold of the holding's texts (three and two lines of about 33
#: characters); the whole text stands on 保有株式.
REASON_CHARS, PERIOD_CHARS = 96, 64


CLIPPED = "… (全文は保有株式)"


def clipped(text: str, chars: int) -> str:
    """A formula: *text*, or where longer than *chars* its start and :data:`CLIPPED`, *chars*
    characters in all."""
    return (f'IF(LEN({text})>{chars},LEFT({text},{chars - len(CLIPPED)})&"{CLIPPED}",'
            f'{text})')


def _disclosure() -> list[list[Cell | None]]:
    form, capital = names.FORM.name, holding.capital_form()

    def shown(expression: str, fmt: str | None = None, across: int = 2, kind: str = "label",
              rows: int = 1) -> Cell:
        return tall(calc(f'=IF({capital},IF({expression}="","",{expression}),"")', fmt,
                         kind=kind, across=across), rows)

    figure = holding.value
    counterparty = (f'IF({figure(names.HOLDING_COUNTERPARTY)}="",{names.PARTNER.name},'
                    f'{figure(names.HOLDING_COUNTERPARTY)})')
    years = at("D", holding.YEARS_ROW, holding.SHEET)
    since, dividends = figure(names.HOLDING_SINCE), figure(names.HOLDING_DIVIDENDS)
    period = (f'IF({since}="","",TEXT({since},"yyyy/mm/dd")&" から"&IF({years}="","",'
              f'" ("&TEXT({years},"0.0")&" 年)"))&IF({dividends}="","","、受取配当金 累計 "&'
              f'TEXT({dividends},"#,##0"))&IF({figure(names.HOLDING_RESULTS)}="","","。"&'
              f'{figure(names.HOLDING_RESULTS)})')
    npv, irr = holding.NPV_CELL, holding.IRR_CELL
    gain = at("D", holding.GAIN_ROW, holding.SHEET)
    pairs = (((names.HOLDING_SHARES, figure(names.HOLDING_SHARES), "#,##0"),
              (names.HOLDING_MUTUAL, figure(names.HOLDING_MUTUAL), None)),
             ((names.HOLDING_COST, figure(names.HOLDING_COST), holding.AMOUNT),
              (names.HOLDING_BOOK, figure(names.HOLDING_BOOK), holding.AMOUNT)),
             ((names.HOLDING_MARKET, figure(names.HOLDING_MARKET), holding.AMOUNT),
              (names.HOLDING_GAIN, gain, holding.AMOUNT)))
    return [
        [calc(f'=IF({capital},"対象: "&{form}&" (金額の単位 "&{figure(names.HOLDING_UNIT)}&")",'
              f'"対象外: 提携形態が資本提携・資本業務提携・株式持ち合いのとき / for capital '
              f'alliances and cross-holdings only")', kind="note", across=8)],
        [tall(label("相手先名 Counterparty"), 2), shown(counterparty, across=7, rows=2)], [],
        *[[label(a.ja), shown(a_cell, a_fmt), None, label(b.ja, 2), None,
           shown(b_cell, b_fmt, across=3)] for (a, a_cell, a_fmt), (b, b_cell, b_fmt) in pairs],
        [tall(label("保有理由 Reason"), 3),
         shown(clipped(figure(names.HOLDING_PURPOSE), REASON_CHARS), across=7, rows=3)], [], [],
        [tall(label("保有期間と実績"), 2), shown(clipped(period, PERIOD_CHARS), across=7, rows=2)],
        [],
        [tall(label("NPV 試算 NPV"), 2), shown(npv, holding.AMOUNT, kind="result", rows=2),
         None, tall(calc(f'=IF({capital},"IRR "&IF(ISNUMBER({irr}),TEXT({irr},"0.0%"),"—"),"")',
                         kind="label", across=2), 2), None,
         shown(holding.STATUS, across=3, kind="status", rows=2)], []]


def sheet(case: Case) -> Sheet:
    standing = at("I", INDEX_TOP + 3)
    return Sheet(
        SHEET,
        [Block("A1", [[Cell("説明資料 — 戦略的提携の企業価値評価", "title")],
                      [Cell("For the board and investors: why the alliance, in numbers (Iida & "
                            "Torii 2011, §4)", "subtitle")]]),
         Block("M3", [[label("言語 language", 2), None, entry(case.explain_lang, choices=LANGS)]]),
         Block(f"{LEFT}4", [[section("提携の概要", "The alliance")], *_alliance()]),
         Block(f"{LEFT}{WEIGHT_HEAD - 1}", [
             [section("1. 重視する要素 (図10・図11)", "Weights")],
             [tall(head("評価基準", "Criterion"), 2), tall(head("重要度", "Weight"), 2),
              tall(head("順位", "Rank"), 2)], [],
             *_weights(),
             [label("合計 Total"), calc(f'=IF(COUNT(C{_W1}:C{_WN})=0,"",SUM(C{_W1}:C{_WN}))',
                                        "0.000")]]),
         Block(f"{LEFT}{EXPLAIN_TOP - 1}", [[section("2. 説明 (論文 §4 の読み方)",
                                                     "The weights in words")], *_explanation()]),
         Block(f"{RIGHT}{EVIDENCE_TOP}", [[section("3. 整合性の根拠 (出所: 一対比較)",
                                                   "Consistency evidence")], *_evidence()]),
         Block(f"{RIGHT}{INDEX_TOP}", [[section("4. 目標に対する現状 (出所: 目標比較)",
                                                "Against the targets")], *_value_index()]),
         Block(f"{RIGHT}{BANKRUPTCY_TOP}", [[section("5. 倒産指数 (出所: 倒産指数)",
                                                     "Bankruptcy index")], *_bankruptcy()]),
         Block(f"{RIGHT}{HOLDING_TOP}", [[section("6. 資本関係の開示 (柳 2009; 出所: 保有株式)",
                                                  "Disclosure of the holding")],
                                         *_disclosure()])],
        widths={"A": 1.5, "B": 16.5, **{c: 9.5 for c in "CDEF"}, "G": 1.5, "H": 16,
                **{c: 9 for c in "IJKLMNO"}},
        heights={1: 20},
        charts=[Chart("pie", f"E{WEIGHT_HEAD}", None, f"B{_W1}:B{_WN}", f"C{_W1}:C{_WN}",
                      "0.000", (4.8, 4.3))],
        one_page=True,
        names={names.EXPLANATION_TEXT.name: f"{LEFT}{LINE_ROWS[0]}:{LEFT}{LINE_ROWS[-1]}"},
        marks=[*check_marks(f"K{EVIDENCE_TOP + 3}", f"L{EVIDENCE_TOP + 3}"),
               Mark(f"I{EVIDENCE_TOP + 4}", f'LEFT(I{EVIDENCE_TOP + 4},2)="妥当"', "ok"),
               Mark(f"I{EVIDENCE_TOP + 4}", f'LEN(I{EVIDENCE_TOP + 4})>0', "warn"),
               *provisional_marks(f"I{INDEX_TOP + 1}", standing),
               *provisional_marks(standing.replace("$", ""), standing),
               Mark(standing.replace("$", ""), f'LEFT({standing},2)="確定"', "ok"),
               *verdict_marks(f"J{BANKRUPTCY_TOP + 1}"),
               *status_marks(f"M{NPV_LINE}")],
    )
