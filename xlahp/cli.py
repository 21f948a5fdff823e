"""The ``xlahp`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import XlahpError, one_line


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    rows, evaluated = demo.reproduce(args.output)
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
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.4f}"
    return "" if value is None else str(value)


def _calc(args: argparse.Namespace) -> int:
    from .workbook.calc import calculate, default_output

    target = args.output or default_output(Path(args.workbook))
    result = calculate(args.workbook, target)
    for h in result.headlines:
        print(f"{h.sheet}!{h.cell:6} {h.label[:36]:36} {h.function:16} {_format(h.value)}")
    for problem in result.problems:
        print(f"  ! {problem}", file=sys.stderr)
    print(f"wrote {target} ({len(result.values)} formula cells, "
          f"{len(result.problems)} with errors)")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .templates import build
    from .templates.reuse import file_name, new_case

    case = new_case(args.name, args.partner, args.form, args.source)
    target = Path(args.output or ".")
    if target.is_dir() or args.output is None or args.output.endswith(("/", "\\")):
        target.mkdir(parents=True, exist_ok=True)
        target = target / file_name(args.name)
    if target.suffix.lower() != ".xlsx":
        raise XlahpError(f"{target}: a new alliance workbook is an .xlsx file")
    if target.exists() and not args.force:
        raise XlahpError(f"{target} exists; use --force to replace it")
    print(build(target, case=case))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .portfolio import report
    from .summary import write_csv, write_summary

    csv = Path(args.output).with_suffix(".csv")
    frame = report(args.paths, jobs=args.jobs, progress=sys.stderr.isatty(),
                   skip=(args.output, csv))
    write_summary(frame, args.output)
    print(f"wrote {args.output}")
    if args.csv:
        write_csv(frame, csv)
        print(f"wrote {csv}")
    failed = frame[frame["error"].notna()]
    for path, reason in zip(failed["file"], failed["error"]):
        print(f"  ! {reason if reason.startswith(path) else f'{path}: {reason}'}",
              file=sys.stderr)
    incomplete = int(frame["状態 status"].astype(str).str.startswith("未入力").sum())
    print(f"{len(frame)} workbooks: {len(frame) - len(failed) - incomplete} evaluated, "
          f"{incomplete} incomplete, {len(failed)} could not be read")
    return 1 if len(failed) else 0


def _functions(args: argparse.Namespace) -> int:
    from .udfs import reference

    print(reference(), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="xlahp",
        description="AHP enterprise-value evaluation (Iida & Torii 2011) for Excel workbooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="build the paper's example workbook, evaluate "
                               "it and print its figures beside the paper's")
    demo.add_argument("-o", "--output", default="xlahp-demo",
                      help="folder for the example and its evaluated copy (default: xlahp-demo)")
    demo.set_defaults(run=_demo)
    calc = commands.add_parser("calc", help="evaluate a workbook and write a copy with "
                               "the computed values (the input is never changed)")
    calc.add_argument("workbook", help="the .xlsx/.xlsm to evaluate")
    calc.add_argument("-o", "--output", help="where to write the copy "
                      "(default: NAME.calc.xlsx beside the input)")
    calc.set_defaults(run=_calc)
    new = commands.add_parser("new", help="a new alliance workbook from the template")
    new.add_argument("name", help="the alliance's name (提携名)")
    new.add_argument("--partner", help="the partner company (提携先)")
    new.add_argument("--form", help="業務提携, 資本提携, 資本業務提携 or 株式持ち合い")
    new.add_argument("--from", dest="source", metavar="WORKBOOK",
                     help="carry over an earlier alliance's answers, indicators and targets")
    new.add_argument("-o", "--output", help="file or folder to write (default: NAME.xlsx here)")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(run=_new)
    rep = commands.add_parser("report", help="summarise a portfolio of alliance workbooks")
    rep.add_argument("paths", nargs="+", help="workbooks or folders (searched recursively)")
    rep.add_argument("-o", "--output", default="summary.xlsx",
                     help="the summary workbook (default: summary.xlsx)")
    rep.add_argument("--csv", action="store_true", help="also write the table as CSV")
    rep.add_argument("-j", "--jobs", type=int, help="parallel workers (default: all cores)")
    rep.set_defaults(run=_report)
    commands.add_parser("functions", help="print the worksheet-function reference"
                        ).set_defaults(run=_functions)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except XlahpError as error:
        print(f"xlahp: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"xlahp: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xlahp: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug of ours: one line all the same, and how to report it
        print(f"xlahp: internal error ({type(error).__name__}: {one_line(error)}); "
              "please report it with the file that caused it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
