"""imports: files brought in, what each row did, and records' IDs in their source system

- imports, import_rows: an import's file, mapping, progress and summary, and one row per
  file row (created, updated, unchanged or skipped with the reason), so a restarted job
  goes on where it stopped and Undo knows what to revert;
- source_ids: the ID a record had in the system it came from (unique per object type);
- property_history.import_id, associations.import_id: the import that wrote a change or
  made a link (nullable columns; SQLite rebuilds the two
  tables to name the foreign key, keeping every row);
- users.can_import: the new "Import" permission;
- an index on merged_into_id of companies, contacts and records: deleting a record checks
  that none was merged into it, and without one each delete read the whole table (20 ms
  per company on 100,000; undoing an import deletes what it created);
- indexes on lower(domain) and lower(name) of companies, lower(domain) of company_domains
  and lower(email) of contacts: an import matches its rows by these whatever their case.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:40:00
"""

import sqlalchemy as sa
from alembic import op

import cslib.models.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MERGED_INTO = ("companies", "contacts", "records")
# Imports match companies by domain or name and contacts by e-mail whatever the case.
LOWER = (
    ("ix_companies_domain_lower", "companies", "domain"),
    ("ix_companies_name_lower", "companies", "name"),
    ("ix_company_domains_domain_lower", "company_domains", "domain"),
    ("ix_contacts_email_lower", "contacts", "email"),
)


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("record_ids", sa.String(length=10), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", cslib.models.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", cslib.models.base.UTCDateTime(), nullable=True),
        sa.Column("finished_at", cslib.models.base.UTCDateTime(), nullable=True),
        sa.Column("undone_at", cslib.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_imports_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_index("ix_imports_user_created", "imports", ["user_id", "created_at"])
    op.create_index(op.f("ix_imports_user_id"), "imports", ["user_id"])
    op.create_table(
        "import_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.id"], name=op.f("fk_import_rows_import_id_imports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_rows")),
        sa.UniqueConstraint("import_id", "row_number", name="uq_import_rows_row"),
    )
    op.create_index("ix_import_rows_action", "import_rows", ["import_id", "action", "record_id"])
    op.create_table(
        "source_ids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.id"], name=op.f("fk_source_ids_import_id_imports"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_ids")),
        sa.UniqueConstraint("object_type", "source_id", name="uq_source_ids_source"),
    )
    op.create_index("ix_source_ids_record", "source_ids", ["object_type", "record_id"])
    op.create_index(op.f("ix_source_ids_import_id"), "source_ids", ["import_id"])
    for table in ("property_history", "associations"):
        _add_import_id(table)
    op.create_index("ix_property_history_import", "property_history", ["import_id"])
    op.create_index("ix_associations_import", "associations", ["import_id"])
    op.add_column("users", sa.Column("can_import", sa.Boolean(), nullable=False, server_default=sa.false()))
    for table in MERGED_INTO:
        op.create_index(f"ix_{table}_merged_into", table, ["merged_into_id"])
    for name, table, column in LOWER:
        op.create_index(name, table, [sa.text(f"lower({column})")])


def _add_import_id(table: str) -> None:
    """A nullable import_id referencing imports. On SQLite a named foreign key needs the
    table rebuilt (Alembic's batch mode copies the rows, keeping them all)."""
    column = sa.Column("import_id", sa.Integer(), nullable=True)
    fk = f"fk_{table}_import_id_imports"
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(column)
            batch_op.create_foreign_key(fk, "imports", ["import_id"], ["id"], ondelete="SET NULL")
        return
    op.add_column(table, column)
    op.create_foreign_key(fk, table, "imports", ["import_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    for table in MERGED_INTO:
        op.drop_index(f"ix_{table}_merged_into", table_name=table)
    for name, table, _column in LOWER:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_associations_import", table_name="associations")
    op.drop_index("ix_property_history_import", table_name="property_history")
    for table in ("property_history", "associations", "users"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("can_import" if table == "users" else "import_id")
    op.drop_table("source_ids")
    op.drop_table("import_rows")
    op.drop_table("imports")
