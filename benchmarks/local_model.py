"""What a real small model costs through the engine: measured here, asserted nowhere.

Run: .venv/bin/python benchmarks/local_model.py [--repeat N]

The local backend (SmolLM2-135M-Instruct Q4_1 on llama-cpp-python's server,
started by the engine) beside the scripted backend, in the same run and through
the same `LLM` calls:

1. decode tokens/s: a short prompt and up to 128 new tokens (temperature 0);
2. prompt tokens/s: a prompt of ~900 tokens and one new token, each prompt
   made unique at its start so the server's prefix cache cannot help;
3. seconds per structured call (a small model and the engine's `WorkHabits`),
   every repair included;
4. seconds per chat with tools (a named tool, then "required"), repairs included;
5. seconds per simulated turn: a one-day run of the wealth-adviser sample world
   through `Workspace.start_run` (the plain tools, the same objectives for both
   backends), wall time per stored turn and the share of it spent in the model.

Needs the `local` extra and the shipped model (README, "Use a real model");
without them only the scripted figures are printed. The machine's other load
shows in the figures: run it on a quiet machine for numbers worth comparing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import BaseModel, Field

from engine.config import ModelSettings, Settings
from engine.errors import ModelError
from engine.llm import LLM, CallContext, ChatMessage, ToolSpec, make_llm
from engine.llm.local import local_status
from engine.schema.profile import WorkHabits
from engine.sim.options import PLAIN_TOOLS, RunOptions
from engine.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "sample_worlds" / "wealth_adviser_edinburgh"


class Pet(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    species: str = Field(min_length=1, max_length=40)
    age: int = Field(ge=0, le=40)


class ReadFile(BaseModel):
    path: str = Field(min_length=1, description="The file's path, e.g. 'notes/todo.txt'.")


class SendMessage(BaseModel):
    to: str = Field(min_length=1)
    body: str = Field(min_length=1)


TOOLS = [
    ToolSpec(name="read_file", description="Read a text file on the computer.", params=ReadFile),
    ToolSpec(name="send_message", description="Message a colleague.", params=SendMessage),
]
ASK = [
    ChatMessage.system("You work on the user's computer. Use the tools."),
    ChatMessage.user("Open notes/todo.txt and tell Ann what is in it."),
]
LONG = " ".join(
    f"Note {i}: the {['budget', 'report', 'invoice', 'meeting'][i % 4]} for client {i * 7} "
    f"is due on day {i % 28 + 1}."
    for i in range(40)
)


def ctx(i: int) -> CallContext:
    return CallContext(purpose="benchmark", call_idx=i)


async def timed(call: Callable[[], Awaitable[object]]) -> tuple[float, object | None]:
    started = time.perf_counter()
    try:
        value = await call()
    except ModelError as err:  # a failed call still costs its time; say so
        print(f"    (a call failed: {err})")
        value = None
    return time.perf_counter() - started, value


async def measure(llm: LLM, repeat: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    await llm.check()  # start-up and first-request warm-up are not what is measured

    decode_tokens = decode_s = 0.0
    for i in range(repeat):
        result = await llm.chat(
            [ChatMessage.user(f"({i}) Write a long story about a lighthouse keeper.")],
            context=ctx(i),
            max_tokens=128,
            temperature=0,
        )
        decode_tokens += result.usage.completion_tokens
        decode_s += result.latency_ms / 1000
    figures["decode tokens/s"] = decode_tokens / decode_s

    prompt_tokens = prompt_s = 0.0
    for i in range(repeat):
        result = await llm.chat(
            [ChatMessage.user(f"Run {i} {time.time_ns()}. {LONG} Which note is about day 3?")],
            context=ctx(i),
            max_tokens=1,
        )
        prompt_tokens += result.usage.prompt_tokens
        prompt_s += result.latency_ms / 1000
    figures["prompt tokens/s"] = prompt_tokens / prompt_s
    figures["prompt tokens per call"] = prompt_tokens / repeat

    for output, ask, limit in (
        (Pet, "A cat called Miso, aged 4.", 80),
        (WorkHabits, "A tidy accountant in Leeds who files everything by date.", 400),
    ):
        seconds = []
        for i in range(repeat):
            took, _ = await timed(
                lambda i=i, output=output, ask=ask, limit=limit: llm.structured(
                    [ChatMessage.system("You answer with JSON."), ChatMessage.user(f"{ask} ({i})")],
                    output,
                    context=ctx(i),
                    max_tokens=limit,
                    temperature=0.2,
                )
            )
            seconds.append(took)
        figures[f"s per structured call ({output.__name__})"] = statistics.mean(seconds)

    for choice in ("read_file", "required"):
        seconds = []
        for i in range(repeat):
            took, _ = await timed(
                lambda i=i, choice=choice: llm.chat(
                    [*ASK[:-1], ChatMessage.user(f"{ASK[-1].content} ({i})")],
                    tools=TOOLS,
                    tool_choice=choice,
                    context=ctx(i),
                    max_tokens=80,
                    temperature=0.3,
                )
            )
            seconds.append(took)
        figures[f"s per chat with tools ({choice})"] = statistics.mean(seconds)
    return figures


async def simulated_turns(
    model: ModelSettings, root: Path, turns: int, objectives: Path | None
) -> tuple[dict[str, float], Path]:
    """Wall seconds per turn of a real run, and the model's share; the objectives used."""
    async with await Workspace.open(settings=Settings(workspace=root, model=model)) as ws:
        run = await ws.start_run(
            str(SAMPLE),
            RunOptions(
                days=1,
                turns_per_day=turns,
                max_turns=turns,
                seed=1,
                watch=False,
                tools=list(PLAIN_TOOLS),
                objectives=None if objectives is None else str(objectives),
            ),
        )
        started = time.perf_counter()
        await run.start()
        status = await run.wait()
        wall = time.perf_counter() - started
        events = await ws.store.events.history(run.id, since_seq=0, limit=10_000)
        done = sum(1 for e in events if e.kind == "turn_started")
        model_s = sum(
            float(e.payload.get("latency_ms") or 0) / 1000
            for e in events
            if e.kind == "model_call" and e.payload.get("purpose") == "work_turn"
        )
        print(f"    {model.backend}: {done} turn(s) in {wall:.1f} s, run {status}")
        per_turn = wall / max(done, 1)
        figures = {
            "s per simulated turn": per_turn,
            "  of it in the model (%)": 100 * model_s / wall if wall else 0.0,
        }
        return figures, run.run_dir / "objectives.yaml"


async def main(repeat: int, turns: int) -> None:
    results: dict[str, dict[str, float]] = {}
    scripted = ModelSettings(backend="scripted", seed=1)
    async with make_llm(scripted) as llm:
        results["scripted"] = await measure(llm, repeat)
    work = Path(tempfile.mkdtemp(prefix="synthcomp-bench-local-"))
    print(f"simulated turns ({turns} turns of one day on {SAMPLE.name}):")
    sim, objectives = await simulated_turns(scripted, work / "scripted", turns, None)
    results["scripted"].update(sim)

    status = local_status(ModelSettings(backend="local"))
    if status.available:
        print(f"local: {status.describe()}")
        started = time.perf_counter()
        async with make_llm(ModelSettings(backend="local", validation_retries=3)) as llm:
            await llm.check()
            print(f"local: server started and answered in {time.perf_counter() - started:.1f} s")
            results["local"] = await measure(llm, repeat)
        local = ModelSettings(backend="local", validation_retries=2, timeout_s=300)
        sim, _ = await simulated_turns(local, work / "local", turns, objectives)
        results["local"].update(sim)
    else:
        print(f"local: skipped, the local backend is {status.reason}")

    names = list(results)
    width = max(len(k) for k in results["scripted"])
    print(f"\n{'':<{width}}  " + "  ".join(f"{n:>12}" for n in names))
    for key in results["scripted"]:
        row = "  ".join(f"{results[n][key]:>12.2f}" for n in names)
        print(f"{key:<{width}}  {row}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="calls per figure (default 3)")
    parser.add_argument("--turns", type=int, default=4, help="turns of the simulated run")
    args = parser.parse_args()
    asyncio.run(main(args.repeat, args.turns))
