"""Charts of the leadership pages as Vega-Lite dicts: pure Altair, fed with view-model data
(labels already in the view's language), never fetching anything.

The specs are built without Altair's schema validation (it costs more than the rest of the
build on every rerun); tests/views validate every spec against the schema instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from views.chart_theme import chart_config

__all__ = ["PICK", "COMPOSITE_COLUMNS", "composite_bars"]

PICK = "pick"  # the selection name a page reads from st.vega_lite_chart's event

#: The columns ``composite_bars`` draws (see its docstring).
COMPOSITE_COLUMNS = (
    "agency_id",
    "label",
    "name",
    "composite",
    "composite_text",
    "grade_label",
    "common",
    "individual",
    "coverage",
)


def composite_bars(
    frame: pd.DataFrame,
    grades: Sequence[tuple[str, str]],
    bounds: Sequence[float],
    titles: Mapping[str, str],
) -> dict[str, Any]:
    """Horizontal bars of the composite, best first, coloured by grade, with dashed rules at
    the grade bounds; clicking a bar selects its ``agency_id`` (selection ``PICK``).

    ``frame``: the columns of ``COMPOSITE_COLUMNS`` — agency_id, label (axis text), name,
    composite (display-rounded), composite_text (as shown: a second decimal where a tie at
    one decimal hides a rank difference; drawn at the end of each bar), grade_label, and common, individual, coverage as display
    strings. ``grades``: (label, colour) pairs in the round's grade order. ``titles``: the
    axis, legend and tooltip titles for composite, grade, agency, common, individual, coverage.
    """
    pick = alt.selection_point(name=PICK, fields=["agency_id"], on="click")
    order = frame.sort_values("composite", ascending=False, kind="stable")["label"].tolist()
    bars = (
        alt.Chart(frame[list(COMPOSITE_COLUMNS)])
        .mark_bar(cornerRadiusEnd=2)
        .encode(
            x=alt.X("composite:Q", title=titles["composite"], scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(
                "label:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=180, labelOverlap=False, labelFontSize=12),
            ),
            color=alt.Color(
                "grade_label:N",
                title=titles["grade"],
                scale=alt.Scale(
                    domain=[label for label, _ in grades], range=[colour for _, colour in grades]
                ),
                legend=alt.Legend(columns=3, labelLimit=160),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("name:N", title=titles["agency"]),
                alt.Tooltip("composite_text:N", title=titles["composite"]),
                alt.Tooltip("grade_label:N", title=titles["grade"]),
                alt.Tooltip("common:N", title=titles["common"]),
                alt.Tooltip("individual:N", title=titles["individual"]),
                alt.Tooltip("coverage:N", title=titles["coverage"]),
            ],
        )
        .add_params(pick)
    )
    rules = (
        alt.Chart(pd.DataFrame({"bound": [float(b) for b in bounds]}))
        .mark_rule(strokeDash=[4, 3], color="#555555", opacity=0.6)
        .encode(x="bound:Q")
    )
    # The value at the end of each bar: no hover needed on a projector or in a PNG.
    values = (
        alt.Chart(frame[list(COMPOSITE_COLUMNS)])
        .mark_text(align="left", dx=3, fontSize=11, color="#333333")
        .encode(x="composite:Q", y=alt.Y("label:N", sort=order), text="composite_text:N")
    )
    # One 24 px band per agency, so every name stays readable however many there are.
    chart = (
        (bars + rules + values)
        .properties(width="container", height=alt.Step(24))
        .configure(**chart_config())
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec
