"""The one exception xlahp raises for input a user can fix."""


class XlahpError(ValueError):
    """Bad input, explained in words a planner can act on.

    The message says what is wrong and where (which argument, which cell of a
    range); the worksheet layer prefixes the function name, e.g.
    ``AHP_WEIGHTS: matrix is 4×5, must be square``.
    """


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
