"""Edit a text file of the computer in place; the new text goes back through the engine."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from tui.modals.form import Form


class EditFile(Form[str | None]):
    """Returns the edited text, or None when cancelled or unchanged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save the file (recorded as your edit)"),
        Binding("ctrl+home", "document(False)", "Top", id="edit.top", show=False,
                tooltip="To the start of the text"),
        Binding("ctrl+end", "document(True)", "End", id="edit.end", show=False,
                tooltip="To the end of the text"),
    ]  # fmt: skip

    def __init__(self, path: str, text: str, language: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.text = text
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide", id="edit-file"):
            yield Label(f"Edit {self.path}", classes="form-title")
            yield TextArea.code_editor(self.text, language=self.language, id="editor")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#editor", TextArea).focus()

    def action_document(self, end: bool) -> None:
        editor = self.query_one("#editor", TextArea)
        editor.move_cursor(editor.document.end if end else (0, 0))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        text = self.query_one("#editor", TextArea).text
        self.dismiss(None if text == self.text else text)
