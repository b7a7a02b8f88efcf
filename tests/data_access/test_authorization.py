"""Authorization lives in data_access (issue 7, item 4): every public read function takes
``(engine, principal, ...)``, and an agency principal gets only its own agency's rows whatever
it asks for.

The read functions are found by introspection (every function in a data_access module's
``__all__`` whose first two parameters are ``engine`` and ``principal``), so a new one is
checked without anyone remembering to add it. Each is called as the demo agency user (市科学技术局)
with arguments that ask for other agencies: another agency's id, every round. Nothing in the
answer — DataFrames, dicts, dataclasses, the RoundResult frames, the score-sheet workbook — may
name another agency or carry its id; and asking about another agency gives the answer about
one's own agency, or nothing. The same calls as an office user DO return other agencies, so
these tests can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import io
import itertools
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

import data_access
from data_access.models import Agency, EvaluationRound
from data_access.scope import AccessDenied, Principal
from data_access.users import get_user
from domain.vocab import Role

AGENCY_USER, OFFICE_USER = "agency", "staff"  # demo users
OWN = "市科学技术局"  # the demo 'agency' user's agency
# Agencies to ask about: one in every demo round (findings, ratings, surveys in each), one
# in two rounds only (so even the list of an agency's rounds differs from the own agency's).
OTHERS = ("市外事办公室", "市教育局")
ID_COLUMNS = {"agency_id", "parent_id"}
MIN_READ_FUNCTIONS = 20

# Public functions that take an engine or a connection but no principal, and why that is safe.
EXEMPT: dict[str, str] = {
    "audit.record_write": "a write (audit row and data version)",
    "audit.record_event": "a write (audit row)",
    "audit.data_version": "the cache key: one counter, no agency data",
    "audit.read_versions": "the cache keys: counters per round, no agency data",
    "audit.result_version": "a round's result key: one counter, no agency data",
    "db.frame": "runs a statement the caller built (and scoped)",
    "db.read_frame": "runs a statement the caller built (and scoped)",
    "db.check_connection": "a health check",
    "migrate.upgrade_to_head": "schema migration",
    "round_inputs.round_info": "the round's own row (name, status, configuration)",
    "round_inputs.load_round_inputs": "the whole round's scoring inputs: ranks need every "
    "agency; views get them only through "
    "results.round_result, scoped",
    "round_inputs.score_round_from_db": "scores the whole round (ranks need every agency); "
    "handed on only through results.scope_result",
    "results.whole_round_result": "the whole scored round (ranks need every agency), stored "
    "per data version; handed on only through results.scope_result",
    "rounds.ensure_round_open": "a guard before writes",
    "round_admin.create_round": "a write (administrators only)",
    "round_admin.change_round_agencies": "a write (administrators only)",
    "round_admin.change_round_status": "a write (administrators only)",
    "round_admin.advance_round": "a write (administrators only)",
    "users.revoke_sessions": "a write (sign-out ends the user's sessions)",
    "rounds.update_round_config": "a write",
    "rounds.set_round_status": "a write",
    "score_sheets.import_score_sheet": "a write (office roles only)",
    "rectifications.record_finding": "a write (office roles only)",
    "rectifications.move_rectification": "a write (checks the principal's role and agency)",
    "seed.is_empty": "whether the database holds any agency (before the demo data is loaded)",
    "seed.seed_demo": "a write",
    "demo_load.load_registry": "a write (the demo's registry, through the importers)",
    "demo_load.load_round": "a write (a demo round, through the round commands and importers)",
    "demo_load.finish_round": "a write (a demo round's status and dates)",
    "demo_load.check_ids": "a check of the demo's ids while it is loaded",
    "users.create_user": "a write",
    "users.set_password": "a write",
    "users.list_users": "sign-in internals: runs before anyone is signed in",
    "users.get_user": "sign-in internals: runs before anyone is signed in",
    "users.register_failure": "sign-in internals: a write before anyone is signed in",
    "users.register_success": "sign-in internals: a write at sign-in",
    "users.signin_blocked": "sign-in internals: throttling before anyone is signed in",
    "users.check_sign_in": "sign-in internals: the password check itself",
    "users.set_role": "a write (command line, administrators)",
    "users.set_disabled": "a write (command line, administrators)",
    "db.check_migrated": "the schema's revision (command line), no evaluation data",
    "self_evaluation_writes.save_self_evaluation": "a write (the agency's own user only)",
    "self_evaluation_writes.reopen_self_evaluation": "a write (office roles only)",
    "self_evaluation.set_self_evaluation_window": "a write (administrators only)",
    "self_evaluation_writes.add_demo_self_evaluations": "a write (the demo data)",
    "adjustments.record_adjustment": "a write (office roles only)",
    "adjustments.move_adjustment": "a write (office roles only)",
    "users.is_last_admin": "a guard before writes (the last administrator)",
    "user_admin.create_account": "a write (administrators only)",
    "user_admin.change_account": "a write (administrators only)",
    "user_admin.reset_account_password": "a write (administrators only)",
    "user_admin.unlock_account": "a write (administrators only)",
    "user_admin.set_account_disabled": "a write (administrators only)",
    "user_admin.change_own_password": "a write (the signed-in user's own password)",
    "round_config.save_round_config": "a write (administrators only)",
    "score_limits.scores_above_maxima": "a guard before a tree import (no agency scoping: "
    "administrators and office staff only import)",
    "rating_settings.set_ratings_visibility": "a write (office roles only)",
    "briefings.save_briefing": "a write (office roles only)",
    "briefings.copy_previous_briefings": "a write (office roles only)",
    "briefings.record_snapshot": "a write (office roles and leaders; never an agency user)",
}
_DB_FIRST = ("engine", "conn", "engine_or_conn")


def _public_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """(module.name, function) for every function in a data_access module's ``__all__``,
    each once, under the module that defines it."""
    seen: set[int] = set()
    for info in pkgutil.iter_modules(data_access.__path__):
        if info.ispkg:  # migrations: run by alembic, never imported
            continue
        module = importlib.import_module(f"data_access.{info.name}")
        for name in getattr(module, "__all__", ()):
            fn = getattr(module, name)
            if inspect.isfunction(fn) and id(fn) not in seen:
                seen.add(id(fn))
                yield f"{fn.__module__.removeprefix('data_access.')}.{fn.__name__}", fn


def _params(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    return list(inspect.signature(fn).parameters.values())


def _is_read(fn: Callable[..., Any]) -> bool:
    return [p.name for p in _params(fn)[:2]] == ["engine", "principal"]


READS = sorted((name, fn) for name, fn in _public_functions() if _is_read(fn))
READ_IDS = [name for name, _fn in READS]


# -- the demo facts the checks need ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Demo:
    own_id: int
    asked_ids: tuple[int, ...]
    round_ids: tuple[int, ...]
    other_ids: frozenset[int]
    other_names: frozenset[str]


@pytest.fixture(scope="module")
def demo(demo_engine: Engine) -> Demo:
    with demo_engine.connect() as conn:
        agencies = conn.execute(
            select(Agency.id, Agency.name, Agency.short_name, Agency.name_en, Agency.short_name_en)
        ).all()
        rounds = conn.execute(select(EvaluationRound.id).order_by(EvaluationRound.year)).all()
        user = get_user(conn, AGENCY_USER)
    assert user is not None and user.agency_name == OWN  # the demo agency user's agency
    own = next(a for a in agencies if a.id == user.agency_id)
    others = [a for a in agencies if a.id != own.id]
    names = {n for a in others for n in (a.name, a.short_name, a.name_en, a.short_name_en) if n}
    assert not names & {own.name, own.short_name}  # the demo's names are distinct
    by_name = {a.name: a.id for a in others}
    return Demo(
        own_id=own.id,
        asked_ids=tuple(by_name[n] for n in OTHERS),
        round_ids=tuple(r.id for r in rounds),
        other_ids=frozenset(a.id for a in others),
        other_names=frozenset(names),
    )


def _agency(demo: Demo) -> Principal:
    return Principal(AGENCY_USER, Role.AGENCY, demo.own_id)


def _office() -> Principal:
    return Principal(OFFICE_USER, Role.STAFF)


# -- calling a read function with arguments that ask for other agencies ---------------------

_FIXED: dict[str, Any] = {
    "today": dt.date(2026, 11, 30),
    "to_year": 2024,
    "base_year": 2024,
    "year": 2024,  # peer_queries: the year of the peer figures
    "lang": "zh",
    "questionnaire": "满意度调查问卷",  # survey_queries: one questionnaire's answers
    "briefing_id": 1,  # briefings: office roles only (an agency user is refused)
    "snapshot_id": 1,
}


def _calls(fn: Callable[..., Any], demo: Demo, agency_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    """Keyword arguments for every call of ``fn``: each round, each of ``agency_ids`` for an
    agency parameter; an unknown required parameter fails (teach this test about it)."""
    choices: dict[str, list[Any]] = {}
    for p in _params(fn)[2:]:
        if p.name == "round_id":
            choices[p.name] = list(demo.round_ids)
        elif p.name == "agency_id":
            choices[p.name] = list(agency_ids)
        elif p.name in _FIXED:
            choices[p.name] = [_FIXED[p.name]]
        elif p.default is inspect.Parameter.empty:
            pytest.fail(f"{fn.__name__}: no test value for parameter {p.name!r}")
    keys = list(choices)
    return [
        dict(zip(keys, values, strict=True))
        for values in itertools.product(*(choices[k] for k in keys))
    ]


def _walk(value: Any, path: str, key: str | None = None) -> Iterator[tuple[str, str, Any]]:
    """Yield (path, kind, value) for every agency id ('id': values under an agency-id column
    or key) and every text ('text') anywhere in ``value``."""
    if isinstance(value, pd.DataFrame):
        if value.index.name in ID_COLUMNS:
            yield from ((f"{path}.index", "id", v) for v in value.index)
        for column in value.columns:
            yield from _walk(str(column), f"{path}.columns")
            for v in value[column].tolist():
                yield from _walk(v, f"{path}[{column}]", str(column))
    elif isinstance(value, pd.Series):
        yield from (x for v in value.tolist() for x in _walk(v, path, value.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(k, f"{path}.keys")
            yield from _walk(v, f"{path}[{k!r}]", str(k))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _walk(v, path, key)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, bytes):  # the score-sheet workbook (teach this walk other formats)
        workbook = load_workbook(io.BytesIO(value), read_only=True)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield from _walk(list(row), f"{path}<{sheet.title}>")
    elif isinstance(value, str):
        yield path, "text", value.strip()
    elif key in ID_COLUMNS and value is not None and not pd.isna(value):
        yield path, "id", int(value)


def _other_agencies(value: Any, demo: Demo) -> list[str]:
    """Where ``value`` names another agency or carries its id."""
    found = []
    for path, kind, v in _walk(value, "result"):
        if (kind == "id" and v in demo.other_ids) or (kind == "text" and v in demo.other_names):
            found.append(f"{path}: {v!r}")
    return found


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, pd.DataFrame):
        return value.empty
    return isinstance(value, (dict, list, tuple)) and not value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.reset_index(drop=True).equals(b.reset_index(drop=True))
    return bool(a == b)


def _takes_agency(fn: Callable[..., Any]) -> bool:
    return any(p.name == "agency_id" for p in _params(fn))


# -- the tests ------------------------------------------------------------------------------


def test_discovery_finds_the_read_functions() -> None:
    # Guards the parametrized tests below against silently checking nothing.
    assert len(READS) >= MIN_READ_FUNCTIONS, READ_IDS
    assert {
        "queries.list_rounds",
        "queries.round_overview",
        "results.round_result",
        "profile_queries.agency_findings",
        "leadership_queries.overdue_rectifications",
        "names_queries.agency_names",
        "score_sheets.build_score_template",
    } <= set(READ_IDS)


def test_every_other_database_function_is_exempt_for_a_reason() -> None:
    """A public function that reads the database without a principal must be listed in EXEMPT
    (a write, a guard, sign-in internals…); a new unscoped read fails here."""
    unscoped = {
        name
        for name, fn in _public_functions()
        if _params(fn) and _params(fn)[0].name in _DB_FIRST and not _is_read(fn)
    }
    assert unscoped - set(EXEMPT) == set(), "add a principal, or say in EXEMPT why not"
    assert set(EXEMPT) - unscoped == set(), "stale EXEMPT entries"


@pytest.mark.parametrize(("name", "fn"), READS, ids=READ_IDS)
def test_an_agency_user_never_sees_another_agency(
    demo_engine: Engine, demo: Demo, name: str, fn: Callable[..., Any]
) -> None:
    agency = _agency(demo)
    for kwargs in _calls(fn, demo, demo.asked_ids):
        try:
            result = fn(demo_engine, agency, **kwargs)
        except AccessDenied:
            continue  # an administrators-only read (audit log, rounds) refuses outright
        assert _other_agencies(result, demo) == [], f"{name}({kwargs})"
        if _takes_agency(fn):
            # Asking about another agency answers about one's own, or gives nothing.
            own = fn(demo_engine, _office(), **{**kwargs, "agency_id": demo.own_id})
            assert _empty(result) or _same(result, own), f"{name}({kwargs})"


@pytest.mark.parametrize(
    ("name", "fn"),
    [r for r in READS if _takes_agency(r[1])],
    ids=[n for n, f in READS if _takes_agency(f)],
)
def test_the_agency_argument_matters_for_an_office_user(
    demo_engine: Engine, demo: Demo, name: str, fn: Callable[..., Any]
) -> None:
    """The check above compares with the agency's own answer; it means something only if
    another agency's answer differs (for the office user, in at least one round)."""
    office = _office()
    differs = []
    for kwargs in _calls(fn, demo, demo.asked_ids):
        other = fn(demo_engine, office, **kwargs)
        own = fn(demo_engine, office, **{**kwargs, "agency_id": demo.own_id})
        differs.append(not _empty(other) and not _same(other, own))
    assert any(differs), name


def test_an_office_user_does_see_other_agencies(demo_engine: Engine, demo: Demo) -> None:
    """The same calls as an office user return other agencies (so the walk finds them)."""
    office = _office()
    revealing = set()
    for name, fn in READS:
        for kwargs in _calls(fn, demo, demo.asked_ids):
            try:
                answer = fn(demo_engine, office, **kwargs)
            except AccessDenied:
                break  # administrators only
            if _other_agencies(answer, demo):
                revealing.add(name)
                break
    assert {
        "queries.agency_name",
        "profile_queries.agency_label",
        "results.round_result",
        "leadership_queries.overdue_rectifications",
        "names_queries.agency_names",
        "score_sheets.build_score_template",
        "rating_queries.rater_names",
        "rating_queries.rating_counts",
    } <= revealing


def test_an_agency_user_sees_raters_only_as_numbers_unless_the_round_names_them(
    demo_engine: Engine, demo: Demo
) -> None:
    """外部评价: raters are anonymous to an agency user by default (some raters are agencies
    themselves, e.g. 市财政局); the office sees the names behind the same numbers."""
    from data_access.rating_queries import rater_names, raters_named, rating_rows

    round_id = demo.round_ids[-1]
    mine = rating_rows(demo_engine, _agency(demo), round_id)
    office = rating_rows(demo_engine, _office(), round_id, agency_id=demo.own_id)
    assert len(mine) == len(office) > 0 and list(mine["rater_no"]) == list(office["rater_no"])
    assert rater_names(demo_engine, _agency(demo), round_id).empty
    assert not raters_named(demo_engine, _agency(demo), round_id)
    names = rater_names(demo_engine, _office(), round_id)
    assert list(names["rater_no"]) == list(range(1, len(names) + 1))
    assert list(names["rater"]) == sorted(names["rater"]) and "市财政局" in set(names["rater"])
