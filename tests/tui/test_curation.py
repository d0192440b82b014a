"""Curating a seed computer by hand: every edit lands in the world's folder and its store row."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from engine.store import WorldRecord
from tests.tui.support import wait_until
from tui.app import SynthcompApp
from tui.messages import EngineCallDone
from tui.screens.curation import CurationScreen
from tui.widgets.file_tree import FileTree
from tui.widgets.preview import Preview

DESKTOP = "C/Users/cmoffat/Desktop"
BOOK = "C/Users/cmoffat/Documents/Clients/Client_Book_Jan2025.xlsx"


async def open_curation(app: SynthcompApp, pilot, world: WorldRecord) -> CurationScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: app.reader is not None)
    app.push_screen(CurationScreen(world))
    await wait_until(pilot, lambda: isinstance(app.screen, CurationScreen) and app.screen.editor)
    await wait_until(pilot, lambda: app.screen.query(FileTree))
    screen = app.screen
    assert isinstance(screen, CurationScreen)
    return screen


def done(screen: CurationScreen, what: str, n: int = 1) -> bool:
    return sum(d.what == what for d in screen.done) >= n


async def answer(pilot, app: SynthcompApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: app.screen.query("#answer"))
    app.screen.query_one("#answer", Input).value = text
    await pilot.press("enter")


async def curation_log(app: SynthcompApp, world: WorldRecord) -> list[dict]:
    assert app.reader is not None
    return (await app.reader.worlds.get(world.id)).meta.get("curation", [])


async def test_files_and_folders(app: SynthcompApp, world: WorldRecord, tmp_path: Path) -> None:
    root = Path(world.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_curation(app, pilot, world)
        tree = screen.query_one(FileTree)
        assert await tree.select_path(DESKTOP)
        tree.focus()

        await pilot.press("a")  # a new file in the Desktop
        await answer(pilot, app, "ideas.md")
        await wait_until(pilot, lambda: done(screen, "created"))
        assert (root / DESKTOP / "ideas.md").is_file()

        await pilot.press("A")  # a new folder beside it
        await answer(pilot, app, "Scratch")
        await wait_until(pilot, lambda: done(screen, "created_folder"))
        assert (root / DESKTOP / "Scratch").is_dir()

        await wait_until(pilot, lambda: tree.rel(tree.cursor_node.data.path) != "")  # type: ignore[union-attr]
        assert await tree.select_path(f"{DESKTOP}/ideas.md")
        await pilot.press("r")  # rename
        await answer(pilot, app, "ideas-2025.md")
        await wait_until(pilot, lambda: done(screen, "moved"))
        assert (root / DESKTOP / "ideas-2025.md").is_file()

        await wait_until(pilot, lambda: tree.select_path(f"{DESKTOP}/ideas-2025.md"))
        await pilot.press("v")  # move into the folder
        await answer(pilot, app, f"{DESKTOP}/Scratch")
        await wait_until(pilot, lambda: done(screen, "moved", 2))
        assert (root / DESKTOP / "Scratch" / "ideas-2025.md").is_file()

        await wait_until(pilot, lambda: tree.select_path(f"{DESKTOP}/Scratch/ideas-2025.md"))
        moved = root / DESKTOP / "Scratch" / "ideas-2025.md"
        await wait_until(pilot, lambda: screen.query_one(Preview).path == moved)
        await pilot.press("e")  # edit the text
        await wait_until(pilot, lambda: app.screen.query("#editor"))
        app.screen.query_one("#editor", TextArea).load_text("# Ideas\n\n- a tidier Desktop\n")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: done(screen, "edited"))
        assert "tidier" in (root / DESKTOP / "Scratch" / "ideas-2025.md").read_text()

        await pilot.press("delete")  # to the world's trash
        await wait_until(pilot, lambda: app.screen.query("#yes"))
        assert "q" not in app.screen.active_bindings  # a stray q does not quit from a form
        assert {"y", "escape"} <= app.screen.active_bindings.keys()
        await pilot.press("y")
        await wait_until(pilot, lambda: done(screen, "deleted"))
        assert not (root / DESKTOP / "Scratch" / "ideas-2025.md").exists()
        assert any((root / ".trash").iterdir())

        outside = tmp_path / "from-disk.txt"
        outside.write_text("brought in from the real disk\n")
        assert await tree.select_path(f"{DESKTOP}/Scratch")
        await pilot.press("i")  # import from the real disk
        await answer(pilot, app, str(outside))
        await wait_until(pilot, lambda: done(screen, "imported"))
        assert (root / DESKTOP / "Scratch" / "from-disk.txt").read_text().startswith("brought in")

        actions = [c["action"] for c in await curation_log(app, world)]
        assert actions == ["created", "created_folder", "moved", "moved", "edited", "deleted",
                           "imported"]  # fmt: skip


async def test_a_spreadsheet_cell(app: SynthcompApp, world: WorldRecord) -> None:
    from engine.computer.formats import extract

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_curation(app, pilot, world)
        tree = screen.query_one(FileTree)
        assert await tree.select_path(BOOK)
        preview = screen.query_one(Preview)
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "sheet")
        grid = preview.sheet.query_one(DataTable)
        grid.focus()
        grid.move_cursor(row=2, column=1)  # A3
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#value"))
        app.screen.query_one("#value", Input).value = "Curated by hand"
        await pilot.press("enter")
        await wait_until(pilot, lambda: done(screen, "edited_cell"))
        assert "Curated by hand" in extract(Path(world.path) / BOOK).text
        assert (await curation_log(app, world))[-1]["cell"].endswith("!A3")


async def test_profile_and_collaborators(app: SynthcompApp, world: WorldRecord) -> None:
    from engine.synth.world import load_world

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_curation(app, pilot, world)
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen.query("#collaborators-json"))
        editor = app.screen.query_one("#collaborators-json", TextArea)
        people = json.loads(editor.text)
        people[0]["role"] = "Head of Investment Research"
        editor.load_text(json.dumps(people))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: done(screen, "profile"))
        manifest = load_world(world.path)
        assert manifest.profile.collaborators[0].role == "Head of Investment Research"

        await pilot.press("p")  # a profile that breaks the schema is refused, with the reason
        await wait_until(pilot, lambda: app.screen.query("#profile-json"))
        data = json.loads(app.screen.query_one("#profile-json", TextArea).text)
        data["software"] = ["Excel"]  # at least three are required
        app.screen.query_one("#profile-json", TextArea).load_text(json.dumps(data))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "software" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        assert load_world(world.path).profile.software != ["Excel"]


async def test_regenerate_one_artifact(app: SynthcompApp, world: WorldRecord) -> None:
    """A hand-edited spreadsheet made again by the engine from its plan: the edit is gone."""
    from engine.computer.formats import extract

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_curation(app, pilot, world)
        tree = screen.query_one(FileTree)
        assert await tree.select_path(BOOK)
        preview = screen.query_one(Preview)
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "sheet")
        grid = preview.sheet.query_one(DataTable)
        grid.focus()
        grid.move_cursor(row=2, column=1)
        await wait_until(pilot, lambda: preview.sheet.current_cell() is not None)
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.query("#value"))
        app.screen.query_one("#value", Input).value = "Scribbled by hand"
        await pilot.press("enter")
        await wait_until(pilot, lambda: done(screen, "edited_cell"))
        disk = Path(world.path) / BOOK
        assert "Scribbled by hand" in extract(disk).text

        tree.focus()
        await pilot.press("g")
        await wait_until(pilot, lambda: done(screen, "regenerated"), timeout=120)
        assert (await curation_log(app, world))[-1] == {
            **(await curation_log(app, world))[-1],
            "action": "regenerated",
            "path": BOOK,
        }
        text = extract(disk).text
        assert "Scribbled by hand" not in text and "## Sheet:" in text
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "sheet"
                         and "Scribbled by hand" not in preview.shown.text)  # fmt: skip
        assert tree.marks[BOOK].change == "regenerated"


def test_engine_call_done_is_a_message() -> None:
    assert EngineCallDone("x", 1).result == 1
