"""How a run is named on screen: its world, a short id and when it started.

A run's id is 12 hex digits (`engine.store.worlds.new_id`); people read the
first 8, as `git` shows commits. The full id (what `synthcomp runs show` takes)
is in the run's overview.
"""

from __future__ import annotations

import datetime as dt

from engine.store import RunRecord

SHORT = 8


def short_id(run_id: str) -> str:
    return run_id[:SHORT]


def when(ts: float) -> str:
    """A stored time, local: `9 Mar 2025 17:30`."""
    t = dt.datetime.fromtimestamp(ts)
    return f"{t.day} {t:%b %Y %H:%M}"


def sim_date(date: str) -> str:
    """A simulated day's ISO date as `Mon 17 Mar` (as stored when it does not parse)."""
    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return f"{d:%a} {d.day} {d:%b}"


def run_identity(run: RunRecord, world_name: str) -> str:
    """`Catriona Moffat (Senior Financial Adviser) · run 3f9c2a7d · started 9 Mar 2025 17:30`
    (and `· fork of 1b2c3d4e` for a fork)."""
    text = f"{world_name} · run {short_id(run.id)} · started {when(run.created_at)}"
    if run.parent_run_id:
        text += f" · fork of {short_id(run.parent_run_id)}"
    return text
