"""一覧 — the portfolio summary as a workbook (and CSV) a planner can take to a board.

Input is the table of :func:`xlahp.portfolio.report`; nothing here evaluates a workbook.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .literature import CR_THRESHOLD


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
