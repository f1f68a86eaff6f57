"""The Overview's task cards (SPEC §3.1): Tasks due today, Overdue tasks, Tasks due
tomorrow for the viewed user, in their time zone. Each "View more" opens the Actions list
of exactly its own set (the seed texts swap two of these links; we don't)."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, tasks
from cslib.errors import CsError
from cslib.i18n import N_, _, moment, pgettext
from cslib.permissions import Actor
from cslib.properties import TASK_PRIORITIES
from cslib.ui import session
from cslib.ui.md import md

SHOWN = 4
# When an admin deleted a built-in task view, "View more" falls back to the same set
# through the filter bar of the Actions tab.
FALLBACK = {"due_today": "today", "overdue": "overdue", "due_tomorrow": "tomorrow"}
EMPTY = {
    "due_today": N_("Nothing due today."),
    "overdue": N_("No overdue tasks."),
    "due_tomorrow": N_("Nothing due tomorrow."),
}


def render(actor: Actor, viewed: Actor) -> None:
    try:
        with session.reading() as s:
            cards = tasks.task_cards(s, actor, user_id=viewed.id, time_zone=viewed.time_zone, limit=SHOWN)
    except CsError as exc:
        st.error(md(str(exc)))
        return
    own = viewed.id == actor.id
    for column, card in zip(st.columns(len(cards), border=True), cards, strict=True):
        with column:
            _card(card, viewed, own)


def _card(card: tasks.TaskCard, viewed: Actor, own: bool) -> None:
    st.metric(_(card.title), i18n.number(card.total, viewed.language))  # titles: cslib.tasks, marked there
    if card.rows.empty:
        st.caption(_(EMPTY[card.key]))
    high_option = dict(TASK_PRIORITIES)["high"]
    high = _(high_option)  # as the list shows it: the option's label in the reader's language
    flag = " · :red[" + pgettext("task priority", "High") + "]"
    for row in card.rows.itertuples():
        when = _when(row.due_at, card.key, viewed)
        about = f" · {md(row.associated)}" if isinstance(row.associated, str) and row.associated else ""
        flagged = flag if row.priority == high else ""
        st.markdown(f"**{md(row.title)}**  \n{_gray(when + about)}{flagged}")
    if not own:
        st.caption(_("{name}'s tasks, in their time zone ({zone}).", name=md(viewed.name), zone=viewed.time_zone))
        return
    params = {"view": str(card.view_id)} if card.view_id else {"assignee": "me", "due": FALLBACK[card.key]}
    st.page_link(page="pages/actions.py", label=_("View more"), icon=":material/arrow_forward:", query_params=params)


def _when(due_at, key: str, viewed: Actor) -> str:  # noqa: ANN001
    """Today's and tomorrow's tasks by time of day; overdue ones by date."""
    if due_at is None:
        return _("no due date")
    text = moment(due_at.to_pydatetime(), viewed.language, viewed.time_zone)
    return text if key == "overdue" else text.rsplit(", ", 1)[-1]


def _gray(markdown: str) -> str:
    """Markdown (user text already through md()) in grey, Streamlit's colour directive."""
    return f":gray[{markdown}]"
