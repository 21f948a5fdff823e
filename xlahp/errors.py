"""The errors xlahp raises on purpose, as one tree (each mapped once at a boundary).

::

    XlahpError             every error xlahp raises on purpose; one line a person can act on
    ├── InputError         input the user can fix: a cell, an argument, a typed option
    ├── RefusedFile        a file refused before any parser saw it (not a workbook, unsafe)
    ├── EngineLimit        a bound reached (time, memory, cells): the file may be fine
    └── InternalError      a failure of xlahp itself — a bug, never "bad input"

The boundaries map them once: the worksheet registry (:mod:`xlahp.sheet.registry`) puts
the function's name in front of the message and turns any other exception into an
:class:`InternalError`; xlwings Server answers an :class:`InputError` with HTTP 400 and
an :class:`InternalError` with 500 (:mod:`xlahp.udfs`); the command line exits with 2
for the first three and 3 for an internal error (:mod:`xlahp.apps.cli`).
"""


class XlahpError(Exception):
    """Base of the errors xlahp raises on purpose; the message says what is wrong and
    where, e.g. ``AHP_WEIGHTS: matrix is 4×5, must be square``."""


class InputError(XlahpError, ValueError):
    """Bad input, explained in words a planner can act on (which argument, which cell of
    a range).  Also a :class:`ValueError`, for callers who catch those."""


class RefusedFile(XlahpError):
    """A file xlahp will not open: not a workbook, unsafe (a zip bomb, XML entities), or
    the output would overwrite an input."""


class EngineLimit(XlahpError):
    """A documented bound was reached (time, memory, cells of a range): the workbook may
    be correct, it is more than xlahp evaluates here."""


class InternalError(XlahpError):
    """A failure of xlahp itself, told in one line like a refusal but not the user's
    input to fix (xlwings Server answers it as a server error, not a 400)."""


def one_line(what: BaseException | str, limit: int = 120) -> str:
    """Text fit for a one-line message ``xlahp: …``: an exception's first line
    (parsers' messages run over several lines) without a trailing colon, or a
    string — a name or formula from the file — with its line breaks as spaces;
    cut at *limit* characters."""
    if isinstance(what, BaseException):
        lines = str(what.args[0] if what.args else what).strip().splitlines()
        text = lines[0].rstrip(":") if lines else type(what).__name__
    else:
        text = " ".join(str(what).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
