"""The demo's contacts: people at each company, with unique e-mail addresses on its domain."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import timedelta

from cslib.demo.clock import Clock
from cslib.demo.companies import PAYING, Companies
from cslib.demo.names import JOB_TITLES, Pools, ascii_slug
from cslib.demo.regions import REGIONS, phone
from cslib.demo.writer import Writer
from cslib.models import Contact


@dataclass
class Contacts:
    """Contacts by company: company index i has ids start[i] .. start[i] + count[i] - 1;
    first, last and email are by contact id - 1."""

    count: list[int]
    start: list[int] = field(default_factory=list)
    first: list[str] = field(default_factory=list)
    last: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)

    def pick(self, rng: random.Random, i: int) -> int:
        """A contact id of company index i."""
        return self.start[i] + int(rng.random() * self.count[i])


def write_contacts(out: Writer, rng: random.Random, pools: Pools, clock: Clock, c: Companies, total: int) -> Contacts:
    """Write about `total` contacts (at least one per company, more at larger companies) and
    link each to its company; returns what later rows need of them."""
    ts = out.bulk.ts
    n = len(c)
    counts = [1] * n
    weights = [math.sqrt(e) for e in c.employees]
    for i in rng.choices(range(n), weights=weights, k=max(0, total - n)):
        counts[i] += 1
    made = Contacts(count=counts)
    rows, pairs = [], []
    kid = 0
    slugs: dict[str, str] = {}

    def slug(word: str) -> str:
        if word not in slugs:
            slugs[word] = ascii_slug(word) or "x"
        return slugs[word]

    for i in range(n):
        made.start.append(kid + 1)
        loc = REGIONS[c.region[i]][1]
        firsts, lasts = pools.first[loc], pools.last[loc]
        used: set[str] = set()
        created_c = c.created[i]
        span = (clock.now - created_c).total_seconds()
        life = "customer" if c.life[i] in PAYING else c.life[i]
        for _ in range(counts[i]):
            kid += 1
            first, last = rng.choice(firsts), rng.choice(lasts)
            f, la = slug(first), slug(last)
            local = rng.choice((f"{f}.{la}", f"{f}.{la}", f"{f[:1]}{la}", f))
            base, k = local, 2
            while local in used:
                local, k = f"{base}{k}", k + 1
            used.add(local)
            email = f"{local}@{c.domain[i]}"
            created = created_c + timedelta(seconds=int(span * 0.6 * rng.random()))
            updated = created + (clock.now - created) * rng.random()
            rows.append(
                (
                    kid,
                    first,
                    last,
                    email,
                    phone(rng, c.region[i]) if rng.random() < 0.6 else None,
                    rng.choice(JOB_TITLES),
                    c.owner[i],
                    ts(created),
                    ts(updated.replace(microsecond=0)),
                    life,
                    "{}",
                    1,
                )
            )
            pairs.append(("company", i + 1, "contact", kid, created))
            made.first.append(first)
            made.last.append(last)
            made.email.append(email)
    out.bulk.insert(
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
    out.associations(pairs)
    out.summary["contacts"] = kid
    return made
