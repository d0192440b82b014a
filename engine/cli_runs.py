"""`synthcomp run` and `synthcomp runs ...`: simulations from the command line.

    synthcomp run WORLD [--days N] [--turns-per-day N] [--seed S] [--objectives FILE] [--allow-code]
    synthcomp runs list | show RUN | turns RUN [--from N] | resume RUN | fork RUN --at SEQ | inbox RUN

A run prints one line per turn (day, turn, tool, target, outcome, tokens) as
it goes. Ctrl-C pauses it cleanly: the turn in flight finishes and is stored,
the run's status becomes `paused`, and `synthcomp runs resume RUN` goes on
from the next turn. Everything here goes through the same `Workspace` and
`RunController` the terminal app uses.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import signal
import sys
from typing import TYPE_CHECKING, Any

from engine.config import Settings

if TYPE_CHECKING:
    from engine.sim.controller import RunController
    from engine.sim.loop import TurnReport
    from engine.store import EventRecord, RunRecord
    from engine.workspace import Workspace

INTERRUPTED = 130


def add_run_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `run` and `runs` to the top-level subcommands."""
    run = sub.add_parser("run", parents=[common], help="simulate a month of work on a world")
    run.add_argument("world", metavar="WORLD", help="a world's slug or id, or a world folder")
    run.add_argument("--days", type=int, default=20, help="working days (default 20)")
    run.add_argument("--turns-per-day", type=int, default=40, help="turn budget a day (default 40)")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--objectives", metavar="FILE", help="objectives YAML/JSON to use as written")
    run.add_argument("--allow-code", action="store_true", help="offer the run_python tool")
    run.add_argument("--max-turns", type=int, default=None, help="stop after this many turns")
    run.add_argument("--no-watch", action="store_true", help="do not watch for outside edits")
    run.set_defaults(handler=cmd_run)

    runs = sub.add_parser("runs", parents=[common], help="list, inspect, resume and fork runs")
    rsub = runs.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    p = rsub.add_parser("list", parents=[common], help="every run, oldest first")
    p.add_argument("--world", help="only the runs of this world")
    p.set_defaults(handler=cmd_list)
    p = rsub.add_parser("show", parents=[common], help="a run's status, options and figures")
    p.add_argument("run_id", metavar="RUN")
    p.set_defaults(handler=cmd_show)
    p = rsub.add_parser("turns", parents=[common], help="the run's turns, one line each")
    p.add_argument("run_id", metavar="RUN")
    p.add_argument("--from", dest="from_turn", type=int, default=1, help="first turn to show")
    p.add_argument("--limit", type=int, default=200, help="how many turns to show")
    p.set_defaults(handler=cmd_turns)
    p = rsub.add_parser(
        "resume", parents=[common], help="continue a paused, stopped or crashed run"
    )
    p.add_argument("run_id", metavar="RUN")
    p.set_defaults(handler=cmd_resume)
    p = rsub.add_parser("fork", parents=[common], help="branch a run at a past seq")
    p.add_argument("run_id", metavar="RUN")
    p.add_argument("--at", dest="at_seq", type=int, required=True, metavar="SEQ")
    p.add_argument("--run", dest="start", action="store_true", help="run the fork at once")
    p.set_defaults(handler=cmd_fork)
    p = rsub.add_parser("inbox", parents=[common], help="the messages of a run")
    p.add_argument("run_id", metavar="RUN")
    p.set_defaults(handler=cmd_inbox)


# --- commands ------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from engine.sim.options import RunOptions

    options = RunOptions(
        days=args.days,
        turns_per_day=args.turns_per_day,
        seed=args.seed,
        objectives=args.objectives,
        allow_code=args.allow_code,
        max_turns=args.max_turns,
        watch=not args.no_watch,
    )

    async def go(ws: Workspace) -> int:
        print(f"Creating a run of {args.world} (objectives, copy of the computer)...", flush=True)
        run = await ws.start_run(args.world, options)
        print(f"Run {run.id}: {options.days} day(s) of {options.turns_per_day} turn(s)", flush=True)
        return await drive(run, resume=False)

    return _with_workspace(settings, go)


def cmd_resume(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        run = await ws.resume_run(args.run_id)
        if run.state.finished:
            print(f"Run {run.id} has finished; fork it to go on from an earlier turn.")
            return 0
        print(f"Resuming run {run.id} after turn {run.state.turn} (seq {run.head_seq})", flush=True)
        return await drive(run, resume=True)

    return _with_workspace(settings, go)


def cmd_fork(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        run = await ws.fork_run(args.run_id, args.at_seq)
        at = run.record.parent_seq
        print(
            f"Forked {args.run_id} at seq {at} (turn {run.state.turn}) as run {run.id}; "
            f"`synthcomp runs resume {run.id}` runs it."
        )
        if args.start:
            return await drive(run, resume=True)
        return 0

    return _with_workspace(settings, go)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        from engine.sim.runs import list_runs

        runs = await list_runs(ws, args.world)
        if not runs:
            print("No runs yet; `synthcomp run WORLD` starts one.")
            return 0
        worlds = {w.id: w.slug for w in await ws.store.worlds.list()}
        print(f"{'RUN':<13} {'WORLD':<28} {'STATUS':<9} {'SEQ':>7}  {'CREATED':<16}  FORK OF")
        for r in runs:
            fork = f"{r.parent_run_id}@{r.parent_seq}" if r.parent_run_id else ""
            print(
                f"{r.id:<13} {worlds.get(r.world_id, r.world_id)[:28]:<28} {r.status:<9} "
                f"{r.head_seq:>7}  {_when(r.created_at):<16}  {fork}"
            )
        return 0

    return _with_workspace(settings, go)


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        rec = await ws.store.runs.get(args.run_id)
        world = await ws.store.worlds.get(rec.world_id)
        usage = await ws.store.model_calls.usage_totals(run_id=rec.id)
        stats = await _stats(ws, rec)
        opts = rec.options
        print(f"Run {rec.id} of {world.slug} ({world.name})")
        print(
            f"  status     {rec.status}" + (f": {rec.status_reason}" if rec.status_reason else "")
        )
        if rec.parent_run_id:
            print(f"  fork of    {rec.parent_run_id} at seq {rec.parent_seq}")
        print(f"  folder     {rec.path}")
        print(
            f"  options    {opts.get('days')} day(s) x {opts.get('turns_per_day')} turn(s), seed "
            f"{opts.get('seed')}, {opts.get('backend')}/{opts.get('model')}, from "
            f"{opts.get('start_date')}"
        )
        print(f"  progress   day {stats['day']}, turn {stats['turns']}, seq {rec.head_seq}")
        print(
            f"  work       {stats['submissions']} submission(s) of {stats['deliverables']} "
            f"deliverable(s); {stats['sent']} message(s) sent, {stats['received']} received; "
            f"{stats['notes']} note(s); {stats['errors']} failed tool call(s)"
        )
        print(
            f"  model      {usage.calls} call(s), {usage.prompt_tokens:,} prompt tokens "
            f"({usage.cached_tokens:,} cached), {usage.completion_tokens:,} completion tokens"
        )
        return 0

    return _with_workspace(settings, go)


def cmd_turns(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        await ws.store.runs.get(args.run_id)
        shown = 0
        async for line in turn_lines(ws, args.run_id, from_turn=args.from_turn):
            print(line)
            shown += 1
            if shown >= args.limit:
                break
        if not shown:
            print(f"Run {args.run_id} has no turns from turn {args.from_turn} on.")
        return 0

    return _with_workspace(settings, go)


def cmd_inbox(args: argparse.Namespace, settings: Settings) -> int:
    async def go(ws: Workspace) -> int:
        await ws.store.runs.get(args.run_id)
        found = 0
        last = 0
        while True:
            page = await ws.store.events.history(args.run_id, since_seq=last, limit=500)
            for ev in page:
                last = ev.seq
                if ev.kind not in ("message_received", "message_sent"):
                    continue
                p = ev.payload
                arrow = "->" if ev.kind == "message_sent" else "<-"
                due = p.get("deliver_at_turn")
                when = f"turn {ev.turn}" + (
                    f" (arrives turn {due})" if due and due != ev.turn else ""
                )
                print(
                    f"{arrow} [{p.get('id')}] day {ev.day}, {when}: {p.get('sender')} -> "
                    f"{', '.join(p.get('to') or [])}: {p.get('subject')}"
                )
                body = " ".join(str(p.get("body", "")).split())
                print(f"     {body[:220]}{'…' if len(body) > 220 else ''}")
                if p.get("attachments"):
                    print(f"     attached: {', '.join(p['attachments'])}")
                found += 1
            if len(page) < 500:
                break
        if not found:
            print(f"Run {args.run_id} has no messages yet.")
        return 0

    return _with_workspace(settings, go)


# --- driving a run -------------------------------------------------------------------------


async def drive(run: RunController, *, resume: bool) -> int:
    """Run to the end (or to a pause), printing a line per turn; Ctrl-C pauses cleanly."""
    interrupted = False
    loop = asyncio.get_running_loop()
    pausing: list[asyncio.Task[None]] = []

    def on_interrupt() -> None:
        nonlocal interrupted
        if interrupted:  # a second Ctrl-C: stop now, as a crash would (the turn runs again)
            print("Stopping now; the turn in flight runs again on resume.", file=sys.stderr)
            pausing.append(loop.create_task(run.close()))
            return
        interrupted = True
        print("\nPausing after the current turn (Ctrl-C again stops at once)...", file=sys.stderr)
        pausing.append(loop.create_task(run.pause("interrupted from the command line (Ctrl-C)")))

    run.on_turn = lambda report: print(turn_line(report), flush=True)
    with contextlib.suppress(NotImplementedError):  # no signal handlers on some platforms
        loop.add_signal_handler(signal.SIGINT, on_interrupt)
    try:
        if resume and run.status == "paused":
            await run.resume()
        else:
            await run.start()
        status = await run.wait_idle()
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)
    for task in pausing:
        await task
    await run.close()
    if status == "finished":
        print(f"Run {run.id} finished: {run.reason or ''}".rstrip(": "))
        return 0
    if status == "paused":
        stored = run.last_report.turn if run.last_report else run.state.turn
        print(f"Run {run.id} paused after turn {stored}: {run.reason}")
        print(f"Resume it with `synthcomp runs resume {run.id}`.")
        return INTERRUPTED if interrupted else 0
    if status == "failed":
        print(f"Run {run.id} failed: {run.reason}", file=sys.stderr)
        return 2
    print(f"Run {run.id} is {status}.")
    return 0


def turn_line(r: TurnReport) -> str:
    """`day  2  turn   45  write_document  Reports/x.docx  ok  prompt 21,034 (20,100 cached)`."""
    tools = [t for t in r.tools if t[0] != "write_notes"] or r.tools
    names = " + ".join(t[0] for t in tools) or "-"
    target = next((t[1] for t in tools if t[1]), "")
    ok = "ok" if any(t[2] for t in tools) else "ERROR"
    flags = " [day ends]" if r.ended_day else ""
    flags += " [finished]" if r.finished else ""
    flags += " [paused]" if r.paused else ""
    return _line(r.day, r.turn, names, target, ok, r.prompt_tokens, r.cached_tokens) + flags


def _line(
    day: int, turn: int, tool: str, target: str, outcome: str, prompt: int, cached: int
) -> str:
    target = " ".join(target.split())
    target = target if len(target) <= 48 else "…" + target[-47:]
    return (
        f"day {day:>2}  turn {turn:>5}  {tool[:30]:<30} {target:<48} {outcome:<5} "
        f"prompt {prompt:>7,} ({cached:,} cached)"
    )


async def turn_lines(ws: Workspace, run_id: str, *, from_turn: int = 1) -> Any:
    """The run's turns from its log, as `turn_line` prints them live."""
    current: dict[str, Any] | None = None
    last = 0
    while True:
        page = await ws.store.events.history(run_id, since_seq=last, limit=1000)
        for ev in page:
            last = ev.seq
            if ev.kind == "turn_started":
                if current and current["turn"] >= from_turn:
                    yield _fold_line(current)
                current = {
                    "turn": ev.turn,
                    "day": int(ev.payload.get("day", ev.day)),
                    "tools": [],
                    "prompt": 0,
                    "cached": 0,
                    "flags": "",
                }
            elif current is None:
                continue
            elif ev.kind == "model_call" and ev.payload.get("purpose") == "work_turn":
                current["prompt"] = int(ev.payload.get("prompt_tokens") or 0)
                current["cached"] = int(ev.payload.get("cached_tokens") or 0)
            elif ev.kind == "tool_started":
                args = ev.payload.get("arguments") or {}
                current["tools"].append([ev.payload.get("tool"), _target(args), False])
            elif ev.kind == "tool_result":
                if ev.payload.get("call_id") == "":
                    current["tools"].append(["(no tool call)", "", False])
                elif current["tools"]:
                    current["tools"][-1][2] = bool(ev.payload.get("ok"))
            elif ev.kind in ("day_ended", "finished", "paused") and ev.turn == current["turn"]:
                current["flags"] += {
                    "day_ended": " [day ends]",
                    "finished": " [finished]",
                    "paused": " [paused]",
                }[ev.kind]
        if len(page) < 1000:
            break
    if current and current["turn"] >= from_turn:
        yield _fold_line(current)


def _fold_line(c: dict[str, Any]) -> str:
    tools = [t for t in c["tools"] if t[0] != "write_notes"] or c["tools"]
    names = " + ".join(str(t[0]) for t in tools) or "-"
    target = next((t[1] for t in tools if t[1]), "")
    ok = "ok" if any(t[2] for t in tools) else "ERROR"
    return _line(c["day"], c["turn"], names, target, ok, c["prompt"], c["cached"]) + c["flags"]


def _target(arguments: dict[str, Any]) -> str:
    from engine.sim.loop import _target as target

    return target(arguments)


async def _stats(ws: Workspace, rec: RunRecord) -> dict[str, Any]:
    counts: dict[str, Any] = {
        "day": 0,
        "turns": 0,
        "submissions": 0,
        "sent": 0,
        "received": 0,
        "notes": 0,
        "errors": 0,
        "deliverables": 0,
    }
    last = 0
    while True:
        page: list[EventRecord] = await ws.store.events.history(rec.id, since_seq=last, limit=1000)
        for ev in page:
            last = ev.seq
            _count(counts, ev)
        if len(page) < 1000:
            break
    return counts


def _count(counts: dict[str, Any], ev: EventRecord) -> None:
    kind = ev.kind
    if kind == "turn_started":
        counts["turns"] = ev.turn
        counts["day"] = int(ev.payload.get("day", ev.day))
    elif kind == "objectives_set":
        counts["deliverables"] = len(ev.payload.get("objectives", {}).get("deliverables", []))
    elif kind == "deliverable_submitted":
        counts["submissions"] += 1
    elif kind == "message_sent":
        counts["sent"] += 1
    elif kind == "message_received":
        counts["received"] += 1
    elif kind == "note_written":
        counts["notes"] += 1
    elif kind == "tool_result" and not ev.payload.get("ok"):
        counts["errors"] += 1


def _when(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def _with_workspace(settings: Settings, body: Any) -> int:
    from engine.workspace import Workspace

    async def main() -> int:
        async with await Workspace.open(settings=settings) as ws:
            return int(await body(ws))

    return asyncio.run(main())
