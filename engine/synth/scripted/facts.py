"""The profile's cast: the fact sheet, the current projects and the collaborators.

These three are made together because they point at each other: a project names its
client, budget and deadline from the fact sheet, and a collaborator works on the
projects. Every figure is in the user's currency and every date falls in the last
year or two before `today` (or just after it, for work still open), so the files
written later quote the same numbers and days across the whole disk.
"""

from __future__ import annotations

import datetime as dt
import re
from random import Random

from engine.schema.profile import Entity, Project
from engine.synth.scripted.collaborators import collaborators
from engine.synth.scripted.common import (
    cap,
    join_words,
    long_date,
    money,
    nice_amount,
    slug,
    title_case,
    weekday_on_or_before,
)
from engine.synth.scripted.orgs import STEMS, company_name, supplier_name
from engine.synth.scripted.people import Person, cast
from engine.synth.scripted.setting import Cast, Setting, make_entity

_SECTORS = ("Logistics", "Foods", "Engineering", "Retail", "Homes", "Healthcare", "Media", "Energy")
_SITE_WORDS = {
    "energy_utilities": ("Wind Farm", "Solar Park", "Battery Storage Site"),
    "construction_management": ("Phase 2", "Gardens", "Quarter"),
    "agriculture": ("Farm", "Field", "Estate"),
    "clinical_research": ("Research Site",),
}
_UNITS = (
    "Ward 7B (Acute Medicine)",
    "Ward 12 (Care of the Elderly)",
    "Day Surgery Unit",
    "Emergency Department",
    "Outpatients",
    "Community Team North",
)
_INTERNAL = ("Operations", "Finance", "Sales", "Customer Services", "Product", "Marketing")


def _money_entity(rng: Random, s: Setting, lo: float, hi: float) -> float:
    return nice_amount(rng.uniform(lo, hi), s.currency, rng)


def _clients(rng: Random, s: Setting, taken: set[str], people: list[Person]) -> list[Entity]:
    kind, out = s.domain.client, []
    n = rng.randint(3, 5)
    if kind == "class":
        pool = [7, 8, 9, 10, 10, 11, 11, 12, 13]
        if s.domain.subject in ("chemistry", "physics", "biology"):
            pool = [9, 10, 10, 11, 11, 12, 13]
        years = rng.sample(pool, k=n)
        subject = title_case(s.domain.subject or "").replace("Math", "Maths") or "Tutor group"
        for y in sorted(set(years)):
            label = f"{y}{rng.choice('ABCDXY')}{rng.choice(('', '1', '2'))}"
            name = f"{label} {subject}" if s.country != "United States" else f"Grade {y} {subject}"
            attrs = [("pupils", str(rng.randint(22, 32))), ("room", rng.choice(s.domain.places))]
            out.append(make_entity(taken, "class", "course", name, attrs=attrs))
        return out
    for i in range(n):
        p = people[i % len(people)]
        if kind == "household":
            name = rng.choice((f"{p.last} household", f"The {p.last} Family Trust"))
            attrs = [("members", f"{p.first} and {rng.choice(('Anne', 'David', 'Sam'))} {p.last}")]
            attrs.append(("risk_profile", rng.choice(("Cautious", "Balanced", "Adventurous"))))
            value = _money_entity(rng, s, 350_000, 3_800_000)
            out.append(make_entity(taken, "client", "client", name, value, s.currency, attrs))
        elif kind == "person":
            street = f"{rng.randint(2, 140)} {rng.choice(STEMS)} {rng.choice(('Road', 'Lane', 'Close', 'Street'))}"
            out.append(
                make_entity(
                    taken, "client", "client", p.name, attrs=[("address", f"{street}, {s.city}")]
                )
            )
        elif kind == "company":
            sector = rng.choice(_SECTORS)
            name = company_name(rng, s.country, sector, [q.last for q in people])
            attrs = [("sector", sector.lower()), ("contact", p.name)]
            out.append(make_entity(taken, "client", "client", name, attrs=attrs))
        elif kind == "unit":
            out.append(make_entity(taken, "unit", "organization", _UNITS[i % len(_UNITS)]))
        elif kind == "site":
            word = rng.choice(_SITE_WORDS.get(s.family.id, ("Site",)))
            out.append(make_entity(taken, "site", "place", f"{rng.choice(STEMS)} {word}"))
        elif kind == "property":
            addr = f"{rng.randint(3, 220)} {rng.choice(STEMS)} {rng.choice(('Road', 'Avenue', 'Court'))}, {s.city}"
            value = _money_entity(rng, s, 180_000, 1_900_000)
            out.append(make_entity(taken, "prop", "asset", addr, value, s.currency))
        elif kind == "internal":
            out.append(make_entity(taken, "team", "organization", f"{_INTERNAL[i % 6]} team"))
        else:
            name = rng.choice((f"{rng.choice(STEMS)} Foundation", f"{s.city} Partnership Board"))
            if any(e.name == name for e in out):
                name = f"{rng.choice(STEMS)} Trust"
            out.append(make_entity(taken, "org", "organization", name))
    return out


def _day(s: Setting, rng: Random, lo: int, hi: int) -> dt.date:
    return weekday_on_or_before(s.today + dt.timedelta(days=rng.randint(lo, hi)))


_LOWER_IS_BETTER = re.compile(
    r"time|wait|error|incident|falls|scrap|downtime|dna|no-show|arrears|loss ratio|open|critical|"
    r"turnover|cost per|persistent absence|forecast error|revision|latency|serious adverse|click rate|"
    r"dispensing errors|days"
)


def build_cast(rng: Random, s: Setting) -> Cast:
    """Fact sheet, projects and collaborators that agree with each other."""
    taken: set[str] = set()
    people = cast(rng, s.country, 16, avoid={s.user.name})
    out = Cast()
    clients = _clients(rng, s, taken, people[8:])
    out.entities += clients
    trade = title_case(s.domain.items[0].split()[0]) if s.domain.items else "Office"
    vendor = make_entity(
        taken,
        "vendor",
        "organization",
        supplier_name(rng, s.country, trade),
        attrs=[("account_number", f"{s.domain.ref}-{rng.randint(10000, 99999)}")],
    )
    lo, hi = s.domain.budget
    main = make_entity(
        taken,
        "budget",
        "budget",
        f"{s.year_label} {s.domain.team} budget".replace("  ", " "),
        _money_entity(rng, s, lo, hi),
        s.currency,
        [("owner", s.user.name), ("lines", str(len(s.domain.items)))],
    )
    assert main.amount is not None
    contract_value = nice_amount(main.amount * rng.uniform(0.12, 0.35) / 1, s.currency, rng)
    contract = make_entity(
        taken,
        "contract",
        "contract",
        f"{vendor.name.split(' ')[0]} {s.domain.items[-1].lower()} contract",
        contract_value,
        s.currency,
        [("supplier", vendor.name), ("renewal", str(s.today.year + 1))],
    )
    out.entities += [vendor, main, contract]
    for m in rng.sample(list(s.domain.metrics), k=min(len(s.domain.metrics), rng.randint(2, 3))):
        value = rng.uniform(m.lo, m.hi)
        value = round(value, 1) if m.unit in ("%", "score") or m.hi < 20 else float(round(value))
        if m.unit == "money":
            value = nice_amount(value, s.currency, rng)
        lower = bool(_LOWER_IS_BETTER.search(m.name.lower())) or m.unit == "days"
        target = m.lo + 0.15 * (m.hi - m.lo) if lower else m.hi - 0.1 * (m.hi - m.lo)
        target = round(target, 1) if m.hi < 50 else float(round(target))
        if m.unit == "money":
            target = nice_amount(target, s.currency)
        attrs = [("unit", m.unit), ("period", f"{s.today:%B %Y}"), ("target", f"{target:g}")]
        cur = s.currency if m.unit == "money" else None
        out.entities.append(make_entity(taken, "metric", "metric", m.name, value, cur, attrs))
    for prod in rng.sample(list(s.domain.products), k=min(2, len(s.domain.products))):
        out.entities.append(make_entity(taken, "product", "product", prod))
    place = rng.choice(s.domain.places).replace("{city}", s.city)
    out.entities.append(make_entity(taken, "place", "place", place))
    out.projects = _projects(rng, s, out, clients, main, taken)
    out.collaborators = collaborators(rng, s, out, people[:8], clients, vendor)
    return out


def _projects(
    rng: Random, s: Setting, out: Cast, clients: list[Entity], main: Entity, taken: set[str]
) -> list[Project]:
    senior = s.seniority in ("senior", "lead", "manager", "director", "executive")
    n = rng.randint(3, 5) if senior else rng.randint(2, 4)
    topics = rng.sample(list(s.domain.topics), k=min(n, len(s.domain.topics)))
    # The work the persona names comes first; the draw above is made either way, so a
    # persona that names none gets the same world as before.
    named = [d for d in s.duties if d.lower() not in {t.lower() for t in topics}]
    topics = (named + topics)[: max(n, len(named))]
    metrics = [e for e in out.entities if e.type == "metric"]
    products = [e for e in out.entities if e.type == "product"]
    projects: list[Project] = []
    for i, topic in enumerate(topics):
        client = clients[i % len(clients)]
        short = re.sub(
            r"^The |( household| Family Trust|,.*| (Ltd|LLP|Inc\.|GmbH|LLC).*)$", "", client.name
        )
        year = re.match(r"(Grade )?(\d+)", client.name)
        own = (
            topic in s.duties
            or topic in s.domain.own_topics
            or (s.domain.client == "person" and s.family.id not in _CLIENT_WORK)
        )
        if s.domain.client == "class" and year:
            name = f"{'Grade' if year.group(1) else 'Year'} {year.group(2)} {topic}"
        elif s.domain.client in ("company", "household", "person", "property", "site") and not own:
            name = f"{short} {topic}"
        else:
            name = cap(topic)
        if own and s.domain.client in ("company", "household", "person", "property", "site"):
            client = _own_work(s, taken, out)
        status = (
            "active"
            if i == 0
            else rng.choice(("active", "active", "planning", "wrapping_up", "on_hold"))
        )
        start = s.today - dt.timedelta(days=rng.randint(30, 330))
        end: dt.date | None = s.today + dt.timedelta(days=rng.randint(20, 200))
        if status == "wrapping_up":
            end = s.today + dt.timedelta(days=rng.randint(3, 30))
        elif status == "on_hold":
            end = None
        elif status == "planning":
            start = s.today - dt.timedelta(days=rng.randint(5, 40))
        due = weekday_on_or_before(end or s.today + dt.timedelta(days=60))
        words = ["deadline", "sign-off", "submission", "review meeting", "handover"]
        if rng.random() < 0.5 and (s.today - start).days > 21:
            # A milestone already behind them: the kick-off or the interim review.
            words = ["kick-off meeting", "interim review", "scoping meeting"]
            due = weekday_on_or_before(
                start + dt.timedelta(days=rng.randint(7, (s.today - start).days - 7))
            )
        word = rng.choice([w for w in words if w.split()[0] not in name.lower().split()[-1:]])
        milestone = make_entity(taken, "date", "key_date", f"{cap(name)} {word}", date=due)
        budget = main
        if rng.random() < 0.6:
            assert main.amount is not None
            amount = nice_amount(main.amount * rng.uniform(0.08, 0.3), s.currency, rng)
            budget = make_entity(
                taken, "budget", "budget", f"{cap(name)} budget", amount, s.currency
            )
            out.entities.append(budget)
        out.entities.append(milestone)
        ids = [client.id, budget.id, milestone.id]
        if metrics:
            ids.append(metrics[i % len(metrics)].id)
        if products and rng.random() < 0.5:
            ids.append(rng.choice(products).id)
        fam = [a.name for a in s.family.artifacts]
        deliver = join_words([f"the {d}" for d in rng.sample(fam, k=min(3, len(fam)))])
        assert budget.amount is not None
        desc = (
            f"{cap(rng.choice(('deliver', 'run', 'complete', 'lead')))} the {topic} for {client.name}. "
            f"Deliverables include {deliver}. Budget {money(budget.amount, s.currency)}; "
            f"{milestone.name} on {long_date(due)}."
        )
        projects.append(
            Project(
                id=_project_id(name, {p.id for p in projects}),
                name=cap(name)[:120],
                description=desc[:800],
                client=client.name[:120],
                status=status,  # type: ignore[arg-type]
                start_date=start,
                end_date=end,
                entities=ids,
            )
        )
    # A second key date nobody forgets: the budget year's end.
    year_end = _day(s, rng, -300, -30)
    out.entities.append(
        make_entity(taken, "date", "key_date", f"{s.year_label} budget review", date=year_end)
    )
    return projects


# Families whose person-clients each get their own jobs (a kitchen rewire for Mrs Ashworth);
# elsewhere a 'person' client is a customer of the business, not the owner of a project.
_CLIENT_WORK = {"skilled_trades", "architecture_design"}


def _own_work(s: Setting, taken: set[str], out: Cast) -> Entity:
    """The user's own organisation as a fact-sheet entity: the client of internal projects."""
    found = next((e for e in out.entities if e.name == s.employer), None)
    if found is None:
        name = s.employer if s.employer != "Self-employed" else f"{s.user.name} (own business)"
        found = make_entity(taken, "org", "organization", name)
        out.entities.append(found)
    return found


def _project_id(name: str, taken: set[str]) -> str:
    base = slug(name, "-", 40)
    if len(base) < 2:
        base = "project"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out
