"""Replies repaired where the fix is mechanical before they are held to the strict models.

A model (above all a small one) repeats items, leaves references dangling, writes a
path as the user sees it, or plans one broken file among good ones; none of that
needs its judgement to fix, so none of it costs a whole new reply. What does need
it still goes back to the model as the validation error.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from engine.llm.types import schema_of
from engine.llm.wire import schema_name
from engine.schema import plans
from engine.schema.profile import UserProfile
from engine.synth import prompts
from engine.synth.merge import BatchPlanSet, FolderReply, Merger, normalise_folders
from engine.synth.profile_repair import ProfileReply, repair_profile
from tests.synth import factories as F

CAPTURE = dt.datetime(2024, 7, 1, 17, 30)


def reply(data: dict[str, Any]) -> ProfileReply:
    """Read as the engine reads a reply: from the JSON text."""
    return ProfileReply.model_validate_json(json.dumps(data))


# --- the profile ----------------------------------------------------------------------------


def test_a_profile_reply_is_a_user_profile_on_the_wire() -> None:
    assert schema_name(ProfileReply) == "UserProfile"
    assert schema_of(ProfileReply) == schema_of(UserProfile)
    good = ProfileReply.model_validate(F.profile_data())
    assert good.notes == []
    assert good.as_profile() == UserProfile.model_validate(F.profile_data())
    assert type(good.as_profile()) is UserProfile


def test_repeats_and_dangling_references_are_repaired_with_a_note_each() -> None:
    data = F.profile_data()
    entities = data["fact_sheet"]["entities"]
    entities.append(copy.deepcopy(entities[0]))  # a repeated id
    projects = data["current_projects"]
    projects.append(copy.deepcopy(projects[0]))  # a repeated project id
    projects[0]["entities"].append("ghost_entity")
    projects[1]["start_date"], projects[1]["end_date"] = "2024-09-01", "2024-02-01"
    people = data["collaborators"]
    people[1]["email"] = people[0]["email"]  # an address used twice
    people[2]["email"] = data["identity"]["email"]  # the user's own address
    people[0]["projects"] = ["ghost-project", projects[0]["id"]]
    data["software"].append(data["software"][0].upper())  # listed twice
    data["career_history"][0]["start_year"], data["career_history"][0]["end_year"] = 2014, 2011
    with pytest.raises(ValidationError):
        UserProfile.model_validate(data)  # the strict model refuses it all

    fixed = reply(data)

    ids = [e.id for e in fixed.fact_sheet.entities]
    assert len(set(ids)) == len(ids) and ids[-1] == f"{ids[0]}_2"
    assert [p.id for p in fixed.current_projects][-1] == f"{projects[0]['id']}-2"
    assert "ghost_entity" not in fixed.current_projects[0].entities
    assert fixed.current_projects[1].start_date < fixed.current_projects[1].end_date  # type: ignore[operator]
    emails = [c.email.lower() for c in fixed.collaborators]
    assert len(set(emails)) == len(emails) and data["identity"]["email"] not in emails
    assert fixed.collaborators[0].projects == [projects[0]["id"]]
    assert len(fixed.software) == len(F.profile_data()["software"])
    assert fixed.career_history[0].start_year == 2011
    assert len(fixed.notes) == 9, fixed.notes
    UserProfile.model_validate(fixed.as_profile().model_dump())


def test_a_machine_that_does_not_hold_together_gets_the_usual_places() -> None:
    data = F.profile_data()
    fs = data["filesystem"]
    fs["volumes"].append(copy.deepcopy(fs["volumes"][0]))  # the same volume twice
    fs["volumes"][0]["mount"] = "Local Disk"  # not a drive letter on Windows
    fs["home"] = "C:/Users/someone-else"  # not the username
    fs["documents"] = "[{"  # nowhere

    fixed = reply(data)

    user = data["identity"]["username"]
    assert fixed.filesystem.volumes[0].mount == "C:/"
    assert len(fixed.filesystem.volumes) == len(F.profile_data()["filesystem"]["volumes"])
    assert fixed.filesystem.home == f"C:/Users/{user}"
    assert fixed.filesystem.documents == f"C:/Users/{user}/Documents"
    assert any("does not fit the volumes" in n for n in fixed.notes)


def test_what_needs_the_model_still_goes_back_to_it() -> None:
    data = F.profile_data()
    data["collaborators"] = data["collaborators"][:1]  # too few: nothing to repair
    with pytest.raises(ValidationError, match="collaborators"):
        reply(data)
    assert repair_profile("not an object") == ("not an object", [])


# --- folders and files ----------------------------------------------------------------------


def test_a_folder_reply_keeps_what_is_usable_and_normalising_completes_the_tree() -> None:
    assert schema_of(FolderReply) == schema_of(plans.FolderPlan)
    assert schema_name(FolderReply) == "FolderPlan"
    profile = UserProfile.model_validate(F.profile_data())
    got = FolderReply.model_validate(
        {
            "folders": [
                {
                    "path": "C:\\Users\\mforsythe\\Documents\\Budgets",
                    "purpose": "money",
                    "area": "work",
                },
                {
                    "path": "C:/Users/mforsythe/Documents/Budgets/",
                    "purpose": "again",
                    "area": "work",
                },
                {"path": "C/Users/mforsythe/Documents/a|b", "purpose": "bad name", "area": "work"},
            ]
        }
    )
    assert [f.path for f in got.folders] == ["C/Users/mforsythe/Documents/Budgets"]
    plan, notes = normalise_folders(got, profile)
    assert {"C", "C/Users", f"{F.HOME}/Documents/Budgets", f"{F.HOME}/Downloads"} <= plan.paths()
    assert any("listed twice" in n for n in notes) and any("left out" in n for n in notes)
    with pytest.raises(ValidationError):  # nothing usable at all: the model hears why
        FolderReply.model_validate({"folders": [{"path": "a|b", "purpose": "x", "area": "work"}]})


def file(path: str, kind: str, created: str, modified: str, **extra: Any) -> dict[str, Any]:
    return {
        "path": path,
        "kind": kind,
        "purpose": f"file {path}",
        "author": "Maria Forsythe",
        "created": created,
        "modified": modified,
        "origin": "user_created",
        **extra,
    }


def test_a_batch_reply_is_cleaned_file_by_file() -> None:
    got = BatchPlanSet.model_validate(
        {
            "projects": [{"id": "y10-scheme", "name": "Year 10 scheme", "status": "current"}],
            "artifacts": [
                # written as the user sees it, and the extension decides the kind
                file(
                    f"C:\\{F.TEACH[2:]}\\marks.xlsx", "docx", "2024-02-01T09:00", "2024-02-01T09:00"
                ),
                # no extension: the kind's own; times given backwards
                file(f"{F.TEACH}/plan", "docx", "2024-03-02T09:00", "2024-03-01T09:00"),
                # a name no disk takes: left out, the others kept
                file(f"{F.TEACH}/a:b.txt", "txt", "2024-01-01T09:00", "2024-01-01T09:00"),
                # a repeated link and a link to itself
                file(
                    f"{F.TEACH}/notes.md",
                    "md",
                    "2024-04-01T09:00",
                    "2024-04-01T09:00",
                    links=[
                        {"relation": "references", "target": f"{F.TEACH}/plan.docx"},
                        {"relation": "references", "target": f"{F.TEACH}/plan.docx"},
                        {"relation": "references", "target": f"{F.TEACH}/notes.md"},
                    ],
                ),
            ],
        }
    )
    by_path = {a.path: a for a in got.artifacts}
    assert set(by_path) == {
        f"{F.TEACH}/marks.xlsx",
        f"{F.TEACH}/plan.docx",
        f"{F.TEACH}/notes.md",
    }
    assert by_path[f"{F.TEACH}/marks.xlsx"].kind == "xlsx"
    plan = by_path[f"{F.TEACH}/plan.docx"]
    assert plan.created < plan.modified
    assert [ln.target for ln in by_path[f"{F.TEACH}/notes.md"].links] == [f"{F.TEACH}/plan.docx"]
    assert len(got.notes) == 6, got.notes
    # Every file broken: nothing is dropped, and the model hears what is wrong.
    with pytest.raises(ValidationError, match="not allowed in a file or folder name"):
        BatchPlanSet.model_validate(
            {
                "projects": [{"id": "y10-scheme", "name": "Year 10 scheme", "status": "current"}],
                "artifacts": [file("C/a:b.txt", "txt", "2024-01-01T09:00", "2024-01-01T09:00")],
            }
        )


def test_a_file_placed_off_the_computer_is_filed_in_its_batch_folders() -> None:
    profile = UserProfile.model_validate(F.profile_data())
    merger = Merger(profile, plans.FolderPlan.model_validate(F.folder_data()), CAPTURE)
    one = BatchPlanSet.model_validate(
        {
            "projects": [{"id": "y10-scheme", "name": "Year 10 scheme", "status": "current"}],
            "artifacts": [
                file("loose.docx", "docx", "2024-01-01T09:00", "2024-01-01T09:00"),
                file("Z/elsewhere/y.docx", "docx", "2024-01-01T09:00", "2024-01-01T09:00"),
            ],
        }
    )
    merger.add(one, 5, "batch 1", [F.TEACH])
    merged, _ = merger.result()
    assert merged.paths() == {f"{F.TEACH}/loose.docx", f"{F.TEACH}/y.docx"}
    assert sum("filed in" in n for n in merger.repairs.notes) == 2


# --- prompts --------------------------------------------------------------------------------


def test_a_stage_prompt_starts_with_the_profile_so_servers_can_cache_it() -> None:
    profile = UserProfile.model_validate(F.profile_data())
    folders = prompts.build_messages(prompts.folders_task(), {"profile": profile, "seed": 1})
    files = prompts.build_messages(
        prompts.content_task("docx"), {"artifact": {"path": "x"}, "profile": profile}
    )
    a, b = folders[1].content or "", files[1].content or ""
    head = '<context>\n{"profile": '
    assert a.startswith(head) and b.startswith(head)
    shared = len(head) + len(profile.model_dump_json(exclude_none=True)) // 2
    assert a[:shared] == b[:shared]  # the long common prefix
    assert a.endswith(prompts.folders_task())  # the task comes last
    assert prompts.read_context([{"role": "user", "content": a}])["seed"] == 1
