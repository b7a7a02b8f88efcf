"""Names of stored things in the view's language: agencies, agency types, indicators and
their evaluation points, workload metrics. Stored data carries its own English name; in
English mode that name is shown, else (not yet entered) the Chinese one.

``load_names`` reads the English names through the view's ``Reader`` (data_access.names_queries,
so an agency user gets only its own agency's name); Chinese mode needs no lookups at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data_access.names_queries import (
    agency_names,
    agency_type_names,
    indicator_names,
    metric_names,
)
from data_access.reader import Reader
from scoring.tree import ROOT_CODE, ROOT_NAME_EN

__all__ = ["Names", "load_names"]


def _pick(zh: Any, en: Any, lang: str) -> str:
    if lang == "en" and isinstance(en, str) and en:
        return en
    return "" if zh is None else str(zh)


@dataclass(frozen=True)
class Names:
    """Lookups in one language; every method falls back to the Chinese value it is given."""

    lang: str
    agencies_en: Mapping[int, str] = field(default_factory=dict)
    short_en: Mapping[int, str] = field(default_factory=dict)
    types_en: Mapping[str, str] = field(default_factory=dict)
    indicators_en: Mapping[str, str] = field(default_factory=dict)
    eval_points_en: Mapping[str, str] = field(default_factory=dict)
    metrics_en: Mapping[str, str] = field(default_factory=dict)

    def agency(self, agency_id: Any, name: Any) -> str:
        """The agency's name (``name``: its stored Chinese name)."""
        return _pick(name, self.agencies_en.get(int(agency_id)), self.lang)

    def agency_short(self, agency_id: Any, short_name: Any, name: Any) -> str:
        """A short label for charts: short name, else the name."""
        zh = short_name if isinstance(short_name, str) and short_name else name
        en = self.short_en.get(int(agency_id)) or self.agencies_en.get(int(agency_id))
        return _pick(zh, en, self.lang)

    def agency_type(self, agency_type: Any) -> str:
        return _pick(agency_type, self.types_en.get(str(agency_type)), self.lang)

    def indicator(self, code: str, name: Any) -> str:
        """An indicator's name (common tree or individual) by its code."""
        return _pick(name, self.indicators_en.get(code), self.lang)

    def eval_point(self, code: str, text: Any) -> str:
        return _pick(text, self.eval_points_en.get(code), self.lang)

    def metric(self, metric: Any) -> str:
        return _pick(metric, self.metrics_en.get(str(metric)), self.lang)


def _english(frame: pd.DataFrame, key: str, column: str) -> dict[Any, str]:
    """``key`` → English name for the rows that have one (blank and missing ones left out,
    so the lookup falls back to Chinese)."""
    return {
        k: v
        for k, v in zip(frame[key], frame[column], strict=True)
        if isinstance(v, str) and v.strip()
    }


def load_names(reader: Reader, round_id: int, lang: str) -> Names:
    """The names a view of ``round_id`` needs, in ``lang``: every agency the principal may
    see (a view of one round may show an agency's other rounds), the round's indicators."""
    if lang != "en":
        return Names(lang)  # the stored names are Chinese: nothing to look up
    agencies = reader(agency_names)
    indicators = reader(indicator_names, round_id)
    return Names(
        lang,
        agencies_en={int(k): v for k, v in _english(agencies, "agency_id", "name_en").items()},
        short_en={int(k): v for k, v in _english(agencies, "agency_id", "short_name_en").items()},
        types_en=_english(reader(agency_type_names), "agency_type", "name_en"),
        # The root is not stored: its English name ships with the tree's defaults.
        indicators_en={ROOT_CODE: ROOT_NAME_EN, **_english(indicators, "code", "name_en")},
        eval_points_en=_english(indicators, "code", "eval_point_en"),
        metrics_en=_english(reader(metric_names), "metric", "metric_en"),
    )
