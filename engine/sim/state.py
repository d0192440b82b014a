"""The run as its log says it is: a fold over events, and what the tools see (`RunEnv`).

The event log is the source of truth (DESIGN.md, Storage), so the run's state
is never saved on its own: `RunState.apply(event)` folds one event into it,
and the live loop applies each event as it creates it, exactly as a resume or
a fork applies the stored ones. That one code path is why a resumed run is in
the state the original was in (same clock, inbox, notes, error streak, memory
window, hence the same next prompt).

Turn tags. Every event carries the turn it belongs to. A turn's batch starts
with `turn_started` and holds everything that happened in it. Things a person
does between turns (an injected message, an edited file, a pause) are tagged
with the turn to come, the one in which the agent will see them. So an event
tagged later than the last started turn is news for the next turn.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from engine.computer import Computer
from engine.schema.events import MessagePayload
from engine.schema.objectives import Deliverable, Objectives
from engine.schema.profile import UserProfile
from engine.sim.calendar import Calendar, minutes_for
from engine.sim.memory import Memory
from engine.sim.options import RunOptions
from engine.store.records import EventRecord, NewEvent

Event = EventRecord | NewEvent
_RE_PREFIX = re.compile(r"^\s*((re|fwd?|aw|tr)\s*:\s*)+", re.IGNORECASE)


def thread_key(subject: str) -> str:
    """A subject without its Re:/Fwd: prefixes, for grouping a conversation."""
    return " ".join(_RE_PREFIX.sub("", subject).lower().split())


class RunState:
    """Everything a run knows at its head. Implements `engine.sim.tools.base.RunEnv`."""

    def __init__(
        self,
        *,
        computer: Computer,
        calendar: Calendar,
        profile: UserProfile,
        options: RunOptions,
        objectives: Objectives | None = None,
    ) -> None:
        self.computer = computer
        self.calendar = calendar
        self.profile = profile
        self.options = options
        self.objectives = objectives
        self.memory = Memory(self)
        self.head_seq = 0
        self.day = 0
        self.turn = 0
        self.day_open = False
        self.turns_today = 0
        self.minutes = 0
        self.day_tokens = 0
        self.finished = False
        self.finish_reason: str | None = None
        self.error_streak = 0
        self.errors_total = 0
        self._turn_ok = False
        self._turn_error_counted = False
        self.messages: dict[str, dict[str, Any]] = {}
        self.received: list[dict[str, Any]] = []  # delivered to the agent, oldest first
        self.sent: list[dict[str, Any]] = []
        self.scheduled: list[dict[str, Any]] = []  # received, not yet delivered
        self.extra_senders: list[str] = []
        self.read_ids: set[str] = set()
        self.notes_text = ""
        self.submissions: list[dict[str, Any]] = []
        self.pending_files: list[dict[str, Any]] = []  # changed by others, not shown yet
        self.collab_actions: list[dict[str, Any]] = []  # the recorded CollaboratorActions
        self.attachment_blobs: dict[str, dict[str, str]] = {}  # message id -> path -> sha
        self.last_status: str | None = None
        self.tool_names: list[str] = []

    # -- RunEnv ------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.calendar.date_of(max(self.day, 1))

    @property
    def now(self) -> dt.datetime:
        """The simulated clock: files the agent writes are dated with it."""
        return self.calendar.moment(max(self.day, 1), self.minutes)

    @property
    def agent_name(self) -> str:
        return self.profile.identity.full_name

    def deliverables(self) -> list[Deliverable]:
        """The briefs as given: each rubric cut to its initially communicated criteria."""
        if self.objectives is None:
            return []
        return [
            d.model_copy(update={"rubric": d.brief_criteria()})
            for d in self.objectives.deliverables
        ]

    def collaborator_names(self) -> list[str]:
        names = [c.name for c in self.objectives.collaborators] if self.objectives else []
        return names + [n for n in self.extra_senders if n not in names]

    def collaborator_emails(self) -> dict[str, str]:
        out = {c.name: c.email for c in self.profile.collaborators}
        if self.objectives:
            out.update({c.name: c.email for c in self.objectives.collaborators})
        return out

    def inbox(self) -> list[dict[str, Any]]:
        return [dict(m) for m in self.received]

    def notes(self) -> str:
        return self.notes_text

    def read_message_ids(self) -> set[str]:
        return set(self.read_ids)

    def mark_read(self, ids: list[str]) -> None:
        self.read_ids.update(ids)

    # -- views the loop uses -----------------------------------------------------------

    @property
    def next_turn(self) -> int:
        return self.turn + 1

    def due_messages(self, turn: int) -> list[dict[str, Any]]:
        """Scheduled messages that arrive by `turn`, in the order they were scheduled."""
        return [m for m in self.scheduled if (m.get("deliver_at_turn") or 0) <= turn]

    def thread_of(self, message: dict[str, Any]) -> list[MessagePayload]:
        """The conversation a message belongs to (by reply links or subject), oldest first."""
        key = thread_key(str(message.get("subject", "")))
        ids = {message.get("id"), message.get("in_reply_to")} - {None}
        out = []
        for m in self.messages.values():
            if m.get("id") == message.get("id"):
                continue
            if m.get("deliver_at_turn") and m in self.scheduled:
                continue  # not arrived yet: the sender's reply is not part of the thread
            if m.get("id") in ids or m.get("in_reply_to") in ids or thread_key(m["subject"]) == key:
                out.append(MessagePayload.model_validate(_message_fields(m)))
        return out

    def revealed_by(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a in self.collab_actions:
            out.setdefault(a.get("collaborator", ""), []).extend(a.get("revealed") or [])
        return out

    def sent_files_by(self) -> dict[str, list[dict[str, Any]]]:
        """The files each collaborator sent, in order: name, path, sha256 and the day sent.

        `Collaborators(already_sent=...)` restores from it where each file landed, so a
        resumed run neither duplicates a file already in Downloads nor reuses a name.
        """
        out: dict[str, list[dict[str, Any]]] = {}
        for a in self.collab_actions:
            files = [
                {
                    "name": f.get("name", ""),
                    "path": f.get("path", ""),
                    "sha256": f.get("sha256", ""),
                    "day": f.get("day") or a.get(_RECORDED_DAY, 0),
                }
                for f in a.get("sent_files") or []
            ]
            out.setdefault(a.get("collaborator", ""), []).extend(files)
        return out

    def turns_left_today(self) -> int:
        return max(0, self.options.turns_per_day - self.turns_today)

    # -- the fold ----------------------------------------------------------------------

    def apply(self, ev: Event, seq: int | None = None) -> None:
        """Fold one event in (stored or about to be). `seq` advances the head when known."""
        if seq is not None:
            self.head_seq = seq
        elif isinstance(ev, EventRecord):
            self.head_seq = ev.seq
        p = ev.payload
        kind = ev.kind
        if kind == "objectives_set":
            self.objectives = Objectives.model_validate(p.get("objectives", p))
        elif kind == "turn_started":
            self.turn = int(p.get("turn", ev.turn))
            self.turns_today += 1
            self._turn_ok = False
            self._turn_error_counted = False
            self._deliver(self.turn)
            self.pending_files = []
        elif kind == "day_started":
            self.day = int(p.get("day", ev.day))
            self.day_open = True
            self.turns_today = 1  # the turn that started the day is its first
            self.minutes = 0
            self.day_tokens = 0
        elif kind == "model_call":
            self.day_tokens += int(p.get("prompt_tokens") or 0) + int(
                p.get("completion_tokens") or 0
            )
        elif kind == "day_ended":
            self.day_open = False
        elif kind == "message_received":
            self._received(ev)
        elif kind == "message_sent":
            msg = dict(p)
            self.messages[msg["id"]] = msg
            self.sent.append(msg)
        elif kind == "file_changed":
            if p.get("by") != "agent" and ev.turn > self.turn:
                self.pending_files.append(dict(p))
        elif kind == "note_written":
            self._note(p)
        elif kind == "deliverable_submitted":
            self.submissions.append(dict(p))
        elif kind == "tool_result":
            ok = bool(p.get("ok"))
            self.minutes += minutes_for(str(p.get("tool", "")), ok)
            if ok:
                self._turn_ok = True
                self.error_streak = 0
            elif not self._turn_ok and not self._turn_error_counted:
                self._turn_error_counted = True
                self.error_streak += 1
                self.errors_total += 1
        elif kind == "finished":
            self.finished = True
            self.finish_reason = p.get("reason")
        if kind in ("paused", "resumed", "stopped", "finished", "failed"):
            self.last_status = kind
        self.memory.apply(ev)

    def _deliver(self, turn: int) -> None:
        due = self.due_messages(turn)
        if not due:
            return
        due_ids = {id(m) for m in due}
        self.scheduled = [m for m in self.scheduled if id(m) not in due_ids]
        for m in due:
            self.received.append(m)
            self.read_ids.add(m["id"])  # delivered messages are shown in full in the turn's note

    def _received(self, ev: Event) -> None:
        p = dict(ev.payload)
        action = p.pop("action", None)
        blobs = p.pop("attachment_blobs", None) or {}
        msg = _message_fields(p)
        if msg.get("deliver_at_turn") is None:
            msg["deliver_at_turn"] = ev.turn
        self.messages[msg["id"]] = msg
        if blobs:
            self.attachment_blobs[msg["id"]] = dict(blobs)
        if action:
            # A copy: the event's own payload stays as stored.
            self.collab_actions.append({**action, _RECORDED_DAY: ev.day})
        sender = msg.get("sender", "")
        names = [c.name for c in self.objectives.collaborators] if self.objectives else []
        if sender and sender not in names and sender not in self.extra_senders:
            self.extra_senders.append(sender)
        if msg["deliver_at_turn"] <= self.turn and ev.turn <= self.turn:
            self.received.append(msg)  # delivered in this very turn (shown in its note)
            self.read_ids.add(msg["id"])
        else:
            self.scheduled.append(msg)

    def _note(self, p: dict[str, Any]) -> None:
        """`note_written` holds the whole notes after the change (write_notes' contract)."""
        if "text" in p:
            self.notes_text = str(p["text"])


_RECORDED_DAY = "_recorded_day"  # the day a collaborator's action was recorded (its event's)


def _message_fields(p: dict[str, Any]) -> dict[str, Any]:
    """The MessagePayload part of a stored payload (extra keys are the engine's records)."""
    keys = MessagePayload.model_fields
    return {k: v for k, v in p.items() if k in keys}
