"""The paper reproduced: each printed figure beside the value xlahp computes.

The values go through the worksheet functions (:data:`xlahp.udfs.REGISTRY`),
the same code Excel calls, on the paper's own inputs (:mod:`xlahp.paper`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from . import paper
from .udfs import REGISTRY


@dataclass(frozen=True)
class Figure:
    where: str      # 表2, 図8 …
    what: str
    printed: float  # as the paper prints it
    ours: float
    decimals: int   # the paper's precision

    @property
    def matches(self) -> bool:
        return round(self.ours, self.decimals) == round(self.printed, self.decimals)


def _call(name: str, *args):
    return REGISTRY[name].func(*args)


def _matrix_figures(where: str, matrix, items, printed_weights, inconsistency, ci,
                    nc: int | None) -> list[Figure]:
    weights = [row[0] for row in _call("AHP_WEIGHTS", matrix)]
    figures = [Figure(where, f"weight {item}", p, w, 3)
               for item, p, w in zip(items, printed_weights, weights)]
    figures.append(Figure(where, "C.I.", ci, _call("AHP_CI", matrix), 4))
    figures.append(Figure(where, "Inconsistency (SuperDecisions) = C.R.", inconsistency,
                          _call("AHP_CR", matrix), 4))
    if nc is not None:
        figures.append(Figure(where, "N.C. 一巡三角形", nc, _call("AHP_TRIADS", matrix), 0))
    return figures


def figures() -> list[Figure]:
    """Every figure of SPEC §4 that xlahp computes, paper value beside ours."""
    table2 = [list(r) for r in paper.TABLE2]
    fig8 = [list(r) for r in paper.FIG8]
    return (_matrix_figures("表2", table2, paper.TABLE2_ITEMS, paper.TABLE2_WEIGHTS,
                            paper.TABLE2_INCONSISTENCY, paper.TABLE2_CI, None)
            + _matrix_figures("図8", fig8, paper.CRITERIA, paper.FIG8_WEIGHTS,
                              paper.FIG8_INCONSISTENCY, paper.FIG8_CI, paper.FIG8_NC))


def _pad(text: str, width: int) -> str:
    """Left-align for a terminal, counting East Asian wide characters as two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def table(rows: list[Figure]) -> str:
    """The figures as a plain-text table for the terminal."""
    lines = [f"{_pad('', 5)}{_pad('figure', 42)} {'paper':>10} {'xlahp':>12}  ok"]
    for f in rows:
        ours, printed = (f"{x:.{f.decimals}f}" for x in (f.ours, f.printed))
        lines.append(f"{_pad(f.where, 5)}{_pad(f.what, 42)} {printed:>10} {ours:>12}  "
                     f"{'✓' if f.matches else '✗'}")
    return "\n".join(lines)
