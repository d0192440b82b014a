"""The turn stream of a long stored run: virtualized, live, filtered, jumped, expanded."""

from __future__ import annotations

from textual.widgets import Checkbox

from engine.store import NewEvent, RunRecord, WorldRecord
from engine.workspace import Workspace
from tests.tui.support import wait_until, write_run
from tui.app import SynthcompApp
from tui.commands import BindingCommands
from tui.screens.run import RunScreen
from tui.widgets.file_tree import FileTree
from tui.widgets.inbox import Inbox
from tui.widgets.preview import Preview
from tui.widgets.turn_stream import TurnStream


async def stored_run(app: SynthcompApp, world: WorldRecord, turns: int, **kw) -> RunRecord:  # type: ignore[no-untyped-def]
    ws = await Workspace.open(app.settings.workspace, app.settings)
    try:
        return await write_run(ws.store, world, ws.runs_dir, turns=turns, **kw)
    finally:
        await ws.close()


async def open_run(app: SynthcompApp, pilot, run: RunRecord) -> RunScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: app.reader is not None)
    app.open_run(run.id)
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, RunScreen)
    return screen


async def test_a_long_run_is_not_thousands_of_widgets_and_follows_new_turns(
    app: SynthcompApp, world: WorldRecord
) -> None:
    run = await stored_run(app, world, 2_000, status="running")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_run(app, pilot, run)
        stream = screen.query_one(TurnStream)
        assert len(stream.view) == len(screen.runlog.rows) > 2_000
        assert not stream.children  # the Line API: only visible lines are rendered
        assert stream.cursor == len(stream.view) - 1  # following the tail
        redraws = stream.redraws
        # another process appends 40 turns: they appear, in few redraws
        assert app.workspace is not None
        store = app.workspace.store
        for i in range(40):
            seq = await store.events.last_seq(run.id) + 1
            turn = screen.runlog.turn + 1 + i
            await store.events.append_turn(run.id, [
                NewEvent(kind="turn_started", actor="engine", day=9, turn=turn, payload={"day": 9}),
                NewEvent(kind="tool_started", day=9, turn=turn,
                         payload={"call_id": f"x{i}", "tool": "list_dir", "arguments": {}}),
            ], expected_seq=seq)  # fmt: skip
        await wait_until(pilot, lambda: stream.current_row is not None
                         and stream.current_row.tool == "list_dir" and stream.current_row.day == 9)  # fmt: skip
        assert stream.redraws - redraws < 40
        assert screen.query_one("#run-header").runlog.day == 9  # type: ignore[attr-defined]


async def test_filter_jump_and_details(app: SynthcompApp, world: WorldRecord) -> None:
    run = await stored_run(app, world, 120, model_calls=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_run(app, pilot, run)
        stream = screen.query_one(TurnStream)
        stream.focus()
        await pilot.press("slash")
        await wait_until(pilot, lambda: app.screen.query("#errors"))
        app.screen.query_one("#errors", Checkbox).value = True
        await pilot.click("#ok")
        await wait_until(pilot, lambda: stream.errors_only)
        assert stream.view and all(screen.runlog.rows[i].error for i in stream.view)
        assert "of" in str(screen.query_one("#turns-pane").border_title)

        await pilot.press("slash")
        await wait_until(pilot, lambda: app.screen.query("#clear"))
        await pilot.click("#clear")
        await wait_until(pilot, lambda: not stream.filtered)

        await pilot.press("g")
        await wait_until(pilot, lambda: app.screen.query("#answer"))
        await pilot.press(*"d2 t45", "enter")
        await wait_until(
            pilot, lambda: stream.current_row is not None and stream.current_row.turn == 45
        )
        row = stream.current_row
        assert row is not None and (row.day, row.kind) == (2, "turn")

        await pilot.press("enter")  # the turn's model call and tool result
        preview = screen.query_one(Preview)
        await wait_until(
            pilot, lambda: "turn 45" in str(preview.query_one("#preview-title").render())
        )
        markdown = preview.query_one("#preview-doc")
        source = markdown.source  # type: ignore[attr-defined]
        assert "Model call" in source and "scripted-1" in source and "### Tool" in source


async def test_inbox_attachment_selects_the_file(app: SynthcompApp, world: WorldRecord) -> None:
    run = await stored_run(app, world, 60)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_run(app, pilot, run)
        inbox = screen.query_one(Inbox)
        tree = screen.query_one(FileTree)
        await wait_until(pilot, lambda: tree.sandbox is not None)
        message = next(m for m in screen.runlog.messages if m.attachments)
        assert not message.read
        assert not inbox._threads[message.sender].children  # a closed thread costs one node
        thread = inbox.open_thread(message.sender)
        node = next(c for c in thread.children if c.data is not None and c.data.message is message)
        inbox.select_node(node)
        await wait_until(pilot, lambda: message.read)
        preview = screen.query_one(Preview)
        await wait_until(
            pilot, lambda: "Message from" in str(preview.query_one("#preview-title").render())
        )
        node.expand()
        await pilot.pause()
        inbox.select_node(node.children[0])
        target = message.attachments[0]
        await wait_until(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data is not None
                         and tree.rel(tree.cursor_node.data.path) == tree.to_rel(target))  # fmt: skip


async def test_every_control_is_in_the_palette(app: SynthcompApp, world: WorldRecord) -> None:
    run = await stored_run(app, world, 20)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_run(app, pilot, run)
        titles = {e[0] for e in BindingCommands(screen)._entries()}
        # paused: Resume is offered, Pause is not (the palette follows check_action too)
        for title in ("Resume", "Step", "End of day", "Message", "Edit", "Fork", "Stop",
                      "Filter", "Jump", "Overview", "Back", "Details"):  # fmt: skip
            assert title in titles, title
        assert "Pause" not in titles
        for binding in screen.BINDINGS:
            assert binding.id and binding.tooltip  # type: ignore[union-attr]
