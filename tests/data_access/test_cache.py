"""Cached query results follow the data version: a write from anywhere shows at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from data_access import cache
from data_access.audit import record_write
from data_access.db import make_engine
from data_access.models import Agency, Score
from data_access.scope import SYSTEM


def test_a_write_invalidates_the_cached_round(
    monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "cache.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    first = cache.round_result(SYSTEM, 3)
    assert cache.round_result(SYSTEM, 3) is not None
    version = cache.current_version()

    # Another process (here: a plain engine, not the app's) lowers a team score.
    other = make_engine(url)
    with other.begin() as conn:
        agency_id = conn.execute(select(Agency.id).where(Agency.name == "市科学技术局")).scalar()
        conn.execute(
            update(Score)
            .where(Score.round_id == 3, Score.agency_id == agency_id, Score.code == "B1a")
            .values(team_score=0.0)
        )
        record_write(conn, "test", "score.update", "score", agency_id)

    assert cache.current_version() == version + 1
    second = cache.round_result(SYSTEM, 3)
    leaf = second.leaves[
        (second.leaves["agency_id"] == agency_id) & (second.leaves["code"] == "B1a")
    ].iloc[0]
    assert leaf["points"] == 0.0
    before = first.summary.set_index("agency_id").loc[agency_id, "composite"]
    after = second.summary.set_index("agency_id").loc[agency_id, "composite"]
    assert after < before
