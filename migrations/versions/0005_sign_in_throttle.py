"""sign-in throttle by address, and app secrets

- login_attempts(ip, at): the sign-in throttle now also counts one client address's failed
  tries across e-mails in the last 15 minutes (cslib.auth), and keys the growing wait on
  (e-mail, address); this index answers both without reading other addresses' rows.
- app_secrets: random keys made once per database and shared by every app process on it
  (the first: the key that signs the wait shown on the sign-in form).

Only adds; existing rows are kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"], unique=False)
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )


def downgrade() -> None:
    op.drop_table("app_secrets")
    op.drop_index("ix_login_attempts_ip_at", table_name="login_attempts")
