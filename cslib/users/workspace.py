"""Workspace settings (SPEC §2): the single settings row and what derives from it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import i18n
from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _, pgettext
from cslib.models import Pipeline, PipelineStage, WorkspaceSettings, utcnow
from cslib.permissions import Actor
from cslib.properties import (
    ObjectTypeInfo,
    column_for,
    ensure_builtin_object_types,
    list_object_types,
    properties_for,
)
from cslib.validation import check_version, clean_text, flushing, require_settings

# Settings › Workspace: "no default language", i.e. each browser's own.
BROWSER_LANGUAGE = "browser"
# The built-in object "Activate the projects object" sets up.
PROJECT_OBJECT = "project"


def get_workspace(session: Session) -> WorkspaceSettings:
    ws = session.get(WorkspaceSettings, 1)
    if ws is None:
        raise NotFound(_("The workspace is not set up yet."))
    return ws


def owner_column(session: Session) -> ColumnElement:
    """The customer property that decides which records are "mine" (Company owner by
    default, or the CSM owner property the admin picked)."""
    ws = get_workspace(session)
    props = properties_for(session, ws.customer_object)
    spec = props.get(ws.owner_property) or props["owner_id"]
    return column_for(spec)


def is_demo(session: Session) -> bool:
    """True on a database filled by cslib.demo: the sign-in page then lists demo accounts."""
    return bool(session.scalar(select(WorkspaceSettings.is_demo).where(WorkspaceSettings.id == 1)))


# --- settings the admin edits (SPEC §2) ----------------------------------------------------

WORKSPACE_CONFLICT = N_(
    "Someone else changed the workspace settings since you opened them. Reload to see their changes."
)
SERVICES_UNTIL = date(2025, 11, 30)
TICKETS_UNTIL = date(2025, 3, 31)
REVENUE_OBJECTS = ("deal", "subscription")


def _labels(session: Session) -> dict[str, ObjectTypeInfo]:
    return {o.key: o for o in list_object_types(session)}


def projects_object_choices(session: Session, account_created_on: date) -> list[tuple[str, str]]:
    """(key, plural label) of objects that may represent projects: accounts created before
    2025-04-01 may pick Projects, Services or Tickets; up to 2025-11-30 Projects or
    Services; later Projects only. Custom objects with a pipeline are always allowed."""
    if account_created_on <= TICKETS_UNTIL:
        keys = ["project", "service", "ticket"]
    elif account_created_on <= SERVICES_UNTIL:
        keys = ["project", "service"]
    else:
        keys = ["project"]
    objects = _labels(session)
    custom = [(o.key, o.plural) for o in objects.values() if o.is_custom and o.has_pipeline]
    return [(k, objects[k].plural) for k in keys] + custom


def projects_choice_note(account_created_on: date) -> str:
    """Why the projects choices are what they are, for the settings page (the dates are
    fixed dates of the rule, written in each language's own way by its translator)."""
    if account_created_on <= TICKETS_UNTIL:
        return _("Accounts created before 1 April 2025 may use Projects, Services, Tickets or a custom object.")
    if account_created_on <= SERVICES_UNTIL:
        return _(
            "Accounts created from 1 April to 30 November 2025 may use Projects, Services or a custom "
            "object; Tickets are only offered to accounts created before 1 April 2025."
        )
    return _(
        "Accounts created from 1 December 2025 may use Projects or a custom object; Services and "
        "Tickets are only offered to older accounts."
    )


def owner_property_choices(session: Session) -> list[tuple[str, str]]:
    """(name, label) of the customer object's user properties: Company owner, CSM owner and
    custom user properties."""
    ws = get_workspace(session)
    return [(p.name, p.label) for p in properties_for(session, ws.customer_object).values() if p.type == "user"]


def revenue_pipeline_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "Deals · Sales pipeline") of every deal and subscription pipeline."""
    objects = _labels(session)
    rows = session.execute(
        select(Pipeline.id, Pipeline.object_type, Pipeline.name).where(Pipeline.object_type.in_(REVENUE_OBJECTS))
    ).all()
    rows.sort(key=lambda r: (REVENUE_OBJECTS.index(r.object_type), r.name.lower(), r.id))
    return [(r.id, f"{objects[r.object_type].plural} · {r.name}") for r in rows]


def update_workspace(
    session: Session,
    actor: Actor,
    *,
    expected_version: int,
    owner_property: str | None = None,
    projects_object: str | None = None,
    revenue_pipeline_ids: list[int] | None = None,
    name: str | None = None,
    default_language: str | None = None,
) -> WorkspaceSettings:
    """Save the settings given (None leaves one unchanged), each checked against its choices."""
    require_settings(actor)
    ws = get_workspace(session)
    check_version(ws.version, expected_version, WORKSPACE_CONFLICT)
    # Validate everything before the first assignment (a later query would autoflush it).
    values: dict = {"updated_at": utcnow(), "updated_by_id": actor.id}
    if name is not None:
        values["name"] = clean_text(name, _("Workspace name"), 120)
    if default_language is not None:
        values["default_language"] = _default_language(default_language)
    if owner_property is not None:
        if owner_property not in dict(owner_property_choices(session)):
            raise ValidationError(_("Pick the owner property from the list: it must be a user property of customers."))
        values["owner_property"] = owner_property
    if projects_object is not None:
        choices = dict(projects_object_choices(session, ws.account_created_on))
        if projects_object not in choices:
            allowed = ", ".join(choices.values())
            raise ValidationError(
                _("This account can use one of these objects for projects: {allowed}.", allowed=allowed)
            )
        values["projects_object"] = projects_object
    if revenue_pipeline_ids is not None:
        valid = [pid for pid, _label in revenue_pipeline_choices(session)]
        picked = {int(p) for p in revenue_pipeline_ids}
        if picked - set(valid):
            raise ValidationError(_("One of the chosen revenue pipelines no longer exists. Reload and pick again."))
        values["revenue_pipeline_ids"] = [p for p in valid if p in picked]
    if values.get("projects_object") == PROJECT_OBJECT:
        _ensure_project_pipeline(session)  # picking Projects here activates it as the tab's button does
    for key, value in values.items():
        setattr(ws, key, value)
    with flushing(session, conflict=WORKSPACE_CONFLICT):
        pass
    return ws


def _default_language(choice: str) -> str | None:
    if choice == BROWSER_LANGUAGE:
        return None
    if i18n.supported(choice) != choice:
        raise ValidationError(
            _(
                "“{code}” is not a language of this workspace. Pick one of: {choices}.",
                code=str(choice)[:20],
                choices=", ".join([BROWSER_LANGUAGE, *i18n.LANGUAGES]),
            )
        )
    return choice


def default_language_choices() -> list[tuple[str, str]]:
    """(code, label) for Settings › Workspace: each browser's language, then each language
    in its own name."""
    return [(BROWSER_LANGUAGE, _("Each user's browser language (English if not offered)")), *i18n.LANGUAGES.items()]


def workspace_language(session: Session) -> str | None:
    """The language of users who chose none (None: each browser's language)."""
    return session.scalar(select(WorkspaceSettings.default_language).where(WorkspaceSettings.id == 1))


def projects_tab_label(session: Session) -> str | None:
    """The projects tab is named after the chosen object, in the reader's language:
    Projects, Services, Tickets or a custom object's plural. None while no object is set
    up (the tab then offers to activate the projects object)."""
    key = get_workspace(session).projects_object
    if key is None:
        return None
    info = _labels(session).get(key)
    return info.plural if info else key.replace("_", " ").title()


# --- "Activate the projects object" (SPEC §2) ------------------------------------------------


def activate_projects_object(session: Session, actor: Actor) -> str:
    """Set up the built-in Projects object for the projects tab: its object type row and,
    when it has no pipeline yet, a "Projects" pipeline (Not started, In progress, On hold,
    Completed: closed and won), named in the activating admin's language. Returns the key
    of the object the tab now shows.

    Idempotent, and safe against a stale button: when another admin picked another object
    meanwhile (Services, a custom object), that choice stays and its key is returned."""
    require_settings(actor)
    ws = session.get(WorkspaceSettings, 1, with_for_update=True)  # two admins at once: one pipeline
    if ws is None:
        raise NotFound(_("The workspace is not set up yet."))
    if ws.projects_object not in (None, PROJECT_OBJECT):
        return ws.projects_object
    _ensure_project_pipeline(session)
    if ws.projects_object is None:
        ws.projects_object, ws.updated_at, ws.updated_by_id = PROJECT_OBJECT, utcnow(), actor.id
    with flushing(session, conflict=WORKSPACE_CONFLICT):
        pass
    return PROJECT_OBJECT


def _default_project_stages() -> list[tuple[str, bool]]:
    """(name, closed and won) of a new Projects pipeline, in the reader's language."""
    return [
        (pgettext("project stage", "Not started"), False),
        (pgettext("project stage", "In progress"), False),
        (pgettext("project stage", "On hold"), False),
        (pgettext("project stage", "Completed"), True),
    ]


def _ensure_project_pipeline(session: Session) -> None:
    """The project object type row, and a default pipeline when projects have none. Written
    here rather than through cslib.records' pipeline admin, which reads users (a circle)."""
    ensure_builtin_object_types(session, [PROJECT_OBJECT])
    if session.scalar(select(Pipeline.id).where(Pipeline.object_type == PROJECT_OBJECT).limit(1)) is not None:
        return
    pipeline = Pipeline(object_type=PROJECT_OBJECT, name=_("Projects"), display_order=0)
    session.add(pipeline)
    session.flush()
    session.add_all(
        PipelineStage(
            pipeline_id=pipeline.id,
            name=name,
            display_order=i,
            is_closed=done,
            is_won=done,
            required_properties=[],
        )
        for i, (name, done) in enumerate(_default_project_stages())
    )
    session.flush()
