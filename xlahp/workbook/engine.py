"""Headless workbook engine: every formula of a workbook evaluated without Excel.

The formula engine is the ``formulas`` package (EUPL, used unmodified). Our
worksheet functions are bound into it by their Excel names, so a template's
``=INDEX(AHP_WEIGHTS(B2:F6),1)`` computes here the same number Excel shows.

A worksheet function is a plain callable with the xlwings contract: a range
arrives as a 2-D list of rows (None for a blank cell, str, float, bool, error
values as strings such as ``"#N/A"``), a single cell as a scalar, an omitted
trailing argument not at all (so the Python default applies). It returns a
scalar or a 2-D list. An exception becomes ``#VALUE!`` in the cell and its
message is kept per cell (:class:`CellProblem`) for the command line.

Each function is bound under three spellings, because that is how the name
can reach a saved workbook:

- ``AHP_WEIGHTS`` — typed in a workbook whose VBA project holds the classic
  xlwings UDF stubs;
- ``_xludf.AHP_WEIGHTS`` — Excel's marker for a function it did not know when
  the formula was entered (add-in not loaded);
- ``_xldudf_AHP_WEIGHTS`` — how Excel stores an Office.js custom function
  (xlwings Server / xlwings Lite without a namespace).

Known limits of ``formulas`` 1.3.4 that matter here:

- an empty middle argument (``F(a,,c)``) arrives as 0, not as omitted;
- a sheet name containing an apostrophe breaks every reference to that sheet,
  so such a workbook is refused with a message instead of giving #REF!;
- the workbook is read from a private copy named ``workbook.xlsx`` (file names
  with ``[``, ``]`` or ``'`` break its references);
- a formula it cannot parse (structured references such as ``Table1[Col]``,
  for one) would stop the whole workbook; here that cell alone shows #NAME?
  and its problem says why.

Links to other workbooks are never followed — ``formulas`` would open any
.xlsx a formula or an externalLink part names, relative paths escaping the
private folder included.  A formula referring to another workbook
(``[1]Sheet1!A1``, ``'C:\\dir\\[other.xlsx]Sheet'!A1``) shows #REF! with a
problem saying so, and the model refuses to open any workbook but its own
(:class:`_OwnBookModel`), so a defined name pointing elsewhere gives #REF! too.
Macros are never run: nothing here executes VBA.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import math
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import formulas
import numpy as np
from formulas.cell import CELL, Ref
from formulas.errors import FormulaError
from formulas.excel import BOOK
from formulas.functions import Array, get_functions, is_not_empty, not_implemented
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError
from openpyxl.utils import get_column_letter

from xlahp.workbook.cached_values import CellValue, ExcelError
from xlahp.errors import XlahpError, one_line

WorksheetCallable = Callable[..., Any]

#: Prefixes under which a function name may be stored in a saved workbook.
SPELLINGS = ("{}", "_XLUDF.{}", "_XLDUDF_{}")

#: The refusals of the evaluation under way: calling cell → message.
_RAISED: contextvars.ContextVar[dict[tuple[str, str], str]] = contextvars.ContextVar("raised")
#: Compiled formula cells, most recently used last (see _OwnBookModel._compile_cell).
_COMPILED: OrderedDict[tuple, Any] = OrderedDict()
COMPILED_CELLS = 50_000

# formulas keeps one global function table; bindings are swapped in and out
# of it under this lock so that two evaluations never see each other's names.
_TABLE_LOCK = threading.Lock()
_PRIVATE_NAME = "workbook"


@dataclass(frozen=True)
class CellProblem:
    """Why one formula cell shows an error: the message a worksheet function raised."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"


@dataclass(frozen=True)
class Evaluation:
    """The computed value of every formula cell, and the problems met.

    ``values`` maps ``(sheet name, "B9")`` to the value; each cell of an array
    formula's range has its own entry.
    """

    values: dict[tuple[str, str], CellValue]
    problems: list[CellProblem]
    #: The workbook as the engine read it (openpyxl's objects: formulas as text,
    #: constants, defined names), for reading anything else without a second parse.
    book: Any = None


def evaluate(path: str | Path, functions: Mapping[str, WorksheetCallable]) -> Evaluation:
    """Evaluate every formula of the .xlsx/.xlsm at ``path``; the file is only read.

    ``functions`` maps an Excel function name (e.g. ``"AHP_WEIGHTS"``) to its
    Python callable. A name that is also a built-in Excel function is refused.
    """
    raised: dict[tuple[str, str], str] = {}
    bindings = {
        spelling.format(name.upper()): _bound_function(name.upper(), func)
        for name, func in functions.items()
        for spelling in SPELLINGS
    }
    # compiled formulas may be shared between evaluations with the same bindings
    token = tuple(sorted((name, id(bound["function"])) for name, bound in bindings.items()))
    recording = _RAISED.set(raised)
    try:
        with _functions_bound(bindings):
            model, sheet_names = _load(Path(path), raised, token)
        try:
            solution = model.calculate()
        except Exception as error:  # a failure inside formulas: one line, not a traceback
            raise XlahpError(f"{path}: the formula engine failed "
                             f"({type(error).__name__}: {one_line(error)})") from error
    finally:
        _RAISED.reset(recording)

    real_name = {name.upper(): name for name in sheet_names}
    values: dict[tuple[str, str], CellValue] = {}
    for corner, output in _formula_cells(model):
        result = solution.get(output)
        if result is None:  # formulas failed inside one of its own functions
            raised.setdefault((corner["sheet"], _address(corner)), "could not be evaluated")
            shape = (int(corner["r2"]) - int(corner["r1"]) + 1, corner["n2"] - corner["n1"] + 1)
            grid = np.full(shape, Error.errors["#VALUE!"], dtype=object)
        else:
            grid = np.atleast_2d(np.asarray(result.value, dtype=object))
        for (i, j), value in np.ndenumerate(grid):
            ref = f"{get_column_letter(corner['n1'] + j)}{int(corner['r1']) + i}"
            values[(real_name[corner["sheet"]], ref)] = _cached(value)

    order = {name: i for i, name in enumerate(sheet_names)}
    # a refusal counts only where its cell shows an error: formulas evaluates both
    # branches of IF, and a refusal in the branch not taken is no problem
    problems = sorted(
        (CellProblem(real_name[sheet], cell, message) for (sheet, cell), message in raised.items()
         if isinstance(values.get((real_name[sheet], cell)), ExcelError)),
        key=lambda p: (order[p.sheet], _row_column(p.cell)),
    )
    (book,) = (data[BOOK] for data in model.books.values())
    return Evaluation(values, problems, book)


def _load(source: Path, notes: dict[tuple[str, str], str], token: tuple
          ) -> tuple[formulas.ExcelModel, list[str]]:
    """The compiled model of a private copy of ``source``, and its sheet names.

    Cells the model could not take as they are get a note in ``notes``.
    """
    with tempfile.TemporaryDirectory(prefix="xlahp-") as folder:
        private = Path(folder) / f"{_PRIVATE_NAME}{source.suffix.lower()}"
        shutil.copyfile(source, private)
        model = _OwnBookModel(notes, token)
        try:
            model.loads(str(private))
            sheet_names = _sheet_names(model)
            with contextlib.redirect_stderr(io.StringIO()):  # silences its tqdm progress bar
                model.finish()
        except XlahpError:
            raise
        except Exception as error:  # openpyxl or formulas choking on the file
            raise XlahpError(f"{source}: the formula engine cannot read this workbook "
                             f"({type(error).__name__}: {one_line(error)})") from error
    return model, sheet_names


#: A reference into another workbook, outside string literals: a quoted sheet
#: name holding [book] (sheet names cannot contain brackets), or [book]Sheet!
#: / [1]!Name not preceded by a name (Table1[Col] is a structured reference).
_EXTERNAL = re.compile(r"'(?:[^'\[]|'')*\[[^\]]*\](?:[^']|'')*'!"
                       r"|(?<![\w.\]])\[[^\[\]]+\][\w.]*!")
_STRING = re.compile(r'"(?:[^"]|"")*"')


def _external_reference(formula: str) -> str | None:
    """The first reference to another workbook in a formula, or None."""
    found = _EXTERNAL.search(_STRING.sub('""', formula))
    return found.group(0) if found else None


class _OwnBookModel(formulas.ExcelModel):
    """``formulas``' model, kept to the one workbook it was given.

    - It opens no other workbook: ``formulas`` would load any file a formula,
      a defined name or an externalLink part names (see the module docstring);
      refused here, such a reference evaluates to #REF!.
    - A formula referring to another workbook is compiled as ``=#REF!``, and a
      formula ``formulas`` cannot parse as ``=#NAME?``; both get a note.
    """

    def __init__(self, notes: dict[tuple[str, str], str], token: tuple = ()) -> None:
        super().__init__()
        self._notes = notes
        self._token = token
        self._names: tuple[Any, tuple] = (None, ())  # defined names, and as a cache key
        self._own: Path | None = None

    def _compile_cell(self, crd, val, context, check_formula, references):
        """A formula compiled once per process: portfolio workbooks are copies of one
        template, and compiling is most of a workbook's load time.  The key holds all
        that the compiled cell depends on — its address, formula, sheet and book
        name (always the private copy's), the defined names with what they refer
        to, and the bound functions."""
        if not (check_formula and isinstance(val, str) and val.startswith("=")):
            return formulas.ExcelModel._compile_cell(crd, val, context, check_formula,
                                                     references)
        if references is not self._names[0]:  # the same dict for a whole sheet
            self._names = (references, tuple(sorted(
                (name, repr(target)) for name, target in (references or {}).items())))
        key = (self._token, crd, val, context.get("sheet"), context.get("filename"),
               self._names[1])
        cell = _COMPILED.get(key)
        if cell is None:
            cell = formulas.ExcelModel._compile_cell(crd, val, context, check_formula,
                                                     references)
            if cell.inputs:  # one without inputs is computed once, and its refusal with it
                _COMPILED[key] = cell
                if len(_COMPILED) > COMPILED_CELLS:
                    _COMPILED.popitem(last=False)
        return cell

    def add_book(self, book=None, context=None, data_only=False):
        if self._own is None:
            self._own = Path(book).resolve()
        elif not isinstance(book, str) or Path(self.basedir, book).resolve() != self._own:
            raise LookupError(f"{book}: links to other workbooks are not followed")
        return super().add_book(book, context, data_only)

    def compile_cell(self, cell, context, references, formula_references):
        formula = cell.value if cell.data_type == "f" else None
        text = formula if isinstance(formula, str) else getattr(formula, "text", None)
        if not text:
            return super().compile_cell(cell, context, references, formula_references)
        where = formula_references.get(cell.coordinate, cell.coordinate)
        key = (context["sheet"], where.split(":")[0])
        link = _external_reference(text)
        if link:
            self._notes.setdefault(key, f"{one_line(link, 60)} refers to another workbook; "
                                        "xlahp does not follow links to other workbooks")
            return self._compile_cell(where, "=#REF!", context, True, references)
        try:
            return super().compile_cell(cell, context, references, formula_references)
        except FormulaError as error:
            self._notes.setdefault(key, f"the formula {one_line(text, 60)} cannot be "
                                        f"evaluated headless ({one_line(error)})")
            return self._compile_cell(where, "=#NAME?", context, True, references)


def _formula_cells(model: formulas.ExcelModel) -> Iterator[tuple[dict[str, Any], str]]:
    """(range of the cell or array formula, solution key) for each formula of our workbook."""
    for cell in model.cells.values():
        if isinstance(cell, Ref) or cell.func is None:
            continue  # a defined name, or a constant
        corner = cell.range.ranges[0]
        if corner.get("filename", "").upper().startswith(_PRIVATE_NAME.upper() + "."):
            yield corner, cell.output


@contextlib.contextmanager
def _functions_bound(bindings: Mapping[str, Any]) -> Iterator[None]:
    """Put ``bindings`` into formulas' function table while workbooks are parsed."""
    table = get_functions()
    with _TABLE_LOCK:
        taken = sorted(n for n in bindings if table.get(n, not_implemented) is not not_implemented)
        if taken:
            raise ValueError(f"custom function names clash with built-in functions: {taken}")
        table.update(bindings)
        try:
            yield
        finally:
            for name in bindings:
                table.pop(name, None)


@functools.lru_cache(maxsize=None)
def _bound_function(name: str, func: WorksheetCallable) -> dict[str, Any]:
    """``func`` wrapped as a formulas function that also receives the calling cell;
    one wrapper per function, so that compiled formulas can be reused.  What a
    function refuses is recorded in the current evaluation's :data:`_RAISED`."""

    def call(cell: Ranges, *args: Any) -> Array:
        try:
            return _to_engine(func(*map(_to_argument, args)))
        except Exception as ex:  # every failure is shown in the cell, never raised
            message = str(ex) if isinstance(ex, XlahpError) else (
                f"{name}: internal error ({type(ex).__name__}: {ex})"
            )
            corner = cell.ranges[0]
            _RAISED.get().setdefault((corner["sheet"], _address(corner)), message)
            return np.asarray([[Error.errors["#VALUE!"]]], object).view(Array)

    # ROW() and COLUMN() get their cell the same way: an extra CELL input.
    return {"extra_inputs": {CELL: None}, "function": call}


def _to_argument(value: Any) -> Any:
    """A formulas argument as xlwings passes it: a scalar or a 2-D list of rows."""
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        grid = np.atleast_2d(value)
        if grid.shape == (1, 1):
            return _to_cell(grid[0, 0])
        return [[_to_cell(v) for v in row] for row in grid.tolist()]
    return _to_cell(value)


def _to_cell(value: Any) -> Any:
    """One cell value: None for blank, error values as their text, numbers as float."""
    if not is_not_empty(value) or value is None:
        return None
    if isinstance(value, XlError):
        return str.__str__(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.number)):
        return float(value)
    return value


def _to_engine(result: Any) -> Array:
    """A function's result as an array formulas can INDEX into (1×1 for a scalar).

    As in xlwings, None becomes empty text. A non-finite number becomes #NUM!.
    A 2-D result in a single, non-array cell shows its top-left value, as in
    Excel before dynamic arrays.
    """
    rows = result if isinstance(result, (list, tuple, np.ndarray)) else [[result]]
    grid = np.array(rows, dtype=object)
    if grid.ndim == 1:
        grid = grid[np.newaxis, :]
    if grid.ndim != 2 or grid.size == 0:
        raise TypeError(f"result must be a scalar or a non-empty 2-D list, not {result!r}")
    out = np.empty(grid.shape, dtype=object)
    for index, value in np.ndenumerate(grid):
        out[index] = _result_cell(value)
    return out.view(Array)


def _result_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.number)):
        number = float(value)
        return number if math.isfinite(number) else Error.errors["#NUM!"]
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"unsupported value in result: {value!r}")


def _cached(value: Any) -> CellValue:
    """A computed value in the types the cached-value writer accepts."""
    if not is_not_empty(value) or value is None:
        return None
    if isinstance(value, XlError):
        code = str.__str__(value)
        return ExcelError(code if code in ExcelError.CODES else "#VALUE!")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return ExcelError("#NUM!")
    return value


def _sheet_names(model: formulas.ExcelModel) -> list[str]:
    """The loaded workbook's sheet names; refuses names formulas cannot reference."""
    (book,) = (data[BOOK] for data in model.books.values())
    names = list(book.sheetnames)
    for name in names:
        if "'" in name:
            raise XlahpError(
                f"sheet {name!r}: a sheet name with an apostrophe cannot be evaluated "
                "headless; rename the sheet"
            )
    return names


def _address(corner: Mapping[str, Any]) -> str:
    return f"{corner['c1']}{corner['r1']}"


def _row_column(address: str) -> tuple[int, str]:
    letters = address.rstrip("0123456789")
    return int(address[len(letters):]), letters.rjust(3)
