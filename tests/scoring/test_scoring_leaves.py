"""One kernel per leaf source type, against numbers worked out by hand (DOMAIN §4)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring import (
    RoundConfig,
    score_deduct,
    score_external,
    score_peer,
    score_survey_leaf,
    score_team,
    score_usage,
)

CFG = RoundConfig()


# -- team -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("team", "expected"), [(2.5, 2.5), (0.0, 0.0), (3.0, 3.0)])
def test_team_score_is_taken_as_is(team: float, expected: float) -> None:
    points, detail = score_team(team, 3)
    assert points == expected
    assert detail["team_score"] == expected


@pytest.mark.parametrize("team", [None, math.nan, pd.NA])
def test_team_missing(team: object) -> None:
    points, detail = score_team(team, 3)  # type: ignore[arg-type]
    assert points is None
    assert detail["missing_reason"] == "no_team_score"


@pytest.mark.parametrize("team", [3.5, -0.1])
def test_team_out_of_range_raises(team: float) -> None:
    with pytest.raises(ValueError, match="outside"):
        score_team(team, 3)


# -- external -------------------------------------------------------------------------------
RATINGS = pd.DataFrame(
    {
        "rating_id": [11, 12, 13, 14, 15, 16],
        "matter": ["党建", "党建", "财务", "财务", "议事协调机构", "人事"],
        "rating": ["好", "较好", "一般", "好", "一般", None],
    }
)


def test_external_mixes_the_listed_matters_only() -> None:
    # C3b (3 points) lists 党建, 人事, 财务, 信访事项办理. Counted: 党建 好 1.0, 党建 较好 0.8,
    # 财务 一般 0.6, 财务 好 1.0 (人事 has a blank rating: no rating; 议事协调机构 is not
    # listed). Mean = (1.0 + 0.8 + 0.6 + 1.0) / 4 = 3.4 / 4 = 0.85 → 3 × 0.85 = 2.55.
    before = RATINGS.copy()
    points, detail = score_external(RATINGS, ["党建", "人事", "财务", "信访事项办理"], 3, CFG)
    assert points == pytest.approx(2.55)
    assert detail["mean_value"] == pytest.approx(0.85)
    assert detail["n"] == 4
    assert detail["counts"] == {"党建": {"好": 1, "较好": 1}, "财务": {"一般": 1, "好": 1}}
    assert detail["rating_ids"] == {
        "党建": {"好": [11], "较好": [12]},
        "财务": {"一般": [13], "好": [14]},
    }
    pd.testing.assert_frame_equal(RATINGS, before)


def test_external_single_matter() -> None:
    # B1c (3 points), 议事协调机构: one 一般 → 3 × 0.6 = 1.8.
    points, _ = score_external(RATINGS, ["议事协调机构"], 3, CFG)
    assert points == pytest.approx(1.8)


def test_external_without_ratings_is_missing() -> None:
    points, detail = score_external(RATINGS, ["重点领域职责分工"], 3, CFG)
    assert points is None
    assert detail["missing_reason"] == "no_ratings"


def test_external_unknown_rating_raises() -> None:
    bad = pd.DataFrame({"rating_id": [1], "matter": ["党建"], "rating": ["很好"]})
    with pytest.raises(ValueError, match="很好"):
        score_external(bad, ["党建"], 3, CFG)


def test_external_uses_configured_values() -> None:
    # 好 counted as 0.9 instead of 1.0: 党建 (0.9 + 0.8) / 2 = 0.85 → 2 × 0.85 = 1.7.
    cfg = RoundConfig(rating_values={"好": 0.9, "较好": 0.8, "一般": 0.6})
    points, _ = score_external(RATINGS, ["党建"], 2, cfg)
    assert points == pytest.approx(1.7)


# -- survey ---------------------------------------------------------------------------------
def test_survey_leaf() -> None:
    assert score_survey_leaf(75.0, 6).points == pytest.approx(4.5)  # 6 × 75 / 100
    assert score_survey_leaf(100.0, 4).points == pytest.approx(4.0)  # 4 × 100 / 100
    assert score_survey_leaf(None, 6).points is None  # suppressed survey: no SI


# -- deduct ---------------------------------------------------------------------------------
def _findings(*severities: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "finding_id": [f"F{i}" for i in range(1, len(severities) + 1)],
            "severity": list(severities),
        }
    )


@pytest.mark.parametrize(
    ("severities", "expected", "deducted"),
    [
        ((), 5.0, 0.0),  # no finding: full marks
        (("轻微",), 4.0, 1.0),  # 5 − 1
        (("较重", "一般"), 0.0, 5.0),  # 5 − (3 + 2) = 0
        (("严重", "较重"), 0.0, 5.0),  # 5 − (4 + 3) = −2 → floor 0; only 5 can be lost
    ],
)
def test_deduct(severities: tuple[str, ...], expected: float, deducted: float) -> None:
    points, detail = score_deduct(_findings(*severities), 5, CFG)
    assert points == expected
    assert detail["deducted"] == deducted
    assert [f["finding_id"] for f in detail["findings"]] == [
        f"F{i}" for i in range(1, len(severities) + 1)
    ]


def test_deduct_detail_lists_points() -> None:
    _, detail = score_deduct(_findings("严重", "较重"), 5, CFG)
    assert detail["findings"] == [
        {"finding_id": "F1", "severity": "严重", "points": 4.0},
        {"finding_id": "F2", "severity": "较重", "points": 3.0},
    ]
    assert detail["severity_points"] == 7.0  # 4 + 3
    assert detail["floored"] is True


def test_deduct_unknown_severity_raises() -> None:
    with pytest.raises(ValueError, match="特别严重"):
        score_deduct(_findings("特别严重"), 5, CFG)


# -- usage ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actual", "u", "expected"),
    [
        (60, 0.60, 0.0),  # the zero end of the ramp
        (50, 0.50, 0.0),  # below 0.60
        (75, 0.75, 2.5),  # (0.75 − 0.60) / (0.90 − 0.60) = 0.5 → 5 × 0.5
        (84, 0.84, 4.0),  # (0.84 − 0.60) / 0.30 = 0.8 → 5 × 0.8
        (90, 0.90, 5.0),  # full
        (95, 0.95, 5.0),  # full
        (100, 1.00, 5.0),  # full
        (101, 1.01, 0.0),  # over-staffed: 0
    ],
)
def test_usage(actual: float, u: float, expected: float) -> None:
    points, detail = score_usage(100, actual, 5, CFG)  # 100 authorized posts
    assert points == pytest.approx(expected)
    assert detail["u"] == pytest.approx(u)


@pytest.mark.parametrize(
    ("authorized", "actual"), [(0, 10), (None, 10), (math.nan, 10), (100, None)]
)
def test_usage_missing(authorized: float | None, actual: float | None) -> None:
    points, detail = score_usage(authorized, actual, 5, CFG)
    assert points is None
    assert detail["missing_reason"] == "no_staffing"


# -- peer -----------------------------------------------------------------------------------
def test_peer_needs_three_peers() -> None:
    points, detail = score_peer(10.5, {"青岛": 9.0, "烟台": 10.0}, 4, CFG)
    assert points is None
    assert detail["missing_reason"] == "too_few_peers"
    # A peer without a value does not count: still two.
    points, _ = score_peer(10.5, {"青岛": 9.0, "烟台": 10.0, "潍坊": math.nan}, 4, CFG)
    assert points is None


@pytest.mark.parametrize(
    ("x", "expected", "d"),
    [
        (10.5, 4.0, 0.05),  # m = median(9, 10, 12) = 10; d = |10.5/10 − 1| = 0.05 ≤ 0.10: full
        (13.0, 2.0, 0.30),  # d = 0.30: 4 × (0.50 − 0.30) / (0.50 − 0.10) = 4 × 0.5 = 2
        (7.0, 2.0, 0.30),  # below the median counts the same: |0.7 − 1| = 0.30
        (12.0, 3.0, 0.20),  # d = 0.20: 4 × 0.30 / 0.40 = 3
        (15.0, 0.0, 0.50),  # d = 0.50: 0
        (16.0, 0.0, 0.60),  # d = 0.60 > 0.50: 0
    ],
)
def test_peer_with_three_peers(x: float, expected: float, d: float) -> None:
    points, detail = score_peer(x, {"青岛": 9.0, "烟台": 10.0, "潍坊": 12.0}, 4, CFG)
    assert points == pytest.approx(expected)
    assert detail["median"] == 10.0
    assert detail["d"] == pytest.approx(d)
    assert detail["peers"] == {"青岛": 9.0, "烟台": 10.0, "潍坊": 12.0}


def test_peer_median_of_an_even_count() -> None:
    # m = median(8, 9, 11, 12) = (9 + 11) / 2 = 10; x = 7 → d = 0.30 → 4 × 0.2 / 0.4 = 2.
    points, detail = score_peer(7.0, {"a": 8.0, "b": 9.0, "c": 11.0, "d": 12.0}, 4, CFG)
    assert detail["median"] == 10.0
    assert points == pytest.approx(2.0)


def test_peer_without_own_value_is_missing() -> None:
    points, detail = score_peer(math.nan, {"a": 8.0, "b": 9.0, "c": 11.0}, 4, CFG)
    assert points is None
    assert detail["missing_reason"] == "no_own_value"


def test_bad_max_points_raise() -> None:
    with pytest.raises(ValueError, match="max points"):
        score_team(1.0, 0)
