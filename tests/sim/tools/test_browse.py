"""Navigating and reading: list_dir, tree, read_file (every kind, paged), search_files, file_info."""

from __future__ import annotations

import itertools
import re

from engine.computer.formats import render
from engine.computer.formats.samples import memo
from engine.sim.tools.browse import page_bounds
from tests.sim.tools.conftest import CLIENTS, TODO


async def test_list_dir_shows_folders_and_files_with_kind_size_date(call) -> None:
    out = await call("list_dir", path="Documents/Reports")
    assert out.ok and not out.events
    assert "status memo.docx  (docx," in out.observation
    assert "annual report.pdf  (pdf," in out.observation
    assert "1 folder" not in out.observation and "2 file(s)" in out.observation

    top = await call("list_dir")
    assert top.ok and "Archive/" in top.observation and "Finance/" in top.observation
    assert ".synthcomp" not in top.observation


async def test_list_dir_recursive_gives_full_paths(call) -> None:
    out = await call("list_dir", path=".", recursive=True)
    assert "Finance/expenses.xlsx  (xlsx" in out.observation
    assert "Presentations/kickoff.pptx" in out.observation


async def test_list_dir_of_an_empty_folder(call) -> None:
    out = await call("list_dir", path="Archive")
    assert out.ok and "empty folder" in out.observation


async def test_tree(call) -> None:
    out = await call("tree", path=".", depth=1)
    assert out.ok
    assert "Documents/ (1 item)" in out.observation and "Finance/ (2 items)" in out.observation
    deep = await call("tree", depth=3)
    assert "status memo.docx" in deep.observation


async def test_read_file_reads_every_kind(call) -> None:
    docx = await call("read_file", path="Documents/Reports/status memo.docx")
    assert docx.ok and "Q1 Status Report" in docx.observation
    assert "page 1 of" in docx.observation

    xlsx = await call("read_file", path="Finance/expenses.xlsx", page_size=12_000)
    assert xlsx.ok and "## Sheet: Expenses" in xlsx.observation and "=SUM(" in xlsx.observation

    pptx = await call("read_file", path="Presentations/kickoff.pptx")
    assert pptx.ok and "Slide 1" in pptx.observation

    pdf = await call("read_file", path="Documents/Reports/annual report.pdf")
    assert pdf.ok and "Q1 Status Report" in pdf.observation


async def test_read_file_shows_text_files_exactly_as_stored(call) -> None:
    md = await call("read_file", path="Notes/todo.md")
    assert md.ok and TODO.strip() in md.observation
    csv = await call("read_file", path="Data/clients.csv")
    assert CLIENTS.strip() in csv.observation  # raw lines, not a table, so edit_text can use them


async def test_read_file_pages_a_long_document(env, call) -> None:
    env.computer.root.joinpath("Documents/long memo.docx").write_bytes(
        render("docx", memo(pages=12, seed=9))
    )
    first = await call("read_file", path="Documents/long memo.docx", page_size=3_000)
    m = re.search(r"page 1 of (\d+) \(characters 1-([\d,]+) of ([\d,]+)\)", first.observation)
    assert m, first.observation[:300]
    pages, total = int(m.group(1)), int(m.group(3).replace(",", ""))
    assert pages >= 5
    assert '"page": 2' in first.observation

    seen = []
    for page in range(1, pages + 1):
        out = await call("read_file", path="Documents/long memo.docx", page=page, page_size=3_000)
        assert out.ok and f"page {page} of {pages}" in out.observation
        body = out.observation.split("\n\n", 1)[1]
        seen.append(body)
    assert "[End of the file" in seen[-1]

    past = await call("read_file", path="Documents/long memo.docx", page=pages + 1, page_size=3_000)
    assert not past.ok and past.error_kind == "page_out_of_range"
    assert f"only {pages} page(s)" in past.observation
    assert total > 3_000 * (pages - 2)


def test_pages_cover_the_text_exactly_and_prefer_line_breaks() -> None:
    text = "\n".join(f"line {i} " + "x" * (i % 37) for i in range(2_000))
    bounds = page_bounds(text, 1_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(e - s <= 1_000 for s, e in bounds)
    assert all(text[e - 1] == "\n" for _, e in bounds[:-1])
    assert page_bounds("", 1_000) == [(0, 0)]


async def test_read_a_corrupt_workbook_says_so(call) -> None:
    out = await call("read_file", path="Finance/broken.xlsx")
    assert not out.ok and out.error_kind == "unreadable"
    assert "cannot be read" in out.observation and "How to fix:" in out.observation


async def test_read_a_folder_is_a_clear_error(call) -> None:
    out = await call("read_file", path="Documents")
    assert not out.ok and out.error_kind == "path_conflict" and "list_dir" in out.observation


async def test_search_by_name(call) -> None:
    out = await call("search_files", name="*.xlsx")
    assert out.ok and "Finance/expenses.xlsx" in out.observation
    assert "Finance/broken.xlsx" in out.observation
    none = await call("search_files", name="*.zip")
    assert none.ok and "No file or folder" in none.observation


async def test_search_by_text_reads_office_files(call) -> None:
    out = await call("search_files", text="Q1 Status Report")
    assert out.ok
    assert "Documents/Reports/status memo.docx" in out.observation
    assert "Documents/Reports/annual report.pdf" in out.observation
    assert "Could not be searched: Finance/broken.xlsx" in out.observation


async def test_search_by_text_and_name(call) -> None:
    out = await call("search_files", text="Q1 Status Report", name="*.pdf")
    assert "annual report.pdf" in out.observation and "status memo.docx" not in out.observation


async def test_search_needs_a_name_or_text(call) -> None:
    out = await call("search_files")
    assert not out.ok and out.error_kind == "bad_arguments"
    assert "give `name`" in out.observation


async def test_file_info(call) -> None:
    out = await call("file_info", path="Documents/Reports/status memo.docx")
    assert out.ok
    assert "Kind: docx" in out.observation and "read_file shows" in out.observation
    assert "Begins: Title: Q1 Status Report" in out.observation
    folder = await call("file_info", path="Finance")
    assert "Kind: folder" in folder.observation and "2 file(s)" in folder.observation
    broken = await call("file_info", path="Finance/broken.xlsx")
    assert broken.ok and "Readable: no" in broken.observation
