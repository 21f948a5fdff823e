"""提携ポートフォリオ — every alliance workbook of a folder, summarised.

Each workbook built from the template (:mod:`xlahp.templates`) names its
cover fields and results with defined names (:data:`FIELDS`); a workbook is
evaluated headless (:mod:`xlahp.workbook.calc`), those names are read, and the rows
become one table.  A workbook whose questionnaire or statement is still empty
is *incomplete*, not an error; a file that cannot be read is listed with the
reason, and never stops the batch.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .workbook.cached_values import ExcelError
from .errors import XlahpError, one_line
from .literature import CR_THRESHOLD
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


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --- the summary workbook and CSV ------------------------------------------------

_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, defused with a leading apostrophe
    (OWASP's advice on CSV injection); numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(_CSV_TRIGGERS):
        return "'" + value
    return value


def write_csv(frame, target: str | Path) -> None:
    from .workbook.files import atomic_output

    with atomic_output(target) as temporary:
        frame.map(csv_safe).to_csv(temporary, index=False, encoding="utf-8-sig")


def write_summary(frame, target: str | Path) -> None:
    """一覧 (one row per alliance, failed checks highlighted, a chart of the value
    indices) and 読込エラー (files that could not be read, with the reason)."""
    import xlsxwriter

    from .workbook.files import atomic_output

    good = frame[frame["error"].isna()].drop(columns=["error"])
    bad = frame[frame["error"].notna()][["file", "error"]]
    with atomic_output(target) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {"nan_inf_to_errors": True})
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                "valign": "top", "border": 1})
        alarm = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        number = book.add_format({"num_format": "0.000"})
        sheet = book.add_worksheet("一覧 Summary")
        columns = list(good.columns)
        sheet.write_row(0, 0, columns, head)
        for r, row in enumerate(good.itertuples(index=False), start=1):
            for c, value in enumerate(row):
                if is_number(value):
                    sheet.write_number(r, c, value, number)
                elif value is None or (isinstance(value, float) and math.isnan(value)):
                    sheet.write_blank(r, c, None)
                else:
                    sheet.write_string(r, c, str(value))
        last = max(len(good), 1)
        col = {name: i for i, name in enumerate(columns)}

        def letter(name: str) -> str:
            return xlsxwriter.utility.xl_col_to_name(col[name])

        if len(good):
            cr, nc, limit = letter("C.R."), letter("N.C."), letter("N.C. limit")
            verdict, status = letter("判定 verdict"), letter("状態 status")
            rules = (
                (col["C.R."], f"=AND(ISNUMBER(${cr}2),${cr}2>={CR_THRESHOLD})"),
                (col["N.C."], f"=AND(ISNUMBER(${nc}2),ISNUMBER(${limit}2),${nc}2>${limit}2)"),
                (col["判定 verdict"], f'=AND(${verdict}2<>"",LEFT(${verdict}2,2)<>"妥当")'),
                (col["状態 status"], f'=${status}2<>"OK"'),
            )
            for c, formula in rules:
                sheet.conditional_format(1, c, last, c, {"type": "formula", "criteria": formula,
                                                         "format": alarm})
            chart = book.add_chart({"type": "bar"})
            chart.add_series({
                "name": "価値指数 value index",
                "categories": ["一覧 Summary", 1, col["提携名 alliance"], last,
                               col["提携名 alliance"]],
                "values": ["一覧 Summary", 1, col["価値指数 value index"], last,
                           col["価値指数 value index"]],
                "data_labels": {"value": True, "num_format": "0.00"},
            })
            chart.set_title({"name": "価値指数 (1.0 = 目標どおり) Value index"})
            chart.set_legend({"none": True})
            chart.set_size({"width": 640, "height": 60 + 28 * last})
            sheet.insert_chart(last + 2, 1, chart)
        sheet.freeze_panes(1, 2)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(columns), 14)
        errors = book.add_worksheet("読込エラー Errors")
        errors.write_row(0, 0, ["file ファイル", "reason 理由"], head)
        for r, (path, reason) in enumerate(bad.itertuples(index=False), start=1):
            errors.write_string(r, 0, str(path))
            errors.write_string(r, 1, str(reason))
        errors.set_column(0, 1, 60)
        book.close()
