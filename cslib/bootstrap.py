"""Make a database ready for the app: migrate it, and fill an empty embedded one with demo data."""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache

from sqlalchemy import Engine

from cslib.config import Settings, get_settings
from cslib.db import make_engine, upgrade, write_session
from cslib.errors import ValidationError
from cslib.models import WorkspaceSettings

log = logging.getLogger(__name__)


def prepare(engine: Engine, settings: Settings) -> None:
    upgrade(engine)
    _seed_demo_if_empty(engine, settings)
    _ensure_workspace(engine)


def _ensure_workspace(engine: Engine) -> None:
    """Every database needs its settings row, built-in object types and built-in views."""
    from cslib.properties import OBJECT_TYPES, ensure_builtin_object_types
    from cslib.reports import ensure_library, seed_defaults
    from cslib.views import ensure_builtin_views

    with write_session(engine) as s:
        if s.get(WorkspaceSettings, 1) is None:
            s.add(WorkspaceSettings(id=1, account_created_on=date.today()))
        ensure_builtin_object_types(s)
        for object_type, definition in OBJECT_TYPES.items():
            if definition.views:
                ensure_builtin_views(s, object_type)
        seed_defaults(s, ensure_library(s))


def _seed_demo_if_empty(engine: Engine, settings: Settings) -> None:
    if settings.cs_demo_data:
        from cslib import demo

        if demo.is_empty(engine):
            log.info("empty database: adding demo data")
            try:
                demo.seed_demo(engine)
            except ValidationError:
                log.info("another process added the demo data first")


def ready_engine(settings: Settings | None = None) -> Engine:
    """The engine for the configured database, migrated (and seeded if empty and allowed)."""
    settings = settings or get_settings()
    engine = make_engine(settings.resolved_database_url())
    prepare(engine, settings)
    return engine


@lru_cache(maxsize=1)
def shared_engine() -> Engine:
    """One engine per process, shared by the Streamlit script and the web routes."""
    return ready_engine()
