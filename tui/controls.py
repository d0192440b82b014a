"""What the run screen's controls do: ask (a form), then call the engine's run controller.

Every engine call runs in an App worker (so it outlives the screen and never
blocks the loop) and ends by posting `EngineCallDone` to the screen; failures
reach the App's one worker-failure handler. Nothing here decides anything the
engine decides: the controller records each edit and message as a user event.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from engine.computer.formats import TEXT_KINDS, kind_of
from engine.store import Reader
from tui.identity import short_id
from tui.messages import EngineCallDone, WorkspaceChanged
from tui.modals.ask_text import AskText
from tui.modals.edit_cell import CellEdit, EditCell
from tui.modals.edit_file import EditFile
from tui.modals.inject_message import Injection, InjectMessage
from tui.runlog import TurnRow
from tui.widgets.file_tree import FileTree
from tui.widgets.preview import LANGUAGES, Preview
from tui.widgets.turn_stream import TurnStream

if TYPE_CHECKING:
    from tui.screens.run import RunScreen

_PROMPT_CHARS = 1_500  # of each prompt message shown in a turn's details
_SHOWN_MESSAGES = 8  # the newest prompt messages shown in full; older ones are counted


def call(screen: RunScreen, what: str, fn: Callable[[Any], Any]) -> None:
    """Run `fn(controller)` in an App worker; post `EngineCallDone(what, result)` to the screen."""
    app = screen.sapp

    async def job() -> None:
        ctl = await app.controller(screen.run.id)
        result = fn(ctl)
        if inspect.isawaitable(result):
            result = await result
        screen.post_message(EngineCallDone(what, result))

    app.run_worker(job(), name=f"{what} ({short_id(screen.run.id)})", group="controls",
                   exit_on_error=False)  # fmt: skip


def agent_path(screen: RunScreen, path: Path) -> str:
    """The agent-facing form of a file of the run's computer (`C:/Users/...` with volumes)."""
    tree = screen.query_one(FileTree)
    rel = tree.rel(path)
    if tree.sandbox is not None:
        return tree.sandbox.display(rel)
    parts = PurePosixPath(rel).parts
    if parts and len(parts[0]) == 1 and parts[0].isalpha() and len(parts) > 1:
        return f"{parts[0]}:/" + "/".join(parts[1:])
    return rel


# -- inject -----------------------------------------------------------------------


def inject(screen: RunScreen) -> None:
    async def ask() -> None:
        names = await collaborator_names(screen)
        preview = screen.query_one(Preview)
        attach = agent_path(screen, preview.path) if preview.path is not None else ""
        result = await screen.app.push_screen_wait(InjectMessage(names, attach))
        if result is not None:
            send(screen, result)

    screen.app.run_worker(ask(), name="inject form", group="forms", exit_on_error=False)


def send(screen: RunScreen, msg: Injection) -> None:
    root = screen.computer_root

    async def deliver(ctl: Any) -> Any:
        files: list[Any] = []
        for a in msg.attachments:  # a file of the computer, or one from the real disk
            host = await asyncio.to_thread(Path(a).expanduser)
            if a.startswith(("/", "~")) and await asyncio.to_thread(host.is_file):
                files.append(host)
            else:
                rel = screen.query_one(FileTree).to_rel(a) if screen.query(FileTree) else a
                assert root is not None
                files.append((a, await asyncio.to_thread((root / rel).read_bytes)))
        return await ctl.inject_message(msg.sender, msg.subject, msg.body, files)

    call(screen, "inject", deliver)


async def collaborator_names(screen: RunScreen) -> list[str]:
    """The world profile's collaborators, then anyone else the run has heard from."""
    names = list(screen.collaborators)
    for who in screen.runlog.threads():
        if who not in names and who not in ("user", "agent", screen.runlog.agent_name):
            names.append(who)
    return names or ["A colleague"]


# -- edit -------------------------------------------------------------------------


def edit(screen: RunScreen) -> None:
    preview = screen.query_one(Preview)
    shown = preview.shown
    if shown is None:
        screen.notify("Select a file in the tree first.", severity="warning")
        return
    target = agent_path(screen, shown.path)
    if shown.kind == "xlsx":
        cell = preview.sheet.current_cell()
        if cell is None:
            screen.notify("Put the cursor on a cell of the sheet to edit it.", severity="warning")
            return
        sheet, ref, raw = cell

        def cell_done(change: CellEdit | None) -> None:
            if change is not None:
                call(screen, "edit_cell", lambda ctl: edit_cell(ctl, shown.path, target, change))

        screen.app.push_screen(EditCell(target, sheet, ref, raw), cell_done)
        return
    if shown.kind not in TEXT_KINDS:
        screen.notify(
            f"A {shown.kind} file is not edited here: text files and spreadsheet cells are.",
            severity="warning",
        )
        return

    async def ask() -> None:
        text = await asyncio.to_thread(shown.path.read_text, encoding="utf-8", errors="replace")
        language = LANGUAGES.get(kind_of(shown.path))
        new = await screen.app.push_screen_wait(EditFile(target, text, language))
        if new is not None:
            call(screen, "edit", lambda ctl: ctl.edit_file(target, new))

    screen.app.run_worker(ask(), name="edit form", group="forms", exit_on_error=False)


async def edit_cell(ctl: Any, disk: Path, target: str, change: CellEdit) -> Any:
    """One cell through the controller: its own cell edit if it has one, else new bytes."""
    from engine.computer.formats.xlsx import CellEdit as EngineCellEdit
    from engine.computer.formats.xlsx import edit_cells

    edit_ = EngineCellEdit(cell=change.ref, value=change.value or None, sheet=change.sheet)
    if hasattr(ctl, "edit_cells"):
        return await ctl.edit_cells(target, [edit_])
    data = await asyncio.to_thread(disk.read_bytes)
    new = await asyncio.to_thread(edit_cells, data, [edit_])
    return await ctl.edit_file(target, new)


# -- view -------------------------------------------------------------------------


def view_file(screen: RunScreen, path: str) -> None:
    """Select `path` (agent-facing) in the file tree, which previews it; the focus stays put
    (so `v` on one turn after another shows each one's file)."""

    async def go() -> None:
        tree = screen.query_one(FileTree) if screen.query(FileTree) else None
        if tree is None or not await tree.select_path(path):  # selecting it previews it
            screen.notify(f"{path} is not on the computer (any more).", severity="warning")

    screen.app.run_worker(go(), name="view file", group="view", exclusive=True,
                          exit_on_error=False)  # fmt: skip


# -- fork and jump ----------------------------------------------------------------


def fork(screen: RunScreen, at_seq: int) -> None:
    app = screen.sapp

    async def job() -> None:
        assert app.workspace is not None
        child = await app.workspace.fork_run(screen.run.id, at_seq)
        app.controllers[child.id] = child  # not started: it waits for resume or step
        screen.post_message(EngineCallDone("fork", child.id))
        app.broadcast(WorkspaceChanged())
        app.open_run(child.id, replace=True)

    app.run_worker(job(), name="fork", group="controls", exit_on_error=False)


_JUMP = re.compile(r"^\s*(?:d(?:ay)?\s*(\d+))?\s*[, ]*\s*(?:t(?:urn)?\s*(\d+))?\s*$", re.I)


def parse_jump(text: str) -> tuple[int | None, int | None] | None:
    """'day 3', 'd3 t12', 'day 3 turn 12', 't40' -> (day, turn); None when not understood."""
    m = _JUMP.match(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return (int(m.group(1)) if m.group(1) else None, int(m.group(2)) if m.group(2) else None)


def jump(screen: RunScreen) -> None:
    def check(text: str) -> str | None:
        return None if parse_jump(text) else "Write a day (d3), a turn (t12) or both (d3 t12)."

    def go(text: str | None) -> None:
        if text is None:
            return
        where = parse_jump(text)
        assert where is not None
        day, turn = where
        log = screen.runlog
        if day is None:  # a turn of the current day
            day = log.day
        index = log.index_of_turn(day, turn)
        if index is None:
            screen.notify(f"There is no day {day}{f' turn {turn}' if turn else ''} in this run.",
                          severity="warning")  # fmt: skip
            return
        stream = screen.query_one(TurnStream)
        stream.select_index(index)
        stream.focus()

    screen.app.push_screen(
        AskText("Jump to", placeholder="d3 t12", hint="a day, a turn of today, or both",
                check=check),
        go,
    )  # fmt: skip


# -- a turn's details -------------------------------------------------------------


def _content(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # content parts
        return "\n".join(str(p.get("text", p)) if isinstance(p, dict) else str(p) for p in value)
    return json.dumps(value, ensure_ascii=False, indent=1)


def _cut(text: str, limit: int) -> str:
    return (
        text
        if len(text) <= limit
        else text[:limit] + f"\n… ({len(text) - limit:,} more characters)"
    )


async def turn_markdown(reader: Reader, run_id: str, row: TurnRow) -> str:
    """A turn's events, model call (prompt parts, response, tokens, latency) and tool results."""
    first, last = min(row.seqs or [row.seq]), max(row.seqs or [row.seq])
    events = await reader.events.history(run_id, since_seq=first - 1, limit=last - first + 1)
    out: list[str] = []
    for call_id in row.call_ids:
        try:
            rec = await reader.model_calls.get(call_id)
        except Exception as exc:
            out += [f"**Model call {call_id}**: not readable ({exc})", ""]
            continue
        out += [
            f"### Model call {rec.id} · {rec.purpose} · {rec.status}",
            f"{rec.backend} / {rec.model} · {rec.prompt_tokens:,} prompt tokens "
            f"({rec.cached_tokens:,} cached) + {rec.completion_tokens:,} completion · "
            f"{rec.latency_ms:,.0f} ms · {rec.attempts} attempt(s)",
            "",
        ]
        if rec.error:
            out += [f"> ⚠ {rec.error}", ""]
        if rec.note:  # the reply needed a mechanical repair
            out += [f"> {rec.note}", ""]
        messages = rec.request.get("messages") or []
        if isinstance(messages, list):
            older = len(messages) - _SHOWN_MESSAGES
            if older > 0:
                out += [f"*{older} earlier prompt messages not shown*", ""]
            for m in messages[-_SHOWN_MESSAGES:]:
                role = m.get("role", "?") if isinstance(m, dict) else "?"
                body = _content(m.get("content", "")) if isinstance(m, dict) else str(m)
                out += [f"**{role}**", "", "```text", _cut(body, _PROMPT_CHARS), "```", ""]
        if rec.response:
            out += ["**response**", "", "```json",
                    _cut(json.dumps(rec.response, ensure_ascii=False, indent=1), 4000), "```", ""]  # fmt: skip
    for ev in events:
        if ev.seq not in row.seqs:
            continue
        p = ev.payload
        if ev.kind == "tool_started":
            args = json.dumps(p.get("arguments", {}), ensure_ascii=False, indent=1)
            out += [f"### Tool {p.get('tool')}", "", "```json", _cut(args, 3000), "```", ""]
        elif ev.kind == "tool_result":
            state = "ok" if p.get("ok", True) else f"error ({p.get('error_kind') or 'error'})"
            out += [f"**Result: {state}**", "", "```text", _cut(str(p.get("observation", "")), 4000),
                    "```", ""]  # fmt: skip
        elif ev.kind == "model_call" and not row.call_ids:
            out += [
                f"### Model call · {p.get('status')}",
                "",
                _cut(str(p.get("text", "")), 2000),
                "",
            ]
        elif ev.kind not in ("turn_started", "model_call"):
            body = json.dumps(p, ensure_ascii=False, indent=1)
            out += [f"### {ev.kind.replace('_', ' ')} · {ev.actor}", "", "```json",
                    _cut(body, 3000), "```", ""]  # fmt: skip
    return "\n".join(out) if out else "*(no details stored for this row)*"
