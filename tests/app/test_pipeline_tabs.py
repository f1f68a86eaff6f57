"""The Projects and Revenue tabs through AppTest: the pipeline drop-down, table and board
layouts from the link, the preview's "Move to stage…" with a stage's required property,
what shows before projects are set up, and links with bad parameters."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import PipelineStage, PropertyHistory, Record, WorkspaceSettings
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_pipeline, make_record, make_user, make_workspace, stages_of

REVENUE = str(PROJECT_ROOT / "pages" / "revenue.py")
PROJECTS = str(PROJECT_ROOT / "pages" / "projects.py")


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        make_workspace(s, account_created_on=date(2025, 1, 1))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        other = make_user(s, email="olga@example.com", name="Olga Other")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        sales = make_pipeline(s, "deal", "Sales", stages=("Qualified", "Contract sent", "Closed won"))
        subs = make_pipeline(s, "subscription", "Subscriptions", stages=("Trial", "Active"))
        qualified, _sent, won = stages_of(s, sales)
        won.required_properties = ["close_date"]
        for i in range(3):
            make_record(s, sales, qualified, name=f"Carl deal {i}", owner_id=csm.id, amount=1000.0 * (i + 1))
        make_record(s, sales, qualified, name="Olga deal", owner_id=other.id, amount=500.0)
        make_record(s, subs, name="Carl plan", owner_id=csm.id, amount=12_000.0)
        s.get(WorkspaceSettings, 1).revenue_pipeline_ids = [sales.id, subs.id]
    prepare(app_database, get_settings())  # built-in views ("My deals", "All deals", …)
    return app_database


def _open(db, script: str, email: str, **params: str) -> AppTest:
    return run_as(db, email, AppTest.from_file(script, default_timeout=30), **params)


def _names(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["name"])


def test_revenue_opens_my_deals_of_the_first_pipeline_as_a_table(db):
    at = _open(db, REVENUE, "csm@example.com")
    assert not at.exception
    assert at.title[0].value == "My deals"
    assert _names(at) == {"Carl deal 0", "Carl deal 1", "Carl deal 2"}
    assert "Pipeline" in [f.label for f in at.selectbox]
    assert [s.label for s in at.selectbox if s.key.endswith("_bar_owner")] == ["Deal owner"]


def test_the_pipeline_drop_down_switches_to_subscriptions_and_their_views(db):
    at = _open(db, REVENUE, "csm@example.com")
    menu = next(s for s in at.selectbox if s.label == "Pipeline")
    assert menu.options == ["Deals · Sales", "Subscriptions · Subscriptions"]
    menu.select_index(1).run()
    assert not at.exception
    assert at.title[0].value == "My subscriptions"
    assert _names(at) == {"Carl plan"}


def test_the_board_layout_comes_from_the_link_with_stage_counts_and_the_strip(db):
    at = _open(db, REVENUE, "csm@example.com", layout="board")
    assert not at.exception
    text = plain(markdown(at))
    assert "**3 records**" in text
    assert "Conversion" not in text or "Qualified" in text
    assert not at.dataframe  # the board, not the table


def test_the_preview_moves_a_deal_and_asks_for_the_required_property(db):
    with read_session(db) as s:
        deal_id = s.scalar(select(Record.id).where(Record.name == "Carl deal 0"))
        won_id = s.scalar(select(PipelineStage.id).where(PipelineStage.name == "Closed won"))
    at = _open(db, REVENUE, "csm@example.com", record=str(deal_id))
    assert not at.exception
    move = next(s for s in at.selectbox if s.label == "Move to stage…")
    move.select(won_id).run()
    assert "This stage needs these properties first:" in [c.value for c in at.caption]
    next(b for b in at.button if b.label == "Move").click().run()
    assert any("Close date" in e.value for e in at.error), [e.value for e in at.error]
    with read_session(db) as s:
        assert s.get(Record, deal_id).stage_id != won_id  # refused: nothing saved
    close = next(d for d in at.date_input if d.label == "Close date")
    close.set_value(date(2026, 12, 31)).run()
    next(b for b in at.button if b.label == "Move").click().run()
    assert not at.exception
    with read_session(db) as s:
        saved = s.get(Record, deal_id)
        assert (saved.stage_id, saved.close_date) == (won_id, date(2026, 12, 31))
        moves = s.scalars(
            select(PropertyHistory).where(PropertyHistory.object_id == deal_id, PropertyHistory.property == "stage_id")
        ).all()
        assert [m.new_value for m in moves] == [str(won_id)]


def test_projects_not_set_up_admins_activate_and_others_learn_who_can(db):
    with write_session(db) as s:
        s.get(WorkspaceSettings, 1).projects_object = None
    csm = _open(db, PROJECTS, "csm@example.com")
    assert not csm.exception
    assert not csm.button
    assert "Manage customer success settings" in csm.info[0].value
    admin = _open(db, PROJECTS, "admin@example.com")
    labels = [b.label for b in admin.button]
    assert "Activate the projects object" in labels and "No thanks, I'll use a custom object" in labels
    next(b for b in admin.button if b.label == "Activate the projects object").click().run()
    assert not admin.exception
    with read_session(db) as s:
        assert s.get(WorkspaceSettings, 1).projects_object == "project"
    admin.run()
    assert admin.title[0].value == "My projects"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"pipeline": "abc"}, "pipeline"),
        ({"pipeline": "99999"}, "not on this tab"),
        ({"layout": "kanban"}, "layout"),
        ({"owner": "<script>"}, "deal owner filter"),
    ],
)
def test_bad_links_show_a_note_and_the_first_pipeline(db, params, note):
    at = _open(db, REVENUE, "csm@example.com", **params)
    assert not at.exception
    notes = " ".join(w.value for w in at.warning) + " ".join(c.value for c in at.caption)
    assert note in plain(notes), notes
    assert _names(at) == {"Carl deal 0", "Carl deal 1", "Carl deal 2"}
