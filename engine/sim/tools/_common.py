"""What the work agent's tools share: bounded observations, file events, simulated time, versions.

Kept apart from `base.py` (the contract) so the contract stays small: this is
how the engine's own tools happen to do their work, not what a tool must be.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from engine.computer import Entry
from engine.computer.formats import kind_of
from engine.errors import NotFound
from engine.schema.events import ChangeKind, FileChangedPayload
from engine.sim.tools.base import RunEnv, ToolFailure
from engine.store.records import NewEvent

# An observation is one tool message in the next prompt: bounded, so one call cannot flood it.
MAX_OBSERVATION_CHARS = 16_000
# Where a simulated working day starts, when the run offers no clock of its own.
WORKDAY_START = dt.time(9, 0)
WORKDAY_MINUTES = 9 * 60


def with_example(text: str, example: dict[str, Any]) -> str:
    """A tool description that ends with one example call (models copy shapes they are shown)."""
    return f"{text.strip()}\nExample arguments: {json.dumps(example, ensure_ascii=False)}"


def trim(text: str, limit: int = MAX_OBSERVATION_CHARS, how_to_see_more: str = "") -> str:
    """`text` cut to `limit` characters (head and a short tail) with a note on what was cut."""
    if len(text) <= limit:
        return text
    more = f" {how_to_see_more}" if how_to_see_more else ""
    note = f"\n[… {len(text) - limit:,} characters cut here to keep this short.{more}]\n"
    tail = min(1_000, limit // 8)
    head = max(0, limit - tail - len(note))
    return text[:head] + note + text[len(text) - tail :]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sim_now(env: RunEnv) -> dt.datetime:
    """The simulated wall-clock time (naive, local), used to date what the agent writes.

    A run whose env offers `now` (a datetime) is asked; otherwise the time is
    made up from the day and the turn, so the same run dates its files alike.
    """
    now = getattr(env, "now", None)
    if isinstance(now, dt.datetime):
        return (
            now.replace(tzinfo=None)
            if now.tzinfo is None
            else now.astimezone().replace(tzinfo=None)
        )
    # A minute per turn through the working day; the seconds keep every turn's time distinct
    # (a same-size rewrite must not look unchanged to a cache keyed on size and mtime).
    minutes, laps = env.turn % WORKDAY_MINUTES, env.turn // WORKDAY_MINUTES
    start = dt.datetime.combine(env.today, WORKDAY_START)
    return start + dt.timedelta(minutes=minutes, seconds=laps % 60)


def file_event(
    env: RunEnv,
    path: str,
    change: ChangeKind,
    *,
    sha: str | None = None,
    size: int | None = None,
    dest_path: str | None = None,
) -> NewEvent:
    """A `file_changed` event caused by the agent. `sha`/`size` describe the file as it now is
    (None for a deletion or a folder)."""
    payload = FileChangedPayload(
        path=path, change=change, by="agent", dest_path=dest_path, sha256=sha, size=size
    )
    return NewEvent(
        kind="file_changed",
        actor="agent",
        day=env.day,
        turn=env.turn,
        payload=payload.model_dump(mode="json"),
    )


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def when_text(mtime: float) -> str:
    return dt.datetime.fromtimestamp(mtime).strftime("%Y-%m-%d %H:%M")


def entry_line(e: Entry, *, full_path: bool = False) -> str:
    shown = e.path if full_path else e.name
    if e.is_dir:
        return f"{shown}/"
    return f"{shown}  ({e.kind}, {size_text(e.size)}, modified {when_text(e.mtime)})"


_VERSION = re.compile(r"^(.*?)([ _-]?v)(\d{1,3})$", re.IGNORECASE)


def version_name(path: str, n: int) -> str:
    """`Reports/plan.docx` -> `Reports/plan_v{n}.docx`; `plan_v2.docx` -> `plan_v{n}.docx`."""
    folder, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    m = _VERSION.match(stem)
    base = f"{m.group(1)}{m.group(2)}" if m else f"{stem}_v"
    new = f"{base}{n}" + (f".{ext}" if ext else "")
    return f"{folder}/{new}" if folder else new


async def next_free_version(env: RunEnv, path: str) -> str:
    """The first `_vN` name beside `path` that does not exist yet."""
    m = _VERSION.match(path.rpartition("/")[2].rpartition(".")[0] or path)
    start = int(m.group(3)) + 1 if m else 2
    for n in range(start, start + 50):
        candidate = version_name(path, n)
        if not await env.computer.exists(candidate):
            return candidate
    return version_name(path, start + 50)


def require_kind(path: str, kinds: Iterable[str], what: str, hint: str) -> str:
    """The kind of `path` if it is one of `kinds`, else a ToolFailure saying which tool fits."""
    kind = kind_of(path)
    if kind in set(kinds):
        return kind
    name = path.rpartition("/")[2]
    ext = name.rpartition(".")[2] if "." in name else ""
    shown = f"a .{ext} file" if ext else "a file without an extension"
    raise ToolFailure(
        f"This tool works on {what}, and '{path}' is {shown}.", hint, kind="wrong_kind"
    )


async def existing_entry(env: RunEnv, path: str) -> Entry | None:
    """The entry at `path`, or None when nothing is there (a bad path still raises)."""
    try:
        return await env.computer.info(path)
    except NotFound:
        return None


async def save_file(
    env: RunEnv, path: str, data: bytes, *, overwrite: bool
) -> tuple[Entry, bool, NewEvent]:
    """Write `data` at `path` dated with the simulated time; refuse to replace a file unless
    `overwrite`, pointing at the next free version name instead."""
    env.computer.resolve(path)  # a path outside the computer fails before anything else
    before = await existing_entry(env, path)
    if before is not None and before.is_dir:
        ext = kind_of(path) if kind_of(path) != "binary" else "txt"
        raise ToolFailure(
            f"'{before.path}' is a folder.",
            f"Give a file name inside it, such as '{before.path}/report.{ext}'.",
            kind="path_conflict",
        )
    if before is not None and not overwrite:
        suggestion = await next_free_version(env, before.path)
        raise ToolFailure(
            f"'{before.path}' already exists ({size_text(before.size)}, modified "
            f"{when_text(before.mtime)}).",
            f"Save your revision as a new version, '{suggestion}' (recommended), or pass "
            '"overwrite": true to replace the file.',
            kind="exists",
        )
    entry = await env.computer.write_bytes(path, data, mtime=sim_now(env))
    event = file_event(
        env,
        entry.path,
        "modified" if before is not None else "created",
        sha=await asyncio.to_thread(sha256, data),
        size=len(data),
    )
    return entry, before is not None, event
