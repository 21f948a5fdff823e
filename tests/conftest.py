"""Shared fixtures: the paper's matrices in every input shape docs/method.md §1 lists.

Built once here from :mod:`xlahp.core.paper`, never retyped in a test.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlahp.core import paper

FULL_WIDTH = str.maketrans("0123456789/.", "０１２３４５６７８９／．")


def _fraction_text(x: float) -> str:
    f = Fraction(x).limit_denominator(9)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def shapes(matrix, labels) -> dict[str, list[list]]:
    """One matrix written the ways planners write it."""
    n = len(matrix)
    full = [[float(v) for v in row] for row in matrix]
    upper = [[full[i][j] if j >= i else None for j in range(n)] for i in range(n)]
    text = [[_fraction_text(v) for v in row] for row in full]
    labelled = [["目的", *labels]] + [[labels[i], *text[i]] for i in range(n)]
    return {
        "full": full,
        "upper triangle": upper,
        "upper, lower as empty text": [[c if c is not None else "" for c in r] for r in upper],
        "upper, lower as 0": [[c if c is not None else 0 for c in r] for r in upper],
        "upper, no diagonal": [[full[i][j] if j > i else None for j in range(n)]
                               for i in range(n)],
        "lower triangle": [[full[i][j] if j <= i else None for j in range(n)]
                           for i in range(n)],
        "text fractions": text,
        "full-width text": [[c.translate(FULL_WIDTH) for c in r] for r in text],
        "decimals 0.333": [[round(v, 3) for v in row] for row in full],
        "decimals 0.33": [[round(v, 2) for v in row] for row in full],
        "labelled": labelled,
        "label row only": [list(labels)] + text,
        "label column only": [[labels[i], *text[i]] for i in range(n)],
    }


TABLE2_SHAPES = shapes(paper.TABLE2, paper.TABLE2_ITEMS)
FIG8_SHAPES = shapes(paper.FIG8, paper.CRITERIA)


@pytest.fixture(params=sorted(TABLE2_SHAPES))
def table2_cells(request):
    return TABLE2_SHAPES[request.param]


@pytest.fixture(params=sorted(FIG8_SHAPES))
def fig8_cells(request):
    return FIG8_SHAPES[request.param]
