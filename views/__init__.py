"""View models: pure functions ``(reader, round, lang, filters) -> typed result`` that compute
every figure a page shows. Pages draw them through ui/; the presentation mode and the briefing
PDF draw the same ones.

May import: domain, scoring, data_access (through a ``data_access.reader.Reader``), pandas,
altair (chart specs are data). Never streamlit (a test checks).
"""

from __future__ import annotations

__all__: list[str] = []
