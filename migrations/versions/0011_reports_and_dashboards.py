"""reports and dashboards: saved reports, the Overview's reports, dashboard grids

- reports: sharing ("private" or "everyone"), library_key (the library's own reports are
  rows too, so the Overview and dashboards refer to every report alike), updated_at and a
  version for stale-edit refusal. Existing rows become private custom reports.
- overview_reports: user_id may be empty (the workspace's default reports).
- users: own_overview_reports (the user chose their own Overview reports, even none).
- dashboard_reports: width (twelfths of a grid row).
- workspace_dashboards: one row per dashboard.
- covering indexes for the library's reports over customers and tasks (ARR by renewal
  month, customers by score band, owner and health status, tasks completed and overdue by
  assignee, alerts raised per week, activities by type).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:30:00
"""

import sqlalchemy as sa
from alembic import op

import cslib.models.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


INDEXES = (
    ("ix_companies_health_score", "companies", ["health_score", "health_category", "deleted_at", "merged_into_id"]),
    ("ix_alerts_raised", "alerts", ["raised_at", "direction", "object_type"]),
    ("ix_activities_time_type", "activities", ["occurred_at", "type", "actor_id"]),
    ("ix_companies_renewal_arr", "companies", ["renewal_date", "arr", "deleted_at", "merged_into_id"]),
    ("ix_companies_owner_health", "companies", ["owner_id", "health_category", "deleted_at", "merged_into_id"]),
    ("ix_companies_csm_owner_health", "companies", ["csm_owner_id", "health_category", "deleted_at", "merged_into_id"]),
    ("ix_tasks_status_completed", "tasks", ["status", "completed_at", "assignee_id", "deleted_at"]),
    ("ix_tasks_status_due_assignee", "tasks", ["status", "due_at", "assignee_id", "deleted_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharing", sa.String(length=10), nullable=False, server_default="private"))
        batch_op.add_column(sa.Column("library_key", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column(
                "updated_at",
                cslib.models.base.UTCDateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_unique_constraint(batch_op.f("uq_reports_library_key"), ["library_key"])
    with op.batch_alter_table("overview_reports", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("own_overview_reports", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("dashboard_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("width", sa.Integer(), nullable=False, server_default="6"))
    with op.batch_alter_table("workspace_dashboards", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_workspace_dashboards_dashboard_id"), ["dashboard_id"])


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("workspace_dashboards", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_workspace_dashboards_dashboard_id"), type_="unique")
    with op.batch_alter_table("dashboard_reports", schema=None) as batch_op:
        batch_op.drop_column("width")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("own_overview_reports")
    op.execute("DELETE FROM overview_reports WHERE user_id IS NULL")
    with op.batch_alter_table("overview_reports", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_reports_library_key"), type_="unique")
        batch_op.drop_column("version")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("library_key")
        batch_op.drop_column("sharing")
