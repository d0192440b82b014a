"""Edit a world's owner profile and collaborators as JSON, checked by the engine's schema."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TabbedContent, TabPane, TextArea

from engine.schema.profile import UserProfile
from tui.modals.form import Form


def first_error(exc: ValidationError | ValueError) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where}: {err.get('msg')}" if where else str(err.get("msg"))
    return str(exc)


class EditProfile(Form[UserProfile | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Check and save the profile"),
    ]

    def __init__(self, profile: UserProfile, tab: str = "profile") -> None:
        super().__init__()
        self.profile = profile
        self.tab = tab

    def compose(self) -> ComposeResult:
        data = self.profile.model_dump(mode="json")
        collaborators = data.pop("collaborators")
        with Vertical(classes="form wide", id="edit-profile"):
            yield Label(f"Profile of {self.profile.identity.full_name}", classes="form-title")
            with TabbedContent(initial=self.tab):
                with TabPane("Profile", id="profile"):
                    yield TextArea.code_editor(
                        json.dumps(data, indent=2, ensure_ascii=False),
                        id="profile-json",
                    )
                with TabPane("Collaborators", id="collaborators"):
                    yield TextArea.code_editor(
                        json.dumps(collaborators, indent=2, ensure_ascii=False),
                        id="collaborators-json",
                    )
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        error = self.query_one("#form-error", Label)
        try:
            data: dict[str, Any] = json.loads(self.query_one("#profile-json", TextArea).text)
            data["collaborators"] = json.loads(self.query_one("#collaborators-json", TextArea).text)
            profile = UserProfile.model_validate(data)
        except json.JSONDecodeError as exc:
            error.update(f"Not valid JSON: {exc.msg} (line {exc.lineno}).")
            return
        except (ValidationError, ValueError) as exc:
            error.update(first_error(exc))
            return
        self.dismiss(None if profile == self.profile else profile)
