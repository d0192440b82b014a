"""What a content responder knows about the file it writes: the `Brief`.

Built from a synth.content.<kind> request and nothing else: the profile, the artifact
plan, the entities it mentions, its parents' text, `today`. It answers the questions
every writer asks: what is this (the artefact type and topic), who wrote it and for
whom, which project, which figures, and what did the parent file say.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from random import Random
from typing import Any

from engine.llm.scripted import ScriptedRequest
from engine.schema.plans import ArtifactPlan
from engine.schema.profile import Collaborator, Entity, Project, UserProfile
from engine.schema.specs import Block, Bullets, Heading, Paragraph, Table
from engine.synth.prompts import read_context
from engine.synth.scripted.common import as_date, stable_rng
from engine.synth.scripted.naming import title_for
from engine.synth.scripted.world import World, artefact_name


@dataclass
class Parent:
    path: str
    kind: str
    relation: str
    author: str = ""
    created: str = ""
    text: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass
class Brief:
    world: World
    artifact: ArtifactPlan
    entities: list[Entity]
    parents: list[Parent]
    rng: Random
    seed: str = "0"  # the world's seed and the model's: keys RNGs shared by related files
    notes: dict[str, Any] = field(default_factory=dict)

    # --- what it is ------------------------------------------------------------------

    @cached_property
    def artefact(self) -> str:
        """The artefact type: the family's name for it when the purpose names one."""
        found = self.world.artefact_in(self.artifact.purpose.split(":", 1)[0])
        return found.name if found else artefact_name(self.artifact.purpose) or self.artifact.kind

    @cached_property
    def topic(self) -> str:
        purpose = self.artifact.purpose
        body = purpose.split(":", 1)[1] if ":" in purpose[:80] else purpose
        m = (
            re.search(r"\bon (.+?)(?:, with|, as circulated|\.\s|\.$|$)", body)
            if "'" in body
            else None
        )
        topic = (
            m.group(1)
            if m
            else re.split(r"\.\s|\.$|, downloaded|, exported|, using|, attaching| \(", body)[0]
        )
        topic = (
            re.sub(r"^(Email: )?.*? about ", "", topic.strip())
            if self.artifact.kind == "eml"
            else topic
        )
        topic = re.sub(r"\s*\(.*$", "", topic).strip(" .")
        return topic or self.artefact

    @cached_property
    def title(self) -> str:
        return title_for(self.artefact, self.topic)

    @cached_property
    def project(self) -> Project | None:
        for pid in self.artifact.projects:
            found = self.world.project(pid)
            if found is not None:
                return found
        return None

    @property
    def kind(self) -> str:
        return self.artifact.kind

    @property
    def currency(self) -> str:
        return self.world.currency

    # --- who -------------------------------------------------------------------------

    @property
    def author(self) -> str:
        return self.artifact.author

    @property
    def by_user(self) -> bool:
        return self.artifact.author == self.world.user

    @cached_property
    def author_role(self) -> str:
        if self.by_user:
            return self.world.profile.identity.role
        c = self.world.colleague(self.author)
        return c.role if c else "Publisher"

    @cached_property
    def audience(self) -> Collaborator | None:
        """Who the file is for: a collaborator on its project (the manager first)."""
        people = [
            c
            for c in self.world.people_on(self.project.id if self.project else None)
            if c.name != self.author
        ]
        boss = [c for c in people if c.relationship == "manager"]
        return (boss or people or [None])[0]  # type: ignore[list-item]

    def people(self, n: int) -> list[str]:
        names = [c.name for c in self.world.people_on(self.project.id if self.project else None)]
        names = [x for x in names if x != self.author]
        return ([self.world.user] if not self.by_user else []) + names[: max(0, n - 1)]

    # --- when ------------------------------------------------------------------------

    @property
    def created(self) -> dt.datetime:
        return self.artifact.created

    @property
    def modified(self) -> dt.datetime:
        return self.artifact.modified

    @property
    def day(self) -> dt.date:
        return self.artifact.created.date()

    # --- facts -----------------------------------------------------------------------

    def of_type(self, *types: str) -> list[Entity]:
        return [e for e in self.entities if e.type in types]

    def stable(self, *parts: Any) -> Random:
        """An RNG shared by every file about the same thing (a v1 and its v2, a docx and its PDF)."""
        return stable_rng(self.seed, *parts)

    @cached_property
    def stem(self) -> str:
        """The file name without folder, extension or version suffix: what versions share."""
        name = self.artifact.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return re.sub(
            r"(_v\d+|_FINAL(_v2|_final)?|_draft|_\d{4}-\d{2}-\d{2}| \(\d+\))$", "", name
        ).lower()

    def parent(self, *relations: str) -> Parent | None:
        return next((p for p in self.parents if not relations or p.relation in relations), None)


def brief_from(request: ScriptedRequest) -> Brief:
    ctx = read_context(request.messages)
    profile = UserProfile.model_validate(ctx["profile"])
    today = as_date(ctx.get("today"), dt.date(2025, 6, 2))
    world = World(profile, today)
    artifact = ArtifactPlan.model_validate(ctx["artifact"])
    entities = [Entity.model_validate(e) for e in ctx.get("entities") or []]
    if not entities:
        entities = [e for e in (world.entity(i) for i in artifact.entities) if e is not None]
    parents = [
        Parent(
            path=str(p.get("path", "")),
            kind=str(p.get("kind", "")),
            relation=str(p.get("relation", "references")),
            author=str(p.get("author", "")),
            created=str(p.get("created", "")),
            text=str(p.get("text") or ""),
        )
        for p in ctx.get("parents") or []
        if isinstance(p, dict)
    ]
    seed = f"{ctx.get('seed') or 0}:{request.seed}"
    return Brief(world, artifact, entities, parents, request.rng, seed=seed)


# --- reading a parent's text back as blocks --------------------------------------------

_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")


def blocks_from_text(text: str) -> list[Block]:
    """A document's extracted text (markdown-ish) as blocks, to re-render it faithfully."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    numbered = False
    rows: list[list[str]] = []

    def flush() -> None:
        nonlocal para, items, rows
        if para:
            blocks.append(Paragraph(text=" ".join(para)))
        if items:
            blocks.append(Bullets(items=items, numbered=numbered))
        if rows:
            width = len(rows[0])
            body = [r[:width] + [""] * (width - len(r)) for r in rows[1:]]
            blocks.append(Table(header=rows[0], rows=body))
        para, items, rows = [], [], []

    for raw in text.splitlines():
        line = raw.strip()
        skip = line.startswith("Title:") and not blocks
        if not line or skip or re.match(r"^## Page \d+$", line):
            flush()
            continue
        if line.startswith("|"):
            if para or items:
                flush()
            if not _TABLE_SEP.match(line):
                rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        m = re.match(r"^(#{1,4})\s+(.*)", line)
        if m:
            flush()
            blocks.append(Heading(level=len(m.group(1)), text=m.group(2)[:300] or "Section"))
            continue
        m = re.match(r"^(?:[-*\u2022]|(\d+)[.)])\s+(.*)", line)
        if m:
            if para or rows:
                flush()
            numbered = bool(m.group(1))
            items.append(m.group(2))
            continue
        if items or rows:
            flush()
        para.append(line)
    flush()
    return blocks
