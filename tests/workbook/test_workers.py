"""Worker processes (xlahp.workbook.workers): the bounds they really run under, and no
silent fallback to unbounded evaluation (issue 23, 17)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

resource = pytest.importorskip("resource")


def run(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_an_inherited_address_space_limit_is_named_as_the_shells():
    """Under `ulimit -v` of 1.5 GiB, a workbook over it is stopped with that limit named as
    the shell's, not as xlahp's own 2 GiB."""
    said = run("""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**29, 3 * 2**29))
        from xlahp.workbook.workers import bounded_map, memory_bound
        print(memory_bound()[1])
        [(_, failed)] = list(bounded_map(bytearray, [2**31], 1))
        print(failed.reason)
    """).splitlines()
    assert said[0] == ("1,536 MiB, the address-space limit inherited from the shell "
                       "(ulimit -v; xlahp's own bound is 2,048 MiB)")
    assert said[1].startswith(f"stopped: it needs more memory than the bound of {said[0]}")


def test_too_few_file_descriptors_is_a_message_not_unbounded_evaluation():
    """With `ulimit -n` too low for a worker's pipes, the workbook is not evaluated here
    without bounds: it is reported, with the limit to raise."""
    said = run("""
        import os, resource, warnings
        from xlahp.workbook.workers import bounded_map
        warnings.simplefilter("error")  # a fallback in this process would warn
        used = len(os.listdir("/proc/self/fd"))
        resource.setrlimit(resource.RLIMIT_NOFILE, (used + 1, used + 1))
        [(_, failed)] = list(bounded_map(abs, [-1], 1))
        print(failed.reason)
    """)
    assert said == ("not evaluated: no worker process could be started (Too many open files: "
                    "raise the limit of open files, ulimit -n); xlahp evaluates a workbook only "
                    "under its time and memory bounds")
