"""`synthcomp create` and `synthcomp worlds ...`: making and managing seed computers.

Creation draws one progress line per stage on a terminal (a bar that redraws
in place) and plain lines otherwise, so logs stay readable. Ctrl-C leaves the
world incomplete; `synthcomp create --resume SLUG` finishes it without redoing
the files already written.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO

from engine.config import Settings
from engine.errors import SynthcompError
from engine.workspace import Workspace


def add_world_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    create = sub.add_parser(
        "create", parents=[common], help="create synthetic computers from personas"
    )
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--persona", metavar="TEXT", help="one persona, e.g. 'chemistry teacher in Leeds'"
    )
    who.add_argument("--personas", metavar="FILE", help='a JSONL file of {"persona": "..."} rows')
    who.add_argument("--sample", metavar="N", type=int, help="sample N personas across occupations")
    who.add_argument("--resume", metavar="WORLD", help="finish an interrupted world")
    create.add_argument(
        "--count", type=int, default=None, help="how many rows of --personas to use"
    )
    create.add_argument("--files", type=int, default=150, help="files per computer (default 150)")
    create.add_argument("--seed", type=int, default=None, help="seed (default 1, or the persona's)")
    create.add_argument("--name", default=None, help="the world's name (one persona only)")
    create.add_argument("--concurrency", type=int, default=8, help="files generated at once")
    create.set_defaults(handler=cmd_create)

    worlds = sub.add_parser(
        "worlds", parents=[common], help="list, inspect, export, import, delete worlds"
    )
    wsub = worlds.add_subparsers(dest="worlds_command", metavar="ACTION", required=True)
    p = wsub.add_parser("list", parents=[common], help="every world of the workspace")
    p.set_defaults(handler=cmd_worlds_list)
    for name, fn, text in (
        ("show", cmd_worlds_show, "a world's owner, status and files"),
        ("stats", cmd_worlds_stats, "the measures a realism check needs"),
    ):
        p = wsub.add_parser(name, parents=[common], help=text)
        p.add_argument("world", help="slug or id")
        p.set_defaults(handler=fn)
    p = wsub.add_parser("export", parents=[common], help="copy a world folder out")
    p.add_argument("world")
    p.add_argument("dest", metavar="DIR")
    p.set_defaults(handler=cmd_worlds_export)
    p = wsub.add_parser("import", parents=[common], help="bring a world folder in")
    p.add_argument("src", metavar="DIR")
    p.add_argument("--name", default=None)
    p.set_defaults(handler=cmd_worlds_import)
    p = wsub.add_parser("delete", parents=[common], help="delete a world and its folder")
    p.add_argument("world")
    p.add_argument("--with-runs", action="store_true", help="also delete its runs")
    p.set_defaults(handler=cmd_worlds_delete)


class StageBars:
    """One line per stage; redrawn in place on a terminal, printed at milestones otherwise."""

    def __init__(self, out: TextIO = sys.stderr) -> None:
        self.out = out
        self.tty = out.isatty()
        self.stage: str | None = None
        self.last_pct = -1

    def __call__(self, p) -> None:  # engine.synth.pipeline.Progress
        if p.stage != self.stage:
            if self.stage is not None and self.tty:
                self.out.write("\n")
            self.stage, self.last_pct = p.stage, -1
        total = max(p.total, 1)
        pct = int(100 * p.done / total)
        if self.tty:
            filled = int(30 * p.done / total)
            bar = "#" * filled + "-" * (30 - filled)
            self.out.write(f"\r  {p.stage:<9} [{bar}] {p.done}/{p.total} {p.message[:40]:<40}")
            self.out.flush()
        elif pct // 25 != self.last_pct // 25 or p.done == p.total:
            self.out.write(f"  {p.stage:<9} {p.done}/{p.total} {p.message}\n")
        self.last_pct = pct

    def close(self) -> None:
        if self.tty and self.stage is not None:
            self.out.write("\n")
        self.out.flush()


async def _create(args: argparse.Namespace, settings: Settings) -> int:
    from engine.synth.personas import parse_personas_jsonl, persona_from_text, sample_personas
    from engine.synth.pipeline import create_world, resume_world

    async with await Workspace.open(settings.workspace, settings) as ws:
        bars = StageBars()
        try:
            if args.resume:
                record = await resume_world(
                    ws, args.resume, on_progress=bars, concurrency=args.concurrency
                )
                records = [record]
            else:
                if args.persona:
                    personas = [persona_from_text(args.persona)]
                elif args.personas:
                    personas = parse_personas_jsonl(args.personas, limit=args.count)
                else:
                    personas = sample_personas(args.sample, seed=args.seed or 0)
                if args.name and len(personas) > 1:
                    raise SynthcompError(
                        "--name names one world; leave it out with several personas"
                    )
                records = []
                for persona in personas:
                    print(f"creating a computer for: {persona.text}", file=sys.stderr)
                    records.append(
                        await create_world(
                            ws,
                            persona,
                            seed=args.seed,
                            files=args.files,
                            name=args.name,
                            concurrency=args.concurrency,
                            on_progress=bars,
                        )
                    )
                    bars.close()
                    bars = StageBars()
        finally:
            bars.close()
        for r in records:
            status = r.meta.get("status", "?")
            print(f"{r.slug}\t{status}\t{r.path}")
        return 0 if all(r.meta.get("status") == "complete" for r in records) else 1


def cmd_create(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_create(args, settings))


def cmd_worlds_list(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import list_worlds

        async with await Workspace.open(settings.workspace, settings) as ws:
            rows = await list_worlds(ws)
        if not rows:
            print("no worlds yet: `synthcomp create --persona TEXT` makes one")
            return 0
        width = max(len(r.slug) for r in rows)
        for r in rows:
            counts = r.meta.get("files")
            files = counts.get("written", "") if isinstance(counts, dict) else (counts or "")
            print(
                f"{r.slug:<{width}}  {r.meta.get('status', '?'):<10}  {files!s:>4} files  {r.occupation}"
            )
        return 0

    return asyncio.run(go())


def cmd_worlds_show(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import show_world

        async with await Workspace.open(settings.workspace, settings) as ws:
            info = await show_world(ws, args.world)
        r = info.record
        print(f"{r.name}  ({r.slug}, id {r.id})")
        print(f"  status     {info.status}")
        if info.owner:
            print(f"  owner      {info.owner}, {info.role} at {info.organization}")
        print(f"  seed       {info.seed}")
        print(f"  folder     {r.path}")
        print(f"  folders    {info.folders}")
        print(f"  files      {info.written} written of {info.planned} planned")
        for f in info.failed:
            print(f"  failed     {f.path}: {f.error}")
        if info.repairs:
            print(f"  repairs    {info.repairs}")
        return 0 if not info.failed else 1

    return asyncio.run(go())


def cmd_worlds_stats(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import find_world, world_stats

        async with await Workspace.open(settings.workspace, settings) as ws:
            record = await find_world(ws, args.world)
        s = await world_stats(record.path)
        print(f"{record.slug}")
        print(f"  files        {s.files}")
        print(f"  folders      {s.folders}")
        print(f"  total size   {s.total_bytes:,} bytes")
        print(f"  depth        mean {s.mean_depth:.1f}, max {s.max_depth}")
        if s.first_mtime and s.last_mtime:
            days = (s.last_mtime - s.first_mtime).days
            print(
                f"  dates        {s.first_mtime:%Y-%m-%d} .. {s.last_mtime:%Y-%m-%d} ({days} days)"
            )
        if s.entity_share is not None:
            print(
                f"  entities     {s.entity_files} of {s.files} files name a fact-sheet entity "
                f"({100 * s.entity_share:.0f} %)"
            )
        print(f"  kinds        {len(s.kinds)}")
        for k in s.kinds:
            print(f"    {k.kind:<6} {k.count:>4}  {k.percent:5.1f} %")
        return 0

    return asyncio.run(go())


def cmd_worlds_export(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import export_world

        async with await Workspace.open(settings.workspace, settings) as ws:
            dest = await export_world(ws, args.world, Path(args.dest))
        print(dest)
        return 0

    return asyncio.run(go())


def cmd_worlds_import(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import import_world

        async with await Workspace.open(settings.workspace, settings) as ws:
            record = await import_world(ws, Path(args.src), name=args.name)
        print(f"{record.slug}\t{record.path}")
        return 0

    return asyncio.run(go())


def cmd_worlds_delete(args: argparse.Namespace, settings: Settings) -> int:
    async def go() -> int:
        from engine.synth.world import delete_world

        async with await Workspace.open(settings.workspace, settings) as ws:
            await delete_world(ws, args.world, with_runs=args.with_runs)
        print(f"deleted {args.world}")
        return 0

    return asyncio.run(go())
