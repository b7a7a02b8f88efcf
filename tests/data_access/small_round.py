"""A small evaluated round for the self-evaluation and adjustment tests (built by hand, so the
expected numbers can be worked out by hand).

Round 2030 (评估中) evaluates 市外事办公室 (id 1, 外事) and 市统计局 (id 2, 综合). Its tree:
A (12) → A1 (10) → A1a (6, team), A1b (4, team); A → A2 (2) → A2a (2, deduct). 外事 has one
individual indicator X-WS-1. Team scores: agency 1 A1a 4, A1b 3 (no self scores); agency 2
A1a 5, A1b 2 with stored self scores 5.5 and 2. Round 2029 (已完成) evaluates agency 1 too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from data_access.models import (
    Agency,
    EvaluationRound,
    Indicator,
    IndividualIndicator,
    RoundAgency,
    Score,
)
from data_access.scope import Principal
from domain.vocab import Role

OWN, OTHER = 1, 2
OPEN_ROUND, DONE_ROUND = 10, 9
AGENCY = Principal("liaison", Role.AGENCY, OWN)
OTHER_AGENCY = Principal("liaison2", Role.AGENCY, OTHER)
STAFF = Principal("staff", Role.STAFF)
ADMIN = Principal("admin", Role.ADMIN)
LEADER = Principal("leader", Role.LEADER)
TODAY = dt.date(2030, 6, 15)
_NO_SELF = {"self_score": None}  # an executemany takes its columns from the first row

_TREE = (
    ("A", None, 1, "党的领导", 12.0, None, 0),
    ("A1", "A", 2, "党管原则", 10.0, None, 1),
    ("A1a", "A1", 3, "重大事项报批", 6.0, "team", 2),
    ("A1b", "A1", 3, "执行纪律", 4.0, "team", 3),
    ("A2", "A", 2, "依法管理", 2.0, None, 4),
    ("A2a", "A2", 3, "违规扣分", 2.0, "deduct", 5),
)


def build_small_round(engine: Engine) -> Engine:
    """Fill an empty, migrated database with the small round (see the module docstring)."""
    with engine.begin() as conn:
        conn.execute(
            insert(Agency),
            [
                {
                    "id": OWN,
                    "name": "市外事办公室",
                    "short_name": "外事办",
                    "name_en": "Foreign Affairs Office",
                    "agency_type": "外事",
                    "nature": "党委工作机关",
                    "rank": "正处级",
                },
                {
                    "id": OTHER,
                    "name": "市统计局",
                    "short_name": "统计局",
                    "name_en": None,
                    "agency_type": "综合",
                    "nature": "政府工作部门",
                    "rank": "正处级",
                },
            ],
        )
        conn.execute(
            insert(EvaluationRound),
            [
                {
                    "id": DONE_ROUND,
                    "year": 2029,
                    "name": "2029年度评估",
                    "name_en": None,
                    "status": "已完成",
                    "config": {},
                },
                {
                    "id": OPEN_ROUND,
                    "year": 2030,
                    "name": "2030年度评估",
                    "name_en": "2030 evaluation",
                    "status": "评估中",
                    "config": {},
                },
            ],
        )
        conn.execute(
            insert(RoundAgency),
            [
                {"round_id": OPEN_ROUND, "agency_id": OWN},
                {"round_id": OPEN_ROUND, "agency_id": OTHER},
                {"round_id": DONE_ROUND, "agency_id": OWN},
            ],
        )
        for rid in (OPEN_ROUND, DONE_ROUND):
            conn.execute(
                insert(Indicator),
                [
                    {
                        "round_id": rid,
                        "code": code,
                        "parent_code": parent,
                        "level": level,
                        "name": name,
                        "name_en": f"{code} in English",
                        "max_points": points,
                        "source": source,
                        "eval_point": f"{name}的评估要点",
                        "eval_point_en": f"evaluation point of {code}",
                        "sort_order": order,
                    }
                    for code, parent, level, name, points, source, order in _TREE
                ],
            )
            conn.execute(
                insert(IndividualIndicator).values(
                    round_id=rid,
                    agency_type="外事",
                    code="X-WS-1",
                    name="因公出国审批",
                    name_en="Approvals of official travel",
                    weight=1.0,
                    eval_point="审批规范",
                    eval_point_en="approvals done properly",
                )
            )
        conn.execute(
            insert(Score),
            [
                {"round_id": OPEN_ROUND, "agency_id": OWN, "code": "A1a", "team_score": 4.0}
                | _NO_SELF,
                {"round_id": OPEN_ROUND, "agency_id": OWN, "code": "A1b", "team_score": 3.0}
                | _NO_SELF,
                {
                    "round_id": OPEN_ROUND,
                    "agency_id": OTHER,
                    "code": "A1a",
                    "team_score": 5.0,
                    "self_score": 5.5,
                },
                {
                    "round_id": OPEN_ROUND,
                    "agency_id": OTHER,
                    "code": "A1b",
                    "team_score": 2.0,
                    "self_score": 2.0,
                },
                {"round_id": DONE_ROUND, "agency_id": OWN, "code": "A1a", "team_score": 5.0}
                | _NO_SELF,
            ],
        )
    return engine
