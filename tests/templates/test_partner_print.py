"""What the partner-selection workbook prints and plots (xlahp.templates.partner, issue 19):
the candidates named and the matrices compared pairwise when it is built, the critical
criteria on one page, a chart series per named candidate, and a line that turns to 注意
once the inputs typed later no longer fit the print area."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

from xlahp.templates import build_partner, partner
from xlahp.templates import partner_inputs as pi
from xlahp.templates.ahp import criterion
from xlahp.templates.partner_case import (CRITERIA, K, PAIRED, RATED, RATING, PartnerCase,
                                          example_case)
from xlahp.workbook.calc import calculate

CASE = example_case()
M = pi.M
PAIRS, FIN, SYN = pi.PAIRS_SHEET, pi.FINANCE_SHEET, partner.SYNTH_SHEET
#: three candidates, 目的の一致 and 現場の相性 compared pairwise
FEWER = replace(CASE, candidates=CASE.candidates[:3], ratings=CASE.ratings[:3],
                statements=CASE.statements[:3], methods=(PAIRED, RATING, RATING, PAIRED),
                paired={0: {(0, 1): "3", (0, 2): "5", (1, 2): "2"},
                        3: {(0, 1): "2", (0, 2): "1/3", (1, 2): "1/5"}})
FIVE = replace(CASE, candidates=(*CASE.candidates, ("戊社 (架空)", "")),
               ratings=(*CASE.ratings, ("普通", "普通", "普通")),
               statements=(*CASE.statements, CASE.statements[0]))


def _book(tmp_path, case, name="book.xlsx"):
    return openpyxl.load_workbook(build_partner(tmp_path / name, case=case))


def _areas(ws) -> list[tuple[int, int, int, int]]:
    """The print ranges of ``ws`` as (min_col, min_row, max_col, max_row)."""
    return [range_boundaries(a.split("!")[-1].replace("$", "")) for a in
            ws.print_area.split(",")] if ws.print_area else []


def _inside(cells: str, area: tuple[int, int, int, int]) -> bool:
    lo_c, lo_r, hi_c, hi_r = range_boundaries(cells.split("!")[-1].replace("$", ""))
    return area[0] <= lo_c and hi_c <= area[2] and area[1] <= lo_r and hi_r <= area[3]


def _printed_blocks(wb) -> list[int]:
    """The criteria (1-based) whose matrix of the candidates lies in a print range."""
    ws = wb[PAIRS]
    return [RATED[k] + 1 for k in range(len(RATED))
            if any(_inside(wb.defined_names[f"Partner_Pairs{k + 1}"].attr_text, a)
                   for a in _areas(ws))]


def _printed_cards(wb) -> list[int]:
    """The candidates (1-based) whose statement card lies in 候補の財務's print range."""
    (area,) = _areas(wb[FIN])
    return [i + 1 for i in range(M) if _inside(pi.statement(i), area)]


def _sweep_columns(wb) -> list[str]:
    """The candidates' columns of the gradient table that print (all while no print area)."""
    ws = wb[SYN]
    (table,) = [a for a in _areas(ws) if a[1] <= partner.SWEEP_ROW <= a[3]] or [(1, 1, 99, 999)]
    assert table[1] < partner.SWEEP_ROW and partner.SWEEP_ROW + 1 + partner.STEPS <= table[3]
    return [get_column_letter(4 + a) for a in range(M) if 4 + a <= table[2]]


def _gradient_series(path) -> list[str]:
    """The cells naming the series of the gradient chart, as the file stores them."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/chart"):
                root = ElementTree.fromstring(z.read(name))
                ns = {"c": root.tag.split("}")[0][1:]}
                if root.find(".//c:scatterChart", ns) is not None:
                    return [s.findtext("c:tx/c:strRef/c:f", namespaces=ns)
                            for s in root.iterfind(".//c:scatterChart/c:ser", ns)]
    raise AssertionError("no gradient chart")


def _bar_categories(path) -> str:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/chart"):
                root = ElementTree.fromstring(z.read(name))
                ns = {"c": root.tag.split("}")[0][1:]}
                cats = {c.text for c in root.iterfind(".//c:barChart/c:ser/c:cat//c:f", ns)}
                if cats and all(SYN in c for c in cats):
                    (cat,) = cats
                    return cat
    raise AssertionError("no bar chart of the synthesis")


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example built and evaluated once: (path, cached values)."""
    path = build_partner(tmp_path_factory.mktemp("print") / "partner.xlsx", example=True)
    return path, calculate(path).values


# ------------------------------------------------------------------ print areas

def test_example_prints_the_pairwise_matrix_and_the_named_candidates_only(example):
    path, _ = example
    wb = openpyxl.load_workbook(path)
    assert _printed_blocks(wb) == [5]  # 現場の相性, the one criterion compared pairwise
    assert len(_areas(wb[PAIRS])) == 1
    assert _printed_cards(wb) == [1, 2, 3, 4]
    assert _sweep_columns(wb) == list("DEFG")
    top, table = _areas(wb[SYN])  # all of it above the gradient table, on its breaks
    assert _inside(wb.defined_names["Partner_Critical"].attr_text, top)
    assert top[2] == column_index_from_string("L") and top[3] + 1 < table[1]
    # each page of both sheets carries the sheet's heading with its status (C4), the line
    # that says what prints (row 5) and, on 候補の財務, the grey-zone band it judges with
    assert wb[PAIRS].print_title_rows == f"$1:${pi.PRINT_ROW}"
    assert wb[FIN].print_title_rows == f"$1:${pi.BAND_ROW}"
    assert pi.BAND.endswith(f"${pi.BAND_ROW}") and wb[FIN][pi.BAND.split("!")[1].replace("$", "")
                                                          ].value == pytest.approx(0.1)


def test_fewer_candidates_and_two_matrices(tmp_path):
    wb = _book(tmp_path, FEWER)
    assert _printed_blocks(wb) == [1, 5]
    areas = _areas(wb[PAIRS])
    assert len(areas) == 2 and areas[0][3] + 1 < areas[1][1]  # apart: Excel would join
    assert _printed_cards(wb) == [1, 2, 3, 4]  # the first row of cards (four across)
    # the printed width is the same on every page: columns A (the title's) to the weights
    assert {(a[0], a[2]) for a in areas} == {(1, column_index_from_string(pi.PAIRS_LAST))}


def test_five_candidates_print_both_rows_of_cards(tmp_path):
    wb = _book(tmp_path, FIVE)
    assert _printed_cards(wb) == list(range(1, M + 1))
    assert _sweep_columns(wb) == list("DEFGH")


def test_blank_template_prints_its_whole_form_and_the_pairs_heading(tmp_path):
    wb = openpyxl.load_workbook(build_partner(tmp_path / "blank.xlsx"))
    assert _printed_cards(wb) == list(range(1, M + 1))
    assert _areas(wb[SYN]) == [] and len(_sweep_columns(wb)) == M
    assert _printed_blocks(wb) == []  # every criterion rated by default: the heading only
    assert _areas(wb[PAIRS]) == [(1, 1, column_index_from_string(pi.PAIRS_LAST), pi.PRINT_ROW)]


def test_every_matrix_prints_when_every_criterion_is_compared(tmp_path):
    wb = _book(tmp_path, replace(CASE, methods=(PAIRED,) * len(RATED)))
    assert _printed_blocks(wb) == [RATED[k] + 1 for k in range(len(RATED))]
    areas = _areas(wb[PAIRS])
    assert all(a[3] + 1 < b[1] for a, b in zip(areas, areas[1:]))


# ------------------------------------------------------------------ page setup and breaks

A4 = (841.89, 595.28)  # landscape, points


def _column_points(ws, col: str) -> float:
    """Printed width of a column: Excel's pixels for a width in characters of the default
    font (7 px a digit, 5 px padding), at 0.75 pt a pixel."""
    width = ws.column_dimensions[col].width if col in ws.column_dimensions else 8.43
    return int(width * 7 + 5) * 0.75


def _page_points(ws, first: int, last: int) -> float:
    """Height of rows first…last printed on one page wide (fit to width)."""
    right = max(column_index_from_string(c) for c in ws.column_dimensions)
    wide = sum(_column_points(ws, get_column_letter(c)) for c in range(1, right + 1))
    m = ws.page_margins
    scale = min(1.0, (A4[0] - 72 * (m.left + m.right)) / wide)
    tall = sum(ws.row_dimensions[r].height or 15 for r in range(first, last + 1))
    return tall * scale


def test_page_setup_of_every_sheet(example):
    wb = openpyxl.load_workbook(example[0])
    one_page = {pi.COVER, pi.RATINGS_SHEET, "一対比較", "集団評価"}
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        # paper size 9 is A4 (ECMA-376)
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == (1 if ws.title in one_page else 0), ws.title
    assert [b.id for b in wb[SYN].row_breaks.brk] == list(partner.SYNTH_BREAKS)


def test_the_critical_table_prints_whole_on_one_page(example):
    """A page ends right before the table's section row and the next only after the
    verdict figures, and that page holds them at the sheet's fit-to-width scale."""
    ws = openpyxl.load_workbook(example[0])[SYN]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    first, last = partner.CRITICAL_ROW - 1, partner.CRITICAL_ROW + K  # section … criterion K
    assert first - 1 in breaks
    assert not [b for b in breaks if first <= b < last]
    end = min(b for b in breaks if b >= last)
    m = ws.page_margins
    assert _page_points(ws, first, end) <= A4[1] - 72 * (m.top + m.bottom)
    for r in range(first + 2, last + 1):
        assert ws[f"C{r}"].value == f"={criterion(r - first - 2)}"


# ------------------------------------------------------------------ the charts

def test_gradient_chart_has_a_series_per_named_candidate(example):
    path, values = example
    titles = _gradient_series(path)
    assert len(titles) == len(CASE.candidates)
    shown = [values[(SYN, t.split("!")[1].replace("$", ""))] for t in titles]
    assert shown == [name for name, _ in CASE.candidates]
    last = partner.SHARE_ROW + len(CASE.candidates) - 1
    assert _bar_categories(path) == f"'{SYN}'!$C${partner.SHARE_ROW}:$C${last}"


@pytest.mark.parametrize("case,series", [(FEWER, 3), (FIVE, 5), (PartnerCase(), M)])
def test_series_follow_the_candidates_named(tmp_path, case, series):
    assert len(_gradient_series(build_partner(tmp_path / "c.xlsx", case=case))) == series


# ------------------------------------------------------------------ the lines that say what prints

def _line(values, sheet):
    cell = f"D{partner.CHART_ROW - 1}" if sheet == SYN else f"B{pi.PRINT_ROW}"
    return values[(sheet, cell)]


def test_the_lines_say_what_prints(example):
    _, values = example
    assert _line(values, PAIRS).startswith("印刷: 作成時に一対比較だった基準 (基準 5)")
    assert _line(values, FIN).startswith("印刷: 候補 1–4 のカード")
    assert _line(values, SYN).startswith("グラフと勾配表は候補 1–4")


def _typed_later(path, tmp_path, names=(), pairwise=()):
    """``path`` with candidate names typed from slot 1 and criteria (1-based) switched to
    pairwise, as a planner would in Excel; evaluated: its values."""
    wb = openpyxl.load_workbook(path)
    for i, name in enumerate(names):
        wb[pi.COVER][f"C{pi.CAND_ROW + i}"] = name
    for j in pairwise:
        wb[pi.RATINGS_SHEET][f"{pi.COLS[j - 1]}{pi.METHOD_ROW}"] = " pairwise "  # taken too
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    return calculate(edited).values


def _asks_for_the_rebuilds_print_area(values, rebuilt, sheets) -> None:
    """Each line is 注意 and asks for the very print area a build from the inputs sets."""
    for sheet in sheets:
        line = _line(values, sheet)
        asked = re.search(r"印刷範囲を (\S+) に", line).group(1)
        assert line.startswith("注意") and asked == rebuilt[sheet].print_area.replace(
            f"'{sheet}'!", "").replace("$", ""), line


def test_a_fifth_candidate_and_a_new_pairwise_criterion_turn_the_lines_to_a_warning(
        example, tmp_path):
    values = _typed_later(example[0], tmp_path, [name for name, _ in FIVE.candidates], [2])
    typed = replace(FIVE, methods=(RATING, PAIRED, RATING, PAIRED))
    _asks_for_the_rebuilds_print_area(values, _book(tmp_path, typed, "rebuilt.xlsx"),
                                      (PAIRS, FIN, SYN))
    assert _line(values, SYN).startswith("注意: グラフと勾配表は作成時の候補 1–4、候補は今 5 社")
    assert len(_gradient_series(build_partner(tmp_path / "r.xlsx", case=typed))) == 5


def test_names_typed_into_a_new_workbook_ask_for_a_smaller_print_area(tmp_path):
    """``xlahp new`` prints the whole form; three names typed later: 候補の財務 and 総合評価
    ask for the print area a build with those names sets, 候補の一対比較 stays as it is."""
    blank = build_partner(tmp_path / "blank.xlsx")
    values = _typed_later(blank, tmp_path, [name for name, _ in FEWER.candidates])
    typed = replace(FEWER, methods=(RATING,) * len(RATED))
    _asks_for_the_rebuilds_print_area(values, _book(tmp_path, typed, "rebuilt.xlsx"),
                                      (FIN, SYN))
    assert _line(values, PAIRS).startswith("印刷: この見出しだけ")


def test_no_text_in_a_formula_is_longer_than_excel_takes(example):
    """Excel refuses a formula whose text constant is longer than 255 characters."""
    wb = openpyxl.load_workbook(example[0])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    for text in re.findall(r'"((?:[^"]|"")*)"', cell.value):
                        assert len(text.replace('""', '"')) <= 255, (ws.title, cell.coordinate)


# ------------------------------------------------------------------ rendered

@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler render the pages")
def test_rendered_through_libreoffice(tmp_path):
    """The evaluated example as LibreOffice prints it: eleven pages, one of 候補の一対比較
    (criterion 5), one of cards, the critical table whole on the page of its figures, no
    legend entry, card or gradient column for an unnamed slot."""
    book = build_partner(tmp_path / "partner.xlsx", example=True, evaluated=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "partner.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == 11
    titled = [p for p in pages if p.lstrip().startswith(PAIRS)]
    assert len(titled) == 1 and "基準 5: 現場の相性" in titled[0] and "使用しない —" not in text
    cards = [p for p in pages if "Bankruptcy index" in p]
    assert len(cards) == 1 and "候補 5" not in cards[0]
    (table,) = [p for p in pages if "勾配表 (AHP_SWEEP)" in p]
    assert "未入力" not in table and all(name in table for name, _ in CASE.candidates)
    (critical,) = [p for p in pages if "最も敏感な基準 (AHP_CRITICAL)" in p]
    assert all(ja in critical for ja, _ in CRITERIA) and "判定の材料" in critical
    (charts,) = [re.sub(r"\s", "", p) for p in pages if "グラフ / Charts" in p]
    assert "候補5" not in charts  # each name twice: the bar's category and the legend
    assert [charts.count(re.sub(r"\s", "", name)) for name, _ in CASE.candidates] == [2] * 4
