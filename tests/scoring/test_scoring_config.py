"""RoundConfig defaults, JSON round trip and validation; display rounding."""

from __future__ import annotations

import json
import math

import pytest

from scoring import RoundConfig, round_half_up


def test_defaults_are_the_domain_rules() -> None:
    cfg = RoundConfig()
    assert cfg.rating_values == {"好": 1.0, "较好": 0.8, "一般": 0.6}
    assert cfg.severity_points == {"严重": 4, "较重": 3, "一般": 2, "轻微": 1}
    assert cfg.answer_values == {
        "非常满意": 100,
        "满意": 80,
        "基本满意": 60,
        "不满意": 30,
        "非常不满意": 0,
    }
    assert "不了解" not in cfg.answer_values
    assert cfg.satisfied_answers == ("非常满意", "满意", "基本满意")
    assert (cfg.weight_common, cfg.weight_individual) == (0.8, 0.2)
    assert cfg.grade_bands == (("优秀", 90.0), ("良好", 80.0), ("一般", 60.0))
    assert (cfg.lowest_grade, cfg.insufficient_label, cfg.min_coverage) == ("较差", "数据不足", 0.8)
    assert (
        cfg.key_target_severity,
        cfg.key_target_open_findings,
        cfg.key_target_composite_below,
    ) == ("严重", 3, 60.0)
    assert (
        cfg.survey_min_n,
        cfg.survey_small_n,
        cfg.too_fast_seconds,
        cfg.straightline_min_items,
    ) == (5, 30, 20, 8)
    assert (cfg.usage_zero_low, cfg.usage_full_low, cfg.usage_full_high) == (0.6, 0.9, 1.0)
    assert (cfg.peer_min_count, cfg.peer_full_d, cfg.peer_zero_d) == (3, 0.1, 0.5)
    assert cfg.item_weights == {}


def test_round_trip_through_json() -> None:
    cfg = RoundConfig(
        weight_common=0.7,
        weight_individual=0.3,
        item_weights={"满意度调查问卷": {"Q1": 2.0}},
        grade_bands=(("A", 85.0), ("B", 70.0)),
        min_coverage=0.75,
    )
    text = json.dumps(cfg.to_dict(), ensure_ascii=False)
    back = RoundConfig.from_dict(json.loads(text))
    assert back == cfg
    assert hash(back) == hash(cfg)


def test_from_dict_fills_missing_keys_with_defaults() -> None:
    cfg = RoundConfig.from_dict({"weight_common": 0.6, "weight_individual": 0.4})
    assert cfg.weight_common == 0.6
    assert cfg.rating_values == RoundConfig().rating_values
    assert RoundConfig.from_dict({}) == RoundConfig()


def test_from_dict_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="unknown keys.*weight_x"):
        RoundConfig.from_dict({"weight_x": 1})


def test_callers_dict_is_copied() -> None:
    values = {"好": 1.0, "较好": 0.8, "一般": 0.6}
    cfg = RoundConfig(rating_values=values)
    values["好"] = 0.0
    assert cfg.rating_values["好"] == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weight_common": 0.7}, "must be 1"),  # 0.7 + 0.2 = 0.9
        ({"weight_common": 1.2, "weight_individual": -0.2}, ">= 0"),
        ({"grade_bands": (("优秀", 80.0), ("良好", 90.0))}, "strictly descending"),
        ({"grade_bands": ()}, "must not be empty"),
        ({"lowest_grade": "优秀"}, "distinct"),
        ({"usage_zero_low": 0.95}, "usage_zero_low < usage_full_low"),
        ({"usage_full_high": 0.85}, "usage_full_low <= usage_full_high"),
        ({"peer_full_d": 0.5}, "peer_full_d < peer_zero_d"),
        ({"min_coverage": 1.2}, "min_coverage"),
        ({"rating_values": {"好": 1.5}}, r"rating_values\['好'\]"),
        ({"severity_points": {"严重": -1}}, "severity_points"),
        ({"answer_values": {"满意": 120}}, "answer_values"),
        ({"satisfied_answers": ("很好",)}, "not in answer_values"),
        ({"key_target_severity": "特别严重"}, "not in severity_points"),
        ({"survey_min_n": 10, "survey_small_n": 5}, "survey_min_n <= survey_small_n"),
        ({"item_weights": {"问卷": {"Q1": -1}}}, "item_weights"),
        ({"rating_values": {"好": "high"}}, "not a number"),
    ],
)
def test_validation_errors_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RoundConfig(**kwargs)


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [
        (2.25, 1, 2.3),  # half-up; binary round(2.25, 1) gives 2.2
        (2.675, 2, 2.68),  # as written; the binary double is 2.67499999...
        (0.05, 1, 0.1),
        (89.95, 1, 90.0),
        (-2.25, 1, -2.3),  # half away from zero
        (80.89090909, 1, 80.9),
        (74.0, 1, 74.0),
        (1234.5, 0, 1235.0),
    ],
)
def test_round_half_up(x: float, digits: int, expected: float) -> None:
    assert round_half_up(x, digits) == expected


def test_round_half_up_missing_is_nan() -> None:
    assert math.isnan(round_half_up(None))
    assert math.isnan(round_half_up(float("nan")))
