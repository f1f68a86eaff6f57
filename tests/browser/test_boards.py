"""Revenue and Projects boards in Chromium, on their own demo app (the tests change stages
and pipelines): a CSM drags a deal to "Closed won" and the table agrees; a move into a
stage with a required property asks for it and refuses an empty value; the keyboard path
through a card's "Move to stage…"; a project pipeline switch changes the columns; and the
eight-stage board at 1280 px, in English and Danish."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cslib import records
from cslib.db import make_engine, read_session, write_session
from cslib.demo import DEMO_PASSWORD
from cslib.models import Pipeline, PipelineStage, Record, User
from cslib.permissions import Actor
from tests.browser.conftest import running_app, settled, shot, sign_in

pytestmark = pytest.mark.browser

CSM = "csm1@demo.example"
# Every column in sight: a native drag towards a column out of sight scrolls the board
# under the pointer and picks up another card (the 1280 px board is shot below).
WIDE = {"width": 2600, "height": 1400}


@pytest.fixture(scope="module")
def board_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("boards")
    with running_app(data) as url:
        engine = make_engine(f"sqlite:///{next(Path(data).rglob('*.db'))}")
        _prepare(engine)
        yield url, engine
        engine.dispose()


def _prepare(engine) -> None:  # noqa: ANN001
    """An eighth stage in the Sales pipeline, and a second project pipeline."""
    with write_session(engine) as s:
        admin = Actor.from_user(s.scalar(select(User).where(User.email == "admin@demo.example")))
        sales = s.scalar(select(Pipeline).where(Pipeline.name == "Sales pipeline"))
        stage = records.add_stage(s, admin, sales.id, "Negotiation")
        for _ in range(2):  # before "Closed won" and "Closed lost"
            records.move_stage(s, admin, stage.id, "up")
        records.create_pipeline(s, admin, "project", "Renewal projects", ["Plan renewal", "Sign-off"])


def _stage_id(engine, name: str) -> int:  # noqa: ANN001
    with read_session(engine) as s:
        return s.scalar(select(PipelineStage.id).where(PipelineStage.name == name))


def _deal_in(engine, stage: str) -> Record:  # noqa: ANN001
    """One of the CSM's deals in `stage` of the Sales pipeline (a name without quotes)."""
    with read_session(engine) as s:
        me = s.scalar(select(User.id).where(User.email == CSM))
        rows = s.scalars(
            select(Record)
            .where(Record.owner_id == me, Record.stage_id == _stage_id(engine, stage), Record.deleted_at.is_(None))
            .order_by(Record.name)
        ).all()
        s.expunge_all()
    return next(r for r in rows if '"' not in r.name)


def _stage_of(engine, record_id: int) -> int:  # noqa: ANN001
    with read_session(engine) as s:
        return s.get(Record, record_id).stage_id


def column(page, stage_id: int):  # noqa: ANN001, ANN201
    return page.locator(f".cs-col[data-stage='{stage_id}']")


def card(page, record_id: int):  # noqa: ANN001, ANN201
    return page.locator(f".cs-card[data-id='{record_id}']")


def _open_board(page, url: str, path: str = "/revenue?layout=board") -> None:  # noqa: ANN001
    sign_in(page, url, CSM, DEMO_PASSWORD, path)
    expect(page.locator(".cs-card").first).to_be_visible()
    settled(page)


def _drag(page, record_id: int, stage_id: int) -> None:  # noqa: ANN001
    card(page, record_id).drag_to(column(page, stage_id).locator(".cs-col-head"))


def test_a_csm_drags_a_deal_to_closed_won_and_board_and_table_agree(page, board_app):
    url, engine = board_app
    deal, won = _deal_in(engine, "Contract sent"), _stage_id(engine, "Closed won")
    page.set_viewport_size(WIDE)
    _open_board(page, url)
    _drag(page, deal.id, won)
    expect(column(page, won).locator(f".cs-card[data-id='{deal.id}']")).to_be_visible()
    expect(page.get_by_test_id("stToast").filter(has_text="Moved")).to_be_visible()
    assert _stage_of(engine, deal.id) == won

    # The table of the same view, filtered to that stage and name, lists the deal too.
    only = {
        "all": [
            {"property": "stage_id", "operator": "in", "value": [won]},
            {"property": "name", "operator": "eq", "value": deal.name},
        ]
    }
    link = f"/revenue?layout=table&view=all&adv={quote(json.dumps(only))}"
    page.goto(url + link)
    expect(page.get_by_text("1 record", exact=True)).to_be_visible()
    page.goto(url + link.replace("layout=table", "layout=board"))
    expect(column(page, won).locator(f".cs-card[data-id='{deal.id}']")).to_be_visible()
    expect(page.locator(".cs-card")).to_have_count(1)


def test_a_move_into_a_stage_with_a_required_property_asks_for_it(page, board_app):
    url, engine = board_app
    deal, lost = _deal_in(engine, "Qualified to buy"), _stage_id(engine, "Closed lost")
    page.set_viewport_size(WIDE)
    _open_board(page, url)
    _drag(page, deal.id, lost)
    dialog = page.get_by_test_id("stDialog")
    expect(dialog.get_by_text("Move to Closed lost", exact=True)).to_be_visible()
    settled(page)  # no faded copy of the board's run left beside the dialog's form
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_text(re.compile("Closed lost needs Closed lost reason"))).to_be_visible()
    settled(page)
    assert _stage_of(engine, deal.id) != lost  # refused: nothing saved
    shot(page, "boards-required-property")

    dialog.get_by_label("Closed lost reason").click()
    page.get_by_role("option", name=re.compile("Price", re.I)).click()
    dialog.get_by_role("button", name="Save").click()
    expect(column(page, lost).locator(f".cs-card[data-id='{deal.id}']")).to_be_visible()
    assert _stage_of(engine, deal.id) == lost


def test_a_cancelled_move_leaves_the_card_where_it_was(page, board_app):
    url, engine = board_app
    deal, lost = _deal_in(engine, "Qualified to buy"), _stage_id(engine, "Closed lost")
    home = _stage_of(engine, deal.id)
    page.set_viewport_size(WIDE)
    _open_board(page, url)
    _drag(page, deal.id, lost)
    dialog = page.get_by_test_id("stDialog")
    expect(dialog.get_by_text("Move to Closed lost", exact=True)).to_be_visible()
    settled(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(column(page, home).locator(f".cs-card[data-id='{deal.id}']")).to_be_visible()
    expect(card(page, deal.id)).not_to_have_class(re.compile(r"\bis-moving\b"))
    assert _stage_of(engine, deal.id) == home


def test_the_keyboard_moves_a_deal_through_its_stage_menu(page, board_app):
    url, engine = board_app
    deal, target = _deal_in(engine, "Appointment scheduled"), _stage_id(engine, "Qualified to buy")
    page.set_viewport_size(WIDE)
    _open_board(page, url)
    button = card(page, deal.id).get_by_role("button", name="Move to stage…")
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("Enter")
    options = card(page, deal.id).get_by_role("option")
    expect(options.first).to_have_text("Qualified to buy")
    expect(options.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(column(page, target).locator(f".cs-card[data-id='{deal.id}']")).to_be_visible()
    assert _stage_of(engine, deal.id) == target


def test_a_project_pipeline_switch_changes_the_columns(page, board_app):
    url, _engine = board_app
    _open_board(page, url, "/projects?layout=board&view=all")
    titles = page.locator(".cs-col-title")
    expect(titles).to_have_text(["Kick-off", "Configuration", "Training", "Go-live", "Completed"])
    page.get_by_role("combobox", name="Pipeline").click()
    page.get_by_role("option", name="Renewal projects", exact=True).click()
    expect(titles).to_have_text(["Plan renewal", "Sign-off"])
    expect(page).to_have_url(re.compile(r"pipeline=\d+"))


@pytest.mark.parametrize("language", ["en", "da"])
def test_the_eight_stage_board_at_1280_px(page, board_app, language):
    url, engine = board_app
    page.set_viewport_size({"width": 1280, "height": 2000})
    _open_board(page, url)
    _set_language(engine, None if language == "en" else language)
    try:
        page.goto(f"{url}/revenue?layout=board")
        columns = page.locator(".cs-col")
        expect(columns).to_have_count(8)
        expect(page.locator(".cs-col-title").nth(5)).to_have_text("Negotiation")
        if language == "da":
            expect(page.get_by_role("button", name="Log ud")).to_be_visible()
        settled(page)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= 1280  # the board scrolls inside its own box, not the page
        shot(page, f"boards-eight-stages-{language}")
    finally:
        _set_language(engine, None)


def _set_language(engine, language: str | None) -> None:  # noqa: ANN001
    with write_session(engine) as s:
        s.scalar(select(User).where(User.email == CSM)).language = language
