"""`xlahp calc` on a workbook that was not built from our template."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xlahp.core import paper
from xlahp.workbook.calc import calculate, default_output
from xlahp.apps.cli import main
from xlahp.errors import XlahpError

from ..packages import rewritten


@pytest.fixture
def foreign(tmp_path) -> Path:
    """A planner's own workbook: Japanese sheet names, a labelled 図8 matrix typed with
    text fractions and full-width digits, VALUE_INDEX over plain ranges."""
    wb = Workbook()
    ws = wb.active
    ws.title = "経営陣の判断"
    ws.append(["企業価値の評価", *paper.CRITERIA])
    text = {1: "1", 3: "３", 5: "5", 9: "9", 1 / 3: "1/3", 1 / 5: "１／５", 1 / 9: "1/9"}
    for name, row in zip(paper.CRITERIA, paper.FIG8):
        ws.append([name, *(text[min(text, key=lambda k: abs(k - v))] for v in row)])
    ws["A8"], ws["B8"] = "収益性の重み", "=INDEX(AHP_WEIGHTS($A$1:$F$6),2)"
    ws["A9"], ws["B9"] = "不整合度 C.R.", "=AHP_CR($A$1:$F$6)"
    ws["A10"], ws["B10"] = "一巡三角形", "=AHP_TRIADS($A$1:$F$6)"
    ws["A11"], ws["B11"] = "判定", "=INDEX(AHP_SUMMARY($A$1:$F$6),8,2)"
    ws["A12"], ws["B12"] = "合計", "=SUM(B8:B10)"
    other = wb.create_sheet("Targets 目標")
    other.append(["weight", "actual", "target"])
    for w, a, t in ((0.5, 80, 100), (0.3, 120, 100), (0.2, 5, None)):
        other.append([w, a, t])
    other["E1"], other["F1"] = "価値指数", "=VALUE_INDEX(A2:A4,B2:B4,C2:C4)"
    other["E2"], other["F2"] = "網羅率", "=VALUE_COVERAGE(A2:A4,B2:B4,C2:C4)"
    other["E3"], other["F3"] = "weight check", "=経営陣の判断!B8*2"
    path = tmp_path / "my alliance 提携.xlsx"
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_calc_computes_a_foreign_workbook_and_keeps_the_input(foreign, tmp_path):
    before = digest(foreign)
    out = tmp_path / "out.xlsx"
    result = calculate(foreign, out)
    assert digest(foreign) == before
    values = load_workbook(out, data_only=True)
    judged = values["経営陣の判断"]
    assert round(judged["B8"].value, 3) == paper.FIG8_WEIGHTS[1]
    assert round(judged["B9"].value, 4) == paper.FIG8_INCONSISTENCY
    assert judged["B10"].value == 0
    assert judged["B11"].value == "妥当 OK"
    assert judged["B12"].value == pytest.approx(judged["B8"].value + judged["B9"].value)
    targets = values["Targets 目標"]
    assert targets["F1"].value == pytest.approx((0.5 * 0.8 + 0.3 * 1.2) / 0.8)
    assert targets["F2"].value == pytest.approx(0.8)
    assert targets["F3"].value == pytest.approx(2 * judged["B8"].value)
    formulas = load_workbook(out)
    assert formulas["経営陣の判断"]["B8"].value == "=INDEX(AHP_WEIGHTS($A$1:$F$6),2)"
    assert formulas["Targets 目標"]["F1"].value == "=VALUE_INDEX(A2:A4,B2:B4,C2:C4)"
    assert not result.problems
    assert [(h.label, h.function) for h in result.headlines][:3] == [
        ("収益性の重み", "AHP_WEIGHTS"), ("不整合度 C.R.", "AHP_CR"), ("一巡三角形", "AHP_TRIADS")]


def test_cli_calc_writes_beside_the_input_and_reports_cell_problems(foreign, capsys):
    wb = load_workbook(foreign)
    wb["経営陣の判断"]["B13"] = "=AHP_WEIGHTS(B2:F3)"
    wb.save(foreign)
    assert main(["calc", str(foreign)]) == 1  # a headline figure (B13's weights) failed
    out, err = capsys.readouterr()
    assert default_output(foreign).is_file()
    assert "不整合度 C.R." in out and "0.0554" in out
    assert "経営陣の判断!B13: AHP_WEIGHTS: matrix is 2×5, must be square" in err
    assert "xlahp: 1 headline figure(s) could not be computed" in err


def test_calc_refuses_to_overwrite_its_input(foreign, capsys):
    with pytest.raises(XlahpError, match="overwrite the input"):
        calculate(foreign, foreign)
    assert main(["calc", str(foreign), "-o", str(foreign)]) == 2
    assert "overwrite the input" in capsys.readouterr().err


def test_calc_of_a_missing_file_is_one_line(tmp_path, capsys):
    assert main(["calc", str(tmp_path / "nowhere.xlsx")]) == 2
    assert capsys.readouterr().err.strip().endswith("no such file")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_numbers_not_name_errors(foreign, tmp_path):
    out = tmp_path / "calc.xlsx"
    calculate(foreign, out)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(tmp_path / "csv"), str(out)],
                   check=True, capture_output=True, timeout=180)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "csv").glob("*.csv"))
    assert "#NAME" not in text and "妥当 OK" in text
    cells = [line.split(",") for line in text.splitlines()]
    value = {row[k]: row[k + 1] for row in cells for k in range(len(row) - 1) if row[k]}
    assert round(float(value["不整合度 C.R."]), 4) == paper.FIG8_INCONSISTENCY
    assert float(value["価値指数"]) == pytest.approx(0.95)


def test_a_filled_down_formula_is_a_headline_in_every_cell(foreign, tmp_path):
    """Excel saves a formula filled down as a shared formula (the text in its first cell
    only); each cell of it is a headline, as it is when saved cell by cell."""
    wb = load_workbook(foreign)
    ws = wb["経営陣の判断"]
    ws["C9"] = "=AHP_CR($A$1:$F$6)"  # B9 filled right
    wb.save(tmp_path / "plain.xlsx")
    shared = rewritten(tmp_path / "plain.xlsx", tmp_path / "shared.xlsx", {
        r"xl/worksheets/sheet1\.xml": lambda xml: xml.replace(
            '<c r="B9"><f>AHP_CR($A$1:$F$6)</f>',
            '<c r="B9"><f t="shared" ref="B9:C9" si="0">AHP_CR($A$1:$F$6)</f>').replace(
            '<c r="C9"><f>AHP_CR($A$1:$F$6)</f>', '<c r="C9"><f t="shared" si="0"/>')})
    with zipfile.ZipFile(shared) as package:
        assert 't="shared"' in package.read("xl/worksheets/sheet1.xml").decode()
    plain, filled = (calculate(p) for p in (tmp_path / "plain.xlsx", shared))
    cells = [(h.sheet, h.cell) for h in filled.headlines if h.function == "AHP_CR"]
    assert cells == [("経営陣の判断", "B9"), ("経営陣の判断", "C9")]
    assert [h.value for h in filled.headlines] == [h.value for h in plain.headlines]
