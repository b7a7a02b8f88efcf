"""Oversight figures: self-vs-team gap, key oversight targets, assessment deductions (DOMAIN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.config import RoundConfig

__all__ = [
    "KEY_TARGET_REASONS",
    "assessment_deduction",
    "flag_key_targets",
    "measure_self_gap",
]

# Fixed order of the reasons an agency becomes a key oversight target.
KEY_TARGET_REASONS = ("severe_finding", "open_findings", "low_composite")


def _as_bool(values: pd.Series) -> np.ndarray:
    """Truthy cells → True; NaN/None/NA → False (an unknown state triggers nothing)."""
    return np.array(
        [
            bool(v) if v is not None and v is not pd.NA and v == v else False
            for v in values.to_numpy(dtype=object)
        ],
        dtype=bool,
    )


def _floats(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values).to_numpy(dtype=float, na_value=np.nan)


def measure_self_gap(
    leaves: pd.DataFrame, agency_ids: pd.Index, config: RoundConfig
) -> pd.DataFrame:
    """Self-vs-team gap per agency over leaves that have both a self and a team score.

    ``self_gap_points = Σ (self − team)``; ``self_gap_share = self_gap_points / Σ max`` of
    those leaves; ``self_overrated = share > gap_flag_share`` (10%). No such leaf → NaN gap,
    not flagged. Input columns: ``agency_id, max_points, team_score, self_score``; output
    indexed by ``agency_ids``.
    """
    rows = agency_ids.get_indexer(leaves["agency_id"])
    team, own = _floats(leaves["team_score"]), _floats(leaves["self_score"])
    both = (rows >= 0) & ~np.isnan(team) & ~np.isnan(own)
    size = len(agency_ids)
    diff = np.bincount(rows[both], weights=(own - team)[both], minlength=size)
    top = np.bincount(rows[both], weights=_floats(leaves["max_points"])[both], minlength=size)
    has = np.bincount(rows[both], minlength=size) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(has & (top > 0), diff / top, np.nan)
    return pd.DataFrame(
        {
            "self_gap_points": np.where(has, diff, np.nan),
            "self_gap_share": share,
            "self_overrated": np.nan_to_num(share, nan=-np.inf) > config.gap_flag_share,
        },
        index=agency_ids.rename("agency_id"),
    )


def flag_key_targets(
    findings: pd.DataFrame, composite: pd.Series, config: RoundConfig
) -> pd.DataFrame:
    """Key oversight targets (重点监管对象), indexed like ``composite`` (by agency_id).

    An agency is a target when it has any finding of severity ``key_target_severity`` (严重),
    or at least ``key_target_open_findings`` (3) open findings, or a composite below
    ``key_target_composite_below`` (60); a missing composite triggers nothing. Findings
    columns: ``agency_id, severity, is_open``. Output columns: ``open_findings``,
    ``severe_findings``, ``key_target``, ``key_target_reasons`` (';'-joined, fixed order).
    """
    ids = composite.index
    rows = ids.get_indexer(findings["agency_id"])
    known = rows >= 0
    severe = np.array(
        [
            str(s).strip() == config.key_target_severity
            for s in findings["severity"].to_numpy(dtype=object)
        ],
        dtype=bool,
    )
    open_count = np.bincount(rows[known & _as_bool(findings["is_open"])], minlength=len(ids))
    severe_count = np.bincount(rows[known & severe], minlength=len(ids))
    with np.errstate(invalid="ignore"):
        low = composite.to_numpy(float) < config.key_target_composite_below
    hit = np.column_stack([severe_count > 0, open_count >= config.key_target_open_findings, low])
    return pd.DataFrame(
        {
            "open_findings": open_count.astype(int),
            "severe_findings": severe_count.astype(int),
            "key_target": hit.any(axis=1),
            "key_target_reasons": [
                ";".join(r for r, on in zip(KEY_TARGET_REASONS, row) if on) for row in hit
            ],
        },
        index=ids,
    )


def assessment_deduction(findings: pd.DataFrame, year: int, config: RoundConfig) -> pd.DataFrame:
    """Annual-assessment deduction: Σ severity points of ``year``'s ledger findings.

    Counts findings with ``year == year`` and ``in_ledger`` true; others are ignored. One
    row per agency with at least one such finding: ``agency_id, year, points``. An unknown
    severity raises ``ValueError``.
    """
    this_year = (findings["year"] == year).to_numpy(bool)
    ledger = findings[this_year & _as_bool(findings["in_ledger"])]
    severity = ledger["severity"].astype(object).map(lambda s: str(s).strip())
    unknown = ~severity.isin(list(config.severity_points))
    if unknown.any():
        first = severity[unknown].to_numpy(dtype=object)[0]
        raise ValueError(f"unknown severity {first!r} in findings")
    points = severity.map(config.severity_points).astype(float)
    out = points.groupby(ledger["agency_id"], sort=True).sum().rename("points").reset_index()
    out.insert(1, "year", year)
    return out[["agency_id", "year", "points"]]
