"""Cold `xlahp calc` of the demo workbook against a cold LibreOffice conversion.

    python benchmarks/bench_calc.py [--repeat 3]

Both run as fresh processes, as a user would start them: `xlahp calc` starts
Python, checks the file, evaluates it in a worker process under its bounds and
writes the copy; LibreOffice starts headless (with a profile made before the
timing, as a user's would be) and converts the same file to xlsx.  The two run in
turn, and the ratio is taken pair by pair.  Target: xlahp not slower.
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=600)
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


if __name__ == "__main__":
    main()
