"""projects object may be unset; saved views remember their layout

- workspace_settings.projects_object becomes nullable with no default: NULL means "no
  projects object set up yet" (the Projects tab then offers "Activate the projects object").
  Every existing row keeps the object it had.
- views.layout (nullable): the layout a saved view opens in, "table" or "board"; NULL (every
  existing view) means table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspace_settings") as batch:
        batch.alter_column("projects_object", existing_type=sa.String(length=64), nullable=True)
    with op.batch_alter_table("views") as batch:
        batch.add_column(sa.Column("layout", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("views") as batch:
        batch.drop_column("layout")
    op.execute("UPDATE workspace_settings SET projects_object = 'project' WHERE projects_object IS NULL")
    with op.batch_alter_table("workspace_settings") as batch:
        batch.alter_column("projects_object", existing_type=sa.String(length=64), nullable=False)
