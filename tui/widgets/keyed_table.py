"""A DataTable whose rows are keyed by a stable id and diffed, never rebuilt (Memray's way)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


class KeyedTable(DataTable[Any]):
    """`sync({id: cells})` adds, updates and removes rows so the table matches, keeping the cursor."""

    def __init__(
        self, columns: Sequence[tuple[str, str, int | None]], *, id: str | None = None
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = list(columns)  # (key, label, fixed width or None to fit the content)
        self._cells: dict[str, tuple[Any, ...]] = {}
        self.syncs = 0

    def on_mount(self) -> None:
        for key, label, width in self._columns:
            self.add_column(label, key=key, width=width)

    def sync(self, rows: Mapping[str, Sequence[Any]]) -> None:
        """Make the table hold exactly `rows` (in their order for new ones)."""
        self.syncs += 1
        keys = [k for k, _, _ in self._columns]
        for gone in [k for k in self._cells if k not in rows]:
            self.remove_row(gone)
            del self._cells[gone]
        for row_key, cells in rows.items():
            cells = tuple(cells)
            old = self._cells.get(row_key)
            if old is None:
                self.add_row(*cells, key=row_key)
            elif old != cells:
                for col, (a, b) in enumerate(zip(old, cells, strict=True)):
                    if _plain(a) != _plain(b) or a != b:
                        self.update_cell(row_key, keys[col], b)
            self._cells[row_key] = cells

    @property
    def current_key(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except (RowDoesNotExist, IndexError):
            return None
        return None if key.value is None else str(key.value)

    def select_key(self, row_key: str) -> None:
        try:
            self.move_cursor(row=self.get_row_index(row_key))
        except RowDoesNotExist:
            pass


def _plain(value: Any) -> str:
    return value.plain if isinstance(value, Text) else str(value)
