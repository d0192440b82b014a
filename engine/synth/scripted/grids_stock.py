"""Grids about things and time: a stock list with reorder flags, a scheme of work by week."""

from __future__ import annotations

from random import Random

from engine.synth.scripted.brief import Brief
from engine.synth.scripted.common import nice_amount
from engine.synth.scripted.grid_base import Col, F, Grid, row_dates

_STOCK = {
    "school_teaching": [
        "Hydrochloric acid 2M (2.5 L)",
        "Sodium thiosulfate (500 g)",
        "Copper(II) sulfate (500 g)",
        "Universal indicator (1 L)",
        "Magnesium ribbon (25 g)",
        "Boiling tubes (pack of 100)",
        "Safety goggles",
        "Bunsen burner",
        "Tripod and gauze",
        "100 ml beakers (pack of 12)",
        "Filter paper (box of 100)",
        "Zinc granules (250 g)",
        "Distilled water (25 L)",
        "pH probe",
    ],
    "laboratory_science": [
        "PBS 10x (1 L)",
        "Tris base (1 kg)",
        "Ethanol absolute (2.5 L)",
        "Pipette tips 200 ul (rack)",
        "96-well plates (case)",
        "Nitrile gloves M (box)",
        "Agarose (100 g)",
        "qPCR master mix",
        "Cryovials 2 ml (pack)",
        "Falcon tubes 50 ml (case)",
    ],
    "pharmacy": [
        "Atorvastatin 20 mg x 28",
        "Amoxicillin 500 mg x 21",
        "Metformin 500 mg x 84",
        "Salbutamol 100 mcg inhaler",
        "Omeprazole 20 mg x 28",
        "Ramipril 5 mg x 28",
        "Paracetamol 500 mg x 32",
        "Sertraline 50 mg x 28",
    ],
    "it_infrastructure": [
        "Dell Latitude 5440",
        "HP EliteDisplay 24in",
        "Cisco Catalyst 9200 switch",
        "Ubiquiti U6 access point",
        "APC Smart-UPS 1500",
        "Logitech MX Keys",
        "USB-C dock",
        "Cat6 patch lead 2 m",
    ],
    "skilled_trades": [
        "2.5mm twin and earth (100 m)",
        "Consumer unit 10-way",
        "MCB 32A",
        "RCBO 40A",
        "Back box 35mm",
        "15mm copper pipe (3 m)",
        "Compression elbow 15mm",
        "PTFE tape",
        "Sealant (clear)",
    ],
    "hospitality_food": [
        "Free-range eggs (tray of 30)",
        "Double cream (2 L)",
        "Plain flour (16 kg)",
        "Rapeseed oil (20 L)",
        "Lamb rump (kg)",
        "Salmon fillet (kg)",
        "Butter (2.5 kg)",
        "House red (case of 6)",
    ],
}
_VARIANTS = ("standard", "large", "pack of 10", "spare", "replacement", "annual")


def inventory(b: Brief, data: Random, n: int) -> Grid:
    family = b.world.family.id if b.world.family else ""
    pool = list(_STOCK.get(family, []))
    pool += [f"{item} ({v})" for item in b.world.domain.items for v in _VARIANTS]
    places = [e.name for e in b.of_type("place")] + list(b.world.domain.places)
    places = [p.replace("{city}", b.world.city) for p in places]
    grid = Grid(
        "Stock",
        [
            Col("Item", width=36),
            Col("Location", width=20),
            Col("Qty", "int", "sum"),
            Col("Unit cost", "currency"),
            Col("Value", "currency", "sum"),
            Col("Reorder at", "int"),
            Col("Reorder?", width=10),
            Col("Last checked", "date"),
        ],
    )
    for i, day in enumerate(row_dates(b, data, n, 3)):
        r = i + 2
        qty, level = data.randint(0, 40), data.randint(2, 10)
        cost = nice_amount(data.uniform(2, 180), b.currency, data)
        grid.rows.append(
            [
                pool[i % len(pool)],
                data.choice(places),
                qty,
                cost,
                F(f"=C{r}*D{r}", round(qty * cost, 2)),
                level,
                F(f'=IF(C{r}<=F{r},"Yes","No")', "Yes" if qty <= level else "No"),
                day,
            ]
        )
    return grid


def lessons(b: Brief, data: Random, n: int) -> Grid:
    topics = list(b.world.domain.subject_topics or b.world.topics())
    arts = [a.name for a in b.world.family.artifacts] if b.world.family else ["worksheet"]
    grid = Grid(
        "Plan",
        [
            Col("Week", "int"),
            Col("Date", "date"),
            Col("Session", width=36),
            Col("Objective", width=48),
            Col("Resources", width=28),
            Col("Minutes", "int", "sum"),
            Col("Cumulative hours", "decimal"),
        ],
    )
    total = 0
    for i, day in enumerate(row_dates(b, data, n, 7)):
        r = i + 2
        topic = topics[(i // 3) % len(topics)]
        minutes = data.choice((50, 60, 60, 100))
        total += minutes
        part = ("introduction", "practice", "assessment")[i % 3]
        grid.rows.append(
            [
                i + 1,
                day,
                f"{topic[:1].upper() + topic[1:]} - {part}",
                f"Pupils can explain {topic} ({part})",
                data.choice(arts),
                minutes,
                F(f"=ROUND(SUM($F$2:F{r})/60,1)", round(total / 60, 1)),
            ]
        )
    return grid
