"""Constants taken from the literature, each with its source.

Nothing here is computed or tuned by xlahp: these are the published numbers
the method rests on. Change one only together with the citation beside it.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# 一対比較の尺度 (Saaty's 1–9 scale).  Iida & Torii (2011) 表1, after Saaty &
# Peniwati (2007), *Group decision-making*, RWS Publications.
# "上の 2 つの中間の値として 2, 4, 6, 8 も利用できる" — the even numbers are the
# intermediate judgments (中間).  Each level: value, Japanese, English.
VERBAL_SCALE: tuple[tuple[int, str, str], ...] = (
    (1, "同じくらい重要", "equal"),
    (2, "中間(同じくらい〜やや)", "equal to moderate"),
    (3, "やや重要", "moderate"),
    (4, "中間(やや〜かなり)", "moderate to strong"),
    (5, "かなり重要", "strong"),
    (6, "中間(かなり〜非常に)", "strong to very strong"),
    (7, "非常に重要", "very strong"),
    (8, "中間(非常に〜極めて)", "very strong to extreme"),
    (9, "極めて重要", "extreme"),
)
#: The end of Saaty's scale (表1: 9 = 極めて重要).  A judgment beyond it (or below its
#: reciprocal) is read and flagged, not refused: it is computed as typed.
SCALE_MAX = VERBAL_SCALE[-1][0]

# ---------------------------------------------------------------------------
# Random index RI(n): the mean C.I. of random reciprocal matrices of order n.
# RI(1) = RI(2) = 0 in every table (a 1×1 or 2×2 reciprocal matrix is always
# consistent).  A table is never extended beyond the n its source lists.
RI_TABLES: dict[str, dict[int, float]] = {
    # SuperDecisions (Creative Decisions Foundation, version 2.x; the software
    # the paper used, its ref. [8]).  Reproduces the paper's "Inconsistency"
    # 0.0370 (表2, n = 3) and 0.0554 (図8, n = 5).
    "superdecisions": dict(zip(range(3, 16), (
        0.52, 0.89, 1.12, 1.25, 1.35, 1.40, 1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.58))),
    # Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    "saaty": dict(zip(range(3, 11), (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49))),
    # Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic
    # hierarchy process: a new approach. *Int. J. Uncertainty, Fuzziness and
    # Knowledge-Based Systems* 14(4), 445–459.
    "alonso-lamata": dict(zip(range(3, 11), (
        0.5247, 0.8816, 1.1086, 1.2479, 1.3417, 1.4057, 1.4499, 1.4854))),
}
DEFAULT_RI_TABLE = "superdecisions"

# Saaty's rule, used by the paper ("0.1 未満で得れば妥当"): a matrix whose C.R.
# (SuperDecisions' "Inconsistency") is below 0.1 is acceptable.
CR_THRESHOLD = 0.1

# ---------------------------------------------------------------------------
# 表3 (Iida & Torii 2011, from Iida 2009, J. Oper. Res. Soc. Japan 52,
# 174–185): the largest number of circular triads (一巡三角形, N.C.) still
# accepted, by number of items n and risk level (危険率) alpha.
PUBLISHED_TRIAD_LIMITS: dict[float, dict[int, int]] = {
    0.05: {3: 0, 4: 0, 5: 0, 6: 1, 7: 3, 8: 7, 9: 13},
    0.10: {3: 0, 4: 0, 5: 1, 6: 2, 7: 5, 8: 9, 9: 15},
}

#: The risk level used when none is given (the first column of 表3).
DEFAULT_ALPHA = 0.05

# Largest matrix xlahp reads (docs/method.md §1): the RI tables and the exact
# circular-triad distribution are available up to here.
MAX_ITEMS = 15

# ---------------------------------------------------------------------------
# 集団意思決定 (several evaluators), xlahp.core.group.
#
# Aggregation of individual judgments (AIJ, the geometric mean of each judgment
# over the evaluators, the only mean that keeps the matrix reciprocal) and of
# individual priorities (AIP): Aczél, J. & Saaty, T. L. (1983). Procedures for
# synthesizing ratio judgements. *J. Math. Psychology* 27(1), 93–102; Forman, E.
# & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
# analytic hierarchy process. *EJOR* 108(1), 165–169.
#
# The AHP consensus indicator S*: Goepel, K. D. (2018). Implementation of an
# online software tool for the Analytic Hierarchy Process (AHP-OS). *Int. J. of
# the Analytic Hierarchy Process* 10(3), 469–487, doi:10.13033/ijahp.v10i3.590,
# §4.2 eqs. 11–21 (first proposed in Goepel 2013, Proc. ISAHP 2013, Kuala
# Lumpur).  M, the largest judgment of the scale, enters the smallest α entropy
# an evaluator can have (eq. 16): one item M times every other.  The dispersion
# of one judgment over the evaluators is its geometric standard deviation (eq. 10).
CONSENSUS_SCALE_MAX = SCALE_MAX  # M = 9, the fundamental 1–9 scale
#: Goepel's reading of S* (Goepel 2018, Table 2): the upper bound of each band
#: (None: up to 100 %), with its words in Japanese and English.
CONSENSUS_BANDS = ((0.50, "非常に低い", "very low"), (0.65, "低い", "low"),
                   (0.75, "中程度", "moderate"), (0.85, "高い", "high"),
                   (None, "非常に高い", "very high"))

# ---------------------------------------------------------------------------
# 総合化 and 感度分析 (the hierarchy: xlahp.core.hierarchy, xlahp.core.sensitivity).
#
# Synthesis modes.  Distributive: the original AHP synthesis, each criterion's
# weight divided among the alternatives (local priorities summing to 1).
# Ideal: each criterion's best alternative gets the criterion's whole weight
# (local priorities divided by the largest), so that an alternative added or
# removed changes no other alternative's score unless it becomes the best
# somewhere.  Read for xlahp: Forman, E. H. & Gass, S. I. (2001). The analytic
# hierarchy process — an exposition. *Operations Research* 49(4), 469–486
# (abstract and §§ on synthesis and rank reversal); the Expert Choice Comparion
# help page "Advanced Mode: Synthesize" (distributive vs ideal synthesis);
# Saaty, T. L. & Sagir Ozdemir, M. (2009). An essay on rank preservation and
# reversal. *Mathematical and Computer Modelling* 49(5–6), 1230–1243
# (abstract).  The ideal mode as the remedy for rank reversal is Saaty's and
# Millet & Saaty's: Millet, I. & Saaty, T. L. (2000). On the relativity of
# relative measures — accommodating both rank preservation and rank reversals
# in the AHP. *EJOR* 121(1), 205–212 (cited after Forman & Gass; not read).
# Rank reversal when a copy of an alternative is added under the distributive
# mode: Belton, V. & Gear, T. (1983). On a short-coming of Saaty's method of
# analytic hierarchies. *Omega* 11(3), 228–230 (the phenomenon; xlahp's named
# test uses its own numbers, not theirs).
SYNTHESIS_MODES = ("distributive", "ideal")

# One-at-a-time sensitivity: the threshold weight of a criterion at which the
# ranking changes, and that change as a percentage of the current weight; the
# criterion with the smallest one is "the most critical criterion".
# Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for
# some deterministic multi-criteria decision-making methods. *Decision
# Sciences* 28(1), 151–194 (as named in issue 10; its definitions as restated
# in docs/method.md §10, the paper itself not read here).
#
# Published worked example reproduced by tests/core/test_hierarchy.py: "Analytic
# hierarchy process – leader example", Wikipedia (the English article; read as
# mirrored at everything.explained.today and profilbaru.com): criteria weights
# .547 .127 .270 .056, global priorities Tom .358, Dick .493, Harry .149.

# ---------------------------------------------------------------------------
# 企業価値指数 (the value index, xlahp.core.value; docs/method.md §6).
#
# Achievement scores are bounded, as incentive plans and scorecards bound an
# achievement: nothing below a floor, nothing above a maximum.  Ellig, B. R. (2007).
# *The Complete Guide to Executive Compensation* (2nd ed.), McGraw-Hill, ch. 7
# "Short-Term Incentives", p. 351: the maximum award is typically 150–200 % of the
# target award ("nor more than double"), nothing below threshold.  Meridian
# Compensation Partners (2016), "Considerations for Setting Incentive Plan Goals"
# (survey of 250 large US companies, 2015): maximum performance goals at 104–118 %
# of target.  Scorecard software bounds each category's achievement the same way
# (ProfitStars Financial Performance Suite, "Parameters": minimum 0 %, maximum
# category achievement an administrator sets, e.g. 150 %).  xlahp takes the lower
# end of Ellig's range as the default cap, so that one indicator far above its
# target can add at most half its weight again; the template lets the user set it.
SCORE_CAP = 1.5
SCORE_CAP_RANGE = (1.0, 2.0)  # Ellig's "nor more than double" bounds the cap itself
SCORE_FLOOR = 0.0
#
# Progress from a base: between the base period (score 0) and the target (score 1)
# the score runs linearly, and on beyond the target up to the cap — the
# threshold/target/maximum interpolation of incentive plans, whose threshold
# "reflects an improvement on the prior year" (Egan Associates, "3 Indispensable
# Definitions for Annual Incentive Plan Disclosure"), written with |target − base| so
# that a figure below zero (a loss, a negative growth rate) is scored as well as one
# above it — the normalisation by an absolute value of Infor CPM Strategy
# Management, "Rules for decreasing value types": performance = 1 − (actual −
# target)/|target|.  The plain ratio actual/target fails exactly there (SAP Strategy
# Management forum, "calculation of scores … a combination of negative and positive
# values", 2009): a ratio of two growth rates or margins is no achievement measure.
#
# Near zero: a target and base that differ by less than this share of the largest
# of base, actual and target (|t − b| < 5 % of max(|b|, |a|, |t|)), or a ratio
# beyond 1/this, make a score hypersensitive; xlahp's choice, not a source's — the
# score is kept and the index marked 参考値.
NEAR_ZERO = 0.05
