"""The demo's dashboards: one for the whole CS team (eight library reports, in the
workspace for everyone) and one for the EMEA team only, so the Dashboards tab and its
access by team show from the first start."""

from __future__ import annotations

from sqlalchemy import Engine, select

from cslib import dashboards, reports
from cslib.db import write_session
from cslib.demo.accounts import EMEA
from cslib.models import Team, User
from cslib.users import get_actor

LEADERSHIP = (
    ("health_distribution", 6),
    ("health_over_time", 6),
    ("health_by_owner", 8),
    ("no_recent_activity", 4),
    ("renewals_by_month", 6),
    ("revenue_funnel", 6),
    ("alerts_weekly", 6),
    ("activity_by_type", 6),
)
EMEA_BOARD = (("overdue_by_owner", 6), ("tasks_completed_weekly", 6), ("renewals_by_month", 12))


def seed_dashboards(engine: Engine) -> None:
    with write_session(engine) as s:
        library = reports.ensure_library(s)
        admin_id = s.scalar(select(User.id).where(User.is_super_admin.is_(True)).order_by(User.id))
        emea = s.scalar(select(Team.id).where(Team.name == EMEA))
        if admin_id is None:
            return
        admin = get_actor(s, admin_id)
        _board(s, admin, "Customer health at a glance", LEADERSHIP, library, dashboards.EVERYONE, ())
        if emea is not None:
            _board(s, admin, "EMEA team: tasks and renewals", EMEA_BOARD, library, dashboards.TEAMS, (emea,))


def _board(s, admin, name, items, library, access, teams) -> None:  # noqa: ANN001
    board = dashboards.create_dashboard(s, admin, name)
    for key, width in items:
        dashboards.add_report(s, admin, board, library[key], width)
    dashboards.add_to_workspace(s, admin, board, access=access, team_ids=teams, confirmed=True)
