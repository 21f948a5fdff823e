"""A new alliance workbook, blank or carrying over an earlier one's management view.

The paper's point (§5): once a framework is made, the same view is applied
again and again.  So a new alliance may start from an earlier alliance's
workbook, keeping what expresses management's view — the questionnaire
answers or direct matrix, the chosen indicators, the targets (with the target
year's label) and the 倒産指数 weights — while the cover and the year's figures
start empty.

Whatever a user typed is written back as they typed it: text stays text, even
text that starts with ``=`` or reads like an error code (``#N/A``) — openpyxl
would otherwise store it as a live formula (formula injection) or an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from xlahp.errors import InputError, XlahpError, one_line

from xlahp.templates.accounts import STATEMENT_ITEMS
from xlahp.templates.ahp import N
from xlahp.templates.case import ALLIANCE_FORMS, PAIRS, TEMPLATE, Case

#: Excel's limit on the characters of one cell.
MAX_CELL_TEXT = 32_767

#: The defined names a new workbook takes over, with how many cells each has in
#: the current template (a name of any other size is from another version, and
#: is not read — a name over the whole grid costs nothing).
CARRIED = {"Input_Answers": 2 * len(PAIRS), "Input_Direct": N * N, "Input_MatrixSource": 1,
           "Input_Target": len(STATEMENT_ITEMS), "Input_Selected": N,
           "Input_BankruptcyWeights": len(TEMPLATE.bankruptcy_weights)}
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


def _carried(path: Path) -> tuple[dict[str, list], str | None]:
    """The cells of :data:`CARRIED` as typed, and the target year's label: the file
    checked first as any workbook a user gives us (:func:`xlahp.workbook.safety.check_workbook`,
    which also makes sure the workbook part openpyxl reads is the one it checked), then
    the bytes it checked read in a worker under the bounds of ``xlahp calc``
    (:func:`xlahp.workbook.workers.bounded_call`)."""
    from xlahp.workbook.safety import check_workbook
    from xlahp.workbook.workers import bounded_call

    package = check_workbook(path)
    return bounded_call(_read_carried, (path, package.data), path)


def _read_carried(task: tuple[Path, bytes]) -> tuple[dict[str, list], str | None] | XlahpError:
    """:func:`_carried`'s reading, in the worker; a refusal comes back as the exception."""
    from io import BytesIO

    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    path, data = task
    try:
        book = load_workbook(BytesIO(data))
    except MemoryError:
        raise  # the worker reports its bound
    except Exception as error:  # noqa: BLE001 — whatever openpyxl trips over: one line
        return InputError(f"{path}: cannot be read as a workbook ({one_line(error)})")
    missing = [n for n in CARRIED if n not in book.defined_names]
    if missing:
        return InputError(f"{path}: not an xlahp alliance workbook (no {', '.join(missing)})")
    places, changed = {}, []
    for name, size in CARRIED.items():
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
        places[name] = (book[title], left, top, right, bottom)
    if changed:
        return InputError(f"{path}: made from another version of the template "
                          f"({', '.join(changed)} differ); copy its answers by hand")
    cells = {name: [_typed(c) for row in sheet.iter_rows(min_row=top, max_row=bottom,
                                                          min_col=left, max_col=right)
                    for c in row]
             for name, (sheet, left, top, right, bottom) in places.items()}
    sheet, column, top = (places["Input_Target"][k] for k in (0, 1, 2))
    year = None
    for row in range(top - 1, max(top - 4, 0), -1):  # the header rows above the items
        if FISCAL_YEAR_LABEL in [sheet.cell(row, c).value for c in range(1, column)]:
            year = _typed(sheet.cell(row, column))
            break
    return cells, year


def reuse(path: str | Path) -> Case:
    """The inputs of an earlier alliance workbook that carry over to a new one."""
    path = Path(path)
    named, year = _carried(path)
    answers = named["Input_Answers"]
    direct = named["Input_Direct"]
    return replace(
        TEMPLATE,
        answers=tuple((answers[2 * k], answers[2 * k + 1]) for k in range(len(PAIRS))),
        direct={(i, j): str(v) if isinstance(v, (int, float)) else v  # the cells are text
                for (i, j), v in ((p, direct[p[0] * N + p[1]]) for p in PAIRS)
                if v not in (None, "")},
        source=named["Input_MatrixSource"][0] or TEMPLATE.source,
        fiscal_years={"target": year} if year not in (None, "") else {},
        statement={"target": {item: value for item, value in
                              zip(STATEMENT_ITEMS, named["Input_Target"]) if value is not None}},
        selected=tuple(named["Input_Selected"]),
        bankruptcy_weights=tuple(named["Input_BankruptcyWeights"]),
    )


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
             source: str | Path | None = None) -> Case:
    """The inputs of a new alliance: the cover from the arguments, the rest blank
    or carried over from *source*."""
    if not name or not name.strip():
        raise InputError("the alliance needs a name")
    if form is not None:
        form = unicodedata.normalize("NFKC", form).strip()
        if form not in ALLIANCE_FORMS:
            raise InputError(f"form '{one_line(form, 40)}' is not one of "
                             f"{', '.join(ALLIANCE_FORMS)}")
    base = reuse(source) if source is not None else TEMPLATE
    cover = {"AllianceName": _user_text(name, "the alliance name"),
             "Partner": _user_text(partner, "--partner"), "AllianceForm": form or None}
    return replace(base, cover={k: v for k, v in cover.items() if v})


def new_partner_case(name: str):
    """The inputs of a new partner-selection workbook: its name on the cover, the
    rest blank (the criteria of seed 000 and the rating scale stay as built)."""
    from xlahp.templates.partner_case import PARTNER_TEMPLATE

    if not name or not name.strip():
        raise InputError("the partner selection needs a name")
    return replace(PARTNER_TEMPLATE, cover={"AllianceName": _user_text(name, "the name")})


def file_name(name: str) -> str:
    """A file name for the alliance: characters Windows forbids become "_"."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name.strip()) + ".xlsx"
