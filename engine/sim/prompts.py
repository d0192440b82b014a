"""The work agent's words: its system prompt, each turn's note, the memory layer, summaries.

What goes where follows the memory layers (see `memory.py`): the system
prompt holds only what never changes during a run (who the agent is, how to
work, the deliverable briefs with their initially communicated criteria,
never the hidden rubric; no date, since that changes daily). A turn's note
holds what changes every turn (clock, budget, news). The formats are regular
(headings like `### DLV_001 — title`, lines like `Requested by: name`) so a
reader, whether a person, a model or the scripted policy, finds things the
same way each time. `PROMPT_VERSION` is recorded with every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from engine.sim.options import PROMPT_VERSION

if TYPE_CHECKING:
    from engine.sim.memory import Activity
    from engine.sim.state import RunState

__all__ = ["PROMPT_VERSION", "activity_summary", "memory_layer", "system_prompt", "turn_note"]

BODY_CHARS = 1_500  # of a message's body in the turn note; read_inbox shows it whole
_LIST_ITEMS = 6


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _list(items: Sequence[str], limit: int = _LIST_ITEMS) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def system_prompt(state: RunState) -> str:
    """The stable part: built once per run from the profile, the calendar and the briefs."""
    p = state.profile
    ident = p.identity
    cal = state.calendar
    fs = p.filesystem
    tools = set(getattr(state, "tool_names", ()) or ())
    lines = [
        f"You are {ident.full_name}, {ident.role} at {ident.organization} ({ident.location}). "
        f"You work on your own computer through the tools you are given, over "
        f"{cal.days} working day(s) from {cal.label(1)} to {cal.label(cal.days)}.",
        "",
        "## About you",
        _cut(p.biography, 900),
        _cut(p.work_context, 700),
        "",
        "## Current projects",
    ]
    lines += [
        f"- {pr.name} ({pr.status}, for {pr.client}): {_cut(pr.description, 240)}"
        for pr in p.current_projects
    ]
    people = {
        c.name: f"{c.role}, {c.relationship.replace('_', ' ')}, {c.email}" for c in p.collaborators
    }
    if state.objectives:
        for c in state.objectives.collaborators:
            people.setdefault(c.name, f"{c.role}, {c.email}")
    lines += ["", "## People you work with"]
    lines += [f"- {name} — {what}" for name, what in people.items()]
    lines += [
        "",
        "## Your computer",
        f"{fs.os.capitalize()}; home folder {fs.home}; documents in {fs.documents}; downloads in "
        f"{fs.downloads}. {_cut(fs.organization_style, 300)}",
        f"Naming habit: {_cut(p.work_habits.naming_convention, 200)}",
        "",
        "## How to work",
        "- Each turn, call one tool (or a few that belong together). Tool results come back at "
        "once; an error says what was wrong and how to fix it.",
        "- Explore before you write: find and read the files the work depends on, and use "
        "their real names and figures. Never invent a figure you could look up.",
        "- When a brief is unclear, ask the person who requested it (send_message) and check "
        "your inbox for answers; colleagues take a while to reply.",
        "- Save deliverables as real files in the folder the brief names. Save a revision as "
        "a new version (name_v2.docx) rather than overwriting the earlier one.",
        "- When a deliverable's files are complete, submit it (submit_deliverable) with its "
        "files and a short summary. Apply corrections you receive, then submit again.",
        "- Keep notes of facts, decisions and what is left to do (your notes survive from day "
        "to day; the details of earlier turns do not).",
        f"- A day has at most {cal.turns_per_day} turns. End the day (end_day) when its "
        "work is done; the next day starts with your notes and a summary of this one.",
    ]
    if "run_python" in tools or state.options.allow_code:
        lines.append("- You may run short Python scripts for calculations.")
    lines += ["", "## Deliverables this month"]
    if state.objectives:
        lines.append(_cut(state.objectives.summary, 600))
        for d in state.deliverables():
            lines += ["", f"### {d.id} — {d.title}"]
            lines.append(f"Requested by: {d.requester}")
            lines.append(f"Due: day {d.due_day} ({cal.label(min(d.due_day, cal.days))})")
            if d.project:
                lines.append(f"Project: {d.project}")
            lines.append(f"Brief: {d.description}")
            if d.milestones:
                lines.append("Milestones:")
                lines += [f"- day {m.day}: {m.text}" for m in d.milestones]
            lines.append("Expected outputs:")
            lines += [f"- {o.kind} in {o.folder}: {o.description}" for o in d.expected_outputs]
            if d.grounding_files:
                lines.append("Files to work from:")
                lines += [f"- {g}" for g in d.grounding_files]
            if d.collaborators:
                lines.append(f"Also involved: {', '.join(d.collaborators)}")
            if d.rubric:
                lines.append("Stated requirements:")
                lines += [f"- {c.text}" for c in d.rubric]
    else:
        lines.append("(Your objectives have not been set yet.)")
    return "\n".join(lines)


def turn_note(
    state: RunState,
    *,
    turn: int,
    day: int,
    new_day: bool,
    messages: Sequence[dict[str, Any]],
    files: Sequence[dict[str, Any]],
) -> str:
    """What the agent is told at the start of a turn: the clock, the budget, what is new."""
    cal = state.calendar
    minutes = 0 if new_day else state.minutes
    clock = cal.moment(day, minutes)
    used = 1 if new_day else state.turns_today + 1
    left = max(0, state.options.turns_per_day - used)
    head = f"[{cal.label(day)}, {clock:%H:%M} — day {day} of {cal.days}, turn {turn}; {left} turn(s) left today]"
    lines = [head]
    if new_day:
        due = [d for d in state.deliverables() if d.due_day >= day]
        soon = [f"{d.id} due day {d.due_day}" for d in sorted(due, key=lambda d: d.due_day)[:4]]
        lines.append(
            f"A new working day begins. {'Coming up: ' + '; '.join(soon) + '.' if soon else ''}".rstrip()
        )
    for m in messages:
        lines += [
            "",
            f"New message [{m.get('id')}] from {m.get('sender')}: {m.get('subject') or '(no subject)'}",
        ]
        if m.get("in_reply_to"):
            lines.append(f"(in reply to {m['in_reply_to']})")
        if m.get("malformed"):
            lines.append(f"(it arrived damaged: {m['malformed']})")
        body = str(m.get("body") or "")
        lines.append(
            body
            if len(body) <= BODY_CHARS
            else body[:BODY_CHARS] + " [… read_inbox shows the rest]"
        )
        if m.get("attachments"):
            lines.append("Attached (now on your computer): " + ", ".join(m["attachments"]))
    if files:
        lines += ["", "Files changed by someone else since your last turn:"]
        for f in files:
            where = f" -> {f['dest_path']}" if f.get("dest_path") else ""
            lines.append(f"- {f.get('path')}{where}: {f.get('change')} by {f.get('by')}")
        lines.append("Read a changed file again before relying on what you remember of it.")
    return "\n".join(lines)


def activity_summary(act: Activity, *, limit: int, brief: bool = False) -> str:
    """One paragraph of what a stretch of turns did, from the log (no model call)."""
    parts = [f"turns {act.first_turn}-{act.last_turn} ({act.turns})" if act.turns else "no turns"]
    n = 3 if brief else _LIST_ITEMS
    if act.read:
        parts.append(f"read {_list(act.read, n)}")
    if act.wrote:
        parts.append(f"wrote {_list(act.wrote, n)}")
    if act.removed:
        parts.append(f"removed {_list(act.removed, n)}")
    if act.sent:
        parts.append(f"messaged {_list(act.sent, n)}")
    if act.received:
        parts.append(f"received {_list(act.received, n)}")
    if act.others_changed:
        parts.append(f"others changed {_list(act.others_changed, n)}")
    if act.submitted:
        parts.append(f"submitted {', '.join(act.submitted)}")
    if act.notes:
        parts.append(f"{act.notes} note(s) written")
    if act.errors:
        parts.append(f"{act.errors} failed turn(s) ({', '.join(act.error_kinds[:4])})")
    text = "; ".join(parts) + "."
    if act.own_summary and not brief:
        text = f"In your words: {_cut(act.own_summary, limit // 2)} — {text}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def memory_layer(
    state: RunState,
    *,
    notes: str,
    days: Sequence[dict[str, Any]],
    today: Sequence[str],
    full_days: int,
) -> str:
    """The second layer: notes and summaries; changes only at a compaction."""
    lines = ["## Your notes"]
    lines.append(notes.strip() if notes.strip() else "(none yet)")
    if days:
        lines += ["", "## Earlier days"]
        cut = len(days) - full_days
        for i, d in enumerate(days):
            text = d["summary"] if i >= cut else d["short"]
            lines.append(f"- Day {d['day']} ({d.get('date', '')}): {text}")
    if today:
        lines += ["", "## Earlier today"]
        lines += [f"- {s}" for s in today]
    subs = state.submissions
    if subs:
        latest: dict[str, dict[str, Any]] = {}
        for s in subs:
            latest[str(s.get("deliverable_id"))] = s
        lines += ["", "## Submitted so far"]
        lines += [f"- {k}: {', '.join(v.get('files') or [])}" for k, v in sorted(latest.items())]
    return "\n".join(lines)
