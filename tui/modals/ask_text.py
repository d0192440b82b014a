"""One line of text: a new name, a destination, a path, a turn to jump to."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.modals.form import Form


class AskText(Form[str | None]):
    """Returns the text entered (Enter), or None (Escape). `check` may refuse it with a sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel", tooltip="Close without changing"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="form small"):
            yield Label(self.title_text, classes="form-title")
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label(self.hint, classes="form-hint")
            yield Label("", id="form-error", classes="form-error")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self.check(value) if self.check else (None if value else "Type something first.")
        if problem:
            self.query_one("#form-error", Label).update(problem)
            return
        self.dismiss(value)
