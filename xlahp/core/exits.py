"""Exit rules: exit conditions agreed in advance, written as thresholds on the KPIs
(seed 000: 「解消条件」 in the contract, KPIs reviewed monthly or quarterly), and whether
the review log meets them (docs/method.md §12).

One rule per line (or separated by ``;``)::

    KPI 2 < 70% for 2 quarters      achievement of KPI 2 under 70 % in the last 2 reviews
    KPI 1 <= 50 % 3期連続            the same in Japanese word order: 3 reviews in a row
    KGI が 60% 未満                   KGI's latest achievement under 60 %
    KPI 3 < 5                        KPI 3's actual value (no %: the figure itself) under 5

subject
    ``KGI`` or ``KPI n`` (n the KPI's line on the cover).
comparison
    ``<``, ``<=``, ``>``, ``>=`` (also ``≤``, ``≥``) before the threshold, or 未満, 以下,
    超, 以上 after it.
threshold
    a number; with ``%`` the achievement (actual ÷ target, target ÷ actual when lower is
    better — the value index's ratio before its cap), without it the actual value.
streak
    ``for N [consecutive] [periods]`` or ``N期連続`` / ``N回連続`` / ``連続N回``: the rule
    holds in each of the last N reviews reported, with no unreported review between
    them; 1 (the latest review) when left out.  A period noun (quarters, months, 四半期 …)
    must be the log's cadence.

A rule that cannot be read is an InputError naming the rule and what is wrong — never a
rule silently not evaluated.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

from xlahp.errors import InputError
from xlahp.core.periods import ADJECTIVES, NOUNS, Cadence
from xlahp.core.value import score

#: Comparison words → the test, and how a rule prints it.
_BEFORE = {"<": "<", "<=": "<=", "=<": "<=", "≤": "<=", ">": ">", ">=": ">=", "=>": ">=", "≥": ">="}
_AFTER = {"未満": "<", "以下": "<=", "超": ">", "以上": ">="}
_TESTS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
#: KPI lines of the cover.
KPI_LINES = 4
SUBJECTS = ("KGI", *(f"KPI {k}" for k in range(1, KPI_LINES + 1)))

_SUBJECT = r"(?P<subject>KGI|KPI\s*(?P<n>\d+))\s*(?:が|は|の達成度が|の達成度は)?\s*"
_NUMBER = r"(?P<value>[-+]?\d+(?:\.\d+)?)\s*(?P<pct>%)?"
_STREAK = (r"(?:\s*(?:for\s+(?P<n1>\d+)(?:\s+consecutive)?(?:\s+(?P<noun1>[^\s\d]+))?"
           r"|(?P<n2>\d+)\s*(?P<noun2>[^\s\d連]*?)\s*連続|連続\s*(?P<n3>\d+)\s*(?P<noun3>[^\s\d]*)))?")
_RULE = (re.compile(_SUBJECT + r"(?P<op><=|=<|>=|=>|<|>|≤|≥)\s*" + _NUMBER + _STREAK + r"\s*",
                    re.IGNORECASE),
         re.compile(_SUBJECT + _NUMBER + r"\s*(?P<word>未満|以下|超|以上)" + _STREAK + r"\s*",
                    re.IGNORECASE))
_COUNTERS = ("回", "期", "reviews", "review", "periods", "period", "times", "")


@dataclass(frozen=True)
class Rule:
    """One exit rule: its subject's line (0 = KGI, k = KPI k), the comparison, the
    threshold (a fraction of the target when ``share``, else the actual value) and the
    streak of reviews it must hold in."""

    text: str
    line: int
    op: str
    threshold: float
    share: bool
    streak: int = 1

    @property
    def subject(self) -> str:
        return SUBJECTS[self.line]

    def holds(self, actual: float, target: float | None, direction: int = 1) -> bool | None:
        """Whether one review's figure meets the rule; None when a share rule's
        achievement is not defined (no target, or no ratio for these figures)."""
        value = actual
        if self.share:
            value = achievement(actual, target, direction)
            if value is None:
                return None
        return _TESTS[self.op](value, self.threshold)

    def __str__(self) -> str:
        shown = f"{self.threshold * 100:g}%" if self.share else f"{self.threshold:g}"
        streak = f" for {self.streak}" if self.streak > 1 else ""
        return f"{self.subject} {self.op} {shown}{streak}"


def achievement(actual: float, target: float | None, direction: int = 1) -> float | None:
    """A KPI's achievement: the value index's ratio score (actual ÷ target; target ÷ actual
    when lower is better) before its cap; None where no ratio is defined (no target, a
    target ≤ 0, a lower-is-better actual ≤ 0)."""
    if target is None:
        return None
    return score(actual, target, direction, "ratio").raw


def parse_rules(text: object, cadence: Cadence | None = None) -> list[Rule]:
    """The rules of a cell (module docstring); [] for a blank cell.  The first rule that
    cannot be read is an InputError: ``rule 2 'KPI 5 < 70%': …``."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return []
    if not isinstance(text, str):
        raise InputError(f"exit rules is {text!r}; write rules such as 'KPI 2 < 70% for 2'")
    given = unicodedata.normalize("NFKC", text)
    lines = [line.strip() for line in re.split(r"[;\n\r]+", given) if line.strip()]
    return [_rule(line, k, cadence) for k, line in enumerate(lines, start=1)]


def _rule(line: str, k: int, cadence: Cadence | None) -> Rule:
    shown = line if len(line) <= 40 else line[:39] + "…"
    where = f"rule {k} {shown!r}"
    found = next((m for m in (p.fullmatch(line) for p in _RULE) if m), None)
    if found is None:
        raise InputError(f"{where} is not a rule; write e.g. 'KPI 2 < 70% for 2' "
                         "(subject, comparison, threshold, reviews in a row)")
    n = int(found["n"]) if found["n"] else 0
    if not 0 <= n <= KPI_LINES or (found["n"] and n == 0):
        raise InputError(f"{where}: KPI {n} is not on the cover (KPI 1–{KPI_LINES})")
    op = _BEFORE[found["op"]] if found.groupdict().get("op") else _AFTER[found["word"]]
    streak, noun = next(((int(found[f"n{i}"]), found[f"noun{i}"] or "") for i in (1, 2, 3)
                         if found[f"n{i}"]), (1, ""))
    if streak < 1:
        raise InputError(f"{where}: {streak} reviews in a row; give 1 or more")
    noun = noun.strip().lower()
    if noun not in _COUNTERS:
        named = next((c for c, words in NOUNS.items() if noun in words), None)
        if named is None:
            raise InputError(f"{where}: {noun!r} is not a period (write e.g. 'for 2 quarters' "
                             "or '2期連続')")
        if cadence is not None and named != cadence:
            raise InputError(f"{where} counts {noun}, but the reviews are {ADJECTIVES[cadence]}; "
                             "count reviews ('for 2') or change the cadence")
    share = bool(found["pct"])
    value = float(found["value"])
    return Rule(line, n, op, value / 100 if share else value, share, streak)


@dataclass(frozen=True)
class Finding:
    """A rule evaluated on a review log: ``met``, and the reviews (label, value shown)
    that make the streak (the latest last); ``why`` a rule could not be judged."""

    rule: Rule
    met: bool
    reviews: tuple[tuple[str, str], ...] = ()
    why: str = ""


def evaluate(rule: Rule, labels: list[str], actuals: list[float | None],
             target: float | None, direction: int = 1) -> Finding:
    """Whether *rule* is met by its subject's review log: *labels* the review periods in
    order, *actuals* the figures (None = not reported)."""
    if rule.share and achievement(1.0, target, 1) is None:
        why = "no target" if target is None else f"target {target:g} has no ratio"
        return Finding(rule, False, why=f"{rule.subject}: {why} to measure {rule} against")
    reported = [k for k, a in enumerate(actuals) if a is not None]
    if not reported:
        return Finding(rule, False, why=f"{rule.subject}: 未報告 not reported yet")
    run: list[tuple[str, str]] = []
    for k in range(reported[-1], -1, -1):  # back from the latest review reported
        a = actuals[k]
        if a is None or not rule.holds(a, target, direction):
            break
        shown = (f"{achievement(a, target, direction):.0%}" if rule.share else f"{a:g}")
        run.insert(0, (labels[k], shown))
    return Finding(rule, len(run) >= rule.streak, tuple(run[-rule.streak:]))
