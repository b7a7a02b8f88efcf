"""Text modules of the catalog, one per area; ``domain.catalog`` merges them explicitly."""

from __future__ import annotations

__all__: list[str] = []
