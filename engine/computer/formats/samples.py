"""Realistic example specs for every kind: for tests, benchmarks, and as shapes to copy.

Each builder is deterministic for its arguments (a seeded `random.Random`), so
the same call always yields the same spec and therefore the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random

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
    NumberCell,
    PageBreak,
    Paragraph,
    PdfSpec,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    Table,
    TableData,
    TextCell,
    TextRun,
    TextSpec,
)

CREATED = dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC)
MODIFIED = dt.datetime(2024, 3, 11, 16, 5, tzinfo=dt.UTC)

_CLIENTS = [
    "Northwind Traders",
    "Contoso Pharma",
    "Fabrikam Logistics",
    "Tailspin Air",
    "Lakeshore Dental",
]
_VENDORS = ["AWS", "Figma", "Delta Air Lines", "Marriott", "Staples", "Zoom", "WeWork", "Uber"]
_CATEGORIES = ["Software", "Travel", "Lodging", "Office", "Meals"]
_SENTENCES = [
    "The pilot with {client} closed two weeks ahead of plan and the team kept scope stable throughout.",
    "Weekly active usage rose to {n:,} accounts, driven mostly by the new reporting module.",
    "We still depend on a single integration engineer for the {client} data feed, which is a risk.",
    "Support tickets fell by {p}% after the onboarding checklist was rewritten in February.",
    "Finance asked that every renewal above ${n:,} be reviewed by the regional director before signature.",
    "The procurement review for {client} is scheduled for the second week of April.",
    "Our forecast assumes a {p}% conversion rate from trial to paid, in line with last quarter.",
    "Legal flagged the data-processing addendum; the revised draft is in the shared folder.",
]


def _sentence(rng: random.Random) -> str:
    return rng.choice(_SENTENCES).format(
        client=rng.choice(_CLIENTS), n=rng.randrange(1_000, 90_000), p=rng.randrange(3, 40)
    )


def _paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def memo(pages: int = 3, seed: int = 1) -> DocSpec:
    """A project status memo of about `pages` pages: headings, prose, lists, a table."""
    rng = random.Random(seed)
    blocks: list = [
        Heading(level=1, text="Q1 Status Report: Customer Analytics Rollout"),
        Paragraph(
            runs=[
                TextRun(text="To: ", bold=True),
                TextRun(text="Leadership team   "),
                TextRun(text="From: ", bold=True),
                TextRun(text="Dana Whitfield, Program Manager"),
            ]
        ),
    ]
    for page in range(pages):
        blocks += [
            Heading(
                level=2,
                text=f"{page + 1}. "
                + ["Summary", "Progress", "Risks", "Budget", "Next steps"][page % 5],
            ),
            Paragraph(text=_paragraph(rng, 6)),
            Paragraph(text=_paragraph(rng, 5)),
            Bullets(items=[_sentence(rng) for _ in range(4)]),
            Heading(level=3, text="Milestones"),
            Bullets(
                items=[
                    "Kickoff with " + rng.choice(_CLIENTS),
                    "Data audit complete",
                    "Pilot sign-off",
                ],
                numbered=True,
            ),
            Table(
                header=["Client", "Owner", "Stage", "ARR (USD)"],
                rows=[
                    [
                        c,
                        rng.choice(["Priya", "Marco", "Lena", "Tom"]),
                        rng.choice(["Pilot", "Rollout", "Renewal"]),
                        f"{rng.randrange(20, 400) * 1000:,}",
                    ]
                    for c in _CLIENTS
                ],
            ),
            Paragraph(text=_paragraph(rng, 4)),
        ]
        if page < pages - 1:
            blocks.append(PageBreak())
    return DocSpec(
        title="Q1 Status Report",
        author="Dana Whitfield",
        subject="Customer Analytics Rollout",
        keywords=["status", "Q1", "analytics"],
        created=CREATED,
        modified=MODIFIED,
        blocks=blocks,
    )


def report_pdf(pages: int = 3, seed: int = 2) -> PdfSpec:
    """The same kind of content as `memo`, exported as a PDF."""
    doc = memo(pages, seed)
    return PdfSpec(**doc.model_dump(), page_size="Letter")


def workbook(rows: int = 60, seed: int = 3) -> SheetSpec:
    """An expense workbook: a ledger with formulas and totals, a summary by category, headcount."""
    rng = random.Random(seed)
    ledger_rows = []
    start = dt.date(2024, 1, 2)
    for i in range(rows):
        r = i + 2
        ledger_rows.append(
            [
                DateCell(value=start + dt.timedelta(days=i * 2)),
                TextCell(value=rng.choice(_VENDORS)),
                TextCell(value=rng.choice(_CATEGORIES)),
                CurrencyCell(value=round(rng.uniform(12, 2400), 2)),
                NumberCell(value=rng.choice([0.0, 0.07, 0.2])),
                FormulaCell(formula=f"=D{r}*(1+E{r})"),
            ]
        )
    last = rows + 1
    summary_rows = [
        [
            TextCell(value=cat),
            FormulaCell(formula=f"=SUMIF(Expenses!C2:C{last},A{i + 2},Expenses!D2:D{last})"),
            FormulaCell(formula=f"=COUNTIF(Expenses!C2:C{last},A{i + 2})"),
        ]
        for i, cat in enumerate(_CATEGORIES)
    ]
    people = [
        [
            TextCell(value=team),
            NumberCell(value=rng.randrange(3, 25)),
            CurrencyCell(value=rng.randrange(60, 160) * 1000),
        ]
        for team in ["Engineering", "Sales", "Support", "Finance", "Marketing", "Operations"]
    ]
    return SheetSpec(
        title="Expenses 2024",
        author="Dana Whitfield",
        created=CREATED,
        modified=MODIFIED,
        currency="USD",
        sheets=[
            Sheet(
                name="Expenses",
                columns=[
                    Column(header="Date", format="date"),
                    Column(header="Vendor", width=22),
                    Column(header="Category"),
                    Column(header="Amount", format="currency", total="sum"),
                    Column(header="Tax rate", format="percent", total="average"),
                    Column(header="Total", format="currency", total="sum"),
                ],
                rows=ledger_rows,
                totals_row=True,
            ),
            Sheet(
                name="Summary",
                columns=[
                    Column(header="Category"),
                    Column(header="Spent", format="currency", total="sum"),
                    Column(header="Entries", format="int", total="sum"),
                ],
                rows=summary_rows,
                totals_row=True,
            ),
            Sheet(
                name="Headcount",
                columns=[
                    Column(header="Team"),
                    Column(header="People", format="int", total="sum"),
                    Column(header="Avg salary", format="currency", total="average"),
                ],
                rows=people,
                totals_row=True,
            ),
        ],
    )


def deck(slides: int = 10, seed: int = 4) -> DeckSpec:
    """A quarterly business review: title, agenda, chart, table, bullets, sections, notes."""
    rng = random.Random(seed)
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    pool = [
        Slide(
            layout="title",
            title="Quarterly Business Review",
            subtitle="Customer Analytics · Q1 2024",
            notes="Open with the headline: ahead of plan.",
        ),
        Slide(
            title="Agenda",
            bullets=["Highlights", "Revenue", "Pipeline", "Risks", "Asks"],
            notes="Keep to 30 minutes.",
        ),
        Slide(
            layout="chart",
            title="Revenue by quarter",
            chart=ChartSpec(
                type="bar",
                title="Revenue (USD k)",
                categories=quarters,
                series=[
                    Series(name="2023", values=[rng.randrange(200, 400) for _ in quarters]),
                    Series(name="2024", values=[rng.randrange(250, 500) for _ in quarters]),
                ],
            ),
            notes="2024 beats 2023 in every quarter.",
        ),
        Slide(
            layout="table",
            title="Top accounts",
            table=TableData(
                header=["Client", "Stage", "ARR (USD)"],
                rows=[
                    [c, rng.choice(["Pilot", "Rollout"]), f"{rng.randrange(50, 400) * 1000:,}"]
                    for c in _CLIENTS
                ],
            ),
        ),
        Slide(layout="section", title="Pipeline", subtitle="What closes next quarter"),
        Slide(
            title="Pipeline by stage",
            bullets=["Qualified: 14 deals", "Proposal: 6 deals", "Negotiation: 3 deals"],
            chart=ChartSpec(
                type="pie",
                categories=["Qualified", "Proposal", "Negotiation"],
                series=[Series(name="Deals", values=[14, 6, 3])],
            ),
            notes="Negotiation deals are all renewals.",
        ),
        Slide(
            layout="chart",
            title="Weekly active accounts",
            chart=ChartSpec(
                type="line",
                title="Active accounts",
                categories=[f"W{i}" for i in range(1, 9)],
                series=[
                    Series(
                        name="Accounts",
                        values=[1200 + i * rng.randrange(40, 120) for i in range(8)],
                    )
                ],
            ),
        ),
        Slide(
            title="Risks",
            bullets=[_sentence(rng) for _ in range(4)],
            notes="Ask for a second integration engineer.",
        ),
        Slide(
            title="Asks",
            bullets=[
                "Approve one integration hire",
                "Fund the Contoso pilot extension",
                "Move QBR to monthly",
            ],
        ),
        Slide(layout="section", title="Thank you", subtitle="Questions?"),
    ]
    chosen = [pool[i % len(pool)] for i in range(slides)]
    return DeckSpec(
        title="Q1 2024 QBR",
        author="Dana Whitfield",
        created=CREATED,
        modified=MODIFIED,
        slides=chosen,
    )


def email(seed: int = 5) -> EmlSpec:
    rng = random.Random(seed)
    return EmlSpec.model_validate(
        {
            "from": "Dana Whitfield <dana.whitfield@northwind.example>",
            "to": ["Marco Rossi <marco.rossi@northwind.example>"],
            "cc": ["Priya Natarajan <priya@northwind.example>"],
            "date": MODIFIED,
            "subject": "Re: Q1 expenses — final numbers",
            "body": "Hi Marco,\n\n"
            + _paragraph(rng, 4)
            + "\n\nThe workbook is attached.\n\nBest,\nDana\n",
            "attachments": ["expenses-2024.xlsx"],
        }
    )


def chart_image(seed: int = 6) -> ImageSpec:
    rng = random.Random(seed)
    return ImageSpec(
        title="Revenue by quarter",
        description="Exported from the QBR deck; revenue in USD thousands.",
        author="Dana Whitfield",
        created=CREATED,
        chart=ChartSpec(
            type="bar",
            title="Revenue by quarter",
            categories=["Q1", "Q2", "Q3", "Q4"],
            series=[
                Series(name=str(y), values=[rng.randrange(200, 500) for _ in range(4)])
                for y in (2023, 2024)
            ],
        ),
    )


def text(kind: str, seed: int = 7) -> TextSpec:
    """A plausible file of a plain-text kind."""
    rng = random.Random(seed)
    if kind == "md":
        body = "# Meeting notes — Northwind sync\n\n" + "\n".join(
            f"- {_sentence(rng)}" for _ in range(8)
        )
        return TextSpec(text=body + "\n\n## Actions\n\n1. Send revised DPA\n2. Book April review\n")
    if kind in ("csv", "tsv"):
        sep = "\t" if kind == "tsv" else ","
        lines = [sep.join(["date", "vendor", "amount"])]
        for i in range(40):
            lines.append(
                sep.join(
                    [
                        f"2024-01-{i % 28 + 1:02d}",
                        rng.choice(_VENDORS),
                        f"{rng.uniform(10, 900):.2f}",
                    ]
                )
            )
        return TextSpec(text="\n".join(lines) + "\n")
    if kind == "json":
        return TextSpec(
            text=json.dumps(
                {"project": "analytics", "clients": _CLIENTS, "budget": 125000}, indent=2
            )
            + "\n"
        )
    if kind == "jsonl":
        return TextSpec(
            text="".join(
                json.dumps({"ts": f"2024-03-0{i + 1}", "event": "sync", "n": i}) + "\n"
                for i in range(9)
            )
        )
    if kind == "yaml":
        return TextSpec(
            text="project: analytics\nowner: Dana Whitfield\nclients:\n"
            + "".join(f"  - {c}\n" for c in _CLIENTS)
        )
    if kind == "toml":
        return TextSpec(
            text='[project]\nname = "analytics"\nowner = "Dana Whitfield"\nbudget = 125000\n'
        )
    if kind == "py":
        return TextSpec(
            text='"""Sum the expense export."""\n\nimport csv\n\n\ndef total(path):\n'
            "    with open(path) as f:\n        return sum(float(r['amount']) for r in csv.DictReader(f))\n"
        )
    return TextSpec(text="\n".join(_sentence(rng) for _ in range(12)) + "\n")


def sample(kind: str, seed: int = 1):
    """A realistic spec for `kind` (any kind `render` accepts)."""
    if kind == "docx":
        return memo(seed=seed)
    if kind == "pdf":
        return report_pdf(seed=seed)
    if kind == "xlsx":
        return workbook(seed=seed)
    if kind == "pptx":
        return deck(seed=seed)
    if kind == "eml":
        return email(seed=seed)
    if kind == "png":
        return chart_image(seed=seed)
    return text(kind, seed=seed)
