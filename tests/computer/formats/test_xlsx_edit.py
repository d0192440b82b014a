"""`xlsx.edit_cells`: set values and formulas in an existing workbook, keep everything else.

The LibreOffice test opens the edited workbook in a real spreadsheet application
and reads back what the new formulas computed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from engine.computer.formats import extract, render
from engine.computer.formats.samples import workbook
from engine.computer.formats.xlsx import CellEdit, edit_cells
from engine.errors import FormatError
from engine.schema.specs import Column, NumberCell, Sheet, SheetSpec, TextCell
from tests.support.libreoffice import convert


def orders() -> bytes:
    return render(
        "xlsx",
        SheetSpec(
            sheets=[
                Sheet(
                    name="Orders",
                    columns=[
                        Column(header="Item"),
                        Column(header="Qty", format="int"),
                        Column(header="Price", format="currency"),
                        Column(header="Line total", format="currency"),
                    ],
                    rows=[
                        [TextCell(value="Pens"), NumberCell(value=12), NumberCell(value=1.5)],
                        [TextCell(value="Paper"), NumberCell(value=3), NumberCell(value=7.25)],
                    ],
                ),
                Sheet(name="Notes", columns=[Column(header="Note")], rows=[["first"]]),
            ]
        ),
    )


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_values_and_formulas_land_and_formats_stay() -> None:
    out = edit_cells(
        orders(),
        [
            {"cell": "D2", "formula": "=B2*C2"},
            {"cell": "D3", "formula": "B3*C3"},  # the "=" is added
            {"cell": "B3", "value": 4},
            {"cell": "A4", "value": "Total"},
            {"cell": "D4", "value": "=SUM(D2:D3)"},  # typed as a person would
            {"cell": "A2", "value": None},
        ],
    )
    ws = load(out)["Orders"]
    assert ws["D2"].value == "=B2*C2" and ws["D3"].value == "=B3*C3"
    assert ws["D4"].value == "=SUM(D2:D3)" and ws["A4"].value == "Total"
    assert ws["B3"].value == 4 and ws["A2"].value is None
    assert ws["B3"].number_format == "#,##0"  # the column's format survived the edit
    assert ws["A1"].font.bold  # so did the header style
    assert load(out)["Notes"]["A2"].value == "first"


def test_other_sheets_by_name_and_text_that_looks_like_a_number() -> None:
    out = edit_cells(
        orders(),
        [CellEdit(cell="a3", value="00123"), CellEdit(cell="B2", value=True, sheet="orders")],
        sheet="Notes",
    )
    wb = load(out)
    assert wb["Notes"]["A3"].value == "00123" and wb["Notes"]["A3"].data_type == "s"
    assert wb["Orders"]["B2"].value is True


def test_the_same_edit_gives_the_same_bytes() -> None:
    stamp = dt.datetime(2024, 3, 6, 10, 0, tzinfo=dt.UTC)
    edits = [{"cell": "D2", "formula": "=B2*C2"}]
    assert edit_cells(orders(), edits, modified=stamp) == edit_cells(
        orders(), edits, modified=stamp
    )
    assert load(edit_cells(orders(), edits, modified=stamp)).properties.modified == dt.datetime(
        2024, 3, 6, 10, 0
    )


def test_a_sample_workbook_keeps_its_other_sheets_and_formulas(tmp_path: Path) -> None:
    path = tmp_path / "expenses.xlsx"
    path.write_bytes(
        edit_cells(render("xlsx", workbook(rows=5)), [{"cell": "B2", "value": "Figma"}])
    )
    text = extract(path).text
    assert "| 2 | 2024-01-02 | Figma |" in text
    assert "## Sheet: Summary" in text and "=SUMIF(Expenses!C2:C6,A2,Expenses!D2:D6)" in text


@pytest.mark.parametrize(
    ("edits", "words"),
    [
        ([{"cell": "7B", "value": 1}], "not a cell reference"),
        ([{"cell": "XFE1", "value": 1}], "beyond the last cell"),
        ([{"cell": "A1", "value": 1, "sheet": "Budget"}], "'Orders', 'Notes'"),
        ([{"cell": "A1", "formula": "=SUM(A2:A3"}], "without its ')'"),
        ([{"cell": "A1", "formula": '=IF(A2>1,"big,"small")'}], "unclosed"),
        ([{"cell": "A1", "value": float("nan")}], "finite number"),
        ([], "No cell edits"),
    ],
)
def test_bad_edits_are_format_errors(edits, words: str) -> None:
    with pytest.raises(FormatError, match=words.replace("(", r"\(").replace(")", r"\)")):
        edit_cells(orders(), edits)


def test_merged_cells_name_their_range() -> None:
    wb = load(orders())
    wb["Orders"].merge_cells("A6:C6")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(FormatError, match="merged range A6:C6"):
        edit_cells(buf.getvalue(), [{"cell": "B6", "value": 1}])
    assert (
        load(edit_cells(buf.getvalue(), [{"cell": "A6", "value": "ok"}]))["Orders"]["A6"].value
        == "ok"
    )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not an Excel workbook"),
        (b"just some text, not a workbook", "plain text"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged"),
        (render("docx", {"blocks": [{"type": "paragraph", "text": "hi"}]}), "Word document"),
    ],
)
def test_what_is_not_a_workbook_is_said_plainly(data: bytes, words: str) -> None:
    with pytest.raises(FormatError, match=words):
        edit_cells(data, [{"cell": "A1", "value": 1}])


def test_the_edited_file_extracts(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_bytes(edit_cells(orders(), [{"cell": "D2", "formula": "=B2*C2"}]))
    r = extract(path)
    assert r.error is None and "| 2 | Pens | 12 | 1.5 | =B2*C2 |" in r.text


@pytest.mark.libreoffice
def test_the_edited_workbook_opens_in_libreoffice_and_computes(
    lo_profile: Path, tmp_path: Path
) -> None:
    src = tmp_path / "orders.xlsx"
    src.write_bytes(
        edit_cells(
            orders(),
            [
                {"cell": "D2", "formula": "=B2*C2"},
                {"cell": "D3", "formula": "=B3*C3"},
                {"cell": "B3", "value": 4},
                {"cell": "A4", "value": "Total"},
                {"cell": "D4", "formula": "=SUM(D2:D3)"},
            ],
            sheet="Orders",
        )
    )
    assert convert(src, tmp_path / "pdf", "pdf", profile_dir=lo_profile).stat().st_size > 0
    out = convert(src, tmp_path / "csv", "csv", profile_dir=lo_profile)  # the first sheet
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[3][0] == "Total"
    values = [float(r[3].replace("$", "").replace(",", "")) for r in rows[1:4]]
    assert values == [18.0, 29.0, 47.0]  # 12*1.5, 4*7.25, and their sum
