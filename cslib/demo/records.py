"""Pipeline records of the demo: deals, subscriptions, projects, services, tickets and
implementations, each in realistic stages, with the stage changes for property history:
each record walks its pipeline's stages in order (see `stage_path`), so stage conversion
and time in stage read from history look real."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cslib.demo.clock import Clock
from cslib.demo.companies import PAYING, Companies
from cslib.demo.contacts import Contacts
from cslib.demo.rand import DemoRandom, bag, distinct
from cslib.demo.sizes import Sizes
from cslib.demo.texts import DEAL_KINDS, PROJECT_NAMES, SERVICE_NAMES, TICKET_SUBJECTS
from cslib.demo.workspace import MODULES, PARTNERS, PipelineInfo, Stage
from cslib.demo.writer import Writer
from cslib.models import Record

SALES_STAGES = bag(
    (
        ("Appointment scheduled", 15),
        ("Qualified to buy", 15),
        ("Presentation scheduled", 12),
        ("Decision maker bought-in", 10),
        ("Contract sent", 8),
        ("Closed won", 25),
        ("Closed lost", 15),
    )
)
RENEWAL_STAGES = bag((("Renewal upcoming", 40), ("In negotiation", 20), ("Renewed", 30), ("Churned", 10)))
SUBSCRIPTION_STAGES = bag((("Trial", 5), ("Active", 82), ("Past due", 8), ("Cancelled", 5)))
PROJECT_STAGES = bag((("Kick-off", 15), ("Configuration", 20), ("Training", 20), ("Go-live", 15), ("Completed", 30)))
SERVICE_STAGES = bag((("Scoping", 15), ("Proposal sent", 15), ("In delivery", 30), ("Delivered", 33), ("Cancelled", 7)))
TICKET_STAGES = bag((("New", 15), ("Waiting on contact", 15), ("Waiting on us", 20), ("Closed", 50)))
TICKET_PRIORITIES = bag((("low", 30), ("medium", 40), ("high", 22), ("urgent", 8)))
IMPLEMENTATION_STAGES = bag((("Planning", 20), ("Build", 25), ("Testing", 20), ("Go-live", 15), ("Live", 20)))


def stage_path(stages: tuple[Stage, ...], stage: Stage, rng: random.Random) -> list[Stage]:
    """The stages a record went through to reach `stage`, in order: the open stages before
    it, all of them for an open or won stage, the first few (at least one) for a lost one."""
    before = [s for s in stages[: stages.index(stage)] if not s.is_closed]
    if stage.is_closed and not stage.is_won and before:
        before = before[: 1 + int(rng.random() * len(before))]
    return [*before, stage] if stage is not stages[0] else [stage]


@dataclass(frozen=True)
class Records:
    """What activities and property history need of the records."""

    by_company: dict[int, list[int]]  # company index -> ids of its deals, tickets and projects
    stage_history: list[tuple]  # (object type, id, "stage_id", old, new, changed at)


def write_records(
    out: Writer,
    rng: random.Random,
    clock: Clock,
    sizes: Sizes,
    pipelines: dict[str, PipelineInfo],
    c: Companies,
    k: Contacts,
) -> Records:
    """Write the pipeline records in `sizes`, linked to their companies (and some to a contact)."""
    S = sizes
    n = len(c)
    paying = [i for i in range(n) if c.life[i] in PAYING] or list(range(n))
    prospects = [i for i in range(n) if c.life[i] in ("opportunity", "lead")] or paying
    former = [i for i in range(n) if c.life[i] == "former_customer"]
    b = _Builder(rng, clock, pipelines, c, k, out.bulk.js)

    for _ in range(S.deals):
        if rng.random() < 0.65:
            i = rng.choice(prospects if rng.random() < 0.35 else paying)
            b.deal(i, "sales")
        else:
            b.deal(rng.choice(paying), "renewals")
    subs = distinct(rng, paying + former, S.subscriptions)
    for i in subs:
        b.subscription(i)
    recent = sorted(paying, key=lambda i: c.created[i], reverse=True)
    for i in rng.choices(recent, weights=[1 / (1 + k / 50) for k in range(len(recent))], k=S.projects):
        b.project(i)
    for _ in range(S.services):
        b.service(rng.choice(paying))
    for i in rng.choices(paying, weights=[k.count[i] for i in paying], k=S.tickets):
        b.ticket(i)
    for i in distinct(rng, paying, S.implementations):
        b.implementation(i)
    ts = out.bulk.ts
    out.bulk.insert(
        Record.__table__,
        (
            "id",
            "object_type",
            "name",
            "pipeline_id",
            "stage_id",
            "owner_id",
            "amount",
            "close_date",
            "priority",
            "created_at",
            "updated_at",
            "stage_entered_at",
            "custom",
            "version",
        ),
        (
            (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                out.bulk.day(r[7]),
                r[8],
                ts(r[9]),
                ts(r[10]),
                ts(r[11]),
                r[12],
                1,
            )
            for r in b.rows
        ),
    )
    out.associations(b.pairs)
    for r in b.rows:
        out.summary[r[1] + "s"] = out.summary.get(r[1] + "s", 0) + 1
    return Records(b.by_company, b.history)


class _Builder:
    """Builds record rows one at a time; `write_records` decides which and writes them."""

    def __init__(
        self,
        rng: random.Random,
        clock: Clock,
        pipelines: dict[str, PipelineInfo],
        c: Companies,
        k: Contacts,
        js: Callable[[object], str],
    ):
        self.rng, self.clock, self.pipelines, self.c, self.k, self.js = rng, clock, pipelines, c, k, js
        # Stage walks draw from their own stream, so the main stream makes the same draws as
        # before they existed (everything written after the records is unchanged). Seeded
        # from the main stream's state words: a tuple of ints hashes the same in every
        # process (the whole state may hold None, whose hash differs before Python 3.12).
        self.walk = DemoRandom(hash(rng.getstate()[1]))
        self.rows: list[tuple] = []
        self.pairs: list[tuple] = []
        self.history: list[tuple] = []
        self.by_company: dict[int, list[int]] = {}

    def _record(
        self,
        i: int,
        obj: str,
        name: str,
        pipe_key: str,
        stage_name: str,
        *,
        amount=None,
        close: date | None = None,
        created: datetime,
        custom: dict | None = None,
        priority=None,
        contact: bool = False,
        owner: int | None = None,
    ) -> None:  # noqa: ANN001
        rng = self.rng
        pipe = self.pipelines[pipe_key]
        stage = pipe.stage(stage_name)
        rid = len(self.rows) + 1
        created = max(created, self.c.created[i])
        entered = created + (self.clock.now - created) * rng.uniform(0.1, 0.9) if stage != pipe.stages[0] else created
        if stage.is_closed and close is not None:  # closed on its close date (during the working day)
            closed_at = datetime.combine(close, time(9)) + timedelta(minutes=self.walk.randint(0, 480))
            entered = min(max(closed_at, created), self.clock.now)
        entered = entered.replace(microsecond=0)
        self.rows.append(
            (
                rid,
                obj,
                name,
                pipe.id,
                stage.id,
                owner or self.c.owner[i],
                amount,
                close,
                priority,
                created,
                entered,
                entered,
                self.js(custom or {}),
            )
        )
        self.pairs.append(("company", i + 1, obj, rid, created))
        if contact:
            self.pairs.append(("contact", self.k.pick(self.rng, i), obj, rid, created))
        if obj in ("deal", "ticket", "project"):
            self.by_company.setdefault(i, []).append(rid)
        self._walk(obj, rid, pipe, stage, created, entered)

    def _walk(self, obj: str, rid: int, pipe: PipelineInfo, stage: Stage, created: datetime, entered: datetime) -> None:
        """The record's stage history: it enters the first stage when created, then each open
        stage in order up to its own, entered at `entered`. A won record went through every
        open stage; a lost one left from a random open stage. The steps in between fall at
        random, increasing times."""
        path = stage_path(pipe.stages, stage, self.walk)
        between = sorted(self.walk.random() for _ in range(len(path) - 2))
        span = entered - created
        times = [created, *((created + span * u).replace(microsecond=0) for u in between), entered][-len(path) :]
        old = None
        for step, at in zip(path, times, strict=True):
            self.history.append((obj, rid, "stage_id", old, str(step.id), at))
            old = str(step.id)

    def deal(self, i: int, pipe: str) -> None:
        rng, name = self.rng, self.c.name[i]
        if pipe == "sales":
            stage = rng.choice(SALES_STAGES)
            kind = rng.choice(DEAL_KINDS).format(n=rng.choice((5, 10, 25, 50)), module=rng.choice(MODULES))
            amount = round(min(400_000, max(1_500, math.exp(rng.gauss(math.log(15_000), 0.8)))), -2)
            custom = {"deal_type": "new_business" if self.c.life[i] not in PAYING else "expansion"}
            title = f"{name} — {kind}"
        else:
            stage = rng.choice(RENEWAL_STAGES)
            amount = self.c.arr[i] or 10_000.0
            custom = {"deal_type": "renewal"}
            title = f"{name} — Renewal {(self.c.renewal[i] or self.clock.today).year}"
        closed = stage in ("Closed won", "Closed lost", "Renewed", "Churned")
        if closed:
            close = self.clock.today - timedelta(days=rng.randint(1, 365))
        elif pipe == "renewals" and self.c.renewal[i]:
            close = max(self.c.renewal[i], self.clock.today + timedelta(days=rng.randint(1, 20)))
        else:
            close = self.clock.today + timedelta(days=rng.randint(3, 120))
        if stage in ("Closed lost", "Churned"):
            custom["closed_lost_reason"] = rng.choice(("price", "competitor", "no_budget", "timing", "no_decision"))
        # A closed deal was opened 20-160 days before it closed; an open one as long ago (not
        # counted back from its future close date, which made many a couple of days old).
        opened = datetime.combine(close, time(8)) if closed else self.clock.now
        created = opened - timedelta(days=rng.randint(20, 160), minutes=rng.randint(0, 600))
        self._record(
            i,
            "deal",
            title,
            pipe,
            stage,
            amount=amount,
            close=close,
            created=min(created, self.clock.ago(2)),
            custom=custom,
            contact=True,
        )

    def subscription(self, i: int) -> None:
        rng = self.rng
        if self.c.life[i] == "former_customer":
            stage = "Cancelled"
        else:
            stage = rng.choice(SUBSCRIPTION_STAGES)
        plan = (
            "Starter" if (self.c.arr[i] or 0) < 20_000 else "Professional" if self.c.arr[i] < 100_000 else "Enterprise"
        )
        custom = {
            "billing_period": "annual" if rng.random() < 0.8 else "monthly",
            "seats": rng.choice((5, 10, 15, 25, 40, 60, 100, 250)),
        }
        self._record(
            i,
            "subscription",
            f"{self.c.name[i]} — {plan} plan",
            "subscriptions",
            stage,
            amount=self.c.arr[i],
            close=self.c.renewal[i],
            created=self.c.created[i],
            custom=custom,
        )

    def project(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(PROJECT_STAGES)
        created = self.clock.ago(rng.uniform(3, 300))
        close = None
        if stage in ("Go-live", "Completed") or rng.random() < 0.6:
            close = (created + timedelta(days=rng.randint(30, 120))).date()
            if stage == "Completed":
                close = min(close, self.clock.today - timedelta(days=1))
        name = rng.choice(PROJECT_NAMES).format(company=self.c.name[i], module=rng.choice(MODULES))
        self._record(
            i, "project", name, "onboarding", stage, close=close, created=created, owner=self.c.csm[i], contact=True
        )

    def service(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(SERVICE_STAGES)
        created = self.clock.ago(rng.uniform(5, 400))
        close = (created + timedelta(days=rng.randint(14, 90))).date()
        amount = round(rng.uniform(2_000, 40_000), -2) if stage != "Scoping" or rng.random() < 0.5 else None
        name = rng.choice(SERVICE_NAMES).format(company=self.c.name[i])
        self._record(i, "service", name, "services", stage, amount=amount, close=close, created=created)

    def ticket(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(TICKET_STAGES)
        created = self.clock.ago(rng.uniform(0.05, 30) if stage != "Closed" else rng.uniform(2, 180))
        close = (created + timedelta(days=rng.randint(0, 10))).date() if stage == "Closed" else None
        priority = rng.choice(TICKET_PRIORITIES)
        subject, category = rng.choice(TICKET_SUBJECTS)
        if close:
            close = min(close, self.clock.today)
        self._record(
            i,
            "ticket",
            subject,
            "support",
            stage,
            close=close,
            created=created,
            priority=priority,
            custom={"category": category},
            contact=True,
        )

    def implementation(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(IMPLEMENTATION_STAGES)
        created = self.clock.ago(rng.uniform(10, 400))
        custom = {"modules": rng.choice(MODULES).lower()}
        if stage != "Planning" or rng.random() < 0.5:
            custom["implementation_partner"] = rng.choice(PARTNERS)
        if stage in ("Go-live", "Live") or rng.random() < 0.5:
            custom["go_live_date"] = (created + timedelta(days=rng.randint(30, 150))).date().isoformat()
        self._record(
            i,
            "implementation",
            f"{self.c.name[i]} implementation",
            "implementation",
            stage,
            created=created,
            custom=custom,
            owner=self.c.csm[i],
        )
