"""The partner-selection workbook (xlahp.templates.partner): the invented example
evaluated headless gives what xlahp.core.hierarchy / xlahp.core.sensitivity give on the same
inputs, and its verdict names the top candidate."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import openpyxl
import pytest

from xlahp.core import finance
from xlahp.core import hierarchy
from xlahp.core import sensitivity
from xlahp.sheet.readers import read_matrix
from xlahp.templates import ahp, build_partner, partner, partner_inputs
from xlahp.templates.partner_case import (CRITERIA, DATA_CRITERION, K, LEVELS, PAIRED, RATED,
                                          RATING, STATEMENT_ITEMS, example_case)
from xlahp.core.weights import weights as matrix_weights
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

CASE = example_case()
SYN = partner.SYNTH_SHEET


def _matrix(judged: dict, n: int) -> list[list[object]]:
    return [[1 if i == j else judged.get((i, j)) if i < j else None for j in range(n)]
            for i in range(n)]


def direct(case=CASE):
    """Weights and local priorities computed by the core on the example's inputs: the
    criteria from the typed matrix (the workbook reads the questionnaire), rated
    criteria on the level scale, 現場の相性 from its matrix of the candidates, 財務 from
    the 倒産指数 of each candidate's statement figures."""
    w = matrix_weights(read_matrix(_matrix(case.direct, K)))
    scale = matrix_weights(read_matrix(_matrix(case.levels, len(LEVELS))))
    table = {ja: float(p) for (ja, _), p in zip(LEVELS, scale)}
    m = len(case.candidates)
    local = np.zeros((m, K))
    for c, j in enumerate(RATED):
        if case.methods[c] == PAIRED:
            local[:, j] = matrix_weights(read_matrix(_matrix(case.paired[c], m)))
        else:
            local[:, j] = hierarchy.rating_priorities([[r[c]] for r in case.ratings],
                                                     table)[:, 0]
    local[:, DATA_CRITERION] = hierarchy.data_priorities(bankruptcy(case), 1)
    return w, local


def bankruptcy(case=CASE) -> list[float]:
    return [finance.bankruptcy_index(s).index for s in case.statements]


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    """The example built and evaluated once for the module: (path, calculate's result)."""
    folder = tmp_path_factory.mktemp("partner")
    path = build_partner(folder / "partner.xlsx", example=True)
    return path, calculate(path)


@pytest.fixture(scope="module")
def evaluated(evaluation):
    path, result = evaluation
    return path, result.values


def _value(values, sheet, cell):
    return values.get((sheet, cell))


def test_example_evaluates_without_problems(evaluation):
    _, result = evaluation
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
        for j, c in enumerate(partner_inputs.COLS):
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
        parts = [_value(values, SYN, f"{c}{row}") for c in partner_inputs.COLS]
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
    assert _value(values, partner_inputs.RATINGS_SHEET, "C4").startswith("未入力")
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
    names = wb[partner.COVER][f"C{partner_inputs.CAND_ROW}"]
    assert names.value == CASE.candidates[0][0] and names.protection.locked is False
    assert len(wb[SYN]._charts) == 2


def test_new_makes_a_partner_selection_on_request_and_calc_prints_its_verdict(tmp_path, capsys):
    from xlahp.apps.cli import main

    assert main(["new", "新製品パートナー選定", "--kind", "partner-selection", "-o",
                 str(tmp_path) + "/"]) == 0
    made = tmp_path / "新製品パートナー選定.xlsx"
    assert made.is_file()
    assert main(["new", "x", "--kind", "partner-selection", "--partner", "B社", "-o",
                 str(tmp_path) + "/"]) == 2
    assert "--partner: only for an alliance workbook" in capsys.readouterr().err
    blank = calculate(made)
    assert blank.named["AllianceName"] == ["新製品パートナー選定"]
    assert not blank.problems
    example = tmp_path / "example.xlsx"
    build_partner(example, example=True)
    assert main(["calc", str(example), "-o", str(tmp_path / "example.calc.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "1位 top candidate" in out and "甲社 (架空)" in out and "判定 verdict" in out


def _evaluate(tmp_path, case):
    path = build_partner(tmp_path / "case.xlsx", case=case)
    return calculate(path).values


FIN = partner_inputs.FINANCE_SHEET


def test_each_candidates_index_comes_from_its_statement_figures(evaluated):
    """候補の財務: BANKRUPTCY_INDEX of each card = finance.bankruptcy_index of the
    figures; the verdict per card; the ratings sheet's 財務 column shows the same."""
    _, values = evaluated
    for i, expected in enumerate(bankruptcy()):
        cell = partner_inputs._index(i).split("!")[1].replace("$", "")
        assert _value(values, FIN, cell) == pytest.approx(expected, abs=1e-12)
        col, fig, top = partner_inputs._card(i)
        assert _value(values, FIN, f"{fig}{top + 3 + len(STATEMENT_ITEMS)}") == \
            finance.bankruptcy_verdict(expected)
        shown = _value(values, partner_inputs.RATINGS_SHEET,
                       f"G{partner_inputs.RATE_ROW + i}")
        assert shown == pytest.approx(expected, abs=1e-12)
    assert [round(x, 2) for x in bankruptcy()] == [1.17, 1.02, 0.67, 0.99]
    assert _value(values, FIN, "C4").startswith("OK")


def test_criteria_weights_from_the_questionnaire_equal_the_typed_matrix(tmp_path, evaluated):
    _, values = evaluated
    w, _ = direct()
    rows = range(ahp.WEIGHT_ROW, ahp.WEIGHT_ROW + K)
    asked = [_value(values, ahp.PAIRWISE, f"J{r}") for r in rows]
    assert asked == pytest.approx(w, abs=1e-12)
    assert _value(values, ahp.QUESTIONNAIRE, "C4").startswith("OK")
    typed = _evaluate(tmp_path, replace(CASE, answers=(), source="直接入力"))
    assert [_value(typed, ahp.PAIRWISE, f"J{r}") for r in rows] == pytest.approx(w, abs=1e-12)
    assert _value(typed, ahp.PAIRWISE, "C13").startswith("OK 妥当")


def test_each_rated_criterion_takes_ratings_or_its_matrix_as_chosen(tmp_path):
    """現場の相性 rated instead of compared: the synthesis follows the ratings; compared
    with an empty matrix: the synthesis waits and both statuses say what is missing."""
    rated = replace(CASE, methods=(RATING,) * len(RATED),
                    ratings=tuple((*r, fit) for r, fit in
                                  zip(CASE.ratings, ("普通", "やや低い", "高い", "やや高い"))))
    values = _evaluate(tmp_path, rated)
    w, local = direct(rated)
    got = [_value(values, SYN, f"I{partner.LOCAL_ROW + i}") for i in range(4)]
    assert got == pytest.approx(hierarchy.synthesize(w, local, "distributive"), abs=1e-12)
    assert _value(values, partner_inputs.PAIRS_SHEET, "C4").startswith("OK: 使用しない")
    empty = _evaluate(tmp_path, replace(CASE, paired={}))
    status = _value(empty, partner_inputs.PAIRS_SHEET, "C4")
    assert status.startswith("未入力") and status.endswith("(基準 5)")
    assert _value(empty, SYN, f"I{partner.LOCAL_ROW}") == ""
    assert _value(empty, partner.COVER, f"B{partner.VERDICT_ROW}") == ""


def test_an_inconsistent_matrix_of_candidates_is_flagged(tmp_path):
    bad = replace(CASE, paired={RATED.index(4): {(0, 1): "9", (0, 2): "1/9", (0, 3): "9",
                                                 (1, 2): "9", (1, 3): "1/9", (2, 3): "9"}})
    values = _evaluate(tmp_path, bad)
    status = _value(values, partner_inputs.PAIRS_SHEET, "C4")
    assert status.startswith("要再検討") and "(基準 5)" in status
    assert _value(values, partner.COVER, f"B{partner.VERDICT_ROW}")  # shown, flagged


def test_a_candidate_with_negative_equity_is_named_and_not_scored(tmp_path):
    broke = dict(CASE.statements[2], 自己資本=-200)
    values = _evaluate(tmp_path, replace(CASE, statements=(*CASE.statements[:2], broke,
                                                           *CASE.statements[3:])))
    status = _value(values, FIN, "C4")
    assert status.startswith("計算不可") and status.endswith("(候補 3)")
    assert "債務超過" in status
    local = _value(values, SYN, f"G{partner.LOCAL_ROW + 2}")
    assert not isinstance(local, float)  # no number for the financial criterion


def test_a_rating_off_the_scale_is_an_input_error(tmp_path):
    odd = replace(CASE, ratings=(("最高", *CASE.ratings[0][1:]), *CASE.ratings[1:]))
    values = _evaluate(tmp_path, odd)
    assert _value(values, partner_inputs.RATINGS_SHEET, "C4").startswith("入力エラー")


def _full_case(m: int):
    """m invented candidates, every rated criterion compared pairwise: candidate a beats
    b by 1 + (b − a) (capped at 9) under the first criterion, the reverse under the others."""
    base = CASE.statements
    forward = {(a, b): str(min(9, 1 + b - a)) for a in range(m) for b in range(a + 1, m)}
    backward = {pair: f"1/{v}" for pair, v in forward.items()}
    return replace(CASE, candidates=tuple((f"候補{a + 1}社 (架空)", "") for a in range(m)),
                   methods=(PAIRED,) * len(RATED), ratings=(),
                   paired={k: forward if k == 0 else backward for k in range(len(RATED))},
                   statements=tuple(base[a % len(base)] for a in range(m)))


@pytest.mark.parametrize("m", [2, 8])
def test_two_and_eight_candidates_all_compared_pairwise(tmp_path, m):
    """The smallest and the largest hierarchy the template holds: every matrix sized to
    the candidates, the synthesis the core's, the ratings unused."""
    case = _full_case(m)
    values = _evaluate(tmp_path, case)
    w, local = direct(case)
    got = [_value(values, SYN, f"I{partner.LOCAL_ROW + i}") for i in range(m)]
    assert got == pytest.approx(hierarchy.synthesize(w, local, "distributive"), abs=1e-12)
    assert _value(values, partner_inputs.RATINGS_SHEET, "C4").startswith("OK: 評定は使わない")
    assert _value(values, partner_inputs.PAIRS_SHEET, "C4").startswith("OK")
    top = int(np.argmax(hierarchy.synthesize(w, local, "distributive")))
    verdict = _value(values, partner.COVER, f"B{partner.VERDICT_ROW}")
    assert verdict.startswith(f"{case.candidates[top][0]} を推奨")


@pytest.mark.parametrize("typed,expected", [("-3", "入力エラー"), ("大きい", "入力エラー"),
                                            ("12", "要再検討"),  # and 尺度外: both said
                                            ("0", "注意 未回答")])  # SuperDecisions' "none"
def test_a_bad_judgment_between_candidates_is_named(tmp_path, typed, expected):
    judged = {**CASE.paired[RATED.index(4)], (0, 1): typed}
    values = _evaluate(tmp_path, replace(CASE, paired={RATED.index(4): judged}))
    status = _value(values, partner_inputs.PAIRS_SHEET, "C4")
    assert status.startswith(expected) and "(基準 5)" in status
    if typed == "12":
        assert "尺度外: 甲社 (架空) vs 乙社 (架空) = 12" in status
    if expected == "入力エラー":  # nothing computed from it: #N/A, not a number
        assert not isinstance(_value(values, SYN, f"H{partner.LOCAL_ROW}"), float)


def test_a_gap_in_the_candidates_names_shows_no_synthesis(tmp_path):
    """Names 1, 2 and 4 typed, 3 left out: the rows would no longer be the candidates
    named, so nothing is synthesised and the ratings status says why."""
    gap = replace(CASE, candidates=(*CASE.candidates[:2], ("", ""), CASE.candidates[3]))
    values = _evaluate(tmp_path, gap)
    assert _value(values, partner_inputs.RATINGS_SHEET, "C4").startswith("入力エラー: 候補名")
    assert _value(values, SYN, f"I{partner.LOCAL_ROW}") == ""
    assert _value(values, partner.COVER, f"B{partner.VERDICT_ROW}") == ""


def test_the_evaluators_views_of_the_criteria_match_xlahp_group(evaluation):
    """集団評価 in the partner workbook: the three invented department views give the
    S*, agenda and AIJ weights of xlahp.core.group; the synthesis keeps the agreed weights."""
    from xlahp.core import group as core
    from xlahp.sheet.readers import read_answers
    from xlahp.templates.case import PAIRS

    named = evaluation[1].named
    names = [ja for ja, _ in CRITERIA]
    g = core.Group(tuple(read_answers([[names[i], names[j], which, how] for (i, j), (which, how)
                                       in zip(PAIRS, answers)], names)
                         for _, answers in CASE.evaluators))
    assert named["Group_Evaluators"] == [3]
    assert named["Group_Consensus"][0] == pytest.approx(core.consensus(g).s_star, abs=1e-12)
    first = core.disagreements(g, 3)[0]
    assert named["Group_Agenda"][:2] == [g.labels[first.row], g.labels[first.col]]
    assert named["Group_Weights"] == pytest.approx(list(core.group_weights(g)), abs=1e-12)
    w, _ = direct()
    assert named["Partner_Weights"] == pytest.approx(w, abs=1e-12)  # the agreed ones
