"""Every file kind previewed the way it reads best; broken and huge files get a plain note."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher, DataTable, Markdown, TextArea

from engine.computer.formats import render
from engine.computer.formats.samples import sample
from tests.tui.support import wait_until
from tui.widgets.preview import Preview, read_for_preview
from tui.widgets.sheet_view import parse_grids, split_value


def write(tmp_path: Path, name: str, kind: str) -> Path:
    path = tmp_path / name
    path.write_bytes(render(kind, sample(kind)))
    return path


@pytest.mark.parametrize(
    ("name", "kind", "mode"),
    [
        ("memo.docx", "docx", "doc"),
        ("deck.pptx", "pptx", "doc"),
        ("report.pdf", "pdf", "doc"),
        ("mail.eml", "eml", "doc"),
        ("book.xlsx", "xlsx", "sheet"),
        ("chart.png", "png", "image"),
        ("tool.py", "py", "code"),
        ("notes.md", "md", "code"),
        ("data.json", "json", "code"),
    ],
)
def test_each_kind_has_its_view(tmp_path: Path, name: str, kind: str, mode: str) -> None:
    shown = read_for_preview(write(tmp_path, name, kind))
    assert shown.mode == mode, shown.error
    assert shown.error is None
    if mode == "sheet":
        grid = shown.grids[0]
        assert grid.columns[1:4] == ["A", "B", "C"] and grid.rows[0][0] == "1"
    if kind == "pptx":
        assert "## Slide 1" in shown.text
    if mode == "code":
        # JSON stays plain: its tree-sitter grammar crashes with the pinned versions
        assert shown.language == {"py": "python", "md": "markdown", "json": None}[kind]
    if mode == "image":
        assert "pixels" in shown.text and "Dominant colours" in shown.text


def test_csv_is_a_grid(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('name,amount\nAcme,12\n"Pipe | Co",3\n')
    shown = read_for_preview(path)
    assert shown.mode == "sheet"
    assert shown.grids[0].rows[-1][:2] == ["Pipe | Co", "3"]


def test_broken_empty_and_unknown_files_say_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a document")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 10)
    for path in (broken, empty, blob):
        shown = read_for_preview(path)
        assert shown.mode == "note" and shown.error, path.name


def test_a_huge_text_file_is_cut_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    path.write_text("a line of a long log\n" * 50_000)
    shown = read_for_preview(path)
    assert shown.mode == "code" and shown.note and "first" in shown.note


def test_grids_and_formulas() -> None:
    text = (
        "## Sheet: Q1\nCells A1:B2\n| | A | B |\n|---|---|---|\n| 1 | x \\| y | =SUM(A1:A2) → 3 |\n"
    )
    (grid,) = parse_grids(text)
    assert grid.name == "Q1" and grid.rows == [["1", "x | y", "=SUM(A1:A2) → 3"]]
    assert split_value("=SUM(A1:A2) → 3") == ("3", "=SUM(A1:A2)")


class PreviewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Preview()


async def test_the_widget_switches_views_without_blocking(tmp_path: Path) -> None:
    files = {k: write(tmp_path, f"f.{k}", k) for k in ("docx", "xlsx", "py", "json", "png")}
    app = PreviewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        switcher = preview.query_one(ContentSwitcher)
        # every view is there from the start, and only the empty one shows
        assert [c.id for c in switcher.children] == [
            "preview-empty",
            "preview-doc-view",
            "preview-sheet-view",
            "preview-code-view",
            "preview-image-view",
        ]
        assert [c.id for c in switcher.children if c.display] == ["preview-empty"]
        for kind, view in (("docx", "preview-doc-view"), ("xlsx", "preview-sheet-view"),
                           ("json", "preview-code-view"), ("png", "preview-image-view"),
                           ("py", "preview-code-view")):  # fmt: skip
            preview.show_path(files[kind])
            await wait_until(
                pilot, lambda k=kind: preview.shown is not None and preview.shown.kind == k
            )
            await pilot.pause()
            assert switcher.current == view
            shown = [c.id for c in switcher.children if c.display]
            assert shown == [view], shown  # one view at a time
        assert "def " in preview.query_one(TextArea).text
        assert preview.query_one(TextArea).read_only
        preview.show_path(files["xlsx"])
        await wait_until(pilot, lambda: preview.shown is not None and preview.shown.kind == "xlsx")
        await pilot.pause()
        table = preview.sheet.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][:3] == ["", "A", "B"]
        assert preview.query(Markdown)
