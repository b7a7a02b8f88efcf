"""A small database for the findings and rectifications tests: three agencies, rounds 2023
and 2024 with the shipped tree, the agencies evaluated in both."""

from __future__ import annotations

from sqlalchemy import Engine, select

from data_access.imports import KINDS, run_import
from data_access.models import Agency, EvaluationRound
from data_access.round_admin import change_round_agencies, create_round
from data_access.scope import Principal
from domain.vocab import Role

ADMIN = Principal("li", Role.ADMIN)
STAFF = Principal("wang", Role.STAFF)
LEADER = Principal("zhao", Role.LEADER)
AGENCIES_CSV = (
    "单位名称,简称,单位类型,单位性质,机构规格\n"
    "市科学技术局,市科技局,科技,政府工作部门,正县级\n"
    "市外事办公室,市外办,外事,政府工作部门,正县级\n"
    "市发展和改革委员会,市发改委,发改,政府工作部门,正县级\n"
)
NAMES = ("市科学技术局", "市外事办公室", "市发展和改革委员会")


def build_small_database(engine: Engine) -> dict[str, int]:
    """Agencies and rounds; returns ids: agency names, 'r2023', 'r2024'."""
    result = run_import(engine, ADMIN, KINDS["agencies"], AGENCIES_CSV.encode(), "agencies.csv")
    assert result.ok, result.errors
    for year in (2023, 2024):
        create_round(engine, year, f"{year}年度评估", principal=ADMIN)
        change_round_agencies(engine, year, principal=ADMIN, add=NAMES)
    with engine.connect() as conn:
        ids = {r.name: int(r.id) for r in conn.execute(select(Agency.id, Agency.name))}
        for r in conn.execute(select(EvaluationRound.id, EvaluationRound.year)):
            ids[f"r{r.year}"] = int(r.id)
    return ids


def agency_user(agency_id: int) -> Principal:
    return Principal("keji", Role.AGENCY, agency_id)
