"""The slides of a briefing (views.briefing), each built from an existing view model and turned
into plain JSON blocks: the overview (headline figures, grades, needs attention, surveys),
the ranking rows and table, the agency profile, the indicator breakdown, the rectification
tracker, the peer comparison and the methodology. Numbers are taken as those view models show them; nothing is
scored or re-computed here. An agency slide's written summary: ``views.briefing_summary``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.leadership_queries import previous_round
from data_access.peer_queries import home_agencies
from data_access.profile_queries import agency_findings
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import MISSING, fmt_int, fmt_num, is_missing
from domain.vocab import PALETTE, Nature, grade_colour, term_label
from views.briefing_summary import agency_summary
from views.common import Kpi, Table
from views.indicators import build_breakdown
from views.methodology import build_methodology
from views.names import Names, load_names
from views.overview import OverviewModel, build_overview
from views.peers import PeerFilters, build_peers, resolve_filters
from views.profile import Absent, Change, build_profile
from views.profile import _change as profile_change  # the profile's own change builder
from views.profile import _l1_chart as profile_l1_chart  # and its level-1 chart
from views.profile_charts import Chart
from views.profile_detail import texts
from views.profile_explain import explain
from views.profile_headline import Headline, build_headline
from views.profile_ratings import Ratings, build_ratings
from views.profile_sections import Findings, build_findings
from views.ranking import has_evaluation_data, ranking_rows, ranking_table, round_grades
from views.rectifications import TrackerFilters, build_tracker

__all__ = [
    "NUMERIC",
    "PAGE_ROWS",
    "Context",
    "headline",
    "ranking",
    "grades",
    "attention",
    "agency",
    "heatmap",
    "surveys",
    "rectifications",
    "methodology",
    "peers",
    "peer_types",
    "cell_text",
    "kpi_item",
]

Slide = dict[str, Any]
Block = dict[str, Any]
NUMERIC = ("int", "number", "percent")
PAGE_ROWS = 12  # agencies per ranking or heatmap slide (legible at 1024×768)


@dataclass
class Context:
    """What every slide of one payload shares; the overview and the ranking rows are built
    once, on first use."""

    reader: Reader
    rnd: RoundRef
    lang: str
    today: dt.date
    _cache: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **values: Any) -> str:
        return translate(key, self.lang, **values)

    @property
    def names(self) -> Names:
        if "names" not in self._cache:
            self._cache["names"] = load_names(self.reader, self.rnd.round_id, self.lang)
        return self._cache["names"]

    @property
    def overview(self) -> OverviewModel:
        if "overview" not in self._cache:
            self._cache["overview"] = build_overview(self.reader, self.rnd, self.lang, self.today)
        return self._cache["overview"]

    @property
    def rows(self) -> pd.DataFrame:
        """The ranking rows (views.ranking.ranking_rows) with the rank change."""
        if "rows" not in self._cache:
            result = self.reader.round_result(self.rnd.round_id)
            prev = self.reader(previous_round, self.rnd.round_id)
            previous = self.reader.round_result(prev["round_id"]) if prev else None
            self._cache["rows"] = ranking_rows(result, previous, self.lang)
        return self._cache["rows"]


# -- blocks -----------------------------------------------------------------------------------


def _slide(key: str, kind: str, title: str, blocks: list[Block], subtitle: str = "") -> Slide:
    group = key.split("/", 1)[0] if kind in ("ranking", "heatmap") else key
    return {
        "key": key,
        "group": group,
        "kind": kind,
        "title": title,
        "subtitle": subtitle,
        "blocks": blocks,
    }


def kpi_item(kpi: Kpi, key: str | None = None) -> dict[str, Any]:
    """A view's KPI card as a block item: its value as shown (numbers through fmt_int)."""
    text = kpi.value if isinstance(kpi.value, str) else fmt_int(kpi.value)
    return {
        "key": key or kpi.label,
        "label": kpi.label,
        "text": text,
        "delta": kpi.delta,
        "delta_color": kpi.delta_color,
        "caption": kpi.caption,
    }


def _kpis(kpis: Sequence[Kpi], **extra: Any) -> Block:
    return {"type": "kpis", "items": [kpi_item(k) for k in kpis], **extra}


def _text(paragraphs: Sequence[str], **extra: Any) -> Block:
    # The catalog's texts mark emphasis with Markdown; slides draw plain text.
    out = [p.replace("**", "").strip() for text in paragraphs for p in text.split("\n\n")]
    return {"type": "text", "paragraphs": [p for p in out if p], **extra}


def cell_text(value: Any, kind: str) -> str:
    """A table cell as the view shows it: one decimal half-up, '—' when missing."""
    if kind in NUMERIC and is_missing(value):
        return MISSING
    if kind == "int":
        return fmt_int(value)
    if kind == "number":
        return fmt_num(value)
    if kind == "percent":
        return fmt_num(value) + "%"
    return MISSING if is_missing(value) else str(value)


def _table(
    table: Table,
    keys: Sequence[Any] | None = None,
    *,
    title: str = "",
    shown: int | None = None,
    **extra: Any,
) -> Block:
    """A view's Table as a block: its visible columns, every row's cells as shown; ``shown``:
    how many rows the presenter draws (the PDF draws them all)."""
    cols = list(table.visible())
    frame = table.frame.reset_index(drop=True)
    row_keys = list(keys) if keys is not None else list(range(len(frame)))
    rows = [
        {
            "key": str(row_keys[i]),
            "cells": [cell_text(frame.at[i, c.key], c.kind) for c in cols],
        }
        for i in range(len(frame))
    ]
    return {
        "type": "table",
        "title": title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in cols],
        "rows": rows,
        "shown": shown,
        **extra,
    }


def _pages(n: int) -> list[tuple[int, int]]:
    return [(i, min(i + PAGE_ROWS, n)) for i in range(0, n, PAGE_ROWS)] or [(0, 0)]


def _page_title(ctx: Context, key: str, page: int, pages: int) -> str:
    title = ctx.t(key)
    return title if pages == 1 else ctx.t("br_page_of", title=title, i=page + 1, n=pages)


def _note_slide(ctx: Context, key: str, kind: str, title_key: str, note: str) -> list[Slide]:
    return [_slide(key, kind, ctx.t(title_key), [_text([note])])]


# -- the slides -------------------------------------------------------------------------------


def headline(ctx: Context) -> list[Slide]:
    """The round's headline figures (the overview's KPI cards) and what they compare with."""
    ov = ctx.overview
    if ov.empty:
        return _note_slide(ctx, "headline", "headline", "br_title_headline", ov.empty)
    blocks: list[Block] = [_kpis(ov.counts)]
    if ov.not_scored:
        blocks.append(_text([ov.not_scored]))
    else:
        blocks.append(_kpis(ov.score_kpis))
    blocks.append(_text([ov.comparison, *([ov.provisional] if ov.provisional else [])]))
    return [_slide("headline", "headline", ctx.t("br_title_headline"), blocks)]


def _tie_texts(rows: pd.DataFrame, texts: list[str]) -> list[str]:
    """Composites equal to one decimal but ranked apart get a second decimal, so 89.2 never
    ranks above 89.2 without explanation."""
    out = list(texts)
    ranks = rows["rank"].tolist()
    for i, text in enumerate(texts):
        for j, other in enumerate(texts):
            if i != j and text == other and text != MISSING and ranks[i] != ranks[j]:
                out[i] = fmt_num(rows["composite"].iloc[i], 2)
    return out


def ranking(ctx: Context) -> list[Slide]:
    """The composite ranking: every agency of the round in the ranking's order, as bars
    coloured by grade and as a table (both from views.ranking), 12 agencies a slide."""
    result = ctx.reader.round_result(ctx.rnd.round_id)
    if result.summary.empty or not has_evaluation_data(result):
        return _note_slide(ctx, "ranking", "ranking", "br_title_ranking", ctx.t("ld_no_scores"))
    rows = ctx.rows
    table = ranking_table(rows, ctx.names, ctx.lang)
    keep = ("rank", "change", "agency", "composite", "common", "individual", "grade")
    columns = tuple(c for c in table.columns if c.key in keep)
    shown = Table(table.frame, columns)
    keys = [c.key for c in shown.visible()]
    block = _table(shown, rows["agency_id"].astype(int).tolist(), label_column=keys.index("agency"))
    composite_at = keys.index("composite")
    # Short names where the presenter has little room (the bars' labels, the table's agency
    # column on screen); the PDF's table keeps the full names.
    names = ctx.names
    short = [
        names.agency_short(a, sn, n)
        for a, sn, n in zip(rows["agency_id"], rows["short_name"], rows["name"], strict=True)
    ]
    for row, label in zip(block["rows"], short, strict=True):
        row["short"] = label
    ties = _tie_texts(rows, [r["cells"][composite_at] for r in block["rows"]])
    tied = ties != [r["cells"][composite_at] for r in block["rows"]]
    for row, text in zip(block["rows"], ties, strict=True):
        row["cells"][composite_at] = text
    order = round_grades(result.config)
    colours = [grade_colour(g, order) for g in rows["grade"]]
    out = []
    pages = _pages(len(rows))
    for page, (start, end) in enumerate(pages):
        part = {**block, "rows": block["rows"][start:end]}
        bars = {
            "type": "bars",
            "title": ctx.t("rk_col_composite"),
            "max": 100.0,
            "signed": False,
            "figures": False,  # the same numbers as the table's composite column
            "rules": [float(b) for _, b in result.config.grade_bands],
            "items": [
                {
                    "key": str(r["key"]),
                    "label": r["short"],
                    "value": None if is_missing(v) else float(v),
                    "text": r["cells"][composite_at],
                    "colour": colours[start + i],
                }
                for i, (r, v) in enumerate(
                    zip(part["rows"], shown.frame["composite"].iloc[start:end], strict=True)
                )
            ],
        }
        subtitle = ctx.t("br_rows_of", first=start + 1, last=end, n=len(rows))
        title = _page_title(ctx, "br_title_ranking", page, len(pages))
        blocks: list[Block] = [bars, part]
        if tied:
            blocks.append(_text([ctx.t("br_tie_note")]))
        out.append(_slide(f"ranking/{page + 1}", "ranking", title, blocks, subtitle))
    return out


def grades(ctx: Context) -> list[Slide]:
    """How many agencies got each grade (the overview's grade cards), as bars."""
    ov = ctx.overview
    if ov.empty or not ov.grade_kpis:
        note = ov.empty or ov.not_scored or ctx.t("ld_no_scores")
        return _note_slide(ctx, "grades", "grades", "br_title_grades", note)
    config, _tree = ctx.reader.round_setup(ctx.rnd.round_id)
    order = round_grades(config)
    items = []
    for grade, kpi in zip(order, ov.grade_kpis, strict=True):
        item = kpi_item(kpi)
        item.update(value=float(kpi.value or 0), colour=grade_colour(grade, order))
        items.append(item)
    bars = {
        "type": "bars",
        "title": "",
        "max": None,
        "signed": False,
        "integer": True,
        "items": items,
    }
    captions = [f"{k.label}: {k.caption}" for k in ov.grade_kpis if k.caption]
    return [_slide("grades", "grades", ctx.t("br_title_grades"), [bars, _text(captions)])]


def attention(ctx: Context) -> list[Slide]:
    """What needs attention (the overview's list): counts by kind, then the rows."""
    ov = ctx.overview
    table = ov.attention
    if ov.empty or table.empty:
        return _note_slide(ctx, "attention", "attention", "br_title_attention", ctx.t("br_none"))
    counts = table.frame["issue"].value_counts(sort=False)
    kpis = [Kpi(str(issue), int(n)) for issue, n in counts.items()]
    keys = [f"{a}/{i}" for i, a in enumerate(table.frame["agency_id"])]
    blocks = [_kpis(kpis), _table(table, keys, shown=8)]
    return [_slide("attention", "attention", ctx.t("br_title_attention"), blocks)]


@dataclass(frozen=True)
class _Parts:
    """The parts of the agency profile (views.profile.Profile) an agency slide shows."""

    name: str
    title: str
    headline: Headline
    l1: Chart
    change: Change
    ratings: Ratings
    findings: Findings


def _profile_parts(ctx: Context, agency_id: int) -> _Parts | Absent:
    """The profile's headline, level-1 chart, change, ratings and findings, built by the
    profile's own functions — without the per-leaf details and staffing sections an agency
    slide does not show (they were most of a profile's time, 60 profiles a briefing)."""
    result = ctx.reader.round_result(ctx.rnd.round_id)
    if agency_id not in set(result.summary["agency_id"].astype(int)):
        profile = build_profile(ctx.reader, ctx.rnd, ctx.lang, agency_id, ctx.today)
        assert isinstance(profile, Absent)
        return profile
    t = texts(ctx.lang)
    ex = explain(result, agency_id)
    names = ctx.names
    name = names.agency(agency_id, ex.name)
    findings = ctx.reader(agency_findings, ctx.rnd.round_id, agency_id, ctx.today)
    return _Parts(
        name=name,
        title=t(
            "pf_agency_title",
            agency=name,
            type=names.agency_type(ex.agency_type),
            nature=term_label(Nature, ex.nature, ctx.lang),
        ),
        headline=build_headline(
            ex, result.config, ctx.reader.ranked_count(ctx.rnd.round_id), names, ctx.lang
        ),
        l1=profile_l1_chart(ex, names, t),
        change=profile_change(ctx.reader, ctx.rnd, ex, ctx.lang),
        ratings=build_ratings(ex, result.config, names, ctx.lang),
        findings=build_findings(findings, ctx.today, ctx.lang),
    )


def agency(ctx: Context, agency_id: int) -> list[Slide]:
    """One agency: its headline cards, level-1 points, the change since its previous round by
    level-1 indicator, its findings, and the written summary of those figures."""
    key = f"agency/{agency_id}"
    profile = _profile_parts(ctx, agency_id)
    if not isinstance(profile, _Parts):
        return [_slide(key, "agency", profile.name, [_text([profile.note])])]
    rows = ctx.rows
    found = rows.loc[rows["agency_id"].astype(int) == agency_id, "change"]
    change = str(found.iloc[0]) if len(found) else MISSING
    cards = [c.kpi for c in profile.headline.cards]
    headline_items = [kpi_item(k) for k in cards]
    headline_items.append(
        {"key": "rank_change", "label": ctx.t("br_rank_change"), "text": change, "delta": None}
    )
    l1 = profile.l1.args[0]
    l1_bars = {
        "type": "bars",
        "title": ctx.t("br_l1_points"),
        "max": None,
        "signed": False,
        "items": [
            {
                "key": f"l1/{label.split(' ', 1)[0]}",
                "label": label,
                "value": None if is_missing(p) else float(p),
                "max": float(m),
                "text": text,
                "colour": PALETTE[2],
            }
            for label, p, m, text in zip(
                l1["label"], l1["points"], l1["max_points"], l1["text"], strict=True
            )
        ],
    }
    labels = {str(label).split(" ", 1)[0]: str(label) for label in l1["label"]}
    moves: list[dict[str, Any]] = []
    blocks: list[Block] = [{"type": "kpis", "items": headline_items}, l1_bars]
    if profile.change.chart is not None:
        steps = profile.change.chart.args[0]
        for s in steps.itertuples(index=False):
            if s.kind == "total" or str(s.step) not in labels:
                continue
            delta = float(s.end) - float(s.start)
            moves.append(
                {
                    "key": f"move/{s.step}",
                    "label": labels[str(s.step)],
                    "value": delta,
                    "text": str(s.text),
                    "colour": PALETTE[3] if delta >= 0 else PALETTE[0],
                }
            )
        blocks.append(
            {
                "type": "bars",
                "title": profile.change.caption or "",
                "max": None,
                "signed": True,
                "items": moves,
            }
        )
    else:
        blocks.append(_text([profile.change.note or ""]))
    survey_items = [
        kpi_item(Kpi(card.title, card.kpis[0].value), f"si/{card.title}")
        for card in profile.ratings.surveys
        if card.kpis
    ]
    findings = list(profile.findings.kpis) or [
        Kpi(ctx.t("pf_kpi_findings"), 0),
    ]
    counts: Block = {"type": "kpis", "items": [kpi_item(k) for k in findings] + survey_items}
    summary = agency_summary(
        ctx.lang,
        name=profile.name,
        headline=headline_items,
        moves=moves,
        findings=[kpi_item(k) for k in findings],
        surveys=survey_items,
    )
    blocks += [_text([summary], summary=True), counts]
    return [_slide(key, "agency", profile.name, blocks, profile.title)]


def heatmap(ctx: Context) -> list[Slide]:
    """Every agency's share of maximum on each level-1 indicator (views.indicators), agencies
    by composite; columns named in full."""
    breakdown = build_breakdown(ctx.reader, ctx.rnd, ctx.lang, 1)
    if breakdown is None:
        return _note_slide(ctx, "heatmap", "heatmap", "br_title_heatmap", ctx.t("ld_no_scores"))
    shares = breakdown.shares
    codes = list(dict.fromkeys(shares["code"]))
    names = dict(zip(shares["code"], shares["indicator"], strict=False))
    columns = [{"code": c, "label": f"{c} {names[c]}"} for c in codes]
    rows = []
    for agency_id, part in shares.groupby("agency_id", sort=False):
        by_code = dict(zip(part["code"], part["share"], strict=True))
        rows.append(
            {
                "key": str(int(agency_id)),
                "label": str(part["agency_label"].iloc[0]),
                "cells": [
                    {
                        "value": None if is_missing(by_code.get(c)) else float(by_code[c]) * 100,
                        "text": cell_text(
                            None if is_missing(by_code.get(c)) else by_code[c] * 100, "number"
                        ),
                    }
                    for c in codes
                ],
            }
        )
    pages = _pages(len(rows))
    out = []
    for page, (start, end) in enumerate(pages):
        block = {"type": "heatmap", "columns": columns, "rows": rows[start:end]}
        names_line = "  ".join(c["label"] for c in columns)
        note = _text([ctx.t("br_heatmap_note"), names_line])
        title = _page_title(ctx, "br_title_heatmap", page, len(pages))
        out.append(_slide(f"heatmap/{page + 1}", "heatmap", title, [block, note]))
    return out


def surveys(ctx: Context) -> list[Slide]:
    """Both questionnaires' satisfaction index (the overview's cards) and survey returns."""
    ov = ctx.overview
    if ov.empty or not ov.score_kpis:
        note = ov.empty or ov.not_scored or ctx.t("ld_no_scores")
        return _note_slide(ctx, "surveys", "surveys", "br_title_surveys", note)
    blocks = [_kpis(ov.score_kpis[1:3]), _table(ov.surveys, list(ov.surveys.frame.iloc[:, 0]))]
    return [_slide("surveys", "surveys", ctx.t("br_title_surveys"), blocks)]


def rectifications(ctx: Context) -> list[Slide]:
    """Rectifications by state and overdue (the tracker's cards), and by agency, most overdue
    first."""
    tracker = build_tracker(ctx.reader, ctx.rnd, ctx.lang, ctx.today, TrackerFilters(), ctx.names)
    by_agency = tracker.by_agency
    blocks: list[Block] = [_kpis(tracker.kpis)]
    if not by_agency.empty:
        blocks.append(_table(by_agency, list(by_agency.frame["agency"]), shown=8))
    else:
        blocks.append(_text([ctx.t("br_none")]))
    return [_slide("rectifications", "rectifications", ctx.t("br_title_rectifications"), blocks)]


def methodology(ctx: Context) -> list[Slide]:
    """How the figures were scored (views.methodology); the full indicator tree goes to the
    PDF's appendix only."""
    md = build_methodology(ctx.reader, ctx.rnd, ctx.lang)
    blocks = [
        _text([md.system, md.grade_rule]),
        _table(md.grades, figures=False),
        _text([md.aggregation, md.flags], appendix=True),
        _table(md.tree, title=md.tree_title, appendix=True, figures=False),
    ]
    return [_slide("methodology", "methodology", ctx.t("br_title_methodology"), blocks)]


# -- peer comparison ----------------------------------------------------------------------------

#: the columns of the peer page's city table a slide shows (the PDF and the page: all of them)
PEER_CITY_COLUMNS = (
    "city",
    "authorized",
    "actual",
    "workload",
    "expected_posts",
    "residual",
    "residual_pct",
)


def peer_types(ctx: Context) -> dict[str, str]:
    """The agency types a peer slide can show (type → label), listed as the peer comparison
    page lists them (views.peers: the round's agencies of the resolved year)."""
    year = resolve_filters(ctx.reader, ctx.rnd, PeerFilters()).year
    if year is None:
        return {}
    homes = ctx.reader(home_agencies, ctx.rnd.round_id, year)
    kinds = dict.fromkeys(homes["agency_type"].astype(str))
    return {k: ctx.names.agency_type(k) for k in kinds}


def peers(ctx: Context, types: Sequence[str]) -> list[Slide]:
    """One slide per chosen agency type: the peer comparison page's view model
    (views.peers.build_peers, the type's first agency of the round as the home agency) — its
    headline cards, the home agency's rank and distance from the peer median, every city's
    figures with the home city marked, and the fit."""
    if not types:
        return _note_slide(ctx, "peers", "peers", "br_title_peers", ctx.t("br_peers_none"))
    out: list[Slide] = []
    for kind in types:
        out += _peer_slide(ctx, kind)
    return out


def _peer_slide(ctx: Context, kind: str) -> list[Slide]:
    key = f"peers/{kind}"
    label = ctx.names.agency_type(kind)
    title = ctx.t("br_title_peers_type", type=label)
    page = build_peers(ctx.reader, ctx.rnd, ctx.lang, PeerFilters(kind))
    # build_peers falls back to the first type for an unknown one: that is not this type's
    if page.empty or page.agency_type != kind or page.cities is None:
        note = page.empty or ctx.t("br_peers_missing", type=label)
        return [_slide(key, "peers", title, [_text([note])])]
    home = page.agencies.get(int(page.agency_id or 0), "")
    subtitle = ctx.t("br_peers_subtitle", agency=home, year=page.year)
    blocks: list[Block] = [_kpis(page.kpis)]
    if page.standing is not None:
        standing = _table(
            page.standing,
            list(page.standing.frame["measure"]),
            title=ctx.t("pe_standing_title"),
        )
        # The view shows the home and median values and the rank as text (three decimals for
        # posts per 10k residents): they are figures all the same.
        for column in standing["columns"]:
            if column["key"] in ("home_text", "median_text"):
                column["kind"] = "number"
            elif column["key"] == "rank":
                column["kind"] = "int"
        blocks.append(standing)
    cities = page.cities
    columns = tuple(c for c in cities.columns if c.key in PEER_CITY_COLUMNS)
    blocks.append(
        _table(
            Table(cities.frame, columns),
            list(cities.frame["city"]),
            title=ctx.t("pe_cities_title"),
            shown=8,
        )
    )
    blocks.append(_text([page.fit_caption, *([page.small_note] if page.small_note else [])]))
    return [_slide(key, "peers", title, blocks, subtitle)]
