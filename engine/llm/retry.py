"""The only retry loop between the engine and a model server (ENGINE_NOTES rule 8).

The SDK's own retries are off (`AsyncOpenAI(max_retries=0)`): two loops would
multiply attempts and hide them from the record. This loop decides what is
worth another try (408, 409, 429, 5xx, timeouts, lost connections; never a
request the server rejected as such, never an exhausted quota), waits as long
as the server asks (`retry-after-ms`, `Retry-After` in seconds or as a date,
`x-ratelimit-reset-*`) or else a capped, jittered exponential backoff, and
stops at an overall deadline. Jitter comes from a seeded RNG so tests and
replays are deterministic.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from openai import APIConnectionError, APIStatusError, APITimeoutError

from engine.config import ModelSettings
from engine.llm.redact import trim

log = logging.getLogger(__name__)

R = TypeVar("R")

RETRYABLE_STATUS = frozenset({408, 409, 429})
NEVER_RETRY_STATUS = frozenset({400, 401, 403, 404, 422})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests shrink `delay_scale` or swap `sleep` to keep runs instant."""

    max_attempts: int = 6
    deadline_s: float = 600.0
    timeout_s: float = 120.0
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    max_server_delay_s: float = 120.0  # a server asking for a longer wait is not waited for
    delay_scale: float = 1.0
    sleep: Callable[[float], Awaitable[Any]] = field(default=asyncio.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, compare=False)

    @classmethod
    def from_settings(cls, settings: ModelSettings, **overrides: Any) -> RetryPolicy:
        base = cls(
            max_attempts=max(1, settings.max_attempts),
            deadline_s=settings.deadline_s,
            timeout_s=settings.timeout_s,
        )
        return replace(base, **overrides)


@dataclass(frozen=True)
class Failure:
    """One failed attempt, reduced to what the loop and the error sentence need."""

    kind: Literal["status", "timeout", "connection"]
    message: str
    status: int | None = None
    body: Any = None
    headers: Mapping[str, str] | None = None
    quota: bool = False

    @property
    def retryable(self) -> bool:
        if self.kind != "status":
            return True
        assert self.status is not None
        if self.quota or self.status in NEVER_RETRY_STATUS:
            return False
        if self.headers is not None and self.headers.get("x-should-retry") == "false":
            return False
        return self.status in RETRYABLE_STATUS or self.status >= 500


def classify(err: APIStatusError | APIConnectionError) -> Failure:
    if isinstance(err, APIStatusError):
        body = err.body
        message = ""
        code = None
        if isinstance(body, dict):
            message = str(body.get("message") or "")
            code = body.get("code") or body.get("type")
        elif body is not None:
            message = str(body)
        if not message:
            try:
                message = err.response.text
            except Exception:  # the body was never read; the status says enough
                message = ""
        return Failure(
            kind="status",
            status=err.status_code,
            message=trim(message),
            body=body,
            headers=dict(err.response.headers),
            quota=err.status_code == 429 and code == "insufficient_quota",
        )
    if isinstance(err, APITimeoutError):
        return Failure(kind="timeout", message="no answer in time")
    cause = err.__cause__
    return Failure(kind="connection", message=trim(str(cause) if cause else err.message))


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_reset(value: str) -> float | None:
    """OpenAI writes rate-limit resets as durations: '1s', '6m0s', '20ms', '1h2m3.5s'."""
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    parts = _DURATION.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        return None
    return sum(float(n) * _UNIT[u] for n, u in parts)


def server_delay(headers: Mapping[str, str], now: float) -> float | None:
    """How long the server asked us to wait, in seconds, or None if it did not say."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000.0)
        except ValueError:
            pass
    if "retry-after" in lowered:
        value = lowered["retry-after"].strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(0.0, email.utils.mktime_tz(parsed) - now)
    resets: dict[str, float] = {}
    for kind in ("requests", "tokens"):
        raw = lowered.get(f"x-ratelimit-reset-{kind}")
        seconds = parse_reset(raw) if raw else None
        if seconds is not None:
            resets[kind] = seconds
    if not resets:
        return None
    exhausted = [
        resets[k] for k in resets if lowered.get(f"x-ratelimit-remaining-{k}", "").strip() == "0"
    ]
    # Wait for the limit that ran out; if the server does not say which, the sooner reset.
    return max(exhausted) if exhausted else min(resets.values())


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Exponential from `base_delay_s`, capped, with 'equal jitter' (half fixed, half random)."""
    ceiling = min(policy.max_delay_s, policy.base_delay_s * (2 ** (attempt - 1)))
    return ceiling / 2 + rng.random() * ceiling / 2


@dataclass
class Delivered(Generic[R]):
    value: R
    attempts: int
    delays: list[float]


class RetriesExhausted(Exception):
    """Internal: the loop gave up. `sentence` is safe to show; `failure` is the last attempt."""

    def __init__(self, sentence: str, failure: Failure, attempts: int, delays: list[float]):
        super().__init__(sentence)
        self.sentence = sentence
        self.failure = failure
        self.attempts = attempts
        self.delays = delays


def describe(failure: Failure, where: str, timeout_s: float) -> str:
    """What went wrong, in words a person can act on."""
    if failure.kind == "timeout":
        return f"the model server at {where} did not answer within {timeout_s:g} s"
    if failure.kind == "connection":
        said = f" ({failure.message})" if failure.message else ""
        return f"could not reach the model server at {where}{said}"
    if failure.quota:
        said = f": {failure.message}" if failure.message else ""
        return (
            f"the model server at {where} refused the request for lack of quota "
            f"(429 insufficient_quota{said}); check the account's plan and billing"
        )
    said = f" ({failure.message})" if failure.message else ""
    return f"the model server at {where} answered {failure.status}{said}"


_NOT_RETRIED_HINT = {
    401: "check the API key",
    403: "check the API key's permissions",
    404: "check the base URL and the model name",
}


async def with_retries(
    send: Callable[[float], Awaitable[R]],
    policy: RetryPolicy,
    rng: random.Random,
    *,
    where: str,
) -> Delivered[R]:
    """Call `send(timeout_s)` until it succeeds, the error is final, or time runs out."""
    started = policy.clock()
    delays: list[float] = []
    attempt = 0
    while True:
        attempt += 1
        remaining = policy.deadline_s - (policy.clock() - started)
        timeout = max(0.001, min(policy.timeout_s, remaining))
        try:
            value = await send(timeout)
        except (APIStatusError, APIConnectionError) as err:
            failure = classify(err)
        else:
            return Delivered(value=value, attempts=attempt, delays=delays)

        what = describe(failure, where, timeout)
        if not failure.retryable:
            if not failure.quota:
                hint = _NOT_RETRIED_HINT.get(failure.status or 0)
                what += "; not retried, since the same request would be rejected again"
                what += f" ({hint})" if hint else ""
            raise RetriesExhausted(what, failure, attempt, delays)
        if attempt >= policy.max_attempts:
            plural = "s" if attempt > 1 else ""
            raise RetriesExhausted(
                f"{what}, on {attempt} attempt{plural}", failure, attempt, delays
            )

        asked = server_delay(failure.headers, policy.wall_clock()) if failure.headers else None
        if asked is not None and asked > policy.max_server_delay_s:
            raise RetriesExhausted(
                f"{what}, and asked to wait {asked:.0f} s before trying again, "
                f"longer than the {policy.max_server_delay_s:g} s allowed",
                failure,
                attempt,
                delays,
            )
        if asked is not None:
            delay = asked * (1.0 + 0.1 * rng.random())  # spread workers that were told the same
        else:
            delay = backoff_delay(attempt, policy, rng)
        delay *= policy.delay_scale
        if policy.clock() - started + delay >= policy.deadline_s:
            raise RetriesExhausted(
                f"{what}; gave up after {attempt} attempt{'s' if attempt > 1 else ''} "
                f"because the {policy.deadline_s:g} s deadline would pass before the next one",
                failure,
                attempt,
                delays,
            )
        log.info(
            "model call attempt %d of %d failed (%s); retrying in %.2f s",
            attempt,
            policy.max_attempts,
            failure.status or failure.kind,
            delay,
        )
        delays.append(delay)
        await policy.sleep(delay)
