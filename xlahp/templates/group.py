"""集団評価 (group evaluation): several evaluators' questionnaires, side by side.

The paper (手順2) has the executives meet and agree on one matrix; this sheet is
the material for that meeting (issue 11, docs/method.md §8).  Each evaluator
answers the 10 pairs of アンケート in two columns (the more important item, the
intensity); their matrices (AHP_MATRIX) sit in a hidden helper area, those of the
evaluators who answered every pair stacked first, and the group functions read
that stack (CHOOSE of the range holding the answered ones).  Shown: each evaluator's C.R.,
N.C. and verdict, the pairs to discuss (AHP_DISAGREE), Goepel's S*
(AHP_CONSENSUS) and the AIJ weights (AHP_GROUP_WEIGHTS) beside the agreed
matrix's — which stay the ones the value index (or, in the partner-selection
workbook, the candidates' synthesis) uses.
"""

from __future__ import annotations

from dataclasses import replace

from xlahp.core.literature import CONSENSUS_BANDS, VERBAL_SCALE

from xlahp.templates import ahp
from xlahp.templates.ahp import (CRITERIA_CELLS, ENTERPRISE_VALUE, FRACTION, OUTSIDE_SCALE, PAIRWISE,
                  QUESTIONNAIRE, SCALE_ROW, Goal, check_marks, criterion, item_width,
                  result, weight)
from xlahp.templates.case import PAIRS, Case
from xlahp.templates.layout import (Block, Cell, Mark, Sheet, at, calc, entry, head, heading, label, note, ref,
                     section, shift, span, status_marks)
from xlahp.templates import names

SHEET = "集団評価"
EVALUATORS = 5
N = ahp.N
AGENDA = 3  # pairs listed for the meeting
CRITERIA = ref(CRITERIA_CELLS, PAIRWISE)

# the answer grid: names in NAME_ROW, one row per pair from FIRST, two columns per evaluator
NAME_ROW = 7
HEAD_ROW = 8
FIRST = HEAD_ROW + 1
LAST = FIRST + len(PAIRS) - 1
STATUS_ROW, CR_ROW, NC_ROW, VERDICT_ROW = range(LAST + 2, LAST + 6)  # under the count
STATUS = at("C", 4)  # the sheet's status line



def _bands(language: str) -> str:
    """Goepel's reading of S* (:data:`CONSENSUS_BANDS`) as one line of a note."""
    parts, low = [], None
    for high, ja, en in CONSENSUS_BANDS:
        words = ja if language == "ja" else en
        if low is None:
            span = f"{high:.0%} 未満" if language == "ja" else f"below {high:.0%}"
        elif high is None:
            span = f"{low:.0%} 以上" if language == "ja" else f"{low:.0%} or more"
        else:
            span = f"{low * 100:.0f}–{high:.0%}"
        parts.append(f"{span} {words}")
        low = high
    return ", ".join(parts)


def which_col(e: int) -> str:
    return shift("D", 2 * e)


def intensity_col(e: int) -> str:
    return shift("D", 2 * e + 1)


# the hidden helper area: per evaluator its questionnaire rows (4 cells, as AHP_MATRIX
# reads them), a flag (1 = every pair answered and readable) and the running count,
# each evaluator's matrix, and the stack of the answered evaluators' matrices
HELP_ANSWERS = "P"  # P:S, 10 rows per evaluator
FLAG, RUNNING = "U", "V"  # rows FIRST … FIRST + 4
MATRICES = "X"  # X:AB, N rows per evaluator
STACK_LABELS = "AD"  # AD: item names, AE:AI the judgments


def _flag(e: int) -> str:
    return at(FLAG, FIRST + e)


def _answers(e: int) -> str:
    top = FIRST + len(PAIRS) * e
    return span(f"{HELP_ANSWERS}{top}", f"{shift(HELP_ANSWERS, 3)}{top + len(PAIRS) - 1}")


def _matrix(e: int) -> str:
    top = FIRST + N * e
    return span(f"{MATRICES}{top}", f"{shift(MATRICES, N - 1)}{top + N - 1}")


ALL_MATRICES = span(f"{MATRICES}{FIRST}", f"{shift(MATRICES, N - 1)}{FIRST + N * EVALUATORS - 1}")
RUNNING_CELLS = span(f"{RUNNING}{FIRST}", f"{RUNNING}{FIRST + EVALUATORS - 1}")

# results below the grid: the agenda at the left, S* and the weights at the right
RESULT_TOP = VERDICT_ROW + 2
COUNT = at("K", RESULT_TOP + 1)
WEIGHTS_TOP = RESULT_TOP + AGENDA + 4  # header row of the weights table


def _stack(k: int) -> str:
    """The stack of the first ``k`` answered evaluators' matrices (with the item names)."""
    return span(f"{STACK_LABELS}{FIRST}", f"{shift(STACK_LABELS, N)}{FIRST + N * k - 1}")


def _group(formula: str) -> str:
    """A group figure, ``formula`` with STACK standing for the answered evaluators'
    matrices: blank while fewer than 2 answered, #N/A for any error.  CHOOSE over
    fixed ranges rather than OFFSET, which a viewer would recalculate (volatile)."""
    stacks = ",".join(formula.replace("STACK", _stack(k)) for k in range(2, EVALUATORS + 1))
    return f'=IF({COUNT}<2,"",IFERROR(CHOOSE({COUNT}-1,{stacks}),NA()))'


def _grid(case: Case) -> list[Block]:
    scale = span(f"I{SCALE_ROW}", f"I{SCALE_ROW + len(VERBAL_SCALE) - 1}", QUESTIONNAIRE)
    evaluators = list(case.evaluators) + [(None, ())] * (EVALUATORS - len(case.evaluators))
    top = [[None, None, None, *sum(([replace(head(f"評価者 {e + 1}", f"Evaluator {e + 1}"),
                                             across=2), None]
                                    for e in range(EVALUATORS)), [])],
           [label("氏名・役職\nName"), None, None,
            *sum(([entry(name, across=2), None] for name, _ in evaluators), [])],
           [head("No."), head("項目A", "Item A"), head("項目B", "Item B"),
            *sum(([head("より重要な方", "More important"), head("重要度", "Intensity")]
                  for _ in range(EVALUATORS)), [])]]
    rows = []
    for k, (i, j) in enumerate(PAIRS):
        r = FIRST + k
        row = [calc(k + 1), calc(f"={criterion(i)}"), calc(f"={criterion(j)}")]
        for _, answers in evaluators:
            which, how = answers[k] if answers else (None, None)
            row += [entry(which, choices=f"=$B{r}:$C{r}"),
                    replace(entry(how, choices=f"={scale}"), outside=OUTSIDE_SCALE)]
        rows.append(row)

    def per_evaluator(make) -> list[Cell | None]:
        return sum(([make(e), None] for e in range(EVALUATORS)), [])

    def figure(e: int, formula: str, fmt: str | None) -> Cell:
        return calc(f'=IF({_flag(e)}=1,IFERROR({formula},NA()),"")', fmt, kind="result", across=2)

    table, alpha = result(names.RI_TABLE.name), result(names.ALPHA.name)
    below = [
        [None, label("回答数 / Answered", 2), None, *per_evaluator(lambda e: calc(
            f'=COUNTA({intensity_col(e)}{FIRST}:{intensity_col(e)}{LAST})&" / {len(PAIRS)}"',
            across=2))],
        [None, label("状態 / Status", 2), None, *per_evaluator(lambda e: Cell(
            f'=IF(COUNTA({which_col(e)}{FIRST}:{intensity_col(e)}{LAST})=0,"",'
            f'AHP_CHECK_ANSWERS({_answers(e)},{CRITERIA}))', "status", across=2))],
        [None, label("C.R. (< 0.1)", 2), None, *per_evaluator(
            lambda e: figure(e, f"AHP_CR({_matrix(e)},{table})", "0.0000"))],
        [None, label("N.C. 一巡三角形", 2), None, *per_evaluator(
            lambda e: figure(e, f"AHP_TRIADS({_matrix(e)})", "0"))],
        [None, label("判定 / Verdict", 2), None, *per_evaluator(
            lambda e: figure(e, f"INDEX(AHP_SUMMARY({_matrix(e)},{table},{alpha}),8,2)", None))],
    ]
    return [Block(f"A{NAME_ROW - 1}", [*top, *rows, *below])]


def _helpers() -> list[Block]:
    blocks = []
    for e in range(EVALUATORS):
        which, how = which_col(e), intensity_col(e)
        blocks.append(Block(f"{HELP_ANSWERS}{FIRST + len(PAIRS) * e}", [
            [calc(f"=$B{FIRST + k}"), calc(f"=$C{FIRST + k}"),
             calc(f'=IF({which}{FIRST + k}="","",{which}{FIRST + k})'),
             calc(f'=IF({how}{FIRST + k}="","",{how}{FIRST + k})')] for k in range(len(PAIRS))]))
        status = f"{which}{STATUS_ROW}"
        blocks.append(Block(f"{FLAG}{FIRST + e}", [[
            calc(f'=IFERROR(IF(AND(COUNTA({how}{FIRST}:{how}{LAST})={len(PAIRS)},'
                 f'LEFT({status},5)<>"入力エラー"),1,0),0)', "0"),
            calc(f"=SUM({at(FLAG, FIRST)}:{FLAG}{FIRST + e})", "0")]]))
        blocks.append(Block(f"{MATRICES}{FIRST + N * e}", [
            [calc(f'=IF({_flag(e)}=1,IFERROR(INDEX(AHP_MATRIX({_answers(e)},{CRITERIA}),'
                  f'{i + 1},{j + 1}),NA()),"")', FRACTION) for j in range(N)] for i in range(N)]))
    # the answered evaluators' matrices, first to last, one below the other
    blocks.append(Block(f"{STACK_LABELS}{FIRST}", [
        [calc(f"={criterion(i)}"),
         *(calc(f'=IF({s + 1}>{COUNT},"",INDEX({ALL_MATRICES},'
                f'(MATCH({s + 1},{RUNNING_CELLS},0)-1)*{N}+{i + 1},{j + 1}))', FRACTION)
           for j in range(N))]
        for s in range(EVALUATORS) for i in range(N)]))
    return blocks


def _results(goal: Goal) -> list[Block]:
    heads = (("項目A", "Item A"), ("項目B", "Item B"), ("最小", "Lowest"), ("最大", "Highest"),
             ("ばらつき", "Spread"))
    fmts = (None, None, FRACTION, FRACTION, "0.00")
    agenda = [[calc(_group(f"INDEX(AHP_DISAGREE(STACK,{AGENDA}),{k + 2},{c + 1})"), fmt,
                    kind="result" if c == 4 else "calc") for c, fmt in enumerate(fmts)]
              for k in range(AGENDA)]
    weights = [[calc(f"={criterion(k)}"), calc(f'={weight(k)}', "0.000", kind="result"),
                calc(_group(f"INDEX(AHP_GROUP_WEIGHTS(STACK),{k + 1})"), "0.000"),
                calc(f'=IF(OR(J{WEIGHTS_TOP + 1 + k}="",K{WEIGHTS_TOP + 1 + k}=""),"",'
                     f'J{WEIGHTS_TOP + 1 + k}-K{WEIGHTS_TOP + 1 + k})', "+0.000;-0.000;0.000")]
               for k in range(N)]
    count_formula = f"=SUM({at(FLAG, FIRST)}:{at(FLAG, FIRST + EVALUATORS - 1)})"
    return [
        Block(f"B{RESULT_TOP}", [
            [section("議論の論点 (評価が最も分かれた対)", "Agenda: the pairs judged most differently")],
            [head(ja, text) for ja, text in heads], *agenda,
            [note("最小・最大 = 評価者が付けた 項目A の 項目B に対する値 a_AB; ばらつき = その"
                  "幾何標準偏差 (1 = 全員一致)。上から順に議論する。", 5)],
            [note("Lowest/highest a_AB any evaluator gave; spread = their geometric s.d. "
                  "(1 = all agree). Discuss from the top.", 5)]]),
        Block(f"I{RESULT_TOP}", [
            [section("合意度", "Consensus")],
            [label("評価者数 (全問回答) / Evaluators", 2), None,
             calc(count_formula, "0", names.GROUP_EVALUATORS.name, "result")],
            [label("S* 合意度指標 (Goepel 2018) / consensus", 2), None,
             calc(_group("AHP_CONSENSUS(STACK)"), "0.0%", names.GROUP_CONSENSUS.name, "result")],
            [note(f"0 = 合意なし、100% = 完全一致。目安 (Goepel): {_bands('ja')}。", 5)],
            [note(f"0 = none, 100% = full. Goepel's reading: {_bands('en')}.", 5)]]),
        Block(f"I{WEIGHTS_TOP - 1}", [
            [section("重み: 合意した行列 と AIJ (参考)", "Weights: agreed matrix and AIJ")],
            [head("評価基準", "Criterion"), head("合意した行列 (使用)", "Agreed, used"),
             head("AIJ 幾何平均 (参考)", "AIJ, reference"), head("差", "Difference")],
            *weights]),
        Block(f"B{WEIGHTS_TOP + N + 2}", [
            [note(f"{goal.used_by[0]}に使う重みは、評価者全員が各対を議論して合意した一つの行列 (一対比較"
                  " シート) のもの。個別のアンケートを幾何平均すると C.I. と N.C. が損なわれ、投資家"
                  "への説明がしにくくなるため (論文 手順2; Saaty & Peniwati 2007, 論文の文献 [11])。"
                  "AIJ (判断の幾何平均) の重みと上の論点は、その議論の材料となる参考値。", 12)],
            [note(f"{goal.used_by[1]} uses the weights of the one matrix the evaluators agree on "
                  "pair by pair (sheet 一対比較): a geometric mean of separate questionnaires "
                  "spoils C.I. and N.C. and the explanation to investors (the paper's step 2; "
                  "Saaty & Peniwati 2007, its ref. [11]). The AIJ weights and the agenda are "
                  "material for that meeting, not a replacement.", 12)]]),
    ]


def sheet(case: Case, goal: Goal = ENTERPRISE_VALUE) -> Sheet:
    """The group sheet (``case`` needs only ``evaluators``) for the criteria of ``goal``."""
    status = (f'=IF({COUNT}<2,"未入力 全問回答した評価者 "&{COUNT}&" 人: 集団の数値は 2 人以上で表示 / "'
              f'&{COUNT}&" evaluator(s) answered every pair; group figures need 2 or more",'
              f'"OK 評価者 "&{COUNT}&" 人の回答から / from "&{COUNT}&" evaluators")')
    marks = [*status_marks(STATUS.replace("$", ""))]
    for e in range(EVALUATORS):
        col = which_col(e)
        marks += status_marks(f"{col}{STATUS_ROW}")
        marks += check_marks(f"{col}{CR_ROW}", f"{col}{NC_ROW}")
        verdict = f"{col}{VERDICT_ROW}"
        marks.append(Mark(verdict, f'AND({verdict}<>"",LEFT({verdict},2)<>"妥当")', "warn"))
    item = item_width(goal, 13)
    widths = {"A": 5, "B": item, "C": item,
              **{c: w for e in range(EVALUATORS) for c, w in ((which_col(e), 13),
                                                              (intensity_col(e), 19))}}
    return Sheet(
        SHEET,
        [*heading("集団評価: 評価者ごとのアンケート (手順2 の準備)",
                  "Group evaluation: each evaluator's questionnaire (preparing step 2)",
                  "評価者ごとに アンケート と同じ 10 問に回答 (より重要な方と重要度)。論点・合意度・"
                  "AIJ の重みは、全問回答した評価者が 2 人以上のとき表示。",
                  "Each evaluator answers the 10 pairs of アンケート; the agenda, S* and the AIJ "
                  "weights appear once 2 or more evaluators answered every pair.",
                  13, notes_at="A3", status=status, status_name=names.STATUS_GROUP.name, label_across=2),
         *_grid(case), *_results(goal), *_helpers()],
        widths=widths,
        hidden_columns=(HELP_ANSWERS, shift(STACK_LABELS, N)),
        names={"Input_GroupAnswers": f"D{NAME_ROW}:{intensity_col(EVALUATORS - 1)}{LAST}",
               "Group_Agenda": f"B{RESULT_TOP + 2}:F{RESULT_TOP + 1 + AGENDA}",
               "Group_Weights": f"K{WEIGHTS_TOP + 1}:K{WEIGHTS_TOP + N}"},
        freeze=f"D{FIRST}",
        one_page=True,
        marks=marks,
    )

