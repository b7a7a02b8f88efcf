"""Properties that must hold for any round (hypothesis drives the synthetic inputs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import RoundInputs, score_round

FRAMES = (
    "agencies",
    "team_scores",
    "individual_indicators",
    "individual_scores",
    "ratings",
    "survey_answers",
    "findings",
    "staffing",
    "workload",
    "peers",
)
# No example database: the suite must not write outside tests/scoring (nor into the repo).
SETTINGS = settings(max_examples=12, deadline=None, database=None)


def _thinned(inputs: RoundInputs, seed: int, keep: float) -> RoundInputs:
    """Drop a random share of every row-level input, so leaves go missing at any depth."""
    rng = np.random.default_rng(seed)
    out = {}
    for name in FRAMES:
        frame = getattr(inputs, name)
        if name in ("agencies", "individual_indicators", "peers"):
            out[name] = frame
        else:
            out[name] = frame[rng.random(len(frame)) < keep].reset_index(drop=True)
    return RoundInputs(tree=inputs.tree, home_population=inputs.home_population, **out)


rounds = st.builds(
    lambda n, seed, keep: (n, seed, keep),
    st.integers(1, 4),
    st.integers(0, 10_000),
    st.sampled_from([1.0, 0.9, 0.6, 0.3]),
)


@SETTINGS
@given(rounds)
def test_every_node_within_zero_and_max(full_round, params) -> None:  # noqa: ANN001
    n, seed, keep = params
    result = score_round(_thinned(full_round(n, seed, respondents=6, items=3), seed, keep))
    for frame in (result.nodes, result.leaves):
        present = frame[frame["present"]]
        assert (present["points"] >= 0).all()
        assert (present["points"] <= present["max_points"] + 1e-9).all()
        assert frame.loc[~frame["present"], "points"].isna().all()
    summary = result.summary
    assert summary["coverage"].between(0, 1).all()
    composite = summary["composite"].dropna()
    assert composite.between(0, 100 + 1e-9).all()


@SETTINGS
@given(rounds, st.floats(0.0, 1.0))
def test_raising_a_team_score_never_lowers_the_composite(  # noqa: ANN201
    full_round, params, lift
):  # noqa: ANN001
    n, seed, keep = params
    inputs = _thinned(full_round(n, seed, respondents=6, items=3), seed, keep)
    base = score_round(inputs)
    team = inputs.team_scores[inputs.team_scores["team_score"].notna()]
    if team.empty:
        return
    row = team.index[seed % len(team)]
    code = inputs.team_scores.loc[row, "code"]
    top = float(base.tree.max_points(code))
    old = float(inputs.team_scores.loc[row, "team_score"])
    raised = inputs.team_scores.copy()
    raised.loc[row, "team_score"] = old + lift * (top - old)
    bumped = score_round(RoundInputs(**{**inputs.__dict__, "team_scores": raised}))
    before = base.summary.set_index("agency_id")["composite"]
    after = bumped.summary.set_index("agency_id")["composite"]
    agency = inputs.team_scores.loc[row, "agency_id"]
    assert after[agency] >= before[agency] - 1e-9
    others = before.index != agency
    pd.testing.assert_series_equal(after[others], before[others])


@SETTINGS
@given(rounds)
def test_row_order_does_not_matter(full_round, params) -> None:  # noqa: ANN001
    n, seed, keep = params
    inputs = _thinned(full_round(n, seed, respondents=6, items=3), seed, keep)
    rng = np.random.default_rng(seed + 1)
    # The definition tables (tree, individual indicators) keep their order: it is their
    # display order. Every row-level input is shuffled.
    shuffled = RoundInputs(
        tree=inputs.tree,
        home_population=inputs.home_population,
        individual_indicators=inputs.individual_indicators,
        **{
            name: getattr(inputs, name).iloc[rng.permutation(len(getattr(inputs, name)))]
            for name in FRAMES
            if name != "individual_indicators"
        },
    )
    a, b = score_round(inputs), score_round(shuffled)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.nodes, b.nodes)
    pd.testing.assert_frame_equal(a.leaves.drop(columns="detail"), b.leaves.drop(columns="detail"))
    assert list(a.leaves["detail"]) == list(b.leaves["detail"])
    pd.testing.assert_frame_equal(a.individual, b.individual)
    pd.testing.assert_frame_equal(a.surveys, b.surveys)
