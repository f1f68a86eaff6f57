"""Imports run in the worker with sessions of their own, so these tests use the exports'
fixture: a fresh committed database per test (SQLite, and PostgreSQL with CS_TEST_PG_URL)
and a fresh CS_DATA_DIR for the uploaded files."""

from tests.unit.exports.conftest import db

__all__ = ["db"]
