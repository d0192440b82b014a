"""The turn stream: one line per turn, virtualized with the Line API (Toolong's `LogLines`).

Only the visible lines are rendered, from the `RunLog`'s rows through a list of
row indexes that pass the filter; a 10,000-turn run costs a list of ints, not
10,000 widgets. Growth is coalesced: `notify_grew` marks the stream dirty and a
timer redraws at most 20 times a second.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.runlog import RunLog, TurnRow, fit_args, matches

REDRAW_INTERVAL = 1 / 20
_TOOL_W = 22  # "submit_deliverable +2" fits


class TurnStream(ScrollView, can_focus=True):
    """The run's turns and events, newest at the bottom, following the tail until moved."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "turn-stream--cursor",
        "turn-stream--error",
        "turn-stream--event",
        "turn-stream--message",
        "turn-stream--dim",
        "turn-stream--user",
    }
    DEFAULT_CSS = """
    TurnStream { background: $surface; overflow-x: hidden; }
    TurnStream > .turn-stream--cursor { background: $accent 30%; }
    TurnStream:focus > .turn-stream--cursor { background: $accent; color: $text; }
    TurnStream > .turn-stream--error { color: $error; }
    TurnStream > .turn-stream--event { color: $text-muted; text-style: italic; }
    TurnStream > .turn-stream--message { color: $accent; }
    TurnStream > .turn-stream--dim { color: $text-muted; }
    TurnStream > .turn-stream--user { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", show=False, id="turns.up"),
        Binding("down,j", "cursor(1)", show=False, id="turns.down"),
        Binding("pageup", "page(-1)", show=False, id="turns.page_up"),
        Binding("pagedown", "page(1)", show=False, id="turns.page_down"),
        Binding("home", "home", show=False, id="turns.first"),
        Binding("end", "end", show=False, id="turns.last"),
        Binding(
            "enter",
            "choose",
            "Details",
            id="turns.details",
            tooltip="Show the turn's full model call and tool result",
        ),
    ]

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, row: TurnRow | None) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        def __init__(self, row: TurnRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, log: RunLog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.runlog = log
        self.view: list[int] = []  # indexes into log.rows that pass the filter
        self.follow = True
        self.tool = ""
        self.actor = ""
        self.errors_only = False
        self._dirty = False
        self._scanned = 0  # log rows already considered for `view`
        self._pinning = False
        self._pinned_for: tuple[int, int] = (-1, -1)
        self.redraws = 0

    # -- data ----------------------------------------------------------------

    def notify_grew(self) -> None:
        """The log has new rows or a changed last row; redraw soon (coalesced)."""
        if not self._dirty:
            self._dirty = True
            self.set_timer(REDRAW_INTERVAL, self._flush)

    def flush(self) -> None:
        """Redraw now (tests and the first frame after loading)."""
        self._dirty = True
        self._flush()

    def _flush(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.redraws += 1
        rows = self.runlog.rows
        how = {"tool": self.tool, "actor": self.actor, "errors_only": self.errors_only}
        self.view.extend(i for i in range(self._scanned, len(rows)) if matches(rows[i], **how))
        self._scanned = len(rows)
        self.virtual_size = Size(0, len(self.view))
        if self.follow and self.view:
            self.cursor = len(self.view) - 1
        self.refresh()

    def set_filter(self, *, tool: str = "", actor: str = "", errors_only: bool = False) -> None:
        current = self.current_row
        self.tool, self.actor, self.errors_only = tool, actor, errors_only
        self.view = []
        self._scanned = 0
        self.follow = False
        self.flush()
        if current is not None:
            self.select_seq(current.seq, nearest=True)
        elif self.view:
            self.cursor = 0

    @property
    def filtered(self) -> bool:
        return bool(self.tool or self.actor or self.errors_only)

    @property
    def current_row(self) -> TurnRow | None:
        if 0 <= self.cursor < len(self.view):
            return self.runlog.rows[self.view[self.cursor]]
        return None

    def select_index(self, row_index: int, *, nearest: bool = True) -> bool:
        """Move the cursor to the log row `row_index` (or the nearest shown row after it)."""
        import bisect

        pos = bisect.bisect_left(self.view, row_index)
        if pos >= len(self.view) or (self.view[pos] != row_index and not nearest):
            if not nearest or not self.view:
                return False
            pos = len(self.view) - 1
        self.follow = pos == len(self.view) - 1
        self.cursor = pos
        return True

    def select_seq(self, seq: int, *, nearest: bool = False) -> bool:
        index = self.runlog.index_at_seq(seq)
        return index is not None and self.select_index(index, nearest=nearest)

    # -- cursor --------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self.view:
            clamped = max(0, min(new, len(self.view) - 1))
            if clamped != new:
                self.cursor = clamped
                return
            self.call_after_refresh(self.scroll_to_region_y, clamped)
        self.refresh()
        self.post_message(self.Highlighted(self.current_row))

    def scroll_to_region_y(self, y: int) -> None:
        top = round(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        if y < top:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= top + height:
            self.scroll_to(y=y - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.follow = False
        self.cursor = max(0, self.cursor + step)
        if self.cursor >= len(self.view) - 1:
            self.follow = True

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_home(self) -> None:
        self.follow = False
        self.cursor = 0

    def action_end(self) -> None:
        self.follow = True
        self.cursor = len(self.view) - 1

    def action_choose(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Chosen(row))

    def on_click(self, event) -> None:  # a click picks the line under the pointer
        y = event.y + round(self.scroll_offset.y)
        if 0 <= y < len(self.view):
            self.follow = False
            self.cursor = y
            if event.chain == 2:
                self.action_choose()

    def on_mouse_scroll_up(self) -> None:
        self.follow = False  # reading back: new turns no longer pull the view down

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.view))
        if self.view:  # a scroll asked for before the first layout was clamped to 0
            self.call_after_refresh(self.scroll_to_region_y, self.cursor)

    def _pin(self) -> None:
        """Following the tail: keep the last line in view (a scroll asked for while the
        virtual size was still being laid out can land short; this puts it right)."""
        self._pinning = False
        self._pinned_for = (len(self.view), self.max_scroll_y)  # once per size: never a loop
        if self.follow and self.view and round(self.scroll_offset.y) < self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    # -- rendering -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if (
            y == 0
            and self.follow
            and not self._pinning
            and round(self.scroll_offset.y) < self.max_scroll_y
            and (len(self.view), self.max_scroll_y) != self._pinned_for
            and self.is_attached
        ):
            self._pinning = True
            self.call_after_refresh(self._pin)
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.view):
            return Strip.blank(width, self.rich_style)
        row = self.runlog.rows[self.view[index]]
        text = self.line_text(row, width)
        text.truncate(width, pad=True)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("turn-stream--cursor"))
        base = self.rich_style
        segments = Segment.apply_style(text.render(self.app.console), style=base)
        return Strip(segments).crop_extend(0, width, base).simplify()

    def line_text(self, row: TurnRow, width: int) -> Text:
        """`✗ D3  T120   write_document  …/plan.docx   Wrote 3 pages.`"""
        dim = self.get_component_rich_style("turn-stream--dim", partial=True)
        err = self.get_component_rich_style("turn-stream--error", partial=True)
        mark = ("✗ ", err) if row.error else ("  ", Style())
        where = f"D{row.day:<3}T{row.turn:<6}" if row.turn else f"D{row.day:<3}       "
        if row.error:
            style = err
        elif row.kind == "turn":
            style = Style()
        elif row.actor == "user":
            style = self.get_component_rich_style("turn-stream--user", partial=True)
        elif row.kind in ("message_received", "deliverable_submitted"):
            style = self.get_component_rich_style("turn-stream--message", partial=True)
        else:
            style = self.get_component_rich_style("turn-stream--event", partial=True)
        rest = max(12, width - 2 - len(where) - _TOOL_W)
        args_w = max(8, int(rest * 0.42))
        out_w = max(4, rest - args_w)
        return Text.assemble(
            mark,
            (where, dim),
            (_fit(row.tool, _TOOL_W - 1).ljust(_TOOL_W), style + Style(bold=row.kind == "turn")),
            (fit_args(row.args, args_w - 1).ljust(args_w), dim),
            (_fit(row.outcome, out_w), style),
            no_wrap=True,
            end="",
        )


def _fit(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"
