"""提携ポートフォリオ — every alliance workbook of a folder, summarised.

Each workbook built from the template (:mod:`xlahp.templates`) names its
cover fields and results with defined names (:data:`COVER`, :data:`RESULTS`); a
workbook is evaluated headless (:mod:`xlahp.workbook.calc`) in a worker process
under a time and a memory bound (:mod:`xlahp.workbook.workers`), those names
are read, and the rows become one table.  A workbook whose questionnaire or
statement is still empty is *incomplete*, not an error; a file that cannot be
read, or runs over a bound, is listed with the reason and never stops the batch.
"""

from __future__ import annotations

import math
import re
import warnings
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from xlahp.sheet import checks
from xlahp.templates import names
from xlahp.errors import InputError, XlahpError, one_line
from xlahp.core import explain, periods, views
from xlahp.core.paper import CRITERIA
from xlahp.workbook.cached_values import ExcelError
from xlahp.workbook.files import printable
from xlahp.workbook.safety import OTHER_FORMATS, SUFFIXES, custom_properties
from xlahp.workbook.workers import MAX_MEMORY, MAX_SECONDS, Failed, bounded_map, cores

#: Column of the summary → defined name in an alliance workbook (:mod:`xlahp.templates.names`:
#: the labels are the workbook's own).
COVER = {n.label: n.name for n in (names.ALLIANCE, names.PARTNER, names.FORM)}
#: The alliance across periods (SPEC §2.7): its ID and period, the view against the previous
#: period's (Status_View: 要説明 when it changed without a reason) and the reason, the KGI's
#: and KPIs' latest achievement and the exit rules' verdict — blank for an older template.
ALLIANCE_ID, PERIOD = names.ALLIANCE_ID.label, names.PERIOD.label
VIEW, VIEW_REASON, EXIT = (names.STATUS_VIEW.label, names.VIEW_REASON.label,
                           names.STATUS_EXIT.label)
PERIODS = {ALLIANCE_ID: names.ALLIANCE_ID.name, PERIOD: names.PERIOD.name,
           VIEW: names.STATUS_VIEW.name, VIEW_REASON: names.VIEW_REASON.name,
           EXIT: names.STATUS_EXIT.name}
ACHIEVEMENT_COLUMNS = tuple(f"{s} 達成度 achievement" for s in ("KGI", "KPI 1", "KPI 2", "KPI 3",
                                                              "KPI 4"))
#: Added by :func:`report` from the rows of one alliance: its periods' order (1, 2, …) and,
#: against the period before, the weights that moved (text) and the largest move.
ORDER, MOVED, LARGEST = "期順 order", "重みの変化 weights moved", "最大の変化 largest move"
RESULTS = {n.label: n.name for n in (
    names.CI, names.CR, names.NC, names.NC_LIMIT, names.VERDICT, names.VALUE_INDEX,
    names.STANDING, names.COVERAGE, names.BANKRUPTCY, names.BANKRUPTCY_VERDICT)}
WEIGHTS = names.WEIGHTS.name
#: Results a workbook from an older template may lack (their columns stay blank).
OPTIONAL = (names.STANDING.name, names.BANKRUPTCY_VERDICT.name)
#: The group sheet (集団評価): evaluators who answered every pair, and S*.  Optional:
#: a workbook from the older template has no such names and leaves the columns blank.
EVALUATORS, CONSENSUS = names.GROUP_EVALUATORS.label, "合意度 S* consensus"
GROUP = {EVALUATORS: names.GROUP_EVALUATORS.name, CONSENSUS: names.GROUP_CONSENSUS.name}
INPUTS = {"questionnaire アンケート": names.ANSWERS.name, "statement 財務諸表": names.CURRENT.name}
WEIGHT_COLUMNS = tuple(f"w {c}" for c in CRITERIA)
#: The weights in one line (AHP_EXPLAIN_LINE: the cover's Result_Explanation; for a workbook
#: from an older template, said here from its weights and criteria).
EXPLANATION = names.EXPLANATION.label
VALUE, STANDING = names.VALUE_INDEX.label, names.STANDING.label
#: Columns that hold numbers: float, NaN where not computed (the reason column says why).
NUMERIC = (*WEIGHT_COLUMNS, *(n.label for n in (names.CI, names.CR, names.NC, names.NC_LIMIT,
                                                names.VALUE_INDEX, names.COVERAGE,
                                                names.BANKRUPTCY)),
           *GROUP, "1位の総合評価 top priority", "2位との差 margin", "覆る変化率 % to overturn",
           *ACHIEVEMENT_COLUMNS, LARGEST)
STATUS, REASON = "状態 status", "理由 reason"
#: The values of the status column, one vocabulary with the workbooks' status codes
#: (:data:`xlahp.sheet.checks.KINDS`): OK; 注意 (a value index provisional for its scores or
#: units); 要再検討 (the view failed its checks, or a partner selection's check); 未入力
#: (inputs missing: no value index); 債務超過 (the company's negative equity, a finding about
#: it); 計算エラー (a cell of the workbook is wrong); 読込エラー (the file was not read).
OK, NOTE, REVIEW, INCOMPLETE, INSOLVENT, CELL_ERRORS, NOT_READ = (
    "OK", "注意 note", "要再検討 review", "未入力 incomplete", "債務超過 negative equity",
    "計算エラー cell errors", "読込エラー not read")
#: A workbook's overall status code (its Result_Status) → the status column.
EXPLAIN, EXIT_REVIEW = "要説明 explanation needed", "Exit 検討 exit review"
ROW_STATUS = {checks.OK: OK, checks.NOTE: NOTE, checks.REVIEW: REVIEW, checks.EMPTY: INCOMPLETE,
              checks.INSOLVENT: INSOLVENT, checks.UNDEFINED: CELL_ERRORS,
              checks.ERROR: CELL_ERRORS, checks.EXPLAIN: EXPLAIN, checks.EXIT: EXIT_REVIEW}
#: The kind of each row's workbook (one table, two kinds of decision).
KIND = "種別 kind"
ALLIANCE, PARTNER_SELECTION = "提携評価 alliance", "提携先の選定 partner selection"
#: Columns of a partner-selection workbook (xlahp new --kind partner-selection): the top
#: candidate and what could overturn it, and the mode.  Its name, its criteria matrix's
#: C.R. and check (the verdict) share the alliance's columns (:data:`PARTNER_SHARED`).
TOP, SCORE, MODE = "選定 1位 top candidate", "1位の総合評価 top priority", "モード mode"
PARTNER = {TOP: names.PARTNER_TOP.name, SCORE: names.PARTNER_SCORE.name,
           "2位 runner-up": names.PARTNER_RUNNER_UP.name,
           "2位との差 margin": names.PARTNER_MARGIN.name,
           "最も敏感な基準 critical criterion": names.PARTNER_CRITICAL.name,
           "覆る変化率 % to overturn": names.PARTNER_CRITICAL_PCT.name, MODE: names.PARTNER_MODE.name}
PARTNER_SHARED = {names.ALLIANCE.label: names.ALLIANCE.name, names.CR.label: names.CR.name}
MODES = {"distributive": "分配 distributive", "ideal": "理想 ideal"}
#: Each matrix's or input block's check; the last two are optional (absent → not listed).
CRITERIA_CHECK = "評価基準 criteria"
PARTNER_CHECKS = {CRITERIA_CHECK: names.STATUS_PARTNER_CRITERIA.name,
                  "候補の評価 ratings": names.STATUS_PARTNER_RATINGS.name,
                  "財務 finance": names.STATUS_PARTNER_FINANCE.name,
                  "候補の一対比較 matrices": names.STATUS_PARTNER_MATRICES.name}
#: The summary's columns, in order (after "file"; "error" follows).
_NAME, *_OTHER_COVER = COVER  # the kind right after the name
COLUMNS = (_NAME, PERIOD, KIND, *_OTHER_COVER, *WEIGHT_COLUMNS, EXPLANATION, *RESULTS, *GROUP,
           *ACHIEVEMENT_COLUMNS, EXIT, VIEW, VIEW_REASON, MOVED, LARGEST, *PARTNER, STATUS, REASON,
           ALLIANCE_ID, ORDER)

#: The custom document property (name, value) every summary workbook xlahp writes
#: carries (:func:`xlahp.apps.summary.write_summary`): a later report recognises its
#: own summaries by it — whatever they are called — and skips them.
SUMMARY_MARK = ("xlahp", "portfolio summary")

_MARK_SAID = f"document property {SUMMARY_MARK[0]}: {SUMMARY_MARK[1]}"

#: The largest value index (in magnitude) a summary takes at its word.  xlahp's scores stop
#: at the cap, at most twice the target (:data:`~xlahp.core.literature.SCORE_CAP_RANGE`),
#: and a rating level's priority is at most 9 × another's on Saaty's scale
#: (:data:`~xlahp.core.literature.SCALE_MAX`) when the levels are compared consistently; an
#: index beyond this bound — xlahp's choice, far past both — is no figure (a typed 1.6e308,
#: an older template's unbounded ratio): that workbook's problem, explained, never drawn.
PLAUSIBLE_INDEX = 1_000.0

#: Files a folder scan picks up: workbooks, and the spreadsheet formats xlahp
#: does not read (listed with "save it as .xlsx" rather than ignored).
SCANNED = (*SUFFIXES, *OTHER_FORMATS)


@dataclass
class Outcome:
    """One workbook's row, or the reason it could not be read."""

    path: str
    row: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def is_summary(path: str | Path) -> bool:
    """True for a summary workbook xlahp wrote (by its content, not its name)."""
    name, value = SUMMARY_MARK
    return custom_properties(path).get(name) == value


@dataclass
class Found:
    """The workbooks a report reads, and what it said about the files it left out."""

    files: list[Path]
    notes: list[str] = field(default_factory=list)


def _identity(path: Path) -> Any:
    """One key per file under any spelling: its device and inode where it exists (hard
    links, case-insensitive names), else its resolved path."""
    try:
        stat = path.stat()
        return ("inode", stat.st_dev, stat.st_ino)
    except OSError:
        try:
            return ("path", path.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            return ("path", path.absolute())


def _original(path: Path) -> Path | None:
    """``book.xlsx`` for ``book.calc.xlsx`` (an evaluated copy ``xlahp calc`` writes)."""
    stem = path.stem
    return path.with_name(stem[:-5] + path.suffix) if stem.endswith(".calc") else None


def scan(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> Found:
    """Workbooks named on the command line, folders searched recursively — each file
    once, in one linear pass.

    Excel's lock files (``~$book.xlsx``) and the files in *skip* are left out.  Found in
    a folder, xlahp's own summaries (by content) are left out, and of a workbook and its
    evaluated copy (``book.xlsx``, ``book.calc.xlsx``) the newer is read — each said once
    in :attr:`Found.notes`.  A file named explicitly is always read (a summary's mark on
    it said too); a named path that does not exist is kept, so that it is reported as an
    error.
    """
    named: list[tuple[Path, bool]] = []
    for path in map(Path, paths):
        if path.is_dir():
            named += [(p, False) for p in sorted(path.rglob("*"))
                      if p.suffix.lower() in SCANNED and not p.name.startswith("~$")
                      and p.is_file()]
        else:
            named.append((path, True))
    seen = {_identity(Path(p)) for p in skip}
    found = Found([])
    by_folder = {p: explicit for p, explicit in named}
    for path, explicit in named:
        key = _identity(path)
        if key in seen:
            continue
        seen.add(key)
        summary = is_summary(path)
        if explicit and summary:
            found.notes.append(f"{printable(str(path))}: marked as a summary xlahp wrote "
                               f"({_MARK_SAID}); read because it was named")
        if not explicit:
            if summary:
                found.notes.append(f"{printable(str(path))}: a summary xlahp wrote, skipped "
                                   f"({_MARK_SAID}; name it to read it anyway)")
                continue
            original = _original(path)
            pair = original if original in by_folder else next(
                (c for c in (path.with_name(f"{path.stem}.calc{path.suffix}"),)
                 if c in by_folder), None)
            if pair is not None and not by_folder[pair]:
                if max((path, pair), key=lambda p: p.stat().st_mtime_ns) != path:
                    continue  # the other one is newer: it is read
                found.notes.append(f"{printable(str(path))}: read in place of "
                                   f"{printable(pair.name)}, the older of a workbook and its "
                                   "evaluated copy (one alliance, two files)")
        found.files.append(path)
    return found


def find_workbooks(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> list[Path]:
    """The workbooks :func:`scan` finds."""
    return scan(paths, skip).files


def is_number(value: Any) -> bool:
    """A finite real number (numpy's too), not TRUE/FALSE."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_error(value: Any) -> bool:
    return isinstance(value, ExcelError) or (isinstance(value, str)
                                             and value.strip() in ExcelError.CODES)


def summarize(path: str | Path) -> Outcome:
    """Evaluate one alliance workbook and read its named fields (runs in a worker)."""
    from xlahp.workbook.calc import calculate

    outcome = Outcome(printable(str(path)))
    try:
        result = calculate(path)
        named, problems = result.named, result.problems
    except XlahpError as error:
        outcome.error = printable(str(error))
        return outcome
    except MemoryError:
        raise  # the worker reports the bound
    except Exception as error:  # a failure of ours or of a library: still one line
        outcome.error = printable(f"could not be evaluated ({type(error).__name__}: "
                                  f"{one_line(error)})")
        return outcome
    if PARTNER[TOP] in named:
        outcome.row = _partner_row(named, problems)
        return outcome
    required = [n for n in (*COVER.values(), *RESULTS.values(), WEIGHTS) if n not in OPTIONAL]
    missing = [n for n in required if n not in named]
    if missing:
        outcome.error = ("not an xlahp alliance workbook (no defined names "
                         f"{', '.join(missing[:3])}{'…' if len(missing) > 3 else ''})")
        return outcome
    outcome.row = _alliance_row(named, problems)
    return outcome


def _alliance_row(named: dict[str, list], problems: list) -> dict[str, Any]:
    """An alliance workbook's row: its cover, weights and results as the workbook shows
    them, and its status — the workbook's own overall status (:data:`ROW_STATUS`), or for
    a workbook from an older template, what its verdict and inputs say."""
    empty = [what for what, name in INPUTS.items()
             if name in named and all(v in (None, "") for v in named[name])]
    values = {column: _first(named, name) for column, name in COVER.items()}
    values.update(zip(WEIGHT_COLUMNS, [*named[WEIGHTS], *[None] * len(CRITERIA)]))
    values[EXPLANATION] = _explanation(named)
    values.update({column: _first(named, name) for column, name in RESULTS.items()})
    values.update(_group(named))
    values.update({column: _first(named, name) for column, name in PERIODS.items()})
    latest = named.get(names.KPI_LATEST.name) or []
    values.update({c: v if is_number(v) else None
                   for c, v in zip(ACHIEVEMENT_COLUMNS, [*latest, *[None] * 5])})
    row: dict[str, Any] = {KIND: ALLIANCE}
    why: dict[str, list[str]] = {}  # what a figure shows instead of a number → its columns
    for column, value in values.items():
        if column in NUMERIC:
            row[column] = _number(value)
            if not is_number(value) and value not in (None, "") and not empty:
                why.setdefault(_not_a_figure(value), []).append(column)
        else:
            row[column] = None if value is None or (_is_error(value) and empty) else (
                cell_text(value) if isinstance(value, str) else value)
    for column in PERIODS:
        row[column] = row[column] if row[column] not in ("",) else None
    period = _period(row[PERIOD])
    row[PERIOD] = period.label if period else row[PERIOD]
    own = _first(named, names.STATUS.name)
    code = checks.kind(own)
    if code is None:  # an older template: no overall status of its own
        code = (checks.EMPTY if empty or not is_number(row[VALUE]) else
                checks.ERROR if problems else
                checks.REVIEW if not str(row[names.VERDICT.label] or "").startswith("妥当")
                else checks.OK)
        own = f"{', '.join(empty)} empty" if empty else None
    reasons = [] if code == checks.OK else [str(own)[len(code):].strip(" :")] if own else []
    index = row[VALUE]
    if is_number(index) and abs(index) > PLAUSIBLE_INDEX:  # the workbook's, not the batch's
        row[VALUE], row[STANDING], code = math.nan, None, checks.ERROR
        reasons.insert(0, f"{VALUE}: {index:.3g} is no plausible index (1.0 = on target; "
                          f"xlahp's stays within ±{PLAUSIBLE_INDEX:,.0f}) — check 目標比較")
    if code == checks.OK and not is_number(row[VALUE]):  # OK means: a value index to read
        code = checks.ERROR if values[VALUE] not in (None, "") else checks.EMPTY
        reasons += [] if code == checks.ERROR else [f"{VALUE}: 空 blank"]  # an error: why says
    if code != checks.EMPTY:  # why a result column is blank (a 倒産指数 without its figures)
        reasons += [f"{', '.join(columns)}: {text}" for text, columns in why.items()]
    if problems:
        # 債務超過 explains the #N/A of what is built on equity: still its own status
        reasons.append(f"{len(problems)} cell error(s), first {problems[0]}")
        if code not in (checks.INSOLVENT, checks.EMPTY):
            code = checks.ERROR
    row[STATUS] = ROW_STATUS[code]
    row[REASON] = printable("; ".join(dict.fromkeys(r for r in reasons if r))) or None
    return row


#: What a summary cell keeps of a workbook's text that a terminal line would escape: line
#: breaks (Alt+Enter) and the joiners of emoji and scripts (ZWNJ, ZWJ).  Other controls —
#: bidirectional overrides among them — stay escaped (:func:`printable`).
_KEPT_IN_CELLS = re.compile("(\n|\u200c|\u200d)")


def cell_text(text: str) -> str:
    """Text from a workbook's cell as the summary shows it: :func:`printable`, but its
    line breaks and joiners kept (``A社\\n提携`` stays on two lines, 👨‍👩‍👧 one emoji)."""
    return "".join(part if _KEPT_IN_CELLS.fullmatch(part) else printable(part)
                   for part in _KEPT_IN_CELLS.split(text.replace("\r\n", "\n")))


def _explanation(named: dict[str, list]) -> str | None:
    """The workbook's one-line explanation; for an older template's workbook, the same
    words from its weights and criteria (its verdict standing in for the matrix's checks)."""
    own = _first(named, names.EXPLANATION.name)
    if own is not None or names.EXPLANATION.name in named:
        return own if isinstance(own, str) and own and not _is_error(own) else None
    weights, criteria = named.get(WEIGHTS) or [], named.get(names.CRITERIA.name) or []
    if not (weights and len(weights) == len(criteria) and all(map(is_number, weights))):
        return None
    try:
        line = explain.explain(weights, [str(c) for c in criteria]).line()
    except InputError:
        return None
    verdict = str(_first(named, names.VERDICT.name) or "")
    return line if verdict.startswith("妥当") else f"{line} [参考値: {verdict}]"


def _first(named: dict[str, list], name: str) -> Any:
    """The first value of a defined name (None when absent or empty)."""
    return (named.get(name) or [None])[0]


def _not_a_figure(value: Any) -> str:
    """What a result cell shows instead of a number, as the reason column says it."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"not a finite number ({value})"  # inf or NaN a file's cell claimed
    return printable(one_line(str(value), 60))


def _number(value: Any) -> float:
    """A figure as a float column holds it: NaN where it is not a number."""
    return float(value) if is_number(value) else math.nan


def _group(named: dict[str, list]) -> dict[str, Any]:
    """The 集団評価 columns: evaluators and S*, blank (not 0) while the sheet is not used."""
    group = {column: _first(named, name) for column, name in GROUP.items()}
    if not (is_number(group[EVALUATORS]) and group[EVALUATORS] > 0):
        return dict.fromkeys(GROUP)
    return group


def _partner_row(named: dict[str, list], problems: list) -> dict[str, Any]:
    """The row of a partner-selection workbook: its name, the top candidate and its priority,
    the runner-up and the margin, the most critical criterion and the change that overturns
    the top, the criteria C.R. and the mode; the alliance columns stay blank.  The verdict is
    the criteria matrix's check (or every failed check); the status is OK only while every
    check is OK (any 未入力, or no top candidate: incomplete); the reason lists the checks."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update({column: math.nan for column in NUMERIC}, **{KIND: PARTNER_SELECTION})
    for column, name in {**PARTNER_SHARED, **PARTNER}.items():
        value = _first(named, name)
        row[column] = _number(value) if column in NUMERIC else (
            cell_text(str(value)) if value not in (None, "") else None)
    row[MODE] = MODES.get(row[MODE], row[MODE])
    row.update({column: _number(v) for column, v in _group(named).items()})
    found = {column: printable(str(named[name][0] or "")) for column, name
             in PARTNER_CHECKS.items() if named.get(name)}
    failed = {column: text for column, text in found.items() if checks.kind(text) != checks.OK}
    review = {column: text for column, text in failed.items()
              if checks.kind(text) != checks.EMPTY}
    row["判定 verdict"] = (
        "要再検討 review: " + "; ".join(f"{column}: {text}" for column, text in review.items())
        if set(review) - {CRITERIA_CHECK}  # another matrix failed: say which
        else found.get(CRITERIA_CHECK, "").removeprefix(f"{OK} ") or None)
    # every check, in full where it failed (a passed one's detail is the verdict's or noise)
    reasons = [f"{column}: {failed.get(column, OK)}" for column in found]
    if problems:
        reasons.insert(0, f"{len(problems)} cell error(s), first {problems[0]}")
    row[REASON] = printable("; ".join(reasons)) or None
    if row[TOP] is None or len(review) < len(failed):  # no result, or a block 未入力
        row[STATUS] = INCOMPLETE
    else:
        row[STATUS] = CELL_ERRORS if problems else REVIEW if failed else OK
    return row


def _period(value: Any) -> periods.Period | None:
    """The period a cover names, None for a blank or unreadable one."""
    try:
        return None if value in (None, "") else periods.parse(value)
    except InputError:
        return None


def by_alliance(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of one report grouped by alliance (their AllianceID, whatever the files are
    called), each alliance's in period order, numbered (:data:`ORDER`) and compared with the
    period before (:data:`MOVED`, :data:`LARGEST`); alliances in the order first found.  A
    workbook without an ID (an older template, a file not read, a partner selection) is an
    alliance of its own; what this assumes is said once, in the notes returned."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    older = 0
    for k, row in enumerate(rows):
        identity = row.get(ALLIANCE_ID)
        if row.get(KIND) == ALLIANCE and identity in (None, ""):
            older += 1
        key = identity if row.get(KIND) == ALLIANCE and identity not in (None, "") else ("row", k)
        groups.setdefault(key, []).append(row)
    notes = []
    if older:
        notes.append(f"{older} workbook(s) without an alliance ID (提携ID; older template): "
                     "each is taken as an alliance of its own, one period")
    out = []
    for members in groups.values():
        labels = [r.get(PERIOD) for r in members]
        if len(members) > 1 and len(set(labels)) < len(labels):  # copies, not periods
            notes.append(f"{len(members)} workbooks share the alliance ID {members[0][ALLIANCE_ID]} "
                         "with a period repeated (copies of one workbook?): each is shown as an "
                         "alliance of its own")
            for row in members:
                row[ORDER], row[MOVED], row[LARGEST] = None, None, math.nan
            out += members
            continue
        unordered = [r for r in members if _period(r.get(PERIOD)) is None]
        if len(members) > 1 and unordered:
            notes.append(f"{members[0].get(names.ALLIANCE.label) or members[0].get('file')}: "
                         f"{len(unordered)} workbook(s) without a readable 評価期間, put first "
                         "in file order")
        members.sort(key=lambda r: (_period(r.get(PERIOD)).key if _period(r.get(PERIOD))
                                    else (-1, 0)))
        for k, row in enumerate(members):
            row[ORDER] = k + 1
            row[MOVED], row[LARGEST] = None, math.nan
            before = members[k - 1] if k else None
            w0 = [before.get(c) for c in WEIGHT_COLUMNS] if before else []
            w1 = [row.get(c) for c in WEIGHT_COLUMNS]
            if before and all(map(is_number, w0 + w1)):
                change = views.compare(w0, w1, CRITERIA)
                row[MOVED] = change.text() if change.changed else None
                row[LARGEST] = change.largest
        out += members
    return out, notes


def latest(frame):
    """The main table: of each alliance (:data:`ALLIANCE_ID`) its latest period's row, in
    the order of *frame* (:func:`report`'s long table); every other row as it is."""
    if ALLIANCE_ID not in frame.columns or not len(frame):
        return frame
    ids = frame[ALLIANCE_ID]
    grouped = frame[KIND].eq(ALLIANCE) & ids.notna() & ids.ne("") & frame[ORDER].notna()
    last = ~grouped | ~ids.where(grouped).duplicated(keep="last")
    return frame[last]


def plan_jobs(jobs: int | None, files: int) -> int:
    """Worker processes for *files* workbooks: *jobs* (default: every core), capped
    at the cores this process may use and at the number of files."""
    if jobs is None:
        jobs = cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs (-j) is {jobs!r}; give 1 or more parallel workers "
                         f"(at most the {cores()} cores of this machine are used)")
    return max(1, min(jobs, cores(), files))


def run(paths: Iterable[str | Path], jobs: int | None = None, progress: bool = False,
        skip: Iterable[str | Path] = (), seconds: float = MAX_SECONDS,
        memory: int = MAX_MEMORY) -> Iterator[Outcome]:
    """Summarise every workbook found, in worker processes over the machine's
    cores, in the order found.  Each workbook has *seconds* and *memory* (bytes
    of address space, POSIX) at most; one over a bound, or whose worker dies, is
    reported with the reason and the rest go on."""
    files = paths if isinstance(paths, Found) else scan(paths, skip)
    files = files.files
    if not files:
        raise InputError(f"no {', '.join(SUFFIXES[:2])} workbooks found "
                         "(xlahp's own summaries are skipped)")
    workers = plan_jobs(jobs, len(files))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="workbook", desc="xlahp report")
    done: dict[int, Outcome] = {}
    following = 0
    try:
        for index, outcome in bounded_map(summarize, files, workers, seconds, memory):
            if isinstance(outcome, Failed):
                outcome = Outcome(printable(str(files[index])), error=outcome.reason)
            done[index] = outcome
            if bar is not None:
                bar.update()
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        if bar is not None:
            bar.close()


def report(paths: Iterable[str | Path] | str | Path, jobs: int | None = None,
           progress: bool = False, skip: Iterable[str | Path] = (),
           seconds: float = MAX_SECONDS, memory: int = MAX_MEMORY):
    """The portfolio as a pandas DataFrame, one row per workbook — the long table: one row
    per alliance and period, each alliance's rows together in period order (the main table,
    one row per alliance at its latest period, is :func:`latest` of it).

    Columns: ``file``, the name and ``評価期間 period`` (FY2024, FY2024 Q1, 2024-04 as
    :mod:`xlahp.core.periods` writes them), the cover (text; ``種別 kind``, :data:`ALLIANCE` or
    :data:`PARTNER_SELECTION`), the weights and results (float64, NaN where not computed; the
    verdict is text), a partner selection's :data:`PARTNER` columns, ``状態 status``
    (:data:`OK`, :data:`INCOMPLETE`, :data:`CELL_ERRORS`, :data:`NOT_READ`, or for a
    partner selection :data:`REVIEW`), ``理由 reason``
    (why a figure is missing, or why the file could not be read), ``提携ID alliance ID`` and
    ``期順 order`` (1, 2, … within the alliance, Int64), and ``error`` (the reason a file
    could not be read, else empty).  Across periods: the KGI's and KPIs' latest achievement
    (:data:`ACHIEVEMENT_COLUMNS`, float), ``Exit 判定 exit``, ``視点の継続 view`` (the
    workbook's 要説明 when its view changed without a reason), the reason, and against the
    alliance's period before ``重みの変化 weights moved`` and ``最大の変化 largest move``.
    ``frame.attrs["notes"]`` says what was assumed (workbooks without an ID).  Sorting by a
    result column works: ``frame.sort_values("価値指数 value index")``; so does
    ``frame.pivot(index="評価期間 period", columns="提携ID alliance ID",
    values="価値指数 value index")``.  Works from a
    plain script, guard or no guard, under any multiprocessing start method.
    """
    import pandas as pd

    if isinstance(paths, (str, Path)):
        paths = [paths]
    told = isinstance(paths, Found)  # the caller says the notes (the command line does)
    if not told:
        found = scan(paths, skip)
        for note in found.notes:  # said once, as the command line says it
            warnings.warn(note, stacklevel=2)
        paths = found
    rows = []
    for outcome in run(paths, jobs, progress, skip, seconds, memory):
        row = outcome.row if outcome.error is None else {
            STATUS: NOT_READ, REASON: outcome.error}
        rows.append({"file": outcome.path, **row, "error": outcome.error})
    rows, notes = by_alliance(rows)
    if not told:
        for note in notes:
            warnings.warn(note, stacklevel=2)
    frame = pd.DataFrame(rows, columns=["file", *COLUMNS, "error"])
    frame.attrs["notes"] = notes
    frame[ORDER] = frame[ORDER].astype("Int64")
    for column in NUMERIC:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame
