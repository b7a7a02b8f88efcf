"""Chart builder of peer comparison (横向对比): posts against workload across cities on log–log
axes with the least-squares line, the home city highlighted, every point labelled. Pure."""

from __future__ import annotations

import altair as alt
import pandas as pd

from domain.vocab import PALETTE
from views.profile_charts import INK, Spec, finish

__all__ = ["peer_scatter"]


def peer_scatter(
    points: pd.DataFrame,
    line: pd.DataFrame,
    x_title: str,
    y_title: str,
    titles: dict[str, str],
    height: int = 420,
) -> Spec:
    """``points``: city, label, workload, posts, role ('home' / 'peer' / 'out'), expected;
    ``line``: workload, posts (the fitted line's ends, empty without a line). ``titles`` names
    the tooltip fields (city, workload, posts, expected)."""
    x = alt.X("workload:Q", title=x_title, scale=alt.Scale(type="log", nice=False, padding=28))
    y = alt.Y("posts:Q", title=y_title, scale=alt.Scale(type="log", nice=False, padding=28))
    colour = alt.Color(
        "role:N",
        legend=None,
        scale=alt.Scale(domain=["home", "peer", "out"], range=[PALETTE[0], PALETTE[2], "#9A9A9A"]),
    )
    base = alt.Chart(points).encode(x=x, y=y)
    dots = base.mark_point(filled=True, opacity=0.9).encode(
        color=colour,
        size=alt.condition("datum.role == 'home'", alt.value(220), alt.value(70)),
        shape=alt.condition("datum.role == 'home'", alt.value("diamond"), alt.value("circle")),
        tooltip=[
            alt.Tooltip("label:N", title=titles["city"]),
            alt.Tooltip("workload:Q", format=",.0f", title=titles["workload"]),
            alt.Tooltip("posts:Q", format=",.0f", title=titles["posts"]),
            alt.Tooltip("expected:Q", format=",.1f", title=titles["expected"]),
        ],
    )
    labels = (
        base.transform_filter("datum.role != 'home'")
        .mark_text(align="left", dx=7, dy=-7, fontSize=12, color=INK)
        .encode(text="label:N")
    )
    home = (
        base.transform_filter("datum.role == 'home'")
        .mark_text(align="left", dx=9, dy=-9, fontSize=14, fontWeight="bold", color=PALETTE[0])
        .encode(text="label:N")
    )
    layers: list[alt.Chart] = [dots, labels, home]
    if not line.empty:
        layers.insert(
            0,
            alt.Chart(line)
            .mark_line(color=PALETTE[1], strokeWidth=2, strokeDash=[6, 3])
            .encode(x=x, y=y),
        )
    return finish(alt.LayerChart(layer=layers, height=height))
