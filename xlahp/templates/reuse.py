"""A new alliance workbook: blank, or the next period of an earlier one (SPEC §2.7).

The paper's point (§5): once a framework is made, the same view is applied again and
again.  So ``xlahp new --from OLD`` rolls a period forward: the alliance keeps its ID and
its cover (purpose, partner, form, KGI/KPI with their cadence, exit pattern, conditions
and rules, notes; the period moves to the next one), its view (the questionnaire answers
or direct matrix, hence the weights — written beside as the previous period's, so that
a change shows), the chosen indicators, the targets with their year and the 倒産指数
weights; last period's 当期 figures become this period's 前期 (with their 決算期 and
unit), 当期 starts empty (its status says so), and the KPI review log carries on with
this period's review periods added.  A new alliance gets a new random ID (:func:`new_id`).

Whatever a user typed is written back as they typed it: text stays text, even
text that starts with ``=`` or reads like an error code (``#N/A``) — openpyxl
would otherwise store it as a live formula (formula injection) or an error.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

from xlahp.errors import InputError, XlahpError, one_line

from xlahp.core import periods
from xlahp.templates import names, tracking
from xlahp.templates.accounts import STATEMENT_ITEMS
from xlahp.templates.ahp import N
from xlahp.templates.alliance import COVER_NAMES, KPI_ROWS
from xlahp.templates.case import ALLIANCE_FORMS, PAIRS, PERIODS, TEMPLATE, Case

#: Excel's limit on the characters of one cell.
MAX_CELL_TEXT = 32_767

#: The defined names a new workbook takes over, with how many cells each has in
#: the current template (a name of any other size is from another version, and
#: is not read — a name over the whole grid costs nothing).
CARRIED = {names.ANSWERS.name: 2 * len(PAIRS), names.DIRECT.name: N * N, names.MATRIX_SOURCE.name: 1,
           names.TARGET.name: len(STATEMENT_ITEMS), names.SELECTED.name: N,
           names.BANKRUPTCY_WEIGHTS.name: len(TEMPLATE.bankruptcy_weights)}
#: Names read when the earlier workbook has them (an older template may not): the cover,
#: this year's figures and their units, the KPI log, the weights as last computed.
OPTIONAL = {**{n: 1 for n in COVER_NAMES}, names.ALLIANCE_ID.name: 1,
            names.KGI.name: 3, names.KPI.name: 3 * KPI_ROWS,
            names.CURRENT.name: len(STATEMENT_ITEMS), names.UNITS.name: len(PERIODS),
            names.KPI_DIRECTIONS.name: tracking.LINES, names.REVIEW_PERIODS.name: tracking.LOG_ROWS,
            names.KPI_ACTUALS.name: tracking.LINES * tracking.LOG_ROWS,
            names.WEIGHTS.name: N}
#: The label of the statement row above the first item: the period names (決算期).
FISCAL_YEAR_LABEL = "決算期"


def as_text(value: Any) -> Any:
    """*value*, marked as text where openpyxl would store it as something else:
    a formula (``=…``) or an error value (``#N/A``).  Other values unchanged."""
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.cell.rich_text import CellRichText

    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        return CellRichText(value)
    return value


def _typed(cell) -> Any:
    """What a user typed into *cell*: a number, text (kept text), a formula; an
    error value or anything else openpyxl returns (array formulas) as blank."""
    value = cell.value
    if cell.data_type == "f":
        return value if isinstance(value, str) else None
    if cell.data_type == "e":
        return None
    return as_text(value) if isinstance(value, str) else value


def _places(book, path: Path, wanted: dict[str, int], required: bool) -> dict[str, tuple]:
    """Where each of *wanted*'s names is (sheet, bounds), checked for its size; a required
    name missing or of another size is an InputError, an optional one is left out."""
    from openpyxl.utils.cell import range_boundaries

    missing = [n for n in wanted if n not in book.defined_names]
    if missing and required:
        raise InputError(f"{path}: not an xlahp alliance workbook (no {', '.join(missing)})")
    places, changed = {}, []
    for name, size in wanted.items():
        if name in missing:
            continue
        destinations = [(t, r) for t, r in book.defined_names[name].destinations
                        if t in book.sheetnames]
        try:
            (title, ref), = destinations
            left, top, right, bottom = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError):
            changed.append(name)
            continue
        if (right - left + 1) * (bottom - top + 1) != size:
            changed.append(name)
            continue
        places[name] = (title, left, top, right, bottom)
    if changed and required:
        raise InputError(f"{path}: made from another version of the template "
                         f"({', '.join(changed)} differ); copy its answers by hand")
    return places


def _cells(book, place: tuple, typed=_typed) -> list:
    title, left, top, right, bottom = place
    return [typed(c) for row in book[title].iter_rows(min_row=top, max_row=bottom,
                                                      min_col=left, max_col=right) for c in row]


def _carried(path: Path) -> tuple[dict[str, list], dict[str, Any], list[float] | None]:
    """The cells of :data:`CARRIED` and of the :data:`OPTIONAL` names the workbook has, as
    typed; the 決算期 labels of its periods; the weights as last computed (None when the
    workbook holds none: never evaluated).  The file is checked first as any workbook a
    user gives us (:func:`xlahp.workbook.safety.check_workbook`, which also makes sure the
    workbook part openpyxl reads is the one it checked), then the bytes it checked are
    read in a worker under the bounds of ``xlahp calc``
    (:func:`xlahp.workbook.workers.bounded_call`)."""
    from xlahp.workbook.safety import check_workbook
    from xlahp.workbook.workers import bounded_call

    package = check_workbook(path)
    return bounded_call(_read_carried, (path, package.data), path)


def _read_carried(task: tuple[Path, bytes]) -> Any:
    """:func:`_carried`'s reading, in the worker; a refusal comes back as the exception."""
    from openpyxl import load_workbook

    path, data = task
    try:
        book = load_workbook(BytesIO(data))
    except MemoryError:
        raise  # the worker reports its bound
    except Exception as error:  # noqa: BLE001 — whatever openpyxl trips over: one line
        return InputError(f"{path}: cannot be read as a workbook ({one_line(error)})")
    try:
        return _read(book, path, data)
    except XlahpError as error:
        return error


def _read(book, path: Path, data: bytes) -> tuple[dict[str, list], dict[str, Any],
                                                  list[float] | None]:
    places = _places(book, path, CARRIED, True)
    optional = _places(book, path, {k: v for k, v in OPTIONAL.items() if k != names.WEIGHTS.name},
                       False)
    cells = {name: _cells(book, place) for name, place in {**places, **optional}.items()}
    years: dict[str, Any] = {}
    title, column, top = places[names.TARGET.name][:3]
    sheet = book[title]
    for row in range(top - 1, max(top - 4, 0), -1):  # the header rows above the items
        if FISCAL_YEAR_LABEL in [sheet.cell(row, c).value for c in range(1, column)]:
            for key, offset in zip(("current", "previous", "target"), (-2, -1, 0)):
                years[key] = _typed(sheet.cell(row, column + offset))
            break
    return cells, years, _weights(path, book, data)


def _weights(path: Path, book, data: bytes) -> list[float] | None:
    """The weights of the workbook's view: as it last showed them (its cached
    Result_Weights), or computed headless when it holds none (saved by a tool that does
    not calculate); None while its view gives none (questions unanswered)."""
    from openpyxl import load_workbook

    from xlahp.workbook.calc import calculate

    place = _places(book, path, {names.WEIGHTS.name: N}, False).get(names.WEIGHTS.name)
    if place is None:
        return None

    def numeric(values: list) -> list[float] | None:
        found = [float(v) for v in values if isinstance(v, (int, float))
                 and not isinstance(v, bool)]
        return found if len(found) == N else None

    cached = numeric(_cells(load_workbook(BytesIO(data), data_only=True, read_only=True),
                            place, lambda c: c.value))
    return cached or numeric(calculate(path).named.get(names.WEIGHTS.name) or [])


def new_id() -> str:
    """A new alliance's ID: a random UUID (version 4) — unique without a registry, so that
    workbooks made anywhere never share one by chance, and checkable by any script."""
    return str(uuid.uuid4())


def _period(value: Any) -> periods.Period | None:
    try:
        return None if value in (None, "") else periods.parse(str(value))
    except InputError:
        return None


def _log(named: dict[str, list], period: periods.Period | None,
         cadence: periods.Cadence | None) -> tuple[tuple[Any, tuple[Any, ...]], ...]:
    """The review log carried on: its rows as typed, then the review periods of *period*
    not in it yet (at *cadence*), the oldest rows dropped past the log's length."""
    lines = tracking.LINES
    labels = named.get(names.REVIEW_PERIODS.name) or []
    figures = named.get(names.KPI_ACTUALS.name) or []
    rows = [(label, tuple(figures[k * lines:(k + 1) * lines])) for k, label in enumerate(labels)
            if label not in (None, "") or any(f not in (None, "") for f in
                                              figures[k * lines:(k + 1) * lines])]
    known = {p.label for p in (_period(label) for label, _ in rows) if p}
    if period is not None:
        rows += [(p.label, ()) for p in period.reviews(cadence or period.cadence)
                 if p.label not in known]
    return tuple(rows[-tracking.LOG_ROWS:])


def reuse(path: str | Path, period: str | None = None) -> Case:
    """The next period of the alliance of an earlier workbook (module docstring); *period*
    names it (default: the period after the earlier one's, when that one can be read)."""
    path = Path(path)
    named, years, weights = _carried(path)
    answers = named[names.ANSWERS.name]
    direct = named[names.DIRECT.name]
    cover = {name: named[name][0] for name in COVER_NAMES if named.get(name, [None])[0]
             not in (None, "")}
    cover.pop(names.EVALUATION_DATE.name, None)  # a new period is evaluated on its own date
    before = cover.pop(names.PERIOD.name, None)
    goals = named.get(names.KGI.name, [None] * 3) + named.get(names.KPI.name,
                                                              [None] * 3 * KPI_ROWS)
    lines = [tuple(goals[3 * k:3 * k + 3]) for k in range(KPI_ROWS + 1)]
    cadence = periods.finest([_cadence(review) for _, _, review in lines])
    following = _period(period) if period is not None else (
        _period(before).next() if _period(before) else None)
    if period is not None:
        cover[names.PERIOD.name] = period
    elif following is not None:
        cover[names.PERIOD.name] = following.label
    units = named.get(names.UNITS.name) or [None] * len(PERIODS)
    identity = (named.get(names.ALLIANCE_ID.name) or [None])[0]
    return replace(
        TEMPLATE,
        cover=cover,
        kgi=lines[0],
        kpis=tuple(lines[1:]),
        answers=tuple((answers[2 * k], answers[2 * k + 1]) for k in range(len(PAIRS))),
        direct={(i, j): str(v) if isinstance(v, (int, float)) else v  # the cells are text
                for (i, j), v in ((p, direct[p[0] * N + p[1]]) for p in PAIRS)
                if v not in (None, "")},
        source=named[names.MATRIX_SOURCE.name][0] or TEMPLATE.source,
        fiscal_years={key: years[old] for key, old in (("previous", "current"),
                                                       ("target", "target"))
                      if years.get(old) not in (None, "")},
        units={key: units[k] for key, k in (("current", 0), ("previous", 0), ("target", 2))
               if units[k] not in (None, "")},
        statement={"previous": _figures(named.get(names.CURRENT.name)),
                   "target": _figures(named[names.TARGET.name])},
        selected=tuple(named[names.SELECTED.name]),
        bankruptcy_weights=tuple(named[names.BANKRUPTCY_WEIGHTS.name]),
        alliance_id=identity if identity not in (None, "") else new_id(),
        previous_period=(_period(before).label if _period(before) else
                         str(before) if before not in (None, "") else None),
        previous_weights=tuple(weights or ()),
        kpi_directions=tuple(named.get(names.KPI_DIRECTIONS.name) or ()),
        review_log=_log(named, following, cadence),
    )


def _figures(cells: list | None) -> dict[str, Any]:
    return {item: value for item, value in zip(STATEMENT_ITEMS, cells or [])
            if value is not None}


def _cadence(review: Any) -> periods.Cadence | None:
    try:
        return periods.cadence_of(review)
    except InputError:
        return None


def _user_text(value: str | None, what: str) -> Any:
    """A cover field from the command line: outer blanks removed, control
    characters and over-long text refused, stored as text whatever it reads as."""
    if value is None:
        return None
    text = value.strip()
    bad = next((c for c in text if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise InputError(f"{what} holds the control character {bad!r}; "
                         "type it without line breaks, tabs or escape codes")
    if len(text) > MAX_CELL_TEXT:
        raise InputError(f"{what} is {len(text):,} characters; an Excel cell holds "
                         f"at most {MAX_CELL_TEXT:,}")
    return as_text(text) if text else None


def new_case(name: str, partner: str | None = None, form: str | None = None,
             source: str | Path | None = None, period: str | None = None) -> Case:
    """The inputs of a new alliance, or with *source* of the next period of its alliance:
    the name (and partner, form, period when given) from the arguments, the rest blank or
    carried over from *source* (:func:`reuse`); a new alliance gets a new ID."""
    if not name or not name.strip():
        raise InputError("the alliance needs a name")
    if form is not None:
        form = unicodedata.normalize("NFKC", form).strip()
        if form not in ALLIANCE_FORMS:
            raise InputError(f"form '{one_line(form, 40)}' is not one of "
                             f"{', '.join(ALLIANCE_FORMS)}")
    if period is not None:
        period = periods.parse(period, "--period").label
    base = reuse(source, period) if source is not None else replace(
        TEMPLATE, alliance_id=new_id(), cover={names.PERIOD.name: period} if period else {})
    cover = {names.ALLIANCE.name: _user_text(name, "the alliance name"),
             names.PARTNER.name: _user_text(partner, "--partner"), names.FORM.name: form or None}
    return replace(base, cover={**base.cover, **{k: v for k, v in cover.items() if v}})


def new_partner_case(name: str):
    """The inputs of a new partner-selection workbook: its name on the cover, the
    rest blank (the criteria of seed 000 and the rating scale stay as built)."""
    from xlahp.templates.partner_case import PARTNER_TEMPLATE

    if not name or not name.strip():
        raise InputError("the partner selection needs a name")
    return replace(PARTNER_TEMPLATE, cover={names.ALLIANCE.name: _user_text(name, "the name")})


def file_name(name: str) -> str:
    """A file name for the alliance: characters Windows forbids become "_"."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name.strip()) + ".xlsx"
