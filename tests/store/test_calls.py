"""Model calls: recorded before sending, completed after, history stored once."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from engine.errors import NotFound, StoreError
from engine.schema.calls import CallLog, ModelCallEnd, ModelCallStart
from engine.store import RunRecord, Store, WorldRecord
from engine.store.calls import tail_limit
from engine.store.migrations import LATEST, MIGRATIONS, migrate


def start(
    run_id: str | None,
    messages: list[dict[str, Any]],
    *,
    turn: int = 1,
    call_idx: int = 0,
    purpose: str = "work_turn",
    world_id: str | None = None,
) -> ModelCallStart:
    return ModelCallStart(
        run_id=run_id,
        world_id=world_id,
        purpose=purpose,
        turn=turn,
        call_idx=call_idx,
        backend="scripted",
        model="scripted-1",
        request={
            "model": "scripted-1",
            "messages": messages,
            "temperature": 0.2,
            "tools": [{"type": "function", "function": {"name": "read_file"}}],
        },
        request_hash=f"hash-{turn}-{call_idx}-{len(messages)}",
    )


def ok(text: str = "done", prompt: int = 100, cached: int = 80) -> ModelCallEnd:
    return ModelCallEnd(
        status="ok",
        response={"choices": [{"message": {"role": "assistant", "content": text}}]},
        usage={
            "prompt_tokens": prompt,
            "completion_tokens": 7,
            "prompt_tokens_details": {"cached_tokens": cached},
        },
        latency_ms=12.5,
        attempts=2,
        request_id="req-1",
    )


def msg(i: int) -> dict[str, Any]:
    return {"role": "user" if i % 2 else "assistant", "content": f"message {i} " + "x" * 50}


async def row_bytes(store: Store, call_id: int) -> int:
    def job(conn: sqlite3.Connection) -> int:
        return conn.execute(
            "SELECT length(message_refs) FROM model_calls WHERE id = ?", (call_id,)
        ).fetchone()[0]

    return await store._db.run(job)


async def test_cached_tokens_are_read_from_the_engines_own_usage(
    store: Store, run: RunRecord
) -> None:
    """The engine records its flat `Usage`; its cached tokens reach the column and totals."""
    from engine.llm.types import Usage

    call_id = await store.model_calls.begin(start(run.id, [msg(1)]))
    usage = Usage(prompt_tokens=500, completion_tokens=9, cached_tokens=420).model_dump()
    await store.model_calls.complete(
        call_id, ModelCallEnd(status="ok", response={}, usage=usage, latency_ms=1.0, attempts=1)
    )
    done = await store.model_calls.get(call_id)
    assert (done.prompt_tokens, done.cached_tokens) == (500, 420)
    assert (await store.model_calls.usage_totals(run_id=run.id)).cached_tokens == 420


async def test_store_is_a_call_log(store: Store) -> None:
    log: CallLog = store.model_calls
    assert log is store.model_calls


async def test_begin_is_visible_before_the_call_completes(store: Store, run: RunRecord) -> None:
    messages = [{"role": "system", "content": "be useful"}, msg(1)]
    call_id = await store.model_calls.begin(start(run.id, messages))
    # another connection (a crash survivor, or the TUI) already sees the pending row
    async with store.reader() as reader:
        pending = await reader.model_calls.get(call_id)
    assert pending.status == "pending" and pending.ended_at is None
    assert pending.request["messages"] == messages
    assert pending.request["tools"][0]["function"]["name"] == "read_file"
    assert list(pending.request) == ["model", "messages", "temperature", "tools"]

    await store.model_calls.complete(call_id, ok())
    done = await store.model_calls.get(call_id)
    assert (done.status, done.prompt_tokens, done.completion_tokens, done.cached_tokens) == (
        "ok",
        100,
        7,
        80,
    )
    assert (done.latency_ms, done.attempts, done.request_id) == (12.5, 2, "req-1")
    assert done.response is not None and done.usage is not None
    assert done.request == pending.request
    with pytest.raises(StoreError, match="already complete"):
        await store.model_calls.complete(call_id, ok())
    with pytest.raises(NotFound):
        await store.model_calls.complete(999, ok())
    with pytest.raises(ValueError):
        await store.model_calls.complete(call_id, ModelCallEnd(status="pending"))


async def test_a_call_for_an_unknown_run_is_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        await store.model_calls.begin(start("nope", [msg(1)]))


async def test_history_is_stored_once(store: Store, run: RunRecord) -> None:
    history = [{"role": "system", "content": "rules"}, msg(1)]
    first = await store.model_calls.begin(start(run.id, history, turn=1))
    assert await store.messages.count() == 3  # two messages and the tool list
    history = [*history, msg(2), msg(3)]
    second = await store.model_calls.begin(start(run.id, history, turn=2))
    assert await store.messages.count() == 5  # only the two new messages were added
    assert (await store.model_calls.get(first)).request["messages"] == history[:2]
    assert (await store.model_calls.get(second)).request["messages"] == history
    # the second row holds only its tail of references
    assert await row_bytes(store, second) == 2 * 32


async def test_long_runs_rebase_and_reassemble(store: Store, run: RunRecord) -> None:
    history: list[dict[str, Any]] = [{"role": "system", "content": "rules"}]
    ids, snapshots = [], []
    for t in range(150):
        history = [*history, msg(2 * t), msg(2 * t + 1)]
        if t == 100:  # a compaction: the window becomes a summary, the prefix changes
            history = [history[0], {"role": "user", "content": "summary of days 1-5"}]
        ids.append(await store.model_calls.begin(start(run.id, history, turn=t)))
        snapshots.append(list(history))
    sizes = [await row_bytes(store, i) for i in ids]
    # a row holds a full list (at most the history) or a bounded tail
    assert all(
        s <= 32 * max(len(h), tail_limit(len(h))) for s, h in zip(sizes, snapshots, strict=True)
    )
    assert sum(sizes) < 32 * sum(len(s) for s in snapshots) / 3
    for call_id, expected in zip(ids, snapshots, strict=True):
        assert (await store.model_calls.get(call_id)).request["messages"] == expected
    # the messages themselves are stored once each
    # turn 100 dropped its pair; the tool list is one more pooled entry
    assert await store.messages.count() == 1 + 2 * 150 - 2 + 1 + 1


async def test_repeated_messages_and_odd_requests(store: Store, run: RunRecord) -> None:
    same = {"role": "user", "content": "again"}
    call_id = await store.model_calls.begin(start(run.id, [same, same, same]))
    assert (await store.model_calls.get(call_id)).request["messages"] == [same] * 3
    odd = ModelCallStart(
        run_id=run.id,
        purpose="embed",
        backend="b",
        model="m",
        request={"input": "text", "messages": None},
        request_hash="h",
    )
    odd_id = await store.model_calls.begin(odd)
    assert (await store.model_calls.get(odd_id)).request == {"input": "text", "messages": None}


async def test_messages_pool_roundtrip(store: Store) -> None:
    a, b = {"role": "user", "content": "a", "name": "x"}, {"content": "b", "role": "assistant"}
    shas = await store.messages.put_many([a, b, a])
    assert shas[0] == shas[2] and len(set(shas)) == 2
    assert await store.messages.put_many([{"name": "x", "content": "a", "role": "user"}]) == [
        shas[0]
    ]
    assert await store.messages.get_many(shas) == [a, b, a]
    assert await store.messages.count() == 2
    with pytest.raises(NotFound):
        await store.messages.get_many(["0" * 64])


async def test_find_completed_for_resume(store: Store, run: RunRecord) -> None:
    crashed = await store.model_calls.begin(start(run.id, [msg(1)], turn=5, call_idx=1))
    assert await store.model_calls.find_completed(run.id, 5, 1) is None  # pending: send again
    failed = await store.model_calls.begin(start(run.id, [msg(1)], turn=5, call_idx=1))
    await store.model_calls.complete(failed, ModelCallEnd(status="error", error="503"))
    assert await store.model_calls.find_completed(run.id, 5, 1) is None
    answered = await store.model_calls.begin(start(run.id, [msg(1)], turn=5, call_idx=1))
    await store.model_calls.complete(answered, ok("the answer"))
    found = await store.model_calls.find_completed(run.id, 5, 1)
    assert found is not None and found.id == answered and found.id != crashed
    assert found.response == ok("the answer").response
    assert await store.model_calls.find_completed(run.id, 5, 2) is None


async def test_list_and_usage_totals(store: Store, world: WorldRecord, run: RunRecord) -> None:
    profile = await store.model_calls.begin(
        start(None, [msg(0)], purpose="profile", turn=0, world_id=world.id)
    )
    await store.model_calls.complete(profile, ok(prompt=10, cached=0))
    ids = []
    for t in range(5):
        ids.append(await store.model_calls.begin(start(run.id, [msg(t)], turn=t)))
    for call_id in ids[:3]:
        await store.model_calls.complete(call_id, ok())
    await store.model_calls.complete(ids[3], ModelCallEnd(status="truncated", attempts=1))

    page = await store.model_calls.list(run_id=run.id, limit=2)
    assert [c.id for c in page] == ids[:2]
    page = await store.model_calls.list(run_id=run.id, since_id=page[-1].id, limit=10)
    assert [c.id for c in page] == ids[2:]
    assert [c.id for c in await store.model_calls.list(world_id=world.id)] == [profile]
    assert len(await store.model_calls.list()) == 6

    totals = await store.model_calls.usage_totals(run_id=run.id)
    assert (totals.calls, totals.ok, totals.failed, totals.pending) == (5, 3, 1, 1)
    assert (totals.prompt_tokens, totals.cached_tokens, totals.completion_tokens) == (300, 240, 21)
    assert totals.attempts == 3 * 2 + 1
    everything = await store.model_calls.usage_totals()
    assert everything.calls == 6 and everything.prompt_tokens == 310


async def test_tool_schemas_are_pooled_not_copied_per_call(store: Store, run: RunRecord) -> None:
    tools = [
        {"type": "function", "function": {"name": f"tool_{i}", "parameters": {"x": "y" * 500}}}
        for i in range(20)
    ]
    ids = []
    for turn in range(1, 6):
        s = start(run.id, [msg(turn)], turn=turn)
        request = {**s.request, "tools": tools}
        ids.append(await store.model_calls.begin(s.model_copy(update={"request": request})))

    def params_bytes(conn: sqlite3.Connection) -> int:
        return conn.execute("SELECT SUM(length(request_params)) FROM model_calls").fetchone()[0]

    assert await store._db.run(params_bytes) < 5 * 300  # each row holds a reference, not 10 KB
    for call_id in ids:
        assert (await store.model_calls.get(call_id)).request["tools"] == tools


async def test_a_repaired_reply_is_ok_with_its_repair_in_the_note(
    store: Store, run: RunRecord
) -> None:
    call_id = await store.model_calls.begin(start(run.id, [msg(1)]))
    note = "repaired: the JSON object was taken out of the words around it"
    await store.model_calls.complete(call_id, ok().model_copy(update={"note": note}))

    done = await store.model_calls.get(call_id)
    assert (done.status, done.error, done.note) == ("ok", None, note)
    [info] = await store.model_calls.list(run_id=run.id)
    assert info.note == note and info.error is None


def test_an_older_database_gets_the_note_column_and_its_repairs_moved_there(
    tmp_path: Path,
) -> None:
    """Version 1 kept a repair in `error` ("repaired: ...") on an ok call; opening it with
    this code adds `note` and moves those there, leaving real errors where they are."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, path, MIGRATIONS[:1]) == 1  # what the previous release built
        conn.execute(
            "INSERT INTO worlds (id, name, slug, path, created_at, updated_at) "
            "VALUES ('w1', 'W', 'w', '/w', 0, 0)"
        )
        rows = [
            ("ok", "repaired: a code fence was taken off"),
            ("ok", None),
            ("invalid", "repaired: not a repair, a problem that reads like one"),
            ("error", "the model server did not answer"),
        ]
        for status, error in rows:
            conn.execute(
                "INSERT INTO model_calls (world_id, purpose, call_idx, backend, model, "
                "request_hash, request_params, message_refs, message_count, status, error, "
                "started_at) VALUES ('w1', 'synth.profile', 0, 'local', 'm', 'h', '{}', "
                "x'', 0, ?, ?, 0)",
                (status, error),
            )
    finally:
        conn.close()

    async def check() -> None:
        async with Store.open(path) as store:
            assert store.schema_version == LATEST >= 2
            calls = await store.model_calls.list(world_id="w1")
            assert [(c.status, c.error, c.note) for c in calls] == [
                ("ok", None, "repaired: a code fence was taken off"),
                ("ok", None, None),
                ("invalid", "repaired: not a repair, a problem that reads like one", None),
                ("error", "the model server did not answer", None),
            ]

    asyncio.run(check())
