"""Ranges read into the core's types: matrices, questionnaires, stacked matrices,
statements, labels of items and indicators, directions and rating scales.

Each reader takes cells as hosts pass them (:mod:`.cells`) and returns what the core
computes with (:mod:`xlahp.core`), or raises an :class:`~xlahp.errors.InputError`
naming the cell at fault.  A workbook hands the same range to many cells, so the
range readers are cached by content (:func:`~.cells.by_content`).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from xlahp.errors import InputError
from xlahp.core import finance
from xlahp.core.finance import INDICATORS, ITEMS, UNIT, UNITS, Statement
from xlahp.core.group import Group
from xlahp.core.periods import EXAMPLES as PERIOD_EXAMPLES, ordered as ordered_periods
from xlahp.core.literature import MAX_ITEMS, SCALE_MAX, VERBAL_SCALE
from xlahp.core.pairwise import (MAX_JUDGMENT, PairwiseMatrix, from_pairs, matrix, scale_label,
                                 where)
from xlahp.core.value import RatingScale
from xlahp.sheet.cells import (Grid, amount, as_grid, by_content, excel_error, is_blank,
                               is_label, key, label_key, normalize, number, shown)


# ---------------------------------------------------------------- 一対比較: a matrix

def _split_labels(grid: Grid) -> tuple[Grid, tuple[str, ...] | None]:
    """Separate a label row and/or label column from the judgments."""
    rows, cols = len(grid), len(grid[0])
    top = rows > 1 and all(is_label(c) for c in grid[0][1:]) and (
        cols > 1 or is_label(grid[0][0]))
    left = cols > 1 and all(is_label(r[0]) for r in grid[1:]) and (
        rows > 1 or is_label(grid[0][0]))
    if top and left:
        row_labels = tuple(normalize(c) for c in grid[0][1:])
        col_labels = tuple(normalize(r[0]) for r in grid[1:])
        if row_labels != col_labels:
            raise InputError(
                "matrix labels differ: the label row lists "
                f"{', '.join(row_labels)} but the label column lists {', '.join(col_labels)}")
        return [r[1:] for r in grid[1:]], row_labels
    if top and all(is_label(c) for c in grid[0]) and rows == cols + 1:
        return grid[1:], tuple(normalize(c) for c in grid[0])
    if left and all(is_label(r[0]) for r in grid) and cols == rows + 1:
        return [r[1:] for r in grid], tuple(normalize(r[0]) for r in grid)
    return grid, None


@by_content
def read_matrix(cells: Any) -> PairwiseMatrix:
    """A pairwise comparison matrix from worksheet cells (docs/method.md §1).

    Every shape of §1: full n×n, upper (or lower) triangle only, with a label row
    and/or a label column, text such as ``1/3`` or full-width ``１／３``, decimals
    typed as 0.333, blanks as ``None``, ``""`` or ``0`` (SuperDecisions' "no
    judgment"), and missing judgments.

    >>> m = read_matrix([[1, 3, 5], [None, 1, "3"], ["", "", "１"]])
    >>> m.values.round(3).tolist()
    [[1.0, 3.0, 5.0], [0.333, 1.0, 3.0], [0.2, 0.333, 1.0]]
    """
    grid, labels = _split_labels(as_grid(cells))
    rows, cols = len(grid), len(grid[0])
    if rows != cols:
        raise InputError(f"matrix is {rows}×{cols}, must be square")
    if rows < 2:
        raise InputError("matrix has 1 item; compare at least 2")
    if rows > MAX_ITEMS:
        raise InputError(f"matrix has {rows} items; at most {MAX_ITEMS} are supported")
    shown_labels = labels or tuple(f"item {k + 1}" for k in range(rows))
    if rows > len(shown_labels):  # a label row without a label column, cut short
        shown_labels = tuple(f"item {k + 1}" for k in range(rows))

    def judgment(i: int, j: int) -> float:
        try:
            found = number(grid[i][j], "")
        except InputError:  # again, to name the cell (only now: naming costs)
            found = number(grid[i][j], where(shown_labels, i, j))
        return math.nan if found is None or found == 0 else found  # 0 = no judgment

    values = np.array([[judgment(i, j) for j in range(cols)] for i in range(rows)], dtype=float)
    return matrix(values, labels)


# ---------------------------------------------------------------- 図9: a questionnaire

def _scale_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for value, ja, en in VERBAL_SCALE:
        for word in (ja, en, scale_label(value)):
            words[normalize(word).lower().replace(" ", "")] = value
        if value % 2:  # やや重要 → also やや; equal → also "equally important"
            words[ja.removesuffix("重要")] = value
            words[en + "importance"] = value
    return words


_SCALE_WORDS = _scale_words()


def intensity(value: Any, what: str) -> float | None:
    """How much more important, from a number (≥ 1) or a verbal label (表1).

    Labels are Japanese (やや重要, ○の方がかなり重要 …) or English (moderate,
    strong importance …); a leading number wins (``3 やや重要``).  Blank, 0 and
    ``０`` are no answer (None).
    """
    if isinstance(value, str):
        text = normalize(value)
        leading = re.fullmatch(r"(\d+(?:\.\d+)?)\s+\D.*", text)
        if leading:
            value = leading.group(1)
        elif not re.match(r"[\d.+-]", text):
            word = re.sub(r"^.*の方が", "", text).lower().replace(" ", "")
            if not word:
                return None
            if word in _SCALE_WORDS:
                return float(_SCALE_WORDS[word])
            if "中間" in word:
                raise InputError(f"{what} says {shown(value)}: 中間 alone is ambiguous, "
                                 "give 2, 4, 6 or 8")
            raise InputError(f"{what} is {shown(value)}, not a number 1–9 or a label "
                             "of the scale (同じくらい/やや/かなり/非常に/極めて重要)")
    found = number(value, what)
    if found is None or found == 0:
        return None
    if found < 1:
        raise InputError(f"{what} is {found:g}; the intensity is 1 or more "
                         "(say which item is more important in its own column)")
    return found


def _side(which: Any, a: str, b: str, row: str) -> int:
    """0 when item A is the more important one, 1 when item B is (*row* names the row)."""
    if which is None or not normalize(str(which)):
        raise InputError(f"{row}: say which of {a} and {b} is more important")
    word = normalize(str(which))
    if isinstance(which, (int, float)) and not isinstance(which, bool) and which in (1, 2):
        return int(which) - 1
    if word in (a, b):  # an item's own name wins over the A/B shorthand
        return (a, b).index(word)
    for side, names in enumerate((("A", "1", "左"), ("B", "2", "右"))):
        if word.upper() in names:
            return side
    raise InputError(f"{row}: the more important item {shown(word)} is "
                     f"neither {a} nor {b}")


def _no_name(cell: Any) -> bool:
    """A blank item name — or 0, what a formula referring to an empty cell shows (the
    questionnaire's item cells refer to the criteria list)."""
    return is_blank(cell) or (isinstance(cell, (int, float)) and not isinstance(cell, bool)
                              and cell == 0)


def _item_names(items: Any) -> list[str]:
    cells = [c for row in as_grid(items, "items") for c in row]
    named = [k for k, c in enumerate(cells) if not _no_name(c)]
    gap = next((k for k in range(named[-1] if named else 0) if _no_name(cells[k])), None)
    if gap is not None:  # a blank before the last name: a criterion left unnamed
        raise InputError(f"item {gap + 1} of the items is blank; name every item (only the end "
                         "of the range may stay empty)")
    names = [cells[k] for k in named]
    for c in names:
        if excel_error(c):
            raise InputError(f"items hold the Excel error {excel_error(c)}")
    order = [normalize(str(c)) for c in names]
    if len(set(order)) < len(order):
        raise InputError("items repeat a name")
    return order


@by_content
def read_answers(answers: Any, items: Any = None, row_name: str = "answers row") -> PairwiseMatrix:
    """The matrix of questionnaire rows (item A, item B, which is more important,
    intensity); messages name a row as ``answers row 2`` (*row_name*; the
    questionnaire's status says ``No. 2``, as the sheet numbers its rows).

    *which* is item A's or item B's name, ``A``/``B`` or ``1``/``2``; it may be
    blank when the intensity is 1 (同じくらい重要).  An unanswered row (blank
    intensity) leaves that judgment missing.  *items* fixes the order of the
    matrix; otherwise items appear in the order the rows first name them.
    Completely blank rows are skipped.
    """
    grid = as_grid(answers, "answers")
    if len(grid[0]) != 4:
        raise InputError(f"answers has {len(grid[0])} columns; give 4: item A, "
                         "item B, the more important one, intensity")
    order = _item_names(items) if items is not None else []
    fixed = items is not None
    judged: dict[tuple[int, int], tuple[float, int]] = {}

    def index(name: Any, row: int) -> int:
        if _no_name(name) or not normalize(str(name)):
            raise InputError(f"{row_name} {row}: an item name is blank"
                             + ("" if is_blank(name) else " (0: it refers to an empty cell)"))
        if excel_error(name):
            raise InputError(f"{row_name} {row}: an item name holds the Excel error "
                             f"{excel_error(name)}")
        found = normalize(str(name))
        if found not in order:
            if fixed:
                raise InputError(f"{row_name} {row}: {shown(found)} is not one of the items "
                                 f"({', '.join(order)})")
            order.append(found)
        return order.index(found)

    for r, (a, b, which, how) in enumerate(grid, start=1):
        if all(is_blank(c) for c in (a, b, which, how)):
            continue
        i, j = index(a, r), index(b, r)
        if i == j:
            raise InputError(f"{row_name} {r} compares {order[i]} with itself")
        value = intensity(how, f"{row_name} {r} intensity")
        if value is None:
            continue
        if value > MAX_JUDGMENT:
            raise InputError(f"{row_name} {r} intensity is {value:g}, beyond the largest "
                             f"judgment read ({MAX_JUDGMENT:g}); the scale is 1–{SCALE_MAX}")
        if value != 1:
            value = value if _side(which, order[i], order[j], f"{row_name} {r}") == 0 else 1 / value
        pair = (min(i, j), max(i, j))
        value = value if i < j else 1 / value
        if pair in judged and not math.isclose(judged[pair][0], value):
            rows = f"{row_name}s" if row_name.endswith("row") else row_name
            raise InputError(f"{rows} {judged[pair][1]} and {r} both judge "
                             f"{order[pair[0]]} vs {order[pair[1]]}, differently")
        judged[pair] = (value, r)
    if not order:
        raise InputError("answers has no rows")
    return from_pairs(order, {pair: value for pair, (value, _) in judged.items()})


# ---------------------------------------------------------------- 集団評価: stacked matrices

@by_content
def read_matrices(cells: Any) -> Group:
    """k matrices stacked in one range: k·n rows (k·(n+1) with a label row per
    block), each block in the same item order.

    The block height follows from the width: n columns (n+1 with a label
    column), plus one row when the blocks carry a label row.

    >>> g = read_matrices([[1, 3], [None, 1], [1, 5], [None, 1]])
    >>> g.k, g.n
    (2, 2)
    """
    grid = as_grid(cells, "matrices")
    rows, cols = len(grid), len(grid[0])
    # a label column puts an item name in column 1 of the first block's rows 2…;
    # a label row alone only in the header rows
    left = cols > 2 and all(is_blank(r[0]) or is_label(r[0]) for r in grid) and any(
        is_label(r[0]) for r in grid[1:cols])
    n = cols - 1 if left else cols
    first = grid[0][1:] if left else grid[0]
    top = rows > 1 and all(is_label(c) for c in first)
    height = n + top
    if n < 2:
        one = f" (one cell: {shown(grid[0][0])})" if rows == cols == 1 else ""
        raise InputError(f"matrices is {cols} column{'s' * (cols != 1)} wide{one}; give k "
                         "stacked n×n matrices (n ≥ 2 items), one evaluator's below the other's")
    if rows % height:
        shape = f"{n} rows" + (" plus a label row" if top else "")
        raise InputError(f"matrices has {rows} rows, not a whole number of blocks of {shape} "
                         f"({n} items); every evaluator's matrix must be {n}×{n}, in the "
                         "same item order")
    k = rows // height
    if k < 2:
        raise InputError(f"matrices holds 1 matrix ({n}×{n}); stack at least 2 evaluators' "
                         f"matrices, one below the other ({2 * height} rows or more)")
    found: list[PairwiseMatrix] = []
    for b in range(k):
        block = grid[b * height:(b + 1) * height]
        try:
            one = read_matrix(block)
        except InputError as error:
            raise InputError(f"block {b + 1} (rows {b * height + 1}–{(b + 1) * height}): "
                             f"{error}") from None
        if found and one.labels != found[0].labels:
            raise InputError(f"block {b + 1} lists the items as {', '.join(one.labels)}, "
                             f"block 1 as {', '.join(found[0].labels)}; give every block in "
                             "the same order")
        found.append(one)
    return Group(tuple(found))


# ---------------------------------------------------------------- labels and words

_ITEM_INDEX: dict[str, str] = {label_key(name): item.key for item in ITEMS
                               for name in (item.key, item.en, *item.aliases)}
_INDICATOR_INDEX: dict[str, str] = {label_key(name): ind.name for ind in INDICATORS.values()
                                    for name in (ind.name, ind.en, *ind.aliases)}


def item_key(label: object) -> str | None:
    """The statement item a sheet label names, or None.

    Tried in turn: the whole label; the label without bracketed parts
    (``売上高（百万円）``, ``総資産(=総資本)``); each part of a label split at
    ``/`` or a line break (``売上高 / Net sales``).
    """
    if not isinstance(label, str):
        return None
    text = unicodedata.normalize("NFKC", label)
    parts = [text, *re.split(r"[/\n]", text)]
    for candidate in (*parts, *(re.sub(r"\(.*?\)|\[.*?\]", "", p) for p in parts)):
        found = _ITEM_INDEX.get(label_key(candidate))
        if found:
            return found
    return None


def indicator_key(name: object) -> str:
    """The indicator a name means (Japanese, English or alias); unknown is an error."""
    found = _INDICATOR_INDEX.get(label_key(name)) if isinstance(name, str) else None
    if found is None:
        raise InputError(f"unknown indicator {name!r}; use one of {', '.join(INDICATORS)}")
    return found


# Direction words, compared as text keys (cells.key).
_HIGHER = {"1", "+1", "+", "higher", "high", "高いほど良い", "高いほどよい", "高い", "高"}
_LOWER = {"-1", "-", "lower", "low", "低いほど良い", "低いほどよい", "低い", "低"}


def direction(value: object) -> int:
    """+1 (higher is better) or −1 (lower is better) from a cell.

    Accepted: the numbers 1 and −1; the texts ``1``/``+1``/``+``/``higher``/
    ``high``/``高いほど良い``/``高い``/``高`` and ``-1``/``-``/``lower``/
    ``low``/``低いほど良い``/``低い``/``低`` — full-width forms, case and
    spaces do not matter (NFKC).
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value in (1, -1):
        return int(value)
    if isinstance(value, str):
        word = key(value)
        if word in _HIGHER:
            return 1
        if word in _LOWER:
            return -1
    raise InputError(f"direction {value!r} is not one of 1, -1, higher, lower, +, -, "
                     "高いほど良い, 低いほど良い")


def rating_key(label: object) -> str | None:
    """A rating label as compared with the scale's: text without outer blanks
    (full-width folded), a whole number as its digits; None for a blank."""
    if label is None:
        return None
    if isinstance(label, float) and label == int(label):
        label = int(label)
    return normalize(str(label)) or None


def ratings(cells: Any) -> list[list[str | None]]:
    """A grid of rating labels as keys (:func:`rating_key`); an error value is no level
    of any scale, and is reported as such."""
    return [[rating_key(c) for c in row] for row in as_grid(cells, "ratings")]


def level_priorities(cells: Any) -> dict[str, float]:
    """Two columns, each rating level's label and its priority (AHP_RATINGS' scale)."""
    levels = as_grid(cells, "scale")
    if len(levels[0]) != 2:
        raise InputError(f"scale has {len(levels[0])} columns; give two: label, priority")
    table: dict[str, float] = {}
    for i, (label, weight) in enumerate(levels, start=1):
        found = rating_key(label)
        if found is None:
            raise InputError(f"scale row {i} has no label")
        if excel_error(label):
            raise InputError(f"scale row {i} label holds the Excel error {excel_error(label)}")
        if found in table:
            raise InputError(f"scale level {found!r} appears twice")
        x = number(weight, f"scale row {i} priority")
        if x is None or x <= 0:
            raise InputError(f"scale row {i} priority is {'blank' if x is None else f'{x:g}'};"
                             " give a positive priority")
        table[found] = x
    return table


@by_content
def rating_scale(cells: Any) -> RatingScale:
    """A value-index rating scale (VALUE_INDEX method rating): three columns, each
    level's name, the achievement it starts at (1.0 or 100 % = on target; blank for
    the lowest level) and its priority (e.g. AHP_WEIGHTS of a pairwise matrix of the
    levels).  Blank rows are skipped."""
    grid = as_grid(cells, "scale")
    if len(grid[0]) != 3:
        raise InputError(f"scale has {len(grid[0])} columns; give three: level, the "
                         "achievement it starts at, priority")
    levels = []
    for i, (label, bound, priority) in enumerate(grid, start=1):
        if all(is_blank(c) for c in (label, bound, priority)):
            continue
        name = rating_key(label)
        if name is None or excel_error(label):
            raise InputError(f"scale row {i} has no level name")
        p = number(priority, f"scale row {i} priority")
        if p is None:
            raise InputError(f"scale row {i} ({name}) has no priority")
        levels.append((name, number(bound, f"scale row {i} lower bound"), p))
    return RatingScale(tuple(levels))


# ---------------------------------------------------------------- 財務諸表: a statement

#: Period columns and the header words that name them (checked in this order,
#: so 前期実績 is the previous year).
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    # 有価証券報告書 heads its columns 前連結会計年度 | 当連結会計年度 (前事業年度 |
    # 当事業年度 for the parent alone)
    "previous": ("前期", "前年", "前連結", "前事業", "previous", "prior"),
    "target": ("目標", "計画", "予算", "target", "plan", "budget"),
    "current": ("当期", "今期", "当年", "当連結", "当事業", "実績", "current", "actual"),
}
#: Header words of comparison columns (前期比, 増減, …), which are never a period.
COMPARISON_WORDS: tuple[str, ...] = ("比", "増減", "差異", "change", "variance")
_YEAR = re.compile(r"((?:19|20)\d\d)(?:\s*[/.年-]\s*(\d{1,2}))?")
#: A unit stated in a header cell: 円, 千円, 百万円, 億円 (or yen, thousand yen …).
_UNIT = re.compile(r"(百万|千|億)?円|(hundred million|million|thousand)?\s*yen", re.I)
_UNIT_EN = {None: "円", "thousand": "千円", "million": "百万円", "hundred million": "億円"}


def period_of(cell: object) -> str | None:
    """The period a header cell names (当期, 前期, 目標 or their English), or None."""
    if not isinstance(cell, str):
        return None
    text = label_key(cell)
    return next((p for p, words in PERIOD_WORDS.items()
                 if any(label_key(w) in text for w in words)), None)


def _date_of(cell: object) -> tuple[int, int] | None:
    """(year, month) of a header cell: a date, a year number, or text like 2010/3."""
    if isinstance(cell, dt.date):
        return cell.year, cell.month
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        return (int(cell), 0) if float(cell).is_integer() and 1900 <= cell <= 2100 else None
    if isinstance(cell, str):
        found = _YEAR.findall(unicodedata.normalize("NFKC", cell))
        return max((int(y), int(m or 0)) for y, m in found) if found else None
    return None


def unit_of(cell: object) -> str | None:
    """The unit a header cell states (円, 千円, 百万円, 億円), or None."""
    if not isinstance(cell, str):
        return None
    found = _UNIT.search(unicodedata.normalize("NFKC", cell))
    if not found:
        return None
    if found.group(0).endswith("円"):
        return (found.group(1) or "") + "円"
    return _UNIT_EN[(found.group(2) or "").lower() or None]


def _is_figure(cell: object) -> bool:
    try:
        return amount(cell) is not None
    except InputError:
        return False


@dataclass(frozen=True)
class Figure:
    """Where one figure of a statement range stands: row and column in the range
    (0-based), its item and period, and the text it was typed as."""

    row: int
    col: int
    item: str
    period: str
    typed: Any


@dataclass(frozen=True)
class StatementRead:
    """A statement as read from a range: the core :class:`~xlahp.core.finance.Statement`,
    where each figure stands, and every cell that could not be read (row, column,
    item, period, message) — not only the first."""

    statement: Statement
    figures: tuple[Figure, ...]
    problems: tuple[tuple[Figure, str], ...]
    labels: tuple[str, ...]


def _columns(rows: Grid, first: int, width: int) -> tuple[dict[str, int], dict[str, str]]:
    """The period of each column (from its header words or dates) and the unit each
    period's header states."""
    columns: dict[str, int] = {}
    units: dict[int, str] = {}
    rest: list[tuple[int, tuple[int, int] | None]] = []
    notes: list[int] = []
    for j in range(1, width):
        head = [r[j] for r in rows[:first] if r[j] not in (None, "")]
        if any(isinstance(h, str) and any(w in label_key(h) for w in COMPARISON_WORDS)
               for h in head):
            continue
        stated = {u for u in map(unit_of, head) if u}
        if len(stated) > 1:
            raise InputError(f"statement column {j + 1} states two units "
                             f"({', '.join(sorted(stated))}); give one")
        if stated:
            units[j] = stated.pop()
        period = next(filter(None, map(period_of, head)), None)
        if period in columns:
            raise InputError(f"statement columns {columns[period] + 1} and {j + 1} "
                             f"are both headed as the {period} year")
        date = max(filter(None, map(_date_of, head)), default=None)
        if period:
            columns[period] = j
        elif date or any(_is_figure(r[j]) for r in rows[first:]):
            rest.append((j, date))
        elif any(r[j] not in (None, "") for r in rows[first:]):
            notes.append(j)  # English labels, notes … or figures mistyped
    if not columns and not rest and notes:
        rest.append((notes[0], None))  # the only column: read it, so mistyped figures show
    open_periods = [p for p in ("current", "previous") if p not in columns]
    if rest and all(date for _, date in rest):
        rest.sort(key=lambda c: c[1], reverse=True)  # dated columns: the newest is current
    elif len(rest) > 1 or (rest and open_periods[:1] != ["current"]):
        # guessing by position could swap the years silently (有価証券報告書 puts the
        # previous year first): ask for a header instead
        raise InputError(
            f"statement column{'s' if len(rest) > 1 else ''} "
            f"{', '.join(str(j + 1) for j, _ in rest)} "
            f"{'have' if len(rest) > 1 else 'has'} no header saying which year "
            "(当期 current, 前期 previous, 目標 target, or a date such as 2010/3)")
    columns.update(zip(open_periods, (j for j, _ in rest)))
    return columns, {p: units[j] for p, j in columns.items() if j in units}


@by_content  # the workbook's status cells and indicators read the same range
def read_statement_cells(cells: Any) -> StatementRead:
    """Statement figures from a sheet range laid out as accountants do.

    The first column holds item labels (matched by :func:`item_key`; rows with
    other labels are ignored, so extra rows are fine).  The following columns
    hold figures (:func:`~.cells.amount`).  Rows above the first recognised item
    are the header; they decide which column is which period and its unit:

    1. a column whose header contains a period word (:data:`PERIOD_WORDS`:
       当期, 前期, 目標 …) is that period, wherever it stands;
    2. the other non-empty columns fill current, then previous when each has
       a date in its header (2010/3, 2010年3月期, a date cell, 2010): newest
       first; a single figure column without any header is the current year;
       other columns without a header are an error (guessing by position could
       swap the years: 有価証券報告書 puts the previous year first);
    3. a target column needs a header word; comparison columns (a header with
       前期比, 増減 … — :data:`COMPARISON_WORDS`) and columns of text (English
       labels, notes) are ignored;
    4. a header cell stating a unit (円, 千円, 百万円, 億円 — e.g. a 単位 row) gives
       its column's unit; amounts are converted to 百万円 (shares and the share price
       keep their own units); a column without one is in 百万円.
    """
    if not isinstance(cells, (list, tuple)):  # one cell, as the engine passes a 1×1 range
        cells = [[cells]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in cells]
    width = max((len(r) for r in rows), default=0)
    if width < 2:
        raise InputError("statement needs item labels in its first column and figures next "
                         "to them")
    rows = [r + [None] * (width - len(r)) for r in rows]
    keys = [item_key(r[0]) for r in rows]
    first = next((i for i, k in enumerate(keys) if k), None)
    if first is None:
        raise InputError("statement has no known item label in its first column "
                         "(e.g. 売上高, 当期純利益, 総資産)")
    columns, units = _columns(rows, first, width)
    figures: dict[str, dict[str, float]] = {p: {} for p in PERIOD_WORDS}
    placed: list[Figure] = []
    problems: list[tuple[Figure, str]] = []
    for i, (row, item) in enumerate(zip(rows, keys)):
        if item is None:
            continue
        for period, j in columns.items():
            place = Figure(i, j, item, period, row[j])
            try:
                value = amount(row[j])
            except InputError as e:
                problems.append((place, str(e)))
                continue
            if value is None:
                continue
            if finance.BY_KEY[item].money:
                value = value * UNITS[units.get(period, UNIT)] / UNITS[UNIT]
            if figures[period].get(item, value) != value:
                problems.append((place, f"{item} appears twice in the {period} column with "
                                        "different values"))
                continue
            figures[period][item] = value
            placed.append(place)
    return StatementRead(Statement(figures, units), tuple(placed), tuple(problems),
                         tuple(str(r[0]) for r in rows))


def read_statement(cells: Any) -> Statement:
    """The statement of a range (:func:`read_statement_cells`); its first unreadable
    figure is an error naming the row, the item and the period."""
    found = read_statement_cells(cells)
    if found.problems:
        place, message = found.problems[0]
        if "appears twice" in message:
            raise InputError(f"statement: {message}")
        raise InputError(f"statement row {place.row + 1} ({found.labels[place.row]}), column "
                         f"{place.col + 1} ({place.period} year): {message}")
    return found.statement


def figures(values: Mapping[str, object] | None, period: str = "current") -> dict[str, float]:
    """Item → value of one period from labels and typed figures (a mapping such as
    ``{"総資本": "8,951,763", "Net sales": "８,９６８,５４６"}``); unknown labels are
    ignored."""
    out: dict[str, float] = {}
    for label, cell in (values or {}).items():
        item = item_key(label)
        if item is None:
            continue
        try:
            value = amount(cell)
        except InputError as e:
            raise InputError(f"{period}-year {label}: {e}") from None
        if value is None:
            continue
        if out.get(item, value) != value:
            raise InputError(f"{item} is given twice for the {period} year "
                             f"({out[item]:,.10g} and {value:,.10g})")
        out[item] = value
    return out


def period(value: object, default: str = "current") -> str:
    """current, previous or target from a cell (the words of :data:`PERIOD_WORDS`)."""
    if is_blank(value):
        return default
    if value in PERIOD_WORDS:
        return str(value)
    found = period_of(value)
    if found is None:
        raise InputError(f"period {value!r} is not current, previous or target (当期/前期/目標)")
    return found



# ---------------------------------------------------------------- KPI 推移: the review log

@dataclass(frozen=True)
class ReviewLog:
    """The review log of a KPI sheet: the review periods (rows with a period, in order)
    and per row the figures of KGI, KPI 1, … (None = not reported)."""

    periods: tuple[Any, ...]  # xlahp.core.periods.Period
    figures: tuple[tuple[float | None, ...], ...]

    def line(self, k: int) -> list[float | None]:
        """Line *k*'s figures (0 = KGI), one per review period."""
        return [row[k] for row in self.figures]

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.periods]


def review_log(periods: Any, actuals: Any, lines: int) -> ReviewLog:
    """A review log from its period column and its *lines* columns of figures (the KGI's
    and the KPIs'); rows without a period or a figure are unused.  A figure without a
    period, a period that cannot be read or is out of order, a figure that is no number:
    an InputError naming the row."""
    labels = [None if is_blank(c) else c for row in as_grid(periods, "periods") for c in row]
    grid = as_grid(actuals, "actuals")
    if len(grid[0]) != lines:
        raise InputError(f"actuals has {len(grid[0])} columns; the log has {lines} (KGI and "
                         f"KPI 1–{lines - 1})")
    if len(grid) != len(labels):
        raise InputError(f"periods has {len(labels)} rows and actuals {len(grid)}; give one "
                         "period per row of figures")
    used, rows = [], []
    for r, (label, row) in enumerate(zip(labels, grid), start=1):
        figures = []
        for k, cell in enumerate(row):
            what = f"row {r} {'KGI' if k == 0 else f'KPI {k}'}"
            if excel_error(cell):
                raise InputError(f"{what} holds the Excel error {excel_error(cell)}")
            try:
                figures.append(amount(cell))
            except InputError as error:
                raise InputError(f"{what}: {error}") from None
        if label is None:
            if any(f is not None for f in figures):
                raise InputError(f"row {r} has figures but no period; write its period "
                                 f"(e.g. {PERIOD_EXAMPLES})")
            continue
        used.append(label)
        rows.append(tuple(figures))
    return ReviewLog(tuple(ordered_periods(used)), tuple(rows))


def kpi_target(cell: Any, what: str) -> float | None:
    """A KGI/KPI target from the cover: a number, numeric text (1,234; 80%), None for a
    blank; text that is no number (10兆5,000億円) an InputError naming it."""
    if is_blank(cell):
        return None
    if excel_error(cell):
        raise InputError(f"{what} holds the Excel error {excel_error(cell)}")
    text = normalize(cell) if isinstance(cell, str) else cell
    try:
        if isinstance(text, str) and text.endswith("%"):
            found = amount(text[:-1])
            return None if found is None else found / 100
        return amount(text)
    except InputError:
        raise InputError(f"{what} {shown(cell)} is not a number; type the target as a "
                         "number (or 80%) to measure achievement") from None
