"""The retry loop's decisions, without a network: what is retried and how long it waits."""

from __future__ import annotations

import email.utils
import random

import httpx2
import pytest
from openai import APIConnectionError, APIStatusError, APITimeoutError

from engine.llm.retry import (
    RetriesExhausted,
    RetryPolicy,
    backoff_delay,
    classify,
    parse_reset,
    server_delay,
    with_retries,
)

REQUEST = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


def status_error(status: int, body: dict | None = None, **headers: str) -> APIStatusError:
    response = httpx2.Response(status, json=body or {}, headers=headers, request=REQUEST)
    return APIStatusError(f"Error code: {status}", response=response, body=body)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
def test_transient_statuses_are_retried(status: int) -> None:
    assert classify(status_error(status)).retryable


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_request_errors_are_never_retried(status: int) -> None:
    assert not classify(status_error(status)).retryable


def test_an_exhausted_quota_is_never_retried() -> None:
    failure = classify(status_error(429, {"message": "quota", "code": "insufficient_quota"}))
    assert failure.quota and not failure.retryable


def test_the_server_can_forbid_a_retry() -> None:
    assert not classify(status_error(500, **{"x-should-retry": "false"})).retryable


def test_timeouts_and_lost_connections_are_retried() -> None:
    assert classify(APITimeoutError(REQUEST)).retryable
    assert classify(APIConnectionError(request=REQUEST)).kind == "connection"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "200", "retry-after": "9"}, 0.2),  # milliseconds win
        ({"x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s"}, 1.0),
        (
            {
                "x-ratelimit-reset-requests": "1s",
                "x-ratelimit-reset-tokens": "6m0s",
                "x-ratelimit-remaining-tokens": "0",
            },
            360.0,
        ),
        ({"x-ratelimit-reset-tokens": "120ms"}, 0.12),
        ({"content-type": "application/json"}, None),
    ],
)
def test_server_delay_headers(headers: dict[str, str], expected: float | None) -> None:
    got = server_delay(headers, now=0.0)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_retry_after_as_an_http_date() -> None:
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert server_delay({"Retry-After": date}, now=now) == pytest.approx(30.0)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert server_delay({"Retry-After": past}, now=now) == 0.0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("20ms", 0.02),
        ("1h2m3.5s", 3723.5),
        ("2", 2.0),
        ("soon", None),
    ],
)
def test_parse_reset(text: str, seconds: float | None) -> None:
    got = parse_reset(text)
    if seconds is None:
        assert got is None
    else:
        assert got == pytest.approx(seconds)


def test_backoff_grows_is_capped_and_is_jittered_deterministically() -> None:
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0)
    one = [backoff_delay(n, policy, random.Random("seed")) for n in range(1, 8)]
    two = [backoff_delay(n, policy, random.Random("seed")) for n in range(1, 8)]
    assert one == two
    for n, delay in enumerate(one, start=1):
        ceiling = min(8.0, 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling


async def test_every_attempt_is_counted_and_the_scale_shrinks_waits() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    outcomes = [status_error(500), APITimeoutError(REQUEST), "done"]

    async def send(attempt_timeout: float) -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    policy = RetryPolicy(base_delay_s=1.0, delay_scale=0.001, sleep=sleep)
    delivered = await with_retries(send, policy, random.Random(1), where="http://x")
    assert (delivered.value, delivered.attempts) == ("done", 3)
    assert len(waits) == 2 and all(w <= 0.002 for w in waits)


async def test_the_attempt_timeout_never_outlasts_the_deadline() -> None:
    clock = [0.0]
    timeouts: list[float] = []

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    async def send(attempt_timeout: float) -> str:
        timeouts.append(attempt_timeout)
        clock[0] += attempt_timeout
        raise APITimeoutError(REQUEST)

    policy = RetryPolicy(
        timeout_s=4.0,
        deadline_s=10.0,
        base_delay_s=0.5,
        max_attempts=10,
        sleep=sleep,
        clock=lambda: clock[0],
    )
    with pytest.raises(RetriesExhausted) as caught:
        await with_retries(send, policy, random.Random(0), where="http://x")
    assert timeouts[0] == 4.0
    assert all(t <= 4.0 for t in timeouts)
    assert clock[0] <= 10.0 + 1e-9
    assert "did not answer" in caught.value.sentence
