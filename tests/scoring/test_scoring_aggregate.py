"""aggregate_points / coverage_of as stand-alone kernels (small tree, by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring import ROOT_CODE, aggregate_points, build_tree, coverage_of


def test_aggregate_points_and_coverage(small_tree) -> None:  # noqa: ANN001
    tree = build_tree(small_tree)
    leaf_points = pd.DataFrame(
        {
            "agency_id": ["b", "b", "b", "a", "a"],
            "code": ["P1a", "Q1a", "Q1b", "P2a", "P1b"],
            "points": [15.0, 20.0, math.nan, 5.0, 10.0],
        }
    )
    nodes = aggregate_points(leaf_points, tree)
    # First-seen agency order, root first, then depth-first.
    assert list(nodes["agency_id"].unique()) == ["b", "a"]
    assert list(nodes["code"][:4]) == [ROOT_CODE, "P", "P1", "P1a"]
    points = nodes.set_index(["agency_id", "code"])["points"]
    # b: P1 = 15/30 × 40 = 20; P2 missing → P = 20/40 × 60 = 30; Q1 = 20/25 × 40 = 32 (Q1b NaN);
    #    C = 30 + 32 = 62.
    assert points[("b", "P1")] == pytest.approx(20)
    assert points[("b", "P")] == pytest.approx(30)
    assert points[("b", "Q")] == pytest.approx(32)
    assert points[("b", ROOT_CODE)] == pytest.approx(62)
    # a: P1 = 10/10 × 40 = 40, P2 = 5, P = 45; Q missing → C = 45/60 × 100 = 75.
    assert points[("a", "P")] == pytest.approx(45)
    assert math.isnan(points[("a", "Q")])
    assert points[("a", ROOT_CODE)] == pytest.approx(75)
    coverage = coverage_of(leaf_points, tree)
    assert coverage["b"] == pytest.approx(0.55)  # (30 + 25) / 100
    assert coverage["a"] == pytest.approx(0.30)  # (20 + 10) / 100
    assert nodes["parent"][nodes["code"] == "P"].iloc[0] == ROOT_CODE
