"""保有株式 — the holding a capital alliance or cross-shareholding discloses, and its NPV.

The paper (§1) cites 柳 (2009) on what a company should disclose about a cross-shareholding:
相手先名, 取得株式数, 取得原価, 期末簿価, 期末時価, 保有理由, NPV 試算, 保有期間と実績.  This sheet
holds those inputs (the 有価証券報告書's 特定投資株式 table gives several of them; docs/edinet.md)
and estimates the NPV from a row of expected cash flows with Excel's own ``NPV`` and ``IRR``,
so that any viewer recomputes them; HOLDING_CHECK guards the inputs (a cash flow typed as
text, which NPV would skip, or a rate ≤ −100 % gives a status, not a number).
"""

from __future__ import annotations

from xlahp.core.finance import UNIT, UNITS
from xlahp.templates import names
from xlahp.templates.case import CAPITAL_FORMS, INVESTMENT_BASES, Case
from xlahp.templates.layout import (Block, Cell, Sheet, at, calc, en, entry, head, heading, label,
                                    local_address, note, section, shift, span, status_marks)

SHEET = "保有株式"
YEARS = 10  # t = 1 … 10
MUTUAL = ("有 yes", "無 no")
AMOUNT = '#,##0;[Red]"▲"#,##0'

# name, Japanese, English, number format (None = text), hint, row height
FIGURES = (
    (names.HOLDING_COUNTERPARTY, "相手先名", "Counterparty", None, "空欄なら表紙の提携先 / "
     "blank: the cover's partner", 20),
    (names.HOLDING_UNIT, "金額の単位", "Unit of the amounts", tuple(UNITS), "", 20),
    (names.HOLDING_SHARES, "取得株式数 (株)", "Shares held", "#,##0", "", 20),
    (names.HOLDING_COST, "取得原価", "Acquisition cost", AMOUNT, "", 20),
    (names.HOLDING_BOOK, "期末簿価", "Carrying amount at year end (貸借対照表計上額)", AMOUNT,
     "有価証券報告書 特定投資株式の貸借対照表計上額", 20),
    (names.HOLDING_MARKET, "期末時価", "Market value at year end", AMOUNT,
     "上場株式は通常 期末簿価と同じ (その他有価証券は時価評価)", 20),
    (names.HOLDING_PREVIOUS_SHARES, "前期末の株式数 (株)", "Shares a year earlier", "#,##0", "",
     20),
    (names.HOLDING_PREVIOUS_BOOK, "前期末の簿価", "Carrying amount a year earlier", AMOUNT, "",
     20),
    (names.HOLDING_MUTUAL, "相手先による当社株式の保有", "Held by the counterparty (cross-holding)",
     MUTUAL, "有 = 株式持ち合い", 20),
    (names.HOLDING_SINCE, "保有開始", "Held since", "yyyy/mm/dd", "", 20),
    (names.HOLDING_PURPOSE, "保有目的・理由", "Purpose and reason", None,
     "有価証券報告書の保有目的 (定量的な保有効果及び株式数が増加した理由)", 45),
    (names.HOLDING_EFFECT, "定量的な保有効果", "Quantitative effect", None,
     "例: 共同開発による売上 ○億円、取引コスト削減 ○億円", 30),
    (names.HOLDING_DIVIDENDS, "受取配当金 (保有期間の累計)", "Dividends received to date", AMOUNT,
     "", 20),
    (names.HOLDING_RESULTS, "保有の実績", "Results so far", None,
     "提携の成果 (KGI/KPI の達成状況) を文章で", 45),
)
FIRST_ROW = 7
ROWS = {f[0].name: FIRST_ROW + k for k, f in enumerate(FIGURES)}
GAIN_ROW = FIRST_ROW + len(FIGURES)  # 含み損益, computed
YEARS_ROW = GAIN_ROW + 1  # 保有期間, computed
NPV_TOP = YEARS_ROW + 3  # 割引率 and the basis; the cash-flow table below
FLOW_HEAD = NPV_TOP + 2
FLOW_ROWS = (("配当", "Dividends"), ("シナジー", "Synergies"),
             ("売却想定額", "Sale value (last year held)"))
_F1, _FN = FLOW_HEAD + 1, FLOW_HEAD + len(FLOW_ROWS)
TOTAL_ROW = _FN + 2  # 初期投資 at t = 0 in the row above it
RESULT_ROW = TOTAL_ROW + 1
T_COLS = tuple(shift("C", t) for t in range(YEARS + 1))  # t = 0 … YEARS
STATUS = at("C", 4, SHEET)
NPV_CELL, IRR_CELL = at("C", RESULT_ROW, SHEET), at("G", RESULT_ROW, SHEET)


def capital_form() -> str:
    """A formula: whether the cover's form of alliance is one with a shareholding (資本提携,
    資本業務提携, 株式持ち合い): the ones that disclose a holding."""
    form = names.FORM.name
    return "OR(" + ",".join(f'{form}="{f}"' for f in CAPITAL_FORMS) + ")"


def value(name: names.Name) -> str:
    """The cell of a figure on this sheet (absolute, with the sheet)."""
    return at("D", ROWS[name.name], SHEET)


def _figures(case: Case) -> list[list[Cell | None]]:
    rows = []
    for name, ja, text, fmt, hint, _ in FIGURES:
        choices = fmt if isinstance(fmt, tuple) else None
        given = case.holding.get(name.name, UNIT if name is names.HOLDING_UNIT else None)
        rows.append([label(ja), en(text),
                     entry(given, None if choices else fmt, name.name, choices,
                           across=4 if fmt is None else 2),
                     *([None] * (3 if fmt is None else 1)), note(hint, 5)])
    return rows


def _computed() -> list[list[Cell | None]]:
    cost, market = (at("D", ROWS[n.name]) for n in (names.HOLDING_COST, names.HOLDING_MARKET))
    since = at("D", ROWS[names.HOLDING_SINCE.name])
    date = names.EVALUATION_DATE.name
    return [
        [label("含み損益"), en("Unrealised gain (market value − cost)"),
         calc(f'=IF(OR({cost}="",{market}=""),"",{market}-{cost})', AMOUNT,
              names.HOLDING_GAIN.name, "result", across=2), None,
         note("期末時価 − 取得原価", 5)],
        [label("保有期間 (年)"), en("Years held (to the evaluation date)"),
         calc(f'=IF(OR({since}="",{date}=""),"",IFERROR(YEARFRAC({since},{date},1),""))', "0.0",
              names.HOLDING_YEARS.name, "result", across=2), None,
         note("保有開始から表紙の評価日まで", 5)]]


def _flows(case: Case) -> list[list[Cell | None]]:
    rows = []
    for k, (ja, text) in enumerate(FLOW_ROWS):
        given = case.cash_flows.get(k, ())
        rows.append([label(f"{ja}\n{text}"),
                     *[entry(given[t] if t < len(given) else None, AMOUNT) for t in
                       range(YEARS + 1)]])
    return rows


def investment() -> str:
    """The investment at t = 0: the market value (the price forgone by holding on) or the
    cost, as the basis chosen."""
    basis = at("D", NPV_TOP + 1)
    cost, market = (at("D", ROWS[n.name]) for n in (names.HOLDING_COST, names.HOLDING_MARKET))
    chosen = f'IF(LEFT({basis},2)="取得",{cost},{market})'
    return f'IF({chosen}="","",{chosen})'


def sheet(case: Case) -> Sheet:
    flows = span(f"B{_F1}", f"{T_COLS[-1]}{_FN}")
    rate = at("D", NPV_TOP)
    start = at("C", TOTAL_ROW - 1)
    figures = span(f"B{FIRST_ROW + 2}", f"D{ROWS[names.HOLDING_PREVIOUS_BOOK.name]}")
    check = f"=HOLDING_CHECK({rate},{flows},{start},{figures})"
    status = local_address(STATUS)
    usable = f'OR(LEFT({at("C", 4)},2)="OK",LEFT({at("C", 4)},2)="注意")'
    series = span(f"{T_COLS[0]}{TOTAL_ROW}", f"{T_COLS[-1]}{TOTAL_ROW}")
    later = span(f"{T_COLS[1]}{TOTAL_ROW}", f"{T_COLS[-1]}{TOTAL_ROW}")
    # blank only where this year and every later one are (NPV and IRR skip a blank, so a
    # blank year inside the horizon would move the later ones a year closer)
    totals = [calc(f'=IF(AND(COUNT({col}{_F1}:{T_COLS[-1]}{_FN})=0,{start}=""),"",'
                   f'SUM({col}{_F1}:{col}{_FN})-N({start}))' if t == 0 else
                   f'=IF(COUNT({col}{_F1}:{T_COLS[-1]}{_FN})=0,"",SUM({col}{_F1}:{col}{_FN}))',
                   AMOUNT, kind="result") for t, col in enumerate(T_COLS)]
    return Sheet(
        SHEET,
        [*heading("保有株式の開示と NPV 試算 (資本提携・株式持ち合い)",
                  "Disclosure of the shareholding and its NPV (capital alliance, cross-holding)",
                  "柳 (2009) の開示項目 (論文 §1): 相手先名・取得株式数・取得原価・期末簿価・期末時価・"
                  "保有理由・NPV 試算・保有期間と実績。有価証券報告書の「特定投資株式」から xlahp "
                  "import --holdings で読み込める。NPV と IRR は Excel の関数で計算 (どのソフトでも"
                  "再計算される)。",
                  "The items 柳 (2009) asks a cross-shareholding to disclose (the paper, §1). "
                  "xlahp import --holdings reads several from the annual report's 特定投資株式 "
                  "table. NPV and IRR are Excel's own functions.",
                  12, status=check, status_name=names.STATUS_HOLDING.name),
         Block(f"B{FIRST_ROW - 1}", [[section("保有の概要", "The holding")],
                                     *_figures(case), *_computed()]),
         Block(f"B{NPV_TOP - 1}", [
             [section("NPV 試算", "NPV estimate")],
             [label("割引率 (年率)"), en("Discount rate per year"),
              entry(case.discount_rate, "0.0%", names.DISCOUNT_RATE.name, across=2), None,
              note("例: 資本コスト (WACC) や株主資本コスト", 5)],
             [label("初期投資の基準"), en("Investment at t = 0"),
              entry(case.investment_basis, choices=INVESTMENT_BASES, across=2), None,
              note("期末時価 = 売却せず保有を続ける機会費用 / 取得原価 = 取得時の判断の検証", 5)],
             [head("区分", "Cash flow"), *[head(f"t = {t}" if t == 0 else f"{t} 年目", "")
                                          for t in range(YEARS + 1)]],
             *_flows(case),
             [label("初期投資 (t = 0)\nInvestment"), calc(f"={investment()}", AMOUNT)],
             [label("合計\nTotal"), *totals],
             [label("NPV (正味現在価値)\nNet present value"),
              calc(f'=IF({usable},{T_COLS[0]}{TOTAL_ROW}+NPV({rate},{later}),"—")', AMOUNT,
                   names.NPV.name, "result", across=2), None,
              label("IRR (内部収益率)\nInternal rate of return", 2), None,
              calc(f'=IF({usable},IFERROR(IRR({series}),"—"),"—")', "0.0%", names.IRR.name,
                   "result", across=2), None,
              note("NPV = t0 + NPV(割引率, 1〜10 年目)、IRR = IRR(t0〜10 年目)。最終年に売却想定額"
                   "を入れると保有を続ける価値になる。", 4)]])],
        widths={"A": 2, "B": 26, "C": 18, **{c: 11 for c in T_COLS[1:]}},
        heights={3: 30, **{FIRST_ROW + k: f[-1] for k, f in enumerate(FIGURES)}},
        names={names.CASH_FLOWS.name: f"C{_F1}:{T_COLS[-1]}{_FN}"},
        one_page=True,
        marks=status_marks(status),
    )
