"""调整意见 view models over the small round: filters from and to the URL, the filtered list with
counts by state, labels in either language, the CSV for Excel, the profile's table, the move
options."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import Engine

from data_access.adjustments import move_adjustment, record_adjustment
from data_access.reader import Reader
from tests.data_access.small_round import (
    AGENCY,
    LEADER,
    OPEN_ROUND,
    OTHER,
    OWN,
    STAFF,
    build_small_round,
)
from views.adjustments import (
    Filters,
    adjustments_csv,
    agency_adjustments,
    build_adjustments,
    filters_from_params,
    filters_to_params,
    move_options,
)


@pytest.fixture()
def engine(fresh_engine: Engine) -> Engine:
    engine = build_small_round(fresh_engine)
    first = record_adjustment(
        engine,
        OWN,
        "增编",
        "申请增加事业编制2名",
        "机构编制科",
        principal=STAFF,
        round_id=OPEN_ROUND,
    )
    record_adjustment(engine, OWN, "职责调整", "划入外事审批职责", "机构编制科", principal=STAFF)
    record_adjustment(engine, OTHER, "减编", "收回空编3名", "综合科", principal=STAFF)
    move_adjustment(engine, first, "研究中", principal=STAFF, expected_state="待研究")
    return engine


def test_filters_round_trip_through_the_url() -> None:
    f = filters_from_params({"kind": "增编", "state": "研究中", "agency": "7", "year": "2030"})
    assert f == Filters("增编", "研究中", 7, 2030)
    assert filters_to_params(f) == {
        "kind": "增编",
        "state": "研究中",
        "agency": "7",
        "year": "2030",
    }
    # unknown values mean "every …"
    assert filters_from_params({"kind": "扩编", "state": "x", "agency": "abc"}) == Filters()
    assert filters_to_params(Filters()) == {}


def test_the_list_filters_and_counts(engine: Engine) -> None:
    everything = build_adjustments(Reader(engine, LEADER), "zh", Filters())
    assert everything.total == 3 and len(everything.table) == 3
    counts = {k.label: k.value for k in everything.kpis}
    assert counts == {"调整意见": 3, "待研究": 2, "研究中": 1, "已办理": 0, "不予采纳": 0}
    assert everything.years == (2030,)
    assert set(everything.agencies) == {OWN, OTHER}
    studying = build_adjustments(Reader(engine, LEADER), "zh", Filters(state="研究中"))
    assert studying.table.frame["content"].tolist() == ["申请增加事业编制2名"]
    assert studying.table.frame["year"].tolist() == ["2030"]
    other = build_adjustments(Reader(engine, STAFF), "zh", Filters(agency=OTHER))
    assert other.table.frame["agency"].tolist() == ["市统计局"]
    by_year = build_adjustments(Reader(engine, STAFF), "zh", Filters(year=2030))
    assert len(by_year.table) == 1


def test_an_agency_user_lists_only_its_own(engine: Engine) -> None:
    own = build_adjustments(Reader(engine, AGENCY), "zh", Filters())
    assert set(own.table.frame["agency"]) == {"市外事办公室"}
    assert own.total == 2 and set(own.agencies) == {OWN}
    # asking for another agency's gives nothing
    assert build_adjustments(Reader(engine, AGENCY), "zh", Filters(agency=OTHER)).table.empty


def test_english_labels_and_the_csv(engine: Engine) -> None:
    listing = build_adjustments(Reader(engine, STAFF), "en", Filters(agency=OWN))
    frame = listing.table.frame
    assert set(frame["kind"]) == {"More posts", "Functions"}
    assert set(frame["agency"]) == {"Foreign Affairs Office"}
    data = adjustments_csv(listing)
    assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == [
        "Round",
        "Agency",
        "Type",
        "Proposal",
        "Section",
        "State",
        "Outcome",
        "Recorded",
        "Last moved",
    ]
    assert sorted(table["State"]) == ["To be studied", "Under study"]


def test_the_profile_table_and_move_options(engine: Engine) -> None:
    table = agency_adjustments(Reader(engine, AGENCY), "zh", OWN)
    assert table is not None and len(table) == 2
    assert "agency" not in [c.key for c in table.visible()]  # the profile names it already
    assert agency_adjustments(Reader(engine, STAFF), "zh", 999) is None
    assert move_options("待研究", "zh") == {
        "研究中": "研究中",
        "已办理": "已办理",
        "不予采纳": "不予采纳",
    }
    assert move_options("研究中", "en") == {"已办理": "Handled", "不予采纳": "Not adopted"}
    assert move_options("已办理", "zh") == {}
