"""`manage.py export ratings --round YEAR [--format csv|json]`: the contract (columns, one row
per agency × matter, full precision) through a real database (both engines) whose ratings
went in through the ``ratings`` import, the figures worked by hand; and
``round ratings-visibility``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine, select

import manage
from data_access.imports import KINDS, run_import
from data_access.models import AuditLog, EvaluationRound
from data_access.rating_queries import raters_named
from scoring import RoundConfig
from tests.data_access.rectification_fixtures import STAFF, agency_user, build_small_database

RATINGS = (
    "评价单位,被评价单位,评价事项,评价等次,存在问题\n"
    "市财政局,市科学技术局,党建,好,\n"
    "市审计局,市科学技术局,党建,较好,\n"
    "市信访局,市科学技术局,党建,一般,党建与业务融合不够紧密\n"
    "市财政局,市科学技术局,人事,较好,\n"
    "市审计局,市科学技术局,人事,较好,\n"
    "市财政局,市外事办公室,财务,一般,\n"
)
COLUMNS = "agency,matter,good,fairly_good,average,raters,score"


@pytest.fixture()
def db(fresh_engine: Engine) -> tuple[Engine, str]:
    build_small_database(fresh_engine)
    result = run_import(
        fresh_engine, STAFF, KINDS["ratings"], RATINGS.encode(), "r.csv", round_year=2024
    )
    assert result.ok, result.errors
    return fresh_engine, fresh_engine.url.render_as_string(hide_password=False)


def _export(url: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    argv = ["--database-url", url, "export", "ratings", "--round", "2024", "--format", fmt]
    assert manage.main(argv) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def test_csv_rows_and_scores_worked_by_hand(
    db: tuple[Engine, str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = _export(db[1], "csv", capsys)
    lines = text.splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    # Agencies in the registry's order (科技局 first), matters by name (人事 < 党建 in code
    # points: 人 U+4EBA, 党 U+515A). Scores with 好 1.0, 较好 0.8, 一般 0.6:
    #   科技局 人事: 较好 + 较好 → (0.8 + 0.8) / 2 = 0.8
    #   科技局 党建: 好 + 较好 + 一般 → (1.0 + 0.8 + 0.6) / 3 = 2.4 / 3 = 0.8
    #   外办 财务: 一般 → 0.6
    assert [(r["agency"], r["matter"]) for r in rows] == [
        ("市科学技术局", "人事"),
        ("市科学技术局", "党建"),
        ("市外事办公室", "财务"),
    ]
    assert [(r["good"], r["fairly_good"], r["average"], r["raters"]) for r in rows] == [
        ("0", "2", "0", "2"),
        ("1", "1", "1", "3"),
        ("0", "0", "1", "1"),
    ]
    scores = [float(r["score"]) for r in rows]
    assert scores == pytest.approx([0.8, 0.8, 0.6], abs=1e-12)
    # full precision: the CSV holds repr() of the float, e.g. 2 × 0.8 = 1.6 / 2 → '0.8'
    assert rows[0]["score"] == repr(2 * 0.8 / 2)


def test_json_has_the_same_keys_and_numbers(
    db: tuple[Engine, str], capsys: pytest.CaptureFixture[str]
) -> None:
    payload = json.loads(_export(db[1], "json", capsys))
    assert [list(r) for r in payload] == [COLUMNS.split(",")] * 3
    assert payload[2] == {
        "agency": "市外事办公室",
        "matter": "财务",
        "good": 0,
        "fairly_good": 0,
        "average": 1,
        "raters": 1,
        "score": 0.6,
    }


def test_the_round_mapping_gives_the_score(
    db: tuple[Engine, str], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, url = db
    from data_access.rounds import update_round_config

    with engine.connect() as conn:
        rid = conn.execute(
            select(EvaluationRound.id).where(EvaluationRound.year == 2024)
        ).scalar_one()
    mapping = {"好": 1.0, "较好": 0.7, "一般": 0.4}
    update_round_config(engine, int(rid), {"rating_values": mapping}, "li")
    rows = list(csv.DictReader(io.StringIO(_export(url, "csv", capsys))))
    # 科技局 党建: (1.0 + 0.7 + 0.4) / 3 = 2.1 / 3 = 0.7; 人事: (0.7 + 0.7) / 2 = 0.7; 外办: 0.4
    assert [float(r["score"]) for r in rows] == pytest.approx([0.7, 0.7, 0.4], abs=1e-12)


def test_an_unknown_round_is_an_error(db: tuple[Engine, str]) -> None:
    argv = ["--database-url", db[1], "export", "ratings", "--round", "2019"]
    assert manage.main(argv) != 0


def test_ratings_visibility_is_a_round_setting(
    db: tuple[Engine, str], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, url = db
    with engine.connect() as conn:
        row = conn.execute(
            select(EvaluationRound.id, EvaluationRound.config).where(EvaluationRound.year == 2024)
        ).one()
    agency = agency_user(1)
    assert not raters_named(engine, agency, row.id)  # anonymous by default
    base = ["--database-url", url, "round", "ratings-visibility", "--round", "2024"]
    assert manage.main([*base, "named", "--lang", "en"]) == 0
    assert "by name" in capsys.readouterr().out
    assert raters_named(engine, agency, row.id)
    with engine.connect() as conn:
        config = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == row.id)
        ).scalar_one()
        audited = (
            conn.execute(
                select(AuditLog.after).where(AuditLog.action == "round.ratings_visibility")
            )
            .scalars()
            .all()
        )
    assert config["ratings_raters_named"] is True
    assert RoundConfig.from_dict(config).weight_common == 0.8  # the rest kept
    assert audited == [{"ratings_raters_named": True}]
    assert manage.main([*base, "anonymous"]) == 0
    assert not raters_named(engine, agency, row.id)
