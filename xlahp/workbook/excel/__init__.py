"""Excel-exact implementations of worksheet functions ``formualizer`` gets wrong.

Each module holds one family — :mod:`.conditional` (COUNTIF(S), SUMIF(S),
AVERAGEIF(S)), :mod:`.lookup` (XLOOKUP, XMATCH), :mod:`.dates`, :mod:`.financial`, :mod:`.arrays` (one-value
functions over arrays) —
with the rules it follows cited from Microsoft's function reference and the
Excel-saved cells of IronCalc's suite (``tests/corpus/ironcalc``) that pin them.
Each lists its ``OVERRIDES`` (name → function, least and most arguments), which
:func:`register` binds into a workbook over the engine's own; :func:`rewrite` hands
the engine the few forms that need a hidden argument or a routed name.
"""

from __future__ import annotations

from typing import Any, Callable

from xlahp.workbook.excel import arrays, conditional, dates, financial, lookup
from xlahp.workbook.excel.values import Error, ExcelErrorValue, ExcelValueError

MODULES = (conditional, lookup, dates, financial, arrays)


def _engine_value(value: Any, error: Callable[[str], Any]) -> Any:
    if isinstance(value, Error):
        return error(value.kind)
    if isinstance(value, list):
        return [[_engine_value(v, error) for v in row] for row in value]
    return value


def excel(func: Callable[..., Any], error: Callable[[str], Any]) -> Callable[..., Any]:
    """``func`` as the engine calls it: an Excel error raised becomes the engine's."""

    def call(*args: Any) -> Any:
        try:
            return _engine_value(func(*args), error)
        except ExcelErrorValue as carried:
            return error(carried.kind)
        except ZeroDivisionError:
            return error("Div")
        except (ExcelValueError, OverflowError):
            return error("Value")

    return call


def register(book: Any, error: Callable[[str], Any]) -> None:
    """Bind every override into a ``formualizer`` workbook; ``error(kind)`` makes the
    engine's error value of a kind ("Num", "Div" …)."""
    for module in MODULES:
        for name, (func, least, most) in module.OVERRIDES.items():
            book.register_function(name, excel(func, error), min_args=least, max_args=most,
                                   allow_override_builtin=not name.startswith("_XLAHP."))


def rewrite(formula: str, spills: bool = True) -> str:
    """``formula`` in the form the overrides take (see each module's ``rewrite``);
    ``spills``: the cell is a dynamic or array formula, not a legacy one."""
    return arrays.rewrite(lookup.rewrite(conditional.rewrite(formula)), spills)
