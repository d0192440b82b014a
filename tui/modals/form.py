"""What every form shares: it is a `ModalScreen[T]` with a footer of its own keys.

Without one, the footer of the screen underneath stays on view and offers keys
that do nothing while the form is open.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Footer

T = TypeVar("T")


class Form(ModalScreen[T]):
    def on_mount(self) -> None:
        self.mount(Footer())
