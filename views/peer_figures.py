"""The figures of peer comparison (DOMAIN §6) for one agency type and year, as plain frames:
every city's figures with the derived measures, the log–log line fitted over the other cities
(``scoring.peer_fit``) and each city's expected posts and residual against it; the home
city's rank and distance from the peer median per measure. Pure: the page, the export
(``reports.peers``) and the tests read the same numbers.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from typing import Any

import pandas as pd

from scoring.peer_fit import PeerCity, PeerFit, fit_peer_line, predict_posts

__all__ = [
    "CITY_COLUMNS",
    "MEASURES",
    "city_figures",
    "city_rows",
    "records",
    "home_standing",
    "HOME_NOTE",
]

#: note of the home city's row: it is predicted from the line, never part of it
HOME_NOTE = "home_city"
CITY_COLUMNS = (
    "city",
    "is_home",
    "population",
    "authorized_xz",
    "authorized_sy",
    "authorized_gq",
    "authorized",
    "actual",
    "sections",
    "workload",
    "posts_per_10k",
    "workload_per_staff",
    "expected_posts",
    "residual",
    "residual_share",
    "included",
    "note",
)
#: the measures the home city is ranked on (rank 1 = the largest value)
MEASURES = (
    "authorized",
    "actual",
    "sections",
    "population",
    "workload",
    "posts_per_10k",
    "workload_per_staff",
)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts (column by column: far quicker than ``DataFrame.to_dict``)."""
    columns = [str(c) for c in frame.columns]
    values = [frame[c].to_numpy(dtype=object).tolist() for c in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values)]


def _num(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return v


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom > 0 and not math.isnan(top) else math.nan


def _row(city: str, is_home: bool, r: Mapping[str, Any], metric: str) -> dict[str, Any]:
    # A workload of another metric is not comparable: left out as if not reported.
    same_metric = r.get("workload_metric") in (None, metric) or pd.isna(r.get("workload_metric"))
    workload = _num(r.get("workload")) if same_metric else math.nan
    authorized = _num(r.get("authorized_total"))
    authorized = authorized if authorized > 0 else math.nan  # 0 posts: not reported
    actual = _num(r.get("actual_total"))
    population = _num(r.get("population"))
    return {
        "city": city,
        "is_home": is_home,
        "population": population,
        "authorized_xz": _num(r.get("authorized_xz")),
        "authorized_sy": _num(r.get("authorized_sy")),
        "authorized_gq": _num(r.get("authorized_gq")),
        "authorized": authorized,
        "actual": actual,
        "sections": _num(r.get("internal_sections")),
        "workload": workload,
        "posts_per_10k": _ratio(authorized, population),
        "workload_per_staff": _ratio(workload, actual),
    }


def city_rows(
    peers: list[dict[str, Any]], home: Mapping[str, Any] | None, metric: str, min_peers: int = 3
) -> tuple[list[dict[str, Any]], PeerFit]:
    """``city_figures`` as plain dicts (no DataFrame: the province table fits one line per
    agency type)."""
    rows = [_row(str(r["city"]), False, r, metric) for r in peers]
    fit = fit_peer_line(
        (PeerCity(r["city"], r["authorized"], r["population"], r["workload"]) for r in rows),
        min_peers,
    )
    if home is not None:
        rows.insert(0, _row(str(home["city"]), True, home, metric))
    for r in rows:
        p = predict_posts(fit, r["workload"], r["authorized"])
        r["expected_posts"] = math.nan if p.expected is None else p.expected
        r["residual"] = math.nan if p.residual is None else p.residual
        r["residual_share"] = math.nan if p.share is None else p.share
        r["included"] = fit.ok and r["city"] in fit.included and not r["is_home"]
        if r["is_home"]:
            r["note"] = HOME_NOTE
        else:  # a city that qualifies is still out when there is no line (too few, …)
            r["note"] = fit.excluded.get(r["city"], "" if fit.ok else fit.missing or "")
    return rows, fit


def city_figures(
    peers: pd.DataFrame, home: Mapping[str, Any] | None, metric: str, min_peers: int = 3
) -> tuple[pd.DataFrame, PeerFit]:
    """One row per city (``CITY_COLUMNS``; the home city first when given) and the line fitted
    over the other cities. ``peers``: data_access.peer_queries.peer_cities rows of one type;
    ``home``: a data_access.peer_queries.home_agencies row; ``metric``: the workload metric
    compared (another metric's workload counts as not reported)."""
    rows, fit = city_rows(records(peers), home, metric, min_peers)
    frame = pd.DataFrame(rows, columns=list(CITY_COLUMNS))
    return frame.astype({"is_home": bool, "included": bool}), fit


def home_standing(figures: pd.DataFrame) -> pd.DataFrame:
    """Per measure (``MEASURES``): home value, its rank among the cities with a value
    (1 = largest; ties share the best rank), how many have one, the peers' median and the
    distance home / median − 1. Empty without a home row."""
    columns = ["measure", "home", "rank", "of", "median", "distance"]
    home = figures[figures["is_home"]]
    if home.empty:
        return pd.DataFrame(columns=columns)
    rows = records(figures)
    out = []
    for m in MEASURES:
        value = float(home[m].iloc[0])
        values = [float(r[m]) for r in rows if not math.isnan(float(r[m]))]
        peer_values = [float(r[m]) for r in rows[1:] if not math.isnan(float(r[m]))]
        median = statistics.median(peer_values) if peer_values else math.nan
        rank = sum(v > value for v in values) + 1 if not math.isnan(value) else math.nan
        distance = value / median - 1 if median and not math.isnan(value) else math.nan
        out.append([m, value, rank, len(values), median, distance])
    return pd.DataFrame(out, columns=columns)
