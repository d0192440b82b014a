"""The form that asks for a persona (and seed, size, name) to create a world from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, TextArea

from tui.modals.form import Form


@dataclass
class CreateWorldRequest:
    persona: str
    seed: int
    files: int
    name: str


class CreateWorld(Form[CreateWorldRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="create.cancel", tooltip="Close without creating"),
        Binding("ctrl+s", "submit", "Create", id="create.submit", tooltip="Create the world"),
        Binding("ctrl+r", "sample", "Sample persona", id="create.sample",
                tooltip="Fill in a persona sampled from the occupation taxonomy"),
    ]  # fmt: skip

    def __init__(self, persona: str = "", seed: int = 1) -> None:
        super().__init__()
        self._persona = persona
        self._seed = seed

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="create-world"):
            yield Label("Create a world", classes="form-title")
            yield Label("Persona: who uses this computer (a sentence or two)")
            yield TextArea(self._persona, id="persona", soft_wrap=True, classes="form-text")
            with Horizontal(classes="form-row"):
                yield Label("Seed", classes="form-label")
                yield Input(str(self._seed), id="seed", type="integer")
                yield Label("Files", classes="form-label")
                yield Input("150", id="files", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Name", classes="form-label")
                yield Input(placeholder="(from the persona)", id="name")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Create", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def action_sample(self) -> None:
        from engine.synth.personas import sample_personas

        seed = int(self.query_one("#seed", Input).value or 0)
        persona = sample_personas(1, seed=seed)[0]
        self.query_one("#persona", TextArea).load_text(persona.text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        persona = self.query_one("#persona", TextArea).text.strip()
        error = self.query_one("#form-error", Label)
        if len(persona) < 3:
            error.update("Write a persona first (ctrl+r samples one).")
            return
        try:
            seed = int(self.query_one("#seed", Input).value or "1")
            files = int(self.query_one("#files", Input).value or "150")
        except ValueError:
            error.update("Seed and files are whole numbers.")
            return
        if seed < 0 or not 1 <= files <= 500:
            error.update("The seed is 0 or more; files between 1 and 500.")
            return
        name = self.query_one("#name", Input).value.strip()
        self.dismiss(CreateWorldRequest(persona=persona, seed=seed, files=files, name=name))
