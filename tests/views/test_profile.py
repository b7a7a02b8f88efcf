"""views.profile: the agency profile's view model on the demo data, checked against the scores
export (reports.score_export) or by hand, in both languages, and scoped to the principal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pandas as pd
import pytest

from data_access.profile_queries import agency_findings
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_num
from domain.vocab import (
    GREY,
    OVERDUE,
    PALETTE,
    ComputedRule,
    KeyTargetReason,
    MissingReason,
    PostType,
    Rating,
    RectState,
)
from reports.score_export import score_rows, score_rows_long
from views.names import load_names
from views.profile import Absent, Profile, agency_name, agency_options, build_profile
from views.profile_charts import Chart
from views.profile_explain import (
    DeductDetail,
    ExternalDetail,
    PeerDetail,
    SurveyDetail,
    TeamDetail,
    UsageDetail,
    explain,
)
from views.profile_sections import build_staffing

TODAY = dt.date(2025, 1, 15)
SCIENCE, HOUSING, FOREIGN, BIGDATA, NDRC = (
    "市科学技术局",
    "市住房和城乡建设局",
    "市外事办公室",
    "市大数据中心",
    "市发展和改革委员会",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _id(reader: Reader, rnd: RoundRef, name: str) -> int:
    summary = reader.round_result(rnd.round_id).summary
    return int(summary.loc[summary["name"] == name, "agency_id"].iloc[0])


def _profile(reader: Reader, rnd: RoundRef, name: str, lang: str = "zh") -> Profile:
    model = build_profile(reader, rnd, lang, _id(reader, rnd, name), TODAY)
    assert isinstance(model, Profile)
    return model


def _export(reader: Reader, rnd: RoundRef, name: str) -> dict[str, Any]:
    return next(r for r in score_rows(reader.round_result(rnd.round_id)) if r["agency"] == name)


def _long(reader: Reader, rnd: RoundRef, name: str) -> dict[str, float | None]:
    rows = score_rows_long(reader.round_result(rnd.round_id))
    return {str(r["code"]): r["points"] for r in rows if r["agency"] == name}


def _texts(obj: Any) -> list[str]:
    """Every text a view model holds: strings, table cells and headers, chart inputs."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, pd.DataFrame):
        cells = [str(c) for c in obj.columns]
        return cells + [v for col in obj.columns for v in obj[col] if isinstance(v, str)]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [s for f in dataclasses.fields(obj) for s in _texts(getattr(obj, f.name))]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in _texts(k) + _texts(v)]
    if isinstance(obj, (list, tuple)):
        return [s for v in obj for s in _texts(v)]
    return []


# -- headline --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "grade", "rank"), [("zh", "良好", "11 / 21"), ("en", "Good", "11 of 21")]
)
def test_headline_cards_are_the_exports(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], lang: str, grade: str, rank: str
) -> None:
    rnd = demo_rounds[2024]
    row = _export(office_reader, rnd, SCIENCE)
    cards = _profile(office_reader, rnd, SCIENCE, lang).headline.cards
    values = [c.kpi.value for c in cards]
    # export: composite 86.0638… (= 0.8 × 87.5084 + 0.2 × 80.2857 = 70.0067 + 16.0571),
    # C 87.5084…, X 80.2857…, rank 11 of the 21 graded agencies, coverage 1.0
    assert values == [
        fmt_num(row["composite"]),
        fmt_num(row["common"]),
        fmt_num(row["individual"]),
        rank,
        "100%",
    ]
    assert values[:3] == ["86.1", "87.5", "80.3"]
    assert row["rank"] == 11
    assert cards[0].kpi.delta == grade and cards[0].tone == PALETTE[2]  # 良好: second band
    assert [c.kpi.delta for c in cards[1:]] == [None, None, None, None]


def test_formula_caption(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    zh = _profile(office_reader, rnd, SCIENCE).headline.formula
    assert zh == "综合得分 = 0.8 × C + 0.2 × X = 0.8 × 87.5 + 0.2 × 80.3 → 86.1"
    # 市住房和城乡建设局 has no individual indicators: composite = C
    en = _profile(office_reader, rnd, HOUSING, "en").headline
    row = _export(office_reader, rnd, HOUSING)
    assert row["individual"] is None and row["composite"] == row["common"]
    assert (
        en.formula == f"No individual-indicator data: composite = common score C = "
        f"{fmt_num(row['common'])}"
    )
    assert en.cards[2].kpi.value == "—" and en.cards[2].kpi.delta == "None"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_insufficient_data_lists_the_missing_leaves(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], lang: str
) -> None:
    rnd = demo_rounds[2024]
    row = _export(office_reader, rnd, BIGDATA)
    assert row["grade"] == "数据不足" and row["rank"] is None and row["coverage"] == 0.62
    h = _profile(office_reader, rnd, BIGDATA, lang).headline
    assert h.cards[0].kpi.delta == ("数据不足" if lang == "zh" else "Insufficient data")
    assert h.cards[0].tone == GREY
    assert h.cards[3].kpi.value == "—" and h.cards[4].kpi.value == "62%"
    assert h.insufficient is not None and "62.0%" in h.insufficient and "80%" in h.insufficient
    assert h.cards[4].kpi.delta == ("低于 80%" if lang == "zh" else "Below 80%")
    assert h.missing is not None and len(h.missing) == 10
    # 10 missing leaves carry 3+3+6+6+3+3+3+4+3+4 = 38 points: coverage 62 / 100
    assert h.missing.frame["max_points"].sum() == 38.0
    reasons = set(h.missing.frame["reason"])
    assert {
        MissingReason.NO_RATINGS.label(lang),
        MissingReason.NO_TEAM_SCORE.label(lang),
    } <= reasons
    assert h.missing.frame["indicator"].iloc[0].startswith("B1b ")


def test_self_overrated_and_key_target_warnings(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    row = _export(office_reader, rnd, FOREIGN)
    assert "self_overrated" in row["flags"] and fmt_num(row["self_gap"] * 100) == "26.0"
    (warning,) = _profile(office_reader, rnd, FOREIGN).headline.warnings
    assert warning.startswith("自评偏高") and "26.0%" in warning and "10%" in warning
    assert "key_target" in _export(office_reader, rnd, HOUSING)["flags"]
    for lang in ("zh", "en"):
        (target,) = _profile(office_reader, rnd, HOUSING, lang).headline.warnings
        assert KeyTargetReason.OPEN_FINDINGS.label(lang) in target


# -- the tree and each node's inputs ---------------------------------------------------------


def test_tree_rows_are_the_exports_nodes(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    tree = _profile(office_reader, rnd, SCIENCE).tree
    points = _long(office_reader, rnd, SCIENCE)
    codes = [c for c in tree.codes]
    assert codes[:4] == ["ROOT", "A", "A1", "A1a"] and len(codes) == 48  # root + 5 + 15 + 27 leaves
    assert list(tree.table.frame["points"]) == [points[c] for c in codes]
    assert tree.table.frame["indicator"].iloc[3] == "\u3000\u3000\u3000A1a 重大事项报批"
    assert set(tree.details) == set(codes)
    sources = dict(zip(codes, tree.table.frame["source"], strict=True))
    assert (sources["A1a"], sources["B1b"], sources["D1b"], sources["E2a"]) == (
        "评估组评分",
        "外部评价",
        "编制使用率",
        "每万人编制数对标",
    )


@pytest.mark.parametrize(
    ("lang", "matter", "good"),
    [
        ("zh", "重点领域职责分工", "好 (=1.0)"),
        ("en", "Division of duties in key areas", "Good (=1.0)"),
    ],
)
def test_external_leaf_counts_ratings_by_matter(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], lang: str, matter: str, good: str
) -> None:
    d = _profile(office_reader, demo_rounds[2024], SCIENCE, lang).tree.details["B1b"]
    assert d.node is not None and isinstance(d.node.detail, ExternalDetail)
    assert d.table is not None
    assert d.table.frame.iloc[0].tolist() == [matter, 11, 8, 1]
    assert d.table.columns[1].label == good
    # 3 × (11 × 1.0 + 8 × 0.8 + 1 × 0.6) / 20 = 3 × 18.0 / 20 = 2.7 points
    assert d.title.endswith("2.7 / 3.0 · 90.0%")
    assert "= 2.7" in d.after[0] and "0.900" in d.after[0]


def test_usage_leaf_shows_posts_by_type(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    for lang in ("zh", "en"):
        d = _profile(office_reader, demo_rounds[2024], SCIENCE, lang).tree.details["D1b"]
        assert d.table is not None and isinstance(d.node and d.node.detail, UsageDetail)
        frame = d.table.frame
        # 2024 ledger of 市科学技术局: authorized 32 + 20 + 2 = 54, actual 29 + 18 + 2 = 49
        assert list(frame["authorized"]) == [32, 20, 2, 54]
        assert list(frame["actual"]) == [29, 18, 2, 49]
        assert list(frame["post"])[:3] == [p.posts_label(lang) for p in PostType]
        assert "90.7%" in d.after[0]  # 49 / 54 = 0.9074: inside 90–100%, full marks
        assert d.title.endswith("5.0 / 5.0 · 100.0%")


def test_team_survey_and_peer_leaves(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    p = _profile(office_reader, rnd, SCIENCE, "en")
    points = _long(office_reader, rnd, SCIENCE)
    team = p.tree.details["A1a"]
    assert team.node is not None and isinstance(team.node.detail, TeamDetail)
    assert team.static and team.table is not None
    assert team.table.frame["value"].iloc[0] == fmt_num(points["A1a"]) == "2.7"
    assert team.before[0].startswith("Evaluation point: ")
    survey = p.tree.details["B3a"]
    assert survey.node is not None and isinstance(survey.node.detail, SurveyDetail)
    # 6 × SI / 100 = 6 × 83.868 / 100 = 5.032 points, from 70 responses
    assert survey.table is not None and survey.table.frame["value"].iloc[1] == "70"
    assert survey.after == ("Score = 6.0 × SI ÷ 100 = 6.0 × 83.9 ÷ 100 = 5.0",)
    assert survey.warning is None
    staff = p.tree.details["E3a"]
    assert staff.warning is not None and "n = 27" in staff.warning  # under 30: small sample
    peer = p.tree.details["E2a"]
    assert peer.node is not None and isinstance(peer.node.detail, PeerDetail)
    assert peer.node.detail.rule == ComputedRule.STAFFING_PEER
    assert peer.title.startswith("E2a ") and fmt_num(points["E2a"]) in peer.title
    assert peer.peers is not None and len(peer.peers) == peer.node.detail.n_peers == 15
    assert peer.peers_title == "The 15 peer cities used"
    workload = p.tree.details["E1a"]
    assert workload.node is not None and isinstance(workload.node.detail, PeerDetail)
    assert workload.node.detail.rule == ComputedRule.WORKLOAD_PEER


def test_deduct_leaf_lists_its_findings(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    for lang, severity in (("zh", "较重"), ("en", "Serious")):
        d = _profile(office_reader, rnd, HOUSING, lang).tree.details["D2a"]
        assert d.node is not None and isinstance(d.node.detail, DeductDetail)
        assert d.table is not None
        assert d.table.frame.to_dict("list") == {
            "finding": ["超职数配备副科级领导职务1名"],
            "severity": [severity],
            "points": [3.0],
        }
        # 4 − 3 (较重) = 1 point
        assert d.after[0].endswith("= 1.0")
    full = _profile(office_reader, rnd, SCIENCE).tree.details["A1b"]
    assert full.table is None and full.after == ("本轮没有涉及该指标的问题，得满分 2.0。",)


def test_inner_node_shows_children_and_the_rescaling(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    p = _profile(office_reader, rnd, SCIENCE)
    points = _long(office_reader, rnd, SCIENCE)
    b1 = p.tree.details["B1"]
    assert b1.table is not None
    assert list(b1.table.frame["points"]) == [points["B1a"], points["B1b"], points["B1c"]]
    # 5.9 + 2.7 + 2.82 = 11.42 of 12 present points, × 12 / 12 = 11.42
    assert b1.before == (
        "得分 = 有数据的下级指标得分之和 ÷ 其满分之和 × 本级满分 = 11.4 ÷ 12.0 × 12.0 = 11.4",
    )
    root = p.tree.details["ROOT"]
    assert root.before[0] == "综合得分 = 0.8 × C + 0.2 × X（个性指标见下方）。"
    assert root.title.startswith("共性指标 C · 87.5 / 100.0")
    # a leaf missing its data says why, and its parent is re-scaled over the rest
    big = _profile(office_reader, rnd, BIGDATA, "en").tree.details["B1b"]
    assert big.missing == (
        "No data for this indicator (no external ratings); its parent is "
        "re-scaled over the indicators with data."
    )


def test_individual_indicators(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    individual = _profile(office_reader, rnd, SCIENCE).individual
    assert individual is not None
    rows = [
        r
        for r in score_rows_long(office_reader.round_result(rnd.round_id))
        if r["agency"] == SCIENCE and r["level"] == "X"
    ]
    assert list(individual.table.frame["code"]) == [r["code"] for r in rows]
    assert list(individual.table.frame["score"]) == [r["points"] for r in rows]
    assert individual.caption.endswith("= 80.3")
    assert _profile(office_reader, rnd, HOUSING).individual is None


# -- change, ratings, surveys ----------------------------------------------------------------


def test_change_since_the_previous_round(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    before = _export(office_reader, demo_rounds[2023], SCIENCE)
    now = _export(office_reader, rnd, SCIENCE)
    change = _profile(office_reader, rnd, SCIENCE).change
    assert (
        change.caption == f"2023年度综合得分 {fmt_num(before['composite'])} → 本轮 "
        f"{fmt_num(now['composite'])}"
    )
    assert change.chart is not None
    frame = change.chart.args[0]
    assert list(frame["step"]) == ["2023年度", "A", "B", "C", "D", "E", "2024年度"]
    assert frame["end"].iloc[0] == pytest.approx(before["common"])
    assert frame["end"].iloc[-1] == pytest.approx(now["common"])
    # no level-1 node is missing in either round: the steps add up to the change of C
    steps = frame.iloc[1:-1]
    assert (steps["end"] - steps["start"]).sum() == pytest.approx(now["common"] - before["common"])
    first = _profile(office_reader, demo_rounds[2022], SCIENCE, "en").change
    assert first.chart is None and first.note is not None and "not evaluated before" in first.note


def test_ratings_and_surveys(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    r = _profile(office_reader, demo_rounds[2024], SCIENCE, "en").ratings
    assert r.external is not None
    frame, labels, colours, _ = r.external.args
    assert labels == ["Good", "Fairly good", "Average"]
    assert colours == [Rating.GOOD.colour, Rating.FAIRLY_GOOD.colour, Rating.AVERAGE.colour]
    key = frame[frame["matter"] == "Division of duties in key areas"]
    assert list(key["n"]) == [11, 8, 1]
    assert r.self_team is not None and r.gap_caption is not None
    assert [(s.title, s.note) for s in r.surveys] == [
        ("Satisfaction survey", None),
        ("Staff survey", None),
    ]
    assert [k.value for s in r.surveys for k in s.kpis] == ["83.9", 70, "79.0", 27]
    assert r.surveys[0].warning is None and r.surveys[1].warning is not None
    suppressed = _profile(office_reader, demo_rounds[2023], FOREIGN).ratings.surveys[1]
    assert suppressed.note == (
        "评估调查问卷：有效问卷仅 3 份，少于 5 份，不显示结果，也不计入得分。"
    )
    node = _profile(office_reader, demo_rounds[2023], FOREIGN).tree.details["E3a"]
    assert node.missing is not None and "有效问卷 3 份，少于 5 份" in node.missing


# -- staffing and findings -------------------------------------------------------------------


def test_staffing_sections(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    agency = _id(office_reader, rnd, SCIENCE)
    s = build_staffing(
        office_reader, agency, rnd.year, load_names(office_reader, rnd.round_id, "en"), "en"
    )
    assert s.staffing is not None and s.staffing_table is not None
    table = s.staffing_table.frame
    assert table["year"].iloc[-1] == "2024"
    # the 2024 ledger again: authorized 32 / 20 / 2, actual 29 / 18 / 2
    assert table.iloc[-1][["authorized_xz", "authorized_sy", "authorized_gq"]].tolist() == [
        32,
        20,
        2,
    ]
    assert table.iloc[-1][["actual_xz", "actual_sy", "actual_gq"]].tolist() == [29, 18, 2]
    _, _, posts, colours, *_ = s.staffing.args
    assert posts == ["Administrative posts", "Public institution posts", "Logistics posts"]
    assert colours == [p.colour for p in PostType]
    assert s.events is not None and not CJK.search(" ".join(s.events.frame["kind"]))
    assert s.workload is not None and s.workload_table is not None
    assert s.personnel.age is not None and s.personnel.edu is not None
    assert s.personnel.retire_title == "Expected retirements and planned hires, 2025–2029"
    assert s.personnel.retire is not None


def test_the_profile_builds_only_the_personnel_it_shows(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    # Staffing, workload and retirements moved to the 编制与用编 page (issue 10): the profile
    # builds the age and education charts only.
    p = _profile(office_reader, demo_rounds[2024], SCIENCE, "en").personnel
    assert p.age is not None and p.edu is not None
    assert p.retire is None and p.retire_caption is None
    full = build_staffing(
        office_reader,
        _id(office_reader, demo_rounds[2024], SCIENCE),
        2024,
        load_names(office_reader, demo_rounds[2024].round_id, "en"),
        "en",
    ).personnel
    assert full.age is not None and full.edu is not None and full.retire is not None
    assert p.age.args[0].equals(full.age.args[0]) and p.edu.args[1:] == full.edu.args[1:]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_with_derived_overdue(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], lang: str
) -> None:
    rnd = demo_rounds[2024]
    agency = _id(office_reader, rnd, HOUSING)
    late = dt.date(2030, 1, 1)  # every open rectification's deadline has passed by then
    expected = office_reader(agency_findings, rnd.round_id, agency, late)
    model = build_profile(office_reader, rnd, lang, agency, late)
    assert isinstance(model, Profile)
    f = model.findings
    closed = expected["state"] == RectState.CLOSED.value
    assert [k.value for k in f.kpis] == [
        len(expected),
        int((~closed).sum()),
        int(expected["overdue"].sum()),
    ]
    assert f.kpis[2].label == OVERDUE.label(lang)
    assert f.table is not None
    assert list(f.table.frame["finding"]) == list(expected["description"])
    for state, overdue, is_closed in zip(f.table.frame["state"], expected["overdue"], closed):
        assert (OVERDUE.label(lang) in state) == bool(overdue)
        if is_closed:
            assert state.startswith(RectState.CLOSED.label(lang))
    assert "2030-01-01" in f.caption


# -- which agency, and who may see it --------------------------------------------------------


def test_agency_not_in_the_round(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    agency = _id(office_reader, demo_rounds[2024], BIGDATA)
    for lang, rounds in (
        ("zh", "该单位参加过的评估：2024年度"),
        ("en", "Rounds that evaluated it: 2024"),
    ):
        absent = build_profile(office_reader, demo_rounds[2022], lang, agency, TODAY)
        assert isinstance(absent, Absent) and absent.rounds == rounds
        assert absent.note.startswith(absent.name)


def test_agency_principal_sees_only_its_own_agency(
    office_reader: Reader,
    agency_reader: Reader,
    demo_rounds: dict[int, RoundRef],
    demo_agency_id: int,
) -> None:
    rnd = demo_rounds[2024]
    ndrc = _id(office_reader, rnd, NDRC)
    assert agency_options(agency_reader, rnd, "zh") == {demo_agency_id: SCIENCE}
    assert agency_name(agency_reader, rnd, "zh", ndrc) is None
    others = office_reader.round_result(rnd.round_id).summary
    others = others[others["agency_id"] != demo_agency_id]
    for lang in ("zh", "en"):
        names = set(others["name"]) | set(agency_options(office_reader, rnd, lang).values())
        names.discard(agency_options(office_reader, rnd, lang)[demo_agency_id])
        # asking for another agency gives the principal's own
        model = build_profile(agency_reader, rnd, lang, ndrc, TODAY)
        assert isinstance(model, Profile) and model.agency_id == demo_agency_id
        own = build_profile(office_reader, rnd, lang, demo_agency_id, TODAY)
        assert isinstance(own, Profile) and model.headline == own.headline
        shown = "\n".join(_texts(model))
        assert [n for n in names if n in shown] == []
        assert model.explained.agency_id == demo_agency_id


# -- types and charts ------------------------------------------------------------------------


def test_every_agency_of_every_round_explains_into_types(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    kinds = {
        "team": TeamDetail,
        "external": ExternalDetail,
        "survey": SurveyDetail,
        "deduct": DeductDetail,
    }
    for rnd in demo_rounds.values():
        result = office_reader.round_result(rnd.round_id)
        for agency in result.summary["agency_id"]:
            for leaf in explain(result, int(agency)).leaves():
                assert leaf.source_kind is not None and leaf.source is not None
                expected = kinds.get(leaf.source_kind.value)
                if expected is None:
                    expected = UsageDetail if leaf.source == "computed[usage]" else PeerDetail
                assert isinstance(leaf.detail, expected), leaf.code


def test_a_renamed_key_fails_loudly(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    result = office_reader.round_result(demo_rounds[2024].round_id)
    leaves = result.leaves.copy()
    i = leaves.index[(leaves["code"] == "B1b")][0]
    detail = dict(leaves.at[i, "detail"])
    detail["mean"] = detail.pop("mean_value")
    leaves.at[i, "detail"] = detail
    renamed = dataclasses.replace(result, leaves=leaves)
    with pytest.raises(KeyError, match="mean_value"):
        explain(renamed, int(leaves.at[i, "agency_id"]))


def test_every_chart_builds_a_vega_lite_spec(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    p = _profile(office_reader, demo_rounds[2024], SCIENCE, "en")
    s = build_staffing(
        office_reader,
        p.agency_id,
        2024,
        load_names(office_reader, demo_rounds[2024].round_id, "en"),
        "en",
    )
    charts = [
        c
        for c in (
            p.l1,
            p.change.chart,
            p.ratings.self_team,
            p.ratings.external,
            p.personnel.age,
            p.personnel.edu,
            s.staffing,
            s.workload,
            s.personnel.retire,
        )
        if isinstance(c, Chart)
    ]
    assert len(charts) == 9
    for chart in charts:
        spec = chart.spec()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert "continuousWidth" not in spec["config"].get("view", {})
        assert spec["config"]["range"]["category"] == PALETTE
    assert p.l1.key == "views.profile_charts.l1_bars"
