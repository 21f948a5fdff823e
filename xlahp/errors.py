"""The one exception xlahp raises for input a user can fix."""


class XlahpError(ValueError):
    """Bad input, explained in words a planner can act on.

    The message says what is wrong and where (which argument, which cell of a
    range); the worksheet layer prefixes the function name, e.g.
    ``AHP_WEIGHTS: matrix is 4×5, must be square``.
    """
