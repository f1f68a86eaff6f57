"""owner/renewal indexes cover the live-record rule

The Overview's owned summary and renewals read companies by owner, live, and renewal date
with ARR. The live-record rule (cslib.models.live) also asks merged_into_id, which these
two indexes did not hold, so every summary read the table (4 ms became 11 ms of bare SQL
on 100,000 customers). Both indexes are rebuilt with merged_into_id after deleted_at, and
the table's planner statistics refreshed: without them SQLite weighs the new indexes
against the old statistics of the others and picks worse plans (a list sorted by name went
from 1 ms to 15 ms of bare SQL).

Only indexes and statistics change; no row is touched.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 00:15:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {"ix_companies_owner_renewal": "owner_id", "ix_companies_csm_owner_renewal": "csm_owner_id"}


def upgrade() -> None:
    for name, owner in INDEXES.items():
        op.drop_index(name, table_name="companies")
        op.create_index(name, "companies", [owner, "deleted_at", "merged_into_id", "renewal_date", "arr"])
    op.execute("ANALYZE companies")


def downgrade() -> None:
    for name, owner in INDEXES.items():
        op.drop_index(name, table_name="companies")
        op.create_index(name, "companies", [owner, "deleted_at", "renewal_date", "arr"])
