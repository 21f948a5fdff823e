"""The view kept on purpose: how a period's weights differ from the previous period's.

The paper's closing argument (§5): a framework used again and again forces the same
view on each evaluation, and the company answers for its consistency over time.  So a
new period starts with the previous period's view; a change is allowed, and shown —
which weights moved, by how much — with the reason given for it (docs/method.md §12).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from xlahp.errors import InputError

#: A weight that moved less than this has not moved: half the last digit the sheets show
#: (0.000), so that a change is one a reader of the sheets can see.
TOLERANCE = 0.0005


@dataclass(frozen=True)
class ViewChange:
    """The weights that moved: (criterion, before, after), the largest move first."""

    moved: tuple[tuple[str, float, float], ...]

    @property
    def changed(self) -> bool:
        return bool(self.moved)

    @property
    def largest(self) -> float:
        """The largest move (after − before) in magnitude, 0.0 when none moved."""
        return max((after - before for _, before, after in self.moved), key=abs, default=0.0)

    def text(self, shown: int = 5) -> str:
        """``成長力 0.579→0.500 (−0.079), 収益性 …``: the moves, the largest first."""
        parts = [f"{name} {before:.3f}→{after:.3f} ({after - before:+.3f})".replace("-", "−")
                 for name, before, after in self.moved[:shown]]
        more = len(self.moved) - shown
        return ", ".join(parts) + (f" (ほか {more})" if more > 0 else "")


def compare(previous: Sequence[float], current: Sequence[float],
            names: Sequence[str] | None = None, tolerance: float = TOLERANCE) -> ViewChange:
    """How *current* weights differ from *previous* (same criteria, same order)."""
    if len(previous) != len(current):
        raise InputError(f"the previous view has {len(previous)} weights and this one "
                         f"{len(current)}: the criteria changed, so the views cannot be compared")
    labels = list(names or [])
    labels += [f"criterion {k + 1}" for k in range(len(labels), len(current))]
    for label, *pair in zip(labels, previous, current):
        if not all(map(math.isfinite, pair)):
            raise InputError(f"weight of {label} is not a finite number ({pair[0]}, {pair[1]})")
    moved = [(label, b, a) for label, b, a in zip(labels, previous, current)
             if abs(a - b) >= tolerance]
    return ViewChange(tuple(sorted(moved, key=lambda m: -abs(m[2] - m[1]))))
