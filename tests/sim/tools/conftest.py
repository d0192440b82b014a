"""A small real computer and the smallest real RunEnv, for the work agent's tools.

`Env` is what a run offers a tool, kept in a dataclass: no store, no model.
`apply()` folds a tool's events back into it the way the run loop's views do
(notes from `note_written`), so a test can chain calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from engine.computer import Computer
from engine.computer.formats import render
from engine.computer.formats.samples import deck, memo, report_pdf, workbook
from engine.schema.objectives import Deliverable, ExpectedOutput, RubricCriterion
from engine.schema.specs import TextSpec
from engine.sim.tools import ToolOutcome, default_tools, execute

AGENT = "Dana Whitfield"
PEOPLE = {
    "Ana Ruiz": "ana.ruiz@northwind.example",
    "Tom Becker": "tom.becker@northwind.example",
}


@dataclass
class Env:
    """A minimal RunEnv: the run's position, the agent's world, and read state for the inbox."""

    computer: Computer
    day: int = 3
    turn: int = 41
    date: dt.date = dt.date(2024, 3, 6)
    agent: str = AGENT
    work: list[Deliverable] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=lambda: dict(PEOPLE))
    messages: list[dict[str, Any]] = field(default_factory=list)
    notes_text: str = ""
    read: set[str] = field(default_factory=set)

    @property
    def today(self) -> dt.date:
        return self.date

    @property
    def agent_name(self) -> str:
        return self.agent

    def deliverables(self) -> list[Deliverable]:
        return list(self.work)

    def collaborator_names(self) -> list[str]:
        return list(self.people)

    def collaborator_emails(self) -> dict[str, str]:
        return dict(self.people)

    def inbox(self) -> list[dict[str, Any]]:
        return list(self.messages)

    def notes(self) -> str:
        return self.notes_text

    def read_message_ids(self) -> set[str]:
        return set(self.read)

    def mark_read(self, ids: list[str]) -> None:
        self.read.update(ids)

    def apply(self, outcome: ToolOutcome) -> None:
        for ev in outcome.events:
            if ev.kind == "note_written":
                self.notes_text = ev.payload["text"]
        self.turn += 1


def deliverable() -> Deliverable:
    return Deliverable(
        id="DLV_001",
        title="Q1 status summary for leadership",
        requester="Ana Ruiz",
        description="A two-page summary of the Q1 status memo, with the budget figures.",
        due_day=5,
        expected_outputs=[
            ExpectedOutput(kind="docx", folder="Documents/Reports", description="The summary.")
        ],
        grounding_files=["Documents/Reports/status memo.docx"],
        collaborators=["Ana Ruiz"],
        rubric=[
            RubricCriterion(
                id=f"DLV_001.R0{i}",
                text=f"Criterion number {i}",
                points=2,
                source="spec",
                visibility="initially_communicated",
            )
            for i in range(1, 4)
        ],
    )


TODO = "# To do\n\n- Call Ana about the budget\n- Review the kickoff deck\n- Call Tom\n"
CLIENTS = "client,city,value\nNorthwind,Seattle,1200\nContoso,Boston,900\n"


@cache
def world_files() -> dict[str, bytes]:
    """The world's files, rendered once per session (rendering a PDF takes most of a second)."""
    return {
        "Documents/Reports/status memo.docx": render("docx", memo(pages=3)),
        "Documents/Reports/annual report.pdf": render("pdf", report_pdf(pages=2)),
        "Finance/expenses.xlsx": render("xlsx", workbook(rows=8)),
        "Presentations/kickoff.pptx": render("pptx", deck(slides=4)),
        "Notes/todo.md": render("md", TextSpec(text=TODO)),
        "Data/clients.csv": CLIENTS.encode(),
        "Finance/broken.xlsx": b"PK\x03\x04 this is not really a workbook" * 10,
    }


def build_world(root: Path) -> None:
    for rel, data in world_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "Archive").mkdir()


@pytest.fixture
def env(tmp_path: Path) -> Env:
    root = tmp_path / "pc"
    root.mkdir()
    build_world(root)
    return Env(computer=Computer(root), work=[deliverable()])


Call = Callable[..., Coroutine[Any, Any, ToolOutcome]]


@pytest.fixture
def call(env: Env) -> Call:
    """`await call("read_file", path=...)`: one tool call through `execute`, folded into env."""
    tools = default_tools(allow_code=True)

    async def _call(tool: str, raw: str | dict[str, Any] | None = None, /, **arguments: Any):
        outcome = await execute(env, tools, tool, raw if raw is not None else arguments)
        assert isinstance(outcome, ToolOutcome)
        env.apply(outcome)
        return outcome

    return _call
