"""Chart colours and fonts, mirrored from .streamlit/config.toml [theme] so Altair matches."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

__all__ = ["PALETTE", "PRIMARY", "GRADE_COLORS", "STATE_COLORS", "RATING_COLORS", "CJK_FONT",
           "altair_config"]

_CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
_theme: dict[str, Any] = tomllib.loads(_CONFIG.read_text(encoding="utf-8")).get("theme", {})

PALETTE: list[str] = list(_theme.get("chartCategoricalColors", ["#B22222", "#D98C2B", "#2F6B9A",
                                                                "#5B8C5A", "#7A5C99", "#8C8C8C"]))
PRIMARY: str = str(_theme.get("primaryColor", PALETTE[0]))
# Good grades in calm colours, poor in the alarm colour; 数据不足 grey.
GRADE_COLORS: dict[str, str] = {
    "优秀": PALETTE[3], "良好": PALETTE[2], "一般": PALETTE[1], "较差": PALETTE[0],
    "数据不足": PALETTE[5],
}
STATE_COLORS: dict[str, str] = {
    "待整改": PALETTE[0], "整改中": PALETTE[1], "待验收": PALETTE[2], "已销号": PALETTE[3],
}
RATING_COLORS: dict[str, str] = {"好": PALETTE[3], "较好": PALETTE[2], "一般": PALETTE[1]}
CJK_FONT = "Noto Sans CJK SC"


def altair_config() -> dict[str, Any]:
    """Altair `config` keyword values: a CJK font everywhere, readable legend."""
    font = f"{CJK_FONT}, 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
    return {
        "font": font,
        "axis": {"labelFont": font, "titleFont": font, "labelFontSize": 12, "titleFontSize": 12},
        "legend": {"labelFont": font, "titleFont": font, "labelFontSize": 12, "orient": "bottom"},
        "title": {"font": font, "fontSize": 14},
        "range": {"category": PALETTE},
    }
