"""AppTest fixtures: the app pointed at a demo-data SQLite file, in demo mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_access.db import make_engine


@pytest.fixture()
def demo_env(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_demo_url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    return sqlite_demo_url


@pytest.fixture()
def demo_db(monkeypatch: pytest.MonkeyPatch, sqlite_demo_url: str, tmp_path: Path) -> Engine:
    """The app on its own copy of the demo database, for tests that write."""
    path = tmp_path / "demo.db"
    shutil.copyfile(sqlite_demo_url.split("///", 1)[1], path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    monkeypatch.delenv("DASHBOARD_COOKIE_KEY", raising=False)
    return make_engine(url)
