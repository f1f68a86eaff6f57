"""list indexes

Indexes for the server-side lists (cslib.listing), measured on 100,000 companies:
- owner / CSM owner + deleted_at + merged_into_id: "Owned by me" counts and pages of live
  records from the index alone;
- last activity + deleted_at + merged_into_id: a last-activity range counted from the index;
- property history by (object type, property, time) now ends with object_id: "which records
  had this property changed in a period" without reading the table ("Assigned in the last
  30 days", see cslib.properties.computed_between).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:32:45.331689
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NEW_INDEXES = (
    'ix_companies_last_activity_at',
    'ix_companies_csm_owner_live',
    'ix_companies_owner_live',
    'ix_property_history_property_time',
)


def upgrade() -> None:
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_companies_last_activity_at'))
        batch_op.create_index('ix_companies_last_activity_at', ['last_activity_at', 'deleted_at', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_companies_csm_owner_live', ['csm_owner_id', 'deleted_at', 'merged_into_id'], unique=False)
        batch_op.create_index('ix_companies_owner_live', ['owner_id', 'deleted_at', 'merged_into_id'], unique=False)

    with op.batch_alter_table('property_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_property_history_property_time'))
        batch_op.create_index('ix_property_history_property_time', ['object_type', 'property', 'changed_at', 'object_id'], unique=False)

    _analyze_new_indexes()


def _analyze_new_indexes() -> None:
    """SQLite plans with the statistics ANALYZE left (the demo loader runs it). Indexes
    created afterwards have none, and the planner then prefers them blindly (measured: a
    page sorted by name went from 0.1 to 150 ms). So where statistics exist, add theirs.
    PostgreSQL keeps its statistics itself."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    has_stats = bind.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    ).first()
    if has_stats:
        for name in NEW_INDEXES:
            bind.exec_driver_sql(f'ANALYZE "{name}"')


def downgrade() -> None:
    with op.batch_alter_table('property_history', schema=None) as batch_op:
        batch_op.drop_index('ix_property_history_property_time')
        batch_op.create_index(batch_op.f('ix_property_history_property_time'), ['object_type', 'property', 'changed_at'], unique=False)

    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_index('ix_companies_owner_live')
        batch_op.drop_index('ix_companies_csm_owner_live')
        batch_op.drop_index('ix_companies_last_activity_at')
        batch_op.create_index(batch_op.f('ix_companies_last_activity_at'), ['last_activity_at'], unique=False)
