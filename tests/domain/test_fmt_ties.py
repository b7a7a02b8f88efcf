"""Tie-aware decimals: a composite shown to one decimal never looks equal to one ranked
differently (issue 12). Every case worked by hand in its comment."""

from __future__ import annotations

import math

import pytest

from domain.fmt import fmt_num, hidden_ties, tie_aware_decimals


@pytest.mark.parametrize(
    ("values", "ranks", "expected"),
    [
        # 89.23 and 89.17 both show 89.2 at one decimal, ranks 7 and 8 → both get two:
        # 89.23 / 89.17; 93.2 is alone at one decimal.
        ([93.2, 89.23, 89.17], [1, 2, 3], [1, 2, 2]),
        # 89.2 exactly and 89.24: at one decimal 89.2 = 89.2; at two 89.20 ≠ 89.24 → 2 each.
        ([89.24, 89.2], [1, 2], [2, 2]),
        # Equal composites share rank 2 (1, 2, 2): nothing to tell apart → one decimal.
        ([90.0, 85.25, 85.25], [1, 2, 2], [1, 1, 1]),
        # 85.25 vs 85.2 (half-up 85.25 → 85.3, 85.2 → 85.2): differ at one decimal already.
        ([85.25, 85.2], [1, 2], [1, 1]),
        # 70.004 and 70.001: 70.0 = 70.0, 70.00 = 70.00, 70.004 → 70.004 vs 70.001 at three.
        ([70.004, 70.001], [1, 2], [3, 3]),
        # Beyond three decimals (70.0004 vs 70.0001): stops at three, hidden_ties says so.
        ([70.0004, 70.0001], [1, 2], [3, 3]),
        # An agency without a rank (no grade) is not told apart from a ranked one.
        ([77.23, 77.17], [20, None], [1, 1]),
        # A missing composite keeps one decimal and never collides.
        ([math.nan, 80.04, 80.01], [None, 1, 2], [1, 2, 2]),
    ],
)
def test_tie_aware_decimals(
    values: list[float], ranks: list[int | None], expected: list[int]
) -> None:
    assert tie_aware_decimals(values, ranks) == expected


def test_without_ranks_any_difference_counts() -> None:
    # 89.23 vs 89.17: different values → two decimals; the third value 80 stays at one.
    assert tie_aware_decimals([89.23, 89.17, 80.0]) == [2, 2, 1]


def test_the_shown_texts_tell_the_ranks_apart() -> None:
    values, ranks = [93.2, 89.23, 89.17, 89.17], [1, 2, 3, 3]
    decimals = tie_aware_decimals(values, ranks)
    shown = [fmt_num(v, d) for v, d in zip(values, decimals, strict=True)]
    assert shown == ["93.2", "89.23", "89.17", "89.17"]  # the shared rank 3 shows equal
    assert not hidden_ties(values, decimals, ranks)


def test_hidden_ties_beyond_the_decimals_shown() -> None:
    values, ranks = [70.0004, 70.0001], [1, 2]
    assert hidden_ties(values, tie_aware_decimals(values, ranks), ranks)
    # one decimal for both: 89.2 and 89.2 with ranks 1 and 2 is exactly the bug of issue 12
    assert hidden_ties([89.23, 89.17], [1, 1], [1, 2])
