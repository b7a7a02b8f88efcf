"""Display rounding for the UI and exports; scoring itself never rounds."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["round_half_up"]


def round_half_up(x: float | None, digits: int = 1) -> float:
    """Round half away from zero on the number as written (``repr``), e.g. 2.25 → 2.3,
    2.675 → 2.68 with ``digits=2`` (binary ``round`` would give 2.2 and 2.67).

    None or NaN gives NaN; infinities pass through.
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return math.nan
    value = float(x)
    if math.isnan(value):
        return math.nan
    if math.isinf(value):
        return value
    # repr gives the shortest decimal that round-trips, i.e. the number the user sees.
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
