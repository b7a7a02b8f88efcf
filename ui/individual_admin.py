"""Drawing 个性指标 (on 指标体系): an agency type's individual indicators as a form — name,
English name, weight, evaluation points — checked on submit exactly as the ``individual``
import checks a file, each error right under its field, and saved when the check passes as an
``individual`` import batch (audited, undoable on 数据导入; the engine checks the role and the
round again). A completed round's indicators are drawn disabled with the reason.

Double submission: the form's key carries the data version, which the save bumps; a second
click belongs to a form no longer drawn. Stored names and notes are drawn in widgets or
escaped, never as HTML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from data_access import cache
from data_access.imports import ImportRefused, run_import
from data_access.scope import AccessDenied
from ui.context import PageContext
from ui.i18n import t
from ui.profile_detail import md_escape
from ui.tree_admin import reader
from views.individual_admin import (
    INDIVIDUAL_FILE,
    KIND,
    IndividualSet,
    check_individual,
    individual_file,
    individual_set,
    place_errors,
    with_edits,
)

__all__ = ["individual_editor"]

_FLASH, _CHECKED = "ive_flash", "ive_checked"
_TYPE = "ive_type"


def _under(messages: list[str] | None) -> None:
    for message in messages or []:
        st.error(md_escape(message), icon=":material/error:")


def individual_editor(ctx: PageContext, frozen: bool) -> None:
    st.caption(t("ive_intro"))
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
    whole = individual_set(reader(ctx), ctx.round_year, ctx.lang)
    if not whole.rows:
        st.info(t("ive_none"))
        return
    if frozen:
        st.info(t("ive_frozen"))
    types = whole.types
    if st.session_state.get(_TYPE) not in types:
        st.session_state[_TYPE] = types[0]
    agency_type = str(st.selectbox(t("ive_pick_type"), types, key=_TYPE))
    key = f"ive_form_{ctx.round_year}_{agency_type}_{cache.current_version()}"
    kept = st.session_state.get(_CHECKED)
    placed = kept[1] if kept and kept[0] == key else None
    headers = {c.key: c.header(ctx.lang) for c in KIND.columns}
    edits: dict[int, dict[str, Any]] = {}
    with st.form(key):
        if placed is not None:
            st.error(t("ive_errors", n=placed[0]))
            _under(placed[1].general)
        for i, row in whole.of_type(agency_type):
            with st.container(border=True):
                st.markdown(f"**{md_escape(t('ive_code', code=row['code']))}**")
                spots = placed[1].fields if placed is not None else {}
                _under(spots.get((i, None)))
                left, right = st.columns(2)
                values: dict[str, Any] = {}
                with left:
                    values["name"] = st.text_input(
                        headers["name"],
                        row.get("name") or "",
                        key=f"{key}_{i}_name",
                        disabled=frozen,
                    )
                    _under(spots.get((i, "name")))
                with right:
                    values["name_en"] = st.text_input(
                        headers["name_en"],
                        row.get("name_en") or "",
                        key=f"{key}_{i}_name_en",
                        disabled=frozen,
                    )
                    _under(spots.get((i, "name_en")))
                values["weight"] = st.number_input(
                    headers["weight"],
                    min_value=0.0,
                    value=float(row.get("weight") or 0.0),
                    step=0.5,
                    key=f"{key}_{i}_weight",
                    disabled=frozen,
                )
                _under(spots.get((i, "weight")))
                left, right = st.columns(2)
                with left:
                    values["eval_point"] = st.text_area(
                        headers["eval_point"],
                        row.get("eval_point") or "",
                        key=f"{key}_{i}_eval_point",
                        height=80,
                        disabled=frozen,
                    )
                    _under(spots.get((i, "eval_point")))
                with right:
                    values["eval_point_en"] = st.text_area(
                        headers["eval_point_en"],
                        row.get("eval_point_en") or "",
                        key=f"{key}_{i}_eval_point_en",
                        height=80,
                        disabled=frozen,
                    )
                    _under(spots.get((i, "eval_point_en")))
                edits[i] = values
        go = st.form_submit_button(
            t("ive_save"), type="primary", disabled=frozen, help=t("ive_frozen") if frozen else None
        )
    if go and not frozen:
        _check_and_save(ctx, key, with_edits(whole, edits))


def _check_and_save(ctx: PageContext, key: str, edited: IndividualSet) -> None:
    """Check the edited set as the importer would; errors go under their fields (the form is
    drawn again with what was typed), else the set is saved as one batch."""
    st.session_state.pop(_CHECKED, None)
    result = check_individual(reader(ctx), ctx.round_year, edited, ctx.lang)
    if not result.ok:
        placed = place_errors(result.errors, len(edited.rows), ctx.lang)
        st.session_state[_CHECKED] = (key, (result.error_count, placed))
        st.rerun()
    if result.nothing_changed:
        st.info(t("ive_nothing"))
        return
    try:
        saved = run_import(
            cache.engine(),
            ctx.principal,
            KIND,
            individual_file(edited, ctx.lang),
            INDIVIDUAL_FILE,
            round_year=ctx.round_year,
            lang=ctx.lang,
        )
    except (ImportRefused, AccessDenied) as exc:
        st.error(md_escape(str(exc)))
        return
    if not saved.ok:
        placed = place_errors(saved.errors, len(edited.rows), ctx.lang)
        st.session_state[_CHECKED] = (key, (saved.error_count, placed))
        st.rerun()
    st.session_state[_FLASH] = t("ive_saved", batch=saved.batch_id, summary=saved.summary(ctx.lang))
    st.rerun()
