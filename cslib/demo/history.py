"""The demo's property history: who owns each company since when, its lifecycle steps and
ARR changes, and the stage changes of pipeline records."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from cslib.demo.accounts import USER_IDS
from cslib.demo.clock import Clock
from cslib.demo.companies import Companies
from cslib.demo.writer import Writer
from cslib.models import PropertyHistory


def write_property_history(
    out: Writer, rng: random.Random, clock: Clock, c: Companies, stage_history: list[tuple]
) -> None:
    """Write the companies' owner, lifecycle and ARR changes, then the records' stage changes."""
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

    def rows() -> Iterator[tuple]:
        ts, now = out.bulk.ts, clock.now
        hid = 0
        manager = USER_IDS["manager"]

        def between(lo: datetime, hi: datetime) -> datetime:
            return (lo + (hi - lo) * rng.random()).replace(microsecond=0)

        for i in range(len(c)):
            cid, created = i + 1, c.created[i]
            rows = []
            for prop, value in (("owner_id", c.owner[i]), ("csm_owner_id", c.csm[i])):
                at = max(clock.ago(rng.uniform(0, 120)), created + timedelta(minutes=5))
                rows.append((prop, None, str(value), at, manager, "import"))
            life, owner = c.life[i], c.owner[i]
            if life in ("customer", "evangelist", "former_customer"):
                won = between(created, min(now, created + timedelta(days=200)))
                rows.append(("lifecycle_stage", "lead", "opportunity", between(created, won), owner, "demo"))
                rows.append(("lifecycle_stage", "opportunity", "customer", won, owner, "demo"))
                if life == "evangelist":
                    rows.append(("lifecycle_stage", "customer", "evangelist", between(won, now), owner, "demo"))
                if life == "former_customer":
                    churn = datetime.combine(c.renewal[i], time(12))
                    rows.append(("lifecycle_stage", "customer", "former_customer", max(churn, won), owner, "demo"))
            if c.arr[i] and rng.random() < 0.4:
                old = round(c.arr[i] * rng.uniform(0.6, 0.95), -2)
                rows.append(
                    (
                        "arr",
                        f"{old:.0f}",
                        f"{c.arr[i]:.0f}",
                        max(clock.ago(rng.uniform(5, 365)), created),
                        owner,
                        "demo",
                    )
                )
            rows.sort(key=lambda r: r[3])
            for prop, old, new, at, by, source in rows:
                hid += 1
                yield (hid, "company", cid, prop, old, new, ts(at), by, source)
        for obj, rid, prop, old, new, at in stage_history:
            hid += 1
            yield (hid, obj, rid, prop, old, new, ts(at), None, "demo")

    out.summary["property_history"] = out.bulk.insert(PropertyHistory.__table__, cols, rows())
