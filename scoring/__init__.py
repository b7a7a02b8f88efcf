"""Pure scoring for the staffing-evaluation dashboard (DOMAIN §3–§5).

Functions on DataFrames and plain values only: no Streamlit, no database, no files.
"""

from __future__ import annotations

from scoring.aggregate import (
    NODE_COLUMNS,
    aggregate_matrix,
    aggregate_points,
    coverage_of,
    nodes_frame,
)
from scoring.config import RoundConfig
from scoring.engine import (
    FLAG_ORDER,
    INPUT_COLUMNS,
    LEAF_COLUMNS,
    SOURCE_KINDS,
    SUMMARY_COLUMNS,
    RoundInputs,
    RoundResult,
    score_round,
)
from scoring.explain import explain_agency, to_plain
from scoring.grading import combine_composite, grade_composites, rank_composites
from scoring.individual import INDIVIDUAL_COLUMNS, score_individual
from scoring.leaves import (
    LeafScore,
    score_deduct,
    score_external,
    score_external_groups,
    score_peer,
    score_survey_leaf,
    score_team,
    score_usage,
)
from scoring.oversight import (
    KEY_TARGET_REASONS,
    assessment_deduction,
    flag_key_targets,
    measure_self_gap,
)
from scoring.rounding import round_half_up
from scoring.sensitivity import rank_sensitivity, summarise_sensitivity
from scoring.surveys import (
    SURVEY_COLUMNS,
    ScreenResult,
    SurveyFigures,
    score_survey,
    score_surveys,
    screen_submissions,
)
from scoring.tree import (
    DEFAULT_COMMON_TREE,
    DEFAULT_INDIVIDUAL_INDICATORS,
    DEFAULT_PRIMARY_WORKLOAD,
    ROOT_CODE,
    ROOT_NAME,
    TREE_COLUMNS,
    IndicatorTree,
    LeafSource,
    TreeError,
    build_tree,
    parse_source,
)

__all__ = [
    "DEFAULT_COMMON_TREE",
    "DEFAULT_INDIVIDUAL_INDICATORS",
    "DEFAULT_PRIMARY_WORKLOAD",
    "FLAG_ORDER",
    "INDIVIDUAL_COLUMNS",
    "INPUT_COLUMNS",
    "KEY_TARGET_REASONS",
    "LEAF_COLUMNS",
    "NODE_COLUMNS",
    "ROOT_CODE",
    "ROOT_NAME",
    "SOURCE_KINDS",
    "SUMMARY_COLUMNS",
    "SURVEY_COLUMNS",
    "TREE_COLUMNS",
    "IndicatorTree",
    "LeafScore",
    "LeafSource",
    "RoundConfig",
    "RoundInputs",
    "RoundResult",
    "ScreenResult",
    "SurveyFigures",
    "TreeError",
    "aggregate_matrix",
    "aggregate_points",
    "assessment_deduction",
    "build_tree",
    "combine_composite",
    "coverage_of",
    "explain_agency",
    "flag_key_targets",
    "grade_composites",
    "measure_self_gap",
    "nodes_frame",
    "parse_source",
    "rank_composites",
    "rank_sensitivity",
    "round_half_up",
    "score_deduct",
    "score_external",
    "score_external_groups",
    "score_individual",
    "score_peer",
    "score_round",
    "score_survey",
    "score_survey_leaf",
    "score_surveys",
    "score_team",
    "score_usage",
    "screen_submissions",
    "summarise_sensitivity",
    "to_plain",
]
