"""`xlahp report` against LibreOffice and against the floor, measured in one run.

    python benchmarks/bench_report.py [--sizes 10 100 1000] [--baseline 10] [--variants 20]

The portfolio is the paper's example and ``--variants`` copies of it with other
answers and figures (so nothing is computed once and reused), repeated to each
size.  Printed, per portfolio size, with ratios against baselines measured in
the same run (the machine may be shared and noisy):

- ``xlahp report`` wall time per workbook on ONE core (``-j 1``), against ONE
  LibreOffice process converting the same files to xlsx (which recalculates
  every formula it knows; it cannot compute ours) — the like-for-like ratio,
  target ≥ 5× faster;
- the same on all cores, for what a user sees;
- peak resident memory of the report's main process and of its largest
  worker, each size in a fresh process — target: flat from 10 to 1,000;
- the floor: reading the inputs of each workbook and computing its figures
  directly with xlahp's core (no formula engine, no copy written) — the cost
  per workbook is reported as a multiple of it.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xlahp.templates import build


def variants(folder: Path, count: int) -> list[Path]:
    """The paper's example and ``count`` copies with other judgments and figures."""
    import openpyxl

    example = build(folder / "v000.xlsx", example=True)
    made = [example]
    rng = random.Random(2011)
    for k in range(1, count + 1):
        wb = openpyxl.load_workbook(example)
        answers = wb.defined_names["Input_Answers"]
        for title, ref in answers.destinations:
            for which, intensity in wb[title][ref.replace("$", "")]:
                if which.value not in (None, ""):  # "equal" rows name no item: kept
                    intensity.value = rng.choice([2, 3, 5, 7, 9])
        current = wb.defined_names["Input_Current"]
        for title, ref in current.destinations:
            for row in wb[title][ref.replace("$", "")]:
                for cell in row:
                    if isinstance(cell.value, (int, float)):
                        cell.value = round(cell.value * rng.uniform(0.8, 1.2))
        path = folder / f"v{k:03d}.xlsx"
        wb.save(path)
        made.append(path)
    return made


def portfolio(folder: Path, sources: list[Path], n: int) -> Path:
    target = folder / f"n{n}"
    target.mkdir()
    for k in range(n):
        shutil.copyfile(sources[k % len(sources)], target / f"alliance_{k:04d}.xlsx")
    return target


def libreoffice_per_file(folder: Path, sources: list[Path], n: int) -> float | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    files = sorted(portfolio(folder / "lo", sources, n).glob("*.xlsx"))
    out = folder / "lo-out"
    command = [soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless",
               "--convert-to", "xlsx", "--outdir", str(out)]
    subprocess.run(command + [str(files[0])], check=True, capture_output=True, timeout=600)
    start = time.perf_counter()  # the profile exists now: the conversions alone
    subprocess.run(command + list(map(str, files)), check=True, capture_output=True, timeout=3600)
    return (time.perf_counter() - start) / len(files)


def floor_per_file(sources: list[Path], repeat: int = 3) -> float:
    """Read each workbook's inputs (answers, statement, targets) and compute the
    figures with the core directly: the least any evaluation has to do."""
    import formualizer as fz

    from xlahp.core import consistency, triads, value
    from xlahp.core.finance import statement_indicator
    from xlahp.core.weights import weights
    from xlahp.sheet.readers import read_answers, read_statement

    def ranges(book, name):
        (entry,) = [e for e in book.get_named_ranges() if e["name"] == name]
        return book.sheet(entry["sheet"]).get_values(fz.RangeAddress(
            entry["sheet"], entry["start_row"], entry["start_col"], entry["end_row"],
            entry["end_col"]))

    def figure(name, statement, period):
        try:
            return statement_indicator(name, statement, period)
        except ValueError:  # an InputError: a figure the statement lacks: left out, as in the workbook
            return None

    start = time.perf_counter()
    for _ in range(repeat):
        for path in sources:
            book = fz.Workbook.load_path(str(path))
            items = [row[0] for row in ranges(book, "Input_Criteria")]
            pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1:]]
            answers = [[a, b, *row] for (a, b), row in zip(pairs, ranges(book, "Input_Answers"))]
            matrix = read_answers(answers, [[i] for i in items])
            w = weights(matrix)
            consistency.consistency(matrix)
            triads.count(matrix)
            statement = read_statement(ranges(book, "Input_Statement"))
            names = ["売上高", "売上高純利益率", "負債比率", "総資本回転率", "利益成長率"]
            actual = [figure(n, statement, "current") for n in names]
            target = [figure(n, statement, "target") for n in names]
            value.value_index(list(w), actual, target, [1, 1, -1, 1, 1])
    return (time.perf_counter() - start) / (repeat * len(sources))


def one_size(folder: Path, jobs: int | None) -> None:
    """Run in a fresh process per size, so that peak memory is this size's own."""
    from xlahp.apps.portfolio import report

    n = len(list(folder.glob("*.xlsx")))
    start = time.perf_counter()
    frame = report(folder, jobs=jobs)
    per = (time.perf_counter() - start) / n
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert frame["error"].isna().all(), frame["error"].dropna().head()
    print(f"{per} {own} {workers}")


def run_size(target: Path, jobs: int | None) -> tuple[float, float, float]:
    command = [sys.executable, __file__, "--one", str(target)]
    if jobs:
        command += ["--jobs", str(jobs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=3600)
    per, own, workers = map(float, done.stdout.split()[-3:])
    return per, own, workers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--baseline", type=int, default=20,
                        help="workbooks LibreOffice converts for the baseline (0: skip)")
    parser.add_argument("--variants", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one_size(args.one, args.jobs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "lo").mkdir()
        (folder / "src").mkdir()
        sources = variants(folder / "src", args.variants)
        print(f"# python {sys.version.split()[0]}, {len(sources)} distinct workbooks")
        floor = floor_per_file(sources)
        print(f"floor: read inputs + compute directly   {floor * 1000:8.1f} ms/workbook")
        base = libreoffice_per_file(folder, sources, args.baseline) if args.baseline else None
        if base:
            print(f"baseline: LibreOffice, one process      {base * 1000:8.1f} ms/workbook")
        for n in args.sizes:
            target = portfolio(folder, sources, n)
            per1, own1, workers1 = run_size(target, 1)
            ratio = f"  {base / per1:5.1f}× faster than LibreOffice" if base else ""
            print(f"xlahp report -j 1, {n:5d} workbooks     {per1 * 1000:8.1f} ms/workbook"
                  f"  {per1 / floor:5.1f}× the floor{ratio}  peak RSS main {own1:5.0f} MiB,"
                  f" worker {workers1:5.0f} MiB")
            per, own, workers = run_size(target, args.jobs)
            print(f"xlahp report -j {args.jobs or 'all'}, {n:5d} workbooks   "
                  f"{per * 1000:8.1f} ms/workbook  peak RSS main {own:5.0f} MiB,"
                  f" largest worker {workers:5.0f} MiB")


if __name__ == "__main__":
    main()
