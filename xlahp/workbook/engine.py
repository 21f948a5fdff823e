"""Headless workbook engine: the formulas of a workbook evaluated without Excel.

The formula engine is ``formualizer`` (a maintained spreadsheet engine in Rust,
used unmodified).  It evaluates lazily as Excel does — IF, IFS, IFERROR, CHOOSE,
AND and OR follow only the branch taken, so a loop through a branch not taken
is no loop; a loop that is followed is a circular reference, iterated when the
workbook enables iterative calculation (``calcPr iterate``) — and knows INDIRECT,
OFFSET, structured references (``Table1[Col]``), the cached values of links to
other workbooks (it never opens the linked file) and dynamic arrays with
#SPILL!.  Our worksheet functions are registered by their Excel names.

**Nothing lost, nothing falsified.**  A workbook saved by Excel (or LibreOffice)
carries a value for every formula.  Those values are Excel's, and stay, except
where they cannot be right:

- cells that call an xlahp function (Excel without the add-in caches #NAME?),
- formula cells with no cached value (a file written by a tool that computes
  nothing, such as our templates), and
- the cells that depend on either, when one of those changed.

Only those are evaluated (:data:`Evaluation.values`); every other formula cell
is fed to the engine as the constant Excel computed.  Where the engine cannot
compute a cell the way Excel would — a function it lacks, a circular reference
Excel resolved, an evaluation bound reached — the cell keeps Excel's value and
is listed in :data:`Evaluation.kept` with the reason.  An error is an error
value (:class:`ExcelError`), never text.

**One bad cell never sinks a workbook.**  A formula the engine cannot parse, or
whose reference it cannot resolve (another workbook's, stored with no link
values), is taken out of the evaluation alone: it keeps Excel's value where one
was saved and is otherwise that cell's error with the reason; every other cell is
computed.  Only a file the engine cannot read at all fails as a whole.

A worksheet function is a plain callable with the xlwings contract: a range
arrives as a 2-D list of rows (None for a blank cell, error values as strings
such as ``"#N/A"``), a single cell as a scalar, an omitted trailing argument not
at all.  It returns a scalar or a 2-D list.  An exception becomes #VALUE! in the
cell, and its message is recovered per cell (:class:`CellProblem`).

Each function is registered under the spellings a saved workbook may hold:
``AHP_WEIGHTS`` (classic xlwings VBA stubs), ``_xludf.AHP_WEIGHTS`` (Excel's
marker for a function it did not know when the formula was typed),
``_xldudf_AHP_WEIGHTS`` (an Office.js custom function, xlwings Server/Lite, no
namespace) and the same under xlwings' default namespace (``XLWINGS.AHP_WEIGHTS``,
``_xldudf_XLWINGS_AHP_WEIGHTS``).

An empty middle argument (``F(a,,c)``) follows Excel's rule for the function
(:mod:`.empty_arguments`); to a worksheet function of ours it arrives as 0.
Macros are never run: nothing here executes VBA.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import formualizer as fz

from xlahp.errors import XlahpError, one_line
from xlahp.workbook import empty_arguments, excel_functions
from xlahp.workbook.addresses import bounds, cells as range_cells, row_col as _row_col
from xlahp.workbook.findings import CellProblem, KeptValue
from xlahp.workbook.formula_text import without_strings
from xlahp.workbook.links import external_names, rewrite as rewrite_linked_names
from xlahp.workbook.tables import StructuredReferenceError, rewrite as rewrite_tables
from xlahp.workbook.cached_values import (CalcSettings, CellValue, ExcelError, FormulaCell,
                                          read_formula_cells, read_tables)

WorksheetCallable = Callable[..., Any]
Key = tuple[str, str]  # (sheet name, "B9")

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

#: Longest text a cell holds: Excel's limit (Microsoft, "Excel specifications and
#: limits"); a longer result is #VALUE! in Excel, and so here.
MAX_TEXT = 32_767

#: The engine's error kinds → Excel's error values.  Kinds not listed (a
#: circular reference, a function the engine lacks, a cancelled evaluation)
#: are not values Excel would show: such a cell keeps Excel's value.
_CODES = {"Div": "#DIV/0!", "Value": "#VALUE!", "Ref": "#REF!", "Name": "#NAME?",
          "Num": "#NUM!", "Na": "#N/A", "NA": "#N/A", "Null": "#NULL!", "Spill": "#SPILL!",
          "Calc": "#CALC!", "GettingData": "#GETTING_DATA"}
_KINDS = {code: kind for kind, code in _CODES.items()}
_WHY_NOT = {"Circ": "a circular reference", "NImpl": "a function the engine does not implement",
            "Cancelled": "the evaluation bound was reached"}
#: A function call in a formula (outside string literals: see :func:`called_names`).
_CALL = re.compile(r"(?<![\w.])((?:_XLUDF\.|_XLDUDF_|_XLFN\.|_XLWS\.)?[A-Z][A-Z0-9_.]*)\s*\(", re.I)
_PREFIX = re.compile(r"^(?:_XLUDF\.|_XLDUDF_)?(?:XLWINGS[._])?", re.I)


@dataclass
class Evaluation:
    """What evaluating a workbook found.

    ``values`` — the value of each cell computed here (written into the copy);
    ``formulas`` — every formula cell of the file with its cached value;
    ``kept`` — cells that keep Excel's value although they were due, and why;
    ``problems`` — cells showing an error, root causes first.
    """

    values: dict[Key, CellValue]
    formulas: dict[Key, FormulaCell]
    kept: list[KeptValue]
    problems: list[CellProblem]
    book: Any = field(default=None, repr=False)  # the engine's workbook, for reading constants
    #: the functions each formula cell calls (a shared formula's followers: their leader's)
    calls: Mapping[Key, set[str]] = field(default_factory=dict, repr=False)

    def value(self, sheet: str, ref: str) -> CellValue:
        """The value a viewer of the written copy sees in any cell."""
        key = (sheet, ref)
        if key in self.values:
            return self.values[key]
        if key in self.formulas:
            return self.formulas[key].cached
        row, col = _row_col(ref)
        return _cell_value(self.book.get_value(sheet, row, col)) if self.book else None


def evaluate(path: str | Path, functions: Mapping[str, WorksheetCallable],
             recalculate: bool = False) -> Evaluation:
    """Evaluate the .xlsx/.xlsm at ``path`` (only read) with ``functions`` — Excel
    name → callable — bound.  See the module docstring for what is computed.

    With ``recalculate``, every formula is computed, as Excel's full recalculation
    (Ctrl+Alt+F9) does; a cell whose inputs are as Excel last computed them and
    whose value the engine gives differently still keeps Excel's value, listed in
    :data:`Evaluation.kept` — the way to see where the engine and Excel differ."""
    path = Path(path)
    try:
        formulas, settings = read_formula_cells(path)
    except XlahpError:
        raise
    except Exception as error:  # a package the reader chokes on: one line
        raise XlahpError(f"{path}: cannot read the workbook's formulas "
                         f"({type(error).__name__}: {one_line(error)})") from error
    ours = {name.upper() for name in functions}
    calls = {key: called_names(_text(formulas, key)) for key in formulas}
    own = {key for key, names in calls.items() if names & ours}
    uncached = {key for key, cell in formulas.items() if not cell.has_cache}
    messages = _Messages()
    book = _load(path, settings, functions, messages)
    if not own and not uncached and not recalculate:  # everything is as Excel computed it
        return Evaluation({}, formulas, [], [], book, calls)
    what_if = {key for key, cell in formulas.items() if cell.what_if}
    for key in sorted(what_if & uncached, key=_order(formulas)):
        messages.problems.append(CellProblem(*key, "a what-if data table is computed only by "
                                                   "Excel (Data ▸ What-If Analysis); open the "
                                                   "workbook in Excel to fill it"))
    due = (set(formulas) if recalculate else own | uncached) - what_if
    if len(due) < len(formulas):
        due = (due | _dependents(book, due, formulas)) - what_if
        due |= {k for k, c in formulas.items() if c.area and c.leader in due}  # an array's range
        _pin(book, {k: c for k, c in formulas.items() if k not in due and c.leader not in due})
    due_cells = {k: c for k, c in formulas.items() if k in due}
    texts = _engine_formulas(book, due_cells, read_tables(path), external_names(path),
                             messages)
    _legacy_arrays(book, due_cells, texts, messages)
    _evaluate_all(path, book, due_cells, texts, messages)
    if _implicit_intersection(book, due_cells, texts, messages):
        _evaluate_all(path, book, due_cells, texts, messages)

    changed = any(not _same(_engine_value(book, k), formulas[k].cached) for k in own)
    values, kept = _outcome(book, sorted(due, key=_order(formulas)), formulas, own,
                            trusted=set() if changed else due - own - uncached, messages=messages)

    problems = _problems(book, values, formulas, own, ours, messages)
    return Evaluation(values, formulas, kept, problems, book, calls)


def _outcome(book: fz.Workbook, due: list[Key], formulas: Mapping[Key, FormulaCell],
             own: set[Key], trusted: set[Key], messages: _Messages
             ) -> tuple[dict[Key, CellValue], list[KeptValue]]:
    """What each due cell shows in the copy: the engine's value, or Excel's kept.
    ``trusted``: cells whose inputs are as Excel computed them, where Excel's value
    stands whatever the engine says (a difference is listed)."""
    values: dict[Key, CellValue] = {}
    kept: list[KeptValue] = []
    for key in due:
        cell = formulas[key]
        text = _text(formulas, key) or ""
        if key in messages.broken:  # the engine could not take it: this cell alone
            code, reason = messages.broken[key]
            if cell.has_cache:
                kept.append(KeptValue(*key, text, reason))
            else:
                values[key] = code
                messages.problems.append(CellProblem(*key, reason))
            continue
        raw = book.get_value(key[0], *_row_col(key[1]))
        kind = _kind(raw)
        if kind == "Error":  # the engine could not parse it
            if cell.has_cache:
                kept.append(KeptValue(*key, text, "the engine cannot parse the formula"))
            else:
                values[key] = ExcelError("#NAME?")
                messages.problems.append(CellProblem(
                    *key, f"the formula {one_line(text, 60)} cannot be evaluated "
                          "(it does not parse)"))
            continue
        if cell.area and kind == "Ref" and _kind(
                book.get_value(key[0], *_row_col(cell.leader[1] if cell.leader else key[1]))) != "Ref":
            # beyond the result: Excel's #N/A in a legacy array's range, a blank in a spill's
            raw, kind = ((None, None) if cell.dynamic else ({"type": "Error", "kind": "Na"}, "Na"))
        if kind is not None and kind not in _CODES:
            reason = _WHY_NOT.get(kind, f"the engine gives {kind}")
            if cell.has_cache:
                kept.append(KeptValue(*key, text, reason))
            else:
                values[key] = None
                messages.problems.append(CellProblem(*key, f"cannot be computed: {reason}"))
            continue
        value = _cell_value(raw)
        if value is None and cell.area and cell.leader and not isinstance(
                _engine_value(book, cell.leader), ExcelError) and not cell.has_cache:
            messages.problems.append(CellProblem(*key, "no value: the engine's array from "
                                                       f"{cell.leader[1]} does not reach here"))
        if key in trusted:
            if not _same(value, cell.cached):  # nothing it depends on changed: Excel is right
                kept.append(KeptValue(*key, text, f"the engine gives {_show(value)}, "
                                                  f"Excel {_show(cell.cached)}"))
            continue
        if (isinstance(value, ExcelError) and key not in own and cell.has_cache
                and not isinstance(cell.cached, ExcelError) and value == "#NAME?"):
            kept.append(KeptValue(*key, text, "a function the engine does not know"))
            continue
        values[key] = value

    return values, kept


def called_names(formula: str | None) -> set[str]:
    """The function names a formula calls, upper case, without xlahp's storage prefixes.

    >>> sorted(called_names('=IF(A1,"AHP_CR(x)",INDEX(_xludf.AHP_WEIGHTS(B2:F6),1))'))
    ['AHP_WEIGHTS', 'IF', 'INDEX']
    """
    if not formula:
        return set()
    return {_PREFIX.sub("", name.upper()) for name in _CALL.findall(without_strings(formula))}


# --- loading --------------------------------------------------------------------

class _Messages:
    """What our functions refused, for the problems list; the cells the engine could
    not take (``broken``: the error value each shows where Excel saved none, and why)."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.problems: list[CellProblem] = []
        self.broken: dict[Key, tuple[ExcelError, str]] = {}


#: What the engine raises for one formula it cannot parse or resolve.
_ENGINE_ERRORS = (RuntimeError, fz.ExcelEvaluationError, fz.ParserError)
#: What the engine's dependency and inspection calls raise where they cannot answer.
_INSPECTION_ERRORS = _ENGINE_ERRORS + (fz.InspectionError,)
#: A reference the engine cannot resolve, as its error message names it.
_UNDEFINED = re.compile(r"Undefined (?:name|table): (.+?)\s*$")


def _set_formula(book: fz.Workbook, key: Key, text: str, messages: _Messages,
                 cached: CellValue = None, saved: str | None = None) -> None:
    """``text`` into the engine's cell; a formula the engine cannot parse makes that cell
    alone broken (it shows Excel's value, ``cached``, to the cells that refer to it).
    ``saved``: the formula as the file holds it, for the message."""
    try:
        book.set_formula(key[0], *_row_col(key[1]), text)
    except _ENGINE_ERRORS as error:
        _break(book, key, ExcelError("#NAME?"), f"the formula {one_line(saved or text, 60)} "
               f"cannot be evaluated (it does not parse: {_engine_message(error)})",
               messages, cached)


def _break(book: fz.Workbook, key: Key, code: ExcelError, reason: str, messages: _Messages,
           cached: CellValue = None) -> None:
    """Take one cell out of the evaluation: it holds Excel's value (or ``code``) as a constant."""
    messages.broken[key] = (code, reason)
    value = code if cached is None else cached
    if isinstance(value, ExcelError):
        value = fz.LiteralValue.error(_KINDS.get(value, "Value"), None)
    book.set_value(key[0], *_row_col(key[1]), value)


def _engine_message(error: BaseException) -> str:
    text = re.sub(r"^Backend error in parser: (?:ParserError at position \d+: )?", "", str(error))
    return one_line(re.sub(r" at position \d+$", "", text), 80)


def _evaluate_all(path: Path, book: fz.Workbook, due: Mapping[Key, FormulaCell],
                  texts: Mapping[Key, str], messages: _Messages) -> None:
    """Evaluate; a formula that makes the engine fail as a whole (a reference it cannot
    resolve, such as another workbook's with no link values saved) is taken out, alone,
    and the rest evaluated again."""
    for _ in range(len(due) + 1):
        try:
            book.evaluate_all()
            return
        except _ENGINE_ERRORS as error:
            culprits = _culprits(book, due, texts, error)
            if not culprits:  # a failure no cell explains: one line, not a traceback
                raise XlahpError(f"{path}: the formula engine failed "
                                 f"({type(error).__name__}: {one_line(error)})") from error
            for key, (code, reason) in culprits.items():
                _break(book, key, code, reason, messages, due[key].cached)


def _culprits(book: fz.Workbook, due: Mapping[Key, FormulaCell], texts: Mapping[Key, str],
              error: BaseException) -> dict[Key, tuple[ExcelError, str]]:
    """The cells behind an evaluation that failed as a whole: those whose formula holds the
    reference the engine names; else each cell that fails evaluated alone."""
    named = _UNDEFINED.search(str(error))
    if named:
        name = named.group(1).strip().upper()
        link = _external_reference(name + ("" if name.endswith("!") else "!"))
        code, reason = ((ExcelError("#REF!"), f"#REF!: {one_line(named.group(1), 60)} refers to "
                         "another workbook that this file holds no link values for; xlahp never "
                         "opens other files") if link else
                        (ExcelError("#NAME?"), f"#NAME?: {one_line(named.group(1), 60)} is not "
                                               "defined"))
        name = name.replace("$", "")
        found = {key: (code, reason) for key, text in texts.items()
                 if name in without_strings(text).upper().replace("$", "")}
        if found:
            return found
    # each formula alone, in a workbook of the same sheets and nothing else
    scratch = fz.Workbook()
    sheets = book.sheet_names
    for sheet in sheets:
        scratch.add_sheet(sheet)
    found = {}
    for key, text in texts.items():
        try:
            scratch.set_formula(key[0], _PROBE_ROW, _PROBE_COL, text)
            scratch.evaluate_cell(key[0], _PROBE_ROW, _PROBE_COL)
        except _ENGINE_ERRORS as alone:
            found[key] = (ExcelError("#VALUE!"),
                          f"#VALUE!: the engine cannot compute it ({_engine_message(alone)})")
        scratch.set_value(key[0], _PROBE_ROW, _PROBE_COL, None)
    return found


def _load(path: Path, settings: CalcSettings, functions: Mapping[str, WorksheetCallable],
          messages: _Messages) -> fz.Workbook:
    config = fz.EvaluationConfig()
    config.cycle_detection = "runtime"  # a loop is a loop only when it is followed
    if settings.iterate:
        config.cycle_policy = "iterate"
        config.iterate_max_iterations = max(1, settings.iterate_count)
        config.iterate_max_change = settings.iterate_delta
    config.max_eval_time_ms = MAX_EVAL_MS
    config.range_expansion_limit = MAX_ARRAY_CELLS
    config.enable_parallel = False  # our callbacks run in Python; one thread is faster here
    try:
        # from the bytes, not the path: a file name that is not UTF-8 (a folder
        # copied from an old Japanese Windows share, say) is still a workbook
        book = fz.Workbook.from_bytes(path.read_bytes(),
                                      config=fz.WorkbookConfig(eval_config=config),
                                      load_limits={"max_xml_depth": MAX_XML_DEPTH})
    except Exception as error:
        raise XlahpError(f"{path}: the formula engine cannot read this workbook "
                         f"({type(error).__name__}: {one_line(error)})") from error
    clash = []
    for name, func in functions.items():
        wrapped = _wrap(name.upper(), func, messages)
        for spelling in SPELLINGS:
            try:
                book.register_function(spelling.format(name.upper()), wrapped)
            except RuntimeError:  # the engine refuses to shadow a built-in function
                clash.append(spelling.format(name.upper()))
    if clash:
        raise ValueError(f"custom function names clash with built-in functions: {clash}")
    excel_functions.register(book, lambda kind: fz.LiteralValue.error(kind, None))
    return book


def _wrap(name: str, func: WorksheetCallable, messages: _Messages) -> Callable[..., Any]:
    """``func`` as the engine calls it: arguments in the xlwings shape, its refusal
    kept as the last message (the engine shows #VALUE!)."""

    def call(*args: Any) -> Any:
        try:
            return _to_engine(func(*map(_to_argument, args)))
        except Exception as ex:  # an error value, which ISERROR and IFERROR see as Excel does
            messages.last = str(ex) if isinstance(ex, XlahpError) else (
                f"{name}: internal error ({type(ex).__name__}: {one_line(ex)})")
            return fz.LiteralValue.error("Value", messages.last)

    return call


def _dependents(book: fz.Workbook, roots: set[Key], formulas: Mapping[Key, FormulaCell]) -> set[Key]:
    """Every formula cell that depends, directly or not, on one of ``roots``."""
    found: set[Key] = set()
    try:  # the engine builds its dependency graph on the first plan
        book.get_eval_plan([(s, *_row_col(r)) for s, r in list(roots)[:1]])
    except _INSPECTION_ERRORS:  # no graph to walk: evaluate everything
        return set(formulas)
    todo = [f"{_quote(s)}!{r}" for s, r in roots]
    budget = 20 * len(formulas) + 1000
    while todo and budget > 0:
        address = todo.pop()
        budget -= 1
        try:
            report = book.dependents(address, max_results=len(formulas) + 1)
        except _INSPECTION_ERRORS:
            return set(formulas)  # when in doubt, evaluate everything
        if report.truncation.incomplete:
            return set(formulas)
        for dependent in report.dependents:
            key = _split(dependent.cell)
            if key in formulas and key not in found and key not in roots:
                found.add(key)
                todo.append(dependent.cell)
    return found if budget > 0 else set(formulas)


def _pin(book: fz.Workbook, cells: Mapping[Key, FormulaCell]) -> None:
    """Feed Excel's values of ``cells`` to the engine as constants."""
    for (sheet, ref), cell in cells.items():
        value = cell.cached
        if isinstance(value, ExcelError):
            value = fz.LiteralValue.error(_KINDS.get(value, "Value"), None)
        book.set_value(sheet, *_row_col(ref), value)


def _body(formula: str) -> str:
    """A formula without its ``=``, with Excel's stored ``_xlfn.SINGLE(`` as ``@(``."""
    return re.sub(r"_xlfn\.SINGLE\(", "@(", formula.lstrip("="), flags=re.I)


def _engine_formulas(book: fz.Workbook, due: Mapping[Key, FormulaCell], tables: list,
                     linked_names: dict, messages: _Messages) -> dict[Key, str]:
    """The formula each due cell is evaluated with (cells of an array's range other
    than its anchor have none): structured references as plain ranges
    (:mod:`.tables`), ROW/COLUMN of a range as the array Excel gives
    (:mod:`.excel_functions`), names of linked books as their cells (:mod:`.links`),
    empty arguments as Excel reads them (:mod:`.empty_arguments`).
    The file keeps its formulas."""
    texts: dict[Key, str] = {}
    for (sheet, ref), cell in due.items():
        if cell.area and cell.leader:
            continue
        row, col = _row_col(ref)
        text = cell.formula or _formula_in_engine(book, sheet, row, col)
        if not text:
            continue
        plain = text
        if tables and ("[" in plain or any(t.name.upper() in plain.upper() for t in tables)):
            home = next((t for t in tables if t.sheet == sheet and _inside(row, col, t.ref)), None)
            try:
                plain = rewrite_tables(plain, tables, row, home)
            except StructuredReferenceError as error:
                messages.problems.append(CellProblem(sheet, ref, f"#REF!: {error}"))
                plain = "=#REF!"
        if "ROW(" in plain.upper() or "COLUMN(" in plain.upper():
            plain = excel_functions.rewrite_row_column(plain)
        if linked_names and "]" in plain:
            plain = rewrite_linked_names(plain, linked_names)
        plain = excel_functions.rewrite(empty_arguments.rewrite(plain),
                                        spills=cell.dynamic or bool(cell.area))
        if plain != text:
            try:
                book.set_formula(sheet, row, col, plain)
            except _ENGINE_ERRORS:  # the engine refuses the rewritten form: evaluate as saved
                plain = text
        texts[(sheet, ref)] = plain
    return texts


def _formula_in_engine(book: fz.Workbook, sheet: str, row: int, col: int) -> str | None:
    """A shared formula's follower as the engine expanded it."""
    text = book.get_formula(sheet, row, col)
    return None if not text else text if text.startswith("=") else "=" + text


def _inside(row: int, col: int, area: str) -> bool:
    left, top, right, bottom = bounds(area)
    return top <= row <= bottom and left <= col <= right


def _legacy_arrays(book: fz.Workbook, due: Mapping[Key, FormulaCell],
                   texts: Mapping[Key, str], messages: _Messages) -> None:
    """A legacy array formula (Ctrl+Shift+Enter) fills its range and no more: each
    cell of the range takes its element (a single row or column is repeated, as
    Excel does); the engine would spill it beyond.  A dynamic array whose spill range
    holds the values Excel saved (plain values in the file, which block the engine's
    spill) fills that range the same way, no element repeated."""
    for (sheet, ref), cell in due.items():
        if not cell.area or cell.leader or (sheet, ref) not in texts:
            continue
        if cell.dynamic and not _saved_spill(due, cell, (sheet, ref)):
            continue
        body = _body(texts[(sheet, ref)])
        r0, c0 = _row_col(ref)
        for target in _cells_of(cell.area, sheet):
            r, c = _row_col(target[1])
            i, j = r - r0 + 1, c - c0 + 1
            if not cell.dynamic:
                i, j = f"IF(ROWS({body})=1,1,{i})", f"IF(COLUMNS({body})=1,1,{j})"
            _set_formula(book, target, f"=INDEX({body},{i},{j})", messages,
                         due[target].cached if target in due else None, texts[(sheet, ref)])


def _saved_spill(due: Mapping[Key, FormulaCell], anchor: FormulaCell, key: Key) -> bool:
    """Whether a dynamic array's range holds the spill Excel saved (not a cell in its way)."""
    return anchor.has_cache and anchor.cached != "#SPILL!" and any(
        due[target].has_cache for target in _cells_of(anchor.area, key[0])
        if target != key and target in due)


def _implicit_intersection(book: fz.Workbook, due: Mapping[Key, FormulaCell],
                           texts: Mapping[Key, str], messages: _Messages) -> bool:
    """A formula saved without Excel 365's dynamic-array flag is a legacy formula:
    an array result shows its top-left value and a range its implicit intersection,
    instead of spilling.  Such cells are re-entered as ``=@(…)``; True if any was."""
    redo = False
    for (sheet, ref), text in texts.items():
        cell = due[(sheet, ref)]
        if cell.dynamic or cell.area or cell.leader or (sheet, ref) in messages.broken:
            continue
        snapshot = book.inspect_cell(f"{_quote(sheet)}!{ref}").cell
        if snapshot.spill is not None or _kind(snapshot.value) == "Spill":
            _set_formula(book, (sheet, ref), f"=@({_body(text)})", messages, cell.cached)
            redo = True
        elif "_XLFN.SINGLE(" in text.upper():
            _set_formula(book, (sheet, ref), "=" + _body(text), messages, cell.cached)
            redo = True
    return redo


# --- values ---------------------------------------------------------------------

def _kind(raw: Any) -> str | None:
    """The engine's error kind of a value, or None if it is no error."""
    if isinstance(raw, dict) and raw.get("type") == "Error":
        return str(raw.get("kind"))
    if isinstance(raw, fz.ExcelError):
        return raw.kind
    return None


def _cell_value(raw: Any) -> CellValue:
    """An engine value as the cached-value writer takes it."""
    kind = _kind(raw)
    if kind is not None:
        return ExcelError(_CODES.get(kind, "#VALUE!"))
    if isinstance(raw, list):  # an array in one cell shows its top-left value
        while isinstance(raw, list):
            raw = raw[0] if raw else None
        return _cell_value(raw)
    if isinstance(raw, str):
        return raw if len(raw) <= MAX_TEXT else ExcelError("#VALUE!")
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, (int, float)):
        number = float(raw)
        if not math.isfinite(number):
            return ExcelError("#NUM!")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if hasattr(raw, "isoformat"):  # a date or time: Excel's serial number
        return _serial(raw)
    return str(raw)


def _engine_value(book: fz.Workbook, key: Key) -> CellValue:
    return _cell_value(book.get_value(key[0], *_row_col(key[1])))


def _same(a: CellValue, b: CellValue) -> bool:
    """Equal as a viewer sees them: numbers to 1e-12 relative, an error only to the same
    error, TRUE/FALSE only to themselves, a blank to empty text.

    >>> _same(0.1 + 0.2, 0.3), _same(None, ""), _same(ExcelError("#N/A"), "#N/A"), _same(1, True)
    (True, True, False, False)
    """
    def number(v: CellValue) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    if number(a) and number(b):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(a, (bool, ExcelError)) or isinstance(b, (bool, ExcelError)):
        return type(a) is type(b) and a == b
    if number(a) or number(b):
        return False
    return (a or "") == (b or "")


def _show(value: CellValue) -> str:
    return "blank" if value in (None, "") else one_line(repr(value) if isinstance(value, str)
                                                        and not isinstance(value, ExcelError)
                                                        else str(value), 40)


def _serial(moment: Any) -> float:
    import datetime as dt

    if isinstance(moment, dt.datetime):
        delta = moment - dt.datetime(1899, 12, 30)
    elif isinstance(moment, dt.date):
        delta = dt.datetime.combine(moment, dt.time()) - dt.datetime(1899, 12, 30)
    elif isinstance(moment, dt.time):
        return (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400
    else:
        return float(moment.total_seconds()) / 86400
    return delta.days + delta.seconds / 86400


def _to_argument(value: Any) -> Any:
    """An engine argument as xlwings passes it: a scalar or a 2-D list of rows."""
    if isinstance(value, list):
        rows = [row if isinstance(row, list) else [row] for row in value]
        if len(rows) == 1 and len(rows[0]) == 1:
            return _to_cell(rows[0][0])
        return [[_to_cell(v) for v in row] for row in rows]
    return _to_cell(value)


def _to_cell(value: Any) -> Any:
    """One cell value: None for blank, error values as their text, numbers as float."""
    kind = _kind(value)
    if kind is not None:
        return _CODES.get(kind, "#VALUE!")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if hasattr(value, "isoformat"):
        return _serial(value)
    return value


def _to_engine(result: Any) -> Any:
    """A function's result for the engine: None as empty text (as in xlwings), a
    non-finite number as #NUM!, a 2-D list as an array."""
    if isinstance(result, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in result]
        if not rows or not rows[0]:
            raise TypeError(f"result must be a scalar or a non-empty 2-D list, not {result!r}")
        return [[_result_cell(v) for v in row] for row in rows]
    return _result_cell(result)


def _result_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) or hasattr(value, "__float__"):
        number = float(value)
        if not math.isfinite(number):
            raise XlahpError("the result is not a finite number")
        return number
    raise TypeError(f"unsupported value in result: {value!r}")


# --- problems ---------------------------------------------------------------------

def _problems(book: fz.Workbook, values: Mapping[Key, CellValue],
              formulas: Mapping[Key, FormulaCell], own: set[Key], ours: set[str],
              messages: _Messages) -> list[CellProblem]:
    """Each computed cell showing an error, with why: root causes (the cell's own
    inputs are wrong) first, then the cells that follow from an error."""
    found = list(messages.problems)
    explained = {(p.sheet, p.cell) for p in found}
    errors = {k for k, v in values.items() if isinstance(v, ExcelError) and k not in explained}
    for key in sorted(errors, key=_order(formulas)):
        text = _text(formulas, key)
        caused = _refers_to_error(book, key, values, formulas)
        message = None
        if key in own:
            message = _probe(book, key, book.get_formula(key[0], *_row_col(key[1])) or text,
                             ours, messages)
        link = _external_reference(text or "")
        if message is None and values[key] == "#REF!" and link:
            message = (f"#REF!: {one_line(link, 60)} refers to another workbook that this file "
                       "holds no link values for; xlahp never opens other files")
        if message is None and values[key] == "#NAME?" and not caused:
            unknown = sorted(n for n in called_names(text) if n not in ours)
            from difflib import get_close_matches

            guesses = [(n, m) for n in unknown for m in get_close_matches(n, ours, 1, 0.8)]
            message = (f"#NAME?: unknown function {guesses[0][0]} — did you mean {guesses[0][1]}?"
                       if guesses else f"#NAME?: a function or name in {one_line(text, 60)} "
                                       "is not known here")
        if message is None:
            if not caused and not (key in own):
                continue  # an Excel error value of the workbook's own making, as in Excel
            message = f"{values[key]}" + (" (follows from an error it refers to)" if caused else "")
        found.append(CellProblem(*key, message, root=not caused))
    return sorted(found, key=lambda p: (not p.root, _order(formulas)((p.sheet, p.cell))))


def _probe(book: fz.Workbook, key: Key, formula: str | None, ours: set[str],
           messages: _Messages) -> str | None:
    """The message of the first xlahp call in the cell's formula that refuses, found by
    evaluating that call alone in a free cell of the same sheet."""
    if not formula:
        return None
    try:
        ast = fz.parse(formula)
    except _ENGINE_ERRORS:  # no call of ours to probe: the cell's own message stands
        return None
    calls = []

    def walk(node: Any) -> None:
        name = node.get_function_name() if node.node_type() == "Function" else None
        if name and _PREFIX.sub("", name.upper()) in ours:
            calls.append(node.to_formula())
        for child in node.children():
            walk(child)

    walk(ast)
    sheet = key[0]
    for call in calls:
        messages.last = None
        try:
            book.set_formula(sheet, _PROBE_ROW, _PROBE_COL, "=" + call.lstrip("="))
            book.evaluate_cell(sheet, _PROBE_ROW, _PROBE_COL)
        except _ENGINE_ERRORS:
            continue
        finally:
            try:
                book.set_value(sheet, _PROBE_ROW, _PROBE_COL, None)
            except _ENGINE_ERRORS:
                pass
        if messages.last:
            return messages.last
    return None


#: A reference into another workbook, outside string literals: a quoted sheet
#: name holding [book] (sheet names cannot contain brackets), or [book]Sheet!
#: / [1]!Name not preceded by a name (Table1[Col] is a structured reference).
_EXTERNAL = re.compile(r"'(?:[^'\[]|'')*\[[^\]]*\](?:[^']|'')*'!"
                       r"|(?<![\w.\]])\[[^\[\]]+\][\w.]*!")


def _external_reference(formula: str) -> str | None:
    """The first reference to another workbook in a formula, or None."""
    found = _EXTERNAL.search(without_strings(formula))
    return found.group(0) if found else None


_PROBE_ROW, _PROBE_COL = 1_048_576, 16_384  # XFD1048576; safety limits keep sheets far from it


def _refers_to_error(book: fz.Workbook, key: Key, values: Mapping[Key, CellValue],
                     formulas: Mapping[Key, FormulaCell]) -> bool:
    """Whether a cell the formula refers to shows an error."""
    try:
        report = book.precedents(f"{_quote(key[0])}!{key[1]}", max_links=4096)
    except _INSPECTION_ERRORS:  # the engine cannot say: the cell counts as a cause
        return False
    for precedent in report.precedents:
        reference = precedent.reference
        target = reference.address or reference.resolved
        if not target:
            continue
        for cell in _cells_of(target, key[0]):
            value = values.get(cell)
            if value is None and cell in formulas:
                value = formulas[cell].cached
            if isinstance(value, ExcelError):
                return True
    return False


# --- addresses ----------------------------------------------------------------------

def _text(formulas: Mapping[Key, FormulaCell], key: Key) -> str | None:
    cell = formulas[key]
    while cell.formula is None and cell.leader and cell.leader != key and cell.leader in formulas:
        key, cell = cell.leader, formulas[cell.leader]
    return cell.formula


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _split(address: str) -> Key:
    sheet, _, ref = address.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, ref.replace("$", "")


def _cells_of(address: str, default_sheet: str) -> Iterable[Key]:
    """The cells of an A1 address or range (none past 10,000)."""
    sheet, ref = _split(address) if "!" in address else (default_sheet, address.replace("$", ""))
    try:
        left, top, right, bottom = bounds(ref)
    except (fz.ParserError, ValueError):  # not an A1 address (a name, say)
        return []
    if (bottom - top + 1) * (right - left + 1) > 10_000:
        return []
    return [(sheet, cell) for cell in range_cells(ref)]


def _order(formulas: Mapping[Key, FormulaCell]) -> Callable[[Key], tuple]:
    sheets = {}
    for sheet, _ in formulas:
        sheets.setdefault(sheet, len(sheets))

    def key(k: Key) -> tuple:
        row, col = _row_col(k[1])
        return sheets.get(k[0], len(sheets)), row, col

    return key
