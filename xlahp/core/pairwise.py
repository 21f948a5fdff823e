"""一対比較 — the pairwise comparison matrix, read from worksheet cells.

A matrix arrives as a grid of cell values, the way Excel hands a range to
Python: rows of ``None`` (blank), ``str``, ``float``, ``int`` and ``bool``.
:func:`read_matrix` accepts every shape docs/method.md §1 lists — full n×n, upper (or
lower) triangle only, with a label row and/or label column, text such as
``1/3`` or full-width ``１／３``, decimals typed as 0.333, blanks as ``None``,
``""`` or ``0`` (SuperDecisions' "no judgment"), and missing judgments — and
returns a :class:`PairwiseMatrix` or raises :class:`~xlahp.errors.XlahpError`
naming the cell at fault.

:func:`read_answers` turns questionnaire rows (図9: item A, item B, which one
is more important, how much) into the same matrix.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np

from xlahp.errors import XlahpError, one_line
from xlahp.sheet.grids import Grid, as_grid, by_content, is_blank
from xlahp.core.literature import MAX_ITEMS, SCALE_MAX, VERBAL_SCALE

#: Largest judgment read (and 1/it the smallest): far beyond Saaty's 9, short of
#: where eigenvector arithmetic loses the smaller weights (≈1e150).
MAX_JUDGMENT = 1e6

#: Rounding slack of that flag: 0.11 typed for 1/9 reads as 9.09, not as beyond 9.
_SCALE_SLACK = 1.02

_EXCEL_ERROR = re.compile(r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|[A-Z_]+[!?]?)")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True, eq=False)
class PairwiseMatrix:
    """A reciprocal judgment matrix: ``values[i, j]`` says how many times item
    i is more important than item j; ``nan`` where no judgment was given.

    Immutable, and hashed by identity, so results derived from it can be cached
    (:func:`read_matrix` hands out one object per distinct range content).
    """

    values: np.ndarray
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        self.values.flags.writeable = False

    @property
    def n(self) -> int:
        return len(self.labels)

    @property
    def complete(self) -> bool:
        return not np.isnan(self.values).any()


# --------------------------------------------------------------------------
# single cells

def normalize_text(text: str) -> str:
    """Full-width digits and slashes to ASCII (NFKC), outer blanks removed."""
    return unicodedata.normalize("NFKC", text).strip()


def excel_error(value: Any) -> str | None:
    """The Excel error a cell holds (``"#N/A"`` …), or None."""
    if isinstance(value, str) and _EXCEL_ERROR.fullmatch(value.strip()):
        return value.strip()
    return None


def parse_number(value: Any, what: str) -> float | None:
    """A finite number from a cell, or None for a blank cell.

    Accepts numbers, numeric text (full-width too) and fractions such as
    ``1/3``.  ``what`` names the cell in the message of the XlahpError raised
    for anything else (text, TRUE/FALSE, Excel errors, NaN, infinity, x/0).
    """
    if value is None:
        return None
    if type(value) is float or type(value) is int:  # the common case first
        if value != value or value in (math.inf, -math.inf):
            raise XlahpError(f"{what} is {'not a number (NaN)' if value != value else 'infinite'}")
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        raise XlahpError(f"{what} is {str(bool(value)).upper()}, not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            raise XlahpError(f"{what} is not a number (NaN)")
        if math.isinf(number):
            raise XlahpError(f"{what} is infinite")
        return number
    if not isinstance(value, str):
        raise XlahpError(f"{what} holds a {type(value).__name__}, not a number")
    error = excel_error(value)
    if error:
        raise XlahpError(f"{what} holds the Excel error {error}")
    text = normalize_text(value).removeprefix("=").replace(" ", "")
    if not text:
        return None
    parts = text.split("/")
    if len(parts) <= 2 and all(_NUMBER.fullmatch(p) for p in parts):
        if len(parts) == 1:
            number = float(parts[0])
        else:
            numerator, denominator = (float(p) for p in parts)
            if denominator == 0:
                raise XlahpError(f"{what} is {shown(value)}, a division by zero")
            number = numerator / denominator
        if not math.isfinite(number):
            raise XlahpError(f"{what} is {shown(value)}, too large a number")
        return number
    raise XlahpError(f"{what} is {shown(value)}, not a number or a fraction such as 1/3")


def shown(text: Any, limit: int = 40) -> str:
    """Cell text quoted for a one-line message: line breaks as spaces, long text cut."""
    return f"'{one_line(str(text), limit)}'"


def _decimals(value: float) -> int:
    """Digits after the decimal point as the value was typed (shortest repr)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        return max(0, len(mantissa.partition(".")[2]) - int(exponent))
    return len(text.partition(".")[2].rstrip("0"))


def _reciprocal_within_rounding(big: float, small: float) -> bool:
    """True when ``small`` is 1/big as typed to the decimals it shows (0.333,
    0.33 or 0.3 for 1/3).  Only the side below 1 is a rounded reciprocal: a
    judgment typed as a whole number (2, or 1 for a tie) has no rounding slack."""
    return abs(small - 1 / big) <= 0.5 * 10.0 ** -max(_decimals(small), 1) + 1e-9


# --------------------------------------------------------------------------
# the verbal scale

def _scale_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for value, ja, en in VERBAL_SCALE:
        for word in (ja, en, scale_label(value)):
            words[normalize_text(word).lower().replace(" ", "")] = value
        if value % 2:  # やや重要 → also やや; equal → also "equally important"
            words[ja.removesuffix("重要")] = value
            words[en + "importance"] = value
    return words


def scale_label(value: int) -> str:
    """The label a questionnaire drop-down shows, e.g. ``3 やや重要 (moderate)``."""
    _, ja, en = VERBAL_SCALE[value - 1]
    return f"{value} {ja} ({en})"


def parse_intensity(value: Any, what: str) -> float | None:
    """How much more important, from a number (≥ 1) or a verbal label.

    Labels are Japanese (やや重要, ○の方がかなり重要 …) or English (moderate,
    strong importance …) per 表1; a leading number wins (``3 やや重要``).
    """
    if isinstance(value, str):
        text = normalize_text(value)
        leading = re.fullmatch(r"(\d+(?:\.\d+)?)\s+\D.*", text)
        if leading:
            value = leading.group(1)
        elif not re.match(r"[\d.+-]", text):
            key = re.sub(r"^.*の方が", "", text).lower().replace(" ", "")
            if not key:
                return None
            if key in _SCALE_WORDS:
                return float(_SCALE_WORDS[key])
            if "中間" in key:
                raise XlahpError(f"{what} says {shown(value)}: 中間 alone is ambiguous, "
                                 "give 2, 4, 6 or 8")
            raise XlahpError(f"{what} is {shown(value)}, not a number 1–9 or a label "
                             "of the scale (同じくらい/やや/かなり/非常に/極めて重要)")
    number = parse_number(value, what)
    if number is None or number == 0:
        return None
    if number < 1:
        raise XlahpError(f"{what} is {number:g}; the intensity is 1 or more "
                         "(say which item is more important in its own column)")
    return number


_SCALE_WORDS = _scale_words()


# --------------------------------------------------------------------------
# grids

def is_label(cell: Any) -> bool:
    if not isinstance(cell, str) or excel_error(cell) or not normalize_text(cell):
        return False
    try:
        parse_number(cell, "")
    except XlahpError:
        return True
    return False


def _split_labels(grid: Grid) -> tuple[Grid, tuple[str, ...] | None]:
    """Separate a label row and/or label column from the judgments."""
    rows, cols = len(grid), len(grid[0])
    top = rows > 1 and all(is_label(c) for c in grid[0][1:]) and (
        cols > 1 or is_label(grid[0][0]))
    left = cols > 1 and all(is_label(r[0]) for r in grid[1:]) and (
        rows > 1 or is_label(grid[0][0]))
    if top and left:
        row_labels = tuple(normalize_text(c) for c in grid[0][1:])
        col_labels = tuple(normalize_text(r[0]) for r in grid[1:])
        if row_labels != col_labels:
            raise XlahpError(
                "matrix labels differ: the label row lists "
                f"{', '.join(row_labels)} but the label column lists {', '.join(col_labels)}")
        return [r[1:] for r in grid[1:]], row_labels
    if top and all(is_label(c) for c in grid[0]) and rows == cols + 1:
        return grid[1:], tuple(normalize_text(c) for c in grid[0])
    if left and all(is_label(r[0]) for r in grid) and cols == rows + 1:
        return [r[1:] for r in grid], tuple(normalize_text(r[0]) for r in grid)
    return grid, None


@by_content
def read_matrix(cells: Any) -> PairwiseMatrix:
    """Read a pairwise comparison matrix from worksheet cells (docs/method.md §1).

    A workbook hands the same range to several functions (weights, C.R., N.C.
    …), so the result is cached by the range's content (:func:`by_content`).

    >>> m = read_matrix([[1, 3, 5], [None, 1, "3"], ["", "", "１"]])
    >>> m.values.round(3).tolist()
    [[1.0, 3.0, 5.0], [0.333, 1.0, 3.0], [0.2, 0.333, 1.0]]
    """
    return _read_grid(as_grid(cells))


def _read_grid(grid: Grid) -> PairwiseMatrix:
    grid, labels = _split_labels(grid)
    rows, cols = len(grid), len(grid[0])
    if rows != cols:
        raise XlahpError(f"matrix is {rows}×{cols}, must be square")
    n = rows
    if n < 2:
        raise XlahpError("matrix has 1 item; compare at least 2")
    if n > MAX_ITEMS:
        raise XlahpError(f"matrix has {n} items; at most {MAX_ITEMS} are supported")
    if labels is None:
        labels = tuple(f"item {k + 1}" for k in range(n))
    elif len(set(labels)) < n:
        twice = sorted({x for x in labels if labels.count(x) > 1})
        raise XlahpError(f"matrix labels repeat: {', '.join(twice)}")

    def where(i: int, j: int) -> str:
        return f"matrix cell ({i + 1},{j + 1}) [{labels[i]} vs {labels[j]}]"

    def number(i: int, j: int) -> float | None:
        try:
            return parse_number(grid[i][j], "")
        except XlahpError:  # again, to name the cell (only now: naming costs)
            return parse_number(grid[i][j], where(i, j))

    raw = [[number(i, j) for j in range(n)] for i in range(n)]
    values = np.full((n, n), np.nan)
    for i in range(n):
        if raw[i][i] not in (None, 0.0) and not math.isclose(raw[i][i], 1.0):
            raise XlahpError(f"{where(i, i)} is {raw[i][i]:g}; "
                             "an item compared with itself is 1")
        values[i, i] = 1.0
        for j in range(i + 1, n):
            upper, lower = (x or None for x in (raw[i][j], raw[j][i]))
            for x, (a, b) in ((upper, (i, j)), (lower, (j, i))):
                if x is not None and x < 0:
                    raise XlahpError(f"{where(a, b)} is {x:g}; judgments are positive")
                if x is not None and not 1 / MAX_JUDGMENT <= x <= MAX_JUDGMENT:
                    raise XlahpError(f"{where(a, b)} is {x:g}, outside the range "
                                     f"1/{MAX_JUDGMENT:g}…{MAX_JUDGMENT:g} (the scale is 1/9…9)")
            if upper is None and lower is None:
                continue
            if upper is not None and lower is not None:
                big, small = (upper, lower) if upper >= lower else (lower, upper)
                if not _reciprocal_within_rounding(big, small):
                    raise XlahpError(
                        f"{where(i, j)} = {upper:g} and {where(j, i)} = {lower:g} "
                        f"are not reciprocal (expected {1 / upper:.4g})")
                upper = big if upper >= lower else 1 / big
            values[i, j] = upper if upper is not None else 1 / lower
            values[j, i] = 1 / values[i, j]
    matrix = PairwiseMatrix(values, labels)
    _require_connected(matrix)
    return matrix


def _require_connected(matrix: PairwiseMatrix) -> None:
    """Missing judgments are fine as long as every item is linked to the rest."""
    if matrix.complete:
        return
    known = ~np.isnan(matrix.values)
    reached = {0}
    frontier = [0]
    while frontier:
        i = frontier.pop()
        for j in np.flatnonzero(known[i]):
            if j not in reached:
                reached.add(int(j))
                frontier.append(int(j))
    if len(reached) < matrix.n:
        apart = [matrix.labels[k] for k in range(matrix.n) if k not in reached]
        raise XlahpError(
            f"judgments do not connect all items: {', '.join(apart)} "
            f"{'is' if len(apart) == 1 else 'are'} not compared, directly or "
            f"through others, with {matrix.labels[0]}")


# --------------------------------------------------------------------------
# questionnaire rows (図9)

@by_content
def read_answers(answers: Any, items: Any = None) -> PairwiseMatrix:
    """Build the matrix from questionnaire rows (item A, item B, which is more
    important, intensity).

    *which* is item A's or item B's name, ``A``/``B`` or ``1``/``2``; it may be
    blank when the intensity is 1 (同じくらい重要).  An unanswered row (blank
    intensity) leaves that judgment missing.  *items* fixes the order of the
    matrix; otherwise items appear in the order the rows first name them.
    Completely blank rows are skipped.
    """
    grid = as_grid(answers, "answers")
    if len(grid[0]) != 4:
        raise XlahpError(f"answers has {len(grid[0])} columns; give 4: item A, "
                         "item B, the more important one, intensity")
    order: list[str] = []
    if items is not None:
        flat = [c for row in as_grid(items, "items") for c in row if c not in (None, "")]
        for c in flat:
            if excel_error(c):
                raise XlahpError(f"items hold the Excel error {excel_error(c)}")
        order = [normalize_text(str(c)) for c in flat]
        if len(set(order)) < len(order):
            raise XlahpError("items repeat a name")
    fixed = items is not None
    judged: dict[tuple[int, int], tuple[float, int]] = {}

    def index(name: Any, row: int) -> int:
        if name is None or not normalize_text(str(name)):
            raise XlahpError(f"answers row {row}: an item name is blank")
        if excel_error(name):
            raise XlahpError(f"answers row {row}: an item name holds the Excel error "
                             f"{excel_error(name)}")
        key = normalize_text(str(name))
        if key not in order:
            if fixed:
                raise XlahpError(f"answers row {row}: {shown(key)} is not one of the items "
                                 f"({', '.join(order)})")
            order.append(key)
        return order.index(key)

    for r, (a, b, which, how) in enumerate(grid, start=1):
        if all(is_blank(c) for c in (a, b, which, how)):
            continue
        i, j = index(a, r), index(b, r)
        if i == j:
            raise XlahpError(f"answers row {r} compares {order[i]} with itself")
        value = parse_intensity(how, f"answers row {r} intensity")
        if value is None:
            continue
        if value > MAX_JUDGMENT:
            raise XlahpError(f"answers row {r} intensity is {value:g}, beyond the largest "
                             f"judgment read ({MAX_JUDGMENT:g}); the scale is 1–{SCALE_MAX}")
        if value != 1:
            side = _side(which, order[i], order[j], r)
            value = value if side == 0 else 1 / value
        pair = (min(i, j), max(i, j))
        value = value if i < j else 1 / value
        if pair in judged and not math.isclose(judged[pair][0], value):
            raise XlahpError(f"answers rows {judged[pair][1]} and {r} both judge "
                             f"{order[pair[0]]} vs {order[pair[1]]}, differently")
        judged[pair] = (value, r)
    if not order:
        raise XlahpError("answers has no rows")
    n = len(order)
    if n > MAX_ITEMS:
        raise XlahpError(f"answers name {n} items; at most {MAX_ITEMS} are supported")
    cells: Grid = [[1 if i == j else None for j in range(n)] for i in range(n)]
    for (i, j), (value, _) in judged.items():
        cells[i][j] = value
        cells[j][i] = 1 / value
    return PairwiseMatrix(np.array([[np.nan if c is None else c for c in row] for row in cells],
                                   dtype=float), tuple(order))


def out_of_scale(matrix: PairwiseMatrix) -> list[tuple[int, int, float]]:
    """Judgments beyond Saaty's scale, 1/9…9 (:data:`SCALE_MAX`), as ``(i, j, a_ij)``
    with item i the more important one (a_ij > 9) — read and used, but worth a
    flag: the scale's words stop at 極めて重要."""
    found = []
    for i in range(matrix.n):
        for j in range(matrix.n):
            value = matrix.values[i, j]
            if value == value and value > SCALE_MAX * _SCALE_SLACK:
                found.append((i, j, float(value)))
    return found


def _side(which: Any, a: str, b: str, row: int) -> int:
    """0 when item A is the more important one, 1 when item B is."""
    if which is None or not normalize_text(str(which)):
        raise XlahpError(f"answers row {row}: say which of {a} and {b} is more important")
    key = normalize_text(str(which))
    if isinstance(which, (int, float)) and not isinstance(which, bool) and which in (1, 2):
        return int(which) - 1
    if key in (a, b):  # an item's own name wins over the A/B shorthand
        return (a, b).index(key)
    for side, names in enumerate((("A", "1", "左"), ("B", "2", "右"))):
        if key.upper() in names:
            return side
    raise XlahpError(f"answers row {row}: the more important item {shown(key)} is "
                     f"neither {a} nor {b}")
