"""Changes to a computer's files made by anyone but the computer's own methods.

A watchdog observer runs in its own thread and hands each raw event to the
event loop with `loop.call_soon_threadsafe`. Raw events only mark paths as
touched; once no new event has come for `debounce` seconds (or `max_delay`
after the first), the touched paths are settled in a worker thread by
comparing what is on disk now with what the watcher last knew. So an editor's
save (a temp file written, renamed over the original, attributes set: several
raw events) is one `modified`, a file created and removed within the window is
nothing, and a rename is one `moved`.

Changes whose resulting state is what the computer's own last write left
(`SelfWriteLog`) are not reported. Internal areas, atomic-write temp files and
editors' lock and swap files are ignored.

    async with computer.watch() as changes:
        async with asyncio.timeout(5):
            change = await changes.get()        # FileChange, or None once stopped
        pending = changes.drain()               # whatever is ready, without waiting
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
import threading
import warnings
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from engine.computer.fsutil import DIR_STATE, State, file_state, state_at, walk
from engine.computer.models import ChangeKind, FileChange
from engine.computer.sandbox import STATE_DIR, is_internal_rel, legal_name

if TYPE_CHECKING:
    from types import TracebackType

    from engine.computer.computer import Computer

log = logging.getLogger(__name__)

# Lock, swap and backup files of editors and office suites, and OS litter.
_IGNORED_NAME = re.compile(
    r"^(\.~lock\..*#|~\$.*|\..*\.sw[a-p]|\.#.*|4913|.*~|\.DS_Store|Thumbs\.db|desktop\.ini)\Z",
    re.DOTALL,
)
_IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})
_END = object()
_PROBE_TIMEOUT = 5.0


def _ignored(rel: str | None) -> bool:
    if rel is None or rel == "":
        return True
    name = rel.rsplit("/", 1)[-1]
    return is_internal_rel(rel) or not legal_name(name) or bool(_IGNORED_NAME.match(name))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self._w = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._w._from_thread(event)


class Watcher:
    """Reports `FileChange`s; start with `await w.start()` or `async with`, stop with `await w.stop()`."""

    def __init__(self, computer: Computer, *, debounce: float = 0.15, max_delay: float = 1.0):
        self._c = computer
        self._sb = computer.sandbox
        self._debounce = debounce
        self._max_delay = max(max_delay, debounce)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._observer: Any = None
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._known: dict[str, State] = {}
        self._seq = 0  # order of raw events, so changes come out in the order they happened
        self._dirty: dict[str, int] = {}  # path -> first raw event that touched it
        self._moves: list[tuple[int, str | None, str | None]] = []
        self._first_dirty_at: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._flushing: asyncio.Task[None] | None = None
        self._again = False
        self._ready = False
        self._accepting = False
        self._running = False
        self._closed = False
        self._probe_path = ""
        self._probe_seen = threading.Event()

    @property
    def running(self) -> bool:
        return self._running

    # -- lifecycle ----------------------------------------------------------------

    async def start(self) -> Watcher:
        if self._running or self._closed:
            raise RuntimeError("a Watcher starts once; make a new one with computer.watch()")
        self._loop = asyncio.get_running_loop()
        root = str(self._sb.root)
        state_dir = f"{root}/{STATE_DIR}"
        await asyncio.to_thread(os.makedirs, state_dir, exist_ok=True)
        self._probe_path = f"{state_dir}/watch-probe-{secrets.token_hex(4)}"
        # watchdog warns (from its thread) when a watched folder comes back under a new name,
        # e.g. after our own copy-to-temp-then-rename or a move to the trash; it is harmless.
        warnings.filterwarnings(
            "ignore", message=r"Callback with id .* already exists", category=RuntimeWarning
        )
        observer = Observer()
        observer.schedule(_Handler(self), root, recursive=True)
        self._accepting = True
        observer.start()
        self._observer = observer
        self._running = True
        try:
            # The observer adds its watches in its own thread: wait until an event proves it.
            await asyncio.to_thread(self._probe)
            self._known = await asyncio.to_thread(self._scan, "")
        except BaseException:
            await self._stop_observer()
            self._running = self._accepting = False
            self._closed = True
            self._queue.put_nowait(_END)
            raise
        self._ready = True
        if self._dirty:
            self._schedule()
        return self

    async def stop(self) -> None:
        """Stop watching: changes settled before this returns are delivered, nothing after."""
        if not self._running:
            return
        self._running = False
        await self._stop_observer()
        await asyncio.sleep(0)  # let the events the observer handed over before it stopped in
        self._accepting = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._flushing is not None:
            await asyncio.shield(self._flushing)
        if self._dirty or self._moves:
            await self._flush_once()
        self._closed = True
        self._queue.put_nowait(_END)

    async def __aenter__(self) -> Watcher:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            await asyncio.to_thread(observer.join, 10)

    # -- consuming ----------------------------------------------------------------

    async def get(self) -> FileChange | None:
        """The next change, waiting for it; None once the watcher has stopped and every change
        was taken. Bound the wait with `asyncio.timeout(...)`."""
        item = await self._queue.get()
        if item is _END:
            self._queue.put_nowait(_END)  # every later get() also sees the end
            return None
        return item

    def drain(self) -> list[FileChange]:
        """Every change ready now, without waiting."""
        out: list[FileChange] = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if item is _END:
                self._queue.put_nowait(_END)
                break
            out.append(item)
        return out

    def __aiter__(self) -> Watcher:
        return self

    async def __anext__(self) -> FileChange:
        change = await self.get()
        if change is None:
            raise StopAsyncIteration
        return change

    # -- raw events (observer thread -> loop) ---------------------------------------

    def _from_thread(self, event: FileSystemEvent) -> None:
        src = os.fsdecode(event.src_path)
        if src == self._probe_path:
            self._probe_seen.set()
            return
        if event.event_type in _IGNORED_EVENTS:
            return
        if event.event_type == "modified" and event.is_directory:
            return
        dest = os.fsdecode(event.dest_path) if event.dest_path else None
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._on_raw, event.event_type, src, dest)

    def _on_raw(self, kind: str, src: str, dest: str | None) -> None:
        if not self._accepting:
            return
        src_rel = self._sb.rel_of(src)
        dest_rel = self._sb.rel_of(dest) if dest else None
        src_rel = None if _ignored(src_rel) else src_rel
        dest_rel = None if _ignored(dest_rel) else dest_rel
        if kind == "moved":
            if src_rel is None and dest_rel is None:
                return
            self._seq += 1
            self._moves.append((self._seq, src_rel, dest_rel))
            for rel in (src_rel, dest_rel):
                if rel is not None:
                    self._dirty.setdefault(rel, self._seq)
        elif src_rel is not None:
            self._seq += 1
            self._dirty.setdefault(src_rel, self._seq)
        else:
            return
        if self._first_dirty_at is None:
            self._first_dirty_at = self._loop.time() if self._loop else 0.0
        if self._ready:
            self._schedule()

    def _schedule(self) -> None:
        loop = self._loop
        assert loop is not None
        if self._timer is not None:
            self._timer.cancel()
        waited = loop.time() - (self._first_dirty_at or loop.time())
        delay = max(0.0, min(self._debounce, self._max_delay - waited))
        self._timer = loop.call_later(delay, self._kick)

    def _kick(self) -> None:
        self._timer = None
        if self._flushing is not None:
            self._again = True
            return
        self._flushing = asyncio.ensure_future(self._flush_loop())

    async def _flush_loop(self) -> None:
        try:
            while True:
                self._again = False
                try:
                    await self._flush_once()
                except Exception:  # a watcher bug must not take the run down with it
                    log.exception("settling file changes failed")
                if not self._again:
                    break
        finally:
            self._flushing = None

    async def _flush_once(self) -> None:
        dirty, moves = self._dirty, self._moves
        self._dirty, self._moves, self._first_dirty_at = {}, [], None
        if not dirty and not moves:
            return
        changes = await asyncio.to_thread(self._settle, dirty, moves)
        for change in changes:
            self._queue.put_nowait(change)

    # -- settling (worker thread) ----------------------------------------------------

    def _probe(self) -> None:
        for _ in range(3):
            with open(self._probe_path, "wb") as f:
                f.write(b"probe")
            seen = self._probe_seen.wait(_PROBE_TIMEOUT / 3)
            if seen:
                break
        with contextlib.suppress(OSError):
            os.unlink(self._probe_path)

    def _scan(self, rel: str) -> dict[str, State]:
        out: dict[str, State] = {}
        for found in walk(self._sb, rel):
            if _ignored(found.rel):
                continue
            out[found.rel] = ("l",) if found.is_link else file_state(found.st)
        return out

    def _state(self, rel: str) -> State | None:
        return state_at(f"{self._sb.root}/{rel}")

    def _under(self, rel: str) -> list[str]:
        prefix = rel + "/"
        return sorted(k for k in self._known if k.startswith(prefix))

    def _settle(
        self, dirty: dict[str, int], moves: list[tuple[int, str | None, str | None]]
    ) -> list[FileChange]:
        """Compare the touched paths with what was known; return the changes in the order their
        first raw events came (a folder's contents right after the folder unless touched alone)."""
        now = datetime.now(UTC)
        own = self._c._own
        known = self._known
        out: list[tuple[int, FileChange]] = []
        handled: set[str] = set()

        def emit(
            kind: ChangeKind, rel: str, is_dir: bool, order: int, dest: str | None = None
        ) -> None:
            out.append(
                (
                    order,
                    FileChange(
                        path=self._sb.display(rel),
                        change=kind,
                        dest_path=self._sb.display(dest) if dest is not None else None,
                        is_dir=is_dir,
                        at=now,
                    ),
                )
            )

        for seq, src, dest in moves:
            if src is None or dest is None or src in handled or dest in handled:
                continue
            prev = known.get(src)
            cur_src, cur_dest = self._state(src), self._state(dest)
            if prev is None or cur_src is not None or cur_dest is None:
                continue  # not a plain move of something known: settled below by state
            mine = own.is_own(src, None) and own.is_own(dest, cur_dest)
            is_dir = cur_dest == DIR_STATE
            if not mine:
                emit("moved", src, is_dir, seq, dest)
            known.pop(src, None)
            known[dest] = cur_dest
            handled.update((src, dest))
            if is_dir:
                for child in self._under(src):
                    new = dest + child[len(src) :]
                    child_state = self._state(new)
                    was = known.pop(child)
                    handled.update((child, new))
                    if child_state is None:
                        continue
                    known[new] = child_state
                    if not mine and was != DIR_STATE:
                        emit("moved", child, False, seq, new)
                for child, child_state in self._scan(dest).items():
                    if child not in known:  # appeared under the moved folder meanwhile
                        known[child] = child_state
                        handled.add(child)
                        if not own.is_own(child, child_state):
                            emit("created", child, child_state == DIR_STATE, seq)

        # parents before children, so a folder's fate decides its contents'
        for rel in sorted(dirty, key=lambda p: (p.count("/"), p)):
            if rel in handled:
                continue
            seq = dirty[rel]
            handled.add(rel)
            prev, cur = known.get(rel), self._state(rel)
            if prev == cur:
                continue
            if cur is None:
                known.pop(rel, None)
                if not own.is_own(rel, None):
                    emit("deleted", rel, prev == DIR_STATE, seq)
                if prev == DIR_STATE:
                    for child in self._under(rel):
                        was = known.pop(child)
                        handled.add(child)
                        if was != DIR_STATE and not own.is_own(child, None):
                            emit("deleted", child, False, dirty.get(child, seq))
                continue
            known[rel] = cur
            if prev is None:
                if not own.is_own(rel, cur):
                    emit("created", rel, cur == DIR_STATE, seq)
                if cur == DIR_STATE:
                    for child, child_state in self._scan(rel).items():
                        if child in known and known[child] == child_state:
                            continue
                        known[child] = child_state
                        handled.add(child)
                        if not own.is_own(child, child_state):
                            emit("created", child, child_state == DIR_STATE, dirty.get(child, seq))
            elif cur == DIR_STATE or prev == DIR_STATE:
                # a file became a folder or the other way round: report both halves
                if not own.is_own(rel, cur):
                    emit("deleted", rel, prev == DIR_STATE, seq)
                    emit("created", rel, cur == DIR_STATE, seq)
            elif not own.is_own(rel, cur):
                emit("modified", rel, False, seq)
        out.sort(key=lambda t: t[0])
        return [change for _, change in out]
