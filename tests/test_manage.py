"""The command line, run as a user would: real processes against real database files."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture()
def demo_copy(sqlite_demo_url: str, tmp_path: Path) -> str:
    path = tmp_path / "demo.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    return f"sqlite:///{path}"


def test_init_db_then_seed_if_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert run("--database-url", url, "init-db").returncode == 0
    first = run("--database-url", url, "seed-demo", "--if-empty")
    assert first.returncode == 0 and "demo data loaded" in first.stdout
    second = run("--database-url", url, "seed-demo", "--if-empty")
    assert second.returncode == 0 and "already holds data" in second.stdout
    refused = run("--database-url", url, "seed-demo")
    assert refused.returncode == 1 and refused.stderr.startswith("error: database not empty")


def test_users_commands(demo_copy: str) -> None:
    made = run(
        "--database-url",
        demo_copy,
        "create-user",
        "zhou",
        "--role",
        "agency",
        "--name",
        "周联络员",
        "--agency",
        "外事办",
        "--password-env",
        "PW",
        env={"PW": "a-long-password"},
    )
    assert made.returncode == 0, made.stderr
    again = run(
        "--database-url",
        demo_copy,
        "create-user",
        "zhou",
        "--role",
        "staff",
        "--password-env",
        "PW",
        env={"PW": "a-long-password"},
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    listed = run("--database-url", demo_copy, "list-users").stdout.splitlines()
    assert "zhou\tagency\t周联络员\t市外事办公室" in listed
    short = run(
        "--database-url",
        demo_copy,
        "set-password",
        "zhou",
        "--password-env",
        "PW",
        env={"PW": "short"},
    )
    assert short.returncode == 1 and "too short" in short.stderr


def test_export_scores_contract(demo_copy: str) -> None:
    out = run("--database-url", demo_copy, "export", "scores", "--round", "2022")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == [
        "agency",
        "agency_type",
        "common",
        "individual",
        "composite",
        "grade",
        "rank",
        "coverage",
        "self_gap",
        "flags",
    ]
    assert len(rows) == 7  # the 2022 pilot evaluated 7 agencies
    for r in rows:
        assert r["grade"] in {"优秀", "良好", "一般", "较差", "数据不足"}
        assert (r["rank"] == "") == (r["grade"] == "数据不足")
        if r["individual"] == "":
            # composite = C where there is no individual indicator
            assert r["composite"] == r["common"] and "no_individual" in r["flags"].split(";")
        else:
            # composite = 0.8 C + 0.2 X, to within float rounding of the printed digits
            c, x = float(r["common"]), float(r["individual"])
            assert abs(float(r["composite"]) - (0.8 * c + 0.2 * x)) < 1e-9
    ranks = [int(r["rank"]) for r in rows if r["rank"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    waiban = next(r for r in rows if r["agency"] == "市外事办公室")
    assert "self_overrated" in waiban["flags"].split(";") and float(waiban["self_gap"]) > 0.10


def test_export_long_and_json(demo_copy: str) -> None:
    out = run("--database-url", demo_copy, "export", "scores", "--round", "2022", "--long")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["agency", "code", "level", "points", "max"]
    roots = [r for r in rows if r["level"] == "0"]
    assert len(roots) == 7 and all(r["code"] == "ROOT" and r["max"] == "100.0" for r in roots)
    assert {r["level"] for r in rows} == {"0", "1", "2", "3", "X"}
    js = json.loads(
        run(
            "--database-url", demo_copy, "export", "scores", "--round", "2022", "--format", "json"
        ).stdout
    )
    assert len(js) == 7 and {"agency", "composite", "rank"} <= set(js[0])


def test_import_scores_reports_bad_rows(demo_copy: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["单位", "指标代码", "组评分", "自评分"])
    ws.append(["市科学技术局", "A1a", 2.5, 3])
    ws.append(["市科学技术局", "A1a", 7, None])
    path = tmp_path / "scores.xlsx"
    wb.save(path)
    out = run("--database-url", demo_copy, "import", "scores", str(path), "--round", "2024")
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        "第 3 行：与第 2 行重复（同一单位、同一指标）",
        "导入未执行，数据库没有任何改动。",
    ]
    frozen = run("--database-url", demo_copy, "import", "scores", str(path), "--round", "2022")
    assert frozen.returncode == 1 and "已完成" in frozen.stderr
    missing = run("--database-url", demo_copy, "export", "scores", "--round", "1999")
    assert missing.returncode == 1 and "no evaluation round for 1999" in missing.stderr


def test_a_template_reimports_as_unchanged_in_a_real_process(
    demo_copy: str, tmp_path: Path
) -> None:
    path = str(tmp_path / "cities.xlsx")
    made = run("--database-url", demo_copy, "template", "cities", "-o", path)
    assert made.returncode == 0 and made.stdout == f"模板已写入 {path}\n"
    again = run("--database-url", demo_copy, "import", "cities", path, "--as", "tester")
    assert again.returncode == 0, again.stderr
    # the demo stores 16 cities × 7 years (2018–2024) of population
    assert again.stdout.splitlines() == [
        "新增 0，更新 0，未变 112",
        "文件与已存数据完全一致，没有任何改动。",
    ]


def test_database_down_is_a_clear_error() -> None:
    out = run("--database-url", "postgresql://postgres@127.0.0.1:1/none", "list-users")
    assert out.returncode == 2
    assert "无法连接数据库" in out.stderr and "Traceback" not in out.stderr
