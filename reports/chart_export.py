"""A chart of any page as a PNG with its Chinese text, pure: the view model's Vega-Lite spec
rendered by vl-convert (which draws CJK only with a CJK font installed — fonts-noto-cjk, named
by views.chart_theme). ``ui.exports`` calls it when the button is pressed, never on a rerun."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import vl_convert as vlc

from views.chart_theme import FONT

__all__ = ["PNG_MIME", "WIDTH", "png_spec", "chart_png"]

PNG_MIME = "image/png"
WIDTH = 900  # px before scaling: a container-wide chart of a 1366 px page


def _fixed_width(node: dict[str, Any], width: int) -> None:
    """A chart sized to its container in the page gets a fixed width (a file has none)."""
    if node.get("width") == "container":
        node["width"] = width
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in node.get(key, []) or []:
            if isinstance(child, dict):
                _fixed_width(child, width // (len(node[key]) if key == "hconcat" else 1))
    if isinstance(node.get("spec"), dict):
        _fixed_width(node["spec"], width)


def png_spec(spec: Mapping[str, Any], width: int = WIDTH) -> dict[str, Any]:
    """A copy of ``spec`` ready for a file: fixed width, white background, the CJK font
    named wherever text is drawn (a spec without the theme still gets Chinese glyphs)."""
    out = copy.deepcopy(dict(spec))
    _fixed_width(out, width)
    if "width" not in out and not any(k in out for k in ("hconcat", "vconcat", "concat", "facet")):
        out["width"] = width
    out.setdefault("background", "white")
    config = out.setdefault("config", {})
    config.setdefault("font", FONT)
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {}).setdefault("labelFont", FONT)
        config[part].setdefault("titleFont", FONT)
    config.setdefault("title", {}).setdefault("font", FONT)
    config.setdefault("text", {}).setdefault("font", FONT)
    return out


def chart_png(spec: Mapping[str, Any], scale: float = 2.0, width: int = WIDTH) -> bytes:
    """The chart as PNG at ``scale`` × its size (2: sharp when printed or projected)."""
    return bytes(vlc.vegalite_to_png(png_spec(spec, width), scale=scale))
