"""Who runs the scheduler and whether it is alive, for the Settings page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from cslib.models import Heartbeat
from cslib.models.base import utcnow
from cslib.permissions import Actor
from cslib.validation import require_settings
from cslib.worker import lease, queue
from cslib.worker.host import ALIVE_WITHIN, HEARTBEAT_NAME


@dataclass(frozen=True)
class WorkerStatus:
    lease_holder: str | None
    lease_kind: str | None
    lease_expires_at: datetime | None
    handoff_requested: bool
    last_heartbeat: datetime | None
    heartbeat_holder: str | None
    alive: bool
    queue: dict[str, int] = field(default_factory=dict)


def worker_status(session: Session, actor: Actor, *, now: datetime | None = None) -> WorkerStatus:
    """Who runs the scheduler, whether it is alive (heartbeat within 45 s), and the queue
    (for admins, on the Settings page)."""
    require_settings(actor)
    t = now or utcnow()
    held = lease.lease_status(session)
    beat = session.get(Heartbeat, HEARTBEAT_NAME)
    last = beat.at if beat is not None else None
    return WorkerStatus(
        lease_holder=held.holder,
        lease_kind=held.kind,
        lease_expires_at=held.expires_at,
        handoff_requested=held.handoff_requested,
        last_heartbeat=last,
        heartbeat_holder=beat.holder if beat is not None else None,
        alive=last is not None and t - last <= ALIVE_WITHIN,
        queue=queue.queue_counts(session),
    )
