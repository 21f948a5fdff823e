"""EDINET 取込 — the statement figures of one filing, with where each came from.

:func:`read_filing` reads any of the four forms (:mod:`.package`), decides the
scope and the accounting standard from the DEI, and reads every item of
:data:`.taxonomy.ITEMS` for the current and the previous period through that
standard's table (:mod:`.taxonomy`).  Nothing is computed that the filing does
not state, except three documented rules: 自己資本 under Japanese GAAP (純資産 −
新株予約権 − 非支配株主持分, the 有価証券報告書's own 自己資本比率 basis), 営業費用 as
売上原価 + 販管費 where that reconciles with 売上高 − 営業利益, and 配当金総額 as the
dividend decrease in the statement of changes in equity read as an amount.

:func:`read_holdings` reads the 特定投資株式 table where the filing tags it.
Both are pure: numbers and provenance out, nothing written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from xlahp.errors import XlahpError

from . import taxonomy as tx
from .csvexport import read_csv
from .facts import Fact, Facts, number
from .package import Document, open_filing
from .xbrl import read_instance

_KINDS = {"FY": "annual", "HY": "semiannual"}
_QUARTERS = {"Q1": "第1四半期", "Q2": "第2四半期", "Q3": "第3四半期"}


@dataclass(frozen=True)
class Figure:
    """One statement figure: yen (shares for 発行済株式数); None for a nil fact."""

    item: str
    period: str  # "current" | "previous"
    value: float | None
    element: str  # "jppfs_cor:NetSales"; a derived figure names its parts
    context: str  # "CurrentYearDuration", "CurrentYearInstant_NonConsolidatedMember"


@dataclass(frozen=True)
class Holding:
    """One row of 特定投資株式 (保有目的が純投資目的以外の目的である投資株式); a field
    the filing does not tag is None."""

    row: int
    name: str | None
    shares: float | None
    carrying_amount: float | None  # 貸借対照表計上額, yen
    previous_shares: float | None
    previous_carrying_amount: float | None
    purpose: str | None  # 保有目的（定量的な保有効果及び株式数が増加した理由）
    quantitative_effect: str | None
    held_by_counterparty: str | None  # 当社の株式の保有の有無: "有" / "無" …
    #: (field, element, context) of every field read, for provenance
    sources: tuple[tuple[str, str, str], ...] = ()

    def source(self, field: str) -> tuple[str, str] | None:
        """(element, context) the field was read from, None when not tagged."""
        return next(((e, c) for f, e, c in self.sources if f == field), None)


@dataclass(frozen=True)
class Filing:
    doc_id: str  # "S100DE5C"; "" when the file's name does not carry it
    edinet_code: str
    company: str
    period_end: dt.date
    previous_end: dt.date | None  # PreviousFiscalYearEndDateDEI: the 前期's year end
    standard: str  # of the figures read: "Japan GAAP" | "IFRS" | "US GAAP"
    consolidated: bool
    kind: str  # "annual" | "semiannual"
    figures: tuple[Figure, ...]
    missing: tuple[tuple[str, str], ...]  # (item, period) not tagged
    notes: tuple[str, ...]
    holdings: tuple[Holding, ...] = ()  # 特定投資株式 (read_holdings)

    def figure(self, item: str, period: str = "current") -> Figure | None:
        return next((f for f in self.figures if f.item == item and f.period == period), None)

    @property
    def reference(self) -> str:
        """What names the filing in provenance: its document ID, else its EDINET code and
        period end (the annual report of that year)."""
        return self.doc_id or f"{self.edinet_code} {self.period_end.isoformat()}"


def read_filing(path: str | Path, consolidated: bool = True) -> Filing:
    """The statement figures of an EDINET filing (XBRL zip, CSV zip, .xbrl or CSV).

    *consolidated* False reads the ``_NonConsolidatedMember`` figures; a filer
    without consolidated statements is read non-consolidated either way (said in
    :attr:`Filing.notes`).  Raises :class:`~xlahp.errors.XlahpError` for a file
    that is not an EDINET filing, a quarterly report, an unknown accounting
    standard, or figures that contradict themselves.
    """
    document = open_filing(path)
    facts = _facts(document)
    source = document.source
    notes: list[str] = []
    kind = _kind(facts, source)
    dei_standard = facts.dei("AccountingStandardsDEI")
    if dei_standard not in tx.STANDARDS:
        known = ", ".join(tx.STANDARDS)
        raise XlahpError(f"{source}: accounting standard {dei_standard or '(not stated)'!r} "
                         f"(AccountingStandardsDEI) is not one xlahp reads ({known})")
    has_consolidated = facts.dei("WhetherConsolidatedFinancialStatementsArePreparedDEI") != "false"
    if consolidated and not has_consolidated:
        consolidated = False
        notes.append("non-consolidated: the filer has no consolidated statements "
                     "(WhetherConsolidatedFinancialStatementsArePreparedDEI = false)")
    standard = dei_standard
    if not consolidated and has_consolidated and dei_standard != "Japan GAAP":
        standard = "Japan GAAP"
        notes.append(f"non-consolidated statements of a group reporting under {dei_standard} "
                     "are prepared under Japanese GAAP (財務諸表等規則); read with the "
                     "Japan GAAP table")
    if not document.doc_id:
        notes.append("document ID unknown: the file's name does not carry an EDINET "
                     "document ID (S1…)")
    reader = _Reader(facts, source, tx.MAPPINGS[standard], consolidated,
                     tx.PERIODS[kind], notes)
    figures = []
    missing = []
    for period in ("current", "previous"):
        for item in tx.ITEMS:
            figure = reader.figure(item, period)
            if figure is None:
                missing.append((item, period))
            else:
                figures.append(figure)
    _other_standard_note(facts, standard, reader.scope_suffix, tx.PERIODS[kind], notes)
    previous_end = facts.dei("PreviousFiscalYearEndDateDEI")
    return Filing(
        doc_id=document.doc_id,
        edinet_code=facts.dei("EDINETCodeDEI") or "",
        company=facts.dei("FilerNameInJapaneseDEI") or "",
        period_end=_date(facts, "CurrentPeriodEndDateDEI", source),
        previous_end=previous_end and _date(facts, "PreviousFiscalYearEndDateDEI", source),
        standard=standard, consolidated=consolidated, kind=kind,
        figures=tuple(figures), missing=tuple(missing), notes=tuple(notes),
        holdings=tuple(_holdings(facts, source)))


def read_holdings(path: str | Path) -> list[Holding]:
    """The 特定投資株式 table of an annual report, row by row; [] when the filing
    does not tag it (filings for years before March 2019 state it as text only)."""
    document = open_filing(path)
    return _holdings(_facts(document), document.source)


# ---------------------------------------------------------------- internals

_ROW = re.compile(r"(CurrentYear|Prior1Year)(Instant|Duration)_Row(\d+)Member")
#: Holding fields read from text facts: (field, the element name's start).
_TEXTS = (("name", "NameOfSecurities"), ("purpose", "Purpose"),
          ("quantitative_effect", "QuantitativeEffect"), ("held_by_counterparty", "Whether"))
#: … and from numeric facts: (field, the element name's start, the prior year's).
_AMOUNTS = (("shares", "NumberOfSharesHeld", False), ("carrying_amount", "BookValue", False),
            ("previous_shares", "NumberOfSharesHeld", True),
            ("previous_carrying_amount", "BookValue", True))


def _holdings(facts: Facts, source: str) -> list[Holding]:
    rows: dict[int, dict[tuple[str, bool], Fact]] = {}
    for fact in facts:
        prefix, _, local = fact.element.partition(":")
        suffix = next((s for s in tx.SPECIFIED_INVESTMENT if local.endswith(s)), None)
        found = _ROW.fullmatch(fact.context) if prefix == "jpcrp_cor" and suffix else None
        if found:
            field = local[: -len(suffix)]
            rows.setdefault(int(found.group(3)), {})[field, found.group(1) == "Prior1Year"] = fact

    def read(n: int, fields: dict[tuple[str, bool], Fact]) -> Holding:
        values: dict[str, object] = {}
        sources = []
        for field, start in _TEXTS:
            fact = next((f for (name, prior), f in fields.items()
                         if not prior and name.startswith(start) and f.text), None)
            if fact is not None:
                values[field] = fact.text.strip()
                sources.append((field, fact.element, fact.context))
        for field, start, prior in _AMOUNTS:
            fact = fields.get((start, prior))
            if fact is not None:
                values[field] = number(fact, source)
                sources.append((field, fact.element, fact.context))
        fields_read = (*dict(_TEXTS), *(a[0] for a in _AMOUNTS))
        return Holding(row=n, **{f: values.get(f) for f in fields_read}, sources=tuple(sources))

    return [read(n, fields) for n, fields in sorted(rows.items())]


def _facts(document: Document) -> Facts:
    read = read_instance if document.form == "xbrl" else read_csv
    facts = Facts(read(document.data, document.source), document.source)
    if facts.dei("EDINETCodeDEI") is None and facts.dei("AccountingStandardsDEI") is None:
        raise XlahpError(f"{document.source}: not an EDINET filing (no jpdei_cor DEI facts: "
                         "EDINET code, accounting standard)")
    return facts


def _kind(facts: Facts, source: str) -> str:
    period = facts.dei("TypeOfCurrentPeriodDEI")
    if period in _KINDS:
        return _KINDS[period]
    document = facts.dei("DocumentTypeDEI") or "?"
    if period in _QUARTERS:
        end = facts.dei("CurrentPeriodEndDateDEI") or "?"
        raise XlahpError(f"{source}: is a 四半期報告書 (quarterly report, {_QUARTERS[period]}, "
                         f"{document}, period ending {end}); xlahp imports 有価証券報告書 "
                         "(annual) and 半期報告書 (semiannual) figures, not quarterly "
                         "year-to-date ones")
    raise XlahpError(f"{source}: is not a periodic report xlahp imports (様式 {document}, "
                     f"TypeOfCurrentPeriodDEI {period or 'not stated'}); give the "
                     "有価証券報告書 or 半期報告書")


def _date(facts: Facts, name: str, source: str) -> dt.date:
    text = facts.dei(name)
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise XlahpError(f"{source}: {name} is {text!r}, not a date") from None


class _Reader:
    """Reads items through one standard's table, in one scope."""

    def __init__(self, facts: Facts, source: str, mapping: dict[str, tuple[tx.Source, ...]],
                 consolidated: bool, periods: dict[str, tuple[str, str]],
                 notes: list[str]) -> None:
        self.facts, self.source, self.mapping = facts, source, mapping
        self.scope = tx.CONSOLIDATED if consolidated else tx.NON_CONSOLIDATED
        self.scope_suffix = "" if consolidated else tx.NON_CONSOLIDATED_MEMBER
        self.periods, self.notes = periods, notes
        self._cache: dict[tuple[str, str], Figure | None] = {}

    def figure(self, item: str, period: str) -> Figure | None:
        key = (item, period)
        if key not in self._cache:
            self._cache[key] = self._read(item, period)
        return self._cache[key]

    def _read(self, item: str, period: str) -> Figure | None:
        nil = None
        for source in self.mapping.get(item, ()):
            if source.scope and source.scope != self.scope:
                continue
            figure = self._candidate(item, period, source)
            if figure is None:
                continue
            if figure.value is not None:
                return figure
            nil = nil or figure
        return nil

    def _context(self, item: str, period: str, source: tx.Source) -> str | None:
        if source.kind == tx.FILING_DATE:
            return "FilingDateInstant" if period == "current" else None
        duration, instant = self.periods[period]
        base = duration if item in tx.DURATION_ITEMS else instant
        scope = tx.NON_CONSOLIDATED_MEMBER if source.kind == tx.COMPANY else self.scope_suffix
        return base + scope + source.member

    def _value(self, element: str, context: str, item: str) -> tuple[bool, float | None]:
        """(tagged, value) of one fact, its unit checked."""
        fact = self.facts.get(element, context)
        if fact is None:
            return False, None
        expected = "shares" if item in tx.SHARE_ITEMS else "JPY"
        if fact.text is not None and fact.unit != expected:
            raise XlahpError(f"{self.source}: {element} in {context} is in "
                             f"{fact.unit or 'no unit'}, not {expected}; xlahp imports yen "
                             "figures (and share counts) only")
        return True, number(fact, self.source)

    def _candidate(self, item: str, period: str, source: tx.Source) -> Figure | None:
        context = self._context(item, period, source)
        if context is None:
            return None
        tagged, value = self._value(source.element, context, item)
        if not tagged:
            return None
        element = source.element
        if value is not None:
            value *= source.sign
            for part in source.plus:
                tagged, extra = self._value(part, context, item)
                if extra is None:
                    return None
                value += extra
                element += f" + {part}"
            for part in source.less:
                tagged, deduction = self._value(part, context, item)
                if deduction is not None:
                    value -= deduction
                    element += f" − {part}"
            if source.reconcile and not self._reconciles(item, period, element, value):
                return None
        return Figure(item, period, value, element, context)

    def _reconciles(self, item: str, period: str, element: str, value: float) -> bool:
        revenue = next((f for f in (self.figure(r, period) for r in tx.REVENUE_ITEMS)
                        if f is not None and f.value is not None), None)
        income = self.figure("営業利益", period)
        if revenue is None or income is None or income.value is None:
            return False
        expected = revenue.value - income.value
        if math.isclose(value, expected, rel_tol=0, abs_tol=tx.RECONCILE_TOLERANCE * abs(revenue.value)):
            return True
        self.notes.append(f"{item} ({period}): {element} = {value:,.0f} is not "
                          f"{revenue.item} − 営業利益 = {expected:,.0f}; not used (it is not "
                          "the total of operating expenses)")
        return False


def _other_standard_note(facts: Facts, standard: str, suffix: str,
                         periods: dict[str, tuple[str, str]], notes: list[str]) -> None:
    """Say so when the same scope also carries another standard's statements."""
    duration, instant = periods["current"]
    for other, prefix in tx.STANDARDS.items():
        if other == standard or prefix is None:
            continue
        if facts.tags(prefix, duration + suffix) or facts.tags(prefix, instant + suffix):
            notes.append(f"the filing also tags {other} statements ({prefix}) for this scope; "
                         f"they are not read: the figures follow {standard}")
