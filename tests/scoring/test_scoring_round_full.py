"""One agency on the shipped tree with every source type, worked out by hand, plus explain.

Leaf by leaf (max in brackets):
  team    A1a 3, A2a 2, A2b 2, B1a 5, B2a 6, B2b 4, C1a 4, C1b 3, C2a 3, C2b 2, C3a 3,
          D2b 2, D3a 1, D3b 3, D4a 4, E1b 3                                   Σ = 50
  deduct  A1b (2): 轻微 1 → 1;  D1a (5): 严重 4 + 较重 3 = 7 → floor 0;  D2a (4): none → 4
  extern  B1b (3): 好, 好 → 1.0 → 3;  B1c (3): 较好, 一般 → 0.7 → 2.1;
          C3b (3): 党建 好, 财务 一般 → 0.8 → 2.4 (the 议事协调机构 ratings belong to B1c)
  survey  B3a (6): 5 respondents 100, 80, 80, 60, 80 → SI 80 → 4.8;
          E3a (4): 4 respondents → suppressed → missing
  comp.   D1b (5): actual 30+40+5 = 75 of 40+50+10 = 100 → u 0.75 → 2.5
          E2a (4): x = 100 / 1000 = 0.1 per 10k; peers 0.13, 0.12, 0.105 → m = 0.12;
                   d = |0.1/0.12 − 1| = 1/6 → 4 × (0.5 − 1/6) / 0.4 = 10/3
          E1a (4): workload peers: only 2 cities report workload → missing
Nodes: A = (3+1) + (2+2) = 8;  B = (5+3+2.1) + (6+4) + 4.8 = 24.9;
       C = (4+3) + (3+2) + (3+2.4) = 17.4;  D = (0+2.5) + (4+2) + (1+3) + 4 = 16.5;
       E1 = 3/3 × 7 = 7 (E1a missing); E2 = 10/3; E3 missing → E = (7 + 10/3) / 11 × 15 = 155/11
C = 8 + 24.9 + 17.4 + 16.5 + 155/11 = 66.8 + 14.090909 = 80.890909;  coverage = 92/100.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from scoring import DEFAULT_COMMON_TREE, RoundInputs, explain_agency, score_round

TEAM = {
    "A1a": 3,
    "A2a": 2,
    "A2b": 2,
    "B1a": 5,
    "B2a": 6,
    "B2b": 4,
    "C1a": 4,
    "C1b": 3,
    "C2a": 3,
    "C2b": 2,
    "C3a": 3,
    "D2b": 2,
    "D3a": 1,
    "D3b": 3,
    "D4a": 4,
    "E1b": 3,
}


def _inputs(make_agencies, make_team_scores) -> RoundInputs:  # noqa: ANN001
    ratings = pd.DataFrame(
        [
            ("R1", 7, "发改委", "重点领域职责分工", "好"),
            ("R2", 7, "财政局", "重点领域职责分工", "好"),
            ("R3", 7, "发改委", "议事协调机构", "较好"),
            ("R4", 7, "财政局", "议事协调机构", "一般"),
            ("R5", 7, "组织部", "党建", "好"),
            ("R6", 7, "财政局", "财务", "一般"),
            ("R7", 8, "组织部", "党建", "一般"),
        ],  # agency 8 is not in the round
        columns=["rating_id", "agency_id", "rater", "matter", "rating"],
    )
    survey = [
        (7, "满意度调查问卷", f"s{i}", "Q1", a)
        for i, a in enumerate(["非常满意", "满意", "满意", "基本满意", "满意"])
    ]
    survey += [(7, "评估调查问卷", f"e{i}", "Q1", "满意") for i in range(4)]
    findings = pd.DataFrame(
        [
            ("F1", 7, "A1b", "轻微", "其他", "实地", True, True, 2024),
            ("F2", 7, "D1a", "严重", "违反机构编制纪律", "监督检查", False, True, 2024),
            ("F3", 7, "D1a", "较重", "机构编制管理不规范", "实地", True, False, 2024),
            ("F4", 7, "B1a", "一般", "其他", "自评", True, False, 2024),
        ],  # on a team leaf
        columns=[
            "finding_id",
            "agency_id",
            "indicator_code",
            "severity",
            "category",
            "source",
            "is_open",
            "in_ledger",
            "year",
        ],
    )
    staffing = pd.DataFrame(
        [
            {
                "agency_id": 7,
                "authorized_xz": 40,
                "authorized_sy": 50,
                "authorized_gq": 10,
                "actual_xz": 30,
                "actual_sy": 40,
                "actual_gq": 5,
            }
        ]
    )
    peers = pd.DataFrame(
        [
            ("青岛", "科技", 130.0, 100.0, 12000.0, 1000.0),
            ("烟台", "科技", 72.0, 100.0, 9000.0, 600.0),
            ("潍坊", "科技", 105.0, 90.0, np.nan, 1000.0),
            ("济南", "外事", 10.0, 10.0, 1.0, 900.0),
        ],
        columns=[
            "city",
            "agency_type",
            "authorized_total",
            "actual_total",
            "workload",
            "population",
        ],
    )
    return RoundInputs(
        agencies=make_agencies([7]),
        tree=pd.DataFrame(DEFAULT_COMMON_TREE),
        team_scores=make_team_scores({7: TEAM}),
        ratings=ratings,
        survey_answers=pd.DataFrame(
            survey, columns=["agency_id", "questionnaire", "response_id", "item", "answer"]
        ),
        findings=findings,
        staffing=staffing,
        workload=pd.DataFrame([{"agency_id": 7, "metric": "项目数", "value": 7500.0}]),
        peers=peers,
        home_population=1000.0,
    )


@pytest.fixture
def result(make_agencies, make_team_scores):  # noqa: ANN001, ANN201
    return score_round(_inputs(make_agencies, make_team_scores))


def _leaf(result, code):  # noqa: ANN001, ANN202
    return result.leaves.set_index("code").loc[code]


@pytest.mark.parametrize(
    ("code", "points"),
    [
        ("A1b", 1.0),
        ("D1a", 0.0),
        ("D2a", 4.0),
        ("B1b", 3.0),
        ("B1c", 2.1),
        ("C3b", 2.4),
        ("B3a", 4.8),
        ("D1b", 2.5),
        ("E2a", 10 / 3),
        ("A1a", 3.0),
        ("E1b", 3.0),
    ],
)
def test_leaf_points(result, code, points) -> None:  # noqa: ANN001
    assert _leaf(result, code)["points"] == pytest.approx(points)


@pytest.mark.parametrize("code", ["E1a", "E3a"])
def test_missing_leaves(result, code) -> None:  # noqa: ANN001
    leaf = _leaf(result, code)
    assert not leaf["present"] and math.isnan(leaf["points"])


def test_nodes_and_summary(result) -> None:  # noqa: ANN001
    nodes = result.nodes.set_index("code")["points"]
    assert nodes["A"] == pytest.approx(8)
    assert nodes["B"] == pytest.approx(24.9)
    assert nodes["C"] == pytest.approx(17.4)
    assert nodes["D"] == pytest.approx(16.5)
    assert nodes["E1"] == pytest.approx(7)  # 3 / 3 × 7
    assert nodes["E"] == pytest.approx(155 / 11)  # (7 + 10/3) / 11 × 15 = 14.0909
    row = result.summary.iloc[0]
    assert row["common"] == pytest.approx(80.890909, abs=1e-6)
    assert row["composite"] == pytest.approx(80.890909, abs=1e-6)  # no X
    assert row["coverage"] == pytest.approx(0.92)  # 100 − E1a 4 − E3a 4
    assert row["grade"] == "良好"
    assert row["subtotal_team"] == pytest.approx(50)
    assert row["subtotal_external"] == pytest.approx(7.5)  # 3 + 2.1 + 2.4
    assert row["subtotal_survey"] == pytest.approx(4.8)
    assert row["subtotal_computed"] == pytest.approx(2.5 + 10 / 3)
    assert row["subtotal_deduct"] == pytest.approx(5)  # 1 + 0 + 4
    assert row["deductions"] == pytest.approx(6)  # A1b loses 1, D1a loses its 5 (of 7)
    # F2 is 严重; F1, F3 and F4 are open: 3 ≥ 3.
    assert row["key_target"] and row["key_target_reasons"] == "severe_finding;open_findings"
    assert row["open_findings"] == 3
    assert row["flags"] == "key_target;no_individual"


def test_leaf_details_trace_the_inputs(result) -> None:  # noqa: ANN001
    assert _leaf(result, "C3b")["detail"]["rating_ids"] == {
        "党建": {"好": ["R5"]},
        "财务": {"一般": ["R6"]},
    }
    d1a = _leaf(result, "D1a")["detail"]
    assert [f["finding_id"] for f in d1a["findings"]] == ["F2", "F3"]
    assert d1a["severity_points"] == 7 and d1a["deducted"] == 5
    d1b = _leaf(result, "D1b")["detail"]
    assert d1b["u"] == pytest.approx(0.75)
    assert d1b["authorized"] == {"xz": 40, "sy": 50, "gq": 10}
    assert d1b["actual"] == {"xz": 30, "sy": 40, "gq": 5}
    e2a = _leaf(result, "E2a")["detail"]
    assert e2a["x"] == pytest.approx(0.1)
    assert e2a["median"] == pytest.approx(0.12)
    assert e2a["d"] == pytest.approx(1 / 6)
    assert e2a["peers"] == pytest.approx({"青岛": 0.13, "烟台": 0.12, "潍坊": 0.105})
    e1a = _leaf(result, "E1a")["detail"]
    assert e1a["missing_reason"] == "too_few_peers"
    assert e1a["x"] == pytest.approx(100)  # 7500 / 75
    assert e1a["peers"] == pytest.approx({"青岛": 120.0, "烟台": 90.0})
    b3a = _leaf(result, "B3a")["detail"]
    assert (b3a["si"], b3a["n"], b3a["small_sample"]) == (80.0, 5, True)
    e3a = _leaf(result, "E3a")["detail"]
    assert (e3a["n"], e3a["suppressed"], e3a["si"]) == (4, True, None)


def test_explain_agency_is_complete_and_json_safe(result) -> None:  # noqa: ANN001
    doc = explain_agency(result, 7)
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)  # raises on NaN
    assert "R5" in text and "F2" in text
    assert doc["common"] == pytest.approx(80.890909, abs=1e-6)
    assert doc["individual"] is None
    assert doc["weights"] == {"common": 0.8, "individual": 0.2, "formula": "C"}
    assert (doc["grade"], doc["rank"], doc["coverage"]) == ("良好", 1, pytest.approx(0.92))
    assert doc["flags"] == ["key_target", "no_individual"]
    tree = doc["tree"]
    assert tree["code"] == "ROOT" and tree["max_points"] == 100
    assert [c["code"] for c in tree["children"]] == ["A", "B", "C", "D", "E"]
    e = tree["children"][4]
    e3 = e["children"][2]
    assert (e3["code"], e3["present"], e3["points"]) == ("E3", False, None)
    d1b = tree["children"][3]["children"][0]["children"][1]
    assert d1b["code"] == "D1b" and d1b["source"] == "computed[usage]"
    assert d1b["eval_point"] == "编制使用率"
    assert d1b["detail"]["u"] == pytest.approx(0.75)
    assert [s["questionnaire"] for s in doc["surveys"]] == ["满意度调查问卷", "评估调查问卷"]


def test_explain_unknown_agency(result) -> None:  # noqa: ANN001
    with pytest.raises(KeyError):
        explain_agency(result, 99)
