"""synth.artifacts: one batch of the file list and its graph (`ArtifactPlanSet`).

A batch is `count` files for the folders it names. Kinds are drawn from `kind_mix`
and placed where such files live (code in src folders, PDFs in Downloads, images in
photo folders); each file gets a project (from its folder, else the user's current
work), an artefact type of the family that is kept as that kind, entities from the
fact sheet, an origin and author, and dates inside its folder's year or quarter and
the user's history. A second pass turns some files into children of earlier ones:
versions (`_v2`, `_FINAL`), PDF exports of documents, decks built from workbooks,
charts exported from data, emails attaching a document, scripts reading an extract.
Children are always created after their parents, so the graph is a DAG in time
(the linking rules are in `links`).

Parents may also be files of earlier batches (`existing_files`): a deck in this batch
built from last batch's workbook. The reply is therefore a `BatchReply`, the same JSON
as `ArtifactPlanSet` without the whole-set graph check (a link's target is in another
batch); the batches merged together form a valid `ArtifactPlanSet`, every link pointing
at an older planned file.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from pydantic import ValidationInfo, model_validator

from engine.llm.scripted import ScriptedRequest
from engine.schema.plans import (
    MAX_PATH,
    ArtifactLink,
    ArtifactPlan,
    ArtifactPlanSet,
    FolderPlan,
    PlannedFolder,
)
from engine.schema.profile import UserProfile
from engine.synth.prompts import read_context
from engine.synth.scripted import naming
from engine.synth.scripted.common import as_date, as_datetime, stable_rng, weighted, work_time
from engine.synth.scripted.links import VERSIONED, Batch, maybe_link
from engine.synth.scripted.plan_parts import (
    PERSONAL,
    Draft,
    client_of_folder,
    describe,
    folder_affinity,
    period_of,
    pick_entities,
    project_index,
    project_of_folder,
    publisher,
    topic_for,
)
from engine.synth.scripted.world import CODE_KINDS, World


# child kind -> (relation, parent kinds, probability)
def respond(request: ScriptedRequest) -> ArtifactPlanSet:
    ctx = read_context(request.messages)
    world = World(
        UserProfile.model_validate(ctx["profile"]), as_date(ctx.get("today"), dt.date(2025, 6, 2))
    )
    folders = FolderPlan.model_validate(ctx["folders"])
    return plan_batch(
        world,
        folders,
        ctx.get("batch") or {},
        ctx.get("existing_files") or [],
        ctx.get("kind_mix") or {"docx": 50, "xlsx": 30, "pdf": 20},
        f"{ctx.get('seed') or 0}:{request.seed}",
        request.rng,
    )


class BatchReply(ArtifactPlanSet):
    """One batch's files: `ArtifactPlanSet` on the wire, checked file by file only."""

    __doc__ = ArtifactPlanSet.__doc__

    @model_validator(mode="after")
    def _graph(self, info: ValidationInfo) -> BatchReply:
        # Links may point at files planned by earlier batches; merging checks the whole graph.
        return self


_STAMP = re.compile(r"^(\d{4}-?\d{2}-?\d{2}[ _-]|[A-Z]{2,5}\d{2}-\d{2}_)")
_VERSION = re.compile(r"(_v(\d+)|_FINAL(_v2|_final)?|_draft|_\d{4}-\d{2}-\d{2}| \((\d+)\))$")


def _previous(world: World, known: dict[str, PlannedFolder], existing: list[dict]) -> list[Draft]:
    """Files of earlier batches as possible parents: their kind, folder, date and topic."""
    out = []
    for row in existing:
        path = str(row.get("path") or "")
        kind = str(row.get("kind") or "")
        if "/" not in path or not row.get("created"):
            continue
        folder_path, name = path.rsplit("/", 1)
        folder = known.get(folder_path) or PlannedFolder(
            path=folder_path, purpose="work files", area="work"
        )
        stem = _VERSION.sub("", _STAMP.sub("", name.rsplit(".", 1)[0]))
        found = world.artefact_in(stem)
        artefact = found.name if found else (world.artefacts_for(kind) or ["file"])[0]
        topic = (
            re.sub(re.escape(artefact) + "$", "", stem.replace("_", " "), flags=re.I).strip()
            or stem
        )
        projects = [p for p in row.get("projects") or [] if isinstance(p, str)]
        m = _VERSION.search(name.rsplit(".", 1)[0])
        step = (
            int(m.group(2)) - 1 if m and m.group(2) else (1 if m and "FINAL" in m.group(0) else 0)
        )
        d = Draft(kind=kind, folder=folder, artefact=artefact, origin="user_created", existing=True)
        d.project, d.topic, d.name, d.path = (projects[0] if projects else None), topic, name, path
        d.created, d.step = as_datetime(row["created"]), max(0, step)
        out.append(d)
    return out


def plan_batch(
    world: World,
    plan: FolderPlan,
    batch: dict,
    existing: list[dict],
    kind_mix: dict[str, float],
    seed: str,
    rng: Random,
) -> ArtifactPlanSet:
    profile = world.profile
    known = {f.path: f for f in plan.folders}
    paths = [str(p).replace("\\", "/").rstrip("/") for p in batch.get("folders") or []]
    folders = [
        known.get(p) or PlannedFolder(path=p, purpose="work files", area="work") for p in paths
    ]
    if not folders:
        folders = [f for f in plan.folders if f.area != "system"][:1] or plan.folders[-1:]
    count = max(1, int(batch.get("count") or len(folders)))
    b = Batch(world, rng, folders, taken={str(e.get("path", "")).lower() for e in existing})
    b.previous = _previous(world, known, existing)
    stable = stable_rng(profile.identity.username, seed)
    window = stable.randint(400, 1095)
    index = project_index(world, stable)
    b.project_ids = {p.id for p in index}
    kinds = _kinds(kind_mix, count, rng)
    used: dict[str, int] = {}
    for kind in kinds:
        folder = _folder_for(b, kind, used)
        used[folder.path] = used.get(folder.path, 0) + 1
        b.drafts.append(_draft(b, kind, folder, index, window))
    for i, child in enumerate(b.drafts):
        maybe_link(b, i, child)
    artifacts = [_finish(b, d, n) for n, d in enumerate(b.drafts, start=1)]
    wanted = {p for a in artifacts for p in a.projects}
    projects = [p for p in index if p.id in wanted or p.status == "current"]
    return BatchReply(projects=projects, artifacts=artifacts)


def _kinds(mix: dict[str, float], count: int, rng: Random) -> list[str]:
    """`count` kinds in proportion to `mix` (largest remainders), in a seeded order."""
    weights = {k: float(v) for k, v in mix.items() if float(v) > 0}
    total = sum(weights.values()) or 1.0
    exact = {k: v * count / total for k, v in weights.items()}
    out = [k for k, v in exact.items() for _ in range(int(v))]
    rest = sorted(exact, key=lambda k: exact[k] - int(exact[k]) + rng.random() * 0.3, reverse=True)
    out += rest[: count - len(out)]
    while len(out) < count:
        out.append(weighted(rng, weights))
    rng.shuffle(out)
    return out


_AREA_WEIGHT = {"work": 1.0, "downloads": 0.8, "archive": 0.5, "personal": 0.2, "system": 0.05}


def _folder_for(b: Batch, kind: str, used: dict[str, int]) -> PlannedFolder:
    """Where this kind of file lives among the batch's folders; work folders get most files."""
    scores = {
        f.path: folder_affinity(kind, f)
        * _AREA_WEIGHT.get(f.area, 1.0)
        * (0.6 + b.rng.random())
        / (1 + used.get(f.path, 0)) ** 1.3
        for f in b.folders
    }
    best = max(scores, key=lambda p: scores[p])
    return next(f for f in b.folders if f.path == best)


def _draft(b: Batch, kind: str, folder: PlannedFolder, index: list, window: int) -> Draft:
    world, rng = b.world, b.rng
    project = project_of_folder(world, folder, rng)
    downloads = folder.area == "downloads"
    personal = folder.area == "personal"
    if personal:
        project = None
    artefact = (
        rng.choice(world.artefacts_for(kind)) if not personal else PERSONAL.get(kind, "notes")
    )
    if kind == "eml":
        artefact = "email"
    origin = "user_created"
    if downloads:
        origin = (
            "web_download"
            if rng.random() < 0.8 or kind not in ("docx", "xlsx", "pptx")
            else "shared"
        )
    elif personal:
        origin = "web_download" if kind == "pdf" else "user_created"
    elif kind in ("docx", "xlsx", "pptx", "pdf") and rng.random() < 0.18:
        origin = "shared"
    elif kind in ("csv", "json", "jsonl") and rng.random() < 0.3:
        origin = "system_generated"
    draft = Draft(kind=kind, folder=folder, artefact=artefact, origin=origin)
    if project is None and not personal and not downloads:
        draft.client_id = client_of_folder(world, folder)
    unowned = personal or draft.client_id is not None
    draft.project = (
        project.id if project else (None if unowned else _fallback_project(index, folder, rng))
    )
    draft.topic = topic_for(world, draft, rng)
    draft.entities = pick_entities(world, draft, rng)
    draft.author = _author(world, draft, rng)
    draft.created = _created(world, draft, window, rng)
    project = world.project(draft.project)
    if project is not None and draft.created.date() < project.start_date - dt.timedelta(days=30):
        # A dated folder put the file before its project began: it belongs to earlier work.
        draft.project = None
        draft.topic = topic_for(world, draft, rng)
        draft.entities = pick_entities(world, draft, rng)
    return draft


def _fallback_project(index: list, folder: PlannedFolder, rng: Random) -> str | None:
    if folder.area == "archive":
        past = [p.id for p in index if p.status == "past"]
        return rng.choice(past) if past else None
    current = [p.id for p in index if p.status == "current"]
    return rng.choice(current) if current and rng.random() < 0.75 else None


def _author(world: World, d: Draft, rng: Random) -> str:
    if d.origin == "user_created":
        return world.user
    if d.origin == "system_generated":
        office = ("outlook", "word", "teams", "powerpoint", "zoom", "slack", "google workspace")
        tools = [s for s in world.profile.software if not s.lower().endswith(office)]
        tool = rng.choice(tools or world.profile.software)
        return tool if len(tool) > 2 else f"{tool} Project"
    if d.origin == "web_download":
        return publisher(world, d, rng)
    people = world.people_on(d.project)
    return rng.choice(people).name


def _created(world: World, d: Draft, window: int, rng: Random) -> dt.datetime:
    last = world.today - dt.timedelta(days=1)
    lo, hi = world.today - dt.timedelta(days=window), last
    f = d.folder
    period = period_of(f)
    if period is not None:
        lo, end = period
        hi = min(last, end)
        lo = min(lo, hi)
    else:
        project = world.project(d.project)
        if project is not None:
            lo = min(max(lo, project.start_date - dt.timedelta(days=14)), hi)
        if f.area == "archive":
            hi = max(lo, world.today - dt.timedelta(days=200))
    span_days = max(0, (hi - lo).days)
    day = lo + dt.timedelta(days=int(span_days * rng.random() ** 0.8))
    if day.weekday() >= 5 and rng.random() < 0.8:
        day = max(lo, day - dt.timedelta(days=day.weekday() - 4))
    return work_time(rng, day)


def _finish(b: Batch, d: Draft, n: int) -> ArtifactPlan:
    """Name the file, set its modified time, and write its purpose."""
    world, rng = b.world, b.rng
    habits = world.profile.work_habits
    day = d.created.date()
    if d.parent is not None and d.relation == "version_of":
        name = naming.with_suffix(d.parent.name, naming.version_suffix(habits, d.step, day, rng))
    elif d.parent is not None and d.relation == "extracted_from" and d.kind == "pdf":
        name = naming.with_kind(d.parent.name, "pdf")
    elif d.origin == "web_download":
        name = naming.download_name(
            naming.title_for(d.artefact, d.topic), d.kind, rng, copy=rng.random() < 0.15
        )
    elif d.kind == "eml":
        subject = rng.choice(("RE ", "RE ", "FW ", "")) + d.topic
        subject += rng.choice(("", "", " - next steps", " - figures", " - draft for review"))
        name = naming.clean(f"{subject}.eml")
    elif d.kind in CODE_KINDS or d.kind in ("yaml", "toml", "ini", "jsonl"):
        name = naming.code_name(d.topic, d.kind, rng, folder=d.folder.path, artefact=d.artefact)
    else:
        title = naming.title_for(d.artefact, d.topic)
        project = world.project(d.project)
        code = naming.project_code(project.name, project.start_date, 1) if project else ""
        suffix = (
            naming.version_suffix(habits, 0, day, rng)
            if d.kind in VERSIONED and d.kind not in CODE_KINDS
            else ""
        )
        name = naming.file_name(title, d.kind, habits, day, rng, suffix=suffix, code=code, n=n)
    room = MAX_PATH - len(d.folder.path) - 12  # leave space for a ' (n)' on a clash
    if len(name) > room:
        stem, _, ext = name.rpartition(".")
        name = f"{stem[: max(8, room - len(ext) - 1)].rstrip(' .-_')}.{ext}"
    d.name = _unique(b, d.folder.path, name)
    d.path = f"{d.folder.path}/{d.name}"
    latest = dt.datetime.combine(world.today - dt.timedelta(days=1), dt.time(18, 30))
    gap = rng.choice((0, 0, 0.3, 2, 26, 24 * rng.randint(2, 40), 24 * rng.randint(30, 200)))
    if d.relation == "extracted_from" or d.origin in ("web_download", "system_generated"):
        gap = 0
    modified = min(d.created + dt.timedelta(hours=gap), max(latest, d.created))
    links = [ArtifactLink(relation=d.relation, target=d.parent.path)] if d.parent else []  # type: ignore[arg-type]
    return ArtifactPlan(
        path=d.path,
        kind=d.kind,  # type: ignore[arg-type]
        purpose=describe(world, d)[:600],
        author=d.author[:120],
        created=as_datetime(d.created),
        modified=modified,
        origin=d.origin,  # type: ignore[arg-type]
        projects=[d.project] if d.project else [],
        entities=d.entities[:12],
        links=links,
    )


def _unique(b: Batch, folder: str, name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 2
    while f"{folder}/{candidate}".lower() in b.taken:
        candidate = (
            f"{stem} ({n}){dot}{ext}"
            if n > 2 or not stem.endswith(")")
            else f"{stem}_{n}{dot}{ext}"
        )
        n += 1
    b.taken.add(f"{folder}/{candidate}".lower())
    return candidate
