"""The more structured document shapes: policies, risk assessments, plans, lesson plans,
forms, invoices and CVs. Each returns the blocks of a `DocSpec` built from a `Brief`."""

from __future__ import annotations

import datetime as dt

from engine.schema.specs import Block, Bullets, Heading, Paragraph, Table, TextRun
from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import cap, long_date, title_case
from engine.synth.scripted.writing import actions, background, fact, opening, risks

_HAZARDS = {
    "school_teaching": [
        (
            "Corrosive or irritant chemicals splashing into eyes or onto skin",
            "Pupils, teacher, technician",
            "Eye protection worn throughout; dilute solutions (below 1 mol/dm3) issued; spill kit on the front bench",
        ),
        (
            "Broken glassware",
            "Pupils",
            "Glassware checked before issue; breakages reported and swept up by staff only",
        ),
        (
            "Burns from Bunsen burners and hot apparatus",
            "Pupils",
            "Hair tied back; heat-proof mats; apparatus left to cool before moving",
        ),
        (
            "Slips on spilled water or solutions",
            "Everyone in the lab",
            "Bags under benches; spills mopped at once",
        ),
        (
            "Poor behaviour during practical work",
            "Pupils",
            "Seating plan followed; clear instructions; practical stopped if unsafe",
        ),
        (
            "Allergic reaction or medical condition",
            "Named pupils",
            "Medical list checked before the lesson; first-aider on site",
        ),
    ],
    "construction_management": [
        (
            "Work at height from scaffold and ladders",
            "Operatives",
            "Scaffold inspected weekly and tagged; ladders for short access only",
        ),
        (
            "Moving plant and vehicles",
            "Operatives, visitors",
            "Banksman for reversing; segregated pedestrian routes",
        ),
        (
            "Manual handling of blocks and materials",
            "Operatives",
            "Mechanical lifting where possible; toolbox talk delivered",
        ),
        ("Dust from cutting", "Operatives", "On-tool suppression; FFP3 masks; face-fit tested"),
        ("Buried services", "Groundworkers", "CAT and Genny scan before digging; permit to dig"),
    ],
    "laboratory_science": [
        (
            "Exposure to hazardous reagents",
            "Lab staff",
            "Fume hood for volatile solvents; COSHH assessment read and signed",
        ),
        (
            "Needle-stick and sharps injury",
            "Lab staff",
            "Sharps bins at each bench; no re-sheathing",
        ),
        (
            "Cryogenic burns from liquid nitrogen",
            "Lab staff",
            "Cryo gloves and face shield; never work alone",
        ),
        (
            "Biological material",
            "Lab staff, cleaners",
            "Class II cabinet; spills disinfected with Virkon",
        ),
    ],
}
_GENERIC_HAZARDS = [
    (
        "Trips over trailing cables and boxes",
        "Staff, visitors",
        "Cables routed and covered; walkways kept clear",
    ),
    ("Manual handling of equipment", "Staff", "Trolley used; two-person lift above 15 kg"),
    ("Prolonged display screen use", "Staff", "Workstation assessment; regular breaks"),
    ("Fire", "Everyone on site", "Fire exits kept clear; weekly alarm test; extinguishers checked"),
    ("Lone working", "Staff", "Sign-in and sign-out; buddy check by phone"),
    (
        "Loss of personal data",
        "Clients",
        "Encrypted laptop; documents locked away; clear-desk rule",
    ),
]


def policy(b: Brief) -> list[Block]:
    r = b.rng
    owner = b.author
    review = (
        b.day.replace(year=b.day.year + 1) if not (b.day.month == 2 and b.day.day == 29) else b.day
    )
    version = f"{r.randint(1, 4)}.{r.randint(0, 3)}"
    software = b.world.profile.software
    steps = [
        f"Check the request against this {b.artefact} before starting.",
        f"Record the details in {r.choice(software)} on the day.",
        f"Agree the approach with {b.audience.name if b.audience else 'your manager'} where anything is unusual.",
        "Complete the work and keep the evidence in the shared folder.",
        "Have a second person check the figures before anything leaves the team.",
        f"Escalate any exception to {b.world.manager().name if b.world.manager() else 'the manager'} within two working days.",
        "Close the record and note the outcome.",
    ]
    resp = [
        [
            c.role,
            c.name,
            r.choice(
                (
                    "Approves exceptions",
                    "Day-to-day operation",
                    "Checks a sample each month",
                    "Keeps records",
                )
            ),
        ]
        for c in b.world.profile.collaborators[:4]
    ]
    return [
        Heading(level=1, text=title_case(b.title)),
        Table(
            header=["Version", "Owner", "Approved", "Next review"],
            rows=[[version, owner, long_date(b.day), long_date(review)]],
        ),
        Heading(level=2, text="1. Purpose"),
        Paragraph(text=opening(b)),
        Heading(level=2, text="2. Scope"),
        Paragraph(
            text=f"This applies to everyone at {b.world.profile.identity.organization} working on {b.topic}. "
            + background(b)
        ),
        Heading(level=2, text="3. Key facts"),
        Bullets(items=[fact(b, e) for e in b.entities] or [background(b)]),
        Heading(level=2, text="4. Procedure"),
        Bullets(items=r.sample(steps, k=5), numbered=True),
        Heading(level=2, text="5. Responsibilities"),
        Table(header=["Role", "Name", "Responsibility"], rows=resp),
        Heading(level=2, text="6. Review"),
        Paragraph(
            text=f"This {b.artefact} will be reviewed by {long_date(review)} or sooner if the law or our practice changes."
        ),
    ]


def risk_assessment(b: Brief) -> list[Block]:
    r = b.rng
    family = b.world.family.id if b.world.family else ""
    pool = list(_HAZARDS.get(family, [])) + list(_GENERIC_HAZARDS)
    chosen = (
        pool[: max(4, len(_HAZARDS.get(family, [])))] if family in _HAZARDS else r.sample(pool, k=5)
    )
    rows = []
    for hazard, who, control in chosen:
        like, sev = r.randint(1, 3), r.randint(2, 4)
        score = like * sev
        rows.append(
            [
                hazard,
                who,
                control,
                str(like),
                str(sev),
                f"{score} ({'Low' if score <= 4 else 'Medium' if score <= 8 else 'High'})",
            ]
        )
    place = next((e.name for e in b.entities if e.type in ("place", "course")), b.world.city)
    return [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(
            runs=[
                TextRun(text="Activity: ", bold=True),
                TextRun(text=f"{cap(b.topic)}   "),
                TextRun(text="Location: ", bold=True),
                TextRun(text=f"{place}   "),
                TextRun(text="Assessed by: ", bold=True),
                TextRun(text=f"{b.author}, {long_date(b.day)}"),
            ]
        ),
        Paragraph(text=opening(b)),
        Table(
            header=[
                "Hazard",
                "Who might be harmed",
                "Control measures",
                "Likelihood",
                "Severity",
                "Rating",
            ],
            rows=rows,
        ),
        Heading(level=2, text="Further action"),
        Bullets(items=[f"{a} ({o}, by {d})" for a, o, d in actions(b, 3)]),
        Heading(level=2, text="Notes"),
        Paragraph(text=" ".join(fact(b, e) for e in b.entities) or background(b)),
        Paragraph(
            text=f"Signed: {b.author}    Reviewed: {b.audience.name if b.audience else '________'}"
        ),
    ]


def lesson_plan(b: Brief) -> list[Block]:
    r = b.rng
    group = next((e for e in b.entities if e.type == "course"), None)
    room = next((e.name for e in b.entities if e.type == "place"), "the lab")
    topic = b.topic
    phases = [
        (
            "Starter",
            10,
            f"Retrieval quiz: five questions on last lesson, then a picture prompt about {topic}.",
        ),
        (
            "Teacher input",
            15,
            f"Key ideas of {topic}, modelled with a worked example on the board.",
        ),
        (
            "Main activity",
            25,
            f"Pairs work through the task sheet on {topic}; extension questions for those who finish.",
        ),
        ("Plenary", 10, "Exit ticket: one thing learned, one question still open."),
    ]
    return [
        Heading(level=1, text=title_case(f"{topic} lesson plan")),
        Table(
            header=["Class", "Room", "Date", "Teacher"],
            rows=[[group.name if group else "Year 10", room, long_date(b.day), b.author]],
        ),
        Heading(level=2, text="Learning objectives"),
        Bullets(
            items=[
                f"Describe the key features of {topic}.",
                f"Explain {topic} using correct terminology.",
                f"Apply {topic} to an unfamiliar exam-style question.",
            ],
            numbered=True,
        ),
        Heading(level=2, text="Lesson sequence"),
        Table(header=["Phase", "Minutes", "Activity"], rows=[[p, str(m), a] for p, m, a in phases]),
        Heading(level=2, text="Differentiation and support"),
        Paragraph(
            text=r.choice(
                (
                    "Scaffolded sheet with sentence starters for the support group; stretch questions on the back.",
                    "Seating plan pairs confident pupils with those who need support; key words on the board.",
                )
            )
        ),
        Heading(level=2, text="Context"),
        Paragraph(text=" ".join(fact(b, e) for e in b.entities) or opening(b)),
        Heading(level=2, text="Homework"),
        Paragraph(text=f"Revision questions on {topic}, due next lesson."),
    ]


def plan(b: Brief) -> list[Block]:
    r = b.rng
    start = b.day
    rows = []
    people = b.people(4) or [b.world.user]
    stages = [
        "Kick-off and scope",
        "Gather information",
        "First draft",
        "Review with stakeholders",
        "Revise and finalise",
        "Sign-off",
    ]
    for i, stage in enumerate(stages):
        day = start + dt.timedelta(days=7 * i + r.randint(0, 3))
        rows.append([f"Week {i + 1} ({long_date(day)})", stage, people[i % len(people)]])
    dates = [e for e in b.entities if e.type == "key_date" and e.date]
    resources = [
        fact(b, e) for e in b.entities if e.type in ("budget", "product", "place", "contract")
    ]
    measures = [fact(b, e) for e in b.entities if e.type == "metric"]
    return [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(text=opening(b)),
        Heading(level=2, text="Objectives"),
        Bullets(
            items=[
                f"Deliver the {b.topic} on time and within budget.",
                "Keep everyone involved informed at each stage.",
                r.choice(
                    (
                        "Reduce rework by agreeing the format early.",
                        "Leave a reusable template for next time.",
                    )
                ),
            ],
            numbered=True,
        ),
        Heading(level=2, text="Timeline"),
        Table(header=["When", "Stage", "Lead"], rows=rows),
        Heading(level=2, text="Key dates"),
        Bullets(
            items=[fact(b, e) for e in dates]
            or [f"Review on {long_date(start + dt.timedelta(days=28))}."]
        ),
        Heading(level=2, text="Resources"),
        Bullets(items=resources or [background(b)]),
        Heading(level=2, text="Measures of success"),
        Bullets(
            items=measures
            or ["Signed off at the first review.", "No corrections after circulation."]
        ),
        Heading(level=2, text="Risks"),
        Bullets(items=risks(b)),
    ]


def leaflet(b: Brief) -> list[Block]:
    """A leaflet or newsletter for the people the work serves: short sections, plain words."""
    r = b.rng
    ident = b.world.profile.identity
    where = next((e.name for e in b.entities if e.type == "place"), ident.organization)
    steps = [
        f"Read this {b.artefact} and keep it somewhere safe.",
        f"Ask {b.author.split()[0]} or any member of the team if something is unclear.",
        r.choice(("Bring this sheet to your next appointment.", "Let us know about any changes.")),
        f"Contact us at {where} if you need help sooner.",
    ]
    return [
        Heading(level=1, text=title_case(b.title)),
        Paragraph(text=f"{ident.organization} · {long_date(b.day)}"),
        Paragraph(text=opening(b)),
        Heading(level=2, text=r.choice(("What you need to know", "The key points", "At a glance"))),
        Bullets(items=[fact(b, e) for e in b.entities] or [background(b)]),
        Heading(level=2, text="What happens next"),
        Bullets(items=steps, numbered=True),
        Heading(level=2, text="Contact"),
        Paragraph(text=f"{b.author}, {b.author_role}, {ident.email}. {where}."),
    ]
