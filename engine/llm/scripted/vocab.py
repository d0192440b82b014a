"""Plausible values for a field, guessed from its name, drawn from a seeded RNG.

The scripted backend's fallback fills any JSON schema; a field called `email`
should look like an email and `due_date` like a date, so that content built on
top of a fallback reads like a real computer's, not like `"string"`. Rules that
later engine parts register build richer content; this is the floor.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

FIRST_NAMES = tuple(
    (
        "Maya Daniel Priya Lucas Amara Tom Sofia Kenji Elena Omar Grace Mateo Hannah "
        "Ravi Chloe Samuel Aisha Jonas Leila Marcus Nina Felix Zara Owen Ingrid Diego "
        "Yuki Aaron Fatima Liam"
    ).split()
)
LAST_NAMES = tuple(
    (
        "Patel Okafor Lindqvist Moreau Nakamura Brennan Alvarez Chen Kowalski Haddad "
        "Fischer Mensah Rossi O'Neill Sato Dubois Novak Ferreira Walsh Ibrahim Larsen "
        "Gupta Bauer Costa"
    ).split()
)
COMPANIES = tuple(
    (
        "Northwind Logistics|Brightline Health|Harbor & Pine Architects|"
        "Cobalt Analytics|Greenfield Foods|Meridian Insurance|Atlas Civil Engineering|"
        "Lumen Education Trust|Redwood Capital Partners|Bluewater Hotels|"
        "Kestrel Software|Oakridge Municipal Council|Saffron Retail Group|"
        "Vantage Media|Helix Biotech|Summit Property Management"
    ).split("|")
)
DOMAINS = tuple(
    "northwind.com brightline.org cobalt.io meridian.co kestrel.dev example.com".split()
)
CITIES = tuple(
    (
        "Leeds|Lyon|Toronto|Austin|Melbourne|Rotterdam|Pune|Denver|Porto|Osaka|"
        "Cape Town|Dublin|Hamburg|Seattle"
    ).split("|")
)
COUNTRIES = tuple(
    (
        "United Kingdom|France|Canada|United States|Australia|Netherlands|India|"
        "Portugal|Japan|Ireland"
    ).split("|")
)
STREETS = tuple(
    ("Mill Lane|Harbour Road|Elm Street|Victoria Avenue|Station Road|Kingsway|Park Row").split("|")
)
JOB_TITLES = tuple(
    (
        "Project Manager|Financial Analyst|Operations Coordinator|Marketing Manager|"
        "Civil Engineer|HR Business Partner|Procurement Specialist|Data Analyst|"
        "Account Executive|Office Manager|Research Scientist|Product Owner|"
        "Quality Assurance Lead|Teacher|Practice Nurse|Site Supervisor"
    ).split("|")
)
ADJECTIVES = tuple(
    ("quarterly annual revised draft regional internal client vendor updated monthly").split()
)
NOUNS = tuple(
    (
        "budget|forecast|status report|vendor contract|onboarding plan|risk register|"
        "inventory sheet|project timeline|board presentation|training schedule|"
        "invoice|meeting notes|sales pipeline|audit checklist|grant proposal|"
        "staffing plan"
    ).split("|")
)
VERBS = tuple("reviewed updated drafted approved shared reconciled summarised flagged".split())
PROJECT_WORDS = tuple(
    ("Northstar Harbor Atlas Evergreen Keystone Bluebird Quarry Lighthouse Summit Orchard").split()
)
STATUSES = tuple("not started|in progress|blocked|in review|done".split("|"))
PRIORITIES = ("low", "medium", "high")
FILE_EXTS = tuple("docx xlsx pptx pdf txt md".split())
FOLDERS = tuple("Documents Projects Finance Clients Reports Admin Shared".split())

_SENTENCE_FIELDS = set(
    (
        "description summary body content text notes note details purpose reason "
        "message comment bio background context goal objective criterion criteria "
        "rationale instructions answer feedback observation explanation outline "
        "abstract lesson insight plan habit persona"
    ).split()
)
_PERSON_FIELDS = set(
    (
        "name person author owner sender recipient manager collaborator contact "
        "assignee reviewer from to colleague supervisor lead user member attendee "
        "participant client_contact"
    ).split()
)
_COMPANY_FIELDS = set(
    (
        "company employer organization organisation org client customer vendor "
        "supplier firm agency partner"
    ).split()
)
_DATE_FIELDS = set(
    ("date day deadline due start end created updated modified birthday since until on").split()
)


def words_of(name: str) -> list[str]:
    """`dueDate`, `due_date`, `Due-Date` -> ['due', 'date']."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "ches", "shes", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def email(rng: Random) -> str:
    first = rng.choice(FIRST_NAMES).lower()
    last = re.sub(r"[^a-z]", "", rng.choice(LAST_NAMES).lower())
    return f"{first}.{last}@{rng.choice(DOMAINS)}"


def day(rng: Random, *, base: dt.date = dt.date(2025, 1, 6), span_days: int = 540) -> dt.date:
    return base + dt.timedelta(days=rng.randrange(span_days))


def moment(rng: Random) -> dt.datetime:
    d = day(rng)
    return dt.datetime(d.year, d.month, d.day, rng.randrange(8, 18), rng.choice((0, 15, 30, 45)))


def noun_phrase(rng: Random) -> str:
    return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"


def title(rng: Random) -> str:
    return noun_phrase(rng).title().replace("'S", "'s")


def project(rng: Random) -> str:
    return f"Project {rng.choice(PROJECT_WORDS)}"


def sentence(rng: Random) -> str:
    who = rng.choice(FIRST_NAMES)
    what = noun_phrase(rng)
    for_whom = rng.choice(COMPANIES)
    when = day(rng).strftime("%d %B")
    templates = (
        f"{who} {rng.choice(VERBS)} the {what} for {for_whom} before {when}.",
        f"The {what} needs figures from the {rng.choice(NOUNS)} and sign-off by {who}.",
        f"Follow up with {who} at {for_whom} about the {what}.",
        f"Keep the {what} consistent with last month's numbers and note any changes.",
    )
    return rng.choice(templates)


def paragraph(rng: Random, sentences: int = 2) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def file_path(rng: Random) -> str:
    stem = noun_phrase(rng).replace(" ", "_")
    return f"{rng.choice(FOLDERS)}/{rng.choice(FOLDERS)}/{stem}.{rng.choice(FILE_EXTS)}"


def string_for(name: str, rng: Random, *, owner: str = "") -> str:
    """A realistic string for a field called `name` (any naming style).

    `owner` is the title of the object the field belongs to: a `name` inside a
    `Project` is a project's name, inside a `Collaborator` a person's.
    """
    words = words_of(name)
    last = words[-1] if words else ""
    joined = "_".join(words)
    if joined == "name" and owner:
        owned = words_of(owner)
        if "project" in owned:
            return project(rng)
        if any(w in _COMPANY_FIELDS or w == "employer" for w in owned):
            return rng.choice(COMPANIES)
        if any(w in ("file", "artifact", "document", "attachment") for w in owned):
            return file_path(rng).rsplit("/", 1)[-1]
        if "folder" in owned or "directory" in owned:
            return rng.choice(FOLDERS)
        if "tool" in owned or "app" in owned or "software" in owned:
            return rng.choice(("Excel", "Outlook", "Slack", "Jira", "Word", "PowerPoint", "Notion"))
    if "email" in words or "mail" in words:
        return email(rng)
    if joined in ("file_name", "filename", "file", "path", "file_path", "filepath") or last in (
        "path",
        "filename",
    ):
        return file_path(rng)
    if "url" in words or "link" in words or "website" in words:
        return f"https://www.{rng.choice(DOMAINS)}/{noun_phrase(rng).replace(' ', '-')}"
    if "phone" in words or "mobile" in words:
        return f"+1 555-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"
    if last in ("first", "given") or joined in ("first_name", "given_name"):
        return rng.choice(FIRST_NAMES)
    if joined in ("last_name", "surname", "family_name"):
        return rng.choice(LAST_NAMES)
    if "project" in words:
        return project(rng)
    if (words and words[0] in _COMPANY_FIELDS) or last in _COMPANY_FIELDS:
        return rng.choice(COMPANIES)
    if last in ("occupation", "job", "role", "position", "profession") or joined == "job_title":
        return rng.choice(JOB_TITLES)
    if last in _PERSON_FIELDS or (words and words[0] in _PERSON_FIELDS and last == "name"):
        return person(rng)
    if last == "city" or "location" in words:
        return rng.choice(CITIES)
    if last == "country":
        return rng.choice(COUNTRIES)
    if "address" in words:
        return f"{rng.randrange(2, 220)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"
    if last in ("at", "timestamp") or "datetime" in words:
        return moment(rng).isoformat()
    if last in _DATE_FIELDS or "date" in words:
        return day(rng).isoformat()
    if last == "time":
        return f"{rng.randrange(8, 18):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    if last == "currency":
        return rng.choice(("USD", "EUR", "GBP", "CAD"))
    if last in ("amount", "price", "cost", "total", "budget", "value", "revenue", "salary"):
        return f"${rng.randrange(200, 90000):,}.{rng.randrange(100):02d}"
    if last in ("id", "code", "ref", "reference", "number", "key"):
        return f"{rng.choice(('INV', 'PRJ', 'REQ', 'DOC'))}-{rng.randrange(1000, 99999)}"
    if last == "status":
        return rng.choice(STATUSES)
    if last == "priority":
        return rng.choice(PRIORITIES)
    if last in ("title", "subject", "headline", "heading", "topic", "deliverable", "task"):
        return title(rng)
    if last in ("tag", "keyword", "label", "category", "kind", "type", "department", "team"):
        return rng.choice(("finance", "operations", "marketing", "legal", "research", "admin"))
    if last in _SENTENCE_FIELDS or (last.endswith("s") and singular(last) in _SENTENCE_FIELDS):
        return paragraph(rng, rng.randint(1, 3))
    return noun_phrase(rng)


def integer_for(name: str, rng: Random) -> int:
    words = words_of(name)
    last = words[-1] if words else ""
    if "year" in words:
        return rng.randrange(2016, 2027)
    if last == "age":
        return rng.randrange(24, 64)
    if last in ("percent", "percentage", "pct"):
        return rng.randrange(0, 101)
    if last in ("day", "days", "due", "week", "weeks"):
        return rng.randrange(1, 21)
    if last in ("score", "rating", "points", "weight"):
        return rng.randrange(1, 6)
    if last in ("hour", "hours"):
        return rng.randrange(1, 9)
    return rng.randrange(1, 60)


def number_for(name: str, rng: Random) -> float:
    words = words_of(name)
    last = words[-1] if words else ""
    if last in ("rate", "ratio", "share", "probability", "confidence", "fraction"):
        return round(rng.random(), 2)
    if last in ("percent", "percentage", "pct"):
        return round(rng.uniform(0, 100), 1)
    if last in ("score", "rating", "weight"):
        return round(rng.uniform(1, 5), 1)
    if last in ("hours", "hour", "duration"):
        return round(rng.uniform(0.5, 8), 1)
    return round(rng.uniform(120, 48000), 2)
