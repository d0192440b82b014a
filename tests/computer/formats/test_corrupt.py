"""Bad files of every kind: reading never raises, and says clearly what is wrong."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from engine.computer.formats import Extract, extract, render
from engine.computer.formats.samples import sample

KINDS = [
    "docx",
    "xlsx",
    "pptx",
    "pdf",
    "png",
    "eml",
    "txt",
    "md",
    "csv",
    "json",
    "jsonl",
    "yaml",
    "toml",
    "py",
]
# Kinds whose files, cut in half, are detectably damaged. A plain text, Markdown or
# Python file cut in half is just a shorter file; so can be a CSV or YAML one.
CUT_IS_DETECTABLE = {"docx", "xlsx", "pptx", "pdf", "png", "eml", "json", "jsonl", "toml"}
JUNK = random.Random(0).randbytes(4096)


def read(path: Path, **kw) -> Extract:
    r = extract(path, **kw)  # must not raise, whatever the content
    assert isinstance(r, Extract)
    assert r.path == str(path)
    return r


@pytest.mark.parametrize("kind", KINDS)
def test_empty_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"empty.{kind}"
    path.write_bytes(b"")
    r = read(path)
    assert r.error and "empty" in r.error and r.kind == kind


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_to_half(tmp_path: Path, kind: str) -> None:
    data = render(kind, sample(kind))
    path = tmp_path / f"cut.{kind}"
    path.write_bytes(data[: len(data) // 2])
    r = read(path)
    if kind in CUT_IS_DETECTABLE:
        assert r.error, r
        if kind in ("docx", "xlsx", "pptx", "pdf", "png", "eml"):
            assert any(w in r.error for w in ("damaged", "incomplete", "cut off")), r.error


@pytest.mark.parametrize("kind", KINDS)
def test_junk_bytes_with_the_extension(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"junk.{kind}"
    path.write_bytes(JUNK)
    r = read(path)
    assert r.error, r
    assert "unrecognised binary data" in r.error or "not" in r.error


WRONG = [
    ("docx", "pptx", "Word document"),
    ("docx", "xlsx", "Word document"),
    ("xlsx", "docx", "Excel workbook"),
    ("pptx", "docx", "PowerPoint deck"),
    ("pdf", "docx", "PDF document"),
    ("png", "pdf", "PNG image"),
    ("pdf", "png", "PDF document"),
    ("docx", "eml", "Word document"),
    ("png", "txt", "PNG image"),
    ("xlsx", "csv", "Excel workbook"),
    ("pdf", "json", "PDF document"),
    ("docx", "md", "Word document"),
    ("png", "py", "PNG image"),
    ("pptx", "yaml", "PowerPoint deck"),
]


@pytest.mark.parametrize(
    ("real", "named"), [(a, b) for a, b, _ in WRONG], ids=[f"{a}-as-{b}" for a, b, _ in WRONG]
)
def test_wrong_kind_content(tmp_path: Path, real: str, named: str) -> None:
    said = dict(((a, b), c) for a, b, c in WRONG)[(real, named)]
    path = tmp_path / f"mislabelled.{named}"
    path.write_bytes(render(real, sample(real)))
    r = read(path)
    assert r.error and said in r.error, r.error
    assert r.kind == named


def test_text_that_is_not_an_email(tmp_path: Path) -> None:
    path = tmp_path / "notes.eml"
    path.write_text("just some notes\nwith no headers at all\n")
    r = read(path)
    assert r.error and "does not look like an email" in r.error


@pytest.mark.parametrize("kind", ["txt", "md", "csv", "json", "jsonl", "yaml", "py", "eml"])
def test_huge_text_file_is_truncated_with_a_note(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"huge.{kind}"
    line = (
        '{"event": "sync", "user": "dana", "ok": true}\n'
        if kind in ("json", "jsonl")
        else "Zoë wrote a line of text, again and again.\n"
    )
    head = "From: a@b.c\nTo: d@e.f\nSubject: long\n\n" if kind == "eml" else ""
    with open(path, "w", encoding="utf-8") as f:
        f.write(head)
        for _ in range(120_000):  # ~5 MB
            f.write(line)
    r = read(path, max_chars=10_000)
    assert r.truncated and r.note and len(r.text) <= 10_000
    if kind in ("txt", "md", "py"):
        assert "Showing the first 10,000 characters" in r.note
    if kind == "jsonl":
        assert r.error is None  # the partial last line is not held against the file
    assert r.text.startswith(head or line[:10])


def test_huge_docx_stops_at_the_limit(tmp_path: Path) -> None:
    from engine.schema.specs import DocSpec, Paragraph

    spec = DocSpec(blocks=[Paragraph(text=f"Paragraph {i} " + "words " * 30) for i in range(3000)])
    path = tmp_path / "huge.docx"
    path.write_bytes(render("docx", spec))
    r = read(path, max_chars=5_000)
    assert r.truncated and r.note and len(r.text) <= 5_000 and "Paragraph 0" in r.text


def _zip_with(member: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("kind", "member"),
    [("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml"), ("pptx", "ppt/presentation.xml")],
)
def test_zip_bomb_is_refused(tmp_path: Path, kind: str, member: str) -> None:
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(_zip_with(member, b"\0" * (20 * 1024 * 1024)))  # 20 MB of zeros, ~20 kB zipped
    assert path.stat().st_size < 100_000
    r = read(path)
    assert r.error and "ZIP bomb" in r.error


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_zip_that_is_not_an_office_package(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"archive.{kind}"
    path.write_bytes(_zip_with("photos/readme.txt", b"hello"))
    r = read(path)
    assert r.error and "ZIP archive" in r.error


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_office_package_with_a_broken_part(tmp_path: Path, kind: str) -> None:
    good = render(kind, sample(kind))
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if (
                info.filename.endswith((".xml", ".rels")) and "document" in info.filename
            ) or info.filename in (
                "xl/workbook.xml",
                "ppt/presentation.xml",
            ):
                body = body[: len(body) // 2]  # not well-formed XML any more
            dst.writestr(info, body)
    path = tmp_path / f"broken.{kind}"
    path.write_bytes(buf.getvalue())
    r = read(path)
    assert r.error and "could not be opened" in r.error


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG that claims to be `width` x `height` pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [10_000, 60_000])
def test_png_decompression_bomb_is_refused(tmp_path: Path, side: int) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(side, side))
    r = read(path)
    assert r.error and "too large" in r.error


def test_png_with_a_broken_header(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(_png_header_only(10, 10)[:30])
    r = read(path)
    assert r.error and "PNG image is damaged" in r.error


def test_jpeg_named_png_is_read_with_a_note(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (32, 16), "#336699").save(path, "JPEG")
    r = read(path)
    assert r.error is None and r.note and "JPEG" in r.note and "32×16" in r.text


def test_encrypted_pdf_says_so(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    src = tmp_path / "plain.pdf"
    src.write_bytes(render("pdf", sample("pdf")))
    writer = PdfWriter()
    for page in PdfReader(str(src)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    r = read(path)
    assert r.error and "password" in r.error


def test_pdf_with_junk_after_a_valid_header(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + JUNK)
    r = read(path)
    assert r.error


def test_binary_bytes_with_a_text_name_name_what_they_are(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(render("docx", sample("docx")))
    r = read(path)
    assert r.error == "This is not a .txt text file: its content is a Word document (.docx)."
