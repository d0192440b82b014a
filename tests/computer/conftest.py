from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from engine.computer import Computer
from engine.errors import NotFound


class DictBlobs:
    """A BlobStore in a dict: the smallest real implementation of the protocol."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    async def has_many(self, shas: list[str]) -> set[str]:
        return {s for s in shas if s in self.data}

    async def put_many(self, blobs: dict[str, bytes]) -> int:
        new = 0
        for sha, data in blobs.items():
            assert hashlib.sha256(data).hexdigest() == sha
            if sha not in self.data:
                new += 1
                self.data[sha] = bytes(data)
        return new

    async def get(self, sha: str) -> bytes:
        try:
            return self.data[sha]
        except KeyError:
            raise NotFound(f"no blob {sha}") from None


class CountingBlobs:
    """Wraps a BlobStore and records what was uploaded, to check dedup."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.uploaded: list[str] = []

    async def has_many(self, shas: Iterable[str]) -> set[str]:
        return await self.inner.has_many(list(shas))

    async def put_many(self, blobs: Mapping[str, bytes]) -> int:
        self.uploaded.extend(blobs)
        return await self.inner.put_many(dict(blobs))

    async def get(self, sha: str) -> bytes:
        return await self.inner.get(sha)


@pytest.fixture
def computer(tmp_path: Path) -> Computer:
    root = tmp_path / "pc"
    root.mkdir()
    return Computer(root)


@pytest.fixture(params=["dict", "sqlite"])
async def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CountingBlobs]:
    if request.param == "dict":
        yield CountingBlobs(DictBlobs())
        return
    try:
        from engine.store import Store
    except ImportError as exc:
        pytest.skip(f"engine.store does not import yet ({exc})")
    store = await Store.open(tmp_path / "w.db")
    try:
        yield CountingBlobs(store.blobs)
    finally:
        await store.close()
