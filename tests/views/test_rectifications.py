"""The tracker's pure parts: the derived columns (逾期 and days), the order (overdue first),
URL filters both ways."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from views.rectifications import (
    TrackerFilters,
    _apply,
    _order,
    filters_from_params,
    filters_to_params,
    tracker_items,
)

TODAY = dt.date(2026, 12, 2)


def _items() -> pd.DataFrame:
    d = dt.date
    return pd.DataFrame(
        {
            "finding_id": [1, 2, 3, 4, 5, 6],
            "agency_id": [1, 1, 2, 2, 3, 3],
            "state": ["整改中", "已销号", None, "待整改", "待验收", None],
            "on_the_spot": [False, False, True, False, False, False],
            "deadline": [
                d(2026, 11, 2),
                d(2026, 1, 1),
                None,
                d(2026, 12, 12),
                d(2026, 12, 1),
                None,
            ],
            "section": ["综合科", "综合科", None, "监督检查科", "综合科", None],
        }
    )


def test_derived_columns() -> None:
    out = tracker_items(_items(), TODAY).set_index("finding_id")
    # 1: deadline 2026-11-02, today 2026-12-02 → 30 days overdue.
    assert out.loc[1, "overdue"] and out.loc[1, "days_overdue"] == 30 and out.loc[1, "days"] == -30
    # 2: closed long after its deadline: not overdue, no days.
    assert not out.loc[2, "overdue"] and pd.isna(out.loc[2, "days"])
    # 3: fixed on the spot.
    assert out.loc[3, "shown_state"] == "立行立改" and not out.loc[3, "overdue"]
    # 4: 10 days left; 5: one day overdue; 6: awaiting its opinion.
    assert out.loc[4, "days"] == 10 and not out.loc[4, "overdue"]
    assert out.loc[5, "days_overdue"] == 1
    assert out.loc[6, "shown_state"] == "" and not out.loc[6, "overdue"]


def test_overdue_first_then_by_deadline() -> None:
    ordered = _order(tracker_items(_items(), TODAY))
    assert list(ordered["finding_id"]) == [1, 5, 4, 6, 2, 3]


def test_filters() -> None:
    items = tracker_items(_items(), TODAY)
    assert list(_apply(items, TrackerFilters(overdue=True))["finding_id"]) == [1, 5]
    assert list(_apply(items, TrackerFilters(state="立行立改"))["finding_id"]) == [3]
    assert list(_apply(items, TrackerFilters(agency=2, section="监督检查科"))["finding_id"]) == [4]
    params = {"state": "整改中", "agency": "12", "section": "综合科", "overdue": "1"}
    f = filters_from_params(params)
    assert f == TrackerFilters("整改中", 12, "综合科", True)
    assert filters_to_params(f) == params
    assert filters_from_params({"state": "逾期", "agency": "x"}) == TrackerFilters()
