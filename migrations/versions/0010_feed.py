"""the Feed: an index for its search and two new contact activity types

- activities: index (type, subject, occurred_at). The Feed's search reads the distinct
  subjects of each contact activity type from it (a loose index scan, one seek per
  subject) and pages the activities of the subjects that match.
- The new activity types (sequence_unenrollment, meeting_booked) need no schema change:
  `activities.type` is a string. Existing rows are untouched.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 08:00:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_activities_type_subject_time", "activities", ["type", "subject", "occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_activities_type_subject_time", table_name="activities")
