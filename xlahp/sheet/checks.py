"""状態 — one line of text per input block saying whether it can be used, and if not,
what is wrong and where.

The workbook shows these in a status cell above each block (questionnaire, matrix,
statement, targets, 倒産指数), so the reason for a refused or provisional figure can be
read in the workbook itself — in any host, and in a viewer without xlahp, which shows
the text computed last.  A status never raises: whatever is wrong with the block is
what it reports, every finding counted and the first few named.

Every status starts with one of the codes of :data:`KINDS`, then a space: the one
protocol by which cells of the workbook pass a finding on (a formula tests it with
``LEFT(status, n)``; :func:`kind` reads it; :func:`standing` builds the value index's
standing from the statuses it is given).  Japanese first, English after.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from xlahp.errors import InputError
from xlahp.core import consistency, exits, finance, views
from xlahp.core.finance import PERIOD_JA, Statement
from xlahp.core.literature import CR_THRESHOLD, SCALE_MAX
from xlahp.core.periods import cadence_of
from xlahp.core.pairwise import out_of_scale
from xlahp.core.value import ValueIndex, value_index
from xlahp.core.weights import nonnegative
from xlahp.sheet import readers
from xlahp.sheet.args import VALUE_ARGS
from xlahp.sheet.cells import (as_grid, choose, excel_error, finite, flat, is_blank, number,
                               numbers, shown)

OK, NOTE, EXPLAIN, REVIEW, EXIT, EMPTY, INSOLVENT, UNDEFINED, ERROR = (
    "OK", "注意", "要説明", "要再検討", "Exit 検討", "未入力", "債務超過", "計算不可", "入力エラー")
#: The first word(s) of a status, from "usable as it is" to "cannot be used".  要説明 = the
#: view changed since the previous period and no reason is given; Exit 検討 = an exit rule
#: agreed in advance is met (a finding about the alliance, like 債務超過 about the company:
#: negative equity); 計算不可 = every input was read, but the figure is not defined for them.
KINDS = (OK, NOTE, EXPLAIN, REVIEW, EXIT, EMPTY, INSOLVENT, UNDEFINED, ERROR)
#: How many findings a status names before it only counts the rest.
SHOWN = 3
#: The standing of a value index: final, provisional, or not computed.
FINAL, PROVISIONAL, NOT_COMPUTED = "確定", "参考値", "計算不可"


def kind(status: Any) -> str | None:
    """The code a status text starts with (:data:`KINDS`; then a space, a colon or the
    end), or None for anything else."""
    if not isinstance(status, str):
        return None
    return next((code for code in KINDS if status == code or status.startswith(
        (f"{code} ", f"{code}:"))), None)


def _listed(findings: list[str]) -> str:
    """Findings as a status lists them: all of a few; else the count, then the first few."""
    if len(findings) <= SHOWN:
        return "; ".join(findings)
    return f"{len(findings)} 件: " + "; ".join(findings[:SHOWN]) + "; …"


def _error(error: InputError) -> str:
    return f"{ERROR} input error — {error}"


def _judgment(x: float) -> str:
    """A judgment as the sheets print it: 12, 1/12, 2.5."""
    return f"{x:g}" if x >= 1 else f"1/{1 / x:.3g}"


# ---------------------------------------------------------------- AHP

def answers(cells: Any, items: Any = None) -> str:
    """Status of questionnaire rows (item A, item B, more important, intensity)."""
    try:
        grid = as_grid(cells, "answers")
        rows = [r for r in grid if not all(map(is_blank, r))] if len(grid[0]) == 4 else grid
        if len(grid[0]) == 4 and all(is_blank(r[3]) and is_blank(r[2]) for r in grid):
            return f"{EMPTY} not answered yet: 0 of {len(grid)} pairs"
        readers.read_answers(cells, items, row_name="No.")
        given = [(k, readers.intensity(r[3], "")) for k, r in enumerate(grid, 1)
                 if not all(map(is_blank, r))]
    except InputError as error:
        return _error(error)
    outside = [(k, x) for k, x in given if x is not None and x > SCALE_MAX]
    if outside:
        k, x = outside[0]
        more = f" (ほか {len(outside) - 1} 問)" if len(outside) > 1 else ""
        return (f"{NOTE} 尺度外: No. {k} の重要度 {x:g} は 1–9 の外{more} (そのまま計算) / "
                f"intensity {x:g} is outside the 1–9 scale (used as typed)")
    open_ = [k for k, x in given if x is None]  # blank, 0 and ０ alike: no answer
    if len(open_) == len(rows):  # 0 everywhere: as blank everywhere (the matrix is empty)
        return f"{EMPTY} not answered yet: 0 of {len(grid)} pairs"
    if open_:
        shown = ", ".join(map(str, open_[:6])) + ("…" if len(open_) > 6 else "")
        return (f"{NOTE} 未回答 No. {shown} ({len(open_)} of {len(rows)}): 重みは参考値 / "
                "unanswered pairs; the weights are provisional until all are answered")
    return f"{OK} 全 {len(rows)} 問 回答済 / all {len(rows)} pairs answered"


def _unjudged(grid: list[list[Any]]) -> bool:
    """Whether a matrix range holds no judgment yet: only blanks, 1s (the diagonal)
    and, in its first row and column, labels."""
    if len(grid) < 2 or len(grid[0]) < 2:
        return False
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if is_blank(cell):
                continue
            if excel_error(cell):
                return False
            try:
                found = number(cell, "")
            except InputError:
                found = None
                if r and c:  # text where a judgment belongs
                    return False
            if found is not None and found != 1:
                return False
    return True


def matrix(cells: Any, table: Any = None, alpha: Any = None) -> str:
    """Status of a pairwise comparison matrix: read, on the scale, complete, consistent —
    every finding, the most serious first."""
    try:
        grid = as_grid(cells)
        try:
            m = readers.read_matrix(cells)
        except InputError:
            if _unjudged(grid):
                return f"{EMPTY} no judgments yet"
            raise
        summary = consistency.summarize(
            m, choose(table, consistency.RI_TABLE_NAMES, "table"),
            finite(alpha, "alpha", consistency.DEFAULT_ALPHA))
    except InputError as error:
        return _error(error)
    notes = []
    outside = [(i, j, x) for i, j, x in out_of_scale(m) if i < j] + [
        (j, i, 1 / x) for i, j, x in out_of_scale(m) if i > j]
    if outside:
        i, j, x = min(outside, key=lambda f: (f[0], f[1]))
        notes.append(f"尺度外: {m.labels[i]} vs {m.labels[j]} = {_judgment(x)} は 1/9…9 の外"
                     + (f" (ほか {len(outside) - 1} 件)" if len(outside) > 1 else "")
                     + " (そのまま計算) / outside the 1/9…9 scale, used as typed")
    if summary.missing:
        n = m.n
        gaps = [f"{m.labels[i]} vs {m.labels[j]}" for i in range(n) for j in range(i + 1, n)
                if np.isnan(m.values[i, j])]
        notes.append(f"未回答 {len(gaps)} of {n * (n - 1) // 2}: {', '.join(gaps[:3])}"
                     f"{'…' if len(gaps) > 3 else ''} — 重みは参考値 / weights provisional")
    failed = [r for r in summary.reasons if not r.endswith("judgments missing")]
    if failed:
        text = f"{REVIEW} {', '.join(failed)} — 下の見直し候補を参照 / see the judgments to revisit"
        return text + (f"; {'; '.join(notes)}" if notes else "")
    if notes:
        return f"{NOTE} " + "; ".join(notes)
    c = summary.consistency
    return f"{OK} 妥当: C.R. {c.cr:.3f} < {CR_THRESHOLD}, N.C. {summary.nc} ≤ {summary.nc_limit}"


# ---------------------------------------------------------------- statements

_ADDRESS = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(col: int) -> str:
    out = ""
    while col:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


def address(origin: Any, row: int, col: int) -> str | None:
    """The address of the cell *row* rows below and *col* columns right of *origin*
    (``財務諸表!B5`` or ``'財務諸表'!$B$5``, the range's first cell), as ``財務諸表!D7``;
    None when *origin* is not an address."""
    found = _ADDRESS.match(origin.strip()) if isinstance(origin, str) else None
    if not found:
        return None
    sheet = (found["sheet"] or "").strip("'").replace("''", "'")
    cell = f"{_letters(_column(found['col']) + col)}{int(found['row']) + row}"
    return f"{sheet}!{cell}" if sheet else cell


def _figure(value: float) -> str:
    """An amount as a status shows it (▲ for a loss); one of 15 digits or more in
    scientific notation, not as a run of hundreds of digits."""
    shown = f"{abs(value):,.0f}" if abs(value) < 1e15 else f"{abs(value):.3g}"
    return f"▲{shown}" if value < 0 else shown


def insolvency(statement: Statement) -> str | None:
    """The 債務超過 finding of a statement: the periods whose 自己資本 is ≤ 0, with the
    figures (None when equity is positive wherever given)."""
    found = [f"{PERIOD_JA[p]}の自己資本 {_figure(statement.period(p)[finance.EQUITY])}"
             for p in finance.PERIODS
             if statement.period(p).get(finance.EQUITY) is not None
             and statement.period(p)[finance.EQUITY] <= 0]
    if not found:
        return None
    return (f"{INSOLVENT} negative equity: {', '.join(found)} — ROE・負債比率・固定比率・PBR・"
            "倒産指数は計算しない / figures built on equity are not defined")


def unit_slips(statement: Statement) -> list[str]:
    """The figures a unit slip would explain, as a status names them."""
    return [f"{s.item} {PERIOD_JA[s.period]} {_figure(s.value)} vs {PERIOD_JA[s.other_period]} "
            f"{_figure(s.other_value)}" for s in statement.unit_slips()]


def statement(cells: Any, origin: Any = None) -> str:
    """Status of a statement range: every figure readable (each problem named by its
    cell when *origin*, the range's first cell, is given), 債務超過 (negative equity)
    and suspected unit slips flagged."""
    try:
        read = readers.read_statement_cells(cells)
    except InputError as error:
        return _error(error)
    if read.problems:
        found = []
        for place, message in read.problems:
            cell = address(origin, place.row, place.col)
            where = (f"{cell} {place.item} {PERIOD_JA[place.period]}" if cell else
                     f"statement row {place.row + 1} ({read.labels[place.row]}), column "
                     f"{place.col + 1} ({place.period} year)")
            found.append(f"{where}: {message}")
        return f"{ERROR} input error — {_listed(found)}"
    found = read.statement
    if found.empty:
        return f"{EMPTY} not entered yet"
    if not found.period("current"):  # a new period: targets carried, this year's figures not
        return f"{EMPTY} 当期の数値が未入力 / current year not entered yet"
    insolvent = insolvency(found)
    if insolvent:
        return insolvent
    slips = unit_slips(found)
    if slips:
        return (f"{NOTE} 単位を確認: {_listed(slips)} — 各列の単位 (円・千円・百万円・億円) を確認 / "
                "check each column's unit: a figure is over 100× off the same item elsewhere")
    units = {u for u in found.units.values()}
    unit = f" (入力単位 {', '.join(sorted(units))} → 百万円)" if units - {finance.UNIT} else ""
    counts = " · ".join(f"{PERIOD_JA[p]} {len(found.period(p))}" for p in finance.PERIODS)
    return f"{OK} 読み取り済 {counts} 項目{unit} / figures read"


def bankruptcy(cells: Any, weights: Any = None) -> str:
    """Status of the 倒産指数 of a statement range (current year), naming the components
    under 1.0 that pull it down."""
    needed = list(dict.fromkeys(i for c in finance.BANKRUPTCY_COMPONENTS for i in c.current))
    try:
        current = readers.read_statement(cells).period("current")
        w = None if weights is None else _weights(weights)
    except InputError as error:
        return _error(error)
    missing = [item for item in needed if item not in current]
    if len(missing) == len(needed):
        return f"{EMPTY} not entered yet"
    if missing:
        return f"{EMPTY} 入力不足: 当期の {', '.join(missing)} / missing current-year figures"
    try:
        found = finance.bankruptcy_index(current, w)
    except InputError as error:
        return f"{UNDEFINED} not defined — {error}"
    return f"{OK} 5 要素とも計算済 — {drivers(found)} / all five components computed"


def drivers(found: finance.BankruptcyIndex) -> str:
    """The components under 1.0, largest pull first, with their values; or that there are
    none (every component is 1.0 or more)."""
    below = found.below
    if not below:
        return "1.0 未満の要素なし / every component ≥ 1.0"
    return "1.0 未満 below 1.0: " + ", ".join(f"{name} {found.components[name]:.2f}"
                                             for name in below)


def _weights(cells: Any) -> list[float | None]:
    """The 倒産指数 weights of cells, checked as BANKRUPTCY_INDEX checks them."""
    w = numbers(cells, "weights")
    names = finance.COMPONENT_NAMES
    if len(w) != len(names):
        raise InputError(f"weights has {len(w)} values; the 倒産指数 needs {len(names)}")
    nonnegative(w, "weights", "component", [f"weight {name}" for name in names])
    return w


# ---------------------------------------------------------------- targets

_FLAG_TEXT = {
    "capped": "得点を上限 {cap:g} で打ち切り / capped",
    "floored": "得点を下限 0 で打ち切り / floored at 0",
    "near-zero": "目標と基準の差がゼロに近い / target near the base (hypersensitive)",
    "sign-change": "前期と当期で符号が変化 / sign changed since the base period",
}


def flag_texts(found: ValueIndex, names: list[str], cap: float) -> list[str]:
    """Every score that is not an ordinary achievement, by indicator name."""
    out = []
    for name, s in zip(names, found.scores):
        if s is None:
            continue
        for flag in s.flags:
            if flag == "undefined":
                out.append(f"{name}: 得点なし ({s.why}) — 指数から除外 / not scored, excluded")
            else:
                out.append(f"{name}: " + _FLAG_TEXT[flag].format(cap=cap))
    return out


def _labels(names: Any, count: int) -> list[str]:
    label = [f"indicator {k}" for k in range(1, count + 1)]
    if names is None:
        return label
    given = flat(names, "names")
    return [str(x) if not is_blank(x) else label[k] if k < len(label) else f"{k + 1}"
            for k, x in enumerate(given)] + label[len(given):]


def targets(weights: Any, actual: Any, target: Any, direction: Any = None, names: Any = None,
            method: Any = None, base: Any = None, cap: Any = None, scale: Any = None) -> str:
    """Status of the indicators compared with targets (the value index's inputs): what
    is missing or wrong, then every score that is not an ordinary achievement."""
    label: list[str] = []
    try:
        w, a, t = (flat(x, what) for x, what in ((weights, "weights"), (actual, "actual"),
                                                  (target, "target")))
        label = _labels(names, len(w))
        for k, (wk, ak, tk) in enumerate(zip(w, a, t)):
            if excel_error(wk):
                return (f"{UNDEFINED} 重みがない ({excel_error(wk)}): 一対比較の状態を参照 / "
                        "no weights, see the matrix status")
            for cell, ja, text in ((ak, "当期値", "current value"), (tk, "目標値", "target")):
                if excel_error(cell):
                    return (f"{UNDEFINED} {label[k]}: {ja}を計算できない ({excel_error(cell)}) — "
                            f"財務諸表の状態を参照 / its {text} is not computed, see the "
                            "statement status")
        if all(x is None for x in (*a, *t)):
            return f"{EMPTY} no current values or targets yet"
        if all(x is None for x in a):  # a new period: the targets carried, no figures yet
            return f"{EMPTY} 当期の数値が未入力 / no current values yet"
        given = (weights, actual, target, direction, method, base, cap, scale)
        args = [spec.read(v, n) for (n, spec), v in zip(VALUE_ARGS.items(), given)]
        found = value_index(*args, names=label[:len(w)])
    except InputError as error:
        return f"{ERROR} input error — {error}"
    notes = flag_texts(found, label, args[6])
    if notes:
        return f"{NOTE} 参考値: {_listed(notes)}"
    if found.coverage < 1 - 1e-12:  # usable as it is: the coverage says how much is covered
        out = [label[k] for k, s in enumerate(found.scores) if s is None]
        return (f"{OK} 目標なし: {', '.join(out)} は指数から除外 — カバー率 "
                f"{found.coverage:.0%} / no target: excluded, coverage {found.coverage:.0%}")
    return f"{OK} 全指標に目標あり / every indicator has a target"


# ---------------------------------------------------------------- the value index's standing

def standing(index: Any, *statuses: Any) -> str:
    """確定 (final) or 参考値 (provisional) with the reasons, or 計算不可: the standing of
    a value index, from the statuses of what it rests on — its targets (VALUE_CHECK),
    the view (the matrix status, AHP_CHECK) and the statement (FIN_CHECK).  Final only
    when the index is a number and every status is OK (a target left out is OK: the
    coverage reports it)."""
    if excel_error(index) or kind(index) in (ERROR, UNDEFINED):
        return f"{NOT_COMPUTED} not computed — 入力の状態を参照 see the input status"
    if not (isinstance(index, (int, float)) and not isinstance(index, bool)
            and math.isfinite(index)):
        return ""
    reasons = []
    for status in statuses:
        if is_blank(status):
            continue
        code = kind(status)
        if code == OK:
            continue
        text = " ".join(str(status).split())  # one line, as every status is
        reasons.append(text if code is None else text[len(code):].strip())
    if not reasons:
        return f"{FINAL} final: 重みの整合性 OK・得点はすべて通常 / view checked, every score ordinary"
    return f"{PROVISIONAL} provisional — " + " | ".join(reasons)


#: The most serious first: what the overall status of a workbook reports.
PRECEDENCE = (ERROR, INSOLVENT, UNDEFINED, EMPTY, REVIEW, EXIT, EXPLAIN, NOTE, OK)


def overall(statuses: list[Any], labels: list[Any] | None = None) -> str:
    """The overall status of a set of input blocks: the most serious of their statuses
    (:data:`PRECEDENCE`: an input error, then 債務超過 — whose undefined figures follow
    from it —, 計算不可, 未入力, 要再検討, Exit 検討, 要説明, 注意), with the block it comes from and how many
    blocks share it; OK when every block is."""
    names = labels or [None] * len(statuses)
    found = [(PRECEDENCE.index(kind(s) or ERROR), str(s or ""), n)
             for s, n in zip(statuses, names)]
    if not found:
        return f"{EMPTY} no statuses given"
    rank, text, name = min(found, key=lambda f: f[0])
    code = PRECEDENCE[rank]
    if code == OK:
        return f"{OK} 評価に使える / every input block usable"
    detail = text[len(code):].strip() if text.startswith(code) else text or "blank status"
    others = sum(1 for r, _, _ in found if r == rank) - 1
    where = f"{name}: " if name else ""
    return f"{code} {where}{detail}" + (f" (ほか {others} 件)" if others else "")


# ---------------------------------------------------------------- periods (SPEC §2.7)

#: A status cell holds at most this many characters (a cell's text stays readable and
#: within what Excel passes a function).
MAX_STATUS = 255


def _clip(text: str) -> str:
    return text if len(text) <= MAX_STATUS else text[:MAX_STATUS - 1] + "…"


def _subject(k: int) -> str:
    return "KGI" if k == 0 else f"KPI {k}"


def _lines(names: Any, targets: Any, directions: Any, count: int) -> list[tuple[bool, Any, Any]]:
    """Per KGI/KPI line: whether it is in use (named), its target cell, its direction."""
    named = flat(names, "names")
    given = flat(targets, "targets")
    turns = [None] * count if directions is None else flat(directions, "directions")
    for what, cells in (("names", named), ("targets", given), ("directions", turns)):
        if len(cells) != count:
            raise InputError(f"{what} has {len(cells)} cells; the log has {count} lines "
                             f"(KGI and KPI 1–{count - 1})")
    out = []
    for k, (name, target, turn) in enumerate(zip(named, given, turns)):
        if excel_error(name):
            raise InputError(f"{_subject(k)} name holds the Excel error {excel_error(name)}")
        try:
            d = 1 if is_blank(turn) else readers.direction(turn)
        except InputError as error:
            raise InputError(f"{_subject(k)} {error}") from None
        out.append((not is_blank(name), target, d))
    return out


def kpis(periods: Any, actuals: Any, names: Any, targets: Any, directions: Any = None) -> str:
    """Status of a KPI review log: every period and figure read, each line's target a
    number, and the review periods still to report."""
    try:
        count = len(as_grid(actuals, "actuals")[0])
        lines = _lines(names, targets, directions, count)
        log = readers.review_log(periods, actuals, count)
    except InputError as error:
        return _error(error)
    if not any(used for used, _, _ in lines):
        return f"{EMPTY} 表紙に KGI/KPI がない / no KGI or KPI on the cover"
    if not log.periods:
        return f"{EMPTY} レビュー期間が未入力 / no review periods yet"
    notes = []
    for k, (used, target, _) in enumerate(lines):
        if not used:
            continue
        try:
            if readers.kpi_target(target, f"{_subject(k)} 目標") is None:
                notes.append(f"{_subject(k)}: 目標なし no target")
        except InputError as error:
            notes.append(str(error).split(";")[0])
    used = [k for k, (u, _, _) in enumerate(lines) if u]
    due = [p.label for p, row in zip(log.periods, log.figures)  # nothing reported yet
           if all(row[k] is None for k in used)]
    reported = [p.label for p, row in zip(log.periods, log.figures)
                if any(row[k] is not None for k in used)]
    if not reported:
        return _clip(f"{EMPTY} 未報告 to report: {', '.join(due[:6])}"
                     + ("…" if len(due) > 6 else ""))
    text = f"報告済 {reported[0]}–{reported[-1]}" if len(reported) > 1 else f"報告済 {reported[0]}"
    if due:
        text += f"; 未報告 to report: {', '.join(due[:6])}{'…' if len(due) > 6 else ''}"
    if notes:
        return _clip(f"{NOTE} {_listed(notes)} — 達成度なし / no achievement; {text}")
    return _clip(f"{OK} {text}")


def exit_rules(rules: Any, periods: Any, actuals: Any, targets: Any, directions: Any = None,
               cadence: Any = None) -> str:
    """Status of the exit rules (xlahp.core.exits) on a review log: Exit 検討 with the
    rule that fired and the reviews that make it; OK when none is met; an input error
    naming the rule that cannot be read or judged; blank without rules."""
    try:
        count = len(as_grid(actuals, "actuals")[0])
        log = readers.review_log(periods, actuals, count)
        lines = _lines([["x"]] * count, targets, directions, count)
        every = None if is_blank(cadence) else cadence_of(cadence)
        found = exits.parse_rules(None if is_blank(rules) else rules, every)
        if not found:
            return ""
        judged = []
        for rule in found:
            if rule.line >= count:
                raise InputError(f"{rule.text!r}: the log has no {rule.subject}")
            _, cell, turn = lines[rule.line]
            target = readers.kpi_target(cell, f"{rule.subject} 目標")
            if rule.share and target is None:
                raise InputError(f"{rule.text!r}: {rule.subject} has no target on the cover to "
                                 "measure a % against")
            judged.append(exits.evaluate(rule, log.labels, log.line(rule.line), target, turn))
    except InputError as error:
        return _clip(_error(error))
    met = [f for f in judged if f.met]
    if met:
        first = met[0]
        shown = ", ".join(f"{label} {value}" for label, value in first.reviews)
        more = f" (ほか {len(met) - 1} 件)" if len(met) > 1 else ""
        return _clip(f"{EXIT} exit review: {first.rule.text} — {shown}{more}")
    open_ = [f.why for f in judged if f.why]
    tail = f"; 未判定 {_listed(open_)}" if open_ else ""
    return _clip(f"{OK} 該当なし: {len(judged)} ルールとも未達 / no exit rule met{tail}")


def view_change(previous: Any, current: Any, reason: Any = None, names: Any = None) -> str:
    """Status of this period's view against the previous period's (xlahp.core.views):
    unchanged, changed with a reason, or 要説明 — changed and no reason given."""
    try:
        before = numbers(previous, "previous")
        now = flat(current, "current")
        if all(b is None for b in before):
            return f"{OK} 前期の視点なし (初回の評価) / first period: no previous view"
        if any(excel_error(c) or is_blank(c) for c in now):
            return f"{EMPTY} 今期の重みがまだない — 一対比較の状態を参照 / no weights yet"
        now = numbers(current, "current")
        if any(b is None for b in before):
            raise InputError("previous has blank cells; it holds the previous period's "
                             "weights, all of them")
        labels = None if names is None else [
            None if is_blank(n) else " ".join(str(n).split()) for n in flat(names, "names")]
        change = views.compare(before, now, labels and [n or f"criterion {k + 1}"
                                                        for k, n in enumerate(labels)])
    except InputError as error:
        return _clip(_error(error))
    if not change.changed:
        return f"{OK} 前期と同じ視点 / same view as the previous period"
    if excel_error(reason):
        return _clip(f"{ERROR} input error — 変更理由 holds the Excel error {excel_error(reason)}")
    if not is_blank(reason) and str(reason).strip():
        return _clip(f"{OK} 視点を変更、理由あり / view changed, reason given: {change.text(3)}")
    return _clip(f"{EXPLAIN} 視点を変更 view changed: {change.text(3)} — 表紙の「視点の変更理由」"
                 "に理由を / give the reason")


# ---------------------------------------------------------------- the holding (柳 2009)

def _typed_number(cell: Any, what: str) -> float | None:
    """A number typed as a number: None for a blank; text — even numeric text, which
    Excel's NPV, IRR and SUM skip without a word — is refused."""
    if is_blank(cell):
        return None
    if isinstance(cell, str):
        if excel_error(cell):
            raise InputError(f"{what} holds the Excel error {cell.strip()}")
        raise InputError(f"{what} is text {shown(cell.strip(), 20)}: type it as a number "
                         "(Excel's NPV and SUM skip text)")
    return number(cell, what)


def _money(x: float) -> str:
    return f"{x:,.0f}" if abs(x) < 1e15 else f"{x:.3g}"


def holding(rate: Any, flows: Any, investment: Any, figures: Any = None) -> str:
    """Status of a holding's NPV estimate (柳 2009): the discount rate above −100 %, every
    cash flow a number (the first column of *flows* names each row, the columns after it
    are t = 0, 1, 2, …), the investment at t = 0 given; the holding's *figures* (label,
    value rows) numbers ≥ 0."""
    try:
        for row in ([] if figures is None else as_grid(figures, "figures")):
            name = " ".join(str(row[0] or "figure").split())[:40]
            value = _typed_number(row[-1], name)
            if value is not None and value < 0:
                raise InputError(f"{name} is {_money(value)}; it is 0 or more")
        grid = as_grid(flows, "flows")
        if len(grid[0]) < 3:
            raise InputError("flows needs each row's name, then t = 0, 1, …")
        totals: dict[int, float] = {}
        for row in grid:
            name = " ".join(str(row[0] or "cash flow").split())[:40]
            for t, cell in enumerate(row[1:]):
                value = _typed_number(cell, f"{name} t={t}")
                if value is not None:
                    totals[t] = totals.get(t, 0.0) + value
        r = _typed_number(rate, "割引率 discount rate")
        start = _typed_number(investment, "初期投資 investment (t = 0)")
    except InputError as error:
        return _error(error)
    if r is None:
        return f"{EMPTY} 割引率が未入力 / discount rate not entered"
    if r <= -1:
        return (f"{ERROR} input error — 割引率 discount rate is {r * 100:.4g}%; it must be above "
                "−100 % (NPV divides by 1 + rate)")
    if start is None:
        return f"{EMPTY} 初期投資 (期末時価または取得原価) が未入力 / investment at t = 0 not entered"
    if not any(t > 0 for t in totals):
        return f"{EMPTY} キャッシュフローが未入力 / no cash flows entered"
    horizon = max(totals)
    notes = []
    if r > 1:
        notes.append(f"割引率 {r:.4g} = {r * 100:.4g}%: {r:.4g}% のつもりなら {r / 100:.4g} / "
                     f"a rate of {r * 100:.4g} %; for {r:.4g} % type {r / 100:.4g}")
    series = [totals.get(0, 0.0) - start] + [v for t, v in totals.items() if t > 0]
    if not (min(series) < 0 < max(series)):
        notes.append("IRR なし: キャッシュフローの符号が変わらない / no IRR: the cash flows "
                     "never change sign")
    if notes:
        return f"{NOTE} " + "; ".join(notes)
    return (f"{OK} NPV 試算: 割引率 {r:.1%}, {horizon} 年, 初期投資 {_money(start)} / "
            f"rate {r:.1%}, {horizon} years")
