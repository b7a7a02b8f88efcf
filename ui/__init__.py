"""Streamlit only: the frame (``ui.router``), the sign-in gate (``ui.auth``), the page context
(``ui.context``), and drawing helpers that turn view models into widgets, tables and charts.

May import: streamlit, views, data_access (the cache and the scope types), domain. Computes
nothing a page shows: figures come from ``views/``; texts from ``domain.catalog`` through
``ui.i18n.t``.
"""
