"""Typed messages the engine's results and events become inside the app.

Workers post these; `@on(...)` handlers own all UI state. Messages that can
arrive in bursts say so with `can_replace`: a newer one supersedes one still
queued, carrying along what the older one knew, so a burst costs one redraw.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from engine.workspace import Workspace


class WorkspaceReady(Message):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace


class WorkspaceChanged(Message):
    """Worlds or runs were added, changed or removed: tables should re-read the store."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, WorkspaceChanged)


class WorldProgress(Message):
    """One step of a world's creation (the engine's `Progress`)."""

    def __init__(
        self, stage: str, done: int, total: int, path: str | None, text: str,
        world_id: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.world_id = world_id  # set when the world is ready
        self.stage = stage
        self.done = done
        self.total = total
        self.path = path
        self.text = text

    def can_replace(self, message: Message) -> bool:
        # a newer step of the same stage supersedes an older one; a new stage never does
        return isinstance(message, WorldProgress) and message.stage == self.stage


class RunLogGrew(Message):
    """The run's `RunLog` has new rows (or its newest row changed)."""

    def __init__(self, run_id: str, *, replaying: bool = False) -> None:
        super().__init__()
        self.run_id = run_id
        self.replaying = replaying

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RunLogGrew) and message.run_id == self.run_id


class RunLogLoaded(Message):
    """The run's stored history has been read; what follows is live."""

    def __init__(self, run_id: str, seconds: float) -> None:
        super().__init__()
        self.run_id = run_id
        self.seconds = seconds


class RunStateChanged(Message):
    """The run's status, day, turn or tokens changed (the header re-reads the log)."""

    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RunStateChanged) and message.run_id == self.run_id


class FilesChanged(Message):
    """Files of the run's computer changed (agent-facing paths)."""

    def __init__(self, run_id: str, paths: list[str]) -> None:
        super().__init__()
        self.run_id = run_id
        self.paths = paths

    def can_replace(self, message: Message) -> bool:
        if isinstance(message, FilesChanged) and message.run_id == self.run_id:
            message.paths = self.paths + message.paths  # the newer message carries both
            return True
        return False


class InboxChanged(Message):
    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, InboxChanged) and message.run_id == self.run_id


class EngineCallDone(Message):
    """A control sent to the engine (pause, inject, edit, fork...) finished."""

    def __init__(self, what: str, result: Any = None) -> None:
        super().__init__()
        self.what = what
        self.result = result
