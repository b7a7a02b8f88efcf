"""How much the ranking depends on the level-1 weights (± one step per L1 node)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from scoring.config import RoundConfig
from scoring.engine import RoundResult
from scoring.tree import ROOT_CODE, IndicatorTree, build_tree

__all__ = ["rank_sensitivity", "summarise_sensitivity"]


def _scenario_label(code: str, sign: int, step: float) -> str:
    return f"{code}{'+' if sign > 0 else '-'}{step * 100:g}%"


def rank_sensitivity(
    result: RoundResult,
    tree: IndicatorTree | pd.DataFrame | Iterable[Mapping[str, Any]],
    config: RoundConfig,
    step: float = 0.10,
) -> pd.DataFrame:
    """Ranks of the graded agencies when one L1 maximum moves by ±``step``.

    For L1 node k and sign s: ``M'_k = M_k (1 + s·step)``, every other L1
    ``M'_j = M_j (R − M'_k) / (R − M_k)`` so the total stays the root max R. Then
    ``C' = R · Σ_present share_j M'_j / Σ_present M'_j`` with share_j = points_j / M_j of the
    agency's present L1 nodes (the same re-scaling as the tree), composite' as in the round,
    and ranks re-computed among the agencies graded in the round (the graded set is kept).
    Output, one row per agency (ungraded ones have <NA> ranks): ``agency_id, base_rank,
    min_rank, max_rank, changed, scenarios_changed`` (e.g. ``"A+10%;C-10%"``); the min/max
    range includes the base rank.
    """
    if not 0 < step < 1:
        raise ValueError(f"step must lie in (0, 1) (got {step})")
    if not isinstance(tree, IndicatorTree):
        tree = build_tree(tree)
    l1 = tree.children(ROOT_CODE)
    root_max = tree.root_max
    summary = result.summary.set_index("agency_id")
    ids = summary.index
    nodes = result.nodes[result.nodes["level"] == 1]
    shares = (
        nodes.assign(share=nodes["points"] / nodes["max_points"])
        .pivot(index="agency_id", columns="code", values="share")
        .reindex(index=ids, columns=l1)
        .to_numpy(float)
    )
    present = ~np.isnan(shares)
    shares = np.nan_to_num(shares)
    base_max = np.array([tree.max_points(c) for c in l1])
    x = summary["individual"].to_numpy(float)
    graded = (summary["grade"] != config.insufficient_label).to_numpy(bool)
    base_rank = summary["rank"]

    ranks: list[np.ndarray] = []
    labels: list[str] = []
    # A single L1 node cannot be re-weighted against anything: no scenarios then.
    for k, code in enumerate(l1 if len(l1) > 1 else []):
        for sign in (1, -1):
            new_max = (
                base_max * (root_max - base_max[k] * (1 + sign * step)) / (root_max - base_max[k])
            )
            new_max[k] = base_max[k] * (1 + sign * step)
            if (new_max < 0).any():
                raise ValueError(f"step {step} makes an L1 maximum negative")
            weighted = (shares * present) @ new_max
            total = present @ new_max
            with np.errstate(invalid="ignore", divide="ignore"):
                c_new = np.where(total > 0, root_max * weighted / total, np.nan)
            composite = np.where(
                np.isnan(x), c_new, config.weight_common * c_new + config.weight_individual * x
            )
            series = pd.Series(np.where(graded, composite, np.nan), index=ids)
            ranks.append(series.rank(method="min", ascending=False).to_numpy(float))
            labels.append(_scenario_label(code, sign, step))

    base = base_rank.to_numpy(dtype=float, na_value=np.nan)
    matrix = np.column_stack([base, *ranks])  # base first, so min ≤ base ≤ max
    min_rank = np.full(len(ids), np.nan)
    max_rank = np.full(len(ids), np.nan)
    min_rank[graded] = matrix[graded].min(axis=1)
    max_rank[graded] = matrix[graded].max(axis=1)
    moved = graded[:, None] & (matrix[:, 1:] != base[:, None])
    out = pd.DataFrame(
        {
            "agency_id": ids,
            "base_rank": pd.Series(base).astype("Int64").array,
            "min_rank": pd.Series(min_rank).astype("Int64").array,
            "max_rank": pd.Series(max_rank).astype("Int64").array,
        }
    )
    out["changed"] = moved.any(axis=1)
    out["scenarios_changed"] = [";".join(lab for lab, m in zip(labels, row) if m) for row in moved]
    return out


def summarise_sensitivity(df: pd.DataFrame) -> dict[str, int]:
    """Counts for a headline: graded agencies, those whose rank moved, the largest move."""
    graded = df[df["base_rank"].notna()]
    shift = pd.concat(
        [graded["base_rank"] - graded["min_rank"], graded["max_rank"] - graded["base_rank"]], axis=1
    ).max(axis=1)
    return {
        "n_agencies": int(len(graded)),
        "n_changed": int(graded["changed"].sum()),
        "max_shift": int(shift.max()) if len(shift) and shift.notna().any() else 0,
    }
