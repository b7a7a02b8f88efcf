"""The rectification state machine (DOMAIN §7), pure: every (role, from, to) pair is either
allowed or refused with the reason a user would want to hear."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from domain.catalog import TEXT
from domain.rectification import (
    Refusal,
    allowed_targets,
    check_transition,
    days_overdue,
    display_state,
    is_open,
    is_overdue,
    may_record,
)
from domain.vocab import RectState, Role

ISSUED, PROGRESS, AWAITING, CLOSED = (
    RectState.ISSUED,
    RectState.IN_PROGRESS,
    RectState.AWAITING,
    RectState.CLOSED,
)
STAFF, ADMIN, AGENCY, LEADER = Role.STAFF, Role.ADMIN, Role.AGENCY, Role.LEADER

# The allowed moves of DOMAIN §7, written out by hand (not read from TRANSITIONS).
OFFICE_MOVES = {
    (ISSUED, PROGRESS),
    (PROGRESS, AWAITING),
    (AWAITING, CLOSED),
    (AWAITING, PROGRESS),  # verification failed
}
AGENCY_MOVES = {(PROGRESS, AWAITING)}

ALL_PAIRS = list(itertools.product(RectState, RectState))


@pytest.mark.parametrize("role", [STAFF, ADMIN])
@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_office_roles_make_every_allowed_move_and_no_other(
    role: Role, current: RectState, target: RectState
) -> None:
    result = check_transition(role, current, target, note="已核实")
    if (current, target) in OFFICE_MOVES:
        assert result is None
    elif current == CLOSED:
        assert result == Refusal.CLOSED
    elif current == target:
        assert result == Refusal.SAME_STATE
    else:
        assert result == Refusal.ILLEGAL


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_agency_user_only_reports_its_own_item_done(current: RectState, target: RectState) -> None:
    result = check_transition(AGENCY, current, target, own=True, note="已完成整改，附会议纪要")
    if (current, target) in AGENCY_MOVES:
        assert result is None
    elif current == CLOSED:
        assert result == Refusal.CLOSED
    elif current == target:
        assert result == Refusal.SAME_STATE
    elif (current, target) in OFFICE_MOVES:
        assert result == Refusal.ROLE  # a legal move, but not the agency's to make
    else:
        assert result == Refusal.ILLEGAL


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_agency_user_may_not_touch_another_agencys_item(
    current: RectState, target: RectState
) -> None:
    assert check_transition(AGENCY, current, target, own=False, note="x") == Refusal.NOT_OWN


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_leaders_are_read_only(current: RectState, target: RectState) -> None:
    assert check_transition(LEADER, current, target, note="x") == Refusal.READ_ONLY


@pytest.mark.parametrize("note", [None, "", "   \n"])
def test_notes_that_are_required(note: str | None) -> None:
    # The agency must say what it did; staff reporting done need not.
    assert check_transition(AGENCY, PROGRESS, AWAITING, note=note) == Refusal.NOTE
    assert check_transition(STAFF, PROGRESS, AWAITING, note=note) is None
    # Closing needs a verification note; a failed verification a reason.
    assert check_transition(STAFF, AWAITING, CLOSED, note=note) == Refusal.VERIFICATION_NOTE
    assert check_transition(ADMIN, AWAITING, PROGRESS, note=note) == Refusal.FAILURE_NOTE
    # Starting work needs none.
    assert check_transition(STAFF, ISSUED, PROGRESS, note=note) is None


def test_stored_words_are_accepted_and_unknown_ones_raise() -> None:
    assert check_transition("staff", "待验收", "已销号", note="验收合格") is None
    with pytest.raises(ValueError):
        check_transition("staff", "逾期", "已销号", note="x")  # 逾期 is derived, never a state
    with pytest.raises(ValueError):
        check_transition("guest", "待验收", "已销号", note="x")


def test_allowed_targets_by_role() -> None:
    assert allowed_targets(STAFF, AWAITING) == [CLOSED, PROGRESS]
    assert allowed_targets(ADMIN, ISSUED) == [PROGRESS]
    assert allowed_targets(STAFF, CLOSED) == []
    assert allowed_targets(AGENCY, PROGRESS) == [AWAITING]
    assert allowed_targets(AGENCY, PROGRESS, own=False) == []
    assert allowed_targets(AGENCY, ISSUED) == []
    assert allowed_targets(LEADER, PROGRESS) == []


def test_who_may_record_findings() -> None:
    assert may_record(STAFF) and may_record(ADMIN)
    assert not may_record(AGENCY) and not may_record(LEADER)


def test_every_refusal_has_a_message() -> None:
    assert all(r.value in TEXT for r in Refusal)


def test_open_overdue_and_the_shown_state() -> None:
    today = dt.date(2026, 12, 2)
    assert is_open("整改中", on_the_spot=False)
    assert is_open(None, on_the_spot=False)  # awaiting its rectification opinion
    assert not is_open(None, on_the_spot=True)  # 立行立改
    assert not is_open("已销号", on_the_spot=False)
    # Deadline 2026-11-30, today 2026-12-02: overdue by 2 days; on the deadline: not overdue.
    assert is_overdue("整改中", dt.date(2026, 11, 30), today)
    assert days_overdue("待验收", dt.date(2026, 11, 30), today) == 2
    assert not is_overdue("整改中", today, today)
    assert not is_overdue("已销号", dt.date(2020, 1, 1), today)
    assert not is_overdue(None, None, today)
    assert days_overdue("已销号", dt.date(2020, 1, 1), today) == 0
    assert display_state(None, on_the_spot=True) == "立行立改"
    assert display_state("整改中", on_the_spot=False) == "整改中"
