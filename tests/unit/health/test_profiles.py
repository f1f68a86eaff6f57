"""Health score profiles: what a definition, thresholds and segment may hold (every refusal
with its message), the starting template, and create / edit / clone / delete / switch on
and off with permissions and optimistic locking."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from cslib import health as hp
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import Alert, Company, HealthProfile, HealthScore, HealthScoreDaily
from cslib.permissions import PermissionDenied
from cslib.properties import add_property
from tests.factories import make_actor, make_alert, make_company, make_health_profile, make_health_score

DEFINITION = hp.default_definition()
THRESHOLDS = {"healthy": 70, "neutral": 40}


@pytest.fixture
def admin(session):
    return make_actor(session, manage_settings=True)


def _check(session, definition):
    return hp.validate_definition(session, definition)


def _refused(session, definition) -> str:
    with pytest.raises(ValidationError) as exc:
        hp.validate_definition(session, definition)
    return str(exc.value)


def _with(path_value, **changes):
    """A copy of the default definition with a group (index) or criterion ((g, c)) changed."""
    d = copy.deepcopy(DEFINITION)
    target = (
        d["groups"][path_value]
        if isinstance(path_value, int)
        else d["groups"][path_value[0]]["criteria"][path_value[1]]
    )
    for k, v in changes.items():
        if v is ...:
            target.pop(k, None)
        else:
            target[k] = v
    return d


def _create(session, actor, name="Customer health", **overrides):
    values = dict(name=name, segment=None, priority=1, definition=DEFINITION, thresholds=THRESHOLDS)
    values.update(overrides)
    return hp.create_profile(session, actor, **values)


# --- the template -------------------------------------------------------------------------


def test_the_default_definition_is_valid_and_totals_100(session):
    out = _check(session, hp.default_definition())
    assert sum(g["max_points"] for g in out["groups"]) == 100
    assert [g["name"] for g in out["groups"]] == ["Sentiment", "Engagement", "Support"]
    assert [c["kind"] for g in out["groups"] for c in g["criteria"]] == [
        "property_linear",
        "event_count",
        "recency",
        "open_tickets",
    ]
    assert out == hp.default_definition()  # already normal: keys kept, numbers whole


def test_every_template_criterion_is_valid_in_its_group(session):
    for kind in hp.CRITERION_KINDS:
        group_kind = "property" if kind in hp.KINDS_OF_GROUP["property"] else "event"
        group = hp.new_group(group_kind, set(), 1) | {"max_points": 100}
        group["criteria"] = [hp.new_criterion(kind, set())]
        assert _check(session, {"groups": [group]})["groups"][0]["criteria"][0]["kind"] == kind


def test_normalisation_sorts_bands_makes_up_missing_keys_and_drops_unknown_fields(session):
    d = _with((1, 0), bands=[{"min": 4, "points": 25}, {"min": 1, "points": 10.0}], key=None, extra="x")
    d["groups"][0].pop("key")
    out = _check(session, d)
    meetings = out["groups"][1]["criteria"][0]
    assert meetings["bands"] == [{"min": 1, "points": 10}, {"min": 4, "points": 25}]
    assert isinstance(meetings["bands"][0]["points"], int)
    assert "extra" not in meetings
    assert meetings["key"].startswith("c") and len(meetings["key"]) == 7
    assert out["groups"][0]["key"].startswith("g")
    assert out["groups"][1]["key"] == "g2"  # present keys stay


def test_property_names_lists_what_criteria_and_segment_read():
    d = copy.deepcopy(DEFINITION)
    d["groups"][0]["criteria"].append(
        {"key": "c9", "kind": "property_condition", "label": "Big", "points": 5,
         "filter": {"any": [{"property": "arr", "operator": "gt", "value": 1000},
                            {"all": [{"property": "industry", "operator": "is_known"}]}]}}
    )  # fmt: skip
    segment = {"all": [{"property": "lifecycle_stage", "operator": "in", "value": ["customer"]}]}
    assert hp.property_names(d) == {"nps", "arr", "industry"}
    assert hp.property_names(d, segment) == {"nps", "arr", "industry", "lifecycle_stage"}


# --- refusals -----------------------------------------------------------------------------


def test_max_points_must_total_100_and_the_message_names_the_total(session):
    assert _refused(session, _with(0, max_points=15)) == (
        "The groups' max points add up to 85; they must add up to exactly 100."
    )
    assert "add up to 110" in _refused(session, _with(0, max_points=40))


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        (None, "A health score is made of a list of groups."),
        ({"groups": "x"}, "A health score is made of a list of groups."),
        ({"groups": []}, "Add at least one group of criteria."),
        ({"groups": ["x"]}, "Group 1 is not valid."),
    ],
)
def test_the_shape_of_a_definition(session, definition, message):
    assert _refused(session, definition) == message


def test_group_refusals_name_the_group(session):
    assert _refused(session, _with(1, name="  ")) == "The name of group 2 cannot be empty."
    assert _refused(session, _with(1, name="x" * 121)) == (
        "The name of group 2 can be at most 120 characters (it has 121)."
    )
    assert _refused(session, _with(1, kind="other")) == "Group “Engagement”: its kind must be property or event."
    assert _refused(session, _with(1, max_points=44.5)) == "Group “Engagement”: max points must be a whole number."
    assert _refused(session, _with(1, max_points=0)) == (
        "Group “Engagement”: max points must be between 1 and 100 (it is 0)."
    )
    assert _refused(session, _with(1, max_points="45")) == "Group “Engagement”: max points must be a number."
    assert _refused(session, _with(1, criteria=[])) == "Group “Engagement”: add at least one criterion."
    assert _refused(session, _with(1, key="g1")) == "Group “Engagement”: its key “g1” is used twice."
    assert _refused(session, _with(1, key="bad key")) == (
        "Group “Engagement”: its key must be 1–40 letters, digits or _."
    )


def test_criterion_refusals_name_group_and_criterion(session):
    where = "Group “Engagement”, criterion “Meetings in the last 90 days”"
    assert _refused(session, _with((1, 0), label="")) == "Group “Engagement”: the label of criterion 1 cannot be empty."
    assert _refused(session, _with((1, 0), kind="magic")) == f"{where}: unknown kind of criterion “magic”."
    assert _refused(session, _with((1, 0), kind="property_linear")) == (
        f"{where}: “Sliding scale” criteria belong in a property group."
    )
    assert _refused(session, _with((0, 0), kind="open_tickets")) == (
        "Group “Sentiment”, criterion “NPS score”: “Open tickets” criteria belong in an event group."
    )
    assert _refused(session, _with((1, 0), key="c1")) == f"{where}: its key “c1” is used twice."
    assert _refused(session, _with((1, 0), event="webinar")) == f"{where}: choose which activity it counts."
    assert _refused(session, _with((1, 0), window_days=0)) == (
        f"{where}: the window must be between 1 and 730 (it is 0)."
    )
    assert _refused(session, _with((1, 0), window_days=731)) == (
        f"{where}: the window must be between 1 and 730 (it is 731)."
    )
    assert _refused(session, _with((1, 0), window_days=7.5)) == f"{where}: the window must be a whole number."


def test_bands_refusals(session):
    where = "Group “Engagement”, criterion “Meetings in the last 90 days”"
    assert _refused(session, _with((1, 0), bands=[])) == f"{where}: add at least one band of points."
    assert _refused(session, _with((1, 0), bands=None)) == f"{where}: add at least one band of points."
    dup = [{"min": 2, "points": 5}, {"min": 2, "points": 9}]
    assert _refused(session, _with((1, 0), bands=dup)) == (
        f"{where}: two bands have “At least” 2; each band needs its own value."
    )
    assert _refused(session, _with((1, 0), bands=[{"min": -1, "points": 5}])) == (
        f"{where}: “At least” of band 1 must be between 0 and 1,000,000 (it is -1)."
    )
    assert _refused(session, _with((1, 0), bands=[{"min": 1, "points": None}])) == (
        f"{where}: the points of band 1 must be a number."
    )
    assert _refused(session, _with((1, 0), bands=[{"min": 1, "points": 101}])) == (
        f"{where}: the points of band 1 must be between -100 and 100 (it is 101)."
    )
    assert _refused(session, _with((1, 0), bands=["x"])) == f"{where}: band 1 is not valid."
    many = [{"min": i, "points": 1} for i in range(hp.MAX_BANDS + 1)]
    assert _refused(session, _with((1, 0), bands=many)) == f"{where}: at most 20 bands (it has 21)."
    recency = "Group “Engagement”, criterion “Days since the last activity”"
    dup_days = [{"max_days": 14, "points": 5}, {"max_days": 14, "points": 9}]
    assert _refused(session, _with((1, 1), bands=dup_days)) == (
        f"{recency}: two bands have “Within days” 14; each band needs its own value."
    )
    assert _refused(session, _with((1, 1), otherwise=-101)) == (
        f"{recency}: “Otherwise” points must be between -100 and 100 (it is -101)."
    )
    tickets = "Group “Support”, criterion “Open tickets”"
    assert _refused(session, _with((2, 0), bands=[{"min": 0.5, "points": 1}])) == (
        f"{tickets}: “At least” of band 1 must be a whole number."
    )


def test_property_linear_refusals(session):
    where = "Group “Sentiment”, criterion “NPS score”"
    assert _refused(session, _with((0, 0), property=None)) == f"{where}: choose the number property it reads."
    assert _refused(session, _with((0, 0), property="nope")) == f"{where}: unknown property “nope”."
    assert _refused(session, _with((0, 0), property="industry")) == (
        f"{where}: a sliding scale needs a number or currency property; Industry is not."
    )
    assert _refused(session, _with((0, 0), property="health_score")) == (
        f"{where}: health scores cannot be used in a health score profile."
    )
    assert _refused(session, _with((0, 0), low=10, high=10)) == (
        f"{where}: the low value (10) must be below the high value (10)."
    )
    assert _refused(session, _with((0, 0), high=float("nan"))) == f"{where}: the high value must be a number."
    assert _refused(session, _with((0, 0), points_high=150)) == (
        f"{where}: points at the high value must be between -100 and 100 (it is 150)."
    )
    # Descending and negative points are fine; so is a currency property.
    out = _check(session, _with((0, 0), property="arr", low=0, high=1e6, points_low=30, points_high=-10))
    assert out["groups"][0]["criteria"][0]["points_high"] == -10


def test_property_condition_uses_the_filter_model(session):
    cond = {"key": "c9", "kind": "property_condition", "label": "Low NPS", "points": -20,
            "filter": {"all": [{"property": "nps", "operator": "lte", "value": 6}]}}  # fmt: skip
    d = copy.deepcopy(DEFINITION)
    d["groups"][0]["criteria"].append(cond)
    out = _check(session, d)
    assert out["groups"][0]["criteria"][1]["filter"] == {"all": [{"property": "nps", "operator": "lte", "value": 6.0}]}
    where = "Group “Sentiment”, criterion “Low NPS”"

    def refused(**changes):
        bad = copy.deepcopy(d)
        bad["groups"][0]["criteria"][1].update(changes)
        return _refused(session, bad)

    assert refused(filter={"all": [{"property": "mood", "operator": "eq", "value": "x"}]}) == (
        f"{where}: Unknown property 'mood'"
    )
    assert refused(filter={"all": [{"property": "nps", "operator": "lte"}]}) == f"{where}: Enter a value for NPS score"
    assert refused(filter=None) == f"{where}: set the condition that gives the points."
    assert refused(filter={"all": []}) == f"{where}: set the condition that gives the points."
    assert refused(points=-101) == f"{where}: points must be between -100 and 100 (it is -101)."
    assert refused(filter={"all": [{"property": "owner_id", "operator": "in", "value": ["me"]}]}) == (
        f"{where}: “Me” has no meaning in a health score; pick users by name."
    )
    assert refused(filter={"all": [{"property": "health_category", "operator": "in", "value": ["healthy"]}]}) == (
        f"{where}: health scores and statuses cannot be used in a health score profile."
    )


def test_custom_number_properties_can_be_scored(session, admin):
    add_property(session, admin, "company", name="logins", label="Logins last month", type="number")
    add_property(session, admin, "company", name="plan", label="Plan", type="string")
    assert "logins" in hp.linear_properties(hp.scoring_properties(session))
    _check(session, _with((0, 0), property="logins", low=0, high=50))
    assert "Plan is not" in _refused(session, _with((0, 0), property="plan"))


def test_limits_on_groups_and_criteria(session):
    groups = [
        {"name": f"G{i}", "kind": "event", "max_points": 10, "criteria": [hp.new_criterion("open_tickets", set())]}
        for i in range(11)
    ]
    assert _refused(session, {"groups": groups}) == "A health score can have at most 10 groups (this one has 11)."
    crit = [hp.new_criterion("open_tickets", set()) | {"key": f"c{i}"} for i in range(21)]
    assert _refused(session, _with(2, criteria=crit)) == (
        "Group “Support”: a group can have at most 20 criteria (it has 21)."
    )
    assert "can be at most 120 characters (it has 121)" in _refused(session, _with((2, 0), label="x" * 121))


def test_thresholds():
    assert hp.validate_thresholds({"healthy": 75, "neutral": 45.5}) == {"healthy": 75, "neutral": 45.5}
    assert hp.validate_thresholds({"healthy": 100, "neutral": 0}) == {"healthy": 100, "neutral": 0}
    cases = {
        None: "Set the scores from which a customer is Healthy and Neutral.",
        (40, 40): "“Neutral from” (40) must be below “Healthy from” (40): customers below Neutral are At risk.",
        (30, 60): "“Neutral from” (60) must be below “Healthy from” (30): customers below Neutral are At risk.",
        (101, 40): "“Healthy from” must be between 0 and 100 (it is 101).",
        (70, -1): "“Neutral from” must be between 0 and 100 (it is -1).",
        (70, None): "“Neutral from” must be a number.",
    }
    for raw, message in cases.items():
        value = None if raw is None else {"healthy": raw[0], "neutral": raw[1]}
        with pytest.raises(ValidationError) as exc:
            hp.validate_thresholds(value)
        assert str(exc.value) == message


def test_segment_uses_the_filter_model(session):
    seg = {"all": [{"property": "lifecycle_stage", "operator": "in", "value": ["customer"]}]}
    assert hp.validate_segment(session, seg) == seg
    assert hp.validate_segment(session, None) is None
    assert hp.validate_segment(session, {"all": []}) is None
    with pytest.raises(ValidationError, match="^Segment: Unknown property 'tier'$"):
        hp.validate_segment(session, {"all": [{"property": "tier", "operator": "is_known"}]})
    with pytest.raises(ValidationError, match="^Segment: health scores and statuses cannot be used"):
        hp.validate_segment(session, {"all": [{"property": "health_score", "operator": "gt", "value": 4}]})


# --- CRUD and permissions -----------------------------------------------------------------


def test_create_read_and_list(session, admin):
    csm = make_actor(session)
    seg = {"all": [{"property": "lifecycle_stage", "operator": "in", "value": ["customer"]}]}
    p = _create(session, admin, segment=seg, priority=2)
    assert (p.name, p.status, p.priority, p.segment, p.version) == ("Customer health", "draft", 2, seg, 1)
    row = session.get(HealthProfile, p.id)
    assert row.created_by_id == admin.id and row.object_type == "company"
    assert hp.get_profile(session, csm, p.id).definition == DEFINITION
    active = _create(session, admin, name="Enterprise", status="active", priority=5)
    company = make_company(session)
    make_health_score(session, active.id, company, 80.0, "healthy")
    rows = hp.list_profiles(session, csm, with_counts=True)
    assert [(r.name, r.status, r.scored) for r in rows] == [
        ("Enterprise", "active", 1),
        ("Customer health", "draft", 0),
    ]
    assert hp.list_profiles(session, csm)[0].scored is None


def test_reading_needs_workspace_access(session, admin):
    p = _create(session, admin)
    outsider = make_actor(session, workspace_access=False)
    with pytest.raises(PermissionDenied):
        hp.list_profiles(session, outsider)
    with pytest.raises(PermissionDenied):
        hp.get_profile(session, outsider, p.id)
    with pytest.raises(NotFound, match="does not exist"):
        hp.get_profile(session, admin, 999_999)


@pytest.mark.parametrize(
    "flags",
    [
        {},  # a CSM
        {"is_super_admin": True, "has_service_seat": False},  # configures settings, but not health scores
        {"manage_settings": True, "workspace_access": False},
        {"manage_settings": True, "is_active": False},
    ],
)
def test_who_may_not_edit_health_scores(session, admin, flags):
    p = _create(session, admin)
    actor = make_actor(session, **flags)
    for call in (
        lambda: _create(session, actor, name="Other"),
        lambda: hp.update_profile(session, actor, p.id, expected_version=1, name="X"),
        lambda: hp.clone_profile(session, actor, p.id),
        lambda: hp.set_status(session, actor, p.id, "active"),
        lambda: hp.delete_profile(session, actor, p.id),
    ):
        with pytest.raises(PermissionDenied, match="can create or change health scores"):
            call()
    assert session.get(HealthProfile, p.id).name == "Customer health"


def test_a_super_admin_with_a_seat_may_edit(session):
    boss = make_actor(session, is_super_admin=True)
    assert _create(session, boss).status == "draft"


def test_create_validates_every_field(session, admin):
    with pytest.raises(ValidationError, match="^The profile name cannot be empty.$"):
        _create(session, admin, name="   ")
    with pytest.raises(ValidationError, match="at most 120 characters"):
        _create(session, admin, name="x" * 121)
    with pytest.raises(ValidationError, match="^Priority must be between 1 and 999"):
        _create(session, admin, priority=0)
    with pytest.raises(ValidationError, match="^Priority must be a whole number.$"):
        _create(session, admin, priority=1.5)
    with pytest.raises(ValidationError, match="^A profile is either a draft or active.$"):
        _create(session, admin, status="paused")
    with pytest.raises(ValidationError, match="add up to 85"):
        _create(session, admin, definition=_with(0, max_points=15))
    with pytest.raises(ValidationError, match="^“Neutral from”"):
        _create(session, admin, thresholds={"healthy": 40, "neutral": 70})
    with pytest.raises(ValidationError, match="^Segment:"):
        _create(session, admin, segment={"all": [{"property": "nope", "operator": "is_known"}]})
    assert session.scalar(select(func.count()).select_from(HealthProfile)) == 0


def test_names_are_unique_ignoring_case(session, admin):
    first = _create(session, admin, name="Ønboarding")
    with pytest.raises(ValidationError, match="^A health score profile named “Ønboarding” already exists.$"):
        _create(session, admin, name="  øNBOARDING ")
    other = _create(session, admin, name="Steady state")
    with pytest.raises(ValidationError, match="already exists"):
        hp.update_profile(session, admin, other.id, expected_version=other.version, name="ønboarding")
    # Renaming a profile to its own name in another case is fine.
    renamed = hp.update_profile(session, admin, first.id, expected_version=first.version, name="ØNBOARDING")
    assert renamed.name == "ØNBOARDING"


def test_update_changes_only_given_fields_and_moves_the_version(session, admin):
    p = _create(session, admin)
    d = _with(0, name="Mood")
    q = hp.update_profile(
        session, admin, p.id, expected_version=p.version, definition=d, thresholds={"healthy": 80, "neutral": 50}
    )
    assert q.version == p.version + 1
    assert q.definition["groups"][0]["name"] == "Mood" and q.thresholds == {"healthy": 80, "neutral": 50}
    assert (q.name, q.priority, q.status, q.segment) == (p.name, p.priority, p.status, p.segment)
    q2 = hp.update_profile(session, admin, p.id, expected_version=q.version, segment=None, priority=3)
    assert (q2.priority, q2.segment, q2.version) == (3, None, q.version + 1)


def test_a_stale_edit_is_refused(session, admin):
    p = _create(session, admin)
    hp.update_profile(session, admin, p.id, expected_version=p.version, name="Renamed")
    for call in (
        lambda: hp.update_profile(session, admin, p.id, expected_version=p.version, name="Mine"),
        lambda: hp.set_status(session, admin, p.id, "active", expected_version=p.version),
        lambda: hp.delete_profile(session, admin, p.id, expected_version=p.version),
    ):
        with pytest.raises(ConflictError, match="changed by someone else"):
            call()
    assert session.get(HealthProfile, p.id).name == "Renamed"


def test_clone_is_a_draft_copy_with_a_free_name(session, admin):
    p = _create(session, admin, status="active", priority=4)
    c1 = hp.clone_profile(session, admin, p.id)
    c2 = hp.clone_profile(session, admin, p.id)
    assert (c1.name, c1.status, c1.priority, c1.definition) == ("Customer health (copy)", "draft", 4, p.definition)
    assert c2.name == "Customer health (copy 2)"
    long = _create(session, admin, name="L" * 120)
    assert hp.clone_profile(session, admin, long.id).name == "L" * 113 + " (copy)"


def test_switching_on_and_off(session, admin):
    p = _create(session, admin)
    on = hp.set_status(session, admin, p.id, "active", expected_version=p.version)
    assert on.status == "active" and on.version == p.version + 1
    off = hp.set_status(session, admin, p.id, "draft", expected_version=on.version)
    assert off.status == "draft"
    with pytest.raises(ValidationError):
        hp.set_status(session, admin, p.id, "paused")


def test_switching_on_rechecks_a_draft_whose_property_was_deleted(session, admin):
    add_property(session, admin, "company", name="logins", label="Logins", type="number")
    p = _create(session, admin, definition=_with((0, 0), property="logins", low=0, high=50))
    row = session.get(HealthProfile, p.id)
    from cslib.models import PropertyDefinition

    session.execute(PropertyDefinition.__table__.delete().where(PropertyDefinition.name == "logins"))
    session.info.pop("cslib.properties", None)
    with pytest.raises(ValidationError, match="unknown property “logins”"):
        hp.set_status(session, admin, row.id, "active")


def test_delete_cascades_and_recomputes_the_primary_score(session, admin):
    first = _create(session, admin, name="First", status="active", priority=1)
    second = _create(session, admin, name="Second", status="active", priority=2)
    company = make_company(session, health_score=90.0, health_category="healthy")
    alone = make_company(session, health_score=20.0, health_category="at_risk")
    make_health_score(session, first.id, company, 90.0, "healthy")
    make_health_score(session, second.id, company, 50.0, "neutral")
    make_health_score(session, first.id, alone, 20.0, "at_risk")
    make_alert(session, company, first.id)
    day = company.created_at.date()
    session.add(HealthScoreDaily(profile_id=first.id, object_id=company.id, day=day, score=90.0, category="healthy"))
    session.flush()
    hp.delete_profile(session, admin, first.id, expected_version=first.version)
    session.expire_all()
    assert session.get(HealthProfile, first.id) is None
    for model in (HealthScore, HealthScoreDaily, Alert):
        assert not session.scalar(select(func.count()).select_from(model).where(model.profile_id == first.id))
    # The company falls back to the other profile's score; the other one has none left.
    c = session.get(Company, company.id)
    assert (c.health_score, c.health_category) == (50.0, "neutral")
    a = session.get(Company, alone.id)
    assert (a.health_score, a.health_category) == (None, None)


def test_delete_of_a_missing_profile(session, admin):
    with pytest.raises(NotFound):
        hp.delete_profile(session, admin, 999_999)
    other = make_health_profile(session, status="draft")
    hp.delete_profile(session, admin, other.id)
    assert session.get(HealthProfile, other.id) is None


def test_max_points_total_counts_what_was_typed():
    d = _with(0, max_points=None)
    assert hp.max_points_total(d) == 70
    assert hp.max_points_total(DEFINITION) == 100
