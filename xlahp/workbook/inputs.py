"""入力セル — values written into the cells of a copy of a workbook, found by defined name.

The counterpart of :mod:`.cached_values` for inputs (``xlahp import``): a worksheet
part is parsed with lxml only when one of its cells is read or written; a cell written
is replaced in place (its style kept, its value, type and formula new); every other
cell, every other part (styles, sharedStrings, charts, drawings, names, validations) is
copied as it was.  Text is written as an inline string (``t="inlineStr"``), so that
sharedStrings.xml — and every other cell's index into it — stays untouched.  A formula
is replaced by a formula only (a value over it would leave calcChain.xml naming a cell
that no longer computes), and never one that other cells share.

A defined name is read only in its plain form, one rectangular area of one sheet
(``'財務諸表'!$D$8:$D$25``); any other (a formula, several areas, ``#REF!``) is refused
by name rather than guessed at.  The package was checked before (sizes, no DTD:
:func:`xlahp.workbook.safety.check_workbook`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from xlahp.errors import InternalError, RefusedFile, XlahpError, one_line
from xlahp.workbook.addresses import a1, bounds
from xlahp.workbook.cached_values import _new_cells, _serialize, _set_value, _typed, write_parts
from xlahp.workbook.files import atomic_output, same_file
from xlahp.workbook.package import open_package, parse, tag
from xlahp.workbook.values import CellValue, _read_value, cells_of

_AREA = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)")


@dataclass(frozen=True)
class Area:
    """A rectangle of one sheet, 1-based and inclusive."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int

    def __str__(self) -> str:
        end = "" if (self.top, self.left) == (self.bottom, self.right) else \
            f":{a1(self.bottom, self.right)}"
        return f"{self.sheet}!{a1(self.top, self.left)}{end}"


@dataclass(frozen=True)
class Formula:
    """A formula (without ``=``) and the value cached with it."""

    text: str
    cached: CellValue


class Book:
    """A workbook package opened to read cells and write some into a copy."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._package = open_package(self.path)  # the file read once (xlahp.workbook.package)
        self._parts = self._package.worksheets
        root = self._package.xml(self._package.workbook)
        self._names = {n.get("name"): (n.text or "").strip() for n in root.iter(tag(root, "definedName"))
                       if n.get("localSheetId") is None}
        self._trees: dict[str, tuple[etree._Element, bytes, dict[str, etree._Element]]] = {}
        self._dirty: set[str] = set()

    def close(self) -> None:
        self._package.zip.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ reading

    def area(self, name: str) -> Area | None:
        """The area a workbook-level defined name refers to; None when it is not defined."""
        text = self._names.get(name)
        if text is None:
            return None
        found = _AREA.fullmatch(text)
        sheet = found and (found.group(1).replace("''", "'") if found.group(1) else found.group(2))
        if not found or sheet not in self._parts:
            raise XlahpError(f"{self.path}: the defined name {name} is {one_line(text, 60)!r}, "
                             "not a range of one of its worksheets")
        left, top, right, bottom = bounds(found.group(3))
        return Area(sheet, top, left, bottom, right)

    def value(self, sheet: str, row: int, col: int) -> CellValue | Formula:
        """What the cell holds: a number, text, bool, error value, a :class:`Formula`, or
        None for a blank (no value, or empty text)."""
        cell = self._cell(sheet, row, col)
        if cell is None:
            return None
        f, v = cell.find(tag(cell, "f")), cell.find(tag(cell, "v"))
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(tag(cell, "is"))
            text = "" if inline is None else "".join(t.text or "" for t in inline.iter(tag(cell, "t")))
            value: CellValue = _read_value("inlineStr", text, self._package)
        else:
            value = _read_value(kind, v.text if v is not None else None, self._package)
        if f is not None:
            return Formula(f.text or "", value)
        return None if value == "" else value

    def merged(self, sheet: str, row: int, col: int) -> Area:
        """The merged range holding the cell (the cell alone when it is not merged)."""
        tree = self._tree(sheet)[0]
        for merge in tree.iter(tag(tree, "mergeCell")):
            left, top, right, bottom = bounds(merge.get("ref", "A1"))
            if top <= row <= bottom and left <= col <= right:
                return Area(sheet, top, left, bottom, right)
        return Area(sheet, row, col, row, col)

    # ------------------------------------------------------------ writing

    def set(self, sheet: str, row: int, col: int, value: float | str | Formula) -> None:
        """Replace the cell's content with a number, text or formula; its style stays."""
        root, _, cells = self._tree(sheet)
        ref = a1(row, col)
        cell = cells.get(ref)
        if cell is None:
            cell = cells[ref] = _new_cells(root.find(tag(root, "sheetData")), [ref])[ref]
        formula = cell.find(tag(cell, "f"))
        if formula is not None and formula.get("t") in ("shared", "array") and formula.get("ref"):
            raise XlahpError(f"{self.path}: {sheet}!{ref} holds a formula other cells share; "
                             "clear it before importing")
        if formula is not None and not isinstance(value, Formula):  # calcChain would go stale
            raise InternalError(f"{sheet}!{ref}: a formula is replaced by formulas only")
        for old in cell.findall(tag(cell, "f")) + cell.findall(tag(cell, "is")):
            cell.remove(old)
        cell.attrib.pop("cm", None)
        if isinstance(value, Formula):
            f = cell.makeelement(tag(cell, "f"))
            f.text = value.text
            cell.insert(0, f)
            _set_value(cell, value.cached)
        elif isinstance(value, str):
            _set_value(cell, None)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, tag(cell, "is"))
            t = etree.SubElement(inline, tag(cell, "t"))
            t.text = _typed(value)[1]
            if t.text != t.text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            _set_value(cell, float(value))
        self._dirty.add(sheet)

    def forget_cached_values(self) -> None:
        """Drop the value cached with every formula of the workbook: once inputs are
        written, what a formula last showed is no longer what it computes, so the copy must
        be evaluated afresh (as ``xlahp new`` evaluates a new workbook) — not keep them."""
        for sheet in self._parts:
            root, _, cells = self._tree(sheet)
            for cell in cells.values():
                if cell.find(tag(cell, "f")) is not None and cell.find(tag(cell, "v")) is not None:
                    for old in cell.findall(tag(cell, "v")):
                        cell.remove(old)
                    cell.attrib.pop("t", None)
                    cell.attrib.pop("vm", None)
                    self._dirty.add(sheet)

    def save(self, target: str | Path) -> None:
        """Write the copy with every cell set; the input is only read."""
        target = Path(target)
        if same_file(target, self.path):
            raise RefusedFile(f"{target}: the output must not be the input file")
        replaced = {self._parts[s]: _serialize(self._trees[s][0], self._trees[s][1])
                    for s in self._dirty}
        with atomic_output(target) as temporary:
            write_parts(self._package, temporary, replaced)

    # ------------------------------------------------------------ internals

    def _tree(self, sheet: str) -> tuple[etree._Element, bytes, dict[str, etree._Element]]:
        if sheet not in self._trees:
            data = self._package.part(self._parts[sheet])
            root = parse(data)
            rows = root.find(tag(root, "sheetData"))
            cells = {} if rows is None else {c.get("r"): c for c in cells_of(rows)}
            self._trees[sheet] = (root, data, cells)
        return self._trees[sheet]

    def _cell(self, sheet: str, row: int, col: int) -> etree._Element | None:
        return self._tree(sheet)[2].get(a1(row, col))
