"""A peer city's missing post count stays missing (issue 10): the scoring inputs read
Σ of the post types the city reported, and nothing (NULL) when it reported none — never 0."""

from __future__ import annotations

from sqlalchemy import Engine, insert, select, text

from data_access.models import City, PeerStaffing
from data_access.round_inputs import peer_posts_total
from tests.conftest import DatabaseFactory
from tests.data_access.test_migrations import _migrate


def test_posts_total_keeps_missing_missing(fresh_engine: Engine) -> None:
    with fresh_engine.begin() as conn:
        conn.execute(insert(City), [{"id": 1, "name": "淄博"}, {"id": 2, "name": "枣庄"}])
        for row in (
            # nothing reported: no total (it was 0 + 0 + 0 = 0, a peer at x = 0)
            {"city_id": 1, "agency_type": "科技", "year": 2023, "workload_value": 9.0},
            # 工勤 not reported: the reported types, 30 + 12
            {
                "city_id": 2,
                "agency_type": "科技",
                "year": 2023,
                "authorized_xz": 30,
                "authorized_sy": 12,
            },
            # a reported 0 for one type is a 0
            {
                "city_id": 1,
                "agency_type": "外事",
                "year": 2023,
                "authorized_xz": 20,
                "authorized_sy": 0,
                "authorized_gq": 2,
            },
        ):
            conn.execute(insert(PeerStaffing).values(**row))
        rows = conn.execute(
            select(PeerStaffing.city_id, PeerStaffing.agency_type, peer_posts_total())
        ).all()
        stored = conn.execute(select(PeerStaffing.actual_total, PeerStaffing.authorized_gq)).all()
    assert sorted(rows, key=str) == sorted(
        [(1, "科技", None), (2, "科技", 42), (1, "外事", 22)], key=str
    )
    assert (None, None) in stored  # nothing defaults to 0


def test_migration_0010_turns_the_old_zeros_into_missing(db_factory: DatabaseFactory) -> None:
    """Rows stored before 0010 with 0 for "not reported" become NULL where 0 cannot be a
    figure (every post type 0, no headcount, no sections); a real 0 for one type stays. On
    the way down NULL is 0 again."""
    engine = db_factory.new_engine(migrate=False)
    _migrate(engine, "0009")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO city (id, name, province, is_home) VALUES (1, '淄博', '山东', false)")
        )
        insert_row = (
            "INSERT INTO peer_staffing (city_id, agency_type, year, authorized_xz, authorized_sy, "
            "authorized_gq, actual_total, internal_sections, workload_value) "
            "VALUES (1, :kind, 2023, :xz, :sy, 0, :actual, :sections, 900)"
        )
        conn.execute(
            text(insert_row), {"kind": "科技", "xz": 0, "sy": 0, "actual": 0, "sections": 0}
        )
        conn.execute(
            text(insert_row), {"kind": "外事", "xz": 20, "sy": 0, "actual": 18, "sections": 5}
        )
    _migrate(engine, "0010")
    query = text(
        "SELECT agency_type, authorized_xz, authorized_sy, authorized_gq, actual_total, "
        "internal_sections FROM peer_staffing ORDER BY agency_type"
    )
    with engine.connect() as conn:
        assert sorted(conn.execute(query).all()) == sorted(
            [("科技", None, None, None, None, None), ("外事", 20, 0, 0, 18, 5)]
        )
    _migrate(engine, "0009", up=False)
    with engine.connect() as conn:
        assert ("科技", 0, 0, 0, 0, 0) in conn.execute(query).all()
