"""Drawing 自评填报: the agency user's form (save as draft, submit) and the office's overview of
every agency's self-evaluation with one agency's detail and the reopen form. Figures come from
views.self_evaluation; writes go to data_access.self_evaluation, and their refusals are shown
as they come (in the user's language)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_access import cache
from data_access.scope import AccessDenied
from data_access.self_evaluation import NOTE_LIMIT, SelfEvaluationRefused
from data_access.self_evaluation_writes import reopen_self_evaluation, save_self_evaluation
from domain.fmt import num
from ui.context import PageContext
from ui.exports import export_table
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.widgets import choice_box, draw_table, kpi_row
from views.self_evaluation import SelfEvalForm, SubmissionDetail, SubmissionOverview

__all__ = ["flash", "agency_form", "overview", "choose_agency", "detail"]

_FLASH = "self_eval_flash"


def flash() -> None:
    """The message a write left before its rerun (success), shown once."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def _errors(errors: list[str]) -> None:
    st.error("\n\n".join(md_escape(e) for e in errors))


def agency_form(ctx: PageContext, form: SelfEvalForm) -> None:
    """The items with maximum and evaluation points, a score (0..max) and an evidence note
    each; save as draft or submit (disabled when it may not be changed, with the reason)."""
    st.caption(form.window)
    kpi_row(form.kpis)
    st.caption(form.status_line)
    if form.notice:
        {"info": st.info, "success": st.success, "warning": st.warning}[form.notice_level](
            md_escape(form.notice)
        )
    locked = not form.editable
    values: dict[str, tuple[float | None, str | None]] = {}
    # The form's keys carry the stored revision: after a save, a reopening or another tab's
    # save, the inputs start again from what is stored.
    with st.form(f"self_eval_form_{form.revision}", border=False):
        for item in form.items:
            with st.container(border=True):
                left, middle, right = st.columns([5, 2, 5], vertical_alignment="top")
                left.markdown(f"**{md_escape(item.label)}**")
                left.caption(
                    md_escape(
                        t("se_item_caption", part=item.part, max=num(item.max_points))
                        + (f" · {item.eval_point}" if item.eval_point else "")
                    )
                )
                score = middle.number_input(
                    t("se_score_label", code=item.code, max=num(item.max_points)),
                    min_value=0.0,
                    max_value=float(item.max_points),
                    value=item.score,
                    step=0.1,
                    format="%.1f",
                    placeholder=t("se_score_placeholder"),
                    key=f"se_score_{item.code}_{form.revision}",
                    disabled=locked,
                )
                note = right.text_area(
                    t("se_note_label", code=item.code),
                    value=item.note,
                    height=80,
                    max_chars=NOTE_LIMIT,
                    key=f"se_note_{item.code}_{form.revision}",
                    disabled=locked,
                )
                values[item.code] = (score, note)
        save_col, submit_col, _rest = st.columns([1, 1, 3])
        save = save_col.form_submit_button(
            t("se_save"), icon=":material/save:", disabled=locked, width="stretch"
        )
        submit = submit_col.form_submit_button(
            t("se_submit"), type="primary", icon=":material/send:", disabled=locked, width="stretch"
        )
    if not (save or submit):
        return
    try:
        save_self_evaluation(
            cache.engine(),
            ctx.round_id,
            form.agency_id,
            values,
            principal=ctx.principal,
            submit=bool(submit),
            today=dt.date.today(),
            lang=ctx.lang,
        )
    except SelfEvaluationRefused as exc:
        _errors(exc.errors)
    except AccessDenied as exc:
        _errors([str(exc)])
    else:
        st.session_state[_FLASH] = t("se_submitted_done") if submit else t("se_saved_done")
        st.rerun()


def overview(o: SubmissionOverview) -> None:
    st.caption(o.window)
    kpi_row(o.kpis)
    draw_table(o.table)
    st.caption(t("se_overview_caption"))
    export_table(o.table, "self-evaluation", title=t("se_staff_intro"))


def choose_agency(ctx: PageContext, o: SubmissionOverview) -> int | None:
    """The agency whose detail is shown (kept in the URL as ``agency``)."""
    frame = o.table.frame
    options = {int(i): str(a) for i, a in zip(frame["agency_id"], frame["agency"], strict=True)}
    if not options:
        return None
    wanted = st.query_params.get("agency", "")
    if wanted.isdigit() and int(wanted) in options:
        st.session_state["self_eval_agency"] = int(wanted)

    def changed() -> None:
        st.query_params["agency"] = str(st.session_state["self_eval_agency"])

    picked = choice_box(t("se_pick_agency"), options, "self_eval_agency", ctx.lang, changed)
    return None if picked is None else int(picked)


def detail(ctx: PageContext, d: SubmissionDetail) -> None:
    """One agency's items beside the team's scores; the reopen form when it is submitted."""
    st.subheader(md_escape(t("se_detail_title", agency=d.agency, state=d.state_label)))
    st.caption(d.status_line)
    st.markdown(md_escape(d.gap))
    if d.reopen_note:
        st.caption(md_escape(t("se_last_reopen_note", note=d.reopen_note)))
    draw_table(d.table)
    if d.reopen_blocked:
        st.info(md_escape(d.reopen_blocked))
    if not d.can_reopen:
        return
    with st.form(f"self_eval_reopen_{d.agency_id}"):
        st.markdown(f"**{t('se_reopen_title')}**")
        note = st.text_input(t("se_reopen_note"), max_chars=NOTE_LIMIT)
        go = st.form_submit_button(t("se_reopen"), icon=":material/undo:")
    if not go:
        return
    try:
        reopen_self_evaluation(
            cache.engine(),
            ctx.round_id,
            d.agency_id,
            principal=ctx.principal,
            note=note,
            lang=ctx.lang,
        )
    except SelfEvaluationRefused as exc:
        _errors(exc.errors)
    except AccessDenied as exc:
        _errors([str(exc)])
    else:
        st.session_state[_FLASH] = t("se_reopened_done", agency=d.agency)
        st.rerun()
