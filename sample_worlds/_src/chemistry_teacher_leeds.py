"""Hannah Brooksbank, Teacher of Chemistry and KS4 Chemistry Lead, Meanwood Grange Academy, Leeds.

Early February 2025: the Year 11 mocks (December) have been marked and analysed, the
department has seen the results, intervention groups start after half-term; the
Year 10 trip to Catalyst in Widnes is booked for 13 March; the January chemicals
order has gone in against the year's consumables budget; the KS4 scheme of work
is being rewritten; she mentors a PGCE trainee.

The pupils' marks are written once here and used by the mark book, the CSV export,
the Python analysis script's output, the analysis report, the department deck,
the parents' evening notes and the intervention list.
"""

from __future__ import annotations

from _kit import B, File, H, N, P, R, T, World, d

from engine.schema.persona import Persona
from engine.schema.plans import PlannedProject
from engine.schema.profile import UserProfile
from engine.schema.specs import (
    ChartSpec,
    Column,
    DeckSpec,
    DocSpec,
    EmlSpec,
    ImageSpec,
    PdfSpec,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    TableData,
    TextSpec,
)

USER = "Hannah Brooksbank"
EMAIL = "h.brooksbank@meanwoodgrange.org.uk"
SCHOOL = "Meanwood Grange Academy"
TRUST = "Kirkgate Learning Partnership"
MARK = "Mark Pennington"
IMRAN = "Dr Imran Qureshi"
JANET = "Janet Ellery"
TOM = "Tom Hirst"
SAM = "Sam Achebe"

# --- mock results (December 2024, AQA GCSE Chemistry Higher, two papers out of 100) ---------------
# Grade boundaries for the mock, out of 200: the June 2024 Higher-tier boundaries scaled to 200.
BOUNDARIES = [("U", 0), (3, 42), (4, 61), (5, 80), (6, 99), (7, 118), (8, 138), (9, 158)]

# surname, forename, target grade, paper 1, paper 2, pupil premium, SEN
MOCK_11C1 = [
    ("Akhtar", "Zara", 7, 43, 49, "N", "N"),
    ("Brook", "Isaac", 6, 36, 42, "N", "N"),
    ("Charlton", "Nathan", 8, 61, 73, "N", "N"),
    ("Clarke", "Niamh", 8, 88, 75, "N", "N"),
    ("Crossley", "Sana", 5, 39, 41, "N", "N"),
    ("Dawson", "Yasmin", 6, 51, 27, "N", "N"),
    ("Ellis", "Maya", 7, 52, 63, "N", "N"),
    ("Fletcher", "Amelia", 6, 49, 45, "N", "N"),
    ("Gill", "Maya", 6, 49, 57, "Y", "N"),
    ("Greenwood", "Esme", 7, 44, 61, "N", "N"),
    ("Haigh", "Theo", 7, 56, 45, "N", "N"),
    ("Holroyd", "Callum", 6, 79, 61, "N", "N"),
    ("Hussain", "Bilal", 6, 26, 44, "N", "N"),
    ("Iqbal", "Liam", 6, 61, 65, "N", "N"),
    ("Jackson", "Niamh", 7, 63, 69, "N", "N"),
    ("Khan", "Daniel", 6, 52, 56, "N", "N"),
    ("Kowalski", "Jack", 6, 65, 66, "N", "N"),
    ("Lister", "Millie", 6, 42, 46, "N", "N"),
    ("Metcalfe", "Grace", 7, 58, 61, "Y", "N"),
    ("Nowak", "Josh", 4, 24, 22, "Y", "Y"),
    ("Patel", "Daniel", 5, 60, 70, "N", "N"),
    ("Sutcliffe", "Keira", 5, 18, 28, "Y", "N"),
    ("Thornton", "Kai", 7, 71, 74, "N", "N"),
    ("Turner", "Chloe", 8, 81, 76, "N", "N"),
    ("Uddin", "Umar", 6, 45, 52, "Y", "N"),
    ("Whiteley", "Ella", 8, 78, 58, "N", "N"),
    ("Zielinski", "George", 6, 61, 56, "N", "Y"),
]
MOCK_11C2 = [
    ("Ali", "Jacob", 5, 34, 19, "Y", "N"),
    ("Barker", "Ben", 5, 49, 43, "N", "Y"),
    ("Bashir", "Will", 6, 40, 55, "Y", "N"),
    ("Booth", "Liam", 4, 40, 21, "N", "N"),
    ("Broadbent", "Max", 6, 39, 64, "N", "N"),
    ("Demir", "Reece", 4, 39, 41, "N", "Y"),
    ("Dyson", "Ryan", 6, 55, 38, "N", "N"),
    ("Hartley", "Freya", 4, 34, 30, "Y", "N"),
    ("Kaur", "Jasleen", 4, 25, 21, "N", "Y"),
    ("Mahmood", "Hamza", 6, 55, 62, "N", "N"),
    ("Mistry", "Arjun", 6, 72, 49, "Y", "N"),
    ("Moss", "Niamh", 4, 40, 55, "N", "N"),
    ("Nash", "Victoria", 6, 43, 45, "N", "N"),
    ("O'Brien", "Ella", 7, 80, 71, "N", "N"),
    ("Okafor", "Tobi", 6, 64, 64, "N", "N"),
    ("Patel", "Riya", 4, 31, 37, "N", "Y"),
    ("Pearson", "Lily", 4, 23, 32, "N", "N"),
    ("Quinn", "Harvey", 4, 28, 31, "N", "N"),
    ("Rashid", "Aleena", 5, 46, 51, "Y", "N"),
    ("Riley", "Jacob", 5, 45, 48, "N", "N"),
    ("Robinson", "Leah", 6, 60, 46, "N", "N"),
    ("Shaw", "Tyler", 4, 20, 23, "N", "N"),
    ("Tahir", "Alfie", 5, 51, 47, "N", "N"),
    ("Varley", "Josh", 4, 41, 38, "N", "Y"),
    ("Walker", "Ruby", 4, 28, 36, "N", "N"),
    ("Wood", "Freya", 7, 53, 50, "N", "N"),
    ("Yousaf", "Adam", 4, 37, 31, "N", "N"),
]
# 10C2 (Hannah's Year 10 triple group): surname, forename, target, Autumn 1 test /50, Autumn 2 test /50
CLASS_10C2 = [
    ("Ahmed", "Sana", 7, 37, 29), ("Ali", "Rehan", 6, 32, 30), ("Barker", "Esme", 9, 47, 49),
    ("Brook", "Poppy", 7, 32, 20), ("Demir", "Ella", 7, 37, 41), ("Dyson", "Zac", 5, 27, 12),
    ("Fletcher", "Farah", 5, 25, 28), ("Hartley", "Chloe", 5, 25, 29), ("Hussain", "Ruby", 6, 32, 22),
    ("Khan", "Ayaan", 7, 37, 28), ("Lee", "Isla", 5, 23, 25), ("Lister", "Charlie", 6, 37, 34),
    ("Metcalfe", "Maya", 7, 42, 38), ("Ndlovu", "Tendai", 6, 34, 25), ("O'Brien", "Owen", 7, 38, 36),
    ("Pearson", "Nathan", 7, 38, 45), ("Quinn", "Daniel", 6, 35, 24), ("Raine", "Lily", 7, 39, 43),
    ("Rashid", "Yusuf", 5, 22, 28), ("Riley", "Daniel", 8, 42, 42), ("Robinson", "Niamh", 5, 26, 28),
    ("Stead", "Ella", 8, 48, 47), ("Sykes", "Poppy", 7, 40, 37), ("Turner", "Callum", 6, 36, 31),
    ("Uddin", "Charlie", 7, 37, 39), ("Walker", "Isaac", 5, 34, 23), ("Webster", "Maya", 7, 36, 49),
    ("Zielinski", "Max", 4, 21, 14),
]


def grade(total: int) -> str | int:
    g: str | int = "U"
    for name, low in BOUNDARIES:
        if total >= low:
            g = name
    return g


def gnum(total: int) -> int:
    g = grade(total)
    return 0 if g == "U" else int(g)


def stats(rows) -> dict:
    totals = [p1 + p2 for _, _, _, p1, p2, _, _ in rows]
    grades = [gnum(t) for t in totals]
    resid = [g - tgt for g, (_, _, tgt, *_rest) in zip(grades, rows, strict=True)]
    n = len(rows)
    return {
        "n": n,
        "mean_pct": sum(totals) / n / 2,
        "pct4": 100 * sum(g >= 4 for g in grades) / n,
        "pct7": 100 * sum(g >= 7 for g in grades) / n,
        "n4": sum(g >= 4 for g in grades),
        "n7": sum(g >= 7 for g in grades),
        "resid": sum(resid) / n,
        "below2": [(s, f) for (s, f, *_r), r in zip(rows, resid, strict=True) if r <= -2],
        "dist": [sum(1 for g in grades if g == k) for k in range(0, 10)],
    }


S1, S2 = stats(MOCK_11C1), stats(MOCK_11C2)
BOTH = stats(MOCK_11C1 + MOCK_11C2)
INTERVENTION = sorted(S1["below2"] + S2["below2"])


def p0(x: float) -> str:
    return f"{x:.0f}%"


# --- chemistry consumables budget 2024-25 ------------------------------------------------------------
BUDGET = 3_950.00
SEPT_ORDER = 1_612.40
# catalogue no., item, pack, qty, unit price ex VAT
JAN_ORDER = [
    ("NLS-C4410", "Sodium thiosulfate-5-water", "500 g", 2, 8.95),
    ("NLS-A1022", "Hydrochloric acid 36% (concentrated)", "2.5 L", 2, 18.40),
    ("NLS-C2290", "Copper(II) sulfate-5-water", "500 g", 2, 11.20),
    ("NLS-I0815", "Universal indicator solution", "500 ml", 3, 7.60),
    ("NLS-M0120", "Magnesium ribbon", "25 g roll", 4, 6.35),
    ("NLS-S3305", "Sodium hydroxide pellets", "500 g", 2, 9.80),
    ("NLS-S6610", "Silver nitrate solution 0.05 M", "500 ml", 2, 24.50),
    ("NLS-B0730", "Barium chloride solution 0.1 M", "500 ml", 1, 9.90),
    ("NLS-P7702", "Chromatography paper, 200 x 200 mm", "100 sheets", 2, 14.50),
    ("NLS-F1101", "Flame test wires, nichrome", "pack of 10", 3, 6.70),
    ("NLS-E2050", "Carbon (graphite) electrodes", "pack of 10", 2, 15.80),
    ("NLS-G1150", "Burette 50 ml, class B, PTFE tap", "each", 12, 11.90),
    ("NLS-G3012", "Pipette filler, 3-valve", "each", 15, 3.40),
    ("NLS-G2250", "Conical flask 250 ml, borosilicate", "pack of 10", 3, 12.80),
    ("NLS-G0415", "Boiling tubes 150 x 25 mm", "pack of 100", 2, 18.60),
    ("NLS-H0330", "Safety spectacles, EN166", "each", 30, 1.95),
    ("NLS-H0505", "Nitrile gloves, medium", "box of 100", 4, 5.90),
]
JAN_TOTAL = round(sum(q * p for *_x, q, p in JAN_ORDER), 2)
SPENT = round(SEPT_ORDER + JAN_TOTAL, 2)
LEFT = round(BUDGET - SPENT, 2)

# --- Catalyst trip ---------------------------------------------------------------------------------------
TRIP_PUPILS = 58  # 10C1 (30) and 10C2 (28)
TRIP_STAFF = 5
COACH = 695.00
ENTRY = 9.50
TRIP_COST = COACH + ENTRY * TRIP_PUPILS
PER_PUPIL = TRIP_COST / TRIP_PUPILS
CONTRIBUTION = -(-PER_PUPIL // 0.5) * 0.5  # rounded up to the next 50p, as the workbook's CEILING

# ---------------------------------------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------------------------------------

PERSONA = Persona(
    text="A secondary-school chemistry teacher in Leeds who leads GCSE chemistry, writes the "
    "department's practical risk assessments, runs the lab budget and is mentoring a trainee "
    "teacher this year.",
    occupation="Chemistry Teacher",
    occupation_family="school_teaching",
    industry="education",
    seed=202,
    source="text",
)

PROFILE = UserProfile.model_validate(
    {
        "identity": {
            "full_name": USER,
            "username": "hbrooksbank",
            "email": EMAIL,
            "role": "Teacher of Chemistry and KS4 Chemistry Lead",
            "organization": SCHOOL,
            "organization_context": f"An 11-18 academy of about 1,150 pupils in north Leeds, part of the "
            f"{TRUST} (five schools). The science department has fourteen teachers and three "
            "technicians; Hannah is one of four chemists and leads GCSE chemistry (AQA 8462 triple "
            "and the chemistry in 8464 combined science).",
            "location": "Leeds, United Kingdom",
            "career_stage": "mid_career",
            "years_experience": 10,
        },
        "biography": "Hannah grew up in Huddersfield, read chemistry at the University of Sheffield "
        "and spent three years as a quality-control chemist at a dye manufacturer before training "
        "to teach at Leeds Trinity. She taught at Pudsey Hollins High School for four years and "
        "joined Meanwood Grange in 2019. She is practical and organised, keeps a mark book with "
        "more formulas than anyone else in the department, writes small Python scripts to analyse "
        "results, and is the person colleagues ask about CLEAPSS. She runs the Year 10 Catalyst "
        "trip every spring and walks in the Dales at weekends.",
        "career_history": [
            {"title": "Quality Control Chemist", "organization": "Colne Valley Colours Ltd", "start_year": 2011, "end_year": 2014, "summary": "Ran colour-matching and purity tests on reactive dyes; trained new lab staff."},
            {"title": "PGCE Secondary Science (Chemistry)", "organization": "Leeds Trinity University", "start_year": 2014, "end_year": 2015, "summary": "Placements in Bradford and Leeds; dissertation on practical work and attainment."},
            {"title": "Teacher of Science", "organization": "Pudsey Hollins High School", "start_year": 2015, "end_year": 2019, "summary": "Taught KS3-KS5; ran the STEM club."},
            {"title": "Teacher of Chemistry (KS4 Chemistry Lead from 2022)", "organization": SCHOOL, "start_year": 2019, "end_year": None, "summary": "Teaches Years 8-13; leads GCSE chemistry, the risk assessments and the chemistry budget."},
        ],
        "work_context": "A full timetable (22 of 25 periods) with 11C1 and 10C2 (triple chemistry), "
        "11S3 and 10S4 (combined science) and a Year 8 group. As KS4 chemistry lead she writes "
        "the schemes of work, analyses assessment data for the department, keeps the chemistry "
        "stock and consumables budget with the senior technician, and writes the CLEAPSS-based "
        "risk assessments for required practicals. This year she also mentors a PGCE trainee. "
        "Pressure points: Year 11 results, marking, and getting practical work done with two labs "
        "for four chemists.",
        "current_projects": [
            {
                "id": "y11-mocks-2025",
                "name": "Year 11 chemistry mocks: analysis and intervention",
                "description": "Analyse the December 2024 triple-chemistry mocks (11C1 and 11C2), "
                "report to the department, give feedback at parents' evening and run Period 6 "
                "intervention for pupils two or more grades below target until the GCSEs in May.",
                "client": "Science department",
                "status": "active",
                "start_date": "2024-12-02",
                "end_date": "2025-05-16",
                "entities": ["class_11c1", "class_11c2", "mock_boundaries", "dept_meeting", "parents_evening"],
            },
            {
                "id": "ks4-sow-rewrite",
                "name": "KS4 chemistry scheme of work rewrite",
                "description": "Rewrite the Year 10 and 11 triple chemistry scheme of work around the "
                "eight required practicals, with retrieval starters and one assessed practical "
                "write-up per half-term, ready for September 2025.",
                "client": "Science department",
                "status": "active",
                "start_date": "2024-06-03",
                "end_date": "2025-07-18",
                "entities": ["class_10c2"],
            },
            {
                "id": "lab-budget",
                "name": "Chemistry consumables budget and stock 2024-25",
                "description": "Keep chemistry spending within the year's consumables allocation, "
                "keep the stock list current with the senior technician, and place the termly orders.",
                "client": "Science department",
                "status": "active",
                "start_date": "2024-09-02",
                "end_date": "2025-07-18",
                "entities": ["budget_chem", "supplier"],
            },
            {
                "id": "y10-catalyst-trip",
                "name": "Year 10 trip to Catalyst, Widnes",
                "description": "Take the two Year 10 triple-chemistry groups to the Catalyst Science "
                "Discovery Centre for an industrial chemistry workshop: costing, letters, consent, "
                "risk assessment and the visit itself.",
                "client": "Year 10 triple chemistry pupils",
                "status": "active",
                "start_date": "2025-01-06",
                "end_date": "2025-03-13",
                "entities": ["trip_catalyst", "class_10c2"],
            },
        ],
        "collaborators": [
            {"name": MARK, "role": "Head of Science", "relationship": "manager", "organization": SCHOOL, "communication_style": "Short emails between lessons; wants headline numbers and what you need from him.", "email": "m.pennington@meanwoodgrange.org.uk", "projects": ["y11-mocks-2025", "ks4-sow-rewrite", "lab-budget"]},
            {"name": IMRAN, "role": "Teacher of Chemistry (teaches 11C2)", "relationship": "peer", "organization": SCHOOL, "communication_style": "Thorough, sceptical of data that has not been moderated; replies in the evening.", "email": "i.qureshi@meanwoodgrange.org.uk", "projects": ["y11-mocks-2025", "ks4-sow-rewrite"]},
            {"name": JANET, "role": "Senior Science Technician", "relationship": "peer", "organization": SCHOOL, "communication_style": "Practical and direct; needs practical requests a week ahead on the prep sheet.", "email": "j.ellery@meanwoodgrange.org.uk", "projects": ["lab-budget"]},
            {"name": TOM, "role": "PGCE trainee teacher (Leeds Beckett University)", "relationship": "direct_report", "organization": "Leeds Beckett University", "communication_style": "Keen, asks a lot of questions, sometimes over-plans.", "email": "t.hirst@meanwoodgrange.org.uk", "projects": ["ks4-sow-rewrite"]},
            {"name": SAM, "role": "Head of Year 11", "relationship": "peer", "organization": SCHOOL, "communication_style": "Friendly, works in lists of names; cares about attendance and parents.", "email": "s.achebe@meanwoodgrange.org.uk", "projects": ["y11-mocks-2025"]},
            {"name": "Gemma Walsh", "role": "Educational Visits Coordinator", "relationship": "other", "organization": SCHOOL, "communication_style": "Procedural; will not sign off a trip without the paperwork on EVOLVE.", "email": "g.walsh@meanwoodgrange.org.uk", "projects": ["y10-catalyst-trip"]},
        ],
        "software": ["Word", "Excel", "PowerPoint", "Outlook", "SIMS", "Microsoft Teams", "Python (IDLE)", "Seneca Learning", "EVOLVE"],
        "work_habits": {
            "tidiness": "organized",
            "naming_style": "descriptive",
            "naming_convention": "Plain descriptive names with the class or date: 'Lesson plan - Titration (observed) 11C1.docx', 'Dept meeting minutes 2025-01-29.docx'.",
            "version_suffix_habit": "mixed",
            "version_suffix_examples": [" v1", " v2", " FINAL"],
            "uses_dated_folders": True,
            "archives_old_work": False,
            "downloads_habit": "never_cleaned",
            "desktop_habit": "cluttered",
            "tech_level": "advanced",
            "computer_usage": "heavy",
        },
        "filesystem": {
            "os": "windows",
            "volumes": [{"label": "C:", "mount": "C:/", "folder": "C", "kind": "system", "purpose": "The school laptop; Documents is synced to the trust's OneDrive."}],
            "home": "C:/Users/hbrooksbank",
            "documents": "C:/Users/hbrooksbank/Documents",
            "downloads": "C:/Users/hbrooksbank/Downloads",
            "desktop": "C:/Users/hbrooksbank/Desktop",
            "cloud_sync": "onedrive",
            "storage_pattern": "Teaching by academic year and class; assessments by exam series; practicals, department, trips and CPD in their own folders; Downloads never cleared.",
            "organization_style": "By area of responsibility, then by year or class.",
        },
        "fact_sheet": {
            "entities": [
                {"id": "school", "type": "organization", "name": SCHOOL, "description": f"11-18 academy, north Leeds, in the {TRUST}.", "attributes": [{"key": "labs", "value": "S4 and S5 (chemistry), prep room S6"}]},
                {"id": "class_11c1", "type": "course", "name": "11C1 (Year 11 triple chemistry, Hannah)", "description": f"{S1['n']} pupils.", "attributes": [{"key": "pupils", "value": str(S1["n"])}]},
                {"id": "class_11c2", "type": "course", "name": "11C2 (Year 11 triple chemistry, Dr Qureshi)", "description": f"{S2['n']} pupils.", "attributes": [{"key": "pupils", "value": str(S2["n"])}]},
                {"id": "class_10c2", "type": "course", "name": "10C2 (Year 10 triple chemistry, Hannah)", "description": f"{len(CLASS_10C2)} pupils.", "attributes": [{"key": "pupils", "value": str(len(CLASS_10C2))}]},
                {"id": "mock_boundaries", "type": "metric", "name": "Y11 mock grade boundaries (out of 200)", "description": "June 2024 AQA Higher boundaries scaled to 200.", "attributes": [{"key": "grade_4", "value": "61"}, {"key": "grade_7", "value": "118"}]},
                {"id": "budget_chem", "type": "budget", "name": "Chemistry consumables budget 2024-25", "amount": BUDGET, "currency": "GBP"},
                {"id": "supplier", "type": "organization", "name": "Northern Lab Supplies Ltd", "description": "The department's main chemicals and glassware supplier (account MGA-2207)."},
                {"id": "trip_catalyst", "type": "key_date", "name": "Year 10 trip to Catalyst, Widnes", "date": "2025-03-13", "attributes": [{"key": "contribution", "value": f"£{CONTRIBUTION:.2f} per pupil"}]},
                {"id": "dept_meeting", "type": "key_date", "name": "Science department meeting: Y11 mocks", "date": "2025-01-29"},
                {"id": "parents_evening", "type": "key_date", "name": "Year 11 parents' evening", "date": "2025-01-16"},
            ]
        },
    }
)

PROJECTS = [
    PlannedProject(id="y11-mocks-2025", name="Year 11 chemistry mocks: analysis and intervention", status="current"),
    PlannedProject(id="ks4-sow-rewrite", name="KS4 chemistry scheme of work rewrite", status="current"),
    PlannedProject(id="lab-budget", name="Chemistry consumables budget and stock 2024-25", status="current"),
    PlannedProject(id="y10-catalyst-trip", name="Year 10 trip to Catalyst, Widnes", status="current"),
    PlannedProject(id="teaching-2024-25", name="Day-to-day teaching 2024-25", status="current", summary="Lesson plans, slides and the mark book."),
    PlannedProject(id="mentoring", name="Mentoring a PGCE trainee", status="current"),
    PlannedProject(id="personal", name="Personal", status="personal"),
]

# ---------------------------------------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------------------------------------

TEACH = "Documents/Teaching/2024-25"
MOCKS = "Documents/Assessment/Y11 Mocks Dec 2024"
RA = "Documents/Practicals/Risk Assessments"
LAB = "Documents/Practicals/Lab Inventory and Orders"
TRIP = "Documents/Trips/Y10 Catalyst March 2025"

FOLDERS = {
    "Desktop": ("Whatever she is working on this week.", "work"),
    "Downloads": ("Specifications, policies and brochures; never cleared.", "downloads"),
    "Documents": ("Her school work, synced to OneDrive.", "work"),
    "Documents/Schemes of Work": ("KS4 chemistry schemes of work, drafts and overview.", "work"),
    "Documents/Teaching": ("Lesson plans, slides and mark books by academic year.", "work"),
    TEACH: ("This year's teaching.", "work"),
    f"{TEACH}/11C1": ("Year 11 triple chemistry: plans and resources.", "work"),
    f"{TEACH}/10C2": ("Year 10 triple chemistry: plans and slides.", "work"),
    f"{TEACH}/Mark Books": ("The mark book for her classes.", "work"),
    "Documents/Assessment": ("Assessment data by exam series.", "work"),
    MOCKS: ("The Year 11 chemistry mock export, analysis script, outputs and report.", "work"),
    "Documents/Practicals": ("Everything for practical work.", "work"),
    RA: ("CLEAPSS-based risk assessments for required practicals.", "work"),
    LAB: ("Stock list, orders and supplier paperwork.", "work"),
    "Documents/Department": ("Department business.", "work"),
    "Documents/Department/Meetings": ("Department meeting decks and minutes.", "work"),
    "Documents/Parents Evening": ("Notes from parents' evenings.", "work"),
    "Documents/Trips": ("One folder per trip.", "work"),
    TRIP: ("Costing, letters, risk assessment and booking for the Catalyst trip.", "work"),
    "Documents/CPD": ("CPD notes and mentoring records.", "work"),
    "Documents/Personal": ("Pension statement and walking plans.", "personal"),
}

FILES: list[File] = []


def add(*files: File) -> None:
    FILES.extend(files)


def cur(v: float) -> dict:
    return {"type": "currency", "value": v}


def num(v, fmt: str) -> dict:
    return {"type": "number", "value": v, "format": fmt}


# --- Schemes of work ----------------------------------------------------------------------------------------

_SOW_TOPICS = [
    # year, half-term, topic, lessons, required practical, end-of-topic assessment
    (10, "Autumn 1", "Atomic structure and the periodic table", 14, "", "Topic test (50 marks)"),
    (10, "Autumn 2", "Bonding, structure and properties of matter", 13, "", "Topic test (50 marks)"),
    (10, "Spring 1", "Quantitative chemistry", 12, "RP2 Titration (triple only) - moved to Y11", "Moles quiz + topic test"),
    (10, "Spring 2", "Chemical changes (incl. electrolysis)", 15, "RP1 Making salts; RP3 Electrolysis", "Practical write-up RP3"),
    (10, "Summer 1", "Energy changes", 8, "RP4 Temperature changes", "Topic test (50 marks)"),
    (10, "Summer 2", "Rates and equilibrium", 12, "RP5 Rates of reaction", "End of Year 10 exam"),
    (11, "Autumn 1", "Organic chemistry", 12, "", "Topic test (50 marks)"),
    (11, "Autumn 2", "Chemical analysis; titration revisit", 10, "RP6 Chromatography; RP7 Identifying ions; RP2 Titration", "Mock (December)"),
    (11, "Spring 1", "Chemistry of the atmosphere", 7, "", "Topic test (40 marks)"),
    (11, "Spring 2", "Using resources", 10, "RP8 Water purification", "Required practicals quiz"),
    (11, "Summer 1", "Revision and exam practice", 12, "", "GCSE Paper 1 and Paper 2"),
]

add(
    File(
        path="Documents/Schemes of Work/KS4 Chemistry SoW overview 2024-25.xlsx",
        purpose="Overview of the KS4 triple chemistry scheme of work: topic per half-term, lessons, required practicals and assessments.",
        created=d("2023-07-12 13:40"),
        modified=d("2024-09-04 16:10"),
        projects=("ks4-sow-rewrite",),
        entities=("school",),
        spec=SheetSpec(
            title="KS4 Chemistry SoW overview",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Overview",
                    columns=[
                        Column(header="Year", format="int"),
                        Column(header="Half-term", width=11),
                        Column(header="Topic (AQA 8462)", width=44),
                        Column(header="Lessons", format="int", total="sum"),
                        Column(header="Required practical", width=50),
                        Column(header="Assessment", width=30),
                    ],
                    rows=[list(t) for t in _SOW_TOPICS],
                    totals_row=True,
                ),
                Sheet(
                    name="Lessons by year",
                    columns=[Column(header="Year", format="int"), Column(header="Lessons", format="int"), Column(header="Required practicals", format="int")],
                    rows=[
                        [10, f"=SUMIF(Overview!A2:A{len(_SOW_TOPICS) + 1},A2,Overview!D2:D{len(_SOW_TOPICS) + 1})", 4],
                        [11, f"=SUMIF(Overview!A2:A{len(_SOW_TOPICS) + 1},A3,Overview!D2:D{len(_SOW_TOPICS) + 1})", 4],
                    ],
                ),
            ],
        ),
    ),
)


def _sow_doc(version: int) -> DocSpec:
    v2 = version == 2
    weeks = [
        ("1", "Reactivity series: metals with water and acid", "Order metals by reactivity from observations; write word and symbol equations.", "Seneca: reactivity series"),
        ("1", "Displacement reactions and ionic equations", "Predict displacement; write ionic equations and identify what is oxidised.", "Worksheet 4.1"),
        ("2", "Extraction of metals and OIL RIG", "Explain reduction with carbon; define oxidation and reduction as electron loss and gain.", "Exam questions set A"),
        ("2", "Acids and alkalis; pH scale and neutralisation", "Use the pH scale; H+ and OH- ions; strong and weak acids (triple).", "Seneca: acids"),
        ("3", "RP1: Making copper(II) sulfate crystals", "Prepare a pure dry salt from an insoluble base; evaluate the method.", "RP1 write-up"),
        ("3", "Titration calculations (triple)", "Calculate concentrations in mol/dm3 and g/dm3 from titration results.", "Calculation sheet" if not v2 else "Moved to Y11 Autumn 2 (see note)"),
        ("4", "Electrolysis: principles and molten compounds", "Predict products at each electrode for molten ionic compounds.", "Worksheet 4.3"),
        ("4", "RP3: Electrolysis of aqueous solutions", "Investigate the products of electrolysis of CuSO4 and NaCl solutions; test for gases.", "RP3 write-up (assessed)"),
        ("5", "Half equations at electrodes (HT)", "Write half equations; link to OIL RIG.", "Exam questions set B"),
        ("5", "Extraction of aluminium; end-of-topic review", "Explain why cryolite is used and why the anodes are replaced.", "Topic test revision"),
    ]
    blocks = [
        H("Year 10 triple chemistry: Chemical changes"),
        P("Spring 2 · 15 lessons over 6 weeks (2-3 lessons a week) · AQA 8462 section 4.4 · "
          + ("Draft v2 with MP's comments addressed" if v2 else "Draft v1 for the department")),
        H("Big questions", 2),
        B(
            "Why are some metals found as elements and others have to be extracted?",
            "What happens to the ions when an electric current passes through a solution?",
            "How do chemists make a pure, dry salt and know how much they have made?",
        ),
        H("Sequence", 2),
        T(["Week and lesson", "Pupils will", "Homework / resource"], [[f"Week {w}: {lesson}", aim, hw] for w, lesson, aim, hw in weeks]),
        H("Required practicals", 2),
        P("RP1 (making salts) in week 3 and RP3 (electrolysis) in week 4. Technician requests on the "
          "prep sheet by the Thursday of the week before. RP3 is the assessed write-up for the "
          "half-term: use the department's practical write-up mark scheme (method, results table, "
          "conclusion with a half equation, one evaluation point)."),
        H("Common misconceptions", 2),
        B(
            "Electrons flowing through the solution (it is the ions that move).",
            "'Reduction is losing oxygen' as the only definition: use electrons from week 2 onwards.",
            "Hydrogen at the cathode only for acids: from aqueous NaCl it is hydrogen because sodium is more reactive than hydrogen.",
        ),
    ]
    if v2:
        blocks += [
            H("Changes in v2", 2),
            B(
                "Titration calculations moved to Year 11 Autumn 2 with RP2, as Mark suggested: the "
                "December mock showed titration is remembered better when it is taught close to the exam.",
                "Retrieval starter every lesson (three questions from earlier topics), from the department's shared bank.",
                "Week 6 is now a review and assessment week rather than new content.",
            ),
        ]
    return DocSpec(title="Y10 Triple SoW - Chemical Changes", author=USER, blocks=blocks)


add(
    File(
        path="Documents/Schemes of Work/Y10 Triple SoW - Chemical Changes v1.docx",
        purpose="First draft of the rewritten Year 10 triple chemistry scheme of work for Chemical changes.",
        created=d("2024-11-05 19:20"),
        modified=d("2024-11-10 21:05"),
        projects=("ks4-sow-rewrite",),
        entities=("class_10c2",),
        links=(("derived_from", "Documents/Schemes of Work/KS4 Chemistry SoW overview 2024-25.xlsx"),),
        spec=_sow_doc(1),
    ),
    File(
        path="Documents/Schemes of Work/Y10 Triple SoW - Chemical Changes v2 (MP comments).docx",
        purpose="Second draft after the Head of Science's comments: titration moved to Year 11, retrieval starters added.",
        created=d("2025-01-20 18:30"),
        modified=d("2025-01-21 20:15"),
        projects=("ks4-sow-rewrite",),
        entities=("class_10c2",),
        links=(("version_of", "Documents/Schemes of Work/Y10 Triple SoW - Chemical Changes v1.docx"),),
        spec=_sow_doc(2),
    ),
)

# --- Mark book ---------------------------------------------------------------------------------------------

_b_rows = [[g if g == "U" else num(g, "int"), num(low, "int")] for g, low in BOUNDARIES]
_nb = len(BOUNDARIES) + 1


def _mb_11c1() -> list:
    rows = []
    autumn = {  # Autumn 1 (organic) and Autumn 2 (analysis) topic tests, out of 50
        "Akhtar": (31, 27), "Brook": (26, 24), "Charlton": (38, 41), "Clarke": (46, 44), "Crossley": (27, 25),
        "Dawson": (30, 22), "Ellis": (35, 33), "Fletcher": (29, 30), "Gill": (31, 33), "Greenwood": (33, 29),
        "Haigh": (32, 31), "Holroyd": (41, 40), "Hussain": (22, 25), "Iqbal": (37, 36), "Jackson": (38, 39),
        "Khan": (32, 31), "Kowalski": (39, 37), "Lister": (28, 27), "Metcalfe": (35, 36), "Nowak": (17, 15),
        "Patel": (36, 38), "Sutcliffe": (19, 16), "Thornton": (42, 43), "Turner": (45, 46), "Uddin": (29, 31),
        "Whiteley": (44, 39), "Zielinski": (34, 35),
    }
    for i, (s, f, tgt, p1, p2, pp, sen) in enumerate(MOCK_11C1, start=2):
        a1, a2 = autumn[s]
        rows.append([
            s, f, num(tgt, "int"), pp, sen, num(a1, "int"), num(a2, "int"), num(p1, "int"), num(p2, "int"),
            f"=H{i}+I{i}", f"=J{i}/200",
            f"=LOOKUP(J{i},Boundaries!$B$2:$B${_nb},Boundaries!$A$2:$A${_nb})",
            f'=IF(L{i}="U",0,L{i})-C{i}',
        ])
    return rows


add(
    File(
        path=f"{TEACH}/Mark Books/Markbook 2024-25 Y10-Y11.xlsx",
        purpose="Hannah's mark book: 11C1 topic tests and December mock with totals, grades and residuals by formula; 10C2 topic tests; the mock boundaries.",
        created=d("2024-09-03 17:25"),
        modified=d("2025-01-08 21:40"),
        projects=("teaching-2024-25", "y11-mocks-2025"),
        entities=("class_11c1", "class_10c2", "mock_boundaries"),
        spec=SheetSpec(
            title="Markbook 2024-25",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="11C1",
                    columns=[
                        Column(header="Surname", width=12), Column(header="Forename", width=10),
                        Column(header="Target", format="int"), Column(header="PP"), Column(header="SEN"),
                        Column(header="Organic /50", format="int", total="average"),
                        Column(header="Analysis /50", format="int", total="average"),
                        Column(header="Mock P1 /100", format="int", total="average"),
                        Column(header="Mock P2 /100", format="int", total="average"),
                        Column(header="Mock /200", format="int", total="average"),
                        Column(header="Mock %", format="percent", total="average"),
                        Column(header="Mock grade"),
                        Column(header="vs target", format="decimal", total="average"),
                    ],
                    rows=_mb_11c1(),
                    totals_row=True,
                    totals_label="Class average",
                ),
                Sheet(
                    name="10C2",
                    columns=[
                        Column(header="Surname", width=12), Column(header="Forename", width=10), Column(header="Target", format="int"),
                        Column(header="Atomic structure /50", format="int", total="average"),
                        Column(header="Bonding /50", format="int", total="average"),
                        Column(header="Average %", format="percent", total="average"),
                    ],
                    rows=[[s, f, num(t, "int"), num(a1, "int"), num(a2, "int"), f"=(D{i}+E{i})/100"]
                          for i, (s, f, t, a1, a2) in enumerate(CLASS_10C2, start=2)],
                    totals_row=True,
                    totals_label="Class average",
                ),
                Sheet(
                    name="Boundaries",
                    columns=[Column(header="Grade"), Column(header="Min mark /200", format="int")],
                    rows=_b_rows,
                ),
            ],
        ),
    ),
)

# --- Y11 mocks: export, script, outputs ---------------------------------------------------------------------

_csv_lines = ["candidate_no,class,surname,forename,target,p1,p2,pp,sen"]
for cls, rows, start in (("11C1", MOCK_11C1, 4101), ("11C2", MOCK_11C2, 4201)):
    for k, (s, f, tgt, p1, p2, pp, sen) in enumerate(rows):
        _csv_lines.append(f"{start + k},{cls},{s},{f},{tgt},{p1},{p2},{pp},{sen}")
MOCK_CSV = "\n".join(_csv_lines) + "\n"

MOCK_PY = '''"""Analyse the Y11 triple chemistry mock export (December 2024).

Reads mock_results_11C1_11C2.csv (exported from the department assessment
sheet), works out each pupil's grade from the mock boundaries, and prints a
summary per class: mean %, % at grade 4+ and 7+, average residual against
target, and the pupils two or more grades below target (the P6 intervention
list). Also draws the grade distribution chart for the department meeting.

Usage:  python mock_analysis.py [csv]        (writes mock_summary.txt beside it)
H. Brooksbank, Jan 2025
"""

import csv
import sys
from collections import Counter
from pathlib import Path

# Mock boundaries out of 200: June 2024 AQA Higher scaled (same as the mark book's Boundaries sheet)
BOUNDARIES = [(9, 158), (8, 138), (7, 118), (6, 99), (5, 80), (4, 61), (3, 42)]


def grade(total):
    for g, low in BOUNDARIES:
        if total >= low:
            return g
    return 0  # U


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["total"] = int(r["p1"]) + int(r["p2"])
        r["grade"] = grade(r["total"])
        r["residual"] = r["grade"] - int(r["target"])
    return rows


def summarise(rows):
    n = len(rows)
    return {
        "n": n,
        "mean_pct": sum(r["total"] for r in rows) / n / 2,
        "pct4": 100 * sum(r["grade"] >= 4 for r in rows) / n,
        "pct7": 100 * sum(r["grade"] >= 7 for r in rows) / n,
        "residual": sum(r["residual"] for r in rows) / n,
        "dist": Counter(r["grade"] for r in rows),
    }


def report(rows):
    lines = ["Y11 triple chemistry mock (Dec 2024) - summary", ""]
    for cls in [*sorted({r["class"] for r in rows}), "All"]:
        group = rows if cls == "All" else [r for r in rows if r["class"] == cls]
        s = summarise(group)
        lines.append(f"{cls}: n={s['n']}  mean={s['mean_pct']:.1f}%  4+={s['pct4']:.0f}%  "
                     f"7+={s['pct7']:.0f}%  avg residual={s['residual']:+.2f}")
        dist = "  ".join(f"{'U' if g == 0 else g}:{s['dist'].get(g, 0)}" for g in range(9, -1, -1) if g != 1 and g != 2)
        lines.append(f"    grades  {dist}")
    lines.append("")
    below = sorted((r for r in rows if r["residual"] <= -2), key=lambda r: (r["class"], r["surname"]))
    lines.append(f"Two or more grades below target: {len(below)}")
    for r in below:
        lines.append(f"    {r['class']}  {r['surname']}, {r['forename']}  target {r['target']}  "
                     f"mock {'U' if r['grade'] == 0 else r['grade']} ({r['total']}/200)")
    return "\\n".join(lines) + "\\n"


def chart(rows, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed - no chart")
        return
    grades = [9, 8, 7, 6, 5, 4, 3, 0]
    labels = ["U" if g == 0 else str(g) for g in grades]
    fig, ax = plt.subplots(figsize=(8, 5))
    width = 0.4
    for k, cls in enumerate(["11C1", "11C2"]):
        dist = summarise([r for r in rows if r["class"] == cls])["dist"]
        ax.bar([i + (k - 0.5) * width for i in range(len(grades))], [dist.get(g, 0) for g in grades], width, label=cls)
    ax.set_xticks(range(len(grades)), labels)
    ax.set_xlabel("Mock grade")
    ax.set_ylabel("Pupils")
    ax.set_title("Y11 chemistry mock: grade distribution")
    ax.legend()
    fig.savefig(out, dpi=100)


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "mock_results_11C1_11C2.csv")
    rows = load(src)
    text = report(rows)
    print(text)
    (src.parent / "mock_summary.txt").write_text(text, encoding="utf-8")
    chart(rows, src.parent / "grade_distribution_11C1_11C2.png")
'''


def _summary_text() -> str:
    lines = ["Y11 triple chemistry mock (Dec 2024) - summary", ""]
    for cls, s in (("11C1", S1), ("11C2", S2), ("All", BOTH)):
        lines.append(f"{cls}: n={s['n']}  mean={s['mean_pct']:.1f}%  4+={s['pct4']:.0f}%  "
                     f"7+={s['pct7']:.0f}%  avg residual={s['resid']:+.2f}")
        dist = "  ".join(f"{'U' if g == 0 else g}:{s['dist'][g]}" for g in range(9, -1, -1) if g not in (1, 2))
        lines.append(f"    grades  {dist}")
    lines.append("")
    below = []
    for cls, rows in (("11C1", MOCK_11C1), ("11C2", MOCK_11C2)):
        for s_, f_, tgt, p1, p2, _pp, _sen in rows:
            g = gnum(p1 + p2)
            if g - tgt <= -2:
                below.append(f"    {cls}  {s_}, {f_}  target {tgt}  mock {'U' if g == 0 else g} ({p1 + p2}/200)")
    lines.append(f"Two or more grades below target: {len(below)}")
    lines += below
    return "\n".join(lines) + "\n"


GRADE_ORDER = [9, 8, 7, 6, 5, 4, 3, 0]

add(
    File(
        path=f"{MOCKS}/mock_results_11C1_11C2.csv",
        purpose="Export of the December 2024 Year 11 triple chemistry mock marks for 11C1 and 11C2: candidate, class, target, paper marks, PP and SEN flags.",
        created=d("2025-01-08 16:05"),
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2"),
        links=(("extracted_from", f"{TEACH}/Mark Books/Markbook 2024-25 Y10-Y11.xlsx"),),
        spec=TextSpec(text=MOCK_CSV),
    ),
    File(
        path=f"{MOCKS}/mock_analysis.py",
        purpose="Hannah's Python script that grades the mock export, summarises each class and lists pupils two or more grades below target.",
        created=d("2025-01-08 19:30"),
        modified=d("2025-01-09 21:10"),
        projects=("y11-mocks-2025",),
        entities=("mock_boundaries",),
        links=(("references", f"{MOCKS}/mock_results_11C1_11C2.csv"),),
        spec=TextSpec(text=MOCK_PY),
    ),
    File(
        path=f"{MOCKS}/mock_summary.txt",
        purpose="Output of mock_analysis.py: per-class mean, % 4+ and 7+, residuals, grade counts and the intervention list.",
        created=d("2025-01-09 21:12"),
        origin="system_generated",
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2"),
        links=(("derived_from", f"{MOCKS}/mock_analysis.py"), ("derived_from", f"{MOCKS}/mock_results_11C1_11C2.csv")),
        spec=TextSpec(text=_summary_text()),
    ),
    File(
        path=f"{MOCKS}/grade_distribution_11C1_11C2.png",
        purpose="Grade distribution chart of the two classes, drawn by the analysis script for the department meeting.",
        created=d("2025-01-09 21:12"),
        origin="system_generated",
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2"),
        links=(("derived_from", f"{MOCKS}/mock_analysis.py"),),
        spec=ImageSpec(
            width=800,
            height=500,
            title="Y11 chemistry mock: grade distribution",
            description="Number of pupils at each mock grade, 11C1 and 11C2, December 2024.",
            author=USER,
            chart=ChartSpec(
                type="bar",
                title="Y11 chemistry mock: grade distribution",
                categories=["U" if g == 0 else str(g) for g in GRADE_ORDER],
                series=[Series(name="11C1", values=[S1["dist"][g] for g in GRADE_ORDER]),
                        Series(name="11C2", values=[S2["dist"][g] for g in GRADE_ORDER])],
            ),
        ),
    ),
)

TOPICS = [  # question-level analysis from the marking spreadsheet, % of marks gained, 11C1 / 11C2
    ("Atomic structure and periodic table", 74, 63),
    ("Bonding and structure", 68, 55),
    ("Quantitative chemistry (moles, titration)", 49, 33),
    ("Chemical changes and electrolysis", 61, 47),
    ("Energy changes", 70, 58),
    ("Rates and equilibrium", 57, 44),
    ("Organic chemistry", 66, 51),
    ("Required practical questions", 52, 38),
]

add(
    File(
        path=f"{MOCKS}/Y11 Chemistry mock analysis and intervention plan.docx",
        purpose="Hannah's report on the December mocks for the Head of Science: headline figures per class, weak topics, the intervention list and plan.",
        created=d("2025-01-13 18:45"),
        modified=d("2025-01-24 17:30"),
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2", "mock_boundaries", "dept_meeting"),
        links=(("derived_from", f"{MOCKS}/mock_summary.txt"), ("references", f"{MOCKS}/grade_distribution_11C1_11C2.png")),
        spec=DocSpec(
            title="Y11 Chemistry mock analysis and intervention plan",
            author=USER,
            blocks=[
                H("Year 11 triple chemistry: December mock analysis"),
                P(f"Hannah Brooksbank, KS4 Chemistry Lead · for {MARK} and the chemistry team · January 2025"),
                H("Headlines", 2),
                B(
                    f"11C1: {p0(S1['pct4'])} at grade 4 or above ({S1['n4']} of {S1['n']}), {p0(S1['pct7'])} at 7 or above ({S1['n7']} pupils); mean mark {S1['mean_pct']:.1f}%.",
                    f"11C2: {p0(S2['pct4'])} at grade 4 or above ({S2['n4']} of {S2['n']}), {p0(S2['pct7'])} at 7 or above ({S2['n7']} pupils); mean mark {S2['mean_pct']:.1f}%.",
                    f"Both classes together: {p0(BOTH['pct4'])} at 4+ and {p0(BOTH['pct7'])} at 7+; on average pupils are {abs(BOTH['resid']):.1f} of a grade below target.",
                    f"{len(INTERVENTION)} pupils are two or more grades below target; they form the Period 6 intervention group.",
                ),
                P("Grades use the June 2024 AQA Higher boundaries scaled to 200 marks (grade 4 = 61, "
                  "grade 7 = 118). Mocks were sat in the hall from 2 to 13 December; both papers were "
                  "marked by the class teacher and 10% moderated by Imran and me."),
                H("Where the marks were lost", 2),
                T(["Topic", "11C1 %", "11C2 %"], [[t, str(a), str(b)] for t, a, b in TOPICS]),
                P("Quantitative chemistry is the weakest area in both classes, and the gap between the "
                  "classes is widest there. Many pupils could not start a two-step moles calculation "
                  "and most lost the mark for units. Required-practical questions were also weak: "
                  "pupils described what they did but could not explain why (for example why the "
                  "cross is viewed from above in the thiosulfate experiment)."),
                H("Intervention group (Period 6, Tuesdays, from 25 February)", 2),
                T(["Pupil", "Class"], [[f"{f} {s}", "11C1" if (s, f) in S1["below2"] else "11C2"] for s, f in INTERVENTION]),
                H("Plan to the summer", 2),
                N(
                    "Every chemistry lesson in Years 11 starts with three retrieval questions, one of them a calculation.",
                    "Moles and titration calculations re-taught to both classes in the two weeks after half-term.",
                    "Required practicals: one 'why' question per practical added to the revision booklet; Janet has agreed to set up RP5 and RP7 again in March.",
                    "Period 6 intervention for the pupils above, six sessions, with a short test in session six.",
                    "Letters home for the intervention group via Sam Achebe, with the parents' evening notes.",
                ),
            ],
        ),
    ),
    File(
        path="Documents/Department/Meetings/Science Dept Meeting 2025-01-29 - Y11 mocks.pptx",
        purpose="Hannah's slides for the 29 January department meeting: chemistry mock headlines, grade distribution, weak topics and the intervention plan.",
        created=d("2025-01-27 19:50"),
        modified=d("2025-01-29 07:45"),
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2", "dept_meeting"),
        links=(("derived_from", f"{MOCKS}/Y11 Chemistry mock analysis and intervention plan.docx"),),
        spec=DeckSpec(
            title="Y11 chemistry mocks",
            author=USER,
            slides=[
                Slide(layout="title", title="Year 11 chemistry mocks", subtitle="Science department meeting · 29 January 2025 · Hannah Brooksbank"),
                Slide(layout="table", title="Headlines", table=TableData(
                    header=["Class", "Pupils", "Mean %", "Grade 4+", "Grade 7+", "vs target"],
                    rows=[[cls, str(s["n"]), f"{s['mean_pct']:.1f}%", p0(s["pct4"]), p0(s["pct7"]), f"{s['resid']:+.1f}"]
                          for cls, s in (("11C1", S1), ("11C2", S2), ("Both", BOTH))],
                ), notes="Boundaries: June 2024 Higher scaled to 200. Grade 4 = 61, grade 7 = 118."),
                Slide(layout="chart", title="Grade distribution", chart=ChartSpec(
                    type="bar", title="Pupils at each mock grade",
                    categories=["U" if g == 0 else str(g) for g in GRADE_ORDER],
                    series=[Series(name="11C1", values=[S1["dist"][g] for g in GRADE_ORDER]),
                            Series(name="11C2", values=[S2["dist"][g] for g in GRADE_ORDER])],
                )),
                Slide(layout="chart", title="Where the marks were lost", chart=ChartSpec(
                    type="bar", title="% of marks gained by topic",
                    categories=["Atomic", "Bonding", "Quantitative", "Chem changes", "Energy", "Rates", "Organic", "Req. practicals"],
                    series=[Series(name="11C1", values=[a for _, a, _ in TOPICS]), Series(name="11C2", values=[b for _, _, b in TOPICS])],
                ), notes="Quantitative chemistry is the biggest gap. Required-practical 'why' questions next."),
                Slide(title="What we will do", bullets=[
                    "Retrieval starter in every Y11 lesson: one calculation each time",
                    "Re-teach moles and titration in the two weeks after half-term",
                    "RP5 and RP7 set up again in March (Janet)",
                    f"Period 6 intervention, Tuesdays from 25 Feb: {len(INTERVENTION)} pupils two or more grades below target",
                ]),
                Slide(title="What I need from the department", bullets=[
                    "Combined science teachers: use the same calculation starter bank",
                    "S5 free on Tuesday P6 for intervention",
                    "Printing: revision booklet, 60 copies, by 21 February",
                ], notes="Mark to confirm rooming with Sam."),
            ],
        ),
    ),
    File(
        path="Documents/Department/Meetings/Dept meeting minutes 2025-01-29.docx",
        purpose="Minutes of the 29 January science department meeting, written by the Head of Science.",
        created=d("2025-01-30 16:20"),
        origin="shared",
        author=MARK,
        projects=("y11-mocks-2025", "ks4-sow-rewrite", "lab-budget"),
        entities=("dept_meeting", "budget_chem"),
        links=(("references", "Documents/Department/Meetings/Science Dept Meeting 2025-01-29 - Y11 mocks.pptx"),),
        spec=DocSpec(
            title="Science department meeting minutes 29 January 2025",
            author=MARK,
            blocks=[
                H("Science department meeting"),
                P("Wednesday 29 January 2025, 15:30-16:45, S4. Present: MP (chair), HB, IQ, JE, and nine of the department; apologies from two colleagues on a course."),
                H("1. Year 11 mocks", 2),
                P(f"HB presented the chemistry results (slides on Teams): {p0(S1['pct4'])} of 11C1 and "
                  f"{p0(S2['pct4'])} of 11C2 at grade 4 or above. Biology and physics will present theirs "
                  "on 12 February. Quantitative chemistry is the common weakness; the combined-science "
                  "team will adopt the calculation starters."),
                H("2. KS4 scheme of work", 2),
                P("Titration moves to Year 11 Autumn 2 from September. HB to finish the Year 10 "
                  "Chemical changes unit by Easter and the Year 11 units by the end of May."),
                H("3. Budgets", 2),
                P("JE reported that consumables spending is on track. The January chemistry order has gone "
                  "in. No more glassware orders this year without checking with MP."),
                H("4. Trips", 2),
                P("Year 10 Catalyst trip on 13 March is on EVOLVE and waiting for GW's sign-off."),
                H("Actions", 2),
                B(
                    "HB: intervention list to SA and MP by 31 January.",
                    "MP: confirm S5 for Period 6 on Tuesdays.",
                    "IQ: moderate 10% of 11C2 Paper 2 again after the re-mark request.",
                    "JE: RP5 and RP7 kits for the week of 10 March.",
                ),
            ],
        ),
    ),
    File(
        path="Desktop/Y11 intervention groups.xlsx",
        purpose="The Period 6 intervention list: pupils two or more grades below target in the mock, with session attendance.",
        created=d("2025-01-30 20:05"),
        modified=d("2025-02-06 18:40"),
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2"),
        links=(("derived_from", f"{MOCKS}/mock_summary.txt"),),
        spec=SheetSpec(
            title="Y11 intervention groups",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="P6 Tuesdays",
                    columns=[Column(header="Pupil", width=18), Column(header="Class"), Column(header="Target", format="int"),
                             Column(header="Mock grade"), Column(header="Letter sent"),
                             Column(header="25 Feb"), Column(header="4 Mar"), Column(header="11 Mar"),
                             Column(header="Sessions", format="int")],
                    rows=[
                        [f"{f} {s}", cls, num(tgt, "int"), str(grade(p1 + p2)), "Y", "", "", "", f'=COUNTIF(F{i}:H{i},"Y")']
                        for i, (cls, s, f, tgt, p1, p2) in enumerate(
                            sorted([(c_, s_, f_, t_, a_, b_) for c_, rows_ in (("11C1", MOCK_11C1), ("11C2", MOCK_11C2))
                                    for s_, f_, t_, a_, b_, _pp, _sen in rows_ if gnum(a_ + b_) - t_ <= -2]), start=2)
                    ],
                ),
            ],
        ),
    ),
    File(
        path="Documents/Department/RE_ Y11 intervention - P6 rooming.eml",
        purpose="Head of Year 11's reply about rooming and letters for the Period 6 intervention group.",
        created=d("2025-01-31 12:48"),
        origin="shared",
        author=SAM,
        projects=("y11-mocks-2025",),
        entities=("class_11c1", "class_11c2"),
        links=(("references", "Desktop/Y11 intervention groups.xlsx"),),
        spec=EmlSpec.model_validate({
            "from": f"{SAM} <s.achebe@meanwoodgrange.org.uk>",
            "to": [f"{USER} <{EMAIL}>"],
            "cc": [f"{MARK} <m.pennington@meanwoodgrange.org.uk>"],
            "subject": "RE: Y11 intervention - P6 rooming",
            "body": f"Hi Hannah,\n\nThanks for the list - {len(INTERVENTION)} names, I've checked them against attendance. "
                    "Two of them (Keira Sutcliffe and Jacob Ali) are also on my attendance support list, so I'll "
                    "ring home myself rather than just send the letter.\n\n"
                    "Mark says S5 is yours on Tuesdays P6 from 25 Feb. Buses: the 15:55 service is fine for everyone "
                    "on the list except Bilal Hussain, who collects his brother from primary at 15:30 on Tuesdays - can he do Thursday lunchtime instead?\n\n"
                    "Letters will go out on Monday with the parents' evening follow-ups.\n\nSam\n\n"
                    f"Sam Achebe\nHead of Year 11\n{SCHOOL}\n",
        }),
    ),
)

# --- Parents' evening ----------------------------------------------------------------------------------------

_pe_notes = {
    "Clarke": "Mum came. Niamh is aiming for medicine; on track for a 9. Extension: Olympiad past papers.",
    "Dawson": "Dad came. Paper 2 much weaker than Paper 1 - ran out of time. Timed practice at home; talked about the six-mark questions. P6 group.",
    "Hussain": "Both parents. Bilal lost most marks on calculations. Agreed: moles booklet, Seneca twice a week. P6 group.",
    "Akhtar": "Mum came. Zara upset about the mock; she knows the content but panics. Talked about exam technique; P6 group.",
    "Holroyd": "Dad came. Big improvement since Year 10 - well above target. Encourage A-level chemistry.",
    "Sutcliffe": "Grandma came. Attendance is the issue (missed most of the electrolysis unit). Sam to follow up. P6 group.",
    "Turner": "Mum and Chloe. One mark off a 9. Careless units. Very likely to get an 8 or 9.",
    "Brook": "Mum came. Isaac needs to revise actively, not re-read. Gave him the flashcard set. P6 group.",
    "Nowak": "Mum came with the SEN key worker. Josh has extra time; used it well on Paper 1. Reader for Paper 2 to be checked with the SENCO.",
    "Patel": "Dad came. Daniel is two grades above target: target may be too low. Mention to Mark.",
}

add(
    File(
        path="Documents/Parents Evening/Y11 Parents Evening 16-01-2025 notes.docx",
        purpose="Notes from the Year 11 parents' evening on 16 January 2025 for the 11C1 families seen, with each pupil's mock grade and target.",
        created=d("2025-01-16 20:55"),
        modified=d("2025-01-17 07:30"),
        projects=("y11-mocks-2025",),
        entities=("parents_evening", "class_11c1"),
        links=(("references", f"{MOCKS}/mock_summary.txt"),),
        spec=DocSpec(
            title="Y11 parents evening notes",
            author=USER,
            blocks=[
                H("Year 11 parents' evening: 11C1"),
                P("Thursday 16 January 2025, 16:00-19:00, sports hall. Five-minute appointments. "
                  f"Seen {len(_pe_notes)} families; four more to phone."),
                *[R(("b", f"{f} {s}"), f" (target {t}, mock {grade(p1 + p2)}). ", _pe_notes[s])
                  for s, f, t, p1, p2, _pp, _sen in MOCK_11C1 if s in _pe_notes],
                H("To do", 2),
                B(
                    "Phone: Kowalski, Lister, Uddin, Zielinski (no appointment).",
                    "Send the moles booklet link to all 11C1 parents via Teams.",
                    "Ask Mark about Daniel Patel's target.",
                ),
            ],
        ),
    ),
)

# --- Lesson plans and slides ---------------------------------------------------------------------------------

add(
    File(
        path=f"{TEACH}/11C1/Lesson plan - Titration (observed) 11C1.docx",
        purpose="Plan for the observed titration lesson with 11C1 on 19 November 2024 (Head of Science observing).",
        created=d("2024-11-14 20:30"),
        modified=d("2024-11-18 21:50"),
        projects=("teaching-2024-25",),
        entities=("class_11c1",),
        spec=DocSpec(
            title="Lesson plan - Titration (observed)",
            author=USER,
            blocks=[
                H("Lesson plan: acid-alkali titration (RP2)"),
                R(("b", "Class: "), f"11C1 ({S1['n']}) · ", ("b", "Date: "), "Tuesday 19 November 2024, P3-P4 (double) · ",
                  ("b", "Room: "), "S4 · ", ("b", "Observer: "), MARK),
                H("Objectives", 2),
                N(
                    "Carry out an accurate titration of sodium hydroxide with hydrochloric acid and record concordant results.",
                    "Calculate the concentration of the sodium hydroxide in mol/dm3.",
                    "Explain at least two steps of the method that improve accuracy.",
                ),
                H("Sequence", 2),
                B(
                    "0-10 min: retrieval starter, three questions on moles and concentration; self-mark.",
                    "10-25 min: demonstration with the visualiser: rinsing, filling below eye level, reading the meniscus, swirling, dropwise near the end point.",
                    "25-70 min: pairs titrate 25.0 cm3 of NaOH (about 0.1 mol/dm3) with 0.100 mol/dm3 HCl and phenolphthalein; a rough titre and at least two concordant titres (within 0.10 cm3).",
                    "70-90 min: class results on the board; each pair calculates the NaOH concentration. Worked example for Keira and Josh.",
                    "90-100 min: exit ticket, one 'why' question (why use a white tile?) and one calculation.",
                ),
                H("Safety", 2),
                P("Eye protection throughout. 0.1 mol/dm3 HCl and NaOH are low hazard at these "
                  "concentrations (see the RP2 risk assessment). Burettes filled below eye level using a "
                  "funnel, which is removed before titrating. Phenolphthalein solution is flammable: no "
                  "naked flames."),
                H("Adaptation", 2),
                B(
                    "Josh (SEN): printed method with photos; partnered with Jack.",
                    "Keira: calculation scaffold with the steps numbered.",
                    "Stretch: Niamh and Chloe calculate the percentage uncertainty of the titre.",
                ),
                H("Technician request", 2),
                P("15 sets: burette, stand and clamp, 25 cm3 pipette and filler, two 250 cm3 conical flasks, "
                  "white tile, funnel. 2 L of each solution. Requested from Janet on 12 November."),
            ],
        ),
    ),
    File(
        path=f"{TEACH}/10C2/Lesson plan - Electrolysis of brine 10C2.docx",
        purpose="Lesson plan for 10C2 on the electrolysis of sodium chloride solution (part of RP3).",
        created=d("2025-02-02 18:10"),
        modified=d("2025-02-03 07:20"),
        projects=("teaching-2024-25", "ks4-sow-rewrite"),
        entities=("class_10c2",),
        links=(("references", "Documents/Schemes of Work/Y10 Triple SoW - Chemical Changes v2 (MP comments).docx"),),
        spec=DocSpec(
            title="Lesson plan - Electrolysis of brine",
            author=USER,
            blocks=[
                H("Lesson plan: electrolysis of aqueous sodium chloride"),
                R(("b", "Class: "), f"10C2 ({len(CLASS_10C2)}) · ", ("b", "Date: "), "Monday 3 February 2025, P2 · ", ("b", "Room: "), "S5"),
                H("Objectives", 2),
                B(
                    "Predict and test the products at each electrode when sodium chloride solution is electrolysed.",
                    "Explain why hydrogen, not sodium, forms at the cathode.",
                    "Write the half equation at the anode (higher tier).",
                ),
                H("Sequence", 2),
                N(
                    "Starter: three retrieval questions (ions in NaCl; what is an anode; OIL RIG).",
                    "Recap the molten NaCl prediction, then ask what changes when water is present.",
                    "Practical in pairs: 6 V DC, carbon electrodes in a Petri dish of 0.5 mol/dm3 NaCl; damp litmus at the anode; collect gas at the cathode for the squeaky pop test (teacher demonstration only).",
                    "Results and explanation: reactivity series decides the cathode product; halide ions at the anode.",
                    "Exit ticket: predict the products for potassium bromide solution.",
                ),
                H("Safety", 2),
                P("Chlorine is toxic: run for no more than 5 minutes, small volumes, good ventilation, "
                  "windows open, asthmatic pupils (two in 10C2) observe the litmus test from a distance. "
                  "See the RP3 risk assessment."),
            ],
        ),
    ),
    File(
        path=f"{TEACH}/10C2/Electrolysis of brine 10C2.pptx",
        purpose="Slides for the 10C2 electrolysis of brine lesson.",
        created=d("2025-02-02 18:55"),
        modified=d("2025-02-03 07:25"),
        projects=("teaching-2024-25",),
        entities=("class_10c2",),
        links=(("references", f"{TEACH}/10C2/Lesson plan - Electrolysis of brine 10C2.docx"),),
        spec=DeckSpec(
            title="Electrolysis of brine",
            author=USER,
            slides=[
                Slide(layout="title", title="Electrolysis of sodium chloride solution", subtitle="10C2 · Monday 3 February"),
                Slide(title="Do now", bullets=["Which ions are in sodium chloride?", "Which electrode is the anode?", "Oxidation is ... of electrons; reduction is ... of electrons"], notes="Answers: Na+ and Cl-; positive; loss, gain."),
                Slide(title="What changes when water is present?", bullets=[
                    "Water provides H+ and OH- ions as well as Na+ and Cl-",
                    "At the cathode: the less reactive of sodium and hydrogen is discharged",
                    "At the anode: halide ions are discharged if present, otherwise oxygen",
                ]),
                Slide(title="Method", bullets=[
                    "Half fill the Petri dish with sodium chloride solution",
                    "Clip the carbon electrodes so they do not touch",
                    "Power supply at 6 V DC; switch on",
                    "Hold damp blue litmus paper near the anode for 10 seconds, then switch off",
                    "Watch the demonstration of the gas from the cathode",
                ], notes="Five minutes maximum running time. Windows open."),
                Slide(layout="table", title="Results", table=TableData(
                    header=["Electrode", "Observation", "Product"],
                    rows=[["Cathode (-)", "Bubbles; squeaky pop", "Hydrogen"], ["Anode (+)", "Bubbles; litmus turns red then bleaches", "Chlorine"], ["Solution", "Becomes alkaline", "Sodium hydroxide"]],
                )),
                Slide(title="Higher tier: half equations", bullets=["Cathode: 2H⁺ + 2e⁻ → H₂", "Anode: 2Cl⁻ → Cl₂ + 2e⁻", "Which is oxidation? Which is reduction?"]),
                Slide(title="Exit ticket", bullets=["Predict the products at each electrode for potassium bromide solution, and explain your answer."]),
            ],
        ),
    ),
)

# --- Risk assessments --------------------------------------------------------------------------------------


def _ra_rp5() -> list:
    return [
        H("Risk assessment: Required practical 5, rate of reaction"),
        P("Sodium thiosulfate with hydrochloric acid, 'disappearing cross' · Based on CLEAPSS Hazcards "
          "and the CLEAPSS Laboratory Handbook · Meanwood Grange Academy science department"),
        T(["Field", "Details"], [
            ["Activity", "Pupils time how long a cross under a conical flask takes to disappear as sulfur forms, at five thiosulfate concentrations (or five temperatures)."],
            ["Groups and setting", "Years 10-11, pairs, labs S4/S5, up to 30 pupils"],
            ["Written / reviewed by", "H. Brooksbank / J. Ellery (senior technician)"],
            ["Date", "September 2023, reviewed January 2025"],
        ]),
        H("Hazards", 2),
        T(["Substance", "Concentration used", "Hazard", "Reference"], [
            ["Sodium thiosulfate solution", "0.15 mol/dm3 and dilutions", "Low hazard", "CLEAPSS Hazcard (sodium thiosulfate)"],
            ["Hydrochloric acid", "2.0 mol/dm3", "Irritant to eyes and skin at this concentration", "CLEAPSS Hazcard 47A"],
            ["Sulfur dioxide (produced)", "Small amounts from each flask", "Toxic; can trigger asthma attacks", "CLEAPSS Hazcard 97"],
            ["Sulfur (produced)", "Fine suspension", "Low hazard", ""],
        ]),
        H("Control measures", 2),
        B(
            "Eye protection for everyone, all the time.",
            "Use the lowest acid concentration that gives timings under 3 minutes (2.0 mol/dm3, 5 cm3 per run).",
            "Good ventilation: windows open, and no more than 15 flasks reacting at once.",
            "Pupils with asthma identified from the register: they may take part but sit nearest the open windows and do not lean over the flasks.",
            "Mixtures are neutralised with sodium carbonate solution straight after timing (technician provides a 'stop bath' beaker on each bench) so sulfur dioxide is not released for the rest of the lesson.",
            "For the temperature version: water baths no hotter than 50 °C; no heating of the acid directly.",
        ),
        H("In an emergency", 2),
        B(
            "Eye contact: irrigate with eyewash for at least 10 minutes; seek first aid.",
            "Asthma attack: pupil's own inhaler; follow the school asthma procedure; call the first aider.",
            "Spills of acid: cover with mineral absorbent, then wipe with water.",
        ),
        H("Disposal", 2),
        P("Neutralised mixtures can be filtered; the filtrate goes down the foul-water drain with plenty "
          "of water, the sulfur residue in the general waste once dry."),
    ]


add(
    File(
        path=f"{RA}/RA - RP5 Rates of reaction (thiosulfate + HCl).docx",
        purpose="CLEAPSS-based risk assessment for required practical 5 (disappearing cross), reviewed January 2025.",
        created=d("2023-09-18 16:40"),
        modified=d("2025-01-27 17:15"),
        projects=("y11-mocks-2025",),
        entities=("school",),
        spec=DocSpec(title="Risk assessment - RP5 rates of reaction", author=USER, blocks=_ra_rp5()),
    ),
    File(
        path=f"{RA}/RA - RP5 Rates of reaction (thiosulfate + HCl).pdf",
        purpose="PDF of the RP5 risk assessment for the prep-room folder and the technicians.",
        created=d("2025-01-27 17:20"),
        projects=("y11-mocks-2025",),
        entities=("school",),
        links=(("extracted_from", f"{RA}/RA - RP5 Rates of reaction (thiosulfate + HCl).docx"),),
        spec=PdfSpec(title="Risk assessment - RP5 rates of reaction", author=USER, blocks=_ra_rp5()),
    ),
    File(
        path=f"{RA}/RA - RP3 Electrolysis of aqueous solutions.docx",
        purpose="CLEAPSS-based risk assessment for required practical 3, electrolysis of copper(II) sulfate and sodium chloride solutions.",
        created=d("2023-10-02 17:05"),
        modified=d("2025-01-31 16:30"),
        projects=("teaching-2024-25",),
        entities=("school", "class_10c2"),
        spec=DocSpec(
            title="Risk assessment - RP3 electrolysis",
            author=USER,
            blocks=[
                H("Risk assessment: Required practical 3, electrolysis of aqueous solutions"),
                P("Based on CLEAPSS Hazcards and the CLEAPSS Laboratory Handbook · reviewed 31 January 2025 before the 10C2 lessons"),
                H("Hazards", 2),
                T(["Substance", "Concentration", "Hazard", "Reference"], [
                    ["Copper(II) sulfate solution", "0.5 mol/dm3", "Irritant; harmful if swallowed; harmful to aquatic life", "CLEAPSS Hazcard 27C"],
                    ["Sodium chloride solution", "0.5 mol/dm3", "Low hazard", ""],
                    ["Chlorine (produced at the anode)", "Small volumes", "Toxic; respiratory irritant", "CLEAPSS Hazcard 22A"],
                    ["Hydrogen (produced at the cathode)", "Small volumes", "Extremely flammable", ""],
                ]),
                H("Control measures", 2),
                B(
                    "Eye protection. Low-voltage DC supplies only (maximum 6 V), checked by the technician.",
                    "Electrolysis of sodium chloride run for no more than 5 minutes; windows open; asthmatic pupils observe from a distance.",
                    "Gas collection and the lighted-splint test for hydrogen as a teacher demonstration.",
                    "Copper deposits and copper(II) sulfate solution are collected for re-use, not poured away.",
                ),
                H("Disposal", 2),
                P("Copper(II) sulfate solution into the labelled residue bottle in the prep room. Sodium "
                  "chloride solution down the drain with plenty of water."),
            ],
        ),
    ),
)

# --- Lab inventory, orders, budget --------------------------------------------------------------------------

_stock = [
    # item, location, hazard, in stock, minimum
    ("Hydrochloric acid 36% (2.5 L)", "Acid cabinet, prep room S6", "Corrosive", 1, 2),
    ("Sulfuric acid 1 M (2.5 L)", "Acid cabinet, prep room S6", "Irritant", 2, 1),
    ("Sodium hydroxide pellets (500 g)", "Cupboard C2", "Corrosive", 1, 2),
    ("Sodium thiosulfate-5-water (500 g)", "Cupboard C3", "Low hazard", 0, 1),
    ("Copper(II) sulfate-5-water (500 g)", "Cupboard C3", "Harmful / irritant", 1, 2),
    ("Copper(II) oxide (250 g)", "Cupboard C3", "Harmful", 2, 1),
    ("Magnesium ribbon (25 g roll)", "Cupboard C4", "Flammable", 1, 3),
    ("Universal indicator solution (500 ml)", "Cupboard C1", "Flammable", 1, 2),
    ("Phenolphthalein solution (100 ml)", "Cupboard C1", "Flammable", 3, 1),
    ("Silver nitrate 0.05 M (500 ml)", "Cupboard C5 (dark)", "Irritant", 0, 1),
    ("Barium chloride 0.1 M (500 ml)", "Cupboard C5", "Harmful", 0, 1),
    ("Burettes 50 ml", "Glassware store", "", 21, 30),
    ("Chromatography paper (sheets)", "Drawer D2", "", 40, 100),
    ("Carbon electrodes", "Drawer D4", "", 12, 20),
    ("Safety spectacles", "Lab S4 and S5 cabinets", "", 48, 70),
]

add(
    File(
        path=f"{LAB}/Chemistry stock inventory Jan 2025.xlsx",
        purpose="Chemistry stock count from January 2025 with locations, hazards and a reorder flag by formula.",
        created=d("2024-09-06 15:30"),
        modified=d("2025-01-10 16:05"),
        projects=("lab-budget",),
        entities=("school",),
        spec=SheetSpec(
            title="Chemistry stock inventory",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Stock",
                    columns=[Column(header="Item", width=38), Column(header="Location", width=28), Column(header="Hazard", width=18),
                             Column(header="In stock", format="int"), Column(header="Minimum", format="int"), Column(header="Reorder?")],
                    rows=[[a, b, c_, num(n_, "int"), num(m_, "int"), f'=IF(D{i}<E{i},"REORDER","")']
                          for i, (a, b, c_, n_, m_) in enumerate(_stock, start=2)],
                ),
            ],
        ),
    ),
    File(
        path=f"{LAB}/Lab order January 2025.xlsx",
        purpose="The January 2025 chemistry order to Northern Lab Supplies with line totals and the budget position by formula.",
        created=d("2025-01-10 16:40"),
        modified=d("2025-01-13 08:15"),
        projects=("lab-budget",),
        entities=("budget_chem", "supplier"),
        links=(("derived_from", f"{LAB}/Chemistry stock inventory Jan 2025.xlsx"),),
        spec=SheetSpec(
            title="Lab order January 2025",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Order",
                    columns=[Column(header="Cat. no.", width=11), Column(header="Item", width=40), Column(header="Pack", width=12),
                             Column(header="Qty", format="int"), Column(header="Unit price", format="currency"),
                             Column(header="Line total", format="currency", total="sum")],
                    rows=[[cat, item, pack, num(q, "int"), cur(p), f"=D{i}*E{i}"] for i, (cat, item, pack, q, p) in enumerate(JAN_ORDER, start=2)],
                    totals_row=True,
                    totals_label="Order total (ex VAT)",
                ),
                Sheet(
                    name="Budget",
                    columns=[Column(header="Chemistry consumables 2024-25", width=36), Column(header="Amount", format="currency")],
                    rows=[
                        ["Allocation", cur(BUDGET)],
                        ["September order (SO-47120)", cur(SEPT_ORDER)],
                        ["January order (this sheet)", f"=Order!F{len(JAN_ORDER) + 2}"],
                        ["Spent to date", "=B3+B4"],
                        ["Left for the summer term", "=B2-B5"],
                    ],
                ),
            ],
        ),
    ),
    File(
        path=f"{LAB}/Northern Lab Supplies - order confirmation SO-48213.pdf",
        purpose="The supplier's order confirmation for the January order, with delivery date.",
        created=d("2025-01-14 10:22"),
        origin="shared",
        author="Northern Lab Supplies Ltd",
        projects=("lab-budget",),
        entities=("supplier",),
        links=(("references", f"{LAB}/Lab order January 2025.xlsx"),),
        spec=PdfSpec(
            title="Order confirmation SO-48213",
            author="Northern Lab Supplies Ltd",
            blocks=[
                H("Order confirmation SO-48213"),
                P("Northern Lab Supplies Ltd · Unit 7, Aire Valley Business Park, Keighley BD21 3XJ · VAT GB 312 4478 21"),
                P("Customer: Meanwood Grange Academy, Science Department (account MGA-2207) · Your ref: HB/JAN25 · Ordered 13/01/2025 · Delivery: Tuesday 21 January 2025"),
                T(["Code / description", "Qty", "Price", "Total"],
                  [[f"{cat} {item}, {pack}", str(q), f"£{p:.2f}", f"£{q * p:.2f}"] for cat, item, pack, q, p in JAN_ORDER]),
                T(["Summary", "Amount"], [["Goods (ex VAT)", f"£{JAN_TOTAL:,.2f}"], ["Delivery", "£0.00 (orders over £250)"],
                                          ["VAT 20%", f"£{JAN_TOTAL * 0.2:,.2f}"], ["Total", f"£{JAN_TOTAL * 1.2:,.2f}"]]),
                P("Hazardous goods (hydrochloric acid, sodium hydroxide) travel separately and need a "
                  "signature on delivery. Invoices are sent to the academy finance office monthly."),
            ],
        ),
    ),
    File(
        path=f"{LAB}/RE_ January chemistry order.eml",
        purpose="The Head of Science's reply approving the January order; Hannah's message with the budget figures is quoted below.",
        created=d("2025-01-13 12:35"),
        origin="shared",
        author=MARK,
        projects=("lab-budget",),
        entities=("budget_chem", "supplier"),
        links=(("references", f"{LAB}/Lab order January 2025.xlsx"),),
        spec=EmlSpec.model_validate({
            "from": f"{MARK} <m.pennington@meanwoodgrange.org.uk>",
            "to": [f"{USER} <{EMAIL}>"],
            "cc": [f"{JANET} <j.ellery@meanwoodgrange.org.uk>"],
            "subject": "RE: January chemistry order",
            "body": "Fine by me - go ahead. Please no more glassware this year unless something breaks.\n\nMark\n\n"
                    f"-----Original Message-----\nFrom: {USER}\nSent: 13 January 2025 08:20\nTo: {MARK}\nCc: {JANET}\n"
                    "Subject: January chemistry order\n\n"
                    "Hi Mark,\n\nThe January order for Northern Lab Supplies is ready (spreadsheet in the department "
                    f"folder). It comes to £{JAN_TOTAL:,.2f} ex VAT, mostly the RP5/RP7 chemicals we are out of and "
                    "12 burettes to replace breakages before the Y11 titration revisit.\n\n"
                    f"With September's £{SEPT_ORDER:,.2f} that makes £{SPENT:,.2f} spent of our £{BUDGET:,.2f}, which "
                    f"leaves £{LEFT:,.2f} for the summer term (RP8 and the Y10 end-of-year practicals).\n\n"
                    "OK to send?\n\nThanks,\nHannah\n",
        }),
    ),
)

# --- Catalyst trip --------------------------------------------------------------------------------------------

add(
    File(
        path="Downloads/Catalyst_Schools_Programme_2024-25.pdf",
        purpose="Catalyst Science Discovery Centre's schools programme and prices for 2024-25.",
        created=d("2024-12-09 19:15"),
        origin="web_download",
        author="Catalyst Science Discovery Centre",
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        spec=PdfSpec(
            title="Schools programme 2024-25",
            author="Catalyst Science Discovery Centre and Museum",
            blocks=[
                H("Catalyst schools programme 2024-25"),
                P("Catalyst Science Discovery Centre and Museum · Mersey Road, Widnes, Cheshire WA8 0DF"),
                H("Key Stage 4 workshops", 2),
                T(["Workshop", "Length", "Pupils", "Price per pupil"], [
                    ["Chemistry of colour: making and analysing dyes", "90 minutes", "up to 32", "£9.50"],
                    ["From salt to soap: the chemical industry on the Mersey", "90 minutes", "up to 32", "£9.50"],
                    ["Forensic chemistry: identifying ions", "2 hours", "up to 30", "£11.00"],
                ]),
                P("Every booking includes entry to the galleries and the glass lift to the rooftop "
                  "observatory. One free adult place for every eight pupils; additional adults £6.00. "
                  "Lunch room available for packed lunches. Coach drop-off on Mersey Road."),
                H("Booking", 2),
                P("Book at least four weeks ahead. A deposit of 25% secures the date; the balance is "
                  "invoiced after the visit on final numbers. A risk assessment pack is sent with every "
                  "confirmation."),
            ],
        ),
    ),
    File(
        path=f"{TRIP}/Catalyst trip costings.xlsx",
        purpose="Costing for the Year 10 Catalyst trip: coach, workshop entry, per-pupil cost and the voluntary contribution asked of parents.",
        created=d("2025-01-06 19:40"),
        modified=d("2025-01-22 17:55"),
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("references", "Downloads/Catalyst_Schools_Programme_2024-25.pdf"),),
        spec=SheetSpec(
            title="Catalyst trip costings",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Costs",
                    columns=[Column(header="Item", width=46), Column(header="Quantity", format="int"), Column(header="Unit cost", format="currency"),
                             Column(header="Cost", format="currency")],
                    rows=[
                        ["Coach, 70 seats, Leeds-Widnes return (Aireline Coaches quote Q-2291)", num(1, "int"), cur(COACH), "=B2*C2"],
                        ["Workshop: Chemistry of colour (per pupil)", num(TRIP_PUPILS, "int"), cur(ENTRY), "=B3*C3"],
                        ["Staff places (1 free per 8 pupils)", num(TRIP_STAFF, "int"), cur(0), "=B4*C4"],
                        ["Total cost", "", "", "=SUM(D2:D4)"],
                        ["Cost per pupil", "", "", "=D5/B3"],
                        ["Voluntary contribution asked (rounded up to 50p)", "", "", "=CEILING(D6,0.5)"],
                    ],
                ),
                Sheet(
                    name="Pupils",
                    columns=[Column(header="Group"), Column(header="Pupils", format="int", total="sum"), Column(header="Pupil premium", format="int", total="sum")],
                    rows=[["10C1", num(30, "int"), num(7, "int")], ["10C2", num(28, "int"), num(6, "int")]],
                    totals_row=True,
                ),
            ],
        ),
    ),
)


def _trip_letter(final: bool) -> list:
    return [
        P(f"{SCHOOL}\nStonegate Road, Leeds LS6 4HZ · 0113 278 5500"),
        P("20 January 2025" if not final else "22 January 2025"),
        P("Dear Parent or Carer,"),
        H("Year 10 chemistry trip to Catalyst, Widnes: Thursday 13 March 2025", 2),
        P("Your child's chemistry class (10C1 or 10C2) is invited on a visit to the Catalyst Science "
          "Discovery Centre in Widnes, where they will take part in a 90-minute workshop on the "
          "chemistry of colour, making and analysing dyes, and explore the galleries about the "
          "chemical industry on the Mersey. The workshop links directly to the chemical analysis "
          "and chromatography parts of their GCSE course."),
        H("Arrangements", 3),
        B(
            "Leave school by coach at 8:30 am from the Stonegate Road entrance; please arrive by 8:15.",
            "Return to school at about 4:15 pm. We will text you if we are delayed.",
            "Full school uniform. Bring a packed lunch and a drink (no glass bottles). Pupils who receive free school meals will be given a packed lunch by the school.",
            "Pupils will be supervised by five members of staff led by Mrs Brooksbank.",
        ),
        H("Cost", 3),
        P(f"The trip costs £{PER_PUPIL:.2f} per pupil for the coach and the workshop. We are asking for a "
          f"voluntary contribution of £{CONTRIBUTION:.2f} through ParentPay by Friday 21 February. No "
          "pupil will be left out because of cost: if paying would be difficult, please contact Mrs "
          "Brooksbank in confidence. The school pays for pupils eligible for pupil premium."
          + ("" if final else " [check PP wording with Gemma]")),
        H("Consent", 3),
        P("Please give consent on ParentPay by Friday 21 February and tell us about any medical needs, "
          "including inhalers, which pupils must bring on the day."),
        P("Yours faithfully,"),
        P("Mrs H Brooksbank\nKS4 Chemistry Lead"),
    ]


add(
    File(
        path=f"{TRIP}/Y10 Catalyst trip letter v1.docx",
        purpose="First draft of the letter to parents about the Catalyst trip.",
        created=d("2025-01-20 17:10"),
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("references", f"{TRIP}/Catalyst trip costings.xlsx"),),
        spec=DocSpec(title="Y10 Catalyst trip letter", author=USER, blocks=_trip_letter(False)),
    ),
    File(
        path=f"{TRIP}/Y10 Catalyst trip letter FINAL.docx",
        purpose="Final letter to parents after the Educational Visits Coordinator's check.",
        created=d("2025-01-22 18:00"),
        modified=d("2025-01-22 18:25"),
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("version_of", f"{TRIP}/Y10 Catalyst trip letter v1.docx"),),
        spec=DocSpec(title="Y10 Catalyst trip letter", author=USER, blocks=_trip_letter(True)),
    ),
    File(
        path=f"{TRIP}/Y10 Catalyst trip letter FINAL.pdf",
        purpose="PDF of the final trip letter, uploaded to ParentPay.",
        created=d("2025-01-22 18:30"),
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("extracted_from", f"{TRIP}/Y10 Catalyst trip letter FINAL.docx"),),
        spec=PdfSpec(title="Y10 Catalyst trip letter", author=USER, blocks=_trip_letter(True)),
    ),
    File(
        path=f"{TRIP}/RE_ Catalyst booking confirmation.eml",
        purpose="Booking confirmation from Catalyst for 58 pupils and 5 staff on 13 March 2025.",
        created=d("2025-01-15 11:02"),
        origin="shared",
        author="Catalyst bookings",
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("references", f"{TRIP}/Catalyst trip costings.xlsx"),),
        spec=EmlSpec.model_validate({
            "from": "Catalyst Bookings <bookings@catalyst.org.uk>",
            "to": [f"{USER} <{EMAIL}>"],
            "subject": "RE: Booking enquiry - Meanwood Grange Academy, 13 March",
            "body": "Dear Hannah,\n\nThank you for your booking. I am pleased to confirm:\n\n"
                    "  Date: Thursday 13 March 2025\n  Arrival: 10:15, coach drop-off on Mersey Road\n"
                    f"  Workshop: Chemistry of colour (2 groups of {TRIP_PUPILS // 2}), 10:45-12:15 and 12:45-14:15\n"
                    f"  Numbers: {TRIP_PUPILS} pupils, {TRIP_STAFF} staff (free places: 7)\n"
                    f"  Price: £{ENTRY:.2f} per pupil, £{ENTRY * TRIP_PUPILS:.2f} in total\n"
                    f"  Deposit (25%): £{ENTRY * TRIP_PUPILS * 0.25:.2f}, invoice to follow\n\n"
                    "The group not in the workshop will explore the galleries and the observatory with your "
                    "staff. Our risk assessment pack is attached to the invoice email. Please let us know of "
                    "any access or medical needs.\n\nKind regards,\nLaura Dineen\nLearning Team, Catalyst Science Discovery Centre\n",
        }),
    ),
    File(
        path=f"{TRIP}/Trip risk assessment - Catalyst 13-03-2025.docx",
        purpose="The educational visit risk assessment for the Catalyst trip, for EVOLVE sign-off.",
        created=d("2025-01-23 19:15"),
        modified=d("2025-02-04 17:45"),
        projects=("y10-catalyst-trip",),
        entities=("trip_catalyst",),
        links=(("references", "Downloads/KLP Educational Visits Policy 2024.pdf"), ("references", f"{TRIP}/RE_ Catalyst booking confirmation.eml")),
        spec=DocSpec(
            title="Visit risk assessment - Catalyst",
            author=USER,
            blocks=[
                H("Educational visit risk assessment"),
                T(["Visit", "Year 10 chemistry, Catalyst Science Discovery Centre, Widnes"], [
                    ["Date", "Thursday 13 March 2025, 08:30-16:15"],
                    ["Group", f"{TRIP_PUPILS} pupils (10C1, 10C2); {TRIP_STAFF} staff; ratio 1:12"],
                    ["Visit leader", USER],
                    ["Category", "B (day visit, UK, no adventurous activity)"],
                    ["EVC approval", "Gemma Walsh"],
                ]),
                H("Hazards and controls", 2),
                T(["Hazard (who is at risk)", "Control measures"], [
                    ["Travel by coach on the M62 (everyone)", "Operator on the trust's approved list; seatbelts checked by staff at departure and after lunch."],
                    ["Pupil separated from the group (pupils)", "Groups of 12 with a named adult; headcount on and off the coach and at each gallery change; meeting point at reception; staff mobile numbers on lanyards."],
                    ["Asthma (6 pupils) and one nut allergy with an epi-pen (named pupils)", "Inhalers and epi-pen checked at registration; medical sheet with each group leader; first-aider on staff (HB)."],
                    ["Chemicals in the workshop (pupils)", "Catalyst's own lab risk assessment applies; eye protection provided; our staff present throughout."],
                    ["Road at drop-off (everyone)", "Coach stops on Mersey Road beside the entrance; no road crossing."],
                ]),
                H("Emergency procedures", 2),
                P("The visit leader contacts the school (0113 278 5500) and the head teacher's emergency "
                  "mobile. Catalyst's fire procedure applies on site. Parents' contact numbers and consent "
                  "are held on the EVOLVE record and printed for the visit leader."),
            ],
        ),
    ),
    File(
        path="Downloads/KLP Educational Visits Policy 2024.pdf",
        purpose="The trust's educational visits policy (ratios, approval categories, charging).",
        created=d("2024-09-12 08:55"),
        origin="shared",
        author=TRUST,
        projects=("y10-catalyst-trip",),
        entities=("school",),
        spec=PdfSpec(
            title="Educational Visits Policy 2024",
            author=TRUST,
            blocks=[
                H("Educational Visits Policy"),
                P(f"{TRUST} · Approved by the Board of Trustees, July 2024 · Review July 2026"),
                H("1. Approval", 2),
                B(
                    "Category A: local visits in school hours, approved by the EVC.",
                    "Category B: day visits in the UK without adventurous activities, approved by the EVC on EVOLVE at least four weeks before.",
                    "Category C: residential, overseas or adventurous visits, approved by the head teacher and the trust.",
                ),
                H("2. Supervision", 2),
                P("Minimum ratios for day visits in Key Stage 4: one adult to twelve pupils, with at least "
                  "two adults on every visit and at least one first-aider."),
                H("3. Charging and remissions", 2),
                P("Visits in school hours that are part of the curriculum are free. Schools may ask for "
                  "voluntary contributions; letters must say that no pupil will be excluded because their "
                  "parents do not contribute. Schools meet the cost for pupils eligible for the pupil premium."),
                H("4. Medical needs", 2),
                P("Visit leaders must hold an up-to-date medical list and ensure medication travels with the pupil."),
            ],
        ),
    ),
)

# --- CPD and mentoring -----------------------------------------------------------------------------------------

add(
    File(
        path="Documents/CPD/Mentor log - Tom Hirst PGCE.docx",
        purpose="Weekly mentor meeting log for the PGCE trainee, with targets against the Teachers' Standards.",
        created=d("2025-01-08 16:00"),
        modified=d("2025-02-05 16:35"),
        projects=("mentoring",),
        entities=("school",),
        spec=DocSpec(
            title="Mentor log - Tom Hirst",
            author=USER,
            blocks=[
                H("Mentor meetings: Tom Hirst (PGCE, Leeds Beckett), placement 2"),
                P("Placement: 6 January to 4 April 2025 · Timetable: 10S4, 8Y2, support in 11C1 · Mentor: Hannah Brooksbank"),
                H("Week 1 (8 January)", 2),
                P("Induction, timetable, behaviour policy. Tom observed 11C1 and 10C2. Target: learn names "
                  "for 10S4 and 8Y2 by Friday (TS7)."),
                H("Week 3 (22 January)", 2),
                P("Observed Tom teaching 8Y2 (particles and states). Good subject knowledge and clear "
                  "diagrams. Instructions for the practical were given while pupils were already holding "
                  "equipment, so half missed them. Target: give instructions before handing out "
                  "equipment, and check understanding with two questions (TS4, TS7)."),
                H("Week 5 (5 February)", 2),
                P("Observed 10S4 (electrolysis of copper sulfate). Much better transitions. Tom used the "
                  "RP3 risk assessment and briefed the class on the low-voltage supply. Next: plan a "
                  "sequence of three lessons with assessment for learning built in (TS2, TS6); moderate "
                  "one set of 10S4 books with me next week."),
                H("Progress against the Teachers' Standards", 2),
                T(["Standard", "Current judgement", "Evidence"], [
                    ["TS3 Subject and curriculum knowledge", "Secure", "Observations week 3 and 5"],
                    ["TS4 Plan and teach well-structured lessons", "Developing well", "Lesson plans, week 5 observation"],
                    ["TS6 Accurate and productive assessment", "Developing", "Book moderation due week 6"],
                    ["TS7 Manage behaviour effectively", "Developing well", "8Y2 routines now consistent"],
                ]),
            ],
        ),
    ),
    File(
        path="Documents/CPD/RSC webinar - teaching moles notes.txt",
        purpose="Hannah's notes from a Royal Society of Chemistry webinar on teaching the mole, used for the intervention plan.",
        created=d("2025-01-15 19:50"),
        projects=("y11-mocks-2025",),
        spec=TextSpec(text="""RSC Education webinar - "Making moles make sense" - 15 Jan 2025, 19:00-20:00

- Start from particles you can count (a dozen, a ream of paper) - then "a mole is a number".
- Do NOT lead with n = m/Mr as a triangle. Pupils use it without knowing what n is.
- Sequence: relative formula mass -> mass of 1 mol -> moles from mass -> ratios from equations
  -> mass of product -> concentration. One step per lesson for lower sets.
- Always write units on every line. (This is where 11C2 lost marks in the mock.)
- Use "what do I know / what do I want" boxes before any calculation.
- Retrieval: one calculation in every starter for the rest of the year - spaced, not blocked.
- Practical link: weigh out 1 mol of NaCl, water, sugar - pupils SEE that a mole is different masses.

For us:
* Build the starter bank for Y11 (30 calculations, increasing difficulty) - share with combined.
* Re-teach moles to both Y11 classes after half-term (2 weeks).
* Ask Janet for 1 mol samples display (NaCl, H2O, C12H22O11, Cu).
"""),
    ),
)

# --- Desktop, Downloads, personal --------------------------------------------------------------------------------

add(
    File(
        path="Desktop/marking to do.txt",
        purpose="Hannah's marking and admin list for the week.",
        created=d("2025-02-03 07:40"),
        modified=d("2025-02-07 15:50"),
        projects=("teaching-2024-25", "y10-catalyst-trip", "y11-mocks-2025"),
        entities=("class_10c2", "class_11c1", "trip_catalyst"),
        spec=TextSpec(text="""w/c 3 Feb

MARKING
- 10C2 RP3 write-ups (28) - by Thu. Use dept mark scheme. DONE 22/28
- 11C1 moles homework (Seneca) - check completion, chase: Sutcliffe, Brook, Dawson
- 8Y2 books - Tom to do with me (moderation) Weds P5

ADMIN
- Catalyst: ParentPay consents - 41 of 58 so far. Reminder Mon.
- EVOLVE: upload trip RA + booking confirmation -> Gemma  DONE 4/2
- Intervention: register for P6, starts 25 Feb (S5). Bilal Hussain Thursday lunch instead (collects brother Tues).
- Order: chase silver nitrate (back-ordered, due 14 Feb)
- SoW v2 -> Mark for sign-off (Y10 chem changes). Then start Y11 Autumn 2.

HALF TERM (17-21 Feb)
- Malham Sat if dry
"""),
    ),
    File(
        path="Downloads/AQA-8462-required-practicals-summary.pdf",
        purpose="Summary sheet of the eight GCSE chemistry required practicals, downloaded for the scheme of work rewrite.",
        created=d("2024-06-03 20:10"),
        origin="web_download",
        author="AQA",
        projects=("ks4-sow-rewrite",),
        spec=PdfSpec(
            title="GCSE Chemistry (8462) required practical activities - summary",
            author="AQA",
            blocks=[
                H("GCSE Chemistry (8462): required practical activities"),
                P("Summary for teachers. Students must carry out all of the required practical activities; "
                  "at least 15% of the marks in the written papers draw on the knowledge and understanding "
                  "gained from them."),
                T(["No.", "Activity", "Specification"], [
                    ["1", "Preparation of a pure, dry sample of a soluble salt from an insoluble oxide or carbonate", "4.4.2.3"],
                    ["2", "Titration: volumes of acid and alkali that react (chemistry only)", "4.4.2.5"],
                    ["3", "Electrolysis of aqueous solutions", "4.4.3.4"],
                    ["4", "Temperature changes in reactions", "4.5.1.1"],
                    ["5", "Effect of concentration on rate of reaction", "4.6.1.2"],
                    ["6", "Paper chromatography and Rf values", "4.8.1.3"],
                    ["7", "Identifying ions in ionic compounds (chemistry only)", "4.8.3"],
                    ["8", "Analysis and purification of water samples", "4.10.1.2"],
                ]),
                P("Apparatus and techniques (AT) 1-8 are covered across the activities; see the specification for the mapping."),
            ],
        ),
    ),
    File(
        path="Documents/Personal/Teachers Pension annual benefit statement 2024.pdf",
        purpose="Hannah's Teachers' Pension annual benefit statement at 31 March 2024.",
        created=d("2024-08-19 21:30"),
        origin="web_download",
        author="Teachers' Pensions",
        projects=("personal",),
        spec=PdfSpec(
            title="Annual Benefit Statement",
            author="Teachers' Pensions",
            blocks=[
                H("Annual Benefit Statement"),
                P("Teachers' Pension Scheme (England and Wales) · Statement date 31 March 2024"),
                T(["Member", "Mrs Hannah Brooksbank"], [
                    ["Scheme", "Career average (2015 scheme)"],
                    ["Normal pension age", "68 (State Pension age)"],
                    ["Pensionable earnings 2023-24", "£46,525"],
                ]),
                T(["Benefit", "Amount"], [
                    ["Pension built up to 31 March 2024", "£8,912.47 a year"],
                    ["Projected pension at normal pension age (today's money)", "£27,340 a year"],
                    ["Death in service lump sum", "£139,575"],
                ]),
                P("Your pension is revalued each April by CPI plus 1.6% while you are an active member."),
            ],
        ),
    ),
    File(
        path="Documents/Personal/Yorkshire Three Peaks training.xlsx",
        purpose="Hannah's walking log towards the Yorkshire Three Peaks in June.",
        created=d("2024-12-28 18:20"),
        modified=d("2025-02-02 19:05"),
        projects=("personal",),
        spec=SheetSpec(
            title="Three Peaks training",
            author=USER,
            currency="GBP",
            sheets=[
                Sheet(
                    name="Walks",
                    columns=[Column(header="Date", format="date"), Column(header="Route", width=36), Column(header="Distance km", format="decimal", total="sum"),
                             Column(header="Ascent m", format="int", total="sum"), Column(header="Hours", format="decimal", total="sum")],
                    rows=[
                        [{"type": "date", "value": "2024-12-28"}, "Otley Chevin circular", num(11.2, "decimal"), num(310, "int"), num(3.0, "decimal")],
                        [{"type": "date", "value": "2025-01-04"}, "Ilkley Moor: Cow and Calf to Twelve Apostles", num(14.8, "decimal"), num(420, "int"), num(4.25, "decimal")],
                        [{"type": "date", "value": "2025-01-19"}, "Malham Cove and Gordale Scar", num(12.9, "decimal"), num(390, "int"), num(4.0, "decimal")],
                        [{"type": "date", "value": "2025-02-01"}, "Pen-y-ghent from Horton", num(10.1, "decimal"), num(530, "int"), num(3.5, "decimal")],
                    ],
                    totals_row=True,
                ),
            ],
        ),
    ),
)

WORLD = World(
    slug="chemistry_teacher_leeds",
    seed=202,
    created_at=d("2025-02-07 16:45"),
    persona=PERSONA,
    profile=PROFILE,
    folders=FOLDERS,
    projects=PROJECTS,
    files=FILES,
)
