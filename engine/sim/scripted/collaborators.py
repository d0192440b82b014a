"""Scripted collaborators: replies and private files written from the request alone.

`CollaboratorReply` (purpose sim.collaborator): reads the new message and the
thread, and answers in the persona's style. A file they promised earlier in the
thread is sent when the sender chases it. It states the criteria the context
marks `shareable_now` when the message is about their deliverable, answers
from `knowledge` facts the message touches, corrects a figure the sender got
slightly wrong, sends the private file a request for data or files points at
(or, with probability 1 - reliability, forgets it and says so) or, when they
sent that file before (`files_sent_before`), points to it and the day they sent
it instead of sending it again, unless the message asks for it again or for an
updated version; declines to do
the sender's work for them, and now and then adds a preference as a changed
requirement. Deterministic by the request's RNG.

`CollaboratorFile` (purpose sim.collaborator_file): builds the file's tables
from the fact-sheet figures the description names and plants the error the
file carries: the exact wrong and right values when the planted error says
"... shows X instead of Y", otherwise a figure moved by the stated percentage
(1.7 % when none is stated) or a ratio written in the wrong unit.

Both answer with plain dicts (the schema names are strings) so that this module
does not import the modules that import it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from random import Random
from typing import Any

from engine.llm.scripted import ScriptedRequest, register_structured
from engine.schema.profile import Entity
from engine.sim.scripted._world import first_name, money, words
from engine.synth.prompts import read_context

_FILE_ASK = re.compile(
    r"\b(send|attach|attached|share|forward|copy|file|files|spreadsheet|workbook|data|figures|"
    r"numbers|list|document|sheet)\b",
    re.IGNORECASE,
)
_DO_IT = re.compile(
    r"\b(can|could|would) you (please )?(write|draft|do|prepare|finish|make) (it|this|the)\b",
    re.IGNORECASE,
)
_REQUIREMENTS = re.compile(
    r"\b(expect|expecting|looking for|requirements?|criteria|brief|format|what do you need|"
    r"what should|anything else|priorit)\w*",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|\b(what|which|when|where|who|how|why|is there|are there|do you|does|can you|could you)\b",
    re.IGNORECASE,
)
_CHASE = re.compile(r"\b(still|waiting|chase|chasing|reminder|any news|did you)\b", re.IGNORECASE)
_PROMISE = re.compile(r"dig out|send it when|will send|I'll send", re.IGNORECASE)
_RESEND = re.compile(
    r"\b(again|resend|re-send|updated|latest|newer|new version|revised|another copy|lost|"
    r"can'?t find|cannot find|could not find|couldn'?t find)\b",
    re.IGNORECASE,
)
_KIND_NOUN = {
    "xlsx": "workbook",
    "csv": "spreadsheet",
    "docx": "document",
    "md": "notes",
    "txt": "notes",
    "pdf": "PDF",
    "pptx": "deck",
}
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _style(persona: dict[str, Any]) -> str:
    s = persona.get("communication_style", "").lower()
    if re.search(r"formal|polite|courteous", s):
        return "formal"
    if re.search(r"short|terse|brief|numbers first|blunt", s):
        return "terse"
    if re.search(r"chatty|friendly|warm|practical", s):
        return "friendly"
    return "plain"


def _frame(style: str, to_first: str, me: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    if style == "formal":
        return f"Dear {to_first},\n\n{body}\n\nKind regards,\n{me}"
    if style == "terse":
        return f"{body}\n\n{first_name(me)}"
    if style == "friendly":
        return f"Hi {to_first}!\n\n{body}\n\nThanks,\n{first_name(me)}"
    return f"Hi {to_first},\n\n{body}\n\nBest,\n{first_name(me)}"


def _numbers(text: str) -> list[float]:
    out = []
    for tok in _NUM.findall(text):
        try:
            out.append(float(tok.replace(",", "")))
        except ValueError:
            continue
    return out


def _corrections(text: str, knowledge: list[str]) -> list[str]:
    """Facts the message gets slightly wrong: a figure within 10 % of one they know, not equal."""
    said = _numbers(text)
    out = []
    for fact in knowledge:
        for known in _numbers(fact):
            if known < 10:
                continue
            if any(n != known and abs(n - known) / known <= 0.10 for n in said):
                out.append(fact)
                break
    return out


def _promised(
    thread: list[dict[str, Any]], me: str, files: list[dict[str, Any]], sent: set[str]
) -> dict[str, Any] | None:
    """A file this collaborator said earlier in the thread they would send and has not sent."""
    for msg in reversed(thread):
        if msg.get("from") != me:
            continue
        body = msg.get("body", "")
        for f in files:
            if f["name"] in body and f["name"] not in sent and _PROMISE.search(body):
                return f
    return None


def _best_file(text: str, files: list[dict[str, Any]], sent: set[str]) -> dict[str, Any] | None:
    """The private file the message points at: by name words, else the first not yet sent."""
    if not files:
        return None
    asked = words(text)
    scored = [
        (
            len(asked & (words(PurePosixPath(f["name"]).stem) | words(f.get("description", "")))),
            -i,
            f,
        )
        for i, f in enumerate(files)
    ]
    best = max(scored, key=lambda s: (s[0], s[1]))
    if best[0] > 0:
        return best[2]
    unsent = [f for f in files if f["name"] not in sent]
    return (unsent or files)[0]


def _sent_before(ctx: dict[str, Any]) -> dict[str, int]:
    """Files this collaborator sent earlier in the run: name -> the day last sent (0: unknown)."""
    out: dict[str, int] = {}
    for item in ctx.get("files_sent_before") or []:
        if isinstance(item, str):  # a bare name
            out[item] = 0
        elif isinstance(item, dict) and item.get("name"):
            out[str(item["name"])] = int(item.get("day") or 0)
    return out


def _see_earlier(name: str, day: int, today: int) -> str:
    """Pointing to a file sent before: "... see the workbook I sent on day 3 ..."."""
    noun = _KIND_NOUN.get(PurePosixPath(name).suffix.lstrip(".").lower(), "file")
    if not day:
        when = "earlier"
    elif day == today:
        when = "earlier today"
    elif day == today - 1:
        when = "yesterday"
    else:
        when = f"on day {day}"
    return f"It's all in {name}: see the {noun} I sent {when}; it should be in your Downloads."


def reply(request: ScriptedRequest) -> dict[str, Any]:
    ctx = read_context(request.messages)
    rng: Random = request.rng
    me = ctx["collaborator"]
    msg = ctx["message"]
    user_first = first_name(ctx["user"]["name"])
    style = _style(me)
    out: dict[str, Any] = {"body": "", "revealed_criteria": [], "attachments": []}

    if ctx.get("incoming_problem"):
        ask = {
            "terse": "Your message came through blank. What do you need?",
            "formal": "I am afraid your last message reached me without any content. Could you tell me what you meant to ask?",
        }.get(style, "Your last message came through empty on my side. What did you mean to ask?")
        out["body"] = _frame(style, user_first, me["name"], [ask])
        return out

    text = f"{msg.get('subject', '')}\n{msg.get('body', '')}"
    lines: list[str] = []
    requested = ctx.get("requested") or []
    about_mine = [
        d
        for d in requested
        if d["id"].lower() in text.lower() or len(words(d["title"]) & words(text)) >= 2
    ]
    revealed: list[str] = []
    before = set(ctx.get("revealed_before") or [])
    for dlv in requested:
        # What the question earned and was not told before; about the deliverables it
        # names when it names any, as a person answers the question asked.
        new = [
            c
            for c in dlv["criteria"]
            if c["visibility"] == "revealed_on_ask"
            and c["shareable_now"]
            and c["id"] not in before
            and (not about_mine or dlv in about_mine)
        ]
        repeat = []
        if dlv in about_mine and _REQUIREMENTS.search(text):
            repeat = [c for c in dlv["criteria"] if c["visibility"] == "initially_communicated"][:3]
        said = new + repeat
        if not said:
            continue
        lines.append(f"On {dlv['title']} (due day {dlv['due_day']}):")
        lines += [f"- {c['text']}" for c in said]
        revealed += [c["id"] for c in said]

    refused = False
    if _DO_IT.search(text) and not me.get("decision_authority", "").lower().startswith(
        "does the work"
    ):
        refused = True
        lines.insert(
            0,
            "I can't do that part for you, I'm afraid; it needs to come from you. Happy to look at a draft.",
        )

    corrections = _corrections(text, me.get("knowledge") or [])
    if corrections:
        lines.append("One correction: " + corrections[0])

    if msg.get("attachments"):
        names = ", ".join(PurePosixPath(a).name for a in msg["attachments"])
        lines.append(f"Thanks for sending {names}.")
    if _QUESTION.search(text):  # facts answer questions; a thank-you needs none
        known = [k for k in me.get("knowledge") or [] if len(words(k) & words(text)) >= 2]
        lines += [fact for fact in known[:2] if fact not in corrections]

    incomplete = False
    files = me.get("private_files") or []
    sent_before = _sent_before(ctx)
    promised = _promised(ctx.get("thread") or [], me["name"], files, set(sent_before))
    if promised is not None and (_CHASE.search(text) or _FILE_ASK.search(text)):
        # Chased for a file they said they would send: they remember now.
        out["attachments"] = [promised["name"]]
        lines.append(f"Sorry, here is {promised['name']} as promised.")
    elif _FILE_ASK.search(text) and files:
        chosen = _best_file(text, files, set(sent_before))
        if chosen is not None and chosen["name"] in sent_before and not _RESEND.search(text):
            # Already with them: point to it rather than send another copy.
            day = sent_before[chosen["name"]]
            lines.append(_see_earlier(chosen["name"], day, int(ctx.get("day") or 0)))
        elif chosen is not None:
            if rng.random() <= float(me.get("reliability", 0.9)):
                out["attachments"] = [chosen["name"]]
                lines.append(f"Attached is {chosen['name']}.")
            else:
                incomplete = True
                lines.append(f"I'll dig out {chosen['name']} and send it when I'm back at my desk.")

    requirement_change = None
    prefs = me.get("preferences") or []
    if about_mine and prefs and rng.random() < 0.15:
        pref = rng.choice(prefs)
        requirement_change = f"Please make sure of this too: {pref}."
        lines.append(requirement_change)

    new_request = None
    if not lines:
        involved = ctx.get("involved") or []
        if involved and len(words(involved[0]["title"]) & words(text)) >= 2:
            lines.append(
                f"That one is {involved[0]['requester']}'s call; best to ask them directly."
            )
        else:
            lines.append(
                rng.choice(
                    (
                        "Thanks, noted.",
                        "Thanks for the update.",
                        "Got it, thanks. Shout if you need anything from me.",
                    )
                )
            )
    out.update(
        body=_frame(style, user_first, me["name"], lines),
        revealed_criteria=revealed,
        refused=refused,
        correction=bool(corrections),
        requirement_change=requirement_change,
        new_request=new_request,
        incomplete=incomplete,
    )
    return out


# --- files -------------------------------------------------------------------------------

_EXACT = re.compile(
    r"The (?P<label>.+?) (?:shows|is written as|is given as|reads) (?P<shown>.+?) instead of "
    r"(?P<correct>.+?)(?: \(|\.$|$)"
)
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _entities(ctx: dict[str, Any]) -> list[Entity]:
    return [Entity.model_validate(e) for e in ctx.get("facts") or []]


def _relevant(ents: list[Entity], text: str) -> list[Entity]:
    want = words(text)
    scored = sorted(ents, key=lambda e: -len(words(e.name) & want))
    return [e for e in scored if words(e.name) & want] or ents


def _split(total: float, parts: int, rng: Random) -> list[float]:
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    raw = [total * w / sum(weights) for w in weights]
    rounded = [round(x, 2) for x in raw[:-1]]
    return [*rounded, round(total - sum(rounded), 2)]


_LINES = ("Staffing", "Materials", "Equipment", "Services", "Travel", "Contingency")


def file_content(request: ScriptedRequest) -> dict[str, Any]:
    ctx = read_context(request.messages)
    rng = request.rng
    f = ctx["file"]
    who = ctx["collaborator"]
    ents = _entities(ctx)
    planted_text = f.get("planted_error") or ""
    about = f"{f['name']} {f['description']} {planted_text}"
    relevant = _relevant(ents, about)
    title = PurePosixPath(f["name"]).stem

    rows: list[list[str]] = []
    for e in relevant[:8]:
        if e.amount is not None:
            rows.append(
                [e.name, e.type.replace("_", " "), money(e.amount, e.currency), e.description[:80]]
            )
        elif e.date is not None:
            rows.append([e.name, "date", e.date.isoformat(), e.description[:80]])
        else:
            detail = "; ".join(f"{a.key}: {a.value}" for a in e.attributes[:2])
            rows.append([e.name, e.type.replace("_", " "), detail or "-", e.description[:80]])
    tables = [{"title": "Figures", "header": ["Item", "Type", "Value", "Notes"], "rows": rows}]

    main = next((e for e in relevant if e.amount is not None), None)
    if main is not None and main.amount:
        parts = _split(main.amount, 4, rng)
        lines = rng.sample(_LINES, 4)
        breakdown = [[ln, money(p, main.currency)] for ln, p in zip(lines, parts, strict=True)]
        breakdown.append(["Total", money(main.amount, main.currency)])
        tables.append(
            {
                "title": "Breakdown",
                "header": ["Line", "Amount"],
                "rows": breakdown,
            }
        )

    planted = None
    if planted_text:
        planted = _plant(planted_text, tables, main, rng)

    deliverables = ctx.get("deliverables") or []
    sections = [
        {
            "heading": "About this file",
            "paragraphs": [
                f"{f['description'].rstrip('.')}. Kept by {who['name']} ({who['role']})."
            ],
            "bullets": [
                f"Used for {d['title']} (due day {d['due_day']})" for d in deliverables[:3]
            ],
        }
    ]
    return {
        "title": title,
        "summary": f"{f['description'].rstrip('.')}.",
        "sections": sections,
        "tables": tables,
        "planted": planted,
    }


def _plant(
    text: str, tables: list[dict[str, Any]], main: Entity | None, rng: Random
) -> dict[str, str]:
    """Put the planted error into the tables; say where it is and what it should be."""
    exact = _EXACT.search(text)
    if exact:
        label = exact.group("label").strip()
        shown, correct = exact.group("shown").strip(), exact.group("correct").strip()
        for table in tables:
            for row in table["rows"]:
                if row and row[0].lower() == label.lower():
                    row[-2 if len(row) > 2 else -1] = shown
                    return {
                        "where": f"table '{table['title']}', row '{row[0]}'",
                        "shown": shown,
                        "correct": correct,
                        "explanation": text,
                    }
        tables[0]["rows"].append([label, "ratio" if "%" in shown else "figure", shown, ""])
        return {
            "where": f"table '{tables[0]['title']}', row '{label}'",
            "shown": shown,
            "correct": correct,
            "explanation": text,
        }
    if re.search(r"unit|ratio|fraction|percentage", text, re.IGNORECASE):
        ratio = round(rng.uniform(0.35, 0.85), 3)
        shown, correct = f"{ratio:.3f} %", f"{ratio * 100:.1f} %"
        tables[0]["rows"].append(["Share of total", "ratio", shown, ""])
        return {
            "where": f"table '{tables[0]['title']}', row 'Share of total'",
            "shown": shown,
            "correct": correct,
            "explanation": text,
        }
    pct = float(_PCT.search(text).group(1)) if _PCT.search(text) else 1.7
    sign = -1 if re.search(r"low|under", text, re.IGNORECASE) else 1
    if main is not None and main.amount:
        value = main.amount * (1 + sign * pct / 100)
        shown, correct = money(value, main.currency), money(main.amount, main.currency)
        label = main.name
    else:
        base = round(rng.uniform(1000, 50000), 2)
        shown, correct, label = (
            f"{base * (1 + sign * pct / 100):,.2f}",
            f"{base:,.2f}",
            "Reported total",
        )
    for table in tables:
        for row in table["rows"]:
            if row and row[0] == label:
                row[-2 if len(row) > 2 else -1] = shown
                return {
                    "where": f"table '{table['title']}', row '{label}'",
                    "shown": shown,
                    "correct": correct,
                    "explanation": text,
                }
    tables[0]["rows"].append([label, "figure", shown, ""])
    return {
        "where": f"table '{tables[0]['title']}', row '{label}'",
        "shown": shown,
        "correct": correct,
        "explanation": text,
    }


register_structured("CollaboratorReply", reply)
register_structured("CollaboratorFile", file_content)
