"""Tools that change files as files: write or edit a text/code file, move, copy, make a folder,
delete to the trash.

Every change comes back as `file_changed` events (actor "agent", with the new
content's sha256 and size), one per file, so the run's log holds each file's
history; a folder operation names every file it touched.
"""

from __future__ import annotations

import asyncio
import difflib
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from engine.computer import Entry
from engine.computer.formats import TEXT_KINDS, render
from engine.errors import FormatError
from engine.schema.specs import TextSpec
from engine.sim.tools._common import (
    existing_entry,
    file_event,
    require_kind,
    save_file,
    sha256,
    size_text,
    with_example,
)
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome
from engine.store.records import NewEvent

OFFICE_HINT = (
    "for a .docx use write_document, .xlsx write_spreadsheet or edit_cells, .pptx write_deck, "
    ".pdf write_pdf"
)
REVISION_NOTE = (
    "To revise an existing deliverable, save the new version beside it as a new file "
    "(e.g. 'plan_v2.md') rather than replacing it; replacing needs \"overwrite\": true."
)


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


async def _files_under(env: RunEnv, entry: Entry) -> list[Entry]:
    """The files in a folder (all levels), or the file itself."""
    if not entry.is_dir:
        return [entry]
    return [e for e in await env.computer.list(entry.path, recursive=True) if not e.is_dir]


async def _hash(env: RunEnv, path: str) -> tuple[str, int]:
    data = await env.computer.read_bytes(path)
    return await asyncio.to_thread(sha256, data), len(data)


def _moved_path(path: str, old_root: str, new_root: str) -> str:
    return new_root + path[len(old_root) :] if path != old_root else new_root


# ---------------------------------------------------------------------------
# write_text, edit_text
# ---------------------------------------------------------------------------


class WriteTextParams(_Params):
    path: str = Field(
        description="Where to save, with the file's extension (.md, .txt, .csv, .json, .py, ...)."
    )
    text: str = Field(max_length=2_000_000, description="The whole content of the file.")
    overwrite: bool = Field(default=False, description="Replace the file if it already exists.")


class WriteText:
    name: ClassVar[str] = "write_text"
    example: ClassVar[dict[str, Any]] = {
        "path": "Documents/Notes/meeting_2024-03-04.md",
        "text": "# Meeting with Ana\n\n- Budget approved\n- Send draft by Friday\n",
    }
    description: ClassVar[str] = with_example(
        "Create a text or code file (.txt, .md, .csv, .json, .yaml, .py, .html, ...) with the "
        "given content; missing folders are created. .json, .yaml, .toml and .csv content must "
        f"parse. Not for office files: {OFFICE_HINT}. {REVISION_NOTE}",
        example,
    )
    Params: ClassVar[type[BaseModel]] = WriteTextParams

    async def run(self, env: RunEnv, params: WriteTextParams) -> ToolOutcome:
        env.computer.resolve(params.path)
        kind = require_kind(
            params.path,
            TEXT_KINDS,
            "text and code files (.txt, .md, .csv, .json, .py, ...)",
            f"Give the file a text extension such as .md or .txt; {OFFICE_HINT}.",
        )
        data = await asyncio.to_thread(render, kind, TextSpec(text=params.text))
        entry, replaced, event = await save_file(env, params.path, data, overwrite=params.overwrite)
        verb = "Replaced" if replaced else "Created"
        lines = params.text.count("\n") + (
            0 if params.text.endswith("\n") or not params.text else 1
        )
        return ToolOutcome(
            observation=f"{verb} '{entry.path}' ({lines} line(s), {size_text(entry.size)}).",
            events=[event],
        )


class EditTextParams(_Params):
    path: str = Field(description="The text or code file to change.")
    old: str = Field(
        min_length=1,
        description="The exact text to replace, copied from the file (include enough "
        "surrounding text to make it unique).",
    )
    new: str = Field(description="The text to put in its place ('' deletes it).")
    replace_all: bool = Field(
        default=False, description="Replace every occurrence instead of exactly one."
    )


def _near_lines(text: str, old: str, limit: int = 3) -> list[str]:
    """The file's lines most like the first line of `old`, numbered, to show what is there."""
    probe = next((ln.strip() for ln in old.splitlines() if ln.strip()), old.strip())
    scored = []
    for i, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s:
            continue
        ratio = difflib.SequenceMatcher(None, probe[:200], s[:200], autojunk=False).ratio()
        if ratio >= 0.45:
            scored.append((ratio, i, line))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [f"  line {i}: {line[:200]}" for _, i, line in scored[:limit]]


def _why_not_found(text: str, old: str) -> tuple[list[str], bool]:
    """The nearest lines, and whether `old` is there but spaced differently (blocking)."""
    return _near_lines(text, old), " ".join(old.split()) in " ".join(text.split())


class EditText:
    name: ClassVar[str] = "edit_text"
    example: ClassVar[dict[str, Any]] = {
        "path": "Documents/Notes/plan.md",
        "old": "Deadline: March 15",
        "new": "Deadline: March 22 (moved by Ana)",
    }
    description: ClassVar[str] = with_example(
        "Change part of a text or code file: replace the exact text `old` with `new` (once; "
        "set replace_all to change every occurrence). Copy `old` from read_file's output, "
        "including spaces and line breaks; if it is not found you are shown the nearest "
        "lines. For office files write a new version with write_document, write_spreadsheet "
        "(or edit_cells), write_deck or write_pdf instead.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = EditTextParams

    async def run(self, env: RunEnv, params: EditTextParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        if entry.is_dir:
            raise ToolFailure(f"'{entry.path}' is a folder.", "Give the path of a text file.")
        kind = require_kind(
            entry.path,
            TEXT_KINDS,
            "text and code files",
            f"To change an office file write a new version of it: {OFFICE_HINT}.",
        )
        try:
            stored = await env.computer.read_text(entry.path)
        except FormatError:
            raise ToolFailure(
                f"'{entry.path}' is not UTF-8 text, so it cannot be edited in place.",
                "Read it with read_file and save a corrected copy with write_text.",
                kind="wrong_kind",
            ) from None
        crlf = "\r\n" in stored
        text = stored.replace("\r\n", "\n")
        old, new = params.old.replace("\r\n", "\n"), params.new.replace("\r\n", "\n")
        count = text.count(old)
        if count == 0:
            near, flat_hit = await asyncio.to_thread(_why_not_found, text, old)
            why = (
                "The text is there but with different spaces or line breaks."
                if flat_hit
                else "The nearest lines in the file are:\n" + "\n".join(near)
                if near
                else "No line of the file looks like it."
            )
            raise ToolFailure(
                f"The text to replace was not found in '{entry.path}'. {why}",
                "Read the file with read_file and copy the text exactly as it appears "
                "(same spaces, punctuation and line breaks).",
                kind="no_match",
            )
        if count > 1 and not params.replace_all:
            starts, pos = [], text.find(old)
            while pos != -1 and len(starts) < 8:
                starts.append(text.count("\n", 0, pos) + 1)
                pos = text.find(old, pos + len(old))
            raise ToolFailure(
                f"The text to replace occurs {count} times in '{entry.path}' (at lines "
                f"{', '.join(map(str, starts))}{', ...' if count > len(starts) else ''}).",
                'Include more of the surrounding text in "old" so it matches once, or set '
                '"replace_all": true to change every occurrence.',
                kind="not_unique",
            )
        updated = text.replace(old, new) if params.replace_all else text.replace(old, new, 1)
        if crlf:
            updated = updated.replace("\n", "\r\n")
        data = await asyncio.to_thread(render, kind, TextSpec(text=updated))
        entry, _, event = await save_file(env, entry.path, data, overwrite=True)
        n = count if params.replace_all else 1
        line = text.count("\n", 0, text.find(old)) + 1
        where = f"at line {line}" if n == 1 else f"{n} places"
        return ToolOutcome(
            observation=f"Edited '{entry.path}': replaced {where} ({size_text(entry.size)} now).",
            events=[event],
        )


# ---------------------------------------------------------------------------
# move, copy, make_folder, delete
# ---------------------------------------------------------------------------


class MoveParams(_Params):
    src: str = Field(description="The file or folder to move or rename.")
    dest: str = Field(
        description="The new path; an existing folder means 'into this folder', keeping the name."
    )
    overwrite: bool = Field(default=False, description="Replace a file already at `dest`.")


class Move:
    name: ClassVar[str] = "move"
    example: ClassVar[dict[str, Any]] = {
        "src": "Downloads/contract draft.docx",
        "dest": "Documents/Contracts/",
    }
    description: ClassVar[str] = with_example(
        "Move or rename a file or folder. Moving onto an existing folder puts it inside that "
        "folder; an existing file at `dest` is kept unless overwrite is true.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = MoveParams

    async def run(self, env: RunEnv, params: MoveParams) -> ToolOutcome:
        src = await env.computer.info(params.src)
        files = await _files_under(env, src)
        moved = await env.computer.move(params.src, params.dest, overwrite=params.overwrite)
        if moved.path == src.path:
            return ToolOutcome(observation=f"'{src.path}' is already there; nothing moved.")
        events: list[NewEvent] = []
        for f in files:
            new_path = _moved_path(f.path, src.path, moved.path)
            sha, size = await _hash(env, new_path)
            events.append(file_event(env, f.path, "moved", sha=sha, size=size, dest_path=new_path))
        if src.is_dir and not files:
            events.append(file_event(env, src.path, "moved", dest_path=moved.path))
        what = f"the folder '{src.path}' ({len(files)} file(s))" if src.is_dir else f"'{src.path}'"
        return ToolOutcome(observation=f"Moved {what} to '{moved.path}'.", events=events)


class CopyParams(_Params):
    src: str = Field(description="The file or folder to copy.")
    dest: str = Field(
        description="The copy's path; an existing folder means 'into this folder', keeping the name."
    )
    overwrite: bool = Field(default=False, description="Replace a file already at `dest`.")


class Copy:
    name: ClassVar[str] = "copy"
    example: ClassVar[dict[str, Any]] = {
        "src": "Templates/invoice.xlsx",
        "dest": "Clients/Northwind/invoice_2024-03.xlsx",
    }
    description: ClassVar[str] = with_example(
        "Copy a file or folder (a template to start from, a backup before a big change). "
        "Copying onto an existing folder puts the copy inside it.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = CopyParams

    async def run(self, env: RunEnv, params: CopyParams) -> ToolOutcome:
        src = await env.computer.info(params.src)
        files = await _files_under(env, src)
        into = await existing_entry(env, params.dest)
        target = f"{into.path}/{src.name}" if into is not None and into.is_dir else params.dest
        replaced = not src.is_dir and await existing_entry(env, target) is not None
        copied = await env.computer.copy(params.src, params.dest, overwrite=params.overwrite)
        events: list[NewEvent] = []
        for f in files:
            new_path = _moved_path(f.path, src.path, copied.path)
            sha, size = await _hash(env, new_path)
            change = "modified" if replaced else "created"
            events.append(file_event(env, new_path, change, sha=sha, size=size))
        if src.is_dir and not files:
            events.append(file_event(env, copied.path, "created"))
        what = f"the folder '{src.path}' ({len(files)} file(s))" if src.is_dir else f"'{src.path}'"
        return ToolOutcome(observation=f"Copied {what} to '{copied.path}'.", events=events)


class MakeFolderParams(_Params):
    path: str = Field(description="The folder to create (its parents are created too).")


class MakeFolder:
    name: ClassVar[str] = "make_folder"
    example: ClassVar[dict[str, Any]] = {"path": "Documents/Projects/Q2 Launch/Drafts"}
    description: ClassVar[str] = with_example(
        "Create a folder, and any missing folders above it. An existing folder is fine.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = MakeFolderParams

    async def run(self, env: RunEnv, params: MakeFolderParams) -> ToolOutcome:
        before = await existing_entry(env, params.path)
        if before is not None and before.is_dir:
            return ToolOutcome(observation=f"The folder '{before.path}' already exists.")
        entry = await env.computer.mkdir(params.path)
        return ToolOutcome(
            observation=f"Created the folder '{entry.path}'.",
            events=[file_event(env, entry.path, "created")],
        )


class DeleteParams(_Params):
    path: str = Field(description="The file or folder to move to the trash.")


class Delete:
    name: ClassVar[str] = "delete"
    example: ClassVar[dict[str, Any]] = {"path": "Documents/old draft (copy).docx"}
    description: ClassVar[str] = with_example(
        "Move a file or folder to the trash (it can be restored by the user). Delete only what "
        "you made by mistake or is clearly a duplicate; never delete files others gave you.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = DeleteParams

    async def run(self, env: RunEnv, params: DeleteParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        files = await _files_under(env, entry)
        item = await env.computer.delete(params.path)
        events = [file_event(env, f.path, "deleted") for f in files]
        if entry.is_dir and not files:
            events.append(file_event(env, entry.path, "deleted"))
        what = (
            f"the folder '{item.original_path}' ({len(files)} file(s))"
            if item.is_dir
            else f"'{item.original_path}'"
        )
        return ToolOutcome(observation=f"Moved {what} to the trash.", events=events)
