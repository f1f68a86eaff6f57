"""Settings → System: is the background scheduler running, and what is queued."""

from __future__ import annotations

import streamlit as st

from cslib import i18n
from cslib.permissions import Actor
from cslib.ui import session
from cslib.worker import worker_status

RUNNER = {"worker": "the worker process (python -m cslib.worker)", "app": "the app itself (no worker running)"}


def render(actor: Actor) -> None:
    st.subheader("Background work", anchor=False)
    st.caption(
        "Health scores, alerts and exports run in the background. Exactly one scheduler runs at a time: "
        "a worker process when one is started, otherwise the app itself."
    )
    with session.reading() as s:
        status = worker_status(s, actor)
    zone = i18n.zone(actor.time_zone)
    a, b = st.columns(2, border=True)
    with a:
        if status.alive:
            st.success("The scheduler is running.", icon=":material/check_circle:")
        else:
            st.warning("No scheduler has reported in the last minute. Start `python -m cslib.worker`.")
        st.write(f"Run by {RUNNER.get(status.lease_kind or '', 'nobody yet')}.")
        if status.last_heartbeat:
            st.caption(
                f"Last heartbeat {status.last_heartbeat.astimezone(zone):%Y-%m-%d %H:%M:%S} ({actor.time_zone})."
            )
    with b:
        q = status.queue
        st.metric("Jobs waiting", i18n.number(q.get("queued", 0)))
        st.caption(
            f"{i18n.plural(q.get('running', 0), 'job')} running · {i18n.plural(q.get('done', 0), 'job')} done · "
            f"{i18n.plural(q.get('failed', 0), 'job')} failed (kept 14 days)"
        )
