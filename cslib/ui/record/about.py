"""The record panel's "About" section: every property, grouped, in one edit form pre-filled
from the record as it was when the form was drawn; and "Details", the history of one
property. Saving sends only the values the user changed, with the version the form was
drawn with, so a change made meanwhile by someone else is refused, not overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import streamlit as st
from sqlalchemy.orm import Session

from cslib import i18n, records
from cslib.i18n import _, ngettext
from cslib.permissions import Actor, can_edit_records
from cslib.properties import PropertySpec, properties_for
from cslib.records import Snapshot
from cslib.ui import session
from cslib.ui.choices import fixed, picker_day
from cslib.ui.md import md
from cslib.ui.writes import conflict_notice, forget, form_keys, reload_button, run_write
from cslib.users import active_users, all_user_names, get_workspace

INTEGER_PROPERTIES = ("nps", "employees")
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2199, 12, 31)


@dataclass(frozen=True)
class Context:
    """What formatting and pickers need, read once per run."""

    props: dict[str, PropertySpec]
    users: dict[int, str]
    active_users: list[tuple[int, str]]
    currency: str
    language: str
    time_zone: str

    def show(self, spec: PropertySpec, value: object) -> str:
        return records.display_value(
            spec,
            value,
            users=self.users,
            language=self.language,
            time_zone=self.time_zone,
            currency=self.currency,
        )


def read_context(s: Session, actor: Actor, object_type: str) -> Context:
    """What drawing `object_type`'s properties needs, read in session `s`."""
    return Context(
        props=records.with_pipeline_names(s, object_type, properties_for(s, object_type)),
        users=all_user_names(s),
        active_users=active_users(s),
        currency=get_workspace(s).currency,
        language=actor.language,
        time_zone=actor.time_zone,
    )


def property_inputs(specs: list[PropertySpec], values: dict[str, object], ctx: Context, *, key: str) -> dict:
    """An input per property of `specs` (e.g. those a stage requires before a move),
    pre-filled from `values`; returns what was entered, as cslib takes it."""
    return {
        spec.name: _entered(spec, _widget(spec, values.get(spec.name), ctx, f"{key}{spec.name}", False), ctx.time_zone)
        for spec in specs
    }


def groups(props: dict[str, PropertySpec]) -> dict[str, list[PropertySpec]]:
    """Properties by group, groups in order of first appearance."""
    out: dict[str, list[PropertySpec]] = {}
    for spec in props.values():
        out.setdefault(spec.group, []).append(spec)
    return out


def form_prefix(key: str) -> str:
    """Session-state prefix of the About form: its widgets (under `form_keys` of it, which
    Reload renews), drawn snapshot, conflict flag."""
    return f"{key}:about:"


def drawn_snapshot(key: str, current: Snapshot) -> Snapshot:
    """The snapshot the form was first drawn from (kept until saved or reloaded)."""
    prefix = form_prefix(key)
    drawn = st.session_state.get(f"{prefix}drawn")
    if not isinstance(drawn, Snapshot) or (drawn.object_type, drawn.id) != (current.object_type, current.id):
        forget(prefix)
        st.session_state[f"{prefix}drawn"] = drawn = current
    return drawn


# --- widgets ---------------------------------------------------------------------------


def _local(value: datetime | None, tz: str) -> datetime | None:
    return None if value is None else value.astimezone(i18n.zone(tz)).replace(tzinfo=None)


def _widget(spec: PropertySpec, value: object, ctx: Context, wkey: str, disabled: bool) -> object:
    """The input for one property, pre-filled with `value`; returns what the user entered."""
    label = md(spec.label)
    common = {"key": wkey, "disabled": disabled, "help": md(spec.description) if spec.description else None}
    if spec.type == "text":
        return st.text_area(label, value=value or "", max_chars=records.MAX_TEXT, height=100, **common)
    if spec.type in ("number", "currency"):
        if spec.name in INTEGER_PROPERTIES or isinstance(value, int):
            return st.number_input(label, value=None if value is None else int(value), step=1, **common)
        number = None if value is None else float(value)
        fmt = "%.2f" if spec.type == "currency" else None
        return st.number_input(label, value=number, step=1.0, format=fmt, **common)
    if spec.type == "date":
        return st.date_input(label, value=value, min_value=MIN_DAY, max_value=MAX_DAY, format=picker_day(), **common)
    if spec.type == "datetime":
        local = _local(value, ctx.time_zone)  # type: ignore[arg-type]
        return st.datetime_input(label, value=local, format=picker_day(), **common)
    if spec.type == "bool":
        return st.checkbox(label, value=bool(value), **common)
    if spec.type == "user":
        names = dict(ctx.active_users)
        options: list = [None, *names]
        if value is not None and value not in names:
            options.append(value)  # a deactivated owner stays visible until changed
        return st.selectbox(
            label,
            options,
            index=options.index(value) if value in options else 0,
            format_func=fixed(
                {v: _("No owner") if v is None else ctx.users.get(v) or _("Unknown user ({id})", id=v) for v in options}
            ),
            **common,
        )
    if spec.type == "enumeration" and spec.options:
        options = [None, *(k for k, _label in spec.options)]
        if value is not None and value not in options:
            options.append(value)
        return st.selectbox(
            label,
            options,
            index=options.index(value) if value in options else 0,
            format_func=lambda v: "—" if v is None else spec.option_label(v),
            **common,
        )
    return st.text_input(label, value="" if value is None else str(value), max_chars=records.MAX_STRING, **common)


def _editable(spec: PropertySpec) -> bool:
    # Pipeline and stage move through the board (required properties); not from this form.
    return not spec.readonly and not (spec.type == "enumeration" and not spec.options)


def _entered(spec: PropertySpec, raw: object, tz: str) -> object:
    """A widget value as the value sent to cslib (local date-times become aware)."""
    if spec.type == "datetime" and isinstance(raw, datetime) and raw.tzinfo is None:
        return raw.replace(tzinfo=i18n.zone(tz))
    if isinstance(raw, str):
        return raw.strip() or None
    return raw


def _same(spec: PropertySpec, before: object, after: object) -> bool:
    if spec.type == "bool":
        return bool(before) == bool(after)
    if spec.type == "datetime" and isinstance(before, datetime) and isinstance(after, datetime):
        return before.replace(second=0, microsecond=0) == after.replace(second=0, microsecond=0)
    if before in ("", None) and after in ("", None):
        return True
    return records.history_text(before) == records.history_text(after)


def changed_values(drawn: Snapshot, entered: dict[str, object], props: dict[str, PropertySpec]) -> dict[str, object]:
    """Only what the user changed, compared with the values the form was drawn with."""
    return {name: value for name, value in entered.items() if not _same(props[name], drawn.values.get(name), value)}


# --- sections --------------------------------------------------------------------------


def render_about(actor: Actor, current: Snapshot, ctx: Context, *, key: str, columns: int = 1) -> None:
    """Properties by group in one form; read-only ones as text under their group."""
    drawn = drawn_snapshot(key, current)
    prefix = form_prefix(key)
    wkeys = form_keys(prefix)
    can_edit = can_edit_records(actor)
    entered: dict[str, object] = {}
    with st.form(f"{key}:about", border=False, enter_to_submit=False):
        for group, specs in groups(ctx.props).items():
            st.markdown(f"**{md(group)}**")
            editable = [s for s in specs if _editable(s)]
            cells = st.columns(columns) if columns > 1 else [st.container()]
            for i, spec in enumerate(editable):
                with cells[i % len(cells)]:
                    raw = _widget(spec, drawn.values.get(spec.name), ctx, f"{wkeys}p:{spec.name}", not can_edit)
                    entered[spec.name] = _entered(spec, raw, ctx.time_zone)
            fixed = [s for s in specs if not _editable(s)]
            if fixed:
                st.caption(
                    "  \n".join(f"{md(s.label)}: **{md(ctx.show(s, current.values.get(s.name)))}**" for s in fixed)
                )
        saved = st.form_submit_button(
            _("Save"), type="primary", icon=":material/save:", disabled=not can_edit, key=f"{key}:save"
        )
    if saved:
        _save(actor, current, drawn, entered, ctx, prefix)
    # A refused save: its message and Reload stay until Reload (the form keeps what was typed).
    if not conflict_notice(prefix, f"{key}:reload") and current.version != drawn.version:
        # Changed elsewhere: say so before they type over it.
        st.info(
            _(
                "This record was changed since the form was opened. Reload to see the latest values "
                "(unsaved changes in the form are discarded)."
            ),
            icon=":material/update:",
        )
        reload_button(prefix, f"{key}:reload")


def _save(actor: Actor, current: Snapshot, drawn: Snapshot, entered: dict, ctx: Context, prefix: str) -> None:
    changes = changed_values(drawn, entered, ctx.props)
    if not changes:
        st.info(_("Nothing changed: there is nothing to save."), icon=":material/info:")
        return
    run_write(
        lambda s: records.update_properties(
            s, actor, current.object_type, current.id, changes, expected_version=drawn.version
        ),
        success=ngettext("Saved {n} property.", "Saved {n} properties.", len(changes)),
        clear=(prefix,),
        form=prefix,
    )


def render_details(actor: Actor, current: Snapshot, ctx: Context, *, key: str) -> None:
    """Details: pick a property, see its history (values formatted, who, when, how)."""
    names = [n for n, spec in ctx.props.items() if n != "id"]  # the id never changes
    prop = st.selectbox(
        _("Property"),
        names,
        format_func=lambda n: ctx.props[n].label,
        key=f"{key}:hist_prop",
        help=_("Every change of this property, newest first."),
    )
    with session.reading() as s:
        frame = records.history_frame(
            s,
            actor,
            current.object_type,
            current.id,
            prop=prop,
            language=ctx.language,
            time_zone=ctx.time_zone,
            currency=ctx.currency,
        )
    if frame.empty:
        st.caption(_("{property} has no recorded changes.", property=md(ctx.props[prop].label)))
        return
    st.dataframe(frame.drop(columns=[_(records.HISTORY_COLUMNS[1])]), hide_index=True, width="stretch")  # Property


def history_table(actor: Actor, current: Snapshot, ctx: Context) -> None:
    """All properties' history (the Actions menu's "View property history")."""
    with session.reading() as s:
        frame = records.history_frame(
            s,
            actor,
            current.object_type,
            current.id,
            language=ctx.language,
            time_zone=ctx.time_zone,
            currency=ctx.currency,
            limit=500,
        )
    if frame.empty:
        st.caption(_("No property of this record has changed yet."))
        return
    st.dataframe(frame, hide_index=True, width="stretch")


def combine(day: date, at: time, tz: str) -> datetime:
    """A date and a time picked by the user, in their time zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=i18n.zone(tz))
