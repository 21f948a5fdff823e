"""The cost of xlahp's Excel-exact overrides against the engine's own function.

    python benchmarks/bench_overrides.py [--cells 100000] [--only NAME] [--native]

For each overridden function a workbook of ``--cells`` formula cells calling it (each
with its own argument, so that no result is reused) is written once, then evaluated
by xlahp's engine (``xlahp.workbook.engine.evaluate``: reading, loading, every cell
computed) with the override and with the engine's native function, in the same run;
the ratio is override / native (issue 22: at most 2).  ``--only NAME --native`` runs
one evaluation, for ``farm-bench --vs``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: function → the formula of row r (column C holds r, A1:A100 a small table)
CASES = {
    "COUNTIF": "=COUNTIF($A$1:$A$100,C{r})",
    "SUMIFS": "=SUMIFS($A$1:$A$100,$A$1:$A$100,\">\"&C{r})",
    "DATE": "=DATE(2020,1,C{r})",
    "YEAR": "=YEAR(C{r})",
    "EOMONTH": "=EOMONTH(C{r},1)",
    "PMT": "=PMT(0.01,360,C{r})",
    "IPMT": "=IPMT(0.01,12,360,C{r},0,1)",
    "XNPV": "=XNPV(0.1,D{r}:E{r},F{r}:G{r})",
    "IRR": "=IRR(D{r}:E{r})",
    "XLOOKUP": "=XLOOKUP(C{r},$A$1:$A$100,$A$1:$A$100,,1)",
}


def build(name: str, cells: int, folder: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("S")
    for r in range(1, cells + 1):
        sheet.append([r % 97 if r <= 100 else None, CASES[name].format(r=r), r,
                      -100 - r % 7, 60 + r % 11, 45000, 45365 + r % 30])
    path = folder / f"{name}.xlsx"
    book.save(path)
    return path


def native(name: str) -> None:
    """Unbind the override of ``name``: the engine's own function is used."""
    from xlahp.workbook import excel

    for module in excel.MODULES:
        module.OVERRIDES.pop(name, None)
    excel.lookup.ROUTED.pop(name, None)


def evaluate(path: Path) -> float:
    from xlahp.workbook.engine import evaluate as run

    start = time.perf_counter()
    run(path, {})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--only")
    parser.add_argument("--native", action="store_true")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "xlahp-bench")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else list(CASES)
    paths = {}
    for n in names:
        path = args.folder / f"{n}-{args.cells}.xlsx"
        if not path.exists():
            build(n, args.cells, args.folder).rename(path)
        paths[n] = path
    if args.only:
        if args.native:
            native(args.only)
        print(f"{args.only}: {evaluate(paths[args.only]):.2f} s")
        return
    import subprocess

    print(f"{'function':10} {'override s':>10} {'native s':>9} {'ratio':>6}")
    for n in names:
        times = []
        for extra in ([], ["--native"]):  # each in a fresh process: no override leaks
            out = subprocess.run([sys.executable, __file__, "--cells", str(args.cells), "--only", n,
                                  "--folder", str(args.folder), *extra],
                                 capture_output=True, text=True, check=True).stdout
            times.append(float(out.split(":")[1].split()[0]))
        print(f"{n:10} {times[0]:10.2f} {times[1]:9.2f} {times[0] / times[1]:6.2f}")


if __name__ == "__main__":
    main()
