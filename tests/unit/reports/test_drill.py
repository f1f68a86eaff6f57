"""Click-through (`drill_link`): the URL parameters of a bar, slice or point, read back by
the list code (`cslib.lists.parse` then `list_records`), select exactly the records
behind it, as many as the bar counts. On SQLite and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import date

from cslib import lists, reports
from cslib.properties import properties_for
from tests.factories import make_task
from tests.unit.reports.world import NOW, at, company, ctx, deal, definition, run, sales_pipeline, workspace

CPH = "Europe/Copenhagen"
COLUMNS = {"company": ["name"], "deal": ["name"], "task": ["title"]}


def listed(session, actor, obj: str, link, tz: str = "UTC") -> set[int]:  # noqa: ANN001
    """The ids the list tab shows for `link` (page, params), as the page would read them."""
    page, params = link
    state = lists.parse(params, properties_for(session, obj), obj)
    assert not state.notes and state.view_id == lists.ALL_RECORDS
    rows = lists.list_records(
        session,
        actor,
        obj,
        filters=[state.advanced],
        columns=COLUMNS[obj],
        sort=[],
        page_size=100,
        now=NOW,
        time_zone=tz,
    ).rows
    return {int(i) for i in rows["id"]}


def bar(result, *labels) -> tuple:  # noqa: ANN001
    """The keys and value of the bar whose groups read `labels`."""
    for row in result.rows:
        if tuple(result.label(i, k) for i, k in enumerate(row[:-1])) == labels:
            return tuple(row[:-1]), row[-1]
    raise AssertionError(f"no bar {labels}")


def click(session, result, *labels, **kw):  # noqa: ANN001
    keys, value = bar(result, *labels)
    return reports.drill_link(session, result.definition, keys, **kw), value


def test_a_choice_bar_and_its_no_value_bar_list_their_customers(session):
    people = workspace(session)
    retail = {company(session, industry="retail").id for _i in range(2)}
    company(session, industry="retail", deleted_at=NOW)
    other = {company(session, industry="education").id}
    unknown = {company(session, industry=None).id}
    result = run(session, definition("company", {"property": "industry"}), ctx(people.ada))

    (link, value) = click(session, result, "Retail")
    assert link[0] == "pages/customers.py" and value == 2
    assert listed(session, people.ada, "company", link) == retail
    link, value = click(session, result, "(No value)")
    assert listed(session, people.ada, "company", link) == unknown and value == 1
    assert listed(session, people.ada, "company", click(session, result, "Education")[0]) == other


def test_an_empty_text_and_no_text_are_one_bar_and_one_list(session):
    people = workspace(session)
    blank = {company(session, country="").id, company(session, country=None).id}
    company(session, country="Denmark")
    result = run(session, definition("company", {"property": "country"}), ctx(people.ada))
    link, value = click(session, result, "(No value)")
    assert listed(session, people.ada, "company", link) == blank and value == 2


def test_a_user_bar_lists_that_users_deals_on_the_revenue_tab(session):
    people = workspace(session)
    sales, (new, demo, *_rest) = sales_pipeline(session)
    adas = {
        deal(session, sales, new, 10, owner_id=people.ada.id).id,
        deal(session, sales, demo, 5, owner_id=people.ada.id).id,
    }
    bobs = {deal(session, sales, new, 1, owner_id=people.bob.id).id}
    nobodys = {deal(session, sales, new, 1).id}
    result = run(session, definition("deal", {"property": "owner_id"}, function="sum", prop="amount"), ctx(people.ada))

    link, value = click(session, result, "Ada")
    assert link[0] == "pages/revenue.py" and value == 15.0
    assert listed(session, people.bob, "deal", link) == adas
    assert listed(session, people.bob, "deal", click(session, result, "Bob")[0]) == bobs
    assert listed(session, people.bob, "deal", click(session, result, "No owner")[0]) == nobodys


def test_a_week_bar_lists_the_tasks_of_that_week_in_the_viewers_time_zone(session):
    people = workspace(session)
    ada = people.ada

    def due(when):  # noqa: ANN001, ANN202
        return make_task(session, assignee=ada, due_at=when).id

    sunday_night = due(at("2026-11-15", 23, 30))  # Monday 00:30 in Copenhagen
    week_16 = {sunday_night, due(at("2026-11-18", 9)), due(at("2026-11-22", 22, 0))}  # Sunday 23:00 there
    week_9 = {due(at("2026-11-09", 0, 30))}
    due(at("2026-11-22", 23, 30))  # Monday 23 November there
    result = run(session, definition("task", {"property": "due_at", "bucket": "week"}), ctx(ada, tz=CPH))

    link, value = click(session, result, "Nov 16")
    assert link[0] == "pages/actions.py" and value == 3
    assert listed(session, ada, "task", link, tz=CPH) == week_16
    assert listed(session, ada, "task", click(session, result, "Nov 9")[0], tz=CPH) == week_9


def test_a_month_bar_of_a_date_lists_the_customers_renewing_that_month(session):
    people = workspace(session)
    february = {company(session, renewal_date=date(2027, 2, d)).id for d in (1, 28)}
    company(session, renewal_date=date(2027, 1, 31))
    company(session, renewal_date=date(2027, 3, 1))
    result = run(session, definition("company", {"property": "renewal_date", "bucket": "month"}), ctx(people.ada))
    link, value = click(session, result, "Feb 2027")
    assert listed(session, people.ada, "company", link) == february and value == 2


def test_a_range_bar_lists_the_numbers_from_its_lower_end_up_to_its_upper_end(session):
    people = workspace(session)
    nps = {n: company(session, nps=n).id for n in (-20, -15, -10, -1, 0, 9, 10)}
    company(session, nps=None)
    result = run(session, definition("company", {"property": "nps", "bin": 10}), ctx(people.ada))
    link, value = click(session, result, "-10–0")
    assert listed(session, people.ada, "company", link) == {nps[-10], nps[-1]} and value == 2
    link, value = click(session, result, "-20–-10")
    assert listed(session, people.ada, "company", link) == {nps[-20], nps[-15]} and value == 2
    link, value = click(session, result, "(No value)")
    assert len(listed(session, people.ada, "company", link)) == value == 1


def test_a_funnel_bar_lists_the_deals_that_reached_its_stage(session):
    people = workspace(session)
    sales, (new, demo, proposal, won, lost) = sales_pipeline(session)
    made = {s.name: deal(session, sales, s, amount).id for s, amount in ((new, 1), (demo, 2), (proposal, 4), (won, 8))}
    deal(session, sales, lost, 100)
    funnel = reports.get_report(session, people.ada, reports.ensure_library(session)["revenue_funnel"])
    result = run(session, funnel.definition, ctx(people.ada))
    stages = [r[0] for r in result.rows]
    assert stages == [new.id, demo.id, proposal.id, won.id]

    (page, params), value = click(session, result, "Demo", funnel_keys=tuple(stages[1:]))
    assert value == 14.0 and page == "pages/revenue.py" and params["pipeline"] == str(sales.id)
    assert listed(session, people.ada, "deal", (page, params)) == {made["Demo"], made["Proposal"], made["Won"]}
    link, value = click(session, result, "Won", funnel_keys=(won.id,))
    assert listed(session, people.ada, "deal", link) == {made["Won"]} and value == 8.0


def test_a_stacked_bars_part_carries_both_groups_the_reports_filter_and_the_scope(session):
    people = workspace(session)
    ada, bob = people.ada, people.bob
    overdue_bob = {make_task(session, assignee=bob, due_at=at("2026-11-10")).id for _i in range(2)}
    make_task(session, assignee=bob, due_at=at("2026-11-10"), status="completed")  # the report's filter
    make_task(session, assignee=ada, due_at=at("2026-11-10"))
    make_task(session, assignee=bob, due_at=at("2026-11-20"))  # not overdue
    raw = definition(
        "task",
        {"property": "due_at", "bucket": "week"},
        {"property": "assignee_id"},
        filter={"property": "status", "operator": "not_in", "value": ["completed"]},
    )
    result = run(session, raw, ctx(ada))
    link, value = click(session, result, "Nov 9", "Bob")
    assert listed(session, ada, "task", link) == overdue_bob and value == 2
    scope = {"property": "title", "operator": "eq", "value": "nothing like this"}
    link, _value = click(session, result, "Nov 9", "Bob", scope=scope)
    assert listed(session, ada, "task", link) == set()


def test_a_kpi_lists_every_record_it_counts(session):
    people = workspace(session)
    stale = {company(session, last_activity_at=at("2026-09-01")).id, company(session, last_activity_at=None).id}
    company(session, last_activity_at=at("2026-11-17"))
    kpi = reports.get_report(session, people.ada, reports.ensure_library(session)["no_recent_activity"])
    result = run(session, kpi.definition, ctx(people.ada))
    link = reports.drill_link(session, result.definition, ())
    assert listed(session, people.ada, "company", link) == stale and result.total == 2


def test_reports_without_a_list_tab_or_with_the_wrong_keys_have_no_link(session):
    people = workspace(session)
    for obj, group in (("alert", "direction"), ("activity", "type")):
        d = reports.validate(session, definition(obj, {"property": group}))
        assert not reports.can_drill(d) and reports.drill_link(session, d, ("x",)) is None
    health = reports.validate(session, definition("health", {"property": "day", "bucket": "week"}))
    assert reports.drill_link(session, health, (date(2026, 11, 16),)) is None
    by_industry = reports.validate(session, definition("company", {"property": "industry"}))
    assert reports.can_drill(by_industry)
    assert reports.drill_link(session, by_industry, ()) is None  # one key per group-by
    assert reports.drill_link(session, by_industry, ("retail", people.ada.id)) is None


def test_a_stored_value_its_property_no_longer_offers_is_drawn_without_a_link(session):
    people = workspace(session)
    company(session, industry="retail")
    company(session, industry="an_industry_removed_since")
    result = run(session, definition("company", {"property": "industry"}), ctx(people.ada))
    assert sorted(result.label(0, r[0]) for r in result.rows) == ["Retail", "an_industry_removed_since"]
    assert click(session, result, "an_industry_removed_since")[0] is None
    assert click(session, result, "Retail")[0] is not None
