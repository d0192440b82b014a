"""synth.content.xlsx: a `SheetSpec` of two or three sheets with working formulas.

The main sheet comes from `grids` (a ledger, a mark book, a tracker, holdings, a
weekly log, a rota), with typed columns and a totals row. A summary sheet reads it
with cross-sheet formulas (SUMIF by budget line, COUNTIF by status, AVERAGE, MAX),
and the fact-sheet entities the file mentions are listed with their exact figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import (
    Cell,
    Column,
    CurrencyCell,
    DateCell,
    EmptyCell,
    FormulaCell,
    NumberCell,
    Sheet,
    SheetSpec,
    TextCell,
)
from engine.synth.scripted.brief import Brief, brief_from
from engine.synth.scripted.common import long_date
from engine.synth.scripted.grids import F, Grid, grid_for
from engine.synth.scripted.writing import attr, fact


def respond(request: ScriptedRequest) -> SheetSpec:
    return build_sheet(brief_from(request))


def build_sheet(b: Brief) -> SheetSpec:
    grid = grid_for(b)
    sheets = [to_sheet(grid)]
    if grid.meta.get("lines"):
        sheets.append(budget_summary(b, grid))
        sheets.append(key_facts(b, "Notes", []))
    else:
        sheets.append(key_facts(b, "Summary", summary_rows(grid)))
    return SheetSpec(
        title=b.title[:200],
        author=b.author,
        created=b.created,
        modified=b.modified,
        currency=b.currency,
        sheets=sheets,
    )


def cell(value: Any, fmt: str = "general") -> Cell:
    if isinstance(value, F):
        return FormulaCell(formula=value.formula, format=value.format)  # type: ignore[arg-type]
    if value is None:
        return EmptyCell()
    if isinstance(value, dt.date):
        return DateCell(value=value)
    if isinstance(value, bool):
        return TextCell(value="Yes" if value else "No")
    if isinstance(value, int | float):
        return CurrencyCell(value=value) if fmt == "currency" else NumberCell(value=value)
    return TextCell(value=str(value))


def to_sheet(grid: Grid) -> Sheet:
    return Sheet(
        name=grid.name[:31],
        columns=[
            Column(header=c.header, format=c.format, total=c.total, width=c.width)
            for c in grid.cols
        ],  # type: ignore[arg-type]
        rows=[
            [cell(v, c.format) for v, c in zip(row, grid.cols, strict=False)] for row in grid.rows
        ],
        totals_row=grid.totals,
    )


def ref(grid: Grid) -> str:
    return f"'{grid.name}'" if not grid.name.isalnum() else grid.name


def budget_summary(b: Brief, grid: Grid) -> Sheet:
    """Allocation per budget line (adding up to the budget exactly) against SUMIF of spend."""
    lines: list[str] = grid.meta["lines"]
    total: float = grid.meta["total"]
    budget = grid.meta.get("budget")
    data = b.stable("alloc", b.stem)
    weights = [data.uniform(0.5, 2.0) for _ in lines]
    allocs = [round(total * w / sum(weights), -1 if total > 5000 else 0) for w in weights]
    allocs[-1] = round(total - sum(allocs[:-1]), 2)
    src, last = ref(grid), grid.last_row
    line_col, gross_col = grid.col("Budget line"), grid.col("Gross")
    rows = []
    for i, (line, alloc) in enumerate(zip(lines, allocs, strict=True)):
        r = i + 2
        rows.append(
            [
                TextCell(value=line),
                CurrencyCell(value=alloc),
                FormulaCell(
                    formula=f"=SUMIF({src}!${line_col}$2:${line_col}${last},A{r},{src}!${gross_col}$2:${gross_col}${last})"
                ),
                FormulaCell(formula=f"=B{r}-C{r}"),
                FormulaCell(formula=f"=IF(B{r}=0,0,C{r}/B{r})", format="percent"),
            ]
        )
    title = budget.name if budget is not None else "Budget"
    return Sheet(
        name="Summary",
        columns=[
            Column(header=title[:60], width=30),
            Column(header="Allocation", format="currency", total="sum"),
            Column(header="Spent", format="currency", total="sum"),
            Column(header="Remaining", format="currency", total="sum"),
            Column(header="% used", format="percent", total="average"),
        ],
        rows=rows,
        totals_row=True,
    )


def summary_rows(grid: Grid) -> list[list[Cell]]:
    """Formulas over the main sheet: counts, averages, maxima, statuses."""
    src, last = ref(grid), grid.last_row
    out: list[list[Cell]] = [
        [
            TextCell(value="Rows"),
            FormulaCell(formula=f"=COUNTA({src}!A2:A{last})", format="int"),
            TextCell(value=f"from {grid.name}"),
        ]
    ]
    for c in grid.cols:
        col = grid.col(c.header)
        rng = f"{src}!{col}2:{col}{last}"
        if c.header in ("Status",):
            for status in sorted(
                {
                    str(
                        r[grid.cols.index(c)].value
                        if isinstance(r[grid.cols.index(c)], F)
                        else r[grid.cols.index(c)]
                    )
                    for r in grid.rows
                }
            ):
                out.append(
                    [
                        TextCell(value=f"{c.header}: {status}"),
                        FormulaCell(formula=f'=COUNTIF({rng},"{status}")', format="int"),
                        TextCell(value="count"),
                    ]
                )
        elif c.format in ("currency", "decimal", "percent", "int") and c.header not in (
            "Target",
            "Units",
            "Price",
        ):
            fmt = c.format if c.format != "int" else "decimal"
            out.append(
                [
                    TextCell(value=f"Average {c.header.lower()}"),
                    FormulaCell(formula=f"=AVERAGE({rng})", format=fmt),
                    TextCell(value="mean"),
                ]
            )  # type: ignore[arg-type]
            out.append(
                [
                    TextCell(value=f"Highest {c.header.lower()}"),
                    FormulaCell(formula=f"=MAX({rng})", format=fmt),
                    TextCell(value="max"),
                ]
            )  # type: ignore[arg-type]
        if len(out) >= 10:
            break
    return out


def key_facts(b: Brief, name: str, first: list[list[Cell]]) -> Sheet:
    rows = list(first)
    if rows:
        rows.append([EmptyCell(), EmptyCell(), EmptyCell()])
    rows.append(
        [TextCell(value="Key facts"), EmptyCell(), TextCell(value=f"as at {long_date(b.day)}")]
    )
    for e in b.entities:
        if e.amount is not None and e.type == "metric" and attr(e, "unit") == "%":
            value: Cell = NumberCell(value=round(e.amount / 100, 4), format="percent")
        elif e.amount is not None and e.currency:
            value = CurrencyCell(value=e.amount)
        elif e.amount is not None:
            value = NumberCell(value=e.amount)
        elif e.date is not None:
            value = DateCell(value=e.date)
        else:
            value = TextCell(value=e.type.replace("_", " "))
        rows.append([TextCell(value=e.name), value, TextCell(value=fact(b, e)[:250])])
    return Sheet(
        name=name,
        columns=[
            Column(header="Item", width=34),
            Column(header="Value", width=16),
            Column(header="Note", width=70),
        ],
        rows=rows,
        totals_row=False,
    )
