"""Names of companies and people for the demo, and the Faker pools they come from.

Faker is slow per call (~80 µs), so it is called only to fill pools once (sized to the
dataset); rows are then built from the pools with `random.Random` choices.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from faker import Faker

from cslib.demo.regions import REGIONS

# Descriptor -> industry key (cslib.properties.INDUSTRIES).
DESCRIPTORS = {
    "Software": "computer_software",
    "Analytics": "computer_software",
    "Cloud": "computer_software",
    "Systems": "computer_software",
    "Labs": "computer_software",
    "Data": "computer_software",
    "Security": "computer_software",
    "Digital": "marketing_and_advertising",
    "Payments": "financial_services",
    "Capital": "financial_services",
    "Finance": "financial_services",
    "Insurance": "financial_services",
    "Health": "health_care",
    "Pharma": "health_care",
    "Medical": "health_care",
    "Retail": "retail",
    "Foods": "retail",
    "Apparel": "retail",
    "Manufacturing": "manufacturing",
    "Industries": "manufacturing",
    "Robotics": "manufacturing",
    "Engineering": "manufacturing",
    "Logistics": "logistics",
    "Freight": "logistics",
    "Learning": "education",
    "Academy": "education",
    "Marketing": "marketing_and_advertising",
    "Media": "media",
    "Studios": "media",
    "Properties": "real_estate",
    "Realty": "real_estate",
    "Telecom": "telecommunications",
    "Networks": "telecommunications",
    "Hotels": "hospitality",
    "Travel": "hospitality",
    "Energy": "energy",
    "Solar": "energy",
    "Construction": "construction",
    "Builders": "construction",
    "Legal": "legal_services",
    "Foundation": "non-profit",
    "Consulting": "computer_software",
    "Solutions": "computer_software",
    "Partners": "financial_services",
}
BRAND_HEADS = (
    "Blue",
    "North",
    "Bright",
    "Clear",
    "Swift",
    "Silver",
    "Green",
    "Red",
    "High",
    "True",
    "Iron",
    "Sun",
    "Star",
    "Oak",
    "Pine",
    "Cedar",
    "Maple",
    "River",
    "Lake",
    "Stone",
    "Cloud",
    "Sky",
    "Wave",
    "Peak",
    "Harbor",
    "Summit",
    "Nova",
    "Terra",
    "Aqua",
    "Vertex",
    "Quantum",
    "Pixel",
    "Zen",
    "Vivid",
    "Nimble",
    "Bold",
    "Keen",
    "Lumen",
    "Orbit",
    "Atlas",
    "Echo",
    "Polar",
    "Urban",
    "Prime",
    "Core",
    "Fjord",
    "Nord",
    "Amber",
    "Coral",
    "Falcon",
    "Fox",
    "Wolf",
    "Bear",
    "Hawk",
    "Raven",
    "Copper",
    "Granite",
    "Crystal",
    "Golden",
)
BRAND_TAILS = (
    "peak",
    "wind",
    "path",
    "field",
    "stone",
    "bridge",
    "wave",
    "leaf",
    "point",
    "gate",
    "line",
    "works",
    "hub",
    "forge",
    "craft",
    "spring",
    "light",
    "scale",
    "stack",
    "loop",
    "mint",
    "nest",
    "flow",
    "ridge",
    "shore",
    "vale",
    "crest",
    "port",
    "bay",
    "wood",
    "rock",
    "base",
    "mark",
    "sight",
    "cast",
    "beam",
    "ly",
    "io",
    "ify",
    "able",
)
US_SUFFIXES = ("Inc.", "Inc.", "LLC", "Corp.", "Co.", "Group", "", "", "")
DK_SUFFIXES = ("A/S", "ApS", "ApS", "")
PL_SUFFIXES = ("Sp. z o.o.", "Sp. z o.o.", "S.A.", "sp.k.", "")
EU_SUFFIXES = ("Ltd", "GmbH", "B.V.", "AB", "")
LEGAL_WORDS = re.compile(
    r"\b(inc|llc|corp|co|ltd|gmbh|b\.v|ab|a/s|aps|sp\. z o\.o|s\.a|sp\.k|s\.c|sp\.j|i syn|and sons|group|plc)\b\.?",
    re.IGNORECASE,
)

JOB_TITLES = (
    "CEO",
    "COO",
    "CFO",
    "CTO",
    "VP of Customer Success",
    "VP of Operations",
    "VP of Sales",
    "Head of Customer Experience",
    "Head of IT",
    "Head of Marketing",
    "Head of Product",
    "Director of Operations",
    "Director of Finance",
    "IT Manager",
    "Operations Manager",
    "Procurement Manager",
    "Marketing Manager",
    "Product Manager",
    "Project Manager",
    "Customer Support Lead",
    "Sales Operations Manager",
    "Business Analyst",
    "Data Analyst",
    "Office Manager",
    "Systems Administrator",
    "Software Engineer",
    "Account Manager",
    "HR Manager",
    "Finance Manager",
    "Revenue Operations Lead",
)
_TRANSLIT = str.maketrans(
    {"ø": "oe", "æ": "ae", "å": "aa", "ł": "l", "ß": "ss", "Ø": "oe", "Æ": "ae", "Å": "aa", "Ł": "l"}
)


def ascii_slug(text: str, sep: str = "") -> str:
    """Lower-case ASCII letters and digits: 'Søndergaard & Søn' -> 'soendergaardsoen'."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    text = text.encode("ascii", "ignore").decode().lower()
    return sep.join(re.findall(r"[a-z0-9]+", text))


@dataclass
class Pools:
    first: dict[str, list[str]]
    last: dict[str, list[str]]
    faker_companies: dict[str, list[str]]
    catch_phrases: list[str]


def build_pools(seed: int, companies: int) -> Pools:
    """Faker pools sized for `companies` (small demo: a few hundred calls per locale)."""
    fake = Faker(["en_US", "da_DK", "pl_PL"])
    fake.seed_instance(seed)
    size = max(60, min(1_500, companies // 2))
    first, last, fc = {}, {}, {}
    for loc in ("en_US", "da_DK", "pl_PL"):
        f = fake[loc]
        n = size if loc == "en_US" else max(40, size // 3)
        first[loc] = _unique(f.first_name() for _ in range(n))
        last[loc] = _unique(f.last_name() for _ in range(n))
        fc[loc] = _unique(f.company() for _ in range(max(20, n // 4)))
    phrases = _unique(fake["en_US"].catch_phrase() for _ in range(max(50, min(400, companies // 4))))
    return Pools(first, last, fc, phrases)


def _unique(values) -> list[str]:  # noqa: ANN001
    """Keep first occurrences in order (deterministic, unlike a set)."""
    return list(dict.fromkeys(values))


class CompanyNamer:
    """Unique company names and unique ASCII domains, built from the pools."""

    def __init__(self, rng: random.Random, pools: Pools):
        self.rng, self.pools = rng, pools
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self._desc = list(DESCRIPTORS)

    def name(self, region: str) -> tuple[str, str]:
        """(name, industry key)."""
        rng = self.rng
        loc = REGIONS[region][1]
        for attempt in range(50):
            desc = rng.choice(self._desc)
            style = rng.random()
            if loc == "en_US" and region != "us":
                suffixes = EU_SUFFIXES
            else:
                suffixes = {"en_US": US_SUFFIXES, "da_DK": DK_SUFFIXES, "pl_PL": PL_SUFFIXES}[loc]
            if style < 0.12 and attempt < 5:
                name = rng.choice(self.pools.faker_companies[loc])
                industry = None
            elif style < 0.5:
                base = f"{rng.choice(self.pools.last[loc])} {desc}"
                name = f"{base} {rng.choice(suffixes)}".strip()
                industry = DESCRIPTORS[desc]
            else:
                brand = rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS)
                name = f"{brand} {desc}" if rng.random() < 0.7 else brand
                if rng.random() < 0.4:
                    name = f"{name} {rng.choice(suffixes)}".strip()
                industry = DESCRIPTORS[desc] if desc in name else None
            if attempt >= 40:
                name = f"{name} {REGIONS[region][3][attempt % len(REGIONS[region][3])]}"
            if name not in self.names:
                self.names.add(name)
                return name, industry
        raise RuntimeError("could not make a unique company name")  # pragma: no cover

    def domains_for(self, name: str, region: str, extra: int) -> list[str]:
        """A primary domain from the name, plus `extra` secondary ones; all unique."""
        rng = self.rng
        tlds = REGIONS[region][2]
        stem = ascii_slug(LEGAL_WORDS.sub(" ", name.replace("&", " ")))[:40] or "company"
        primary = stem + rng.choice(tlds)
        others = [
            d
            for d in (
                f"{stem}.com",
                f"{stem}.io",
                f"get{stem}.com",
                f"{stem}app.com",
                f"{stem}-{region}.com",
                f"{stem}group.com",
                f"try{stem}.com",
            )
            if d != primary and d not in self.domains
        ]
        candidates = [primary] + rng.sample(others, min(extra, len(others)))
        out: list[str] = []
        for cand in candidates:
            dom, n = cand, 2
            while dom in self.domains or dom in out:
                head, _, tail = cand.partition(".")
                dom = f"{head}{n}.{tail}"
                n += 1
            out.append(dom)
            self.domains.add(dom)
        return out
