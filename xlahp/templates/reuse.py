"""A new alliance workbook, blank or carrying over an earlier one's management view.

The paper's point (§5): once a framework is made, the same view is applied
again and again.  So a new alliance may start from an earlier alliance's
workbook, keeping what expresses management's view — the questionnaire
answers or direct matrix, the chosen indicators, the targets and the
倒産指数 weights — while the cover and the year's figures start empty.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from xlahp.errors import XlahpError, one_line

from .accounts import STATEMENT_ITEMS
from .ahp import N
from .case import ALLIANCE_FORMS, PAIRS, TEMPLATE, Case


def _named(path: Path) -> dict[str, list]:
    """The cells of every defined name of a workbook, as typed (checked first as
    any workbook a user gives us: :func:`xlahp.workbook.safety.check_workbook`)."""
    from openpyxl import load_workbook

    from xlahp.workbook.calc import named_cells
    from xlahp.workbook.safety import check_workbook

    check_workbook(path)
    try:
        return named_cells(load_workbook(path))
    except Exception as error:
        raise XlahpError(f"{path}: cannot be read as a workbook ({one_line(error)})") from None


def reuse(path: str | Path) -> Case:
    """The inputs of an earlier alliance workbook that carry over to a new one."""
    path = Path(path)
    named = _named(path)
    needed = ("Input_Answers", "Input_Direct", "Input_MatrixSource", "Input_Target",
              "Input_Selected", "Input_BankruptcyWeights")
    missing = [n for n in needed if n not in named]
    if missing:
        raise XlahpError(f"{path}: not an xlahp alliance workbook (no {', '.join(missing)})")
    sizes = {"Input_Answers": 2 * len(PAIRS), "Input_Direct": N * N,
             "Input_Target": len(STATEMENT_ITEMS), "Input_Selected": N,
             "Input_BankruptcyWeights": len(TEMPLATE.bankruptcy_weights)}
    changed = [n for n, size in sizes.items() if len(named[n]) != size]
    if changed:
        raise XlahpError(f"{path}: made from another version of the template "
                         f"({', '.join(changed)} differ); copy its answers by hand")
    answers = named["Input_Answers"]
    direct = named["Input_Direct"]
    return replace(
        TEMPLATE,
        answers=tuple((answers[2 * k], answers[2 * k + 1]) for k in range(len(PAIRS))),
        direct={(i, j): str(direct[i * N + j]) for i, j in PAIRS
                if direct[i * N + j] not in (None, "")},
        source=named["Input_MatrixSource"][0] or TEMPLATE.source,
        statement={"target": {item: value for item, value in
                              zip(STATEMENT_ITEMS, named["Input_Target"]) if value is not None}},
        selected=tuple(named["Input_Selected"]),
        bankruptcy_weights=tuple(named["Input_BankruptcyWeights"]),
    )


def new_case(name: str, partner: str | None = None, form: str | None = None,
             source: str | Path | None = None) -> Case:
    """The inputs of a new alliance: the cover from the arguments, the rest blank
    or carried over from *source*."""
    if not name or not name.strip():
        raise XlahpError("the alliance needs a name")
    if form is not None and form not in ALLIANCE_FORMS:
        raise XlahpError(f"form '{form}' is not one of {', '.join(ALLIANCE_FORMS)}")
    base = reuse(source) if source is not None else TEMPLATE
    cover = {"AllianceName": name.strip(), "Partner": partner, "AllianceForm": form}
    return replace(base, cover={k: v for k, v in cover.items() if v})


def file_name(name: str) -> str:
    """A file name for the alliance: characters Windows forbids become "_"."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name.strip()) + ".xlsx"
