"""Posts against workload across cities (DOMAIN §6): a least-squares line on log–log axes,

    ln(posts) = intercept + slope · ln(workload),

fitted over the *other* cities of the province that have posts, population and a positive
workload (the home city is not passed in, so its expected posts is a prediction from its
peers). Fewer than ``min_peers`` (3) such cities: no line, no expected posts.

Expected posts = exp(intercept + slope · ln(home workload)); residual = authorized −
expected, in posts and as a share of expected (> 0: above the line, more posts than peers of
its workload have). R² and n describe the fit (in log space). Every city left out carries
its reason: ``no_posts`` (missing or 0 posts), ``no_population``, ``no_workload``,
``zero_workload``. Pure: plain values in, plain values out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ExclusionReason",
    "PeerCity",
    "PeerFit",
    "Prediction",
    "exclusion_reason",
    "fit_peer_line",
    "predict_posts",
]

ExclusionReason = Literal["no_posts", "no_population", "no_workload", "zero_workload"]
FitMissing = Literal["too_few_peers", "same_workload"]


@dataclass(frozen=True)
class PeerCity:
    """One city's figures for an agency type and year (None: not reported)."""

    city: str
    posts: float | None
    population: float | None
    workload: float | None


@dataclass(frozen=True)
class PeerFit:
    """The fitted line (None without one, ``missing`` says why), its R² and n, the cities
    in the fit and those left out with their reasons."""

    slope: float | None
    intercept: float | None
    r2: float | None
    n: int
    included: tuple[str, ...]
    excluded: dict[str, ExclusionReason]
    missing: FitMissing | None = None

    @property
    def ok(self) -> bool:
        return self.slope is not None


@dataclass(frozen=True)
class Prediction:
    """Expected posts from the line and the residual (authorized − expected, and that as a
    share of expected); None where it cannot be had."""

    expected: float | None
    residual: float | None
    share: float | None


def _value(x: float | None) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def exclusion_reason(city: PeerCity) -> ExclusionReason | None:
    """Why a city stays out of the fit, or None when it is in."""
    posts, population, workload = (
        _value(city.posts),
        _value(city.population),
        _value(city.workload),
    )
    if posts is None or posts <= 0:
        return "no_posts"
    if population is None or population <= 0:
        return "no_population"
    if workload is None:
        return "no_workload"
    if workload <= 0:
        return "zero_workload"
    return None


def fit_peer_line(cities: Iterable[PeerCity], min_peers: int = 3) -> PeerFit:
    """Least squares of ln(posts) on ln(workload) over the cities that qualify."""
    xs: list[float] = []
    ys: list[float] = []
    included: list[str] = []
    excluded: dict[str, ExclusionReason] = {}
    for c in cities:
        reason = exclusion_reason(c)
        if reason is not None:
            excluded[c.city] = reason
            continue
        included.append(c.city)
        xs.append(math.log(float(c.workload)))  # type: ignore[arg-type]
        ys.append(math.log(float(c.posts)))  # type: ignore[arg-type]
    n = len(xs)
    if n < min_peers:
        return PeerFit(None, None, None, n, tuple(included), excluded, "too_few_peers")
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return PeerFit(None, None, None, n, tuple(included), excluded, "same_workload")
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = my - slope * mx
    syy = math.fsum((y - my) ** 2 for y in ys)
    ss_res = math.fsum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    # All cities with the same posts: the flat line fits exactly, R² has no meaning.
    r2 = 1.0 - ss_res / syy if syy > 0 else None
    return PeerFit(slope, intercept, r2, n, tuple(included), excluded)


def predict_posts(fit: PeerFit, workload: float | None, authorized: float | None) -> Prediction:
    """Expected posts at ``workload`` and the residual of ``authorized`` against it."""
    w, posts = _value(workload), _value(authorized)
    if fit.slope is None or fit.intercept is None or w is None or w <= 0:
        return Prediction(None, None, None)
    expected = math.exp(fit.intercept + fit.slope * math.log(w))
    if posts is None:
        return Prediction(expected, None, None)
    residual = posts - expected
    return Prediction(expected, residual, residual / expected)
