"""The briefing payload (views.briefing, issue 12) on the demo's 2024 round: it is plain JSON,
its numbers are the view models' own (overview, ranking, profile, indicator breakdown), every
evaluated agency is in the ranking, and each agency summary's numbers are numbers on its slide.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_num
from views.briefing import STANDARD, BriefingConfig, SlideKind, build_payload, figures
from views.indicators import build_breakdown
from views.overview import build_overview
from views.profile import Profile, build_profile
from views.ranking import build_ranking

TODAY = dt.date(2024, 12, 1)
NOW = dt.datetime(2024, 12, 1, 9, 30)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def payloads(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> dict[str, Any]:
    """The standard slides plus surveys with every agency of 2024 as an agency slide."""
    rnd = demo_rounds[2024]
    agencies = tuple(int(a) for a in office_reader.round_result(rnd.round_id).summary["agency_id"])
    config = BriefingConfig((*STANDARD, SlideKind.SURVEYS), agencies)
    return {
        lang: build_payload(office_reader, rnd, lang, config, name="汇报", today=TODAY, now=NOW)
        for lang in ("zh", "en")
    }


def _slides(payload: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in payload["slides"] if s["kind"] == kind]


def test_the_payload_is_plain_json(payloads: dict[str, Any]) -> None:
    for payload in payloads.values():
        assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
        assert payload["as_of"] == "2024-12-01 09:30"
    kinds = [s["kind"] for s in payloads["zh"]["slides"]]
    # 22 agencies: ranking and heatmap on two slides each, one slide per agency
    assert kinds.count("ranking") == 2 and kinds.count("heatmap") == 2
    assert kinds.count("agency") == 22
    assert kinds[0] == "headline" and kinds[-2:] == ["methodology", "surveys"]


def test_headline_figures_are_the_overviews(
    payloads: dict[str, Any], office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    overview = build_overview(office_reader, demo_rounds[2024], "zh", TODAY)
    shown = {
        i["label"]: i["text"]
        for b in _slides(payloads["zh"], "headline")[0]["blocks"]
        if b["type"] == "kpis"
        for i in b["items"]
    }
    for kpi in (*overview.counts, *overview.score_kpis):
        value = kpi.value if isinstance(kpi.value, str) else f"{kpi.value:,}"
        assert shown[kpi.label] == value
    assert shown["平均综合得分"] == overview.score_kpis[0].value


def test_ranking_lists_every_agency_with_the_rankings_numbers(
    payloads: dict[str, Any], office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    model = build_ranking(office_reader, demo_rounds[2024], "zh")
    table = model.table(model.rows)
    tables = [b for s in _slides(payloads["zh"], "ranking") for b in s["blocks"]]
    tables = [b for b in tables if b["type"] == "table"]
    keys = [c["key"] for c in tables[0]["columns"]]
    rows = [r for b in tables for r in b["rows"]]
    assert [int(r["key"]) for r in rows] == table.frame["agency_id"].tolist()
    for r, (_, view) in zip(rows, table.frame.iterrows(), strict=True):
        cell = dict(zip(keys, r["cells"], strict=True))
        rank, name = cell["rank"], cell["agency"]
        composite, common = cell["composite"], cell["common"]
        assert name == view["agency"]
        assert rank == (
            "—" if view["rank"] is None or str(view["rank"]) == "<NA>" else str(int(view["rank"]))
        )
        # one decimal as the ranking shows it; two where equal texts are ranked apart
        assert composite in (fmt_num(view["composite"]), fmt_num(composite, 2))
        assert float(composite) == pytest.approx(view["composite"], abs=0.05)
        assert common == fmt_num(view["common"])


def test_agency_slides_carry_the_profiles_numbers(
    payloads: dict[str, Any], office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    for slide in _slides(payloads["zh"], "agency")[:4]:
        agency_id = int(slide["key"].split("/")[1])
        profile = build_profile(office_reader, rnd, "zh", agency_id, TODAY)
        assert isinstance(profile, Profile)
        cards = slide["blocks"][0]["items"]
        assert [c["text"] for c in cards[:5]] == [c.kpi.value for c in profile.headline.cards]
        l1 = profile.l1.args[0]
        assert [i["text"] for i in slide["blocks"][1]["items"]] == l1["text"].tolist()


def test_heatmap_cells_are_the_breakdowns_shares(
    payloads: dict[str, Any], office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    shares = build_breakdown(office_reader, demo_rounds[2024], "zh", 1)
    assert shares is not None
    expected = {
        (str(int(a)), c): ("—" if s != s else fmt_num(s * 100))
        for a, c, s in zip(
            shares.shares["agency_id"], shares.shares["code"], shares.shares["share"]
        )
    }
    found = {
        (r["key"], col["code"]): cell["text"]
        for s in _slides(payloads["zh"], "heatmap")
        for b in s["blocks"]
        if b["type"] == "heatmap"
        for r in b["rows"]
        for col, cell in zip(b["columns"], r["cells"], strict=True)
    }
    assert found == expected and len(found) == 22 * 5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_of_a_summary_is_on_its_slide(payloads: dict[str, Any], lang: str) -> None:
    checked = 0
    for slide in _slides(payloads[lang], "agency"):
        texts = []
        summary = ""
        for block in slide["blocks"]:
            if block["type"] == "text" and block.get("summary"):
                summary = block["paragraphs"][0]
            elif block["type"] in ("kpis", "bars"):
                texts += [str(i["text"]) for i in block["items"]]
                texts += [str(i["label"]) for i in block["items"]]
            elif block["type"] == "text":
                texts += block["paragraphs"]
        on_slide = {n for t in texts for n in _NUMBER.findall(t)}
        in_summary = _NUMBER.findall(summary)
        assert in_summary, slide["title"]
        assert set(in_summary) <= on_slide, (slide["title"], summary)
        checked += 1
    assert checked == 22


def test_figures_have_unique_keys(payloads: dict[str, Any]) -> None:
    found = figures(payloads["zh"])
    assert len({f.key for f in found}) == len(found) > 22 * 5
