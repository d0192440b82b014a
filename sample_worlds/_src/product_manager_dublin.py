"""Aoife Brennan, Senior Product Manager (Approvals & Workflows) at Tallyforge, Dublin.

Late February 2025 at a B2B SaaS company that automates accounts payable: the
Approval Workflows v2 PRD has just been finalised for the Finance Advisory Board;
the EXP-014 onboarding experiment has been read out (guided first invoice won);
Q2 planning is under way with a RICE-scored roadmap and OKRs; customer interviews
continue. She keeps a small Python repo for experiment analysis next to her
Documents, as a former engineer does.

The experiment's daily export is written once here; the repo's analysis code, the
readout, the weekly chart and the planning deck all agree with it.
"""

from __future__ import annotations

import csv
import io
import json
import math

from _kit import B, File, H, N, P, R, T, World, d

from engine.schema.persona import Persona
from engine.schema.plans import PlannedProject
from engine.schema.profile import UserProfile
from engine.schema.specs import (
    ChartSpec,
    Column,
    DeckSpec,
    DocSpec,
    EllipseShape,
    EmlSpec,
    ImageSpec,
    LineShape,
    PdfSpec,
    RectShape,
    Series,
    Sheet,
    SheetSpec,
    Slide,
    TableData,
    TextShape,
    TextSpec,
)

USER = "Aoife Brennan"
EMAIL = "aoife.brennan@tallyforge.com"
CO = "Tallyforge"
CIARAN = "Ciarán Doyle"
MARTA = "Marta Kowalczyk"
DEV = "Dev Raman"
SINEAD = "Sinéad Murphy"
ROB = "Rob Whelan"
LENA = "Lena Fischer"

# --- EXP-014: the daily export --------------------------------------------------------------------------
EXP_CSV = """date,variant,trials_started,activated_14d
2025-01-06,control,54,23
2025-01-06,guided_first_invoice,53,21
2025-01-07,control,65,20
2025-01-07,guided_first_invoice,64,26
2025-01-08,control,64,24
2025-01-08,guided_first_invoice,63,24
2025-01-09,control,69,21
2025-01-09,guided_first_invoice,69,26
2025-01-10,control,57,19
2025-01-10,guided_first_invoice,56,21
2025-01-11,control,31,11
2025-01-11,guided_first_invoice,31,12
2025-01-12,control,36,12
2025-01-12,guided_first_invoice,36,14
2025-01-13,control,64,20
2025-01-13,guided_first_invoice,64,20
2025-01-14,control,58,19
2025-01-14,guided_first_invoice,57,22
2025-01-15,control,64,21
2025-01-15,guided_first_invoice,64,22
2025-01-16,control,59,16
2025-01-16,guided_first_invoice,59,26
2025-01-17,control,66,17
2025-01-17,guided_first_invoice,66,30
2025-01-18,control,30,11
2025-01-18,guided_first_invoice,30,9
2025-01-19,control,31,10
2025-01-19,guided_first_invoice,31,10
2025-01-20,control,68,21
2025-01-20,guided_first_invoice,68,28
2025-01-21,control,59,18
2025-01-21,guided_first_invoice,58,23
2025-01-22,control,57,16
2025-01-22,guided_first_invoice,56,17
2025-01-23,control,67,24
2025-01-23,guided_first_invoice,66,27
2025-01-24,control,64,20
2025-01-24,guided_first_invoice,63,28
2025-01-25,control,30,8
2025-01-25,guided_first_invoice,30,11
2025-01-26,control,34,12
2025-01-26,guided_first_invoice,34,12
2025-01-27,control,64,19
2025-01-27,guided_first_invoice,64,25
2025-01-28,control,55,16
2025-01-28,guided_first_invoice,55,25
2025-01-29,control,64,16
2025-01-29,guided_first_invoice,63,22
2025-01-30,control,54,19
2025-01-30,guided_first_invoice,54,19
2025-01-31,control,58,15
2025-01-31,guided_first_invoice,58,19
2025-02-01,control,29,9
2025-02-01,guided_first_invoice,29,12
2025-02-02,control,31,8
2025-02-02,guided_first_invoice,30,11
"""
_rows = list(csv.DictReader(io.StringIO(EXP_CSV)))


def _totals(variant: str) -> tuple[int, int]:
    rs = [r for r in _rows if r["variant"] == variant]
    return sum(int(r["trials_started"]) for r in rs), sum(int(r["activated_14d"]) for r in rs)


N_C, A_C = _totals("control")
N_V, A_V = _totals("guided_first_invoice")
RATE_C, RATE_V = A_C / N_C, A_V / N_V
_pool = (A_C + A_V) / (N_C + N_V)
Z = (RATE_V - RATE_C) / math.sqrt(_pool * (1 - _pool) * (1 / N_C + 1 / N_V))
P_VALUE = math.erfc(abs(Z) / math.sqrt(2))
_se = math.sqrt(RATE_C * (1 - RATE_C) / N_C + RATE_V * (1 - RATE_V) / N_V)
CI_LO, CI_HI = (RATE_V - RATE_C - 1.96 * _se) * 100, (RATE_V - RATE_C + 1.96 * _se) * 100
UPLIFT_PP = (RATE_V - RATE_C) * 100
UPLIFT_REL = (RATE_V / RATE_C - 1) * 100


def weekly(variant: str) -> list[float]:
    out = []
    for w in range(4):
        rs = [r for r in _rows if r["variant"] == variant][w * 7:(w + 1) * 7]
        out.append(round(100 * sum(int(r["activated_14d"]) for r in rs) / sum(int(r["trials_started"]) for r in rs), 1))
    return out


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# --- the February survey ----------------------------------------------------------------------------------
SURVEY = [
    ("R1001", "1-49", "CFO / FD", 1, 3, "approvals stuck when approver on leave", 8),
    ("R1002", "50-249", "Financial controller", 2, 5, "too many invoices need sign-off by FD", 2),
    ("R1003", "1-49", "Finance manager", 3, 5, "audit trail hard to export", 7),
    ("R1004", "1-49", "Finance manager", 2, 4, "approving on mobile is clunky", 7),
    ("R1005", "1-49", "Office manager", 3, 4, "chasing approvers by email", 6),
    ("R1006", "50-249", "CFO / FD", 1, 3, "approving on mobile is clunky", 9),
    ("R1007", "50-249", "Office manager", 1, 3, "approving on mobile is clunky", 6),
    ("R1008", "1-49", "AP clerk", 1, 5, "chasing approvers by email", 9),
    ("R1009", "1-49", "CFO / FD", 1, 4, "too many invoices need sign-off by FD", 7),
    ("R1010", "1-49", "Financial controller", 2, 3, "too many invoices need sign-off by FD", 8),
    ("R1011", "1-49", "Finance manager", 1, 3, "approving on mobile is clunky", 6),
    ("R1012", "250-999", "Office manager", 2, 4, "thresholds differ per entity", 7),
    ("R1013", "50-249", "CFO / FD", 2, 5, "too many invoices need sign-off by FD", 8),
    ("R1014", "250-999", "AP clerk", 2, 5, "no routing by cost centre", 7),
    ("R1015", "1-49", "Financial controller", 1, 5, "no routing by cost centre", 7),
    ("R1016", "1-49", "CFO / FD", 2, 5, "approvals stuck when approver on leave", 5),
    ("R1017", "1-49", "Financial controller", 1, 3, "approvals stuck when approver on leave", 5),
    ("R1018", "50-249", "Finance manager", 3, 5, "too many invoices need sign-off by FD", 7),
    ("R1019", "250-999", "CFO / FD", 2, 4, "approving on mobile is clunky", 10),
    ("R1020", "1-49", "Finance manager", 1, 2, "audit trail hard to export", 6),
    ("R1021", "250-999", "Office manager", 2, 5, "too many invoices need sign-off by FD", 7),
    ("R1022", "250-999", "Financial controller", 2, 5, "thresholds differ per entity", 6),
    ("R1023", "250-999", "AP clerk", 2, 4, "too many invoices need sign-off by FD", 6),
    ("R1024", "50-249", "Finance manager", 1, 4, "too many invoices need sign-off by FD", 7),
    ("R1025", "50-249", "Office manager", 1, 5, "audit trail hard to export", 10),
    ("R1026", "50-249", "CFO / FD", 2, 5, "too many invoices need sign-off by FD", 7),
    ("R1027", "50-249", "Finance manager", 3, 4, "too many invoices need sign-off by FD", 8),
    ("R1028", "50-249", "CFO / FD", 1, 4, "audit trail hard to export", 6),
    ("R1029", "1-49", "Office manager", 2, 5, "audit trail hard to export", 10),
    ("R1030", "50-249", "Financial controller", 2, 5, "audit trail hard to export", 9),
    ("R1031", "50-249", "Financial controller", 2, 5, "approvals stuck when approver on leave", 7),
    ("R1032", "1-49", "AP clerk", 4, 5, "audit trail hard to export", 6),
    ("R1033", "250-999", "Office manager", 2, 4, "approving on mobile is clunky", 6),
    ("R1034", "1-49", "Office manager", 2, 3, "thresholds differ per entity", 9),
    ("R1035", "1-49", "AP clerk", 2, 4, "chasing approvers by email", 7),
    ("R1036", "250-999", "Finance manager", 1, 4, "thresholds differ per entity", 6),
    ("R1037", "1-49", "CFO / FD", 1, 4, "too many invoices need sign-off by FD", 5),
    ("R1038", "50-249", "Office manager", 3, 5, "chasing approvers by email", 10),
    ("R1039", "50-249", "Office manager", 2, 4, "duplicate approvals", 7),
    ("R1040", "250-999", "AP clerk", 3, 5, "chasing approvers by email", 6),
    ("R1041", "1-49", "AP clerk", 1, 3, "too many invoices need sign-off by FD", 7),
    ("R1042", "50-249", "Financial controller", 1, 2, "no routing by cost centre", 7),
    ("R1043", "50-249", "AP clerk", 2, 5, "approvals stuck when approver on leave", 8),
    ("R1044", "50-249", "Office manager", 2, 4, "no routing by cost centre", 8),
    ("R1045", "250-999", "CFO / FD", 1, 4, "approving on mobile is clunky", 7),
    ("R1046", "50-249", "Finance manager", 2, 5, "thresholds differ per entity", 7),
    ("R1047", "1-49", "Office manager", 2, 4, "chasing approvers by email", 6),
    ("R1048", "250-999", "Finance manager", 1, 4, "chasing approvers by email", 7),
    ("R1049", "50-249", "AP clerk", 1, 4, "chasing approvers by email", 9),
    ("R1050", "1-49", "Finance manager", 3, 4, "audit trail hard to export", 6),
    ("R1051", "50-249", "Finance manager", 2, 5, "audit trail hard to export", 8),
    ("R1052", "250-999", "AP clerk", 2, 5, "audit trail hard to export", 5),
    ("R1053", "250-999", "CFO / FD", 3, 5, "no routing by cost centre", 5),
    ("R1054", "50-249", "Financial controller", 4, 5, "audit trail hard to export", 6),
    ("R1055", "250-999", "CFO / FD", 2, 5, "approving on mobile is clunky", 8),
    ("R1056", "250-999", "Financial controller", 1, 3, "approvals stuck when approver on leave", 9),
    ("R1057", "250-999", "AP clerk", 1, 5, "duplicate approvals", 7),
    ("R1058", "50-249", "CFO / FD", 3, 5, "too many invoices need sign-off by FD", 7),
    ("R1059", "1-49", "Office manager", 2, 4, "duplicate approvals", 10),
    ("R1060", "250-999", "CFO / FD", 3, 4, "duplicate approvals", 8),
]
SURVEY_N = len(SURVEY)
SURVEY_TOP2 = 100 * sum(r[4] >= 4 for r in SURVEY) / SURVEY_N
SURVEY_MULTI = 100 * sum(r[3] >= 2 for r in SURVEY) / SURVEY_N

# --- engineering estimate (person-weeks) -----------------------------------------------------------------
ESTIMATE = [
    ("Rules engine: conditions on amount, supplier, cost centre, entity", "Backend", 10, "In"),
    ("Rule builder UI", "Frontend", 8, "In"),
    ("Delegation (out of office)", "Full stack", 3, "In"),
    ("Escalation and reminders", "Backend", 3, "In"),
    ("Audit log v2 (rule that routed each step)", "Backend", 2, "In"),
    ("Migration of v1 single-approver rules", "Backend", 4, "In"),
    ("QA, performance and load testing", "QA", 4, "In"),
    ("Parallel approvals (any / all of a group)", "Full stack", 6, "Later"),
]
ESTIMATE_IN = sum(pw for *_x, pw, scope in ESTIMATE if scope == "In")  # 34

# --- Q2 RICE ----------------------------------------------------------------------------------------------
RICE = [  # feature, reach (accounts / quarter), impact, confidence, effort (person-months)
    ("Guided first invoice onboarding (ship EXP-014)", 1500, 3, 1.0, 1),
    ("Approval delegation (out of office)", 1400, 1, 0.9, 2),
    ("Approval audit export (CSV / PDF)", 650, 1, 0.9, 1),
    ("Approve from email on mobile", 2300, 1, 0.7, 3),
    ("Conditional approval routing (Approvals v2)", 1900, 2, 0.8, 8),
    ("Parallel approvals", 900, 2, 0.6, 4),
    ("Cost-centre sync from ERP", 1200, 2, 0.5, 6),
    ("Approvals in Slack", 700, 1, 0.5, 3),
]
RICE_SCORES = sorted(((f, r * i * c / e) for f, r, i, c, e in RICE), key=lambda x: -x[1])
V2_RANK = 1 + [f for f, _ in RICE_SCORES].index("Conditional approval routing (Approvals v2)")
COMMITTED = {"Conditional approval routing (Approvals v2)": 8, "Approval delegation (out of office)": 2,
             "Guided first invoice onboarding (ship EXP-014)": 0.5, "Approval audit export (CSV / PDF)": 1}
AVAILABLE = 5 * 3 * 0.7  # engineers x months x focus factor, as the Capacity sheet
HEADROOM = AVAILABLE - sum(COMMITTED.values())

# ----------------------------------------------------------------------------------------------------------
# Profile
# ----------------------------------------------------------------------------------------------------------

PERSONA = Persona(
    text="A senior product manager at a Dublin software company that automates accounts payable, "
    "who owns invoice approval workflows, runs onboarding experiments and still writes a bit of "
    "Python to analyse them.",
    occupation="Product Manager",
    occupation_family="product_ux",
    industry="software",
    seed=303,
    source="text",
)

PROFILE = UserProfile.model_validate(
    {
        "identity": {
            "full_name": USER,
            "username": "abrennan",
            "email": EMAIL,
            "role": "Senior Product Manager, Approvals & Workflows",
            "organization": CO,
            "organization_context": "A B2B SaaS company (about 230 people; Dublin headquarters in Grand "
            "Canal Dock, engineering also in Kraków) whose product captures supplier invoices, routes "
            "them for approval and pays them, for about 4,100 small and mid-sized customers in Ireland "
            "and the UK. Aoife leads the Approvals & Workflows squad (five engineers, a designer) in the "
            "Spend product group.",
            "location": "Dublin, Ireland",
            "career_stage": "senior",
            "years_experience": 12,
        },
        "biography": "Aoife studied computer science at Trinity College Dublin and worked as a "
        "backend engineer for three years before moving into product through business analysis at a "
        "payroll software company. She joined Tallyforge in 2019 as its fourth product manager. She "
        "is data-minded (she still writes her own experiment analysis in Python rather than wait for "
        "the data team), writes long PRDs that she then cuts in half, and spends a morning a week on "
        "customer calls. She lives in Ringsend and is training for the Dublin Marathon.",
        "career_history": [
            {"title": "Software Engineer", "organization": "Fenwick Analytics", "start_year": 2012, "end_year": 2015, "summary": "Built data pipelines and reporting APIs in Python."},
            {"title": "Business Analyst, then Associate Product Manager", "organization": "Clearpath Payroll", "start_year": 2015, "end_year": 2019, "summary": "Owned payslip and pension submission features; first experiments programme."},
            {"title": "Product Manager", "organization": CO, "start_year": 2019, "end_year": 2022, "summary": "Launched invoice approvals v1 and the mobile app."},
            {"title": "Senior Product Manager, Approvals & Workflows", "organization": CO, "start_year": 2022, "end_year": None, "summary": "Owns approvals, onboarding activation and the Finance Advisory Board programme."},
        ],
        "work_context": "Two-week sprints with the Approvals squad (engineering lead in Kraków), a "
        "quarterly planning cycle with OKRs, a monthly Finance Advisory Board of eight customer "
        "finance leads, and a steady flow of customer interviews. This quarter: finalise and start "
        "building Approval Workflows v2, ship the winning onboarding variant from EXP-014, and "
        "bring a Q2 plan to the product review on 21 March.",
        "current_projects": [
            {
                "id": "approvals-v2",
                "name": "Approval Workflows v2",
                "description": "Conditional, multi-step approval rules (amount, supplier, cost centre, "
                "entity), delegation, escalation and a better audit log, replacing the single-approver "
                "rules of v1. Beta with 25 customers from 28 April, general availability 16 June 2025.",
                "client": "Finance Advisory Board and mid-market customers",
                "status": "active",
                "start_date": "2024-10-14",
                "end_date": "2025-06-16",
                "entities": ["approvals_v2", "fab", "beta_date", "ga_date", "renewals_at_risk"],
            },
            {
                "id": "exp-014",
                "name": "EXP-014 guided first invoice onboarding",
                "description": "A/B test of a guided first-invoice flow for new trials against the "
                "current empty dashboard; read out in February, now shipping to all trials.",
                "client": "Growth",
                "status": "wrapping_up",
                "start_date": "2024-12-02",
                "end_date": "2025-03-07",
                "entities": ["exp014", "activation_rate"],
            },
            {
                "id": "q2-planning",
                "name": "Q2 2025 planning for Approvals & Workflows",
                "description": "RICE-scored roadmap, OKRs and the planning deck for the product review on 21 March 2025.",
                "client": "Head of Product",
                "status": "planning",
                "start_date": "2025-02-10",
                "end_date": "2025-03-21",
                "entities": ["product_review", "approvals_v2"],
            },
            {
                "id": "discovery",
                "name": "Approvals discovery interviews",
                "description": "Fortnightly interviews with finance teams about how invoices get approved, feeding v2 and what comes after it.",
                "client": "Approvals & Workflows squad",
                "status": "active",
                "start_date": "2025-01-06",
                "end_date": None,
                "entities": ["fab"],
            },
        ],
        "collaborators": [
            {"name": CIARAN, "role": "Head of Product", "relationship": "manager", "organization": CO, "communication_style": "Socratic in 1-1s, wants the decision and the trade-off on one slide; allergic to roadmaps with dates he did not agree.", "email": "ciaran.doyle@tallyforge.com", "projects": ["approvals-v2", "q2-planning", "exp-014"]},
            {"name": MARTA, "role": "Engineering Lead, Approvals squad", "relationship": "peer", "organization": CO, "communication_style": "Precise, estimates in person-weeks with ranges, pushes back on scope creep in writing.", "email": "marta.kowalczyk@tallyforge.com", "projects": ["approvals-v2", "q2-planning"]},
            {"name": DEV, "role": "Data Analyst", "relationship": "peer", "organization": CO, "communication_style": "Careful about statistics; will check your p-values and your denominators.", "email": "dev.raman@tallyforge.com", "projects": ["exp-014"]},
            {"name": SINEAD, "role": "UX Researcher", "relationship": "peer", "organization": CO, "communication_style": "Writes crisp syntheses, insists on quotes not opinions.", "email": "sinead.murphy@tallyforge.com", "projects": ["discovery", "approvals-v2"]},
            {"name": ROB, "role": "Customer Success Manager, mid-market", "relationship": "peer", "organization": CO, "communication_style": "Escalates by phone; speaks for the three renewals waiting on v2.", "email": "rob.whelan@tallyforge.com", "projects": ["approvals-v2"]},
            {"name": LENA, "role": "Product Designer", "relationship": "peer", "organization": CO, "communication_style": "Shares Figma links, likes to sketch flows before any spec.", "email": "lena.fischer@tallyforge.com", "projects": ["approvals-v2", "exp-014"]},
            {"name": "Gráinne Kelly", "role": "Financial Controller, Harbour Foods (Finance Advisory Board)", "relationship": "client", "organization": "Harbour Foods", "communication_style": "Direct, practical, has strong views on audit trails.", "email": "grainne.kelly@harbourfoods.ie", "projects": ["approvals-v2"]},
        ],
        "software": ["Jira", "Confluence", "Figma", "Amplitude", "Excel", "PowerPoint", "Word", "VS Code", "Python", "Metabase", "Slack", "Dovetail"],
        "work_habits": {
            "tidiness": "average",
            "naming_style": "mixed",
            "naming_convention": "Descriptive with a version suffix for specs ('PRD - Approval Workflows v2_v2.docx'); interviews date-first ('2025-01-14 Harbour Foods - AP manager.docx'); code and data in lower_snake_case.",
            "version_suffix_habit": "mixed",
            "version_suffix_examples": ["_v1", "_v2", "_FINAL"],
            "uses_dated_folders": True,
            "archives_old_work": False,
            "downloads_habit": "occasional_cleanup",
            "desktop_habit": "a_few_shortcuts",
            "tech_level": "expert",
            "computer_usage": "heavy",
        },
        "filesystem": {
            "os": "windows",
            "volumes": [{"label": "C:", "mount": "C:/", "folder": "C", "kind": "system", "purpose": "Company Windows laptop; Documents synced to OneDrive, code under source/repos."}],
            "home": "C:/Users/abrennan",
            "documents": "C:/Users/abrennan/Documents",
            "downloads": "C:/Users/abrennan/Downloads",
            "desktop": "C:/Users/abrennan/Desktop",
            "cloud_sync": "onedrive",
            "storage_pattern": "Specs and experiments under Documents/Product, research and planning beside them; analysis code in source/repos as Visual Studio created it.",
            "organization_style": "By product area and then by initiative; planning by quarter.",
        },
        "fact_sheet": {
            "entities": [
                {"id": "company", "type": "organization", "name": CO, "description": "B2B SaaS for accounts-payable automation; about 4,100 customers."},
                {"id": "approvals_v2", "type": "project", "name": "Approval Workflows v2", "description": f"In-scope estimate {ESTIMATE_IN} person-weeks."},
                {"id": "fab", "type": "organization", "name": "Finance Advisory Board", "description": "Eight customer finance leads who meet monthly."},
                {"id": "beta_date", "type": "key_date", "name": "Approvals v2 beta starts", "date": "2025-04-28"},
                {"id": "ga_date", "type": "key_date", "name": "Approvals v2 general availability", "date": "2025-06-16"},
                {"id": "renewals_at_risk", "type": "metric", "name": "Renewals waiting on Approvals v2", "amount": 410_000, "currency": "EUR", "description": "Three mid-market renewals (ARR) due in Q3."},
                {"id": "exp014", "type": "metric", "name": "EXP-014 activation uplift", "amount": round(UPLIFT_PP, 1), "description": f"Guided first invoice {pct(RATE_V)} vs control {pct(RATE_C)}."},
                {"id": "activation_rate", "type": "metric", "name": "Trial activation rate (first invoice approved within 14 days)", "amount": round(RATE_C * 100, 1)},
                {"id": "product_review", "type": "key_date", "name": "Q2 product review", "date": "2025-03-21"},
            ]
        },
    }
)

PROJECTS = [
    PlannedProject(id="approvals-v2", name="Approval Workflows v2", status="current"),
    PlannedProject(id="exp-014", name="EXP-014 guided first invoice onboarding", status="current"),
    PlannedProject(id="q2-planning", name="Q2 2025 planning for Approvals & Workflows", status="current"),
    PlannedProject(id="discovery", name="Approvals discovery interviews", status="current"),
    PlannedProject(id="activation-analysis", name="Experiment analysis repo", status="current", summary="Python package for reading out onboarding experiments (EXP-009, EXP-014)."),
    PlannedProject(id="admin", name="Admin: expenses and reviews", status="past"),
    PlannedProject(id="personal", name="Personal", status="personal"),
]

# ----------------------------------------------------------------------------------------------------------
# Folders
# ----------------------------------------------------------------------------------------------------------

REPO = "source/repos/activation-analysis"
APPR = "Documents/Product/Approval Workflows v2"
EXP = "Documents/Product/Activation EXP-014"
INT = "Documents/Research/Customer interviews 2025"
Q2 = "Documents/Planning/Q2 2025"

FOLDERS = {
    "Desktop": ("Stand-up notes and shortcuts.", "work"),
    "Downloads": ("Reports, competitor material, exports and saved emails.", "downloads"),
    "Documents": ("Work documents, synced to OneDrive.", "work"),
    "Documents/Product": ("One folder per initiative.", "work"),
    APPR: ("PRD versions, edge cases, wireframe and the engineering estimate for Approvals v2.", "work"),
    EXP: ("Brief, readout and chart for the onboarding experiment.", "work"),
    "Documents/Research": ("Customer research.", "work"),
    INT: ("Interview notes and the synthesis deck.", "work"),
    "Documents/Research/Survey": ("Survey exports.", "work"),
    "Documents/Planning": ("Quarterly planning.", "work"),
    Q2: ("Roadmap, OKRs and the planning deck for Q2 2025.", "work"),
    "Documents/Planning/Q1 2025": ("Q1 OKR scorecard.", "work"),
    "Documents/Meetings": ("1-1 notes.", "work"),
    "Documents/Admin": ("Expenses and performance reviews.", "work"),
    "Documents/Personal": ("Flat lease and running plan.", "personal"),
    "source": ("Code, as Visual Studio laid it out.", "work"),
    "source/repos": ("Git repositories.", "work"),
    REPO: ("The experiment-analysis package: code, config, queries and the exported data.", "work"),
    f"{REPO}/activation_analysis": ("The Python package.", "work"),
    f"{REPO}/data": ("Exported experiment data (not committed to git).", "work"),
    f"{REPO}/config": ("One config per experiment.", "work"),
    f"{REPO}/queries": ("Metabase / SQL queries that produce the exports.", "work"),
}

FILES: list[File] = []


def add(*files: File) -> None:
    FILES.extend(files)


def num(v, fmt: str) -> dict:
    return {"type": "number", "value": v, "format": fmt}


# --- the analysis repo ----------------------------------------------------------------------------------

STATS_PY = '''"""Statistics for conversion experiments: a two-proportion z-test and a confidence interval."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Arm:
    name: str
    n: int
    conversions: int

    @property
    def rate(self) -> float:
        return self.conversions / self.n if self.n else 0.0


@dataclass(frozen=True)
class Comparison:
    control: Arm
    variant: Arm
    z: float
    p_value: float
    diff: float  # variant - control, as a proportion
    ci_low: float
    ci_high: float

    @property
    def relative_uplift(self) -> float:
        return self.variant.rate / self.control.rate - 1


def compare(control: Arm, variant: Arm, z_crit: float = 1.96) -> Comparison:
    """Pooled two-proportion z-test (two-sided) and an unpooled Wald interval for the difference."""
    p_pool = (control.conversions + variant.conversions) / (control.n + variant.n)
    se_pool = math.sqrt(p_pool * (1 - p_pool) * (1 / control.n + 1 / variant.n))
    diff = variant.rate - control.rate
    z = diff / se_pool
    p_value = math.erfc(abs(z) / math.sqrt(2))
    se = math.sqrt(control.rate * (1 - control.rate) / control.n + variant.rate * (1 - variant.rate) / variant.n)
    return Comparison(control, variant, z, p_value, diff, diff - z_crit * se, diff + z_crit * se)


def sample_size(baseline: float, mde: float, alpha_z: float = 1.96, power_z: float = 0.84) -> int:
    """Trials per arm to detect an absolute lift of `mde` over `baseline` (80% power, 5% two-sided)."""
    p2 = baseline + mde
    var = baseline * (1 - baseline) + p2 * (1 - p2)
    return math.ceil((alpha_z + power_z) ** 2 * var / mde**2)
'''

REPORT_PY = '''"""Read out an experiment from its daily export and its config.

    python -m activation_analysis.report config/exp014.json
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from activation_analysis.stats import Arm, compare


def load_arms(csv_path: Path, metric: str) -> dict[str, Arm]:
    n: dict[str, int] = defaultdict(int)
    conv: dict[str, int] = defaultdict(int)
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            n[row["variant"]] += int(row["trials_started"])
            conv[row["variant"]] += int(row[metric])
    return {name: Arm(name, n[name], conv[name]) for name in n}


def main(config_path: str) -> None:
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    root = Path(config_path).resolve().parent.parent
    arms = load_arms(root / cfg["data"], cfg["metric"])
    result = compare(arms[cfg["control"]], arms[cfg["variant"]])
    print(f"{cfg['id']}: {cfg['name']}")
    for arm in (result.control, result.variant):
        print(f"  {arm.name:<22} {arm.conversions:>5} / {arm.n:<5} = {arm.rate:.1%}")
    print(f"  difference {result.diff * 100:+.1f} pts "
          f"(95% CI {result.ci_low * 100:+.1f} to {result.ci_high * 100:+.1f}), "
          f"relative {result.relative_uplift:+.1%}, z = {result.z:.2f}, p = {result.p_value:.5f}")
    decision = "ship" if result.p_value < cfg["alpha"] and result.diff >= cfg["mde"] else "do not ship"
    print(f"  decision rule (alpha {cfg['alpha']}, MDE {cfg['mde']:.0%}): {decision}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "config/exp014.json")
'''

EXP_CONFIG = {
    "id": "EXP-014",
    "name": "Guided first invoice onboarding",
    "owner": EMAIL,
    "data": "data/exp014_daily.csv",
    "metric": "activated_14d",
    "control": "control",
    "variant": "guided_first_invoice",
    "allocation": {"control": 0.5, "guided_first_invoice": 0.5},
    "enrolment": {"start": "2025-01-06", "end": "2025-02-02"},
    "activation_definition": "First invoice approved within 14 days of trial start",
    "alpha": 0.05,
    "mde": 0.04,
    "baseline_rate": 0.31,
    "planned_trials_per_arm": 1400,
}

add(
    File(
        path=f"{REPO}/README.md",
        purpose="README of the experiment-analysis repo: what it does, how to run a readout, the experiments it has read out.",
        created=d("2024-05-13 10:20"),
        modified=d("2025-02-18 16:05"),
        projects=("activation-analysis", "exp-014"),
        entities=("exp014",),
        spec=TextSpec(text="""# activation-analysis

Small package for reading out Tallyforge onboarding experiments from the daily exports
(Metabase question *Trial activation by variant*, see `queries/`). Written by Aoife;
Dev Raman reviews the statistics.

## Run a readout

```powershell
cd C:\\Users\\abrennan\\source\\repos\\activation-analysis
py -m venv .venv; .venv\\Scripts\\activate
pip install -e .
python -m activation_analysis.report config/exp014.json
```

Exports go in `data/` (git-ignored: they contain trial counts by day, nothing personal,
but we keep them out of the repo anyway).

## Method

- Activation = first invoice *approved* within 14 days of the trial starting.
- Pooled two-proportion z-test, two-sided; 95% Wald interval for the difference.
- Decision rule per experiment in its config: ship if p < alpha and the lift is at least the MDE.
- Export only after the 14-day window has closed for the last enrolled day.

## Experiments

| id | name | result |
|---|---|---|
| EXP-009 | Sample invoice on the empty dashboard | no significant difference (May 2024) |
| EXP-014 | Guided first invoice onboarding | variant wins, shipping (Feb 2025) |
"""),
    ),
    File(
        path=f"{REPO}/pyproject.toml",
        purpose="Packaging metadata of the analysis repo.",
        created=d("2024-05-13 10:25"),
        modified=d("2025-02-17 11:40"),
        projects=("activation-analysis",),
        spec=TextSpec(text="""[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "activation-analysis"
version = "0.3.0"
description = "Read out Tallyforge onboarding experiments from daily exports"
authors = [{ name = "Aoife Brennan", email = "aoife.brennan@tallyforge.com" }]
requires-python = ">=3.11"
dependencies = []

[project.optional-dependencies]
dev = ["pytest>=8"]

[tool.setuptools]
packages = ["activation_analysis"]
"""),
    ),
    File(
        path=f"{REPO}/activation_analysis/__init__.py",
        purpose="Package marker with the version.",
        created=d("2024-05-13 10:25"),
        modified=d("2025-02-17 11:40"),
        projects=("activation-analysis",),
        spec=TextSpec(text='"""Experiment readouts for onboarding activation."""\n\n__version__ = "0.3.0"\n'),
    ),
    File(
        path=f"{REPO}/activation_analysis/stats.py",
        purpose="Two-proportion z-test, confidence interval and sample-size helper used by the readouts.",
        created=d("2024-05-13 11:05"),
        modified=d("2025-02-17 11:35"),
        projects=("activation-analysis", "exp-014"),
        spec=TextSpec(text=STATS_PY),
    ),
    File(
        path=f"{REPO}/queries/activation_cohort.sql",
        purpose="The SQL behind the daily export: trials started per day and variant and how many activated within 14 days.",
        created=d("2024-05-14 15:10"),
        modified=d("2025-01-06 09:30"),
        projects=("activation-analysis", "exp-014"),
        spec=TextSpec(text="""-- Trial activation by variant, one row per enrolment day and variant.
-- Activation = first invoice approved within 14 days of the trial starting.
-- Used by: Metabase question 1842 "Trial activation by variant" -> CSV -> data/<exp>_daily.csv

WITH trials AS (
    SELECT a.account_id,
           a.trial_started_at::date            AS trial_day,
           e.variant
    FROM   accounts a
    JOIN   experiment_assignments e
           ON e.account_id = a.account_id
          AND e.experiment_id = {{experiment_id}}
    WHERE  a.trial_started_at >= {{start}}
      AND  a.trial_started_at <  {{end}}::date + 1
      AND  a.is_internal = FALSE
),
first_approval AS (
    SELECT i.account_id,
           MIN(i.approved_at) AS first_approved_at
    FROM   invoices i
    WHERE  i.approved_at IS NOT NULL
    GROUP  BY i.account_id
)
SELECT t.trial_day                                         AS date,
       t.variant,
       COUNT(*)                                            AS trials_started,
       COUNT(*) FILTER (
           WHERE f.first_approved_at < t.trial_day + INTERVAL '14 days'
       )                                                   AS activated_14d
FROM   trials t
LEFT   JOIN first_approval f USING (account_id)
GROUP  BY t.trial_day, t.variant
ORDER  BY t.trial_day, t.variant;
"""),
    ),
    File(
        path=f"{REPO}/activation_analysis/report.py",
        purpose="Command-line readout: loads an experiment config and its daily export and prints rates, interval, z, p and the decision.",
        created=d("2024-05-13 14:30"),
        modified=d("2025-02-17 11:50"),
        projects=("activation-analysis", "exp-014"),
        links=(("references", f"{REPO}/activation_analysis/stats.py"),),
        spec=TextSpec(text=REPORT_PY),
    ),
    File(
        path=f"{REPO}/config/exp014.json",
        purpose="Configuration of EXP-014: data file, metric, arms, alpha and minimum detectable effect.",
        created=d("2024-12-16 10:05"),
        modified=d("2025-01-06 09:40"),
        projects=("exp-014",),
        entities=("exp014",),
        spec=TextSpec(text=json.dumps(EXP_CONFIG, indent=2) + "\n"),
    ),
    File(
        path=f"{REPO}/data/exp014_daily.csv",
        purpose="Daily export of EXP-014: trials started and activated within 14 days, per enrolment day and variant.",
        created=d("2025-02-17 11:20"),
        origin="system_generated",
        author="Metabase",
        projects=("exp-014",),
        entities=("exp014", "activation_rate"),
        links=(("derived_from", f"{REPO}/queries/activation_cohort.sql"),),
        spec=TextSpec(text=EXP_CSV),
    ),
)

# --- EXP-014 documents ------------------------------------------------------------------------------------

add(
    File(
        path=f"{EXP}/EXP-014 experiment brief.docx",
        purpose="The experiment brief for EXP-014: hypothesis, variants, metric, sample size and decision rule.",
        created=d("2024-12-02 14:15"),
        modified=d("2024-12-16 10:30"),
        projects=("exp-014",),
        entities=("exp014", "activation_rate"),
        links=(("references", f"{REPO}/activation_analysis/stats.py"),),
        spec=DocSpec(
            title="EXP-014 experiment brief",
            author=USER,
            blocks=[
                H("EXP-014: Guided first invoice onboarding"),
                R(("b", "Owner: "), f"{USER} · ", ("b", "Design: "), f"{LENA} · ", ("b", "Analysis: "), f"{DEV} · ", ("b", "Status: "), "approved 16 December 2024"),
                H("Why", 2),
                P("Only about 31% of trials approve their first invoice within 14 days, and trials that do "
                  "convert to paid at four times the rate of those that do not. Session recordings show "
                  "new users landing on an empty dashboard, uploading nothing, and leaving. EXP-009 (a "
                  "sample invoice on the dashboard) made no difference in May 2024."),
                H("Hypothesis", 2),
                P("If new trial users are walked through uploading, coding and approving one real invoice in "
                  "their first session, more of them will approve an invoice within 14 days."),
                H("Variants", 2),
                B(
                    "control: today's empty dashboard with the getting-started checklist.",
                    "guided_first_invoice: a four-step guided flow (upload or forward an invoice, check the extracted fields, pick an approver or approve it yourself, done) shown on first login; can be skipped.",
                ),
                H("Metric and decision rule", 2),
                B(
                    "Primary: activation = first invoice approved within 14 days of trial start.",
                    "Guardrails: trial-to-paid conversion at 30 days; support tickets per trial.",
                    "Sample: 1,400 trials per arm (about four weeks of trials at 50/50), enough to detect a 4-point lift from a 31% baseline with 80% power.",
                    "Ship if p < 0.05 and the lift is at least 4 points. Read out only after the 14-day window closes for the last enrolled day.",
                ),
                H("Dates", 2),
                P("Enrolment 6 January to 2 February 2025; data complete 16 February; readout the week of 17 February."),
            ],
        ),
    ),
    File(
        path=f"{EXP}/exp014_activation_by_week.png",
        purpose="Chart of weekly activation rates by variant for the EXP-014 readout.",
        created=d("2025-02-17 12:10"),
        projects=("exp-014",),
        entities=("exp014",),
        links=(("derived_from", f"{REPO}/data/exp014_daily.csv"),),
        spec=ImageSpec(
            width=800,
            height=480,
            title="EXP-014: activation within 14 days, by enrolment week",
            description="Share of trials that approved a first invoice within 14 days, per enrolment week, control vs guided first invoice.",
            author=USER,
            chart=ChartSpec(
                type="line",
                title="Activation within 14 days (%), by enrolment week",
                categories=["w/c 6 Jan", "w/c 13 Jan", "w/c 20 Jan", "w/c 27 Jan"],
                series=[Series(name="control", values=weekly("control")), Series(name="guided_first_invoice", values=weekly("guided_first_invoice"))],
            ),
        ),
    ),
    File(
        path=f"{EXP}/EXP-014 readout.docx",
        purpose="Readout of EXP-014: results, statistics, guardrails, decision to ship and follow-ups.",
        created=d("2025-02-18 09:10"),
        modified=d("2025-02-19 15:20"),
        projects=("exp-014",),
        entities=("exp014", "activation_rate"),
        links=(
            ("derived_from", f"{REPO}/data/exp014_daily.csv"),
            ("references", f"{EXP}/EXP-014 experiment brief.docx"),
            ("references", f"{EXP}/exp014_activation_by_week.png"),
        ),
        spec=DocSpec(
            title="EXP-014 readout",
            author=USER,
            blocks=[
                H("EXP-014 readout: guided first invoice wins"),
                P(f"{USER} · reviewed by {DEV} · 19 February 2025"),
                H("Result", 2),
                T(["Variant", "Trials", "Activated in 14 days", "Rate"], [
                    ["control", f"{N_C:,}", f"{A_C:,}", pct(RATE_C)],
                    ["guided_first_invoice", f"{N_V:,}", f"{A_V:,}", pct(RATE_V)],
                ]),
                P(f"The guided flow raised activation from {pct(RATE_C)} to {pct(RATE_V)}: "
                  f"{UPLIFT_PP:+.1f} points (95% interval {CI_LO:+.1f} to {CI_HI:+.1f}), a relative lift of "
                  f"{UPLIFT_REL:+.1f}%. The two-sided z-test gives z = {Z:.2f}, p < 0.001. The lift is above the "
                  "4-point minimum we set in the brief, so by our decision rule we ship."),
                P("The lift held in every enrolment week (chart in this folder). Weekend trials activate less "
                  "in both arms; the variant helped them as much as weekday trials."),
                H("Guardrails", 2),
                B(
                    "Trial-to-paid at 30 days is not complete for the last cohorts; for the first two weeks it was 11.9% (variant) against 10.6% (control), not significant yet.",
                    "Support tickets per 100 trials: 4.1 (variant) against 4.4 (control).",
                    "18% of variant users skipped the guide; their activation (27%) was close to control's.",
                ),
                H("Decision", 2),
                N(
                    "Ship guided_first_invoice to 100% of new trials from 3 March (Lena and the Growth squad).",
                    "Keep a 5% hold-out for four weeks to measure trial-to-paid properly.",
                    "Next experiment (EXP-017): invite a colleague as approver inside the guide.",
                ),
                H("Method notes", 2),
                P("Export from Metabase question 1842 on 17 February, after the 14-day window closed for trials "
                  "enrolled on 2 February. Analysis with activation_analysis 0.3.0 (pooled two-proportion z-test). "
                  "Dev re-ran the numbers independently in Metabase and got the same counts."),
            ],
        ),
    ),
    File(
        path="Downloads/FW_ EXP-014 results - ship it.eml",
        purpose="The Head of Product forwarding the EXP-014 readout to the leadership team with his approval to ship.",
        created=d("2025-02-19 17:42"),
        origin="shared",
        author=CIARAN,
        projects=("exp-014",),
        entities=("exp014",),
        links=(("references", f"{EXP}/EXP-014 readout.docx"),),
        spec=EmlSpec.model_validate({
            "from": f"{CIARAN} <ciaran.doyle@tallyforge.com>",
            "to": ["Leadership <leadership@tallyforge.com>"],
            "cc": [f"{USER} <{EMAIL}>", f"{DEV} <dev.raman@tallyforge.com>"],
            "subject": "FW: EXP-014 results - ship it",
            "body": f"All,\n\nGood news from Aoife's squad: the guided first-invoice flow lifted trial activation from "
                    f"{pct(RATE_C)} to {pct(RATE_V)} ({UPLIFT_PP:+.1f} points) over {N_C + N_V:,} trials. Dev has checked the "
                    "numbers. It ships to all new trials on 3 March with a small hold-out so we can see the effect "
                    "on paid conversion.\n\nIf the effect on paid conversion holds, this is worth roughly 25 extra "
                    "paying customers a month at current trial volumes.\n\nCiarán\n",
        }),
    ),
)

# --- Research ----------------------------------------------------------------------------------------------

add(
    File(
        path=f"{INT}/2025-01-14 Harbour Foods - AP manager.docx",
        purpose="Notes from a customer interview with Harbour Foods' AP team about how invoices are approved today.",
        created=d("2025-01-14 11:05"),
        modified=d("2025-01-14 15:40"),
        projects=("discovery", "approvals-v2"),
        entities=("fab",),
        spec=DocSpec(
            title="Interview - Harbour Foods",
            author=USER,
            blocks=[
                H("Interview: Harbour Foods"),
                R(("b", "Who: "), "Gráinne Kelly (Financial Controller, FAB member) and Declan Moran (AP manager) · ",
                  ("b", "When: "), "14 January 2025, 45 minutes, Teams · ", ("b", "Us: "), f"{USER}, {SINEAD}"),
                H("Context", 2),
                P("Food distributor, 180 staff, three legal entities (Ireland, Northern Ireland, GB). About "
                  "2,300 supplier invoices a month. On Tallyforge since 2021; approvals v1 with one approver "
                  "per supplier."),
                H("What they do today", 2),
                B(
                    "Every invoice over €5,000 also needs Gráinne; over €25,000 the FD as well. Tallyforge can't "
                    "do the second and third step, so Declan forwards PDFs by email and records approval in a spreadsheet.",
                    "Cost centres: depots approve their own invoices, but the approver list lives in Declan's head.",
                    "When a depot manager is on leave, invoices sit. Declan reassigns them by hand every Monday.",
                ),
                H("Quotes", 2),
                B(
                    "\"The audit trail is the thing. Our auditors asked who approved 40 invoices and I spent two days on it.\" (Gráinne)",
                    "\"I don't want a workflow designer. I want three rules and a holiday cover.\" (Declan)",
                    "\"If v2 isn't in by the summer we will look at what Payflow does.\" (Gráinne)",
                ),
                H("What it means for v2", 2),
                B(
                    "Amount thresholds with sequential steps are the core. Cost-centre routing second.",
                    "Delegation is not a nice-to-have for them; it is the Monday problem.",
                    "Audit log must show which rule routed each step, exportable.",
                ),
            ],
        ),
    ),
    File(
        path=f"{INT}/2025-01-22 Kestrel Dental Group - finance director.docx",
        purpose="Notes from an interview with a multi-site dental group's finance director about approval thresholds across entities.",
        created=d("2025-01-22 16:30"),
        projects=("discovery", "approvals-v2"),
        spec=DocSpec(
            title="Interview - Kestrel Dental Group",
            author=USER,
            blocks=[
                H("Interview: Kestrel Dental Group"),
                R(("b", "Who: "), "Paul Nestor, Finance Director · ", ("b", "When: "), "22 January 2025, 30 minutes · ", ("b", "Us: "), USER),
                H("Context", 2),
                P("Nineteen practices, each its own company, one central finance team of four. About 900 "
                  "invoices a month, mostly lab work, consumables and rent."),
                H("Notes", 2),
                B(
                    "Practice managers approve up to €1,000; above that the regional manager; rent and equipment always the FD.",
                    "Thresholds differ per practice because two are joint ventures with different shareholder agreements.",
                    "They approve on phones between patients. The email link works but needs a login every time.",
                    "Would pay more for this if it replaced their Friday approval meeting.",
                ),
                H("Take-aways", 2),
                B("Rules must be set per entity, with a default that entities inherit.", "Mobile approval from email (no login for 24 hours) matters as much as the rules themselves."),
            ],
        ),
    ),
    File(
        path=f"{INT}/2025-02-04 Corrib Engineering - notes.md",
        purpose="Aoife's quick markdown notes from a call with Corrib Engineering, an at-risk renewal.",
        created=d("2025-02-04 12:20"),
        projects=("discovery", "approvals-v2"),
        entities=("renewals_at_risk",),
        spec=TextSpec(text="""# Corrib Engineering - 4 Feb 2025 (call with Rob)

**Who:** Niamh Joyce (Head of Finance), Rob Whelan (CSM), me
**Why:** renewal in August (EUR 145k ARR) - one of the three waiting on approvals v2

## Notes
- 4 entities, 11 cost centres, ~1,100 invoices/month
- Project invoices need the *project manager* first, then finance if > EUR 10k
- Today: PMs approve in a shared mailbox, finance re-keys approval into Tallyforge
- They tried Payflow in a trial last year: rules were good, OCR was poor
- Need: route by **cost centre -> project manager**, then amount threshold
- Need: see *why* an invoice went to someone ("which rule fired")

## Asks
- Beta access (yes - put them in the 25)
- Date for GA they can put in their renewal paper -> told them "June", Rob to confirm after planning

## For me
- Cost-centre routing cannot slip out of v2 scope; parallel approvals can
- Share PRD summary with Niamh after FAB sign-off
"""),
    ),
    File(
        path="Documents/Research/Survey/approvals_survey_responses_2025-02.csv",
        purpose="Export of the February in-app survey of finance admins about approvals: company size, role, approval steps, interest in conditional routing, main pain, NPS.",
        created=d("2025-02-10 09:15"),
        origin="system_generated",
        author="Typeform",
        projects=("approvals-v2", "discovery"),
        spec=TextSpec(text="response_id,company_size,role,approval_steps_today,conditional_routing_interest_1to5,main_pain,nps\n"
                      + "".join(f"{a},{b},{c},{s},{i},{pain},{n}\n" for a, b, c, s, i, pain, n in SURVEY)),
    ),
    File(
        path=f"{INT}/Interview synthesis - approvals (Feb 2025).pptx",
        purpose="Synthesis deck of the January-February approvals interviews and survey, with themes and implications for v2.",
        created=d("2025-02-11 14:00"),
        modified=d("2025-02-12 10:30"),
        projects=("discovery", "approvals-v2"),
        entities=("fab", "renewals_at_risk"),
        links=(
            ("derived_from", f"{INT}/2025-01-14 Harbour Foods - AP manager.docx"),
            ("derived_from", f"{INT}/2025-01-22 Kestrel Dental Group - finance director.docx"),
            ("derived_from", f"{INT}/2025-02-04 Corrib Engineering - notes.md"),
            ("references", "Documents/Research/Survey/approvals_survey_responses_2025-02.csv"),
        ),
        spec=DeckSpec(
            title="Approvals research synthesis",
            author=USER,
            slides=[
                Slide(layout="title", title="What finance teams told us about approvals", subtitle=f"Interviews and survey, January-February 2025 · {USER} and {SINEAD}"),
                Slide(title="What we did", bullets=[
                    "9 interviews: FAB members, mid-market customers, two churned accounts",
                    f"In-app survey of finance admins: {SURVEY_N} responses",
                    "Support tickets tagged 'approvals', Q4 2024: 312",
                ]),
                Slide(title="Theme 1: one approver is not how companies work", bullets=[
                    f"{SURVEY_MULTI:.0f}% of survey respondents have two or more approval steps today",
                    "Thresholds by amount are universal; by cost centre in 6 of 9 interviews",
                    "\"I want three rules and a holiday cover\" (AP manager, food distribution)",
                ]),
                Slide(layout="chart", title="Theme 2: interest in conditional routing is high", chart=ChartSpec(
                    type="bar", title="How useful would conditional routing be? (1-5)",
                    categories=["1", "2", "3", "4", "5"],
                    series=[Series(name="Responses", values=[sum(1 for r in SURVEY if r[4] == k) for k in range(1, 6)])],
                ), notes=f"{SURVEY_TOP2:.0f}% answered 4 or 5."),
                Slide(title="Theme 3: trust comes from the audit trail", bullets=[
                    "Auditors ask 'who approved this and why'; today that takes days",
                    "Customers want to see which rule routed each step",
                    "Export matters as much as the screen",
                ]),
                Slide(title="Theme 4: approvals happen on phones", bullets=[
                    "Approvers are depot managers, practice managers, project managers",
                    "The email link asks them to log in every time",
                ]),
                Slide(layout="table", title="What this means for v2", table=TableData(
                    header=["Need", "v2", "Later"],
                    rows=[
                        ["Amount thresholds, sequential steps", "Yes", ""],
                        ["Cost-centre routing", "Yes", ""],
                        ["Delegation when away", "Yes", ""],
                        ["Which rule fired, exportable", "Yes", ""],
                        ["Parallel approvals", "", "Yes"],
                        ["Approve from email without login", "", "Q2 candidate"],
                    ],
                )),
            ],
        ),
    ),
)

# --- Approvals v2: PRD versions, estimate, edge cases, wireframe --------------------------------------------

add(
    File(
        path=f"{APPR}/Eng estimate - Approvals v2 (Marta).xlsx",
        purpose="The engineering lead's estimate for Approvals v2 by epic, in person-weeks, with what is in scope.",
        created=d("2025-01-16 13:45"),
        modified=d("2025-01-24 10:10"),
        origin="shared",
        author=MARTA,
        projects=("approvals-v2",),
        entities=("approvals_v2",),
        spec=SheetSpec(
            title="Approvals v2 estimate",
            author=MARTA,
            currency="EUR",
            sheets=[
                Sheet(
                    name="Estimate",
                    columns=[Column(header="Epic", width=58), Column(header="Area", width=12), Column(header="Person-weeks", format="int"),
                             Column(header="Scope"), Column(header="In-scope weeks", format="int", total="sum")],
                    rows=[[e, a, num(pw, "int"), s, f'=IF(D{i}="In",C{i},0)'] for i, (e, a, pw, s) in enumerate(ESTIMATE, start=2)],
                    totals_row=True,
                ),
                Sheet(
                    name="Timeline",
                    columns=[Column(header="Item", width=40), Column(header="Value", format="decimal")],
                    rows=[
                        ["In-scope person-weeks", f"=Estimate!E{len(ESTIMATE) + 2}"],
                        ["Engineers on the squad", num(5, "int")],
                        ["Focus factor (support, on-call)", num(0.7, "decimal")],
                        ["Calendar weeks", "=B2/(B3*B4)"],
                    ],
                ),
            ],
        ),
    ),
)


def _prd(version: str) -> list:
    v1, final = version == "v1", version == "FINAL"
    date = {"v1": "18 November 2024", "v2": "27 January 2025", "FINAL": "14 February 2025"}[version]
    ga = "Tuesday 27 May 2025" if v1 else "Monday 16 June 2025"
    blocks = [
        H("PRD: Approval Workflows v2"),
        T(["Owner", USER], [
            ["Engineering", MARTA],
            ["Design", LENA],
            ["Status", ("Final, for Finance Advisory Board review" if final else "Draft " + version) + f", {date}"],
        ]),
        H("1. Summary", 2),
        P("Let finance teams describe how invoices really get approved in their company (by amount, supplier, "
          "cost centre and entity, in several steps, with cover when people are away) and show, for every "
          "invoice, who approved it and which rule sent it to them."),
        H("2. Problem", 2),
        P("Approvals v1 (2021) sends each invoice to one approver per supplier. Most mid-market customers "
          "need more: a depot manager and then the controller above €5,000; a project manager and then "
          "finance. Today they work around us with forwarded emails and spreadsheets, which breaks the "
          "audit trail our customers buy us for. Approval-related support tickets were 312 in Q4 2024, our "
          "second-largest category."),
    ]
    if not v1:
        blocks.append(P("Three mid-market renewals due in Q3 (€410k ARR together) are waiting on multi-step "
                        "approvals; one of them has trialled a competitor."))
    if final:
        blocks.append(P(f"In the February in-app survey ({SURVEY_N} finance admins), {SURVEY_MULTI:.0f}% already "
                        f"have two or more approval steps and {SURVEY_TOP2:.0f}% rated conditional routing 4 or 5 "
                        "out of 5 for usefulness."))
    blocks += [
        H("3. Goals and non-goals", 2),
        B(
            "Goal: median time from invoice received to fully approved falls from 3.1 days to under 1.5 days for customers using v2 rules.",
            "Goal: share of invoices approved within 48 hours rises from 54% to 75%.",
            "Goal: approval-related support tickets fall by 40% within two quarters of GA.",
            "Non-goal: a general workflow designer. Rules are conditions and steps, not a flowchart editor.",
        ),
        H("4. Users", 2),
        B(
            "Finance admin: sets up the rules, once, and changes them a few times a year.",
            "Approver: depot, practice or project manager; approves on a phone, a few times a week.",
            "AP clerk: needs to see where every invoice is and chase the right person.",
        ),
        H("5. Requirements", 2),
        N(
            "Rules with conditions on amount (ranges), supplier, cost centre and entity; the first matching rule applies; a default rule catches the rest.",
            "Each rule has one or more sequential steps; a step names a person, a role or 'the cost centre's owner'.",
            "Rules can be set per entity, with a company default that entities inherit.",
            "Delegation: an approver can name a delegate for a date range; invoices go to the delegate automatically." if not v1
            else "Parallel approval steps: 'any of' or 'all of' a group of approvers.",
            "Escalation: if a step is not acted on in N working days, remind, then escalate to the rule owner.",
            "Audit log: every step records approver, time, and the rule and condition that routed it; exportable to CSV and PDF.",
            "Migration: every v1 supplier-approver pair becomes a v2 rule automatically; nothing changes for customers until they edit rules.",
        ),
    ]
    if not v1:
        blocks.append(P(f"Out of scope for v2, after {MARTA}'s estimate: parallel approvals (6 person-weeks), "
                        "moved to the Q3 candidates. Delegation comes in instead: every interview raised it."))
    blocks += [
        H("6. Rollout", 2),
        B(
            "Beta: 25 customers from Monday 28 April 2025, including the Finance Advisory Board and the three renewals.",
            f"General availability: {ga}, for all plans with approvals.",
            "v1 rules keep working; customers opt in to the rule builder.",
        ),
    ]
    if not v1:
        blocks += [
            H("7. Effort", 2),
            P(f"Engineering estimate: {ESTIMATE_IN} person-weeks in scope (rules engine 10, rule builder UI 8, "
              "migration 4, QA 4, delegation 3, escalation 3, audit log 2), about ten calendar weeks for the squad "
              "after support and on-call."),
        ]
    blocks += [
        H("8. Open questions" if not v1 else "7. Open questions", 2),
        B(*(
            ["Do we need parallel approvals in v2? (Marta estimating)", "Mobile approval without login: v2 or separate?", "Pricing: all plans or Business and above?"]
            if v1 else
            ["Mobile approval without login is a separate Q2 candidate; see the Q2 roadmap.", "Pricing: rules on all plans; more than three steps on Business and above (Ciarán to confirm)."]
        )),
    ]
    return blocks


PRD = f"{APPR}/PRD - Approval Workflows v2"
add(
    File(
        path=f"{PRD}_v1.docx",
        purpose="First draft of the Approvals v2 PRD (parallel approvals in scope, GA in May).",
        created=d("2024-11-18 10:30"),
        modified=d("2024-11-22 17:15"),
        projects=("approvals-v2",),
        entities=("approvals_v2", "fab"),
        spec=DocSpec(title="PRD - Approval Workflows v2", author=USER, blocks=_prd("v1")),
    ),
    File(
        path=f"{APPR}/approval-rules-edge-cases.md",
        purpose="Aoife's running list of edge cases for the rules engine, agreed with engineering.",
        created=d("2024-11-25 09:40"),
        modified=d("2025-02-06 16:20"),
        projects=("approvals-v2",),
        entities=("approvals_v2",),
        links=(("references", f"{PRD}_v1.docx"),),
        spec=TextSpec(text="""# Approval rules v2 - edge cases

Agreed with Marta unless marked **open**.

1. **Invoice amount changes after routing** (credit note, corrected OCR) -> re-evaluate rules; keep
   completed steps if the same rule still matches, otherwise restart and record why in the audit log.
2. **Approver is also the submitter** -> skip to the next step; never self-approve. If it is the only
   step, route to the rule owner.
3. **Approver leaves the company** (user deactivated) -> pending steps go to the rule owner; admin sees a
   banner "3 rules point at deactivated users".
4. **Delegate is themselves away** -> no chains: route to the rule owner.
5. **Multi-currency**: thresholds are in the entity's base currency; invoice converted at the rate on
   the invoice date (same rate the ledger export uses).
6. **Split invoices** (lines on several cost centres): v2 routes on the cost centre with the largest
   share; **open**: Corrib want every cost centre owner -> that is parallel approval, so later.
7. **Rules edited while invoices are in flight** -> in-flight invoices finish on the old rule version;
   audit log stores the rule version.
8. **No rule matches** -> default rule; admins cannot delete the default rule.
9. **Amount exactly on a threshold** (EUR 5,000.00) -> ranges are "from (inclusive) to (exclusive)".
10. **Bulk approve** -> allowed only for invoices at the same step of the same rule.
"""),
    ),
    File(
        path=f"{PRD}_v2.docx",
        purpose="Second draft of the PRD after the engineering estimate: delegation in, parallel approvals out, GA moved to June.",
        created=d("2025-01-27 09:15"),
        modified=d("2025-01-29 18:05"),
        projects=("approvals-v2",),
        entities=("approvals_v2", "fab", "renewals_at_risk", "beta_date", "ga_date"),
        links=(
            ("version_of", f"{PRD}_v1.docx"),
            ("references", f"{APPR}/Eng estimate - Approvals v2 (Marta).xlsx"),
            ("references", f"{INT}/2025-01-14 Harbour Foods - AP manager.docx"),
        ),
        spec=DocSpec(title="PRD - Approval Workflows v2", author=USER, blocks=_prd("v2")),
    ),
    File(
        path=f"{APPR}/approvals_v2_flow_wireframe.png",
        purpose="Low-fidelity wireframe of the v2 approval flow (rule match, sequential steps, delegation, audit), exported from a whiteboard sketch.",
        created=d("2025-02-05 15:30"),
        author=LENA,
        origin="shared",
        projects=("approvals-v2",),
        entities=("approvals_v2",),
        spec=ImageSpec(
            width=1000,
            height=420,
            title="Approvals v2 flow (wireframe)",
            description="Invoice arrives, first matching rule picks the steps, each step goes to an approver or their delegate, every step is logged.",
            author=LENA,
            shapes=[
                TextShape(x=30, y=20, text="Approvals v2 - routing flow (low-fi, LF 5 Feb)", size=20, color="#333333"),
                RectShape(x=30, y=120, width=150, height=70, fill="#dbe8f7", outline="#4472c4"),
                TextShape(x=45, y=145, text="Invoice in", size=16),
                LineShape(x1=180, y1=155, x2=240, y2=155, color="#555555", width=3),
                EllipseShape(x=240, y=105, width=190, height=100, fill="#fde9d9", outline="#ed7d31"),
                TextShape(x=262, y=140, text="First matching", size=15),
                TextShape(x=292, y=160, text="rule", size=15),
                LineShape(x1=430, y1=155, x2=490, y2=155, color="#555555", width=3),
                RectShape(x=490, y=120, width=150, height=70, fill="#e2efda", outline="#70ad47"),
                TextShape(x=505, y=145, text="Step 1: CC owner", size=14),
                LineShape(x1=640, y1=155, x2=700, y2=155, color="#555555", width=3),
                RectShape(x=700, y=120, width=150, height=70, fill="#e2efda", outline="#70ad47"),
                TextShape(x=712, y=137, text="Step 2: controller", size=14),
                TextShape(x=738, y=160, text="(> EUR 5k)", size=13),
                LineShape(x1=850, y1=155, x2=900, y2=155, color="#555555", width=3),
                RectShape(x=900, y=120, width=80, height=70, fill="#dbe8f7", outline="#4472c4"),
                TextShape(x=912, y=145, text="Paid", size=16),
                LineShape(x1=565, y1=190, x2=565, y2=260, color="#999999", width=2),
                RectShape(x=490, y=260, width=150, height=60, fill="#fff2cc", outline="#bf9000"),
                TextShape(x=500, y=280, text="Delegate if away", size=14),
                RectShape(x=30, y=350, width=950, height=45, fill="#f2f2f2", outline="#a5a5a5"),
                TextShape(x=45, y=362, text="Audit log: approver, time, rule and condition for every step - export CSV / PDF", size=15),
            ],
        ),
    ),
    File(
        path=f"{PRD}_FINAL.docx",
        purpose="Final PRD for Approvals v2 as sent to the Finance Advisory Board, with the survey evidence, effort and dates.",
        created=d("2025-02-14 09:00"),
        modified=d("2025-02-14 16:45"),
        projects=("approvals-v2",),
        entities=("approvals_v2", "fab", "renewals_at_risk", "beta_date", "ga_date"),
        links=(
            ("version_of", f"{PRD}_v2.docx"),
            ("references", "Documents/Research/Survey/approvals_survey_responses_2025-02.csv"),
            ("references", f"{APPR}/approval-rules-edge-cases.md"),
            ("references", f"{APPR}/approvals_v2_flow_wireframe.png"),
        ),
        spec=DocSpec(title="PRD - Approval Workflows v2", author=USER, blocks=_prd("FINAL")),
    ),
    File(
        path=f"{PRD}_FINAL.pdf",
        purpose="PDF export of the final PRD for the Finance Advisory Board pack.",
        created=d("2025-02-14 16:50"),
        projects=("approvals-v2",),
        entities=("approvals_v2", "fab"),
        links=(("extracted_from", f"{PRD}_FINAL.docx"),),
        spec=PdfSpec(title="PRD - Approval Workflows v2", author=USER, blocks=_prd("FINAL")),
    ),
    File(
        path="Downloads/RE_ Approvals v2 scope - Finance Advisory Board.eml",
        purpose="Reply from a Finance Advisory Board member on the final PRD: agrees with the scope, asks about audit export format and beta dates.",
        created=d("2025-02-17 08:55"),
        origin="shared",
        author="Gráinne Kelly",
        projects=("approvals-v2",),
        entities=("fab", "beta_date"),
        links=(("references", f"{PRD}_FINAL.pdf"),),
        spec=EmlSpec.model_validate({
            "from": "Gráinne Kelly <grainne.kelly@harbourfoods.ie>",
            "to": [f"{USER} <{EMAIL}>"],
            "cc": [f"{ROB} <rob.whelan@tallyforge.com>"],
            "subject": "RE: Approvals v2 scope - Finance Advisory Board",
            "body": "Hi Aoife,\n\nThanks for sending the PRD ahead of Thursday. Short version: yes, this is what we need. "
                    "Three rules, holiday cover and an audit trail I can hand to the auditors.\n\n"
                    "Two things:\n1. The audit export - can it include the invoice number and supplier, not only our "
                    "internal ID? Our auditors sample by supplier.\n2. We'd like to be in the beta from 28 April, but "
                    "our year-end is 30 April. Could we start the week of 12 May instead?\n\n"
                    "Parallel approvals later is fine for us. Declan says the delegation feature alone will save him "
                    "his Monday mornings.\n\nGráinne\n\nGráinne Kelly\nFinancial Controller, Harbour Foods\n",
        }),
    ),
)

# --- Planning ----------------------------------------------------------------------------------------------

_okr_q1 = [
    ("Activation: more trials reach value", "Trial activation (first invoice approved in 14 days)", 0.35, 0.382, "percent"),
    ("Activation: more trials reach value", "EXP-014 read out and decision made", 1, 1, "int"),
    ("Approvals v2 ready to build", "PRD signed off by Finance Advisory Board", 1, 1, "int"),
    ("Approvals v2 ready to build", "Customer interviews completed", 10, 9, "int"),
    ("Reduce approval friction", "Approval-related tickets in the quarter (lower is better)", 280, 301, "int"),
]
add(
    File(
        path="Documents/Planning/Q1 2025/Q1 2025 OKR scorecard.xlsx",
        purpose="The squad's Q1 2025 OKR scorecard with targets, actuals to date and scores by formula.",
        created=d("2025-01-06 11:30"),
        modified=d("2025-02-20 17:10"),
        projects=("q2-planning", "exp-014"),
        entities=("activation_rate", "exp014"),
        spec=SheetSpec(
            title="Q1 2025 OKR scorecard",
            author=USER,
            currency="EUR",
            sheets=[
                Sheet(
                    name="Scorecard",
                    columns=[Column(header="Objective", width=36), Column(header="Key result", width=56), Column(header="Target"),
                             Column(header="Actual to date"), Column(header="Score", format="decimal", total="average")],
                    rows=[
                        [o, kr, num(t, fmt), num(a, fmt),
                         (f"=MIN(C{i}/D{i},1)" if "lower is better" in kr else f"=MIN(D{i}/C{i},1)")]
                        for i, (o, kr, t, a, fmt) in enumerate(_okr_q1, start=2)
                    ],
                    totals_row=True,
                    totals_label="Average",
                ),
            ],
        ),
    ),
    File(
        path=f"{Q2}/Q2 2025 roadmap - Approvals & Workflows.xlsx",
        purpose="RICE-scored candidate list for Q2 2025 with the squad's commitments and capacity.",
        created=d("2025-02-12 15:00"),
        modified=d("2025-02-20 11:25"),
        projects=("q2-planning", "approvals-v2"),
        entities=("approvals_v2", "product_review", "renewals_at_risk"),
        links=(
            ("references", f"{APPR}/Eng estimate - Approvals v2 (Marta).xlsx"),
            ("references", f"{EXP}/EXP-014 experiment brief.docx"),
        ),
        spec=SheetSpec(
            title="Q2 2025 roadmap",
            author=USER,
            currency="EUR",
            sheets=[
                Sheet(
                    name="RICE",
                    columns=[Column(header="Candidate", width=46), Column(header="Reach (accounts/qtr)", format="int"),
                             Column(header="Impact (0.25-3)", format="decimal"), Column(header="Confidence", format="percent"),
                             Column(header="Effort (person-months)", format="decimal"), Column(header="RICE", format="decimal"),
                             Column(header="Rank", format="int")],
                    rows=[[f, num(r, "int"), num(i, "decimal"), num(c, "percent"), num(e, "decimal"),
                           f"=B{k}*C{k}*D{k}/E{k}", f"=RANK(F{k},F$2:F${len(RICE) + 1})"]
                          for k, (f, r, i, c, e) in enumerate(RICE, start=2)],
                ),
                Sheet(
                    name="Commitments",
                    columns=[Column(header="Item", width=46), Column(header="Why", width=60), Column(header="Person-months", format="decimal", total="sum")],
                    rows=[
                        ["Conditional approval routing (Approvals v2)", "Committed to the Finance Advisory Board; €410k ARR of renewals depend on it", num(8, "decimal")],
                        ["Approval delegation (out of office)", "In v2 scope; second-highest RICE", num(2, "decimal")],
                        ["Guided first invoice onboarding (ship EXP-014)", "Highest RICE; Growth squad builds, we support", num(0.5, "decimal")],
                        ["Approval audit export (CSV / PDF)", "High RICE, small; FAB asked for supplier and invoice number", num(1, "decimal")],
                    ],
                    totals_row=True,
                ),
                Sheet(
                    name="Capacity",
                    columns=[Column(header="Item", width=40), Column(header="Value", format="decimal")],
                    rows=[
                        ["Engineers", num(5, "int")],
                        ["Months in the quarter", num(3, "int")],
                        ["Focus factor", num(0.7, "decimal")],
                        ["Available person-months", "=B2*B3*B4"],
                        ["Committed person-months", "=Commitments!C6"],
                        ["Headroom", "=B5-B6"],
                    ],
                ),
            ],
        ),
    ),
    File(
        path=f"{Q2}/OKRs Q2 2025 draft.docx",
        purpose="Draft Q2 2025 OKRs for the Approvals & Workflows squad.",
        created=d("2025-02-18 14:20"),
        modified=d("2025-02-20 16:40"),
        projects=("q2-planning",),
        entities=("approvals_v2", "beta_date", "ga_date", "activation_rate"),
        links=(("references", "Documents/Planning/Q1 2025/Q1 2025 OKR scorecard.xlsx"),),
        spec=DocSpec(
            title="OKRs Q2 2025 draft",
            author=USER,
            blocks=[
                H("Approvals & Workflows: OKRs for Q2 2025 (draft)"),
                P(f"Draft for {CIARAN} · 20 February 2025 · to be agreed at the product review on 21 March"),
                H("Objective 1: Finance teams run their real approval process in Tallyforge", 2),
                N(
                    "Approvals v2 in beta with 25 customers by 12 May and generally available by 16 June.",
                    "150 customers have at least one multi-step rule by 30 June.",
                    "Median time to full approval under 1.5 days for beta customers (baseline 3.1).",
                ),
                H("Objective 2: Nobody waits on an approver who is away", 2),
                N(
                    "Delegation live for all customers with v2.",
                    "Invoices reassigned by hand fall by 50% among beta customers (baseline from the audit log in April).",
                ),
                H("Objective 3: New trials get to value faster", 2),
                N(
                    f"Trial activation at or above {pct(RATE_V)} with the guided flow for all trials (was {pct(RATE_C)}).",
                    "EXP-017 (invite an approver in the guide) designed, run and read out.",
                ),
                H("Not this quarter", 2),
                B("Parallel approvals (Q3 candidate).", "Approvals in Slack.", "Cost-centre sync from ERP (depends on the Integrations squad)."),
            ],
        ),
    ),
    File(
        path=f"{Q2}/Q2 2025 planning - Approvals & Workflows.pptx",
        purpose="Planning deck for the 21 March product review: Q1 results, RICE ranking, commitments, capacity and OKRs.",
        created=d("2025-02-19 10:00"),
        modified=d("2025-02-21 12:30"),
        projects=("q2-planning", "approvals-v2", "exp-014"),
        entities=("approvals_v2", "product_review", "renewals_at_risk", "exp014"),
        links=(
            ("derived_from", f"{Q2}/Q2 2025 roadmap - Approvals & Workflows.xlsx"),
            ("references", f"{Q2}/OKRs Q2 2025 draft.docx"),
        ),
        spec=DeckSpec(
            title="Q2 2025 planning - Approvals & Workflows",
            author=USER,
            slides=[
                Slide(layout="title", title="Approvals & Workflows: Q2 2025", subtitle=f"Product review · 21 March 2025 · {USER}"),
                Slide(title="Q1 in one slide", bullets=[
                    f"EXP-014 won: activation {pct(RATE_C)} to {pct(RATE_V)}; ships 3 March",
                    "Approvals v2 PRD signed off by the Finance Advisory Board",
                    "9 of 10 planned customer interviews done",
                    "Approval tickets still above target (301 against 280)",
                ]),
                Slide(layout="table", title="Candidates ranked by RICE", table=TableData(
                    header=["Rank", "Candidate", "RICE"],
                    rows=[[str(k), f, f"{score:,.0f}"] for k, (f, score) in enumerate(RICE_SCORES[:6], start=1)],
                ), notes="Full list and inputs in the roadmap workbook."),
                Slide(title=f"Why v2 comes first although it ranks {['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][V2_RANK - 1]}", bullets=[
                    "Committed to the Finance Advisory Board for June",
                    "Three renewals worth €410k ARR are waiting on it",
                    "RICE undervalues it: reach counts accounts, not invoice volume (v2 customers are our largest)",
                ]),
                Slide(layout="chart", title="Capacity and commitments", chart=ChartSpec(
                    type="bar", title="Person-months in Q2",
                    categories=["Approvals v2 routing", "Delegation", "Guided onboarding", "Audit export", "Available"],
                    series=[Series(name="Person-months", values=[*COMMITTED.values(), round(AVAILABLE, 1)])],
                ), notes=f"Headroom: {HEADROOM:+.1f} person-months. Audit export is the first thing to slip."),
                Slide(title="Q2 OKRs (draft)", bullets=[
                    "Finance teams run their real approval process in Tallyforge (v2 GA 16 June; 150 customers with multi-step rules)",
                    "Nobody waits on an approver who is away (delegation; manual reassignments -50%)",
                    f"New trials get to value faster (activation at or above {pct(RATE_V)})",
                ]),
                Slide(title="Decisions I need", bullets=[
                    "Agree v2 ahead of higher-RICE items",
                    "Beta start moves to 12 May for FAB members with an April year-end",
                    "Pricing of more than three approval steps",
                ]),
            ],
        ),
    ),
)

# --- Downloads ------------------------------------------------------------------------------------------------

add(
    File(
        path="Downloads/Ardent_Research_State_of_AP_Automation_2025.pdf",
        purpose="An analyst report on accounts-payable automation in 2025, downloaded for market context.",
        created=d("2025-01-29 21:15"),
        origin="web_download",
        author="Ardent Research",
        projects=("q2-planning",),
        spec=PdfSpec(
            title="The State of AP Automation 2025",
            author="Ardent Research",
            blocks=[
                H("The State of AP Automation 2025"),
                P("Ardent Research · Survey of 612 finance leaders at companies with 50-2,500 employees in the UK, Ireland and the Netherlands · January 2025"),
                H("Key findings", 2),
                B(
                    "62% of mid-sized companies still route at least some invoice approvals by email.",
                    "The median invoice takes 4.2 days from receipt to approval; best-in-class teams take under 1.5 days.",
                    "Approval delays are the top cause of missed early-payment discounts (cited by 47%).",
                    "71% of finance leaders say audit-ready approval trails are a 'must have' in a new AP tool.",
                    "Mobile approval is used by 38% of approvers, up from 22% in 2022.",
                ),
                H("Market", 2),
                P("AP automation vendors for mid-sized companies grew revenue by about 24% in 2024. Buyers "
                  "increasingly expect approval rules by entity and cost centre out of the box rather than "
                  "through services work."),
                T(["Capability", "Share of buyers rating it essential"], [
                    ["OCR / data capture accuracy", "84%"], ["Multi-step approval rules", "73%"], ["Audit trail export", "71%"],
                    ["ERP integration", "69%"], ["Mobile approval", "52%"], ["Payments", "48%"],
                ]),
            ],
        ),
    ),
    File(
        path="Downloads/Payflow_Approvals_Datasheet.pdf",
        purpose="A competitor's datasheet for its approvals module.",
        created=d("2025-02-04 13:05"),
        origin="web_download",
        author="Payflow",
        projects=("approvals-v2",),
        spec=PdfSpec(
            title="Payflow Approvals",
            author="Payflow Ltd",
            blocks=[
                H("Payflow Approvals"),
                P("Approve invoices your way. Any rule, any number of steps, any device."),
                H("Features", 2),
                B(
                    "Visual workflow builder with unlimited steps and branches",
                    "Rules on amount, supplier, GL code, cost centre, entity and custom fields",
                    "Parallel and sequential approvals",
                    "Out-of-office delegation and automatic escalation",
                    "Approve from email, Slack, Teams or the Payflow app",
                    "Full audit trail with export",
                ),
                H("Plans", 2),
                T(["Plan", "Approval features", "Price"], [
                    ["Starter", "Single approver", "from £49 / month"],
                    ["Growth", "Up to 3 steps, delegation", "from £149 / month"],
                    ["Scale", "Unlimited workflows, parallel approvals, API", "Contact sales"],
                ]),
            ],
        ),
    ),
    File(
        path="Downloads/jira_export_APPR_2025-02-20.csv",
        purpose="Jira export of the APPR project's epics and stories for v2, for sprint planning.",
        created=d("2025-02-20 10:12"),
        origin="system_generated",
        author="Jira",
        projects=("approvals-v2",),
        entities=("approvals_v2",),
        spec=TextSpec(text="""Issue key,Issue Type,Summary,Status,Epic Link,Story Points,Sprint,Assignee
APPR-412,Epic,Rules engine v2,In Progress,,,,Marta Kowalczyk
APPR-413,Epic,Rule builder UI,To Do,,,,Lena Fischer
APPR-414,Epic,Delegation,To Do,,,,
APPR-415,Epic,Escalation and reminders,To Do,,,,
APPR-416,Epic,Audit log v2,To Do,,,,
APPR-417,Epic,Migrate v1 rules,To Do,,,,
APPR-421,Story,Rule model: conditions on amount range and supplier,Done,APPR-412,5,APPR Sprint 31,Piotr Nowak
APPR-422,Story,Rule model: cost centre and entity conditions,In Progress,APPR-412,5,APPR Sprint 32,Piotr Nowak
APPR-423,Story,First-match evaluation with default rule,In Progress,APPR-412,3,APPR Sprint 32,Kasia Zielinska
APPR-424,Story,Re-evaluate rules when invoice amount changes,To Do,APPR-412,5,,
APPR-425,Story,Store rule version on each approval step,To Do,APPR-416,3,,
APPR-426,Story,Never route a step to the submitter,To Do,APPR-412,2,,
APPR-430,Story,Rule list and empty state,To Do,APPR-413,3,APPR Sprint 32,Lena Fischer
APPR-431,Story,Condition editor (amount ranges),To Do,APPR-413,5,,
APPR-432,Story,Step editor (person / role / cost centre owner),To Do,APPR-413,5,,
APPR-440,Story,Set a delegate for a date range,To Do,APPR-414,3,,
APPR-441,Story,Route to delegate; no chains,To Do,APPR-414,3,,
APPR-450,Story,Reminder after N working days,To Do,APPR-415,3,,
APPR-460,Story,Audit export CSV with supplier and invoice number,To Do,APPR-416,3,,
APPR-470,Story,Migration script v1 supplier-approver pairs,To Do,APPR-417,8,,
"""),
    ),
)

# --- Meetings, admin, desktop, personal ---------------------------------------------------------------------

add(
    File(
        path="Documents/Meetings/1-1 notes Ciarán 2025.docx",
        purpose="Running notes of Aoife's weekly 1-1s with the Head of Product in 2025.",
        created=d("2025-01-07 16:00"),
        modified=d("2025-02-18 16:55"),
        projects=("approvals-v2", "exp-014", "q2-planning"),
        entities=("approvals_v2", "exp014", "renewals_at_risk"),
        spec=DocSpec(
            title="1-1 notes Ciarán 2025",
            author=USER,
            blocks=[
                H("1-1s with Ciarán, 2025"),
                H("18 February", 2),
                B(
                    "EXP-014: he'll forward the readout to leadership. Wants the hold-out kept for paid conversion.",
                    "Q2: he expects the question 'why isn't the top RICE item first?' - have the answer on one slide.",
                    "Pricing of >3 steps: his call, not mine; he'll bring it to the pricing group.",
                    "Me: ask for a second designer day a week in Q2. He'll ask Lena's manager.",
                ),
                H("4 February", 2),
                B(
                    "Corrib call went fine; Rob wants a GA date for their renewal paper. Agreed: say 'June', not a day.",
                    "PRD final by 14 Feb for the FAB pack.",
                ),
                H("21 January", 2),
                B(
                    "Marta's estimate: parallel approvals is 6 weeks on its own. Cut it from v2; keep delegation.",
                    "He asked whether v2 could slip to Q3. No: the three renewals.",
                ),
                H("7 January", 2),
                B("Goals for the year: v2 GA, activation to 40%, and a second PM hire for Workflows by the summer.", "Self-review feedback: 'write shorter'. Fair."),
            ],
        ),
    ),
    File(
        path="Documents/Admin/Self-review 2024 - Aoife Brennan.docx",
        purpose="Aoife's 2024 self-review for the annual performance cycle.",
        created=d("2024-12-04 20:30"),
        modified=d("2024-12-09 22:10"),
        projects=("admin",),
        entities=("company",),
        spec=DocSpec(
            title="Self-review 2024",
            author=USER,
            blocks=[
                H("Self-review 2024"),
                H("What I delivered", 2),
                B(
                    "Approvals v1 reliability work: failed approval notifications down from 1.8% to 0.2%.",
                    "Ran EXP-009 (no effect) and designed EXP-014 from what we learned.",
                    "Set up the Finance Advisory Board: eight members, monthly since April.",
                    "Mobile app approvals: 38% of approvals now on mobile.",
                ),
                H("What went less well", 2),
                B("The v2 discovery started later than planned (October instead of July).", "My PRDs are too long; engineers read the summary and the requirements only."),
                H("Goals for 2025", 2),
                N("Ship Approvals v2 to general availability.", "Raise trial activation to 40%.", "Help hire and onboard a second PM for Workflows."),
            ],
        ),
    ),
    File(
        path="Documents/Admin/Expense claim - ProductCon London Nov 2024.xlsx",
        purpose="Expense claim for attending a product conference in London in November 2024.",
        created=d("2024-11-20 19:05"),
        modified=d("2024-11-21 09:15"),
        projects=("admin",),
        spec=SheetSpec(
            title="Expense claim ProductCon London",
            author=USER,
            currency="EUR",
            sheets=[
                Sheet(
                    name="Claim",
                    columns=[Column(header="Date", format="date"), Column(header="Item", width=40), Column(header="Amount GBP", format="decimal"),
                             Column(header="Rate GBP to EUR", format="decimal"), Column(header="Amount EUR", format="currency", total="sum")],
                    rows=[
                        [{"type": "date", "value": "2024-11-13"}, "Flight DUB-LHR return (Aer Lingus, paid in EUR)", None, None, {"type": "currency", "value": 218.40}],
                        [{"type": "date", "value": "2024-11-13"}, "Heathrow Express", num(25.00, "decimal"), num(1.2, "decimal"), "=C3*D3"],
                        [{"type": "date", "value": "2024-11-13"}, "Hotel, 2 nights (Southwark)", num(356.00, "decimal"), num(1.2, "decimal"), "=C4*D4"],
                        [{"type": "date", "value": "2024-11-14"}, "Conference ticket (ProductCon London, paid in EUR)", None, None, {"type": "currency", "value": 695.00}],
                        [{"type": "date", "value": "2024-11-14"}, "Dinner with Payflow ex-PM (recruiting)", num(64.50, "decimal"), num(1.2, "decimal"), "=C6*D6"],
                        [{"type": "date", "value": "2024-11-15"}, "Tube and taxi", num(31.20, "decimal"), num(1.2, "decimal"), "=C7*D7"],
                    ],
                    totals_row=True,
                ),
            ],
        ),
    ),
    File(
        path="Desktop/standup notes.txt",
        purpose="Aoife's scratch notes for the squad's daily stand-ups this week.",
        created=d("2025-02-17 09:25"),
        modified=d("2025-02-21 09:40"),
        projects=("approvals-v2", "q2-planning"),
        entities=("approvals_v2",),
        spec=TextSpec(text="""Mon 17
- Piotr: cost centre conditions (APPR-422) - blocked on entity model question -> me + Marta after standup
- Kasia: first-match eval, PR up
- Lena: rule list empty state in Figma, review Weds
- Me: EXP-014 data pulled, readout tomorrow

Tue 18
- APPR-422 unblocked: conditions reference entity by id, default inherited
- Gráinne (FAB) wants beta from 12 May not 28 Apr (year end) -> fine, add to Q2 deck

Wed 19
- readout done, Dev checked. Ciarán forwarding to leadership
- Lena: empty state approved with copy changes

Thu 20
- Jira export for sprint 33 planning
- Audit export: add supplier + invoice no (Gráinne) -> APPR-460 updated

Fri 21
- Sprint 32 review at 14:00
- Q2 deck v1 to Ciarán by EOD
"""),
    ),
    File(
        path="Documents/Personal/Lease renewal - Apt 14 Ringsend 2025.pdf",
        purpose="The letting agent's lease renewal offer for Aoife's flat.",
        created=d("2023-03-02 18:40"),
        origin="web_download",
        author="Liffey Lettings",
        projects=("personal",),
        spec=PdfSpec(
            title="Tenancy renewal offer",
            author="Liffey Lettings Ltd",
            blocks=[
                H("Tenancy renewal offer"),
                P("Liffey Lettings Ltd · 22 Bridge Street, Ringsend, Dublin 4 · PSRA licence 004512"),
                P("To: Ms Aoife Brennan, Apartment 14, Pigeon House Court, Ringsend, Dublin 4 · 2 March 2023"),
                P("Your Part 4 tenancy continues. Your landlord proposes a new monthly rent of €2,046 from 1 May "
                  "2023 (currently €2,006), an increase of 2%, within the limit that applies in a Rent "
                  "Pressure Zone. The rent may not be reviewed again for twelve months."),
                T(["Item", "Details"], [["Current rent", "€2,006 a month"], ["New rent from 1 May 2023", "€2,046 a month"], ["Deposit held", "€2,006"], ["Next review", "Not before 1 May 2024"]]),
                P("Please sign and return the enclosed acceptance form within 28 days. You may refer any dispute to the Residential Tenancies Board."),
            ],
        ),
    ),
    File(
        path="Documents/Personal/Dublin Marathon 2025 training.xlsx",
        purpose="Aoife's marathon training log.",
        created=d("2025-01-05 20:10"),
        modified=d("2025-02-16 12:35"),
        projects=("personal",),
        spec=SheetSpec(
            title="Dublin Marathon 2025 training",
            author=USER,
            currency="EUR",
            sheets=[
                Sheet(
                    name="Weekly",
                    columns=[Column(header="Week of", format="date"), Column(header="Runs", format="int"), Column(header="Distance km", format="decimal", total="sum"),
                             Column(header="Long run km", format="decimal", total="max"), Column(header="Notes", width=40)],
                    rows=[
                        [{"type": "date", "value": "2025-01-06"}, num(3, "int"), num(24.5, "decimal"), num(12, "decimal"), "Base building"],
                        [{"type": "date", "value": "2025-01-13"}, num(3, "int"), num(27.0, "decimal"), num(13, "decimal"), ""],
                        [{"type": "date", "value": "2025-01-20"}, num(4, "int"), num(31.5, "decimal"), num(14, "decimal"), "Storm Éowyn Friday - treadmill"],
                        [{"type": "date", "value": "2025-01-27"}, num(3, "int"), num(22.0, "decimal"), num(10, "decimal"), "Easy week"],
                        [{"type": "date", "value": "2025-02-03"}, num(4, "int"), num(33.0, "decimal"), num(16, "decimal"), "Bull Island loop"],
                        [{"type": "date", "value": "2025-02-10"}, num(4, "int"), num(35.5, "decimal"), num(17, "decimal"), "Phoenix Park parkrun PB 24:10"],
                    ],
                    totals_row=True,
                ),
            ],
        ),
    ),
)

WORLD = World(
    slug="product_manager_dublin",
    seed=303,
    created_at=d("2025-02-21 18:00"),
    persona=PERSONA,
    profile=PROFILE,
    folders=FOLDERS,
    projects=PROJECTS,
    files=FILES,
)
