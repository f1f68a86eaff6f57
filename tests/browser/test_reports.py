"""Reports and dashboards in Chromium, on their own demo app (the journeys change the
Overview's reports, add a dashboard and make a reader Polish): a CS leader fills the
Overview with five reports and is refused a sixth; an admin adds a dashboard for one team,
which that team sees and another team does not; a click on a bar, or on one part of a
stacked bar, opens the list of exactly its records; every library report in English and in
Polish, saved as screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib import i18n
from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from cslib.i18n import _
from cslib.reports import BY_KEY, LIBRARY, MAX_OVERVIEW_REPORTS
from cslib.reports.overview import FIRST_DEFAULTS
from tests.browser.conftest import SHOTS, TALL, running_app, settled, shot, sign_in

pytestmark = pytest.mark.browser

MANAGER, ADMIN = "manager@demo.example", "admin@demo.example"
EMEA_CSM, AMERICAS_CSM = "csm1@demo.example", "csm2@demo.example"  # Chris Novak, Priya Patel
POLISH_READER = "csm3@demo.example"  # Lars Jensen (EMEA): nobody else here reads as him
AMERICAS = "Americas Customer Success"
LEADERSHIP, EMEA_BOARD = "Customer health at a glance", "EMEA team: tasks and renewals"  # the demo's
# The library reports on each demo dashboard (renewals_by_month is on both: shot once).
ON_BOARD = {
    LEADERSHIP: (
        "health_distribution",
        "health_over_time",
        "health_by_owner",
        "no_recent_activity",
        "renewals_by_month",
        "revenue_funnel",
        "alerts_weekly",
        "activity_by_type",
    ),
    EMEA_BOARD: ("overdue_by_owner", "tasks_completed_weekly"),
}
ADDED = ("health_by_owner", "tasks_completed_weekly", "alerts_weekly", "activity_by_type", "no_recent_activity")
FULL = "The Overview holds at most 5 reports. Remove one to add another."
LONG = {"width": 1280, "height": 4000}  # a whole dashboard
LONGEST = {"width": 1280, "height": 6000}  # the Overview down to its five reports


@pytest.fixture(scope="module")
def reports_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("reports")) as url:
        yield url


@pytest.fixture
def open_page(browser):
    """A page in a new browser (its own sign-in), of the given viewport."""
    contexts = []

    def make(viewport: dict = TALL):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _in(language: str, message: str) -> str:
    with i18n.use(language):
        return _(message)


def _name(key: str, language: str = "en") -> str:
    return _in(language, BY_KEY[key].name)


def _main(page):
    return page.get_by_test_id("stMain")


def _card(page, title: str):
    """A report's bordered card, found by its title (the card's second block up: the
    first is the column beside the ⋮ menu that holds the title)."""
    return _main(page).get_by_text(title, exact=True).locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][2]")


def _drawn(card):
    """What shows once a report is drawn: a plotly trace, or the KPI's number."""
    return card.locator(".js-plotly-plot g.trace").first.or_(card.get_by_test_id("stMetricValue"))


def _report_count(page):
    return _main(page).get_by_text(re.compile(r"^\d+ of \d+ reports?$"))


def _reports(n: int) -> re.Pattern:
    return re.compile(rf"^{n} of {MAX_OVERVIEW_REPORTS} reports?$")


def _open_popover(button) -> None:
    """Open a popover unless the last run left it open (Streamlit keeps an open popover
    open through a rerun)."""
    settled(button.page)  # the run is over: aria-expanded is the popover's final state
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    expect(button).to_have_attribute("aria-expanded", "true")


def _close_popover(button) -> None:
    """Close a popover the last run left open (it would cover what is under it)."""
    settled(button.page)
    if button.get_attribute("aria-expanded") == "true":
        button.page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")


def _menu_button(card):
    """A card's ⋮ (its help text draws the button twice: the first is the visible one)."""
    return card.get_by_test_id("stPopoverButton").first


def _popover(page):
    return page.get_by_test_id("stPopoverBody")


def _choose(page, scope, label: str, option: str) -> None:
    """Pick `option` in the selectbox `label` inside `scope`; return once it shows."""
    box = scope.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    box.blur()  # no focus ring in the screenshots


def _shot_from(page, name: str, top) -> None:
    """A screenshot of the main area from `top` down (a whole Overview is too tall to read)."""
    content = page.get_by_test_id("stMainBlockContainer").bounding_box()
    y = top.bounding_box()["y"] - 16
    bottom = content["y"] + content["height"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    clip = {"x": content["x"], "y": y, "width": content["width"], "height": bottom - y}
    page.screenshot(path=str(SHOTS / f"{name}.png"), clip=clip)


def _add_to_overview(page, name: str) -> None:
    _open_popover(page.get_by_role("button", name="+ Add report"))
    body = _popover(page)
    _choose(page, body, "Report", f"{name} · Library")
    add = body.get_by_role("button", name="Add report")
    expect(add).to_be_enabled()  # the pick's rerun has drawn the button for it
    add.click()


def test_a_cs_leader_adds_five_reports_to_the_overview_and_is_refused_a_sixth(reports_app, open_page):
    page = open_page(LONGEST)
    sign_in(page, reports_app, MANAGER, DEMO_PASSWORD)
    count = _report_count(page)
    expect(count).to_have_text("5 of 5 reports")  # the workspace's defaults
    for left, key in reversed(list(enumerate(FIRST_DEFAULTS))):
        card = _card(page, _name(key))
        expect(_drawn(card)).to_be_visible()
        _open_popover(_menu_button(card))
        _popover(page).get_by_role("button", name="Remove from the Overview").click()
        expect(card).to_have_count(0)
        expect(count).to_have_text(_reports(left))
    expect(_main(page).get_by_text("No reports yet. Use “+ Add report” to pick up to five.")).to_be_visible()

    for n, key in enumerate(ADDED, start=1):
        _add_to_overview(page, _name(key))
        expect(_drawn(_card(page, _name(key)))).to_be_visible()
        expect(count).to_have_text(_reports(n))

    _add_to_overview(page, _name("health_distribution"))
    expect(_popover(page).get_by_text(FULL, exact=True)).to_be_visible()
    expect(count).to_have_text("5 of 5 reports")
    expect(_card(page, _name("health_distribution"))).to_have_count(0)
    _shot_from(page, "reports-overview-sixth-refused", _main(page).get_by_role("heading", name="Reporting"))

    page.reload()
    expect(count).to_have_text("5 of 5 reports")
    for key in ADDED:
        expect(_drawn(_card(page, _name(key)))).to_be_visible()
    settled(page)
    titles = [_name(key) for key in ADDED]
    boxes = [_card(page, t).bounding_box() for t in titles]
    reading_order = sorted(range(len(titles)), key=lambda i: (round(boxes[i]["y"]), boxes[i]["x"]))
    assert [titles[i] for i in reading_order] == titles  # in the order they were added
    _shot_from(page, "reports-overview-five", _main(page).get_by_role("heading", name="Reporting"))


def _dashboard_names(page) -> list[str]:
    """The "Dashboard" selectbox's choices (its list opened, read, and closed)."""
    box = _main(page).get_by_role("combobox", name="Dashboard")
    box.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    names = options.all_inner_texts()
    page.keyboard.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)
    return names


def test_an_admin_adds_a_dashboard_for_one_team_that_only_this_team_sees(reports_app, open_page):
    board = "Americas renewals review"
    page = open_page()
    sign_in(page, reports_app, ADMIN, DEMO_PASSWORD, path="/dashboards")
    expect(_main(page).get_by_role("heading", name=LEADERSHIP)).to_be_visible()
    settled(page)  # the page's one run is over: the popover's field keeps what is typed
    create = page.get_by_role("button", name="+ Create dashboard")
    _open_popover(create)
    _popover(page).get_by_label("Dashboard name").fill(board)
    _popover(page).get_by_role("button", name="Create", exact=True).click()
    expect(_main(page).get_by_role("heading", name=board)).to_be_visible()
    shot(page, "dashboards-created")
    _close_popover(create)
    expect(page).to_have_url(re.compile(r"[?&]id=\d+"))
    board_id = re.search(r"[?&]id=(\d+)", page.url).group(1)
    expect(_main(page).get_by_text("Not in the workspace yet: only you and admins see it.")).to_be_visible()
    expect(_main(page).get_by_text("This dashboard has no reports yet.")).to_be_visible()

    renewals = _name("renewals_by_month")
    _open_popover(_main(page).get_by_role("button", name="+ Add report"))
    _choose(page, _popover(page), "Report", renewals)
    _popover(page).get_by_role("button", name="Add report").click()
    expect(_drawn(_card(page, renewals))).to_be_visible()
    settled(page)
    shot(page, "dashboards-new-board-editing")

    _main(page).get_by_role("button", name="Add dashboard", exact=True).click()
    dialog = page.get_by_role("dialog")
    _choose(page, dialog, "Dashboard", board)
    dialog.get_by_text("Assign to teams", exact=True).click()
    dialog.get_by_role("combobox", name="Teams").click()
    page.get_by_role("option", name=AMERICAS, exact=True).click()
    expect(dialog.get_by_test_id("stMultiSelect")).to_contain_text(AMERICAS)
    dialog.get_by_text("Access", exact=True).click()  # away from the list: it closes
    expect(page.get_by_role("listbox")).to_have_count(0)
    dialog.get_by_text("I confirm users will get view access to this dashboard", exact=True).click()
    expect(dialog.get_by_role("checkbox")).to_be_checked()
    shot(page, "dashboards-add-for-a-team")
    dialog.get_by_role("button", name="Add dashboard", exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(_main(page).get_by_text(f"In the workspace for the teams {AMERICAS}.", exact=True)).to_be_visible()
    expect(_main(page).get_by_role("heading", name=board)).to_be_visible()

    member = open_page()
    sign_in(member, reports_app, AMERICAS_CSM, DEMO_PASSWORD, path=f"/dashboards?id={board_id}")
    expect(_main(member).get_by_role("heading", name=board)).to_be_visible()
    expect(_drawn(_card(member, renewals))).to_be_visible()
    assert board in _dashboard_names(member)
    shot(member, "dashboards-team-member-sees-it")

    outsider = open_page()
    sign_in(outsider, reports_app, EMEA_CSM, DEMO_PASSWORD, path="/dashboards")
    expect(_main(outsider).get_by_role("heading", name=LEADERSHIP)).to_be_visible()
    names = _dashboard_names(outsider)
    assert board not in names and LEADERSHIP in names and EMEA_BOARD in names
    outsider.goto(f"{reports_app}/dashboards?id={board_id}")
    note = "That dashboard does not exist or is not shared with you. Showing another one."
    expect(_main(outsider).get_by_text(note, exact=True)).to_be_visible()
    expect(_main(outsider).get_by_role("heading", name=LEADERSHIP)).to_be_visible()
    settled(outsider)
    expect(_main(outsider).get_by_role("heading", name=board)).to_have_count(0)
    shot(outsider, "dashboards-other-team-refused")


def _count_label(page, noun: str):
    return _main(page).get_by_text(re.compile(rf"^[\d,]+ {noun}s?$")).first


def _shows(n: int, noun: str) -> re.Pattern:
    return re.compile(rf"^{n:,} {noun}s?$")


def _view_data(card) -> list[list[str]]:
    """The rows of a report's "View data" table, as its cells read (the grid draws on a
    canvas and keeps its cells in the DOM for screen readers)."""
    card.get_by_text("View data", exact=True).click()
    grid = card.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    expect(grid.locator('[role="gridcell"]').first).to_be_attached()
    settled(card.page)
    width = grid.locator('[role="columnheader"]').count()
    cells = grid.locator('[role="gridcell"]').all_text_contents()
    return [cells[i : i + width] for i in range(0, len(cells), width)]


def _hover_text(card, segment) -> list[str]:
    """The tooltip's lines over one bar: the category, the value (and a stack's series)."""
    segment.hover(force=True)
    tip = card.locator(".hoverlayer g.hovertext")
    expect(tip).to_be_visible()
    lines = [t.strip() for t in tip.locator("text.nums tspan").all_text_contents()]
    series = [t.strip() for t in tip.locator("text.name").all_text_contents() if t.strip()]
    return lines + series


def test_clicking_a_bar_opens_the_list_of_its_tasks(reports_app, open_page):
    page = open_page()
    sign_in(page, reports_app, EMEA_CSM, DEMO_PASSWORD)
    card = _card(page, _name("overdue_by_owner"))
    bars = card.locator(".js-plotly-plot g.point path")
    expect(bars.first).to_be_visible()
    rows = _view_data(card)  # assignee, number of tasks, the list's link
    assert len(rows) == bars.count() >= 2, rows
    values = [int(r[1].replace(",", "")) for r in rows]
    at = next(i for i, v in enumerate(values) if values.count(v) == 1 and i > 0)  # a bar told apart by its count
    owner, value = rows[at][0], values[at]
    assert _hover_text(card, bars.nth(at)) == [owner, f"{value:,}"]
    shot(page, "reports-bar-before-click")
    bars.nth(at).click(force=True)
    expect(page).to_have_url(re.compile(r"/actions\?"))
    expect(_main(page).get_by_role("heading", name="All tasks")).to_be_visible()
    expect(_count_label(page, "task")).to_have_text(_shows(value, "task"))
    shot(page, "reports-bar-opens-tasks")


def _open_dashboard(page, name: str, label: str = "Dashboard") -> None:
    _choose(page, _main(page), label, name)
    expect(_main(page).get_by_role("heading", name=name)).to_be_visible()


def test_clicking_one_part_of_a_stacked_bar_opens_the_list_of_its_customers(reports_app, open_page):
    page = open_page(LONG)
    sign_in(page, reports_app, EMEA_CSM, DEMO_PASSWORD, path="/dashboards")
    _open_dashboard(page, LEADERSHIP)
    card = _card(page, _name("health_by_owner"))
    segments = card.locator(".js-plotly-plot g.trace.bars g.point path")
    expect(segments.first).to_be_visible()
    settled(page)
    # The tallest segment: the pointer over its centre hovers it and nothing else.
    heights = [box["height"] if (box := s.bounding_box()) else 0 for s in segments.all()]
    tallest = segments.nth(heights.index(max(heights)))
    owner, value, category = _hover_text(card, tallest)
    n = int(value.replace(",", ""))
    assert category in ("At risk", "Neutral", "Healthy", "(No value)") and n > 0, (owner, value, category)
    tallest.click(force=True)
    expect(page).to_have_url(re.compile(r"/customers\?"))
    expect(_count_label(page, "customer")).to_have_text(_shows(n, "customer"))
    cells = _main(page).get_by_test_id("stDataFrame").locator('[role="gridcell"]')
    expect(cells.first).to_be_attached()
    settled(page)
    shown = cells.all_text_contents()
    people = {a.name for a in DEMO_ACCOUNTS}
    assert {c for c in shown if c in people} == {owner}, shown  # every row is that owner's
    shot(page, "reports-stacked-bar-opens-customers")


def _shoot_dashboards(page, language: str) -> None:
    """Each demo dashboard in full, then each library report's card on its own."""
    shot_done = set()
    for board, keys in ON_BOARD.items():
        _open_dashboard(page, board, _in(language, "Dashboard"))
        cards = {key: _card(page, _name(key, language)) for key in keys}
        for card in cards.values():
            expect(_drawn(card)).to_be_visible()
        settled(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        slug = "leadership" if board == LEADERSHIP else "emea"
        shot(page, f"reports-dashboard-{slug}-{language}")
        for key, card in cards.items():
            if key not in shot_done:
                card.screenshot(path=str(SHOTS / f"report-{key}-{language}.png"))
                shot_done.add(key)
    assert shot_done == {r.key for r in LIBRARY}


def test_every_library_report_in_english(reports_app, open_page):
    page = open_page(LONG)
    sign_in(page, reports_app, EMEA_CSM, DEMO_PASSWORD, path="/dashboards")
    _shoot_dashboards(page, "en")


def test_every_library_report_in_polish(reports_app, open_page):
    page = open_page(LONG)
    sign_in(page, reports_app, POLISH_READER, DEMO_PASSWORD, path="/dashboards")
    expect(_main(page).get_by_role("heading", name="Dashboards")).to_be_visible()
    settled(page)
    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Polski", exact=True).click()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    # Drawn anew: right after the switch the selectboxes still show their English choice
    # ("All time", "Everyone") until the page is loaded again, on every page.
    page.reload()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    _shoot_dashboards(page, "pl")
    text = _main(page).inner_text()
    assert "View data" not in text and "Date range" not in text
