"""Which TrueType font PDFs and PNG charts are drawn with.

No installed Python package ships a TrueType font with wide Unicode coverage
(Pillow embeds a Latin-only "Aileron Regular"; fpdf2 ships none), so:

1. `SYNTHCOMP_FONT` wins when set: a path to a regular .ttf (a bold face is looked
   for beside it as `<name>-Bold.ttf`), or `core` for no TTF at all (step 3);
2. otherwise DejaVu Sans, which LibreOffice's packages bring on Debian/Ubuntu and
   most Linux systems have, is looked for in the usual font folders;
3. otherwise there is no TTF: PDFs use the core Helvetica font with text mapped
   safely to Windows-1252 (never a crash, unmappable characters become "?"),
   and PNGs use Pillow's built-in font.

Output is deterministic on a given machine; two machines with different fonts
produce different (equally valid) bytes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/local/share/fonts",
    "/opt/homebrew/share/fonts",
    "/Library/Fonts",
    str(Path.home() / "Library/Fonts"),
    str(Path.home() / ".local/share/fonts"),
    str(Path.home() / ".fonts"),
    "C:/Windows/Fonts",
]


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path | None


@functools.cache
def unicode_ttf() -> FontFiles | None:
    """The TrueType font to embed, or None when only core/built-in fonts are available."""
    env = os.environ.get("SYNTHCOMP_FONT")
    if env and env.strip().lower() == "core":
        return None
    if env:
        p = Path(env)
        if p.is_file():
            bold = p.with_name(f"{p.stem}-Bold{p.suffix}")
            return FontFiles(p, bold if bold.is_file() else None)
    for d in _DIRS:
        regular = Path(d) / "DejaVuSans.ttf"
        if regular.is_file():
            bold = Path(d) / "DejaVuSans-Bold.ttf"
            return FontFiles(regular, bold if bold.is_file() else None)
    return None
