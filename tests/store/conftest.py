"""Shared fixtures: a real workspace database under tmp_path, always closed."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.store import RunRecord, Store, WorldRecord


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    async with Store.open(db_path) as s:
        yield s


@pytest.fixture
async def world(store: Store) -> WorldRecord:
    return await store.worlds.create("Ada's laptop", "ada", "/w/ada", "accountant", {"seed": 1})


@pytest.fixture
async def run(store: Store, world: WorldRecord) -> RunRecord:
    return await store.runs.create(world.id, {"days": 20}, path="/r/1")


def blob(text: str) -> tuple[str, bytes]:
    data = text.encode()
    return hashlib.sha256(data).hexdigest(), data


def read(path: Path) -> bytes:
    """Blocking file reads kept out of the async tests' bodies (ruff ASYNC240)."""
    return path.read_bytes()


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
