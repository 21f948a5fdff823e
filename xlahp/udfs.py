"""xlahp's worksheet functions for Excel — the module a workbook names in ``UDF Modules``.

Every function of :data:`xlahp.functions.REGISTRY`, with xlwings' decorators
(``@xw.func``, ``@xw.arg(doc=…)``) so that classic xlwings (``Import
Functions``), xlwings Server (``from xlahp.udfs import *``) and xlwings Lite
find it under its Excel name with its help texts.

Bad input raises :class:`~xlahp.errors.XlahpError` whose message starts with
the function's name.  Excel shows that message in the cell: xlwings Server and
xlwings Lite report a raised error's message themselves; classic xlwings on
Windows would put the whole Python traceback there instead, so under it the
function returns the message as text (:data:`ERRORS_AS_TEXT`).

Imports nothing heavier than numpy besides xlwings itself (which the host has
already loaded; xlwings Lite's is a light stub).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import xlwings as xw

from .errors import XlahpError
from .functions import DOC_MAX, REGISTRY, WorksheetFunction, reference  # noqa: F401 (re-exported)

#: Return messages as cell text instead of raising (classic xlwings on Windows).
ERRORS_AS_TEXT = sys.platform == "win32" and os.environ.get("XLWINGS_ON_SERVER") != "true"


def _for_excel(entry: WorksheetFunction) -> Callable[..., Any]:
    """``entry``'s function with xlwings' decorators: every argument read with Excel
    errors as text (so #N/A is reported, not mistaken for blank), ranges as 2-D."""

    @functools.wraps(entry.func)
    def cell(*args: Any) -> Any:
        try:
            return entry.func(*args)
        except XlahpError as error:
            if ERRORS_AS_TEXT:
                return str(error)
            raise

    cell.__doc__ = entry.description
    for arg, doc in entry.args:
        options = {"ndim": 2} if arg in entry.ranges else {}
        cell = xw.arg(arg, doc=doc, err_to_str=True, **options)(cell)
    return xw.func(cell)


globals().update({name: _for_excel(entry) for name, entry in REGISTRY.items()})
__all__ = list(REGISTRY)
