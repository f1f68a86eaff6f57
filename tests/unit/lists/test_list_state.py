"""Links to a list: every parameter round-trips; bad ones are dropped with a note."""

from __future__ import annotations

import pytest

from cslib import lists
from cslib.lists import ListState
from cslib.properties import standard_properties

PROPS = {p.name: p for p in standard_properties("company")}


def test_a_full_state_round_trips_through_the_url():
    state = ListState(
        view_id=7,
        bar=(("activity", "over_90_days_ago"), ("created", "last_30_days")),
        advanced={"property": "arr", "operator": "gt", "value": 5000.0},
        columns=("name", "arr"),
        sort=(("arr", "desc"),),
        page=3,
        record_id=42,
    )
    assert lists.parse(lists.to_params(state), PROPS) == state


def test_defaults_make_a_short_link():
    assert lists.to_params(ListState(view_id=1)) == {"view": "1"}


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"view": "abc"}, "view “abc” is not valid"),
        ({"view": "-1"}, "view “-1” is not valid"),
        ({"page": "999999999"}, "page number"),
        ({"record": "1; DROP TABLE companies"}, "record"),
        ({"created": "yesterday-ish"}, "create date filter"),
        ({"activity": "<script>"}, "last activity date filter"),
        ({"adv": "{not json"}, "advanced filter was ignored"),
        ({"adv": '{"property": "nope", "operator": "eq", "value": 1}'}, "Unknown property"),
        ({"cols": "name,password_hash"}, "columns were not valid"),
        ({"sort": "arr:sideways"}, "sort was not valid"),
    ],
)
def test_bad_parameters_are_ignored_with_a_note(params, note):
    state = lists.parse(params, PROPS)
    assert any(note in n for n in state.notes), state.notes
    assert state.with_(notes=()) == ListState(page=1)


def test_filter_bar_and_advanced_filters_combine_flat_with_the_view_filter():
    view_filter = {"all": [{"property": "owner_id", "operator": "in", "value": ["me"]}]}
    state = ListState(bar=(("created", "today"),), advanced={"property": "arr", "operator": "gt", "value": 1.0})
    combined = lists.combine(view_filter, state)
    assert combined == {
        "all": [
            {"property": "owner_id", "operator": "in", "value": ["me"]},
            {"property": "created_at", "operator": "preset", "value": "today"},
            {"property": "arr", "operator": "gt", "value": 1.0},
        ]
    }
    assert lists.combine(None, ListState()) is None


TASK_PROPS = {p.name: p for p in standard_properties("task")}


def test_the_task_filter_bar_round_trips_and_filters_its_own_properties():
    state = ListState(view_id=3).with_bar(assignee="me", due="overdue", priority="high", type="call")
    params = lists.to_params(state)
    assert params == {"view": "3", "assignee": "me", "due": "overdue", "priority": "high", "type": "call"}
    assert lists.parse(params, TASK_PROPS, "task") == state
    assert lists.bar_filter(state) == {
        "all": [
            {"property": "assignee_id", "operator": "in", "value": ["me"]},
            {"property": "due_at", "operator": "preset", "value": "before_today"},
            {"property": "priority", "operator": "in", "value": ["high"]},
            {"property": "type", "operator": "in", "value": ["call"]},
        ]
    }


def test_a_bad_task_bar_choice_is_ignored_with_a_note_and_customer_params_mean_nothing_on_tasks():
    state = lists.parse({"due": "someday", "activity": "today"}, TASK_PROPS, "task")
    assert state.bar == ()
    assert any("due date filter “someday”" in n for n in state.notes)


DEAL_PROPS = {p.name: p for p in standard_properties("deal")}
PROJECT_PROPS = {p.name: p for p in standard_properties("project")}


def test_a_pipeline_tab_link_keeps_its_pipeline_layout_owner_and_name():
    deal = ListState(view_id=3, bar=(("activity", "last_7_days"), ("owner", "12")), pipeline_id=4, layout="board")
    assert lists.parse(lists.to_params(deal), DEAL_PROPS, "deal") == deal
    project = ListState(bar=(("name", "Onboarding ACME"), ("owner", "me")), pipeline_id=9, layout="table")
    assert lists.parse(lists.to_params(project), PROJECT_PROPS, "project") == project


def test_owner_and_name_bars_filter_the_owner_and_the_name():
    state = lists.parse({"owner": "12", "name": "  Go   live "}, PROJECT_PROPS, "project")
    assert state.bar == (("name", "Go live"), ("owner", "12"))
    assert lists.bar_filter(state) == {
        "all": [
            {"property": "name", "operator": "contains", "value": "Go live"},
            {"property": "owner_id", "operator": "in", "value": [12]},
        ]
    }
    unassigned = lists.parse({"owner": "unassigned"}, DEAL_PROPS, "deal")
    assert lists.bar_filter(unassigned) == {"all": [{"property": "owner_id", "operator": "is_unknown"}]}


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"layout": "kanban"}, "layout “kanban” is not valid"),
        ({"pipeline": "x1"}, "pipeline “x1” is not valid"),
        ({"owner": "-3"}, "owner filter"),
        ({"owner": "99999999999"}, "owner filter"),
        ({"name": "x" * 101}, "name filter"),
        ({"name": "bad\x00name"}, "name filter"),
    ],
)
def test_bad_pipeline_tab_parameters_are_ignored_with_a_note(params, note):
    state = lists.parse(params, PROJECT_PROPS, "project")
    assert state == ListState()
    assert any(note in n for n in state.notes), state.notes


def test_a_name_search_is_not_a_parameter_of_the_revenue_tab():
    state = lists.parse({"name": "ACME"}, DEAL_PROPS, "deal")
    assert state.bar == ()
