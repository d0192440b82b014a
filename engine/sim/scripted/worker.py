"""The scripted work agent: a seeded, rule-based policy that does the month's work from what it reads.

Registered with the scripted backend for the work-turn purpose, it reads the
request exactly as a model would (the system prompt's deliverable briefs, the
memory layer with its own notes, the window's tool calls and results, the
newest turn note with its messages) and answers with tool calls:

    note what it just learned (facts read, messages received, what it wrote)
    -> read attachments it was sent -> for the first unfinished deliverable:
    read its grounding files, ask the requester a question about the brief,
    write each expected output from the facts it noted, submit
    -> revise (a new version) when a correction or an answer comes in
    -> end the day when today's work is done or the budget is spent.

Its only memory across compactions is its notes, written in a fixed line
format it parses back (READ/MSG/ASKED/WROTE/SUBMITTED/MISSING). Everything it
writes comes from text it actually read in observations (figures, names,
table columns), never from the hidden rubric, which it cannot see. It proves
the machinery; it is not tuned to any test.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from engine.llm.scripted import Reply, ScriptedRequest, register_tools
from engine.sim.options import WORK_PURPOSE
from engine.sim.scripted._world import clip_words

STEM_LIMIT = 60  # characters of a deliverable's title in its file names, cut between words
PART_LIMIT = 24  # characters of an output's description added when one folder holds two
NOTE_LIMIT = 4_500  # notes longer than this are condensed (the prompt shows the last 6,000 chars)
FACTS_PER_FILE = 8
_HEADER = re.compile(
    r"^\[(?P<label>[^,\]]+), (?P<time>\d\d:\d\d) — day (?P<day>\d+) of (?P<days>\d+), "
    r"turn (?P<turn>\d+); (?P<left>\d+) turn\(s\) left today\]"
)
_NEW_MSG = re.compile(r"^New message \[(?P<id>[^\]]+)\] from (?P<sender>[^:]+): (?P<subject>.*)$")
_DLV = re.compile(r"^### (DLV_\d{3}) — (.+)$")
_DLV_ID = re.compile(r"\bDLV_\d{3}\b")
_SENT = re.compile(r"Sent message (\S+) to")
_NUMBER = re.compile(r"[-+]?[£$€]?\d[\d,]*(?:\.\d+)?%?")
_CORRECTION = re.compile(
    r"\b(correct\w*|chang\w*|instead|revis\w*|updat\w*|wrong|mistake|error|please use|should be|"
    r"new requirement|actually)\b",
    re.IGNORECASE,
)
_SKIP_LINE = re.compile(r"^(Title: .* · |Cells [A-Z]+\d+:|## Page \d+$|Page \d+$|\|[-| ]+\|$)")


# --- reading the request -----------------------------------------------------------------


@dataclass
class Brief:
    id: str
    title: str
    requester: str = ""
    due_day: int = 99
    outputs: list[tuple[str, str, str]] = field(default_factory=list)  # kind, folder, description
    grounding: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Message:
    id: str
    sender: str
    subject: str
    body: str = ""
    in_reply_to: str | None = None
    attachments: list[str] = field(default_factory=list)


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    ok: bool
    result: str


@dataclass
class Context:
    agent: str = ""
    briefs: list[Brief] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_chars: int = 0
    submitted_layer: dict[str, list[str]] = field(default_factory=dict)
    wrote_layer: set[str] = field(default_factory=set)  # paths the summaries say were written
    calls: list[Call] = field(default_factory=list)  # this window's, in order
    messages: list[Message] = field(default_factory=list)  # arrived in this window
    day: int = 1
    turn: int = 1
    left: int = 10
    date: str = ""
    new_day: bool = False


def parse(request: ScriptedRequest) -> Context:
    ctx = Context()
    msgs = request.messages
    system = str(msgs[0].get("content") or "") if msgs else ""
    _parse_system(system, ctx)
    results: dict[str, str] = {}
    for m in msgs:
        if m.get("role") == "tool":
            results[str(m.get("tool_call_id"))] = str(m.get("content") or "")
    for i, m in enumerate(msgs[1:], start=1):
        role, content = m.get("role"), str(m.get("content") or "")
        if role == "user" and i == 1 and content.startswith("## Your notes"):
            _parse_layer(content, ctx)
        elif role == "user" and content.startswith("["):
            _parse_note(content, ctx)
        elif role == "assistant":
            for c in m.get("tool_calls") or []:
                fn = c.get("function") or {}
                try:
                    args = json.loads(fn.get("arguments") or "{}")
                except ValueError:
                    args = {}
                res = results.get(str(c.get("id")), "")
                call = Call(
                    str(fn.get("name")),
                    args if isinstance(args, dict) else {},
                    not res.startswith(("ERROR", "Not run")),
                    res,
                )
                ctx.calls.append(call)
                if call.ok and call.name == "write_notes":
                    text = str(call.args.get("text", ""))
                    if call.args.get("mode") == "replace":
                        ctx.notes = []
                    ctx.notes += [ln for ln in text.splitlines() if ln.strip()]
    ctx.notes_chars = sum(len(n) + 1 for n in ctx.notes)
    return ctx


def _parse_system(text: str, ctx: Context) -> None:
    first = text.splitlines()[0] if text else ""
    m = re.match(r"You are ([^,]+),", first)
    ctx.agent = m.group(1) if m else "me"
    brief: Brief | None = None
    section = ""
    in_people = False
    for line in text.splitlines():
        if line.startswith("## "):
            in_people = line.startswith("## People")
            brief = None if not line.startswith("### ") else brief
            continue
        if in_people and line.startswith("- ") and " — " in line:
            ctx.people.append(line[2:].split(" — ")[0].strip())
            continue
        hit = _DLV.match(line)
        if hit:
            brief = Brief(id=hit.group(1), title=hit.group(2).strip())
            ctx.briefs.append(brief)
            section = ""
            continue
        if brief is None:
            continue
        if line.startswith("Requested by: "):
            brief.requester = line.split(": ", 1)[1].strip()
        elif line.startswith("Due: day "):
            brief.due_day = int(re.findall(r"\d+", line)[0])
        elif line.startswith("Brief: "):
            brief.text = line[7:]
        elif line.endswith(":") and not line.startswith("- "):
            section = line
        elif line.startswith("- ") and section == "Expected outputs:":
            kind, _, rest = line[2:].partition(" in ")
            folder, _, desc = rest.partition(": ")
            brief.outputs.append((kind.strip().lower(), folder.strip(), desc.strip()))
        elif line.startswith("- ") and section == "Files to work from:":
            brief.grounding.append(line[2:].strip())
        elif line.startswith("- ") and section == "Stated requirements:":
            brief.requirements.append(line[2:].strip())


def _parse_layer(text: str, ctx: Context) -> None:
    part = ""
    for line in text.splitlines():
        if line.startswith("## "):
            part = line[3:]
            continue
        if part == "Your notes" and line.strip() and line.strip() != "(none yet)":
            ctx.notes.append(line)
        elif part in ("Earlier days", "Earlier today"):
            for listed in re.findall(r"wrote ([^;]+)", line):
                ctx.wrote_layer.update(p.strip() for p in listed.split(", ") if "/" in p)
        elif part == "Submitted so far" and line.startswith("- "):
            dlv, _, files = line[2:].partition(": ")
            ctx.submitted_layer[dlv.strip()] = [f.strip() for f in files.split(", ") if f.strip()]


def _parse_note(text: str, ctx: Context) -> None:
    lines = text.splitlines()
    head = _HEADER.match(lines[0]) if lines else None
    if head:
        ctx.day, ctx.turn, ctx.left = int(head["day"]), int(head["turn"]), int(head["left"])
        ctx.date = head["label"]
        ctx.new_day = any(ln.startswith("A new working day begins") for ln in lines[1:3])
    msg: Message | None = None
    for line in lines[1:]:
        hit = _NEW_MSG.match(line)
        if hit:
            msg = Message(hit["id"], hit["sender"].strip(), hit["subject"].strip())
            ctx.messages.append(msg)
            continue
        if msg is None:
            continue
        if line.startswith("(in reply to ") and line.endswith(")"):
            msg.in_reply_to = line[len("(in reply to ") : -1]
        elif line.startswith("Attached (now on your computer): "):
            msg.attachments = [p.strip() for p in line.split(": ", 1)[1].split(", ") if p.strip()]
        elif line.startswith("Files changed by someone else"):
            msg = None
        else:
            msg.body = f"{msg.body}\n{line}".strip()


# --- the agent's own memory: its notes ---------------------------------------------------


@dataclass
class Memory:
    read: dict[str, str] = field(default_factory=dict)  # path -> facts line
    missing: set[str] = field(default_factory=set)
    asked: dict[str, str] = field(default_factory=dict)  # deliverable -> message id
    wrote: dict[str, list[str]] = field(default_factory=dict)  # deliverable -> paths
    submitted: dict[str, int] = field(default_factory=dict)  # deliverable -> last version handed in
    sub_files: dict[str, list[str]] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)  # revise messages a version took in
    msgs: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> fields
    replied: set[str] = field(default_factory=set)

    def facts_for(self, brief: Brief) -> list[tuple[str, str]]:
        paths = list(brief.grounding) + [
            p
            for m in self.msgs.values()
            if m.get("for") == brief.id
            for p in _split(m.get("files", ""))
        ]
        out = []
        for p in paths:
            for fact in _split(self.read.get(p, ""), " | ")[1:]:
                out.append((p, fact))
        return out

    def version(self, dlv: str) -> int:
        """The version being worked on: one past the last submission when a revision is due."""
        done = self.submitted.get(dlv, 0)
        return done + 1 if done == 0 or self.needs_revision(dlv) else done

    def pending_revisions(self, dlv: str) -> list[str]:
        covered = self.covered.get(dlv, set())
        return [
            mid
            for mid, m in self.msgs.items()
            if m.get("for") == dlv and m.get("revise") and mid not in covered
        ]

    def needs_revision(self, dlv: str) -> bool:
        return self.submitted.get(dlv, 0) > 0 and bool(self.pending_revisions(dlv))


def _split(text: str, sep: str = "; ") -> list[str]:
    return [s.strip() for s in text.split(sep) if s.strip()]


def recall(ctx: Context) -> Memory:
    mem = Memory()
    for line in ctx.notes:
        tag, _, rest = line.partition(" ")
        if tag == "READ":
            path, _, facts = rest.partition(" :: ")
            mem.read[path.strip()] = facts
        elif tag == "MISSING":
            mem.missing.add(rest.strip())
        elif tag == "ASKED":
            dlv, _, mid = rest.partition(" ")
            mem.asked[dlv] = mid.strip()
        elif tag == "WROTE":
            dlv, _, path = rest.partition(" ")
            mem.wrote.setdefault(dlv, []).append(path.strip())
        elif tag == "SUBMITTED":
            head, _, files = rest.partition(" :: ")
            dlv, _, more = head.partition(" ")
            version = re.search(r"\bv(\d+)\b", more)
            covers = re.search(r"covers=(\S+)", more)
            mem.submitted[dlv] = max(
                mem.submitted.get(dlv, 0), int(version.group(1)) if version else 1
            )
            mem.sub_files[dlv] = _split(files)
            mem.covered.setdefault(dlv, set()).update(covers.group(1).split(",") if covers else [])
        elif tag == "REPLIED":
            mem.replied.add(rest.strip())
        elif tag == "MSG":
            mid, _, fields = rest.partition(" ")
            parts = dict(p.partition("=")[::2] for p in _split(fields, " | ") if "=" in p)
            mem.msgs[mid] = parts
    for dlv, files in ctx.submitted_layer.items():
        if dlv not in mem.submitted:  # handed in, though the notes lost it: version 1 at least
            mem.submitted[dlv] = 1
            mem.sub_files[dlv] = files
    return mem


# --- what it learned this window, to note down -------------------------------------------


def facts_of(observation: str) -> tuple[str, list[str]]:
    """A title line and a few facts (figures, table rows or column statistics) from a
    read_file result: what a careful reader would jot down."""
    lines = [ln.strip() for ln in observation.splitlines()[1:] if ln.strip()]
    lines = [ln for ln in lines if not _SKIP_LINE.match(ln) and not ln.startswith("[")]
    title = next((ln.lstrip("# ").strip() for ln in lines if not ln.startswith("|")), "")
    facts: list[str] = []
    for name, table in _tables(lines):
        facts += _table_facts(name, table)
    for ln in lines:
        if ln.startswith(("|", "#")):
            continue
        if _NUMBER.search(ln) and ln[:140] not in facts:
            facts.append(ln[:140])
    if not facts:  # no figures: the first sentences then
        facts = [ln[:140] for ln in lines[1:3]]
    return title[:100], [f.replace(" | ", " / ") for f in facts[:FACTS_PER_FILE]]


def _tables(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Runs of markdown table lines, each with the sheet heading above it."""
    out: list[tuple[str, list[str]]] = []
    name, current = "", []
    for ln in lines:
        if ln.startswith("|"):
            current.append(ln)
            continue
        if current:
            out.append((name, current))
            current = []
        if ln.startswith("## Sheet: "):
            name = ln[len("## Sheet: ") :]
    if current:
        out.append((name, current))
    return out


def _table_facts(name: str, rows: list[str]) -> list[str]:
    cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
    if cells and cells[0] and cells[0][0] == "":
        cells = cells[1:]  # the column-letter row of a spreadsheet grid
    cells = [r[1:] if r and r[0].isdigit() else r for r in cells]  # row numbers
    cells = [r for r in cells if any(c for c in r)]
    if len(cells) < 2:
        return []
    header, body = cells[0], cells[1:]
    where = f"{name}: " if name else ""
    if len(body) <= 6:  # a small table: its rows are the facts
        return [where + ", ".join(c for c in r if c)[:140] for r in body]
    facts = [f"{where}{len(body)} rows of {', '.join(h for h in header if h)}"[:140]]
    for col, head in enumerate(header):
        values = []
        for r in body:
            if col < len(r):
                try:
                    values.append(float(r[col].replace(",", "").lstrip("£$€").rstrip("% ")))
                except ValueError:
                    pass
        if len(values) >= max(2, len(body) // 2) and head:
            facts.append(
                f"{where}{head} mean {statistics.mean(values):.1f}, min {min(values):g}, "
                f"max {max(values):g}, total {sum(values):g}"
            )
    return facts


def pending_notes(ctx: Context, mem: Memory) -> list[str]:
    """Lines to add to the notes: what this window did or received that the notes lack."""
    out: list[str] = []
    done, keep_paths = _relevant(mem, ctx)
    for call in ctx.calls:
        path = str(call.args.get("path", ""))
        if call.name == "read_file" and call.ok and path and path not in mem.read:
            if path not in keep_paths and _finished_path(ctx, mem, done, path):
                continue  # read for work that is finished; condensed away on purpose
            title, facts = facts_of(call.result)
            line = f"READ {path} :: " + " | ".join([title or path.rsplit("/", 1)[-1], *facts])
            out.append(line[:320])
            mem.read[path] = out[-1].partition(" :: ")[2]
        elif call.name == "read_file" and not call.ok and path and path not in mem.read:
            if path not in mem.missing:
                out.append(f"MISSING {path}")
                mem.missing.add(path)
        elif call.name == "send_message" and call.ok and call.args.get("in_reply_to"):
            mid = str(call.args["in_reply_to"])
            if mid not in mem.replied:
                out.append(f"REPLIED {mid}")
                mem.replied.add(mid)
        elif call.name == "send_message" and call.ok:
            dlv = _DLV_ID.search(str(call.args.get("subject", "")))
            sent = _SENT.search(call.result)
            if dlv and sent and dlv.group(0) not in mem.asked:
                out.append(f"ASKED {dlv.group(0)} {sent.group(1)}")
                mem.asked[dlv.group(0)] = sent.group(1)
        elif (
            call.name.startswith("write_")
            and call.name != "write_notes"
            and (call.ok or "already exists" in call.result)  # its own earlier write
        ):
            dlv = _dlv_of_path(ctx, mem, path)
            if dlv and dlv not in done and path not in mem.wrote.get(dlv, []):
                out.append(f"WROTE {dlv} {path}")
                mem.wrote.setdefault(dlv, []).append(path)
        elif call.name == "submit_deliverable" and call.ok:
            dlv = str(call.args.get("deliverable_id", ""))
            files = [str(f) for f in call.args.get("files") or []]
            if files != mem.sub_files.get(dlv):
                v = mem.version(dlv)
                covers = mem.pending_revisions(dlv)
                out.append(_submitted_line(dlv, v, covers, files))
                mem.submitted[dlv] = v
                mem.sub_files[dlv] = files
                mem.covered.setdefault(dlv, set()).update(covers)
    for msg in ctx.messages:
        if msg.id in mem.msgs:
            continue
        fields = _message_fields(ctx, mem, msg)
        mem.msgs[msg.id] = fields
        out.append(_msg_line(msg.id, fields))
    return out


def _message_fields(ctx: Context, mem: Memory, msg: Message) -> dict[str, str]:
    text = f"{msg.subject}\n{msg.body}"
    dlv = _DLV_ID.search(text)
    target = dlv.group(0) if dlv else ""
    if not target and msg.in_reply_to:
        target = next((d for d, mid in mem.asked.items() if mid == msg.in_reply_to), "")
    if not target:
        words = set(re.findall(r"[a-z]{5,}", text.lower()))
        scored = [
            (len(words & set(re.findall(r"[a-z]{5,}", b.title.lower()))), b.id)
            for b in ctx.briefs
            if b.requester == msg.sender
        ]
        scored = [s for s in scored if s[0] > 0]
        target = max(scored)[1] if scored else ""
    correction = bool(_CORRECTION.search(text))
    answered_late = bool(msg.in_reply_to) and bool(mem.submitted.get(target))
    return {
        "from": msg.sender,
        "re": msg.subject[:80],
        "for": target,
        "revise": "yes" if target and (correction or answered_late) else "",
        "files": "; ".join(msg.attachments),
        "gist": " ".join(msg.body.split()).replace(" | ", " / "),
    }


def _submitted_line(dlv: str, version: int, covers: list[str] | set[str], files: list[str]) -> str:
    tail = f" covers={','.join(sorted(covers))}" if covers else ""
    return f"SUBMITTED {dlv} v{version}{tail} :: {'; '.join(files)}"


def _msg_line(mid: str, fields: dict[str, str], limit: int = 480) -> str:
    """One MSG note; only the gist is shortened, so paths and flags survive whole."""
    head = f"MSG {mid} " + " | ".join(f"{k}={v}" for k, v in fields.items() if v and k != "gist")
    room = max(0, limit - len(head) - 8)
    gist = fields.get("gist", "")
    return head + (f" | gist={gist[:room]}" if gist and room > 20 else "")


def _dlv_of_path(ctx: Context, mem: Memory, path: str) -> str:
    """Which deliverable an output belongs to: its file names start with the title's slug."""
    name = path.rsplit("/", 1)[-1]
    for b in sorted(ctx.briefs, key=lambda b: -len(_stem(b.title))):
        if name.startswith(_stem(b.title)):
            return b.id
    return ""


# --- what to write -----------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", " ", text).strip().replace(" ", "_")


def _stem(title: str, limit: int = STEM_LIMIT) -> str:
    """A file-name stem from a title: its words joined by '_', cut between words."""
    return clip_words(_slug(title), limit, "_")


def _planned_paths(brief: Brief, mem: Memory) -> list[str]:
    v = mem.version(brief.id)
    out: list[str] = []
    for kind, folder, desc in brief.outputs:
        stem = _stem(brief.title)
        if sum(1 for k, f, _ in brief.outputs if k == kind and f == folder) > 1:
            stem += "_" + _stem(desc, PART_LIMIT)
        suffix = f"_v{v}" if v > 1 else ""
        out.append(f"{folder.rstrip('/')}/{stem}{suffix}.{kind}")
    return out


def _currency(facts: list[tuple[str, str]]) -> str:
    text = " ".join(f for _, f in facts)
    return "GBP" if "£" in text else "EUR" if "€" in text else "USD"


def _number(fact: str) -> float | None:
    for m in _NUMBER.findall(fact):
        try:
            return float(m.replace(",", "").lstrip("+£$€").rstrip("%"))
        except ValueError:
            continue
    return None


def content_for(
    ctx: Context, mem: Memory, brief: Brief, kind: str, desc: str
) -> tuple[str, dict[str, Any]]:
    """The tool and its `spec` (or text) for one output, built from noted facts and messages."""
    facts = mem.facts_for(brief)
    names = sorted({p.rsplit("/", 1)[-1] for p, _ in facts})
    answers = [m for m in mem.msgs.values() if m.get("for") == brief.id and m.get("gist")]
    v = mem.version(brief.id)
    title = brief.title + (f" (version {v})" if v > 1 else "")
    intro = (
        f"Prepared by {ctx.agent} for {brief.requester or 'the team'}, {ctx.date}. "
        f"{desc[:1].upper() + desc[1:]}."
    )
    rows = [[p.rsplit("/", 1)[-1], f] for p, f in facts] or [["(no source read)", brief.text[:120]]]
    if kind in ("docx", "pdf"):
        blocks: list[dict[str, Any]] = [
            {"type": "heading", "level": 1, "text": title},
            {"type": "paragraph", "text": intro},
            {"type": "paragraph", "text": brief.text[:600] or brief.title},
        ]
        if brief.requirements:
            blocks += [
                {"type": "heading", "level": 2, "text": "Requirements addressed"},
                {"type": "bullets", "items": brief.requirements[:12]},
            ]
        blocks += [
            {"type": "heading", "level": 2, "text": "Figures from the source files"},
            {"type": "table", "header": ["Source", "Detail"], "rows": rows[:30]},
        ]
        if answers:
            blocks += [
                {"type": "heading", "level": 2, "text": "Guidance and corrections received"},
                {
                    "type": "bullets",
                    "items": [f"{a.get('from')}: {a.get('gist')}" for a in answers][:8],
                },
            ]
        if names:
            blocks += [
                {"type": "heading", "level": 2, "text": "Sources"},
                {"type": "bullets", "items": names},
            ]
        tool = "write_document" if kind == "docx" else "write_pdf"
        return tool, {"title": title, "blocks": blocks}
    if kind == "xlsx":
        data_rows: list[list[Any]] = []
        for p, f in facts[:60]:
            n = _number(f)
            data_rows.append([p.rsplit("/", 1)[-1], f, n if n is not None else ""])
        if not data_rows:
            data_rows = [["(no source read)", brief.title, ""]]
        numeric = any(isinstance(r[2], float) for r in data_rows)
        sheet = {
            "name": "Data",
            "columns": [
                {"header": "Source", "width": 28},
                {"header": "Detail", "width": 60},
                {"header": "Figure", "format": "decimal", "total": "sum" if numeric else "none"},
            ],
            "rows": data_rows,
            "totals_row": numeric,
        }
        notes = [[r] for r in (brief.requirements[:10] or [brief.title])]
        return "write_spreadsheet", {
            "title": title,
            "currency": _currency(facts),
            "sheets": [
                sheet,
                {
                    "name": "Requirements",
                    "columns": [{"header": "Requirement", "width": 80}],
                    "rows": notes,
                },
            ],
        }
    if kind == "pptx":
        slides: list[dict[str, Any]] = [
            {"layout": "title", "title": title, "subtitle": intro[:150]},
            {
                "layout": "content",
                "title": "What was asked",
                "bullets": (brief.requirements or [brief.text[:150]])[:6],
            },
            {
                "layout": "table",
                "title": "Key figures",
                "table": {"header": ["Source", "Detail"], "rows": rows[:8]},
            },
        ]
        if answers:
            slides.append(
                {
                    "layout": "content",
                    "title": "Guidance received",
                    "bullets": [str(a.get("gist"))[:120] for a in answers][:5],
                }
            )
        return "write_deck", {"title": title, "slides": slides}
    text = f"# {title}\n\n{intro}\n\n{brief.text}\n\n## Figures\n" + "\n".join(
        f"- {src}: {f}" for src, f in rows
    )
    if kind == "csv":
        text = "source,detail\n" + "\n".join(
            f'"{s}","{f.replace(chr(34), chr(39))}"' for s, f in rows
        )
    return "write_text", {"text": text}


# --- the policy --------------------------------------------------------------------------


def _active(ctx: Context, mem: Memory) -> Brief | None:
    todo = [b for b in ctx.briefs if not mem.submitted.get(b.id) or mem.needs_revision(b.id)]
    todo.sort(key=lambda b: (not mem.needs_revision(b.id), b.due_day, b.id))
    return todo[0] if todo else None


def _already_tried(ctx: Context, name: str, args: dict[str, Any]) -> bool:
    return any(c.name == name and c.args == args and not c.ok for c in ctx.calls)


def next_action(ctx: Context, mem: Memory) -> tuple[str, dict[str, Any]] | None:
    """The main tool call of this turn, or None when today's work is done."""
    if ctx.turn == 1 and not ctx.calls and not mem.read:
        return "tree", {"path": ".", "depth": 3}
    done, _keep = _relevant(mem, ctx)
    read_now = {str(c.args.get("path")) for c in ctx.calls if c.name == "read_file" and c.ok}
    for m in mem.msgs.values():  # files colleagues sent, for work still open
        if m.get("for") in done:
            continue
        for path in _split(m.get("files", "")):
            if path not in mem.read and path not in mem.missing and path not in read_now:
                return "read_file", {"path": path}
    favour = _favour(ctx, mem)
    if favour is not None:
        return "send_message", favour
    brief = _active(ctx, mem)
    if brief is None:
        return None
    unread = [
        p
        for p in brief.grounding
        if p not in mem.read and p not in mem.missing and p not in read_now
    ]
    started = any(p in mem.read for p in brief.grounding) or not brief.grounding
    if unread and not started:  # a first look before asking anything
        return "read_file", {"path": unread[0]}
    if brief.requester in ctx.people and brief.id not in mem.asked:
        return "send_message", _question(ctx, brief)
    if unread:
        return "read_file", {"path": unread[0]}
    planned = _planned_paths(brief, mem)
    written = set(mem.wrote.get(brief.id, []))
    written |= {
        p for p in planned if p.replace("/", ":/", 1) in ctx.wrote_layer or p in ctx.wrote_layer
    }
    for path, (kind, _folder, desc) in zip(planned, brief.outputs, strict=True):
        if path in written:
            continue
        tool, spec = content_for(ctx, mem, brief, kind, desc)
        args: dict[str, Any] = {
            "path": path,
            **({"text": spec["text"]} if tool == "write_text" else {"spec": spec}),
        }
        if _already_tried(ctx, tool, args):
            args["overwrite"] = True
            if _already_tried(ctx, tool, args):
                continue
        return tool, args
    files = [p for p in planned if p in written]
    if not files:
        return None
    facts = mem.facts_for(brief)
    summary = (
        f"{brief.title}: {len(files)} file(s) built from {len({p for p, _ in facts})} source file(s)"
        + (
            " and the guidance received"
            if any(m.get("for") == brief.id for m in mem.msgs.values())
            else ""
        )
        + "."
    )
    return "submit_deliverable", {"deliverable_id": brief.id, "files": files, "summary": summary}


_ASKS_FOR_FILE = re.compile(
    r"send (?:me |over )?(?:a copy of |the )?(?P<name>[^\n,;]+?\.(?:docx|xlsx|pptx|pdf|csv|md|txt))",
    re.IGNORECASE,
)


def _favour(ctx: Context, mem: Memory) -> dict[str, Any] | None:
    """A colleague asked for a file outside any deliverable: send it if it is known."""
    for mid, m in mem.msgs.items():
        if m.get("for") or mid in mem.replied or not m.get("from"):
            continue
        hit = _ASKS_FOR_FILE.search(m.get("gist", ""))
        if hit is None:
            continue
        name = hit.group("name").strip().rsplit("/", 1)[-1].lower()
        known = [*mem.read, *(p for b in ctx.briefs for p in b.grounding)]
        path = next((p for p in known if p.rsplit("/", 1)[-1].lower() == name), None)
        first = m["from"].split()[0]
        body = (
            f"Hi {first},\n\nHere it is: {hit.group('name').strip()}.\n\nBest,\n{ctx.agent.split()[0]}"
            if path
            else f"Hi {first},\n\nI cannot find {hit.group('name').strip()} on my computer; "
            f"could you tell me where it was saved?\n\nBest,\n{ctx.agent.split()[0]}"
        )
        reply: dict[str, Any] = {
            "to": [m["from"]],
            "subject": f"Re: {m.get('re', '')}".strip(),
            "body": body,
            "in_reply_to": mid,
        }
        if path:
            reply["attachments"] = [path]
        return reply
    return None


def _question(ctx: Context, brief: Brief) -> dict[str, Any]:
    first = brief.requester.split()[0]
    outputs = "; ".join(d for _, _, d in brief.outputs)[:300]
    return {
        "to": [brief.requester],
        "subject": f"{brief.id}: question on {clip_words(brief.title, 60)}",
        "body": (
            f"Hi {first},\n\nI am starting on {brief.title} ({brief.id}). The brief asks for: "
            f"{outputs}. Before I write it up: is there a format or layout you expect, which "
            "figures and sources should it rely on, and is there anything you want prioritised "
            f"or left out?\n\nThanks,\n{ctx.agent.split()[0]}"
        ),
    }


def _relevant(mem: Memory, ctx: Context) -> tuple[set[str], set[str]]:
    """Deliverables finished for now, and the files the unfinished ones still need."""
    done = {b.id for b in ctx.briefs if mem.submitted.get(b.id) and not mem.needs_revision(b.id)}
    keep_paths = {p for b in ctx.briefs if b.id not in done for p in b.grounding}
    keep_paths |= {
        p for m in mem.msgs.values() if m.get("for") not in done for p in _split(m.get("files", ""))
    }
    return done, keep_paths


def _finished_path(ctx: Context, mem: Memory, done: set[str], path: str) -> bool:
    """Whether `path` was only ever needed by deliverables that are finished."""
    owners = {b.id for b in ctx.briefs if path in b.grounding}
    owners |= {str(m.get("for")) for m in mem.msgs.values() if path in _split(m.get("files", ""))}
    return bool(owners) and owners <= done


def _condensed(mem: Memory, ctx: Context) -> str:
    """Notes rewritten short: finished deliverables keep only their submission line."""
    done, keep_paths = _relevant(mem, ctx)
    lines = [f"MISSING {p}" for p in sorted(mem.missing)]
    lines += [f"READ {p} :: {f}"[:320] for p, f in mem.read.items() if p in keep_paths]
    for mid, fields in mem.msgs.items():
        if fields.get("for") in done or (not fields.get("for") and mid in mem.replied):
            fields = {k: fields.get(k, "") for k in ("from", "for", "revise", "files")}
        lines.append(_msg_line(mid, fields, limit=320))
    for d, paths in mem.wrote.items():
        if d not in done:
            lines += [f"WROTE {d} {p}" for p in paths]
    # The prompt keeps the end of long notes: what must never be lost goes last.
    lines += [f"ASKED {d} {m}" for d, m in mem.asked.items()]
    lines += [f"REPLIED {m}" for m in sorted(mem.replied)]
    lines += [
        _submitted_line(d, v, mem.covered.get(d, set()), mem.sub_files.get(d, []))
        for d, v in mem.submitted.items()
    ]
    return "\n".join(lines)


def respond(request: ScriptedRequest) -> Reply:
    ctx = parse(request)
    mem = recall(ctx)
    notes = pending_notes(ctx, mem)
    calls: list[tuple[str, dict[str, Any]]] = []
    if notes and ctx.notes_chars + sum(len(n) + 1 for n in notes) > NOTE_LIMIT:
        calls.append(("write_notes", {"text": _condensed(mem, ctx), "mode": "replace"}))
    elif notes:
        calls.append(("write_notes", {"text": "\n".join(notes), "mode": "append"}))
    last = ctx.calls[-1] if ctx.calls else None
    just_submitted = last is not None and last.name == "submit_deliverable" and last.ok
    nxt = _active(ctx, mem)
    if ctx.left == 0 and not notes:
        action = None  # the last turn of the day: say what was done
    elif just_submitted and nxt is not None and nxt.due_day > ctx.day + 1:
        action = None  # a deliverable went out and the next is not pressing: call it a day
    else:
        action = next_action(ctx, mem)
    if action is None:
        calls.append(("end_day", {"summary": _day_summary(ctx, mem)}))
    else:
        calls.append(action)
    return Reply.calls(*calls)


def _day_summary(ctx: Context, mem: Memory) -> str:
    done = [c for c in ctx.calls if c.ok]
    reads = sum(1 for c in done if c.name == "read_file")
    writes = [
        str(c.args.get("path", "")).rsplit("/", 1)[-1]
        for c in done
        if c.name.startswith("write_") and c.name != "write_notes"
    ]
    subs = [str(c.args.get("deliverable_id")) for c in done if c.name == "submit_deliverable"]
    waiting = sorted(
        {
            b.requester
            for b in ctx.briefs
            if b.id in mem.asked and not any(m.get("for") == b.id for m in mem.msgs.values())
        }
    )
    nxt = _active(ctx, mem)
    parts = [f"Read {reads} file(s)"]
    if writes:
        parts.append(f"wrote {', '.join(writes[:4])}")
    if subs:
        parts.append(f"submitted {', '.join(subs)}")
    text = "; ".join(parts) + "."
    if waiting:
        text += f" Waiting for replies from {', '.join(waiting)}."
    text += (
        f" Next: {nxt.id} ({clip_words(nxt.title, 60)})."
        if nxt
        else " All deliverables are submitted."
    )
    return text


register_tools(WORK_PURPOSE, respond)
