"""Every kind: render a spec to a real file, read it back, find the spec's content."""

from __future__ import annotations

import datetime as dt
import email
import json
from email import policy
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
from PIL import Image
from pypdf import PdfReader

from engine.computer.formats import Extract, extract, kind_of, kinds, render, spec_type
from engine.computer.formats import eml as eml_format
from engine.computer.formats.samples import sample
from engine.errors import FormatError
from engine.schema.specs import (
    Bullets,
    ChartSpec,
    Column,
    CurrencyCell,
    DateCell,
    DeckSpec,
    DocSpec,
    EmlSpec,
    FormulaCell,
    Heading,
    ImageSpec,
    PageBreak,
    Paragraph,
    PdfSpec,
    RectShape,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    Table,
    TableData,
    TextCell,
    TextRun,
    TextShape,
    TextSpec,
)

WHEN = dt.datetime(2023, 11, 7, 14, 30, tzinfo=dt.UTC)
TEXT_KINDS = ["txt", "md", "csv", "tsv", "json", "jsonl", "yaml", "toml", "py"]
ALL_KINDS = ["docx", "xlsx", "pptx", "pdf", "png", "eml", *TEXT_KINDS]


def doc_spec(cls=DocSpec, **extra) -> DocSpec:
    return cls(
        title="Falcon Kickoff Memo",
        author="Dana Whitfield",
        subject="Project Falcon",
        created=WHEN,
        modified=WHEN + dt.timedelta(days=2),
        blocks=[
            Heading(level=1, text="Project Falcon kickoff"),
            Paragraph(text="Northwind signed the pilot on 3 November."),
            Paragraph(
                runs=[
                    TextRun(text="Decision: ", bold=True),
                    TextRun(text="go ahead with phase one."),
                ]
            ),
            Heading(level=2, text="Open questions"),
            Bullets(items=["Who owns the data feed?", "When is the audit?"]),
            Bullets(items=["Draft the plan", "Book the workshop"], numbered=True),
            Paragraph(text="Between the lists."),
            Bullets(items=["Second list first", "Second list second"], numbered=True),
            Table(
                header=["Client", "ARR"],
                rows=[["Northwind Traders", "120,000"], ["Contoso", "95,500"]],
            ),
            PageBreak(),
            Heading(level=2, text="Appendix Zoë"),
            Paragraph(text="Signed, Zoë Łukasiewicz — “final”."),
        ],
        **extra,
    )


# ---------------------------------------------------------------------------
# The dispatch surface
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.docx", "docx"),
        ("A.XLSX", "xlsx"),
        ("deck.pptx", "pptx"),
        ("r.pdf", "pdf"),
        ("c.png", "png"),
        ("n.txt", "txt"),
        ("n.md", "md"),
        ("d.csv", "csv"),
        ("c.json", "json"),
        ("l.jsonl", "jsonl"),
        ("p.toml", "toml"),
        ("c.yaml", "yaml"),
        ("c.yml", "yaml"),
        ("s.py", "py"),
        ("m.eml", "eml"),
        ("x.ts", "ts"),
        ("Makefile", "txt"),
        ("photo.heic", "binary"),
        ("noext", "binary"),
        ("old.doc", "binary"),
    ],
)
def test_kind_of_goes_by_extension(name: str, kind: str) -> None:
    assert kind_of(Path(name)) == kind


def test_every_writable_kind_has_a_spec_type() -> None:
    assert {"docx", "xlsx", "pptx", "pdf", "png", "eml", "txt", "json", "py"} <= set(kinds())
    assert spec_type("docx") is DocSpec
    assert spec_type("pdf") is PdfSpec
    assert spec_type("md") is TextSpec


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_same_spec_gives_same_bytes(kind: str) -> None:
    spec = sample(kind)
    assert render(kind, spec) == render(kind, spec)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx", "pdf"])
def test_dates_come_from_the_spec(kind: str) -> None:
    spec = sample(kind)
    # fpdf2 records only a creation date; the Office kinds record both.
    field = "created" if kind == "pdf" else "modified"
    later = spec.model_copy(update={field: getattr(spec, field) + dt.timedelta(days=30)})
    assert render(kind, spec) != render(kind, later)


def test_render_accepts_json_like_dicts() -> None:
    data = render("docx", {"title": "T", "blocks": [{"type": "heading", "text": "From a dict"}]})
    assert data[:2] == b"PK"


@pytest.mark.parametrize(
    ("kind", "spec", "match"),
    [
        ("docx", {"blocks": [{"type": "banner", "text": "x"}]}, "not valid"),
        ("xlsx", "not a spec", "not valid"),
        ("xlsx", {"sheets": []}, "not valid"),
        ("pptx", {"slides": [{"layout": "chart", "title": "no data"}]}, "needs a `chart`"),
        ("json", {"text": '{"a": 1,'}, "Invalid JSON at line 1"),
        ("jsonl", {"text": '{"a": 1}\n{oops}\n'}, "line 2"),
        ("yaml", {"text": "a: [1, 2\nb: 3\n"}, "Invalid YAML"),
        ("toml", {"text": "a = \n"}, "Invalid TOML"),
        ("csv", {"text": 'a,b\n"x"y,z\n'}, "Invalid CSV"),
        ("heic", {"text": "x"}, "no writer"),
    ],
)
def test_bad_specs_raise_format_error(kind: str, spec, match: str) -> None:
    with pytest.raises(FormatError, match=match):
        render(kind, spec)


def test_missing_file_and_folder_are_errors(tmp_path: Path) -> None:
    r = extract(tmp_path / "nope.docx")
    assert isinstance(r, Extract) and r.error and "does not exist" in r.error
    (tmp_path / "dir.docx").mkdir()
    assert "folder" in (extract(tmp_path / "dir.docx").error or "")


# ---------------------------------------------------------------------------
# docx
# ---------------------------------------------------------------------------


def test_docx_round_trip(write) -> None:
    path = write("docx", doc_spec())
    r = extract(path)
    assert r.error is None and not r.truncated
    t = r.text
    assert "# Project Falcon kickoff" in t
    assert "## Open questions" in t
    assert "- Who owns the data feed?" in t
    assert "1. Draft the plan\n2. Book the workshop" in t
    assert "1. Second list first\n2. Second list second" in t
    assert "| Client | ARR |" in t and "| Northwind Traders | 120,000 |" in t
    assert "Decision: go ahead with phase one." in t
    assert "Signed, Zoë Łukasiewicz — “final”." in t
    assert "Author: Dana Whitfield" in t
    # Document order is kept.
    assert (
        t.index("Open questions")
        < t.index("Draft the plan")
        < t.index("Northwind Traders")
        < t.index("Appendix")
    )

    d = docx.Document(str(path))
    cp = d.core_properties
    assert (cp.author, cp.title, cp.subject) == (
        "Dana Whitfield",
        "Falcon Kickoff Memo",
        "Project Falcon",
    )
    assert cp.created.replace(tzinfo=dt.UTC) == WHEN
    assert cp.modified.replace(tzinfo=dt.UTC) == WHEN + dt.timedelta(days=2)
    styles = [p.style.name for p in d.paragraphs if p.text]
    assert "Heading 1" in styles and "List Bullet" in styles and "List Number" in styles
    assert d.paragraphs[2].runs[0].bold is True
    assert len(d.tables) == 1 and d.tables[0].cell(1, 0).text == "Northwind Traders"
    body = d.element.body.xml
    assert 'w:type="page"' in body


def test_docx_second_numbered_list_restarts(write) -> None:
    d = docx.Document(str(write("docx", doc_spec())))
    num_ids = [
        p._p.pPr.numPr.numId.val
        for p in d.paragraphs
        if p.style.name == "List Number" and p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    # The first list uses the style's numbering; the second carries its own restarted one.
    assert len(set(num_ids)) == 1 and len(num_ids) == 2


def test_docx_stops_at_max_chars(write) -> None:
    path = write("docx", sample("docx"))
    r = extract(path, max_chars=500)
    assert r.truncated and r.note and "500" in r.note
    assert len(r.text) <= 500


# ---------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------


def sheet_spec() -> SheetSpec:
    return SheetSpec(
        title="Budget",
        author="Dana Whitfield",
        created=WHEN,
        currency="EUR",
        sheets=[
            Sheet(
                name="Q1 Budget",
                columns=[
                    Column(header="Item", width=24),
                    Column(header="Cost", format="currency", total="sum"),
                    Column(header="Share", format="percent", total="average"),
                    Column(header="Due", format="date"),
                    Column(header="Units", format="int", total="max"),
                ],
                rows=[
                    [
                        "Cloud hosting",
                        CurrencyCell(value=1200.5),
                        0.25,
                        DateCell(value=dt.date(2024, 1, 31)),
                        3,
                    ],
                    ["Contractors", 4800, 0.5, dt.date(2024, 2, 29), 12],
                    [
                        TextCell(value="=not a formula"),
                        "=B2*2",
                        0.25,
                        dt.datetime(2024, 3, 1, 9, 30),
                        True,
                    ],
                ],
                totals_row=True,
            ),
            Sheet(
                name="Notes",
                columns=[Column(header="Note")],
                rows=[["See 'Q1 Budget'"]],
                freeze_header=False,
            ),
        ],
    )


def test_xlsx_round_trip(write) -> None:
    path = write("xlsx", sheet_spec())
    r = extract(path)
    assert r.error is None
    t = r.text
    assert "## Sheet: Q1 Budget" in t and "## Sheet: Notes" in t
    assert "|  | A | B | C | D | E |" in t
    assert "| 1 | Item | Cost | Share | Due | Units |" in t
    assert "| 2 | Cloud hosting | 1200.5 | 0.25 | 2024-01-31 | 3 |" in t
    assert "| 4 | =not a formula | =B2*2 | 0.25 | 2024-03-01 09:30:00 | TRUE |" in t
    assert "| 5 | Total | =SUM(B2:B4) | =AVERAGE(C2:C4) |  | =MAX(E2:E4) |" in t
    assert r.note and "no computed values" in r.note

    wb = openpyxl.load_workbook(str(path))
    ws = wb["Q1 Budget"]
    assert ws.freeze_panes == "A2"
    assert wb["Notes"].freeze_panes is None
    assert ws.column_dimensions["A"].width == 24
    assert ws["A1"].font.b
    assert ws["B2"].number_format.startswith('"€"')
    assert ws["C2"].number_format == "0.0%"
    assert ws["D2"].is_date and ws["D2"].value == dt.datetime(2024, 1, 31)
    assert ws["E2"].number_format == "#,##0"
    assert ws["A4"].data_type == "s" and ws["A4"].value == "=not a formula"
    assert ws["B4"].data_type == "f"
    assert ws["E4"].value is True
    assert wb.properties.creator == "Dana Whitfield"
    assert wb.properties.created == WHEN.replace(tzinfo=None)
    wb.close()


def test_xlsx_huge_sheet_is_capped(write) -> None:
    from engine.computer.formats import xlsx

    rows = [[f"row {i}", i] for i in range(xlsx.MAX_ROWS_PER_SHEET + 500)]
    spec = SheetSpec(
        sheets=[Sheet(name="Big", columns=[Column(header="Name"), Column(header="N")], rows=rows)]
    )
    r = extract(write("xlsx", spec))
    assert r.error is None and r.truncated
    assert r.note and "Big" in r.note and f"rows 1-{xlsx.MAX_ROWS_PER_SHEET}" in r.note
    assert f"| {xlsx.MAX_ROWS_PER_SHEET} | row " in r.text
    assert f"| {xlsx.MAX_ROWS_PER_SHEET + 1} |" not in r.text


def test_xlsx_sample_has_three_sheets_of_formulas(write) -> None:
    r = extract(write("xlsx", sample("xlsx")))
    assert r.text.count("## Sheet:") == 3
    assert "=SUMIF(Expenses!C2:C61,A2,Expenses!D2:D61)" in r.text


# ---------------------------------------------------------------------------
# pptx
# ---------------------------------------------------------------------------


def deck_spec() -> DeckSpec:
    return DeckSpec(
        title="Falcon QBR",
        author="Dana Whitfield",
        created=WHEN,
        slides=[
            Slide(
                layout="title", title="Falcon QBR", subtitle="November 2023", notes="Open warmly."
            ),
            Slide(
                title="Highlights",
                bullets=["Pilot signed", "Churn down 4%"],
                notes="Pause for questions.",
            ),
            Slide(
                layout="table",
                title="Accounts",
                table=TableData(
                    header=["Client", "ARR"], rows=[["Northwind", "120k"], ["Contoso", "95k"]]
                ),
            ),
            Slide(
                layout="chart",
                title="Revenue",
                chart=ChartSpec(
                    type="bar",
                    title="Revenue by quarter",
                    categories=["Q1", "Q2", "Q3"],
                    series=[
                        Series(name="2023", values=[10, 12.5, 14]),
                        Series(name="2022", values=[8, 9, 11]),
                    ],
                ),
            ),
            Slide(
                title="Mix",
                bullets=["Mostly enterprise"],
                chart=ChartSpec(
                    type="pie",
                    categories=["Ent", "SMB"],
                    series=[Series(name="Share", values=[70, 30])],
                ),
            ),
            Slide(layout="section", title="Next quarter", subtitle="Plans"),
        ],
    )


def test_pptx_round_trip(write) -> None:
    path = write("pptx", deck_spec())
    r = extract(path)
    assert r.error is None
    t = r.text
    assert "## Slide 1: Falcon QBR" in t and "November 2023" in t
    assert (
        "## Slide 2: Highlights\n- Pilot signed\n- Churn down 4%\nNotes: Pause for questions." in t
    )
    assert "Notes: Open warmly." in t
    assert "| Client | ARR |" in t and "| Northwind | 120k |" in t
    assert "Chart (column_clustered): Revenue by quarter" in t
    assert "Categories: Q1, Q2, Q3" in t and "Series 2023: 10, 12.5, 14" in t
    assert "Chart (pie)" in t and "Series Share: 70, 30" in t
    assert "## Slide 6: Next quarter" in t

    prs = pptx.Presentation(str(path))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    assert prs.core_properties.author == "Dana Whitfield"
    charts = [s for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert len(charts) == 2  # real chart objects, not pictures
    assert list(charts[0].chart.plots[0].categories) == ["Q1", "Q2", "Q3"]
    assert prs.slides[0].notes_slide.notes_text_frame.text == "Open warmly."


# ---------------------------------------------------------------------------
# pdf
# ---------------------------------------------------------------------------


def test_pdf_round_trip(write) -> None:
    path = write("pdf", doc_spec(PdfSpec, page_size="Letter"))
    r = extract(path)
    assert r.error is None
    t = r.text
    assert "## Page 1" in t and "## Page 2" in t and "## Page 3" not in t
    page1, page2 = t.split("## Page 2")
    assert "Project Falcon kickoff" in page1 and "Northwind Traders" in page1 and "120,000" in page1
    assert "Who owns the data feed?" in page1 and "Decision: go ahead with phase one." in page1
    assert "Appendix" in page2
    assert "Author: Dana Whitfield" in t

    reader = PdfReader(str(path))
    assert reader.metadata.author == "Dana Whitfield"
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "Project Falcon kickoff"


def test_pdf_unicode_text_survives_with_a_ttf(write) -> None:
    from engine.computer.formats._fonts import unicode_ttf

    if unicode_ttf() is None:
        pytest.skip("no DejaVu Sans here: PDFs use the core-font fallback")
    r = extract(write("pdf", doc_spec(PdfSpec)))
    assert "Zoë Łukasiewicz" in r.text


def test_pdf_core_font_fallback_never_crashes_on_any_text(write, core_fonts) -> None:
    spec = PdfSpec(
        title="Zoë 東京",
        author="Łukasz",
        blocks=[
            Heading(text="Łódź — “quotes” € 東京 🙂"),
            Paragraph(text="Zoë Łukasiewicz paid €1,200 → done ✓"),
            Bullets(items=["naïve café", "Ωmega"]),
            Table(header=["Ключ", "Value"], rows=[["ß", "√2"]]),
        ],
    )
    r = extract(write("pdf", spec))
    assert r.error is None
    assert "Zoë Lukasiewicz paid €1,200 -> done v" in r.text
    assert "naïve café" in r.text
    assert "Lódz — “quotes” €" in r.text  # ó is in Windows-1252; Ł and ź fall back to L and z


def test_pdf_many_pages_stop_at_max_chars(write) -> None:
    r = extract(write("pdf", sample("pdf")), max_chars=300)
    assert r.truncated and len(r.text) <= 300 and r.note


# ---------------------------------------------------------------------------
# png
# ---------------------------------------------------------------------------


def test_png_chart_round_trip(write) -> None:
    spec = ImageSpec(
        width=640,
        height=400,
        title="Revenue by quarter",
        description="Revenue in EUR thousands, Zoë's export",
        chart=ChartSpec(
            type="line", categories=["Q1", "Q2"], series=[Series(name="2023", values=[3, 4])]
        ),
    )
    path = write("png", spec)
    r = extract(path)
    assert r.error is None
    assert "PNG image, 640×400 pixels" in r.text
    assert "Title: Revenue by quarter" in r.text
    assert "Description: Revenue in EUR thousands, Zoë's export" in r.text
    assert "Series 2023: 3, 4" in r.text
    assert "Dominant colours: #" in r.text
    with Image.open(path) as im:
        assert im.size == (640, 400)
        assert len(im.convert("RGB").getcolors(640 * 400)) > 3  # something was drawn


@pytest.mark.parametrize("chart_type", ["bar", "line", "pie"])
def test_png_every_chart_type_draws(write, chart_type: str) -> None:
    chart = ChartSpec(
        type=chart_type,
        title="T",
        categories=["a", "b", "c"],
        series=[Series(name="s", values=[1, 5, 2])],
    )
    path = write("png", ImageSpec(width=120, height=80, chart=chart))
    assert extract(path).error is None


def test_png_simple_drawing(write) -> None:
    spec = ImageSpec(
        width=200,
        height=100,
        background="#102030",
        shapes=[
            RectShape(x=0, y=0, width=50, height=50, fill="#ff0000"),
            TextShape(x=60, y=10, text="Acme Corp"),
        ],
    )
    r = extract(write("png", spec))
    assert "#" in r.text and "Labels: Acme Corp" in r.text
    assert r.text.split("Dominant colours: ")[1].startswith("#1")  # the background dominates


# ---------------------------------------------------------------------------
# eml
# ---------------------------------------------------------------------------


def test_eml_round_trip_with_attachment_contents(tmp_path: Path) -> None:
    spec = EmlSpec.model_validate(
        {
            "from": "Dana Whitfield <dana@northwind.example>",
            "to": ["Marco <marco@northwind.example>", "ops@northwind.example"],
            "cc": ["priya@northwind.example"],
            "date": WHEN,
            "subject": "Budget — Zoë’s numbers",
            "body": "Hi Marco,\n\nNumbers attached.\n",
            "attachments": ["budget.xlsx", "notes.txt"],
            "in_reply_to": "<abc@northwind.example>",
        }
    )
    path = tmp_path / "m.eml"
    path.write_bytes(eml_format.render(spec, {"notes.txt": b"remember the VAT"}))
    r = extract(path)
    assert r.error is None
    assert "From: Dana Whitfield <dana@northwind.example>" in r.text
    assert "To: Marco <marco@northwind.example>, ops@northwind.example" in r.text
    assert "Subject: Budget — Zoë’s numbers" in r.text
    assert "Date: Tue, 07 Nov 2023 14:30:00 +0000" in r.text
    assert "Hi Marco,\n\nNumbers attached." in r.text
    assert "- notes.txt (text/plain, 16 bytes)" in r.text and "budget.xlsx" in r.text

    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["In-Reply-To"] == "<abc@northwind.example>"
    atts = {p.get_filename(): p.get_payload(decode=True) for p in msg.iter_attachments()}
    assert atts["notes.txt"] == b"remember the VAT"
    assert b"\r\n" in path.read_bytes()


def test_eml_html_body_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "h.eml"
    path.write_text(
        "From: a@b.c\nTo: d@e.f\nSubject: Hi\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><style>p{}</style><p>Hello &amp; welcome</p><p>Line two</p></html>\n"
    )
    r = extract(path)
    assert "Hello & welcome\nLine two" in r.text and "<p>" not in r.text


# ---------------------------------------------------------------------------
# text kinds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_text_kinds_round_trip(write, kind: str) -> None:
    spec = sample(kind)
    r = extract(write(kind, spec))
    assert r.error is None and r.kind == kind
    if kind in ("csv", "tsv"):
        assert "data rows × 3 columns" in r.text and "| date | vendor | amount |" in r.text
    else:
        assert r.text == spec.text


def test_text_structure_errors_are_reported_with_the_text(tmp_path: Path) -> None:
    cases = {
        "bad.json": ('{"a": 1,\n "b": }\n', "Invalid JSON at line 2"),
        "bad.jsonl": ('{"a": 1}\nnot json\n', "line 2"),
        "bad.yaml": ("a: b: c\n", "Invalid YAML at line 1"),
        "bad.toml": ("[x\n", "Invalid TOML"),
        "bad.csv": ('a,b\n"open,c\n', "Invalid CSV"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_text(content)
        r = extract(tmp_path / name)
        assert r.error and message in r.error, (name, r.error)
        assert r.text == content  # the text is still shown


def test_text_encodings(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes("Café – naïve".encode("cp1252"))
    r = extract(tmp_path / "w.txt")
    assert r.text == "Café – naïve" and r.note and "Windows-1252" in r.note
    (tmp_path / "u16.txt").write_bytes("Zoë".encode("utf-16"))
    assert extract(tmp_path / "u16.txt").text == "Zoë"
    (tmp_path / "bom.md").write_bytes("\ufeff# Title".encode())
    assert extract(tmp_path / "bom.md").text == "# Title"


def test_big_csv_is_shown_as_text_not_a_table(tmp_path: Path) -> None:
    lines = ["a,b"] + [f"{i},{i * 2}" for i in range(500)]
    (tmp_path / "big.csv").write_text("\n".join(lines) + "\n")
    r = extract(tmp_path / "big.csv")
    assert r.error is None and r.text.startswith("a,b\n0,0")


def test_unknown_extension_is_read_by_content(write, tmp_path: Path) -> None:
    pdf = write("pdf", doc_spec(PdfSpec), name="scan.dat")
    r = extract(pdf)
    assert r.error is None and r.kind == "pdf" and "Project Falcon kickoff" in r.text
    assert r.note and "by its content" in r.note
    (tmp_path / "notes.weird").write_text("just some notes\n")
    assert extract(tmp_path / "notes.weird").text == "just some notes\n"
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    r = extract(tmp_path / "blob.bin")
    assert r.kind == "binary" and r.error and "cannot read" in r.error


def test_json_sample_is_json(write) -> None:
    assert json.loads(write("json", sample("json")).read_text())["budget"] == 125000


def test_formula_cells_keep_their_text(write) -> None:
    spec = SheetSpec(
        sheets=[Sheet(name="S", columns=[Column(header="A")], rows=[[FormulaCell(formula="=1+1")]])]
    )
    assert "=1+1" in extract(write("xlsx", spec)).text


def _package_dates(data: bytes) -> tuple[set[tuple], set[bytes]]:
    """Member timestamps and core-property dates of an OOXML package and any package inside it."""
    import io
    import re
    import zipfile

    stamps: set[tuple] = set()
    core: set[bytes] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            stamps.add(info.date_time)
            body = z.read(info.filename)
            if info.filename.endswith("core.xml"):
                core.update(re.findall(rb"<dcterms:(?:created|modified)[^>]*>([^<]*)<", body))
            if info.filename.endswith(".xlsx"):
                inner_stamps, inner_core = _package_dates(body)
                stamps |= inner_stamps
                core |= inner_core
    return stamps, core


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_no_wall_clock_time_in_office_files(kind: str) -> None:
    """Same bytes at any hour: every timestamp inside the package comes from the spec."""
    spec = sample(kind)
    stamps, core = _package_dates(render(kind, spec))
    m = spec.modified_utc()
    assert stamps == {(m.year, m.month, m.day, m.hour, m.minute, m.second)}
    assert core <= {b"2024-03-04T09:30:00Z", b"2024-03-11T16:05:00Z"}, core
    if kind == "pptx":
        assert len(core) == 2  # the deck's own dates; embedded chart workbooks agree


def test_no_wall_clock_time_in_pdf_png_eml(write) -> None:
    reader = PdfReader(str(write("pdf", sample("pdf"))))
    assert reader.metadata.creation_date.replace(tzinfo=dt.UTC) == sample("pdf").created_utc()
    with Image.open(write("png", sample("png"))) as im:
        assert im.text["Creation Time"] == "Mon, 04 Mar 2024 09:30:00 +0000"
    msg = email.message_from_bytes(render("eml", sample("eml")), policy=policy.default)
    assert msg["Date"] == "Mon, 11 Mar 2024 16:05:00 +0000"


def test_render_passes_attachments_to_eml(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(
        render("eml", sample("eml"), attachments={"expenses-2024.xlsx": b"PK\x03\x04data"})
    )
    assert (
        "- expenses-2024.xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, 8 bytes)"
        in (extract(path).text)
    )
    with pytest.raises(FormatError, match="Could not write"):
        render("docx", sample("docx"), attachments={})


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert extract(fifo).error == "This is not a regular file."


def test_a_doc_spec_can_be_written_as_pdf(write) -> None:
    r = extract(write("pdf", doc_spec()))
    assert r.error is None and "Project Falcon kickoff" in r.text
    with pytest.raises(FormatError, match="not valid"):
        render("pdf", sample("xlsx"))
