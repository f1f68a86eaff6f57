"""languages: a user's own choice may be unset, and the workspace has a default

- users.language becomes nullable: NULL means "no choice made" (the workspace default,
  else the browser's language, else English). Until now nobody could choose, so the
  default 'en' every row holds is turned into NULL; any other value is kept.
- workspace_settings.default_language (nullable): the language of users who chose none;
  NULL means each browser's language.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=True)
    op.execute("UPDATE users SET language = NULL WHERE language = 'en'")
    with op.batch_alter_table("workspace_settings") as batch:
        batch.add_column(sa.Column("default_language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace_settings") as batch:
        batch.drop_column("default_language")
    op.execute("UPDATE users SET language = 'en' WHERE language IS NULL")
    with op.batch_alter_table("users") as batch:
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=False)
