"""Every run control, driven with keys, checked against what the engine stored and wrote."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.widgets import DataTable, Input, TextArea

from engine.sim.options import RunOptions
from engine.store import WorldRecord
from tests.tui.support import wait_until
from tui.app import SynthcompApp
from tui.screens.run import RunScreen
from tui.widgets.file_tree import FileTree
from tui.widgets.preview import Preview
from tui.widgets.turn_stream import TurnStream

TODO = "C:/Users/cmoffat/Desktop/To do - w-c 24 Feb.txt"
BOOK = "C:/Users/cmoffat/Documents/Clients/Client_Book_Jan2025.xlsx"


async def open_new_run(app: SynthcompApp, pilot, world: WorldRecord, **options) -> RunScreen:  # type: ignore[no-untyped-def]
    """A run made by the engine (objectives set, not started), opened in the app."""
    await wait_until(pilot, lambda: app.reader is not None)
    assert app.workspace is not None
    opts = RunOptions(**({"days": 3, "turns_per_day": 6, "seed": 1} | options))
    ctl = await app.workspace.start_run(world.id, opts)
    app.controllers[ctl.id] = ctl
    app.open_run(ctl.id)
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, RunScreen)
    return screen


async def kinds(app: SynthcompApp, run_id: str) -> list[str]:
    assert app.reader is not None
    return [e.kind for e in await app.reader.events.history(run_id, 0, 10_000)]


async def status(app: SynthcompApp, run_id: str) -> str:
    assert app.reader is not None
    return (await app.reader.runs.get(run_id)).status


def done(screen: RunScreen, what: str) -> bool:
    return any(d.what == what for d in screen.done)


async def test_step_day_pause_resume_stop(app: SynthcompApp, world: WorldRecord) -> None:
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await open_new_run(app, pilot, world, days=12)  # long enough not to end
        run_id = screen.run.id
        assert screen.active_bindings["p"].binding.action == "resume"  # created: p resumes

        await pilot.press("n")  # one turn, then paused
        await wait_until(pilot, lambda: done(screen, "step"))
        ctl = app.controllers[run_id]
        await ctl.wait_idle()
        assert (await kinds(app, run_id)).count("turn_started") == 1
        assert await status(app, run_id) == "paused"

        await pilot.press("d")  # to the end of day 1
        await wait_until(pilot, lambda: done(screen, "step_day"))
        await ctl.wait_idle()
        assert "day_ended" in await kinds(app, run_id)
        assert await status(app, run_id) == "paused"
        await wait_until(pilot, lambda: screen.runlog.status == "paused")
        assert screen.active_bindings["p"].binding.action == "resume"

        await pilot.press("p")  # resume: the footer now offers Pause
        await wait_until(pilot, lambda: screen.active_bindings["p"].binding.action == "pause")
        await pilot.press("p")
        await wait_until(pilot, lambda: done(screen, "pause"))
        await ctl.wait_idle()
        assert await status(app, run_id) in ("paused", "finished")
        stored = await kinds(app, run_id)
        assert "resumed" in stored or "finished" in stored

        if await status(app, run_id) == "paused":
            await pilot.press("x")
            await wait_until(pilot, lambda: done(screen, "stop"))
            assert await status(app, run_id) == "stopped"
            assert "stopped" in await kinds(app, run_id)
    assert any(type(m).__name__ == "RunLogGrew" for m in seen)


async def test_inject_message_as_a_collaborator(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.query("#subject"))
        form = app.screen
        form.query_one("#subject", Input).value = "Committee moved"
        form.query_one("#body", TextArea).load_text("The committee meets on Thursday now.")
        sender = str(form.query_one("#sender").value)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: done(screen, "inject"))
        assert app.reader is not None
        events = await app.reader.events.history(screen.run.id, 0, 1000)
        received = [e for e in events if e.kind == "message_received"]
        assert received and received[-1].actor == "user"
        assert received[-1].payload["sender"] == sender
        assert received[-1].payload["subject"] == "Committee moved"
        await wait_until(pilot, lambda: sender in screen.runlog.threads())


async def test_edit_a_text_file_in_place(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        tree = screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.sandbox is not None)
        assert await tree.select_path(TODO)
        preview = screen.query_one(Preview)
        await wait_until(pilot, lambda: preview.shown is not None)
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#editor"))
        editor = app.screen.query_one("#editor", TextArea)
        editor.load_text(editor.text + "\n- call the Fergusons about the ISA\n")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: done(screen, "edit"))
        assert app.reader is not None
        events = await app.reader.events.history(screen.run.id, 0, 1000)
        changed = [e for e in events if e.kind == "file_changed"]
        assert changed and changed[-1].payload["by"] == "user"
        assert changed[-1].payload["path"] == TODO
        disk = Path(tree.root_path) / tree.to_rel(TODO)
        assert "call the Fergusons about the ISA" in disk.read_text()
        # the tree marks it as changed by you, not yet looked at, and reloaded its folder
        await wait_until(pilot, lambda: TODO in screen.runlog.files)
        mark = screen.runlog.files[TODO]
        assert (mark.by, mark.seen) == ("user", False)
        await wait_until(pilot, lambda: tree.reloads > 0)
        node = tree.cursor_node
        assert node is not None and str(tree.render_label(node, Style(), Style())).endswith(
            "•mod U"
        )
        tree.look(disk)
        assert mark.seen


async def test_edit_a_spreadsheet_cell(app: SynthcompApp, world: WorldRecord) -> None:
    from engine.computer.formats import extract

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        tree = screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.sandbox is not None)
        assert await tree.select_path(BOOK)
        preview = screen.query_one(Preview)
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "sheet")
        grid = preview.sheet.query_one(DataTable)
        grid.focus()
        grid.move_cursor(row=1, column=2)  # B2
        await pilot.pause()
        assert preview.sheet.current_cell() is not None
        _, ref, _ = preview.sheet.current_cell()  # type: ignore[misc]
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#value"))
        app.screen.query_one("#value", Input).value = "Tested by the TUI"
        await pilot.press("enter")
        await wait_until(pilot, lambda: done(screen, "edit_cell"))
        assert app.reader is not None
        events = await app.reader.events.history(screen.run.id, 0, 1000)
        changed = [e for e in events if e.kind == "file_changed"]
        assert changed[-1].payload["by"] == "user" and changed[-1].payload["path"] == BOOK
        text = extract(Path(tree.root_path) / tree.to_rel(BOOK)).text
        assert "Tested by the TUI" in text
        assert ref == "B2"


async def test_fork_at_the_selected_turn(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        await pilot.press("d")  # a day of turns to fork from
        await wait_until(pilot, lambda: done(screen, "step_day"))
        await app.controllers[screen.run.id].wait_idle()
        stream = screen.query_one(TurnStream)
        assert app.reader is not None
        stored_last = await app.reader.events.last_seq(screen.run.id)
        # the screen has folded in everything the day stored (its tail may be day-end events)
        await wait_until(pilot, lambda: screen.runlog.last_seq >= stored_last)
        index = max(i for i, r in enumerate(screen.runlog.rows) if r.kind == "turn" and r.turn == 3)
        stream.select_index(index)
        stream.focus()
        await pilot.press("f")
        await wait_until(
            pilot, lambda: isinstance(app.screen, RunScreen) and app.screen is not screen
        )
        child = app.screen
        assert isinstance(child, RunScreen)
        assert child.run.parent_run_id == screen.run.id
        assert app.reader is not None
        stored = await app.reader.runs.get(child.run.id)
        assert stored.parent_run_id == screen.run.id
        assert stored.parent_seq == screen.runlog.fork_seq(screen.runlog.rows[index])
        await wait_until(pilot, lambda: child.loaded)
        assert child.runlog.turn == 3  # the fork's history ends with the chosen turn


def test_the_run_screen_knows_where_the_engine_puts_a_run_computer() -> None:
    from engine.sim.runs import COMPUTER_DIR
    from tui.screens import run

    assert run.COMPUTER_DIR == COMPUTER_DIR  # spelt out there to keep the simulator unimported
