"""What people do: activities (the timeline and the Feed), tasks, meetings, follows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cslib.models.base import Base, utcnow

# What contacts do (no user did it): the sales activity the Feed shows.
CONTACT_ACTIVITY_TYPES = (
    "email_open",
    "email_click",
    "email_reply",
    "page_view",
    "form_submission",
    "sequence_enrollment",
    "sequence_unenrollment",
    "meeting_booked",
)
ACTIVITY_TYPES = ("note", "call", "email", *CONTACT_ACTIVITY_TYPES, "meeting")


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_activities_company_time", "company_id", "occurred_at"),
        Index("ix_activities_contact_time", "contact_id", "occurred_at"),
        Index("ix_activities_record_time", "record_id", "occurred_at"),
        Index("ix_activities_type_time", "type", "occurred_at"),
        Index("ix_activities_time", "occurred_at"),
        # Activity volume by type (a report), by who logged it on a dashboard: index only.
        Index("ix_activities_time_type", "occurred_at", "type", "actor_id"),
        # The Feed's search: the distinct subjects of a type (a loose index scan) and the
        # activities with one subject, newest first.
        Index("ix_activities_type_subject_time", "type", "subject", "occurred_at"),
    )


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20), default="todo")
    priority: Mapped[str] = mapped_column(String(10), default="none")
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    due_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_tasks_assignee_status_due", "assignee_id", "status", "due_at"),
        Index("ix_tasks_status_due", "status", "due_at"),
        # A user's tasks in a time range whatever their status (the Schedule).
        Index("ix_tasks_assignee_due", "assignee_id", "due_at"),
        # Covering indexes for reports: completed per week and overdue, by assignee.
        Index("ix_tasks_status_completed", "status", "completed_at", "assignee_id", "deleted_at"),
        Index("ix_tasks_status_due_assignee", "status", "due_at", "assignee_id", "deleted_at"),
    )


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    location: Mapped[str | None] = mapped_column(String(200))
    meeting_url: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_meetings_organizer_start", "organizer_id", "start_at"),)


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))

    # The meetings a user attends, from the index alone (the Schedule).
    __table_args__ = (Index("ix_meeting_attendees_user_meeting", "user_id", "meeting_id"),)


class Follow(Base):
    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    object_type: Mapped[str] = mapped_column(String(64), primary_key=True)
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedDismissal(Base):
    """A Feed notification a user deleted; the activity itself stays."""

    __tablename__ = "feed_dismissals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
