"""阈值与映射 Thresholds (administrators, on 指标体系) as view models: the round's stored
configuration as the form shows it (grade bands, coverage, rating / answer / severity values,
survey minimums, usage and peer bands) with the stamp a save names, the form's values as the
changes they make, and the what-if of the change — the ranking before and after, side by side,
agencies whose grade or rank changes marked (the same table as the tree's what-if).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from data_access.reader import Reader
from data_access.round_config import (
    FORM_KEYS,
    config_problems,
    config_stamp,
    preview_config,
    stored_config,
)
from domain.vocab import grade_label
from views.common import Table
from views.tree_admin import compare_rankings

__all__ = [
    "ConfigForm",
    "ConfigWhatIf",
    "build_config_form",
    "changed_keys",
    "build_config_whatif",
    "config_problems",
]


@dataclass(frozen=True)
class ConfigForm:
    values: dict[str, Any]  # the form's keys as stored (defaults where the round has none)
    stamp: str  # the stored configuration the form was drawn from
    grade_labels: dict[str, str]  # a band's stored name → its label in the view's language

    def bands(self) -> list[tuple[str, float]]:
        return [(str(label), float(bound)) for label, bound in self.values["grade_bands"]]


@dataclass(frozen=True)
class ConfigWhatIf:
    table: Table  # agencies, before and after side by side; "moved" marks a change
    moved: int
    changed: tuple[str, ...]  # the form's keys whose values change


def build_config_form(reader: Reader, round_id: int, lang: str) -> ConfigForm:
    stored = reader(stored_config, round_id, lang=lang)
    values = {k: stored[k] for k in FORM_KEYS}
    labels = {str(label): grade_label(label, lang) for label, _bound in values["grade_bands"]}
    return ConfigForm(values, config_stamp(stored), labels)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return bool(a == b)


def changed_keys(form: ConfigForm, changes: dict[str, Any]) -> tuple[str, ...]:
    """The form's keys whose values differ from what is stored."""
    return tuple(k for k in FORM_KEYS if k in changes and not _same(form.values[k], changes[k]))


def build_config_whatif(
    reader: Reader, round_id: int, form: ConfigForm, changes: dict[str, Any], lang: str
) -> ConfigWhatIf:
    """The round's ranking on the current data with the stored and the changed configuration
    (call after ``config_problems`` found nothing)."""
    preview = reader(preview_config, round_id, changes, lang=lang)
    table, moved = compare_rankings(reader, round_id, preview.before, preview.after, lang)
    return ConfigWhatIf(table, moved, changed_keys(form, changes))
