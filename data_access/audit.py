"""Every write goes through here: an audit row, and a bump of the data version.

Versions (issue 14). ``data_version.version`` moves on every write; every cached query keys
on it, and the importers compare it to notice a concurrent write. A round's scored result
keys on ``result_version``: the larger of the version at the last **registry** write (one
that may change every round: agencies, staffing, workload, peers, cities; the default) and
the version at the last write to **that round's own data** (``record_write(...,
round_id=R)``: its score sheet, findings and rectifications, self-evaluation, surveys,
ratings, tree, agencies, status). A write that changes no scored figure (users, proposals,
briefings) says ``scored=False`` and leaves every stored result valid. When unsure, leave
the default: a registry write is always correct, only slower (every round is scored again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, literal, select, union_all, update

from data_access.models import AuditLog, DataVersion, RoundDataVersion

__all__ = [
    "record_write",
    "record_event",
    "data_version",
    "result_version",
    "read_versions",
    "Versions",
]


def record_event(
    conn: Connection,
    username: str | None,
    action: str,
    entity: str | None = None,
    entity_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Audit an event that changes no scored data (sign-in, sign-out, lock-out)."""
    conn.execute(
        insert(AuditLog).values(
            username=username,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before=before,
            after=after,
        )
    )


def record_write(
    conn: Connection,
    username: str | None,
    action: str,
    entity: str | None = None,
    entity_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    round_id: int | None = None,
    scored: bool = True,
) -> None:
    """Audit a data write and bump the data version in the caller's transaction.

    ``round_id``: the write touched only that round's own data, so only that round's stored
    result is invalidated; without it (the default) every round's is. ``scored=False``: the
    write changes no scored figure (no stored result is invalidated)."""
    record_event(conn, username, action, entity, entity_id, before, after)
    # The update takes the row lock, so concurrent writers bump one after another (PostgreSQL).
    updated = conn.execute(
        update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
    )
    if updated.rowcount == 0:
        conn.execute(insert(DataVersion).values(id=1, version=1, registry_version=0))
    if not scored:
        return
    version = data_version(conn)
    if round_id is None:
        conn.execute(
            update(DataVersion).where(DataVersion.id == 1).values(registry_version=version)
        )
        return
    stamped = conn.execute(
        update(RoundDataVersion)
        .where(RoundDataVersion.round_id == round_id)
        .values(version=version)
    )
    if stamped.rowcount == 0:
        conn.execute(insert(RoundDataVersion).values(round_id=round_id, version=version))


def data_version(conn: Connection) -> int:
    """The current data version (0 for an empty database)."""
    value = conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar()
    return int(value or 0)


@dataclass(frozen=True)
class Versions:
    """Every version at one moment: ``data`` (moves on every write), ``registry`` and the
    per-round stamps."""

    data: int = 0
    registry: int = 0
    rounds: dict[int, int] = field(default_factory=dict)

    def of_round(self, round_id: int) -> int:
        """The version a round's scored result is keyed by."""
        return max(self.registry, self.rounds.get(round_id, 0))


def read_versions(conn: Connection) -> Versions:
    """Every version in one statement (the app reads it once per rerun)."""
    rows = conn.execute(
        union_all(
            select(literal(-1), DataVersion.version, DataVersion.registry_version).where(
                DataVersion.id == 1
            ),
            select(RoundDataVersion.round_id, RoundDataVersion.version, literal(0)),
        )
    ).all()
    data, registry, rounds = 0, 0, {}
    for round_id, version, registry_version in rows:
        if int(round_id) == -1:
            data, registry = int(version), int(registry_version or 0)
        else:
            rounds[int(round_id)] = int(version)
    return Versions(data, registry, rounds)


def result_version(conn: Connection, round_id: int) -> int:
    """The version round ``round_id``'s scored result is keyed by (see the module's note)."""
    row = conn.execute(
        select(DataVersion.registry_version, RoundDataVersion.version)
        .select_from(DataVersion)
        .outerjoin(RoundDataVersion, RoundDataVersion.round_id == round_id)
        .where(DataVersion.id == 1)
    ).first()
    if row is None:
        return 0
    return max(int(row[0] or 0), int(row[1] or 0))
