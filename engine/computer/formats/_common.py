"""Helpers the kind modules share: output budgets, content sniffing, ZIP guards, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from engine.computer.formats import Extract

# ZIP packages (docx/xlsx/pptx): refuse what would take too much memory to open.
MAX_ZIP_ENTRIES = 20_000
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed/compressed, for members above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 16 * 1024 * 1024
# XML parts the libraries parse whole (a document body, shared strings); worksheets are streamed.
MAX_XML_PART_BYTES = 96 * 1024 * 1024

KIND_NAMES = {
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint deck (.pptx)",
    "pdf": "a PDF document",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "zip": "a ZIP archive",
    "odf": "an OpenDocument file (LibreOffice .odt/.ods/.odp)",
    "ole": "an old binary Office file (.doc/.xls/.ppt) or a password-protected Office file",
    "gzip": "gzip-compressed data",
    "eml": "an email message",
    "text": "plain text",
    "binary": "unrecognised binary data",
    "empty": "nothing (it is empty)",
}


def failed(path: Path, kind: str, error: str, text: str = "", note: str | None = None) -> Extract:
    return Extract(path=str(path), kind=kind, text=text, error=error, note=note)


class TextBudget:
    """Collects output lines and stops at `max_chars`, so a huge file never builds a huge string."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max(0, max_chars)
        self.parts: list[str] = []
        self.size = 0
        self.full = False

    def add(self, line: str = "") -> bool:
        """Append a line; False (and the budget is full) once the limit is reached."""
        if self.full:
            return False
        need = len(line) + (1 if self.parts else 0)
        if self.size + need > self.max_chars:
            room = self.max_chars - self.size - (1 if self.parts else 0)
            if room > 0:
                self.parts.append(line[:room])
            self.size = self.max_chars
            self.full = True
            return False
        self.parts.append(line)
        self.size += need
        return True

    def extend(self, lines: Iterable[str]) -> bool:
        for line in lines:
            if not self.add(line):
                return False
        return True

    def text(self) -> str:
        return "\n".join(self.parts)


def truncation_note(max_chars: int, what: str = "") -> str:
    extra = f" {what}" if what else ""
    return f"Output stopped at the {max_chars:,}-character limit;{extra} the rest of the file was not read."


# ---------------------------------------------------------------------------
# What is this file, really?
# ---------------------------------------------------------------------------


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) < 0.05


def sniff_bytes(head: bytes) -> str:
    """A short kind name for what these leading bytes are (see KIND_NAMES)."""
    if not head:
        return "empty"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if _looks_like_text(head):
        return "text"
    return "binary"


def zip_kind(names: Iterable[str]) -> str:
    """Which office kind a ZIP package holds, from its member names."""
    s = set(names)
    if "word/document.xml" in s:
        return "docx"
    if "xl/workbook.xml" in s:
        return "xlsx"
    if "ppt/presentation.xml" in s:
        return "pptx"
    if "mimetype" in s and "content.xml" in s:
        return "odf"
    return "zip"


def sniff_file(path: Path) -> str:
    """Like `sniff_bytes`, but looks inside ZIP packages to tell docx/xlsx/pptx apart."""
    with open(path, "rb") as f:
        head = f.read(8192)
    kind = sniff_bytes(head)
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as z:
                return zip_kind(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
    return kind


def describe(kind: str) -> str:
    """What a kind is, with its article: "a Word document (.docx)"."""
    return KIND_NAMES.get(kind, kind)


def noun(kind: str) -> str:
    """What a kind is, without an article: "Word document (.docx)"."""
    text = describe(kind)
    for article in ("a ", "an "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def check_package(path: Path, expected: str) -> str | None:
    """Why a .docx/.xlsx/.pptx cannot be opened as `expected`, or None when it looks sound.

    Catches what the Office libraries report badly or not at all: non-ZIP
    content, a truncated package, a package of another kind, and ZIP bombs.
    """
    label = describe(expected)
    this = f"This {noun(expected)}"
    with open(path, "rb") as f:
        head = f.read(8192)
    sniffed = sniff_bytes(head)
    if sniffed != "zip":
        return f"This is not {label}: its content is {describe(sniffed)}."
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = [i.filename for i in infos]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return (
            f"{this} is damaged or incomplete (its ZIP package cannot be read: {exc}); "
            "it may have been cut off while copying."
        )
    actual = zip_kind(names)
    if actual != expected:
        return f"This file is named as {label} but its content is {describe(actual)}."
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"{this} has {len(infos):,} parts, too many to open safely."
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        return (
            f"{this} would unpack to {total:,} bytes, more than the "
            f"{MAX_UNZIPPED_BYTES:,} this reader opens (it may be a ZIP bomb)."
        )
    for i in infos:
        streamed = i.filename.startswith("xl/worksheets/")
        if i.filename.endswith(".xml") and not streamed and i.file_size > MAX_XML_PART_BYTES:
            return (
                f"{this} has a part ({i.filename}) of {i.file_size:,} bytes, more than the "
                f"{MAX_XML_PART_BYTES:,} this reader parses."
            )
        if i.file_size > RATIO_MIN_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return (
                f"{this} has a part ({i.filename}) that compresses {i.file_size // max(i.compress_size, 1):,} "
                "to 1, which looks like a ZIP bomb; it was not opened."
            )
    return None


# ---------------------------------------------------------------------------
# Stable bytes: OOXML packages written the same way every time
# ---------------------------------------------------------------------------

_DCTERMS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)([^<]*)(</dcterms:\2>)")


def w3cdtf(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fix_core_dates(xml: bytes, created: dt.datetime, modified: dt.datetime) -> bytes:
    """Set dcterms:created/modified in a docProps/core.xml (libraries stamp `now()` there)."""

    def sub(m: re.Match[bytes]) -> bytes:
        value = created if m.group(2) == b"created" else modified
        return m.group(1) + w3cdtf(value).encode() + m.group(4)

    return _DCTERMS.sub(sub, xml)


def stable_zip(data: bytes, created: dt.datetime, modified: dt.datetime) -> bytes:
    """Rewrite an OOXML package with fixed member timestamps and core-property dates.

    python-docx, openpyxl, python-pptx and xlsxwriter stamp the wall clock into
    the ZIP members and docProps; a spec-driven file must not depend on when it
    was written. Embedded workbooks (chart data in a deck) are fixed the same way.
    """
    stamp = modified.astimezone(dt.UTC)
    date_time = (
        max(stamp.year, 1980),
        stamp.month,
        stamp.day,
        stamp.hour,
        stamp.minute,
        stamp.second,
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = fix_core_dates(body, created, modified)
            elif info.filename.endswith(".xlsx") and body.startswith(b"PK"):
                body = stable_zip(body, created, modified)
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------


def md_cell(value: object) -> str:
    s = "" if value is None else str(value)
    return s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("|", "\\|").strip()


def md_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """Lines of a markdown table; rows are padded or cut to the header's width."""
    width = max(len(header), 1)
    head = [md_cell(h) for h in header] + [""] * (width - len(header))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
    for row in rows:
        cells = [md_cell(c) for c in row[:width]]
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def fmt_scalar(value: object) -> str:
    """A cell value as short, exact text (no float noise, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


# ---------------------------------------------------------------------------
# Table layout (documents)
# ---------------------------------------------------------------------------

# A column's natural width, in characters, is bounded: a 'Qty' column still fits its
# header and figures, and one long description cannot squeeze the rest to slivers.
MIN_COLUMN_CHARS = 4
MAX_COLUMN_CHARS = 40
COLUMN_PADDING_CHARS = 2  # a cell's left and right padding, in characters
_WIDTH_SAMPLE_ROWS = 500  # rows looked at to size the columns of a long table


def _longest_line(text: str) -> int:
    return max((len(line.strip()) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def column_fractions(
    header: list[str], rows: list[list[str]], widths: list[float] | None = None
) -> list[float]:
    """Each column's share of a table's width (they sum to 1).

    `widths`, when given, are relative weights ([1, 4, 1]). Otherwise each column
    is weighted by its natural width: its longest cell line, or its header's
    longest word (a header wraps between words, not inside one), bounded to
    MIN_COLUMN_CHARS..MAX_COLUMN_CHARS characters, plus the cell's padding.
    """
    if widths is not None and len(widths) == len(header) and all(w > 0 for w in widths):
        weights = [float(w) for w in widths]
    else:
        sample = rows[:_WIDTH_SAMPLE_ROWS]
        weights = []
        for c, head in enumerate(header):
            body = max((_longest_line(r[c]) for r in sample if c < len(r)), default=0)
            natural = max(_longest_word(head), body)
            bounded = min(max(natural, MIN_COLUMN_CHARS), MAX_COLUMN_CHARS)
            weights.append(float(bounded + COLUMN_PADDING_CHARS))
    total = sum(weights)
    return [w / total for w in weights]
