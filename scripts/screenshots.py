"""Regenerate the PNG screenshots of every screen into docs/screenshots/.

Run: .venv/bin/python scripts/screenshots.py [scene ...]

Each screen is driven with Textual's pilot on the same deterministic workspace
as the snapshot tests (the sample world and a paused 300-turn run stored at a
frozen clock, no model called), saved as SVG with `app.save_screenshot` and
converted to PNG with `rsvg-convert` (Debian: librsvg2-bin).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.tui.scenes import EXTRA_SCENES, SCENES  # noqa: E402
from tests.tui.support import Scene, built_samples  # noqa: E402
from tui.app import SynthcompApp  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ALL = SCENES | EXTRA_SCENES
SIZE = (120, 40)


def to_png(svg: Path) -> Path:
    """SVG -> PNG. Textual writes runs of spaces as &#160; in separate <text> spans; rsvg drops
    a span's leading spaces unless the document asks to keep them, so the copy it reads does."""
    kept = svg.with_suffix(".rsvg.svg")
    kept.write_text(svg.read_text().replace("<svg ", '<svg xml:space="preserve" ', 1))
    png = svg.with_suffix(".png")
    subprocess.run(["rsvg-convert", "--zoom", "1", str(kept), "-o", str(png)], check=True)
    kept.unlink()
    return png


async def shoot(name: str, work: Path) -> Path:
    scene = Scene(work / name, built_samples(work / "samples"))
    await scene.build()
    app = SynthcompApp(scene.settings, sample_dir=None)
    async with app.run_test(size=SIZE) as pilot:
        await ALL[name](pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    return to_png(OUT / f"{name}.svg")


async def main(names: list[str]) -> None:
    if shutil.which("rsvg-convert") is None:
        sys.exit("rsvg-convert is missing: apt-get install librsvg2-bin")
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="synthcomp-shots-"))
    try:
        for name in names:
            print(f"{name}: {(await shoot(name, work)).relative_to(ROOT)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    wanted = sys.argv[1:] or list(ALL)
    unknown = [n for n in wanted if n not in ALL]
    if unknown:
        sys.exit(f"unknown scene(s) {unknown}; choose from {list(ALL)}")
    asyncio.run(main(wanted))
