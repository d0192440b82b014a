"""Tools that write office files from content specs, and edit cells of a workbook.

The agent describes a document's content as a spec (`DocSpec`, `PdfSpec`,
`SheetSpec`, `DeckSpec` from `engine.schema.specs`, the same shapes world
creation uses) and `engine.computer.formats` writes the real file. The spec is
part of the tool's parameters, so its JSON schema is what the model sees and a
misshapen spec is reported field by field before anything is written.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.computer.formats import render
from engine.computer.formats.xlsx import CellEdit, edit_cells
from engine.schema.specs import DeckSpec, DocSpec, PdfSpec, SheetSpec
from engine.sim.tools._common import (
    require_kind,
    save_file,
    sim_now,
    size_text,
    with_example,
)
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome

REVISION_NOTE = (
    'Writing over an existing file needs "overwrite": true; to revise a deliverable, save '
    "the new version as a new file instead (e.g. 'Q2 plan_v2.docx') so earlier versions stay."
)


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _stamped(spec: Any, env: RunEnv) -> Any:
    """The spec dated today on the simulated calendar and signed by the agent, where it is not."""
    now = sim_now(env).astimezone()  # aware: the spec's dates are instants
    update: dict[str, Any] = {}
    if not spec.author:
        update["author"] = env.agent_name
    if spec.created is None:
        update["created"] = now
    if spec.modified is None:
        update["modified"] = now
    return spec.model_copy(update=update) if update else spec


async def _write_spec(
    env: RunEnv, path: str, kind: str, what: str, spec: Any, overwrite: bool, summary: str
) -> ToolOutcome:
    env.computer.resolve(path)
    require_kind(
        path,
        [kind],
        what,
        f"Give the file a name ending in .{kind}, or use the tool for that kind of file "
        "(write_document .docx, write_pdf .pdf, write_spreadsheet .xlsx, write_deck .pptx, "
        "write_text for text).",
    )
    data = await asyncio.to_thread(render, kind, _stamped(spec, env))
    entry, replaced, event = await save_file(env, path, data, overwrite=overwrite)
    verb = "Replaced" if replaced else "Created"
    return ToolOutcome(
        observation=f"{verb} '{entry.path}' ({summary}; {size_text(entry.size)}). "
        "read_file shows how it reads.",
        events=[event],
    )


def _blocks_summary(spec: DocSpec) -> str:
    nouns = {"bullets": "list", "page_break": "page break"}
    counts = Counter(nouns.get(b.type, b.type) for b in spec.blocks)
    parts = [f"{n} {t}{'s' if n != 1 else ''}" for t, n in counts.items()]
    return ", ".join(parts) or "no content blocks"


# ---------------------------------------------------------------------------
# write_document, write_pdf
# ---------------------------------------------------------------------------


class WriteDocumentParams(_Params):
    path: str = Field(description="Where to save the document; the name must end in .docx.")
    spec: DocSpec = Field(description="The document's content: a title and a list of blocks.")
    overwrite: bool = Field(default=False, description="Replace the file if it already exists.")


_DOC_EXAMPLE: dict[str, Any] = {
    "path": "Documents/Reports/Q1 summary.docx",
    "spec": {
        "title": "Q1 summary",
        "blocks": [
            {"type": "heading", "level": 1, "text": "Q1 summary"},
            {"type": "paragraph", "text": "Revenue rose 12% on the quarter."},
            {"type": "bullets", "items": ["Two new clients", "Churn down to 3%"]},
            {"type": "table", "header": ["Month", "Revenue"], "rows": [["Jan", "$41,200"]]},
        ],
    },
}


class WriteDocument:
    name: ClassVar[str] = "write_document"
    example: ClassVar[dict[str, Any]] = _DOC_EXAMPLE
    description: ClassVar[str] = with_example(
        "Write a Word document (.docx) — a memo, report, letter, minutes, proposal — from its "
        "content: blocks of type heading (level 1-4), paragraph (text, or runs with bold/"
        "italic), bullets (items; numbered for a numbered list), table (header and rows of "
        f"text) and page_break. {REVISION_NOTE}",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WriteDocumentParams

    async def run(self, env: RunEnv, params: WriteDocumentParams) -> ToolOutcome:
        return await _write_spec(
            env,
            params.path,
            "docx",
            "Word documents (.docx)",
            params.spec,
            params.overwrite,
            _blocks_summary(params.spec),
        )


class WritePdfParams(_Params):
    path: str = Field(description="Where to save the PDF; the name must end in .pdf.")
    spec: PdfSpec = Field(description="The document's content, as for write_document, plus page.")
    overwrite: bool = Field(default=False, description="Replace the file if it already exists.")


class WritePdf:
    name: ClassVar[str] = "write_pdf"
    example: ClassVar[dict[str, Any]] = {
        "path": "Documents/Letters/offer letter.pdf",
        "spec": {
            "title": "Offer letter",
            "page_size": "Letter",
            "blocks": [
                {"type": "heading", "level": 1, "text": "Offer of employment"},
                {"type": "paragraph", "text": "Dear Sam, we are pleased to offer you..."},
            ],
        },
    }
    description: ClassVar[str] = with_example(
        "Write a PDF document (a final report, a signed letter, an export for someone outside) "
        "from the same blocks as write_document, with page_size (A4 or Letter), landscape and "
        f"page_numbers. {REVISION_NOTE}",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WritePdfParams

    async def run(self, env: RunEnv, params: WritePdfParams) -> ToolOutcome:
        return await _write_spec(
            env,
            params.path,
            "pdf",
            "PDF documents (.pdf)",
            params.spec,
            params.overwrite,
            _blocks_summary(params.spec),
        )


# ---------------------------------------------------------------------------
# write_spreadsheet, write_deck
# ---------------------------------------------------------------------------


class WriteSpreadsheetParams(_Params):
    path: str = Field(description="Where to save the workbook; the name must end in .xlsx.")
    spec: SheetSpec = Field(description="The workbook: sheets of columns and rows of cells.")
    overwrite: bool = Field(default=False, description="Replace the file if it already exists.")


class WriteSpreadsheet:
    name: ClassVar[str] = "write_spreadsheet"
    example: ClassVar[dict[str, Any]] = {
        "path": "Finance/budget_2024_v2.xlsx",
        "spec": {
            "currency": "USD",
            "sheets": [
                {
                    "name": "Budget",
                    "columns": [
                        {"header": "Item"},
                        {"header": "Cost", "format": "currency", "total": "sum"},
                    ],
                    "rows": [["Laptops", 5400], ["Travel", 2100], ["Share", "=B3/B2"]],
                    "totals_row": True,
                }
            ],
        },
    }
    description: ClassVar[str] = with_example(
        "Write an Excel workbook (.xlsx): one or more sheets, each with columns (header, "
        "format: general/text/int/decimal/currency/percent/date, optional total) and rows of "
        "cells. A cell is a number, text, a date, true/false, a formula starting with '=' "
        "(e.g. '=B2*C2', '=SUM(B2:B9)'; row 1 is the header, data starts on row 2) or a typed "
        'object such as {"type": "currency", "value": 12.5}. Formulas compute when the '
        "file is opened. To change a few cells of an existing workbook use edit_cells. "
        f"{REVISION_NOTE}",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WriteSpreadsheetParams

    async def run(self, env: RunEnv, params: WriteSpreadsheetParams) -> ToolOutcome:
        sheets = ", ".join(f"'{s.name}' ({len(s.rows)} rows)" for s in params.spec.sheets)
        return await _write_spec(
            env,
            params.path,
            "xlsx",
            "Excel workbooks (.xlsx)",
            params.spec,
            params.overwrite,
            f"sheets {sheets}",
        )


class WriteDeckParams(_Params):
    path: str = Field(description="Where to save the deck; the name must end in .pptx.")
    spec: DeckSpec = Field(description="The presentation: a list of slides.")
    overwrite: bool = Field(default=False, description="Replace the file if it already exists.")


class WriteDeck:
    name: ClassVar[str] = "write_deck"
    example: ClassVar[dict[str, Any]] = {
        "path": "Presentations/Q2 kickoff.pptx",
        "spec": {
            "title": "Q2 kickoff",
            "slides": [
                {"layout": "title", "title": "Q2 kickoff", "subtitle": "Marketing team"},
                {"layout": "content", "title": "Goals", "bullets": ["Launch v2", "Hire 2 SDRs"]},
                {
                    "layout": "chart",
                    "title": "Leads per month",
                    "chart": {
                        "type": "bar",
                        "categories": ["Jan", "Feb", "Mar"],
                        "series": [{"name": "Leads", "values": [120, 135, 160]}],
                    },
                },
            ],
        },
    }
    description: ClassVar[str] = with_example(
        "Write a PowerPoint deck (.pptx). Each slide has a layout: title (title, subtitle), "
        "section, content (title, bullets), table (title, table with header and rows) or chart "
        "(title, chart: bar/line/pie with categories and series); any slide may carry speaker "
        f"notes. {REVISION_NOTE}",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WriteDeckParams

    async def run(self, env: RunEnv, params: WriteDeckParams) -> ToolOutcome:
        n = len(params.spec.slides)
        return await _write_spec(
            env,
            params.path,
            "pptx",
            "PowerPoint decks (.pptx)",
            params.spec,
            params.overwrite,
            f"{n} slide{'s' if n != 1 else ''}",
        )


# ---------------------------------------------------------------------------
# edit_cells
# ---------------------------------------------------------------------------


class CellChange(_Params):
    cell: str = Field(
        pattern=r"^\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6}$",
        description="The cell's reference: column letters then row number, e.g. 'B7'.",
    )
    value: bool | int | float | str | None = Field(
        default=None, description="The new value: a number, text, true/false, or null to clear."
    )
    formula: str | None = Field(
        default=None,
        max_length=2_000,
        description="A formula instead of a value, e.g. '=SUM(B2:B6)'.",
    )

    @model_validator(mode="after")
    def _one(self) -> CellChange:
        given = {"value", "formula"} & self.model_fields_set
        if not given:
            raise ValueError(f"cell {self.cell}: give `value` (null clears the cell) or `formula`")
        if len(given) == 2 and self.formula is not None and self.value is not None:
            raise ValueError(f"cell {self.cell}: give `value` or `formula`, not both")
        return self


class EditCellsParams(_Params):
    path: str = Field(description="The workbook to change (.xlsx).")
    sheet: str | None = Field(
        default=None, description="The sheet's name as read_file shows it; default: the first."
    )
    edits: list[CellChange] = Field(min_length=1, max_length=500, description="Cells to set.")
    save_as: str | None = Field(
        default=None,
        description="Save the edited workbook under this new name (e.g. '..._v2.xlsx') and "
        "leave the original as it was; default: change the workbook itself.",
    )


def _shown(change: CellChange) -> str:
    if change.formula is not None:
        f = change.formula.strip()
        return f"{change.cell.upper()} = {f if f.startswith('=') else '=' + f}"
    if change.value is None:
        return f"{change.cell.upper()} cleared"
    return f"{change.cell.upper()} = {change.value!r}"


class EditCells:
    name: ClassVar[str] = "edit_cells"
    example: ClassVar[dict[str, Any]] = {
        "path": "Finance/budget_2024.xlsx",
        "sheet": "Budget",
        "edits": [{"cell": "B7", "value": 1250}, {"cell": "B12", "formula": "=SUM(B2:B11)"}],
    }
    description: ClassVar[str] = with_example(
        "Set cells of an existing Excel workbook (.xlsx): each edit names a cell ('B7') and "
        "either a value (number, text, true/false, null to clear) or a formula ('=SUM(B2:B6)'). "
        "Cells keep their formatting; formulas compute when the file is opened (read_file "
        "shows them as written). Use save_as to keep the original and write a new version.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = EditCellsParams

    async def run(self, env: RunEnv, params: EditCellsParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        require_kind(
            entry.path,
            ["xlsx"],
            "Excel workbooks (.xlsx)",
            "For text files use edit_text; for other documents write a new version with "
            "write_document, write_deck or write_pdf.",
        )
        target = params.save_as or entry.path
        if params.save_as:
            env.computer.resolve(params.save_as)
            require_kind(
                params.save_as,
                ["xlsx"],
                "Excel workbooks (.xlsx)",
                "Give save_as a name ending in .xlsx.",
            )
        check = await env.computer.extract_text(entry.path, max_chars=1_000)
        if check.error and not check.text.strip():
            raise ToolFailure(
                f"'{entry.path}' cannot be opened: {check.error}",
                "Look for another copy or version of the workbook (search_files), or build a "
                "new one with write_spreadsheet.",
                kind="unreadable",
            )
        data = await env.computer.read_bytes(entry.path)
        edits = [
            CellEdit(cell=c.cell, value=c.value, formula=c.formula, sheet=params.sheet)
            for c in params.edits
        ]
        stamp: dt.datetime = sim_now(env).astimezone()
        new = await asyncio.to_thread(edit_cells, data, edits, modified=stamp)
        saved, _, event = await save_file(env, target, new, overwrite=params.save_as is None)
        sheet = f"sheet '{params.sheet}'" if params.sheet else "the first sheet"
        shown = "; ".join(_shown(c) for c in params.edits[:20])
        if len(params.edits) > 20:
            shown += f"; ... ({len(params.edits) - 20} more)"
        where = f"'{saved.path}'" + (f" (a copy of '{entry.path}')" if params.save_as else "")
        return ToolOutcome(
            observation=f"Set {len(params.edits)} cell(s) on {sheet} of {where}: {shown}.",
            events=[event],
        )
