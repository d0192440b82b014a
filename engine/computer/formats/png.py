"""PNG images with Pillow: charts drawn from data (no matplotlib) and simple drawings.

The image's title, description and, for a chart, its data are written into the
PNG's text chunks (tEXt, or iTXt for non-Latin text), so reading an image gives
a search index and a model words to find, not just pixels.
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from engine.computer.formats import Extract
from engine.computer.formats._common import describe, failed, fmt_scalar, sniff_file
from engine.computer.formats._fonts import unicode_ttf
from engine.schema.specs import (
    ChartSpec,
    EllipseShape,
    ImageSpec,
    LineShape,
    RectShape,
    TextShape,
    as_utc,
)

SPEC = ImageSpec
KIND = "png"
MAX_PIXELS = 80_000_000  # decode no more than this (a 9000x9000 image); bigger is refused

# Pillow warns between its limit and twice it (and raises above); we refuse by MAX_PIXELS,
# below Pillow's limit, so its warning would only be noise on the terminal.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

PALETTE = ["#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47", "#264478", "#9e480e"]
_AXIS = "#404040"
_GRID = "#d9d9d9"
_TEXT = "#262626"


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    ttf = unicode_ttf()
    if ttf is not None:
        path = ttf.bold if bold and ttf.bold else ttf.regular
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _text_size(draw: ImageDraw.ImageDraw, text: str, font) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return right - left, bottom - top


def _fit(draw, text: str, font, width: int) -> str:
    if _text_size(draw, text, font)[0] <= width:
        return text
    while len(text) > 1 and _text_size(draw, text + "…", font)[0] > width:
        text = text[:-1]
    return text + "…"


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _label(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:g}M"
    if abs(v) >= 10_000:
        return f"{v / 1_000:g}k"
    return f"{v:g}"


def _draw_legend(draw, names: list[str], x: int, y: int, font) -> None:
    for i, name in enumerate(names):
        color = PALETTE[i % len(PALETTE)]
        draw.rectangle([x, y + 3, x + 12, y + 15], fill=color)
        draw.text((x + 18, y), name, fill=_TEXT, font=font)
        x += 18 + _text_size(draw, name, font)[0] + 20


def draw_chart(img: Image.Image, chart: ChartSpec) -> None:
    draw = ImageDraw.Draw(img)
    w, h = img.size
    base = max(10, min(w, h) // 32)
    title_font = _font(int(base * 1.5), bold=True)
    font = _font(base)
    top = 12
    if chart.title:
        tw, th = _text_size(draw, chart.title, title_font)
        draw.text(((w - tw) // 2, top), chart.title, fill=_TEXT, font=title_font)
        top += th + 16
    if chart.type == "pie":
        _draw_pie(draw, chart, (20, top, w - 20, h - 20), font)
        return
    legend_h = 0
    if len(chart.series) > 1:
        legend_h = base + 16
        _draw_legend(draw, [s.name for s in chart.series], 60, h - legend_h, font)

    values = [v for s in chart.series for v in s.values]
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    if hi == lo:
        hi = lo + 1
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    ticks = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
    label_w = max(_text_size(draw, _label(t), font)[0] for t in ticks)
    left = 16 + label_w + 8
    right = w - 20
    bottom = h - legend_h - base * 2 - 16
    plot_top = top + base // 2
    if bottom - plot_top < 20 or right - left < 20:
        return  # too small to draw axes; the title (and text chunks) still say what it is

    def y_of(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - plot_top)

    for t in ticks:
        y = y_of(t)
        draw.line([left, y, right, y], fill=_GRID, width=1)
        lw, lh = _text_size(draw, _label(t), font)
        draw.text((left - 8 - lw, y - lh / 2 - 2), _label(t), fill=_TEXT, font=font)
    draw.line([left, plot_top, left, bottom], fill=_AXIS, width=2)
    zero = y_of(0.0)
    draw.line([left, zero, right, zero], fill=_AXIS, width=2)

    n = len(chart.categories)
    slot = (right - left) / n
    for i, cat in enumerate(chart.categories):
        cx = left + slot * (i + 0.5)
        text = _fit(draw, cat, font, int(slot) - 4)
        tw, _ = _text_size(draw, text, font)
        draw.text((cx - tw / 2, bottom + 8), text, fill=_TEXT, font=font)

    k = len(chart.series)
    if chart.type == "bar":
        group = slot * 0.75
        bar = group / k
        for si, s in enumerate(chart.series):
            color = PALETTE[si % len(PALETTE)]
            for i, v in enumerate(s.values):
                x0 = left + slot * i + (slot - group) / 2 + bar * si
                y0, y1 = sorted((y_of(v), zero))
                draw.rectangle([x0 + 1, y0, x0 + bar - 1, y1], fill=color)
    else:
        for si, s in enumerate(chart.series):
            color = PALETTE[si % len(PALETTE)]
            pts = [(left + slot * (i + 0.5), y_of(v)) for i, v in enumerate(s.values)]
            if len(pts) > 1:
                draw.line(pts, fill=color, width=3, joint="curve")
            for x, y in pts:
                draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=color)


def _draw_pie(draw, chart: ChartSpec, box: tuple[int, int, int, int], font) -> None:
    x0, y0, x1, y1 = box
    values = chart.series[0].values
    total = sum(values)
    legend_w = max(_text_size(draw, f"{c} (100%)", font)[0] for c in chart.categories) + 30
    size = min(x1 - x0 - legend_w - 20, y1 - y0)
    if size < 20:
        return
    px = x0 + max(10, (x1 - x0 - size - 30 - legend_w) // 2)
    py = y0 + (y1 - y0 - size) // 2
    angle = -90.0
    for i, v in enumerate(values):
        if total <= 0 or v <= 0:
            continue
        sweep = 360.0 * v / total
        color = PALETTE[i % len(PALETTE)]
        draw.pieslice(
            [px, py, px + size, py + size], angle, angle + sweep, fill=color, outline="#ffffff"
        )
        angle += sweep
    lx, ly = px + size + 30, py + 10
    line_h = _text_size(draw, "Ag", font)[1] + 10
    for i, (cat, v) in enumerate(zip(chart.categories, values, strict=True)):
        share = f"{100 * v / total:.0f}%" if total > 0 else "0%"
        draw.rectangle([lx, ly + 3, lx + 12, ly + 15], fill=PALETTE[i % len(PALETTE)])
        draw.text((lx + 18, ly), f"{cat} ({share})", fill=_TEXT, font=font)
        ly += line_h


def _chart_summary(chart: ChartSpec) -> str:
    lines = [f"{chart.type} chart" + (f": {chart.title}" if chart.title else "")]
    lines.append("Categories: " + ", ".join(chart.categories))
    for s in chart.series:
        lines.append(f"Series {s.name}: " + ", ".join(fmt_scalar(v) for v in s.values))
    return "\n".join(lines)


def render(spec: ImageSpec) -> bytes:
    img = Image.new("RGB", (spec.width, spec.height), spec.background)
    if spec.chart is not None:
        draw_chart(img, spec.chart)
    draw = ImageDraw.Draw(img)
    for shape in spec.shapes:
        if isinstance(shape, RectShape):
            draw.rectangle(
                [shape.x, shape.y, shape.x + shape.width, shape.y + shape.height],
                fill=shape.fill,
                outline=shape.outline,
            )
        elif isinstance(shape, EllipseShape):
            draw.ellipse(
                [shape.x, shape.y, shape.x + shape.width, shape.y + shape.height],
                fill=shape.fill,
                outline=shape.outline,
            )
        elif isinstance(shape, LineShape):
            draw.line([shape.x1, shape.y1, shape.x2, shape.y2], fill=shape.color, width=shape.width)
        elif isinstance(shape, TextShape):
            draw.text((shape.x, shape.y), shape.text, fill=shape.color, font=_font(shape.size))

    info = PngImagePlugin.PngInfo()
    title = spec.title or (spec.chart.title if spec.chart is not None else "")
    if title:
        info.add_text("Title", title)
    if spec.description:
        info.add_text("Description", spec.description)
    if spec.author:
        info.add_text("Author", spec.author)
    if spec.chart is not None:
        info.add_text("Comment", _chart_summary(spec.chart))
    labels = [s.text for s in spec.shapes if isinstance(s, TextShape)]
    if labels:
        info.add_text("Labels", "\n".join(labels))
    info.add_text("Creation Time", as_utc(spec.created).strftime("%a, %d %b %Y %H:%M:%S +0000"))
    info.add_text("Software", "synthcomp")
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _hex(rgb: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


def dominant_colours(img: Image.Image, k: int = 5) -> list[tuple[str, float]]:
    small = img.convert("RGB")
    small.thumbnail((96, 96))
    # Quantise to 32 levels per channel so anti-aliased edges fold into their colour.
    small = small.point(lambda v: (v // 32) * 32 + 16)
    colors = small.getcolors(small.width * small.height) or []
    total = sum(c for c, _ in colors) or 1
    colors.sort(key=lambda t: (-t[0], t[1]))
    return [(_hex(rgb), c / total) for c, rgb in colors[:k]]


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR, read without decoding anything."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) == 24 and head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    return None


def extract(path: Path, max_chars: int) -> Extract:
    size = _png_size(path)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        w, h = size
        return failed(path, KIND, f"This image is {w}×{h} pixels, too large to decode safely.")
    try:
        img = Image.open(path)
    except Image.DecompressionBombError as exc:
        return failed(path, KIND, f"This image is too large to open safely: {exc}")
    except Image.UnidentifiedImageError:
        sniffed = sniff_file(path)
        if sniffed in ("png", "jpeg", "gif", "webp"):
            return failed(
                path,
                KIND,
                f"This {describe(sniffed)[2:]} is damaged: its header could not be read.",
            )
        return failed(path, KIND, f"This is not an image: its content is {describe(sniffed)}.")
    with img:
        fmt = img.format or "unknown"
        w, h = img.size
        lines = [f"{fmt} image, {w}×{h} pixels, mode {img.mode}."]
        notes = []
        if fmt != "PNG":
            notes.append(f"The file is named .png but holds a {fmt} image.")
        if w * h > MAX_PIXELS:
            return failed(
                path,
                KIND,
                f"This image is {w}×{h} pixels, too large to decode safely.",
                text=lines[0],
            )
        try:
            img.load()
        except (OSError, SyntaxError, ValueError) as exc:
            return failed(
                path,
                KIND,
                f"This image is damaged or incomplete ({exc}); it may have been cut off.",
                text=lines[0],
            )
        text_chunks = dict(getattr(img, "text", {}) or {})
        colours = dominant_colours(img)
    for key in ("Title", "Description", "Author", "Comment", "Labels", "Creation Time"):
        if key in text_chunks:
            lines.append(f"{key}: {text_chunks.pop(key)}")
    for key, value in sorted(text_chunks.items()):
        if key not in ("Software",) and isinstance(value, str) and len(value) < 10_000:
            lines.append(f"{key}: {value}")
    lines.append("Dominant colours: " + ", ".join(f"{c} ({share:.0%})" for c, share in colours))
    text = "\n".join(lines)
    truncated = len(text) > max_chars
    if truncated:
        text = text[:max_chars]
        notes.append("The image's text was cut at the character limit.")
    return Extract(
        path=str(path), kind=KIND, text=text, truncated=truncated, note=" ".join(notes) or None
    )
