from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.computer.formats import png, render
from engine.computer.formats._fonts import unicode_ttf


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Render a spec of `kind` to a real file under tmp_path and return its path."""

    def _write(kind: str, spec, name: str | None = None) -> Path:
        path = tmp_path / (name or f"file.{kind}")
        path.write_bytes(render(kind, spec))
        return path

    return _write


@pytest.fixture
def core_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with no TrueType font, as on a machine without DejaVu (the core-font fallback)."""
    monkeypatch.setenv("SYNTHCOMP_FONT", "core")
    unicode_ttf.cache_clear()
    png._font.cache_clear()
    yield
    monkeypatch.delenv("SYNTHCOMP_FONT")
    unicode_ttf.cache_clear()
    png._font.cache_clear()
