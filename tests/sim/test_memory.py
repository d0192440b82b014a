"""The work agent's prompt: layered, growing only at its end between compactions, bounded at 2,000 turns.

The memory is a fold over events, so these tests feed it a synthetic log (the
events a run writes, in the order it writes them) without a model or a store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine.computer import Computer
from engine.llm import ChatMessage
from engine.llm.scripted import tokens
from engine.llm.wire import build_body
from engine.schema.objectives import Objectives
from engine.schema.plans import WorldManifest
from engine.sim.calendar import Calendar
from engine.sim.memory import estimate_tokens, message_chars, shared_prefix_chars
from engine.sim.options import RunOptions
from engine.sim.state import RunState
from engine.sim.tools import default_tools, tool_specs
from engine.store import NewEvent
from tests.synth.factories import manifest_data

TURNS_PER_DAY = 100
SPECS = tool_specs(default_tools())


def objectives() -> Objectives:
    crit = [
        {
            "id": f"DLV_001.R0{i}",
            "text": f"Criterion number {i} is met",
            "points": 2,
            "source": "spec",
            "visibility": v,
        }
        for i, v in enumerate(["initially_communicated", "revealed_on_ask", "only_at_review"], 1)
    ]
    return Objectives.model_validate(
        {
            "summary": "A month of scheme-of-work and budget work for the science department.",
            "deliverables": [
                {
                    "id": "DLV_001",
                    "title": "Year 10 scheme of work",
                    "requester": "David Okafor",
                    "description": "Rewrite the Year 10 scheme of work with the practicals marked.",
                    "due_day": 5,
                    "expected_outputs": [
                        {
                            "kind": "docx",
                            "folder": "C/Users/mforsythe/Documents",
                            "description": "The scheme",
                        }
                    ],
                    "rubric": crit,
                }
            ],
            "collaborators": [
                {
                    "name": "David Okafor",
                    "role": "Head of Science",
                    "email": "d.okafor@example.org",
                    "communication_style": "brief",
                }
            ],
        }
    )


def make_state(tmp_path: Path, days: int = 20) -> RunState:
    manifest = WorldManifest.model_validate(manifest_data())
    options = RunOptions(days=days, turns_per_day=TURNS_PER_DAY, window_tokens=8_000)
    cal = Calendar(start=dt.date(2024, 3, 4), days=days, turns_per_day=TURNS_PER_DAY)
    (tmp_path / "c").mkdir(exist_ok=True)
    st = RunState(
        computer=Computer(tmp_path / "c"), calendar=cal, profile=manifest.profile, options=options
    )
    st.apply(
        NewEvent(
            kind="objectives_set", payload={"objectives": objectives().model_dump(mode="json")}
        )
    )
    return st


class Feeder:
    """Writes the events of synthetic turns into a state, as the run loop orders them."""

    def __init__(self, st: RunState) -> None:
        self.st = st
        self.notes = ""

    def add(self, kind: str, payload: dict, *, turn: int, day: int | None = None) -> None:
        day = self.st.day if day is None else day
        self.st.apply(NewEvent(kind=kind, day=day, turn=turn, payload=payload))

    def turn(self, n: int) -> None:
        st = self.st
        new_day = not st.day_open
        day = st.day + 1 if new_day else st.day
        self.add(
            "turn_started",
            {"turn": n, "day": day, "note": f"[day {day}, turn {n}]"},
            turn=n,
            day=day,
        )
        if new_day:
            self.add("day_started", {"day": day}, turn=n, day=day)
        if n % 25 == 0:
            self.add(
                "message_received",
                {
                    "id": f"m{n}",
                    "sender": "David Okafor",
                    "to": ["Maria"],
                    "subject": f"Update {n}",
                    "body": "Figures attached. " * 20,
                    "deliver_at_turn": n,
                },
                turn=n,
            )
        call_id = f"call_{n}"
        path = f"Documents/file_{n % 37}.docx"
        self.add(
            "model_call",
            {
                "purpose": "work_turn",
                "status": "ok",
                "text": "",
                "tool_calls": [
                    {"id": call_id, "name": "read_file", "arguments": f'{{"path": "{path}"}}'}
                ],
            },
            turn=n,
        )
        self.add(
            "tool_started",
            {"call_id": call_id, "tool": "read_file", "arguments": {"path": path}},
            turn=n,
        )
        self.add(
            "tool_result",
            {
                "call_id": call_id,
                "tool": "read_file",
                "ok": True,
                "observation": f"{path}\n" + ("Quarterly figure 4,850.00 GBP. " * 50),
            },
            turn=n,
        )
        if n % 10 == 0:
            self.notes += (
                f"\n- turn {n}: the budget for item {n} is £{n * 3}.00, confirmed by David."
            )
            self.add("note_written", {"mode": "append", "text": self.notes.strip()}, turn=n)
        if st.turns_today >= TURNS_PER_DAY:
            self.add("day_ended", {"day": day, "reason": "budget"}, turn=n)
            self.add("compaction", st.memory.compaction_payload("day_end"), turn=n)
        elif st.memory.needs_compaction():
            self.add("compaction", st.memory.compaction_payload("window"), turn=n)


def sent_tokens(messages: list[ChatMessage]) -> int:
    """The prompt as a server counts it: the tool definitions, then every message
    (the scripted backend's tokenizer, the same count its usage reports)."""
    body = build_body(model="scripted-1", messages=messages, tools=SPECS, tool_choice="auto")
    return len(tokens.prompt_tokens(body))


def estimated(messages: list[ChatMessage]) -> int:
    return estimate_tokens(sum(message_chars(m) for m in messages))


def test_the_prompt_at_turn_2000_stays_near_the_prompt_at_turn_100(tmp_path: Path) -> None:
    st = make_state(tmp_path)
    feed = Feeder(st)
    sizes: dict[int, int] = {}
    layer: dict[int, int] = {}
    for n in range(1, 2001):
        feed.turn(n)
        messages = st.memory.messages()
        if n in (50, 100, 1000, 1950, 2000) or n % 100 in (0, 99):
            sizes[n] = sent_tokens(messages)
        layer[n] = estimated(messages[1:2])
    # The same phases of a day: its middle, its last turn (after the day-end compaction).
    assert sizes[2000] <= 1.5 * sizes[100], (sizes[100], sizes[2000])
    assert sizes[1950] <= 1.5 * sizes[50], (sizes[50], sizes[1950])
    # The memory layer is bounded: after the notes reach their cap, days add a short line only.
    assert layer[2000] - layer[1000] < 0.25 * layer[1000], (layer[1000], layer[2000])
    assert max(layer.values()) < 3_000


def test_between_compactions_the_prompt_only_grows_at_its_end(tmp_path: Path) -> None:
    st = make_state(tmp_path, days=3)
    feed = Feeder(st)
    previous: list[ChatMessage] = []
    compactions = 0
    for n in range(1, 301):
        before = st.memory.compactions
        feed.turn(n)
        current = st.memory.messages()
        if st.memory.compactions == before and previous:
            shared = shared_prefix_chars(previous, current)
            assert shared == sum(message_chars(m) for m in previous), f"turn {n} rewrote its prefix"
        else:
            compactions += 1
        previous = current
    assert compactions >= 3  # three day ends at least, and window compactions between
    assert current[0].role == "system" and "## Deliverables this month" in current[0].content


def test_the_system_part_never_shows_the_hidden_rubric(tmp_path: Path) -> None:
    st = make_state(tmp_path, days=2)
    system = st.memory.system
    assert "Criterion number 1 is met" in system  # initially communicated
    assert "Criterion number 2" not in system and "Criterion number 3" not in system
    Feeder(st).turn(1)
    assert st.memory.system is system  # built once: the cached prefix never changes


def test_compaction_summarises_from_the_log(tmp_path: Path) -> None:
    st = make_state(tmp_path, days=2)
    feed = Feeder(st)
    for n in range(1, 101):
        feed.turn(n)
    layer = st.memory.messages()[1].content or ""
    assert layer.startswith("## Your notes")
    assert "the budget for item 100 is £300.00" in layer
    assert "## Earlier days" in layer and "read Documents/file_" in layer
    assert st.memory.window == []  # the day ended: the window starts empty
