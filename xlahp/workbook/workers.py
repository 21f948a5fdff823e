"""作業プロセス — workbooks evaluated in child processes, each under a time and memory bound.

A workbook that is hostile or merely unlucky (a formula that never ends, one
that builds a gigabyte of text) must cost the batch that one file — not the
machine, and not the other files.  So :func:`bounded_map` hands each file to a
worker process of its own:

* a worker is a fresh interpreter, ``python -m xlahp.workbook.workers``: it
  never re-runs the caller's script, so a script without an
  ``if __name__ == "__main__":`` guard works under every start method;
* memory: a worker's address space is capped (``RLIMIT_AS``, POSIX) at
  :data:`MAX_MEMORY`; a file that needs more raises MemoryError in the worker
  or kills it, and is reported as over the bound;
* time: the parent kills a worker busy on one file for more than
  :data:`MAX_SECONDS`; the file is reported as over the bound;
* a worker that dies loses only the file it was on; a fresh one takes its place;
* workers die with their parent — ``PR_SET_PDEATHSIG`` on Linux, a thread
  watching the parent's pid on other POSIX systems — and ignore Ctrl-C (the
  parent, interrupted, stops them).

Should no worker start at all (an embedded interpreter whose
``sys.executable`` is not Python, say), the files are evaluated in this process,
one at a time and without bounds, with a warning — except where the workers
cannot start for want of file descriptors (a very low ``ulimit -n``): then each
file is reported as not evaluated, with the limit to raise.  Under an inherited
address-space limit lower than :data:`MAX_MEMORY` (``ulimit -v``), messages name
that limit as the shell's, not as xlahp's (:func:`memory_bound`).
"""

from __future__ import annotations

import errno
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlahp.errors import XlahpError, one_line

#: Wall time one workbook may take in a worker.  The paper's alliance workbook
#: evaluates in about 0.06 s on one core of this project's test machine, the largest
#: real workbook of the test corpus in under 1 s; the engine itself stops a formula
#: after 60 s (:data:`xlahp.workbook.engine.MAX_EVAL_MS`, its cells keep Excel's
#: values).  A workbook still running at 120 s is caught in something that does not
#: end — parsing or writing gone wrong — rather than large.
MAX_SECONDS = 120.0

#: Address space of one worker process (the interpreter included).  A worker
#: evaluating the paper's alliance workbook peaks at about 0.2 GiB of address
#: space (100 MiB resident); the issue-13 files took 2.6–7.5 GB.  2 GiB leaves
#: room for workbooks many times the alliance template while a portfolio run on
#: every core of an 8-core, 16 GB laptop cannot exhaust its memory.
MAX_MEMORY = 2 * 2**30

def memory_bound(memory: int = MAX_MEMORY) -> tuple[int, str]:
    """The address space a worker really gets — *memory*, or less where this process
    inherited a lower hard limit (``ulimit -v``) — and how to name it in a message."""
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    except (ImportError, OSError, ValueError):  # Windows: no address-space limit
        return memory, f"{memory / 2**20:,.0f} MiB"
    if hard == resource.RLIM_INFINITY or hard >= memory:
        return memory, f"{memory / 2**20:,.0f} MiB"
    return hard, (f"{hard / 2**20:,.0f} MiB, the address-space limit inherited from the "
                  f"shell (ulimit -v; xlahp's own bound is {memory / 2**20:,.0f} MiB)")


#: Errors of a worker that cannot start for want of file descriptors (``ulimit -n``).
_NO_DESCRIPTORS = (errno.EMFILE, errno.ENFILE)

#: How long a new worker may take to start (an interpreter, before any import).
START_SECONDS = 60.0

_HEADER = struct.Struct("<Q")
_READY = "ready"
_EOF = object()


@dataclass(frozen=True)
class Failed:
    """A file the worker could not finish, and why (one line)."""

    reason: str


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# --- the pipe protocol: length-prefixed pickles ------------------------------------

def _send(stream, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(stream, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _receive(stream) -> Any:
    head = _read_exactly(stream, _HEADER.size)
    body = None if head is None else _read_exactly(stream, _HEADER.unpack(head)[0])
    return _EOF if body is None else pickle.loads(body)


# --- the parent's side ---------------------------------------------------------------

class _Worker:
    """One child process, a thread reading its answers into the shared queue."""

    def __init__(self, memory: int, answers: queue.Queue) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = dict(os.environ, PYTHONPATH=package_root + (os.pathsep + path if path else ""),
                   # one thread each: workers already run in parallel, and every
                   # thread's arena would count against the address-space bound
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   RAYON_NUM_THREADS="1", MALLOC_ARENA_MAX="2")
        self.log = tempfile.TemporaryFile()  # its stderr: the last line says why it died
        self.process = subprocess.Popen(
            [sys.executable, "-m", "xlahp.workbook.workers", str(os.getpid()), str(memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.born = time.monotonic()
        self.ready = False
        self.task: int | None = None
        self.started = 0.0
        self.timed_out = False
        threading.Thread(target=self._read, args=(answers,), daemon=True).start()

    def _read(self, answers: queue.Queue) -> None:
        while True:
            try:
                message = _receive(self.process.stdout)
            except Exception:  # noqa: BLE001 — a garbled pipe is a dead worker
                message = _EOF
            answers.put((self, message))
            if message is _EOF:
                return

    def give(self, index: int, func: Callable, item: Any) -> None:
        self.task, self.started = index, time.monotonic()
        self.log.seek(0)
        self.log.truncate()  # the log holds this file's messages only (its offset is shared)
        try:
            _send(self.process.stdin, (func, item))
        except OSError:  # it died meanwhile: its reader reports the end
            pass

    def why_stopped(self, seconds: float, memory: int) -> str:
        if self.timed_out:
            return (f"stopped after {seconds:g} s, the time bound per workbook: its formulas "
                    "do not finish in time (nothing else is affected)")
        code = self.process.wait()
        self.log.seek(0)
        lines = self.log.read()[-2000:].decode("utf-8", "replace").strip().splitlines()
        said = [line for line in lines if "memory" in line.lower()] or lines
        last = one_line(said[-1]) if said else ""
        how = (f"killed by signal {_signal_name(-code)}" if code < 0 else f"exit status {code}")
        if "memory" in last.lower() or code in (-getattr(signal, "SIGKILL", 9),
                                                -getattr(signal, "SIGABRT", 6)):
            return (f"stopped: it needs more memory than the bound of {memory_bound(memory)[1]} "
                    f"per workbook (the worker was {how}{'; ' + last if last else ''})")
        return (f"the worker process evaluating it stopped ({how}"
                f"{'; ' + last if last else ''}); the other workbooks are not affected")

    def stop(self) -> None:
        for stream in (self.process.stdin,):
            try:
                stream.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdout.close()
        self.log.close()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def bounded_map(func: Callable[[Any], Any], items: Iterable[Any], jobs: int,
                seconds: float = MAX_SECONDS, memory: int = MAX_MEMORY
                ) -> Iterator[tuple[int, Any]]:
    """``(index, func(item))`` for every item, as each finishes, computed by up
    to *jobs* worker processes; ``(index, Failed(reason))`` for an item whose
    worker raised, ran over *seconds* or *memory*, or died.  *func* must be a
    module-level function of xlahp (it is pickled by name).  Closing the
    iterator (or an exception in the caller) stops every worker."""
    items = list(items)
    pending = deque(range(len(items)))
    answers: queue.Queue = queue.Queue()
    workers: list[_Worker] = []
    anyone_ready = False
    starved: OSError | None = None  # no worker for want of file descriptors
    try:
        for _ in range(min(jobs, len(items))):
            try:
                workers.append(_Worker(memory, answers))
            except OSError as error:
                starved = error if error.errno in _NO_DESCRIPTORS else None
                break
        left = len(items)
        while left and workers:
            try:
                worker, message = answers.get(timeout=0.2)
            except queue.Empty:
                worker, message = None, None
            if worker is not None and worker in workers:
                if message is _EOF:
                    workers.remove(worker)
                    why = worker.why_stopped(seconds, memory) if worker.task is not None else ""
                    worker.stop()
                    if worker.task is not None:
                        yield worker.task, Failed(why)
                        left -= 1
                    if pending and (anyone_ready or worker.ready) and len(workers) < jobs:
                        try:
                            workers.append(_Worker(memory, answers))
                        except OSError:
                            pass
                elif message == _READY:
                    worker.ready = anyone_ready = True
                else:
                    status, value = message
                    yield worker.task, value if status == "ok" else Failed(value)
                    worker.task = None
                    left -= 1
                if worker.ready and worker.task is None and worker in workers and pending:
                    index = pending.popleft()
                    worker.give(index, func, items[index])
            now = time.monotonic()
            for w in workers:
                overdue = (w.task is not None and now - w.started > seconds) or (
                    not w.ready and now - w.born > START_SECONDS)
                if overdue and not w.timed_out:
                    w.timed_out = w.task is not None
                    w.process.kill()
        if left and (anyone_ready or starved):  # no (new) worker starts: never unbounded
            why = ("not evaluated: no new worker process could be started" if not starved else
                   f"not evaluated: no worker process could be started ({starved.strerror}: "
                   "raise the limit of open files, ulimit -n); xlahp evaluates a workbook only "
                   "under its time and memory bounds")
            for index in list(pending):
                pending.remove(index)
                yield index, Failed(why)
        elif left:  # none could start at all: here, one at a time, unbounded
            warnings.warn("xlahp: worker processes could not be started; evaluating in "
                          "this process, one workbook at a time, without the time and "
                          "memory bounds", RuntimeWarning, stacklevel=3)
            for index in list(pending):
                pending.remove(index)
                try:
                    yield index, func(items[index])
                except Exception as error:  # noqa: BLE001 — one file's failure, as a worker's
                    yield index, Failed(f"{type(error).__name__}: {one_line(error)}")
    finally:
        for w in workers:
            w.stop()


def bounded_call(func: Callable[[Any], Any], item: Any, source: Path) -> Any:
    """``func(item)`` in one worker under the bounds, for one file *source*: a worker that
    does not finish is an :class:`~xlahp.errors.XlahpError` naming the file, why, and
    the bounds; an XlahpError *func* returns (rather than raises) is raised here."""
    [(_, result)] = list(bounded_map(func, [item], 1))
    if isinstance(result, Failed):
        limit, named = memory_bound()
        memory = named if limit < MAX_MEMORY else f"{MAX_MEMORY / 2**30:g} GiB"
        raise XlahpError(f"{source}: {result.reason} (bounds: {MAX_SECONDS:g} s, {memory})")
    if isinstance(result, XlahpError):
        raise result
    return result


# --- the worker's side -----------------------------------------------------------------

def _die_with(parent: int) -> None:
    """End this process when *parent* ends (kill -9 included)."""
    if os.name != "posix":
        return  # Windows: the parent stops workers itself; a venv launcher is a parent between
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # it went before we could watch it

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _bound_memory(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(parent: int, memory: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    tasks = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    quiet = os.open(os.devnull, os.O_RDONLY)
    os.dup2(quiet, 0)
    os.dup2(2, 1)  # whatever a library prints goes to the log, not into the pipe
    bound = memory_bound(memory)[1]  # before this process lowers its own limit
    _bound_memory(memory)
    _send(answers, _READY)
    while (task := _receive(tasks)) is not _EOF:
        func, item = task
        exhausted = False
        try:
            answer: tuple[str, Any] = ("ok", func(item))
        except MemoryError:
            exhausted = True
            answer = ("failed", f"stopped: it needs more memory than the bound of "
                                f"{bound} per workbook")
        except Exception as error:  # noqa: BLE001 — reported as this file's failure
            answer = ("failed", f"could not be evaluated ({type(error).__name__}: "
                                f"{one_line(error)})")
        _send(answers, answer)
        if exhausted:
            return  # a fresh process for the next file


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]))
