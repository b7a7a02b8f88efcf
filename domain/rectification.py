"""The rectification lifecycle of DOMAIN §7 as a pure state machine.

States 待整改 → 整改中 → 待验收 → 已销号, and 待验收 → 整改中 when verification fails. 逾期 is
derived (deadline passed, not closed), never stored. A finding fixed on the spot (立行立改)
has no rectification and is not open.

Who may do what: office staff and administrators make every allowed move; an agency user may
only report its own item done (整改中 → 待验收) and must say what it did; closing needs a
verification note, and a failed verification says why; leaders read. A move the rules refuse
gets a ``Refusal`` whose value is the catalog key of the message shown.

Pure: imports only the standard library and ``domain.vocab``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.vocab import ON_THE_SPOT, RectState, Role

__all__ = [
    "TRANSITIONS",
    "Refusal",
    "check_transition",
    "allowed_targets",
    "is_open",
    "is_overdue",
    "days_overdue",
    "display_state",
    "may_record",
]

#: Every allowed move: (from, to) → the roles that may make it.
_OFFICE = frozenset({Role.STAFF, Role.ADMIN})
TRANSITIONS: dict[tuple[RectState, RectState], frozenset[Role]] = {
    (RectState.ISSUED, RectState.IN_PROGRESS): _OFFICE,
    (RectState.IN_PROGRESS, RectState.AWAITING): _OFFICE | {Role.AGENCY},
    (RectState.AWAITING, RectState.CLOSED): _OFFICE,
    (RectState.AWAITING, RectState.IN_PROGRESS): _OFFICE,  # verification failed
}
#: Moves that must carry a note, and the refusal when it is missing.
_NOTE_REQUIRED: dict[tuple[RectState, RectState], str] = {
    (RectState.AWAITING, RectState.CLOSED): "rect_refused_verification_note",
    (RectState.AWAITING, RectState.IN_PROGRESS): "rect_refused_failure_note",
}


class Refusal(StrEnum):
    """Why a move is refused; the value is the catalog key of the message."""

    READ_ONLY = "rect_refused_read_only"
    NOT_OWN = "rect_refused_not_own"
    CLOSED = "rect_refused_closed"
    SAME_STATE = "rect_refused_same_state"
    ILLEGAL = "rect_refused_illegal"
    ROLE = "rect_refused_role"
    NOTE = "rect_refused_note"
    VERIFICATION_NOTE = "rect_refused_verification_note"
    FAILURE_NOTE = "rect_refused_failure_note"


def _has_text(note: str | None) -> bool:
    return bool(note and note.strip())


def check_transition(
    role: Role | str,
    current: RectState | str,
    target: RectState | str,
    *,
    own: bool = True,
    note: str | None = None,
) -> Refusal | None:
    """None when ``role`` may move an item from ``current`` to ``target`` with ``note``
    (``own``: the item is the agency user's own agency's), else why not. The checks run in
    the order a user would want to hear them: who, which item, which move, what is missing."""
    role, current, target = Role(role), RectState(current), RectState(target)
    if role == Role.LEADER:
        return Refusal.READ_ONLY
    if role == Role.AGENCY and not own:
        return Refusal.NOT_OWN
    if current == RectState.CLOSED:
        return Refusal.CLOSED
    if current == target:
        return Refusal.SAME_STATE
    roles = TRANSITIONS.get((current, target))
    if roles is None:
        return Refusal.ILLEGAL
    if role not in roles:
        return Refusal.ROLE
    required = _NOTE_REQUIRED.get((current, target))
    if required is not None and not _has_text(note):
        return Refusal(required)
    if role == Role.AGENCY and not _has_text(note):
        return Refusal.NOTE  # an agency says what it did (its evidence)
    return None


def allowed_targets(
    role: Role | str, current: RectState | str, *, own: bool = True
) -> list[RectState]:
    """The states ``role`` may move an item in ``current`` to (notes aside), in order."""
    role, current = Role(role), RectState(current)
    return [
        target
        for (source, target), roles in TRANSITIONS.items()
        if source == current and role in roles and (role != Role.AGENCY or own)
    ]


def may_record(role: Role | str) -> bool:
    """Whether ``role`` may record a finding and issue a rectification (office staff, admin)."""
    return Role(role) in _OFFICE


def is_open(state: str | None, on_the_spot: bool) -> bool:
    """Open: not fixed on the spot and not closed (a finding still without a rectification
    opinion is open: it awaits one)."""
    return not on_the_spot and state != RectState.CLOSED


def is_overdue(state: str | None, deadline: dt.date | None, today: dt.date) -> bool:
    """逾期: a rectification whose deadline has passed (before ``today``) and is not closed."""
    return (
        state is not None
        and state != RectState.CLOSED
        and deadline is not None
        and deadline < today
    )


def days_overdue(state: str | None, deadline: dt.date | None, today: dt.date) -> int:
    """Days past the deadline of an overdue item (0 when not overdue)."""
    if not is_overdue(state, deadline, today):
        return 0
    assert deadline is not None
    return (today - deadline).days


def display_state(state: str | None, on_the_spot: bool) -> str:
    """The stored word shown as a finding's state: 立行立改, the rectification state, or ''
    for a finding that awaits its rectification opinion. (逾期 is shown beside it.)"""
    if on_the_spot:
        return ON_THE_SPOT.value
    return state or ""
