"""The record panel's lists: associated records per type, and the activity timeline
(newest first, "Load older activities" fetches the next page by keyset)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from cslib import activities, i18n, records
from cslib.i18n import _, ngettext
from cslib.models import ACTIVITY_TYPES
from cslib.permissions import Actor
from cslib.properties import TASK_STATUSES
from cslib.ui import session
from cslib.ui.icons import ACTIVITY_ICONS as ICONS
from cslib.ui.md import md
from cslib.ui.record.about import Context

MAX_TEXT = 600
MAX_PAGES = 50
SHOW_MORE = 50
LONG_LIST, LIST_HEIGHT = 8, 480
RECORD_PAGE = "pages/record.py"


def _value(v: object) -> object:
    return None if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT else v


def record_link(label: str, object_type: str, record_id: int, *, icon: str | None = None) -> None:
    """A link to a record's page: in-app navigation where the page is registered (the app),
    a plain link otherwise (a page run on its own, as in tests)."""
    try:
        st.page_link(
            RECORD_PAGE,
            label=md(label),
            icon=icon,
            query_params={"type": object_type, "id": str(record_id)},
        )
    except StreamlitAPIException:
        st.markdown(f"[{md(label)}]({records.record_url(object_type, record_id)})")


# --- associations ----------------------------------------------------------------------


def _facts(row: dict, ctx: Context) -> str:
    """Key facts of an associated record, one line."""
    kind = row["other_type"]
    parts: list[str] = []
    if kind == "company":
        parts = [row.get("domain")]
    elif kind == "contact":
        parts = [row.get("job_title"), row.get("email")]
    elif kind == "task":
        due = _value(row.get("due_at"))
        status = dict(TASK_STATUSES).get(row.get("status"))
        parts = [_(status) if status else row.get("status")]
        parts.append(_("Due {time}", time=i18n.moment(due, ctx.language, ctx.time_zone)) if due else _("No due date"))
    elif kind == "meeting":
        start = _value(row.get("start_at"))
        parts = [i18n.moment(start, ctx.language, ctx.time_zone) if start else None]
    else:
        amount, close = _value(row.get("amount")), _value(row.get("close_date"))
        parts = [row.get("stage"), i18n.money(amount, ctx.currency, ctx.language) if amount is not None else None]
        parts.append(_("Close date: {date}", date=i18n.day(close, ctx.language)) if close else None)
    if _value(row.get("label")):
        parts.insert(0, row["label"])
    return " · ".join(str(p) for p in parts if _value(p) not in (None, ""))


def render_associations(
    actor: Actor,
    object_type: str,
    record_id: int,
    counts: dict[str, int],
    labels: dict[str, tuple[str, str]],
    ctx: Context,
    *,
    key: str,
    per_type: int,
) -> None:
    """Per type: how many, and the first `per_type` with their key facts (the preview: a
    few each; the record page: 50, then "Show more")."""
    if not counts:
        st.caption(_("No associated records yet."))
        return
    full = per_type > 3
    for other, total in counts.items():
        singular, plural = labels.get(other, (other, f"{other}s"))
        limit_key = f"{key}:assoc_limit:{other}"
        limit = st.session_state.get(limit_key, per_type)
        with session.reading() as s:
            df = records.associated(s, actor, object_type, record_id, other_type=other, limit=limit)
        # TRANSLATORS: {singular} and {plural} are an object's names ("Contact", "Contacts"), which admins can rename.
        heading = ngettext("{n} {singular}", "{n} {plural}", total, singular=singular, plural=plural)
        st.markdown(f"**{md(heading)}**")
        # Lists, not tables: names and e-mail addresses are long and a narrow column clips cells.
        box = st.container(border=True, height=LIST_HEIGHT) if full and len(df) > LONG_LIST else st.container()
        with box:
            for row in df.to_dict("records"):
                _associated_row(row, ctx)
        if total > len(df):
            rest = total - len(df)
            if full:
                st.button(
                    _("Show more ({n} not shown)", n=i18n.number(rest)),
                    key=f"{key}:more:{other}",
                    on_click=_bump,
                    args=(limit_key, limit + SHOW_MORE),
                    type="tertiary",
                )
            else:
                st.caption(_("… and {n} more", n=i18n.number(rest)))


def _associated_row(row: dict, ctx: Context) -> None:
    other = row["other_type"]
    with st.container(gap=None):  # name and facts together; items apart
        if records.has_record_page(other):
            icon = ":material/domain:" if other == "company" else ":material/view_kanban:"  # a pipeline record
            record_link(row["name"], other, int(row["id"]), icon=icon)
        else:
            st.markdown(md(row["name"]))
        facts = _facts(row, ctx)
        if facts:
            st.caption(md(facts))


def _bump(state_key: str, value: int) -> None:
    st.session_state[state_key] = value


# --- timeline --------------------------------------------------------------------------


def _reset_pages(key: str) -> None:
    st.session_state[f"{key}:tl_pages"] = 1


def render_timeline(
    actor: Actor, object_type: str, record_id: int, ctx: Context, *, key: str, page_size: int, filters: bool
) -> None:
    """The newest activities; "Load older activities" adds a page (keyset on time, id)."""
    types = None
    if filters:
        labels = activities.activity_labels()
        chosen = st.pills(
            _("Activity types"),
            list(ACTIVITY_TYPES),
            selection_mode="multi",
            format_func=lambda t: labels.get(t, t),
            key=f"{key}:tl_types",
            on_change=_reset_pages,
            args=(key,),
            help=_("Show only these types (none picked: all)."),
        )
        types = list(chosen) or None
    pages = max(1, min(int(st.session_state.get(f"{key}:tl_pages", 1)), MAX_PAGES))
    frames, cursor, more = [], None, False
    with session.reading() as s:
        for _page in range(pages):
            df = activities.timeline(s, actor, object_type, record_id, types=types, before=cursor, limit=page_size)
            frames.append(df)
            cursor, more = df.attrs["cursor"], df.attrs["has_more"]
            if not more:
                break
    rows = [r for df in frames for r in df.to_dict("records")]
    if not rows:
        st.caption(_("No activities of these types yet.") if types else _("No activities yet."))
        return
    for row in rows:
        _activity(row, ctx, key=key)
    if more:
        st.button(
            _("Load older activities"),
            key=f"{key}:older",
            icon=":material/expand_more:",
            on_click=_bump,
            args=(f"{key}:tl_pages", pages + 1),
        )
    else:
        st.caption(ngettext("{n} activity in all.", "{n} activities in all.", len(rows)))


def _activity(row: dict, ctx: Context, *, key: str) -> None:
    kind = row["type"]
    with st.container(border=True):
        head = f"{ICONS.get(kind, ':material/bolt:')} **{md(row['type_label'])}**"
        if row.get("subject"):
            head += f" · {md(row['subject'])}"
        st.markdown(head)
        summary = row.get("summary")
        if summary:
            text = str(summary)
            st.markdown(md(text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rstrip() + " …", one_line=False))
            if len(text) > MAX_TEXT:
                with st.expander(_("Show the whole text"), key=f"{key}:whole:{row['id']}"):
                    st.markdown(md(text, one_line=False))
        when = i18n.moment(row["occurred_at"], ctx.language, ctx.time_zone)
        parts = [when]
        if row.get("actor_name"):
            parts.append(_("by {name}", name=row["actor_name"]))
        if row.get("contact_name"):  # the contact took part (by-user kinds) or did it (the rest)
            by_user = kind in activities.LOGGABLE
            parts.append(_("with {name}", name=row["contact_name"]) if by_user else row["contact_name"])
        if row.get("facts"):
            parts.append(row["facts"])
        st.caption(" · ".join(md(p) for p in parts))
