"""The prose of a profile: biography, career history, work context, and the employer's
description. Written from the persona's own 'who ...' clause, the family's artefacts,
counterparties and software, and the seniority the persona states.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from engine.schema.profile import PastRole
from engine.synth.occupations import (
    City,
    Occupation,
    load_cities,
    load_taxonomy,
)
from engine.synth.scripted.common import (
    a_an,
    cap,
    join_words,
    plural,
)
from engine.synth.scripted.orgs import employer_name, org_kind
from engine.synth.scripted.people import (
    Person,
)

JUNIOR_OK = {
    "software_engineering",
    "data_analytics",
    "it_infrastructure",
    "cybersecurity",
    "product_ux",
    "accounting_tax",
    "corporate_finance",
    "investment_markets",
    "marketing",
    "sales_account_management",
    "communications_pr",
    "creative_media",
    "architecture_design",
    "management_consulting",
    "human_resources",
    "project_management",
}
_SIZE_STAFF = {
    "small": (8, 60),
    "mid-sized": (60, 400),
    "large": (500, 6000),
    "growing": (20, 300),
    "well-established": (40, 2500),
}
_SIZES = ("small", "mid-sized", "large", "growing", "well-established")


def _hook(persona: str, user: Person) -> str | None:
    m = re.search(r"\bwho\s+(.+?)\.?$", persona.strip())
    if not m:
        return None
    clause = m.group(1).strip().rstrip(".")
    swaps = {
        "their": user.possessive,
        "them": "her" if user.gender == "f" else "him",
        "they": user.pronoun,
    }
    clause = re.sub(r"\b(their|them|they)\b", lambda w: swaps[w.group(1)], clause)
    return f"{user.first} {clause}."


def biography(
    rng: Random,
    persona: str,
    user: Person,
    occ: Occupation,
    years: int,
    degrees: tuple[str, ...],
    place: City,
    employer: str,
    since: int,
) -> str:
    he = cap(user.pronoun)
    degree = rng.choice(degrees or ("a degree in Business Studies",))
    uni = rng.choice([c.city for c in load_cities() if c.country == place.country] or [place.city])
    start = rng.choice(
        (
            f"{user.name} studied in {uni} and holds {degree}.",
            f"After {degree} in {uni}, {user.first} went straight into work as {a_an(occ.title)} {occ.title.lower()}.",
            f"{user.first} came to the job through {degree}, completed in {uni}.",
        )
    )
    mid = (
        f"{he} has {years} year{'s' if years != 1 else ''} of experience"
        if years
        else f"{he} is in {user.possessive} first year in the role"
    )
    mid += (
        f" and has been with {employer} since {since}."
        if employer != "Self-employed"
        else ", working for a loyal base of repeat clients."
    )
    traits = rng.sample(
        [
            "Colleagues describe {him} as calm under pressure and quick with a spreadsheet.",
            "{He} is the person others ask when a figure does not add up.",
            "{He} prefers to write things down and keeps a running notes file for every piece of work.",
            "{He} is known for clear, well-structured documents and for chasing actions after meetings.",
            "{He} likes to try new tools, though {he} always keeps a copy of the old version just in case.",
            "{He} is practical rather than polished and would rather finish a draft than perfect it.",
        ],
        k=2,
    )
    him = "her" if user.gender == "f" else "him"
    traits = [t.format(He=he, he=user.pronoun, him=him) for t in traits]
    hook = _hook(persona, user)
    parts = [start, mid, *traits]
    if hook:
        parts.append(hook)
    return " ".join(parts)


def career(
    rng: Random,
    occ: Occupation,
    family_id: str,
    years: int,
    today: dt.date,
    employer: str,
    place: City,
    locals_: list[Person],
) -> list[PastRole]:
    tax = load_taxonomy()
    tenure = min(max(years, 0), rng.randint(1, 7))
    start = max(1950, today.year - max(tenure, 0))
    family = tax.family(family_id)
    arts = [a.name for a in family.artifacts]
    current = PastRole(
        title=occ.title,
        organization=employer,
        start_year=start,
        end_year=None,
        summary=f"Responsible for {join_words([plural(a) for a in rng.sample(arts, k=3)])}; "
        f"works with {rng.choice(family.counterparties)} day to day.",
    )
    roles = [current]
    remaining, end = years - tenure, start
    others = [o.title for o in tax.in_family(family_id) if o.title != occ.title] or [occ.title]
    while remaining > 0 and len(roles) < 4:
        span = min(remaining, rng.randint(2, 6))
        begin = max(1950, end - span)
        junior = f"Junior {occ.title}" if family_id in JUNIOR_OK else occ.title
        title = rng.choice((junior, occ.title, rng.choice(others)))
        if len(roles) == 3 or remaining - span <= 0:
            title = rng.choice((f"Trainee {occ.title}", junior, rng.choice(others)))
        etypes = [t for t in tax.employers_for(occ) if "primary" not in t.lower()] or ["company"]
        etype = rng.choice(etypes)
        org = employer_name(
            rng,
            etype,
            rng.choice([c.city for c in load_cities() if c.country == place.country]),
            place.country,
            [p.last for p in locals_],
        )
        result = rng.choice(
            (
                f"introduced the {rng.choice(arts)} template the team still uses",
                f"took over {rng.choice(arts)} work for {rng.choice(family.counterparties)}",
                f"cut the turnaround of {plural(rng.choice(arts))} by about a third",
                f"trained two new starters on {rng.choice(family.software)}",
            )
        )
        roles.append(
            PastRole(
                title=title[:100],
                organization=org[:120],
                start_year=begin,
                end_year=end,
                summary=f"Worked on {plural(rng.choice(arts))} and {plural(rng.choice(arts))}; {result}.",
            )
        )
        remaining -= span
        end = begin
    return list(reversed(roles))


def org_context(
    rng: Random, employer: str, etype: str, place: City, user: Person, team: str, occ: Occupation
) -> str:
    if employer == "Self-employed":
        return f"{user.first} works for {user.possessive} own clients around {place.city} as a self-employed {occ.title.lower()}, with no staff."
    size = rng.choice(_SIZES)
    lo, hi = _SIZE_STAFF[size]
    if (org_kind(etype) == "health" and "hospital" in etype.lower()) or "NHS" in employer:
        size, lo, hi = "large", 2500, 9000
    elif org_kind(etype) == "school":
        lo, hi = 45, 190
    staff = rng.randint(lo, hi)
    staff = round(staff, -1) if staff > 100 else staff
    return (
        f"{employer} is {a_an(size)} {size} {etype} in {place.city} with about {staff:,} staff. "
        f"{user.first} sits in the {team}, which has {rng.randint(3, 14)} people and shares a drive and a Teams channel."
    )


def work_context(
    rng: Random, user: Person, family, level: str, software: list[str], projects
) -> str:
    arts = [a.name for a in family.artifacts]
    week = join_words([plural(a) for a in rng.sample(arts, k=min(4, len(arts)))])
    cp = join_words(list(family.counterparties[:3]))
    facts = join_words(list(family.key_facts[:3]))
    lead = (
        "leads a small team and signs off others' work, "
        if level in ("manager", "director", "executive", "lead")
        else ""
    )
    names = join_words([p.name for p in projects[:3]])
    return (
        f"{user.first} {lead}spends most weeks on {week}, working with {cp}. "
        f"The figures that matter are {facts}. Day to day {user.pronoun} lives in "
        f"{join_words(software[:4])}. Current work: {names}. "
        f"Pressure peaks around deadlines and reviews, when several versions of the same file pile up."
    )
