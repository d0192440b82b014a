"""A new user's first session, with the keyboard only: every step is a key press.

From the workspace screen: create a world from a persona, start a run on it,
pause it, send the agent a message, edit one of its files, step one turn,
let it run to its end and read what it submitted. The test only presses keys;
it reads the app (what has the focus, where a cursor is) to choose the next
key as a person reads the screen, and checks each step against what the engine
stored and wrote.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from engine.computer.formats import TEXT_KINDS, extract, kind_of
from engine.store import EventRecord, WorldRecord
from tests.tui.support import wait_until
from tui.app import SynthcompApp
from tui.screens.run import RunScreen
from tui.widgets.file_tree import FileTree
from tui.widgets.keyed_table import KeyedTable
from tui.widgets.preview import Preview
from tui.widgets.turn_stream import TurnStream

PERSONA = "A hospital pharmacist in Bristol who runs the antibiotic audits"
NOTE = "Ask Priya about the audit"


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)


async def tab_to(pilot, widget_type: type) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until a widget of that type has the focus (as a person watches the screen)."""
    for _ in range(12):
        if isinstance(pilot.app.focused, widget_type):
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached a {widget_type.__name__}")


async def walk_tree_to(pilot, tree: FileTree, rel: str) -> None:  # type: ignore[no-untyped-def]
    """Down and Enter through the tree (Enter opens a folder) until the cursor is on `rel`."""
    target = tree.root_path / rel
    for _ in range(300):
        node = tree.cursor_node
        assert node is not None and node.data is not None
        here = node.data.path
        if here == target:
            return
        if target.is_relative_to(here) and not node.is_expanded:
            await pilot.press("enter")
            await wait_until(pilot, lambda n=node: n.is_expanded and n.children)
        else:
            await pilot.press("down")
    raise AssertionError(f"the cursor never reached {rel}")


async def history(app: SynthcompApp, run_id: str) -> list[EventRecord]:
    assert app.reader is not None
    return await app.reader.events.history(run_id, 0, 10_000)


async def test_first_session_with_the_keyboard_only(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        worlds = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: worlds.row_count == 1 and app.focused is worlds)

        # -- a world from a persona, its creation shown stage by stage ---------------
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
        await type_text(pilot, PERSONA)
        await pilot.press("tab", "tab")  # the persona, the seed, then the number of files
        assert isinstance(app.focused, Input) and app.focused.id == "files"
        await pilot.press("1", "0", "ctrl+s")
        assert app.reader is not None
        reader = app.reader

        async def created() -> WorldRecord | None:
            new = [w for w in await reader.worlds.list() if w.id != world.id]
            return new[0] if new and new[0].meta.get("status") == "complete" else None

        await wait_until(pilot, created, timeout=180)
        new_world = await created()
        assert new_world is not None
        await wait_until(pilot, lambda: worlds.current_key == new_world.id)
        assert app.focused is worlds

        # -- a run on it: 6 days of 8 turns, seed 5, the offline backend ------------------
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "days")
        await pilot.press("6", "tab", "8", "tab", "5", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        run_id = screen.run.id
        ctl = app.controllers[run_id]
        options = (await reader.runs.get(run_id)).options
        assert (new_world.id, options["days"], options["turns_per_day"], options["seed"]) == (
            screen.run.world_id, 6, 8, 5)  # fmt: skip

        # -- pause it ---------------------------------------------------------------
        await wait_until(pilot, lambda: screen.active_bindings["p"].binding.action == "pause")
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.active_bindings["p"].binding.action == "resume")
        await ctl.wait_idle()
        assert (await reader.runs.get(run_id)).status == "paused"
        paused_at = (await history(app, run_id))[-1].seq

        # -- a message from a collaborator --------------------------------------------
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.query("#subject"))
        await pilot.press("tab")  # from the sender to the subject
        assert app.focused is app.screen.query_one("#subject")
        await type_text(pilot, "Audit moved")
        await pilot.press("tab")
        await type_text(pilot, "The audit is on Thursday now.")
        await pilot.press("ctrl+s")

        async def message() -> EventRecord | None:
            got = [e for e in await history(app, run_id) if e.kind == "message_received"
                   and e.actor == "user"]  # fmt: skip
            return got[-1] if got else None

        await wait_until(pilot, message)
        injected = await message()
        assert injected is not None and injected.payload["subject"] == "Audit moved"
        assert injected.payload["body"] == "The audit is on Thursday now."

        # -- edit one of its files: a text file in place, else a spreadsheet cell -------
        tree = screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.sandbox is not None)
        files = sorted(
            Path(d, f).relative_to(tree.root_path).as_posix()
            for d, _, names in os.walk(tree.root_path)
            for f in names
            if ".synthcomp" not in d
        )
        texts = [f for f in files if kind_of(f) in TEXT_KINDS]
        sheets = [f for f in files if kind_of(f) == "xlsx"]
        target = (texts or sheets)[0]
        await tab_to(pilot, FileTree)
        await walk_tree_to(pilot, tree, target)
        await pilot.press("enter")  # select it: the preview shows it
        preview = screen.query_one(Preview)
        disk = tree.root_path / target
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.path == disk)
        if texts:
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
            await pilot.press("ctrl+end", "enter")
            await type_text(pilot, NOTE)
            await pilot.press("ctrl+s")
        else:
            await tab_to(pilot, DataTable)
            await pilot.press("down", "right", "e")
            await wait_until(pilot, lambda: app.screen.query("#value"))
            await type_text(pilot, NOTE)
            await pilot.press("enter")

        async def edited() -> bool:
            return any(e.kind == "file_changed" and e.payload.get("by") == "user"
                       and e.seq > paused_at for e in await history(app, run_id))  # fmt: skip

        await wait_until(pilot, edited)
        assert NOTE in await asyncio.to_thread(lambda: extract(disk).text)

        # -- one turn: the agent reads the message and sees the edit ---------------------
        turns_before = [e.kind for e in await history(app, run_id)].count("turn_started")
        await pilot.press("n")
        await wait_until(pilot, lambda: any(d.what == "step" for d in screen.done))
        await ctl.wait_idle()
        stored = await history(app, run_id)
        assert [e.kind for e in stored].count("turn_started") == turns_before + 1
        assert (await reader.runs.get(run_id)).status == "paused"
        call = next(e for e in stored if e.kind == "model_call" and e.seq > injected.seq)
        prompt = str((await reader.model_calls.get(call.payload["call_id"])).request)
        assert "Audit moved" in prompt and "Thursday" in prompt  # delivered at that turn
        assert Path(target).name in prompt  # and told that a file changed under it

        # -- on to the end; then read what it submitted ------------------------------------
        await pilot.press("p")
        await wait_until(
            pilot, lambda: screen.runlog.status == "finished", timeout=300
        )  # fmt: skip
        await ctl.wait()
        stored = await history(app, run_id)
        submitted = [e for e in stored if e.kind == "deliverable_submitted"]
        assert submitted, "the scripted agent submitted nothing in 6 days"
        await wait_until(pilot, lambda: screen.runlog.last_seq >= stored[-1].seq)
        stream = screen.query_one(TurnStream)
        await tab_to(pilot, TurnStream)
        await pilot.press("end")
        while not (
            (row := stream.current_row) is not None
            and row.kind == "turn"
            and row.tools[row.main] == "submit_deliverable"
        ):
            before = stream.cursor
            await pilot.press("up")
            assert stream.cursor != before, "no submission in the turn stream"
        row = stream.current_row
        assert row is not None
        await pilot.press("v")  # the submitted file, in the preview
        shown = tree.root_path / tree.to_rel(row.path)
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.path == shown)
        got = preview.shown
        assert got is not None and got.error is None
        if got.mode == "sheet":  # a workbook shows as grids, a document as text
            assert any(cell for grid in got.grids for row in grid.rows for cell in row[1:])
        else:
            assert got.text.strip()
        handed_in = {tree.to_rel(f) for e in submitted for f in e.payload.get("files", [])}
        assert tree.to_rel(row.path) in handed_in
        await pilot.press("enter")  # and the turn that handed it in
        await wait_until(pilot, lambda: "submit_deliverable" in preview.title_text)
