"""A full 60-agency round scores completely, and everything it hands on is JSON-safe."""

from __future__ import annotations

import json

from scoring import explain_agency, score_round


def test_sixty_agencies_all_get_a_grade(full_round) -> None:  # noqa: ANN001
    # Speed is measured by scripts/benchmark.py, not asserted here; this checks the big round
    # scores completely (every agency has full data, so every agency gets a grade).
    result = score_round(full_round(60))
    assert len(result.summary) == 60
    assert result.summary["grade"].notna().all()
    assert (result.summary["grade"] != "数据不足").all()


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


def test_result_survives_pickling(full_round) -> None:  # noqa: ANN001
    # The app caches results with st.cache_data, which pickles them.
    import pickle

    result = score_round(full_round(3, seed=5, respondents=6, items=3))
    again = pickle.loads(pickle.dumps(result))
    assert again.tree.codes == result.tree.codes
    assert again.config == result.config
    assert list(again.summary["composite"]) == list(result.summary["composite"])
