"""Names and link values shown back as literal text: a shared default view named like a
markdown link or image shows as those characters on the Customers page (title, view menu,
toasts) and on everyone's Overview, never as a live link or a remote image; a link's
ignored value is quoted the same way. See tests/HOSTILE_INPUTS.md."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cslib import views
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import WorkspaceSettings
from cslib.ui.md import md
from cslib.users import get_actor
from tests.app.signed_in import live_markup, run_as
from tests.factories import make_company, make_user

CUSTOMERS = str(PROJECT_ROOT / "pages" / "customers.py")
HOME = str(PROJECT_ROOT / "Home.py")
NAMES = {"link": "[Sign in again](http://evil.example)", "image": "![x](http://evil.example/x.png)"}


def test_the_live_markup_check_sees_links_and_images():
    assert live_markup("[Sign in again](http://evil.example)") and live_markup("![x](http://e/x.png)")
    assert live_markup("<http://evil.example>") and not live_markup(md("[a](http://e) ![x](y) <http://e>"))
    assert not live_markup("[View record](/record?type=company&id=1)")  # our own relative links


@pytest.fixture(params=NAMES.values(), ids=NAMES.keys())
def db(request, app_database):
    name = request.param
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        admin = make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        make_company(s, name="Acme Corp", owner_id=csm.id)
    prepare(app_database, get_settings())
    with write_session(app_database) as s:
        view = views.create_view(
            s,
            get_actor(s, admin.id),
            "company",
            name=name,
            sharing="everyone",
            set_default=True,
            default_description=f"Read {name} now",
        )
    return app_database, view.id, name


def _texts(at: AppTest) -> list[str]:
    """The markdown body of every element that renders markdown."""
    bodies = [
        e.value
        for kind in ("markdown", "caption", "title", "subheader", "warning", "error", "info", "toast")
        for e in getattr(at, kind)
    ]
    return bodies + [b.label for b in at.button] + [b.help or "" for b in at.button]


def _assert_literal(at: AppTest, name: str) -> None:
    texts = _texts(at)
    assert not at.exception, at.exception
    assert any(md(name) in t for t in texts), texts
    assert not [t for t in texts if live_markup(t)], [t for t in texts if live_markup(t)]


def test_the_views_name_is_literal_on_the_customers_page_and_in_the_view_menu(db):
    engine, view_id, name = db
    at = run_as(engine, "csm@example.com", AppTest.from_file(CUSTOMERS, default_timeout=30), view=str(view_id))
    _assert_literal(at, name)
    assert at.title[0].value == md(name)
    assert md(name) in [b.label for b in at.button]  # the view menu
    assert any(md(f"Read {name} now", one_line=False) in c.value for c in at.caption)


@pytest.mark.parametrize("email", ["csm@example.com", "admin@example.com"])  # the admin's "Manage" lists names
def test_the_views_name_is_literal_on_everyones_overview(db, email):
    engine, _, name = db
    at = run_as(engine, email, AppTest.from_file(HOME, default_timeout=30))
    _assert_literal(at, name)
    assert f"**{md(name)}**" in [m.value for m in at.markdown]


def test_removing_the_default_view_on_the_overview_toasts_its_name_there_literally(db):
    engine, view_id, name = db
    at = run_as(engine, "admin@example.com", AppTest.from_file(HOME, default_timeout=30))
    at.button(key=f"dv_drop_{view_id}").click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == [md(f"“{name}” is no longer a default view.")]


def test_the_pin_toast_quotes_the_name_literally(db):
    engine, view_id, name = db
    at = run_as(engine, "csm@example.com", AppTest.from_file(CUSTOMERS, default_timeout=30), view=str(view_id))
    at.button(key=f"customers_views_pin_{view_id}").click().run()
    _assert_literal(at, name)
    assert [t.value for t in at.toast] == [md(f"Pin view: {name}.")]


@pytest.mark.parametrize("value", [NAMES["link"], NAMES["image"], "<img src=http://evil.example/x.png>"])
@pytest.mark.parametrize("param", ["view", "page", "created"])
def test_an_ignored_link_value_is_quoted_literally(app_database, param, value):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        make_user(s, email="csm@example.com", name="Carl Csm")
    prepare(app_database, get_settings())
    at = run_as(app_database, "csm@example.com", AppTest.from_file(CUSTOMERS, default_timeout=30), **{param: value})
    assert not at.exception, at.exception
    notes = [w.value for w in at.warning]
    assert any("was ignored" in n for n in notes), notes
    assert not [n for n in notes if live_markup(n)], notes
