"""Organisation names that fit an employer type and a place.

A school is called 'Roundhay Park Academy', a hospital '{city} Teaching Hospitals
NHS Trust', a law firm 'Ashworth & Reid LLP', a SaaS company 'Kestrel Labs'. The
kind of organisation (school, university, health, government, charity, sole trader,
company) also picks the mail domain's ending, so emails look like the real thing.
"""

from __future__ import annotations

import re
from random import Random

from engine.synth.scripted.common import title_case

_ANGLO = {"United Kingdom", "Ireland", "United States", "Canada", "Australia", "New Zealand"}
STEMS = (
    "Hillside Roundhay Oakwood Riverside Kingsmead Ashfield Beechwood Northfield Westbrook "
    "Parkside Fairview Highfield Lakeside Brookfield Elmhurst Stonebridge Greenacre Harrowgate "
    "Whitmore Calder Pennine Thornbury Redhill Meadowbank Linden Holloway Castlegate Fernhill "
    "Marlowe Southgate Broadwater Ridgeway Willowbrook Hawthorn Ashby Kirkdale"
).split()
COINED = (
    "Kestrel Brightpath Lumora Tidewater Corvid Ferrow Alderly Quillon Veridian Halcyon Sable "
    "Juniper Tessera Orrin Vantage Cinder Polaris Larkspur Harbourline Fathom Meridio Clearwater"
).split()
SAINTS = ("Aidan", "Mary", "Bede", "Anne", "Joseph", "Hilda", "Luke", "Margaret", "Peter")
_LEGAL = {
    "United Kingdom": ("Ltd", "LLP"),
    "Ireland": ("Ltd", "LLP"),
    "United States": ("Inc.", "LLP", "LLC"),
    "Canada": ("Inc.", "LLP"),
    "Australia": ("Pty Ltd", "Partners"),
    "New Zealand": ("Ltd", "Partners"),
    "Germany": ("GmbH", "PartG"),
    "Austria": ("GmbH", "OG"),
    "Switzerland": ("AG", "GmbH"),
    "France": ("SAS", "SCP"),
    "Spain": ("S.L.", "S.L.P."),
    "Italy": ("S.r.l.", "S.p.A."),
    "Portugal": ("Lda", "Lda"),
    "Brazil": ("Ltda.", "Ltda."),
    "Mexico": ("S.A. de C.V.", "S.C."),
    "Argentina": ("S.A.", "S.R.L."),
    "Chile": ("S.A.", "SpA"),
    "Netherlands": ("B.V.", "B.V."),
    "Sweden": ("AB", "AB"),
    "Denmark": ("ApS", "A/S"),
    "Norway": ("AS", "AS"),
    "Poland": ("Sp. z o.o.", "S.A."),
    "India": ("Pvt Ltd", "LLP"),
    "Singapore": ("Pte Ltd", "LLP"),
    "Malaysia": ("Sdn Bhd", "PLT"),
    "South Africa": ("(Pty) Ltd", "Inc."),
    "Philippines": ("Inc.", "Corp."),
    "United Arab Emirates": ("LLC", "FZE"),
}
_PARTNERSHIP = re.compile(
    r"law|legal|account|advis|wealth|architect|consult|surveying|estate agency"
)
_TECH = re.compile(r"saas|software|fintech|startup|platform|digital|data|tech|cloud|developer|game")
_GENERIC_NOUNS = {
    "firm",
    "company",
    "practice",
    "group",
    "provider",
    "business",
    "team",
    "independent",
    "organisation",
    "listed",
    "mid-sized",
    "private-equity-backed",
    "family-owned",
    "regional",
    "national",
    "international",
    "small",
    "large",
}


def org_kind(employer_type: str) -> str:
    """school, university, health, government, charity, self or company."""
    t = employer_type.lower()
    if re.search(r"home-based|sole trader|freelance|self-employed|personal-training business", t):
        return "self"
    if re.search(
        r"universit|medical school|business school|community college|institute|national laboratory|"
        r"research (lab|group|centre|station)",
        t,
    ):
        return "university"
    if re.search(r"school district|education authority|education department", t):
        return "government"
    if re.search(r"school|academy|sixth-form|college", t):
        return "school"
    if re.search(
        r"hospital|nhs|clinic|\bgp\b|general practice|health|surgery|care home|care-home|pharmac|"
        r"dental|ambulance|medical (practice|centre)|psychology service|rehabilitation",
        t,
    ):
        return "health"
    if re.search(
        r"council|government|ministry|parliament|embassy|regulator|court|attorney|police|fire and|"
        r"probation|prison|armed forces|coastguard|statistics office|building control|authority|"
        r"administration|(government|public health|regulatory|emergency management) agency|"
        r"tourism board|library service|county archive|services department|fisheries",
        t,
    ):
        return "government"
    if re.search(
        r"charity|ngo|foundation|heritage trust|social enterprise|think tank|housing association|"
        r"museum|gallery|theatre|opera|youth organisation|law centre|legal aid",
        t,
    ):
        return "charity"
    return "company"


def _legal(rng: Random, country: str, partnership: bool = False) -> str:
    forms = _LEGAL.get(country)
    if not forms or rng.random() < 0.45:
        return ""
    return " " + (forms[1] if partnership else forms[0])


def _sector(employer_type: str) -> str:
    words = [w for w in re.split(r"[\s-]+", employer_type) if w.lower() not in _GENERIC_NOUNS]
    return title_case(" ".join(words)) or "Services"


def employer_name(
    rng: Random, employer_type: str, city: str, country: str, surnames: list[str], region: str = ""
) -> str:
    """A plausible name for an employer of this type in this place."""
    t = employer_type.lower()
    kind = org_kind(employer_type)
    stem = rng.choice(STEMS)
    anglo = country in _ANGLO
    last = rng.choice(surnames)
    region = region or city
    if kind == "school":
        if "primary" in t:
            return f"{stem} Primary School"
        if "sixth-form" in t or "further-education" in t:
            return f"{city} {rng.choice(('Sixth Form College', 'College'))}"
        if "international" in t or not anglo:
            return f"{rng.choice((city, stem))} International School"
        if country == "United States":
            return f"{rng.choice((stem, last))} {rng.choice(('High School', 'Middle School'))}"
        if "independent" in t:
            return rng.choice((f"St {rng.choice(SAINTS)}'s School", f"{stem} School"))
        return rng.choice(
            (f"{stem} Academy", f"{stem} High School", f"{stem} Park Academy", f"{stem} School")
        )
    if kind == "university":
        if "medical school" in t:
            return f"{city} Medical School"
        if "community college" in t:
            return f"{city} Community College"
        if "institute" in t or "laboratory" in t or "station" in t or "centre" in t:
            return rng.choice((f"{last} Institute", f"{stem} Research Institute"))
        return rng.choice((f"University of {city}", f"{city} Metropolitan University"))
    if kind == "health":
        if re.search(r"gp|general practice|surgery|medical", t):
            return f"{stem} {'Family Practice' if country == 'United States' else 'Medical Centre'}"
        if "pharmac" in t:
            return f"{stem} Pharmacy"
        if "dental" in t:
            return f"{stem} Dental Practice"
        if "care" in t:
            return f"{stem} {rng.choice(('Care Home', 'House Care Centre'))}"
        if "clinic" in t or "physio" in t or "wellness" in t:
            return f"{stem} {rng.choice(('Clinic', 'Health Clinic', 'Physiotherapy'))}"
        if country == "United Kingdom":
            return (
                f"{city} {rng.choice(('Teaching Hospitals', 'and District Hospitals'))} NHS Trust"
            )
        if country == "United States":
            return f"{stem} Regional Medical Center"
        return f"{city} General Hospital"
    if kind == "government":
        if "council" in t or "authority" in t or "county" in t:
            return f"{region} {'County' if 'county' in t else 'City'} Council"
        if "police" in t:
            return f"{region} Police"
        if "fire" in t:
            return f"{region} Fire and Rescue Service"
        if "court" in t:
            return f"{city} {'Crown' if 'crown' in t else 'County'} Court"
        if "district" in t:
            return f"{city} Public Schools"
        area = rng.choice(("Housing and Communities", "Transport", "Environment", "Education"))
        if "department" in t or "ministry" in t:
            return f"Department for {area}"
        return f"{title_case(employer_type)} of {city}".replace("Of ", "of ")
    if kind == "charity":
        return rng.choice(
            (
                f"{stem} Trust",
                f"{stem} Foundation",
                f"{city} Community Action",
                f"The {stem} Project",
            )
        )
    if kind == "self":
        return f"{last} {_sector(employer_type)}"
    if _PARTNERSHIP.search(t):
        other = rng.choice([s for s in surnames if s != last] or [stem])
        return rng.choice(
            (
                f"{last} & {other}{_legal(rng, country, True)}",
                f"{stem} {_sector(employer_type)}{_legal(rng, country)}",
            )
        )
    if _TECH.search(t):
        return f"{rng.choice(COINED)} {rng.choice(('Labs', 'Software', 'Technologies', 'Systems', 'Digital'))}"
    return (
        f"{rng.choice((stem, rng.choice(COINED)))} {_sector(employer_type)}{_legal(rng, country)}"
    )


def supplier_name(rng: Random, country: str, trade: str) -> str:
    """A supplier or vendor: 'Calder Scientific Supplies Ltd'."""
    word = rng.choice(("Supplies", "Solutions", "Services", "Direct", "Group"))
    return f"{rng.choice(STEMS + COINED)} {trade} {word}{_legal(rng, country)}".replace("  ", " ")


def company_name(rng: Random, country: str, sector: str, surnames: list[str]) -> str:
    """A client company: 'Pennine Logistics Ltd', 'Hartley Foods'."""
    base = rng.choice((rng.choice(STEMS), rng.choice(COINED), rng.choice(surnames)))
    return f"{base} {sector}{_legal(rng, country)}"
