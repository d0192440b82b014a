"""Plain-text kinds: txt, md, csv, json, jsonl, toml, yaml, py and other code.

Written as UTF-8 from a `TextSpec`; structured kinds (json, jsonl, toml, yaml,
csv) must parse, or `render` refuses them. Reading decodes UTF-8 (then UTF-16
by BOM, then Windows-1252, with a note), refuses binary content, reports parse
errors of structured kinds in `error` while still showing the text, and shows a
small CSV as a markdown table.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import yaml

from engine.computer.formats import Extract
from engine.computer.formats._common import describe, failed, md_table, sniff_file
from engine.errors import FormatError
from engine.schema.specs import TextSpec

SPEC = TextSpec

# Structure is checked only below these sizes (PyYAML is pure Python and slow).
_VALIDATE_MAX_BYTES = {"yaml": 4 * 1024 * 1024}
_VALIDATE_DEFAULT_MAX = 32 * 1024 * 1024
CSV_TABLE_MAX_ROWS = 200
CSV_TABLE_MAX_COLS = 30
csv.field_size_limit(16 * 1024 * 1024)


# ---------------------------------------------------------------------------
# Structure checks
# ---------------------------------------------------------------------------


def _check_json(text: str) -> str | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        return f"Invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}."
    except RecursionError:
        return "Invalid JSON: it is nested too deeply to read."
    return None


def _check_jsonl(text: str, *, last_line_partial: bool = False) -> str | None:
    lines = text.split("\n")
    if last_line_partial and lines:
        lines = lines[:-1]
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            json.loads(line)
        except json.JSONDecodeError as e:
            return f"Invalid JSON Lines: line {n}, column {e.colno}: {e.msg}."
        except RecursionError:
            return f"Invalid JSON Lines: line {n} is nested too deeply to read."
    return None


def _check_toml(text: str) -> str | None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        return f"Invalid TOML: {e}."
    return None


def _check_yaml(text: str) -> str | None:
    try:
        for _ in yaml.safe_load_all(text):
            pass
    except yaml.MarkedYAMLError as e:
        where = ""
        if e.problem_mark is not None:
            where = f" at line {e.problem_mark.line + 1}, column {e.problem_mark.column + 1}"
        return f"Invalid YAML{where}: {e.problem or e.context or 'parse error'}."
    except yaml.YAMLError as e:
        return f"Invalid YAML: {e}."
    except RecursionError:
        return "Invalid YAML: it is nested too deeply to read."
    return None


def _csv_rows(text: str, kind: str) -> list[list[str]]:
    delimiter = "\t" if kind == "tsv" else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))


def _check_csv(text: str, kind: str) -> str | None:
    try:
        _csv_rows(text, kind)
    except csv.Error as e:
        return f"Invalid {kind.upper()}: {e}."
    return None


def check_structure(kind: str, text: str, *, partial: bool = False) -> str | None:
    """Why `text` is not valid `kind`, or None. `partial` text may end mid-line."""
    if kind == "json":
        return None if partial else _check_json(text)
    if kind == "jsonl":
        return _check_jsonl(text, last_line_partial=partial)
    if kind == "toml":
        return None if partial else _check_toml(text)
    if kind == "yaml":
        return None if partial else _check_yaml(text)
    if kind in ("csv", "tsv"):
        if partial:
            text = text[: text.rfind("\n") + 1]
        return _check_csv(text, kind)
    return None


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def render(spec: TextSpec, kind: str = "txt") -> bytes:
    problem = check_structure(kind, spec.text)
    if problem:
        raise FormatError(f"The text for a .{kind} file does not parse: {problem}")
    return spec.text.encode("utf-8")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def decode(data: bytes, *, cut: bool) -> tuple[str, str | None]:
    """Bytes to text, and a note when they were not plain UTF-8. `cut` bytes may end mid-character."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "The file is UTF-16 text."
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        if cut and e.start >= len(data) - 3:
            try:
                return data[: e.start].decode("utf-8"), None
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("cp1252"), "The file is not valid UTF-8; it was read as Windows-1252."
    except UnicodeDecodeError:
        return data.decode("latin-1"), "The file is not valid UTF-8; it was read as Latin-1."


def _binary_error(path: Path, kind: str) -> Extract:
    what = describe(sniff_file(path))
    return failed(path, kind, f"This is not a .{kind} text file: its content is {what}.")


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.1


def extract(path: Path, max_chars: int, kind: str = "txt") -> Extract:
    size = path.stat().st_size
    budget = max(0, max_chars) * 4 + 4  # UTF-8 takes at most 4 bytes a character
    with open(path, "rb") as f:
        data = f.read(min(size, budget))
    cut = len(data) < size
    if _looks_binary(data[:8192]):
        return _binary_error(path, kind)

    text, enc_note = decode(data, cut=cut)
    notes = [enc_note] if enc_note else []
    truncated = cut or len(text) > max_chars
    if len(text) > max_chars:
        text = text[:max_chars]
    if truncated:
        notes.append(f"Showing the first {len(text):,} characters of a {size:,}-byte file.")

    error = None
    limit = _VALIDATE_MAX_BYTES.get(kind, _VALIDATE_DEFAULT_MAX)
    if kind in ("json", "jsonl", "toml", "yaml", "csv", "tsv"):
        if size > limit and kind not in ("jsonl", "csv", "tsv"):
            notes.append(
                f"The file is too large ({size:,} bytes) for its {kind} structure to be checked."
            )
        elif truncated and kind in ("json", "toml", "yaml"):
            notes.append(f"Its {kind} structure was not checked, because only its start was read.")
        else:
            error = check_structure(kind, text, partial=truncated)

    if kind in ("csv", "tsv") and error is None and not truncated:
        rows = _csv_rows(text, kind)
        ncols = max((len(r) for r in rows), default=0)
        if rows and len(rows) <= CSV_TABLE_MAX_ROWS and ncols <= CSV_TABLE_MAX_COLS:
            header = rows[0] + [""] * (ncols - len(rows[0]))
            table = md_table(header, rows[1:])
            head = f"{kind.upper()}: {len(rows) - 1} data rows × {ncols} columns (shown as a table)"
            shown = head + "\n\n" + "\n".join(table)
            if len(shown) <= max_chars:
                text = shown

    return Extract(
        path=str(path),
        kind=kind,
        text=text,
        truncated=truncated,
        note=" ".join(notes) or None,
        error=error,
    )
