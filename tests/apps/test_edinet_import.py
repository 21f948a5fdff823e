"""xlahp import: real filings (tests/filings/PROVENANCE.md) into the committed template.

Every expected figure is read out of the filing here, element by element — a regular
expression over the instance, a split of the CSV line — never from the importer, then
converted to the unit the sheet's column states.  The cells are found by their labels in
the output, as a reader of the sheet would.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from xlahp.apps.cli import main
from xlahp.imports import api
from xlahp.templates import accounts
from xlahp.workbook.calc import calculate
from xlahp.workbook.inputs import Book, Formula

ROOT = Path(__file__).parents[2]
FILINGS = ROOT / "tests" / "filings"
TEMPLATE = ROOT / "workbooks" / "xlahp_template.xlsx"
TIS = FILINGS / "S100DE5C.zip"
KAKAKU = FILINGS / "kakaku_2017-03_jgaap.xbrl"
KIKKOMAN = FILINGS / "kikkoman_S100LM4K_ifrs.csv"
KOMATSU = FILINGS / "komatsu_S100X2FP_usgaap.csv"
SHEET = accounts.STATEMENT_SHEET
CY, PY = "CurrentYear", "Prior1Year"
NC = "_NonConsolidatedMember"


# ------------------------------------------------------------ the filing, read by hand

def instance_text(path: Path) -> str:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            [name] = [n for n in z.namelist() if n.startswith("XBRL/PublicDoc/") and n.endswith(".xbrl")]
            return z.read(name).decode("utf-8")
    return path.read_text(encoding="utf-8")


def tagged(source: str, element: str, context: str) -> float | None:
    """The value of *element* in *context*: from the instance's tags or the CSV's lines
    (None for a nil fact); every copy must agree."""
    if "\t" in source:
        found = [line.split("\t")[8] for line in source.splitlines()
                 if line.startswith(element + "\t") and line.split("\t")[2] == context]
        values = {None if v == "－" else float(v) for v in found}
    else:
        pattern = rf'<{element}\b[^>]*\bcontextRef="{context}"[^>]*?(/>|>([^<]*)</{element}>)'
        found = re.findall(pattern, source)
        values = {None if close == "/>" else float(text) for close, text in found}
    assert len(values) == 1, (element, context, values)
    return values.pop()


def expected(source: str, parts: list[tuple[int, str, str]]) -> float | None:
    """Σ sign × tagged value."""
    values = [(sign, tagged(source, e, c)) for sign, e, c in parts]
    return None if any(v is None for _, v in values) else sum(s * v for s, v in values)


J, I, C = "jppfs_cor:", "jpigp_cor:", "jpcrp_cor:"


def jgaap(period: str, rights: bool = False) -> dict[str, list[tuple[int, str, str]]]:
    """*rights*: the filing tags 新株予約権 (deducted from 純資産 with 非支配株主持分)."""
    d, i = period + "Duration", period + "Instant"
    deducted = ["SubscriptionRightsToShares"] * rights + ["NonControllingInterests"]
    return {"売上高": [(1, J + "NetSales", d)], "営業利益": [(1, J + "OperatingIncome", d)],
            "営業費用": [(1, J + "CostOfSales", d),
                     (1, J + "SellingGeneralAndAdministrativeExpenses", d)],
            "支払利息": [(1, J + "InterestExpensesNOE", d)],
            "当期純利益": [(1, J + "ProfitLossAttributableToOwnersOfParent", d)],
            "総資産": [(1, J + "Assets", i)], "総負債": [(1, J + "Liabilities", i)],
            "自己資本": [(1, J + "NetAssets", i), *((-1, J + e, i) for e in deducted)],
            "株主資本": [(1, J + "ShareholdersEquity", i)], "資本金": [(1, J + "CapitalStock", i)],
            "流動資産": [(1, J + "CurrentAssets", i)], "流動負債": [(1, J + "CurrentLiabilities", i)],
            "固定資産": [(1, J + "NoncurrentAssets", i)],
            "有形固定資産": [(1, J + "PropertyPlantAndEquipment", i)],
            "固定負債": [(1, J + "NoncurrentLiabilities", i)],
            "配当金総額": [(-1, J + "DividendsFromSurplus", d)],
            "発行済株式数": [(1, C + "TotalNumberOfIssuedSharesSummaryOfBusinessResults", i + NC)]}


def ifrs(period: str) -> dict[str, list[tuple[int, str, str]]]:
    d, i = period + "Duration", period + "Instant"
    shares = ([(1, C + "NumberOfIssuedSharesAsOfFiscalYearEndIssuedSharesTotalNumberOfSharesEtc",
                "FilingDateInstant")] if period == CY else
              [(1, C + "TotalNumberOfIssuedSharesSummaryOfBusinessResults", i + NC)])
    return {"売上高": [(1, I + "RevenueIFRS", d)], "営業利益": [(1, I + "OperatingProfitLossIFRS", d)],
            "支払利息": [(1, I + "InterestExpensesOpeCFIFRS", d)],
            "当期純利益": [(1, I + "ProfitLossAttributableToOwnersOfParentIFRS", d)],
            "総資産": [(1, I + "AssetsIFRS", i)], "総負債": [(1, I + "LiabilitiesIFRS", i)],
            "自己資本": [(1, I + "EquityAttributableToOwnersOfParentIFRS", i)],
            "資本金": [(1, I + "ShareCapitalIFRS", i)], "流動資産": [(1, I + "CurrentAssetsIFRS", i)],
            "流動負債": [(1, I + "TotalCurrentLiabilitiesIFRS", i)],
            "固定資産": [(1, I + "NonCurrentAssetsIFRS", i)],
            "有形固定資産": [(1, I + "PropertyPlantAndEquipmentIFRS", i)],
            "固定負債": [(1, I + "NonCurrentLabilitiesIFRS", i)],  # sic: the element list's spelling
            "配当金総額": [(-1, I + "DividendsSSIFRS",
                       d + "_EquityAttributableToOwnersOfParentIFRSMember")],
            "発行済株式数": shares}


# ------------------------------------------------------------ the workbook, read back

def rows_by_item(ws) -> dict[str, int]:
    return {ws.cell(r, 2).value: r for r in range(accounts.ITEM_ROW, accounts.LAST_ITEM_ROW + 1)}


def run(*args: str | Path) -> int:
    return main(["import", *map(str, args)])


def with_units(tmp_path: Path, current: str, previous: str) -> Path:
    """The template with other units typed into the 当期 and 前期 columns."""
    path = tmp_path / "units.xlsx"
    with Book(TEMPLATE) as book:
        book.set(SHEET, accounts.UNIT_ROW, 4, current)
        book.set(SHEET, accounts.UNIT_ROW, 5, previous)
        book.save(path)
    return path


@pytest.fixture(scope="module")
def tis(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tis") / "tis.xlsx"
    assert run(TIS, TEMPLATE, "-o", out) == 0
    return out


def check_statement(out: Path, source: str, table, units: dict[str, float], doc: str) -> None:
    """Every figure the filing gives sits in its item's row and period's column, in the
    column's unit, beside its source; what it does not give is blank and 入力不足."""
    formulas = openpyxl.load_workbook(out)[SHEET]
    values = openpyxl.load_workbook(out, data_only=True)[SHEET]
    rows = rows_by_item(values)
    for period, col, source_col in ((CY, "D", "L"), (PY, "E", "M")):
        parts_of = table(period)
        for item, row in rows.items():
            parts = parts_of.get(item)
            want = expected(source, parts) if parts else None
            cell, beside = values[f"{col}{row}"], values[f"{source_col}{row}"]
            if want is None:
                assert cell.value is None, (item, period)
                if item != "株価":
                    assert beside.value.startswith("入力不足 missing input"), (item, period)
                continue
            per = 1e6 if item == "発行済株式数" else units[period]
            assert cell.value == pytest.approx(want / per, rel=1e-12), (item, period)
            assert beside.value.startswith(doc) and parts[0][1] in beside.value
            assert beside.value.endswith(parts[0][2]), (item, period)
            assert formulas[f"{source_col}{row}"].value.startswith(f"=IF(AND(ISNUMBER({col}{row})")


def test_jgaap_xbrl_zip_fills_both_years_with_their_sources(tis):
    check_statement(tis, instance_text(TIS), jgaap, {CY: 1e6, PY: 1e6}, "S100DE5C ")
    ws = openpyxl.load_workbook(tis, data_only=True)[SHEET]
    assert (ws["D6"].value, ws["E6"].value) == ("2018年3月期", "2017年3月期")
    assert ws["L6"].value.startswith("EDINET S100DE5C (ＴＩＳ株式会社, 2018-03-31 期) から取込")


def test_ifrs_csv_in_the_units_the_columns_state(tmp_path):
    book = with_units(tmp_path, "千円", "億円")
    out = tmp_path / "kikkoman.xlsx"
    assert run(KIKKOMAN, book, "-o", out) == 0
    text = KIKKOMAN.read_bytes().decode("utf-16")
    check_statement(out, text, ifrs, {CY: 1e3, PY: 1e8}, "S100LM4K ")
    ws = openpyxl.load_workbook(out, data_only=True)[SHEET]
    row = rows_by_item(ws)["売上高"]  # the 読取値 columns read them back in 百万円
    assert ws[f"G{row}"].value == pytest.approx(tagged(text, I + "RevenueIFRS", CY + "Duration") / 1e6)
    assert ws[f"H{row}"].value == pytest.approx(tagged(text, I + "RevenueIFRS", PY + "Duration") / 1e6)


def test_bare_instance_without_a_document_id_and_a_nil_fact(tmp_path, capsys):
    out = tmp_path / "kakaku.xlsx"
    assert run(KAKAKU, TEMPLATE, "-o", out) == 0
    text = instance_text(KAKAKU)
    assert tagged(text, J + "InterestExpensesNOE", CY + "Duration") is None  # xsi:nil
    check_statement(out, text, lambda p: jgaap(p, rights=True), {CY: 1e6, PY: 1e6},
                    "E05350 2017-03-31 ")
    ws = openpyxl.load_workbook(out, data_only=True)[SHEET]
    row = rows_by_item(ws)["支払利息"]
    assert ws[f"D{row}"].value is None and "「－」(nil)" in ws[f"L{row}"].value
    assert "document ID unknown" in capsys.readouterr().err


def test_the_template_computes_its_indicators_from_the_imported_figures(tis):
    """calculate() of the imported copy: FIN_INDICATOR from the filing's own figures."""
    text = instance_text(TIS)
    value = {item: expected(text, parts) / 1e6 for item, parts in jgaap(CY).items()}
    before = {item: expected(text, parts) / 1e6 for item, parts in jgaap(PY).items()}
    result = calculate(tis)
    rows = {ind.name: r for r, ind in enumerate(accounts.INDICATOR_ROWS, accounts.INDICATOR_HEAD + 1)}

    def computed(name):
        return result.values[(accounts.INDICATOR_SHEET, f"H{rows[name]}")]

    assert computed("ROE") == pytest.approx(value["当期純利益"] / value["自己資本"] * 100)
    assert computed("流動比率") == pytest.approx(value["流動資産"] / value["流動負債"] * 100)
    assert computed("売上高営業利益率") == pytest.approx(value["営業利益"] / value["売上高"] * 100)
    assert computed("売上成長率") == pytest.approx(
        (value["売上高"] - before["売上高"]) / before["売上高"] * 100)
    assert computed("PER") == accounts.NOT_COMPUTABLE  # 株価 is never in a filing
    assert str(result.named["Status_Statement"][0]).startswith("OK")
    assert isinstance(result.named["Result_Bankruptcy"][0], float)


# ------------------------------------------------------------ typed figures, twice, --force

def canonical(name: str, data: bytes) -> bytes:
    """A part as Canonical XML (``<v/>`` and ``<v></v>`` are one thing), others as they are."""
    xml = name.endswith((".xml", ".rels"))
    return etree.tostring(etree.fromstring(data), method="c14n") if xml else data


def test_importing_twice_changes_nothing(tis, tmp_path, capsys):
    again = tmp_path / "again.xlsx"
    assert run(TIS, tis, "-o", again) == 0
    assert "0 cells imported, 36 already as in the filing, 0 left alone" in capsys.readouterr().out
    with zipfile.ZipFile(tis) as a, zipfile.ZipFile(again) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert canonical(name, a.read(name)) == canonical(name, b.read(name)), name


@pytest.mark.slow
def test_typed_figures_are_kept_and_named_then_replaced_with_force(tis, tmp_path, capsys):
    typed = tmp_path / "typed.xlsx"
    with Book(tis) as book:  # as if typed by hand in Excel, which recomputes its source cell
        row = rows_by_item(openpyxl.load_workbook(tis)[SHEET])["売上高"]
        book.set(SHEET, row, 4, 123.0)
        source = book.value(SHEET, row, 12)
        book.set(SHEET, row, 12, Formula(source.text, None))
        book.save(typed)
    out = tmp_path / "kept.xlsx"
    assert run(TIS, typed, "-o", out) == 1
    err = capsys.readouterr().err
    assert f"財務諸表!D{row} 売上高 当期: holds 123, the filing 405,648 百万円; left alone" in err
    assert openpyxl.load_workbook(out)[SHEET][f"D{row}"].value == 123
    shown = openpyxl.load_workbook(out, data_only=True)[SHEET][f"L{row}"].value
    assert shown == "手入力 typed — EDINET S100DE5C: 405,648 百万円"  # and orange (the mark)
    forced = tmp_path / "forced.xlsx"
    assert run(TIS, typed, "-o", forced, "--force") == 0
    ws = openpyxl.load_workbook(forced, data_only=True)[SHEET]
    assert (ws[f"D{row}"].value, ws[f"L{row}"].value) == (
        405_648, "S100DE5C jppfs_cor:NetSales CurrentYearDuration")


def test_a_typed_figure_is_marked_orange_by_the_template():
    marks = openpyxl.load_workbook(TEMPLATE)[SHEET].conditional_formatting
    rules = {str(m.sqref): [r.formula[0] for r in m.rules] for m in marks}
    first, last = accounts.ITEM_ROW, accounts.LAST_ITEM_ROW
    assert f'LEFT(L{first},3)="手入力"' in rules[f"D{first}:E{last}"]


def test_a_formula_is_never_replaced(tis, tmp_path, capsys):
    book_path = tmp_path / "formula.xlsx"
    with Book(tis) as book:
        book.set(SHEET, accounts.ITEM_ROW, 4, Formula("1+1", 2))
        book.save(book_path)
    assert run(TIS, book_path, "-o", tmp_path / "out.xlsx", "--force") == 1
    assert "holds a formula (=1+1)" in capsys.readouterr().err


# ------------------------------------------------------------ refusals: one line, nothing written

@pytest.mark.parametrize("make,fragment", [
    (lambda d: d.joinpath("notes.csv").write_text("売上高,100\n", encoding="utf-8"), "not an EDINET CSV"),
    (lambda d: d.joinpath("book.zip").write_bytes(TEMPLATE.read_bytes()), "zip without an EDINET instance"),
    (lambda d: d.joinpath("cut.csv").write_bytes(KIKKOMAN.read_bytes()[:5001]), "truncated"),
    (lambda d: d.joinpath("jmis.csv").write_text(KOMATSU.read_text(encoding="utf-8").replace(
        "\t－\t－\tUS GAAP\n", "\t－\t－\tJMIS\n"), encoding="utf-8"), "'JMIS'"),
    (lambda d: d.joinpath("q2.csv").write_text(KOMATSU.read_text(encoding="utf-8").replace(
        "\t－\t－\tHY\n", "\t－\t－\tQ2\n"), encoding="utf-8"), "四半期報告書"),
    (lambda d: d.joinpath("hy.csv").write_bytes(KOMATSU.read_bytes()), "半期報告書"),
])
def test_refused_with_one_line_and_nothing_written(tmp_path, capsys, make, fragment):
    make(tmp_path)
    [filing] = [p for p in tmp_path.iterdir()]
    out = tmp_path / "out.xlsx"
    assert run(filing, TEMPLATE, "-o", out) == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [filing.name]


def rewrite_names(source: Path, target: Path, change) -> Path:
    """A copy of *source* whose workbook.xml's defined names are passed through *change*."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/workbook.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)
    return target


def test_an_older_template_is_refused_with_the_way_forward(tmp_path, capsys):
    older = rewrite_names(TEMPLATE, tmp_path / "older.xlsx", lambda x: re.sub(
        r'<definedName name="Source_[A-Za-z]+">[^<]*</definedName>', "", x))
    assert run(TIS, older, "-o", tmp_path / "out.xlsx") == 2
    err = capsys.readouterr().err
    assert "no 取込元 cells (defined name Source_Current)" in err and "--from" in err
    assert not (tmp_path / "out.xlsx").exists()


def test_a_layout_not_the_templates_is_refused_by_name(tmp_path, capsys):
    wide = rewrite_names(TEMPLATE, tmp_path / "wide.xlsx", lambda x: x.replace(
        "'財務諸表'!$D$8:$D$", "'財務諸表'!$D$8:$E$"))
    assert run(TIS, wide, "-o", tmp_path / "out.xlsx") == 2
    assert "Input_Current and Source_Current are" in capsys.readouterr().err


def test_rows_are_found_by_their_labels_not_their_addresses(tmp_path):
    moved = tmp_path / "moved.xlsx"
    with Book(TEMPLATE) as book:
        rows = rows_by_item(openpyxl.load_workbook(TEMPLATE)[SHEET])
        book.set(SHEET, rows["売上高"], 2, "総資産")  # the two rows' labels swapped
        book.set(SHEET, rows["総資産"], 2, "売上高")
        book.save(moved)
    out = tmp_path / "out.xlsx"
    assert run(TIS, moved, "-o", out) == 0
    ws = openpyxl.load_workbook(out)[SHEET]
    text = instance_text(TIS)
    assert ws[f"D{rows['総資産']}"].value == tagged(text, J + "NetSales", CY + "Duration") / 1e6
    assert ws[f"D{rows['売上高']}"].value == tagged(text, J + "Assets", CY + "Instant") / 1e6


def test_an_unreadable_unit_is_refused(tmp_path, capsys):
    book = with_units(tmp_path, "ドル", "百万円")
    assert run(TIS, book, "-o", tmp_path / "out.xlsx") == 2
    assert "states the unit 'ドル'" in capsys.readouterr().err


# ------------------------------------------------------------ 保有株式

def csv_value(text: str, element_start: str, context: str) -> str:
    [value] = [line.split("\t")[8] for line in text.splitlines()
               if line.startswith(C + element_start) and line.split("\t")[2] == context]
    return value


def test_holdings_are_listed(capsys):
    assert run(KIKKOMAN, "--holdings") == 0
    out = capsys.readouterr().out
    text = KIKKOMAN.read_bytes().decode("utf-16")
    for n in (1, 2, 3):
        name = csv_value(text, "NameOfSecurities", f"CurrentYearInstant_Row{n}Member")
        shares = float(csv_value(text, "NumberOfSharesHeld", f"CurrentYearInstant_Row{n}Member"))
        assert re.search(rf"\n  {n} +{re.escape(name)} +{shares:,.0f} ", out), out


def test_a_holding_fills_the_holding_sheet_in_its_unit(tmp_path):
    from xlahp.templates import holding

    book = tmp_path / "book.xlsx"
    with Book(TEMPLATE) as edit:  # amounts in 千円
        edit.set(holding.SHEET, holding.ROWS["Holding_Unit"], 4, "千円")
        edit.save(book)
    out = tmp_path / "out.xlsx"
    assert run(KIKKOMAN, book, "--holdings", "サカタ", "-o", out) == 0
    text = KIKKOMAN.read_bytes().decode("utf-16")
    row = "CurrentYearInstant_Row2Member"
    prior = row.replace("CurrentYear", "Prior1Year")
    ws = openpyxl.load_workbook(out, data_only=True)[holding.SHEET]

    def at(name: str):
        return ws[f"D{holding.ROWS[name]}"].value

    assert at("Holding_Counterparty") == csv_value(text, "NameOfSecurities", row) == "㈱サカタのタネ"
    assert at("Holding_Shares") == float(csv_value(text, "NumberOfSharesHeld", row))
    book_value = float(csv_value(text, "BookValue", row)) / 1e3
    assert at("Holding_Book") == at("Holding_Market") == book_value
    assert at("Holding_PreviousShares") == float(csv_value(text, "NumberOfSharesHeld", prior))
    assert at("Holding_PreviousBook") == float(csv_value(text, "BookValue", prior)) / 1e3
    assert at("Holding_Mutual") == "有 yes" and csv_value(text, "Whether", row) == "有"
    assert at("Holding_Purpose") == csv_value(text, "PurposeOfShareholding", row)
    assert at("Holding_Effect") is None
    beside = {name: ws[f"{'H' if name == 'Holding_Purpose' else 'F'}{r}"].value
              for name, r in holding.ROWS.items()}
    assert beside["Holding_Book"].startswith("S100LM4K jpcrp_cor:BookValue") and \
        beside["Holding_Book"].endswith(row)
    assert "期末時価" in beside["Holding_Market"] and "18項" in beside["Holding_Market"]
    assert beside["Holding_Purpose"].startswith("S100LM4K jpcrp_cor:PurposeOfShareholding")


@pytest.mark.parametrize("wanted,fragment", [("9", "no such row"), ("㈱", "matches 3 rows")])
def test_a_holding_not_named_clearly_is_refused(tmp_path, capsys, wanted, fragment):
    assert run(KIKKOMAN, TEMPLATE, "--holdings", wanted, "-o", tmp_path / "o.xlsx") == 2
    assert fragment in capsys.readouterr().err


def test_holdings_untagged_before_2019(capsys):
    assert run(KAKAKU, "--holdings") == 1
    assert "does not tag its 特定投資株式" in capsys.readouterr().err


# ------------------------------------------------------------ fetching

def test_fetched_by_document_id(tmp_path, monkeypatch, capsys):
    """--doc-id downloads through the API (a recorded answer: the TIS zip), beside the
    workbook, then imports it."""
    asked = []

    def transport(url, timeout):
        asked.append(url)
        return 200, "application/octet-stream", TIS.read_bytes()

    monkeypatch.setattr(api, "urllib_transport", transport)
    monkeypatch.setenv(api.KEY_VARIABLE, "test-key")
    book = tmp_path / "book.xlsx"
    book.write_bytes(TEMPLATE.read_bytes())
    assert run("--doc-id", "S100DE5C", book) == 0
    assert "documents/S100DE5C?type=1" in asked[0]
    assert (tmp_path / "S100DE5C.zip").read_bytes() == TIS.read_bytes()
    assert (tmp_path / "book.imported.xlsx").exists()
    assert "test-key" not in capsys.readouterr().out


def test_non_consolidated_on_request(tmp_path):
    out = tmp_path / "tis_own.xlsx"
    before = TIS.read_bytes(), TEMPLATE.read_bytes()
    assert run(TIS, TEMPLATE, "--non-consolidated", "-o", out) == 0
    assert (TIS.read_bytes(), TEMPLATE.read_bytes()) == before  # the inputs are only read
    text = instance_text(TIS)
    ws = openpyxl.load_workbook(out, data_only=True)[SHEET]
    row = rows_by_item(ws)["売上高"]
    assert ws[f"D{row}"].value == tagged(text, J + "NetSales", CY + "Duration" + NC) / 1e6
    assert ws[f"L{row}"].value == "S100DE5C jppfs_cor:NetSales CurrentYearDuration" + NC
    assert "個別 non-consolidated" in ws["L6"].value


def test_a_partner_selection_workbook_is_refused_with_the_reason(tmp_path, capsys):
    partner = ROOT / "workbooks" / "partner_selection.xlsx"
    assert run(TIS, partner, "-o", tmp_path / "p.xlsx") == 2
    err = capsys.readouterr().err
    assert "not an xlahp alliance workbook" in err and "候補の財務 is not filled" in err


def test_the_page_shows_the_imported_holding(tmp_path):
    """The filled copy is computed from the figures now in it: 説明資料's disclosure names
    the counterparty of the filing's row 1, not the cover's partner its cached values held."""
    from xlahp.templates import explanation

    out = tmp_path / "held.xlsx"
    assert run(KIKKOMAN, ROOT / "workbooks" / "paper_example.xlsx", "--holdings", "1",
               "-o", out) == 0
    page = openpyxl.load_workbook(out, data_only=True)[explanation.SHEET]
    top = explanation.HOLDING_TOP
    text = KIKKOMAN.read_bytes().decode("utf-16")
    assert "明治ホールディングス㈱" in text  # row 1 of its 特定投資株式, read from the filing
    assert page[f"I{top + 2}"].value == "明治ホールディングス㈱"
    assert page[f"I{top + 4}"].value == 749_916
