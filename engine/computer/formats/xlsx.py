"""Excel workbooks (.xlsx) with openpyxl: written from a `SheetSpec`, read back as cell grids.

Written workbooks hold formulas without cached values (openpyxl cannot compute
them); LibreOffice and Excel compute them on open. Reading shows every cell by
its reference (column letters, row numbers), formulas as formulas, and the
cached value next to a formula when the file has one (a file saved by Excel or
LibreOffice does).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel, ConfigDict

from engine.computer.formats import Extract
from engine.computer.formats._common import (
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    TextBudget,
    check_package,
    describe,
    failed,
    fmt_scalar,
    md_table,
    sniff_bytes,
    stable_zip,
    truncation_note,
    zip_kind,
)
from engine.errors import FormatError
from engine.schema.specs import (
    DEFAULT_TIMESTAMP,
    BoolCell,
    CurrencyCell,
    DateCell,
    EmptyCell,
    FormulaCell,
    NumberCell,
    NumberFormat,
    Sheet,
    SheetSpec,
    TextCell,
    as_utc,
)

SPEC = SheetSpec
KIND = "xlsx"

# Reading caps: a sheet export with 500k rows must not become a 500k-line prompt.
MAX_ROWS_PER_SHEET = 2_000
MAX_COLS = 60
MAX_CELLS = 250_000

# openpyxl warns (UserWarning) about features it drops when reading, e.g. data validation
# extensions; a reader must not print to the terminal the TUI owns. Set once, at import:
# `warnings.catch_warnings()` is process-wide and unsafe in the threads extraction runs in.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\..*)?$")

_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "KRW": "₩",
    "BRL": "R$",
    "CAD": "CA$",
    "AUD": "A$",
    "MXN": "MX$",
    "CHF": "CHF ",
    "SEK": "kr ",
    "NOK": "kr ",
    "DKK": "kr ",
    "PLN": "zł ",
}
_NO_DECIMALS = {"JPY", "KRW"}


def currency_format(code: str) -> str:
    symbol = _SYMBOLS.get(code, f"{code} ")
    digits = "#,##0" if code in _NO_DECIMALS else "#,##0.00"
    return f'"{symbol}"{digits};-"{symbol}"{digits}'


def number_format(fmt: NumberFormat, currency: str) -> str:
    return {
        "general": "General",
        "text": "@",
        "int": "#,##0",
        "decimal": "#,##0.00",
        "currency": currency_format(currency),
        "percent": "0.0%",
        "date": "yyyy-mm-dd",
        "datetime": "yyyy-mm-dd hh:mm",
    }[fmt]


_TOTAL_FN = {"sum": "SUM", "average": "AVERAGE", "min": "MIN", "max": "MAX", "count": "COUNTA"}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_THIN = Side(style="thin", color="FF808080")
_HEADER_BORDER = Border(bottom=_THIN)
_TOTAL_BORDER = Border(top=_THIN)


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _naive_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _shown_width(value: object) -> int:
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


def _write_sheet(ws, sheet: Sheet, currency: str) -> None:
    ncols = len(sheet.columns)
    widths = [len(c.header) for c in sheet.columns]
    for c, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=c, value=col.header)
        cell.data_type = "s"
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER

    for r, row in enumerate(sheet.rows, start=2):
        for c, spec_cell in enumerate(row, start=1):
            col = sheet.columns[c - 1]
            fmt: str | None = None
            if isinstance(spec_cell, EmptyCell):
                continue
            if isinstance(spec_cell, NumberCell):
                value: object = spec_cell.value
                fmt = number_format(spec_cell.format or col.format, currency)
            elif isinstance(spec_cell, CurrencyCell):
                value = spec_cell.value
                fmt = currency_format(currency)
            elif isinstance(spec_cell, TextCell):
                value = spec_cell.value
            elif isinstance(spec_cell, DateCell):
                value = spec_cell.value
                is_dt = isinstance(value, dt.datetime)
                if is_dt:
                    value = _naive_utc(value)
                default = "datetime" if is_dt else "date"
                fmt = number_format(
                    col.format if col.format in ("date", "datetime") else default, currency
                )
            elif isinstance(spec_cell, BoolCell):
                value = spec_cell.value
            elif isinstance(spec_cell, FormulaCell):
                value = spec_cell.formula
                fmt = number_format(spec_cell.format or col.format, currency)
            else:  # pragma: no cover - the union is closed
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(spec_cell, TextCell):
                cell.data_type = "s"  # text that starts with "=" stays text
            if fmt is not None and fmt != "General":
                cell.number_format = fmt
            if r < 202 and not isinstance(spec_cell, FormulaCell):
                widths[c - 1] = max(widths[c - 1], _shown_width(value))
            elif isinstance(spec_cell, FormulaCell):
                widths[c - 1] = max(widths[c - 1], 10)

    last = len(sheet.rows) + 1
    if sheet.totals_row and sheet.rows:
        t = last + 1
        if sheet.columns[0].total == "none":
            label = ws.cell(row=t, column=1, value=sheet.totals_label)
            label.data_type = "s"
            label.font = _HEADER_FONT
        for c, col in enumerate(sheet.columns, start=1):
            if c > 1 or col.total != "none":
                ws.cell(row=t, column=c).border = _TOTAL_BORDER
            if col.total == "none":
                continue
            letter = get_column_letter(c)
            cell = ws.cell(
                row=t, column=c, value=f"={_TOTAL_FN[col.total]}({letter}2:{letter}{last})"
            )
            cell.font = _HEADER_FONT
            cell.border = _TOTAL_BORDER
            fmt_name = "int" if col.total == "count" else col.format
            fmt = number_format(fmt_name, currency)
            if fmt != "General":
                cell.number_format = fmt
        ws.cell(row=t, column=1).border = _TOTAL_BORDER

    for c in range(1, ncols + 1):
        col = sheet.columns[c - 1]
        width = col.width if col.width is not None else min(max(widths[c - 1] + 2, 8), 60)
        ws.column_dimensions[get_column_letter(c)].width = width
    if sheet.freeze_header:
        ws.freeze_panes = "A2"
    # Printed (or exported to PDF), all columns fit the page width, as people set it up.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def render(spec: SheetSpec) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in spec.sheets:
        _write_sheet(wb.create_sheet(title=sheet.name), sheet, spec.currency)
    props = wb.properties
    props.creator = spec.author or None
    props.lastModifiedBy = spec.author or None
    props.title = spec.title or None
    props.created = _naive_utc(spec.created_utc())
    props.modified = _naive_utc(spec.modified_utc())
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive; unlike save_workbook, keeps our dates
    return stable_zip(buf.getvalue(), spec.created_utc(), spec.modified_utc())


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _read_cells(
    ws, max_rows: int, max_cols: int
) -> tuple[dict[tuple[int, int], object], set, int, int, bool]:
    """Cells of a read-only sheet, keyed by (row, col); also formula keys and the extent seen."""
    cells: dict[tuple[int, int], object] = {}
    formulas: set[tuple[int, int]] = set()
    max_r = max_c = 0
    clipped = False
    for row in ws.iter_rows():
        for cell in row:
            r = getattr(cell, "row", None)
            if r is None or cell.value is None:
                continue
            c = cell.column
            if r > max_rows:
                clipped = True
                break
            if c > max_cols:
                clipped = True
                continue
            cells[(r, c)] = cell.value
            if cell.data_type == "f":
                formulas.add((r, c))
            max_r = max(max_r, r)
            max_c = max(max_c, c)
        else:
            continue
        break
    return cells, formulas, max_r, max_c, clipped


def _cached_values(path: Path, wanted: dict[str, set[tuple[int, int]]]) -> dict[str, dict]:
    """The values a spreadsheet application stored for formula cells, by sheet."""
    result: dict[str, dict] = {}
    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            keys = wanted.get(ws.title)
            if not keys:
                continue
            last_row = max(r for r, _ in keys)
            found: dict[tuple[int, int], object] = {}
            ws.reset_dimensions()
            for row in ws.iter_rows(max_row=last_row):
                for cell in row:
                    r = getattr(cell, "row", None)
                    if r is not None and (r, cell.column) in keys and cell.value is not None:
                        found[(r, cell.column)] = cell.value
            result[ws.title] = found
    finally:
        wb.close()
    return result


def extract(path: Path, max_chars: int) -> Extract:
    problem = check_package(path, KIND)
    if problem:
        return failed(path, KIND, problem)
    try:
        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, lxml errors...
        return failed(path, KIND, f"This workbook could not be opened: {type(exc).__name__}: {exc}")

    sheets: list[tuple[str, str, dict, set, int, int, bool]] = []
    notes: list[str] = []
    cells_left = MAX_CELLS
    try:
        for ws in wb.worksheets:
            if cells_left <= 0:
                notes.append(f"Sheet {ws.title!r} and any after it were not read (cell limit).")
                break
            ws.reset_dimensions()  # do not trust a stored dimension: read what is there
            row_cap = max(1, min(MAX_ROWS_PER_SHEET, cells_left // MAX_COLS + 1))
            cells, formulas, max_r, max_c, clipped = _read_cells(ws, row_cap, MAX_COLS)
            cells_left -= len(cells)
            state = getattr(ws, "sheet_state", "visible")
            sheets.append((ws.title, state, cells, formulas, max_r, max_c, clipped))
            if clipped:
                notes.append(
                    f"Sheet {ws.title!r}: showing rows 1-{min(max_r, row_cap)} and columns A-"
                    f"{get_column_letter(min(max_c, MAX_COLS))}; the sheet has more."
                )
        chartsheets = [cs.title for cs in getattr(wb, "chartsheets", [])]
    except Exception as exc:
        return failed(path, KIND, f"This workbook is damaged: {type(exc).__name__}: {exc}")
    finally:
        wb.close()

    wanted = {name: f for name, _, _, f, _, _, _ in sheets if f}
    cached: dict[str, dict] = {}
    if wanted:
        try:
            cached = _cached_values(path, wanted)
        except Exception:  # cached values are a bonus; the formulas are already shown
            cached = {}

    out = TextBudget(max_chars)
    any_formula_without_value = False
    for name, state, cells, formulas, max_r, max_c, _clipped in sheets:
        if out.full:
            break
        hidden = "" if state == "visible" else f" ({state})"
        out.add(f"## Sheet: {name}{hidden}")
        if not cells:
            out.add("(empty)")
            out.add("")
            continue
        out.add(f"Cells A1:{get_column_letter(max_c)}{max_r}")
        values = cached.get(name, {})
        header = ["", *(get_column_letter(c) for c in range(1, max_c + 1))]
        grid = []
        for r in range(1, max_r + 1):
            row = [str(r)]
            for c in range(1, max_c + 1):
                v = cells.get((r, c))
                if (r, c) in formulas:
                    cv = values.get((r, c))
                    if cv is None:
                        any_formula_without_value = True
                        row.append(str(v))
                    else:
                        row.append(f"{v} → {fmt_scalar(cv)}")
                else:
                    row.append(fmt_scalar(v))
            grid.append(row)
        out.extend(md_table(header, grid))
        out.add("")
    for title in chartsheets:
        out.add(f"## Chart sheet: {title}")
    if not sheets and not chartsheets:
        return failed(path, KIND, "This workbook has no sheets.")

    text = out.text().rstrip()
    if any_formula_without_value:
        notes.append(
            "Formulas are shown as written; this file holds no computed values for some of them "
            "(it was never opened and saved by a spreadsheet application)."
        )
    if out.full:
        notes.insert(0, truncation_note(max_chars))
    truncated = out.full or any(s[6] for s in sheets) or (cells_left <= 0)
    return Extract(
        path=str(path),
        kind=KIND,
        text=text,
        truncated=truncated,
        note=" ".join(notes) or None,
    )


# ---------------------------------------------------------------------------
# Editing cells of an existing workbook
# ---------------------------------------------------------------------------

# Excel's grid: columns A..XFD, rows 1..1,048,576.
MAX_EDIT_ROW = 1_048_576
MAX_EDIT_COL = 16_384
MAX_EDITS = 10_000
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$")


class CellEdit(BaseModel):
    """One cell to set in an existing workbook.

    `formula` wins when given (a leading "=" is added if missing); otherwise
    `value` is written: a number, a boolean, text (text starting with "=" is a
    formula, as when a person types it), or None to clear the cell. `sheet`
    None means the sheet `edit_cells` was told to use, else the first sheet.
    """

    model_config = ConfigDict(extra="forbid")

    cell: str
    value: str | bool | int | float | None = None
    formula: str | None = None
    sheet: str | None = None


def _check_workbook_bytes(data: bytes) -> list[str]:
    """The package's member names, or FormatError saying why these bytes are no workbook."""
    sniffed = sniff_bytes(data[:8192])
    if sniffed != "zip":
        raise FormatError(
            f"This is not an Excel workbook (.xlsx): its content is {describe(sniffed)}."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FormatError(
            f"This workbook is damaged or incomplete (its ZIP package cannot be read: {exc})."
        ) from None
    names = [i.filename for i in infos]
    actual = zip_kind(names)
    if actual != KIND:
        raise FormatError(
            f"This is not an Excel workbook (.xlsx): its content is {describe(actual)}."
        )
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
        raise FormatError("This workbook is too large to open safely for editing.")
    return names


def _formula_problem(formula: str) -> str | None:
    """A cheap check that catches the formulas a spreadsheet would show as an error at once."""
    depth = 0
    in_quote = False
    for ch in formula:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
        elif not in_quote and ch == ")":
            depth -= 1
            if depth < 0:
                return "has a ')' without its '('"
    if in_quote:
        return "has an unclosed '\"'"
    if depth:
        return "has a '(' without its ')'"
    return None


def _target(wb: Workbook, name: str | None):
    if name is None:
        return wb.worksheets[0]
    if name in wb.sheetnames:
        return wb[name]
    folded = [s for s in wb.sheetnames if s.casefold() == name.strip().casefold()]
    if len(folded) == 1:
        return wb[folded[0]]
    raise FormatError(
        f"The workbook has no sheet named {name!r}; its sheets are: "
        + ", ".join(repr(s) for s in wb.sheetnames)
        + "."
    )


def _set_cell(ws, edit: CellEdit) -> None:
    m = _CELL_REF.match(edit.cell.strip())
    if m is None:
        raise FormatError(
            f"{edit.cell!r} is not a cell reference; write it as column letters then a row "
            "number, such as 'B7'."
        )
    col_letters, row_text = m.group(1).upper(), m.group(2)
    col, row = column_index_from_string(col_letters), int(row_text)
    ref = f"{col_letters}{row}"
    if col > MAX_EDIT_COL or row > MAX_EDIT_ROW:
        raise FormatError(f"{ref} is beyond the last cell a worksheet has (XFD1048576).")
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        span = next((str(r) for r in ws.merged_cells.ranges if ref in r), ref)
        raise FormatError(
            f"{ref} on sheet {ws.title!r} is inside the merged range {span}; "
            "write to the range's top-left cell."
        )
    if edit.formula is not None:
        formula = edit.formula.strip()
        if not formula.startswith("="):
            formula = "=" + formula
        if len(formula) < 2:
            raise FormatError(f"The formula for {ref} is empty.")
        problem = _formula_problem(formula)
        if problem:
            raise FormatError(f"The formula {formula} for {ref} {problem}.")
        cell.value = formula
        return
    value = edit.value
    if isinstance(value, float) and not math.isfinite(value):
        raise FormatError(f"{ref} cannot hold {value}: a cell holds a finite number.")
    if isinstance(value, str) and value.startswith("=") and len(value) > 1:
        problem = _formula_problem(value)
        if problem:
            raise FormatError(f"The formula {value} for {ref} {problem}.")
    cell.value = value
    if isinstance(value, str) and not value.startswith("="):
        cell.data_type = "s"


def edit_cells(
    data: bytes,
    edits: Iterable[CellEdit | Mapping[str, object]],
    *,
    sheet: str | None = None,
    modified: dt.datetime | None = None,
) -> bytes:
    """The workbook `data` with `edits` applied, as new .xlsx bytes; FormatError if it cannot be.

    Cells keep their formatting (a currency cell stays currency). openpyxl
    rewrites the package: values, formulas, styles, merged cells, defined names
    and macros (.xlsm) survive; charts, images and the values a spreadsheet
    application cached for formulas do not (they are computed again on open).
    The package's dates are fixed (`modified`, else the stored one), so the
    same edit of the same bytes gives the same bytes.
    """
    items = [e if isinstance(e, CellEdit) else CellEdit.model_validate(e) for e in edits]
    if not items:
        raise FormatError("No cell edits were given.")
    if len(items) > MAX_EDITS:
        raise FormatError(f"Too many cell edits at once ({len(items):,}; at most {MAX_EDITS:,}).")
    names = _check_workbook_bytes(data)
    keep_vba = "xl/vbaProject.bin" in names
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=keep_vba, keep_links=True)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, lxml errors...
        raise FormatError(
            f"This workbook could not be opened: {type(exc).__name__}: {exc}"
        ) from None
    try:
        if not wb.worksheets:
            raise FormatError("This workbook has no worksheets to edit.")
        for edit in items:
            _set_cell(_target(wb, edit.sheet if edit.sheet is not None else sheet), edit)
        props = wb.properties
        created = as_utc(props.created) if props.created else DEFAULT_TIMESTAMP
        stamp = (
            as_utc(modified)
            if modified is not None
            else (as_utc(props.modified) if props.modified else created)
        )
        props.created = _naive_utc(created)
        props.modified = _naive_utc(stamp)
        buf = io.BytesIO()
        archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(wb, archive).save()
    finally:
        wb.close()
    return stable_zip(buf.getvalue(), created, stamp)
