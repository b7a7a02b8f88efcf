"""Who is asking, and about which round: the ``Principal`` every read function takes, and
``RoundRef``, the round a view is about.

Authorization lives here, in data_access: a read function scopes its SQL by
``principal.agency_scope``, so an agency user gets only its own agency's rows whatever it
asks for. Pages check the role as well, as a second line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.vocab import Role

__all__ = ["Principal", "SYSTEM", "RoundRef", "AccessDenied", "NO_AGENCY"]

#: The scope of an agency user without an agency: matches no agency id.
NO_AGENCY = -1


class AccessDenied(PermissionError):
    """The principal may not do this (the message is safe to show)."""


@dataclass(frozen=True)
class Principal:
    """A signed-in user (or the command line) as data_access sees it."""

    username: str
    role: Role
    agency_id: int | None = None

    @property
    def agency_scope(self) -> int | None:
        """The only agency this principal may see (agency role), or None for all."""
        if self.role == Role.AGENCY:
            return NO_AGENCY if self.agency_id is None else int(self.agency_id)
        return None

    def may_see(self, agency_id: Any) -> bool:
        scope = self.agency_scope
        return scope is None or (agency_id is not None and int(agency_id) == scope)

    def scoped_agency(self, requested: int | None) -> int | None:
        """The agency filter for a query: an agency user always gets its own; others get
        what they asked for (None: every agency)."""
        scope = self.agency_scope
        return requested if scope is None else scope


#: The command line and exports: reads everything (writes still name a person).
SYSTEM = Principal("manage.py", Role.ADMIN)


@dataclass(frozen=True)
class RoundRef:
    """An evaluation round as views show it."""

    round_id: int
    year: int
    name: str
    status: str
    name_en: str | None = None

    def title(self, lang: str) -> str:
        """The round's name in ``lang`` (the stored English name, else the Chinese one)."""
        return self.name_en if lang == "en" and self.name_en else self.name
