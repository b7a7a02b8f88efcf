"""The shapes of what scoring explains: each leaf source's ``detail`` and ``explain_agency``.

Plain TypedDicts, so the dicts stay JSON-safe and byte-for-byte what they were, while mypy
checks every key a kernel writes and every key a reader (``views/``) reads: a key renamed here
fails type checking on both sides instead of showing '—' on a page.

Two layers per source where the round adds to what a kernel returns: the kernels in
:mod:`scoring.leaves` return the ``*Detail`` of their own inputs (``SurveyIndexDetail``,
``UsageRateDetail``, ``PeerDetail``), and :mod:`scoring.round_leaves` extends them with the
round's context (``SurveyDetail``, ``UsageDetail``, ``StaffingPeerDetail``,
``WorkloadPeerDetail``). :data:`LeafDetail` is what a scored round holds per leaf.

``NotRequired`` keys are written only on some paths: ``missing_reason`` only when the leaf is
missing; a tree node has the leaf keys or ``children``, never both.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypeAlias, TypedDict

__all__ = [
    "DeductDetail",
    "ExplainedIndividual",
    "ExplainedNode",
    "ExplainedSurvey",
    "Explanation",
    "ExternalDetail",
    "FindingDetail",
    "KeyTargetDetail",
    "LeafDetail",
    "MissingReasonCode",
    "PeerDetail",
    "SelfGapDetail",
    "StaffingPeerDetail",
    "SurveyDetail",
    "SurveyIndexDetail",
    "TeamDetail",
    "UsageDetail",
    "UsageRateDetail",
    "WeightsDetail",
    "WorkloadPeerDetail",
]

#: Every reason a leaf can be missing (``domain.vocab.MissingReason`` labels them).
MissingReasonCode: TypeAlias = Literal[
    "no_team_score",
    "no_ratings",
    "no_survey_index",
    "no_staffing",
    "no_own_value",
    "too_few_peers",
    "zero_median",
]


class TeamDetail(TypedDict):
    """``team``: the evaluation team's score (``None`` when it has not scored the leaf)."""

    team_score: float | None
    missing_reason: NotRequired[Literal["no_team_score"]]


class ExternalDetail(TypedDict):
    """``external[matters]``: ratings per matter and level, in the configured level order."""

    matters: list[str]
    n: int  # ratings counted over the listed matters
    counts: dict[str, dict[str, int]]  # matter → level → number of ratings
    rating_ids: dict[str, dict[str, list[Any]]]  # matter → level → rating ids, as given
    mean_value: float | None  # Σ n·value / n; None when n = 0
    missing_reason: NotRequired[Literal["no_ratings"]]


class SurveyIndexDetail(TypedDict):
    """What :func:`scoring.score_survey_leaf` writes: the satisfaction index used."""

    si: float | None
    missing_reason: NotRequired[Literal["no_survey_index"]]


class SurveyDetail(SurveyIndexDetail):
    """``survey[questionnaire]`` in a round: the index and the questionnaire's figures.

    With no answers at all: ``n`` 0, ``suppressed`` True and every other figure ``None``.
    """

    questionnaire: str
    n: int
    ci_low: float | None
    ci_high: float | None
    satisfaction_rate: float | None
    small_sample: bool | None
    suppressed: bool
    valid_answers: int | None


class FindingDetail(TypedDict):
    """One finding a ``deduct`` leaf counts."""

    finding_id: Any  # the id as given (a JSON-safe scalar)
    severity: str
    points: float  # the severity's points (``RoundConfig.severity_points``)


class DeductDetail(TypedDict):
    """``deduct``: the findings naming the leaf. Never missing (no finding is full marks)."""

    findings: list[FindingDetail]
    severity_points: float  # Σ points of the findings
    deducted: float  # what was actually taken off (the leaf floors at 0)
    floored: bool


class UsageRateDetail(TypedDict):
    """What :func:`scoring.score_usage` writes: post totals and the usage rate u."""

    authorized_total: float | None
    actual_total: float | None
    u: float | None
    missing_reason: NotRequired[Literal["no_staffing"]]


class UsageDetail(UsageRateDetail):
    """``computed[usage]`` in a round: the totals and posts by type code (xz/sy/gq)."""

    authorized: dict[str, float | None]
    actual: dict[str, float | None]


class PeerDetail(TypedDict):
    """What :func:`scoring.score_peer` writes: x against the median of the peer cities."""

    x: float | None
    peers: dict[str, float]  # city → value; cities without a value are left out
    n_peers: int
    median: float | None
    d: float | None  # |x / median − 1|
    missing_reason: NotRequired[Literal["no_own_value", "too_few_peers", "zero_median"]]


class StaffingPeerDetail(PeerDetail):
    """``computed[staffing-peer]``: x = authorized posts per 10k residents."""

    measure: Literal["authorized_per_10k"]
    authorized_total: float | None
    population: float | None


class WorkloadPeerDetail(PeerDetail):
    """``computed[workload-peer]``: x = workload per actual staff member."""

    measure: Literal["workload_per_staff"]
    metric: str | None
    workload: float | None
    actual_total: float | None


#: The detail of one leaf of a scored round (``RoundResult.leaves["detail"]``).
LeafDetail: TypeAlias = (
    TeamDetail
    | ExternalDetail
    | SurveyDetail
    | DeductDetail
    | UsageDetail
    | StaffingPeerDetail
    | WorkloadPeerDetail
)


class ExplainedNode(TypedDict):
    """A node of ``Explanation["tree"]``: leaves carry the leaf keys, inner nodes ``children``."""

    code: str
    name: str
    level: int
    points: float | None
    max_points: float
    present: bool
    share: float | None  # points / max_points when present
    # Leaves only:
    eval_point: NotRequired[str | None]
    source: NotRequired[str]  # e.g. "external[党建]", "computed[usage]"
    source_kind: NotRequired[str]  # one of scoring.SOURCE_KINDS
    team_score: NotRequired[float | None]
    self_score: NotRequired[float | None]
    note: NotRequired[str | None]
    detail: NotRequired[LeafDetail]
    # Inner nodes only:
    children: NotRequired[list[ExplainedNode]]


class WeightsDetail(TypedDict):
    common: float
    individual: float
    formula: Literal["wc*C+wi*X", "C"]  # "C" when the agency has no individual indicator


class SelfGapDetail(TypedDict):
    points: float | None
    share: float | None
    overrated: bool
    threshold: float


class KeyTargetDetail(TypedDict):
    flag: bool
    reasons: list[str]
    open_findings: int
    severe_findings: int


class ExplainedIndividual(TypedDict):
    """A row of ``scoring.INDIVIDUAL_COLUMNS`` without ``agency_id``."""

    code: str
    name: str
    weight: float
    eval_point: str | None
    score: float | None
    self_score: float | None
    present: bool
    weight_share: float | None


class ExplainedSurvey(TypedDict):
    """A row of ``scoring.SURVEY_COLUMNS`` without ``agency_id``."""

    questionnaire: str
    n: int
    si: float | None
    satisfaction_rate: float | None
    ci_low: float | None
    ci_high: float | None
    sd: float | None
    small_sample: bool
    suppressed: bool
    valid_answers: int
    item_scores: dict[str, float]
    counts: dict[str, int]


class Explanation(TypedDict):
    """What :func:`scoring.explain_agency` returns (JSON-safe: NaN is ``None``)."""

    agency_id: Any  # as given in RoundInputs.agencies
    name: str
    short_name: str | None
    agency_type: str
    nature: str | None
    composite: float | None
    common: float | None
    individual: float | None
    weights: WeightsDetail
    grade: str
    rank: int | None
    coverage: float
    min_coverage: float
    flags: list[str]
    self_gap: SelfGapDetail
    key_target: KeyTargetDetail
    subtotals: dict[str, float | None]  # source kind → points (None: no present leaf)
    deductions: float
    tree: ExplainedNode
    individual_indicators: list[ExplainedIndividual]
    surveys: list[ExplainedSurvey]
