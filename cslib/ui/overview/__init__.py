"""The Overview tab (SPEC §3.1): the "view as" switch, the alerts and tasks cards, the
view cards, the health charts of each score profile, and today's schedule.

Modules: alerts, tasks, cards (the pinned views' cards), health (profile switch, numbers,
distribution and history charts), schedule (today's list), page (the tab).
"""

from cslib.ui.overview.page import render

__all__ = ["render"]
