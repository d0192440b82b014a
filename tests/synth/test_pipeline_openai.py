"""A small world created through the `openai` backend against a real HTTP server on 127.0.0.1.

The server speaks chat-completions and answers each request with what the
scripted policy would say to the same body (structured output as JSON text),
so the whole structured-output path runs over a real socket: the request with
its `response_format`, the real `openai` client's parsing, validation, repair.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import SecretStr

from engine.config import ModelSettings
from engine.llm import make_llm
from engine.llm.scripted import ScriptedPolicy
from engine.synth.pipeline import create_world
from tests.llm.openai_server import Canned, OpenAIStubServer, Received, completion
from tests.synth.test_pipeline_support import PERSONA, disk_hashes, manifest_of, open_ws


def _answer_with(policy: ScriptedPolicy, server: OpenAIStubServer):
    def on_request(received: Received) -> Any:
        body = received.body
        assert isinstance(body, dict)
        reply = policy.respond(body, purpose=received.headers.get("x-synthcomp-purpose"))
        server.push(Canned(body=completion(reply.content, prompt_tokens=50, completion_tokens=20)))
        return body.get("response_format", {}).get("json_schema", {}).get("name")

    return on_request


async def test_world_through_a_real_openai_compatible_server(tmp_path: Path) -> None:
    with OpenAIStubServer() as server:
        server.on_request = _answer_with(ScriptedPolicy(seed=0), server)
        async with open_ws(tmp_path / "ws") as ws:
            settings = ModelSettings(
                backend="openai",
                model="test-model",
                base_url=server.base_url,
                api_key=SecretStr("test"),
                timeout_s=30.0,
            )
            async with make_llm(settings, ws.store.model_calls) as llm:
                # One request at a time: the stub server pairs each request with the
                # reply queued while reading it.
                record = await create_world(ws, PERSONA, seed=5, files=6, concurrency=1, llm=llm)
            calls = await ws.store.model_calls.list(world_id=record.id, limit=100)
        received = list(server.received)

    assert record.meta["status"] == "complete", record.meta
    manifest = manifest_of(record)
    assert 1 <= len(manifest.files) <= 6
    assert disk_hashes(record.path) == {p: r.sha256 for p, r in manifest.files.items()}

    # Every request went over the wire with a JSON schema to fill, and the key.
    asked = [r.note for r in received]
    assert asked[:3] == ["UserProfile", "FolderPlan", "ArtifactPlanSet"]
    assert all(name for name in asked)
    assert all(r.headers["authorization"] == "Bearer test" for r in received)
    assert all(r.path == "/v1/chat/completions" for r in received)
    # ...and was recorded by the store as an openai call with the server's usage.
    assert len(calls) == len(received)
    assert {c.backend for c in calls} == {"openai"}
    assert all(c.status == "ok" for c in calls)
    assert all(c.prompt_tokens == 50 for c in calls)
