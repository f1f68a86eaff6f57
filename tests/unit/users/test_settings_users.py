"""User and team management (super admins only) and the own-time-zone setting."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from cslib import users
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import AuthSession, Team, User
from cslib.permissions import Actor, PermissionDenied
from tests.factories import PASSWORD, make_actor, make_team, make_user

NEW_PASSWORD = "long-enough-1"


@pytest.fixture
def admin(session):
    return make_actor(session, is_super_admin=True, has_service_seat=True, name="Ada Admin")


def _csm(session):
    return make_actor(session)


def _manager(session):
    return make_actor(session, manage_settings=True)


NON_ADMINS = {"CSM": _csm, "CS manager": _manager}


def _create(session, actor, **kw):
    values = dict(email="new.person@example.com", name="New Person", password=NEW_PASSWORD)
    values.update(kw)
    return users.create_user(session, actor, **values)


@pytest.mark.parametrize("who", NON_ADMINS)
def test_only_super_admins_manage_users_and_teams(session, who):
    actor = NON_ADMINS[who](session)
    target = make_user(session)
    team = make_team(session)
    calls = [
        lambda: users.list_users(session, actor),
        lambda: users.get_user(session, actor, target.id),
        lambda: _create(session, actor),
        lambda: users.update_user(session, actor, target.id, expected_version=target.version, name="X"),
        lambda: users.deactivate_user(session, actor, target.id),
        lambda: users.reactivate_user(session, actor, target.id),
        lambda: users.reset_password(session, actor, target.id, NEW_PASSWORD),
        lambda: users.create_team(session, actor, "Growth"),
        lambda: users.rename_team(session, actor, team.id, "Renamed"),
        lambda: users.delete_team(session, actor, team.id),
        lambda: users.set_team_members(session, actor, team.id, [target.id]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="Only super admins can manage users and teams"):
            call()
    assert session.scalar(select(User).where(User.email == "new.person@example.com")) is None
    assert session.get(User, target.id).is_active


def test_a_super_admin_without_a_seat_still_manages_users(session):
    seatless = make_actor(session, is_super_admin=True, has_service_seat=False)
    user = _create(session, seatless)
    assert user.id is not None


def test_list_users_shows_roles_teams_and_last_sign_in(session, admin):
    csm = make_user(session, name="Carl Csm")
    make_user(session, name="Mona Manager", manage_settings=True)
    make_user(session, name="Sam Seatless", is_super_admin=True, has_service_seat=False)
    make_user(session, name="Olga Overview", has_service_seat=False)
    make_team(session, "Enterprise", members=[csm])
    make_team(session, "Benelux", members=[csm])
    users.sign_in(session, csm.email, PASSWORD)
    df = users.list_users(session, admin)
    assert list(df.columns) == users.USER_COLUMNS
    by_name = df.set_index("name")
    assert by_name.loc["Carl Csm", "role"] == "CSM"
    assert by_name.loc["Carl Csm", "teams"] == "Benelux, Enterprise"
    assert by_name.loc["Carl Csm", "last_sign_in"] is not None
    assert by_name.loc["Mona Manager", "role"] == "CS manager"
    assert by_name.loc["Sam Seatless", "role"] == "Super admin, no seat"
    assert by_name.loc["Olga Overview", "role"] == "No seat"
    assert by_name.loc["Ada Admin", "role"] == "Super admin"


def test_last_sign_in_is_shown_in_the_admins_time_zone(session):
    admin = make_actor(session, is_super_admin=True, time_zone="Europe/Copenhagen")
    user = make_user(session, name="Tim Zone")
    users.sign_in(session, user.email, PASSWORD, now=datetime(2026, 1, 15, 9, 30, tzinfo=UTC))
    df = users.list_users(session, admin).set_index("name")
    shown = df.loc["Tim Zone", "last_sign_in"]
    assert (shown.hour, shown.minute, str(shown.tzinfo)) == (10, 30, "Europe/Copenhagen")


def test_create_user_stores_lower_case_email_argon2_hash_and_teams(session, admin):
    team = make_team(session, "Nordics")
    user = _create(
        session,
        admin,
        email="  Jane.Doe@Example.COM ",
        has_service_seat=True,
        manage_settings=True,
        can_export=False,
        team_ids=[team.id],
        time_zone="Europe/Copenhagen",
    )
    assert user.email == "jane.doe@example.com"
    assert user.password_hash.startswith("$argon2id$") and NEW_PASSWORD not in user.password_hash
    assert (user.has_service_seat, user.manage_settings, user.can_export) == (True, True, False)
    assert [t.name for t in user.teams] == ["Nordics"]
    assert user.time_zone == "Europe/Copenhagen"
    assert users.sign_in(session, "JANE.DOE@example.com", NEW_PASSWORD).token


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "“not-an-email” is not a valid e-mail address."),
        ({"email": "a@b"}, "is not a valid e-mail address"),
        ({"email": "a b@example.com"}, "is not a valid e-mail address"),
        ({"email": "  "}, "E-mail cannot be empty."),
        ({"name": "   "}, "Name cannot be empty."),
        ({"name": "x" * 201}, "Name can be at most 200 characters (it has 201)."),
        ({"password": "nine-char"}, "The password must have at least 10 characters."),
        ({"time_zone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone"),
        ({"team_ids": [999_999]}, "One of the chosen teams no longer exists"),
    ],
)
def test_create_user_validation(session, admin, fields, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _create(session, admin, **fields)
    assert session.scalar(select(User).where(User.name == "New Person")) is None


def test_create_user_refuses_an_existing_email_whatever_its_case(session, admin):
    make_user(session, email="taken@example.com")
    with pytest.raises(ValidationError, match="A user with the e-mail taken@example.com already exists."):
        _create(session, admin, email="TAKEN@example.com")


def test_update_user_changes_seat_permissions_teams_and_moves_the_version(session, admin):
    user = make_user(session, has_service_seat=False)
    team = make_team(session, "Growth")
    v0 = user.version
    users.update_user(
        session,
        admin,
        user.id,
        expected_version=v0,
        has_service_seat=True,
        manage_settings=True,
        team_ids=[team.id],
        name="Renamed",
        time_zone="America/New_York",
    )
    info = users.get_user(session, admin, user.id)
    assert (info.has_service_seat, info.manage_settings, info.name) == (True, True, "Renamed")
    assert info.team_ids == (team.id,) and info.time_zone == "America/New_York"
    assert info.version == v0 + 1


def test_changing_only_teams_still_moves_the_version(session, admin):
    user = make_user(session)
    team = make_team(session)
    v0 = user.version
    users.update_user(session, admin, user.id, expected_version=v0, team_ids=[team.id])
    assert users.get_user(session, admin, user.id).version == v0 + 1


def test_update_user_with_a_stale_version_is_a_conflict(session, admin):
    user = make_user(session)
    v0 = user.version
    users.update_user(session, admin, user.id, expected_version=v0, name="First edit")
    with pytest.raises(ConflictError) as exc:
        users.update_user(session, admin, user.id, expected_version=v0, name="Second edit")
    assert str(exc.value) == "Someone else changed this user since you opened it. Reload to see their changes."
    assert session.get(User, user.id).name == "First edit"


def test_update_user_refuses_unknown_fields_and_missing_users(session, admin):
    user = make_user(session)
    with pytest.raises(ValidationError, match="cannot be changed here: email"):
        users.update_user(session, admin, user.id, expected_version=user.version, email="x@example.com")
    with pytest.raises(NotFound):
        users.update_user(session, admin, 999_999, expected_version=1, name="Ghost")


def test_the_last_active_super_admin_cannot_be_demoted(session):
    only = make_user(session, is_super_admin=True)
    actor = Actor.from_user(only)
    with pytest.raises(ValidationError, match="This is the last active super admin"):
        users.update_user(session, actor, only.id, expected_version=only.version, is_super_admin=False)
    assert session.get(User, only.id).is_super_admin
    # A deactivated super admin does not count.
    make_user(session, is_super_admin=True, is_active=False)
    with pytest.raises(ValidationError, match="last active super admin"):
        users.update_user(session, actor, only.id, expected_version=only.version, is_super_admin=False)
    second = make_user(session, is_super_admin=True)
    users.update_user(session, actor, only.id, expected_version=only.version, is_super_admin=False)
    assert not session.get(User, only.id).is_super_admin and second.is_super_admin


def test_you_cannot_deactivate_yourself(session, admin):
    with pytest.raises(ValidationError, match="You cannot deactivate your own account."):
        users.deactivate_user(session, admin, admin.id)
    assert session.get(User, admin.id).is_active


def test_the_last_active_super_admin_cannot_be_deactivated(session):
    target = make_user(session, is_super_admin=True)
    # An actor whose super-admin right was removed meanwhile (their Actor is older than the row).
    stale = Actor.from_user(make_user(session, is_super_admin=False))
    stale = Actor(**{**stale.__dict__, "is_super_admin": True})
    with pytest.raises(ValidationError, match="This is the last active super admin"):
        users.deactivate_user(session, stale, target.id)
    assert session.get(User, target.id).is_active


def test_deactivation_revokes_every_session_and_reactivation_lets_them_sign_in_again(session, admin):
    user = make_user(session, email="leaving@example.com")
    token_a = users.sign_in(session, "leaving@example.com", PASSWORD).token
    token_b = users.sign_in(session, "leaving@example.com", PASSWORD).token
    assert users.actor_for_token(session, token_a).id == user.id
    users.deactivate_user(session, admin, user.id, expected_version=user.version)
    assert users.actor_for_token(session, token_a) is None
    revoked = session.scalars(select(AuthSession.revoked_at).where(AuthSession.user_id == user.id)).all()
    assert len(revoked) == 2 and all(revoked)
    assert users.sign_in(session, "leaving@example.com", PASSWORD).token is None
    users.reactivate_user(session, admin, user.id)
    # Old sessions stay revoked; a fresh sign-in works.
    assert users.actor_for_token(session, token_b) is None
    assert users.sign_in(session, "leaving@example.com", PASSWORD).token


def test_deactivate_with_a_stale_version_is_a_conflict(session, admin):
    user = make_user(session)
    v0 = user.version
    users.update_user(session, admin, user.id, expected_version=v0, name="Changed")
    with pytest.raises(ConflictError):
        users.deactivate_user(session, admin, user.id, expected_version=v0)
    assert session.get(User, user.id).is_active


def test_reset_password_replaces_it_and_signs_the_user_out(session, admin):
    user = make_user(session, email="forgetful@example.com")
    token = users.sign_in(session, "forgetful@example.com", PASSWORD).token
    with pytest.raises(ValidationError, match="at least 10 characters"):
        users.reset_password(session, admin, user.id, "short")
    users.reset_password(session, admin, user.id, NEW_PASSWORD)
    assert users.actor_for_token(session, token) is None
    assert users.sign_in(session, "forgetful@example.com", PASSWORD).token is None
    assert users.sign_in(session, "forgetful@example.com", NEW_PASSWORD).token


def test_anyone_may_set_their_own_time_zone_to_a_real_one(session):
    csm = _csm(session)
    users.set_own_time_zone(session, csm, "Europe/Warsaw")
    assert session.get(User, csm.id).time_zone == "Europe/Warsaw"
    for bad in ("Mars/Olympus", "../../etc/passwd", ""):
        with pytest.raises(ValidationError, match="is not a time zone"):
            users.set_own_time_zone(session, csm, bad)
    assert users.time_zone_choices()[0] == "UTC" and "Europe/Copenhagen" in users.time_zone_choices()


def test_teams_create_rename_members_and_delete(session, admin):
    a, b = make_user(session, name="Anna"), make_user(session, name="Bert")
    team = users.create_team(session, admin, "  Enterprise  ")
    assert team.name == "Enterprise"
    users.set_team_members(session, admin, team.id, [b.id, a.id])
    users.rename_team(session, admin, team.id, "Enterprise EMEA")
    [info] = [t for t in users.list_teams(session, admin) if t.id == team.id]
    assert info.name == "Enterprise EMEA" and info.member_names == ("Anna", "Bert")
    users.set_team_members(session, admin, team.id, [a.id])
    assert [m.id for m in session.get(Team, team.id).members] == [a.id]
    users.delete_team(session, admin, team.id)
    assert session.get(Team, team.id) is None
    assert session.get(User, a.id) is not None


def test_team_names_are_unique_and_bounded(session, admin):
    users.create_team(session, admin, "Growth")
    other = users.create_team(session, admin, "Scale")
    with pytest.raises(ValidationError, match="A team called “growth” already exists."):
        users.create_team(session, admin, "growth")
    with pytest.raises(ValidationError, match="A team called “GROWTH” already exists."):
        users.rename_team(session, admin, other.id, "GROWTH")
    with pytest.raises(ValidationError, match="Team name cannot be empty."):
        users.create_team(session, admin, " ")
    with pytest.raises(ValidationError, match="at most 120 characters"):
        users.create_team(session, admin, "t" * 121)
    users.rename_team(session, admin, other.id, "scale")  # its own name in another case is fine
    with pytest.raises(ValidationError, match="One of the chosen users no longer exists"):
        users.set_team_members(session, admin, other.id, [999_999])
    with pytest.raises(NotFound):
        users.delete_team(session, admin, 999_999)
