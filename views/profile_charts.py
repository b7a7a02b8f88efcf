"""Chart builders of the agency profile (单位画像) and indicator breakdown (指标分析): pure
functions from view-model frames (labels already translated) to Vega-Lite dicts, in the house
CJK font and the theme's colours (domain.vocab), legends at the bottom.

A view model does not hold the finished spec but a ``Chart``: the builder and its inputs.
``Chart.spec()`` builds it (the PDF, tests); ui/ builds it through a cache keyed on the
builder's name and those inputs, because building Altair objects took most of each rerun.
The history sections' builders are in ``views.profile_charts_history``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from domain.vocab import PALETTE
from views.chart_theme import chart_config

__all__ = [
    "Spec",
    "Chart",
    "finish",
    "l1_bars",
    "waterfall",
    "self_team_dumbbell",
    "rating_bars",
    "heatmap",
    "spread_box",
    "individual_bars",
]

Spec = dict[str, Any]
# Neutral chart furniture (not domain colours): the light track behind a bar, a cell without
# data, the pale middle of the share scale, dark text on light cells.
TRACK = "#D9D6D0"
PALE = "#F1E3C8"
INK = "#1F2328"
# Shares of maximum: alarm red when low, calm green when high (the grades' hues).
SHARE_SCALE = alt.Scale(domain=[0.5, 0.75, 1.0], range=[PALETTE[0], PALE, PALETTE[3]], clamp=True)


@dataclass(frozen=True, eq=False)
class Chart:
    """A chart of a view model: a pure builder (of this module or
    ``views.profile_charts_history``) and its inputs."""

    builder: Callable[..., Spec]
    args: tuple[Any, ...]

    @property
    def key(self) -> str:
        """The builder's dotted name (a cache key)."""
        return f"{self.builder.__module__}.{self.builder.__qualname__}"

    def spec(self) -> Spec:
        """The Vega-Lite dict."""
        return self.builder(*self.args)

    def spec_kept(self, build: Callable[[Chart], Spec] | None = None) -> Spec:
        """The Vega-Lite dict built once per Chart object (by ``build``, e.g. a cache keyed on
        the inputs; else ``spec``): a chart a view keeps across reruns (``Reader.memo``, per
        round version) is then neither built nor hashed again. Callers must not change it."""
        kept = self.__dict__.get("_kept")
        if kept is None:
            kept = build(self) if build is not None else self.spec()
            object.__setattr__(self, "_kept", kept)
        return kept


def finish(chart: alt.Chart | alt.LayerChart) -> Spec:
    spec: Spec = (
        chart.configure(**chart_config()).configure_view(stroke=None).to_dict(validate=False)
    )
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default-theme sizes
        view.pop(key, None)
    return spec


def l1_bars(df: pd.DataFrame, x_title: str) -> Spec:
    """Points against maximum per level-1 indicator. Columns: label, points, max_points, text."""
    base = alt.Chart(df).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220))
    )
    full = base.mark_bar(color=TRACK, size=18).encode(x=alt.X("max_points:Q", title=x_title))
    got = base.mark_bar(color=PALETTE[0], size=18).encode(
        x="points:Q",
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=x_title)],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x="max_points:Q", text="text:N")
    return finish((full + got + text).properties(height=alt.Step(30)))


def waterfall(df: pd.DataFrame, y_title: str, height: int = 260) -> Spec:
    """Change of C by level-1 indicator. Columns: step, start, end, kind (total/up/down), text."""
    colours = alt.Scale(domain=["total", "up", "down"], range=[PALETTE[2], PALETTE[3], PALETTE[0]])
    base = alt.Chart(df).encode(
        x=alt.X("step:N", sort=None, title=None, axis=alt.Axis(labelAngle=0, labelLimit=120))
    )
    bars = base.mark_bar(size=34).encode(
        y=alt.Y("start:Q", title=y_title, scale=alt.Scale(zero=False)),
        y2="end:Q",
        color=alt.Color("kind:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("step:N", title=" "), alt.Tooltip("text:N", title=y_title)],
    )
    labels = base.mark_text(dy=-8, fontSize=12).encode(y="top:Q", text="text:N")
    chart = (bars + labels).transform_calculate(top="max(datum.start, datum.end)")
    return finish(chart.properties(height=height))


def self_team_dumbbell(df: pd.DataFrame, x_title: str) -> Spec:
    """Self vs team share of maximum per leaf. Columns: label, series, share, text."""
    low = min(0.5, float(df["share"].min()) // 0.1 * 0.1)
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220))
    rule = (
        alt.Chart(df)
        .mark_rule(color=TRACK, strokeWidth=3)
        .encode(
            y=y,
            x=alt.X(
                "min(share):Q",
                title=x_title,
                axis=alt.Axis(format="%", tickCount=6),
                scale=alt.Scale(domain=[low, 1]),
            ),
            x2="max(share):Q",
        )
    )
    dots = (
        alt.Chart(df)
        .mark_circle(size=90, opacity=1)
        .encode(
            y=y,
            x="share:Q",
            color=alt.Color(
                "series:N", title=None, scale=alt.Scale(range=[PALETTE[1], PALETTE[2]])
            ),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("text:N", title=x_title),
            ],
        )
    )
    return finish((rule + dots).properties(height=alt.Step(22)))


def rating_bars(
    df: pd.DataFrame, level_labels: Sequence[str], colours: Sequence[str], x_title: str
) -> Spec:
    """External ratings by matter as stacked counts, levels in the round's order with their
    vocabulary colours. Columns: matter, level_label, n."""
    scale = alt.Scale(domain=list(level_labels), range=list(colours))
    order = {lab: i for i, lab in enumerate(level_labels)}
    data = df.assign(order=df["level_label"].map(order))
    base = alt.Chart(data).encode(
        y=alt.Y("matter:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("n:Q", stack="zero", title=x_title, axis=alt.Axis(tickMinStep=1)),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(size=20).encode(
        color=alt.Color("level_label:N", scale=scale, title=None, sort=list(level_labels)),
        tooltip=[
            alt.Tooltip("matter:N", title=" "),
            alt.Tooltip("level_label:N", title=" "),
            alt.Tooltip("n:Q", title=x_title),
        ],
    )
    text = (
        base.mark_text(color="white", fontSize=11)
        .encode(x=alt.X("mid:Q"), text="n:Q")
        .transform_filter("datum.n > 0")
    )
    # Label centres are computed with a window so the counts sit in their segments.
    text = text.transform_window(
        cum="sum(n)", groupby=["matter"], sort=[{"field": "order"}]
    ).transform_calculate(mid="datum.cum - datum.n / 2")
    return finish((bars + text).properties(height=alt.Step(30)))


def heatmap(
    df: pd.DataFrame, titles: dict[str, str], show_text: bool, select: str = "cell"
) -> Spec:
    """Agencies × indicators, share of maximum; a click selects a cell (point selection named
    ``select`` over agency_id and code). Columns: agency_label, agency_id, code, indicator,
    points_text, share; optional ``column``: the column's header ('code name' wrapped with
    newlines, views.indicators.column_label), drawn on several lines instead of the code."""
    selection = alt.selection_point(name=select, fields=["agency_id", "code"], on="click")
    cols = df["code"].nunique()
    named = "column" in df.columns
    axis = alt.Axis(orient="top", labelAngle=0 if cols <= 16 or named else -60)
    if named:
        lines = int(df["column"].str.count("\n").max()) + 1 if len(df) else 1
        axis = alt.Axis(
            orient="top",
            labelAngle=0,
            labelExpr="split(datum.label, '\\n')",
            labelLimit=400,
            labelFontSize=11,
            labelOverlap=False,  # every column keeps its name
            # Vega writes a label's further lines downwards: lift the first one so the last
            # ends just above the cells.
            labelPadding=3 + 13 * (lines - 1),
        )
    base = alt.Chart(df).encode(
        x=alt.X(
            "column:N" if named else "code:N",
            sort=None,
            title=titles["indicator"],
            axis=axis,
        ),
        y=alt.Y("agency_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
    )
    # Cells without data are drawn grey underneath (a null colour would leave them blank).
    blank = base.mark_rect(stroke="white", strokeWidth=1, color=TRACK).encode(
        tooltip=[
            alt.Tooltip("agency_label:N", title=titles["agency"]),
            alt.Tooltip("code:N", title=titles["code"]),
            alt.Tooltip("points_text:N", title=titles["points"]),
        ]
    )
    cells = (
        base.mark_rect(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "share:Q",
                scale=SHARE_SCALE,
                title=titles["share"],
                legend=alt.Legend(format="%", gradientLength=220, values=[0.5, 0.75, 1.0]),
            ),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("agency_label:N", title=titles["agency"]),
                alt.Tooltip("code:N", title=titles["code"]),
                alt.Tooltip("indicator:N", title=titles["indicator"]),
                alt.Tooltip("points_text:N", title=titles["points"]),
                alt.Tooltip("share:Q", format=".1%", title=titles["share"]),
            ],
        )
        .add_params(selection)
        .transform_filter("isValid(datum.share)")
    )
    layers = [blank, cells]
    if show_text:
        layers.append(
            base.mark_text(fontSize=11)
            .encode(
                text=alt.Text("share:Q", format=".0%"),
                color=alt.condition("datum.share < 0.6", alt.value("white"), alt.value(INK)),
            )
            .transform_filter("isValid(datum.share)")  # a blank cell, not "null"
        )
    return finish(alt.LayerChart(layer=layers).properties(height=alt.Step(22)))


def spread_box(df: pd.DataFrame, titles: dict[str, str], height: int = 280) -> Spec:
    """Spread of each indicator's share of maximum across agencies.
    Columns: code, indicator, agency_label, share."""
    x = alt.X("code:N", sort=None, title=titles["indicator"], axis=alt.Axis(labelAngle=0))
    low = min(0.5, float(df["share"].min()) // 0.1 * 0.1) if not df.empty else 0.0
    y = alt.Y(
        "share:Q",
        title=titles["share"],
        axis=alt.Axis(format="%"),
        scale=alt.Scale(domain=[low, 1]),
    )
    box = (
        alt.Chart(df)
        .mark_boxplot(size=18, color=PALETTE[2], opacity=0.45, outliers=False)
        .encode(x=x, y=y)
    )
    strip = (
        alt.Chart(df)
        .mark_circle(size=28, color=PALETTE[0], opacity=0.7)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("agency_label:N", title=titles["agency"]),
                alt.Tooltip("code:N", title=titles["code"]),
                alt.Tooltip("indicator:N", title=titles["indicator"]),
                alt.Tooltip("share:Q", format=".1%", title=titles["share"]),
            ],
        )
    )
    return finish((box + strip).properties(height=height))


def individual_bars(df: pd.DataFrame, titles: dict[str, str]) -> Spec:
    """Individual indicator scores (0–100) by agency. Columns: indicator, agency_label, score."""
    per_band = max(df["agency_label"].nunique(), 1)
    return finish(
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("indicator:N", sort=None, title=None, axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("agency_label:N"),
            x=alt.X("score:Q", title=titles["score"], scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("agency_label:N", title=titles["agency"]),
            tooltip=[
                alt.Tooltip("agency_label:N", title=titles["agency"]),
                alt.Tooltip("indicator:N", title=" "),
                alt.Tooltip("score:Q", format=".1f", title=titles["score"]),
            ],
        )
        .properties(height=alt.Step(16 * per_band + 10))
    )
