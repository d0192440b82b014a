"""One synthetic computer: a root folder an agent works in, through sandboxed async operations.

Every public method is async and runs its disk work in a worker thread
(`asyncio.to_thread`), because the engine shares its event loop with the UI.
Every path goes through the `Sandbox`; every path handed back is the
agent-facing one (relative POSIX, or `C:/...` when the computer has volumes).
Deleting moves to the computer's own `.trash/`, from which it can be restored.
"""

from __future__ import annotations

import asyncio
import fnmatch
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.computer.fsutil import (
    DIR_STATE,
    HashCache,
    SelfWriteLog,
    file_state,
    tmp_name,
    to_ns,
    walk,
)
from engine.computer.models import Entry, TextHit, TextSearchResult, TrashItem, Unreadable
from engine.computer.sandbox import (
    STATE_DIR,
    TMP_PREFIX,
    TRASH_DIR,
    Resolved,
    Sandbox,
    is_internal_rel,
    legal_name,
)
from engine.errors import FormatError, NotFound, PathConflict

if TYPE_CHECKING:
    from engine.computer.formats import Extract
    from engine.computer.models import SnapshotDiff
    from engine.computer.watcher import Watcher
    from engine.schema.snapshot import BlobStore, Manifest

FOLDER = "folder"
_TRASH_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{6}\Z")
# Text kinds are read directly by search; anything else goes through formats.extract.
_DIRECT_TEXT_LIMIT = 4 * 1024 * 1024
_EXTRACT_MAX_CHARS = 200_000
_EXTRACT_CACHE_SIZE = 256  # extracted texts of office/pdf files kept for repeated searches
# Kinds whose text a search expects to find; a failure to read one is reported.
_DOCUMENT_KINDS = frozenset({"docx", "xlsx", "pptx", "pdf", "eml"})


def _kind_of(name: str) -> str:
    try:
        from engine.computer.formats import kind_of
    except ImportError:  # formats not installed yet: the extension alone
        suffix = os.path.splitext(name)[1].lower().lstrip(".")
        return suffix or "binary"
    return kind_of(name)


def _text_kinds() -> frozenset[str]:
    try:
        from engine.computer.formats import TEXT_KINDS
    except ImportError:
        return frozenset({"txt", "md", "csv", "json", "py"})
    return TEXT_KINDS


def _mtime_ns(mtime: float | datetime | None) -> int | None:
    if mtime is None:
        return None
    if isinstance(mtime, datetime):
        return to_ns(mtime.timestamp())
    return to_ns(float(mtime))


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


class Computer:
    """A synthetic computer's root folder. `Computer(root, volumes={"C": "C"})` maps `C:/...`
    to `<root>/C/...`; without volumes, paths are relative to the root."""

    def __init__(self, root: str | os.PathLike[str], volumes: Mapping[str, str] | None = None):
        self._sb = Sandbox(root, volumes)
        self.root: Path = self._sb.root
        self._own = SelfWriteLog()
        self._hashes = HashCache()
        self._extracts: OrderedDict[str, tuple[tuple[int, int], str | None, str | None]] = (
            OrderedDict()
        )
        self._extracts_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Computer({str(self.root)!r}, volumes={self._sb.volumes or None})"

    # -- paths ------------------------------------------------------------------

    @property
    def sandbox(self) -> Sandbox:
        return self._sb

    @property
    def volumes(self) -> dict[str, str]:
        return dict(self._sb.volumes)

    @property
    def state_dir(self) -> Path:
        """`<root>/.synthcomp`: the engine's own files about this computer (never shown to agents)."""
        return self.root / STATE_DIR

    def resolve(self, path: str | os.PathLike[str], *, allow_root: bool = False) -> Resolved:
        """Check an agent's path (cheap: lexical, plus one lstat per component)."""
        return self._sb.resolve(path, allow_root=allow_root)

    def display(self, rel: str) -> str:
        """The agent-facing form of a root-relative POSIX path."""
        return self._sb.display(rel)

    def agent_path(self, path: str | os.PathLike[str]) -> str:
        """The agent-facing form of any legal path (`Documents\\a.txt` -> `Documents/a.txt`)."""
        return self._sb.display(self._sb.parse(path, allow_root=True))

    # -- reading ----------------------------------------------------------------

    async def exists(self, path: str | os.PathLike[str]) -> bool:
        return await asyncio.to_thread(
            lambda: os.path.exists(self.resolve(path, allow_root=True).abs)
        )

    async def info(self, path: str | os.PathLike[str]) -> Entry:
        return await asyncio.to_thread(lambda: self._info(self.resolve(path, allow_root=True)))

    async def list(
        self,
        dir: str | os.PathLike[str] = ".",
        recursive: bool = False,
        *,
        limit: int | None = None,
    ) -> list[Entry]:
        """The folder's entries (folders first, then files, by name); recursive lists depth-first."""
        return await asyncio.to_thread(
            lambda: self._list(self.resolve(dir, allow_root=True), recursive, limit)
        )

    async def tree(
        self, max_depth: int = 3, dir: str | os.PathLike[str] = ".", *, max_entries: int = 50
    ) -> str:
        """An indented text tree of the folder, `max_depth` levels deep, long folders shortened."""
        return await asyncio.to_thread(
            lambda: self._tree(self.resolve(dir, allow_root=True), max_depth, max_entries)
        )

    async def read_bytes(
        self, path: str | os.PathLike[str], *, max_bytes: int | None = None
    ) -> bytes:
        return await asyncio.to_thread(lambda: self._read_bytes(self.resolve(path), max_bytes))

    async def read_text(self, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> str:
        """The file decoded as text (a UTF-8 byte-order mark is dropped); FormatError if it is not."""
        return await asyncio.to_thread(lambda: self._read_text(self.resolve(path), encoding))

    async def extract_text(
        self, path: str | os.PathLike[str], *, max_chars: int = _EXTRACT_MAX_CHARS
    ) -> Extract:
        """Any file read as text by `engine.computer.formats.extract` (docx, xlsx, pdf, text...)."""
        return await asyncio.to_thread(lambda: self._extract(self.resolve(path), max_chars))

    # -- writing ----------------------------------------------------------------

    async def write_bytes(
        self, path: str | os.PathLike[str], data: bytes, *, mtime: float | datetime | None = None
    ) -> Entry:
        """Write atomically (temp file + rename), creating parent folders; `mtime` (epoch seconds
        or a datetime, naive meaning local time) sets the modification time."""
        data, ns = bytes(data), _mtime_ns(mtime)
        return await asyncio.to_thread(lambda: self._write(self.resolve(path), data, ns))

    async def write_text(
        self,
        path: str | os.PathLike[str],
        text: str,
        *,
        mtime: float | datetime | None = None,
        encoding: str = "utf-8",
    ) -> Entry:
        return await self.write_bytes(path, text.encode(encoding), mtime=mtime)

    async def mkdir(self, path: str | os.PathLike[str]) -> Entry:
        """Create the folder and its parents; an existing folder is fine."""
        return await asyncio.to_thread(lambda: self._mkdir(self.resolve(path)))

    async def move(
        self, src: str | os.PathLike[str], dest: str | os.PathLike[str], *, overwrite: bool = False
    ) -> Entry:
        """Move or rename. Onto an existing folder, `src` goes inside it (as `mv` does)."""
        return await asyncio.to_thread(
            lambda: self._move_or_copy(self.resolve(src), self.resolve(dest), overwrite, False)
        )

    async def copy(
        self, src: str | os.PathLike[str], dest: str | os.PathLike[str], *, overwrite: bool = False
    ) -> Entry:
        """Copy a file (keeping its mtime) or a folder. Onto an existing folder, into it."""
        return await asyncio.to_thread(
            lambda: self._move_or_copy(self.resolve(src), self.resolve(dest), overwrite, True)
        )

    async def delete(self, path: str | os.PathLike[str]) -> TrashItem:
        """Move the file or folder to the computer's trash; `restore_from_trash` brings it back."""
        return await asyncio.to_thread(lambda: self._delete(self.resolve(path)))

    async def list_trash(self) -> list[TrashItem]:
        """What is in the trash, newest first."""
        return await asyncio.to_thread(self._list_trash)

    async def restore_from_trash(
        self, trash_id: str, *, to: str | os.PathLike[str] | None = None
    ) -> Entry:
        """Put a trashed item back where it was (or at `to`); PathConflict if that path is taken."""
        return await asyncio.to_thread(
            lambda: self._restore_trash(trash_id, self.resolve(to) if to is not None else None)
        )

    async def empty_trash(self) -> int:
        """Delete everything in the trash for good; returns how many items went."""
        return await asyncio.to_thread(self._empty_trash)

    # -- searching --------------------------------------------------------------

    async def search_names(
        self, pattern: str, *, limit: int = 200, dir: str | os.PathLike[str] = "."
    ) -> list[Entry]:
        """Files and folders whose name matches, case-insensitively: a glob (`*.docx`,
        `budget_v?.xlsx`) or a substring. A pattern with `/` is matched against the whole path."""
        return await asyncio.to_thread(
            lambda: self._search_names(pattern, limit, self.resolve(dir, allow_root=True))
        )

    async def search_text(
        self, query: str, limit: int = 20, *, dir: str | os.PathLike[str] = "."
    ) -> TextSearchResult:
        """Files of every kind whose text contains `query` (case- and whitespace-insensitive)."""
        return await asyncio.to_thread(
            lambda: self._search_text(query, limit, self.resolve(dir, allow_root=True))
        )

    # -- snapshots and watching -------------------------------------------------

    async def snapshot(self, blobs: BlobStore) -> Manifest:
        """Hash the tree, store the blobs the store lacks, return the manifest."""
        from engine.computer.snapshot import take_snapshot

        return await take_snapshot(self, blobs)

    async def restore(self, manifest: Manifest, blobs: BlobStore) -> SnapshotDiff:
        """Make the tree equal to `manifest` (internal areas untouched); returns what changed."""
        from engine.computer.snapshot import restore_snapshot

        return await restore_snapshot(self, manifest, blobs)

    def watch(self, *, debounce: float = 0.15, max_delay: float = 1.0) -> Watcher:
        """A watcher of changes made by anyone but this computer's own methods.
        Use `async with computer.watch() as changes: ...` or `await w.start()` / `await w.stop()`."""
        from engine.computer.watcher import Watcher

        return Watcher(self, debounce=debounce, max_delay=max_delay)

    # == blocking internals =====================================================

    def _entry(self, rel: str, st: os.stat_result) -> Entry:
        is_dir = stat.S_ISDIR(st.st_mode)
        name = rel.rsplit("/", 1)[-1] if rel else ""
        return Entry(
            path=self.display(rel),
            name=name or self.display(rel),
            kind=FOLDER if is_dir else _kind_of(name),
            size=0 if is_dir else st.st_size,
            mtime=st.st_mtime,
            is_dir=is_dir,
        )

    def _stat(self, r: Resolved) -> os.stat_result:
        try:
            return os.stat(r.abs)
        except (FileNotFoundError, NotADirectoryError):
            raise NotFound(
                f"There is no file or folder at '{self.display(r.rel)}'; list its folder to see what is there."
            ) from None

    def _info(self, r: Resolved) -> Entry:
        return self._entry(r.rel, self._stat(r))

    def _followable(self, rel: str, abs_path: str) -> os.stat_result | None:
        """The stat of a symlink's target if it stays inside, outside internal areas, and exists."""
        target = self._sb.rel_of(os.path.realpath(abs_path))
        if target is None or is_internal_rel(target):
            return None
        try:
            return os.stat(abs_path)
        except OSError:
            return None

    def _list(self, r: Resolved, recursive: bool, limit: int | None) -> list[Entry]:
        st = self._stat(r)
        if not stat.S_ISDIR(st.st_mode):
            raise PathConflict(
                f"'{self.display(r.rel)}' is a file, not a folder; list its parent folder."
            )
        out: list[Entry] = []
        if not recursive:
            items: list[tuple[str, os.stat_result]] = []
            with os.scandir(r.abs) as it:
                for e in it:
                    rel = f"{r.rel}/{e.name}" if r.rel else e.name
                    if is_internal_rel(rel) or not legal_name(e.name):
                        continue
                    try:
                        est = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISLNK(est.st_mode):
                        followed = self._followable(rel, e.path)
                        if followed is None:
                            continue
                        est = followed
                    items.append((rel, est))
            items.sort(key=lambda t: (not stat.S_ISDIR(t[1].st_mode), _fold(t[0]), t[0]))
            out = [self._entry(rel, est) for rel, est in items]
            return out[:limit] if limit is not None else out
        for found in walk(self._sb, r.rel):
            est = found.st
            if found.is_link:
                followed = self._followable(found.rel, found.abs)
                if followed is None:
                    continue
                est = followed
            out.append(self._entry(found.rel, est))
            if limit is not None and len(out) >= limit:
                break
        return out

    def _tree(self, r: Resolved, max_depth: int, max_entries: int) -> str:
        st = self._stat(r)
        if not stat.S_ISDIR(st.st_mode):
            return self.display(r.rel)
        lines = [self.display(r.rel) if r.rel else "./"]

        def children(rel: str) -> list[Entry]:
            return self._list(Resolved(rel, self.root / rel if rel else self.root), False, None)

        def draw(rel: str, prefix: str, depth: int) -> None:
            kids = children(rel)
            shown = kids[:max_entries]
            more = len(kids) - len(shown)
            for i, e in enumerate(shown):
                last = i == len(shown) - 1 and not more
                branch = "└── " if last else "├── "
                child_rel = f"{rel}/{e.name}" if rel else e.name
                if e.is_dir:
                    if depth >= max_depth:
                        n = len(children(child_rel))
                        lines.append(f"{prefix}{branch}{e.name}/ ({n} item{'s' if n != 1 else ''})")
                    else:
                        lines.append(f"{prefix}{branch}{e.name}/")
                        draw(child_rel, prefix + ("    " if last else "│   "), depth + 1)
                else:
                    lines.append(f"{prefix}{branch}{e.name}")
            if more:
                lines.append(f"{prefix}└── … {more} more")

        if max_depth >= 1:
            draw(r.rel, "", 1)
        return "\n".join(lines)

    def _read_bytes(self, r: Resolved, max_bytes: int | None) -> bytes:
        shown = self.display(r.rel)
        try:
            with open(r.abs, "rb") as f:
                return f.read() if max_bytes is None else f.read(max_bytes)
        except (FileNotFoundError, NotADirectoryError):
            raise NotFound(
                f"There is no file at '{shown}'; list its folder to see what is there."
            ) from None
        except IsADirectoryError:
            raise PathConflict(
                f"'{shown}' is a folder, not a file; list it to see its files."
            ) from None

    def _read_text(self, r: Resolved, encoding: str) -> str:
        data = self._read_bytes(r, None)
        try:
            return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise FormatError(
                f"'{self.display(r.rel)}' is not {encoding} text (its kind is {_kind_of(r.name)}); "
                "read it with extract_text instead."
            ) from exc

    def _extract(self, r: Resolved, max_chars: int) -> Extract:
        from engine.computer.formats import extract

        st = self._stat(r)
        if stat.S_ISDIR(st.st_mode):
            raise PathConflict(
                f"'{self.display(r.rel)}' is a folder, not a file; list it to see its files."
            )
        result = extract(r.abs, max_chars=max_chars)
        update: dict[str, Any] = {"path": self.display(r.rel)}
        if result.error:
            update["error"] = result.error.replace(f"{self.root}/", "")
        return result.model_copy(update=update)

    # -- writing ---------------------------------------------------------------

    def _ensure_dir(self, rel: str) -> None:
        """Create the folder `rel` and its missing parents, recording each as the computer's own."""
        if not rel:
            os.makedirs(self.root, exist_ok=True)
            return
        os.makedirs(self.root, exist_ok=True)
        cur = str(self.root)
        done = []
        for comp in rel.split("/"):
            done.append(comp)
            cur = f"{cur}/{comp}"
            try:
                os.mkdir(cur)
            except FileExistsError:
                if not os.path.isdir(cur):
                    raise PathConflict(
                        f"'{self.display('/'.join(done))}' is a file, so it cannot hold "
                        f"'{self.display(rel)}'; choose another folder."
                    ) from None
                continue
            except NotADirectoryError:
                raise PathConflict(
                    f"A file in the way means '{self.display(rel)}' cannot be a folder; choose another folder."
                ) from None
            self._own.note("/".join(done), DIR_STATE)

    def _write(
        self, r: Resolved, data: bytes, mtime_ns: int | None, mode: int | None = None
    ) -> Entry:
        parent = r.rel.rsplit("/", 1)[0] if "/" in r.rel else ""
        self._ensure_dir(parent)
        if os.path.isdir(r.abs) and not os.path.islink(r.abs):
            raise PathConflict(
                f"'{self.display(r.rel)}' is a folder; choose a file name inside it."
            )
        if mode is None:
            try:
                mode = stat.S_IMODE(os.stat(r.abs).st_mode)
            except OSError:
                mode = None
        tmp = f"{r.abs.parent}/{tmp_name()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        try:
            try:
                view = memoryview(data)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                if mode is not None:
                    os.fchmod(fd, mode)
                os.fsync(fd)
            finally:
                os.close(fd)
            if mtime_ns is not None:
                os.utime(tmp, ns=(mtime_ns, mtime_ns))
            # rename keeps size, mtime and inode: record the state before anyone can see it
            self._own.note(r.rel, file_state(os.stat(tmp)))
            os.replace(tmp, r.abs)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        st = os.stat(r.abs)
        self._hashes.put(r.rel, st, hashlib.sha256(data).hexdigest())
        return self._entry(r.rel, st)

    def _mkdir(self, r: Resolved) -> Entry:
        self._ensure_dir(r.rel)
        return self._entry(r.rel, os.stat(r.abs))

    def _move_or_copy(self, s: Resolved, d: Resolved, overwrite: bool, copy: bool) -> Entry:
        verb = "copy" if copy else "move"
        src_st = self._stat(s)
        src_is_dir = stat.S_ISDIR(src_st.st_mode)
        if os.path.isdir(d.abs) and d.rel != s.rel:
            rel = f"{d.rel}/{s.name}" if d.rel else s.name
            d = self._sb.resolve(rel)
        if d.rel == s.rel:
            if copy:
                raise PathConflict(
                    f"Cannot copy '{self.display(s.rel)}' onto itself; give another name."
                )
            return self._entry(s.rel, src_st)
        if src_is_dir and (d.rel + "/").startswith(s.rel + "/"):
            raise PathConflict(
                f"Cannot {verb} the folder '{self.display(s.rel)}' into itself; choose a folder outside it."
            )
        if os.path.lexists(d.abs):
            if not overwrite or os.path.isdir(d.abs) or src_is_dir:
                raise PathConflict(
                    f"'{self.display(d.rel)}' already exists; choose another name"
                    + (" or pass overwrite=True." if not src_is_dir else ".")
                )
        parent = d.rel.rsplit("/", 1)[0] if "/" in d.rel else ""
        self._ensure_dir(parent)
        if copy and not src_is_dir:
            data = self._read_bytes(s, None)
            return self._write(d, data, src_st.st_mtime_ns, stat.S_IMODE(src_st.st_mode))
        if copy:
            tmp = f"{d.abs.parent}/{tmp_name()}"
            try:
                shutil.copytree(
                    s.abs,
                    tmp,
                    symlinks=True,
                    ignore=lambda _dir, names: [n for n in names if n.startswith(TMP_PREFIX)],
                )
                os.rename(tmp, d.abs)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        else:
            os.replace(s.abs, d.abs) if overwrite else os.rename(s.abs, d.abs)
            self._own.note(s.rel, None)
        self._own.note_tree(self._sb, d.rel)
        return self._entry(d.rel, os.stat(d.abs))

    # -- trash -------------------------------------------------------------------

    @property
    def _trash(self) -> Path:
        return self.root / TRASH_DIR

    def _delete(self, r: Resolved) -> TrashItem:
        try:
            st = os.lstat(r.abs)
        except (FileNotFoundError, NotADirectoryError):
            raise NotFound(
                f"There is no file or folder at '{self.display(r.rel)}' to delete; list its folder to see what is there."
            ) from None
        is_dir = stat.S_ISDIR(st.st_mode)
        size = (
            sum(f.st.st_size for f in walk(self._sb, r.rel, include_dirs=False) if not f.is_link)
            if is_dir
            else st.st_size
        )
        now = datetime.now(UTC)
        trash_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        item = TrashItem(
            trash_id=trash_id,
            original_path=self.display(r.rel),
            deleted_at=now,
            is_dir=is_dir,
            size=size,
        )
        record = {"rel": r.rel, "name": r.name, **item.model_dump(mode="json")}
        os.makedirs(self._trash / trash_id, exist_ok=False)
        rec_path = self._trash / f"{trash_id}.json"
        try:
            tmp = self._trash / tmp_name()
            tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, rec_path)
            os.rename(r.abs, self._trash / trash_id / r.name)
        except BaseException:
            rec_path.unlink(missing_ok=True)
            shutil.rmtree(self._trash / trash_id, ignore_errors=True)
            raise
        self._own.note(r.rel, None)
        return item

    def _load_trash(self, trash_id: str) -> tuple[dict[str, Any], Path]:
        rec_path = self._trash / f"{trash_id}.json"
        if not _TRASH_ID.match(trash_id) or not rec_path.is_file():
            raise NotFound(
                f"There is no item {trash_id!r} in the trash; list_trash shows what is there."
            )
        record = json.loads(rec_path.read_text(encoding="utf-8"))
        return record, self._trash / trash_id / record["name"]

    def _list_trash(self) -> list[TrashItem]:
        if not self._trash.is_dir():
            return []
        items = []
        for p in self._trash.glob("*.json"):
            if not _TRASH_ID.match(p.stem):
                continue
            try:
                record = json.loads(p.read_text(encoding="utf-8"))
                if not os.path.lexists(self._trash / p.stem / record["name"]):
                    continue
                items.append(TrashItem.model_validate(record))
            except (OSError, ValueError, KeyError):
                continue
        items.sort(key=lambda t: (t.deleted_at, t.trash_id), reverse=True)
        return items

    def _restore_trash(self, trash_id: str, dest: Resolved | None) -> Entry:
        record, item = self._load_trash(trash_id)
        if not os.path.lexists(item):
            raise NotFound(
                f"The trash item {trash_id!r} has lost its contents and cannot be restored."
            )
        if dest is None:
            dest = self._sb.resolve(record["rel"])
        if os.path.lexists(dest.abs):
            raise PathConflict(
                f"'{self.display(dest.rel)}' already exists; move it away or restore the item to another path."
            )
        parent = dest.rel.rsplit("/", 1)[0] if "/" in dest.rel else ""
        self._ensure_dir(parent)
        os.rename(item, dest.abs)
        (self._trash / f"{trash_id}.json").unlink(missing_ok=True)
        shutil.rmtree(self._trash / trash_id, ignore_errors=True)
        self._own.note_tree(self._sb, dest.rel)
        return self._entry(dest.rel, os.stat(dest.abs))

    def _empty_trash(self) -> int:
        if not self._trash.is_dir():
            return 0
        n = 0
        for p in list(self._trash.iterdir()):
            if p.suffix == ".json" and _TRASH_ID.match(p.stem):
                n += 1
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
        return n

    # -- search ------------------------------------------------------------------

    def _search_names(self, pattern: str, limit: int, r: Resolved) -> list[Entry]:
        pat = _fold(pattern.strip().replace("\\", "/"))
        if not pat:
            return []
        self._stat(r)
        on_path = "/" in pat
        is_glob = any(c in pat for c in "*?[")
        out: list[Entry] = []
        for found in walk(self._sb, r.rel):
            name = found.rel.rsplit("/", 1)[-1]
            subject = _fold(self.display(found.rel) if on_path else name)
            hit = fnmatch.fnmatchcase(subject, pat) if is_glob else pat in subject
            if not hit:
                continue
            est = found.st
            if found.is_link:
                followed = self._followable(found.rel, found.abs)
                if followed is None:
                    continue
                est = followed
            out.append(self._entry(found.rel, est))
            if len(out) >= limit:
                break
        return out

    def _text_of(
        self, rel: str, abs_path: str, st: os.stat_result, kind: str
    ) -> tuple[str | None, str | None]:
        """(text, error) for one file; text kinds read directly, others through formats.extract."""
        if kind in _text_kinds():
            with open(abs_path, "rb") as f:
                data = f.read(_DIRECT_TEXT_LIMIT)
            if b"\x00" in data[:8192]:
                return None, None
            return data.decode("utf-8", errors="replace"), None
        key = (st.st_size, st.st_mtime_ns)
        with self._extracts_lock:
            hit = self._extracts.get(rel)
            if hit is not None and hit[0] == key:
                self._extracts.move_to_end(rel)
                return hit[1], hit[2]
        from engine.computer.formats import extract

        result = extract(abs_path, max_chars=_EXTRACT_MAX_CHARS)
        text, error = (result.text or None), result.error
        if error:
            error = error.replace(f"{self.root}/", "")
        with self._extracts_lock:
            self._extracts[rel] = (key, text, error)
            while len(self._extracts) > _EXTRACT_CACHE_SIZE:
                self._extracts.popitem(last=False)
        return text, error

    def _search_text(self, query: str, limit: int, r: Resolved) -> TextSearchResult:
        q = _norm_ws(query).lower()
        result = TextSearchResult(query=query)
        if not q or limit <= 0:
            return result
        self._stat(r)
        for found in walk(self._sb, r.rel, include_dirs=False):
            if found.is_link or found.st.st_size == 0 or not stat.S_ISREG(found.st.st_mode):
                continue
            if len(result.hits) >= limit:
                result.truncated = True
                break
            kind = _kind_of(found.rel.rsplit("/", 1)[-1])
            result.files_scanned += 1
            try:
                text, error = self._text_of(found.rel, found.abs, found.st, kind)
            except OSError as exc:
                text, error = None, exc.strerror or type(exc).__name__
            if error and kind in _DOCUMENT_KINDS:
                result.unreadable.append(Unreadable(path=self.display(found.rel), error=error))
            if not text:
                continue
            norm = _norm_ws(text)
            low = norm.lower()
            source = norm if len(low) == len(norm) else low
            count = low.count(q)
            if not count:
                continue
            snippets = []
            pos = low.find(q)
            while pos != -1 and len(snippets) < 3:
                a, b = max(0, pos - 80), min(len(source), pos + len(q) + 80)
                snippets.append(("…" if a else "") + source[a:b] + ("…" if b < len(source) else ""))
                pos = low.find(q, b)
            result.hits.append(
                TextHit(path=self.display(found.rel), kind=kind, matches=count, snippets=snippets)
            )
        return result
