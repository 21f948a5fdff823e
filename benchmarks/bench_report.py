"""`xlahp report` over copies of the paper's example workbook.

    python benchmarks/bench_report.py [--sizes 10 100 1000] [--baseline 10]

Prints, per portfolio size, the wall time per workbook and the peak memory
(resident set of this process and of the worker processes), and — as the
baseline measured in the same run — LibreOffice headless converting copies of
the same file to xlsx, which recalculates the workbook but cannot compute our
functions.  Ratios, not seconds, are the result: the machine may be shared.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xlahp.portfolio import report
from xlahp.templates import build


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, a
    worker of the report (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def portfolio(folder: Path, example: Path, n: int) -> Path:
    target = folder / f"n{n}"
    target.mkdir()
    for k in range(n):
        shutil.copyfile(example, target / f"alliance_{k:04d}.xlsx")
    return target


def libreoffice_per_file(folder: Path, example: Path, n: int) -> float | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    files = [portfolio(folder / "lo", example, n) / f"alliance_{k:04d}.xlsx" for k in [0]][0]
    sources = sorted(files.parent.glob("*.xlsx"))
    out = folder / "lo-out"
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    *map(str, sources)], check=True, capture_output=True, timeout=1800)
    return (time.perf_counter() - start) / len(sources)


def one_size(folder: Path, jobs: int | None) -> None:
    """Run in a fresh process per size, so that peak memory is this size's own."""
    n = len(list(folder.glob("*.xlsx")))
    start = time.perf_counter()
    frame = report(folder, jobs=jobs)
    per = (time.perf_counter() - start) / n
    own, workers = peak_mib()
    assert frame["error"].isna().all(), frame["error"].dropna().head()
    print(f"{per} {own} {workers}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--baseline", type=int, default=10,
                        help="workbooks LibreOffice converts for the baseline (0: skip)")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one_size(args.one, args.jobs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "lo").mkdir()
        example = build(folder / "example.xlsx", example=True)
        print(f"# python {sys.version.split()[0]}, jobs={args.jobs or 'all cores'}")
        base = libreoffice_per_file(folder, example, args.baseline) if args.baseline else None
        if base:
            print(f"baseline: LibreOffice headless convert     {base * 1000:8.1f} ms/workbook")
        for n in args.sizes:
            target = portfolio(folder, example, n)
            command = [sys.executable, __file__, "--one", str(target)]
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            per, own, workers = map(float, done.stdout.split())
            ratio = f"  {base / per:5.1f}× faster than LibreOffice" if base else ""
            print(f"xlahp report, {n:5d} workbooks              {per * 1000:8.1f} ms/workbook"
                  f"  peak RSS main {own:6.0f} MiB, largest worker {workers:6.0f} MiB{ratio}")


if __name__ == "__main__":
    main()
