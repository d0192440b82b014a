"""Pieces of a file plan: where a kind lives, which project and topic a file is about,
which fact-sheet entities it names, and the purpose sentence a writer works from.

The purpose always starts with the artefact type ('Lesson plan: ...', 'Suitability
report: ...'), so the content stage (a model, or the scripted responders) knows what
kind of document to write before reading the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from random import Random

from engine.schema.plans import PlannedFolder, PlannedProject
from engine.synth.scripted.common import cap, figure, long_date, money, slug
from engine.synth.scripted.world import CODE_KINDS, DATA_KINDS, World

PERSONAL = {
    "pdf": "statement",
    "docx": "letter",
    "xlsx": "household budget",
    "png": "chart",
    "txt": "notes",
    "md": "notes",
    "csv": "bank export",
    "pptx": "presentation",
}
_PERSONAL_TOPICS = {
    "pdf": (
        "payslip",
        "council tax bill",
        "car insurance renewal",
        "flight booking",
        "boiler service receipt",
    ),
    "docx": ("CV", "cover letter", "letter to the landlord", "references"),
    "xlsx": ("household budget", "savings plan", "holiday costs"),
    "txt": ("packing list", "wifi passwords and accounts", "to do"),
    "md": ("reading list", "to do"),
    "csv": ("current account transactions",),
    "png": ("household spending", "savings"),
}
_TEACHING = (
    "lesson",
    "worksheet",
    "risk assessment",
    "assessment paper",
    "scheme of work",
    "slides",
)
_DOWNLOADABLE = re.compile(
    r"factsheet|specification|guid|policy|datasheet|data sheet|price list|rate sheet|standard|"
    r"handbook|template|statistic|form|leaflet|manual|monograph|report|regulation|wording|directory"
)
_DOWNLOADS = {
    "pdf": (
        "guidance document",
        "product datasheet",
        "price list",
        "annual report",
        "specification",
    ),
    "docx": ("template",),
    "xlsx": ("price list", "data release"),
    "csv": ("data release",),
    "png": ("diagram",),
}
_PERSONAL_AUTHORS = {
    "payslip": "{employer}",
    "council tax bill": "{city} City Council",
    "car insurance renewal": "Harbourline Insurance",
    "flight booking": "Skyway Airlines",
    "boiler service receipt": "{stem} Heating Services",
}


@dataclass
class Draft:
    """A file being planned: filled in step by step, then frozen into an `ArtifactPlan`."""

    kind: str
    folder: PlannedFolder
    artefact: str
    origin: str
    project: str | None = None
    topic: str = ""
    entities: list[str] = field(default_factory=list)
    author: str = ""
    created: dt.datetime = dt.datetime(2000, 1, 1)
    parent: Draft | None = None
    relation: str | None = None
    step: int = 0
    children: int = 0
    name: str = ""
    path: str = ""
    publisher: str = ""
    source: str = ""
    client_id: str | None = None  # a client folder's client, for files outside any project
    existing: bool = False  # planned by an earlier batch: a possible parent, not re-planned


_BY_SOURCE = {
    "software": {"pdf": ("user guide", "release notes", "getting started guide", "pricing sheet")},
    "vendor": {
        "pdf": ("price list", "product catalogue", "terms and conditions", "quotation"),
        "xlsx": ("price list",),
    },
}


def download_artefact(world: World, kind: str, rng: Random, source: str = "") -> str:
    """Something people download rather than write: a specification, a datasheet, a factsheet."""
    by_source = _BY_SOURCE.get(source, {}).get(kind)
    if by_source:
        return rng.choice(by_source)
    own = [a for a in world.artefacts_for(kind) if _DOWNLOADABLE.search(a.lower())]
    return rng.choice(own or list(_DOWNLOADS.get(kind, ("reference document",))))


_OFFICE = ("outlook", "word", "excel", "teams", "powerpoint", "zoom", "slack", "workspace")


def _download_source(world: World, rng: Random) -> tuple[str, str, str]:
    """What a downloaded file is about, who published it, and what sort of source that is."""
    options: list[tuple[str, str, str]] = []
    for sw in world.profile.software:
        if not sw.lower().endswith(_OFFICE):
            options.append((sw, sw if len(sw) > 2 else f"{sw} Project", "software"))
    mine = world.profile.identity.organization
    vendors = [
        e.name
        for e in world.entities("organization")
        if not _internal(e.name) and e.name != mine and "(own business)" not in e.name
    ]
    if world.domain.client != "internal":
        for e in world.entities("product"):
            head = e.name.split()[0]
            acronym = head.isupper() and len(head) > 1
            options.append(
                (e.name, head if acronym else rng.choice(vendors or [e.name]), "product")
            )
    for v in vendors[:2]:
        options.append((v, v, "vendor"))
    fallback = (rng.choice(world.topics()), world.profile.identity.organization, "")
    return rng.choice(options or [fallback])


def _internal(name: str) -> bool:
    return bool(re.search(r"\b(team|ward|unit|department|outpatients)\b", name.lower()))


def publisher(world: World, d: Draft, rng: Random) -> str:
    """Who published a downloaded file: the tool's maker, a supplier, a council or a bank."""
    if d.folder.area == "personal":
        template = _PERSONAL_AUTHORS.get(d.topic, "{city} City Council")
        return template.format(
            employer=world.profile.identity.organization, city=world.city, stem="Calder"
        )
    return d.publisher or world.profile.identity.organization


def period_of(folder: PlannedFolder) -> tuple[dt.date, dt.date] | None:
    """The days a dated folder stands for, from its own date or the year/quarter/month in its path."""
    segs = folder.path.split("/")
    year = quarter = month = None
    for seg in segs:
        if re.fullmatch(r"(19|20)\d\d", seg):
            year, quarter, month = int(seg), None, None
        elif year and re.fullmatch(r"Q[1-4]", seg):
            quarter = int(seg[1])
        elif m := re.fullmatch(r"((19|20)\d\d)-(\d\d)", seg):
            year, month = int(m.group(1)), int(m.group(3))
        elif year and (m := re.match(r"(\d\d) [A-Z][a-z]+$", seg)):
            month = int(m.group(1))
    if year is None:
        if folder.date is None:
            return None
        return folder.date, folder.date + dt.timedelta(days=364)
    if month and 1 <= month <= 12:
        start = dt.date(year, month, 1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if quarter:
        start = dt.date(year, 3 * quarter - 2, 1)
        return start, (start + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def folder_affinity(kind: str, folder: PlannedFolder) -> float:
    """How natural a file of `kind` is in `folder` (1 is neutral)."""
    name = folder.path.lower()
    code, data = kind in CODE_KINDS, kind in DATA_KINDS
    if folder.area == "system":
        return 0.05
    if folder.area == "downloads":
        return {"pdf": 5, "xlsx": 1.5, "docx": 1.5, "csv": 1.2, "png": 1, "pptx": 0.6}.get(
            kind, 0.1 if code else 0.3
        )
    if re.search(r"photo|visual|image|design|figure|screenshot|pictures|portfolio|drawings", name):
        return 7 if kind == "png" else 0.7 if folder.area != "personal" else 0.05
    if folder.area == "personal":
        return {"pdf": 3, "docx": 2, "xlsx": 2, "png": 1.5, "txt": 1}.get(kind, 0.1)
    if re.search(r"/(src|scripts?|tests?|tools|code|detections|models|notebooks?)\b", name):
        return 6 if code else 2 if data else 0.5
    if re.search(r"/(data|raw|processed|scada|exports?|extracts?|gis)\b", name):
        return 5 if data or kind == "xlsx" else 0.8
    if re.search(r"correspondence|mail|inbox|letters", name):
        return 6 if kind == "eml" else 1.5 if kind in ("docx", "pdf") else 0.3
    if code:
        return 1.2 if "project '" in folder.purpose.lower() or "projects" in name else 0.35
    return 1.0


def project_index(world: World, stable: Random) -> list[PlannedProject]:
    """Current projects, two past ones and the personal area: the same for every batch."""
    current = [
        PlannedProject(id=p.id, name=p.name, status="current", summary=p.description[:400])
        for p in world.profile.current_projects
    ]
    used = " ".join(p.name.lower() for p in world.profile.current_projects)
    spare = [t for t in world.domain.topics if t.lower() not in used]
    past = []
    for topic in stable.sample(spare, k=min(2, len(spare))):
        year = world.today.year - stable.randint(1, 2)
        pid = f"{slug(topic, '-', 38)}-{year}"
        past.append(
            PlannedProject(
                id=pid, name=cap(f"{topic} {year}"), status="past", summary=f"Finished in {year}."
            )
        )
    personal = PlannedProject(
        id="personal", name="Personal admin", status="personal", summary="Home, money, travel."
    )
    return [*current, *past, personal]


def client_of_folder(world: World, folder: PlannedFolder) -> str | None:
    """The fact-sheet client a folder is named after ('Jobs/2024/Thomas Wright'), if any."""
    path = folder.path.lower()
    mine = world.profile.identity.organization.lower()
    for e in world.entities("client", "course", "organization", "asset"):
        name = e.name.lower()
        if len(name) > 3 and name != mine and name in path:
            return e.id
    return None


def project_of_folder(world: World, folder: PlannedFolder, rng: Random):
    """The current project a folder belongs to, by its purpose's '(id)', its name or its client."""
    projects = world.profile.current_projects
    m = re.search(r"\(([a-z0-9][a-z0-9_-]{1,47})\)", folder.purpose)
    if m:
        found = world.project(m.group(1))
        if found is not None:
            return found
    path = folder.path.lower()
    by_name = [
        p for p in projects if p.name.lower() in path or slug(p.name) in slug(path, "-", 400)
    ]
    if by_name:
        return by_name[0]
    by_client = [p for p in projects if p.client.lower() in path]
    if by_client:
        return rng.choice(by_client)
    return None


_PERSONAL_BY_FOLDER = {
    "finance": ("payslip", "council tax bill", "household budget", "current account transactions"),
    "house": ("boiler service receipt", "council tax bill", "letter to the landlord"),
    "cv": ("CV", "cover letter", "references"),
    "travel": ("flight booking", "holiday costs", "packing list"),
}


def topic_for(world: World, d: Draft, rng: Random) -> str:
    """What the file is about, in a few words: a lesson topic, a client, a project."""
    if d.folder.area == "personal":
        leaf = d.folder.path.lower()
        options = list(_PERSONAL_TOPICS.get(d.kind, ("household admin",)))
        for word, fits in _PERSONAL_BY_FOLDER.items():
            if f"/{word}" in leaf:
                options = [t for t in options if t in fits] or options
        return rng.choice(options)
    project = world.project(d.project)
    subject_topics = world.domain.subject_topics
    if subject_topics and any(w in d.artefact.lower() for w in _TEACHING):
        return rng.choice(subject_topics)
    if d.origin == "web_download":
        topic, d.publisher, source = _download_source(world, rng)
        d.artefact = download_artefact(world, d.kind, rng, source)
        return topic
    client = world.entity(d.client_id) if d.client_id and project is None else None
    if client is not None:
        own = world.domain.own_topics
        return f"{client.name} {rng.choice([t for t in world.topics() if t not in own] or world.topics())}"
    if project is not None:
        short = project.client.replace("The ", "").split()[0].lower()
        named_client = world.domain.client not in ("internal", "unit", "class")
        named_client = named_client and project.client != world.profile.identity.organization
        named_client = named_client and "(own business)" not in project.client
        if named_client and rng.random() < 0.25 and short not in project.name.lower():
            return f"{project.client} {project.name.lower()}"
        return project.name
    return rng.choice(world.topics())


def pick_entities(world: World, d: Draft, rng: Random) -> list[str]:
    """Fact-sheet ids the file mentions: its project's, plus a figure or two."""
    if d.folder.area == "personal":
        return []
    if d.origin == "web_download":
        pool = [e.id for e in world.entities("product", "organization")]
        return rng.sample(pool, k=min(len(pool), rng.randint(1, 2)))
    project = world.project(d.project)
    ids = list(project.entities) if project is not None else []
    if project is None and d.client_id:
        ids = [d.client_id]
    types = ("metric", "budget", "key_date", "product", "place", "contract")
    if project is None:
        types = ("metric", "product", "place", "client", "organization")
    extra = [e.id for e in world.entities(*types)]
    extra = [e for e in extra if e not in ids]
    ids += rng.sample(extra, k=min(len(extra), rng.randint(0 if ids else 2, 2 if ids else 4)))
    return ids[:8]


def _facts(world: World, ids: list[str], limit: int = 3) -> str:
    parts = []
    for eid in ids:
        e = world.entity(eid)
        if e is None:
            continue
        if e.type in ("budget", "contract", "account") and e.amount is not None:
            parts.append(f"{e.name} ({money(e.amount, e.currency)})")
        elif e.type == "metric" and e.amount is not None:
            unit = next((a.value for a in e.attributes if a.key == "unit"), "count")
            parts.append(f"{e.name} ({figure(e.amount, unit, e.currency)})")
        elif e.type == "key_date" and e.date is not None:
            parts.append(f"{e.name} ({long_date(e.date)})")
        if len(parts) >= limit:
            break
    return "; ".join(parts)


def describe(world: World, d: Draft) -> str:
    """The purpose line: artefact type first, then what it covers and which figures it quotes."""
    art = cap(d.artefact)
    project = world.project(d.project)
    about = d.topic
    if project is not None and project.name.lower() not in about.lower():
        about = f"{about} ({project.name})"
    facts = _facts(world, d.entities)
    tail = f" Quotes {facts}." if facts else ""
    parent = d.parent
    if parent is not None and d.relation == "version_of":
        return f"{art}: version {d.step + 1} of '{parent.name}' on {about}, with revised figures and the comments from review addressed.{tail}"
    if parent is not None and d.relation == "extracted_from":
        what = "PDF export" if d.kind == "pdf" else "data extract"
        return f"{art}: {what} of '{parent.name}' on {about}, as circulated.{tail}"
    if parent is not None and d.relation == "derived_from":
        return f"{art}: built from the figures in '{parent.name}' on {about}.{tail}"
    if d.kind == "eml":
        who = world.people_on(d.project)[0].name if d.author == world.user else world.user
        attach = f", attaching '{parent.name}'" if parent is not None else ""
        return f"Email: {d.author} to {who} about {about}{attach}.{tail}"
    if parent is not None:
        return f"{art}: {about}, using '{parent.name}'.{tail}"
    if d.origin == "web_download":
        return f"{art}: {about}, downloaded from {d.author}.{tail}"
    if d.origin == "system_generated":
        return f"{art}: {about}, exported from {d.author}.{tail}"
    if d.folder.area == "personal":
        return f"{art}: {about} (personal).{tail}"
    who = "" if d.origin == "user_created" else f" Shared by {d.author}."
    return f"{art}: {about}.{who}{tail}"
