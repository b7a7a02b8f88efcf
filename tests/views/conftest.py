"""Fixtures of the view-model tests: plain Readers over the demo database (no Streamlit, no
cache) for an office user and for the demo agency user, and the demo rounds by year."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from data_access.models import Agency
from data_access.queries import list_rounds
from data_access.reader import Reader
from data_access.scope import SYSTEM, Principal, RoundRef
from domain.vocab import Role

#: The demo agency user's agency (data_access.seed: "agency" / demo-agency).
DEMO_AGENCY = "市科学技术局"


@pytest.fixture(scope="session")
def demo_rounds(demo_engine: Engine) -> dict[int, RoundRef]:
    """The demo rounds by year (2022 and 2023 completed, 2024 in progress)."""
    rounds = list_rounds(demo_engine, SYSTEM)
    return {
        int(r["year"]): RoundRef(
            int(r["round_id"]),
            int(r["year"]),
            str(r["name"]),
            str(r["status"]),
            r.get("name_en") or None,
        )
        for r in rounds.to_dict("records")
    }


@pytest.fixture(scope="session")
def demo_agency_id(demo_engine: Engine) -> int:
    with demo_engine.connect() as conn:
        return int(conn.execute(select(Agency.id).where(Agency.name == DEMO_AGENCY)).scalar_one())


@pytest.fixture(scope="session")
def office_reader(demo_engine: Engine) -> Reader:
    return Reader(demo_engine, Principal("leader", Role.LEADER))


@pytest.fixture(scope="session")
def agency_reader(demo_engine: Engine, demo_agency_id: int) -> Reader:
    return Reader(demo_engine, Principal("agency", Role.AGENCY, demo_agency_id))
