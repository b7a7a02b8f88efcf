"""Annual-assessment deduction (履职考核扣分) from the oversight ledger (DOMAIN §4)."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring import RoundConfig, assessment_deduction

COLUMNS = [
    "finding_id",
    "agency_id",
    "indicator_code",
    "severity",
    "category",
    "source",
    "is_open",
    "in_ledger",
    "year",
]


def _findings() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("F1", 1, "D1a", "严重", "其他", "实地", True, True, 2024),  # 4
            ("F2", 1, "A1b", "轻微", "其他", "实地", False, True, 2024),  # 1
            ("F3", 1, "D2a", "较重", "其他", "实地", True, False, 2024),  # not in the ledger
            ("F4", 1, "D1a", "一般", "其他", "实地", True, True, 2023),  # another year
            ("F5", 2, "D1a", "较重", "其他", "实地", True, None, 2024),  # ledger unknown: no
            ("F6", 3, "B1a", "较重", "其他", "外评", True, True, 2024),  # 3
            ("F7", 3, "B1a", "一般", "其他", "外评", False, True, 2024),  # 2
        ],
        columns=COLUMNS,
    )


def test_only_this_years_ledger_findings_count() -> None:
    frame = assessment_deduction(_findings(), 2024, RoundConfig())
    assert list(frame.columns) == ["agency_id", "year", "points"]
    # Agency 1: F1 4 + F2 1 = 5; agency 2: nothing in the ledger; agency 3: 3 + 2 = 5.
    assert frame.to_dict("records") == [
        {"agency_id": 1, "year": 2024, "points": 5.0},
        {"agency_id": 3, "year": 2024, "points": 5.0},
    ]


def test_other_year() -> None:
    frame = assessment_deduction(_findings(), 2023, RoundConfig())
    assert frame.to_dict("records") == [{"agency_id": 1, "year": 2023, "points": 2.0}]


def test_configured_points() -> None:
    cfg = RoundConfig(severity_points={"严重": 10, "较重": 5, "一般": 2, "轻微": 1})
    frame = assessment_deduction(_findings(), 2024, cfg)
    assert list(frame["points"]) == [11.0, 7.0]  # 10 + 1; 5 + 2


def test_no_findings() -> None:
    frame = assessment_deduction(pd.DataFrame(columns=COLUMNS), 2024, RoundConfig())
    assert frame.empty and list(frame.columns) == ["agency_id", "year", "points"]


def test_unknown_severity_raises() -> None:
    bad = _findings()
    bad.loc[0, "severity"] = "很严重"
    with pytest.raises(ValueError, match="很严重"):
        assessment_deduction(bad, 2024, RoundConfig())
