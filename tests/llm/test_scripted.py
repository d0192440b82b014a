"""The scripted backend: deterministic, rule-driven, and served under the real openai client."""

from __future__ import annotations

import datetime as dt
import enum
import json

import httpx2
import pytest
from pydantic import BaseModel, Field, SecretStr

from engine.config import ModelSettings
from engine.errors import ConfigError
from engine.llm import (
    CallContext,
    ChatMessage,
    ReplyTruncated,
    ToolSpec,
    make_llm,
    ping,
)
from engine.llm.scripted import (
    Reply,
    ScriptedPolicy,
    ScriptedRequest,
    ScriptedServer,
    register_tools,
)
from tests.llm.conftest import MemoryCallLog

CTX = CallContext(purpose="profile", world_id="w-1")


class Tone(enum.StrEnum):
    formal = "formal"
    casual = "casual"


class Project(BaseModel):
    name: str
    due_date: dt.date
    budget: float = Field(ge=0)


class PersonCard(BaseModel):
    full_name: str
    occupation: str
    employer: str
    tone: Tone
    projects: list[Project] = Field(min_length=1)
    habits: list[str]


class ReadFile(BaseModel):
    path: str = Field(min_length=1)
    max_chars: int = Field(default=2000, ge=100, le=10_000)


class SendMessage(BaseModel):
    to: str
    subject: str
    body: str


TOOLS = [
    ToolSpec(name="read_file", description="Read a file.", params=ReadFile),
    ToolSpec(name="send_message", description="Message a collaborator.", params=SendMessage),
]
ASK = [
    ChatMessage.system("You build realistic user profiles."),
    ChatMessage.user("A nurse in Leeds."),
]


def scripted(seed: int = 0, **kw) -> ModelSettings:
    return ModelSettings(backend="scripted", seed=seed, **kw)


async def test_structured_fallback_is_valid_and_deterministic_for_a_seed() -> None:
    async with make_llm(scripted(5)) as a, make_llm(scripted(5)) as b, make_llm(scripted(6)) as c:
        first = await a.structured(ASK, PersonCard, context=CTX)
        again = await b.structured(ASK, PersonCard, context=CTX)
        other = await c.structured(ASK, PersonCard, context=CTX)
    assert isinstance(first, PersonCard) and first.projects
    assert first == again
    assert first != other


async def test_the_same_request_gets_the_same_wire_reply() -> None:
    server = ScriptedServer(ScriptedPolicy(seed=2))
    body = {
        "model": "scripted-1",
        "messages": [{"role": "user", "content": "hello"}],
        "tools": [
            {
                "type": "function",
                "function": {"name": "read_file", "parameters": ReadFile.model_json_schema()},
            }
        ],
    }
    request = httpx2.Request("POST", "http://scripted.invalid/v1/chat/completions", json=body)
    one, two = server.handle(request).json(), server.handle(request).json()
    assert one["choices"] == two["choices"] and one["id"] == two["id"]
    assert one["object"] == "chat.completion"
    call = one["choices"][0]["message"]["tool_calls"][0]
    assert call["type"] == "function" and call["function"]["name"] == "read_file"
    ReadFile.model_validate_json(call["function"]["arguments"])
    assert one["choices"][0]["finish_reason"] == "tool_calls"
    # the second identical prompt is entirely in the prefix cache
    assert two["usage"]["prompt_tokens_details"]["cached_tokens"] == two["usage"]["prompt_tokens"]


async def test_tool_calls_have_valid_arguments_and_respect_tool_choice() -> None:
    async with make_llm(scripted(1)) as llm:
        for turn in range(6):
            messages = [*ASK, ChatMessage.user(f"turn {turn}")]
            result = await llm.chat(messages, tools=TOOLS, context=CTX)
            [call] = result.tool_calls
            spec = {t.name: t for t in TOOLS}[call.name]
            assert isinstance(spec.parse(call), BaseModel)
            assert result.requests == 1
        forced = await llm.chat(ASK, tools=TOOLS, tool_choice="send_message", context=CTX)
    assert forced.tool_calls[0].name == "send_message"
    SendMessage.model_validate(forced.tool_calls[0].arguments)


async def test_usage_counts_the_prompt_and_reports_the_shared_prefix_as_cached() -> None:
    async with make_llm(scripted()) as llm:
        first = await llm.chat(ASK, context=CTX)
        longer = [*ASK, first.message, ChatMessage.user("Now add her manager.")]
        second = await llm.chat(longer, context=CTX)
        changed = [ChatMessage.system("A different system prompt."), *longer[1:]]
        third = await llm.chat(changed, context=CTX)
    assert first.usage.prompt_tokens > 10 and first.usage.cached_tokens == 0
    assert first.usage.completion_tokens > 0
    assert first.usage.total_tokens == first.usage.prompt_tokens + first.usage.completion_tokens
    assert second.usage.prompt_tokens > first.usage.prompt_tokens
    assert second.usage.cached_tokens == first.usage.prompt_tokens
    assert third.usage.cached_tokens == 0


async def test_registered_rules_answer_before_the_fallback() -> None:
    policy = ScriptedPolicy(seed=3)

    def profile_rule(request: ScriptedRequest) -> PersonCard:
        occupation = "Practice Nurse" if "nurse" in request.last_user_text.lower() else "Clerk"
        return PersonCard(
            full_name="Amara Okafor",
            occupation=occupation,
            employer="Leeds General Infirmary",
            tone=Tone.formal,
            projects=[Project(name="Flu clinic rota", due_date=dt.date(2025, 10, 1), budget=0)],
            habits=["keeps a handover log"],
        )

    policy.register_structured(PersonCard, profile_rule)
    policy.register_tools("work_turn", lambda r: Reply.call("read_file", path="Rota/october.xlsx"))
    policy.register_tools(
        lambda r: bool(r.tool_results),
        lambda r: Reply.text(f"Read {len(r.tool_results)} result(s)."),
    )
    async with make_llm(scripted(3), policy=policy) as llm:
        assert llm.policy is policy
        profile = await llm.structured(ASK, PersonCard, context=CTX)
        turn = await llm.chat(ASK, tools=TOOLS, context=CallContext(purpose="work_turn"))
        call = turn.tool_calls[0]
        after = await llm.chat(
            [*ASK, turn.message, ChatMessage.tool(call.id, "rota contents")],
            tools=TOOLS,
            context=CallContext(purpose="work_turn"),
        )
    assert profile.occupation == "Practice Nurse"
    assert (call.name, call.arguments) == ("read_file", {"path": "Rota/october.xlsx"})
    assert after.text == "Read 1 result(s)." and after.tool_calls == []


async def test_module_wide_rules_reach_every_policy() -> None:
    register_tools("test-module-wide-greeting", lambda r: "Good morning from a module rule.")
    async with make_llm(scripted()) as llm:
        result = await llm.chat(ASK, context=CallContext(purpose="test-module-wide-greeting"))
    assert result.text == "Good morning from a module rule."


async def test_the_repair_loop_runs_for_the_scripted_backend_too() -> None:
    policy = ScriptedPolicy()

    def clumsy(request: ScriptedRequest) -> Reply:
        if any("not valid JSON" in text for text in request.tool_results):
            return Reply.call("read_file", {"path": "notes.txt"})
        return Reply.call("read_file", '{"path": "notes.txt"')

    policy.register_tools("work_turn", clumsy)
    log = MemoryCallLog()
    async with make_llm(scripted(), log, policy=policy) as llm:
        result = await llm.chat(ASK, tools=TOOLS, context=CallContext(purpose="work_turn"))
    assert result.tool_calls[0].arguments == {"path": "notes.txt"}
    assert log.statuses() == ["invalid", "ok"]
    assert all(s.backend == "scripted" for s in log.starts.values())
    assert log.ends[2].response is not None
    assert log.ends[2].response["object"] == "chat.completion"


async def test_max_tokens_cuts_the_reply_and_reports_length() -> None:
    async with make_llm(scripted()) as llm:
        result = await llm.chat(ASK, context=CTX, max_tokens=2)
        with pytest.raises(ReplyTruncated):
            await llm.structured(ASK, PersonCard, context=CTX, max_tokens=5)
    assert result.status == "truncated" and result.usage.completion_tokens <= 2


async def test_ping_goes_through_the_same_path() -> None:
    log = MemoryCallLog()
    async with make_llm(scripted(), log) as llm:
        said = await ping(llm)
    assert said.startswith("'pong' in ") and said.endswith(" ms")
    assert log.starts[1].purpose == "ping" and log.statuses() == ["ok"]


async def test_a_malformed_request_gets_a_400_like_a_real_server() -> None:
    server = ScriptedServer(ScriptedPolicy())
    request = httpx2.Request(
        "POST", "http://scripted.invalid/v1/chat/completions", json={"model": "m", "messages": []}
    )
    response = server.handle(request)
    assert response.status_code == 400
    assert "messages" in json.loads(response.content)["error"]["message"]


def test_the_openai_backend_needs_a_key_or_a_local_url() -> None:
    with pytest.raises(ConfigError, match="API key"):
        make_llm(ModelSettings(backend="openai", model="gpt-4o-mini"))


async def test_an_openai_llm_for_a_local_server_needs_no_key() -> None:
    settings = ModelSettings(backend="openai", model="llama", base_url="http://127.0.0.1:9/v1")
    async with make_llm(settings) as llm:
        assert llm.where == "http://127.0.0.1:9/v1"


async def test_a_password_in_the_base_url_is_not_shown() -> None:
    settings = ModelSettings(
        backend="openai",
        model="m",
        base_url="http://user:hunter2-pass@127.0.0.1:9/v1",
        api_key=SecretStr("sk-abcdef123456"),
    )
    async with make_llm(settings) as llm:
        assert "hunter2" not in llm.where
