"""The paper reproduced: each printed figure beside the value xlahp computes.

``xlahp demo`` builds the paper's A社 example from the template
(:mod:`xlahp.templates`), evaluates it headless (:mod:`xlahp.workbook.calc`) and reads
the figures back from the evaluated workbook by their defined names — so
every number shown is one the shipped workbook produces.  表3 comes from the
worksheet function AHP_TRIADS_MAX, the table being part of the method rather
than of the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlahp.core import paper
from xlahp.core.finance import PAPER_INDICATORS
from xlahp.core.literature import PUBLISHED_TRIAD_LIMITS
from xlahp.errors import InputError
from xlahp.sheet.registry import REGISTRY
from xlahp.templates import names
from xlahp.text import pad, pad_left



@dataclass(frozen=True)
class Figure:
    where: str      # 表2, 図8 …
    what: str
    printed: Any    # as the paper prints it
    ours: Any
    decimals: int | None = None  # the paper's precision; None: compare as text
    #: "computed" by the workbook; "input" typed into it (shown for reference);
    #: "table" the published table as AHP_TRIADS_MAX serves it
    source: str = "computed"

    @property
    def matches(self) -> bool:
        if self.decimals is None:
            return str(self.printed) == str(self.ours)
        return (isinstance(self.ours, (int, float)) and not isinstance(self.ours, bool)
                and round(self.ours, self.decimals) == round(self.printed, self.decimals))

    def shown(self, value: Any) -> str:
        if self.decimals is None or not isinstance(value, (int, float)):
            return str(value)
        return f"{value:,.{max(self.decimals, 0)}f}"


def figures(named: dict[str, list]) -> list[Figure]:
    """Every figure the paper prints, its value beside the evaluated workbook's."""
    rows = [Figure("表2", f"weight {item}", p, w, 3) for item, p, w in
            zip(paper.TABLE2_ITEMS, paper.TABLE2_WEIGHTS, named[names.EXAMPLE_WEIGHTS.name])]
    rows += [Figure("表2", "C.I.", paper.TABLE2_CI, named[names.EXAMPLE_CI.name][0], 4),
             Figure("表2", "Inconsistency (SuperDecisions) = C.R.",
                    paper.TABLE2_INCONSISTENCY, named[names.EXAMPLE_CR.name][0], 4)]
    rows += [Figure("図10", f"weight {item}", p, w, 3) for item, p, w in
             zip(paper.CRITERIA, paper.FIG8_WEIGHTS, named[names.WEIGHTS.name])]
    rows += [Figure("図10", "C.I.", paper.FIG8_CI, named[names.CI.name][0], 4),
             Figure("図10", "Inconsistency (SuperDecisions) = C.R.",
                    paper.FIG8_INCONSISTENCY, named[names.CR.name][0], 4),
             Figure("図10", "N.C. 一巡三角形", paper.FIG8_NC, named[names.NC.name][0], 0)]
    rows += _statements(named)
    limits = REGISTRY["AHP_TRIADS_MAX"].func
    for alpha, table in PUBLISHED_TRIAD_LIMITS.items():
        rows.append(Figure("表3", f"max N.C., α = {alpha:.2f}, n = 3…9",
                           " ".join(map(str, table.values())),
                           " ".join(str(limits(n, alpha)) for n in table), source="table"))
    current = dict(zip(PAPER_INDICATORS, named[names.CURRENT_VALUES.name]))
    target = dict(zip(PAPER_INDICATORS, named[names.TARGET_VALUES.name]))
    # 負債比率 is printed without the figures behind it: the example types it in;
    # the target 売上高 is the 中期計画's own figure
    typed = {("当期", "負債比率"), ("目標", "売上高")}
    for period, printed_values, ours in (("当期", paper.PRINTED_CURRENT, current),
                                         ("目標", paper.PRINTED_TARGET, target)):
        rows += [Figure("A社", f"{period} {name}", printed, ours[name],
                        paper.PRINTED_DECIMALS[name],
                        "input" if (period, name) in typed else "computed")
                 for name, printed in printed_values.items()]
    return rows


def _statements(named: dict[str, list]) -> list[Figure]:
    """§4's reading of 図10 beside 説明資料's statements and the cover's one line."""
    text = [t for t in named.get(names.EXPLANATION_TEXT.name, []) if t]
    line = str(_first(named.get(names.EXPLANATION.name)) or "")
    order = text[0].removeprefix("重要度の低い順に ").removesuffix("。") if text else ""
    leader, _, rest = line.partition("を最も重視")
    same = rest.partition("; ")[2]
    return [Figure("§4", "order 重要度の順", "<".join(paper.FIG10_ORDER), order),
            Figure("§4", "① most weighted もっとも重要視", paper.FIG10_LEADER, leader),
            Figure("§4", "②③ 同程度 about the same",
                   ", ".join("≈".join(pair) for pair in paper.FIG10_SAME), same)]


def _first(values: list | None) -> Any:
    return values[0] if values else None


#: The files ``xlahp demo`` writes into its folder: the example and its evaluated copy.
EXAMPLE, EVALUATED = "paper_example.xlsx", "paper_example.calc.xlsx"


def reproduce(folder: str | Path, force: bool = False) -> tuple[list[Figure], Path]:
    """Build the example into *folder*, evaluate it, and compare with the paper.

    Returns the figures and the path of the evaluated workbook.  Both are built aside
    first; a file of *folder* under their names is replaced only when it holds exactly what
    the demo writes (a rerun loses nothing) or with *force* — never a user's own workbook.
    """
    import shutil
    import tempfile

    from xlahp.templates import build
    from xlahp.workbook.calc import calculate
    from xlahp.workbook.files import atomic_output

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; give -o the folder the demo writes into")
    with tempfile.TemporaryDirectory(prefix="xlahp-demo-") as scratch:
        built = build(Path(scratch) / EXAMPLE, example=True)
        named = calculate(built, Path(scratch) / EVALUATED).named
        made = [(Path(scratch) / name, folder / name) for name in (EXAMPLE, EVALUATED)]
        theirs = [target for made_here, target in made
                  if not force and (target.exists() or target.is_symlink())
                  and not _same_bytes(made_here, target)]
        if theirs:
            raise InputError(f"{theirs[0]} exists and is not the demo's own (changed since, or "
                             "another file); use --force to replace it, or -o another folder")
        folder.mkdir(parents=True, exist_ok=True)
        for made_here, target in made:
            with atomic_output(target) as temporary:
                shutil.copyfile(made_here, temporary)
    return figures(named), folder / EVALUATED


def _same_bytes(ours: Path, theirs: Path) -> bool:
    """True when the regular file *theirs* holds exactly the bytes of *ours*."""
    import filecmp

    return theirs.is_file() and not theirs.is_symlink() and filecmp.cmp(ours, theirs,
                                                                        shallow=False)


def table(rows: list[Figure]) -> str:
    """The figures as a plain-text table for the terminal."""
    mark = {"computed": "", "input": " (input)", "table": " (table)"}
    lines = [f"{pad('', 5)}{pad('figure', 40)} {pad_left('paper', 16)} {pad_left('xlahp', 16)}  ok"]
    statements = [f for f in rows if f.where == "§4"]
    for f in rows:
        if f not in statements:
            lines.append(f"{pad(f.where, 5)}{pad(f.what, 40)} {pad_left(f.shown(f.printed), 16)} "
                         f"{pad_left(f.shown(f.ours), 16)}  {'✓' if f.matches else '✗'}"
                         f"{mark[f.source]}")
    if statements:  # the words: too long for the columns, each on lines of its own
        lines.append("§4   the paper's reading of 図10 (xlahp: 説明資料, AHP_EXPLAIN)")
        for f in statements:
            lines += [f"     {pad(f.what, 34)} paper  {f.printed}",
                      f"     {pad('', 34)} xlahp  {f.ours}  {'✓' if f.matches else '✗'}"]
    return "\n".join(lines)
