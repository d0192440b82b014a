"""SVG snapshots of every screen at 120x40 on a deterministic workspace.

The workspace is the sample world and a 300-turn run written through the store
with a fixed seed at a frozen clock (no model is called); workers are awaited,
cursors do not blink, and the header shows no clock. Update after a deliberate
change with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.tui.scenes import SCENES
from tests.tui.support import Scene
from tui.app import SynthcompApp


@pytest.fixture
def scene_app(tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch) -> SynthcompApp:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    scene = Scene(tmp_path, samples)
    asyncio.run(scene.build())
    return SynthcompApp(scene.settings, sample_dir=None)


@pytest.mark.parametrize("name", list(SCENES))
def test_screen(name: str, scene_app: SynthcompApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(scene_app, terminal_size=(120, 40), run_before=SCENES[name])
