"""FIN_AMOUNT's commas (issue 23, item 15): thousands separators only where they are
thousands separators; anything else is an input error at the cell, and FIN_CHECK says so."""

from __future__ import annotations

import pytest

from xlahp.errors import InputError
from xlahp.sheet.registry import REGISTRY

AMOUNT, CHECK = REGISTRY["FIN_AMOUNT"].func, REGISTRY["FIN_CHECK"].func
#: The issue's examples (0,5 → 5, 1.234,5 → 1.2345, 12,34 → 1234, "," → blank) and their kin.
MISREAD = ["0,5", "1.234,5", "12,34", ",", "１２，３４", "1,23,456", ",123", "123,", "1,,234",
           "-,5", "▲0,5"]


@pytest.mark.parametrize("text", MISREAD)
def test_a_comma_that_separates_no_thousands_is_refused(text):
    with pytest.raises(InputError, match=r"is not a number \(a comma separates thousands: "
                                         r"1,234,567\)"):
        AMOUNT(text)


@pytest.mark.parametrize("text", MISREAD)
def test_fin_check_names_the_cell_instead_of_saying_ok(text):
    status = CHECK([["", "当期"], ["売上高", text], ["当期純利益", 100]], "財務諸表!B7")
    assert status.startswith(f"入力エラー input error — 財務諸表!C8 売上高 当期: {text!r} is not a "
                             "number")


@pytest.mark.parametrize("text,value", [
    ("1,234", 1234.0), ("1,234,567", 1234567.0), ("1,234.5", 1234.5), ("0.5", 0.5),
    ("▲１，２３４", -1234.0), ("(1,234.5)", -1234.5), ("-12,345", -12345.0), ("999", 999.0)])
def test_thousands_separators_are_read(text, value):
    assert AMOUNT(text) == value


def test_the_workbook_refuses_it_at_the_cell(tmp_path):
    import openpyxl

    from xlahp.templates import build
    from xlahp.workbook.calc import calculate

    book = openpyxl.load_workbook(build(tmp_path / "a.xlsx", example=True))
    book["財務諸表"]["D8"] = "0,5"  # 売上高, 当期
    book.save(tmp_path / "comma.xlsx")
    named = calculate(tmp_path / "comma.xlsx").named
    assert named["Status_Statement"][0].startswith(
        "入力エラー input error — 財務諸表!D8 売上高 当期: '0,5' is not a number")
    assert not isinstance(named["Result_ValueIndex"][0], float)
