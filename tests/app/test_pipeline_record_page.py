"""The record page of pipeline records (deals, projects) and custom objects through
AppTest: the name, the stage by name, amount, close date and owner under it, and the
stage's history by name."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import records, users
from cslib.config import PROJECT_ROOT
from cslib.db import write_session
from cslib.models import Pipeline, WorkspaceSettings
from cslib.properties import create_custom_object
from cslib.ui.session import TOKEN_KEY
from cslib.users import get_actor
from tests.app.signed_in import plain
from tests.factories import PASSWORD, make_company, make_pipeline, make_record, make_user, stages_of

PAGE = str(PROJECT_ROOT / "pages" / "record.py")
KEY = "recpage"


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        admin = get_actor(s, make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True).id)
        sales = make_pipeline(s, "deal", "Sales pipeline", stages=("Qualified to buy", "Contract sent", "Closed won"))
        qualified, contract, _won = stages_of(s, sales)
        deal = make_record(
            s, sales, qualified, name="Acme — Expansion", amount=24400.0, close_date=date(2026, 12, 27), owner_id=csm.id
        )
        records.update_properties(s, admin, "deal", deal.id, {"stage_id": contract.id}, expected_version=deal.version)
        company = make_company(s, name="Acme Corp", owner_id=csm.id)
        records.associate(s, admin, "company", company.id, "deal", deal.id)
        project = make_record(s, make_pipeline(s, "project", "Onboarding", stages=("Kick-off",)), name="Acme SSO setup")
        create_custom_object(s, admin, singular="Rollout", plural="Rollouts", stage_names=["Plan", "Live"])
        rollouts = s.scalar(select(Pipeline).where(Pipeline.object_type == "rollout"))
        rollout = make_record(s, rollouts, stages_of(s, rollouts)[1], name="Acme EU rollout", owner_id=csm.id)
    return SimpleNamespace(engine=app_database, deal=deal.id, project=project.id, rollout=rollout.id)


def _open(db, type_: str, id_: int) -> AppTest:
    with write_session(db.engine) as s:
        token = users.sign_in(s, "csm@example.com", PASSWORD).token
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[TOKEN_KEY] = token
    at.query_params["type"] = type_
    at.query_params["id"] = str(id_)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    return plain("\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]))


def test_a_deal_page_shows_its_name_stage_amount_close_date_and_owner(db):
    at = _open(db, "deal", db.deal)
    assert plain(at.title[0].value) == "Acme — Expansion"
    headline = plain(at.caption[0].value)
    assert headline == "Stage: Contract sent · $24,400 · Close date: Dec 27, 2026 · Deal owner: Carl Csm"
    text = _texts(at)
    assert "Pipeline: **Sales pipeline**" in text and "Stage: **Contract sent**" in text
    assert "1 Company" in text and "Acme Corp" in text
    # The stage is moved on the board (which asks for required properties), not in this form.
    assert f"{KEY}:about:p:stage_id" not in [s.key for s in at.selectbox]


def test_the_stage_history_reads_in_stage_names(db):
    at = _open(db, "deal", db.deal)
    at.selectbox(key=f"{KEY}:hist_prop").select("stage_id").run()
    frame = at.dataframe[0].value
    assert frame["Old value"].tolist() == ["Qualified to buy"]
    assert frame["New value"].tolist() == ["Contract sent"]


def test_a_project_and_a_custom_object_have_record_pages(db):
    at = _open(db, "project", db.project)
    assert plain(at.title[0].value) == "Acme SSO setup"
    assert plain(at.caption[0].value) == "Stage: Kick-off"
    at = _open(db, "rollout", db.rollout)
    assert plain(at.title[0].value) == "Acme EU rollout"
    assert plain(at.caption[0].value) == "Stage: Live · Owner: Carl Csm"


def test_an_unknown_kind_is_still_refused_and_lists_the_custom_object(db):
    at = _open(db, "planet", db.deal)
    message = at.error[0].value
    assert "which kind of record to show" in message and "“deal”" in message and "“rollout”" in message
    assert not at.title
