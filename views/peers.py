"""横向对比 Peer comparison (DOMAIN §6) as a view model: for an agency type and year, every
city's figures, the home agency's rank and distance from the peer median per measure, how the
round's usage and peer leaves scored it, the log–log scatter with its line, expected posts and
residual, the cities left out and why, and the province-wide residuals of every evaluated
agency of the home city. Numbers from ``views.peer_figures``; no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.peer_queries import home_agencies, other_cities, peer_cities, peer_years
from data_access.reader import Reader
from data_access.round_inputs import primary_metric
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import fmt_num
from scoring.peer_fit import PeerFit
from views.common import Column, Kpi, Table
from views.names import Names, load_names
from views.peer_charts import peer_scatter
from views.peer_figures import HOME_NOTE, city_figures, city_rows, home_standing, records
from views.profile_charts import Chart

__all__ = [
    "PeerFilters",
    "PeerPage",
    "build_peers",
    "resolve_filters",
    "metric_of",
    "SMALL_FIT",
    "LEAF_SOURCES",
]

SMALL_FIT = 5  # fewer cities in the fit than this: the page says the line is shaky
#: the round's leaves that read these figures, in the order shown
LEAF_SOURCES = ("computed[usage]", "computed[staffing-peer]", "computed[workload-peer]")


@dataclass(frozen=True)
class PeerFilters:
    """What the URL asks for (None: the default)."""

    agency_type: str | None = None
    year: int | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class PeerPage:
    heading: str
    types: dict[str, str]  # agency type → label
    years: list[int]
    agencies: dict[int, str]  # the round's agencies of the type
    agency_type: str | None
    year: int | None
    agency_id: int | None
    empty: str | None = None  # nothing to show, and why
    kpis: tuple[Kpi, ...] = ()
    fit_caption: str = ""
    small_note: str | None = None
    chart: Chart | None = None
    cities: Table | None = None
    standing: Table | None = None
    leaves: Table | None = None
    leaves_caption: str | None = None
    excluded: Table | None = None
    province: Table | None = None
    province_caption: str = ""


def _t(lang: str) -> Any:
    return lambda key, **v: translate(key, lang, **v)


def _reason(code: str, lang: str) -> str:
    return {
        "no_posts": translate("pe_reason_no_posts", lang),
        "no_population": translate("pe_reason_no_population", lang),
        "no_workload": translate("pe_reason_no_workload", lang),
        "zero_workload": translate("pe_reason_zero_workload", lang),
        "too_few_peers": translate("pe_reason_too_few", lang),
        "same_workload": translate("pe_reason_same_workload", lang),
        HOME_NOTE: translate("pe_reason_home", lang),
    }.get(code, code)


def _pct(share: float) -> float:
    return share * 100 if not math.isnan(share) else math.nan


def _signed(value: float, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return "—"
    return ("+" if value > 0 else "") + fmt_num(value, digits)


def metric_of(home: dict[str, Any] | None, agency_type: str) -> str:
    """The workload metric compared: the home agency's primary one, else the type's."""
    if home is not None and isinstance(home.get("workload_metric"), str):
        return str(home["workload_metric"])
    return primary_metric(agency_type)


def _fit_caption(fit: PeerFit, lang: str) -> str:
    t = _t(lang)
    if not fit.ok:
        return t("pe_fit_none", n=fit.n)
    r2 = "—" if fit.r2 is None else fmt_num(fit.r2, 2)
    return t("pe_fit_caption", slope=fmt_num(fit.slope or 0, 2), r2=r2, n=fit.n)


def _city_table(fig: pd.DataFrame, lang: str, home_label: str) -> Table:
    t = _t(lang)
    frame = fig.assign(
        city=[home_label if h else c for c, h in zip(fig["city"], fig["is_home"], strict=True)],
        residual_pct=[_pct(s) for s in fig["residual_share"]],
        per_10k=[fmt_num(v, 3) for v in fig["posts_per_10k"]],
        in_fit=[
            t("pf_yes") if inc else _reason(note, lang) if note else "—"
            for inc, note in zip(fig["included"], fig["note"], strict=True)
        ],
    )
    cols = (
        Column("city", t("pe_col_city"), width="medium", pinned=True),
        Column("authorized_xz", t("pe_col_xz"), "int"),
        Column("authorized_sy", t("pe_col_sy"), "int"),
        Column("authorized_gq", t("pe_col_gq"), "int"),
        Column("authorized", t("pe_col_authorized"), "int"),
        Column("actual", t("pe_col_actual"), "int"),
        Column("sections", t("pe_col_sections"), "int"),
        Column("population", t("pe_col_population"), "number"),
        Column("workload", t("pe_col_workload"), "int"),
        Column("per_10k", t("pe_col_per_10k")),
        Column("workload_per_staff", t("pe_col_per_staff"), "number"),
        Column("expected_posts", t("pe_col_expected"), "number"),
        Column("residual", t("pe_col_residual"), "number"),
        Column("residual_pct", t("pe_col_residual_pct"), "percent"),
        Column("in_fit", t("pe_col_in_fit")),
    )
    return Table(frame, cols)


def _standing_table(fig: pd.DataFrame, lang: str) -> Table | None:
    t = _t(lang)
    s = home_standing(fig)
    if s.empty:
        return None
    labels = {
        "authorized": t("pe_col_authorized"),
        "actual": t("pe_col_actual"),
        "sections": t("pe_col_sections"),
        "population": t("pe_col_population"),
        "workload": t("pe_col_workload"),
        "posts_per_10k": t("pe_col_per_10k"),
        "workload_per_staff": t("pe_col_per_staff"),
    }
    frame = s.assign(
        measure=[labels[m] for m in s["measure"]],
        rank=[
            "—" if pd.isna(r) else t("pe_rank_of", rank=int(r), n=int(n))
            for r, n in zip(s["rank"], s["of"], strict=True)
        ],
        distance=[_pct(d) for d in s["distance"]],
        # posts per 10k residents are small (≈ 0.07): three decimals, the rest one
        home_text=[
            fmt_num(v, 3 if m == "posts_per_10k" else 1) for m, v in zip(s["measure"], s["home"])
        ],
        median_text=[
            fmt_num(v, 3 if m == "posts_per_10k" else 1) for m, v in zip(s["measure"], s["median"])
        ],
    )
    return Table(
        frame,
        (
            Column("measure", t("pe_col_measure")),
            Column("home_text", t("pe_col_home")),
            Column("rank", t("pe_col_rank")),
            Column("median_text", t("pe_col_median")),
            Column("distance", t("pe_col_distance"), "percent"),
        ),
    )


def _leaves_table(
    reader: Reader, rnd: RoundRef, agency_id: int, names: Names, lang: str
) -> Table | None:
    t = _t(lang)
    leaves = reader.round_result(rnd.round_id).leaves
    mine = leaves[(leaves["agency_id"] == agency_id) & leaves["source"].isin(LEAF_SOURCES)]
    if mine.empty:
        return None
    tree = reader.round_result(rnd.round_id).tree
    rows = []
    for r in mine.itertuples(index=False):
        d = r.detail or {}
        x, median = d.get("x"), d.get("median")
        if "u" in d:
            basis = t("pe_leaf_usage", u=fmt_num((d.get("u") or math.nan) * 100) + "%")
        elif median is not None:
            basis = t(
                "pe_leaf_peer",
                x=fmt_num(x, 3),
                median=fmt_num(median, 3),
                d=fmt_num((d.get("d") or 0) * 100) + "%",
                n=d.get("n_peers", 0),
            )
        else:
            basis = t("pe_leaf_missing", n=d.get("n_peers", 0))
        rows.append(
            {
                "code": r.code,
                "name": names.indicator(r.code, tree.name(r.code)),
                "points": r.points,
                "max": r.max_points,
                "basis": basis,
            }
        )
    return Table(
        pd.DataFrame(rows),
        (
            Column("code", t("pe_col_code"), width="small"),
            Column("name", t("pe_col_indicator")),
            Column("points", t("pe_col_points"), "number"),
            Column("max", t("pe_col_max"), "number"),
            Column("basis", t("pe_col_basis"), width="large"),
        ),
    )


def _chart(fig: pd.DataFrame, fit: PeerFit, lang: str, home_label: str, metric: str) -> Chart:
    t = _t(lang)
    pts = fig.dropna(subset=["authorized", "workload"])
    pts = pts[(pts["authorized"] > 0) & (pts["workload"] > 0)]
    points = pd.DataFrame(
        {
            "city": pts["city"],
            "label": [home_label if h else c for c, h in zip(pts["city"], pts["is_home"])],
            "workload": pts["workload"],
            "posts": pts["authorized"],
            "role": [
                "home" if h else "peer" if i else "out"
                for h, i in zip(pts["is_home"], pts["included"])
            ],
            "expected": pts["expected_posts"],
        }
    )
    line = pd.DataFrame(columns=["workload", "posts"])
    if fit.ok and not points.empty:
        lo, hi = float(points["workload"].min()), float(points["workload"].max())
        ends = [lo, hi]
        line = pd.DataFrame(
            {
                "workload": ends,
                "posts": [
                    math.exp((fit.intercept or 0) + (fit.slope or 0) * math.log(w)) for w in ends
                ],
            }
        )
    titles = {
        "city": t("pe_col_city"),
        "workload": metric,
        "posts": t("pe_col_authorized"),
        "expected": t("pe_col_expected"),
    }
    return Chart(
        peer_scatter,
        (points, line, t("pe_axis_workload", metric=metric), t("pe_axis_posts"), titles),
    )


def _province(
    reader: Reader, rnd: RoundRef, year: int, names: Names, lang: str, home_city: str
) -> Table | None:
    """Every evaluated agency of the home city with its residual against its type's line."""
    t = _t(lang)
    homes = reader(home_agencies, rnd.round_id, year)
    if homes.empty:
        return None
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in records(reader(peer_cities, year)):
        by_type.setdefault(str(r["agency_type"]), []).append(r)
    rows = []
    for h in records(homes):
        kind = str(h["agency_type"])
        figures, fit = city_rows(by_type.get(kind, []), h, metric_of(h, kind))
        home = figures[0]
        rows.append(
            {
                "agency": names.agency(h["agency_id"], h["name"]),
                "agency_type": names.agency_type(kind),
                "authorized": home["authorized"],
                "expected": home["expected_posts"],
                "residual": home["residual"],
                "residual_pct": _pct(home["residual_share"]),
                "r2": fit.r2 if fit.r2 is not None else math.nan,
                "n": fit.n,
            }
        )
    frame = pd.DataFrame(rows)
    frame["r2_text"] = [fmt_num(v, 2) for v in frame["r2"]]
    frame["_order"] = frame["residual_pct"].fillna(-math.inf)
    frame = frame.sort_values("_order", ascending=False, kind="stable").drop(columns="_order")
    return Table(
        frame.reset_index(drop=True),
        (
            Column("agency", t("pe_col_agency"), pinned=True),
            Column("agency_type", t("pe_col_type")),
            Column("authorized", t("pe_col_authorized"), "int"),
            Column("expected", t("pe_col_expected"), "number"),
            Column("residual", t("pe_col_residual"), "number"),
            Column("residual_pct", t("pe_col_residual_pct"), "percent"),
            Column("r2_text", t("pe_col_r2")),
            Column("n", t("pe_col_n"), "int"),
        ),
    )


def resolve_filters(reader: Reader, rnd: RoundRef, filters: PeerFilters) -> PeerFilters:
    """The filters the page will show: unknown or absent values replaced by the defaults (the
    round's year, else the newest with figures; the first type; the type's first agency; an
    agency user's own). Cheap (two reads), so a cache can key on the resolved filters."""
    years = reader(peer_years)
    year = filters.year if filters.year in years else (rnd.year if rnd.year in years else None)
    if year is None and years:
        year = years[0]
    if year is None:
        return PeerFilters(None, None, None)
    homes = reader(home_agencies, rnd.round_id, year)
    types = list(dict.fromkeys(homes["agency_type"].astype(str)))
    if not types:
        return PeerFilters(None, year, None)
    kind = filters.agency_type if filters.agency_type in types else types[0]
    ids = [int(i) for i in homes.loc[homes["agency_type"] == kind, "agency_id"]]
    return PeerFilters(kind, year, filters.agency_id if filters.agency_id in ids else ids[0])


def build_peers(reader: Reader, rnd: RoundRef, lang: str, filters: PeerFilters) -> PeerPage:
    """The page for the filters (unknown values fall back to the defaults: the round's year,
    the first type, the type's first agency; an agency user: its own agency and type)."""
    t = _t(lang)
    heading = t("pe_heading")
    years = reader(peer_years)
    names = load_names(reader, rnd.round_id, lang)
    filters = resolve_filters(reader, rnd, filters)
    year = filters.year
    homes = reader(home_agencies, rnd.round_id, year if year is not None else rnd.year)
    types = {str(k): names.agency_type(k) for k in dict.fromkeys(homes["agency_type"].astype(str))}
    base = PeerPage(heading, types, years, {}, None, year, None)
    if year is None or not types:
        return _replace(base, empty=t("pe_empty"))
    kind, agency_id = str(filters.agency_type), int(filters.agency_id or 0)
    of_type = homes[homes["agency_type"] == kind]
    agencies = {int(i): names.agency(i, n) for i, n in zip(of_type["agency_id"], of_type["name"])}
    home = of_type[of_type["agency_id"] == agency_id].to_dict("records")[0]
    metric = metric_of(home, kind)
    fig, fit = city_figures(reader(peer_cities, year, kind), home, metric)
    home_label = t("pe_home_label", city=home["city"])
    h = fig.iloc[0]
    kpis = (
        Kpi(t("pe_kpi_authorized"), _fmt(h["authorized"], 0)),
        Kpi(t("pe_kpi_expected"), _fmt(h["expected_posts"], 1), caption=_fit_caption(fit, lang)),
        Kpi(
            t("pe_kpi_residual"),
            _signed(h["residual"]),
            caption=t("pe_kpi_residual_pct", pct=_signed(_pct(h["residual_share"])) + "%")
            if not math.isnan(h["residual_share"])
            else None,
        ),
        Kpi(t("pe_kpi_per_10k"), _fmt(h["posts_per_10k"], 2)),
    )
    out = fig[~fig["is_home"] & ~fig["included"]]
    silent = [c for c in reader(other_cities) if c not in set(fig["city"])]
    excluded = None
    if not out.empty or silent:
        excluded = Table(
            pd.DataFrame(
                {
                    "city": [*out["city"], *silent],
                    "reason": [_reason(n, lang) for n in out["note"]]
                    + [t("pe_reason_no_report")] * len(silent),
                }
            ),
            (Column("city", t("pe_col_city")), Column("reason", t("pe_col_reason"))),
        )
    small = t("pe_small_fit", n=fit.n) if fit.n < SMALL_FIT else None
    leaves = _leaves_table(reader, rnd, agency_id, names, lang) if year == rnd.year else None
    leaves_caption = (
        t("pe_leaves_caption", round=rnd.title(lang))
        if year == rnd.year
        else t("pe_leaves_other_year", year=rnd.year)
    )
    return PeerPage(
        heading,
        types,
        years,
        agencies,
        kind,
        year,
        agency_id,
        kpis=kpis,
        fit_caption=_fit_caption(fit, lang),
        small_note=small,
        chart=_chart(fig, fit, lang, home_label, names.metric(metric)),
        cities=_city_table(fig, lang, home_label),
        standing=_standing_table(fig, lang),
        leaves=leaves,
        leaves_caption=leaves_caption,
        excluded=excluded,
        province=_province(reader, rnd, year, names, lang, str(home["city"])),
        province_caption=t("pe_province_caption", city=home["city"], year=year),
    )


def _fmt(value: float, digits: int) -> str:
    return "—" if value is None or math.isnan(value) else fmt_num(value, digits)


def _replace(page: PeerPage, **changes: Any) -> PeerPage:
    from dataclasses import replace

    return replace(page, **changes)
