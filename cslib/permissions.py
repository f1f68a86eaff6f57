"""Who may do what (SPEC §1). Every cslib function that reads or writes takes the acting
user (an `Actor`) and asks this module; pages never decide access on their own.

Decisions where the spec is silent:
- Workspace access without a Service seat gives the Overview only (like a super admin
  without a seat, but without the settings).
- Users, seats and permissions are managed by super admins only; "Manage customer
  success settings" covers the workspace settings (owner property, projects object,
  pipelines, custom objects, default views, view-as).
"""

from __future__ import annotations

from dataclasses import dataclass

from cslib.errors import CsError
from cslib.i18n import N_, _

# The refusals that reads and record edits share, worded once. A package with a reason to
# word its own (merging, changing tasks, handling alerts) keeps its message.
READ_DENIED = N_("Your account has no workspace access.")
EDIT_DENIED = N_("Your account cannot edit records: it needs workspace access and a Service seat.")
TABS = ("overview", "customers", "projects", "revenue", "actions", "schedule", "feed", "dashboards")


class PermissionDenied(CsError):
    """The acting user may not do this; the message says why, for the user to read."""


@dataclass(frozen=True)
class Actor:
    id: int
    email: str
    name: str
    is_active: bool = True
    is_super_admin: bool = False
    has_service_seat: bool = False
    workspace_access: bool = True
    manage_settings: bool = False
    can_export: bool = True
    can_import: bool = False
    time_zone: str = "UTC"
    language: str | None = None  # the user's choice; the UI replaces it with the language they read
    team_ids: tuple[int, ...] = ()

    @classmethod
    def from_user(cls, user) -> Actor:  # noqa: ANN001
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            is_active=user.is_active,
            is_super_admin=user.is_super_admin,
            has_service_seat=user.has_service_seat,
            workspace_access=user.workspace_access,
            manage_settings=user.manage_settings,
            can_export=user.can_export,
            can_import=user.can_import,
            time_zone=user.time_zone,
            language=user.language,
            team_ids=tuple(sorted(t.id for t in user.teams)),
        )


def can_use_workspace(a: Actor) -> bool:
    return a.is_active and (a.is_super_admin or a.workspace_access)


def has_full_use(a: Actor) -> bool:
    """Every tab: workspace access (or super admin) and a Service seat."""
    return can_use_workspace(a) and a.has_service_seat


def visible_tabs(a: Actor) -> tuple[str, ...]:
    if has_full_use(a):
        return TABS
    if can_use_workspace(a):
        return ("overview",)
    return ()


def can_open_tab(a: Actor, tab: str) -> bool:
    return tab in visible_tabs(a)


def can_manage_settings(a: Actor) -> bool:
    """Configure the workspace, manage default and shared views, view as another user."""
    return a.is_active and (a.is_super_admin or (a.manage_settings and a.workspace_access))


def can_manage_users(a: Actor) -> bool:
    return a.is_active and a.is_super_admin


def can_view_as(a: Actor) -> bool:
    return can_manage_settings(a)


def can_edit_health_scores(a: Actor) -> bool:
    """A super admin without a seat configures settings but not health scores."""
    return can_manage_settings(a) and a.has_service_seat


def can_edit_records(a: Actor) -> bool:
    return has_full_use(a)


def can_export(a: Actor) -> bool:
    return has_full_use(a) and (a.is_super_admin or a.can_export)


def can_import(a: Actor) -> bool:
    """May bring records in from files (Settings → Import): admins, and users given the
    Import permission. Importing writes records, so it needs full use of the workspace."""
    return has_full_use(a) and (a.is_super_admin or a.manage_settings or a.can_import)


def can_add_reports(a: Actor) -> bool:
    return can_use_workspace(a)


def can_share_with_everyone(a: Actor) -> bool:
    return can_manage_settings(a)


def can_manage_default_views(a: Actor) -> bool:
    return can_manage_settings(a)


def can_see_view(a: Actor, *, owner_id: int | None, sharing: str) -> bool:
    return sharing == "everyone" or owner_id == a.id


def can_edit_view(a: Actor, *, owner_id: int | None, sharing: str, builtin: bool, is_default: bool) -> bool:
    """Built-in views are never edited. Shared or default views need the settings
    permission; private views belong to their owner."""
    if builtin:
        return False
    if sharing == "everyone" or is_default:
        return can_manage_settings(a)
    return owner_id == a.id and can_use_workspace(a)


def can_delete_view(a: Actor, *, owner_id: int | None, sharing: str, builtin: bool, is_default: bool) -> bool:
    if builtin or sharing == "everyone" or is_default:
        return can_manage_settings(a)
    return owner_id == a.id and can_use_workspace(a)


def require(allowed: bool, message: str) -> None:
    """Refuse with `message` (an English constant marked with N_), in the reader's language."""
    if not allowed:
        raise PermissionDenied(_(message))
