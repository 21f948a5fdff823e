"""取込先 — a filing's figures written into an xlahp workbook, each beside where it came from.

:func:`import_filing` reads one filing (:func:`~.edinet.read_filing`) and fills, in a copy
of the workbook, either 財務諸表's 当期 and 前期 columns (:func:`fill_statement`) or the
保有株式 block from one 特定投資株式 row (:func:`fill_holding`).  The rules
(docs/edinet.md, "xlahp import"):

* cells are found through the template's defined names (:mod:`xlahp.templates.names`),
  never by address; a workbook without them, or laid out otherwise, is refused by name;
* yen become the unit the column states (``Input_Units``, ``Holding_Unit``; blank is
  百万円, as FIN_AMOUNT reads it); 発行済株式数 becomes 百万株, the template's unit for it;
* an input cell that holds something else is left alone and listed, unless *force*; a
  formula is never replaced; a cell already holding the filing's figure is unchanged, so
  importing twice gives the same workbook;
* beside every figure a source cell gets a formula that shows the element, the context
  and the document while the figure is the one imported, and ``手入力 typed`` with the
  filing's figure once it is typed over (the statement sheet colours that orange);
  what the filing does not tag is left blank and shown ``入力不足``;
* a 半期報告書 fills nothing: the workbook has no review period for interim actuals.

The copy is then evaluated headless (:func:`xlahp.workbook.calc.calculate_bounded`), so
that its indicators show the imported figures when opened anywhere.
"""

from __future__ import annotations

import math
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from xlahp.core.finance import UNIT, UNITS
from xlahp.errors import InputError, XlahpError
from xlahp.sheet.readers import item_key, unit_of
from xlahp.templates import names
from xlahp.templates.accounts import MISSING_INPUT, TYPED
from xlahp.templates.holding import MUTUAL
from xlahp.templates.reuse import FISCAL_YEAR_LABEL as FISCAL_YEAR
from xlahp.workbook import safety
from xlahp.workbook.addresses import a1
from xlahp.workbook.cached_values import _typed
from xlahp.workbook.inputs import Area, Book, Formula

from xlahp.imports import taxonomy as tx
from xlahp.imports.edinet import Filing, Holding, read_filing

PERIOD_JA = {"current": "当期", "previous": "前期"}
#: 発行済株式数 is typed in millions of shares (templates.accounts.UNIT_OF), so that
#: 株価 (円) × 発行済株式数 is in 百万円.
SHARES_PER_UNIT = 1e6
#: Longest text constant Excel takes in a formula is 255 characters; longer ones are joined.
_CHUNK = 200


@dataclass(frozen=True)
class Written:
    """A cell an import wrote: where, what (``売上高 当期``), the value as shown, its unit and
    where the filing has it."""

    address: str
    label: str
    shown: str
    unit: str
    source: str


@dataclass
class Outcome:
    """What an import did, cell by cell, in words for the command line."""

    filing: Filing
    written: list[Written] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # cells left alone, and why
    missing: list[str] = field(default_factory=list)  # not in the filing, left blank
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the command

def import_filing(filing: str | Path, workbook: str | Path, target: str | Path,
                  consolidated: bool = True, force: bool = False,
                  holding: str | None = None) -> Outcome:
    """Fill a copy of *workbook* at *target* from *filing* — its statement, or with
    *holding* (a row number or part of a name) that 特定投資株式 row — and evaluate it.
    Nothing is written when the filing or the workbook is refused."""
    workbook, target = Path(workbook), Path(target)
    safety.check_workbook(workbook, target)
    read = read_filing(filing, consolidated)
    if read.kind != "annual":
        raise InputError(f"{filing}: is a 半期報告書 (semiannual report, half year to "
                         f"{read.period_end}); 財務諸表 takes the annual figures of a "
                         "有価証券報告書 and this workbook has no review period for interim "
                         "actuals — nothing was written")
    with Book(workbook) as book:
        if holding is None:
            outcome = fill_statement(book, read, force)
        else:
            outcome = fill_holding(book, read, choose_holding(read, holding), force)
        _save_evaluated(book, target, outcome)
    return outcome


def choose_holding(filing: Filing, wanted: str) -> Holding:
    """The 特定投資株式 row *wanted* names: its number (1 = the first row), or a part of the
    issuer's name that only one row contains."""
    rows = filing.holdings
    if not rows:
        raise InputError(f"{filing.reference}: the filing does not tag its 特定投資株式 table "
                         "row by row (filings before March 2019 state it as text only)")
    text = unicodedata.normalize("NFKC", wanted).strip().casefold()
    if text.isdigit():
        found = [h for h in rows if h.row == int(text)]
    else:
        found = [h for h in rows if text and text in
                 unicodedata.normalize("NFKC", h.name or "").casefold()]
    if len(found) == 1:
        return found[0]
    listed = ", ".join(f"{h.row} {h.name or '(no name)'}" for h in (found or rows)[:8])
    more = " …" if len(found or rows) > 8 else ""
    if found:
        raise InputError(f"--holdings {wanted!r} matches {len(found)} rows ({listed}{more}); "
                         "give the row number")
    raise InputError(f"--holdings {wanted!r}: no such row among the filing's 特定投資株式 "
                     f"({listed}{more})")


def _save_evaluated(book: Book, target: Path, outcome: Outcome) -> None:
    """Write the filled copy, evaluated so that its formulas show the imported figures;
    a workbook the engine cannot evaluate is written as filled, and said so."""
    from xlahp.workbook.calc import calculate_bounded

    with tempfile.TemporaryDirectory(prefix=".xlahp-", dir=target.parent) as folder:
        draft = Path(folder) / target.name
        book.forget_cached_values()  # every formula computed from the figures now in it
        book.save(draft)
        try:
            calculate_bounded(draft, target)
        except XlahpError as error:
            draft.replace(target)
            outcome.notes.append(f"not evaluated ({error}); open it in Excel with the add-in, "
                                 "or run xlahp calc on it")


# ---------------------------------------------------------------- 財務諸表

def fill_statement(book: Book, filing: Filing, force: bool) -> Outcome:
    """Fill the 当期 and 前期 figures, their fiscal years and sources, and the statement's
    取込元 line."""
    outcome = Outcome(filing, notes=list(filing.notes))
    layout = _StatementLayout(book)
    missing: dict[str, list[str]] = {}
    for row, key in layout.items:
        if key not in tx.ITEMS:
            outcome.notes.append(f"{key}: never in a filing; type it")
            continue
        for period, (col, source_col) in layout.columns.items():
            figure = filing.figure(key, period)
            label = f"{key} {PERIOD_JA[period]}"
            cells = ((layout.sheet, row, col), (layout.sheet, row, source_col))
            if figure is None or figure.value is None:
                missing.setdefault(key, []).append(PERIOD_JA[period])
                why = (f"{filing.reference} {figure.element} {figure.context} は「－」(nil)"
                       if figure is not None else f"{filing.reference} にタグなし (not tagged)")
                _fill_missing(book, outcome, *cells, label, why)
                continue
            if key in tx.SHARE_ITEMS:
                unit, per, stated = "百万株", SHARES_PER_UNIT, None
            else:
                unit, text = layout.unit(period)
                per, stated = UNITS[unit], (a1(layout.unit_row, col), text)
            provenance = f"{filing.reference} {_element(figure.element)} {figure.context}"
            _fill(book, outcome, *cells, figure.value / per, label, unit, force, provenance,
                  stated)
    outcome.missing = [f"{k} ({', '.join(p)})" for k, p in missing.items()]
    for period, (col, _) in layout.columns.items():
        if layout.fiscal_row is not None:
            end = filing.period_end if period == "current" else filing.previous_end
            if end is None:
                outcome.notes.append(f"{FISCAL_YEAR} {PERIOD_JA[period]}: the filing does not "
                                     "state the previous year's end; left as it is")
            else:
                _put(book, outcome, (layout.sheet, layout.fiscal_row, col),
                     f"{end.year}年{end.month}月期", f"{FISCAL_YEAR} {PERIOD_JA[period]}", "",
                     force, "CurrentPeriodEndDateDEI" if period == "current"
                     else "PreviousFiscalYearEndDateDEI")
    if layout.fiscal_row is None:
        outcome.notes.append(f"no {FISCAL_YEAR} row above the units: the fiscal years are "
                             "not filled")
    scope = "連結 consolidated" if filing.consolidated else "個別 non-consolidated"
    if outcome.written or outcome.unchanged:
        partly = f" (一部 partly: {len(outcome.kept)} 件は既存の値 kept)" if outcome.kept else ""
        book.set(*layout.line, f"EDINET {filing.reference} ({filing.company}, "
                               f"{filing.period_end.isoformat()} 期) から取込{partly} — {scope}, "
                               f"{filing.standard}, 有価証券報告書")
    return outcome


class _StatementLayout:
    """Where 財務諸表's figures are, from the defined names; refused in one line when
    the workbook is not laid out as the template is."""

    def __init__(self, book: Book) -> None:
        self.book = book
        statement = self._area(names.STATEMENT)
        self.sheet, self.label_col = statement.sheet, statement.left
        self.columns: dict[str, tuple[int, int]] = {}
        rows = None
        for period, name, source in (("current", names.CURRENT, names.SOURCE_CURRENT),
                                     ("previous", names.PREVIOUS, names.SOURCE_PREVIOUS)):
            figures, sources = self._area(name), self._area(source, older=True)
            for area in (figures, sources):
                if (area.sheet != self.sheet or area.left != area.right
                        or (area.top, area.bottom) != (figures.top, figures.bottom)
                        or not statement.top < area.top <= area.bottom <= statement.bottom):
                    self._refuse(f"{name.name} and {source.name} are {figures} and {sources}, "
                                 f"not one column each of the rows of {statement}")
            if not statement.left < figures.left <= statement.right:
                self._refuse(f"{name.name} ({figures}) is not a column of {statement}")
            rows = rows or (figures.top, figures.bottom)
            if rows != (figures.top, figures.bottom):
                self._refuse(f"{names.CURRENT.name} and {names.PREVIOUS.name} cover other rows")
            self.columns[period] = (figures.left, sources.left)
        units = self._area(names.UNITS)
        if units.sheet != self.sheet or units.top != units.bottom or not all(
                units.left <= c <= units.right for c, _ in self.columns.values()):
            self._refuse(f"{names.UNITS.name} ({units}) is not the row stating the unit of "
                         f"{names.CURRENT.name} and {names.PREVIOUS.name}")
        self.unit_row = units.top
        above = units.top - 1
        label = book.value(self.sheet, above, self.label_col) if above >= statement.top else None
        self.fiscal_row = above if isinstance(label, str) and FISCAL_YEAR in label else None
        line = self._area(names.SOURCE_STATEMENT, older=True)
        self.line = (line.sheet, line.top, line.left)
        self.items: list[tuple[int, str]] = []
        seen = set()
        for row in range(rows[0], rows[1] + 1):
            key = item_key(book.value(self.sheet, row, self.label_col))
            if key and key not in seen:
                seen.add(key)
                self.items.append((row, key))

    def unit(self, period: str) -> tuple[str, str]:
        """The unit a period's column states, and the text it is stated in."""
        return stated_unit(self.book, self.sheet, self.unit_row, self.columns[period][0])

    def _area(self, name: names.Name, older: bool = False) -> Area:
        area = self.book.area(name.name)
        if area is None and older:
            raise InputError(
                f"{self.book.path}: has no 取込元 cells (defined name {name.name}): it was made "
                "before xlahp import; make a current workbook with xlahp new NAME --from "
                f"{self.book.path} and import into that")
        if area is None:
            partner = self.book.area(names.PARTNER_STATEMENTS.name) is not None
            raise InputError(f"{self.book.path}: not an xlahp alliance workbook: it has no "
                             f"defined name {name.name} ({name.label})"
                             + ("; a partner selection's 候補の財務 is not filled by xlahp "
                                "import (yet)" if partner else ""))
        return area

    def _refuse(self, why: str) -> None:
        raise InputError(f"{self.book.path}: 財務諸表 is not laid out as xlahp import expects: "
                         f"{why}")


# ---------------------------------------------------------------- 保有株式

#: The 保有株式 inputs a 特定投資株式 row gives: (name, Holding field, kind).
HOLDING_FIELDS = (
    (names.HOLDING_COUNTERPARTY, "name", "text"),
    (names.HOLDING_SHARES, "shares", "shares"),
    (names.HOLDING_BOOK, "carrying_amount", "amount"),
    (names.HOLDING_MARKET, "carrying_amount", "amount"),
    (names.HOLDING_PREVIOUS_SHARES, "previous_shares", "shares"),
    (names.HOLDING_PREVIOUS_BOOK, "previous_carrying_amount", "amount"),
    (names.HOLDING_MUTUAL, "held_by_counterparty", "mutual"),
    (names.HOLDING_PURPOSE, "purpose", "text"),
    (names.HOLDING_EFFECT, "quantitative_effect", "text"),
)
#: Why 貸借対照表計上額 is the market value too: 特定投資株式 are listed shares, and その他
#: 有価証券 is carried at its market value (企業会計基準第10号 金融商品に関する会計基準 18項).
MARKET_NOTE = ("貸借対照表計上額 = 期末時価 (上場株式のその他有価証券は時価で計上: 金融商品会計基準 18項) "
               "/ carrying amount = market value for listed shares")


def fill_holding(book: Book, filing: Filing, holding: Holding, force: bool) -> Outcome:
    """Fill the 保有株式 block from one 特定投資株式 row, each figure with its source in the
    note cell beside it."""
    outcome = Outcome(filing, notes=[n for n in filing.notes if n.startswith("document ID")])
    unit_area = _holding_area(book, names.HOLDING_UNIT)
    unit, text = stated_unit(book, unit_area.sheet, unit_area.top, unit_area.left)
    row_line = (f"EDINET {filing.reference} ({filing.company}, {filing.period_end.isoformat()} 期) "
                f"特定投資株式 第{holding.row}行から取込")
    for name, attribute, kind in HOLDING_FIELDS:
        area = _holding_area(book, name)
        beside = (area.sheet, area.top, book.merged(area.sheet, area.top, area.left).right + 1)
        given, source = getattr(holding, attribute), holding.source(attribute)
        cells = ((area.sheet, area.top, area.left), beside)
        if given is None or source is None:
            why = (f"{filing.reference} 第{holding.row}行にタグなし (not tagged)"
                   if name is not names.HOLDING_EFFECT or holding.purpose is None else
                   f"{filing.reference} は保有目的と一つの欄に記載 (tagged with the purpose)")
            outcome.missing.append(name.ja)
            _fill_missing(book, outcome, *cells, name.ja, why)
            continue
        provenance = f"{filing.reference} {_element(source[0])} {source[1]}"
        if name is names.HOLDING_COUNTERPARTY:
            provenance = f"{row_line} — {_element(source[0])} {source[1]}"
        elif name is names.HOLDING_MARKET:
            provenance = f"{provenance} — {MARKET_NOTE}"
        if kind == "amount":
            value: float | str = given / UNITS[unit]
            shown = unit
        elif kind == "mutual":
            value = next((m for m in MUTUAL if given.startswith(m[0])), given)
            if given != value.split()[0]:  # 有※ (a footnote of the filing's own)
                provenance += f" — 提出書類の表記「{given}」"
            shown = ""
        else:
            value, shown = given, ("株" if kind == "shares" else "")
        stated = (a1(unit_area.top, unit_area.left), text) if kind == "amount" else None
        _fill(book, outcome, *cells, value, name.ja, shown, force, provenance, stated)
    return outcome


def _holding_area(book: Book, name: names.Name) -> Area:
    area = book.area(name.name)
    if area is None:
        raise InputError(f"{book.path}: has no 保有株式 block to fill (no defined name "
                         f"{name.name}, {name.label}); it is made by xlahp new")
    return area


# ---------------------------------------------------------------- cells

def stated_unit(book: Book, sheet: str, row: int, col: int) -> tuple[str, str]:
    """The unit a cell states (blank: 百万円, as FIN_AMOUNT reads it) and its text."""
    held = book.value(sheet, row, col)
    text = "" if held is None else str(held.cached if isinstance(held, Formula) else held)
    unit = unit_of(text) if text.strip() else UNIT
    if unit is None:
        raise InputError(f"{book.path}: {sheet}!{a1(row, col)} states the unit {text!r}, not "
                         f"one of {', '.join(UNITS)}; nothing was written")
    return unit, text


Cell = tuple[str, int, int]  # sheet, row, column


def _fill(book: Book, outcome: Outcome, where: Cell, beside: Cell, value: float | str,
          label: str, unit: str, force: bool, provenance: str,
          stated: tuple[str, str] | None) -> None:
    """One figure and its source cell (*stated*: the unit cell and the unit it states,
    which the source checks too).  A figure left alone keeps the source it had."""
    if _put(book, outcome, where, value, label, unit, force, provenance):
        book.set(*beside, _source(a1(*where[1:]), value, provenance, outcome.filing, unit,
                                  stated))


def _fill_missing(book: Book, outcome: Outcome, where: Cell, beside: Cell, label: str,
                  why: str) -> None:
    """A figure the filing does not give: its source says 入力不足 while it is blank; a
    figure already there stays, with its source, and is listed."""
    held = book.value(*where)
    if held is None:
        book.set(*beside, _blank_source(a1(*where[1:]), f"{MISSING_INPUT} — {why}"))
    else:
        outcome.kept.append(f"{where[0]}!{a1(*where[1:])} {label}: not in the filing; keeps "
                            f"{_shown(held if not isinstance(held, Formula) else '=' + held.text)}"
                            " from before")


def _put(book: Book, outcome: Outcome, where: Cell, value: float | str, label: str,
         unit: str, force: bool, provenance: str) -> bool:
    """Write *value* unless the cell holds something else (then only with *force*, and
    never over a formula); False when the cell was left alone."""
    sheet, row, col = where
    held = book.value(sheet, row, col)
    address = f"{sheet}!{a1(row, col)}"
    if _same(held, value):
        outcome.unchanged += 1
        return True
    filed = f"{_shown(value)} {unit}".rstrip()
    if isinstance(held, Formula):
        outcome.kept.append(f"{address} {label}: holds a formula (={held.text[:40]}), the "
                            f"filing {filed}; left alone — clear it to import")
        return False
    if held is not None and not force:
        outcome.kept.append(f"{address} {label}: holds {_shown(held)}, the filing {filed}; "
                            "left alone — --force replaces it")
        return False
    book.set(sheet, row, col, value)
    outcome.written.append(Written(address, label, _shown(value), unit, provenance))
    return True


def _same(held: object, value: float | str) -> bool:
    if isinstance(value, str):
        return held == value
    return (isinstance(held, (int, float)) and not isinstance(held, bool)
            and math.isclose(held, value, rel_tol=1e-12, abs_tol=0.0))


def _source(cell: str, value: float | str, provenance: str, filing: Filing, unit: str,
            stated: tuple[str, str] | None) -> Formula:
    """The source cell's formula: the provenance while *cell* holds the value imported
    (and the unit cell the unit then stated), 手入力 with the filing's figure otherwise."""
    if isinstance(value, str):
        held = [f"EXACT({cell},{_text(value)})"]
    else:
        held = [f"ISNUMBER({cell})", f"{cell}={_number(value)}"]
    if stated is not None:
        held.append(f"{stated[0]}={_text(stated[1])}")
    typed = f"{TYPED} typed — EDINET {filing.reference}: {_shown(value)} {unit}".rstrip()
    return Formula(f"IF(AND({','.join(held)}),{_text(provenance)},{_text(typed)})", provenance)


def _blank_source(cell: str, missing: str) -> Formula:
    """The source cell of a figure the filing does not give: 入力不足 while it is blank."""
    return Formula(f'IF({cell}="",{_text(missing)},{_text(f"{TYPED} typed")})', missing)


def _element(element: str) -> str:
    """A derived figure's parts with the namespace said once: ``jppfs_cor:NetAssets −
    SubscriptionRightsToShares``."""
    prefix = element.partition(":")[0] + ":"
    head, *rest = element.split(" ")
    return " ".join([head, *(p.removeprefix(prefix) for p in rest)])


def _text(value: str) -> str:
    """An Excel text constant (several joined with & when longer than Excel takes)."""
    chunks = [value[i:i + _CHUNK] for i in range(0, len(value), _CHUNK)] or [""]
    return "&".join('"' + c.replace('"', '""') + '"' for c in chunks)


def _number(value: float) -> str:
    return _typed(value)[1].upper()


def _shown(value: object) -> str:
    if isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,.10g}"
    text = str(value)
    return repr(text if len(text) <= 30 else text[:29] + "…")
