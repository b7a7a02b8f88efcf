"""A round's thresholds and mappings (``scoring.RoundConfig``) changed by an administrator: the
form's values checked group by group (each refusal names its group, in the user's language),
the what-if of the change (the round scored on the current data with the stored and with the
changed configuration, nothing written), and the confirmed save into
``evaluation_round.config``.

The form changes only the keys it shows; every other stored key — including keys this
version of RoundConfig does not know, which another part of the app may keep there — is kept
as it is. A completed round refuses; a save names the configuration the administrator saw
(``config_stamp``), so a double submission or another administrator's change meanwhile is
refused. Audited with before and after.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select, update

from data_access.audit import record_write
from data_access.models import EvaluationRound
from data_access.round_admin import RoundAdminError
from data_access.round_inputs import load_round_inputs
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role, RoundStatus
from scoring import RoundConfig, score_round

__all__ = [
    "FORM_KEYS",
    "ConfigPreview",
    "config_stamp",
    "config_problems",
    "stored_config",
    "preview_config",
    "save_round_config",
]

#: The RoundConfig keys the thresholds form edits (the others are kept as stored).
FORM_KEYS = (
    "grade_bands",
    "min_coverage",
    "rating_values",
    "answer_values",
    "severity_points",
    "survey_min_n",
    "survey_small_n",
    "usage_zero_low",
    "usage_full_low",
    "usage_full_high",
    "peer_min_count",
    "peer_full_d",
    "peer_zero_d",
)
_KNOWN = {f.name for f in fields(RoundConfig)}
_PREVIEW_COLUMNS = ["agency_id", "name", "composite", "grade", "rank"]


def _require_admin(principal: Principal, lang: str) -> None:
    if principal.role != Role.ADMIN:
        raise AccessDenied(translate("rnd_denied", lang))


def config_stamp(config: Mapping[str, Any]) -> str:
    """What the administrator saw of a stored configuration (changes with any key)."""
    text = json.dumps(dict(config), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _in(values: Any, low: float, high: float) -> bool:
    numbers = [_number(v) for v in values]
    return all(low <= v <= high for v in numbers)  # NaN fails every comparison


def config_problems(changes: Mapping[str, Any], lang: str) -> dict[str, str]:
    """The form's values checked as RoundConfig checks them, by group (grade_bands, coverage,
    rating_values, answer_values, severity_points, survey, usage, peer): group → message.
    Empty when the values may be saved."""
    out: dict[str, str] = {}
    bands = [_number(b) for _label, b in changes.get("grade_bands", [])]
    if not bands or not _in(bands, 0, 100) or any(a <= b for a, b in zip(bands, bands[1:])):
        out["grade_bands"] = translate("cfg_err_grades", lang)
    if "min_coverage" in changes and not _in([changes["min_coverage"]], 0, 1):
        out["coverage"] = translate("cfg_err_share", lang)
    if not _in(changes.get("rating_values", {}).values(), 0, 1):
        out["rating_values"] = translate("cfg_err_share", lang)
    if not _in(changes.get("answer_values", {}).values(), 0, 100):
        out["answer_values"] = translate("cfg_err_answers", lang)
    if not _in(changes.get("severity_points", {}).values(), 0, 100):
        out["severity_points"] = translate("cfg_err_points", lang)
    low, small = _number(changes.get("survey_min_n")), _number(changes.get("survey_small_n"))
    if not (1 <= low <= small and low == int(low) and small == int(small)):
        out["survey"] = translate("cfg_err_survey", lang)
    zero, full, high = (
        _number(changes.get(k)) for k in ("usage_zero_low", "usage_full_low", "usage_full_high")
    )
    if not 0 <= zero < full <= high:
        out["usage"] = translate("cfg_err_usage", lang)
    count = _number(changes.get("peer_min_count"))
    near, far = _number(changes.get("peer_full_d")), _number(changes.get("peer_zero_d"))
    if not (count >= 1 and count == int(count) and 0 <= near < far):
        out["peer"] = translate("cfg_err_peer", lang)
    return out


def _merged(stored: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The stored configuration with the form's keys replaced (every other key kept)."""
    return {**dict(stored), **{k: v for k, v in changes.items() if k in FORM_KEYS}}


def _config(merged: Mapping[str, Any], lang: str) -> RoundConfig:
    """RoundConfig of the keys it knows; its own checks last (a refusal for the form)."""
    try:
        return RoundConfig.from_dict({k: v for k, v in merged.items() if k in _KNOWN})
    except (ValueError, TypeError) as exc:
        raise RoundAdminError([translate("cfg_err_other", lang, message=str(exc))]) from None


def stored_config(engine: Engine, principal: Principal, round_id: int, lang: str = "zh") -> dict:
    """The round's configuration as stored (every key), the defaults filled in for the keys
    RoundConfig knows and the round lacks (administrators)."""
    _require_admin(principal, lang)
    with engine.connect() as conn:
        raw = conn.execute(
            select(EvaluationRound.config).where(EvaluationRound.id == round_id)
        ).scalar()
    stored = dict(raw or {})
    known = RoundConfig.from_dict({k: v for k, v in stored.items() if k in _KNOWN}).to_dict()
    return {**stored, **{k: v for k, v in known.items() if k not in stored}}


@dataclass(frozen=True)
class ConfigPreview:
    """Each agency's agency_id, name, composite, grade and rank with the stored configuration
    (``before``) and the changed one (``after``)."""

    before: pd.DataFrame
    after: pd.DataFrame


def preview_config(
    engine: Engine,
    principal: Principal,
    round_id: int,
    changes: Mapping[str, Any] | None = None,
    lang: str = "zh",
) -> ConfigPreview:
    """The round scored on the current data with its stored configuration and with
    ``changes`` applied, nothing written (administrators). Survey answers are valued with the
    changed mapping where they are stored, as scoring the round would."""
    _require_admin(principal, lang)
    inputs, config, _year = load_round_inputs(engine, round_id)
    before = score_round(inputs, config).summary[_PREVIEW_COLUMNS].copy()
    stored = stored_config(engine, principal, round_id, lang)
    merged = _merged(stored, changes or {})
    changed = _config(merged, lang)
    known = {k: v for k, v in merged.items() if k in _KNOWN}
    if changed.answer_values != config.answer_values:
        inputs, _config_again, _year = load_round_inputs(engine, round_id, config=known)
    after = score_round(inputs, changed).summary[_PREVIEW_COLUMNS].copy()
    return ConfigPreview(before, after)


def save_round_config(
    engine: Engine,
    round_id: int,
    changes: Mapping[str, Any],
    *,
    principal: Principal,
    expected: str,
    lang: str = "zh",
) -> dict[str, Any]:
    """Store the form's keys in the round's configuration (the others kept); refused for a
    completed round, for values RoundConfig refuses, and when the stored configuration is no
    longer the one the administrator saw (``expected``). Returns what is stored."""
    _require_admin(principal, lang)
    problems = config_problems(changes, lang)
    if problems:
        raise RoundAdminError(list(problems.values()))
    with engine.begin() as conn:
        row = conn.execute(
            select(EvaluationRound.name, EvaluationRound.status, EvaluationRound.config)
            .where(EvaluationRound.id == round_id)
            .with_for_update()
        ).first()
        if row is None:
            raise RoundAdminError([translate("cfg_no_round", lang)])
        if row.status == RoundStatus.COMPLETED.value:
            raise RoundAdminError([translate("round_frozen", lang, round=row.name)])
        before = dict(row.config or {})
        full = {**RoundConfig().to_dict(), **before}
        full = {k: v for k, v in full.items() if k in _KNOWN or k in before}
        if config_stamp(full) != expected:
            raise RoundAdminError([translate("cfg_changed_meanwhile", lang)])
        merged = _merged(before, changes)
        checked = _config(merged, lang).to_dict()
        after = {**merged, **{k: checked[k] for k in FORM_KEYS}}
        conn.execute(
            update(EvaluationRound).where(EvaluationRound.id == round_id).values(config=after)
        )
        record_write(
            conn,
            principal.username,
            "round.config",
            "evaluation_round",
            round_id,
            before={k: before.get(k) for k in FORM_KEYS},
            after={k: after[k] for k in FORM_KEYS},
            round_id=round_id,
        )
    return after
