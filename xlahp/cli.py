"""The ``xlahp`` command line."""

from __future__ import annotations

import argparse
import sys

from .errors import XlahpError


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    rows = demo.figures()
    print("Iida & Torii (2011), AHP を応用した戦略的提携における企業価値評価 — reproduced")
    print(demo.table(rows))
    missed = [f for f in rows if not f.matches]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} figures match the paper.")
    return 1 if missed else 0


def _functions(args: argparse.Namespace) -> int:
    from .udfs import reference

    print(reference(), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="xlahp",
        description="AHP enterprise-value evaluation (Iida & Torii 2011) for Excel workbooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="reproduce the paper's figures").set_defaults(run=_demo)
    commands.add_parser("functions", help="print the worksheet-function reference"
                        ).set_defaults(run=_functions)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except XlahpError as error:
        print(f"xlahp: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
