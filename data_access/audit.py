"""Every write goes through here: an audit row, and a bump of the data version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from data_access.models import AuditLog, DataVersion

__all__ = ["record_write", "record_event", "data_version"]


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
) -> None:
    """Audit a data write and bump the data version in the caller's transaction."""
    record_event(conn, username, action, entity, entity_id, before, after)
    updated = conn.execute(
        update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version + 1)
    )
    if updated.rowcount == 0:
        conn.execute(insert(DataVersion).values(id=1, version=1))


def data_version(conn: Connection) -> int:
    """The current data version (0 for an empty database)."""
    value = conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar()
    return int(value or 0)
