"""A persona: the one-line seed a synthetic computer grows from.

Personas come from three places: a PersonaHub-style JSONL file (`{"persona": ...}`
rows), the seeded sampler in `engine.synth.personas`, or text a person types.
Whatever the source, the text is what the profile stage reads; the occupation
fields are our best reading of it against the taxonomy, kept so later stages
(and the scripted backend) do not have to guess it again.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PersonaSource = Literal["sampled", "jsonl", "text"]


class Persona(BaseModel):
    """One persona: its text, where it came from and, when known, its occupation."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=3,
        max_length=2000,
        description="The persona in one or two sentences, e.g. 'A senior financial advisor at a "
        "mid-sized wealth-management firm in Boston who ...'.",
    )
    occupation: str | None = Field(
        default=None,
        description="The taxonomy title this persona was sampled from or matched to "
        "(e.g. 'Financial Advisor'); None when the text names no occupation we know.",
    )
    occupation_family: str | None = Field(
        default=None, description="Id of the occupation family, e.g. 'financial_advisory'."
    )
    industry: str | None = Field(default=None, description="Industry id, e.g. 'finance'.")
    seed: int | None = Field(
        default=None,
        ge=0,
        description="Seed for the stages that grow this persona into a computer; set by the "
        "sampler so a sampled persona always grows the same way.",
    )
    source: PersonaSource = "text"
    source_ref: str | None = Field(
        default=None,
        description="Where the persona was read from, e.g. 'personas.jsonl:12' (file and line).",
    )

    @field_validator("text")
    @classmethod
    def _squash_whitespace(cls, value: str) -> str:
        # JSONL rows and pasted text carry stray newlines and double spaces; a prompt
        # (and a hash of it) should not depend on them.
        squashed = " ".join(value.split())
        if len(squashed) < 3:
            raise ValueError("a persona needs at least a few words of text")
        return squashed
