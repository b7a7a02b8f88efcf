"""The overview's tables as view-model data: what needs attention (with the hidden agency_id a
click opens), rectifications by state, survey returns by questionnaire and data freshness.
Pure: rows come from a scored round and the counting queries, labels in the view's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from data_access.leadership_queries import FRESHNESS_SOURCES
from domain.catalog import translate
from domain.fmt import MISSING, fmt_num, is_missing, joined, num, pct_number
from domain.vocab import (
    OVERDUE,
    Issue,
    KeyTargetReason,
    Lang,
    Questionnaire,
    RectState,
    Severity,
    SourceKind,
    term_label,
)
from scoring import RoundConfig, RoundResult
from views.common import Column, Table
from views.names import Names
from views.ranking import flag_list

__all__ = ["attention_table", "rectification_state_table", "survey_table", "freshness_table"]

# The freshness sources (data_access.leadership_queries.FRESHNESS_SOURCES) and their texts.
_SOURCE_TEXT = {
    "scores": "ovx_src_scores",
    "ratings": "ovx_src_ratings",
    "surveys": "ovx_src_surveys",
    "findings": "ovx_src_findings",
    "rectifications": "ovx_src_rectifications",
}
assert set(_SOURCE_TEXT) == set(FRESHNESS_SOURCES)


def _reason(reason: str, row: Any, config: RoundConfig, lang: Lang) -> str:
    """Why an agency is a key oversight target, with its figures and the round's threshold."""
    if reason == KeyTargetReason.SEVERE_FINDING:
        return translate("ovx_reason_severe_finding", lang, n=int(row.severe_findings))
    if reason == KeyTargetReason.OPEN_FINDINGS:
        return translate(
            "ovx_reason_open_findings",
            lang,
            n=int(row.open_findings),
            k=config.key_target_open_findings,
        )
    if reason == KeyTargetReason.LOW_COMPOSITE:
        return translate(
            "ovx_reason_low_composite",
            lang,
            x=fmt_num(row.composite),
            k=num(config.key_target_composite_below),
        )
    return term_label(KeyTargetReason, reason, lang)


def attention_table(
    result: RoundResult, overdue: pd.DataFrame, today: dt.date, names: Names, lang: Lang
) -> Table:
    """Key oversight targets, self-rated too high, overdue rectifications, insufficient data
    (among agencies with some data entered) — in that order (``Issue``)."""
    config = result.config
    leaves = result.leaves
    with_data = set(
        leaves.loc[
            leaves["present"].astype(bool) & (leaves["source_kind"] != SourceKind.DEDUCT),
            "agency_id",
        ]
    )
    rows: list[tuple[Issue, int, Any, str]] = []
    for r in result.summary.itertuples(index=False):
        if r.key_target:
            reasons = [_reason(x, r, config, lang) for x in flag_list(r.key_target_reasons)]
            rows.append((Issue.KEY_TARGET, r.agency_id, r.name, joined(reasons, lang)))
        if r.self_overrated:
            rows.append(
                (
                    Issue.SELF_OVERRATED,
                    r.agency_id,
                    r.name,
                    translate(
                        "ovx_detail_gap",
                        lang,
                        share=fmt_num(r.self_gap_share * 100),
                        points=fmt_num(r.self_gap_points),
                        k=pct_number(config.gap_flag_share),
                    ),
                )
            )
        if r.grade == config.insufficient_label and r.agency_id in with_data:
            rows.append(
                (
                    Issue.INSUFFICIENT_DATA,
                    r.agency_id,
                    r.name,
                    translate(
                        "ovx_detail_insufficient",
                        lang,
                        cov=fmt_num(r.coverage * 100),
                        k=pct_number(config.min_coverage),
                    ),
                )
            )
    for o in overdue.itertuples(index=False):
        rows.append(
            (
                Issue.OVERDUE,
                o.agency_id,
                o.agency,
                translate(
                    "ovx_detail_overdue",
                    lang,
                    severity=term_label(Severity, o.severity, lang),
                    deadline=o.deadline.isoformat(),
                    days=(today - o.deadline).days,
                    desc=o.description,
                ),
            )
        )
    order = list(Issue)
    rows.sort(key=lambda row: order.index(row[0]))  # stable: the summary's order within a kind
    frame = pd.DataFrame(
        {
            "agency_id": [int(r[1]) for r in rows],
            "agency": [names.agency(r[1], r[2]) for r in rows],
            "issue": [r[0].label(lang) for r in rows],
            "detail": [r[3] for r in rows],
        },
        columns=["agency_id", "agency", "issue", "detail"],
    )
    return Table(
        frame,
        (
            Column("agency_id", "agency_id", "hidden"),
            Column("agency", translate("ld_col_agency", lang), width=210),
            Column("issue", translate("ovx_col_issue", lang), width=120),
            Column("detail", translate("ovx_col_detail", lang), width="large"),
        ),
    )


def rectification_state_table(states: pd.DataFrame, lang: Lang) -> Table:
    """queries.rectification_state_counts → one row per state in lifecycle order."""
    order = [s.value for s in RectState]
    states = states.set_index("state").reindex(order).fillna(0).reset_index()
    frame = pd.DataFrame(
        {
            "state": [RectState(s).label(lang) for s in states["state"]],
            "n": states["n"].astype(int),
            "overdue": states["overdue"].astype(int),
        }
    )
    return Table(
        frame,
        (
            Column("state", translate("col_state", lang)),
            Column("n", translate("col_count", lang), "int"),
            Column("overdue", OVERDUE.label(lang), "int"),
        ),
    )


def survey_table(surveys: pd.DataFrame, lang: Lang) -> Table:
    """queries.survey_status_counts with the questionnaires' names."""
    frame = pd.DataFrame(
        {
            "questionnaire": [term_label(Questionnaire, q, lang) for q in surveys["questionnaire"]],
            **{
                c: surveys[c].astype(int)
                for c in ("accepted", "duplicate", "too_fast", "straightlined")
            },
        },
        columns=["questionnaire", "accepted", "duplicate", "too_fast", "straightlined"],
    )
    return Table(
        frame,
        (
            Column("questionnaire", translate("col_questionnaire", lang)),
            Column("accepted", translate("col_accepted", lang), "int"),
            Column("duplicate", translate("col_duplicate", lang), "int"),
            Column("too_fast", translate("col_too_fast", lang), "int"),
            Column("straightlined", translate("col_straightlined", lang), "int"),
        ),
    )


def _when(value: Any) -> str:
    if is_missing(value):
        return MISSING
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def freshness_table(fresh: pd.DataFrame, lang: Lang) -> Table:
    frame = pd.DataFrame(
        {
            "source": [translate(_SOURCE_TEXT[s], lang) for s in fresh["source"]],
            "latest": [_when(v) for v in fresh["latest"].astype(object)],
            "n": fresh["n"].astype(int),
        }
    )
    return Table(
        frame,
        (
            Column("source", translate("ovx_col_source", lang)),
            Column("latest", translate("ovx_col_latest", lang)),
            Column("n", translate("ovx_col_records", lang), "int"),
        ),
    )
