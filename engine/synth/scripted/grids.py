"""Tables of plausible data built from a brief: budgets, mark books, trackers, holdings, logs.

A `Grid` is one sheet's worth: typed columns and rows whose formula cells also carry
the value the formula computes, so the same grid becomes a workbook (formulas) or a
CSV (values). The numbers are anchored on the fact sheet: a budget's allocations add
up to exactly the budget entity's amount, a metric's log ends on the metric's figure,
and the base rows come from an RNG keyed on the file's stem, so a `_v2` workbook
starts with its `_v1`'s rows and adds the weeks since.

This module picks the grid for an artefact and builds ledgers, weekly logs and trackers;
people-shaped grids are in `grids_people`, stock lists and schemes of work in `grids_stock`.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random
from typing import Any

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import nice_amount, title_case
from engine.synth.scripted.grid_base import MIN_ROWS, Col, F, Grid, row_dates
from engine.synth.scripted.grids_people import class_list, holdings, marks, rota
from engine.synth.scripted.grids_stock import inventory, lessons
from engine.synth.scripted.writing import attr, spent_share

_SHAPES = (
    (
        r"mark ?book|marking|grade|assessment results|target grades|exam results|report comments",
        "marks",
    ),
    (
        r"scheme of work|lesson plan|session plan|training programme|exercise programme|syllabus",
        "lessons",
    ),
    (
        r"inventory|stock|asset register|equipment|materials list|bill of materials|drug|reagent|"
        r"sample inventory|supplies|price list|rate card",
        "inventory",
    ),
    (r"portfolio|holding|allocation|fund|rent roll|aum|assets under", "holdings"),
    (r"rota|roster|timetable|appointment book|shift", "rota"),
    (
        r"budget|cost|accounts|financial|\bmodel\b|\bfees?\b|\bquote\b|invoice|expense|costing|payroll|"
        r"\bcash|ledger|trial balance|reconciliation|\border\b|quantities|valuation|calculator|forecast",
        "budget",
    ),
    (
        r"data|results|statistics|performance|kpi|export|survey|readings|yield|analysis|dashboard|"
        r"\blog\b|measure|benchmark|extract|scores|occupancy|\bsales\b",
        "series",
    ),
)


def shape_of(b: Brief) -> str:
    """The grid a workbook is, judged by its artefact type first and its topic second."""
    for text in (b.artefact.lower(), b.topic.lower()):
        for pattern, shape in _SHAPES:
            if re.search(pattern, text):
                teaching = b.world.family is not None and "teach" in b.world.family.id
                if shape == "marks" and not (b.of_type("course") or teaching):
                    continue
                return shape
    return "tracker"


def grid_for(b: Brief) -> Grid:
    extra = 3 + b.rng.randint(0, 4) if b.parent("version_of") else 0
    data = b.stable("grid", b.stem)
    builder = {
        "marks": marks,
        "holdings": holdings,
        "rota": rota,
        "budget": ledger,
        "series": series,
        "inventory": inventory,
        "lessons": lessons,
    }
    return builder.get(shape_of(b), tracker)(b, data, MIN_ROWS + data.randint(0, 14) + extra)


def ledger(b: Brief, data: Random, n: int) -> Grid:
    """Transactions against a budget: each line coded to a budget line, amounts adding up."""
    budget = next((e for e in b.of_type("budget", "contract", "account") if e.amount), None)
    total_budget = (
        budget.amount
        if budget and budget.amount
        else nice_amount(data.uniform(*b.world.domain.budget), b.currency)
    )
    target_spend = total_budget * (spent_share(budget) if budget else 0.6)
    lines = list(b.world.domain.items)
    suppliers = [e.name for e in b.world.entities("organization") if attr(e, "account_number")] or [
        "Supplier"
    ]
    suppliers += [f"{title_case(w)} Ltd" for w in ("stationers", "hire centre", "online store")]
    weights = [data.uniform(0.3, 1.6) for _ in range(n)]
    scale = target_spend / sum(weights)
    grid = Grid(
        "Transactions",
        [
            Col("Date", "date", width=12),
            Col("Description", width=34),
            Col("Budget line", width=22),
            Col("Supplier", width=24),
            Col("Net", "currency", "sum"),
            Col("VAT", "currency", "sum"),
            Col("Gross", "currency", "sum"),
        ],
    )
    for i, day in enumerate(row_dates(b, data, n, 9)):
        line = lines[i % len(lines)] if i < len(lines) else data.choice(lines)
        net = round(weights[i] * scale, 2)
        r = i + 2
        vat = F(f"=ROUND(E{r}*0.2,2)", round(net * 0.2, 2), "currency")
        gross = F(f"=E{r}+F{r}", round(net * 1.2, 2), "currency")
        desc = (
            data.choice(("Order", "Invoice", "Renewal", "Top-up", "Call-off", "Purchase"))
            + f" {data.randint(1000, 9999)}"
        )
        grid.rows.append(
            [day, f"{desc} - {line.lower()}", line, data.choice(suppliers), net, vat, gross]
        )
    grid.meta = {"budget": budget, "total": total_budget, "lines": lines}
    return grid


def series(b: Brief, data: Random, n: int) -> Grid:
    metrics = [e for e in b.of_type("metric") if e.amount is not None][:2]
    groups = [e.name for e in b.of_type("client", "course", "place", "organization")][:3] or [
        b.topic
    ]
    cols = [Col("Week ending", "date", width=13), Col("Group", width=24)]
    names = []
    for m in metrics:
        unit = attr(m, "unit", "count")
        cols.append(
            Col(
                m.name[:40],
                "percent" if unit == "%" else "currency" if unit == "money" else "decimal",
                "average",
            )
        )
        names.append(m)
    if not names:
        cols.append(Col("Count", "int", "sum"))
    cols += [Col("Change", "percent", "average")]
    grid = Grid("Data", cols)
    dates = row_dates(b, data, n, 7)
    prev: Any = None
    for i, day in enumerate(dates):
        r = i + 2
        row: list[Any] = [day, groups[i % len(groups)]]
        for m in names:
            assert m.amount is not None
            unit = attr(m, "unit", "count")
            end = m.amount / 100 if unit == "%" else m.amount
            v = end * (1 + (n - 1 - i) / n * data.uniform(-0.15, 0.1) + data.uniform(-0.03, 0.03))
            row.append(end if i == n - 1 else round(v, 4 if unit == "%" else 2))
        if not names:
            row.append(data.randint(20, 400))
        now = row[2]
        change = round(now / prev - 1, 4) if prev else 0.0
        row.append(F(f"=IF(C{r - 1}=0,0,C{r}/C{r - 1}-1)", change) if i else 0)
        grid.rows.append(row)
        prev = now
    return grid


def tracker(b: Brief, data: Random, n: int) -> Grid:
    people = [c.name for c in b.world.people_on(b.project.id if b.project else None)] + [
        b.world.user
    ]
    arts = [a.name for a in b.world.family.artifacts] if b.world.family else ["document"]
    about = [
        e.name for e in b.of_type("client", "course", "organization", "place", "product")
    ] + b.world.topics()
    verbs = (
        "Review",
        "Update",
        "Chase",
        "Check",
        "Draft",
        "Agree",
        "Send",
        "File",
        "Sign off",
        "Revise",
    )
    status = ("Open", "In progress", "Closed", "Closed", "On hold")
    grid = Grid(
        "Tracker",
        [
            Col("Ref", width=10),
            Col("Item", width=48),
            Col("Owner", width=20),
            Col("Status", width=12),
            Col("Priority", width=9),
            Col("Opened", "date"),
            Col("Due", "date"),
            Col("Days allowed", "int", "average"),
        ],
    )
    dated = [e for e in b.of_type("key_date") if e.date]
    for i, day in enumerate(row_dates(b, data, n, 5)):
        r = i + 2
        due = day + dt.timedelta(days=data.randint(5, 45))
        if i < len(dated):
            item = f"Ready for the {dated[i].name}"
            due = max(day, dated[i].date)  # type: ignore[type-var]
        else:
            item = f"{data.choice(verbs)} {data.choice(arts)} - {data.choice(about)}"
        grid.rows.append(
            [
                f"{b.world.domain.ref}-{101 + i}",
                item,
                data.choice(people),
                data.choice(status),
                data.choice(("High", "Medium", "Low")),
                day,
                due,
                F(f"=G{r}-F{r}", (due - day).days),
            ]
        )
    return grid


__all__ = ["MIN_ROWS", "Col", "F", "Grid", "class_list", "grid_for", "shape_of"]
