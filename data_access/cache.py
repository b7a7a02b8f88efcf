"""Streamlit caching wrappers around data_access: the engine as a resource, query results
keyed on the data version so any write (from any app process) shows at once.

The only module below ui/ that imports streamlit. ``CachedReader`` is what the app hands to
the view models; it reads exactly what ``Reader`` reads.

What is cached, and how it stays bounded (issue 14):
- the data version is read once per rerun of a session (and again after any commit in this
  process), not once per cached call;
- query results: ``st.cache_data`` keyed by (function, database, version, arguments), at
  most ``_QUERY_ENTRIES`` entries, each dropped after ``_QUERY_TTL`` seconds;
- scored rounds: one process-wide table of at most ``_RESULT_ENTRIES`` whole rounds, each
  only at the newest version of that round seen (``data_access.audit.Versions.of_round``: a
  write to one round leaves the other rounds' entries in use), each scored by one thread at a
  time while the others wait for it; behind it, the result stored in the database per
  version (data_access.results), which other processes and the next cold start read instead
  of scoring;
- per-round memos (``memo``): what a view derives from one round's result (an agency's
  explained tree, its change since the previous round), keyed by the rounds' versions.

Warming (``start_warm_up``): in a served app (not in AppTest or the command line) one
background thread gets the newest ``DASHBOARD_WARM_ROUNDS`` (default 2) rounds ready at the
first script run of the process and again after each commit of this process, so neither the
first page after a start nor the first page after a write pays for scoring.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st
from sqlalchemy import Engine, event, select
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from data_access.audit import Versions, read_versions
from data_access.db import check_connection, database_url, make_engine
from data_access.models import EvaluationRound
from data_access.reader import Reader
from data_access.results import ranked_count, round_setup, scope_result, whole_round_result
from data_access.scope import Principal
from scoring import RoundConfig, RoundResult
from scoring.tree import IndicatorTree

__all__ = [
    "engine",
    "cached",
    "current_version",
    "current_versions",
    "memo",
    "start_warm_up",
    "ping",
    "round_result",
    "clear_process_caches",
    "CachedReader",
]

P = ParamSpec("P")
T = TypeVar("T")

_QUERY_ENTRIES, _QUERY_TTL = 256, 600
_RESULT_ENTRIES = 6
_MEMO_ENTRIES = 128  # e.g. every agency's profile of one round in both languages
_SESSIONS_REMEMBERED = 1000

log = logging.getLogger(__name__)
_lock = threading.Lock()
_commits = 0  # commits through the app's engines in this process
_run_versions: OrderedDict[str, tuple[object, int, Versions]] = OrderedDict()
_results: OrderedDict[tuple[str, int, int], RoundResult] = OrderedDict()
_result_locks: dict[tuple[str, int, int], threading.Lock] = {}
_memos: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def _count_commit(conn: Any) -> None:
    global _commits
    with _lock:
        _commits += 1
    if _warm.started:
        _warm.want(conn.engine.url.render_as_string(hide_password=False))


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    made = make_engine(url)
    event.listen(made, "commit", _count_commit)
    return made


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (or the SQLite default)."""
    return _engine_for(database_url())


def ping() -> None:
    """Raise DatabaseUnavailable when the database cannot be reached."""
    check_connection(engine())


def _read_versions() -> Versions:
    with engine().connect() as conn:
        return read_versions(conn)


def current_version() -> int:
    """The data version (every query result is keyed by it); see ``current_versions``."""
    return current_versions().data


def current_versions() -> Versions:
    """Every version (``data_access.audit.Versions``), read once per rerun of a session (a
    rerun's ``cursors`` dict is new each run) unless this process has committed anything
    since; outside a script run (the command line, tests), read every time."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _read_versions()
    key = f"{ctx.session_id}:{database_url()}"
    with _lock:
        seen = _run_versions.get(key)
        commits = _commits
    if seen is not None and seen[0] is ctx.cursors and seen[1] == commits:
        return seen[2]
    version = _read_versions()
    with _lock:
        _run_versions[key] = (ctx.cursors, commits, version)
        _run_versions.move_to_end(key)
        while len(_run_versions) > _SESSIONS_REMEMBERED:
            _run_versions.popitem(last=False)
    return version


@st.cache_data(ttl=_QUERY_TTL, max_entries=_QUERY_ENTRIES, show_spinner=False)
def _cached_call(
    _fn: Callable[..., Any],
    fn_key: str,
    url: str,
    version: int,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    return _fn(_engine_for(url), *args, **dict(kwargs))


def _call(fn: Callable[..., T], version: int, *args: Any, **kwargs: Any) -> T:
    key = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(fn, key, database_url(), version, args, tuple(sorted(kwargs.items())))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call data_access function `fn(engine, *args, **kwargs)` through the bounded cache."""
    return _call(fn, current_version(), *args, **kwargs)


def _fresh(result: RoundResult) -> RoundResult:
    """A caller's own view of a cached result: new frame objects over the same data
    (copy-on-write), so a view adding or changing a column never touches the cache."""
    return dataclasses.replace(
        result,
        summary=result.summary.copy(deep=False),
        nodes=result.nodes.copy(deep=False),
        leaves=result.leaves.copy(deep=False),
        individual=result.individual.copy(deep=False),
        surveys=result.surveys.copy(deep=False),
    )


def _whole_round(round_id: int, version: int | None = None) -> RoundResult:
    """The scored round, unscoped, at ``version`` (its result version, by default the one
    this rerun read); only ever handed on scoped."""
    return _whole_round_at(database_url(), round_id, version)


def _whole_round_at(url: str, round_id: int, version: int | None = None) -> RoundResult:
    version = current_versions().of_round(round_id) if version is None else version
    key = (url, round_id, version)
    with _lock:
        found = _results.get(key)
        if found is not None:
            _results.move_to_end(key)
            return found
        gate = _result_locks.setdefault(key, threading.Lock())
    with gate:  # one thread scores (or reads the stored result); the others wait for it
        with _lock:
            found = _results.get(key)
        if found is None:
            found = whole_round_result(_engine_for(url), round_id, version)
            with _lock:
                same = [k for k in _results if k[0] == url and k[1] == round_id]
                newest = max([v for (_u, _r, v) in same] + [version])
                for old in [k for k in same if k[2] < newest]:
                    del _results[old]
                if version >= newest:
                    _results[key] = found
                while len(_results) > _RESULT_ENTRIES:
                    _results.popitem(last=False)
    with _lock:
        _result_locks.pop(key, None)
    return found


def round_result(principal: Principal, round_id: int) -> RoundResult:
    """The scored round as ``principal`` may see it: the one RoundResult every page uses."""
    return scope_result(_fresh(_whole_round(round_id)), principal)


def memo(rounds: tuple[int, ...], key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` once per (``key``, the versions of ``rounds``) in this process: for what
    a view derives from those rounds' results alone (the caller puts the principal's scope,
    the agency and the language in ``key``). Bounded; a newer version replaces the entry."""
    versions = current_versions()
    full = (database_url(), key, rounds, tuple(versions.of_round(r) for r in rounds))
    with _lock:
        if full in _memos:
            _memos.move_to_end(full)
            return _memos[full]
    value = build()
    with _lock:
        for old in [k for k in _memos if k[:3] == full[:3]]:  # the same thing, older versions
            del _memos[old]
        _memos[full] = value
        while len(_memos) > _MEMO_ENTRIES:
            _memos.popitem(last=False)
    return value


def clear_process_caches() -> None:
    """Forget every cached query and scored round of this process (what a restart does);
    the results stored in the database stay."""
    st.cache_data.clear()
    with _lock:
        _results.clear()
        _run_versions.clear()
        _memos.clear()


# -- warming ---------------------------------------------------------------------------------


def _newest_rounds(url: str, count: int) -> list[int]:
    with _engine_for(url).connect() as conn:
        rows = conn.execute(
            select(EvaluationRound.id).order_by(EvaluationRound.year.desc()).limit(count)
        )
        return [int(r[0]) for r in rows]


class _Warmer:
    """One daemon thread that gets the newest rounds ready (scored or read from their stored
    result) whenever asked; asks while it works fold into one more pass."""

    def __init__(self) -> None:
        self.started = False
        self._wanted: set[str] = set()
        self._event = threading.Event()
        self.passes = 0  # finished passes (tests, the benchmark)

    def want(self, url: str) -> None:
        with _lock:
            self._wanted.add(url)
        self._event.set()

    def start(self, url: str) -> None:
        with _lock:
            if self.started:
                return
            self.started = True
        threading.Thread(target=self._run, name="round-warm-up", daemon=True).start()
        self.want(url)

    def _run(self) -> None:
        while True:
            self._event.wait()
            self._event.clear()
            with _lock:
                urls, self._wanted = set(self._wanted), set()
            for url in urls:
                self.warm(url)
            self.passes += 1

    @staticmethod
    def warm(url: str) -> None:
        count = int(os.environ.get("DASHBOARD_WARM_ROUNDS", "2") or 0)
        if count <= 0:
            return
        try:
            with _engine_for(url).connect() as conn:
                versions = read_versions(conn)
            for round_id in _newest_rounds(url, count):
                version = versions.of_round(round_id)
                with _lock:
                    ready = (url, round_id, version) in _results
                if not ready:
                    _whole_round_at(url, round_id, version)
        except Exception:  # a warm-up never breaks anything: the page scores it itself
            log.warning("warming the newest rounds failed", exc_info=True)


_warm = _Warmer()


def start_warm_up() -> None:
    """Warm the newest rounds in the background, once per served process (and after each of
    its commits from then on); nothing under AppTest or outside ``streamlit run``."""
    if _warm.started or not st.runtime.exists():
        return
    if int(os.environ.get("DASHBOARD_WARM_ROUNDS", "2") or 0) <= 0:
        return
    _warm.start(database_url())


class CachedReader(Reader):
    """``Reader`` through the bounded, data-versioned cache (the version read once per
    rerun, see ``current_version``)."""

    def __init__(self, principal: Principal) -> None:
        super().__init__(engine(), principal)

    def __call__(
        self, fn: Callable[Concatenate[Engine, Principal, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return _call(fn, current_version(), self.principal, *args, **kwargs)

    def round_result(self, round_id: int) -> RoundResult:
        return scope_result(_fresh(_whole_round(round_id)), self.principal)

    def round_setup(self, round_id: int) -> tuple[RoundConfig, IndicatorTree]:
        return _call(round_setup, current_version(), self.principal, round_id)

    def ranked_count(self, round_id: int) -> int:
        return ranked_count(_whole_round(round_id))

    def memo(self, rounds: tuple[int, ...], key: tuple[Any, ...], build: Callable[[], T]) -> T:
        return memo(rounds, (self.principal.agency_scope, *key), build)
