"""Adding leaf points up the indicator tree with re-scaling over missing data (DOMAIN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.tree import ROOT_CODE, IndicatorTree

__all__ = [
    "NODE_COLUMNS",
    "aggregate_matrix",
    "aggregate_points",
    "coverage_of",
    "nodes_frame",
]

NODE_COLUMNS = ("agency_id", "code", "parent", "level", "name", "points", "max_points", "present")


def aggregate_matrix(leaf_points: np.ndarray, tree: IndicatorTree) -> np.ndarray:
    """Node points from a (agencies × leaves) matrix, leaves in ``tree.leaves()`` order.

    Returns an (agencies × nodes) matrix, nodes in ``(ROOT, *tree.codes)`` order. A node's
    score is ``(Σ present children's points / Σ present children's max) × node max``; a
    node with no present child is NaN (missing), the root included.
    """
    codes = (ROOT_CODE, *tree.codes)
    position = {code: i for i, code in enumerate(codes)}
    maxima = np.array([tree.max_points(c) for c in codes])
    levels = np.array([tree.level(c) for c in codes])
    points = np.full((leaf_points.shape[0], len(codes)), np.nan)
    points[:, [position[c] for c in tree.leaves()]] = leaf_points

    # Deepest level first, so every child is final before its parent reads it. Each parent
    # adds its children left to right in tree order, vectorised over the agencies: the same
    # additions, in the same order, on every machine (a BLAS matrix product accumulates in
    # an order that depends on the processor, and changed the last digit of a score).
    n_agencies = leaf_points.shape[0]
    for level in range(int(levels.max()) - 1, -1, -1):
        children: dict[int, list[int]] = {}
        for child_code in (codes[i] for i in np.flatnonzero(levels == level + 1)):
            parent_at = position[tree.parent(child_code) or ROOT_CODE]
            children.setdefault(parent_at, []).append(position[child_code])
        for parent, kids in children.items():
            sum_points = np.zeros(n_agencies)
            sum_max = np.zeros(n_agencies)
            for c in kids:
                child = points[:, c]
                present = ~np.isnan(child)
                sum_points = sum_points + np.where(present, child, 0.0)
                sum_max = sum_max + np.where(present, maxima[c], 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                scaled = sum_points / sum_max * maxima[parent]
            points[:, parent] = np.where(sum_max > 0, scaled, np.nan)
    return points


def nodes_frame(agency_ids: pd.Index, node_points: np.ndarray, tree: IndicatorTree) -> pd.DataFrame:
    """The long :data:`NODE_COLUMNS` table of an ``aggregate_matrix`` result."""
    codes = (ROOT_CODE, *tree.codes)
    n_agencies, n_codes = node_points.shape
    flat = node_points.reshape(-1)
    return pd.DataFrame(
        {
            "agency_id": agency_ids.repeat(n_codes),
            "code": np.tile(np.array(codes, dtype=object), n_agencies),
            "parent": np.tile(np.array([tree.parent(c) for c in codes], dtype=object), n_agencies),
            "level": np.tile(np.array([tree.level(c) for c in codes]), n_agencies),
            "name": np.tile(np.array([tree.name(c) for c in codes], dtype=object), n_agencies),
            "points": flat,
            "max_points": np.tile(np.array([tree.max_points(c) for c in codes]), n_agencies),
            "present": ~np.isnan(flat),
        },
        columns=list(NODE_COLUMNS),
    )


def _leaf_matrix(leaf_points: pd.DataFrame, tree: IndicatorTree) -> tuple[pd.Index, np.ndarray]:
    agencies = pd.Index(pd.unique(leaf_points["agency_id"]))
    leaves = pd.Index(tree.leaves())
    known = leaf_points[leaf_points["code"].isin(leaves)]
    matrix = np.full((len(agencies), len(leaves)), np.nan)
    values = pd.to_numeric(known["points"]).to_numpy(dtype=float, na_value=np.nan)
    matrix[agencies.get_indexer(known["agency_id"]), leaves.get_indexer(known["code"])] = values
    return agencies, matrix


def aggregate_points(leaf_points: pd.DataFrame, tree: IndicatorTree) -> pd.DataFrame:
    """Score every node of every agency from its leaves' points.

    Input columns: ``agency_id, code, points`` (leaf codes; NaN or absent = missing). Rules
    as in :func:`aggregate_matrix`. Output: :data:`NODE_COLUMNS`, one row per agency × node
    (root first, then depth-first), agencies in first-seen order.
    """
    agencies, matrix = _leaf_matrix(leaf_points, tree)
    return nodes_frame(agencies, aggregate_matrix(matrix, tree), tree)


def coverage_of(leaf_points: pd.DataFrame, tree: IndicatorTree) -> pd.Series:
    """Coverage per agency = Σ max of present leaves / root max (indexed by agency_id)."""
    agencies, matrix = _leaf_matrix(leaf_points, tree)
    maxima = np.array([tree.max_points(c) for c in tree.leaves()])
    present_max = (~np.isnan(matrix)) @ maxima
    return pd.Series(present_max / tree.root_max, index=agencies, name="coverage")
