"""Fixtures: real databases. SQLite always; PostgreSQL when TEST_DATABASE_URL is set.

Each test session gets its own fresh SQLite files and its own fresh PostgreSQL databases
(created on the server named by TEST_DATABASE_URL, dropped afterwards).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from data_access.db import database_url, make_engine
from data_access.migrate import upgrade_to_head

ENGINES = ["sqlite", "postgresql"]


def _pg_admin_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return database_url(url) if url else None


class DatabaseFactory:
    """Creates fresh, migrated databases of one kind and drops them at the end."""

    def __init__(self, kind: str, tmp_dir) -> None:  # type: ignore[no-untyped-def]
        self.kind = kind
        self.tmp_dir = tmp_dir
        self.created: list[tuple[Engine, str]] = []
        self._template: str | None = None  # a migrated database to copy (fast)

    def new_url(self, template: str | None = None) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        if self.kind == "sqlite":
            path = self.tmp_dir / (name + ".db")
            if template:
                shutil.copyfile(template, path)
            return f"sqlite:///{path}"
        admin = _pg_admin_url()
        assert admin is not None
        admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        admin_engine.dispose()
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    def _migrated_template(self) -> str:
        if self._template is None:
            url = self.new_url()
            engine = make_engine(url)
            upgrade_to_head(engine)
            engine.dispose()
            self.created.append((engine, url))
            self._template = (
                url.split("///", 1)[1] if self.kind == "sqlite" else str(make_url(url).database)
            )
        return self._template

    def new_engine(self, migrate: bool = True) -> Engine:
        url = self.new_url(self._migrated_template() if migrate else None)
        engine = make_engine(url)
        self.created.append((engine, url))
        return engine

    def drop_all(self) -> None:
        admin = _pg_admin_url()
        for engine, url in reversed(self.created):
            engine.dispose()
            if self.kind == "postgresql" and admin:
                name = make_url(url).database
                admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
                with admin_engine.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin_engine.dispose()


_FACTORIES: list[DatabaseFactory] = []


@pytest.fixture(autouse=True)
def _release_connections() -> Iterator[None]:
    """After each test, every test engine gives its pooled connections back to the server
    (an engine stays usable: it connects again when next used). Hundreds of test databases
    each keeping an idle connection would exhaust PostgreSQL's max_connections."""
    yield
    for factory in _FACTORIES:
        for engine, _url in factory.created:
            engine.dispose()


@pytest.fixture(scope="session", params=ENGINES)
def db_factory(request, tmp_path_factory) -> Iterator[DatabaseFactory]:  # type: ignore[no-untyped-def]
    kind = request.param
    if kind == "postgresql" and not _pg_admin_url():
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")
        pytest.skip("TEST_DATABASE_URL not set: PostgreSQL tests skipped")
    factory = DatabaseFactory(kind, tmp_path_factory.mktemp(f"db_{kind}"))
    _FACTORIES.append(factory)
    yield factory
    _FACTORIES.remove(factory)
    factory.drop_all()


@pytest.fixture()
def fresh_engine(db_factory: DatabaseFactory) -> Engine:
    """An empty, migrated database of the current kind, for tests that write."""
    return db_factory.new_engine()


@pytest.fixture(scope="session")
def demo_engine(db_factory: DatabaseFactory) -> Engine:
    """A migrated database holding the demo data; read-only for tests (shared)."""
    from data_access.seed import seed_demo

    engine = db_factory.new_engine()
    seed_demo(engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_demo_url(tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    """A SQLite file with the demo data, for AppTest and browser tests (read-only)."""
    from data_access.seed import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    seed_demo(engine)
    engine.dispose()
    return url


EngineMaker = Callable[[], Engine]
