"""AppTest fixtures: the app pointed at a demo-data SQLite file, in demo mode."""

from __future__ import annotations

import pytest


@pytest.fixture()
def demo_env(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_demo_url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    return sqlite_demo_url
