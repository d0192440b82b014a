"""`LLM`: the one async interface the engine uses to talk to a model.

Every backend is an `openai.AsyncOpenAI` underneath (the scripted one through an
in-process transport), so one code path sends, retries, records, parses and
repairs for all of them. A call is:

    (once) start the owned server if any, learn the server's profile ->
    build the body as that server takes it -> record it (begin) ->
    send, with the retry loop -> read the raw reply -> check it, cutting a
    JSON object out of words or a code fence if need be -> record the outcome
    (complete) -> if it was unusable, tell the model why and go again (bounded).

What went wrong on the way is counted on the result (`ChatResult.problems`:
fed back to the model; `ChatResult.repairs`: fixed without asking it) and
written into the call's record (`error`; a usable reply that needed a repair
is an `ok` call with the repair in its `note`).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from openai import AsyncOpenAI
from pydantic import BaseModel

from engine.llm.failures import CallFailed, ReplyInvalid, ReplyRefused, ReplyTruncated
from engine.llm.profiles import GENERIC, Detected, ServerProfile
from engine.llm.recorder import Recorder
from engine.llm.redact import Redactor, trim
from engine.llm.repair import (
    Problems,
    StructuredCheck,
    check_structured,
    check_tool_calls,
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
    REPAIR_TEXT,
    ParsedReply,
    ToolChoice,
    build_body,
    read_reply,
    request_hash,
    schema_name,
    status_of,
    usage_of,
)
from engine.schema.calls import CallLog

if TYPE_CHECKING:
    from engine.llm.scripted import ScriptedPolicy

T = TypeVar("T", bound=BaseModel)

log = logging.getLogger(__name__)

PURPOSE_HEADER = "X-Synthcomp-Purpose"
Verdict = Problems | StructuredCheck[Any]
Judge = Callable[[ParsedReply], Verdict]


class ModelServer(Protocol):
    """A model server an `LLM` owns and runs (the local backend's process)."""

    async def ensure_ready(self) -> None:
        """Start the server if it is not running, and return once it answers."""

    def gone(self) -> str | None:
        """Why the server can no longer answer (it exited), or None while it runs."""

    async def aclose(self) -> None:
        """Stop the server; nothing of it may outlive this."""


class ServerGone(Exception):
    """Internal: the owned server exited; `sentence` says how, with its last log lines."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


@dataclass
class _Exchange:
    """One request and its reply, as recorded."""

    reply: ParsedReply
    status: ResultStatus
    verdict: Verdict | None
    usage: Usage
    latency_ms: float
    attempts: int
    call_id: int | None
    request_id: str | None
    repairs: tuple[str, ...] = ()

    @property
    def problem(self) -> Verdict | None:
        return self.verdict if self.verdict else None


@dataclass
class _Totals:
    usage: Usage
    latency_ms: float = 0.0
    attempts: int = 0
    requests: int = 0
    problems: Counter[str] = field(default_factory=Counter)
    repairs: Counter[str] = field(default_factory=Counter)

    def add(self, exchange: _Exchange) -> None:
        self.usage = self.usage + exchange.usage
        self.latency_ms += exchange.latency_ms
        self.attempts += exchange.attempts
        self.requests += 1
        self.repairs.update(exchange.repairs)
        verdict = exchange.problem
        if isinstance(verdict, Problems):
            self.problems.update(verdict.kinds or ["invalid_reply"])
        elif isinstance(verdict, StructuredCheck):
            self.problems[verdict.kind or "invalid_reply"] += 1


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
        profile: ServerProfile | None = None,
        detect: Callable[[], Awaitable[Detected]] | None = None,
        server: ModelServer | None = None,
    ) -> None:
        self._client = client
        self.backend = backend
        self.model = model
        self.where = where
        self.retry = retry
        self.validation_retries = max(0, validation_retries)
        self.policy = policy  # the scripted backend's rules; None for a real server
        self.server = server  # a server this LLM runs (the local backend), stopped on close
        self._seed = seed
        self._redact = redactor or Redactor()
        self._recorder = Recorder(call_log, backend=backend, model=model, redactor=self._redact)
        # The server profile: given, or detected once before the first request.
        self._profile = profile if profile is not None or detect is not None else GENERIC
        self.profile_reason = "configured" if profile is not None else ""
        self._detect = detect
        self._detect_lock = asyncio.Lock()

    @property
    def profile(self) -> ServerProfile | None:
        """The server profile in use; None until it has been detected."""
        return self._profile

    async def server_profile(self) -> ServerProfile:
        """The server profile, detecting it (once, without blocking the loop) if need be."""
        if self._profile is not None:
            return self._profile
        assert self._detect is not None
        async with self._detect_lock:
            if self._profile is None:
                found = await self._detect()
                log.info(
                    "model server at %s: profile %s (%s)",
                    self.where,
                    found.profile.name,
                    found.reason,
                )
                if not found.final:  # the server did not answer: ask again next time
                    return found.profile
                self._profile = found.profile
                self.profile_reason = found.reason
        return self._profile

    async def _prepare(self) -> ServerProfile:
        """Before a call: the owned server is up, and the profile is known."""
        if self.server is not None:
            await self.server.ensure_ready()
        return await self.server_profile()

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
        profile = await self._prepare()
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
                profile=profile,
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
            problems=dict(totals.problems),
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
        profile = await self._prepare()
        name = schema_name(output)
        tool_name = name if profile.structured == "tool" else None
        history = list(messages)
        idx = context.call_idx
        totals = _Totals(usage=Usage())
        last_problem = ""
        for round_ in range(self.validation_retries + 1):
            body = build_body(
                model=self.model,
                messages=history,
                output=output,
                max_tokens=max_tokens,
                temperature=temperature,
                profile=profile,
            )
            exchange = await self._exchange(
                body,
                context.at(idx),
                lambda r: check_structured(r, output, tool_name=tool_name),
            )
            idx += 1
            totals.add(exchange)
            if exchange.status == "truncated":
                raise ReplyTruncated(
                    f"the model's {name} reply was cut off at its token limit; "
                    "allow more tokens or ask for less",
                    next_call_idx=idx,
                    problems=dict(totals.problems),
                )
            if exchange.status == "refused":
                why = exchange.reply.refusal or "a content filter stopped the reply"
                raise ReplyRefused(
                    f"the model declined to write the {name} ({trim(why, 200)})",
                    next_call_idx=idx,
                    problems=dict(totals.problems),
                )
            verdict = exchange.verdict
            assert isinstance(verdict, StructuredCheck)
            if not verdict:
                value: T = verdict.value  # type: ignore[assignment]
                return Structured(value=value, result=self._result(exchange, totals, idx))
            last_problem = verdict.problem or ""
            if round_ < self.validation_retries:
                history.extend(structured_feedback(exchange.reply, last_problem, name))
        tries = self.validation_retries + 1
        raise ReplyInvalid(
            f"the model's reply did not match the {name} schema after {tries} tries: "
            f"{trim(last_problem, 240)}",
            next_call_idx=idx,
            problems=dict(totals.problems),
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
        try:
            await self._client.close()
        finally:
            if self.server is not None:
                await self.server.aclose()

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
            gone = self.server.gone() if self.server is not None else None
            if gone is not None:
                raise ServerGone(gone)
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
        except ServerGone as gone:
            sentence = self._redact.text(gone.sentence)
            await self._recorder.complete(
                call_id, status="error", latency_ms=elapsed_ms(), error=sentence
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
            verdict = judge(reply) if status == "ok" else None
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
        repairs: tuple[str, ...] = tuple(reply.repairs)
        if isinstance(verdict, StructuredCheck):
            repairs = verdict.repairs
        await self._recorder.complete(
            call_id,
            status="invalid" if verdict else status,
            response=payload,
            usage=usage.model_dump(),
            latency_ms=latency_ms,
            attempts=delivered.attempts,
            error=_problem_text(verdict) if verdict else None,
            note=None if verdict else _repair_text(repairs),
            request_id=request_id,
        )
        return _Exchange(
            reply=reply,
            status=status,
            verdict=verdict,
            usage=usage,
            latency_ms=latency_ms,
            attempts=delivered.attempts,
            call_id=call_id,
            request_id=request_id,
            repairs=repairs if not verdict else (),
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
            problems=dict(totals.problems),
            repairs=dict(totals.repairs),
        )


def _error_record(failure: Failure) -> dict[str, Any] | None:
    """What the server sent back with a failed attempt, for the record."""
    if failure.kind != "status":
        return None
    body = failure.body if isinstance(failure.body, dict) else {"text": str(failure.body or "")}
    return {"status": failure.status, "error": body}


def _request_id(failure: Failure) -> str | None:
    return (failure.headers or {}).get("x-request-id")


def _problem_text(verdict: Verdict | None) -> str | None:
    if not verdict:
        return None
    if isinstance(verdict, Problems):
        return verdict.summary()
    return verdict.problem


def _repair_text(repairs: Sequence[str]) -> str | None:
    """For the record of a usable reply that needed help: what was cut away."""
    if not repairs:
        return None
    return "repaired: " + "; ".join(REPAIR_TEXT.get(r, r) for r in repairs)
