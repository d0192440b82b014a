"""Change one spreadsheet cell: a value, or a formula starting with '='."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.modals.form import Form


@dataclass
class CellEdit:
    sheet: str
    ref: str
    value: str


class EditCell(Form[CellEdit | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cell.cancel", tooltip="Close without changing"),
    ]

    def __init__(self, path: str, sheet: str, ref: str, raw: str) -> None:
        super().__init__()
        self.path = path
        self.sheet = sheet
        self.ref = ref
        self.raw = raw

    def compose(self) -> ComposeResult:
        formula = self.raw.split(" → ")[0] if self.raw.startswith("=") else self.raw
        with Vertical(classes="form small", id="edit-cell"):
            yield Label(f"{self.path} · {self.sheet} · {self.ref}", classes="form-title")
            yield Input(formula, id="value")
            yield Label("Enter saves · a formula starts with =", classes="form-hint")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(CellEdit(self.sheet, self.ref, event.value))
