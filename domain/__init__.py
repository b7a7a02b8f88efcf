"""Pure domain foundations shared by every layer: the vocabulary (``domain.vocab``), the text
catalog (``domain.catalog``) and display formatting (``domain.fmt``).

May import: the standard library and ``scoring`` (for half-up rounding). Never streamlit,
sqlalchemy or pandas-reading code: data_access, views, ui and reports all build on it.
"""

from __future__ import annotations

__all__: list[str] = []
