"""One turn of a run: news in, one model call, tool calls, replies scheduled, one commit.

A turn's events are built in memory, applied to the run state as they are
made (the tools see their own effects), and committed together with one
`append_turn` (ENGINE_NOTES rule 2), with a computer snapshot when the files
changed, every `snapshot_every` turns, and at day end. Nothing of a turn is
durable before that commit: a crash mid-turn leaves the log at the previous
turn, and resuming restores the files to that turn's snapshot and plays the
turn again, reusing its recorded model call rather than paying for it twice
(rule 3). Inside the batch, `tool_started` comes before the tool runs and
`tool_result` after it (rule 11).

Order of a turn's batch (a fork point is any batch boundary):

    turn_started (note: clock, budget, news) [day_started] [message_received
    interventions] [file_changed by others] model_call (tool_started
    <tool's events> tool_result [message_received replies, scheduled])*
    [day_ended compaction] [compaction] [finished] [paused]

Model mistakes never raise here: a reply without a tool call, an unknown
tool, broken arguments, a path outside the computer become observations
(online feedback) and count towards the error streak. A model that cannot be
reached raises `ModelUnavailable` (the run pauses, resumable); anything else
that raises is an engine bug.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.errors import ModelError, NotFound
from engine.llm import CallContext, CallFailed, ChatMessage, ReplyInvalid, ToolCall, ToolSpec
from engine.llm.wire import build_body, request_hash
from engine.schema.events import MessagePayload
from engine.schema.snapshot import Manifest
from engine.sim import prompts
from engine.sim.memory import message_chars, shared_prefix_chars
from engine.sim.options import WORK_PURPOSE
from engine.sim.tools import execute
from engine.store.records import EventRecord, NewEvent

if TYPE_CHECKING:
    from engine.computer import FileChange, Watcher
    from engine.llm import LLM
    from engine.sim.collaborators import CollaboratorAction, Collaborators
    from engine.sim.state import RunState
    from engine.sim.tools import Tool
    from engine.store import Store

OBSERVATION_CHARS = 8_000  # of one tool result in the prompt (and in its event: the same text)
INTERVENTION_IDX = 100  # call indices of the turn: work call 0.., interventions, then replies
REPLY_IDX = 200
NO_TOOL_CALL = "no_tool_call"


class ModelUnavailable(ModelError):
    """The work model could not be reached after its retries: pause, resume later."""


@dataclass
class ModelReply:
    """What the work model answered this turn (fresh, or reused from the call log)."""

    text: str
    tool_calls: list[ToolCall]
    status: str = "ok"
    problem: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    latency_ms: float = 0.0
    call_id: int | None = None
    reused: bool = False
    problems: dict[str, int] = field(default_factory=dict)  # fixed by the model on feedback
    requests: int = 1  # more when the model had to repair its reply (usage sums them)


@dataclass
class TurnReport:
    """What the controller needs to know once a turn is committed."""

    turn: int
    day: int
    records: list[EventRecord]
    ended_day: bool = False
    finished: bool = False
    paused: str | None = None
    model_s: float = 0.0  # waiting for models: the work call and the collaborators' calls
    tools: list[tuple[str, str, bool]] = field(default_factory=list)  # tool, target, ok
    prompt_tokens: int = 0
    cached_tokens: int = 0
    prefix_reuse_tokens: int = 0


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _trim(text: str, limit: int = OBSERVATION_CHARS) -> str:
    if len(text) <= limit:
        return text
    return (
        text[: limit - 120] + f"\n[… {len(text) - limit + 120:,} characters cut from this result]"
    )


def _target(arguments: dict[str, Any]) -> str:
    for key in ("path", "deliverable_id", "to", "query", "text", "name", "message_id", "src"):
        value = arguments.get(key)
        if value:
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return ""


def reply_from_record(response: dict[str, Any] | None) -> tuple[str, list[ToolCall]]:
    """The text and tool calls of a recorded chat-completions reply (raw arguments kept)."""
    choices = (response or {}).get("choices") or [{}]
    message = choices[0].get("message") or {} if isinstance(choices[0], dict) else {}
    calls = []
    for i, c in enumerate(message.get("tool_calls") or []):
        fn = c.get("function") or {}
        raw = fn.get("arguments") or ""
        try:
            args = json.loads(raw) if raw.strip() else {}
        except ValueError:
            args = {}
        calls.append(
            ToolCall(
                id=str(c.get("id") or f"call_{i}"),
                name=str(fn.get("name") or ""),
                arguments=args if isinstance(args, dict) else {},
                raw_arguments=raw,
            )
        )
    return str(message.get("content") or ""), calls


class TurnRunner:
    """Runs the turns of one run against its state, store, model, tools and collaborators."""

    def __init__(
        self,
        *,
        run_id: str,
        store: Store,
        llm: LLM,
        state: RunState,
        tools: Sequence[Tool],
        collaborators: Collaborators | None,
        last_manifest: Manifest | None,
        turns_since_snapshot: int = 0,
    ) -> None:
        self.run_id = run_id
        self.store = store
        self.llm = llm
        self.state = state
        self.tools = list(tools)
        self.specs: list[ToolSpec] = []
        self.collaborators = collaborators
        self.watcher: Watcher | None = None
        self.last_manifest = last_manifest
        self.turns_since_snapshot = turns_since_snapshot
        self._prev_prompt: list[ChatMessage] = []
        self._batch: list[NewEvent] = []
        self._turn = 0
        self._collab_s = 0.0

    # -- building a batch --------------------------------------------------------------

    def _add(
        self, kind: str, payload: dict[str, Any], *, actor: str = "engine", day: int | None = None
    ) -> NewEvent:
        st = self.state
        day = st.day if day is None else day
        ev = NewEvent(kind=kind, actor=actor, day=day, turn=self._turn, payload=payload)
        self._batch.append(ev)
        st.apply(ev)
        return ev

    def _add_tool_event(self, ev: NewEvent) -> NewEvent:
        fixed = ev.model_copy(update={"day": self.state.day, "turn": self._turn})
        self._batch.append(fixed)
        self.state.apply(fixed)
        return fixed

    # -- the turn ----------------------------------------------------------------------

    async def run_turn(self) -> TurnReport:
        st = self.state
        opts = st.options
        turn = st.turn + 1
        new_day = not st.day_open
        day = st.day + 1 if new_day else st.day
        self._turn = turn
        self._batch = []
        self._collab_s = 0.0

        # News, gathered before anything is applied, so the note can tell it.
        interventions = await self._interventions(day, turn) if new_day else []
        due = st.due_messages(turn)
        outside = await self._outside_changes()
        shown_messages = [a.message.model_dump(mode="json") for a in interventions] + due
        shown_files = list(st.pending_files) + outside
        note = prompts.turn_note(
            st, turn=turn, day=day, new_day=new_day, messages=shown_messages, files=shown_files
        )
        self._add(
            "turn_started",
            {
                "turn": turn,
                "day": day,
                "date": st.calendar.date_of(day).isoformat(),
                "time": st.calendar.moment(day, 0 if new_day else st.minutes).strftime("%H:%M"),
                "new_day": new_day,
                "note": note,
            },
            day=day,
        )
        if new_day:
            self._add(
                "day_started", {"day": day, "date": st.calendar.date_of(day).isoformat()}, day=day
            )
        for action in interventions:
            await self._record_action(action, deliver_at=turn)
            await self._write_attachments(action.message.sender, action.files)
        for msg in due:
            await self._deliver_attachments(msg)
        for change in outside:
            self._add("file_changed", change, actor=str(change.get("by", "outside")))

        # The model's turn.
        messages = st.memory.messages()
        loop = asyncio.get_running_loop()
        started = loop.time()
        reply = await self._call_model(messages, turn)
        model_s = loop.time() - started
        prefix = self._prefix_reuse(messages, reply.prompt_tokens)
        self._prev_prompt = messages
        self._add(
            "model_call",
            {
                "call_id": reply.call_id,
                "purpose": WORK_PURPOSE,
                "status": reply.status,
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "cached_tokens": reply.cached_tokens,
                "prefix_reuse_tokens": prefix,
                "latency_ms": round(reply.latency_ms, 1),
                "text": reply.text,
                "tool_calls": [
                    {"id": c.id, "name": c.name, "arguments": c.raw_arguments}
                    for c in reply.tool_calls
                ],
                **({"reused": True} if reply.reused else {}),
                **({"problem": reply.problem} if reply.problem else {}),
                **({"repaired": reply.problems} if reply.problems else {}),
                **({"requests": reply.requests} if reply.requests > 1 else {}),
            },
            actor="agent",
        )
        report = TurnReport(
            turn=turn,
            day=day,
            records=[],
            model_s=model_s,
            prompt_tokens=reply.prompt_tokens,
            cached_tokens=reply.cached_tokens,
            prefix_reuse_tokens=prefix,
        )
        ends_day = await self._run_calls(reply, report)

        # The turn's end: day end, compaction, finish, pause.
        if ends_day or st.turns_today >= opts.turns_per_day:
            reason = "the agent ended the day" if ends_day else "the day's turn budget is spent"
            self._add(
                "day_ended",
                {
                    "day": day,
                    "date": st.calendar.date_of(day).isoformat(),
                    "turns": st.turns_today,
                    "tokens": st.day_tokens,
                    "reason": reason,
                },
            )
            self._add("compaction", st.memory.compaction_payload("day_end"))
            report.ended_day = True
            if day >= st.calendar.days:
                self._add("finished", {"reason": f"all {st.calendar.days} working day(s) done"})
        elif st.memory.needs_compaction():
            self._add("compaction", st.memory.compaction_payload("window"))
        if not st.finished and opts.max_turns is not None and turn >= opts.max_turns:
            self._add("finished", {"reason": f"the turn limit ({opts.max_turns}) is reached"})
        report.finished = st.finished
        if not st.finished and st.error_streak >= opts.max_error_streak:
            report.paused = (
                f"The agent's last {st.error_streak} turns all failed (the latest: "
                f"{self._last_error()}). Resume to let it try again."
            )
            self._add("paused", {"reason": report.paused})
        report.records = await self._commit(force_snapshot=report.ended_day or report.finished)
        report.model_s += self._collab_s
        return report

    # -- the model ---------------------------------------------------------------------

    def _context(self, turn: int, idx: int = 0) -> CallContext:
        return CallContext(purpose=WORK_PURPOSE, run_id=self.run_id, turn=turn, call_idx=idx)

    async def _call_model(self, messages: list[ChatMessage], turn: int) -> ModelReply:
        reused = await self._reusable(messages, turn)
        if reused is not None:
            return reused
        try:
            result = await self.llm.chat(
                messages, tools=self.specs, tool_choice="auto", context=self._context(turn)
            )
        except ReplyInvalid as exc:
            last = (exc.next_call_idx or 1) - 1
            record = await self.store.model_calls.find_completed(self.run_id, turn, last)
            return (
                self._from_record(record, str(exc))
                if record
                else ModelReply(text="", tool_calls=[], status="invalid", problem=str(exc))
            )
        except CallFailed as exc:
            if type(exc) is CallFailed:  # no answer at all: not the model's mistake to correct
                raise ModelUnavailable(f"The work model could not be reached: {exc}") from exc
            return ModelReply(text="", tool_calls=[], status=exc.status, problem=str(exc))
        return ModelReply(
            text=result.text,
            tool_calls=list(result.tool_calls),
            status=result.status,
            problem=result.refusal,
            prompt_tokens=result.usage.prompt_tokens,
            completion_tokens=result.usage.completion_tokens,
            cached_tokens=result.usage.cached_tokens,
            latency_ms=result.latency_ms,
            call_id=result.call_id,
            problems=dict(getattr(result, "problems", {}) or {}),
            requests=result.requests,
        )

    async def _reusable(self, messages: list[ChatMessage], turn: int) -> ModelReply | None:
        """The answered work call of this turn from before a crash, if its request matches."""
        records = []
        for idx in range(self.llm.validation_retries + 1):
            rec = await self.store.model_calls.find_completed(self.run_id, turn, idx)
            if rec is None or rec.purpose != WORK_PURPOSE:
                break
            records.append(rec)
        if not records:
            return None
        extra: dict[str, Any] = {}
        server_profile = getattr(self.llm, "server_profile", None)
        if server_profile is not None:  # the body is shaped for the server it goes to
            extra["profile"] = await server_profile()
        body = build_body(
            model=self.llm.model, messages=messages, tools=self.specs, tool_choice="auto", **extra
        )
        if records[0].request_hash != request_hash(body):
            return None  # the prompt diverged from the recorded one: ask again
        final = records[-1]
        if final.status == "invalid" and len(records) <= self.llm.validation_retries:
            return None  # the repair was cut short by the crash: ask again
        return self._from_record(final, final.error, reused=True)

    def _from_record(self, rec: Any, problem: str | None, *, reused: bool = False) -> ModelReply:
        text, calls = reply_from_record(rec.response)
        return ModelReply(
            text=text,
            tool_calls=calls,
            status=rec.status,
            problem=problem,
            prompt_tokens=rec.prompt_tokens,
            completion_tokens=rec.completion_tokens,
            cached_tokens=rec.cached_tokens,
            latency_ms=rec.latency_ms,
            call_id=rec.id,
            reused=reused,
        )

    def _prefix_reuse(self, messages: list[ChatMessage], prompt_tokens: int) -> int:
        """Tokens of this prompt the previous one had as a prefix (tools first, as servers do)."""
        if not self._prev_prompt or not prompt_tokens:
            return 0
        tools_chars = sum(len(s.name) + len(s.description) for s in self.specs)
        total = tools_chars + sum(message_chars(m) for m in messages)
        shared = tools_chars + shared_prefix_chars(self._prev_prompt, messages)
        return round(prompt_tokens * shared / total) if total else 0

    # -- tools -------------------------------------------------------------------------

    async def _run_calls(self, reply: ModelReply, report: TurnReport) -> bool:
        st = self.state
        if not reply.tool_calls:
            self._add(
                "tool_result",
                {
                    "call_id": "",
                    "tool": "",
                    "ok": False,
                    "observation": self._no_call_feedback(reply),
                    "error_kind": NO_TOOL_CALL if reply.status == "ok" else reply.status,
                },
                actor="engine",
            )
            report.tools.append(("(no tool call)", "", False))
            return False
        ends_day = False
        limit = st.options.max_tool_calls
        for n, call in enumerate(reply.tool_calls):
            args = (
                call.arguments
                if call.arguments or call.raw_arguments.strip() in ("", "{}")
                else {"_raw": call.raw_arguments[:2_000]}
            )
            if n >= limit or ends_day:
                why = (
                    "Not run: the day had already ended."
                    if ends_day
                    else f"Not run: at most {limit} tool calls are run per turn; call it again."
                )
                self._add(
                    "tool_result",
                    {
                        "call_id": call.id,
                        "tool": call.name,
                        "ok": False,
                        "observation": why,
                        "error_kind": "not_run",
                    },
                    actor="engine",
                )
                continue
            self._add(
                "tool_started",
                {"call_id": call.id, "tool": call.name, "arguments": args},
                actor="agent",
            )
            outcome = await execute(st, self.tools, call.name, call.raw_arguments)
            sent: list[dict[str, Any]] = []
            for ev in outcome.events:
                fixed = self._add_tool_event(ev)
                if fixed.kind == "message_sent":
                    sent.append(fixed.payload)
            self._add(
                "tool_result",
                {
                    "call_id": call.id,
                    "tool": call.name,
                    "ok": outcome.ok,
                    "observation": _trim(outcome.observation),
                    "error_kind": outcome.error_kind,
                },
                actor="engine",
            )
            report.tools.append((call.name, _target(call.arguments), outcome.ok))
            for msg in sent:
                await self._replies(msg)
            ends_day = ends_day or (outcome.ok and outcome.ends_day)
        return ends_day

    @staticmethod
    def _no_call_feedback(reply: ModelReply) -> str:
        if reply.status == "truncated":
            why = "Your reply was cut off at its length limit before the tool call was complete."
            fix = "Call one tool with shorter arguments (write long documents in parts)."
        elif reply.status == "refused":
            why = f"Your reply was a refusal ({reply.problem or 'no reason given'})."
            fix = "Continue the work with one of your tools."
        elif reply.status == "invalid":
            why = f"Your reply could not be used: {reply.problem or 'its tool calls were invalid'}."
            fix = "Call one of the tools with arguments that match its parameters."
        else:
            why = "You answered without calling a tool; nothing happened on the computer."
            fix = "Every turn must call a tool: act with one, or end_day if today's work is done."
        return f"ERROR: {why}\nHow to fix: {fix}"

    def _last_error(self) -> str:
        for ev in reversed(self._batch):
            if ev.kind == "tool_result" and not ev.payload.get("ok"):
                first = str(ev.payload.get("observation", "")).splitlines()[0:1]
                return f"{ev.payload.get('error_kind')}: {first[0][:160] if first else ''}"
        return "an error"

    # -- collaborators -----------------------------------------------------------------

    @contextlib.contextmanager
    def _collaborating(self) -> Iterator[None]:
        """Time spent in the collaborators' model calls: model time, not engine overhead."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self._collab_s += time.perf_counter() - started

    async def _interventions(self, day: int, turn: int) -> list[CollaboratorAction]:
        if self.collaborators is None:
            return []
        try:
            with self._collaborating():
                return await self.collaborators.interventions_for(
                    day, turn=turn, run_id=self.run_id, call_idx=INTERVENTION_IDX
                )
        except CallFailed as exc:
            if type(exc) is CallFailed:
                raise ModelUnavailable(
                    f"A collaborator's model could not be reached: {exc}"
                ) from exc
            return []  # the simulator's own failure: the day goes on without it

    async def _replies(self, msg: dict[str, Any]) -> None:
        if self.collaborators is None:
            return
        st = self.state
        message = MessagePayload.model_validate(
            {k: msg[k] for k in MessagePayload.model_fields if k in msg}
        )
        idx = REPLY_IDX + 20 * sum(1 for ev in self._batch if ev.kind == "message_sent")
        try:
            with self._collaborating():
                actions = await self.collaborators.reply(
                    message,
                    thread=st.thread_of(msg),
                    day=st.day,
                    turn=self._turn,
                    run_id=self.run_id,
                    call_idx=idx,
                )
        except CallFailed as exc:
            if type(exc) is CallFailed:
                raise ModelUnavailable(
                    f"A collaborator's model could not be reached: {exc}"
                ) from exc
            self._add(
                "model_call",
                {
                    "call_id": None,
                    "purpose": "sim.collaborator",
                    "status": exc.status,
                    "text": f"No reply to {message.id}: {exc}",
                },
            )
            return
        for action in actions:
            deliver = max(action.message.deliver_at_turn or 0, self._turn + 1)
            await self._record_action(action, deliver_at=deliver)

    async def _record_action(self, action: CollaboratorAction, *, deliver_at: int) -> None:
        """A collaborator's message, scheduled; its files' bytes go to the blob store now."""
        blobs = {path: _sha(data) for path, data in action.files}
        if action.files:
            await self.store.blobs.put_many({_sha(d): d for _, d in action.files})
        payload = action.message.model_dump(mode="json")
        payload["deliver_at_turn"] = deliver_at
        payload["attachment_blobs"] = blobs
        payload["action"] = action.model_dump(mode="json", exclude={"message"})
        self._add("message_received", payload, actor=action.collaborator)

    async def _deliver_attachments(self, msg: dict[str, Any]) -> None:
        blobs = self.state.attachment_blobs.get(str(msg.get("id")), {})
        if not blobs:
            return
        have = await self.store.blobs.has_many(list(blobs.values()))
        data = await self.store.blobs.get_many(have) if have else {}
        # A blob can only be missing if orphan collection ran while the reply was pending
        # (it is referenced by a snapshot only once delivered): the message still arrives.
        files = [(p, data[s]) for p, s in blobs.items() if s in data]
        await self._write_attachments(str(msg.get("sender")), files)

    async def _write_attachments(self, by: str, files: Sequence[tuple[str, bytes]]) -> None:
        computer = self.state.computer
        for path, data in files:
            existed = await computer.exists(path)
            if existed and _sha(await computer.read_bytes(path)) == _sha(data):
                continue  # the same bytes, delivered again: nothing changed on the computer
            entry = await computer.write_bytes(path, data, mtime=self.state.now)
            self._add(
                "file_changed",
                {
                    "path": entry.path,
                    "change": "modified" if existed else "created",
                    "by": by,
                    "sha256": _sha(data),
                    "size": len(data),
                },
                actor=by,
            )

    # -- files changed by other programs -----------------------------------------------

    async def _outside_changes(self) -> list[dict[str, Any]]:
        if self.watcher is None:
            return []
        changes: list[FileChange] = self.watcher.drain()
        out = []
        for ch in changes:
            if ch.is_dir:
                continue
            item: dict[str, Any] = {"path": ch.path, "change": ch.change, "by": "outside"}
            if ch.dest_path:
                item["dest_path"] = ch.dest_path
            target = ch.dest_path or ch.path
            if ch.change != "deleted":
                try:
                    data = await self.state.computer.read_bytes(target)
                except (NotFound, OSError):
                    continue
                item["sha256"] = await asyncio.to_thread(_sha, data)
                item["size"] = len(data)
            out.append(item)
        return out

    # -- committing --------------------------------------------------------------------

    async def _commit(self, *, force_snapshot: bool) -> list[EventRecord]:
        events = self._batch
        self._batch = []
        records = await commit(
            self.store, self.run_id, self.state, events, self, force_snapshot=force_snapshot
        )
        return records


async def commit(
    store: Store,
    run_id: str,
    state: RunState,
    events: list[NewEvent],
    runner: TurnRunner,
    *,
    force_snapshot: bool = False,
    apply: bool = False,
) -> list[EventRecord]:
    """Append one batch (a turn, or a person's action between turns) in one transaction.

    The computer is snapshotted (blobs stored first); the manifest commits with
    the batch when the files changed, when `snapshot_every` batches passed
    without one, or when forced (day end). `apply` folds the events into the
    state after the commit (a person's actions; a turn applies as it goes).
    """
    manifest = await state.computer.snapshot(store.blobs)
    runner.turns_since_snapshot += 1
    changed = runner.last_manifest is None or manifest.files != runner.last_manifest.files
    take = changed or force_snapshot or runner.turns_since_snapshot >= state.options.snapshot_every
    expected = state.head_seq + 1
    last = expected + len(events) - 1
    records = await store.events.append_turn(
        run_id, events, expected_seq=expected, snapshot=(last, manifest) if take else None
    )
    if take:
        runner.last_manifest = manifest
        runner.turns_since_snapshot = 0
    if apply:
        for rec in records:
            state.apply(rec)
    state.head_seq = records[-1].seq
    return records
