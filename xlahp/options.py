"""Named options a user types into a cell (method, table, mode …)."""

from __future__ import annotations

from typing import Any

from .errors import XlahpError


def choose(name: Any, choices: tuple[str, ...], what: str) -> str:
    """The option a user named (case and outer blanks ignored); the first
    choice when the argument is left out.

    >>> choose(" Geomean ", ("eigen", "geomean"), "method")
    'geomean'
    """
    if name is None or (isinstance(name, str) and not name.strip()):
        return choices[0]
    key = str(name).strip().lower()
    if key not in choices:
        raise XlahpError(f"{what} '{name}' is unknown; use {', '.join(choices)}")
    return key
