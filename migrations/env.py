"""Alembic environment. The app passes its own connection (cslib.db); the alembic
CLI builds one from DATABASE_URL like the app does."""

from alembic import context

from cslib.config import get_settings
from cslib.db import make_engine
from cslib.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """APScheduler creates and owns its job table; autogenerate must not drop it."""
    return not (type_ == "table" and name == "apscheduler_jobs")


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(get_settings().resolved_database_url())
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
