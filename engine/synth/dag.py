"""Run jobs over a DAG: each starts as soon as everything it depends on is finished.

The file stage writes a file only after the files it derives from (their text is
part of its prompt), yet a world's graph is mostly shallow, so waiting for whole
"levels" would idle the model. Here every job waits on its own parents only,
and at most `limit` jobs do their work at once.

A job that raises an exception stops the run (the others are cancelled); a job
that merely fails at its task is the caller's to record, and still counts as
finished for its children.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


async def run_dag(
    keys: Sequence[K],
    parents: Callable[[K], Iterable[K]],
    work: Callable[[K], Awaitable[None]],
    *,
    limit: int,
) -> None:
    """Call `work(key)` for every key, after `work` finished for each of its `parents`.

    Parents that are not among `keys` count as already finished. `keys` should
    be in a topological order: with a small `limit`, jobs acquire the limit in
    that order, so the run proceeds roughly as that order says.
    """
    if limit < 1:
        raise ValueError("the concurrency limit must be at least 1")
    pending = set(keys)
    done = {k: asyncio.Event() for k in keys}
    gate = asyncio.Semaphore(limit)

    async def job(key: K) -> None:
        for parent in parents(key):
            if parent in pending and parent != key:
                await done[parent].wait()
        try:
            async with gate:
                await work(key)
        finally:
            done[key].set()

    async with asyncio.TaskGroup() as group:
        for key in keys:
            group.create_task(job(key))
