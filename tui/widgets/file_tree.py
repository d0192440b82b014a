"""The computer's files as a live tree, with a mark for who last changed each file.

A `DirectoryTree` with the engine's own folders (`.synthcomp/`, `.trash/`,
atomic-write temp files) filtered out. It never watches the disk itself: the
screen calls `files_changed` when the engine reports `file_changed` events
(the engine's watcher is the only one), and the affected folders are reloaded
in one coalesced pass.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import DirectoryTree
from textual.widgets._directory_tree import DirEntry
from textual.widgets._tree import TreeNode

from engine.computer import Sandbox, is_internal_rel
from tui.runlog import FileMark

RELOAD_DELAY = 0.15
SELECT_PATIENCE = 10.0  # seconds to keep walking to a file while its folders reload
_DRIVE = re.compile(r"^([A-Za-z]):[/\\]?(.*)$")
# Who changed a file -> (mark, component class).
_WHO = {"agent": ("A", "agent"), "user": ("U", "you"), "outside": ("O", "outside")}


class FileTree(DirectoryTree):
    """The files of one computer (a run's copy, or a world's seed folder)."""

    ICON_NODE_EXPANDED = "▾ "
    ICON_NODE = "▸ "
    ICON_FILE = "  "
    COMPONENT_CLASSES: ClassVar[set[str]] = DirectoryTree.COMPONENT_CLASSES | {
        "file-tree--agent",
        "file-tree--you",
        "file-tree--outside",
        "file-tree--collaborator",
        "file-tree--unseen",
    }
    DEFAULT_CSS = """
    FileTree > .file-tree--agent { color: $primary; }
    FileTree > .file-tree--you { color: $warning; }
    FileTree > .file-tree--outside { color: $error; }
    FileTree > .file-tree--collaborator { color: $success; }
    FileTree > .file-tree--unseen { text-style: bold; }
    """

    def __init__(
        self,
        path: str | Path,
        marks: Mapping[str, FileMark] | None = None,
        *,
        label: str = "computer",
        id: str | None = None,
    ) -> None:
        super().__init__(path, id=id)
        self.guide_depth = 2  # deep folders (C/Users/ana/Documents/...) in a narrow pane
        self.root_label = label
        self._sandbox: Sandbox | None = None
        self.root_path = Path(path).expanduser().resolve()
        self.marks: Mapping[str, FileMark] = marks if marks is not None else {}
        self._pending: set[str] = set()
        self._index: dict[str, str] | None = None
        self._index_len = 0
        self.reloads = 0

    # -- paths ---------------------------------------------------------------

    @property
    def sandbox(self) -> Sandbox | None:
        """The engine's path rules (drive volumes), once the world's profile is read."""
        return self._sandbox

    @sandbox.setter
    def sandbox(self, sandbox: Sandbox | None) -> None:
        self._sandbox = sandbox
        self._index = None  # agent-facing paths read differently now
        self._refresh_labels()

    def rel(self, path: Path) -> str:
        """A disk path inside the tree as a relative POSIX path ('' for the root)."""
        try:
            rel = path.relative_to(self.root_path).as_posix()
        except ValueError:
            return ""
        return "" if rel == "." else rel

    def to_rel(self, agent_path: str) -> str:
        """An agent-facing path (`Documents/a.docx`, `C:/Users/x/a.docx`) as relative POSIX."""
        if self.sandbox is not None:
            try:
                return self.sandbox.parse(agent_path, allow_root=True)
            except Exception:  # not a path of this computer: fall back to the plain reading
                pass
        m = _DRIVE.match(agent_path)
        if m and (self.root_path / m.group(1).upper()).is_dir():
            return str(PurePosixPath(m.group(1).upper(), m.group(2).replace("\\", "/")))
        return agent_path.replace("\\", "/").strip("/")

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not is_internal_rel(self.rel(p))]

    # -- marks ---------------------------------------------------------------

    def _rel_keys(self) -> dict[str, str]:
        """Root-relative path -> its key in `marks` (keys may be agent-facing: `C:/...`).

        Rebuilt when the marks change (`files_changed`, a new key), not per line drawn."""
        if self._index is None or len(self.marks) != self._index_len:
            self._index = {self.to_rel(key): key for key in list(self.marks)}
            self._index_len = len(self.marks)
        return self._index

    def mark_for(self, node: TreeNode[DirEntry]) -> FileMark | None:
        if node.data is None or not self.marks:
            return None
        rel = self.rel(node.data.path)
        mark = self.marks.get(rel)
        if mark is None:
            key = self._rel_keys().get(rel)
            mark = None if key is None else self.marks.get(key)
        return mark

    def render_label(self, node: TreeNode[DirEntry], base_style: Style, style: Style) -> Text:
        if node is self.root:
            return Text(self.root_label, style=style + Style(bold=True))
        label = super().render_label(node, base_style, style)
        mark = self.mark_for(node)
        if mark is None or not self.is_mounted:
            return label
        letter, cls = _WHO.get(mark.by, ("C", "collaborator"))
        tag_style = self.get_component_rich_style(f"file-tree--{cls}", partial=True)
        if not mark.seen:
            label.stylize(self.get_component_rich_style("file-tree--unseen", partial=True))
            label.append(f" •{mark.change[:3]}", tag_style)
        label.append(f" {letter}", tag_style)
        return label

    def look(self, path: Path) -> None:
        """The user has seen this file's latest change."""
        rel = self.rel(path)
        for key in (rel, self._rel_keys().get(rel)):
            mark = None if key is None else self.marks.get(key)
            if mark is not None and not mark.seen:
                mark.seen = True
                self._refresh_labels()

    def _refresh_labels(self) -> None:
        self._invalidate()

    # -- opening ----------------------------------------------------------

    def _populate_node(self, node: TreeNode[DirEntry], content: Iterable[Path]) -> None:
        """Fill a folder; a folder that is its parent's only entry opens too (C/Users/ana)."""
        super()._populate_node(node, content)
        if len(node.children) == 1 and node.children[0].allow_expand and node.is_expanded:
            node.children[0].expand()

    # -- live reload ---------------------------------------------------------

    def files_changed(self, paths: Iterable[str]) -> None:
        """Agent-facing paths changed: reload their folders soon, once for a burst."""
        self._index = None  # marks were added, moved or replaced
        was_idle = not self._pending
        for p in paths:
            rel = self.to_rel(p)
            self._pending.add(str(PurePosixPath(rel).parent) if "/" in rel else "")
        if was_idle and self._pending:
            self.set_timer(RELOAD_DELAY, self._reload_pending)
        self._refresh_labels()

    async def _reload_pending(self) -> None:
        folders, self._pending = self._pending, set()
        for folder in sorted(folders, key=len):
            node = self._deepest_loaded(folder)
            if node is not None:
                self.reloads += 1
                await self.reload_node(node)

    def _deepest_loaded(self, rel: str) -> TreeNode[DirEntry]:
        """The node of folder `rel`, or of its deepest ancestor already loaded."""
        node: TreeNode[DirEntry] = self.root
        if not rel or rel == ".":
            return node
        for part in PurePosixPath(rel).parts:
            child = next(
                (c for c in node.children if c.data is not None and c.data.path.name == part),
                None,
            )
            if child is None or child.data is None or not child.data.loaded:
                return node
            node = child
        return node

    async def select_path(self, agent_path: str) -> bool:
        """Expand the folders down to a file and put the cursor on it (False if it is not there).

        A folder still loading in the background is filled again when its listing
        arrives, which drops the nodes under it; so the walk is checked and tried again
        until the cursor stays on the file.
        """
        rel = self.to_rel(agent_path)
        target = self.root_path / rel
        # bounded by time, not by a count of tries: a loaded machine fills folders slowly
        deadline = asyncio.get_running_loop().time() + SELECT_PATIENCE
        while asyncio.get_running_loop().time() < deadline:
            async with self.lock:  # the loader fills folders under this lock: walk between fills
                node = await self._walk(rel)
            if node is None:
                return False
            _ = self._tree_lines  # lay the expanded folders out, so the node has its line
            self.move_cursor(node)
            await asyncio.sleep(0.02)
            current = self.cursor_node
            if current is node and current.data is not None and current.data.path == target:
                self.select_node(node)
                return True
        return False

    async def _walk(self, rel: str) -> TreeNode[DirEntry] | None:
        node: TreeNode[DirEntry] = self.root
        for part in PurePosixPath(rel).parts:
            if node.data is not None and (not node.data.loaded or not node.children):
                content = await self._load_directory(node).wait()
                node.data.loaded = True
                self._populate_node(node, content)
            node.expand()
            child = next(
                (c for c in node.children if c.data is not None and c.data.path.name == part),
                None,
            )
            if child is None:
                return None
            node = child
        return node
