"""The objectives agent through the real scripted backend, on real computers.

What is checked is what the run relies on: the objectives validate, every grounding
file is on the computer, rubrics mix their visibilities, the month has its
interventions, the same seed gives the same month, and a broken answer is repaired
once or refused plainly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.llm.scripted import ScriptedRequest
from engine.schema.objectives import Objectives
from engine.schema.plans import WorldManifest
from engine.sim.objectives import (
    ObjectivesError,
    build_context,
    dump_objectives,
    load_objectives,
    resolve_file,
    rubric_mix,
    shape_warnings,
    write_objectives,
)
from engine.sim.prompts_objectives import PURPOSE
from engine.sim.scripted.objectives import respond
from tests.sim.test_objectives_world import MemoryLog, chemistry_world, sample_world, scripted_llm


@pytest.fixture
def chemistry(tmp_path: Path) -> tuple[WorldManifest, Path]:
    return chemistry_world(tmp_path)


async def _write(
    manifest: WorldManifest, root: Path, seed: int = 3, llm_seed: int = 1
) -> Objectives:
    async with scripted_llm(llm_seed) as llm:
        return await write_objectives(llm, manifest, root, seed=seed, run_id="run-1")


def _check_month(obj: Objectives, manifest: WorldManifest, root: Path, days: int = 20) -> None:
    assert shape_warnings(obj) == []
    assert 3 <= len(obj.deliverables) <= 6
    assert [d.id for d in obj.deliverables] == [
        f"DLV_{i:03d}" for i in range(1, len(obj.deliverables) + 1)
    ]
    names = [c.name for c in obj.collaborators]
    profile_names = [c.name for c in manifest.profile.collaborators][:8]
    assert names[: len(profile_names)] == profile_names, "the profile's collaborators come first"
    assert 5 <= len(names) <= 8
    for d in obj.deliverables:
        assert d.requester in names
        assert 1 <= d.due_day <= days
        assert all(m.day <= d.due_day for m in d.milestones)
        assert 1 <= len(d.expected_outputs) <= 10
        assert d.grounding_files, d.id
        for path in d.grounding_files:
            assert (root / path).is_file(), path
        assert 10 <= len(d.rubric) <= 40
        mix = rubric_mix(d.rubric)
        assert 0.15 <= mix["initially_communicated"] <= 0.5, (d.id, mix)
        assert 0.15 <= mix["revealed_on_ask"] <= 0.6, (d.id, mix)
        assert 0.15 <= mix["only_at_review"] <= 0.6, (d.id, mix)
        assert {c.source for c in d.rubric} >= {"spec", "reference", "quality", "interaction"}
        assert all(c.keywords for c in d.rubric if c.visibility == "revealed_on_ask")
    dues = sorted(d.due_day for d in obj.deliverables)
    assert dues[-1] - dues[0] >= 6, "due days are spread over the month"
    planted = [f for c in obj.collaborators for f in c.private_files if f.planted_error]
    assert planted
    kinds = {i.kind for i in obj.interventions}
    assert {"file_shared", "requirement_change", "reminder"} <= kinds
    change = next(i for i in obj.interventions if i.kind == "requirement_change")
    assert 8 <= change.day <= 10
    correction = next(i for i in obj.interventions if i.kind == "correction")
    assert 16 <= correction.day <= 18
    assert all(1 <= i.day <= days for i in obj.interventions)


async def test_a_chemistry_teacher_gets_a_teachers_month(
    chemistry: tuple[WorldManifest, Path],
) -> None:
    manifest, root = chemistry
    obj = await _write(manifest, root)
    _check_month(obj, manifest, root)
    titles = " ".join(d.title.lower() for d in obj.deliverables)
    assert "scheme" in titles and "mock" in titles and "consumables" in titles
    budget = next(d for d in obj.deliverables if "consumables" in d.title.lower())
    assert budget.requester == "David Okafor"  # the Head of Science signs off spending
    assert any("£4,850.00" in c.text for c in budget.rubric), (
        "criteria quote the fact sheet's figure"
    )
    assert any("Scientific Supplies Ltd" in c.text for c in budget.rubric)


async def test_a_financial_adviser_gets_an_advisers_month(tmp_path: Path) -> None:
    found = sample_world(tmp_path)
    if found is None:
        pytest.skip("sample_worlds/wealth_adviser_edinburgh is not present in this checkout")
    manifest, root = found
    obj = await _write(manifest, root)
    _check_month(obj, manifest, root)
    titles = " ".join(d.title.lower() for d in obj.deliverables)
    assert "portfolio" in titles and ("review" in titles or "committee" in titles)


async def test_the_same_seed_gives_the_same_month(chemistry: tuple[WorldManifest, Path]) -> None:
    manifest, root = chemistry
    first = await _write(manifest, root, seed=3)
    again = await _write(manifest, root, seed=3)
    other = await _write(manifest, root, seed=4)
    assert first.model_dump() == again.model_dump()
    assert first.model_dump() != other.model_dump()


def test_the_context_holds_profile_tree_and_samples(chemistry: tuple[WorldManifest, Path]) -> None:
    manifest, root = chemistry
    ctx = build_context(manifest, root, days=20, seed=1)
    paths = {e["path"] for e in ctx["tree"]}
    assert paths == {a.path for a in manifest.artifacts.artifacts}
    assert not any(p.startswith(".synthcomp") for p in paths)
    assert all({"kind", "modified"} <= set(e) for e in ctx["tree"])
    assert 1 <= len(ctx["samples"]) <= 12
    assert all(len(s["text"]) <= 1600 for s in ctx["samples"])
    # the files of active projects are read first
    first = next(e for e in ctx["tree"] if e["path"] == ctx["samples"][0]["path"])
    assert "y10-scheme" in first.get("projects", [])
    assert ctx["occupation"]["family"] == "school_teaching"  # found from the persona's text


async def test_the_call_is_recorded_with_its_purpose(chemistry: tuple[WorldManifest, Path]) -> None:
    manifest, root = chemistry
    log = MemoryLog()
    async with scripted_llm(1, log) as llm:
        await write_objectives(llm, manifest, root, seed=3, run_id="run-9")
    assert log.purposes() == [PURPOSE]
    start = log.starts[0]
    assert start.run_id == "run-9" and start.turn == 0
    user = start.request["messages"][-1]["content"]
    assert "<context>" in user and "Mark book 10C.xlsx" in user


def _sabotage(llm: Any, bad: str, *, every_time: bool) -> list[int]:
    """Make the scripted manager name a file that is not on the computer."""
    calls: list[int] = []

    def rule(request: ScriptedRequest) -> dict[str, Any]:
        calls.append(1)
        value = respond(request)
        if every_time or len(calls) == 1:
            value["deliverables"][0]["grounding_files"] = [bad]
        return value

    llm.policy.register_structured(Objectives, rule)
    return calls


async def test_missing_grounding_files_are_repaired_once(
    chemistry: tuple[WorldManifest, Path],
) -> None:
    manifest, root = chemistry
    async with scripted_llm(1) as llm:
        calls = _sabotage(
            llm,
            "C/Users/mforsythe/Documents/Teaching/2024/Year 10/Rates lesson 9.docx",
            every_time=False,
        )
        obj = await write_objectives(llm, manifest, root, seed=3, run_id=None)
    assert len(calls) == 2
    for d in obj.deliverables:
        assert all((root / p).is_file() for p in d.grounding_files)


async def test_grounding_that_never_exists_fails_plainly(
    chemistry: tuple[WorldManifest, Path],
) -> None:
    manifest, root = chemistry
    async with scripted_llm(1) as llm:
        calls = _sabotage(llm, "C/Users/mforsythe/Documents/Nowhere/ghost.docx", every_time=True)
        with pytest.raises(
            ObjectivesError,
            match=r"DLV_001 .* not on the computer: 'C/Users/mforsythe/Documents/Nowhere/ghost.docx'",
        ):
            await write_objectives(llm, manifest, root, seed=3, run_id=None)
    assert len(calls) == 2


def test_paths_are_resolved_as_models_write_them(chemistry: tuple[WorldManifest, Path]) -> None:
    manifest, root = chemistry
    real = "C/Users/mforsythe/Documents/Department/Risk assessment thiosulfate.docx"
    assert resolve_file(real, root, manifest) == real
    assert (
        resolve_file(
            "C:\\Users\\mforsythe\\Documents\\Department\\Risk assessment thiosulfate.docx",
            root,
            manifest,
        )
        == real
    )
    assert (
        resolve_file(
            "/c/users/MFORSYTHE/documents/department/risk assessment thiosulfate.DOCX",
            root,
            manifest,
        )
        == real
    )
    assert resolve_file("C/Users/mforsythe/../../etc/passwd", root, manifest) is None
    assert resolve_file("C/Users/mforsythe/Documents", root, manifest) is None  # a folder


# --- files a person writes ---------------------------------------------------------------


async def test_yaml_and_json_round_trip(
    chemistry: tuple[WorldManifest, Path], tmp_path: Path
) -> None:
    manifest, root = chemistry
    obj = await _write(manifest, root)
    for name in ("month.yaml", "month.json"):
        path = dump_objectives(obj, tmp_path / name)
        assert load_objectives(path) == obj
    text = (tmp_path / "month.yaml").read_text(encoding="utf-8")
    assert text.startswith("# synthcomp objectives")
    assert "  - id: DLV_001.R01\n" in text  # block style, one field a line
    assert '"id":' not in text


def _hand_written() -> str:
    return """\
summary: Two weeks of lab work for Maria.
deliverables:
  - id: DLV_001
    title: Costed consumables order
    requester: David Okafor
    description: Turn the stock count into a costed order within the budget.
    due_day: 8
    expected_outputs:
      - {kind: xlsx, folder: Documents/Department, description: The costed order}
    rubric:
      - {id: R1, text: Total within budget, points: 5, source: spec, visibility: initially_communicated}
      - {id: R2, text: Prices from the supplier quote, points: 3, source: reference, visibility: revealed_on_ask}
      - {id: R3, text: Formulas add up, points: 2, source: quality, visibility: only_at_review}
collaborators:
  - name: David Okafor
    role: Head of Science
    email: d.okafor@example.org
    communication_style: Short emails, numbers first.
"""


def test_a_hand_written_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(_hand_written().replace("points: 3", "points: 2"), encoding="utf-8")
    obj = load_objectives(path)
    assert obj.deliverables[0].rubric[1].visibility == "revealed_on_ask"


def test_a_wrong_field_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(_hand_written(), encoding="utf-8")
    with pytest.raises(ObjectivesError) as err:
        load_objectives(path)
    msg = str(err.value)
    assert str(path) in msg
    assert "line 12: deliverables[0] (DLV_001).rubric[1] (R2).points" in msg


def test_a_cross_reference_error_is_plain(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    text = (
        _hand_written()
        .replace("points: 3", "points: 2")
        .replace("requester: David Okafor", "requester: Dave")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ObjectivesError, match="DLV_001 is requested by 'Dave', who is not a collaborator"
    ):
        load_objectives(path)


def test_broken_syntax_names_the_line(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("summary: fine\ndeliverables:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ObjectivesError, match=r"bad\.yaml: line \d+, column \d+: not valid YAML"):
        load_objectives(bad_yaml)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"summary": "x",\n "deliverables": [,]}', encoding="utf-8")
    with pytest.raises(ObjectivesError, match=r"bad\.json: line 2, column \d+: not valid JSON"):
        load_objectives(bad_json)
    with pytest.raises(ObjectivesError, match="no such objectives file"):
        load_objectives(tmp_path / "absent.yaml")
    listing = tmp_path / "list.yaml"
    listing.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ObjectivesError, match="must be a mapping"):
        load_objectives(listing)


def test_json_validation_errors_name_lines_too(tmp_path: Path) -> None:
    data = json.loads(json.dumps(__import__("yaml").safe_load(_hand_written())))
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(
        ObjectivesError,
        match=r"line \d+: deliverables\[0\] \(DLV_001\)\.rubric\[1\] \(R2\)\.points",
    ):
        load_objectives(path)
