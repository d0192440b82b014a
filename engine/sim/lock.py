"""One process drives a run at a time: an flock on `runs/<id>/run.lock`.

Two processes appending to one run would each be refused by the log's seq
check, but only after one of them had restored the computer's files under the
other's feet. So a controller takes this lock before it touches the run's
folder (resume, fork, start) and keeps it until it is closed; the kernel drops
it when a process dies, so a crash never leaves a run locked. Inside one
process the lock is shared (counted), so a resumed controller can replace one
that failed without closing it first.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from engine.errors import SynthcompError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one process per run is then on trust
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "run.lock"
_held: dict[str, tuple[int, int]] = {}  # path -> (fd, count)
_guard = threading.Lock()


class RunBusy(SynthcompError):
    """Another process is driving this run."""


def acquire(run_dir: Path, run_id: str) -> None:
    """Take the run's lock (blocking file work: call in a thread)."""
    path = str(run_dir / LOCK_NAME)
    with _guard:
        if path in _held:
            fd, count = _held[path]
            _held[path] = (fd, count + 1)
            return
        run_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise RunBusy(
                    f"Run {run_id!r} is being run by another process"
                    + (f" (pid {holder})" if holder else "")
                    + "; stop it there (Ctrl-C) before resuming or steering it here."
                ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _held[path] = (fd, 1)


def release(run_dir: Path) -> None:
    path = str(run_dir / LOCK_NAME)
    with _guard:
        if path not in _held:
            return
        fd, count = _held[path]
        if count > 1:
            _held[path] = (fd, count - 1)
            return
        del _held[path]
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
