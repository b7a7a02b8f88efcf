"""One agency's scored result, typed: ``scoring.explain_agency`` returns a nested dict typed
by ``scoring.details`` (TypedDicts); this module reads it once into frozen dataclasses (the
tree, and per leaf source a detail type), so a key renamed in scoring fails mypy here
instead of showing '—' on a page.

Each leaf's detail is cast to its source's TypedDict (``sd.ExternalDetail`` …) and read with
``[...]``: mypy checks every key, and at run time a KeyError names a missing one. Only keys
that scoring writes for some outcomes (``missing_reason``) are optional.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

import scoring.details as sd
from domain.vocab import ComputedRule, MissingReason, SourceKind
from scoring import RoundResult, explain_agency

__all__ = [
    "TeamDetail",
    "ExternalDetail",
    "SurveyDetail",
    "DeductedFinding",
    "DeductDetail",
    "UsageDetail",
    "PeerDetail",
    "LeafDetail",
    "Node",
    "IndividualRow",
    "SurveyFigures",
    "Explained",
    "explain",
]


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


@dataclass(frozen=True)
class TeamDetail:
    """``team``: the evaluation team's score (the self score is beside it, never counted)."""

    team_score: float | None
    self_score: float | None
    note: str | None


@dataclass(frozen=True)
class ExternalDetail:
    """``external[matters]``: ratings counted per matter and level; mean rating value."""

    matters: tuple[str, ...]
    n: int
    counts: Mapping[str, Mapping[str, int]]
    mean_value: float | None


@dataclass(frozen=True)
class SurveyDetail:
    """``survey[questionnaire]``: the questionnaire's figures for the agency."""

    questionnaire: str
    si: float | None
    n: int
    ci_low: float | None
    ci_high: float | None
    satisfaction_rate: float | None
    small_sample: bool
    suppressed: bool


@dataclass(frozen=True)
class DeductedFinding:
    finding_id: int
    severity: str
    points: float


@dataclass(frozen=True)
class DeductDetail:
    """``deduct``: the findings naming the leaf and their severity points."""

    findings: tuple[DeductedFinding, ...]
    severity_points: float
    deducted: float
    floored: bool


@dataclass(frozen=True)
class UsageDetail:
    """``computed[usage]``: posts by type code (xz/sy/gq) and the usage rate u."""

    authorized: Mapping[str, float | None]
    actual: Mapping[str, float | None]
    authorized_total: float | None
    actual_total: float | None
    u: float | None


@dataclass(frozen=True)
class PeerDetail:
    """``computed[staffing-peer]`` or ``computed[workload-peer]``: x against the peer median.
    ``population`` is the staffing comparison's, ``metric``/``workload`` the workload one's."""

    rule: ComputedRule
    x: float | None
    median: float | None
    d: float | None
    n_peers: int
    peers: Mapping[str, float]
    population: float | None = None
    metric: str | None = None
    workload: float | None = None


LeafDetail = TeamDetail | ExternalDetail | SurveyDetail | DeductDetail | UsageDetail | PeerDetail


@dataclass(frozen=True)
class Node:
    """A node of the explained tree. Leaves carry their source and typed detail."""

    code: str
    name: str
    level: int
    points: float | None
    max_points: float
    present: bool
    share: float | None
    children: tuple[Node, ...] = ()
    source: str | None = None
    source_kind: SourceKind | None = None
    eval_point: str | None = None
    team_score: float | None = None  # the team's and the self score may sit on any leaf
    self_score: float | None = None
    missing_reason: MissingReason | None = None
    detail: LeafDetail | None = None

    @property
    def is_leaf(self) -> bool:
        return self.detail is not None

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, code: str) -> Node | None:
        return next((n for n in self.walk() if n.code == code), None)


@dataclass(frozen=True)
class IndividualRow:
    code: str
    name: str
    weight: float
    weight_share: float | None
    score: float | None
    self_score: float | None
    present: bool


@dataclass(frozen=True)
class SurveyFigures:
    questionnaire: str
    n: int
    si: float | None
    satisfaction_rate: float | None
    ci_low: float | None
    ci_high: float | None
    small_sample: bool
    suppressed: bool


@dataclass(frozen=True)
class Explained:
    """One agency's result: composite down to every leaf (``scoring.explain_agency``)."""

    agency_id: int
    name: str
    short_name: str | None
    agency_type: str
    nature: str | None
    composite: float | None
    common: float | None
    individual: float | None
    weight_common: float
    weight_individual: float
    only_common: bool  # no individual indicator data: composite = C
    grade: str
    rank: int | None
    coverage: float
    min_coverage: float
    gap_points: float | None
    gap_share: float | None
    gap_threshold: float
    self_overrated: bool
    key_target: bool
    key_target_reasons: tuple[str, ...]
    tree: Node
    individual_rows: tuple[IndividualRow, ...]
    surveys: tuple[SurveyFigures, ...]

    def leaves(self) -> list[Node]:
        return [n for n in self.tree.walk() if n.is_leaf]


def _leaf_detail(node: sd.ExplainedNode) -> LeafDetail:
    kind, source, detail = SourceKind(node["source_kind"]), str(node["source"]), node["detail"]
    if kind == SourceKind.TEAM:
        return TeamDetail(_float(node["team_score"]), _float(node["self_score"]), node["note"])
    if kind == SourceKind.EXTERNAL:
        ext = cast(sd.ExternalDetail, detail)
        return ExternalDetail(
            tuple(ext["matters"]),
            int(ext["n"]),
            {m: {lv: int(k) for lv, k in by.items()} for m, by in ext["counts"].items()},
            _float(ext["mean_value"]),
        )
    if kind == SourceKind.SURVEY:
        survey = cast(sd.SurveyDetail, detail)
        return SurveyDetail(
            str(survey["questionnaire"]),
            _float(survey["si"]),
            int(survey["n"] or 0),
            _float(survey["ci_low"]),
            _float(survey["ci_high"]),
            _float(survey["satisfaction_rate"]),
            bool(survey["small_sample"]),
            bool(survey["suppressed"]),
        )
    if kind == SourceKind.DEDUCT:
        deduct = cast(sd.DeductDetail, detail)
        return DeductDetail(
            tuple(
                DeductedFinding(int(f["finding_id"]), str(f["severity"]), float(f["points"]))
                for f in deduct["findings"]
            ),
            float(deduct["severity_points"]),
            float(deduct["deducted"]),
            bool(deduct["floored"]),
        )
    rule = ComputedRule(source.removeprefix("computed[").removesuffix("]"))
    if rule == ComputedRule.USAGE:
        usage = cast(sd.UsageDetail, detail)
        return UsageDetail(
            dict(usage["authorized"]),
            dict(usage["actual"]),
            _float(usage["authorized_total"]),
            _float(usage["actual_total"]),
            _float(usage["u"]),
        )
    if rule == ComputedRule.STAFFING_PEER:
        staffing = cast(sd.StaffingPeerDetail, detail)
        return PeerDetail(
            rule,
            *_peer_figures(staffing),
            population=_float(staffing["population"]),
        )
    workload = cast(sd.WorkloadPeerDetail, detail)
    return PeerDetail(
        rule,
        *_peer_figures(workload),
        metric=workload["metric"],
        workload=_float(workload["workload"]),
    )


def _peer_figures(
    d: sd.PeerDetail,
) -> tuple[float | None, float | None, float | None, int, dict[str, float]]:
    """x, median, d, n_peers and peers: what both peer comparisons write."""
    peers = {str(c): float(v) for c, v in d["peers"].items()}
    return _float(d["x"]), _float(d["median"]), _float(d["d"]), int(d["n_peers"]), peers


# Every detail that can say why its leaf is missing (a deduct leaf never is).
_MaybeMissing = (
    sd.TeamDetail | sd.ExternalDetail | sd.SurveyIndexDetail | sd.UsageRateDetail | sd.PeerDetail
)


def _missing_reason(node: sd.ExplainedNode) -> MissingReason | None:
    """Why the leaf has no points; scoring writes the key only when it is missing."""
    if SourceKind(node["source_kind"]) == SourceKind.DEDUCT:
        return None
    detail = cast(_MaybeMissing, node["detail"])
    return MissingReason(detail["missing_reason"]) if "missing_reason" in detail else None


def _node(raw: sd.ExplainedNode) -> Node:
    code, name, level = str(raw["code"]), str(raw["name"]), int(raw["level"])
    points, top, present = _float(raw["points"]), float(raw["max_points"]), bool(raw["present"])
    share = _float(raw["share"])
    if "children" in raw:
        return Node(
            code,
            name,
            level,
            points,
            top,
            present,
            share,
            children=tuple(_node(c) for c in raw["children"]),
        )
    return Node(
        code,
        name,
        level,
        points,
        top,
        present,
        share,
        source=str(raw["source"]),
        source_kind=SourceKind(raw["source_kind"]),
        eval_point=raw["eval_point"],
        team_score=_float(raw["team_score"]),
        self_score=_float(raw["self_score"]),
        missing_reason=_missing_reason(raw),
        detail=_leaf_detail(raw),
    )


def explain(result: RoundResult, agency_id: int) -> Explained:
    """The typed explanation of ``agency_id`` in ``result``; KeyError when it is not there."""
    ex = explain_agency(result, agency_id)
    w, gap, target = ex["weights"], ex["self_gap"], ex["key_target"]
    return Explained(
        agency_id=int(ex["agency_id"]),
        name=str(ex["name"]),
        short_name=ex["short_name"],
        agency_type=str(ex["agency_type"]),
        nature=ex["nature"],
        composite=_float(ex["composite"]),
        common=_float(ex["common"]),
        individual=_float(ex["individual"]),
        weight_common=float(w["common"]),
        weight_individual=float(w["individual"]),
        only_common=w["formula"] == "C",
        grade=str(ex["grade"]),
        rank=None if ex["rank"] is None else int(ex["rank"]),
        coverage=float(ex["coverage"]),
        min_coverage=float(ex["min_coverage"]),
        gap_points=_float(gap["points"]),
        gap_share=_float(gap["share"]),
        gap_threshold=float(gap["threshold"]),
        self_overrated=bool(gap["overrated"]),
        key_target=bool(target["flag"]),
        key_target_reasons=tuple(target["reasons"]),
        tree=_node(ex["tree"]),
        individual_rows=tuple(
            IndividualRow(
                str(r["code"]),
                str(r["name"]),
                float(r["weight"]),
                _float(r["weight_share"]),
                _float(r["score"]),
                _float(r["self_score"]),
                bool(r["present"]),
            )
            for r in ex["individual_indicators"]
        ),
        surveys=tuple(
            SurveyFigures(
                str(s["questionnaire"]),
                int(s["n"] or 0),
                _float(s["si"]),
                _float(s["satisfaction_rate"]),
                _float(s["ci_low"]),
                _float(s["ci_high"]),
                bool(s["small_sample"]),
                bool(s["suppressed"]),
            )
            for s in ex["surveys"]
        ),
    )
