"""The peers export contract (`manage.py export peers --type TYPE --year YEAR`), on the 6-city
example of tests/scoring/test_peer_fit.py stored in a database (SQLite and PostgreSQL):

  青岛 10 posts, workload 100;  烟台 40, 400;  潍坊 40, 1600;  临沂 80, 6400   (the fit)
  淄博 no posts, workload 900 (no_posts);  枣庄 30 posts, workload 0 (zero_workload)
  home 济宁: 40 posts (25 + 13 + 2), workload 800.
Worked by hand there: slope 0.45, intercept 0.1 ln 10 + 0.4 ln 2, R² = 81/95, n = 4;
济宁 expected 10 · 2^1.75 = 33.6359, residual 6.3641. 青岛 (u = 0): expected 10 · 2^0.4 =
13.1951, residual −3.1951. posts per 10k for 济宁: 40 / 824.05.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from sqlalchemy import Engine, insert

import manage
from data_access.models import (
    Agency,
    City,
    CityPopulation,
    EvaluationRound,
    PeerStaffing,
    RoundAgency,
    Staffing,
    Workload,
)
from data_access.round_inputs import primary_metric

HEADER = (
    "city,population,authorized,actual,sections,workload,posts_per_10k,workload_per_staff,"
    "expected_posts,residual,included,note"
)
PEERS = [  # city, posts (xz, sy, gq), workload
    ("青岛", (6, 4, None), 100.0),
    ("烟台", (30, 10, None), 400.0),
    ("潍坊", (40, None, None), 1600.0),
    ("临沂", (50, 25, 5), 6400.0),
    ("淄博", (None, None, None), 900.0),
    ("枣庄", (20, 10, 0), 0.0),
]


@pytest.fixture()
def example(fresh_engine: Engine) -> str:
    metric = primary_metric("科技")
    with fresh_engine.begin() as conn:
        names = ["济宁", *(p[0] for p in PEERS)]
        conn.execute(
            insert(City), [{"id": i, "name": n, "is_home": i == 1} for i, n in enumerate(names, 1)]
        )
        conn.execute(
            insert(CityPopulation),
            [{"city_id": i, "year": 2024, "population": 500.0} for i in range(2, 8)]
            + [{"city_id": 1, "year": 2024, "population": 824.05}],
        )
        for i, (_city, (xz, sy, gq), work) in enumerate(PEERS, 2):
            conn.execute(
                insert(PeerStaffing).values(
                    city_id=i,
                    agency_type="科技",
                    year=2024,
                    authorized_xz=xz,
                    authorized_sy=sy,
                    authorized_gq=gq,
                    actual_total=None if xz is None else 30,
                    workload_metric=metric,
                    workload_value=work,
                )
            )
        conn.execute(
            insert(Agency).values(
                id=1,
                name="市科学技术局",
                short_name="科技局",
                agency_type="科技",
                nature="政府工作部门",
                rank="正县级",
            )  # fmt: skip
        )
        conn.execute(
            insert(Staffing).values(
                agency_id=1,
                year=2024,
                authorized_xz=25,
                authorized_sy=13,
                authorized_gq=2,
                actual_xz=20,
                actual_sy=12,
                actual_gq=2,
                internal_sections=9,
            )  # fmt: skip
        )
        conn.execute(insert(Workload).values(agency_id=1, year=2024, metric=metric, value=800.0))
        conn.execute(insert(EvaluationRound).values(id=1, year=2024, name="2024", status="评估中"))
        conn.execute(insert(RoundAgency).values(round_id=1, agency_id=1))
    return fresh_engine.url.render_as_string(hide_password=False)


def _export(url: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    argv = ["--database-url", url, "export", "peers", "--type", "科技", "--year", "2024"]
    assert manage.main([*argv, "--format", fmt]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def test_csv_rows_and_figures(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _export(example, "csv", capsys)
    assert text.splitlines()[0] == HEADER
    rows = {r["city"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(rows) == ["济宁", "青岛", "烟台", "潍坊", "临沂", "淄博", "枣庄"]
    home = rows["济宁"]
    assert (home["authorized"], home["actual"], home["sections"]) == ("40.0", "34.0", "9.0")
    assert float(home["expected_posts"]) == pytest.approx(10 * 2**1.75)
    assert float(home["residual"]) == pytest.approx(40 - 10 * 2**1.75)
    assert float(home["posts_per_10k"]) == pytest.approx(40 / 824.05)
    assert float(home["workload_per_staff"]) == pytest.approx(800 / 34)
    assert (home["included"], home["note"]) == ("false", "home_city")
    assert float(rows["青岛"]["expected_posts"]) == pytest.approx(10 * 2**0.4)
    assert float(rows["青岛"]["residual"]) == pytest.approx(10 - 10 * 2**0.4)
    assert [(r["included"], r["note"]) for r in rows.values()][1:] == [
        ("true", ""),
        ("true", ""),
        ("true", ""),
        ("true", ""),
        ("false", "no_posts"),
        ("false", "zero_workload"),
    ]
    # not reported stays empty, never 0
    assert rows["淄博"]["authorized"] == "" and rows["淄博"]["actual"] == ""
    assert rows["枣庄"]["expected_posts"] == ""  # no workload to predict from


def test_json_adds_the_fit(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    payload = json.loads(_export(example, "json", capsys))
    fit = payload["fit"]
    assert fit["n"] == 4
    assert fit["slope"] == pytest.approx(0.45)
    assert fit["intercept"] == pytest.approx(0.1 * math.log(10) + 0.4 * math.log(2))
    assert fit["r2"] == pytest.approx(81 / 95)
    assert [r["city"] for r in payload["rows"]][0] == "济宁"
    assert payload["rows"][5]["authorized"] is None and payload["rows"][5]["note"] == "no_posts"


def test_unknown_type_or_missing_options_fail(
    example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--database-url", example, "export", "peers"]
    assert manage.main([*base, "--type", "外事", "--year", "2024"]) == 1
    assert "no peer figures" in capsys.readouterr().err
    assert manage.main([*base, "--type", "科技"]) == 1
    assert "--year" in capsys.readouterr().err
