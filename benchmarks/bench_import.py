"""EDINET import of a 4 MB instance against a plain ElementTree parse of it.

    python benchmarks/bench_import.py [--repeat 5] [--megabytes 4]

The largest real instance among the test filings is Kakaku.com's (2.3 MB,
tests/filings); the 4 MB instance is made from it by repeating its facts under
renamed context IDs until the file is that large — the same elements, values
and text as a real filing, twice over.  Timed, in turn: ``read_filing`` (open,
stream-parse, index, map every item for both years) and, as the baseline,
``xml.etree.ElementTree.parse`` of the same file, which builds the tree and
nothing else.  Target: ``read_filing`` under 2 s.
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

FILINGS = Path(__file__).parents[1] / "tests" / "filings"
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
        ours, baseline = [], []
        for _ in range(args.repeat):  # in turn, so that drift of the machine hits both
            ours.append(timed(lambda: read_filing(big)))
            baseline.append(timed(lambda: ET.parse(big)))
        ours_s, base_s = statistics.median(ours), statistics.median(baseline)
        print(f"instance: {size / 1e6:.1f} MB ({SOURCE.name} enlarged)")
        print(f"read_filing          median {ours_s:.3f} s  (min {min(ours):.3f})")
        print(f"ElementTree.parse    median {base_s:.3f} s  (min {min(baseline):.3f})")
        print(f"ratio read_filing / parse: {ours_s / base_s:.2f}")
        for real in (SOURCE, FILINGS / "S100DE5C.zip"):
            print(f"{real.name}: read_filing {statistics.median(timed(lambda: read_filing(real)) for _ in range(args.repeat)):.3f} s")
        verdict = "met" if ours_s < TARGET_SECONDS else "MISSED"
        print(f"target read_filing < {TARGET_SECONDS:.0f} s for a {args.megabytes:g} MB instance: {verdict}")


if __name__ == "__main__":
    main()
