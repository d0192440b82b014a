"""The Textual app: wiring only. Screens do the work; the engine does the thinking.

The App owns what must outlive a screen: the open `Workspace`, the run
controllers started in this process, and the long-lived workers (the
workspace opener, the sample-world import, the run's event feed). Every
worker failure is reported through one handler.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from engine.config import Settings
from engine.errors import SynthcompError
from engine.store import Reader
from engine.workspace import Workspace
from tui import feed, samples
from tui.commands import BindingCommands
from tui.messages import WorkspaceChanged, WorkspaceReady, WorldProgress
from tui.runlog import RunLog
from tui.screens.workspace import WorkspaceScreen

_START = time.perf_counter()


class SynthcompApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "synthcomp"
    COMMANDS: ClassVar = App.COMMANDS | {BindingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q", "quit", "Quit", id="app.quit", tooltip="Close the app (runs keep their state)"
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.palette",
            tooltip="Every action of this screen, searchable",
            show=False,
        ),
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        sample_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        poll_interval: float = feed.POLL_INTERVAL,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.sample_dir = sample_dir if sample_dir is not None else samples.default_dir()
        self.clock = clock  # frozen in snapshot tests
        self.poll_interval = poll_interval
        self.workspace: Workspace | None = None
        self.reader: Reader | None = None  # the UI's read-only connection to the store
        self._stack = AsyncExitStack()
        self.stats_cache: dict[tuple[str, float], Any] = {}  # (world id, updated_at) -> stats
        self.controllers: dict[str, Any] = {}  # run id -> the engine's RunController
        self._to_close: list[Callable[[], Any]] = []  # more to close on exit (extra model clients)
        self.first_frame_s: float | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit" and isinstance(self.screen, ModalScreen):
            return False  # a form is answered or closed first (a stray q must not quit)
        return True

    def on_mount(self) -> None:
        self.sub_title = str(self.settings.workspace)
        self.push_screen(WorkspaceScreen())
        self.open_workspace()

    def on_ready(self) -> None:
        self.first_frame_s = time.perf_counter() - _START
        self.log.info(f"first frame after {self.first_frame_s:.3f}s")

    # -- long-lived workers -------------------------------------------------

    @work(exclusive=True, group="workspace", exit_on_error=False)
    async def open_workspace(self) -> None:
        self.workspace = await Workspace.open(self.settings.workspace, self.settings)
        self.reader = await self._stack.enter_async_context(self.workspace.store.reader())
        self.screen.post_message(WorkspaceReady(self.workspace))
        if self.sample_dir is not None:
            self.seed_samples()

    @work(exclusive=True, group="samples", exit_on_error=False)
    async def seed_samples(self) -> None:
        """On a workspace's first run, import the sample worlds so there is something real."""
        assert self.workspace is not None
        imported = await samples.seed_workspace(self.workspace, self.sample_dir)
        if imported:
            self.notify(f"Imported {imported} sample world(s) to start from.", timeout=5)
            self.broadcast(WorkspaceChanged())

    def follow_run(self, run_id: str, log: RunLog, target: Screen[Any]) -> Worker[None]:
        """Replay the run's stored events into `log`, then follow it live (posting to `target`)."""
        return self.run_worker(
            feed.follow(self, run_id, log, target),
            name=f"events of run {run_id}",
            group="engine-events",
            exit_on_error=False,
        )

    @work(group="create-world", exit_on_error=False)
    async def create_world(self, request: Any, target: Screen[Any]) -> None:
        """Create a world in the engine, posting each stage's progress to `target`."""
        from engine.synth.pipeline import create_world

        def progress(p: Any) -> None:  # may be called from the engine's threads
            target.post_message(WorldProgress(p.stage, p.done, p.total, p.path, p.message))

        assert self.workspace is not None
        try:
            record = await create_world(
                self.workspace,
                request.persona,
                seed=request.seed,
                files=request.files,
                name=request.name or None,
                on_progress=progress,
            )
        except Exception as exc:
            target.post_message(WorldProgress("failed", 0, 0, None, str(exc)))
            raise
        finally:
            self.broadcast(WorkspaceChanged())
        ready = f"{record.name} is ready: s starts a run on it, c curates it."
        target.post_message(WorldProgress("done", 1, 1, None, ready, world_id=record.id))

    @work(group="start-run", exit_on_error=False)
    async def start_run(self, world_id: str, options: dict[str, Any]) -> None:
        """Start a run in this process (the engine's controller) and open it."""
        from engine.sim.options import RunOptions

        ws = self.workspace
        assert ws is not None
        backend = options.get("backend") or self.settings.model.backend
        llm = None
        if backend != self.settings.model.backend:  # a model other than the workspace's
            from engine.llm import make_llm

            chosen = Settings.resolve(workspace=ws.root, backend=backend,
                                      base_url=self.settings.model.base_url)  # fmt: skip
            llm = make_llm(chosen.model, call_log=ws.store.model_calls)
            self._to_close.append(llm.aclose)
        ctl = await ws.start_run(world_id, RunOptions(**options), llm=llm)
        self.controllers[ctl.id] = ctl
        await ctl.start()
        self.broadcast(WorkspaceChanged())
        self.open_run(ctl.id)

    @work(group="open-run", exit_on_error=False)
    async def open_run(self, run_id: str, *, replace: bool = False) -> None:
        from tui.screens.run import RunScreen

        assert self.reader is not None
        started = time.perf_counter()
        feed.freeze_heap()  # a long log is about to be read: GC passes skip what lives now
        run = await self.reader.runs.get(run_id)
        world = await self.reader.worlds.get(run.world_id)
        screen = RunScreen(run, world.name)
        self.log.info(f"open run {run_id}: records read in {time.perf_counter() - started:.3f}s")
        if replace:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def broadcast(self, message: Any) -> None:
        """Post a message to every screen on the stack (each decides if it cares)."""
        for screen in self.screen_stack:
            screen.post_message(message)

    async def controller(self, run_id: str) -> Any:
        """The engine's controller of a run: the one started here, else the engine resumes it."""
        ctl = self.controllers.get(run_id)
        if ctl is None:
            assert self.workspace is not None
            ctl = await self.workspace.resume_run(run_id)
            self.controllers[run_id] = ctl
        return ctl

    # -- failures -----------------------------------------------------------

    @on(Worker.StateChanged)
    def report_worker_failure(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            err = event.worker.error
            text = str(err) or type(err).__name__
            if not isinstance(err, SynthcompError):  # not a sentence the engine wrote for a user
                text = f"{type(err).__name__}: {text}"
            self.notify(text, title=f"{event.worker.name} failed", severity="error", timeout=15)

    async def on_unmount(self) -> None:
        closers = [ctl.close for ctl in self.controllers.values()] + self._to_close
        for close in closers:  # a run's loop stops; its stored status stays (it can resume)
            try:
                await close()
            except Exception as exc:  # closing must not hide the reason we are quitting
                self.log.error(f"closing: {exc}")
        self.controllers.clear()
        feed.release_heap()
        await self._stack.aclose()
        self.reader = None
        if self.workspace is not None:
            await self.workspace.close()
            self.workspace = None


def run(settings: Settings) -> int:
    """Entry point named in pyproject's `synthcomp.frontends`."""
    return SynthcompApp(settings).run() or 0
