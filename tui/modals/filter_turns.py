"""Which turns the stream shows: one tool, one actor, errors only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Select

from tui.modals.form import Form


@dataclass
class TurnFilter:
    tool: str = ""
    actor: str = ""
    errors_only: bool = False


class FilterTurns(Form[TurnFilter | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="filter.cancel", tooltip="Keep the current filter"
        ),
    ]

    def __init__(self, tools: list[str], actors: list[str], current: TurnFilter) -> None:
        super().__init__()
        self.tools = tools
        self.actors = actors
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="form small", id="filter-turns"):
            yield Label("Show only…", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Tool", classes="form-label")
                yield Select([(t, t) for t in self.tools], value=self.current.tool or Select.NULL,
                             prompt="any tool", id="tool")  # fmt: skip
            with Horizontal(classes="form-row"):
                yield Label("Actor", classes="form-label")
                yield Select([(a, a) for a in self.actors], value=self.current.actor or Select.NULL,
                             prompt="anyone", id="actor")  # fmt: skip
            yield Checkbox("errors only", self.current.errors_only, id="errors")
            with Horizontal(classes="form-buttons"):
                yield Button("Apply", variant="primary", id="ok")
                yield Button("Clear", id="clear")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(TurnFilter())

    @on(Button.Pressed, "#ok")
    def _apply(self) -> None:
        tool = self.query_one("#tool", Select).value
        actor = self.query_one("#actor", Select).value
        self.dismiss(
            TurnFilter(
                tool="" if tool is Select.NULL else str(tool),
                actor="" if actor is Select.NULL else str(actor),
                errors_only=self.query_one("#errors", Checkbox).value,
            )
        )
