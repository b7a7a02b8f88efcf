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


# The databases tests copy from, made once per test process and kept until it ends: a
# migrated one and one holding the demo data, per engine kind. Parametrized session fixtures
# are torn down whenever the next test wants the other engine (with --dist loadfile: at every
# file), so templates kept by a factory were migrated and seeded again at each file (15 s of
# seeding PostgreSQL per file on CI); copied from these, a fresh database takes a file copy
# or one CREATE DATABASE … TEMPLATE.
_TEMPLATES: dict[tuple[str, str], str] = {}  # (kind, "migrated" | "demo") -> path or name


class DatabaseFactory:
    """Creates fresh databases of one kind (copies of the process's templates) and drops
    them at the end."""

    def __init__(self, kind: str, tmp_dir) -> None:  # type: ignore[no-untyped-def]
        self.kind = kind
        self.tmp_dir = tmp_dir
        self.created: list[tuple[Engine, str]] = []

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

    def _template(self, what: str) -> str:
        """The process's template ("migrated" or "demo") of this kind, made on first use;
        nothing may stay connected to it (PostgreSQL copies only an idle database)."""
        key = (self.kind, what)
        if key not in _TEMPLATES:
            url = self.new_url(self._template("migrated") if what == "demo" else None)
            engine = make_engine(url)
            if what == "demo":
                from data_access.seed import seed_demo

                seed_demo(engine)
            else:
                upgrade_to_head(engine)
            engine.dispose()
            _TEMPLATES[key] = (
                url.split("///", 1)[1] if self.kind == "sqlite" else str(make_url(url).database)
            )
        return _TEMPLATES[key]

    def new_engine(self, migrate: bool = True) -> Engine:
        url = self.new_url(self._template("migrated") if migrate else None)
        engine = make_engine(url)
        self.created.append((engine, url))
        return engine

    def new_demo_engine(self) -> Engine:
        """A database holding the demo data, as seed_demo leaves a migrated one."""
        url = self.new_url(self._template("demo"))
        engine = make_engine(url)
        self.created.append((engine, url))
        return engine

    def drop_all(self) -> None:
        admin = _pg_admin_url()
        for engine, url in reversed(self.created):
            engine.dispose()
            if self.kind == "postgresql" and admin:
                _drop_pg(admin, str(make_url(url).database))


def _drop_pg(admin: str, name: str) -> None:
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _drop_templates() -> Iterator[None]:
    """At the end of the test process, its PostgreSQL templates are dropped (SQLite's lie in
    pytest's temporary directories)."""
    yield
    admin = _pg_admin_url()
    for (kind, _what), name in list(_TEMPLATES.items()):
        if kind == "postgresql" and admin:
            _drop_pg(admin, name)
    _TEMPLATES.clear()


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
    return db_factory.new_demo_engine()


@pytest.fixture()
def demo_copy(db_factory: DatabaseFactory) -> Engine:
    """A writable database holding the demo data, of the current kind, for one test."""
    return db_factory.new_demo_engine()


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
