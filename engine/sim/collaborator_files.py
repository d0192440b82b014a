"""A collaborator's private file: its content as a model writes it, and its bytes.

A model writes one kind-neutral `CollaboratorFile` (title, summary, sections,
tables, and where the planted error is); this module turns it into a content
spec of the file's kind and `engine.computer.formats` writes the bytes. One
neutral shape, rather than asking for a DocSpec or a SheetSpec directly, keeps
the model's job the same whatever the extension, and gives the planted error a
place to be declared so it can be checked in the written file
(`planted_value_in`), not merely trusted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from engine.computer import formats
from engine.errors import FormatError


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileSection(_Closed):
    heading: str = Field(min_length=1, max_length=200)
    paragraphs: list[str] = Field(default_factory=list, max_length=12)
    bullets: list[str] = Field(default_factory=list, max_length=30)


class FileTable(_Closed):
    title: str = Field(default="", max_length=120, description="Also the sheet name in a workbook.")
    header: list[str] = Field(min_length=1, max_length=12)
    rows: list[list[str]] = Field(
        default_factory=list,
        max_length=200,
        description="Cells as text, figures as written, e.g. '£4,850.00' or '12.5 %'.",
    )


class PlantedValue(_Closed):
    """Where the deliberate mistake sits, so a judge can tell it from the worker's own errors."""

    where: str = Field(
        min_length=2, max_length=200, description="e.g. \"table 'Budget', row 'Glassware'\""
    )
    shown: str = Field(
        min_length=1, max_length=80, description="The wrong value as the file shows it."
    )
    correct: str = Field(min_length=1, max_length=80, description="What it should have been.")
    explanation: str = Field(default="", max_length=300)


class CollaboratorFile(_Closed):
    """The content of one private file (output of purpose `sim.collaborator_file`)."""

    title: str = Field(min_length=2, max_length=200)
    summary: str = Field(min_length=5, max_length=2000)
    sections: list[FileSection] = Field(default_factory=list, max_length=12)
    tables: list[FileTable] = Field(default_factory=list, max_length=4)
    planted: PlantedValue | None = None


# --- rendering -------------------------------------------------------------------------

_MONEY = re.compile(r"^\s*([£$€¥]|[A-Z]{3}\s)?\s*(-?[\d,]+(?:\.\d+)?)\s*$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def render_file(
    name: str,
    content: CollaboratorFile,
    *,
    author: str,
    created: dt.datetime | None = None,
    currency: str = "USD",
) -> bytes:
    """The bytes of `name` (its kind from the extension) holding `content`.

    Raises `FormatError` for a kind that cannot be written (an unknown extension).
    """
    kind = formats.kind_of(name)
    if kind in ("docx", "pdf"):
        return formats.render(kind, _doc_spec(content, author, created))
    if kind == "xlsx":
        return formats.render(kind, _sheet_spec(content, author, created, currency))
    if kind == "pptx":
        return formats.render(kind, _deck_spec(content, author, created))
    if kind in ("csv", "tsv"):
        return formats.render(kind, {"text": _delimited(content, "\t" if kind == "tsv" else ",")})
    if kind in ("json", "jsonl"):
        return formats.render(kind, {"text": _json_text(content, kind)})
    if kind == "png":
        return formats.render(
            kind,
            {"title": content.title, "description": as_markdown(content)[:4000], "author": author},
        )
    if kind in formats.TEXT_KINDS:
        return formats.render(kind, {"text": as_markdown(content)})
    # .eml is left out on purpose: a collaborator's mail is a message, not an attachment.
    raise FormatError(
        f"{name!r} is not a kind a collaborator can send; name it .docx, .xlsx, .pdf, .pptx, .csv or .md"
    )


def as_markdown(content: CollaboratorFile) -> str:
    """The content as plain markdown: for text kinds and for showing a file in a report."""
    out = [f"# {content.title}", "", content.summary, ""]
    for sec in content.sections:
        out += [f"## {sec.heading}", ""]
        out += [p + "\n" for p in sec.paragraphs]
        out += [f"- {b}" for b in sec.bullets]
        out.append("")
    for table in content.tables:
        if table.title:
            out += [f"## {table.title}", ""]
        out.append("| " + " | ".join(table.header) + " |")
        out.append("|" + "---|" * len(table.header))
        for row in table.rows:
            cells = [*row, *[""] * (len(table.header) - len(row))][: len(table.header)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _blocks(content: CollaboratorFile) -> list[dict[str, object]]:
    blocks: list[dict[str, object]] = [
        {"type": "heading", "level": 1, "text": content.title},
        {"type": "paragraph", "text": content.summary},
    ]
    for sec in content.sections:
        blocks.append({"type": "heading", "level": 2, "text": sec.heading})
        blocks += [{"type": "paragraph", "text": p} for p in sec.paragraphs if p.strip()]
        if sec.bullets:
            blocks.append({"type": "bullets", "items": sec.bullets})
    for table in content.tables:
        if table.title:
            blocks.append({"type": "heading", "level": 2, "text": table.title})
        blocks.append({"type": "table", "header": table.header, "rows": _fit(table)})
    return blocks


def _fit(table: FileTable) -> list[list[str]]:
    width = len(table.header)
    return [[*row, *[""] * (width - len(row))][:width] for row in table.rows]


def _doc_spec(
    content: CollaboratorFile, author: str, created: dt.datetime | None
) -> dict[str, object]:
    return {
        "title": content.title,
        "author": author,
        "created": created,
        "blocks": _blocks(content),
    }


def _cell(text: str) -> object:
    """A figure written as text becomes a number cell, so the workbook can add it up."""
    m = _MONEY.match(text)
    if m and any(ch.isdigit() for ch in m.group(2)):
        try:
            value = float(m.group(2).replace(",", ""))
        except ValueError:
            return text
        if m.group(1):
            return {"type": "currency", "value": value}
        return int(value) if value.is_integer() and "." not in m.group(2) else value
    return text


def _sheet_spec(
    content: CollaboratorFile, author: str, created: dt.datetime | None, currency: str
) -> dict[str, object]:
    sheets: list[dict[str, object]] = []
    used: set[str] = set()
    for i, table in enumerate(content.tables, start=1):
        name = _SHEET_BAD.sub(" ", table.title or f"Table {i}").strip()[:31] or f"Table {i}"
        if name.lower() in used:
            name = f"{name[:27]} ({i})"
        used.add(name.lower())
        sheets.append(
            {
                "name": name,
                "columns": [{"header": h} for h in table.header],
                "rows": [[_cell(c) for c in row] for row in _fit(table)],
            }
        )
    notes = [[content.title], [content.summary]]
    for sec in content.sections:
        notes.append([sec.heading])
        notes += [[p] for p in sec.paragraphs]
        notes += [[f"- {b}"] for b in sec.bullets]
    sheets.append(
        {
            "name": "Notes" if "notes" not in used else "About",
            "columns": [{"header": "Notes", "width": 90}],
            "rows": notes,
            "freeze_header": False,
        }
    )
    return {
        "title": content.title,
        "author": author,
        "created": created,
        "currency": currency,
        "sheets": sheets,
    }


def _deck_spec(
    content: CollaboratorFile, author: str, created: dt.datetime | None
) -> dict[str, object]:
    slides: list[dict[str, object]] = [
        {"layout": "title", "title": content.title, "subtitle": author, "notes": content.summary}
    ]
    for sec in content.sections:
        bullets = sec.bullets or sec.paragraphs
        slides.append(
            {
                "layout": "content",
                "title": sec.heading,
                "bullets": bullets[:12],
                "notes": " ".join(sec.paragraphs),
            }
        )
    for table in content.tables:
        slides.append(
            {
                "layout": "table",
                "title": table.title or content.title,
                "table": {"header": table.header, "rows": _fit(table)},
            }
        )
    return {"title": content.title, "author": author, "created": created, "slides": slides}


def _delimited(content: CollaboratorFile, sep: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\n")
    for table in content.tables[:1]:
        writer.writerow(table.header)
        writer.writerows(_fit(table))
    if not content.tables:
        writer.writerow(["title", "summary"])
        writer.writerow([content.title, content.summary])
    return buf.getvalue()


def _json_text(content: CollaboratorFile, kind: str) -> str:
    records = [dict(zip(t.header, row, strict=False)) for t in content.tables for row in _fit(t)]
    if kind == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) or "{}\n"
    return (
        json.dumps(
            {"title": content.title, "summary": content.summary, "records": records},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


# --- checking the planted error --------------------------------------------------------

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> list[float]:
    out = []
    for token in _NUMBER.findall(text):
        try:
            out.append(float(token.replace(",", "")))
        except ValueError:
            continue
    return out


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def value_in_text(text: str, value: str) -> bool:
    """Whether `value` (as a person wrote it) is in `text`: literally, or as the same number.

    A workbook shows '£4,932.45' as 4932.45 and '12 %' may read '12%': the figure is
    what matters, not its formatting.
    """
    if _squash(value) in _squash(text) or _squash(value).replace(" ", "") in _squash(text).replace(
        " ", ""
    ):
        return True
    wanted = _numbers(value)
    if len(wanted) != 1:
        return False
    target = wanted[0]
    return any(abs(n - target) <= 1e-9 * max(1.0, abs(target)) for n in _numbers(text))


def planted_value_in(data: bytes, name: str, shown: str) -> bool:
    """Read the written file back (as any reader would) and look for the planted value.

    Blocking (it writes a temporary file and parses it): call it in a thread.
    """
    with tempfile.TemporaryDirectory(prefix="synthcomp-file-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        extract = formats.extract(path)
    return extract.error is None and value_in_text(extract.text, shown)
