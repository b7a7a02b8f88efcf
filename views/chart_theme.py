"""The one chart theme, pure: the CJK font every chart names (vl-convert and the projector
machines draw boxes without it) and the palette of .streamlit/config.toml (domain.vocab)."""

from __future__ import annotations

from typing import Any

from domain.vocab import PALETTE

__all__ = ["CJK_FONT", "FONT", "chart_config"]

CJK_FONT = "Noto Sans CJK SC"
FONT = f"{CJK_FONT}, 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"


def chart_config() -> dict[str, Any]:
    """Altair ``configure`` values: the CJK font everywhere, a readable legend at the bottom,
    the theme's palette."""
    return {
        "font": FONT,
        "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "orient": "bottom"},
        "title": {"font": FONT, "fontSize": 14},
        "range": {"category": PALETTE},
    }
