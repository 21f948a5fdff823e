"""Survey the corpus of real Excel-saved workbooks and check `xlahp calc` against Excel.

    python benchmarks/corpus_survey.py [--corpus tests/corpus] [--no-calc]
                                       [--timeout 120] [--keep DIR] [--details 5]

For every .xlsx/.xlsm in the corpus (provenance: tests/corpus/PROVENANCE.md) it
prints what the file holds — formula cells, how many carry a value cached by
Excel, the functions the formulas call, and the features an engine must handle
(shared, array and dynamic-array formulas, what-if data tables, Excel tables and
structured references, external links, defined names, iterative calculation).

Then it runs `xlahp calc FILE -o OUT` on each file (a fresh process, killed with
its children after --timeout seconds) and compares every formula cell of OUT
with the value Excel cached in FILE: numbers to a relative 1e-9, text exactly,
booleans exactly, errors by code.  Per file it counts

  equal        the value Excel cached
  different    another value (or another type)
  err-as-text  an error code written as *text* ("#VALUE!" as a string)
  missing      no value where Excel had one
  uncached     formula cells Excel saved without a value (not compared)

and checks that the input file is byte-identical afterwards.

The reader here uses only zipfile and lxml on purpose: it is the oracle the
engine is measured against, so it shares no code with xlahp's own reader.
`compare(excel_file, output_file)` is the reusable entry point.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import posixpath
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
#: numbers count as equal within this relative difference (Excel keeps ~15-17 digits)
REL_TOL = 1e-9
#: … or when both are this close to zero (noise such as 1e-17 against 0)
ABS_TOL = 1e-12
ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                         "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
VOLATILE = frozenset({"NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET", "INDIRECT",
                      "CELL", "INFO"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_FUNCTION = re.compile(r"(?<![\w.\]])((?:_xlfn\.|_xlws\.|_xleta\.)*[A-Za-z][\w.]*)\(")
_STRUCTURED = re.compile(r"[A-Za-z_\\][\w.]*\[|\[#(?:This Row|All|Data|Headers|Totals)\]", re.I)


@dataclass(frozen=True)
class Cell:
    """A formula cell: its formula text (None for a shared formula's followers and
    the other cells of an array range) and its cached value as (kind, value) with
    kind n/s/b/e, or None when the file holds no value."""

    formula: str | None
    value: tuple[str, object] | None
    array: bool = False
    dynamic: bool = False
    data_table: bool = False


@dataclass
class Workbook:
    cells: dict[tuple[str, str], Cell]
    application: str = ""
    version: str = ""
    calc_chain: bool = False
    defined_names: int = 0
    tables: int = 0
    external_links: int = 0
    shared_groups: int = 0
    iterate: str = ""


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    root = etree.fromstring(package.read(name), _PARSER)
    if root.getroottree().docinfo.doctype:
        raise ValueError(f"{name}: a DOCTYPE is not accepted")
    return root


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in element.iter() if isinstance(e.tag, str) and _local(e) == name]


def _relations(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId → (type suffix, resolved part name) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in package.namelist():
        return {}
    out = {}
    for rel in _xml(package, rels):
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
    return out


def _text(element: etree._Element) -> str:
    """A string item's text without its phonetic (rPh) runs, _xHHHH_ decoded."""
    parts = [t.text or "" for t in _children(element, "t")
             if not any(_local(a) == "rPh" for a in t.iterancestors())]
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), "".join(parts))


def _value(cell: etree._Element, strings: list[str]) -> tuple[str, object] | None:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = [e for e in cell if _local(e) == "is"]
        return ("s", _text(inline[0])) if inline else None
    v = [e for e in cell if _local(e) == "v"]
    if not v:
        return None
    text = v[0].text
    if kind == "str":
        return ("s", _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text or ""))
    if text is None:
        return None
    if kind == "s":
        return ("s", strings[int(text)])
    if kind == "b":
        return ("b", text.strip() in ("1", "true"))
    if kind == "e":
        return ("e", text.strip())
    return ("n", float(text))


def _range_cells(ref: str) -> list[str]:
    first, _, last = ref.partition(":")
    (c1, r1), (c2, r2) = (_split(first), _split(last or first))
    return [f"{_letters(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _split(ref: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref.upper()).groups()
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return column, int(digits)


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def read_workbook(path: str | Path, every_cell: bool = False) -> Workbook:
    """Every formula cell of every worksheet with its cached value, and the features
    (``every_cell``: the value of every other cell too, with ``formula`` None)."""
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        main = next(target for kind, target in _relations(package, "").values()
                    if kind == "officeDocument")
        rels = _relations(package, main)
        strings = []
        for kind, target in rels.values():
            if kind == "sharedStrings" and target in names:
                strings = [_text(si) for si in _xml(package, target)]
        root = _xml(package, main)
        book = Workbook({})
        app = "docProps/app.xml"
        if app in names:
            props = {_local(e): e.text or "" for e in _xml(package, app)}
            book.application, book.version = props.get("Application", ""), props.get("AppVersion", "")
        book.calc_chain = any(kind == "calcChain" for kind, _ in rels.values())
        book.defined_names = sum(not (n.get("name") or "").startswith(("_xlnm.", "_xlchart."))
                                 for n in _children(root, "definedName"))
        book.external_links = sum(kind == "externalLink" for kind, _ in rels.values())
        for calc in _children(root, "calcPr"):
            if calc.get("iterate") in ("1", "true"):
                book.iterate = f"{calc.get('iterateCount', '100')}/{calc.get('iterateDelta', '0.001')}"
        for sheet in _children(root, "sheet"):
            kind, part = rels.get(sheet.get(_REL), ("", ""))
            if kind != "worksheet" or part not in names:
                continue
            book.tables += sum(k == "table" for k, _ in _relations(package, part).values())
            _read_sheet(_xml(package, part), sheet.get("name"), strings, book, every_cell)
    return book


def _read_sheet(root: etree._Element, name: str, strings: list[str], book: Workbook,
                every_cell: bool) -> None:
    cells = {c.get("r"): c for c in _children(root, "c")}
    in_range: dict[str, Cell] = {}  # other cells of array formulas and what-if data tables
    for ref, cell in cells.items():
        f = next((e for e in cell if _local(e) == "f"), None)
        if f is None:
            continue
        kind, dynamic = f.get("t", "normal"), cell.get("cm") is not None
        if kind == "shared" and f.get("ref"):
            book.shared_groups += 1
        if kind in ("array", "dataTable") and f.get("ref"):
            for other in _range_cells(f.get("ref")):
                in_range[other] = Cell(None, None, kind == "array", dynamic, kind == "dataTable")
        book.cells[(name, ref)] = Cell(f.text or None, _value(cell, strings), kind == "array",
                                       dynamic, kind == "dataTable")
    for ref, empty in in_range.items():
        if (name, ref) not in book.cells:
            cell = cells.get(ref)
            value = _value(cell, strings) if cell is not None else None
            book.cells[(name, ref)] = Cell(None, value, empty.array, empty.dynamic, empty.data_table)
    if every_cell:
        for ref, cell in cells.items():
            book.cells.setdefault((name, ref), Cell(None, _value(cell, strings)))


def functions(formula: str) -> set[str]:
    """The functions a formula calls, without the _xlfn. prefixes of newer functions."""
    bare = _STRING_LITERAL.sub('""', formula)
    return {re.sub(r"^(?:_xlfn\.|_xlws\.|_xleta\.)+", "", name).upper()
            for name in _FUNCTION.findall(bare)}


def survey(path: str | Path) -> dict[str, object]:
    """What a workbook holds: counts and features (see the module docstring)."""
    book = read_workbook(path)
    texts = [c.formula for c in book.cells.values() if c.formula]
    called = set().union(*(functions(t) for t in texts)) if texts else set()
    return {
        "application": book.application, "version": book.version,
        "excel_saved": "Excel" in book.application and "Openpyxl" not in book.application
                       and book.calc_chain,
        "formulas": len(book.cells),
        "cached": sum(c.value is not None for c in book.cells.values()),
        "shared": book.shared_groups,
        "array": sum(c.array and c.formula is not None and not c.dynamic for c in book.cells.values()),
        "dynamic": sum(c.dynamic and c.formula is not None for c in book.cells.values()),
        "data_table": sum(c.data_table and c.formula is None for c in book.cells.values()),
        "tables": book.tables,
        "structured": sum(bool(_STRUCTURED.search(_STRING_LITERAL.sub('""', t))) for t in texts),
        "external": book.external_links,
        "external_refs": sum(bool(re.search(r"\[\d+\]", t)) for t in texts),
        "names": book.defined_names,
        "iterate": book.iterate,
        "functions": sorted(called),
        "volatile": sorted(called & VOLATILE),
    }


@dataclass
class Comparison:
    """Formula cells of an output file checked against Excel's cached values."""

    equal: int = 0
    different: int = 0
    error_as_text: int = 0
    missing: int = 0
    uncached: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, what: str, where: tuple[str, str], cell: Cell, ours: object, limit: int) -> None:
        if len(self.examples) < limit:
            formula = f" ={cell.formula}" if cell.formula else \
                " (data table)" if cell.data_table else " (array part)" if cell.array else \
                " (shared formula)"
            self.examples.append(f"{what:11} {where[0]}!{where[1]}{formula[:60]}: "
                                 f"Excel {_show(cell.value)}, ours {_show(ours)}")


def _show(value: tuple[str, object] | None) -> str:
    if value is None:
        return "(none)"
    kind, v = value
    return {"n": f"{v!r}", "s": f"text {v!r}", "b": f"{v}".upper(), "e": f"error {v}"}[kind]


def same(excel: tuple[str, object], ours: tuple[str, object]) -> bool:
    """Equal as the survey counts it: same kind; numbers to REL_TOL, the rest exactly."""
    if excel[0] != ours[0]:
        return False
    if excel[0] == "n":
        a, b = float(excel[1]), float(ours[1])
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return excel[1] == ours[1]


def compare(excel_file: str | Path, output_file: str | Path, examples: int = 0) -> Comparison:
    """Every formula cell of ``excel_file`` (values cached by Excel) against the
    same cell of ``output_file`` (values written by an engine)."""
    expected = read_workbook(excel_file).cells
    actual = read_workbook(output_file, every_cell=True).cells
    result = Comparison()
    for where, cell in sorted(expected.items()):
        if cell.value is None:
            result.uncached += 1
            continue
        ours = actual.get(where)
        ours = ours.value if ours is not None else None
        if ours is None:
            result.missing += 1
            result.note("missing", where, cell, ours, examples)
        elif same(cell.value, ours):
            result.equal += 1
        elif ours[0] == "s" and ours[1] in ERROR_CODES:
            result.error_as_text += 1
            result.note("err-as-text", where, cell, ours, examples)
        else:
            result.different += 1
            result.note("different", where, cell, ours, examples)
    return result


def strip_cached_values(source: str | Path, target: str | Path) -> None:
    """A copy of ``source`` whose formula cells hold no cached value, as a tool that
    computes nothing would write it: the engine has to evaluate every formula."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for info in package.infolist():
            data = package.read(info)
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                root = etree.fromstring(data, _PARSER)
                cells = {c.get("r"): c for c in _children(root, "c")}
                bare = set()
                for ref, cell in cells.items():
                    f = next((e for e in cell if _local(e) == "f"), None)
                    if f is not None:
                        bare.add(ref)
                        if f.get("t") in ("array", "dataTable") and f.get("ref"):
                            bare.update(_range_cells(f.get("ref")))
                for ref in bare & cells.keys():
                    for v in [e for e in cells[ref] if _local(e) in ("v", "is")]:
                        cells[ref].remove(v)
                    cells[ref].attrib.pop("t", None)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            out.writestr(info, data)


def run_calc(source: Path, output: Path, timeout: float,
             tree: Path | None = None) -> tuple[str, float, str]:
    """Run `xlahp calc` as a user would (from source ``tree`` if given, else the
    installed xlahp); (status, seconds, last line it printed)."""
    script = Path(sys.executable).with_name("xlahp")
    command = [str(script)] if script.exists() and tree is None else [sys.executable, "-m", "xlahp"]
    env = dict(os.environ, PYTHONPATH=str(tree.resolve())) if tree else None
    start = time.perf_counter()
    # `python -m` puts the working directory first on sys.path: run inside the tree
    process = subprocess.Popen(command + ["calc", str(source.resolve()), "-o", str(output.resolve())],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True, env=env, cwd=tree)
    try:
        printed, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group we started, workers included
        process.communicate()
        return "timeout", time.perf_counter() - start, f"killed after {timeout:.0f} s"
    seconds = time.perf_counter() - start
    lines = [line for line in printed.splitlines() if line.strip()]
    status = "ok" if process.returncode == 0 else f"exit {process.returncode}"
    return status, seconds, lines[-1].strip() if lines else ""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-calc", action="store_true", help="survey only; do not run xlahp calc")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per file for calc")
    parser.add_argument("--keep", type=Path, help="keep the calc outputs in this folder")
    parser.add_argument("--details", type=int, default=0, help="show this many bad cells per file")
    parser.add_argument("--recompute", action="store_true",
                        help="give calc a copy without cached values, so it evaluates every formula")
    parser.add_argument("--source", type=Path,
                        help="run xlahp from this source tree (e.g. `git archive` of an older commit)")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))
    if not files:
        sys.exit(f"no .xlsx/.xlsm files in {args.corpus}")

    print(f"{'file':32} {'KB':>4} {'app':>8} {'formulas':>8} {'cached':>6} {'shared':>6} "
          f"{'array':>5} {'dyn':>4} {'dtab':>4} {'tables':>6} {'sref':>4} {'ext':>3} "
          f"{'names':>5} iterate")
    for path in files:
        s = survey(path)
        app = ("Excel " if s["excel_saved"] else "other ") + str(s["version"])[:2]
        print(f"{path.name:32} {path.stat().st_size // 1024:4} {app:>8} {s['formulas']:8} "
              f"{s['cached']:6} {s['shared']:6} {s['array']:5} {s['dynamic']:4} "
              f"{s['data_table']:4} {s['tables']:6} {s['structured']:4} {s['external']:3} "
              f"{s['names']:5} {s['iterate'] or '-'}")
        print(f"{'':32}   functions: {' '.join(s['functions']) or '-'}"
              + (f"   volatile: {' '.join(s['volatile'])}" if s["volatile"] else ""))
    if args.no_calc:
        return

    how = "copies without cached values" if args.recompute else "the files as Excel saved them"
    print(f"\nxlahp calc{' from ' + str(args.source) if args.source else ''} on {how}, "
          f"against Excel's cached values (timeout {args.timeout:.0f} s per file)")
    print(f"{'file':32} {'status':>8} {'s':>6} {'equal':>6} {'diff':>5} {'errtxt':>6} "
          f"{'missing':>7} {'uncached':>8} input")
    totals = Comparison()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for path in files:
            output = folder / f"{path.stem}.calc{path.suffix}"
            output.unlink(missing_ok=True)
            given = path
            if args.recompute:
                given = folder / f"{path.stem}.novalues{path.suffix}"
                strip_cached_values(path, given)
            before = _digest(given)
            status, seconds, said = run_calc(given, output, args.timeout, args.source)
            unchanged = "same" if _digest(given) == before else "CHANGED"
            if status != "ok" or not output.exists():
                print(f"{path.name:32} {status:>8} {seconds:6.1f} {'-':>6} {'-':>5} {'-':>6} "
                      f"{'-':>7} {'-':>8} {unchanged}")
                print(f"{'':32}   calc said: {said[:160]}")
                continue
            c = compare(path, output, args.details)
            for name in ("equal", "different", "error_as_text", "missing", "uncached"):
                setattr(totals, name, getattr(totals, name) + getattr(c, name))
            print(f"{path.name:32} {status:>8} {seconds:6.1f} {c.equal:6} {c.different:5} "
                  f"{c.error_as_text:6} {c.missing:7} {c.uncached:8} {unchanged}")
            print(f"{'':32}   calc said: {said[:160]}")
            for line in c.examples:
                print(f"{'':34}{line}")
    print(f"{'total':32} {'':>8} {'':>6} {totals.equal:6} {totals.different:5} "
          f"{totals.error_as_text:6} {totals.missing:7} {totals.uncached:8}")


if __name__ == "__main__":
    main()
