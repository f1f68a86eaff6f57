"""The Feed in Chromium (issue 15), on its own demo app (the journey deletes items, seeds
activity and makes a reader Danish): a CSM filters to e-mail opens, searches a company,
loads older items, deletes an item and undoes it, creates a task from an item and finds it
under Actions; a Danish CSM reads the Feed in Danish."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import running_app, settled, shot, sign_in

pytestmark = pytest.mark.browser

CSM, DANE = "csm1@demo.example", "csm2@demo.example"
ITEMS = "[class*='st-key-feed-item-'][class*='-box']"
DANISH_MOMENT = re.compile(r"\d{1,2}\. [a-zæøå]+\.? \d{4}, \d{2}:\d{2}")
SUBJECT = "Feed journey: renewal check-in"  # three opens of it within the hour, seeded
# Per item, as a reader sees it: its activity id, the contact and company links, the
# sentence under them and the time's hover text.
READ_ITEMS = """els => els.map(box => {
  const who = box.querySelector("a[href*='type=contact']");
  const company = box.querySelector("a[href*='type=company']");
  const texts = [...box.querySelectorAll('[data-testid="stMarkdownContainer"]')];
  const at = texts.findIndex(t => t.contains(who));
  const time = box.querySelector('span[title]');
  return {
    id: box.className.match(/st-key-feed-item-(\\d+)-box/)[1],
    contact: who ? who.textContent : null,
    contactHref: who ? who.getAttribute('href') : null,
    company: company ? company.textContent : null,
    companyHref: company ? company.getAttribute('href') : null,
    sentence: at >= 0 && texts[at + 1] ? texts[at + 1].textContent : null,
    exact: time ? time.getAttribute('title') : null,
  };
})"""


@pytest.fixture(scope="module")
def feed_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("feed")
    with running_app(data) as url:
        yield url, next(Path(data).rglob("*.db"))


def _seed_grouped_opens(db: Path, email: str) -> str:
    """Three opens of one e-mail, seconds apart, by a contact at a company the user owns:
    the Feed's newest item, grouped into one (the demo's activity all happened before the
    app started, so seconds before now is newer than any of it). Returns the company's name."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with closing(sqlite3.connect(db, timeout=10)) as con, con:
        company_id, company, contact_id = con.execute(
            "SELECT c.id, c.name, k.id FROM companies c"
            " JOIN users u ON u.id = c.owner_id"
            " JOIN associations a ON a.from_type = 'company' AND a.from_id = c.id AND a.to_type = 'contact'"
            " JOIN contacts k ON k.id = a.to_id"
            " WHERE u.email = ? AND c.deleted_at IS NULL AND c.merged_into_id IS NULL"
            " AND k.deleted_at IS NULL AND k.merged_into_id IS NULL"
            " ORDER BY c.id, k.id LIMIT 1",
            (email,),
        ).fetchone()
        for seconds in (3, 2, 1):
            at = (now - timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S.%f")
            con.execute(
                "INSERT INTO activities (type, occurred_at, company_id, contact_id, subject, details, created_at)"
                " VALUES ('email_open', ?, ?, ?, ?, ?, ?)",
                (at, company_id, contact_id, SUBJECT, json.dumps({"email_subject": SUBJECT}), at),
            )
    return company


def _set_language(db: Path, email: str, language: str) -> None:
    with closing(sqlite3.connect(db, timeout=10)) as con, con:
        con.execute("UPDATE users SET language = ? WHERE email = ?", (language, email))


def _items(page) -> list[dict]:
    """The items on screen; call it once the run that drew them has ended (settled)."""
    return page.eval_on_selector_all(ITEMS, READ_ITEMS)


def _box(page, item_id: str):
    return page.locator(f".st-key-feed-item-{item_id}-box")


def _icon_button(page, key: str):
    """An icon-only button by its widget key (its tooltip holds a copy: the first is it)."""
    return page.locator(f".st-key-{key} button").first


def _no_error(page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _pick_type(page, label: str) -> None:
    page.get_by_role("combobox", name="Activity type").click()
    page.get_by_role("option", name=label, exact=True).click()
    page.keyboard.press("Escape")  # close the list
    expect(page.get_by_role("listbox")).to_have_count(0)


def _search(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.fill(text)
    box.press("Enter")


def test_a_csm_filters_searches_pages_deletes_and_follows_up_from_the_feed(feed_app, tall):
    url, db = feed_app
    page = tall
    grouped_company = _seed_grouped_opens(db, CSM)
    sign_in(page, url, CSM, DEMO_PASSWORD, path="/feed")
    items = page.locator(ITEMS)
    expect(items.first).to_be_visible()
    settled(page)
    first = _items(page)
    assert len(first) == 25
    assert first[0]["sentence"] == f"Opened the email “{SUBJECT}” 3 times"
    assert first[0]["company"] == grouped_company
    for item in first:
        assert re.fullmatch(r"/record\?type=contact&id=\d+", item["contactHref"]), item
        assert item["company"] and re.fullmatch(r"/record\?type=company&id=\d+", item["companyHref"]), item
        assert re.search(r"\d{4}, \d{2}:\d{2}$", item["exact"] or ""), item  # the exact time, on hover
        assert item["sentence"] and not re.search(r"[{}]|\bNone\b", item["sentence"]), item
    _no_error(page)
    shot(page, "feed-en")

    _pick_type(page, "Email opened")
    expect(page).to_have_url(re.compile(r"[?&]type=email_open(&|$)"))
    expect(items.filter(has_not_text="Opened the email")).to_have_count(0)
    expect(items.first).to_be_visible()
    settled(page)
    opens = _items(page)
    assert opens and all(i["sentence"].startswith("Opened the email") for i in opens), opens
    shot(page, "feed-en-email-opens")

    company = opens[0]["company"]
    _search(page, company)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(items.filter(has_not=page.get_by_role("link", name=company, exact=True))).to_have_count(0)
    expect(items.first).to_be_visible()
    settled(page)
    found = _items(page)
    assert found and all(i["company"] == company for i in found), found
    assert all(i["sentence"].startswith("Opened the email") for i in found), found
    assert "type=email_open" in page.url
    shot(page, "feed-en-search")

    _search(page, "")
    expect(page).not_to_have_url(re.compile(r"[?&]q="))
    settled(page)  # the cleared search is drawn: the chip's click is not lost in its run
    page.get_by_role("button", name="Remove Email opened").click()
    expect(page).to_have_url(re.compile(r"/feed$"))
    expect(items.filter(has_not_text="Opened the email").first).to_be_visible()
    expect(items).to_have_count(25)
    settled(page)
    before = [i["id"] for i in _items(page)]
    _icon_button(page, "feed-older").click()
    expect(items.nth(25)).to_be_attached()
    settled(page)
    after = [i["id"] for i in _items(page)]
    assert len(after) > 25 and len(set(after)) == len(after), after
    assert after[:25] == before
    page.locator(".st-key-feed-older").scroll_into_view_if_needed()
    shot(page, "feed-en-older")

    victim = _items(page)[1]
    _icon_button(page, f"feed-item-{victim['id']}-delete").click()
    expect(_box(page, victim["id"])).to_have_count(0)
    deleted = page.get_by_text(f"Deleted “{victim['contact']}” from your Feed. It stays on the record.")
    expect(deleted).to_be_visible()
    settled(page)
    _no_error(page)
    shot(page, "feed-en-deleted")
    _icon_button(page, "feed-undo").click()
    expect(_box(page, victim["id"])).to_be_visible()
    expect(deleted).to_have_count(0)
    settled(page)
    assert [i["id"] for i in _items(page)][1] == victim["id"]  # back in its place
    _icon_button(page, f"feed-item-{victim['id']}-delete").click()
    expect(_box(page, victim["id"])).to_have_count(0)
    settled(page)

    other = _items(page)[2]
    box = _box(page, other["id"])
    _icon_button(page, f"feed-item-{other['id']}-btn-task").click()
    expect(box.get_by_label("Task title")).to_be_visible()
    settled(page)
    title = f"Follow up on the Feed {datetime.now(UTC):%H%M%S%f}"
    box.get_by_label("Task title").fill(title)
    shot(page, "feed-en-task-form")
    box.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Task created.").first).to_be_visible()
    expect(box.get_by_label("Task title")).to_have_count(0)

    page.goto(f"{url}/feed")
    expect(items.first).to_be_visible()
    settled(page)
    assert victim["id"] not in [i["id"] for i in _items(page)]  # deleted for good

    only_it = {"property": "title", "operator": "eq", "value": title}
    page.goto(f"{url}/actions?view=all&adv={quote(json.dumps(only_it))}")
    cells = page.get_by_test_id("stDataFrame").locator('[role="gridcell"]')
    expect(cells.filter(has_text=title)).to_have_count(1)
    settled(page)
    row = cells.all_text_contents()
    assert title in row and other["company"] in row, row  # linked to the item's company too
    shot(page, "feed-en-task-in-actions")


def test_a_danish_csm_reads_the_feed_in_danish(feed_app, tall):
    url, db = feed_app
    page = tall
    _set_language(db, DANE, "da")
    _seed_grouped_opens(db, DANE)
    sign_in(page, url, DANE, DEMO_PASSWORD, path="/feed", sign_out="Log ud")
    expect(page.get_by_role("heading", name="Feed", exact=True)).to_be_visible()
    expect(page.locator(ITEMS).first).to_be_visible()
    settled(page)
    _no_error(page)
    shot(page, "feed-da")
    main = page.get_by_test_id("stMain")
    # The glossary's terms (locale/GLOSSARY.md, "Feed, dashboards, export").
    expect(main.get_by_text("Aktivitetstype", exact=True)).to_be_visible()
    expect(main.get_by_text("Sekvensregistrering", exact=True)).to_be_visible()
    expect(main.get_by_role("button", name="Indlæs ældre aktiviteter")).to_be_visible()
    items = _items(page)
    assert items[0]["sentence"] == f"Åbnede e-mailen “{SUBJECT}” 3 gange"
    english = re.compile(r"^(Opened|Clicked|Replied|Viewed|Submitted|Was|Booked) ")
    assert not [i["sentence"] for i in items if english.match(i["sentence"])]
    assert DANISH_MOMENT.fullmatch(items[0]["exact"]), items[0]["exact"]  # "5. dec. 2026, 02:35"
    text = main.inner_text()
    assert "Activity type" not in text and "Load older" not in text and " ago" not in text
