"""The alliance portfolio: `xlahp new` and `xlahp report`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlahp.core import paper
from xlahp.apps.cli import main
from xlahp.apps.portfolio import find_workbooks, report
from xlahp.apps.summary import csv_safe
from xlahp.templates import build
from xlahp.templates.reuse import file_name

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "paper_example.xlsx"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    """A folder as an analyst keeps it: a filled alliance, a new (empty) one, one made
    from an earlier alliance (view kept, figures empty), a corrupt file, a lock file."""
    folder = tmp_path_factory.mktemp("alliances")
    (folder / "2010").mkdir()
    build(folder / "2010" / "a_sha.xlsx", example=True)
    assert main(["new", "販売提携 B社", "--partner", "B社", "--form", "業務提携",
                 "-o", str(folder)]) == 0
    assert main(["new", "後継提携", "--from", str(EXAMPLE),
                 "-o", str(folder / "2010" / "succ.xlsx")]) == 0
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "~$a_sha.xlsx").write_bytes(b"lock")
    return folder


@pytest.fixture(scope="module")
def frame(portfolio):
    return report(portfolio, jobs=2).set_index("file")


def test_files_found_recursively_without_lock_files(portfolio):
    names = sorted(p.name for p in find_workbooks([portfolio]))
    assert names == ["a_sha.xlsx", "broken.xlsx", "succ.xlsx", "販売提携 B社.xlsx"]


def test_filled_alliance_row(portfolio, frame):
    row = frame.loc[str(portfolio / "2010" / "a_sha.xlsx")]
    assert row["形態 form"] == "株式持ち合い"
    weights = [row[f"w {c}"] for c in paper.CRITERIA]
    assert [round(w, 3) for w in weights] == list(paper.FIG8_WEIGHTS)
    assert round(row["C.R."], 4) == paper.FIG8_INCONSISTENCY
    assert (row["N.C."], row["N.C. limit"], row["判定 verdict"]) == (0, 0, "妥当 OK")
    assert round(row["価値指数 value index"], 4) == 0.6971
    assert round(row["カバー率 coverage"], 3) == 0.799
    assert pd_isna(row["倒産指数 bankruptcy"])  # not computed: the reason column says why
    assert row["理由 reason"] == "倒産指数 bankruptcy: 入力不足 missing input"
    assert row["状態 status"] == "OK" and pd_isna(row["error"])


def test_result_columns_are_floats_and_sort(frame):
    import numpy as np

    numeric = ["w 成長力", "C.I.", "C.R.", "N.C.", "N.C. limit", "価値指数 value index",
               "カバー率 coverage", "倒産指数 bankruptcy"]
    assert all(frame[c].dtype == np.float64 for c in numeric)
    ordered = frame.sort_values("価値指数 value index", ascending=False)
    assert Path(ordered.index[0]).name == "a_sha.xlsx"  # the one computed index first
    assert list(frame["状態 status"].sort_values()) == [
        "OK", "未入力 incomplete", "未入力 incomplete", "読込エラー not read"]


def pd_isna(value) -> bool:
    return value is None or value != value


def test_new_alliance_is_incomplete_not_an_error(portfolio, frame):
    row = frame.loc[str(portfolio / "販売提携 B社.xlsx")]
    assert (row["提携名 alliance"], row["提携先 partner"], row["形態 form"]) == (
        "販売提携 B社", "B社", "業務提携")
    assert row["状態 status"] == "未入力 incomplete"
    assert "not answered yet" in row["理由 reason"]  # the workbook's own overall status
    assert pd_isna(row["w 成長力"]) and pd_isna(row["error"])


def test_reused_view_keeps_the_weights_but_not_the_figures(portfolio, frame):
    row = frame.loc[str(portfolio / "2010" / "succ.xlsx")]
    assert row["提携名 alliance"] == "後継提携"
    assert round(row["w 成長力"], 3) == 0.579 and row["判定 verdict"] == "妥当 OK"
    assert row["状態 status"] == "未入力 incomplete"
    assert row["理由 reason"].startswith("財務諸表: 当期の数値が未入力")
    targets = load_workbook(portfolio / "2010" / "succ.xlsx")["財務諸表"]
    assert targets["F7"].value is not None or targets["F8"].value is not None


def test_corrupt_file_is_listed_with_its_reason(portfolio, frame):
    assert "zip" in frame.loc[str(portfolio / "broken.xlsx"), "error"].lower()


def test_cli_report_writes_summary_and_csv_and_fails_after_writing(portfolio, tmp_path, capsys):
    out = tmp_path / "summary.xlsx"
    assert main(["report", str(portfolio), "-o", str(out), "--csv", "-j", "1"]) == 1
    printed = capsys.readouterr()
    assert "4 workbooks: 1 evaluated, 2 incomplete, 1 could not be read" in printed.out
    assert "broken.xlsx" in printed.err
    book = load_workbook(out)
    assert (book.sheetnames[0], book.sheetnames[-1]) == ("一覧 Summary", "読込エラー Errors")
    assert book["一覧 Summary"].conditional_formatting  # the layout is tests/apps/test_summary.py's
    assert [c.value for c in book["読込エラー Errors"]["A"]][1].endswith("broken.xlsx")
    assert book.custom_doc_props["xlahp"].value == "portfolio summary"  # SUMMARY_MARK
    rows = list(csv.DictReader(out.with_suffix(".csv").open(encoding="utf-8-sig")))
    assert len(rows) == 4


def test_new_never_overwrites_unless_asked(tmp_path, capsys):
    target = tmp_path / "x.xlsx"
    assert main(["new", "X", "-o", str(target)]) == 0
    assert main(["new", "X", "-o", str(target)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["new", "X", "-o", str(target), "--force"]) == 0
    assert main(["new", "X", "--form", "合併", "-o", str(tmp_path)]) == 2


@pytest.mark.parametrize("value,safe", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("提携", "提携"), (0.5, 0.5), (-1.0, -1.0)])
def test_csv_cells_cannot_run_as_formulas(value, safe):
    assert csv_safe(value) == safe


def test_file_names_from_alliance_names():
    assert file_name(" A/B: 提携? ") == "A_B_ 提携_.xlsx"


def test_group_columns(portfolio, frame):
    """Evaluators who answered every pair on 集団評価, and S*: blank where unused."""
    import numpy as np

    row = frame.loc[str(portfolio / "2010" / "a_sha.xlsx")]
    assert row["評価者数 evaluators"] == 3.0
    from xlahp.core import group
    from xlahp.core import paper
    from xlahp.sheet.readers import read_answers
    from xlahp.templates.case import PAIRS, invented_evaluators

    names = list(paper.CRITERIA)  # the three invented evaluators, read by the core
    three = group.Group(tuple(
        read_answers([[names[i], names[j], *answer] for (i, j), answer in zip(PAIRS, answers)],
                     names) for _, answers in invented_evaluators()))
    assert row["合意度 S* consensus"] == pytest.approx(group.consensus(three).s_star, abs=1e-12)
    new = frame.loc[str(portfolio / "販売提携 B社.xlsx")]
    assert pd_isna(new["評価者数 evaluators"]) and pd_isna(new["合意度 S* consensus"])
    assert frame["合意度 S* consensus"].dtype == np.float64


def test_older_template_without_group_sheet_is_read(tmp_path):
    from xlahp.apps.portfolio import summarize

    wb = load_workbook(EXAMPLE)
    del wb["集団評価"]
    for name in [n for n in wb.defined_names if n.startswith(("Group_", "Status_Group",
                                                                "Input_Group"))]:
        del wb.defined_names[name]
    wb.save(tmp_path / "old.xlsx")
    outcome = summarize(tmp_path / "old.xlsx")
    assert outcome.error is None and outcome.row["状態 status"] == "OK"
    assert outcome.row["評価者数 evaluators"] != outcome.row["評価者数 evaluators"]  # NaN
    assert outcome.row["合意度 S* consensus"] != outcome.row["合意度 S* consensus"]


def test_a_new_workbook_opens_clean_in_any_viewer(tmp_path):
    """Every formula of what ``new`` writes carries its value, so that Excel without the
    add-in and LibreOffice show numbers and statuses, not #NAME? (issue 17)."""
    import zipfile
    from xml.etree import ElementTree

    assert main(["new", "新規", "-o", str(tmp_path)]) == 0
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    uncached, names, count = [], [], 0
    with zipfile.ZipFile(tmp_path / "新規.xlsx") as package:
        for part in (n for n in package.namelist() if n.startswith("xl/worksheets/sheet")):
            for cell in ElementTree.fromstring(package.read(part)).iterfind(".//x:c", ns):
                if cell.find("x:f", ns) is None:
                    continue
                count += 1
                value = cell.find("x:v", ns)
                if value is None:
                    uncached.append(f"{part}!{cell.get('r')}")
                elif (value.text or "").startswith("#NAME"):
                    names.append(f"{part}!{cell.get('r')}")
    assert count > 500 and not uncached and not names, (uncached[:5], names[:5])
    values = load_workbook(tmp_path / "新規.xlsx", data_only=True)
    assert values["目標比較"]["C4"].value.startswith("未入力")
