"""Export builders: the score export contract (``score_export``) and, later, the briefing pack
(PDF) and workbooks (XLSX). They draw the same view models as the pages.

May import: views, data_access (through a Reader), scoring, domain. Never streamlit or ui.
"""
