"""report and calc on absurd and missing figures (issue 23, items 8 and 14): the figure is
that workbook's problem, explained; the batch goes on; nothing prints as 309 digits."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from xlahp.apps import portfolio
from xlahp.apps.cli import _format, main
from xlahp.apps.portfolio import CELL_ERRORS, INCOMPLETE, OK, REASON, STATUS, report
from xlahp.templates import build, names
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

VALUE = names.VALUE_INDEX.label


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("example") / "a.xlsx", example=True)


@pytest.fixture(scope="module")
def named(example) -> dict:
    """The example's defined names as an evaluation reads them."""
    return calculate(example).named


def row_with(named: dict, **cells) -> dict:
    """The report's row of the example with some named results replaced."""
    changed = {**named, **{name: [value] for name, value in cells.items()}}
    return portfolio._alliance_row(changed, [])


def test_the_example_is_ok(named):
    row = row_with(named)
    assert row[STATUS] == OK and 0.6 < row[VALUE] < 0.8


@pytest.mark.parametrize("index", [1.6e308, -1.7e308, 1000.5, -5e3])
def test_an_absurd_value_index_is_that_workbooks_error(named, index):
    row = row_with(named, Result_ValueIndex=index)
    assert math.isnan(row[VALUE]) and row[names.STANDING.label] is None
    assert row[STATUS] == CELL_ERRORS
    assert row[REASON].startswith(f"{VALUE}: {index:.3g} is no plausible index (1.0 = on "
                                  "target; xlahp's stays within ±1,000) — check 目標比較")


@pytest.mark.parametrize("index", [math.inf, -math.inf, math.nan])
def test_a_value_index_that_is_no_finite_number_is_said(named, index):
    row = row_with(named, Result_ValueIndex=index)
    assert math.isnan(row[VALUE]) and row[STATUS] == CELL_ERRORS
    assert f"{VALUE}: not a finite number ({index})" in row[REASON]


@pytest.mark.parametrize("index", [None, ""])
def test_a_workbook_without_a_value_index_is_never_ok(named, index):
    """Its own status says OK (a typed cell, an older template): no index, no OK."""
    row = row_with(named, Result_ValueIndex=index)
    assert row[STATUS] == INCOMPLETE and f"{VALUE}: 空 blank" in row[REASON]


def test_no_indicator_chosen_is_incomplete(example, tmp_path):
    book = openpyxl.load_workbook(example)
    for r in range(6, 11):
        book["目標比較"].cell(r, 4).value = None  # 指標 (選択): none
    book.save(tmp_path / "none.xlsx")
    frame = report([tmp_path / "none.xlsx"], jobs=1)
    assert frame[STATUS][0] == INCOMPLETE and math.isnan(frame[VALUE][0])


@pytest.fixture
def typed(example, tmp_path) -> Path:
    """The example with 1.6e308 typed over its value index."""
    book = openpyxl.load_workbook(example)
    book["目標比較"]["C12"] = 1.6e308
    book.save(tmp_path / "typed.xlsx")
    return tmp_path / "typed.xlsx"


def test_an_absurd_figure_does_not_stop_the_batch(typed, example, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["report", str(typed), str(example), "-o", str(out), "-j", "1"]) == 0
    said = capsys.readouterr()
    assert "2 workbooks: 2 evaluated, 0 incomplete, 0 could not be read" in said.out
    book = openpyxl.load_workbook(out)
    summary = book["一覧 Summary"]
    status = [c.value for c in summary[1]].index("状態\nstatus")
    assert [r[status] for r in summary.iter_rows(min_row=2, values_only=True)] == [
        CELL_ERRORS, OK]
    notes = [c for row in book["グラフ Chart"].iter_rows(values_only=True) for c in row
             if isinstance(c, str) and "1.6e+308 is no plausible index" in c]
    assert notes  # not drawn, said under the chart


def test_calc_prints_no_309_digit_number(typed, tmp_path, capsys):
    main(["calc", str(typed), "-o", str(tmp_path / "out.xlsx")])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith(VALUE))
    assert "1.6e+308" in line and max(len(w) for w in line.split()) < 20


@pytest.mark.parametrize("value,shown", [
    (1.6e308, "1.6e+308"), (-1.7e308, "-1.7e+308"), (1e-9, "1e-09"), (math.inf, "inf"),
    (0.7285, "0.7285"), (3.0, "3"), (-0.0, "0"), (123456789012345.0, "123456789012345"),
    (1e15, "1e+15")])
def test_calc_formats_any_float_briefly(value, shown):
    assert _format(value) == shown


def test_a_status_names_a_huge_amount_briefly():
    from xlahp.sheet.checks import _figure

    assert (_figure(1e300), _figure(-1.6e308)) == ("1e+300", "▲1.6e+308")
    assert (_figure(8968546.0), _figure(-106961.0)) == ("8,968,546", "▲106,961")


# --- 17. a cover's text as typed: line breaks and emoji kept, controls escaped ---------------

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji, joined by ZWJ


def test_cover_text_keeps_its_line_breaks_and_emoji_in_the_summary(example, tmp_path):
    book = openpyxl.load_workbook(example)
    book["表紙"]["D6"] = f"A社\n株式持ち合い {FAMILY}\r\n第2期 \u202eevil"  # Alt+Enter, ZWJ, RLO
    book.save(tmp_path / "typed.xlsx")
    frame = report([tmp_path / "typed.xlsx"], jobs=1)
    name = f"A社\n株式持ち合い {FAMILY}\n第2期 \\u202eevil"
    assert frame[names.ALLIANCE.label][0] == name
    out = tmp_path / "s.xlsx"
    from xlahp.apps.summary import write_summary

    write_summary(frame, out)
    assert openpyxl.load_workbook(out)["一覧 Summary"]["A2"].value == name
