"""The demo's customer base: companies, contacts, pipeline records, tasks, meetings,
activities, property history and follows, for both scales.

Rows are plain tuples with explicit ids, built from one `random.Random` in a fixed order
(same seed and `now` → same data) and written with `cslib.bulk.Bulk`. All times are
relative to `now`, so "due today", "renewals in the next 90 days" and "last 30 days"
always have content. Times are naive UTC inside this module.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cslib.bulk import Bulk, association_row
from cslib.demo.accounts import DEMO_ACCOUNTS, USER_IDS
from cslib.demo.engagement import Engagement
from cslib.demo.names import JOB_TITLES, PAYING, CompanyNamer, Pools, ascii_slug
from cslib.demo.rand import bag
from cslib.demo.records import PipelineRecords
from cslib.demo.regions import REGION_WEIGHTS, REGIONS, phone
from cslib.demo.workspace import PipelineInfo
from cslib.models import Association, Company, CompanyDomain, Contact, Follow
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
NPS_WEIGHTS = (2, 1, 1, 2, 2, 4, 6, 12, 15, 25, 30)  # likelihood-to-recommend 0..10
INDUSTRY_KEYS = [k for k, _ in INDUSTRIES]


LIFECYCLE_BAG = bag(LIFECYCLE)
NPS_BAG = bag(zip(range(11), NPS_WEIGHTS, strict=True))


class DemoData(PipelineRecords):
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
