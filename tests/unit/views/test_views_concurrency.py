"""Default views under concurrent writers: the six-default limit holds when two admins
add one at the same moment (committed data on a fresh database per backend)."""

from __future__ import annotations

import threading

import pytest

from cslib import views
from cslib.db import read_session, write_session
from cslib.errors import ValidationError
from tests.conftest import BACKENDS
from tests.factories import make_actor, make_workspace


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_admins_cannot_both_add_the_sixth_default(make_db, backend):
    """The second writer waits for the first (row lock on PostgreSQL, BEGIN IMMEDIATE on
    SQLite), then counts six defaults and is refused."""
    engine = make_db(backend)
    with write_session(engine) as s:
        make_workspace(s)
        admin = make_actor(s, is_super_admin=True)
        views.ensure_builtin_views(s)
        for i in range(3):
            views.create_view(s, admin, "company", sharing="everyone", name=f"Default {i}", set_default=True)
        first, second = (views.create_view(s, admin, "company", sharing="everyone", name=n).id for n in ("A", "B"))
    outcome: list[str] = []

    def other_admin() -> None:
        try:
            with write_session(engine) as s2:
                views.set_default(s2, admin, second)
            outcome.append("saved")
        except ValidationError as exc:
            outcome.append(str(exc))

    with write_session(engine) as s1:
        views.set_default(s1, admin, first)
        racer = threading.Thread(target=other_admin)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive(), "the second admin did not wait for the first"
    racer.join(timeout=30)
    assert outcome == ["You can have at most six default views. Remove one first."]
    with read_session(engine) as s:
        assert len(views.default_views(s, admin, "company")) == 6
    engine.dispose()
