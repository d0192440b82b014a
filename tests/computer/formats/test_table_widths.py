"""Document tables get column widths that fit their content, or the widths the spec gives.

A narrow 'Qty' column must not take as much of the page as a 'Description'
column. Word (.docx) keeps the widths in its grid and in every cell; a PDF lays
them out itself. Either way the text still reads back.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pydantic import ValidationError
from pypdf import PdfReader

from engine.computer.formats import extract
from engine.computer.formats._common import MAX_COLUMN_CHARS, MIN_COLUMN_CHARS, column_fractions
from engine.errors import FormatError
from engine.schema.specs import DocSpec, Heading, PdfSpec, Table

HEADER = ["Qty", "Description", "Price"]
ROWS = [
    ["2", "Sodium thiosulfate pentahydrate, 500 g tub, laboratory grade", "£12.40"],
    ["10", "Conical flasks, 250 ml, borosilicate", "£3.10"],
]


def order(**kw: object) -> Table:
    return Table(header=HEADER, rows=ROWS, **kw)


def pdf_positions(path: Path) -> dict[str, float]:
    """The x position (points) where each text run of page 1 starts."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.setdefault(text.strip(), tm[4] * cm[0] + cm[4])

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return found


# --- the spec ----------------------------------------------------------------------------


def test_widths_are_optional_and_old_specs_still_validate() -> None:
    old = DocSpec.model_validate(
        {"blocks": [{"type": "table", "header": ["a", "b"], "rows": [["1", "2"]]}]}
    )
    assert old.blocks[0].widths is None  # type: ignore[union-attr]
    assert order(widths=[1, 4, 1.5]).widths == [1, 4, 1.5]


@pytest.mark.parametrize(
    ("widths", "match"),
    [([1, 2], "3 columns but 2 widths"), ([1, 0, 1], "above 0"), ([1, -2, 1], "above 0")],
)
def test_bad_widths_are_refused(widths: list[float], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        order(widths=widths)


def test_render_reports_bad_widths_as_a_format_error() -> None:
    from engine.computer.formats import render

    spec = {"blocks": [{"type": "table", "header": ["a", "b"], "widths": [1]}]}
    with pytest.raises(FormatError, match="2 columns but 1 widths"):
        render("docx", spec)


# --- widths from content -----------------------------------------------------------------


def test_widths_follow_the_content() -> None:
    qty, desc, price = column_fractions(HEADER, ROWS)
    assert sum((qty, desc, price)) == pytest.approx(1.0)
    assert qty < price < desc
    assert desc > 0.5 and qty < 0.15


def test_widths_are_bounded() -> None:
    header = ["N", "Notes"]
    rows = [["1", "word " * 400]]
    narrow, wide = column_fractions(header, rows)
    # A one-character column still gets its minimum; a huge cell cannot take more than its cap.
    assert wide / narrow == pytest.approx((MAX_COLUMN_CHARS + 2) / (MIN_COLUMN_CHARS + 2), rel=1e-9)
    assert column_fractions(["a", "b"], []) == [0.5, 0.5]  # nothing to go by: equal


def test_given_widths_win() -> None:
    assert column_fractions(HEADER, ROWS, [1, 2, 1]) == [0.25, 0.5, 0.25]


# --- Word ---------------------------------------------------------------------------------


def _docx_widths(path: Path) -> tuple[list[int], list[list[int]], str | None]:
    table = docx.Document(str(path)).tables[0]
    grid = [int(c.width) for c in table.columns]
    cells = [[int(c.width) for c in row.cells] for row in table.rows]
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    return grid, cells, None if layout is None else layout.get(qn("w:type"))


def test_docx_columns_follow_the_content(write) -> None:
    path = write("docx", DocSpec(blocks=[Heading(text="Order"), order()]))
    grid, cells, layout = _docx_widths(path)
    assert layout == "fixed"
    assert all(row == grid for row in cells)  # Word reads the cells, LibreOffice the grid
    qty, desc, price = grid
    assert qty < price < desc and desc > 3 * qty
    section = docx.Document(str(path)).sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert sum(grid) == pytest.approx(text_width, abs=10)
    text = extract(path).text
    assert "| Qty | Description | Price |" in text and "| 10 | Conical flasks" in text


def test_docx_takes_the_given_widths(write) -> None:
    grid, _, _ = _docx_widths(write("docx", DocSpec(blocks=[order(widths=[1, 2, 1])])))
    assert grid[1] == pytest.approx(2 * grid[0], abs=2) and grid[0] == pytest.approx(grid[2], abs=2)


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_columns_follow_the_content(write) -> None:
    path = write("pdf", PdfSpec(blocks=[Heading(text="Order"), order()]))
    x = pdf_positions(path)
    qty_w = x["Description"] - x["Qty"]
    desc_w = x["Price"] - x["Description"]
    assert desc_w > 3 * qty_w
    text = extract(path).text
    for cell in [*HEADER, *ROWS[0], *ROWS[1]]:
        assert cell in text


def test_pdf_takes_the_given_widths(write) -> None:
    x = pdf_positions(write("pdf", PdfSpec(blocks=[order(widths=[1, 2, 1])])))
    assert x["Price"] - x["Description"] == pytest.approx(
        2 * (x["Description"] - x["Qty"]), rel=0.02
    )
