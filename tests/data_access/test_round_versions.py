"""Per-round data versions (issue 14), on both engines: a write to one round's own data leaves
the other rounds' stored results (and the app process's scored rounds) in use; a registry
write invalidates every round; a write that changes no score invalidates none. The data
version itself moves on every write (every cached query keys on it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, text, update

from data_access import cache, results
from data_access.audit import read_versions, record_write, result_version
from data_access.models import Agency, Score
from data_access.rectifications import NewFinding, record_finding
from data_access.results import whole_round_result
from data_access.round_inputs import score_round_from_db
from data_access.scope import SYSTEM
from reports.score_export import WIDE_COLUMNS, render, score_rows
from scoring import RoundResult

R2023, R2024 = 2, 3  # the demo's rounds by id: 1 = 2022, 2 = 2023, 3 = 2024 (open)
SCIENCE = "市科学技术局"


@pytest.fixture()
def seeded(demo_copy: Engine) -> Engine:
    return demo_copy


@pytest.fixture()
def scorings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The rounds scored from their inputs (not read back stored), in order."""
    calls: list[int] = []

    def counting(engine: Engine, round_id: int) -> RoundResult:
        calls.append(round_id)
        return score_round_from_db(engine, round_id)

    monkeypatch.setattr(results, "score_round_from_db", counting)
    yield calls


def _export(result: RoundResult) -> str:
    return render(score_rows(result), WIDE_COLUMNS, "csv")


def _zero_b1a(engine: Engine, round_id: int) -> int:
    """Set SCIENCE's B1a team score of ``round_id`` to 0 and record the write as that
    round's (what the score-sheet import does)."""
    with engine.begin() as conn:
        agency = conn.execute(select(Agency.id).where(Agency.name == SCIENCE)).scalar_one()
        conn.execute(
            update(Score)
            .where(Score.round_id == round_id, Score.agency_id == agency, Score.code == "B1a")
            .values(team_score=0.0)
        )
        record_write(conn, "test", "score.update", "score", agency, round_id=round_id)
    return int(agency)


def _b1a(result: RoundResult, agency: int) -> float:
    leaves = result.leaves
    row = leaves[(leaves["agency_id"] == agency) & (leaves["code"] == "B1a")]
    return float(row["points"].iloc[0])


def test_a_write_to_2024_leaves_2023_stored_and_a_registry_write_invalidates_both(
    seeded: Engine, scorings: list[int]
) -> None:
    first = {r: whole_round_result(seeded, r) for r in (R2023, R2024)}
    assert scorings == [R2023, R2024]

    # A score of the open round 2024 changes: only 2024 is scored again.
    agency = _zero_b1a(seeded, R2024)
    again = {r: whole_round_result(seeded, r) for r in (R2023, R2024)}
    assert scorings == [R2023, R2024, R2024]
    assert _export(again[R2023]) == _export(first[R2023])
    assert _b1a(again[R2024], agency) == 0.0 < _b1a(first[R2024], agency)

    # A registry write (no round named: agencies, staffing, peers …) invalidates both.
    with seeded.begin() as conn:
        record_write(conn, "test", "agency.update", "agency", agency)
    for r in (R2023, R2024):
        whole_round_result(seeded, r)
    assert scorings == [R2023, R2024, R2024, R2023, R2024]

    # A write that changes no score (a proposal, a user) invalidates none, but the data
    # version every cached query keys on still moves.
    with seeded.connect() as conn:
        before = read_versions(conn)
    with seeded.begin() as conn:
        record_write(conn, "test", "user.create", "app_user", "x", scored=False)
    with seeded.connect() as conn:
        after = read_versions(conn)
    assert after.data == before.data + 1
    assert after.of_round(R2023) == before.of_round(R2023)
    assert after.of_round(R2024) == before.of_round(R2024)
    for r in (R2023, R2024):
        whole_round_result(seeded, r)
    assert scorings == [R2023, R2024, R2024, R2023, R2024]


def test_the_versions_count_up_from_the_one_data_version(seeded: Engine) -> None:
    with seeded.connect() as conn:
        start = read_versions(conn)
    # seed-demo's last write is a registry write: every round is at the data version
    assert start.registry == start.data
    assert {start.of_round(r) for r in (1, R2023, R2024)} == {start.data}
    _zero_b1a(seeded, R2024)  # version start + 1, round 2024's
    _zero_b1a(seeded, R2023)  # start + 2, round 2023's
    with seeded.connect() as conn:
        now = read_versions(conn)
        assert [result_version(conn, r) for r in (1, R2023, R2024)] == [
            start.data,
            start.data + 2,
            start.data + 1,
        ]
    assert now.data == start.data + 2 and now.registry == start.data


def test_a_recorded_finding_stamps_its_round_only(seeded: Engine) -> None:
    with seeded.connect() as conn:
        agency = conn.execute(select(Agency.id).where(Agency.name == SCIENCE)).scalar_one()
        before = read_versions(conn)
    finding = NewFinding(
        agency_id=int(agency),
        description="台账未及时更新",
        category="“三定”规定执行不到位",
        severity="轻微",
        source="实地",
        found_date=dt.date(2024, 9, 1),
    )
    record_finding(seeded, R2024, finding, principal=SYSTEM, today=dt.date(2024, 9, 2))
    with seeded.connect() as conn:
        after = read_versions(conn)
    assert after.data == before.data + 1
    assert after.of_round(R2024) == after.data
    assert after.of_round(R2023) == before.of_round(R2023)
    assert after.registry == before.registry


def test_the_app_keeps_2023_scored_across_a_write_to_2024(
    seeded: Engine, scorings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded.url.render_as_string(hide_password=False))
    cache.clear_process_caches()
    try:
        held = {r: cache._whole_round(r) for r in (R2023, R2024)}
        assert scorings == [R2023, R2024]
        agency = _zero_b1a(seeded, R2024)
        # the process's own scored 2023 is the very same object; 2024 is new
        assert cache._whole_round(R2023) is held[R2023]
        fresh = cache.round_result(SYSTEM, R2024)
        assert _b1a(fresh, agency) == 0.0
        assert scorings == [R2023, R2024, R2024]
        # what a view derived from 2023 alone is kept too; from 2024, built again
        built: list[int] = []
        for r in (R2023, R2024):
            cache.memo((r,), ("test",), lambda r=r: built.append(r))  # type: ignore[misc]
        _zero_b1a(seeded, R2024)
        for r in (R2023, R2024):
            cache.memo((r,), ("test",), lambda r=r: built.append(r))  # type: ignore[misc]
        assert built == [R2023, R2024, R2024]
        with seeded.connect() as conn:
            stored = conn.execute(
                text("SELECT round_id FROM stored_round_result ORDER BY round_id")
            ).all()
        assert [r[0] for r in stored] == [R2023, R2024]  # one row each, the newest
    finally:
        cache.clear_process_caches()
