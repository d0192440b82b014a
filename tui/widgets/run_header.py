"""The run in two lines: which run (world, short id, start) and its model; then its state
(status and why, day and date, turn, errors, tokens)."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from tui.identity import sim_date
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
        self._shown: Text | None = None

    def on_mount(self) -> None:
        self.refresh_from()

    def render(self):  # type: ignore[no-untyped-def]
        if self.painted_at is None:  # the screen's first frame is being drawn
            self.painted_at = time.perf_counter()
        return super().render()

    def refresh_from(self) -> None:
        """Line 1: which run, backend and model. Line 2: state (and why), day, turn, errors,
        tokens. The header's size never changes, so an update repaints it without a layout."""
        log = self.runlog
        sep = ("   ", "")
        first = Text(self.title, style="bold", no_wrap=True, overflow="ellipsis")
        if log.backend or log.model:
            first.append_text(
                Text.assemble(sep, (f"{log.backend or '?'} / {log.model or '?'}", "dim"))
            )
        status = log.status if self.loaded else "loading"
        icon, style = _STATUS_STYLE.get(status, ("?", "bold"))
        second = Text.assemble((f"{icon} {status}", style), no_wrap=True, overflow="ellipsis")
        if log.reason and status in ("paused", "failed", "stopped", "finished"):
            second.append(f" ({log.reason})", style=style.replace("bold ", ""))
        second.append_text(Text.assemble(sep, ("day ", "dim"), (str(log.day), "bold")))
        if log.day in log.dates:
            second.append(f" ({sim_date(log.dates[log.day])})", style="dim")
        second.append_text(Text.assemble((" · turn ", "dim"), (str(log.turn), "bold")))
        if log.errors:
            second.append_text(Text.assemble(sep, (f"{log.errors} tool errors", "red")))
        used = f"{tokens(log.tokens)} tokens"
        if log.cached_tokens:
            used += f" ({tokens(log.cached_tokens)} cached)"
        second.append_text(Text.assemble(sep, (used, "dim")))
        text = Text("\n").join([first, second])
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)
