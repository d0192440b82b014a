"""A message to the agent, written as any collaborator (or someone new)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, TextArea

from tui.modals.form import Form

NEW = "__new__"


@dataclass
class Injection:
    sender: str
    subject: str
    body: str
    attachments: list[str] = field(default_factory=list)


class InjectMessage(Form[Injection | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="inject.cancel", tooltip="Close without sending"),
        Binding("ctrl+s", "submit", "Send", id="inject.send", tooltip="Deliver the message to the agent"),
    ]  # fmt: skip

    def __init__(self, collaborators: list[str], attachment: str = "") -> None:
        super().__init__()
        self.collaborators = collaborators
        self.attachment = attachment

    def compose(self) -> ComposeResult:
        options = [(name, name) for name in self.collaborators] + [("someone new…", NEW)]
        with Vertical(classes="form", id="inject-message"):
            yield Label("Send the agent a message", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("From", classes="form-label")
                yield Select(options, value=options[0][1], allow_blank=False, id="sender")
                yield Input(placeholder="name of the new sender", id="new-sender")
            with Horizontal(classes="form-row"):
                yield Label("Subject", classes="form-label")
                yield Input(id="subject")
            yield Label("Message")
            yield TextArea(id="body", soft_wrap=True, classes="form-text")
            with Horizontal(classes="form-row"):
                yield Label("Attach", classes="form-label")
                yield Input(self.attachment, placeholder="paths on the computer, comma-separated",
                            id="attachments")  # fmt: skip
            yield Label("The agent reads it at the start of its next turn.", classes="form-hint")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Send", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._sender_changed()

    @on(Select.Changed, "#sender")
    def _sender_changed(self) -> None:
        new = self.query_one("#sender", Select).value == NEW
        self.query_one("#new-sender", Input).display = new

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        sender = str(self.query_one("#sender", Select).value)
        if sender == NEW:
            sender = self.query_one("#new-sender", Input).value.strip()
        subject = self.query_one("#subject", Input).value.strip()
        body = self.query_one("#body", TextArea).text.strip()
        error = self.query_one("#form-error", Label)
        if not sender:
            error.update("Who is it from?")
            return
        if not subject and not body:
            error.update("Write a subject or a body.")
            return
        raw = self.query_one("#attachments", Input).value
        attachments = [a.strip() for a in raw.split(",") if a.strip()]
        self.dismiss(Injection(sender, subject, body, attachments))
