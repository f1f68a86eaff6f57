"""exports built by the worker; notifications read, dismissed and e-mailed

- exports: started_at, size_bytes, part_count, file_name (the download's name) and
  index (status, expires_at) for the expiry job; (user_id, created_at) for the Exports page.
- notifications: params (the values its wording is filled with, so it is worded in the
  reader's language when read), dismissed_at, emailed_at; the unread count's index.
Existing rows keep their values; the new columns are NULL (params: an empty object).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 05:00:00
"""

import sqlalchemy as sa
from alembic import op

from cslib.models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exports") as batch:
        batch.add_column(sa.Column("started_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("size_bytes", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("part_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("file_name", sa.String(length=160), nullable=True))
        batch.create_index("ix_exports_status_expires", ["status", "expires_at"])
        batch.create_index("ix_exports_user_created", ["user_id", "created_at"])
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("dismissed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("emailed_at", UTCDateTime(), nullable=True))
        batch.create_index("ix_notifications_user_unread", ["user_id", "dismissed_at", "read_at"])


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_user_unread")
        batch.drop_column("emailed_at")
        batch.drop_column("dismissed_at")
        batch.drop_column("params")
    with op.batch_alter_table("exports") as batch:
        batch.drop_index("ix_exports_user_created")
        batch.drop_index("ix_exports_status_expires")
        batch.drop_column("file_name")
        batch.drop_column("part_count")
        batch.drop_column("size_bytes")
        batch.drop_column("started_at")
