"""Scoring a whole evaluation round: leaves → tree → C, X → composite, grade, rank, flags."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scoring.aggregate import aggregate_matrix, nodes_frame
from scoring.config import RoundConfig
from scoring.grading import combine_composite, grade_composites, rank_composites
from scoring.individual import score_individual
from scoring.oversight import flag_key_targets, measure_self_gap
from scoring.round_leaves import LeafMatrices, score_round_leaves
from scoring.tree import DEFAULT_COMMON_TREE, TREE_COLUMNS, IndicatorTree, build_tree

__all__ = [
    "FLAG_ORDER",
    "INPUT_COLUMNS",
    "LEAF_COLUMNS",
    "SOURCE_KINDS",
    "SUMMARY_COLUMNS",
    "RoundInputs",
    "RoundResult",
    "score_round",
]

INPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies": ("agency_id", "name", "short_name", "agency_type", "nature"),
    "tree": TREE_COLUMNS,
    "team_scores": ("agency_id", "code", "team_score", "self_score", "note"),
    "individual_indicators": ("agency_type", "code", "name", "weight", "eval_point"),
    "individual_scores": ("agency_id", "code", "team_score", "self_score"),
    "ratings": ("rating_id", "agency_id", "rater", "matter", "rating"),
    "survey_answers": ("agency_id", "questionnaire", "response_id", "item", "answer"),
    "findings": (
        "finding_id",
        "agency_id",
        "indicator_code",
        "severity",
        "category",
        "source",
        "is_open",
        "in_ledger",
        "year",
    ),
    "staffing": (
        "agency_id",
        "authorized_xz",
        "authorized_sy",
        "authorized_gq",
        "actual_xz",
        "actual_sy",
        "actual_gq",
    ),
    "workload": ("agency_id", "metric", "value"),
    "peers": ("city", "agency_type", "authorized_total", "actual_total", "workload", "population"),
}
# Columns a caller may leave out; they are added as empty.
_OPTIONAL = {
    "short_name",
    "nature",
    "note",
    "self_score",
    "eval_point",
    "rater",
    "category",
    "source",
    "is_open",
    "in_ledger",
    "year",
    "metric",
}

SOURCE_KINDS = ("team", "external", "survey", "computed", "deduct")
LEAF_COLUMNS = (
    "agency_id",
    "code",
    "source_kind",
    "source",
    "points",
    "max_points",
    "present",
    "team_score",
    "self_score",
    "note",
    "detail",
)
SUMMARY_COLUMNS = (
    "agency_id",
    "name",
    "short_name",
    "agency_type",
    "nature",
    "common",
    "individual",
    "composite",
    "grade",
    "rank",
    "coverage",
    "self_gap_points",
    "self_gap_share",
    "self_overrated",
    "key_target",
    "open_findings",
    "flags",
    *(f"subtotal_{k}" for k in SOURCE_KINDS),
    "deductions",
    "severe_findings",
    "key_target_reasons",
)
FLAG_ORDER = ("self_overrated", "key_target", "insufficient_data", "no_individual")


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(INPUT_COLUMNS[name]))


@dataclass
class RoundInputs:
    """Everything one round is scored from; each frame may be empty but has its columns.

    - ``agencies``: agency_id, name, short_name, agency_type, nature
    - ``tree``: the common tree table (``TREE_COLUMNS``; default DEFAULT_COMMON_TREE)
    - ``team_scores``: agency_id, code, team_score, self_score, note — common-tree leaves;
      team_score gives the points of ``team`` leaves; a self_score may sit on any leaf
    - ``individual_indicators``: agency_type, code, name, weight, eval_point
    - ``individual_scores``: agency_id, code, team_score (0–100), self_score
    - ``ratings``: rating_id, agency_id, rater, matter, rating (好/较好/一般)
    - ``survey_answers``: agency_id, questionnaire, response_id, item, answer — accepted
      responses only, long form
    - ``survey_aggregates``: instead of ``survey_answers``, the two tables of
      :func:`scoring.surveys.score_survey_aggregates` (item counts, respondents) — the same
      figures from far fewer rows (a database computes them with GROUP BY)
    - ``findings``: finding_id, agency_id, indicator_code, severity, category, source,
      is_open, in_ledger, year — the round's findings
    - ``staffing``: agency_id, authorized_xz/_sy/_gq, actual_xz/_sy/_gq (round year; at most
      one row per agency)
    - ``workload``: agency_id, metric, value — the primary metric of the agency's type for
      the round year, at most one row per agency
    - ``peers``: city, agency_type, authorized_total, actual_total, workload, population
      (10k residents) — the same agency types in the other cities, round year
    - ``home_population``: the home city's resident population (10k), round year
    """

    agencies: pd.DataFrame = field(default_factory=lambda: _empty("agencies"))
    tree: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(DEFAULT_COMMON_TREE))
    team_scores: pd.DataFrame = field(default_factory=lambda: _empty("team_scores"))
    individual_indicators: pd.DataFrame = field(
        default_factory=lambda: _empty("individual_indicators")
    )
    individual_scores: pd.DataFrame = field(default_factory=lambda: _empty("individual_scores"))
    ratings: pd.DataFrame = field(default_factory=lambda: _empty("ratings"))
    survey_answers: pd.DataFrame = field(default_factory=lambda: _empty("survey_answers"))
    survey_aggregates: tuple[pd.DataFrame, pd.DataFrame] | None = None
    findings: pd.DataFrame = field(default_factory=lambda: _empty("findings"))
    staffing: pd.DataFrame = field(default_factory=lambda: _empty("staffing"))
    workload: pd.DataFrame = field(default_factory=lambda: _empty("workload"))
    peers: pd.DataFrame = field(default_factory=lambda: _empty("peers"))
    home_population: float = math.nan


@dataclass(frozen=True)
class RoundResult:
    """The scored round. Column lists: ``SUMMARY_COLUMNS``, ``aggregate.NODE_COLUMNS``,
    ``LEAF_COLUMNS``, ``individual.INDIVIDUAL_COLUMNS``, ``surveys.SURVEY_COLUMNS``."""

    summary: pd.DataFrame
    nodes: pd.DataFrame
    leaves: pd.DataFrame
    individual: pd.DataFrame
    surveys: pd.DataFrame
    config: RoundConfig
    tree: IndicatorTree


def _frame(inputs: RoundInputs, name: str) -> pd.DataFrame:
    """One input frame with every expected column (optional ones added empty; the caller's
    frame is never written to)."""
    df = getattr(inputs, name)
    missing = [c for c in INPUT_COLUMNS[name] if c not in df.columns]
    required = [c for c in missing if c not in _OPTIONAL]
    if required:
        raise ValueError(f"RoundInputs.{name} lacks columns {required}")
    return df.assign(**{c: None for c in missing}) if missing else df


def _agencies(inputs: RoundInputs) -> pd.DataFrame:
    agencies = _frame(inputs, "agencies")
    if agencies["agency_id"].isna().any():
        raise ValueError("RoundInputs.agencies: an agency has no agency_id")
    dup = agencies["agency_id"].duplicated()
    if dup.any():
        raise ValueError(
            f"RoundInputs.agencies: duplicate agency_id "
            f"{agencies.loc[dup, 'agency_id'].to_numpy(dtype=object)[0]!r}"
        )
    # Sorting first makes every output independent of the callers' row order.
    return agencies.sort_values("agency_id", kind="stable").reset_index(drop=True)


def _leaves_frame(ids: pd.Index, tree: IndicatorTree, m: LeafMatrices) -> pd.DataFrame:
    leaf_codes = tree.leaves()
    n_agencies, n_leaves = m.points.shape
    sources = [tree.leaf_source(c) for c in leaf_codes]
    flat_points = m.points.reshape(-1)
    return pd.DataFrame(
        {
            "agency_id": ids.repeat(n_leaves),
            # Agency-major order: each agency's leaves in tree order, as in the matrices.
            "code": leaf_codes * n_agencies,
            "source_kind": [s.kind for s in sources] * n_agencies,
            "source": [str(s) for s in sources] * n_agencies,
            "points": flat_points,
            "max_points": np.tile(np.array([tree.max_points(c) for c in leaf_codes]), n_agencies),
            "present": ~np.isnan(flat_points),
            "team_score": m.team_score.reshape(-1),
            "self_score": m.self_score.reshape(-1),
            "note": [note for row in m.notes for note in row],
            "detail": [detail for row in m.details for detail in row],
        },
        columns=list(LEAF_COLUMNS),
    )


def _subtotals(m: LeafMatrices, tree: IndicatorTree) -> dict[str, np.ndarray]:
    kinds = np.array([tree.leaf_source(c).kind for c in tree.leaves()])
    out = {}
    for kind in SOURCE_KINDS:
        block = m.points[:, kinds == kind]
        present = ~np.isnan(block)
        # NaN when the agency has no present leaf of this kind (nothing to add up).
        out[f"subtotal_{kind}"] = np.where(
            present.any(axis=1), np.where(present, block, 0.0).sum(axis=1), np.nan
        )
    return out


def score_round(inputs: RoundInputs, config: RoundConfig | None = None) -> RoundResult:
    """Score every agency of a round (DOMAIN §4); inputs are never modified.

    C = root points of the common tree (re-scaled over missing leaves); X = weighted mean of
    present individual indicators; composite = wc·C + wi·X (C alone without X); a grade
    and a rank need coverage ≥ ``min_coverage``. Agencies come out sorted by ``agency_id``.
    """
    config = config or RoundConfig()
    tree = build_tree(inputs.tree)
    agencies = _agencies(inputs)
    ids = pd.Index(agencies["agency_id"])
    frames = {
        name: _frame(inputs, name)
        for name in (
            "team_scores",
            "ratings",
            "survey_answers",
            "findings",
            "staffing",
            "workload",
            "peers",
        )
    }
    if inputs.survey_aggregates is not None:
        frames["survey_item_counts"], frames["survey_respondents"] = inputs.survey_aggregates
    m = score_round_leaves(
        frames,
        inputs.home_population,
        ids,
        agencies["agency_type"].to_numpy(dtype=object).tolist(),
        tree,
        config,
    )
    leaves = _leaves_frame(ids, tree, m)
    node_points = aggregate_matrix(m.points, tree)
    nodes = nodes_frame(ids, node_points, tree)
    leaf_max = np.array([tree.max_points(c) for c in tree.leaves()])
    coverage = pd.Series((~np.isnan(m.points)) @ leaf_max / tree.root_max, index=ids)

    individual, x = score_individual(
        agencies, _frame(inputs, "individual_indicators"), _frame(inputs, "individual_scores")
    )
    common = pd.Series(node_points[:, 0], index=ids, name="common")
    x = x.reindex(ids).astype(float)
    composite = combine_composite(common, x, config)
    grade = grade_composites(composite, coverage, config)
    graded = grade != config.insufficient_label
    gap = measure_self_gap(leaves, ids, config)
    targets = flag_key_targets(frames["findings"], composite, config)

    flags = np.column_stack(
        [
            gap["self_overrated"].to_numpy(bool),
            targets["key_target"].to_numpy(bool),
            ~graded.to_numpy(bool),
            x.isna().to_numpy(bool),
        ]
    )
    columns: dict[str, Any] = {
        "agency_id": ids,
        **{
            c: agencies[c].to_numpy(dtype=object)
            for c in ("name", "short_name", "agency_type", "nature")
        },
        "common": common.to_numpy(),
        "individual": x.to_numpy(),
        "composite": composite.to_numpy(),
        "grade": grade.to_numpy(),
        "rank": rank_composites(composite, graded).array,
        "coverage": coverage.to_numpy(),
        **{c: gap[c].to_numpy() for c in gap.columns},
        **{c: targets[c].to_numpy() for c in targets.columns},
        "flags": [";".join(f for f, on in zip(FLAG_ORDER, row) if on) for row in flags],
        **_subtotals(m, tree),
        "deductions": m.deducted,
    }
    summary = pd.DataFrame(columns, columns=list(SUMMARY_COLUMNS))
    return RoundResult(
        summary=summary,
        nodes=nodes,
        leaves=leaves,
        individual=individual,
        surveys=m.surveys,
        config=config,
        tree=tree,
    )
