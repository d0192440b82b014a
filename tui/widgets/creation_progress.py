"""A world being created: one bar per stage (profile, folders, file plan, files), the latest file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, ProgressBar

from tui.messages import WorldProgress

STAGES = [("profile", "Profile"), ("folders", "Folders"), ("artifacts", "File plan"),
          ("files", "Files")]  # fmt: skip


class CreationProgress(Vertical):
    DEFAULT_CSS = """
    CreationProgress { height: auto; display: none; border: round $accent; padding: 0 1; }
    CreationProgress.active { display: block; }
    CreationProgress Grid { grid-size: 2; grid-columns: 12 1fr; height: auto; grid-rows: 1; }
    CreationProgress #creation-title { text-style: bold; }
    CreationProgress #creation-detail { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="creation-title")
        with Grid():
            for stage, title in STAGES:
                yield Label(title)
                yield ProgressBar(id=f"stage-{stage}", show_eta=False)
        yield Label("", id="creation-detail")

    def start(self, persona: str) -> None:
        self.add_class("active")
        self.query_one("#creation-title", Label).update(f"Creating a world: {persona[:80]}")
        self.query_one("#creation-detail", Label).update("starting…")
        for stage, _ in STAGES:
            self.query_one(f"#stage-{stage}", ProgressBar).update(total=1, progress=0)

    def step(self, p: WorldProgress) -> None:
        self.add_class("active")
        if p.stage == "done":
            self.query_one("#creation-title", Label).update("World created")
            for stage, _ in STAGES:
                bar = self.query_one(f"#stage-{stage}", ProgressBar)
                bar.update(total=bar.total or 1, progress=bar.total or 1)
            self.query_one("#creation-detail", Label).update(p.text or "done")
            return
        if p.stage == "failed":
            self.query_one("#creation-detail", Label).update(f"✗ {p.text}")
            return
        bar = self.query_one(f"#stage-{p.stage}", ProgressBar)
        bar.update(total=max(p.total, 1), progress=p.done)
        index = [s for s, _ in STAGES].index(p.stage)
        for stage, _ in STAGES[:index]:  # earlier stages are complete once a later one reports
            done = self.query_one(f"#stage-{stage}", ProgressBar)
            done.update(total=done.total or 1, progress=done.total or 1)
        detail = p.path or p.text or ""
        self.query_one("#creation-detail", Label).update(f"{p.stage}: {p.done}/{p.total}  {detail}")

    def hide(self) -> None:
        self.remove_class("active")
