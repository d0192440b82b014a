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
4. seconds per chat with tools (a named tool, then "required"), repairs included.

Needs the `local` extra and the shipped model (README, "Use a real model");
without them only the scripted figures are printed. The machine's other load
shows in the figures: run it on a quiet machine for numbers worth comparing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import BaseModel, Field

from engine.config import ModelSettings
from engine.errors import ModelError
from engine.llm import LLM, CallContext, ChatMessage, ToolSpec, make_llm
from engine.llm.local import local_status
from engine.schema.profile import WorkHabits


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


async def main(repeat: int) -> None:
    results: dict[str, dict[str, float]] = {}
    scripted = ModelSettings(backend="scripted", seed=1)
    async with make_llm(scripted) as llm:
        results["scripted"] = await measure(llm, repeat)

    status = local_status(ModelSettings(backend="local"))
    if status.available:
        print(f"local: {status.describe()}")
        started = time.perf_counter()
        async with make_llm(ModelSettings(backend="local", validation_retries=3)) as llm:
            await llm.check()
            print(f"local: server started and answered in {time.perf_counter() - started:.1f} s")
            results["local"] = await measure(llm, repeat)
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
    asyncio.run(main(parser.parse_args().repeat))
