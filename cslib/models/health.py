"""Health score profiles, current scores, their history and roll-ups, and alerts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cslib.models.base import Base, utcnow


class HealthProfile(Base):
    __tablename__ = "health_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    object_type: Mapped[str] = mapped_column(String(64), default="company")
    segment: Mapped[dict | None] = mapped_column(JSON)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    definition: Mapped[dict] = mapped_column(JSON, default=dict)
    thresholds: Mapped[dict] = mapped_column(JSON, default=lambda: {"healthy": 70, "neutral": 40})
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class HealthScore(Base):
    """The current score of one record under one profile."""

    __tablename__ = "health_scores"

    profile_id: Mapped[int] = mapped_column(ForeignKey("health_profiles.id", ondelete="CASCADE"), primary_key=True)
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(20))
    coverage: Mapped[float] = mapped_column(Float, default=1.0)
    breakdown: Mapped[dict] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # Covers the Overview's health card: counts, averages and bins per category.
        Index("ix_health_scores_profile_category_score", "profile_id", "category", "score", "coverage"),
        Index("ix_health_scores_object", "object_id"),
    )


class HealthScoreDaily(Base):
    """One row per record, profile and day: the last value of that day."""

    __tablename__ = "health_score_daily"

    profile_id: Mapped[int] = mapped_column(ForeignKey("health_profiles.id", ondelete="CASCADE"), primary_key=True)
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(20))


class HealthScoreEvent(Base):
    """A change of score, naming what changed it."""

    __tablename__ = "health_score_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("health_profiles.id", ondelete="CASCADE"))
    object_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    old_score: Mapped[float | None] = mapped_column(Float)
    new_score: Mapped[float] = mapped_column(Float)
    old_category: Mapped[str | None] = mapped_column(String(20))
    new_category: Mapped[str] = mapped_column(String(20))
    reason: Mapped[dict] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_health_score_events_object", "profile_id", "object_id", "at"),)


class HealthRollup(Base):
    """Per profile and day: what the Overview's over-time chart reads."""

    __tablename__ = "health_rollups"

    profile_id: Mapped[int] = mapped_column(ForeignKey("health_profiles.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    customers: Mapped[int] = mapped_column(Integer, default=0)
    avg_score: Mapped[float | None] = mapped_column(Float)
    at_risk: Mapped[int] = mapped_column(Integer, default=0)
    neutral: Mapped[int] = mapped_column(Integer, default=0)
    healthy: Mapped[int] = mapped_column(Integer, default=0)


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(64), default="company")
    object_id: Mapped[int] = mapped_column(Integer)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("health_profiles.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(4))
    old_category: Mapped[str | None] = mapped_column(String(20))
    new_category: Mapped[str] = mapped_column(String(20))
    old_score: Mapped[float | None] = mapped_column(Float)
    new_score: Mapped[float] = mapped_column(Float)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    stage: Mapped[str] = mapped_column(String(14), default="new")
    snoozed_until: Mapped[datetime | None]
    snooze_reason: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    # The follow-up task made with "Create task from alert" (one per alert).
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Covers the Overview card and the list's count and first page.
        Index(
            "ix_alerts_stage_expires", "stage", "expires_at", "raised_at", "object_type", "object_id", "snoozed_until"
        ),
        Index("ix_alerts_object", "object_type", "object_id", "profile_id"),
        # Alerts raised per week by direction (a report).
        Index("ix_alerts_raised", "raised_at", "direction", "object_type"),
    )
