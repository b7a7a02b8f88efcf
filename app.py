"""Entry point: the frame (ui.router) and, through st.navigation, the requested page."""

from __future__ import annotations

from ui.router import run

run()
