"""Cold `xlahp calc` of the demo workbook against a cold LibreOffice conversion.

    python benchmarks/bench_calc.py [--repeat 3]

Both run as fresh processes, as a user would start them: `xlahp calc` imports
Python, the formula engine and xlahp, evaluates every formula and writes the
copy; LibreOffice starts headless (a fresh profile each time) and converts the
same file to xlsx.  Target: xlahp not slower.  Prints medians and the ratio.
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
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        example = build(folder / "paper_example.xlsx", example=True)
        ours = [timed([sys.executable, "-m", "xlahp", "calc", str(example),
                       "-o", str(folder / f"out{k}.xlsx")]) for k in range(args.repeat)]
        print(f"xlahp calc, cold process                  {statistics.median(ours):6.2f} s")
        soffice = shutil.which("soffice")
        if soffice is None:
            print("LibreOffice not installed: no baseline")
            return
        theirs = [timed([soffice, f"-env:UserInstallation=file://{folder}/profile{k}",
                         "--headless", "--convert-to", "xlsx", "--outdir",
                         str(folder / f"lo{k}"), str(example)]) for k in range(args.repeat)]
        print(f"baseline: LibreOffice convert, cold       {statistics.median(theirs):6.2f} s")
        print(f"xlahp / LibreOffice                       "
              f"{statistics.median(ours) / statistics.median(theirs):6.2f} (target ≤ 1)")


if __name__ == "__main__":
    main()
