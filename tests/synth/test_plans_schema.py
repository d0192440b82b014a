"""Folder plans, artifact plans and the world manifest: the graph rules and their messages."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from pydantic import BaseModel, ValidationError

from engine.computer.formats import kind_of, kinds
from engine.schema.persona import Persona
from engine.schema.plans import (
    ARTIFACT_KINDS,
    KIND_DISTRIBUTION,
    KIND_EXTENSIONS,
    ArtifactPlan,
    ArtifactPlanSet,
    FolderPlan,
    PlannedFolder,
    WorldManifest,
    blend_kind_weights,
    fill_parents,
)
from engine.schema.profile import UserProfile

from .factories import DOCS, HOME, TEACH, artifact_data, folder_data, manifest_data, variant


def refused(model, data, *words, context=None):
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data, context=context)
    text = str(exc.value)
    for word in words:
        assert word in text, text
    return text


# --- kinds -------------------------------------------------------------------------------


def test_kind_distribution_is_the_papers_mix():
    named = {
        "docx": 34.8,
        "xlsx": 15.8,
        "pdf": 13.9,
        "py": 8.5,
        "txt": 5.9,
        "pptx": 3.3,
        "png": 2.9,
        "json": 2.4,
        "md": 2.3,
        "toml": 1.9,
        "jsonl": 1.7,
    }
    assert {k: KIND_DISTRIBUTION[k] for k in named} == named
    others = sum(v for k, v in KIND_DISTRIBUTION.items() if k not in named)
    assert others == pytest.approx(6.6)
    assert sum(KIND_DISTRIBUTION.values()) == pytest.approx(100.0)
    assert {"csv", "eml", "yaml"} <= KIND_DISTRIBUTION.keys()


def test_blend_kind_weights():
    assert blend_kind_weights(None) == pytest.approx({k: v for k, v in KIND_DISTRIBUTION.items()})
    job = {"docx": 60, "pptx": 20, "py": 0}
    blended = blend_kind_weights(job, strength=0.6)
    assert sum(blended.values()) == pytest.approx(100.0)
    assert "py" not in blended  # the job calls for otherwise
    assert (
        blended["docx"] > KIND_DISTRIBUTION["docx"] and blended["pptx"] > KIND_DISTRIBUTION["pptx"]
    )
    assert blend_kind_weights(job, strength=0.0)["docx"] == pytest.approx(
        KIND_DISTRIBUTION["docx"] / (100 - 8.5) * 100
    )
    with pytest.raises(ValueError, match="unknown file kind"):
        blend_kind_weights({"doc": 5})
    with pytest.raises(ValueError, match="strength"):
        blend_kind_weights(job, strength=1.5)


def test_kinds_agree_with_the_file_formats_layer():
    assert set(ARTIFACT_KINDS) == set(KIND_EXTENSIONS)
    assert set(ARTIFACT_KINDS) <= set(kinds())
    for kind, exts in KIND_EXTENSIONS.items():
        for ext in exts:
            assert kind_of(f"a{ext}") == kind, ext


# --- folders -----------------------------------------------------------------------------


def test_a_folder_plan_validates():
    plan = FolderPlan.model_validate(folder_data())
    assert TEACH in plan.paths()
    assert [f.path for f in plan.children(f"{DOCS}/Teaching")] == [f"{DOCS}/Teaching/2024"]


def test_duplicate_folders_are_refused_even_by_case():
    d = variant(folder_data())
    d["folders"].append({"path": DOCS.lower(), "purpose": "again", "area": "work"})
    d["folders"].append(
        {"path": DOCS.replace("Documents", "documents"), "purpose": "again", "area": "work"}
    )
    refused(FolderPlan, d, "is listed twice", "differ only in case")


def test_missing_parent_is_refused():
    d = variant(folder_data())
    d["folders"] = [f for f in d["folders"] if f["path"] != f"{DOCS}/Teaching/2024"]
    refused(FolderPlan, d, f"has no parent '{DOCS}/Teaching/2024'")


def test_depth_bounds():
    shallow = {
        "folders": [
            {"path": p, "purpose": "a folder", "area": "work"} for p in ["C", "C/Users", "D"]
        ]
    }
    refused(FolderPlan, shallow, "is 2 levels deep", "at least 3")
    deep = [f"C/{'/'.join(str(i) for i in range(1, n))}".rstrip("/") for n in range(1, 9)]
    deep_plan = {"folders": [{"path": p, "purpose": "a folder", "area": "work"} for p in deep]}
    refused(FolderPlan, deep_plan, "is 8 levels deep; the limit is 7")
    ok = {"folders": deep_plan["folders"][:-1]}
    assert FolderPlan.model_validate(ok)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("C/Users/a:b", "':'"),
        ("C/Users/CON", "reserved name"),
        ("C/Users/notes.", "ends with a dot"),
        ("C/Users/ trailing", "starts or ends with a space"),
        ("C/../etc", "'..'"),
        ("C//Users", "empty"),
        ("/C/Users", "absolute"),
        ("C:/Users", "absolute"),
        (".synthcomp/world", "keeps for itself"),
        ("C/Users/a?b", "'?'"),
    ],
)
def test_illegal_folder_names_are_refused(path, words):
    refused(PlannedFolder, {"path": path, "purpose": "a folder", "area": "work"}, words)


def test_separators_are_normalised():
    assert (
        PlannedFolder(path="C\\Users\\ana\\", purpose="home", area="system").path == "C/Users/ana"
    )


def test_fill_parents_makes_the_tree_explicit():
    leaves = [
        PlannedFolder(path=f"{TEACH}", purpose="lessons", area="work"),
        PlannedFolder(path="D/Photos/2023", purpose="photos", area="personal"),
    ]
    plan = FolderPlan(folders=fill_parents(leaves))
    assert {"C", "C/Users", HOME, DOCS, "D", "D/Photos"} <= plan.paths()
    assert plan.get("D/Photos").area == "personal"


# --- artifacts ---------------------------------------------------------------------------


def test_an_artifact_plan_set_validates_and_orders_parents_first():
    plans = ArtifactPlanSet.model_validate(
        artifact_data(), context={"folder_plan": FolderPlan.model_validate(folder_data())}
    )
    order = [a.path for a in plans.topological_order()]
    assert len(order) == len(plans.artifacts) == len(set(order))
    for art in plans.artifacts:
        for link in art.links:
            assert order.index(link.target) < order.index(art.path)
    # Files ready at the same time come oldest first: the order reads like the disk's history.
    assert order[0].endswith("Scheme of work Y10.docx")
    assert order == [
        a.path for a in ArtifactPlanSet.model_validate(artifact_data()).topological_order()
    ]


def test_a_cycle_is_refused_and_named():
    d = variant(artifact_data())
    scheme = d["artifacts"][0]
    scheme["links"] = [{"relation": "references", "target": f"{TEACH}/Rates lesson 1_v2.pdf"}]
    for a in d["artifacts"][:4]:
        a["created"] = a["modified"] = "2024-02-01T10:00:00"
    text = refused(ArtifactPlanSet, d, "the file links form a cycle")
    assert "Scheme of work Y10.docx -> " in text and "Rates lesson 1_v2.pdf" in text


def test_a_missing_link_target_is_refused():
    d = variant(artifact_data())
    d["artifacts"][1]["links"][0]["target"] = f"{DOCS}/Teaching/2024/Scheme of work Y9.docx"
    refused(
        ArtifactPlanSet,
        d,
        "is derived_from",
        "Scheme of work Y9.docx",
        "which is not in the file list",
    )


def test_a_child_older_than_its_parent_is_refused():
    d = variant(artifact_data())
    d["artifacts"][3]["created"] = d["artifacts"][3]["modified"] = "2024-02-09T08:00:00"
    refused(
        ArtifactPlanSet,
        d,
        "Rates lesson 1_v2.pdf",
        "(created 2024-02-09 08:00) is extracted_from",
        "a file cannot be older than its parent",
    )


def test_files_must_sit_in_planned_folders():
    folders = FolderPlan.model_validate(folder_data())
    d = variant(artifact_data())
    d["artifacts"][4]["path"] = f"{DOCS}/Marks/Mark book 10C.xlsx"
    refused(
        ArtifactPlanSet,
        d,
        "Mark book 10C.xlsx",
        "which is not a planned folder",
        context={"folder_plan": folders},
    )
    d["artifacts"][4]["path"] = "Mark book 10C.xlsx"
    refused(ArtifactPlanSet, d, "is at the computer root", context={"folder_plan": folders})
    # Without the folder plan the set alone cannot know; check_folders says it later.
    plans = ArtifactPlanSet.model_validate(d)
    with pytest.raises(ValueError, match="computer root"):
        plans.check_folders(folders)


def test_duplicate_paths_and_unknown_projects_are_refused():
    d = variant(artifact_data())
    d["artifacts"].append(variant(d["artifacts"][4]))
    refused(ArtifactPlanSet, d, "is planned twice")
    d = variant(artifact_data())
    d["artifacts"][0]["projects"] = ["nope"]
    refused(ArtifactPlanSet, d, "belongs to ['nope']")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"path": f"{TEACH}/notes.docx", "kind": "xlsx"},
            "is planned as xlsx but does not end in .xlsx",
        ),
        ({"modified": "2024-01-01T00:00:00"}, "is modified"),
        (
            {"links": [{"relation": "references", "target": f"{TEACH}/Mark book 10C.xlsx"}]},
            "links to itself",
        ),
        ({"links": [{"relation": "copied_from", "target": "x"}]}, "relation"),
        ({"origin": "email"}, "origin"),
    ],
)
def test_single_artifact_rules(change, words):
    base = variant(artifact_data()["artifacts"][4])
    base.update(change)
    refused(ArtifactPlan, base, words)


def test_aware_times_become_wall_clock():
    a = variant(artifact_data()["artifacts"][4])
    a["created"] = "2024-01-10T16:00:00+02:00"
    a["modified"] = "2024-01-10T16:30:00Z"
    plan = ArtifactPlan.model_validate(a)
    assert plan.created == datetime(2024, 1, 10, 16, 0) and plan.created.tzinfo is None


# --- the world manifest ------------------------------------------------------------------


def test_a_world_manifest_validates_and_tracks_writes():
    world = WorldManifest.model_validate(manifest_data())
    assert set(world.files) == world.artifacts.paths()
    assert all(r.status == "planned" for r in world.files.values())
    first = world.pending()[0]
    assert first.path.endswith("Scheme of work Y10.docx")
    world.mark_written(first.path, "a" * 64, 1234)
    assert world.files[first.path].status == "written"
    assert first not in world.pending()
    assert not world.is_complete()
    for art in world.pending():
        world.mark_written(art.path, "b" * 64, 10)
    assert world.is_complete()
    again = WorldManifest.model_validate_json(world.model_dump_json())
    assert again == world
    with pytest.raises(KeyError):
        world.mark_written("C/elsewhere.txt", "c" * 64, 1)


def test_manifest_refuses_parts_that_disagree():
    d = variant(manifest_data())
    d["artifacts"]["artifacts"][0]["entities"] = ["client_unknown"]
    refused(WorldManifest, d, "mentions ['client_unknown'], which are not on the fact sheet")

    d = variant(manifest_data())
    d["folders"]["folders"].append({"path": "E", "purpose": "stray", "area": "work"})
    refused(WorldManifest, d, "folder 'E' is not on any volume")

    d = variant(manifest_data())
    d["folders"]["folders"] = [
        f for f in d["folders"]["folders"] if not f["path"].endswith("Desktop")
    ]
    refused(WorldManifest, d, f"the desktop folder '{HOME}/Desktop' is not in the folder plan")

    d = variant(manifest_data())
    d["artifacts"]["projects"] = [
        p for p in d["artifacts"]["projects"] if p["id"] != "lab-inventory"
    ]
    d["artifacts"]["artifacts"][-1]["projects"] = []
    refused(
        WorldManifest, d, "current projects ['lab-inventory'] are missing from the project index"
    )

    d = variant(manifest_data())
    d["files"] = {"C/ghost.txt": {"status": "planned"}}
    refused(WorldManifest, d, "status recorded for 'C/ghost.txt'")

    d = variant(manifest_data())
    d["files"] = {artifact_data()["artifacts"][0]["path"]: {"status": "written"}}
    refused(WorldManifest, d, "a written file records its sha256 and size")

    d = variant(manifest_data())
    d["artifacts"]["artifacts"][4]["path"] = f"{DOCS}/Nowhere/Mark book 10C.xlsx"
    with pytest.raises(ValidationError, match="not a planned folder"):
        WorldManifest.model_validate(d)


# --- JSON schema -------------------------------------------------------------------------


def _refs(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                out.add(value.rsplit("/", 1)[-1])
            else:
                _refs(value, out)
    elif isinstance(node, list):
        for item in node:
            _refs(item, out)
    return out


def _assert_no_ref_cycles(schema):
    defs = schema.get("$defs", {})
    graph = {name: _refs(body, set()) for name, body in defs.items()}
    state: dict[str, int] = {}

    def visit(name, trail):
        if state.get(name) == 1:
            raise AssertionError("$ref cycle: " + " -> ".join([*trail, name]))
        if state.get(name) == 2:
            return
        state[name] = 1
        for nxt in sorted(graph.get(name, ())):
            visit(nxt, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        visit(name, [])


def _objects(node, out):
    if isinstance(node, dict):
        if node.get("type") == "object":
            out.append(node)
        for value in node.values():
            _objects(value, out)
    elif isinstance(node, list):
        for item in node:
            _objects(item, out)
    return out


@pytest.mark.parametrize(
    "model", [Persona, UserProfile, FolderPlan, ArtifactPlanSet, WorldManifest]
)
def test_json_schema_generates_without_ref_cycles(model: type[BaseModel]):
    schema = model.model_json_schema()
    json.dumps(schema)
    _assert_no_ref_cycles(schema)


@pytest.mark.parametrize("model", [UserProfile, FolderPlan, ArtifactPlanSet])
def test_model_filled_schemas_are_closed_objects(model: type[BaseModel]):
    schema = model.model_json_schema()
    for obj in _objects(schema, []):
        assert obj.get("additionalProperties") is False, obj.get("title")
        assert obj.get("properties"), obj.get("title")


def test_profile_schema_carries_the_methods_bounds_and_descriptions():
    schema = UserProfile.model_json_schema()
    props = schema["properties"]
    assert (props["current_projects"]["minItems"], props["current_projects"]["maxItems"]) == (2, 5)
    assert (props["collaborators"]["minItems"], props["collaborators"]["maxItems"]) == (4, 10)
    identity = schema["$defs"]["Identity"]["properties"]
    assert "description" in identity["username"]
    assert set(identity["career_stage"]["enum"]) >= {"early_career", "mid_career", "senior"}
    assert schema["$defs"]["FilesystemPolicy"]["properties"]["os"]["enum"] == [
        "windows",
        "macos",
        "linux",
    ]
