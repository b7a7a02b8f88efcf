"""The configurable constants of one evaluation round (DOMAIN §4, §5).

A :class:`RoundConfig` is frozen: a round's weights are fixed once it is completed, and the
scoring kernels only ever read it. ``to_dict`` / ``from_dict`` give a JSON-safe form for the
database and the admin page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["RoundConfig"]


def _default_rating_values() -> dict[str, float]:
    return {"好": 1.0, "较好": 0.8, "一般": 0.6}


def _default_severity_points() -> dict[str, float]:
    return {"严重": 4.0, "较重": 3.0, "一般": 2.0, "轻微": 1.0}


def _default_answer_values() -> dict[str, float]:
    return {"非常满意": 100.0, "满意": 80.0, "基本满意": 60.0, "不满意": 30.0, "非常不满意": 0.0}


@dataclass(frozen=True)
class RoundConfig:
    """Weights, mappings and thresholds in force for one round; defaults are DOMAIN's.

    ``answer_values`` lists the scored survey answers; any other answer (不了解, blank) is
    excluded from every survey figure. ``item_weights`` maps questionnaire → item → λ_j
    (an item not listed has λ = 1). ``grade_bands`` are (label, lower bound) pairs in
    descending order; below the last bound the grade is ``lowest_grade``.
    """

    rating_values: Mapping[str, float] = field(default_factory=_default_rating_values)
    severity_points: Mapping[str, float] = field(default_factory=_default_severity_points)
    answer_values: Mapping[str, float] = field(default_factory=_default_answer_values)
    satisfied_answers: tuple[str, ...] = ("非常满意", "满意", "基本满意")
    item_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    weight_common: float = 0.8
    weight_individual: float = 0.2
    grade_bands: tuple[tuple[str, float], ...] = (("优秀", 90.0), ("良好", 80.0), ("一般", 60.0))
    lowest_grade: str = "较差"
    insufficient_label: str = "数据不足"
    min_coverage: float = 0.80
    gap_flag_share: float = 0.10
    key_target_severity: str = "严重"
    key_target_open_findings: int = 3
    key_target_composite_below: float = 60.0
    survey_min_n: int = 5
    survey_small_n: int = 30
    too_fast_seconds: float = 20.0
    straightline_min_items: int = 8
    usage_full_low: float = 0.90
    usage_full_high: float = 1.00
    usage_zero_low: float = 0.60
    peer_min_count: int = 3
    peer_full_d: float = 0.10
    peer_zero_d: float = 0.50
    # 外部评价 page: whether an agency user sees the raters' names (True) or "rater 1..n"
    # (False, the default); office roles always see the names. Not a scoring parameter.
    ratings_raters_named: bool = False

    def __post_init__(self) -> None:
        # Copy every container so a caller's later edits cannot reach a frozen config.
        set_ = object.__setattr__
        set_(self, "rating_values", _float_map(self.rating_values, "rating_values"))
        set_(self, "severity_points", _float_map(self.severity_points, "severity_points"))
        set_(self, "answer_values", _float_map(self.answer_values, "answer_values"))
        set_(self, "satisfied_answers", tuple(str(a) for a in self.satisfied_answers))
        set_(
            self,
            "item_weights",
            {str(q): _float_map(w, f"item_weights[{q}]") for q, w in self.item_weights.items()},
        )
        set_(
            self,
            "grade_bands",
            tuple((str(label), float(bound)) for label, bound in self.grade_bands),
        )
        self._validate()

    # -- validation -------------------------------------------------------------------
    def _validate(self) -> None:
        def fail(message: str) -> None:
            raise ValueError(f"RoundConfig: {message}")

        wc, wi = self.weight_common, self.weight_individual
        if not (_finite(wc) and _finite(wi)) or wc < 0 or wi < 0:
            fail(f"weights must be finite and >= 0 (common={wc}, individual={wi})")
        if not math.isclose(wc + wi, 1.0, rel_tol=0.0, abs_tol=1e-9):
            fail(f"weight_common + weight_individual must be 1 (got {wc} + {wi} = {wc + wi})")
        # Values are multiplied by a leaf's max, so they must stay in [0, 1].
        for name, value in self.rating_values.items():
            if not 0.0 <= value <= 1.0:
                fail(f"rating_values[{name!r}] = {value} must lie in [0, 1]")
        for name, value in self.severity_points.items():
            if value < 0:
                fail(f"severity_points[{name!r}] = {value} must be >= 0")
        for name, value in self.answer_values.items():
            if not 0.0 <= value <= 100.0:
                fail(f"answer_values[{name!r}] = {value} must lie in [0, 100]")
        for answer in self.satisfied_answers:
            if answer not in self.answer_values:
                fail(f"satisfied answer {answer!r} is not in answer_values")
        for questionnaire, weights in self.item_weights.items():
            for item, value in weights.items():
                if value < 0:
                    fail(f"item_weights[{questionnaire!r}][{item!r}] = {value} must be >= 0")
        if not self.grade_bands:
            fail("grade_bands must not be empty")
        bounds = [bound for _, bound in self.grade_bands]
        if any(not _finite(b) for b in bounds) or any(a <= b for a, b in zip(bounds, bounds[1:])):
            fail(f"grade_bands bounds must be finite and strictly descending (got {bounds})")
        labels = [label for label, _ in self.grade_bands] + [self.lowest_grade]
        if len(set(labels)) != len(labels) or self.insufficient_label in labels:
            fail(f"grade labels must be distinct (got {labels} and {self.insufficient_label!r})")
        if not 0.0 <= self.min_coverage <= 1.0:
            fail(f"min_coverage = {self.min_coverage} must lie in [0, 1]")
        if not self.gap_flag_share >= 0:
            fail(f"gap_flag_share = {self.gap_flag_share} must be >= 0")
        if self.key_target_severity not in self.severity_points:
            fail(f"key_target_severity {self.key_target_severity!r} is not in severity_points")
        if self.key_target_open_findings < 1:
            fail(f"key_target_open_findings = {self.key_target_open_findings} must be >= 1")
        if not _finite(self.key_target_composite_below):
            fail("key_target_composite_below must be finite")
        if self.survey_min_n < 1 or self.survey_small_n < self.survey_min_n:
            fail(
                f"need 1 <= survey_min_n <= survey_small_n "
                f"(got {self.survey_min_n}, {self.survey_small_n})"
            )
        if not self.too_fast_seconds >= 0:
            fail(f"too_fast_seconds = {self.too_fast_seconds} must be >= 0")
        if self.straightline_min_items < 2:
            fail(f"straightline_min_items = {self.straightline_min_items} must be >= 2")
        if not 0 <= self.usage_zero_low < self.usage_full_low <= self.usage_full_high:
            fail(
                "need 0 <= usage_zero_low < usage_full_low <= usage_full_high "
                f"(got {self.usage_zero_low}, {self.usage_full_low}, {self.usage_full_high})"
            )
        if self.peer_min_count < 1:
            fail(f"peer_min_count = {self.peer_min_count} must be >= 1")
        if not isinstance(self.ratings_raters_named, bool):
            fail(f"ratings_raters_named = {self.ratings_raters_named!r} must be true or false")
        if not 0 <= self.peer_full_d < self.peer_zero_d:
            fail(
                f"need 0 <= peer_full_d < peer_zero_d (got {self.peer_full_d}, {self.peer_zero_d})"
            )

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (tuples become lists) that ``from_dict`` turns back."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "item_weights":
                out[f.name] = {q: dict(w) for q, w in value.items()}
            elif f.name == "grade_bands":
                out[f.name] = [[label, bound] for label, bound in value]
            elif isinstance(value, Mapping):
                out[f.name] = dict(value)
            elif isinstance(value, tuple):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RoundConfig:
        """Build from ``to_dict`` output; missing keys take defaults, unknown keys raise."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"RoundConfig: unknown keys {unknown}")
        kwargs: dict[str, Any] = dict(d)
        if "satisfied_answers" in kwargs:
            kwargs["satisfied_answers"] = tuple(kwargs["satisfied_answers"])
        if "grade_bands" in kwargs:
            kwargs["grade_bands"] = tuple(tuple(band) for band in kwargs["grade_bands"])
        return cls(**kwargs)

    def __hash__(self) -> int:
        # The dict fields are unhashable; hash the canonical JSON form instead so a config
        # can key a cache.
        return hash(json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False))


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _float_map(mapping: Mapping[str, Any], name: str) -> dict[str, float]:
    if not isinstance(mapping, Mapping):
        raise ValueError(f"RoundConfig: {name} must be a mapping")
    out: dict[str, float] = {}
    for key, value in mapping.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"RoundConfig: {name}[{key!r}] = {value!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"RoundConfig: {name}[{key!r}] must be finite")
        out[str(key)] = number
    return out
