"""Drawing 阈值与映射 (on 指标体系): the round's thresholds and mappings in a form, each group's
refusal right under it; then the what-if of the change (ranking before and after side by
side, agencies whose grade or rank changes highlighted) and the confirmed save. Nothing is
written before the confirmation; data_access.round_config checks the role, the round and the
values again, and audits the save.

Double submission: the form's key carries the stamp of the stored configuration; the pending
change names it too and is dropped from the session as the save starts, and data_access
refuses a save whose stamp is no longer the stored one.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access import cache
from data_access.round_admin import RoundAdminError
from data_access.round_config import save_round_config
from data_access.scope import AccessDenied
from domain.vocab import Answer, Rating, Severity, term_label
from ui.context import PageContext
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.tree_admin import highlight_moved, reader
from ui.widgets import column_config
from views.round_config import (
    ConfigForm,
    build_config_whatif,
    changed_keys,
    config_problems,
)
from views.tree_admin import moved_lines

__all__ = ["config_form", "pending_config", "flash"]

_FLASH, _PENDING, _ERRORS = "cfg_flash", "cfg_pending", "cfg_errors"


def flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def _group_error(errors: dict[str, str], group: str) -> None:
    if group in errors:
        st.error(errors[group], icon=":material/error:")


def _numbers(
    title: str,
    values: dict[str, Any],
    key: str,
    frozen: bool,
    labels: dict[str, str] | None = None,
    low: float = 0.0,
    high: float = 100.0,
    step: float = 1.0,
    whole: bool = False,
) -> dict[str, Any]:
    """A row of number boxes under a bold title (none when empty: the row continues the
    group above; ``whole``: counts, drawn as integers)."""
    if title:
        st.markdown(f"**{title}**")
    columns = st.columns(max(len(values), 3))
    out = {}
    for i, (name, value) in enumerate(values.items()):
        out[name] = columns[i].number_input(
            (labels or {}).get(name, name),
            min_value=int(low) if whole else low,
            max_value=int(high) if whole else high,
            value=int(value) if whole else float(value),
            step=1 if whole else step,
            key=f"{key}_{i}",
            disabled=frozen,
        )
    return out


def config_form(ctx: PageContext, form: ConfigForm, frozen: bool) -> None:
    """The form; "check" keeps its values as the pending change when every group is fine."""
    st.caption(t("cfg_intro"))
    if frozen:
        st.info(t("cfg_frozen"))
    key = f"cfg_form_{ctx.round_year}_{form.stamp}"
    kept = st.session_state.get(_ERRORS)
    errors: dict[str, str] = kept[1] if kept and kept[0] == key else {}
    v = form.values
    severity = {s: term_label(Severity, s, ctx.lang) for s in v["severity_points"]}
    ratings_ = {r: term_label(Rating, r, ctx.lang) for r in v["rating_values"]}
    answers_ = {a: term_label(Answer, a, ctx.lang) for a in v["answer_values"]}
    with st.form(key):
        st.markdown(f"**{t('cfg_grades')}**")
        cols = st.columns(len(form.bands()) + 1)
        bands = [
            [
                label,
                cols[i].number_input(
                    form.grade_labels.get(label, label),
                    min_value=0.0,
                    max_value=100.0,
                    value=bound,
                    step=0.5,
                    key=f"{key}_band_{i}",
                    disabled=frozen,
                ),
            ]
            for i, (label, bound) in enumerate(form.bands())
        ]
        coverage = cols[-1].number_input(
            t("cfg_coverage"),
            min_value=0.0,
            max_value=1.0,
            value=float(v["min_coverage"]),
            step=0.05,
            key=f"{key}_coverage",
            disabled=frozen,
        )
        _group_error(errors, "grade_bands")
        _group_error(errors, "coverage")
        ratings = _numbers(
            t("cfg_ratings"), v["rating_values"], f"{key}_rating", frozen, ratings_, 0.0, 1.0, 0.05
        )
        _group_error(errors, "rating_values")
        answers = _numbers(t("cfg_answers"), v["answer_values"], f"{key}_answer", frozen, answers_)
        _group_error(errors, "answer_values")
        points = _numbers(
            t("cfg_severity"), v["severity_points"], f"{key}_severity", frozen, severity, step=0.5
        )
        _group_error(errors, "severity_points")
        survey = _numbers(
            t("cfg_survey"),
            {"survey_min_n": v["survey_min_n"], "survey_small_n": v["survey_small_n"]},
            f"{key}_survey",
            frozen,
            {"survey_min_n": t("cfg_survey_min"), "survey_small_n": t("cfg_survey_small")},
            1.0,
            10_000.0,
            whole=True,
        )
        _group_error(errors, "survey")
        usage = _numbers(
            t("cfg_usage"),
            {k: v[k] for k in ("usage_zero_low", "usage_full_low", "usage_full_high")},
            f"{key}_usage",
            frozen,
            {
                "usage_zero_low": t("cfg_usage_zero"),
                "usage_full_low": t("cfg_usage_full_low"),
                "usage_full_high": t("cfg_usage_full_high"),
            },
            0.0,
            2.0,
            0.01,
        )
        _group_error(errors, "usage")
        peer_count = _numbers(
            t("cfg_peer"),
            {"peer_min_count": v["peer_min_count"]},
            f"{key}_peer_count",
            frozen,
            {"peer_min_count": t("cfg_peer_min")},
            1.0,
            100.0,
            whole=True,
        )
        peer = _numbers(
            "",
            {k: v[k] for k in ("peer_full_d", "peer_zero_d")},
            f"{key}_peer",
            frozen,
            {"peer_full_d": t("cfg_peer_full"), "peer_zero_d": t("cfg_peer_zero")},
            0.0,
            100.0,
            0.05,
        )
        _group_error(errors, "peer")
        go = st.form_submit_button(
            t("cfg_check"),
            type="primary",
            disabled=frozen,
            help=t("cfg_frozen") if frozen else None,
        )
    if not go or frozen:
        return
    changes: dict[str, Any] = {
        "grade_bands": bands,
        "min_coverage": coverage,
        "rating_values": ratings,
        "answer_values": answers,
        "severity_points": points,
        "survey_min_n": int(survey["survey_min_n"]),
        "survey_small_n": int(survey["survey_small_n"]),
        **usage,
        "peer_min_count": int(peer_count["peer_min_count"]),
        "peer_full_d": peer["peer_full_d"],
        "peer_zero_d": peer["peer_zero_d"],
    }
    problems = config_problems(changes, ctx.lang)
    st.session_state.pop(_PENDING, None)
    if problems:
        st.session_state[_ERRORS] = (key, problems)
    else:
        st.session_state.pop(_ERRORS, None)
        st.session_state[_PENDING] = (ctx.round_year, ctx.lang, form.stamp, changes)
    st.rerun()


def _titles() -> dict[str, str]:
    """Each form key → the title of the group it is drawn under."""
    survey, usage, peer = t("cfg_survey"), t("cfg_usage"), t("cfg_peer")
    return {
        "grade_bands": t("cfg_grades"),
        "min_coverage": t("cfg_coverage"),
        "rating_values": t("cfg_ratings"),
        "answer_values": t("cfg_answers"),
        "severity_points": t("cfg_severity"),
        "survey_min_n": survey,
        "survey_small_n": survey,
        "usage_zero_low": usage,
        "usage_full_low": usage,
        "usage_full_high": usage,
        "peer_min_count": peer,
        "peer_full_d": peer,
        "peer_zero_d": peer,
    }


def pending_config(ctx: PageContext, form: ConfigForm) -> None:
    """The what-if of the pending change and its confirmed save."""
    pending = st.session_state.get(_PENDING)
    if not pending or pending[:3] != (ctx.round_year, ctx.lang, form.stamp):
        return
    changes = pending[3]
    keys = changed_keys(form, changes)
    if not keys:
        st.info(t("cfg_nothing"))
        return
    titles = _titles()
    named = dict.fromkeys(titles.get(k, k) for k in keys)
    st.markdown(md_escape(t("cfg_changed", keys="、".join(named))))
    st.subheader(t("tre_whatif_title"))
    whatif = build_config_whatif(reader(ctx), ctx.round_id, form, changes, ctx.lang)
    st.caption(t("tre_whatif_moved", n=whatif.moved))
    for line in moved_lines(whatif.table, ctx.lang):
        st.caption(md_escape(line))
    table = whatif.table
    shown = table.frame[[c.key for c in table.columns]]
    st.dataframe(
        highlight_moved(table.frame, shown),
        hide_index=True,
        width="stretch",
        column_config=column_config(table),
    )
    with st.form(f"cfg_save_{ctx.round_year}_{form.stamp}"):
        sure = st.checkbox(t("cfg_confirm"))
        go = st.form_submit_button(t("cfg_save"), type="primary")
    if not go:
        return
    if not sure:
        st.error(t("cfg_unconfirmed"))
        return
    st.session_state.pop(_PENDING, None)
    try:
        save_round_config(
            cache.engine(),
            ctx.round_id,
            changes,
            principal=ctx.principal,
            expected=form.stamp,
            lang=ctx.lang,
        )
    except (RoundAdminError, AccessDenied) as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[_FLASH] = t("cfg_saved", year=ctx.round_year)
    st.rerun()
