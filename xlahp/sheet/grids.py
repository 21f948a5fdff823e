"""Ranges as hosts pass them, and results cached by a range's content.

Excel hands a range to Python as rows of cell values; xlwings passes a
single cell as a scalar and a one-row range sometimes as a flat list.
:func:`as_grid` makes all of them rows.  A workbook hands the *same* range to
many cells (25 matrix cells read one questionnaire, 42 indicators one
statement), so :func:`by_content` caches a reader's result by the content of
its arguments — cell types included, so that TRUE never passes for 1.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any, Callable, TypeVar

import numpy as np

from xlahp.errors import XlahpError

Grid = list[list[Any]]
CACHE_SIZE = 512  # distinct ranges remembered per reader
F = TypeVar("F", bound=Callable[..., Any])


def as_grid(cells: Any, what: str = "matrix") -> Grid:
    """Rows of cells from what a host passes: 2-D list, 1-D list, scalar, array."""
    if isinstance(cells, np.ndarray):
        cells = cells.tolist()
    if not isinstance(cells, (list, tuple)):
        return [[cells]]
    if not cells:
        raise XlahpError(f"{what} is empty")
    if not all(isinstance(row, (list, tuple)) for row in cells):
        return [list(cells)]
    widths = {len(row) for row in cells}
    if len(widths) != 1:
        raise XlahpError(f"{what} rows have different lengths {sorted(widths)}")
    if widths == {0}:
        raise XlahpError(f"{what} is empty")
    return [list(row) for row in cells]


def is_blank(cell: Any) -> bool:
    """An empty cell as hosts pass it: None, or text of only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def flat(cells: Any, what: str) -> list[Any]:
    """A single row or column of cells as a list, blank cells as None."""
    grid = as_grid(cells, what)
    if len(grid) > 1 and len(grid[0]) > 1:
        raise XlahpError(f"{what} is {len(grid)}×{len(grid[0])}; give one row or one column")
    return [None if is_blank(c) else c for row in grid for c in row]


def _key(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):  # rows: the common case, inlined
            return tuple(tuple([(type(c), c) for c in row]) for row in value)
        return tuple(_key(v) for v in value)
    return (type(value), value)


def by_content(reader: F) -> F:
    """Cache *reader*'s results by the content of its arguments (512 most recent).

    The results are shared between callers: readers return immutable values,
    or values their callers only read.  Errors are not cached.
    """
    cache: OrderedDict[Any, Any] = OrderedDict()

    @functools.wraps(reader)
    def read(*args: Any, **kwargs: Any) -> Any:
        key = (tuple(_key(a) for a in args),
               tuple((k, _key(v)) for k, v in sorted(kwargs.items())))
        try:
            result = cache[key]
        except TypeError:  # an unhashable cell: read uncached, to report it
            return reader(*args, **kwargs)
        except KeyError:
            result = cache[key] = reader(*args, **kwargs)
            if len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return result

    read.cache_clear = cache.clear  # type: ignore[attr-defined]
    return read  # type: ignore[return-value]
