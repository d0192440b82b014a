"""The people a user works with: colleagues in the roles the occupation family names, a client
contact and a supplier's account manager, each with a relationship read from the role
('head of department' manages, 'supplier rep' is a vendor), an organisation and a mail
address at that organisation's own domain.
"""

from __future__ import annotations

import re
from random import Random

from engine.schema.profile import Collaborator, Entity
from engine.synth.scripted.common import (
    title_case,
)
from engine.synth.scripted.orgs import STEMS, org_kind
from engine.synth.scripted.people import Person, domain_for_org, email_of
from engine.synth.scripted.setting import Cast, Setting

STYLES = (
    "Short emails, wants the numbers first and hates surprises.",
    "Friendly and chatty; replies within the hour but forgets attachments.",
    "Formal and precise; expects agendas a day ahead and minutes the same day.",
    "Prefers a quick call to a long email; decides fast once the options are clear.",
    "Detail-oriented; reads every appendix and comes back with numbered questions.",
    "Busy and hard to pin down; answers late in the evening in one-line replies.",
    "Supportive but demanding about deadlines; asks for drafts early.",
    "Writes long, thoughtful emails and likes to see the reasoning behind a figure.",
    "Pragmatic; happy with 'good enough' if the risk is written down.",
    "New in post and keen; asks lots of questions and shares useful templates.",
    "Sceptical of changes to process; wants evidence before agreeing.",
    "Communicates mostly through comments on shared documents.",
)
_MANAGER = re.compile(
    r"\b(head|manager|director|lead|partner|principal|chief|supervisor|editor|cfo|ciso|owner|"
    r"chair|controller|captain|sergeant|consultant)\b"
)
_REPORT = re.compile(r"\b(assistant|junior|technician|trainee|apprentice|coordinator|student)\b")
_INTERNAL_WORDS = re.compile(r"client service|customer success|customer support|internal")
_EXTERNAL = (
    (re.compile(r"\b(client|customer|patient|parent|tenant|homeowner|athlete|landlord)"), "client"),
    (
        re.compile(
            r"\b(supplier|vendor|wholesaler|rep\b|carrier|caterer|contractor|account manager|"
            r"account director|provider)"
        ),
        "vendor",
    ),
    (re.compile(r"\b(auditor|inspector|regulator|examiner|commissioner|exam board)"), "regulator"),
    (
        re.compile(
            r"\b(opposing|external|broker|agency|barrister|expert witness|lawyer|solicitor|landowner|"
            r"land agent|literary agent|liaison|journalist|investor|funder|co-investigator|"
            r"collaborating|referral specialist|union|partner organisation|stakeholder|source)"
        ),
        "external_partner",
    ),
)
_OUTSIDE_ORGS = (
    ("audit", "{stem} Audit LLP"),
    ("exam", "{stem} Examinations"),
    ("inspector", "{city} Building Control"),
    ("regulator", "{country} Regulatory Authority"),
    ("commissioner", "{city} Health Commissioning Board"),
    ("lawyer|solicitor|counsel|barrister", "{last} & {last2} LLP"),
    ("broker", "{stem} Brokers"),
    ("agency|agent", "{stem} Agency"),
    ("journalist", "The {city} Courier"),
    ("investor|funder", "{stem} Capital"),
    ("union", "the staff union"),
)


def person_role(role: str) -> str:
    """One person's job title from a taxonomy role that may name a group ('trustees')."""
    low = role.lower().strip()
    if low.endswith(" team") or low.endswith(" teams"):
        return title_case(re.sub(r" teams?$", " team member", low))
    if low.endswith("organisations"):
        return title_case(low[:-1] + " contact")
    if low.startswith("heads of "):
        return title_case("head of " + low[9:])
    if "private office" in low:
        return "Private Secretary"
    if "association" in low:
        return title_case(low + " chair")
    words = low.split()
    last = words[-1]
    if last == "foremen":
        last = "foreman"
    elif last.endswith("ies"):
        last = last[:-3] + "y"
    elif (
        last.endswith("s") and not last.endswith(("ss", "us")) and len(last) > 3 and last != "aids"
    ):
        last = last[:-1]
    return title_case(" ".join([*words[:-1], last]))


def collaborators(
    rng: Random,
    s: Setting,
    out: Cast,
    people: list[Person],
    clients: list[Entity],
    vendor: Entity,
) -> list[Collaborator]:
    roles = list(s.family.collaborator_roles)
    n_roles = min(len(roles), rng.randint(4, 6))
    picked = roles[:1] + rng.sample(roles[1:], k=n_roles - 1)
    senior = s.seniority in ("senior", "lead", "manager", "director", "executive", "self_employed")
    ids = [p.id for p in out.projects]
    result: list[Collaborator] = []
    emails: set[str] = {s.user_email.lower()}
    has_manager = s.seniority in ("executive", "self_employed")
    for person, role in zip(people, picked, strict=False):
        rel, org = _relation(role), s.employer
        if rel == "client":
            org = _client_org(s, clients[0])
        elif rel == "vendor":
            org = vendor.name
        elif rel != "peer":
            org = _outside_org(rng, s, role, people)
        elif not has_manager and _MANAGER.search(role.lower()):
            rel, has_manager = "manager", True
        elif senior and _REPORT.search(role.lower()):
            rel = "direct_report"
        mine = ids if rel in ("peer", "manager", "direct_report") else ids[:1]
        result.append(_collab(rng, s, person, person_role(role), rel, org, mine, emails))
    if not any(c.relationship == "client" for c in result) and s.domain.client not in (
        "internal",
        "unit",
        "class",
    ):
        contact = people[len(picked)]
        client = clients[0]
        if s.domain.client == "person" and " " in client.name:
            first, last = client.name.split(" ", 1)
            contact = Person(first, last, contact.gender)
        mine = [p.id for p in out.projects if p.client == client.name] or ids[:1]
        org = _client_org(s, client)
        result.append(_collab(rng, s, contact, _client_role(s), "client", org, mine, emails))
    if not any(c.relationship == "vendor" for c in result):
        rep = people[-1]
        result.append(_collab(rng, s, rep, "Account Manager", "vendor", vendor.name, [], emails))
    spare = iter(people[len(picked) + 1 : -1])
    while len(result) < 4:
        extra = next(spare)
        result.append(
            _collab(rng, s, extra, "Team Administrator", "peer", s.employer, ids[:1], emails)
        )
    return result[:10]


def _relation(role: str) -> str:
    low = role.lower()
    if _INTERNAL_WORDS.search(low):
        return "peer"
    for pattern, relation in _EXTERNAL:
        if pattern.search(low):
            return relation
    return "peer"


def _client_org(s: Setting, client: Entity) -> str:
    if s.domain.client in ("person", "household"):
        return "Private client"
    if s.domain.client == "class":
        return f"Parent, {client.name}"
    return client.name


def _outside_org(rng: Random, s: Setting, role: str, people: list[Person]) -> str:
    low = role.lower()
    template = next((t for p, t in _OUTSIDE_ORGS if re.search(p, low)), "{stem} Associates")
    return template.format(
        stem=rng.choice(STEMS),
        city=s.city,
        country=s.country,
        last=people[-2].last,
        last2=people[-3].last,
    )


def _client_role(s: Setting) -> str:
    if s.domain.client == "household":
        return "Client"
    if s.domain.client == "person":
        return "Customer"
    return "Client contact"


def _collab(
    rng: Random,
    s: Setting,
    person: Person,
    role: str,
    rel: str,
    org: str,
    project_ids: list[str],
    emails: set[str],
) -> Collaborator:
    if org == s.employer:
        domain = s.employer_domain
    elif org == "Private client":
        domain = rng.choice(
            (
                "gmail.com",
                "outlook.com",
                "btinternet.com" if s.country == "United Kingdom" else "yahoo.com",
            )
        )
    else:
        domain = domain_for_org(org, s.country, org_kind(org))
    email = email_of(person, domain, rng)
    n = 2
    while email.lower() in emails:
        email = email.replace("@", f"{n}@", 1)
        n += 1
    emails.add(email.lower())
    k = min(len(project_ids), rng.randint(1, 2)) if project_ids else 0
    return Collaborator(
        name=person.name,
        role=role[:100],
        relationship=rel,  # type: ignore[arg-type]
        organization=org[:120],
        communication_style=rng.choice(STYLES),
        email=email,
        projects=rng.sample(project_ids, k=k),
    )
