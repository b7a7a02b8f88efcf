"""Number and list formatting for display, pure: half-up rounding (DOMAIN §4: round only for
display, 1 decimal, half-up), '—' for a missing value, list separators per language."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from scoring.rounding import round_half_up

__all__ = [
    "MISSING",
    "is_missing",
    "fmt_num",
    "fmt_int",
    "fmt_pct",
    "fmt_signed",
    "joined",
    "num",
    "pct_number",
]

MISSING = "—"


def is_missing(x: Any) -> bool:
    """None, NaN, pandas NA/NaT."""
    if x is None or str(x) in {"<NA>", "NaT", "nan"}:
        return True
    try:
        return bool(x != x)
    except (TypeError, ValueError):
        return False


def fmt_num(x: Any, digits: int = 1) -> str:
    """'1,234.5' (half-up); '—' for missing."""
    if is_missing(x):
        return MISSING
    return f"{round_half_up(float(x), digits):,.{digits}f}"


def fmt_int(x: Any) -> str:
    if is_missing(x):
        return MISSING
    return f"{int(x):,}"


def fmt_pct(share: Any, digits: int = 1) -> str:
    """A share (0–1) as a percentage: 0.8765 → '87.7%'; '—' for missing."""
    return MISSING if is_missing(share) else fmt_num(float(share) * 100, digits) + "%"


def fmt_signed(x: Any, digits: int = 1) -> str | None:
    """A change: '+1.2', '-3' or '0'; None when missing."""
    if is_missing(x):
        return None
    change = round_half_up(float(x), digits)
    if change == 0:
        return "0"
    return f"{change:+,.{digits}f}" if digits else f"{int(change):+,}"


def joined(items: Iterable[str], lang: str) -> str:
    """Items joined with the language's list separator: 、 or ', '."""
    return ("、" if lang == "zh" else ", ").join(items)


def num(x: float) -> str:
    """A configuration number as written: 0.8, 90, 0.15 (no trailing zeros)."""
    return f"{float(x):g}"


def pct_number(share: float) -> str:
    """A configuration share as a percentage number: 0.8 → '80', 0.125 → '12.5'."""
    value = round_half_up(float(share) * 100, 6)
    return f"{value:g}" if math.isfinite(value) else MISSING
