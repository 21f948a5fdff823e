"""The portfolio summary workbook: print layout, number formats, provisional marking, chart."""

from __future__ import annotations

import csv
import math
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlahp.core.paper import CRITERIA
from xlahp.apps.portfolio import ALLIANCE, COLUMNS, KIND, report
from xlahp.apps.summary import (BARS_PER_CHART, FINAL, HANDLING, PROVISIONAL, PROVISIONAL_FORMAT,
                           _lines, _scale, header_label, provisional_reason, text_width, write_csv,
                           write_summary)
from xlahp.templates import build

NAN = float("nan")
WEIGHTS = [0.039, 0.181, 0.050, 0.151, 0.579]


def row(name, *, cr=0.055, nc=0.0, verdict="妥当 OK", value=0.118, coverage=0.799,
        bankruptcy=NAN, status="OK", reason=None, weights=WEIGHTS, error=None, file=None,
        evaluators=NAN, consensus=NAN) -> dict:
    """An alliance row; the partner-selection columns stay blank (missing → NaN)."""
    return {"file": file or f"/data/alliances/{name}.xlsx", KIND: ALLIANCE, "提携名 alliance": name,
            "提携先 partner": name[-2:], "形態 form": "業務提携",
            **{f"w {c}": w for c, w in zip(CRITERIA, weights)},
            "C.I.": 0.062 if isinstance(cr, float) else cr, "C.R.": cr, "N.C.": nc,
            "N.C. limit": 0.0, "判定 verdict": verdict, "価値指数 value index": value,
            "カバー率 coverage": coverage, "倒産指数 bankruptcy": bankruptcy,
            "評価者数 evaluators": evaluators, "合意度 S* consensus": consensus,
            "状態 status": status, "理由 reason": reason, "error": error}


def frame_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["file", *COLUMNS, "error"])


def table() -> pd.DataFrame:
    """The report's table: numbers (NaN where not computed, the reason column says why), and
    error codes or words in result columns as an older report gave them; one unreadable file."""
    rows = [
        row("A社 株式持ち合いによる戦略的提携 (論文の例)", evaluators=3.0, consensus=0.9712),
        row("資本提携 D社", cr=0.964, nc=1.0, value=0.559,
            verdict="要再検討 review: C.R. 0.964 ≥ 0.1, N.C. 1 > 0"),
        row("共同開発 G社", value=0.095, verdict="要再検討 review: 1 of 10 judgments missing"),
        row("販売提携 F社", value=NAN, coverage=NAN, status="計算エラー cell errors",
            reason="5 cell error(s), first 目標比較!J6: VALUE_CONTRIB: actual for indicator 2 "
                   "is blank but it has a target; 価値指数 value index: #VALUE!"),
        row("販売提携 H社", value="#VALUE!", coverage="#VALUE!", bankruptcy="入力不足 missing input",
            status="5 cell error(s)"),
        row("合弁 E社", cr=NAN, nc=NAN, verdict=None, value=NAN, coverage=NAN,
            weights=[NAN] * 5, status="未入力 incomplete", reason="questionnaire アンケート empty"),
        row("技術提携 C社", value=1.25, bankruptcy=0.72),
        {"file": "/data/alliances/broken.xlsx", "状態 status": "読込エラー not read",
         "理由 reason": "/data/alliances/broken.xlsx: not a readable zip package",
         "error": "/data/alliances/broken.xlsx: not a readable zip package"},
    ]
    return frame_of(rows)


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    path = tmp_path_factory.mktemp("summary") / "summary.xlsx"
    write_summary(table(), path)
    return path


@pytest.fixture(scope="module")
def book(summary):
    return load_workbook(summary)


def columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def rows_by_name(sheet) -> dict[str, int]:
    return {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}


def test_sheets(book):
    assert book.sheetnames == ["一覧 Summary", "グラフ Chart", "推移 History",
                               "推移グラフ History chart", "視点の変更 View changes",
                               "読込エラー Errors"]


def test_the_table_prints_at_full_size_at_most_twelve_columns_a_page(book):
    """Issue 19: the main table legible on paper — not shrunk to one page wide (its ~25
    columns came out at 5 points) but split over pages at 100 %, the name repeated."""
    from xlahp.apps.summary import PAGE_COLUMNS, PAGE_POINTS, column_points

    sheet = book["一覧 Summary"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert not (sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    assert (sheet.page_setup.scale or 100) == 100
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$A"
    assert sheet.freeze_panes == "B2"
    width = [0.0] * sheet.max_column  # a <col> element may span columns of one width
    for dim in sheet.column_dimensions.values():
        for c in range(dim.min, dim.max + 1):
            width[c - 1] = dim.width
    starts = [1, *(b.id + 1 for b in sheet.col_breaks.brk), sheet.max_column + 1]
    assert len(starts) > 2  # the table does not fit one page at full size
    for first, end in zip(starts, starts[1:]):
        page = [0, *range(first - 1 if first > 1 else 1, end - 1)]
        assert len(page) <= PAGE_COLUMNS
        assert sum(column_points(width[c]) for c in page) <= PAGE_POINTS
    assert {c.font.sz for row in sheet.iter_rows(max_row=3) for c in row} <= {10}


@pytest.mark.parametrize("name,titles,frozen", [
    ("グラフ Chart", None, None), ("読込エラー Errors", "$1:$1", "A2")])
def test_every_sheet_prints_landscape_one_page_wide(book, name, titles, frozen):
    sheet = book[name]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1  # absent means 1 (ECMA-376 default)
    assert sheet.page_setup.fitToHeight == 0  # as many pages tall as needed
    assert sheet.print_title_rows == titles
    assert sheet.freeze_panes == frozen


def test_summary_table_has_a_filter_over_every_row_and_column(book):
    sheet = book["一覧 Summary"]
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}8"
    assert sheet["A1"].value == "提携名\nalliance"  # the name column first (frozen)
    assert sheet.cell(1, sheet.max_column).value == "ファイル\nfile"
    assert book["読込エラー Errors"].auto_filter.ref == "A1:B2"


def test_number_format_per_column(book):
    sheet = book["一覧 Summary"]
    col, r = columns(sheet), rows_by_name(sheet)["A社 株式持ち合いによる戦略的提携 (論文の例)"]
    expected = {"N.C.": "0", header_label("N.C. limit"): "0", "C.I.": "0.000",
                "C.R.": "0.000", header_label("w 成長力"): "0.000",
                header_label("価値指数 value index"): "0.000",
                header_label("カバー率 coverage"): "0.0%",
                header_label("評価者数 evaluators"): "0", header_label("合意度 S* consensus"): "0.0%"}
    for header, number_format in expected.items():
        assert sheet.cell(r, col[header]).number_format == number_format, header
    c_row = rows_by_name(sheet)["技術提携 C社"]
    bankruptcy = sheet.cell(c_row, col[header_label("倒産指数 bankruptcy")])
    assert (bankruptcy.value, bankruptcy.number_format) == (0.72, "0.000")
    assert sheet.cell(r, col["N.C."]).value == 0 and sheet.cell(r, col["C.R."]).value == 0.055
    assert sheet.cell(r, col[header_label("評価者数 evaluators")]).value == 3
    blank = sheet.cell(c_row, col[header_label("合意度 S* consensus")])
    assert blank.value is None  # no group sheet used: blank, not 0


def test_text_in_result_columns_is_kept_as_text(book):
    sheet = book["一覧 Summary"]
    col, r = columns(sheet), rows_by_name(sheet)["販売提携 H社"]
    assert sheet.cell(r, col[header_label("価値指数 value index")]).value == "#VALUE!"
    assert sheet.cell(r, col[header_label(HANDLING)]).value is None
    f = rows_by_name(sheet)["販売提携 F社"]
    assert sheet.cell(f, col[header_label("価値指数 value index")]).value is None
    incomplete = rows_by_name(sheet)["合弁 E社"]
    assert sheet.cell(incomplete, col["C.R."]).value is None  # NaN is a blank, not #NUM!


def test_provisional_value_index_is_marked_in_the_row(book):
    sheet = book["一覧 Summary"]
    col, names = columns(sheet), rows_by_name(sheet)
    value, handling = col[header_label("価値指数 value index")], col[header_label(HANDLING)]
    for name in ("資本提携 D社", "共同開発 G社"):
        cell = sheet.cell(names[name], value)
        assert cell.number_format == PROVISIONAL_FORMAT and cell.font.i
        assert sheet.cell(names[name], handling).value == PROVISIONAL
    d = sheet.cell(names["資本提携 D社"], value)
    assert d.value == 0.559  # still the number: it sorts and filters
    assert "C.R. 0.964 ≥ 0.1, N.C. 1 > 0" in d.comment.text
    ok = names["A社 株式持ち合いによる戦略的提携 (論文の例)"]
    assert sheet.cell(ok, handling).value == FINAL
    assert sheet.cell(ok, value).comment is None


def chart_xml(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist())
                if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]


def series_cells(book, formula: str) -> list:
    sheet, first, last = re.fullmatch(r"'(.+)'!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)", formula).groups()
    column = re.search(r"!\$([A-Z]+)\$", formula).group(1)
    return [book[sheet][f"{column}{r}"].value for r in range(int(first), int(last) + 1)]


def test_chart_draws_checked_and_provisional_as_two_series(summary, book):
    (xml,) = chart_xml(summary)
    names = re.findall(r"<c:tx>.*?<c:v>(.*?)</c:v>", xml)
    assert len(names) == 2 and "weights checked" in names[0] and PROVISIONAL in names[1]
    assert 'val="100"' in xml.split("<c:overlap")[1][:20]  # one bar per alliance
    assert 'pattFill prst="wdUpDiag"' in xml  # provisional bars hatched, not only coloured
    assert xml.count("<c:dLbls>") == 2 and PROVISIONAL_FORMAT.replace('"', "&quot;") in xml
    formulas = re.findall(r"<c:f>(.*?)</c:f>", xml)
    categories, checked, provisional = (series_cells(book, f.replace("&apos;", "'"))
                                        for f in (formulas[0], formulas[1], formulas[3]))
    assert categories == ["技術提携 C社", "資本提携 D社", "A社 株式持ち合いによる戦略的提携 (論文の例)",
                          "共同開発 G社"]  # highest first
    assert checked == [1.25, None, 0.118, None]
    assert provisional == [None, 0.559, None, 0.095]
    assert re.search(r'<c:tickLblSkip val="1"/>', xml)  # every bar labelled


def test_rows_without_a_value_index_stay_out_of_the_chart_and_say_why(book):
    chart = book["グラフ Chart"]
    texts = [c.value for r in chart.iter_rows() for c in r if isinstance(c.value, str)]
    assert not {"販売提携 F社", "販売提携 H社", "合弁 E社"} & set(texts)  # no bar, no data row
    notes = [t for t in texts if t.startswith("・")]
    assert any(n.startswith("・販売提携 F社 (販売提携 F社.xlsx): 計算エラー cell errors; 5 cell")
               and n.endswith("価値指数 value index: #VALUE!") for n in notes)
    assert any(n.startswith("・販売提携 H社 (販売提携 H社.xlsx): #VALUE!; 5 cell") for n in notes)
    assert any(n.startswith("・合弁 E社") and "未入力" in n for n in notes)
    assert any("Errors sheet" in t for t in texts)


def test_failed_workbooks_are_listed_on_the_errors_sheet_only(book):
    assert None not in rows_by_name(book["一覧 Summary"]) and book["一覧 Summary"].max_row == 8
    errors = book["読込エラー Errors"]
    assert [errors["A2"].value, errors["B2"].value] == [
        "/data/alliances/broken.xlsx", "not a readable zip package"]


def test_no_text_is_clipped(book):
    """Text wider than its column wraps, and its row is tall enough for the lines."""
    sheet = book["一覧 Summary"]
    for r in range(1, sheet.max_row + 1):
        height = sheet.row_dimensions[r].height
        for cell in sheet[r]:
            if not isinstance(cell.value, str):
                continue
            width = sheet.column_dimensions[cell.column_letter].width
            lines = _lines(cell.value, width, bold=r == 1)
            if text_width(cell.value) > width - 1:
                assert cell.alignment.wrap_text, cell.coordinate
            assert height >= 13.5 * lines, cell.coordinate
    verdict = sheet.cell(rows_by_name(sheet)["資本提携 D社"], columns(sheet)["判定\nverdict"])
    assert verdict.value == "要再検討 review: C.R. 0.964 ≥ 0.1, N.C. 1 > 0"


def test_widths_count_cjk_double():
    assert text_width("提携") == 4 and text_width("0.559") == 4.75
    assert _lines("提携提携提携", 8) == 2  # CJK breaks anywhere: three a line
    assert _lines("ab review", 7) == 2  # a Latin word moves to the next line whole
    assert _lines("ab review", 9) == 1 and _lines("a\nb", 30) == 2


def test_a_large_portfolio_gets_one_chart_per_page(tmp_path):
    frame = frame_of([row(f"提携 {i:02d}", value=i / 50) for i in range(45)])
    write_summary(frame, tmp_path / "big.xlsx")
    charts = chart_xml(tmp_path / "big.xlsx")
    assert len(charts) == math.ceil(45 / BARS_PER_CHART) == 3
    chart = load_workbook(tmp_path / "big.xlsx")["グラフ Chart"]
    anchors = sorted(c.anchor._from.row for c in chart._charts)
    breaks = sorted(b.id for b in chart.row_breaks.brk)
    assert all(any(a < b <= a2 for b in breaks) for a, a2 in zip(anchors, anchors[1:]))
    axes = {re.search(r"<c:valAx>.*?<c:max val=\"([\d.]+)\"/>", x, re.S).group(1) for x in charts}
    assert axes == {"1.2"}  # largest 0.88 (plus room for its label): one scale, three pages


@pytest.mark.parametrize("values,reason", [
    ({"判定 verdict": "妥当 OK", "C.R.": 0.05, "N.C.": 0, "N.C. limit": 0}, None),
    ({"判定 verdict": "要再検討 review: N.C. 2 > 1"}, "N.C. 2 > 1"),
    ({"判定 verdict": None, "C.R.": 0.2, "N.C.": NAN, "N.C. limit": 0},
     "判定なし no verdict (blank), C.R. 0.200 ≥ 0.1"),
    ({"判定 verdict": "#REF!", "C.R.": "#VALUE!"}, "判定なし no verdict (#REF!)"),
    ({"判定 verdict": "妥当 OK", "C.R.": 0.3}, "C.R. 0.300 ≥ 0.1"),
    # a partner selection's verdict is its criteria matrix's check, said in full
    ({"判定 verdict": "要再検討 C.R. 0.354 ≥ 0.1"}, "要再検討 C.R. 0.354 ≥ 0.1"),
    ({"判定 verdict": "注意 未回答 1 of 10: item 1 vs item 2"}, "注意 未回答 1 of 10: item 1 vs item 2"),
])
def test_provisional_reason(values, reason):
    assert provisional_reason(values) == reason


def test_csv_carries_the_index_status(tmp_path):
    write_csv(table(), tmp_path / "s.csv")
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8-sig")))
    assert [r[HANDLING] for r in rows] == [FINAL, PROVISIONAL, PROVISIONAL, "", "", "", FINAL, ""]


@pytest.mark.slow
def test_end_to_end_from_a_folder(tmp_path):
    build(tmp_path / "a.xlsx", example=True)
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "s.xlsx"
    write_summary(report([tmp_path / "a.xlsx", tmp_path / "broken.xlsx"], jobs=1), out)
    book = load_workbook(out)
    sheet = book["一覧 Summary"]
    col = columns(sheet)
    assert sheet.cell(2, col[header_label(HANDLING)]).value == FINAL
    assert round(sheet.cell(2, col[header_label("価値指数 value index")]).value, 4) == 0.6971
    assert book["読込エラー Errors"]["A2"].value.endswith("broken.xlsx")


@pytest.mark.parametrize("values,scale", [
    ([0.559, 0.1], {"min": 0.0, "max": 0.66}), ([1.1], {"min": 0.0, "max": 1.4}),
    ([-0.7, 0.3], {"min": -0.82, "max": 0.36}), ([0.0], {"min": 0.0, "max": 1.0})])
def test_every_chart_page_has_the_same_value_axis(values, scale):
    assert _scale([{"価値指数 value index": v} for v in values]) == scale


def test_chart_reads_its_own_data_however_long_the_notes(tmp_path):
    """Many alliances left out of the chart push the data table down; the bars follow it."""
    rows = [row("描画 A", value=0.4), row("参考 B", value=0.2, cr=0.3)] + [
        row(f"未入力 {i}", value=NAN, status="未入力 incomplete") for i in range(30)]
    write_summary(frame_of(rows), tmp_path / "s.xlsx")
    (xml,) = chart_xml(tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx")
    formulas = [f.replace("&apos;", "'") for f in re.findall(r"<c:f>(.*?)</c:f>", xml)]
    assert series_cells(book, formulas[0]) == ["描画 A", "参考 B"]
    assert series_cells(book, formulas[1]) == [0.4, None]
    assert series_cells(book, formulas[3]) == [None, 0.2]


def test_a_deep_folder_keeps_the_page_header(tmp_path):
    """Issue 23.16: a folder path of 466 characters made the header too long for Excel
    (255), so xlsxwriter dropped it and printed its own warning: the header keeps the
    sheet's name and the end of the path, and nothing is printed."""
    import warnings

    from xlahp.apps.summary import HEADER_CHARS, header

    deep = "/".join(f"とても長いフォルダの名前_very_long_folder_name_{k:02d}" for k in range(12))
    text = header(f"提携ポートフォリオ 一覧 Portfolio summary — /tmp/{deep}")
    assert len(text) <= HEADER_CHARS
    assert text.startswith("&L&9提携ポートフォリオ 一覧 Portfolio summary — …/")
    assert text.endswith("/とても長いフォルダの名前_very_long_folder_name_11")
    assert header("A & B") == "&L&9A && B"  # & is a code in a header: doubled
    frame = table()
    frame["file"] = [f"/tmp/{deep}/{k}.xlsx" for k in range(len(frame))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter's own warning would fail the test
        write_summary(frame, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["一覧 Summary"]
    assert sheet.oddHeader.left.text.endswith("very_long_folder_name_11")
