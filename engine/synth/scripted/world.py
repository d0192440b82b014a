"""A profile read back as the world later stages write into.

The folder, artifact and content stages all receive the `UserProfile` as JSON; this
wraps it with what they keep asking: the occupation family (recovered from the role),
its vocabulary, the currency, who works on which project, which fact-sheet entities
are clients or budgets, and which of the family's artefact types a purpose names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from engine.schema.profile import Collaborator, Entity, Project, UserProfile
from engine.synth.occupations import ArtifactType, OccupationFamily
from engine.synth.scripted.common import Domain, city_of, domain_for, family_for_role

# The artefact a file of each kind is when the family names none for it.
KIND_FALLBACK = {
    "docx": "report",
    "pdf": "reference document",
    "xlsx": "tracker",
    "pptx": "presentation",
    "png": "chart",
    "eml": "email",
    "txt": "notes",
    "md": "notes",
    "rst": "notes",
    "csv": "data export",
    "tsv": "data export",
    "json": "data export",
    "jsonl": "event log",
    "yaml": "configuration",
    "toml": "configuration",
    "ini": "settings file",
    "xml": "data export",
    "py": "analysis script",
    "r": "analysis script",
    "sh": "helper script",
    "sql": "SQL query",
    "js": "script",
    "ts": "script",
    "html": "web page",
    "css": "stylesheet",
    "tex": "paper draft",
}
CODE_KINDS = frozenset("py js ts sh sql r java c cpp go rs rb css html".split())
DATA_KINDS = frozenset("csv tsv json jsonl yaml toml ini xml".split())


@dataclass
class World:
    profile: UserProfile
    today: dt.date

    @cached_property
    def family(self) -> OccupationFamily | None:
        p = self.profile
        return family_for_role(p.identity.role, p.work_context)

    @cached_property
    def domain(self) -> Domain:
        p = self.profile
        return domain_for(
            self.family.id if self.family else None, f"{p.identity.role} {p.biography[:200]}"
        )

    @cached_property
    def currency(self) -> str:
        seen = Counter(e.currency for e in self.profile.fact_sheet.entities if e.currency)
        if seen:
            return seen.most_common(1)[0][0]
        city = city_of(self.profile.identity.location)
        return city.currency if city else "USD"

    @property
    def user(self) -> str:
        return self.profile.identity.full_name

    @property
    def first(self) -> str:
        return self.user.split()[0]

    @property
    def city(self) -> str:
        return self.profile.identity.location.split(",")[0].strip()

    def project(self, project_id: str | None) -> Project | None:
        return next((p for p in self.profile.current_projects if p.id == project_id), None)

    def entity(self, entity_id: str) -> Entity | None:
        return self.profile.fact_sheet.get(entity_id)

    def entities(self, *types: str) -> list[Entity]:
        return [e for e in self.profile.fact_sheet.entities if not types or e.type in types]

    def people_on(self, project_id: str | None) -> list[Collaborator]:
        on = [c for c in self.profile.collaborators if project_id and project_id in c.projects]
        return on or list(self.profile.collaborators)

    def colleague(self, name: str) -> Collaborator | None:
        return next((c for c in self.profile.collaborators if c.name == name), None)

    def manager(self) -> Collaborator | None:
        return next((c for c in self.profile.collaborators if c.relationship == "manager"), None)

    def artefacts_for(self, kind: str) -> list[str]:
        """The family's artefact types kept as this kind, the usual ones first."""
        if self.family is None:
            return [KIND_FALLBACK.get(kind, "file")]
        first = [a.name for a in self.family.artifacts if a.kinds[0] == kind]
        other = [a.name for a in self.family.artifacts if kind in a.kinds[1:]]
        return first + other or [KIND_FALLBACK.get(kind, "file")]

    def artefact_in(self, text: str) -> ArtifactType | None:
        """The family artefact type a purpose names (the longest name found wins)."""
        if self.family is None:
            return None
        low = text.lower()
        hits = [a for a in self.family.artifacts if a.name.lower() in low]
        return max(hits, key=lambda a: len(a.name)) if hits else None

    def topics(self) -> list[str]:
        return list(self.domain.subject_topics or self.domain.topics)


def artefact_name(purpose: str) -> str:
    """The artefact a purpose starts with ('Lesson plan: ...' -> 'lesson plan')."""
    head = re.split(r"[:(\u2013\u2014]| - ", purpose, maxsplit=1)[0]
    return head.strip().lower()
