"""synth.profile: persona text -> `UserProfile`, by rule, from the persona and the taxonomy.

What the persona says wins: its city, its seniority ('senior', 'head of'), its years
of experience, a name if it gives one, its employer type ('a wealth-management
firm'), its pronouns and its 'who ...' clause. The occupation hint from the request
(or `find_occupation` on the text) picks the family whose artefacts, collaborator
roles, software and vocabulary shape everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from engine.llm.scripted import ScriptedRequest
from engine.schema.profile import Identity, UserProfile
from engine.synth.occupations import (
    City,
    Occupation,
    detect_seniority,
    find_occupation,
    load_cities,
    load_taxonomy,
    tokens,
)
from engine.synth.prompts import read_context
from engine.synth.scripted.biography import JUNIOR_OK, biography, career, org_context, work_context
from engine.synth.scripted.common import (
    as_date,
    domain_for,
)
from engine.synth.scripted.duties import persona_duties
from engine.synth.scripted.facts import build_cast
from engine.synth.scripted.habits import filesystem, work_habits
from engine.synth.scripted.orgs import employer_name, org_kind
from engine.synth.scripted.people import (
    Person,
    cast,
    domain_for_org,
    email_local,
    gender_in,
    named_in,
    new_person,
    username_for,
)
from engine.synth.scripted.setting import Setting

_YEARS = {
    "trainee": (0, 1),
    "junior": (1, 3),
    "mid": (4, 9),
    "senior": (10, 20),
    "lead": (8, 16),
    "manager": (8, 20),
    "director": (12, 25),
    "executive": (15, 30),
    "self_employed": (5, 25),
}
_RANKED = re.compile(
    r"\b(head|chief|lead|director|senior|junior|trainee|principal|partner|owner)\b", re.I
)
_NO_PREFIX = {"school_teaching", "physicians", "skilled_trades", "personal_services"}
# Families where "Junior" is a real title prefix; elsewhere a junior keeps the plain title.
_FY_SLASH = {"United Kingdom", "Ireland", "Australia", "New Zealand", "India", "South Africa"}


def respond(request: ScriptedRequest) -> UserProfile:
    """The scripted model's answer to a synth.profile request."""
    ctx = read_context(request.messages)
    return build_profile(
        str(ctx.get("persona") or ""),
        ctx.get("occupation") or {},
        as_date(ctx.get("today"), dt.date(2025, 6, 2)),
        request.rng,
    )


def build_profile(persona: str, hint: dict, today: dt.date, rng: Random) -> UserProfile:
    tax = load_taxonomy()
    occ = _occupation(persona, hint, rng)
    family = tax.family(occ.family)
    level = detect_seniority(persona) or rng.choice(occ.seniority_levels)
    years = _years(persona, level, rng)
    place = _city(persona, rng)
    gender = gender_in(persona) or rng.choice("fm")
    named = named_in(persona)
    user = Person(named[0], named[1], gender) if named else new_person(rng, place.country, gender)
    locals_ = cast(rng, place.country, 6, avoid={user.name})
    etype = _employer_type(persona, tax.employers_for(occ), rng)
    kind = org_kind(etype)
    if level == "self_employed" or kind == "self":
        employer = (
            f"{user.last} {family.name.split()[0]}" if rng.random() < 0.6 else "Self-employed"
        )
    else:
        employer = employer_name(rng, etype, place.city, place.country, [p.last for p in locals_])
    domain = domain_for(family.id, f"{occ.title} {persona}")
    mail_domain = domain_for_org(
        employer if employer != "Self-employed" else user.last, place.country, kind
    )
    role = _role(occ.title, level, family.id)
    username = username_for(user, rng)
    habits = work_habits(rng, persona, family, today)
    setting = Setting(
        family=family,
        domain=domain,
        user=user,
        employer=employer,
        employer_domain=mail_domain,
        country=place.country,
        city=place.city,
        currency=place.currency,
        today=today,
        seniority=level,
        year_label=_year_label(place.country, today, family.id),
        user_email=f"{email_local(user, rng)}@{mail_domain}",
        duties=tuple(persona_duties(persona)),
    )
    people = build_cast(rng, setting)
    identity = Identity(
        full_name=user.name,
        username=username,
        email=setting.user_email,
        role=role[:100],
        organization=employer[:120],
        organization_context=org_context(rng, employer, etype, place, user, _team(domain), occ)[
            :800
        ],
        location=f"{place.city}, {place.country}",
        career_stage=_stage(level, years),  # type: ignore[arg-type]
        years_experience=years,
    )
    software = _software(rng, family.software)
    history = career(rng, occ, family.id, years, today, employer, place, locals_)
    since = history[-1].start_year
    bio = biography(rng, persona, user, occ, years, domain.degrees, place, employer, since)
    return UserProfile(
        identity=identity,
        biography=bio[:3000],
        career_history=history,
        work_context=work_context(rng, user, family, level, software, people.projects)[:2000],
        current_projects=people.projects,
        collaborators=people.collaborators,
        software=software,
        work_habits=habits,
        filesystem=filesystem(rng, family, username, user.first, employer, habits),
        fact_sheet={"entities": people.entities},  # type: ignore[arg-type]
    )


def _team(domain) -> str:
    """The user's team as colleagues name it: 'science department', 'platform engineering team'."""
    if domain.team == "department":
        subject = domain.subject or "subject"
        if subject in ("chemistry", "biology", "physics", "science"):
            return "science department"
        return f"{subject.replace('math', 'maths')} department"
    if domain.team == "school":
        return "department's teaching and research group"
    return domain.team


def _occupation(persona: str, hint: dict, rng: Random) -> Occupation:
    tax = load_taxonomy()
    if hint.get("title"):
        try:
            return tax.occupation(str(hint["title"]))
        except KeyError:
            pass
    match = find_occupation(persona)
    if match is not None:
        return match.occupation
    fam = hint.get("family")
    pool = tax.in_family(fam) if fam and any(f.id == fam for f in tax.families) else []
    return rng.choice(pool or tax.in_family("office_administration"))


def _years(persona: str, level: str, rng: Random) -> int:
    m = re.search(r"(\d{1,2})\+?\s+years?", persona)
    if m:
        return min(60, int(m.group(1)))
    lo, hi = _YEARS.get(level, (3, 12))
    return rng.randint(lo, hi)


def _city(persona: str, rng: Random) -> City:
    cities = load_cities()
    found = [c for c in cities if re.search(rf"\b{re.escape(c.city)}\b", persona)]
    if found:
        in_country = [c for c in found if c.country.lower() in persona.lower()]
        return (in_country or found)[0]
    by_country = [c for c in cities if re.search(rf"\b{re.escape(c.country)}\b", persona)]
    return rng.choice(by_country or list(cities))


def _employer_type(persona: str, types: list[str], rng: Random) -> str:
    words = set(tokens(persona))
    scored = [(len(set(tokens(t)) & words), t) for t in types]
    best = max(scored, key=lambda s: s[0]) if scored else (0, "company")
    return best[1] if best[0] > 0 else rng.choice(types or ["company"])


def _role(title: str, level: str, family_id: str) -> str:
    if family_id in _NO_PREFIX or _RANKED.search(title):
        return title
    prefix = {"senior": "Senior", "lead": "Lead", "trainee": "Trainee"}.get(level)
    if level == "junior" and family_id in JUNIOR_OK:
        prefix = "Junior"
    return f"{prefix} {title}" if prefix else title


def _stage(level: str, years: int) -> str:
    if level in ("director", "executive"):
        return "executive" if years < 30 else "late_career"
    if years >= 28:
        return "late_career"
    if level in ("senior", "lead", "manager") or years >= 12:
        return "senior"
    if level in ("trainee", "junior") or years < 4:
        return "early_career"
    return "mid_career"


def _year_label(country: str, today: dt.date, family_id: str) -> str:
    start_month = (
        9 if family_id in ("school_teaching", "higher_education", "education_administration") else 4
    )
    if country in _FY_SLASH or start_month == 9:
        y = today.year if today.month >= start_month else today.year - 1
        return f"{y}/{(y + 1) % 100:02d}"
    return f"FY{today.year}"


def _software(rng: Random, family_software: tuple[str, ...]) -> list[str]:
    picked = rng.sample(list(family_software), k=min(len(family_software), rng.randint(5, 8)))
    base = rng.choice(
        (
            ["Microsoft Outlook", "Microsoft Word", "Microsoft Excel", "Microsoft Teams"],
            ["Outlook", "Word", "Excel", "PowerPoint"],
            ["Google Workspace", "Zoom", "Excel"],
        )
    )
    out: list[str] = []
    seen: set[str] = set()
    for app in picked + base:
        key = app.lower().split()[-1]
        if key not in seen and app.lower() not in seen:
            seen.update({key, app.lower()})
            out.append(app)
    return out[:30]
