"""Reading the audit log (审计日志) for the administrators' page: the entries filtered by user,
action, table and date range, newest first, and the values the filters may take.

Administrators only: any other principal gets ``AccessDenied`` (the log names every agency and
every user). Dates are calendar days in Beijing time (UTC+8); the log stores UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import AuditLog
from data_access.scope import AccessDenied, Principal
from domain.catalog import translate
from domain.vocab import Role

__all__ = ["AuditOptions", "list_audit_entries", "audit_filter_options", "MAX_ENTRIES"]

#: At most this many entries are read at once (the newest); the page says when there are more.
MAX_ENTRIES = 5000
_BEIJING = dt.timedelta(hours=8)
_COLUMNS = ["entry_id", "at", "username", "action", "entity", "entity_id", "before", "after"]


@dataclass(frozen=True)
class AuditOptions:
    """The distinct users, actions and tables (entities) in the log, sorted."""

    users: tuple[str, ...]
    actions: tuple[str, ...]
    entities: tuple[str, ...]


def _require_admin(principal: Principal, lang: str) -> None:
    if principal.role != Role.ADMIN:
        raise AccessDenied(translate("aud_denied", lang))


def _utc_start(day: dt.date) -> dt.datetime:
    """00:00 Beijing time of ``day`` as a naive UTC time (how ``audit_log.at`` is stored)."""
    return dt.datetime.combine(day, dt.time()) - _BEIJING


def list_audit_entries(
    engine: Engine,
    principal: Principal,
    username: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = MAX_ENTRIES,
    lang: str = "zh",
) -> pd.DataFrame:
    """Columns: entry_id, at (naive UTC), username, action, entity, entity_id, before, after
    (dicts or None) — the entries matching every filter given (``since``/``until``: Beijing
    calendar days, both inclusive), newest first, at most ``limit`` (one more is read, so the
    caller can tell the list was cut)."""
    _require_admin(principal, lang)
    stmt = select(
        AuditLog.id.label("entry_id"),
        AuditLog.at,
        AuditLog.username,
        AuditLog.action,
        AuditLog.entity,
        AuditLog.entity_id,
        AuditLog.before,
        AuditLog.after,
    )
    if username:
        stmt = stmt.where(AuditLog.username == username)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if entity:
        stmt = stmt.where(AuditLog.entity == entity)
    if since is not None:
        stmt = stmt.where(AuditLog.at >= _utc_start(since))
    if until is not None:
        stmt = stmt.where(AuditLog.at < _utc_start(until + dt.timedelta(days=1)))
    stmt = stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit + 1)
    with engine.connect() as conn:
        rows: list[Any] = [tuple(r) for r in conn.execute(stmt)]
    return pd.DataFrame(rows, columns=_COLUMNS)


def audit_filter_options(engine: Engine, principal: Principal, lang: str = "zh") -> AuditOptions:
    """Every user, action and table that occurs in the log (for the filters)."""
    _require_admin(principal, lang)

    def distinct(column: Any) -> tuple[str, ...]:
        with engine.connect() as conn:
            values = conn.execute(select(column).where(column.is_not(None)).distinct()).scalars()
            return tuple(sorted(str(v) for v in values))

    return AuditOptions(
        distinct(AuditLog.username), distinct(AuditLog.action), distinct(AuditLog.entity)
    )
