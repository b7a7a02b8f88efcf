"""The import kind ``findings``: a round's findings with their rectification opinions (or
立行立改), all rows or none, every bad row named, re-import changes nothing, a stored item keeps
its state, undo refused once an item has moved."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select

from data_access.imports import KINDS, ImportRefused, build_template, run_import, undo
from data_access.models import Finding, RectificationEvent
from data_access.rectifications import move_rectification, rectification_items
from data_access.round_admin import change_round_status
from tests.data_access.rectification_fixtures import ADMIN, STAFF, build_small_database

KIND = KINDS["findings"]
HEADER = (
    "单位名称,问题描述,问题类别,严重程度,发现来源,关联指标,纳入监管台账,"
    "整改责任科室,责任人,整改期限,整改意见文号\n"
)
GOOD = HEADER + (
    "市科学技术局,内设机构设置与三定规定不一致,“三定”规定执行不到位,较重,实地,B1a,是,"
    "职能运行监管科,张某,2025-03-31,济编办字〔2024〕11号\n"
    "市科技局,会议记录不全,机构编制管理不规范,轻微,自评,,否,,,立行立改,\n"
    "市外事办公室,超职数配备,违反机构编制纪律,严重,监督检查,D2a,是,监督检查科,,2025/6/30,\n"
)


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[Engine, dict[str, int]]:
    return fresh_engine, build_small_database(fresh_engine)


def _import(engine: Engine, text: str, year: int = 2024, lang: str = "zh") -> object:
    return run_import(
        engine, STAFF, KIND, text.encode("utf-8"), "findings.csv", round_year=year, lang=lang
    )


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Finding)).scalar_one())


def test_a_good_file_records_findings_and_issues_rectifications(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = db
    result = _import(engine, GOOD)
    assert result.ok, result.errors  # type: ignore[attr-defined]
    assert result.summary("zh") == "新增 3，更新 0，未变 0"  # type: ignore[attr-defined]
    items = rectification_items(engine, STAFF, ids["r2024"]).set_index("description")
    spot = items.loc["会议记录不全"]
    assert spot["on_the_spot"] and pd.isna(spot["state"]) and not spot["in_ledger"]
    first = items.loc["内设机构设置与三定规定不一致"]
    assert first["state"] == "待整改" and first["deadline"] == dt.date(2025, 3, 31)
    assert first["section"] == "职能运行监管科" and first["owner"] == "张某"
    assert first["opinion_doc_no"] == "济编办字〔2024〕11号" and first["in_ledger"]
    assert first["found_date"].year == 2024  # recorded for round 2024: found in 2024
    assert items.loc["超职数配备", "deadline"] == dt.date(2025, 6, 30)
    with engine.connect() as conn:
        actors = conn.execute(select(RectificationEvent.actor).distinct()).scalars().all()
    assert actors == ["wang"]  # the importing user issued them
    # The same file again changes nothing.
    again = _import(engine, GOOD)
    assert again.nothing_changed  # type: ignore[attr-defined]


def test_reimport_updates_the_opinion_but_never_the_state(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, ids = db
    assert _import(engine, GOOD).ok  # type: ignore[attr-defined]
    items = rectification_items(engine, STAFF, ids["r2024"]).set_index("description")
    rid = int(items.loc["超职数配备", "rectification_id"])
    move_rectification(engine, rid, "整改中", principal=STAFF, expected_state="待整改")
    changed = GOOD.replace("监督检查科,,2025/6/30", "监督检查科,李某,2025/7/31")
    result = _import(engine, changed)
    assert result.ok and len(result.changed) == 1, result.errors  # type: ignore[attr-defined]
    row = (
        rectification_items(engine, STAFF, ids["r2024"]).set_index("description").loc["超职数配备"]
    )
    assert row["state"] == "整改中" and row["owner"] == "李某"
    assert row["deadline"] == dt.date(2025, 7, 31)
    # Switching a stored finding to 立行立改 is refused.
    spot = GOOD.replace("监督检查科,,2025/6/30,", ",,立行立改,")
    refused = _import(engine, spot)
    assert refused.errors == [  # type: ignore[attr-defined]
        "第 4 行 “整改期限”：该问题已登记，导入不能在“立行立改”和下达整改意见之间改变"
    ]


BAD_ROWS = [
    (
        "市科学技术总局,问题甲,其他,一般,实地,,否,综合科,,2025-01-31,",
        "第 2 行 “单位名称”：单位“市科学技术总局”不在单位名录中（是否为“市科学技术局”？）",
    ),
    ("市科学技术局,问题乙,其它,一般,实地,,否,综合科,,2025-01-31,", "第 2 行 “问题类别”："),
    ("市科学技术局,问题丙,其他,一般,实地,B9z,否,综合科,,2025-01-31,", "本批次没有指标代码“B9z”"),
    (
        "市科学技术局,问题丁,其他,一般,实地,,否,综合科,,下个月,",
        "第 2 行 “整改期限”：“下个月”不是日期，也不是“立行立改”",
    ),
    (
        "市科学技术局,问题戊,其他,一般,实地,,否,综合科,,立行立改,",
        "第 2 行 “整改责任科室”：立行立改的问题不下达整改意见",
    ),
    (
        "市科学技术局,问题己,其他,一般,实地,,否,,,2025-01-31,",
        "第 2 行 “整改责任科室”：下达整改意见时请填写整改责任科室",
    ),
    ("市科学技术局,问题庚,其他,一般,实地,,否,综合科,,,", "第 2 行：“整改期限”为空"),
    ("市科学技术局,=HYPERLINK(1),其他,一般,实地,,否,综合科,,2025-01-31,", "第 2 行 “问题描述”："),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_bad_rows_are_named_and_nothing_is_written(
    db: tuple[Engine, dict[str, int]], row: str, message: str
) -> None:
    engine, _ids = db
    # The good rows come first: one bad row keeps them all out.
    result = _import(engine, HEADER + row + "\n" + GOOD.split("\n", 1)[1])
    assert not result.ok  # type: ignore[attr-defined]
    assert len(result.errors) == 1 and message in result.errors[0], result.errors  # type: ignore[attr-defined]
    assert _count(engine) == 0


def test_agency_not_in_round_repeated_rows_and_english(
    db: tuple[Engine, dict[str, int]],
) -> None:
    engine, _ids = db
    from data_access.round_admin import change_round_agencies

    change_round_agencies(engine, 2024, principal=ADMIN, remove=["市外事办公室"])
    text = GOOD + GOOD.split("\n")[1] + "\n"
    result = _import(engine, text, lang="en")
    assert result.errors == [  # type: ignore[attr-defined]
        "Row 4, “Agency”: “市外事办公室” is not evaluated in this round",
        "Row 5: repeats row 2",
    ]
    assert _count(engine) == 0


def test_rounds_undo_and_template(db: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = db
    with pytest.raises(ImportRefused):
        run_import(engine, STAFF, KIND, GOOD.encode(), "f.csv")  # no round
    result = _import(engine, GOOD)
    assert result.ok  # type: ignore[attr-defined]
    # The template lists what is stored, 立行立改 written out.
    workbook = load_workbook(io.BytesIO(build_template(engine, STAFF, KIND, round_year=2024)))
    cells = [list(r) for ws in workbook.worksheets for r in ws.iter_rows(values_only=True)]
    spot = next(r for r in cells if "会议记录不全" in r)
    assert "立行立改" in spot and "否" in spot
    # Undo removes the findings, their rectifications and events ...
    assert undo(engine, STAFF, result.batch_id) == 3  # type: ignore[attr-defined]
    assert _count(engine) == 0
    # ... but not once an item has moved.
    again = _import(engine, GOOD)
    items = rectification_items(engine, STAFF, ids["r2024"])
    rid = int(items.dropna(subset=["rectification_id"]).iloc[0]["rectification_id"])
    move_rectification(engine, rid, "整改中", principal=STAFF, expected_state="待整改")
    with pytest.raises(ImportRefused):
        undo(engine, STAFF, again.batch_id)  # type: ignore[attr-defined]
    assert _count(engine) == 3
    change_round_status(engine, 2024, "已完成", principal=ADMIN)
    with pytest.raises(ImportRefused, match="已完成"):
        _import(engine, GOOD)
