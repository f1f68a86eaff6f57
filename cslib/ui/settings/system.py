"""Settings → System: is the background scheduler running, and what is queued."""

from __future__ import annotations

import streamlit as st

from cslib import i18n
from cslib.i18n import N_, _, ngettext
from cslib.models.base import utcnow
from cslib.permissions import Actor
from cslib.ui import session
from cslib.worker import worker_status

RUNNER = {
    "worker": N_("Run by the worker process (python -m cslib.worker)."),
    "app": N_("Run by the app itself (no worker running)."),
    "": N_("Run by nobody yet."),
}
FAILED_KEPT_DAYS = 14


def render(actor: Actor) -> None:
    st.subheader(_("Background work"), anchor=False)
    st.caption(
        _(
            "Health scores, alerts and exports run in the background. Exactly one scheduler runs at a time: "
            "a worker process when one is started, otherwise the app itself."
        )
    )
    with session.reading() as s:
        status = worker_status(s, actor)
    a, b = st.columns(2, border=True)
    with a:
        if status.alive:
            st.success(_("The scheduler is running."), icon=":material/check_circle:")
        else:
            st.warning(_("No scheduler has reported in the last minute. Start `python -m cslib.worker`."))
        st.write(_(RUNNER.get(status.lease_kind or "", RUNNER[""])))
        if status.last_heartbeat:
            st.caption(
                _(
                    "Last heartbeat {ago}: {when} ({zone}).",
                    ago=i18n.ago(utcnow() - status.last_heartbeat),
                    when=i18n.moment(status.last_heartbeat, time_zone=actor.time_zone),
                    zone=actor.time_zone,
                )
            )
    with b:
        q = status.queue
        st.metric(_("Jobs waiting"), i18n.number(q.get("queued", 0)))
        st.caption(
            " · ".join(
                (
                    ngettext("{n} job running", "{n} jobs running", q.get("running", 0)),
                    ngettext("{n} job done", "{n} jobs done", q.get("done", 0)),
                    ngettext(
                        "{n} job failed (kept {days} days)",
                        "{n} jobs failed (kept {days} days)",
                        q.get("failed", 0),
                        days=i18n.number(FAILED_KEPT_DAYS),
                    ),
                )
            )
        )
