"""外部评价 External ratings as a view model: per agency and matter the counts of 好/较好/一般
and the score they give (the mean of the round's mapped values, DOMAIN §4 ``external``), a
rater × agency heatmap that shows an outlier rater, the problems raters noted (searchable),
and the ratings behind every figure. Pure: no streamlit.

An agency user gets its own agency's ratings only (data_access.rating_queries scopes them),
with the raters anonymous ('rater 1..n') unless the round names them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from data_access.names_queries import agency_names
from data_access.rating_queries import rater_names, rating_counts, rating_rows
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_int, fmt_num
from domain.vocab import Matter, Rating, term_label
from views.common import Column, Kpi, Table
from views.names import load_names
from views.profile_charts import INK, SHARE_SCALE, TRACK, Chart, Spec, finish
from views.profile_detail import capital, texts

__all__ = [
    "LEVEL_COLUMNS",
    "RatingFilters",
    "RatingsPage",
    "matter_scores",
    "rater_means",
    "build_ratings_page",
    "ratings_behind",
    "rater_heatmap",
]

#: The export's and the page's count columns, by stored level.
LEVEL_COLUMNS: dict[str, str] = {
    Rating.GOOD.value: "good",
    Rating.FAIRLY_GOOD.value: "fairly_good",
    Rating.AVERAGE.value: "average",
}


def matter_scores(counts: pd.DataFrame, rating_values: Mapping[str, float]) -> pd.DataFrame:
    """Columns: agency_id, agency, matter, good, fairly_good, average, raters, score — one row
    per agency × matter of ``counts`` (rating_queries.rating_counts: agency_id, agency, matter,
    rating, n), in its order. ``raters`` is the number of ratings (one per rater: the import
    refuses a second); ``score`` = Σ n_level · value_level / Σ n over the levels the mapping
    values (summed as the scoring of an ``external`` leaf sums them) (DOMAIN §4: 好 1.0, 较好 0.8, 一般 0.6 by default), 0–1, NaN with none."""
    out: dict[tuple[int, str], dict[str, object]] = {}
    by_level: dict[tuple[int, str], dict[str, int]] = {}
    for row in counts.itertuples(index=False):
        key = (int(row.agency_id), str(row.matter))
        entry = out.setdefault(
            key,
            {
                "agency_id": key[0],
                "agency": row.agency,
                "matter": key[1],
                **{c: 0 for c in LEVEL_COLUMNS.values()},
                "raters": 0,
            },
        )
        n = int(row.n)
        if row.rating in LEVEL_COLUMNS:
            entry[LEVEL_COLUMNS[str(row.rating)]] = int(entry[LEVEL_COLUMNS[str(row.rating)]]) + n  # type: ignore[call-overload]
        entry["raters"] = int(entry["raters"]) + n  # type: ignore[call-overload]
        levels = by_level.setdefault(key, {})
        levels[str(row.rating)] = levels.get(str(row.rating), 0) + n
    rows = []
    for key, entry in out.items():
        # As scoring.leaves.score_external_groups: fsum of n · value in the mapping's order.
        levels = by_level.get(key, {})
        products = [levels[lv] * float(v) for lv, v in rating_values.items() if lv in levels]
        k = sum(levels[lv] for lv in rating_values if lv in levels)
        rows.append({**entry, "score": math.fsum(products) / k if k else math.nan})
    columns = ["agency_id", "agency", "matter", *LEVEL_COLUMNS.values(), "raters", "score"]
    return pd.DataFrame(rows, columns=columns)


def rater_means(rows: pd.DataFrame, rating_values: Mapping[str, float]) -> pd.DataFrame:
    """Columns: rater_label, agency_id, n, mean — each rater's mean mapped value on each
    agency (over the matters in ``rows``: rater_label, agency_id, rating)."""
    valued = rows.assign(value=rows["rating"].map(lambda r: rating_values.get(str(r))))
    valued = valued.dropna(subset=["value"])
    grouped = valued.groupby(["rater_label", "agency_id"], sort=False)["value"]
    return grouped.agg(n="count", mean="mean").reset_index()


def rater_heatmap(df: pd.DataFrame, titles: dict[str, str]) -> Spec:
    """Raters down, agencies across, each cell the rater's mean rating value of the agency
    (share scale: red low, green high). Columns: rater_label, agency_label, mean, n."""
    cols = df["agency_label"].nunique()
    base = alt.Chart(df).encode(
        x=alt.X(
            "agency_label:N",
            sort=None,
            title=None,
            axis=alt.Axis(
                orient="top",
                labelAngle=0 if cols <= 8 else -60,
                labelLimit=160,
                labelOverlap=False,  # every agency named, however many
            ),
        ),
        y=alt.Y("rater_label:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
    )
    tooltip = [
        alt.Tooltip("rater_label:N", title=titles["rater"]),
        alt.Tooltip("agency_label:N", title=titles["agency"]),
        alt.Tooltip("mean:Q", format=".3f", title=titles["mean"]),
        alt.Tooltip("n:Q", title=titles["n"]),
    ]
    cells = base.mark_rect(stroke="white", strokeWidth=1, color=TRACK).encode(
        color=alt.Color(
            "mean:Q",
            scale=SHARE_SCALE,
            title=titles["mean"],
            legend=alt.Legend(gradientLength=220, values=[0.6, 0.8, 1.0]),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=10, color=INK).encode(text=alt.Text("mean:Q", format=".2f"))
    layers = [cells, text] if cols <= 12 else [cells]
    return finish(alt.LayerChart(layer=layers).properties(height=alt.Step(20)))


@dataclass(frozen=True)
class RatingFilters:
    """What the URL asks for: one agency (None: all), one matter (None: all), a search text."""

    agency_id: int | None = None
    matter: str | None = None
    query: str = ""


@dataclass(frozen=True)
class RatingsPage:
    heading: str
    empty: str | None
    filters: RatingFilters = RatingFilters()
    agencies: dict[int, str] = field(default_factory=dict)
    matters: dict[str, str] = field(default_factory=dict)
    kpis: tuple[Kpi, ...] = ()
    summary: Table | None = None
    heatmap: Chart | None = None
    heatmap_caption: str = ""
    problems: Table | None = None
    ratings: Table | None = None
    anonymous_note: str | None = None


def _rating_label(level: object, lang: str) -> str:
    return capital(term_label(Rating, level, lang))


def _matter_label(matter: object, lang: str) -> str:
    return capital(term_label(Matter, matter, lang))


_OUTLIER_MIN = 3  # ratings a rater needs before it is named as the outlier


def build_ratings_page(
    reader: Reader, rnd: RoundRef, lang: str, wanted: RatingFilters
) -> RatingsPage:
    """The page for the principal of ``reader``: an agency user's own agency only."""
    t = texts(lang)
    heading = t("xr_heading", round=rnd.title(lang))
    config, _tree = reader.round_setup(rnd.round_id)
    values = dict(config.rating_values)
    rows = reader(rating_rows, rnd.round_id)
    if rows.empty:
        return RatingsPage(heading, t("xr_empty"))
    names = load_names(reader, rnd.round_id, lang)
    registry = reader(agency_names, rnd.round_id)
    label = {
        int(a.agency_id): names.agency_short(a.agency_id, a.short_name, a.name)
        for a in registry.itertuples(index=False)
    }
    full = {int(a.agency_id): names.agency(a.agency_id, a.name) for a in registry.itertuples()}
    rated = [a for a in label if a in set(rows["agency_id"].astype(int))]
    agencies = {a: full[a] for a in rated}
    matters = {m: _matter_label(m, lang) for m in sorted(set(rows["matter"]), key=_matter_order)}
    scope = reader.principal.agency_scope
    agency_id = scope if scope is not None else wanted.agency_id
    if agency_id not in agencies:
        agency_id = None
    matter = wanted.matter if wanted.matter in matters else None
    filters = RatingFilters(agency_id, matter, wanted.query.strip())

    known = {
        int(no): str(name) for no, name in reader(rater_names, rnd.round_id).itertuples(index=False)
    }
    named = bool(known)
    rows = rows.assign(
        rater_label=[
            known.get(int(no)) or t("xr_rater_anon", n=int(no)) for no in rows["rater_no"]
        ],
        agency_label=rows["agency_id"].map(lambda a: label.get(int(a), str(a))),
        agency_full=rows["agency_id"].map(lambda a: full.get(int(a), str(a))),
        matter_label=rows["matter"].map(lambda m: _matter_label(m, lang)),
        rating_label=rows["rating"].map(lambda r: _rating_label(r, lang)),
        value=rows["rating"].map(lambda r: values.get(str(r))),
    )
    shown = rows
    if agency_id is not None:
        shown = shown[shown["agency_id"] == agency_id]
    if matter is not None:
        shown = shown[shown["matter"] == matter]

    counts = reader(rating_counts, rnd.round_id)
    scores = matter_scores(counts, values)
    if agency_id is not None:
        scores = scores[scores["agency_id"] == agency_id]
    if matter is not None:
        scores = scores[scores["matter"] == matter]
    scores = (
        scores.assign(
            agency_label=scores["agency_id"].map(lambda a: full.get(int(a), str(a))),
            matter_label=scores["matter"].map(lambda m: _matter_label(m, lang)),
            score_pct=scores["score"] * 100,
            order=scores["matter"].map(lambda m: _matter_order(str(m))),
        )
        .sort_values(["agency_id", "order"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )
    summary = Table(
        scores,
        (
            Column("agency_id", "", "hidden"),
            Column("matter", "", "hidden"),
            Column("agency_label", t("xr_col_agency"), pinned=True),
            Column("matter_label", t("xr_col_matter")),
            Column("good", _rating_label(Rating.GOOD, lang), "int"),
            Column("fairly_good", _rating_label(Rating.FAIRLY_GOOD, lang), "int"),
            Column("average", _rating_label(Rating.AVERAGE, lang), "int"),
            Column("raters", t("xr_col_raters"), "int"),
            Column("score_pct", t("xr_col_score"), "percent", help=t("xr_col_score_help")),
        ),
    )
    mean_all = shown["value"].mean()
    kpis = (
        Kpi(t("xr_kpi_ratings"), int(len(shown))),
        Kpi(t("xr_kpi_raters"), int(shown["rater_no"].nunique())),
        Kpi(t("xr_kpi_agencies"), int(shown["agency_id"].nunique())),
        Kpi(t("xr_kpi_mean"), fmt_num(mean_all * 100) + "%" if pd.notna(mean_all) else "—"),
    )
    heat, caption = _heatmap(shown, values, lang)
    return RatingsPage(
        heading,
        None,
        filters,
        agencies,
        matters,
        kpis,
        summary,
        heat,
        caption,
        _problems(shown, filters.query, lang),
        _ratings_table(shown, lang),
        None if named else t("xr_anonymous_note"),
    )


def _matter_order(matter: str) -> tuple[int, str]:
    order = [m.value for m in Matter]
    return (order.index(matter) if matter in order else len(order), matter)


def _heatmap(shown: pd.DataFrame, values: Mapping[str, float], lang: str) -> tuple[Chart, str]:
    t = texts(lang)
    means = rater_means(shown, values)
    means = means.assign(
        agency_label=means["agency_id"].map(
            dict(zip(shown["agency_id"], shown["agency_label"], strict=True))
        )
    )
    titles = {
        "rater": t("xr_col_rater"),
        "agency": t("xr_col_agency"),
        "mean": t("xr_heat_mean"),
        "n": t("xr_heat_n"),
    }
    frame = means[["rater_label", "agency_label", "mean", "n"]]
    chart = Chart(rater_heatmap, (frame, titles))
    # The rater farthest from the others: its mean against the mean of every other rating.
    per_rater = shown.dropna(subset=["value"]).groupby("rater_label")["value"].agg(["sum", "count"])
    total, count = per_rater["sum"].sum(), per_rater["count"].sum()
    caption = t("xr_heat_caption")
    per_rater = per_rater[per_rater["count"] >= _OUTLIER_MIN]  # one rating tells little
    if len(per_rater) >= 2 and count > per_rater["count"].max():
        others = (total - per_rater["sum"]) / (count - per_rater["count"])
        gap = per_rater["sum"] / per_rater["count"] - others
        rater = str(gap.abs().idxmax())
        caption += " " + t(
            "xr_heat_outlier",
            rater=rater,
            mean=fmt_num(per_rater.loc[rater, "sum"] / per_rater.loc[rater, "count"], 3),
            others=fmt_num(others[rater], 3),
            n=fmt_int(per_rater.loc[rater, "count"]),
        )
    return chart, caption


def _problems(shown: pd.DataFrame, query: str, lang: str) -> Table:
    """The problems raters noted, matching ``query`` (any case) in the problem, the rater, the
    agency or the matter."""
    t = texts(lang)
    noted = shown[shown["problems"].notna() & (shown["problems"].astype(str).str.strip() != "")]
    if query:
        needle = query.casefold()
        hay = (
            noted["problems"].astype(str)
            + "\n"
            + noted["rater_label"]
            + "\n"
            + noted["agency_full"]
            + "\n"
            + noted["matter_label"]
        )
        noted = noted[hay.str.casefold().str.contains(needle, regex=False)]
    frame = noted[["agency_full", "matter_label", "rater_label", "rating_label", "problems"]]
    return Table(
        frame.reset_index(drop=True),
        (
            Column("agency_full", t("xr_col_agency")),
            Column("matter_label", t("xr_col_matter")),
            Column("rater_label", t("xr_col_rater")),
            Column("rating_label", t("xr_col_rating")),
            Column("problems", t("xr_col_problems"), width="large"),
        ),
    )


def _ratings_table(shown: pd.DataFrame, lang: str) -> Table:
    t = texts(lang)
    frame = shown[
        [
            "rating_id",
            "agency_id",
            "matter",
            "agency_full",
            "matter_label",
            "rater_label",
            "rating_label",
            "value",
            "problems",
        ]
    ].reset_index(drop=True)
    return Table(
        frame,
        (
            Column("rating_id", "", "hidden"),
            Column("agency_id", "", "hidden"),
            Column("matter", "", "hidden"),
            Column("agency_full", t("xr_col_agency")),
            Column("matter_label", t("xr_col_matter")),
            Column("rater_label", t("xr_col_rater")),
            Column("rating_label", t("xr_col_rating")),
            Column("value", t("xr_col_value"), "number"),
            Column("problems", t("xr_col_problems"), width="large"),
        ),
    )


def ratings_behind(model: RatingsPage, agency_id: int, matter: str) -> Table | None:
    """The ratings a summary row counts (one agency × matter), for tracing a figure."""
    if model.ratings is None:
        return None
    f = model.ratings.frame
    picked = f[(f["agency_id"] == agency_id) & (f["matter"] == matter)].reset_index(drop=True)
    return Table(picked, model.ratings.columns)
