"""Tools for talking to collaborators: send a message, read the inbox.

Sending only records a `message_sent` event; the run's collaborators read the
log and answer (their replies arrive later as `message_received`). Message
ids are derived from the run's position (day, turn, n-th message this turn),
so a resumed or replayed run gives the same ids and replies thread the same.
"""

from __future__ import annotations

import difflib
from email.utils import parseaddr
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from engine.schema.events import MessagePayload
from engine.sim.tools._common import trim, with_example
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome
from engine.store.records import NewEvent

MAX_BODY = 20_000
INBOX_PAGE = 10


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def directory(env: RunEnv) -> dict[str, str]:
    """Collaborator name -> email ('' when the run does not know it)."""
    emails_of = getattr(env, "collaborator_emails", None)
    emails: dict[str, str] = dict(emails_of()) if callable(emails_of) else {}
    return {name: emails.get(name, "") for name in env.collaborator_names()}


def _known_people(book: dict[str, str]) -> str:
    return ", ".join(f"{n} <{e}>" if e else n for n, e in book.items()) or "(nobody yet)"


def resolve_recipient(book: dict[str, str], who: str) -> str | None:
    """The collaborator `who` names: a name or an email, any case, 'Name <email>' too."""
    raw = who.strip()
    name_part, addr = parseaddr(raw)
    keys = {raw.casefold(), name_part.strip().casefold(), addr.strip().casefold()} - {""}
    for name, email in book.items():
        if name.casefold() in keys or (email and email.casefold() in keys):
            return name
    return None


# ---------------------------------------------------------------------------
# send_message
# ---------------------------------------------------------------------------


class SendMessageParams(_Params):
    to: list[str] = Field(
        min_length=1, max_length=20, description="Collaborators' names or email addresses."
    )
    subject: str = Field(default="", max_length=300, description="The subject line.")
    body: str = Field(max_length=MAX_BODY, description="The message itself.")
    attachments: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Paths of files on this computer to attach.",
    )
    in_reply_to: str | None = Field(
        default=None, description="The id of the message you are answering (from read_inbox)."
    )


class SendMessage:
    name: ClassVar[str] = "send_message"
    example: ClassVar[dict[str, Any]] = {
        "to": ["Ana Ruiz"],
        "subject": "Q1 summary: draft for review",
        "body": "Hi Ana,\n\nThe draft is attached. Could you check the revenue figures?\n\nThanks",
        "attachments": ["Documents/Reports/Q1 summary.docx"],
    }
    description: ClassVar[str] = with_example(
        "Send a message (like an email) to one or more collaborators, by name or email "
        "address: ask a question, share a draft, confirm a requirement. Attachments are paths "
        "of files on this computer. Replies arrive later in your inbox (read_inbox); set "
        "in_reply_to to a message id to answer that message. Submitting a deliverable is done "
        "with submit_deliverable, not by mail.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = SendMessageParams

    def __init__(self) -> None:
        self._sent_this_turn: dict[tuple[int, int], int] = {}

    def _next_id(self, env: RunEnv) -> str:
        key = (env.day, env.turn)
        n = self._sent_this_turn.get(key, 0) + 1
        self._sent_this_turn = {key: n}  # only the current turn matters
        return f"m{env.day:02d}-{env.turn:05d}-{n}"

    async def run(self, env: RunEnv, params: SendMessageParams) -> ToolOutcome:
        book = directory(env)
        recipients: list[str] = []
        unknown: list[str] = []
        for who in params.to:
            name = resolve_recipient(book, who)
            if name is None:
                unknown.append(who)
            elif name not in recipients:
                recipients.append(name)
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(book), n=1, cutoff=0.5)
            maybe = f" Did you mean {close[0]!r}?" if close else ""
            raise ToolFailure(
                f"Unknown recipient(s): {', '.join(repr(u) for u in unknown)}.{maybe}",
                f"Send only to people you work with: {_known_people(book)}.",
                kind="unknown_recipient",
            )
        if not params.body.strip():
            raise ToolFailure(
                "The message has no body.",
                "Write what you want to say in `body`; recipients: " + _known_people(book) + ".",
                kind="empty_message",
            )
        inbox = env.inbox()
        original = None
        if params.in_reply_to is not None:
            original = next((m for m in inbox if m.get("id") == params.in_reply_to), None)
            if original is None:
                recent = ", ".join(str(m.get("id")) for m in inbox[-5:]) or "none yet"
                raise ToolFailure(
                    f"There is no message {params.in_reply_to!r} in your inbox.",
                    f"Use an id that read_inbox shows (the latest: {recent}), or leave "
                    "in_reply_to out to start a new conversation.",
                    kind="unknown_message",
                )
        subject = params.subject.strip()
        if not subject and original is not None:
            prior = str(original.get("subject") or "")
            subject = prior if prior.lower().startswith("re:") else f"Re: {prior}"
        if not subject:
            raise ToolFailure(
                "The message has no subject.",
                "Give a short `subject` that says what the message is about.",
                kind="empty_message",
            )
        attachments: list[str] = []
        for path in params.attachments:
            entry = await env.computer.info(path)
            if entry.is_dir:
                raise ToolFailure(
                    f"'{entry.path}' is a folder; only files can be attached.",
                    "Attach the files inside it one by one.",
                    kind="path_conflict",
                )
            if entry.size == 0:
                raise ToolFailure(
                    f"'{entry.path}' is empty (0 bytes).",
                    "Write the file before attaching it.",
                    kind="empty_file",
                )
            if entry.path not in attachments:
                attachments.append(entry.path)
        message = MessagePayload(
            id=self._next_id(env),
            sender=env.agent_name,
            to=recipients,
            subject=subject,
            body=params.body,
            attachments=attachments,
            in_reply_to=params.in_reply_to,
        )
        event = NewEvent(
            kind="message_sent",
            actor="agent",
            day=env.day,
            turn=env.turn,
            payload=message.model_dump(mode="json"),
        )
        with_files = f" with {len(attachments)} attachment(s)" if attachments else ""
        return ToolOutcome(
            observation=f"Sent message {message.id} to {', '.join(recipients)}{with_files}: "
            f"{subject!r}. Replies will appear in your inbox.",
            events=[event],
        )


# ---------------------------------------------------------------------------
# read_inbox
# ---------------------------------------------------------------------------


class ReadInboxParams(_Params):
    message_id: str | None = Field(
        default=None, description="Show this message's whole conversation instead of the inbox."
    )
    page: int = Field(default=1, ge=1, description="Page of the inbox listing (10 per page).")


def _format(m: dict[str, Any], *, full: bool) -> str:
    head = f"[{m.get('id')}] From: {m.get('sender')} | To: {', '.join(m.get('to') or [])}"
    lines = [head, f"Subject: {m.get('subject') or '(no subject)'}"]
    if m.get("in_reply_to"):
        lines.append(f"In reply to: {m['in_reply_to']}")
    if m.get("attachments"):
        lines.append("Attachments: " + ", ".join(m["attachments"]))
    body = str(m.get("body") or "")
    if m.get("malformed"):
        lines.append(f"(This message arrived damaged: {m['malformed']})")
    if full:
        lines.append(body if body.strip() else "(empty message)")
    else:
        flat = " ".join(body.split())
        lines.append(flat[:160] + ("…" if len(flat) > 160 else ""))
    return "\n".join(lines)


class ReadInbox:
    name: ClassVar[str] = "read_inbox"
    example: ClassVar[dict[str, Any]] = {"message_id": "m03-00042-1"}
    description: ClassVar[str] = with_example(
        "Read your messages. Without arguments: unread messages in full (newest first), then "
        "earlier ones as one-line previews, 10 per page. With message_id: that message's whole "
        "conversation in order. Files attached to messages are on this computer at the paths "
        "shown; read them with read_file.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = ReadInboxParams

    def __init__(self) -> None:
        self._seen: set[str] = set()  # used only when the run keeps no read state

    def _read_ids(self, env: RunEnv) -> set[str]:
        fn = getattr(env, "read_message_ids", None)
        return set(fn()) if callable(fn) else set(self._seen)

    def _mark(self, env: RunEnv, ids: list[str]) -> None:
        if not ids:
            return
        fn = getattr(env, "mark_read", None)
        if callable(fn):
            fn(ids)
        else:
            self._seen.update(ids)

    async def run(self, env: RunEnv, params: ReadInboxParams) -> ToolOutcome:
        inbox = [m for m in env.inbox() if m.get("id")]
        if params.message_id is not None:
            return self._thread(env, inbox, params.message_id)
        if not inbox:
            return ToolOutcome(observation="Your inbox is empty.")
        read = self._read_ids(env)
        unread = [m for m in reversed(inbox) if m["id"] not in read]
        earlier = [m for m in reversed(inbox) if m["id"] in read]
        ordered = unread + earlier
        start = (params.page - 1) * INBOX_PAGE
        if start >= len(ordered):
            pages = (len(ordered) + INBOX_PAGE - 1) // INBOX_PAGE
            raise ToolFailure(
                f"The inbox has {pages} page(s); there is no page {params.page}.",
                f"Ask for a page from 1 to {pages}.",
                kind="page_out_of_range",
            )
        shown = ordered[start : start + INBOX_PAGE]
        lines = [f"Inbox: {len(inbox)} message(s), {len(unread)} unread."]
        opened: list[str] = []
        for m in shown:
            is_new = m["id"] not in read
            lines += ["", ("NEW " if is_new else "") + _format(m, full=is_new)]
            if is_new:
                opened.append(m["id"])
        if start + INBOX_PAGE < len(ordered):
            lines += ["", f"[More on page {params.page + 1}.]"]
        lines += ["", "Open a conversation with read_inbox and its message_id."]
        self._mark(env, opened)
        return ToolOutcome(
            observation=trim("\n".join(lines), 14_000, "Open long messages one by one by id.")
        )

    def _thread(self, env: RunEnv, inbox: list[dict[str, Any]], message_id: str) -> ToolOutcome:
        by_id = {m["id"]: m for m in inbox}
        if message_id not in by_id:
            recent = ", ".join(m["id"] for m in inbox[-5:]) or "none yet"
            raise ToolFailure(
                f"There is no message {message_id!r} in your inbox.",
                f"Use an id from read_inbox (the latest: {recent}).",
                kind="unknown_message",
            )
        root = message_id
        hops = 0
        while by_id.get(root, {}).get("in_reply_to") in by_id and hops < 100:
            root = by_id[root]["in_reply_to"]
            hops += 1
        members = {root}
        changed = True
        while changed:  # every reply to anything in the conversation, however deep
            changed = False
            for m in inbox:
                if m["id"] not in members and m.get("in_reply_to") in members:
                    members.add(m["id"])
                    changed = True
        thread = [m for m in inbox if m["id"] in members]
        lines = [f"Conversation of {message_id}: {len(thread)} message(s), oldest first."]
        first_parent = by_id[root].get("in_reply_to")
        if first_parent:
            lines.append(f"(It answers your message {first_parent}.)")
        for m in thread:
            lines += ["", _format(m, full=True)]
        self._mark(env, [m["id"] for m in thread])
        return ToolOutcome(
            observation=trim("\n".join(lines), 14_000, "Open the messages one by one by id.")
        )
