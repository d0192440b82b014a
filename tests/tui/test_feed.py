"""The event feed's manners on a shared loop: it folds in slices, posts once per pass."""

from __future__ import annotations

import asyncio
from typing import Any

from engine.store import EventRecord
from tui import feed
from tui.messages import RunLogGrew, RunStateChanged
from tui.runlog import Delta, RunLog


class Target:
    """Stands in for the run screen: records what the feed posts."""

    def __init__(self) -> None:
        self.posted: list[Any] = []

    def post_message(self, message: Any) -> bool:
        self.posted.append(message)
        return True


def turns(n: int) -> list[EventRecord]:
    out = []
    for t in range(1, n + 1):
        for i, kind in enumerate(("turn_started", "tool_started", "tool_result")):
            payload = {"tool": "read_file", "call_id": f"c{t}", "arguments": {"path": "a.txt"}}
            out.append(EventRecord(run_id="r", seq=3 * (t - 1) + i + 1, day=1, turn=t,
                                   kind=kind, actor="agent", payload=payload, ts=0.0))  # fmt: skip
    return out


async def test_a_long_page_is_folded_in_slices_with_the_loop_running_between() -> None:
    passes = 0

    async def other_work() -> None:  # what keys and redraws would be doing meanwhile
        nonlocal passes
        while True:
            passes += 1
            await asyncio.sleep(0)

    target = Target()
    log = RunLog("r")
    poster = feed.Poster(target, "r")  # type: ignore[arg-type]
    poster.replaying = False
    other = asyncio.get_running_loop().create_task(other_work())
    await asyncio.sleep(0)
    events = turns(400)  # 1,200 events
    before = passes
    changed = await feed.fold(log, events, poster)
    other.cancel()
    assert changed.rows_added == 400 and len(log.rows) == 400
    assert passes - before >= len(events) // feed.FOLD_SLICE  # it let the loop run each slice
    await asyncio.sleep(0)
    grew = [m for m in target.posted if isinstance(m, RunLogGrew)]
    assert 1 <= len(grew) <= len(events) // feed.FOLD_SLICE + 1  # a message a pass, not an event


async def test_deltas_of_one_pass_are_posted_once() -> None:
    target = Target()
    poster = feed.Poster(target, "r")  # type: ignore[arg-type]
    poster.replaying = False
    for _ in range(50):  # a controller's page of events, applied one by one
        poster.add(Delta(rows_added=1, tokens=True))
    assert not target.posted  # nothing until the loop gets a turn
    await asyncio.sleep(0)
    kinds = [type(m) for m in target.posted]
    assert kinds == [RunLogGrew, RunStateChanged]
    assert poster.pending is None
