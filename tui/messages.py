"""Typed messages the engine's results become inside the app."""

from __future__ import annotations

from textual.message import Message

from engine.workspace import Workspace


class WorkspaceReady(Message):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
