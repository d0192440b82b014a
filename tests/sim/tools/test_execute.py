"""The one door: whatever the model gets wrong comes back as an observation, never an exception.

The hostile table goes through `execute` exactly as the run loop calls it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from engine.llm.types import ToolSpec
from engine.sim.tools import ToolOutcome, default_tools, execute, parse_arguments, tool_specs

BAD_DOC = {"blocks": [{"type": "heading", "level": 9, "text": ""}]}
BAD_SHEET = {"sheets": [{"name": "A/B", "columns": []}]}

# (tool, raw arguments, expected error_kind, words the observation must contain)
HOSTILE: list[tuple[str, Any, str, list[str]]] = [
    ("open_file", {"path": "x"}, "unknown_tool", ["no tool named 'open_file'", "read_file"]),
    ("readfile", {"path": "x"}, "unknown_tool", ["Did you mean 'read_file'?"]),
    ("read_file", '{"path": "Notes/todo.md"', "bad_json", ["not valid JSON", "path: text"]),
    ("read_file", "[1, 2]", "bad_json", ["must be a JSON object", "for example"]),
    ("read_file", {"path": 5}, "bad_arguments", ["path: Input should be a valid string"]),
    ("read_file", {"path": "Notes/todo.md", "page": "two"}, "bad_arguments", ["page:"]),
    ("read_file", {}, "bad_arguments", ["path: Field required", "{path: text"]),
    ("read_file", {"path": "Notes/todo.md", "pgae": 2}, "bad_arguments", ["pgae: Extra inputs"]),
    ("read_file", {"path": "../../etc/passwd"}, "path_outside", ["climbs above"]),
    ("read_file", {"path": "/etc/passwd"}, "path_outside", ["absolute path of the host"]),
    ("read_file", {"path": "C:/Windows/win.ini"}, "path_outside", ["drive C:"]),
    ("list_dir", {"path": "C:/Windows"}, "path_outside", ["drive C:"]),
    ("write_text", {"path": "../escape.txt", "text": "x"}, "path_outside", ["climbs above"]),
    ("read_file", {"path": ".synthcomp/state.json"}, "path_outside", ["internal area"]),
    ("list_dir", {"path": ".trash"}, "path_outside", ["internal area"]),
    ("write_text", {"path": ".synthcomp/x.md", "text": "x"}, "path_outside", ["internal area"]),
    ("read_file", {"path": "Documents/missing.docx"}, "not_found", ["no file", "search_files"]),
    ("list_dir", {"path": "Nowhere"}, "not_found", ["no file or folder"]),
    ("write_document", {"path": "D/x.docx", "spec": BAD_DOC}, "bad_arguments", ["spec.blocks.0"]),
    (
        "write_spreadsheet",
        {"path": "x.xlsx", "spec": BAD_SHEET},
        "bad_arguments",
        ["spec.sheets.0"],
    ),
    ("write_deck", {"path": "x.pptx", "spec": {"slides": []}}, "bad_arguments", ["spec.slides"]),
    ("read_file", {"path": "Finance/broken.xlsx"}, "unreadable", ["cannot be read"]),
    (
        "edit_cells",
        {"path": "Notes/todo.md", "edits": [{"cell": "A1", "value": 1}]},
        "wrong_kind",
        ["Excel workbooks", "a .md file", "edit_text"],
    ),
    (
        "edit_cells",
        {"path": "Finance/broken.xlsx", "edits": [{"cell": "A1", "value": 1}]},
        "unreadable",
        ["damaged", "another copy"],
    ),
    (
        "send_message",
        {"to": ["The CEO"], "subject": "Hi", "body": "Hello"},
        "unknown_recipient",
        ["Ana Ruiz", "Tom Becker"],
    ),
    ("send_message", {"to": [], "body": "Hello"}, "bad_arguments", ["to:"]),
    (
        "submit_deliverable",
        {"deliverable_id": "DLV_404", "files": ["Notes/todo.md"], "summary": "x"},
        "unknown_deliverable",
        ["DLV_001"],
    ),
    ("move", {"src": "Notes/todo.md", "dest": "/tmp/stolen.md"}, "path_outside", ["absolute"]),
    ("copy", {"src": "Notes", "dest": "Notes/inside"}, "path_conflict", ["into itself"]),
    ("delete", {"path": "."}, "path_outside", ["root folder"]),
    ("tree", {"path": "Notes/todo.md"}, "path_conflict", ["is a file"]),
]


@pytest.mark.parametrize(("tool", "raw", "kind", "words"), HOSTILE)
async def test_hostile_calls_become_observations(
    env, tool: str, raw: Any, kind: str, words: list[str]
) -> None:
    tools = default_tools(allow_code=True)
    before = sorted(p.relative_to(env.computer.root) for p in env.computer.root.rglob("*"))
    out = await execute(env, tools, tool, raw)
    assert isinstance(out, ToolOutcome)
    assert not out.ok and out.error_kind == kind, out.observation
    assert out.observation.startswith("ERROR: ") and "How to fix:" in out.observation
    for w in words:
        assert w in out.observation, out.observation
    assert not out.events
    assert str(env.computer.root) not in out.observation  # never the host's real path
    after = sorted(p.relative_to(env.computer.root) for p in env.computer.root.rglob("*"))
    assert after == before  # a refused call changed nothing


async def test_arguments_may_come_as_a_string_a_dict_or_twice_encoded(env) -> None:
    tools = default_tools()
    args = {"path": "Notes/todo.md"}
    for raw in (args, json.dumps(args), json.dumps(json.dumps(args))):
        out = await execute(env, tools, "read_file", raw)
        assert out.ok, out.observation
    assert (await execute(env, tools, "list_dir", "")).ok
    assert (await execute(env, tools, "list_dir", None)).ok
    assert parse_arguments("null") == {}


async def test_a_huge_observation_is_trimmed(env) -> None:
    for i in range(400):
        (env.computer.root / "Archive" / f"file number {i:03d} with a long name.txt").write_text(
            "x"
        )
    out = await execute(env, default_tools(), "list_dir", {"path": "Archive"})
    assert out.ok and "Only the first 300 entries" in out.observation


async def test_an_engine_bug_propagates(env) -> None:
    class Broken:
        name = "broken"
        description = "always fails"

        class Params(BaseModel):
            pass

        async def run(self, env, params):
            raise KeyError("a real bug")

    with pytest.raises(KeyError):
        await execute(env, [Broken()], "broken", {})


def test_every_tool_is_offered_with_a_schema_and_an_example() -> None:
    tools = default_tools(allow_code=True)
    specs = tool_specs(tools)
    assert [s.name for s in specs] == [t.name for t in tools]
    assert len({s.name for s in specs}) == len(specs)
    for tool, spec in zip(tools, specs, strict=True):
        assert isinstance(spec, ToolSpec)
        schema = spec.json_schema()
        assert schema["type"] == "object"
        assert schema.get("additionalProperties") is False  # misspelt arguments are reported
        assert "Example arguments:" in spec.description
        assert spec.check(tool.example) is None, (tool.name, spec.check(tool.example))


async def test_the_scripted_backends_random_arguments_never_crash_a_tool(env) -> None:
    """Arguments built from each tool's own schema (as the scripted model does) are handled."""
    from random import Random

    from engine.llm.scripted.fill import SchemaFiller

    tools = default_tools()
    for seed in range(3):
        for spec, tool in zip(tool_specs(tools), tools, strict=True):
            args = SchemaFiller(spec.json_schema(), Random(seed)).build()
            out = await execute(env, tools, tool.name, args)
            assert isinstance(out, ToolOutcome), tool.name
