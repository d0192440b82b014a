"""Grids about people: a class's mark book (the same pupils in every file about the class),
a portfolio's holdings, a staff rota.
"""

from __future__ import annotations

from random import Random

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import nice_amount, title_case
from engine.synth.scripted.grid_base import MIN_ROWS, Col, F, Grid
from engine.synth.scripted.people import cast
from engine.synth.scripted.writing import attr

_GOOD = (
    "Consistent effort; keep revising {t}.",
    "Strong on {t}; try the stretch questions.",
    "Good progress since the mock.",
    "Works well in practicals; write up more carefully.",
)
_WEAK = (
    "Needs to revisit {t} before the next test.",
    "Homework often late; support plan agreed.",
    "Gaps in {t}; attend Thursday catch-up.",
    "Misconceptions on {t}; see revision sheet.",
)


def class_list(b: Brief, key: str, size: int) -> list:
    """The pupils of a class: the same names in its mark book, seating plan and reports."""
    country = b.world.profile.identity.location.split(",")[-1].strip()
    return sorted(cast(b.stable("pupils", key), country, size), key=lambda p: p.last)


def pupil_record(b: Brief, key: str, name: str) -> tuple[int, int, str]:
    """A pupil's (target, working-at grade, comment): the same in the mark book and the reports."""
    data = b.stable("pupil", key, name)
    target = data.randint(4, 8)
    working = max(1, min(9, target + data.choice((-2, -1, -1, 0, 0, 0, 1, 1))))
    topics = list(b.world.domain.subject_topics or b.world.topics())
    comment = data.choice(_GOOD if working >= target else _WEAK).format(t=data.choice(topics))
    return target, working, comment


def marks(b: Brief, data: Random, n: int) -> Grid:
    course = next((e for e in b.of_type("course")), None)
    size = int(attr(course, "pupils", "28")) if course else 28
    size = max(MIN_ROWS, min(size, 34))
    key = course.id if course else "class"
    pupils = class_list(b, key, size)
    tests = ["Test 1", "Test 2", "Mock", "Test 3"]
    cols = [Col("Pupil", width=22), Col("Target", "int")] + [
        Col(t, "int", "average") for t in tests
    ]
    cols += [
        Col("Average", "decimal", "average"),
        Col("Working at", "int", "average"),
        Col("Status", width=12),
        Col("Comment", width=48),
    ]
    grid = Grid(f"{course.name.split()[0] if course else 'Class'} marks"[:31], cols)
    for i, p in enumerate(pupils):
        r = i + 2
        target, working, comment = pupil_record(b, key, p.name)
        # Scores spread around the grade's mark but averaging exactly to it, so the
        # workbook's own formula arrives at the grade the reports quote.
        d, e = data.randint(0, 7), data.randint(0, 5)
        scores = [working * 11 + d, working * 11 - d, working * 11 + e, working * 11 - e]
        avg = sum(scores) / len(scores)
        on_track = working >= target
        grid.rows.append(
            [
                f"{p.last}, {p.first}",
                target,
                *scores,
                F(f"=ROUND(AVERAGE(C{r}:F{r}),1)", round(avg, 1)),
                F(f"=MIN(9,MAX(1,ROUND(G{r}/11,0)))", working),
                F(f'=IF(H{r}>=B{r},"On track","Below")', "On track" if on_track else "Below"),
                comment,
            ]
        )
    return grid


def holdings(b: Brief, data: Random, n: int) -> Grid:
    client = next((e for e in b.of_type("client") if e.amount), None)
    total = (
        client.amount
        if client and client.amount
        else nice_amount(data.uniform(300_000, 2_000_000), b.currency)
    )
    names = [e.name for e in b.world.entities("product")]
    names += [
        f"{w} {c}"
        for w in (
            "Global",
            "UK",
            "US",
            "Emerging Markets",
            "Sterling",
            "Japan",
            "Europe ex-UK",
            "Asia Pacific",
        )
        for c in ("Equity Index", "Corporate Bond", "Income")
    ]
    classes = {
        "bond": "Bonds",
        "gilt": "Bonds",
        "equity": "Equity",
        "income": "Equity income",
        "property": "Property",
        "cash": "Cash",
        "multi-asset": "Multi-asset",
        "portfolio": "Multi-asset",
    }
    weights = [data.uniform(0.4, 2.2) for _ in range(n)]
    s = sum(weights)
    grid = Grid(
        "Holdings",
        [
            Col("Holding", width=34),
            Col("Asset class", width=14),
            Col("Units", "decimal"),
            Col("Price", "currency"),
            Col("Value", "currency", "sum"),
            Col("Weight", "percent", "sum"),
            Col("12m return", "percent", "average"),
        ],
    )
    last = n + 1
    for i in range(n):
        r = i + 2
        value = total * weights[i] / s
        price = round(data.uniform(0.8, 14.0), 4)
        units = round(value / price, 2)
        grid.rows.append(
            [
                names[i % len(names)] + ("" if i < len(names) else f" ({i // len(names) + 1})"),
                next(
                    (v for k, v in classes.items() if k in names[i % len(names)].lower()),
                    "Alternatives",
                ),
                units,
                price,
                F(f"=C{r}*D{r}", round(units * price, 2)),
                F(f"=E{r}/SUM($E$2:$E${last})", round(value / total, 4)),
                round(data.uniform(-0.06, 0.14), 4),
            ]
        )
    return grid


def rota(b: Brief, data: Random, n: int) -> Grid:
    country = b.world.profile.identity.location.split(",")[-1].strip()
    staff = cast(data, country, n)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    roles = [
        title_case(r) for r in (b.world.family.collaborator_roles if b.world.family else ("Staff",))
    ]
    grid = Grid(
        "Rota",
        [Col("Name", width=22), Col("Role", width=22)]
        + [Col(d, "decimal", "sum") for d in days]
        + [Col("Total hours", "decimal", "sum")],
    )
    for i, p in enumerate(staff):
        r = i + 2
        hours = [data.choice((0, 0, 7.5, 7.5, 8, 11.5, 4)) for _ in days]
        grid.rows.append([p.name, data.choice(roles), *hours, F(f"=SUM(C{r}:I{r})", sum(hours))])
    return grid
