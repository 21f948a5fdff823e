"""EDINET import: the four input forms, and one clear message for each bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from xlahp.errors import XlahpError
from xlahp.imports import read_filing

FILINGS = Path(__file__).parents[1] / "filings"
KIKKOMAN = FILINGS / "kikkoman_S100LM4K_ifrs.csv"
KOMATSU = FILINGS / "komatsu_S100X2FP_usgaap.csv"
KAKAKU = FILINGS / "kakaku_2017-03_jgaap.xbrl"
WORKBOOK = Path(__file__).parents[1] / "corpus" / "ahp_iu_example.xlsx"  # a real zip, not a filing
CSV_NAME = "jpcrp030000-asr-001_E00435-000_2021-03-31_01_2021-06-22.csv"


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def sales(path) -> float:
    return read_filing(path).figure("売上高").value


def test_csv_zip_utf16(tmp_path):
    path = zip_of(tmp_path / "S100LM4K.zip", {
        "XBRL_TO_CSV/jpaud-aar-cn-001_E00435-000_2021-03-31_01_2021-06-22.csv": b"\xff\xfe",
        f"XBRL_TO_CSV/{CSV_NAME}": KIKKOMAN.read_bytes()})
    assert sales(path) == 439_411_000_000
    assert read_filing(path).doc_id == "S100LM4K"


def test_bare_csv_utf8(tmp_path):
    path = tmp_path / CSV_NAME
    path.write_text(KIKKOMAN.read_bytes().decode("utf-16"), encoding="utf-8")
    assert sales(path) == 439_411_000_000


def test_xbrl_zip_picks_the_public_instance():
    filing = read_filing(FILINGS / "S100DE5C.zip")  # also holds an AuditDoc instance
    assert filing.company == "ＴＩＳ株式会社"


def test_literal_zero_is_zero(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8").replace(
        "RevenuesUSGAAPSummaryOfBusinessResults\t売上高（US GAAP）、経営指標等\tInterimDuration"
        "\t当中間期\tその他\t期間\tJPY\t円\t1891587000000",
        "RevenuesUSGAAPSummaryOfBusinessResults\t売上高（US GAAP）、経営指標等\tInterimDuration"
        "\t当中間期\tその他\t期間\tJPY\t円\t0")
    path = tmp_path / "komatsu.csv"
    path.write_text(text, encoding="utf-8")
    assert sales(path) == 0.0


def test_dash_is_blank(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8").replace("\t円\t1891587000000", "\t円\t－")
    path = tmp_path / "komatsu.csv"
    path.write_text(text, encoding="utf-8")
    assert sales(path) is None


# ------------------------------------------------------------ bad input

def refused(path, *fragments):
    with pytest.raises(XlahpError) as caught:
        read_filing(path)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_not_an_edinet_filing(tmp_path):
    html = tmp_path / "report.xbrl"
    html.write_text("<html><body>有価証券報告書</body></html>", encoding="utf-8")
    refused(html, "not an XBRL instance", "<html>")
    text = tmp_path / "notes.csv"
    text.write_text("売上高,100\n", encoding="utf-8")
    refused(text, "not an EDINET CSV")
    instance = tmp_path / "other.xbrl"
    instance.write_text('<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance"/>')
    refused(instance, "not an EDINET filing", "DEI")


def test_zip_without_an_instance():
    refused(WORKBOOK, "zip without an EDINET instance", "[Content_Types].xml")


def test_truncated_csv(tmp_path):
    data = KIKKOMAN.read_bytes()
    odd = tmp_path / "cut_odd.csv"
    odd.write_bytes(data[: len(data) // 2 | 1])  # mid-character
    refused(odd, "truncated")
    row = tmp_path / "cut_row.csv"
    text = data.decode("utf-16")
    row.write_bytes(text[: text.index("jpigp_cor:AssetsIFRS") + 40].encode("utf-16"))
    refused(row, "columns", "truncated")


def test_truncated_instance(tmp_path):
    cut = tmp_path / "cut.xbrl"
    cut.write_bytes(KAKAKU.read_bytes()[:1_000_000])
    refused(cut, "not well-formed XML", "truncated")


def test_unknown_accounting_standard(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8").replace("\t－\t－\tUS GAAP\n", "\t－\t－\tJMIS\n")
    path = tmp_path / "jmis.csv"
    path.write_text(text, encoding="utf-8")
    refused(path, "'JMIS'", "AccountingStandardsDEI", "Japan GAAP, IFRS, US GAAP")


def test_quarterly_report_is_refused_by_name(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8").replace("\t－\t－\tHY\n", "\t－\t－\tQ2\n")
    path = tmp_path / "quarterly.csv"
    path.write_text(text, encoding="utf-8")
    refused(path, "四半期報告書", "第2四半期", "2025-09-30")


def test_disagreeing_repeats_are_an_error(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8")
    extra = ("jpcrp_cor:TotalAssetsUSGAAPSummaryOfBusinessResults\t総資産額（US GAAP）、経営指標等"
             "\tInterimInstant\t当中間期末\tその他\t時点\tJPY\t円\t5922505000000\n")
    path = tmp_path / "twice.csv"
    path.write_text(text + extra, encoding="utf-8")
    refused(path, "tagged twice", "5922504000000", "5922505000000")


def test_foreign_currency_is_refused(tmp_path):
    text = KOMATSU.read_text(encoding="utf-8").replace(
        "InterimDuration\t当中間期\tその他\t期間\tJPY\t円\t1891587000000",
        "InterimDuration\t当中間期\tその他\t期間\tUSD\t米ドル\t1891587000000")
    path = tmp_path / "usd.csv"
    path.write_text(text, encoding="utf-8")
    refused(path, "in USD", "yen")


def test_dtd_is_refused(tmp_path):
    path = tmp_path / "entity.xbrl"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                    '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&a;</xbrli:xbrl>')
    refused(path, "DTD")


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = zip_of(tmp_path / "bomb.zip", {"XBRL/PublicDoc/x.xbrl": b"\0" * (64 * 2**20)})
    refused(path, "inflate", "zip bomb")


def test_too_many_entries(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for n in range(2_001):
            z.writestr(f"XBRL/PublicDoc/{n}.htm", b"")
    path = tmp_path / "many.zip"
    path.write_bytes(buffer.getvalue())
    refused(path, "2,001 entries")


@pytest.mark.parametrize("name,fragment", [("missing.xbrl", "no such file"), ("", "not a regular file")])
def test_paths(tmp_path, name, fragment):
    refused(tmp_path / name, fragment)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.touch()
    refused(path, "empty")
