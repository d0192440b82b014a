"""`make_llm`: settings in, a ready `LLM` out, whichever backend answers.

Each backend is only a way to build the `AsyncOpenAI` client (SDK retries off:
our loop in `retry.py` is the only one) and to pick the server profile
(`profiles.py`); everything above it is shared. The `local` backend also starts
the server it talks to (`local.py`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from openai import AsyncOpenAI

from engine.config import ModelSettings
from engine.errors import ConfigError
from engine.llm.client import LLM
from engine.llm.profiles import AUTO, GENERIC, Detected, ServerProfile, detect, profile_named
from engine.llm.redact import Redactor, public_url
from engine.llm.retry import RetryPolicy
from engine.llm.scripted import ScriptedPolicy, ScriptedServer
from engine.schema.calls import CallLog

OPENAI_URL = "https://api.openai.com/v1"
SCRIPTED_URL = "http://scripted.invalid/v1"  # never resolved: the transport answers in-process


def make_llm(
    settings: ModelSettings,
    call_log: CallLog | None = None,
    *,
    retry: RetryPolicy | None = None,
    policy: ScriptedPolicy | None = None,
    profile: ServerProfile | str | None = None,
) -> LLM:
    """Build the `LLM` for `settings.backend`.

    `retry` overrides the retry policy derived from the settings (tests use it to
    shrink waits); `policy` gives the scripted backend a policy with rules
    already registered (otherwise a fresh one seeded with `settings.seed`);
    `profile` overrides the server profile (by default: `settings.server_profile`
    for the openai backend, else detected; `generic` for scripted; `llama-cpp-python`
    for local).
    """
    retry = retry or RetryPolicy.from_settings(settings)
    chosen = profile_named(profile) if isinstance(profile, str) else profile
    if settings.backend == "local":
        from engine.llm.local import make_local_llm

        return make_local_llm(settings, call_log, retry=retry, profile=chosen)
    if settings.backend == "scripted":
        policy = policy or ScriptedPolicy(seed=settings.seed)
        server = ScriptedServer(policy)
        client = AsyncOpenAI(
            api_key="scripted-no-key",
            base_url=SCRIPTED_URL,
            http_client=server.http_client(),
            max_retries=0,
            timeout=settings.timeout_s,
        )
        return LLM(
            client,
            backend="scripted",
            model=settings.model,
            where="in-process://scripted",
            retry=retry,
            call_log=call_log,
            validation_retries=settings.validation_retries,
            seed=settings.seed,
            policy=policy,
            profile=chosen or GENERIC,
        )
    if settings.backend == "openai":
        key = settings.api_key.get_secret_value() if settings.api_key else None
        if not key and not settings.base_url:
            raise ConfigError(
                "the openai backend needs an API key: set OPENAI_API_KEY or SYNTHCOMP_API_KEY, "
                "or give --base-url for a local server that takes none"
            )
        base_url = settings.base_url or OPENAI_URL
        client = AsyncOpenAI(
            # Local servers (vLLM, Ollama, llama.cpp) take any key; the SDK insists on one.
            api_key=key or "no-key",
            base_url=base_url,
            max_retries=0,
            timeout=settings.timeout_s,
        )
        configured = settings.server_profile
        if chosen is None and configured and configured.strip().lower() not in AUTO:
            chosen = profile_named(configured)
        probe_timeout = min(5.0, settings.timeout_s)

        async def detect_profile() -> Detected:
            return await detect(client, base_url, timeout_s=probe_timeout)

        return LLM(
            client,
            backend="openai",
            model=settings.model,
            where=public_url(base_url),
            retry=retry,
            call_log=call_log,
            redactor=Redactor([key, urlsplit(base_url).password]),
            validation_retries=settings.validation_retries,
            seed=settings.seed,
            profile=chosen,
            detect=None if chosen is not None else detect_profile,
        )
    raise ConfigError(f"unknown backend {settings.backend!r}: choose scripted, openai or local")
