"""Settings › Users & teams (super admins): the users table, create and edit users, teams."""

from __future__ import annotations

import streamlit as st

from cslib import users
from cslib.i18n import plural
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import drawn_version, form_keys, reload_button, run_write

COLUMNS = {
    "id": None,
    "name": st.column_config.TextColumn("Name"),
    "email": st.column_config.TextColumn("E-mail"),
    "role": st.column_config.TextColumn("Role", help="Without a Service seat a user sees the Overview only."),
    "seat": st.column_config.CheckboxColumn("Seat", help="Service seat", width="small"),
    "access": st.column_config.CheckboxColumn("Access", help="Customer success workspace access", width="small"),
    "manage_settings": st.column_config.CheckboxColumn(
        "Settings", help="Manage customer success settings", width="small"
    ),
    "export": st.column_config.CheckboxColumn("Export", width="small"),
    "super_admin": st.column_config.CheckboxColumn("Super admin", width="small"),
    "active": st.column_config.CheckboxColumn("Active", width="small"),
    "teams": st.column_config.TextColumn("Teams"),
    "last_sign_in": st.column_config.DatetimeColumn("Last sign-in", format="D MMM YYYY, HH:mm"),
}
# Role sums up super admin, access and the settings permission, so those need no columns.
SHOWN = ("name", "email", "role", "seat", "export", "active", "teams", "last_sign_in")
PERMISSIONS = (
    ("has_service_seat", "Service seat", "A paid seat: needed for every tab except Overview."),
    ("workspace_access", "Customer success workspace access", "May use the workspace."),
    (
        "manage_settings",
        "Manage customer success settings",
        "May configure the workspace, manage shared and default views, and view as another user.",
    ),
    ("can_export", "Export", "May export records."),
    ("is_super_admin", "Super admin", "May do everything, including managing users."),
)
DEFAULTS = {
    "has_service_seat": True,
    "workspace_access": True,
    "manage_settings": False,
    "can_export": True,
    "is_super_admin": False,
}


def render(actor: Actor) -> None:
    with session.reading() as s:
        df = users.list_users(s, actor)
        teams = users.list_teams(s, actor)
    active = int(df["active"].sum())
    st.subheader("Users")
    inactive = len(df) - active
    counts = plural(active, "active user") + (f" · {plural(inactive, 'deactivated user')}" if inactive else "")
    st.caption(f"{counts}. Seats and permissions decide which tabs each user sees.")
    st.dataframe(df, hide_index=True, column_config=COLUMNS, column_order=SHOWN, key="users_table")
    team_names = {t.id: t.name for t in teams}
    left, right = st.columns(2, gap="large")
    with left:
        _create_user(actor, team_names)
    with right:
        _edit_user(actor, df, team_names)
    st.divider()
    _teams(actor, teams, df)


def _permission_boxes(prefix: str, values: dict[str, bool]) -> dict[str, bool]:
    return {
        name: st.checkbox(label, value=values[name], help=help_, key=f"{prefix}{name}")
        for name, label, help_ in PERMISSIONS
    }


def _create_user(actor: Actor, team_names: dict[int, str]) -> None:
    with st.form("create_user_form"):
        st.markdown("**+ Create user**")
        name = st.text_input("Name", key="cu_name", max_chars=200)
        email = st.text_input("E-mail", key="cu_email", placeholder="name@company.com")
        password = st.text_input(
            "Password", type="password", key="cu_password", help=f"At least {users.MIN_PASSWORD_LENGTH} characters."
        )
        flags = _permission_boxes("cu_", DEFAULTS)
        team_ids = st.multiselect("Teams", list(team_names), format_func=team_names.get, key="cu_teams")
        tz = st.selectbox("Time zone", users.time_zone_choices(), key="cu_tz")
        if st.form_submit_button("Create user", type="primary", key="cu_submit"):
            run_write(
                lambda s: users.create_user(
                    s, actor, email=email, name=name, password=password, team_ids=team_ids, time_zone=tz, **flags
                ),
                success=f"Created the user {name.strip()}.",
                clear=("cu_",),
            )


def _edit_user(actor: Actor, df, team_names: dict[int, str]) -> None:  # noqa: ANN001
    labels = {row.id: f"{row.name} ({row.email})" + ("" if row.active else " · deactivated") for row in df.itertuples()}
    uid = st.selectbox(
        "Edit user", list(labels), format_func=labels.get, index=None, key="eu_pick", placeholder="Pick a user to edit"
    )
    if uid is None:
        st.caption(
            "Pick a user to change their seat, permissions, teams or time zone, to deactivate "
            "them, or to set a new password."
        )
        return
    with session.reading() as s:
        info = users.get_user(s, actor, uid)
    prefix = f"eu_{uid}_"
    version = drawn_version(f"{prefix}version", info.version)
    k = form_keys(prefix)  # renewed by Reload, so the fields show the saved values
    with st.form(f"edit_user_form_{uid}"):
        st.markdown(f"**{md(info.email)}**" + ("" if info.is_active else " — deactivated"))
        name = st.text_input("Name", value=info.name, key=f"{k}name", max_chars=200)
        flags = _permission_boxes(k, {n: getattr(info, n) for n, _, _ in PERMISSIONS})
        team_ids = st.multiselect(
            "Teams", list(team_names), default=list(info.team_ids), format_func=team_names.get, key=f"{k}teams"
        )
        zones = users.time_zone_choices()
        tz = st.selectbox(
            "Time zone", zones, index=zones.index(info.time_zone) if info.time_zone in zones else 0, key=f"{k}tz"
        )
        if st.form_submit_button("Save user", type="primary", key=f"{prefix}save"):
            run_write(
                lambda s: users.update_user(
                    s, actor, uid, expected_version=version, name=name, team_ids=team_ids, time_zone=tz, **flags
                ),
                success=f"Saved {name.strip()}.",
                clear=(prefix,),
            )
    reload_button(prefix, f"{prefix}reload")
    act, pw = st.columns(2)
    with act:
        if info.is_active:
            st.caption("Deactivating signs the user out everywhere and stops new sign-ins.")
            if st.button(
                "Deactivate user", key=f"{prefix}deactivate", disabled=uid == actor.id, icon=":material/person_off:"
            ):
                run_write(
                    lambda s: users.deactivate_user(s, actor, uid, expected_version=version),
                    success=f"Deactivated {info.name}.",
                    clear=(prefix,),
                )
        else:
            st.caption("Reactivating lets the user sign in again.")
            if st.button("Reactivate user", key=f"{prefix}reactivate", icon=":material/person_check:"):
                run_write(
                    lambda s: users.reactivate_user(s, actor, uid, expected_version=version),
                    success=f"Reactivated {info.name}.",
                    clear=(prefix,),
                )
    with pw, st.form(f"reset_password_form_{uid}"):
        new = st.text_input("New password", type="password", key=f"{k}password")
        if st.form_submit_button("Reset password", key=f"{prefix}reset"):
            run_write(
                lambda s: users.reset_password(s, actor, uid, new),
                success=f"Set a new password for {info.name}. They were signed out.",
                clear=(prefix,),
            )


def _teams(actor: Actor, teams: list, df) -> None:  # noqa: ANN001
    st.subheader("Teams")
    st.caption("Users belong to teams; dashboards can be assigned to teams.")
    people = {row.id: row.name + ("" if row.active else " (deactivated)") for row in df.itertuples()}
    left, right = st.columns(2, gap="large")
    with left:
        if teams:
            st.dataframe(
                [{"Team": t.name, "Members": len(t.member_ids), "Who": ", ".join(t.member_names)} for t in teams],
                hide_index=True,
                key="teams_table",
            )
        else:
            st.info("No teams yet.")
        with st.form("create_team_form"):
            name = st.text_input("Team name", key="ct_name", max_chars=120)
            if st.form_submit_button("Create team", key="ct_submit"):
                run_write(
                    lambda s: users.create_team(s, actor, name),
                    success=f"Created the team {name.strip()}.",
                    clear=("ct_",),
                )
    with right:
        by_id = {t.id: t for t in teams}
        tid = st.selectbox(
            "Edit team",
            list(by_id),
            format_func=lambda i: by_id[i].name,
            index=None,
            key="et_pick",
            placeholder="Pick a team",
        )
        if tid is None:
            return
        team = by_id[tid]
        prefix = f"et_{tid}_"
        with st.form(f"edit_team_form_{tid}"):
            new_name = st.text_input("Team name", value=team.name, key=f"{prefix}name", max_chars=120)
            members = st.multiselect(
                "Members", list(people), default=list(team.member_ids), format_func=people.get, key=f"{prefix}members"
            )
            if st.form_submit_button("Save team", type="primary", key=f"{prefix}save"):
                run_write(
                    lambda s: (
                        users.rename_team(s, actor, tid, new_name),
                        users.set_team_members(s, actor, tid, members),
                    ),
                    success=f"Saved the team {new_name.strip()}.",
                    clear=(prefix,),
                )
        with st.popover("Delete team", icon=":material/delete:"):
            st.write(f"Delete **{md(team.name)}**? Its members keep their accounts.")
            if st.button("Delete team", type="primary", key=f"{prefix}delete"):
                run_write(
                    lambda s: users.delete_team(s, actor, tid),
                    success=f"Deleted the team {team.name}.",
                    clear=(prefix, "et_pick"),
                )
