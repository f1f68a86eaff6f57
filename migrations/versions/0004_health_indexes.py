"""health scores and alerts

- The Overview's health card (summary, distribution) reads one profile's scores by category
  and score: a covering (profile_id, category, score, coverage) index replaces
  (profile_id, category), its prefix. Scale dataset: card + both charts 150 -> 47 ms.
- Alerts: the stage/expiry index also covers the customer and snooze columns, so the
  Overview card's count and the list's first page read the index alone (40,000 alerts:
  count 17 -> 6 ms, page 1 35 -> 15 ms); companies(deleted_at) lists the few deleted or
  merged companies whose alerts are left out.
- alerts.task_id: the follow-up task made from an alert (one per alert).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 15:10:00
"""

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_health_scores_profile_category_score',
        'health_scores',
        ['profile_id', 'category', 'score', 'coverage'],
        unique=False,
    )
    op.drop_index('ix_health_scores_profile_category', table_name='health_scores')
    op.drop_index('ix_alerts_stage_expires', table_name='alerts')
    op.create_index(
        'ix_alerts_stage_expires',
        'alerts',
        ['stage', 'expires_at', 'raised_at', 'object_type', 'object_id', 'snoozed_until'],
        unique=False,
    )
    op.create_index('ix_companies_deleted_at', 'companies', ['deleted_at'], unique=False)
    with op.batch_alter_table('alerts') as batch:
        batch.add_column(sa.Column('task_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_alerts_task_id_tasks', 'tasks', ['task_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('alerts') as batch:
        batch.drop_constraint('fk_alerts_task_id_tasks', type_='foreignkey')
        batch.drop_column('task_id')
    op.drop_index('ix_companies_deleted_at', table_name='companies')
    op.drop_index('ix_alerts_stage_expires', table_name='alerts')
    op.create_index('ix_alerts_stage_expires', 'alerts', ['stage', 'expires_at', 'raised_at'], unique=False)
    op.create_index('ix_health_scores_profile_category', 'health_scores', ['profile_id', 'category'], unique=False)
    op.drop_index('ix_health_scores_profile_category_score', table_name='health_scores')
