"""Imports: a file a user brings in, what became of each of its rows, and the IDs records
had in the system they came from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cslib.models.base import Base, utcnow


class Import(Base):
    """One file imported as one object type. Status: draft (uploaded, being mapped),
    queued, running, done, failed, undoing, undone. `stored_name` is the file under
    CS_DATA_DIR/imports; `mapping` holds one target per column; `rows_done` is the last
    file row written, committed with the chunk that wrote it (a restarted job goes on from
    there, so no row is written twice)."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    record_ids: Mapped[str] = mapped_column(String(10), default="auto")
    mapping: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_imports_user_created", "user_id", "created_at"),)


class ImportRow(Base):
    """What one row of an import did: created, updated, unchanged or skipped (with the
    reason), and the record it made or changed."""

    __tablename__ = "import_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("import_id", "row_number", name="uq_import_rows_row"),
        Index("ix_import_rows_action", "import_id", "action", "record_id"),
    )


class SourceId(Base):
    """The ID a record had in the system it was imported from (the original CRM's Record
    ID, a Salesforce Id), so later files that name it (a re-import, "Associated Company
    IDs") find the record."""

    __tablename__ = "source_ids"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"), index=True)

    __table_args__ = (
        UniqueConstraint("object_type", "source_id", name="uq_source_ids_source"),
        Index("ix_source_ids_record", "object_type", "record_id"),
    )
