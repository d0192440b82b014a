"""The form that starts a simulation: days, turns per day, seed, backend."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from tui.modals.form import Form

BACKENDS = [("scripted (offline)", "scripted"), ("openai-compatible", "openai"),
            ("local (llama.cpp)", "local")]  # fmt: skip


class StartRun(Form[dict[str, Any] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="start.cancel", tooltip="Close without starting"),
        Binding("ctrl+s", "submit", "Start", id="start.submit", tooltip="Start the run"),
    ]

    def __init__(self, world_name: str, backend: str = "scripted") -> None:
        super().__init__()
        self.world_name = world_name
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="start-run"):
            yield Label(f"Start a run on {self.world_name}", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Days", classes="form-label")
                yield Input("20", id="days", type="integer")
                yield Label("Turns/day", classes="form-label")
                yield Input("40", id="turns", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Seed", classes="form-label")
                yield Input("1", id="seed", type="integer")
                yield Label("Backend", classes="form-label")
                yield Select(BACKENDS, value=self.backend, allow_blank=False, id="backend")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Start", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        try:
            days = int(self.query_one("#days", Input).value)
            turns = int(self.query_one("#turns", Input).value)
            seed = int(self.query_one("#seed", Input).value)
        except ValueError:
            self.query_one("#form-error", Label).update("Days, turns and seed are whole numbers.")
            return
        if not (1 <= days <= 366 and 1 <= turns <= 10_000 and seed >= 0):
            self.query_one("#form-error", Label).update(
                "Days 1-366, turns per day 1-10000, seed 0 or more."
            )
            return
        backend = self.query_one("#backend", Select).value
        self.dismiss({"days": days, "turns_per_day": turns, "seed": seed, "backend": backend})
