"""PowerPoint decks (.pptx) with python-pptx: written from a `DeckSpec`, read back slide by slide.

Charts are real charts (chart XML with an embedded data workbook, editable in
PowerPoint and LibreOffice), not pictures, so a reader finds their numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pptx as _pptx
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu, Pt

from engine.computer.formats import Extract
from engine.computer.formats._common import (
    TextBudget,
    check_package,
    failed,
    fmt_scalar,
    md_table,
    stable_zip,
    truncation_note,
)
from engine.schema.specs import ChartSpec, DeckSpec, Slide, TableData

SPEC = DeckSpec
KIND = "pptx"

# Layout indices of python-pptx's default template.
_TITLE, _CONTENT, _SECTION, _TITLE_ONLY = 0, 1, 2, 5
_WIDE = Emu(12192000)  # 13.333 in: 16:9 at the template's 7.5 in height
_MARGIN = Emu(457200)  # 0.5 in
_CHART_TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}
MAX_SLIDES_READ = 1000


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _widen(prs: _pptx.presentation.Presentation) -> None:
    """Make the stock 4:3 template 16:9, stretching master and layout shapes to match."""
    sx = _WIDE / prs.slide_width
    prs.slide_width = _WIDE
    shapes = list(prs.slide_master.shapes)
    for layout in prs.slide_layouts:
        shapes.extend(layout.shapes)
    for shape in shapes:
        if getattr(shape._element, "xfrm", None) is None:
            continue  # inherits its position from the master, which is stretched already
        shape.left = Emu(round(shape.left * sx))
        shape.width = Emu(round(shape.width * sx))


def _fill_bullets(text_frame, items: Iterable[str]) -> None:
    items = list(items)
    text_frame.text = items[0] if items else ""
    for item in items[1:]:
        text_frame.add_paragraph().text = item


def _add_table(slide, data: TableData, left: int, top: int, width: int, height: int) -> None:
    nrows = 1 + len(data.rows)
    ncols = len(data.header)
    row_h = min(Emu(457200), Emu(height // max(nrows, 1)))
    frame = slide.shapes.add_table(nrows, ncols, left, top, width, Emu(row_h * nrows))
    table = frame.table
    size = Pt(14) if nrows <= 8 else Pt(11) if nrows <= 14 else Pt(9)
    for r, row in enumerate([data.header, *data.rows]):
        for c in range(ncols):
            cell = table.cell(r, c)
            cell.text = row[c] if c < len(row) else ""
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = size


def _add_chart(slide, chart: ChartSpec, left: int, top: int, width: int, height: int) -> None:
    data = CategoryChartData()
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values)
    frame = slide.shapes.add_chart(_CHART_TYPES[chart.type], left, top, width, height, data)
    c = frame.chart
    if chart.title:
        c.has_title = True
        c.chart_title.text_frame.text = chart.title
    else:
        c.has_title = False
    if chart.type == "pie" or len(chart.series) > 1:
        c.has_legend = True
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
    if chart.type == "pie":
        plot = c.plots[0]
        plot.has_data_labels = True
        plot.data_labels.show_percentage = True
        plot.data_labels.number_format = "0%"
        plot.data_labels.number_format_is_linked = False


def _content_area(prs) -> tuple[int, int, int, int]:
    top = Emu(1600200)
    return _MARGIN, top, prs.slide_width - 2 * _MARGIN, prs.slide_height - top - Emu(685800)


def _add_slide(prs, spec: Slide) -> None:
    layouts = prs.slide_layouts
    if spec.layout == "title":
        slide = prs.slides.add_slide(layouts[_TITLE])
        slide.shapes.title.text = spec.title
        sub = spec.subtitle
        if spec.bullets:
            sub = "\n".join([s for s in [sub, *spec.bullets] if s])
        slide.placeholders[1].text = sub
    elif spec.layout == "section":
        slide = prs.slides.add_slide(layouts[_SECTION])
        slide.shapes.title.text = spec.title
        slide.placeholders[1].text = spec.subtitle
    else:
        objects = [o for o in (spec.table, spec.chart) if o is not None]
        has_body = bool(spec.bullets)
        slide = prs.slides.add_slide(layouts[_CONTENT if has_body else _TITLE_ONLY])
        slide.shapes.title.text = spec.title
        left, top, width, height = _content_area(prs)
        if has_body:
            body = slide.placeholders[1]
            _fill_bullets(body.text_frame, spec.bullets)
            if objects:
                # Bullets on the left ~40%, the table or chart(s) on the right.
                body.left, body.top = left, top
                body.width, body.height = Emu(int(width * 0.4)), height
                gap = Emu(228600)
                left = Emu(left + int(width * 0.4) + gap)
                width = Emu(int(width * 0.6) - gap)
        if objects:
            each = Emu((height - (len(objects) - 1) * Emu(152400)) // len(objects))
            y = top
            for obj in objects:
                if isinstance(obj, TableData):
                    _add_table(slide, obj, left, y, width, each)
                else:
                    _add_chart(slide, obj, left, y, width, each)
                y = Emu(y + each + Emu(152400))
    if spec.notes:
        slide.notes_slide.notes_text_frame.text = spec.notes


def render(spec: DeckSpec) -> bytes:
    prs = _pptx.Presentation()
    if spec.widescreen:
        _widen(prs)
    for slide in spec.slides:
        _add_slide(prs, slide)
    cp = prs.core_properties
    cp.title = spec.title
    cp.author = spec.author
    cp.last_modified_by = spec.author
    cp.subject = spec.subject
    cp.revision = 1
    cp.created = spec.created_utc().replace(tzinfo=None)
    cp.modified = spec.modified_utc().replace(tzinfo=None)
    cp.last_printed = spec.created_utc().replace(tzinfo=None)
    buf = io.BytesIO()
    prs.save(buf)
    return stable_zip(buf.getvalue(), spec.created_utc(), spec.modified_utc())


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.VERTICAL_BODY}
_SKIP_TYPES = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


def _placeholder_type(shape):
    if not shape.is_placeholder:
        return None
    try:
        return shape.placeholder_format.type
    except (ValueError, AttributeError):
        return None


def _chart_lines(chart) -> list[str]:
    try:
        kind = str(chart.chart_type).split(".")[-1].split(" ")[0].lower()
    except Exception:  # an unknown chart type
        kind = "chart"
    title = ""
    if chart.has_title and chart.chart_title.has_text_frame:
        title = chart.chart_title.text_frame.text
    lines = [f"Chart ({kind}){': ' + title if title else ''}"]
    try:
        plot = chart.plots[0]
        cats = [fmt_scalar(c) for c in plot.categories]
        lines.append("Categories: " + ", ".join(cats))
    except (IndexError, AttributeError, KeyError):
        pass
    for plot in chart.plots:
        for s in plot.series:
            values = ", ".join(fmt_scalar(v) for v in s.values)
            lines.append(f"Series {s.name}: {values}")
    return lines


def _shape_lines(shape, ptype) -> list[str]:
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        lines: list[str] = []
        for sub in _ordered(shape.shapes):
            lines.extend(_shape_lines(sub, _placeholder_type(sub)))
        return lines
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        return md_table(rows[0], rows[1:]) if rows else []
    if getattr(shape, "has_chart", False) and shape.has_chart:
        return _chart_lines(shape.chart)
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        return [f"[Picture: {shape.name}]"]
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        bulleted = ptype in _BODY_TYPES
        lines = []
        for p in shape.text_frame.paragraphs:
            text = "".join(r.text for r in p.runs).strip() or p.text.strip()
            if not text:
                continue
            if bulleted:
                lines.append("  " * p.level + "- " + text)
            else:
                lines.append(text)
        return lines
    return []


def _ordered(shapes) -> list:
    def key(s):
        return (s.top if s.top is not None else 0, s.left if s.left is not None else 0)

    return sorted(shapes, key=key)


def extract(path: Path, max_chars: int) -> Extract:
    problem = check_package(path, KIND)
    if problem:
        return failed(path, KIND, problem)
    try:
        prs = _pptx.Presentation(str(path))
    except Exception as exc:  # python-pptx raises many kinds on a damaged package
        return failed(path, KIND, f"This deck could not be opened: {type(exc).__name__}: {exc}")

    out = TextBudget(max_chars)
    cp = prs.core_properties
    meta = []
    if cp.title:
        meta.append(f"Title: {cp.title}")
    if cp.author:
        meta.append(f"Author: {cp.author}")
    if meta:
        out.add(" · ".join(meta))
        out.add("")
    slides = prs.slides
    count = 0
    for n, slide in enumerate(slides, start=1):
        if out.full or n > MAX_SLIDES_READ:
            break
        count = n
        title_shape = slide.shapes.title
        title = (
            title_shape.text.strip()
            if title_shape is not None and title_shape.has_text_frame
            else ""
        )
        out.add(f"## Slide {n}: {title}" if title else f"## Slide {n}")
        for shape in _ordered(slide.shapes):
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            ptype = _placeholder_type(shape)
            if ptype in _SKIP_TYPES:
                continue
            out.extend(_shape_lines(shape, ptype))
        if slide.has_notes_slide:
            notes_tf = slide.notes_slide.notes_text_frame
            notes = notes_tf.text.strip() if notes_tf is not None else ""
            if notes:
                out.add(f"Notes: {notes}")
        out.add("")

    text = out.text().rstrip()
    total = len(slides)
    if out.full or count < total:
        note = truncation_note(max_chars) if out.full else ""
        note = (note + f" Read {count} of {total} slides.").strip()
        return Extract(path=str(path), kind=KIND, text=text, truncated=True, note=note)
    if total == 0:
        return Extract(path=str(path), kind=KIND, text=text, note="The deck has no slides.")
    return Extract(path=str(path), kind=KIND, text=text)
