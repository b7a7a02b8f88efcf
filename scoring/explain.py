"""One agency's result as a nested, JSON-safe dict: composite down to every leaf's inputs.

Its shape is :class:`scoring.details.Explanation`: mypy checks the keys written here and
the keys every reader takes out.
"""

from __future__ import annotations

import math
from typing import Any, cast

import pandas as pd

from scoring.details import ExplainedNode, Explanation
from scoring.engine import RoundResult
from scoring.tree import ROOT_CODE

__all__ = ["explain_agency", "to_plain"]


def to_plain(value: Any) -> Any:
    """Recursively convert to JSON-safe values: NaN/NA → None, numpy scalars → Python."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _node_dict(
    code: str,
    nodes: dict[str, dict[str, Any]],
    leaves: dict[str, dict[str, Any]],
    result: RoundResult,
) -> ExplainedNode:
    tree = result.tree
    row = nodes[code]
    out: ExplainedNode = {
        "code": code,
        "name": row["name"],
        "level": int(row["level"]),
        "points": row["points"],
        "max_points": row["max_points"],
        "present": bool(row["present"]),
        "share": (row["points"] / row["max_points"]) if row["present"] else None,
    }
    if tree.is_leaf(code):
        leaf = leaves[code]
        out["eval_point"] = tree.eval_point(code)
        out["source"] = leaf["source"]
        out["source_kind"] = leaf["source_kind"]
        out["team_score"] = leaf["team_score"]
        out["self_score"] = leaf["self_score"]
        out["note"] = leaf["note"]
        out["detail"] = leaf["detail"]
    else:
        out["children"] = [_node_dict(c, nodes, leaves, result) for c in tree.children(code)]
    return out


def explain_agency(result: RoundResult, agency_id: Any) -> Explanation:
    """Everything the UI and exports show for one agency; unknown agency → ``KeyError``.

    Keys: agency fields, ``composite``, ``common`` (C), ``individual`` (X), ``weights``
    (common/individual and which formula applied), ``grade``, ``rank``, ``coverage``,
    ``flags``, ``self_gap``, ``key_target``, ``subtotals``, ``deductions``, ``tree``
    (root → leaves with points/max/present, and for leaves source, eval point, scores and
    detail), ``individual_indicators`` and ``surveys``.
    """
    summary = result.summary[result.summary["agency_id"] == agency_id]
    if summary.empty:
        raise KeyError(f"agency {agency_id!r} is not in this round")
    s = summary.iloc[0]
    config = result.config
    has_x = not pd.isna(s["individual"])
    nodes = {
        r["code"]: r
        for r in result.nodes[result.nodes["agency_id"] == agency_id].to_dict("records")
    }
    leaves = {
        r["code"]: r
        for r in result.leaves[result.leaves["agency_id"] == agency_id].to_dict("records")
    }
    individual = result.individual[result.individual["agency_id"] == agency_id]
    surveys = result.surveys[result.surveys["agency_id"] == agency_id]
    out: Explanation = {
        "agency_id": agency_id,
        "name": s["name"],
        "short_name": s["short_name"],
        "agency_type": s["agency_type"],
        "nature": s["nature"],
        "composite": s["composite"],
        "common": s["common"],
        "individual": s["individual"],
        "weights": {
            "common": config.weight_common,
            "individual": config.weight_individual,
            # Which formula produced the composite, so the view can say "C only".
            "formula": "wc*C+wi*X" if has_x else "C",
        },
        "grade": s["grade"],
        "rank": s["rank"],
        "coverage": s["coverage"],
        "min_coverage": config.min_coverage,
        "flags": [f for f in str(s["flags"]).split(";") if f],
        "self_gap": {
            "points": s["self_gap_points"],
            "share": s["self_gap_share"],
            "overrated": bool(s["self_overrated"]),
            "threshold": config.gap_flag_share,
        },
        "key_target": {
            "flag": bool(s["key_target"]),
            "reasons": [r for r in str(s["key_target_reasons"]).split(";") if r],
            "open_findings": s["open_findings"],
            "severe_findings": s["severe_findings"],
        },
        "subtotals": {
            k.removeprefix("subtotal_"): s[k] for k in s.index if k.startswith("subtotal_")
        },
        "deductions": s["deductions"],
        "tree": _node_dict(ROOT_CODE, nodes, leaves, result),
        "individual_indicators": individual.drop(columns="agency_id").to_dict("records"),
        "surveys": surveys.drop(columns="agency_id").to_dict("records"),
    }
    # Same shape, with NaN → None and numpy scalars → Python ones.
    return cast(Explanation, to_plain(out))
