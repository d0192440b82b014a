"""Fixtures of the TUI tests: a workspace holding the sample world, runs made for real or stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.config import Settings
from engine.store import WorldRecord
from engine.workspace import Workspace
from tests.tui.support import SAMPLE, built_samples
from tui.app import SynthcompApp


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.resolve(workspace=tmp_path / "ws", env={})


@pytest.fixture
async def world(settings: Settings, samples: Path) -> WorldRecord:
    """The sample world imported into the workspace (through the engine), closed again."""
    from engine.synth.world import import_world

    async with await Workspace.open(settings.workspace, settings) as ws:
        record = await import_world(ws, samples / SAMPLE)
    (settings.workspace / ".samples-imported").write_text("tests\n")
    return record


@pytest.fixture
async def app(settings: Settings, world: WorldRecord) -> AsyncIterator[SynthcompApp]:
    yield SynthcompApp(settings, sample_dir=None, poll_interval=0.05)
