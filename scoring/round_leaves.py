"""Leaf points for every agency of a round: inputs grouped once, then one kernel call per leaf.

Internal to :mod:`scoring.engine`; the formulas live in :mod:`scoring.leaves`, the detail
each leaf source writes is typed in :mod:`scoring.details`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from scoring.config import RoundConfig
from scoring.details import (
    LeafDetail,
    StaffingPeerDetail,
    SurveyDetail,
    UsageDetail,
    WorkloadPeerDetail,
)
from scoring.leaves import (
    LeafScore,
    score_deduct,
    score_external_groups,
    score_peer,
    score_survey_leaf,
    score_team,
    score_usage,
)
from scoring.surveys import score_survey_aggregates, score_surveys
from scoring.tree import IndicatorTree

__all__ = ["LeafMatrices", "score_round_leaves"]

_POST_TYPES = ("xz", "sy", "gq")
_SURVEY_DETAIL = (
    "n",
    "ci_low",
    "ci_high",
    "satisfaction_rate",
    "small_sample",
    "suppressed",
    "valid_answers",
)


@dataclass(frozen=True)
class LeafMatrices:
    """Per agency (rows, in ``agency_ids`` order) × leaf (columns, ``tree.leaves()`` order)."""

    points: np.ndarray
    team_score: np.ndarray
    self_score: np.ndarray
    notes: list[list[Any]]
    details: list[list[LeafDetail]]
    deducted: np.ndarray  # points actually taken off by deduct leaves, per agency
    surveys: pd.DataFrame


def _objects(series: pd.Series) -> list[Any]:
    # An object ndarray's tolist() avoids the slow element-wise iteration of Arrow strings.
    return series.to_numpy(dtype=object).tolist()


def _num(value: Any) -> float:
    try:
        return math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan


_T = TypeVar("_T")


def _nan_to_none(value: _T) -> _T | None:
    """NaN (a blank input) becomes None, as every detail writes it."""
    return None if isinstance(value, float) and math.isnan(value) else value


def _ratio(numerator: Any, denominator: Any) -> float:
    top, bottom = _num(numerator), _num(denominator)
    return top / bottom if bottom > 0 and not math.isnan(top) else math.nan


def _sum_posts(row: dict[str, Any] | None, prefix: str) -> tuple[float, dict[str, float | None]]:
    """Σ of the three post types; a blank type counts 0, all three blank → NaN."""
    if row is None:
        return math.nan, {}
    by_type = {t: _num(row.get(f"{prefix}_{t}")) for t in _POST_TYPES}
    known = [v for v in by_type.values() if not math.isnan(v)]
    return (math.fsum(known) if known else math.nan), {
        t: (None if math.isnan(v) else v) for t, v in by_type.items()
    }


def _one_row_each(df: pd.DataFrame, ids: pd.Index, name: str) -> dict[Any, dict[str, Any]]:
    df = df[df["agency_id"].isin(ids)]
    dup = df["agency_id"].duplicated()
    if dup.any():
        raise ValueError(
            f"RoundInputs.{name}: more than one row for agency "
            f"{df.loc[dup, 'agency_id'].to_numpy(dtype=object)[0]!r}"
        )
    columns = {c: _objects(df[c]) for c in df.columns}
    return {a: {c: v[i] for c, v in columns.items()} for i, a in enumerate(columns["agency_id"])}


def _group_ratings(
    ratings: pd.DataFrame, ids: pd.Index
) -> dict[tuple[int, str], dict[str, list[Any]]]:
    """(agency row, matter) → level → rating ids (sorted), without a per-row Python loop."""
    rows = ids.get_indexer(ratings["agency_id"])
    level_code, level_index = pd.factorize(ratings["rating"])
    matter_code, matter_index = pd.factorize(ratings["matter"])
    # Strip the few distinct texts, not every cell; plain lists index faster than an Index.
    levels = [str(v).strip() for v in level_index]
    matters = [str(v).strip() for v in matter_index]
    n_levels, n_matters = max(len(levels), 1), max(len(matters), 1)
    keep = (rows >= 0) & (level_code >= 0) & (matter_code >= 0)
    key = ((rows.astype(np.int64) * n_matters + matter_code) * n_levels + level_code)[keep]
    order = np.argsort(key, kind="stable")
    key = key[order]
    id_list = ratings["rating_id"].to_numpy(dtype=object)[keep][order].tolist()
    out: dict[tuple[int, str], dict[str, list[Any]]] = {}
    if not len(key):
        return out
    bounds = np.flatnonzero(np.diff(key)) + 1
    starts, ends = np.r_[0, bounds].tolist(), np.r_[bounds, len(key)].tolist()
    for chunk_key, start, end in zip(key[starts].tolist(), starts, ends):
        agency_matter, level = divmod(chunk_key, n_levels)
        agency_row, matter = divmod(agency_matter, n_matters)
        group = out.setdefault((agency_row, matters[matter]), {})
        group.setdefault(levels[level], []).extend(id_list[start:end])
    # Sorted ids make the detail independent of the input's row order.
    for group in out.values():
        for level_ids in group.values():
            level_ids.sort()
    return out


class _Context:
    """Inputs pre-grouped once per round so each leaf kernel gets small plain values."""

    def __init__(
        self,
        frames: dict[str, pd.DataFrame],
        home_population: float,
        ids: pd.Index,
        config: RoundConfig,
    ) -> None:
        self.ratings = _group_ratings(frames["ratings"], ids)
        findings = frames["findings"]
        findings = findings[findings["agency_id"].isin(ids)].sort_values("finding_id")
        self.findings: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
        for fid, agency, code, severity in zip(
            *(
                _objects(findings[c])
                for c in ("finding_id", "agency_id", "indicator_code", "severity")
            )
        ):
            self.findings.setdefault((agency, code), []).append(
                {"finding_id": fid, "severity": severity}
            )
        if "survey_respondents" in frames:
            counts, respondents = frames["survey_item_counts"], frames["survey_respondents"]
            self.surveys = score_survey_aggregates(
                counts[counts["agency_id"].isin(ids)],
                respondents[respondents["agency_id"].isin(ids)],
                config,
            )
        else:
            answers = frames["survey_answers"]
            self.surveys = score_surveys(answers[answers["agency_id"].isin(ids)], config)
        columns = {
            c: _objects(self.surveys[c])
            for c in ("agency_id", "questionnaire", "si", *_SURVEY_DETAIL)
        }
        self.survey_rows = {
            (a, q): {c: v[i] for c, v in columns.items()}
            for i, (a, q) in enumerate(zip(columns["agency_id"], columns["questionnaire"]))
        }
        # Post totals once per agency: three computed leaves read them.
        self.posts = {
            agency: (_sum_posts(row, "authorized"), _sum_posts(row, "actual"))
            for agency, row in _one_row_each(frames["staffing"], ids, "staffing").items()
        }
        self.workload = _one_row_each(frames["workload"], ids, "workload")
        peers = frames["peers"]
        if peers[["agency_type", "city"]].duplicated().any():
            raise ValueError("RoundInputs.peers: more than one row for a city and agency type")
        # Peer values per agency type, computed once: staffing per 10k residents and workload
        # per actual staff member. A city lacking either figure is left out, and so is a city
        # with no posts: 0 posts is a count never reported, not a peer at x = 0 (issue 10).
        self.peer_values: dict[tuple[Any, str], dict[str, float]] = {}
        for city, agency_type, authorized, actual, work, population in zip(
            *(
                _objects(peers[c])
                for c in (
                    "city",
                    "agency_type",
                    "authorized_total",
                    "actual_total",
                    "workload",
                    "population",
                )
            )
        ):
            self.peer_values.setdefault((agency_type, "staffing-peer"), {})[city] = _ratio(
                authorized if _num(authorized) > 0 else math.nan, population
            )
            self.peer_values.setdefault((agency_type, "workload-peer"), {})[city] = _ratio(
                work, actual
            )
        self.home_population = _num(home_population)


def _score_computed(
    kind: str, agency_id: Any, agency_type: Any, top: float, ctx: _Context, config: RoundConfig
) -> LeafScore[UsageDetail | StaffingPeerDetail | WorkloadPeerDetail]:
    no_posts: tuple[float, dict[str, float | None]] = (math.nan, {})
    (authorized, auth_by_type), (actual, actual_by_type) = ctx.posts.get(
        agency_id, (no_posts, no_posts)
    )
    values = ctx.peer_values.get((agency_type, kind), {})
    if kind == "usage":
        points, rate = score_usage(authorized, actual, top, config)
        usage: UsageDetail = {**rate, "authorized": auth_by_type, "actual": actual_by_type}
        return LeafScore(points, usage)
    if kind == "staffing-peer":
        points, peer = score_peer(_ratio(authorized, ctx.home_population), values, top, config)
        staffing: StaffingPeerDetail = {
            **peer,
            "measure": "authorized_per_10k",
            "authorized_total": _nan_to_none(authorized),
            "population": _nan_to_none(ctx.home_population),
        }
        return LeafScore(points, staffing)
    # workload-peer
    work = ctx.workload.get(agency_id, {})
    points, peer = score_peer(_ratio(work.get("value"), actual), values, top, config)
    workload: WorkloadPeerDetail = {
        **peer,
        "measure": "workload_per_staff",
        "metric": _nan_to_none(work.get("metric")),
        "workload": _nan_to_none(_num(work.get("value"))),
        "actual_total": _nan_to_none(actual),
    }
    return LeafScore(points, workload)


def _score_survey(
    agency_id: Any, questionnaire: str, top: float, ctx: _Context
) -> LeafScore[SurveyDetail]:
    figures = ctx.survey_rows.get((agency_id, questionnaire))
    points, index = score_survey_leaf(figures["si"] if figures else None, top)
    f: dict[str, Any]
    if figures is None:  # no answers at all: n 0 and suppressed, every other figure None
        f = {**dict.fromkeys(_SURVEY_DETAIL), "n": 0, "suppressed": True}
    else:
        f = {k: _nan_to_none(figures[k]) for k in _SURVEY_DETAIL}
    detail: SurveyDetail = {
        **index,
        "questionnaire": questionnaire,
        "n": f["n"],
        "ci_low": f["ci_low"],
        "ci_high": f["ci_high"],
        "satisfaction_rate": f["satisfaction_rate"],
        "small_sample": f["small_sample"],
        "suppressed": f["suppressed"],
        "valid_answers": f["valid_answers"],
    }
    return LeafScore(points, detail)


def _team_matrices(
    team_scores: pd.DataFrame, ids: pd.Index, leaves: pd.Index
) -> tuple[np.ndarray, np.ndarray, list[list[Any]]]:
    """team_score, self_score and note as agency × leaf matrices (rows for other codes or
    agencies are ignored; two rows for one agency and leaf raise)."""
    rows = ids.get_indexer(team_scores["agency_id"])
    cols = leaves.get_indexer(team_scores["code"])
    keep = (rows >= 0) & (cols >= 0)
    rows, cols = rows[keep], cols[keep]
    cells = rows * len(leaves) + cols
    unique, counts = np.unique(cells, return_counts=True)
    if (counts > 1).any():
        cell = unique[counts > 1][0]
        raise ValueError(
            f"RoundInputs.team_scores: two rows for agency "
            f"{ids.to_numpy(dtype=object)[cell // len(leaves)]!r}, "
            f"indicator {leaves[cell % len(leaves)]!r}"
        )
    shape = (len(ids), len(leaves))
    team, own = np.full(shape, np.nan), np.full(shape, np.nan)
    team[rows, cols] = pd.to_numeric(team_scores["team_score"][keep]).to_numpy(
        float, na_value=np.nan
    )
    own[rows, cols] = pd.to_numeric(team_scores["self_score"][keep]).to_numpy(
        float, na_value=np.nan
    )
    notes: list[list[Any]] = [[None] * len(leaves) for _ in range(len(ids))]
    for r, c, note in zip(rows.tolist(), cols.tolist(), _objects(team_scores["note"][keep])):
        notes[r][c] = None if isinstance(note, float) and math.isnan(note) else note
    return team, own, notes


def score_round_leaves(
    frames: dict[str, pd.DataFrame],
    home_population: float,
    agency_ids: pd.Index,
    agency_types: Sequence[Any],
    tree: IndicatorTree,
    config: RoundConfig,
) -> LeafMatrices:
    """Points and detail of every leaf for every agency (see ``scoring.engine.RoundInputs``)."""
    leaves = pd.Index(tree.leaves())
    ctx = _Context(frames, home_population, agency_ids, config)
    team, own, notes = _team_matrices(frames["team_scores"], agency_ids, leaves)
    points = np.full((len(agency_ids), len(leaves)), np.nan)
    # Filled leaf by leaf, so row i ends up in tree.leaves() order.
    details: list[list[LeafDetail]] = [[] for _ in range(len(agency_ids))]
    deducted = np.zeros(len(agency_ids))
    for j, code in enumerate(leaves):
        source = tree.leaf_source(code)
        top = tree.max_points(code)
        for i, (agency_id, agency_type) in enumerate(zip(agency_ids, agency_types)):
            result: LeafScore[LeafDetail]
            try:
                if source.kind == "team":
                    result = score_team(team[i, j], top)
                elif source.kind == "external":
                    rows = {m: ctx.ratings.get((i, m), {}) for m in source.args}
                    result = score_external_groups(rows, source.args, top, config)
                elif source.kind == "deduct":
                    deduct = score_deduct(ctx.findings.get((agency_id, code), []), top, config)
                    deducted[i] += deduct.detail["deducted"]
                    result = deduct
                elif source.kind == "survey":
                    result = _score_survey(agency_id, source.args[0], top, ctx)
                else:
                    result = _score_computed(
                        source.args[0], agency_id, agency_type, top, ctx, config
                    )
            except ValueError as exc:
                raise ValueError(f"agency {agency_id!r}, indicator {code!r}: {exc}") from None
            if result.points is not None:
                points[i, j] = result.points
            details[i].append(result.detail)
    return LeafMatrices(
        points=points,
        team_score=team,
        self_score=own,
        notes=notes,
        details=details,
        deducted=deducted,
        surveys=ctx.surveys,
    )
