"""The scores export: a stable CSV/JSON contract for scripts (`manage.py export scores`).

Wide: agency,agency_type,common,individual,composite,grade,rank,coverage,self_gap,flags —
full precision; individual empty where there is none; rank empty without a grade; self_gap is
Σ(self − team) / Σ max over leaves having both (a fraction); flags `;`-separated.
Long (`--long`): agency,code,level,points,max for every node of the common tree (level 0 is
the root) and every individual indicator (level `X`, points on its 0–100 scale).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from scoring import RoundResult

__all__ = ["WIDE_COLUMNS", "LONG_COLUMNS", "score_rows", "score_rows_long", "render"]

WIDE_COLUMNS = (
    "agency",
    "agency_type",
    "common",
    "individual",
    "composite",
    "grade",
    "rank",
    "coverage",
    "self_gap",
    "flags",
)
LONG_COLUMNS = ("agency", "code", "level", "points", "max")


def _value(x: Any) -> Any:
    """Plain Python value; None for None, NaN and pandas NA."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return x.item() if hasattr(x, "item") else x


def score_rows(result: RoundResult) -> list[dict[str, Any]]:
    """One dict per agency, ordered by rank (graded first) then name."""
    s = result.summary.copy()
    s["_order"] = s["rank"].astype("Float64").fillna(10**9)
    s = s.sort_values(["_order", "name"], kind="stable")
    rows = []
    for r in s.itertuples(index=False):
        rank = _value(r.rank)
        rows.append(
            {
                "agency": r.name,
                "agency_type": r.agency_type,
                "common": _value(r.common),
                "individual": _value(r.individual),
                "composite": _value(r.composite),
                "grade": r.grade,
                "rank": None if rank is None else int(rank),
                "coverage": _value(r.coverage),
                "self_gap": _value(r.self_gap_share),
                "flags": r.flags or "",
            }
        )
    return rows


def score_rows_long(result: RoundResult) -> list[dict[str, Any]]:
    names = dict(zip(result.summary["agency_id"], result.summary["name"], strict=True))
    rows = [
        {
            "agency": names[n.agency_id],
            "code": n.code,
            "level": int(n.level),
            "points": _value(n.points),
            "max": _value(n.max_points),
        }
        for n in result.nodes.itertuples(index=False)
    ]
    rows += [
        {
            "agency": names[i.agency_id],
            "code": i.code,
            "level": "X",
            "points": _value(i.score),
            "max": 100.0,
        }
        for i in result.individual.itertuples(index=False)
    ]
    return rows


def render(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> str:
    """CSV (floats at full precision, blanks for missing) or JSON (null for missing)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                "" if row[c] is None else (repr(row[c]) if isinstance(row[c], float) else row[c])
                for c in columns
            ]
        )
    return buf.getvalue()
