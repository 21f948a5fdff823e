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
(:mod:`..empty_arguments`); to a worksheet function of ours it arrives as 0.
Macros are never run: nothing here executes VBA.

The engine is used through :func:`evaluate` and what it returns (:class:`Evaluation`:
values, problems, the defined names, the value of any cell) — nothing outside this
package calls ``formualizer``.  By concern: :mod:`.load` (the bytes the safety check
read into the engine, with the functions bound), :mod:`.rewrite` (formulas as Excel
means them), :mod:`.evaluation` (what is due, and what each due cell shows),
:mod:`.convert` (values across the boundary), :mod:`.diagnose` (why a cell shows an
error), :mod:`.book` (what they share).
"""

from xlahp.workbook.engine.book import called_names
from xlahp.workbook.engine.evaluation import Evaluation, evaluate
from xlahp.workbook.engine.load import MAX_ARRAY_CELLS, MAX_EVAL_MS, SPELLINGS
from xlahp.workbook.findings import CellProblem, KeptValue

__all__ = ["Evaluation", "evaluate", "called_names", "CellProblem", "KeptValue", "SPELLINGS",
           "MAX_EVAL_MS", "MAX_ARRAY_CELLS"]
