"""安全 — is this file safe and sane to open?

``xlahp calc`` (and ``xlahp report``) open workbooks that users were sent.
Before any workbook parser (openpyxl, formulas, lxml) sees one,
:func:`check_workbook` looks at it, reading no more than it must:

1. the path: an existing regular file with an Excel extension, not too big;
2. the first bytes: a zip package — not an empty file, a CSV or PDF renamed,
   or an OLE file (a password-protected workbook or an old .xls);
3. the zip central directory, before anything is inflated: too many entries,
   declared sizes or compression ratios no spreadsheet has (zip bombs),
   encrypted or exotically compressed entries, duplicate names;
4. every XML part, streamed through expat with a cap on the bytes actually
   inflated: well-formed, and no DTD — ``<!DOCTYPE``, entity declarations
   and external entities are what billion-laughs and XXE attacks need, and
   no SpreadsheetML part has a use for them;
5. the worksheets: the cells they span — the bounding box of their cells,
   merged ranges and array formulas, which is what the formula engine walks
   and creates objects for — and their row records, at most :data:`MAX_CELLS`
   in all, each sheet counted as often as the workbook lists it.

Every refusal is a :class:`~xlahp.errors.RefusedFile` whose message is one
line, ``PATH: what is wrong``.  The file is only read.

Not checked here, because it happens inside the engine: links to other
workbooks are never followed (:mod:`xlahp.workbook.engine` gives such cells #REF!),
and macros are never run (nothing in xlahp executes VBA; ``.xlsm`` files are
evaluated and their ``vbaProject.bin`` copied byte for byte).
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from xlahp.errors import RefusedFile, XlahpError, one_line
from xlahp.workbook.files import same_file
from xlahp.workbook.package import (MAIN, MAX_UNCOMPRESSED_BYTES, Budget, Package, Refused,
                                    inflate, parse_safely, read_member)

__all__ = ["check_workbook", "custom_properties", "read_member"]  # read_member: xlahp.imports

#: Extensions of the workbooks xlahp evaluates (OOXML packages openpyxl reads).
SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")

#: Spreadsheet formats xlahp does not read, with what they are: a user who has
#: one is told to save it as .xlsx rather than that it is no workbook.
OTHER_FORMATS = {".xls": "an old-format Excel workbook (.xls)",
                 ".xlsb": "a binary Excel workbook (.xlsb)",
                 ".ods": "an OpenDocument spreadsheet (.ods)",
                 ".numbers": "a Numbers spreadsheet (.numbers)"}

#: Largest workbook file.  The paper's template is ~30 KB; a 100 MB .xlsx holds
#: tens of millions of cells, far beyond what a formula engine in Python evaluates.
MAX_FILE_BYTES = 100 * 2**20

#: Most zip entries.  A workbook has one part per sheet, chart, drawing, image …;
#: ordinary workbooks have tens to a few hundred.
MAX_ENTRIES = 10_000

#: Highest compression ratio (inflated ÷ stored size) of one entry.  Sheet XML
#: compresses some 5–30× (a 900,000-cell numeric sheet: 13×); Apache POI's
#: zip-bomb guard (ZipSecureFile, MIN_INFLATE_RATIO 0.01) draws the line at 100×
#: too.  Entries up to :data:`RATIO_GRACE_BYTES` inflated are exempt: a small
#: part may compress well and can do no harm.
MAX_RATIO = 100
RATIO_GRACE_BYTES = 2**20

#: Most cells the worksheets may span in all (rows × columns of each sheet's
#: bounding box), plus their row records that hold no cell.  The formula engine visits, and
#: creates an object for, every cell of that box, so a sheet with only A1 and
#: XFD1048576 filled would cost 17 billion; openpyxl keeps an object per
#: ``<row>`` even when it holds no cell (a million empty rows with a height
#: took 1 GB and 12 s in `calc`).  A sheet listed twice in the workbook is
#: counted twice: it is loaded twice.  An alliance workbook spans under 2,000.
MAX_CELLS = 1_000_000

#: Excel's grid (XFD1048576).
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_XML_PARTS = (".xml", ".rels")


def check_workbook(source: str | Path, target: str | Path | None = None) -> Package:
    """Refuse *source* unless it is safe and sane to evaluate, and *target* unless
    it is a sane place for the evaluated copy (:mod:`module docstring <xlahp.workbook.safety>`);
    the file, read once, as the :class:`~xlahp.workbook.package.Package` every reader
    of it is to use — what was checked is what is read.

    Raises :class:`~xlahp.errors.RefusedFile` with a one-line message.
    """
    source = Path(source)
    _check_path(source)
    if target is not None:
        _check_output(source, Path(target))
    data = _read(source)
    _check_magic(source, data[:8])
    package = Package(source, data)
    _check_directory(source, package.zip)
    _check_parts(package)
    return package


def custom_properties(source: str | Path) -> dict[str, str]:
    """The custom document properties of a workbook (File ▸ Properties ▸ Custom),
    read through the same guards, ``{}`` when there are none or the file is not
    a sane package (it is refused with its reason when evaluated).  xlahp marks
    the files it writes with one (:data:`xlahp.apps.portfolio.SUMMARY_MARK`)."""
    source = Path(source)
    found: dict[str, str] = {}
    current: list[str] = []

    def start(name: str, attrs: dict) -> None:
        if name.rpartition("}")[2] == "property":
            current[:] = [attrs.get("name", "")]
            found[current[0]] = ""

    def text(data: str) -> None:
        if current:
            found[current[0]] += data

    try:
        if source.suffix.lower() not in SUFFIXES or source.stat().st_size > MAX_FILE_BYTES:
            return {}
        if _directory_bytes(source) > _CUSTOM_PROPERTIES_BYTES * 16:
            return {}  # not a small file such as xlahp writes: leave it to check_workbook
        with zipfile.ZipFile(source) as package:
            info = package.NameToInfo.get("docProps/custom.xml")
            if info is None or info.file_size > _CUSTOM_PROPERTIES_BYTES:
                return {}
            parse_safely(source, info.filename,
                         inflate(package, info, Budget(_CUSTOM_PROPERTIES_BYTES), source),
                         start, text)
    except (XlahpError, OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return {}
    return found


def _directory_bytes(source: Path) -> int:
    """The size of a zip's central directory as its end record declares it (what
    zipfile would parse into objects), read from the file's last 64 KiB; a
    zip64 or unreadable end record counts as huge."""
    with source.open("rb") as f:
        f.seek(max(0, f.seek(0, 2) - 2**16 - 22))
        tail = f.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 16:
        return 2**32
    return int.from_bytes(tail[end + 12:end + 16], "little")


#: Most bytes of docProps/custom.xml read for :func:`custom_properties`; xlahp's
#: own marker takes a few hundred.
_CUSTOM_PROPERTIES_BYTES = 2**16


# --- 1. path ---------------------------------------------------------------------

def _check_path(source: Path) -> None:
    try:
        status = source.stat()
    except FileNotFoundError:
        raise RefusedFile(f"{source}: no such file") from None
    except OSError as error:
        raise RefusedFile(f"{source}: cannot be read ({error.strerror or error})") from None
    mode, size = status.st_mode, status.st_size
    if stat.S_ISDIR(mode):
        raise RefusedFile(f"{source}: is a folder, not a workbook")
    if not stat.S_ISREG(mode):
        raise RefusedFile(f"{source}: is not a regular file (a device, pipe or socket)")
    if source.suffix.lower() in OTHER_FORMATS:
        raise RefusedFile(f"{source}: is {OTHER_FORMATS[source.suffix.lower()]}; open it in "
                         "Excel and save it as .xlsx (Excel ブック), then evaluate that")
    if source.suffix.lower() not in SUFFIXES:
        raise RefusedFile(f"{source}: not an Excel workbook; xlahp reads "
                         f"{', '.join(SUFFIXES)} files")
    if size == 0:
        raise RefusedFile(f"{source}: is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise RefusedFile(f"{source}: is {size / 2**20:,.0f} MiB; xlahp evaluates workbooks "
                         f"up to {MAX_FILE_BYTES // 2**20} MiB")


def _check_output(source: Path, target: Path) -> None:
    if same_file(target, source):
        raise RefusedFile(f"{target}: the output would overwrite the input; choose another path")
    if target.is_dir():
        raise RefusedFile(f"{target}: is a folder; give a file name for the output")
    if not target.parent.is_dir():
        raise RefusedFile(f"{target}: the folder {target.parent} does not exist")
    if target.suffix.lower() != source.suffix.lower():
        raise RefusedFile(f"{target}: the output must keep the input's extension "
                         f"{source.suffix} (Excel refuses to open a {source.suffix.lstrip('.')} "
                         f"workbook named {target.suffix or 'without an extension'})")


# --- 2. first bytes ----------------------------------------------------------------

def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as error:
        raise RefusedFile(f"{source}: cannot be read ({error.strerror or error})") from None


def _check_magic(source: Path, head: bytes) -> None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise RefusedFile(f"{source}: is a password-protected workbook or an old-format .xls "
                         "(OLE file); save it as .xlsx without a password")
    if head.startswith(b"%PDF"):
        raise RefusedFile(f"{source}: is a PDF, not an Excel workbook")
    raise RefusedFile(f"{source}: not an Excel workbook (an .xlsx/.xlsm is a zip package; "
                     "this file is not — a CSV or text file renamed?)")


# --- 3. central directory ------------------------------------------------------------


def check_entry(info: zipfile.ZipInfo, source: Path | str, writer: str,
                error: type[XlahpError] = RefusedFile) -> None:
    """One zip entry as a file *writer* (Excel, EDINET) writes it: not encrypted, stored or
    deflated, and not inflating past :data:`MAX_RATIO` — else *error*, naming the entry."""
    name = one_line(info.filename, 80)
    if info.flag_bits & 0x1:
        raise error(f"{source}: {name} is encrypted inside the zip package")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise error(f"{source}: {name} uses zip compression method {info.compress_type}, "
                    f"which {writer} never writes")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_GRACE_BYTES and ratio > MAX_RATIO:
        raise error(f"{source}: {name} would inflate {ratio:,.0f}-fold to {info.file_size:,} "
                    f"bytes (a zip bomb?); at most {MAX_RATIO}-fold is accepted")

def _check_directory(source: Path, package: zipfile.ZipFile) -> None:
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        raise RefusedFile(f"{source}: the zip package has {len(infos):,} entries; a workbook "
                         f"has at most {MAX_ENTRIES:,}")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise RefusedFile(f"{source}: the zip package lists {one_line(name)} twice")
        seen.add(name)
        check_entry(info, source, "Excel")
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise RefusedFile(f"{source}: the parts would inflate to more than "
                             f"{MAX_UNCOMPRESSED_BYTES // 2**20} MiB (a zip bomb?); "
                             "xlahp refuses larger workbooks")
    if "mimetype" in seen and "[Content_Types].xml" not in seen:
        raise RefusedFile(f"{source}: is an OpenDocument file (.ods), not an .xlsx; "
                         "save it in Excel format")
    if "[Content_Types].xml" not in seen or "_rels/.rels" not in seen:
        raise RefusedFile(f"{source}: a zip file, but not an Excel workbook "
                         "(no [Content_Types].xml or _rels/.rels)")


# --- 4. XML parts, 5. worksheets -------------------------------------------------------

_WORKBOOK_TYPES = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                   "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
                   "application/vnd.ms-excel.template.macroEnabled.main+xml"}


def _check_parts(package: Package) -> None:
    source = package.path
    workbook = package.workbook
    _check_content_types(package, workbook)
    sheets = package.sheet_list
    done = {"_rels/.rels", "[Content_Types].xml", workbook, _rels_of(workbook)}
    spans = _Spans(source)
    for name, part in sheets:
        if package.has(part):
            start, finish = spans.sheet(one_line(name, 40))
            package.stream(part, start, keep=True)
            try:
                finish()
            except Refused as refused:
                raise RefusedFile(f"{source}: {refused}") from None
            done.add(part)
    for info in package.zip.infolist():
        if info.filename not in done and info.filename.lower().endswith(_XML_PARTS):
            package.stream(info.filename)


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _check_content_types(package: Package, workbook: str) -> None:
    """The workbook part ``[Content_Types].xml`` declares must be the one ``_rels/.rels``
    names: openpyxl (``xlahp new --from``) finds the workbook by its content type, the
    engine and this check by the relationship — two parts would be a file that shows
    one workbook to the check and loads another."""
    declared: list[str] = []
    defaults: set[str] = set()

    def start(tag: str, attrs: dict) -> None:
        kind = tag.rpartition("}")[2]
        if kind == "Override" and attrs.get("ContentType") in _WORKBOOK_TYPES:
            declared.append(attrs.get("PartName", "").lstrip("/"))
        elif kind == "Default" and attrs.get("ContentType") in _WORKBOOK_TYPES:
            defaults.add(attrs.get("ContentType"))

    package.stream("[Content_Types].xml", start)
    if not declared and defaults:
        declared = ["xl/workbook.xml"]  # openpyxl's reading of a workbook type as the default
    # part names are equal as case-insensitive ASCII (ECMA-376 Part 2, §9.1.1.1)
    other = next((p for p in declared if p.lower() != workbook.lower()), None)
    if other is not None:
        raise RefusedFile(f"{package.path}: the package names two workbook parts "
                          f"({one_line(workbook, 40)} in _rels/.rels, {one_line(other, 40)} in "
                          "[Content_Types].xml); programs would disagree on what it holds")


#: The elements of a worksheet that the count looks at, by their namespaced tag.
_SHEET_ELEMENTS = {f"{ns}}}{name}": name for ns in MAIN for name in ("row", "c", "mergeCell", "f")}


@lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column


class _Spans:
    """The cells each worksheet spans, summed over the workbook, checked as they grow."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.total = 0

    def sheet(self, name: str) -> tuple[Callable[[str, dict], None], Callable[[], None]]:
        """An expat start handler for one sheet's XML, and what to call after it."""
        box = [0, 0, 0, 0]  # first row, last row, first column, last column (0: none yet)
        counters = [0, 0]   # current row, current column, for cells without an r attribute
        records = [0, 0]    # row records that hold no cell (<row> alone), the box's area
        empty = [False]     # the row being read has no cell yet
        before = self.total

        def count() -> None:
            self.total = before + records[0] + records[1]
            if self.total <= MAX_CELLS:
                return
            whole = "" if before == 0 else f", {self.total:,} cells with the sheets before it"
            if records[0] > records[1]:
                raise Refused(f"sheet '{name}' holds {records[0]:,} empty row records (rows "
                               f"with a height or format, each loaded like a cell{whole}); "
                               f"xlahp evaluates workbooks of at most {MAX_CELLS:,} cells")
            r1, r2, c1, c2 = box
            raise Refused(f"sheet '{name}' spans {_address(r1, c1)}:{_address(r2, c2)} "
                           f"({records[1]:,} cells{whole}); xlahp evaluates workbooks of at "
                           f"most {MAX_CELLS:,} cells")

        def include(r1: int, c1: int, r2: int, c2: int) -> None:
            if box[0]:
                if box[0] <= r1 and r2 <= box[1] and box[2] <= c1 and c2 <= box[3]:
                    return  # inside what is counted already (most cells)
                r1, c1 = min(r1, box[0]), min(c1, box[2])
                r2, c2 = max(r2, box[1]), max(c2, box[3])
            box[:] = [r1, r2, c1, c2]
            records[1] = (r2 - r1 + 1) * (c2 - c1 + 1)
            count()

        def reference(text: str) -> tuple[int, int]:
            found = _CELL.fullmatch(text or "")
            if not found:
                raise Refused(f"sheet '{name}': '{one_line(text, 20)}' is not a cell reference")
            column = _column(found.group(1))
            row = int(found.group(2))
            if not (1 <= row <= EXCEL_ROWS and 1 <= column <= EXCEL_COLUMNS):
                raise Refused(f"sheet '{name}': cell {text} lies outside Excel's grid "
                               "(A1:XFD1048576)")
            return row, column

        def area(text: str) -> tuple[int, int, int, int]:
            first, _, last = (text or "").partition(":")
            (r1, c1), (r2, c2) = reference(first), reference(last or first)
            return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)

        def start(tag: str, attrs: dict) -> None:
            element = _SHEET_ELEMENTS.get(tag)
            if element is None:
                return
            if element == "row":
                counters[0] = int(attrs["r"]) if attrs.get("r", "").isdigit() else counters[0] + 1
                counters[1] = 0
                finish()
                empty[0] = True
            elif element == "c":
                empty[0] = False
                if attrs.get("r"):
                    row, column = reference(attrs["r"])
                else:
                    row, column = counters[0], counters[1] + 1
                counters[1] = column
                if row >= 1:
                    include(row, column, row, column)
            elif element == "mergeCell":
                include(*area(attrs.get("ref", "")))
            elif element == "f" and attrs.get("t") == "array" and attrs.get("ref"):
                include(*area(attrs["ref"]))

        def finish() -> None:
            if empty[0]:  # the row read last held no cell: an object all the same
                records[0] += 1
                empty[0] = False
                count()

        return start, finish


def _address(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"
