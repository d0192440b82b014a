"""Tools the agent uses to manage its own work: keep notes, submit a deliverable, end the day.

Notes are the agent's memory across days (the prompt carries them; PAPER_NOTES
§3: each morning the agent rebuilds its context from its log, files and inbox,
not from one endless transcript). A `note_written` event holds the whole notes
after the change, so the current notes are simply the last such event's text.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.computer.formats import kind_of
from engine.schema.events import SubmissionPayload
from engine.sim.tools._common import sha256, with_example
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome
from engine.store.records import NewEvent

MAX_NOTES = 20_000


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------
# write_notes
# ---------------------------------------------------------------------------


class WriteNotesParams(_Params):
    text: str = Field(max_length=MAX_NOTES, description="What to write.")
    mode: Literal["append", "replace"] = Field(
        default="append",
        description="'append' adds to the end of your notes; 'replace' rewrites them whole.",
    )


class WriteNotes:
    name: ClassVar[str] = "write_notes"
    example: ClassVar[dict[str, Any]] = {
        "text": "- DLV_002: Ana wants figures in EUR, not USD (her mail m04-00101-1).",
        "mode": "append",
    }
    description: ClassVar[str] = with_example(
        "Keep your working notes: plans, decisions, facts learned from files and colleagues, "
        "what is left to do. They are shown to you at the start of every turn and every day, "
        "so write down what you must not forget. 'append' adds a line; 'replace' rewrites the "
        f"notes whole (do it to tidy them; they are limited to {MAX_NOTES:,} characters).",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WriteNotesParams

    async def run(self, env: RunEnv, params: WriteNotesParams) -> ToolOutcome:
        if not params.text.strip() and params.mode == "append":
            raise ToolFailure(
                "There is nothing to add to your notes.",
                'Give the `text` to add, or use "mode": "replace" with the whole new notes.',
                kind="empty_note",
            )
        current = env.notes()
        if params.mode == "replace":
            notes = params.text
        else:
            sep = "" if not current or current.endswith("\n") else "\n"
            notes = f"{current}{sep}{params.text}"
        if len(notes) > MAX_NOTES:
            raise ToolFailure(
                f"Your notes would be {len(notes):,} characters, over the {MAX_NOTES:,} limit.",
                'Condense them: write_notes with "mode": "replace" and a shorter version '
                "(drop what is done, keep decisions and open items).",
                kind="notes_too_long",
            )
        event = NewEvent(
            kind="note_written",
            actor="agent",
            day=env.day,
            turn=env.turn,
            payload={"mode": params.mode, "text": notes, "added": params.text},
        )
        what = "Replaced your notes" if params.mode == "replace" else "Added to your notes"
        return ToolOutcome(
            observation=f"{what} ({len(notes):,} of {MAX_NOTES:,} characters used).",
            events=[event],
        )


# ---------------------------------------------------------------------------
# submit_deliverable
# ---------------------------------------------------------------------------


class SubmitDeliverableParams(_Params):
    deliverable_id: str = Field(description="The deliverable's id, e.g. 'DLV_001'.")
    files: list[str] = Field(
        min_length=1, max_length=10, description="The finished files on this computer."
    )
    summary: str = Field(
        min_length=1, max_length=4_000, description="What you deliver and anything to know."
    )


class SubmitDeliverable:
    name: ClassVar[str] = "submit_deliverable"
    example: ClassVar[dict[str, Any]] = {
        "deliverable_id": "DLV_001",
        "files": ["Documents/Reports/Q1 summary_v2.docx"],
        "summary": "Q1 summary with the corrected EUR figures Ana asked for.",
    }
    description: ClassVar[str] = with_example(
        "Hand in a deliverable when its files are finished: the deliverable's id, the files "
        "(they must exist and open), and a short summary. You may submit again later with "
        "revised files; the latest submission counts. Check the deliverable's expected "
        "outputs (kind and folder) first.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = SubmitDeliverableParams

    async def run(self, env: RunEnv, params: SubmitDeliverableParams) -> ToolOutcome:
        known = env.deliverables()
        wanted = params.deliverable_id.strip()
        deliverable = next((d for d in known if d.id.casefold() == wanted.casefold()), None)
        if deliverable is None:
            listing = "; ".join(f"{d.id} ({d.title})" for d in known) or "none"
            raise ToolFailure(
                f"There is no deliverable {params.deliverable_id!r}.",
                f"Use one of these ids: {listing}.",
                kind="unknown_deliverable",
            )
        paths: list[str] = []
        hashes: dict[str, str] = {}
        for path in params.files:
            entry = await env.computer.info(path)
            if entry.is_dir:
                raise ToolFailure(
                    f"'{entry.path}' is a folder.",
                    "Submit the files themselves, listing each one.",
                    kind="path_conflict",
                )
            if entry.size == 0:
                raise ToolFailure(
                    f"'{entry.path}' is empty (0 bytes).",
                    "Write the deliverable's content before submitting it.",
                    kind="empty_file",
                )
            check = await env.computer.extract_text(entry.path, max_chars=2_000)
            if check.error and not check.text.strip():
                raise ToolFailure(
                    f"'{entry.path}' cannot be opened: {check.error}",
                    "Write the file again (a new version) and submit that.",
                    kind="unreadable",
                )
            if entry.path in hashes:
                continue
            data = await env.computer.read_bytes(entry.path)
            hashes[entry.path] = await asyncio.to_thread(sha256, data)
            paths.append(entry.path)
        payload = SubmissionPayload(
            deliverable_id=deliverable.id, files=paths, summary=params.summary
        ).model_dump(mode="json")
        payload["sha256"] = hashes  # which content was handed in, should the file change later
        event = NewEvent(
            kind="deliverable_submitted",
            actor="agent",
            day=env.day,
            turn=env.turn,
            payload=payload,
        )
        notes = []
        expected = {o.kind.lower().lstrip(".") for o in deliverable.expected_outputs}
        got = {kind_of(p) for p in paths}
        missing = sorted(expected - got)
        if missing:
            notes.append(
                "Note: this deliverable expects "
                + ", ".join(f".{k}" for k in missing)
                + " output(s), and none was submitted."
            )
        if env.day > deliverable.due_day:
            notes.append(f"Note: it was due on day {deliverable.due_day}; today is day {env.day}.")
        obs = f"Submitted {deliverable.id} ({deliverable.title}): {', '.join(paths)}."
        return ToolOutcome(observation=" ".join([obs, *notes]), events=[event])


# ---------------------------------------------------------------------------
# end_day
# ---------------------------------------------------------------------------


class EndDayParams(_Params):
    summary: str = Field(
        min_length=1,
        max_length=4_000,
        description="What you did today, what you are waiting for, and what comes next.",
    )


class EndDay:
    name: ClassVar[str] = "end_day"
    example: ClassVar[dict[str, Any]] = {
        "summary": "Drafted the Q1 summary (v1), asked Ana about EUR figures; waiting for her "
        "reply. Tomorrow: revise the draft and start the budget workbook."
    }
    description: ClassVar[str] = with_example(
        "End today's working session once today's work is done or you are waiting on others. "
        "The summary is what you will remember of today tomorrow morning, so say what you did, "
        "what you are waiting for and what comes next.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = EndDayParams

    async def run(self, env: RunEnv, params: EndDayParams) -> ToolOutcome:
        return ToolOutcome(
            observation=f"Day {env.day} ({env.today.isoformat()}) ends. Your summary: "
            f"{params.summary.strip()}",
            ends_day=True,
        )
