"""Evaluation and review periods (SPEC §2.7): their labels, their order, the next one.

An alliance is evaluated period after period (the paper's §5: the same view, applied
again and again) and its KPIs are reviewed monthly, quarterly, half-yearly or yearly
(seed 000).  A period is written as people write it and read into a :class:`Period`:

==========  =========================================  ============
cadence     accepted (full-width digits too)           label
==========  =========================================  ============
year        ``2024``, ``FY2024``, ``2024年度``           ``FY2024``
half        ``2024H1``, ``FY2024 H2``, ``2024年度上期``    ``FY2024 H1``
quarter     ``2024Q1``, ``FY2024 Q3``, ``2024年度第3四半期``, ``2024 3Q``   ``FY2024 Q3``
month       ``2024-04``, ``2024/4``, ``2024年4月``        ``2024-04``
==========  =========================================  ============

Halves and quarters are of the fiscal year named; months are calendar months.  Periods
are ordered by where they end, a shorter one first when two end together (the last
quarter of a year before the year's own review); labels of one cadence also sort as text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from xlahp.errors import InputError

Cadence = Literal["month", "quarter", "half", "year"]
#: Months per period of each cadence, finest first.
MONTHS: dict[Cadence, int] = {"month": 1, "quarter": 3, "half": 6, "year": 12}
CADENCES: tuple[Cadence, ...] = tuple(MONTHS)
#: The cover's review cadences (xlahp.templates.case.REVIEW_CADENCES) by their first word.
CADENCE_WORDS: dict[str, Cadence] = {"月次": "month", "四半期": "quarter", "半期": "half",
                                     "年次": "year"}
ADJECTIVES: dict[Cadence, str] = {"month": "monthly", "quarter": "quarterly",
                                  "half": "half-yearly", "year": "yearly"}
#: Plural nouns of each cadence, as an exit rule may name its periods (``for 2 quarters``).
NOUNS: dict[Cadence, tuple[str, ...]] = {
    "month": ("month", "months", "か月", "ヶ月", "カ月", "月"),
    "quarter": ("quarter", "quarters", "四半期"),
    "half": ("half", "halves", "半期"),
    "year": ("year", "years", "年", "年度")}
EXAMPLES = "FY2024, 2024H1, 2024Q3 or 2024-04"

_YEAR = r"(?:FY\s*)?(\d{4})\s*(?:年度|年)?"
_PATTERNS: tuple[tuple[Cadence, re.Pattern[str]], ...] = tuple(
    (cadence, re.compile(pattern, re.IGNORECASE)) for cadence, pattern in (
        ("month", r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?"),
        ("quarter", _YEAR + r"[\s\-]*(?:Q([1-4])|第?([1-4])\s*四半期|([1-4])\s*Q)"),
        ("half", _YEAR + r"[\s\-]*(?:H([12])|(上|下)期|第?([12])\s*半期)"),
        ("year", _YEAR)))


@dataclass(frozen=True)
class Period:
    """One period: its cadence, the (fiscal) year and its part (1 for a year; 1–2 halves,
    1–4 quarters, 1–12 months)."""

    cadence: Cadence
    year: int
    part: int = 1

    @property
    def label(self) -> str:
        if self.cadence == "month":
            return f"{self.year}-{self.part:02d}"
        suffix = {"year": "", "half": f" H{self.part}", "quarter": f" Q{self.part}"}
        return f"FY{self.year}{suffix[self.cadence]}"

    @property
    def _start(self) -> int:
        return self.year * 12 + (self.part - 1) * MONTHS[self.cadence]

    @property
    def key(self) -> tuple[int, int]:
        """Sort key: where the period ends, then its length."""
        return self._start + MONTHS[self.cadence], MONTHS[self.cadence]

    def next(self) -> Period:
        """The period after this one, of the same cadence."""
        parts = 12 // MONTHS[self.cadence]
        if self.part < parts:
            return Period(self.cadence, self.year, self.part + 1)
        return Period(self.cadence, self.year + 1, 1)

    def reviews(self, cadence: Cadence) -> list[Period]:
        """The review periods of *cadence* within this period (a year's four quarters);
        this period alone when *cadence* is not finer.  Months of a fiscal year are
        numbered from its first month (the fiscal year's start is not known here)."""
        if MONTHS[cadence] >= MONTHS[self.cadence]:
            return [self]
        count = MONTHS[self.cadence] // MONTHS[cadence]
        first = (self.part - 1) * count + 1
        if cadence == "month":
            return [Period("month", self.year, m) for m in range(first, first + count)]
        return [Period(cadence, self.year, p) for p in range(first, first + count)]

    def __str__(self) -> str:
        return self.label


def parse(text: object, what: str = "period") -> Period:
    """The period *text* names (module docstring); an InputError saying how to write one
    otherwise."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise InputError(f"{what} is {text!r}; write a period such as {EXAMPLES}")
    given = unicodedata.normalize("NFKC", str(text)).strip()
    for cadence, pattern in _PATTERNS:
        found = pattern.fullmatch(given)
        if not found:
            continue
        year, *parts = found.groups()
        part = next((p for p in parts if p is not None), "1")
        part = {"上": "1", "下": "2"}.get(part, part)
        if cadence == "month" and not 1 <= int(part) <= 12:
            raise InputError(f"{what} {given!r}: month {int(part)} is not 1–12")
        return Period(cadence, int(year), int(part))
    shown = given if len(given) <= 30 else given[:29] + "…"
    raise InputError(f"{what} {shown!r} is not a period; write one such as {EXAMPLES}")


def cadence_of(text: object) -> Cadence | None:
    """The cadence a cover's review cell names (``四半期 quarterly`` → quarter); None for a
    blank; an InputError for anything else."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    words = unicodedata.normalize("NFKC", str(text)).strip().lower().split()
    named = {**CADENCE_WORDS, **{w: c for c, w in ADJECTIVES.items()},
             **{c: c for c in CADENCES}}
    found = next((named[w] for w in words if w in named), None)
    if found is None:
        raise InputError(f"review cadence {str(text).strip()[:30]!r} is not one of 月次, 四半期, "
                         "半期, 年次 (monthly, quarterly, half-yearly, yearly)")
    return found


def finest(cadences: list[Cadence | None]) -> Cadence | None:
    """The finest of the cadences given (a monthly KPI sets a monthly log)."""
    given = [c for c in cadences if c is not None]
    return min(given, key=MONTHS.__getitem__) if given else None


def ordered(labels: list[object]) -> list[Period]:
    """The periods *labels* name, checked to be in order and each once (a review log)."""
    periods = [parse(text, f"period {k}") for k, text in enumerate(labels, start=1)]
    for k, (before, after) in enumerate(zip(periods, periods[1:]), start=2):
        if after.key <= before.key:
            raise InputError(f"period {k} ({after.label}) does not come after "
                             f"{before.label}; list the periods oldest first, each once")
    return periods
