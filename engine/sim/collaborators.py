"""Simulated collaborators: people who answer the work agent from their own persona and rubric.

Each reply is one structured call (purpose `sim.collaborator`) per recipient;
each private file a collaborator sends is one more (purpose
`sim.collaborator_file`), rendered to real bytes through
`engine.computer.formats`. What the model may say about a rubric is decided by
code before the call and checked after it:

- `initially_communicated` items may always be repeated;
- a `revealed_on_ask` item only once a message has touched one of its keywords;
- an `only_at_review` item is never put in front of the model at all.

A user simulator's own mistakes cause a large share of apparent agent failures
(PAPER_NOTES §6), so every `CollaboratorAction` keeps the raw model output, the
model and prompt version that produced it, what was deliberate (a planted error,
a knowingly partial answer) and what was the simulator's own mistake (a hidden
criterion it tried to reveal, a file it does not have). Judging counts the two
apart from the agent's errors.

A file goes to the user's Downloads once: a collaborator who already sent it
is told so (`files_sent_before`, with the day) and refers to it rather than
attaching it again, unless asked again or for an updated version. When the same
bytes are sent again anyway, the attachment points at the copy already in
Downloads instead of making a 'name (1).ext' duplicate; only different bytes
under a name already used get a numbered name, as a browser saves them.

After a crash mid-turn the turn is played again; a collaborator call of that
turn that was already answered (recorded with its response, same request) is
reused from the call log, not sent again (pass `calls`, the store's
`model_calls`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Generic, Protocol, TypeVar

from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ConfigDict, Field, computed_field

import engine.sim.scripted  # noqa: F401  (registers the scripted responders)
from engine.errors import FormatError
from engine.llm import LLM, CallContext, ChatMessage
from engine.llm.repair import check_structured
from engine.llm.wire import build_body, read_reply, request_hash, schema_name
from engine.schema.events import MessagePayload
from engine.schema.objectives import (
    CollaboratorPersona,
    Deliverable,
    Intervention,
    Objectives,
    PrivateFile,
    RubricCriterion,
)
from engine.schema.profile import UserProfile
from engine.sim.collaborator_files import CollaboratorFile, planted_value_in, render_file
from engine.sim.prompts_collaborators import (
    PROMPT_VERSION,
    PURPOSE_FILE,
    PURPOSE_REPLY,
    SYSTEM_FILE,
    SYSTEM_REPLY,
    file_task,
    reply_task,
)
from engine.sim.prompts_objectives import build_messages

THREAD_LIMIT = 12  # messages of the thread shown to the collaborator
BODY_LIMIT = 1500  # characters of each earlier message

_T = TypeVar("_T", bound=BaseModel)


class CompletedCalls(Protocol):
    """Where answered model calls are looked up to be reused (`store.model_calls`)."""

    async def find_completed(self, run_id: str, turn: int, call_idx: int) -> Any: ...


class CollaboratorReply(BaseModel):
    """What the collaborator's model writes for one incoming message."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(
        min_length=1, max_length=4000, description="The reply, in the persona's voice."
    )
    revealed_criteria: list[str] = Field(
        default_factory=list,
        max_length=40,
        description="Ids of the shareable_now criteria this reply states.",
    )
    attachments: list[str] = Field(
        default_factory=list,
        max_length=6,
        description="Exact names of private files sent with this reply.",
    )
    refused: bool = Field(
        default=False, description="Declines the request (outside their authority or remit)."
    )
    correction: bool = Field(
        default=False, description="Corrects a fact or figure the sender got wrong."
    )
    requirement_change: str | None = Field(
        default=None,
        max_length=500,
        description="A change to what they asked for, if this reply makes one.",
    )
    new_request: str | None = Field(
        default=None, max_length=500, description="Something new they ask the sender to do."
    )
    incomplete: bool = Field(
        default=False,
        description="Knowingly partial (forgot the attachment, vague answer), as a busy person is.",
    )


class PlantedError(BaseModel):
    """A deliberate mistake in a file a collaborator sent: not the agent's error, not the simulator's."""

    file: str
    path: str
    description: str
    where: str = ""
    shown: str = ""
    correct: str = ""
    verified: bool = Field(
        description="The shown value was found when the written file was read back."
    )


class SentFile(BaseModel):
    name: str
    path: str = Field(description="Where the file lands on the computer (relative to its root).")
    kind: str
    size: int
    sha256: str
    planted: PlantedError | None = None
    day: int = Field(default=0, description="The run day it was sent (0: not recorded).")
    already_there: bool = Field(
        default=False,
        description="The same bytes were delivered to this path before: no new copy was made.",
    )


class CollaboratorAction(BaseModel):
    """One thing a collaborator did: a reply or a scheduled intervention, with its record.

    `files` holds the bytes to write into the computer (path, bytes); it is left out of
    `model_dump` so the record of an action stays JSON (the `sent_files` say what was written).
    """

    collaborator: str
    trigger: str = Field(description="'reply' or 'intervention:<kind>'")
    message: MessagePayload
    files: list[tuple[str, bytes]] = Field(default_factory=list, exclude=True, repr=False)
    sent_files: list[SentFile] = Field(default_factory=list)
    revealed: list[str] = Field(
        default_factory=list, description="Criterion ids actually revealed."
    )
    reply: CollaboratorReply | None = Field(
        default=None, description="The model's output as it came."
    )
    incoming_malformed: str | None = Field(
        default=None,
        description="Why the message answered was empty or broken (kept, not dropped).",
    )
    planted_errors: list[PlantedError] = Field(default_factory=list)
    deliberate: list[str] = Field(
        default_factory=list,
        description="Imperfections on purpose: planted errors, partial answers.",
    )
    simulator_errors: list[str] = Field(
        default_factory=list,
        description="The simulator's own mistakes, counted apart from the agent's.",
    )
    model: str = ""
    backend: str = ""
    prompt_version: str = PROMPT_VERSION
    call_ids: list[int] = Field(default_factory=list)
    reused: bool = Field(
        default=False,
        description="Its model calls were answered before a crash and reused, not sent again.",
    )
    next_call_idx: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def planted(self) -> bool:
        """Whether this action carries a mistake made on purpose."""
        return bool(self.planted_errors)


# --- rules -------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{[^}]*\}\}|\[(?:insert|your |name|placeholder|todo)[^\]]*\]|<placeholder>|lorem ipsum",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'&-]*")
_STOP = frozenset(
    "the and for with that this from into have will your about their which there these those "
    "should would could every each other than then them they what when where while".split()
)


def malformed_reason(message: MessagePayload) -> str | None:
    """Why a message cannot be answered as written, or None when it can."""
    if message.malformed:
        return message.malformed
    body = message.body.strip()
    if not body:
        return (
            "the message is empty" if not message.subject.strip() else "the message body is empty"
        )
    if not any(ch.isalnum() for ch in body):
        return "the message body has no words"
    hit = _PLACEHOLDER.search(body)
    if hit:
        return f"the message still holds placeholder text ({hit.group(0)!r})"
    return None


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def criterion_keywords(criterion: RubricCriterion) -> list[str]:
    """The words a question must touch; derived from the text when the author gave none."""
    if criterion.keywords:
        return [k for k in criterion.keywords if k.strip()]
    words = [w for w in _WORD.findall(criterion.text.lower()) if len(w) >= 5 and w not in _STOP]
    return list(dict.fromkeys(words))[:4]


def touched_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """Keywords `text` touches, as whole words, forgiving a plural on either side."""
    norm = f" {_norm(text)} "
    hits = []
    for kw in keywords:
        key = _norm(kw)
        if not key:
            continue
        stem = key[:-1] if key.endswith("s") and len(key) > 4 else key
        if re.search(rf"(?<![a-z0-9]){re.escape(stem)}(?:s|es)?(?![a-z0-9])", norm):
            hits.append(kw)
    return hits


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def _trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown(message: MessagePayload) -> dict[str, object]:
    return {
        "id": message.id,
        "from": message.sender,
        "to": list(message.to),
        "subject": message.subject,
        "body": _trim(message.body, BODY_LIMIT),
        "attachments": list(message.attachments),
    }


# --- the collaborators -------------------------------------------------------------------


class Collaborators:
    """The month's collaborators, answering messages and acting on their schedule.

    State kept between calls (what each one has revealed and which files they have
    sent, where they landed and with which bytes) can be restored after a crash from
    the recorded actions: pass `already_revealed` and `already_sent`
    (`RunState.revealed_by()` and `RunState.sent_files_by()`). With `calls` (the
    store's `model_calls`), a call of a turn played again that was already answered
    is reused rather than sent again.
    """

    def __init__(
        self,
        llm: LLM,
        objectives: Objectives,
        profile: UserProfile,
        seed: int,
        *,
        first_day: dt.date | None = None,
        already_revealed: Mapping[str, Iterable[str]] | None = None,
        already_sent: Mapping[str, Iterable[str | Mapping[str, Any]]] | None = None,
        calls: CompletedCalls | None = None,
    ) -> None:
        self.llm = llm
        self.objectives = objectives
        self.profile = profile
        self.seed = seed
        self.first_day = first_day
        self.calls = calls
        fs = profile.filesystem
        self.downloads = fs.to_disk(fs.downloads)
        self._revealed: dict[str, set[str]] = {
            k.lower(): set(v) for k, v in (already_revealed or {}).items()
        }
        self._sent: dict[str, list[_Sent]] = {}
        self._files: dict[tuple[str, str], tuple[bytes, PlantedError | None]] = {}
        # Downloads as the files sent so far left it (restored after a resume): how many
        # paths each name has taken, and which bytes sit at which path.
        self._downloads_used: Counter[str] = Counter()
        self._delivered: dict[str, dict[str, str]] = {}  # name -> sha256 -> path
        for who, items in (already_sent or {}).items():
            for item in items:
                self._restore_sent(who, item)
        currencies = Counter(e.currency for e in profile.fact_sheet.entities if e.currency)
        self.currency = currencies.most_common(1)[0][0] if currencies else "USD"

    # -- look-ups ------------------------------------------------------------------------

    @property
    def user_name(self) -> str:
        return self.profile.identity.full_name

    def names(self) -> list[str]:
        return [c.name for c in self.objectives.collaborators]

    def find(self, who: str) -> CollaboratorPersona | None:
        """A collaborator by name or email address (case does not matter)."""
        key = who.strip().lower()
        for c in self.objectives.collaborators:
            if key in (c.name.lower(), c.email.lower()):
                return c
        return None

    def revealed(self, name: str) -> set[str]:
        """Criterion ids this collaborator has revealed so far."""
        return set(self._revealed.get(name.lower(), set()))

    def files_sent(self, name: str) -> list[dict[str, object]]:
        """The files this collaborator has sent, one entry per file: its name and the day it
        was last sent (0 when the record does not say)."""
        last: dict[str, dict[str, object]] = {}
        for sent in self._sent.get(name.lower(), []):
            last.pop(sent.name.lower(), None)
            last[sent.name.lower()] = {"name": sent.name, "day": sent.day}
        return list(last.values())

    def requested_by(self, name: str) -> list[Deliverable]:
        return [d for d in self.objectives.deliverables if d.requester.lower() == name.lower()]

    def involving(self, name: str) -> list[Deliverable]:
        key = name.lower()
        return [
            d
            for d in self.objectives.deliverables
            if d.requester.lower() != key and key in {c.lower() for c in d.collaborators}
        ]

    def shareable(self, persona: CollaboratorPersona, text: str) -> dict[str, bool]:
        """For every criterion this collaborator may ever voice: may they voice it now?

        `only_at_review` items are absent: never shareable, never shown.
        """
        before = self._revealed.get(persona.name.lower(), set())
        out: dict[str, bool] = {}
        for dlv in self.requested_by(persona.name):
            for c in dlv.rubric:
                if c.visibility == "initially_communicated":
                    out[c.id] = True
                elif c.visibility == "revealed_on_ask":
                    out[c.id] = c.id in before or bool(
                        touched_keywords(text, criterion_keywords(c))
                    )
        return out

    # -- replies -------------------------------------------------------------------------

    async def reply(
        self,
        message: MessagePayload,
        *,
        thread: list[MessagePayload],
        day: int,
        turn: int,
        run_id: str | None,
        call_idx: int,
    ) -> list[CollaboratorAction]:
        """Each collaborator the message is addressed to answers it; others are skipped.

        Recipients who are not collaborators get nothing (the tool layer refuses them
        before a message is sent). The actions come in recipient order; the last one's
        `next_call_idx` is the next free call index of the turn.
        """
        actions: list[CollaboratorAction] = []
        seen: set[str] = set()
        idx = call_idx
        for recipient in message.to:
            persona = self.find(recipient)
            if persona is None or persona.name.lower() in seen:
                continue
            seen.add(persona.name.lower())
            action = await self._reply_one(persona, message, thread, day, turn, run_id, idx)
            idx = action.next_call_idx
            actions.append(action)
        return actions

    async def _reply_one(
        self,
        persona: CollaboratorPersona,
        message: MessagePayload,
        thread: list[MessagePayload],
        day: int,
        turn: int,
        run_id: str | None,
        call_idx: int,
    ) -> CollaboratorAction:
        problem = malformed_reason(message)
        asked_text = "" if problem else f"{message.subject}\n{message.body}"
        shareable = self.shareable(persona, asked_text)
        context = self._reply_context(persona, message, thread, day, turn, problem, shareable)
        done = await self._ask(
            build_messages(SYSTEM_REPLY, reply_task(), context),
            CollaboratorReply,
            CallContext(purpose=PURPOSE_REPLY, run_id=run_id, turn=turn, call_idx=call_idx),
        )
        out: CollaboratorReply = done.value
        call_ids = list(done.call_ids)
        reused = done.reused
        idx = done.next_idx
        sim_errors: list[str] = []
        deliberate: list[str] = []

        allowed = {cid for cid, ok in shareable.items() if ok}
        owned = {c.id: c for d in self.requested_by(persona.name) for c in d.rubric}
        revealed: list[str] = []
        for cid in dict.fromkeys(out.revealed_criteria):
            if cid in allowed:
                revealed.append(cid)
            elif cid in owned:
                why = owned[cid].visibility
                sim_errors.append(f"tried to reveal {cid} ({why}), which the message did not earn")
            else:
                sim_errors.append(f"named criterion {cid!r}, which is not one of theirs")
        body_norm = _norm(out.body)
        for cid, crit in owned.items():
            if cid not in allowed and len(crit.text) >= 20 and _norm(crit.text) in body_norm:
                sim_errors.append(f"the reply states hidden criterion {cid} ({crit.visibility})")
        self._revealed.setdefault(persona.name.lower(), set()).update(revealed)

        files: list[tuple[str, bytes]] = []
        sent: list[SentFile] = []
        planted: list[PlantedError] = []
        for name in dict.fromkeys(out.attachments):
            private = next(
                (f for f in persona.private_files if f.name.lower() == name.lower()), None
            )
            if private is None:
                sim_errors.append(f"tried to attach {name!r}, which is not one of their files")
                continue
            result = await self._send_file(persona, private, run_id, day, turn, idx)
            idx = result.next_idx
            call_ids += result.call_ids
            reused = reused or result.reused
            sim_errors += result.errors
            if result.file is None:
                continue
            files.append((result.file.path, result.data))
            sent.append(result.file)
            if result.file.planted is not None:
                planted.append(result.file.planted)
                deliberate.append(f"planted error in {private.name}: {private.planted_error}")
        if out.incomplete:
            deliberate.append("a knowingly partial answer")
        if out.refused:
            deliberate.append("declined the request")

        subject = message.subject.strip() or "(no subject)"
        reply = MessagePayload(
            id=f"re-{message.id}-{_slug(persona.name)}",
            sender=persona.name,
            to=[message.sender],
            subject=subject if subject.lower().startswith("re:") else f"Re: {subject}",
            body=out.body,
            attachments=[p for p, _ in files],
            in_reply_to=message.id,
            deliver_at_turn=turn + persona.reply_after_turns,
        )
        return CollaboratorAction(
            collaborator=persona.name,
            trigger="reply",
            message=reply,
            files=files,
            sent_files=sent,
            revealed=revealed,
            reply=out,
            incoming_malformed=problem,
            planted_errors=planted,
            deliberate=deliberate,
            simulator_errors=sim_errors,
            model=done.model,
            backend=self.llm.backend,
            call_ids=call_ids,
            reused=reused,
            next_call_idx=idx,
        )

    def _reply_context(
        self,
        persona: CollaboratorPersona,
        message: MessagePayload,
        thread: list[MessagePayload],
        day: int,
        turn: int,
        problem: str | None,
        shareable: dict[str, bool],
    ) -> dict[str, object]:
        ident = self.profile.identity
        requested = [
            {
                "id": d.id,
                "title": d.title,
                "project": d.project,
                "description": d.description,
                "due_day": d.due_day,
                "criteria": [
                    {
                        "id": c.id,
                        "text": c.text,
                        "points": c.points,
                        "visibility": c.visibility,
                        "keywords": criterion_keywords(c),
                        "shareable_now": shareable[c.id],
                    }
                    for c in d.rubric
                    if c.id in shareable
                ],
            }
            for d in self.requested_by(persona.name)
        ]
        involved = [
            {"id": d.id, "title": d.title, "requester": d.requester, "due_day": d.due_day}
            for d in self.involving(persona.name)
        ]
        earlier = [m for m in thread if m.id != message.id][-THREAD_LIMIT:]
        return {
            "collaborator": {
                "name": persona.name,
                "role": persona.role,
                "email": persona.email,
                "communication_style": persona.communication_style,
                "decision_authority": persona.decision_authority,
                "preferences": persona.preferences,
                "knowledge": persona.knowledge,
                "reliability": persona.reliability,
                "private_files": [
                    {"name": f.name, "description": f.description} for f in persona.private_files
                ],
            },
            "user": {
                "name": ident.full_name,
                "role": ident.role,
                "email": ident.email,
                "organization": ident.organization,
            },
            "day": day,
            "turn": turn,
            "seed": self.seed,
            "requested": requested,
            "involved": involved,
            "thread": [_shown(m) for m in earlier],
            "message": _shown(message),
            "incoming_problem": problem,
            "revealed_before": sorted(self._revealed.get(persona.name.lower(), set())),
            "files_sent_before": self.files_sent(persona.name),
        }

    # -- files ---------------------------------------------------------------------------

    async def _send_file(
        self,
        persona: CollaboratorPersona,
        private: PrivateFile,
        run_id: str | None,
        day: int,
        turn: int,
        call_idx: int,
    ) -> _FileResult:
        """Render (once) and place one private file in the user's Downloads."""
        key = (persona.name.lower(), private.name.lower())
        result = _FileResult(next_idx=call_idx)
        if key not in self._files:
            made = await self._make_file(persona, private, run_id, turn, call_idx, result)
            if made is None:
                return result
            self._files[key] = made
        data, planted = self._files[key]
        sha = hashlib.sha256(data).hexdigest()
        path, already_there = self._download_path(private.name, sha)
        if planted is not None:
            planted = planted.model_copy(update={"path": path})
        result.data = data
        result.file = SentFile(
            name=private.name,
            path=path,
            kind=PurePosixPath(private.name).suffix.lstrip(".").lower(),
            size=len(data),
            sha256=sha,
            planted=planted,
            day=day,
            already_there=already_there,
        )
        self._sent.setdefault(persona.name.lower(), []).append(_Sent(private.name, day))
        return result

    async def _make_file(
        self,
        persona: CollaboratorPersona,
        private: PrivateFile,
        run_id: str | None,
        turn: int,
        call_idx: int,
        result: _FileResult,
    ) -> tuple[bytes, PlantedError | None] | None:
        ident = self.profile.identity
        context = {
            "collaborator": {"name": persona.name, "role": persona.role},
            "user": {
                "name": ident.full_name,
                "role": ident.role,
                "organization": ident.organization,
            },
            "file": {
                "name": private.name,
                "kind": PurePosixPath(private.name).suffix.lstrip(".").lower(),
                "description": private.description,
                "planted_error": private.planted_error,
            },
            "deliverables": [
                {"id": d.id, "title": d.title, "description": d.description, "due_day": d.due_day}
                for d in [*self.requested_by(persona.name), *self.involving(persona.name)]
            ],
            "facts": self.profile.fact_sheet.entities,
            "seed": self.seed,
        }
        done = await self._ask(
            build_messages(SYSTEM_FILE, file_task(), context),
            CollaboratorFile,
            CallContext(purpose=PURPOSE_FILE, run_id=run_id, turn=turn, call_idx=call_idx),
        )
        result.next_idx = done.next_idx
        result.call_ids += done.call_ids
        result.reused = result.reused or done.reused
        content: CollaboratorFile = done.value
        # The file was written before the month began; the same date on every send (and
        # after a resume) keeps its bytes the same.
        created = None
        if self.first_day is not None:
            created = dt.datetime.combine(self.first_day - dt.timedelta(days=3), dt.time(9, 0))
        try:
            data = await asyncio.to_thread(
                render_file,
                private.name,
                content,
                author=persona.name,
                created=created,
                currency=self.currency,
            )
        except FormatError as exc:
            result.errors.append(f"could not write {private.name!r}: {exc}")
            return None
        planted: PlantedError | None = None
        if private.planted_error:
            if content.planted is None:
                result.errors.append(f"{private.name!r} was written without its planted error")
            else:
                found = await asyncio.to_thread(
                    planted_value_in, data, private.name, content.planted.shown
                )
                if not found:
                    result.errors.append(
                        f"the planted value {content.planted.shown!r} is not in {private.name!r}"
                    )
                planted = PlantedError(
                    file=private.name,
                    path="",
                    description=private.planted_error,
                    where=content.planted.where,
                    shown=content.planted.shown,
                    correct=content.planted.correct,
                    verified=found,
                )
        return data, planted

    def _download_path(self, name: str, sha256: str) -> tuple[str, bool]:
        """Where a sent file lands, and whether the same bytes were delivered there before.

        The same bytes under the same name go to the path they already have (no
        duplicate); other bytes get Downloads/<name>, then 'name (1).ext', ... as a
        browser saves a repeated download.
        """
        key = name.lower()
        there = self._delivered.get(key, {}).get(sha256)
        if there is not None:
            return there, True
        n = self._downloads_used[key]
        self._downloads_used[key] += 1
        if n == 0:
            path = f"{self.downloads}/{name}"
        else:
            p = PurePosixPath(name)
            path = f"{self.downloads}/{p.stem} ({n}){p.suffix}"
        self._delivered.setdefault(key, {})[sha256] = path
        return path, False

    def _restore_sent(self, who: str, item: str | Mapping[str, Any]) -> None:
        """Fold one file sent before a resume back in: a name (older records), or a record
        with its name, path, sha256 and day."""
        if isinstance(item, str):
            name, path, sha, day = item, "", "", 0
        else:
            name = str(item.get("name") or "")
            path = str(item.get("path") or "")
            sha = str(item.get("sha256") or "")
            day = int(item.get("day") or 0)
        if not name:
            return
        self._sent.setdefault(who.lower(), []).append(_Sent(name, day))
        key = name.lower()
        if not path or not sha:  # a bare name: it took one path, bytes unknown
            self._downloads_used[key] += 1
            return
        known = self._delivered.setdefault(key, {})
        if path not in known.values():
            self._downloads_used[key] += 1
        known.setdefault(sha, path)

    # -- model calls ---------------------------------------------------------------------

    async def _ask(
        self, messages: Sequence[ChatMessage], output: type[_T], context: CallContext
    ) -> _Asked[_T]:
        """One structured call: reused from the call log when this very request was already
        answered (a turn played again after a crash), else sent to the model."""
        reused = await self._reused(messages, output, context)
        if reused is not None:
            return reused
        done = await self.llm.structured_call(messages, output, context=context)
        return _Asked(
            value=done.value,
            call_ids=[done.result.call_id] if done.result.call_id is not None else [],
            next_idx=done.result.next_call_idx,
            model=done.result.model,
        )

    async def _reused(
        self, messages: Sequence[ChatMessage], output: type[_T], context: CallContext
    ) -> _Asked[_T] | None:
        """The recorded answer to this request at (run, turn, call index), if it is valid.

        Like the work call's reuse (`engine.sim.loop`): the first recorded request must
        hash the same as the one about to be sent, and its repairs must have ended in a
        valid reply; anything else is asked again.
        """
        if self.calls is None or context.run_id is None or context.turn is None:
            return None
        records = []
        for k in range(self.llm.validation_retries + 1):
            rec = await self.calls.find_completed(
                context.run_id, context.turn, context.call_idx + k
            )
            if rec is None or rec.purpose != context.purpose:
                break
            records.append(rec)
            if rec.status != "invalid":
                break
        if not records or records[-1].status != "ok" or records[-1].response is None:
            return None
        profile = await self.llm.server_profile()
        body = build_body(model=self.llm.model, messages=messages, output=output, profile=profile)
        if records[0].request_hash != request_hash(body):
            return None  # the request diverged from the recorded one: ask again
        try:
            completion = ChatCompletion.model_validate(records[-1].response)
        except ValueError:
            return None
        tool_name = schema_name(output) if profile.structured == "tool" else None
        verdict = check_structured(read_reply(completion), output, tool_name=tool_name)
        if verdict:
            return None
        return _Asked(
            value=verdict.value,  # type: ignore[arg-type]
            call_ids=[r.id for r in records],
            next_idx=context.call_idx + len(records),
            model=records[-1].model,
            reused=True,
        )

    # -- interventions -------------------------------------------------------------------

    def scheduled(self, day: int) -> list[Intervention]:
        """The interventions planned for `day`, as written in the objectives."""
        return [i for i in self.objectives.interventions if i.day == day]

    async def interventions_for(
        self,
        day: int,
        *,
        turn: int = 0,
        run_id: str | None = None,
        call_idx: int = 0,
    ) -> list[CollaboratorAction]:
        """The day's scheduled interventions as messages to the user (each in an action).

        An action rather than a bare `MessagePayload`, because a `file_shared`
        intervention brings a file whose bytes the run must write, and because the
        record (which file, which planted error) belongs with the message. The text
        is the objectives' own (no model call), so `model` is set only when a file
        had to be written.
        """
        actions: list[CollaboratorAction] = []
        idx = call_idx
        for n, item in enumerate(self.scheduled(day), start=1):
            persona = self.find(item.sender)
            if persona is None:  # unreachable: Objectives checks senders
                continue
            files: list[tuple[str, bytes]] = []
            sent: list[SentFile] = []
            planted: list[PlantedError] = []
            errors: list[str] = []
            deliberate = [f"scheduled {item.kind.replace('_', ' ')}"]
            call_ids: list[int] = []
            reused = False
            if item.kind == "file_shared":
                private = self._file_for(persona, item)
                if private is None:
                    errors.append(f"{persona.name} was to share a file but has no private file")
                else:
                    result = await self._send_file(persona, private, run_id, day, turn, idx)
                    idx = result.next_idx
                    call_ids += result.call_ids
                    reused = reused or result.reused
                    errors += result.errors
                    if result.file is not None:
                        files.append((result.file.path, result.data))
                        sent.append(result.file)
                        if result.file.planted is not None:
                            planted.append(result.file.planted)
                            deliberate.append(
                                f"planted error in {private.name}: {private.planted_error}"
                            )
            message = MessagePayload(
                id=f"int-d{day:02d}-{n}-{_slug(persona.name)}",
                sender=persona.name,
                to=[self.user_name],
                subject=item.subject,
                body=item.body,
                attachments=[p for p, _ in files],
                deliver_at_turn=turn if turn else None,
            )
            actions.append(
                CollaboratorAction(
                    collaborator=persona.name,
                    trigger=f"intervention:{item.kind}",
                    message=message,
                    files=files,
                    sent_files=sent,
                    planted_errors=planted,
                    deliberate=deliberate,
                    simulator_errors=errors,
                    model=self.llm.model if call_ids else "",
                    backend=self.llm.backend if call_ids else "",
                    call_ids=call_ids,
                    reused=reused,
                    next_call_idx=idx,
                )
            )
        return actions

    def _file_for(self, persona: CollaboratorPersona, item: Intervention) -> PrivateFile | None:
        """The private file an intervention shares: the one it names, else the first unsent."""
        text = f"{item.subject}\n{item.body}".lower()
        for f in persona.private_files:
            if f.name.lower() in text or PurePosixPath(f.name).stem.lower() in text:
                return f
        sent = {f.name.lower() for f in self._sent.get(persona.name.lower(), [])}
        unsent = [f for f in persona.private_files if f.name.lower() not in sent]
        pool = unsent or list(persona.private_files)
        return pool[0] if pool else None


class _FileResult:
    """What sending one file produced, threaded through the call indices of a turn."""

    def __init__(self, next_idx: int) -> None:
        self.next_idx = next_idx
        self.call_ids: list[int] = []
        self.errors: list[str] = []
        self.data: bytes = b""
        self.file: SentFile | None = None
        self.reused = False


@dataclass
class _Sent:
    name: str
    day: int


@dataclass
class _Asked(Generic[_T]):
    """A structured answer and the calls behind it (sent now, or reused from the log)."""

    value: _T
    call_ids: list[int]
    next_idx: int
    model: str
    reused: bool = False
