"""Saved views (SPEC §1, §3.1–3.2), rule by rule: sharing, built-ins, defaults, pins,
clone, delete, names, versions and what a view may hold."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cslib import views
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.filters import FilterError
from cslib.models import View, ViewPin
from cslib.permissions import PermissionDenied
from cslib.properties import add_property, properties_for
from tests.factories import make_actor, make_object_type, make_workspace

MINE = {"property": "owner_id", "operator": "in", "value": ["me"]}
BIG = {"property": "arr", "operator": "gte", "value": 100000}
SETTINGS_ONLY = "Only super admins and users with the “Manage customer success settings” permission"


@pytest.fixture(autouse=True)
def workspace(session):
    return make_workspace(session)


@pytest.fixture
def admin(session):
    return make_actor(session, is_super_admin=True, name="Ada Admin")


@pytest.fixture
def manager(session):
    return make_actor(session, manage_settings=True, name="Max Manager")


@pytest.fixture
def csm(session):
    return make_actor(session, name="Cleo CSM")


@pytest.fixture
def csm2(session):
    return make_actor(session, name="Carl CSM")


@pytest.fixture
def builtins(session):
    views.ensure_builtin_views(session)
    return {v.builtin_key: v for v in session.scalars(select(View).where(View.builtin_key.is_not(None)))}


def count_views(session) -> int:
    return session.scalar(select(func.count()).select_from(View))


def shared(session, actor, name, **kw):
    return views.create_view(session, actor, "company", name=name, sharing="everyone", **kw)


def private(session, actor, name, **kw):
    return views.create_view(session, actor, "company", name=name, **kw)


def names(infos) -> list[str]:
    return [v.name for v in infos]


# --- built-in views ---------------------------------------------------------------------


def test_builtins_are_two_default_everyone_views_without_owner(session, csm, builtins):
    defaults = views.default_views(session, csm, "company")
    assert names(defaults) == ["Owned by me", "Assigned in the last 30 days"]
    owned, assigned = defaults
    assert (owned.builtin_key, owned.default_order, owned.default_description) == (
        "owned_by_me",
        0,
        "Customers you own",
    )
    assert (assigned.builtin_key, assigned.default_order) == ("assigned_last_30_days", 1)
    assert assigned.default_description == "Customers assigned to you in the last 30 days"
    for v in defaults:
        assert v.is_builtin and v.is_default and v.sharing == "everyone"
        assert v.owner_id is None and v.owner_name is None and v.filters is None
        assert v.columns == views.DEFAULT_COLUMNS["company"] and v.sort == views.DEFAULT_SORT["company"]
        assert v.card_properties == ["arr", "renewal_date"]
        assert not v.can_edit and not v.can_delete


def test_ensure_builtin_views_is_idempotent(session, builtins):
    assert views.ensure_builtin_views(session) == []
    assert count_views(session) == 2
    assert [v.builtin_key for v in views.ensure_builtin_views(session, "deal")] == ["my_deals", "all_deals"]
    assert views.ensure_builtin_views(session, "deal") == []


def test_builtin_filters_follow_the_workspace_owner_property(session, csm, builtins):
    owned, assigned = builtins["owned_by_me"], builtins["assigned_last_30_days"]
    assert views.effective_filter(session, owned) == MINE
    assert views.effective_filter(session, assigned) == {
        "all": [
            MINE,
            {"property": "assigned_at:owner_id", "operator": "in_last", "value": {"amount": 30, "unit": "days"}},
        ]
    }
    make_workspace(session, owner_property="csm_owner_id")
    info = views.get_view(session, csm, owned.id)
    assert views.effective_filter(session, info) == {"property": "csm_owner_id", "operator": "in", "value": ["me"]}
    assert views.effective_filter(session, assigned)["all"][1]["property"] == "assigned_at:csm_owner_id"


def test_builtins_cannot_be_edited_even_by_admins(session, admin, builtins):
    owned = builtins["owned_by_me"]
    with pytest.raises(PermissionDenied, match="Built-in views can't be edited. Clone the view"):
        views.update_view(session, admin, owned.id, expected_version=owned.version, name="Mine")
    with pytest.raises(PermissionDenied, match="can't be edited"):
        views.update_view(session, admin, owned.id, expected_version=owned.version, columns=["name"])
    assert views.get_view(session, admin, owned.id).name == "Owned by me"


def test_admin_deletes_a_builtin_and_it_stays_deleted(session, admin, csm, builtins):
    owned = builtins["owned_by_me"]
    views.pin_view(session, csm, owned.id)
    with pytest.raises(PermissionDenied, match="can delete views shared with Everyone and built-in views"):
        views.delete_view(session, csm, owned.id, confirmed=True)
    views.delete_view(session, admin, owned.id, confirmed=True)
    assert names(views.default_views(session, csm, "company")) == ["Assigned in the last 30 days"]
    assert views.default_views(session, csm, "company")[0].default_order == 0
    assert views.pinned_views(session, csm, "company") == []
    assert views.ensure_builtin_views(session) == []
    assert names(views.list_views(session, admin, "company")) == ["Assigned in the last 30 days"]
    with pytest.raises(NotFound):
        views.get_view(session, admin, owned.id)


# --- creating and sharing ---------------------------------------------------------------


def test_a_csm_creates_a_private_view_with_default_columns_and_sort(session, csm):
    v = private(session, csm, "My renewals", filters=BIG)
    assert (v.sharing, v.owner_id, v.owner_name, v.is_default, v.is_builtin) == (
        "private",
        csm.id,
        "Cleo CSM",
        False,
        False,
    )
    assert v.columns == views.DEFAULT_COLUMNS["company"] and v.sort == views.DEFAULT_SORT["company"]
    assert v.filters == {"property": "arr", "operator": "gte", "value": 100000.0}
    assert views.effective_filter(session, v) == v.filters
    assert v.can_edit and v.can_delete and v.version == 1


def test_a_csm_cannot_share_with_everyone_or_set_defaults(session, csm):
    with pytest.raises(PermissionDenied, match=f"{SETTINGS_ONLY} can share views with Everyone"):
        shared(session, csm, "Team view")
    with pytest.raises(PermissionDenied, match="can set, remove or reorder default views"):
        private(session, csm, "Mine", set_default=True)
    mine = private(session, csm, "Mine")
    with pytest.raises(PermissionDenied, match="can share views with Everyone"):
        views.update_view(session, csm, mine.id, expected_version=mine.version, sharing="everyone")
    with pytest.raises(PermissionDenied, match="can share views with Everyone"):
        views.clone_view(session, csm, mine.id, name="Copy", sharing="everyone")
    with pytest.raises(PermissionDenied, match="default views"):
        views.set_default(session, csm, mine.id)
    assert count_views(session) == 1
    assert views.get_view(session, csm, mine.id).sharing == "private"


def test_a_csm_cannot_see_or_touch_another_csms_private_view(session, csm, csm2, admin):
    theirs = private(session, csm2, "Carl's list")
    assert names(views.list_views(session, csm, "company")) == []
    assert names(views.list_views(session, admin, "company")) == []
    for attempt in (
        lambda: views.get_view(session, csm, theirs.id),
        lambda: views.update_view(session, csm, theirs.id, expected_version=1, name="Mine now"),
        lambda: views.delete_view(session, csm, theirs.id, confirmed=True),
        lambda: views.clone_view(session, csm, theirs.id, name="Copy", sharing="private"),
        lambda: views.pin_view(session, csm, theirs.id),
        lambda: views.get_view(session, admin, theirs.id),
    ):
        with pytest.raises(NotFound, match="doesn't exist any more, or it isn't shared with you"):
            attempt()
    assert views.get_view(session, csm2, theirs.id).name == "Carl's list"


def test_a_csm_sees_shared_views_but_cannot_edit_or_delete_them(session, csm, manager):
    team = shared(session, manager, "Enterprise")
    seen = views.get_view(session, csm, team.id)
    assert seen.owner_name == "Max Manager" and not seen.can_edit and not seen.can_delete
    with pytest.raises(PermissionDenied, match=f"{SETTINGS_ONLY} can edit views shared with Everyone"):
        views.update_view(session, csm, team.id, expected_version=team.version, name="Mine")
    with pytest.raises(PermissionDenied, match="can delete views shared with Everyone"):
        views.delete_view(session, csm, team.id, confirmed=True)
    assert views.get_view(session, manager, team.id).can_edit


def test_users_without_workspace_access_are_refused(session):
    outsider = make_actor(session, workspace_access=False)
    with pytest.raises(PermissionDenied, match="no access"):
        views.list_views(session, outsider, "company")
    with pytest.raises(PermissionDenied):
        private(session, outsider, "Mine")


@pytest.mark.parametrize("sharing", ["public", "", None, "Everyone"])
def test_sharing_is_private_or_everyone(session, admin, sharing):
    with pytest.raises(ValidationError, match="“Private” or “Everyone”"):
        views.create_view(session, admin, "company", name="X", sharing=sharing)


def test_unknown_object_types_are_refused_and_custom_objects_work(session, csm):
    with pytest.raises(ValidationError, match="There is no object type “gadget”"):
        views.create_view(session, csm, "gadget", name="X")
    make_object_type(session, "onboarding", is_custom=True, has_pipeline=True)
    v = views.create_view(session, csm, "onboarding", name="My onboardings")
    assert v.object_type == "onboarding" and v.columns[0] == "name" and len(v.columns) == 8
    assert v.sort == [{"property": "name", "direction": "asc"}]
    assert names(views.list_views(session, csm, "company")) == []


# --- defaults ---------------------------------------------------------------------------


def test_a_manager_sets_an_everyone_view_as_default_but_not_a_private_one(session, manager, csm, builtins):
    team = shared(session, manager, "Enterprise")
    own = private(session, manager, "Manager's own")
    with pytest.raises(ValidationError, match="Only views shared with Everyone can be default views"):
        views.set_default(session, manager, own.id)
    with pytest.raises(ValidationError, match="Only views shared with Everyone"):
        private(session, manager, "Other", set_default=True)
    made = views.set_default(session, manager, team.id, description="  Big customers  ")
    assert (made.is_default, made.default_order, made.default_description) == (True, 2, "Big customers")
    again = views.set_default(session, manager, team.id, description="")
    assert (again.default_order, again.default_description) == (2, None)
    assert names(views.default_views(session, csm, "company")) == [
        "Owned by me",
        "Assigned in the last 30 days",
        "Enterprise",
    ]


def test_create_view_as_default_with_a_description(session, admin, builtins):
    v = shared(session, admin, "At risk", set_default=True, default_description="Needs attention")
    assert (v.is_default, v.default_order, v.default_description) == (True, 2, "Needs attention")
    with pytest.raises(ValidationError, match="at most 500 characters"):
        shared(session, admin, "Long", set_default=True, default_description="x" * 501)
    assert shared(session, admin, "Not default", default_description="ignored").default_description is None


def test_at_most_six_default_views(session, admin, builtins):
    for i in range(4):
        shared(session, admin, f"Default {i}", set_default=True)
    spare = shared(session, admin, "Seventh")
    before = count_views(session)
    with pytest.raises(ValidationError, match="You can have at most six default views. Remove one first."):
        views.set_default(session, admin, spare.id)
    with pytest.raises(ValidationError, match="at most six default views"):
        shared(session, admin, "Also seventh", set_default=True)
    assert count_views(session) == before
    assert len(views.default_views(session, admin, "company")) == 6
    assert not views.get_view(session, admin, spare.id).is_default


def test_defaults_come_first_in_order_then_the_rest_by_name(session, admin, csm, builtins):
    shared(session, admin, "zebra")
    private(session, csm, "Apple")
    shared(session, admin, "Mango", set_default=True)
    assert names(views.list_views(session, csm, "company")) == [
        "Owned by me",
        "Assigned in the last 30 days",
        "Mango",
        "Apple",
        "zebra",
    ]


def test_admins_reorder_defaults_with_exactly_the_current_ids(session, admin, manager, csm, builtins):
    extra = shared(session, admin, "Extra", set_default=True)
    owned, assigned = builtins["owned_by_me"], builtins["assigned_last_30_days"]
    result = views.reorder_defaults(session, manager, "company", [extra.id, owned.id, assigned.id])
    assert [(v.name, v.default_order) for v in result] == [
        ("Extra", 0),
        ("Owned by me", 1),
        ("Assigned in the last 30 days", 2),
    ]
    with pytest.raises(PermissionDenied, match="reorder default views"):
        views.reorder_defaults(session, csm, "company", [owned.id, assigned.id, extra.id])
    for wrong in ([owned.id, assigned.id], [owned.id, owned.id, extra.id], [owned.id, assigned.id, extra.id, 999]):
        with pytest.raises(ConflictError, match="The default views changed since you opened this list"):
            views.reorder_defaults(session, admin, "company", wrong)
    with pytest.raises(ValidationError, match="list of view ids"):
        views.reorder_defaults(session, admin, "company", ["a", "b", "c"])
    assert names(views.default_views(session, csm, "company")) == [
        "Extra",
        "Owned by me",
        "Assigned in the last 30 days",
    ]


def test_remove_default_keeps_the_order_contiguous(session, admin, csm, builtins):
    extra = shared(session, admin, "Extra", set_default=True)
    with pytest.raises(PermissionDenied):
        views.remove_default(session, csm, builtins["owned_by_me"].id)
    info = views.remove_default(session, admin, builtins["owned_by_me"].id)
    assert not info.is_default and info.default_order is None and info.default_description is None
    assert [(v.id, v.default_order) for v in views.default_views(session, csm, "company")] == [
        (builtins["assigned_last_30_days"].id, 0),
        (extra.id, 1),
    ]
    assert views.get_view(session, csm, builtins["owned_by_me"].id).name == "Owned by me"
    assert not views.remove_default(session, admin, extra.id).is_default  # twice is harmless
    assert not views.remove_default(session, admin, extra.id).is_default


def test_making_a_default_view_private_or_deleting_it_removes_it_from_defaults(session, admin, builtins):
    first = shared(session, admin, "First", set_default=True)
    second = shared(session, admin, "Second", set_default=True)
    made_private = views.update_view(session, admin, first.id, expected_version=first.version, sharing="private")
    assert not made_private.is_default and made_private.default_order is None
    assert [v.default_order for v in views.default_views(session, admin, "company")] == [0, 1, 2]
    views.delete_view(session, admin, builtins["owned_by_me"].id, confirmed=True)
    defaults = views.default_views(session, admin, "company")
    assert [(v.name, v.default_order) for v in defaults] == [("Assigned in the last 30 days", 0), ("Second", 1)]
    views.delete_view(session, admin, second.id, confirmed=True)
    assert [v.default_order for v in views.default_views(session, admin, "company")] == [0]


def test_a_seatless_super_admin_manages_default_views(session, builtins):
    seatless = make_actor(session, is_super_admin=True, has_service_seat=False, workspace_access=False)
    views.remove_default(session, seatless, builtins["owned_by_me"].id)
    assert names(views.default_views(session, seatless, "company")) == ["Assigned in the last 30 days"]


def test_card_properties_are_set_by_admins_on_default_views(session, admin, csm, builtins):
    owned = builtins["owned_by_me"]
    info = views.set_card_properties(session, admin, owned.id, ["nps", "health_category", "nps"])
    assert info.card_properties == ["nps", "health_category"]
    with pytest.raises(PermissionDenied, match="choose what the Overview cards show"):
        views.set_card_properties(session, csm, owned.id, ["arr"])
    plain = shared(session, admin, "Plain")
    with pytest.raises(ValidationError, match="Only default views have an Overview card"):
        views.set_card_properties(session, admin, plain.id, ["arr"])
    for bad, message in (
        ([], "at least one property"),
        (["arr", "nps", "city", "country", "phone"], "at most 4 properties"),
        (["arr", "nope"], "Companies have no property “nope”"),
        ("arr", "must be a list of property names"),
    ):
        with pytest.raises(ValidationError, match=message):
            views.set_card_properties(session, admin, owned.id, bad)
    assert views.get_view(session, csm, owned.id).card_properties == ["nps", "health_category"]


# --- edit, delete, clone, pin -----------------------------------------------------------


def test_edit_changes_only_what_is_given_and_bumps_the_version(session, csm):
    v = private(session, csm, "Mine", filters=BIG)
    renamed = views.update_view(session, csm, v.id, expected_version=v.version, name="  Renamed ")
    assert renamed.name == "Renamed" and renamed.filters == v.filters and renamed.version == v.version + 1
    sorted_ = views.update_view(
        session,
        csm,
        v.id,
        expected_version=renamed.version,
        columns=["name", "arr"],
        sort=[{"property": "arr", "direction": "desc"}, {"property": "name"}],
    )
    assert sorted_.columns == ["name", "arr"]
    assert sorted_.sort == [{"property": "arr", "direction": "desc"}, {"property": "name", "direction": "asc"}]
    cleared = views.update_view(session, csm, v.id, expected_version=sorted_.version, filters=None)
    assert cleared.filters is None and views.effective_filter(session, cleared) is None
    same = views.update_view(session, csm, v.id, expected_version=cleared.version, name="Renamed")
    assert same.version == cleared.version  # nothing changed, nothing written


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(session, csm):
    v = private(session, csm, "Mine")
    views.update_view(session, csm, v.id, expected_version=v.version, name="Theirs")
    with pytest.raises(
        ConflictError, match="Someone else changed this view since you opened it. Reload to see their changes."
    ):
        views.update_view(session, csm, v.id, expected_version=v.version, name="Ours")
    assert views.get_view(session, csm, v.id).name == "Theirs"


@pytest.mark.parametrize("confirmed", [False, None, "yes", 1])
def test_delete_needs_explicit_confirmation(session, csm, confirmed):
    v = private(session, csm, "Mine")
    with pytest.raises(ValidationError, match="Tick “I'm sure I want to delete this view” to delete it."):
        views.delete_view(session, csm, v.id, confirmed=confirmed)
    assert views.get_view(session, csm, v.id).name == "Mine"


def test_delete_is_soft_and_pins_go_with_it(session, csm):
    v = private(session, csm, "Mine")
    views.pin_view(session, csm, v.id)
    views.delete_view(session, csm, v.id, confirmed=True)
    assert views.list_views(session, csm, "company") == [] and views.pinned_views(session, csm, "company") == []
    assert session.get(View, v.id).deleted_at is not None
    assert session.scalar(select(func.count()).select_from(ViewPin)) == 0
    with pytest.raises(NotFound):
        views.delete_view(session, csm, v.id, confirmed=True)
    assert private(session, csm, "Mine").name == "Mine"  # the name is free again


def test_clone_of_a_builtin_copies_its_effective_filter(session, csm, builtins):
    source = builtins["assigned_last_30_days"]
    clone = views.clone_view(session, csm, source.id, name="My recent", sharing="private")
    assert clone.filters == views.effective_filter(session, source)
    assert (clone.owner_id, clone.sharing, clone.is_default, clone.is_builtin) == (csm.id, "private", False, False)
    assert clone.columns == source.columns and clone.sort == source.sort and clone.can_edit
    with pytest.raises(ValidationError, match="You already have a view called “my RECENT”."):
        views.clone_view(session, csm, source.id, name="my RECENT", sharing="private")


def test_clone_of_a_default_view_is_not_default_and_admins_may_share_it(session, admin, csm):
    source = shared(session, admin, "Enterprise", filters=BIG, set_default=True, columns=["name", "arr"])
    clone = views.clone_view(session, admin, source.id, name="Enterprise copy", sharing="everyone")
    assert clone.sharing == "everyone" and not clone.is_default and clone.filters == source.filters
    assert clone.columns == ["name", "arr"]
    mine = views.clone_view(session, csm, source.id, name="My enterprise", sharing="private")
    assert mine.owner_id == csm.id and mine.can_edit


def test_pins_are_per_user_and_only_for_visible_views(session, admin, csm, csm2, builtins):
    team = shared(session, admin, "Enterprise")
    own = private(session, csm, "Mine")
    for view_id in (own.id, team.id, builtins["owned_by_me"].id, team.id):
        views.pin_view(session, csm, view_id)
    assert names(views.pinned_views(session, csm, "company")) == ["Enterprise", "Mine", "Owned by me"]
    assert views.pinned_views(session, csm2, "company") == []
    pinned = {v.name: v.pinned for v in views.list_views(session, csm, "company")}
    assert pinned == {"Owned by me": True, "Assigned in the last 30 days": False, "Enterprise": True, "Mine": True}
    views.update_view(session, admin, team.id, expected_version=team.version, sharing="private")
    assert names(views.pinned_views(session, csm, "company")) == ["Mine", "Owned by me"]
    views.unpin_view(session, csm, own.id)
    views.unpin_view(session, csm, own.id)
    views.unpin_view(session, csm, 10**12)
    assert names(views.pinned_views(session, csm, "company")) == ["Owned by me"]


# --- names and contents -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "View name cannot be empty."),
        ("   ", "View name cannot be empty."),
        (None, "View name cannot be empty."),
        ("x" * 121, r"View name can be at most 120 characters \(it has 121\)."),
        ("bad\x00name", "cannot contain control characters"),
        ("two\nlines", "cannot contain control characters"),
        ("tab\there", "cannot contain control characters"),
        ("sep\u2028arator", "cannot contain control characters"),
        (123, "must be text"),
    ],
)
def test_bad_names_are_refused_with_a_message(session, csm, name, message):
    with pytest.raises(ValidationError, match=message):
        private(session, csm, name)
    assert count_views(session) == 0


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "x" * 120, "Ærø & Łódź 🚀", "**bold** [link](javascript:x)", "' OR 1=1 --"]
)
def test_odd_but_valid_names_are_stored_verbatim(session, csm, name):
    v = private(session, csm, f"  {name}  ")
    session.expire_all()
    assert views.get_view(session, csm, v.id).name == name


def test_names_are_unique_among_the_views_you_see(session, admin, csm, csm2, builtins):
    private(session, csm, "Renewals")
    with pytest.raises(ValidationError, match="You already have a view called “RENEWALS”."):
        private(session, csm, "  RENEWALS ")
    with pytest.raises(ValidationError, match="You already have a view called “owned by me”."):
        private(session, csm, "owned by me")
    assert private(session, csm2, "Renewals").owner_id == csm2.id  # csm's view is private
    team = shared(session, admin, "Team")
    with pytest.raises(ValidationError, match="“team”"):
        private(session, csm, "team")
    mine = private(session, csm, "Other")
    with pytest.raises(ValidationError, match="You already have a view called “Renewals”."):
        views.update_view(session, csm, mine.id, expected_version=mine.version, name="Renewals")
    assert views.update_view(session, csm, mine.id, expected_version=mine.version, name="OTHER").name == "OTHER"
    assert views.update_view(session, admin, team.id, expected_version=team.version, name="TEAM").name == "TEAM"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": {"property": "nope", "operator": "eq", "value": "x"}}, None),
        ({"filters": {"property": "arr", "operator": "contains", "value": "x"}}, None),
        ({"filters": "owner is me"}, None),
        ({"columns": []}, "Pick at least one column."),
        ({"columns": "name"}, "Columns must be a list of property names."),
        ({"columns": ["name", 3]}, "Columns must be a list of property names."),
        ({"columns": ["name", "nope"]}, "Companies have no property “nope”"),
        ({"columns": [f"c{i}" for i in range(31)]}, r"at most 30 columns \(this one has 31\)"),
        ({"sort": "name"}, "The sort must be a list"),
        ({"sort": [{"property": "name", "direction": "up"}]}, "ascending or descending, not “up”"),
        ({"sort": [{"property": "nope", "direction": "asc"}]}, "Companies have no property “nope”"),
        ({"sort": [{"direction": "asc"}]}, "needs a property and a direction"),
        ({"sort": [{"property": "name"}, {"property": "name", "direction": "desc"}]}, "sorts by Company name twice"),
        (
            {"sort": [{"property": p} for p in ("name", "arr", "nps", "city")]},
            r"at most 3 properties \(this one has 4\)",
        ),
    ],
)
def test_invalid_contents_are_refused_and_nothing_is_saved(session, csm, kwargs, message):
    error = FilterError if "filters" in kwargs else ValidationError
    with pytest.raises(error, match=message):
        private(session, csm, "Broken", **kwargs)
    assert count_views(session) == 0
    good = private(session, csm, "Good", filters=BIG)
    with pytest.raises(error, match=message):
        views.update_view(session, csm, good.id, expected_version=good.version, **kwargs)
    assert views.get_view(session, csm, good.id) == good


def test_thirty_columns_and_custom_properties_are_allowed(session, admin, csm):
    for i in range(12):
        add_property(session, admin, "company", name=f"extra_{i}", label=f"Extra {i}", type="number")
    props = list(properties_for(session, "company"))
    columns = [p for p in props if p != "id"][:30]
    flt = {"property": "extra_3", "operator": "gt", "value": 5}
    v = private(session, csm, "Wide", columns=columns + columns, filters=flt, sort=[{"property": "extra_1"}])
    assert v.columns == columns and len(columns) == 30
    assert v.filters == {"property": "extra_3", "operator": "gt", "value": 5.0}
    with pytest.raises(ValidationError, match="at most 30 columns"):
        views.update_view(session, csm, v.id, expected_version=v.version, columns=props)
