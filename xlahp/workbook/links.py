"""Links to other workbooks: what Excel saved of them, never the files themselves.

A workbook that refers to another (``[1]Sheet1!A1``) keeps, in an
``externalLink`` part, the values Excel last read from it and the other book's
defined names.  The engine uses those values for cell references; a name of the
other book (``[1]Defines!Rate``, ``[1]!Rate``) it does not resolve, so a formula
is handed to it with the value Excel saved for the name's cell written in, as
Excel itself would use it.  The linked file is never opened.
"""

from __future__ import annotations

import re
from pathlib import Path

from xlahp.workbook.formula_text import outside_strings
from xlahp.workbook.package import Package, as_package, tag

#: [1]Sheet!Name, '[1]Sheet name'!Name, [1]!Name — a name, not a cell (A1) reference.
_NAME = re.compile(r"(?:'\[(\d+)\]((?:[^']|'')*)'|\[(\d+)\]([^'!\[\]\s(),;:]*))!"
                   r"(?!\$?[A-Za-z]{1,3}\$?\d+(?![\w.]))([A-Za-z_\\][\w.]*)(?![\w.(])")


def external_names(source: str | Path | Package) -> dict[tuple[int, str, str], str]:
    """(link number, SHEET or "" for a book-level name, NAME) → the value Excel saved
    for the name's cell, as a formula literal (``142``, ``"Test A1"``).  Names over
    more than one cell, or whose cell has no saved value, are left out."""
    package = as_package(source)
    names: dict[tuple[int, str, str], str] = {}
    root = package.xml(package.workbook)
    links = root.find(tag(root, "externalReferences"))
    if links is None:
        return names
    parts = {r.get("Id"): r["Part"] for r in package.relationships(package.workbook)}
    for number, reference in enumerate(links, start=1):
        rel = next((v for k, v in reference.attrib.items() if k.endswith("}id")), None)
        part = parts.get(rel, "")
        if not package.has(part):
            continue
        link = package.xml(part)
        sheets = [s.get("val", "") for s in link.iter(tag(link, "sheetName"))]
        saved = {}  # (SHEET, "A1") → literal
        for data in link.iter(tag(link, "sheetData")):
            index = _index(data.get("sheetId"))
            sheet = sheets[index].upper() if 0 <= index < len(sheets) else ""
            for cell in data.iter(tag(link, "cell")):
                v = cell.find(tag(link, "v"))
                if v is not None and v.text is not None:
                    saved[(sheet, cell.get("r", ""))] = _literal(cell.get("t", "n"), v.text)
        for name in link.iter(tag(link, "definedName")):
            target = (name.get("refersTo") or "").lstrip("=")
            sheet, _, cell = target.rpartition("!")
            sheet = sheet.strip("'").replace("''", "'").upper()
            value = saved.get((sheet, cell.replace("$", "")))
            if value is None:
                continue
            scope = _index(name.get("sheetId"))
            scope_sheet = sheets[scope] if 0 <= scope < len(sheets) else ""
            names[(number, scope_sheet.upper(), name.get("name", "").upper())] = value
    return names


def _index(text: str | None) -> int:
    """A sheet index attribute (``sheetId``), -1 where it is absent or no whole number."""
    return int(text) if text and text.strip().isdigit() else -1


def _literal(kind: str, text: str) -> str:
    """A saved link value as a formula literal."""
    if kind == "str" or kind == "s":
        return '"' + text.replace('"', '""') + '"'
    if kind == "b":
        return "TRUE" if text.strip() in ("1", "true") else "FALSE"
    if kind == "e":
        return text
    return text if re.fullmatch(r"-?[\d.]+(?:[eE][-+]?\d+)?", text) else '"' + text + '"'


def rewrite(formula: str, names: dict[tuple[int, str, str], str]) -> str:
    """``formula`` with each name of a linked book replaced by its saved value.

    >>> rewrite('=[1]Defines!RATE*[1]!Base&[1]Defines!A1&"[1]!Base"',
    ...         {(1, "DEFINES", "RATE"): "0.5", (1, "", "BASE"): "142"})
    '=0.5*142&[1]Defines!A1&"[1]!Base"'
    """
    if not names:
        return formula

    def one(match: re.Match) -> str:
        number = int(match.group(1) or match.group(3))
        sheet = (match.group(2) or match.group(4) or "").replace("''", "'").upper()
        name = match.group(5).upper()
        return names.get((number, sheet, name)) or names.get((number, "", name)) or match.group()

    return outside_strings(formula, lambda text: _NAME.sub(one, text))
