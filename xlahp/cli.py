"""The ``xlahp`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import XlahpError


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    rows, evaluated = demo.reproduce(args.output)
    print("Iida & Torii (2011), AHP を応用した戦略的提携における企業価値評価 — reproduced")
    print(demo.table(rows))
    missed = [f for f in rows if not f.matches]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} figures match the paper.")
    print(f"Evaluated workbook: {evaluated}")
    return 1 if missed else 0


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.4f}"
    return "" if value is None else str(value)


def _calc(args: argparse.Namespace) -> int:
    from .calc import calculate, default_output

    target = args.output or default_output(Path(args.workbook))
    result = calculate(args.workbook, target)
    for h in result.headlines:
        print(f"{h.sheet}!{h.cell:6} {h.label[:36]:36} {h.function:16} {_format(h.value)}")
    for problem in result.problems:
        print(f"  ! {problem}", file=sys.stderr)
    print(f"wrote {target} ({len(result.values)} formula cells, "
          f"{len(result.problems)} with errors)")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
