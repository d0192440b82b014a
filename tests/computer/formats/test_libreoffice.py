"""What we write opens in a real LibreOffice, and our spreadsheet formulas compute what we say.

LibreOffice starts are batched (one per import filter and target format): the
whole module costs a handful of starts, a few seconds each at most.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import subprocess
from pathlib import Path

import pytest

from engine.computer.formats import extract, render
from engine.computer.formats.samples import deck, memo, report_pdf, workbook
from engine.schema.specs import (
    ChartSpec,
    Column,
    DeckSpec,
    DocSpec,
    FormulaCell,
    Heading,
    NumberCell,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    Table,
    TextCell,
)
from tests.computer.formats.test_table_widths import HEADER, ROWS, pdf_positions
from tests.support.libreoffice import INFILTERS, convert, convert_many, require_soffice

pytestmark = pytest.mark.libreoffice

# CSV export options (LibreOffice 7.2+): comma, double quote, UTF-8, first line 1, no
# cell formats, default language, don't quote all text, detect special numbers, values
# not "as shown" (raw precision), no formulas, keep spaces, and token 12 = -1: every
# sheet to its own `<stem>-<sheet name>.csv` (checked on LibreOffice 7.4).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def formula_workbook() -> tuple[SheetSpec, dict[str, dict[str, float]]]:
    """A workbook of formulas, and the values Python computes for them (sheet -> cell -> value)."""
    rng = random.Random(11)
    items = [
        (f"Item {i}", rng.randrange(1, 40), round(rng.uniform(2, 300), 2)) for i in range(1, 13)
    ]
    rows = []
    for i, (name, qty, price) in enumerate(items, start=2):
        rows.append(
            [
                TextCell(value=name),
                NumberCell(value=qty),
                NumberCell(value=price, format="currency"),
                FormulaCell(formula=f"=B{i}*C{i}", format="currency"),
                FormulaCell(formula=f'=IF(D{i}>1000,"big","small")'),
            ]
        )
    n = len(items) + 1
    lines = [q * p for _, q, p in items]
    orders = Sheet(
        name="Orders",
        columns=[
            Column(header="Item"),
            Column(header="Qty", format="int", total="sum"),
            Column(header="Price", format="currency", total="average"),
            Column(header="Line total", format="currency", total="sum"),
            Column(header="Size", total="count"),
        ],
        rows=rows,
        totals_row=True,
    )
    stats = Sheet(
        name="Stats & Checks",
        columns=[Column(header="Measure"), Column(header="Value", format="decimal")],
        rows=[
            ["Max line", FormulaCell(formula=f"=MAX(Orders!D2:D{n})")],
            ["Min price", FormulaCell(formula=f"=MIN(Orders!C2:C{n})")],
            ["Rounded mean qty", FormulaCell(formula=f"=ROUND(AVERAGE(Orders!B2:B{n}),2)")],
            ["Big lines", FormulaCell(formula=f'=COUNTIF(Orders!E2:E{n},"big")')],
            ["Revenue of big", FormulaCell(formula=f'=SUMIF(Orders!E2:E{n},"big",Orders!D2:D{n})')],
        ],
    )
    t = n + 1
    expected = {
        "Orders": {
            **{f"D{i}": v for i, v in enumerate(lines, start=2)},
            f"B{t}": sum(q for _, q, _ in items),
            f"C{t}": sum(p for _, _, p in items) / len(items),
            f"D{t}": sum(lines),
            f"E{t}": len(items),
        },
        "Stats & Checks": {
            "B2": max(lines),
            "B3": min(p for _, _, p in items),
            "B4": round(sum(q for _, q, _ in items) / len(items), 2),
            "B5": sum(1 for v in lines if v > 1000),
            "B6": sum(v for v in lines if v > 1000),
        },
    }
    return SheetSpec(title="Orders", sheets=[orders, stats], currency="GBP"), expected


def sample_workbook_expected(spec: SheetSpec) -> dict[str, dict[str, float]]:
    """What the formulas of `samples.workbook` must compute, worked out from its spec."""
    ledger = spec.sheets[0].rows
    amounts = [r[3].value for r in ledger]
    rates = [r[4].value for r in ledger]
    cats = [r[2].value for r in ledger]
    totals = [a * (1 + t) for a, t in zip(amounts, rates, strict=True)]
    t = len(ledger) + 2
    summary: dict[str, float] = {}
    categories = [r[0].value for r in spec.sheets[1].rows]
    for i, cat in enumerate(categories, start=2):
        summary[f"B{i}"] = sum(a for a, c in zip(amounts, cats, strict=True) if c == cat)
        summary[f"C{i}"] = cats.count(cat)
    k = len(categories) + 2
    summary[f"B{k}"] = sum(amounts)
    summary[f"C{k}"] = len(ledger)
    people = spec.sheets[2].rows
    h = len(people) + 2
    return {
        "Expenses": {
            **{f"F{i}": v for i, v in enumerate(totals, start=2)},
            f"D{t}": sum(amounts),
            f"E{t}": sum(rates) / len(rates),
            f"F{t}": sum(totals),
        },
        "Summary": summary,
        "Headcount": {
            f"B{h}": sum(r[1].value for r in people),
            f"C{h}": sum(r[2].value for r in people) / len(people),
        },
    }


def sheets_to_csv(srcs: list[Path], out_dir: Path, profile_dir: Path) -> None:
    """Every sheet of every workbook to `<stem>-<sheet>.csv`, in one LibreOffice start.

    (`convert_many` expects one `<stem>.csv` per file, so it cannot check this export.)
    """
    exe = require_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        exe,
        f"-env:UserInstallation=file://{profile_dir}",
        "--headless",
        "--norestore",
        f"--infilter={INFILTERS['.xlsx']}",
        "--convert-to",
        CSV_ALL_SHEETS,
        "--outdir",
        str(out_dir),
        *map(str, srcs),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr


def read_csv_cells(path: Path) -> dict[str, str]:
    cells: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, value in enumerate(row):
                cells[f"{chr(ord('A') + c)}{r}"] = value
    return cells


def as_number(text: str) -> float:
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("rendered")
    chart_deck = DeckSpec(
        slides=[
            Slide(
                layout="chart",
                title="Line chart",
                chart=ChartSpec(
                    type="line", categories=["a", "b"], series=[Series(name="s", values=[1, 2])]
                ),
            )
        ]
    )
    files = {
        "memo.docx": render("docx", memo()),
        "long-memo.docx": render("docx", memo(pages=8, seed=9)),
        "expenses.xlsx": render("xlsx", workbook()),
        "orders.xlsx": render("xlsx", formula_workbook()[0]),
        "qbr.pptx": render("pptx", deck()),
        "chart.pptx": render("pptx", chart_deck),
        "report.pdf": render("pdf", report_pdf()),
    }
    out = {}
    for name, data in files.items():
        (d / name).write_bytes(data)
        out[name] = d / name
    return out


def test_everything_we_render_opens_in_libreoffice(
    office_files, lo_profile: Path, tmp_path: Path
) -> None:
    pdfs = convert_many(
        list(office_files.values()), tmp_path / "pdf", "pdf", profile_dir=lo_profile
    )
    assert set(pdfs) == set(office_files.values())
    # What LibreOffice laid out is what we wrote: read its PDFs back.
    seen = {src.name: extract(pdf) for src, pdf in pdfs.items()}
    for name, r in seen.items():
        assert r.error is None, (name, r.error)
    assert "Q1 Status Report: Customer Analytics Rollout" in seen["memo.docx"].text
    assert seen["long-memo.docx"].text.count("## Page") >= 6
    sheets = seen["expenses.xlsx"].text
    assert "Date Vendor Category Amount Tax rate Total" in sheets  # all columns fit the width
    spent = sum(row[3].value for row in workbook().sheets[0].rows)
    assert f"Total ${spent:,.2f}" in sheets and "Engineering" in sheets  # computed and formatted
    assert "Quarterly Business Review" in seen["qbr.pptx"].text
    assert "Top accounts" in seen["qbr.pptx"].text
    assert "Milestones" in seen["report.pdf"].text


def test_docx_table_widths_survive_libreoffice(lo_profile: Path, tmp_path: Path) -> None:
    """LibreOffice opens a table with content-sized columns and lays them out as written."""
    spec = DocSpec(
        title="Order",
        blocks=[Heading(text="Order"), Table(header=HEADER, rows=ROWS)],
    )
    given = DocSpec(blocks=[Table(header=HEADER, rows=ROWS, widths=[1, 2, 1])])
    srcs = [tmp_path / "order.docx", tmp_path / "given.docx"]
    srcs[0].write_bytes(render("docx", spec))
    srcs[1].write_bytes(render("docx", given))
    pdfs = convert_many(srcs, tmp_path / "pdf", "pdf", profile_dir=lo_profile)
    x = pdf_positions(pdfs[srcs[0]])
    assert x["Price"] - x["Description"] > 3 * (x["Description"] - x["Qty"])
    assert "Conical flasks" in extract(pdfs[srcs[0]]).text
    x = pdf_positions(pdfs[srcs[1]])
    assert x["Price"] - x["Description"] == pytest.approx(
        2 * (x["Description"] - x["Qty"]), rel=0.05
    )


def test_junk_named_docx_does_not_convert(lo_profile: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.docx"
    junk.write_bytes(random.Random(1).randbytes(8192))
    with pytest.raises(AssertionError, match=r"could not open junk\.docx"):
        convert(junk, tmp_path / "out", "pdf", profile_dir=lo_profile)


def dates_workbook() -> SheetSpec:
    return SheetSpec(
        sheets=[
            Sheet(
                name="Dates",
                columns=[Column(header="When", format="date"), Column(header="Plus 30")],
                rows=[[dt.date(2024, 2, 28), FormulaCell(formula="=A2+30", format="date")]],
            )
        ]
    )


@pytest.fixture(scope="module")
def sheet_csvs(office_files, lo_profile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dates = office_files["orders.xlsx"].with_name("dates.xlsx")
    dates.write_bytes(render("xlsx", dates_workbook()))
    out = tmp_path_factory.mktemp("csv")
    sheets_to_csv(
        [office_files["orders.xlsx"], office_files["expenses.xlsx"], dates], out, lo_profile
    )
    return out


def test_every_sheet_is_exported(sheet_csvs: Path) -> None:
    names = sorted(p.name for p in sheet_csvs.iterdir())
    assert names == [
        "dates-Dates.csv",
        "expenses-Expenses.csv",
        "expenses-Headcount.csv",
        "expenses-Summary.csv",
        "orders-Orders.csv",
        "orders-Stats & Checks.csv",
    ]


def test_formulas_compute_what_python_computes(sheet_csvs: Path) -> None:
    expected = {
        "orders": formula_workbook()[1],
        "expenses": sample_workbook_expected(workbook()),
    }
    checked = 0
    for stem, sheets in expected.items():
        for sheet, cells in sheets.items():
            got = read_csv_cells(sheet_csvs / f"{stem}-{sheet}.csv")
            for ref, value in cells.items():
                assert as_number(got[ref]) == pytest.approx(value, rel=1e-9, abs=1e-9), (
                    stem,
                    sheet,
                    ref,
                )
                checked += 1
    assert checked > 80
    orders = read_csv_cells(sheet_csvs / "orders-Orders.csv")
    assert {orders[f"E{i}"] for i in range(2, 14)} <= {"big", "small"}
    assert orders["A14"] == "Total"


def test_dates_survive_libreoffice(sheet_csvs: Path) -> None:
    cells = read_csv_cells(sheet_csvs / "dates-Dates.csv")
    assert cells["A2"] == "2024-02-28" and cells["B2"] == "2024-03-29"


def test_a_workbook_saved_by_libreoffice_shows_cached_values(
    office_files, lo_profile: Path, tmp_path: Path
) -> None:
    saved = convert(
        office_files["orders.xlsx"],
        tmp_path / "resaved",
        "xlsx:Calc MS Excel 2007 XML",
        profile_dir=lo_profile,
    )
    r = extract(saved)
    assert r.error is None
    total = formula_workbook()[1]["Orders"]["D14"]
    assert f"=SUM(D2:D13) → {total:.15g}"[:22] in r.text
    assert r.note is None or "no computed values" not in r.note
