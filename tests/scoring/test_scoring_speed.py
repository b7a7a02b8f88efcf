"""A full 60-agency round stays fast, and everything it hands on is JSON-safe."""

from __future__ import annotations

import json
import statistics
import time

from scoring import explain_agency, score_round


def test_sixty_agencies_score_quickly(full_round) -> None:  # noqa: ANN001
    # Target is well under 0.1 s; the bound is loose so a busy CI machine does not flake.
    inputs = full_round(60)
    score_round(inputs)  # warm-up
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        result = score_round(inputs)
        timings.append(time.perf_counter() - start)
    assert len(result.summary) == 60
    assert result.summary["grade"].notna().all()
    assert statistics.median(timings) < 1.0


def test_details_and_explanations_are_json_safe(full_round) -> None:  # noqa: ANN001
    result = score_round(full_round(5, seed=3, respondents=4, items=3))
    for detail in result.leaves["detail"]:
        json.dumps(detail, allow_nan=False)
    for agency_id in result.summary["agency_id"]:
        json.dumps(explain_agency(result, agency_id), ensure_ascii=False, allow_nan=False)
    # respondents=4 < 5: both surveys suppressed, so their leaves say why they are missing.
    survey_leaves = result.leaves[result.leaves["source_kind"] == "survey"]
    assert not survey_leaves["present"].any()
    assert all(d["suppressed"] for d in survey_leaves["detail"])
