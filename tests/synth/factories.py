"""Small, coherent worlds for the schema tests: a chemistry teacher in Leeds on Windows.

Plain dicts, so each test can break exactly one thing and see that one thing refused.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

HOME = "C/Users/mforsythe"
DOCS = f"{HOME}/Documents"
TEACH = f"{DOCS}/Teaching/2024/Year 10"


def profile_data() -> dict[str, Any]:
    return {
        "identity": {
            "full_name": "Maria Forsythe",
            "username": "mforsythe",
            "email": "m.forsythe@hillsideacademy.org.uk",
            "role": "Chemistry Teacher",
            "organization": "Hillside Academy",
            "organization_context": "A 1,200-pupil state secondary school in Leeds; Maria is one of five chemists in the science department.",
            "location": "Leeds, United Kingdom",
            "career_stage": "mid_career",
            "years_experience": 9,
        },
        "biography": (
            "Maria trained as an analytical chemist before moving into teaching. She is organised, "
            "plans terms ahead, and is known in the department for her careful risk assessments."
        ),
        "career_history": [
            {
                "title": "Laboratory Analyst",
                "organization": "Yorkshire Water",
                "start_year": 2011,
                "end_year": 2014,
                "summary": "Ran water-quality assays.",
            },
            {
                "title": "Chemistry Teacher",
                "organization": "Hillside Academy",
                "start_year": 2015,
                "end_year": None,
                "summary": "Teaches GCSE and A-level chemistry.",
            },
        ],
        "work_context": "Teaches five Year 10 and Year 11 classes, writes the department's practical risk assessments and runs the lab inventory.",
        "current_projects": [
            {
                "id": "y10-scheme",
                "name": "Year 10 scheme of work rewrite",
                "description": "Rewrite the Year 10 chemistry scheme of work around required practicals.",
                "client": "Science department",
                "status": "active",
                "start_date": "2024-01-02",
                "end_date": "2024-07-19",
                "entities": ["class_10c", "budget_lab"],
            },
            {
                "id": "lab-inventory",
                "name": "Lab inventory audit",
                "description": "Count and reorder chemicals before the summer term practicals.",
                "client": "Science department",
                "status": "planning",
                "start_date": "2024-03-01",
                "end_date": None,
                "entities": ["budget_lab"],
            },
        ],
        "collaborators": [
            {
                "name": "David Okafor",
                "role": "Head of Science",
                "relationship": "manager",
                "organization": "Hillside Academy",
                "communication_style": "Short emails, wants the numbers first.",
                "email": "d.okafor@hillsideacademy.org.uk",
                "projects": ["y10-scheme"],
            },
            {
                "name": "Priya Shah",
                "role": "Lab Technician",
                "relationship": "peer",
                "organization": "Hillside Academy",
                "communication_style": "Practical and friendly, replies fast.",
                "email": "p.shah@hillsideacademy.org.uk",
                "projects": ["lab-inventory"],
            },
            {
                "name": "Tom Reeve",
                "role": "Physics Teacher",
                "relationship": "peer",
                "organization": "Hillside Academy",
                "communication_style": "Chatty, forgets attachments.",
                "email": "t.reeve@hillsideacademy.org.uk",
                "projects": [],
            },
            {
                "name": "Helen Marsh",
                "role": "Account Manager",
                "relationship": "vendor",
                "organization": "Scientific Supplies Ltd",
                "communication_style": "Formal, sends quotes as PDFs.",
                "email": "helen.marsh@scisupplies.co.uk",
                "projects": [],
            },
        ],
        "software": ["Word", "Excel", "PowerPoint", "SIMS"],
        "work_habits": {
            "tidiness": "organized",
            "naming_style": "descriptive",
            "naming_convention": "Year and topic, e.g. Y10 Rates of reaction lesson 3.docx",
            "version_suffix_habit": "v_numbers",
            "version_suffix_examples": ["_v2", "_v3"],
            "uses_dated_folders": True,
            "archives_old_work": True,
            "downloads_habit": "occasional_cleanup",
            "desktop_habit": "a_few_shortcuts",
            "tech_level": "intermediate",
            "computer_usage": "moderate",
        },
        "filesystem": {
            "os": "windows",
            "volumes": [
                {
                    "label": "C:",
                    "mount": "C:/",
                    "folder": "C",
                    "kind": "system",
                    "purpose": "Windows and her documents",
                },
                {
                    "label": "D: Data",
                    "mount": "D:/",
                    "folder": "D",
                    "kind": "data",
                    "purpose": "Photos and backups",
                },
            ],
            "home": "C:/Users/mforsythe",
            "documents": "C:/Users/mforsythe/Documents",
            "downloads": "C:/Users/mforsythe/Downloads",
            "desktop": "C:/Users/mforsythe/Desktop",
            "cloud_sync": "onedrive",
            "storage_pattern": "Teaching material by year under Documents/Teaching; photos on D:.",
            "organization_style": "By academic year, then year group.",
        },
        "fact_sheet": {
            "entities": [
                {
                    "id": "school_hillside",
                    "type": "organization",
                    "name": "Hillside Academy",
                    "attributes": [{"key": "pupils", "value": "1200"}],
                },
                {
                    "id": "class_10c",
                    "type": "course",
                    "name": "Year 10 Set C",
                    "attributes": [{"key": "pupils", "value": "28"}],
                },
                {
                    "id": "budget_lab",
                    "type": "budget",
                    "name": "Chemistry consumables budget 2023/24",
                    "amount": 4850.0,
                    "currency": "GBP",
                },
                {
                    "id": "date_mocks",
                    "type": "key_date",
                    "name": "Year 10 mock exams",
                    "date": "2024-06-10",
                },
                {
                    "id": "vendor_scisupplies",
                    "type": "organization",
                    "name": "Scientific Supplies Ltd",
                },
            ]
        },
    }


def folder_data() -> dict[str, Any]:
    paths = [
        ("C", "system"),
        ("C/Users", "system"),
        (HOME, "system"),
        (DOCS, "work"),
        (f"{HOME}/Downloads", "downloads"),
        (f"{HOME}/Desktop", "work"),
        (f"{DOCS}/Teaching", "work"),
        (f"{DOCS}/Teaching/2024", "work"),
        (TEACH, "work"),
        (f"{DOCS}/Department", "work"),
        ("D", "personal"),
        ("D/Photos", "personal"),
    ]
    return {
        "folders": [
            {"path": p, "purpose": f"holds {p.rsplit('/', 1)[-1]}", "area": a} for p, a in paths
        ]
    }


def artifact_data() -> dict[str, Any]:
    def art(
        path: str,
        kind: str,
        created: str,
        *,
        links: Sequence[tuple[str, str]] = (),
        origin: str = "user_created",
        projects: Sequence[str] = ("y10-scheme",),
        entities: Sequence[str] = (),
    ) -> dict[str, Any]:
        return {
            "path": path,
            "kind": kind,
            "purpose": f"the {kind} at {path}",
            "author": "Maria Forsythe",
            "created": created,
            "modified": created,
            "origin": origin,
            "projects": list(projects),
            "entities": list(entities),
            "links": [{"relation": r, "target": t} for r, t in links],
        }

    return {
        "projects": [
            {"id": "y10-scheme", "name": "Year 10 scheme of work rewrite", "status": "current"},
            {"id": "lab-inventory", "name": "Lab inventory audit", "status": "current"},
            {"id": "old-ks3", "name": "KS3 resources 2022", "status": "past"},
        ],
        "artifacts": [
            art(
                f"{DOCS}/Teaching/2024/Scheme of work Y10.docx",
                "docx",
                "2024-01-05T09:00:00",
                entities=["class_10c"],
            ),
            art(
                f"{TEACH}/Rates lesson 1.docx",
                "docx",
                "2024-02-01T19:30:00",
                links=[("derived_from", f"{DOCS}/Teaching/2024/Scheme of work Y10.docx")],
            ),
            art(
                f"{TEACH}/Rates lesson 1_v2.docx",
                "docx",
                "2024-02-10T20:00:00",
                links=[("version_of", f"{TEACH}/Rates lesson 1.docx")],
            ),
            art(
                f"{TEACH}/Rates lesson 1_v2.pdf",
                "pdf",
                "2024-02-11T07:45:00",
                links=[("extracted_from", f"{TEACH}/Rates lesson 1_v2.docx")],
            ),
            art(
                f"{TEACH}/Mark book 10C.xlsx", "xlsx", "2024-01-10T16:00:00", entities=["class_10c"]
            ),
            art(
                f"{HOME}/Downloads/sodium-thiosulfate-sds.pdf",
                "pdf",
                "2024-01-20T12:00:00",
                origin="web_download",
                projects=[],
                entities=["vendor_scisupplies"],
            ),
            art(
                f"{DOCS}/Department/Risk assessment thiosulfate.docx",
                "docx",
                "2024-01-21T18:00:00",
                links=[("references", f"{HOME}/Downloads/sodium-thiosulfate-sds.pdf")],
                projects=["lab-inventory"],
                entities=["budget_lab"],
            ),
        ],
    }


def manifest_data() -> dict[str, Any]:
    return {
        "seed": 7,
        "creator_version": "0.1.0",
        "created_at": "2024-07-01T12:00:00",
        "persona": {
            "text": "A chemistry teacher at a secondary school in Leeds who writes careful risk assessments.",
            "source": "text",
        },
        "profile": profile_data(),
        "folders": folder_data(),
        "artifacts": artifact_data(),
    }


def variant(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy to break in one place."""
    return copy.deepcopy(data)
