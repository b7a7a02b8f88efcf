"""The print stylesheet: Ctrl+P on any page gives A4 pages of the content alone — no sidebar,
header, toolbar or export buttons; columns wrap instead of being cut; charts, tables and
KPI cards are not split across pages. Static CSS only (never user text), injected once per
run by the frame (ui.router)."""

from __future__ import annotations

import streamlit as st

__all__ = ["PRINT_CSS", "inject_print_style"]

PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 12mm 10mm; }
  html, body { background: #ffffff !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stSidebarCollapseButton"], [data-testid="stHeader"], header,
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], [data-testid="stDownloadButton"],
  [data-testid="stBottom"], iframe[title="streamlit_authenticator"] {
    display: none !important;
  }
  [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important;
    min-height: 0 !important;
  }
  [data-testid="stMainBlockContainer"] {
    max-width: 100% !important; padding: 0 !important; margin: 0 !important;
  }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; }
  [data-testid="stColumn"] { min-width: 30% !important; }
  [data-testid="stMetric"], [data-testid="stVegaLiteChart"], [data-testid="stTable"],
  [data-testid="stAlert"], [data-testid="stDataFrame"] { break-inside: avoid; }
  [data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p {
    overflow: visible !important; text-overflow: clip !important; white-space: normal !important;
  }
  h1, h2, h3 { break-after: avoid; }
}
</style>
"""


def inject_print_style() -> None:
    """Add the print stylesheet to the page (a style-only st.html takes no space)."""
    st.html(PRINT_CSS)
