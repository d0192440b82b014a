"""The user profile schema: what it accepts, what it refuses and why."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from engine.schema.profile import FilesystemPolicy, UserProfile

from .factories import profile_data, variant


def refused(data, *words):
    with pytest.raises(ValidationError) as exc:
        UserProfile.model_validate(data)
    text = str(exc.value)
    for word in words:
        assert word in text, text
    return text


def test_a_coherent_profile_validates_and_round_trips():
    profile = UserProfile.model_validate(profile_data())
    assert profile.identity.username == "mforsythe"
    assert profile.fact_sheet.get("budget_lab").amount == 4850.0
    assert UserProfile.model_validate_json(profile.model_dump_json()) == profile


def test_bounded_lists():
    d = variant(profile_data())
    d["collaborators"] = d["collaborators"][:3]
    refused(d, "collaborators", "at least 4")
    d = variant(profile_data())
    d["current_projects"] = d["current_projects"][:1]
    refused(d, "current_projects", "at least 2")


def test_budget_needs_amount_and_currency():
    d = variant(profile_data())
    d["fact_sheet"]["entities"][2]["currency"] = None
    refused(d, "budget 'budget_lab' needs both an amount and a currency")


def test_key_date_needs_a_date():
    d = variant(profile_data())
    d["fact_sheet"]["entities"][3]["date"] = None
    refused(d, "key date 'date_mocks' needs a date")


def test_fact_sheet_ids_are_unique_and_referenced_ids_exist():
    d = variant(profile_data())
    d["fact_sheet"]["entities"][1]["id"] = "budget_lab"
    d["fact_sheet"]["entities"][1]["type"] = "other"
    refused(d, "fact-sheet id 'budget_lab' is used twice")
    d = variant(profile_data())
    d["current_projects"][0]["entities"].append("client_nowhere")
    refused(d, "project 'y10-scheme' refers to ['client_nowhere']")


def test_collaborators_refer_to_current_projects():
    d = variant(profile_data())
    d["collaborators"][2]["projects"] = ["ghost-project"]
    refused(d, "'Tom Reeve' is on ['ghost-project']")


def test_home_folder_ends_in_the_username():
    d = variant(profile_data())
    d["filesystem"]["home"] = "C:/Users/maria"
    d["filesystem"]["documents"] = "C:/Users/maria/Documents"
    refused(d, "should end in the username 'mforsythe'")


def test_project_dates_in_order():
    d = variant(profile_data())
    d["current_projects"][0]["end_date"] = "2023-01-01"
    refused(d, "ends (2023-01-01) before it starts")


def test_unknown_fields_and_enum_values_are_refused():
    d = variant(profile_data())
    d["identity"]["favourite_colour"] = "green"
    refused(d, "favourite_colour")
    d = variant(profile_data())
    d["work_habits"]["tidiness"] = "spotless"
    refused(d, "tidiness")


def test_windows_volumes_mount_at_drive_letters():
    d = variant(profile_data())
    d["filesystem"]["volumes"][1]["mount"] = "/mnt/data"
    refused(d, "drive letter")


def test_filesystem_maps_logical_paths_to_disk():
    fs = UserProfile.model_validate(profile_data()).filesystem
    assert fs.to_disk("C:/Users/mforsythe/Documents/a.docx") == "C/Users/mforsythe/Documents/a.docx"
    assert fs.to_disk("c:\\Users\\mforsythe") == "C/Users/mforsythe"
    assert fs.to_disk("D:/") == "D"
    with pytest.raises(ValueError, match="not on any volume"):
        fs.to_disk("E:/secret.txt")
    assert fs.drive_volumes() == {"C": "C", "D": "D"}

    mac = FilesystemPolicy.model_validate(
        {
            "os": "macos",
            "volumes": [
                {
                    "label": "Macintosh HD",
                    "mount": "/",
                    "folder": "Macintosh HD",
                    "kind": "system",
                    "purpose": "everything",
                },
                {
                    "label": "Samsung T7",
                    "mount": "/Volumes/Samsung T7",
                    "folder": "Samsung T7",
                    "kind": "external",
                    "purpose": "backups",
                },
            ],
            "home": "/Users/ana",
            "documents": "/Users/ana/Documents",
            "downloads": "/Users/ana/Downloads",
            "desktop": "/Users/ana/Desktop",
            "cloud_sync": "icloud",
            "storage_pattern": "projects in Documents, raw footage on the T7",
            "organization_style": "by client then year",
        }
    )
    assert mac.to_disk("/Users/ana/Documents/x.md") == "Macintosh HD/Users/ana/Documents/x.md"
    assert mac.to_disk("/Volumes/Samsung T7/2024/clip.txt") == "Samsung T7/2024/clip.txt"
    assert mac.drive_volumes() == {}


def test_drive_volumes_feed_the_sandbox(tmp_path):
    from engine.computer.sandbox import Sandbox

    fs = UserProfile.model_validate(profile_data()).filesystem
    (tmp_path / "C" / "Users" / "mforsythe").mkdir(parents=True)
    (tmp_path / "D").mkdir()
    box = Sandbox(tmp_path, volumes=fs.drive_volumes())
    assert box.resolve(fs.documents).rel == fs.to_disk(fs.documents)
