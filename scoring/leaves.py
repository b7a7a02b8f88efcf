"""One scoring kernel per leaf source type (DOMAIN §4).

Every kernel returns a :class:`LeafScore` ``(points, detail)``: ``points`` is ``None`` when the
leaf is missing (``detail["missing_reason"]`` says why), otherwise a float in [0, max].
``detail`` is JSON-safe and names the inputs the points came from, so each number can be
traced back to its ratings, findings, responses or staffing rows; its keys are typed per
source in :mod:`scoring.details`.

Row inputs (ratings, findings) may be a DataFrame or a sequence of row mappings; the engine
passes pre-grouped lists to avoid per-call DataFrame overhead.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

import pandas as pd

from scoring.config import RoundConfig
from scoring.details import (
    DeductDetail,
    ExternalDetail,
    FindingDetail,
    PeerDetail,
    SurveyIndexDetail,
    TeamDetail,
    UsageRateDetail,
)

__all__ = [
    "LeafScore",
    "score_deduct",
    "score_external",
    "score_external_groups",
    "score_peer",
    "score_survey_leaf",
    "score_team",
    "score_usage",
]


# Covariant: a LeafScore[TeamDetail] is a LeafScore[LeafDetail] (the tuple is immutable).
_D_co = TypeVar("_D_co", covariant=True)


class LeafScore(NamedTuple, Generic[_D_co]):
    """Points (``None`` = missing) and the JSON-safe inputs behind them (a TypedDict of
    :mod:`scoring.details`, one per leaf source)."""

    points: float | None
    detail: _D_co


def _missing(value: Any) -> bool:
    if isinstance(value, str):
        return False  # texts and ids are never "missing"; avoids a costly failed float()
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _num(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _plain(value: Any) -> Any:
    """A JSON-safe scalar: numpy numbers become Python numbers, NaN becomes None."""
    if _missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _rows(data: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[Mapping[str, Any]]:
    if data is None:
        return []
    if isinstance(data, pd.DataFrame):
        return data.to_dict("records")
    return list(data)


def _check_max(max_points: float) -> float:
    value = float(max_points)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"max points must be a positive number (got {max_points!r})")
    return value


def score_team(team_score: float | None, max_points: float) -> LeafScore[TeamDetail]:
    """Points = the evaluation team's score; NaN/None is missing.

    A score outside [0, max] raises ``ValueError``: the importer must reject it rather than
    have it silently clipped here.
    """
    top = _check_max(max_points)
    value = _num(team_score)
    if value is None:
        missing: TeamDetail = {"team_score": None, "missing_reason": "no_team_score"}
        return LeafScore(None, missing)
    if not 0.0 <= value <= top:
        raise ValueError(f"team score {value:g} is outside [0, {top:g}]")
    detail: TeamDetail = {"team_score": value}
    return LeafScore(value, detail)


def score_external(
    ratings: pd.DataFrame | Iterable[Mapping[str, Any]] | None,
    matters: Sequence[str],
    max_points: float,
    config: RoundConfig,
) -> LeafScore[ExternalDetail]:
    """Points = max × mean rating value over this agency's ratings on any listed matter.

    Input rows: ``rating_id, matter, rating`` (already this agency's). Values come from
    ``config.rating_values`` (好 1.0, 较好 0.8, 一般 0.6). Ratings on other matters are
    ignored; a blank rating is no rating; an unknown rating text raises ``ValueError``.
    No rating on the listed matters → missing.
    """
    wanted = {str(m).strip() for m in matters}
    grouped: dict[str, dict[str, list[Any]]] = {}
    for row in _rows(ratings):
        matter = str(row.get("matter", "")).strip()
        if matter not in wanted or _missing(row.get("rating")):
            continue
        level = str(row["rating"]).strip()
        grouped.setdefault(matter, {}).setdefault(level, []).append(_plain(row.get("rating_id")))
    # Ids are JSON-safe now, as score_external_groups expects.
    return score_external_groups(grouped, matters, max_points, config)


def score_external_groups(
    rating_ids: Mapping[str, Mapping[str, Sequence[Any]]],
    matters: Sequence[str],
    max_points: float,
    config: RoundConfig,
) -> LeafScore[ExternalDetail]:
    """:func:`score_external` on ratings already grouped as matter → level → rating ids.

    points = max × Σ_level n_level · value_level / Σ n over the listed matters. The ids
    must be JSON-safe scalars (they are copied into the detail as given).
    """
    top = _check_max(max_points)
    wanted = [str(m).strip() for m in matters]
    counts: dict[str, dict[str, int]] = {}
    ids: dict[str, dict[str, list[Any]]] = {}
    products: list[float] = []
    for matter in wanted:
        given = rating_ids.get(matter, {})
        unknown = [level for level in given if level not in config.rating_values]
        if unknown:
            raise ValueError(
                f"rating {unknown[0]!r} (rating ids {list(given[unknown[0]])[:3]})"
                f" is not one of {list(config.rating_values)}"
            )
        # Levels in the configured order (好, 较好, 一般) whatever order the rows came in.
        for level, value in config.rating_values.items():
            level_ids = list(given.get(level, ()))
            if level_ids:
                counts.setdefault(matter, {})[level] = len(level_ids)
                ids.setdefault(matter, {})[level] = level_ids
                products.append(len(level_ids) * value)
    n = sum(sum(by_level.values()) for by_level in counts.values())
    weighted = math.fsum(products)
    detail: ExternalDetail = {
        "matters": wanted,
        "n": n,
        "counts": counts,
        "rating_ids": ids,
        "mean_value": None,
    }
    if n == 0:
        detail["missing_reason"] = "no_ratings"
        return LeafScore(None, detail)
    mean_value = weighted / n
    detail["mean_value"] = mean_value
    return LeafScore(top * mean_value, detail)


def score_survey_leaf(si: float | None, max_points: float) -> LeafScore[SurveyIndexDetail]:
    """Points = max × SI / 100; SI missing (suppressed survey) → missing."""
    top = _check_max(max_points)
    value = _num(si)
    if value is None:
        missing: SurveyIndexDetail = {"si": None, "missing_reason": "no_survey_index"}
        return LeafScore(None, missing)
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"satisfaction index {value:g} is outside [0, 100]")
    detail: SurveyIndexDetail = {"si": value}
    return LeafScore(top * value / 100.0, detail)


def score_deduct(
    findings: pd.DataFrame | Iterable[Mapping[str, Any]] | None,
    max_points: float,
    config: RoundConfig,
) -> LeafScore[DeductDetail]:
    """Points = max − Σ severity points of the findings naming this leaf, floor 0.

    Input rows: ``finding_id, severity`` (this agency's findings on this leaf). Severity
    points come from ``config.severity_points`` (严重 4, 较重 3, 一般 2, 轻微 1); an unknown
    severity raises ``ValueError``. No finding → full marks (never missing).
    """
    top = _check_max(max_points)
    listed: list[FindingDetail] = []
    for row in _rows(findings):
        severity = str(row.get("severity", "")).strip()
        if severity not in config.severity_points:
            raise ValueError(
                f"severity {severity!r} (finding id {_plain(row.get('finding_id'))!r}) is not one"
                f" of {list(config.severity_points)}"
            )
        listed.append(
            {
                "finding_id": _plain(row.get("finding_id")),
                "severity": severity,
                "points": config.severity_points[severity],
            }
        )
    severity_total = math.fsum(f["points"] for f in listed)
    points = max(0.0, top - severity_total)
    detail: DeductDetail = {
        "findings": listed,
        "severity_points": severity_total,
        "deducted": top - points,
        "floored": severity_total > top,
    }
    return LeafScore(points, detail)


def score_usage(
    authorized_total: float | None,
    actual_total: float | None,
    max_points: float,
    config: RoundConfig,
) -> LeafScore[UsageRateDetail]:
    """Usage rate u = actual headcount / authorized posts, scored piecewise-linearly.

    Full marks for ``usage_full_low ≤ u ≤ usage_full_high`` (0.90–1.00); 0 for
    u > ``usage_full_high`` (over-staffing is a violation); below ``usage_full_low``
    ``points = max × (u − zero_low) / (full_low − zero_low)``, i.e. linear from full at 0.90 to
    0 at 0.60, and 0 below. Authorized posts 0 or missing, or headcount missing → missing.
    """
    top = _check_max(max_points)
    authorized, actual = _num(authorized_total), _num(actual_total)
    detail: UsageRateDetail = {"authorized_total": authorized, "actual_total": actual, "u": None}
    if authorized is None or authorized <= 0 or actual is None:
        detail["missing_reason"] = "no_staffing"
        return LeafScore(None, detail)
    u = actual / authorized
    detail["u"] = u
    if u > config.usage_full_high:
        points = 0.0
    elif u >= config.usage_full_low:
        points = top
    elif u <= config.usage_zero_low:
        points = 0.0
    else:
        share = (u - config.usage_zero_low) / (config.usage_full_low - config.usage_zero_low)
        points = top * share
    return LeafScore(points, detail)


def score_peer(
    x: float | None,
    peer_values: Mapping[str, float | None],
    max_points: float,
    config: RoundConfig,
) -> LeafScore[PeerDetail]:
    """Compare x with the median m of peer cities' values: d = |x / m − 1|.

    Full marks for d ≤ ``peer_full_d`` (0.10), 0 for d ≥ ``peer_zero_d`` (0.50), linear
    between: ``points = max × (zero_d − d) / (zero_d − full_d)``. Peers with a missing value
    are dropped; fewer than ``peer_min_count`` (3) peers, a zero median or a missing x →
    missing.
    """
    top = _check_max(max_points)
    peers = {
        str(city): v
        for city, v in ((city, _num(value)) for city, value in peer_values.items())
        if v is not None
    }
    value = _num(x)
    # median and d stay None on the paths that stop before computing them.
    detail: PeerDetail = {
        "x": value,
        "peers": peers,
        "n_peers": len(peers),
        "median": None,
        "d": None,
    }
    if value is None:
        detail["missing_reason"] = "no_own_value"
        return LeafScore(None, detail)
    if len(peers) < config.peer_min_count:
        detail["missing_reason"] = "too_few_peers"
        return LeafScore(None, detail)
    m = statistics.median(peers.values())
    detail["median"] = m
    if m == 0:
        detail["missing_reason"] = "zero_median"
        return LeafScore(None, detail)
    d = abs(value / m - 1.0)
    detail["d"] = d
    if d <= config.peer_full_d:
        points = top
    elif d >= config.peer_zero_d:
        points = 0.0
    else:
        points = top * (config.peer_zero_d - d) / (config.peer_zero_d - config.peer_full_d)
    return LeafScore(points, detail)
