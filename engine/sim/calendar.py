"""The simulated calendar: which date a run day is, and what time it is within it.

A run covers N working days (weekdays only) from a start date. Each day has a
budget of turns; each action the agent takes costs simulated minutes, by the
kind of tool, so the clock in prompts, messages and file dates moves the way a
working day does (reading is quick, writing a document takes a while). The
clock is a pure function of the log (day starts, tool results), so a resumed
or forked run tells the same time the original did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY_START = dt.time(9, 0)
DAY_LENGTH_MIN = 9 * 60  # the clock stops at 18:00; later turns still happen, at 18:00

# Minutes an action costs, by a word in the tool's name (first match wins).
_MINUTES: tuple[tuple[str, int], ...] = (
    ("end_day", 0),
    ("write", 25),
    ("create", 25),
    ("edit", 12),
    ("append", 8),
    ("copy", 2),
    ("move", 2),
    ("rename", 2),
    ("delete", 2),
    ("submit", 5),
    ("send", 6),
    ("message", 6),
    ("reply", 6),
    ("note", 4),
    ("read", 6),
    ("inbox", 3),
    ("search", 4),
    ("list", 2),
    ("tree", 2),
    ("info", 1),
    ("code", 10),
    ("python", 10),
)
DEFAULT_MINUTES = 5
ERROR_MINUTES = 2


def minutes_for(tool: str, ok: bool) -> int:
    """How long an action took: a failed one is a short moment of confusion."""
    if not ok:
        return ERROR_MINUTES
    name = tool.lower()
    for word, minutes in _MINUTES:
        if word in name:
            return minutes
    return DEFAULT_MINUTES


def next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Calendar:
    """Working days 1..days from `start` (moved to a weekday), with a turn budget per day."""

    start: dt.date
    days: int = 20
    turns_per_day: int = 40

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("a run has at least one working day")
        if self.turns_per_day < 1:
            raise ValueError("a working day has at least one turn")
        object.__setattr__(self, "start", next_weekday(self.start))

    def date_of(self, day: int) -> dt.date:
        """The date of working day `day` (1-based), skipping weekends. Day 0 is the eve."""
        if day <= 0:
            return self.start - dt.timedelta(days=1)
        current = self.start
        left = day - 1
        while left:
            current += dt.timedelta(days=1)
            if current.weekday() < 5:
                left -= 1
        return current

    def moment(self, day: int, minutes: int) -> dt.datetime:
        """The clock `minutes` into working day `day` (capped at the end of the day)."""
        minutes = max(0, min(minutes, DAY_LENGTH_MIN))
        return dt.datetime.combine(self.date_of(day), DAY_START) + dt.timedelta(minutes=minutes)

    def label(self, day: int) -> str:
        """'Tue 4 Mar 2025': how a date reads in prompts and messages."""
        d = self.date_of(day)
        return f"{d:%a} {d.day} {d:%b %Y}"

    def last_date(self) -> dt.date:
        return self.date_of(self.days)
