"""The selected file, shown the way its kind reads best.

Documents, decks, PDFs and mail as Markdown (the engine's extract), spreadsheets
and CSV as a grid with sheet tabs, code and text in a read-only code editor
with syntax highlighting, images as a size and colour summary. Reading runs in
a thread worker that posts `Preview.Loaded`; a damaged, empty or huge file
shows the engine's own sentence about it, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Label, Markdown, Static, TextArea

from tui.widgets.sheet_view import Grid, SheetView, parse_grids

MAX_CHARS = 120_000
MAX_MARKDOWN = 40_000  # a Markdown widget mounts a widget per block: keep it bounded
_DOC_KINDS = frozenset({"docx", "pptx", "pdf", "eml"})
_GRID_KINDS = frozenset({"xlsx", "csv", "tsv"})
# Kinds shown with syntax highlighting. JSON and JavaScript are left plain: with the pinned
# Textual 8.2.8, tree-sitter 0.26.1, tree-sitter-json 0.24.8 and tree-sitter-javascript 0.25.0
# their highlighting crashes the interpreter (a segmentation fault in tree-sitter).
LANGUAGES = {
    "py": "python", "toml": "toml", "yaml": "yaml", "md": "markdown", "html": "html",
    "css": "css", "sql": "sql", "sh": "bash", "rs": "rust", "go": "go", "java": "java",
    "xml": "xml",
}  # fmt: skip
_COLOUR = re.compile(r"(#[0-9a-fA-F]{6}) \((\d+)%\)")


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


@dataclass
class Shown:
    """What the reading thread found, ready for the widgets."""

    path: Path
    kind: str
    mode: str  # doc | sheet | code | image | note
    text: str = ""
    grids: list[Grid] = field(default_factory=list)
    language: str | None = None
    note: str | None = None
    error: str | None = None
    size: int = 0


def read_for_preview(path: Path) -> Shown:
    """Blocking: read `path` through the engine's extractors (runs in a thread)."""
    from engine.computer.formats import TEXT_KINDS, extract, kind_of

    kind = kind_of(path)
    ex = extract(path, max_chars=MAX_CHARS)
    size = path.stat().st_size if path.exists() else 0
    kind = ex.kind or kind
    shown = Shown(path=path, kind=kind, mode="note", note=ex.note, error=ex.error, size=size)
    if ex.error and not ex.text:
        return shown
    if kind in _GRID_KINDS:
        grids = parse_grids(ex.text, default_name=path.name)
        if grids:
            shown.mode, shown.grids = "sheet", grids
            return shown
    if kind in _DOC_KINDS:
        text = ex.text
        if kind == "pptx":  # speaker notes as a quote under their slide
            text = re.sub(r"(?m)^Notes: (.*)$", r"> **Notes:** \1", text)
        if len(text) > MAX_MARKDOWN:
            text = text[:MAX_MARKDOWN]
            more = f"Showing the first {MAX_MARKDOWN:,} characters."
            shown.note = f"{shown.note} {more}" if shown.note else more
        shown.mode, shown.text = "doc", text
    elif kind == "png":
        shown.mode, shown.text = "image", ex.text
    elif kind in TEXT_KINDS or kind == "binary":
        shown.mode, shown.text = "code", ex.text
        shown.language = LANGUAGES.get(kind)
    else:
        shown.mode, shown.text = "doc", ex.text
    return shown


def _make_view(name: str) -> Widget:
    if name == "doc":
        return VerticalScroll(Markdown(id="preview-doc"), id="preview-doc-view")
    if name == "sheet":
        return SheetView(id="preview-sheet-view")
    if name == "code":
        return TextArea.code_editor("", read_only=True, id="preview-code-view", soft_wrap=False)
    return VerticalScroll(Static("", id="preview-image"), id="preview-image-view")


def image_summary(text: str) -> Text:
    """The image extract with its dominant colours drawn as swatches."""
    out = Text()
    for line in text.splitlines():
        if line.startswith("Dominant colours:"):
            out.append("Dominant colours\n", style="bold")
            for colour, share in _COLOUR.findall(line):
                out.append("  ████ ", style=colour)
                out.append(f"{colour}  {share}%\n")
        else:
            out.append(line + "\n")
    return out


class Preview(Vertical):
    """A header line, a note line, and one of: Markdown, grid, code editor, summary."""

    DEFAULT_CSS = """
    Preview { height: 1fr; }
    Preview > #preview-title { height: 1; background: $boost; padding: 0 1; text-style: bold; }
    Preview > #preview-note { height: auto; color: $warning; padding: 0 1; display: none; }
    Preview > #preview-note.shown { display: block; }
    Preview ContentSwitcher { height: 1fr; }
    Preview #preview-doc, Preview #preview-image, Preview #preview-empty { padding: 0 1; }
    Preview #preview-code-view { height: 1fr; border: none; }
    """

    class Loaded(Message):
        def __init__(self, shown: Shown, token: int) -> None:
            super().__init__()
            self.shown = shown
            self.token = token

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: Shown | None = None
        self.title_text = "No file selected"
        self._token = 0
        self._markdown: tuple[int, str] | None = None  # the newest Markdown asked for
        self._writing = False

    def compose(self) -> ComposeResult:
        yield Label("No file selected", id="preview-title")
        yield Static("", id="preview-note")
        with ContentSwitcher(initial="preview-empty"):
            yield Static(
                "Select a file in the tree to preview it.", id="preview-empty", classes="muted"
            )
            # Every view is composed with the pane, empty and hidden, rather than mounted
            # on first use: a view mounted while a file was being shown raced with it
            # (seen under load: the new child missing from the switcher, a Tabs not yet
            # composed). Empty views cost the first frame next to nothing.
            for name in ("doc", "sheet", "code", "image"):
                yield _make_view(name)

    def _view(self, name: str) -> Widget:
        """The view `name` (doc, sheet, code, image), made current."""
        switcher = self.query_one(ContentSwitcher)
        view = switcher.get_child_by_id(f"preview-{name}-view")
        switcher.current = view.id
        return view

    @property
    def path(self) -> Path | None:
        return None if self.shown is None else self.shown.path

    @property
    def sheet(self) -> SheetView:
        return self.query_one(SheetView)

    def show_path(self, path: Path) -> None:
        """Read and show `path` (a thread worker does the reading)."""
        self._token += 1
        self._title(f"{path.name}  ·  reading…")
        self.loading = True
        self._read(path, self._token)

    def show_markdown(self, title: str, text: str, note: str | None = None) -> None:
        """Show a text that is not a file (a message, a turn's details) as Markdown.

        The Markdown is replaced on the preview's own message loop, one update at a time,
        the newest request winning; never from a caller's worker. A worker cancelled in
        the middle of `Markdown.update` cancels the removal of the old blocks under it,
        and Textual's own wait for that removal then raises `CancelledError` in the App's
        loop, which ends the App without a word (seen when a run finished: two overview
        refreshes in a row, the first cancelled by the second).
        """
        self._token += 1
        self.shown = None
        self.loading = False
        self._title(title)
        self._note(note)
        self._markdown = (self._token, text)
        if not self._writing:
            self._writing = True
            self.call_later(self._write_markdown)

    async def _write_markdown(self) -> None:
        try:
            while self._markdown is not None:
                (token, text), self._markdown = self._markdown, None
                if token != self._token:
                    continue  # a file was chosen since: `_loaded` shows it
                view = self._view("doc")
                await view.query_one(Markdown).update(text)
                view.scroll_home(animate=False)
        finally:
            self._writing = False

    def clear(self) -> None:
        self._token += 1
        self.shown = None
        self.loading = False
        self._title("No file selected")
        self._note(None)
        self.query_one(ContentSwitcher).current = "preview-empty"

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read(self, path: Path, token: int) -> None:
        try:
            shown = read_for_preview(path)
        except OSError as exc:  # the file vanished between the click and the read
            shown = Shown(path=path, kind="?", mode="note", error=f"Cannot read it: {exc.strerror}")
        self.post_message(self.Loaded(shown, token))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.token != self._token:
            return  # a newer file was selected meanwhile
        shown = message.shown
        title = f"{shown.path.name}  ·  {shown.kind}  ·  {human_size(shown.size)}"
        self._title(title)
        self._note(shown.error or shown.note, error=bool(shown.error))
        with self.app.batch_update():
            if shown.mode == "doc":
                view = self._view("doc")
                await view.query_one(Markdown).update(shown.text or "*(no text)*")
                view.scroll_home(animate=False)
            elif shown.mode == "sheet":
                sheet = self._view("sheet")
                assert isinstance(sheet, SheetView)
                await sheet.show(shown.grids)
            elif shown.mode == "code":
                code = self._view("code")
                assert isinstance(code, TextArea)
                code.language = shown.language
                code.load_text(shown.text)
            elif shown.mode == "image":
                view = self._view("image")
                view.query_one(Static).update(image_summary(shown.text))
            else:
                self.query_one("#preview-empty", Static).update(
                    "Nothing to show for this file." if not shown.error else ""
                )
                self.query_one(ContentSwitcher).current = "preview-empty"
        self.shown = shown  # set once it is on screen: `shown` is what the user sees
        self.loading = False

    def _title(self, text: str) -> None:
        self.title_text = text
        self.query_one("#preview-title", Label).update(text)

    def _note(self, text: str | None, *, error: bool = False) -> None:
        note = self.query_one("#preview-note", Static)
        note.update(("⚠ " if error else "ℹ ") + text if text else "")
        note.set_class(bool(text), "shown")
