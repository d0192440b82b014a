"""What a snapshot of a computer is: a manifest of relative path -> content hash.

The manifest is the commit marker of a checkpoint: blobs are written first, the
manifest last, so a manifest that exists always points at blobs that exist.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class FileEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    mtime: float


class Manifest(BaseModel):
    """Relative POSIX paths (inside the computer's root) to the file content at that moment."""

    files: dict[str, FileEntry] = Field(default_factory=dict)

    def total_bytes(self) -> int:
        return sum(e.size for e in self.files.values())


class BlobStore(Protocol):
    """Content-addressed bytes. `engine.store` implements it on SQLite; snapshots use it."""

    async def has_many(self, shas: list[str]) -> set[str]: ...

    async def put_many(self, blobs: dict[str, bytes]) -> int:
        """Store blobs keyed by their sha256; return how many were new."""
        ...

    async def get(self, sha: str) -> bytes: ...
