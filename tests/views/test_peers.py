"""The view models of 横向对比 (views.peers) and 编制与用编 (views.staffing_history) on the demo
data: the home city first and left out of its own line, residual = authorized − expected, the
round's leaves as scored, the few-cities note and the reasons, an agency user's own type only,
and every chart building a Vega-Lite spec."""

from __future__ import annotations

import math

import pytest

from data_access.reader import Reader
from data_access.scope import RoundRef
from views.peers import PeerFilters, build_peers
from views.staffing_history import build_staffing_history

SCIENCE = "市科学技术局"


def _page(reader: Reader, rnd: RoundRef, kind: str | None, lang: str = "zh", **kw: int):  # type: ignore[no-untyped-def]
    return build_peers(reader, rnd, lang, PeerFilters(kind, **kw))


def test_science_2024(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    page = _page(office_reader, rnd, "科技")
    assert page.agency_type == "科技" and page.year == 2024 and page.empty is None
    assert page.cities is not None
    f = page.cities.frame
    assert f["city"].iloc[0] == "济宁（本市）" and bool(f["is_home"].iloc[0])
    assert len(f) == 16 and not bool(f["included"].iloc[0])  # home: predicted, not fitted
    assert int(f["included"].sum()) == 15  # every other city reports everything
    # residual = authorized − expected, share = residual / expected, on every row
    ok = f.dropna(subset=["expected_posts"])
    assert (ok["residual"] - (ok["authorized"] - ok["expected_posts"])).abs().max() < 1e-9
    assert (ok["residual_pct"] - ok["residual"] / ok["expected_posts"] * 100).abs().max() < 1e-9
    assert "n = 15" in page.fit_caption and page.small_note is None
    # the demo's 科技 ledger for 2024: 32 + 20 + 2 = 54 posts
    assert page.kpis[0].value == "54"
    # posts per 10k: the home value's rank counts the cities above it
    s = page.standing
    assert s is not None
    row = s.frame.set_index("measure").loc["每万人编制"]
    above = int((f["posts_per_10k"] > f["posts_per_10k"].iloc[0]).sum())
    assert row["rank"] == f"第 {above + 1} / 16"
    peers_median = f["posts_per_10k"].iloc[1:].median()
    assert row["distance"] == pytest.approx((f["posts_per_10k"].iloc[0] / peers_median - 1) * 100)


def test_round_leaves_as_scored(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    page = _page(office_reader, rnd, "科技")
    assert page.leaves is not None
    shown = page.leaves.frame.set_index("code")["points"]
    leaves = office_reader.round_result(rnd.round_id).leaves
    mine = leaves[leaves["agency_id"] == page.agency_id].set_index("code")["points"]
    for code in ("D1b", "E1a", "E2a"):
        assert shown[code] == pytest.approx(mine[code])
    other_year = _page(office_reader, rnd, "科技", year=2023)
    assert other_year.leaves is None and "2024" in (other_year.leaves_caption or "")


def test_few_cities_note_and_reasons(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    page = _page(office_reader, demo_rounds[2024], "网信", "en")  # two cities report in 2024
    assert page.small_note is not None and "2 cities" in page.small_note
    assert page.kpis[1].value == "—"
    assert page.excluded is not None
    reasons = page.excluded.frame.set_index("city")["reason"]
    assert len(reasons) == 15  # the two that report, and the 13 that do not
    assert (reasons == "fewer than 3 cities qualify: no line").sum() == 2
    assert (reasons == "no figures reported for the year").sum() == 13
    assert "only 2 cities" in page.fit_caption


def test_province_table_sorted(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    page = _page(office_reader, demo_rounds[2024], None)
    assert page.province is not None
    p = page.province.frame
    assert len(p) == 22  # the round's agencies
    pct = [x for x in p["residual_pct"] if not math.isnan(x)]
    assert pct == sorted(pct, reverse=True)
    assert math.isnan(p["residual_pct"].iloc[-1])  # 网信: no line, last


def test_agency_user_sees_its_own_type(
    agency_reader: Reader, demo_rounds: dict[int, RoundRef], demo_agency_id: int
) -> None:
    page = _page(agency_reader, demo_rounds[2024], "外事", agency_id=6)
    assert list(page.types) == ["科技"] and page.agency_type == "科技"
    assert page.agency_id == demo_agency_id
    assert page.province is not None and list(page.province.frame["agency"]) == [SCIENCE]


def test_unknown_filters_fall_back(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    page = _page(office_reader, demo_rounds[2024], "不存在", year=1990, agency_id=99999)
    assert page.agency_type == next(iter(page.types)) and page.year == 2024
    assert page.agency_id in page.agencies


def test_charts_build(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    page = _page(office_reader, rnd, "科技", "en")
    assert page.chart is not None
    spec = page.chart.spec()
    scales = [layer["encoding"]["x"]["scale"]["type"] for layer in spec["layer"]]
    assert set(scales) == {"log"} and len(spec["layer"]) == 4  # line, dots, labels, home
    history = build_staffing_history(office_reader, rnd, "en", page.agency_id or 0, SCIENCE)
    charts = [history.posts, history.leaders, history.workload, history.retire]
    assert all(c is not None for c in charts)
    for chart in charts:
        assert chart is not None and chart.spec()["$schema"].startswith("https://vega.github.io")
    assert history.events is not None and "doc_no" in history.events.frame.columns
    workload = history.workload.spec() if history.workload else {}
    grades = [layer for layer in workload["layer"] if layer["mark"].get("type") == "text"]
    assert grades and grades[0]["encoding"]["text"]["field"] == "grade"


def test_staffing_history_agency_user_gets_its_own(
    agency_reader: Reader, demo_rounds: dict[int, RoundRef], demo_agency_id: int
) -> None:
    own = build_staffing_history(agency_reader, demo_rounds[2024], "zh", demo_agency_id, "x")
    other = build_staffing_history(agency_reader, demo_rounds[2024], "zh", 6, "x")
    assert other.posts_table is not None and own.posts_table is not None
    assert other.posts_table.frame.equals(own.posts_table.frame)
