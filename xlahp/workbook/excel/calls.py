"""The function calls of a formula, found by the engine's tokenizer: name, where the
name token is, and where each argument is — for the rewrites of the overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import formualizer as fz

#: A sheet name before ``!`` in a reference (quoted, with '' for a quote, or plain).
SHEET = r"(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!"
_PREFIX = re.compile(r"^(?:_xlfn\.|_xlws\.)+", re.I)


@dataclass
class Call:
    name: str  # without _xlfn. and in capitals
    start: int  # of the name token (``_xlfn.XLOOKUP(``)
    end: int  # just after its opening parenthesis
    arguments: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each


def calls(formula: str) -> list[Call]:
    """Every function call of ``formula`` (none if it does not tokenize)."""
    try:
        tokens = list(fz.tokenize(formula))
    except (fz.TokenizerError, RuntimeError, ValueError):
        return []
    found: list[Call] = []
    stack: list[tuple[Call | None, int]] = []  # (the call or a parenthesis, start of the argument)
    for token in tokens:
        kind, sub = str(token.token_type), str(token.subtype)
        if kind.endswith(("Func", "Paren", "Array")) and sub.endswith("Open"):
            call = Call(_PREFIX.sub("", token.value[:-1]).upper(), token.start, token.end) \
                if kind.endswith("Func") else None
            stack.append((call, token.end))
        elif kind.endswith("Sep") and sub.endswith("Arg") and stack:
            call, begin = stack[-1]
            if call is not None:
                call.arguments.append((begin, token.start))
            stack[-1] = (call, token.end)
        elif kind.endswith(("Func", "Paren", "Array")) and sub.endswith("Close") and stack:
            call, begin = stack.pop()
            if call is not None:
                if formula[begin:token.start].strip() or call.arguments:
                    call.arguments.append((begin, token.start))
                found.append(call)
    return found


def edited(formula: str, edits: list[tuple[int, int, str]]) -> str:
    """``formula`` with each (start, end, text) put in place (the spans do not overlap)."""
    for start, end, text in sorted(edits, reverse=True):
        formula = formula[:start] + text + formula[end:]
    return formula
