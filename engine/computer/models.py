"""What a computer's operations return: small pydantic models with agent-facing paths.

Every `path` in these models is the path an agent sees: relative POSIX
(`Documents/report.docx`), or the logical OS-like path when the computer has
volumes (`C:/Users/mforsythe/Documents/report.docx`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Entry(BaseModel):
    """One file or folder: what `list`, `info` and `search_names` return."""

    model_config = ConfigDict(frozen=True)

    path: str
    name: str
    kind: str = Field(
        description="'folder', or the file's kind from its extension ('docx', 'md', 'binary', ...)"
    )
    size: int = Field(ge=0, description="bytes; 0 for a folder")
    mtime: float = Field(description="last modification, seconds since the epoch")
    is_dir: bool


class TrashItem(BaseModel):
    """Something `delete` moved to the computer's trash, and where it came from."""

    model_config = ConfigDict(frozen=True)

    trash_id: str
    original_path: str
    deleted_at: datetime
    is_dir: bool
    size: int = Field(ge=0, description="bytes of the file, or of every file in the folder")


class TextHit(BaseModel):
    """One file whose text contains the query, with a few snippets around the matches."""

    model_config = ConfigDict(frozen=True)

    path: str
    kind: str
    matches: int = Field(ge=1)
    snippets: list[str]


class Unreadable(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    error: str


class TextSearchResult(BaseModel):
    query: str
    hits: list[TextHit] = Field(default_factory=list)
    files_scanned: int = 0
    unreadable: list[Unreadable] = Field(default_factory=list)
    truncated: bool = Field(
        default=False, description="the limit was reached before every file was scanned"
    )


ChangeKind = Literal["created", "modified", "deleted", "moved"]


class FileChange(BaseModel):
    """A change someone other than the computer's own methods made to its files."""

    model_config = ConfigDict(frozen=True)

    path: str
    change: ChangeKind
    dest_path: str | None = None
    is_dir: bool = False
    at: datetime


class SnapshotDiff(BaseModel):
    """Paths (relative POSIX, as in a `Manifest`) that differ between two manifests."""

    model_config = ConfigDict(frozen=True)

    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)
