"""Builders shared by the scoring tests, handed out as fixtures (so no test imports this
module): a tiny tree for hand-worked cases, and a synthetic full round for property and
speed tests."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from scoring import DEFAULT_COMMON_TREE, DEFAULT_INDIVIDUAL_INDICATORS, RoundInputs, build_tree

# Hypothesis keeps a cache directory; keep it out of the repository.
set_hypothesis_home_dir(f"{tempfile.gettempdir()}/hypothesis-scoring-tests")

# A small tree whose numbers are easy to add by hand (root max 100):
#   P (60): P1 (40) = P1a team 30 + P1b team 10;  P2 (20) = P2a team 20
#   Q (40): Q1 (40) = Q1a team 25 + Q1b team 15
SMALL_TREE: list[dict[str, Any]] = [
    {"code": "P", "parent": None, "level": 1, "name": "P", "max_points": 60, "source": None},
    {"code": "P1", "parent": "P", "level": 2, "name": "P1", "max_points": 40, "source": None},
    {"code": "P1a", "parent": "P1", "level": 3, "name": "P1a", "max_points": 30, "source": "team"},
    {"code": "P1b", "parent": "P1", "level": 3, "name": "P1b", "max_points": 10, "source": "team"},
    {"code": "P2", "parent": "P", "level": 2, "name": "P2", "max_points": 20, "source": None},
    {"code": "P2a", "parent": "P2", "level": 3, "name": "P2a", "max_points": 20, "source": "team"},
    {"code": "Q", "parent": None, "level": 1, "name": "Q", "max_points": 40, "source": None},
    {"code": "Q1", "parent": "Q", "level": 2, "name": "Q1", "max_points": 40, "source": None},
    {"code": "Q1a", "parent": "Q1", "level": 3, "name": "Q1a", "max_points": 25, "source": "team"},
    {"code": "Q1b", "parent": "Q1", "level": 3, "name": "Q1b", "max_points": 15, "source": "team"},
]


def agencies_frame(ids: list[Any], agency_type: str = "科技") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "agency_id": ids,
            "name": [f"单位{i}" for i in ids],
            "short_name": [f"{i}" for i in ids],
            "agency_type": agency_type,
            "nature": "政府工作部门",
        }
    )


def team_frame(
    scores: dict[Any, dict[str, float]], self_scores: dict[Any, dict[str, float]] | None = None
) -> pd.DataFrame:
    rows = []
    for agency_id, by_code in scores.items():
        for code, value in by_code.items():
            own = (self_scores or {}).get(agency_id, {}).get(code, np.nan)
            rows.append(
                {
                    "agency_id": agency_id,
                    "code": code,
                    "team_score": value,
                    "self_score": own,
                    "note": None,
                }
            )
    return pd.DataFrame(rows, columns=["agency_id", "code", "team_score", "self_score", "note"])


@pytest.fixture(scope="session")
def small_tree() -> list[dict[str, Any]]:
    return [dict(r) for r in SMALL_TREE]


@pytest.fixture(scope="session")
def make_agencies() -> Callable[..., pd.DataFrame]:
    return agencies_frame


@pytest.fixture(scope="session")
def make_team_scores() -> Callable[..., pd.DataFrame]:
    return team_frame


@pytest.fixture(scope="session")
def small_inputs() -> Callable[..., RoundInputs]:
    """RoundInputs on SMALL_TREE from ``{agency_id: {code: team score}}``."""

    def make(scores: dict[Any, dict[str, float]], **frames: Any) -> RoundInputs:
        self_scores = frames.pop("self_scores", None)
        return RoundInputs(
            agencies=agencies_frame(list(scores)),
            tree=pd.DataFrame(SMALL_TREE),
            team_scores=team_frame(scores, self_scores),
            **frames,
        )

    return make


MATTERS = ("重点领域职责分工", "议事协调机构", "党建", "人事", "财务", "信访事项办理")
ANSWERS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "不了解")
CITIES = (
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "菏泽",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
)


def synthetic_round(
    n_agencies: int = 60, seed: int = 0, respondents: int = 40, items: int = 10
) -> RoundInputs:
    """A full, plausible round: every source type has data for every agency."""
    rng = np.random.default_rng(seed)
    tree = build_tree(DEFAULT_COMMON_TREE)
    types = list(DEFAULT_INDIVIDUAL_INDICATORS)
    ids = list(range(1, n_agencies + 1))
    agency_types = [types[i % len(types)] for i in range(n_agencies)]
    agencies = pd.DataFrame(
        {
            "agency_id": ids,
            "name": [f"单位{i}" for i in ids],
            "short_name": [f"U{i}" for i in ids],
            "agency_type": agency_types,
            "nature": "政府工作部门",
        }
    )
    team_leaves = [c for c in tree.leaves() if tree.source(c).kind == "team"]
    rows = []
    for a in ids:
        for code in tree.leaves():
            top = tree.max_points(code)
            team = float(rng.uniform(0.5, 1.0) * top) if code in team_leaves else np.nan
            own = float(min(top, rng.uniform(0.6, 1.0) * top))
            rows.append((a, code, team, own, None))
    team_scores = pd.DataFrame(
        rows, columns=["agency_id", "code", "team_score", "self_score", "note"]
    )
    indicators = pd.DataFrame(
        [
            {"agency_type": t, **ind}
            for t, lst in DEFAULT_INDIVIDUAL_INDICATORS.items()
            for ind in lst
        ]
    )
    ind_rows = [
        (a, ind["code"], float(rng.uniform(50, 100)), np.nan)
        for a, t in zip(ids, agency_types)
        for ind in DEFAULT_INDIVIDUAL_INDICATORS[t]
    ]
    individual_scores = pd.DataFrame(
        ind_rows, columns=["agency_id", "code", "team_score", "self_score"]
    )
    levels = np.array(["好", "较好", "一般"])
    ratings = pd.DataFrame(
        [
            (f"r{a}-{rater}-{m}", a, f"部门{rater}", m, levels[rng.integers(0, 3)])
            for a in ids
            for rater in range(20)
            for m in MATTERS
        ],
        columns=["rating_id", "agency_id", "rater", "matter", "rating"],
    )
    n_rows = n_agencies * 2 * respondents * items
    survey = pd.DataFrame(
        {
            "agency_id": np.repeat(ids, 2 * respondents * items),
            "questionnaire": np.tile(
                np.repeat(["满意度调查问卷", "评估调查问卷"], respondents * items), n_agencies
            ),
            "response_id": np.repeat(np.arange(n_agencies * 2 * respondents), items),
            "item": np.tile([f"Q{j}" for j in range(1, items + 1)], n_agencies * 2 * respondents),
            "answer": rng.choice(
                np.array(ANSWERS), size=n_rows, p=[0.3, 0.3, 0.2, 0.08, 0.02, 0.1]
            ),
        }
    )
    codes = tree.leaves()
    findings = pd.DataFrame(
        [
            (
                f"f{a}-{k}",
                a,
                codes[int(rng.integers(0, len(codes)))],
                ["严重", "较重", "一般", "轻微"][int(rng.integers(0, 4))],
                "其他",
                "实地",
                bool(rng.integers(0, 2)),
                bool(rng.integers(0, 2)),
                2024,
            )
            for a in ids
            for k in range(int(rng.integers(0, 4)))
        ],
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
    auth = rng.integers(20, 120, size=(n_agencies, 3))
    actual = np.floor(auth * rng.uniform(0.7, 1.05, size=auth.shape))
    staffing = pd.DataFrame(
        {
            "agency_id": ids,
            "authorized_xz": auth[:, 0],
            "authorized_sy": auth[:, 1],
            "authorized_gq": auth[:, 2] // 10,
            "actual_xz": actual[:, 0],
            "actual_sy": actual[:, 1],
            "actual_gq": actual[:, 2] // 10,
        }
    )
    workload = pd.DataFrame(
        {"agency_id": ids, "metric": "办件量", "value": rng.uniform(1000, 20000, size=n_agencies)}
    )
    peers = pd.DataFrame(
        [
            (
                c,
                t,
                float(rng.integers(50, 250)),
                float(rng.integers(40, 240)),
                float(rng.uniform(1000, 20000)),
                float(rng.uniform(200, 1100)),
            )
            for t in types
            for c in CITIES
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
        agencies=agencies,
        tree=pd.DataFrame(DEFAULT_COMMON_TREE),
        team_scores=team_scores,
        individual_indicators=indicators,
        individual_scores=individual_scores,
        ratings=ratings,
        survey_answers=survey,
        findings=findings,
        staffing=staffing,
        workload=workload,
        peers=peers,
        home_population=824.05,
    )


@pytest.fixture(scope="session")
def full_round() -> Callable[..., RoundInputs]:
    return synthetic_round
