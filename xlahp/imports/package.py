"""提出書類ファイル — which of the four forms a filing came in, and its main document.

* the XBRL zip (書類取得API ``type=1``): the instance ``XBRL/PublicDoc/*.xbrl``;
* the CSV zip (``type=5``): ``XBRL_TO_CSV/*.csv`` other than the auditor's
  reports (``jpaud…``);
* a bare instance ``*.xbrl``;
* a bare CSV of that export, UTF-16 or UTF-8.

A zip is never extracted to disk.  Its central directory is checked before
anything is inflated (entry count, declared sizes, compression ratio,
encryption), and the one member read is inflated with a cap through
:func:`xlahp.workbook.safety.read_member` — the guards ``xlahp calc`` puts on
workbooks.  The document ID (``S100XXXX``) is not inside a filing; it is taken
from the file's name (EDINET's downloads are named after it), else left empty.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from xlahp.errors import XlahpError, one_line
from xlahp.workbook.safety import check_entry, read_member

#: Largest filing file.  EDINET's XBRL zips of the largest groups are some tens of MiB.
MAX_FILE_BYTES = 200 * 2**20
#: Most zip entries; an annual report's XBRL zip has a few dozen.
MAX_ENTRIES = 2_000
#: Most bytes the zip's entries may declare in all, and the instance may inflate to.
MAX_INFLATED_BYTES = 512 * 2**20

_DOC_ID = re.compile(r"(?<![A-Z0-9])(S1[0-9A-Z]{6})(?![A-Z0-9])")


@dataclass(frozen=True)
class Document:
    """The filing's main document: its bytes, ``"xbrl"`` or ``"csv"``, and names."""

    data: bytes
    form: str
    source: str  # for messages: the file, and the zip member
    doc_id: str


def open_filing(path: str | Path) -> Document:
    path = Path(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise XlahpError(f"{path}: no such file") from None
    except OSError as error:
        raise XlahpError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not stat.S_ISREG(status.st_mode):
        raise XlahpError(f"{path}: is not a regular file")
    if status.st_size == 0:
        raise XlahpError(f"{path}: is empty (0 bytes)")
    if status.st_size > MAX_FILE_BYTES:
        raise XlahpError(f"{path}: is {status.st_size / 2**20:,.0f} MiB; EDINET filings are "
                         f"read up to {MAX_FILE_BYTES // 2**20} MiB")
    doc_id = _doc_id(path)
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _from_zip(path, doc_id)
    data = path.read_bytes()
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"<"):
        return Document(data, "xbrl", str(path), doc_id)
    if head.startswith(b"%PDF"):
        raise XlahpError(f"{path}: is a PDF, not an EDINET filing (download the XBRL "
                         "(type=1) or CSV (type=5) form)")
    return Document(data, "csv", str(path), doc_id)


def _doc_id(path: Path) -> str:
    found = _DOC_ID.search(path.name.upper())
    return found.group(1) if found else ""


def _from_zip(path: Path, doc_id: str) -> Document:
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise XlahpError(f"{path}: not a readable zip ({one_line(error)}); the file is "
                         "damaged or truncated") from None
    with package:
        infos = package.infolist()
        _check_directory(path, infos)
        instances = [i for i in infos if _member(i.filename, "PublicDoc", ".xbrl")]
        csvs = [i for i in infos if _member(i.filename, "XBRL_TO_CSV", ".csv")
                and not PurePosixPath(i.filename).name.lower().startswith("jpaud")]
        for found, form in ((instances, "xbrl"), (csvs, "csv")):
            if len(found) > 1:
                names = ", ".join(PurePosixPath(i.filename).name for i in found)
                raise XlahpError(f"{path}: holds {len(found)} main documents ({names}); "
                                 "give one filing per zip")
            if found:
                info = found[0]
                data = read_member(package, info, MAX_INFLATED_BYTES)
                return Document(data, form, f"{path} ({one_line(info.filename, 80)})",
                                doc_id)
    sample = ", ".join(one_line(i.filename, 60) for i in infos[:5]) or "nothing"
    raise XlahpError(f"{path}: a zip without an EDINET instance: no XBRL/PublicDoc/*.xbrl "
                     f"and no XBRL_TO_CSV/*.csv (it holds {sample}"
                     f"{', …' if len(infos) > 5 else ''})")


def _member(name: str, folder: str, suffix: str) -> bool:
    parts = PurePosixPath(name).parts
    return len(parts) >= 2 and parts[-2] == folder and name.lower().endswith(suffix)


def _check_directory(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise XlahpError(f"{path}: the zip has {len(infos):,} entries; an EDINET filing has "
                         f"at most {MAX_ENTRIES:,}")
    total = 0
    for info in infos:
        check_entry(info, path, "EDINET", XlahpError)
        total += info.file_size
        if total > MAX_INFLATED_BYTES:
            raise XlahpError(f"{path}: the zip's entries would inflate to more than "
                             f"{MAX_INFLATED_BYTES // 2**20} MiB (a zip bomb?)")
