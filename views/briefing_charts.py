"""Vega-Lite specs of the presenter's charts (ui.briefing), pure, from a slide payload's blocks
(views.briefing): large type for the back of a room, every value written on its bar or cell
(nothing hover-only), the house CJK font."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from views.chart_theme import FONT

__all__ = ["bars_spec", "heatmap_spec"]

LABEL_SIZE = 16
TRACK = "#D9D6D0"


def _config(size: int) -> dict[str, Any]:
    return {
        "font": FONT,
        "axis": {"labelFontSize": size, "titleFontSize": size, "labelLimit": 320},
        "view": {"stroke": None},
    }


def bars_spec(block: Mapping[str, Any], row_px: int = 30, size: int = LABEL_SIZE) -> dict[str, Any]:
    """Horizontal bars, one per item, its text at the bar's end; a grey track to the item's
    maximum when it has one; signed bars around zero; dashed rules (grade bounds)."""
    items = [
        {
            "label": str(i["label"]),
            "value": i.get("value"),
            "text": str(i["text"]),
            "colour": i.get("colour") or "#2F6B9A",
            "max": i.get("max"),
            "order": n,
        }
        for n, i in enumerate(block["items"])
    ]
    top = block.get("max") or max(
        [float(i["max"] or 0) for i in items]
        + [abs(float(i["value"])) for i in items if i["value"] is not None]
        + [1.0]
    )
    signed = bool(block.get("signed"))
    domain = [-top * 1.3, top * 1.3] if signed else [0, top * 1.25]
    y = {
        "field": "label",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelFontSize": size, "labelLimit": 320},
    }
    # No value axis: every value is written at its bar's end (and the rules mark the bounds).
    x = {"type": "quantitative", "scale": {"domain": domain}, "title": None, "axis": None}
    layers: list[dict[str, Any]] = []
    if any(i["max"] for i in items):
        layers.append(
            {
                "mark": {"type": "bar", "color": TRACK, "height": {"band": 0.7}},
                "encoding": {"y": y, "x": {**x, "field": "max"}},
            }
        )
    layers.append(
        {
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "y": y,
                "x": {**x, "field": "value"},
                "color": {"field": "colour", "type": "nominal", "scale": None},
            },
        }
    )
    layers.append(
        {
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 6,
                "fontSize": size,
                "fontWeight": "bold",
                "color": "#1F2328",
            },
            "encoding": {
                "y": y,
                "x": {**x, "field": "value"},
                "text": {"field": "text"},
            },
        }
    )
    if signed:
        layers.append({"mark": {"type": "rule", "color": "#888"}, "encoding": {"x": {"datum": 0}}})
    for rule in block.get("rules") or ():
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#777"},
                "encoding": {"x": {"datum": float(rule), "type": "quantitative"}},
            }
        )
    # Room to the right for the longest value text ("27.5 / 30.0"), so a narrow chart (4:3)
    # does not cut it at the canvas edge.
    longest = max([len(i["text"]) for i in items] + [0])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": items},
        "padding": {"left": 5, "top": 5, "bottom": 5, "right": 5 + size * longest // 2},
        "height": max(row_px * len(items), row_px),
        "layer": layers,
        "config": _config(size),
    }


def heatmap_spec(
    block: Mapping[str, Any], row_px: int = 30, size: int = LABEL_SIZE
) -> dict[str, Any]:
    """Agencies × indicators, each cell's share of maximum written in it; columns named."""
    values = []
    for n, row in enumerate(block["rows"]):
        for column, cell in zip(block["columns"], row["cells"], strict=True):
            values.append(
                {
                    "agency": str(row["label"]),
                    "order": n,
                    "indicator": str(column["label"]),
                    "value": cell.get("value"),
                    "text": str(cell["text"]),
                }
            )
    columns = [str(c["label"]) for c in block["columns"]]
    y = {
        "field": "agency",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelOverlap": False, "labelFontSize": size},
    }
    x = {
        "field": "indicator",
        "type": "nominal",
        "sort": columns,
        "title": None,
        "axis": {
            "orient": "top",
            "labelAngle": 0,
            "labelAlign": "center",
            "labelLimit": 140,
            "labelOverlap": False,
            "labelFontSize": size - 2,
        },
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "height": row_px * len(block["rows"]),
        "encoding": {"y": y, "x": x},
        "layer": [
            {
                "mark": {"type": "rect"},
                "encoding": {
                    "color": {
                        "field": "value",
                        "type": "quantitative",
                        "scale": {
                            "domain": [50, 75, 100],
                            "range": ["#B22222", "#F1E3C8", "#5B8C5A"],
                            "clamp": True,
                        },
                        "legend": None,
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": size, "color": "#1F2328"},
                "encoding": {"text": {"field": "text"}},
            },
        ],
        "config": _config(size),
    }
