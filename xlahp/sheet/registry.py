"""The registry of worksheet functions, free of any host.

A worksheet function is declared with the types of its arguments
(:mod:`xlahp.sheet.args`)::

    @worksheet_function(matrix=MATRIX, method=WEIGHT_METHOD)
    def AHP_WEIGHTS(matrix, method=None):
        \"\"\"Weights … of a pairwise comparison matrix.\"\"\"
        return column(weights(matrix, method))

The registry reads every argument through its type before the body runs (cells in,
the way xlwings passes a range: 2-D lists with None, str, float, bool, Excel errors as
``"#N/A"`` text), and maps the errors once: an :class:`~xlahp.errors.InputError`
gets the function's name in front of its message; a missing or surplus argument is
an InputError too; any other exception is a bug of ours, an
:class:`~xlahp.errors.InternalError`; a result beyond ±1.8e308 is refused.

:data:`REGISTRY` (Excel name → :class:`WorksheetFunction`) is the one list of
functions that the Excel layer (:mod:`xlahp.udfs`), the headless engine, the tests
and ``xlahp functions`` read; :mod:`xlahp.sheet.functions` fills it.  Imports
nothing heavier than numpy.
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from xlahp.errors import InputError, InternalError, XlahpError
from xlahp.sheet.args import Arg, Choice

DOC_MAX = 255  # Excel's limit for function and argument descriptions


@dataclass(frozen=True)
class WorksheetFunction:
    """One worksheet function: its Excel name, the callable (raising an XlahpError on
    bad input), the help Excel shows, the arguments that take a range (read as 2-D)
    and the choices of each option argument (offered as drop-downs)."""

    name: str
    func: Callable[..., Any]
    description: str
    args: tuple[tuple[str, str], ...]
    ranges: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


REGISTRY: dict[str, WorksheetFunction] = {}


def worksheet_function(**specs: Arg):
    """Register a worksheet function in :data:`REGISTRY`, its arguments declared by
    type (every parameter of the function needs one)."""

    def register(f: Callable[..., Any]) -> Callable[..., Any]:
        name = f.__name__
        description = " ".join((f.__doc__ or "").split("\n\n")[0].split())
        parameters = list(inspect.signature(f).parameters.values())
        names = [p.name for p in parameters]
        assert names == list(specs), f"{name}: declare every argument, in order: {names}"
        required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
        for text in (description, *(s.doc for s in specs.values())):
            assert len(text) <= DOC_MAX, f"{name}: help text over {DOC_MAX} characters"

        @functools.wraps(f)
        def raising(*values: Any) -> Any:
            if len(values) > len(names):
                raise InputError(f"{name}: {len(values)} arguments given; it takes "
                                 f"{len(names)} at most ({', '.join(names)})")
            if len(values) < len(required):
                missing = required[len(values)]
                raise InputError(f"{name}: {missing} is missing; give "
                                 f"{', '.join(required)}"
                                 + (f" (optional: {', '.join(names[len(required):])})"
                                    if len(names) > len(required) else ""))
            try:
                args = [specs[n].read(v, n) for n, v in zip(names, values)]
                args += [specs[n].read(None, n) for n in names[len(values):]]
                result = f(*args)
            except InputError as error:
                raise InputError(f"{name}: {error}") from None
            except XlahpError:
                raise
            except Exception as error:  # a bug of ours: still a short message
                raise InternalError(f"{name}: could not compute "
                                    f"({type(error).__name__}: {error})") from error
            if not _finite(result):
                raise InputError(f"{name}: the result overflows (beyond ±1.8e308); "
                                 "check the magnitudes of the inputs")
            return result

        raising.__doc__ = description
        REGISTRY[name] = WorksheetFunction(
            name, raising, description, tuple((n, s.doc) for n, s in specs.items()),
            tuple(n for n, s in specs.items() if s.range),
            {n: s.choices for n, s in specs.items() if isinstance(s, Choice)})
        return raising

    return register


def _finite(result: Any) -> bool:
    if isinstance(result, (list, tuple)):
        return all(map(_finite, result))
    return not isinstance(result, float) or math.isfinite(result)


def reference() -> str:
    """The function reference as Markdown (README and ``xlahp functions``)."""
    lines = []
    for f in REGISTRY.values():
        params = inspect.signature(f.func).parameters.values()
        signature = ", ".join(p.name if p.default is p.empty else f"[{p.name}]"
                              for p in params)
        lines += [f"### `{f.name}({signature})`", "", f.description, ""]
        lines += [f"- `{arg}` — {doc}" for arg, doc in f.args]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
