"""The ``xlahp`` command line."""

from __future__ import annotations

import argparse
import math
import signal
import sys
import warnings
from pathlib import Path

from xlahp.errors import InputError, InternalError, XlahpError, one_line


def _demo(args: argparse.Namespace) -> int:
    from xlahp.apps import demo

    rows, evaluated = demo.reproduce(args.output, args.force)
    print("Iida & Torii (2011), AHP を応用した戦略的提携における企業価値評価 — reproduced")
    print(demo.table(rows))
    missed = [f for f in rows if not f.matches]
    computed = [f for f in rows if f.source == "computed"]
    print(f"\n{sum(f.matches for f in computed)} of {len(computed)} computed figures match "
          f"the paper ({len(rows) - len(computed)} more rows are inputs or the published "
          "table, shown for reference).")
    print(f"Evaluated workbook: {evaluated}")
    return 1 if missed else 0


def _format(value) -> str:
    """A figure as calc prints it: whole numbers whole, others to 4 decimals; one too large
    or too small for that (1.6e308 would take 309 digits, 1e-9 show as 0.0000) in
    scientific notation."""
    if isinstance(value, float):
        if not math.isfinite(value) or value and not 1e-4 <= abs(value) < 1e15:
            return f"{value:.6g}"
        return f"{value + 0.0:.0f}" if value.is_integer() else f"{value:.4f}"  # -0 as 0
    return "" if value is None else str(value)


def _calc(args: argparse.Namespace) -> int:
    from xlahp.sheet import checks
    from xlahp.templates import names
    from xlahp.text import pad
    from xlahp.workbook.cached_values import ExcelError
    from xlahp.workbook.calc import calculate_bounded, default_output

    source = _workbook_file(args.workbook)
    target = args.output or default_output(source)
    result = calculate_bounded(source, target, args.recalculate)
    for label, values in _grouped((h.label, h) for h in headlines(result)):
        where = values[0].sheet + "!" + values[0].cell if values[0].sheet else ""
        _say(f"{pad(label, 24)} {pad(' '.join(_format(h.value) for h in values), 40)} {where}")
    roots = [p for p in result.problems if p.root]
    following = len(result.problems) - len(roots)
    causes = list(_grouped((p.reason, p) for p in roots))
    for _, same in causes[:_SHOWN]:  # the causes first: the cells whose own inputs are wrong
        more = f" (also {', '.join(p.cell for p in same[1:6])}{' …' if len(same) > 6 else ''})"
        _say(f"  ! {same[0]}{more if len(same) > 1 else ''}", sys.stderr)
    if len(causes) > _SHOWN:
        _say(f"  ! … and {len(causes) - _SHOWN} more problems like these", sys.stderr)
    if following:
        _say(f"  ! {following} more cells show an error because they refer to "
             f"{'these' if roots else 'an error'}", sys.stderr)
    for kept in result.kept[:_SHOWN]:
        _say(f"  = {kept}", sys.stderr)
    if len(result.kept) > _SHOWN:
        _say(f"  = … and {len(result.kept) - _SHOWN} more cells keep Excel's value", sys.stderr)
    _say(f"wrote {target}: {len(result.values)} formula cells computed "
         f"({result.errors} show an error), {result.unchanged} keep the value Excel computed"
         + (f" ({len(result.kept)} of them could not be computed here)" if result.kept else ""))
    shown = headlines(result)
    failed = [h for h in shown if isinstance(h.value, ExcelError) or h.value is None]
    status = next((h.value for h in shown if h.function == names.STATUS.name), None)
    if status is not None:  # a template's own overall status decides, in its words
        code = checks.kind(status)
        if code != checks.OK:
            _say(f"xlahp: the workbook's status is {status if code else repr(status)}",
                 sys.stderr)
        return 0 if code == checks.OK else 1
    if failed:
        _say(f"xlahp: {len(failed)} headline figure(s) could not be computed "
             f"({', '.join(dict.fromkeys(h.label or h.cell for h in failed))})", sys.stderr)
    return 1 if failed else 0


def headlines(result):
    """What ``calc`` prints first: a template's named results with the labels its sheets
    use (:mod:`xlahp.templates.names`), or the cells that call xlahp's functions."""
    from xlahp.templates import names
    from xlahp.workbook.calc import named_headlines

    for wanted in (names.HEADLINES, names.PARTNER_HEADLINES):
        if all(n.name in result.named for n in wanted):
            return named_headlines(result.named, [(n.name, n.label) for n in wanted])
    return result.headlines


def _grouped(pairs):
    """(key, [items]) for runs of items sharing a key, in first-seen order."""
    groups: dict = {}
    for key, item in pairs:
        groups.setdefault(key, []).append(item)
    return groups.items()


#: Problems listed one by one before the rest are counted.
_SHOWN = 20


def _new(args: argparse.Namespace) -> int:
    from xlahp.templates import build, build_partner
    from xlahp.templates.reuse import file_name, new_case, new_partner_case
    from xlahp.workbook.files import same_file

    if args.kind == "partner-selection":
        given = [o for o, v in (("--partner", args.partner), ("--form", args.form),
                                ("--from", args.source), ("--period", args.period))
                 if v is not None]
        if given:
            raise InputError(f"{', '.join(given)}: only for an alliance workbook, not for a "
                             "partner selection (--kind partner-selection)")
        case = new_partner_case(args.name)
    else:
        case = new_case(args.name, args.partner, args.form, args.source, args.period)
    target = Path(args.output or ".")
    if target.is_dir() or args.output is None or args.output.endswith(("/", "\\")):
        target.mkdir(parents=True, exist_ok=True)
        target = target / file_name(args.name)
    if target.suffix.lower() != ".xlsx":
        raise InputError(f"{target}: a new alliance workbook is an .xlsx file")
    if not target.parent.is_dir():
        raise InputError(f"{target}: the folder {target.parent} does not exist")
    if args.source is not None and same_file(target, args.source):
        raise InputError(f"{target}: is the workbook --from reads; choose another output")
    if target.exists() and not args.force:
        raise InputError(f"{target} exists; use --force to replace it")
    make = build_partner if args.kind == "partner-selection" else build
    _say(make(target, case=case, evaluated=True))  # opens clean in any viewer
    return 0


def _import(args: argparse.Namespace) -> int:
    from xlahp.imports import fetch
    from xlahp.apps.importer import import_filing

    fetching = any(v is not None for v in (args.doc_id, args.edinet_code, args.fiscal_year))
    listing = args.holdings == ""
    paths = list(args.paths)
    wanted = (0 if fetching else 1) + (0 if listing else 1)
    if len(paths) != wanted and not (listing and len(paths) == wanted + 1):
        usage = ("xlahp import FILING WORKBOOK, or xlahp import --doc-id S100XXXX WORKBOOK"
                 if not listing else "xlahp import FILING --holdings")
        raise InputError(f"give {'the workbook' if fetching else 'the filing and the workbook'}"
                         f" ({usage}); got {len(paths)} path(s)")
    if fetching:
        folder = Path(paths[0]).parent if paths else Path(".")
        filing = fetch(args.edinet_code, args.fiscal_year, args.doc_id, dest=folder)
        _say(f"downloaded {filing}")
    else:
        filing = Path(paths.pop(0))
    if listing:
        return _list_holdings(filing)
    source = _workbook_file(paths[0])
    target = Path(args.output) if args.output else source.with_name(
        f"{source.stem}.imported{source.suffix}")
    outcome = import_filing(filing, source, target, not args.non_consolidated, args.force,
                            args.holdings)
    read = outcome.filing
    _say(f"EDINET {read.reference} {read.company} ({read.edinet_code}), 有価証券報告書 "
         f"{read.period_end} — {'連結 consolidated' if read.consolidated else '個別 non-consolidated'}"
         f", {read.standard}")
    for cell in outcome.written:
        _say(f"  + {cell.address} {cell.label} = {cell.shown} {cell.unit}".rstrip()
             + f"  ← {cell.source}")
    for kept in outcome.kept:
        _say(f"  = {kept}", sys.stderr)
    if outcome.missing:
        _say(f"  - not in the filing (入力不足 where blank): {', '.join(outcome.missing)}",
             sys.stderr)
    for note in outcome.notes:
        _say(f"  note: {note}", sys.stderr)
    _say(f"wrote {target}: {len(outcome.written)} cells imported, {outcome.unchanged} already "
         f"as in the filing, {len(outcome.kept)} left alone")
    return 1 if outcome.kept else 0


def _list_holdings(filing: Path) -> int:
    """``import --holdings``: the filing's 特定投資株式 rows, to choose one from."""
    from xlahp.imports import read_filing
    from xlahp.text import pad

    read = read_filing(filing)
    if not read.holdings:
        _say(f"{filing}: the filing does not tag its 特定投資株式 table row by row (filings "
             "before March 2019 state it as text only)", sys.stderr)
        return 1
    _say(f"特定投資株式 of {read.company} ({read.reference}, {read.period_end}): "
         "import --holdings N (or part of the name) fills 保有株式 from row N")

    def amount(value, scale=1.0):
        return "" if value is None else f"{value / scale:,.0f}"

    _say(f"  {pad('行', 4)}{pad('銘柄 issuer', 34)}{pad('株式数', 14)}{pad('計上額 百万円', 14)}"
         f"{pad('前期 株式数', 14)}{pad('前期 計上額', 12)}保有の有無")
    for h in read.holdings:
        _say(f"  {pad(str(h.row), 4)}{pad(h.name or '', 34)}{pad(amount(h.shares), 14)}"
             f"{pad(amount(h.carrying_amount, 1e6), 14)}{pad(amount(h.previous_shares), 14)}"
             f"{pad(amount(h.previous_carrying_amount, 1e6), 12)}{h.held_by_counterparty or ''}")
    return 0


def _workbook_file(given: str) -> Path:
    """The workbook a command was given, refused in one line when it names no file."""
    if not given.strip():
        raise InputError("no workbook given: name an .xlsx/.xlsm file")
    path = Path(given)
    if path.is_dir():
        raise InputError(f"{given}: is a folder, not a workbook (xlahp report reads folders)")
    if not path.exists():
        raise InputError(f"{given}: no such file")
    return path


def check_report_output(output: Path, csv: Path | None, paths: list[str]):
    """Refuse, before anything is evaluated, an output that is not a new .xlsx
    (or an earlier summary) in an existing folder, or that is — under any
    spelling — one of the report's inputs; the same for the CSV beside it.  A path given
    that does not exist is refused too: nothing is written for a typo."""
    from xlahp.apps.portfolio import is_summary, scan
    from xlahp.workbook.files import same_file

    absent = [p for p in paths if not p.strip() or not Path(p).exists()]
    if absent:
        shown = ", ".join(repr(p) for p in absent[:3]) + ("…" if len(absent) > 3 else "")
        raise InputError(f"{shown}: no such file or folder; nothing was written")

    if output.suffix.lower() != ".xlsx":
        raise InputError(f"{output}: the summary is an Excel workbook; give -o a name ending "
                         "in .xlsx (with --csv the CSV is written beside it)")
    if output.is_dir():
        raise InputError(f"{output}: is a folder; give -o a file name for the summary")
    if not output.parent.is_dir():
        raise InputError(f"{output}: the folder {output.parent} does not exist")
    found = scan(paths)  # once: the report reads what is checked here
    inputs = [*map(Path, paths), *found.files]
    for target in (output, csv):
        source = next((s for s in inputs if target is not None and same_file(target, s)), None)
        if source is not None:
            spelled = "" if str(source) == str(target) else f" ({source})"
            raise InputError(f"{target}: is an input of this report{spelled}; "
                             "choose another output")
    ours = output.exists() and is_summary(output)
    if output.exists() and not ours:
        raise InputError(f"{output}: exists and is not a summary xlahp wrote; choose another "
                         "name (xlahp replaces only its own summaries)")
    if csv is not None and csv.exists() and not ours:
        raise InputError(f"{csv}: exists and was not written with a summary {output.name}; "
                         "choose another -o name (xlahp replaces only its own outputs)")
    return found


def _report(args: argparse.Namespace) -> int:
    from xlahp.apps.portfolio import INCOMPLETE, STATUS, latest, plan_jobs, report
    from xlahp.apps.summary import write_csv, write_summary

    plan_jobs(args.jobs, 1)  # -j 0 is refused before anything else
    output = Path(args.output)
    csv = output.with_suffix(".csv") if args.csv else None
    found = check_report_output(output, csv, args.paths)
    for note in found.notes:
        _say(f"  = {note}", sys.stderr)
    frame = report(found, jobs=args.jobs, progress=sys.stderr.isatty())
    for note in frame.attrs.get("notes", []):
        _say(f"  = {note}", sys.stderr)
    write_summary(frame, output)
    _say(f"wrote {output}")
    if csv is not None:
        write_csv(frame, csv)
        _say(f"wrote {csv}")
    failed = frame[frame["error"].notna()]
    for path, reason in zip(failed["file"], failed["error"]):
        _say(f"  ! {reason if reason.startswith(path) else f'{path}: {reason}'}", sys.stderr)
    incomplete = int((frame[STATUS] == INCOMPLETE).sum())
    _say(f"{len(frame)} workbooks: {len(frame) - len(failed) - incomplete} evaluated, "
         f"{incomplete} incomplete, {len(failed)} could not be read"
         + (f"; {len(latest(frame))} alliances" if len(latest(frame)) < len(frame) else ""))
    return 1 if len(failed) else 0


def _say(text: object, stream=None) -> None:
    """Print for a terminal: file names' undecodable bytes and control characters
    (escape sequences) shown escaped, never sent raw."""
    from xlahp.workbook.files import printable

    print(printable(str(text)), file=stream or sys.stdout)


def _serve(args: argparse.Namespace) -> int:
    from xlahp.apps.serve import run

    run(args.host, args.port, args.workers, args.certfile, args.keyfile)
    return 0


def _lite(args: argparse.Namespace) -> int:
    from xlahp.apps.serve import lite_files
    from xlahp.workbook.files import atomic_output

    folder = Path(args.output)
    if not folder.is_dir():
        raise InputError(f"{folder}: the folder does not exist")
    files = lite_files(args.wheel)
    targets = [folder / name for name in files]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        raise InputError(f"{existing[0]} exists; use --force to replace it")
    for target, text in zip(targets, files.values()):
        with atomic_output(target) as temporary:
            temporary.write_text(text, encoding="utf-8")
        _say(f"wrote {target}")
    _say("In Excel: open xlwings Lite, add requirements.txt's lines to its requirements.txt "
         "tab and main.py's to its main.py tab; then =AHP_WEIGHTS(B3:F7) works as in the "
         "templates")
    return 0


#: Top-level modules of the extra xlahp[headless] (xlahp demo, calc, new, report).
HEADLESS = {"formualizer", "openpyxl", "lxml", "pandas", "xlsxwriter", "tqdm"}


def _functions(args: argparse.Namespace) -> int:
    from xlahp.sheet.registry import reference

    print(reference(), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    from xlahp.workbook.workers import MAX_MEMORY, MAX_SECONDS

    from xlahp import __version__

    parser = argparse.ArgumentParser(
        prog="xlahp",
        description="AHP enterprise-value evaluation (Iida & Torii 2011) for Excel workbooks.")
    parser.add_argument("--version", action="version", version=f"xlahp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="build the paper's example workbook, evaluate "
                               "it and print its figures beside the paper's")
    demo.add_argument("-o", "--output", default="xlahp-demo",
                      help="folder for the example and its evaluated copy (default: xlahp-demo)")
    demo.add_argument("--force", action="store_true", help="replace files of that name that "
                      "the demo did not write (a rerun replaces its own without it)")
    demo.set_defaults(run=_demo)
    calc = commands.add_parser("calc", help="evaluate a workbook and write a copy with "
                               "the computed values (the input is never changed)")
    calc.add_argument("workbook", help="the .xlsx/.xlsm to evaluate")
    calc.add_argument("-o", "--output", help="where to write the copy "
                      "(default: NAME.calc.xlsx beside the input)")
    calc.add_argument("--recalculate", action="store_true",
                      help="compute every formula, not only xlahp's cells and what depends on "
                      "them; where the engine differs from the value Excel saved, Excel's stays "
                      "and the cell is listed")
    calc.set_defaults(run=_calc)
    new = commands.add_parser("new", help="a new alliance workbook from the template")
    new.add_argument("name", help="the alliance's name (提携名)")
    new.add_argument("--partner", help="the partner company (提携先)")
    new.add_argument("--form", help="業務提携, 資本提携, 資本業務提携 or 株式持ち合い")
    new.add_argument("--from", dest="source", metavar="WORKBOOK",
                     help="the next period of that workbook's alliance: its ID, cover, view, "
                     "indicators, targets and KPI log carried, its 当期 figures as 前期")
    new.add_argument("--period", help="the evaluation period (評価期間): FY2024, 2024Q1, 2024-04 "
                     "…; with --from, default the period after the earlier one's")
    new.add_argument("-o", "--output", help="file or folder to write (default: NAME.xlsx here)")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.add_argument("--kind", choices=("alliance", "partner-selection"), default="alliance",
                     help="alliance (default: the enterprise-value workbook) or "
                     "partner-selection (提携先の選定: candidates compared by AHP)")
    new.set_defaults(run=_new)
    rep = commands.add_parser("report", help="summarise a portfolio of alliance workbooks")
    rep.add_argument("paths", nargs="+", help="workbooks or folders (searched recursively)")
    rep.add_argument("-o", "--output", default="summary.xlsx",
                     help="the summary workbook (default: summary.xlsx)")
    rep.add_argument("--csv", action="store_true", help="also write the table as CSV")
    rep.add_argument("-j", "--jobs", type=int, help="parallel workers (default and most: "
                     "the machine's cores); each workbook has at most "
                     f"{MAX_SECONDS:g} s and {MAX_MEMORY // 2**20:,} MiB")
    rep.set_defaults(run=_report)
    imp = commands.add_parser(
        "import", help="fill 財務諸表's 当期 and 前期 (or 保有株式) of an alliance workbook "
        "from an EDINET filing, each figure beside its source; writes a copy",
        usage="xlahp import FILING WORKBOOK [-o OUT] [--non-consolidated] [--force] "
              "[--holdings [N|NAME]] [--doc-id S100XXXX | --edinet-code E0XXXX "
              "--fiscal-year YYYY]")
    imp.add_argument("paths", nargs="*", metavar="FILING WORKBOOK",
                     help="the filing (EDINET XBRL zip, CSV zip, .xbrl or CSV) and the workbook; "
                     "only the workbook with --doc-id or --edinet-code")
    imp.add_argument("-o", "--output", help="where to write the copy "
                     "(default: NAME.imported.xlsx beside the workbook)")
    imp.add_argument("--non-consolidated", action="store_true",
                     help="the reporting company's own statements (個別), not the group's")
    imp.add_argument("--force", action="store_true", help="replace figures typed in the "
                     "workbook with the filing's (formulas are never replaced)")
    imp.add_argument("--holdings", nargs="?", const="", metavar="N|NAME",
                     help="alone: list the filing's 特定投資株式; with a row number or part of "
                     "a name: fill the 保有株式 sheet from that row instead of 財務諸表")
    imp.add_argument("--doc-id", help="download the filing first (EDINET API v2, key in "
                     "EDINET_API_KEY)")
    imp.add_argument("--edinet-code", help="… or find it by the filer's EDINET code")
    imp.add_argument("--fiscal-year", type=int, help="… and the calendar year its fiscal "
                     "year ends in")
    imp.set_defaults(run=_import)
    commands.add_parser("functions", help="print the worksheet-function reference"
                        ).set_defaults(run=_functions)
    serve = commands.add_parser("serve", help="serve the worksheet functions to Excel on Mac "
                                "and on the web (xlwings Server; needs xlahp[server])")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                       "127.0.0.1, this machine only; 0.0.0.0 for every interface)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default: 1); the functions keep no state")
    serve.add_argument("--certfile", help="TLS certificate (PEM) for HTTPS, which Excel's "
                       "add-ins need")
    serve.add_argument("--keyfile", help="the certificate's private key (PEM)")
    serve.set_defaults(run=_serve)
    lite = commands.add_parser("lite", help="write main.py and requirements.txt that put the "
                               "worksheet functions into xlwings Lite")
    lite.add_argument("wheel", help="where the add-in can download xlahp's wheel: an https URL "
                      "ending in xlahp-VERSION-py3-none-any.whl (build it with "
                      "pip wheel --no-deps .)")
    lite.add_argument("-o", "--output", default=".", help="folder to write to (default: here)")
    lite.add_argument("--force", action="store_true", help="replace existing files")
    lite.set_defaults(run=_lite)
    given = sys.argv[1:] if argv is None else list(argv)
    if given and not given[0].startswith("-") and given[0] not in commands.choices:
        _say(f"xlahp: {_unknown_command(given[0], list(commands.choices))}", sys.stderr)
        return 2
    args = parser.parse_args(given)
    previous = _on_terminate()
    try:
        with warnings.catch_warnings():  # a library's warning: one line, no paths of ours
            warnings.showwarning = _note
            return args.run(args)
    except InternalError as error:  # ours, told in one line: exit 3 like any other bug
        _say(f"xlahp: internal error ({one_line(error)}); please report it with the file "
             "that caused it", sys.stderr)
        return 3
    except XlahpError as error:  # input to fix, a refused file, a bound reached: exit 2
        _say(f"xlahp: {error}", sys.stderr)
        return 2
    except OSError as error:
        name = error.filename or error.filename2
        _say(f"xlahp: {f'{name}: ' if name else ''}{error.strerror or one_line(error)}",
             sys.stderr)
        return 2
    except KeyboardInterrupt:
        _say("xlahp: interrupted", sys.stderr)
        return 130
    except Exception as error:  # a bug of ours: one line all the same, and how to report it
        if isinstance(error, ModuleNotFoundError) and (
                (error.name or "").partition(".")[0] in HEADLESS):
            _say(f"xlahp: {args.command} needs the headless tools ({error.name} is not "
                 "installed); install them with pip install \"xlahp[headless]\"", sys.stderr)
            return 2
        _say(f"xlahp: internal error ({type(error).__name__}: {one_line(error)}); "
             "please report it with the file that caused it", sys.stderr)
        return 3
    finally:
        for number, handler in previous.items():
            if handler is not None:  # None: one set outside Python, which cannot be restored
                signal.signal(number, handler)


def _note(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning told as a one-line note: what it says, not where in site-packages it was
    raised (issue 23.16)."""
    _say(f"xlahp: note: {one_line(message)}", sys.stderr)


def _unknown_command(given: str, known: list[str]) -> str:
    """The one line for a command that does not exist, with the nearest one when a typo
    explains it (``reprot`` → report), as misspelt worksheet functions are told."""
    from difflib import get_close_matches

    guess = get_close_matches(given.lower(), known, 1, 0.6)
    return (f"unknown command {given!r}" + (f"; did you mean {guess[0]}?" if guess else "")
            + f" (commands: {', '.join(known)})")


#: Signals whose default ends the process at once, leaving a partial output behind:
#: kill and CI timeouts (SIGTERM), a closing terminal or a dropped ssh session (SIGHUP),
#: a script's own SIGUSR1/SIGUSR2, ``ulimit -t`` (SIGXCPU).  Ctrl-C is KeyboardInterrupt.
STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2",
                                                    "SIGXCPU") if hasattr(signal, name))


def _on_terminate() -> dict:
    """Each of :data:`STOPPING` as an exception, so that partial outputs are removed and
    worker processes stopped on the way out; returns the handlers it replaced (empty when
    they cannot be set)."""
    def stop(signum, frame):
        for other in STOPPING:  # the way out is not cut short by a second signal
            signal.signal(other, signal.SIG_IGN)
        try:  # a closed terminal cannot be told: still stopped cleanly
            _say(f"xlahp: stopped ({signal.Signals(signum).name}); nothing partial was left "
                 "behind", sys.stderr)
        except OSError:
            pass
        raise SystemExit(128 + signum)

    try:
        return {number: signal.signal(number, stop) for number in STOPPING}
    except ValueError:  # not the main thread: leave them as they are
        return {}


if __name__ == "__main__":
    sys.exit(main())
