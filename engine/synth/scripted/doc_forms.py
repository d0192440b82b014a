"""Document shapes that are mostly a table: forms and questionnaires, invoices and fee
schedules (with the country's sales tax), and a CV built from the profile's own career.
"""

from __future__ import annotations

from engine.schema.specs import Block, Bullets, Heading, Paragraph, Table, TextRun
from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import cap, long_date, money, nice_amount, title_case
from engine.synth.scripted.grids_people import class_list, pupil_record
from engine.synth.scripted.writing import amount_text, fact, opening


def form(b: Brief) -> list[Block]:
    r = b.rng
    client = next(
        (e.name for e in b.entities if e.type in ("client", "course", "organization")), b.topic
    )
    questions = [
        ("Name", client),
        ("Date completed", long_date(b.day)),
        ("Completed by", b.author),
        ("Reference", f"{b.world.domain.ref}-{r.randint(1000, 9999)}"),
    ]
    for e in b.entities:
        value = amount_text(e) or (long_date(e.date) if e.date else "Yes")
        questions.append((e.name, value))
    questions += [
        (
            "Any other information",
            r.choice(("None at present.", "See notes attached.", "To follow by email.")),
        )
    ]
    checks = [
        "Identity checked",
        "Previous records reviewed",
        "Signed copy filed",
        "Follow-up date agreed",
    ]
    return [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(
            text=f"Please complete every section. Return to {b.author} ({b.world.profile.identity.email})."
        ),
        Table(header=["Question", "Response"], rows=[[q, a] for q, a in questions]),
        Heading(level=2, text="Checklist"),
        Bullets(items=[f"[x] {c}" if r.random() < 0.7 else f"[ ] {c}" for c in checks]),
        Paragraph(text=f"Signature: ______________________   Date: {long_date(b.day)}"),
    ]


_TAX = {
    "United Kingdom": 20,
    "Ireland": 23,
    "Germany": 19,
    "Austria": 20,
    "France": 20,
    "Spain": 21,
    "Italy": 22,
    "Netherlands": 21,
    "Portugal": 23,
    "Poland": 23,
    "Sweden": 25,
    "Denmark": 25,
    "Norway": 25,
    "Switzerland": 8.1,
    "Australia": 10,
    "New Zealand": 15,
    "Canada": 13,
    "India": 18,
    "South Africa": 15,
    "Japan": 10,
    "Singapore": 9,
    "United Arab Emirates": 5,
    "Mexico": 16,
    "Brazil": 0,
    "Kenya": 16,
    "Nigeria": 7.5,
    "Ghana": 15,
    "Philippines": 12,
    "Chile": 19,
    "Argentina": 21,
    "South Korea": 10,
    "Israel": 17,
    "Malaysia": 8,
}
_TAX_NAME = {
    "Australia": "GST",
    "New Zealand": "GST",
    "India": "GST",
    "Singapore": "GST",
    "Canada": "HST",
    "Malaysia": "SST",
}


def invoice(b: Brief) -> list[Block]:
    r = b.rng
    if b.by_user and b.world.family is not None:
        # The user's own invoice or fee schedule bills their work, by the hour.
        arts = [a.name for a in b.world.family.artifacts]
        items = [f"{cap(a)} - {b.topic}"[:80] for a in r.sample(arts, k=min(len(arts), 4))]
        rate = nice_amount(r.uniform(60, 220), b.currency, r)
        units = [(item, r.randint(2, 14), rate) for item in items]
    else:
        stock = list(b.world.domain.items)
        picked = r.sample(stock, k=min(len(stock), r.randint(3, 5)))
        units = [
            (item, r.randint(1, 12), nice_amount(r.uniform(20, 900), b.currency, r))
            for item in picked
        ]
    lines = []
    total = 0.0
    for item, qty, unit in units:
        total += qty * unit
        lines.append([item, str(qty), money(unit, b.currency), money(qty * unit, b.currency)])
    country = b.world.profile.identity.location.split(",")[-1].strip()
    rate_pct = _TAX.get(country, 0)
    tax = round(total * rate_pct / 100, 2)
    lines.append(["", "", "Subtotal", money(total, b.currency)])
    if rate_pct:
        lines.append(
            ["", "", f"{_TAX_NAME.get(country, 'VAT')} ({rate_pct}%)", money(tax, b.currency)]
        )
    lines.append(["", "", "Total due", money(total + tax, b.currency)])
    to = next(
        (e.name for e in b.entities if e.type in ("client", "organization")),
        b.audience.organization if b.audience else "Client",
    )
    number = f"INV-{b.day:%y%m}-{r.randint(100, 999)}"
    return [
        Paragraph(
            runs=[
                TextRun(
                    text=b.author if not b.by_user else b.world.profile.identity.organization,
                    bold=True,
                )
            ]
        ),
        Heading(level=1, text=cap(b.artefact)),
        Table(
            header=["Number", "Date", "Bill to", "Terms"],
            rows=[[number, long_date(b.day), to, "30 days"]],
        ),
        Paragraph(text=f"Re: {cap(b.topic)}"),
        Table(header=["Description", "Qty", "Unit price", "Amount"], rows=lines),
        Paragraph(
            text=" ".join(fact(b, e) for e in b.entities[:4]) or "Thank you for your business."
        ),
        Paragraph(text=f"Payment by bank transfer quoting {number}."),
    ]


def cv(b: Brief) -> list[Block]:
    p = b.world.profile
    ident = p.identity
    roles = [
        [f"{x.start_year}-{x.end_year or 'present'}", x.title, x.organization, x.summary]
        for x in reversed(p.career_history)
    ]
    return [
        Heading(level=1, text=ident.full_name),
        Paragraph(text=f"{ident.location} · {ident.email}"),
        Heading(level=2, text="Profile"),
        Paragraph(text=p.biography),
        Heading(level=2, text="Experience"),
        Table(header=["Years", "Role", "Organisation", "Highlights"], rows=roles),
        Heading(level=2, text="Skills and tools"),
        Bullets(items=list(p.software[:8])),
    ]


def pupil_comments(b: Brief) -> list[Block]:
    """End-of-term report comments for a class: the class's own pupils, targets and grades."""
    course = next((e for e in b.entities if e.type == "course"), None)
    key = course.id if course else "class"
    size = (
        int(next((a.value for a in course.attributes if a.key == "pupils"), "28")) if course else 28
    )
    rows = []
    for p in class_list(b, key, size):
        target, working, comment = pupil_record(b, key, p.name)
        rows.append([f"{p.first} {p.last}", str(target), str(working), comment])
    return [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(text=f"{course.name if course else b.topic} · {b.author} · {long_date(b.day)}"),
        Paragraph(text=opening(b)),
        Table(header=["Pupil", "Target", "Working at", "Comment"], rows=rows),
        Paragraph(text=" ".join(fact(b, e) for e in b.entities if e is not course)),
    ]
