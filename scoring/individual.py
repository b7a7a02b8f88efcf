"""Individual indicators ("X"): per agency type, scored 0–100 with relative weights."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["INDIVIDUAL_COLUMNS", "score_individual"]

INDIVIDUAL_COLUMNS = (
    "agency_id",
    "code",
    "name",
    "weight",
    "eval_point",
    "score",
    "self_score",
    "present",
    "weight_share",
)


def _values(df: pd.DataFrame, column: str) -> list[Any]:
    if column not in df.columns:
        return [None] * len(df)
    return df[column].to_numpy(dtype=object).tolist()


def _number(value: Any) -> float:
    try:
        number = math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def score_individual(
    agencies: pd.DataFrame, indicators: pd.DataFrame, scores: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Per-indicator table and X per agency.

    Inputs: ``agencies`` (agency_id, agency_type), ``indicators`` (agency_type, code, name,
    weight, eval_point), ``scores`` (agency_id, code, team_score 0–100, self_score).
    ``X = Σ w_k s_k / Σ w_k`` over the agency's indicators that have a team score (weights
    re-normalised over the present ones, shown as ``weight_share``); no present indicator,
    or present weights summing to 0 → X is NaN. Scores for indicators that do not belong to
    the agency's type are ignored. A score outside [0, 100], a negative or missing weight
    or a duplicate row raises ``ValueError``. Output: :data:`INDIVIDUAL_COLUMNS` (agencies
    in input order, indicators in table order) and X as a Series named ``individual``.
    """
    # A round holds a few hundred of these rows: plain dict look-ups beat pandas merges.
    by_type: dict[Any, list[dict[str, Any]]] = {}
    seen: set[tuple[Any, Any]] = set()
    for agency_type, code, name, weight, eval_point in zip(
        *(_values(indicators, c) for c in ("agency_type", "code", "name", "weight", "eval_point"))
    ):
        w = _number(weight)
        if math.isnan(w) or w < 0:
            raise ValueError(
                f"individual indicator {code!r}: weight must be a number >= 0 (got {weight!r})"
            )
        if (agency_type, code) in seen:
            raise ValueError(f"duplicate individual indicator {code!r} for type {agency_type!r}")
        seen.add((agency_type, code))
        by_type.setdefault(agency_type, []).append(
            {"code": code, "name": name, "weight": w, "eval_point": eval_point}
        )

    given: dict[tuple[Any, Any], tuple[float, float]] = {}
    for agency_id, code, team, own in zip(
        *(_values(scores, c) for c in ("agency_id", "code", "team_score", "self_score"))
    ):
        if (agency_id, code) in given:
            raise ValueError(
                f"duplicate individual score for agency {agency_id!r}, indicator {code!r}"
            )
        value = _number(team)
        if not math.isnan(value) and not 0.0 <= value <= 100.0:
            raise ValueError(
                f"individual score {value:g} for agency {agency_id!r}, "
                f"indicator {code!r} is outside [0, 100]"
            )
        given[(agency_id, code)] = (value, _number(own))

    rows: list[dict[str, Any]] = []
    x: dict[Any, float] = {}
    for agency_id, agency_type in zip(
        _values(agencies, "agency_id"), _values(agencies, "agency_type")
    ):
        own_rows = []
        for ind in by_type.get(agency_type, []):
            score, self_score = given.get((agency_id, ind["code"]), (math.nan, math.nan))
            own_rows.append(
                {
                    "agency_id": agency_id,
                    **ind,
                    "score": score,
                    "self_score": self_score,
                    "present": not math.isnan(score),
                }
            )
        total = math.fsum(r["weight"] for r in own_rows if r["present"])
        for r in own_rows:
            r["weight_share"] = r["weight"] / total if r["present"] and total > 0 else math.nan
        x[agency_id] = (
            (math.fsum(r["weight"] * r["score"] for r in own_rows if r["present"]) / total)
            if total > 0
            else math.nan
        )
        rows.extend(own_rows)
    table = pd.DataFrame.from_records(rows, columns=list(INDIVIDUAL_COLUMNS))
    for col in ("weight", "score", "self_score", "weight_share"):
        table[col] = table[col].astype(float)
    table["present"] = table["present"].astype(bool)
    return table, pd.Series(x, dtype=float, name="individual")
