"""Formula text outside its string literals — where references and names can stand."""

from __future__ import annotations

import re
from collections.abc import Callable

#: A string literal of a formula: "…", with "" for a quote inside.
STRING = re.compile(r'"(?:[^"]|"")*"')


def outside_strings(formula: str, change: Callable[[str], str]) -> str:
    """``formula`` with ``change`` applied to every stretch between string literals.

    >>> outside_strings('=A1&"A1"&B1', str.lower)
    '=a1&"A1"&b1'
    """
    pieces, last = [], 0
    for string in STRING.finditer(formula):
        pieces.append(change(formula[last:string.start()]))
        pieces.append(string.group())
        last = string.end()
    pieces.append(change(formula[last:]))
    return "".join(pieces)


def without_strings(formula: str) -> str:
    """``formula`` with every string literal emptied (``"…"`` → ``""``)."""
    return STRING.sub('""', formula)
