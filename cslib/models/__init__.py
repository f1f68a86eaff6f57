"""ORM tables for the whole spec, one module per area."""

from cslib.models.base import Base, UTCDateTime, utcnow
from cslib.models.crm import (
    Association,
    Company,
    CompanyDomain,
    Contact,
    ObjectType,
    Pipeline,
    PipelineStage,
    PropertyDefinition,
    PropertyHistory,
    Record,
)
from cslib.models.engagement import (
    ACTIVITY_TYPES,
    Activity,
    FeedDismissal,
    Follow,
    Meeting,
    MeetingAttendee,
    Task,
)
from cslib.models.health import (
    Alert,
    HealthProfile,
    HealthRollup,
    HealthScore,
    HealthScoreDaily,
    HealthScoreEvent,
)
from cslib.models.jobs import Heartbeat, Job, SchedulerLease
from cslib.models.users import AuthSession, LoginAttempt, Team, TeamMember, User
from cslib.models.workspace import (
    Dashboard,
    DashboardReport,
    Export,
    Notification,
    OverviewReport,
    Report,
    View,
    ViewPin,
    WorkspaceDashboard,
    WorkspaceSettings,
)

__all__ = [
    "ACTIVITY_TYPES", "Activity", "Alert", "Association", "AuthSession", "Base", "Company",
    "CompanyDomain", "Contact", "Dashboard", "DashboardReport", "Export", "FeedDismissal",
    "Follow", "HealthProfile", "HealthRollup", "HealthScore", "HealthScoreDaily",
    "HealthScoreEvent", "Heartbeat", "Job", "LoginAttempt", "Meeting", "MeetingAttendee",
    "Notification", "ObjectType", "OverviewReport", "Pipeline", "PipelineStage",
    "PropertyDefinition", "PropertyHistory", "Record", "Report", "SchedulerLease", "Task",
    "Team", "TeamMember", "UTCDateTime", "User", "View", "ViewPin", "WorkspaceDashboard",
    "WorkspaceSettings", "utcnow",
]
