"""How files of a batch become children of older ones: versions (`_v2`, `_FINAL`) next
to their first version, PDF exports of documents, decks and charts built from workbooks,
emails attaching a file, scripts reading an extract. A child is always created after its
parent; most links stay inside the batch, some reach files of earlier batches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random

from engine.schema.plans import (
    PlannedFolder,
)
from engine.synth.scripted.plan_parts import (
    Draft,
)
from engine.synth.scripted.world import World

# child kind -> (relation, parent kinds, probability)
_LINKS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "pdf": ("extracted_from", ("docx", "pptx", "xlsx"), 0.6),
    "pptx": ("derived_from", ("xlsx", "docx"), 0.5),
    "png": ("derived_from", ("xlsx", "csv"), 0.6),
    "eml": ("references", ("docx", "pdf", "xlsx", "pptx"), 0.6),
    "csv": ("extracted_from", ("xlsx",), 0.3),
    "json": ("extracted_from", ("xlsx", "csv"), 0.2),
    "jsonl": ("extracted_from", ("csv",), 0.2),
    "py": ("references", ("csv", "json", "jsonl", "xlsx"), 0.5),
    "r": ("references", ("csv",), 0.5),
    "sql": ("references", ("csv",), 0.3),
    "xlsx": ("derived_from", ("csv",), 0.3),
    "md": ("references", ("docx", "pdf", "py"), 0.25),
    "txt": ("references", ("docx", "pdf"), 0.2),
}
VERSIONED = frozenset({"docx", "xlsx", "pptx", "md", "txt", "py"})


@dataclass
class Batch:
    world: World
    rng: Random
    folders: list[PlannedFolder]
    taken: set[str] = field(default_factory=set)
    drafts: list[Draft] = field(default_factory=list)
    previous: list[Draft] = field(default_factory=list)  # files of earlier batches
    project_ids: set[str] = field(default_factory=set)


def maybe_link(b: Batch, i: int, child: Draft) -> None:
    """Make `child` a version, export or use of an earlier file of the batch, now and then."""
    rng = b.rng
    if child.origin == "web_download" or child.folder.area == "personal":
        return
    mine = [d for d in b.drafts[:i] if d.origin != "web_download"]
    before = [d for d in b.previous if d.created <= child.created]
    if mine and rng.random() < 0.6:
        before = []  # most links stay close: a file and its export are planned together
    earlier = [d for d in [*mine, *before] if d.folder.area not in ("personal", "downloads")]
    if child.kind in VERSIONED and rng.random() < 0.25:
        candidates = [d for d in earlier if d.kind == child.kind and not d.children]
        same = [d for d in candidates if d.folder.path == child.folder.path]
        here = {f.path for f in b.folders}
        if not same and child.folder.area != "downloads":
            # A second version goes where the first one is: move this file next to it.
            same = [d for d in candidates if not d.existing and d.folder.path in here][:1]
        if same:
            parent = max(same, key=lambda d: d.step)
            _attach(b, child, parent, "version_of", same_folder=True)
            child.step = parent.step + 1
            return
    rule = _LINKS.get(child.kind)
    if rule is None or rng.random() >= rule[2]:
        return
    relation, kinds, _ = rule
    same_folder = relation == "extracted_from" and rng.random() < 0.8
    done = {id(d.parent) for d in b.drafts if d.kind == child.kind and d.relation == relation}
    options = [d for d in earlier if d.kind in kinds and id(d) not in done]  # one export each
    here = {f.path for f in b.folders}
    if same_folder:
        options = [d for d in options if d.folder.path in here] or options
        same_folder = all(d.folder.path in here for d in options)
    if not same_folder:
        # A file that stays in its own (maybe dated) folder keeps its date: its parent must be older.
        options = [d for d in options if d.created <= child.created]
    if not options:
        return
    near = [d for d in options if d.project == child.project] or options
    parent = rng.choice(near)
    _attach(b, child, parent, relation, same_folder=same_folder)


def _attach(b: Batch, child: Draft, parent: Draft, relation: str, *, same_folder: bool) -> None:
    rng = b.rng
    child.parent, child.relation = parent, relation
    parent.children += 1
    if same_folder:
        child.folder = parent.folder
    child.project, child.topic, child.artefact = (
        parent.project if parent.project in b.project_ids else child.project,
        parent.topic,
        _child_artefact(b.world, child, parent),
    )
    child.entities = list(dict.fromkeys(parent.entities + child.entities))[:8]
    if child.origin == "system_generated" and relation != "extracted_from":
        child.origin = "user_created"
    if child.origin == "user_created":
        child.author = b.world.user
    if not same_folder and relation != "version_of" and child.created > parent.created:
        return  # it keeps its own date, already after its parent's
    hours = rng.choice((0.2, 1, 3, 20, 48, 24 * rng.randint(3, 25)))
    if relation == "extracted_from":
        hours = rng.choice((0.05, 0.1, 0.5, 2))
    latest = dt.datetime.combine(b.world.today - dt.timedelta(days=1), dt.time(18, 0))
    created = min(parent.created + dt.timedelta(hours=hours), latest)
    child.created = max(created, parent.created + dt.timedelta(minutes=1))


def _child_artefact(world: World, child: Draft, parent: Draft) -> str:
    if child.relation == "version_of" or (
        child.kind == "pdf" and child.relation == "extracted_from"
    ):
        return parent.artefact
    options = world.artefacts_for(child.kind)
    return child.artefact if child.artefact in options else options[0]
