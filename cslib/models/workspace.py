"""Workspace configuration and what users arrange in it: settings, views, reports,
dashboards, exports, notifications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cslib.models.base import Base, utcnow


class WorkspaceSettings(Base):
    """A single row (id = 1): the admin's choices of SPEC §2."""

    __tablename__ = "workspace_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="Customer Success")
    account_created_on: Mapped[date] = mapped_column(Date)
    owner_property: Mapped[str] = mapped_column(String(64), default="owner_id")
    customer_object: Mapped[str] = mapped_column(String(64), default="company")
    # None: no projects object set up yet (the Projects tab offers to activate one).
    projects_object: Mapped[str | None] = mapped_column(String(64), default=None)
    revenue_pipeline_ids: Mapped[list] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    # The language of users who chose none; None: each browser's language (else English).
    default_language: Mapped[str | None] = mapped_column(String(8), default=None)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class View(Base):
    """A saved list: filters (shared filter model), columns in order, sort, and layout."""

    __tablename__ = "views"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sharing: Mapped[str] = mapped_column(String(10), default="private")
    builtin_key: Mapped[str | None] = mapped_column(String(40))
    filters: Mapped[dict | None] = mapped_column(JSON)
    columns: Mapped[list] = mapped_column(JSON, default=list)
    sort: Mapped[list] = mapped_column(JSON, default=list)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    default_order: Mapped[int | None] = mapped_column(Integer)
    default_description: Mapped[str | None] = mapped_column(Text)
    card_properties: Mapped[list] = mapped_column(JSON, default=list)
    # "table" or "board": the layout the view opens in (None: table).
    layout: Mapped[str | None] = mapped_column(String(10), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_views_object_owner", "object_type", "owner_id"),)


class ViewPin(Base):
    __tablename__ = "view_pins"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    view_id: Mapped[int] = mapped_column(ForeignKey("views.id", ondelete="CASCADE"), primary_key=True)
    pinned_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(Base):
    """A saved report: a query definition and its chart (`cslib.reports`). Library reports
    are rows too (kind "library", `library_key` set, no owner), so the Overview and
    dashboards refer to every report the same way."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "private" (its owner only) or "everyone".
    sharing: Mapped[str] = mapped_column(String(10), default="private")
    library_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class OverviewReport(Base):
    """Reports on a user's Overview, chosen with "+ Add report" (at most five), in order;
    rows without a user are the workspace's default five, which admins set."""

    __tablename__ = "overview_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Dashboard(Base):
    """A named, ordered grid of reports. Its owner (and admins) edit it; others see it once
    it is added to the workspace (`WorkspaceDashboard`) for them."""

    __tablename__ = "dashboards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DashboardReport(Base):
    __tablename__ = "dashboard_reports"

    dashboard_id: Mapped[int] = mapped_column(ForeignKey("dashboards.id", ondelete="CASCADE"), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The report's share of a row of the grid, in twelfths (4: a third, 6: half, 12: whole).
    width: Mapped[int] = mapped_column(Integer, default=6)


class WorkspaceDashboard(Base):
    """A dashboard added to the workspace, for everyone or for some teams."""

    __tablename__ = "workspace_dashboards"

    id: Mapped[int] = mapped_column(primary_key=True)
    dashboard_id: Mapped[int] = mapped_column(ForeignKey("dashboards.id", ondelete="CASCADE"), unique=True)
    access: Mapped[str] = mapped_column(String(10), default="everyone")
    team_ids: Mapped[list] = mapped_column(JSON, default=list)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Export(Base):
    """A file of records built by the worker for its user: queued, building, ready,
    failed or expired. `options` holds what to export (filters, columns, sort and the
    dialog's choices); `stored_name` is the file under CS_DATA_DIR/exports."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    object_type: Mapped[str] = mapped_column(String(64))
    view_id: Mapped[int | None] = mapped_column(ForeignKey("views.id", ondelete="SET NULL"))
    format: Mapped[str] = mapped_column(String(5))
    language: Mapped[str] = mapped_column(String(8), default="en")
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    stored_name: Mapped[str | None] = mapped_column(String(64))
    row_count: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    part_count: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str | None] = mapped_column(String(160))

    __table_args__ = (
        Index("ix_exports_status_expires", "status", "expires_at"),
        Index("ix_exports_user_created", "user_id", "created_at"),
    )


class Notification(Base):
    """Something for one user to read: worded from `kind` and `params` in the reader's
    language (`title` is the English wording, for logs and unknown kinds)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    params: Mapped[dict | None] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_notifications_user_time", "user_id", "created_at"),
        Index("ix_notifications_user_unread", "user_id", "dismissed_at", "read_at"),
    )
