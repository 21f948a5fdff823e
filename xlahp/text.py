"""Text as a person sees it: the width of Japanese text on a terminal or in a column."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide and full-width characters take two.

    >>> display_width("N.C. 一巡三角形")
    15
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns, counting wide characters as two."""
    return text + " " * max(0, width - display_width(text))


def pad_left(text: str, width: int) -> str:
    """Right-align ``text`` in ``width`` terminal columns, counting wide characters as two."""
    return " " * max(0, width - display_width(text)) + text
