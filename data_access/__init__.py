"""The only package that talks to the database: engine (``db``), models and migrations,
queries named for intent that each take the signed-in ``Principal`` and scope by it
(``scope``, ``queries``, ``leadership_queries``, ``profile_queries``, ``names_queries``),
loading and scoring a round (``round_inputs``, ``results``), writers that audit and bump the
data version (``audit``, ``rounds``, ``score_sheets``, ``users``), the demo seed, and the
caching wrappers (``cache``, the one module here that imports streamlit).

May import: sqlalchemy, pandas, scoring, domain. Never views, ui, pages or reports.
"""
