"""Tools that look without touching: list a folder, draw a tree, read any file page by page,
search names and text, describe one file.

Reading goes through `engine.computer.formats` (via the Computer), so a docx,
xlsx, pptx or pdf reads as text the same way search and the judge see it.
Long texts are paged rather than cut, so the agent can read a 60-page report
in order and knows how far it got ("page 2 of 7").
"""

from __future__ import annotations

import asyncio
import fnmatch
from collections import OrderedDict
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.computer import Entry
from engine.computer.formats import MAX_FILE_BYTES, TEXT_KINDS, Extract
from engine.errors import FormatError
from engine.sim.tools._common import (
    entry_line,
    sha256,
    size_text,
    trim,
    when_text,
    with_example,
)
from engine.sim.tools.base import RunEnv, ToolFailure, ToolOutcome

PATH_HELP = "A path on this computer as list_dir shows it, e.g. 'Documents/Reports'."
FILE_HELP = "A file on this computer as list_dir shows it, e.g. 'Documents/report.docx'."

LIST_LIMIT = 300
READ_MAX_CHARS = 1_000_000  # how much of one file read_file will ever page through
RAW_TEXT_MAX_BYTES = 4 * 1024 * 1024  # text files up to this size are read as they are
DEFAULT_PAGE = 8_000


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------
# list_dir, tree
# ---------------------------------------------------------------------------


class ListDirParams(_Params):
    path: str = Field(default=".", description=PATH_HELP + " '.' is the top folder.")
    recursive: bool = Field(default=False, description="Also list everything in subfolders.")


class ListDir:
    name: ClassVar[str] = "list_dir"
    example: ClassVar[dict[str, Any]] = {"path": "Documents", "recursive": False}
    description: ClassVar[str] = with_example(
        "List the files and folders in a folder, with each file's kind, size and date. "
        "Use it to find your way around; `recursive` lists subfolders too (long listings "
        "are cut: then list a subfolder, or use tree or search_files).",
        example,
    )
    Params: ClassVar[type[BaseModel]] = ListDirParams

    async def run(self, env: RunEnv, params: ListDirParams) -> ToolOutcome:
        entries = await env.computer.list(params.path, params.recursive, limit=LIST_LIMIT + 1)
        more = len(entries) > LIST_LIMIT
        entries = entries[:LIST_LIMIT]
        where = env.computer.agent_path(params.path)
        if not entries:
            return ToolOutcome(observation=f"'{where}' is an empty folder.")
        folders = sum(1 for e in entries if e.is_dir)
        head = f"Contents of '{where}'" + (" and its subfolders" if params.recursive else "")
        head += f": {folders} folder(s), {len(entries) - folders} file(s)"
        lines = [head + (" (listing cut short)" if more else "") + ":"]
        lines += [f"  {entry_line(e, full_path=params.recursive)}" for e in entries]
        if more:
            lines.append(
                f"[Only the first {LIST_LIMIT} entries are shown. List a subfolder, use tree "
                "for an overview, or search_files to find a file by name.]"
            )
        return ToolOutcome(observation="\n".join(lines))


class TreeParams(_Params):
    path: str = Field(default=".", description=PATH_HELP + " '.' is the top folder.")
    depth: int = Field(default=2, ge=1, le=6, description="How many folder levels to show.")


class Tree:
    name: ClassVar[str] = "tree"
    example: ClassVar[dict[str, Any]] = {"path": ".", "depth": 2}
    description: ClassVar[str] = with_example(
        "Show a folder as an indented tree, `depth` levels deep (deeper folders show how many "
        "items they hold). The quickest overview of an unfamiliar computer.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = TreeParams

    async def run(self, env: RunEnv, params: TreeParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        if not entry.is_dir:
            raise ToolFailure(
                f"'{entry.path}' is a file, not a folder.",
                "Call tree on a folder, or read_file to read this file.",
                kind="path_conflict",
            )
        text = await env.computer.tree(params.depth, params.path, max_entries=40)
        return ToolOutcome(
            observation=trim(text, 12_000, "Call tree on a subfolder, or with a smaller depth.")
        )


# ---------------------------------------------------------------------------
# read_file
# ---------------------------------------------------------------------------


def page_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Cut `text` into pages of at most `size` characters, at a line break when one falls in
    the page's second half (so a page rarely ends mid-sentence). Deterministic."""
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut != -1:
                end = cut + 1
        bounds.append((start, end))
        start = end
    return bounds or [(0, 0)]


async def load_text(env: RunEnv, entry: Entry) -> Extract:
    """A file's text as read_file pages it: text and code files exactly as stored (so what the
    agent copies from them matches for edit_text), every other kind through the extractor."""
    if entry.kind in TEXT_KINDS and 0 < entry.size <= RAW_TEXT_MAX_BYTES:
        try:
            raw = await env.computer.read_text(entry.path)
        except FormatError:
            raw = None  # not UTF-8: the extractor knows the other encodings
        if raw is not None and "\x00" not in raw[:8192]:
            raw = raw.replace("\r\n", "\n")
            return Extract(
                path=entry.path,
                kind=entry.kind,
                text=raw[:READ_MAX_CHARS],
                truncated=len(raw) > READ_MAX_CHARS,
            )
    return await env.computer.extract_text(entry.path, max_chars=READ_MAX_CHARS)


class ReadFileParams(_Params):
    path: str = Field(description=FILE_HELP)
    page: int = Field(default=1, ge=1, description="Which page of the file's text to show.")
    page_size: int = Field(
        default=DEFAULT_PAGE, ge=1_000, le=12_000, description="Characters per page."
    )


class ReadFile:
    name: ClassVar[str] = "read_file"
    example: ClassVar[dict[str, Any]] = {"path": "Documents/Q1 report.docx", "page": 1}
    description: ClassVar[str] = with_example(
        "Read any file as text: documents (.docx), spreadsheets (.xlsx, every sheet as a cell "
        "grid with formulas), decks (.pptx, slide by slide), PDFs, emails and all text or code "
        "files. Long files come in pages ('page 2 of 7'): ask for the next page to go on. Text "
        "and code files are shown exactly as stored, so you can copy lines from them into "
        "edit_text.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = ReadFileParams

    def __init__(self) -> None:
        # Paging re-reads the same file; extracting a deck again for every page is wasted work.
        self._cache: OrderedDict[tuple[str, str], Extract] = OrderedDict()

    async def _text_of(self, env: RunEnv, entry: Entry) -> Extract:
        # Keyed on the content: the agent's own writes are dated by the simulated clock, so
        # size and mtime alone could miss a rewrite within one turn.
        data = await env.computer.read_bytes(entry.path, max_bytes=MAX_FILE_BYTES)
        key = (entry.path, await asyncio.to_thread(sha256, data))
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        result = await load_text(env, entry)
        self._cache[key] = result
        while len(self._cache) > 8:
            self._cache.popitem(last=False)
        return result

    async def run(self, env: RunEnv, params: ReadFileParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        if entry.is_dir:
            raise ToolFailure(
                f"'{entry.path}' is a folder, not a file.",
                f"List it with list_dir (path '{entry.path}') and read one of its files.",
                kind="path_conflict",
            )
        result = await self._text_of(env, entry)
        if result.error and not result.text.strip():
            raise ToolFailure(
                f"'{entry.path}' cannot be read: {result.error}",
                "The file may be damaged or not what its name says. Look for another copy or "
                "version (search_files), or ask the colleague who owns it to send it again.",
                kind="unreadable",
            )
        text = result.text
        pages = page_bounds(text, params.page_size)
        if params.page > len(pages):
            raise ToolFailure(
                f"'{entry.path}' has only {len(pages)} page(s) of {params.page_size:,} "
                f"characters; there is no page {params.page}.",
                f"Ask for a page from 1 to {len(pages)}.",
                kind="page_out_of_range",
            )
        start, end = pages[params.page - 1]
        head = (
            f"{entry.path} ({entry.kind}, {size_text(entry.size)}, modified "
            f"{when_text(entry.mtime)}) — page {params.page} of {len(pages)}"
        )
        if len(pages) > 1:
            head += f" (characters {start + 1:,}-{end:,} of {len(text):,})"
        lines = [head]
        if result.error:
            lines.append(f"Warning: {result.error}")
        if result.note:
            lines.append(f"Note: {result.note}")
        if result.truncated and params.page == len(pages):
            lines.append(
                f"Note: only the first {len(text):,} characters of this file can be read here."
            )
        lines += ["", text[start:end] if text else "(the file holds no text)"]
        if params.page < len(pages):
            lines += [
                "",
                f"[Page {params.page} of {len(pages)}. Next: read_file with "
                f'"path": "{entry.path}", "page": {params.page + 1}.]',
            ]
        elif len(pages) > 1:
            lines += ["", f"[End of the file: page {params.page} of {len(pages)}.]"]
        return ToolOutcome(observation="\n".join(lines))


# ---------------------------------------------------------------------------
# search_files
# ---------------------------------------------------------------------------


class SearchFilesParams(_Params):
    name: str | None = Field(
        default=None,
        description="A file-name pattern: a glob such as '*.xlsx' or 'budget*', or part of a name.",
    )
    text: str | None = Field(
        default=None, description="Words to find inside files of every kind (case-insensitive)."
    )
    folder: str = Field(default=".", description="Search only this folder (and its subfolders).")
    limit: int = Field(default=20, ge=1, le=100, description="The most results to show.")

    @model_validator(mode="after")
    def _something(self) -> SearchFilesParams:
        if not (self.name or "").strip() and not (self.text or "").strip():
            raise ValueError("give `name` (a file-name pattern) or `text` (words to find), or both")
        return self


def _name_matches(pattern: str, path: str) -> bool:
    """The Computer's own name rule (glob or substring, case-insensitive; '/' means whole path)."""
    pat = pattern.strip().replace("\\", "/").casefold()
    subject = (path if "/" in pat else path.rpartition("/")[2]).casefold()
    if any(c in pat for c in "*?["):
        return fnmatch.fnmatchcase(subject, pat)
    return pat in subject


class SearchFiles:
    name: ClassVar[str] = "search_files"
    example: ClassVar[dict[str, Any]] = {"text": "renewal", "name": "*.docx"}
    description: ClassVar[str] = with_example(
        "Find files by name and/or by the words inside them (documents, spreadsheets, decks, "
        "PDFs, emails and text files are all searched). `name` takes a glob ('*.xlsx', "
        "'*budget*') or part of a name; `text` finds files containing those words, with "
        "snippets; with both, only files whose names match are searched for the text.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = SearchFilesParams

    async def run(self, env: RunEnv, params: SearchFilesParams) -> ToolOutcome:
        name = (params.name or "").strip()
        text = (params.text or "").strip()
        where = env.computer.agent_path(params.folder)
        lines: list[str] = []
        if not text:
            found = await env.computer.search_names(name, limit=params.limit + 1, dir=params.folder)
            more = len(found) > params.limit
            found = found[: params.limit]
            if not found:
                return ToolOutcome(
                    observation=f"No file or folder under '{where}' has a name matching {name!r}. "
                    "Try a shorter part of the name, a glob such as '*report*', or search the "
                    "text with `text`."
                )
            lines.append(f"{len(found)}{'+' if more else ''} name match(es) for {name!r}:")
            lines += [f"  {entry_line(e, full_path=True)}" for e in found]
            if more:
                lines.append("[More matches exist; narrow the pattern or the folder.]")
            return ToolOutcome(observation="\n".join(lines))

        scan_limit = 200 if name else params.limit
        result = await env.computer.search_text(text, scan_limit, dir=params.folder)
        hits = result.hits
        if name:
            hits = [h for h in hits if _name_matches(name, h.path)]
        more = len(hits) > params.limit or result.truncated
        hits = hits[: params.limit]
        if not hits:
            lines.append(
                f"No file under '{where}'"
                + (f" named like {name!r}" if name else "")
                + f" contains {text!r} ({result.files_scanned} files searched). Try fewer or "
                "other words, or a different folder."
            )
        else:
            lines.append(
                f"{len(hits)}{'+' if more else ''} file(s) contain {text!r}"
                + (f" among names like {name!r}" if name else "")
                + ":"
            )
            for h in hits:
                lines.append(f"- {h.path} ({h.kind}, {h.matches} match(es))")
                lines += [f"    {s}" for s in h.snippets]
            if more:
                lines.append("[More files may match; narrow the words or the folder.]")
        if result.unreadable:
            shown = ", ".join(f"{u.path} ({u.error})" for u in result.unreadable[:5])
            lines.append(f"Could not be searched: {shown}")
        return ToolOutcome(
            observation=trim("\n".join(lines), 12_000, "Narrow the search to see the rest.")
        )


# ---------------------------------------------------------------------------
# file_info
# ---------------------------------------------------------------------------


class FileInfoParams(_Params):
    path: str = Field(description=FILE_HELP + " A folder works too.")


class FileInfo:
    name: ClassVar[str] = "file_info"
    example: ClassVar[dict[str, Any]] = {"path": "Finance/budget_2024.xlsx"}
    description: ClassVar[str] = with_example(
        "Describe one file or folder without reading all of it: kind, size, last change, how "
        "much text it holds and how many read_file pages that makes (or, for a folder, how "
        "many items it holds). Also tells you whether the file can be read at all.",
        example,
    )
    Params: ClassVar[type[BaseModel]] = FileInfoParams

    async def run(self, env: RunEnv, params: FileInfoParams) -> ToolOutcome:
        entry = await env.computer.info(params.path)
        lines = [f"Path: {entry.path}"]
        if entry.is_dir:
            items = await env.computer.list(entry.path)
            folders = sum(1 for e in items if e.is_dir)
            lines += [
                "Kind: folder",
                f"Holds: {folders} folder(s) and {len(items) - folders} file(s)",
                f"Modified: {when_text(entry.mtime)}",
            ]
            return ToolOutcome(observation="\n".join(lines))
        lines += [
            f"Kind: {entry.kind}",
            f"Size: {size_text(entry.size)} ({entry.size:,} bytes)",
            f"Modified: {when_text(entry.mtime)}",
        ]
        result = await load_text(env, entry)
        if result.error and not result.text.strip():
            lines.append(f"Readable: no — {result.error}")
        else:
            n = len(result.text)
            pages = len(page_bounds(result.text, DEFAULT_PAGE))
            more = "+" if result.truncated else ""
            lines.append(
                f"Text: {n:,}{more} characters (read_file shows {pages}{more} page(s) of "
                f"{DEFAULT_PAGE:,})"
            )
            if result.error:
                lines.append(f"Warning: {result.error}")
            first = next((ln.strip() for ln in result.text.splitlines() if ln.strip()), "")
            if first:
                lines.append(f"Begins: {first[:160]}")
        return ToolOutcome(observation="\n".join(lines))
