"""Declared argument types of the worksheet functions, each with its Excel help text.

A worksheet function declares what each argument is — ``matrix=MATRIX``,
``method=Choice(METHODS, …)`` — and the registry (:mod:`.registry`) reads every
argument through its type before the function's body runs, so the body sees
numbers, matrices and options, never cells.  Each type carries the help text Excel
shows (≤ 255 characters), whether it takes a range (read as 2-D), and for a
:class:`Choice` the values xlwings offers as a drop-down (``typing.Literal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from xlahp.errors import InputError
from xlahp.core.literature import DEFAULT_ALPHA, SCORE_CAP
from xlahp.core.value import METHODS
from xlahp.sheet import cells, readers


@dataclass(frozen=True)
class Arg:
    """An argument: its help text, whether it takes a range, and its reader (the cell
    value and the argument's name in, the value the function computes with out)."""

    doc: str
    range: bool = False
    reader: Callable[[Any, str], Any] | None = None

    def read(self, value: Any, name: str) -> Any:
        return value if self.reader is None else self.reader(value, name)


def Cells(doc: str) -> Arg:  # noqa: N802 (a type, spelled as one)
    """A range passed as it is (a status function reads it itself, never failing)."""
    return Arg(doc, range=True)


def Value(doc: str) -> Arg:  # noqa: N802
    """One cell passed as it is (a name, a label, a statement cell)."""
    return Arg(doc)


def Matrix(doc: str, optional: bool = False) -> Arg:  # noqa: N802
    """A pairwise comparison matrix (:func:`~.readers.read_matrix`); None where an
    optional one is left out."""
    return Arg(doc, True, lambda v, _: None if optional and v is None
               else readers.read_matrix(v))


def Labels(doc: str) -> Arg:  # noqa: N802
    """A row or column of names, each as text (a blank one None); None when left out."""
    return Arg(doc, True, lambda v, name: None if v is None else [
        None if c is None else str(c).strip() for c in cells.flat(v, name)])


def Matrices(doc: str) -> Arg:  # noqa: N802
    """k evaluators' matrices stacked in one range (:func:`~.readers.read_matrices`)."""
    return Arg(doc, True, lambda v, _: readers.read_matrices(v))


def Statement(doc: str) -> Arg:  # noqa: N802
    """A statement range (:func:`~.readers.read_statement`)."""
    return Arg(doc, True, lambda v, _: readers.read_statement(v))


def Numbers(doc: str, optional: bool = False) -> Arg:  # noqa: N802
    """A row or column of numbers (blank cells None); None where an optional range is
    left out."""
    def read(value: Any, name: str) -> list[float | None] | None:
        return None if optional and value is None else cells.numbers(value, name)
    return Arg(doc, True, read)


def NumberGrid(doc: str) -> Arg:  # noqa: N802
    """A range of numbers, row by row."""
    return Arg(doc, True, lambda v, name: cells.number_grid(v, name))


def Number(doc: str, default: float | None = None) -> Arg:  # noqa: N802
    """One finite number (numeric text too); *default* when blank or left out."""
    return Arg(doc, False, lambda v, name: cells.finite(v, name, default))


def Alpha(doc: str) -> Arg:  # noqa: N802
    """A risk level, default :data:`~xlahp.core.literature.DEFAULT_ALPHA`."""
    return Number(doc, DEFAULT_ALPHA)


def WholeNumber(doc: str, low: int, high: int | None = None,  # noqa: N802
                default: int | None = None) -> Arg:
    """A whole number from *low* to *high*; *default* when blank or left out."""
    return Arg(doc, False, lambda v, name: cells.whole_number(v, name, low, high, default))


@dataclass(frozen=True)
class Choice(Arg):
    """A named option, the first of *choices* when blank or left out; xlwings shows
    the choices as a drop-down (``typing.Literal``)."""

    choices: tuple[str, ...] = ()

    def read(self, value: Any, name: str) -> str:
        return cells.choose(value, self.choices, name)


def choice(choices: tuple[str, ...], doc: str) -> Choice:
    return Choice(doc, choices=tuple(choices))


def Direction(doc: str, several: bool = True) -> Arg:  # noqa: N802
    """A direction (+1 higher / −1 lower is better), one for all or one per indicator
    (a blank one None); 1 when left out."""
    def read(value: Any, name: str) -> int | list[int | None]:
        if cells.is_blank(value):
            return 1
        found = cells.flat(value, name) if isinstance(value, (list, tuple)) else [value]
        if len(found) == 1:
            return readers.direction(found[0])
        if not several:
            raise InputError(f"{name} is several cells; give one for the criterion")
        return [None if c is None else readers.direction(c) for c in found]
    return Arg(doc, True, read)


def Methods(doc: str) -> Arg:  # noqa: N802
    """The value index's score method (auto, ratio, progress, rating), one for all or one
    per indicator (a blank one None); auto when left out."""
    def read(value: Any, name: str) -> str | list[str | None]:
        if value is None:
            return "auto"
        found = cells.flat(value, name) if isinstance(value, (list, tuple)) else [value]
        if len(found) == 1:
            return cells.choose(found[0], METHODS, name)
        return [None if c is None else cells.choose(c, METHODS, name) for c in found]
    return Arg(doc, True, read)


def Scale(doc: str) -> Arg:  # noqa: N802
    """A value-index rating scale (:func:`~.readers.rating_scale`); None when left out or
    blank (a template's scale not filled in, while the scoring is not by ratings)."""
    def read(value: Any, name: str) -> Any:
        grid = value if isinstance(value, (list, tuple)) else [[value]]
        rows = [r if isinstance(r, (list, tuple)) else [r] for r in grid]
        if all(cells.is_blank(c) for r in rows for c in r):
            return None
        return readers.rating_scale(value)
    return Arg(doc, True, read)


def One(doc: str) -> Arg:  # noqa: N802
    """One number from a cell or a one-cell range (blank: None)."""
    def read(value: Any, name: str) -> float | None:
        found = cells.numbers(value, name)
        if len(found) != 1:
            raise InputError(f"{name} is {len(found)} cells; give one cell")
        return found[0]
    return Arg(doc, True, read)


# ---------------------------------------------------------------- the value index's arguments

WEIGHTS = Numbers("AHP weights, one per indicator (a column or row, e.g. from AHP_WEIGHTS).")
ACTUAL = Numbers("Current values of the indicators (same order as the weights).")
TARGET = Numbers("Targets (中期計画) or another benchmark; a blank target leaves its indicator "
                 "out and the weights are renormalised over the rest.")
DIRECTION = Direction("1 / higher / 高いほど良い, or -1 / lower / 低いほど良い: one value for all "
                      "or one per indicator. Default 1.")
METHOD = Methods("Score: auto (default: ratio if all > 0, else progress), ratio (actual/"
                 "target, capped), progress (from base to target; for a loss) or rating (AHP "
                 "ratings of the achievement, needs scale); one for all or one per indicator.")
BASE = Numbers("Base-period values (前期), needed by progress: the score is 0 at the base, 1 on "
               "target.", optional=True)
CAP = Number(f"Upper bound of a score, 1 to 2; default {SCORE_CAP:g} (150 %). A capped score "
             "makes the index provisional.", SCORE_CAP)
SCALE = Scale("For rating: rows of level name, the achievement it starts at (1 = on target; "
              "blank for the lowest) and its priority (e.g. AHP_WEIGHTS of the levels).")
#: VALUE_INDEX's arguments in order (VALUE_CONTRIB, VALUE_COVERAGE, VALUE_CRITICAL and
#: VALUE_CHECK read the same).
VALUE_ARGS = dict(weights=WEIGHTS, actual=ACTUAL, target=TARGET, direction=DIRECTION,
                  method=METHOD, base=BASE, cap=CAP, scale=SCALE)


__all__ = ["Arg", "Cells", "Value", "Matrix", "Labels", "Matrices", "Statement", "Numbers", "NumberGrid",
           "Number", "Alpha", "WholeNumber", "Choice", "choice", "Direction",
           "Methods", "Scale", "One", "VALUE_ARGS"]
