"""synth.content.docx and synth.content.pdf: `DocSpec` / `PdfSpec` for the artefact at hand.

The artefact type picks the document's shape: minutes have attendees and an actions
table, a letter has an address block and a sign-off, a policy has numbered procedure
steps, a risk assessment a hazard table, a lesson plan timed phases, a report a
summary, key figures, risks and next steps. A PDF exported from a document repeats the
document's text; a second version keeps the first one's text and adds what changed.
Every entity the plan lists is named in the text with its figure.
"""

from __future__ import annotations

import re

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import Block, Bullets, DocSpec, Heading, Paragraph, PdfSpec, Table, TextRun
from engine.synth.scripted import doc_forms, doc_kinds
from engine.synth.scripted.brief import Brief, blocks_from_text, brief_from
from engine.synth.scripted.common import cap, long_date, title_case
from engine.synth.scripted.writing import (
    actions,
    amount_text,
    background,
    fact,
    opening,
    points,
    risks,
)

_SHAPES: tuple[tuple[str, str], ...] = (
    (
        r"minutes|meeting notes|handover|supervision notes|call notes|interview notes|journal club|critique notes|site diary|field notes|case notes",
        "minutes",
    ),
    (r"\bcv\b|curriculum vitae", "cv"),
    (r"report comments|pupil comments|reports to parents", "comments"),
    (
        r"leaflet|handout|newsletter|brochure|information sheet|announcement|press release",
        "leaflet",
    ),
    (r"letter|correspondence|email|pitch", "letter"),
    (r"risk assessment|rams|fmea|hazard", "risk"),
    (
        r"invoice|\bquote\b|estimate|fee schedule|price list|statement|payslip|receipt|\bbill\b|rate sheet|"
        r"datasheet|\border\b",
        "invoice",
    ),
    (
        r"policy|procedure|\bsop\b|\bguide\b|manual|handbook|guidelines|instruction|runbook|wording|"
        r"\bstandard|specification|protocol",
        "policy",
    ),
    (r"lesson plan|session plan", "lesson"),
    (
        r"\bplan\b|programme|scheme of work|itinerary|run sheet|schedule|proposal|\bbrief\b|strategy|"
        r"roadmap|timetable",
        "plan",
    ),
    (r"questionnaire|\bform\b|template|checklist|intake|record card|\blog\b", "form"),
)


def respond_docx(request: ScriptedRequest) -> DocSpec:
    return build_doc(brief_from(request))


def respond_pdf(request: ScriptedRequest) -> PdfSpec:
    b = brief_from(request)
    doc = build_doc(b)
    us = b.world.profile.identity.location.endswith(("United States", "Canada"))
    return PdfSpec(**doc.model_dump(), page_size="Letter" if us else "A4")


def shape_of(b: Brief) -> str:
    text = f"{b.artefact} {b.artifact.purpose.split(':', 1)[0]}".lower()
    for pattern, shape in _SHAPES:
        if re.search(pattern, text):
            return shape
    return "report"


def build_doc(b: Brief) -> DocSpec:
    export = b.parent("extracted_from")
    version = b.parent("version_of")
    if (
        export is not None
        and export.text.strip()
        and export.kind in ("docx", "md", "txt", "pdf", "pptx")
    ):
        blocks = blocks_from_text(export.text)
    elif version is not None and version.text.strip():
        blocks = revise(b, blocks_from_text(version.text))
    else:
        shape = shape_of(b)
        builder = {
            "minutes": minutes,
            "letter": letter,
            "cv": doc_forms.cv,
            "risk": doc_kinds.risk_assessment,
            "invoice": doc_forms.invoice,
            "policy": doc_kinds.policy,
            "lesson": doc_kinds.lesson_plan,
            "plan": doc_kinds.plan,
            "form": doc_forms.form,
            "leaflet": doc_kinds.leaflet,
            "comments": doc_forms.pupil_comments,
        }.get(shape, report)
        blocks = builder(b)
    blocks = ensure_mentions(b, blocks)
    return DocSpec(
        title=b.title[:200],
        author=b.author,
        subject=(b.project.name if b.project else b.topic)[:200],
        keywords=[w for w in (b.artefact, b.topic, b.project.id if b.project else "") if w][:30],
        created=b.created,
        modified=b.modified,
        blocks=blocks,
    )


def ensure_mentions(b: Brief, blocks: list[Block]) -> list[Block]:
    """Add a short key-facts section for any entity the text has not named yet."""
    text = " ".join(_block_text(x) for x in blocks).lower()
    missing = [e for e in b.entities if e.name.lower() not in text]
    if missing:
        blocks = [
            *blocks,
            Heading(level=2, text=b.rng.choice(("Key facts", "For reference", "Figures quoted"))),
        ]
        blocks.append(Bullets(items=[fact(b, e) for e in missing]))
    return blocks


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.plain()
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Bullets):
        return " ".join(block.items)
    if isinstance(block, Table):
        return " ".join(block.header + [c for r in block.rows for c in r])
    return ""


def header_lines(b: Brief, for_line: bool = True) -> Paragraph:
    runs = [
        TextRun(text="Prepared by: ", bold=True),
        TextRun(text=f"{b.author}, {b.author_role}   "),
    ]
    runs += [TextRun(text="Date: ", bold=True), TextRun(text=f"{long_date(b.day)}   ")]
    if for_line and b.audience is not None:
        runs += [
            TextRun(text="For: ", bold=True),
            TextRun(text=f"{b.audience.name}, {b.audience.role}"),
        ]
    return Paragraph(runs=runs)


def figures_table(b: Brief) -> Table | None:
    rows = []
    for e in b.entities:
        value = amount_text(e) or (long_date(e.date) if e.date else "")
        if value:
            note = next(
                (a.value for a in e.attributes if a.key in ("period", "owner", "supplier", "unit")),
                "",
            )
            rows.append([e.name, value, note])
    if not rows:
        return None
    return Table(header=["Item", "Figure", "Note"], rows=rows)


def report(b: Brief) -> list[Block]:
    r = b.rng
    h = r.choice(
        (
            (
                "Summary",
                "Background",
                "Key figures",
                "Discussion",
                "Risks and issues",
                "Next steps",
            ),
            ("Executive summary", "Context", "The numbers", "Findings", "Risks", "Recommendations"),
            ("Overview", "Where we are", "Figures", "Progress", "Issues to watch", "Actions"),
        )
    )
    sections: list[tuple[str, list[Block]]] = [
        (
            h[0],
            [
                Paragraph(text=opening(b)),
                Paragraph(text=" ".join(fact(b, e) for e in b.entities[:2]) or background(b)),
            ],
        ),
        (h[1], [Paragraph(text=background(b))]),
    ]
    table = figures_table(b)
    if table is not None:
        sections.append((h[2], [table]))
    discussion: list[Block] = [Bullets(items=points(b, 4, skip=2))]
    if b.entities[5:]:
        discussion.append(Paragraph(text=" ".join(fact(b, e) for e in b.entities[5:])))
    sections += [(h[3], discussion), (h[4], [Bullets(items=risks(b))])]
    steps = [f"{a} ({o}, by {d})" for a, o, d in actions(b, 4)]
    sections.append((h[5], [Bullets(items=steps, numbered=True), Paragraph(text=_closing(b))]))
    blocks: list[Block] = [Heading(level=1, text=title_case(b.title)), header_lines(b)]
    for i, (head, body) in enumerate(sections, start=1):
        blocks += [Heading(level=2, text=f"{i}. {head}"), *body]
    return blocks


def _closing(b: Brief) -> str:
    who = b.audience.name.split()[0] if b.audience else "anyone"
    return b.rng.choice(
        (
            f"Comments to {b.author} please; the next update will follow the review.",
            f"If anything here does not match your records, tell {b.author.split()[0]} before it goes further.",
            f"{who}, happy to talk any of this through.",
        )
    )


def minutes(b: Brief) -> list[Block]:
    r = b.rng
    attendees = b.people(5) or [b.world.user]
    if b.world.user not in attendees:
        attendees = [b.world.user, *attendees]
    apologies = [c.name for c in b.world.profile.collaborators if c.name not in attendees][:1]
    place = next(
        (e.name for e in b.entities if e.type == "place"),
        r.choice(("Teams call", "Meeting Room 2")),
    )
    blocks: list[Block] = [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(
            runs=[
                TextRun(text="Date: ", bold=True),
                TextRun(text=f"{b.day:%A} {long_date(b.day)}, {b.created:%H:%M}   "),
                TextRun(text="Location: ", bold=True),
                TextRun(text=place),
            ]
        ),
        Paragraph(runs=[TextRun(text="Present: ", bold=True), TextRun(text=", ".join(attendees))]),
    ]
    if apologies:
        blocks.append(
            Paragraph(
                runs=[TextRun(text="Apologies: ", bold=True), TextRun(text=", ".join(apologies))]
            )
        )
    items = [
        ("Matters arising", [opening(b)]),
        (cap(b.topic), [fact(b, e) for e in b.entities[:3]] or [background(b)]),
        ("Figures and dates", [fact(b, e) for e in b.entities[3:7]] or points(b, 2)),
        ("Any other business", [r.choice(risks(b))]),
    ]
    for i, (head, lines) in enumerate(items, start=1):
        blocks += [Heading(level=2, text=f"{i}. {head}"), Paragraph(text=" ".join(lines))]
    rows = [[a, o, d] for a, o, d in actions(b, r.randint(3, 5))]
    blocks += [
        Heading(level=2, text="Actions"),
        Table(header=["Action", "Owner", "Due"], rows=rows),
    ]
    blocks.append(Paragraph(text=f"Minutes taken by {b.author}."))
    return blocks


def letter(b: Brief) -> list[Block]:
    r = b.rng
    to = b.audience
    ident = b.world.profile.identity
    client = next((e for e in b.entities if e.type == "client"), None)
    name = (
        client.name
        if client and b.world.domain.client in ("household", "person")
        else (to.name if to else "Sir or Madam")
    )
    org = to.organization if to else ""
    first = name.replace("The ", "").split()[0] if name != "Sir or Madam" else name
    blocks: list[Block] = [
        Paragraph(runs=[TextRun(text=ident.organization, bold=True)]),
        Paragraph(text=f"{ident.location} · {ident.email}"),
        Paragraph(text=long_date(b.day)),
        Paragraph(text="\n".join(x for x in (name, org) if x)),
        Paragraph(
            text=f"Dear {first},"
            if "household" not in name and "Trust" not in name
            else "Dear Client,"
        ),
        Paragraph(runs=[TextRun(text=f"Re: {cap(b.topic)}", bold=True)]),
        Paragraph(
            text=r.choice(
                (
                    f"Thank you for your time recently. I am writing to confirm where things stand on {b.topic}.",
                    f"Further to our conversation, I set out below the position on {b.topic}.",
                    f"I am writing with an update on {b.topic}.",
                )
            )
        ),
    ]
    for chunk in (b.entities[:3], b.entities[3:6]):
        if chunk:
            blocks.append(Paragraph(text=" ".join(fact(b, e) for e in chunk)))
    steps = [a for a, _, _ in actions(b, 3)]
    blocks += [Paragraph(text="Next steps:"), Bullets(items=steps)]
    blocks.append(
        Paragraph(
            text=r.choice(
                (
                    "Please do not hesitate to contact me if you have any questions.",
                    "I would be grateful for your confirmation by return.",
                    "Do let me know if anything here is unclear.",
                )
            )
        )
    )
    sign = (
        "Yours sincerely,"
        if first == "Sir or Madam"
        else r.choice(("Kind regards,", "Yours sincerely,", "Best wishes,"))
    )
    blocks += [
        Paragraph(text=sign),
        Paragraph(runs=[TextRun(text=b.author, bold=True)]),
        Paragraph(text=f"{b.author_role}, {ident.organization}"),
    ]
    return blocks


def revise(b: Brief, blocks: list[Block]) -> list[Block]:
    """A later version: the earlier text kept, a revision note on top, a section on what changed."""
    r = b.rng
    parent = b.parent("version_of")
    note = f"Revised {long_date(b.day)} by {b.author}; supersedes {parent.name if parent else 'the previous draft'}."
    head = blocks[:1] if blocks and isinstance(blocks[0], Heading) else []
    changes = [
        r.choice(
            (
                "Figures updated to the latest position.",
                "Figures re-checked against the source files.",
            )
        ),
        r.choice(
            (
                "Comments from review addressed.",
                f"Points raised by {b.audience.name if b.audience else 'the team'} addressed.",
            )
        ),
        r.choice(
            (
                "Timeline moved to reflect the agreed dates.",
                "Actions and owners brought up to date.",
            )
        ),
    ]
    changes += [fact(b, e) for e in b.entities[:2]]
    return [
        *head,
        Paragraph(runs=[TextRun(text=note, italic=True)]),
        *blocks[len(head) :],
        Heading(level=2, text="Changes in this version"),
        Bullets(items=changes),
    ]
