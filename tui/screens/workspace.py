"""The first screen: the worlds and runs of the workspace."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label

from tui.messages import WorkspaceReady


class WorkspaceScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="workspace-body"):
            yield Label("Worlds", classes="section-title")
            worlds = DataTable(id="worlds", cursor_type="row", zebra_stripes=True)
            worlds.loading = True
            yield worlds
            yield Label("Runs", classes="section-title")
            runs = DataTable(id="runs", cursor_type="row", zebra_stripes=True)
            runs.loading = True
            yield runs
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#worlds", DataTable).add_columns("Name", "Occupation", "Created")
        self.query_one("#runs", DataTable).add_columns("Run", "World", "Status", "Head seq")

    @on(WorkspaceReady)
    async def show_workspace(self, message: WorkspaceReady) -> None:
        store = message.workspace.store
        worlds = await store.worlds.list()
        runs = await store.runs.list()
        wt = self.query_one("#worlds", DataTable)
        rt = self.query_one("#runs", DataTable)
        with self.app.batch_update():
            for w in worlds:
                wt.add_row(
                    w.name,
                    w.occupation or "",
                    datetime.fromtimestamp(w.created_at).strftime("%Y-%m-%d"),
                    key=w.id,
                )
            for r in runs:
                rt.add_row(r.id, r.world_id, r.status, str(r.head_seq), key=r.id)
            wt.loading = False
            rt.loading = False
        if not worlds:
            self.notify("No worlds yet. `synthcomp create` makes one.", timeout=6)
