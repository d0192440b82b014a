"""What a run is asked to be: `RunOptions`, stored with the run's row.

Everything here is decided when the run starts and never changes after: a
fork and a resumed run read the same options back from the store, so they
build the same calendar, prompts and budgets as the original.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

WORK_PURPOSE = "work_turn"
PROMPT_VERSION = "work-1"

# A small tool set for `RunOptions.tools`: the Office writers' schemas are thousands of
# prompt tokens, which a small model on a CPU reads before every turn (a minute for the
# shipped 135M model); these are enough to read, write text, talk and submit.
PLAIN_TOOLS = (
    "list_dir",
    "read_file",
    "write_text",
    "send_message",
    "write_notes",
    "submit_deliverable",
    "end_day",
)


class RunOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    days: int = Field(default=20, ge=1, le=60, description="Working days to simulate.")
    turns_per_day: int = Field(default=40, ge=1, le=2000, description="Turn budget per day.")
    seed: int = Field(default=0, ge=0)
    start_date: dt.date | None = Field(
        default=None, description="First working day; by default the one after the world's capture."
    )
    objectives: str | None = Field(
        default=None,
        description="A YAML/JSON objectives file to use instead of the objectives agent.",
    )
    allow_code: bool = False
    tools: list[str] | None = Field(
        default=None,
        description="The tools the agent is given, by name (None: all of them). Fewer tools "
        "make a shorter prompt: a small model on a CPU reads the Office writers' schemas "
        "(thousands of tokens) before its first turn.",
    )
    snapshot_every: int = Field(
        default=10, ge=1, description="A computer snapshot at least every K turns (and at day end)."
    )
    max_error_streak: int = Field(
        default=8, ge=1, description="Consecutive failed turns after which the run pauses."
    )
    window_tokens: int = Field(
        default=8_000, ge=500, description="The turn window is compacted past this many tokens."
    )
    max_tool_calls: int = Field(default=4, ge=1, le=16, description="Tool calls run per turn.")
    max_turns: int | None = Field(
        default=None, ge=1, description="Stop (finished) after this many turns in all."
    )
    watch: bool = Field(
        default=True, description="Watch the run's computer for changes made by other programs."
    )
    backend: str = ""
    model: str = ""
