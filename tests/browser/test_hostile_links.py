"""A link that carries markdown shows it as text in the real browser: no live link to the
outside and no remote image, whatever Streamlit's markdown (GFM autolinks included) does
with it. The unit and page tests check the escaping; this checks what a person sees."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.browser

HOSTILE = {
    "view": "[Sign in again](http://evil.example)",
    "created": "![x](http://evil.example/x.png)",
    "page": "see www.evil.example or ceo@evil.example",
}


def _shown(text: str) -> re.Pattern:
    """`text` as it reads on screen; md() puts invisible word joiners after "scheme:",
    "www" and "@" so that GFM does not autolink them."""
    return re.compile(re.sub(r"(:|www|@)", "\\1\u2060?", re.escape(text)))


def test_markdown_in_a_link_shows_as_text_and_links_nowhere(page, app_url):
    query = "&".join(f"{k}={quote(v)}" for k, v in HOSTILE.items())
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD, path=f"/customers?{query}")
    main = page.locator('[data-testid="stMain"]')
    for value in HOSTILE.values():
        expect(main.get_by_text(_shown(value))).to_be_visible()
    expect(page.locator('a[href*="evil.example"], img[src*="evil.example"]')).to_have_count(0)
    shot(page, "customers-hostile-link")
