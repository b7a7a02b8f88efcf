"""Drawing the briefings page (汇报材料): the briefing editor, presenting and the PDF, the
snapshots with "open as presented" and "changed since". Presenting draws a snapshot's
payload (views.briefing), full screen: our own static CSS hides Streamlit's header, sidebar
and toolbar (never user text as HTML); buttons and keys (← → PgUp PgDn, Esc) turn pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from data_access.briefings import (
    BriefingRefused,
    copy_previous_briefings,
    get_snapshot,
    list_snapshots,
    record_snapshot,
    save_briefing,
)
from data_access.scope import AccessDenied
from domain.vocab import Role
from reports.briefing_pdf import briefing_pdf
from ui.context import PageContext
from ui.i18n import t
from ui.profile_detail import md_escape
from views.briefing import (
    STANDARD,
    BriefingConfig,
    ConfigError,
    SlideKind,
    build_payload,
    changed_since,
    peer_type_options,
    slide_label,
)
from views.briefing_charts import bars_spec, heatmap_spec
from views.profile import agency_options

__all__ = ["flash", "office", "editor", "actions", "snapshots", "present"]

_FLASH = "briefings_flash"
_PICK = "briefings_pick"
_CHANGE = re.compile(r"^[+\-−↑↓]?\d")  # a delta that is a change (not a grade name)
_SLIDE = "briefings_slide"
# Presenting: no Streamlit chrome, large type. Static CSS only.
_PRESENT_CSS = """
<style>
html { font-size: clamp(15px, 1.2vw, 24px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.6rem 1.6rem 0.4rem 1.6rem !important; max-width: 100% !important; }
[data-testid="stMetric"] { padding: 0.35rem 0.7rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
[data-testid="stMetricValue"] { font-size: 2.1rem !important; }
[data-testid="stVerticalBlock"] { gap: 0.55rem !important; }
[data-testid="stHeading"] h2 { padding: 0 !important; font-size: 2.1rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1rem !important;
  padding: 0.15rem 0.45rem !important; white-space: nowrap !important; }
.st-key-briefings_pgup, .st-key-briefings_pgdn, .st-key-init { position: absolute !important;
  left: -10000px !important; }
[data-testid="stMain"]:focus, [data-testid="stMain"]:focus-visible { outline: none !important; }
[data-testid="stMain"]::before { box-shadow: none !important; }
.st-key-briefings_counts [data-testid="stMetricLabel"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
.st-key-briefings_summary p { font-size: 1.3rem !important; line-height: 1.6 !important; }
</style>
"""


def flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def office(ctx: PageContext) -> bool:
    return ctx.principal.role in (Role.STAFF, Role.ADMIN)


# -- the editor ---------------------------------------------------------------------------------


def editor(ctx: PageContext, briefings: pd.DataFrame) -> int | None:
    """Pick a briefing (or a new one); staff edit its name, slides and agencies. Returns the
    chosen briefing's id (None: a new, unsaved one)."""
    if _PICK in st.session_state:  # the briefing just saved (set before its selectbox exists)
        st.session_state["briefings_choice"] = st.session_state.pop(_PICK)
    ids = [None, *[int(i) for i in briefings["briefing_id"]]]
    names = dict(zip(briefings["briefing_id"].astype(int), briefings["name"], strict=True))
    chosen = st.selectbox(
        t("br_choose"),
        ids,
        index=1 if len(ids) > 1 else 0,
        format_func=lambda i: t("br_new") if i is None else str(names[i]),
        key="briefings_choice",
    )
    if not office(ctx):
        return chosen
    row = briefings[briefings["briefing_id"] == chosen] if chosen is not None else None
    try:
        config = (
            BriefingConfig.from_json(row.iloc[0]["config"], ctx.lang)
            if row is not None and len(row)
            else BriefingConfig(STANDARD, ())
        )
    except ConfigError:
        config = BriefingConfig(STANDARD, ())
    options = agency_options(ctx.reader, ctx.round, ctx.lang)
    type_options = peer_type_options(ctx.reader, ctx.round, ctx.lang)
    with st.form(f"briefings_form_{chosen}"):
        name = st.text_input(
            t("br_name"),
            value=str(names[chosen])
            if chosen is not None
            else t("br_default_name", year=ctx.round_year),
            max_chars=80,
        )
        kinds = st.multiselect(
            t("br_slides"),
            [k.value for k in SlideKind],
            default=[k.value for k in config.slides],
            format_func=lambda k: slide_label(k, ctx.lang),
        )
        agencies = st.multiselect(
            t("br_agencies"),
            list(options),
            default=[a for a in config.agencies if a in options],
            format_func=lambda a: options.get(a, str(a)),
        )
        types = st.multiselect(
            t("br_peer_types"),
            list(type_options),
            default=[k for k in config.peer_types if k in type_options],
            format_func=lambda k: type_options.get(k, k),
        )
        submitted = st.form_submit_button(
            t("br_save") if chosen else t("br_create"), type="primary"
        )
    if submitted:
        try:
            checked = BriefingConfig.from_json(
                {"slides": kinds, "agencies": agencies, "peer_types": types}, ctx.lang
            )
            saved = save_briefing(
                ctx.reader.engine,
                ctx.round_id,
                name,
                checked.as_json(),
                principal=ctx.principal,
                briefing_id=chosen,
                lang=ctx.lang,
            )
        except (BriefingRefused, ConfigError, AccessDenied) as exc:
            st.error(md_escape(str(exc)))
        else:
            st.session_state[_FLASH] = t("br_saved", name=name.strip())
            st.session_state[_PICK] = saved
            st.rerun()
    if st.button(t("br_copy_prev"), key="briefings_copy"):
        n = copy_previous_briefings(
            ctx.reader.engine, ctx.round_id, principal=ctx.principal, lang=ctx.lang
        )
        st.session_state[_FLASH] = t("br_copied", n=n) if n else t("br_copy_none")
        st.rerun()
    return chosen


def _payload(ctx: PageContext, name: str, config: BriefingConfig) -> dict[str, Any]:
    now = dt.datetime.now()
    return build_payload(
        ctx.reader, ctx.round, ctx.lang, config, name=name, today=now.date(), now=now
    )


def actions(ctx: PageContext, briefings: pd.DataFrame, chosen: int | None) -> None:
    """Present (records a snapshot, then shows it full screen) and the PDF (records one)."""
    if chosen is None:
        return
    row = briefings[briefings["briefing_id"] == chosen].iloc[0]
    config = BriefingConfig.from_json(row["config"], ctx.lang)
    left, right = st.columns(2)
    if left.button(
        t("br_present"), type="primary", icon=":material/slideshow:", key="briefings_go"
    ):
        payload = _payload(ctx, str(row["name"]), config)
        snap = record_snapshot(
            ctx.reader.engine,
            ctx.round_id,
            str(row["name"]),
            "presented",
            payload,
            principal=ctx.principal,
            briefing_id=chosen,
            lang=ctx.lang,
        )
        st.session_state[_SLIDE] = 0
        st.query_params["show"] = str(snap)
        st.rerun()
    if right.button(t("br_pdf_make"), icon=":material/picture_as_pdf:", key="briefings_pdf"):
        payload = _payload(ctx, str(row["name"]), config)
        record_snapshot(
            ctx.reader.engine,
            ctx.round_id,
            str(row["name"]),
            "exported",
            payload,
            principal=ctx.principal,
            briefing_id=chosen,
            lang=ctx.lang,
        )
        st.session_state["briefings_pdf_bytes"] = briefing_pdf(payload)
    data = st.session_state.get("briefings_pdf_bytes")
    if data:
        right.download_button(
            t("br_pdf"), data, file_name=f"briefing-{ctx.round_year}.pdf", mime="application/pdf"
        )


# -- snapshots --------------------------------------------------------------------------------


def snapshots(ctx: PageContext) -> None:
    """Every presentation and export of the round: open one as presented, or list what has
    changed since."""
    st.subheader(t("br_snapshots"))
    snaps = ctx.reader(list_snapshots, ctx.round_id)
    if snaps.empty:
        st.caption(t("br_snap_none"))
        return
    kinds = {"presented": t("br_snap_presented"), "exported": t("br_snap_exported")}
    shown = pd.DataFrame(
        {
            t("br_snap_col_at"): [a.strftime("%Y-%m-%d %H:%M") for a in snaps["at"]],
            t("br_snap_col_name"): snaps["briefing_name"],
            t("br_snap_col_kind"): [kinds.get(k, k) for k in snaps["kind"]],
            t("br_snap_col_who"): snaps["username"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 260))
    labels = {
        int(s.snapshot_id): f"{s.at:%Y-%m-%d %H:%M} · {s.briefing_name} · {s.username}"
        for s in snaps.itertuples(index=False)
    }
    picked = st.selectbox(t("br_snapshots"), list(labels), format_func=labels.__getitem__)
    left, right = st.columns(2)
    if left.button(t("br_snap_open"), key="briefings_open"):
        st.session_state[_SLIDE] = 0
        st.query_params["show"] = str(picked)
        st.rerun()
    if right.button(t("br_snap_changes"), key="briefings_changes"):
        _changes(ctx, int(picked))


def _changes(ctx: PageContext, snapshot_id: int) -> None:
    snap = ctx.reader(get_snapshot, snapshot_id)
    if snap is None:
        st.error(t("br_err_snapshot"))
        return
    old = snap["payload"]
    config = BriefingConfig.from_json(old["config"], old["lang"])
    now = dt.datetime.now()
    fresh = build_payload(
        ctx.reader, ctx.round, old["lang"], config, name=old["name"], today=now.date(), now=now
    )
    changes = changed_since(old, fresh, ctx.lang)
    if not changes:
        st.info(t("br_changes_none"))
        return
    st.caption(t("br_changes_count", n=len(changes), at=old["as_of"]))
    st.dataframe(
        pd.DataFrame(
            {
                t("br_col_figure"): [c.label for c in changes],
                t("br_col_before"): [c.before for c in changes],
                t("br_col_after"): [c.after for c in changes],
                t("br_col_delta"): [c.delta or "—" for c in changes],
            }
        ),
        hide_index=True,
        width="stretch",
    )


# -- presenting -------------------------------------------------------------------------------


def _turn(step: int, n: int) -> None:
    st.session_state[_SLIDE] = max(0, min(n - 1, int(st.session_state.get(_SLIDE, 0)) + step))


def _exit() -> None:
    for key in ("show", "slide"):
        if key in st.query_params:
            del st.query_params[key]


def present(ctx: PageContext, snapshot_id: int) -> None:
    """A snapshot full screen, one slide at a time."""
    st.html(_PRESENT_CSS)
    snap = ctx.reader(get_snapshot, snapshot_id)
    if snap is None:
        st.error(t("br_err_snapshot"))
        st.button(t("br_exit"), on_click=_exit, key="briefings_exit")
        return
    payload = snap["payload"]
    slides = payload["slides"]
    n = len(slides)
    i = max(0, min(n - 1, int(st.session_state.get(_SLIDE, 0))))
    st.session_state[_SLIDE] = i
    _slide(slides[i], payload, i, n, snap)
    nav = st.columns([1, 1, 4, 1])
    nav[0].button(
        "◀ " + t("br_prev"),
        on_click=_turn,
        args=(-1, n),
        shortcut="Left",
        key="briefings_prev",
        disabled=i == 0,
    )
    nav[1].button(
        t("br_next") + " ▶",
        on_click=_turn,
        args=(1, n),
        shortcut="Right",
        key="briefings_next",
        disabled=i == n - 1,
    )
    nav[2].caption(t("br_keys_hint"))
    nav[3].button(t("br_exit"), on_click=_exit, shortcut="Esc", key="briefings_exit")
    st.button("PgUp", on_click=_turn, args=(-1, n), shortcut="PageUp", key="briefings_pgup")
    st.button("PgDn", on_click=_turn, args=(1, n), shortcut="PageDown", key="briefings_pgdn")


def _slide(
    slide: Mapping[str, Any], payload: Mapping[str, Any], i: int, n: int, snap: Mapping[str, Any]
) -> None:
    head = st.columns([5, 2])
    head[0].markdown(f"## {md_escape(str(slide['title']))}")
    if slide.get("subtitle"):
        head[0].caption(md_escape(str(slide["subtitle"])))
    head[1].markdown(f"#### {t('br_slide_no', i=i + 1, n=n)}")
    when = f"{snap['at']:%Y-%m-%d %H:%M}"
    head[1].caption(
        md_escape(
            f"{payload['round']['title']} · {t('br_as_of', at=payload['as_of'])} · "
            f"{t('br_snapshot_of', who=snap['username'], at=when)}"
        )
    )
    blocks = [b for b in slide["blocks"] if not b.get("appendix")]
    # Two bar charts on one slide (an agency's points and its change): shorter rows, so the
    # slide fits 768 px high.
    row_px = 26 if sum(b["type"] == "bars" for b in blocks) > 1 else None
    k = 0
    while k < len(blocks):
        block = blocks[k]
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        if after is not None and {block["type"], after["type"]} <= {"bars", "table"}:
            table_first = block["type"] == "table" or after["type"] == "table"
            left, right = st.columns([2, 3] if table_first else [1, 1])
            with left:
                _block(block, row_px)
                # A note after bars beside a table (the ranking's tie note) goes under the
                # bars, where there is room, not below the table (768 px high, English names).
                note = blocks[k + 2] if k + 2 < len(blocks) else None
                if (
                    block["type"] == "bars"
                    and after["type"] == "table"
                    and note is not None
                    and note["type"] == "text"
                    and not note.get("summary")
                ):
                    _block(note, row_px)
                    k += 1
            with right:
                _block(after, row_px)
            k += 2
            continue
        if after is not None and block["type"] == "text" and after["type"] == "kpis":
            # A written summary beside the cards it cites (the agency slide's counts), three
            # cards a row.
            left, right = st.columns([1, 1], vertical_alignment="center")
            with left:
                _block(block, row_px)
            with right.container(key="briefings_counts"):
                _block(after, row_px, per_row=3)
            k += 2
            continue
        _block(block, row_px)
        k += 1


def _block(block: Mapping[str, Any], row_px: int | None = None, per_row: int = 6) -> None:
    kind = block["type"]
    if kind == "kpis":
        items = list(block["items"])
        for start in range(0, len(items), per_row):
            part = items[start : start + per_row]
            cols = st.columns(per_row if len(items) > per_row else len(part))
            for col, item in zip(cols, part, strict=False):
                delta = item.get("delta")
                change = bool(delta) and bool(_CHANGE.match(str(delta)))
                col.metric(
                    str(item["label"]),
                    str(item["text"]),
                    delta=delta,
                    delta_color=(item.get("delta_color") or "normal") if change else "off",
                    delta_arrow="auto" if change else "off",
                    border=True,
                )
    elif kind == "bars":
        if block.get("title"):
            st.markdown(f"**{md_escape(str(block['title']))}**")
        rows = len(block["items"])
        px = row_px or (28 if rows > 6 else 32)
        st.vega_lite_chart(bars_spec(block, row_px=px), width="stretch")
    elif kind == "heatmap":
        st.vega_lite_chart(heatmap_spec(block, row_px=30), width="stretch")
    elif kind == "table":
        if block.get("title"):
            st.markdown(f"**{md_escape(str(block['title']))}**")
        limit = block.get("shown") or len(block["rows"])
        at = int(block.get("label_column", 0))
        frame = pd.DataFrame(
            [_short_cells(r, at) for r in block["rows"][:limit]],
            columns=[str(c["label"]) for c in block["columns"]],
        )
        st.table(frame.set_index(frame.columns[0]) if len(frame.columns) > 1 else frame)
        more = len(block["rows"]) - limit
        if more > 0:
            st.caption(t("br_more_rows", n=more))
    elif kind == "text":
        key = "briefings_summary" if block.get("summary") else None
        with st.container(key=key, border=bool(key)):
            for paragraph in block["paragraphs"]:
                st.markdown(md_escape(str(paragraph)))


def _short_cells(row: Mapping[str, Any], at: int) -> list[Any]:
    """A table row as drawn on screen: its short name (when it has one) in the label column."""
    cells = list(row["cells"])
    if row.get("short"):
        cells[at] = row["short"]
    return cells
