"""Cold `xlahp calc` against a cold LibreOffice conversion: the demo workbook, and the
real Excel-saved corpus (``tests/corpus/*.xlsx``).

    python benchmarks/bench_calc.py [--repeat 3]

Both run as fresh processes, as a user would start them: `xlahp calc` starts
Python, checks the file, evaluates it in a worker process under its bounds and
writes the copy; LibreOffice starts headless (with a profile made before the
timing, as a user's would be) and converts the same file to xlsx.  The two run in
turn, and the ratio is taken pair by pair.  Targets: on the demo workbook xlahp not
slower; on the corpus (each file cold, both; the whole corpus per round) ≥ 3× faster.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from xlahp.templates import build


CORPUS = Path(__file__).parents[1] / "tests" / "corpus"


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of a command; *ok*: its exit statuses that are no failure (calc exits 1
    when a headline figure shows an error, as some of the corpus's do)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, timeout=600)
    if done.returncode not in ok:
        raise SystemExit(f"{command}: exit {done.returncode}: {done.stderr[-300:]!r}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        example = build(folder / "paper_example.xlsx", example=True)
        soffice = shutil.which("soffice")
        ours_command = [sys.executable, "-m", "xlahp", "calc", str(example), "-o",
                        str(folder / "out.xlsx")]
        theirs_command = [soffice, f"-env:UserInstallation=file://{folder}/profile",
                          "--headless", "--convert-to", "xlsx", "--outdir", str(folder / "lo"),
                          str(example)] if soffice else None
        if theirs_command:  # LibreOffice's profile exists from here on: its start-up alone
            timed(theirs_command)
        ours, theirs = [], []
        for _ in range(args.repeat):  # in turn, so that drift of the machine hits both
            ours.append(timed(ours_command))
            if theirs_command:
                theirs.append(timed(theirs_command))
        print(f"xlahp calc, cold process                  {statistics.median(ours):6.2f} s")
        if not theirs:
            print("LibreOffice not installed: no baseline")
            return
        print(f"baseline: LibreOffice convert, cold       {statistics.median(theirs):6.2f} s")
        ratios = sorted(a / b for a, b in zip(ours, theirs))
        print(f"xlahp / LibreOffice, pair by pair         {statistics.median(ratios):6.2f} "
              f"(min {ratios[0]:.2f}, max {ratios[-1]:.2f}; target ≤ 1)")
        corpus = sorted(CORPUS.glob("*.xlsx"))
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(sum(timed([sys.executable, "-m", "xlahp", "calc", str(path), "-o",
                                   str(folder / f"c{k}.xlsx")], ok=(0, 1))
                            for k, path in enumerate(corpus)))
            theirs.append(sum(timed(theirs_command[:-1] + [str(path)]) for path in corpus))
        print(f"corpus ({len(corpus)} files): xlahp calc, each cold  {statistics.median(ours):6.2f} s")
        print(f"corpus: LibreOffice convert, each cold    {statistics.median(theirs):6.2f} s")
        ratios = sorted(b / a for a, b in zip(ours, theirs))
        print(f"corpus: xlahp faster than LibreOffice     {statistics.median(ratios):6.2f}× "
              f"(min {ratios[0]:.2f}; target ≥ 3)")


if __name__ == "__main__":
    main()
