"""SPEC §1, case by case: each role against each rule."""

from __future__ import annotations

import pytest

from cslib import permissions as p
from cslib.permissions import TABS, Actor, PermissionDenied

SUPER_SEAT = Actor(1, "a@x", "Super with seat", is_super_admin=True, has_service_seat=True, workspace_access=False)
SUPER_NO_SEAT = Actor(
    2, "b@x", "Super without seat", is_super_admin=True, has_service_seat=False, workspace_access=False
)
MANAGER = Actor(3, "c@x", "CS manager", has_service_seat=True, manage_settings=True)
CSM = Actor(4, "d@x", "CSM", has_service_seat=True)
CSM_NO_EXPORT = Actor(5, "e@x", "CSM no export", has_service_seat=True, can_export=False)
ACCESS_NO_SEAT = Actor(6, "f@x", "Access, no seat", has_service_seat=False)
NO_ACCESS = Actor(7, "g@x", "No access", workspace_access=False, has_service_seat=True)
DEACTIVATED_ADMIN = Actor(8, "h@x", "Gone", is_active=False, is_super_admin=True, has_service_seat=True)
MANAGER_NO_ACCESS = Actor(9, "i@x", "Manager without access", manage_settings=True, workspace_access=False)

ROLES = {
    "super_seat": SUPER_SEAT,
    "super_no_seat": SUPER_NO_SEAT,
    "manager": MANAGER,
    "csm": CSM,
    "csm_no_export": CSM_NO_EXPORT,
    "access_no_seat": ACCESS_NO_SEAT,
    "no_access": NO_ACCESS,
    "deactivated_admin": DEACTIVATED_ADMIN,
    "manager_no_access": MANAGER_NO_ACCESS,
}

# role: (tabs, manage settings/view as/default views/share with everyone, health scores,
#        export, manage users, add reports)
MATRIX = {
    "super_seat": (TABS, True, True, True, True, True),
    "super_no_seat": (("overview",), True, False, False, True, True),
    "manager": (TABS, True, True, True, False, True),
    "csm": (TABS, False, False, True, False, True),
    "csm_no_export": (TABS, False, False, False, False, True),
    "access_no_seat": (("overview",), False, False, False, False, True),
    "no_access": ((), False, False, False, False, False),
    "deactivated_admin": ((), False, False, False, False, False),
    "manager_no_access": ((), False, False, False, False, False),
}


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_tabs(role):
    assert p.visible_tabs(ROLES[role]) == MATRIX[role][0]
    for tab in TABS:
        assert p.can_open_tab(ROLES[role], tab) == (tab in MATRIX[role][0])


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_admin_only_powers(role):
    a, expected = ROLES[role], MATRIX[role][1]
    assert p.can_manage_settings(a) == expected
    assert p.can_view_as(a) == expected
    assert p.can_manage_default_views(a) == expected
    assert p.can_share_with_everyone(a) == expected


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_health_scores_export_users_reports(role):
    a = ROLES[role]
    _, _, health, export, users, reports = MATRIX[role]
    assert p.can_edit_health_scores(a) == health
    assert p.can_export(a) == export
    assert p.can_manage_users(a) == users
    assert p.can_add_reports(a) == reports


def test_private_views_belong_to_their_owner():
    mine = dict(owner_id=CSM.id, sharing="private", builtin=False, is_default=False)
    assert p.can_edit_view(CSM, **mine) and p.can_delete_view(CSM, **mine)
    assert p.can_see_view(CSM, owner_id=CSM.id, sharing="private")
    assert not p.can_see_view(CSM_NO_EXPORT, owner_id=CSM.id, sharing="private")
    assert not p.can_edit_view(CSM_NO_EXPORT, **mine)
    assert not p.can_delete_view(CSM_NO_EXPORT, **mine)


def test_shared_and_default_views_need_the_settings_permission():
    shared = dict(owner_id=CSM.id, sharing="everyone", builtin=False, is_default=False)
    default = dict(owner_id=MANAGER.id, sharing="everyone", builtin=False, is_default=True)
    assert p.can_see_view(CSM, owner_id=MANAGER.id, sharing="everyone")
    for rules in (shared, default):
        assert not p.can_edit_view(CSM, **rules) and not p.can_delete_view(CSM, **rules)
        assert p.can_edit_view(MANAGER, **rules) and p.can_delete_view(MANAGER, **rules)
        assert p.can_edit_view(SUPER_NO_SEAT, **rules)


def test_builtin_views_cannot_be_edited_but_admins_can_delete_them():
    builtin = dict(owner_id=None, sharing="everyone", builtin=True, is_default=True)
    assert not p.can_edit_view(SUPER_SEAT, **builtin)
    assert p.can_delete_view(SUPER_SEAT, **builtin)
    assert not p.can_delete_view(CSM, **builtin)


def test_require_raises_a_readable_denial():
    with pytest.raises(PermissionDenied, match="Only admins"):
        p.require(p.can_view_as(CSM), "Only admins can view the workspace as another user.")
