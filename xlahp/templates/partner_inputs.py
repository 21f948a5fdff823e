"""Where the candidates are judged, in the partner-selection workbook (:mod:`.partner`).

候補の評価 (per criterion its method, the ratings on the five levels, the level scale),
候補の一対比較 (one matrix of the candidates per rated criterion, for the criteria
compared pairwise instead) and 候補の財務 (each candidate's current-year figures and
its 倒産指数, the data of the financial criterion).  Each sheet has a status cell; the
synthesis waits while one says 未入力.  The candidates' names are typed on the cover
(:data:`NAMES`); their count is :data:`COUNT`.

What prints follows the case the workbook is built from (:mod:`.partner` states the rule):
候補の一対比較 prints the blocks of the criteria then compared pairwise
(:func:`pairwise_when_built`), each on a page of its own under the sheet's heading (print
titles); 候補の財務 prints the rows of cards that hold the candidates then named
(:func:`shown_candidates`).  Row 5 of each sheet (:func:`print_line`) says what prints, and
turns to 注意 with the print area to set once the methods or the names no longer fit it.
"""

from __future__ import annotations

from xlahp.core.finance import GREY_BAND, ITEM_EN

from xlahp.templates.accounts import verdict
from xlahp.templates.ahp import chose, criterion, guarded, judgment, refused_choice
from xlahp.templates.layout import (LINE_HEIGHT, Block, Cell, Mark, Sheet, at, calc, entry, head,
                                   heading, label, local_address, note, ref, shift, span,
                                   status_marks, status_row)
from xlahp.templates.partner_case import (DATA_CRITERION, K, LEVELS, MAX_CANDIDATES, METHODS, PAIRED,
                           RATED, RATING, STATEMENT_ITEMS, PartnerCase)
from xlahp.templates import names

COVER, RATINGS_SHEET, PAIRS_SHEET, FINANCE_SHEET = "表紙", "候補の評価", "候補の一対比較", "候補の財務"
M = MAX_CANDIDATES
COLS = tuple(shift("D", j) for j in range(K))  # one column per criterion (D…H)

# 表紙: the candidates' names in C
CAND_ROW = 13
NAMES = ref(f"C{CAND_ROW}:C{CAND_ROW + M - 1}", COVER)

# 候補の評価: methods in row 7, ratings D9:H16 (G = 倒産指数), the count, the level scale
METHOD_ROW, RATE_ROW = 7, 9
COUNT_ROW, LEVEL_TOP = RATE_ROW + M, RATE_ROW + M + 4
COUNT = at("C", COUNT_ROW, RATINGS_SHEET)
RATE_STATUS = at("C", 4, RATINGS_SHEET)
LEVEL_LABELS = span(f"B{LEVEL_TOP}", f"B{LEVEL_TOP + len(LEVELS) - 1}")
SCALE = ref(f"H{LEVEL_TOP}:I{LEVEL_TOP + len(LEVELS) - 1}", RATINGS_SHEET)

#: Row 5 of 候補の一対比較 and 候補の財務: what prints (:func:`print_line`), two lines high
PRINT_ROW, PRINT_HEIGHT = 5, 2 * LINE_HEIGHT

# 候補の一対比較: per rated criterion a block (section, label row, M rows, status)
PAIRS_TOP, PAIRS_BLOCK = 7, M + 5  # label row of the first block; rows per block
PAIRS_STATUS = at("C", 4, PAIRS_SHEET)
PAIR_COLS = tuple(shift("C", a) for a in range(M))
PAIRS_LAST = shift(PAIR_COLS[-1], 2)  # the weights' column

# 候補の財務: the grey-zone band, then a card per candidate, four across
BAND_ROW, CARD_TOP, CARD_ROWS, CARDS_ACROSS = 6, 8, len(STATEMENT_ITEMS) + 5, 4
#: rows of a card below its title: the 当期 header, the items, the index, the verdict, the check
INDEX_BELOW, CHECK_BELOW = len(STATEMENT_ITEMS) + 2, len(STATEMENT_ITEMS) + 4
FIN_STATUS = at("C", 4, FINANCE_SHEET)
BAND = at("C", BAND_ROW, FINANCE_SHEET)
CARD_LINES = -(-M // CARDS_ACROSS)  # rows of cards
CARDS_LAST = shift("B", 3 * CARDS_ACROSS - 2)  # the last card's figure column


def method(j: int) -> str:
    """The method cell of criterion ``j`` (a RATED one): 評定 or 一対比較."""
    return at(COLS[j], METHOD_ROW, RATINGS_SHEET)


#: What a method cell takes for each method besides the list's own words; anything else
#: is refused (the ratings' status names it), never read as a rating.
METHOD_SPELLINGS = {RATING: (RATING, "評定", "rating"), PAIRED: (PAIRED, "一対比較", "pairwise")}
METHOD_CHOICES = " / ".join(METHODS)


def is_paired(j: int, cell: str | None = None) -> str:
    """The condition: criterion ``j``'s candidates are compared pairwise (*cell*: its
    method cell as a formula of the ratings sheet refers to it)."""
    return chose(cell or method(j), METHOD_SPELLINGS[PAIRED])


def is_rated(j: int) -> str:
    """The condition: criterion ``j``'s candidates are rated on the levels."""
    return chose(method(j), METHOD_SPELLINGS[RATING])


def first(cells: str, count: str = COUNT) -> str:
    """The first ``count`` cells of a column range (absolute, maybe sheet-qualified)."""
    return f"{cells.split(':')[0]}:INDEX({cells},{count})"


def rating_column(j: int, sheet: str | None = RATINGS_SHEET) -> str:
    """The ratings (or, for the data criterion, the 倒産指数) of the n candidates."""
    return first(ref(f"{COLS[j]}{RATE_ROW}:{COLS[j]}{RATE_ROW + M - 1}", sheet))


def _candidate(i: int, placeholder: bool = False) -> str:
    """The i-th candidate's name (blank, or 候補 i+1 with ``placeholder``, while untyped)."""
    name = at("C", CAND_ROW + i, COVER)
    shown = f'"候補 {i + 1}"' if placeholder else '""'
    return f'=IF({name}="",{shown},{name})'


# ------------------------------------------------------------------ what prints

def shown_candidates(case: PartnerCase) -> int:
    """The candidate slots printed and charted: up to the last candidate named in ``case``,
    or all of them when none is (the blank template prints its whole form)."""
    named = [i for i, (name, _) in enumerate(case.candidates) if (name or "").strip()]
    return named[-1] + 1 if named else M


def pairwise_when_built(case: PartnerCase) -> tuple[int, ...]:
    """The blocks of 候補の一対比較 in use in ``case`` (k indexes RATED): its criteria
    compared pairwise, read as the method cells read them (:func:`is_paired`)."""
    spellings = {s.casefold() for s in METHOD_SPELLINGS[PAIRED]}
    return tuple(k for k, chosen in enumerate(case.methods)
                 if (chosen or "").strip().casefold() in spellings)


def print_line(stale: str, fine: str, warning: str, cell: str = f"B{PRINT_ROW}",
               across: int = 11) -> tuple[Block, list[Mark]]:
    """The line (at ``cell``) that says what prints: ``fine`` (a text), or once ``stale``
    holds, ``warning`` (a text formula starting 注意), coloured orange."""
    return (Block(cell, [[Cell(f'=IF({stale},{warning},"{fine}")', "note", across=across)]]),
            [Mark(cell, f'LEFT({cell},2)="注意"', "warn")])


def print_area_warning(now: str) -> str:
    """The 注意 text asking for the print area ``now`` (a text formula)."""
    return (f'"注意: 印刷範囲が今の入力と合わない — ページ設定 → シート → 印刷範囲を "&{now}&" に '
            f'/ the print area no longer fits the inputs: set it to "&{now}&" (Page Setup → '
            'Sheet → Print area)"')


def _chain(cases: list[tuple[str, str]], last: str) -> str:
    """IF(c1,v1,IF(c2,v2,…,last)): the first value whose condition holds."""
    out = last
    for condition, value in reversed(cases):
        out = f"IF({condition},{value},{out})"
    return out


TOO_FEW = '"未入力: 表紙に候補を 2 社以上 (上から) / enter two or more candidates on the cover"'


# ------------------------------------------------------------------ 候補の評価

def _ratings_status() -> str:
    uses = {j: is_rated(j) for j in RATED}
    need = "+".join(f"IF({uses[j]},1,0)" for j in RATED)
    have = "+".join(f"IF({uses[j]},COUNTA({rating_column(j, None)}),0)" for j in RATED)
    ok = ",".join(f"IF({uses[j]},ISNUMBER(INDEX(AHP_RATINGS({rating_column(j, None)},{SCALE}),"
                  f"1,1)),TRUE)" for j in RATED)
    names_first = first(NAMES)
    return "=" + _chain([
        *((f"NOT(OR({uses[j]},{is_paired(j)}))",
           refused_choice(method(j), f"基準 {j + 1} の評価方法", METHOD_CHOICES)) for j in RATED),
        (f"{COUNT}<2", TOO_FEW),
        (f"COUNTA({names_first})<{COUNT}", '"入力エラー: 候補名は上から詰めて入力 / candidate '
                                           'names from the top, without gaps"'),
        (f"({need})=0", '"OK: 評定は使わない (全基準とも一対比較) / no criterion is rated"'),
        (f"({have})<({need})*{COUNT}", '"未入力: 評定を使う基準で全候補を評定 / rate every '
                                       'candidate under the rated criteria"'),
        (f"AND({ok})", '"OK"')],
        '"入力エラー: 尺度にない評定、または尺度の行列 / a rating not on the scale, or the '
        'scale\'s matrix"')


def ratings_sheet(case: PartnerCase) -> Sheet:
    levels = f"={LEVEL_LABELS}"
    methods = dict(zip(RATED, case.methods))
    rows = []
    for i in range(M):
        rated = dict(zip(RATED, case.ratings[i] if i < len(case.ratings) else ()))
        cells = [calc(f'=IF({i + 1}>$C${COUNT_ROW},"",{_index(i)})', "0.00")
                 if j == DATA_CRITERION else entry(rated.get(j), choices=levels)
                 for j in range(K)]
        rows.append([calc(i + 1), calc(_candidate(i)), *cells])
    heads = [head("No."), head("候補", "Candidate")] + [
        Cell(f'={criterion(j)}&"\n倒産指数 (候補の財務)"' if j == DATA_CRITERION else
             f'={criterion(j)}&IF({is_paired(j)},"\n(一対比較 → 次のシート)",'
             f'IF({is_rated(j)},"\n評定 rating","\n評価方法を確認 check the method"))',
             "head") for j in range(K)]
    chosen = [label("評価方法 / Method", 2), None] + [
        calc("データ data") if j == DATA_CRITERION else
        entry(methods.get(j, METHODS[0]), choices=METHODS) for j in range(K)]
    n = len(LEVELS)
    grid = [[head("水準", "Level")] + [Cell(f"=B{LEVEL_TOP + j}", "head") for j in range(n)]
            + [head("水準", "Level"), head("優先度", "Priority"), head("最良 = 1", "Best = 1")]]
    matrix = f"C{LEVEL_TOP}:{shift('C', n - 1)}{LEVEL_TOP + n - 1}"
    for i, (ja, _) in enumerate(LEVELS):
        r = LEVEL_TOP + i
        grid.append([entry(ja)] + [judgment(case.levels, i, j) for j in range(n)]
                    + [calc(f"=B{r}"), calc(guarded(f"INDEX(AHP_WEIGHTS({matrix}),{i + 1})"),
                                            "0.000", kind="result"),
                       calc(guarded(f"I{r}/MAX($I${LEVEL_TOP}:$I${LEVEL_TOP + n - 1})"),
                            "0.000")])
    grid.append([label("C.R."), calc(guarded(f"AHP_CR({matrix})"), "0.0000", kind="result")])
    greyed = [Mark(f"{COLS[j]}{RATE_ROW}:{COLS[j]}{RATE_ROW + M - 1}",
                   is_paired(j, f"{COLS[j]}${METHOD_ROW}"), "fixed") for j in RATED]
    return Sheet(
        RATINGS_SHEET,
        [*heading("候補の評価", "Candidates under each criterion",
                  "基準ごとに評価方法を選ぶ: 評定 = 5 段階の絶対評価 (評定の優先度を最良 = 1 として)、"
                  f"一対比較 = 「{PAIRS_SHEET}」シートの行列。財務は「{FINANCE_SHEET}」の倒産指数 "
                  "(高いほど健全; AHP_DATA)。",
                  "Per criterion choose rating (five levels, absolute measurement) or pairwise "
                  f"(the matrices on '{PAIRS_SHEET}'); the financial criterion takes each "
                  f"candidate's bankruptcy index from '{FINANCE_SHEET}' (higher is healthier).",
                  8, status=_ratings_status(), status_name=names.STATUS_PARTNER_RATINGS.name),
         Block(f"B{METHOD_ROW - 1}", [[Cell("評定と倒産指数 / Ratings and bankruptcy index",
                                            "section")], chosen, heads, *rows,
                                      [label("候補数 / n"), calc(f"=COUNTA({NAMES})", "0")]]),
         Block(f"B{LEVEL_TOP - 2}", [[Cell("評定の尺度 (水準の一対比較) / Rating scale (levels "
                                           "compared pairwise)", "section")], *grid]),
         Block(f"B{LEVEL_TOP + n + 2}", [
             [note("既定の判断は設定例: 1 段階差 = 3、2 段階 = 5、3 段階 = 7、4 段階 = 9。"
                   "一対比較を選んだ基準の評定は使わない (灰色)。", 9)],
             [note("The default judgments are a setting: one level apart = 3, two = 5, three "
                   "= 7, four = 9. Ratings under a criterion compared pairwise are not used "
                   "(grey).", 9)]])],
        widths={"A": 2, "B": 14, "C": 18, **{c: 16 for c in COLS}, "I": 10, "J": 12, "K": 12},
        heights={RATE_ROW - 1: 45},
        one_page=True,
        names={"Partner_Ratings": f"D{RATE_ROW}:H{RATE_ROW + M - 1}",
               "Partner_Methods": f"D{METHOD_ROW}:H{METHOD_ROW}",
               "Partner_Scale": local_address(SCALE)},
        marks=[*status_marks("C4"), *greyed],
    )


# ------------------------------------------------------------------ 候補の一対比較

def _pairs_top(k: int) -> int:
    """Label row of the k-th block (k indexes RATED)."""
    return PAIRS_TOP + k * PAIRS_BLOCK


def _pairs_area(k: int) -> str:
    """The printed range of the k-th block: its title row to its status row."""
    top = _pairs_top(k)
    return f"A{top - 1}:{PAIRS_LAST}{top + M + 1}"


def pairs_matrix(k: int, sheet: str | None = PAIRS_SHEET) -> str:
    """The n×n matrix of the k-th rated criterion with its label row and column."""
    top = _pairs_top(k)
    whole = ref(f"B{top}:{PAIR_COLS[-1]}{top + M}", sheet)
    return f"{whole.split(':')[0]}:INDEX({whole},{COUNT}+1,{COUNT}+1)"


def _pairs_status(k: int) -> str:
    j = RATED[k]
    return "=" + _chain([(is_rated(j),
                          '"OK: 使用しない — この基準は評定 / not used: this criterion is rated"'),
                         (f"NOT({is_paired(j)})",
                          refused_choice(method(j), f"基準 {j + 1} の評価方法", METHOD_CHOICES)),
                         (f"{COUNT}<2", TOO_FEW)],
                        f"AHP_CHECK({pairs_matrix(k, None)})")


def _pairs_block(k: int, judged: dict) -> Block:
    j, top = RATED[k], _pairs_top(k)
    labels = [Cell("行＼列 row/col", "head")] + [Cell(_candidate(a, True), "head")
                                                for a in range(M)]
    rows = [[Cell(_candidate(a, True), "head")] + [judgment(judged, a, b) for b in range(M)]
            + [None, calc(f'=IF(OR({a + 1}>{COUNT},NOT({is_paired(j)}),LEFT(C{top + M + 1},'
                          f'3)="未入力"),"",IFERROR(INDEX(AHP_WEIGHTS({pairs_matrix(k, None)}),'
                          f'{a + 1}),NA()))', "0.000", kind="result")]
            for a in range(M)]
    title = Cell(f'="基準 {j + 1}: "&{criterion(j)}&" — 評価方法 method: "&{method(j)}',
                 "section")
    return Block(f"B{top - 1}", [[title], labels + [None, head("重み", "Weight")], *rows,
                                 status_row(_pairs_status(k), 11)])


def _pairs_print(case: PartnerCase) -> tuple[tuple[str, ...], Block, list[Mark]]:
    """The print area (the blocks compared pairwise in ``case``, else the heading) and
    the line that says so, or which print area fits the methods once they change."""
    built = pairwise_when_built(case)
    heading_area = f"A1:{PAIRS_LAST}{PRINT_ROW}"
    wanted = [is_paired(j) for j in RATED]
    stale = "OR(" + ",".join(f"NOT({c})" if k in built else c for k, c in enumerate(wanted)) + ")"
    areas = "&".join(f'IF({c},",{_pairs_area(k)}","")' for k, c in enumerate(wanted))
    now = f'IF(OR({",".join(wanted)}),MID({areas},2,255),"{heading_area}")'
    which = "、".join(f"基準 {RATED[k] + 1}" for k in built)
    fine = (f"印刷: 作成時に一対比較だった基準 ({which}) の行列だけ、1 基準 1 ページ / prints only "
            "the matrices of the criteria compared pairwise when built, one a page" if built else
            "印刷: この見出しだけ (作成時は全基準とも評定) / prints this heading only (every "
            "criterion rated when built)")
    line, marks = print_line(stale, fine, print_area_warning(now))
    return tuple(_pairs_area(k) for k in built) or (heading_area,), line, marks


def pairs_sheet(case: PartnerCase) -> Sheet:
    statuses = [f"C{_pairs_top(k) + M + 1}" for k in range(len(RATED))]
    printed, line, line_marks = _pairs_print(case)
    used = ",".join(is_paired(j) for j in RATED)
    status = "=" + _chain(
        [(f'AND(NOT({is_rated(j)}),LEFT({s},2)<>"OK")', f'{s}&" (基準 {j + 1})"')
         for j, s in zip(RATED, statuses)],
        f'IF(OR({used}),"OK: 一対比較の行列はすべて妥当 / every matrix consistent",'
        '"OK: 使用しない (全基準とも評定) / not used: every criterion is rated")')
    blocks = [_pairs_block(k, case.paired.get(k, {})) for k in range(len(RATED))]
    return Sheet(
        PAIRS_SHEET,
        [*heading("候補の一対比較", "Candidates compared pairwise, per criterion",
                  f"「{RATINGS_SHEET}」で評価方法を一対比較にした基準だけ使う。上三角に、行の候補が"
                  "列の候補より何倍優れるか (表1 の 1〜9; 1/3 のような分数も可) を入力。",
                  "Used only for the criteria whose method is pairwise: in the upper triangle, "
                  "how many times the row candidate beats the column one (1–9, or 1/3 …).",
                  11, status=status, status_name=names.STATUS_PARTNER_MATRICES.name),
         line, *blocks],
        widths={"A": 2, "B": 16, **{c: 10 for c in PAIR_COLS}, "K": 2, "L": 10},
        heights={PRINT_ROW: PRINT_HEIGHT},
        names={f"Partner_Pairs{k + 1}": f"C{_pairs_top(k) + 1}:{PAIR_COLS[-1]}"
                                        f"{_pairs_top(k) + M}" for k in range(len(RATED))},
        breaks=tuple(_pairs_top(k) - 3 for k in range(1, len(RATED))),  # a block a page
        print_area=printed, print_titles=f"1:{PRINT_ROW}",
        marks=[*status_marks("C4"), *line_marks,
               *(m for s in statuses for m in status_marks(s))] + [
            Mark(f"C{_pairs_top(k) + 1}:{PAIR_COLS[-1]}{_pairs_top(k) + M}",
                 f"NOT({is_paired(RATED[k])})", "fixed") for k in range(len(RATED))],
    )


# ------------------------------------------------------------------ 候補の財務

def _card(i: int) -> tuple[str, str, int]:
    """Label column, figure column and title row of candidate i's card."""
    col = shift("B", (i % CARDS_ACROSS) * 3)
    return col, shift(col, 1), CARD_TOP + (i // CARDS_ACROSS) * (CARD_ROWS + 1)


def statement(i: int, sheet: str | None = FINANCE_SHEET) -> str:
    """Candidate i's statement range: its header row (当期) and its item rows."""
    col, fig, top = _card(i)
    return ref(f"{col}{top + 1}:{fig}{top + 1 + len(STATEMENT_ITEMS)}", sheet)


def _index(i: int) -> str:
    """Candidate i's 倒産指数 cell."""
    _, fig, top = _card(i)
    return at(fig, top + INDEX_BELOW, FINANCE_SHEET)


def _card_status(i: int) -> str:
    """Candidate i's BANKRUPTCY_CHECK cell (under its card)."""
    col, _, top = _card(i)
    return at(col, top + CHECK_BELOW)


def _card_block(i: int, figures: dict[str, float]) -> Block:
    col, fig, top = _card(i)
    after = f"{i + 1}>{COUNT}"
    status, index = local_address(_card_status(i)), local_address(_index(i))
    return Block(f"{col}{top}", [
        [Cell(_candidate(i, True), "head", across=2)],
        [head("項目", "Item"), head("当期", "Current year")],
        *[[label(f"{item}\n{ITEM_EN[item]}"), entry(figures.get(item), "#,##0")]
          for item in STATEMENT_ITEMS],
        [label("倒産指数\nBankruptcy index"),
         calc(f'=IFERROR(IF(LEFT({status},2)="OK",BANKRUPTCY_INDEX({statement(i, None)}),""),'
              'NA())', "0.00", kind="result")],
        [label("判定 / Verdict"), calc(verdict(index, BAND))],
        [Cell(f'=IF({after},"",BANKRUPTCY_CHECK({statement(i, None)}))', "en", across=2)]])


def _cards_end(lines: int) -> int:
    """The last row of the first ``lines`` rows of cards."""
    return CARD_TOP - 2 + lines * (CARD_ROWS + 1)


def _finance_print(case: PartnerCase) -> tuple[str, Block, list[Mark]]:
    """The print area (the rows of cards holding the candidates named in ``case``) and the
    line that says so, or which print area fits the names once their count changes."""
    lines = -(-shown_candidates(case) // CARDS_ACROSS)
    needed = f"ROUNDUP({COUNT}/{CARDS_ACROSS},0)"
    now = f'"A1:{CARDS_LAST}"&({CARD_TOP - 2}+{needed}*{CARD_ROWS + 1})'
    last = lines * CARDS_ACROSS
    fine = (f"印刷: 全候補 (1–{M}) のカード / prints every candidate's card"
            if lines == CARD_LINES else f"印刷: 候補 1–{last} のカード (作成時の候補数) / prints "
            f"the cards of candidates 1–{last} (as named when built)")
    line, marks = print_line(f"AND({COUNT}>0,{needed}<>{lines})", fine, print_area_warning(now))
    return f"A1:{CARDS_LAST}{_cards_end(lines)}", line, marks


def finance_sheet(case: PartnerCase) -> Sheet:
    printed, line, line_marks = _finance_print(case)
    cards = [_card_block(i, case.statements[i] if i < len(case.statements) else {})
             for i in range(M)]
    statuses = [local_address(_card_status(i)) for i in range(M)]
    status = "=" + _chain(
        [(f"{COUNT}<2", TOO_FEW)] + [(f'AND({i + 1}<={COUNT},LEFT({s},2)<>"OK")',
                                     f'{s}&" (候補 {i + 1})"') for i, s in enumerate(statuses)],
        '"OK: 全候補の倒産指数を計算済 / every candidate\'s index computed"')
    return Sheet(
        FINANCE_SHEET,
        [*heading("候補の財務 (デューデリジェンス)", "Candidates' finances (due diligence)",
                  "各候補の有価証券報告書などから当期の数値を入力 (単位は候補内で揃える; 百万円など)。"
                  "倒産指数 = 収益力・支払い能力・活力・持久力・成長力の平均 (1.0 以上で健全)。",
                  "Type each candidate's current-year figures (one unit per candidate, e.g. "
                  "million yen); the index is the mean of its five components (1.0 = healthy).",
                  11, status=status, status_name=names.STATUS_PARTNER_FINANCE.name),
         line,
         Block(f"B{BAND_ROW}", [[label("グレーゾーンの幅 ±\nGrey-zone half-width"),
                                 entry(GREY_BAND, "0.00"), None,
                                 note("xlahp の既定値。論文は「1.0 前後」とのみ記載 / xlahp's "
                                      "default; the paper only says 'around 1.0'", 8)]]),
         *cards],
        widths={"A": 2, **{c: w for k in range(CARDS_ACROSS)
                           for c, w in ((shift("B", 3 * k), 18), (shift("C", 3 * k), 16),
                                        (shift("D", 3 * k), 2))}},
        heights={PRINT_ROW: PRINT_HEIGHT, **{_card(i)[2] + CHECK_BELOW: 48 for i in range(M)}},
        breaks=(CARD_TOP + CARD_ROWS,),  # a row of cards a page
        print_area=(printed,), print_titles=f"1:{BAND_ROW}",  # heading and band atop each
        names={names.PARTNER_STATEMENTS.name: f"B{CARD_TOP}:{CARDS_LAST}{_cards_end(CARD_LINES)}"},
        marks=[*status_marks("C4"), *line_marks,
               *(m for s in statuses for m in status_marks(s))],
    )
