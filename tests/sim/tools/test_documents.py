"""Office files from specs (docx, pdf, xlsx, pptx) and cell edits, read back the way the agent would."""

from __future__ import annotations

import hashlib

from engine.computer.formats import extract
from engine.schema.events import FileChangedPayload

DOC = {
    "title": "Q1 summary",
    "blocks": [
        {"type": "heading", "level": 1, "text": "Q1 summary"},
        {"type": "paragraph", "text": "Revenue rose 12% on the quarter."},
        {"type": "bullets", "items": ["Two new clients", "Churn down to 3%"]},
        {"type": "table", "header": ["Month", "Revenue"], "rows": [["Jan", "$41,200"]]},
    ],
}


def event(outcome) -> FileChangedPayload:
    (ev,) = outcome.events
    assert ev.kind == "file_changed" and ev.actor == "agent"
    return FileChangedPayload.model_validate(ev.payload)


async def test_write_document(env, call) -> None:
    out = await call("write_document", path="Documents/Reports/Q1 summary.docx", spec=DOC)
    assert out.ok, out.observation
    assert "1 heading, 1 paragraph, 1 list, 1 table" in out.observation
    path = env.computer.root / "Documents/Reports/Q1 summary.docx"
    text = extract(path).text
    assert "Revenue rose 12%" in text and "Churn down to 3%" in text and "$41,200" in text
    assert "Author: Dana Whitfield" in text  # signed by the agent
    assert "2024-03-06" in text  # dated on the simulated calendar
    ev = event(out)
    assert ev.change == "created" and ev.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


async def test_write_pdf(env, call) -> None:
    spec = {**DOC, "page_size": "Letter"}
    out = await call("write_pdf", path="Documents/Q1 summary.pdf", spec=spec)
    assert out.ok, out.observation
    assert "Revenue rose 12%" in extract(env.computer.root / "Documents/Q1 summary.pdf").text
    assert event(out).size == (env.computer.root / "Documents/Q1 summary.pdf").stat().st_size


async def test_write_spreadsheet(env, call) -> None:
    spec = {
        "sheets": [
            {
                "name": "Budget",
                "columns": [{"header": "Item"}, {"header": "Cost", "format": "currency"}],
                "rows": [["Laptops", 5400], ["Travel", 2100], ["Total", "=SUM(B2:B3)"]],
            }
        ]
    }
    out = await call("write_spreadsheet", path="Finance/budget_v2.xlsx", spec=spec)
    assert out.ok, out.observation
    assert "'Budget' (3 rows)" in out.observation
    text = extract(env.computer.root / "Finance/budget_v2.xlsx").text
    assert "Laptops" in text and "=SUM(B2:B3)" in text
    assert event(out).change == "created"


async def test_write_deck(env, call) -> None:
    spec = {
        "title": "Q2 kickoff",
        "slides": [
            {"layout": "title", "title": "Q2 kickoff", "subtitle": "Marketing"},
            {"layout": "content", "title": "Goals", "bullets": ["Launch v2", "Hire two SDRs"]},
        ],
    }
    out = await call("write_deck", path="Presentations/Q2 kickoff.pptx", spec=spec)
    assert out.ok and "2 slides" in out.observation
    assert "Hire two SDRs" in extract(env.computer.root / "Presentations/Q2 kickoff.pptx").text


async def test_a_writer_refuses_the_wrong_extension(call) -> None:
    out = await call("write_document", path="Documents/summary.pdf", spec=DOC)
    assert not out.ok and out.error_kind == "wrong_kind" and ".docx" in out.observation


async def test_replacing_a_deliverable_needs_overwrite(env, call) -> None:
    first = await call("write_document", path="Documents/Reports/Q1 summary.docx", spec=DOC)
    assert first.ok
    again = await call("write_document", path="Documents/Reports/Q1 summary.docx", spec=DOC)
    assert not again.ok and again.error_kind == "exists"
    assert "Documents/Reports/Q1 summary_v2.docx" in again.observation
    forced = await call(
        "write_document", path="Documents/Reports/Q1 summary.docx", spec=DOC, overwrite=True
    )
    assert forced.ok and event(forced).change == "modified"


async def test_edit_cells(env, call) -> None:
    out = await call(
        "edit_cells",
        path="Finance/expenses.xlsx",
        sheet="Headcount",
        edits=[
            {"cell": "B2", "value": 25},
            {"cell": "A9", "value": "Interns"},
            {"cell": "D8", "formula": "SUM(B2:B7)*2"},
            {"cell": "C2", "value": None},
        ],
    )
    assert out.ok, out.observation
    assert "Set 4 cell(s) on sheet 'Headcount'" in out.observation
    text = extract(env.computer.root / "Finance/expenses.xlsx").text
    headcount = text.split("## Sheet: Headcount", 1)[1]
    assert "| 2 | Engineering | 25 |  |" in headcount
    assert "Interns" in headcount and "=SUM(B2:B7)*2" in headcount
    assert event(out).change == "modified"


async def test_edit_cells_save_as_keeps_the_original(env, call) -> None:
    root = env.computer.root
    before = (root / "Finance/expenses.xlsx").read_bytes()
    out = await call(
        "edit_cells",
        path="Finance/expenses.xlsx",
        edits=[{"cell": "B2", "value": "Figma"}],
        save_as="Finance/expenses_v2.xlsx",
    )
    assert out.ok, out.observation
    assert (root / "Finance/expenses.xlsx").read_bytes() == before
    assert "| 2 | 2024-01-02 | Figma |" in extract(root / "Finance/expenses_v2.xlsx").text
    ev = event(out)
    assert ev.path == "Finance/expenses_v2.xlsx" and ev.change == "created"


async def test_edit_cells_reports_what_is_wrong(call) -> None:
    no_sheet = await call(
        "edit_cells",
        path="Finance/expenses.xlsx",
        sheet="Budget",
        edits=[{"cell": "A1", "value": 1}],
    )
    assert not no_sheet.ok and no_sheet.error_kind == "format_error"
    assert "'Expenses', 'Summary', 'Headcount'" in no_sheet.observation

    formula = await call(
        "edit_cells", path="Finance/expenses.xlsx", edits=[{"cell": "A1", "formula": "=SUM(A2:A3"}]
    )
    assert not formula.ok and "without its ')'" in formula.observation

    neither = await call("edit_cells", path="Finance/expenses.xlsx", edits=[{"cell": "A1"}])
    assert not neither.ok and neither.error_kind == "bad_arguments"
    assert "give `value`" in neither.observation

    bad_ref = await call(
        "edit_cells", path="Finance/expenses.xlsx", edits=[{"cell": "7B", "value": 1}]
    )
    assert not bad_ref.ok and bad_ref.error_kind == "bad_arguments"
