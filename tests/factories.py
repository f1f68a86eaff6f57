"""Test rows with sensible defaults; override any field by keyword."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from cslib.auth import hash_password
from cslib.models import Company, User
from cslib.permissions import Actor

_seq = itertools.count(1)
_PASSWORD_HASH = hash_password("secret-pass")
PASSWORD = "secret-pass"


def make_user(session: Session, **overrides) -> User:
    n = next(_seq)
    values = dict(
        email=f"user{n}-{id(session)}@example.com", name=f"User {n}", password_hash=_PASSWORD_HASH,
        is_active=True, is_super_admin=False, has_service_seat=True, workspace_access=True,
        manage_settings=False, can_export=True,
    )
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user


def make_actor(session: Session, **overrides) -> Actor:
    return Actor.from_user(make_user(session, **overrides))


def make_company(session: Session, **overrides) -> Company:
    n = next(_seq)
    values = dict(name=f"Company {n}", domain=f"company{n}.example", created_at=datetime.now(UTC))
    values.update(overrides)
    company = Company(**values)
    session.add(company)
    session.flush()
    return company
