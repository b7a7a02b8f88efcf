"""编制与用编 Staffing over time (纵向, DOMAIN §6) as a view model, for one agency: authorized vs
actual by post type over the years with the history events marked, leadership posts
authorized vs filled, workload and the annual assessment grade on the same time axis, the
events with their document numbers, and the next five years' retirements against planned
hires. These moved here from the profile's staffing tab (``views.profile_sections`` builds
the parts; the profile links here). No Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from data_access.profile_queries import history_events, staffing_history, workload_history
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.vocab import PALETTE, grade_label
from views.common import Table
from views.names import load_names
from views.profile_charts import Chart, Spec, finish
from views.profile_charts_history import staffing_lines
from views.profile_sections import build_staffing, events_frame, workload_index_frame

__all__ = [
    "StaffingHistory",
    "build_staffing_history",
    "leader_lines",
    "posts_with_doc_numbers",
    "workload_grade_lines",
]


@dataclass(frozen=True)
class StaffingHistory:
    """Each chart or table is None when the agency has no such data (the page says so)."""

    title: str
    posts: Chart | None
    posts_table: Table | None
    leaders: Chart | None
    workload: Chart | None
    workload_table: Table | None
    events: Table | None
    retire_title: str
    retire: Chart | None
    retire_caption: str | None


def posts_with_doc_numbers(*args: Any) -> Spec:
    """``views.profile_charts_history.staffing_lines`` (same arguments) with each history
    event's document number written along its line, so the chart reads without hovering."""
    spec = staffing_lines(*args)
    events: pd.DataFrame = args[1]
    marked = events[events["doc_no"].fillna("—") != "—"]
    if not marked.empty:
        spec["layer"].append(
            {
                "data": {
                    "values": [
                        {"year_pos": float(p), "label": f"{k} {d}"}
                        for p, k, d in zip(marked["year_pos"], marked["kind"], marked["doc_no"])
                    ]
                },
                "mark": {
                    "type": "text",
                    "angle": 90,
                    "align": "left",
                    "baseline": "bottom",
                    "dx": 14,
                    "dy": -3,
                    "fontSize": 11,
                    "color": PALETTE[4],
                },
                "encoding": {
                    "x": {"field": "year_pos", "type": "quantitative"},
                    "y": {"value": 14},
                    "text": {"field": "label", "type": "nominal"},
                },
            }
        )
    return spec


def leader_lines(df: pd.DataFrame, y_title: str, height: int = 260) -> Spec:
    """Leadership posts authorized (dashed) and filled (solid) per year, series in that
    order. Columns: year, series, n."""
    return finish(
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=y_title, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("series:N", title=None, sort=None, scale=alt.Scale(range=PALETTE[2:4])),
            # authorized dashed, filled solid: where they coincide both stay visible
            strokeDash=alt.StrokeDash(
                "series:N", sort=None, title=None, scale=alt.Scale(range=[[6, 3], [1, 0]])
            ),
            tooltip=["year:O", "series:N", "n:Q"],
        )
        .properties(height=height)
    )


def workload_grade_lines(
    df: pd.DataFrame,
    events: pd.DataFrame,
    y_title: str,
    titles: dict[str, str],
    height: int = 340,
) -> Spec:
    """Workload metrics and headcount indexed to their first year (=100), the year's
    assessment grade written above each year and history events as rules, on one year axis.
    ``df``: year, series, value, index, grade; ``events``: year_pos, date, kind, doc_no."""
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1))
    lines = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("index:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None),
            tooltip=[
                alt.Tooltip("year:Q", format="d", title=titles["year"]),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", format=",.0f", title=titles["value"]),
                alt.Tooltip("grade:N", title=titles["grade"]),
            ],
        )
    )
    grades = (
        alt.Chart(df.drop_duplicates("year").dropna(subset=["grade"]))
        .mark_text(fontSize=13, fontWeight="bold", color=PALETTE[4])
        .encode(x=x, y=alt.value(10), text="grade:N")
    )
    layers: list[alt.Chart] = [lines, grades]
    if not events.empty:
        layers.append(
            alt.Chart(events)
            .mark_rule(color=PALETTE[4], strokeDash=[2, 3])
            .encode(
                x="year_pos:Q",
                tooltip=[
                    alt.Tooltip("date:N", title=titles["date"]),
                    alt.Tooltip("kind:N", title=titles["kind"]),
                    alt.Tooltip("doc_no:N", title=titles["doc_no"]),
                ],
            )
        )
    return finish(alt.LayerChart(layer=layers).properties(height=height))


def build_staffing_history(
    reader: Reader, rnd: RoundRef, lang: str, agency_id: int, title: str
) -> StaffingHistory:
    """Every year up to the round's year; an agency principal always gets its own agency."""
    wanted = reader.principal.scoped_agency(agency_id)
    agency_id = int(agency_id if wanted is None else wanted)
    names = load_names(reader, rnd.round_id, lang)
    s = build_staffing(reader, agency_id, rnd.year, names, lang)
    staffing = reader(staffing_history, agency_id, rnd.year)
    leaders = None
    if not staffing.empty:
        long = pd.concat(
            [
                pd.DataFrame(
                    {
                        "year": staffing["year"].astype(int),
                        "series": translate(key, lang),
                        "n": staffing[column],
                    }
                )
                for key, column in (
                    ("stf_leaders_authorized", "leader_posts_authorized"),
                    ("stf_leaders_filled", "leader_posts_filled"),
                )
            ],
            ignore_index=True,
        )
        leaders = Chart(leader_lines, (long, translate("stf_axis_leaders", lang)))
    workload = None
    history = reader(workload_history, agency_id, rnd.year)
    if not history.empty:
        named = history.assign(
            metric=[names.metric(m) for m in history["metric"]],
            grade=[grade_label(g, lang) for g in history["grade"]],
        )
        frame = workload_index_frame(named, translate("pf_headcount", lang))
        events = events_frame(reader(history_events, agency_id, rnd.year), frame["year"], lang)
        titles = {
            "year": translate("pf_col_year", lang),
            "value": translate("pf_col_value", lang),
            "grade": translate("pf_assessment", lang),
            "date": translate("pf_col_date", lang),
            "kind": translate("pf_col_kind", lang),
            "doc_no": translate("pf_col_doc_no", lang),
        }
        workload = Chart(
            workload_grade_lines, (frame, events, translate("pf_axis_index", lang), titles)
        )
    p = s.personnel
    posts = None if s.staffing is None else Chart(posts_with_doc_numbers, s.staffing.args)
    return StaffingHistory(
        title,
        posts,
        s.staffing_table,
        leaders,
        workload,
        s.workload_table,
        s.events,
        p.retire_title,
        p.retire,
        p.retire_caption,
    )
