"""Workbook packages changed part by part, as Excel (or another tool) would have saved them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path


def rewritten(source: Path, target: Path, edits: Mapping[str, Callable[[str], str]]) -> Path:
    """A copy of ``source`` at ``target`` (deflated, as Excel writes) in which each part
    whose name matches a regular expression of ``edits`` has its XML text passed
    through that edit; every other part as it was."""
    with zipfile.ZipFile(source) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for parts, edit in edits.items():
                if re.fullmatch(parts, info.filename):
                    data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return target
