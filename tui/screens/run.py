"""One run: its computer's files, the selected file, the turn stream and the inbox; its controls.

The screen shows its frame at once; the App's event worker then replays the
stored log into the screen's `RunLog` and follows the run live, posting
coalescing messages that the handlers below turn into widget updates. Every
control is a binding (and so a palette entry) that calls the engine's run
controller in an App worker.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker

from engine.store import RunRecord
from tui import controls, feed
from tui.identity import run_identity
from tui.messages import (
    EngineCallDone,
    FilesChanged,
    InboxChanged,
    RunLogGrew,
    RunLogLoaded,
    RunStateChanged,
)
from tui.modals.filter_turns import FilterTurns, TurnFilter
from tui.runlog import RunLog
from tui.widgets.file_tree import FileTree
from tui.widgets.inbox import Inbox, message_markdown
from tui.widgets.preview import Preview
from tui.widgets.run_header import RunHeader
from tui.widgets.turn_stream import TurnStream

if TYPE_CHECKING:
    from tui.app import SynthcompApp

# `engine.sim.runs.COMPUTER_DIR`, spelt out so that opening a stored run does not import the
# whole simulator before its first frame (a test keeps the two equal).
COMPUTER_DIR = "computer"
_LIVE = ("running",)
_RESUMABLE = ("paused", "stopped", "created", "failed")


class RunScreen(Screen[None]):
    AUTO_FOCUS = "#turns"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause", id="run.pause", tooltip="Pause after the turn in flight"),
        Binding("p", "resume", "Resume", id="run.resume", tooltip="Let the run go on by itself"),
        Binding("n", "step", "Step", id="run.step", tooltip="Run exactly one more turn, then pause"),
        Binding("d", "step_day", "End of day", id="run.step_day",
                tooltip="Run to the end of the current simulated day, then pause"),
        Binding("m", "inject", "Message", id="run.inject",
                tooltip="Send the agent a message as any collaborator"),
        Binding("e", "edit", "Edit", id="run.edit",
                tooltip="Edit the selected file (text) or spreadsheet cell; recorded as your edit"),
        Binding("v", "view_file", "File", id="run.view_file",
                tooltip="Show the file the selected turn wrote, read or submitted (or a message's attachment)"),
        Binding("f", "fork", "Fork", id="run.fork",
                tooltip="Start a new run from the end of the selected turn"),
        Binding("x", "stop", "Stop", id="run.stop", tooltip="Stop the run (it can be resumed)"),
        Binding("slash", "filter", "Filter", id="run.filter", show=False,
                tooltip="Show only one tool, one actor, or errors"),
        Binding("g", "jump", "Jump", id="run.jump", show=False, tooltip="Go to a day, or a day and turn"),
        Binding("o", "overview", "Overview", id="run.overview", show=False,
                tooltip="The run at a glance: options, objectives, submissions"),
        Binding("escape", "back", "Back", id="run.back", tooltip="Back to the workspace"),
    ]  # fmt: skip

    def __init__(self, run: RunRecord, world_name: str) -> None:
        super().__init__()
        self.run = run
        self.world_name = world_name
        self.runlog = RunLog(run.id)
        self.loaded = False
        self.turn_filter = TurnFilter()
        self.done: list[EngineCallDone] = []  # what the engine answered, for the log and tests
        self.collaborators: list[str] = []
        self._footer_key: tuple[object, ...] = ()
        self._feed: Worker[None] | None = None
        self._overview_key: tuple[object, ...] = ()
        self.created_at = time.perf_counter()
        self.first_frame_s: float | None = None  # from creation to the first frame drawn
        self.settled_s: float | None = None  # ...to the first refresh with no work queued
        self.log_load_s: float | None = None  # reading the stored history

    @property
    def sapp(self) -> SynthcompApp:
        return self.app  # type: ignore[return-value]

    @property
    def computer_root(self) -> Path | None:
        """The run's copy of the computer (`<run folder>/computer`)."""
        if not self.run.path:
            return None
        inner = Path(self.run.path) / COMPUTER_DIR
        return inner if inner.is_dir() else Path(self.run.path)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield RunHeader(self.runlog, run_identity(self.run, self.world_name), id="run-header")
        with Grid(id="run-panes"):
            with Vertical(id="files-pane", classes="pane") as files:
                files.border_title = "Files"
                root = self.computer_root
                if root is not None and root.is_dir():
                    yield FileTree(root, self.runlog.files, id="files")
                else:
                    yield Static("This run has no computer folder yet.", classes="muted")
            with Vertical(id="preview-pane", classes="pane") as preview:
                preview.border_title = "Preview"
                yield Preview(id="preview")
            with Vertical(id="inbox-pane", classes="pane") as inbox:
                inbox.border_title = "Inbox"
                yield Inbox(self.runlog, id="inbox")
            with Vertical(id="turns-pane", classes="pane") as turns:
                turns.border_title = "Turns · reading the log…"
                yield TurnStream(self.runlog, id="turns")  # the title says "reading the log…"
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        """The frame is up: now read the log (its size never delays the first frame)."""
        now = time.perf_counter()
        painted = self.query_one(RunHeader).painted_at or now
        self.first_frame_s = painted - self.created_at
        self.settled_s = now - self.created_at
        self.log.info(f"run screen: first frame after {self.first_frame_s:.3f}s")
        self._feed = self.sapp.follow_run(self.run.id, self.runlog, self)
        self.load_world()

    @work(exclusive=True, group="world", exit_on_error=False)
    async def load_world(self) -> None:
        """The world's profile: its collaborators (for messages) and volumes (for paths)."""
        import asyncio

        from engine.computer import Sandbox

        def read(path: str) -> Any:  # the import is slow too: both off the event loop
            from engine.synth.world import load_world

            return load_world(path)

        assert self.sapp.reader is not None
        world = await self.sapp.reader.worlds.get(self.run.world_id)
        manifest = await asyncio.to_thread(read, world.path)
        self.collaborators = [c.name for c in manifest.profile.collaborators]
        root = self.computer_root
        if root is not None and self.query(FileTree):
            volumes = manifest.profile.filesystem.drive_volumes()
            self.query_one(FileTree).sandbox = Sandbox(root, volumes)

    def on_unmount(self) -> None:
        if self._feed is not None:  # ours only: a fork's screen may have started its own
            self._feed.cancel()
        feed.release_heap()  # the rows this screen froze can be collected now

    # -- the engine's events -------------------------------------------------

    @on(RunLogGrew)
    def _grew(self, message: RunLogGrew) -> None:
        if self.loaded:
            self.query_one(TurnStream).notify_grew()
        else:
            rows = len(self.runlog.rows)
            self.query_one("#turns-pane").border_title = f"Turns · reading the log… {rows:,} rows"

    @on(RunLogLoaded)
    def _loaded(self, message: RunLogLoaded) -> None:
        self.loaded = True
        self.log_load_s = message.seconds
        stream = self.query_one(TurnStream)
        with self.app.batch_update():
            stream.flush()
            header = self.query_one(RunHeader)
            header.loaded = True
            header.refresh_from()
            self._inbox()
            self._turns_title()
            if self.query(FileTree):
                self.query_one(FileTree).files_changed([])
        self._bindings_follow_state()
        if self.query_one(Preview).shown is None:
            self.action_overview()
        self.call_after_refresh(feed.freeze_heap)  # the screen as built lives as long as it

    @on(RunStateChanged)
    def _state(self) -> None:
        self.query_one(RunHeader).refresh_from()
        self._turns_title()
        self._bindings_follow_state()
        log = self.runlog
        key = (log.status, log.reason, log.day, len(log.submissions))
        if self.showing_overview and key != self._overview_key:
            self.action_overview()  # on screen and out of date: a day passed, a submission...

    def _bindings_follow_state(self) -> None:
        """Redraw the footer only when what it offers changes (a redraw is not free)."""
        row = self.query_one(TurnStream).current_row
        key = (self.loaded, self.runlog.status, row is None, bool(row and row.path))
        if key != self._footer_key:
            self._footer_key = key
            self.refresh_bindings()

    @on(FilesChanged)
    def _files(self, message: FilesChanged) -> None:
        if not self.query(FileTree):
            return
        tree = self.query_one(FileTree)
        tree.files_changed(message.paths)
        preview = self.query_one(Preview)
        if preview.path is not None and tree.rel(preview.path) in {
            tree.to_rel(p) for p in message.paths
        }:
            preview.show_path(preview.path)  # the file on screen changed: show its new state

    @on(InboxChanged)
    def _inbox(self) -> None:
        self.query_one(Inbox).sync()
        unread = self.runlog.unread()
        pane = self.query_one("#inbox-pane")
        pane.border_title = f"Inbox · {unread} unread" if unread else "Inbox"

    def _turns_title(self) -> None:
        stream = self.query_one(TurnStream)
        shown = (
            f"{len(stream.view):,} of {len(self.runlog.rows):,}"
            if stream.filtered
            else f"{len(self.runlog.rows):,}"
        )
        self.query_one("#turns-pane").border_title = f"Turns · {shown}"

    # -- what the user picks -------------------------------------------------

    @on(FileTree.FileSelected)
    def _file(self, event: FileTree.FileSelected) -> None:
        self.query_one(Preview).show_path(event.path)
        self.query_one(FileTree).look(event.path)

    @on(Inbox.MessageChosen)
    def _message(self, event: Inbox.MessageChosen) -> None:
        self.query_one(Preview).show_markdown(
            f"Message from {event.message.sender}", message_markdown(event.message)
        )
        self._inbox()

    @on(Inbox.AttachmentChosen)
    async def _attachment(self, event: Inbox.AttachmentChosen) -> None:
        if not self.query(FileTree) or not await self.query_one(FileTree).select_path(event.path):
            self.notify(f"{event.path} is not on the computer (any more).", severity="warning")

    @on(TurnStream.Chosen)
    def _turn(self, event: TurnStream.Chosen) -> None:
        self.show_turn(event.row.seq)

    @work(exclusive=True, group="turn-detail", exit_on_error=False)
    async def show_turn(self, seq: int) -> None:
        row = self.runlog.row_at_seq(seq)
        reader = self.sapp.reader
        if row is None or reader is None:
            return
        text = await controls.turn_markdown(reader, self.run.id, row)
        what = row.tool or row.kind.replace("_", " ")
        title = f"Day {row.day} · turn {row.turn} · {what}" if row.turn else what
        self.query_one(Preview).show_markdown(title, text)

    # -- controls ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer follows the run's state: a control that cannot apply in this state is
        hidden (a finished run offers no Step), one that will apply soon is dimmed (nothing
        works until the log is read). `p` is Pause while the run runs, else Resume."""
        status = self.runlog.status if self.loaded else "loading"
        if action == "pause":
            return status in _LIVE
        if action == "resume":
            return None if status == "loading" else status in _RESUMABLE
        if action in ("step", "step_day"):
            if status in ("loading", "failed"):
                return None
            return status in ("paused", "created", "stopped")
        if action in ("inject", "edit"):
            return None if status == "loading" else status != "finished"
        if action == "stop":
            if status in ("loading", "created"):
                return None
            return status in ("running", "paused")
        if action == "fork":
            return True if self.loaded and self.query_one(TurnStream).current_row else None
        if action == "view_file":
            row = self.query_one(TurnStream).current_row if self.loaded else None
            return True if row is not None and row.path else None
        return True

    def action_pause(self) -> None:
        controls.call(self, "pause", lambda ctl: ctl.pause())

    def action_resume(self) -> None:
        controls.call(self, "resume", lambda ctl: ctl.resume())

    def action_step(self) -> None:
        controls.call(self, "step", lambda ctl: ctl.step(1))

    def action_step_day(self) -> None:
        controls.call(self, "step_day", lambda ctl: ctl.step_day())

    def action_stop(self) -> None:
        controls.call(self, "stop", lambda ctl: ctl.stop())

    def action_inject(self) -> None:
        controls.inject(self)

    def action_edit(self) -> None:
        controls.edit(self)

    def action_fork(self) -> None:
        row = self.query_one(TurnStream).current_row
        if row is not None:
            controls.fork(self, self.runlog.fork_seq(row))

    def action_view_file(self) -> None:
        row = self.query_one(TurnStream).current_row
        if row is not None and row.path:
            controls.view_file(self, row.path)

    def action_filter(self) -> None:
        tools = sorted(self.runlog.tools)
        actors = sorted(self.runlog.actors)
        self.app.push_screen(FilterTurns(tools, actors, self.turn_filter), self._filter)

    def _filter(self, how: TurnFilter | None) -> None:
        if how is None:
            return
        self.turn_filter = how
        self.query_one(TurnStream).set_filter(
            tool=how.tool, actor=how.actor, errors_only=how.errors_only
        )
        self._turns_title()

    def action_jump(self) -> None:
        controls.jump(self)

    @property
    def showing_overview(self) -> bool:
        preview = self.query_one(Preview)
        return preview.shown is None and preview.title_text == "Overview"

    def action_overview(self) -> None:
        from tui.overview import run_overview

        log = self.runlog
        self._overview_key = (log.status, log.reason, log.day, len(log.submissions))
        text = run_overview(self.runlog, self.run)
        self.query_one(Preview).show_markdown("Overview", text)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(TurnStream.Highlighted)
    def _highlight(self) -> None:
        self._bindings_follow_state()

    @on(EngineCallDone)
    def _done(self, message: EngineCallDone) -> None:
        self.done.append(message)
        self._bindings_follow_state()
