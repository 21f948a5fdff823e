"""説明 — the weights put into words, as the paper's §4 explains A社's view to investors.

Iida & Torii (2011) §4 reads 図10 as: 「会社の財産<安定性<効率性<収益力<成長力 … ①「成長力」を
かなりの割合でもっとも重要視している ②「会社の財産」と「安定性」は同程度に重要 ③「効率性」と
「収益力」は同程度に重要」, concludes 「会社の財産を保持して安定性を維持するよりも、積極的な経営を
する」, and backs it with C.I. < 0.1 and N.C. = 0.  :func:`explain` states the same things for
any weights, by rules written down here and in docs/method.md §11:

* **order** — least to most important, ``<`` between criteria, ``=`` for equal weights;
* **同程度 (about the same)** — two weights whose ratio would be judged 1 (同じくらい重要) on
  表1's scale: in a consistent matrix a_ij = w_i/w_j (Saaty 1980), and a ratio is read as the
  scale value nearest to it on a log scale, as AHP_SUGGEST does; nearer to 1 than to 2 means
  a ratio below √2.  Criteria sorted by weight form a group while every pair in it stays
  below √2.  For 図8 the ratios are 1.30 (安定性/会社の財産) and 1.20 (収益性/効率性): exactly
  the paper's ② and ③;
* **the leader** — the heaviest criterion (its group, if it has one), its share of the total,
  and how strongly it leads: its weight over the next one's, read on 表1's scale the same way
  (図8: 0.579/0.181 = 3.21 → 3, やや重要 moderate); more than half the total is said so;
* **the stance** — only for the paper's own five criteria: the mean weight of 会社の財産 and
  安定性 (keeping assets, keeping stable) against that of 収益性, 効率性 and 成長力, read on the
  scale as above; the paper's 「…よりも、積極的な経営をする」 when the second leads;
* **the evidence** — C.R. against 0.1 and N.C. against its limit (表3, or the exact test
  beyond n = 9); a failing check makes the view provisional (参考値) and says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

from xlahp.core.consistency import Summary, nearest_scale_value
from xlahp.core.literature import CR_THRESHOLD, PUBLISHED_TRIAD_LIMITS, VERBAL_SCALE
from xlahp.core.paper import CRITERIA, CRITERIA_EN
from xlahp.core.weights import nonnegative, option
from xlahp.errors import InputError

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

#: Two weights are 同程度 when their ratio is nearer (on a log scale) to 表1's 1 than to 2.
SAME_RATIO = math.sqrt(VERBAL_SCALE[0][0] * VERBAL_SCALE[1][0])
#: The longest text one output row carries (a cell Excel's older formula strings still take).
ROW_CHARS = 255
#: The paper's defensive criteria (§4: 「会社の財産を保持して安定性を維持する」); the other three of
#: 図7 are the active ones (積極的な経営).
KEEPING = {CRITERIA[0], CRITERIA[2], CRITERIA_EN[0], CRITERIA_EN[2]}
PAPER_NAMES = (set(CRITERIA), set(CRITERIA_EN))


@dataclass(frozen=True)
class Explanation:
    """The facts behind the sentences; :meth:`rows` and :meth:`line` word them."""

    names: tuple[str, ...]
    shares: tuple[float, ...]          # weights scaled to a sum of 1
    order: tuple[int, ...]             # least to most important
    groups: tuple[tuple[int, ...], ...]  # 同程度 groups in order, singletons included
    summary: Summary | None            # the matrix's checks, when a matrix was given

    @property
    def leaders(self) -> tuple[int, ...]:
        return self.groups[-1]

    @property
    def runner_up(self) -> int | None:
        """The heaviest criterion outside the leading group (None if all are in it)."""
        return self.groups[-2][-1] if len(self.groups) > 1 else None

    @property
    def lead(self) -> float:
        """The leader's weight over the runner-up's (inf when the runner-up weighs 0)."""
        top, nxt = self.shares[self.leaders[-1]], self.shares[self.runner_up]
        return top / nxt if nxt else math.inf

    @property
    def same(self) -> tuple[tuple[int, ...], ...]:
        """The 同程度 groups of two or more below the leading one."""
        return tuple(g for g in self.groups[:-1] if len(g) > 1)

    @property
    def stance(self) -> tuple[float, float] | None:
        """Mean weight of the keeping criteria and of the active ones (paper's five only)."""
        if set(self.names) not in PAPER_NAMES:
            return None
        keep = [s for n, s in zip(self.names, self.shares) if n in KEEPING]
        act = [s for n, s in zip(self.names, self.shares) if n not in KEEPING]
        return sum(keep) / len(keep), sum(act) / len(act)

    @property
    def provisional(self) -> bool:
        return self.summary is not None and not self.summary.ok

    def rows(self, lang: Lang = "ja") -> list[str]:
        """The explanation, one statement per row, no row longer than :data:`ROW_CHARS`."""
        words = _Words(lang)
        found = [words.order(self), words.leader(self), words.same(self),
                 words.stance(self), words.evidence(self)]
        return [part for text in found if text for part in _fit(text)]

    def line(self, lang: Lang = "ja") -> str:
        """One line for a summary row: the leader and the 同程度 groups (and 参考値 if so)."""
        return _Words(lang).line(self)


def explain(weights: Sequence[float | None], names: Sequence[str],
            summary: Summary | None = None) -> Explanation:
    """The explanation of criteria *weights* named *names* (and of the matrix's checks).

    >>> from xlahp.core.paper import FIG8_WEIGHTS, CRITERIA
    >>> e = explain(FIG8_WEIGHTS, CRITERIA)
    >>> [[CRITERIA[i] for i in g] for g in e.same]
    [['会社の財産', '安定性'], ['効率性', '収益性']]
    """
    if len(weights) < 2:
        raise InputError(f"weights has {len(weights)} value; explain 2 criteria or more")
    if len(names) != len(weights):
        raise InputError(f"names has {len(names)} cells but weights has {len(weights)}; "
                         "give one name per weight")
    labels = tuple("" if n is None else str(n).strip() for n in names)
    for k, name in enumerate(labels, 1):
        if not name:
            raise InputError(f"names cell {k} is blank; name every criterion")
    repeated = sorted({n for n in labels if labels.count(n) > 1})
    if repeated:
        raise InputError(f"names has {repeated[0]} twice; name each criterion once")
    if summary is not None and summary.consistency.n != len(weights):
        raise InputError(f"matrix is {summary.consistency.n}×{summary.consistency.n} but "
                         f"weights has {len(weights)} values")
    w = nonnegative(weights, "weights", "criterion", labels)
    shares = tuple(float(x) for x in w / w.sum())
    order = tuple(sorted(range(len(shares)), key=lambda i: (round(shares[i], 12), i)))
    return Explanation(labels, shares, order, _groups(order, shares), summary)


def _groups(order: Sequence[int], shares: Sequence[float]) -> tuple[tuple[int, ...], ...]:
    groups: list[list[int]] = []
    for i in order:
        low = shares[groups[-1][0]] if groups else 0.0
        if groups and (shares[i] == low == 0 or low > 0 and shares[i] / low < SAME_RATIO):
            groups[-1].append(i)
        else:
            groups.append([i])
    return tuple(tuple(g) for g in groups)


def _scale_word(ratio: float, lang: Lang) -> str:
    value = 9 if math.isinf(ratio) else min(9, round(nearest_scale_value(ratio)))
    level = next(v for v in VERBAL_SCALE if v[0] == value)
    return level[1] if lang == "ja" else level[2]


def _fit(text: str) -> list[str]:
    """*text* in rows of at most ROW_CHARS, cut after a separator where one is near."""
    out = []
    while len(text) > ROW_CHARS:
        head, cut = text[:ROW_CHARS], ROW_CHARS
        for separators in (("。", "、", "<", "=", ", ", "; "), (" ",)):
            at = max(head.rfind(s) for s in separators)
            if at > ROW_CHARS // 2:
                cut = at + 1
                break
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return out + [text]


def _w(x: float) -> str:
    return f"{x:.3f}"


def _ratio(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:.2f}"


def _order_text(e: Explanation) -> str:
    parts = [e.names[e.order[0]]]
    for a, b in zip(e.order, e.order[1:]):
        parts.append(("=" if math.isclose(e.shares[a], e.shares[b], abs_tol=1e-12) else "<")
                     + e.names[b])
    return "".join(parts)


#: The wording of each statement, by language (format strings over the facts).
PHRASES: dict[str, dict[str, str]] = {
    "ja": {
        "order": "重要度の低い順に {order}。",
        "all_same": "①すべての評価基準をほぼ同程度に重視している (重みの比はどれも {same:.2f} 未満)。",
        "one": "「{names}」をもっとも重視している: 重み {weight}",
        "several": "「{names}」を同程度にもっとも重視している: 重み計 {weight}",
        "and": "」と「",
        "leader": "①{who} (全体の {share:.1%}){majority}、次の「{next}」({next_weight}) の {lead} 倍"
                  " — 表1の尺度で「{word}」にあたる。",
        "majority": " で過半を占め",
        "no_group": "同程度とみなせる組はほかにない (隣り合う重みの比がどれも {same:.2f} 以上)。",
        "group": "{mark}「{names}」は同程度に重要とみなしている (重みの比 {ratio})",
        "groups": "、",
        "groups_end": "。同程度: 重みの比が {same:.2f} (√2) 未満。",
        "list": "」「",
        "balanced": "「{keep_names}」(平均 {keep}) と「{act_names}」(平均 {act}) を同程度に重視しており、"
                    "守りと攻めの均衡をとる方針と読める。",
        "active": "「{act_names}」(平均 {act}) を「{keep_names}」(平均 {keep}) より重視しており、"
                  "会社の財産を保持して安定性を維持するよりも、積極的な経営をする方針と読める (論文 §4)。",
        "keeping": "「{keep_names}」(平均 {keep}) を「{act_names}」(平均 {act}) より重視しており、"
                   "会社の財産を保持して安定性を維持する方針と読める。",
        "unchecked": "整合性は未確認 (一対比較表が与えられていない)。",
        "nc": "一巡三角形 N.C. = {nc} {op} 許容上限 {limit} ({source})",
        "table3": "表3, n = {n}, 危険率 {alpha:g}",
        "exact": "厳密検定, P(N.C. ≤ {nc}) = {p:.3g}",
        "passed": "整合性: {cr}、{nc}。この結果は妥当なものと結論できる。",
        "missing": "{missing} 組が未回答、",
        "failed": "整合性: {missing}{cr}、{nc}。この重みは参考値 (要再検討): 一対比較を見直してから説明に"
                  "用いること。",
        "line": "{names}を最も重視 ({weight})",
        "line_and": "と",
        "line_all": "すべて同程度に重視",
        "provisional": " [参考値: {reasons}]",
    },
    "en": {
        "order": "Order of importance, least to most: {order}.",
        "all_same": "① All criteria weigh about the same (every ratio of weights below "
                    "{same:.2f}).",
        "one": "{names} weighs most: {weight}",
        "several": "{names} weigh most, about equally: {weight} together",
        "and": " and ",
        "leader": "① {who} ({share:.1%} of the total{majority}), {lead} times the next, {next} "
                  "({next_weight}) — \"{word}\" on Table 1's scale.",
        "majority": ", more than half",
        "no_group": "No other criteria weigh about the same (every ratio of neighbouring weights "
                    "is {same:.2f} or more).",
        "group": "{mark} {names} are judged about equally important (weight ratio {ratio})",
        "groups": "; ",
        "groups_end": ". About equal: a ratio of weights below {same:.2f} (√2).",
        "list": ", ",
        "balanced": "{keep_names} (mean {keep}) and {act_names} (mean {act}) weigh about the "
                    "same: a balance of keeping and growing.",
        "active": "{act_names} (mean {act}) weigh more than {keep_names} (mean {keep}): active "
                  "management rather than keeping assets and stability (the paper, §4).",
        "keeping": "{keep_names} (mean {keep}) weigh more than {act_names} (mean {act}): keeping "
                   "assets and stability first.",
        "unchecked": "Consistency not checked (no pairwise matrix given).",
        "nc": "circular triads N.C. = {nc} {op} limit {limit} ({source})",
        "table3": "Table 3, n = {n}, α = {alpha:g}",
        "exact": "exact test, P(N.C. ≤ {nc}) = {p:.3g}",
        "passed": "Consistency: {cr}, {nc}: the result can be relied on.",
        "missing": "{missing} judgments missing, ",
        "failed": "Consistency: {missing}{cr}, {nc}: the weights are provisional (review the "
                  "comparisons before presenting them).",
        "line": "{names} weighted most ({weight})",
        "line_and": " and ",
        "line_all": "all weighted about equally",
        "provisional": " [provisional: {reasons}]",
    },
}
MARKS = "②③④⑤⑥⑦⑧⑨⑩"


class _Words:
    """The statements of an :class:`Explanation` in one language (:data:`PHRASES`)."""

    def __init__(self, lang: Lang) -> None:
        self.lang, self.say = lang, PHRASES[option(lang, LANGS, "lang")]

    def order(self, e: Explanation) -> str:
        return self.say["order"].format(order=_order_text(e))

    def leader(self, e: Explanation) -> str:
        if e.runner_up is None:
            return self.say["all_same"].format(same=SAME_RATIO)
        top, nxt = e.leaders, e.runner_up
        share = sum(e.shares[i] for i in top)
        who = self.say["one" if len(top) == 1 else "several"].format(
            names=self.say["and"].join(e.names[i] for i in reversed(top)), weight=_w(share))
        return self.say["leader"].format(
            who=who, share=share, majority=self.say["majority"] if share > 0.5 else "",
            next=e.names[nxt], next_weight=_w(e.shares[nxt]), lead=_ratio(e.lead),
            word=_scale_word(e.lead, self.lang))

    def same(self, e: Explanation) -> str:
        if not e.same:
            return self.say["no_group"].format(same=SAME_RATIO) if e.runner_up is not None else ""
        parts = [self.say["group"].format(mark=MARKS[k] if k < len(MARKS) else "",
                                          names=self.say["and"].join(e.names[i] for i in g),
                                          ratio=_ratio(_spread(e, g)))
                 for k, g in enumerate(e.same)]
        return self.say["groups"].join(parts) + self.say["groups_end"].format(same=SAME_RATIO)

    def stance(self, e: Explanation) -> str:
        if e.stance is None:
            return ""
        keep, act = e.stance
        ratio = act / keep if keep else math.inf
        words = dict(keep=_w(keep), act=_w(act),
                     keep_names=self.say["list"].join(n for n in e.names if n in KEEPING),
                     act_names=self.say["list"].join(n for n in e.names if n not in KEEPING))
        if max(ratio, 1 / ratio if ratio else math.inf) < SAME_RATIO:
            return self.say["balanced"].format(**words)
        return self.say["active" if act > keep else "keeping"].format(**words)

    def evidence(self, e: Explanation) -> str:
        s = e.summary
        if s is None:
            return self.say["unchecked"]
        n = s.consistency.n
        source = (self.say["table3"].format(n=n, alpha=s.alpha)
                  if n in PUBLISHED_TRIAD_LIMITS.get(s.alpha, {})
                  else self.say["exact"].format(nc=s.nc, p=s.nc_p))
        cr = f"C.R. = {s.consistency.cr:.3g} {'<' if s.cr_ok else '≥'} {CR_THRESHOLD:g}"
        nc = self.say["nc"].format(nc=s.nc, op="≤" if s.nc_ok else ">", limit=s.nc_limit,
                                   source=source)
        if s.ok:
            return self.say["passed"].format(cr=cr, nc=nc)
        missing = self.say["missing"].format(missing=s.missing) if s.missing else ""
        return self.say["failed"].format(missing=missing, cr=cr, nc=nc)

    def line(self, e: Explanation) -> str:
        share = sum(e.shares[i] for i in e.leaders)
        text = (self.say["line"].format(
            names=self.say["line_and"].join(e.names[i] for i in reversed(e.leaders)),
            weight=_w(share)) if e.runner_up is not None else self.say["line_all"])
        if e.same:
            text += "; " + ", ".join("≈".join(e.names[i] for i in g) for g in e.same)
        if e.provisional:
            text += self.say["provisional"].format(reasons=", ".join(e.summary.reasons))
        return text


def _spread(e: Explanation, group: Sequence[int]) -> float:
    return e.shares[group[-1]] / e.shares[group[0]]
