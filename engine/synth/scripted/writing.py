"""Prose from facts: sentences that name the fact sheet's entities with their exact figures.

Each entity type has several phrasings, picked by the request's rng so that 150 files
do not read alike; the numbers themselves never vary (a budget is always the figure on
the fact sheet, and anything derived from it, like the share already spent, comes from
an RNG keyed on the entity, so every document that quotes it quotes the same value).
"""

from __future__ import annotations

from random import Random

from engine.schema.profile import Entity
from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import (
    cap,
    figure,
    join_words,
    long_date,
    money,
    plural,
    stable_rng,
)


def attr(e: Entity, key: str, default: str = "") -> str:
    return next((a.value for a in e.attributes if a.key == key), default)


def spent_share(e: Entity) -> float:
    """The share of a budget already committed: the same in every file that quotes it."""
    return round(stable_rng("spent", e.id).uniform(0.38, 0.86), 3)


def previous_value(e: Entity) -> float:
    """A metric's figure one period earlier: consistent across files."""
    assert e.amount is not None
    drift = stable_rng("prev", e.id).uniform(-0.12, 0.08)
    value = e.amount * (1 + drift)
    value = (
        round(value, 1)
        if abs(e.amount) < 1000
        else float(round(value, -3 if value > 100_000 else -1))
    )
    if value == e.amount:  # too small to show after rounding: make the move visible
        value = round(e.amount - (0.1 if abs(e.amount) < 1000 else 1), 1)
    return value


def amount_text(e: Entity) -> str:
    if e.amount is None:
        return ""
    if e.type == "metric":
        return figure(e.amount, attr(e, "unit", "count"), e.currency)
    return money(e.amount, e.currency)


def detail(e: Entity) -> str:
    """A short figure or description for a table cell: '£4,850', '12 May 2025', '28 pupils, Lab S4'."""
    shown = amount_text(e)
    if shown:
        return shown
    if e.date is not None:
        return long_date(e.date)
    if e.type == "course":
        return f"{attr(e, 'pupils', '28')} pupils, {attr(e, 'room', 'usual room')}"
    if e.type == "organization":
        account = attr(e, "account_number")
        return f"supplier, account {account}" if account else "partner organisation"
    if e.type == "client":
        return attr(e, "members") or attr(e, "contact") or attr(e, "address") or "client"
    return {"product": "in use", "place": "venue", "person": "contact"}.get(
        e.type, e.type.replace("_", " ")
    )


def fact(b: Brief, e: Entity, rng: Random | None = None) -> str:
    """One sentence that names `e` and, where it has one, its exact figure or date."""
    r = rng or b.rng
    name = e.name
    if e.type in ("budget", "account") and e.amount is not None:
        spent = money(round(e.amount * spent_share(e), 2 if e.amount < 1000 else 0), e.currency)
        return r.choice(
            (
                f"The {name} is {money(e.amount, e.currency)}, of which {spent} is already committed.",
                f"We are working to the {name} of {money(e.amount, e.currency)}.",
                f"{cap(name)}: {money(e.amount, e.currency)} in total; {spent} committed to date.",
                f"Spending is tracked against the {name} ({money(e.amount, e.currency)}).",
            )
        )
    if e.type == "contract" and e.amount is not None:
        who = attr(e, "supplier", "the supplier")
        when = attr(e, "renewal", "next year")
        return r.choice(
            (
                f"The {name} with {who} is worth {money(e.amount, e.currency)} and renews in {when}.",
                f"Under the {name} ({money(e.amount, e.currency)}), {who} remains the supplier until {when}.",
            )
        )
    if e.type == "metric" and e.amount is not None:
        unit = attr(e, "unit", "count")
        now = figure(e.amount, unit, e.currency)
        before = figure(previous_value(e), unit, e.currency)
        target = attr(e, "target")
        goal = (
            f" against a target of {figure(float(target), unit, e.currency)}"
            if _num(target)
            else ""
        )
        period = attr(e, "period")
        if period != f"{b.day:%B %Y}":
            period = ""  # a figure is only dated in files written that month
        return r.choice(
            (
                f"{cap(name)} is {now}{goal}" + (f" ({period})." if period else "."),
                f"{cap(name)} moved from {before} to {now}{goal}.",
                f"The latest figure for {name} is {now}, compared with {before} last time.",
            )
        )
    if e.type == "key_date" and e.date is not None:
        day = f"{e.date:%A} {long_date(e.date)}"
        return r.choice(
            (
                f"The {name} is on {day}.",
                f"Everything needs to be ready for the {name} ({long_date(e.date)}).",
                f"We are working towards the {name} on {long_date(e.date)}.",
            )
        )
    if e.type == "course":
        pupils = attr(e, "pupils", "28")
        room = attr(e, "room", "the usual room")
        return r.choice(
            (
                f"{name} has {pupils} pupils and is taught in {room}.",
                f"The group is {name} ({pupils} pupils, {room}).",
            )
        )
    if e.type == "client":
        detail = attr(e, "members") or attr(e, "contact") or attr(e, "address")
        extra = f" ({detail})" if detail else ""
        worth = f", with {money(e.amount, e.currency)} under advice" if e.amount else ""
        return r.choice(
            (
                f"This work is for {name}{extra}{worth}.",
                f"{cap(name)}{extra} is the client here{worth}.",
            )
        )
    if e.type == "organization":
        account = attr(e, "account_number")
        if account:
            return f"Orders go through {name} (account {account})."
        return r.choice(
            (
                f"{cap(name)} is closely involved.",
                f"We are coordinating with {name}.",
                f"{cap(name)} has been kept informed.",
            )
        )
    if e.type == "product":
        return r.choice(
            (
                f"{cap(name)} is central to this piece of work.",
                f"We rely on {name} here.",
                f"See {name} for the detail.",
            )
        )
    if e.type == "place":
        return r.choice(
            (f"Sessions take place at {name}.", f"The venue is {name}.", f"Base: {name}.")
        )
    if e.type == "asset" and e.amount is not None:
        return f"{cap(name)} is valued at {money(e.amount, e.currency)}."
    return f"{cap(name)} is part of this work."


def _num(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def facts(b: Brief, entities: list[Entity] | None = None) -> list[str]:
    return [fact(b, e) for e in (b.entities if entities is None else entities)]


def these(noun: str) -> tuple[str, str]:
    """('These', 'cover') for 'meeting notes', ('This', 'covers') for 'report'."""
    last = noun.split()[-1].lower() if noun.split() else noun
    plural_noun = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    return ("These", "cover") if plural_noun else ("This", "covers")


def opening(b: Brief) -> str:
    """The first paragraph: what this is, for whom, as of when."""
    r = b.rng
    this, covers = these(b.artefact)
    project = b.project
    for_whom = b.audience.name if b.audience else "the team"
    when = long_date(b.day)
    about = b.topic
    proj = (
        f" as part of {project.name}"
        if project and project.name.lower() not in about.lower()
        else ""
    )
    return r.choice(
        (
            f"{this} {b.artefact} {covers} {about}{proj}. {'They were' if this == 'These' else 'It was'} prepared by {b.author} for {for_whom} and {'reflect' if this == 'These' else 'reflects'} the position on {when}.",
            f"Purpose: to set out {about}{proj} clearly enough that {for_whom} can act on it. Position as at {when}.",
            f"{b.author} put this {b.artefact} together on {when} to pull together everything on {about}{proj}.",
            f"What follows is the {b.artefact} on {about}{proj}, written for {for_whom} ({when}).",
        )
    )


def background(b: Brief) -> str:
    r = b.rng
    project = b.project
    fam = b.world.family
    partners = join_words(list(fam.counterparties[:2])) if fam else "the people involved"
    if project is not None:
        base = project.description.split(". ")[0].rstrip(".")
        return r.choice(
            (
                f"{base}. The work started on {long_date(project.start_date)} and involves {partners}.",
                f"Background: {base[0].lower() + base[1:]}. It has been running since {long_date(project.start_date)}.",
            )
        )
    return f"This sits within the usual cycle of {plural(b.artefact)} for {partners}."


def points(b: Brief, n: int = 4, skip: int = 0) -> list[str]:
    """Findings or discussion points: facts about entities from `skip` on, then topic remarks."""
    r = b.rng
    templates = [
        "Progress on {topic} is broadly on plan; the main open question is timing.",
        "{who} has reviewed the latest draft and asked for the figures to be shown by month.",
        "Feedback so far has been positive, with two small corrections already made.",
        "The previous approach to {topic} took too long; this version simplifies it.",
        "We need a decision on scope before the next review.",
        "Two items are waiting on information from {who}.",
        "The figures below were checked against the source files on {day}.",
        "Nothing here changes the overall direction agreed earlier.",
    ]
    who = b.audience.name if b.audience else b.world.first
    out = [fact(b, e) for e in b.entities[skip : skip + n - 1]]
    for t in r.sample(templates, k=max(1, n - len(out))):
        out.append(t.format(topic=b.topic, who=who, day=long_date(b.day)))
    return out[:n]


def risks(b: Brief, n: int = 3) -> list[str]:
    r = b.rng
    who = b.audience.name if b.audience else "the lead"
    budget = next((e for e in b.entities if e.type == "budget"), None)
    dates = [e for e in b.entities if e.type == "key_date" and e.date]
    pool = [
        f"Slippage on {b.topic} if {who} is not available for review.",
        "Staff absence during a busy period could delay sign-off.",
        "Late information from third parties; chase weekly.",
        "Version confusion between drafts; keep one master copy.",
    ]
    if budget is not None and budget.amount:
        pool.append(
            f"Costs running above the {budget.name} ({money(budget.amount, budget.currency)})."
        )
    if dates:
        d = dates[0]
        pool.append(f"Not being ready for the {d.name} on {long_date(d.date)}.")  # type: ignore[arg-type]
    return r.sample(pool, k=min(n, len(pool)))


def actions(b: Brief, n: int = 4) -> list[tuple[str, str, str]]:
    """(action, owner, due) rows: people from the project, dates after the file's day."""
    r = b.rng
    people = b.people(4) or [b.world.user]
    verbs = [
        "circulate the revised {a}",
        "check the figures against the source data",
        "book the review meeting",
        "confirm numbers with {c}",
        "update the tracker",
        "draft the summary for {m}",
        "send the final version",
        "file the signed copy",
    ]
    client = b.project.client if b.project else "the client"
    if b.world.domain.client in ("class", "unit", "internal"):
        client = b.audience.name if b.audience else "the team"
    manager = b.world.manager().name if b.world.manager() else "the team"  # type: ignore[union-attr]
    out = []
    for i, v in enumerate(r.sample(verbs, k=min(n, len(verbs)))):
        due = b.day.toordinal() + r.randint(3, 21)
        day = type(b.day).fromordinal(due)
        out.append(
            (
                cap(v.format(a=b.artefact, c=client, m=manager)),
                people[i % len(people)],
                long_date(day),
            )
        )
    return out
