"""提携ポートフォリオ — every alliance workbook of a folder, summarised.

Each workbook built from the template (:mod:`xlahp.templates`) names its
cover fields and results with defined names (:data:`FIELDS`); a workbook is
evaluated headless (:mod:`xlahp.workbook.calc`), those names are read, and the rows
become one table.  A workbook whose questionnaire or statement is still empty
is *incomplete*, not an error; a file that cannot be read is listed with the
reason, and never stops the batch.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .workbook.cached_values import ExcelError
from .errors import XlahpError, one_line
from .paper import CRITERIA
from .workbook.safety import SUFFIXES

#: Column of the summary → defined name in an alliance workbook.
COVER = {"提携名 alliance": "AllianceName", "提携先 partner": "Partner",
         "形態 form": "AllianceForm"}
RESULTS = {"C.I.": "Result_CI", "C.R.": "Result_CR", "N.C.": "Result_NC",
           "N.C. limit": "Result_NCLimit", "判定 verdict": "Result_Verdict",
           "価値指数 value index": "Result_ValueIndex", "網羅率 coverage": "Result_Coverage",
           "倒産指数 bankruptcy": "Result_Bankruptcy"}
WEIGHTS = "Result_Weights"
INPUTS = {"questionnaire アンケート": "Input_Answers", "statement 財務諸表": "Input_Current"}
#: The summary's columns, in order (after "file").
COLUMNS = (*COVER, *(f"w {c}" for c in CRITERIA), *RESULTS, "状態 status")


@dataclass
class Outcome:
    """One workbook's row, or the reason it could not be read."""

    path: str
    row: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def find_workbooks(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> list[Path]:
    """Workbooks named on the command line, folders searched recursively.

    Excel's lock files (``~$book.xlsx``) and xlahp's own outputs
    (``*.calc.xlsx``, and the paths in *skip*) are skipped; a named path that does not exist is kept so
    that it is reported as an error.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.suffix.lower() in SUFFIXES and p.is_file()
                            and not p.name.startswith("~$") and ".calc." not in p.name)
        else:
            found.append(path)
    skipped = {Path(p).resolve() for p in skip}
    return [p for p in dict.fromkeys(found) if p.resolve() not in skipped]


def summarize(path: str | Path) -> Outcome:
    """Evaluate one alliance workbook and read its named fields (runs in a worker)."""
    from .workbook.calc import calculate

    outcome = Outcome(str(path))
    try:
        result = calculate(path)
        named, problems = result.named, result.problems
    except XlahpError as error:
        outcome.error = str(error)
        return outcome
    except Exception as error:  # a failure of ours or of a library: still one line
        outcome.error = f"could not be evaluated ({type(error).__name__}: {one_line(error)})"
        return outcome
    missing = [n for n in (*COVER.values(), *RESULTS.values(), WEIGHTS) if n not in named]
    if missing:
        outcome.error = ("not an xlahp alliance workbook (no defined names "
                         f"{', '.join(missing[:3])}{'…' if len(missing) > 3 else ''})")
        return outcome
    empty = [what for what, name in INPUTS.items()
             if name in named and all(v in (None, "") for v in named[name])]

    def plain(value: Any) -> Any:
        """Error values as their code, or blank where the inputs are still empty."""
        if isinstance(value, ExcelError):
            return None if empty else str(value)
        return value

    row = {column: plain(named[name][0]) for column, name in COVER.items()}
    row.update({f"w {c}": plain(w) for c, w in zip(CRITERIA, named[WEIGHTS])})
    row.update({column: plain(named[name][0]) for column, name in RESULTS.items()})
    row["状態 status"] = f"未入力 incomplete: {', '.join(empty)} empty" if empty else (
        "OK" if not problems else f"{len(problems)} cell error(s): {problems[0]}")
    outcome.row = row
    return outcome


def run(paths: Iterable[str | Path], jobs: int | None = None, progress: bool = False,
        skip: Iterable[str | Path] = ()) -> Iterator[Outcome]:
    """Summarise every workbook found, in parallel over the machine's cores, in
    the order found.  Should a worker process die (out of memory, say), the
    workbooks not yet summarised are reported as such rather than lost."""
    files = find_workbooks(paths, skip)
    if not files:
        raise XlahpError("no .xlsx or .xlsm workbooks found")
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="workbook", desc="xlahp report")
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
    done = 0
    try:
        results: Iterable[Outcome] = (
            pool.map(summarize, files, chunksize=max(1, len(files) // (jobs * 8)))
            if pool else map(summarize, files))
        try:
            for outcome in results:
                done += 1
                if bar is not None:
                    bar.update()
                yield outcome
        except BrokenProcessPool:
            for path in files[done:]:
                yield Outcome(str(path), error="not evaluated: a worker process stopped "
                                               "(out of memory?); run the report on it alone")
    finally:
        if bar is not None:
            bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def report(paths: Iterable[str | Path] | str | Path, jobs: int | None = None,
           progress: bool = False, skip: Iterable[str | Path] = ()):
    """The portfolio as a pandas DataFrame, one row per workbook (errors included:
    their ``error`` column says why; the result columns are empty)."""
    import pandas as pd

    if isinstance(paths, (str, Path)):
        paths = [paths]
    rows = []
    for outcome in run(paths, jobs, progress, skip):
        rows.append({"file": outcome.path, **outcome.row, "error": outcome.error})
    columns = ["file", *COLUMNS, "error"]
    return pd.DataFrame(rows, columns=columns)
