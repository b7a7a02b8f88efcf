"""views.names: stored names in the view's language, English from the database with the
Chinese name as the fallback wherever no English name is stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from data_access.models import Agency, AgencyType, EvaluationRound, Indicator, Workload
from data_access.reader import Reader
from data_access.scope import Principal
from domain.vocab import Role
from views.names import Names, load_names

ROUND_2024 = 3
OFFICE = Principal("staff", Role.STAFF)


def _id(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(Agency.id).where(Agency.name == name)).scalar_one())


def test_english_mode_shows_the_stored_english_names(demo_engine: Engine) -> None:
    names = load_names(Reader(demo_engine, OFFICE), ROUND_2024, "en")
    keji, waiban = _id(demo_engine, "市科学技术局"), _id(demo_engine, "市外事办公室")
    assert names.agency(keji, "市科学技术局") == "Municipal Science and Technology Bureau"
    assert names.agency(waiban, "市外事办公室") == "Municipal Foreign Affairs Office"
    assert names.agency_short(keji, "科技局", "市科学技术局") == "Science & Technology Bureau"
    assert names.agency_type("科技") == "Science & technology"
    assert names.indicator("A1a", "重大事项报批") == "Approval of major matters"
    assert names.indicator("B1", '"三定"职责落实') == 'Implementing the "three determinations"'
    assert names.indicator("X-KJ-1", "研发投入强度") == "R&D intensity"
    assert names.indicator("ROOT", "共性指标") == "Common indicators"  # not stored: a default
    assert names.eval_point("D1a", "无超编进人、混编混岗") == (
        "No hiring beyond authorized posts, no mixing of post types"
    )
    assert names.metric("项目数") == "Projects"
    assert names.metric("办件量") == "Cases handled"


def test_chinese_mode_shows_the_chinese_names_without_reading(demo_engine: Engine) -> None:
    class NoReads(Reader):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError("Chinese mode needs no lookups")

    names = load_names(NoReads(demo_engine, OFFICE), ROUND_2024, "zh")
    keji = _id(demo_engine, "市科学技术局")
    assert names.agency(keji, "市科学技术局") == "市科学技术局"
    assert names.agency_short(keji, "科技局", "市科学技术局") == "科技局"
    assert names.agency_short(keji, None, "市科学技术局") == "市科学技术局"
    assert names.agency_type("科技") == "科技"
    assert names.indicator("A1a", "重大事项报批") == "重大事项报批"
    assert names.eval_point("A1a", None) == ""
    assert names.metric("项目数") == "项目数"


def test_a_missing_english_name_falls_back_to_the_chinese_one() -> None:
    names = Names(
        "en",
        agencies_en={1: "Bureau One"},
        short_en={},
        types_en={"科技": ""},
        indicators_en={"A": "Party leadership"},
        eval_points_en={},
        metrics_en={"项目数": "Projects"},
    )
    assert names.agency(2, "市教育局") == "市教育局"
    # No English short name: the English full name beats the Chinese short name.
    assert names.agency_short(1, "一局", "市一局") == "Bureau One"
    assert names.agency_short(2, "教育局", "市教育局") == "教育局"
    assert names.agency_type("科技") == "科技"  # blank English name
    assert names.agency_type("外事") == "外事"
    assert names.indicator("A1", "党管原则") == "党管原则"
    assert names.eval_point("A1a", "按程序报批") == "按程序报批"
    assert names.metric("办件量") == "办件量"


def test_english_names_not_entered_fall_back_in_a_real_database(fresh_engine: Engine) -> None:
    """Rows written without English names (as an import before the 英文名称 column would)."""
    with fresh_engine.begin() as conn:
        conn.execute(
            insert(Agency),
            [
                {
                    "id": 1,
                    "name": "市科学技术局",
                    "short_name": "科技局",
                    "agency_type": "科技",
                    "nature": "政府工作部门",
                    "rank": "正县级",
                    "name_en": "S&T Bureau",
                    "short_name_en": None,
                },
                {
                    "id": 2,
                    "name": "市教育局",
                    "short_name": "教育局",
                    "agency_type": "教育",
                    "nature": "政府工作部门",
                    "rank": "正县级",
                    "name_en": "  ",
                    "short_name_en": None,
                },
            ],
        )
        conn.execute(insert(AgencyType).values(name="科技", name_en=None))
        conn.execute(
            insert(EvaluationRound).values(
                id=1, year=2024, name="2024年度评估", status="评估中", config={}
            )
        )
        conn.execute(
            insert(Indicator),
            [
                {
                    "round_id": 1,
                    "code": "A",
                    "level": 1,
                    "name": "党的领导",
                    "max_points": 10.0,
                    "name_en": "Party leadership",
                },
                {
                    "round_id": 1,
                    "code": "A1",
                    "level": 2,
                    "name": "党管原则",
                    "max_points": 10.0,
                    "name_en": None,
                },
            ],
        )
        conn.execute(insert(Workload).values(agency_id=1, year=2024, metric="项目数", value=1.0))
    names = load_names(Reader(fresh_engine, OFFICE), 1, "en")
    assert names.agency(1, "市科学技术局") == "S&T Bureau"
    assert names.agency_short(1, "科技局", "市科学技术局") == "S&T Bureau"
    assert names.agency(2, "市教育局") == "市教育局"
    assert names.agency_type("科技") == "科技"
    assert names.agency_type("教育") == "教育"
    assert names.indicator("A", "党的领导") == "Party leadership"
    assert names.indicator("A1", "党管原则") == "党管原则"
    assert names.eval_point("A1", None) == ""
    assert names.metric("项目数") == "项目数"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_agency_user_gets_english_names_for_its_own_agency_only(
    demo_engine: Engine, lang: str
) -> None:
    keji, waiban = _id(demo_engine, "市科学技术局"), _id(demo_engine, "市外事办公室")
    names = load_names(
        Reader(demo_engine, Principal("agency", Role.AGENCY, keji)), ROUND_2024, lang
    )
    own = "Municipal Science and Technology Bureau" if lang == "en" else "市科学技术局"
    assert names.agency(keji, "市科学技术局") == own
    # Another agency's English name is never read for this user (its rows are not visible).
    assert names.agency(waiban, "市外事办公室") == "市外事办公室"
    assert dict(names.agencies_en) == ({keji: own} if lang == "en" else {})
    # Shared reference data is there in English all the same.
    assert names.agency_type("外事") == ("Foreign affairs" if lang == "en" else "外事")
    assert names.indicator("X-WS-1", "因公出国(境)审批办理") == (
        "Approval of official travel abroad" if lang == "en" else "因公出国(境)审批办理"
    )
