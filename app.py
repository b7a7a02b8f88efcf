"""Entry point: the frame (ui.router) and, through st.navigation, the requested page."""

from __future__ import annotations

from data_access.cache import start_warm_up
from ui.router import run

start_warm_up()  # once per served process: the newest rounds scored in the background
run()
