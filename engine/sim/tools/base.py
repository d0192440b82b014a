"""What a work-agent tool is, and what the run offers it.

A tool is a name, a description, a pydantic params model (its JSON schema is
what the model sees) and an async `run`. Tools never talk to the store: they
act on the run's computer and on the `RunEnv`, and return what happened as
`ToolOutcome.events` for the run loop to append in the turn's one transaction.
A tool that cannot do what was asked raises `ToolFailure` with what was wrong
and how to fix it; `execute` turns that (and bad arguments, unknown tools,
paths outside the computer, invalid specs) into an observation the model reads
next turn (online feedback), never into an exception that ends the run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, Field

from engine.computer import Computer
from engine.schema.objectives import Deliverable
from engine.store.records import NewEvent


class ToolFailure(Exception):
    """The tool could not do it; `hint` tells the model how to succeed next time."""

    def __init__(self, message: str, hint: str = "", kind: str = "tool_error") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.kind = kind

    def observation(self) -> str:
        return f"ERROR: {self.message}" + (f"\nHow to fix: {self.hint}" if self.hint else "")


class ToolOutcome(BaseModel):
    ok: bool = True
    observation: str
    error_kind: str | None = None
    events: list[NewEvent] = Field(default_factory=list)
    ends_day: bool = False


class RunEnv(Protocol):
    """The parts of a running simulation a tool may use.

    An env may also offer these optional members; the tools use them when
    present and fall back sensibly when not:

    - `now` (a datetime): the simulated clock, dating the files the agent
      writes; without it the time is made up from `today` and `turn`.
    - `collaborator_emails() -> dict[str, str]` (name -> address): lets the
      agent address a collaborator by email as well as by name.
    - `read_message_ids() -> set[str]` and `mark_read(ids: list[str])`: the
      inbox's read state, kept by the run (and rebuilt from its log on resume);
      without them `read_inbox` remembers what it showed for the life of the
      tool object.
    """

    computer: Computer
    day: int
    turn: int

    @property
    def today(self) -> dt.date: ...

    @property
    def agent_name(self) -> str: ...

    def deliverables(self) -> list[Deliverable]:
        """The deliverables as the agent knows them (brief only; no hidden rubric)."""
        ...

    def collaborator_names(self) -> list[str]: ...

    def inbox(self) -> list[dict[str, Any]]:
        """Messages delivered to the agent so far (MessagePayload dicts), oldest first."""
        ...

    def notes(self) -> str: ...


class Tool(Protocol):
    """A tool the work agent may call. The engine's tools also carry an `example` dict of
    valid arguments, which `execute` shows the model when its arguments do not fit."""

    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    async def run(self, env: RunEnv, params: BaseModel) -> ToolOutcome: ...
