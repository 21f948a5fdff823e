"""xlahp's worksheet functions for Excel — the module a workbook names in ``UDF Modules``.

Every function of :data:`xlahp.sheet.registry.REGISTRY`, with xlwings' decorators
(``@xw.func``, ``@xw.arg(doc=…)``) so that classic xlwings (``Import
Functions``), xlwings Server (``from xlahp.udfs import *``) and xlwings Lite
find it under its Excel name with its help texts.

Bad input raises :class:`RefusedInput` — an :class:`~xlahp.errors.InputError`
that is also xlwings' own user error (``xw.XlwingsError``) — whose message
starts with the function's name.  xlwings Server answers it with HTTP 400 and
the message, which Excel shows on the cell's error flag and does not retry;
xlwings Lite shows the message too.  A bug of ours (an
:class:`~xlahp.errors.InternalError`, "could not compute …") stays an ordinary error: HTTP 500,
whose body in production is xlwings Server's generic text.  Classic xlwings on
Windows would put the whole Python traceback in the cell instead, so under it
the function returns the message as text (:data:`ERRORS_AS_TEXT`).

Imports nothing heavier than numpy besides xlwings itself (which the host has
already loaded; xlwings Lite's is a light stub).
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable, Literal

import xlwings as xw

from xlahp.errors import InputError, InternalError, XlahpError
from xlahp.sheet.registry import DOC_MAX, REGISTRY, WorksheetFunction, reference  # noqa: F401 (re-exported)

#: Return messages as cell text instead of raising (classic xlwings on Windows).
ERRORS_AS_TEXT = sys.platform == "win32" and os.environ.get("XLWINGS_ON_SERVER") != "true"


class RefusedInput(InputError, getattr(xw, "XlwingsError", Exception)):  # type: ignore[misc]
    """Input a worksheet function refuses, as xlwings reports a user's error
    (xlwings Server: HTTP 400 with this message, never retried)."""


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
            if isinstance(error, InternalError):  # a bug of ours, not the input: a server error
                raise
            raise RefusedInput(str(error)) from None

    cell.__doc__ = entry.description
    if not ERRORS_AS_TEXT:  # xlwings Server/Lite show a Literal as a drop-down (classic
        # xlwings would take the hint for a converter)
        cell.__annotations__ = {**cell.__annotations__, **{
            arg: Literal[values] for arg, values in entry.choices.items()}}  # type: ignore
    for arg, doc in entry.args:
        options = {"ndim": 2} if arg in entry.ranges else {}
        cell = xw.arg(arg, doc=doc, err_to_str=True, **options)(cell)
    return xw.func(cell)


globals().update({name: _for_excel(entry) for name, entry in REGISTRY.items()})
__all__ = list(REGISTRY)
