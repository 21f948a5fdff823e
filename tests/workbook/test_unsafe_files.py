"""`xlahp calc` on files that are not safe or not sane to open (xlahp.workbook.safety, xlahp.workbook.engine).

Each refused file gives one line on stderr, ``xlahp: …``, exit code 2 and no
traceback; the input is never changed and nothing is left behind — no output,
no temporary file.  Files that are dangerous only in part (links to other
workbooks, macros, formulas the engine cannot parse) are evaluated with that
part neutralised.
"""

from __future__ import annotations

import hashlib
import re
import struct
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlahp.core import paper
from xlahp.workbook import safety
from xlahp.apps.cli import main
from xlahp.errors import XlahpError

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
VBA_BYTES = bytes(range(256)) * 8


# --- building files ------------------------------------------------------------------

def good_workbook(path: Path) -> Path:
    """表2 with two xlahp formulas: quick to evaluate."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Main"
    for row in paper.TABLE2:
        ws.append(list(row))
    ws["E1"] = "=AHP_CR(A1:C3)"
    ws["E2"] = "=INDEX(AHP_WEIGHTS(A1:C3),1)"
    ws["E3"] = "=A1*10"
    wb.save(path)
    return path


def with_parts(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """A copy of the package with some parts replaced or added."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as o:
        for info in z.infolist():
            o.writestr(info, parts.pop(info.filename, None) or z.read(info))
        for name, data in parts.items():
            o.writestr(name, data)
    return target


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """``doctype`` inserted after the XML declaration."""
    head, sep, rest = xml.partition(b"?>")
    return head + sep + doctype + rest if sep else doctype + xml


def patch_central_directory(path: Path, name: str, **fields: int) -> None:
    """Overwrite fields of one entry's central-directory header (what the zip
    *declares*): flags, method, compressed, uncompressed."""
    offsets = {"flags": (8, "<H"), "method": (10, "<H"), "compressed": (20, "<I"),
               "uncompressed": (24, "<I")}
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46: start + 46 + length] == name.encode():
            for field, value in fields.items():
                offset, fmt = offsets[field]
                struct.pack_into(fmt, data, start + offset, value)
            path.write_bytes(bytes(data))
            return
        start += 4
    raise AssertionError(f"{name} not in the central directory")


def sheet_xml(body: str, after: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
            f"<sheetData>{body}</sheetData>{after}</worksheet>").encode()


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (k, b"&lol%d;" % (k - 1) * 10) for k in range(1, 10))
          + b"]>")
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
EXTERNAL_DTD = b'<!DOCTYPE x SYSTEM "http://example.invalid/evil.dtd">'
PARAMETER_ENTITY = b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>'


# --- running xlahp calc ------------------------------------------------------------------

@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch) -> Path:
    """The engine's temporary folders go here, so leftovers can be seen."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def books(tmp_path) -> Path:
    folder = tmp_path / "books"
    folder.mkdir()
    return folder


@pytest.fixture
def good(books) -> Path:
    return good_workbook(books / "提携.xlsx")


def snapshot(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def parsers_forbidden(monkeypatch):
    """A refusal must come before any workbook parser runs."""
    def forbidden(*args, **kwargs):
        raise AssertionError("a workbook parser was reached")

    monkeypatch.setattr("xlahp.workbook.engine.evaluate", forbidden)
    monkeypatch.setattr("xlahp.workbook.workers.bounded_map", forbidden)  # no worker starts
    monkeypatch.setattr("openpyxl.load_workbook", forbidden)


def refused(path: Path, capsys, private_tmp: Path, pattern: str, *options: str) -> str:
    """Run `xlahp calc` on a file it must refuse; the one-line message."""
    before = snapshot(path.parent, private_tmp) if path.parent.exists() else {}
    started = time.perf_counter()
    code = main(["calc", str(path), *options])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.startswith("xlahp: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and not out
    assert re.search(pattern, err), err
    if before:
        assert snapshot(path.parent, private_tmp) == before  # unchanged, nothing left behind
    assert elapsed < 2, f"took {elapsed:.1f} s to refuse"
    return err


# --- not a workbook at all -----------------------------------------------------------------

@pytest.mark.usefixtures("parsers_forbidden")
@pytest.mark.parametrize(("content", "pattern"), [
    (b"", r"is empty \(0 bytes\)"),
    (b"item,weight\nP,0.6\nR,0.4\n", r"not an Excel workbook .*a CSV or text file renamed"),
    (b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", r"is a PDF, not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"password-protected workbook or an "
     r"old-format \.xls"),
    (b"PK\x03\x04" + bytes(100), r"not a readable zip package"),
], ids=["empty", "csv", "pdf", "ole", "corrupt-zip"])
def test_files_that_are_not_workbooks(books, capsys, private_tmp, content, pattern):
    path = books / "renamed.xlsx"
    path.write_bytes(content)
    refused(path, capsys, private_tmp, pattern)


@pytest.mark.usefixtures("parsers_forbidden")
def test_truncated_workbook(good, capsys, private_tmp):
    good.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(good, capsys, private_tmp, r"not a readable zip package.*damaged or truncated")


@pytest.mark.usefixtures("parsers_forbidden")
@pytest.mark.parametrize(("entries", "pattern"), [
    ({"readme.txt": "hello"}, r"a zip file, but not an Excel workbook"),
    ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
      "content.xml": "<office:document-content/>"}, r"is an OpenDocument file \(\.ods\)"),
], ids=["plain-zip", "opendocument"])
def test_zips_that_are_no_excel_package(books, capsys, private_tmp, entries, pattern):
    path = books / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    refused(path, capsys, private_tmp, pattern)


@pytest.mark.usefixtures("parsers_forbidden")
def test_binary_workbook(good, capsys, private_tmp):
    rels = part(good, "_rels/.rels").replace(b"xl/workbook.xml", b"xl/workbook.bin")
    path = with_parts(good, good.with_name("binary.xlsx"), {"_rels/.rels": rels,
                                                             "xl/workbook.bin": b"\x83\x01"})
    refused(path, capsys, private_tmp, r"is a binary workbook \(\.xlsb\)")


@pytest.mark.usefixtures("parsers_forbidden")
def test_missing_file_folder_and_wrong_extension(books, good, capsys, private_tmp):
    refused(books / "nowhere.xlsx", capsys, private_tmp, r"nowhere\.xlsx: no such file$")
    (books / "folder.xlsx").mkdir()
    refused(books / "folder.xlsx", capsys, private_tmp, r"is a folder, not a workbook")
    csv = books / "weights.csv"
    csv.write_text("P,0.6\n")
    refused(csv, capsys, private_tmp, r"weights\.csv: not an Excel workbook; xlahp reads "
            r"\.xlsx, \.xlsm")
    refused(books / "missing" / "x.xlsx", capsys, private_tmp, r"no such file")


@pytest.mark.usefixtures("parsers_forbidden")
def test_a_file_too_big_or_not_a_regular_file(good, books, capsys, private_tmp, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 2**20 // 2)
    good.write_bytes(good.read_bytes() + bytes(2**20))
    refused(good, capsys, private_tmp, r"is 1 MiB; xlahp evaluates workbooks up to 0 MiB")
    device = books / "device.xlsx"
    device.symlink_to("/dev/zero")
    refused(device, capsys, private_tmp, r"is not a regular file")


@pytest.mark.usefixtures("parsers_forbidden")
def test_not_well_formed_xml(good, capsys, private_tmp):
    path = with_parts(good, good.with_name("broken.xlsx"),
                      {SHEET: part(good, SHEET).replace(b"</sheetData>", b"</sheetDat>")})
    refused(path, capsys, private_tmp, r"xl/worksheets/sheet1\.xml is not well-formed XML "
            r"\(line \d+")


# --- the output path -----------------------------------------------------------------------

@pytest.mark.usefixtures("parsers_forbidden")
def test_output_equal_to_the_input(good, capsys, private_tmp):
    refused(good, capsys, private_tmp, r"the output would overwrite the input", "-o", str(good))
    other_spelling = good.parent / ".." / good.parent.name / good.name
    refused(good, capsys, private_tmp, r"the output would overwrite the input",
            "-o", str(other_spelling))


@pytest.mark.usefixtures("parsers_forbidden")
def test_output_through_a_link_to_the_input(good, capsys, private_tmp):
    link = good.with_name("link.xlsx")
    link.hardlink_to(good)
    refused(good, capsys, private_tmp, r"the output would overwrite the input", "-o", str(link))


@pytest.mark.usefixtures("parsers_forbidden")
def test_output_in_a_missing_folder_or_onto_a_folder(good, books, capsys, private_tmp):
    refused(good, capsys, private_tmp, r"the folder .*nowhere does not exist",
            "-o", str(books / "nowhere" / "out.xlsx"))
    (books / "out.xlsx").mkdir()
    refused(good, capsys, private_tmp, r"is a folder; give a file name",
            "-o", str(books / "out.xlsx"))


@pytest.mark.usefixtures("parsers_forbidden")
def test_output_must_keep_the_extension(good, capsys, private_tmp):
    xlsm = with_vba(good, good.with_name("マクロ.xlsm"))
    refused(xlsm, capsys, private_tmp, r"the output must keep the input's extension \.xlsm",
            "-o", str(xlsm.with_name("out.xlsx")))


# --- zip bombs ---------------------------------------------------------------------------------

@pytest.mark.usefixtures("parsers_forbidden")
def test_zip_bomb_by_compression_ratio(good, capsys, private_tmp):
    path = with_parts(good, good.with_name("bomb.xlsx"), {})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/media/image1.png", bytes(64 * 2**20))
    refused(path, capsys, private_tmp, r"xl/media/image1\.png would inflate [\d,]+-fold to "
            r"67,108,864 bytes \(a zip bomb\?\); at most 100-fold")


@pytest.mark.usefixtures("parsers_forbidden")
def test_zip_bomb_by_declared_total(good, capsys, private_tmp):
    """Declared sizes add up beyond the limit, each entry with a plausible ratio."""
    path = with_parts(good, good.with_name("bomb.xlsx"),
                      {f"xl/media/image{k}.png": b"x" for k in range(3)})
    for k in range(3):
        patch_central_directory(path, f"xl/media/image{k}.png",
                                compressed=2**21, uncompressed=100 * 2**20)
    refused(path, capsys, private_tmp, r"the parts would inflate to more than 256 MiB "
            r"\(a zip bomb\?\)")


@pytest.mark.usefixtures("parsers_forbidden")
def test_zip_entry_lying_about_its_size(good, capsys, private_tmp):
    """The central directory declares less than the entry inflates to."""
    path = with_parts(good, good.with_name("liar.xlsx"), {})
    patch_central_directory(path, SHEET, uncompressed=100)
    refused(path, capsys, private_tmp, r"xl/worksheets/sheet1\.xml (is damaged inside the zip "
            r"package|inflates beyond the size)")


@pytest.mark.usefixtures("parsers_forbidden")
def test_too_many_zip_entries(good, capsys, private_tmp):
    path = with_parts(good, good.with_name("many.xlsx"), {})
    with zipfile.ZipFile(path, "a") as z:
        for k in range(safety.MAX_ENTRIES):
            z.writestr(f"customXml/item{k}.bin", b"")
    refused(path, capsys, private_tmp, r"the zip package has 10,0\d\d entries; a workbook has "
            r"at most 10,000")


@pytest.mark.usefixtures("parsers_forbidden")
@pytest.mark.parametrize(("fields", "pattern"), [
    ({"flags": 0x1}, r"xl/worksheets/sheet1\.xml is encrypted inside the zip package"),
    ({"method": 12}, r"uses zip compression method 12, which Excel never writes"),
], ids=["encrypted", "bzip2"])
def test_zip_entries_excel_never_writes(good, capsys, private_tmp, fields, pattern):
    patch_central_directory(good, SHEET, **fields)
    refused(good, capsys, private_tmp, pattern)


@pytest.mark.usefixtures("parsers_forbidden")
def test_duplicate_zip_entries(good, capsys, private_tmp):
    path = with_parts(good, good.with_name("twice.xlsx"), {})
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as z:
        z.writestr(SHEET, sheet_xml(""))
    refused(path, capsys, private_tmp, r"the zip package lists xl/worksheets/sheet1\.xml twice")


def test_read_member_never_inflates_beyond_its_limit(good, tmp_path):
    with zipfile.ZipFile(good) as z:
        assert safety.read_member(z, SHEET) == z.read(SHEET)
        with pytest.raises(XlahpError, match="inflate to more than"):
            safety.read_member(z, SHEET, limit=10)


# --- XML entity attacks -------------------------------------------------------------------------

@pytest.mark.usefixtures("parsers_forbidden")
@pytest.mark.parametrize(("name", "doctype"), [
    (SHEET, LAUGHS),
    ("xl/workbook.xml", XXE),
    ("[Content_Types].xml", EXTERNAL_DTD),
    ("_rels/.rels", PARAMETER_ENTITY),
    ("xl/styles.xml", XXE),
    ("docProps/core.xml", LAUGHS),
], ids=["billion-laughs-in-sheet", "xxe-in-workbook", "external-dtd-in-content-types",
        "parameter-entity-in-rels", "xxe-in-styles", "billion-laughs-in-core-properties"])
def test_xml_entity_attacks_are_refused_before_parsing(good, capsys, private_tmp, name, doctype):
    path = with_parts(good, good.with_name("attack.xlsx"),
                      {name: with_doctype(part(good, name), doctype)})
    refused(path, capsys, private_tmp, rf"{re.escape(name)} declares a DTD \(<!DOCTYPE …>\); "
            r"XML entities are refused")


@pytest.mark.usefixtures("parsers_forbidden")
def test_xml_attack_in_shared_strings(good, capsys, private_tmp):
    strings = (b'<?xml version="1.0"?>' + LAUGHS + f'<sst xmlns="{MAIN}" count="1" '
               f'uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode())
    path = with_parts(good, good.with_name("attack.xlsx"), {"xl/sharedStrings.xml": strings})
    refused(path, capsys, private_tmp, r"xl/sharedStrings\.xml declares a DTD")


# --- huge sheets -------------------------------------------------------------------------------

@pytest.mark.usefixtures("parsers_forbidden")
@pytest.mark.parametrize(("xml", "pattern"), [
    (sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'
               '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'),
     r"sheet 'Main' spans A1:XFD1048576 \(17,179,869,184 cells\); xlahp evaluates workbooks "
     r"of at most 1,000,000 cells"),
    (sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
               '<mergeCells count="1"><mergeCell ref="A1:Z50000"/></mergeCells>'),
     r"sheet 'Main' spans A1:Z50000 \(1,300,000 cells\)"),
    (sheet_xml('<row r="1"><c r="B2"><f t="array" ref="B2:AB50001">A1</f><v>1</v></c></row>'),
     r"sheet 'Main' spans B2:AB50001 \(1,350,000 cells\)"),
    (sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>'),
     r"sheet 'Main': cell XFE1 lies outside Excel's grid"),
    (sheet_xml('<row r="1"><c r="1A"><v>1</v></c></row>'),
     r"sheet 'Main': '1A' is not a cell reference"),
], ids=["far-apart-cells", "huge-merge", "huge-array-formula", "outside-grid", "bad-reference"])
def test_huge_sheets_are_refused(good, capsys, private_tmp, xml, pattern):
    path = with_parts(good, good.with_name("huge.xlsx"), {SHEET: xml})
    refused(path, capsys, private_tmp, pattern)


@pytest.mark.usefixtures("parsers_forbidden")
def test_names_from_the_file_cannot_break_the_message_line(good, capsys, private_tmp):
    workbook = part(good, "xl/workbook.xml").replace(b'name="Main"', b'name="Ma&#10;in"')
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
                    '<mergeCells count="1"><mergeCell ref="A1:Z50000"/></mergeCells>')
    path = with_parts(good, good.with_name("lines.xlsx"), {"xl/workbook.xml": workbook,
                                                           SHEET: xml})
    refused(path, capsys, private_tmp, r"sheet 'Ma in' spans A1:Z50000")


def test_cells_are_counted_over_the_whole_workbook(good, tmp_path):
    wb = openpyxl.load_workbook(good)
    wb.create_sheet("A")
    wb.create_sheet("B")
    wb.save(tmp_path / "three.xlsx")
    merged = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', '<mergeCells count="1">'
                       '<mergeCell ref="A1:F100000"/></mergeCells>')  # 600,000 cells each
    path = with_parts(tmp_path / "three.xlsx", tmp_path / "two.xlsx",
                      {"xl/worksheets/sheet2.xml": merged, "xl/worksheets/sheet3.xml": merged})
    with pytest.raises(XlahpError, match=r"sheet 'B' spans A1:F100000 \(600,000 cells, "
                                         r"1,200,\d{3} cells with the sheets before it\)"):
        safety.check_workbook(path)


def test_the_cell_limit_itself_is_accepted(good, tmp_path):
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>',
                    '<mergeCells count="1"><mergeCell ref="A1:J100000"/></mergeCells>')
    path = with_parts(good, tmp_path / "limit.xlsx", {SHEET: xml})
    safety.check_workbook(path)  # exactly MAX_CELLS
    path = with_parts(good, tmp_path / "over.xlsx",
                      {SHEET: xml.replace(b"A1:J100000", b"A1:J100001")})
    with pytest.raises(XlahpError, match=r"1,000,010 cells"):
        safety.check_workbook(path)


def test_cells_without_addresses_are_counted_in_order(good, tmp_path):
    """openpyxl places a <c> without r after the previous one; so does the count."""
    cells = "".join("<c><v>1</v></c>" for _ in range(3))
    xml = sheet_xml(f'<row r="999999">{cells}</row><row>{cells}</row>')
    path = with_parts(good, tmp_path / "bare.xlsx", {SHEET: xml})
    safety.check_workbook(path)  # A999999:C1000000 is 6 cells, not a million
    xml = sheet_xml(f'<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000">{cells}</row>')
    path = with_parts(good, tmp_path / "tall.xlsx", {SHEET: xml})
    with pytest.raises(XlahpError, match=r"spans A1:B1000000 \(2,000,000 cells"):
        safety.check_workbook(path)


# --- files evaluated with their dangerous part neutralised ----------------------------------------

def with_vba(source: Path, target: Path) -> Path:
    """A macro-enabled copy with a (dummy) VBA project."""
    types = part(source, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
        b'vbaProject"/><Default ', 1)
    rels = part(source, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdVBA" Target="vbaProject.bin" Type="http://'
        b'schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>')
    return with_parts(source, target, {"[Content_Types].xml": types,
                                       "xl/_rels/workbook.xml.rels": rels,
                                       "xl/vbaProject.bin": VBA_BYTES})


def test_macro_workbook_is_evaluated_and_keeps_its_vba_project(good, capsys):
    xlsm = with_vba(good, good.with_name("マクロ.xlsm"))
    before = xlsm.read_bytes()
    assert main(["calc", str(xlsm)]) == 0
    out = xlsm.with_name("マクロ.calc.xlsm")
    assert xlsm.read_bytes() == before
    assert part(out, "xl/vbaProject.bin") == VBA_BYTES
    values = openpyxl.load_workbook(out, data_only=True)["Main"]
    assert round(values["E1"].value, 4) == paper.TABLE2_INCONSISTENCY


def link_to_other_workbook(source: Path, target: Path, link: str) -> Path:
    """``source`` with an externalLink part naming ``link`` as workbook [1]."""
    external = (f'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="{MAIN}" '
                f'xmlns:r="{REL}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/>'
                '</sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>7'
                '</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
    external_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        f'schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
        f'Target="{link}" TargetMode="External"/></Relationships>')
    types = part(source, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="'
        b'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    rels = part(source, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.'
        b'xml"/></Relationships>')
    workbook = part(source, "xl/workbook.xml").replace(
        b"</sheets>", f'</sheets><externalReferences><externalReference xmlns:r="{REL}" '
        'r:id="rIdX1"/></externalReferences>'.encode())
    workbook = re.sub(rb"<definedNames/>", b"", workbook).replace(
        b"<calcPr", '<definedNames><definedName name="外部">[1]Sheet1!$A$1</definedName>'
        "</definedNames><calcPr".encode())
    return with_parts(source, target, {
        "[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
        "xl/workbook.xml": workbook, "xl/externalLinks/externalLink1.xml": external.encode(),
        "xl/externalLinks/_rels/externalLink1.xml.rels": external_rels.encode()})


@pytest.fixture
def secret(tmp_path) -> Path:
    """A workbook elsewhere on the disk that a hostile file tries to read."""
    folder = tmp_path / "secret"
    folder.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = 1000
    wb.save(folder / "secret.xlsx")
    return folder / "secret.xlsx"


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_links_to_other_workbooks_are_not_followed(good, secret, private_tmp, capsys, how):
    wb = openpyxl.load_workbook(good)
    ws = wb["Main"]
    ws["F1"] = "=[1]Sheet1!A1*2"                                   # externalLink part [1]
    ws["F2"] = "='[secret.xlsx]Sheet1'!A1*2"                      # a file name in the formula
    escape = Path("..", "..", "secret")  # from the engine's private folder under private_tmp
    ws["F3"] = f"='{escape}/[secret.xlsx]Sheet1'!A1*2"            # a path escaping it
    ws["F4"] = f"=SUM('{secret.parent}/[secret.xlsx]Sheet1'!A1:A3)"
    ws["F5"] = "=外部*2"                                           # a name pointing there
    ws["F6"] = '="[1]Sheet1!A1"'                                  # text, not a link
    wb.save(good)
    target = str(secret) if how == "absolute" else str(Path("..", "secret", "secret.xlsx"))
    linked = link_to_other_workbook(good, good.with_name("linked.xlsx"), target)
    before = linked.read_bytes()
    assert main(["calc", str(linked)]) == 0
    out, err = capsys.readouterr()
    assert linked.read_bytes() == before
    values = openpyxl.load_workbook(linked.with_name("linked.calc.xlsx"), data_only=True)["Main"]
    # as in Excel: a link through the file's externalLink part uses the value Excel
    # cached for it (7); a workbook named only in a formula is #REF!; the file
    # itself (1000) is never opened
    assert [values[f"F{k}"].value for k in range(1, 7)] == [14, "#REF!", "#REF!", "#REF!", 14,
                                                            "[1]Sheet1!A1"]
    assert values["E3"].value == 10 and round(values["E1"].value, 4) == paper.TABLE2_INCONSISTENCY
    assert "Main!F2: #REF!: '[secret.xlsx]Sheet1'! refers to another workbook" in err
    assert "Main!F3:" in err and "2000" not in out + err


def test_a_formula_the_engine_cannot_parse_spoils_only_its_cell(good, capsys):
    wb = openpyxl.load_workbook(good)
    wb["Main"]["F1"] = "=Table1[Col]"
    wb["Main"]["F2"] = "=SUM(A1:A3,\n    B1:B3"  # a line break typed with Alt+Enter
    wb.save(good)
    assert main(["calc", str(good)]) == 0
    err = capsys.readouterr().err
    values = openpyxl.load_workbook(good.with_name("提携.calc.xlsx"), data_only=True)["Main"]
    assert values["F1"].value == values["F2"].value == "#NAME?"
    assert values["E3"].value == 10
    assert "Main!F1: #NAME?: a function or name in =Table1[Col] is not known here" in err
    assert "Main!F2: the formula =SUM(A1:A3, B1:B3 cannot be evaluated (it does not parse)" in err


@pytest.mark.usefixtures("parsers_forbidden")
def test_report_lists_an_unsafe_file_as_its_error(good):
    from xlahp.apps.portfolio import summarize

    path = with_parts(good, good.with_name("attack.xlsx"),
                      {SHEET: with_doctype(part(good, SHEET), LAUGHS)})
    outcome = summarize(path)
    assert not outcome.row
    assert re.search(r"attack\.xlsx: xl/worksheets/sheet1\.xml declares a DTD", outcome.error)


def test_a_good_workbook_passes_quickly(good):
    started = time.perf_counter()
    safety.check_workbook(good, good.with_name("out.xlsx"))
    assert time.perf_counter() - started < 0.5


def test_the_shipped_workbooks_pass():
    for path in sorted(Path(__file__).parents[2].joinpath("workbooks").glob("*.xls[xm]")):
        safety.check_workbook(path)
