"""Two editors of one dashboard at the same moment (committed data on a fresh database per
backend): the second waits for the first, so the twelve-report limit holds."""

from __future__ import annotations

import threading

import pytest

from cslib import dashboards
from cslib.db import read_session, write_session
from cslib.errors import ValidationError
from cslib.reports import ensure_library
from tests.conftest import BACKENDS
from tests.factories import make_actor, make_workspace
from tests.unit.dashboards.conftest import saved_report


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_editors_cannot_both_add_the_twelfth_report(make_db, backend):
    engine = make_db(backend)
    with write_session(engine) as s:
        make_workspace(s)
        owner = make_actor(s, name="Olive Owner")
        admin = make_actor(s, name="Ada Admin", manage_settings=True)
        ids = [*ensure_library(s).values(), *(saved_report(s, owner) for _ in range(3))]
        board = dashboards.create_dashboard(s, owner, "Renewals")
        for report_id in ids[:11]:
            dashboards.add_report(s, owner, board, report_id)
    outcome: list[str] = []

    def admin_adds() -> None:
        try:
            with write_session(engine) as s2:
                dashboards.add_report(s2, admin, board, ids[12])
            outcome.append("added")
        except ValidationError as exc:
            outcome.append(str(exc))

    with write_session(engine) as s1:
        dashboards.add_report(s1, owner, board, ids[11])
        racer = threading.Thread(target=admin_adds)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive(), "the second editor did not wait for the first"
    racer.join(timeout=30)
    assert outcome == ["A dashboard holds at most 12 reports. Remove one to add another."]
    with read_session(engine) as s:
        items = dashboards.get_dashboard(s, owner, board).items
        assert [i.report_id for i in items] == ids[:12]
        assert [i.position for i in items] == list(range(12))
    engine.dispose()
