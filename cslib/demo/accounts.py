"""The demo's people: the sign-in accounts (one per role), their shared password, their
teams and time zones; user ids are fixed so other demo rows can name them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cslib.bulk import Bulk
from cslib.i18n import N_
from cslib.models import Team, TeamMember, User

DEMO_PASSWORD = "customer-success"
ACCOUNT_CREATED_ON = date(2024, 9, 12)


@dataclass(frozen=True)
class DemoAccount:
    """A demo user the sign-in page can list. Every one signs in with DEMO_PASSWORD."""

    email: str
    name: str
    role: str
    is_super_admin: bool = False
    has_service_seat: bool = True
    workspace_access: bool = True
    manage_settings: bool = False
    can_export: bool = True
    time_zone: str = "UTC"
    team: str | None = None


EMEA = "EMEA Customer Success"
AMERICAS = "Americas Customer Success"
TEAMS = (EMEA, AMERICAS)

# User ids are 1..7 in this order.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@demo.example",
        "Alex Morgan",
        N_("Super admin with a Service seat"),
        is_super_admin=True,
        time_zone="America/Los_Angeles",
        team=AMERICAS,
    ),
    DemoAccount(
        "superadmin@demo.example",
        "Sam Rivera",
        N_("Super admin without a Service seat"),
        is_super_admin=True,
        has_service_seat=False,
        time_zone="UTC",
    ),
    DemoAccount(
        "manager@demo.example",
        "Maya Chen",
        N_("CS manager (manages settings)"),
        manage_settings=True,
        time_zone="Europe/Copenhagen",
        team=EMEA,
    ),
    DemoAccount("csm1@demo.example", "Chris Novak", N_("CSM"), time_zone="Europe/Copenhagen", team=EMEA),
    DemoAccount("csm2@demo.example", "Priya Patel", N_("CSM"), time_zone="America/New_York", team=AMERICAS),
    DemoAccount("csm3@demo.example", "Lars Jensen", N_("CSM"), time_zone="Europe/Copenhagen", team=EMEA),
    DemoAccount(
        "noexport@demo.example",
        "Nina Kowalska",
        N_("CSM without export permission"),
        can_export=False,
        time_zone="Europe/Warsaw",
        team=EMEA,
    ),
)
USER_IDS = {a.email.split("@")[0]: i for i, a in enumerate(DEMO_ACCOUNTS, start=1)}


def write_accounts(bulk: Bulk, password_hash: str) -> None:
    """Insert the users, the teams and who is in which."""
    ts = bulk.ts
    start = datetime.combine(ACCOUNT_CREATED_ON, datetime.min.time())
    bulk.insert(
        User.__table__,
        (
            "id",
            "email",
            "name",
            "password_hash",
            "is_active",
            "is_super_admin",
            "has_service_seat",
            "workspace_access",
            "manage_settings",
            "can_export",
            "can_import",
            "time_zone",
            "language",
            "own_overview_reports",
            "created_at",
            "last_sign_in_at",
            "version",
        ),
        [
            (
                i,
                a.email,
                a.name,
                password_hash,
                True,
                a.is_super_admin,
                a.has_service_seat,
                a.workspace_access,
                a.manage_settings,
                a.can_export,
                False,  # admins import through their settings permission
                a.time_zone,
                None,  # no language chosen: the workspace default, else the browser's
                False,  # the workspace's default reports until they choose their own
                ts(start + timedelta(hours=9 + i)),
                None,
                1,
            )
            for i, a in enumerate(DEMO_ACCOUNTS, start=1)
        ],
    )
    bulk.insert(Team.__table__, ("id", "name"), [(i, n) for i, n in enumerate(TEAMS, start=1)])
    bulk.insert(
        TeamMember.__table__,
        ("team_id", "user_id"),
        [(TEAMS.index(a.team) + 1, i) for i, a in enumerate(DEMO_ACCOUNTS, start=1) if a.team],
    )
