"""A peer city with workload but no posts is not a peer at x = 0 (issue 10).

The hand-worked round of test_scoring_round_full, with a fourth 科技 city, 淄博, that reports
workload but posts 0 (the old "not reported"):
  E2a: peers 青岛 0.13, 烟台 0.12, 潍坊 0.105 → m = 0.12 (淄博 left out);
       had 淄博 counted at x = 0, the median of 0, 0.105, 0.12, 0.13 would be 0.1125.
  x = 0.1: d = |0.1 / 0.12 − 1| = 1/6 → 4 × (0.5 − 1/6) / 0.4 = 10/3, as without 淄博.
  E1a: 淄博's headcount is missing (NaN) too, so it is no workload peer either: still the two
       cities 青岛 120 and 烟台 90 → too few peers.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring import score_round
from tests.scoring.test_scoring_round_full import _inputs


@pytest.mark.parametrize("posts", [0.0, math.nan])
def test_a_city_without_posts_is_left_out(make_agencies, make_team_scores, posts) -> None:  # noqa: ANN001
    inputs = _inputs(make_agencies, make_team_scores)
    extra = pd.DataFrame(
        [("淄博", "科技", posts, math.nan, 8000.0, 470.0)], columns=inputs.peers.columns
    )
    inputs.peers = pd.concat([inputs.peers, extra], ignore_index=True)
    leaves = score_round(inputs).leaves.set_index("code")
    e2a = leaves.loc["E2a", "detail"]
    assert "淄博" not in e2a["peers"] and e2a["n_peers"] == 3
    assert e2a["median"] == pytest.approx(0.12)  # not 0.1125
    assert leaves.loc["E2a", "points"] == pytest.approx(10 / 3)
    assert leaves.loc["E1a", "detail"]["missing_reason"] == "too_few_peers"
