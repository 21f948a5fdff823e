"""Named options a user types into a cell (method, table, mode …)."""

from __future__ import annotations

from typing import Any

from xlahp.errors import XlahpError
from xlahp.core.pairwise import parse_number, shown


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
        raise XlahpError(f"{what} {shown(name)} is unknown; use {', '.join(choices)}")
    return key


def number(value: Any, what: str, default: float | None = None) -> float:
    """A finite number from a cell (numeric text too); *default* when blank."""
    found = parse_number(value, what)
    if found is None:
        if default is None:
            raise XlahpError(f"{what} is blank; give a number")
        return default
    return found


def whole_number(value: Any, what: str, low: int, high: int | None = None,
                 default: int | None = None) -> int:
    """A whole number from *low* to *high* (no upper bound when None)."""
    found = number(value, what, default)
    if found != int(found) or found < low or (high is not None and found > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise XlahpError(f"{what} is {found:g}; give a whole number {span}")
    return int(found)
