"""What the objectives agent is asked, and the context block it reads.

The messages follow world creation's pattern (`engine.synth.prompts`): a
system part that is the same for every world (so a server's prefix cache can
serve it), then one user message with the task in prose and the inputs as JSON
between `<context>` and `</context>`. Real models read the JSON; the scripted
backend reads the same block with `engine.synth.prompts.read_context`, so it
answers from exactly what it was given.

Purpose `sim.objectives`, output `engine.schema.objectives.Objectives`. Context:

    {"profile": UserProfile,
     "occupation": {"title", "family", "family_name", "artifacts": [{"name", "kinds"}],
                    "collaborator_roles": [str]} | null,
     "today": date (the day the computer was captured; the month starts after it),
     "days": int (working days in the month), "seed": int,
     "folders": [path] (work folders, where outputs may go),
     "documents": path, "downloads": path (disk paths of the user's folders),
     "tree": [{"path", "kind", "modified", "created"?, "projects"?, "entities"?}],
     "samples": [{"path", "kind", "text"}] (8-12 trimmed extracts, most relevant first)}

Paths are relative to the computer's root with `/` (`C/Users/ana/Documents/...`):
the form the sandbox accepts whatever the operating system the user has.

A repair (grounding files that do not exist, due days past the month) appends
the previous answer as an assistant message and a user message whose
`<repair>` JSON block says what to fix: `{"problems": [str], "missing_files":
[path], "days": int}`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from engine.llm import ChatMessage

PROMPT_VERSION = "sim-objectives-1"
PURPOSE = "sim.objectives"

SYSTEM = (
    "You are the senior manager of the person who owns this computer. You plan their next "
    "month of work: concrete deliverables that someone in their exact job, employer and "
    "projects would really be given, grounded in the files already on their computer and in "
    "the people they work with. You also write the collaborators as people with their own "
    "style, authority, preferences, knowledge and private files, and what those people will "
    "do on their own during the month. Every rubric is hidden from the worker: say for each "
    "criterion whether it is in the brief (initially_communicated), said only when the "
    "worker asks about its keywords (revealed_on_ask) or judged only at review "
    "(only_at_review). Never write placeholder text. Answer with JSON that matches the schema."
)

_REPAIR = re.compile(r"<repair>\s*(\{.*\})\s*</repair>", re.DOTALL)


def dump(value: Any) -> Any:
    """Models and containers of models as plain JSON values (None fields left out)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    return value


def context_block(context: dict[str, Any]) -> str:
    """The inputs as one sorted JSON block, so the same inputs always make the same prompt."""
    text = json.dumps(dump(context), ensure_ascii=False, sort_keys=True, default=str)
    return f"<context>\n{text}\n</context>"


def build_messages(system: str, task: str, context: dict[str, Any]) -> list[ChatMessage]:
    """System part, then the task with its `<context>` block."""
    return [ChatMessage.system(system), ChatMessage.user(f"{task}\n\n{context_block(context)}")]


def objectives_task(days: int) -> str:
    return (
        f"Write this person's objectives for the next {days} working days. Give 3-6 concurrent "
        "deliverables (ids DLV_001, DLV_002, ...), each requested by one of the collaborators, "
        f"with due days spread over days 1-{days}, weekly milestones, 1-10 expected output "
        "files (kind and the folder they belong in), grounding files chosen ONLY from "
        "`tree` (copy the paths exactly), the collaborators involved, and a rubric of 10-40 "
        "criteria. Each criterion has an id like 'DLV_001.R01', points (1 cosmetic, 2 "
        "substantive, 5 critical), a source (spec, interaction, expertise, reference, "
        "quality), a visibility, and for revealed_on_ask items the keywords a question must "
        "touch. Mix the visibilities: about a third in the brief, a third revealed on ask, the "
        "rest at review; tie criteria to the entities, figures and dates of the files. Write "
        "5-8 collaborators, the profile's collaborators first: role, email, communication "
        "style, decision authority, preferences, what they know, private files (some with a "
        "deliberate planted error: a figure off by a small percentage, a ratio in the wrong "
        "unit), how many turns they take to reply and how reliable they are. Schedule "
        "interventions: reminders before due days, a file shared early, a changed requirement "
        "around day 9, a correction around day 17."
    )


def repair_message(problems: list[str], missing: list[str], days: int) -> ChatMessage:
    """The user message that asks for a repaired answer, with its `<repair>` block."""
    block = json.dumps(
        {"problems": problems, "missing_files": missing, "days": days},
        ensure_ascii=False,
        sort_keys=True,
    )
    text = (
        "These objectives cannot be used yet: "
        + "; ".join(problems)
        + ". Write them again with the same deliverables, using only grounding files listed in "
        "`tree` and due days within the month.\n\n"
        f"<repair>\n{block}\n</repair>"
    )
    return ChatMessage.user(text)


def read_repair(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The `<repair>` block of the last user message, or None for a first request."""
    for msg in reversed(messages):
        if msg.get("role") != "user":
            continue
        content = msg.get("content")
        if isinstance(content, list):
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        m = _REPAIR.search(content or "")
        return json.loads(m.group(1)) if m else None
    return None


def previous_answer(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last assistant message's JSON (the answer being repaired), if it parses."""
    for msg in reversed(messages):
        if msg.get("role") == "assistant" and isinstance(msg.get("content"), str):
            try:
                value = json.loads(msg["content"])
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, dict) else None
    return None
