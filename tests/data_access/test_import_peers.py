"""The ``peers`` import kind (issue 10): city × agency type × year; empty cells stay empty (no
data), never 0; its template re-imports unchanged; undo restores the table; bad rows are
named by row and column. (File-level refusals run for every kind in test_import_bad_files.)
On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import Engine, select, update

from data_access.imports import KINDS, build_template, run_import, undo
from data_access.models import City, PeerStaffing
from tests.data_access.import_files import STAFF, seed

HEADER = "城市,单位类型,年度,行政编制,事业编制,工勤编制,实有人数,内设机构数,工作量指标,工作量\n"
GOOD = (
    HEADER + "青岛,科技,2023,30,12,2,40,8,项目数,1500\n"
    "烟台市,科技,2023,,,,,,,900\n"  # workload only: no posts reported (not 0)
    "淄博,科技,2023,20,,,18,,,\n"  # 事业/工勤 blank; no workload
)


def _csv(text: str) -> bytes:
    return text.encode("utf-8-sig")


def _load(engine: Engine, data: bytes, name: str = "peers.csv", lang: str = "zh") -> Any:
    return run_import(engine, STAFF, KINDS["peers"], data, name, lang=lang)


def _rows(engine: Engine) -> list[tuple[Any, ...]]:
    p = PeerStaffing
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(
                    City.name,
                    p.agency_type,
                    p.year,
                    p.authorized_xz,
                    p.authorized_sy,
                    p.authorized_gq,
                    p.actual_total,
                    p.internal_sections,
                    p.workload_metric,
                    p.workload_value,
                ).join(City, City.id == p.city_id)
            ).all(),
            key=repr,
        )


def test_peers_round_trip_blank_stays_blank_and_undo(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    result = _load(fresh_engine, _csv(GOOD))
    assert result.ok and len(result.new) == 3, result.errors
    assert _rows(fresh_engine) == sorted(
        [
            ("青岛", "科技", 2023, 30, 12, 2, 40, 8, "项目数", 1500.0),
            ("烟台", "科技", 2023, None, None, None, None, None, "项目数", 900.0),
            ("淄博", "科技", 2023, 20, None, None, 18, None, None, None),
        ],
        key=repr,
    )
    # the template holds what is stored and re-imports as unchanged
    wb = load_workbook(io.BytesIO(build_template(fresh_engine, STAFF, KINDS["peers"], "zh")))
    buf = io.BytesIO()
    wb.save(buf)
    again = _load(fresh_engine, buf.getvalue(), "peers.xlsx")
    assert again.ok and again.nothing_changed and again.unchanged == 3, again.errors
    # a change, then undo of the change and of the first batch restore the table
    changed = _load(fresh_engine, _csv(HEADER + "青岛,科技,2023,31,12,2,40,8,项目数,1500\n"))
    assert [c.after["authorized_xz"] for c in changed.changed] == [31]
    undo(fresh_engine, STAFF, changed.batch_id)
    assert ("青岛", "科技", 2023, 30, 12, 2, 40, 8, "项目数", 1500.0) in _rows(fresh_engine)
    undo(fresh_engine, STAFF, result.batch_id)
    assert _rows(fresh_engine) == []


def test_bad_rows_are_named_and_nothing_is_written(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    with fresh_engine.begin() as conn:
        conn.execute(update(City).where(City.name == "济宁").values(is_home=True))
    bad = (
        HEADER + "青到,科技,2023,30,,,,,,\n"  # row 2: unknown city
        "济宁,科技,2023,30,,,,,,\n"  # row 3: the home city
        "青岛,科枝,2023,30,,,,,,\n"  # row 4: unknown type
        "青岛,科技,2023,30,,,,,办件量,5\n"  # row 5: not the type's primary metric
        "青岛,科技,2023,-3,,,,,,\n"  # row 6: a negative count
        "青岛,发改,2023,,,,,,,\n"  # row 7: nothing but the key
        "烟台,科技,2023,5,,,,,,\n"  # row 8: good …
        "烟台,科技,2023,6,,,,,,\n"  # row 9: … repeated
    )
    result = _load(fresh_engine, _csv(bad))
    assert not result.ok and result.batch_id is None
    assert _rows(fresh_engine) == []
    text = "\n".join(result.errors)
    assert "第 2 行" in text and "是否为“青岛”" in text
    assert "第 3 行" in text and "“济宁”是本市" in text
    assert "第 4 行" in text and "单位类型“科枝”不在单位名录中" in text
    assert "第 5 行" in text and "主要工作量指标是“项目数”" in text
    assert "第 6 行" in text and "行政编制" in text
    assert "第 7 行" in text and "没有填写任何数值" in text
    assert "第 9 行" in text and result.error_count == 7
    english = _load(fresh_engine, _csv(bad), lang="en")
    assert any("is the home city" in e for e in english.errors)


def test_a_left_out_column_keeps_its_stored_value(fresh_engine: Engine) -> None:
    seed(fresh_engine)
    assert _load(fresh_engine, _csv(GOOD)).ok
    only_posts = "城市,单位类型,年度,行政编制\n青岛,科技,2023,33\n"
    assert _load(fresh_engine, _csv(only_posts)).ok
    assert ("青岛", "科技", 2023, 33, 12, 2, 40, 8, "项目数", 1500.0) in _rows(fresh_engine)
