"""The explanation scoring returns is typed (scoring.details, issue 7): a key misspelled or
renamed fails mypy, on the side that writes a detail and on the side that reads it; and the
TypedDicts say what scoring really writes (checked here at run time, path by path)."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NotRequired, get_origin, get_type_hints

import pytest
from mypy import api

from scoring import (
    INDIVIDUAL_COLUMNS,
    SURVEY_COLUMNS,
    DeductDetail,
    ExplainedIndividual,
    ExplainedNode,
    ExplainedSurvey,
    Explanation,
    ExternalDetail,
    PeerDetail,
    RoundConfig,
    RoundInputs,
    StaffingPeerDetail,
    SurveyDetail,
    SurveyIndexDetail,
    TeamDetail,
    UsageDetail,
    UsageRateDetail,
    WorkloadPeerDetail,
    explain_agency,
    score_deduct,
    score_external,
    score_peer,
    score_round,
    score_survey_leaf,
    score_team,
    score_usage,
)

ROOT = Path(__file__).resolve().parents[2]
CFG = RoundConfig()

# Each line that mypy must flag ends with "# error: <code>"; every other line must pass.
PROBE = """
from __future__ import annotations

from typing import cast

from scoring.details import ExplainedNode, Explanation, ExternalDetail, StaffingPeerDetail


def read_right(node: ExplainedNode) -> float | None:
    return cast(ExternalDetail, node["detail"])["mean_value"]


def read_misspelled(node: ExplainedNode) -> float | None:
    return cast(ExternalDetail, node["detail"])["mean_valu"]  # error: typeddict-item


def read_another_source(node: ExplainedNode) -> float | None:
    return cast(StaffingPeerDetail, node["detail"])["workload"]  # error: typeddict-item


def read_tree(ex: Explanation) -> str:
    return ex["tree"]["children"][0]["code"] + ex["weights"]["formula"]


def read_tree_misspelled(ex: Explanation) -> str:
    return ex["tree"]["childs"][0]["code"]  # error: typeddict-item


def write_right() -> ExternalDetail:
    return {"matters": [], "n": 0, "counts": {}, "rating_ids": {}, "mean_value": None}


def write_misspelled() -> ExternalDetail:
    return {"matters": [], "n": 0, "counts": {}, "rating_ids": {}, "mean_valu": None}  # error: typeddict-item, typeddict-unknown-key


def write_unknown_reason(detail: ExternalDetail) -> None:
    detail["missing_reason"] = "no_rating"  # error: typeddict-item
"""


def _expected(source: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if "# error: " in line:
            out[number] = {c.strip() for c in line.split("# error: ")[1].split(",")}
    return out


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[int, set[str]]:
    """mypy's error codes by line of PROBE: one run, scoped to the probe (its imports are
    followed silently), with its own cache and the repository's settings."""
    work = tmp_path_factory.mktemp("details_typed")
    probe = work / "probe_details.py"
    probe.write_text(PROBE, encoding="utf-8")
    config = work / "mypy.ini"
    config.write_text(
        "[mypy]\n"
        f"mypy_path = {ROOT}\n"
        "python_version = 3.11\n"
        "ignore_missing_imports = true\n"
        "follow_imports = silent\n"
        f"cache_dir = {work / 'cache'}\n",
        encoding="utf-8",
    )
    stdout, stderr, status = api.run(["--config-file", str(config), str(probe)])
    assert status in (0, 1), stderr  # 2 would be a crash or a usage error
    errors: dict[int, set[str]] = {}
    for match in re.finditer(r"^.*probe_details\.py:(\d+): error: .*\[([\w-]+)\]$", stdout, re.M):
        errors.setdefault(int(match[1]), set()).add(match[2])
    return errors


def test_mypy_flags_misspelled_keys_and_only_those(mypy_errors: dict[int, set[str]]) -> None:
    expected = _expected(PROBE)
    assert len(expected) == 5  # guards against a probe whose markers were lost
    assert mypy_errors == expected


# -- the TypedDicts match what scoring writes, at run time ----------------------------------
def _keys(typed: type) -> tuple[set[str], set[str]]:
    """(required, optional) keys. Read from the hints: under ``from __future__ import
    annotations`` Python 3.11's ``__required_keys__`` counts NotRequired keys as required."""
    hints = get_type_hints(typed, include_extras=True)
    optional = {k for k, hint in hints.items() if get_origin(hint) is NotRequired}
    return set(hints) - optional, optional


def _assert_shape(value: Mapping[str, Any], typed: type) -> None:
    required, optional = _keys(typed)
    assert required <= set(value) <= required | optional, (typed.__name__, sorted(value))


PEERS = {"a": 9.0, "b": 10.0, "c": 12.0}
KERNELS = [
    pytest.param(lambda: score_team(2.0, 3), TeamDetail, None, id="team"),
    pytest.param(lambda: score_team(None, 3), TeamDetail, "no_team_score", id="team-missing"),
    pytest.param(
        lambda: score_external(
            [{"rating_id": 1, "matter": "党建", "rating": "好"}], ["党建"], 3, CFG
        ),
        ExternalDetail,
        None,
        id="external",
    ),
    pytest.param(
        lambda: score_external([], ["党建"], 3, CFG),
        ExternalDetail,
        "no_ratings",
        id="external-missing",
    ),
    pytest.param(lambda: score_survey_leaf(80.0, 3), SurveyIndexDetail, None, id="survey"),
    pytest.param(
        lambda: score_survey_leaf(None, 3),
        SurveyIndexDetail,
        "no_survey_index",
        id="survey-missing",
    ),
    pytest.param(
        lambda: score_deduct([{"finding_id": 1, "severity": "严重"}], 5, CFG),
        DeductDetail,
        None,
        id="deduct",
    ),
    pytest.param(lambda: score_deduct([], 5, CFG), DeductDetail, None, id="deduct-none"),
    pytest.param(lambda: score_usage(100, 95, 5, CFG), UsageRateDetail, None, id="usage"),
    pytest.param(
        lambda: score_usage(None, 95, 5, CFG), UsageRateDetail, "no_staffing", id="usage-missing"
    ),
    pytest.param(lambda: score_peer(10.0, PEERS, 4, CFG), PeerDetail, None, id="peer"),
    pytest.param(
        lambda: score_peer(math.nan, PEERS, 4, CFG), PeerDetail, "no_own_value", id="peer-no-x"
    ),
    pytest.param(
        lambda: score_peer(10.0, {"a": 9.0}, 4, CFG), PeerDetail, "too_few_peers", id="peer-few"
    ),
    pytest.param(
        lambda: score_peer(10.0, dict.fromkeys("abc", 0.0), 4, CFG),
        PeerDetail,
        "zero_median",
        id="peer-zero-median",
    ),
]


@pytest.mark.parametrize(("call", "typed", "reason"), KERNELS)
def test_each_kernel_writes_its_typed_detail(
    call: Callable[[], tuple[Any, Any]], typed: type, reason: str | None
) -> None:
    points, detail = call()
    _assert_shape(detail, typed)
    assert detail.get("missing_reason") == reason
    assert (points is None) == (reason is not None)


ROUND_DETAIL = {
    "team": TeamDetail,
    "external": ExternalDetail,
    "survey": SurveyDetail,
    "deduct": DeductDetail,
    "computed[usage]": UsageDetail,
    "computed[staffing-peer]": StaffingPeerDetail,
    "computed[workload-peer]": WorkloadPeerDetail,
}


def _sparse(inputs: RoundInputs) -> RoundInputs:
    """The same round without team scores, ratings, survey answers or staffing rows: every
    leaf but the deduct ones is missing, and the survey leaves take the round's defaults."""
    return dataclasses.replace(
        inputs,
        team_scores=inputs.team_scores.iloc[:0],
        ratings=inputs.ratings.iloc[:0],
        survey_answers=inputs.survey_answers.iloc[:0],
        staffing=inputs.staffing.iloc[:0],
    )


@pytest.mark.parametrize("sparse", [False, True], ids=["full", "sparse"])
def test_a_round_writes_the_typed_details_and_explanation(
    full_round: Callable[..., RoundInputs], sparse: bool
) -> None:
    inputs = full_round(4, seed=3, respondents=6, items=3)
    result = score_round(_sparse(inputs) if sparse else inputs)
    seen = set()
    for source, detail in zip(result.leaves["source"], result.leaves["detail"]):
        kind = source if source.startswith("computed[") else source.split("[")[0]
        _assert_shape(detail, ROUND_DETAIL[kind])
        assert ("missing_reason" in detail) == (sparse and kind != "deduct"), source
        seen.add(kind)
    assert seen == set(ROUND_DETAIL)
    for agency_id in result.summary["agency_id"]:
        ex = explain_agency(result, agency_id)
        assert set(ex) == set(get_type_hints(Explanation))  # every key required
        leaf_keys = {"eval_point", "source", "source_kind", "team_score", "self_score", "note"}
        stack: list[ExplainedNode] = [ex["tree"]]
        while stack:
            node = stack.pop()
            _assert_shape(node, ExplainedNode)
            # A node is a leaf (with every leaf key) or an inner node, never both.
            if "children" in node:
                assert not leaf_keys & set(node) and "detail" not in node
                stack.extend(node["children"])
            else:
                assert leaf_keys | {"detail"} <= set(node)
        for row in ex["individual_indicators"]:
            _assert_shape(row, ExplainedIndividual)
        for row in ex["surveys"]:
            _assert_shape(row, ExplainedSurvey)


def test_explained_rows_name_the_result_columns() -> None:
    # The row TypedDicts follow the frames' column lists (agency_id is dropped).
    assert list(get_type_hints(ExplainedIndividual)) == list(INDIVIDUAL_COLUMNS[1:])
    assert list(get_type_hints(ExplainedSurvey)) == list(SURVEY_COLUMNS[1:])
