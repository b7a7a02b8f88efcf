"""Findings and rectifications exports (`manage.py export rectifications` and `export ledger`),
and the workbook the 整改跟踪 page downloads.

``rectifications``: one row per finding,
`agency,round,finding_id,category,severity,source,indicator,ledger,state,deadline,overdue,
days_overdue,closed_on,points_before,points_after,max` — `round` the round's year; `state`
the stored state, 立行立改 for a finding fixed on the spot, empty for one still awaiting its
rectification opinion; `overdue` (true/false) and `days_overdue` as of `--as-of` (deadline
before that day and not closed); `points_before` / `points_after` the points of the indicator
the finding bore on in its round and in the next round and `max` its maximum in the finding's
round, all three empty unless the rectification is closed and a next round is scored.
Ordered by round year, agency, finding.

``ledger``: one row per finding of the year's evaluation round entered in the oversight
ledger (监管台账), `agency,year,finding_id,found_date,category,severity,severity_points,
indicator,state,agency_deduction`, `severity_points` by the round's configuration and
`agency_deduction` the agency's annual-assessment deduction (Σ severity points of its ledger
findings of that year, DOMAIN §4). Ordered by agency, found date, finding.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from data_access.queries import list_rounds
from data_access.reader import Reader
from data_access.rectifications import rectification_items, severity_points
from reports.score_export import render
from scoring import RoundConfig
from views.rectifications import closed_loop_points, ledger_frame, tracker_items

__all__ = [
    "RECTIFICATION_COLUMNS",
    "LEDGER_COLUMNS",
    "rectification_rows",
    "ledger_rows",
    "render_rows",
    "workbook",
]

RECTIFICATION_COLUMNS = (
    "agency",
    "round",
    "finding_id",
    "category",
    "severity",
    "source",
    "indicator",
    "ledger",
    "state",
    "deadline",
    "overdue",
    "days_overdue",
    "closed_on",
    "points_before",
    "points_after",
    "max",
)
LEDGER_COLUMNS = (
    "agency",
    "year",
    "finding_id",
    "found_date",
    "category",
    "severity",
    "severity_points",
    "indicator",
    "state",
    "agency_deduction",
)


def _plain(x: Any) -> Any:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, dt.date):
        return x.isoformat()
    return x.item() if hasattr(x, "item") else x


def rectification_rows(
    reader: Reader, round_year: int | None, as_of: dt.date
) -> list[dict[str, Any]]:
    """The rows of the rectifications export (every round, or the round of ``round_year``)."""
    items = tracker_items(reader(rectification_items, year=round_year), as_of)
    loop = closed_loop_points(reader, items).set_index("finding_id")
    rows = []
    for r in items.sort_values(["year", "agency_id", "finding_id"], kind="stable").itertuples():
        points = loop.loc[r.finding_id] if r.finding_id in loop.index else None
        if points is None or math.isnan(points["points_after"]):
            before = after = maximum = None
        else:
            before, after = float(points["points_before"]), float(points["points_after"])
            maximum = float(points["max"])
        rows.append(
            {
                "agency": r.agency,
                "round": int(r.year),
                "finding_id": int(r.finding_id),
                "category": r.category,
                "severity": r.severity,
                "source": r.source,
                "indicator": _plain(r.indicator_code),
                "ledger": bool(r.in_ledger),
                "state": r.shown_state,
                "deadline": _plain(r.deadline),
                "overdue": bool(r.overdue),
                "days_overdue": int(r.days_overdue),
                "closed_on": _plain(r.closed_date),
                "points_before": before,
                "points_after": after,
                "max": maximum,
            }
        )
    return rows


def _points_of_year(reader: Reader, year: int) -> dict[str, float]:
    """The severity points in force in ``year``: its round's configuration, else the
    defaults."""
    rounds = reader(list_rounds)
    match = rounds[rounds["year"] == year]
    if match.empty:
        return dict(RoundConfig().severity_points)
    return reader(severity_points, int(match.iloc[0]["round_id"]))


def ledger_rows(reader: Reader, year: int) -> list[dict[str, Any]]:
    """The rows of the ledger export for ``year``."""
    raw = ledger_frame(reader, year, _points_of_year(reader, year))
    raw = raw.sort_values(["agency_id", "found_date", "finding_id"], kind="stable")
    return [
        {
            "agency": r.agency,
            "year": year,
            "finding_id": int(r.finding_id),
            "found_date": _plain(r.found_date),
            "category": r.category,
            "severity": r.severity,
            "severity_points": float(r.severity_points),
            "indicator": _plain(r.indicator_code),
            "state": r.state,
            "agency_deduction": float(r.agency_deduction),
        }
        for r in raw.itertuples()
    ]


def render_rows(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> str:
    """CSV (true/false, blanks for missing, floats at full precision) or JSON (null for
    missing, booleans)."""
    if fmt == "csv":
        rows = [
            {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in row.items()}
            for row in rows
        ]
    return render(rows, columns, fmt)


def workbook(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx with one sheet per frame (sheet name → frame, names cut to Excel's 31)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()
