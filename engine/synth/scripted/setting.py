"""What the profile's cast is built around (`Setting`), what it yields (`Cast`), and the one
way fact-sheet entities are made, so ids stay unique and snake_case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.schema.profile import Attribute, Collaborator, Entity, Project
from engine.synth.occupations import OccupationFamily
from engine.synth.scripted.common import (
    Domain,
    entity_id,
)
from engine.synth.scripted.people import Person


@dataclass
class Cast:
    entities: list[Entity] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    collaborators: list[Collaborator] = field(default_factory=list)


@dataclass
class Setting:
    """Who and where: everything the cast is built around."""

    family: OccupationFamily
    domain: Domain
    user: Person
    employer: str
    employer_domain: str
    country: str
    city: str
    currency: str
    today: dt.date
    seniority: str
    year_label: str  # "2024/25" or "FY2025"
    user_email: str = ""
    duties: tuple[str, ...] = ()  # the work the persona names, as project topics


def make_entity(
    taken: set[str],
    prefix: str,
    etype: str,
    name: str,
    amount: float | None = None,
    currency: str | None = None,
    attrs: list[tuple[str, str]] | None = None,
    *,
    date: dt.date | None = None,
    description: str = "",
) -> Entity:
    return Entity(
        id=entity_id(prefix, name, taken),
        type=etype,  # type: ignore[arg-type]
        name=name[:120],
        description=description[:400],
        amount=amount,
        currency=currency if amount is not None else None,
        date=date,
        attributes=[Attribute(key=k, value=v[:300]) for k, v in (attrs or [])],
    )
