"""The demo's activities, the Feed and the timelines: notes, calls and e-mails by users
(with `actor_id`), and contact activities (e-mail opens, clicks and replies, page views,
form submissions, sequence enrolments and unenrolments, meetings booked through a
user's booking page) with `actor_id` NULL and both `contact_id` and
`company_id`. Engagement per company varies; some go quiet for weeks (health scores need it).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from cslib.demo.clock import Clock
from cslib.demo.companies import Companies
from cslib.demo.contacts import Contacts
from cslib.demo.rand import bag, keys_and_weights
from cslib.demo.regions import REGION_UTC
from cslib.demo.texts import (
    CALL_NOTES,
    CALL_OUTCOMES,
    CSM_EMAIL_BODIES,
    CSM_EMAIL_SUBJECTS,
    FORMS,
    MARKETING_SUBJECTS,
    NOTE_TEMPLATES,
    PAGES,
    REPLY_BODIES,
    SEQUENCES,
)
from cslib.demo.writer import Writer
from cslib.models import Activity

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
    ("meeting_booked", 2),
)
# What ends a contact's sequence enrolment (details["reason"] of a sequence_unenrollment).
UNENROLL_REASONS = ("replied", "finished", "meeting_booked", "unenrolled_by_user")
BOOKED_MEETINGS = ("Quarterly business review", "Renewal discussion", "Product demo", "Onboarding check-in")
BY_USER = ("note", "call", "email")
WINDOW_DAYS = 180
EPOCH = datetime(2000, 1, 1)


def write_activities(
    out: Writer,
    rng: random.Random,
    clock: Clock,
    c: Companies,
    k: Contacts,
    records_by_company: dict[int, list[int]],
    meeting_acts: list[tuple],
    count: int,
) -> None:
    """Write `count` activities: first those of the completed meetings, then the rest."""
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

    def rows() -> Iterator[tuple]:
        ts, js, now = out.bulk.ts, out.bulk.js, clock.now
        aid = 0
        for typ, at, u, cid, kid, rec, subject, body, details in meeting_acts:
            aid += 1
            yield (aid, typ, ts(at), u, cid, kid, rec, subject, body, details, ts(at))
        n = len(c)
        # Engagement per company: most steady, some quiet for weeks or months (health!).
        life_factor = {"customer": 1.0, "evangelist": 1.6, "former_customer": 0.15, "opportunity": 0.6, "lead": 0.3}
        weights = [rng.lognormvariate(0, 0.8) * life_factor[c.life[i]] for i in range(n)]
        quiet = [rng.uniform(7, 150) if rng.random() < 0.3 else 0.0 for _ in range(n)]
        # Time of day: business hours of the user, daytime of the contact's region.
        user_off = {
            u: int(clock.now_aware.astimezone(z).utcoffset().total_seconds() // 3600) for u, z in clock.zones.items()
        }
        region_off = [REGION_UTC[r] for r in c.region]
        user_hours = (8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17)
        contact_hours = (7, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21, 22)
        total = max(0, count - aid)
        types, t_weights = keys_and_weights(ACTIVITY_MIX)
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
        enrolled: dict[int, tuple[int, str, int]] = {}  # company → (contact, sequence, time) of its last enrolment
        reopen: tuple | None = None  # (company, contact, subject, details, time) of an open that may repeat
        rand, choice, k_first = rng.random, rng.choice, k.first
        # Whole seconds since EPOCH (a Saturday): cheaper than datetime arithmetic per row.
        now_s = int((now - EPOCH).total_seconds())
        created_s = [int((t - EPOCH).total_seconds()) for t in c.created]
        for j in range(total):
            aid += 1
            i, typ = companies[j], kinds[j]
            q, cs = quiet[i], created_s[i]
            t = now_s - int((q + (WINDOW_DAYS - q) * rand() ** 1.3) * 86_400)
            if t < cs:
                t = cs + int((now_s - cs) * rand())
            by_user = typ in BY_USER
            actor = (c.owner[i] if rand() < 0.8 else c.csm[i]) if by_user else None
            hour = (choice(user_hours) - user_off[actor]) if by_user else (choice(contact_hours) - region_off[i])
            t = t - t % 86_400 + hour * 3_600 + int(rand() * 3_600)
            if by_user and (weekday := (t // 86_400 + 5) % 7) >= 5:
                t -= (weekday - 4) * 86_400
            while t > now_s:
                t -= 86_400
            if t < cs:
                t = cs + 1_800
            kid = k.start[i] + int(rand() * k.count[i])
            first = k_first[kid - 1]
            subject = body = rec = None
            details = "{}"
            if by_user:
                recs = records_by_company.get(i)
                if recs and rand() < 0.08:
                    rec = choice(recs)
                if typ == "note":
                    body = choice(NOTE_TEMPLATES).format(first=first, company=c.name[i])
                elif typ == "call":
                    outcome = choice(outcomes)
                    secs = rng.randint(120, 2_400) if outcome == "connected" else rng.randint(0, 45)
                    subject = f"Call with {first} {k.last[kid - 1]}"
                    body = choice(CALL_NOTES)
                    details = f'{{"duration_s":{secs},"outcome":"{outcome}","direction":"outbound"}}'
                else:
                    subject = choice(CSM_EMAIL_SUBJECTS).format(company=c.name[i])
                    body = choice(CSM_EMAIL_BODIES).format(first=first)
                    details = f'{{"direction":"outgoing","to":"{k.email[kid - 1]}"}}'  # ASCII, no quotes
            elif typ == "email_open" and reopen is not None and reopen[4] - 3_000 > created_s[reopen[0]]:
                # The same contact opens the same e-mail again within the hour (the Feed groups these).
                i, kid, subject, details, t = *reopen[:4], reopen[4] - 300 - int(rand() * 2_400)
                reopen = reopen[:4] + (t,) if rand() < 0.5 else None
            elif typ == "email_open":
                subject, details = choice(opens)
                reopen = (i, kid, subject, details, t) if rand() < 0.08 else None
            elif typ == "email_click":
                subject, details = choice(clicks)
            elif typ == "email_reply":
                subject, details = choice(replies)
                body = choice(REPLY_BODIES)
            elif typ == "page_view":
                subject, details = choice(views)
            elif typ == "form_submission":
                subject, details = choice(forms)
            elif typ == "meeting_booked":
                subject = choice(BOOKED_MEETINGS)
                details = js({"meeting": subject, "booked_with_id": c.owner[i]})
            elif (last := enrolled.get(i)) is not None and last[2] < t and rand() < 0.4:
                # A contact enrolled earlier leaves the sequence (replied, finished, …).
                typ, kid, subject = "sequence_unenrollment", last[0], last[1]
                details = js({"sequence": subject, "reason": choice(UNENROLL_REASONS)})
                del enrolled[i]
            else:  # sequence_enrollment: the contact was enrolled by the company owner
                subject = choice(SEQUENCES)
                key = (subject, c.owner[i])
                if key not in seqs:
                    seqs[key] = js({"sequence": subject, "enrolled_by_id": c.owner[i]})
                details = seqs[key]
                enrolled[i] = (kid, subject, t)
            stamp = ts(EPOCH + timedelta(seconds=t))
            yield (aid, typ, stamp, actor, i + 1, kid, rec, subject, body, details, stamp)

    out.summary["activities"] = out.bulk.insert(Activity.__table__, cols, rows())
