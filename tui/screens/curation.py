"""A seed computer, by hand: its files (tree and preview), its owner's profile and collaborators.

Every change goes through `WorldEditor` (the engine's Computer, manifest and
store) in a worker; the tree reloads the folder that changed and marks the
file as changed by you.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from engine.computer.formats import TEXT_KINDS, kind_of
from engine.store import WorldRecord
from tui.messages import EngineCallDone, WorkspaceChanged
from tui.modals.ask_text import AskText
from tui.modals.confirm import Confirm
from tui.modals.edit_cell import CellEdit, EditCell
from tui.modals.edit_file import EditFile
from tui.modals.edit_profile import EditProfile
from tui.runlog import FileMark
from tui.widgets.file_tree import FileTree
from tui.widgets.preview import LANGUAGES, Preview
from tui.widgets.world_card import WorldCard
from tui.world_edits import WorldEditor

if TYPE_CHECKING:
    from tui.app import SynthcompApp


def _name_ok(text: str) -> str | None:
    if not text:
        return "Type a name."
    if text.startswith("/") or ".." in PurePosixPath(text).parts:
        return "A path inside the world, without '..' or a leading '/'."
    return None


class CurationScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "new_file", "New file", id="cur.new_file", tooltip="Create an empty text file in the selected folder"),
        Binding("A", "new_folder", "New folder", id="cur.new_folder", show=False, tooltip="Create a folder in the selected folder"),
        Binding("r", "rename", "Rename", id="cur.rename", tooltip="Rename the selected file or folder"),
        Binding("v", "move", "Move", id="cur.move", tooltip="Move the selected file or folder to another folder"),
        Binding("delete", "delete", "Delete", id="cur.delete", tooltip="Move the selected file or folder to the world's trash"),
        Binding("e", "edit", "Edit", id="cur.edit", tooltip="Edit the selected text file, or the spreadsheet cell under the cursor"),
        Binding("p", "profile", "Profile", id="cur.profile", tooltip="Edit the owner's profile (JSON, checked by the schema)"),
        Binding("c", "collaborators", "Collaborators", id="cur.collaborators", show=False, tooltip="Edit the collaborators (JSON, checked by the schema)"),
        Binding("g", "regenerate", "Regenerate", id="cur.regenerate", tooltip="Make the selected file again with the model"),
        Binding("i", "import", "Import", id="cur.import", tooltip="Copy a file or folder from your disk into the selected folder"),
        Binding("escape", "back", "Back", id="cur.back", tooltip="Back to the workspace"),
    ]  # fmt: skip

    def __init__(self, world: WorldRecord) -> None:
        super().__init__()
        self.world = world
        self.editor: WorldEditor | None = None
        self.marks: dict[str, FileMark] = {}
        self.done: list[EngineCallDone] = []

    @property
    def sapp(self) -> SynthcompApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="curation-body"):
            with Vertical(id="curation-files", classes="pane") as files:
                files.border_title = "Files"
                if Path(self.world.path).is_dir():
                    yield FileTree(self.world.path, self.marks, id="files")
                else:
                    yield Static(f"The world's folder {self.world.path} is missing.")
            with Vertical(id="curation-right"):
                with Vertical(id="curation-preview", classes="pane") as preview:
                    preview.border_title = "Preview"
                    yield Preview(id="preview")
                with Vertical(id="curation-card", classes="pane") as card:
                    card.border_title = "Owner"
                    yield WorldCard(id="card")
        yield Footer()

    def on_mount(self) -> None:
        assert self.sapp.workspace is not None
        self.editor = WorldEditor(self.sapp.workspace, self.world)
        if self.query(FileTree):
            self.query_one(FileTree).focus()
        self.load_card()

    @work(exclusive=True, group="card", exit_on_error=False)
    async def load_card(self) -> None:
        assert self.editor is not None
        card = self.query_one(WorldCard)
        try:
            card.show(await self.editor.load_profile(), self.world)
        except Exception as exc:  # a folder without a manifest is still curated as files
            card.missing(str(exc))

    # -- selection -----------------------------------------------------------

    @on(FileTree.FileSelected)
    def _file(self, event: FileTree.FileSelected) -> None:
        self.query_one(Preview).show_path(event.path)
        self.query_one(FileTree).look(event.path)

    def _selected(self) -> tuple[str, bool] | None:
        """(root-relative path, is a folder) of the tree's cursor, if any."""
        if not self.query(FileTree):
            return None
        tree = self.query_one(FileTree)
        node = tree.cursor_node
        if node is None or node.data is None:
            return None
        return tree.rel(node.data.path), node.allow_expand

    def _folder(self) -> str:
        """The selected folder, or the selected file's folder ('' for the root)."""
        sel = self._selected()
        if sel is None:
            return ""
        rel, is_dir = sel
        if is_dir:
            return rel
        parent = str(PurePosixPath(rel).parent)
        return "" if parent == "." else parent

    # -- running an edit -----------------------------------------------------

    def apply(self, what: str, job: Callable[[WorldEditor], Awaitable[Any]], *touched: str) -> None:
        """Run an edit in an App worker; then reload the tree where it changed and say so."""
        editor = self.editor
        assert editor is not None

        async def run() -> None:
            result = await job(editor)
            self.post_message(EngineCallDone(what, result))
            changed = [p for p in (*touched, *(result if isinstance(result, list) else [result]))
                       if isinstance(p, str)]  # fmt: skip
            for rel in changed:
                self.marks[rel] = FileMark(by="user", change=what, seq=0)
            self.query_one(FileTree).files_changed(changed or [""])
            self.sapp.broadcast(WorkspaceChanged())

        self.app.run_worker(run(), name=f"{what} in {self.world.slug}", group="curation",
                            exit_on_error=False)  # fmt: skip

    @on(EngineCallDone)
    def _done(self, message: EngineCallDone) -> None:
        self.done.append(message)
        if message.what in ("profile",):
            self.load_card()
        preview = self.query_one(Preview)
        if preview.path is None:
            return
        if not preview.path.exists():  # moved or deleted: what it showed is gone
            preview.clear()
        elif message.what in ("edited", "edited_cell", "regenerated"):
            preview.show_path(preview.path)

    # -- actions -------------------------------------------------------------

    def action_new_file(self) -> None:
        folder = self._folder()
        prefix = f"{folder}/" if folder else ""

        def made(name: str | None) -> None:
            if name:
                self.apply("created", lambda e: e.new_file(prefix + name), prefix + name)

        self.app.push_screen(AskText(f"New file in /{folder}", placeholder="notes.md",
                                     check=_name_ok), made)  # fmt: skip

    def action_new_folder(self) -> None:
        folder = self._folder()
        prefix = f"{folder}/" if folder else ""

        def made(name: str | None) -> None:
            if name:
                self.apply("created_folder", lambda e: e.new_folder(prefix + name), prefix + name)

        self.app.push_screen(AskText(f"New folder in /{folder}", check=_name_ok), made)

    def action_rename(self) -> None:
        sel = self._selected()
        if not sel or not sel[0]:
            return
        rel = sel[0]
        parent = PurePosixPath(rel).parent

        def done(name: str | None) -> None:
            if name and name != PurePosixPath(rel).name:
                dest = str(parent / name) if str(parent) != "." else name
                self.apply("moved", lambda e: e.move(rel, dest), rel)

        self.app.push_screen(
            AskText(f"Rename {rel}", PurePosixPath(rel).name, check=_name_ok), done
        )

    def action_move(self) -> None:
        sel = self._selected()
        if not sel or not sel[0]:
            return
        rel = sel[0]
        name = PurePosixPath(rel).name

        def done(folder: str | None) -> None:
            if folder is not None:
                dest = f"{folder.strip('/')}/{name}" if folder.strip("/") else name
                if dest != rel:
                    self.apply("moved", lambda e: e.move(rel, dest), rel)

        self.app.push_screen(
            AskText(f"Move {name} to folder", str(PurePosixPath(rel).parent).replace(".", ""),
                    hint="a folder path inside the world", check=lambda t: None),
            done,
        )  # fmt: skip

    def action_delete(self) -> None:
        sel = self._selected()
        if not sel or not sel[0]:
            return
        rel = sel[0]

        def done(yes: bool | None) -> None:
            if yes:
                self.query_one(Preview).clear()
                self.apply("deleted", lambda e: e.delete(rel), rel)

        self.app.push_screen(Confirm(f"Move {rel} to the world's trash?", yes="Delete"), done)

    def action_edit(self) -> None:
        preview = self.query_one(Preview)
        shown = preview.shown
        if shown is None or self.editor is None:
            self.notify("Select a file first.", severity="warning")
            return
        rel = self.query_one(FileTree).rel(shown.path)
        if shown.kind == "xlsx":
            cell = preview.sheet.current_cell()
            if cell is None:
                self.notify("Put the cursor on a cell of the sheet.", severity="warning")
                return

            def cell_done(c: CellEdit | None) -> None:
                if c is not None:
                    self.apply(
                        "edited_cell", lambda e: e.edit_cell(rel, c.sheet, c.ref, c.value), rel
                    )

            self.app.push_screen(EditCell(rel, *cell), cell_done)
            return
        if shown.kind not in TEXT_KINDS:
            self.notify(f"A {shown.kind} file is not edited here; regenerate it (g) or replace it.",
                        severity="warning")  # fmt: skip
            return

        async def ask() -> None:
            text = await asyncio.to_thread(shown.path.read_text, encoding="utf-8", errors="replace")
            new = await self.app.push_screen_wait(EditFile(rel, text, LANGUAGES.get(kind_of(rel))))
            if new is not None:
                self.apply("edited", lambda e: e.write_text(rel, new), rel)

        self.app.run_worker(ask(), name="edit form", group="forms", exit_on_error=False)

    def _profile(self, tab: str) -> None:
        async def ask() -> None:
            assert self.editor is not None
            profile = await self.editor.load_profile()
            new = await self.app.push_screen_wait(EditProfile(profile, tab))
            if new is not None:
                self.apply("profile", lambda e: e.save_profile(new))

        self.app.run_worker(ask(), name="profile form", group="forms", exit_on_error=False)

    def action_profile(self) -> None:
        self._profile("profile")

    def action_collaborators(self) -> None:
        self._profile("collaborators")

    def action_regenerate(self) -> None:
        sel = self._selected()
        if sel and sel[0] and not sel[1]:
            rel = sel[0]
            self.notify(f"Regenerating {rel} with the model…", timeout=3)
            self.apply("regenerated", lambda e: e.regenerate(rel), rel)

    def action_import(self) -> None:
        folder = self._folder()

        def check(text: str) -> str | None:
            return None if text and Path(text).expanduser().exists() else "No such file or folder."

        def done(source: str | None) -> None:
            if source:
                self.apply("imported", lambda e: e.import_path(Path(source), folder))

        self.app.push_screen(
            AskText(f"Import into /{folder}", placeholder="~/Documents/report.docx",
                    hint="a file or folder on your disk", check=check),
            done,
        )  # fmt: skip

    def action_back(self) -> None:
        self.app.pop_screen()
