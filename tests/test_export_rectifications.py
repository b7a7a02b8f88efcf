"""`manage.py export rectifications` and `export ledger`: the contract (columns, order, blanks,
overdue as of a day, the closed loop's points before → after) on a small database whose
figures are worked by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import Engine

from data_access.rectifications import (
    NewFinding,
    RectificationPlan,
    move_rectification,
    record_finding,
    rectification_items,
)
from tests.data_access.rectification_fixtures import STAFF, build_small_database
from tests.test_manage import run

COLUMNS = (
    "agency,round,finding_id,category,severity,source,indicator,ledger,state,deadline,"
    "overdue,days_overdue,closed_on,points_before,points_after,max"
)


def _close(engine: Engine, finding_id: int, day: dt.date) -> None:
    items = rectification_items(engine, STAFF).set_index("finding_id")
    rid = int(items.loc[finding_id, "rectification_id"])
    for source, target, note in (
        ("待整改", "整改中", None),
        ("整改中", "待验收", "已整改"),
        ("待验收", "已销号", "验收合格"),
    ):
        move_rectification(
            engine, rid, target, principal=STAFF, expected_state=source, note=note, today=day
        )


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[str, dict[str, int]]:
    engine = fresh_engine
    ids = build_small_database(engine)
    keji, waiban = ids["市科学技术局"], ids["市外事办公室"]

    def add(
        round_key: str, agency: int, code: str, severity: str, ledger: bool, **kw: object
    ) -> int:
        item = NewFinding(
            agency,
            f"{round_key}-{code}",
            "机构编制管理不规范",
            severity,
            "实地",
            code,
            ledger,
            found_date=dt.date(int(round_key[1:]), 9, 1),
            **kw,  # type: ignore[arg-type]
        )
        return record_finding(engine, ids[round_key], item, principal=STAFF)

    plan = RectificationPlan("监督检查科", dt.date(2024, 3, 31))
    ids["f1"] = add("r2023", keji, "D1a", "较重", True, plan=plan)
    ids["f2"] = add("r2023", keji, "D2a", "严重", True, plan=plan)
    ids["f3"] = add("r2023", waiban, "A1b", "轻微", False)  # 立行立改
    ids["f4"] = add(
        "r2024", keji, "D1a", "一般", False, plan=RectificationPlan("综合科", dt.date(2024, 12, 31))
    )
    _close(engine, ids["f1"], dt.date(2024, 2, 1))
    _close(engine, ids["f4"], dt.date(2024, 12, 1))
    move_rectification(
        engine,
        int(
            rectification_items(engine, STAFF)
            .set_index("finding_id")
            .loc[ids["f2"], "rectification_id"]
        ),
        "整改中",
        principal=STAFF,
        expected_state="待整改",
    )
    return engine.url.render_as_string(hide_password=False), ids


def test_rectifications_export_csv(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run("--database-url", url, "export", "rectifications", "--as-of", "2024-04-10")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    by_id = {int(r["finding_id"]): r for r in rows}
    assert [int(r["finding_id"]) for r in rows] == [ids["f1"], ids["f2"], ids["f3"], ids["f4"]]
    # f1: D1a (max 5, deduct) lost 3 points (较重) in 2023: 5 − 3 = 2; in 2024 the only
    # finding on D1a is f4 (一般, 2 points): 5 − 2 = 3. Closed on 2024-02-01.
    f1 = by_id[ids["f1"]]
    assert (f1["agency"], f1["round"], f1["state"], f1["ledger"]) == (
        "市科学技术局",
        "2023",
        "已销号",
        "true",
    )
    assert (f1["points_before"], f1["points_after"], f1["max"]) == ("2.0", "3.0", "5.0")
    assert (f1["overdue"], f1["days_overdue"], f1["closed_on"]) == ("false", "0", "2024-02-01")
    # f2: 整改中 with deadline 2024-03-31: as of 2024-04-10 it is 10 days overdue; not closed,
    # so no points.
    f2 = by_id[ids["f2"]]
    assert (f2["state"], f2["overdue"], f2["days_overdue"]) == ("整改中", "true", "10")
    assert (f2["points_before"], f2["points_after"], f2["max"], f2["closed_on"]) == ("", "", "", "")
    # f3: fixed on the spot — no deadline, never overdue.
    f3 = by_id[ids["f3"]]
    assert (f3["state"], f3["deadline"], f3["overdue"], f3["ledger"]) == (
        "立行立改",
        "",
        "false",
        "false",
    )
    # f4: closed, but 2024 has no next round: no points.
    f4 = by_id[ids["f4"]]
    assert (f4["round"], f4["state"], f4["points_before"], f4["points_after"]) == (
        "2024",
        "已销号",
        "",
        "",
    )
    # As of the deadline day itself nothing is overdue.
    on_time = run("--database-url", url, "export", "rectifications", "--as-of", "2024-03-31")
    assert "true,1" not in on_time.stdout and ",true,0," not in on_time.stdout
    assert [r["overdue"] for r in csv.DictReader(io.StringIO(on_time.stdout))] == ["false"] * 4


def test_rectifications_export_json_and_round(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run(
        "--database-url",
        url,
        "export",
        "rectifications",
        "--round",
        "2023",
        "--as-of",
        "2024-04-10",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["finding_id"] for r in rows] == [ids["f1"], ids["f2"], ids["f3"]]
    assert rows[0]["points_before"] == 2.0 and rows[0]["ledger"] is True
    assert rows[1]["points_before"] is None and rows[1]["overdue"] is True
    assert rows[2]["deadline"] is None and rows[2]["state"] == "立行立改"
    assert list(rows[0]) == COLUMNS.split(",")
    missing = run("--database-url", url, "export", "rectifications", "--round", "2019")
    assert missing.returncode != 0 and "2019" in missing.stderr


def test_ledger_export(db: tuple[str, dict[str, int]]) -> None:
    url, ids = db
    done = run("--database-url", url, "export", "ledger", "--year", "2023")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.stdout.splitlines()[0] == (
        "agency,year,finding_id,found_date,category,severity,severity_points,indicator,state,"
        "agency_deduction"
    )
    # 2023's ledger: f1 (较重, 3) and f2 (严重, 4) of 市科学技术局 → its deduction 3 + 4 = 7;
    # f3 is not in the ledger.
    assert [(int(r["finding_id"]), r["severity_points"], r["agency_deduction"]) for r in rows] == [
        (ids["f1"], "3.0", "7.0"),
        (ids["f2"], "4.0", "7.0"),
    ]
    assert run("--database-url", url, "export", "ledger", "--year", "2024").stdout.count("\n") == 1
    assert run("--database-url", url, "export", "ledger").returncode != 0
