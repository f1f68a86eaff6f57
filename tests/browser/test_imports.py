"""Settings → Import in Chromium, on its own demo app (the in-app worker runs the imports): an
admin imports a companies file (Record IDs from another system) and a contacts file that
names those companies by their source IDs, keeping the guessed columns; finds the companies
on Customers and the contact on its company's page; then undoes the contacts import from the
list of past imports: the contact is gone, the companies stay."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import running_app, settled, shot, sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.example"
RAN = 60_000  # ms: the in-app worker picks the job up within seconds and writes a few rows
COMPANIES = (
    "Record ID,Company name,Company Domain Name\n"
    "ext-101,Fjordline Imports ApS,fjordline-imports.example\n"
    "ext-102,Kestrel Imports ApS,kestrel-imports.example\n"
    "ext-103,Nordvik Imports ApS,nordvik-imports.example\n"
)
CONTACTS = (
    "First Name,Last Name,Email,Associated Company IDs\n"
    "Ingrid,Solberg,ingrid.solberg@fjordline-imports.example,ext-101\n"
    "Tomasz,Wrona,tomasz.wrona@kestrel-imports.example,ext-102\n"
)
NAMES = ("Fjordline Imports ApS", "Kestrel Imports ApS", "Nordvik Imports ApS")


@pytest.fixture(scope="module")
def import_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("imports")) as url:
        yield url


def _open_import(page, url: str) -> None:
    page.goto(f"{url}/settings")
    tab = page.get_by_role("tab", name="Import", exact=True)
    expect(tab).to_be_visible()
    settled(page)  # a tab is picked in the browser only: pick it once no run redraws the tabs
    tab.click()
    expect(page.get_by_role("heading", name="1. Choose a file")).to_be_visible()


def _import(page, path, holds: str, preview: str, targets: list[str], rows: int, name: str) -> None:
    """Upload `path` as a file of `holds`, keep the guessed columns, check the preview and
    import it; return once its summary is drawn."""
    box = page.get_by_role("combobox", name="The file holds")
    settled(page)  # the wizard's run has ended: a choice made now is kept
    if box.input_value() != holds:
        box.click()
        page.get_by_role("option", name=holds, exact=True).click()
        expect(box).to_have_value(holds)
        settled(page)  # the uploader of this run takes the file
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_role("heading", name="3. Check and import")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(preview)).to_be_visible()
    mapped = main.locator('[class*="st-key-imp_map_"][class*="_target"]').get_by_role("combobox")
    expect(mapped).to_have_count(len(targets))
    for box, target in zip(mapped.all(), targets, strict=True):
        expect(box).to_have_value(target)  # the guessed column, kept
    shot(page, f"imports-{name}-preview")
    page.get_by_role("button", name=f"Import {rows} rows").click()
    expect(main.get_by_text("Done: the file is imported.")).to_be_visible(timeout=RAN)
    created = main.get_by_test_id("stMetric").filter(has_text="Created")
    expect(created.get_by_test_id("stMetricValue")).to_have_text(str(rows))
    settled(page)
    shot(page, f"imports-{name}-done")


def _find_customers(page, url: str, text: str) -> None:
    """Customers, all of them, searched by a part of the company name."""
    page.goto(f"{url}/customers?view=all")
    expect(page.get_by_role("heading", name="All customers")).to_be_visible()
    settled(page)
    page.get_by_role("button", name=re.compile("Advanced filters")).click()
    menu = page.get_by_test_id("stPopoverBody")
    menu.get_by_role("combobox").first.click()
    page.get_by_role("option", name="Company name", exact=True).click()
    # The operator and value widgets are keyed by property (and operator): wait for the
    # ones the rerun draws for "name", not the old ones still on screen.
    menu.locator('[class*="st-key-"][class*="_name"]').get_by_role("combobox").click()
    page.get_by_role("option", name="contains", exact=True).click()
    menu.locator('[class*="st-key-"][class*="_name_contains"]').get_by_role("textbox").fill(text)
    menu.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"adv="))
    toggle = page.get_by_role("button", name="Advanced filters (1)")
    expect(toggle).to_be_visible()
    toggle.click()  # the menu stays open over the list after applying: close it
    expect(menu).to_be_hidden()


def _cells(page):
    return page.get_by_test_id("stDataFrame").locator('[role="gridcell"]')


def test_an_admin_imports_companies_and_contacts_finds_them_and_undoes_the_contacts(import_app, tall, tmp_path):
    url, page = import_app, tall
    companies, contacts = tmp_path / "fjordline-companies.csv", tmp_path / "fjordline-contacts.csv"
    companies.write_text(COMPANIES, encoding="utf-8")
    contacts.write_text(CONTACTS, encoding="utf-8")
    sign_in(page, url, ADMIN, DEMO_PASSWORD, path="/settings")

    _open_import(page, url)
    _import(
        page,
        companies,
        "Companies",
        "3 new records, 0 updates, 0 rows with problems (all 3 rows checked)",
        ["Record ID", "Company name", "Company domain name"],
        3,
        "companies",
    )
    page.get_by_role("button", name="New import").click()
    expect(page.get_by_role("heading", name="1. Choose a file")).to_be_visible()
    _import(
        page,
        contacts,
        "Contacts",
        "2 new records, 0 updates, 0 rows with problems (all 2 rows checked)",
        ["First name", "Last name", "Email", "Associated Company IDs"],
        2,
        "contacts",
    )

    _find_customers(page, url, "Imports ApS")
    expect(page.get_by_text("3 customers", exact=True)).to_be_visible()
    for name in NAMES:
        expect(_cells(page).filter(has_text=name)).to_have_count(1)
    settled(page)
    shot(page, "imports-customers")
    found = page.url
    # The grid is a canvas redrawn in place by the filter's rerun: it drops a click that
    # comes with no pointer movement over it first (a person's pointer always moves there;
    # Playwright's click does not). A freshly loaded grid takes it: open the search's link.
    page.goto(found)
    expect(_cells(page).filter(has_text=NAMES[0])).to_have_count(1)
    settled(page)  # the layout above the grid is final: click by position
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first row's name: A–Z, Fjordline
    dialog = page.get_by_test_id("stDialog")
    expect(dialog.get_by_role("heading", name=NAMES[0])).to_be_visible()
    dialog.get_by_role("link", name="View record").click()
    page.wait_for_url(re.compile(r"/record\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAMES[0])
    record = page.url
    associations = page.get_by_role("tab", name="Associations (1)")
    expect(associations).to_be_visible()
    settled(page)  # a tab is picked in the browser only: pick it once no run redraws the tabs
    associations.click()
    panel = page.locator('[role="tabpanel"]:visible')
    expect(panel.get_by_role("link", name="Ingrid Solberg")).to_be_visible()
    expect(panel.get_by_text("Tomasz Wrona")).to_have_count(0)  # Kestrel's contact
    shot(page, "imports-record-contact")

    _open_import(page, url)
    row = page.locator('[class*="st-key-imp_row_"]').filter(has_text="fjordline-contacts.csv")
    expect(row.get_by_text("2 created")).to_be_visible()
    row.get_by_role("button", name="Undo import").click()
    confirm = page.get_by_test_id("stPopoverBody")
    expect(confirm.get_by_text("This deletes the 2 records it created")).to_be_visible()
    confirm.get_by_role("button", name="Undo import").click()
    expect(row.get_by_text(re.compile(r"\bUndone$")).first).to_be_visible(timeout=RAN)
    companies_row = page.locator('[class*="st-key-imp_row_"]').filter(has_text="fjordline-companies.csv")
    expect(companies_row.get_by_text(re.compile(r"\bDone$")).first).to_be_visible()
    settled(page)
    shot(page, "imports-undone")

    page.goto(record)
    expect(page.get_by_role("heading", level=1)).to_have_text(NAMES[0])
    associations = page.get_by_role("tab", name="Associations (0)")
    expect(associations).to_be_visible()
    settled(page)
    associations.click()
    expect(panel.get_by_text("No associated records yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Ingrid Solberg")).to_have_count(0)  # in no tab
    shot(page, "imports-record-undone")
    page.goto(found)
    expect(page.get_by_text("3 customers", exact=True)).to_be_visible()
    for name in NAMES:
        expect(_cells(page).filter(has_text=name)).to_have_count(1)
