"""A run at a glance, as Markdown for the preview pane: options, objectives, what was submitted."""

from __future__ import annotations

from typing import Any

from engine.store import RunRecord
from tui.runlog import RunLog


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def run_overview(log: RunLog, run: RunRecord) -> str:
    o = run.options or {}
    lines = [
        f"**Run {run.id}** of {log.agent_name}'s computer",
        "",
        f"**{log.status}**"
        + (f" ({log.reason})" if log.reason else "")
        + f" · day {log.day}, turn {log.turn} · {len(log.rows):,} rows in the stream",
        "",
        f"{o.get('days', '?')} days × {o.get('turns_per_day', '?')} turns a day · seed "
        f"{o.get('seed', '?')} · {log.backend or o.get('backend') or '?'} / "
        f"{log.model or o.get('model') or '?'}",
    ]
    if run.parent_run_id:
        lines += ["", f"Forked from run `{run.parent_run_id}` at seq {run.parent_seq}."]
    submitted = {p.get("deliverable_id"): (d, t, p) for d, t, p in log.submissions}
    objectives = log.objectives or {}
    if objectives:
        lines += ["", "## Objectives", "", _cell(objectives.get("summary", "")), ""]
        lines += ["| | Deliverable | From | Due | Submitted |", "|---|---|---|---|---|"]
        for d in objectives.get("deliverables", []):
            sub = submitted.get(d.get("id"))
            when = f"day {sub[0]}" if sub else "—"
            lines.append(
                f"| {d.get('id')} | {_cell(d.get('title', ''))} | {_cell(d.get('requester', ''))} "
                f"| day {d.get('due_day')} | {when} |"
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
        "*Select a file, a message or a turn (Enter) to see it here; `o` brings this back.*",
    ]
    return "\n".join(lines)
