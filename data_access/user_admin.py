"""用户管理 Users (administrators): every account with its role, agency, last sign-in and lock;
create an account, change its role or agency, reset its password to a one-time password,
unlock it, disable or enable it — and, for any signed-in user, replace a one-time password.

The administrator role is checked here, not only in the page. Each write names the account as
the administrator saw it (``expected``: the stamp of its role, agency, lock, state and
sessions, ``account_stamp``): a double submission or another administrator's change meanwhile
is refused, never applied twice. The rules themselves live in ``data_access.users`` and are the
command line's too (the password rule, the last administrator, ending a user's sessions).
Every write is audited with before and after in its transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select, update

from data_access.audit import record_write
from data_access.models import Agency, AppUser, SigninThrottle
from data_access.scope import AccessDenied, Principal
from data_access.users import (
    ROLES,
    UserError,
    UserRecord,
    create_user,
    get_user,
    password_problem,
    set_disabled,
    set_password,
    set_role,
)
from domain.catalog import translate
from domain.vocab import Role

__all__ = [
    "UserAdminError",
    "account_stamp",
    "list_accounts",
    "create_account",
    "change_account",
    "reset_account_password",
    "unlock_account",
    "set_account_disabled",
    "change_own_password",
    "ONE_TIME_LENGTH",
]

_NAME = re.compile(r"^[a-z0-9._-]{1,64}$")
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand
ONE_TIME_LENGTH = 14  # three groups of four, two hyphens: ~59 bits


class UserAdminError(ValueError):
    """Refused, nothing written; the message is for the user, ``field`` the form field it
    belongs next to (None: the form as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_admin(principal: Principal, lang: str) -> None:
    if principal.role != Role.ADMIN:
        raise AccessDenied(translate("usr_denied", lang))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def account_stamp(user: UserRecord) -> str:
    """What the administrator saw of an account: changes whenever its role, agency, lock,
    state, one-time password or sessions change (by anyone, including a lock-out)."""
    seen = [
        user.role,
        user.agency_id,
        _iso(user.locked_until),
        _iso(user.disabled_at),
        _iso(user.sessions_revoked_at),
        bool(user.must_change_password),
    ]
    return hashlib.sha256(json.dumps(seen, default=str).encode()).hexdigest()[:16]


def _one_time_password() -> str:
    groups = ("".join(secrets.choice(_OTP_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def list_accounts(engine: Engine, principal: Principal, lang: str = "zh") -> pd.DataFrame:
    """Columns: username, display_name, role, agency_id, agency_name, agency_name_en,
    last_signin_at, locked_until, disabled_at, must_change_password, is_demo, stamp — every
    account by name (administrators only)."""
    _require_admin(principal, lang)
    stmt = (
        select(
            AppUser.username,
            AppUser.display_name,
            AppUser.role,
            AppUser.agency_id,
            Agency.name.label("agency_name"),
            Agency.name_en.label("agency_name_en"),
            AppUser.password_hash,
            AppUser.failed_attempts,
            AppUser.locked_until,
            AppUser.is_demo,
            AppUser.sessions_revoked_at,
            AppUser.disabled_at,
            AppUser.must_change_password,
            AppUser.last_signin_at,
        )
        .outerjoin(Agency, Agency.id == AppUser.agency_id)
        .order_by(AppUser.username)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    records = []
    for r in rows:
        fields = dict(r._mapping)
        english = fields.pop("agency_name_en")
        user = UserRecord(**{**fields, "is_demo": bool(r.is_demo)})
        records.append(
            {
                "username": user.username,
                "display_name": user.display_name,
                "role": user.role,
                "agency_id": user.agency_id,
                "agency_name": user.agency_name,
                "agency_name_en": english,
                "last_signin_at": user.last_signin_at,
                "locked_until": user.locked_until,
                "disabled_at": user.disabled_at,
                "must_change_password": bool(user.must_change_password),
                "is_demo": user.is_demo,
                "stamp": account_stamp(user),
            }
        )
    columns = [
        "username",
        "display_name",
        "role",
        "agency_id",
        "agency_name",
        "agency_name_en",
        "last_signin_at",
        "locked_until",
        "disabled_at",
        "must_change_password",
        "is_demo",
        "stamp",
    ]
    return pd.DataFrame(records, columns=columns)


def _current(conn: Connection, username: str, expected: str, lang: str) -> UserRecord:
    """The account as stored now (its row locked until the transaction ends), provided it is
    still as the administrator saw it."""
    conn.execute(
        select(AppUser.id)
        .where(AppUser.username == username.strip().lower())
        .with_for_update(of=AppUser)
    )
    user = get_user(conn, username)
    if user is None:
        raise UserAdminError(translate("usr_no_user", lang, user=username))
    if account_stamp(user) != expected:
        raise UserAdminError(translate("usr_changed_meanwhile", lang, user=user.username))
    return user


def _agency(conn: Connection, role: str, agency_id: int | None, lang: str) -> int | None:
    """The agency an account of ``role`` is bound to: required for an agency user (and must
    exist), none for the others."""
    if role != Role.AGENCY.value:
        return None
    if agency_id is None:
        raise UserAdminError(translate("usr_needs_agency", lang), "agency")
    if conn.execute(select(Agency.id).where(Agency.id == agency_id)).first() is None:
        raise UserAdminError(translate("usr_no_agency", lang), "agency")
    return int(agency_id)


def create_account(
    engine: Engine,
    username: str,
    display_name: str,
    role: str,
    *,
    principal: Principal,
    agency_id: int | None = None,
    lang: str = "zh",
) -> str:
    """A new account with a one-time password (returned, to be shown once; the user must
    replace it at the first sign-in). Names are case-insensitive, stored in lower case."""
    _require_admin(principal, lang)
    name = (username or "").strip().lower()
    if not _NAME.match(name):
        raise UserAdminError(translate("usr_bad_name", lang), "username")
    display = (display_name or "").strip() or name
    if len(display) > 64:
        raise UserAdminError(translate("usr_long_display", lang, n=64), "display_name")
    if role not in ROLES:
        raise UserAdminError(translate("usr_bad_role", lang), "role")
    password = _one_time_password()
    with engine.begin() as conn:
        if get_user(conn, name) is not None:
            raise UserAdminError(translate("usr_taken", lang, user=name), "username")
        bound = _agency(conn, role, agency_id, lang)
        try:
            create_user(
                conn,
                name,
                display,
                role,
                password,
                agency_id=bound,
                actor=principal.username,
                must_change=True,
            )
        except UserError as exc:  # raced: the name was taken meanwhile
            raise UserAdminError(str(exc), "username") from None
    return password


def change_account(
    engine: Engine,
    username: str,
    role: str,
    agency_id: int | None,
    *,
    principal: Principal,
    expected: str,
    demo_mode: bool = False,
    lang: str = "zh",
) -> bool:
    """A new role and agency for an account (its sessions end); the last administrator cannot
    be demoted. False when nothing changes."""
    _require_admin(principal, lang)
    if role not in ROLES:
        raise UserAdminError(translate("usr_bad_role", lang), "role")
    with engine.begin() as conn:
        user = _current(conn, username, expected, lang)
        bound = _agency(conn, role, agency_id, lang)
        if user.role == role and user.agency_id == bound:
            return False
        try:
            set_role(
                conn,
                user.username,
                role,
                bound,
                actor=principal.username,
                lang=lang,
                demo_mode=demo_mode,
            )
        except UserError as exc:
            raise UserAdminError(str(exc), "role") from None
    return True


def reset_account_password(
    engine: Engine, username: str, *, principal: Principal, expected: str, lang: str = "zh"
) -> str:
    """A one-time password for the account (returned, to be shown once): it unlocks the
    account, ends its sessions, and must be replaced at the next sign-in."""
    _require_admin(principal, lang)
    password = _one_time_password()
    with engine.begin() as conn:
        user = _current(conn, username, expected, lang)
        set_password(conn, user.username, password, actor=principal.username, must_change=True)
    return password


def unlock_account(
    engine: Engine, username: str, *, principal: Principal, expected: str, lang: str = "zh"
) -> None:
    """End a lock-out after failed sign-ins (the name's throttle too)."""
    _require_admin(principal, lang)
    with engine.begin() as conn:
        user = _current(conn, username, expected, lang)
        conn.execute(
            update(AppUser)
            .where(AppUser.username == user.username)
            .values(failed_attempts=0, locked_until=None)
        )
        conn.execute(delete(SigninThrottle).where(SigninThrottle.key == f"name:{user.username}"))
        record_write(
            conn,
            principal.username,
            "user.unlock",
            "app_user",
            user.username,
            before={"locked_until": _iso(user.locked_until)},
            after={"locked_until": None},
            scored=False,
        )


def set_account_disabled(
    engine: Engine,
    username: str,
    disabled: bool,
    *,
    principal: Principal,
    expected: str,
    demo_mode: bool = False,
    lang: str = "zh",
) -> None:
    """Disable an account (no sign-in; its sessions end at their next page load) or enable
    it again; the last administrator cannot be disabled."""
    _require_admin(principal, lang)
    with engine.begin() as conn:
        user = _current(conn, username, expected, lang)
        try:
            set_disabled(
                conn,
                user.username,
                disabled,
                actor=principal.username,
                lang=lang,
                demo_mode=demo_mode,
            )
        except UserError as exc:
            raise UserAdminError(str(exc)) from None


def change_own_password(
    engine: Engine,
    new_password: str,
    confirm: str,
    *,
    principal: Principal,
    demo_mode: bool = False,
    lang: str = "zh",
) -> dt.datetime:
    """The signed-in user replaces its password (the one-time one at the first sign-in): the
    password rule, the two entries equal. Every other session of the user ends; returns the
    moment it did (a session issued after it stays signed in)."""
    if new_password != confirm:
        raise UserAdminError(translate("usr_pw_differ", lang), "confirm")
    problem = password_problem(new_password, demo_mode=demo_mode)
    if problem is not None:
        raise UserAdminError(translate(problem[0], lang, **problem[1]), "password")
    with engine.begin() as conn:
        user = get_user(conn, principal.username)
        if user is None:
            raise UserAdminError(translate("usr_no_user", lang, user=principal.username))
        set_password(conn, user.username, new_password, actor=user.username, demo_mode=demo_mode)
        revoked = conn.execute(
            select(AppUser.sessions_revoked_at).where(AppUser.username == user.username)
        ).scalar_one()
    return revoked if revoked is not None else _utcnow()
