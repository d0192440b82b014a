"""The scripted synth.folders and synth.artifacts responders, batch by batch, as the pipeline
asks them; the merged result must make a valid `WorldManifest` (no broken graph, no file
outside a planned folder, no unknown entity).

A batch may link to files of earlier batches, so, like the pipeline, a batch reply is read
with the same schema minus the whole-set graph check (`Batch`); the merged plan is then
checked with the real `ArtifactPlanSet`."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from pydantic import ValidationInfo, model_validator

from engine.schema import plans
from engine.schema.persona import Persona
from engine.schema.plans import (
    MAX_DEPTH,
    FolderPlan,
    WorldManifest,
    depth,
)
from engine.schema.profile import UserProfile
from engine.synth import prompts
from engine.synth.occupations import load_taxonomy
from tests.synth.test_scripted_profile import PERSONAS, TODAY, ask, hint, scripted


class ArtifactPlanSet(plans.ArtifactPlanSet):
    """The same name and schema on the wire (so the same responder answers), checked file by
    file only: links may cross batches."""

    __doc__ = plans.ArtifactPlanSet.__doc__

    @model_validator(mode="after")
    def _graph(self, info: ValidationInfo) -> ArtifactPlanSet:
        return self


Batch = ArtifactPlanSet


@dataclass
class Plan:
    persona: str
    seed: int
    profile: UserProfile
    folders: FolderPlan
    batches: list[Batch]
    batch_folders: list[list[str]]
    kind_mix: dict[str, float]

    def merged(self) -> plans.ArtifactPlanSet:
        projects = {p.id: p for s in self.batches for p in s.projects}
        files = [a for s in self.batches for a in s.artifacts]
        return plans.ArtifactPlanSet(projects=list(projects.values()), artifacts=files)


def kind_mix_for(persona: str) -> dict[str, float]:
    h = hint(persona)
    assert h is not None
    return load_taxonomy().family(h["family"]).kind_mix()


async def plan_world(persona: str, seed: int = 1, *, files: int = 48, batches: int = 3) -> Plan:
    """Profile, folders and the file list in `batches` calls, each told what exists already."""
    async with scripted(seed) as llm:
        profile = await ask(
            llm,
            prompts.profile_task(),
            {"persona": persona, "occupation": hint(persona), "today": TODAY, "seed": seed},
            UserProfile,
            "synth.profile",
        )
        folders = await ask(
            llm,
            prompts.folders_task(),
            {"profile": profile, "target_folders": 30, "today": TODAY, "seed": seed},
            FolderPlan,
            "synth.folders",
        )
        usable = [f.path for f in folders.folders if f.area != "system"]
        groups = [usable[i::batches] for i in range(batches)]
        mix = kind_mix_for(persona)
        existing: list[dict] = []
        sets = []
        for i, group in enumerate(groups):
            ctx = {
                "profile": profile,
                "folders": folders,
                "batch": {"index": i, "of": batches, "folders": group, "count": files // batches},
                "existing_files": existing,
                "kind_mix": mix,
                "today": TODAY,
                "seed": seed,
            }
            got = await ask(llm, prompts.artifacts_task(), ctx, Batch, "synth.artifacts")
            sets.append(got)
            existing += [
                {
                    "path": a.path,
                    "kind": a.kind,
                    "created": a.created,
                    "modified": a.modified,
                    "projects": a.projects,
                }
                for a in got.artifacts
            ]
    return Plan(persona, seed, profile, folders, sets, groups, mix)


@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_folder_plan_is_a_real_home(persona: str) -> None:
    plan = await plan_world(persona, files=6, batches=1)
    fs = plan.profile.filesystem
    paths = plan.folders.paths()
    for name in ("home", "documents", "downloads", "desktop"):
        assert fs.to_disk(getattr(fs, name)) in paths
    assert 22 <= len(paths) <= 40
    deepest = max(depth(p) for p in paths)
    assert 3 <= deepest <= MAX_DEPTH
    assert any(f.date is not None for f in plan.folders.folders), "no dated folders"
    assert {f.area for f in plan.folders.folders} >= {"system", "work", "downloads", "personal"}
    tops = {f.path.split("/")[0] for f in plan.folders.folders}
    assert tops <= {v.folder for v in fs.volumes}


@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_batches_make_a_valid_world(persona: str) -> None:
    plan = await plan_world(persona, seed=2)
    for batch, folders in zip(plan.batches, plan.batch_folders, strict=True):
        assert len(batch.artifacts) == 48 // 3
        assert all(a.path.rsplit("/", 1)[0] in folders for a in batch.artifacts)
    merged = plan.merged()
    WorldManifest(
        seed=plan.seed,
        creator_version="test",
        created_at=dt.datetime(2025, 6, 2, 12, 0),
        persona=Persona(text=persona),
        profile=plan.profile,
        folders=plan.folders,
        artifacts=merged,
    )
    files = merged.artifacts
    assert len({a.path.lower() for a in files}) == len(files)
    assert {a.kind for a in files} <= set(plan.kind_mix)
    latest = dt.datetime.combine(TODAY, dt.time(0, 0))
    span = max(a.created for a in files) - min(a.created for a in files)
    assert span.days >= 180, "a computer's files span more than a season"
    for a in files:
        assert a.created <= a.modified < latest
        assert a.created >= latest - dt.timedelta(days=3 * 366 + 30)
        assert a.purpose.split(":")[0].strip(), a.purpose
    downloads = plan.profile.filesystem.to_disk(plan.profile.filesystem.downloads)
    in_downloads = [a for a in files if a.path.startswith(downloads + "/")]
    assert all(a.origin in ("web_download", "shared") for a in in_downloads)
    users = [a for a in files if a.origin == "user_created"]
    assert users and all(a.author == plan.profile.identity.full_name for a in users)


async def test_files_carry_graphs_versions_and_exports() -> None:
    relations: Counter[str] = Counter()
    for i, persona in enumerate(PERSONAS):
        plan = await plan_world(persona, seed=10 + i, files=60)
        merged = plan.merged()
        by_path = {a.path: a for a in merged.artifacts}
        batch_of = {a.path: i for i, s in enumerate(plan.batches) for a in s.artifacts}
        for a in merged.artifacts:
            relations["across batches"] += sum(
                batch_of[ln.target] != batch_of[a.path] for ln in a.links
            )
            for link in a.links:
                relations[link.relation] += 1
                parent = by_path[link.target]
                assert parent.created <= a.created
                if link.relation == "version_of":
                    assert a.kind == parent.kind
                    assert a.path.rsplit("/", 1)[0] == parent.path.rsplit("/", 1)[0]
                if link.relation == "extracted_from" and a.kind == "pdf":
                    assert a.path.rsplit(".", 1)[0].endswith(
                        parent.path.rsplit("/", 1)[1].rsplit(".", 1)[0]
                    )
    assert relations["version_of"] and relations["extracted_from"]
    assert relations["derived_from"] and relations["references"]
    assert relations["across batches"] > 0


async def test_files_sit_in_their_dated_folders() -> None:
    plan = await plan_world(next(iter(PERSONAS)), seed=5, files=60)
    checked = 0
    for a in plan.merged().artifacts:
        m = re.search(r"/(20\d\d)(/|$)", a.path.rsplit("/", 1)[0])
        if m and not a.links:
            checked += 1
            assert a.created.year == int(m.group(1)), a.path
    assert checked


async def test_names_follow_the_users_habits() -> None:
    seen: Counter[str] = Counter()
    for seed in range(6):
        plan = await plan_world(next(iter(PERSONAS)), seed=seed, files=30)
        style = plan.profile.work_habits.naming_style
        for a in plan.merged().artifacts:
            name = a.path.rsplit("/", 1)[1]
            if style == "dated_prefix" and a.origin == "user_created" and not a.links:
                seen["dated"] += bool(re.match(r"\d{4}-?\d{2}-?\d{2} ", name))
            if re.search(r"_v\d|_FINAL|_draft| \(\d\)", name):
                seen["suffix"] += 1
    assert seen["suffix"] > 0
    assert seen["dated"] > 0 or seen["suffix"] > 3


async def test_artifact_batch_is_deterministic() -> None:
    persona = next(iter(PERSONAS))
    one = await plan_world(persona, seed=3, files=12, batches=1)
    two = await plan_world(persona, seed=3, files=12, batches=1)
    other = await plan_world(persona, seed=4, files=12, batches=1)
    assert one.batches == two.batches
    assert [a.path for a in one.batches[0].artifacts] != [
        a.path for a in other.batches[0].artifacts
    ]
