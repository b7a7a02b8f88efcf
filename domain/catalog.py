"""The one catalog of texts: ``translate(key, lang, **values)``, pure.

Texts live in ``domain/texts/*.py`` (one module per area, merged here explicitly; a key
defined twice is an error at import). Domain words (states, grades, questionnaires …) are
not here: they are labelled once, by ``domain.vocab``. Keys are written out in full wherever
they are used, so a test can find every key in the code and check it has both languages.

A missing key is a bug: under pytest (or with ``DASHBOARD_STRICT_TEXT=1``) it raises
``KeyError``; in production it shows the key rather than failing the page.
"""

from __future__ import annotations

import os

from domain.texts import adjustments as adjustment_texts
from domain.texts import admin as admin_texts
from domain.texts import briefing as briefing_texts
from domain.texts import data, frame, import_page, imports, leadership, peers, profile, sheets
from domain.texts import exports as export_texts
from domain.texts import hardening as hardening_texts
from domain.texts import ratings as rating_texts
from domain.texts import rectifications as rectification_texts
from domain.texts import self_evaluation as self_evaluation_texts
from domain.texts import surveys as survey_texts
from domain.texts import users as user_texts

__all__ = ["TEXT", "translate", "has_text", "strict"]


def _merge(*modules: object) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for module in modules:
        part: dict[str, tuple[str, str]] = getattr(module, "TEXT")  # noqa: B009
        clash = set(part) & set(merged)
        if clash:
            raise KeyError(f"{getattr(module, '__name__', module)} repeats keys {sorted(clash)}")
        merged.update(part)
    return merged


TEXT: dict[str, tuple[str, str]] = _merge(
    frame,
    leadership,
    profile,
    sheets,
    data,
    imports,
    import_page,
    rectification_texts,
    peers,
    hardening_texts,
    self_evaluation_texts,
    adjustment_texts,
    admin_texts,
    rating_texts,
    user_texts,
    briefing_texts,
    survey_texts,
    export_texts,
)


def strict() -> bool:
    """Whether a missing key raises (tests) rather than showing the key (production)."""
    return bool(os.environ.get("PYTEST_CURRENT_TEST") or os.environ.get("DASHBOARD_STRICT_TEXT"))


def has_text(key: str) -> bool:
    return key in TEXT


def translate(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` ("zh" or "en"), formatted with ``values``."""
    pair = TEXT.get(key)
    if pair is None:
        if strict():
            raise KeyError(f"no text for key {key!r}")
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
