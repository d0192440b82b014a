"""The only place that knows how a file kind is written or read.

Three calls make the whole contract:

- `kind_of(path)` names a file's kind from its extension ("docx", "xlsx", "py",
  ... or "binary" when the extension says nothing we can read).
- `extract(path, max_chars=...)` reads any file as text for a model or a search
  index. It never raises for a file's content: an empty, truncated, mislabelled
  or huge file comes back as an `Extract` with a clear `error`, or with
  `truncated=True` and a `note`.
- `render(kind, spec)` writes a content spec (see `engine.schema.specs`) as the
  bytes of that kind, deterministically for a given spec. A spec that cannot be
  written raises `engine.errors.FormatError`.

Each kind lives in its own module with `render(spec) -> bytes` and
`extract(path, max_chars) -> Extract`; this package only dispatches.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.errors import FormatError

__all__ = [
    "DEFAULT_MAX_CHARS",
    "MAX_FILE_BYTES",
    "TEXT_KINDS",
    "Extract",
    "FormatError",
    "extract",
    "kind_of",
    "kinds",
    "render",
    "spec_type",
]

DEFAULT_MAX_CHARS = 200_000
# Bigger than any document a synthetic user keeps; above it we refuse to parse
# (a text file is still read, up to max_chars, from its start).
MAX_FILE_BYTES = 200 * 1024 * 1024


class Extract(BaseModel):
    """A file read as text (markdown where structure helps), with what went wrong."""

    path: str
    kind: str
    text: str
    truncated: bool = False
    note: str | None = None
    error: str | None = None


# Extension -> kind. Structured office kinds first, then text kinds. Every
# plain-text kind is read by `formats.text`.
_OFFICE = {
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".pptx": "pptx",
    ".pdf": "pdf",
    ".png": "png",
    ".eml": "eml",
}
_TEXT = {
    ".txt": "txt",
    ".text": "txt",
    ".log": "txt",
    ".md": "md",
    ".markdown": "md",
    ".rst": "rst",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".py": "py",
    ".ipynb": "json",
    ".js": "js",
    ".mjs": "js",
    ".ts": "ts",
    ".tsx": "ts",
    ".jsx": "js",
    ".html": "html",
    ".htm": "html",
    ".css": "css",
    ".xml": "xml",
    ".svg": "xml",
    ".sql": "sql",
    ".sh": "sh",
    ".bash": "sh",
    ".r": "r",
    ".java": "java",
    ".c": "c",
    ".h": "c",
    ".cpp": "cpp",
    ".hpp": "cpp",
    ".go": "go",
    ".rs": "rs",
    ".rb": "rb",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".env": "ini",
    ".tex": "tex",
    ".bib": "tex",
    ".ics": "txt",
    ".vcf": "txt",
}
_EXT_TO_KIND = {**_OFFICE, **_TEXT}
TEXT_KINDS = frozenset(_TEXT.values())

# Kind -> module that writes and reads it.
_MODULE = {
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "pdf": "pdf",
    "png": "png",
    "eml": "eml",
    **{k: "text" for k in TEXT_KINDS},
}

_NAMES_WITHOUT_SUFFIX = {
    "makefile": "txt",
    "dockerfile": "txt",
    "readme": "txt",
    "license": "txt",
}


def kind_of(path: Path | str) -> str:
    """The kind of a file, from its extension alone (never its content)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _EXT_TO_KIND:
        return _EXT_TO_KIND[suffix]
    if not suffix and p.name.lower() in _NAMES_WITHOUT_SUFFIX:
        return _NAMES_WITHOUT_SUFFIX[p.name.lower()]
    return "binary"


def kinds() -> list[str]:
    """Every kind `render` can write."""
    return sorted(_MODULE)


def _module(kind: str) -> Any:
    name = _MODULE.get(kind)
    if name is None:
        raise FormatError(
            f"There is no writer for files of kind {kind!r}; known kinds: {', '.join(kinds())}."
        )
    return importlib.import_module(f"{__name__}.{name}")


def spec_type(kind: str) -> type[BaseModel]:
    """The spec model `render(kind, ...)` takes (e.g. `DocSpec` for "docx")."""
    return _module(kind).SPEC


def render(kind: str, spec: Any, **options: Any) -> bytes:
    """Write `spec` as a file of `kind`; raises `FormatError` when the spec cannot be written.

    `spec` may be the kind's spec model or a plain dict/JSON-like value of its
    shape (as a model returns it); it is validated here. `options` go to the
    kind's writer: "eml" takes `attachments={name: bytes}`.
    """
    mod = _module(kind)
    model = mod.SPEC
    if not isinstance(spec, model):
        if isinstance(spec, BaseModel):  # e.g. a DocSpec written as a PDF
            spec = spec.model_dump(by_alias=True)
        try:
            spec = model.model_validate(spec)
        except Exception as exc:  # pydantic.ValidationError or a wrong type entirely
            raise FormatError(f"The spec for a {kind} file is not valid: {exc}") from exc
    try:
        if model.__name__ == "TextSpec":
            return mod.render(spec, kind=kind, **options)
        return mod.render(spec, **options)
    except FormatError:
        raise
    except Exception as exc:  # a library refusing what validated (e.g. an odd value)
        raise FormatError(f"Could not write the {kind} file: {type(exc).__name__}: {exc}") from exc


def extract(path: Path | str, *, max_chars: int = DEFAULT_MAX_CHARS) -> Extract:
    """Read `path` as text. Never raises for the file's content; see the module docstring."""
    p = Path(path)
    kind = kind_of(p)
    try:
        if not p.exists():
            return Extract(path=str(p), kind=kind, text="", error="The file does not exist.")
        if p.is_dir():
            return Extract(path=str(p), kind=kind, text="", error="This is a folder, not a file.")
        if not p.is_file():  # a FIFO or device would block or never end
            return Extract(path=str(p), kind=kind, text="", error="This is not a regular file.")
        size = p.stat().st_size
        if size == 0:
            return Extract(path=str(p), kind=kind, text="", error="The file is empty (0 bytes).")
        if kind == "binary":
            return _extract_unknown(p, max_chars)
        if kind not in TEXT_KINDS and size > MAX_FILE_BYTES:
            return Extract(
                path=str(p),
                kind=kind,
                text="",
                error=f"The file is too large to read ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}).",
            )
        mod = _module(kind)
        if mod.__name__.endswith(".text"):
            result = mod.extract(p, max_chars, kind=kind)
        else:
            result = mod.extract(p, max_chars)
    except Exception as exc:  # the last guard: a reader bug must not crash a file search
        return Extract(
            path=str(p),
            kind=kind,
            text="",
            error=f"Could not read this {kind} file: {type(exc).__name__}: {exc}",
        )
    return result


def _extract_unknown(p: Path, max_chars: int) -> Extract:
    """A file whose extension names no kind: read it by what its content is, if we can."""
    from engine.computer.formats._common import describe, sniff_file

    sniffed = sniff_file(p)
    if sniffed in ("docx", "xlsx", "pptx", "pdf", "png"):
        result = _module(sniffed).extract(p, max_chars)
    elif sniffed == "text":
        result = _module("txt").extract(p, max_chars, kind="txt")
    else:
        size = p.stat().st_size
        return Extract(
            path=str(p),
            kind="binary",
            text="",
            error=f"This file ({size:,} bytes) is {describe(sniffed)}, which synthcomp cannot read as text.",
        )
    how = (
        f"The file name has no known extension; it was read as {describe(sniffed)} by its content."
    )
    result.note = f"{how} {result.note}" if result.note else how
    return result
