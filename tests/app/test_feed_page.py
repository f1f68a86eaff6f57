"""The Feed tab through AppTest: items of the CSM's own companies in words, filters and the
search written to the link, bad link values explained, Load older, Delete with Undo for
oneself only, a follow-up task saved on the contact, and an admin viewing a CSM's feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.models import Activity, Association, Contact, FeedDismissal, Task, WorkspaceSettings
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_company, make_user

PAGE = str(PROJECT_ROOT / "pages" / "feed.py")
NOW = datetime.now(UTC).replace(microsecond=0)


def _contact(s, company, first: str, last: str) -> Contact:
    contact = Contact(first_name=first, last_name=last, email=f"{first.lower()}@{company.domain}")
    s.add(contact)
    s.flush()
    s.add(Association(from_type="company", from_id=company.id, to_type="contact", to_id=contact.id))
    return contact


def _event(s, contact, company, kind: str, subject: str, minutes_ago: int, **details) -> None:
    s.add(
        Activity(
            type=kind,
            occurred_at=NOW - timedelta(minutes=minutes_ago),
            contact_id=contact.id,
            company_id=company.id,
            subject=subject,
            details=details,
        )
    )


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        carl = make_user(s, email="csm@example.com", name="Carl Csm")
        olga = make_user(s, email="olga@example.com", name="Olga Other")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        acme = make_company(s, name="Acme Oy", domain="acme.example", owner_id=carl.id)
        other = make_company(s, name="Globex", domain="globex.example", owner_id=olga.id)
        ann = _contact(s, acme, "Ann", "Lee")
        bob = _contact(s, other, "Bob", "Stone")
        # Ann opened one e-mail three times within the hour: one item, "3 times".
        for minutes in (5, 20, 50):
            _event(s, ann, acme, "email_open", "Renewal next steps", minutes, email_subject="Renewal next steps")
        _event(s, ann, acme, "page_view", "Pricing", 90, url="https://www.example.com/pricing", page_title="Pricing")
        for i in range(30):  # older page views, one per day: a second page
            _event(s, ann, acme, "page_view", f"Guide {i}", 60 * 24 * (i + 1), page_title=f"Guide {i}")
        _event(s, bob, other, "email_open", "Olga's newsletter", 10)
    return app_database


def _newest_open():
    return select(Activity.id).where(Activity.subject == "Renewal next steps").order_by(Activity.occurred_at.desc())


def _items(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown if m.value.startswith(("Opened", "Viewed", "Clicked"))]


def test_a_csm_sees_their_companies_activity_in_words_grouped(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=60))
    assert not at.exception
    items = _items(at)
    assert items[0] == "Opened the email “Renewal next steps” 3 times"
    assert items[1].startswith("Viewed the page [Pricing](https://www.example.com/pricing)")
    assert len(items) == 25  # a page
    text = markdown(at)
    assert "Ann Lee" in plain(text) and "Acme Oy" in plain(text)
    assert "Bob Stone" not in plain(text) and "newsletter" not in text  # Olga's customer
    assert '<a href="/record?type=contact&amp;id=' in text and 'target="_self"' in text  # same tab
    at.button(key="feed:older").click().run()
    assert len(_items(at)) == 32 and len(set(_items(at))) == 32  # 1 + 1 + 30, no repeats
    assert not [b for b in at.button if b.key == "feed:older"]


def test_filters_and_search_go_into_the_link(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=60))
    at.multiselect(key="feed:types").set_value(["page_view"]).run()
    assert at.query_params["type"] == "page_view"
    assert all(t.startswith("Viewed") for t in _items(at))
    at.text_input(key="feed:q").input("guide 2").run()
    assert at.query_params["q"] == "guide 2"
    shown = _items(at)
    assert shown and all("Guide 2" in t for t in shown)
    at.text_input(key="feed:q").input("zzz-nothing").run()
    assert "No activity matches this search and these filters." in [i.value for i in at.info]


def test_bad_link_values_are_explained_and_the_rest_applies(db):
    at = run_as(
        db,
        "csm@example.com",
        AppTest.from_file(PAGE, default_timeout=60),
        type="email_open,bogus",
        sequence="sideways",
        user="x'1",
    )
    assert not at.exception
    notes = " ".join(plain(w.value) for w in at.warning)
    assert "“bogus” is not known" in notes and "“sideways” is not valid" in notes and "not a user id" in notes
    assert _items(at) == ["Opened the email “Renewal next steps” 3 times"]


def test_delete_hides_for_me_only_and_undo_restores(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=60))
    with read_session(db) as s:
        head = s.scalar(_newest_open())
    at.button(key=f"feed:item:{head}:delete").click().run()
    assert not at.exception
    assert _items(at)[0].startswith("Viewed the page")
    assert any("Deleted “Ann Lee” from your Feed" in plain(i.value) for i in at.info)
    with read_session(db) as s:
        assert s.scalar(select(FeedDismissal.user_id).limit(1)) is not None
        assert len(s.scalars(select(FeedDismissal.activity_id)).all()) == 3  # the whole group
    admin = run_as(db, "admin@example.com", AppTest.from_file(PAGE, default_timeout=60), user=_user_id(db, "csm"))
    assert _items(admin)[0].startswith("Viewed the page")  # Carl's own feed, as Carl sees it
    assert not [b for b in admin.button if str(b.key).endswith(":delete")]  # not the admin's to delete
    at.button(key="feed:undo").click().run()
    assert _items(at)[0] == "Opened the email “Renewal next steps” 3 times"


def _user_id(db, name: str) -> str:
    with read_session(db) as s:
        from cslib.models import User

        return str(s.scalar(select(User.id).where(User.email == f"{name}@example.com")))


def test_a_follow_up_task_is_saved_on_the_contact_and_company(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=60))
    with read_session(db) as s:
        head = s.scalar(_newest_open())
    at.button(key=f"feed:item:{head}:btn:task").click().run()
    prefix = f"feed:item:{head}:f:task:"
    at.text_input(key=f"{prefix}title").input("Call Ann about renewal")
    at.button(key=f"{prefix}save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    with read_session(db) as s:
        task = s.scalar(select(Task).where(Task.title == "Call Ann about renewal"))
        links = set(
            s.execute(
                select(Association.from_type, Association.to_type).where(
                    (Association.from_id == task.id) | (Association.to_id == task.id)
                )
            ).all()
        )
    assert task is not None
    assert ("company", "task") in links and ("contact", "task") in links


HOSTILE = "[click me](https://evil.example) <img src=x onerror=alert(1)> **bold** :red[x]"


def test_hostile_subjects_names_and_addresses_stay_text(db):
    with write_session(db) as s:
        carl_company = s.scalar(select(Association.from_id).limit(1))
        from cslib.models import Company

        acme = s.get(Company, carl_company)
        eve = _contact(s, acme, "<b>Eve</b>", "[x](https://evil.example)")
        _event(s, eve, acme, "email_open", HOSTILE, 1, email_subject=HOSTILE)
        _event(s, eve, acme, "page_view", HOSTILE, 2, page_title=HOSTILE, url="https://x.example/<img src=x>")
        _event(s, eve, acme, "email_click", "x", 3, email_subject="x", url="javascript:alert(1)")
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=60))
    assert not at.exception
    text = markdown(at)
    assert "<img" not in text.replace("\\<img", "")  # escaped, never raw HTML
    assert "<b>" not in text.replace("\\<b\\>", "")
    assert "](https://evil" not in text.replace("\\](https://evil", "")
    assert "javascript:" not in text and "x.example/<img" not in text
    shown = plain(text)
    assert "Opened the email “[click me](https://evil.example) <img src=x onerror=alert(1)> **bold** :red[x]”" in shown
    assert "Clicked a link in the email “x”" in shown
