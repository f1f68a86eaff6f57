"""The demo's customer base: companies, contacts, pipeline records, tasks, meetings,
activities, property history and follows, for both scales.

Rows are plain tuples with explicit ids, built from one `random.Random` in a fixed order
(same seed and `now` → same data) and written with `cslib.demo_bulk.Bulk`. All times are
relative to `now`, so "due today", "renewals in the next 90 days" and "last 30 days"
always have content. Times are naive UTC inside this module.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cslib.demo_bulk import Bulk, association_row
from cslib.demo_engage import Engagement
from cslib.demo_pools import (
    DEAL_KINDS,
    JOB_TITLES,
    PROJECT_NAMES,
    REGION_WEIGHTS,
    REGIONS,
    SERVICE_NAMES,
    TICKET_SUBJECTS,
    CompanyNamer,
    Pools,
    ascii_slug,
    bag,
    phone,
)
from cslib.demo_setup import DEMO_ACCOUNTS, MODULES, PARTNERS, USER_IDS, PipelineInfo
from cslib.models import Association, Company, CompanyDomain, Contact, Follow, Record
from cslib.properties import INDUSTRIES


@dataclass(frozen=True)
class Sizes:
    companies: int
    contacts: int
    deals: int
    subscriptions: int
    projects: int
    services: int
    tickets: int
    implementations: int
    tasks: int
    meetings: int
    activities: int


SMALL = Sizes(400, 1_200, 300, 120, 150, 60, 250, 40, 1_500, 200, 12_000)
LARGE = Sizes(100_000, 300_000, 50_000, 20_000, 25_000, 10_000, 40_000, 6_000, 200_000, 20_000, 1_000_000)
MINIMUM = Sizes(20, 40, 10, 5, 5, 3, 5, 3, 60, 30, 300)


def sizes_for(scale: str, factor: float = 1.0) -> Sizes:
    base = {"small": SMALL, "large": LARGE}[scale]
    return replace(
        base, **{f.name: max(getattr(MINIMUM, f.name), round(getattr(base, f.name) * factor)) for f in fields(Sizes)}
    )


# Owners: the four CSMs own most companies, the manager and the admin a few.
OWNER_WEIGHTS = {
    USER_IDS["csm1"]: 21,
    USER_IDS["csm2"]: 21,
    USER_IDS["csm3"]: 21,
    USER_IDS["noexport"]: 21,
    USER_IDS["manager"]: 8,
    USER_IDS["admin"]: 8,
}
CSMS = [USER_IDS[k] for k in ("csm1", "csm2", "csm3", "noexport")]
LIFECYCLE = (("customer", 78), ("evangelist", 5), ("former_customer", 6), ("opportunity", 8), ("lead", 3))
PAYING = ("customer", "evangelist")
NPS_WEIGHTS = (2, 1, 1, 2, 2, 4, 6, 12, 15, 25, 30)  # likelihood-to-recommend 0..10
INDUSTRY_KEYS = [k for k, _ in INDUSTRIES]


LIFECYCLE_BAG = bag(LIFECYCLE)
NPS_BAG = bag(zip(range(11), NPS_WEIGHTS, strict=True))
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


class DemoData:
    """Writes the customer base; `summary` collects counts per object."""

    def __init__(
        self,
        bulk: Bulk,
        rng: random.Random,
        pools: Pools,
        now: datetime,
        sizes: Sizes,
        pipelines: dict[str, PipelineInfo],
        large: bool,
    ):
        self.bulk, self.rng, self.pools, self.now, self.S = bulk, rng, pools, now, sizes
        self.pipelines, self.large = pipelines, large
        self.now_aware = now.replace(tzinfo=UTC)
        self.today = self.now.date()
        self.namer = CompanyNamer(rng, pools)
        self.assoc_id = 0
        self.summary: dict[str, int] = {}
        self._day_start: dict[tuple[int, int], datetime] = {}
        self.zones = {i: ZoneInfo(a.time_zone) for i, a in enumerate(DEMO_ACCOUNTS, start=1)}

    # Helpers -------------------------------------------------------------------------
    def ago(self, days: float) -> datetime:
        return (self.now - timedelta(seconds=int(days * 86_400))).replace(microsecond=0)

    def day_start(self, user_id: int, offset: int) -> datetime:
        """UTC instant of local midnight `offset` days from the user's today."""
        key = (user_id, offset)
        if key not in self._day_start:
            tz = self.zones[user_id]
            d = self.now_aware.astimezone(tz).date() + timedelta(days=offset)
            self._day_start[key] = datetime.combine(d, time(), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
        return self._day_start[key]

    def write_assocs(self, pairs: list[tuple[str, int, str, int, datetime]]) -> None:
        ts, start = self.bulk.ts, self.assoc_id
        self.assoc_id += len(pairs)
        self.bulk.insert(
            Association.__table__,
            (
                "id",
                "from_type",
                "from_id",
                "to_type",
                "to_id",
                "created_at",
            ),
            ((start + n, *association_row(a, ia, b, ib), ts(at)) for n, (a, ia, b, ib, at) in enumerate(pairs, 1)),
        )

    def run(self) -> None:
        self.companies()
        self.contacts()
        self.records()
        Engagement(self).run()

    # Companies -----------------------------------------------------------------------
    def companies(self) -> None:
        rng, S, ts, js = self.rng, self.S, self.bulk.ts, self.bulk.js
        n = S.companies
        regions = rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()), k=n)
        owners = rng.choices(list(OWNER_WEIGHTS), weights=list(OWNER_WEIGHTS.values()), k=n)
        self.c_region, self.c_owner, self.c_csm = regions, owners, []
        self.c_name, self.c_created, self.c_life, self.c_renewal, self.c_arr, self.c_emp = [], [], [], [], [], []
        self.c_domain: list[str] = []
        self.c_city: list[str] = []
        rows, domains = [], []
        for i in range(n):
            cid, region = i + 1, regions[i]
            country, _, _, cities, _ = REGIONS[region]
            name, industry = self.namer.name(region)
            extra = rng.choice((1, 1, 2)) if rng.random() < 0.15 else 0
            doms = self.namer.domains_for(name, region, extra)
            for k, d in enumerate(doms):
                domains.append((len(domains) + 1, cid, d, k == 0))
            life = rng.choice(LIFECYCLE_BAG)
            recent = rng.random() < 0.05
            created = self.ago(rng.uniform(1, 30) if recent else rng.uniform(30, 1460))
            arr = renewal = nps = None
            if life in PAYING:
                arr = round(min(500_000, max(5_000, math.exp(rng.gauss(math.log(30_000), 0.9)))), -2)
                renewal = self.today + timedelta(days=rng.randint(-60, 365))
                if rng.random() < 0.8:
                    nps = rng.choice(NPS_BAG)
                    if life == "evangelist":
                        nps = max(nps, 9)
            elif life == "former_customer":
                renewal = self.today - timedelta(days=rng.randint(60, 400))
                nps = rng.randint(0, 6) if rng.random() < 0.6 else None
            employees = int(min(25_000, max(3, math.exp(rng.gauss(math.log(120), 1.3)))))
            if arr:
                employees = max(employees, int(arr / 2_000))
            csm = owners[i] if rng.random() < 0.85 else rng.choice(CSMS)
            custom = {}
            if life in PAYING or life == "former_customer":
                mood = "positive" if (nps or 7) >= 9 else "negative" if (nps or 7) <= 5 else "neutral"
                if rng.random() < 0.25:
                    mood = rng.choice(("positive", "neutral", "negative"))
                plan = "starter" if (arr or 0) < 20_000 else "professional" if arr < 100_000 else "enterprise"
                custom = {
                    "csm_sentiment": mood,
                    "plan": plan,
                    "product_usage": round(rng.betavariate(5, 2.5 if mood != "negative" else 5) * 100, 1),
                }
            updated = created + (self.now - created) * rng.random()
            city = rng.choice(cities)
            description = None
            if rng.random() < 0.7:
                description = f"{rng.choice(self.pools.catch_phrases)}. Based in {city}."
            rows.append(
                (
                    cid,
                    name,
                    doms[0],
                    owners[i],
                    csm,
                    ts(created),
                    ts(updated.replace(microsecond=0)),
                    life,
                    industry or rng.choice(INDUSTRY_KEYS),
                    arr,
                    self.bulk.day(renewal),
                    nps,
                    employees,
                    country,
                    city,
                    phone(rng, region) if rng.random() < 0.8 else None,
                    description,
                    js(custom),
                    1,
                )
            )
            self.c_csm.append(csm)
            self.c_name.append(name)
            self.c_created.append(created)
            self.c_life.append(life)
            self.c_renewal.append(renewal)
            self.c_arr.append(arr)
            self.c_emp.append(employees)
            self.c_domain.append(doms[0])
            self.c_city.append(city)
        self.bulk.insert(
            Company.__table__,
            (
                "id",
                "name",
                "domain",
                "owner_id",
                "csm_owner_id",
                "created_at",
                "updated_at",
                "lifecycle_stage",
                "industry",
                "arr",
                "renewal_date",
                "nps",
                "employees",
                "country",
                "city",
                "phone",
                "description",
                "custom",
                "version",
            ),
            rows,
        )
        self.bulk.insert(CompanyDomain.__table__, ("id", "company_id", "domain", "is_primary"), domains)
        self.summary.update(companies=n, company_domains=len(domains))
        self.by_owner: dict[int, list[int]] = {u: [] for u in OWNER_WEIGHTS}
        for i, o in enumerate(owners):
            self.by_owner[o].append(i)

    # Contacts ------------------------------------------------------------------------
    def contacts(self) -> None:
        rng, S, ts = self.rng, self.S, self.bulk.ts
        n = S.companies
        counts = [1] * n
        weights = [math.sqrt(e) for e in self.c_emp]
        for i in rng.choices(range(n), weights=weights, k=max(0, S.contacts - n)):
            counts[i] += 1
        self.k_start, self.k_count = [], counts
        self.k_first: list[str] = []
        self.k_last: list[str] = []
        self.k_email: list[str] = []
        rows, pairs = [], []
        kid = 0
        slugs: dict[str, str] = {}

        def slug(word: str) -> str:
            if word not in slugs:
                slugs[word] = ascii_slug(word) or "x"
            return slugs[word]

        for i in range(n):
            self.k_start.append(kid + 1)
            loc = REGIONS[self.c_region[i]][1]
            firsts, lasts = self.pools.first[loc], self.pools.last[loc]
            used: set[str] = set()
            created_c = self.c_created[i]
            span = (self.now - created_c).total_seconds()
            life = "customer" if self.c_life[i] in PAYING else self.c_life[i]
            for _ in range(counts[i]):
                kid += 1
                first, last = rng.choice(firsts), rng.choice(lasts)
                f, la = slug(first), slug(last)
                local = rng.choice((f"{f}.{la}", f"{f}.{la}", f"{f[:1]}{la}", f))
                base, k = local, 2
                while local in used:
                    local, k = f"{base}{k}", k + 1
                used.add(local)
                email = f"{local}@{self.c_domain[i]}"
                created = created_c + timedelta(seconds=int(span * 0.6 * rng.random()))
                updated = created + (self.now - created) * rng.random()
                rows.append(
                    (
                        kid,
                        first,
                        last,
                        email,
                        phone(rng, self.c_region[i]) if rng.random() < 0.6 else None,
                        rng.choice(JOB_TITLES),
                        self.c_owner[i],
                        ts(created),
                        ts(updated.replace(microsecond=0)),
                        life,
                        "{}",
                        1,
                    )
                )
                pairs.append(("company", i + 1, "contact", kid, created))
                self.k_first.append(first)
                self.k_last.append(last)
                self.k_email.append(email)
        self.bulk.insert(
            Contact.__table__,
            (
                "id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "job_title",
                "owner_id",
                "created_at",
                "updated_at",
                "lifecycle_stage",
                "custom",
                "version",
            ),
            rows,
        )
        self.write_assocs(pairs)
        self.summary["contacts"] = kid

    def contact_of(self, i: int) -> int:
        return self.k_start[i] + int(self.rng.random() * self.k_count[i])

    # Pipeline records ----------------------------------------------------------------
    def records(self) -> None:
        rng, S = self.rng, self.S
        n = S.companies
        paying = [i for i in range(n) if self.c_life[i] in PAYING] or list(range(n))
        prospects = [i for i in range(n) if self.c_life[i] in ("opportunity", "lead")] or paying
        former = [i for i in range(n) if self.c_life[i] == "former_customer"]
        self.rec_rows: list[tuple] = []
        self.hist: list[tuple] = []
        self.rec_pairs: list[tuple] = []
        self.c_records: dict[int, list[int]] = {}

        for _ in range(S.deals):
            if rng.random() < 0.65:
                i = rng.choice(prospects if rng.random() < 0.35 else paying)
                self.deal(i, "sales")
            else:
                self.deal(rng.choice(paying), "renewals")
        subs = _distinct(rng, paying + former, S.subscriptions)
        for i in subs:
            self.subscription(i)
        recent = sorted(paying, key=lambda i: self.c_created[i], reverse=True)
        for i in rng.choices(recent, weights=[1 / (1 + k / 50) for k in range(len(recent))], k=S.projects):
            self.project(i)
        for _ in range(S.services):
            self.service(rng.choice(paying))
        for i in rng.choices(paying, weights=[self.k_count[i] for i in paying], k=S.tickets):
            self.ticket(i)
        for i in _distinct(rng, paying, S.implementations):
            self.implementation(i)
        ts = self.bulk.ts
        self.bulk.insert(
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
                    self.bulk.day(r[7]),
                    r[8],
                    ts(r[9]),
                    ts(r[10]),
                    ts(r[11]),
                    r[12],
                    1,
                )
                for r in self.rec_rows
            ),
        )
        self.write_assocs(self.rec_pairs)
        for r in self.rec_rows:
            self.summary[r[1] + "s"] = self.summary.get(r[1] + "s", 0) + 1
        del self.rec_rows, self.rec_pairs

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
        rid = len(self.rec_rows) + 1
        created = max(created, self.c_created[i])
        entered = created + (self.now - created) * rng.uniform(0.1, 0.9) if stage != pipe.stages[0] else created
        entered = entered.replace(microsecond=0)
        self.rec_rows.append(
            (
                rid,
                obj,
                name,
                pipe.id,
                stage.id,
                owner or self.c_owner[i],
                amount,
                close,
                priority,
                created,
                entered,
                entered,
                self.bulk.js(custom or {}),
            )
        )
        self.rec_pairs.append(("company", i + 1, obj, rid, created))
        if contact:
            self.rec_pairs.append(("contact", self.contact_of(i), obj, rid, created))
        if obj in ("deal", "ticket", "project"):
            self.c_records.setdefault(i, []).append(rid)
        first = pipe.stages[0].id
        self.hist.append((obj, rid, "stage_id", None, str(first), created))
        if stage.id != first:
            self.hist.append((obj, rid, "stage_id", str(first), str(stage.id), entered))

    def deal(self, i: int, pipe: str) -> None:
        rng, name = self.rng, self.c_name[i]
        if pipe == "sales":
            stage = rng.choice(SALES_STAGES)
            kind = rng.choice(DEAL_KINDS).format(n=rng.choice((5, 10, 25, 50)), module=rng.choice(MODULES))
            amount = round(min(400_000, max(1_500, math.exp(rng.gauss(math.log(15_000), 0.8)))), -2)
            custom = {"deal_type": "new_business" if self.c_life[i] not in PAYING else "expansion"}
            title = f"{name} — {kind}"
        else:
            stage = rng.choice(RENEWAL_STAGES)
            amount = self.c_arr[i] or 10_000.0
            custom = {"deal_type": "renewal"}
            title = f"{name} — Renewal {(self.c_renewal[i] or self.today).year}"
        closed = stage in ("Closed won", "Closed lost", "Renewed", "Churned")
        if closed:
            close = self.today - timedelta(days=rng.randint(1, 365))
        elif pipe == "renewals" and self.c_renewal[i]:
            close = max(self.c_renewal[i], self.today + timedelta(days=rng.randint(1, 20)))
        else:
            close = self.today + timedelta(days=rng.randint(3, 120))
        if stage in ("Closed lost", "Churned"):
            custom["closed_lost_reason"] = rng.choice(("price", "competitor", "no_budget", "timing", "no_decision"))
        created = datetime.combine(close, time(8)) - timedelta(days=rng.randint(20, 160), minutes=rng.randint(0, 600))
        self._record(
            i,
            "deal",
            title,
            pipe,
            stage,
            amount=amount,
            close=close,
            created=min(created, self.ago(2)),
            custom=custom,
            contact=True,
        )

    def subscription(self, i: int) -> None:
        rng = self.rng
        if self.c_life[i] == "former_customer":
            stage = "Cancelled"
        else:
            stage = rng.choice(SUBSCRIPTION_STAGES)
        plan = (
            "Starter" if (self.c_arr[i] or 0) < 20_000 else "Professional" if self.c_arr[i] < 100_000 else "Enterprise"
        )
        custom = {
            "billing_period": "annual" if rng.random() < 0.8 else "monthly",
            "seats": rng.choice((5, 10, 15, 25, 40, 60, 100, 250)),
        }
        self._record(
            i,
            "subscription",
            f"{self.c_name[i]} — {plan} plan",
            "subscriptions",
            stage,
            amount=self.c_arr[i],
            close=self.c_renewal[i],
            created=self.c_created[i],
            custom=custom,
        )

    def project(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(PROJECT_STAGES)
        created = self.ago(rng.uniform(3, 300))
        close = None
        if stage in ("Go-live", "Completed") or rng.random() < 0.6:
            close = (created + timedelta(days=rng.randint(30, 120))).date()
            if stage == "Completed":
                close = min(close, self.today - timedelta(days=1))
        name = rng.choice(PROJECT_NAMES).format(company=self.c_name[i], module=rng.choice(MODULES))
        self._record(
            i, "project", name, "onboarding", stage, close=close, created=created, owner=self.c_csm[i], contact=True
        )

    def service(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(SERVICE_STAGES)
        created = self.ago(rng.uniform(5, 400))
        close = (created + timedelta(days=rng.randint(14, 90))).date()
        amount = round(rng.uniform(2_000, 40_000), -2) if stage != "Scoping" or rng.random() < 0.5 else None
        name = rng.choice(SERVICE_NAMES).format(company=self.c_name[i])
        self._record(i, "service", name, "services", stage, amount=amount, close=close, created=created)

    def ticket(self, i: int) -> None:
        rng = self.rng
        stage = rng.choice(TICKET_STAGES)
        created = self.ago(rng.uniform(0.05, 30) if stage != "Closed" else rng.uniform(2, 180))
        close = (created + timedelta(days=rng.randint(0, 10))).date() if stage == "Closed" else None
        priority = rng.choice(TICKET_PRIORITIES)
        subject, category = rng.choice(TICKET_SUBJECTS)
        if close:
            close = min(close, self.today)
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
        created = self.ago(rng.uniform(10, 400))
        custom = {"modules": rng.choice(MODULES).lower()}
        if stage != "Planning" or rng.random() < 0.5:
            custom["implementation_partner"] = rng.choice(PARTNERS)
        if stage in ("Go-live", "Live") or rng.random() < 0.5:
            custom["go_live_date"] = (created + timedelta(days=rng.randint(30, 150))).date().isoformat()
        self._record(
            i,
            "implementation",
            f"{self.c_name[i]} implementation",
            "implementation",
            stage,
            created=created,
            custom=custom,
            owner=self.c_csm[i],
        )

    # Follows -------------------------------------------------------------------------
    def follows(self) -> Iterator[tuple]:
        ts = self.bulk.ts
        for u, mine in self.by_owner.items():
            for i in self.rng.sample(mine, min(8, len(mine))):
                yield (u, "company", i + 1, ts(self.ago(self.rng.uniform(1, 200))))

    def write_follows(self) -> None:
        self.summary["follows"] = self.bulk.insert(
            Follow.__table__, ("user_id", "object_type", "object_id", "created_at"), self.follows()
        )


def _distinct(rng: random.Random, pool: list[int], k: int) -> list[int]:
    """k picks without repeats while the pool lasts, then with repeats."""
    if k <= len(pool):
        return rng.sample(pool, k)
    return pool + rng.choices(pool, k=k - len(pool))
