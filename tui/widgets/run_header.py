"""The run's state in one line: status (and why), day and turn, backend and model, tokens."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from tui.runlog import RunLog

_STATUS_STYLE = {
    "running": ("▶", "bold green"),
    "paused": ("‖", "bold yellow"),
    "finished": ("✓", "bold cyan"),
    "stopped": ("■", "bold"),
    "failed": ("✗", "bold red"),
    "created": ("○", "dim"),
    "loading": ("…", "dim"),
}


def tokens(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1000:.0f}k"
    if n >= 1000:
        return f"{n / 1000:.1f}k"
    return str(n)


class RunHeader(Static):
    """Shows the `RunLog`'s state; `refresh_from` is called when the log says it changed."""

    DEFAULT_CSS = """
    RunHeader { height: 2; background: $panel; padding: 0 1; }
    """

    def __init__(self, log: RunLog, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.runlog = log
        self.title = title
        self.loaded = False
        self.painted_at: float | None = None

    def on_mount(self) -> None:
        self.refresh_from()

    def render(self):  # type: ignore[no-untyped-def]
        if self.painted_at is None:  # the screen's first frame is being drawn
            self.painted_at = time.perf_counter()
        return super().render()

    def refresh_from(self) -> None:
        """Line 1: state (and why), day and turn, errors. Line 2: which run, model, tokens."""
        log = self.runlog
        status = log.status if self.loaded else "loading"
        icon, style = _STATUS_STYLE.get(status, ("?", "bold"))
        sep = ("   ", "")
        first = Text.assemble((f"{icon} {status}", style))
        if log.reason and status in ("paused", "failed", "stopped", "finished"):
            first.append(f" ({log.reason})", style=style.replace("bold ", ""))
        first.append_text(Text.assemble(sep, ("day ", "dim"), (str(log.day), "bold"),
                                        (" · turn ", "dim"), (str(log.turn), "bold")))  # fmt: skip
        if log.errors:
            first.append_text(Text.assemble(sep, (f"{log.errors} tool errors", "red")))
        second = Text(self.title, style="bold")
        if log.backend or log.model:
            second.append_text(
                Text.assemble(sep, (f"{log.backend or '?'} / {log.model or '?'}", "dim"))
            )
        used = f"{tokens(log.tokens)} tokens"
        if log.cached_tokens:
            used += f" ({tokens(log.cached_tokens)} cached)"
        second.append_text(Text.assemble(sep, (used, "dim")))
        self.update(Text("\n").join([first, second]))
