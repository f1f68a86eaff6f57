"""No list leaves through the grid's own toolbar: st.dataframe's "Download as CSV" is off for
everyone (client.disableDataExport), so files only come from the permission-checked Export."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.browser


def _hover_grid_toolbar(page):
    """Hover the list's grid until its toolbar shows; return the toolbar."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    grid.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    expect(toolbar.get_by_role("button").first).to_be_visible()
    return toolbar


@pytest.mark.parametrize(
    ("email", "path"),
    [("noexport@demo.example", "/customers"), ("csm1@demo.example", "/actions")],
)
def test_list_grid_offers_no_csv_download(page, app_url, email, path):
    sign_in(page, app_url, email, DEMO_PASSWORD, path=path)
    expect(page.get_by_text(re.compile(r"^[\d,]+ (customers?|tasks?)$")).first).to_be_visible()
    toolbar = _hover_grid_toolbar(page)
    # The toolbar is there (search, full screen), only the download is gone.
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    expect(toolbar.get_by_role("button", name="Download as CSV")).to_have_count(0)
    shot(page, f"grid-toolbar-{path.strip('/')}")
