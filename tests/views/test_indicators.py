"""views.indicators: the indicator breakdown on the demo data, against the scores export's
node rows (reports.score_export, long form), in both languages."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_num
from reports.score_export import score_rows, score_rows_long
from views.indicators import (
    Breakdown,
    build_breakdown,
    cell_detail,
    column_label,
    individual_of_type,
    level_labels,
)
from views.profile import Profile, build_profile

TODAY = dt.date(2025, 1, 15)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _breakdown(reader: Reader, rnd: RoundRef, level: int, lang: str = "zh") -> Breakdown:
    view = build_breakdown(reader, rnd, lang, level)
    assert view is not None
    return view


def _shares(reader: Reader, rnd: RoundRef, level: int) -> dict[tuple[str, str], float]:
    """(agency, code) → points / max from the export's node rows of one level."""
    rows = score_rows_long(reader.round_result(rnd.round_id))
    return {
        (r["agency"], r["code"]): r["points"] / r["max"]
        for r in rows
        if r["level"] == level and r["points"] is not None
    }


@pytest.mark.parametrize("level", [1, 2, 3])
def test_level_frame_shares_are_the_exports(
    office_reader: Reader, demo_rounds: dict[int, RoundRef], level: int
) -> None:
    rnd = demo_rounds[2024]
    view = _breakdown(office_reader, rnd, level)
    expected = _shares(office_reader, rnd, level)
    shown = view.shares.dropna(subset=["share"])
    assert len(shown) == len(expected)
    for name, code, share in zip(shown["name"], shown["code"], shown["share"], strict=True):
        assert share == pytest.approx(expected[(name, code)])
    # agencies in composite order, highest first (the export's rows are in rank order; the
    # ungraded 市大数据中心 sits where its composite puts it)
    by_composite = sorted(
        score_rows(office_reader.round_result(rnd.round_id)), key=lambda r: -r["composite"]
    )
    assert list(view.agencies.values()) == [r["agency"] for r in by_composite]
    assert view.heatmap.args[2] is (level < 3)  # labels in the cells only above the leaves


def test_weakest_indicators_and_the_weakest_cell(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    view = _breakdown(office_reader, rnd, 1)
    shares = _shares(office_reader, rnd, 1)
    by_code: dict[str, list[float]] = defaultdict(list)
    for (_, code), share in shares.items():
        by_code[code].append(share)
    means = sorted((sum(v) / len(v), code) for code, v in by_code.items())
    table = view.weakest.frame
    assert [i.split(" ")[0] for i in table["indicator"]] == [c for _, c in means][:5]
    assert list(table["mean_share"]) == pytest.approx([m * 100 for m, _ in means][:5])
    # E (使用效益) is the weakest level-1 indicator in the 2024 demo round
    assert table["indicator"].iloc[0] == "E 使用效益"
    low = sum(1 for s in by_code["E"] if s < 0.6)
    assert table["low"].iloc[0] == f"{low} / {len(by_code['E'])}"
    (agency, code), _ = min(shares.items(), key=lambda kv: kv[1])
    assert view.weakest_cell == (next(a for a, n in view.agencies.items() if n == agency), code)


def test_the_cell_detail_is_the_profiles_node_detail(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    view = _breakdown(office_reader, rnd, 3)
    science = next(a for a, n in view.agencies.items() if n == "市科学技术局")
    cell = cell_detail(office_reader, rnd, "zh", science, "B1b", TODAY)
    profile = build_profile(office_reader, rnd, "zh", science, TODAY)
    assert cell is not None and isinstance(profile, Profile)
    assert cell.agency == "市科学技术局"
    node = profile.tree.details["B1b"]
    assert (cell.detail.title, cell.detail.after) == (node.title, node.after)
    assert cell.detail.table is not None and node.table is not None
    assert cell.detail.table.frame.equals(node.table.frame)
    assert "= 2.7" in cell.detail.after[0]  # 3 × 18.0 / 20
    unknown = cell_detail(office_reader, rnd, "zh", science, "Z9", TODAY)
    assert unknown is not None and unknown.detail.node is None


def test_individual_indicators_by_type(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    rnd = demo_rounds[2024]
    view = _breakdown(office_reader, rnd, 1)
    assert {"科技", "外事", "发改", "行政审批"} <= set(view.types)
    of_type = individual_of_type(office_reader, rnd, "zh", "科技")
    rows = [
        r
        for r in score_rows_long(office_reader.round_result(rnd.round_id))
        if r["level"] == "X" and r["agency"] == "市科学技术局"
    ]
    frame = of_type.table.frame
    assert list(frame["code"]) == [r["code"] for r in rows]
    assert list(frame["score"]) == [r["points"] for r in rows]
    assert set(frame["agency"]) == {"市科学技术局"}
    assert [fmt_num(s) for s in frame["score"]][0] == fmt_num(rows[0]["points"])
    assert of_type.chart.spec()["$schema"].startswith("https://vega.github.io/")


def test_english(office_reader: Reader, demo_rounds: dict[int, RoundRef]) -> None:
    rnd = demo_rounds[2024]
    assert level_labels("en") == {1: "Level 1", 2: "Level 2", 3: "Level 3"}
    view = _breakdown(office_reader, rnd, 1, "en")
    assert [c.label for c in view.weakest.columns] == [
        "Indicator",
        "Mean share",
        "Lowest",
        "Agencies under 60%",
    ]
    texts = [
        *view.indicators.values(),
        *view.agencies.values(),
        *view.types.values(),
        *view.weakest.frame["indicator"],
        view.weakest_caption,
        *view.heatmap.args[1].values(),
    ]
    assert [s for s in texts if CJK.search(s)] == []
    individual = individual_of_type(office_reader, rnd, "en", "科技")
    assert not CJK.search(" ".join(individual.table.frame["name"]))
    assert [c.label for c in individual.table.columns][-2:] == ["Score (0–100)", "Self score"]


def test_heatmap_spec_selects_a_cell(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    view = _breakdown(office_reader, demo_rounds[2024], 2)
    spec = view.heatmap.spec()
    params = spec["params"]  # Altair lifts a layer's selection to the top
    assert [p["name"] for p in params] == ["cell"]
    assert params[0]["select"]["fields"] == ["agency_id", "code"]
    assert view.spread.spec()["$schema"].startswith("https://vega.github.io/")


def test_an_agency_principal_gets_only_its_own_agency(
    agency_reader: Reader, demo_rounds: dict[int, RoundRef], demo_agency_id: int
) -> None:
    # The page is for office roles; the view model is scoped all the same.
    view = _breakdown(agency_reader, demo_rounds[2024], 1)
    assert view.agencies == {demo_agency_id: "市科学技术局"}
    assert set(view.shares["agency_id"]) == {demo_agency_id}
    assert (
        cell_detail(agency_reader, demo_rounds[2024], "zh", demo_agency_id + 1, "A", TODAY) is None
    )


@pytest.mark.parametrize(
    ("code", "name", "columns", "lang", "expected"),
    [
        # level 1, five columns: whole up to 7 characters (90 px at 1024 px), else even lines
        ("B", "职能履行", 5, "zh", "B 职能履行"),
        ("A", "党的领导与党管机构编制", 5, "zh", "A 党的领导与\n党管机构编制"),  # 13 → 7 + 6
        ("D", "编制和领导职数使用", 5, "zh", "D 编制和领\n导职数使用"),  # 11 → 6 + 5
        # level 2, fifteen columns: the code, then the name four characters a line, at most 3
        ("B1", '"三定"职责落实', 15, "zh", 'B1\n"三定"\n职责落实'),
        ("D4", "用编进人规划与退休高峰匹配", 15, "zh", "D4\n用编进人\n规划与…"),
        (
            "A",
            "Party leadership and Party management of staffing",
            5,
            "en",
            "A Party\nleadership and\nParty\nmanagement of…",  # 14 letters a line, 4 lines
        ),
        # level 3, 27 leaves: the code alone (tooltip and legend carry the name)
        ("A1a", "党管原则", 27, "zh", "A1a"),
    ],
)
def test_heatmap_column_labels(
    code: str, name: str, columns: int, lang: str, expected: str
) -> None:
    assert column_label(code, name, columns, lang) == expected


def test_heatmap_names_its_columns_with_a_legend(
    office_reader: Reader, demo_rounds: dict[int, RoundRef]
) -> None:
    view = build_breakdown(office_reader, demo_rounds[2024], "zh", 1)
    assert view is not None and view.legend is not None
    spec = view.heatmap.spec()
    x = next(layer["encoding"]["x"] for layer in spec["layer"] if "x" in layer.get("encoding", {}))
    assert x["field"] == "column" and "split" in x["axis"]["labelExpr"]
    labels = {v["column"] for v in next(iter(spec["datasets"].values()))}
    assert "A 党的领导与\n党管机构编制" in labels and "B 职能履行" in labels
    assert view.legend.display().values.tolist()[:2] == [
        ["A", "党的领导与党管机构编制", 10.0],
        ["B", "职能履行", 30.0],
    ]
    table = view.shares_table  # the heatmap's download: one row per agency, shares in %
    assert list(table.display().columns)[:2] == ["单位", "A 党的领导与党管机构编制"]
    assert len(table) == 22
    english = build_breakdown(office_reader, demo_rounds[2024], "en", 1)
    assert english is not None and english.legend is not None
    assert english.legend.display().iloc[1, 1] == "Performance of functions"
