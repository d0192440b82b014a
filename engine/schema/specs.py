"""Content specs: what a file should contain, as a model writes it (JSON) before any bytes exist.

A spec is the hand-off between whoever decides a file's content (the synth
pipeline, the work agent, a test) and `engine.computer.formats`, which alone
knows how to write it as a .docx, .xlsx, .pptx, .pdf, .png, .eml or text file.

The shapes are kept friendly to JSON schema, because models fill them in as
structured output: every variant of a union carries a `type` literal (a
discriminated union a model can follow), there are no free-form dicts, unknown
fields are refused (a misspelt field is reported, not silently dropped), and
lists have bounds so one runaway reply cannot ask for a million rows.

Specs also carry every timestamp a file records (created, modified, an
email's date), so rendering the same spec gives the same bytes: a world
generated from the same seed is the same world.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parseaddr
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A fixed moment used when a spec gives no timestamp: never `now()`, so output is reproducible.
DEFAULT_TIMESTAMP = dt.datetime(2024, 1, 15, 9, 0, 0, tzinfo=dt.UTC)

_HEX_COLOR = r"^#[0-9a-fA-F]{6}$"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class _Spec(BaseModel):
    """Base of every spec model: unknown fields are an error a model can be told about."""

    model_config = ConfigDict(extra="forbid")


def _cell_text(v: Any) -> Any:
    """Table cells are text; numbers and booleans a model writes are accepted and shown as text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if isinstance(v, int | float):
        return f"{v:,}" if isinstance(v, int) and abs(v) >= 10_000 else str(v)
    return v


def as_utc(value: dt.datetime | None) -> dt.datetime:
    """A spec timestamp as an aware UTC datetime (naive ones are taken to be UTC)."""
    if value is None:
        return DEFAULT_TIMESTAMP
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


# ---------------------------------------------------------------------------
# Shared pieces: tables and charts
# ---------------------------------------------------------------------------


class TableData(_Spec):
    """A simple table: one header row and body rows of text cells (ragged rows are padded)."""

    header: list[str] = Field(min_length=1, max_length=50)
    rows: list[list[str]] = Field(default_factory=list, max_length=5000)

    @field_validator("header", mode="before")
    @classmethod
    def _header_text(cls, v: Any) -> Any:
        return [_cell_text(c) for c in v] if isinstance(v, list) else v

    @field_validator("rows", mode="before")
    @classmethod
    def _rows_text(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [[_cell_text(c) for c in r] if isinstance(r, list) else r for r in v]
        return v

    @model_validator(mode="after")
    def _row_widths(self) -> TableData:
        for i, row in enumerate(self.rows, start=1):
            if len(row) > len(self.header):
                raise ValueError(
                    f"table row {i} has {len(row)} cells but the header has {len(self.header)} columns"
                )
        return self


class Series(_Spec):
    """One named series of numbers, one value per chart category."""

    name: str
    values: list[float] = Field(min_length=1, max_length=500)


class ChartSpec(_Spec):
    """A chart drawn from data: bar (vertical columns), line, or pie (exactly one series)."""

    type: Literal["bar", "line", "pie"] = "bar"
    title: str = ""
    categories: list[str] = Field(min_length=1, max_length=500)
    series: list[Series] = Field(min_length=1, max_length=12)

    @field_validator("categories", mode="before")
    @classmethod
    def _categories_text(cls, v: Any) -> Any:
        return [_cell_text(c) for c in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _shape(self) -> ChartSpec:
        n = len(self.categories)
        for s in self.series:
            if len(s.values) != n:
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values but there are {n} categories"
                )
        if self.type == "pie":
            if len(self.series) != 1:
                raise ValueError(f"a pie chart shows exactly one series, not {len(self.series)}")
            if any(v < 0 for v in self.series[0].values):
                raise ValueError("a pie chart cannot show negative values")
        return self


# ---------------------------------------------------------------------------
# Documents (docx, and pdf through PdfSpec)
# ---------------------------------------------------------------------------


class TextRun(_Spec):
    """A stretch of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


class Heading(_Spec):
    type: Literal["heading"] = "heading"
    level: int = Field(default=1, ge=1, le=4, description="1 is a section, 2 a subsection...")
    text: str = Field(min_length=1)


class Paragraph(_Spec):
    """Body text. Give `text`, or `runs` when some words are bold or italic (runs win)."""

    type: Literal["paragraph"] = "paragraph"
    text: str = ""
    runs: list[TextRun] = Field(default_factory=list, max_length=200)

    def plain(self) -> str:
        return "".join(r.text for r in self.runs) if self.runs else self.text


class Bullets(_Spec):
    """A bulleted list, or a numbered one."""

    type: Literal["bullets"] = "bullets"
    items: list[str] = Field(min_length=1, max_length=500)
    numbered: bool = False


class Table(TableData):
    """A table in a document. Column widths follow the content unless `widths` gives them."""

    type: Literal["table"] = "table"
    widths: list[float] | None = Field(
        default=None,
        max_length=50,
        description="Relative column widths, one per header column (e.g. [1, 4, 1] for "
        "Qty, Description, Price); left out, they follow the length of each column's text.",
    )

    @model_validator(mode="after")
    def _widths(self) -> Table:
        if self.widths is None:
            return self
        if len(self.widths) != len(self.header):
            raise ValueError(
                f"the table has {len(self.header)} columns but {len(self.widths)} widths"
            )
        if any(not w > 0 or w > 1000 for w in self.widths):
            raise ValueError("every column width must be a number above 0 (and at most 1000)")
        return self


class PageBreak(_Spec):
    type: Literal["page_break"] = "page_break"


Block = Annotated[Heading | Paragraph | Bullets | Table | PageBreak, Field(discriminator="type")]


class DocSpec(_Spec):
    """A written document: a memo, report, letter, minutes, a proposal."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: list[str] = Field(default_factory=list, max_length=30)
    created: dt.datetime | None = Field(default=None, description="defaults to a fixed date")
    modified: dt.datetime | None = Field(default=None, description="defaults to `created`")
    blocks: list[Block] = Field(default_factory=list, max_length=5000)

    def created_utc(self) -> dt.datetime:
        return as_utc(self.created)

    def modified_utc(self) -> dt.datetime:
        return as_utc(self.modified) if self.modified is not None else self.created_utc()


class PdfSpec(DocSpec):
    """A document written as PDF (a signed letter, an exported report): DocSpec plus the page."""

    page_size: Literal["A4", "Letter"] = "A4"
    landscape: bool = False
    page_numbers: bool = True


# ---------------------------------------------------------------------------
# Spreadsheets
# ---------------------------------------------------------------------------

NumberFormat = Literal[
    "general", "text", "int", "decimal", "currency", "percent", "date", "datetime"
]


class NumberCell(_Spec):
    type: Literal["number"] = "number"
    value: int | float
    format: NumberFormat | None = Field(default=None, description="overrides the column's format")


class CurrencyCell(_Spec):
    """An amount of money, shown in the workbook's currency."""

    type: Literal["currency"] = "currency"
    value: int | float


class TextCell(_Spec):
    type: Literal["text"] = "text"
    value: str


class DateCell(_Spec):
    type: Literal["date"] = "date"
    value: dt.date | dt.datetime


class BoolCell(_Spec):
    type: Literal["bool"] = "bool"
    value: bool


class FormulaCell(_Spec):
    """A formula the spreadsheet application computes, e.g. `=SUM(B2:B20)` or `=B2*C2`."""

    type: Literal["formula"] = "formula"
    formula: str = Field(pattern=r"^=.+", max_length=2000)
    format: NumberFormat | None = None


class EmptyCell(_Spec):
    type: Literal["empty"] = "empty"


Cell = Annotated[
    NumberCell | CurrencyCell | TextCell | DateCell | BoolCell | FormulaCell | EmptyCell,
    Field(discriminator="type"),
]


def _coerce_cell(v: Any) -> Any:
    """Accept plain scalars for cells (as a person would type them); typed dicts pass through."""
    if v is None:
        return {"type": "empty"}
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, int | float):
        return {"type": "number", "value": v}
    if isinstance(v, dt.date):
        return {"type": "date", "value": v}
    if isinstance(v, str):
        if v.startswith("=") and len(v) > 1:
            return {"type": "formula", "formula": v}
        return {"type": "text", "value": v}
    return v


class Column(_Spec):
    """A column: its header text, width in characters, and how its numbers are shown."""

    header: str
    width: float | None = Field(default=None, ge=1, le=255, description="in characters")
    format: NumberFormat = "general"
    total: Literal["none", "sum", "average", "min", "max", "count"] = Field(
        default="none", description="what the totals row shows for this column"
    )


class Sheet(_Spec):
    name: str = Field(min_length=1, max_length=31)
    columns: list[Column] = Field(min_length=1, max_length=200)
    rows: list[list[Cell]] = Field(default_factory=list, max_length=50_000)
    freeze_header: bool = True
    totals_row: bool = Field(default=False, description="add a row of formulas per `Column.total`")
    totals_label: str = "Total"

    @field_validator("name")
    @classmethod
    def _legal_name(cls, v: str) -> str:
        if _SHEET_NAME_BAD.search(v):
            raise ValueError(f"sheet name {v!r} may not contain any of [ ] : * ? / \\")
        if v.startswith("'") or v.endswith("'"):
            raise ValueError(f"sheet name {v!r} may not begin or end with an apostrophe")
        return v

    @field_validator("rows", mode="before")
    @classmethod
    def _scalar_cells(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [[_coerce_cell(c) for c in r] if isinstance(r, list) else r for r in v]
        return v

    @model_validator(mode="after")
    def _row_widths(self) -> Sheet:
        n = len(self.columns)
        for i, row in enumerate(self.rows, start=2):
            if len(row) > n:
                raise ValueError(
                    f"sheet {self.name!r} row {i} has {len(row)} cells but only {n} columns"
                )
        return self


class SheetSpec(_Spec):
    """A workbook: one or more sheets of typed cells (budgets, trackers, exports)."""

    title: str = ""
    author: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    sheets: list[Sheet] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _unique_names(self) -> SheetSpec:
        seen: set[str] = set()
        for s in self.sheets:
            key = s.name.lower()
            if key in seen:
                raise ValueError(
                    f"two sheets are named {s.name!r} (names must differ, ignoring case)"
                )
            seen.add(key)
        return self

    def created_utc(self) -> dt.datetime:
        return as_utc(self.created)

    def modified_utc(self) -> dt.datetime:
        return as_utc(self.modified) if self.modified is not None else self.created_utc()


# ---------------------------------------------------------------------------
# Decks
# ---------------------------------------------------------------------------


class Slide(_Spec):
    """One slide. `layout` picks the slide's shape; table and chart slides need their data."""

    layout: Literal["title", "content", "table", "chart", "section"] = "content"
    title: str = ""
    subtitle: str = Field(default="", description="for title and section slides")
    bullets: list[str] = Field(default_factory=list, max_length=40)
    table: TableData | None = None
    chart: ChartSpec | None = None
    notes: str = Field(default="", description="speaker notes")

    @model_validator(mode="after")
    def _needs_data(self) -> Slide:
        if self.layout == "table" and self.table is None:
            raise ValueError("a slide with layout 'table' needs a `table`")
        if self.layout == "chart" and self.chart is None:
            raise ValueError("a slide with layout 'chart' needs a `chart`")
        return self


class DeckSpec(_Spec):
    """A presentation: a kickoff deck, a quarterly review, a pitch."""

    title: str = ""
    author: str = ""
    subject: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    widescreen: bool = True
    slides: list[Slide] = Field(min_length=1, max_length=300)

    def created_utc(self) -> dt.datetime:
        return as_utc(self.created)

    def modified_utc(self) -> dt.datetime:
        return as_utc(self.modified) if self.modified is not None else self.created_utc()


# ---------------------------------------------------------------------------
# Plain text, email, images
# ---------------------------------------------------------------------------


class TextSpec(_Spec):
    """The whole content of a plain-text kind (txt, md, csv, json, yaml, py...), written as UTF-8.

    Structured kinds are checked when written: a .json spec must hold valid JSON.
    """

    text: str = Field(max_length=20_000_000)


def _check_address(v: str) -> str:
    _name, addr = parseaddr(v)
    if "@" not in addr:
        raise ValueError(
            f"{v!r} is not an email address (expected 'Name <user@host>' or 'user@host')"
        )
    return v


class EmlSpec(_Spec):
    """One email message as a mail client saves it (.eml): headers, plain-text body, attachments."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

    sender: str = Field(alias="from", description="'Name <user@host>'")
    to: list[str] = Field(min_length=1, max_length=100)
    cc: list[str] = Field(default_factory=list, max_length=100)
    date: dt.datetime | None = Field(default=None, description="defaults to a fixed date")
    subject: str = ""
    body: str = ""
    attachments: list[str] = Field(
        default_factory=list, max_length=50, description="file names; contents are given to render"
    )
    message_id: str | None = Field(default=None, description="derived from the content when absent")
    in_reply_to: str | None = None

    @field_validator("sender")
    @classmethod
    def _sender(cls, v: str) -> str:
        return _check_address(v)

    @field_validator("to", "cc")
    @classmethod
    def _recipients(cls, v: list[str]) -> list[str]:
        return [_check_address(a) for a in v]

    @field_validator("attachments")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        for name in v:
            if not name or "/" in name or "\\" in name or name in (".", ".."):
                raise ValueError(f"attachment name {name!r} must be a plain file name")
        return v


class RectShape(_Spec):
    type: Literal["rect"] = "rect"
    x: int
    y: int
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    fill: str | None = Field(default="#4472c4", pattern=_HEX_COLOR)
    outline: str | None = Field(default=None, pattern=_HEX_COLOR)


class EllipseShape(_Spec):
    type: Literal["ellipse"] = "ellipse"
    x: int
    y: int
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    fill: str | None = Field(default="#ed7d31", pattern=_HEX_COLOR)
    outline: str | None = Field(default=None, pattern=_HEX_COLOR)


class LineShape(_Spec):
    type: Literal["line"] = "line"
    x1: int
    y1: int
    x2: int
    y2: int
    color: str = Field(default="#000000", pattern=_HEX_COLOR)
    width: int = Field(default=2, ge=1, le=50)


class TextShape(_Spec):
    type: Literal["text"] = "text"
    x: int
    y: int
    text: str
    size: int = Field(default=16, ge=6, le=200)
    color: str = Field(default="#000000", pattern=_HEX_COLOR)


Shape = Annotated[RectShape | EllipseShape | LineShape | TextShape, Field(discriminator="type")]


class ImageSpec(_Spec):
    """A PNG: a chart drawn from data (a figure exported for a report), or a simple drawing.

    `title` and `description` are stored in the PNG's text chunks, so search finds the image.
    """

    width: int = Field(default=800, ge=16, le=4000)
    height: int = Field(default=500, ge=16, le=4000)
    background: str = Field(default="#ffffff", pattern=_HEX_COLOR)
    title: str = ""
    description: str = ""
    author: str = ""
    created: dt.datetime | None = None
    chart: ChartSpec | None = None
    shapes: list[Shape] = Field(default_factory=list, max_length=1000)


__all__ = [
    "DEFAULT_TIMESTAMP",
    "Block",
    "BoolCell",
    "Bullets",
    "Cell",
    "ChartSpec",
    "Column",
    "CurrencyCell",
    "DateCell",
    "DeckSpec",
    "DocSpec",
    "EllipseShape",
    "EmlSpec",
    "EmptyCell",
    "FormulaCell",
    "Heading",
    "ImageSpec",
    "LineShape",
    "NumberCell",
    "NumberFormat",
    "PageBreak",
    "Paragraph",
    "PdfSpec",
    "RectShape",
    "Series",
    "Shape",
    "Sheet",
    "SheetSpec",
    "Slide",
    "Table",
    "TableData",
    "TextCell",
    "TextRun",
    "TextShape",
    "TextSpec",
    "as_utc",
]
