"""Loading a workbook into the engine: its configuration (bounds, iteration), the bytes
the safety check looked at, our worksheet functions and Excel's where the engine lacks
or differs from them (:mod:`xlahp.workbook.excel_functions`, registered in
:func:`register_excel_functions`, the one place they are bound).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import formualizer as fz

from xlahp.errors import RefusedFile, XlahpError, one_line
from xlahp.workbook import excel_functions
from xlahp.workbook.engine.book import Messages
from xlahp.workbook.engine.convert import to_argument, to_engine
from xlahp.workbook.package import Package
from xlahp.workbook.values import CalcSettings


WorksheetCallable = Callable[..., Any]


#: Prefixes under which a function name may be stored in a saved workbook.
SPELLINGS = ("{}", "_XLUDF.{}", "_XLDUDF_{}",
             # under xlwings Server's default namespace XLWINGS (=XLWINGS.AHP_CR(…)), as typed
             # and as an Office.js add-in saves it (dots of the namespace as underscores)
             "XLWINGS.{}", "_XLUDF.XLWINGS.{}", "_XLDUDF_XLWINGS_{}", "_XLDUDF_XLWINGS.{}")


#: Longest evaluation of one workbook.  An alliance workbook takes milliseconds
#: and the largest real AHP calculators we tried under a second; a formula that
#: grows without bound (an outer product over whole columns) is stopped here
#: and its cells keep Excel's values.
MAX_EVAL_MS = 60_000


#: Most cells one range or array may expand to inside a formula (a whole column
#: is 1,048,576 cells; 16 whole columns fit).  Beyond it the engine reports the
#: cell instead of allocating the array.
MAX_ARRAY_CELLS = 16 * 2**20


#: Deepest XML nesting read.  Excel nests extension lists (extLst) of charts and
#: conditional formats past the 256 levels XML parsers allow by default; sizes and
#: DTDs are bounded before any parser runs (:mod:`xlahp.workbook.safety`).
MAX_XML_DEPTH = 4096


def load(package: Package, settings: CalcSettings, functions: Mapping[str, WorksheetCallable],
         messages: Messages) -> fz.Workbook:
    """The engine's workbook of *package* with *functions* (Excel name → callable) bound."""
    config = fz.EvaluationConfig()
    config.cycle_detection = "runtime"  # a loop is a loop only when it is followed
    config.date_system = "1904" if settings.date1904 else "1900"
    if settings.iterate:
        config.cycle_policy = "iterate"
        config.iterate_max_iterations = max(1, settings.iterate_count)
        config.iterate_max_change = settings.iterate_delta
    config.max_eval_time_ms = MAX_EVAL_MS
    config.range_expansion_limit = MAX_ARRAY_CELLS
    config.enable_parallel = False  # our callbacks run in Python; one thread is faster here
    try:
        # the bytes the safety check read (not the path again: a file name that is not
        # UTF-8 — a folder copied from an old Japanese Windows share, say — is still a
        # workbook, and a file changed since is not what was checked)
        book = fz.Workbook.from_bytes(package.data,
                                      config=fz.WorkbookConfig(eval_config=config),
                                      load_limits={"max_xml_depth": MAX_XML_DEPTH})
    except Exception as error:  # noqa: BLE001 — whatever the reader trips over: one line
        raise RefusedFile(f"{package.path}: the formula engine cannot read this workbook "
                          f"({type(error).__name__}: {one_line(error)})") from error
    clash = []
    for name, func in functions.items():
        wrapped = _wrap(name.upper(), func, messages, settings.date1904)
        for spelling in SPELLINGS:
            try:
                book.register_function(spelling.format(name.upper()), wrapped)
            except RuntimeError:  # the engine refuses to shadow a built-in function
                clash.append(spelling.format(name.upper()))
    if clash:
        raise ValueError(f"custom function names clash with built-in functions: {clash}")
    register_excel_functions(book, settings.date1904)
    return book


#: Functions that read a serial number as a calendar date.  Excel-exact overrides of them
#: count on Excel's 1900 calendar; in a workbook of the 1904 date system they are taken
#: out again, and the engine's own, which counts in the workbook's system, applies.
CALENDAR_FUNCTIONS = frozenset({
    "DATE", "DATEDIF", "DATEVALUE", "DAY", "DAYS", "DAYS360", "EDATE", "EOMONTH", "MONTH",
    "NETWORKDAYS", "NETWORKDAYS.INTL", "TEXT", "WEEKDAY", "WEEKNUM", "WORKDAY", "WORKDAY.INTL",
    "YEAR", "YEARFRAC", "ISOWEEKNUM", "COUPDAYBS", "COUPDAYS", "COUPDAYSNC", "COUPNCD",
    "COUPNUM", "COUPPCD", "XNPV", "XIRR", "PRICE", "YIELD", "ACCRINT"})


def register_excel_functions(book: fz.Workbook, date1904: bool = False) -> None:
    """Excel's own functions where the engine lacks or differs from them, bound into
    *book*: the one place :mod:`xlahp.workbook.excel_functions` meets the engine (its
    ``register`` takes the engine's workbook and a maker of error values)."""
    registered: list[str] = []

    class Recording:  # the engine's workbook, noting what is registered
        def register_function(self, name: str, *args: Any, **options: Any) -> None:
            registered.append(name.upper())
            book.register_function(name, *args, **options)

    excel_functions.register(Recording(), lambda kind: fz.LiteralValue.error(kind, None))
    if date1904:
        for name in set(registered) & CALENDAR_FUNCTIONS:
            book.unregister_function(name)


def _wrap(name: str, func: WorksheetCallable, messages: Messages,
          date1904: bool) -> Callable[..., Any]:
    """``func`` as the engine calls it: arguments in the xlwings shape, its refusal
    kept as the last message (the engine shows #VALUE!).  Our functions are pure, so a
    call with the arguments of an earlier one in the same workbook (``INDEX(AHP_MATRIX(…),
    i, j)`` in every cell of a matrix) gives that call's outcome again, uncomputed."""
    done: dict[tuple, tuple[Any, str | None]] = {}

    def call(*args: Any) -> Any:
        given = [to_argument(a, date1904) for a in args]
        key = _frozen(given)
        if key in done:
            result, message = done[key]
            if message is not None:
                messages.last = message
            return result
        try:
            result, message = to_engine(func(*given)), None
        except Exception as ex:  # an error value, which ISERROR and IFERROR see as Excel does
            message = str(ex) if isinstance(ex, XlahpError) else (
                f"{name}: internal error ({type(ex).__name__}: {one_line(ex)})")
            messages.last = message
            result = fz.LiteralValue.error("Value", message)
        if key is not None:
            done[key] = (result, message)
        return result

    return call


def _frozen(arguments: list[Any]) -> tuple | None:
    """The arguments as a key, each value with its type (TRUE is not 1); None where one
    is not a plain cell value."""
    key = []
    for value in arguments:
        if isinstance(value, list):
            value = tuple(tuple((v.__class__, v) for v in row) for row in value)
        key.append((value.__class__, value))
    try:
        hash(tuple(key))
    except TypeError:
        return None
    return tuple(key)
