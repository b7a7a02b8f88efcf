"""Sign-in gate: users, lock-out and throttling from the database; streamlit-authenticator
holds the session state and renders the cookie component.

The form is ours (so lock-out, audit and translations work). The sign-in cookie is ours too:
an HS256 token carrying the user name, when it was issued (``iat``) and when it expires
(``exp``), written Secure when served over HTTPS. A cookie is checked strictly (algorithm,
claims and their types, issue time, expiry, the account as it is now) and anything wrong with
it shows the sign-in form: a cookie issued before the account's sessions were revoked
(sign-out, new password, lock-out) no longer signs in, and every cookie sign-in is audited.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import jwt
import pandas as pd
import streamlit as st

from data_access import cache
from data_access.audit import record_event
from data_access.scope import Principal
from data_access.user_admin import UserAdminError, change_own_password
from data_access.users import (
    LOCK_MINUTES,
    MIN_PASSWORD_LENGTH,
    UserRecord,
    check_sign_in,
    get_user,
    is_locked,
    list_users,
    register_failure,
    register_success,
    revoke_sessions,
    session_revoked,
    signin_blocked,
)
from domain.vocab import Role
from ui.i18n import current_lang, t
from ui.profile_detail import md_escape

if TYPE_CHECKING:
    import streamlit_authenticator as stauth

__all__ = [
    "SessionUser",
    "demo_mode",
    "cookie_key",
    "require_login",
    "DEMO_COOKIE_KEY",
    "COOKIE_NAME",
    "session_hours",
    "make_cookie",
    "read_cookie",
]

DEMO_COOKIE_KEY = "demo-mode-cookie-key-not-a-secret-0000"
COOKIE_NAME = "bianban_eval_auth"
DEFAULT_SESSION_HOURS = 8.0  # a working day; DASHBOARD_SESSION_HOURS changes it
_ISSUED = "_auth_issued_at"  # when this session signed in (UTC)
_COOKIE_SEEN = "_auth_cookie_seen"  # a cookie already audited in this session
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


def session_hours() -> float:
    """How long a sign-in lasts (cookie and session alike): DASHBOARD_SESSION_HOURS, between
    a quarter of an hour and a week; 8 hours by default."""
    try:
        hours = float(os.environ.get("DASHBOARD_SESSION_HOURS") or DEFAULT_SESSION_HOURS)
    except ValueError:
        hours = DEFAULT_SESSION_HOURS
    return min(max(hours, 0.25), 168.0)


def _https() -> bool:
    """Whether the app is served over HTTPS (directly, or behind a proxy that says so)."""
    if (os.environ.get("DASHBOARD_HTTPS") or "").lower() in {"1", "true", "yes"}:
        return True
    try:
        proto = st.context.headers.get("X-Forwarded-Proto")
        url = getattr(st.context, "url", None)
    except Exception:  # noqa: BLE001 - no request context (tests, bare mode)
        return False
    return (isinstance(proto, str) and proto.lower() == "https") or (
        isinstance(url, str) and url.startswith("https://")
    )


def _client() -> str | None:
    """Who is asking, for throttling: the client address (behind a reverse proxy that sets
    X-Forwarded-For, with DASHBOARD_TRUST_PROXY=1, the address it names), else "local"."""
    try:
        if (os.environ.get("DASHBOARD_TRUST_PROXY") or "").lower() in {"1", "true", "yes"}:
            forwarded = st.context.headers.get("X-Forwarded-For")
            if isinstance(forwarded, str) and forwarded.strip():
                return forwarded.split(",")[0].strip()[:64]
        address = st.context.ip_address
        return address[:64] if isinstance(address, str) and address else "local"
    except Exception:  # noqa: BLE001 - no request context
        return "local"


def make_cookie(username: str, key: str, issued: dt.datetime) -> str:
    """The signed sign-in token (``issued`` naive UTC)."""
    iat = issued.replace(tzinfo=dt.UTC).timestamp()
    exp = iat + session_hours() * 3600
    return jwt.encode({"username": username, "iat": iat, "exp": exp}, key, algorithm="HS256")


def read_cookie(
    token: object, key: str, now: dt.datetime | None = None
) -> tuple[str, dt.datetime] | None:
    """(user name, issue time as naive UTC) of a valid sign-in token, else None: any other
    algorithm, a bad signature or header, a missing or mistyped claim, a token issued in the
    future or longer ago than a session lasts, or an expired one."""
    if not isinstance(token, str) or len(token) > 4096:
        return None
    try:
        if jwt.get_unverified_header(token).get("alg") != "HS256":
            return None
        claims = jwt.decode(
            token, key, algorithms=["HS256"], options={"require": ["username", "iat", "exp"]}
        )
        username, iat, exp = claims["username"], claims["iat"], claims["exp"]
        if not isinstance(username, str) or not username:
            return None
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (iat, exp)):
            return None
        issued = dt.datetime.fromtimestamp(float(iat), dt.UTC).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - whatever is wrong with a cookie, it does not sign in
        return None
    now = now or _utcnow()
    lifetime = dt.timedelta(hours=session_hours())
    if issued > now + dt.timedelta(minutes=1) or now - issued > lifetime:
        return None
    return username, issued


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
    with st.form("login_form"):
        st.subheader(t("login_title"))
        username = st.text_input(t("username"), autocomplete="username").strip().lower()
        password = st.text_input(t("password"), type="password")
        submitted = st.form_submit_button(t("login_button"), type="primary")
    if submitted:
        if not username or not password:
            st.warning(t("login_missing"))
        else:
            _try_sign_in(authenticator, username, password, include_demo)
    if demo_mode():
        _demo_table()


def _try_sign_in(
    authenticator: stauth.Authenticate,
    username: str,
    password: str,
    include_demo: bool,
) -> None:
    """Check a typed name and password. A known and an unknown name take the same path (the
    same checks, the same time, the same messages, the same lock-out)."""
    client = _client()
    blocked = signin_blocked(cache.engine(), username, client)
    if blocked is not None:
        why, until = blocked
        with cache.engine().begin() as conn:
            record_event(
                conn,
                username[:64],
                "auth.login_refused_locked",
                "app_user",
                username[:64],
                after={"by": why, "client": client},
            )
        _locked_message(until, "login_throttled" if why == "client" else "login_locked")
        return
    user = check_sign_in(cache.engine(), username, password)
    if user is not None and user.is_demo and not include_demo:
        user = None
    if user is None:
        if register_failure(cache.engine(), username, client=client):
            st.error(t("login_locked", minutes=LOCK_MINUTES))
        else:
            st.error(t("login_failed"))
        return
    register_success(cache.engine(), user.username, client)
    issued = _utcnow()
    st.session_state[_ISSUED] = issued
    _start_session(authenticator, user)
    _write_cookie(authenticator, user.username, issued)


def _start_session(authenticator: stauth.Authenticate, user: UserRecord) -> None:
    """Hand a checked account to the authenticator (its session state, its logout)."""
    authenticator.authentication_controller.login(token={"username": user.username})


def _write_cookie(authenticator: stauth.Authenticate, username: str, issued: dt.datetime) -> None:
    key = cookie_key()
    if key is None:
        return
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    manager.set(
        COOKIE_NAME,
        make_cookie(username, key, issued),
        expires_at=dt.datetime.now() + dt.timedelta(hours=session_hours()),
        secure=_https() or None,
        same_site="strict",
    )


def _locked_message(until: dt.datetime | None, key: str = "login_locked") -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    minutes = (
        LOCK_MINUTES if until is None else max(1, int((until - now).total_seconds() // 60) + 1)
    )
    if key == "login_throttled":
        st.error(t("login_throttled", minutes=minutes))
    else:
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


def _request_cookie() -> str | None:
    """The sign-in cookie this request carries, if any."""
    token = st.context.cookies.get(COOKIE_NAME)
    return token if isinstance(token, str) and token else None


def _cookie_sign_in(authenticator: stauth.Authenticate, key: str, include_demo: bool) -> None:
    """Sign in from this request's cookie when it is valid and its account may still sign in;
    audit the cookie either way (once per session)."""
    token = _request_cookie()
    if not token or st.session_state.get("logout"):
        return
    claims = read_cookie(token, key)
    user = None
    if claims is not None:
        with cache.engine().connect() as conn:
            user = get_user(conn, claims[0])
    usable = (
        claims is not None
        and user is not None
        and (include_demo or not user.is_demo)
        and not is_locked(user)
        and not session_revoked(user, claims[1])
    )
    seen = st.session_state.get(_COOKIE_SEEN) == token
    if usable and claims is not None and user is not None:
        _start_session(authenticator, user)
        st.session_state[_ISSUED] = claims[1]
    if not seen:
        st.session_state[_COOKIE_SEEN] = token
        name = user.username if user is not None else (claims[0][:64] if claims else None)
        with cache.engine().begin() as conn:
            record_event(
                conn,
                name,
                "auth.cookie_login" if usable else "auth.cookie_refused",
                "app_user",
                name,
                after={"client": _client()},
            )


_PW_ERROR = "_auth_pw_change_error"  # (field, message) of the last refused change


def _must_change_form(
    authenticator: stauth.Authenticate, user: UserRecord, include_demo: bool
) -> None:
    """The change of a one-time password: the password rule of data_access (the command
    line's too), the two entries equal. The change ends the user's other sessions; this one
    gets a fresh cookie issued after that, so it stays signed in."""
    field, message = st.session_state.pop(_PW_ERROR, (None, None))
    with st.form("password_change_form"):
        st.subheader(t("pwc_title"))
        st.caption(t("pwc_intro", name=md_escape(user.display_name), n=MIN_PASSWORD_LENGTH))
        if message and field not in ("password", "confirm"):
            st.error(md_escape(message))
        new = st.text_input(t("pwc_new"), type="password", autocomplete="new-password")
        if message and field == "password":
            st.error(md_escape(message))
        again = st.text_input(t("pwc_confirm"), type="password", autocomplete="new-password")
        if message and field == "confirm":
            st.error(md_escape(message))
        go = st.form_submit_button(t("pwc_submit"), type="primary")
    if not go:
        return
    principal = Principal(user.username, Role(user.role), user.agency_id)
    try:
        revoked = change_own_password(
            cache.engine(),
            new,
            again,
            principal=principal,
            demo_mode=include_demo,
            lang=current_lang(),
        )
    except UserAdminError as exc:
        st.session_state[_PW_ERROR] = (exc.field, str(exc))
        st.rerun()
    issued = max(_utcnow(), revoked + dt.timedelta(microseconds=1))
    st.session_state[_ISSUED] = issued
    _write_cookie(authenticator, user.username, issued)
    st.success(t("pwc_done"))
    # No st.rerun() here: the cookie component must render to write the new cookie.
    st.button(t("pwc_continue"), type="primary", key="password_changed_continue")


def require_login() -> SessionUser | None:
    """Run the sign-in gate; return the signed-in user, or None after drawing the form."""
    key = cookie_key()
    if key is None:
        st.error(t("config_no_key"))
        st.stop()
    include_demo = demo_mode()
    # Imported here, in a script run: its cookie component registers with the server only
    # when declared inside one (serve.py imports every module before the server exists).
    # Made on every run, the bare form included: made only at sign-in, its component's first
    # report reran the overview instead (Chromium, sign-in → overview 2.9 → 4.4 s).
    import streamlit_authenticator as stauth

    authenticator = stauth.Authenticate(
        _credentials(include_demo),
        COOKIE_NAME,
        key,
        session_hours() / 24,
        auto_hash=False,
        login_sleep_time=0,
    )
    if not st.session_state.get("authentication_status"):
        _cookie_sign_in(authenticator, key, include_demo)
    if not st.session_state.get("authentication_status"):
        _login_form(authenticator, include_demo)
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state["username"]
    with cache.engine().connect() as conn:
        user = get_user(conn, username)
    issued = st.session_state.get(_ISSUED)
    expired = issued is None or _utcnow() - issued > dt.timedelta(hours=session_hours())
    if (
        user is None
        or (user.is_demo and not include_demo)
        or is_locked(user)
        or session_revoked(user, issued)
        or expired
    ):
        # Signed out since, locked, removed, a new password, or the session outlived its
        # lifetime: back to the form.
        authenticator.logout(location="unrendered")
        st.session_state.pop(_ISSUED, None)
        _login_form(authenticator, include_demo)
        return None
    authenticator.logout(t("logout"), "sidebar", key="logout_button", callback=_audit_logout)
    if not st.session_state.get("authentication_status"):
        return None
    if user.must_change_password:
        # A one-time password (users page): nothing but the change form until it is replaced.
        _must_change_form(authenticator, user, include_demo)
        return None
    return SessionUser(
        username=user.username,
        name=user.display_name,
        role=user.role,
        agency_id=user.agency_id,
        agency_name=user.agency_name,
    )
