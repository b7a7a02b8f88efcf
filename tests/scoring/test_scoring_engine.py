"""score_round on the small tree (conftest.SMALL_TREE), numbers worked out by hand.

SMALL_TREE:  P (60) = P1 (40: P1a 30 + P1b 10) + P2 (20: P2a 20)
             Q (40) = Q1 (40: Q1a 25 + Q1b 15)            root = 100
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring import RoundConfig, RoundInputs, score_round

FULL = {"P1a": 24, "P1b": 8, "P2a": 10, "Q1a": 20, "Q1b": 12}


def _row(result, agency_id):  # noqa: ANN001, ANN202
    return result.summary.set_index("agency_id").loc[agency_id]


def _node(result, agency_id, code):  # noqa: ANN001, ANN202
    nodes = result.nodes
    return nodes[(nodes["agency_id"] == agency_id) & (nodes["code"] == code)].iloc[0]


def test_full_data_adds_up(small_inputs) -> None:  # noqa: ANN001
    result = score_round(small_inputs({1: FULL}))
    # P1 = 24 + 8 = 32; P2 = 10; P = 42; Q1 = Q = 20 + 12 = 32; C = 42 + 32 = 74.
    assert [_node(result, 1, c)["points"] for c in ("P1", "P2", "P", "Q1", "Q", "ROOT")] == [
        32,
        10,
        42,
        32,
        32,
        74,
    ]
    row = _row(result, 1)
    assert row["common"] == 74
    assert row["coverage"] == 1.0
    assert row["composite"] == 74  # no individual indicators: composite = C
    assert row["grade"] == "一般"  # 60 ≤ 74 < 80
    assert row["rank"] == 1
    assert row["flags"] == "no_individual"
    assert row["subtotal_team"] == 74 and math.isnan(row["subtotal_external"])


def test_leaf_missing_in_one_l2_is_rescaled_within_it(small_inputs) -> None:  # noqa: ANN001
    scores = {"P1a": 15, "P2a": 10, "Q1a": 20, "Q1b": 12}  # P1b missing
    result = score_round(small_inputs({1: scores}))
    # P1 = 15 / 30 × 40 = 20 (only P1a present); P = 20 + 10 = 30; Q = 32; C = 62.
    assert _node(result, 1, "P1")["points"] == pytest.approx(20)
    assert _node(result, 1, "P")["points"] == pytest.approx(30)
    assert _node(result, 1, "P1b")["present"] == False  # noqa: E712
    assert _row(result, 1)["common"] == pytest.approx(62)
    assert _row(result, 1)["coverage"] == pytest.approx(0.9)  # (100 − 10) / 100


def test_whole_l2_missing_is_rescaled_within_the_l1(small_inputs) -> None:  # noqa: ANN001
    scores = {"P1a": 24, "P1b": 8, "Q1a": 20, "Q1b": 12}  # P2a, hence P2, missing
    result = score_round(small_inputs({1: scores}))
    # P = 32 / 40 × 60 = 48 (P1 alone); C = 48 + 32 = 80.
    assert _node(result, 1, "P2")["present"] == False  # noqa: E712
    assert math.isnan(_node(result, 1, "P2")["points"])
    assert _node(result, 1, "P")["points"] == pytest.approx(48)
    row = _row(result, 1)
    assert row["common"] == pytest.approx(80)
    # Coverage (100 − 20) / 100 = 0.80 exactly: enough for a grade; 80 → 良好.
    assert row["coverage"] == 0.8
    assert row["grade"] == "良好"


def test_whole_l1_missing_is_rescaled_at_the_root(small_inputs) -> None:  # noqa: ANN001
    result = score_round(small_inputs({1: {"P1a": 24, "P1b": 8, "P2a": 10}}))
    # Q missing; C = 42 / 60 × 100 = 70; coverage 0.60 → 数据不足, no rank.
    row = _row(result, 1)
    assert row["common"] == pytest.approx(70)
    assert row["grade"] == "数据不足"
    assert row["rank"] is pd.NA
    assert row["flags"] == "insufficient_data;no_individual"


def test_no_data_at_all(small_inputs) -> None:  # noqa: ANN001
    result = score_round(small_inputs({1: {}}))
    row = _row(result, 1)
    assert math.isnan(row["common"]) and math.isnan(row["composite"])
    assert row["coverage"] == 0.0
    assert row["grade"] == "数据不足"
    assert not row["key_target"]  # a missing composite triggers nothing


COVERAGE_TREE = [
    {"code": "P", "parent": None, "level": 1, "name": "P", "max_points": 100, "source": None},
    {"code": "a", "parent": "P", "level": 2, "name": "a", "max_points": 79, "source": "team"},
    {"code": "b", "parent": "P", "level": 2, "name": "b", "max_points": 2, "source": "team"},
    {"code": "c", "parent": "P", "level": 2, "name": "c", "max_points": 19, "source": "team"},
]


def test_coverage_just_below_and_above_the_threshold(  # noqa: ANN201
    make_agencies, make_team_scores
):  # noqa: ANN001
    scores = {
        1: {"a": 79, "b": 2},  # c missing: coverage (79 + 2) / 100 = 0.81 → graded
        2: {"a": 79},  # b, c missing: 79 / 100 = 0.79 → 数据不足
    }
    inputs = RoundInputs(
        agencies=make_agencies([1, 2]),
        tree=pd.DataFrame(COVERAGE_TREE),
        team_scores=make_team_scores(scores),
    )
    result = score_round(inputs)
    assert _row(result, 1)["coverage"] == pytest.approx(0.81)
    assert _row(result, 1)["grade"] == "优秀"  # C = 81 / 81 × 100 = 100
    assert _row(result, 2)["coverage"] == pytest.approx(0.79)
    assert _row(result, 2)["grade"] == "数据不足"
    assert _row(result, 2)["common"] == 100  # still computed, just not graded
    assert list(result.summary["rank"]) == [1, pd.NA]


def test_ties_share_a_rank(small_inputs) -> None:  # noqa: ANN001
    scores = {
        "a": {"P1a": 30, "P1b": 10, "P2a": 20, "Q1a": 20, "Q1b": 10},  # 60 + 30 = 90
        "b": {"P1a": 30, "P1b": 10, "P2a": 10, "Q1a": 20, "Q1b": 10},  # 50 + 30 = 80
        "c": {"P1a": 20, "P1b": 10, "P2a": 20, "Q1a": 25, "Q1b": 5},  # 50 + 30 = 80
        "d": {"P1a": 20, "P1b": 10, "P2a": 10, "Q1a": 20, "Q1b": 10},  # 40 + 30 = 70
        "e": {"P1a": 30, "P1b": 10},  # coverage 0.40: no grade, no rank
    }
    result = score_round(small_inputs(scores))
    summary = result.summary.set_index("agency_id")
    assert list(summary["composite"]) == [90, 80, 80, 70, 100]  # e: 40 / 40 × 100
    assert list(summary["grade"]) == ["优秀", "良好", "良好", "一般", "数据不足"]
    assert list(summary["rank"]) == [1, 2, 2, 4, pd.NA]
    assert str(summary["rank"].dtype) == "Int64"


def test_composite_with_individual_indicators(small_inputs) -> None:  # noqa: ANN001
    indicators = pd.DataFrame(
        {
            "agency_type": "科技",
            "code": ["K1", "K2", "K3"],
            "name": ["甲", "乙", "丙"],
            "weight": [2.0, 1.0, 1.0],
            "eval_point": ["", "", ""],
        }
    )
    ind_scores = pd.DataFrame(
        {
            "agency_id": [1, 1, 9],
            "code": ["K1", "K2", "K1"],
            "team_score": [90.0, 60.0, 10.0],
            "self_score": [95.0, 60.0, 0],
        }
    )
    inputs = small_inputs(
        {1: FULL, 2: FULL}, individual_indicators=indicators, individual_scores=ind_scores
    )
    inputs.agencies.loc[1, "agency_type"] = "外事"  # agency 2 has no indicators of its type
    result = score_round(inputs)
    # Agency 1: K3 missing, weights re-normalised over K1, K2: X = (2 × 90 + 1 × 60) / 3 = 80;
    # composite = 0.8 × 74 + 0.2 × 80 = 59.2 + 16 = 75.2.
    assert _row(result, 1)["individual"] == pytest.approx(80)
    assert _row(result, 1)["composite"] == pytest.approx(75.2)
    assert _row(result, 1)["flags"] == ""
    # Agency 2: no X → composite = C = 74, flagged.
    assert math.isnan(_row(result, 2)["individual"])
    assert _row(result, 2)["composite"] == 74
    assert _row(result, 2)["flags"] == "no_individual"
    ind = result.individual.set_index(["agency_id", "code"])
    assert ind.loc[(1, "K1"), "weight_share"] == pytest.approx(2 / 3)
    assert math.isnan(ind.loc[(1, "K3"), "weight_share"])
    assert not ind.loc[(1, "K3"), "present"]


def test_individual_weights_are_configurable(small_inputs) -> None:  # noqa: ANN001
    indicators = pd.DataFrame(
        {
            "agency_type": ["科技"],
            "code": ["K1"],
            "name": ["甲"],
            "weight": [1.0],
            "eval_point": [""],
        }
    )
    ind_scores = pd.DataFrame(
        {"agency_id": [1], "code": ["K1"], "team_score": [50.0], "self_score": [None]}
    )
    cfg = RoundConfig(weight_common=0.5, weight_individual=0.5)
    result = score_round(
        small_inputs({1: FULL}, individual_indicators=indicators, individual_scores=ind_scores), cfg
    )
    assert _row(result, 1)["composite"] == pytest.approx(62)  # 0.5 × 74 + 0.5 × 50


@pytest.mark.parametrize(
    ("self_scores", "gap", "share", "flagged"),
    [
        # P1a 24→27, P1b 8→10, Q1a 20→20: gap 3 + 2 + 0 = 5 over 30 + 10 + 25 = 65 → 7.7%.
        ({"P1a": 27, "P1b": 10, "Q1a": 20}, 5.0, 5 / 65, False),
        # P1a 24→28, P1b 8→8: gap 4 over 40 = 10% exactly: not above 10%, not flagged.
        ({"P1a": 28, "P1b": 8}, 4.0, 0.10, False),
        # P1a 24→30, P1b 8→10: gap 8 over 40 = 20% → 自评偏高.
        ({"P1a": 30, "P1b": 10}, 8.0, 0.20, True),
        # Self scoring below the team: negative gap.
        ({"Q1b": 9}, -3.0, -0.2, False),
    ],
)
def test_self_vs_team_gap(small_inputs, self_scores, gap, share, flagged) -> None:  # noqa: ANN001
    result = score_round(small_inputs({1: FULL}, self_scores={1: self_scores}))
    row = _row(result, 1)
    assert row["self_gap_points"] == pytest.approx(gap)
    assert row["self_gap_share"] == pytest.approx(share)
    assert bool(row["self_overrated"]) is flagged
    assert ("self_overrated" in row["flags"]) is flagged


def test_no_self_scores_means_no_gap(small_inputs) -> None:  # noqa: ANN001
    row = _row(score_round(small_inputs({1: FULL})), 1)
    assert math.isnan(row["self_gap_points"]) and not row["self_overrated"]


def _finding(fid, agency, severity, is_open, code="P1a"):  # noqa: ANN001, ANN202
    return {
        "finding_id": fid,
        "agency_id": agency,
        "indicator_code": code,
        "severity": severity,
        "category": "其他",
        "source": "实地",
        "is_open": is_open,
        "in_ledger": True,
        "year": 2024,
    }


def test_key_targets(small_inputs) -> None:  # noqa: ANN001
    low = {"P1a": 20, "P1b": 5, "P2a": 10, "Q1a": 15, "Q1b": 9}  # 35 + 24 = 59 < 60
    edge = {"P1a": 20, "P1b": 5, "P2a": 10, "Q1a": 15, "Q1b": 10}  # 35 + 25 = 60: not below
    findings = pd.DataFrame(
        [
            _finding("F1", 1, "严重", False),  # a closed 严重 finding still counts
            _finding("F2", 2, "轻微", True),
            _finding("F3", 2, "轻微", True),
            _finding("F4", 2, "一般", True),  # 3 open findings
            _finding("F5", 3, "较重", True),
            _finding("F6", 3, "较重", True),
            _finding("F7", 3, "较重", False),  # only 2 open
        ]
    )
    result = score_round(
        small_inputs({1: FULL, 2: FULL, 3: FULL, 4: low, 5: edge}, findings=findings)
    )
    summary = result.summary.set_index("agency_id")
    assert list(summary["key_target"]) == [True, True, False, True, False]
    assert list(summary["open_findings"]) == [0, 3, 2, 0, 0]
    assert list(summary["key_target_reasons"]) == [
        "severe_finding",
        "open_findings",
        "",
        "low_composite",
        "",
    ]
    assert summary.loc[1, "flags"] == "key_target;no_individual"


def test_key_target_thresholds_are_configurable(small_inputs) -> None:  # noqa: ANN001
    findings = pd.DataFrame([_finding("F1", 1, "较重", True), _finding("F2", 1, "较重", True)])
    cfg = RoundConfig(key_target_open_findings=2, key_target_composite_below=75.0)
    summary = score_round(small_inputs({1: FULL, 2: FULL}, findings=findings), cfg).summary
    # Agency 1: 2 open findings ≥ 2, and 74 < 75; agency 2: 74 < 75.
    assert list(summary["key_target_reasons"]) == ["open_findings;low_composite", "low_composite"]


def test_inputs_are_not_mutated(small_inputs) -> None:  # noqa: ANN001
    inputs = small_inputs(
        {1: FULL, 2: {"P1a": 3}}, findings=pd.DataFrame([_finding("F1", 1, "严重", True)])
    )
    before = {
        name: getattr(inputs, name).copy()
        for name in ("agencies", "tree", "team_scores", "findings")
    }
    score_round(inputs)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(inputs, name), frame)


def test_out_of_range_team_score_names_agency_and_code(small_inputs) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match=r"agency 1, indicator 'P1b': team score 11"):
        score_round(small_inputs({1: {**FULL, "P1b": 11}}))


def test_bad_inputs_raise(small_inputs) -> None:  # noqa: ANN001
    inputs = small_inputs({1: FULL})
    with pytest.raises(ValueError, match="duplicate agency_id 1"):
        score_round(
            RoundInputs(
                agencies=pd.concat([inputs.agencies] * 2),
                tree=inputs.tree,
                team_scores=inputs.team_scores,
            )
        )
    with pytest.raises(ValueError, match="two rows for agency 1, indicator 'P1a'"):
        score_round(
            RoundInputs(
                agencies=inputs.agencies,
                tree=inputs.tree,
                team_scores=pd.concat([inputs.team_scores] * 2),
            )
        )
    with pytest.raises(ValueError, match=r"ratings lacks columns \['matter'\]"):
        score_round(
            RoundInputs(
                agencies=inputs.agencies,
                tree=inputs.tree,
                ratings=pd.DataFrame(columns=["rating_id", "agency_id", "rating"]),
            )
        )


def test_empty_round() -> None:
    result = score_round(RoundInputs())
    assert result.summary.empty and result.nodes.empty and result.leaves.empty
    assert list(result.summary.columns)[:5] == [
        "agency_id",
        "name",
        "short_name",
        "agency_type",
        "nature",
    ]
