"""The peers export: a stable CSV/JSON contract (`manage.py export peers --type TYPE --year
YEAR`). One row per city (the home city first, then the others in the registry's order):

    city,population,authorized,actual,sections,workload,posts_per_10k,workload_per_staff,
    expected_posts,residual,included,note

Numbers at full precision, empty where not reported; ``authorized`` is Σ of the post types
reported; ``workload`` the type's primary metric; ``expected_posts`` and ``residual``
(authorized − expected) from the log–log line fitted over the other cities
(``scoring.peer_fit``); ``included`` true for the cities in the fit, false with the reason in
``note`` (``no_posts``, ``no_population``, ``no_workload``, ``zero_workload``; with no line
at all, every city: ``too_few_peers`` or ``same_workload``; the home city: ``home_city``,
predicted from the line, never part of it). ``--format json`` gives
``{"rows": [...], "fit": {"slope", "intercept", "r2", "n"}}`` (null for empty).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from data_access.peer_queries import home_agencies, peer_cities
from data_access.queries import list_rounds
from data_access.reader import Reader
from scoring.peer_fit import PeerFit
from views.peer_figures import city_figures
from views.peers import metric_of

__all__ = ["PEER_COLUMNS", "peer_rows", "render_peers", "export_peers", "NoPeerFigures"]


class NoPeerFigures(LookupError):
    """No figures for the type and year (the message says which)."""


PEER_COLUMNS = (
    "city",
    "population",
    "authorized",
    "actual",
    "sections",
    "workload",
    "posts_per_10k",
    "workload_per_staff",
    "expected_posts",
    "residual",
    "included",
    "note",
)


def _value(x: Any) -> Any:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return x.item() if hasattr(x, "item") else x


def export_peers(
    reader: Reader, agency_type: str, year: int
) -> tuple[list[dict[str, Any]], PeerFit]:
    """The rows and the fit for ``agency_type`` in ``year``. The home city's row is the type's
    first evaluated agency of the round of that year (else of the newest round before it,
    else of the newest round)."""
    peers = reader(peer_cities, year, agency_type)
    rounds = reader(list_rounds)
    home = None
    if not rounds.empty:
        years = rounds["year"].astype(int)
        pick = rounds[years == year]
        if pick.empty:
            pick = rounds[years < year].sort_values("year", ascending=False)
        if pick.empty:
            pick = rounds.sort_values("year", ascending=False)
        homes = reader(home_agencies, int(pick["round_id"].iloc[0]), year)
        of_type = homes[homes["agency_type"] == agency_type]
        if not of_type.empty:
            home = of_type.to_dict("records")[0]
    if peers.empty and home is None:
        raise NoPeerFigures(f"no peer figures for {agency_type!r} in {year}")
    figures, fit = city_figures(peers, home, metric_of(home, agency_type))
    return peer_rows(figures), fit


def peer_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """The export's rows from ``views.peer_figures.city_figures``."""
    return [{c: _value(r[c]) for c in PEER_COLUMNS} for r in figures.to_dict("records")]


def render_peers(rows: list[dict[str, Any]], fit: PeerFit, fmt: str) -> str:
    """CSV (floats at full precision, blanks for missing, true/false) or JSON."""
    if fmt == "json":
        payload = {
            "rows": rows,
            "fit": {"slope": fit.slope, "intercept": fit.intercept, "r2": fit.r2, "n": fit.n},
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(PEER_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in PEER_COLUMNS])
    return buf.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else value
