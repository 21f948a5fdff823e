"""A sheet as data, and the writer that turns it into an openpyxl worksheet.

A :class:`Sheet` is a list of :class:`Block` s — a top-left address and rows of
:class:`Cell` s — plus column widths, charts and defined names.  Cell kinds
(:data:`STYLES`) carry the look: inputs are light yellow with a blue font and
unlocked; everything else is locked on a protected sheet (no password, so a
user who must can unprotect it).  :func:`save` writes the workbook with fixed
timestamps so that a rebuild gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from xlahp.workbook.files import atomic_output

#: A font with Japanese glyphs on Windows and macOS (charset 128 = Shift-JIS tells
#: Excel it is a Japanese font); LibreOffice substitutes a CJK font elsewhere.
FONT = dict(name="Yu Gothic", charset=128)
FIXED_TIME = dt.datetime(2011, 1, 1)  # the paper's year; any fixed instant will do
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_THIN = Side(style="thin", color="BFBFBF")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_FILL = {key: PatternFill("solid", fgColor=rgb) for key, rgb in (
    ("input", "FFF2CC"), ("head", "DDEBF7"), ("result", "E2EFDA"), ("fixed", "F2F2F2"),
    ("ok", "E2EFDA"), ("warn", "FCE4D6"), ("error", "F8CBAD"))}
#: Points per line of wrapped text, and the narrowest row (Excel's default height).
LINE_HEIGHT, ROW_HEIGHT = 15, 15
#: Width (column units) kept for a status text (xlahp.sheet.checks), which is only known once
#: computed: the longest seen are about 145 units (40 Japanese and 80 other characters).
STATUS_WIDTH = 180


@dataclass(frozen=True)
class Style:
    font: Font
    fill: PatternFill | None = None
    border: Border | None = None
    alignment: Alignment | None = None
    locked: bool = True


#: The look of each cell kind.
STYLES: dict[str, Style] = {
    "title": Style(Font(**FONT, size=14, bold=True)),
    "subtitle": Style(Font(**FONT, size=10, italic=True, color="595959")),
    "section": Style(Font(**FONT, size=11, bold=True, color="1F4E79")),
    "head": Style(Font(**FONT, size=10, bold=True), _FILL["head"], _BOX,
                  Alignment(wrap_text=True, horizontal="center", vertical="center")),
    "label": Style(Font(**FONT, size=10), None, _BOX, _WRAP),
    "en": Style(Font(**FONT, size=9, color="595959"), None, _BOX, _WRAP),
    "note": Style(Font(**FONT, size=9, color="595959"), None, None,
                  Alignment(wrap_text=True, vertical="top")),
    "hint": Style(Font(**FONT, size=9, color="595959"), None, None, _WRAP),
    "input": Style(Font(**FONT, size=10, color="0000FF"), _FILL["input"], _BOX, _WRAP, False),
    "calc": Style(Font(**FONT, size=10), None, _BOX, Alignment(vertical="center")),
    # matrix cells: a judgment typed in, and a computed judgment
    "judgment": Style(Font(**FONT, size=10, color="0000FF"), _FILL["input"], _BOX,
                      Alignment(horizontal="center", vertical="center"), False),
    "matrix": Style(Font(**FONT, size=10), None, _BOX,
                    Alignment(horizontal="center", vertical="center")),
    "fixed": Style(Font(**FONT, size=10, color="808080"), _FILL["fixed"], _BOX,
                   Alignment(horizontal="center", vertical="center")),
    "result": Style(Font(**FONT, size=11, bold=True), _FILL["result"], _BOX, _WRAP),
    # a block's status text (xlahp.sheet.checks): coloured by its first word (status_marks)
    "status": Style(Font(**FONT, size=10, bold=True), None, _BOX,
                    Alignment(wrap_text=True, vertical="top")),
}


@dataclass(frozen=True)
class Cell:
    """One cell: a value or formula, its kind (:data:`STYLES`) and options.

    ``choices`` makes a list drop-down: a tuple of items, or a formula such as
    ``"=$B6:$C6"``; ``outside`` replaces the warning shown for a value not in it.
    ``name`` defines a workbook name for the cell.  ``across`` merges the cell with the
    next columns, ``down`` with the rows below (a text given several rows of a fixed grid,
    where rows are shared with a block beside it).
    """

    value: Any = None
    kind: str = "calc"
    fmt: str | None = None
    name: str | None = None
    choices: tuple[str, ...] | str | None = None
    across: int = 1
    outside: str | None = None
    down: int = 1



def section(ja: str, en: str) -> Cell:
    return Cell(f"{ja} / {en}", "section")


def head(ja: str, en: str = "") -> Cell:
    return Cell(f"{ja}\n{en}" if en else ja, "head")


def label(text: str, across: int = 1) -> Cell:
    return Cell(text, "label", across=across)


def en(text: str, across: int = 1) -> Cell:
    return Cell(text, "en", across=across)


def note(text: str, across: int = 1) -> Cell:
    return Cell(text, "note", across=across)


def entry(value: Any = None, fmt: str | None = None, name: str | None = None,
          choices: tuple[str, ...] | str | None = None, across: int = 1) -> Cell:
    """An input cell (unlocked, yellow, blue font)."""
    return Cell(value, "input", fmt, name, choices, across)


def calc(formula: Any, fmt: str | None = None, name: str | None = None, kind: str = "calc",
         across: int = 1) -> Cell:
    """A computed (locked) cell."""
    return Cell(formula, kind, fmt, name, across=across)


@dataclass(frozen=True)
class Block:
    """Rows of cells whose first cell is at ``anchor``; None leaves a cell empty."""

    anchor: str
    rows: list[list[Cell | None]]


def heading(ja: str, en: str, note_ja: str = "", note_en: str = "", across: int = 1,
            notes_at: str = "B3", status: str | None = None,
            status_name: str | None = None, label_across: int = 1) -> list[Block]:
    """A sheet's title rows (Japanese, then English) and its two-line explanation;
    with ``status`` (a formula), the explanation takes one row and the row below it
    shows the status of the sheet's input block (see :func:`status_row`)."""
    blocks = [Block("A1", [[Cell(ja, "title")], [Cell(en, "subtitle")]])]
    if status:
        blocks.append(Block(notes_at, [[note(f"{note_ja}\n{note_en}", across)],
                                       status_row(status, across, status_name,
                                                  label_across)]))
    elif note_ja:
        blocks.append(Block(notes_at, [[note(note_ja, across)], [note(note_en, across)]]))
    return blocks


def status_row(formula: str, across: int, name: str | None = None,
               label_across: int = 1) -> list[Cell | None]:
    """The label 状態 / Status (``label_across`` wide) and a status cell (xlahp.sheet.checks
    text) filling the rest of ``across`` columns."""
    return [Cell("状態\nStatus", "head", across=label_across), *[None] * (label_across - 1),
            Cell(formula, "status", name=name, across=across - label_across)]


@dataclass(frozen=True)
class Mark:
    """Conditional fill (a :data:`_FILL` key) of ``cells`` where ``formula`` holds;
    the formula is written for the first cell of ``cells``."""

    cells: str
    formula: str
    fill: str


def status_marks(cell: str) -> list[Mark]:
    """Green for a status that starts with OK, red for 入力エラー and 計算不可, orange otherwise
    (注意, 未入力, 要再検討, or a reference to another status)."""
    first = at(*_split(cell))
    return [Mark(cell, f'LEFT({first},2)="OK"', "ok"),
            Mark(cell, f'OR(LEFT({first},5)="入力エラー",LEFT({first},4)="計算不可")', "error"),
            Mark(cell, f'LEN({first})>0', "warn")]


@dataclass(frozen=True)
class Chart:
    """A native chart of ``values`` by ``labels`` (ranges on the same sheet)."""

    kind: str  # "pie", "bar", or "line" (values: columns of series under their titles)
    anchor: str
    title: str | None  # None: no title (the sheet's heading names the chart)
    labels: str
    values: str
    fmt: str = "0.000"
    size: tuple[float, float] = (15, 9)  # cm


@dataclass(frozen=True)
class Sheet:
    title: str
    blocks: list[Block]
    widths: dict[str, float]
    heights: dict[int, float] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # defined name → range on this sheet
    charts: list[Chart] = field(default_factory=list)
    freeze: str | None = None
    protect: bool = True
    marks: list[Mark] = field(default_factory=list)
    hidden: bool = False  # a sheet for the host (xlwings.conf): not shown, not printed
    #: first and last column of a helper area kept out of sight (and out of print)
    hidden_columns: tuple[str, str] | None = None
    one_page: bool = False  # printed on one page (else one page wide, as tall as it takes)
    breaks: tuple[int, ...] = ()  # a printed page ends after each of these rows
    portrait: bool = False  # printed upright (a document page), else landscape
    #: what prints (else the used range): several ranges print each on a page of its own
    print_area: tuple[str, ...] = ()
    print_titles: str | None = None  # rows repeated atop every printed page, e.g. "1:5"


def at(col: str, row: int, sheet: str | None = None) -> str:
    """Absolute address ``$C$6``, with ``'sheet'!`` in front when a sheet is given."""
    address = f"${col}${row}"
    return f"{quote_sheetname(sheet)}!{address}" if sheet else address


def span(first: str, last: str, sheet: str | None = None) -> str:
    """Absolute range from two relative addresses: span("C6", "C10") → ``$C$6:$C$10``."""
    lo, hi = (at(*_split(a)) for a in (first, last))
    return f"{quote_sheetname(sheet)}!{lo}:{hi}" if sheet else f"{lo}:{hi}"


def ref(cells: str, sheet: str | None = None) -> str:
    """Absolute form of a range: ref("B5:F25", "財務諸表") → ``'財務諸表'!$B$5:$F$25``."""
    return span(*cells.split(":"), sheet)


def local_address(address: str) -> str:
    """``'sheet'!$C$13`` → ``C13``: the address on its own sheet, as Sheet.names and
    Mark take it."""
    return address.split("!")[-1].replace("$", "")


def _split(address: str) -> tuple[str, int]:
    row, col = coordinate_to_tuple(address)
    return get_column_letter(col), row


def shift(col: str, by: int) -> str:
    """The column ``by`` to the right of ``col``."""
    return get_column_letter(range_boundaries(f"{col}1")[0] + by)


def _validation(choices: tuple[str, ...] | str, outside: str | None) -> DataValidation:
    if isinstance(choices, str):
        formula = choices.removeprefix("=")
    else:
        formula = '"' + ",".join(choices) + '"'
        assert len(formula) <= 255 and not any("," in c for c in choices), formula
    return DataValidation(type="list", formula1=formula, allow_blank=True,
                          showErrorMessage=True, errorStyle="warning",
                          errorTitle="一覧にない値 / Not in the list",
                          error=outside or "一覧から選んでください。/ Please choose from the list.")


def _put(ws, row: int, col: int, cell: Cell, validations: dict[Any, DataValidation]) -> None:
    target = ws.cell(row=row, column=col, value=cell.value)
    style = STYLES[cell.kind]
    target.font = style.font
    if style.fill:
        target.fill = style.fill
    if style.border:
        target.border = style.border
    if style.alignment:
        target.alignment = style.alignment
    target.protection = Protection(locked=style.locked)
    if cell.fmt:
        target.number_format = cell.fmt
    if cell.across > 1 or cell.down > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + cell.down - 1,
                       end_column=col + cell.across - 1)
        for r in range(row, row + cell.down):  # keep the box around the merge
            for c in range(col, col + cell.across):
                if style.border and (r, c) != (row, col):
                    ws.cell(row=r, column=c).border = style.border
    if cell.choices is not None:
        key = (cell.choices, cell.outside)
        if key not in validations:
            validations[key] = _validation(cell.choices, cell.outside)
            ws.add_data_validation(validations[key])
        validations[key].add(target.coordinate)
    if cell.name:
        ws.parent.defined_names[cell.name] = DefinedName(
            cell.name, attr_text=at(*_split(target.coordinate), ws.title))


def _line_chart(ws, spec: Chart) -> None:
    """One line per column of ``spec.values`` (its first row the series' titles), gaps where
    a value is #N/A, markers at each point."""
    chart = LineChart()
    chart.title = spec.title
    chart.add_data(Reference(ws, range_string=f"{quote_sheetname(ws.title)}!{spec.values}"),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, range_string=f"{quote_sheetname(ws.title)}!{spec.labels}"))
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    chart.y_axis.numFmt = spec.fmt
    chart.y_axis.delete = chart.x_axis.delete = False
    chart.legend.position = "b"
    chart.display_blanks = "gap"
    chart.visible_cells_only = False  # the data may sit in hidden helper columns
    chart.y_axis.scaling.min = 0
    chart.width, chart.height = spec.size
    ws.add_chart(chart, spec.anchor)


def _chart(ws, spec: Chart) -> None:
    if spec.kind == "line":
        _line_chart(ws, spec)
        return
    chart = PieChart() if spec.kind == "pie" else BarChart()
    if spec.kind == "bar":
        chart.type = "bar"
        chart.legend = None
        chart.y_axis.numFmt = spec.fmt
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # first criterion on top
        chart.x_axis.tickLblPos = "low"  # names stay clear of negative bars
        chart.y_axis.delete = False
        chart.x_axis.delete = False
    if spec.title:
        chart.title = spec.title
    values = Reference(ws, range_string=f"{quote_sheetname(ws.title)}!{spec.values}")
    labels = ref(spec.labels, ws.title)
    chart.add_data(values, titles_from_data=False)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=labels))  # text categories
    pie = spec.kind == "pie"  # labels: name and share (図11); bars: the value
    chart.dataLabels = DataLabelList(numFmt=spec.fmt, showLegendKey=False, showSerName=False,
                                     showCatName=pie, showPercent=pie, showVal=not pie)
    if pie:
        chart.dataLabels.separator = "\n"
        chart.legend = None
    chart.width, chart.height = spec.size
    ws.add_chart(chart, spec.anchor)


def _text_width(text: str, size: float) -> float:
    """Width of a line of text in column-width units (a digit of the 11-point
    default font is 1; a Japanese character about 2)."""
    units = sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.1 for c in text)
    return units * size / 11


def _lines(cell: Cell, width: float) -> int:
    """Lines a literal text needs in a column (or merge) ``width`` wide once wrapped."""
    text = cell.value
    if cell.kind == "status":
        return max(2, math.ceil(STATUS_WIDTH / max(width - 1.5, 1)))
    if not isinstance(text, str) or text.startswith("="):
        return 1
    style = STYLES[cell.kind]
    if not (style.alignment and style.alignment.wrap_text):
        return text.count("\n") + 1
    room = max(width - 1.5, 1)  # cell padding
    return sum(max(1, math.ceil(_text_width(line, style.font.sz or 11) / room))
               for line in text.split("\n"))


def write_sheet(wb: Workbook, sheet: Sheet) -> None:
    """Add ``sheet`` to ``wb``."""
    ws = wb.create_sheet(sheet.title)
    validations: dict[Any, DataValidation] = {}
    heights: dict[int, float] = {}

    def width(col: int, across: int) -> float:
        return sum(sheet.widths.get(get_column_letter(c), 8.43) for c in range(col, col + across))

    for block in sheet.blocks:
        top, left = coordinate_to_tuple(block.anchor)
        for i, row in enumerate(block.rows):
            for j, cell in enumerate(row):
                if cell is not None:
                    _put(ws, top + i, left + j, cell, validations)
            lines = max((_lines(c, width(left + j, c.across)) for j, c in enumerate(row)
                         if c is not None and c.down == 1), default=1)
            if lines > 1:  # a two-line (Japanese / English) heading, or text that wraps
                heights[top + i] = max(heights.get(top + i, 0), LINE_HEIGHT * lines)
    for col, width in sheet.widths.items():
        ws.column_dimensions[col].width = width
    if sheet.hidden_columns:
        first, last = sheet.hidden_columns
        ws.column_dimensions.group(first, last, hidden=True)
    for row in heights.keys() | sheet.heights.keys():  # never lower than the text needs
        ws.row_dimensions[row].height = max(heights.get(row, ROW_HEIGHT),
                                            sheet.heights.get(row, ROW_HEIGHT))
    for mark in sheet.marks:
        ws.conditional_formatting.add(mark.cells, FormulaRule(formula=[mark.formula],
                                                              fill=_FILL[mark.fill]))
    for name, cells in sheet.names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref(cells, sheet.title))
    for chart in sheet.charts:
        _chart(ws, chart)
    for row in sheet.breaks:
        ws.row_breaks.append(Break(id=row))
    if sheet.print_area:
        ws.print_area = list(sheet.print_area)
    ws.print_title_rows = sheet.print_titles
    ws.freeze_panes = sheet.freeze
    ws.sheet_view.showGridLines = not sheet.protect
    ws.page_setup.orientation = "portrait" if sheet.portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, int(sheet.one_page)
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    if sheet.hidden:
        ws.sheet_state = "hidden"
    if sheet.protect:
        ws.protection.sheet = True  # no password: this guards against slips, not people
        ws.protection.formatColumns = ws.protection.formatRows = False  # widths stay adjustable


def save(wb: Workbook, path) -> None:
    """Write ``wb`` reproducibly: fixed document times and zip entry times."""
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with atomic_output(path) as temporary, zipfile.ZipFile(buffer) as built, \
            zipfile.ZipFile(temporary, "w") as out:
        for member in built.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, built.read(member.filename))
