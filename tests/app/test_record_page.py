"""The record page (pages/record.py) through AppTest, on a real SQLite file with a real
sign-in token: what it shows, editing properties (history, stale edits), logging a note,
bad links and access."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from cslib import activities, records, users
from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.models import Activity, Company, Contact, PropertyHistory, WorkspaceSettings
from cslib.ui.session import TOKEN_KEY
from cslib.users import get_actor
from tests.app.signed_in import plain
from tests.factories import PASSWORD, make_company, make_pipeline, make_record, make_user

PAGE = str(PROJECT_ROOT / "pages" / "record.py")
KEY = "recpage"
T = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        other = make_user(s, email="olga@example.com", name="Olga Other")
        make_user(s, email="noseat@example.com", name="Nora Noseat", has_service_seat=False)
        co = make_company(s, name="Acme & Co [EU]", domain="acme.example", owner_id=csm.id, arr=12000.0)
        ann = Contact(first_name="Ann", last_name="Lee", email="ann@acme.example", job_title="CFO")
        s.add(ann)
        s.flush()
        deal = make_record(s, make_pipeline(s, "deal", stages=("Qualified", "Won")), name="Acme renewal", amount=5000.0)
        me = get_actor(s, csm.id)
        records.associate(s, me, "company", co.id, "contact", ann.id)
        records.associate(s, me, "company", co.id, "deal", deal.id)
        activities.log_activity(
            s, me, "company", co.id, type="note", subject=None, body="Kick-off went **well**.", occurred_at=T
        )
        s.add(
            Activity(
                type="email_open",
                occurred_at=T + timedelta(hours=1),
                company_id=co.id,
                contact_id=ann.id,
                subject="Newsletter",
                details={"campaign": "Product marketing"},
            )
        )
    return SimpleNamespace(engine=app_database, company=co.id, csm=csm.id, other=other.id)


def _open(db, email: str = "csm@example.com", *, type_: str | None = "company", id_: str | None = "CO") -> AppTest:
    with write_session(db.engine) as s:
        token = users.sign_in(s, email, PASSWORD).token
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[TOKEN_KEY] = token
    if type_ is not None:
        at.query_params["type"] = type_
    if id_ is not None:
        at.query_params["id"] = str(db.company) if id_ == "CO" else id_
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return plain("\n".join(parts))


def test_the_page_shows_name_properties_activities_and_associations(db):
    at = _open(db)
    assert plain(at.title[0].value) == "Acme & Co [EU]"
    assert at.text_input(key=f"{KEY}:about:p:name").value == "Acme & Co [EU]"
    assert at.number_input(key=f"{KEY}:about:p:arr").value == 12000.0
    assert at.selectbox(key=f"{KEY}:about:p:owner_id").value == db.csm
    text = _texts(at)
    assert "acme.example · Company owner: Carl Csm" in text
    assert "Kick-off went **well**." in text
    assert any(r"went \*\*well\*\*\." in m.value for m in at.markdown)  # literally, never as bold
    assert any(r"Acme \& Co \[EU\]" in t.value for t in at.title)
    assert "Email opened" in text and "Campaign: Product marketing" in text
    assert "1 Contact" in text and "1 Deal" in text
    assert "Ann Lee" in text and "CFO · ann@acme.example" in text
    assert "Acme renewal" in text and "Qualified · $5,000" in text
    assert "Associations (2)" in [t.label for t in at.tabs]


def test_editing_a_property_writes_history_shown_under_details(db):
    at = _open(db)
    at.number_input(key=f"{KEY}:about:p:arr").set_value(15000.0)
    at.button(key=f"{KEY}:save").click().run()
    assert not at.exception and not at.error
    with read_session(db.engine) as s:
        arr = s.get(Company, db.company).arr
        rows = s.execute(select(PropertyHistory.property, PropertyHistory.new_value)).all()
    assert arr == 15000.0 and rows == [("arr", "15000")]
    assert [plain(t.value) for t in at.toast] and "Saved 1 property." in plain(at.toast[0].value)
    at.selectbox(key=f"{KEY}:hist_prop").set_value("arr").run()
    history = at.dataframe[0].value
    assert list(history["Old value"]) == ["$12,000"] and list(history["New value"]) == ["$15,000"]
    assert list(history["Changed by"]) == ["Carl Csm"]


def test_a_bad_value_shows_the_message_and_keeps_what_was_typed(db):
    at = _open(db)
    at.text_input(key=f"{KEY}:about:p:name").input("Acme\x00Evil")
    at.button(key=f"{KEY}:save").click().run()
    assert any("Company name cannot contain a NUL character." in plain(e.value) for e in at.error)
    assert at.text_input(key=f"{KEY}:about:p:name").value == "Acme\x00Evil"
    with read_session(db.engine) as s:
        assert s.get(Company, db.company).name == "Acme & Co [EU]"


def test_a_stale_edit_shows_the_conflict_and_saves_nothing(db):
    at = _open(db)
    with write_session(db.engine) as s:  # Olga saves while Carl's form is open
        olga = get_actor(s, db.other)
        records.update_properties(s, olga, "company", db.company, {"city": "Aarhus"}, expected_version=1)
    at.text_input(key=f"{KEY}:about:p:name").input("Acme Carl")
    at.button(key=f"{KEY}:save").click().run()
    errors = [plain(e.value) for e in at.error]
    assert any("Olga Other changed this record" in e and "Nothing was saved" in e for e in errors), errors
    with read_session(db.engine) as s:
        company = s.get(Company, db.company)
        assert (company.name, company.city) == ("Acme & Co [EU]", "Aarhus")
        assert s.scalar(select(PropertyHistory.property).where(PropertyHistory.changed_by_id == db.csm)) is None
    at.button(key=f"{KEY}:reload").click().run()
    assert not at.error
    assert _field(at, "name").value == "Acme & Co [EU]"
    assert _field(at, "city").value == "Aarhus"


def test_logging_a_note_adds_it_to_the_timeline(db):
    at = _open(db)
    at.button(key=f"{KEY}:btn:note").click().run()
    at.text_area(key=f"{KEY}:f:note:body").input("Renewal call booked for [next] week.")
    at.button(key=f"{KEY}:f:note:save").click().run()
    assert not at.exception and not at.error
    assert "Renewal call booked for [next] week." in _texts(at)
    with read_session(db.engine) as s:
        bodies = s.scalars(select(Activity.body).where(Activity.type == "note").order_by(Activity.id)).all()
    assert bodies[-1] == "Renewal call booked for [next] week."
    assert f"{KEY}:f:note:body" not in at.session_state  # the form closed and was cleared


def test_an_empty_note_is_refused_with_the_message(db):
    at = _open(db)
    at.button(key=f"{KEY}:btn:note").click().run()
    at.button(key=f"{KEY}:f:note:save").click().run()
    assert any("The note cannot be empty." in plain(e.value) for e in at.error)


@pytest.mark.parametrize(
    ("type_", "id_", "message"),
    [
        ("company", "abc", "its id must be a whole number"),
        ("company", None, "its id must be a whole number"),
        ("company", "-4", "its id must be a whole number"),
        ("company", "99999999999999999999999", "its id must be a whole number"),
        ("planet", "1", "which kind of record to show"),
        (None, "1", "which kind of record to show"),
    ],
)
def test_a_bad_link_shows_a_clear_message(db, type_, id_, message):
    at = _open(db, type_=type_, id_=id_)
    assert any(message in e.value for e in at.error)
    assert any("Go to the Overview" in m.value for m in at.markdown)
    assert not at.title


def test_a_missing_record_says_so(db):
    at = _open(db, id_="424242")
    assert any("does not exist" in w.value for w in at.warning)


def test_a_user_without_a_seat_gets_no_access(db):
    at = _open(db, "noseat@example.com")
    assert any("No access" in e.value for e in at.error)
    assert not at.title and not at.text_input


def test_follow_from_the_actions_menu(db):
    at = _open(db)
    at.button(key=f"{KEY}:follow").click().run()
    assert not at.exception
    with read_session(db.engine) as s:
        assert activities.is_following(s, get_actor(s, db.csm), "company", db.company)
    assert at.button(key=f"{KEY}:unfollow").label == "Unfollow"


def test_the_timeline_filters_by_type_and_loads_older_pages(db):
    with write_session(db.engine) as s:
        s.add_all(
            Activity(type="page_view", occurred_at=T - timedelta(days=d), company_id=db.company, subject=f"Visit {d}")
            for d in range(1, 26)
        )
    at = _open(db)
    assert "Visit 18" in _texts(at) and "Visit 19" not in _texts(at)  # 20 newest: 2 + 18 visits
    at.button(key=f"{KEY}:older").click().run()
    assert "Visit 25" in _texts(at) and "27 activities in all." in _texts(at)
    at.button_group(key=f"{KEY}:tl_types").set_value(["note"]).run()
    text = _texts(at)
    assert "Kick-off went **well**." in text and "Visit 1" not in text and "1 activity in all." in text


def test_merging_into_the_other_company_shows_the_kept_one_with_both_histories(db):
    from cslib.models import Activity, PropertyHistory

    with write_session(db.engine) as s:
        beta = make_company(s, name="Beta Corp", domain="beta.example", owner_id=None).id
        make_company(s, name="Gamma Ltd")
        s.add(Activity(type="note", company_id=beta, body="Beta's own note"))
    with read_session(db.engine) as s:
        history_before = s.scalar(
            select(func.count()).select_from(PropertyHistory).where(PropertyHistory.object_id.in_((beta, db.company)))
        )
    at = _open(db)
    at.button(key=f"{KEY}:show_merge").click().run()
    at.text_input(key=f"{KEY}:merge:q").input("beta").run()
    pick = at.radio(key=f"{KEY}:merge:pick")
    assert [plain(o) for o in pick.options][0].startswith("Beta Corp · beta.example")
    pick.set_value(beta).run()
    at.radio(key=f"{KEY}:merge:keep:{beta}").set_value(beta).run()
    warning = plain(at.warning[0].value)
    assert warning.startswith("Merge Acme & Co [EU] into Beta Corp? Acme & Co [EU]'s activities, tasks")
    at.button(key=f"{KEY}:merge:go").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert plain(at.title[0].value) == "Beta Corp"
    assert any("Acme & Co [EU] was merged into this record." in plain(i.value) for i in at.info)
    assert at.query_params["id"] == str(beta)
    with read_session(db.engine) as s:
        gone = s.get(Company, db.company)
        assert gone.merged_into_id == beta and gone.deleted_at is not None
        history_after = s.scalar(
            select(func.count()).select_from(PropertyHistory).where(PropertyHistory.object_id == beta)
        )
    assert history_after > history_before  # both histories, plus the merge and filled properties
    assert "Beta's own note" in _texts(at)


def test_custom_properties_of_every_type_get_a_widget_and_save(db):
    from cslib.models import PropertyDefinition
    from tests.factories import make_object_type

    with write_session(db.engine) as s:
        make_object_type(s, "company")
        for name, type_ in (("go_live", "date"), ("active", "bool"), ("sponsor", "user"), ("story", "text")):
            s.add(PropertyDefinition(object_type="company", name=name, label=name.title(), type=type_))
        s.add(PropertyDefinition(object_type="company", name="last_login", label="Last login", type="datetime"))
    at = _open(db)
    at.date_input(key=f"{KEY}:about:p:go_live").set_value(date(2027, 3, 1))
    at.checkbox(key=f"{KEY}:about:p:active").check()
    at.selectbox(key=f"{KEY}:about:p:sponsor").set_value(db.other)
    at.text_area(key=f"{KEY}:about:p:story").input("Line one\nLine two")
    at.button(key=f"{KEY}:save").click().run()
    assert not at.exception and not at.error
    with read_session(db.engine) as s:
        custom = s.get(Company, db.company).custom
    assert custom == {"go_live": "2027-03-01", "active": True, "sponsor": db.other, "story": "Line one\nLine two"}


def test_a_change_made_elsewhere_is_announced_with_a_reload_button(db):
    at = _open(db)
    assert not at.info
    with write_session(db.engine) as s:
        olga = get_actor(s, db.other)
        records.update_properties(s, olga, "company", db.company, {"city": "Odense"}, expected_version=1)
    at.run()
    assert any("changed since the form was opened" in i.value for i in at.info)
    assert at.text_input(key=f"{KEY}:about:p:city").value == ""  # the form still shows what was drawn
    at.button(key=f"{KEY}:reload").click().run()
    assert _field(at, "city").value == "Odense" and not at.info


def _field(at: AppTest, name: str):  # noqa: ANN202
    """The About form's input for property `name`, whatever generation of keys it is drawn with."""
    (widget,) = [w for w in at.text_input if (w.key or "").startswith(f"{KEY}:about:") and w.key.endswith(f"p:{name}")]
    return widget


def _as_a_browser_would(at: AppTest, shown: dict[str, object]) -> None:
    """A browser keeps showing (and sends back on the next interaction) what it showed for
    every widget whose id did not change, whatever the server forgot: `shown` maps widget
    ids to the values on screen before the last run."""
    for widget in at.text_input:
        if widget.id in shown:
            widget.input(shown[widget.id])


def test_reload_after_a_conflict_shows_the_saved_value_and_a_second_save_overwrites_nothing(db):
    at = _open(db)
    with write_session(db.engine) as s:  # Olga saves the city while Carl's form is open
        olga = get_actor(s, db.other)
        records.update_properties(s, olga, "company", db.company, {"city": "Aarhus"}, expected_version=1)
    _field(at, "city").input("Odense")
    at.button(key=f"{KEY}:save").click().run()
    assert any("Olga Other changed this record" in plain(e.value) for e in at.error)
    shown = {w.id: w.value for w in at.text_input}
    at.button(key=f"{KEY}:reload").click().run()
    _as_a_browser_would(at, shown)
    assert _field(at, "city").value == "Aarhus"
    at.button(key=f"{KEY}:save").click().run()
    assert not at.error and not at.toast
    assert any("Nothing changed" in i.value for i in at.info)
    with read_session(db.engine) as s:
        assert s.get(Company, db.company).city == "Aarhus"
        assert s.scalar(select(func.count()).where(PropertyHistory.changed_by_id == db.csm)) == 0
    _field(at, "city").input("Odense")  # a deliberate edit on the reloaded form saves
    at.button(key=f"{KEY}:save").click().run()
    assert not at.error and "Saved 1 property." in plain(at.toast[0].value)
    with read_session(db.engine) as s:
        assert s.get(Company, db.company).city == "Odense"
