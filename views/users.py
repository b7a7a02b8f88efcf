"""用户管理 Users (administrators) as a view model: every account with its role, agency, last
sign-in (Beijing time), lock and state, the account stamp each write names (what the
administrator saw), and the registry's agencies and the roles to choose from. Reads through
the view's ``Reader`` (data_access.user_admin: administrators only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data_access.names_queries import agency_names
from data_access.reader import Reader
from data_access.user_admin import list_accounts
from domain.catalog import translate
from domain.vocab import Role
from views.common import Column, Table

__all__ = ["AccountRow", "UsersView", "build_users", "beijing"]

_BEIJING = dt.timezone(dt.timedelta(hours=8))  # stored in UTC


@dataclass(frozen=True)
class AccountRow:
    username: str
    display_name: str
    role: str  # the stored value (leader / staff / agency / admin)
    agency_id: int | None
    agency: str  # in the view's language, '' for none
    locked_until: dt.datetime | None  # UTC, only while the lock lasts
    disabled: bool
    must_change: bool
    is_demo: bool
    stamp: str  # what data_access compares before a write


@dataclass(frozen=True)
class UsersView:
    table: Table
    accounts: tuple[AccountRow, ...]
    agencies: dict[int, str]  # registry id → name in the view's language
    roles: dict[str, str]  # role → label

    def account(self, username: str) -> AccountRow | None:
        return next((a for a in self.accounts if a.username == username), None)


def _stamp(value: Any) -> dt.datetime | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).to_pydatetime()


def beijing(value: dt.datetime | None) -> str:
    """A stored UTC time as Beijing time, to the minute ('' for none)."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M")


def _pick(zh: Any, en: Any, lang: str) -> str:
    if lang == "en" and isinstance(en, str) and en:
        return en
    return "" if zh is None or (isinstance(zh, float) and pd.isna(zh)) else str(zh)


def _state(row: AccountRow, lang: str) -> str:
    parts = [translate("usr_state_disabled" if row.disabled else "usr_state_active", lang)]
    if row.must_change:
        parts.append(translate("usr_state_must_change", lang))
    if row.is_demo:
        parts.append(translate("usr_state_demo", lang))
    return " · ".join(parts)


def build_users(reader: Reader, lang: str, now: dt.datetime | None = None) -> UsersView:
    """Every account by name; a lock shows only while it lasts (``now``: UTC, naive)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = reader(list_accounts, lang=lang)
    accounts = []
    last_signin = []
    for r in frame.itertuples(index=False):
        locked = _stamp(r.locked_until)
        accounts.append(
            AccountRow(
                username=str(r.username),
                display_name=str(r.display_name),
                role=str(r.role),
                agency_id=None if pd.isna(r.agency_id) else int(r.agency_id),
                agency=_pick(r.agency_name, r.agency_name_en, lang),
                locked_until=locked if locked is not None and locked > now else None,
                disabled=_stamp(r.disabled_at) is not None,
                must_change=bool(r.must_change_password),
                is_demo=bool(r.is_demo),
                stamp=str(r.stamp),
            )
        )
        last_signin.append(beijing(_stamp(r.last_signin_at)) or translate("usr_never", lang))
    roles = {role.value: role.label(lang) for role in Role}
    table = Table(
        pd.DataFrame(
            {
                "username": [a.username for a in accounts],
                "display_name": [a.display_name for a in accounts],
                "role": [roles.get(a.role, a.role) for a in accounts],
                "agency": [a.agency for a in accounts],
                "last_signin": last_signin,
                "locked_until": [beijing(a.locked_until) for a in accounts],
                "state": [_state(a, lang) for a in accounts],
            }
        ),
        (
            Column("username", translate("usr_col_username", lang), width="small", pinned=True),
            Column("display_name", translate("usr_col_name", lang), width="medium"),
            Column("role", translate("usr_col_role", lang), width="medium"),
            Column("agency", translate("usr_col_agency", lang), width="large"),
            Column("last_signin", translate("usr_col_last", lang), width="medium"),
            Column("locked_until", translate("usr_col_locked", lang), width="small"),
            Column("state", translate("usr_col_state", lang), width="medium"),
        ),
    )
    names = reader(agency_names)
    agencies = {
        int(i): _pick(n, e, lang)
        for i, n, e in names[["agency_id", "name", "name_en"]].itertuples(index=False)
    }
    return UsersView(table, tuple(accounts), agencies, roles)
