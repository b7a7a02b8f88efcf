"""Helpers for AppTest: sign in through the real form, read metrics."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def sign_in(at: AppTest, username: str, password: str, expect_success: bool = True) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    if expect_success:
        at.run()  # in a browser the cookie component triggers this rerun after a sign-in
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error] + [str(x.value) for x in at.exception]
