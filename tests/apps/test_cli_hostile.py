"""The command line under signals, typos and user files in the way (issue 23, items 2, 3, 4
and the README's new-user points)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlahp.apps import cli

pytestmark = pytest.mark.slow  # workbooks built and evaluated end to end

ROOT = Path(__file__).parents[2]

#: report, its evaluation replaced by a one-row table, its summary written halfway when the
#: signal arrives: what is left behind is the signal's doing alone.
SIGNALLED_WRITE = textwrap.dedent("""
    import os, signal, sys, time
    import pandas as pd
    from xlahp.apps import cli, portfolio, summary
    from xlahp.workbook.files import atomic_output

    def table(found, **_):
        return pd.DataFrame([{"file": "a.xlsx", "error": None, portfolio.STATUS: "OK"}])

    def signalled_while_writing(frame, target):
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"half a summary")
            os.kill(os.getpid(), int(sys.argv[2]))
            time.sleep(5)  # the handler runs before this ends

    portfolio.report, summary.write_summary = table, signalled_while_writing
    sys.exit(cli.main(["report", sys.argv[1], "-o", os.path.join(os.path.dirname(sys.argv[1]),
                                                                  "s.xlsx")]))
""")


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("number", [int(s) for s in cli.STOPPING])
def test_a_stopping_signal_while_writing_leaves_no_partial_file(tmp_path, number):
    assert {signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1} <= set(cli.STOPPING)
    given = tmp_path / "a.xlsx"
    given.write_bytes(b"the user's file")
    done = subprocess.run([sys.executable, "-c", SIGNALLED_WRITE, str(given), str(number)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    name = signal.Signals(number).name
    assert done.returncode == 128 + number, done.stderr
    assert done.stderr == f"xlahp: stopped ({name}); nothing partial was left behind\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]  # no s.xlsx, no *.tmp
    assert given.read_bytes() == b"the user's file"


def test_the_handlers_are_put_back_after_the_command(tmp_path, capsys):
    before = {number: signal.getsignal(number) for number in cli.STOPPING}
    assert cli.main(["report", str(tmp_path / "absent.xlsx")]) == 2
    assert {number: signal.getsignal(number) for number in cli.STOPPING} == before


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_a_closed_terminal_still_leaves_no_partial_file(tmp_path):
    """The terminal is gone (its end of the pipe closed): the message cannot be shown,
    the partial summary is removed all the same."""
    import os

    given = tmp_path / "a.xlsx"
    given.write_bytes(b"the user's file")
    read, write = os.pipe()
    child = subprocess.Popen([sys.executable, "-c", SIGNALLED_WRITE, str(given),
                              str(int(signal.SIGHUP))], stdout=write, stderr=write, cwd=ROOT)
    os.close(write)
    os.close(read)
    assert child.wait(timeout=60) == 128 + signal.SIGHUP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


# --- 3. demo -o DIR never overwrites a user's file -----------------------------------------

def test_demo_never_overwrites_a_users_file_of_its_name(tmp_path, capsys):
    own = tmp_path / "paper_example.xlsx"
    own.write_bytes(b"my own workbook")
    assert cli.main(["demo", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (f"xlahp: {own} exists and is not the demo's own (changed since, or another "
                   "file); use --force to replace it, or -o another folder\n")
    assert own.read_bytes() == b"my own workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper_example.xlsx"]


@pytest.mark.slow
def test_demo_reruns_over_its_own_files_and_refuses_a_changed_copy(tmp_path, capsys):
    from openpyxl import load_workbook

    assert cli.main(["demo", "-o", str(tmp_path)]) == 0
    assert cli.main(["demo", "-o", str(tmp_path)]) == 0  # its own files: replaced, nothing lost
    evaluated = tmp_path / "paper_example.calc.xlsx"
    book = load_workbook(evaluated)
    book["表紙"]["D6"] = "the user's notes"
    book.save(evaluated)
    changed = evaluated.read_bytes()
    capsys.readouterr()
    assert cli.main(["demo", "-o", str(tmp_path)]) == 2
    assert f"{evaluated} exists and is not the demo's own" in capsys.readouterr().err
    assert evaluated.read_bytes() == changed
    assert cli.main(["demo", "-o", str(tmp_path), "--force"]) == 0
    assert load_workbook(evaluated)["表紙"]["D6"].value != "the user's notes"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_demo_into_a_file_is_refused(tmp_path, capsys):
    given = tmp_path / "notes.txt"
    given.write_text("mine")
    assert cli.main(["demo", "-o", str(given)]) == 2
    assert capsys.readouterr().err == (f"xlahp: {given}: is a file; give -o the folder the demo "
                                       "writes into\n")
    assert given.read_text() == "mine"


# --- 4. a workbook carrying the summary's mark --------------------------------------------

@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> Path:
    """The paper's alliance workbook carrying the document property of xlahp's summaries."""
    import openpyxl
    from openpyxl.packaging.custom import StringProperty

    from xlahp.apps.portfolio import SUMMARY_MARK
    from xlahp.templates import build

    folder = tmp_path_factory.mktemp("marked")
    book = openpyxl.load_workbook(build(folder / "plain.xlsx", example=True))
    book.custom_doc_props.append(StringProperty(name=SUMMARY_MARK[0], value=SUMMARY_MARK[1]))
    book.save(folder / "marked.xlsx")
    return folder / "marked.xlsx"


def test_a_marked_workbook_in_a_folder_is_skipped_and_said(marked):
    from xlahp.apps.portfolio import scan

    found = scan([marked.parent])
    assert [p.name for p in found.files] == ["plain.xlsx"]
    assert found.notes == [f"{marked}: a summary xlahp wrote, skipped (document property "
                           "xlahp: portfolio summary; name it to read it anyway)"]


def test_a_marked_workbook_named_is_evaluated_and_said(marked, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    assert cli.main(["report", str(marked), "-o", str(out), "-j", "1"]) == 0
    said = capsys.readouterr()
    assert said.err == (f"  = {marked}: marked as a summary xlahp wrote (document property "
                        "xlahp: portfolio summary); read because it was named\n")
    assert "1 workbooks: 1 evaluated, 0 incomplete, 0 could not be read" in said.out
    sheet = load_workbook(out)["一覧 Summary"]
    assert sheet["A2"].value == "A社 株式持ち合いによる戦略的提携 (論文の例)"


# --- the README, as a new user read it: --version, a typo in a command ---------------------

def test_version_is_the_installed_packages(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"xlahp {version('xlahp')}\n"


@pytest.mark.parametrize("typed,meant", [("reprot", "report"), ("Report", "report"),
                                         ("calculate", "calc"), ("dmeo", "demo"),
                                         ("functon", "functions"), ("serv", "serve")])
def test_a_typo_in_a_command_suggests_the_nearest(typed, meant, capsys):
    assert cli.main([typed, "folder"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"xlahp: unknown command {typed!r}; did you mean {meant}? (commands: ")
    assert err.count("\n") == 1


def test_an_unknown_command_lists_the_commands(capsys):
    assert cli.main(["zzz"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("xlahp: unknown command 'zzz' (commands: demo, calc, new, report")
    assert "did you mean" not in err


def test_a_librarys_warning_is_one_line_without_its_paths(tmp_path, capsys, monkeypatch):
    """Issue 23.16: a warning raised inside a library (xlsxwriter's, openpyxl's) printed
    its site-packages path and source line; the command line says it in one line."""
    import warnings

    from xlahp.apps import cli

    def warn_inside(args):
        warnings.warn("Header string cannot be longer than Excel's limit of 255 characters")
        return 0

    monkeypatch.setattr(cli, "_functions", warn_inside)
    assert cli.main(["functions"]) == 0
    err = capsys.readouterr().err
    assert err == ("xlahp: note: Header string cannot be longer than Excel's limit of 255 "
                   "characters\n")
