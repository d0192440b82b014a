"""The first screen: the workspace's worlds and runs, and the ways into them.

Both tables are keyed by id and diffed on every refresh (`KeyedTable.sync`).
A world's file counts come from the engine's `world_stats`, computed in the
background one world at a time and cached by the world's `updated_at`.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label

from engine.store import RunRecord, WorldRecord
from tui.identity import short_id
from tui.messages import WorkspaceChanged, WorkspaceReady, WorldProgress
from tui.widgets.creation_progress import CreationProgress
from tui.widgets.keyed_table import KeyedTable

if TYPE_CHECKING:
    from tui.app import SynthcompApp

# Fixed widths: cells are cut to them, and filling a cell in later never moves a column.
WORLD_COLUMNS = [
    ("name", "World", 34),
    ("occupation", "Occupation", 20),
    ("files", "Files", 5),
    ("kinds", "Kinds", 28),
    ("last_run", "Last run", 19),
]
RUN_COLUMNS = [
    ("run", "Run", 8),
    ("world", "World", 34),
    ("status", "Status", 30),
    ("where", "Day / turn", 11),
    ("score", "Score", 5),
    ("updated", "Updated", 16),
]
_STATUS = {"running": "▶ running", "paused": "‖ paused", "finished": "✓ finished",
           "failed": "✗ failed", "stopped": "■ stopped", "created": "○ created"}  # fmt: skip


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def count_files(root: Path) -> Counter[str]:
    """Files of a world by kind (blocking; the engine's kinds, its own folders left out)."""
    from engine.computer import is_internal_rel
    from engine.computer.formats import kind_of

    counts: Counter[str] = Counter()
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root).as_posix()
        rel = "" if rel == "." else rel + "/"
        dirnames[:] = [d for d in dirnames if not is_internal_rel(rel + d)]
        counts.update(kind_of(f) for f in filenames if not is_internal_rel(rel + f))
    return counts


def day_turn(last: Any) -> str:
    return "—" if last is None else f"d{last.day} · t{last.turn}"


class WorkspaceScreen(Screen[None]):
    AUTO_FOCUS = "#worlds"  # Enter, s and c act on the highlighted world from the first key
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_world", "New world", id="ws.new_world",
                tooltip="Create a world from a persona (live progress of each stage)"),
        Binding("c", "curate", "Curate", id="ws.curate",
                tooltip="Open the highlighted world's files, profile and collaborators"),
        Binding("s", "start_run", "Start run", id="ws.start_run",
                tooltip="Start a simulation on the highlighted world"),
        Binding("o", "open_run", "Open run", id="ws.open_run",
                tooltip="Watch and steer the highlighted run"),
        Binding("f5", "refresh", "Refresh", id="ws.refresh", show=False,
                tooltip="Read the worlds and runs again"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.worlds: dict[str, WorldRecord] = {}
        self.runs: dict[str, RunRecord] = {}
        self._latest: dict[str, RunRecord] = {}  # world id -> its latest run
        self._select: str | None = None  # a world to put the cursor on when it appears

    @property
    def sapp(self) -> SynthcompApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Vertical(id="workspace-body"):
            yield Label("Worlds", classes="section-title")
            worlds = KeyedTable(WORLD_COLUMNS, id="worlds")
            worlds.loading = True
            yield worlds
            yield Label("Runs", classes="section-title")
            runs = KeyedTable(RUN_COLUMNS, id="runs")
            runs.loading = True
            yield runs
            yield CreationProgress(id="creation")
            yield Label(
                "Tab moves between the tables · Enter on a world curates it, on a run opens it",
                id="workspace-hint",
            )
        yield Footer()

    @on(WorkspaceReady)
    @on(WorkspaceChanged)
    def _changed(self) -> None:
        self.refresh_tables()

    def on_screen_resume(self) -> None:
        if self.sapp.reader is not None:
            self.refresh_tables()

    def action_refresh(self) -> None:
        self.refresh_tables()

    @work(exclusive=True, group="tables", exit_on_error=False)
    async def refresh_tables(self) -> None:
        reader = self.sapp.reader
        assert reader is not None
        worlds = await reader.worlds.list()
        runs = await reader.runs.list()
        last = {}
        for r in runs:
            page = await reader.events.history(r.id, since_seq=max(0, r.head_seq - 1), limit=1)
            last[r.id] = page[-1] if page else None
        self.worlds = {w.id: w for w in worlds}
        self.runs = {r.id: r for r in runs}
        latest: dict[str, RunRecord] = {}
        for r in runs:
            if r.world_id not in latest or r.updated_at >= latest[r.world_id].updated_at:
                latest[r.world_id] = r
        self._latest = latest
        with self.app.batch_update():
            wt = self.query_one("#worlds", KeyedTable)
            wt.sync({w.id: self._world_cells(w, latest.get(w.id)) for w in worlds})
            rt = self.query_one("#runs", KeyedTable)
            rt.sync({r.id: self._run_cells(r, last[r.id]) for r in runs})
            wt.loading = rt.loading = False
        self.refresh_bindings()  # Curate, Start run and Open run need a world or a run
        if self._select in self.worlds:
            wt.select_key(self._select)
            wt.focus()
            self._select = None
        elif self.focused is None:  # a table cannot take the focus while it is loading
            wt.focus()
        if worlds:
            self.fill_stats()

    def _world_cells(self, w: WorldRecord, run: RunRecord | None) -> list[str]:
        counts = self.sapp.stats_cache.get((w.id, w.updated_at))
        files = str(sum(counts.values())) if counts is not None else "…"
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if counts else []
        kinds = ", ".join(f"{k} {n}" for k, n in top[:3]) if counts is not None else "…"
        if len(top) > 3:
            kinds += f" +{len(top) - 3}"
        status = w.meta.get("status")
        name = w.name if status in (None, "complete") else f"{w.name} ({status})"
        last_run = f"{short_id(run.id)} {_STATUS.get(run.status, run.status)}" if run else "—"
        return [fit(name, 34), fit(w.occupation or "", 20), files, fit(kinds, 28), last_run]

    def _run_cells(self, r: RunRecord, last: Any) -> list[str]:
        world = self.worlds.get(r.world_id)
        name = fit(world.name if world else r.world_id, 34)
        if r.parent_run_id:
            name = f"{fit(name, 18)} (fork of {short_id(r.parent_run_id)})"
        status = _STATUS.get(r.status, r.status)
        if r.status_reason and r.status in ("paused", "failed", "stopped"):
            status = fit(f"{status} ({r.status_reason})", 30)
        score = r.options.get("score")
        updated = datetime.fromtimestamp(r.updated_at).strftime("%Y-%m-%d %H:%M")
        return [
            short_id(r.id),
            name,
            status,
            day_turn(last),
            "—" if score is None else str(score),
            updated,
        ]

    @work(exclusive=True, group="world-stats", exit_on_error=False)
    async def fill_stats(self) -> None:
        """Count worlds' files by kind, one world at a time, updating their cells as they come."""
        cache = self.sapp.stats_cache
        for w in list(self.worlds.values()):
            if (w.id, w.updated_at) in cache:
                continue
            try:
                cache[(w.id, w.updated_at)] = await asyncio.to_thread(count_files, Path(w.path))
            except Exception as exc:  # a world folder gone missing is shown, not fatal
                self.log.warning(f"stats of {w.slug}: {exc}")
                continue
            table = self.query_one("#worlds", KeyedTable)
            table.sync(
                {k: self._world_cells(v, self._latest.get(k)) for k, v in self.worlds.items()}
            )

    # -- actions -------------------------------------------------------------

    def _world_key(self) -> str | None:
        key = self.query_one("#worlds", KeyedTable).current_key
        return key if key in self.worlds else None

    def _run_key(self) -> str | None:
        key = self.query_one("#runs", KeyedTable).current_key
        return key if key in self.runs else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("curate", "start_run"):
            return True if self.worlds else None
        if action == "open_run":
            return True if self.runs else None
        return True

    def action_new_world(self) -> None:
        from tui.modals.create_world import CreateWorld

        self.app.push_screen(CreateWorld(), self._create)

    def _create(self, request: Any) -> None:
        if request is not None:
            self.query_one(CreationProgress).start(request.persona)
            self.sapp.create_world(request, self)

    @on(WorldProgress)
    def _progress(self, message: WorldProgress) -> None:
        self.query_one(CreationProgress).step(message)
        if message.world_id is not None:  # ready: put the cursor on it once it is listed
            self._select = message.world_id
            self.refresh_tables()

    def action_curate(self) -> None:
        key = self._world_key()
        if key is not None:
            from tui.screens.curation import CurationScreen

            self.app.push_screen(CurationScreen(self.worlds[key]))

    def action_start_run(self) -> None:
        key = self._world_key()
        if key is None:
            return
        from tui.modals.start_run import StartRun

        world = self.worlds[key]
        self.app.push_screen(
            StartRun(world.name, self.sapp.settings.model.backend),
            lambda options: self._start(world.id, options),
        )

    def _start(self, world_id: str, options: dict[str, Any] | None) -> None:
        if options is not None:
            self.sapp.start_run(world_id, options)

    def action_open_run(self) -> None:
        key = self._run_key()
        if key is not None:
            self.sapp.open_run(key)

    @on(DataTable.RowSelected, "#worlds")
    def _world_chosen(self) -> None:
        self.action_curate()

    @on(DataTable.RowSelected, "#runs")
    def _run_chosen(self) -> None:
        self.action_open_run()
