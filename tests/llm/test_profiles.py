"""Server profiles: the body each kind of server is sent, and how the kind is found.

Also the repairs a real model's habits call for (JSON in prose or a code fence,
raw line breaks in strings, empty replies, prose where a tool call was asked
for, JSON cut short): each is fixed or fed back to the model, and counted.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import time
from dataclasses import replace
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field, SecretStr

from engine.config import ModelSettings, Settings
from engine.errors import ConfigError, ModelError
from engine.llm import (
    CallContext,
    ChatMessage,
    ReplyInvalid,
    ReplyTruncated,
    ToolCall,
    ToolSpec,
    make_llm,
)
from engine.llm.profiles import (
    GENERIC,
    LLAMA_CPP_PYTHON,
    LLAMA_SERVER,
    OLLAMA,
    OPENAI,
    PROFILES,
    VLLM,
    SchemaBudget,
    for_grammar,
    from_models,
    from_port,
    from_url,
    grammar_pattern,
    profile_named,
    within_budget,
    without_keywords,
)
from engine.llm.wire import build_body, extract_json
from tests.llm.conftest import API_KEY, MemoryCallLog
from tests.llm.openai_server import (
    Canned,
    OpenAIStubServer,
    _Handler,
    completion,
    tool_call,
)

CTX = CallContext(purpose="work_turn", run_id="run-1", turn=3)


class ReadFile(BaseModel):
    path: str = Field(min_length=1, pattern=r"^[\w/.-]+\.txt$")


class SendMessage(BaseModel):
    to: str
    body: str = Field(max_length=4000)


class Meeting(BaseModel):
    title: str = Field(max_length=80)
    room: str = Field(pattern=r"^[A-Z]\.\d+$")
    minutes: int = Field(ge=5, le=240)


READ = ToolSpec(name="read_file", description="Read a file.", params=ReadFile)
SEND = ToolSpec(name="send_message", description="Message someone.", params=SendMessage)
CALL = ToolCall(
    id="c1", name="read_file", arguments={"path": "a.txt"}, raw_arguments='{"path":"a.txt"}'
)
CONVERSATION = [
    ChatMessage.user("Read a.txt, then tell Ann."),
    ChatMessage.assistant(None, tool_calls=[CALL]),
    ChatMessage.tool("c1", "milk, eggs"),
]


def body(profile, messages=None, **kw) -> dict[str, Any]:
    return build_body(model="m", messages=messages or CONVERSATION, profile=profile, **kw)


# -- the body per profile ----------------------------------------------------------------


def test_generic_sends_the_openai_protocol_unchanged() -> None:
    sent = body(GENERIC, tools=[READ, SEND], tool_choice="read_file", max_tokens=50)

    assert sent["messages"][1] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "c1",
                "type": "function",
                "function": {"name": "read_file", "arguments": '{"path":"a.txt"}'},
            }
        ],
    }
    assert sent["messages"][2] == {"role": "tool", "tool_call_id": "c1", "content": "milk, eggs"}
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "read_file"}}
    assert [t["function"]["name"] for t in sent["tools"]] == ["read_file", "send_message"]
    assert sent["tools"][0]["function"]["parameters"] == ReadFile.model_json_schema()
    assert sent["max_tokens"] == 50
    structured = body(GENERIC, output=Meeting)
    assert structured["response_format"]["type"] == "json_schema"
    assert structured["response_format"]["json_schema"]["schema"] == Meeting.model_json_schema()


def test_openai_and_vllm_differ_only_in_the_token_limit_key() -> None:
    openai = body(OPENAI, tools=[READ], tool_choice="required", max_tokens=50)
    vllm = body(VLLM, tools=[READ], tool_choice="required", max_tokens=50)

    assert openai.pop("max_completion_tokens") == 50 and "max_tokens" not in openai
    assert vllm.pop("max_tokens") == 50
    assert openai == vllm
    assert openai["tool_choice"] == "required"


def test_llama_cpp_python_takes_json_object_with_a_schema_it_can_build_a_grammar_from() -> None:
    sent = body(LLAMA_CPP_PYTHON, messages=[ChatMessage.user("Book it.")], output=Meeting)

    fmt = sent["response_format"]
    assert fmt["type"] == "json_object"
    props = fmt["schema"]["properties"]
    # Its grammar builder crashes the server on an escape in a pattern: none is sent, and
    # `+` is bounded (it ignores maxLength on a patterned string).
    assert props["room"]["pattern"] == "^[A-Z][.][0-9]{1,32}$"
    assert "enum" not in props["minutes"]  # 236 values: too many to send as an enum
    assert props["title"]["maxLength"] == 80  # small limits stay
    long_text = body(LLAMA_CPP_PYTHON, tools=[SEND], tool_choice="send_message")
    sent_body = long_text["tools"][0]["function"]["parameters"]["properties"]["body"]
    assert sent_body["maxLength"] == 1000  # lowered, not dropped: a bound is kept
    assert "max_completion_tokens" not in sent  # it would ignore that key: no limit at all
    assert sent["max_tokens"] == 4096  # and it sets none of its own
    assert body(LLAMA_CPP_PYTHON, output=Meeting, max_tokens=50)["max_tokens"] == 50


def test_llama_cpp_python_forced_tools_become_forms_it_honours() -> None:
    one = body(LLAMA_CPP_PYTHON, tools=[READ], tool_choice="required")
    many = body(LLAMA_CPP_PYTHON, tools=[READ, SEND], tool_choice="required")
    named = body(LLAMA_CPP_PYTHON, tools=[READ, SEND], tool_choice="send_message")

    # "required" is an HTTP 500 there: one tool is named instead, several get auto + words.
    assert one["tool_choice"] == {"type": "function", "function": {"name": "read_file"}}
    assert many["tool_choice"] == "auto"
    assert "must be a call to one of the tools (read_file, send_message)" in str(many["messages"])
    assert named["tool_choice"] == {"type": "function", "function": {"name": "send_message"}}
    assert len(named["tools"]) == 2


def test_llama_cpp_python_gets_tool_results_as_text_and_tools_in_a_system_message() -> None:
    sent = body(LLAMA_CPP_PYTHON, tools=[READ, SEND], tool_choice="auto")

    roles = [m["role"] for m in sent["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    assert sent["messages"][0]["content"] == ""
    assert sent["messages"][2]["content"] == ""  # null is an HTTP 500 there
    assert sent["messages"][3]["content"] == "Result of read_file (call c1):\nmilk, eggs"
    with_system = body(
        LLAMA_CPP_PYTHON, messages=[ChatMessage.system("Be brief."), *CONVERSATION], tools=[READ]
    )
    assert with_system["messages"][0] == {"role": "system", "content": "Be brief."}


def test_ollama_cannot_be_forced_so_it_is_offered_only_that_tool_and_told() -> None:
    named = body(OLLAMA, tools=[READ, SEND], tool_choice="send_message")
    required = body(OLLAMA, tools=[READ, SEND], tool_choice="required")

    assert named["tool_choice"] == "auto"
    assert [t["function"]["name"] for t in named["tools"]] == ["send_message"]
    assert named["messages"][-1] == {
        "role": "user",
        "content": "This reply must be a call to the tool send_message, not a message in prose.",
    }
    assert required["tool_choice"] == "auto"
    assert named["messages"][1]["content"] == ""  # Ollama answers 400 to null
    assert named["messages"][2]["role"] == "tool"


def test_llama_server_reads_a_named_choice_as_auto_so_it_gets_required() -> None:
    named = body(LLAMA_SERVER, tools=[READ, SEND], tool_choice="read_file")

    assert named["tool_choice"] == "required"
    assert [t["function"]["name"] for t in named["tools"]] == ["read_file"]
    assert body(LLAMA_SERVER, output=Meeting)["response_format"]["type"] == "json_schema"


def test_an_instruction_joins_the_last_user_message() -> None:
    sent = body(
        OLLAMA, messages=[ChatMessage.user("Tell Ann.")], tools=[SEND], tool_choice="send_message"
    )

    assert sent["messages"] == [
        {
            "role": "user",
            "content": "Tell Ann.\n\n"
            "This reply must be a call to the tool send_message, not a message in prose.",
        }
    ]


def test_tool_mode_asks_for_structured_output_as_a_forced_tool() -> None:
    tool_mode = replace(GENERIC, name="tools-only", structured="tool")
    sent = body(tool_mode, messages=[ChatMessage.user("Book it.")], output=Meeting)

    assert "response_format" not in sent
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "Meeting"}}
    assert sent["tools"][0]["function"]["parameters"] == Meeting.model_json_schema()


@pytest.mark.parametrize(
    ("pattern", "sent"),
    [
        (r"^[a-z][a-z0-9._-]{1,31}$", r"^[a-z][a-z0-9._-]{1,31}$"),  # nothing to change
        (
            r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
            r"^[A-Za-z0-9._%+'-]{1,16}@[A-Za-z0-9-]{1,16}([.][A-Za-z0-9-]{1,16}){1,16}$",
        ),
        (r"^DLV_\d{3}$", r"^DLV_[0-9]{3}$"),
        (r"^\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6}$", r"^[$]?[A-Za-z]{1,3}[$]?[1-9][0-9]{0,6}$"),
        (r"^[\w/.-]*\.txt$", r"^[A-Za-z0-9_/.-]{0,16}[.]txt$"),
        (r"^a\bc$", None),  # an escape with no character-class spelling: left out
        (r"^=.+", None),  # the converter takes only patterns anchored at both ends
    ],
)
def test_patterns_are_sent_as_the_grammar_converter_takes_them(
    pattern: str, sent: str | None
) -> None:
    assert grammar_pattern(pattern, repeat=16) == sent


def test_a_grammar_schema_keeps_bounds_the_converter_would_drop() -> None:
    schema = {
        "type": "object",
        "properties": {
            "year": {"type": "integer", "minimum": 1950, "maximum": 2100},
            "count": {"type": "integer", "minimum": 0, "maximum": 100_000},
            "body": {"type": "string", "maxLength": 4000},
            "id": {"type": "string", "pattern": r"^[a-z]+$", "maxLength": 40},
        },
    }

    out = for_grammar(schema, repeat=8)["properties"]

    assert out["year"]["enum"] == list(range(1950, 2101))  # minimum/maximum are ignored
    assert "enum" not in out["count"]  # too many values to list
    assert out["body"]["maxLength"] == 1000  # lowered, not dropped: still a bound
    assert out["id"]["pattern"] == "^[a-z]{1,8}$"
    assert schema["properties"]["body"]["maxLength"] == 4000  # the original is untouched


def test_a_small_model_is_asked_for_less_than_the_schema_allows_never_below_it() -> None:
    class Entry(BaseModel):
        title: str = Field(description="A property called title stays.")
        tags: list[str] = Field(default_factory=list, max_length=30)
        people: list[str] = Field(min_length=4, max_length=10)
        note: str = Field(default="", min_length=0, max_length=500)
        summary: str = Field(min_length=80)
        kind: Literal["a", "b"] = "a"

    sent = within_budget(Entry.model_json_schema(), SchemaBudget(items=2, chars=48))
    props = sent["properties"]

    assert set(props) == {"title", "tags", "people", "note", "summary", "kind"}
    assert props["tags"]["maxItems"] == 2 and props["people"]["maxItems"] == 4
    assert props["title"]["maxLength"] == 48 and props["note"]["maxLength"] == 48
    assert props["summary"]["maxLength"] == 80  # its minimum wins
    assert "maxLength" not in props["kind"]  # an enum needs no bound
    # Lean: no words meant for people (what the server would show in the prompt).
    assert "description" not in props["title"] and "title" not in props["title"]
    assert "default" not in props["tags"] and "title" not in sent
    # A reply within the budget is a valid `Entry`.
    Entry.model_validate({"title": "x" * 48, "people": ["a"] * 4, "summary": "s" * 80})


def test_defaults_fill_only_what_a_request_leaves_unset() -> None:
    small = replace(LLAMA_CPP_PYTHON, default_max_tokens=100, default_temperature=0.2)
    assert body(small)["max_tokens"] == 100 and body(small)["temperature"] == 0.2
    given = body(small, max_tokens=7, temperature=0.9)
    assert given["max_tokens"] == 7 and given["temperature"] == 0.9
    assert "temperature" not in body(GENERIC) and "max_tokens" not in body(GENERIC)


def test_keywords_are_dropped_from_schemas_but_never_property_names() -> None:
    schema = {
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "pattern": "^a$", "maxLength": 5000},
            "short": {"type": "string", "maxLength": 10},
        },
        "$defs": {"X": {"anyOf": [{"type": "string", "pattern": "x"}, {"type": "null"}]}},
        "items": {"pattern": "y"},
    }

    out = without_keywords(schema, {"pattern": None, "maxLength": 1000})

    assert out == {
        "type": "object",
        "properties": {"pattern": {"type": "string"}, "short": {"type": "string", "maxLength": 10}},
        "$defs": {"X": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
        "items": {},
    }
    assert schema["properties"]["pattern"]["pattern"] == "^a$"  # the original is untouched


def test_profiles_are_named_in_configuration() -> None:
    assert set(PROFILES) == {
        "openai",
        "vllm",
        "ollama",
        "llama-cpp-python",
        "llama-server",
        "generic",
    }
    assert profile_named("LLAMA_CPP_PYTHON") is LLAMA_CPP_PYTHON
    assert profile_named("llama.cpp") is LLAMA_SERVER
    with pytest.raises(ConfigError, match="unknown server profile 'lmstudio'"):
        profile_named("lmstudio")
    env = {"SYNTHCOMP_SERVER_PROFILE": "ollama", "SYNTHCOMP_MODEL_PATH": "~/m.gguf"}
    settings = Settings.resolve(workspace="/tmp/w", env=env)
    assert settings.model.server_profile == "ollama"
    assert settings.model.model_path is not None and settings.model.model_path.name == "m.gguf"
    with pytest.raises(ConfigError, match="unknown server profile"):
        Settings.resolve(workspace="/tmp/w", env={"SYNTHCOMP_SERVER_PROFILE": "nope"})


# -- detection ---------------------------------------------------------------------------


def test_the_url_alone_settles_openai_and_ports_hint_the_rest() -> None:
    assert from_url("https://api.openai.com/v1").profile is OPENAI  # type: ignore[union-attr]
    assert from_url("http://127.0.0.1:8000/v1") is None
    assert from_port("http://localhost:11434/v1").profile is OLLAMA  # type: ignore[union-attr]
    assert from_port("http://gpu-box:8080/v1").profile is LLAMA_SERVER  # type: ignore[union-attr]
    assert from_port("http://gpu-box:8000/v1") is None  # vLLM and llama-cpp-python share it


MODELS = {
    "vllm": {"data": [{"id": "Qwen/Qwen3-8B", "object": "model", "owned_by": "vllm", "root": "q"}]},
    "llama-server": {
        "data": [
            {"id": "m.gguf", "object": "model", "owned_by": "llamacpp", "meta": {"n_ctx_train": 8}}
        ]
    },
    "llama-cpp-python": {
        "data": [{"id": "/m/x.gguf", "object": "model", "owned_by": "me", "permissions": []}]
    },
    "ollama": {"data": [{"id": "llama3.2:latest", "object": "model", "owned_by": "library"}]},
    "openai": {"data": [{"id": "gpt-4o-mini", "object": "model", "owned_by": "system"}]},
    "generic": {"data": [{"id": "some-model", "object": "model", "owned_by": "organization"}]},
}


@pytest.mark.parametrize("expected", sorted(MODELS))
def test_a_models_listing_names_its_server(expected: str) -> None:
    found = from_models({"object": "list", **MODELS[expected]})
    assert (found.profile.name if found else "generic") == expected


class _ModelsHandler(_Handler):
    """The stub's handler, plus `GET /v1/models` answering what the test set."""

    def do_GET(self) -> None:
        stub = self.server.stub
        stub.gets.append(self.path)  # type: ignore[attr-defined]
        status, payload, delay = stub.models  # type: ignore[attr-defined]
        if delay:
            stub.stopping.wait(delay)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True


class ModelsServer(OpenAIStubServer):
    def __init__(self, models: Any = None, status: int = 200, delay_s: float = 0.0) -> None:
        super().__init__()
        self.models = (status, models or {"object": "list", "data": []}, delay_s)
        self.gets: list[str] = []
        self._server.RequestHandlerClass = _ModelsHandler


def settings_for(server: OpenAIStubServer, **kw: Any) -> ModelSettings:
    base: dict[str, Any] = {
        "backend": "openai",
        "model": "m",
        "base_url": server.base_url,
        "api_key": SecretStr(API_KEY),
        "timeout_s": 5.0,
        "max_attempts": 1,
    }
    return ModelSettings(**{**base, **kw})


@pytest.mark.parametrize("expected", sorted(MODELS))
async def test_the_profile_is_detected_from_a_real_server_once_and_shapes_the_body(
    expected: str,
) -> None:
    log = MemoryCallLog()
    with ModelsServer({"object": "list", **MODELS[expected]}) as server:
        server.push(completion('{"title": "Sync", "room": "B.12", "minutes": 30}'))
        server.push(completion('{"title": "Sync", "room": "B.12", "minutes": 30}'))
        async with make_llm(settings_for(server), log) as llm:
            assert llm.profile is None  # nothing is asked before the first call
            first = await llm.structured([ChatMessage.user("Book it.")], Meeting, context=CTX)
            await llm.structured([ChatMessage.user("Again.")], Meeting, context=CTX.at(1))

        assert first == Meeting(title="Sync", room="B.12", minutes=30)
        assert llm.profile is not None and llm.profile.name == expected
        assert server.gets == ["/v1/models"]  # once, whatever the number of calls
        sent = server.received[0].body
        fmt = "json_object" if expected == "llama-cpp-python" else "json_schema"
        assert sent["response_format"]["type"] == fmt
        assert log.starts[1].request == sent  # the record is the body that was sent


async def test_concurrent_first_calls_ask_the_server_once_without_blocking_the_loop() -> None:
    with ModelsServer({"data": MODELS["vllm"]["data"]}, delay_s=0.3) as server:
        server.push(completion("a"), completion("b"), completion("c"))
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        beat = asyncio.create_task(ticker())
        try:
            async with make_llm(settings_for(server)) as llm:
                started = time.perf_counter()
                results = await asyncio.gather(
                    *(llm.chat([ChatMessage.user("hi")], context=CTX.at(i)) for i in range(3))
                )
                waited = time.perf_counter() - started
        finally:
            beat.cancel()

        assert sorted(r.text for r in results) == ["a", "b", "c"]
        assert server.gets == ["/v1/models"]
        assert ticks >= waited / 0.01 * 0.5  # the loop kept running during the probe
        assert llm.profile is VLLM


async def test_a_configured_profile_is_not_asked_for_and_a_silent_server_is_generic() -> None:
    with ModelsServer(MODELS["ollama"]) as server:
        server.push(completion("ok"))
        async with make_llm(settings_for(server, server_profile="llama-server")) as llm:
            await llm.chat([ChatMessage.user("hi")], context=CTX)
        assert (
            server.gets == [] and llm.profile is LLAMA_SERVER and llm.profile_reason == "configured"
        )

    with ModelsServer({"error": "no such route"}, status=404) as server:
        server.push(completion("ok"), completion("ok"))
        async with make_llm(settings_for(server)) as llm:
            await llm.chat([ChatMessage.user("hi")], context=CTX)
            await llm.chat([ChatMessage.user("hi")], context=CTX.at(1))
        assert server.gets == ["/v1/models"] and llm.profile is GENERIC


async def test_a_server_that_does_not_answer_is_asked_again_next_time() -> None:
    probe = OpenAIStubServer()
    dead_url = probe.base_url
    probe.close()
    settings = ModelSettings(backend="openai", model="m", base_url=dead_url, max_attempts=1)
    async with make_llm(settings) as llm:
        for _ in range(2):
            with pytest.raises(ModelError, match="could not reach"):
                await llm.chat([ChatMessage.user("hi")], context=CTX)
        assert llm.profile is None  # a guess is never kept


# -- structured output through a forced tool ---------------------------------------------

TOOL_MODE = replace(GENERIC, name="tools-only", structured="tool")


async def test_structured_output_through_a_forced_tool_validates_into_the_model(
    call_log: MemoryCallLog,
) -> None:
    with ModelsServer() as server:
        server.push(
            completion(None, tool_calls=[tool_call("Meeting", '{"title": "Sync", "room": "b12"}')]),
            completion(
                None,
                tool_calls=[
                    tool_call("Meeting", '{"title": "Sync", "room": "B.12", "minutes": 30}', "c2")
                ],
            ),
            completion('Here it is: {"title": "Retro", "room": "A.1", "minutes": 60}'),
        )
        async with make_llm(settings_for(server), call_log, profile=TOOL_MODE) as llm:
            done = await llm.structured_call([ChatMessage.user("Book it.")], Meeting, context=CTX)
            prose = await llm.structured_call(
                [ChatMessage.user("Another.")], Meeting, context=CTX.at(5)
            )

    assert done.value == Meeting(title="Sync", room="B.12", minutes=30)
    assert done.result.problems == {"schema_mismatch": 1} and done.result.requests == 2
    repair = server.received[1].body["messages"]
    assert repair[-2]["tool_calls"][0]["function"]["name"] == "Meeting"
    assert repair[-1]["role"] == "tool" and "minutes" in repair[-1]["content"]
    assert server.received[1].body["tool_choice"]["function"]["name"] == "Meeting"
    # An object written as text instead of a call is still the object: a recorded repair.
    assert prose.value.title == "Retro"
    assert prose.result.repairs == {"json_in_prose": 1, "json_in_content": 1}
    assert call_log.statuses() == ["invalid", "ok", "ok"]
    assert call_log.ends[3].error is None
    assert (call_log.ends[3].note or "").startswith("repaired: ")


# -- a real model's habits, fixed or fed back and counted --------------------------------


class Deliverable(BaseModel):
    title: str
    due_day: int = Field(ge=1, le=31)


HELLO = [ChatMessage.system("You plan work."), ChatMessage.user("Plan the report.")]


def test_json_is_found_in_fences_prose_and_raw_line_breaks() -> None:
    assert extract_json('```json\n{"a": 1}\n```').repairs == ("json_in_code_fence",)
    assert extract_json('Sure: {"a": {"b": 2}} ok?').text == '{"a": {"b": 2}}'
    broken = extract_json('{"a": "two\nlines"}')
    assert broken.text == '{"a": "two\\nlines"}' and broken.repairs == ("control_characters",)
    assert extract_json('{"a": "cut sho').kind == "truncated_json"
    assert extract_json('{"a": 1,, }').kind == "malformed_json"
    assert extract_json("I think the answer is yes.").kind == "no_json"
    assert extract_json("  ").kind == "empty_reply"


async def test_json_wrapped_in_words_is_taken_out_and_the_repair_recorded(
    openai_llm, server: OpenAIStubServer, call_log: MemoryCallLog
) -> None:
    server.push(completion('Here is the plan:\n{"title": "Q3 report",\n "due_day": 12}\nDone!'))
    llm = openai_llm(server_profile="generic")

    done = await llm.structured_call(HELLO, Deliverable, context=CTX)

    assert done.value == Deliverable(title="Q3 report", due_day=12)
    assert done.result.repairs == {"json_in_prose": 1} and done.result.requests == 1
    assert call_log.statuses() == ["ok"]
    assert call_log.ends[1].error is None
    assert call_log.ends[1].note == "repaired: the JSON object was taken out of the words around it"


async def test_empty_truncated_and_prose_replies_go_back_to_the_model_and_are_counted(
    openai_llm, server: OpenAIStubServer
) -> None:
    server.push(
        completion(""),
        completion('{"title": "Q3 report", "due_'),  # stopped early, not at the token limit
        completion('{"title": "Q3 report", "due_day": 3}'),
        completion("I will read the file now."),
        completion(None, tool_calls=[tool_call("read_file", '```json\n{"path": "a.txt"}\n```')]),
    )
    llm = openai_llm(server_profile="generic")

    done = await llm.structured_call(HELLO, Deliverable, context=CTX)
    chat = await llm.chat(HELLO, tools=[READ], tool_choice="required", context=CTX.at(3))

    assert done.value.due_day == 3
    assert done.result.problems == {"empty_reply": 1, "truncated_json": 1}
    second = server.received[1].body["messages"]
    assert second[-2] == {"role": "assistant", "content": ""}
    assert "empty" in second[-1]["content"]
    assert "stops before it is complete" in server.received[2].body["messages"][-1]["content"]
    assert chat.problems == {"prose_instead_of_tool_call": 1}
    assert chat.repairs == {"json_in_code_fence": 1}
    assert chat.tool_calls[0].arguments == {"path": "a.txt"}


async def test_an_empty_chat_reply_is_asked_again_and_a_hopeless_one_is_counted(
    openai_llm, server: OpenAIStubServer
) -> None:
    server.push(completion("   "), completion("Here is the plan."))
    for _ in range(3):
        server.push(completion(None))
    llm = openai_llm(server_profile="generic")

    fixed = await llm.chat(HELLO, context=CTX)
    with pytest.raises(ReplyInvalid) as caught:
        await llm.chat(HELLO, context=CTX.at(2))

    assert fixed.text == "Here is the plan." and fixed.problems == {"empty_reply": 1}
    assert "Your reply was empty" in server.received[1].body["messages"][-1]["content"]
    assert caught.value.problems == {"empty_reply": 3}
    assert "\n" not in str(caught.value)


async def test_a_reply_cut_at_the_token_limit_is_still_an_outcome_not_feedback(
    openai_llm, server: OpenAIStubServer
) -> None:
    server.push(Canned(body=completion('{"title": "Q3', finish_reason="length")))
    llm = openai_llm(server_profile="generic")

    with pytest.raises(ReplyTruncated):
        await llm.structured(HELLO, Deliverable, context=CTX, max_tokens=4)

    assert len(server.received) == 1


@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed"
)
@pytest.mark.parametrize("small", [False, True], ids=["any-model", "small-model"])
def test_every_schema_the_engine_sends_becomes_a_grammar_without_bad_escapes(small: bool) -> None:
    """What the llama-cpp-python profile sends for each structured output and tool of the
    engine goes through the server's own converter, and no string literal of the grammar
    carries an escape its parser rejects (that kills the server with SIGSEGV)."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    from engine.computer import formats
    from engine.llm.local import SMALL_MODEL_BUDGET
    from engine.llm.wire import tool_to_wire
    from engine.schema.objectives import Objectives
    from engine.schema.plans import ARTIFACT_KINDS, ArtifactPlanSet, FolderPlan
    from engine.schema.profile import UserProfile
    from engine.sim.collaborators import CollaboratorFile, CollaboratorReply
    from engine.sim.tools import default_tools, tool_specs

    profile = replace(LLAMA_CPP_PYTHON, budget=SMALL_MODEL_BUDGET) if small else LLAMA_CPP_PYTHON
    outputs = [UserProfile, FolderPlan, ArtifactPlanSet, Objectives, CollaboratorReply]
    outputs += [CollaboratorFile, *{formats.spec_type(k) for k in ARTIFACT_KINDS}]
    schemas = [profile.schema(o.model_json_schema()) for o in outputs]
    schemas += [
        tool_to_wire(spec, profile)["function"]["parameters"]
        for spec in tool_specs(default_tools(allow_code=True))
    ]
    for schema in schemas:
        grammar = json_schema_to_gbnf(json.dumps(schema))
        literals = re.findall(r'"((?:[^"\\]|\\.)*)"', grammar)
        bad = [lit for lit in literals if re.search(r'\\[^"\\nrt\[\]x]', lit)]
        assert not bad, (schema.get("title"), bad[:3])
