"""单位画像 Agency profile as a view model: one agency's score from the composite down to
every leaf's inputs, its change since its previous round, self/external/survey ratings,
personnel structure and findings (``build_profile``); the agencies a user may pick
(``agency_options``, ``agency_name``). Parts: ``views.profile_headline``,
``views.profile_detail`` (one node's inputs), ``views.profile_ratings``,
``views.profile_sections`` (personnel, findings). Staffing over the years is on the 编制与用编
page (``views.staffing_history``), not built here.

Scores come from the scored round (``reader.round_result``, scoped to the principal) through
``views.profile_explain``; personnel and findings from ``data_access.profile_queries``. What
derives from the round's result alone (the explained tree, every node's detail, the charts,
the change since the previous round) is built once per version of the rounds it reads
(``reader.memo``), so a warm rerun only reads the findings and draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from data_access.profile_queries import agency_findings, agency_label, agency_rounds
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_num, joined
from domain.vocab import Nature, term_label
from scoring import RoundResult
from views.common import Column, Table
from views.names import Names, load_names
from views.profile_charts import Chart, l1_bars, waterfall
from views.profile_detail import (
    NodeDetail,
    Texts,
    node_detail,
    node_label,
    points_text,
    source_label,
    texts,
)
from views.profile_explain import Explained, Node, explain
from views.profile_headline import Card, Headline, build_headline
from views.profile_ratings import Ratings, SurveyCard, build_ratings
from views.profile_sections import Findings, Personnel, build_findings, build_personnel

__all__ = [
    "Card",
    "Headline",
    "ScoreTree",
    "Individual",
    "Change",
    "SurveyCard",
    "Ratings",
    "Profile",
    "Absent",
    "build_profile",
    "agency_options",
    "agency_name",
    "waterfall_frame",
    "INDENT",
]

INDENT = "\u3000"  # an ideographic space per tree level


@dataclass(frozen=True)
class ScoreTree:
    """The whole tree as a table (rows in ``codes`` order) and every node's detail."""

    table: Table
    codes: tuple[str, ...]
    labels: dict[str, str]
    details: dict[str, NodeDetail]


@dataclass(frozen=True)
class Individual:
    table: Table
    caption: str


@dataclass(frozen=True)
class Change:
    """C since the agency's previous round: a waterfall by level-1 indicator, or a note."""

    chart: Chart | None
    caption: str | None
    note: str | None


@dataclass(frozen=True)
class Profile:
    agency_id: int
    name: str
    title: str
    headline: Headline
    l1: Chart
    change: Change
    tree: ScoreTree
    individual: Individual | None
    ratings: Ratings
    personnel: Personnel
    findings: Findings
    explained: Explained


@dataclass(frozen=True)
class _Scored:
    """The parts of a profile that derive from the round's result (memoized together)."""

    name: str
    title: str
    headline: Headline
    l1: Chart
    tree: ScoreTree
    individual: Individual | None
    ratings: Ratings
    explained: Explained


@dataclass(frozen=True)
class Absent:
    """The agency is not in the round: why, and the rounds that did evaluate it."""

    agency_id: int
    name: str
    note: str
    rounds: str


def agency_options(reader: Reader, rnd: RoundRef, lang: str) -> dict[int, str]:
    """The round's agencies the principal may see: id → name, in the round's order."""
    summary = reader.round_result(rnd.round_id).summary
    names = load_names(reader, rnd.round_id, lang)
    return {int(a): names.agency(a, n) for a, n in zip(summary["agency_id"], summary["name"])}


def agency_name(reader: Reader, rnd: RoundRef, lang: str, agency_id: int) -> str | None:
    """The name of any agency the principal may see; None when unknown (or not visible)."""
    found = reader(agency_label, agency_id)
    if found is None:
        return None
    return load_names(reader, rnd.round_id, lang).agency(found["agency_id"], found["name"])


def build_profile(
    reader: Reader, rnd: RoundRef, lang: str, agency_id: int, today: dt.date
) -> Profile | Absent:
    """The profile of ``agency_id`` (an agency principal always gets its own agency)."""
    t = texts(lang)
    wanted = reader.principal.scoped_agency(agency_id)
    agency_id = int(agency_id if wanted is None else wanted)
    result = reader.round_result(rnd.round_id)
    if agency_id not in set(result.summary["agency_id"].astype(int)):
        return _absent(reader, rnd, lang, agency_id, t)
    findings = reader(agency_findings, rnd.round_id, agency_id, today)
    descriptions = {int(i): str(d) for i, d in zip(findings["finding_id"], findings["description"])}
    rounds = (rnd.round_id,)
    scored = reader.memo(
        rounds,
        ("views.profile.scored", agency_id, lang, tuple(sorted(descriptions.items()))),
        lambda: _scored(reader, rnd, result, agency_id, lang, descriptions),
    )
    return Profile(
        agency_id=agency_id,
        name=scored.name,
        title=scored.title,
        headline=scored.headline,
        l1=scored.l1,
        change=_change(reader, rnd, scored.explained, lang),
        tree=scored.tree,
        individual=scored.individual,
        ratings=scored.ratings,
        personnel=reader.memo(
            rounds,
            ("views.profile.personnel", agency_id, rnd.year, lang),
            lambda: build_personnel(reader, agency_id, rnd.year, lang),
        ),
        findings=build_findings(findings, today, lang),
        explained=scored.explained,
    )


def _scored(
    reader: Reader,
    rnd: RoundRef,
    result: RoundResult,
    agency_id: int,
    lang: str,
    descriptions: dict[int, str],
) -> _Scored:
    t = texts(lang)
    names = load_names(reader, rnd.round_id, lang)
    ex = explain(result, agency_id)
    codes = [n.code for n in ex.tree.walk()]
    details = {c: node_detail(ex, c, result.config, names, lang, descriptions) for c in codes}
    name = names.agency(agency_id, ex.name)
    return _Scored(
        name=name,
        title=t(
            "pf_agency_title",
            agency=name,
            type=names.agency_type(ex.agency_type),
            nature=term_label(Nature, ex.nature, lang),
        ),
        headline=build_headline(ex, result.config, reader.ranked_count(rnd.round_id), names, lang),
        l1=_l1_chart(ex, names, t),
        tree=_tree(ex, names, lang, details),
        individual=_individual(ex, names, t),
        ratings=build_ratings(ex, result.config, names, lang),
        explained=ex,
    )


def _absent(reader: Reader, rnd: RoundRef, lang: str, agency_id: int, t: Texts) -> Absent:
    name = agency_name(reader, rnd, lang, agency_id) or f"#{agency_id}"
    rounds = reader(agency_rounds, agency_id)
    years = joined((t("pf_round_year", year=int(y)) for y in rounds["year"]), lang)
    return Absent(
        agency_id,
        name,
        t("pf_not_in_round", agency=name, round=rnd.title(lang)),
        t("pf_rounds_of_agency", rounds=years) if len(rounds) else t("pf_never_evaluated"),
    )


# -- score breakdown -------------------------------------------------------------------------


def _l1_chart(ex: Explained, names: Names, t: Texts) -> Chart:
    l1 = ex.tree.children
    frame = pd.DataFrame(
        {
            "label": [node_label(n, names, t) for n in l1],
            "points": [n.points for n in l1],
            "max_points": [n.max_points for n in l1],
            "text": [points_text(n) for n in l1],
        }
    )
    return Chart(l1_bars, (frame, t("pf_axis_points")))


def _tree(ex: Explained, names: Names, lang: str, details: dict[str, NodeDetail]) -> ScoreTree:
    t = texts(lang)
    nodes = list(ex.tree.walk())
    frame = pd.DataFrame(
        {
            "indicator": [INDENT * n.level + node_label(n, names, t) for n in nodes],
            "points": [n.points for n in nodes],
            "max_points": [n.max_points for n in nodes],
            "share": [None if n.share is None else n.share * 100 for n in nodes],
            "source": [source_label(n, lang) for n in nodes],
        }
    )
    table = Table(
        frame,
        (
            Column("indicator", t("pf_col_indicator"), width="medium"),
            Column("points", t("pf_col_points"), "number"),
            Column("max_points", t("pf_col_max"), "number"),
            Column("share", t("pf_col_share"), "percent"),
            Column("source", t("pf_col_source")),
        ),
    )
    return ScoreTree(
        table,
        tuple(n.code for n in nodes),
        {n.code: node_label(n, names, t) for n in nodes},
        details,
    )


def _individual(ex: Explained, names: Names, t: Texts) -> Individual | None:
    rows = ex.individual_rows
    if not rows:
        return None
    frame = pd.DataFrame(
        {
            "code": [r.code for r in rows],
            "indicator": [names.indicator(r.code, r.name) for r in rows],
            "weight": [r.weight for r in rows],
            "weight_share": [
                None if r.weight_share is None else r.weight_share * 100 for r in rows
            ],
            "score": [r.score for r in rows],
            "self_score": [r.self_score for r in rows],
        }
    )
    table = Table(
        frame,
        (
            Column("code", t("pf_col_code")),
            Column("indicator", t("pf_col_indicator")),
            Column("weight", t("pf_col_weight"), "number"),
            Column("weight_share", t("pf_col_weight_share"), "percent"),
            Column("score", t("pf_col_team"), "number"),
            Column("self_score", t("pf_col_self"), "number"),
        ),
    )
    return Individual(table, t("pf_x_rule", x=fmt_num(ex.individual)))


# -- change since the previous round ---------------------------------------------------------


def _change(reader: Reader, rnd: RoundRef, ex: Explained, lang: str) -> Change:
    """The change since the agency's previous round, built once per version of both rounds."""
    rounds = reader(agency_rounds, ex.agency_id)
    earlier = rounds[rounds["year"] < rnd.year]
    if not len(earlier):
        return Change(None, None, texts(lang)("pf_no_previous"))
    prev_id, prev_year = int(earlier.iloc[0]["round_id"]), int(earlier.iloc[0]["year"])
    return reader.memo(
        (rnd.round_id, prev_id),
        ("views.profile.change", ex.agency_id, rnd.year, prev_year, lang),
        lambda: _build_change(reader, rnd, ex, prev_id, prev_year, lang),
    )


def _build_change(
    reader: Reader, rnd: RoundRef, ex: Explained, prev_id: int, prev_year: int, lang: str
) -> Change:
    t = texts(lang)
    prev_result = reader.round_result(prev_id)
    if ex.agency_id not in set(prev_result.summary["agency_id"]):
        return Change(None, None, t("pf_no_previous"))
    prev = explain(prev_result, ex.agency_id)
    labels = {
        "prev": t("pf_round_year", year=prev_year),
        "cur": t("pf_round_year", year=rnd.year),
        "rescale": t("pf_rescale_step"),
    }
    frame = waterfall_frame(prev.tree, ex.tree, labels)
    return Change(
        Chart(waterfall, (frame, t("pf_axis_common"))),
        t(
            "pf_change_caption",
            prev=fmt_num(prev.composite),
            cur=fmt_num(ex.composite),
            year=prev_year,
        ),
        None,
    )


def _signed(x: float) -> str:
    return ("+" if x >= 0 else "−") + fmt_num(abs(x))


def waterfall_frame(prev_tree: Node, tree: Node, labels: dict[str, str]) -> pd.DataFrame:
    """Previous C → change per level-1 indicator → current C (a re-scaling step appears only
    when missing level-1 nodes keep the steps from adding up).

    Columns: step, start, end, kind (total/up/down), text. ``labels``: prev, cur, rescale."""
    prev_l1 = {c.code: c.points for c in prev_tree.children}
    prev_c, cur_c = prev_tree.points or 0.0, tree.points or 0.0
    rows = [
        {
            "step": labels["prev"],
            "start": 0.0,
            "end": prev_c,
            "kind": "total",
            "text": fmt_num(prev_c),
        }
    ]
    running = prev_c
    for node in tree.children:
        before = prev_l1.get(node.code)
        if before is None or node.points is None:
            continue
        delta = node.points - before
        rows.append(
            {
                "step": node.code,
                "start": running,
                "end": running + delta,
                "kind": "up" if delta >= 0 else "down",
                "text": _signed(delta),
            }
        )
        running += delta
    if abs(cur_c - running) >= 0.05:
        rows.append(
            {
                "step": labels["rescale"],
                "start": running,
                "end": cur_c,
                "kind": "up" if cur_c >= running else "down",
                "text": _signed(cur_c - running),
            }
        )
    rows.append(
        {"step": labels["cur"], "start": 0.0, "end": cur_c, "kind": "total", "text": fmt_num(cur_c)}
    )
    df = pd.DataFrame(rows)
    # Totals start at a floor below the lowest level so the small steps stay readable.
    steps = df.loc[df["kind"] != "total", ["start", "end"]]
    lowest = min([prev_c, cur_c, *steps.to_numpy().ravel().tolist()])
    df.loc[df["kind"] == "total", "start"] = max(0.0, 5 * (lowest // 5) - 5)
    return df
