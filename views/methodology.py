"""方法说明 Methodology as a view model: every text parameter and table of the page, generated
from the round's own ``RoundConfig`` and indicator tree (so a changed weight, threshold or
mapping shows at once), in one language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.leadership_queries import individual_indicator_table
from data_access.names_queries import indicator_names
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import MISSING, joined, num, pct_number
from domain.vocab import (
    Answer,
    ComputedRule,
    Grade,
    Lang,
    Matter,
    Questionnaire,
    Rating,
    RoundStatus,
    Severity,
    SourceKind,
    Term,
    grade_label,
    term_label,
)
from scoring import ROOT_CODE, IndicatorTree, LeafSource, RoundConfig
from views.common import Column, Table
from views.names import Names, load_names

__all__ = [
    "MethodologyModel",
    "build_methodology",
    "source_label",
    "tree_table",
    "config_differences",
    "PARAM_TEXT",
]

#: RoundConfig fields → the text naming them in the table of differences from the defaults.
PARAM_TEXT: dict[str, str] = {
    "rating_values": "md_p_rating_values",
    "severity_points": "md_p_severity_points",
    "answer_values": "md_p_answer_values",
    "satisfied_answers": "md_p_satisfied_answers",
    "item_weights": "md_p_item_weights",
    "weight_common": "md_p_weight_common",
    "weight_individual": "md_p_weight_individual",
    "grade_bands": "md_p_grade_bands",
    "lowest_grade": "md_p_lowest_grade",
    "insufficient_label": "md_p_insufficient_label",
    "min_coverage": "md_p_min_coverage",
    "gap_flag_share": "md_p_gap_flag_share",
    "key_target_severity": "md_p_key_target_severity",
    "key_target_open_findings": "md_p_key_target_open_findings",
    "key_target_composite_below": "md_p_key_target_composite_below",
    "survey_min_n": "md_p_survey_min_n",
    "survey_small_n": "md_p_survey_small_n",
    "too_fast_seconds": "md_p_too_fast_seconds",
    "straightline_min_items": "md_p_straightline_min_items",
    "usage_full_low": "md_p_usage_full_low",
    "usage_full_high": "md_p_usage_full_high",
    "usage_zero_low": "md_p_usage_zero_low",
    "peer_min_count": "md_p_peer_min_count",
    "peer_full_d": "md_p_peer_full_d",
    "peer_zero_d": "md_p_peer_zero_d",
    "ratings_raters_named": "md_p_ratings_raters_named",
}
# The vocabulary of the stored words inside a parameter's value (its keys or items).
_PARAM_VOCAB: dict[str, type[Term]] = {
    "rating_values": Rating,
    "severity_points": Severity,
    "answer_values": Answer,
    "satisfied_answers": Answer,
    "grade_bands": Grade,
    "lowest_grade": Grade,
    "insufficient_label": Grade,
    "key_target_severity": Severity,
    "item_weights": Questionnaire,
}
# A leaf source's arguments are matters, a questionnaire or a computed rule.
_ARG_VOCAB: dict[str, type[Term]] = {
    SourceKind.EXTERNAL: Matter,
    SourceKind.SURVEY: Questionnaire,
    SourceKind.COMPUTED: ComputedRule,
}


@dataclass(frozen=True)
class MethodologyModel:
    """The methodology of a round: markdown texts with the round's parameters filled in and
    the tables, all in one language. ``custom``: the warning that parameters differ from the
    defaults (None when none do); ``individual_note`` is None when the round has none."""

    heading: str
    status_note: str
    custom: str | None
    system: str
    tree_title: str
    tree: Table
    leaf_rules: tuple[str, ...]
    ratings: Table
    severities: Table
    aggregation: str
    grade_rule: str
    grades: Table
    flags: str
    survey: str
    answers: Table
    individual_note: str | None
    individual: Table
    differences: Table


def source_label(source: LeafSource | None, lang: Lang) -> str:
    """'external[党建,人事]' → '外部评价：党建、人事' / 'External rating: party building, personnel'."""
    if source is None:
        return ""
    text = term_label(SourceKind, source.kind, lang)
    vocab = _ARG_VOCAB.get(source.kind)
    args = [term_label(vocab, a, lang) if vocab else a for a in source.args]
    sep = "：" if lang == "zh" else ": "
    return f"{text}{sep}{joined(args, lang)}" if args else text


def tree_table(
    tree: IndicatorTree, names: Names, lang: Lang, methods: Mapping[str, str] | None = None
) -> Table:
    """The common tree, root excluded: code, indented name, points, source, evaluation point
    and, when the round stores them, each leaf's evaluation method (评估方法)."""
    codes = [c for c in tree.codes if c != ROOT_CODE]
    methods = methods or {}
    frame = pd.DataFrame(
        {
            "code": codes,
            "indicator": [
                "\u3000" * (tree.level(c) - 1) + names.indicator(c, tree.name(c)) for c in codes
            ],
            "points": [float(tree.max_points(c)) for c in codes],
            "source": [source_label(tree.source(c), lang) for c in codes],
            "eval_point": [names.eval_point(c, tree.eval_point(c) or "") for c in codes],
            "method": [methods.get(c, "") for c in codes],
        }
    )
    columns: tuple[Column, ...] = (
        Column("code", translate("md_col_code", lang), width=64),
        Column("indicator", translate("md_col_indicator", lang), width=190),
        Column("points", translate("md_col_points", lang), "number", width=64),
        Column("source", translate("md_col_source", lang), width=250),
        Column("eval_point", translate("md_col_eval", lang), width="large"),
    )
    if any(methods.get(c) for c in codes):
        columns += (Column("method", translate("md_col_method", lang), width="large"),)
    return Table(frame[[c.key for c in columns]], columns)


def tree_methods(reader: Reader, round_id: int, lang: Lang) -> dict[str, str]:
    """Leaf code → its stored evaluation method in ``lang`` (Chinese when no English)."""
    stored = reader(indicator_names, round_id)
    out = {}
    for code, zh, en in zip(
        stored["code"], stored["eval_method"], stored["eval_method_en"], strict=True
    ):
        text = en if lang == "en" and isinstance(en, str) and en else zh
        if isinstance(text, str) and text:
            out[str(code)] = text
    return out


def _value(value: Any, vocab: type[Term] | None, lang: Lang) -> str:
    """A configuration value as written, its stored words labelled in ``lang``."""

    def word(x: Any) -> str:
        return term_label(vocab, x, lang) if vocab else str(x)

    if isinstance(value, dict):
        return (
            joined([f"{word(k)} {_value(v, None, lang)}" for k, v in value.items()], lang)
            or MISSING
        )
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], (int, float))
    ):
        return f"{word(value[0])} ≥ {num(value[1])}"  # a grade band
    if isinstance(value, list):
        return joined([_value(v, vocab, lang) for v in value], lang) or MISSING
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return word(value)
    return num(value)


def config_differences(config: RoundConfig, lang: Lang) -> Table:
    """Parameters whose value in this round differs from RoundConfig's defaults."""
    mine, default = config.to_dict(), RoundConfig().to_dict()
    keys = [k for k in mine if mine[k] != default[k]]
    frame = pd.DataFrame(
        {
            "param": [translate(PARAM_TEXT[k], lang) if k in PARAM_TEXT else k for k in keys],
            "round": [_value(mine[k], _PARAM_VOCAB.get(k), lang) for k in keys],
            "default": [_value(default[k], _PARAM_VOCAB.get(k), lang) for k in keys],
        },
        columns=["param", "round", "default"],
    )
    return Table(
        frame,
        (
            Column("param", translate("md_col_param", lang)),
            Column("round", translate("md_col_round", lang)),
            Column("default", translate("md_col_default", lang)),
        ),
    )


def _mapping(
    values: Mapping[str, float], vocab: type[Term], headers: tuple[str, str], lang: Lang
) -> Table:
    """A configured mapping (rating → value, severity → points) as a two-column table."""
    frame = pd.DataFrame(
        {
            "word": [term_label(vocab, k, lang) for k in values],
            "value": [float(v) for v in values.values()],
        }
    )
    return Table(frame, (Column("word", headers[0]), Column("value", headers[1], "number")))


def _answers(config: RoundConfig, lang: Lang) -> Table:
    yes, no = translate("md_yes", lang), translate("md_no", lang)
    frame = pd.DataFrame(
        {
            "answer": [term_label(Answer, a, lang) for a in config.answer_values],
            "value": [float(v) for v in config.answer_values.values()],
            "satisfied": [
                yes if a in config.satisfied_answers else no for a in config.answer_values
            ],
        }
    )
    return Table(
        frame,
        (
            Column("answer", translate("md_col_answer", lang)),
            Column("value", translate("md_col_value", lang), "number"),
            Column("satisfied", translate("md_col_satisfied", lang)),
        ),
    )


def _grades(config: RoundConfig, lang: Lang) -> Table:
    bands = list(config.grade_bands)
    frame = pd.DataFrame(
        {
            "grade": [grade_label(g, lang) for g, _ in bands]
            + [grade_label(config.lowest_grade, lang)],
            "bound": [f"≥ {num(b)}" for _, b in bands] + [f"< {num(bands[-1][1])}"],
        }
    )
    return Table(
        frame,
        (
            Column("grade", translate("md_col_grade", lang)),
            Column("bound", translate("md_col_bound", lang)),
        ),
    )


def _individual(individual: pd.DataFrame, names: Names, lang: Lang) -> Table:
    codes = [str(c) for c in individual["code"]]
    frame = pd.DataFrame(
        {
            "agency_type": [names.agency_type(t) for t in individual["agency_type"]],
            "code": codes,
            "indicator": [
                names.indicator(c, n) for c, n in zip(codes, individual["name"], strict=True)
            ],
            "weight": individual["weight"].astype(float),
            "eval_point": [
                names.eval_point(c, "" if e is None else e)
                for c, e in zip(codes, individual["eval_point"], strict=True)
            ],
        },
        columns=["agency_type", "code", "indicator", "weight", "eval_point"],
    )
    return Table(
        frame,
        (
            Column("agency_type", translate("md_col_type", lang)),
            Column("code", translate("md_col_code", lang)),
            Column("indicator", translate("md_col_indicator", lang)),
            Column("weight", translate("md_col_weight", lang), "number"),
            Column("eval_point", translate("md_col_eval", lang)),
        ),
    )


def _leaf_rules(config: RoundConfig, lang: Lang) -> Sequence[str]:
    """How each kind of leaf is scored, in the round's parameters."""
    return (
        translate("md_leaf_team", lang),
        translate("md_leaf_external", lang),
        translate("md_leaf_survey", lang, min_n=config.survey_min_n),
        translate("md_leaf_deduct", lang),
        translate(
            "md_leaf_usage",
            lang,
            lo=num(config.usage_full_low),
            hi=num(config.usage_full_high),
            zero=num(config.usage_zero_low),
        ),
        translate(
            "md_leaf_peer",
            lang,
            k=config.peer_min_count,
            full=pct_number(config.peer_full_d),
            zero=pct_number(config.peer_zero_d),
        ),
    )


def build_methodology(reader: Reader, rnd: RoundRef, lang: Lang) -> MethodologyModel:
    """The methodology of ``rnd`` from its configuration and tree (the same for every role:
    nothing here names an agency)."""
    config, tree = reader.round_setup(rnd.round_id)  # nothing scored: configuration only
    names = load_names(reader, rnd.round_id, lang)
    if rnd.status == RoundStatus.COMPLETED:
        status_note = translate("md_frozen", lang)
    else:
        status_note = translate("md_open", lang, status=term_label(RoundStatus, rnd.status, lang))
    differences = config_differences(config, lang)
    root = num(tree.root_max)
    individual = reader(individual_indicator_table, rnd.round_id)
    return MethodologyModel(
        heading=translate("md_heading", lang, round=rnd.title(lang)),
        status_note=status_note,
        custom=translate("md_custom", lang, n=len(differences)) if len(differences) else None,
        system=translate(
            "md_system",
            lang,
            root=root,
            wc=num(config.weight_common),
            wi=num(config.weight_individual),
        ),
        tree_title=translate("md_tree_title", lang, n=len(tree.leaves())),
        tree=tree_table(tree, names, lang, tree_methods(reader, rnd.round_id, lang)),
        leaf_rules=tuple(_leaf_rules(config, lang)),
        ratings=_mapping(
            config.rating_values,
            Rating,
            (translate("md_col_rating", lang), translate("md_col_value", lang)),
            lang,
        ),
        severities=_mapping(
            config.severity_points,
            Severity,
            (translate("md_col_severity", lang), translate("md_col_deduct_points", lang)),
            lang,
        ),
        aggregation=translate("md_agg", lang, root=root),
        grade_rule=translate(
            "md_grade",
            lang,
            cov=pct_number(config.min_coverage),
            na=grade_label(config.insufficient_label, lang),
        ),
        grades=_grades(config, lang),
        flags=translate(
            "md_flags",
            lang,
            gap=pct_number(config.gap_flag_share),
            sev=term_label(Severity, config.key_target_severity, lang),
            open=config.key_target_open_findings,
            low=num(config.key_target_composite_below),
        ),
        survey=translate(
            "md_survey",
            lang,
            small=config.survey_small_n,
            min_n=config.survey_min_n,
            fast=num(config.too_fast_seconds),
            sl=config.straightline_min_items,
        ),
        answers=_answers(config, lang),
        individual_note=None if individual.empty else translate("md_individual", lang),
        individual=_individual(individual, names, lang),
        differences=differences,
    )
