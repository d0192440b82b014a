"""The Textual app: wiring only. Screens do the work; the engine does the thinking."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from engine.config import Settings
from engine.workspace import Workspace
from tui.messages import WorkspaceReady
from tui.screens.workspace import WorkspaceScreen

_START = time.perf_counter()


class SynthcompApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "synthcomp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Close the app (runs keep their state)"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.workspace: Workspace | None = None

    def on_mount(self) -> None:
        self.sub_title = str(self.settings.workspace)
        self.push_screen(WorkspaceScreen())
        self.open_workspace()

    def on_ready(self) -> None:
        self.log.info(f"first frame after {time.perf_counter() - _START:.3f}s")

    @work(exclusive=True, group="workspace", exit_on_error=False)
    async def open_workspace(self) -> None:
        self.workspace = await Workspace.open(self.settings.workspace, self.settings)
        self.screen.post_message(WorkspaceReady(self.workspace))

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            err = event.worker.error
            self.notify(str(err), title=f"{event.worker.name} failed", severity="error", timeout=15)

    async def on_unmount(self) -> None:
        if self.workspace is not None:
            await self.workspace.close()
            self.workspace = None


def run(settings: Settings) -> int:
    """Entry point named in pyproject's `synthcomp.frontends`."""
    return SynthcompApp(settings).run() or 0
