"""The run's event log folded into what the screens show: turn rows, inbox threads, file marks.

Pure data, no widgets: the App's event worker feeds it pages of `EventRecord`s
(`apply`) and the widgets read it when a coalesced message says it grew. The
log stays the source of truth (DESIGN.md, Storage); this is only a view of it,
rebuilt from seq 1 whenever the screen opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.store import EventRecord

# Events that belong to the agent's own turn; everything else gets a row of its own.
_TURN_KINDS = frozenset(
    {"turn_started", "model_call", "tool_started", "tool_result", "note_written", "message_sent"}
)
_STATUS_KINDS = {"paused": "paused", "resumed": "running", "stopped": "stopped",
                 "finished": "finished", "failed": "failed"}  # fmt: skip
_HIDDEN_ROWS = frozenset({"turn_started", "objectives_set"})
_PATH_KEYS = frozenset({"path", "src", "dest", "dir", "folder"})


TOOL_WEIGHT: dict[str, int] = {
    "submit_deliverable": 4,
    **dict.fromkeys(("write_document", "write_pdf", "write_spreadsheet", "write_deck",
                     "write_text", "edit_text", "edit_cells", "send_message", "run_python"), 3),
    **dict.fromkeys(("move", "copy", "make_folder", "delete"), 2),
    **dict.fromkeys(("read_file", "search_files", "list_dir", "tree", "file_info",
                     "read_inbox"), 1),
    **dict.fromkeys(("write_notes", "end_day"), 0),
}  # fmt: skip


def tool_weight(tool: str) -> int:
    """How much a call of `tool` says about what its turn did; names a turn's row.

    A turn often makes several calls (the agent keeps notes, reads, then writes).
    The turn stream's line names the turn's *main* call, the one of the highest
    weight, the first of them on a tie, and counts the others: `write_document +1`,
    never `write_notes +1`. Its arguments and its result are the line's too.

    4  handing work in: submit_deliverable
    3  changing the work or telling someone: writes, edits, send_message, run_python
    2  rearranging files: move, copy, make_folder, delete
    1  looking: reads, listings, searches, read_inbox; and a tool the engine does not
       know (a misspelt name is an attempt at something, not bookkeeping)
    0  bookkeeping: write_notes, end_day
    """
    return TOOL_WEIGHT.get(tool, 1)


def short(value: Any, width: int = 40) -> str:
    """One line of at most `width` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def short_path(value: Any, width: int = 40) -> str:
    """A path cut from the left, so the file's name stays: `…/Q3/plan.md`."""
    text = str(value).replace("\\", "/")
    if len(text) <= width:
        return text
    tail = text[-(width - 1) :]
    return "…" + (tail[tail.find("/") :] if "/" in tail else tail)


# The argument that says what a call was about, shown first and bare: a file, a
# recipient, a deliverable.
_PRIMARY = ("path", "src", "dir", "folder", "to", "deliverable_id", "query", "dest")


def short_args(arguments: dict[str, Any], width: int = 56) -> str:
    """The tool's arguments in one line: the primary one bare (a path cut from the left so its
    file name stays, recipients by name), two spaces, then the rest as `key=value`."""
    if not arguments:
        return ""
    order = sorted(arguments, key=lambda k: (_PRIMARY.index(k) if k in _PRIMARY else 99, k))
    primary = ""
    parts = []
    for key in order:
        value = arguments[key]
        if key in _PATH_KEYS and isinstance(value, str):
            value = short_path(value, 40)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            value = ", ".join(value)
        elif isinstance(value, dict | list):
            value = f"{type(value).__name__}[{len(value)}]"
        if key == order[0] and key in _PRIMARY and key != "query":
            primary = short(value, 40)
        else:
            parts.append(f"{key}={short(value, 28)}")
    rest = short(" ".join(parts), width)
    text = f"{primary}  {rest}" if primary and rest else primary or rest  # two spaces: see fit_args
    return text if len(text) <= width else text[: width - 1] + "…"


def call_path(arguments: dict[str, Any]) -> str:
    """The file a call is about: its `path` (or a move's `dest`), or a submission's first file."""
    for key in ("dest", "path"):
        value = arguments.get(key)
        if isinstance(value, str) and value.strip("./\\"):  # not the computer's root
            return value
    files = arguments.get("files")
    if isinstance(files, list) and files and isinstance(files[0], str):
        return files[0]
    return ""


def fit_args(args: str, width: int) -> str:
    """`short_args` text in `width` cells: the primary argument's end (a file's name) is kept."""
    if len(args) <= width:
        return args
    primary, sep, _ = args.partition("  ")
    path = "/" in primary or primary.startswith("…")  # `short_path` cuts from the left
    if path and (sep or "=" not in primary):
        return "…" + primary[-(width - 1) :] if len(primary) > width else primary
    return args[: max(0, width - 1)] + "…"


@dataclass
class TurnRow:
    """One line of the turn stream: an agent turn, or an event of its own (a message, a pause)."""

    seq: int  # the first event's seq: the row's stable key
    day: int
    turn: int
    kind: str  # "turn" for an agent turn, else the event kind
    actor: str
    tool: str = ""
    args: str = ""
    outcome: str = ""
    error: bool = False
    seqs: list[int] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    tokens: int = 0
    main: int = -1  # index in `tools` of the turn's main call (`tool_weight`), -1 before any
    main_call: str | None = None  # that call's id, to take its result as the row's outcome
    path: str = ""  # the file the row is about (agent-facing), if any: `v` shows it


@dataclass
class InboxMessage:
    seq: int
    day: int
    turn: int
    id: str
    sender: str
    to: list[str]
    subject: str
    body: str
    attachments: list[str]
    incoming: bool
    malformed: str | None = None
    read: bool = False


@dataclass
class FileMark:
    by: str  # agent | user | outside | <collaborator>
    change: str  # created | modified | deleted | moved
    seq: int
    seen: bool = False


@dataclass
class Delta:
    """What one `apply` changed, so handlers touch only that."""

    rows_added: int = 0
    rows_updated: set[int] = field(default_factory=set)  # seqs of rows that changed
    files: list[tuple[str, str | None]] = field(default_factory=list)  # (path, dest) touched
    inbox: bool = False
    status: bool = False
    tokens: bool = False


class RunLog:
    """Everything the run screen shows, folded from the run's events in seq order."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        self.last_seq = 0
        self.rows: list[TurnRow] = []
        self._row_by_seq: dict[int, int] = {}  # any event seq -> row index
        self._open: dict[int, int] = {}  # turn -> row index of the newest agent turn
        self.messages: list[InboxMessage] = []
        self._threads: dict[str, list[InboxMessage]] = {}  # who -> messages, kept as they come
        self.files: dict[str, FileMark] = {}
        self.status = "created"
        self.reason: str | None = None
        self.day = 0
        self.turn = 0
        self.backend = ""
        self.model = ""
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cached_tokens = 0
        self.errors = 0
        self.days: dict[int, int] = {}  # day -> index of its first row
        self.dates: dict[int, str] = {}  # day -> its simulated date (from `day_started`)
        self.tools: set[str] = set()
        self.actors: set[str] = set()
        self.agent_name = "agent"
        self.objectives: dict[str, Any] | None = None
        self.submissions: list[tuple[int, int, dict[str, Any]]] = []  # (day, turn, payload)
        self.options: dict[str, Any] = {}
        self.turn_end: dict[int, int] = {}  # turn -> seq of the last event tagged with it

    # -- folding -----------------------------------------------------------

    def apply(self, events: Iterable[EventRecord]) -> Delta:
        delta = Delta()
        for ev in events:
            if ev.seq <= self.last_seq:
                continue  # a page read twice (replay then live) is harmless
            self.last_seq = ev.seq
            self._apply_one(ev, delta)
        return delta

    def _row_for_turn(self, ev: EventRecord, delta: Delta) -> TurnRow:
        """The row of the agent turn `ev` belongs to: `turn_started` opens one (turn numbers
        count across days), and only the newest turn is open."""
        index = None if ev.kind == "turn_started" else self._open.get(ev.turn)
        if index is None:
            day = int(ev.payload.get("day") or ev.day) if ev.kind == "turn_started" else ev.day
            row = TurnRow(seq=ev.seq, day=day, turn=ev.turn, kind="turn", actor="agent")
            index = self._add(row, delta)
            self._open = {ev.turn: index}
        row = self.rows[index]
        row.day = max(row.day, ev.day)
        row.seqs.append(ev.seq)
        self._row_by_seq[ev.seq] = index
        if row.seq not in delta.rows_updated and index < len(self.rows) - delta.rows_added:
            delta.rows_updated.add(row.seq)
        return row

    def _add(self, row: TurnRow, delta: Delta) -> int:
        self.rows.append(row)
        index = len(self.rows) - 1
        self._row_by_seq[row.seq] = index
        self.days.setdefault(row.day, index)
        self.actors.add(row.actor)
        delta.rows_added += 1
        return index

    def _apply_one(self, ev: EventRecord, delta: Delta) -> None:
        p = ev.payload
        kind = ev.kind
        if ev.turn:
            self.turn_end[ev.turn] = ev.seq
        if kind == "turn_started":
            self.day = int(p.get("day") or ev.day or self.day)
            self.turn = ev.turn
        elif kind == "day_started":
            self.day = int(p.get("day") or ev.day or self.day)
            if p.get("date"):
                self.dates[self.day] = str(p["date"])
        if kind == "run_started":
            self.backend = str(p.get("backend", self.backend) or "")
            self.model = str(p.get("model", self.model) or "")
            self.agent_name = str(p.get("agent", self.agent_name) or "agent")
            self.options = dict(p.get("options") or {})
            delta.status = True
        if kind == "objectives_set":
            self.objectives = p.get("objectives", p)
            delta.status = True
        if kind == "deliverable_submitted":
            self.submissions.append((ev.day, ev.turn, p))
            delta.status = True
        if kind in _STATUS_KINDS:
            self._set_status(_STATUS_KINDS[kind], p.get("reason"), delta)
        if kind == "model_call":
            self.prompt_tokens += int(p.get("prompt_tokens") or 0)
            self.completion_tokens += int(p.get("completion_tokens") or 0)
            self.cached_tokens += int(p.get("cached_tokens") or 0)
            delta.tokens = True
        if kind == "file_changed":
            self._file_changed(ev, delta)
        if kind in ("message_sent", "message_received"):
            self._message(ev, incoming=kind == "message_received")
            delta.inbox = True

        agent_turn = ev.turn > 0 and (
            kind in _TURN_KINDS
            or kind == "deliverable_submitted"
            or (kind == "file_changed" and p.get("by") == "agent")
        )
        if agent_turn:
            self._fold_turn(self._row_for_turn(ev, delta), ev)
        elif kind not in _HIDDEN_ROWS:
            day = p.get("day") if isinstance(p.get("day"), int) else ev.day
            row = TurnRow(seq=ev.seq, day=day, turn=ev.turn, kind=kind, actor=ev.actor)
            row.seqs.append(ev.seq)
            self._describe(row, ev)
            self._add(row, delta)
            if kind == "day_started":
                self._day_first()

    def _fold_turn(self, row: TurnRow, ev: EventRecord) -> None:
        p = ev.payload
        if ev.kind == "model_call":
            if p.get("call_id") is not None:
                row.call_ids.append(int(p["call_id"]))
            row.tokens += int(p.get("prompt_tokens") or 0) + int(p.get("completion_tokens") or 0)
            if p.get("status") not in (None, "ok"):
                row.error = True
                row.outcome = f"model call {p.get('status')}"
                self.errors += 1
        elif ev.kind == "tool_started":
            tool = str(p.get("tool", "?"))
            row.tools.append(tool)
            self.tools.add(tool)
            if row.main < 0 or tool_weight(tool) > tool_weight(row.tools[row.main]):
                row.main = len(row.tools) - 1
                row.main_call = None if p.get("call_id") is None else str(p["call_id"])
                row.args = short_args(p.get("arguments") or {})
                row.path = call_path(p.get("arguments") or {})
            main = row.tools[row.main]
            row.tool = main if len(row.tools) == 1 else f"{main} +{len(row.tools) - 1}"
        elif ev.kind == "tool_result":
            if p.get("ok", True):
                call = p.get("call_id")
                of_main = (
                    str(call) == row.main_call
                    if call is not None and row.main_call is not None
                    else p.get("tool") in (None, row.tools[row.main] if row.main >= 0 else None)
                )
                if not row.error and (of_main or not row.outcome):
                    row.outcome = short(p.get("observation", ""), 60)
            else:
                row.error = True
                self.errors += 1
                kind = p.get("error_kind") or "error"
                row.outcome = f"{kind}: " + short(
                    str(p.get("observation", "")).removeprefix("ERROR: "), 60
                )
        elif ev.kind == "deliverable_submitted":
            row.outcome = f"submitted {p.get('deliverable_id', '')}"

    def _day_first(self) -> None:
        """A day's start is logged just after its first turn opens; show it above that turn."""
        if len(self.rows) < 2:
            return
        turn, day = self.rows[-2], self.rows[-1]
        if turn.kind != "turn" or len(turn.seqs) != 1:
            return
        n = len(self.rows)
        self.rows[-2], self.rows[-1] = day, turn
        for s in day.seqs:
            self._row_by_seq[s] = n - 2
        for s in turn.seqs:
            self._row_by_seq[s] = n - 1
        self._open = {turn.turn: n - 1}
        self.days[day.day] = min(self.days.get(day.day, n - 2), n - 2)

    def _describe(self, row: TurnRow, ev: EventRecord) -> None:
        """A row of its own: `tool` says what happened and who did it (no actor column)."""
        p = ev.payload
        k = ev.kind
        row.tool = k.replace("_", " ")
        if k == "message_received":
            row.path = str((p.get("attachments") or [""])[0])
            row.tool = f"✉ {p.get('sender', ev.actor)}"
            row.args = "injected by you" if ev.actor == "user" else ""
            row.outcome = short(p.get("subject") or p.get("malformed") or "(no subject)", 80)
            row.error = bool(p.get("malformed"))
        elif k == "file_changed":
            row.path = str(p.get("dest_path") or p.get("path") or "")
            by = p.get("by", ev.actor)
            row.tool = f"✎ {'you' if by == 'user' else by}"
            row.args = short_path(p.get("path", ""), 48)
            row.outcome = str(p.get("change", "changed"))
        elif k == "day_started":
            row.tool = f"── day {row.day}"
            row.outcome = str(p.get("date", ""))
        elif k == "day_ended":
            row.tool = f"── end of day {row.day}"
            row.outcome = short(p.get("reason") or f"{p.get('turns', '')} turns", 80)
        elif k == "run_started":
            row.outcome = (
                f"{p.get('backend', '?')} / {p.get('model', '?')}, seed {p.get('seed', '?')}"
            )
        elif k in _STATUS_KINDS:
            who = "you" if ev.actor == "user" else ev.actor
            row.tool = f"{k} ({who})"
            row.outcome = short(p.get("reason") or "", 80)
            row.error = k == "failed"
        elif k == "compaction":
            row.outcome = short(p.get("summary", ""), 80)
        elif k == "deliverable_submitted":
            row.outcome = f"submitted {p.get('deliverable_id', '')}"

    def _set_status(self, status: str, reason: Any, delta: Delta) -> None:
        self.status = status
        self.reason = None if reason is None else str(reason)
        delta.status = True

    def _file_changed(self, ev: EventRecord, delta: Delta) -> None:
        p = ev.payload
        path = str(p.get("path", ""))
        dest = p.get("dest_path")
        by = str(p.get("by") or ev.actor)
        change = str(p.get("change", "modified"))
        if change == "moved" and dest:
            self.files.pop(path, None)
            self.files[str(dest)] = FileMark(by=by, change=change, seq=ev.seq)
        else:
            self.files[path] = FileMark(by=by, change=change, seq=ev.seq)
        delta.files.append((path, None if dest is None else str(dest)))

    def _message(self, ev: EventRecord, *, incoming: bool) -> None:
        p = ev.payload
        m = InboxMessage(
            seq=ev.seq,
            day=ev.day,
            turn=ev.turn,
            id=str(p.get("id", ev.seq)),
            sender=str(p.get("sender", ev.actor)),
            to=[str(t) for t in p.get("to") or []],
            subject=str(p.get("subject") or ""),
            body=str(p.get("body") or ""),
            attachments=[str(a) for a in p.get("attachments") or []],
            incoming=incoming,
            malformed=p.get("malformed"),
            read=not incoming,
        )
        self.messages.append(m)
        for who in [m.sender] if incoming else (m.to or ["(nobody)"]):
            self._threads.setdefault(who, []).append(m)

    # -- reading -----------------------------------------------------------

    def fork_seq(self, row: TurnRow) -> int:
        """Where a fork "after this row" starts: the end of the agent turn's whole batch."""
        if row.kind == "turn":
            return max(self.turn_end.get(row.turn, 0), *row.seqs)
        return max(row.seqs or [row.seq])

    def index_at_seq(self, seq: int) -> int | None:
        """The index of the row holding the event `seq`."""
        return self._row_by_seq.get(seq)

    def row_at_seq(self, seq: int) -> TurnRow | None:
        index = self._row_by_seq.get(seq)
        return None if index is None else self.rows[index]

    def index_of_turn(self, day: int, turn: int | None = None) -> int | None:
        """The row index of a day's first row, or of (day, turn)'s row."""
        if turn is None:
            return self.days.get(day)
        for i in range(self.days.get(day, 0), len(self.rows)):
            row = self.rows[i]
            if row.day > day:
                break
            if row.day == day and row.turn == turn and row.kind == "turn":
                return i
        return None

    def threads(self) -> dict[str, list[InboxMessage]]:
        """Messages grouped by the collaborator on the other side, in order of first contact
        (kept up to date as messages are folded in: read it, do not change it)."""
        return self._threads

    def unread(self, who: str | None = None) -> int:
        messages = self.messages if who is None else self._threads.get(who, [])
        return sum(
            1 for m in messages if m.incoming and not m.read and (who is None or m.sender == who)
        )

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def matches(row: TurnRow, *, tool: str = "", actor: str = "", errors_only: bool = False) -> bool:
    """Whether a row passes the turn stream's filter."""
    if errors_only and not row.error:
        return False
    if tool and tool not in row.tools and tool != row.kind:
        return False
    return not (actor and row.actor != actor)


def filtered(rows: Sequence[TurnRow], **how: Any) -> list[int]:
    return [i for i, r in enumerate(rows) if matches(r, **how)]
