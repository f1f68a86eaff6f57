"""How many rows of each kind the demo writes, per scale."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


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
