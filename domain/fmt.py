"""Number and list formatting for display, pure: half-up rounding (DOMAIN §4: round only for
display, 1 decimal, half-up), '—' for a missing value, list separators per language."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
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
    "tie_aware_decimals",
    "hidden_ties",
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


def _differ(i: int, j: int, values: Sequence[Any], ranks: Sequence[Any] | None) -> bool:
    """Whether two values would be told apart: different ranks (both ranked) when ranks are
    given, else different values in full precision."""
    if ranks is None:
        return bool(float(values[i]) != float(values[j]))
    if is_missing(ranks[i]) or is_missing(ranks[j]):
        return False
    return bool(int(ranks[i]) != int(ranks[j]))


def tie_aware_decimals(
    values: Sequence[Any],
    ranks: Sequence[Any] | None = None,
    digits: int = 1,
    most: int = 3,
) -> list[int]:
    """How many decimals to show each value with, so two values that rank differently never
    look the same: ``digits`` (one, DOMAIN §4), or more for a value whose display (half-up)
    equals that of a value ranked differently, up to ``most``. Equal values (a shared rank)
    keep ``digits``; a missing value gets ``digits``. ``ranks`` (optional, same order): what
    "ranked differently" means; without it, any difference in full precision.

    89.24 and 89.16 both show 89.2 → both get 2 decimals (89.24, 89.16); 89.2 and 89.2 of
    one shared rank → 1 decimal each."""
    present = [i for i, v in enumerate(values) if not is_missing(v)]
    out = [digits] * len(values)
    for i in present:
        d = digits
        while d < most and any(
            j != i
            and _differ(i, j, values, ranks)
            and round_half_up(float(values[j]), d) == round_half_up(float(values[i]), d)
            for j in present
        ):
            d += 1
        out[i] = d
    return out


def hidden_ties(
    values: Sequence[Any], decimals: Sequence[int], ranks: Sequence[Any] | None = None
) -> bool:
    """Whether two values ranked differently still show the same text at ``decimals`` (they
    differ beyond ``most`` decimals): the page then says ranks are by the unrounded value."""
    shown = [
        None if is_missing(v) else fmt_num(v, d) for v, d in zip(values, decimals, strict=True)
    ]
    return any(
        shown[i] is not None and shown[i] == shown[j] and _differ(i, j, values, ranks)
        for i in range(len(values))
        for j in range(i + 1, len(values))
    )
