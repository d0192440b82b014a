"""The screens the snapshot tests and `scripts/screenshots.py` picture, each a `run_before`.

Each scene drives the app to one screen of the `Scene` workspace (the sample
world and a paused 300-turn run, stored at a frozen clock) and waits until
every worker has finished, so the picture is the same every time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, TextArea

from tests.tui.support import Scene, wait_until
from tui.app import SynthcompApp
from tui.screens.curation import CurationScreen
from tui.screens.run import RunScreen
from tui.widgets.file_tree import FileTree
from tui.widgets.keyed_table import KeyedTable
from tui.widgets.preview import Preview

BOOK = "C:/Users/cmoffat/Documents/Clients/Client_Book_Jan2025.xlsx"
MEMO = "C/Users/cmoffat/Documents/Clients/Mehta, Dr Anjali/Mehta_Suitability_Report_Jan2025.docx"


LONG_LIVED = frozenset({"engine-events", "_loader", "forms"})  # they last as long as a run or form


async def idle(pilot: Pilot[int]) -> None:
    """Every short-lived worker finished (the long-lived ones never do)."""
    app = pilot.app
    await wait_until(
        pilot, lambda: all(w.is_finished or w.group in LONG_LIVED for w in app.workers)
    )


async def settle(pilot: Pilot[int]) -> None:
    app = pilot.app
    await idle(pilot)
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    app.sub_title = "~/synthcomp/workspace"  # not the test's temporary folder
    await pilot.pause(0.3)
    await idle(pilot)
    await pilot.pause()


async def workspace(pilot: Pilot[int]) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.screen.query("#worlds"))
    table = app.screen.query_one("#worlds", KeyedTable)
    await wait_until(pilot, lambda: table.row_count == 1 and table.get_row_at(0)[2] != "…")
    await settle(pilot)


async def run(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, SynthcompApp)
    await wait_until(pilot, lambda: app.reader is not None)
    app.open_run(Scene.RUN_ID)
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, RunScreen)
    await wait_until(pilot, lambda: screen.query_one(FileTree).sandbox is not None)
    await wait_until(pilot, lambda: "Overview" in str(screen.query_one("#preview-title").render()))
    await settle(pilot)


async def run_sheet(pilot: Pilot[int]) -> None:
    await run(pilot)
    screen = pilot.app.screen
    tree = screen.query_one(FileTree)
    assert await tree.select_path(BOOK)
    preview = screen.query_one(Preview)
    await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "sheet")
    grid = preview.sheet.query_one(DataTable)
    grid.focus()
    await pilot.press("down", "down", "right", "right", "right", "right")  # D3: the cell's line
    info = preview.sheet.query_one("#cell-info", Label)
    await wait_until(pilot, lambda: str(info.render()).startswith("D3"))
    await settle(pilot)


async def run_turn(pilot: Pilot[int]) -> None:
    await run(pilot)
    await pilot.press("g", *"d8 t290", "enter", "enter")
    preview = pilot.app.screen.query_one(Preview)
    await wait_until(pilot, lambda: "turn 290" in str(preview.query_one("#preview-title").render()))
    await settle(pilot)


async def inject(pilot: Pilot[int]) -> None:
    await run(pilot)
    await pilot.press("m")
    await wait_until(pilot, lambda: pilot.app.screen.query("#subject"))
    pilot.app.screen.query_one("#subject", Input).value = "IC paper: committee moved to Thursday"
    pilot.app.screen.query_one("#body", TextArea).load_text(
        "Catriona, the committee now meets on Thursday at 10. Can the refresh paper be final "
        "by Wednesday noon?"
    )
    await settle(pilot)


async def curation(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, SynthcompApp)
    await wait_until(pilot, lambda: app.reader is not None)
    assert app.reader is not None
    (world,) = await app.reader.worlds.list()
    app.push_screen(CurationScreen(world))
    await wait_until(
        pilot, lambda: isinstance(app.screen, CurationScreen) and app.screen.query(FileTree)
    )
    tree = app.screen.query_one(FileTree)
    await wait_until(pilot, lambda: tree.select_path(MEMO))
    preview = app.screen.query_one(Preview)
    await wait_until(pilot, lambda: preview.shown is not None and preview.shown.mode == "doc")
    await settle(pilot)


async def create_world(pilot: Pilot[int]) -> None:
    await workspace(pilot)
    await pilot.press("n")
    await wait_until(pilot, lambda: pilot.app.screen.query("#persona"))
    pilot.app.screen.query_one("#persona", TextArea).load_text(
        "A hospital pharmacist in Bristol who runs the antibiotic stewardship audits and "
        "teaches the junior pharmacists."
    )
    await settle(pilot)


async def world_created(pilot: Pilot[int]) -> None:
    """A world made from a persona by the engine (scripted model), its stages shown done."""
    await create_world(pilot)
    pilot.app.screen.query_one("#files", Input).value = "24"
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: "ready" in str(pilot.app.screen.query_one("#creation-detail").render()),
                     timeout=120)  # fmt: skip
    table = pilot.app.screen.query_one("#worlds", KeyedTable)
    await wait_until(pilot, lambda: table.row_count == 2 and "…" not in str(table.get_row_at(1)[2]))
    await settle(pilot)


# Pictured by scripts/screenshots.py only: the world it makes changes with the engine's
# scripted content, which is not this package's to pin in a snapshot.
EXTRA_SCENES: dict[str, Callable[[Pilot[int]], Awaitable[None]]] = {"world-created": world_created}

SCENES: dict[str, Callable[[Pilot[int]], Awaitable[None]]] = {
    "workspace": workspace,
    "run": run,
    "run-sheet": run_sheet,
    "run-turn": run_turn,
    "inject-message": inject,
    "curation": curation,
    "create-world": create_world,
}
