"""Structured references (``Sales[Amount]``) as the plain ranges they stand for.

Excel tables are named ranges with parts: ``#Headers``, ``#Data``, ``#Totals``,
``#All`` and ``#This Row`` (``@``), and columns by name (Microsoft, "Using
structured references with Excel tables").  ``formualizer`` 0.13 evaluates a
structured reference inside SUM or MATCH, but gives #REF! under INDEX, #NAME?
for a bare table name and leaves ``[@Col]`` unimplemented; the formula a cell
holds is therefore handed to the engine with every structured reference
written out as its A1 range.  The file keeps its formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xlahp.workbook.addresses import bounds, column_letters
from xlahp.workbook.values import TableDef
from xlahp.workbook.formula_text import outside_strings

#: A structured reference without its table's name, inside the table: ``[col3]``,
#: ``[@Price]``, ``[[#This Row],[Qty]]`` — not a link to another workbook
#: (``[1]Sheet1!A1``, ``[1]!Name``), whose bracket is followed by a name and ``!``.
_BARE = re.compile(r"(?<![\w\]'.])\[(?:[^\[\]]|\[[^\[\]]*\])*\](?![\w.]*!)")
_ITEMS = {"#all": "all", "#data": "data", "#headers": "headers", "#totals": "totals",
          "#this row": "row"}


class StructuredReferenceError(ValueError):
    """A structured reference that names no part of its table."""


def rewrite(formula: str, tables: Iterable[TableDef], row: int,
            home: TableDef | None = None) -> str:
    """``formula`` (in a cell of row ``row``) with each structured reference to one of
    ``tables`` replaced by its ``'Sheet'!$A$1:$B$2`` range.  In a cell of table
    ``home``, a reference without a table name (``[col3]``, ``[@Price]``) is to it.

    >>> t = TableDef("Sales", "S", "A1:B4", ("Item", "Amount"), True, False)
    >>> rewrite("=SUM(Sales[Amount])+Sales[@Amount]+ROWS(Sales)", [t], 3)
    "=SUM('S'!$B$2:$B$4)+'S'!$B$3+ROWS('S'!$A$2:$B$4)"
    """
    by_name = {t.name.upper(): t for t in tables}
    if not by_name:
        return formula
    names = "|".join(re.escape(t.name) for t in tables)
    pattern = re.compile(rf"(?<![\w.!'\]])({names})(\[(?:[^\[\]]|\[[^\[\]]*\])*\])?(?![\w(])",
                         re.IGNORECASE)

    def one(match: re.Match) -> str:
        table = by_name[match.group(1).upper()]
        return _range(table, match.group(2) or "", row)

    def bare(match: re.Match) -> str:
        return _range(home, match.group(), row)

    def both(text: str) -> str:
        text = pattern.sub(one, text)
        return _BARE.sub(bare, text) if home is not None else text

    return outside_strings(formula, both)


def _range(table: TableDef, specifier: str, row: int) -> str:
    left, top, right, bottom = bounds(table.ref)
    parts, columns = _parse(specifier[1:-1] if specifier else "")
    first = top + 1 if table.header_row else top
    last = bottom - 1 if table.totals_row else bottom
    rows = {"all": (top, bottom), "data": (first, last),
            "headers": (top, top) if table.header_row else None,
            "totals": (bottom, bottom) if table.totals_row else None, "row": (row, row)}
    spans = [rows[p] for p in (parts or ["data"])]
    if any(s is None for s in spans):
        raise StructuredReferenceError(f"{table.name}{specifier}: the table has no such row")
    r1, r2 = min(s[0] for s in spans), max(s[1] for s in spans)
    c1, c2 = left, right
    if columns:
        index = {name.upper(): left + i for i, name in enumerate(table.columns)}
        try:
            picked = [index[_unescape(c).upper()] for c in columns]
        except KeyError as missing:
            raise StructuredReferenceError(f"{table.name}{specifier}: no column {missing}") from None
        c1, c2 = min(picked), max(picked)
    start = f"${column_letters(c1)}${r1}"
    end = f"${column_letters(c2)}${r2}"
    sheet = "'" + table.sheet.replace("'", "''") + "'"
    return f"{sheet}!{start}" if start == end else f"{sheet}!{start}:{end}"


def _parse(inner: str) -> tuple[list[str], list[str]]:
    """The parts (#Data …) and column names of a specifier's inside."""
    inner = inner.strip()
    if not inner:
        return [], []
    if "[" not in inner:  # Sales[Amount], Sales[#Data], Sales[@Amount]
        items = [inner]
    else:  # Sales[[#Data],[Amount]], Sales[[Jan]:[Mar]], Sales[@[Unit Price]]
        items = re.findall(r"@|\[([^\[\]]*)\]|(:)", inner)
        items = ["@" if not a and not b else (a or b) for a, b in items]
    parts, columns = [], []
    for item in items:
        if item == ":":
            continue
        if item.startswith("@"):
            parts.append("row")
            item = item[1:].strip()
            if not item:
                continue
        key = item.lower()
        if key in _ITEMS:
            parts.append(_ITEMS[key])
        else:
            columns.append(item)
    return parts, columns


def _unescape(name: str) -> str:
    """A column name as the table defines it: Excel escapes ``[]#'`` with ``'``."""
    return re.sub(r"'(.)", r"\1", name)
