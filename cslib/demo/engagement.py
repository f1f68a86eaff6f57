"""The demo's engagement: tasks, meetings, activities and property history (see demo_data)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from cslib.demo.accounts import USER_IDS
from cslib.demo.rand import bag
from cslib.demo.regions import REGION_UTC
from cslib.demo.texts import (
    CALL_NOTES,
    CALL_OUTCOMES,
    CSM_EMAIL_BODIES,
    CSM_EMAIL_SUBJECTS,
    FORMS,
    MARKETING_SUBJECTS,
    MEETING_AGENDAS,
    MEETING_TEMPLATES,
    NOTE_TEMPLATES,
    PAGES,
    REPLY_BODIES,
    SEQUENCES,
    TASK_NOTES,
    TASK_TEMPLATES,
)
from cslib.demo.workspace import MODULES
from cslib.models import Activity, Meeting, MeetingAttendee, PropertyHistory, Task

if TYPE_CHECKING:
    from cslib.demo.companies import DemoData

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
ACTIVITY_MIX = (
    ("note", 8),
    ("call", 8),
    ("email", 14),
    ("email_open", 25),
    ("email_click", 10),
    ("email_reply", 6),
    ("page_view", 19),
    ("form_submission", 4),
    ("sequence_enrollment", 6),
)
BY_USER = ("note", "call", "email")
WINDOW_DAYS = 180
EPOCH = datetime(2000, 1, 1)


def _w(pairs) -> tuple[list, list]:  # noqa: ANN001
    return [k for k, _ in pairs], [w for _, w in pairs]


class Engagement:
    def __init__(self, d: DemoData):
        self.d, self.rng, self.bulk, self.now = d, d.rng, d.bulk, d.now
        self.meeting_acts: list[tuple] = []

    def run(self) -> None:
        self.tasks()
        self.meetings()
        self.activities()
        self.history()
        self.d.write_follows()

    def company_for(self, user: int) -> int:
        mine = self.d.by_owner.get(user)
        return self.rng.choice(mine) if mine else self.rng.randrange(self.d.S.companies)

    def business_time(self, user: int, offset: int) -> datetime:
        rng = self.rng
        return self.d.day_start(user, offset) + timedelta(hours=rng.randint(8, 17), minutes=rng.choice((0, 15, 30, 45)))

    def later_today(self, user: int) -> datetime:
        """A time later today in the user's zone (earlier today only in its last minutes)."""
        start, end = self.d.day_start(user, 0), self.d.day_start(user, 1)
        lo, hi = max(self.now, start + timedelta(hours=8)), start + timedelta(hours=18)
        if hi - lo < timedelta(minutes=10):
            lo, hi = self.now, end
        if hi - lo < timedelta(minutes=2):
            lo, hi = start + timedelta(hours=8), start + timedelta(hours=18)
        return (lo + (hi - lo) * self.rng.uniform(0.05, 0.95)).replace(microsecond=0)

    # Tasks ---------------------------------------------------------------------------
    def tasks(self) -> None:
        d, rng, ts = self.d, self.rng, self.bulk.ts
        plan: list[tuple[int, datetime | None, bool]] = []  # (user, due, must stay open)
        for u in WORK_WEIGHTS:
            plan += [(u, self.business_time(u, off), True) for off in (-1, -3, -6)]
            plan += [(u, self.later_today(u), True) for _ in range(3)]
            plan += [(u, self.business_time(u, 1), True) for _ in range(2)]
        users, weights = _w(WORK_WEIGHTS.items())
        for u in rng.choices(users, weights=weights, k=max(0, d.S.tasks - len(plan))):
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
            kid = d.contact_of(i)
            kind, template = rng.choice(TASK_TEMPLATES)
            title = template.format(
                company=d.c_name[i], contact=f"{d.k_first[kid - 1]} {d.k_last[kid - 1]}", module=rng.choice(MODULES)
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
        d.write_assocs(pairs)
        d.summary["tasks"] = len(rows)

    # Meetings ------------------------------------------------------------------------
    def meetings(self) -> None:
        d, rng, ts, js = self.d, self.rng, self.bulk.ts, self.bulk.js
        lo, hi = (-365, 60) if d.large else (-30, 30)
        plan: list[tuple[int, datetime]] = []
        for u in WORK_WEIGHTS:
            for h, m in sorted(rng.sample(MEETING_SLOTS, 3)):
                plan.append((u, d.day_start(u, 0) + timedelta(hours=h, minutes=m)))
        users, weights = _w(WORK_WEIGHTS.items())
        for u in rng.choices(users, weights=weights, k=max(0, d.S.meetings - len(plan))):
            off = rng.randint(lo, hi)
            weekday = self._weekday(u, off)
            if weekday >= 5:
                off -= weekday - 4
            plan.append((u, d.day_start(u, off) + timedelta(hours=rng.randint(8, 16), minutes=rng.choice((0, 30)))))
        rows, attendees, pairs = [], [], []
        for mid, (u, start) in enumerate(plan, start=1):
            i = self.company_for(u)
            kid = d.contact_of(i)
            title = rng.choice(MEETING_TEMPLATES).format(
                company=d.c_name[i], first=d.k_first[kid - 1], module=rng.choice(MODULES)
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
                location = rng.choice((None, "Phone", f"On site, {d.c_city[i]}"))
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
            if d.k_count[i] > 1 and rng.random() < 0.4:
                other = d.contact_of(i)
                if other != kid:
                    contacts.append(other)
            for k in contacts:
                attendees.append((len(attendees) + 1, mid, None, k))
                pairs.append(("contact", k, "meeting", mid, created))
            if past and outcome == "completed":
                self.meeting_acts.append(
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
        d.write_assocs(pairs)
        d.summary.update(meetings=len(rows), meeting_attendees=len(attendees))

    def _weekday(self, user: int, offset: int) -> int:
        return (self.d.now_aware.astimezone(self.d.zones[user]).date() + timedelta(days=offset)).weekday()

    # Activities ----------------------------------------------------------------------
    def activities(self) -> None:
        d = self.d
        cols = (
            "id",
            "type",
            "occurred_at",
            "actor_id",
            "company_id",
            "contact_id",
            "record_id",
            "subject",
            "body",
            "details",
            "created_at",
        )
        d.summary["activities"] = self.bulk.insert(Activity.__table__, cols, self._activity_rows())

    def _activity_rows(self) -> Iterator[tuple]:
        d, rng, ts, js, now = self.d, self.rng, self.bulk.ts, self.bulk.js, self.now
        aid = 0
        for typ, at, u, cid, kid, rec, subject, body, details in self.meeting_acts:
            aid += 1
            yield (aid, typ, ts(at), u, cid, kid, rec, subject, body, details, ts(at))
        n = d.S.companies
        # Engagement per company: most steady, some quiet for weeks or months (health!).
        life_factor = {"customer": 1.0, "evangelist": 1.6, "former_customer": 0.15, "opportunity": 0.6, "lead": 0.3}
        weights = [rng.lognormvariate(0, 0.8) * life_factor[d.c_life[i]] for i in range(n)]
        quiet = [rng.uniform(7, 150) if rng.random() < 0.3 else 0.0 for _ in range(n)]
        # Time of day: business hours of the user, daytime of the contact's region.
        user_off = {u: int(d.now_aware.astimezone(z).utcoffset().total_seconds() // 3600) for u, z in d.zones.items()}
        region_off = [REGION_UTC[r] for r in d.c_region]
        user_hours = (8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17)
        contact_hours = (7, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21, 22)
        total = max(0, d.S.activities - aid)
        types, t_weights = _w(ACTIVITY_MIX)
        kinds = rng.choices(types, weights=t_weights, k=total)
        companies = rng.choices(range(n), weights=weights, k=total)
        outcomes = bag(CALL_OUTCOMES)
        opens = [
            (s, js({"email_subject": s, "campaign": "Newsletter" if k % 2 else "Product marketing"}))
            for k, s in enumerate(MARKETING_SUBJECTS)
        ]
        clicks = [(s, js({"email_subject": s, "url": url})) for s in MARKETING_SUBJECTS for _, url in PAGES[:4]]
        replies = [
            (f"Re: {s}", js({"email_subject": s})) for s in (t.format(company="your team") for t in CSM_EMAIL_SUBJECTS)
        ]
        views = [(title, js({"url": url, "page_title": title})) for title, url in PAGES]
        forms = [(name, js({"form": name, "url": url})) for name, url in FORMS]
        seqs: dict[tuple[str, int], str] = {}
        rand, choice, k_first = rng.random, rng.choice, d.k_first
        # Whole seconds since EPOCH (a Saturday): cheaper than datetime arithmetic per row.
        now_s = int((now - EPOCH).total_seconds())
        created_s = [int((c - EPOCH).total_seconds()) for c in d.c_created]
        for j in range(total):
            aid += 1
            i, typ = companies[j], kinds[j]
            q, cs = quiet[i], created_s[i]
            t = now_s - int((q + (WINDOW_DAYS - q) * rand() ** 1.3) * 86_400)
            if t < cs:
                t = cs + int((now_s - cs) * rand())
            by_user = typ in BY_USER
            actor = (d.c_owner[i] if rand() < 0.8 else d.c_csm[i]) if by_user else None
            hour = (choice(user_hours) - user_off[actor]) if by_user else (choice(contact_hours) - region_off[i])
            t = t - t % 86_400 + hour * 3_600 + int(rand() * 3_600)
            if by_user and (weekday := (t // 86_400 + 5) % 7) >= 5:
                t -= (weekday - 4) * 86_400
            while t > now_s:
                t -= 86_400
            if t < cs:
                t = cs + 1_800
            kid = d.k_start[i] + int(rand() * d.k_count[i])
            first = k_first[kid - 1]
            subject = body = rec = None
            details = "{}"
            if by_user:
                recs = d.c_records.get(i)
                if recs and rand() < 0.08:
                    rec = choice(recs)
                if typ == "note":
                    body = choice(NOTE_TEMPLATES).format(first=first, company=d.c_name[i])
                elif typ == "call":
                    outcome = choice(outcomes)
                    secs = rng.randint(120, 2_400) if outcome == "connected" else rng.randint(0, 45)
                    subject = f"Call with {first} {d.k_last[kid - 1]}"
                    body = choice(CALL_NOTES)
                    details = f'{{"duration_s":{secs},"outcome":"{outcome}","direction":"outbound"}}'
                else:
                    subject = choice(CSM_EMAIL_SUBJECTS).format(company=d.c_name[i])
                    body = choice(CSM_EMAIL_BODIES).format(first=first)
                    details = f'{{"direction":"outgoing","to":"{d.k_email[kid - 1]}"}}'  # ASCII, no quotes
            elif typ == "email_open":
                subject, details = choice(opens)
            elif typ == "email_click":
                subject, details = choice(clicks)
            elif typ == "email_reply":
                subject, details = choice(replies)
                body = choice(REPLY_BODIES)
            elif typ == "page_view":
                subject, details = choice(views)
            elif typ == "form_submission":
                subject, details = choice(forms)
            else:  # sequence_enrollment: the contact was enrolled by the company owner
                subject = choice(SEQUENCES)
                key = (subject, d.c_owner[i])
                if key not in seqs:
                    seqs[key] = js({"sequence": subject, "enrolled_by_id": d.c_owner[i]})
                details = seqs[key]
            stamp = ts(EPOCH + timedelta(seconds=t))
            yield (aid, typ, stamp, actor, i + 1, kid, rec, subject, body, details, stamp)

    # Property history ----------------------------------------------------------------
    def history(self) -> None:
        d = self.d
        cols = (
            "id",
            "object_type",
            "object_id",
            "property",
            "old_value",
            "new_value",
            "changed_at",
            "changed_by_id",
            "source",
        )
        d.summary["property_history"] = self.bulk.insert(PropertyHistory.__table__, cols, self._history_rows())

    def _history_rows(self) -> Iterator[tuple]:
        d, rng, ts, now = self.d, self.rng, self.bulk.ts, self.now
        hid = 0
        manager = USER_IDS["manager"]

        def between(lo: datetime, hi: datetime) -> datetime:
            return (lo + (hi - lo) * rng.random()).replace(microsecond=0)

        for i in range(d.S.companies):
            cid, created = i + 1, d.c_created[i]
            rows = []
            for prop, value in (("owner_id", d.c_owner[i]), ("csm_owner_id", d.c_csm[i])):
                at = max(d.ago(rng.uniform(0, 120)), created + timedelta(minutes=5))
                rows.append((prop, None, str(value), at, manager, "import"))
            life, owner = d.c_life[i], d.c_owner[i]
            if life in ("customer", "evangelist", "former_customer"):
                won = between(created, min(now, created + timedelta(days=200)))
                rows.append(("lifecycle_stage", "lead", "opportunity", between(created, won), owner, "demo"))
                rows.append(("lifecycle_stage", "opportunity", "customer", won, owner, "demo"))
                if life == "evangelist":
                    rows.append(("lifecycle_stage", "customer", "evangelist", between(won, now), owner, "demo"))
                if life == "former_customer":
                    churn = datetime.combine(d.c_renewal[i], time(12))
                    rows.append(("lifecycle_stage", "customer", "former_customer", max(churn, won), owner, "demo"))
            if d.c_arr[i] and rng.random() < 0.4:
                old = round(d.c_arr[i] * rng.uniform(0.6, 0.95), -2)
                rows.append(
                    ("arr", f"{old:.0f}", f"{d.c_arr[i]:.0f}", max(d.ago(rng.uniform(5, 365)), created), owner, "demo")
                )
            rows.sort(key=lambda r: r[3])
            for prop, old, new, at, by, source in rows:
                hid += 1
                yield (hid, "company", cid, prop, old, new, ts(at), by, source)
        for obj, rid, prop, old, new, at in d.hist:
            hid += 1
            yield (hid, obj, rid, prop, old, new, ts(at), None, "demo")
