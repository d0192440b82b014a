"""`LLM`: the one async interface the engine uses to talk to a model.

Every backend is an `openai.AsyncOpenAI` underneath (the scripted one through an
in-process transport), so one code path sends, retries, records, parses and
repairs for all of them. A call is:

    build the body -> record it (begin) -> send, with the retry loop ->
    read the raw reply -> check it -> record the outcome (complete) ->
    if it was unusable, tell the model why and go again (bounded).
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from openai import AsyncOpenAI
from pydantic import BaseModel

from engine.llm.failures import CallFailed, ReplyInvalid, ReplyRefused, ReplyTruncated
from engine.llm.recorder import Recorder
from engine.llm.redact import Redactor, trim
from engine.llm.repair import (
    Problems,
    check_structured,
    check_tool_calls,
    parse_structured,
    structured_feedback,
    tool_feedback,
)
from engine.llm.retry import Failure, RetriesExhausted, RetryPolicy, with_retries
from engine.llm.types import (
    CallContext,
    ChatMessage,
    ChatResult,
    ResultStatus,
    Structured,
    ToolSpec,
    Usage,
)
from engine.llm.wire import (
    ParsedReply,
    ToolChoice,
    build_body,
    read_reply,
    request_hash,
    response_format_for,
    schema_name,
    status_of,
    usage_of,
)
from engine.schema.calls import CallLog

if TYPE_CHECKING:
    from engine.llm.scripted import ScriptedPolicy

T = TypeVar("T", bound=BaseModel)

PURPOSE_HEADER = "X-Synthcomp-Purpose"
Judge = Callable[[ParsedReply], Problems | str | None]


@dataclass
class _Exchange:
    """One request and its reply, as recorded."""

    reply: ParsedReply
    status: ResultStatus
    problem: Problems | str | None
    usage: Usage
    latency_ms: float
    attempts: int
    call_id: int | None
    request_id: str | None


@dataclass
class _Totals:
    usage: Usage
    latency_ms: float = 0.0
    attempts: int = 0
    requests: int = 0

    def add(self, exchange: _Exchange) -> None:
        self.usage = self.usage + exchange.usage
        self.latency_ms += exchange.latency_ms
        self.attempts += exchange.attempts
        self.requests += 1


class LLM:
    """Chat and structured output over an OpenAI-compatible client, with one retry loop.

    Build it with `engine.llm.make_llm(settings, call_log)`; close it with
    `await llm.aclose()` or use it as an async context manager.
    """

    def __init__(
        self,
        client: AsyncOpenAI,
        *,
        backend: str,
        model: str,
        where: str,
        retry: RetryPolicy,
        call_log: CallLog | None = None,
        redactor: Redactor | None = None,
        validation_retries: int = 2,
        seed: int = 0,
        policy: ScriptedPolicy | None = None,
    ) -> None:
        self._client = client
        self.backend = backend
        self.model = model
        self.where = where
        self.retry = retry
        self.validation_retries = max(0, validation_retries)
        self.policy = policy  # the scripted backend's rules; None for a real server
        self._seed = seed
        self._redact = redactor or Redactor()
        self._recorder = Recorder(call_log, backend=backend, model=model, redactor=self._redact)

    async def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        context: CallContext,
        tools: Sequence[ToolSpec] | None = None,
        tool_choice: ToolChoice = "auto",
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> ChatResult:
        """One assistant turn. Invalid tool calls go back to the model, at most
        `validation_retries` times, before `ReplyInvalid` is raised."""
        history = list(messages)
        idx = context.call_idx
        totals = _Totals(usage=Usage())
        last_problem = ""
        for round_ in range(self.validation_retries + 1):
            body = build_body(
                model=self.model,
                messages=history,
                tools=tools,
                tool_choice=tool_choice if tools else None,
                max_tokens=max_tokens,
                temperature=temperature,
            )
            exchange = await self._exchange(
                body, context.at(idx), lambda r: check_tool_calls(r, tools, tool_choice)
            )
            idx += 1
            totals.add(exchange)
            problems = exchange.problem
            if exchange.status != "ok" or not problems:
                return self._result(exchange, totals, idx)
            assert isinstance(problems, Problems)
            last_problem = problems.summary()
            if round_ < self.validation_retries:
                history.extend(tool_feedback(exchange.reply, problems))
        tries = self.validation_retries + 1
        raise ReplyInvalid(
            f"the model's tool calls for {context.purpose} were still invalid after "
            f"{tries} tries: {trim(last_problem, 240)}",
            next_call_idx=idx,
        )

    async def structured_call(
        self,
        messages: Sequence[ChatMessage],
        output: type[T],
        *,
        context: CallContext,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Structured[T]:
        """`structured`, also returning the call's usage, latency and next call index."""
        name = schema_name(output)
        history = list(messages)
        idx = context.call_idx
        totals = _Totals(usage=Usage())
        last_problem = ""
        for round_ in range(self.validation_retries + 1):
            body = build_body(
                model=self.model,
                messages=history,
                response_format=response_format_for(output),
                max_tokens=max_tokens,
                temperature=temperature,
            )
            exchange = await self._exchange(
                body, context.at(idx), lambda r: check_structured(r, output)
            )
            idx += 1
            totals.add(exchange)
            if exchange.status == "truncated":
                raise ReplyTruncated(
                    f"the model's {name} reply was cut off at its token limit; "
                    "allow more tokens or ask for less",
                    next_call_idx=idx,
                )
            if exchange.status == "refused":
                why = exchange.reply.refusal or "a content filter stopped the reply"
                raise ReplyRefused(
                    f"the model declined to write the {name} ({trim(why, 200)})",
                    next_call_idx=idx,
                )
            if not exchange.problem:
                value = parse_structured(exchange.reply, output)
                return Structured(value=value, result=self._result(exchange, totals, idx))
            last_problem = str(exchange.problem)
            if round_ < self.validation_retries:
                history.extend(structured_feedback(exchange.reply, last_problem, name))
        tries = self.validation_retries + 1
        raise ReplyInvalid(
            f"the model's reply did not match the {name} schema after {tries} tries: "
            f"{trim(last_problem, 240)}",
            next_call_idx=idx,
        )

    async def structured(
        self,
        messages: Sequence[ChatMessage],
        output: type[T],
        *,
        context: CallContext,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> T:
        """Ask for an instance of `output` (as a JSON schema) and return it validated."""
        done = await self.structured_call(
            messages, output, context=context, max_tokens=max_tokens, temperature=temperature
        )
        return done.value

    async def check(self) -> str:
        """Send one tiny request through the full path; say what came back and how fast.

        The sentence is short ("'pong' in 212 ms") because callers such as
        `synthcomp doctor` already name the backend, model and server.
        """
        result = await self.chat(
            [ChatMessage.user("Reply with the single word: pong")],
            context=CallContext(purpose="ping"),
            max_tokens=8,
        )
        said = trim(result.text, 40) or "(an empty reply)"
        return f"{said!r} in {result.latency_ms:.0f} ms"

    async def aclose(self) -> None:
        await self._client.close()

    async def __aenter__(self) -> LLM:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- one request ---------------------------------------------------------------

    async def _exchange(
        self, body: dict[str, Any], context: CallContext, judge: Judge
    ) -> _Exchange:
        digest = request_hash(body)
        call_id = await self._recorder.begin(context, body, digest)
        next_idx = context.call_idx + 1
        rng = random.Random(f"{self._seed}:{digest}")
        started = time.perf_counter()

        def send(timeout: float) -> Awaitable[Any]:
            return self._client.chat.completions.with_raw_response.create(
                **body, extra_headers={PURPOSE_HEADER: context.purpose}, timeout=timeout
            )

        def elapsed_ms() -> float:
            return (time.perf_counter() - started) * 1000.0

        try:
            delivered = await with_retries(send, self.retry, rng, where=self.where)
        except RetriesExhausted as gave_up:
            sentence = self._redact.text(gave_up.sentence)
            await self._recorder.complete(
                call_id,
                status="error",
                response=_error_record(gave_up.failure),
                latency_ms=elapsed_ms(),
                attempts=gave_up.attempts,
                error=sentence,
                request_id=_request_id(gave_up.failure),
            )
            raise CallFailed(sentence, next_call_idx=next_idx) from None
        except BaseException as err:  # cancelled, or an engine bug: the row still gets an end
            await self._recorder.complete(
                call_id,
                status="error",
                latency_ms=elapsed_ms(),
                error=f"interrupted before a reply ({type(err).__name__})",
            )
            raise

        raw = delivered.value
        latency_ms = elapsed_ms()
        request_id = raw.request_id
        try:
            payload = raw.http_response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            text = trim(self._redact.text(raw.http_response.text), 200)
            sentence = (
                f"the model server at {self.where} sent a reply that is not a JSON object ({text})"
            )
            await self._recorder.complete(
                call_id,
                status="error",
                response={"text": text},
                latency_ms=latency_ms,
                attempts=delivered.attempts,
                error=sentence,
                request_id=request_id,
            )
            raise CallFailed(sentence, next_call_idx=next_idx)

        # The raw payload reaches the record whatever happens while reading it.
        try:
            status = status_of(payload)
            completion = raw.parse()
            reply = read_reply(completion)
            usage = usage_of(completion)
            problem = judge(reply) if status == "ok" else None
        except BaseException as err:
            await self._recorder.complete(
                call_id,
                status="error",
                response=payload,
                latency_ms=latency_ms,
                attempts=delivered.attempts,
                error=f"the reply could not be read ({type(err).__name__})",
                request_id=request_id,
            )
            raise
        await self._recorder.complete(
            call_id,
            status="invalid" if problem else status,
            response=payload,
            usage=usage.model_dump(),
            latency_ms=latency_ms,
            attempts=delivered.attempts,
            error=_problem_text(problem),
            request_id=request_id,
        )
        return _Exchange(
            reply=reply,
            status=status,
            problem=problem or None,
            usage=usage,
            latency_ms=latency_ms,
            attempts=delivered.attempts,
            call_id=call_id,
            request_id=request_id,
        )

    def _result(self, exchange: _Exchange, totals: _Totals, next_idx: int) -> ChatResult:
        reply = exchange.reply
        calls = [c for c in reply.tool_calls if c.id not in reply.broken]
        return ChatResult(
            message=ChatMessage.assistant(reply.content, tool_calls=calls or None),
            tool_calls=calls,
            finish_reason=reply.finish_reason,
            status=exchange.status,
            refusal=reply.refusal,
            usage=totals.usage,
            latency_ms=totals.latency_ms,
            attempts=totals.attempts,
            requests=totals.requests,
            model=self.model,
            call_id=exchange.call_id,
            request_id=exchange.request_id,
            next_call_idx=next_idx,
        )


def _error_record(failure: Failure) -> dict[str, Any] | None:
    """What the server sent back with a failed attempt, for the record."""
    if failure.kind != "status":
        return None
    body = failure.body if isinstance(failure.body, dict) else {"text": str(failure.body or "")}
    return {"status": failure.status, "error": body}


def _request_id(failure: Failure) -> str | None:
    return (failure.headers or {}).get("x-request-id")


def _problem_text(problem: Problems | str | None) -> str | None:
    if not problem:
        return None
    return problem.summary() if isinstance(problem, Problems) else problem
