"""Rendering pieces of the agency profile (单位画像) and indicator breakdown (指标分析) pages.

Every figure comes from ``scoring.explain_agency`` (scores) or ``data_access.profile_queries``
(staffing, personnel, findings); nothing here computes a score. Data texts are shown in tables
or plain markdown, never as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal

import pandas as pd
import streamlit as st

from data_access import cache
from ui.session import current_principal as _P
from data_access.profile_queries import (
    agency_label,
    agency_rounds,
)
from scoring import RoundConfig, RoundResult, explain_agency
from ui import profile_charts as charts
from ui.context import PageContext
from ui.i18n import current_lang, fmt_int, fmt_num, t, tv
from ui.widgets import table

__all__ = [
    "AGENCY_PARAM", "choose_agency", "not_evaluated", "headline", "l1_chart", "score_tree",
    "node_detail", "node_label", "previous_change", "ratings_and_surveys", "pct", "show",
]

AGENCY_PARAM = "agency"
_AGENCY_KEY = "pf_agency"
_NODE_KEY = "pf_node"
DeltaColor = Literal["green", "blue", "orange", "red", "gray", "off"]
_GRADE_TONE: dict[str, DeltaColor] = {"优秀": "green", "良好": "blue", "一般": "orange",
                                       "较差": "red", "数据不足": "gray"}
POSTS = ("xz", "sy", "gq")
QUESTIONNAIRES = ("满意度调查问卷", "评估调查问卷")


def pct(share: float | None, digits: int = 1) -> str:
    """A share (0–1) as a percentage text, half-up; '—' when missing."""
    return "—" if share is None or share != share else fmt_num(share * 100, digits) + "%"


def node_label(node: dict[str, Any]) -> str:
    """'B1b 重点领域职责分工' (the root reads '共性指标 C')."""
    return t("pf_root_label") if node["code"] == "ROOT" else f"{node['code']} {node['name']}"


def _pts(node: dict[str, Any]) -> str:
    return f"{fmt_num(node['points'])} / {fmt_num(node['max_points'])}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _wrapped_table(df: pd.DataFrame) -> None:
    """A static table whose long texts wrap instead of being cut off. st.table reads cells as
    Markdown, so every text is escaped first: data is shown literally, never interpreted."""
    st.table(df.map(lambda v: _MD_SPECIAL.sub(r"\\\1", str(v))), hide_index=True)


@st.cache_data(max_entries=512, show_spinner=False)
def _chart_spec(builder: str, args: tuple[Any, ...]) -> dict[str, Any]:
    spec: dict[str, Any] = getattr(charts, builder)(*args).to_dict(validate=False)
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default-theme sizes
        view.pop(key, None)
    return spec


def show(builder: Callable[..., charts.AnyChart], *args: Any, where: Any = st,
         **select: Any) -> Any:
    """Draw the chart ``builder(*args)`` of ui.profile_charts. Building Altair objects and
    validating them against the JSON schema took most of each rerun, so the finished spec is
    cached by its inputs (the data itself: changed data makes a new entry). ``select`` passes
    on_select / selection_mode / key for a chart with a selection parameter."""
    return where.vega_lite_chart(spec=_chart_spec(builder.__name__, args), width="stretch",
                                 **select)


def _facts(rows: Sequence[tuple[str, str]]) -> None:
    """A two-column table of labelled values; long notes wrap."""
    _wrapped_table(pd.DataFrame({t("pf_col_item"): [r[0] for r in rows],
                                 t("pf_col_value"): [r[1] for r in rows]}))


# -- which agency ----------------------------------------------------------------------------

def _requested() -> int | None | str:
    raw = st.query_params.get(AGENCY_PARAM)
    if raw in (None, ""):
        return None
    try:
        return int(str(raw))
    except ValueError:
        return "invalid"


def _sync_param() -> None:
    st.query_params[AGENCY_PARAM] = str(st.session_state[_AGENCY_KEY])


def choose_agency(ctx: PageContext, summary: pd.DataFrame) -> tuple[int, str] | None:
    """The agency to show and its name: an agency user's own agency whatever the URL says;
    for office roles the `agency` query parameter preselects, the selectbox changes it, and the
    parameter follows the selectbox so the URL can be shared."""
    requested = _requested()
    if ctx.agency_scope is not None:
        own = int(ctx.agency_scope)
        if requested is not None and requested != own:
            # The URL is left as it is, so the note survives reruns; nothing else is read from it.
            st.info(t("pf_own_only"))
        return own, str(ctx.user.agency_name or "")
    names = {int(a): str(n) for a, n in zip(summary["agency_id"], summary["name"])}
    if requested == "invalid":
        st.warning(t("pf_bad_param"))
        requested = None
    elif isinstance(requested, int) and requested not in names:
        found = cache.cached(agency_label, _P(), requested)
        if found is None:
            st.warning(t("pf_bad_param"))
            requested = None
        else:
            names[requested] = str(found["name"])
    options = list(names)
    if not options:
        return None
    if isinstance(requested, int) and st.session_state.get(_AGENCY_KEY) != requested:
        st.session_state[_AGENCY_KEY] = requested
    elif st.session_state.get(_AGENCY_KEY) not in options:
        st.session_state[_AGENCY_KEY] = options[0]
    st.selectbox(t("pf_pick_agency"), options, format_func=names.__getitem__, key=_AGENCY_KEY,
                 on_change=_sync_param)
    chosen = int(st.session_state[_AGENCY_KEY])
    st.query_params[AGENCY_PARAM] = str(chosen)
    return chosen, names[chosen]


def not_evaluated(agency_id: int, name: str, ctx: PageContext) -> None:
    """Explained empty state: the agency is not in the selected round."""
    rounds = cache.cached(agency_rounds, _P(), agency_id)
    st.info(t("pf_not_in_round", agency=name, round=ctx.round_name))
    if rounds.empty:
        st.caption(t("pf_never_evaluated"))
    else:
        years = "、".join(t("pf_round_year", year=int(y)) for y in rounds["year"])
        st.caption(t("pf_rounds_of_agency", rounds=years))


# -- headline --------------------------------------------------------------------------------

def headline(ex: dict[str, Any], n_ranked: int) -> None:
    """Composite (with its grade), C, X, rank and coverage; the formula; the flags and why."""
    w = ex["weights"]
    only_c = w["formula"] == "C"
    grade = str(ex["grade"])
    short = ex["coverage"] < ex["min_coverage"]
    cards: list[tuple[str, str, str | None, DeltaColor]] = [
        (t("pf_kpi_composite"), fmt_num(ex["composite"]), tv("pf_grade", grade),
         _GRADE_TONE.get(grade, "gray")),
        (t("pf_kpi_common"), fmt_num(ex["common"]), None, "off"),
        (t("pf_kpi_individual"), fmt_num(ex["individual"]),
         t("pf_no_individual") if only_c else None, "gray"),
        (t("pf_kpi_rank"), t("pf_rank_value", rank=fmt_int(ex["rank"]), n=n_ranked)
         if ex["rank"] is not None else "—", t("pf_unranked") if ex["rank"] is None else None,
         "gray"),
        (t("pf_kpi_coverage"), pct(ex["coverage"], 0),
         t("pf_below_min", min=pct(ex["min_coverage"], 0)) if short else None, "red"),
    ]
    for col, (label, value, delta, tone) in zip(st.columns(len(cards)), cards, strict=True):
        col.metric(label, value, delta=delta, delta_color=tone, delta_arrow="off", border=True)
    if only_c:
        st.caption(t("pf_formula_c", c=fmt_num(ex["common"]), total=fmt_num(ex["composite"])))
    else:
        st.caption(t("pf_formula", wc=fmt_num(w["common"]), c=fmt_num(ex["common"]),
                     wi=fmt_num(w["individual"]), x=fmt_num(ex["individual"]),
                     total=fmt_num(ex["composite"])))
    if ex["grade"] == "数据不足" or ex["coverage"] < ex["min_coverage"]:
        missing = [n for n in charts.flat_nodes(ex["tree"])
                   if "detail" in n and not n["present"]]
        st.warning(t("pf_insufficient", coverage=pct(ex["coverage"]),
                     min=pct(ex["min_coverage"], 0), n=len(missing)))
        table(pd.DataFrame({
            t("pf_col_indicator"): [node_label(n) for n in missing],
            t("pf_col_max"): [fmt_num(n["max_points"]) for n in missing],
            t("pf_col_reason"): [_missing_reason(n) for n in missing],
        }))
    gap = ex["self_gap"]
    if gap["overrated"]:
        st.warning(t("pf_self_overrated", points=fmt_num(gap["points"]), share=pct(gap["share"]),
                     threshold=pct(gap["threshold"], 0)))
    if ex["key_target"]["flag"]:
        reasons = "；".join(t(f"pf_reason_{r}") for r in ex["key_target"]["reasons"])
        st.warning(t("pf_key_target", reasons=reasons))


def _missing_reason(node: dict[str, Any]) -> str:
    detail = node.get("detail") or {}
    reason = detail.get("missing_reason", "")
    if reason == "no_survey_index" and detail.get("n"):
        return t("pf_missing_suppressed", n=detail["n"])
    return t(f"pf_missing_{reason}") if reason else "—"


# -- score breakdown -------------------------------------------------------------------------

def l1_chart(ex: dict[str, Any]) -> None:
    """Points against maximum of each level-1 indicator."""
    st.markdown(f"**{t('pf_l1_title')}**")
    l1 = ex["tree"]["children"]
    show(charts.l1_bars, pd.DataFrame({
        "label": [node_label(n) for n in l1], "points": [n["points"] for n in l1],
        "max_points": [n["max_points"] for n in l1], "text": [_pts(n) for n in l1]}),
        t("pf_axis_points"))


def score_tree(ex: dict[str, Any], findings: pd.DataFrame, config: RoundConfig) -> None:
    """The whole tree as a selectable table and the selected node's inputs; then X."""
    nodes = charts.flat_nodes(ex["tree"])
    codes = [n["code"] for n in nodes]
    if st.session_state.get(_NODE_KEY) not in codes:
        st.session_state[_NODE_KEY] = "ROOT"

    def pick_row() -> None:
        rows = st.session_state["pf_tree_table"].selection.rows
        if rows:
            st.session_state[_NODE_KEY] = codes[rows[0]]

    left, right = st.columns([11, 8], gap="medium")
    with left:
        st.markdown(f"**{t('pf_tree_title')}**")
        st.caption(t("pf_tree_hint"))
        indent = "\u3000"
        st.dataframe(pd.DataFrame({
            t("pf_col_indicator"): [indent * n["level"] + node_label(n) for n in nodes],
            t("pf_col_points"): [fmt_num(n["points"]) for n in nodes],
            t("pf_col_max"): [fmt_num(n["max_points"]) for n in nodes],
            t("pf_col_share"): [pct(n["share"]) for n in nodes],
            t("pf_col_source"): [_source_label(n) for n in nodes],
        }), hide_index=True, width="stretch", height=420, key="pf_tree_table",
            on_select=pick_row, selection_mode="single-row",
            column_config={t("pf_col_indicator"): st.column_config.TextColumn(width="medium")})
    with right:
        labels = {n["code"]: node_label(n) for n in nodes}
        # The widget has one key per language: Streamlit keeps a selectbox's value as its
        # label, and the root's label changes with the language. The choice itself lives in
        # _NODE_KEY, which the table's row selection also sets.
        widget = f"{_NODE_KEY}_{current_lang()}"
        st.session_state[widget] = st.session_state[_NODE_KEY]
        st.selectbox(t("pf_inspect"), codes, format_func=labels.__getitem__, key=widget,
                     on_change=lambda: st.session_state.update(
                         {_NODE_KEY: st.session_state[widget]}))
        node_detail(ex, str(st.session_state[_NODE_KEY]), findings, config)
    if ex["individual_indicators"]:
        _individual(ex)


def _source_label(node: dict[str, Any]) -> str:
    if "source_kind" not in node:
        return ""
    kind = node["source_kind"]
    if node["source"] == "computed[usage]":
        return t("pf_src_usage")
    if kind == "computed":
        return t("pf_src_peer")
    return t(f"pf_src_{kind}")


def _find(tree: dict[str, Any], code: str) -> dict[str, Any] | None:
    if tree["code"] == code:
        return tree
    for child in tree.get("children", []):
        hit = _find(child, code)
        if hit is not None:
            return hit
    return None


def node_detail(ex: dict[str, Any], code: str, findings: pd.DataFrame,
                config: RoundConfig) -> None:
    """The inputs behind one node: its children and the re-scaling rule, or a leaf's detail."""
    node = _find(ex["tree"], code)
    if node is None:
        st.info(t("pf_no_node"))
        return
    st.markdown(f"**{node_label(node)}** · {_pts(node)} · {pct(node['share'])}")
    if "children" in node:
        _children(ex, node)
        return
    if node.get("eval_point"):
        st.caption(t("pf_eval_point", text=node["eval_point"]))
    detail = node.get("detail") or {}
    if not node["present"]:
        st.info(t("pf_leaf_missing", reason=_missing_reason(node)))
    kind, source = node["source_kind"], node["source"]
    if kind == "team":
        _facts([(t("pf_src_team"), fmt_num(node["team_score"])),
                (t("pf_self_score"), fmt_num(node["self_score"])),
                (t("pf_note"), str(node["note"] or "—"))])
    elif kind == "external":
        _external_detail(node, detail, config)
    elif kind == "survey":
        _survey_facts(detail, node)
    elif kind == "deduct":
        _deduct_detail(node, detail, findings)
    elif source == "computed[usage]":
        _usage_detail(node, detail, config)
    else:
        _peer_detail(node, detail, config)


def _children(ex: dict[str, Any], node: dict[str, Any]) -> None:
    kids = node["children"]
    present = [k for k in kids if k["present"]]
    got = sum(k["points"] for k in present)
    top = sum(k["max_points"] for k in present)
    if node["code"] == "ROOT":
        w = ex["weights"]
        st.caption(t("pf_root_rule") if w["formula"] == "C" else t(
            "pf_root_rule_x", wc=fmt_num(w["common"]), wi=fmt_num(w["individual"])))
    if node["present"]:
        st.caption(t("pf_rescale_rule", got=fmt_num(got), top=fmt_num(top),
                     max=fmt_num(node["max_points"]), points=fmt_num(node["points"])))
    table(pd.DataFrame({
        t("pf_col_indicator"): [node_label(k) for k in kids],
        t("pf_col_points"): [fmt_num(k["points"]) for k in kids],
        t("pf_col_max"): [fmt_num(k["max_points"]) for k in kids],
        t("pf_col_share"): [pct(k["share"]) for k in kids],
    }))


def _external_detail(node: dict[str, Any], detail: dict[str, Any], config: RoundConfig) -> None:
    levels = list(config.rating_values)
    counts = detail.get("counts") or {}
    rows = {t("pf_col_matter"): [tv("pf_matter", m) for m in detail.get("matters", [])]}
    for level in levels:
        head = f"{tv('pf_rating', level)} (={fmt_num(config.rating_values[level], 1)})"
        rows[head] = [fmt_int(counts.get(m, {}).get(level, 0)) for m in detail.get("matters", [])]
    table(pd.DataFrame(rows))
    if detail.get("n"):
        st.caption(t("pf_external_rule", n=detail["n"], mean=fmt_num(detail["mean_value"], 3),
                     max=fmt_num(node["max_points"]), points=fmt_num(node["points"])))


def _survey_facts(detail: dict[str, Any], node: dict[str, Any]) -> None:
    _facts([(t("pf_col_questionnaire"), tv("问卷", str(detail.get("questionnaire", "")))),
            (t("pf_survey_n_label"), fmt_int(detail.get("n"))),
            ("SI", fmt_num(detail.get("si"))),
            (t("pf_ci"), _ci(detail)),
            (t("pf_satisfaction_rate"), pct(detail.get("satisfaction_rate")))])
    if node["present"]:
        st.caption(t("pf_survey_rule", max=fmt_num(node["max_points"]),
                     si=fmt_num(detail.get("si")), points=fmt_num(node["points"])))
    if detail.get("small_sample") and not detail.get("suppressed"):
        st.warning(t("pf_survey_small", n=detail.get("n")))


def _ci(d: dict[str, Any]) -> str:
    if d.get("ci_low") is None:
        return "—"
    return f"[{fmt_num(d['ci_low'])}, {fmt_num(d['ci_high'])}]"


def _deduct_detail(node: dict[str, Any], detail: dict[str, Any], findings: pd.DataFrame) -> None:
    listed = detail.get("findings") or []
    if not listed:
        st.caption(t("pf_deduct_none", max=fmt_num(node["max_points"])))
        return
    text = findings.set_index("finding_id")["description"].to_dict() if not findings.empty else {}
    table(pd.DataFrame({
        t("pf_col_finding"): [str(text.get(f["finding_id"], f"#{f['finding_id']}"))
                              for f in listed],
        t("pf_col_severity"): [tv("pf_sev", f["severity"]) for f in listed],
        t("pf_col_deduct"): [fmt_num(f["points"]) for f in listed],
    }))
    st.caption(t("pf_deduct_rule", max=fmt_num(node["max_points"]),
                 sev=fmt_num(detail["severity_points"]), points=fmt_num(node["points"])))


def _usage_detail(node: dict[str, Any], detail: dict[str, Any], config: RoundConfig) -> None:
    auth, actual = detail.get("authorized") or {}, detail.get("actual") or {}
    table(pd.DataFrame({
        t("pf_col_post"): [t(f"pf_post_{p}") for p in POSTS] + [t("pf_total")],
        t("pf_authorized"): [fmt_int(auth.get(p)) for p in POSTS]
        + [fmt_int(detail.get("authorized_total"))],
        t("pf_actual"): [fmt_int(actual.get(p)) for p in POSTS]
        + [fmt_int(detail.get("actual_total"))],
    }))
    st.caption(t("pf_usage_rule", u=pct(detail.get("u")), low=pct(config.usage_full_low, 0),
                 high=pct(config.usage_full_high, 0), zero=pct(config.usage_zero_low, 0)))


def _peer_detail(node: dict[str, Any], detail: dict[str, Any], config: RoundConfig) -> None:
    per_10k = detail.get("measure") == "authorized_per_10k"
    digits = 4 if per_10k else 1
    facts = [(t("pf_peer_measure"), t("pf_measure_per10k") if per_10k
              else t("pf_measure_per_staff", metric=str(detail.get("metric") or "—"))),
             (t("pf_peer_own"), fmt_num(detail.get("x"), digits)),
             (t("pf_peer_median"), fmt_num(detail.get("median"), digits)),
             (t("pf_peer_d"), pct(detail.get("d"))),
             (t("pf_peer_n"), fmt_int(detail.get("n_peers")))]
    if per_10k:
        facts.insert(2, (t("pf_population"), fmt_num(detail.get("population"))))
    else:
        facts.insert(2, (t("pf_workload_value"), fmt_num(detail.get("workload"), 0)))
    _facts(facts)
    st.caption(t("pf_peer_rule", full=pct(config.peer_full_d, 0), zero=pct(config.peer_zero_d, 0),
                 min=config.peer_min_count))
    peers = detail.get("peers") or {}
    if peers:
        with st.expander(t("pf_peers_used", n=len(peers))):
            table(pd.DataFrame({t("pf_col_city"): list(peers),
                                t("pf_col_value"): [fmt_num(v, digits) for v in peers.values()]}))


def _individual(ex: dict[str, Any]) -> None:
    st.markdown(f"**{t('pf_individual_title')}**")
    rows = ex["individual_indicators"]
    table(pd.DataFrame({
        t("pf_col_code"): [r["code"] for r in rows],
        t("pf_col_indicator"): [r["name"] for r in rows],
        t("pf_col_weight"): [fmt_num(r["weight"]) for r in rows],
        t("pf_col_weight_share"): [pct(r["weight_share"]) for r in rows],
        t("pf_col_team"): [fmt_num(r["score"]) for r in rows],
        t("pf_col_self"): [fmt_num(r["self_score"]) for r in rows],
    }))
    st.caption(t("pf_x_rule", x=fmt_num(ex["individual"])))


# -- change since the previous round ---------------------------------------------------------

def previous_change(ex: dict[str, Any], agency_id: int, ctx: PageContext) -> None:
    """Waterfall of C from this agency's previous evaluated round, by level-1 indicator."""
    st.markdown(f"**{t('pf_change_title')}**")
    rounds = cache.cached(agency_rounds, _P(), agency_id)
    earlier = rounds[rounds["year"] < ctx.round_year]
    if earlier.empty:
        st.info(t("pf_no_previous"))
        return
    prev = earlier.iloc[0]
    prev_result: RoundResult = cache.round_result(_P(), int(prev["round_id"]))
    prev_ex = explain_agency(prev_result, agency_id)
    labels = {"prev": t("pf_round_year", year=int(prev["year"])),
              "cur": t("pf_round_year", year=ctx.round_year), "rescale": t("pf_rescale_step")}
    frame = charts.waterfall_frame(prev_ex["tree"], ex["tree"], labels, fmt_num)
    show(charts.waterfall, frame, t("pf_axis_common"))
    st.caption(t("pf_change_caption", prev=fmt_num(prev_ex["composite"]),
                 cur=fmt_num(ex["composite"]), year=int(prev["year"])))


# -- ratings and surveys ---------------------------------------------------------------------

def ratings_and_surveys(ex: dict[str, Any], config: RoundConfig) -> None:
    """Self vs team per leaf, external ratings by matter, both surveys with their warnings."""
    leaves = [n for n in charts.flat_nodes(ex["tree"]) if "detail" in n]
    both = [n for n in leaves if n["team_score"] is not None and n["self_score"] is not None]
    st.subheader(t("pf_self_team_title"))
    gap = ex["self_gap"]
    if both:
        st.caption(t("pf_gap_caption", points=fmt_num(gap["points"]), share=pct(gap["share"]),
                     threshold=pct(gap["threshold"], 0)))
        series = {"self": t("pf_self_score"), "team": t("pf_src_team")}
        frame = pd.DataFrame([
            {"label": node_label(n), "series": series[s],
             "share": n[f"{s}_score"] / n["max_points"],
             "text": f"{fmt_num(n[f'{s}_score'])} / {fmt_num(n['max_points'])}"}
            for n in both for s in ("self", "team")])
        show(charts.self_team_dumbbell, frame, t("pf_axis_share"))
    else:
        st.info(t("pf_no_self_scores"))
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("pf_external_title"))
        _ratings_chart(leaves, config)
    with right:
        st.subheader(t("pf_surveys_title"))
        _surveys(ex)


def _ratings_chart(leaves: list[dict[str, Any]], config: RoundConfig) -> None:
    levels = list(config.rating_values)
    rows = []
    for node in leaves:
        if node["source_kind"] != "external":
            continue
        counts = node["detail"].get("counts") or {}
        for matter in node["detail"].get("matters", []):
            for level in levels:
                rows.append({"matter": tv("pf_matter", matter), "level": level,
                             "level_label": tv("pf_rating", level),
                             "n": counts.get(matter, {}).get(level, 0)})
    frame = pd.DataFrame(rows)
    if frame.empty or frame["n"].sum() == 0:
        st.info(t("pf_no_ratings"))
        return
    show(charts.rating_bars, frame, levels, [tv("pf_rating", lv) for lv in levels],
         t("pf_axis_count"))
    ext = [n for n in leaves if n["source_kind"] == "external" and n["present"]]
    st.caption(t("pf_sep").join(
        t("pf_external_leaf", code=n["code"], points=fmt_num(n["points"]),
          max=fmt_num(n["max_points"]), mean=fmt_num(n["detail"]["mean_value"], 3))
        for n in ext))


def _surveys(ex: dict[str, Any]) -> None:
    by_q = {s["questionnaire"]: s for s in ex["surveys"]}
    for q in QUESTIONNAIRES:
        label = tv("问卷", q)
        s = by_q.get(q)
        if s is None:
            st.info(t("pf_survey_none", q=label))
            continue
        if s["suppressed"]:
            st.info(t("pf_survey_suppressed", q=label, n=s["n"]))
            continue
        st.markdown(f"**{label}**")
        c1, c2 = st.columns(2)
        c1.metric(t("pf_survey_si"), fmt_num(s["si"]), border=True)
        c2.metric(t("pf_survey_n"), fmt_int(s["n"]), border=True)
        st.caption(t("pf_survey_caption", ci=_ci(s), rate=pct(s["satisfaction_rate"])))
        if s["small_sample"]:
            st.warning(t("pf_survey_small", n=s["n"]))
