"""The Schedule tab (SPEC §3.4): the calendar of one user's tasks and meetings by day,
week or month, the link state of its period, and the summary of a clicked event.

Module: page.
"""

from cslib.ui.schedule.page import render

__all__ = ["render"]
