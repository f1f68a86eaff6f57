"""Hostile and wrong definitions: each is refused with a ReportError (a ValidationError)
whose message says what to change, before any SQL runs; and what does run carries a
user's text only as bound parameters. Through `preview`, the builder's way in. On SQLite
and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import func, select

from cslib import reports
from cslib.errors import ValidationError
from cslib.models import Company
from tests.unit.reports.world import company, ctx, run, sales_pipeline, workspace

BAR = {
    "object": "company",
    "measure": {"function": "count"},
    "group_by": [{"property": "industry"}],
    "chart": "bar",
}
SQL = "'; DROP TABLE companies; --"
ONE_GROUP = "This chart needs exactly one group-by."
NOT_GROUPABLE = "This property cannot group a report."
NEEDS_NUMBER = "A sum, average, minimum or maximum needs a number property."
PICK_MEASURE = "Pick a measure: count, sum, average, minimum or maximum."
RANGES = "Group NPS score in ranges of a width from 0.001 to 1,000,000,000,000."
LIMIT = "The limit must be a whole number from 1 to 100."


def nps_bin(width) -> dict:  # noqa: ANN001
    return BAR | {"group_by": [{"property": "nps", "bin": width}]}


CASES = [
    # the definition's shape
    ("not an object", "company", "A report definition must be an object."),
    ("a list", [BAR], "A report definition must be an object."),
    ("unknown key", BAR | {"sql": "DROP TABLE companies"}, "Unknown field in the report definition: sql"),
    ("unknown object", BAR | {"object": "users"}, "Pick what the report counts."),
    ("object with SQL", BAR | {"object": f"company{SQL}"}, "Pick what the report counts."),
    ("object not a text", BAR | {"object": ["company"]}, "Pick what the report counts."),
    ("no object", {k: v for k, v in BAR.items() if k != "object"}, "Pick what the report counts."),
    # the measure
    ("measure not an object", BAR | {"measure": "count"}, PICK_MEASURE),
    ("unknown function", BAR | {"measure": {"function": "median"}}, PICK_MEASURE),
    ("function not a text", BAR | {"measure": {"function": ["sum"]}}, PICK_MEASURE),
    ("measure extra key", BAR | {"measure": {"function": "count", "sql": SQL}}, PICK_MEASURE),
    ("sum of nothing", BAR | {"measure": {"function": "sum"}}, NEEDS_NUMBER),
    ("sum of a text", BAR | {"measure": {"function": "sum", "property": "name"}}, NEEDS_NUMBER),
    ("average of a date", BAR | {"measure": {"function": "avg", "property": "renewal_date"}}, NEEDS_NUMBER),
    ("sum of SQL", BAR | {"measure": {"function": "sum", "property": f"arr{SQL}"}}, NEEDS_NUMBER),
    ("property not a text", BAR | {"measure": {"function": "max", "property": ["arr"]}}, NEEDS_NUMBER),
    # group-bys
    ("group-by not a list", BAR | {"group_by": "industry"}, "A report groups by at most 2 properties."),
    (
        "three group-bys",
        BAR | {"group_by": [{"property": "industry"}, {"property": "owner_id"}, {"property": "country"}]},
        "A report groups by at most 2 properties.",
    ),
    (
        "same property twice",
        BAR | {"chart": "stacked_bar", "group_by": [{"property": "industry"}, {"property": "industry"}]},
        "Group by two different properties.",
    ),
    ("group-by not an object", BAR | {"group_by": ["industry"]}, "Each group-by names a property."),
    ("group-by extra key", BAR | {"group_by": [{"property": "industry", "sql": 1}]}, "Each group-by names a property."),
    ("group by SQL", BAR | {"group_by": [{"property": f"industry{SQL}"}]}, NOT_GROUPABLE),
    ("group by unknown", BAR | {"group_by": [{"property": "password_hash"}]}, NOT_GROUPABLE),
    ("group by long text", BAR | {"group_by": [{"property": "description"}]}, NOT_GROUPABLE),
    (
        "bucket on a choice",
        BAR | {"group_by": [{"property": "industry", "bucket": "month"}]},
        "Only dates have buckets and only numbers have ranges.",
    ),
    (
        "range on a user",
        BAR | {"group_by": [{"property": "owner_id", "bin": 10}]},
        "Only dates have buckets and only numbers have ranges.",
    ),
    (
        "date without bucket",
        BAR | {"group_by": [{"property": "renewal_date"}]},
        "Group Renewal date by day, week, month or quarter.",
    ),
    (
        "unknown bucket",
        BAR | {"group_by": [{"property": "renewal_date", "bucket": "year"}]},
        "Group Renewal date by day, week, month or quarter.",
    ),
    (
        "bucket not a text",
        BAR | {"group_by": [{"property": "created_at", "bucket": ["week"]}]},
        "Group Create date by day, week, month or quarter.",
    ),
    (
        "date with a range",
        BAR | {"group_by": [{"property": "renewal_date", "bucket": "month", "bin": 7}]},
        "Group Renewal date by day, week, month or quarter.",
    ),
    ("number without range", BAR | {"group_by": [{"property": "nps"}]}, RANGES),
    ("range 0", nps_bin(0), RANGES),
    ("range negative", nps_bin(-5), RANGES),
    ("range NaN", nps_bin(math.nan), RANGES),
    ("range infinite", nps_bin(math.inf), RANGES),
    ("range yes", nps_bin(True), RANGES),
    ("range huge", nps_bin(1e13), RANGES),
    ("range as text", nps_bin("10"), RANGES),
    ("range too fine", nps_bin(1e-320), RANGES),
    ("number with bucket", BAR | {"group_by": [{"property": "nps", "bin": 10, "bucket": "day"}]}, RANGES),
    # charts for the number of group-bys
    ("unknown chart", BAR | {"chart": "pie"}, "Pick a chart type."),
    ("chart not a text", BAR | {"chart": ["bar"]}, "Pick a chart type."),
    ("kpi with a group-by", BAR | {"chart": "kpi"}, "A KPI number shows one value: remove the group-by."),
    ("bar without group-by", BAR | {"group_by": []}, "This chart needs a group-by."),
    ("stacked bar with one", BAR | {"chart": "stacked_bar"}, "A stacked bar chart needs two group-bys."),
    (
        "donut with two",
        BAR | {"chart": "donut", "group_by": [{"property": "industry"}, {"property": "owner_id"}]},
        ONE_GROUP,
    ),
    (
        "funnel with two",
        BAR | {"object": "deal", "chart": "funnel", "group_by": [{"property": "stage_id"}, {"property": "owner_id"}]},
        ONE_GROUP,
    ),
    ("funnel not on stages", BAR | {"chart": "funnel"}, "A funnel groups by pipeline stage."),
    (
        "funnel of averages",
        BAR
        | {
            "object": "deal",
            "chart": "funnel",
            "group_by": [{"property": "stage_id"}],
            "measure": {"function": "avg", "property": "amount"},
        },
        "A funnel adds each stage to the later ones: count, or sum a number.",
    ),
    ("line on a choice", BAR | {"chart": "line"}, "A line chart needs a date or number group-by first."),
    # sort and limit
    ("unknown sort", BAR | {"sort": "random()"}, "Unknown sort order."),
    ("sort not a text", BAR | {"sort": ["label"]}, "Unknown sort order."),
    ("limit 0", BAR | {"limit": 0}, LIMIT),
    ("limit 101", BAR | {"limit": 101}, LIMIT),
    ("limit as text", BAR | {"limit": "5"}, LIMIT),
    ("limit yes", BAR | {"limit": True}, LIMIT),
    ("limit fraction", BAR | {"limit": 5.5}, LIMIT),
    ("limit none", BAR | {"limit": None}, LIMIT),
    # filters the filter model refuses
    ("filter as SQL", BAR | {"filter": f"name = ''{SQL}"}, "A filter must be a group of conditions or a condition"),
    (
        "filter on SQL",
        BAR | {"filter": {"property": f"name{SQL}", "operator": "eq", "value": "x"}},
        "Unknown property",
    ),
    (
        "operator that does not fit",
        BAR | {"filter": {"property": "arr", "operator": "contains", "value": "x"}},
        "Operator 'contains' does not fit Annual recurring revenue",
    ),
    (
        "value that does not fit",
        BAR | {"filter": {"property": "arr", "operator": "gt", "value": SQL}},
        "Value for Annual recurring revenue must be a number",
    ),
    (
        "option that does not exist",
        BAR | {"filter": {"property": "industry", "operator": "in", "value": [SQL]}},
        "is not an option of Industry",
    ),
    (
        "group without all or any",
        BAR | {"filter": {"all": [], "any": []}},
        'A filter group must have exactly one of "all" or "any"',
    ),
]


@pytest.mark.parametrize(("raw", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_wrong_definition_is_refused_with_a_clear_message(session, raw, message):
    people = workspace(session)
    with pytest.raises(reports.ReportError, match=re.escape(message)) as refused:
        reports.preview(session, people.ada, raw)
    assert isinstance(refused.value, ValidationError)


def test_projects_can_be_counted_only_once_the_workspace_has_them(session):
    people = workspace(session, projects_object=None)
    raw = BAR | {"object": "project", "group_by": [{"property": "stage_id"}]}
    with pytest.raises(reports.ReportError, match="Pick what the report counts."):
        reports.preview(session, people.ada, raw)
    assert [s.key for s in reports.available(session)] == ["company", "deal", "task", "alert", "activity", "health"]


def test_the_limits_edges_and_the_widest_range_are_accepted(session):
    people = workspace(session)
    company(session, nps=5)
    for limit in (1, 100):
        assert reports.preview(session, people.ada, BAR | {"limit": limit}).definition.limit == limit
    widest = reports.preview(session, people.ada, nps_bin(1e12))
    assert widest.rows == ((0.0, 1),)
    finest = reports.preview(session, people.ada, nps_bin(0.001))
    assert finest.rows == (pytest.approx((5.0, 1)),) and finest.dimensions[0].labels == ("5–5.001",)


def test_right_charts_for_their_group_bys_are_accepted(session):
    people = workspace(session)
    sales_pipeline(session)
    ok = [
        BAR | {"chart": "table", "group_by": []},
        BAR | {"chart": "donut"},
        BAR | {"chart": "line", "group_by": [{"property": "created_at", "bucket": "week"}]},
        BAR | {"chart": "line", "group_by": [{"property": "nps", "bin": 5}]},
        BAR | {"chart": "table", "group_by": [{"property": "industry"}, {"property": "owner_id"}]},
        BAR | {"object": "deal", "chart": "funnel", "group_by": [{"property": "stage_id"}]},
    ]
    for raw in ok:
        assert reports.preview(session, people.ada, raw).definition.chart == raw["chart"]


def test_a_checked_definition_is_stored_in_its_normal_form(session):
    workspace(session)
    raw = BAR | {"group_by": [{"property": "nps", "bin": 10.0}], "filter": {"all": []}}
    checked = reports.validate(session, raw)
    assert checked.as_json() == {
        "object": "company",
        "measure": {"function": "count"},
        "group_by": [{"property": "nps", "bin": 10}],
        "filter": None,
        "chart": "bar",
        "sort": "label",  # a range is in its own order
        "limit": reports.DEFAULT_LIMIT,
    }
    assert reports.validate(session, checked.as_json()) == checked
    assert reports.validate(session, BAR).sort == "value_desc"


def test_a_users_text_reaches_sql_only_as_bound_parameters(session):
    people = workspace(session)
    company(session, name=SQL, country=SQL)
    company(session, name="Plain")
    raw = BAR | {
        "group_by": [{"property": "country"}],
        "filter": {
            "any": [
                {"property": "name", "operator": "eq", "value": SQL},
                {"property": "country", "operator": "in", "value": [SQL, "x"]},
                {"property": "name", "operator": "contains", "value": SQL},
            ]
        },
    }
    stmt = reports.compile_report(session, reports.validate(session, raw), ctx(people.ada))
    compiled = stmt.compile(dialect=session.get_bind().dialect)
    assert "DROP" not in str(compiled)
    assert SQL in compiled.params.values()
    result = run(session, raw)
    assert [(result.label(0, r[0]), r[1]) for r in result.rows] == [(SQL, 1)]
    assert session.scalar(select(func.count()).select_from(Company)) == 2  # the table is still there
