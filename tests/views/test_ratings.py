"""views.ratings: the score per agency × matter is the mean of the round's mapped values,
worked by hand; the ratings behind a summary row are exactly the rows it counts."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from views.common import Column, Table
from views.ratings import RatingsPage, matter_scores, rater_means, ratings_behind

DEFAULT = {"好": 1.0, "较好": 0.8, "一般": 0.6}


def _counts(rows: list[tuple[int, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(a, f"单位{a}", m, r, n) for a, m, r, n in rows],
        columns=["agency_id", "agency", "matter", "rating", "n"],
    )


def test_the_score_is_the_mean_of_the_mapped_values() -> None:
    scores = matter_scores(
        _counts(
            [
                (1, "党建", "好", 15),
                (1, "党建", "较好", 4),
                (1, "党建", "一般", 1),
                (2, "人事", "一般", 2),
            ]
        ),
        DEFAULT,
    )
    # agency 1 党建: (15 × 1.0 + 4 × 0.8 + 1 × 0.6) / 20 = (15 + 3.2 + 0.6) / 20 = 18.8 / 20 = 0.94
    # agency 2 人事: 2 × 0.6 / 2 = 0.6
    assert list(scores["raters"]) == [20, 2]
    assert list(scores[["good", "fairly_good", "average"]].iloc[0]) == [15, 4, 1]
    assert scores["score"].tolist() == pytest.approx([0.94, 0.6], abs=1e-12)


def test_a_custom_mapping_and_a_level_it_does_not_value() -> None:
    scores = matter_scores(
        _counts([(1, "党建", "好", 1), (1, "党建", "一般", 3), (1, "财务", "较好", 2)]),
        {"好": 1.0, "一般": 0.5},
    )
    # 党建: (1 × 1.0 + 3 × 0.5) / 4 = 2.5 / 4 = 0.625; 财务: 较好 has no value → no score
    assert scores["score"].iloc[0] == pytest.approx(0.625, abs=1e-12)
    assert math.isnan(scores["score"].iloc[1]) and scores["raters"].iloc[1] == 2


def test_rater_means_show_a_strict_rater() -> None:
    rows = pd.DataFrame(
        {
            "rater_label": ["甲", "甲", "乙", "乙"],
            "agency_id": [1, 1, 1, 2],
            "rating": ["一般", "较好", "好", "好"],
        }
    )
    means = rater_means(rows, DEFAULT).set_index(["rater_label", "agency_id"])
    # 甲 on 1: (0.6 + 0.8) / 2 = 0.7; 乙 on 1: 1.0; 乙 on 2: 1.0
    assert means.loc[("甲", 1), "mean"] == pytest.approx(0.7)
    assert means.loc[("甲", 1), "n"] == 2 and means.loc[("乙", 2), "mean"] == 1.0


def test_the_ratings_behind_a_row_are_the_rows_it_counts() -> None:
    frame = pd.DataFrame(
        {
            "rating_id": [1, 2, 3, 4],
            "agency_id": [1, 1, 1, 2],
            "matter": ["党建", "党建", "人事", "党建"],
            "rating_label": ["好", "一般", "好", "好"],
        }
    )
    model = RatingsPage(
        "h",
        None,
        ratings=Table(frame, tuple(Column(c, c) for c in frame.columns)),
    )
    behind = ratings_behind(model, 1, "党建")
    assert behind is not None and list(behind.frame["rating_id"]) == [1, 2]
