"""synth.content.pptx: a `DeckSpec` of 7 to 11 slides, every one with speaker notes.

Title, agenda, context, a key-figures table, a chart (from the workbook it was built
from when there is one), two or three content slides on the topic, risks, next steps
and a closing slide. The speaker notes say what the presenter would actually say.
"""

from __future__ import annotations

import re

from engine.llm.scripted import ScriptedRequest
from engine.schema.specs import DeckSpec, Slide, TableData
from engine.synth.scripted.brief import Brief, brief_from
from engine.synth.scripted.charts import best_chart
from engine.synth.scripted.common import cap, long_date, title_case
from engine.synth.scripted.writing import actions, background, detail, fact, points, risks


def respond(request: ScriptedRequest) -> DeckSpec:
    return build_deck(brief_from(request))


def build_deck(b: Brief) -> DeckSpec:
    if _LESSON.search(b.artefact.lower()):
        return _deck(b, lesson_slides(b))
    r = b.rng
    org = b.world.profile.identity.organization
    audience = b.audience.name if b.audience else "the team"
    sections = r.sample(
        [
            "Where we are",
            "What the numbers say",
            "What we learned",
            "Options",
            "Plan for next month",
        ],
        k=3,
    )
    slides = [
        Slide(
            layout="title",
            title=title_case(b.title),
            subtitle=f"{org} · {long_date(b.day)}",
            notes=f"Welcome. This is the {b.artefact} on {b.topic}; I will keep it to about twenty minutes and leave time for questions.",
        ),
        Slide(
            title="Agenda",
            bullets=["Context", "Key figures", *sections, "Risks", "Next steps"],
            notes=f"Three main parts. {audience}, please stop me if anything is unclear.",
        ),
        Slide(
            title="Context",
            bullets=_split(background(b))
            + [fact(b, e) for e in b.of_type("client", "course", "organization")[:2]],
            notes="Quick reminder of why we are doing this and who it is for.",
        ),
    ]
    rows = [[e.name, detail(e)] for e in b.entities]
    if rows:
        slides.append(
            Slide(
                layout="table",
                title="Key figures",
                table=TableData(header=["Item", "Figure or detail"], rows=rows),
                notes="These are the figures from the fact sheet; all of them were checked on "
                + long_date(b.day)
                + ".",
            )
        )
    chart = best_chart(b)
    slides.append(
        Slide(
            layout="chart",
            title=cap(chart.title) or "Trend",
            chart=chart,
            notes=r.choice(
                (
                    "The trend is the point here, not any single month.",
                    "Note the last value: that is the figure we report.",
                    "Same data as the workbook, so the numbers match.",
                )
            ),
        )
    )
    pts = points(b, 6)
    for i, name in enumerate(sections):
        chunk = (
            pts[i * 2 : i * 2 + 2]
            or [fact(b, e) for e in b.entities[i : i + 2]]
            or [f"More detail on {b.topic} to follow."]
        )
        slides.append(
            Slide(title=name, bullets=chunk, notes=f"{chunk[0]} I will take questions at the end.")
        )
    slides.append(
        Slide(
            title="Risks",
            bullets=risks(b),
            notes="None of these is new, but two need a decision today.",
        )
    )
    steps = actions(b, 4)
    slides.append(
        Slide(
            layout="table",
            title="Next steps",
            table=TableData(header=["Action", "Owner", "Due"], rows=[list(s) for s in steps]),
            notes=f"Owners have agreed these; I will circulate the slides after the meeting. {fact(b, b.entities[0]) if b.entities else ''}".strip(),
        )
    )
    slides.append(
        Slide(
            layout="section",
            title="Questions?",
            subtitle=f"{b.author} · {b.world.profile.identity.email}",
            notes="Thank you. Happy to go back to any slide.",
        )
    )
    return DeckSpec(
        title=b.title[:200],
        author=b.author,
        subject=(b.project.name if b.project else b.topic)[:200],
        created=b.created,
        modified=b.modified,
        slides=slides,
    )


_LESSON = re.compile(r"lesson|lecture|teaching|training slides|training deck|session")


def _deck(b: Brief, slides: list[Slide]) -> DeckSpec:
    return DeckSpec(
        title=b.title[:200],
        author=b.author,
        subject=(b.project.name if b.project else b.topic)[:200],
        created=b.created,
        modified=b.modified,
        slides=slides,
    )


def lesson_slides(b: Brief) -> list[Slide]:
    """A teaching deck: objectives, a starter, key ideas, a worked example, a task, a plenary."""
    r = b.rng
    t = b.topic
    group = next((e.name for e in b.of_type("course")), "")
    quiz = [
        f"What is meant by {t}?",
        f"Give one example of {t} from everyday life.",
        "Which key word did we learn last lesson?",
        f"Why does {t} matter in practical work?",
        f"Sketch a quick diagram that shows {t}.",
    ]
    slides = [
        Slide(
            layout="title",
            title=cap(t),
            subtitle=f"{group} · {long_date(b.day)}".strip(" ·"),
            notes=f"Settle the class, register, then straight into the starter. Objectives on the board for {t}.",
        ),
        Slide(
            title="Learning objectives",
            bullets=[
                f"Describe {t}",
                f"Explain {t} using key vocabulary",
                f"Apply {t} to exam questions",
            ],
            notes="Read them aloud; pupils copy the date and title.",
        ),
        Slide(
            title="Starter - five quick questions",
            bullets=r.sample(quiz, k=4),
            notes="Mini whiteboards. Four minutes, then cold-call.",
        ),
        Slide(
            title="Key ideas",
            bullets=[
                f"{cap(t)}: the core idea in one sentence.",
                "Key terms to use in answers.",
                "A common misconception, and why it is wrong.",
            ],
            notes=f"Keep this short; check understanding with hinge questions on {t}.",
        ),
        Slide(
            layout="table",
            title="Worked example",
            table=TableData(
                header=["Step", "What to write"],
                rows=[
                    ["1", "State what is given"],
                    ["2", "Choose the method"],
                    ["3", "Work it through, showing units"],
                    ["4", "Check the answer makes sense"],
                ],
            ),
            notes="Model on the visualiser; pupils copy the steps.",
        ),
        Slide(
            title="Your task",
            bullets=[
                "Questions 1-6 on the sheet",
                "Extension: the exam question on the back",
                "Finished? Swap and peer-mark",
            ],
            notes="Twenty minutes. Circulate; support group at the front.",
        ),
        Slide(
            layout="chart",
            title="Where we are",
            chart=best_chart(b),
            notes="Share the trend with the class; the last point is this term's figure.",
        ),
        Slide(
            title="Plenary",
            bullets=["One thing you learned today", "One question you still have"],
            notes="Exit tickets collected at the door.",
        ),
    ]
    reminders = [fact(b, e) for e in b.entities]
    if reminders:
        slides.append(
            Slide(
                title="Reminders",
                bullets=reminders[:8],
                notes="Teacher notes: dates and resources for this unit.",
            )
        )
    return slides


def _split(text: str) -> list[str]:
    return [s.strip().rstrip(".") + "." for s in text.split(". ") if s.strip()][:3]
