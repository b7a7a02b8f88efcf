"""The one way views read data: a ``Reader`` binds an engine to the signed-in ``Principal``
and calls data_access read functions as ``fn(engine, principal, *args)``, so no view can
forget the scoping. The app uses ``data_access.cache.CachedReader`` (the same calls, cached
by data version); the briefing PDF, exports and tests use a plain ``Reader``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine

from data_access.results import ranked_count, round_result, round_setup, whole_round_result
from data_access.scope import Principal
from scoring import RoundConfig, RoundResult
from scoring.tree import IndicatorTree

__all__ = ["Reader"]

P = ParamSpec("P")
T = TypeVar("T")


class Reader:
    """Reads for one principal. Subclasses change how (caching), never what."""

    def __init__(self, engine: Engine, principal: Principal) -> None:
        self.engine = engine
        self.principal = principal

    def __call__(
        self, fn: Callable[Concatenate[Engine, Principal, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return fn(self.engine, self.principal, *args, **kwargs)

    def round_result(self, round_id: int) -> RoundResult:
        """The scored round as the principal may see it (data_access.results)."""
        return round_result(self.engine, self.principal, round_id)

    def round_setup(self, round_id: int) -> tuple[RoundConfig, IndicatorTree]:
        """The round's configuration and tree, nothing scored (data_access.results)."""
        return round_setup(self.engine, self.principal, round_id)

    def ranked_count(self, round_id: int) -> int:
        """How many agencies of the round have a rank (a count, safe for every role)."""
        return ranked_count(whole_round_result(self.engine, round_id))

    def memo(self, rounds: tuple[int, ...], key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """What a view derives from ``rounds``' results alone, identified by ``key``; built
        each time here, kept per version of those rounds by ``CachedReader``."""
        del rounds, key
        return build()
