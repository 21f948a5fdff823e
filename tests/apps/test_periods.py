"""Issue 20: one alliance across periods — `new --from` rolls a period forward, the view is
kept on purpose (要説明 when it changes without a reason), KPIs are tracked with exit rules,
and `report` gives one row per alliance, the history and the view changes.

The material: A社 of the paper (its 図8 answers and statement, seed 004) for one alliance,
and Toyota Motor's consolidated results to March 2023, 2024 and 2025 (百万円, as reported in
its 決算短信; tests/core/test_value.py) for the other — three periods each, made with
`xlahp new --from` and filled as a user would.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlahp.apps.cli import main
from xlahp.apps.portfolio import latest, report
from xlahp.core import paper
from xlahp.templates import alliance, build, names
from xlahp.templates.accounts import STATEMENT_ITEMS
from xlahp.workbook.calc import calculate

pytestmark = pytest.mark.slow

#: Toyota, consolidated (IFRS), 百万円, by fiscal year (FY2022 = the year to March 2023).
TOYOTA = {"FY2022": {"売上高": 37_154_298, "当期純利益": 2_451_318},
          "FY2023": {"売上高": 45_095_325, "当期純利益": 4_944_933},
          "FY2024": {"売上高": 48_036_704, "当期純利益": 4_765_086}}
TOYOTA_TARGET = {"売上高": 46_000_000, "当期純利益": round(4_944_933 * 1.112)}
KPIS = [("売上高 (百万円)", 46_000_000, "年次 yearly"), ("共同開発の進捗率 (%)", 100, "四半期 quarterly"),
        ("顧客獲得数", 200, "四半期 quarterly")]
RULES = "KPI 1 < 70% for 2 quarters\nKGI が 50% 未満"


def cells(book, name: str) -> list:
    (title, ref), = book.defined_names[name].destinations
    found = book[title][ref.replace("$", "")]
    if not isinstance(found, tuple):
        return [found]
    return [c for row in found for c in (row if isinstance(row, tuple) else (row,))]


def fill(path: Path, current: dict, log: list | None = None, first: bool = False,
         answers: list | None = None, reason: str | None = None) -> None:
    """Type what a user types into one period's workbook."""
    book = load_workbook(path)
    if first:  # the first period: the view (図8), the targets, the KPIs and the exit rules
        example = load_workbook(Path(__file__).parents[2] / "workbooks" / "paper_example.xlsx")
        for mine, theirs in zip(cells(book, "Input_Answers"), cells(example, "Input_Answers")):
            mine.value = theirs.value
        for cell, item in zip(cells(book, names.TARGET.name), STATEMENT_ITEMS):
            cell.value = TOYOTA_TARGET.get(item)
        for cell, value in zip(cells(book, "Input_KGI") + cells(book, "Input_KPI"),
                               [v for row in KPIS for v in row]):
            cell.value = value
        cells(book, "ExitRules")[0].value = RULES
    for k, value in (answers or []):
        cells(book, "Input_Answers")[k].value = value
    if reason is not None:
        cells(book, names.VIEW_REASON.name)[0].value = reason
    for cell, item in zip(cells(book, names.CURRENT.name), STATEMENT_ITEMS):
        cell.value = current.get(item)
    periods, figures = cells(book, "Input_ReviewPeriods"), cells(book, "Input_KPIActuals")
    for label, row in log or []:
        r = next(k for k, c in enumerate(periods) if c.value in (None, label))
        periods[r].value = label
        for k, value in enumerate(row):
            figures[5 * r + k].value = value
    book.save(path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two alliances × three periods, each next period made with `xlahp new --from`."""
    root = tmp_path_factory.mktemp("periods")
    a = [root / "A社" / f"a{k}.xlsx" for k in (1, 2, 3)]
    b = [root / "トヨタ" / f"期{k}.xlsx" for k in (1, 2, 3)]
    a[0].parent.mkdir()
    b[0].parent.mkdir()
    assert main(["new", "A社提携", "--partner", "A社", "--form", "株式持ち合い", "--period",
                 "2009年度", "-o", str(a[0])]) == 0
    fill(a[0], dict(paper.STATEMENT_CURRENT), first=True,
         log=[(f"FY2009 Q{q}", (None, p, c)) for q, p, c in ((1, 90, 150), (2, 85, 160),
                                                              (3, 80, 170), (4, 78, 180))])
    assert main(["new", "トヨタ・スズキ", "--partner", "スズキ", "--form", "資本業務提携",
                 "--period", "FY2022", "-o", str(b[0])]) == 0
    fill(b[0], TOYOTA["FY2022"], first=True)
    for k in (1, 2):
        assert main(["new", "トヨタ・スズキ", "--from", str(b[k - 1]), "-o", str(b[k])]) == 0
        fill(b[k], TOYOTA[f"FY{2022 + k}"])
    # A社, second period: KPI 1 falls under 70 % two quarters running — the exit rule fires
    assert main(["new", "A社提携", "--from", str(a[0]), "-o", str(a[1])]) == 0
    fill(a[1], dict(paper.STATEMENT_CURRENT),
         log=[("FY2010 Q1", (None, 72, 185)), ("FY2010 Q2", (None, 66, 190)),
              ("FY2010 Q3", (None, 64, 195))])
    # A社, third period: the view changes (会社の財産 vs 収益性: 9 → 3) and no reason is given
    assert main(["new", "A社提携", "--from", str(a[1]), "-o", str(a[2])]) == 0
    fill(a[2], dict(paper.STATEMENT_CURRENT), answers=[(1, 3)],
         log=[("FY2011 Q1", (None, 75, 200))])
    return root


@pytest.fixture(scope="module")
def named(folder) -> dict[str, dict]:
    return {p.relative_to(folder).as_posix(): calculate(p).named
            for p in sorted(folder.rglob("*.xlsx"))}


def test_every_carried_field_equals_the_previous_periods(folder, named):
    for first, second in (("A社/a1.xlsx", "A社/a2.xlsx"), ("トヨタ/期1.xlsx", "トヨタ/期2.xlsx")):
        old, new = named[first], named[second]
        carried = [n for n in alliance.COVER_NAMES if n not in ("EvaluationDate",
                                                                names.PERIOD.name)]
        carried += ["Input_KGI", "Input_KPI", "Input_Answers", "Input_Selected", names.TARGET.name,
                    "Input_BankruptcyWeights", names.ALLIANCE_ID.name, "Input_KPIDirections"]
        for name in carried:
            assert new[name] == old[name], name
        assert old[names.ALLIANCE_ID.name][0] and old["ExitRules"] == [RULES]
        assert new[names.PREVIOUS.name] == old[names.CURRENT.name]  # 当期 → 前期
        assert old[names.CURRENT.name] != [None] * len(STATEMENT_ITEMS)
        assert named[second.replace("2", "3")][names.PREVIOUS.name] == new[names.CURRENT.name]
        assert new[names.PREVIOUS_PERIOD.name] == old[names.PERIOD.name]
    assert named["トヨタ/期2.xlsx"][names.PERIOD.name] == ["FY2023"]  # the period after FY2022
    assert named["A社/a2.xlsx"][names.PERIOD.name] == ["FY2010"]
    assert named["A社/a1.xlsx"][names.ALLIANCE_ID.name] != named["トヨタ/期1.xlsx"][
        names.ALLIANCE_ID.name]


def test_the_new_current_year_is_empty_and_says_so(tmp_path, folder):
    fresh = tmp_path / "next.xlsx"
    assert main(["new", "A社提携", "--from", str(folder / "A社" / "a1.xlsx"), "-o",
                 str(fresh)]) == 0
    found = calculate(fresh).named
    assert found[names.CURRENT.name] == [None] * len(STATEMENT_ITEMS)
    assert found[names.STATUS_STATEMENT.name][0].startswith("未入力 当期の数値が未入力")
    # the review log carries on: last period's four quarters, then this period's four
    assert found["Input_ReviewPeriods"][:8] == [f"FY{y} Q{q}" for y in (2009, 2010)
                                                for q in range(1, 5)]
    assert found["Input_KPIActuals"][:3] == [None, 90, 150]  # FY2009 Q1 as typed


def test_the_weights_stay_unless_the_view_changes_and_a_change_needs_a_reason(named):
    a1, a2, a3 = (named[f"A社/a{k}.xlsx"] for k in (1, 2, 3))
    assert a2[names.WEIGHTS.name] == a1[names.WEIGHTS.name]
    assert [round(w, 3) for w in a1[names.WEIGHTS.name]] == list(paper.FIG8_WEIGHTS)
    assert a2[names.STATUS_VIEW.name] == ["OK 前期と同じ視点 / same view as the previous period"]
    assert a1[names.STATUS_VIEW.name][0].startswith("OK 前期の視点なし")
    assert a3[names.WEIGHTS.name] != a2[names.WEIGHTS.name]
    view = a3[names.STATUS_VIEW.name][0]
    assert view.startswith("要説明 視点を変更 view changed: 収益性 0.181→0.143 (−0.038)")
    assert a3[names.STATUS.name][0].startswith("要説明 ")  # the cover's overall status
    assert named["トヨタ/期3.xlsx"][names.STATUS_VIEW.name][0].startswith("OK 前期と同じ視点")


def test_a_reason_answers_for_the_change(tmp_path, folder):
    changed = tmp_path / "explained.xlsx"
    changed.write_bytes((folder / "A社" / "a3.xlsx").read_bytes())
    fill(changed, dict(paper.STATEMENT_CURRENT), reason="新市場参入で収益性を重視")
    view = calculate(changed).named[names.STATUS_VIEW.name][0]
    assert view.startswith("OK 視点を変更、理由あり") and "収益性 0.181→0.143" in view


def test_exit_rules_met_not_met_and_malformed(tmp_path, named):
    met = named["A社/a2.xlsx"][names.STATUS_EXIT.name][0]
    assert met == ("Exit 検討 exit review: KPI 1 < 70% for 2 quarters — FY2010 Q2 66%, "
                   "FY2010 Q3 64%")
    assert named["A社/a1.xlsx"][names.STATUS_EXIT.name][0].startswith("OK 該当なし")
    assert named["A社/a3.xlsx"][names.STATUS_EXIT.name][0].startswith("OK 該当なし")  # 75 %
    bad = tmp_path / "bad.xlsx"
    build(bad)
    book = load_workbook(bad)
    cells(book, "ExitRules")[0].value = "KPI 1 < 70% for 2\nKPI 7 が 50% 未満"
    book.save(bad)
    text = calculate(bad).named[names.STATUS_EXIT.name][0]
    assert text == ("入力エラー input error — rule 2 'KPI 7 が 50% 未満': KPI 7 is not on the "
                    "cover (KPI 1–4)")


def test_the_cover_shows_exit_review(folder):
    evaluated = folder / "a2.calc.xlsx"
    try:
        assert main(["calc", str(folder / "A社" / "a2.xlsx"), "-o", str(evaluated)]) == 0
        cover = load_workbook(evaluated, data_only=True)[alliance.COVER]
        assert cover[f"D{alliance.EXIT_LINE}"].value.startswith("Exit 検討 exit review: KPI 1 <")
    finally:
        evaluated.unlink(missing_ok=True)


def test_report_one_row_per_alliance_and_the_history(folder, tmp_path):
    frame = report(folder, jobs=2)
    assert len(frame) == 6 and len(latest(frame)) == 2
    by = {name: group for name, group in frame.groupby("提携名 alliance", sort=False)}
    assert list(by["A社提携"]["評価期間 period"]) == ["FY2009", "FY2010", "FY2011"]
    assert list(by["トヨタ・スズキ"]["評価期間 period"]) == ["FY2022", "FY2023", "FY2024"]
    assert list(by["A社提携"]["期順 order"]) == [1, 2, 3]
    assert set(latest(frame)["評価期間 period"]) == {"FY2011", "FY2024"}
    a3 = by["A社提携"].iloc[2]
    assert a3["状態 status"] == "要説明 explanation needed"
    assert a3["視点の継続 view"].startswith("要説明")
    assert a3["重みの変化 weights moved"].startswith("収益性 0.181→0.143 (−0.038)")
    assert by["A社提携"].iloc[1]["Exit 判定 exit"].startswith("Exit 検討")
    assert by["A社提携"].iloc[1]["KPI 1 達成度 achievement"] == pytest.approx(0.64)
    assert by["トヨタ・スズキ"]["重みの変化 weights moved"].isna().all()
    pivot = frame.pivot(index="評価期間 period", columns="提携名 alliance",
                        values="価値指数 value index")
    assert pivot.shape == (6, 2)
    out = tmp_path / "summary.xlsx"
    assert main(["report", str(folder), "-o", str(out), "--csv", "-j", "2"]) == 0
    book = load_workbook(out)
    assert book["一覧 Summary"].max_row == 3  # header and two alliances
    history = book["推移 History"]
    assert history.max_row == 7
    assert [history.cell(r, 2).value for r in range(2, 8)] == [
        "FY2009", "FY2010", "FY2011", "FY2022", "FY2023", "FY2024"]
    chart, = book["推移グラフ History chart"]._charts
    assert len(chart.series) == 2  # one line per alliance
    changes = book["視点の変更 View changes"]
    assert changes.max_row == 2 and changes["G2"].value == "要説明 explanation needed"
    assert len(out.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()) == 7


#: The paper's example as the template before issue 20 built it (xlahp at b52994c): no
#: alliance ID, no period, no 推移 sheet.
OLDER = Path(__file__).parents[1] / "data" / "paper_example_b52994c.xlsx"


def test_an_older_workbook_is_its_own_alliance_said_once(tmp_path):
    for k in (1, 2):
        (tmp_path / f"old{k}.xlsx").write_bytes(OLDER.read_bytes())
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        frame = report(tmp_path, jobs=1)
    notes = [str(w.message) for w in said if "alliance ID" in str(w.message)]
    assert notes == ["2 workbook(s) without an alliance ID (提携ID; older template): each is "
                     "taken as an alliance of its own, one period"]
    assert len(latest(frame)) == 2 and frame["状態 status"].eq("OK").all()
    assert frame["評価期間 period"].isna().all()
    assert list(frame["価値指数 value index"].round(4)) == [0.6971, 0.6971]
    # and the next period can be made from it: a new identity starts there
    assert main(["new", "A社", "--from", str(OLDER), "--period", "FY2010", "-o",
                 str(tmp_path.parent / f"{tmp_path.name}-next.xlsx")]) == 0
