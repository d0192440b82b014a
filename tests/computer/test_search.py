"""Search by name (glob and substring) and by text across file kinds."""

from __future__ import annotations

import io

import pytest

from engine.computer import Computer


@pytest.fixture
async def filled(computer: Computer) -> Computer:
    await computer.write_text("Documents/Budget_v1.xlsx", "not really a workbook")
    await computer.write_text("Documents/budget_v2.xlsx", "not really a workbook")
    await computer.write_text("Documents/Budget FINAL.pdf", "x")
    await computer.write_text("Documents/Notes/meeting notes.md", "# Meeting\n")
    await computer.write_text("Desktop/todo.txt", "call Dana\n")
    await computer.mkdir("Documents/Budgets")
    return computer


async def test_search_names_substring_is_case_insensitive(filled: Computer) -> None:
    hits = await filled.search_names("budget")
    assert [h.path for h in hits] == [
        "Documents/Budgets",
        "Documents/Budget FINAL.pdf",
        "Documents/Budget_v1.xlsx",
        "Documents/budget_v2.xlsx",
    ]
    assert hits[0].is_dir


async def test_search_names_glob(filled: Computer) -> None:
    assert [h.path for h in await filled.search_names("*.XLSX")] == [
        "Documents/Budget_v1.xlsx",
        "Documents/budget_v2.xlsx",
    ]
    assert [h.path for h in await filled.search_names("budget_v?.*")] == [
        "Documents/Budget_v1.xlsx",
        "Documents/budget_v2.xlsx",
    ]
    assert [h.path for h in await filled.search_names("Documents/Notes/*")] == [
        "Documents/Notes/meeting notes.md"
    ]
    assert [h.path for h in await filled.search_names("*notes*", dir="Documents")] == [
        "Documents/Notes",
        "Documents/Notes/meeting notes.md",
    ]


async def test_search_names_limit_and_empty(filled: Computer) -> None:
    assert len(await filled.search_names("*", limit=2)) == 2
    assert await filled.search_names("   ") == []
    assert await filled.search_names("no-such-name") == []


async def test_search_names_skips_internal(filled: Computer) -> None:
    await filled.delete("Desktop/todo.txt")
    assert await filled.search_names("todo") == []


async def test_search_text_across_text_files(computer: Computer) -> None:
    await computer.write_text(
        "Documents/notes.md", "# Q3\n\nThe Northwind\n  contract renews in March.\n"
    )
    await computer.write_text("Desktop/todo.txt", "Email northwind about the CONTRACT renewal")
    await computer.write_text("Desktop/other.txt", "nothing to see")
    await computer.write_bytes("Desktop/blob.bin", b"\x00\x01northwind contract\x00")
    result = await computer.search_text("Northwind contract")
    assert {h.path for h in result.hits} == {"Documents/notes.md"}
    hit = result.hits[0]
    assert hit.matches == 1 and hit.kind == "md"
    assert "The Northwind contract renews in March." in hit.snippets[0]

    result = await computer.search_text("northwind")
    assert [h.path for h in result.hits] == ["Desktop/todo.txt", "Documents/notes.md"]
    assert result.files_scanned >= 3
    assert not result.truncated


async def test_search_text_limit_truncates(computer: Computer) -> None:
    for i in range(5):
        await computer.write_text(f"n{i}.txt", f"needle number {i}")
    result = await computer.search_text("needle", limit=2)
    assert len(result.hits) == 2
    assert result.truncated


async def test_search_text_counts_and_snippets(computer: Computer) -> None:
    body = ("filler " * 30 + "KPI ") * 5
    await computer.write_text("long.txt", body)
    result = await computer.search_text("kpi")
    (hit,) = result.hits
    assert hit.matches == 5
    assert len(hit.snippets) == 3
    assert all("KPI" in s for s in hit.snippets)


async def test_search_text_finds_words_in_a_docx(computer: Computer) -> None:
    pytest.importorskip("engine.computer.formats", reason="engine.computer.formats not there yet")
    import docx

    doc = docx.Document()
    doc.add_heading("Vendor review", level=1)
    doc.add_paragraph("Contoso Logistics missed the delivery window twice in May.")
    buf = io.BytesIO()
    doc.save(buf)
    await computer.write_bytes("Documents/Vendor review.docx", buf.getvalue())
    await computer.write_text("Documents/plain.txt", "contoso logistics is on the list")

    result = await computer.search_text("Contoso Logistics missed")
    assert [h.path for h in result.hits] == ["Documents/Vendor review.docx"]
    assert result.hits[0].kind == "docx"
    assert "delivery window" in result.hits[0].snippets[0]

    both = await computer.search_text("contoso logistics")
    assert [h.path for h in both.hits] == ["Documents/plain.txt", "Documents/Vendor review.docx"]

    extracted = await computer.extract_text("Documents/Vendor review.docx")
    assert extracted.path == "Documents/Vendor review.docx"
    assert "Contoso Logistics" in extracted.text


async def test_search_text_reports_unreadable_documents(computer: Computer) -> None:
    pytest.importorskip("engine.computer.formats", reason="engine.computer.formats not there yet")
    await computer.write_bytes("Documents/broken.docx", b"this is not a zip archive at all")
    await computer.write_text("Documents/ok.txt", "fine")
    result = await computer.search_text("fine")
    assert [h.path for h in result.hits] == ["Documents/ok.txt"]
    assert [u.path for u in result.unreadable] == ["Documents/broken.docx"]
    assert str(computer.root) not in result.unreadable[0].error
