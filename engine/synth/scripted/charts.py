"""Charts drawn from the facts: a metric's recent months, a budget's split, a parent's table.

A deck built from a workbook charts the workbook's own numbers (read back from the
parent's extracted text); otherwise a metric's series ends exactly on the figure the
fact sheet gives, so the chart, the report and the spreadsheet agree.
"""

from __future__ import annotations

import datetime as dt
import re

from engine.schema.specs import ChartSpec, Series
from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import nice_amount
from engine.synth.scripted.writing import attr, previous_value


def best_chart(b: Brief) -> ChartSpec:
    return chart_from_parent(b) or metric_chart(b) or budget_chart(b) or activity_chart(b)


def chart_from_parent(b: Brief) -> ChartSpec | None:
    """The first text column against the first numeric column of a parent's table."""
    parent = next(
        (p for p in b.parents if p.kind in ("xlsx", "csv", "tsv") and p.text.strip()), None
    )
    if parent is None:
        return None
    rows = _table(
        parent.text, sep="\t" if parent.kind == "tsv" else "," if parent.kind == "csv" else "|"
    )
    if len(rows) < 3:
        return None
    header, body = rows[0], rows[1:]
    width = min(len(r) for r in rows)
    label_col = next((i for i in range(width) if not _num(body[0][i]) and body[0][i]), None)
    value_col = next(
        (
            i
            for i in range(width)
            if i != label_col and sum(_num(r[i]) for r in body) >= len(body) * 0.8
        ),
        None,
    )
    if label_col is None or value_col is None:
        return None
    body = body[:12]
    return ChartSpec(
        type="bar",
        title=f"{header[value_col]} by {header[label_col].lower()}"[:120],
        categories=[r[label_col][:30] for r in body],
        series=[
            Series(
                name=header[value_col][:60] or "Value", values=[float(r[value_col]) for r in body]
            )
        ],
    )


def _table(text: str, sep: str) -> list[list[str]]:
    """The first table of an extracted text (a workbook's first sheet, a CSV) as rows of cells."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if sep == "|":
            if rows and (line.startswith("## ") or not line):
                break  # the next sheet, or the end of the first table
            if not line.startswith("|") or re.match(r"^\|\s*:?-", line):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells and (cells[0].isdigit() or cells[0] == ""):
                cells = cells[1:]  # the row-number column of an extracted sheet
            if cells and all(re.fullmatch(r"[A-Z]{1,2}", c) for c in cells):
                continue  # the column-letter row
        else:
            cells = [c.strip() for c in line.split(sep)]
        if any(cells):
            rows.append(cells)
    return rows


def _num(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except (ValueError, AttributeError):
        return False
    return not text.startswith("=")


def metric_chart(b: Brief) -> ChartSpec | None:
    metric = next((e for e in b.of_type("metric") if e.amount is not None), None)
    if metric is None or metric.amount is None:
        return None
    months = _months(b.day, 8)
    start, end = previous_value(metric), metric.amount
    data = b.stable("series", metric.id)
    values = []
    for i in range(len(months)):
        t = i / (len(months) - 1)
        v = start + (end - start) * t + (end or 1) * data.uniform(-0.04, 0.04) * (1 - t)
        values.append(round(v, 1) if abs(end) < 1000 else round(v))
    values[-1] = end
    unit = attr(metric, "unit", "")
    label = (
        f"{metric.name} ({unit})"
        if unit and unit not in ("count", "score", "money")
        else metric.name
    )
    return ChartSpec(
        type="line",
        title=label[:120],
        categories=months,
        series=[Series(name=metric.name[:60], values=values)],
    )


def budget_chart(b: Brief) -> ChartSpec | None:
    budget = next((e for e in b.of_type("budget", "contract") if e.amount), None)
    if budget is None or not budget.amount:
        return None
    items = list(b.world.domain.items)[:6]
    data = b.stable("split", budget.id)
    weights = [data.uniform(0.5, 2.0) for _ in items]
    values = [round(budget.amount * w / sum(weights)) for w in weights]
    values[-1] = round(budget.amount - sum(values[:-1]), 2)
    return ChartSpec(
        type="pie",
        title=f"{budget.name} by line"[:120],
        categories=items,
        series=[Series(name=budget.name[:60], values=values)],
    )


_HOME = ("Rent or mortgage", "Food", "Transport", "Utilities", "Savings", "Leisure")


def activity_chart(b: Brief) -> ChartSpec:
    if b.project is None and re.search(
        r"household|savings|personal", f"{b.topic} {b.artifact.path}".lower()
    ):
        data = b.stable("home", b.world.user)
        shares = [data.uniform(0.5, 2.5) for _ in _HOME]
        monthly = nice_amount(data.uniform(2500, 6000), b.currency)
        values = [float(round(monthly * s / sum(shares))) for s in shares]
        return ChartSpec(
            type="pie",
            title="Household spending per month",
            categories=list(_HOME),
            series=[Series(name="Monthly", values=values)],
        )
    months = _months(b.day, 6)
    data = b.stable("activity", b.stem)
    return ChartSpec(
        type="bar",
        title=f"{b.topic} - items completed per month"[:120],
        categories=months,
        series=[Series(name="Completed", values=[float(data.randint(4, 30)) for _ in months])],
    )


def _months(day: dt.date, n: int) -> list[str]:
    out = []
    y, m = day.year, day.month
    for _ in range(n):
        out.append(f"{dt.date(y, m, 1):%b %Y}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return list(reversed(out))
