"""Sign-in gate: streamlit-authenticator for the cookie, users and lock-out from the database.

The form is ours (so lock-out, audit and translations work); a correct password is handed to
the authenticator, which sets the session state and writes the re-authentication cookie.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import jwt
import pandas as pd
import streamlit as st
import streamlit_authenticator as stauth

from data_access import cache
from data_access.audit import record_event
from data_access.users import (
    LOCK_MINUTES,
    check_password,
    get_user,
    is_locked,
    list_users,
    register_failure,
    register_success,
    revoke_sessions,
    session_revoked,
)
from domain.vocab import Role
from ui.i18n import current_lang, t

__all__ = ["SessionUser", "demo_mode", "cookie_key", "require_login", "DEMO_COOKIE_KEY"]

DEMO_COOKIE_KEY = "demo-mode-cookie-key-not-a-secret-0000"
COOKIE_NAME = "bianban_eval_auth"
EXPIRY_DAYS = 1.0
_ISSUED = "_auth_issued_at"  # when this session signed in (UTC)
MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class SessionUser:
    username: str
    name: str
    role: str
    agency_id: int | None
    agency_name: str | None


def _secret(section: str, key: str) -> str | None:
    try:
        return str(st.secrets[section][key])
    except (KeyError, FileNotFoundError, AttributeError):
        return None
    except Exception:  # noqa: BLE001 - a malformed secrets file must not leak a traceback
        return None


def demo_mode() -> bool:
    value = os.environ.get("DASHBOARD_DEMO") or _secret("app", "demo") or ""
    return value.lower() in {"1", "true", "yes"}


def cookie_key() -> str | None:
    """The configured cookie key; in demo mode a fixed demo key is allowed."""
    key = os.environ.get("DASHBOARD_COOKIE_KEY") or _secret("auth", "cookie_key")
    if key and len(key) >= MIN_KEY_LENGTH and key != DEMO_COOKIE_KEY:
        return key
    return DEMO_COOKIE_KEY if demo_mode() else None


def _credentials(include_demo: bool) -> dict:
    # Built fresh each run: the authenticator mutates it.
    users = list_users(cache.engine(), include_demo=include_demo)
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "password": u.password_hash,
                "roles": [u.role],
                "email": f"{u.username}@localhost",
                "failed_login_attempts": 0,
                "logged_in": False,
            }
            for u in users
            if not is_locked(u)
        }
    }


def _demo_table() -> None:
    from data_access.seed import DEMO_USERS

    st.caption(t("demo_logins"))
    st.dataframe(
        pd.DataFrame(
            [(u, p, Role(r).label(current_lang())) for u, p, r in DEMO_USERS],
            columns=[t("demo_col_user"), t("demo_col_password"), t("demo_col_role")],
        ),
        hide_index=True,
    )


def _login_form(authenticator: stauth.Authenticate, include_demo: bool) -> None:
    engine = cache.engine()
    with st.form("login_form"):
        st.subheader(t("login_title"))
        username = st.text_input(t("username"), autocomplete="username").strip().lower()
        password = st.text_input(t("password"), type="password")
        submitted = st.form_submit_button(t("login_button"), type="primary")
    if submitted:
        if not username or not password:
            st.warning(t("login_missing"))
        else:
            with engine.connect() as conn:
                user = get_user(conn, username)
            if user is not None and user.is_demo and not include_demo:
                user = None
            if user is not None and is_locked(user):
                _locked_message(user.locked_until)
                with engine.begin() as conn:
                    record_event(conn, username, "auth.login_refused_locked", "app_user", username)
            elif user is not None and check_password(password, user.password_hash):
                register_success(engine, username)
                st.session_state[_ISSUED] = _utcnow()
                authenticator.authentication_controller.login(username, password)
                authenticator.cookie_controller.set_cookie()
            else:
                if register_failure(engine, username):
                    st.error(t("login_locked", minutes=LOCK_MINUTES))
                else:
                    st.error(t("login_failed"))
    if demo_mode():
        _demo_table()


def _locked_message(until: dt.datetime | None) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    minutes = (
        LOCK_MINUTES if until is None else max(1, int((until - now).total_seconds() // 60) + 1)
    )
    st.error(t("login_locked", minutes=minutes))


def _audit_logout(_details: dict | None = None) -> None:
    """Sign-out ends every session of the user, not only this one: a copied or stale cookie
    (the browser may not get to delete it) no longer signs in."""
    username = st.session_state.get("username")
    st.session_state.pop(_ISSUED, None)
    with cache.engine().begin() as conn:
        record_event(conn, username, "auth.logout", "app_user", username)
    if username:
        revoke_sessions(cache.engine(), str(username))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _cookie_issued(key: str) -> dt.datetime | None:
    """When the sign-in cookie of this request was issued (its expiry less its lifetime), or
    None when there is none or it cannot be read."""
    token = st.context.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=["HS256"])
        expires = dt.datetime.fromtimestamp(float(claims["exp_date"]), dt.UTC)
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, OverflowError):
        return None
    return expires.replace(tzinfo=None) - dt.timedelta(days=EXPIRY_DAYS)


def require_login() -> SessionUser | None:
    """Run the sign-in gate; return the signed-in user, or None after drawing the form."""
    key = cookie_key()
    if key is None:
        st.error(t("config_no_key"))
        st.stop()
    include_demo = demo_mode()
    authenticator = stauth.Authenticate(
        _credentials(include_demo),
        COOKIE_NAME,
        key,
        EXPIRY_DAYS,
        auto_hash=False,
        login_sleep_time=0,
    )
    authenticator.login(location="unrendered")
    if not st.session_state.get("authentication_status"):
        _login_form(authenticator, include_demo)
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state["username"]
    with cache.engine().connect() as conn:
        user = get_user(conn, username)
    issued = st.session_state.setdefault(_ISSUED, _cookie_issued(key))
    if (
        user is None
        or (user.is_demo and not include_demo)
        or is_locked(user)
        or session_revoked(user, issued)
    ):
        # Signed out since, locked, disabled or a stale cookie: back to the form.
        authenticator.logout(location="unrendered")
        st.session_state.pop(_ISSUED, None)
        _login_form(authenticator, include_demo)
        return None
    authenticator.logout(t("logout"), "sidebar", key="logout_button", callback=_audit_logout)
    if not st.session_state.get("authentication_status"):
        return None
    return SessionUser(
        username=user.username,
        name=user.display_name,
        role=user.role,
        agency_id=user.agency_id,
        agency_name=user.agency_name,
    )
