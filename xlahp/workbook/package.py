"""包 — one workbook file, read once: its zip package, its parts, the walk to its sheets.

An .xlsx/.xlsm is an Open Packaging Conventions package (ECMA-376 Part 2):
``_rels/.rels`` names the workbook part (the officeDocument relationship), the
workbook's relationships name its worksheets, shared strings and links, and each
sheet's relationships its tables.  :class:`Package` walks that once for every
reader of the file — the safety check (:mod:`.safety`), the readers of formula
cells, tables, shared strings and defined names (:mod:`.values`), the links
(:mod:`.links`), the writer (:mod:`.cached_values`) — and the formula engine
loads the same bytes (:mod:`.engine`): what is checked is what is evaluated.

The file is read from disk once.  Each part is inflated at most once, never
beyond the size its zip entry declares, and all parts together never beyond
:data:`MAX_UNCOMPRESSED_BYTES` (a zip bomb cannot lie its way past either).  The
parts that describe the package (relationships, the sheet list) are read with
expat with DTDs refused, before any other parser sees the file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from pyexpat import XML_PARAM_ENTITY_PARSING_NEVER, ExpatError, ParserCreate

from lxml import etree

from xlahp.errors import RefusedFile, XlahpError, one_line

#: Most bytes all parts of one package may inflate to, declared in the central
#: directory (:mod:`.safety`) and counted again while reading.  openpyxl holds a
#: workbook in memory at several times its XML size; 256 MiB of XML is already more
#: than a laptop should take.
MAX_UNCOMPRESSED_BYTES = 256 * 2**20

#: SpreadsheetML's namespaces (transitional and strict) and the relationships'.
MAIN = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main"}
REL = {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "http://purl.oclc.org/ooxml/officeDocument/relationships"}

_CHUNK = 2**16
# huge_tree: Excel nests extension lists (extLst) deeper than libxml2's default of 256;
# the sizes and the absence of a DTD were checked before (xlahp.workbook.safety).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class Budget:
    """Bytes the parts of one package may still inflate to; a part read again is not
    charged again (each read is capped at the size its entry declares)."""

    def __init__(self, limit: int = MAX_UNCOMPRESSED_BYTES) -> None:
        self.limit = self.left = limit
        self.charged: set[str] = set()


def inflate(package: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget,
            source: Path) -> Iterator[bytes]:
    """An entry's bytes in chunks, stopping at its declared size or the budget."""
    got = 0
    charge = info.filename not in budget.charged
    budget.charged.add(info.filename)
    try:
        with package.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                got += len(chunk)
                if got > info.file_size:
                    raise RefusedFile(f"{source}: {one_line(info.filename)} inflates beyond "
                                      "the size its zip entry declares (a zip bomb?)")
                if charge:
                    budget.left -= len(chunk)
                    if budget.left < 0:
                        raise RefusedFile(f"{source}: the parts inflate to more than "
                                          f"{budget.limit // 2**20} MiB (a zip bomb?)")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as error:
        if isinstance(error, XlahpError):
            raise
        raise RefusedFile(f"{source}: {one_line(info.filename)} is damaged inside the zip "
                          f"package ({one_line(error)})") from None


def read_member(package: zipfile.ZipFile, info: zipfile.ZipInfo | str,
                limit: int = MAX_UNCOMPRESSED_BYTES) -> bytes:
    """One entry of a zip file, inflated with a cap: never more than its declared size,
    nor than *limit* bytes (a zip file that is no workbook: EDINET's filings)."""
    if isinstance(info, str):
        info = package.getinfo(info)
    return b"".join(inflate(package, info, Budget(limit), Path(package.filename or "")))


class Package:
    """A workbook file opened once (:func:`open_package`); its parts by name."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data  # the file's bytes, as the engine loads them
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except Exception as error:  # noqa: BLE001 — whatever zipfile trips over, the file is bad
            raise RefusedFile(f"{path}: not a readable zip package, so not an .xlsx/.xlsm "
                              f"(the file is damaged or truncated: {one_line(error)})") from None
        self.budget = Budget()
        self._parts: dict[str, bytes] = {}
        self._relationships: dict[str, list[dict]] = {}

    # --- parts ----------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.zip.NameToInfo

    def part(self, name: str, keep: bool = True) -> bytes:
        """The inflated bytes of one part; *keep*: hold them for the next reader."""
        if name in self._parts:
            return self._parts[name]
        data = b"".join(self.chunks(self.zip.getinfo(name)))
        if keep:
            self._parts[name] = data
        return data

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """An entry's bytes in chunks, under the package's budget (not kept)."""
        return inflate(self.zip, info, self.budget, self.path)

    def stream(self, name: str, on_start: Callable[[str, dict], None] | None = None,
               keep: bool = False) -> None:
        """Parse one XML part with expat (:func:`parse_safely`); *keep*: hold its bytes
        for the readers that follow."""
        data = [self.part(name)] if keep or name in self._parts else \
            self.chunks(self.zip.getinfo(name))
        parse_safely(self.path, name, data, on_start)

    def xml(self, name: str) -> etree._Element:
        """One part's root element (lxml), for a part the safety check has streamed."""
        return parse(self.part(name))

    # --- the walk -------------------------------------------------------------------

    def relationships(self, name: str) -> list[dict]:
        """The relationships of part *name* ("" for the package itself), with their
        targets as part names (``Part``); [] when it has none."""
        if name not in self._relationships:
            self._relationships[name] = self._read_relationships(name)
        return self._relationships[name]

    def _read_relationships(self, name: str) -> list[dict]:
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found: list[dict] = []

        def start(tag: str, attrs: dict) -> None:
            if tag.rpartition("}")[2] == "Relationship":
                found.append(dict(attrs, Part=resolve_part(folder, attrs.get("Target", ""))))

        if self.has(rels):
            self.stream(rels, start, keep=True)
        return found

    def related(self, name: str, kind: str) -> list[str]:
        """The parts *name* relates to by relationship type ``…/kind``, inside the package."""
        return [r["Part"] for r in self.relationships(name)
                if r.get("Type", "").endswith("/" + kind) and r.get("TargetMode") != "External"]

    @cached_property
    def workbook(self) -> str:
        """The workbook part's name, e.g. ``xl/workbook.xml``."""
        office = [r for r in self.relationships("") if r.get("Type", "").endswith("/officeDocument")]
        if not office:
            raise RefusedFile(f"{self.path}: not a spreadsheet package (no officeDocument "
                              "relationship in _rels/.rels)")
        part = office[0]["Part"]
        if part.lower().endswith(".bin"):
            raise RefusedFile(f"{self.path}: is a binary workbook (.xlsb); save it as .xlsx or "
                              ".xlsm")
        if not self.has(part):
            raise RefusedFile(f"{self.path}: the workbook part {one_line(part)} is missing from "
                              "the package")
        return part

    @cached_property
    def sheet_list(self) -> list[tuple[str, str]]:
        """(sheet name, part) of each worksheet as the workbook lists it (not chartsheets;
        a part listed twice is listed twice: it is loaded twice)."""
        targets = {r.get("Id"): r["Part"] for r in self.relationships(self.workbook)
                   if r.get("Type", "").endswith("/worksheet") and r.get("TargetMode") != "External"}
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict) -> None:
            if local(tag, MAIN) == "sheet":
                rel_id = next((v for k, v in attrs.items() if local(k, REL) == "id"), None)
                if rel_id in targets:
                    sheets.append((attrs.get("name", rel_id), targets[rel_id]))

        self.stream(self.workbook, start, keep=True)
        return sheets

    @cached_property
    def worksheets(self) -> dict[str, str]:
        """Sheet name → part, for the worksheets present in the package."""
        return {name: part for name, part in self.sheet_list if self.has(part)}

    @cached_property
    def shared_strings(self) -> list[str]:
        """The workbook's shared string table (the text of each ``<si>``)."""
        for part in self.related(self.workbook, "sharedStrings"):
            if self.has(part):
                root = self.xml(part)
                t = tag(root, "t")
                return ["".join(x.text or "" for x in si.iter(t)) for si in root]
        return []


def open_package(source: str | Path) -> Package:
    """The file at *source*, read once (an :class:`~xlahp.errors.RefusedFile` if it cannot be)."""
    source = Path(source)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise RefusedFile(f"{source}: cannot be read ({error.strerror or error})") from None
    return Package(source, data)


def as_package(source: str | Path | Package) -> Package:
    """*source* itself when it is a :class:`Package` (read once already), else the file."""
    return source if isinstance(source, Package) else open_package(source)


class Refused(Exception):
    """What an expat handler of :func:`parse_safely` raises to refuse the file, with why."""


def parse_safely(source: Path, name: str, data: Iterable[bytes],
                 on_start: Callable[[str, dict], None] | None = None,
                 on_text: Callable[[str], None] | None = None) -> None:
    """Stream XML through expat: well-formed, no DTD — ``<!DOCTYPE``, entity
    declarations and external entities are what billion-laughs and XXE attacks need,
    and no SpreadsheetML part has a use for them.  *on_start* sees each element as
    ("namespace}localname", attributes), *on_text* its text; a handler may raise
    :class:`Refused` with the message to give."""
    part = one_line(name)

    def refuse_dtd(*_: object) -> None:
        raise Refused(f"{part} declares a DTD (<!DOCTYPE …>); XML entities are refused "
                       "(billion-laughs and external-entity attacks use them)")

    def refuse_entity(entity: object, *_: object) -> None:
        raise Refused(f"{part} declares the XML entity {one_line(str(entity))}; XML entities "
                       "are refused (billion-laughs and external-entity attacks use them)")

    parser = ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    if on_start is not None:
        parser.StartElementHandler = on_start
    if on_text is not None:
        parser.CharacterDataHandler = on_text
    try:
        for chunk in data:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Refused as refused:
        raise RefusedFile(f"{source}: {refused}") from None
    except ExpatError as error:
        raise RefusedFile(f"{source}: {part} is not well-formed XML "
                          f"(line {error.lineno}: {one_line(error).split(':')[0]})") from None


def local(name: str, namespaces: set[str]) -> str | None:
    """The local name of an element or attribute in one of *namespaces*, else None."""
    ns, _, name = name.rpartition("}")
    return name if ns in namespaces else None


def resolve_part(folder: str, target: str) -> str:
    """A relationship target as a part name inside the zip."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def parse(data: bytes) -> etree._Element:
    """A part's root element (lxml; no DTD loaded, no entity resolved, no network)."""
    tree = etree.fromstring(data, _PARSER).getroottree()
    if tree.docinfo.doctype:
        raise RefusedFile("a DOCTYPE in a spreadsheet part is not accepted")
    return tree.getroot()


def tag(element: etree._Element, name: str) -> str:
    """``name`` in the element's own namespace (transitional or strict SpreadsheetML)."""
    return f"{{{etree.QName(element).namespace}}}{name}"
