"""財務指標 — indicators from 有価証券報告書 figures, and the 倒産指数.

Source: Iida & Torii (2011), §4 手順3 (the candidate indicators per criterion
and the five the paper uses) and §4 (the 倒産指数 of 現代会計カンファレンス編
1997 [9], weighted by AHP after 木下 1998 [7]).

Statement figures are mappings item → value per period.  Items are looked up
by their Japanese key, English label or an alias (:data:`ITEMS`), after NFKC
normalisation (full-width letters and digits become half-width), casefolding
and dropping spaces, hyphens, apostrophes and ``・``.

Conventions (the standard Japanese textbook definitions):

* A ratio's denominator must be positive; zero or negative is an error
  naming the indicator and the item (ROE or 負債比率 of a company with
  negative equity, 債務超過, or PER and 配当性向 of a loss year are not
  defined — Japanese reports print "－" for them).
* Growth rates divide by the absolute value of the base,
  (x − x₀) / |x₀| × 100 (:func:`growth_rate`).
* Amounts are in the statement's unit (usually 百万円); % indicators are × 100.
* 債務超過 (自己資本 ≤ 0) makes every figure built on 自己資本 undefined: the
  ratios over it (ROE, 固定比率, 負債比率, PBR) by the rule above, and the
  倒産指数, whose 持久力 and 成長力 are built on it (:func:`bankruptcy_index`).
  Nothing is dropped quietly: a figure that is not defined is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlahp.errors import XlahpError
from xlahp.sheet.grids import by_content
from xlahp.core.paper import CRITERIA
from xlahp.core.value import check_weights


def _key(text: str) -> str:
    """Comparison form of a label: NFKC, casefolded, without spaces, -, ', ’, ・."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if not c.isspace() and c not in "-'’・")


# ---------------------------------------------------------------- statement items

@dataclass(frozen=True)
class Item:
    """A statement line item: Japanese key, English label, other accepted labels."""

    key: str
    en: str
    aliases: tuple[str, ...] = ()


#: Line items.  Aliases are the 有価証券報告書 line labels (…合計), the
#: paper's synonyms (総資本 = 総資産, 他人資本 = 総負債, 流動資本 = 流動資産) and
#: common English terms.  Deliberately *not* aliases: 純資産 (it also holds
#: 新株予約権 and 非支配株主持分, so it is not the paper's 自己資本; give a 自己資本
#: row) and 当期純損失 / 営業損失 (their figures are often printed positive).
ITEMS: tuple[Item, ...] = (
    Item("売上高", "Net sales", ("売上", "売上収益", "売上高合計", "Sales", "Revenue", "Revenues")),
    Item("営業収益", "Operating revenue", ("営業収益合計", "Operating revenues")),
    Item("営業利益", "Operating income", ("営業利益又は営業損失", "Operating profit")),
    Item("営業費用", "Operating expenses", ("営業費用合計", "Operating costs")),
    Item("支払利息", "Interest expense", ("支払利息割引料", "Interest expenses")),
    Item("当期純利益", "Net income", ("当期純利益又は当期純損失", "親会社株主に帰属する当期純利益",
                                  "当期純損益", "Net profit")),
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
    Item("配当金総額", "Dividends", ("配当金の総額", "配当総額", "Total dividends", "Dividends paid")),
    Item("発行済株式数", "Shares outstanding", ("発行済株式総数", "期末発行済株式数",
                                        "Number of shares outstanding")),
    Item("株価", "Share price", ("期末株価", "Stock price")),
)
ITEM_EN: dict[str, str] = {item.key: item.en for item in ITEMS}
_ITEM_INDEX: dict[str, str] = {_key(name): item.key for item in ITEMS
                               for name in (item.key, item.en, *item.aliases)}


def item_key(label: object) -> str | None:
    """The item a sheet label names, or None.

    Tried in turn: the whole label; the label without bracketed parts
    (``売上高（百万円）``, ``総資産(=総資本)``); each part of a label split at
    ``/`` or a line break (``売上高 / Net sales``).
    """
    if not isinstance(label, str):
        return None
    text = unicodedata.normalize("NFKC", label)
    parts = [text, *re.split(r"[/\n]", text)]
    for candidate in (*parts, *(re.sub(r"\(.*?\)|\[.*?\]", "", p) for p in parts)):
        key = _ITEM_INDEX.get(_key(candidate))
        if key:
            return key
    return None


_DASHES = {"-", "−", "―", "—", "–", "‐", "ー"}
_UNSIGNED = re.compile(r"\d+\.?\d*|\.\d+")


def parse_amount(cell: object) -> float | None:
    """A statement figure from a cell; None for a blank.

    Numbers pass through.  Text is NFKC-normalised (full-width digits), commas
    are dropped, and a leading ``▲`` or ``△`` (Japanese accounting notation),
    ``-``/``−`` or enclosing parentheses make it negative: ``"▲1,234"`` →
    −1234.0.  Empty text and a lone dash (``－``, ``―``: "none" in reports) are
    blanks — a needed item then shows up as missing rather than as 0.
    """
    if cell is None:
        return None
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        if not math.isfinite(cell):
            raise XlahpError(f"{cell!r} is not a finite number")
        return float(cell)
    if not isinstance(cell, str):
        raise XlahpError(f"{cell!r} is not a number")
    text = unicodedata.normalize("NFKC", cell).strip().replace(",", "")
    if not text or text in _DASHES:
        return None
    negative = False
    if text[0] in "▲△-−+":
        negative, text = text[0] != "+", text[1:].strip()
    elif text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1].strip()
    if not _UNSIGNED.fullmatch(text):
        raise XlahpError(f"{cell!r} is not a number")
    return -float(text) if negative else float(text)


def _statement(values: Mapping[str, object] | None, period: str) -> dict[str, float]:
    """Canonical item → float for one period; unknown labels are ignored."""
    out: dict[str, float] = {}
    for label, cell in (values or {}).items():
        key = item_key(label)
        if key is None:
            continue
        try:
            value = parse_amount(cell)
        except XlahpError as e:
            raise XlahpError(f"{period}-year {label}: {e}") from None
        if value is None:
            continue
        if out.get(key, value) != value:
            raise XlahpError(f"{key} is given twice for the {period} year "
                             f"({out[key]:,.10g} and {value:,.10g})")
        out[key] = value
    return out


# ---------------------------------------------------------------- indicators

_OPERATOR = re.compile(r" ([+−×]) ")


def terms(expression: str) -> list[str]:
    """A formula of items split into item, operator, item, …: ``"A + B"`` →
    ``["A", "+", "B"]`` (operators +, − and ×)."""
    return _OPERATOR.split(expression)


def _items_of(expression: str) -> tuple[str, ...]:
    return tuple(terms(expression)[::2])


def _evaluate(expression: str, values: Mapping[str, float], period: str) -> float:
    """Value of ``"A"``, ``"A + B"``, ``"A − B"`` or ``"A × B"`` (× binds first)."""
    def get(item: str) -> float:
        if item not in values:
            raise XlahpError(f"{item} ({ITEM_EN[item]}) is missing for the {period} year")
        return values[item]

    parts = terms(expression)
    total, sign, term = 0.0, 1.0, get(parts[0])
    for op, item in zip(parts[1::2], parts[2::2]):
        if op == "×":
            term *= get(item)
        else:
            total, sign, term = total + sign * term, (1.0 if op == "+" else -1.0), get(item)
    return total + sign * term


def growth_rate(value: float, base: float, base_name: str = "base") -> float:
    """Growth rate in %: (value − base) / |base| × 100.

    The paper writes (当期純利益 − 前期純利益) / 前期純利益 × 100 (§4 手順3), but
    prints 86.4 % for A社's net loss shrinking from −787,337 to −106,961 and
    287.0 % for the target 200,000 against −106,961.  Only dividing by |base|
    gives both: with a negative base the plain formula flips the sign of an
    improvement (−86.4 %).  For a positive base both formulas agree.  A zero
    base has no growth rate and is an error.
    """
    if base == 0:
        raise XlahpError(f"{base_name} is 0; a growth rate needs a non-zero base")
    return (value - base) / abs(base) * 100


@dataclass(frozen=True)
class Indicator:
    """One financial indicator.

    ``kind`` is ``amount`` (the item ``num`` itself), ``ratio`` (``num`` ÷ ``den``,
    × 100 when ``unit`` is %) or ``growth`` (:func:`growth_rate` of item ``num``
    against the previous year).  ``num`` and ``den`` are item expressions such
    as ``"自己資本 + 固定負債"``; ``direction`` is +1 if higher is better, −1 if
    lower is better; ``criterion`` is the group it belongs to.
    """

    name: str
    en: str
    criterion: str
    unit: str
    direction: int
    kind: str
    num: str
    den: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def formula(self) -> str:
        """The formula as text, for documentation and the workbooks."""
        if self.kind == "amount":
            return self.num
        if self.kind == "growth":
            return f"({self.num} − 前期の{self.num}) ÷ |前期の{self.num}| × 100"
        den = f"({self.den})" if _OPERATOR.search(self.den) else self.den
        return f"{self.num} ÷ {den}" + (" × 100" if self.unit == "%" else "")

    @property
    def current(self) -> tuple[str, ...]:
        """Items needed from the current year."""
        return tuple(dict.fromkeys(_items_of(self.num) + (_items_of(self.den) if self.den else ())))

    @property
    def previous(self) -> tuple[str, ...]:
        """Items needed from the previous year."""
        return (self.num,) if self.kind == "growth" else ()


def _compute(ind: Indicator, values: Mapping[str, float], base: Mapping[str, float],
             periods: tuple[str, str]) -> float:
    """``ind`` for the period ``values``; ``base`` is the year before (for growth)."""
    try:
        x = _evaluate(ind.num, values, periods[0])
        if ind.kind == "amount":
            return x
        if ind.kind == "growth":
            x0 = _evaluate(ind.num, base, periods[1])
            return growth_rate(x, x0, f"{periods[1]}-year {ind.num}")
        d = _evaluate(ind.den, values, periods[0])
        if d <= 0:
            insolvent = " (債務超過, negative equity)" if ind.den == EQUITY else ""
            raise XlahpError(f"{ind.den} is {d:,.10g}{insolvent}; the ratio needs a positive "
                             f"{ind.den}")
        return x / d * (100 if ind.unit == "%" else 1)
    except XlahpError as e:
        raise XlahpError(f"{ind.name}: {e}") from None


#: The item whose sign decides 債務超過 (negative equity).
EQUITY = "自己資本"


def _amount(key: str, criterion: str) -> Indicator:
    item = next(i for i in ITEMS if i.key == key)
    return Indicator(key, item.en, criterion, "円", 1, "amount", key, aliases=item.aliases)


_P, _R, _S, _E, _G = CRITERIA  # 会社の財産, 収益性, 安定性, 効率性, 成長力

#: Every candidate of §4 手順3, in the paper's order.  Directions: stability
#: ratios with fixed assets or debt on top (固定比率, 長期固定適合率, 負債比率)
#: are lower-is-better; all others higher-is-better.  PER and PBR are listed
#: by the paper under 成長力: a higher multiple is the market pricing in more
#: growth, so +1 from the company's side (an investor hunting cheap stocks
#: reads them the other way — pass −1 to VALUE_INDEX then).  配当性向 +1 as
#: shareholder return; a company retaining for growth may choose −1.
INDICATORS: dict[str, Indicator] = {ind.name: ind for ind in (
    _amount("売上高", _P),
    _amount("営業収益", _P),
    _amount("資本金", _P),
    _amount("有形固定資産", _P),
    Indicator("ROE", "Return on equity", _R, "%", 1, "ratio", "当期純利益", "自己資本",
              ("自己資本利益率", "自己資本当期純利益率")),
    # The paper: "ROAは当期純利益を総資産で割る" (§4 手順3).
    Indicator("ROA", "Return on assets", _R, "%", 1, "ratio", "当期純利益", "総資産",
              ("総資産利益率", "総資本利益率", "総資産当期純利益率")),
    Indicator("売上高営業利益率", "Operating margin", _R, "%", 1, "ratio", "営業利益", "売上高",
              ("営業利益率", "Operating profit margin")),
    Indicator("売上高純利益率", "Net profit margin", _R, "%", 1, "ratio", "当期純利益", "売上高",
              ("売上高当期純利益率", "純利益率", "Net margin")),
    Indicator("流動比率", "Current ratio", _S, "%", 1, "ratio", "流動資産", "流動負債"),
    Indicator("固定比率", "Fixed assets to equity ratio", _S, "%", -1, "ratio",
              "固定資産", "自己資本", ("Fixed ratio",)),
    Indicator("長期固定適合率", "Fixed assets to long-term capital ratio", _S, "%", -1, "ratio",
              "固定資産", "自己資本 + 固定負債", ("固定長期適合率",)),
    Indicator("株主資本比率", "Shareholders' equity ratio", _S, "%", 1, "ratio",
              "株主資本", "総資産"),
    Indicator("負債比率", "Debt to equity ratio", _S, "%", -1, "ratio", "総負債", "自己資本",
              ("Liabilities to equity ratio",)),
    Indicator("総資本回転率", "Total asset turnover", _E, "回", 1, "ratio", "売上高", "総資産",
              ("総資産回転率", "Asset turnover")),
    Indicator("固定資産回転率", "Fixed asset turnover", _E, "回", 1, "ratio", "売上高", "固定資産"),
    Indicator("売上成長率", "Sales growth rate", _G, "%", 1, "growth", "売上高",
              aliases=("売上高成長率", "売上高伸び率", "増収率", "Sales growth")),
    Indicator("利益成長率", "Net income growth rate", _G, "%", 1, "growth", "当期純利益",
              aliases=("純利益成長率", "当期純利益成長率", "Profit growth rate")),
    Indicator("配当性向", "Dividend payout ratio", _G, "%", 1, "ratio", "配当金総額", "当期純利益",
              ("Payout ratio",)),
    Indicator("配当利回り", "Dividend yield", _G, "%", 1, "ratio", "配当金総額",
              "発行済株式数 × 株価"),
    Indicator("PBR", "Price to book ratio", _G, "倍", 1, "ratio", "株価 × 発行済株式数", "自己資本",
              ("株価純資産倍率",)),
    Indicator("PER", "Price earnings ratio", _G, "倍", 1, "ratio", "株価 × 発行済株式数", "当期純利益",
              ("株価収益率", "P/E ratio")),
)}

#: The paper's choice, one per criterion in the order of CRITERIA (§4 手順3).
PAPER_INDICATORS: tuple[str, ...] = ("売上高", "売上高純利益率", "負債比率", "総資本回転率", "利益成長率")

_INDICATOR_INDEX: dict[str, str] = {_key(name): ind.name for ind in INDICATORS.values()
                                    for name in (ind.name, ind.en, *ind.aliases)}


def indicator_key(name: object) -> str:
    """The indicator a name means (Japanese, English or alias); unknown is an error."""
    key = _INDICATOR_INDEX.get(_key(name)) if isinstance(name, str) else None
    if key is None:
        raise XlahpError(f"unknown indicator {name!r}; use one of {', '.join(INDICATORS)}")
    return key


def indicator(name: str, current: Mapping[str, object],
              previous: Mapping[str, object] | None = None) -> float:
    """One indicator from statement figures (item → value, per period).

    >>> round(indicator("売上高純利益率", {"売上高": 8968546, "当期純利益": -106961}), 1)
    -1.2
    """
    return _compute(INDICATORS[indicator_key(name)], _statement(current, "current"),
                    _statement(previous, "previous"), ("current", "previous"))


# ---------------------------------------------------------------- statement ranges

#: Period columns and the header words that name them (checked in this order,
#: so 前期実績 is the previous year).
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    # 有価証券報告書 heads its columns 前連結会計年度 | 当連結会計年度 (前事業年度 |
    # 当事業年度 for the parent alone)
    "previous": ("前期", "前年", "前連結", "前事業", "previous", "prior"),
    "target": ("目標", "計画", "予算", "target", "plan", "budget"),
    "current": ("当期", "今期", "当年", "当連結", "当事業", "実績", "current", "actual"),
}
#: The year each period's growth rates compare with (the paper's target growth
#: compares the target year with the current one, "2010年と2012年との比較").
#: Header words of comparison columns (前期比, 増減, …), which are never a period.
COMPARISON_WORDS: tuple[str, ...] = ("比", "増減", "差異", "change", "variance")
BASE_PERIOD: dict[str, str | None] = {"current": "previous", "target": "current",
                                      "previous": None}
_YEAR = re.compile(r"((?:19|20)\d\d)(?:\s*[/.年-]\s*(\d{1,2}))?")


def _period_of(cell: object) -> str | None:
    if not isinstance(cell, str):
        return None
    text = _key(cell)
    return next((p for p, words in PERIOD_WORDS.items() if any(_key(w) in text for w in words)),
                None)


def _date_of(cell: object) -> tuple[int, int] | None:
    """(year, month) of a header cell: a date, a year number, or text like 2010/3."""
    if isinstance(cell, dt.date):
        return cell.year, cell.month
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        return (int(cell), 0) if float(cell).is_integer() and 1900 <= cell <= 2100 else None
    if isinstance(cell, str):
        found = _YEAR.findall(unicodedata.normalize("NFKC", cell))
        return max((int(y), int(m or 0)) for y, m in found) if found else None
    return None


def _is_figure(cell: object) -> bool:
    try:
        return parse_amount(cell) is not None
    except XlahpError:
        return False


@by_content  # the workbook's status cells and indicators read the same range
def parse_statement(cells: Sequence[Sequence[object]]) -> dict[str, dict[str, float]]:
    """Statement figures from a sheet range laid out as accountants do.

    The first column holds item labels (matched by :func:`item_key`; rows with
    other labels are ignored, so extra rows are fine).  The following columns
    hold figures (:func:`parse_amount`).  Rows above the first recognised item
    are the header; they decide which column is which period:

    1. a column whose header contains a period word (:data:`PERIOD_WORDS`:
       当期, 前期, 目標 …) is that period, wherever it stands;
    2. the other non-empty columns fill current, then previous when each has
       a date in its header (2010/3, 2010年3月期, a date cell, 2010): newest
       first; a single figure column without any header is the current year;
       other columns without a header are an error (guessing by position could
       swap the years: 有価証券報告書 puts the previous year first);
    3. a target column needs a header word; comparison columns (a header with
       前期比, 増減 … — :data:`COMPARISON_WORDS`) and columns of text (English
       labels, notes) are ignored.  Returns ``{"current": {...}, "previous": {...},
    "target": {...}}`` (item → value; a period without a column is empty).
    """
    if not isinstance(cells, (list, tuple)):  # one cell, as the engine passes a 1×1 range
        cells = [[cells]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in cells]
    width = max((len(r) for r in rows), default=0)
    if width < 2:
        raise XlahpError("statement needs item labels in its first column and figures next to them")
    rows = [r + [None] * (width - len(r)) for r in rows]
    keys = [item_key(r[0]) for r in rows]
    first = next((i for i, k in enumerate(keys) if k), None)
    if first is None:
        raise XlahpError("statement has no known item label in its first column "
                         "(e.g. 売上高, 当期純利益, 総資産)")

    columns: dict[str, int] = {}
    rest: list[tuple[int, tuple[int, int] | None]] = []
    notes: list[int] = []
    for j in range(1, width):
        head = [r[j] for r in rows[:first] if r[j] not in (None, "")]
        if any(isinstance(h, str) and any(w in _key(h) for w in COMPARISON_WORDS) for h in head):
            continue
        period = next(filter(None, map(_period_of, head)), None)
        if period in columns:
            raise XlahpError(f"statement columns {columns[period] + 1} and {j + 1} "
                             f"are both headed as the {period} year")
        date = max(filter(None, map(_date_of, head)), default=None)
        if period:
            columns[period] = j
        elif date or any(_is_figure(r[j]) for r in rows[first:]):
            rest.append((j, date))
        elif any(r[j] not in (None, "") for r in rows[first:]):
            notes.append(j)  # English labels, notes … or figures mistyped
    if not columns and not rest and notes:
        rest.append((notes[0], None))  # the only column: read it, so mistyped figures show
    open_periods = [p for p in ("current", "previous") if p not in columns]
    if rest and all(date for _, date in rest):
        rest.sort(key=lambda c: c[1], reverse=True)  # dated columns: the newest is current
    elif len(rest) > 1 or (rest and open_periods[:1] != ["current"]):
        # guessing by position could swap the years silently (有価証券報告書 puts the
        # previous year first): ask for a header instead
        raise XlahpError(
            f"statement column{'s' if len(rest) > 1 else ''} "
            f"{', '.join(str(j + 1) for j, _ in rest)} "
            f"{'have' if len(rest) > 1 else 'has'} no header saying which year "
            "(当期 current, 前期 previous, 目標 target, or a date such as 2010/3)")
    columns.update(zip(open_periods, (j for j, _ in rest)))

    out: dict[str, dict[str, float]] = {p: {} for p in PERIOD_WORDS}
    for i, (row, key) in enumerate(zip(rows, keys)):
        if key is None:
            continue
        for period, j in columns.items():
            try:
                value = parse_amount(row[j])
            except XlahpError as e:
                raise XlahpError(f"statement row {i + 1} ({row[0]}), column {j + 1} "
                                 f"({period} year): {e}") from None
            if value is None:
                continue
            if out[period].get(key, value) != value:
                raise XlahpError(f"statement: {key} appears twice in the {period} column "
                                 f"with different values")
            out[period][key] = value
    return out


def statement_indicator(name: str, statement: Mapping[str, Mapping[str, float]],
                        period: str = "current") -> float:
    """An indicator of one period of a parsed statement (:func:`parse_statement`).

    ``period`` is current (default), target or previous, or a header word
    such as 当期/目標.  Growth compares with :data:`BASE_PERIOD`: the current
    year with the previous one, the target year with the current one.
    """
    which = period if period in PERIOD_WORDS else _period_of(period)
    if which is None:
        raise XlahpError(f"period {period!r} is not current, previous or target (当期/前期/目標)")
    base = BASE_PERIOD[which]
    return _compute(INDICATORS[indicator_key(name)], statement.get(which, {}),
                    statement.get(base, {}) if base else {},
                    (which, base or f"year before the {which}"))


# ---------------------------------------------------------------- 倒産指数

#: The five components of the 倒産指数 (現代会計カンファレンス編 1997, quoted in
#: the paper §4): 収益力 = 売上高/(営業費用+支払利息), 支払い能力 = 流動資本/負債,
#: 活力 = 売上高/総資本, 持久力 = 自己資本/負債, 成長力 = 自己資本/(自己資本 −
#: 当期純利益), with 流動資本 = 流動資産, 負債 = 総負債, 総資本 = 総資産.  Each is
#: a plain ratio (倍) whose denominator must be positive.
BANKRUPTCY_COMPONENTS: tuple[Indicator, ...] = tuple(
    Indicator(name, en, "倒産指数", "倍", 1, "ratio", num, den) for name, en, num, den in (
        ("収益力", "Earning power", "売上高", "営業費用 + 支払利息"),
        ("支払い能力", "Ability to pay", "流動資産", "総負債"),
        ("活力", "Vitality", "売上高", "総資産"),
        ("持久力", "Endurance", "自己資本", "総負債"),
        ("成長力", "Growth", "自己資本", "自己資本 − 当期純利益"),
    ))


def _component(c: Indicator, values: Mapping[str, float]) -> float:
    """One 倒産指数 component of parsed current-year figures.

    持久力 = 自己資本/負債 and 成長力 = 自己資本/(自己資本 − 当期純利益) compare
    this year's equity with the debt and with last year's equity; the index
    reads every component as "times covered", 1.0 = healthy.  With 自己資本 ≤ 0
    (債務超過) neither reading holds — a shrinking negative equity would even
    show as growth above 1 — so, as for ROE and 負債比率, they are not defined.
    """
    equity = values.get(EQUITY)
    if EQUITY in c.current and equity is not None and equity <= 0:
        raise XlahpError(f"{c.name}: {EQUITY} is {equity:,.10g} (債務超過, negative equity); "
                         f"{c.name} and the 倒産指数 are not defined for it")
    return _compute(c, values, {}, ("current", "previous"))


def bankruptcy_component(name: object, current: Mapping[str, object]) -> float:
    """One component of the 倒産指数 (収益力, 支払い能力, 活力, 持久力, 成長力 or its
    English name) from one year's figures."""
    key = _key(name) if isinstance(name, str) else None
    found = next((c for c in BANKRUPTCY_COMPONENTS if key in (_key(c.name), _key(c.en))), None)
    if found is None:
        raise XlahpError(f"unknown 倒産指数 component {name!r}; use one of "
                         f"{', '.join(c.name for c in BANKRUPTCY_COMPONENTS)}")
    return _component(found, _statement(current, "current"))


@dataclass(frozen=True)
class BankruptcyIndex:
    """The five components (by name, in order), the weights used (sum 1), the index."""

    components: dict[str, float]
    weights: tuple[float, ...]
    index: float


def bankruptcy_index(current: Mapping[str, object],
                     weights: Sequence[object] | None = None) -> BankruptcyIndex:
    """倒産指数 of one year's figures.

    Without weights the simple mean of the five components ([9]); with five
    AHP weights (≥ 0, renormalised to sum 1) the weighted mean (木下 [7]), e.g.
    0.20 収益力 + 0.15 支払い能力 + 0.30 活力 + 0.10 持久力 + 0.25 成長力 (§4).
    """
    names = [c.name for c in BANKRUPTCY_COMPONENTS]
    if weights is None:
        weights = [1] * len(names)
    elif len(weights) != len(names):
        raise XlahpError(f"weights has {len(weights)} values; the 倒産指数 needs 5 "
                         f"({', '.join(names)})")
    w = check_weights(weights, names)
    values = _statement(current, "current")
    parts = {c.name: _component(c, values) for c in BANKRUPTCY_COMPONENTS}
    total = math.fsum(w)
    return BankruptcyIndex(
        components=parts,
        weights=tuple(x / total for x in w),
        index=math.fsum(x * v for x, v in zip(w, parts.values())) / total,
    )


#: Half-width of the grey zone around 1.0: xlahp's choice, not the source's.
GREY_BAND = 0.1


def bankruptcy_verdict(index: float, band: float = GREY_BAND) -> str:
    """健全 if index ≥ 1 + band, 不健全 if index < 1 − band, else グレーゾーン.

    The paper (§4) only says ≥ 1.0 is healthy, below is not, and "1.0 前後は
    グレーゾーン"; the half-width 0.1 of the grey zone is xlahp's choice, not
    the source's.  ``band=0`` gives the source's plain two-way verdict.
    """
    if not (isinstance(band, numbers.Real) and 0 <= band < 1):
        raise XlahpError(f"band is {band!r}; it must be a number from 0 up to (not incl.) 1")
    if index >= 1 + band:
        return "健全 healthy"
    if index < 1 - band:
        return "不健全 unhealthy"
    return "グレーゾーン grey zone"
