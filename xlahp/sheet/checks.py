"""状態 — one line of text per input block saying whether it can be used, and if
not, the first problem and where it is.

The workbook shows these in a status cell above each block (questionnaire,
matrix, statement, targets, 倒産指数), so the reason for a refused or
provisional figure can be read in the workbook itself — in any host, and in
a viewer without xlahp, which shows the text computed last.  A status never
raises: whatever is wrong with the block is what it reports.

Every status starts with one of the words of :data:`KINDS`, so a formula can
test it with ``LEFT(status, 2)``; Japanese first, English after.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from xlahp.core import consistency
from xlahp.core import finance
from xlahp.core import value
from xlahp.errors import XlahpError
from xlahp.sheet.grids import as_grid, flat, is_blank
from xlahp.core.literature import SCALE_MAX
from xlahp.core.pairwise import excel_error, parse_intensity, parse_number, read_answers, read_matrix

OK, NOTE, REVIEW, EMPTY, UNDEFINED, ERROR = (
    "OK", "注意", "要再検討", "未入力", "計算不可", "入力エラー")
#: The first word of a status, from "usable as it is" to "cannot be used":
#: 計算不可 = every input was read, but the figure is not defined for them.
KINDS = (OK, NOTE, REVIEW, EMPTY, UNDEFINED, ERROR)
_PERIOD = {"current": "当期", "previous": "前期", "target": "目標"}


def _error(error: XlahpError) -> str:
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
        read_answers(cells, items)
    except XlahpError as error:
        return _error(error).replace("answers row", "No.")
    strong = [(k, parse_intensity(r[3], "")) for k, r in enumerate(grid, 1) if not is_blank(r[3])]
    outside = [(k, x) for k, x in strong if x is not None and x > SCALE_MAX]
    if outside:
        k, x = outside[0]
        return (f"{NOTE} 尺度外: No. {k} の重要度 {x:g} は 1–9 の外 (そのまま計算) / "
                f"intensity {x:g} is outside the 1–9 scale (used as typed)")
    open_ = [k for k, r in enumerate(grid, 1) if not all(map(is_blank, r)) and is_blank(r[3])]
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
            if is_blank(cell) or excel_error(cell):
                if excel_error(cell):
                    return False
                continue
            try:
                number = parse_number(cell, "")
            except XlahpError:
                number = None
                if r and c:  # text where a judgment belongs
                    return False
            if number is not None and number != 1:
                return False
    return True


def matrix(cells: Any, table: Any = None, alpha: Any = None) -> str:
    """Status of a pairwise comparison matrix: read, on the scale, complete, consistent."""
    try:
        grid = as_grid(cells)
        try:
            m = read_matrix(cells)
        except XlahpError:
            if _unjudged(grid):
                return f"{EMPTY} no judgments yet"
            raise
        summary = consistency.summarize(m, table, alpha)
    except XlahpError as error:
        return _error(error)
    n = m.n
    for i in range(n):
        for j in range(i + 1, n):
            x = m.values[i, j]
            if not np.isnan(x) and not 1 / SCALE_MAX <= x <= SCALE_MAX:
                return (f"{NOTE} 尺度外: {m.labels[i]} vs {m.labels[j]} = {_judgment(x)} は "
                        f"1/9…9 の外 (そのまま計算) / outside the 1/9…9 scale, used as typed")
    if summary.missing:
        gaps = [f"{m.labels[i]} vs {m.labels[j]}" for i in range(n) for j in range(i + 1, n)
                if np.isnan(m.values[i, j])]
        return (f"{NOTE} 未回答 {len(gaps)} of {n * (n - 1) // 2}: {', '.join(gaps[:3])}"
                f"{'…' if len(gaps) > 3 else ''} — 重みは参考値 / weights provisional")
    if summary.verdict.startswith("妥当"):
        c = summary.consistency
        return (f"{OK} 妥当: C.R. {c.cr:.3f} < 0.1, N.C. {summary.nc} ≤ {summary.nc_limit}")
    reasons = summary.verdict.split(": ", 1)[1]
    return f"{REVIEW} {reasons} — 下の見直し候補を参照 / see the judgments to revisit"


# ---------------------------------------------------------------- statements

def statement(cells: Any) -> str:
    """Status of a statement range: every figure readable; 債務超過 flagged."""
    try:
        found = finance.parse_statement(cells)
    except XlahpError as error:
        return _error(error)
    if not any(found.values()):
        return f"{EMPTY} not entered yet"
    for period, figures in found.items():
        equity = figures.get(finance.EQUITY)
        if equity is not None and equity <= 0:
            return (f"{NOTE} 債務超過: {_PERIOD[period]}の自己資本 ▲{-equity:,.0f} — ROE・負債比率・"
                    "固定比率・PBR・倒産指数は計算しない / negative equity: figures built on "
                    "equity are not defined")
    counts = " · ".join(f"{_PERIOD[p]} {len(found[p])}" for p in _PERIOD)
    return f"{OK} 読み取り済 {counts} 項目 / figures read"


def bankruptcy(cells: Any, weights: Any = None) -> str:
    """Status of the 倒産指数 of a statement range (current year)."""
    needed = list(dict.fromkeys(i for c in finance.BANKRUPTCY_COMPONENTS for i in c.current))
    try:
        current = finance.parse_statement(cells)["current"]
        w = None if weights is None else _weights(flat(weights, "weights"))
    except XlahpError as error:
        return _error(error)
    missing = [item for item in needed if item not in current]
    if len(missing) == len(needed):
        return f"{EMPTY} not entered yet"
    if missing:
        return f"{EMPTY} 入力不足: 当期の {', '.join(missing)} / missing current-year figures"
    try:
        finance.bankruptcy_index(current, w)
    except XlahpError as error:
        return f"{UNDEFINED} not defined — {error}"
    return f"{OK} 5 要素とも計算済 / all five components computed"


def _weights(cells: list[Any]) -> list[float | None]:
    """The 倒産指数 weights of cells, checked as BANKRUPTCY_INDEX checks them."""
    names = [c.name for c in finance.BANKRUPTCY_COMPONENTS]
    if len(cells) != len(names):
        raise XlahpError(f"weights has {len(cells)} values; the 倒産指数 needs {len(names)}")
    w = [parse_number(c, f"weights cell {k}") for k, c in enumerate(cells, 1)]
    value.check_weights(w, names)
    return w


# ---------------------------------------------------------------- targets

def targets(weights: Any, actual: Any, target: Any, direction: Any = None,
            names: Any = None) -> str:
    """Status of the indicators compared with targets (the value index's inputs)."""
    label: list[str] = []
    try:
        w, a, t = (flat(x, what) for x, what in ((weights, "weights"), (actual, "actual"),
                                                  (target, "target")))
        label = [f"indicator {k}" for k in range(1, len(w) + 1)]
        if names is not None:  # a name per indicator given; the default for the rest
            given = flat(names, "names")
            label = [str(x) if not is_blank(x) else label[k] if k < len(label) else f"{k + 1}"
                     for k, x in enumerate(given)] + label[len(given):]
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
        numbers = [[parse_number(c, f"{what} cell {k}") for k, c in enumerate(cells, 1)]
                   for cells, what in ((w, "weights"), (a, "actual"), (t, "target"))]
        d = None if direction is None else flat(direction, "direction")
        found = value.value_index(*numbers, d[0] if d and len(d) == 1 else d)
    except XlahpError as error:
        text = str(error)
        for k, name in enumerate(label, 1):
            text = re.sub(rf"\bindicator {k}\b", name, text)
        return f"{ERROR} input error — {text}"
    if found.coverage < 1 - 1e-12:
        out = [label[k] for k, x in enumerate(numbers[2]) if x is None]
        return (f"{NOTE} 目標なし: {', '.join(out)} は指数から除外 — カバー率 "
                f"{found.coverage:.0%} / no target: excluded, coverage {found.coverage:.0%}")
    return f"{OK} 全指標に目標あり / every indicator has a target"
