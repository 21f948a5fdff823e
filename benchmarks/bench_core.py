"""Cost of the AHP worksheet functions, as ratios to baselines timed in the same run.

    python benchmarks/bench_core.py            # needs: pip install -e ".[bench]"

Rows:
* the paper's 5×5 (図8): AHP_WEIGHTS + AHP_CR + AHP_TRIADS from raw cells, per matrix,
  against (a) numpy's bare eigen-decomposition of the same matrix — the floor — and
  (b) ahpy's ``Compare`` on the same judgments (the library a Python user would
  pick instead; target: xlahp ≥ 5× faster);
* the exact circular-triad distribution, cold (cache cleared), n = 9…15.

Times are medians of several repeats; the machine is shared, so read the ratios.
"""

from __future__ import annotations

import platform
import statistics
import time
import timeit

import numpy as np

from xlahp.core import pairwise
from xlahp.core import paper
from xlahp.core import triads
from xlahp.udfs import REGISTRY


def per_call(fn, repeat: int = 7) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat, number)) / number


def core_rows() -> list[tuple[str, float, str]]:
    cells = [list(r) for r in paper.FIG8]
    weights, cr, nc = (REGISTRY[n].func for n in ("AHP_WEIGHTS", "AHP_CR", "AHP_TRIADS"))

    def ours():
        weights(cells), cr(cells), nc(cells)

    def ours_cold():
        pairwise.read_matrix.cache_clear()
        ours()

    a = np.array(paper.FIG8, dtype=float)
    rows = [("xlahp AHP_WEIGHTS+AHP_CR+AHP_TRIADS, 5×5", per_call(ours),
             "same range in 3 cells: parsed once"),
            ("  the same, parse cache cleared every call", per_call(ours_cold), "")]
    floor = per_call(lambda: np.linalg.eig(a))
    rows.append(("baseline: numpy eig of the 5×5 alone", floor, ""))
    try:
        import ahpy
    except ImportError:
        rows.append(("ahpy Compare (not installed: pip install ahpy)", float("nan"), ""))
    else:
        names = ["P", "R", "S", "E", "G"]
        judgments = {(names[i], names[j]): float(a[i, j])
                     for i in range(5) for j in range(i + 1, 5)}
        theirs = per_call(lambda: ahpy.Compare("fig8", judgments, precision=6,
                                               random_index="saaty"), repeat=5)
        rows.append(("ahpy Compare, same judgments", theirs,
                     f"xlahp is {theirs / rows[0][1]:.1f}× faster (target ≥ 5×), "
                     f"{theirs / rows[1][1]:.1f}× cold"))
    rows[2] = (*rows[2][:2], f"xlahp costs {rows[0][1] / floor:.1f}× a bare eig")
    return rows


def triad_rows() -> list[tuple[str, float, str]]:
    rows = []
    base = None
    for n in range(9, 16):
        triads.distribution.cache_clear()
        start = time.perf_counter()
        triads.distribution(n)
        took = time.perf_counter() - start
        base = base or took
        rows.append((f"exact N.C. distribution, n = {n} (cold)", took,
                     f"{took / base:.0f}× n = 9"))
    return rows


def main() -> None:
    print(f"# {platform.processor() or platform.machine()}, {platform.python_version()}, "
          f"numpy {np.__version__}")
    for label, seconds, note in core_rows() + triad_rows():
        print(f"{label:52} {seconds * 1e6:12.1f} µs  {note}")


if __name__ == "__main__":
    main()
