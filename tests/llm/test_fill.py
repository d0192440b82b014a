"""The scripted fallback builds schema-valid values for whatever model the engine asks for."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from random import Random
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field

from engine.llm.scripted import fill


class ArtifactKind(enum.StrEnum):
    doc = "doc"
    sheet = "sheet"
    deck = "deck"
    pdf = "pdf"


class Collaborator(BaseModel):
    name: str
    email: str
    role: str
    relationship: Literal["manager", "peer", "client", "report"]


class Criterion(BaseModel):
    criterion: str = Field(min_length=10, max_length=200)
    weight: float = Field(gt=0, le=1)


class Objective(BaseModel):
    title: str
    due_day: int = Field(ge=1, le=20)
    start_date: dt.date
    created_at: dt.datetime
    outputs: list[ArtifactKind] = Field(min_length=1, max_length=3)
    rubric: list[Criterion] = Field(min_length=2)
    budget: float | None = None
    owner: Collaborator | None = None


class Folder(BaseModel):
    name: str
    children: list[Folder] = Field(default_factory=list)


class Email(BaseModel):
    kind: Literal["email"]
    subject: str


class Chat(BaseModel):
    kind: Literal["chat"]
    channel: str


class Profile(BaseModel):
    full_name: str
    occupation: str
    employer: str
    birthday: dt.date
    collaborators: list[Collaborator] = Field(min_length=2, max_length=6)
    objectives: list[Objective]
    tree: Folder
    message: Annotated[Email | Chat, Field(discriminator="kind")]
    hours_per_week: dict[str, float]
    code: str = Field(pattern=r"^[A-Z]{3}-\d+$")
    id: uuid.UUID
    pair: tuple[int, str]


@pytest.mark.parametrize("seed", range(40))
def test_a_nested_model_always_validates(seed: int) -> None:
    value = fill(Profile.model_json_schema(), Random(seed))
    profile = Profile.model_validate(value)
    assert profile.objectives is not None
    assert 2 <= len(profile.collaborators) <= 6


def test_values_look_like_what_their_names_say() -> None:
    profile = Profile.model_validate(fill(Profile.model_json_schema(), Random(7)))
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][A-Za-z']+", profile.full_name)
    for person in profile.collaborators:
        first = person.name.lower().split(" ", 1)[0]
        assert person.email.startswith(f"{first}.")  # the address follows the name
        assert re.fullmatch(r"[a-z.]+@[a-z]+\.[a-z]+", person.email)
    assert dt.date(2024, 1, 1) < profile.birthday < dt.date(2028, 1, 1)
    criteria = [c.criterion for o in profile.objectives for c in o.rubric]
    assert all(len(c.split()) >= 2 for c in criteria)  # sentences, not placeholder tokens


def test_the_same_rng_seed_gives_the_same_value() -> None:
    schema = Profile.model_json_schema()
    assert fill(schema, Random(3)) == fill(schema, Random(3))
    assert fill(schema, Random(3)) != fill(schema, Random(4))


def test_recursive_models_stop_growing() -> None:
    for seed in range(20):
        Folder.model_validate(fill(Folder.model_json_schema(), Random(seed)))


def test_plain_json_schema_without_pydantic() -> None:
    schema = {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "count": {"type": "integer", "minimum": 5, "maximum": 6},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "flags": {"type": "array", "items": {"type": "boolean"}, "maxItems": 0},
            "mode": {"enum": ["read", "write"]},
            "fixed": {"const": 3},
            "anything": {},
            "when": {"type": "string", "format": "date-time"},
        },
        "required": ["path", "count", "ratio", "flags", "mode", "fixed", "anything", "when"],
    }
    value = fill(schema, Random(1))
    assert "/" in value["path"]
    assert value["count"] in (5, 6) and 0 < value["ratio"] < 1
    assert value["flags"] == [] and value["mode"] in ("read", "write") and value["fixed"] == 3
    assert dt.datetime.fromisoformat(value["when"].replace("Z", "+00:00"))
