"""The workspace screen: first-run samples, creating a world, starting and opening runs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from engine.config import Settings
from engine.store import WorldRecord
from tests.tui.support import SAMPLE, wait_until
from tui.app import SynthcompApp
from tui.messages import WorldProgress
from tui.screens.curation import CurationScreen
from tui.screens.run import RunScreen
from tui.screens.workspace import WorkspaceScreen
from tui.widgets.keyed_table import KeyedTable


def one_sample(samples: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "samples"
    folder.mkdir(parents=True)
    (folder / SAMPLE).symlink_to(samples / SAMPLE, target_is_directory=True)
    return folder


async def test_first_run_imports_the_sample_worlds(
    settings: Settings, samples: Path, tmp_path: Path
) -> None:
    app = SynthcompApp(settings, sample_dir=one_sample(samples, tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.reader is not None)
        table = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        assert app.reader is not None
        (world,) = await app.reader.worlds.list()
        assert world.meta["status"] == "complete" and "Financial" in world.occupation
        assert (settings.workspace / ".samples-imported").is_file()
        await wait_until(pilot, lambda: table.get_row_at(0)[2] != "…")  # file counts filled in
        assert int(table.get_row_at(0)[2]) > 20
    # a second start imports nothing more, even after the worlds are gone
    app = SynthcompApp(settings, sample_dir=one_sample(samples, tmp_path / "again"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.reader is not None)
        await app.workers.wait_for_complete()
        assert app.reader is not None
        assert len(await app.reader.worlds.list()) == 1


async def test_start_a_run_from_the_form_and_come_back(
    app: SynthcompApp, world: WorldRecord
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen.query("#days"))
        app.screen.query_one("#days", Input).value = "1"
        app.screen.query_one("#turns", Input).value = "4"
        app.screen.query_one("#seed", Input).value = "2"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), timeout=60)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        ctl = app.controllers[screen.run.id]
        assert ctl.state.options.days == 1 and ctl.state.options.seed == 2
        await ctl.wait()
        assert app.reader is not None
        record = await app.reader.runs.get(screen.run.id)
        assert record.status == "finished"
        await wait_until(pilot, lambda: screen.runlog.status == "finished")
        await wait_until(pilot, lambda: "finished" in str(screen.query_one("#run-header").render()))
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)
        runs = app.screen.query_one("#runs", KeyedTable)
        await wait_until(
            pilot, lambda: runs.row_count == 1 and "finished" in str(runs.get_row_at(0)[2])
        )
        runs.focus()
        await pilot.press("enter")  # open it again, from the store
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)


async def test_create_a_world_shows_each_stage(app: SynthcompApp, world: WorldRecord) -> None:
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await wait_until(pilot, lambda: app.reader is not None)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.query("#persona"))
        app.screen.query_one("#persona", TextArea).load_text(
            "A hospital pharmacist in Bristol who runs the antibiotic stewardship audits"
        )
        app.screen.query_one("#files", Input).value = "12"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(isinstance(m, WorldProgress) and m.stage in ("done", "failed")
                                            for m in seen), timeout=120)  # fmt: skip
        stages = [m.stage for m in seen if isinstance(m, WorldProgress)]
        assert stages[0] == "profile"
        assert app.reader is not None
        worlds = await app.reader.worlds.list()
        assert len(worlds) == 2  # the new one is in the store, whatever became of it
        assert app.screen.query_one("#creation").has_class("active")
        if stages[-1] == "done":
            table = app.screen.query_one("#worlds", KeyedTable)
            await wait_until(pilot, lambda: table.row_count == 2)


async def test_curate_opens_the_highlighted_world(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CurationScreen))
