"""Chart builders of the agency profile's history sections: staffing over the years with its
events, workload against headcount, personnel by band, retirements beside planned hires. Pure,
like ``views.profile_charts`` (whose ``finish`` gives them the house font and colours)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from domain.vocab import PALETTE
from views.profile_charts import Spec, finish

__all__ = ["staffing_lines", "index_lines", "stacked_years", "retire_hire_bars"]


def _year_axis(title: str | None = None) -> alt.X:
    return alt.X(
        "year:Q",
        title=title,
        axis=alt.Axis(format="d", tickMinStep=1),
        scale=alt.Scale(nice=False, padding=12),
    )


def staffing_lines(
    df: pd.DataFrame,
    events: pd.DataFrame,
    posts: Sequence[str],
    colours: Sequence[str],
    measures: Sequence[str],
    y_title: str,
    titles: dict[str, str],
    height: int = 360,
) -> Spec:
    """Authorized vs actual by post type over the years, history events as rules.

    ``df``: year, post_type, measure, value; ``posts`` the post-type labels and ``colours``
    theirs; ``measures`` = (actual, authorized) labels. ``events``: year_pos (fractional
    year), kind, date, description, doc_no. ``titles`` names the legend and tooltip fields."""
    colour = alt.Color(
        "post_type:N",
        title=titles["post_type"],
        scale=alt.Scale(domain=list(posts), range=list(colours)),
    )
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=2)
        .encode(
            x=_year_axis(),
            y=alt.Y("value:Q", title=y_title),
            color=colour,
            # Solid = actual, dashed = authorized; the page says so in a caption (Streamlit's
            # chart theme draws no symbol for a stroke-dash legend).
            strokeDash=alt.StrokeDash(
                "measure:N",
                legend=None,
                scale=alt.Scale(domain=list(measures), range=[[1, 0], [5, 3]]),
            ),
            tooltip=[
                alt.Tooltip("year:Q", format="d", title=titles["year"]),
                alt.Tooltip("post_type:N", title=titles["post_type"]),
                alt.Tooltip("measure:N", title=titles["measure"]),
                alt.Tooltip("value:Q", title=y_title),
            ],
        )
    )
    dots = alt.Chart(df).mark_circle(size=36).encode(x=_year_axis(), y="value:Q", color=colour)
    layers: list[alt.Chart] = [lines, dots]
    if not events.empty:
        rules = (
            alt.Chart(events)
            .mark_rule(color=PALETTE[4], strokeDash=[2, 3])
            .encode(
                x="year_pos:Q",
                tooltip=[
                    alt.Tooltip("date:N", title=titles["date"]),
                    alt.Tooltip("kind:N", title=titles["kind"]),
                    alt.Tooltip("description:N", title=titles["description"]),
                    alt.Tooltip("doc_no:N", title=titles["doc_no"]),
                ],
            )
        )
        marks = (
            alt.Chart(events)
            .mark_point(shape="triangle-down", filled=True, size=90, color=PALETTE[4])
            .encode(
                x="year_pos:Q",
                y=alt.value(6),
                tooltip=[
                    alt.Tooltip("date:N", title=titles["date"]),
                    alt.Tooltip("kind:N", title=titles["kind"]),
                    alt.Tooltip("description:N", title=titles["description"]),
                ],
            )
        )
        layers += [rules, marks]
    return finish(alt.LayerChart(layer=layers).properties(height=height))


def index_lines(df: pd.DataFrame, y_title: str, titles: dict[str, str], height: int = 340) -> Spec:
    """Workload metrics and headcount indexed to their first year (=100).
    Columns: year, series, index, value, grade."""
    return finish(
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("index:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None),
            tooltip=[
                alt.Tooltip("year:Q", format="d", title=titles["year"]),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", format=",.0f", title=titles["value"]),
                alt.Tooltip("index:Q", format=".1f", title=y_title),
                alt.Tooltip("grade:N", title=titles["grade"]),
            ],
        )
        .properties(height=height)
    )


def stacked_years(
    df: pd.DataFrame, order: Sequence[str], y_title: str, legend: str, height: int = 300
) -> Spec:
    """Headcount by band per year, stacked. Columns: year, band, n."""
    rank = {b: i for i, b in enumerate(order)}
    data = df.assign(order=df["band"].map(rank))
    return finish(
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=y_title, stack="zero"),
            color=alt.Color(
                "band:N",
                title=legend,
                sort=list(order),
                scale=alt.Scale(range=PALETTE[2:] + PALETTE[:2]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=" "),
                alt.Tooltip("band:N", title=legend),
                alt.Tooltip("n:Q", title=y_title),
            ],
        )
        .properties(height=height)
    )


def retire_hire_bars(
    df: pd.DataFrame,
    kinds: Sequence[str],
    colours: Sequence[str],
    y_title: str,
    legend: str,
    height: int = 300,
) -> Spec:
    """Retirements beside planned hires (stacked by post type) per year; ``colours`` one per
    kind. Columns: year, series, kind, n."""
    return finish(
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=None),
            y=alt.Y("n:Q", title=y_title, stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "kind:N",
                title=legend,
                sort=list(kinds),
                scale=alt.Scale(domain=list(kinds), range=list(colours)),
            ),
            order=alt.Order("kind:N"),
            tooltip=[
                alt.Tooltip("year:O", title=" "),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("kind:N", title=legend),
                alt.Tooltip("n:Q", title=y_title),
            ],
        )
        .properties(height=height)
    )
