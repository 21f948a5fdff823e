"""The summary workbook under hostile values (issue 23, items 1, 8 and 17).

Every value that comes from a user's workbook reaches the summary as text or a number —
never as a formula or a hyperlink — on every sheet; an absurd figure is that row's
problem, and the chart's scale stays finite.
"""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlahp.apps.portfolio import ALLIANCE, COLUMNS, KIND
from xlahp.apps.summary import _scale, write_summary
from xlahp.core.paper import CRITERIA

NAN = float("nan")
FORMULA = '=HYPERLINK("http://example.com/x","詳細")'
EXTERNAL = r"external:C:\Windows\System32\calc.exe"
#: What XlsxWriter's generic write() turns into a formula, a hyperlink or a number.
HOSTILE = [FORMULA, "=1+2", "{=SUM(A1:A2)}", EXTERNAL, "http://example.com/a",
           "mailto:x@example.com", "internal:'一覧 Summary'!A1", "ftp://example.com/f"]


def alliance(name, *, verdict="妥当 OK", value=0.5, status="OK", reason=None,
             file=None) -> dict:
    return {"file": file or f"/data/{len(name)}.xlsx", KIND: ALLIANCE, "提携名 alliance": name,
            "提携先 partner": name, "形態 form": name,
            **{f"w {c}": 0.2 for c in CRITERIA},
            "C.I.": 0.01, "C.R.": 0.01, "N.C.": 0.0, "N.C. limit": 0.0,
            "判定 verdict": verdict, "価値指数 value index": value,
            "カバー率 coverage": 0.8, "倒産指数 bankruptcy": NAN,
            "状態 status": status, "理由 reason": reason, "error": None}


def frame_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["file", *COLUMNS, "error"])


def cells_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n).decode() for n in package.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")}


def assert_inert(path) -> None:
    """No cell formula (<f>) and no hyperlink on any sheet: the only formulas are the
    conditional formats' own (<formula>, ours)."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        rels = "".join(package.read(n).decode() for n in names if n.endswith(".rels"))
    assert "hyperlink" not in rels
    for name, xml in cells_xml(path).items():
        assert not re.search(r"<f[ >]", xml), name
        assert "<hyperlink" not in xml, name


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_from_a_workbook_is_written_as_text_on_every_sheet(tmp_path, text):
    rows = [alliance(text),  # name, partner, form
            alliance("provisional", verdict=f"要再検討 review:{text}"),  # the chart's reason
            alliance("provisional, spaced", verdict=f"要再検討 review: {text}", value=0.4),
            alliance("undrawn", value=NAN, status=text, reason=text),  # the chart's notes
            alliance(text, value=NAN, status="未入力 incomplete", file=text),
            {"file": text, "状態 status": "読込エラー not read", "理由 reason": text,
             "error": text}]
    target = tmp_path / "summary.xlsx"
    write_summary(frame_of(rows), target)
    assert_inert(target)
    book = load_workbook(target)
    texts = {c.value for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert text in texts  # the value itself, shown as it was
    chart = book["グラフ Chart"]
    shown = [c.value for row in chart.iter_rows() for c in row if c.value]
    assert text in shown  # the chart's data (reason column)
    assert any(isinstance(v, str) and text in v and v.startswith("・") for v in shown)  # notes


def test_the_summary_never_calls_the_generic_writers():
    """write(), write_row() and write_column() guess a formula or a link from text;
    merge_range() writes its data with write(), so it is given "" and the text after."""
    import inspect

    from xlahp.apps import summary

    source = inspect.getsource(summary)
    assert not re.findall(r"\.write(_row|_column)?\(", source)
    assert all(data == '""' for data in re.findall(
        r"merge_range\([^,]+,[^,]+,[^,]+,[^,]+,\s*([^,]+),", source))


# --- 8. an absurd figure never breaks the chart ----------------------------------------------

EXTREMES = [[1.6e308], [1.7976931348623157e308], [-1.7e308, 1.7e308], [5e-324], [1e-310],
            [-1e-300], [0.7285, 1.6e308], [0.0]]


@pytest.mark.parametrize("values", EXTREMES)
def test_the_chart_scale_is_finite_and_holds_every_bar(values):
    import math

    scale = _scale([{"価値指数 value index": v} for v in values])
    assert all(math.isfinite(x) for x in scale.values())
    assert scale["min"] <= min(values + [0.0]) and scale["max"] >= max(values)
    assert scale["max"] > scale["min"]


def test_a_summary_of_extreme_figures_is_written(tmp_path):
    rows = [alliance(f"A{k}", value=v) for k, v in enumerate([1.6e308, -1.7e308, 5e-324, 0.7])]
    target = tmp_path / "summary.xlsx"
    write_summary(frame_of(rows), target)
    with zipfile.ZipFile(target) as package:
        chart = package.read("xl/charts/chart1.xml").decode()
    limits = [float(x) for x in re.findall(r'<c:(?:max|min) val="([^"]+)"', chart)]
    assert limits and all(abs(x) <= 1.7976931348623157e308 for x in limits)
    assert "inf" not in chart.lower() and "nan" not in chart.lower()
