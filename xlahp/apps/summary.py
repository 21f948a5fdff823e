"""一覧 — the portfolio summary as a workbook (and CSV) a planner can take to a board.

Input is the table of :func:`xlahp.apps.portfolio.report`; nothing here evaluates a workbook.
Any result column may hold a number, NaN/None (not computed) or text (an error code such
as ``#VALUE!``, or ``入力不足``).  A value index whose weights failed the consistency check
is shown everywhere as 参考値 (provisional), with the reason; so is a partner selection's
top priority.  Alliances and partner selections are two kinds of decision: the workbook
gives each its own sheet (一覧, 提携先の選定), the CSV one table with a 種別 kind column.
"""

from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from xlahp.core.literature import CR_THRESHOLD
from xlahp.core.paper import CRITERIA
from xlahp.apps.portfolio import (ACHIEVEMENT_COLUMNS, ALLIANCE_ID, CONSENSUS, EVALUATORS, EXIT,
                                  KIND, LARGEST, MODE, MOVED, ORDER, PARTNER, PARTNER_SELECTION,
                                  PERIOD, REASON, SCORE, STATUS, VIEW, VIEW_REASON, is_number,
                                  latest)
from xlahp.sheet import checks
from xlahp.templates import names

NAME, FILE, ERROR = names.ALLIANCE.label, "file", "error"
CR, NC, NC_LIMIT = names.CR.label, names.NC.label, names.NC_LIMIT.label
VERDICT = names.VERDICT.label
VALUE = names.VALUE_INDEX.label
#: After the value index: whether it can be relied on, and why not (the workbook's standing).
HANDLING = names.STANDING.label
FINAL, PROVISIONAL = f"{checks.FINAL} final", f"{checks.PROVISIONAL} provisional"
PARTNER_SHEET = "提携先の選定 Partner selection"
#: The partner-selection sheet's columns (those of the frame it has, in this order).
PARTNER_COLUMNS = (NAME, *(c for c in PARTNER if c != MODE), CR, MODE, EVALUATORS, CONSENSUS,
                   VERDICT, STATUS, REASON, FILE)

_COUNT, _RATIO, _PERCENT = "0", "0.000", "0.0%"
#: Number format per column; weights ("w …") are ratios too.
NUMBER_FORMATS = {"C.I.": _RATIO, CR: _RATIO, NC: _COUNT, NC_LIMIT: _COUNT, VALUE: _RATIO,
                  names.COVERAGE.label: _PERCENT, names.BANKRUPTCY.label: _RATIO,
                  EVALUATORS: _COUNT, CONSENSUS: _PERCENT, LARGEST: "+0.000;-0.000;0.000",
                  **{c: _PERCENT for c in ACHIEVEMENT_COLUMNS},
                  SCORE: _RATIO, "2位との差 margin": _RATIO,
                  "覆る変化率 % to overturn": '0.0"%"'}
#: A provisional value index keeps its number (it sorts and filters) but reads "0.559 参考値".
PROVISIONAL_FORMAT = '0.000" 参考値"'
#: Widest a column grows (in Excel's width units: one digit; a CJK character is two) before
#: its text wraps: wide enough for a name or a verdict on two lines, narrow enough that a
#: printed page holds several columns at full size.
WRAP_WIDTH = {NAME: 22, "提携先 partner": 14, "形態 form": 12, VERDICT: 20, HANDLING: 12,
              PERIOD: 10, EXIT: 24, VIEW: 24, VIEW_REASON: 24, MOVED: 30, ALLIANCE_ID: 12,
              names.EXPLANATION.label: 30,
              STATUS: 14, REASON: 30, FILE: 18, "最も敏感な基準 critical criterion": 12, MODE: 10}
WRAP_TEXT, WRAP_NUMBER_COLUMN = 20, 12
_LINE_PT = 13.5
#: Bars per chart: one landscape A4 page holds this many with legible labels (24 px a bar);
#: a larger portfolio gets one chart per page rather than a chart split across pages.
BARS_PER_CHART = 20
_BAR_PX, _CHART_FRAME_PX, _TITLE_PX = 24, 150, 60
_CHART_WIDTH_UNITS = 130  # the chart sheet's columns span the chart, so it prints one page wide
_A4 = 9


def is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _standing(row) -> str | None:
    """The row's standing as a workbook states it: its 価値指数の扱い (確定 final …, 参考値
    provisional — reasons); for a row without one (a partner selection, a workbook from
    an older template) derived from the weights' check; None without a figure."""
    standing = row.get(HANDLING)
    if isinstance(standing, str) and standing.startswith((checks.FINAL, checks.PROVISIONAL)):
        return standing
    reason = _check_reason(row)
    return FINAL if reason is None else f"{PROVISIONAL} — {reason}"


def _check_reason(row) -> str | None:
    """Why the weights failed their check — C.R. ≥ 0.1, N.C. over its limit, judgments
    missing, or no verdict at all — or None when they passed.  A verdict of 要再検討 or 注意
    (a partner selection's is its matrix's check, "要再検討 C.R. 0.354 ≥ 0.1 — …") is the
    reason."""
    verdict = row.get(VERDICT)
    cr, nc, limit = row.get(CR), row.get(NC), row.get(NC_LIMIT)
    if isinstance(verdict, str) and verdict.startswith(("要再検討", "注意")):
        return verdict.removeprefix("要再検討 review:").strip() or verdict
    reasons = []
    if is_number(cr) and cr >= CR_THRESHOLD:
        reasons.append(f"C.R. {cr:.3f} ≥ {CR_THRESHOLD}")
    if is_number(nc) and is_number(limit) and nc > limit:
        reasons.append(f"N.C. {nc:g} > {limit:g}")
    if not (isinstance(verdict, str) and verdict.startswith("妥当")):
        reasons.insert(0, f"判定なし no verdict ({'blank' if is_blank(verdict) else verdict})")
    return ", ".join(reasons) or None


def provisional_reason(row) -> str | None:
    """Why this row's figure is provisional, or None when it is final (:func:`_standing`)."""
    standing = _standing(row)
    if standing.startswith(checks.FINAL):
        return None
    return standing.removeprefix(PROVISIONAL).strip(" —:") or PROVISIONAL


def handling(row) -> str | None:
    """The 価値指数の扱い cell as the summary shows it: final, or provisional (the reason
    is the verdict beside it, or said here); blank when there is no value index."""
    if not is_number(row.get(VALUE)):
        return None
    reason = provisional_reason(row)
    if reason is None:
        return FINAL
    verdict = row.get(VERDICT)
    said = not isinstance(row.get(HANDLING), str) and isinstance(verdict, str) and \
        verdict.startswith("要再検討")
    return PROVISIONAL if said else f"{PROVISIONAL}: {reason}"


def with_handling(frame, keep: bool = False):
    """The table with :data:`HANDLING` as the summary shows it (:func:`handling`) after the
    value index (inserted for a table that lacks it); with *keep*, a row's own standing
    (a workbook's) stays and only the missing ones are derived."""
    if VALUE not in frame.columns:
        return frame
    frame = frame.copy()
    column = [r.get(HANDLING) if keep and isinstance(r.get(HANDLING), str) and r[HANDLING]
              else None if not is_blank(r.get(ERROR)) else handling(r)
              for r in frame.to_dict("records")]
    if HANDLING in frame.columns:
        frame[HANDLING] = column
    else:
        frame.insert(frame.columns.get_loc(VALUE) + 1, HANDLING, column)
    return frame


# --- the CSV -----------------------------------------------------------------------

_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, defused with a leading apostrophe
    (OWASP's advice on CSV injection); numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(_CSV_TRIGGERS):
        return "'" + value
    return value


def write_csv(frame, target: str | Path) -> None:
    from xlahp.workbook.files import atomic_output

    with atomic_output(target) as temporary:
        # the report's table as it is (its 価値指数の扱い the workbooks' own standing); where
        # a row has none (an older template, a table built by hand) derived, as shown
        with_handling(frame, keep=True).map(csv_safe).to_csv(temporary, index=False,
                                                             encoding="utf-8-sig")


# --- layout helpers ------------------------------------------------------------------


def text_width(text: str) -> float:
    """Width in Excel's units (the width of a digit): CJK and full-width characters count
    two, digits and capitals one, other Latin letters, spaces and punctuation less."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF"
               else 1 if ch.isdigit() or ch.isupper() else 0.75 for ch in text)


def _longest_word(text: str) -> int:
    """The widest run a header cannot break inside (a Latin word; CJK breaks anywhere)."""
    return max([text_width(w) for w in re.findall(r"[!-~]+", text)] + [2])


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines *text* takes when wrapped in a column *width* units wide: Latin words move
    to the next line whole, CJK characters break anywhere.  Errs towards one line more,
    so that a row height computed from it never clips."""
    capacity = max(width - 1.5, 1) / (1.1 if bold else 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines, used = lines + 1, 0.0
        for token in re.findall(r"[!-~]+|\s|.", paragraph):
            w = text_width(token)
            if used and used + w > capacity:
                lines, used = lines + 1, 0.0
                if token.isspace():
                    continue
            while w > capacity:  # a word longer than the line breaks inside
                lines, w = lines + 1, w - capacity
            used += w
    return lines


def _height(lines: int) -> float:
    """Row height in points for *lines* of 10-point text (CJK fallback fonts set lines wider)."""
    return max(lines, 1) * _LINE_PT + 3


def header_label(column: str) -> str:
    """Japanese first, English below: "提携名 alliance" → "提携名\\nalliance"."""
    if column.startswith("w "):
        return f"重み w\n{column[2:]}"
    if column == NC_LIMIT:
        return "N.C. 上限\nlimit"
    if column == FILE:
        return "ファイル\nfile"
    head, _, tail = column.partition(" ")
    return f"{head}\n{tail}" if tail and not head.isascii() else column


def number_format(column: str) -> str | None:
    return _RATIO if column.startswith("w ") else NUMBER_FORMATS.get(column)


def shown(value: Any, num_format: str | None) -> str:
    """The text a cell shows, to measure it."""
    if not is_number(value):
        return "" if is_blank(value) else str(value)
    if num_format == _PERCENT:
        return f"{value * 100:.1f}%"
    if num_format == PROVISIONAL_FORMAT:
        return f"{value:.3f} 参考値"
    if num_format in (_COUNT, _RATIO):
        return f"{value:.{0 if num_format == _COUNT else 3}f}"
    return f"{value:g}"


def _file_names(paths: list[str]) -> tuple[list[str], str]:
    """Paths relative to their common folder (shorter in a table), and that folder."""
    try:
        folder = os.path.commonpath([os.path.dirname(p) for p in paths])
        return [os.path.relpath(p, folder) if folder else p for p in paths], folder
    except ValueError:  # relative and absolute mixed, or different drives
        return paths, ""


class _Formats:
    """xlsxwriter formats made once per distinct set of properties."""

    def __init__(self, book, base: dict[str, Any]):
        self.book, self.base, self.made = book, base, {}

    def __call__(self, **props: Any):
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format({**self.base, **props})
        return self.made[key]


def _landscape(sheet, title: str, rows: int | None = 0, fit: bool = True) -> None:
    """A4 landscape, header repeated, page numbers; one page wide (any height), or with
    ``fit`` False at full size (a wide table's columns are split over pages: :func:`_pages`)."""
    sheet.set_paper(_A4)
    sheet.set_landscape()
    if fit:
        sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    sheet.set_header(header(title), {"margin": 0.3})
    sheet.set_footer("&C&9&P / &N", {"margin": 0.3})
    if rows is not None:
        sheet.repeat_rows(rows)


#: Excel's limit on a page header's string, its codes (``&L&9``) included.
HEADER_CHARS = 255


def header(title: str) -> str:
    """The page header of *title* (left, 9 pt), within Excel's 255 characters: a long title
    — a deep folder path after the sheet's name — keeps its start and the end of the path
    (…/parent/folder), since a header over the limit would be dropped altogether."""
    def coded(text: str) -> str:
        return f"&L&9{text.replace('&', '&&')}"

    if len(coded(title)) <= HEADER_CHARS:
        return coded(title)
    name, _, folder = title.partition(" — ")
    head = f"{name} — …"
    tail = folder
    while tail and len(coded(head + tail)) > HEADER_CHARS:
        tail = tail[1:]
    cut = tail.find("/")
    tail = tail[cut:] if 0 <= cut < len(tail) - 1 else tail
    return coded(head + tail) if folder else coded(title[:HEADER_CHARS - 6])


# --- the summary workbook ----------------------------------------------------------------


def write_summary(frame, target: str | Path) -> None:
    """一覧 (one row per alliance, failed checks highlighted, provisional indices marked),
    グラフ (the value indices, provisional ones drawn differently), 提携先の選定 (one row per
    partner selection, when there are any) and 読込エラー (files that could not be read, with
    the reason).  A folder of partner selections only gets no (empty) 一覧 and グラフ."""
    import xlsxwriter

    from xlahp.apps.portfolio import SUMMARY_MARK
    from xlahp.workbook.files import atomic_output

    failed = frame[ERROR].map(lambda e: not is_blank(e)) if ERROR in frame.columns else None
    good = frame if failed is None else frame[~failed]
    bad = frame.iloc[0:0] if failed is None else frame[failed]
    chosen = good[KIND] == PARTNER_SELECTION if KIND in good.columns else None
    partners = good.iloc[0:0] if chosen is None else good[chosen]
    alliances = good if chosen is None else good[~chosen]
    if VALUE in alliances.columns and HANDLING not in alliances.columns:  # shown, derived
        alliances = alliances.copy()
        alliances.insert(alliances.columns.get_loc(VALUE) + 1, HANDLING, None)
    with atomic_output(target) as temporary:
        # every cell is written with write_string/write_number; no text is ever taken
        # for a formula or a link, should a generic write() slip in
        book = xlsxwriter.Workbook(str(temporary), {"nan_inf_to_errors": True,
                                                    "strings_to_formulas": False,
                                                    "strings_to_urls": False})
        book.set_custom_property(*SUMMARY_MARK)  # a later report skips its own summaries
        fmt = _Formats(book, {"font_size": 10, "valign": "top", "border": 1,
                              "border_color": "#BFBFBF"})
        if len(alliances) or not len(partners):  # partner selections only: no empty 一覧
            main = latest(alliances)  # one row per alliance: its latest period
            columns = [c for c in main.columns if c not in (KIND, *PARTNER, *HISTORY_ONLY)]
            folder = _write_table(book, fmt, main, columns, "一覧 Summary",
                                  "提携ポートフォリオ 一覧 Portfolio summary (各提携の最新期 "
                                  "latest period)", VALUE)
            _write_chart(book, fmt, main, has_errors=len(bad) > 0, folder=folder)
            if PERIOD in alliances.columns:
                _write_table(book, fmt, alliances,
                             [c for c in HISTORY_COLUMNS if c in alliances.columns],
                             HISTORY_SHEET, "提携ポートフォリオ 推移 History (提携 × 期)", VALUE)
                _write_history_chart(book, fmt, alliances)
                changes = view_changes(alliances)
                _write_table(book, fmt, changes, list(changes.columns), CHANGES_SHEET,
                             "視点の変更 View changes between consecutive periods", "")
        if len(partners):
            _write_table(book, fmt, partners, [c for c in PARTNER_COLUMNS if c in partners.columns],
                         PARTNER_SHEET, PARTNER_SHEET, SCORE)
        _write_errors(book, fmt, bad)
        book.close()


#: The 推移 (history) sheet: one row per alliance and period.
HISTORY_SHEET, HISTORY_CHART, CHANGES_SHEET = ("推移 History", "推移グラフ History chart",
                                               "視点の変更 View changes")
HISTORY_COLUMNS = (NAME, PERIOD, VALUE, HANDLING, names.COVERAGE.label, names.BANKRUPTCY.label,
                   CR, *(f"w {c}" for c in CRITERIA), *ACHIEVEMENT_COLUMNS, EXIT, VIEW, MOVED,
                   STATUS, FILE)
#: Columns of the long table the main table leaves to 推移 and 視点の変更.
HISTORY_ONLY = (ORDER, MOVED, LARGEST, ALLIANCE_ID)
FROM, TO, CHANGE_STATUS = "前の期 from", "評価期間 to", "状態 status"
#: Alliances per history chart: a printed page tells this many lines apart (colours and
#: markers); more alliances get more charts, each alliance one series.
LINES_PER_CHART = 8


def view_changes(frame):
    """The view changes between an alliance's consecutive periods: the weights that moved
    and the largest move, the reason given, and 要説明 where none is."""
    import pandas as pd

    rows = []
    records = frame.to_dict("records")
    for before, row in zip(records, records[1:]):
        if (row.get(ALLIANCE_ID) in (None, "") or row.get(ALLIANCE_ID) != before.get(ALLIANCE_ID)
                or is_blank(row.get(MOVED))):
            continue
        reason = row.get(VIEW_REASON)
        rows.append({NAME: row.get(NAME), FROM: before.get(PERIOD), TO: row.get(PERIOD),
                     MOVED: row[MOVED], LARGEST: row.get(LARGEST),
                     VIEW_REASON: None if is_blank(reason) else reason,
                     CHANGE_STATUS: f"{checks.OK} 理由あり reason given" if not is_blank(reason)
                     else f"{checks.EXPLAIN} explanation needed", FILE: row.get(FILE)})
    return pd.DataFrame(rows, columns=[NAME, FROM, TO, MOVED, LARGEST, VIEW_REASON,
                                       CHANGE_STATUS, FILE])


def _write_history_chart(book, fmt: _Formats, frame) -> None:
    """推移グラフ: the value index over periods, one line per alliance, LINES_PER_CHART
    alliances to a chart and a chart to a printed page; the data drawn below them."""
    from xlahp.core.periods import parse

    rows = [{**r, ALLIANCE_ID: r[ALLIANCE_ID] if not is_blank(r.get(ORDER)) else r.get(FILE)}
            for r in frame.to_dict("records") if not is_blank(r.get(ALLIANCE_ID))]
    series: dict[Any, dict[str, Any]] = {}
    names_of: dict[Any, str] = {}
    labels: dict[str, Any] = {}
    for r in rows:
        if not is_number(r.get(VALUE)) or is_blank(r.get(PERIOD)):
            continue
        series.setdefault(r[ALLIANCE_ID], {})[r[PERIOD]] = r[VALUE]
        names_of[r[ALLIANCE_ID]] = str(r.get(NAME) or r[ALLIANCE_ID])
        try:
            labels[r[PERIOD]] = parse(r[PERIOD]).key
        except Exception:  # noqa: BLE001 — an unreadable period sorts first, as in report
            labels[r[PERIOD]] = (-1, 0)
    periods = sorted(labels, key=labels.__getitem__)
    sheet = book.add_worksheet(HISTORY_CHART)
    _landscape(sheet, "提携ポートフォリオ 価値指数の推移 Value index over periods", rows=None)
    alliances = list(series)
    chunks = [alliances[i:i + LINES_PER_CHART] for i in range(0, len(alliances),
                                                              LINES_PER_CHART)]
    chart_rows = 30
    top = max(len(chunks), 1) * chart_rows + 1
    head = fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center")
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, max(len(alliances), 1), 14)
    sheet.write_string(top, 0, "評価期間\nperiod", head)
    for c, key in enumerate(alliances, start=1):
        sheet.write_string(top, c, names_of[key], head)
    sheet.set_row(top, _height(3))
    for r, period in enumerate(periods, start=top + 1):
        sheet.write_string(r, 0, period, fmt())
        for c, key in enumerate(alliances, start=1):
            if period in series[key]:
                sheet.write_number(r, c, series[key][period], fmt(num_format=_RATIO))
            else:
                sheet.write_blank(r, c, None, fmt())
    if not alliances:
        sheet.write_string(0, 0, "価値指数のある期がありません。 No period has a value index.",
                           fmt(border=0))
    for k, chunk in enumerate(chunks):
        chart = book.add_chart({"type": "line"})
        for key in chunk:
            c = alliances.index(key) + 1
            chart.add_series({"name": [HISTORY_CHART, top, c],
                              "categories": [HISTORY_CHART, top + 1, 0, top + len(periods), 0],
                              "values": [HISTORY_CHART, top + 1, c, top + len(periods), c],
                              "marker": {"type": "automatic", "size": 7},
                              "data_labels": {"value": True, "num_format": _RATIO,
                                              "font": {"size": 8}, "position": "above"}})
        part = f" ({k + 1}/{len(chunks)})" if len(chunks) > 1 else ""
        chart.set_title({"name": f"価値指数の推移 (1.0 = 目標どおり) Value index over "
                                 f"periods{part}", "name_font": {"size": 12}})
        chart.set_y_axis({"num_format": "0.0#", "min": 0, "major_gridlines": {
            "visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        chart.show_blanks_as("gap")
        chart.set_size({"width": int(_CHART_WIDTH_UNITS * 7.2), "height": 560})
        sheet.insert_chart(k * chart_rows, 0, chart, {"x_offset": 4, "y_offset": 4})
    sheet.set_h_pagebreaks([chart_rows * i for i in range(1, len(chunks))] + [top - 1])


def _write_table(book, fmt: _Formats, good, columns: list[str], name: str, title: str,
                 figure: str) -> str:
    """A table sheet (一覧, 提携先の選定) of *columns* (those of the frame *good*, ``error``
    left out): the name first and frozen, the file last, failed checks in red, and the
    *figure* (value index, top priority) marked 参考値 where the weights failed their check.
    Returns the folder the file column is relative to."""
    columns = ([NAME] if NAME in columns else []) + [
        c for c in columns if c not in (ERROR, FILE, NAME)] + ([FILE] if FILE in columns else [])
    rows = good.to_dict("records")
    shown_standing = [handling(r) for r in rows]  # as shown; the rows keep the workbook's
    files, folder = _file_names([str(r.get(FILE, "")) for r in rows])
    for row, file in zip(rows, files):
        row[FILE] = file
    provisional = [is_number(r.get(figure)) and provisional_reason(r) is not None for r in rows]
    sheet = book.add_worksheet(name)
    head = fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center", valign="vcenter")
    heights = [0] * (len(rows) + 1)
    widths = []
    for c, column in enumerate(columns):
        num = number_format(column)
        formats = [PROVISIONAL_FORMAT if column == figure and p else num for p in provisional]
        values = shown_standing if column == HANDLING else [row.get(column) for row in rows]
        texts = [shown(v, f) for v, f in zip(values, formats)]
        label = header_label(column)
        width = min(max([_longest_word(label)] + [text_width(t) for t in texts]),
                    WRAP_WIDTH.get(column, WRAP_NUMBER_COLUMN if num else WRAP_TEXT))
        width += 3 if num else 2  # a number that does not fit shows as ###
        width += 2 if PROVISIONAL_FORMAT in formats else 0  # its 参考値 in a CJK fallback font
        sheet.set_column(c, c, width)
        widths.append(width)
        sheet.write_string(0, c, label, head)
        heights[0] = max(heights[0], _lines(label, width, bold=True))
        for r, (value, text, cell_num) in enumerate(zip(values, texts, formats), start=1):
            heights[r] = max(heights[r], _lines(text, width))
            if is_number(value):
                look = {"num_format": cell_num} if cell_num else {}
                if cell_num == PROVISIONAL_FORMAT:
                    look.update(italic=True, bg_color="#FCE4D6", font_color="#833C0B")
                sheet.write_number(r, c, value, fmt(**look))
            elif is_blank(value):
                sheet.write_blank(r, c, None, fmt())
            else:
                look = {"text_wrap": True, **({"align": "right"} if num else {})}
                if column == HANDLING and text.startswith(PROVISIONAL):
                    look.update(font_color="#833C0B", bg_color="#FCE4D6")
                sheet.write_string(r, c, text, fmt(**look))
    for r, lines in enumerate(heights):
        sheet.set_row(r, _height(lines))
    if figure in columns:
        c = columns.index(figure)
        for r, row in enumerate(rows, start=1):
            if provisional[r - 1]:
                sheet.write_comment(r, c, f"参考値 (provisional): {provisional_reason(row)}.")
    _highlight(sheet, fmt, columns, len(rows))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    _landscape(sheet, title + (f" — {folder}" if folder else ""), fit=False)
    sheet.repeat_columns(0)  # the name on every printed page
    sheet.set_v_pagebreaks(_pages(widths))
    return folder


#: A4 landscape's printable width in points (the margins of :func:`_landscape`), and the
#: most columns one printed page of a table shows (the name, repeated, included).
PAGE_POINTS = (11.69 - 0.8) * 72
PAGE_COLUMNS = 12


#: Printed points per unit of a stored column width, on the safe side: Excel prints about
#: 5.5 (7 pixels a unit), LibreOffice up to 7 (measured on its PDF of this table).
POINTS_PER_UNIT = 7.0


def column_points(stored: float) -> float:
    """A column's printed width in points at 100 %, from the width the file stores
    (xlsxwriter stores a width w as w + 5/7, its 5 pixels of padding)."""
    return POINTS_PER_UNIT * stored


def _pages(widths: list[float]) -> list[int]:
    """Where a table's printed pages break (before these columns): each page the name
    column (repeated) and as many columns as fit the page at full size, at most
    :data:`PAGE_COLUMNS` in all — a 10-point table stays 10 points on paper."""
    points = [column_points(w + 5 / 7) for w in widths]
    breaks, used, count = [], points[0], 1
    for c, width in enumerate(points[1:], start=1):
        if count > 1 and (used + width > PAGE_POINTS or count + 1 > PAGE_COLUMNS):
            breaks.append(c)
            used, count = points[0], 1
        used, count = used + width, count + 1
    return breaks


def _highlight(sheet, fmt: _Formats, columns: list[str], rows: int) -> None:
    """Failed checks in red, live (they follow edits to the cells): those of the columns
    the sheet has (the partner sheet has no N.C.)."""
    from xlsxwriter.utility import xl_col_to_name

    at = {name: xl_col_to_name(i) for i, name in enumerate(columns)}
    cr, nc, limit, verdict, status = (at.get(n) for n in (CR, NC, NC_LIMIT, VERDICT, STATUS))
    rules = (((CR,), f"=AND(ISNUMBER(${cr}2),${cr}2>={CR_THRESHOLD})"),
             ((NC, NC_LIMIT), f"=AND(ISNUMBER(${nc}2),ISNUMBER(${limit}2),${nc}2>${limit}2)"),
             ((VERDICT,), f'=AND(${verdict}2<>"",LEFT(${verdict}2,2)<>"妥当")'),
             ((STATUS,), f'=AND(${status}2<>"",${status}2<>"OK")'))
    alarm = fmt(bg_color="#F8CBAD", font_color="#9C0006")
    for needed, formula in rules:
        if rows and set(needed) <= set(at):
            c = columns.index(needed[0])
            sheet.conditional_format(1, c, rows, c, {"type": "formula", "criteria": formula,
                                                     "format": alarm})


def _write_chart(book, fmt: _Formats, good, has_errors: bool, folder: str) -> None:
    """The グラフ sheet: value indices as bars, highest first, BARS_PER_CHART to a page;
    checked and provisional indices as two series in different colours; rows without a
    value index listed under the chart with the reason; the data the bars are drawn from."""
    rows = good.to_dict("records")
    drawn = sorted((r for r in rows if is_number(r.get(VALUE))), key=lambda r: -r[VALUE])
    left_out = [r for r in rows if not is_number(r.get(VALUE))]
    sheet = book.add_worksheet("グラフ Chart")
    _landscape(sheet, "提携ポートフォリオ 価値指数 Value index"
               + (f" — {folder}" if folder else ""), rows=None)
    # The data table (below the charts): name | checked | provisional | reason.
    name_width = min(max([text_width(str(r.get(NAME, ""))) for r in drawn] + [16]),
                     WRAP_WIDTH[NAME])
    widths = (name_width + 2, 13, 13, _CHART_WIDTH_UNITS - name_width - 28)
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    title = fmt(bold=True, font_size=12, border=0)
    chunks = [drawn[i:i + BARS_PER_CHART] for i in range(0, len(drawn), BARS_PER_CHART)]
    chart_rows = (_CHART_FRAME_PX + _BAR_PX * BARS_PER_CHART) // 20 + 1
    notes = _chart_notes(left_out, has_errors, drawn, folder)
    note_row = (len(chunks) - 1) * chart_rows + (
        (_CHART_FRAME_PX + _BAR_PX * len(chunks[-1])) // 20 + 1 if chunks else 0)
    data_top = max(len(chunks) * chart_rows + 2, note_row + len(notes) + 2)
    for k, chunk in enumerate(chunks):
        first = data_top + 1 + k * BARS_PER_CHART
        sheet.insert_chart(k * chart_rows, 0, _bar_chart(book, chunk, first, k, len(chunks),
                                                         _scale(drawn)),
                           {"x_offset": 4, "y_offset": 4})
    note = fmt(text_wrap=True, border=0, font_size=9)
    for i, text in enumerate(notes):
        r = note_row + i
        sheet.merge_range(r, 0, r, 3, "", note)  # merge_range writes with write(): text after
        sheet.write_string(r, 0, text, note)
        sheet.set_row(r, _height(_lines(text, sum(widths))))
    sheet.write_string(data_top - 1, 0, "グラフのデータ Data drawn", title)
    head = fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center")
    for c, label in enumerate(["提携名\nalliance", "価値指数\nchecked", "参考値\nprovisional",
                               "理由 (参考値の場合)\nreason"]):
        sheet.write_string(data_top, c, label, head)
    sheet.set_row(data_top, _height(2))
    for i, row in enumerate(drawn, start=1):
        reason = provisional_reason(row)
        r = data_top + i
        sheet.write_string(r, 0, str(row.get(NAME, "")), fmt(text_wrap=True))
        number = fmt(num_format=_RATIO)
        sheet.write_blank(r, 1 if reason else 2, None, number)
        sheet.write_number(r, 2 if reason else 1, row[VALUE], number)
        if reason:
            sheet.write_string(r, 3, reason, fmt(text_wrap=True))
        else:
            sheet.write_blank(r, 3, None, fmt(text_wrap=True))
        sheet.set_row(r, _height(max(_lines(str(row.get(NAME, "")), widths[0]),
                                     _lines(reason or "", widths[3]))))
    # Keep the data under the charts but on a page of its own.
    sheet.set_h_pagebreaks([chart_rows * i for i in range(1, len(chunks))] + [data_top - 1])


def _scale(drawn: list[dict]) -> dict[str, float]:
    """One value axis for every chart page (pages drawn to different scales would mislead):
    from 0 (or below, for a negative index) to a round number past the largest bar."""
    values = [r[VALUE] for r in drawn] or [1.0]

    def nice(x: float) -> float:  # the next fifth of x's order of magnitude, past x
        x = min(x * 1.15, sys.float_info.max)  # room for the bar's label; finite whatever x
        step = 10.0 ** math.floor(math.log10(x)) / 5
        if not step:  # below the smallest float's order of magnitude: x itself
            return x
        return min(float(f"{math.ceil(x / step) * step:.12g}"), sys.float_info.max)

    top, bottom = max(values), min(values)
    return {"min": -nice(-bottom) if bottom < 0 else 0.0,
            "max": nice(top) if top > 0 else 0.0 if bottom < 0 else 1.0}


def _bar_chart(book, chunk: list[dict], first: int, k: int, total: int,
               scale: dict[str, float]):
    """One bar chart over data rows first … first+len(chunk)−1 of the グラフ sheet."""
    chart = book.add_chart({"type": "bar"})
    last = first + len(chunk) - 1
    checked = any(provisional_reason(r) is None for r in chunk)
    provisional = any(provisional_reason(r) is not None for r in chunk)
    categories = ["グラフ Chart", first, 0, last, 0]
    label = {"value": True, "position": "outside_end", "font": {"size": 9}}
    if checked or not provisional:
        chart.add_series({
            "name": "価値指数 value index (重みの整合性 妥当 — weights checked)",
            "categories": categories, "values": ["グラフ Chart", first, 1, last, 1],
            "fill": {"color": "#4472C4"}, "border": {"none": True},
            "data_labels": {**label, "num_format": _RATIO},
            "gap": 50, "overlap": 100})
    if provisional:
        chart.add_series({
            "name": f"{PROVISIONAL}: 重みの整合性に不合格 (C.R. ≥ {CR_THRESHOLD}, "
                    "N.C. が上限超え, 未回答) — weights failed their check",
            "categories": categories, "values": ["グラフ Chart", first, 2, last, 2],
            "pattern": {"pattern": "wide_upward_diagonal", "fg_color": "#C55A11",
                        "bg_color": "#FBE5D6"},
            "border": {"color": "#C55A11"},
            "data_labels": {**label, "num_format": PROVISIONAL_FORMAT,
                            "font": {"size": 9, "color": "#833C0B", "italic": True}},
            "gap": 50, "overlap": 100})
    part = f" ({k + 1}/{total})" if total > 1 else ""
    chart.set_title({"name": f"価値指数 (1.0 = 目標どおり) Value index, highest first{part}",
                     "name_font": {"size": 12}})
    longest = max(text_width(str(r.get(NAME, ""))) for r in chunk)
    chart.set_x_axis({"num_format": "0.0#", **scale, "major_gridlines": {
        "visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "interval_unit": 1,
                      "num_font": {"size": 9}})
    chart.set_legend({"position": "bottom", "font": {"size": 9}})
    width = int(_CHART_WIDTH_UNITS * 7.2)
    height = _CHART_FRAME_PX + _BAR_PX * len(chunk)
    label_share = min(0.45, (longest * 6.5 + 20) / width)
    chart.set_plotarea({"layout": {"x": label_share, "y": _TITLE_PX / height,
                                   "width": 0.92 - label_share,
                                   "height": (_BAR_PX * len(chunk)) / height}})
    chart.set_size({"width": width, "height": height})
    return chart


def _chart_notes(left_out: list[dict], has_errors: bool, drawn: list[dict],
                 folder: str) -> list[str]:
    """Under the chart: what is not drawn, and why."""
    notes = []
    if any(provisional_reason(r) is not None for r in drawn):
        notes.append(f"{PROVISIONAL} (斜線のバー hatched bars): 重みの整合性の確認に不合格のため "
                     "参考値です。一対比較を見直してください。 The weights of these alliances "
                     "failed their consistency check; see 価値指数の扱い on 一覧.")
    if left_out:
        notes.append("グラフに含めていない提携 Not in the chart (価値指数を計算できない "
                      "no value index):")
        for r in left_out:
            why = "; ".join(str(r.get(c)) for c in (VALUE, STATUS, REASON)
                            if not is_blank(r.get(c)) and r.get(c) != "OK")
            path = str(r.get(FILE, ""))
            path = os.path.relpath(path, folder) if folder and path else path
            notes.append(f"・{r.get(NAME) or path} ({path}): "
                         f"{why or '価値指数が空 value index blank'}")
    if has_errors:
        notes.append("読み込めなかったファイルは「読込エラー Errors」シートに一覧があります。 "
                     "Files that could not be read are listed on the Errors sheet.")
    if not drawn:
        notes.insert(0, "価値指数を計算できた提携はありません。 No alliance has a value index.")
    return notes


def _write_errors(book, fmt: _Formats, bad) -> None:
    """読込エラー: every file that could not be read, with the reason (landscape, one page wide)."""
    sheet = book.add_worksheet("読込エラー Errors")
    head = fmt(bold=True, bg_color="#DDEBF7", text_wrap=True, align="center")
    labels = ["ファイル file", "理由 reason"]
    for c, label in enumerate(labels):
        sheet.write_string(0, c, label, head)
    files = [str(f) for f in bad.get(FILE, [])]
    reasons = [str(e) for e in bad.get(ERROR, [])]
    # The reason often repeats the path ("…/broken.xlsx: not a readable zip package"); once is enough.
    reasons = [e[len(f):].lstrip(": ") if e.startswith(f + ":") else e
               for f, e in zip(files, reasons)]
    widths = [min(max(map(text_width, [labels[0], *files])), 60) + 2,
              min(max(map(text_width, [labels[1], *reasons])), 90) + 2]
    for c, w in enumerate(widths):
        sheet.set_column(c, c, w)
    for r, (path, reason) in enumerate(zip(files, reasons), start=1):
        sheet.write_string(r, 0, path, fmt(text_wrap=True))
        sheet.write_string(r, 1, reason, fmt(text_wrap=True))
        sheet.set_row(r, _height(max(_lines(path, widths[0]), _lines(reason, widths[1]))))
    if not files:
        sheet.write_string(1, 0, "なし none", fmt())
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(files), 1), 1)
    _landscape(sheet, "提携ポートフォリオ 読込エラー Files that could not be read")
