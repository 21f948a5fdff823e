"""EDINET import of a 4 MB instance, read and into a workbook, against baselines.

    python benchmarks/bench_import.py [--repeat 5] [--megabytes 4]

The largest real instance among the test filings is Kakaku.com's (2.3 MB,
tests/filings); the 4 MB instance is made from it by repeating its facts under
renamed context IDs until the file is that large — the same elements, values
and text as a real filing, twice over.  Timed, in turn:

* ``read_filing`` (open, stream-parse, index, map every item for both years)
  against ``xml.etree.ElementTree.parse`` of the same file, which builds the tree
  and nothing else;
* ``import_filing`` into the committed template — what ``xlahp import`` does: read,
  check the workbook, fill 財務諸表 with its sources, evaluate the copy — against
  ``calculate_bounded`` of the template alone (what ``xlahp calc`` does), the part
  of it that is not the import's own.

Target: the whole import under 2 s.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from xlahp.imports import read_filing
from xlahp.apps.importer import import_filing
from xlahp.workbook.calc import calculate_bounded

FILINGS = Path(__file__).parents[1] / "tests" / "filings"
TEMPLATE = Path(__file__).parents[1] / "workbooks" / "xlahp_template.xlsx"
SOURCE = FILINGS / "kakaku_2017-03_jgaap.xbrl"
TARGET_SECONDS = 2.0


def enlarged(path: Path, megabytes: float) -> Path:
    """*SOURCE* with its facts repeated under renamed contexts up to *megabytes*."""
    data = SOURCE.read_bytes()
    end = data.rindex(b"</xbrli:xbrl>")
    facts_start = max(data.rindex(b"</xbrli:context>"), data.rindex(b"</xbrli:unit>"))
    facts_start = data.index(b">", facts_start) + 1
    facts = data[facts_start:end]
    copies = [data[:end]]
    n = 0
    while sum(map(len, copies)) < megabytes * 1e6:
        n += 1
        copies.append(re.sub(rb'contextRef="', b'contextRef="Copy%d' % n, facts))
    path.write_bytes(b"".join(copies) + data[end:])
    return path


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=4.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = enlarged(Path(tmp) / "big.xbrl", args.megabytes)
        size = big.stat().st_size
        out = Path(tmp) / "imported.xlsx"
        runs = {"read_filing": lambda: read_filing(big), "ElementTree.parse": lambda: ET.parse(big),
                "import_filing": lambda: import_filing(big, TEMPLATE, out),
                "calculate_bounded": lambda: calculate_bounded(TEMPLATE, out)}
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):  # in turn, so that drift of the machine hits all alike
            for name, action in runs.items():
                times[name].append(timed(action))
        median = {name: statistics.median(t) for name, t in times.items()}
        print(f"instance: {size / 1e6:.1f} MB ({SOURCE.name} enlarged); workbook {TEMPLATE.name}")
        for name, t in times.items():
            print(f"{name:<20} median {median[name]:.3f} s  (min {min(t):.3f})")
        print(f"ratio read_filing / ElementTree.parse: "
              f"{median['read_filing'] / median['ElementTree.parse']:.2f}")
        print(f"ratio import_filing / calculate_bounded: "
              f"{median['import_filing'] / median['calculate_bounded']:.2f}")
        for real in (SOURCE, FILINGS / "S100DE5C.zip"):
            print(f"{real.name}: read_filing {statistics.median(timed(lambda: read_filing(real)) for _ in range(args.repeat)):.3f} s")
        verdict = "met" if median["import_filing"] < TARGET_SECONDS else "MISSED"
        print(f"target import_filing < {TARGET_SECONDS:.0f} s for a {args.megabytes:g} MB "
              f"instance: {verdict}")


if __name__ == "__main__":
    main()
