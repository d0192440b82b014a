"""Blocking helpers shared by the computer's operations, snapshots and watcher.

Everything here is synchronous and meant to run in a worker thread
(`asyncio.to_thread`): walking the tree, atomic writes, the record of the
computer's own writes (so the watcher does not report them) and the stat cache
of content hashes (so an unchanged tree is not hashed twice).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from engine.computer.sandbox import TMP_PREFIX, Sandbox, is_internal_rel, legal_name

# What the watcher compares: a file's (size, mtime_ns, inode), or that a folder is there.
State = tuple[str, int, int, int] | tuple[str]
DIR_STATE: State = ("d",)
CHUNK = 1 << 20


def file_state(st: os.stat_result) -> State:
    if stat.S_ISDIR(st.st_mode):
        return DIR_STATE
    return ("f", st.st_size, st.st_mtime_ns, st.st_ino)


def state_at(path: str) -> State | None:
    """The state of what is at `path` (not following a final symlink), None if nothing is."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return ("l",)
    return file_state(st)


def cache_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What must be unchanged for a cached hash to still hold (ctime catches a reset mtime)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def to_ns(mtime: float) -> int:
    return round(mtime * 1_000_000_000)


@dataclass(frozen=True, slots=True)
class Found:
    rel: str
    abs: str
    st: os.stat_result  # lstat: a symlink is reported as one, never followed
    is_dir: bool
    is_link: bool


def walk(sandbox: Sandbox, start_rel: str = "", *, include_dirs: bool = True) -> Iterator[Found]:
    """Every entry under `start_rel`, depth-first (a folder, then what is in it), folders before
    files and names in case-insensitive order; internal areas and atomic-write temp files are
    skipped and symlinked folders never entered."""
    base = f"{sandbox.root}/{start_rel}" if start_rel else str(sandbox.root)
    stack: list[Iterator[Found]] = [_children(start_rel, base)]
    while stack:
        found = next(stack[-1], None)
        if found is None:
            stack.pop()
            continue
        if found.is_dir:
            if include_dirs:
                yield found
            stack.append(_children(found.rel, found.abs))
        else:
            yield found


def _children(rel_dir: str, abs_dir: str) -> Iterator[Found]:
    try:
        with os.scandir(abs_dir) as it:
            items = list(it)
    except OSError:
        return iter(())
    out: list[Found] = []
    for e in items:
        rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
        if is_internal_rel(rel) or not legal_name(e.name):
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        out.append(Found(rel, e.path, st, is_dir, stat.S_ISLNK(st.st_mode)))
    out.sort(key=lambda f: (not f.is_dir, _name_key(f.rel)))
    return iter(out)


def _name_key(rel: str) -> tuple[str, str]:
    name = rel.rsplit("/", 1)[-1]
    return (unicodedata.normalize("NFC", name).casefold(), name)


def sha256_file(path: str) -> tuple[str, os.stat_result]:
    """The content hash of a file and its stat at that moment (re-read if it changed meanwhile)."""
    for _ in range(3):
        with open(path, "rb") as f:
            before = os.fstat(f.fileno())
            digest = hashlib.file_digest(f, "sha256").hexdigest()
            after = os.fstat(f.fileno())
        if cache_key(before) == cache_key(after):
            return digest, after
    return digest, after


def tmp_name() -> str:
    return f"{TMP_PREFIX}{secrets.token_hex(6)}"


class SelfWriteLog:
    """What the computer itself last made of each path, for a short while.

    The watcher asks `is_own(rel, state)` before reporting a change: if the
    computer's own last write left exactly this state (same size, mtime and
    inode; or nothing, after its own delete of the path or of a parent
    folder), the change is its own and is not reported.
    """

    TTL = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rec: dict[str, tuple[float, State | None]] = {}
        self._since_prune = 0

    def note(self, rel: str, state: State | None) -> None:
        now = time.monotonic()
        with self._lock:
            self._rec[rel] = (now, state)
            self._since_prune += 1
            if self._since_prune > 256:
                self._since_prune = 0
                cutoff = now - self.TTL
                self._rec = {k: v for k, v in self._rec.items() if v[0] >= cutoff}

    def note_tree(self, sandbox: Sandbox, rel: str) -> None:
        """Record the current state of `rel` and of everything under it."""
        path = f"{sandbox.root}/{rel}"
        self.note(rel, state_at(path))
        if os.path.isdir(path) and not os.path.islink(path):
            for found in walk(sandbox, rel):
                self.note(found.rel, ("l",) if found.is_link else file_state(found.st))

    def is_own(self, rel: str, state: State | None) -> bool:
        cutoff = time.monotonic() - self.TTL
        with self._lock:
            rec = self._rec.get(rel)
            if rec is not None and rec[0] >= cutoff and rec[1] == state:
                return True
            if state is None:
                p = rel
                while "/" in p:
                    p = p.rsplit("/", 1)[0]
                    rec = self._rec.get(p)
                    if rec is not None and rec[0] >= cutoff and rec[1] is None:
                        return True
        return False


class HashCache:
    """(path, size, mtime_ns, ctime_ns, inode) -> sha256, so unchanged files are not re-hashed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._d: dict[str, tuple[tuple[int, int, int, int], str]] = {}

    def get(self, rel: str, st: os.stat_result) -> str | None:
        with self._lock:
            hit = self._d.get(rel)
        if hit is not None and hit[0] == cache_key(st):
            return hit[1]
        return None

    def put(self, rel: str, st: os.stat_result, sha: str) -> None:
        with self._lock:
            self._d[rel] = (cache_key(st), sha)

    def retain(self, rels: set[str]) -> None:
        with self._lock:
            self._d = {k: v for k, v in self._d.items() if k in rels}

    def __len__(self) -> int:
        return len(self._d)
