"""Empty arguments (``F(a,,c)``, ``F(a,)``): Excel's rule, function by function.

Excel passes an empty argument to the function as "missing", and each function
decides what that means.  ``formualizer`` 0.13 hands every empty argument over as
the number 0, which is Excel's rule for most of the older functions
(``VLOOKUP(x,r,2,)`` is an exact match, ``IF(c,,)`` is 0, ``NORM.DIST(x,m,s,)``
the density) but not for these:

- **as omitted** — the argument's default applies.  ECMA-376 Part 1, §18.17.7.2
  (ADDRESS): "ADDRESS(5,7,,,"Sheet1") results in Sheet1!$G$5", i.e. an empty
  ref-type is absolute and an empty A1 flag is A1 style; the functions of Excel's
  dynamic-array era (XLOOKUP, XMATCH, SEQUENCE, UNIQUE, SORT, TEXTBEFORE,
  TEXTAFTER, TEXTSPLIT) treat an empty argument as omitted too — Excel's saved
  values in IronCalc's test books (``tests/corpus/ironcalc``) show each:
  ``SEQUENCE(3,,10)`` is 10 in its first cell (columns 1, not 0: #CALC!),
  ``XLOOKUP(x,r,s,,1,2)`` returns #N/A when nothing matches (not 0);
- **#N/A** — MROUND, GCD and LCM with an empty argument are #N/A in Excel
  (``MROUND(,B34)``, ``LCM(,B34,C34)`` in the same books).

Such a formula is handed to the engine with the default written in (or as
``NA()``); the file keeps its formula.  Omitted trailing arguments (``F(a)``) are
not touched: the engine already applies their defaults.
"""

from __future__ import annotations

import re

import formualizer as fz

#: function → {1-based argument position: the literal its default stands for}
OMITTED_DEFAULTS: dict[str, dict[int, str]] = {
    "ADDRESS": {3: "1", 4: "TRUE"},
    "SEQUENCE": {1: "1", 2: "1", 3: "1", 4: "1"},
    "XLOOKUP": {4: "NA()", 5: "0", 6: "1"},
    "XMATCH": {3: "0", 4: "1"},
    "UNIQUE": {2: "FALSE", 3: "FALSE"},
    "SORT": {2: "1", 3: "1", 4: "FALSE"},
    "TEXTBEFORE": {3: "1", 4: "0", 5: "0", 6: "NA()"},
    "TEXTAFTER": {3: "1", 4: "0", 5: "0", 6: "NA()"},
    "TEXTSPLIT": {4: "FALSE", 5: "0", 6: "NA()"},
}
#: functions whose result is #N/A when any argument is empty
EMPTY_IS_NA = frozenset({"MROUND", "GCD", "LCM"})

_MAYBE_EMPTY = re.compile(r"[(,]\s*[,)]")
#: A call of one of the functions above (the cheap test before the formula is tokenized).
_NAMED = re.compile(r"(?<![\w.])(?:_xlfn\.|_xlws\.)*(?:"
                    + "|".join(sorted({*OMITTED_DEFAULTS, *EMPTY_IS_NA})) + r")\s*\(", re.I)
_PREFIX = re.compile(r"^(?:_xlfn\.|_xlws\.)+", re.I)


def rewrite(formula: str) -> str:
    """``formula`` with the empty arguments of the functions above as Excel reads them.

    >>> rewrite('=INDIRECT(ADDRESS(K9,J9,,,"multInp"))&MROUND(,2)&IF(A1,,)')
    '=INDIRECT(ADDRESS(K9,J9,1,TRUE,"multInp"))&NA()&IF(A1,,)'
    >>> rewrite('=_xlfn.XLOOKUP(A1,B:B,C:C,,1)')
    '=_xlfn.XLOOKUP(A1,B:B,C:C,NA(),1)'
    """
    if not _MAYBE_EMPTY.search(formula) or not _NAMED.search(formula):
        return formula
    try:
        tokens = list(fz.tokenize(formula))
    except (fz.TokenizerError, RuntimeError, ValueError):
        return formula  # the engine reports the formula itself
    edits: list[tuple[int, int, str]] = []  # (start, end, text) in the formula
    stack: list[list] = []  # [name or None, start of the call, [argument spans], start of this argument, has content]
    for token in tokens:
        kind, sub = str(token.token_type), str(token.subtype)
        if kind.endswith("Whitespace"):
            continue
        if stack and not (kind.endswith("Sep") and sub.endswith("Arg")) and not (
                kind.endswith(("Func", "Paren", "Array")) and sub.endswith("Close")):
            stack[-1][4] = True  # the current argument holds something
        if kind.endswith(("Func", "Paren", "Array")) and sub.endswith("Open"):
            name = _PREFIX.sub("", token.value[:-1]).upper() if kind.endswith("Func") else None
            stack.append([name, token.start, [], token.end, False])
        elif kind.endswith("Sep") and sub.endswith("Arg") and stack:
            stack[-1][2].append((stack[-1][3], token.start, stack[-1][4]))
            stack[-1][3], stack[-1][4] = token.end, False
        elif kind.endswith(("Func", "Paren", "Array")) and sub.endswith("Close") and stack:
            name, start, spans, begin, content = stack.pop()
            if stack:
                stack[-1][4] = True
            if not name:
                continue
            spans.append((begin, token.start, content))
            if len(spans) == 1 and not content:
                continue  # F(): no argument at all
            empty = [i for i, (_, _, filled) in enumerate(spans, start=1) if not filled]
            if not empty:
                continue
            if name in EMPTY_IS_NA:
                edits = [e for e in edits if not (start <= e[0] and e[1] <= token.end)]
                edits.append((start, token.end, "NA()"))
            elif name in OMITTED_DEFAULTS:
                defaults = OMITTED_DEFAULTS[name]
                edits += [(spans[i - 1][0], spans[i - 1][1], defaults[i])
                          for i in empty if i in defaults]
    if not edits:
        return formula
    for start, end, text in sorted(edits, reverse=True):
        formula = formula[:start] + text + formula[end:]
    return formula
