"""Province scale (issue 14), on both engines: the survey part of a round is reduced in SQL
and gives every figure the row-by-row computation gave (to 1e-9, on the demo and on a small
generated province); a round's scored result is stored per data version, read back by another
engine (another process) without scoring, and replaced after a write; the methodology's
configuration and tree need no scoring."""

from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, text

from data_access.audit import record_write
from data_access.db import make_engine
from data_access.models import StoredRoundResult
from data_access.results import round_setup, whole_round_result
from data_access.round_inputs import load_round_inputs, score_round_from_db
from data_access.scope import SYSTEM
from reports.score_export import LONG_COLUMNS, WIDE_COLUMNS, render, score_rows, score_rows_long
from scoring import RoundResult, score_round
from tests.scoring.test_survey_aggregates import _reference_score_surveys, assert_same_figures

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from province_data import SCALES, build_province  # noqa: E402

FRAMES = ("summary", "nodes", "leaves", "individual")


def _raw_answers(engine: Engine, round_id: int) -> pd.DataFrame:
    """The round's accepted answers row by row, as the dashboard loaded them before."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.agency_id, r.questionnaire, a.response_id, a.item, a.answer "
                "FROM survey_answer a JOIN survey_response r ON r.id = a.response_id "
                "WHERE r.round_id = :rid AND r.status = 'accepted' AND r.agency_id IN "
                "(SELECT agency_id FROM round_agency WHERE round_id = :rid)"
            ),
            {"rid": round_id},
        ).all()
    return pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["agency_id", "questionnaire", "response_id", "item", "answer"],
    )


def _assert_same_frame(want: pd.DataFrame, got: pd.DataFrame) -> None:
    assert list(want.columns) == list(got.columns)
    assert len(want) == len(got)
    for column in want.columns:
        for w, g in zip(want[column].tolist(), got[column].tolist(), strict=True):
            if isinstance(w, float) and isinstance(g, float):
                assert (math.isnan(w) and math.isnan(g)) or abs(w - g) <= 1e-9, column
            else:
                assert repr(w) == repr(g), column


def _assert_todays_figures(engine: Engine, round_id: int) -> RoundResult:
    inputs, config, _year = load_round_inputs(engine, round_id)
    assert inputs.survey_aggregates is not None and inputs.survey_answers.empty
    now = score_round(inputs, config)
    raw = _raw_answers(engine, round_id)
    assert len(raw) > 0
    # the surveys: against the row-by-row reference (the code before issue 14)
    assert_same_figures(_reference_score_surveys(raw, config), now.surveys)
    # everything else: against the round scored from the raw rows
    before = score_round(
        dataclasses.replace(inputs, survey_aggregates=None, survey_answers=raw), config
    )
    for name in FRAMES:
        _assert_same_frame(getattr(before, name), getattr(now, name))
    return now


@pytest.mark.parametrize("round_id", [1, 2, 3])
def test_sql_aggregates_give_todays_figures_on_the_demo(demo_engine: Engine, round_id: int) -> None:
    _assert_todays_figures(demo_engine, round_id)


def test_sql_aggregates_give_todays_figures_at_a_generated_scale(fresh_engine: Engine) -> None:
    agencies, rounds, respondents = SCALES["small"]
    counts = build_province(fresh_engine, agencies, rounds, respondents)
    assert counts["agencies"] == agencies and counts["rounds"] == rounds
    with fresh_engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM evaluation_round ORDER BY year"))]
    for round_id in (ids[0], ids[-1]):  # a generated round and a demo round grown
        result = _assert_todays_figures(fresh_engine, round_id)
        assert len(result.summary) == agencies
        accepted = result.surveys[result.surveys["n"] == respondents]
        assert len(accepted) == 2 * agencies  # both questionnaires, every agency


def _stored_rows(engine: Engine) -> list[tuple[int, int]]:
    with engine.connect() as conn:
        return [
            (int(r[0]), int(r[1]))
            for r in conn.execute(
                select(StoredRoundResult.round_id, StoredRoundResult.data_version).order_by(
                    StoredRoundResult.round_id, StoredRoundResult.data_version
                )
            )
        ]


def _export(result: RoundResult) -> str:
    return render(score_rows(result), WIDE_COLUMNS, "csv") + render(
        score_rows_long(result), LONG_COLUMNS, "csv"
    )


def test_a_round_is_stored_per_version_and_read_by_another_process(
    demo_copy: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_access import results

    fresh_engine = demo_copy  # the demo as seeded: nothing stored yet
    with fresh_engine.connect() as conn:
        version = int(conn.execute(text("SELECT version FROM data_version")).scalar_one())
    scored = whole_round_result(fresh_engine, 3)
    assert _stored_rows(fresh_engine) == [(3, version)]
    assert _export(scored) == _export(score_round_from_db(fresh_engine, 3))

    # Another process (its own engine) reads the stored result and scores nothing.
    def no_scoring(*_args: object) -> RoundResult:
        raise AssertionError("scored again although a stored result exists")

    monkeypatch.setattr(results, "score_round_from_db", no_scoring)
    other = make_engine(fresh_engine.url.render_as_string(hide_password=False))
    assert _export(whole_round_result(other, 3)) == _export(scored)
    other.dispose()

    # Two processes storing the same round and version: the second one's insert is refused
    # by the unique key, quietly; the stored row stays.
    results._store(fresh_engine, 3, version, scored)
    assert _stored_rows(fresh_engine) == [(3, version)]

    # A write bumps the version: the round is scored again, stored, the old one dropped.
    calls: list[int] = []

    def counting(engine: Engine, round_id: int) -> RoundResult:
        calls.append(round_id)
        return score_round_from_db(engine, round_id)

    monkeypatch.setattr(results, "score_round_from_db", counting)
    with fresh_engine.begin() as conn:
        conn.execute(text("UPDATE score SET team_score = 0 WHERE round_id = 3 AND code = 'B1a'"))
        record_write(conn, "test", "score.update", "score", None)
    rescored = whole_round_result(fresh_engine, 3)
    assert calls == [3]
    assert _stored_rows(fresh_engine) == [(3, version + 1)]
    b1a = rescored.leaves[rescored.leaves["code"] == "B1a"]
    assert (b1a["points"] == 0.0).all()
    assert _export(rescored) != _export(scored)


def test_the_methodology_needs_no_scores(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_access import results

    expected = score_round_from_db(demo_engine, 2)
    monkeypatch.setattr(results, "score_round_from_db", None)  # any scoring would fail
    with demo_engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(StoredRoundResult)).scalar()
    config, tree = round_setup(demo_engine, SYSTEM, 2)
    assert config.to_dict() == expected.config.to_dict()
    assert tree.leaves() == expected.tree.leaves()
    assert [tree.max_points(c) for c in tree.leaves()] == [
        expected.tree.max_points(c) for c in expected.tree.leaves()
    ]
    with demo_engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(StoredRoundResult)).scalar()
    assert after == before  # nothing scored, nothing stored
