"""The Dashboards tab on screen: the dashboard picker, its date range and owner/team
filter, its grid of reports (`page`), and creating, adding to the workspace, access and
arranging (`manage`)."""

from cslib.ui.dashboards.page import render

__all__ = ["render"]
