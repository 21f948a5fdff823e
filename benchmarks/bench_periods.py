"""`xlahp report` over alliances with several periods, against as many single-period ones.

    python benchmarks/bench_periods.py [--alliances 100] [--periods 4] [-j N]

Issue 20's target: a report over 100 alliances × 4 periods stays within 1.5× of a report
over 400 single-period workbooks — the grouping by alliance ID, the ordering by period, the
view changes, the history sheet and its charts must cost next to nothing beside evaluating
the workbooks.  Both portfolios are measured in the same run (the machine may be shared):

- the periods: the paper's example (period 1), then ``xlahp new --from`` three times, each
  next period filled with the example's figures, copied to each alliance with its own ID;
- the baseline: the example, copied to as many files, each with its own ID.

Printed: seconds per workbook for each, and the ratio (target ≤ 1.5).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from xlahp.apps.cli import main
from xlahp.apps.portfolio import report
from xlahp.apps.summary import write_summary
from xlahp.templates import build, names
from xlahp.templates.case import PAPER_ALLIANCE_ID


def with_id(source: Path, target: Path, old: str, new: str) -> None:
    """A copy of *source* whose alliance ID reads *new* (the same length as *old*: the
    shared string is replaced in place, no workbook library involved)."""
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(target, "w",
                                                            zipfile.ZIP_DEFLATED) as out:
        for member in inside.infolist():
            data = inside.read(member.filename)
            if member.filename.startswith("xl/"):
                data = data.replace(old.encode(), new.encode())
            out.writestr(member, data)


def chain(folder: Path, periods: int) -> list[Path]:
    """One alliance's workbooks: the example, then ``new --from`` with its figures typed in."""
    first = build(folder / "p1.xlsx", example=True, evaluated=True)
    made = [first]
    current = load_workbook(first)
    (title, ref), = current.defined_names[names.CURRENT.name].destinations
    figures = [c.value for row in current[title][ref.replace("$", "")] for c in row]
    for k in range(2, periods + 1):
        path = folder / f"p{k}.xlsx"
        assert main(["new", "A社提携", "--from", str(made[-1]), "-o", str(path)]) == 0
        book = load_workbook(path)
        for cell, value in zip((c for row in book[title][ref.replace("$", "")] for c in row),
                               figures):
            cell.value = value
        book.save(path)
        made.append(path)
    return made


def timed(folder: Path, jobs: int | None) -> tuple[float, int]:
    start = time.perf_counter()
    frame = report(folder, jobs=jobs)
    write_summary(frame, folder.parent / f"{folder.name}-summary.xlsx")
    return time.perf_counter() - start, len(frame)


def run(alliances: int, periods: int, jobs: int | None) -> float:
    with tempfile.TemporaryDirectory(prefix="xlahp-bench-periods-") as temporary:
        root = Path(temporary)
        (root / "chain").mkdir()
        made = chain(root / "chain", periods)
        many, single = root / "periods", root / "single"
        many.mkdir()
        single.mkdir()
        for a in range(alliances):
            identity = str(uuid.UUID(int=a + 1))
            for k, source in enumerate(made):
                with_id(source, many / f"a{a:03d}_p{k + 1}.xlsx", PAPER_ALLIANCE_ID, identity)
        for a in range(alliances * periods):
            with_id(made[0], single / f"s{a:04d}.xlsx", PAPER_ALLIANCE_ID,
                    str(uuid.UUID(int=10_000 + a)))
        base, n_single = timed(single, jobs)
        mine, n_many = timed(many, jobs)
        ratio = mine / base
        print(f"{n_single} single-period workbooks: {base:.1f} s ({base / n_single:.3f} s each)")
        print(f"{alliances} alliances × {periods} periods ({n_many} workbooks): {mine:.1f} s "
              f"({mine / n_many:.3f} s each)")
        print(f"ratio {ratio:.2f} (target ≤ 1.5)")
        return ratio


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alliances", type=int, default=100)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("-j", "--jobs", type=int)
    args = parser.parse_args(argv)
    return 0 if run(args.alliances, args.periods, args.jobs) <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main_())
