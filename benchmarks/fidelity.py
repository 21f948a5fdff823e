"""Function fidelity: every formula of Excel-saved test books recomputed, against Excel.

    python benchmarks/fidelity.py [--books tests/corpus/ironcalc/calc_tests]
                                  [--details N] [--only NAME] [-j JOBS]

Each book (one function family per book; provenance: tests/corpus/ironcalc/PROVENANCE.md)
is copied with every saved value of its formula cells stripped
(:func:`corpus_survey.strip_cached_values`), so the engine computes every formula
itself, and each result is compared with the value Excel saved in the original:
numbers to a relative 1e-9 (1e-6 for the iterative solvers Excel documents as
approximate — IRR, XIRR, RATE, MIRR, YIELD …: Microsoft's function reference gives
their accuracy as 0.00001 %), text, booleans and error codes exactly.  Volatile
cells (NOW, TODAY, RAND …, whose saved value is of the moment Excel saved) are not
compared.

It prints agreement per book, the mean over books, per function (a cell counts
for every function its formula calls) and per category (the books' folders), and
the books that fail as a whole.  :func:`measure` is the entry point the tests use.
"""

from __future__ import annotations

import argparse
import importlib
import math
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.corpus_survey import (VOLATILE, functions, read_workbook,  # noqa: E402
                                      strip_cached_values)

BOOKS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "ironcalc" / "calc_tests"
#: Functions whose result is found by iteration; Excel's reference states their accuracy
#: ("IRR cycles through the calculation until the result is accurate within 0.00001 percent").
ITERATIVE = frozenset({"IRR", "XIRR", "RATE", "MIRR", "YIELD", "YIELDDISC", "YIELDMAT",
                       "ODDFYIELD", "ODDLYIELD", "IMPOWER", "IMSQRT", "GAMMAINV", "BETAINV"})
REL_TOL, ITERATIVE_TOL, ABS_TOL = 1e-9, 1e-6, 1e-12
#: The functions planners use (issue 22's list: financial, dates, lookups, conditional
#: aggregates), whose cells are held to 99.5 %.
PLANNER = frozenset("""
NPV IRR XNPV XIRR PMT IPMT PPMT FV PV RATE DATE EDATE EOMONTH YEARFRAC NETWORKDAYS
VLOOKUP HLOOKUP INDEX MATCH XLOOKUP XMATCH COUNTIF COUNTIFS SUMIF SUMIFS AVERAGEIF AVERAGEIFS
""".split())


@dataclass
class BookResult:
    """One book: its cells compared, the ones that differ, and why the book failed (if it did)."""

    book: str
    category: str
    equal: int = 0
    compared: int = 0
    volatile: int = 0
    failed: str = ""
    #: function → [equal, compared]
    by_function: dict[str, list[int]] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.equal / self.compared if self.compared else 1.0


def _ours(value: object) -> tuple[str, object] | None:
    """An engine value in the oracle's (kind, value) form."""
    from xlahp.workbook.cached_values import ExcelError

    if value is None:
        return None
    if isinstance(value, ExcelError):
        return ("e", str(value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, str):
        return ("s", value)
    return ("n", float(value))


def agree(excel: tuple[str, object], ours: tuple[str, object] | None, tol: float) -> bool:
    """Equal as counted here: an empty text result equals a blank."""
    if ours is None:
        return excel == ("s", "")
    if excel[0] != ours[0]:
        return False
    if excel[0] == "n":
        return math.isclose(float(excel[1]), float(ours[1]), rel_tol=tol, abs_tol=ABS_TOL)
    return excel[1] == ours[1]


def measure(path: str | Path, details: int = 0) -> BookResult:
    """Recompute one book from a stripped copy and compare every formula cell with Excel."""
    from xlahp.sheet.registry import REGISTRY
    from xlahp.workbook.engine import evaluate

    path = Path(path)
    result = BookResult(path.stem, path.parent.name)
    excel = read_workbook(path).cells
    with tempfile.TemporaryDirectory() as tmp:
        stripped = Path(tmp) / path.name
        strip_cached_values(path, stripped)
        try:
            evaluation = evaluate(stripped, {n: f.func for n, f in REGISTRY.items()})
        except Exception as error:  # noqa: BLE001 — the failure is what is measured
            result.failed = f"{type(error).__name__}: {error}"[:200]
            return result
    texts: dict[tuple[str, str], str] = {}
    for key, cell in evaluation.formulas.items():
        leader = cell.leader if cell.formula is None and cell.leader else key
        texts[key] = evaluation.formulas[leader].formula or "" if leader in evaluation.formulas \
            else ""
    for key, cell in sorted(excel.items()):
        if cell.value is None:
            continue
        called = functions(texts.get(key, "") or "") or {"(no function)"}
        if called & VOLATILE:
            result.volatile += 1
            continue
        tol = ITERATIVE_TOL if called & ITERATIVE else REL_TOL
        ours = _ours(evaluation.value(*key))
        ok = agree(cell.value, ours, tol)
        result.compared += 1
        result.equal += ok
        for name in called:
            counts = result.by_function.setdefault(name, [0, 0])
            counts[0] += ok
            counts[1] += 1
        if not ok and len(result.examples) < details:
            result.examples.append(f"{key[0]}!{key[1]} {texts.get(key, '')[:70]}: "
                                   f"Excel {cell.value!r}, ours {ours!r}")
    return result


def _measure_task(task: tuple[str, int]) -> BookResult:
    return measure(*task)


def books(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.xlsx"))


def run(folder: Path = BOOKS, jobs: int = 1, details: int = 0,
        only: str | None = None) -> list[BookResult]:
    """Every book of *folder*, each in a worker process under xlahp's bounds."""
    from xlahp.workbook.workers import Failed, bounded_map

    # by its importable name, not __main__'s: the workers unpickle it
    task = importlib.import_module("benchmarks.fidelity")._measure_task
    paths = [p for p in books(folder) if not only or re.search(only, str(p), re.I)]
    results: list[BookResult | None] = [None] * len(paths)
    for index, answer in bounded_map(task, [(str(p), details) for p in paths], jobs):
        if isinstance(answer, Failed):
            answer = BookResult(paths[index].stem, paths[index].parent.name, failed=answer.reason)
        results[index] = answer
    return [r for r in results if r is not None]


def summary(results: list[BookResult]) -> dict[str, float]:
    """Mean agreement per book, and over all cells."""
    compared = sum(r.compared for r in results)
    return {"books": len(results),
            "per_book": sum(0.0 if r.failed else r.agreement for r in results) / max(len(results), 1),
            "cells": sum(r.equal for r in results) / max(compared, 1),
            "planner": _share(functions_of(results), PLANNER),
            "failed": sum(bool(r.failed) for r in results),
            "exact": sum(not r.failed and r.equal == r.compared for r in results)}


def _share(counts: dict[str, list[int]], names: frozenset[str]) -> float:
    """Agreement over the cells of ``names`` (a cell counted once per function it calls)."""
    equal = sum(counts.get(n, [0, 0])[0] for n in names)
    return equal / max(sum(counts.get(n, [0, 0])[1] for n in names), 1)


def by(results: list[BookResult], key) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        for name, (equal, compared) in key(r):
            totals[name][0] += equal
            totals[name][1] += compared
    return dict(totals)


def functions_of(results: list[BookResult]) -> dict[str, list[int]]:
    return by(results, lambda r: r.by_function.items())


def categories_of(results: list[BookResult]) -> dict[str, list[int]]:
    return by(results, lambda r: [(r.category, (r.equal, r.compared))])


def main() -> None:
    from xlahp.workbook.workers import cores

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--books", type=Path, default=BOOKS)
    parser.add_argument("--details", type=int, default=0, help="cells shown per book that differ")
    parser.add_argument("--only", help="books whose path matches this regular expression")
    parser.add_argument("-j", "--jobs", type=int, default=cores())
    parser.add_argument("--functions", type=int, default=40,
                        help="show the functions with the most differing cells (0: all)")
    args = parser.parse_args()
    results = run(args.books, args.jobs, args.details, args.only)
    print(f"{'book':44} {'category':24} {'equal':>6} {'cells':>6} {'agree':>7}")
    for r in results:
        state = f"FAILED: {r.failed}" if r.failed else f"{r.agreement:7.1%}"
        print(f"{r.book:44} {r.category:24} {r.equal:6} {r.compared:6} {state}")
        for line in r.examples:
            print(f"    {line}")
    print("\nper category")
    for name, (equal, compared) in sorted(categories_of(results).items()):
        print(f"  {name:30} {equal:6} / {compared:6} = {equal / max(compared, 1):7.2%}")
    rows = sorted(functions_of(results).items(), key=lambda kv: kv[1][0] - kv[1][1])
    print("\nper function (most differing cells first)")
    for name, (equal, compared) in rows[:args.functions or None]:
        print(f"  {name:30} {equal:6} / {compared:6} = {equal / max(compared, 1):7.2%}")
    s = summary(results)
    print(f"\n{s['books']} books: {s['per_book']:.2%} per book (mean), {s['cells']:.2%} of cells, "
          f"{s['planner']:.2%} of the planner functions' cells, "
          f"{s['exact']} exact, {s['failed']} failed as a whole")


if __name__ == "__main__":
    main()
