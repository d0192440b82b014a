"""The openai backend against a real HTTP server on 127.0.0.1: retries, repairs, records."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging

import pytest
from pydantic import BaseModel, Field

from engine.errors import ModelError
from engine.llm import (
    CallContext,
    ChatMessage,
    ReplyInvalid,
    ReplyTruncated,
    ToolSpec,
)
from tests.llm.conftest import API_KEY, MemoryCallLog, SleepLog
from tests.llm.openai_server import Canned, OpenAIStubServer, completion, error, tool_call

CTX = CallContext(purpose="work_turn", run_id="run-1", turn=7, call_idx=0)
HELLO = [ChatMessage.system("You are a careful assistant."), ChatMessage.user("Say hello.")]


class ReadFile(BaseModel):
    path: str = Field(min_length=1)
    max_chars: int = Field(default=2000, ge=100)


READ_FILE = ToolSpec(name="read_file", description="Read a file on the computer.", params=ReadFile)


class Deliverable(BaseModel):
    title: str
    due_day: int = Field(ge=1, le=31)
    outputs: list[str]


async def test_a_call_is_recorded_before_it_is_sent(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.on_request = lambda received: (len(call_log.starts), len(call_log.ends))
    server.push(completion("Hello.", prompt_tokens=40, completion_tokens=2, cached_tokens=32))
    llm = openai_llm()

    result = await llm.chat(HELLO, context=CTX)

    assert result.text == "Hello."
    assert result.status == "ok"
    assert result.usage.prompt_tokens == 40
    assert result.usage.cached_tokens == 32
    assert result.attempts == 1
    assert result.next_call_idx == 1
    [received] = server.received
    assert received.note == (1, 0), "the begin row must exist before the request arrives"
    start, end = call_log.starts[1], call_log.ends[1]
    assert start.request == received.body
    canonical = json.dumps(received.body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert start.request_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert (start.purpose, start.run_id, start.turn, start.call_idx) == ("work_turn", "run-1", 7, 0)
    assert start.backend == "openai" and start.model == "test-model"
    assert end.status == "ok"
    assert end.response == completion(
        "Hello.", prompt_tokens=40, completion_tokens=2, cached_tokens=32
    )
    assert end.usage is not None and end.usage["cached_tokens"] == 32
    assert end.attempts == 1


async def test_the_key_reaches_the_server_but_never_the_record_logs_or_errors(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.push(completion("fine"))
    server.push(error(401, f"Incorrect API key provided: {API_KEY}.", code="invalid_api_key"))
    llm = openai_llm()

    await llm.chat(HELLO, context=CTX)
    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX.at(1))

    assert server.received[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert "401" in str(caught.value) and "API key" in str(caught.value)
    assert API_KEY not in str(caught.value)
    assert caught.value.__cause__ is None  # the SDK's error (and its request headers) is dropped
    assert API_KEY not in call_log.dump()
    assert "[redacted]" in call_log.dump()
    assert API_KEY not in caplog.text
    assert len(server.received) == 2, "a 401 is not retried"


async def test_429_with_retry_after_waits_as_asked_then_succeeds(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog, sleeps: SleepLog
) -> None:
    server.push(
        error(429, "Rate limit reached", code="rate_limit_exceeded", **{"Retry-After": "2"})
    )
    server.push(completion("after the wait"))
    llm = openai_llm()

    result = await llm.chat(HELLO, context=CTX)

    assert result.text == "after the wait"
    assert result.attempts == 2
    [delay] = sleeps.delays
    assert 2.0 <= delay <= 2.2  # as asked, plus at most 10% spread
    assert call_log.ends[1].attempts == 2
    assert call_log.ends[1].status == "ok"
    assert len(server.received) == 2
    assert server.received[0].body == server.received[1].body


async def test_500_then_success_backs_off(
    openai_llm, server: OpenAIStubServer, sleeps: SleepLog
) -> None:
    server.push(error(500, "The server had an error"), completion("recovered"))
    llm = openai_llm(retry={"base_delay_s": 0.5})

    result = await llm.chat(HELLO, context=CTX)

    assert result.text == "recovered" and result.attempts == 2
    [delay] = sleeps.delays
    assert 0.25 <= delay <= 0.5


async def test_500_every_time_is_a_plain_error_after_max_attempts(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog, sleeps: SleepLog
) -> None:
    for _ in range(5):
        server.push(error(503, "The engine is currently overloaded, please try again later"))
    llm = openai_llm(max_attempts=3)

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    message = str(caught.value)
    assert "answered 503" in message and "overloaded" in message and "3 attempts" in message
    assert server.base_url in message
    assert "\n" not in message and "Traceback" not in message
    assert len(server.received) == 3
    assert len(sleeps.delays) == 2
    assert sleeps.delays[1] > sleeps.delays[0] / 2  # exponential, jittered
    end = call_log.ends[1]
    assert (end.status, end.attempts) == ("error", 3)
    assert end.error == message
    assert end.response == {
        "status": 503,
        "error": {
            "message": "The engine is currently overloaded, please try again later",
            "type": "server_error",
            "param": None,
            "code": None,
        },
    }


async def test_backoff_is_deterministic_for_a_seed(openai_llm, server: OpenAIStubServer) -> None:
    from tests.llm.conftest import SleepLog as Log

    runs = []
    for _ in range(2):
        log = Log()
        server.push(error(502, "bad gateway"), error(502, "bad gateway"), completion("ok"))
        await openai_llm(retry={"sleep": log}).chat(HELLO, context=CTX)
        runs.append(log.delays)
    assert runs[0] == runs[1] and len(runs[0]) == 2


async def test_a_timeout_is_retried(openai_llm, server: OpenAIStubServer, sleeps: SleepLog) -> None:
    server.push(Canned(body=completion("too late"), delay_s=3.0), completion("in time"))
    llm = openai_llm(timeout_s=0.3)

    result = await llm.chat(HELLO, context=CTX)

    assert result.text == "in time" and result.attempts == 2
    assert len(sleeps.delays) == 1


async def test_timeouts_every_time_give_a_plain_error(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(*(Canned(body=completion("late"), delay_s=3.0) for _ in range(2)))
    llm = openai_llm(timeout_s=0.3, max_attempts=2)

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "did not answer within 0.3 s" in str(caught.value)
    assert "2 attempts" in str(caught.value)
    assert call_log.ends[1].status == "error" and call_log.ends[1].attempts == 2


async def test_400_is_not_retried(
    openai_llm, server: OpenAIStubServer, sleeps: SleepLog, call_log: MemoryCallLog
) -> None:
    server.push(error(400, "Invalid value for 'tool_choice'.", code="invalid_value"), completion())
    llm = openai_llm()

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "answered 400" in str(caught.value) and "not retried" in str(caught.value)
    assert "tool_choice" in str(caught.value)
    assert len(server.received) == 1 and sleeps.delays == []
    assert call_log.ends[1].attempts == 1


async def test_insufficient_quota_is_not_retried(
    openai_llm, server: OpenAIStubServer, sleeps: SleepLog
) -> None:
    server.push(
        error(429, "You exceeded your current quota.", code="insufficient_quota"), completion()
    )
    llm = openai_llm()

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "quota" in str(caught.value) and "billing" in str(caught.value)
    assert len(server.received) == 1 and sleeps.delays == []


async def test_a_server_asking_for_too_long_a_wait_is_not_waited_for(
    openai_llm, server: OpenAIStubServer, sleeps: SleepLog
) -> None:
    server.push(error(429, "slow down", **{"retry-after-ms": "900000"}), completion())
    llm = openai_llm()

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "asked to wait 900 s" in str(caught.value)
    assert sleeps.delays == []


async def test_the_deadline_stops_retrying(
    openai_llm, server: OpenAIStubServer, sleeps: SleepLog
) -> None:
    server.push(error(429, "slow down", **{"Retry-After": "5"}), completion())
    llm = openai_llm(deadline_s=3.0)

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "deadline" in str(caught.value)
    assert len(server.received) == 1 and sleeps.delays == []


async def test_an_unreachable_server_is_a_plain_error(
    openai_llm, call_log: MemoryCallLog, sleeps: SleepLog
) -> None:
    probe = OpenAIStubServer()
    dead_url = probe.base_url
    probe.close()  # never started: the port is closed again
    llm = openai_llm(base_url=dead_url, max_attempts=2)

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert str(caught.value).startswith(f"could not reach the model server at {dead_url}")
    assert call_log.ends[1].attempts == 2 and len(sleeps.delays) == 1


async def test_broken_tool_arguments_go_back_to_the_model(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(
        completion(
            None, tool_calls=[tool_call("read_file", '{"path": "Docs/plan.docx"', "call_a")]
        ),
        completion(
            None, tool_calls=[tool_call("read_file", '{"path": "Docs/plan.docx"}', "call_b")]
        ),
    )
    llm = openai_llm()

    result = await llm.chat(HELLO, tools=[READ_FILE], context=CTX)

    assert [c.name for c in result.tool_calls] == ["read_file"]
    assert result.tool_calls[0].arguments == {"path": "Docs/plan.docx"}
    assert READ_FILE.parse(result.tool_calls[0]) == ReadFile(path="Docs/plan.docx")
    assert (result.requests, result.next_call_idx) == (2, 2)
    repair = server.received[1].body["messages"]
    assert repair[:2] == server.received[0].body["messages"]
    assert repair[2]["role"] == "assistant"
    assert repair[2]["tool_calls"][0]["function"]["arguments"] == '{"path": "Docs/plan.docx"'
    assert repair[3]["role"] == "tool" and repair[3]["tool_call_id"] == "call_a"
    assert "not valid JSON" in repair[3]["content"]
    assert call_log.statuses() == ["invalid", "ok"]
    assert [s.call_idx for s in call_log.starts.values()] == [0, 1]
    assert "not valid JSON" in (call_log.ends[1].error or "")


async def test_endless_broken_tool_arguments_end_in_a_plain_error(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    for _ in range(6):
        server.push(completion(None, tool_calls=[tool_call("read_file", "{path: oops}")]))
    llm = openai_llm(validation_retries=2)

    with pytest.raises(ReplyInvalid) as caught:
        await llm.chat(HELLO, tools=[READ_FILE], context=CTX)

    assert isinstance(caught.value, ModelError)
    assert "still invalid after 3 tries" in str(caught.value)
    assert caught.value.next_call_idx == 3
    assert len(server.received) == 3
    assert call_log.statuses() == ["invalid", "invalid", "invalid"]


async def test_unknown_tools_and_bad_arguments_are_explained(
    openai_llm, server: OpenAIStubServer
) -> None:
    server.push(
        completion(
            None,
            tool_calls=[
                tool_call("delete_everything", "{}", "call_x"),
                tool_call("read_file", '{"path": "", "max_chars": 5}', "call_y"),
                tool_call("read_file", '{"path": "notes.txt"}', "call_z"),
            ],
        ),
        completion(None, tool_calls=[tool_call("read_file", '{"path": "notes.txt"}', "call_w")]),
    )
    llm = openai_llm()

    result = await llm.chat(HELLO, tools=[READ_FILE], context=CTX)

    assert [c.id for c in result.tool_calls] == ["call_w"]
    answers = {
        m["tool_call_id"]: m["content"]
        for m in server.received[1].body["messages"]
        if m["role"] == "tool"
    }
    assert (
        "no tool named 'delete_everything'" in answers["call_x"]
        and "read_file" in answers["call_x"]
    )
    assert "max_chars" in answers["call_y"] and "path" in answers["call_y"]
    assert answers["call_z"].startswith("Not run")


async def test_a_required_tool_call_that_is_missing_is_asked_for(
    openai_llm, server: OpenAIStubServer
) -> None:
    server.push(
        completion("I would rather chat."),
        completion(None, tool_calls=[tool_call("read_file", '{"path": "a.txt"}')]),
    )
    llm = openai_llm()

    result = await llm.chat(HELLO, tools=[READ_FILE], tool_choice="read_file", context=CTX)

    assert result.tool_calls[0].name == "read_file"
    first = server.received[0].body
    assert first["tool_choice"] == {"type": "function", "function": {"name": "read_file"}}
    assert first["tools"][0]["function"]["parameters"] == ReadFile.model_json_schema()
    assert server.received[1].body["messages"][-1] == {
        "role": "user",
        "content": "You must call the tool 'read_file' in this reply.",
    }


async def test_structured_output_that_does_not_validate_is_repaired(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(
        completion('{"title": "Q3 budget", "due_day": 45}'),
        completion(
            '```json\n{"title": "Q3 budget", "due_day": 14, "outputs": ["budget.xlsx"]}\n```'
        ),
    )
    llm = openai_llm()

    value = await llm.structured(HELLO, Deliverable, context=CTX)

    assert value == Deliverable(title="Q3 budget", due_day=14, outputs=["budget.xlsx"])
    first = server.received[0].body
    assert first["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "Deliverable",
            "schema": Deliverable.model_json_schema(),
            "strict": False,
        },
    }
    feedback = server.received[1].body["messages"][-1]
    assert feedback["role"] == "user"
    assert "due_day" in feedback["content"] and "outputs" in feedback["content"]
    assert "Deliverable" in feedback["content"]
    assert call_log.statuses() == ["invalid", "ok"]


async def test_structured_output_that_never_validates_is_reported(
    openai_llm, server: OpenAIStubServer
) -> None:
    for _ in range(3):
        server.push(completion("Sure! Here is the deliverable you asked for."))
    llm = openai_llm(validation_retries=2)

    with pytest.raises(ReplyInvalid) as caught:
        await llm.structured(HELLO, Deliverable, context=CTX)

    assert "did not match the Deliverable schema after 3 tries" in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_length_finish_is_a_truncated_outcome_not_a_retry(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(completion("The quarterly numbers show that", finish_reason="length"))
    server.push(completion('{"title": "Q3', finish_reason="length"))
    llm = openai_llm()

    result = await llm.chat(HELLO, context=CTX, max_tokens=6)
    with pytest.raises(ReplyTruncated) as caught:
        await llm.structured(HELLO, Deliverable, context=CTX.at(1), max_tokens=6)

    assert result.status == "truncated" and result.text == "The quarterly numbers show that"
    assert "cut off at its token limit" in str(caught.value)
    assert len(server.received) == 2
    assert server.received[0].body["max_tokens"] == 6
    assert call_log.statuses() == ["truncated", "truncated"]


async def test_a_refusal_is_a_recorded_outcome(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(completion(None, refusal="I can't help with that."))
    server.push(completion("", finish_reason="content_filter"))
    llm = openai_llm()

    refused = await llm.chat(HELLO, context=CTX)
    filtered = await llm.chat(HELLO, context=CTX.at(1))

    assert refused.status == "refused" and refused.refusal == "I can't help with that."
    assert filtered.status == "refused"
    assert call_log.statuses() == ["refused", "refused"]


async def test_a_cancelled_call_still_completes_its_record(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    arrived = asyncio.Event()
    loop = asyncio.get_running_loop()
    server.on_request = lambda received: loop.call_soon_threadsafe(arrived.set)
    server.push(Canned(body=completion("late"), delay_s=3.0))
    llm = openai_llm()

    task = asyncio.create_task(llm.chat(HELLO, context=CTX))
    await arrived.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert call_log.statuses() == ["error"]
    assert "interrupted" in (call_log.ends[1].error or "")


async def test_a_reply_that_is_not_json_is_a_plain_error(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(Canned(body="<html>gateway page</html>"))
    llm = openai_llm()

    with pytest.raises(ModelError) as caught:
        await llm.chat(HELLO, context=CTX)

    assert "not a JSON object" in str(caught.value)
    assert call_log.ends[1].response == {"text": "<html>gateway page</html>"}


async def test_without_a_call_log_nothing_is_recorded_and_calls_work(
    server: OpenAIStubServer,
) -> None:
    from pydantic import SecretStr

    from engine.config import ModelSettings
    from engine.llm import make_llm

    server.push(completion("pong"))
    settings = ModelSettings(
        backend="openai", model="m", base_url=server.base_url, api_key=SecretStr(API_KEY)
    )
    async with make_llm(settings) as llm:
        result = await llm.chat(HELLO, context=CTX)
    assert result.text == "pong" and result.call_id is None
