"""synth.content.png: an `ImageSpec`, a titled chart, or a labelled diagram for diagrams.

Charts come from the same sources as the decks' (a parent workbook, a metric's recent
months ending on its exact figure, a budget's split). Artefacts that are drawings
(an architecture or network diagram, a floor plan, a seating plan, a layout, a map)
become boxes with labels and connecting lines, named after the project's things.
"""

from __future__ import annotations

import re

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import ImageSpec, LineShape, RectShape, TextShape
from engine.synth.scripted.brief import Brief, brief_from
from engine.synth.scripted.charts import best_chart
from engine.synth.scripted.common import long_date, title_case
from engine.synth.scripted.grids import class_list
from engine.synth.scripted.writing import amount_text

_DRAWING = re.compile(
    r"diagram|floor plan|seating plan|layout|map|drawing|wireframe|mood board|planogram"
)
_COLOURS = ("#4472c4", "#ed7d31", "#a5a5a5", "#70ad47", "#5b9bd5", "#ffc000")


def respond(request: ScriptedRequest) -> ImageSpec:
    return build_image(brief_from(request))


def build_image(b: Brief) -> ImageSpec:
    names = ", ".join(
        f"{e.name} ({amount_text(e)})" if amount_text(e) else e.name for e in b.entities
    )
    description = f"{title_case(b.artefact)} for {b.topic}, {long_date(b.day)}." + (
        f" Shows {names}." if names else ""
    )
    if "seating" in b.artefact.lower():
        return ImageSpec(
            width=1000,
            height=700,
            title=title_case(b.title),
            description=description[:2000],
            author=b.author,
            created=b.created,
            shapes=seating(b),
        )
    if _DRAWING.search(b.artefact.lower()):
        return ImageSpec(
            width=1000,
            height=640,
            title=title_case(b.title),
            description=description[:2000],
            author=b.author,
            created=b.created,
            shapes=diagram(b),
        )
    chart = best_chart(b)
    return ImageSpec(
        width=900,
        height=560,
        title=title_case(chart.title or b.title),
        description=description[:2000],
        author=b.author,
        created=b.created,
        chart=chart,
    )


def seating(b: Brief) -> list:
    """Desks in rows facing the front, each with a pupil's name: the class's real list."""
    course = next((e for e in b.of_type("course")), None)
    size = (
        int(next((a.value for a in course.attributes if a.key == "pupils"), "28")) if course else 28
    )
    pupils = class_list(b, course.id if course else "class", min(size, 30))
    shapes: list = [
        TextShape(x=30, y=15, text=title_case(b.title)[:70], size=22, color="#222222"),
        RectShape(x=400, y=60, width=200, height=40, fill="#a5a5a5", outline="#333333"),
        TextShape(x=440, y=68, text="Front / board", size=16, color="#ffffff"),
    ]
    for i, p in enumerate(pupils):
        x, y = 30 + (i % 6) * 160, 130 + (i // 6) * 105
        shapes.append(
            RectShape(
                x=x,
                y=y,
                width=140,
                height=70,
                fill=_COLOURS[(i // 6) % len(_COLOURS)],
                outline="#333333",
            )
        )
        shapes.append(TextShape(x=x + 8, y=y + 10, text=p.first[:14], size=16, color="#ffffff"))
        shapes.append(TextShape(x=x + 8, y=y + 36, text=p.last[:14], size=14, color="#ffffff"))
    label = course.name if course else b.topic
    shapes.append(
        TextShape(
            x=30, y=665, text=f"{label} · {b.author} · {long_date(b.day)}", size=14, color="#555555"
        )
    )
    return shapes


def diagram(b: Brief) -> list:
    """Boxes in rows with labels, joined left to right: a readable sketch, not art."""
    labels = [e.name for e in b.entities][:6] or [b.topic]
    labels = [*labels, *[s for s in b.world.domain.products if s not in labels]][:8]
    shapes: list = [TextShape(x=30, y=20, text=title_case(b.title)[:80], size=22, color="#222222")]
    cols = 4
    for i, label in enumerate(labels):
        x, y = 40 + (i % cols) * 235, 110 + (i // cols) * 230
        shapes.append(
            RectShape(
                x=x, y=y, width=190, height=110, fill=_COLOURS[i % len(_COLOURS)], outline="#333333"
            )
        )
        words = label.split()
        lines = [" ".join(words[j : j + 3]) for j in range(0, len(words), 3)][:3]
        for k, line in enumerate(lines):
            shapes.append(
                TextShape(x=x + 10, y=y + 12 + k * 28, text=line[:26], size=16, color="#ffffff")
            )
        if i % cols:
            shapes.append(
                LineShape(x1=x - 45, y1=y + 55, x2=x, y2=y + 55, color="#333333", width=3)
            )
    shapes.append(
        TextShape(x=30, y=600, text=f"{b.author} · {long_date(b.day)}", size=14, color="#555555")
    )
    return shapes
