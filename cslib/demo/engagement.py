"""The demo users' work: tasks (some due today, tomorrow and overdue in each user's time
zone) and meetings (three today for each user), linked to companies and contacts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cslib.demo.accounts import USER_IDS
from cslib.demo.clock import Clock
from cslib.demo.companies import Companies
from cslib.demo.contacts import Contacts
from cslib.demo.rand import bag, keys_and_weights
from cslib.demo.texts import MEETING_AGENDAS, MEETING_TEMPLATES, TASK_NOTES, TASK_TEMPLATES
from cslib.demo.workspace import MODULES
from cslib.demo.writer import Writer
from cslib.models import Meeting, MeetingAttendee, Task

# Users with a Service seat get tasks and meetings; the CSMs most.
WORK_WEIGHTS = {
    USER_IDS["csm1"]: 20,
    USER_IDS["csm2"]: 20,
    USER_IDS["csm3"]: 20,
    USER_IDS["noexport"]: 20,
    USER_IDS["manager"]: 10,
    USER_IDS["admin"]: 10,
}
OPEN_STATUSES = bag((("not_started", 70), ("in_progress", 18), ("waiting", 7), ("deferred", 5)))
PRIORITIES = bag((("none", 30), ("low", 25), ("medium", 30), ("high", 15)))
MEETING_OUTCOMES = bag((("completed", 80), ("no_show", 7), ("rescheduled", 8), ("canceled", 5)))
MEETING_SLOTS = ((9, 0), (10, 30), (11, 0), (13, 0), (14, 30), (15, 30), (16, 0))


class Engagement:
    """Writes tasks and meetings of the users for the companies and contacts given."""

    def __init__(self, out: Writer, rng: random.Random, clock: Clock, c: Companies, k: Contacts):
        self.out, self.bulk, self.rng, self.clock, self.now, self.c, self.k = out, out.bulk, rng, clock, clock.now, c, k

    def company_for(self, user: int) -> int:
        mine = self.c.by_owner.get(user)
        return self.rng.choice(mine) if mine else self.rng.randrange(len(self.c))

    def business_time(self, user: int, offset: int) -> datetime:
        rng = self.rng
        return self.clock.day_start(user, offset) + timedelta(
            hours=rng.randint(8, 17), minutes=rng.choice((0, 15, 30, 45))
        )

    def later_today(self, user: int) -> datetime:
        """A time later today in the user's zone (earlier today only in its last minutes)."""
        start, end = self.clock.day_start(user, 0), self.clock.day_start(user, 1)
        lo, hi = max(self.now, start + timedelta(hours=8)), start + timedelta(hours=18)
        if hi - lo < timedelta(minutes=10):
            lo, hi = self.now, end
        if hi - lo < timedelta(minutes=2):
            lo, hi = start + timedelta(hours=8), start + timedelta(hours=18)
        return (lo + (hi - lo) * self.rng.uniform(0.05, 0.95)).replace(microsecond=0)

    # Tasks ---------------------------------------------------------------------------
    def write_tasks(self, count: int) -> None:
        """Write `count` tasks (at least the ones each user must have today and around it)."""
        c, k, rng, ts = self.c, self.k, self.rng, self.bulk.ts
        plan: list[tuple[int, datetime | None, bool]] = []  # (user, due, must stay open)
        for u in WORK_WEIGHTS:
            plan += [(u, self.business_time(u, off), True) for off in (-1, -3, -6)]
            plan += [(u, self.later_today(u), True) for _ in range(3)]
            plan += [(u, self.business_time(u, 1), True) for _ in range(2)]
        users, weights = keys_and_weights(WORK_WEIGHTS.items())
        for u in rng.choices(users, weights=weights, k=max(0, count - len(plan))):
            r = rng.random()
            if r < 0.02:
                due = None
            elif r < 0.47:
                due = self.business_time(u, -rng.randint(1, 90))
            elif r < 0.82:
                due = self.business_time(u, rng.randint(0, 14))
            else:
                due = self.business_time(u, rng.randint(15, 90))
            plan.append((u, due, False))
        rows, pairs = [], []
        for tid, (u, due, keep_open) in enumerate(plan, start=1):
            i = self.company_for(u)
            kid = k.pick(rng, i)
            kind, template = rng.choice(TASK_TEMPLATES)
            title = template.format(
                company=c.name[i], contact=f"{k.first[kid - 1]} {k.last[kid - 1]}", module=rng.choice(MODULES)
            )
            base = min(due or self.now, self.now)
            created = base - timedelta(seconds=rng.randint(3_600, 21 * 86_400))
            done_share = 0.55 if due and due < self.now else 0.04
            completed = None
            if not keep_open and rng.random() < done_share:
                status = "completed"
                completed = created + (base - created) * rng.uniform(0.5, 1.0)
                completed = completed.replace(microsecond=0)
            else:
                status = rng.choice(OPEN_STATUSES)
            creator = u if rng.random() < 0.8 else USER_IDS["manager"]
            rows.append(
                (
                    tid,
                    title,
                    kind,
                    rng.choice(PRIORITIES),
                    status,
                    ts(due),
                    u,
                    creator,
                    rng.choice(TASK_NOTES) if rng.random() < 0.25 else None,
                    ts(completed),
                    ts(created),
                    ts(completed or created),
                    1,
                )
            )
            pairs.append(("company", i + 1, "task", tid, created))
            if "{contact}" in template:
                pairs.append(("contact", kid, "task", tid, created))
        self.bulk.insert(
            Task.__table__,
            (
                "id",
                "title",
                "type",
                "priority",
                "status",
                "due_at",
                "assignee_id",
                "created_by_id",
                "notes",
                "completed_at",
                "created_at",
                "updated_at",
                "version",
            ),
            rows,
        )
        self.out.associations(pairs)
        self.out.summary["tasks"] = len(rows)

    # Meetings ------------------------------------------------------------------------
    def write_meetings(self, count: int, large: bool) -> list[tuple]:
        """Write `count` meetings (spread over a year in the large set, two months in the small
        one); returns the activity rows of the completed ones."""
        c, k, rng, ts, js = self.c, self.k, self.rng, self.bulk.ts, self.bulk.js
        lo, hi = (-365, 60) if large else (-30, 30)
        meeting_acts: list[tuple] = []
        plan: list[tuple[int, datetime]] = []
        for u in WORK_WEIGHTS:
            for h, m in sorted(rng.sample(MEETING_SLOTS, 3)):
                plan.append((u, self.clock.day_start(u, 0) + timedelta(hours=h, minutes=m)))
        users, weights = keys_and_weights(WORK_WEIGHTS.items())
        for u in rng.choices(users, weights=weights, k=max(0, count - len(plan))):
            off = rng.randint(lo, hi)
            weekday = self.clock.weekday(u, off)
            if weekday >= 5:
                off -= weekday - 4
            plan.append(
                (u, self.clock.day_start(u, off) + timedelta(hours=rng.randint(8, 16), minutes=rng.choice((0, 30))))
            )
        rows, attendees, pairs = [], [], []
        for mid, (u, start) in enumerate(plan, start=1):
            i = self.company_for(u)
            kid = k.pick(rng, i)
            title = rng.choice(MEETING_TEMPLATES).format(
                company=c.name[i], first=k.first[kid - 1], module=rng.choice(MODULES)
            )
            minutes = rng.choice((30, 30, 45, 60))
            url = None
            if rng.random() < 0.65:
                a = "abcdefghijkmnopqrstuvwxyz"
                url = "https://meet.example.com/" + "-".join(
                    "".join(rng.choice(a) for _ in range(n)) for n in (3, 4, 3)
                )
                location = "Video call"
            else:
                location = rng.choice((None, "Phone", f"On site, {c.city[i]}"))
            past = start + timedelta(minutes=minutes) < self.now
            outcome = rng.choice(MEETING_OUTCOMES) if past else "scheduled"
            agenda = rng.choice(MEETING_AGENDAS) if rng.random() < 0.5 else None
            created = min(start - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 300)), self.now)
            rows.append(
                (
                    mid,
                    title,
                    ts(start),
                    ts(start + timedelta(minutes=minutes)),
                    u,
                    location,
                    url,
                    agenda,
                    outcome,
                    ts(created),
                    1,
                )
            )
            attendees.append((len(attendees) + 1, mid, u, None))
            pairs.append(("company", i + 1, "meeting", mid, created))
            contacts = [kid]
            if k.count[i] > 1 and rng.random() < 0.4:
                other = k.pick(rng, i)
                if other != kid:
                    contacts.append(other)
            for attendee in contacts:
                attendees.append((len(attendees) + 1, mid, None, attendee))
                pairs.append(("contact", attendee, "meeting", mid, created))
            if past and outcome == "completed":
                meeting_acts.append(
                    (
                        "meeting",
                        start,
                        u,
                        i + 1,
                        kid,
                        None,
                        title,
                        agenda,
                        js({"meeting_id": mid, "duration_min": minutes}),
                    )
                )
        self.bulk.insert(
            Meeting.__table__,
            (
                "id",
                "title",
                "start_at",
                "end_at",
                "organizer_id",
                "location",
                "meeting_url",
                "description",
                "outcome",
                "created_at",
                "version",
            ),
            rows,
        )
        self.bulk.insert(MeetingAttendee.__table__, ("id", "meeting_id", "user_id", "contact_id"), attendees)
        self.out.associations(pairs)
        self.out.summary.update(meetings=len(rows), meeting_attendees=len(attendees))
        return meeting_acts
