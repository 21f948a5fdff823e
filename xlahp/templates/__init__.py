"""The workbooks (README, "The workbooks"), built by code: the template and the paper's example.

Each sheet is one description (:mod:`.alliance`, :mod:`.ahp`, :mod:`.group`, :mod:`.accounts`)
written by :mod:`.layout`; the inputs come from a :class:`~.case.Case` — blank
for the template, A社 of Iida & Torii (2011) §4 for the example.  The partner-selection
workbook (:mod:`.partner`) is built from a :class:`~.partner_case.PartnerCase`.  The
committed files in ``workbooks/`` are these builds (``python -m
xlahp.templates [FOLDER]`` rewrites them); a test rebuilds and compares.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

from xlahp.templates import (accounts, ahp, alliance, explanation, group, holding, partner,
                             tracking)
from xlahp.templates.case import TEMPLATE, Case, paper_case
from xlahp.templates.layout import save, write_sheet
from xlahp.templates.partner_case import PARTNER_TEMPLATE, PartnerCase, example_case

#: File names in ``workbooks/`` and whether each is the filled example.
WORKBOOKS = {"xlahp_template.xlsx": False, "paper_example.xlsx": True,
             "partner_selection.xlsx": True}
#: The one of them that is the partner-selection workbook (:func:`build_partner`).
PARTNER_WORKBOOK = "partner_selection.xlsx"
#: The sheets, in workbook order.
SHEETS = (alliance.cover, explanation.sheet, ahp.questionnaire, ahp.pairwise, group.sheet,
          accounts.statement, accounts.indicators, accounts.target_comparison,
          accounts.bankruptcy, holding.sheet, tracking.sheet)


def workbook(case: Case) -> Workbook:
    """The workbook for ``case`` (in memory)."""
    wb = Workbook()
    wb.remove(wb.active)
    for describe in SHEETS:
        write_sheet(wb, describe(case))
    if case.teaching:  # the paper's teaching example (例題 表2): the filled example only
        write_sheet(wb, ahp.worked_example())
    write_sheet(wb, alliance.conf())
    wb.properties.title = "AHP による戦略的提携の企業価値評価 (xlahp)"
    wb.properties.creator = wb.properties.lastModifiedBy = "xlahp"
    return wb


def build(path: str | Path, example: bool = False, case: Case | None = None,
          evaluated: bool = False) -> Path:
    """Write the template (or, with ``example``, the paper's A社 case, or the inputs
    of ``case``) to ``path``; with ``evaluated``, every formula carries its value, so
    that the workbook opens clean in any viewer (:func:`_write`)."""
    path = Path(path)
    _write(workbook(case or (paper_case() if example else TEMPLATE)), path, evaluated)
    return path


def build_partner(path: str | Path, example: bool = False,
                  case: PartnerCase | None = None, evaluated: bool = False) -> Path:
    """Write the partner-selection workbook: blank, or with ``example`` the invented
    four-candidate case, or the inputs of ``case`` (``evaluated`` as for :func:`build`)."""
    path = Path(path)
    _write(partner.workbook(case or (example_case() if example else PARTNER_TEMPLATE)), path,
           evaluated)
    return path


def _write(book: Workbook, path: Path, evaluated: bool) -> None:
    """Save ``book``; with ``evaluated``, evaluated headless first and written with the
    values cached (as ``xlahp calc`` writes them), so that Excel without the add-in and
    LibreOffice show numbers and statuses, not #NAME?.  Reproducible either way."""
    if not evaluated:
        save(book, path)
        return
    import tempfile

    from xlahp.workbook.calc import calculate

    with tempfile.TemporaryDirectory(prefix=".xlahp-", dir=path.parent) as folder:
        draft = Path(folder) / path.name
        save(book, draft)
        calculate(draft, path)


def write_workbooks(folder: str | Path = "workbooks") -> list[Path]:
    """(Re)build every committed workbook into ``folder``, evaluated."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [(build_partner if name == PARTNER_WORKBOOK else build)(folder / name, example,
                                                                    evaluated=True)
            for name, example in WORKBOOKS.items()]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in write_workbooks(*args[:1]):
        print(path)
    return 0
