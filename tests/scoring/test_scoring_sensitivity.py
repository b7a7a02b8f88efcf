"""Rank sensitivity to ±10% on each L1 maximum, worked out by hand on the small tree.

Agencies (P max 60, Q max 40):
  a1: P 48 (share 0.8), Q 24 (0.6) → C 72     a2: P 39 (0.65), Q 32 (0.8) → C 71
  a3: P 30 (0.5),  Q 20 (0.5) → C 50          a4: only P1 (coverage 0.4) → not graded
Scenarios (the other L1 re-scaled so the total stays 100):
  P+10%: P 66, Q 34 → a1 52.8 + 20.4 = 73.2;  a2 42.9 + 27.2 = 70.1  (order kept)
  P−10%: P 54, Q 46 → a1 43.2 + 27.6 = 70.8;  a2 35.1 + 36.8 = 71.9  (swap)
  Q+10%: Q 44, P 56 → a1 44.8 + 26.4 = 71.2;  a2 36.4 + 35.2 = 71.6  (swap)
  Q−10%: Q 36, P 64 → a1 51.2 + 21.6 = 72.8;  a2 41.6 + 28.8 = 70.4  (order kept)
  a3 stays third throughout (≤ 0.5 × 100 = 50).
"""

from __future__ import annotations

import pandas as pd
import pytest

from scoring import RoundConfig, rank_sensitivity, score_round, summarise_sensitivity

SCORES = {
    "a1": {"P1a": 24, "P1b": 8, "P2a": 16, "Q1a": 15, "Q1b": 9},
    "a2": {"P1a": 21, "P1b": 6, "P2a": 12, "Q1a": 20, "Q1b": 12},
    "a3": {"P1a": 15, "P1b": 5, "P2a": 10, "Q1a": 10, "Q1b": 10},
    "a4": {"P1a": 30, "P1b": 10},
}


@pytest.fixture
def sensitivity(small_inputs):  # noqa: ANN001, ANN201
    result = score_round(small_inputs(SCORES))
    return rank_sensitivity(result, result.tree, RoundConfig())


def test_base_is_as_scored(small_inputs) -> None:  # noqa: ANN001
    summary = score_round(small_inputs(SCORES)).summary
    assert list(summary["common"]) == pytest.approx([72, 71, 50, 100])
    assert list(summary["rank"]) == [1, 2, 3, pd.NA]


def test_ranks_under_scenarios(sensitivity) -> None:  # noqa: ANN001
    rows = sensitivity.set_index("agency_id")
    assert list(rows["base_rank"]) == [1, 2, 3, pd.NA]
    assert list(rows["min_rank"]) == [1, 1, 3, pd.NA]
    assert list(rows["max_rank"]) == [2, 2, 3, pd.NA]
    assert list(rows["changed"]) == [True, True, False, False]
    assert list(rows["scenarios_changed"]) == ["P-10%;Q+10%", "P-10%;Q+10%", "", ""]


def test_summary(sensitivity) -> None:  # noqa: ANN001
    assert summarise_sensitivity(sensitivity) == {"n_agencies": 3, "n_changed": 2, "max_shift": 1}


def test_a_smaller_step_changes_nothing(small_inputs) -> None:  # noqa: ANN001
    # ±1%: P 60.6 / Q 39.4 → a1 48.48 + 23.64 = 72.12 vs a2 39.39 + 31.52 = 70.91;
    #      P 59.4 / Q 40.6 → a1 47.52 + 24.36 = 71.88 vs a2 38.61 + 32.48 = 71.09;
    #      Q 40.4 / P 59.6 → a1 47.68 + 24.24 = 71.92 vs a2 38.74 + 32.32 = 71.06;
    #      Q 39.6 / P 60.4 → a1 48.32 + 23.76 = 72.08 vs a2 39.26 + 31.68 = 70.94.
    result = score_round(small_inputs(SCORES))
    frame = rank_sensitivity(result, result.tree, RoundConfig(), step=0.01)
    assert not frame["changed"].any()
    assert summarise_sensitivity(frame)["max_shift"] == 0


def test_tree_may_be_given_as_a_table(small_inputs, small_tree) -> None:  # noqa: ANN001
    result = score_round(small_inputs(SCORES))
    frame = rank_sensitivity(result, pd.DataFrame(small_tree), RoundConfig())
    assert list(frame["scenarios_changed"])[:2] == ["P-10%;Q+10%", "P-10%;Q+10%"]


def test_bad_step(small_inputs) -> None:  # noqa: ANN001
    result = score_round(small_inputs(SCORES))
    with pytest.raises(ValueError, match="step"):
        rank_sensitivity(result, result.tree, RoundConfig(), step=1.5)
