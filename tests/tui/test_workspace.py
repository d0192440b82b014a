"""The workspace screen: first-run samples, creating a world, starting and opening runs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea

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
        await wait_until(pilot, lambda: app.focused is table)  # the first key acts on a world
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen.query("#days"))
        # the focus starts in Days with its text selected: typing replaces it
        await pilot.press("1", "tab", "4", "tab", "2", "tab")
        backend = app.screen.query_one("#backend", Select)
        assert app.focused is backend and backend.value == "scripted"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), timeout=60)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert app.reader is not None
        stored = await app.reader.runs.get(screen.run.id)
        assert stored.world_id == world.id
        assert {k: stored.options[k] for k in ("days", "turns_per_day", "seed", "backend")} == {
            "days": 1, "turns_per_day": 4, "seed": 2, "backend": "scripted"}  # fmt: skip
        ctl = app.controllers[screen.run.id]
        await ctl.wait()
        assert (await app.reader.runs.get(screen.run.id)).status == "finished"
        turns = [e for e in await app.reader.events.history(screen.run.id, 0, 1000)
                 if e.kind == "turn_started"]  # fmt: skip
        assert 1 <= len(turns) <= 4
        await wait_until(pilot, lambda: screen.runlog.status == "finished")
        await wait_until(pilot, lambda: "finished" in str(screen.query_one("#run-header").render()))
        # a finished run offers what still makes sense: details, its files, a fork, back
        await wait_until(pilot, lambda: "p" not in screen.active_bindings)
        assert not {"p", "n", "d", "m", "e", "x"} & screen.active_bindings.keys()
        assert {"f", "escape"} <= screen.active_bindings.keys()
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)
        runs = app.screen.query_one("#runs", KeyedTable)
        await wait_until(
            pilot, lambda: runs.row_count == 1 and "finished" in str(runs.get_row_at(0)[2])
        )
        await pilot.press("tab", "enter")  # to the runs, and open it again, from the store
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)
        assert app.screen.run.id == screen.run.id  # type: ignore[attr-defined]


async def test_create_a_world_shows_each_stage(app: SynthcompApp, world: WorldRecord) -> None:
    from tui.widgets.creation_progress import STAGES

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
        progress = [m for m in seen if isinstance(m, WorldProgress)]
        stages = [m.stage for m in progress]
        assert stages[-1] == "done", progress[-1].text
        order = [s for s, _ in STAGES]
        firsts = [stages.index(s) for s in order]  # each stage reported, in order
        assert firsts == sorted(firsts)
        assert any(m.stage == "files" and m.path for m in progress)  # the file being written
        assert app.reader is not None
        worlds = await app.reader.worlds.list()
        assert len(worlds) == 2
        (new,) = [w for w in worlds if w.id != world.id]
        assert new.meta["status"] == "complete" and progress[-1].world_id == new.id
        from tui.screens.workspace import count_files

        assert 1 <= sum(count_files(Path(new.path)).values()) <= 12
        panel = app.screen.query_one("#creation")
        assert panel.has_class("active")
        for stage in order:  # every bar full
            bar = panel.query_one(f"#stage-{stage}")
            assert bar.progress == bar.total  # type: ignore[attr-defined]
        table = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: table.row_count == 2 and table.current_key == new.id)
        assert app.focused is table  # s now starts a run on the new world


async def test_curate_opens_the_highlighted_world(app: SynthcompApp, world: WorldRecord) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#worlds", KeyedTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CurationScreen))
