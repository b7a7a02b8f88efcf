"""Display formatting: half-up to one decimal, '—' for every kind of missing value."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from domain.fmt import fmt_int, fmt_num, fmt_pct, fmt_signed, joined


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, pd.NaT])
def test_missing_values_show_a_dash(missing: object) -> None:
    assert fmt_num(missing) == "—" and fmt_int(missing) == "—" and fmt_pct(missing) == "—"
    assert fmt_signed(missing) is None


def test_half_up_and_separators() -> None:
    # 0.25 → 0.3 (half-up; Python's round gives 0.2), 1234.45 → 1,234.5
    assert fmt_num(0.25) == "0.3" and fmt_num(1234.45) == "1,234.5"
    assert fmt_pct(0.8766) == "87.7%" and fmt_int(12345) == "12,345"
    assert fmt_signed(1.25) == "+1.3" and fmt_signed(-0.04) == "0"
    assert joined(["a", "b"], "zh") == "a、b" and joined(["a", "b"], "en") == "a, b"
