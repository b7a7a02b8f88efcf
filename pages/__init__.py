"""Thin page scripts run by st.navigation (ui.router): read filters and URL state, call a view
model (views/), draw it with ui/. No SQL, no arithmetic, no main()."""
