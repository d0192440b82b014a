"""Snapshots of a computer's tree into a content-addressed blob store, and restores from them.

`take_snapshot` hashes every file (in a thread; internal areas and symlinks
skipped), asks the store which blobs it already has, uploads only the others
and returns the `Manifest`. A stat cache (path, size, mtime_ns, ctime_ns,
inode -> sha256) on the `Computer` means an unchanged tree is not re-hashed.

`restore_snapshot` makes the tree equal to a manifest: it checks first that the
store holds every blob it needs (so a restore never stops half way for a
missing blob), removes files the manifest lacks and the folders that this
empties, writes missing and changed files atomically, and puts every mtime
back. `.synthcomp/` and `.trash/` are left alone.

A manifest has no entries for folders: an empty folder is neither recorded
nor, unless a restore emptied it, removed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import stat
from typing import TYPE_CHECKING

from engine.computer.fsutil import file_state, sha256_file, to_ns, walk
from engine.computer.models import SnapshotDiff
from engine.errors import PathOutsideComputer, StoreError
from engine.schema.snapshot import BlobStore, FileEntry, Manifest

if TYPE_CHECKING:
    from engine.computer.computer import Computer

UPLOAD_BATCH_BYTES = 32 * 1024 * 1024
MTIME_TOLERANCE = 1e-6


def diff(a: Manifest, b: Manifest) -> SnapshotDiff:
    """What changed from `a` to `b`: paths added, whose content changed, and removed."""
    fa, fb = a.files, b.files
    return SnapshotDiff(
        added=sorted(p for p in fb if p not in fa),
        changed=sorted(p for p in fb if p in fa and fa[p].sha256 != fb[p].sha256),
        removed=sorted(p for p in fa if p not in fb),
    )


def scan_tree(computer: Computer) -> tuple[dict[str, FileEntry], list[str]]:
    """Every regular file's entry (hashing only what the stat cache cannot vouch for), and the
    paths of symlinks and special files, which a snapshot does not hold."""
    cache = computer._hashes
    files: dict[str, FileEntry] = {}
    others: list[str] = []
    for found in walk(computer.sandbox, include_dirs=False):
        if found.is_link or not stat.S_ISREG(found.st.st_mode):
            others.append(found.rel)
            continue
        st = found.st
        sha = cache.get(found.rel, st)
        if sha is None:
            try:
                sha, st = sha256_file(found.abs)
            except FileNotFoundError:
                continue
            cache.put(found.rel, st, sha)
        files[found.rel] = FileEntry(sha256=sha, size=st.st_size, mtime=st.st_mtime_ns / 1e9)
    cache.retain(set(files))
    return files, others


def _read_missing(
    computer: Computer, wanted: list[tuple[str, list[str]]]
) -> tuple[dict[str, bytes], dict[str, FileEntry | None]]:
    """Read the content of each wanted blob from one of the files that has it. A file changed
    since it was hashed gets a new entry (and its new content is stored instead)."""
    blobs: dict[str, bytes] = {}
    updated: dict[str, FileEntry | None] = {}
    for sha, rels in wanted:
        for rel in rels:
            try:
                with open(computer.root / rel, "rb") as f:
                    data = f.read()
                    st = os.fstat(f.fileno())
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                updated[rel] = None
                continue
            got = hashlib.sha256(data).hexdigest()
            blobs[got] = data
            if got == sha:
                break
            updated[rel] = FileEntry(sha256=got, size=len(data), mtime=st.st_mtime_ns / 1e9)
            computer._hashes.put(rel, st, got)
    return blobs, updated


async def take_snapshot(
    computer: Computer, blobs: BlobStore, *, batch_bytes: int = UPLOAD_BATCH_BYTES
) -> Manifest:
    files, _others = await asyncio.to_thread(scan_tree, computer)
    shas = sorted({e.sha256 for e in files.values()})
    have = await blobs.has_many(shas) if shas else set()
    missing: dict[str, list[str]] = {}
    for rel, e in sorted(files.items()):
        if e.sha256 not in have:
            missing.setdefault(e.sha256, []).append(rel)
    batch: list[tuple[str, list[str]]] = []
    size = 0
    items = list(missing.items())
    for i, (sha, rels) in enumerate(items):
        batch.append((sha, rels))
        size += files[rels[0]].size
        if size >= batch_bytes or i == len(items) - 1:
            data, updated = await asyncio.to_thread(_read_missing, computer, batch)
            for rel, entry in updated.items():
                if entry is None:
                    files.pop(rel, None)
                else:
                    files[rel] = entry
            if data:
                await blobs.put_many(data)
            batch, size = [], 0
    return Manifest(files=dict(sorted(files.items())))


def _check_manifest(computer: Computer, manifest: Manifest) -> None:
    sb = computer.sandbox
    for p in manifest.files:
        if sb.parse(p) != p:
            raise PathOutsideComputer(
                f"The snapshot path {p!r} is not a plain path relative to the computer's root; "
                "the snapshot cannot be restored."
            )
    paths = set(manifest.files)
    for p in paths:
        parts = p.split("/")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in paths:
                raise PathOutsideComputer(
                    f"The snapshot holds both a file '{'/'.join(parts[:i])}' and a file inside it "
                    f"('{p}'); the snapshot cannot be restored."
                )


def _remove(computer: Computer, rels: list[str]) -> None:
    root = computer.root
    touched: set[str] = set()
    for rel in rels:
        path = root / rel
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except (IsADirectoryError, PermissionError):
            shutil.rmtree(path, ignore_errors=True)
        computer._own.note(rel, None)
        touched.add(rel.rsplit("/", 1)[0] if "/" in rel else "")
    keep = set(computer.sandbox.volumes.values())
    for d in sorted(touched, key=lambda x: x.count("/"), reverse=True):
        while d and d not in keep:
            try:
                os.rmdir(root / d)
            except OSError:
                break
            computer._own.note(d, None)
            d = d.rsplit("/", 1)[0] if "/" in d else ""


def _write_files(
    computer: Computer, items: list[tuple[str, FileEntry]], data: dict[str, bytes]
) -> None:
    for rel, entry in items:
        r = computer.sandbox.resolve(rel)
        if os.path.isdir(r.abs) and not os.path.islink(r.abs):
            shutil.rmtree(r.abs)
        computer._write(r, data[entry.sha256], to_ns(entry.mtime))


def _retime(computer: Computer, items: list[tuple[str, FileEntry]]) -> None:
    for rel, entry in items:
        path = computer.root / rel
        ns = to_ns(entry.mtime)
        os.utime(path, ns=(ns, ns))
        st = os.stat(path)
        computer._own.note(rel, file_state(st))
        computer._hashes.put(rel, st, entry.sha256)


async def restore_snapshot(
    computer: Computer,
    manifest: Manifest,
    blobs: BlobStore,
    *,
    batch_bytes: int = UPLOAD_BATCH_BYTES,
) -> SnapshotDiff:
    _check_manifest(computer, manifest)
    current, others = await asyncio.to_thread(scan_tree, computer)
    d = diff(Manifest(files=current), manifest)
    to_write = [(p, manifest.files[p]) for p in d.added + d.changed]
    retime = [
        (p, e)
        for p, e in manifest.files.items()
        if p in current
        and current[p].sha256 == e.sha256
        and abs(current[p].mtime - e.mtime) > MTIME_TOLERANCE
    ]
    needed = sorted({e.sha256 for _, e in to_write})
    if needed:
        have = await blobs.has_many(needed)
        lacking = [(p, e) for p, e in to_write if e.sha256 not in have]
        if lacking:
            raise StoreError(
                f"The store lacks the content of {len(lacking)} file(s) this snapshot needs "
                f"(such as '{lacking[0][0]}'); nothing was restored."
            )
    await asyncio.to_thread(_remove, computer, d.removed + others)

    batch: list[tuple[str, FileEntry]] = []
    data: dict[str, bytes] = {}
    size = 0
    for i, (p, e) in enumerate(to_write):
        if e.sha256 not in data:
            blob = await blobs.get(e.sha256)
            if hashlib.sha256(blob).hexdigest() != e.sha256:
                raise StoreError(
                    f"The stored content for '{p}' does not match its hash; the store is damaged."
                )
            data[e.sha256] = blob
            size += len(blob)
        batch.append((p, e))
        if size >= batch_bytes or i == len(to_write) - 1:
            await asyncio.to_thread(_write_files, computer, batch, data)
            batch, data, size = [], {}, 0
    if retime:
        await asyncio.to_thread(_retime, computer, retime)
    return d
