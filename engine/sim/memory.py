"""The work agent's context: a prompt built in layers that change at different rates.

DESIGN.md, "Context that stays cheap at turn 2,000":

1. the stable system part (role, profile, tool rules, deliverable briefs):
   built once per run, never changes;
2. the memory layer: the agent's notes and one summary per finished day (the
   older days shortened), rebuilt only at a compaction;
3. this window's turns, appended in order: the turn's note (clock, budget,
   what is new: messages, files changed by someone else), the assistant's
   reply, the tool results.

Between compactions the prompt only grows at its end, so a server's prefix
cache serves all of it but the newest turn. A compaction (at day end, or when
the window passes `window_tokens`) replaces the window with a summary; the
summary is written by the engine from what the turns did (deterministic, no
model call) and stored in the `compaction` event, which is applied like any
other event. The memory is therefore a fold over the log: a resumed run
rebuilds the very prompt the original would have sent.

The sizes are bounded: notes shown are cut to their newest `NOTES_CHARS`,
a day summary to `SUMMARY_CHARS` (older days to `SHORT_CHARS`), the window to
about `window_tokens`. So the prompt at turn 2,000 is the prompt at turn 100
plus a few hundred tokens of one-line day summaries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.llm import ChatMessage, ToolCall
from engine.sim import prompts
from engine.sim.options import WORK_PURPOSE

if TYPE_CHECKING:
    from engine.sim.state import Event, RunState

CHARS_PER_TOKEN = 4  # a rough, stable estimate: bounds and prefix shares, not billing
NOTES_CHARS = 6_000
SUMMARY_CHARS = 900
SHORT_CHARS = 160
FULL_DAYS = 3  # the most recent finished days keep their full summary


def estimate_tokens(chars: int) -> int:
    return (chars + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def message_chars(m: ChatMessage) -> int:
    n = len(m.content or "") + 8
    for c in m.tool_calls or ():
        n += len(c.name) + len(c.raw_arguments) + len(c.id) + 8
    return n


def shared_prefix_chars(previous: Sequence[ChatMessage], current: Sequence[ChatMessage]) -> int:
    """Characters of `current` that the previous prompt had, as one unbroken prefix."""
    shared = 0
    for a, b in zip(previous, current, strict=False):
        if a != b:
            break
        shared += message_chars(b)
    return shared


def _uniq(items: list[str], item: str) -> None:
    if item and item not in items:
        items.append(item)


@dataclass
class Activity:
    """What a stretch of turns did, for the summary that replaces them."""

    first_turn: int = 0
    last_turn: int = 0
    turns: int = 0
    read: list[str] = field(default_factory=list)
    wrote: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    received: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)
    notes: int = 0
    errors: int = 0
    error_kinds: list[str] = field(default_factory=list)
    others_changed: list[str] = field(default_factory=list)
    own_summary: str = ""  # what the agent said when it ended the day

    def turn(self, n: int) -> None:
        if not self.first_turn:
            self.first_turn = n
        self.last_turn = n
        self.turns += 1


class Memory:
    """The layered prompt of one run, kept current by `apply(event)`."""

    def __init__(self, state: RunState) -> None:
        self.state = state
        self._system: str | None = None
        self.layer = ""
        self.window: list[ChatMessage] = []
        self.window_chars = 0
        self.day_summaries: list[dict[str, Any]] = []
        self.today_summaries: list[str] = []
        self.window_act = Activity()
        self.day_act = Activity()
        self._calls: dict[str, tuple[str, dict[str, Any]]] = {}
        self._open_calls: set[str] = set()
        self.compactions = 0

    # -- the prompt --------------------------------------------------------------------

    @property
    def system(self) -> str:
        if self._system is None:
            self._system = prompts.system_prompt(self.state)
        return self._system

    def messages(self) -> list[ChatMessage]:
        """The prompt for the next model call: system, memory layer, window."""
        out = [ChatMessage.system(self.system)]
        if self.layer:
            out.append(ChatMessage.user(self.layer))
        out.extend(self.window)
        return out

    def window_tokens(self) -> int:
        return estimate_tokens(self.window_chars)

    def needs_compaction(self) -> bool:
        return self.window_tokens() > self.state.options.window_tokens

    def compaction_payload(self, reason: str) -> dict[str, Any]:
        """The `compaction` event for now: the window's (or the day's) summary."""
        st = self.state
        act = self.day_act if reason == "day_end" else self.window_act
        full = prompts.activity_summary(act, limit=SUMMARY_CHARS)
        payload: dict[str, Any] = {
            "reason": reason,
            "day": st.day,
            "date": st.calendar.date_of(st.day).isoformat(),
            "from_turn": act.first_turn,
            "to_turn": act.last_turn,
            "window_tokens": self.window_tokens(),
            "summary": full,
        }
        if reason == "day_end":
            payload["short"] = prompts.activity_summary(act, limit=SHORT_CHARS, brief=True)
            payload["notes"] = st.notes_text[-NOTES_CHARS:]
        return payload

    # -- the fold ----------------------------------------------------------------------

    def apply(self, ev: Event) -> None:
        p = ev.payload
        kind = ev.kind
        if kind == "turn_started":
            note = str(p.get("note") or f"Turn {ev.turn}.")
            self._add(ChatMessage.user(note))
            for act in (self.window_act, self.day_act):
                act.turn(ev.turn)
        elif kind == "model_call" and p.get("purpose", WORK_PURPOSE) == WORK_PURPOSE:
            calls = [_tool_call(c) for c in p.get("tool_calls") or []]
            self._open_calls = {c.id for c in calls}
            text = p.get("text") or None
            if text is None and not calls:
                text = "(no reply)"
            self._add(ChatMessage.assistant(text, tool_calls=calls or None))
        elif kind == "tool_started":
            self._calls[str(p.get("call_id"))] = (
                str(p.get("tool")),
                dict(p.get("arguments") or {}),
            )
        elif kind == "tool_result":
            self._tool_result(p)
        elif kind == "file_changed":
            self._file_changed(p)
        elif kind == "message_sent":
            line = f"{', '.join(p.get('to') or [])}: '{p.get('subject', '')}'"
            for act in (self.window_act, self.day_act):
                act.sent.append(line)
        elif kind == "message_received":
            line = f"{p.get('sender', '')}: '{p.get('subject', '')}'"
            for act in (self.window_act, self.day_act):
                act.received.append(line)
        elif kind == "note_written":
            for act in (self.window_act, self.day_act):
                act.notes += 1
        elif kind == "deliverable_submitted":
            for act in (self.window_act, self.day_act):
                _uniq(act.submitted, str(p.get("deliverable_id", "")))
        elif kind == "compaction":
            self._compaction(p)

    def _add(self, m: ChatMessage) -> None:
        self.window.append(m)
        self.window_chars += message_chars(m)

    def _tool_result(self, p: dict[str, Any]) -> None:
        call_id = str(p.get("call_id") or "")
        observation = str(p.get("observation", ""))
        if call_id and call_id in self._open_calls:
            self._add(ChatMessage.tool(call_id, observation))
        else:  # no tool call to answer: the feedback is the user's word
            self._add(ChatMessage.user(observation))
        tool, args = self._calls.pop(call_id, (str(p.get("tool", "")), {}))
        ok = bool(p.get("ok"))
        for act in (self.window_act, self.day_act):
            if not ok:
                act.errors += 1
                _uniq(act.error_kinds, str(p.get("error_kind") or "error"))
            elif "read" in tool and isinstance(args.get("path"), str):
                _uniq(act.read, args["path"])
            elif tool == "end_day" and isinstance(args.get("summary"), str):
                act.own_summary = args["summary"]

    def _file_changed(self, p: dict[str, Any]) -> None:
        path = str(p.get("dest_path") or p.get("path", ""))
        for act in (self.window_act, self.day_act):
            if p.get("by") != "agent":
                _uniq(act.others_changed, f"{path} (by {p.get('by')})")
            elif p.get("change") == "deleted":
                _uniq(act.removed, path)
            else:
                _uniq(act.wrote, path)

    def _compaction(self, p: dict[str, Any]) -> None:
        if p.get("reason") == "day_end":
            self.day_summaries.append(
                {
                    "day": p.get("day"),
                    "date": p.get("date"),
                    "summary": p.get("summary", ""),
                    "short": p.get("short") or p.get("summary", "")[:SHORT_CHARS],
                }
            )
            self.today_summaries = []
            self.day_act = Activity()
            notes = p.get("notes")
        else:
            self.today_summaries.append(str(p.get("summary", "")))
            notes = None
        self.window = []
        self.window_chars = 0
        self._open_calls = set()
        self.window_act = Activity()
        self.compactions += 1
        shown_notes = notes if notes is not None else self.state.notes_text[-NOTES_CHARS:]
        self.layer = prompts.memory_layer(
            self.state,
            notes=shown_notes,
            days=self.day_summaries,
            today=self.today_summaries,
            full_days=FULL_DAYS,
        )


def _tool_call(c: dict[str, Any]) -> ToolCall:
    """A recorded call as the assistant message echoes it (raw arguments, byte for byte).

    Arguments that are not a JSON object are echoed as `{}`: some servers parse
    the history's arguments, and the tool message already says what was wrong.
    """
    raw = str(c.get("arguments", "{}"))
    try:
        ok = isinstance(json.loads(raw), dict)
    except ValueError:
        ok = False
    return ToolCall(
        id=str(c.get("id", "")), name=str(c.get("name", "")), raw_arguments=raw if ok else "{}"
    )
