"""A spreadsheet as a grid: sheet tabs, column letters, row numbers, the cell under the cursor.

The grid is read from the engine's extract of the workbook (`## Sheet: name`
sections holding markdown tables whose header row is the column letters and
whose first column is the row number), so `engine.computer.formats` stays
the only code that opens an xlsx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Tab, Tabs

_PIPE = re.compile(r"(?<!\\)\|")
_MAX_SHOWN_ROWS = 2_000


@dataclass
class Grid:
    """One sheet: its name, column letters and rows (each row's first cell is its number)."""

    name: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in _PIPE.split(inner)]


def parse_grids(text: str, *, default_name: str = "Sheet") -> list[Grid]:
    """The sheets of an extract: `## Sheet: X` sections (or one unnamed table, as for a CSV)."""
    grids: list[Grid] = []
    current: Grid | None = None
    in_table = False
    for line in text.splitlines():
        if line.startswith("## Sheet: ") or line.startswith("## Chart sheet: "):
            name = line.split(": ", 1)[1]
            current = Grid(name=name)
            grids.append(current)
            in_table = False
            continue
        if line.startswith("|"):
            if current is None:
                current = Grid(name=default_name)
                grids.append(current)
            cells = _cells(line)
            if not in_table:
                current.columns = cells
                in_table = True
            elif set("".join(cells)) <= set("-: "):
                continue  # the |---| rule under the header
            else:
                current.rows.append(cells)
        else:
            in_table = False
            if current is not None and line.strip() == "(empty)":
                current.note = "This sheet is empty."
    return grids


def split_value(raw: str) -> tuple[str, str]:
    """(shown value, formula) for a cell: `=SUM(B2:B9) → 120` shows 120 and keeps the formula."""
    if raw.startswith("=") and " → " in raw:
        formula, value = raw.rsplit(" → ", 1)
        return value, formula
    if raw.startswith("="):
        return raw, raw
    return raw, ""


class SheetView(Vertical):
    """Sheet tabs over a DataTable with fixed letters and row numbers."""

    DEFAULT_CSS = """
    SheetView { height: 1fr; }
    SheetView > Tabs { height: 2; }
    SheetView > DataTable { height: 1fr; }
    SheetView > #cell-info { height: 1; color: $text-muted; padding: 0 1; }
    """

    class CellHighlighted(Message):
        def __init__(self, ref: str, raw: str) -> None:
            super().__init__()
            self.ref = ref
            self.raw = raw

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grids: list[Grid] = []
        self.sheet_index = 0
        self._shows = 0

    def compose(self) -> ComposeResult:
        yield Tabs(id="sheet-tabs")
        yield DataTable(id="grid", cursor_type="cell", zebra_stripes=True)
        yield Label("", id="cell-info")

    async def show(self, grids: list[Grid]) -> None:
        self.grids = grids
        self._shows += 1  # tab ids of a new workbook never meet the old ones being removed
        # A new Tabs per workbook rather than clear() + add_tab(): both reach into the
        # Tabs' own children, which a view mounted a moment ago may not have composed
        # yet (NoMatches on 'Underline' when two files are selected in quick succession).
        tabs = Tabs(
            *(Tab(g.name, id=f"sheet-{self._shows}-{i}") for i, g in enumerate(grids)),
            id="sheet-tabs",
        )
        tabs.display = len(grids) > 1
        await self.query(Tabs).remove()
        await self.mount(tabs, before=self.query_one(DataTable))
        self.show_sheet(0)

    def show_sheet(self, index: int) -> None:
        if not self.grids:
            return
        self.sheet_index = max(0, min(index, len(self.grids) - 1))
        grid = self.grids[self.sheet_index]
        table = self.query_one(DataTable)
        with self.app.batch_update():
            table.clear(columns=True)
            letters = grid.columns[1:] if grid.columns else []
            table.add_column("", key="#")
            for letter in letters:
                table.add_column(letter, key=letter)
            table.fixed_columns = 1
            for row in grid.rows[:_MAX_SHOWN_ROWS]:
                number, cells = row[0], row[1:]
                shown = [split_value(c)[0] for c in cells]
                shown += [""] * (len(letters) - len(shown))
                table.add_row(number, *shown[: len(letters)], key=number)
        info = grid.note or (f"{len(grid.rows)} rows × {len(letters)} columns" if letters else "")
        self.query_one("#cell-info", Label).update(info)

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if (
            event.tab is not None
            and event.tab.id
            and event.tab.id.startswith(f"sheet-{self._shows}-")
        ):
            index = int(event.tab.id.rsplit("-", 1)[1])
            if index != self.sheet_index:
                self.show_sheet(index)

    def current_cell(self) -> tuple[str, str, str] | None:
        """(sheet name, cell reference like B7, its raw text) under the cursor, if any."""
        if not self.grids:
            return None
        grid = self.grids[self.sheet_index]
        table = self.query_one(DataTable)
        r, c = table.cursor_coordinate
        if c < 1 or r >= len(grid.rows) or c >= len(grid.columns):
            return None
        row = grid.rows[r]
        raw = row[c] if c < len(row) else ""
        return grid.name, f"{grid.columns[c]}{row[0]}", raw

    @on(DataTable.CellHighlighted)
    def _cell(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        cell = self.current_cell()
        if cell is None:
            return
        _, ref, raw = cell
        value, formula = split_value(raw)
        self.query_one("#cell-info", Label).update(
            f"{ref}  {formula + '  →  ' if formula and formula != value else ''}{value}"
        )
        self.post_message(self.CellHighlighted(ref, raw))
