"""Option cells take their obvious spellings or refuse at the cell, never fall back
(issue 23, item 13): 一対比較's matrix source, the partner workbook's method rows."""

from __future__ import annotations

import math

import openpyxl
import pytest

from xlahp.templates import build, build_partner
from xlahp.templates.partner_case import RATED
from xlahp.templates.partner_inputs import COLS, METHOD_ROW
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

#: The typed matrix of the alliance example replaced by "all equal": weights 0.2 each,
#: told apart from the questionnaire's (図10) at a glance.
EQUAL = [1 / 5] * 5


@pytest.fixture(scope="module")
def alliance(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("alliance") / "a.xlsx", example=True)
    book = openpyxl.load_workbook(path)
    sheet = book["一対比較"]
    for r in range(24, 29):
        for c in range(3, 8):
            if c - 3 > r - 24:
                sheet.cell(r, c).value = "1"
    book.save(path)
    return path


def with_cell(source, tmp_path, sheet: str, cell: str, value) -> dict:
    book = openpyxl.load_workbook(source)
    book[sheet][cell] = value
    book.save(tmp_path / "changed.xlsx")
    return calculate(tmp_path / "changed.xlsx").named


@pytest.mark.parametrize("spelling", ["直接入力", "直接", "direct", "Direct", " DIRECT ",
                                      "直接入力 direct"])
def test_every_spelling_of_direct_uses_the_typed_matrix(alliance, tmp_path, spelling):
    named = with_cell(alliance, tmp_path, "一対比較", "C12", spelling)
    assert named["Result_Weights"] == pytest.approx(EQUAL)
    assert named["Status_Matrix"][0].startswith("OK")


@pytest.mark.parametrize("spelling", ["アンケート", "questionnaire", "Questionnaire ",
                                      "アンケート questionnaire"])
def test_every_spelling_of_questionnaire_uses_the_answers(alliance, tmp_path, spelling):
    named = with_cell(alliance, tmp_path, "一対比較", "C12", spelling)
    weights = named["Result_Weights"]
    assert weights[4] == pytest.approx(0.579, abs=5e-4)  # 図10's 成長力
    assert named["Status_Matrix"][0].startswith("OK")


@pytest.mark.parametrize("value", ["direkt", "手入力", "1", "直接入力してください"])
def test_any_other_source_is_refused_at_the_cell(alliance, tmp_path, value):
    named = with_cell(alliance, tmp_path, "一対比較", "C12", value)
    status = named["Status_Matrix"][0]
    assert status == (f"入力エラー input error — 使用する行列 「{value}」 は選択肢にない / not a "
                      "choice: アンケート (questionnaire), 直接入力 (direct)")
    assert all(not isinstance(w, float) for w in named["Result_Weights"])  # no weights at all
    assert named["Result_Status"][0].startswith("入力エラー 一対比較 (行列)")


def test_a_blank_source_is_not_entered_yet(alliance, tmp_path):
    named = with_cell(alliance, tmp_path, "一対比較", "C12", None)
    assert named["Status_Matrix"][0] == ("未入力 使用する行列を選ぶ / choose one: アンケート "
                                         "(questionnaire), 直接入力 (direct)")
    assert named["Result_Weights"] == [""] * 5


# --- the partner workbook's method rows ------------------------------------------------------

@pytest.fixture(scope="module")
def partner(tmp_path_factory):
    return build_partner(tmp_path_factory.mktemp("partner") / "p.xlsx", example=True)


@pytest.fixture(scope="module")
def as_built(partner):
    return calculate(partner).named


PAIRED_CELL = f"{COLS[RATED[3]]}{METHOD_ROW}"  # the example compares this criterion pairwise
RATED_CELL = f"{COLS[RATED[0]]}{METHOD_ROW}"  # and rates this one


@pytest.mark.parametrize("cell,spelling", [
    (PAIRED_CELL, "一対比較"), (PAIRED_CELL, "pairwise"), (PAIRED_CELL, " Pairwise "),
    (RATED_CELL, "評定"), (RATED_CELL, "rating"), (RATED_CELL, "Rating")])
def test_every_spelling_of_a_method_is_that_method(partner, as_built, tmp_path, cell, spelling):
    named = with_cell(partner, tmp_path, "候補の評価", cell, spelling)
    assert named["Status_PartnerRatings"] == as_built["Status_PartnerRatings"] == ["OK"]
    assert named["Result_PartnerTop"] == as_built["Result_PartnerTop"]
    assert named["Result_PartnerScore"] == pytest.approx(as_built["Result_PartnerScore"])


@pytest.mark.parametrize("cell,value,criterion", [
    (RATED_CELL, "一対", RATED[0] + 1), (PAIRED_CELL, "bogus", RATED[3] + 1),
    (RATED_CELL, "AHP", RATED[0] + 1)])
def test_any_other_method_is_refused_and_gives_no_result(partner, tmp_path, cell, value,
                                                         criterion):
    named = with_cell(partner, tmp_path, "候補の評価", cell, value)
    refusal = (f"入力エラー input error — 基準 {criterion} の評価方法 「{value}」 は選択肢にない "
               "/ not a choice: 評定 rating / 一対比較 pairwise")
    assert named["Status_PartnerRatings"] == [refusal]
    assert named["Status_PartnerMatrices"][0].startswith(refusal)
    score = named["Result_PartnerScore"][0]
    assert not (isinstance(score, float) and math.isfinite(score))  # never a fallback's figure
