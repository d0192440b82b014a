"""PDF documents: written from a `PdfSpec` with fpdf2 (pure Python), read back with pypdf.

Fonts: see `_fonts` (DejaVu Sans embedded when the system has it, so any
Unicode text it covers is written as is; otherwise the core Helvetica font with
text mapped to Windows-1252, which never fails and turns the rest into "?").
Headings become the PDF's outline (bookmarks), as an exported report has.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from engine.computer.formats import Extract
from engine.computer.formats._common import (
    TextBudget,
    column_fractions,
    describe,
    failed,
    sniff_bytes,
    truncation_note,
)
from engine.computer.formats._fonts import unicode_ttf
from engine.schema.specs import Bullets, Heading, PageBreak, Paragraph, PdfSpec, Table

SPEC = PdfSpec
KIND = "pdf"
MAX_PAGES_READ = 2_000

# Libraries that log through `logging` must not print to a terminal the TUI owns:
# without a handler anywhere, Python's last-resort handler writes warnings to stderr.
for _name in ("fpdf", "pypdf", "fontTools"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_HEADING_PT = {1: 18, 2: 15, 3: 13, 4: 12}
_BODY_PT = 11
_LINE = 5.8  # mm per body line

# Characters outside Windows-1252 that have a sensible plain stand-in.
_CP1252_STANDINS = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "ı": "i",
        "Ħ": "H",
        "ħ": "h",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
        "⁄": "/",
        "′": "'",
        "″": '"',
        "→": "->",
        "←": "<-",
        "≤": "<=",
        "≥": ">=",
        "≠": "!=",
        "✓": "v",
        "✔": "v",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def to_cp1252(text: str) -> str:
    """Text the core PDF fonts can show: exact where Windows-1252 has the character."""
    out = []
    for ch in text.translate(_CP1252_STANDINS):
        try:
            ch.encode("cp1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        try:
            base.encode("cp1252")
            out.append(base or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


class _Pdf(FPDF):
    page_numbers = True
    font_family_name = "helvetica"

    def footer(self) -> None:
        if not self.page_numbers:
            return
        self.set_y(-14)
        self.set_font(self.font_family_name, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


def render(spec: PdfSpec) -> bytes:
    pdf = _Pdf(orientation="L" if spec.landscape else "P", unit="mm", format=spec.page_size)
    pdf.page_numbers = spec.page_numbers
    ttf = unicode_ttf()
    if ttf is not None:
        pdf.add_font("Body", "", str(ttf.regular))
        pdf.add_font("Body", "B", str(ttf.bold or ttf.regular))
        family = "Body"

        def t(s: str) -> str:
            return s
    else:
        pdf.core_fonts_encoding = "windows-1252"
        family = "helvetica"
        t = to_cp1252
    pdf.font_family_name = family
    bullet = "•"

    pdf.set_creation_date(spec.created_utc())
    pdf.set_title(t(spec.title))
    pdf.set_author(t(spec.author))
    if spec.subject:
        pdf.set_subject(t(spec.subject))
    if spec.keywords:
        pdf.set_keywords(t(", ".join(spec.keywords)))
    pdf.set_creator("synthcomp")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(family, "", _BODY_PT)

    last_level = -1
    for i, block in enumerate(spec.blocks):
        if isinstance(block, Heading):
            size = _HEADING_PT[block.level]
            if pdf.get_y() > pdf.h - 45:  # keep a heading with what follows it
                pdf.add_page()
            if i > 0:
                pdf.ln(3)
            level = min(block.level - 1, last_level + 1)
            pdf.start_section(t(block.text), level=level, strict=False)
            last_level = level
            pdf.set_font(family, "B", size)
            pdf.multi_cell(
                0, size * 0.5, t(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
            )
            pdf.ln(1.5)
            pdf.set_font(family, "", _BODY_PT)
        elif isinstance(block, Paragraph):
            if block.runs:
                for run in block.runs:
                    style = "B" if run.bold else ""
                    pdf.set_font(family, style, _BODY_PT)
                    pdf.write(_LINE, t(run.text))
                pdf.set_font(family, "", _BODY_PT)
                pdf.ln(_LINE)
            else:
                pdf.multi_cell(
                    0, _LINE, t(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
                )
            pdf.ln(2)
        elif isinstance(block, Bullets):
            for n, item in enumerate(block.items, start=1):
                mark = f"{n}." if block.numbered else bullet
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(7, _LINE, t(mark))
                pdf.multi_cell(0, _LINE, t(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.ln(2)
        elif isinstance(block, Table):
            _table(pdf, block, family, t)
            pdf.ln(3)
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


def _table(pdf: FPDF, block: Table, family: str, t) -> None:
    ncols = len(block.header)
    size = _BODY_PT - 1 if ncols <= 5 else 8
    pdf.set_font(family, "", size)
    with pdf.table(
        col_widths=tuple(column_fractions(block.header, block.rows, block.widths)),
        headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247)),
        line_height=size * 0.5,
        text_align="LEFT",
        first_row_as_headings=True,
    ) as table:
        row = table.row()
        for h in block.header:
            row.cell(t(h))
        for cells in block.rows:
            row = table.row()
            for c in range(ncols):
                row.cell(t(cells[c]) if c < len(cells) else "")
    pdf.set_font(family, "", _BODY_PT)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def extract(path: Path, max_chars: int) -> Extract:
    from pypdf import PdfReader

    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 2048))
        tail = f.read()
    if b"%PDF-" not in head:
        return failed(
            path, KIND, f"This is not a PDF: its content is {describe(sniff_bytes(head))}."
        )
    incomplete = b"%%EOF" not in tail

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # unsupported encryption algorithm, broken encryption dict
                ok = 0
            if not ok:
                return failed(
                    path, KIND, "This PDF is password-protected; its text cannot be read."
                )
        pages = reader.pages
        total = len(pages)
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError... on damage
        why = "incomplete (it has no end-of-file marker; it may have been cut off while copying)"
        return failed(
            path,
            KIND,
            f"This PDF is {why if incomplete else 'damaged'} and could not be read: "
            f"{type(exc).__name__}: {exc}",
        )

    out = TextBudget(max_chars)
    try:
        meta = reader.metadata
        parts = []
        if meta is not None:
            if meta.title:
                parts.append(f"Title: {meta.title}")
            if meta.author:
                parts.append(f"Author: {meta.author}")
        if parts:
            out.add(" · ".join(parts))
            out.add("")
    except Exception:  # metadata is optional; a broken info dict must not hide the pages
        pass

    read = 0
    bad_pages = 0
    has_text = False
    for n in range(total):
        if out.full or n >= MAX_PAGES_READ:
            break
        out.add(f"## Page {n + 1}")
        try:
            text = (pages[n].extract_text() or "").strip()
        except Exception as exc:  # one damaged page must not hide the others
            bad_pages += 1
            text = f"[this page could not be read: {type(exc).__name__}]"
        has_text = has_text or bool(text)
        out.add(text)
        out.add("")
        read = n + 1

    notes = []
    if out.full:
        notes.append(truncation_note(max_chars))
    if read < total:
        notes.append(f"Read {read} of {total} pages.")
    error = None
    if incomplete:
        error = (
            "This PDF is incomplete (it has no end-of-file marker; it may have been cut off "
            f"while copying); {read} page(s) could be read."
        )
    elif total == 0:
        error = "This PDF has no pages."
    elif bad_pages:
        error = f"{bad_pages} page(s) of this PDF are damaged and could not be read."
    elif not has_text:
        notes.append("No text layer was found (it may be a scanned image).")
    return Extract(
        path=str(path),
        kind=KIND,
        text=out.text().rstrip(),
        truncated=out.full or read < total,
        note=" ".join(notes) or None,
        error=error,
    )
