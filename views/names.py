"""Names of stored things in the view's language: agencies, agency types, indicators and
their evaluation points, workload metrics. Stored data carries its own English name; in
English mode that name is shown, else (not yet entered) the Chinese one.

STUB (interface fixed; the data-backed implementation comes with the English-name columns).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from data_access.reader import Reader

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


def load_names(reader: Reader, round_id: int, lang: str) -> Names:
    """The names a view of ``round_id`` needs, in ``lang`` (stub: Chinese only)."""
    del reader, round_id
    return Names(lang)
