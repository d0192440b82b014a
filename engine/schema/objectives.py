"""A month of work: deliverables with hidden rubrics, the collaborators who own them,
and what those collaborators will do on their own.

The objectives agent (playing the user's senior manager) writes `Objectives`
from the profile and the computer; a person can also write or edit them by hand
(YAML/JSON) and pass them in. The work agent never sees a rubric: it sees only
the brief of each deliverable and the criteria marked `initially_communicated`.
Collaborators answer from the rubric items they own, revealing
`revealed_on_ask` items only when asked the right question; `only_at_review`
items are judged at the end (PAPER_NOTES §2).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RubricSource = Literal["spec", "interaction", "expertise", "reference", "quality"]
Visibility = Literal["initially_communicated", "revealed_on_ask", "only_at_review"]
InterventionKind = Literal[
    "requirement_change", "correction", "new_request", "reminder", "file_shared"
]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RubricCriterion(_Closed):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$", description="e.g. 'DLV_001.R03'")
    text: str = Field(min_length=5, max_length=500, description="What a grader checks, concretely.")
    points: Literal[1, 2, 5] = Field(description="1 cosmetic, 2 substantive, 5 critical.")
    source: RubricSource
    visibility: Visibility
    keywords: list[str] = Field(
        default_factory=list,
        max_length=8,
        description="Words a question must touch for a collaborator to reveal this item.",
    )


class ExpectedOutput(_Closed):
    kind: str = Field(min_length=2, max_length=8, description="File kind, e.g. 'docx', 'xlsx'.")
    folder: str = Field(
        min_length=1, max_length=300, description="Where it belongs on the computer."
    )
    description: str = Field(min_length=5, max_length=400)


class Milestone(_Closed):
    day: int = Field(ge=1, le=60)
    text: str = Field(min_length=3, max_length=300)


class Deliverable(_Closed):
    id: str = Field(pattern=r"^DLV_\d{3}$")
    title: str = Field(min_length=5, max_length=160)
    requester: str = Field(
        min_length=2, max_length=80, description="The collaborator who asked for it."
    )
    project: str = Field(default="", max_length=120)
    description: str = Field(min_length=20, max_length=2000, description="The brief as given.")
    due_day: int = Field(ge=1, le=60)
    milestones: list[Milestone] = Field(default_factory=list, max_length=8)
    expected_outputs: list[ExpectedOutput] = Field(min_length=1, max_length=10)
    grounding_files: list[str] = Field(
        default_factory=list, max_length=20, description="Existing files the work must use."
    )
    collaborators: list[str] = Field(default_factory=list, max_length=8)
    rubric: list[RubricCriterion] = Field(min_length=3, max_length=80)

    @property
    def total_points(self) -> int:
        return sum(c.points for c in self.rubric)

    def brief_criteria(self) -> list[RubricCriterion]:
        return [c for c in self.rubric if c.visibility == "initially_communicated"]


class PrivateFile(_Closed):
    """A file only a collaborator holds until asked; sent as an attachment."""

    name: str = Field(min_length=3, max_length=120, description="File name with extension.")
    description: str = Field(min_length=5, max_length=600, description="What is in it.")
    planted_error: str | None = Field(
        default=None,
        max_length=300,
        description="A deliberate mistake in it a careful worker catches.",
    )


class CollaboratorPersona(_Closed):
    name: str = Field(min_length=2, max_length=80)
    role: str = Field(min_length=2, max_length=100)
    email: str = Field(max_length=120)
    communication_style: str = Field(min_length=3, max_length=300)
    decision_authority: str = Field(default="", max_length=300)
    preferences: list[str] = Field(default_factory=list, max_length=8)
    knowledge: list[str] = Field(
        default_factory=list, max_length=20, description="Facts they know and will tell when asked."
    )
    private_files: list[PrivateFile] = Field(default_factory=list, max_length=6)
    reply_after_turns: int = Field(
        default=3, ge=0, le=200, description="How long they take to answer."
    )
    reliability: float = Field(
        default=0.9, ge=0, le=1, description="Chance an answer is right and complete."
    )


class Intervention(_Closed):
    """Something a collaborator does on their own on a given day."""

    day: int = Field(ge=1, le=60)
    sender: str = Field(min_length=2, max_length=80)
    kind: InterventionKind
    deliverable_id: str | None = Field(default=None, pattern=r"^DLV_\d{3}$")
    subject: str = Field(min_length=3, max_length=200)
    body: str = Field(min_length=5, max_length=4000)


class Objectives(_Closed):
    summary: str = Field(min_length=10, max_length=2000, description="The month in a paragraph.")
    deliverables: list[Deliverable] = Field(min_length=1, max_length=6)
    collaborators: list[CollaboratorPersona] = Field(min_length=1, max_length=10)
    interventions: list[Intervention] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _consistent(self) -> Objectives:
        names = {c.name for c in self.collaborators}
        ids = [d.id for d in self.deliverables]
        if len(set(ids)) != len(ids):
            raise ValueError("deliverable ids repeat; number them DLV_001, DLV_002, ...")
        for d in self.deliverables:
            if d.requester not in names:
                raise ValueError(
                    f"{d.id} is requested by {d.requester!r}, who is not a collaborator"
                )
            rids = [c.id for c in d.rubric]
            if len(set(rids)) != len(rids):
                raise ValueError(f"{d.id} has repeated rubric ids")
        for i in self.interventions:
            if i.sender not in names:
                raise ValueError(
                    f"an intervention on day {i.day} comes from {i.sender!r}, who is not a collaborator"
                )
            if i.deliverable_id is not None and i.deliverable_id not in ids:
                raise ValueError(
                    f"an intervention names {i.deliverable_id}, which is not a deliverable"
                )
        return self

    def collaborator(self, name: str) -> CollaboratorPersona | None:
        return next((c for c in self.collaborators if c.name.lower() == name.lower()), None)

    def deliverable(self, id_: str) -> Deliverable | None:
        return next((d for d in self.deliverables if d.id == id_), None)
