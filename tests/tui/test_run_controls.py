"""Every run control, driven with keys, checked against what the engine stored and wrote.

Each test waits on conditions read from the store (`app.reader`) or the run's
files, never on sleeps: on a loaded machine a turn takes what it takes.
"""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from textual.widgets import DataTable, Input, Select, TextArea

from engine.sim.options import RunOptions
from engine.store import EventRecord, WorldRecord
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


async def history(app: SynthcompApp, run_id: str) -> list[EventRecord]:
    assert app.reader is not None
    return await app.reader.events.history(run_id, 0, 10_000)


async def kinds(app: SynthcompApp, run_id: str) -> list[str]:
    return [e.kind for e in await history(app, run_id)]


async def status(app: SynthcompApp, run_id: str) -> str:
    assert app.reader is not None
    return (await app.reader.runs.get(run_id)).status


def done(screen: RunScreen, what: str) -> bool:
    return any(d.what == what for d in screen.done)


def offered(screen: RunScreen) -> dict[str, str]:
    """What the footer offers now: key -> action (hidden controls are not there)."""
    return {
        key: b.binding.action
        for key, b in screen.active_bindings.items()
        if b.enabled and b.binding.show
    }


async def test_step_one_turn_then_the_rest_of_the_day(
    app: SynthcompApp, world: WorldRecord
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world, days=12)
        run_id = screen.run.id
        ctl = app.controllers[run_id]
        assert offered(screen)["p"] == "resume"  # created: p starts it, n and d step it

        await pilot.press("n")  # exactly one turn, then paused
        await wait_until(pilot, lambda: done(screen, "step"))
        await ctl.wait_idle()
        stored = await history(app, run_id)
        assert [e.kind for e in stored].count("turn_started") == 1
        assert await status(app, run_id) == "paused"
        await wait_until(pilot, lambda: screen.runlog.last_seq >= stored[-1].seq)
        assert screen.runlog.turn == 1 and screen.runlog.status == "paused"

        await pilot.press("d")  # on to the end of day 1
        await wait_until(pilot, lambda: done(screen, "step_day"))
        await ctl.wait_idle()
        stored = await history(app, run_id)
        ended = [e for e in stored if e.kind == "day_ended"]
        assert len(ended) == 1 and ended[0].day == 1
        turns = {e.turn for e in stored if e.kind == "turn_started"}
        assert 1 < len(turns) <= 6  # the day's budget, or fewer when the agent ended the day
        assert await status(app, run_id) == "paused"
        await wait_until(pilot, lambda: screen.runlog.last_seq >= stored[-1].seq)
        assert any(r.kind == "day_ended" for r in screen.runlog.rows)


async def test_pause_resume_and_stop(app: SynthcompApp, world: WorldRecord) -> None:
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await open_new_run(app, pilot, world, days=20, turns_per_day=40)
        run_id = screen.run.id
        ctl = app.controllers[run_id]

        await pilot.press("p")  # created: p resumes (starts) it
        await wait_until(pilot, lambda: done(screen, "resume"))
        assert await status(app, run_id) == "running"

        async def turns_stored() -> int:
            return (await kinds(app, run_id)).count("turn_started")

        await wait_until(pilot, lambda: turns_stored())  # it really runs
        await wait_until(pilot, lambda: offered(screen).get("p") == "pause")
        assert "n" not in offered(screen)  # no stepping a running run: pause first

        await pilot.press("p")
        await wait_until(pilot, lambda: done(screen, "pause"))
        await ctl.wait_idle()
        stored = await history(app, run_id)
        assert await status(app, run_id) == "paused"
        pause = [e for e in stored if e.kind == "paused"][-1]
        assert pause.actor == "user"
        assert not any(e.kind == "turn_started" and e.seq > pause.seq for e in stored)
        await wait_until(pilot, lambda: offered(screen).get("p") == "resume")
        assert {"n", "d"} <= offered(screen).keys()

        await pilot.press("p")  # resume: stored as such
        await wait_until(pilot, lambda: sum(d.what == "resume" for d in screen.done) == 2)
        stored = await history(app, run_id)
        assert any(e.kind == "resumed" and e.seq > pause.seq for e in stored)

        await pilot.press("x")  # stop: the loop ends, the run can be resumed later
        await wait_until(pilot, lambda: done(screen, "stop"))
        await ctl.wait_idle()
        assert await status(app, run_id) == "stopped"
        assert (await kinds(app, run_id))[-1] == "stopped"
        await wait_until(pilot, lambda: screen.runlog.status == "stopped")
        await wait_until(pilot, lambda: "x" not in offered(screen))
        assert offered(screen)["p"] == "resume"
        assert "stopped" in str(screen.query_one("#run-header").render())
    assert any(type(m).__name__ == "RunLogGrew" for m in seen)


async def test_inject_message_as_a_collaborator(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        tree = screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.sandbox is not None)
        assert await tree.select_path(TODO)  # the file on show is offered as an attachment
        await wait_until(pilot, lambda: screen.query_one(Preview).shown is not None)
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.query("#subject"))
        form = app.screen
        assert form.query_one("#attachments", Input).value == TODO
        form.query_one("#subject", Input).value = "Committee moved"
        form.query_one("#body", TextArea).load_text("The committee meets on Thursday now.")
        sender = str(form.query_one("#sender", Select).value)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: done(screen, "inject"))
        stored = await history(app, screen.run.id)
        received = [e for e in stored if e.kind == "message_received"]
        assert received and received[-1].actor == "user"
        payload = received[-1].payload
        assert (payload["sender"], payload["subject"]) == (sender, "Committee moved")
        assert len(payload["attachments"]) == 1 and payload["attachments"][0].endswith(".txt")
        await wait_until(pilot, lambda: screen.runlog.index_at_seq(received[-1].seq) is not None)
        row = screen.runlog.rows[screen.runlog.index_at_seq(received[-1].seq)]  # type: ignore[index]
        assert sender in screen.runlog.threads()
        assert row.kind == "message_received" and row.args == "injected by you"


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
        await pilot.press("ctrl+end", *"- call the Fergusons about the ISA", "ctrl+s")
        await wait_until(pilot, lambda: done(screen, "edit"))
        changed = [e for e in await history(app, screen.run.id) if e.kind == "file_changed"]
        assert changed and changed[-1].payload["by"] == "user"
        assert changed[-1].payload["path"] == TODO
        disk = Path(tree.root_path) / tree.to_rel(TODO)
        assert disk.read_text().rstrip().endswith("- call the Fergusons about the ISA")
        # the tree marks it as changed by you, not yet looked at, and reloaded its folder
        await wait_until(pilot, lambda: TODO in screen.runlog.files)
        mark = screen.runlog.files[TODO]
        assert (mark.by, mark.seen) == ("user", False)
        await wait_until(pilot, lambda: tree.reloads > 0)
        node = tree.cursor_node
        assert node is not None and str(tree.render_label(node, Style(), Style())).endswith(
            "•mod U"
        )
        await wait_until(
            pilot, lambda: "call the Fergusons" in (preview.shown.text if preview.shown else "")
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
        await wait_until(pilot, lambda: preview.sheet.current_cell() is not None)
        _, ref, _ = preview.sheet.current_cell()  # type: ignore[misc]
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#value"))
        app.screen.query_one("#value", Input).value = "Tested by the TUI"
        await pilot.press("enter")
        await wait_until(pilot, lambda: done(screen, "edit_cell"))
        changed = [e for e in await history(app, screen.run.id) if e.kind == "file_changed"]
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
        stored = await app.reader.runs.get(child.run.id)
        assert stored.parent_run_id == screen.run.id
        assert stored.parent_seq == screen.runlog.fork_seq(screen.runlog.rows[index])
        inherited = await history(app, child.run.id)
        assert inherited[-1].seq == stored.parent_seq  # its timeline ends with turn 3
        await wait_until(pilot, lambda: child.loaded)
        assert child.runlog.turn == 3
        assert "fork of" in str(child.query_one("#run-header").render())


async def test_v_shows_the_file_a_turn_wrote(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        ctl = app.controllers[screen.run.id]
        await pilot.press("d")
        await wait_until(pilot, lambda: done(screen, "step_day"))
        await ctl.wait_idle()
        stored_last = await app.reader.events.last_seq(screen.run.id)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: screen.runlog.last_seq >= stored_last)
        stream = screen.query_one(TurnStream)
        stream.focus()
        await pilot.press("home")
        while stream.current_row is not None and not (  # keys only: down to a turn with a file
            stream.current_row.kind == "turn" and Path(stream.current_row.path).suffix
        ):
            before = stream.cursor
            await pilot.press("down")
            assert stream.cursor != before, "no turn of day 1 names a file"
        row = stream.current_row
        assert row is not None
        await pilot.press("v")
        preview = screen.query_one(Preview)
        tree = screen.query_one(FileTree)
        want = Path(tree.root_path) / tree.to_rel(row.path)
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.path == want)
        assert app.focused is stream  # the focus stays in the stream: v on the next turn too


async def test_overview_refreshed_back_to_back_keeps_the_app(
    app: SynthcompApp, world: WorldRecord
) -> None:
    """Regression: an overview refresh cancelled mid-update used to end the App silently
    (a cancelled widget removal surfaced as CancelledError in the App's own loop)."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_new_run(app, pilot, world)
        preview = screen.query_one(Preview)
        for _ in range(6):
            screen.action_overview()
            await pilot.pause(0)
        screen.action_overview()
        await wait_until(pilot, lambda: not preview._writing)
        assert app.is_running and app._exception is None
        assert screen.showing_overview
        source = preview.query_one("#preview-doc").source  # type: ignore[attr-defined]
        assert "Objectives" in source and screen.run.id in source


def test_the_run_screen_knows_where_the_engine_puts_a_run_computer() -> None:
    from engine.sim.runs import COMPUTER_DIR
    from tui.screens import run

    assert run.COMPUTER_DIR == COMPUTER_DIR  # spelt out there to keep the simulator unimported
