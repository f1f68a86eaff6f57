"""Exports in Chromium, on their own demo app (the worker builds real files here): a CSM saves
a view with columns in their own order, exports it to XLSX with Polish headers, waits on the
Exports page until it is ready and downloads it through the link (the file's header row is
the view's columns, in order, in Polish); another user gets 404 for the same link. A Danish
reader's dialog stays Danish through its own reruns, and the Exports page through its
refreshes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from cslib import i18n
from cslib.db import make_engine, read_session
from cslib.demo import DEMO_PASSWORD
from cslib.properties import properties_for
from tests.browser.conftest import TALL, running_app, settled, shot, sign_in

pytestmark = pytest.mark.browser

CSM, OTHER, DANE = "csm1@demo.example", "csm2@demo.example", "csm3@demo.example"
COLUMNS = ("arr", "name", "lifecycle_stage", "domain")  # not the default order
BUILT = 60_000  # ms: the in-app worker picks the job up within seconds and builds ~80 rows


@pytest.fixture(scope="module")
def export_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("exports")
    with running_app(data) as url:
        engine = make_engine(f"sqlite:///{next(Path(data).rglob('*.db'))}")
        yield url, engine
        engine.dispose()


def _pick(dialog, page, label: str, option: str) -> None:
    dialog.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _open_export(page, button: str = "Export"):
    page.locator(".st-key-customers_export").get_by_role("button", name=button).click()
    dialog = page.get_by_test_id("stDialog")
    expect(dialog).to_be_visible()
    settled(page)
    return dialog


def _queued_id(page, built: str) -> int:
    """The id in the confirmation's link to the Exports page ("…?export=ID")."""
    done = page.get_by_test_id("stAlert").filter(has_text=built)
    expect(done).to_be_visible()
    href = done.get_by_role("link").get_attribute("href")
    return int(re.search(r"export=(\d+)", href).group(1))


def _status(row, word: str):
    """A row's status badge reading `word` (after its icon's ligature text). A badge with a
    tooltip is in the page twice (the tooltip's own copy): the first is the one shown."""
    return row.get_by_text(re.compile(rf"\b{word}$")).first


def _save_view(page, url: str, name: str) -> None:
    page.goto(f"{url}/customers?cols={','.join(COLUMNS)}&sort=arr:desc")
    expect(page.get_by_text("You changed this view's filters, columns or sort.")).to_be_visible()
    page.get_by_role("button", name="+ Create view").click()
    dialog = page.get_by_test_id("stDialog")
    expect(dialog).to_be_visible()
    settled(page)
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create view").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    settled(page)


def _polish_headers(engine) -> list[str]:
    """The header row the engine writes: Record ID, then the view's columns, in Polish."""
    with read_session(engine) as s, i18n.use("pl"):
        props = properties_for(s, "company")
        return [props["id"].label] + [props[c].label for c in COLUMNS]


def test_a_csm_exports_a_saved_view_to_xlsx_with_polish_headers_and_downloads_it(export_app, tall, browser):
    url, engine = export_app
    page = tall
    sign_in(page, url, CSM, DEMO_PASSWORD, path="/customers")
    _save_view(page, url, "Biggest accounts")

    dialog = _open_export(page)
    _pick(dialog, page, "File format", "XLSX")
    _pick(dialog, page, "Language of column headers", "Polski")
    name = dialog.get_by_role("textbox", name="Export name")
    assert name.input_value().startswith("Biggest accounts ")  # the view's name and today
    name.fill("Biggest accounts æøå")
    shot(page, "exports-dialog-en")
    dialog.get_by_role("button", name="Export", exact=True).click()
    export_id = _queued_id(page, "is being built")
    expect(dialog).to_be_hidden()
    shot(page, "exports-queued-en")

    page.goto(f"{url}/exports?export={export_id}")
    row = page.locator(f".st-key-export_row_{export_id}")
    expect(row.get_by_text("Biggest accounts æøå")).to_be_visible()
    expect(_status(row, "Ready")).to_be_visible(timeout=BUILT)
    settled(page)
    shot(page, "exports-page-en")
    href = row.get_by_role("link", name="Download").get_attribute("href")
    assert href == f"/exports/{export_id}/download"

    response = page.context.request.get(f"{url}{href}")
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert "attachment" in response.headers["content-disposition"]
    assert "Biggest%20accounts%20%C3%A6%C3%B8%C3%A5.xlsx" in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.body()), read_only=True)
    header = [c.value for c in next(book.active.iter_rows(max_row=1))]
    assert header == _polish_headers(engine)
    assert header[0] == "Identyfikator rekordu"
    assert book.active.max_row > 1  # the CSM's customers, not just a header

    other = browser.new_context()
    try:
        stranger = other.new_page()
        sign_in(stranger, url, OTHER, DEMO_PASSWORD)
        refused = stranger.context.request.get(f"{url}{href}")
        assert refused.status == 404 and b"PK" not in refused.body()[:2]
    finally:
        other.close()
    signed_out = browser.new_context()
    try:
        r = signed_out.request.get(f"{url}{href}", max_redirects=0)
        assert r.status == 303 and r.headers["location"] == "/exports"
    finally:
        signed_out.close()


def test_a_danish_reader_keeps_danish_in_the_dialog_and_on_the_exports_page(export_app, browser):
    url, _engine = export_app
    context = browser.new_context(locale="da-DK", viewport=TALL)
    page = context.new_page()
    try:
        sign_in(page, url, DANE, DEMO_PASSWORD, path="/customers", sign_out="Log ud")
        expect(page.get_by_role("heading", name="Ejet af mig")).to_be_visible()
        settled(page)

        dialog = _open_export(page, "Eksporter")
        dialog.get_by_text("Tilpas").click()
        dialog.get_by_text("Alle egenskaber og tilknytninger", exact=True).click()  # the dialog reruns alone
        expect(dialog.get_by_role("radio", name="Alle tilknyttede poster (kun CSV)")).to_be_enabled()
        settled(page)
        expect(dialog.get_by_text("Sprog for kolonneoverskrifter")).to_be_visible()
        assert "File format" not in dialog.inner_text()
        shot(page, "exports-dialog-da")
        dialog.get_by_role("button", name="Eksporter", exact=True).click()
        export_id = _queued_id(page, "oprettes")

        page.goto(f"{url}/exports?export={export_id}")
        row = page.locator(f".st-key-export_row_{export_id}")
        expect(_status(row, "Klar")).to_be_visible(timeout=BUILT)
        settled(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "Rækker" in main and "Rows" not in main and "Ready" not in main
        shot(page, "exports-page-da")
    finally:
        context.close()
