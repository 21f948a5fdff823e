"""`xlahp report` over alliances and partner selections: two kinds of decision, two sheets."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from xlahp.apps.cli import main
from xlahp.core.literature import CR_THRESHOLD
from xlahp.apps.portfolio import (ALLIANCE, CONSENSUS, EVALUATORS, KIND, PARTNER, PARTNER_SELECTION,
                             REVIEW, SCORE, TOP, report)
from xlahp.apps.summary import (PARTNER_COLUMNS, PARTNER_SHEET, PROVISIONAL_FORMAT, header_label,
                           write_csv, write_summary)
from xlahp.templates import build_partner
from xlahp.templates.case import PAIRS, answer, fraction_text
from xlahp.templates.partner_case import CRITERIA, example_case
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

WORKBOOKS = Path(__file__).parents[2] / "workbooks"
#: The example's criteria with 目的の一致 far below 補完性 (1/7) and below 親和性 (1/5), yet
#: 補完性 far above 親和性 (9): the intensities disagree, C.R. well over 0.1.
INCONSISTENT = {(0, 1): Fraction(1, 7), (0, 2): Fraction(1, 5), (1, 2): Fraction(9)}


def inconsistent_case():
    """The example with INCONSISTENT judgments, in its questionnaire and its matrix alike."""
    case = example_case()
    values = {**{pair: Fraction(text) for pair, text in case.direct.items()}, **INCONSISTENT}
    names = tuple(ja for ja, _ in CRITERIA)
    return replace(case, direct={pair: fraction_text(v) for pair, v in values.items()},
                   answers=tuple(answer(values[pair], *pair, names) for pair in PAIRS))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copy(WORKBOOKS / "paper_example.xlsx", folder / "alliance.xlsx")
    shutil.copy(WORKBOOKS / "partner_selection.xlsx", folder / "partner.xlsx")
    build_partner(folder / "inconsistent.xlsx", case=inconsistent_case())
    return folder


@pytest.fixture(scope="module")
def frame(folder):
    return report(folder, jobs=2).set_index("file")


@pytest.fixture(scope="module")
def book(folder, frame, tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "summary.xlsx"
    write_summary(frame.reset_index(), path)
    return load_workbook(path)


def table(sheet) -> list[dict]:
    heads = [c.value for c in sheet[1]]
    return [dict(zip(heads, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]


def test_partner_row_carries_the_choice(folder, frame):
    row = frame.loc[str(folder / "partner.xlsx")]
    named = calculate(folder / "partner.xlsx").named
    assert row[KIND] == PARTNER_SELECTION and row["状態 status"] == "OK"
    assert row[TOP] == named["Result_PartnerTop"][0] == "甲社 (架空)"
    assert row["2位 runner-up"] == named["Result_PartnerRunnerUp"][0] == "丙社 (架空)"
    assert row[SCORE] == pytest.approx(named["Result_PartnerScore"][0])
    assert row["2位との差 margin"] == pytest.approx(named["Result_PartnerMargin"][0])
    assert row["最も敏感な基準 critical criterion"] == "経営資源の補完性"
    assert row["覆る変化率 % to overturn"] == pytest.approx(named["Result_PartnerCriticalPct"][0])
    assert row["C.R."] == pytest.approx(named["Result_CR"][0]) and row["C.R."] < CR_THRESHOLD
    assert row["判定 verdict"].startswith("妥当")
    assert row["モード mode"] == "分配 distributive"
    assert row[EVALUATORS] == named["Group_Evaluators"][0] == 3  # the 集団評価 sheet
    assert row[CONSENSUS] == pytest.approx(named["Group_Consensus"][0])
    assert pd.isna(row["価値指数 value index"])  # an alliance figure: blank here
    alliance = frame.loc[str(folder / "alliance.xlsx")]
    assert alliance[KIND] == ALLIANCE and pd.isna(alliance[TOP])


def test_inconsistent_criteria_make_the_row_provisional(folder, frame):
    row = frame.loc[str(folder / "inconsistent.xlsx")]
    assert row["C.R."] >= CR_THRESHOLD
    assert row["状態 status"] == REVIEW and row["判定 verdict"].startswith("要再検討")
    assert row[TOP] is not None  # still computed, but not to be relied on


NAMED = {"AllianceName": ["選定"], "Result_PartnerTop": ["甲社"], "Result_PartnerScore": [0.4],
         "Result_PartnerRunnerUp": ["乙社"], "Result_PartnerMargin": [0.1],
         "Result_PartnerCritical": ["なし none"], "Result_PartnerCriticalPct": [""],
         "Result_CR": [0.02], "Partner_Mode": ["ideal"],
         "Status_PartnerCriteria": ["OK 妥当: C.R. 0.020 < 0.1"], "Status_PartnerRatings": ["OK"]}


@pytest.mark.parametrize("changes,status,verdict,reason", [
    ({}, "OK", "妥当: C.R. 0.020 < 0.1", "評価基準 criteria: OK; 候補の評価 ratings: OK"),
    ({"Status_PartnerMatrices": ["要再検討 C.R. 0.2 ≥ 0.1"]}, REVIEW,  # the optional checks
     "要再検討 review: 候補の一対比較 matrices: 要再検討 C.R. 0.2 ≥ 0.1", None),
    ({"Status_PartnerFinance": ["未入力: 丙社"], "Result_PartnerTop": [""]}, "未入力 incomplete",
     "妥当: C.R. 0.020 < 0.1", "財務 finance: 未入力: 丙社"),
])
def test_partner_row_status_follows_every_check(changes, status, verdict, reason):
    from xlahp.apps.portfolio import _partner_row

    row = _partner_row({**NAMED, **changes}, [])
    assert (row["状態 status"], row["判定 verdict"]) == (status, verdict)
    assert reason is None or reason in row["理由 reason"]
    assert row["C.R."] == 0.02 and row["モード mode"] == "理想 ideal"
    assert row["覆る変化率 % to overturn"] != row["覆る変化率 % to overturn"]  # NaN: never overturned


def test_summary_sheet_lists_alliances_only(book):
    assert book.sheetnames == ["一覧 Summary", "グラフ Chart", "推移 History",
                               "推移グラフ History chart", "視点の変更 View changes", PARTNER_SHEET,
                               "読込エラー Errors"]
    sheet = book["一覧 Summary"]
    heads = {c.value for c in sheet[1]}
    assert not heads & {header_label(c) for c in (KIND, *PARTNER)}
    assert [r["提携名\nalliance"] for r in table(sheet)] == ["A社 株式持ち合いによる戦略的提携 (論文の例)"]


def test_partner_sheet(book, folder, frame):
    sheet = book[PARTNER_SHEET]
    assert [c.value for c in sheet[1]] == [header_label(c) for c in PARTNER_COLUMNS]
    rows = {r[header_label("file")]: r for r in table(sheet)}
    assert set(rows) == {"partner.xlsx", "inconsistent.xlsx"}
    example = rows["partner.xlsx"]
    assert example[header_label(TOP)] == "甲社 (架空)"
    row = frame.loc[str(folder / "partner.xlsx")]
    assert example[header_label("2位との差 margin")] == pytest.approx(row["2位との差 margin"])
    assert example["C.R."] == pytest.approx(row["C.R."])
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_cols == "$A:$A"  # paged at full size
    assert not (sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    assert (sheet.freeze_panes, sheet.print_title_rows) == ("B2", "$1:$1")
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}3"


def test_partner_sheet_flags_the_inconsistent_one(book):
    sheet = book[PARTNER_SHEET]
    heads = {c.value: c.column_letter for c in sheet[1]}
    r = next(r for r in range(2, sheet.max_row + 1)
             if sheet[f"{heads[header_label('file')]}{r}"].value == "inconsistent.xlsx")
    score = sheet[f"{heads[header_label(SCORE)]}{r}"]
    assert score.number_format == PROVISIONAL_FORMAT and "C.R." in score.comment.text
    cr = heads["C.R."]
    rules = {str(cf.sqref): [rule.formula[0] for rule in cf.rules]
             for cf in sheet.conditional_formatting}
    assert any(f">={CR_THRESHOLD}" in f for f in rules[f"{cr}2:{cr}3"])
    assert sheet[f"{cr}{r}"].value >= CR_THRESHOLD
    assert sheet[f"{heads[header_label('状態 status')]}{r}"].value == REVIEW


def test_partner_selections_only_get_no_empty_alliance_sheets(folder, frame, tmp_path):
    partners = frame[frame[KIND] == PARTNER_SELECTION].reset_index()
    write_summary(partners, tmp_path / "s.xlsx")
    assert load_workbook(tmp_path / "s.xlsx").sheetnames == [PARTNER_SHEET, "読込エラー Errors"]


def test_csv_is_one_table_with_the_kind(frame, tmp_path):
    write_csv(frame.reset_index(), tmp_path / "s.csv")
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8-sig")))
    assert sorted((Path(r["file"]).name, r[KIND]) for r in rows) == [
        ("alliance.xlsx", ALLIANCE), ("inconsistent.xlsx", PARTNER_SELECTION),
        ("partner.xlsx", PARTNER_SELECTION)]


def test_cli_report_over_a_mixed_folder(folder, tmp_path, capsys):
    assert main(["report", str(folder), "-o", str(tmp_path / "s.xlsx"), "-j", "1"]) == 0
    assert "3 workbooks: 3 evaluated, 0 incomplete, 0 could not be read" in capsys.readouterr().out
