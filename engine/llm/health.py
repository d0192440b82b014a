"""`ping`: does the configured backend answer? Used by `synthcomp doctor`."""

from __future__ import annotations

from engine.llm.client import LLM


async def ping(llm: LLM) -> str:
    """One tiny request through the same path as every call: "'pong' in 212 ms" on success.

    Raises `ModelError` (with the reason in one sentence) when the backend does not answer.
    """
    return await llm.check()
