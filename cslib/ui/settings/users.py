"""Settings › Users & teams (super admins): the users table, create and edit users, teams."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import i18n, users
from cslib.i18n import N_, _, ngettext, pgettext
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import drawn_version, form_keys, reload_button, run_write


def _columns() -> dict:
    """The users table's columns, headed in the reader's language."""
    return {
        "id": None,
        "name": st.column_config.TextColumn(_("Name")),
        "email": st.column_config.TextColumn(_("E-mail")),
        "role": st.column_config.TextColumn(_("Role"), help=_("Without a Service seat a user sees the Overview only.")),
        "seat": st.column_config.CheckboxColumn(_("Seat"), help=_("Service seat"), width="small"),
        "access": st.column_config.CheckboxColumn(
            _("Access"), help=_("Customer success workspace access"), width="small"
        ),
        "manage_settings": st.column_config.CheckboxColumn(
            _("Settings"), help=_("Manage customer success settings"), width="small"
        ),
        "export": st.column_config.CheckboxColumn(pgettext("permission", "Export"), width="small"),
        "import": st.column_config.CheckboxColumn(pgettext("permission", "Import"), width="small"),
        "super_admin": st.column_config.CheckboxColumn(_("Super admin"), width="small"),
        "active": st.column_config.CheckboxColumn(_("Active"), width="small"),
        "teams": st.column_config.TextColumn(_("Teams")),
        "last_sign_in": st.column_config.TextColumn(_("Last sign-in")),
    }


# Role sums up super admin, access and the settings permission, so those need no columns.
SHOWN = ("name", "email", "role", "seat", "export", "import", "active", "teams", "last_sign_in")
# The permissions named by a noun, translated with the context "permission".
EXPORT, IMPORT = "Export", "Import"
NOUNS = {EXPORT: lambda: pgettext("permission", "Export"), IMPORT: lambda: pgettext("permission", "Import")}
PERMISSIONS = (
    ("has_service_seat", N_("Service seat"), N_("A paid seat: needed for every tab except Overview.")),
    ("workspace_access", N_("Customer success workspace access"), N_("May use the workspace.")),
    (
        "manage_settings",
        N_("Manage customer success settings"),
        N_("May configure the workspace, manage shared and default views, and view as another user."),
    ),
    ("can_export", EXPORT, N_("May export records.")),
    ("can_import", IMPORT, N_("May import records from files (Settings → Import).")),
    ("is_super_admin", N_("Super admin"), N_("May do everything, including managing users.")),
)
DEFAULTS = {
    "has_service_seat": True,
    "workspace_access": True,
    "manage_settings": False,
    "can_export": True,
    "can_import": False,
    "is_super_admin": False,
}


def render(actor: Actor) -> None:
    with session.reading() as s:
        df = users.list_users(s, actor)
        teams = users.list_teams(s, actor)
    active = int(df["active"].sum())
    st.subheader(_("Users"))
    inactive = len(df) - active
    counts = [ngettext("{n} active user", "{n} active users", active)]
    if inactive:
        counts.append(ngettext("{n} deactivated user", "{n} deactivated users", inactive))
    st.caption(_("{counts}. Seats and permissions decide which tabs each user sees.", counts=" · ".join(counts)))
    shown = df.assign(last_sign_in=[_moment(v, actor.time_zone) for v in df["last_sign_in"]])
    st.dataframe(shown, hide_index=True, column_config=_columns(), column_order=SHOWN, key="users_table")
    team_names = {t.id: t.name for t in teams}
    left, right = st.columns(2, gap="large")
    with left:
        _create_user(actor, team_names)
    with right:
        _edit_user(actor, df, team_names)
    st.divider()
    _teams(actor, teams, df)


def _moment(value: object, time_zone: str) -> str:
    """A last sign-in in the reader's language and zone; never: empty."""
    return (
        "" if value is None or pd.isna(value) else i18n.moment(pd.Timestamp(value).to_pydatetime(), time_zone=time_zone)
    )


def _permission_boxes(prefix: str, values: dict[str, bool]) -> dict[str, bool]:
    return {
        name: st.checkbox(
            NOUNS[label]() if label in NOUNS else _(label),
            value=values[name],
            help=_(help_),
            key=f"{prefix}{name}",
        )
        for name, label, help_ in PERMISSIONS
    }


def _create_user(actor: Actor, team_names: dict[int, str]) -> None:
    with st.form("create_user_form"):
        st.markdown(_("**+ Create user**"))
        name = st.text_input(_("Name"), key="cu_name", max_chars=200)
        email = st.text_input(_("E-mail"), key="cu_email", placeholder=_("name@company.com"))
        password = st.text_input(
            _("Password"),
            type="password",
            key="cu_password",
            help=ngettext("At least {n} character.", "At least {n} characters.", users.MIN_PASSWORD_LENGTH),
        )
        flags = _permission_boxes("cu_", DEFAULTS)
        team_ids = st.multiselect(
            _("Teams"), list(team_names), format_func=team_names.get, key="cu_teams", placeholder=_("Choose teams")
        )
        tz = st.selectbox(_("Time zone"), users.time_zone_choices(), key="cu_tz")
        if st.form_submit_button(_("Create user"), type="primary", key="cu_submit"):
            run_write(
                lambda s: users.create_user(
                    s, actor, email=email, name=name, password=password, team_ids=team_ids, time_zone=tz, **flags
                ),
                success=_("Created the user {name}.", name=name.strip()),
                clear=("cu_",),
            )


def _edit_user(actor: Actor, df, team_names: dict[int, str]) -> None:  # noqa: ANN001
    labels = {
        row.id: (
            _("{name} ({email})", name=row.name, email=row.email)
            if row.active
            else _("{name} ({email}) · deactivated", name=row.name, email=row.email)
        )
        for row in df.itertuples()
    }
    uid = st.selectbox(
        _("Edit user"),
        list(labels),
        format_func=labels.get,
        index=None,
        key="eu_pick",
        placeholder=_("Pick a user to edit"),
    )
    if uid is None:
        st.caption(
            _(
                "Pick a user to change their seat, permissions, teams or time zone, to deactivate "
                "them, or to set a new password."
            )
        )
        return
    with session.reading() as s:
        info = users.get_user(s, actor, uid)
    prefix = f"eu_{uid}_"
    version = drawn_version(f"{prefix}version", info.version)
    k = form_keys(prefix)  # renewed by Reload, so the fields show the saved values
    with st.form(f"edit_user_form_{uid}"):
        email = f"**{md(info.email)}**"
        st.markdown(email if info.is_active else _("{email} — deactivated", email=email))
        name = st.text_input(_("Name"), value=info.name, key=f"{k}name", max_chars=200)
        flags = _permission_boxes(k, {n: getattr(info, n) for n, _label, _help in PERMISSIONS})
        team_ids = st.multiselect(
            _("Teams"),
            list(team_names),
            default=list(info.team_ids),
            format_func=team_names.get,
            key=f"{k}teams",
            placeholder=_("Choose teams"),
        )
        zones = users.time_zone_choices()
        tz = st.selectbox(
            _("Time zone"), zones, index=zones.index(info.time_zone) if info.time_zone in zones else 0, key=f"{k}tz"
        )
        if st.form_submit_button(_("Save user"), type="primary", key=f"{prefix}save"):
            run_write(
                lambda s: users.update_user(
                    s, actor, uid, expected_version=version, name=name, team_ids=team_ids, time_zone=tz, **flags
                ),
                success=_("Saved {name}.", name=name.strip()),
                clear=(prefix,),
            )
    reload_button(prefix, f"{prefix}reload")
    act, pw = st.columns(2)
    with act:
        if info.is_active:
            st.caption(_("Deactivating signs the user out everywhere and stops new sign-ins."))
            if st.button(
                _("Deactivate user"), key=f"{prefix}deactivate", disabled=uid == actor.id, icon=":material/person_off:"
            ):
                run_write(
                    lambda s: users.deactivate_user(s, actor, uid, expected_version=version),
                    success=_("Deactivated {name}.", name=info.name),
                    clear=(prefix,),
                )
        else:
            st.caption(_("Reactivating lets the user sign in again."))
            if st.button(_("Reactivate user"), key=f"{prefix}reactivate", icon=":material/person_check:"):
                run_write(
                    lambda s: users.reactivate_user(s, actor, uid, expected_version=version),
                    success=_("Reactivated {name}.", name=info.name),
                    clear=(prefix,),
                )
    with pw, st.form(f"reset_password_form_{uid}"):
        new = st.text_input(_("New password"), type="password", key=f"{k}password")
        if st.form_submit_button(_("Reset password"), key=f"{prefix}reset"):
            run_write(
                lambda s: users.reset_password(s, actor, uid, new),
                success=_("Set a new password for {name}. They were signed out.", name=info.name),
                clear=(prefix,),
            )


def _teams(actor: Actor, teams: list, df) -> None:  # noqa: ANN001
    st.subheader(_("Teams"))
    st.caption(_("Users belong to teams; dashboards can be assigned to teams."))
    people = {row.id: row.name if row.active else _("{name} (deactivated)", name=row.name) for row in df.itertuples()}
    left, right = st.columns(2, gap="large")
    with left:
        if teams:
            st.dataframe(
                [
                    {_("Team"): t.name, _("Members"): len(t.member_ids), _("Who"): ", ".join(t.member_names)}
                    for t in teams
                ],
                hide_index=True,
                key="teams_table",
            )
        else:
            st.info(_("No teams yet."))
        with st.form("create_team_form"):
            name = st.text_input(_("Team name"), key="ct_name", max_chars=120)
            if st.form_submit_button(_("Create team"), key="ct_submit"):
                run_write(
                    lambda s: users.create_team(s, actor, name),
                    success=_("Created the team {name}.", name=name.strip()),
                    clear=("ct_",),
                )
    with right:
        by_id = {t.id: t for t in teams}
        tid = st.selectbox(
            _("Edit team"),
            list(by_id),
            format_func=lambda i: by_id[i].name,
            index=None,
            key="et_pick",
            placeholder=_("Pick a team"),
        )
        if tid is None:
            return
        team = by_id[tid]
        prefix = f"et_{tid}_"
        with st.form(f"edit_team_form_{tid}"):
            new_name = st.text_input(_("Team name"), value=team.name, key=f"{prefix}name", max_chars=120)
            members = st.multiselect(
                _("Members"),
                list(people),
                default=list(team.member_ids),
                format_func=people.get,
                key=f"{prefix}members",
                placeholder=_("Choose users"),
            )
            if st.form_submit_button(_("Save team"), type="primary", key=f"{prefix}save"):
                run_write(
                    lambda s: (
                        users.rename_team(s, actor, tid, new_name),
                        users.set_team_members(s, actor, tid, members),
                    ),
                    success=_("Saved the team {name}.", name=new_name.strip()),
                    clear=(prefix,),
                )
        with st.popover(_("Delete team"), icon=":material/delete:", key=f"{prefix}delete_menu"):
            st.write(_("Delete **{name}**? Its members keep their accounts.", name=md(team.name)))
            if st.button(_("Delete team"), type="primary", key=f"{prefix}delete"):
                run_write(
                    lambda s: users.delete_team(s, actor, tid),
                    success=_("Deleted the team {name}.", name=team.name),
                    clear=(prefix, "et_pick"),
                )
