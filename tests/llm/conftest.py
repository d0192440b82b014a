from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from pydantic import SecretStr

from engine.config import ModelSettings
from engine.llm import LLM, RetryPolicy, make_llm
from engine.llm import local as local_backend
from engine.schema.calls import ModelCallEnd, ModelCallStart
from tests.llm.openai_server import OpenAIStubServer

API_KEY = "sk-test-7f3a9c1e5b2d4f6a8c0e-SECRET"

# The tests marked `realmodel` run the shipped model on llama-cpp-python's server, and
# are skipped with the reason when the `local` extra or the model is not installed.
STATUS = local_backend.local_status(ModelSettings(backend="local"))
realmodel = pytest.mark.skipif(not STATUS.available, reason=f"the local backend is {STATUS.reason}")


def alive(pid: int) -> bool:
    """Whether a process with this pid still exists (a reaped child does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class MemoryCallLog:
    """The `CallLog` protocol in memory: what the store would hold, for assertions."""

    def __init__(self) -> None:
        self.starts: dict[int, ModelCallStart] = {}
        self.ends: dict[int, ModelCallEnd] = {}

    async def begin(self, start: ModelCallStart) -> int:
        call_id = len(self.starts) + 1
        self.starts[call_id] = start
        return call_id

    async def complete(self, call_id: int, end: ModelCallEnd) -> None:
        assert call_id in self.starts, "complete() for a call that was never begun"
        assert call_id not in self.ends, "complete() twice for one call"
        self.ends[call_id] = end

    def statuses(self) -> list[str]:
        return [self.ends[i].status if i in self.ends else "pending" for i in sorted(self.starts)]

    def dump(self) -> str:
        """Everything recorded, as text: for checking that no secret got in."""
        rows = [s.model_dump(mode="json") for s in self.starts.values()]
        rows += [e.model_dump(mode="json") for e in self.ends.values()]
        return json.dumps(rows)


class SleepLog:
    """Stands in for asyncio.sleep in the retry loop: records the waits, waits for nothing."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def call_log() -> MemoryCallLog:
    return MemoryCallLog()


@pytest.fixture
def sleeps() -> SleepLog:
    return SleepLog()


@pytest.fixture
def server() -> Iterator[OpenAIStubServer]:
    with OpenAIStubServer() as stub:
        yield stub


@pytest.fixture
async def openai_llm(
    server: OpenAIStubServer, call_log: MemoryCallLog, sleeps: SleepLog
) -> AsyncIterator[Callable[..., LLM]]:
    """Build LLMs on the openai backend against the test server; all closed at teardown."""
    made: list[LLM] = []

    def build(*, retry: dict[str, Any] | None = None, **settings: Any) -> LLM:
        base = {
            "backend": "openai",
            "model": "test-model",
            "base_url": server.base_url,
            "api_key": SecretStr(API_KEY),
            "timeout_s": 5.0,
            "max_attempts": 4,
            "deadline_s": 60.0,
            "validation_retries": 2,
            "seed": 1,
        }
        model_settings = ModelSettings(**{**base, **settings})
        policy = replace(
            RetryPolicy.from_settings(model_settings), **{"sleep": sleeps, **(retry or {})}
        )
        llm = make_llm(model_settings, call_log, retry=policy)
        made.append(llm)
        return llm

    yield build
    for llm in made:
        await llm.aclose()
