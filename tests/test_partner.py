"""The partner-selection workbook (xlahp.templates.partner): the invented example
evaluated headless gives what xlahp.hierarchy / xlahp.sensitivity give on the same
inputs, and its verdict names the top candidate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from xlahp import hierarchy, sensitivity
from xlahp.pairwise import read_matrix
from xlahp.templates import build_partner, partner
from xlahp.templates.partner_case import (CRITERIA, DATA_CRITERION, K, LEVELS, RATED,
                                          example_case)
from xlahp.weights import weights as matrix_weights
from xlahp.workbook.calc import calculate

CASE = example_case()
SYN = partner.SYNTH_SHEET


def _matrix(judged: dict, n: int) -> list[list[object]]:
    return [[1 if i == j else judged.get((i, j)) if i < j else None for j in range(n)]
            for i in range(n)]


def direct():
    """Weights, local priorities (rated criteria on the level scale, 財務 from the
    倒産指数) and both syntheses, computed by the core on the example's inputs."""
    w = matrix_weights(read_matrix(_matrix(CASE.criteria, K)))
    scale = matrix_weights(read_matrix(_matrix(CASE.levels, len(LEVELS))))
    table = {ja: float(p) for (ja, _), p in zip(LEVELS, scale)}
    rated = hierarchy.rating_priorities([list(r) for r in CASE.ratings], table)
    data = hierarchy.data_priorities(list(CASE.bankruptcy), 1)
    m = len(CASE.candidates)
    local = np.zeros((m, K))
    for c, j in enumerate(RATED):
        local[:, j] = [row[c] for row in rated]
    local[:, DATA_CRITERION] = data
    return w, local


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partner")
    path = build_partner(folder / "partner.xlsx", example=True)
    return path, calculate(path).values


def _value(values, sheet, cell):
    return values.get((sheet, cell))


def test_example_evaluates_without_problems(tmp_path):
    path = build_partner(tmp_path / "p.xlsx", example=True)
    result = calculate(path)
    assert result.problems == []


def test_synthesis_equals_the_core_in_both_modes(evaluated):
    _, values = evaluated
    w, local = direct()
    m = len(CASE.candidates)
    for col, mode in (("I", "distributive"), ("J", "ideal")):
        got = [_value(values, SYN, f"{col}{partner.LOCAL_ROW + i}") for i in range(m)]
        assert got == pytest.approx(hierarchy.synthesize(w, local, mode), abs=1e-12)
        assert sum(got) == pytest.approx(1.0, abs=1e-12)
    for i in range(m):  # the local table is the core's (ratings relative to the best level)
        for j, c in enumerate(partner.COLS):
            assert _value(values, SYN, f"{c}{partner.LOCAL_ROW + i}") == pytest.approx(
                local[i, j], abs=1e-12)
    # the rows for candidates 5…8 stay blank
    assert _value(values, SYN, f"I{partner.LOCAL_ROW + m}") == ""


def test_contributions_add_up_to_the_distributive_priorities(evaluated):
    _, values = evaluated
    w, local = direct()
    p = hierarchy.synthesize(w, local, "distributive")
    for i, expected in enumerate(p):
        row = partner.SHARE_ROW + i
        parts = [_value(values, SYN, f"{c}{row}") for c in partner.COLS]
        assert sum(parts) == pytest.approx(expected, abs=1e-12)


def test_critical_table_and_sweep_equal_the_core(evaluated):
    _, values = evaluated
    w, local = direct()
    for j, found in enumerate(sensitivity.critical(w, local, "distributive")):
        row = partner.CRITICAL_ROW + 1 + j
        for col, x in zip("EFG", (found.lower, found.upper, found.top_change_pct)):
            shown = _value(values, SYN, f"{col}{row}")
            assert shown == partner.NEVER if x is None else shown == pytest.approx(x)
    ts, p = sensitivity.sweep(w, local, 0, partner.STEPS, "distributive")
    for s in range(partner.STEPS + 1):
        row = partner.SWEEP_ROW + 1 + s
        assert _value(values, SYN, f"C{row}") == pytest.approx(ts[s])
        got = [_value(values, SYN, f"{c}{row}") for c in "DEFG"]
        assert got == pytest.approx(p[s])


def test_verdict_names_the_top_candidate_margin_and_critical_criterion(evaluated):
    _, values = evaluated
    w, local = direct()
    p = hierarchy.synthesize(w, local, "distributive")
    order = np.argsort(-p)
    top, second = (CASE.candidates[k][0] for k in order[:2])
    critical = sensitivity.critical(w, local, "distributive")
    pcts = [c.top_change_pct for c in critical]
    j = min((x, k) for k, x in enumerate(pcts) if x is not None)[1]
    verdict = _value(values, partner.COVER, f"B{partner.VERDICT_ROW}")
    assert verdict.startswith(f"{top} を推奨")
    assert second in verdict and f"{p[order[0]] - p[order[1]]:.3f}" in verdict
    assert f"「{CRITERIA[j][0]}」" in verdict and f"{pcts[j]:.0f}%" in verdict
    english = _value(values, partner.COVER, f"B{partner.VERDICT_ROW + 1}")
    assert english.startswith(f"Recommended: {top}") and CRITERIA[j][1] in english
    assert _value(values, SYN, f"D{partner.FIGURES_ROW}") == top


def test_blank_template_shows_no_numbers_and_says_what_is_missing(tmp_path):
    path = build_partner(tmp_path / "blank.xlsx")
    values = calculate(path).values
    assert _value(values, partner.COVER, f"B{partner.VERDICT_ROW}") == ""
    assert _value(values, partner.RATINGS_SHEET, "C4").startswith("未入力")
    assert _value(values, SYN, f"I{partner.LOCAL_ROW}") == ""


def test_page_setup_sheets_and_protection(evaluated):
    path, _ = evaluated
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(partner.SHEETS)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.protection.sheet
    names = wb[partner.COVER][f"C{partner.CAND_ROW}"]
    assert names.value == CASE.candidates[0][0] and names.protection.locked is False
    assert len(wb[SYN]._charts) == 2


def test_committed_build_is_listed(tmp_path):
    """The committed file is compared with a fresh build in test_templates (WORKBOOKS)."""
    from xlahp.templates import WORKBOOKS
    committed = Path(__file__).resolve().parents[1] / "workbooks" / "partner_selection.xlsx"
    assert "partner_selection.xlsx" in WORKBOOKS and committed.exists()
    again = build_partner(tmp_path / "again.xlsx", example=True)
    assert again.read_bytes() == committed.read_bytes()
