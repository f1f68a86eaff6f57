"""The demo's countries: names, Faker locales, domain endings, cities, phone formats and
rough UTC offsets, with how often each appears."""

from __future__ import annotations

import random

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

# Rough UTC offsets for the time of day of contact activities.
REGION_UTC = {"us": -5, "dk": 1, "pl": 1, "gb": 0, "de": 1, "nl": 1, "se": 1}


def phone(rng: random.Random, region: str) -> str:
    """A phone number in the region's format; the first digit of the number is 2–9."""
    fmt, groups = REGIONS[region][4]
    digits = f"{2 + int(rng.random() * 8)}{int(rng.random() * 1e11):011d}"
    parts, pos = [], 0
    for g in groups:
        parts.append(digits[pos : pos + g])
        pos += g
    return fmt.format(*parts)
