"""Outputs appear whole or not at all, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from xlahp.errors import XlahpError, one_line


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when *a* and *b* name one file under any spelling: the same resolved
    path (symbolic links, ``..``, relative paths; also for a file not yet
    written), or the same file on disk (hard links, case-insensitive names)."""
    a, b = Path(a), Path(b)
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):  # a symlink loop: fall back to the file itself
        pass
    try:
        return a.samefile(b)
    except OSError:
        return False


def printable(text: str) -> str:
    """Text holding file names, fit for a terminal or a workbook cell: bytes of a
    name that is not UTF-8 as ``\\xff``, control characters (escape sequences, line
    breaks, bidirectional overrides) as ``\\x1b``/``\\u202e``.  Printable text,
    CJK and full-width spaces included, is unchanged."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() or unicodedata.category(c) == "Zs"
                   else c.encode("unicode_escape").decode("ascii") for c in text)


def _os_error(error: BaseException) -> OSError | None:
    """The OSError behind *error*: itself, or one a library wrapped (xlsxwriter's
    FileCreateError keeps it in ``args``; others chain it as the cause)."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, OSError):
            return error
        inner = next((a for a in getattr(error, "args", ()) if isinstance(a, OSError)), None)
        error = inner or error.__cause__ or error.__context__
        seen += 1
    return None


@contextlib.contextmanager
def atomic_output(target: str | Path, elsewhere: bool = False) -> Iterator[Path]:
    """A temporary path beside *target*; moved onto *target* when the block ends
    without error, removed when it fails (an exception, or SIGTERM turned into
    one by the command line).  Readers never see a partial file.  A write that
    fails for want of room or permission is an :class:`XlahpError` naming
    *target* — not the temporary file.  *elsewhere*: the path is only named, for
    another process (a worker) to write, so that nothing is left beside *target*
    should this process be killed (``kill -9``) before the writing starts."""
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise XlahpError(f"{target}: cannot be written ({error.strerror or error})") from None
    os.close(fd)
    temporary = Path(name)
    try:
        if elsewhere:
            temporary.unlink()
        else:
            umask = os.umask(0)
            os.umask(umask)
            temporary.chmod(0o666 & ~umask)  # as a plain open() would create it, not mkstemp's 0600
        yield temporary
        os.replace(temporary, target)
    except Exception as error:
        cause = _os_error(error)
        if isinstance(error, XlahpError) or cause is None or cause.filename not in (
                None, name, str(target)):
            raise  # not a failure to write (reading an input, say): as it was
        raise XlahpError(f"{target}: could not be written "
                         f"({cause.strerror or one_line(cause)})") from None
    finally:
        temporary.unlink(missing_ok=True)
