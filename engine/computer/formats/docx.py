"""Word documents (.docx) with python-docx: written from a `DocSpec`, read back as markdown."""

from __future__ import annotations

import io
from pathlib import Path

import docx as _docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table as _DocxTable
from docx.text.paragraph import Paragraph as _DocxParagraph

from engine.computer.formats import Extract
from engine.computer.formats._common import (
    TextBudget,
    check_package,
    column_fractions,
    failed,
    md_table,
    stable_zip,
    truncation_note,
)
from engine.schema.specs import Bullets, DocSpec, Heading, PageBreak, Paragraph, Table

SPEC = DocSpec
KIND = "docx"


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _restarted_num_id(doc: _docx.document.Document, style_name: str) -> int | None:
    """A new list instance for a numbered style, so each numbered list starts again at 1."""
    try:
        style = doc.styles[style_name]
        num_pr = style.element.pPr.numPr
        base_num_id = num_pr.numId.val
        numbering = doc.part.numbering_part.element
        base = numbering.num_having_numId(base_num_id)
        num = numbering.add_num(base.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)
    except (KeyError, AttributeError, ValueError):  # a template without list numbering
        return None


def _set_num(paragraph: _DocxParagraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def render(spec: DocSpec) -> bytes:
    doc = _docx.Document()
    # The stock template carries a thumbnail of someone else's page; a real file has none.
    pkg_rels = doc.part.package.rels
    for r_id, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[r_id]

    cp = doc.core_properties
    cp.title = spec.title
    cp.author = spec.author
    cp.last_modified_by = spec.author
    cp.subject = spec.subject
    cp.keywords = ", ".join(spec.keywords)
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    cp.created = spec.created_utc().replace(tzinfo=None)
    cp.modified = spec.modified_utc().replace(tzinfo=None)
    cp.last_printed = spec.created_utc().replace(tzinfo=None)

    numbered_lists = 0
    for block in spec.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph()
            if block.runs:
                for r in block.runs:
                    run = p.add_run(r.text)
                    run.bold = r.bold or None
                    run.italic = r.italic or None
            else:
                p.add_run(block.text)
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            num_id = None
            if block.numbered:
                numbered_lists += 1
                if numbered_lists > 1:
                    num_id = _restarted_num_id(doc, style)
            for item in block.items:
                p = doc.add_paragraph(item, style=style)
                if num_id is not None:
                    _set_num(p, num_id)
        elif isinstance(block, Table):
            _add_table(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_page_break()

    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue(), spec.created_utc(), spec.modified_utc())


def _add_table(doc: _docx.document.Document, block: Table) -> None:
    ncols = len(block.header)
    table = doc.add_table(rows=1 + len(block.rows), cols=ncols)
    table.style = "Table Grid"
    # Column widths from the spec or the content, on a fixed layout so Word and
    # LibreOffice both keep them: the grid (which LibreOffice reads) and every cell
    # (which Word reads) say the same.
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    fractions = column_fractions(block.header, block.rows, block.widths)
    widths = [Emu(int(text_width * f)) for f in fractions]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for c, text in enumerate(block.header):
        cell = table.rows[0].cells[c]
        cell.text = ""
        cell.width = widths[c]
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for r, row in enumerate(block.rows, start=1):
        cells = table.rows[r].cells
        for c in range(ncols):
            cells[c].text = row[c] if c < len(row) else ""
            cells[c].width = widths[c]
    # Mark the first row as a header that repeats on each page, as Word does.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = tr_pr.makeelement(qn("w:tblHeader"), {})
    tr_pr.append(header)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _heading_level(style_name: str) -> int | None:
    if style_name == "Title":
        return 1
    if style_name.startswith("Heading "):
        try:
            return max(1, min(6, int(style_name.split()[1])))
        except (IndexError, ValueError):
            return None
    return None


def _table_lines(table: _DocxTable) -> list[str]:
    grid: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            # A merged cell appears once per grid column it spans; show it once.
            if last is not None and cell._tc is last:
                cells.append("")
                continue
            last = cell._tc
            cells.append(cell.text)
        grid.append(cells)
    if not grid:
        return []
    width = max(len(r) for r in grid)
    header = grid[0] + [""] * (width - len(grid[0]))
    return md_table(header, grid[1:])


def extract(path: Path, max_chars: int) -> Extract:
    problem = check_package(path, KIND)
    if problem:
        return failed(path, KIND, problem)
    try:
        doc = _docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return failed(
            path, KIND, f"This Word document could not be opened: {type(exc).__name__}: {exc}"
        )

    out = TextBudget(max_chars)
    cp = doc.core_properties
    meta = []
    if cp.title:
        meta.append(f"Title: {cp.title}")
    if cp.author:
        meta.append(f"Author: {cp.author}")
    if cp.modified:
        meta.append(f"Modified: {cp.modified.isoformat(sep=' ', timespec='minutes')}")
    if meta:
        out.add(" · ".join(meta))
        out.add("")

    number = 0
    list_key: tuple[str, int | None] | None = None
    prev_blank = True
    for child in doc.element.body.iterchildren():
        if out.full:
            break
        if child.tag == qn("w:p"):
            para = _DocxParagraph(child, doc)
            text = para.text.strip()
            style = para.style.name if para.style is not None else ""
            if not text:
                continue
            level = _heading_level(style)
            if level is not None:
                if not prev_blank:
                    out.add("")
                out.add("#" * level + " " + text)
                out.add("")
                prev_blank = True
                number = 0
                list_key = None
                continue
            p_pr = child.pPr
            num_pr = p_pr.numPr if p_pr is not None else None
            is_list = num_pr is not None or style.startswith(
                ("List Bullet", "List Number", "List Paragraph")
            )
            if is_list:
                num_id = (
                    num_pr.numId.val if num_pr is not None and num_pr.numId is not None else None
                )
                key = (style, num_id)
                if key != list_key:
                    number = 0
                    if not prev_blank:
                        out.add("")
                list_key = key
                if style.startswith("List Number"):
                    number += 1
                    out.add(f"{number}. {text}")
                else:
                    out.add(f"- {text}")
                prev_blank = False
                continue
            number = 0
            list_key = None
            if not prev_blank:
                out.add("")
            out.add(text)
            out.add("")
            prev_blank = True
        elif child.tag == qn("w:tbl"):
            number = 0
            list_key = None
            if not prev_blank:
                out.add("")
            out.extend(_table_lines(_DocxTable(child, doc)))
            out.add("")
            prev_blank = True

    text = out.text().rstrip()
    if out.full:
        return Extract(
            path=str(path), kind=KIND, text=text, truncated=True, note=truncation_note(max_chars)
        )
    return Extract(path=str(path), kind=KIND, text=text)
