"""A run at a glance, as Markdown for the preview pane: options, objectives, what was submitted."""

from __future__ import annotations

from typing import Any

from engine.store import RunRecord
from tui.identity import short_id, when
from tui.runlog import RunLog


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def run_overview(log: RunLog, run: RunRecord) -> str:
    """The run at a glance. The run header above names it (world, short id, start); here
    it is the short id and start again, and the full id closes the page."""
    o = {**(run.options or {}), **log.options}
    status = f"**{log.status}**" + (f" ({log.reason})" if log.reason else "")
    lines = [
        f"**Run {short_id(run.id)}**, started {when(run.created_at)} · "
        f"{log.backend or o.get('backend') or '?'} / {log.model or o.get('model') or '?'}",
        "",
        f"{status} · day {log.day} of {o.get('days', '?')} · {o.get('turns_per_day', '?')} "
        f"turns a day · seed {o.get('seed', '?')}",
    ]
    if run.parent_run_id:
        lines += ["", f"Forked from run `{short_id(run.parent_run_id)}` at seq {run.parent_seq}."]
    submitted = {p.get("deliverable_id"): (d, t, p) for d, t, p in log.submissions}
    objectives = log.objectives or {}
    if objectives:
        lines += ["", "## Objectives", "", _cell(objectives.get("summary", "")), ""]
        lines += ["| | Deliverable | From | Due | Submitted |", "|---|---|---|---|---|"]
        for d in objectives.get("deliverables", []):
            sub = submitted.get(d.get("id"))
            on_day = f"day {sub[0]}" if sub else "—"
            lines.append(
                f"| {d.get('id')} | {_cell(d.get('title', ''))} | {_cell(d.get('requester', ''))} "
                f"| day {d.get('due_day')} | {on_day} |"
            )
    else:
        lines += ["", "*No objectives stored yet.*"]
    if log.submissions:
        lines += ["", "## Submissions", ""]
        for day, turn, p in log.submissions:
            files = ", ".join(f"`{f}`" for f in p.get("files", []))
            lines.append(f"- **{p.get('deliverable_id')}** (day {day}, turn {turn}): {files}")
            if p.get("summary"):
                lines.append(f"  {_cell(p['summary'])}")
    lines += [
        "",
        f"*Run id `{run.id}` (for `synthcomp runs show`). Select a file, a message or a turn "
        "(Enter) to see it here; `o` brings this back.*",
    ]
    return "\n".join(lines)
