"""The demo's companies (with their domains) and the follows of their owners.

Choices worth knowing: `companies.nps` holds the likelihood-to-recommend answer 0–10 of the
customer's last survey (None: never answered); promoters 9–10, detractors 0–6. Owners are
mostly the four CSMs; the CSM owner is usually the owner.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cslib.demo.accounts import USER_IDS
from cslib.demo.clock import Clock
from cslib.demo.names import CompanyNamer, Pools
from cslib.demo.rand import bag
from cslib.demo.regions import REGION_WEIGHTS, REGIONS, phone
from cslib.demo.writer import Writer
from cslib.models import Company, CompanyDomain, Follow
from cslib.properties import INDUSTRIES

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
# Lifecycle stages of customers who pay (companies, subscriptions and renewals follow them).
PAYING = ("customer", "evangelist")
NPS_WEIGHTS = (2, 1, 1, 2, 2, 4, 6, 12, 15, 25, 30)  # likelihood-to-recommend 0..10
INDUSTRY_KEYS = [k for k, _ in INDUSTRIES]


LIFECYCLE_BAG = bag(LIFECYCLE)
NPS_BAG = bag(zip(range(11), NPS_WEIGHTS, strict=True))


@dataclass
class Companies:
    """What later rows need of each company: index i is the company with id i + 1."""

    region: list[str]
    owner: list[int]
    csm: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    created: list[datetime] = field(default_factory=list)
    life: list[str] = field(default_factory=list)
    renewal: list[date | None] = field(default_factory=list)
    arr: list[float | None] = field(default_factory=list)
    employees: list[int] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    by_owner: dict[int, list[int]] = field(default_factory=dict)  # owner id -> company indexes

    def __len__(self) -> int:
        return len(self.region)


def write_companies(out: Writer, rng: random.Random, pools: Pools, clock: Clock, n: int) -> Companies:
    """Write `n` companies and their domains; returns what later rows need of them."""
    ts, js = out.bulk.ts, out.bulk.js
    namer = CompanyNamer(rng, pools)
    regions = rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()), k=n)
    owners = rng.choices(list(OWNER_WEIGHTS), weights=list(OWNER_WEIGHTS.values()), k=n)
    c = Companies(region=regions, owner=owners)
    rows, domains = [], []
    for i in range(n):
        cid, region = i + 1, regions[i]
        country, _, _, cities, _ = REGIONS[region]
        name, industry = namer.name(region)
        extra = rng.choice((1, 1, 2)) if rng.random() < 0.15 else 0
        doms = namer.domains_for(name, region, extra)
        for k, d in enumerate(doms):
            domains.append((len(domains) + 1, cid, d, k == 0))
        life = rng.choice(LIFECYCLE_BAG)
        recent = rng.random() < 0.05
        created = clock.ago(rng.uniform(1, 30) if recent else rng.uniform(30, 1460))
        arr = renewal = nps = None
        if life in PAYING:
            arr = round(min(500_000, max(5_000, math.exp(rng.gauss(math.log(30_000), 0.9)))), -2)
            renewal = clock.today + timedelta(days=rng.randint(-60, 365))
            if rng.random() < 0.8:
                nps = rng.choice(NPS_BAG)
                if life == "evangelist":
                    nps = max(nps, 9)
        elif life == "former_customer":
            renewal = clock.today - timedelta(days=rng.randint(60, 400))
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
        updated = created + (clock.now - created) * rng.random()
        city = rng.choice(cities)
        description = None
        if rng.random() < 0.7:
            description = f"{rng.choice(pools.catch_phrases)}. Based in {city}."
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
                out.bulk.day(renewal),
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
        c.csm.append(csm)
        c.name.append(name)
        c.created.append(created)
        c.life.append(life)
        c.renewal.append(renewal)
        c.arr.append(arr)
        c.employees.append(employees)
        c.domain.append(doms[0])
        c.city.append(city)
    out.bulk.insert(
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
    out.bulk.insert(CompanyDomain.__table__, ("id", "company_id", "domain", "is_primary"), domains)
    out.summary.update(companies=n, company_domains=len(domains))
    c.by_owner = {u: [] for u in OWNER_WEIGHTS}
    for i, o in enumerate(owners):
        c.by_owner[o].append(i)
    return c


def write_follows(out: Writer, rng: random.Random, clock: Clock, c: Companies) -> None:
    """Each owner follows up to eight of their companies."""
    ts = out.bulk.ts

    def follows() -> Iterator[tuple]:
        for u, mine in c.by_owner.items():
            for i in rng.sample(mine, min(8, len(mine))):
                yield (u, "company", i + 1, ts(clock.ago(rng.uniform(1, 200))))

    out.summary["follows"] = out.bulk.insert(
        Follow.__table__, ("user_id", "object_type", "object_id", "created_at"), follows()
    )
