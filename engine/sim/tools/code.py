"""`run_python`: let the agent run a short Python program on the computer (off by default).

The program runs as a child process (`sys.executable -I`, so no user site or
PYTHON* variables) with its working folder at the computer's root, a clean
environment (no API keys of the engine), a wall-clock timeout that kills its
whole process group, and address-space, CPU and file-size limits. The limits
are set inside the child by a small bootstrap before the agent's code runs,
not in a `preexec_fn`: the engine has worker threads (asyncio.to_thread,
aiosqlite, the watcher), and Python documents `preexec_fn` as unsafe then
(the child can deadlock between fork and exec).

This is not a security sandbox: the program can read and write anything the
engine's user can, and the network is not blocked here. Run it only with
models and worlds you trust, or inside a container that provides isolation.

Files the program creates, changes or deletes inside the computer become
`file_changed` events, found by comparing the tree before and after.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import stat
import sys
import time
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.computer.fsutil import walk
from engine.sim.tools._common import file_event, sha256, size_text, with_example
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome
from engine.store.records import NewEvent

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MEMORY_MB = 1024
MAX_FILE_MB = 256  # RLIMIT_FSIZE: one runaway write cannot fill the disk
OUTPUT_HEAD = 6_000
OUTPUT_TAIL = 2_000
MAX_FILE_EVENTS = 500

# Runs in the child before the agent's code: limits, then the code with clean tracebacks.
_BOOTSTRAP = r"""
import linecache, os, sys, traceback
try:
    import resource
except ImportError:
    resource = None
mem, cpu, fsize, mode, target = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
if resource is not None:
    for which, value in ((resource.RLIMIT_AS, mem), (resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, fsize)):
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard if hard != resource.RLIM_INFINITY else value))
        except (ValueError, OSError):
            pass
if mode == "code":
    source, filename = sys.stdin.read(), "<run_python>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    sys.argv = ["<run_python>"]
else:
    with open(target, encoding="utf-8") as f:
        source = f.read()
    filename = target
    sys.path.insert(0, os.path.dirname(os.path.abspath(target)))
    sys.argv = [target]
sys.stdin = open(os.devnull)
namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
try:
    exec(compile(source, filename, "exec"), namespace)
except SystemExit:
    raise
except BaseException as exc:
    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
    traceback.print_exception(type(exc), exc, tb)
    sys.stderr.flush()
    os._exit(1)
"""


class RunPythonParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(default=None, max_length=100_000, description="Python source to run.")
    path: str | None = Field(default=None, description="Or: a .py file on this computer to run.")
    timeout_s: float = Field(
        default=DEFAULT_TIMEOUT_S, gt=0, le=60, description="Stop the program after this long."
    )

    @model_validator(mode="after")
    def _one(self) -> RunPythonParams:
        if (self.code is None) == (self.path is None):
            raise ValueError("give either `code` (Python source) or `path` (a .py file), not both")
        if self.code is not None and not self.code.strip():
            raise ValueError("`code` is empty")
        return self


class _Output:
    """Collects a stream's first and last characters, however much the program prints."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = OUTPUT_HEAD * 2 - len(self.head)  # bytes; decoded text is cut again below
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail = (self.tail + chunk)[-OUTPUT_TAIL * 2 :]

    def text(self) -> str:
        head = self.head.decode("utf-8", "replace")
        tail = self.tail.decode("utf-8", "replace")
        if not tail and len(head) <= OUTPUT_HEAD + OUTPUT_TAIL:
            return head
        cut = self.total - OUTPUT_HEAD - OUTPUT_TAIL
        return (
            head[:OUTPUT_HEAD]
            + f"\n[… about {max(cut, 0):,} bytes of output cut; write long results to a file "
            "and read it with read_file.]\n" + (tail or head)[-OUTPUT_TAIL:]
        )


def _tree_state(env: RunEnv) -> dict[str, tuple[int, int, int]]:
    """(size, mtime_ns, inode) of every regular file in the computer (internal areas skipped)."""
    out: dict[str, tuple[int, int, int]] = {}
    for found in walk(env.computer.sandbox, "", include_dirs=False):
        if found.is_link or not stat.S_ISREG(found.st.st_mode):
            continue
        out[found.rel] = (found.st.st_size, found.st.st_mtime_ns, found.st.st_ino)
    return out


def _changes(
    env: RunEnv, before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]
) -> tuple[list[NewEvent], list[str]]:
    """Events and one-line descriptions for what differs between two tree states (blocking)."""
    events: list[NewEvent] = []
    shown: list[str] = []
    root = env.computer.root
    for rel in sorted(set(before) | set(after)):
        if len(events) >= MAX_FILE_EVENTS:
            shown.append(f"... and more (only the first {MAX_FILE_EVENTS} changes are recorded)")
            break
        old, new = before.get(rel), after.get(rel)
        if old == new:
            continue
        path = env.computer.display(rel)
        if new is None:
            events.append(file_event(env, path, "deleted"))
            shown.append(f"deleted '{path}'")
            continue
        try:
            with open(root / rel, "rb") as f:
                data = f.read()
        except OSError:
            continue  # gone again already
        change = "created" if old is None else "modified"
        events.append(file_event(env, path, change, sha=sha256(data), size=len(data)))
        shown.append(f"{change} '{path}' ({size_text(len(data))})")
    return events, shown


class RunPython:
    name: ClassVar[str] = "run_python"
    example: ClassVar[dict[str, Any]] = {
        "code": "import csv\nrows = list(csv.reader(open('Finance/expenses.csv')))\n"
        "print(len(rows) - 1, 'expenses')"
    }
    description: ClassVar[str] = with_example(
        "Run a short Python program (give `code`, or `path` of a .py file on this computer) "
        "to compute, check figures or transform data. It runs with the computer's top folder "
        "as its working folder, so open files by the paths list_dir shows (a drive's files, "
        "'C:/...', are usually in the folder 'C/'); openpyxl, "
        "python-docx and python-pptx are available. Output is trimmed (write long results to "
        "a file); the program is stopped after timeout_s seconds (default 10) and limited in "
        "memory. Files it writes are recorded as your changes. It is not a security sandbox "
        "and network access is not blocked here: only touch this computer's files.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = RunPythonParams

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.memory_mb = memory_mb

    async def run(self, env: RunEnv, params: RunPythonParams) -> ToolOutcome:
        root = env.computer.root
        if params.path is not None:
            entry = await env.computer.info(params.path)
            if entry.is_dir or not entry.path.lower().endswith(".py"):
                raise ToolFailure(
                    f"'{entry.path}' is not a Python file (.py).",
                    "Give the path of a .py file, or pass the program as `code`.",
                    kind="wrong_kind",
                )
            mode, target = "path", env.computer.resolve(params.path).rel
            stdin = b""
        else:
            mode, target, stdin = "code", "-", (params.code or "").encode("utf-8")
        before = await asyncio.to_thread(_tree_state, env)
        child_env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "MPLBACKEND": "Agg",
        }
        args = [
            sys.executable,
            "-I",
            "-c",
            _BOOTSTRAP,
            str(self.memory_mb * 1024 * 1024),
            str(int(params.timeout_s) + 2),
            str(MAX_FILE_MB * 1024 * 1024),
            mode,
            target,
        ]
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            *args,
            cwd=str(root),
            env=child_env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a timeout kills its children too
        )
        output = _Output()
        timed_out = False
        try:
            await asyncio.wait_for(self._talk(proc, stdin, output), params.timeout_s)
        except TimeoutError:
            timed_out = True
        finally:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
        elapsed = time.monotonic() - started
        events, shown = await asyncio.to_thread(
            _changes, env, before, await asyncio.to_thread(_tree_state, env)
        )
        text = output.text().rstrip() or "(no output)"
        files = ("\nFiles changed: " + "; ".join(shown)) if shown else ""
        if timed_out:
            return ToolOutcome(
                ok=False,
                error_kind="timeout",
                observation=f"ERROR: The program was stopped after {params.timeout_s:g} s "
                f"(the time limit).\nOutput so far:\n{text}{files}\nHow to fix: make it do "
                "less (smaller input, no endless loop), or raise timeout_s (at most 60).",
                events=events,
            )
        code = proc.returncode
        if code != 0:
            killed = f" (killed by signal {-code})" if code is not None and code < 0 else ""
            return ToolOutcome(
                ok=False,
                error_kind="python_error",
                observation=f"ERROR: The program exited with code {code}{killed} after "
                f"{elapsed:.1f} s.\nOutput:\n{text}{files}\nHow to fix: read the error above, "
                "correct the program and run it again (a MemoryError means it used more than "
                f"{self.memory_mb} MB).",
                events=events,
            )
        return ToolOutcome(
            observation=f"The program finished in {elapsed:.1f} s.\nOutput:\n{text}{files}",
            events=events,
        )

    @staticmethod
    async def _talk(proc: asyncio.subprocess.Process, stdin: bytes, output: _Output) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            proc.stdin.write(stdin)
            await proc.stdin.drain()
        proc.stdin.close()
        while chunk := await proc.stdout.read(65_536):
            output.add(chunk)
        await proc.wait()
