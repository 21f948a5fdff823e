"""The cost of an Excel-exact override against the engine's own function, on a 100k-cell sheet.

    python benchmarks/bench_override.py [--cells 100000] [--repeat 5]

xlahp registers Excel-exact implementations over some of the engine's functions
(:func:`xlahp.workbook.engine.load.register_excel_functions`).  A sheet of ``--cells``
rows, each ``=YEARFRAC(A_i, B_i, 1)`` over two dates, is evaluated by the engine with its
native YEARFRAC and with the override registered, in turn; printed: the median time of
each and their ratio (issue 22's target: the override at most 2× the native function).
"""

from __future__ import annotations

import argparse
import statistics
import time

import formualizer as fz

from xlahp.workbook.engine.load import register_excel_functions

FORMULA = "=YEARFRAC(A{row},B{row},1)"


def book(cells: int, override: bool) -> fz.Workbook:
    workbook = fz.Workbook()
    workbook.add_sheet("S")
    workbook.set_values_batch("S", 1, 1, [[40000 + row % 3000, 41000 + row % 5000]
                                          for row in range(cells)])
    workbook.set_formulas_batch("S", 1, 3, [[FORMULA.format(row=row)]
                                            for row in range(1, cells + 1)])
    if override:
        register_excel_functions(workbook)
    return workbook


def timed(cells: int, override: bool) -> float:
    workbook = book(cells, override)
    start = time.perf_counter()
    workbook.evaluate_all()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    native, ours = [], []
    for _ in range(args.repeat):  # in turn, so that drift of the machine hits both
        native.append(timed(args.cells, False))
        ours.append(timed(args.cells, True))
    a, b = statistics.median(native), statistics.median(ours)
    print(f"engine's YEARFRAC, {args.cells:,} cells        {a * 1000:8.1f} ms")
    print(f"Excel-exact override, {args.cells:,} cells     {b * 1000:8.1f} ms")
    print(f"override / native                          {b / a:8.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
