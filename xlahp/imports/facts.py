"""事実 — the facts of one EDINET filing, as read from its instance or its CSV.

Both forms carry the same thing: an element (``jppfs_cor:NetSales``), a context
ID (``CurrentYearDuration``, ``Prior1YearInstant_NonConsolidatedMember`` — the
IDs the FSA's 報告書インスタンス作成ガイドライン fixes), a unit and a value.
:class:`Facts` indexes them by element and context; a nil fact (``xsi:nil`` in
the instance, ``－`` in the CSV) has the value None.  The same element and
context may be tagged more than once (a total shown in two statements): copies
that agree are one fact, copies that disagree are an error — a number we cannot
choose between is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from xlahp.errors import XlahpError

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


@dataclass(frozen=True)
class Fact:
    """One tagged value: *unit* is the measure (``JPY``, ``shares``, ``pure``),
    empty for text; *text* is None for a nil fact."""

    element: str
    context: str
    unit: str
    text: str | None


def number(fact: Fact, source: str) -> float | None:
    """The fact's value as a number (None when nil)."""
    if fact.text is None:
        return None
    text = fact.text.strip()
    if not _NUMBER.fullmatch(text):
        raise XlahpError(f"{source}: {fact.element} in {fact.context} is {text[:40]!r}, "
                         "not a number")
    return float(text)


class Facts:
    """The facts of a filing, by (element, context)."""

    def __init__(self, facts: Iterable[Fact], source: str) -> None:
        self.source = source
        self._by_key: dict[tuple[str, str], Fact] = {}
        for fact in facts:
            key = (fact.element, fact.context)
            seen = self._by_key.get(key)
            if seen is None or seen.text is None:
                self._by_key[key] = fact
            elif fact.text is not None and not self._agree(seen, fact):
                raise XlahpError(f"{source}: {fact.element} in {fact.context} is tagged twice "
                                 f"with different values ({seen.text.strip()[:30]} and "
                                 f"{fact.text.strip()[:30]}); the filing contradicts itself")
        self._prefixes = {(element.partition(":")[0], context)
                          for element, context in self._by_key}

    def _agree(self, a: Fact, b: Fact) -> bool:
        if a.unit != b.unit:
            return False
        if a.unit:  # numeric: 1000 and 1000.0 are one value
            return number(a, self.source) == number(b, self.source)
        return a.text.strip() == b.text.strip()

    def get(self, element: str, context: str) -> Fact | None:
        return self._by_key.get((element, context))

    def dei(self, name: str) -> str | None:
        """A DEI value (``AccountingStandardsDEI``), None when absent or nil."""
        for context in ("FilingDateInstant", "CurrentYearDuration"):
            fact = self.get(f"jpdei_cor:{name}", context)
            if fact is not None and fact.text is not None and fact.text.strip() not in ("", "－"):
                return fact.text.strip()
        return None

    def tags(self, prefix: str, context: str) -> bool:
        """Whether any element of namespace *prefix* is tagged in *context*."""
        return (prefix, context) in self._prefixes

    def __iter__(self):
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)
