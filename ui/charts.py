"""Altair chart builders for the leadership pages (overview, ranking).

Builders take DataFrames whose labels are already translated (the caller owns the language)
and return configured charts: the house CJK font, theme colours, legend at the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from data_access import cache
from ui.session import current_principal as _P
from scoring import RoundResult
from ui.i18n import current_lang, fmt_num, t
from ui.ranking_view import grade_label, grade_order, round1
from ui.theme import GRADE_COLORS, PALETTE, altair_config

__all__ = ["PICK", "composite_bars", "overview_chart", "overview_chart_spec"]

PICK = "pick"  # the selection name a page reads from st.altair_chart's event


def composite_bars(
    df: pd.DataFrame,
    grades: Sequence[tuple[str, str]],
    bounds: Sequence[float],
    titles: dict[str, str],
) -> alt.LayerChart:
    """Horizontal bars of the composite, best first, coloured by grade, with dashed rules at
    the grade bounds; clicking a bar selects its ``agency_id`` (selection ``PICK``).

    ``df`` columns: agency_id, label (axis text), name, composite (display-rounded),
    grade_label, common, individual, coverage (display strings allowed). ``grades`` lists
    (stored grade, translated label) pairs in display order; ``titles`` gives the translated
    axis/legend/tooltip titles for the keys composite, grade, agency, common, individual,
    coverage.
    """
    domain = [label for _, label in grades]
    colours = [GRADE_COLORS.get(grade, PALETTE[5]) for grade, _ in grades]
    pick = alt.selection_point(name=PICK, fields=["agency_id"], on="click")
    order = df.sort_values("composite", ascending=False, kind="stable")["label"].tolist()
    bars = alt.Chart(df).mark_bar(cornerRadiusEnd=2).encode(
        x=alt.X("composite:Q", title=titles["composite"], scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", sort=order, title=None,
                axis=alt.Axis(labelLimit=180, labelOverlap=False, labelFontSize=12)),
        color=alt.Color("grade_label:N", title=titles["grade"],
                        scale=alt.Scale(domain=domain, range=colours),
                        legend=alt.Legend(columns=3, labelLimit=160)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        tooltip=[
            alt.Tooltip("name:N", title=titles["agency"]),
            alt.Tooltip("composite:Q", title=titles["composite"], format=".1f"),
            alt.Tooltip("grade_label:N", title=titles["grade"]),
            alt.Tooltip("common:N", title=titles["common"]),
            alt.Tooltip("individual:N", title=titles["individual"]),
            alt.Tooltip("coverage:N", title=titles["coverage"]),
        ],
    ).add_params(pick)
    rules = alt.Chart(pd.DataFrame({"bound": list(bounds)})).mark_rule(
        strokeDash=[4, 3], color="#555555", opacity=0.6).encode(x="bound:Q")
    # One 24 px band per agency, so every name stays readable however many there are.
    return (bars + rules).properties(width="container", height=alt.Step(24)).configure(
        **altair_config())


def overview_chart(result: RoundResult) -> alt.LayerChart:
    """The composite ranking chart of the round (agencies with a composite)."""
    s = result.summary[result.summary["composite"].notna()]
    df = pd.DataFrame({
        "agency_id": s["agency_id"].astype(int),
        "label": [sn or n for sn, n in zip(s["short_name"], s["name"], strict=True)],
        "name": s["name"],
        "composite": round1(s["composite"]),
        "grade_label": s["grade"].map(grade_label),
        "common": s["common"].map(fmt_num),
        "individual": s["individual"].map(fmt_num),
        "coverage": [f"{fmt_num(c * 100)}%" for c in s["coverage"]],
    })
    grades = [(g, grade_label(g)) for g in grade_order(result.config)]
    titles = {"composite": t("ovx_composite"), "grade": t("ovx_grade"),
              "agency": t("ld_col_agency"), "common": t("ovx_common"),
              "individual": t("ovx_individual"), "coverage": t("ovx_coverage")}
    return composite_bars(df, grades, [b for _, b in result.config.grade_bands], titles)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _overview_spec(round_id: int, version: int, lang: str) -> dict[str, Any]:
    del version, lang  # cache keys only: a write or a language switch builds a new spec
    spec: dict[str, Any] = overview_chart(cache.round_result(_P(), round_id)).to_dict()
    return spec


def overview_chart_spec(round_id: int) -> dict[str, Any]:
    """overview_chart as a Vega-Lite spec for st.vega_lite_chart, built once per round, data
    version and language: Altair's schema validation costs ~80 ms per build and rerun."""
    return _overview_spec(round_id, cache.current_version(), current_lang())
