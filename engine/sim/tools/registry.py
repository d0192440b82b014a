"""The work agent's tool set, how it is offered to a model, and the one door a call goes through.

`execute(env, tools, name, raw_arguments)` is where online feedback happens
(PAPER_NOTES §5; ENGINE_NOTES rule 11): whatever the model got wrong — a tool
that does not exist, arguments that are not JSON or do not fit the tool's
parameters, a path outside the computer or into its internal area, a file that
is not there, a spec the writer refuses, a tool's own refusal — comes back at
once as `ToolOutcome(ok=False, observation="ERROR: ... How to fix: ...",
error_kind=...)` for the model to read next turn. Only genuine engine bugs
(and environment failures such as a full disk) propagate and end the run.

error_kind values: unknown_tool, bad_json, bad_arguments, path_outside,
not_found, path_conflict, format_error, os_error, plus each tool's own
(`ToolFailure.kind`: exists, wrong_kind, no_match, not_unique, unreadable,
page_out_of_range, unknown_recipient, unknown_message, empty_message,
empty_file, unknown_deliverable, empty_note, notes_too_long, timeout,
python_error, tool_error).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import FormatError, NotFound, PathConflict, PathOutsideComputer
from engine.llm.types import ToolSpec, explain, schema_of
from engine.sim.tools._common import MAX_OBSERVATION_CHARS, trim
from engine.sim.tools.base import RunEnv, Tool, ToolFailure, ToolOutcome
from engine.sim.tools.browse import FileInfo, ListDir, ReadFile, SearchFiles, Tree
from engine.sim.tools.code import RunPython
from engine.sim.tools.documents import (
    EditCells,
    WriteDeck,
    WriteDocument,
    WritePdf,
    WriteSpreadsheet,
)
from engine.sim.tools.files import Copy, Delete, EditText, MakeFolder, Move, WriteText
from engine.sim.tools.messages import ReadInbox, SendMessage
from engine.sim.tools.workflow import EndDay, SubmitDeliverable, WriteNotes


def default_tools(allow_code: bool = False) -> list[Tool]:
    """A fresh set of the work agent's tools (one set per run: some keep small per-run state).

    `run_python` is included only with `allow_code`: it runs the model's code on this
    machine, which is not a sandbox.
    """
    tools: list[Tool] = [
        ListDir(),
        Tree(),
        ReadFile(),
        SearchFiles(),
        FileInfo(),
        WriteText(),
        EditText(),
        WriteDocument(),
        WritePdf(),
        WriteSpreadsheet(),
        WriteDeck(),
        EditCells(),
        Move(),
        Copy(),
        MakeFolder(),
        Delete(),
        SendMessage(),
        ReadInbox(),
        WriteNotes(),
        SubmitDeliverable(),
        EndDay(),
    ]
    if allow_code:
        tools.append(RunPython())
    return tools


def tool_specs(tools: Sequence[Tool]) -> list[ToolSpec]:
    """The tools as the model is offered them: name, description, parameters model."""
    return [ToolSpec(name=t.name, description=t.description, params=t.Params) for t in tools]


# ---------------------------------------------------------------------------
# Describing the expected shape, for an observation
# ---------------------------------------------------------------------------


def _type_of(prop: Mapping[str, Any], defs: Mapping[str, Any], depth: int = 0) -> str:
    if "$ref" in prop:
        ref = str(prop["$ref"]).rsplit("/", 1)[-1]
        target = defs.get(ref, {})
        small = len(target.get("properties") or {}) <= 4
        if depth == 0 and small and target.get("type") == "object":
            return _fields(target, defs, depth + 1)  # a small object is clearer spelled out
        return f"{ref} object"
    if "anyOf" in prop:
        kinds = [_type_of(p, defs, depth) for p in prop["anyOf"]]
        return " | ".join(dict.fromkeys(kinds))
    if "enum" in prop:
        return " | ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    t = prop.get("type", "any")
    if t == "array":
        return f"list of {_type_of(prop.get('items', {}), defs, depth)}"
    return {
        "string": "text",
        "integer": "integer",
        "number": "number",
        "boolean": "true/false",
    }.get(str(t), str(t))


def _fields(schema: Mapping[str, Any], defs: Mapping[str, Any], depth: int) -> str:
    required = set(schema.get("required", []))
    parts = []
    for key, prop in (schema.get("properties") or {}).items():
        mark = "" if key in required else "?"
        shown = f"{key}{mark}: {_type_of(prop, defs, depth)}"
        if key not in required and prop.get("default") not in (None, [], ""):
            shown += f" = {json.dumps(prop['default'])}"
        parts.append(shown)
    return "{" + ", ".join(parts) + "}"


def signature(params: type[BaseModel]) -> str:
    """A one-line shape of a params model: `{path: text, page?: integer = 1, ...}`."""
    schema = schema_of(params)
    return _fields(schema, schema.get("$defs", {}), 0)


def _shape_hint(tool: Tool) -> str:
    example = getattr(tool, "example", None)
    hint = f"Send a JSON object shaped {signature(tool.Params)}"
    if example:
        hint += f"; for example {json.dumps(example, ensure_ascii=False)}"
    return hint + "."


def _failure(message: str, hint: str, kind: str) -> ToolOutcome:
    obs = f"ERROR: {message}" + (f"\nHow to fix: {hint}" if hint else "")
    return ToolOutcome(ok=False, observation=trim(obs), error_kind=kind)


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------


class _BadJson(Exception):
    pass


def parse_arguments(raw: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """The call's arguments as a dict. Tolerates what models really send: nothing at all,
    a JSON object, or a JSON object encoded twice as a string. Raises _BadJson otherwise."""
    if raw is None:
        return {}
    if isinstance(raw, Mapping):
        return dict(raw)
    if not isinstance(raw, str):
        raise _BadJson(f"the arguments are a {type(raw).__name__}, not a JSON object")
    text = raw.strip()
    if not text:
        return {}
    value: Any = text
    for _ in range(2):  # once, or twice when the object was sent as a JSON string
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            near = text[max(0, exc.pos - 30) : exc.pos + 30]
            raise _BadJson(
                f"the arguments are not valid JSON ({exc.msg} at line {exc.lineno}, column "
                f"{exc.colno}, near {near!r})"
            ) from None
        except RecursionError:
            raise _BadJson("the arguments are nested too deeply to read") from None
        if not isinstance(value, str):
            break
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _BadJson(f"the arguments must be a JSON object, not a {type(value).__name__}")
    return value


# ---------------------------------------------------------------------------
# execute
# ---------------------------------------------------------------------------


async def execute(
    env: RunEnv, tools: Sequence[Tool], name: str, raw_arguments: str | Mapping[str, Any] | None
) -> ToolOutcome:
    """Run one tool call. Never raises for a model's mistake; see the module docstring."""
    by_name = {t.name: t for t in tools}
    tool = by_name.get(name)
    if tool is None:
        names = sorted(by_name)
        close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
        maybe = f" Did you mean {close[0]!r}?" if close else ""
        return _failure(
            f"There is no tool named {name!r}.{maybe}",
            f"Call one of these tools: {', '.join(names)}.",
            "unknown_tool",
        )
    try:
        arguments = parse_arguments(raw_arguments)
    except _BadJson as exc:
        return _failure(
            f"The call to {name} could not be read: {exc}.", _shape_hint(tool), "bad_json"
        )
    try:
        params = tool.Params.model_validate(arguments)
    except ValidationError as err:
        return _failure(
            f"The arguments for {name} do not fit: {explain(err)}.",
            _shape_hint(tool),
            "bad_arguments",
        )

    try:
        outcome = await tool.run(env, params)
    except ToolFailure as exc:
        return _failure(exc.message, exc.hint, exc.kind)
    except PathOutsideComputer as exc:
        return _failure(
            str(exc),
            "Use a path inside this computer, as list_dir or tree show it.",
            "path_outside",
        )
    except NotFound as exc:
        return _failure(
            str(exc),
            "Check the name with list_dir on its folder, or find the file with search_files.",
            "not_found",
        )
    except PathConflict as exc:
        return _failure(
            str(exc), "Choose another path, or check it with file_info.", "path_conflict"
        )
    except FormatError as exc:
        return _failure(
            str(exc), f"Correct what the error names and call {name} again.", "format_error"
        )
    except (
        PermissionError,
        IsADirectoryError,
        NotADirectoryError,
        FileExistsError,
        FileNotFoundError,
    ) as exc:
        # The path the model chose collides with the disk's state (a read-only file, a file where
        # a folder is needed); the model can pick another. Other OSErrors (a full disk) are not its doing.
        return _failure(
            f"The file system refused: {exc.strerror or type(exc).__name__}.",
            "Choose another path, or check it with file_info.",
            "os_error",
        )
    if len(outcome.observation) > MAX_OBSERVATION_CHARS:
        outcome = outcome.model_copy(
            update={
                "observation": trim(
                    outcome.observation,
                    MAX_OBSERVATION_CHARS,
                    "Ask for less at a time (a page, a subfolder, a narrower search).",
                )
            }
        )
    return outcome
