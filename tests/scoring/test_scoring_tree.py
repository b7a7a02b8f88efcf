"""The indicator tree: the shipped defaults (DOMAIN §3), source parsing and validation."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import pytest

from scoring import (
    DEFAULT_COMMON_TREE,
    DEFAULT_INDIVIDUAL_INDICATORS,
    DEFAULT_PRIMARY_WORKLOAD,
    ROOT_CODE,
    LeafSource,
    TreeError,
    build_tree,
    parse_source,
)


def test_default_tree_shape_and_points() -> None:
    tree = build_tree(DEFAULT_COMMON_TREE)
    assert tree.children(ROOT_CODE) == ["A", "B", "C", "D", "E"]
    # DOMAIN §3: A 10, B 30, C 20, D 25, E 15 → 100.
    assert [tree.max_points(c) for c in "ABCDE"] == [10, 30, 20, 25, 15]
    assert tree.max_points(ROOT_CODE) == 100
    assert len(tree.leaves()) == 27  # 16 team, 3 deduct, 3 external, 2 survey, 3 computed
    assert len([c for c in tree.codes if tree.level(c) == 2]) == 15
    assert tree.children("D") == ["D1", "D2", "D3", "D4"]
    assert tree.children("C3") == ["C3a", "C3b"]
    assert tree.parent("C3b") == "C3"
    assert tree.parent("C") == ROOT_CODE
    assert tree.parent(ROOT_CODE) is None
    assert tree.level("E2a") == 3


def test_default_tree_sources_are_exactly_domains() -> None:
    rows = {r["code"]: r for r in DEFAULT_COMMON_TREE}
    kinds: dict[str, int] = {}
    for r in rows.values():
        if r["source"]:
            kind = r["source"].split("[")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"team": 16, "deduct": 3, "external": 3, "survey": 2, "computed": 3}
    assert rows["B1b"]["source"] == "external[重点领域职责分工]"
    assert rows["B1c"]["source"] == "external[议事协调机构]"
    assert rows["C3b"]["source"] == "external[党建,人事,财务,信访事项办理]"
    assert rows["B3a"]["source"] == "survey[满意度调查问卷]"
    assert rows["E3a"]["source"] == "survey[评估调查问卷]"
    assert rows["D1b"]["source"] == "computed[usage]"
    assert rows["E1a"]["source"] == "computed[workload-peer]"
    assert rows["E2a"]["source"] == "computed[staffing-peer]"
    assert [c for c, r in rows.items() if r["source"] == "deduct"] == ["A1b", "D1a", "D2a"]
    assert rows["A"]["parent"] is None and rows["A"]["source"] is None
    assert rows["B1"]["name"] == '"三定"职责落实'
    assert rows["D4a"]["eval_point"] == "3–5 年规划与退休高峰、职能需求匹配"


def test_default_individual_indicators() -> None:
    names = {t: [i["name"] for i in lst] for t, lst in DEFAULT_INDIVIDUAL_INDICATORS.items()}
    assert names["科技"] == ["研发投入强度", "高新技术企业数增长", "科技成果转化", "科技项目管理"]
    assert names["外事"] == ["因公出国(境)审批办理", "外事接待保障", "国际交流合作项目"]
    assert names["发改"] == ["重点项目投资完成率", "核准备案办理", "规划编制与实施", "县域经济发展"]
    assert names["行政审批"] == ["办件量", "即办件比例", "承诺时限压缩率", '"好差评"满意率']
    for lst in DEFAULT_INDIVIDUAL_INDICATORS.values():
        assert 3 <= len(lst) <= 6
        assert all(i["weight"] > 0 and i["eval_point"] for i in lst)
    codes = [i["code"] for lst in DEFAULT_INDIVIDUAL_INDICATORS.values() for i in lst]
    assert len(codes) == len(set(codes))
    assert DEFAULT_PRIMARY_WORKLOAD["科技"] == "项目数"
    assert DEFAULT_PRIMARY_WORKLOAD["外事"] == "外事批次"
    assert DEFAULT_PRIMARY_WORKLOAD["发改"] == "项目数"
    assert DEFAULT_PRIMARY_WORKLOAD["行政审批"] == "办件量"
    assert set(DEFAULT_INDIVIDUAL_INDICATORS) <= set(DEFAULT_PRIMARY_WORKLOAD)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("team", LeafSource("team", ())),
        ("deduct", LeafSource("deduct", ())),
        ("external[党建, 人事, 财务]", LeafSource("external", ("党建", "人事", "财务"))),
        ("survey[满意度调查问卷]", LeafSource("survey", ("满意度调查问卷",))),
        ("computed[usage]", LeafSource("computed", ("usage",))),
        (" computed[staffing-peer] ", LeafSource("computed", ("staffing-peer",))),
        ("computed[workload-peer]", LeafSource("computed", ("workload-peer",))),
    ],
)
def test_parse_source(text: str, expected: LeafSource) -> None:
    assert parse_source(text) == expected


def test_source_prints_back() -> None:
    assert str(parse_source("external[党建, 人事]")) == "external[党建,人事]"
    assert str(parse_source("team")) == "team"


@pytest.mark.parametrize(
    "text",
    [
        "magic",
        "computed[speed]",
        "computed",
        "survey[]",
        "survey[a,b]",
        "team[x]",
        "external",
        "external[a",
        "",
        "external[a,,b]",
    ],
)
def test_parse_source_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_source(text)


def _edited(rows: list[dict[str, Any]], edit: Any) -> list[dict[str, Any]]:
    rows = copy.deepcopy(rows)
    edit(rows)
    return rows


def _set(code: str, **values: Any) -> Any:
    def edit(rows: list[dict[str, Any]]) -> None:
        next(r for r in rows if r["code"] == code).update(values)

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda rows: rows.append(dict(rows[2])), "duplicate indicator code 'P1a'"),
        (_set("P1b", parent="P9"), "'P1b' names a missing parent 'P9'"),
        (_set("P2a", level=2), "'P2a' has level 2 but its parent 'P2' has level 2"),
        (_set("Q", level=2), "'Q' has no parent but level 2"),
        (_set("Q1b", source=None), "leaf indicator 'Q1b' has no source"),
        (_set("P2", source="team"), "'P2' has children and so must not have a source"),
        (_set("P1a", source="oracle"), "'P1a': unknown source type 'oracle'"),
        (_set("P1a", source="computed[speed]"), "'P1a': computed source"),
        (_set("P1a", max_points=29), "children of 'P1' add up to 39 points but 'P1' has 40"),
        (_set("Q", max_points=50), "children of 'Q' add up to 40 points but 'Q' has 50"),
        (_set("P1a", max_points=-30), "positive"),
        (lambda rows: rows.clear(), "no indicators"),
    ],
)
def test_build_tree_rejects(small_tree: list, edit: Any, message: str) -> None:
    with pytest.raises(TreeError, match=message.replace("(", r"\(")):
        build_tree(_edited(small_tree, edit))


def test_tree_error_is_a_value_error() -> None:
    assert issubclass(TreeError, ValueError)


def test_build_tree_accepts_a_frame_and_does_not_mutate_it(small_tree: list) -> None:
    frame = pd.DataFrame(small_tree)
    before = frame.copy()
    records = copy.deepcopy(small_tree)
    tree = build_tree(frame)
    build_tree(records)
    pd.testing.assert_frame_equal(frame, before)
    assert records == small_tree
    assert tree.leaves() == ["P1a", "P1b", "P2a", "Q1a", "Q1b"]


def test_to_frame_has_the_root_and_round_trips(small_tree: list) -> None:
    tree = build_tree(small_tree)
    frame = tree.to_frame()
    root = frame.iloc[0]
    assert (root["code"], root["level"], root["max_points"]) == (ROOT_CODE, 0, 100.0)
    assert frame.loc[frame["code"] == "P", "parent"].item() == ROOT_CODE
    assert list(frame["code"]) == [
        "ROOT",
        "P",
        "P1",
        "P1a",
        "P1b",
        "P2",
        "P2a",
        "Q",
        "Q1",
        "Q1a",
        "Q1b",
    ]
    again = build_tree(frame)
    assert again.codes == tree.codes
    assert [again.max_points(c) for c in again.codes] == [tree.max_points(c) for c in tree.codes]


def test_rows_may_come_in_any_order(small_tree: list) -> None:
    tree = build_tree(list(reversed(small_tree)))
    assert tree.children("P1") == ["P1b", "P1a"]  # siblings keep the table's order
    assert tree.parent("P1a") == "P1" and tree.max_points(ROOT_CODE) == 100
    assert sorted(tree.leaves()) == ["P1a", "P1b", "P2a", "Q1a", "Q1b"]


def test_unknown_code_raises_key_error(small_tree: list) -> None:
    with pytest.raises(KeyError):
        build_tree(small_tree).children("Z")
