"""XBRL インスタンス — the facts of an EDINET instance document (``*.xbrl``).

Read with the standard library's expat-based :mod:`xml.etree.ElementTree`,
streaming: facts are the children of the ``xbrli:xbrl`` root, contexts are
referred to by their ID (EDINET fixes the IDs, so the ID says the period and
the consolidation scope), units are resolved to their measure (``iso4217:JPY``
→ ``JPY``).  A document type declaration is refused before parsing — XBRL
instances have none, and entity declarations are what billion-laughs and
external-entity attacks need.  Text blocks (``…TextBlock``, the HTML of the
report) are skipped: no figure is read from them.
"""

from __future__ import annotations

import io
import re
from xml.etree.ElementTree import ParseError, iterparse

from xlahp.errors import XlahpError, one_line

from .facts import Fact

XBRLI = "http://www.xbrl.org/2003/instance"
_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
#: Standard EDINET taxonomies: …/taxonomy/jppfs/2017-02-28/jppfs_cor → jppfs_cor
_STANDARD = re.compile(r"/taxonomy/[a-z0-9-]+/[0-9-]+/([a-z0-9-]+_cor)$")
_PROLOG_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


def read_instance(data: bytes, source: str) -> list[Fact]:
    """The facts of an instance document (bytes as read from the file or zip)."""
    start = _FIRST_ELEMENT.search(data)
    if start is None:
        raise XlahpError(f"{source}: not an XBRL instance (no XML element)")
    if _PROLOG_DTD.search(data, 0, start.start()):
        raise XlahpError(f"{source}: declares a DTD (<!DOCTYPE …>); XBRL instances have none "
                         "and XML entities are refused")
    prefixes: dict[str, str] = {}
    units: dict[str, str] = {}
    facts: list[Fact] = []
    depth = 0
    root = None
    try:
        for event, element in iterparse(io.BytesIO(data), ("start-ns", "start", "end")):
            if event == "start-ns":
                prefix, uri = element
                standard = _STANDARD.search(uri)
                prefixes.setdefault(uri, standard.group(1) if standard else prefix)
                continue
            if event == "start":
                if depth == 0:
                    root = element.tag
                    if root != f"{{{XBRLI}}}xbrl":
                        raise XlahpError(f"{source}: not an XBRL instance (the root element is "
                                         f"<{_local(root)}>, not <xbrli:xbrl>)")
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            namespace, _, local = element.tag[1:].partition("}")
            if namespace == XBRLI:
                if local == "unit":
                    units[element.get("id", "")] = _measure(element)
            elif not local.endswith("TextBlock") and element.get("contextRef"):
                nil = element.get(_NIL) in ("true", "1")
                facts.append(Fact(f"{prefixes.get(namespace, namespace)}:{local}",
                                  element.get("contextRef"), element.get("unitRef", ""),
                                  None if nil else (element.text or "")))
            element.clear()
    except ParseError as error:
        raise XlahpError(f"{source}: not well-formed XML ({one_line(error)}); the file is "
                         "damaged, truncated or not an XBRL instance") from None
    if root is None:
        raise XlahpError(f"{source}: not an XBRL instance (no root element)")
    return [Fact(f.element, f.context, units.get(f.unit, f.unit), f.text) if f.unit else f
            for f in facts]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _measure(unit) -> str:
    """``JPY`` for iso4217:JPY, ``JPYPerShares`` for a divide of JPY by shares."""
    measures = [m.text.strip().rpartition(":")[2] for m in unit.iter(f"{{{XBRLI}}}measure")
                if m.text]
    return "Per".join(measures)
