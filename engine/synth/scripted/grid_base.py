"""The pieces every spreadsheet grid is made of: typed columns, formula cells with their values,
and the dates a grid's rows fall on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

from engine.synth.scripted.brief import Brief

MIN_ROWS = 24


@dataclass
class F:
    """A formula cell and the value it computes (for CSV exports and summaries)."""

    formula: str
    value: Any
    format: str | None = None


@dataclass
class Col:
    header: str
    format: str = "general"
    total: str = "none"
    width: float | None = None


@dataclass
class Grid:
    name: str
    cols: list[Col]
    rows: list[list[Any]] = field(default_factory=list)
    totals: bool = True
    meta: dict[str, Any] = field(default_factory=dict)

    def col(self, header: str) -> str:
        """The column letter of a header."""
        i = next(i for i, c in enumerate(self.cols) if c.header == header)
        return chr(ord("A") + i)

    @property
    def last_row(self) -> int:
        return len(self.rows) + 1


def row_dates(b: Brief, data: Random, n: int, step: int) -> list[dt.date]:
    start = b.day - dt.timedelta(days=step * (n - 1))
    project = b.project
    if project is not None and project.start_date > start and step > 2:
        step = max(1, (b.day - project.start_date).days // max(1, n))
        start = b.day - dt.timedelta(days=step * (n - 1))
    return [
        start + dt.timedelta(days=step * i + data.randint(0, max(0, step // 3))) for i in range(n)
    ]
