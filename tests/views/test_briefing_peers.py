"""Peer-comparison slides of a briefing (views.briefing, issue 12): one slide per chosen agency
type, its figures exactly those of the peer comparison page's view model
(views.peers.build_peers) for the type, a note slide for no type or an unknown one, and the
configuration's ``peer_types`` kept, checked and read from configurations stored before it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_int, fmt_num
from views.briefing import (
    BriefingConfig,
    ConfigError,
    SlideKind,
    build_payload,
    figures,
    peer_type_options,
)
from views.peers import PeerFilters, build_peers

TODAY = dt.date(2024, 12, 1)
NOW = dt.datetime(2024, 12, 1, 9, 30)
TYPE = "科技"


def _payload(reader: Reader, rnd: RoundRef, config: BriefingConfig, lang: str) -> dict[str, Any]:
    return build_payload(reader, rnd, lang, config, name="汇报", today=TODAY, now=NOW)


@pytest.fixture(scope="module")
def peer_slide(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> dict[str, Any]:
    config = BriefingConfig((SlideKind.PEERS,), (), (TYPE,))
    payload = _payload(office_reader, demo_rounds[2024], config, "zh")
    assert [s["key"] for s in payload["slides"]] == [f"peers/{TYPE}"]
    slide: dict[str, Any] = payload["slides"][0]
    return slide


def test_peer_slide_figures_are_build_peers(
    peer_slide: dict[str, Any], office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    page = build_peers(office_reader, demo_rounds[2024], "zh", PeerFilters(TYPE))
    assert page.agency_type == TYPE and page.cities is not None and page.standing is not None
    kpis, standing, cities, fit = peer_slide["blocks"]
    assert peer_slide["kind"] == "peers" and TYPE in peer_slide["title"]
    assert page.agencies[int(page.agency_id or 0)] in peer_slide["subtitle"]
    # the headline cards as the page shows them
    assert [i["text"] for i in kpis["items"]] == [str(k.value) for k in page.kpis]
    assert [i["label"] for i in kpis["items"]] == [k.label for k in page.kpis]
    # the home agency's standing: every measure, its values, rank and distance
    frame = page.standing.frame.reset_index(drop=True)
    assert [r["cells"][0] for r in standing["rows"]] == list(frame["measure"])
    for row, (_, want) in zip(standing["rows"], frame.iterrows(), strict=True):
        _, home, rank, median, distance = row["cells"]
        assert (home, rank, median) == (want["home_text"], want["rank"], want["median_text"])
        assert distance == fmt_num(want["distance"]) + "%"
    # every city, the home city first and marked, with the page's numbers
    frame = page.cities.frame.reset_index(drop=True)
    assert [r["cells"][0] for r in cities["rows"]] == list(frame["city"])
    assert cities["rows"][0]["cells"][0] == "济宁（本市）"
    keys = [c["key"] for c in cities["columns"]]
    for row, (_, want) in zip(cities["rows"], frame.iterrows(), strict=True):
        shown = dict(zip(keys, row["cells"], strict=True))
        assert shown["authorized"] == fmt_int(want["authorized"])
        assert shown["expected_posts"] == fmt_num(want["expected_posts"])
        assert shown["residual"] == fmt_num(want["residual"])
        assert shown["residual_pct"] == fmt_num(want["residual_pct"]) + "%"
    assert cities["shown"] == 8 and len(cities["rows"]) == len(frame) == 16
    assert fit["paragraphs"][0] == page.fit_caption


def test_peer_slide_figures_worked_by_hand(peer_slide: dict[str, Any]) -> None:
    standing = {r["cells"][0]: r["cells"] for r in peer_slide["blocks"][1]["rows"]}
    # The demo's 济宁 科技局 (市科学技术局) has 32 administrative + 20 public-institution + 2
    # service posts = 54. The 15 other cities' totals, sorted: 19 23 30 32 38 41 42 42 45 57
    # 57 65 68 70 71 — the median (8th of 15) is 42; 54 is 7th of all 16 from the top (71 70
    # 68 65 57 57 54); distance from the median (54 − 42) / 42 = 28.571…% → 28.6%.
    assert standing["编制合计"] == ["编制合计", "54.0", "第 7 / 16", "42.0", "28.6%"]
    assert peer_slide["blocks"][0]["items"][0]["text"] == "54"
    # Every figure has a stable key under the slide's (the type's) key.
    found = {f.key: f for f in figures({"slides": [peer_slide]})}
    assert found["peers/科技/编制合计/distance"].value == pytest.approx(28.6)
    assert found["peers/科技/编制合计/rank"].value == 7
    assert found["peers/科技/济宁（本市）/authorized"].text == "54"


def test_peer_slides_in_english_and_note_slides(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    types = peer_type_options(office_reader, rnd, "en")
    assert types[TYPE] == "Science & technology" and len(types) == 22
    en = _payload(office_reader, rnd, BriefingConfig((SlideKind.PEERS,), (), (TYPE,)), "en")
    assert en["slides"][0]["title"] == "Peer comparison: Science & technology"
    assert en["slides"][0]["blocks"][1]["rows"][0]["cells"][:3] == ["Authorized", "54.0", "7 of 16"]
    # no type chosen: one note slide; a type the round does not have: its own note slide
    none = _payload(office_reader, rnd, BriefingConfig((SlideKind.PEERS,)), "zh")
    assert [s["key"] for s in none["slides"]] == ["peers"]
    assert none["slides"][0]["blocks"] == [
        {"type": "text", "paragraphs": ["未选择横向对比的单位类型。"]}
    ]
    gone = _payload(office_reader, rnd, BriefingConfig((SlideKind.PEERS,), (), ("不存在",)), "zh")
    assert gone["slides"][0]["blocks"][0]["paragraphs"] == [
        "本批次没有“不存在”类单位的横向对比数据。"
    ]
    assert figures(gone) == []


def test_config_keeps_and_checks_peer_types() -> None:
    config = BriefingConfig((SlideKind.HEADLINE, SlideKind.PEERS), (3, 9), ("科技", "网信"))
    stored = config.as_json()
    assert stored["peer_types"] == ["科技", "网信"]
    assert BriefingConfig.from_json(stored) == config
    # stored before peer slides existed: no types
    old = BriefingConfig.from_json({"slides": ["headline", "agency"], "agencies": [3]})
    assert old.peer_types == () and old.agencies == (3,)
    assert BriefingConfig.from_json({"slides": ["peers"], "peer_types": None}).peer_types == ()
    for bad in (["科技", "科技"], "科技", [3], [""], ["x"] * 31):
        with pytest.raises(ConfigError):
            BriefingConfig.from_json({"slides": ["peers"], "peer_types": bad})
