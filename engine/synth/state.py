"""What a world being created keeps on disk, so a crash never costs finished work.

Three files under `<world>/.synthcomp/` (hidden from agents by the sandbox):

- `world.json`: the `WorldManifest` (profile, folders, file plan, per-file
  status and sha256) once the file plan exists. Saved atomically (temp file,
  fsync, rename) after every stage and, while files are written, at most every
  half second or every ten files, and at the end.
- `creation.json`: the request (persona, seed, file target, capture date) and
  the stages' results before the manifest can exist (a profile alone is not a
  manifest), plus the repair notes of the merge.
- `files.jsonl`: one line appended as each file is written or fails, so the
  files finished between two saves of `world.json` are not made again after a
  SIGKILL. Replaying it over the manifest is idempotent; a torn last line is
  ignored.

`lock` is held (flock) while a process creates or resumes the world, so two
processes never write one world at once; the kernel drops it when a process dies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from engine.computer.sandbox import TMP_PREFIX
from engine.errors import SynthcompError
from engine.schema.persona import Persona
from engine.schema.plans import (
    ENGINE_DIR,
    WORLD_MANIFEST_PATH,
    FileRecord,
    FolderPlan,
    WorldManifest,
)
from engine.schema.profile import UserProfile
from engine.synth.merge import BatchPlanSet, Repairs

CREATION_PATH = f"{ENGINE_DIR}/creation.json"
JOURNAL_PATH = f"{ENGINE_DIR}/files.jsonl"
LOCK_PATH = f"{ENGINE_DIR}/lock"

Stage = Literal["profile", "folders", "artifacts", "files", "done"]


class WorldBusy(SynthcompError):
    """Another process is creating or resuming this world right now."""


class InvalidWorld(SynthcompError):
    """A folder's world.json is missing or does not describe a world."""


class CreationRequest(BaseModel):
    """What was asked for: with the seed, everything the world is derived from."""

    persona: Persona
    seed: int = Field(ge=0)
    files: int = Field(ge=1)
    today: dt.date
    name: str


class StoredBatch(BaseModel):
    """One artifact batch's reply and what it was asked for, kept until the plan is merged."""

    count: int
    plan: BatchPlanSet


class CreationState(BaseModel):
    """The creation's progress before (and beside) the manifest."""

    format_version: Literal[1] = 1
    request: CreationRequest
    stage: Stage = "profile"
    profile: UserProfile | None = None
    folders: FolderPlan | None = None
    batches: list[StoredBatch] = Field(default_factory=list)
    folder_notes: list[str] = Field(default_factory=list)
    profile_notes: list[str] = Field(default_factory=list)  # what repairing the reply changed
    repairs: Repairs = Field(default_factory=Repairs)


# --- atomic writes -------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader (or a crash) sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_state(root: Path, state: CreationState) -> None:
    atomic_write(root / CREATION_PATH, state.model_dump_json(indent=1).encode("utf-8"))


def load_state(root: Path) -> CreationState | None:
    """The stored creation state, or None when there is none (or it cannot be read)."""
    path = root / CREATION_PATH
    try:
        return CreationState.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def manifest_bytes(manifest: WorldManifest) -> bytes:
    return manifest.model_dump_json(indent=1, exclude_none=True).encode("utf-8")


def save_manifest_bytes(root: Path, data: bytes) -> None:
    atomic_write(root / WORLD_MANIFEST_PATH, data)


def read_manifest(root: Path) -> WorldManifest:
    """The manifest of the world at `root`; `InvalidWorld` in a plain sentence if there is none."""
    path = root / WORLD_MANIFEST_PATH
    if not path.is_file():
        raise InvalidWorld(
            f"{root} is not a synthcomp world: it has no {WORLD_MANIFEST_PATH} "
            "(a world folder holds its computer's files and that manifest)."
        )
    try:
        return WorldManifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise InvalidWorld(
            f"{path} is not a valid world manifest ({where}: {first['msg']})."
        ) from exc
    except (OSError, ValueError) as exc:
        raise InvalidWorld(f"{path} cannot be read as a world manifest ({exc}).") from exc


# --- the journal ---------------------------------------------------------------------


class Journal:
    """Append-only lines of finished files; one `os.write` per line (atomic for small lines)."""

    def __init__(self, root: Path) -> None:
        self.path = root / JOURNAL_PATH
        self._lock = threading.Lock()

    def append(self, path: str, record: FileRecord) -> None:
        line = json.dumps({"path": path, **record.model_dump(exclude_none=True)}) + "\n"
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
            finally:
                os.close(fd)

    def entries(self) -> Iterator[tuple[str, FileRecord]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return
        for line in text.splitlines():
            try:
                row: dict[str, Any] = json.loads(line)
                path = str(row.pop("path"))
                yield path, FileRecord.model_validate(row)
            except (ValueError, KeyError, ValidationError):
                continue  # a line torn by a crash: the file is simply made again

    def replay(self, manifest: WorldManifest) -> int:
        """Apply the journal to the manifest's file records; returns how many it changed."""
        changed = 0
        for path, record in self.entries():
            if path in manifest.files and manifest.files[path] != record:
                manifest.files[path] = record
                changed += 1
        return changed

    def clear(self) -> None:
        with self._lock, contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


# --- checking what is on disk --------------------------------------------------------


def sha256_of(path: Path) -> tuple[str, int] | None:
    """The file's sha256 and size, or None when it is missing or not a regular file."""
    try:
        digest = hashlib.sha256()
        size = 0
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None
    return digest.hexdigest(), size


def verify_written(root: Path, manifest: WorldManifest) -> list[str]:
    """Reset to `planned` every file recorded as written whose bytes on disk are missing or changed.

    Returns the paths reset. Failed files are reset too, so a resume retries them.
    """
    reset: list[str] = []
    for path, record in sorted(manifest.files.items()):
        if record.status == "failed":
            manifest.files[path] = FileRecord()
            reset.append(path)
        elif record.status == "written":
            found = sha256_of(root / path)
            if found is None or found != (record.sha256, record.size):
                manifest.files[path] = FileRecord()
                reset.append(path)
    return reset


# --- the lock ------------------------------------------------------------------------


@contextlib.contextmanager
def world_lock(root: Path, name: str) -> Iterator[None]:
    """Hold the world's lock; `WorldBusy` if another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; single-process use is assumed
        yield
        return
    path = root / LOCK_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorldBusy(
                f"The world {name!r} is being created by another process; wait for it to finish."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def ensure_idle(root: Path, name: str) -> None:
    """Raise `WorldBusy` if a process is creating or resuming the world at `root` right now."""
    if (root / ENGINE_DIR).is_dir():
        with world_lock(root, name):
            pass


def sweep_temp_files(root: Path) -> int:
    """Delete what writes cut short by a crash left behind; returns how many went.

    The computer's atomic writes leave `.synthcomp-tmp-*` files beside their target,
    ours leave `.<name>.<pid>.<thread>.tmp` in `.synthcomp/`. Agents never see either,
    but they are not the user's files. Call only while holding the world's lock.
    """
    removed = 0
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == root:
            dirnames[:] = [d for d in dirnames if d != ".trash"]
        in_engine_dir = Path(dirpath) == root / ENGINE_DIR
        for name in filenames:
            stale = name.startswith(TMP_PREFIX) or (
                in_engine_dir and name.startswith(".") and name.endswith(".tmp")
            )
            if stale:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
        for name in [d for d in dirnames if d.startswith(TMP_PREFIX)]:
            shutil.rmtree(os.path.join(dirpath, name), ignore_errors=True)
            dirnames.remove(name)
            removed += 1
    return removed
