"""Word lists and name pools for the demo data.

Faker is slow per call (~80 µs), so it is called only to fill pools once (sized to the
dataset); rows are then built from the pools with `random.Random` choices.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from faker import Faker

# Country key -> (country name, Faker locale for people and company names, domain TLDs
# with weights, real cities, phone pattern).
REGIONS = {
    "us": (
        "United States",
        "en_US",
        (".com", ".com", ".com", ".com", ".io", ".co", ".net"),
        (
            "New York",
            "San Francisco",
            "Austin",
            "Chicago",
            "Boston",
            "Seattle",
            "Denver",
            "Atlanta",
            "Los Angeles",
            "Miami",
            "Portland",
            "Minneapolis",
            "Raleigh",
            "Salt Lake City",
            "Nashville",
            "Philadelphia",
            "San Diego",
            "Pittsburgh",
            "Columbus",
            "Phoenix",
        ),
        ("+1 ({}) 555-{}", (3, 4)),
    ),
    "dk": (
        "Denmark",
        "da_DK",
        (".dk", ".dk", ".dk", ".com"),
        (
            "København",
            "Aarhus",
            "Odense",
            "Aalborg",
            "Esbjerg",
            "Vejle",
            "Kolding",
            "Horsens",
            "Roskilde",
            "Herning",
            "Silkeborg",
            "Randers",
        ),
        ("+45 {} {} {} {}", (2, 2, 2, 2)),
    ),
    "pl": (
        "Poland",
        "pl_PL",
        (".pl", ".pl", ".pl", ".com", ".com.pl"),
        (
            "Warszawa",
            "Kraków",
            "Wrocław",
            "Gdańsk",
            "Poznań",
            "Łódź",
            "Katowice",
            "Lublin",
            "Szczecin",
            "Bydgoszcz",
            "Białystok",
            "Rzeszów",
        ),
        ("+48 {} {} {}", (3, 3, 3)),
    ),
    "gb": (
        "United Kingdom",
        "en_US",
        (".co.uk", ".co.uk", ".com"),
        ("London", "Manchester", "Bristol", "Edinburgh", "Leeds", "Cambridge"),
        ("+44 20 {} {}", (4, 4)),
    ),
    "de": (
        "Germany",
        "en_US",
        (".de", ".de", ".com"),
        ("Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt", "Stuttgart"),
        ("+49 30 {}", (8,)),
    ),
    "nl": (
        "Netherlands",
        "en_US",
        (".nl", ".com"),
        ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "The Hague"),
        ("+31 20 {} {}", (3, 4)),
    ),
    "se": (
        "Sweden",
        "en_US",
        (".se", ".com"),
        ("Stockholm", "Gothenburg", "Malmö", "Uppsala"),
        ("+46 8 {} {} {}", (3, 2, 2)),
    ),
}
REGION_WEIGHTS = {"us": 55, "dk": 15, "pl": 15, "gb": 6, "de": 4, "nl": 3, "se": 2}

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


class DemoRandom(random.Random):
    """random.Random with cheaper choice/randint (one `random()` call each; the stock ones
    loop over getrandbits). Still fully determined by the seed."""

    def choice(self, seq):  # noqa: ANN001, ANN201
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def bag(pairs) -> tuple:  # noqa: ANN001
    """(value, integer weight) pairs → a tuple with each value `weight` times, for a cheap
    weighted `rng.choice`."""
    return tuple(v for v, w in pairs for _ in range(w))


def phone(rng: random.Random, region: str) -> str:
    """A phone number in the region's format; the first digit of the number is 2–9."""
    fmt, groups = REGIONS[region][4]
    digits = f"{2 + int(rng.random() * 8)}{int(rng.random() * 1e11):011d}"
    parts, pos = [], 0
    for g in groups:
        parts.append(digits[pos : pos + g])
        pos += g
    return fmt.format(*parts)


# Texts for tasks, meetings and activities ------------------------------------------------
TASK_TEMPLATES = (
    ("todo", "Quarterly business review with {company}"),
    ("todo", "Prepare renewal proposal for {company}"),
    ("call", "Call {contact} about product usage"),
    ("email", "Send onboarding checklist to {contact}"),
    ("todo", "Review health score of {company}"),
    ("call", "Renewal check-in with {contact} ({company})"),
    ("email", "Email {contact} the release notes"),
    ("todo", "Confirm go-live date with {company}"),
    ("call", "Executive sponsor call with {contact}"),
    ("todo", "Upsell conversation: {company}"),
    ("email", "Follow up with {contact} on open support ticket"),
    ("todo", "Update success plan for {company}"),
    ("call", "Introduce the new support process to {contact}"),
    ("email", "Share QBR deck with {contact}"),
    ("todo", "Check {module} adoption at {company}"),
    ("todo", "Plan {module} training for {company}"),
)
TASK_NOTES = (
    "Bring usage numbers for the last quarter.",
    "They asked about SSO pricing.",
    "Champion is leaving in March; find a new sponsor.",
    "Check open tickets before the call.",
    "Renewal is multi-year; loop in finance.",
    "Send the recap afterwards.",
)
MEETING_TEMPLATES = (
    "QBR — {company}",
    "Onboarding session: {company}",
    "Renewal discussion with {company}",
    "Product roadmap review with {company}",
    "Check-in with {first} ({company})",
    "Training: {module} for {company}",
    "Executive business review — {company}",
    "Kick-off call: {company}",
    "Health check with {first} ({company})",
)
MEETING_AGENDAS = (
    "Agenda: adoption since last review, open tickets, goals for next quarter.",
    "Agenda: renewal terms, seat count, roadmap questions.",
    "Agenda: walk through the admin settings and reporting.",
    "Agenda: success plan review and next steps.",
)
NOTE_TEMPLATES = (
    "Spoke with {first} about the renewal. Budget is approved; waiting for legal.",
    "{first} reports the team uses the reporting module daily. Asked for a training on dashboards.",
    "Usage dropped after their reorg. {first} will re-introduce us to the new ops lead.",
    "Great QBR. {company} wants to expand to the sales team next quarter.",
    "{first} raised concerns about response times on support tickets. Escalated internally.",
    "Sent the success plan. {first} will review with their VP.",
    "Integration with their ERP is live. Next: SSO.",
    "{company} is evaluating a competitor for one department. Schedule exec call.",
    "Kick-off went well; {first} owns the project on their side.",
)
CALL_NOTES = (
    "Discussed adoption and next steps.",
    "Left a voicemail about the renewal.",
    "Walked through the new reporting features.",
    "Agreed to a QBR next month.",
    "Quick sync on the open ticket.",
    "Talked through seat count for renewal.",
)
CALL_OUTCOMES = (("connected", 60), ("left_voicemail", 18), ("no_answer", 14), ("busy", 5), ("wrong_number", 3))
CSM_EMAIL_SUBJECTS = (
    "Your quarterly review — {company}",
    "Renewal options for {company}",
    "Following up on our call",
    "Training materials as promised",
    "New features you asked about",
    "Next steps for your rollout",
    "Checking in",
    "Invitation: customer advisory board",
    "Your success plan for next quarter",
)
CSM_EMAIL_BODIES = (
    "Hi {first}, thanks for your time today. As promised, here is a summary and the next steps.",
    "Hi {first}, your renewal is coming up. Shall we find 30 minutes to go through the options?",
    "Hi {first}, attached are the slides and the recording from our session.",
    "Hi {first}, just checking in — how is the rollout going on your side?",
)
MARKETING_SUBJECTS = (
    "Product update: faster dashboards",
    "Webinar: Customer success in 2026",
    "Your monthly usage report",
    "New: automation templates",
    "Customer story: how teams cut churn",
    "Invitation: user conference",
    "Tips: get more out of reporting",
    "Security update",
)
PAGES = (
    ("Pricing", "https://www.example.com/pricing"),
    ("Release notes", "https://www.example.com/releases"),
    ("Integrations", "https://www.example.com/integrations"),
    ("Help center: SSO setup", "https://help.example.com/sso"),
    ("Help center: exporting data", "https://help.example.com/export"),
    ("Case studies", "https://www.example.com/customers"),
    ("Enterprise plan", "https://www.example.com/enterprise"),
    ("Blog: health scores explained", "https://www.example.com/blog/health-scores"),
    ("Status page", "https://status.example.com"),
    ("Careers", "https://www.example.com/careers"),
)
FORMS = (
    ("Contact sales", "https://www.example.com/contact"),
    ("Webinar registration", "https://www.example.com/webinars"),
    ("Request a training", "https://help.example.com/training"),
    ("Beta programme sign-up", "https://www.example.com/beta"),
    ("Customer survey", "https://survey.example.com/nps"),
)
SEQUENCES = (
    "Renewal reminder (90 days)",
    "Onboarding week 1",
    "Re-engagement",
    "Expansion: add-ons",
    "Executive sponsor intro",
)
REPLY_BODIES = (
    "Thanks, this is helpful. Let's talk next week.",
    "Could you send the pricing for 20 more seats?",
    "I've forwarded this to our IT team.",
    "We're good for now, thanks!",
    "Can we move our call to Friday?",
)
DEAL_KINDS = ("New business", "Expansion: {n} seats", "Upsell: {module}", "Add-on: {module}", "Enterprise upgrade")
PROJECT_NAMES = (
    "{company} onboarding",
    "{company} — {module} rollout",
    "{company} data migration",
    "{company} SSO setup",
    "{company} reporting setup",
)
SERVICE_NAMES = (
    "Custom integration — {company}",
    "Admin training for {company}",
    "Health check workshop — {company}",
    "Data import for {company}",
    "Reporting setup — {company}",
)
TICKET_SUBJECTS = (  # (subject, category)
    ("Cannot sign in after SSO change", "bug"),
    ("Export to CSV times out", "bug"),
    ("Dashboard shows wrong totals", "bug"),
    ("How do I add a new user?", "how_to_question"),
    ("Invoice has the wrong VAT number", "billing"),
    ("Webhook not firing", "bug"),
    ("Request: dark mode", "feature_request"),
    ("Email notifications delayed", "bug"),
    ("Import fails on row 1,204", "bug"),
    ("API rate limit reached", "how_to_question"),
    ("Report filter resets after refresh", "bug"),
    ("How do I delete an old pipeline?", "how_to_question"),
    ("Mobile app crashes on login", "bug"),
    ("Question about data retention", "how_to_question"),
    ("Custom field missing in export", "bug"),
    ("Need a copy of our contract", "billing"),
    ("Calendar sync stopped working", "bug"),
    ("Permissions for the finance team", "how_to_question"),
    ("Please add a Polish translation", "feature_request"),
    ("Change of billing address", "billing"),
)
# Rough UTC offsets for the time of day of contact activities.
REGION_UTC = {"us": -5, "dk": 1, "pl": 1, "gb": 0, "de": 1, "nl": 1, "se": 1}


# Lifecycle stages of customers who pay (companies, subscriptions and renewals follow them).
PAYING = ("customer", "evangelist")


def distinct(rng: random.Random, pool: list[int], k: int) -> list[int]:
    """k picks without repeats while the pool lasts, then with repeats."""
    if k <= len(pool):
        return rng.sample(pool, k)
    return pool + rng.choices(pool, k=k - len(pool))
