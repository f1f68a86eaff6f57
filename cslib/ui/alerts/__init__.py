"""Actions → Alerts: the "Tasks | Alerts" switch of the Actions tab, the alert list with
its filters, and the side panel of one alert. Everything on screen is in the URL
(`?tab=alerts&stage=…&alert=12`), so a link reopens the same list and panel.

Modules: list_tab (the switch, the filters and the table), panel (one alert and its
actions).
"""

from cslib.ui.alerts.list_tab import display_frame, render, tab_switch
from cslib.ui.alerts.panel import render_alert_panel

__all__ = ["display_frame", "render", "render_alert_panel", "tab_switch"]
