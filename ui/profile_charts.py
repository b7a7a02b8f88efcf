"""Altair chart builders for the agency profile and indicator breakdown pages.

Builders take DataFrames whose labels are already translated (the caller owns the language)
and return configured charts: the house CJK font, theme colours, legends at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import altair as alt
import pandas as pd

from ui.i18n import fmt_num
from ui.theme import PALETTE, PRIMARY, RATING_COLORS, altair_config

__all__ = [
    "l1_bars",
    "waterfall",
    "self_team_dumbbell",
    "rating_bars",
    "staffing_lines",
    "index_lines",
    "stacked_years",
    "retire_hire_bars",
    "heatmap",
    "spread_box",
    "individual_bars",
]

GREY = "#D9D6D0"
# Shares of maximum: alarm red when low, calm green when high (same hues as the grades).
SHARE_SCALE = alt.Scale(domain=[0.5, 0.75, 1.0], range=[PALETTE[0], "#F1E3C8", PALETTE[3]],
                        clamp=True)


AnyChart = alt.Chart | alt.LayerChart
C = TypeVar("C", alt.Chart, alt.LayerChart)


def _done(chart: C) -> C:
    return chart.configure(**altair_config()).configure_view(stroke=None)


def l1_bars(df: pd.DataFrame, x_title: str) -> AnyChart:
    """Points against maximum per level-1 indicator. Columns: label, points, max_points, text."""
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=None, title=None,
                                        axis=alt.Axis(labelLimit=220)))
    full = base.mark_bar(color=GREY, size=18).encode(x=alt.X("max_points:Q", title=x_title))
    got = base.mark_bar(color=PRIMARY, size=18).encode(
        x="points:Q",
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=x_title)])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x="max_points:Q", text="text:N")
    return _done((full + got + text).properties(height=alt.Step(30)))


def waterfall(df: pd.DataFrame, y_title: str, height: int = 260) -> AnyChart:
    """Change of C by level-1 indicator. Columns: step, start, end, kind (total/up/down), text."""
    colours = alt.Scale(domain=["total", "up", "down"], range=[PALETTE[2], PALETTE[3], PALETTE[0]])
    base = alt.Chart(df).encode(x=alt.X("step:N", sort=None, title=None,
                                        axis=alt.Axis(labelAngle=0, labelLimit=120)))
    bars = base.mark_bar(size=34).encode(
        y=alt.Y("start:Q", title=y_title, scale=alt.Scale(zero=False)), y2="end:Q",
        color=alt.Color("kind:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("step:N", title=" "), alt.Tooltip("text:N", title=y_title)])
    labels = base.mark_text(dy=-8, fontSize=12).encode(y="top:Q", text="text:N")
    chart = (bars + labels).transform_calculate(top="max(datum.start, datum.end)")
    return _done(chart.properties(height=height))


def self_team_dumbbell(df: pd.DataFrame, x_title: str) -> AnyChart:
    """Self vs team share of maximum per leaf. Columns: label, series, share, text."""
    low = min(0.5, float(df["share"].min()) // 0.1 * 0.1)
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220))
    rule = alt.Chart(df).mark_rule(color=GREY, strokeWidth=3).encode(
        y=y, x=alt.X("min(share):Q", title=x_title, axis=alt.Axis(format="%", tickCount=6),
                     scale=alt.Scale(domain=[low, 1])), x2="max(share):Q")
    dots = alt.Chart(df).mark_circle(size=90, opacity=1).encode(
        y=y, x="share:Q",
        color=alt.Color("series:N", title=None,
                        scale=alt.Scale(range=[PALETTE[1], PALETTE[2]])),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("text:N", title=x_title)])
    return _done((rule + dots).properties(height=alt.Step(22)))


def rating_bars(df: pd.DataFrame, levels: Sequence[str], level_labels: Sequence[str],
                x_title: str) -> AnyChart:
    """External ratings by matter as stacked counts. Columns: matter, level, level_label, n."""
    colours = alt.Scale(domain=list(level_labels),
                        range=[RATING_COLORS.get(lv, PALETTE[5]) for lv in levels])
    order = {lab: i for i, lab in enumerate(level_labels)}
    data = df.assign(order=df["level_label"].map(order))
    base = alt.Chart(data).encode(
        y=alt.Y("matter:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("n:Q", stack="zero", title=x_title, axis=alt.Axis(tickMinStep=1)),
        order=alt.Order("order:Q"))
    bars = base.mark_bar(size=20).encode(
        color=alt.Color("level_label:N", scale=colours, title=None,
                        sort=list(level_labels)),
        tooltip=[alt.Tooltip("matter:N", title=" "), alt.Tooltip("level_label:N", title=" "),
                 alt.Tooltip("n:Q", title=x_title)])
    text = base.mark_text(color="white", fontSize=11).encode(
        x=alt.X("mid:Q"), text="n:Q").transform_filter("datum.n > 0")
    # Label centres are computed with a window so the counts sit in their segments.
    text = text.transform_window(cum="sum(n)", groupby=["matter"], sort=[{"field": "order"}]
                                 ).transform_calculate(mid="datum.cum - datum.n / 2")
    return _done((bars + text).properties(height=alt.Step(30)))


def _year_axis(title: str | None = None) -> alt.X:
    return alt.X("year:Q", title=title, axis=alt.Axis(format="d", tickMinStep=1),
                 scale=alt.Scale(nice=False, padding=12))


def staffing_lines(df: pd.DataFrame, events: pd.DataFrame, posts: Sequence[str],
                   measures: Sequence[str], y_title: str, titles: dict[str, str],
                   height: int = 360) -> AnyChart:
    """Authorized vs actual by post type over the years, history events as rules.

    ``df``: year, post_type, measure, value; ``measures`` = (actual, authorized) labels.
    ``events``: year_pos (fractional year), kind, date, description, doc_no. ``titles`` names
    the legend and tooltip fields."""
    lines = alt.Chart(df).mark_line(strokeWidth=2).encode(
        x=_year_axis(),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("post_type:N", title=titles["post_type"],
                        scale=alt.Scale(domain=list(posts), range=PALETTE[2:5])),
        # Solid = actual, dashed = authorized; the caller says so in a caption (Streamlit's
        # chart theme draws no symbol for a stroke-dash legend).
        strokeDash=alt.StrokeDash("measure:N", legend=None,
                                  scale=alt.Scale(domain=list(measures), range=[[1, 0], [5, 3]])),
        tooltip=[alt.Tooltip("year:Q", format="d", title=titles["year"]),
                 alt.Tooltip("post_type:N", title=titles["post_type"]),
                 alt.Tooltip("measure:N", title=titles["measure"]),
                 alt.Tooltip("value:Q", title=y_title)])
    dots = alt.Chart(df).mark_circle(size=36).encode(
        x=_year_axis(), y="value:Q",
        color=alt.Color("post_type:N", title=titles["post_type"],
                        scale=alt.Scale(domain=list(posts), range=PALETTE[2:5])))
    layers: list[alt.Chart] = [lines, dots]
    if not events.empty:
        rules = alt.Chart(events).mark_rule(color=PALETTE[4], strokeDash=[2, 3]).encode(
            x="year_pos:Q",
            tooltip=[alt.Tooltip("date:N", title=titles["date"]),
                     alt.Tooltip("kind:N", title=titles["kind"]),
                     alt.Tooltip("description:N", title=titles["description"]),
                     alt.Tooltip("doc_no:N", title=titles["doc_no"])])
        marks = alt.Chart(events).mark_point(shape="triangle-down", filled=True, size=90,
                                             color=PALETTE[4]).encode(
            x="year_pos:Q", y=alt.value(6),
            tooltip=[alt.Tooltip("date:N", title=titles["date"]),
                     alt.Tooltip("kind:N", title=titles["kind"]),
                     alt.Tooltip("description:N", title=titles["description"])])
        layers += [rules, marks]
    return _done(alt.LayerChart(layer=layers).properties(height=height))


def index_lines(df: pd.DataFrame, y_title: str, titles: dict[str, str],
                height: int = 340) -> AnyChart:
    """Workload metrics and headcount indexed to their first year (=100).
    Columns: year, series, index, value, grade."""
    return _done(alt.Chart(df).mark_line(point=True).encode(
        x=_year_axis(),
        y=alt.Y("index:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None),
        tooltip=[alt.Tooltip("year:Q", format="d", title=titles["year"]),
                 alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("value:Q", format=",.0f", title=titles["value"]),
                 alt.Tooltip("index:Q", format=".1f", title=y_title),
                 alt.Tooltip("grade:N", title=titles["grade"])],
    ).properties(height=height))


def stacked_years(df: pd.DataFrame, order: Sequence[str], y_title: str, legend: str,
                  height: int = 300) -> AnyChart:
    """Headcount by band per year, stacked. Columns: year, band, n."""
    rank = {b: i for i, b in enumerate(order)}
    data = df.assign(order=df["band"].map(rank))
    return _done(alt.Chart(data).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("n:Q", title=y_title, stack="zero"),
        color=alt.Color("band:N", title=legend, sort=list(order),
                        scale=alt.Scale(range=PALETTE[2:] + PALETTE[:2])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title=" "), alt.Tooltip("band:N", title=legend),
                 alt.Tooltip("n:Q", title=y_title)],
    ).properties(height=height))


def retire_hire_bars(df: pd.DataFrame, kinds: Sequence[str], y_title: str, legend: str,
                     height: int = 300) -> AnyChart:
    """Retirements beside planned hires (stacked by post type) per year.
    Columns: year, series, kind, n."""
    return _done(alt.Chart(df).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=None),
        y=alt.Y("n:Q", title=y_title, stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("kind:N", title=legend, sort=list(kinds),
                        scale=alt.Scale(domain=list(kinds), range=[PALETTE[0], PALETTE[2],
                                                                   PALETTE[3], PALETTE[4]])),
        order=alt.Order("kind:N"),
        tooltip=[alt.Tooltip("year:O", title=" "), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("kind:N", title=legend), alt.Tooltip("n:Q", title=y_title)],
    ).properties(height=height))


def heatmap(df: pd.DataFrame, titles: dict[str, str], show_text: bool,
            select: str = "cell") -> AnyChart:
    """Agencies × indicators, share of maximum; a click selects a cell (point selection named
    ``select`` over agency_id and code). Columns: agency_label, agency_id, code, indicator,
    points_text, share."""
    selection = alt.selection_point(name=select, fields=["agency_id", "code"], on="click")
    cols = df["code"].nunique()
    base = alt.Chart(df).encode(
        x=alt.X("code:N", sort=None, title=titles["indicator"],
                axis=alt.Axis(orient="top", labelAngle=0 if cols <= 16 else -60)),
        y=alt.Y("agency_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
    )
    # Cells without data are drawn grey underneath (a null colour would leave them blank).
    blank = base.mark_rect(stroke="white", strokeWidth=1, color=GREY).encode(
        tooltip=[alt.Tooltip("agency_label:N", title=titles["agency"]),
                 alt.Tooltip("code:N", title=titles["code"]),
                 alt.Tooltip("points_text:N", title=titles["points"])])
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("share:Q", scale=SHARE_SCALE, title=titles["share"],
                        legend=alt.Legend(format="%", gradientLength=220,
                                          values=[0.5, 0.75, 1.0])),
        opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
        tooltip=[alt.Tooltip("agency_label:N", title=titles["agency"]),
                 alt.Tooltip("code:N", title=titles["code"]),
                 alt.Tooltip("indicator:N", title=titles["indicator"]),
                 alt.Tooltip("points_text:N", title=titles["points"]),
                 alt.Tooltip("share:Q", format=".1%", title=titles["share"])],
    ).add_params(selection).transform_filter("isValid(datum.share)")
    layers = [blank, cells]
    if show_text:
        layers.append(base.mark_text(fontSize=11).encode(
            text=alt.Text("share:Q", format=".0%"),
            color=alt.condition("datum.share < 0.6", alt.value("white"), alt.value("#1F2328"))))
    return _done(alt.LayerChart(layer=layers).properties(height=alt.Step(22)))


def spread_box(df: pd.DataFrame, titles: dict[str, str], height: int = 280) -> AnyChart:
    """Spread of each indicator's share of maximum across agencies.
    Columns: code, indicator, agency_label, share."""
    x = alt.X("code:N", sort=None, title=titles["indicator"], axis=alt.Axis(labelAngle=0))
    low = min(0.5, float(df["share"].min()) // 0.1 * 0.1) if not df.empty else 0.0
    y = alt.Y("share:Q", title=titles["share"], axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[low, 1]))
    box = alt.Chart(df).mark_boxplot(size=18, color=PALETTE[2], opacity=0.45,
                                     outliers=False).encode(x=x, y=y)
    strip = alt.Chart(df).mark_circle(size=28, color=PALETTE[0], opacity=0.7).encode(
        x=x, y=y, tooltip=[alt.Tooltip("agency_label:N", title=titles["agency"]),
                           alt.Tooltip("code:N", title=titles["code"]),
                           alt.Tooltip("indicator:N", title=titles["indicator"]),
                           alt.Tooltip("share:Q", format=".1%", title=titles["share"])])
    return _done((box + strip).properties(height=height))


def individual_bars(df: pd.DataFrame, titles: dict[str, str]) -> AnyChart:
    """Individual indicator scores (0–100) by agency. Columns: indicator, agency_label, score."""
    per_band = max(df["agency_label"].nunique(), 1)
    return _done(alt.Chart(df).mark_bar().encode(
        y=alt.Y("indicator:N", sort=None, title=None, axis=alt.Axis(labelLimit=240)),
        yOffset=alt.YOffset("agency_label:N"),
        x=alt.X("score:Q", title=titles["score"], scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("agency_label:N", title=titles["agency"]),
        tooltip=[alt.Tooltip("agency_label:N", title=titles["agency"]),
                 alt.Tooltip("indicator:N", title=" "),
                 alt.Tooltip("score:Q", format=".1f", title=titles["score"])],
    ).properties(height=alt.Step(16 * per_band + 10)))


# -- chart data: small pure reshapes of explain_agency output and query frames ---------------

def flat_nodes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """The explained tree depth-first (root first), each node without its children."""
    out = [{k: v for k, v in tree.items() if k != "children"}]
    for child in tree.get("children", []):
        out += flat_nodes(child)
    return out


def waterfall_frame(prev_tree: dict[str, Any], tree: dict[str, Any], labels: dict[str, str],
                    fmt: Callable[[float | None], str]) -> pd.DataFrame:
    """Previous C → change per level-1 indicator → current C (a re-scaling step appears only
    when missing level-1 nodes keep the steps from adding up).

    Columns: step, start, end, kind, text. ``labels`` has ``prev``, ``cur`` and ``rescale``."""
    prev_l1 = {c["code"]: c for c in prev_tree["children"]}
    prev_c, cur_c = prev_tree["points"], tree["points"]
    rows = [{"step": labels["prev"], "start": 0.0, "end": prev_c, "kind": "total",
             "text": fmt(prev_c)}]
    running = prev_c
    for node in tree["children"]:
        before = prev_l1.get(node["code"], {}).get("points")
        if before is None or node["points"] is None:
            continue
        delta = node["points"] - before
        rows.append({"step": node["code"], "start": running, "end": running + delta,
                     "kind": "up" if delta >= 0 else "down", "text": _signed(delta, fmt)})
        running += delta
    if abs(cur_c - running) >= 0.05:
        rows.append({"step": labels["rescale"], "start": running, "end": cur_c,
                     "kind": "up" if cur_c >= running else "down",
                     "text": _signed(cur_c - running, fmt)})
    rows.append({"step": labels["cur"], "start": 0.0, "end": cur_c, "kind": "total",
                 "text": fmt(cur_c)})
    df = pd.DataFrame(rows)
    # Totals start at a floor below the lowest level so the small steps stay readable.
    floor = max(0.0, 5 * (min(df[["start", "end"]].where(df["kind"] != "total")
                              .min().min(skipna=True), prev_c, cur_c) // 5) - 5)
    df.loc[df["kind"] == "total", "start"] = floor
    return df


def _signed(x: float, fmt: Callable[[float | None], str]) -> str:
    return ("+" if x >= 0 else "−") + fmt(abs(x))


def staffing_frame(staffing: pd.DataFrame, post_labels: dict[str, str],
                   measure_labels: dict[str, str]) -> pd.DataFrame:
    """Long form of the staffing rows: year, post_type, measure, value (types that are zero in
    every year are left out)."""
    parts = []
    for post, post_label in post_labels.items():
        auth, actual = staffing[f"authorized_{post}"], staffing[f"actual_{post}"]
        if not (auth.fillna(0).any() or actual.fillna(0).any()):
            continue
        for measure, values in (("authorized", auth), ("actual", actual)):
            parts.append(pd.DataFrame({"year": staffing["year"], "post_type": post_label,
                                       "measure": measure_labels[measure], "value": values}))
    cols = ["year", "post_type", "measure", "value"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def events_frame(events: pd.DataFrame, years: pd.Series) -> pd.DataFrame:
    """History events inside the charted years, placed at their fractional year."""
    if events.empty or years.empty:
        return pd.DataFrame(columns=["year_pos", "date", "kind", "description", "doc_no"])
    dates = pd.to_datetime(events["event_date"])
    pos = dates.dt.year + (dates.dt.dayofyear - 1) / 365.0
    out = events.assign(year_pos=pos, date=dates.dt.strftime("%Y-%m-%d"),
                        doc_no=events["doc_no"].fillna("—"))
    inside = (pos >= years.min()) & (pos <= years.max() + 1)
    return out.loc[inside, ["year_pos", "date", "kind", "description", "doc_no"]]


def workload_index_frame(workload: pd.DataFrame, headcount_label: str) -> pd.DataFrame:
    """Each workload metric and the headcount indexed to its first year with data (=100).
    Columns: year, series, value, index, grade."""
    heads = workload.drop_duplicates("year")[["year", "headcount", "grade"]]
    series = [workload[["year", "metric", "value", "grade"]].rename(columns={"metric": "series"}),
              heads.rename(columns={"headcount": "value"}).assign(series=headcount_label)]
    out = pd.concat(series, ignore_index=True).dropna(subset=["value"])
    out = out.sort_values(["series", "year"], ignore_index=True)
    first = out.groupby("series")["value"].transform("first")
    out["index"] = out["value"] / first.where(first != 0) * 100
    out["grade"] = out["grade"].fillna("—")
    return out


def level_frame(nodes: pd.DataFrame, summary: pd.DataFrame, level: int) -> pd.DataFrame:
    """Every agency's nodes of one level with their share of maximum, agencies ordered by
    composite (highest first, ungraded last). Columns: agency_id, agency_label, name, code,
    indicator, points, max_points, share, points_text."""
    order = summary.sort_values(["composite", "agency_id"], ascending=[False, True],
                                na_position="last")
    labels = order["short_name"].where(order["short_name"].notna() & (order["short_name"] != ""),
                                       order["name"])
    agencies = pd.DataFrame({"agency_id": order["agency_id"], "agency_label": labels,
                             "name": order["name"], "rank_order": range(len(order))})
    level_nodes = nodes.loc[nodes["level"] == level,
                            ["agency_id", "code", "name", "points", "max_points"]]
    out = level_nodes.rename(columns={"name": "indicator"}).merge(agencies, on="agency_id")
    out["share"] = out["points"] / out["max_points"]
    out["points_text"] = ["—" if p != p else f"{_one(p)} / {_one(m)}"
                          for p, m in zip(out["points"], out["max_points"])]
    codes = list(dict.fromkeys(level_nodes["code"]))
    out["code_order"] = out["code"].map({c: i for i, c in enumerate(codes)})
    return out.sort_values(["rank_order", "code_order"], ignore_index=True).drop(
        columns=["rank_order", "code_order"])


def _one(x: float) -> str:
    return fmt_num(x)


def weakest_frame(level: pd.DataFrame, low: float = 0.6, n: int = 5) -> pd.DataFrame:
    """Per indicator: mean share of maximum over the agencies with data, the lowest share and
    how many agencies score under ``low``; the ``n`` weakest by mean share. Columns: code,
    indicator, mean_share, min_share, n_agencies, n_low."""
    grouped = level.dropna(subset=["share"]).groupby(["code", "indicator"], sort=False)["share"]
    out = grouped.agg(mean_share="mean", min_share="min", n_agencies="count",
                      n_low=lambda s: int((s < low).sum())).reset_index()
    return out.sort_values(["mean_share", "code"], ignore_index=True).head(n)
