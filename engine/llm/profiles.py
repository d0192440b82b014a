"""Server capability profiles: how each kind of OpenAI-compatible server wants a request.

Servers that all say "OpenAI-compatible" still differ in ways that break a
request outright (HTTP 400/500) or silently (a forced tool choice ignored):

- structured output: OpenAI, vLLM, Ollama and llama.cpp's `llama-server` take
  `response_format={"type": "json_schema", ...}`; llama-cpp-python's server
  rejects that with HTTP 500 and wants `{"type": "json_object", "schema": ...}`;
  a server with neither can be made to fill a schema by forcing a tool whose
  parameters are the schema (`tool` mode);
- `tool_choice`: which of "auto", "required" and a named function
  (`{"type": "function", ...}`) the server honours. llama-cpp-python's
  `chatml-function-calling` handler asserts on "required"; `llama-server`
  silently reads a named choice as "auto"; Ollama ignores `tool_choice`;
- an assistant message that carries `tool_calls` and no text: OpenAI and vLLM
  take `content: null`, Ollama answers 400 ("invalid message content type:
  <nil>") and llama-cpp-python 500, so those get a string;
- `max_tokens` (deprecated by OpenAI, rejected by its reasoning models) or
  `max_completion_tokens` (ignored by llama-cpp-python: the reply would not be
  bounded at all);
- grammars: llama-cpp-python turns a schema into a grammar, and a `pattern`
  such as an e-mail regex (`\\.`), or a `maxLength` over about 1000, yields one
  its parser rejects, after which the server dies (SIGSEGV); patterns are sent
  without escapes (`[.]`) and with bounded repeats, long limits lowered, and
  small integer ranges sent as enums (its converter ignores minimum/maximum),
  so more of the schema holds by construction; pydantic still holds the reply
  to all of it;
- small models: a `SchemaBudget` asks a model for fewer list items and shorter
  strings than the schema allows, without the schema's descriptions (the local
  backend's 135M model would otherwise write thousands of tokens per reply);
- chat-template quirks: llama-cpp-python's `chatml-function-calling` template
  renders a `tool` message as an empty turn (the result never reaches the
  model) and describes the tools only inside the system message (none, no
  tools in the prompt), so results go as user text and a system message is
  added when tools are offered without one.

A profile is applied where the request body is built (`engine.llm.wire.build_body`),
so the body recorded for a call is the body that was sent, and no caller above
`engine.llm` knows which server answers. A forced tool choice a server does not
honour degrades to the strongest form it does honour (the offered tools narrowed
to the one wanted, "required" or "auto") plus a plain instruction; the reply
is still checked against what was asked, and a miss goes back to the model.

The profile comes from configuration (`SYNTHCOMP_SERVER_PROFILE`, the
`server_profile` setting) or is detected once per client, before its first
request: from the base URL's host, from `GET /v1/models` (`owned_by` says
"vllm", "llamacpp", "me" for llama-cpp-python, "library" for Ollama, "openai" or
"system" for OpenAI), then from the port as a weak hint (11434 Ollama, 8080
llama-server); a server that says nothing gets `generic`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from openai import APIError, AsyncOpenAI

from engine.errors import ConfigError
from engine.llm.types import ToolSpec

log = logging.getLogger(__name__)

StructuredMode = Literal["json_schema", "json_object", "tool"]
ChoiceForm = Literal["auto", "required", "named"]
TokensKey = Literal["max_tokens", "max_completion_tokens"]

ALL_CHOICES: frozenset[ChoiceForm] = frozenset({"auto", "required", "named"})


@dataclass(frozen=True)
class SchemaBudget:
    """How much a small model is asked for, at most: `items` per list and `chars` per
    free-text string (never below the schema's own minItems/minLength).

    A model of a hundred million parameters fills every list to its maxItems and
    every string to its maxLength, often by repeating itself; asking it for the
    schema's full allowance makes one profile thousands of tokens (minutes on a
    CPU). What is sent is narrower than the schema, never wider, so a reply that
    fits the budget still validates against the full model.
    """

    items: int = 4
    chars: int = 160
    # Leave out the words a schema carries for people and for strong models (`title`,
    # `description`, `default`, `examples`): a server that shows a tool's parameters in
    # the prompt (llama-cpp-python does) then spends half the tokens on them, and a
    # grammar ignores them.
    lean: bool = True


@dataclass(frozen=True)
class ServerProfile:
    """What one kind of server accepts. Frozen: build a variant with `replace()`."""

    name: str
    structured: StructuredMode = "json_schema"
    tool_choices: frozenset[ChoiceForm] = field(default=ALL_CHOICES)
    # `content` sent on an assistant message that has tool calls and no text
    # (None: send null, as OpenAI documents it).
    tool_call_content: str | None = None
    tokens_key: TokensKey = "max_tokens"
    # Sent when a request sets no limit, for servers whose own default is none at all
    # (a small model in a loop would otherwise write until its context is full).
    default_max_tokens: int | None = None
    # Sent when a request sets no temperature (a small model writes garbage at the
    # server's default of 0.8 or more; near-greedy sampling keeps it on the subject).
    default_temperature: float | None = None
    # The server's chat template drops `tool` messages: send results as user text.
    tool_results_as_user: bool = False
    # The server lists the tools only inside a system message: add one if there is none.
    tools_in_system: bool = False
    # JSON-schema keywords left out of the schemas sent (the server builds a grammar from
    # them and fails), always (None) or above a value; the reply is still validated
    # against the full schema, so what is left out comes back as feedback if missed.
    schema_drops: Mapping[str, int | None] = field(default_factory=dict, hash=False)
    # The server turns schemas into a grammar with llama.cpp's converter: patterns are
    # rewritten without the escapes its parser rejects (or left out), long maxLength is
    # lowered to GRAMMAR_MAX_LENGTH, and small integer ranges become enums (it ignores
    # minimum and maximum), so more of the schema holds by construction.
    grammar: bool = False
    # A small model is asked for less than the schema allows (`SchemaBudget`).
    budget: SchemaBudget | None = None
    summary: str = ""

    def schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """`schema` as this server (and the model behind it) can take it."""
        out = without_keywords(schema, self.schema_drops) if self.schema_drops else schema
        if self.grammar:
            repeat = PATTERN_REPEAT if self.budget is None else max(8, self.budget.chars // 4)
            out = for_grammar(out, repeat)
        if self.budget is not None:
            out = within_budget(out, self.budget)
        return out

    def honours(self, form: ChoiceForm) -> bool:
        return form in self.tool_choices


OPENAI = ServerProfile(
    name="openai",
    tokens_key="max_completion_tokens",
    summary="OpenAI's API: json_schema, every tool_choice form, max_completion_tokens",
)
VLLM = ServerProfile(
    name="vllm",
    summary="vLLM: json_schema (guided decoding), every tool_choice form "
    "(auto needs --enable-auto-tool-choice and a --tool-call-parser)",
)
OLLAMA = ServerProfile(
    name="ollama",
    tool_choices=frozenset({"auto"}),
    tool_call_content="",
    summary="Ollama: json_schema; tool_choice is ignored (auto only); "
    "content must be a string on tool-call messages",
)
LLAMA_CPP_PYTHON = ServerProfile(
    name="llama-cpp-python",
    structured="json_object",
    tool_choices=frozenset({"auto", "named"}),
    tool_call_content="",
    tool_results_as_user=True,
    tools_in_system=True,
    grammar=True,
    default_max_tokens=4096,
    summary="llama-cpp-python's server (--chat_format chatml-function-calling): "
    "json_object with a schema key (json_schema is an HTTP 500), auto or a named "
    "tool (required is an HTTP 500), content must be a string on tool-call messages; "
    "its template drops tool messages and shows the tools only in a system message; "
    "a schema pattern with an escaped character, or a maxLength over about 1000, "
    "crashes it (patterns are sent without escapes, long limits lowered); it sets no "
    "token limit of its own (4096 is sent when the engine sets none)",
)
LLAMA_SERVER = ServerProfile(
    name="llama-server",
    tool_choices=frozenset({"auto", "required"}),
    tool_call_content="",
    summary="llama.cpp's llama-server (--jinja for tools): json_schema, auto or "
    "required (a named tool_choice is read as auto)",
)
GENERIC = ServerProfile(
    name="generic",
    summary="any other OpenAI-compatible server: the OpenAI protocol with max_tokens",
)

PROFILES: dict[str, ServerProfile] = {
    p.name: p for p in (OPENAI, VLLM, OLLAMA, LLAMA_CPP_PYTHON, LLAMA_SERVER, GENERIC)
}
AUTO = ("auto", "detect", "")


def profile_named(name: str) -> ServerProfile:
    """The profile called `name` (case and `_`/`-` do not matter), or a `ConfigError`."""
    key = name.strip().lower().replace("_", "-")
    aliases = {"llama.cpp": "llama-server", "llamacpp": "llama-server", "llama-cpp": "llama-server"}
    key = aliases.get(key, key)
    if key not in PROFILES:
        raise ConfigError(
            f"unknown server profile {name!r}: choose one of {', '.join(PROFILES)}, "
            "or leave SYNTHCOMP_SERVER_PROFILE unset to detect it"
        )
    return PROFILES[key]


def check_profile_name(name: str | None) -> None:
    """Raise `ConfigError` for a profile setting that names no profile (None/auto detect)."""
    if name is not None and name.strip().lower() not in AUTO:
        profile_named(name)


# -- the body, as each profile wants it ----------------------------------------------


@dataclass(frozen=True)
class ToolPlan:
    """The tools and `tool_choice` to send, and an instruction when the choice was weakened."""

    tools: list[ToolSpec]
    choice: str | dict[str, Any]
    instruction: str | None = None


def named_choice(name: str) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name}}


def plan_tools(profile: ServerProfile, tools: Sequence[ToolSpec], choice: str) -> ToolPlan:
    """How to ask `profile`'s server for `choice` ("auto", "none", "required" or a tool name).

    The engine still checks the reply against the `choice` it asked for; this
    only decides what is sent.
    """
    offered = list(tools)
    if choice in ("auto", "none"):
        return ToolPlan(offered, choice)
    if choice == "required":
        if profile.honours("required"):
            return ToolPlan(offered, "required")
        if len(offered) == 1 and profile.honours("named"):
            return ToolPlan(offered, named_choice(offered[0].name))
        names = ", ".join(t.name for t in offered)
        return ToolPlan(
            offered,
            "auto",
            f"This reply must be a call to one of the tools ({names}), not a message in prose.",
        )
    if profile.honours("named"):
        return ToolPlan(offered, named_choice(choice))
    # The server cannot be told which tool: offer only that one, force what can be forced.
    wanted = [t for t in offered if t.name == choice] or offered
    instruction = f"This reply must be a call to the tool {choice}, not a message in prose."
    if profile.honours("required"):
        return ToolPlan(wanted, "required", instruction)
    return ToolPlan(wanted, "auto", instruction)


def add_instruction(messages: list[dict[str, Any]], text: str) -> None:
    """Put `text` at the end of the conversation: onto the last user message, or as a new one.

    Appending to the last user message keeps roles alternating (some chat
    templates refuse two user messages in a row) and leaves the prefix the
    server may have cached untouched.
    """
    last = messages[-1] if messages else None
    if last is not None and last.get("role") == "user" and isinstance(last.get("content"), str):
        content = last["content"]
        last["content"] = f"{content}\n\n{text}" if content else text
    else:
        messages.append({"role": "user", "content": text})


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMA_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains")


def without_keywords(schema: Any, drop: Mapping[str, int | None]) -> Any:
    """A copy of a JSON schema without the keywords in `drop`, at every level:
    always (None) or when the keyword's number exceeds the one given.

    Only schema keywords are dropped, never property names: a field called
    "pattern" stays.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in drop:
            limit = drop[key]
            if limit is None or not isinstance(value, int) or value > limit:
                continue
        if key in _SUBSCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: without_keywords(sub, drop) for name, sub in value.items()}
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [without_keywords(sub, drop) for sub in value]
        elif key in _SUBSCHEMA_ONE:
            out[key] = without_keywords(value, drop)
        else:
            out[key] = value
    return out


GRAMMAR_MAX_LENGTH = 1000  # llama-cpp-python's grammar parser fails on much longer repeats
ENUM_SPAN = 200  # integer ranges up to this many values are sent as an enum
PATTERN_REPEAT = 32  # what `+` and `*` in a pattern sent as a grammar may repeat at most
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_"}
_ESCAPES = {"d": "[0-9]", "w": "[A-Za-z0-9_]"}


def grammar_pattern(pattern: str, repeat: int | None = None) -> str | None:
    """`pattern` without backslash escapes, as llama.cpp's grammar converter can take it
    (it copies an escape such as `\\.` into a grammar literal that its parser rejects):
    an escaped character becomes a one-character class (`[.]`), `\\d` and `\\w` their
    ranges. None when it cannot be written so (the pattern is then left out).

    With `repeat`, `+` and `*` become `{1,repeat}` and `{0,repeat}`: the converter
    ignores maxLength on a patterned string, and a small model inside an unbounded
    `[a-z]+` can write letters until its token limit."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None  # the converter takes only patterns anchored at both ends
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                return None
            nxt = pattern[i + 1]
            if in_class:
                if nxt in _CLASS_ESCAPES:
                    out.append(_CLASS_ESCAPES[nxt])
                elif nxt.isalnum() or nxt in "]^-\\":
                    return None
                else:
                    out.append(nxt)
            elif nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            elif nxt.isalnum() or nxt in "]^\\":
                return None
            else:
                out.append(f"[{nxt}]")
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char in "+*" and not in_class and repeat is not None:
            out.append(f"{{{1 if char == '+' else 0},{repeat}}}")
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _walk(schema: Any, visit: Any) -> Any:
    """A copy of `schema` with `visit(node)` applied to every subschema (a dict), bottom up."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SUBSCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _walk(sub, visit) for name, sub in value.items()}
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [_walk(sub, visit) for sub in value]
        elif key in _SUBSCHEMA_ONE:
            out[key] = _walk(value, visit)
        else:
            out[key] = value
    return visit(out)


def for_grammar(schema: dict[str, Any], repeat: int = PATTERN_REPEAT) -> dict[str, Any]:
    """A copy of `schema` that llama.cpp's JSON-schema-to-grammar converter builds a
    working grammar from, holding as much of the schema as it can (`grammar_pattern`
    with `repeat`, `GRAMMAR_MAX_LENGTH`, small integer ranges as enums)."""

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            rewritten = grammar_pattern(pattern, repeat)
            if rewritten is None:
                del node["pattern"]
            else:
                node["pattern"] = rewritten
        limit = node.get("maxLength")
        if isinstance(limit, int) and limit > GRAMMAR_MAX_LENGTH:
            node["maxLength"] = max(GRAMMAR_MAX_LENGTH, int(node.get("minLength") or 0))
        low, high = node.get("minimum"), node.get("maximum")
        if (
            node.get("type") == "integer"
            and "enum" not in node
            and isinstance(low, int)
            and isinstance(high, int)
            and 0 <= high - low < ENUM_SPAN
        ):
            node["enum"] = list(range(low, high + 1))
        return node

    return _walk(schema, visit)


def within_budget(schema: dict[str, Any], budget: SchemaBudget) -> dict[str, Any]:
    """A copy of `schema` that asks for at most `budget.items` per list and
    `budget.chars` per free-text string, never below the schema's minimums, and
    (`budget.lean`) without the words meant for people. Property names are never
    touched: only schema keywords are (a field called `title` stays)."""

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        kind = node.get("type")
        if budget.lean:
            for word in _WORDS:
                node.pop(word, None)
        if kind == "array":
            floor = int(node.get("minItems") or 0)
            limit = node.get("maxItems")
            cap = budget.items if not isinstance(limit, int) else min(limit, budget.items)
            node["maxItems"] = max(floor, cap)
        elif kind == "string" and not any(
            k in node for k in ("enum", "const", "format", "pattern")
        ):
            floor = int(node.get("minLength") or 0)
            limit = node.get("maxLength")
            cap = budget.chars if not isinstance(limit, int) else min(limit, budget.chars)
            node["maxLength"] = max(floor, cap)
        return node

    return _walk(schema, visit)


_WORDS = ("title", "description", "default", "examples")  # what a lean schema leaves out


def tool_results_as_user(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace each run of `tool` messages by one user message that quotes the results.

    The tool's name comes from the assistant message that made the call.
    """
    names: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    results: list[str] = []

    def flush() -> None:
        if results:
            out.append({"role": "user", "content": "\n\n".join(results)})
            results.clear()

    for message in messages:
        if message.get("role") == "tool":
            call_id = str(message.get("tool_call_id") or "")
            name = names.get(call_id, "the tool")
            results.append(f"Result of {name} (call {call_id}):\n{message.get('content') or ''}")
            continue
        flush()
        for call in message.get("tool_calls") or []:
            names[str(call.get("id"))] = str(call.get("function", {}).get("name") or "the tool")
        out.append(message)
    flush()
    return out


def ensure_system(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if messages and messages[0].get("role") == "system":
        return messages
    return [{"role": "system", "content": ""}, *messages]


# -- detection -----------------------------------------------------------------------

OPENAI_HOSTS = ("api.openai.com",)
PORT_HINTS: Mapping[int, ServerProfile] = {11434: OLLAMA, 8080: LLAMA_SERVER}
OWNED_BY: Mapping[str, ServerProfile] = {
    "vllm": VLLM,
    "llamacpp": LLAMA_SERVER,
    "library": OLLAMA,
    "ollama": OLLAMA,
    "openai": OPENAI,
    "system": OPENAI,
    "openai-internal": OPENAI,
}


@dataclass(frozen=True)
class Detected:
    """A profile and why it was chosen; `final` is False when the server did not answer."""

    profile: ServerProfile
    reason: str
    final: bool = True


def from_url(base_url: str) -> Detected | None:
    """A profile the URL alone settles (OpenAI's own host), or None."""
    try:
        host = (urlsplit(base_url).hostname or "").lower()
    except ValueError:
        return None
    if host in OPENAI_HOSTS or host.endswith(".openai.com"):
        return Detected(OPENAI, f"the host is {host}")
    return None


def from_port(base_url: str) -> Detected | None:
    """A weak hint from a server's default port (11434 Ollama, 8080 llama-server)."""
    try:
        port = urlsplit(base_url).port
    except ValueError:
        return None
    hinted = PORT_HINTS.get(port or 0)
    if hinted is None:
        return None
    return Detected(hinted, f"port {port} is {hinted.name}'s default")


def from_models(payload: Any) -> Detected | None:
    """Read a `GET /v1/models` answer for what the server says about itself."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        return None
    entries = [e for e in payload["data"] if isinstance(e, dict)]
    for entry in entries:
        owner = str(entry.get("owned_by") or "").strip().lower()
        if owner in OWNED_BY:
            return Detected(OWNED_BY[owner], f"/v1/models says owned_by={owner!r}")
        meta = entry.get("meta")
        if isinstance(meta, dict) and "n_ctx_train" in meta:
            return Detected(LLAMA_SERVER, "/v1/models carries llama.cpp's meta block")
        # llama-cpp-python answers owned_by "me" with an empty permissions list.
        if owner == "me" and isinstance(entry.get("permissions"), list):
            return Detected(LLAMA_CPP_PYTHON, "/v1/models says owned_by='me' with permissions")
    return None


async def detect(client: AsyncOpenAI, base_url: str, *, timeout_s: float = 5.0) -> Detected:
    """Find the profile for the server behind `client`: URL, then `/v1/models`, then port.

    Asynchronous and bounded by `timeout_s`; never raises. A server that did
    not answer gives a fallback with `final=False`, so the caller can ask again
    once it is up rather than keep a guess.
    """
    known = from_url(base_url)
    if known is not None:
        return known
    answered = True
    payload: Any = None
    try:
        raw = await client.models.with_raw_response.list(timeout=timeout_s)
        payload = raw.http_response.json()
    except APIError as err:
        # A status error is an answer (the server is up but has no /models); no answer is not.
        answered = getattr(err, "status_code", None) is not None
        log.info("server profile: GET /models gave no listing (%s)", type(err).__name__)
    except ValueError:
        payload = None
    said = from_models(payload)
    if said is not None:
        return said
    hinted = from_port(base_url)
    if hinted is not None:
        return replace(hinted, final=answered)
    why = "the server did not say what it is" if answered else "the server did not answer"
    return Detected(GENERIC, why, final=answered)
