"""The inputs behind one indicator of one agency, as a view model: an inner node's children
and the re-scaling rule, or a leaf's inputs by source (team score, ratings by matter, survey
figures, findings deducted, posts and usage rate, peer comparison), each with the rule that
turns them into points. The profile's inspector and the indicator breakdown's selected cell
both show it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from domain.catalog import translate
from domain.fmt import fmt_int, fmt_num, fmt_pct
from domain.vocab import (
    ComputedRule,
    Matter,
    MissingReason,
    PostType,
    Questionnaire,
    Rating,
    Severity,
    SourceKind,
    term_label,
)
from scoring import RoundConfig
from views.common import Column, Table
from views.names import Names
from views.profile_explain import (
    DeductDetail,
    Explained,
    ExternalDetail,
    Node,
    PeerDetail,
    SurveyDetail,
    TeamDetail,
    UsageDetail,
)

__all__ = [
    "Texts",
    "texts",
    "NodeDetail",
    "node_detail",
    "node_label",
    "points_text",
    "source_label",
    "missing_text",
    "capital",
    "facts",
    "survey_interval",
]

Texts = Callable[..., str]


def texts(lang: str) -> Texts:
    """``t(key, **values)`` in ``lang``."""
    return partial(translate, lang=lang)


def capital(text: str) -> str:
    """A vocabulary label standing alone (a table cell): first letter upper case."""
    return text[:1].upper() + text[1:]


def node_label(node: Node, names: Names, t: Texts) -> str:
    """'B1b 重点领域职责分工' (the root reads '共性指标 C')."""
    if node.level == 0:
        return t("pf_root_label")
    return f"{node.code} {names.indicator(node.code, node.name)}"


def points_text(node: Node) -> str:
    return f"{fmt_num(node.points)} / {fmt_num(node.max_points)}"


def source_label(node: Node, lang: str) -> str:
    """Where a leaf's score comes from: the source kind, or the computed rule."""
    if node.source_kind is None:
        return ""
    if node.source_kind == SourceKind.COMPUTED and isinstance(node.detail, UsageDetail):
        return capital(ComputedRule.USAGE.label(lang))
    if isinstance(node.detail, PeerDetail):
        return capital(node.detail.rule.label(lang))
    return node.source_kind.label(lang)


def missing_text(node: Node, t: Texts, lang: str) -> str:
    """Why a leaf has no score ('—' when it has one)."""
    reason = node.missing_reason
    if reason is None:
        return "—"
    if (
        reason == MissingReason.NO_SURVEY_INDEX
        and isinstance(node.detail, SurveyDetail)
        and node.detail.n
    ):
        return t("pf_missing_suppressed", n=node.detail.n)
    return reason.label(lang)


def facts(rows: list[tuple[str, str]], t: Texts) -> Table:
    """A two-column table of labelled values (texts)."""
    frame = pd.DataFrame({"item": [r[0] for r in rows], "value": [r[1] for r in rows]})
    return Table(frame, (Column("item", t("pf_col_item")), Column("value", t("pf_col_value"))))


@dataclass(frozen=True)
class NodeDetail:
    """What the inspector shows for one node, top to bottom: the title, captions above,
    a note when the leaf has no data, the table (``static``: labelled values that wrap, else a
    data table), captions under it, a warning, and the peer cities (``peers``) if any."""

    code: str
    title: str
    node: Node | None
    before: tuple[str, ...] = ()
    missing: str | None = None
    table: Table | None = None
    static: bool = False
    after: tuple[str, ...] = ()
    warning: str | None = None
    peers_title: str | None = None
    peers: Table | None = None


def node_detail(
    ex: Explained,
    code: str,
    config: RoundConfig,
    names: Names,
    lang: str,
    finding_texts: Mapping[int, str],
) -> NodeDetail:
    """The detail of node ``code`` of ``ex`` (``finding_texts``: finding id → description)."""
    t = texts(lang)
    node = ex.tree.find(code)
    if node is None:
        return NodeDetail(code, t("pf_no_node"), None)
    title = f"{node_label(node, names, t)} · {points_text(node)} · {fmt_pct(node.share)}"
    base = NodeDetail(code, title, node)
    if not node.is_leaf:
        return _inner(base, ex, node, names, t)
    before = (
        (t("pf_eval_point", text=names.eval_point(code, node.eval_point)),)
        if node.eval_point
        else ()
    )
    missing = None if node.present else t("pf_leaf_missing", reason=missing_text(node, t, lang))
    base = replace(base, before=before, missing=missing)
    d = node.detail
    if isinstance(d, TeamDetail):
        return replace(
            base,
            static=True,
            table=facts(
                [
                    (SourceKind.TEAM.label(lang), fmt_num(d.team_score)),
                    (t("pf_self_score"), fmt_num(d.self_score)),
                    (t("pf_note"), d.note or "—"),
                ],
                t,
            ),
        )
    if isinstance(d, ExternalDetail):
        return _external(base, node, d, config, lang, t)
    if isinstance(d, SurveyDetail):
        return _survey(base, node, d, lang, t)
    if isinstance(d, DeductDetail):
        return _deduct(base, node, d, finding_texts, lang, t)
    if isinstance(d, UsageDetail):
        return _usage(base, d, config, lang, t)
    assert isinstance(d, PeerDetail)
    return _peer(base, d, config, names, t)


def _inner(base: NodeDetail, ex: Explained, node: Node, names: Names, t: Texts) -> NodeDetail:
    present = [k for k in node.children if k.present]
    got = sum(k.points or 0.0 for k in present)
    top = sum(k.max_points for k in present)
    before: list[str] = []
    if node.level == 0:
        before.append(
            t("pf_root_rule")
            if ex.only_common
            else t("pf_root_rule_x", wc=fmt_num(ex.weight_common), wi=fmt_num(ex.weight_individual))
        )
    if node.present:
        before.append(
            t(
                "pf_rescale_rule",
                got=fmt_num(got),
                top=fmt_num(top),
                max=fmt_num(node.max_points),
                points=fmt_num(node.points),
            )
        )
    kids = node.children
    frame = pd.DataFrame(
        {
            "indicator": [node_label(k, names, t) for k in kids],
            "points": [k.points for k in kids],
            "max_points": [k.max_points for k in kids],
            "share": [None if k.share is None else k.share * 100 for k in kids],
        }
    )
    table = Table(
        frame,
        (
            Column("indicator", t("pf_col_indicator")),
            Column("points", t("pf_col_points"), "number"),
            Column("max_points", t("pf_col_max"), "number"),
            Column("share", t("pf_col_share"), "percent"),
        ),
    )
    return replace(base, before=tuple(before), table=table)


def _external(
    base: NodeDetail, node: Node, d: ExternalDetail, config: RoundConfig, lang: str, t: Texts
) -> NodeDetail:
    frame = pd.DataFrame({"matter": [capital(term_label(Matter, m, lang)) for m in d.matters]})
    columns = [Column("matter", t("pf_col_matter"))]
    for i, (level, value) in enumerate(config.rating_values.items()):
        key = f"level_{i}"
        frame[key] = [d.counts.get(m, {}).get(level, 0) for m in d.matters]
        head = f"{term_label(Rating, level, lang)} (={fmt_num(value, 1)})"
        columns.append(Column(key, head, "int"))
    after = (
        (
            t(
                "pf_external_rule",
                n=d.n,
                mean=fmt_num(d.mean_value, 3),
                max=fmt_num(node.max_points),
                points=fmt_num(node.points),
            ),
        )
        if d.n
        else ()
    )
    return replace(base, table=Table(frame, tuple(columns)), after=after)


def survey_interval(low: float | None, high: float | None) -> str:
    return "—" if low is None or high is None else f"[{fmt_num(low)}, {fmt_num(high)}]"


def _survey(base: NodeDetail, node: Node, d: SurveyDetail, lang: str, t: Texts) -> NodeDetail:
    table = facts(
        [
            (t("pf_col_questionnaire"), term_label(Questionnaire, d.questionnaire, lang)),
            (t("pf_survey_n_label"), fmt_int(d.n)),
            ("SI", fmt_num(d.si)),
            (t("pf_ci"), survey_interval(d.ci_low, d.ci_high)),
            (t("pf_satisfaction_rate"), fmt_pct(d.satisfaction_rate)),
        ],
        t,
    )
    after = (
        (
            t(
                "pf_survey_rule",
                max=fmt_num(node.max_points),
                si=fmt_num(d.si),
                points=fmt_num(node.points),
            ),
        )
        if node.present
        else ()
    )
    warning = t("pf_survey_small", n=d.n) if d.small_sample and not d.suppressed else None
    return replace(base, table=table, static=True, after=after, warning=warning)


def _deduct(
    base: NodeDetail,
    node: Node,
    d: DeductDetail,
    finding_texts: Mapping[int, str],
    lang: str,
    t: Texts,
) -> NodeDetail:
    if not d.findings:
        return replace(base, after=(t("pf_deduct_none", max=fmt_num(node.max_points)),))
    frame = pd.DataFrame(
        {
            "finding": [finding_texts.get(f.finding_id, f"#{f.finding_id}") for f in d.findings],
            "severity": [term_label(Severity, f.severity, lang) for f in d.findings],
            "points": [f.points for f in d.findings],
        }
    )
    table = Table(
        frame,
        (
            Column("finding", t("pf_col_finding")),
            Column("severity", t("pf_col_severity")),
            Column("points", t("pf_col_deduct"), "number"),
        ),
    )
    return replace(
        base,
        table=table,
        after=(
            t(
                "pf_deduct_rule",
                max=fmt_num(node.max_points),
                sev=fmt_num(d.severity_points),
                points=fmt_num(node.points),
            ),
        ),
    )


def _usage(
    base: NodeDetail, d: UsageDetail, config: RoundConfig, lang: str, t: Texts
) -> NodeDetail:
    posts = list(PostType)
    frame = pd.DataFrame(
        {
            "post": [p.posts_label(lang) for p in posts] + [t("pf_total")],
            "authorized": [d.authorized.get(p.code) for p in posts] + [d.authorized_total],
            "actual": [d.actual.get(p.code) for p in posts] + [d.actual_total],
        }
    )
    table = Table(
        frame,
        (
            Column("post", t("pf_col_post")),
            Column("authorized", t("pf_authorized"), "int"),
            Column("actual", t("pf_actual"), "int"),
        ),
    )
    rule = t(
        "pf_usage_rule",
        u=fmt_pct(d.u),
        low=fmt_pct(config.usage_full_low, 0),
        high=fmt_pct(config.usage_full_high, 0),
        zero=fmt_pct(config.usage_zero_low, 0),
    )
    return replace(base, table=table, after=(rule,))


def _peer(
    base: NodeDetail, d: PeerDetail, config: RoundConfig, names: Names, t: Texts
) -> NodeDetail:
    per_10k = d.rule == ComputedRule.STAFFING_PEER
    digits = 4 if per_10k else 1  # posts per 10,000 residents are small numbers
    rows = [
        (
            t("pf_peer_measure"),
            t("pf_measure_per10k")
            if per_10k
            else t("pf_measure_per_staff", metric=names.metric(d.metric) if d.metric else "—"),
        ),
        (t("pf_peer_own"), fmt_num(d.x, digits)),
        (t("pf_peer_median"), fmt_num(d.median, digits)),
        (t("pf_peer_d"), fmt_pct(d.d)),
        (t("pf_peer_n"), fmt_int(d.n_peers)),
    ]
    rows.insert(
        2,
        (t("pf_population"), fmt_num(d.population))
        if per_10k
        else (t("pf_workload_value"), fmt_num(d.workload, 0)),
    )
    rule = t(
        "pf_peer_rule",
        full=fmt_pct(config.peer_full_d, 0),
        zero=fmt_pct(config.peer_zero_d, 0),
        min=config.peer_min_count,
    )
    peers = None
    if d.peers:
        # City names are stored in Chinese only (no English name yet).
        peers = Table(
            pd.DataFrame(
                {"city": list(d.peers), "value": [fmt_num(v, digits) for v in d.peers.values()]}
            ),
            (Column("city", t("pf_col_city")), Column("value", t("pf_col_value"))),
        )
    return replace(
        base,
        table=facts(rows, t),
        static=True,
        after=(rule,),
        peers_title=t("pf_peers_used", n=len(d.peers)) if d.peers else None,
        peers=peers,
    )
